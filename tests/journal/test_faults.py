"""Faults: a disk that refuses writes, and several runs writing at once."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest
from conftest import REPO, app_file
from shapes import check_output

from jrnl_rej.journal import writer
from jrnl_rej.journal.splice import BEGIN, END

OVERDUE = app_file(company="Acme", role="r", applied="Nov 1, 2026", screen="2026-11-05",
                   status="rejected", rejected="2026-11-10")  # fmt: skip


def _refuse(code: int):
    def replace(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    return replace


COMMANDS = [
    ("index",),
    ("check", "--fix"),
    ("log", "a.md", "replied"),
    ("new", "Globex", "Analyst"),
    ("calendar", "-o", "cal.ics"),
    ("init",),
]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EROFS])
@pytest.mark.parametrize("args", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_failed_write_keeps_the_original_and_says_so_in_one_line(journal, run, monkeypatch, args, code):
    root = journal({"a.md": OVERDUE, "INDEX.md": "# Mine\n"})
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    monkeypatch.chdir(root)
    monkeypatch.setattr(writer.os, "replace", _refuse(code))
    monkeypatch.setattr(writer, "_exchange", _refuse(code))  # the rename that swaps
    result = run(root, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and os.strerror(code) in result.stderr
    after = {p.name: p.read_bytes() for p in root.iterdir()}
    assert after == before  # nothing changed, no temp file left


WRITER = """
import sys, time
from pathlib import Path
root = Path(sys.argv[1]); me = int(sys.argv[2])
note = root / f"n{me}.md"
for i in range(25):
    text = f"---\\ncompany: C{me}\\nrole: r{i}\\napplied: 2026-11-{1 + i % 20:02d}\\n---\\n"
    note.write_text(text)
