"""One run of every benchmark: absolute times, and ratios to baselines measured in the same run.

    python benchmarks/run.py            # 10,000 files, scaling to 100,000, a few minutes
    python benchmarks/run.py --quick    # one repeat each, scaling to 10,000 only
    python benchmarks/run.py --files 2000
    python benchmarks/run.py --compare REV   # this tree against commit REV, side by side (compare.py)

Every timed command is a real process (`python -m jrnl_rej ...`, as a hook runs it),
and every baseline is timed alternately with what it is compared to, so that a busy
machine slows both alike. Journals are generated (seeded) under benchmarks/out/,
which git ignores; caches go to a temporary folder, emptied for each cold run.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import TODAY, generate  # noqa: E402
from watch_bench import watch_latency  # noqa: E402

PY = sys.executable
OUT = HERE / "out"
# Timed processes use compiled bytecode, as an installed tool does (pip writes it); a
# sandbox that sets PYTHONDONTWRITEBYTECODE would otherwise add ~20 ms of compiling.
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

BARE_LOOP = """
import sys, frontmatter
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    try:
        frontmatter.load(path)
    except Exception:
        pass
"""

MAXRSS = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - start
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, elapsed, code)
"""


# -- the machine ------------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpus = os.cpu_count()
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        pass
    memory = ""
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) // 1024 // 1024 + 1} GB RAM"
                break
    except OSError:
        pass
    import yaml

    libyaml = "with libyaml" if getattr(yaml, "__with_libyaml__", False) else "WITHOUT libyaml"
    return (
        f"{cpus} CPUs (nproc), {model}{memory}; Python {platform.python_version()} "
        f"({platform.system()} {platform.release()}); PyYAML {yaml.__version__} {libyaml}"
    )


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


# -- journals ---------------------------------------------------------------------------------


def journal(files: int) -> Path:
    """A generated journal of `files` files, made once and reused while the generator is unchanged."""
    root = OUT / f"journal-{files}"
    marker = root / ".generated"
    stamp = f"{files} {(HERE / 'generate.py').stat().st_mtime_ns}"
    if not (marker.is_file() and marker.read_text() == stamp):
        print(f"  generating {files} files in {root} ...", file=sys.stderr, flush=True)
        generate(root, files)
        marker.write_text(stamp)
        time.sleep(2.1)  # files changed within the last 2 s are not cached (racy): let them age
    return root


def file_list(root: Path) -> Path:
    """The files `check` examines, one absolute path a line: what the bare loop reads."""
    from jrnl_rej.core.config import load
    from jrnl_rej.journal.discover import discover

    listing = OUT / f"{root.name}.files"
    paths = discover(root, load(root))
    listing.write_text("".join(f"{root / p}\n" for p in paths), encoding="utf-8")
    return listing


# -- timing -----------------------------------------------------------------------------------


