"""Races between jrnl-rej and other writers, run as real processes.

Used by test_races.py with a few rounds each; run it by hand for more:
    python tests/journal/races.py log 100 | fix 3000 | index 200
Each function returns how many rounds lost something (0 is the only right answer).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2026-11-25"
APP = "---\ncompany: Acme {n}\nrole: Engineer\napplied: {applied}\nstatus: open\n---\nNotes.\n"


def _cmd(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "jrnl_rej", "--journal", str(root), "--today", TODAY, *args]


def _env() -> dict:
    env = dict(os.environ, JRNL_REJ_NO_CACHE="1")
    env.pop("JRNL_REJ_TODAY", None)
    return env


def editor_save(path: Path, data: bytes) -> None:
    """Save as editors do: a new file renamed over the old one."""
    tmp = path.with_name(f".{path.name}.editor~")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def two_logs(root: Path, pairs: int) -> tuple[int, int]:
    """Two `log`s at once on one file, `pairs` times; (pairs losing an event, pairs where both said Logged)."""
    lost = both_ok = 0
    target = root / "a.md"
    for _ in range(pairs):
        target.write_text(APP.format(n=1, applied="2026-11-02"))
        one = subprocess.Popen(_cmd(root, "log", str(target), "screen", "2026-11-05"), env=_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        two = subprocess.Popen(_cmd(root, "log", str(target), "check-in", "2026-11-09"), env=_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        codes = one.wait(120), two.wait(120)
        one.communicate(), two.communicate()
        text = target.read_text()
        landed = ["screen: 2026-11-05" in text, "2026-11-09" in text]
        if codes == (0, 0):
            both_ok += 1
        # Lost: a process said it logged (exit 0) but its event is not in the file.
        if any(code == 0 and not ok for code, ok in zip(codes, landed, strict=True)):
            lost += 1
    return lost, both_ok


def fix_against_editor(root: Path, files: int) -> tuple[int, int]:
    """`check --fix` on `files` files while an editor saves them; (saves lost, saves made)."""
    folder = root / "apps"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        (folder / f"app{n:05}.md").write_text(APP.format(n=n, applied="Nov 3, 2026"))
    fix = subprocess.Popen(_cmd(root, "check", "--fix"), env=_env(),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    last: dict[Path, str] = {}
    saves = 0
    # Editor saves, spread over the files, for as long as the fix runs.
    while fix.poll() is None:
        path = folder / f"app{(saves * 7919) % files:05}.md"
        note = f"save {saves}"
        editor_save(path, (APP.format(n=saves, applied="Nov 3, 2026") + note + "\n").encode())
        last[path] = note
        saves += 1
        time.sleep(0.002)
    fix.wait()
    lost = sum(1 for path, note in last.items() if note not in path.read_text())
    return lost, saves


def index_against_editor(root: Path, rounds: int) -> tuple[int, int]:
    """`index` while INDEX.md is saved with a new note outside the markers; (notes lost, rounds)."""
    (root / "a.md").write_text(APP.format(n=1, applied="2026-11-02"))
    index = root / "INDEX.md"
    lost = 0
    for n in range(rounds):
        editor_save(index, f"# Mine\n\nnote {n}\n".encode())
        proc = subprocess.Popen(_cmd(root, "index"), env=_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        note = f"note {n}"
        # Save again while it runs, the note still outside the markers.
        while proc.poll() is None:
            old = index.read_text()
            note = f"note {n}-{time.monotonic_ns()}"
            head, sep, tail = old.partition("<!-- jrnl-rej:begin -->")
            editor_save(index, (f"# Mine\n\n{note}\n\n" + sep + tail if sep else f"# Mine\n\n{note}\n").encode())
            time.sleep(0.001)
        if note not in index.read_text():
            lost += 1
    return lost, rounds


if __name__ == "__main__":
    kind, count = sys.argv[1], int(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "jrnl-rej.toml").write_text('index = "INDEX.md"\n')
        run = {"log": two_logs, "fix": fix_against_editor, "index": index_against_editor}[kind]
        print(kind, count, run(root, count))
