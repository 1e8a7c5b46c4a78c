"""Side by side: the benchmark rows on this tree and on an earlier commit, in one run.

    python benchmarks/run.py --compare d3a002e            # 10,000 files, 5 repeats
    python benchmarks/run.py --compare HEAD~3 --repeat 9 --files 2000

The commit is checked out into a temporary git worktree (removed afterwards). Both trees
run the same generated journal, with the same interpreter, each with a cache folder of its
own, as `python -m jrnl_rej` with the tree first on PYTHONPATH. The two are timed turn
about (this tree, then the other, then the other, then this tree, ...), so that a busy
spell slows both alike. Each row prints both medians and bests and their ratio: this tree
over the other, so 1.10x is 10% slower. A row fails the bar when both the median and the
best ratios are above it (one busy spell moves only one of them).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from run import BARE_LOOP, PY, Env, file_list, journal, jrnl, load_average, machine, median, timed
from watch_bench import watch_latency

HERE = Path(__file__).resolve().parent
TREE = HERE.parent
BAR = 1.15


class TreeEnv(Env):
    """The timed processes' environment for one tree: its sources first on the path."""

    def __init__(self, tree: Path) -> None:
        super().__init__()
        self.tree = tree

    def vars(self, cache: bool = True, default_folder: bool = False) -> dict:
        env = super().vars(cache, default_folder)
        env["PYTHONPATH"] = str(self.tree)
        return env


def imported_from(env: TreeEnv) -> Path:
    out = subprocess.run([PY, "-c", "import jrnl_rej; print(jrnl_rej.__file__)"], env=env.vars(),
                         capture_output=True, text=True, check=True)  # fmt: skip
    return Path(out.stdout.strip()).resolve().parent.parent


def turn_about(here, there, repeats: int) -> tuple[list[float], list[float]]:
    """ABBA order: neither side is always first after a pause or always second."""
    a, b = [], []
    for i in range(repeats):
        if i % 2 == 0:
            a.append(here())
            b.append(there())
        else:
            b.append(there())
            a.append(here())
    return a, b


class Rows:
    def __init__(self, rev: str) -> None:
        self.rev = rev
        self.lines: list[str] = []
        self.failed: list[str] = []

    def add(self, what: str, here: list[float], there: list[float]) -> None:
        ratio, best = median(here) / median(there), min(here) / min(there)
        ok = ratio <= BAR or best <= BAR
        if not ok:
            self.failed.append(what)
        self.lines.append(
            f"| {what} | {median(here) * 1000:.0f} ({min(here) * 1000:.0f}) ms | "
            f"{median(there) * 1000:.0f} ({min(there) * 1000:.0f}) ms | {ratio:.2f}x ({best:.2f}x) | "
            f"{'yes' if ok else 'NO'} |"
        )
        print(f"  {what}: {ratio:.2f}x ({best:.2f}x)", file=sys.stderr, flush=True)

    def markdown(self) -> str:
        head = [f"| measurement | this tree, median (best) | {self.rev}, median (best) | "
                f"ratio (best) | within {round((BAR - 1) * 100)}% |", "|---|---|---|---|---|"]  # fmt: skip
        return "\n".join(head + self.lines)


def worktree(rev: str, folder: Path) -> Path:
    path = folder / "tree"
    subprocess.run(["git", "-C", str(TREE), "worktree", "add", "-q", "--detach", str(path), rev], check=True)
    return path