class Env:
    """The environment of the timed processes: a cache folder of their own, a fixed day."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="jrnl-rej-bench-"))
        self.cache = self.folder / "cache"

    def vars(self, cache: bool = True, default_folder: bool = False) -> dict:
        env = dict(BASE_ENV)
        env.pop("JRNL_REJ_NO_CACHE", None)
        env["JRNL_REJ_CACHE_DIR"] = str(self.cache)
        env["NO_COLOR"] = "1"
        if not cache:
            env["JRNL_REJ_NO_CACHE"] = "1"
        if default_folder:
            # The folder platformdirs picks, as for a user who set nothing (on Linux and the
            # BSDs: under XDG_CACHE_HOME), still inside this run's temporary folder.
            del env["JRNL_REJ_CACHE_DIR"]
            env["XDG_CACHE_HOME"] = str(self.folder / "xdg")
        return env

    def drop_cache(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def timed(argv: list[str], env: dict | None = None, ok=(0, 1)) -> float:
    env = BASE_ENV if env is None else env
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def jrnl(root: Path, *args: str) -> list[str]:
    return [PY, "-m", "jrnl_rej", "--journal", str(root), "--today", TODAY.isoformat(), *args]


def alternate(first, second, repeats: int) -> tuple[list[float], list[float]]:
    """Time two things turn about, so that a busy spell slows both alike."""
    a, b = [], []
    for _ in range(repeats):
        a.append(first())
        b.append(second())
    return a, b


def median(values: list[float]) -> float:
    return statistics.median(values)


# -- the run ----------------------------------------------------------------------------------


class Table:
    """Rows of medians (and bests: on a shared machine, the best run shows the cost itself)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []

    def add(self, what: str, files: str, samples: list[float], base: list[float] | None = None,
            target: float | None = None, unit: str = "x") -> None:  # fmt: skip
        mid, low = median(samples), min(samples)
        ratio = best_ratio = ""
        if base is not None:
            ratio = f"{mid / median(base):.2f}x"
            best_ratio = f"{low / min(base):.2f}x"
        if target is None:
            verdict = ""
        else:
            measured = mid if base is None else mid / median(base)
            verdict = "yes" if measured <= target else f"no ({measured / target:.1f}x the target)"
        goal = "" if target is None else (f"<= {target}{unit}" if unit == "x" else f"<= {target:g} {unit}")
        times = f"{mid * 1000:.0f} ms" if len(samples) == 1 else f"{mid * 1000:.0f} ({low * 1000:.0f}) ms"
        baseline = "" if base is None else f"{median(base) * 1000:.0f} ({min(base) * 1000:.0f}) ms"
        ratios = ratio if not best_ratio or len(samples) == 1 else f"{ratio} ({best_ratio})"
        self.rows.append((what, files, times, baseline, ratios, goal, verdict))
        print(f"  {what}: {times} {ratios}", file=sys.stderr, flush=True)

    def markdown(self) -> str:
        head = ("measurement", "files", "median (best)", "baseline", "ratio (best)", "target", "met")
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="journal size for the main rows")
    parser.add_argument("--quick", action="store_true", help="one repeat each, no 100,000-file rows")
    parser.add_argument("--repeat", type=int, default=None, help="repeats per measurement")
    parser.add_argument("--compare", metavar="REV", help="this tree against commit REV, turn about")
    args = parser.parse_args(argv)
    repeats = args.repeat or (1 if args.quick else 5)
    n = args.files
    OUT.mkdir(exist_ok=True)
    if args.compare:
        from compare import compare

        return compare(args.compare, n, repeats)
    env = Env()
    table = Table()
    notes: list[str] = []
    print(f"machine: {machine()}", file=sys.stderr)
    load_before = load_average()
    started = time.time()
    try:
        root = journal(n)
        listing = file_list(root)
        bare = [PY, "-c", BARE_LOOP, str(listing)]

        def cold() -> float:
            env.drop_cache()
            return timed(jrnl(root, "check", "--format", "json"), env.vars())

        def bare_loop() -> float:
            return timed(bare)

        # bytecode for everything the commands import, as after `pip install`
        timed(jrnl(root, "--version"), env.vars())
        timed(jrnl(journal(5), "index"), env.vars())
        timed(jrnl(journal(5), "report"), env.vars())

        # cold: every file read, on every core
        cold_times, bare_times = alternate(cold, bare_loop, repeats)
        table.add("bare loop of frontmatter.load (baseline)", f"{n:,}", bare_times)
        table.add("check, cold (no cache yet)", f"{n:,}", cold_times, bare_times, 0.6)

        # warm: the cache is there and nothing changed
        timed(jrnl(root, "check", "--format", "json"), env.vars())
        warm_times, bare_times2 = alternate(
            lambda: timed(jrnl(root, "check", "--format", "json"), env.vars()), bare_loop, repeats
        )
        table.add("check, warm (cache, nothing changed)", f"{n:,}", warm_times, bare_times2, 0.1)
        if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
            default = lambda: timed(jrnl(root, "check", "--format", "json"), env.vars(default_folder=True))  # noqa: E731
            default()
            table.add("check, warm, cache in the default folder (platformdirs loaded)", f"{n:,}",
                      [default() for _ in range(repeats)], bare_times2)  # fmt: skip
        # the pre-commit case: one file changed since the last run
        target = root / listing.read_text(encoding="utf-8").splitlines()[0]
        original = target.read_bytes()

        def one_changed(i: int) -> float:
            target.write_bytes(original + b"\nEdited %d.\n" % i)
            return timed(jrnl(root, "check", "--format", "json"), env.vars())

        def a_commit(i: int) -> float:  # what the two hooks run, one after the other
            target.write_bytes(original + b"\nCommitted %d.\n" % i)
            return timed(jrnl(root, "check"), env.vars()) + timed(jrnl(root, "index"), env.vars())

        try:
            changed_times = [one_changed(i) for i in range(repeats)]
            timed(jrnl(root, "index"), env.vars())  # the index as a journal in use has it
            commit_times = [a_commit(i) for i in range(repeats)]
        finally:
            target.write_bytes(original)
            os.utime(target, ns=(1_700_000_000 * 10**9,) * 2)
        table.add("check, one file changed (a commit)", f"{n:,}", changed_times, bare_times2)
        table.add("a commit: the check hook, then the index hook, one file changed", f"{n:,}", commit_times,
                  bare_times + bare_times2, 0.6)  # fmt: skip  (every run of the bare loop so far: both phases)
        nocache = [timed(jrnl(root, "check", "--format", "json"), env.vars(cache=False))
                   for _ in range(max(1, repeats // 2))]  # fmt: skip
        table.add("check, cache turned off", f"{n:,}", nocache, bare_times)

        for command in (["report", "--format", "json"], ["index"]):
            times = [timed(jrnl(root, *command), env.vars()) for _ in range(repeats)]
            table.add(f"{command[0]}, warm", f"{n:,}", times, bare_times2)
        env.drop_cache()
        report_cold = []
        for _ in range(max(1, repeats // 2)):
            env.drop_cache()
            report_cold.append(timed(jrnl(root, "report", "--format", "json"), env.vars()))
        table.add("report, cold", f"{n:,}", report_cold, bare_times)

        # import: a LinkedIn export of n rows into an empty journal, against a bare writing loop
        from import_bench import measure as measure_import

        measure_import(table, OUT, jrnl, timed, env, repeats, rows=n)

        # start-up
        small = journal(5)
        timed(jrnl(small, "check"), env.vars())
        startup_repeats = 5 if args.quick else 15
        py_times, version_times = alternate(
            lambda: timed([PY, "-c", "pass"]),
            lambda: timed([PY, "-m", "jrnl_rej", "--version"]),
            startup_repeats,
        )
        small_times = [timed(jrnl(small, "check"), env.vars()) for _ in range(startup_repeats)]
        table.add("python -c pass (baseline)", "", py_times)
        table.add("jrnl-rej --version", "", version_times, py_times, 3)
        table.add("check, warm", "5", small_times, py_times, 6)

        # watch
        latencies, note = watch_latency(root, env, 3 if args.quick else 9, jrnl)
        if latencies:
            table.add("watch: atomic save to updated index", f"{n:,}", latencies,
                      target=0.150, unit="s")  # fmt: skip
            notes.append("watch latencies: " + ", ".join(f"{x * 1000:.0f}" for x in latencies) + " ms")
        else:
            notes.append(f"watch: not measured ({note})")

        # scale and memory
        sizes = [1_000, n] if args.quick else [1_000, 10_000, 100_000]
        sizes = sorted(set(sizes))
        per_file = []
        tries = 1 if args.quick else 2  # the best of two: a long run meets other load more often
        for size in sizes:
            big = journal(size)
            colds, warms = [], []
            for _ in range(tries):
                env.drop_cache()
                colds.append(maxrss(jrnl(big, "check", "--format", "json"), env.vars()))
                warms.append(maxrss(jrnl(big, "check", "--format", "json"), env.vars()))
            secs_cold, secs_warm = min(t for _, t in colds), min(t for _, t in warms)
            rss_cold, rss_warm = max(r for r, _ in colds), max(r for r, _ in warms)
            per_file.append((size, secs_cold, secs_warm, rss_cold, rss_warm))
        size, _, _, rss_cold, rss_warm = per_file[-1]
        peak = max(rss_cold, rss_warm) / 1024
        table.rows.append(("peak memory of check (max RSS, cold and warm)", f"{size:,}",
                           f"{peak:.0f} MB", "", "", "<= 400 MB",
                           "yes" if peak <= 400 else f"no ({peak / 400:.1f}x the target)"))  # fmt: skip
        print(file=sys.stderr)
        scale_lines = ["| files | cold check (best) | per file | warm check (best) | per file | max RSS cold / warm |",
                       "|---|---|---|---|---|---|"]  # fmt: skip
        for size, secs_cold, secs_warm, rss_cold, rss_warm in per_file:
            scale_lines.append(
                f"| {size:,} | {secs_cold:.2f} s | {secs_cold / size * 1e6:.0f} µs | "
                f"{secs_warm:.2f} s | {secs_warm / size * 1e6:.0f} µs | "
                f"{rss_cold / 1024:.0f} / {rss_warm / 1024:.0f} MB |"
            )
    finally:
        env.close()

    print(f"## Latest run ({time.strftime('%Y-%m-%d %H:%M', time.localtime(started))}, "
          f"{repeats} repeat{'s' if repeats > 1 else ''}{', --quick' if args.quick else ''})\n")  # fmt: skip
    print(f"Machine: {machine()}.")
    print(f"Load average before / after: {load_before} -> {load_average()}.\n")
    print(table.markdown())
    print()
    print("\n".join(scale_lines))
    if notes:
        print()
        for note in notes:
            print(f"- {note}")
    return 0


def maxrss(argv: list[str], env: dict) -> tuple[int, float]:
    """(max RSS in KB of the command's largest process, seconds)."""
    done = subprocess.run([PY, "-c", MAXRSS, *argv], env=env, capture_output=True, text=True)
    match = re.fullmatch(r"(\d+) ([\d.]+) (\d+)\n", done.stdout)
    if not match or match.group(3) not in ("0", "1"):
        raise SystemExit(f"measuring {' '.join(argv)} failed: {done.stdout} {done.stderr}")
    return int(match.group(1)), float(match.group(2))


if __name__ == "__main__":
    sys.exit(main())