"""


def test_concurrent_runs_never_corrupt_the_index_or_the_cache(journal, tmp_path):
    """Two indexers (a watcher and a hook, say) and editors racing on one journal."""
    root = journal({"a.md": OVERDUE, "INDEX.md": "# Mine\n\nkept text\n"})
    env = {**os.environ, "JRNL_REJ_CACHE_DIR": str(tmp_path / "cache"), "JRNL_REJ_TODAY": "2026-11-25"}
    env.pop("JRNL_REJ_NO_CACHE", None)
    loop = "for i in $(seq 12); do {py} -m jrnl_rej --journal {root} index 2>/dev/null; done"
    script = loop.format(py=sys.executable, root=root)
    procs = [subprocess.Popen(["bash", "-c", script], env=env, cwd=REPO) for _ in range(2)]
    procs += [subprocess.Popen([sys.executable, "-c", WRITER, str(root), str(n)], env=env) for n in range(2)]
    for proc in procs:
        assert proc.wait(timeout=240) == 0
    text = (root / "INDEX.md").read_text(encoding="utf-8")
    assert text.startswith("# Mine\n\nkept text\n")
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    assert not [p for p in root.iterdir() if p.name.endswith(".tmp")]
    # A last run, cached, agrees with a run that uses no cache at all.
    cached = subprocess.run([sys.executable, "-m", "jrnl_rej", "--journal", str(root), "check", "--format", "json"],
                            env=env, capture_output=True, text=True)  # fmt: skip
    fresh = subprocess.run([sys.executable, "-m", "jrnl_rej", "--journal", str(root), "check", "--format", "json"],
                           env={**env, "JRNL_REJ_NO_CACHE": "1"}, capture_output=True, text=True)  # fmt: skip
    assert cached.stdout == fresh.stdout and cached.returncode == fresh.returncode
    check_output(["check", "--format", "json"], cached.stdout, cached.returncode)


def _fifo(path, _outside):
    os.mkfifo(path)


def _link_out(path, outside):
    target = outside / f"outside-{path.name}"
    target.write_text("outside\n")
    os.symlink(target, path)


def _zero(path, _outside):
    os.symlink("/dev/zero", path)


SPECIAL = [("fifo", _fifo), ("link out", _link_out), ("dev zero", _zero)]
OWN_FILES = [
    ("INDEX.md", ("index",)),
    ("INDEX.md", ("index", "--check")),
    ("jrnl-rej.toml", ("check",)),
    ("templates/reply.txt", ("draft", "reply", "a.md")),
    ("b.md", ("log", "b.md", "screen")),
    ("b.md", ("draft", "reply", "b.md")),
]


@pytest.mark.parametrize(("kind", "make"), SPECIAL, ids=[s[0] for s in SPECIAL])
@pytest.mark.parametrize(("name", "args"), OWN_FILES, ids=[f"{n}-{a[0]}" for n, a in OWN_FILES])
def test_the_journals_own_files_are_never_followed_out_blocked_on_or_read_forever(journal, tmp_path, name, args, kind, make):
    root = journal({"a.md": OVERDUE})
    (root / "templates").mkdir(exist_ok=True)
    make(root / name, tmp_path)
    outside = [p for p in tmp_path.iterdir() if p.name.startswith("outside-")]
    result = subprocess.run([sys.executable, "-m", "jrnl_rej", "--journal", str(root), "--today", "2026-11-25", *args],
                            cwd=root, capture_output=True, text=True, timeout=30)  # fmt: skip
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    for path in outside:
        assert path.read_text() == "outside\n"


NON_ISO = "---\ncompany: C{n}\nrole: r  # the role\napplied: 'Nov {d}, 2026'\nstatus: withdrawn\n---\nNotes {n}.\n"


def test_sigkill_during_fixes_leaves_each_file_old_or_new(journal, tmp_path):
    """Killed at random moments while fixing 40 files: every file is whole, old or new."""
    import random
    import signal
    import time

    originals = {f"f{n:02d}.md": NON_ISO.format(n=n, d=1 + n % 20) for n in range(40)}
    fixed = {name: text.replace(f"'Nov {1 + n % 20}, 2026'", f"2026-11-{1 + n % 20:02d}")
             for n, (name, text) in enumerate(originals.items())}  # fmt: skip
    root = journal(originals)
    env = {**os.environ, "JRNL_REJ_NO_CACHE": "1"}
    rng = random.Random(7)
    for _ in range(12):
        for name, text in originals.items():  # every kill finds all 40 files to fix
            (root / name).write_text(text)
        proc = subprocess.Popen([sys.executable, "-m", "jrnl_rej", "--journal", str(root), "--today", "2026-11-25",
                                 "check", "--fix"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(0.05, 0.6))  # before, during and after the writes
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for name in originals:
            assert (root / name).read_text() in (originals[name], fixed[name]), name
    done = subprocess.run([sys.executable, "-m", "jrnl_rej", "--journal", str(root), "--today", "2026-11-25",
                           "check", "--fix"], env=env, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stdout
    assert {name: (root / name).read_text() for name in originals} == fixed
    assert not [p for p in root.iterdir() if p.name.endswith(".tmp")]


def _processes_naming(text: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if text.encode() in f.read():
                        found.append(int(entry))
            except OSError:
                pass
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_ctrl_c_during_a_cold_parallel_check_stops_every_process(tmp_path):
    """Ctrl-C goes to the whole foreground group: the workers ignore it, the main process stops
    them, adds nothing but a new line, and ends as interrupted; no worker is left behind."""
    import signal
    import time

    from jrnl_rej.journal import loader

    root = tmp_path / "big-journal"
    root.mkdir()
    for n in range(loader.PARALLEL_MIN + 1500):
        (root / f"f{n:05d}.md").write_text(f"---\ncompany: C{n}\nrole: r\napplied: 2026-11-{1 + n % 20:02d}\n---\n")
    env = {**os.environ, "JRNL_REJ_NO_CACHE": "1", "PYTHONPATH": str(REPO)}
    stopped = 0
    for delay in (0.0, 0.02, 0.05, 0.1):  # after the workers exist, so the reading has begun
        proc = subprocess.Popen([sys.executable, "-m", "jrnl_rej", "--journal", str(root), "--today", "2026-11-25",
                                 "check"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # fmt: skip
        deadline = time.monotonic() + 60
        while proc.poll() is None and len(_processes_naming(str(root))) < 2 and time.monotonic() < deadline:
            time.sleep(0.002)  # the workers are forked copies: they have the same command line
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        # 130, or ended by SIGINT itself: a shell shows both as 130. Under `python -m`, CPython
        # ends by the signal when the Ctrl-C landed in code it ran from a string (a dataclass
        # being made by a late import), even though the program caught and handled it.
        if proc.returncode in (130, -signal.SIGINT):
            stopped += 1
            assert err in (b"", b"\n"), err  # no traceback (stdout may hold what was printed before)
        else:  # it finished first
            assert proc.returncode == 1, err
        assert _processes_naming(str(root)) == []  # the main process reaps them before it exits
    assert stopped, "no run was stopped: the journal is read too fast for these delays"