def compare(rev: str, files: int, repeats: int) -> int:
    sys.path.insert(0, str(TREE))  # this process reads the journal with this tree's code
    folder = Path(tempfile.mkdtemp(prefix="jrnl-rej-compare-"))
    other = worktree(rev, folder)
    commit = subprocess.run(["git", "-C", str(other), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    here_env, there_env = TreeEnv(TREE), TreeEnv(other)
    rows = Rows(f"{rev} ({commit})" if commit != rev else rev)
    notes: list[str] = []
    load_before = load_average()
    try:
        for env in (here_env, there_env):
            if imported_from(env) != env.tree.resolve():
                raise SystemExit(f"python -m jrnl_rej does not import {env.tree} (an editable install first?)")
        root = journal(files)
        small = journal(5)
        listing = file_list(root)
        both = (here_env, there_env)
        for env in both:  # bytecode for everything the commands import, as after `pip install`
            for args in ((root, "--version"), (small, "index"), (small, "report"), (small, "check")):
                timed(jrnl(*args), env.vars())

        def check(env: TreeEnv, cold: bool = False) -> float:
            if cold:
                env.drop_cache()
            return timed(jrnl(root, "check", "--format", "json"), env.vars())

        bare = [timed([PY, "-c", BARE_LOOP, str(listing)]) for _ in range(max(1, repeats // 2))]
        here, there = turn_about(lambda: check(here_env, True), lambda: check(there_env, True), repeats)
        rows.add(f"check, cold, {files:,} files", here, there)
        notes.append(f"cold check of this tree: {median(here) / median(bare):.2f}x the bare loop by medians "
                     f"({min(here) / min(bare):.2f}x by bests; target <= 0.6x)")  # fmt: skip
        for env in both:
            check(env)
        here, there = turn_about(lambda: check(here_env), lambda: check(there_env), repeats)
        rows.add(f"check, warm, {files:,} files", here, there)
        bare += [timed([PY, "-c", BARE_LOOP, str(listing)]) for _ in range(max(1, repeats // 2))]
        notes.append(f"warm check of this tree: {median(here) / median(bare):.2f}x the bare loop by medians "
                     f"({min(here) / min(bare):.2f}x by bests; target <= 0.1x); bare loop "
                     f"{median(bare) * 1000:.0f} ({min(bare) * 1000:.0f}) ms")  # fmt: skip

        # A commit: one file changed, then the check hook and the index hook over the same files.
        target = root / listing.read_text(encoding="utf-8").splitlines()[0]
        original = target.read_bytes()
        edits = iter(range(10**6))
        parts: dict[str, list[float]] = {"here check": [], "here index": [], "there check": [], "there index": []}

        def commit(env: TreeEnv, side: str) -> float:
            target.write_bytes(original + b"\nEdited %d.\n" % next(edits))
            first = timed(jrnl(root, "check"), env.vars())
            second = timed(jrnl(root, "index"), env.vars())
            parts[f"{side} check"].append(first)
            parts[f"{side} index"].append(second)
            return first + second

        try:
            for env in both:
                timed(jrnl(root, "index"), env.vars())
            here, there = turn_about(lambda: commit(here_env, "here"), lambda: commit(there_env, "there"), repeats)
        finally:
            target.write_bytes(original)
            os.utime(target, ns=(1_700_000_000 * 10**9,) * 2)
        rows.add(f"a commit: check, one file changed, {files:,} files", parts["here check"], parts["there check"])
        rows.add(f"a commit: then index, {files:,} files", parts["here index"], parts["there index"])
        rows.add(f"a commit: check + index, {files:,} files", here, there)

        runs = 15
        version = [PY, "-m", "jrnl_rej", "--version"]
        here, there = turn_about(lambda: timed(version, here_env.vars()),
                                 lambda: timed(version, there_env.vars()), runs)  # fmt: skip
        rows.add("jrnl-rej --version", here, there)
        here, there = turn_about(lambda: timed(jrnl(small, "check"), here_env.vars()),
                                 lambda: timed(jrnl(small, "check"), there_env.vars()), runs)  # fmt: skip
        rows.add("check, warm, 5 files", here, there)

        # watch: a few saves each, two rounds turn about
        saves = max(3, repeats)
        here, there = [], []
        for env, into in ((here_env, here), (there_env, there), (there_env, there), (here_env, here)):
            latencies, note = watch_latency(root, env, saves, jrnl)
            if not latencies:
                notes.append(f"watch not measured on {env.tree}: {note}")
                break
            into.extend(latencies)
        if here and there:
            rows.add(f"watch: atomic save to updated index, {files:,} files", here, there)
    finally:
        for env in (here_env, there_env):
            env.close()
        subprocess.run(["git", "-C", str(TREE), "worktree", "remove", "--force", str(other)], check=False)
        subprocess.run(["rm", "-rf", str(folder)], check=False)

    print(f"## Compared with {rows.rev} ({files:,} files, {repeats} repeats; start-up rows 15)\n")
    print(f"Machine: {machine()}.")
    print(f"Load average before / after: {load_before} -> {load_average()}.\n")
    print(rows.markdown())
    print()
    for note in notes:
        print(f"- {note}")
    if rows.failed:
        print(f"- more than {round((BAR - 1) * 100)}% slower: " + ", ".join(rows.failed))
    return 1 if rows.failed else 0
