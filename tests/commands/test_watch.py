"""`jrnl-rej watch` with real file events: a real watcher process, real saves, real Ctrl-C."""

from __future__ import annotations

import errno
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import TODAY, app_file, run_process, write_journal

from jrnl_rej.commands import watch
from jrnl_rej.core.config import Config
from jrnl_rej.core.errors import JrnlError
from jrnl_rej.journal import events
from jrnl_rej.outputs import screen

HEADER = re.compile(r"^-- \d\d:\d\d:\d\d --$")

ACME_REJECTED = app_file(
    company="Acme Corp", role="Data Engineer", applied="2026-10-02", final_round="2026-11-18",
    status="rejected", rejected="2026-11-24",
)  # fmt: skip
INITECH_OPEN = app_file(company="Initech", role="Analyst", applied="2026-11-20")


class Watching:
    """A `jrnl-rej watch` process whose output is collected as it comes."""

    def __init__(self, root: Path, *args: str, stdout=subprocess.PIPE):
        env = dict(os.environ)
        env.pop("JRNL_REJ_TODAY", None)
        env["NO_COLOR"] = "1"
        self.root = root
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jrnl_rej", "--journal", str(root),
             "--today", TODAY.isoformat(), "watch", *args],
            stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=root,  # from the journal, as people run it
        )  # fmt: skip
        self.out: list[str] = []
        self.err: list[str] = []
        self._threads = [self._collect(self.proc.stderr, self.err)]
        if self.proc.stdout is not None:
            self._threads.append(self._collect(self.proc.stdout, self.out))

    @staticmethod
    def _collect(stream, into: list[str]) -> threading.Thread:
        def pump():
            for raw in iter(stream.readline, b""):
                into.append(raw.decode("utf-8", "replace").rstrip("\n"))

        thread = threading.Thread(target=pump, daemon=True)
        thread.start()
        return thread

    @property
    def text(self) -> str:
        return "\n".join(self.out)

    def blocks(self) -> list[list[str]]:
        """Each check's output, without its time line."""
        found: list[list[str]] = []
        for line in list(self.out):
            if HEADER.match(line):
                found.append([])
            elif found:
                found[-1].append(line)
        return found

    def last_block(self) -> str:
        blocks = self.blocks()
        return "\n".join(blocks[-1]) if blocks else ""

    def wait_for(self, predicate, what: str, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(
            f"timed out waiting for {what}\n--- stdout\n{self.text}\n--- stderr\n" + "\n".join(self.err)
        )

    def wait_block(self, needle: str, timeout: float = 10.0) -> str:
        return self.wait_for(lambda: needle in self.last_block() and self.last_block(),
                             f"a check showing {needle!r}", timeout)  # fmt: skip

    def wait_index(self, needle: str, timeout: float = 10.0) -> str:
        index = self.root / "INDEX.md"

        def has() -> str | None:
            try:
                text = index.read_text(encoding="utf-8")
            except FileNotFoundError:
                return None
            return text if needle in text else None

        return self.wait_for(has, f"INDEX.md holding {needle!r}", timeout)

    def interrupt(self, timeout: float = 3.0) -> tuple[int, float]:
        started = time.monotonic()
        self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=timeout)
        elapsed = time.monotonic() - started
        for thread in self._threads:
            thread.join(timeout=2)
        return code, elapsed

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@contextmanager
def watching(root: Path, *args: str, **kwargs):
    handle = Watching(root, *args, **kwargs)
    try:
        yield handle
    finally:
        handle.kill()


def stop(handle: Watching) -> None:
    """Ctrl-C: exit 0, no traceback."""
    code, _ = handle.interrupt()
    stderr = "\n".join(handle.err)
    assert code == 0, stderr
    assert "Traceback" not in stderr


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- real watcher processes ---------------------------------------------------------------------


def test_start_writes_the_index_and_follows_in_place_and_atomic_saves(journal):
    root = journal({"acme.md": ACME_REJECTED, "initech.md": INITECH_OPEN})
    with watching(root) as w:
        w.wait_index("Acme Corp")
        first = w.wait_block("INDEX.md is up to date.")
        assert "acme.md:7:1: info reply-due: Acme Corp said no after the final round" in first
        assert "What to do today:" in first
        assert "jrnl-rej draft reply acme.md" in first
        assert "1 reminder in 2 files." in first
        assert w.out[0].startswith(f"Watching {root} for changes")

        # In place, as most editors save.
        with open(root / "acme.md", "r+", encoding="utf-8") as f:
            text = f.read()
            f.seek(0)
            f.write(text.replace("Acme Corp", "Globex Corp"))
            f.truncate()
        w.wait_index("Globex Corp")
        w.wait_block("Globex Corp said no")

        # Atomically: a temporary file renamed over the original (VS Code, JetBrains, Obsidian).
        tmp = root / ".acme.md.tmp"
        tmp.write_text(text.replace("Acme Corp", "Umbrella Corp"), encoding="utf-8")
        os.replace(tmp, root / "acme.md")
        index = w.wait_index("Umbrella Corp")
        assert "Globex" not in index
        w.wait_block("Umbrella Corp said no")

        # A new file in a new folder, then the folder moved out of the journal.
        (root / "2026").mkdir()
        (root / "2026" / "hooli.md").write_text(app_file(company="Hooli", role="SRE", applied="2026-11-24"))
        w.wait_index("from 3 applications")
        shutil.move(root / "2026", root.parent / "elsewhere")
        w.wait_index("from 2 applications")
        stop(w)


def test_vim_save_is_seen(journal):
    if shutil.which("vim") is None:
        pytest.skip("vim is not installed")
    root = journal({"acme.md": ACME_REJECTED})
    with watching(root) as w:
        w.wait_index("Acme Corp")
        # backupskip= makes vim save the way it does outside /tmp: rename the file to
        # acme.md~, write a new acme.md, delete the backup.
        subprocess.run(
            ["vim", "-u", "NONE", "-N", "-es", "-c", "set backupskip=", "-c", "%s/Acme/Globex/",
             "-c", "wq", str(root / "acme.md")],
            check=True, timeout=20, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        w.wait_index("Globex Corp")
        w.wait_block("Globex Corp said no")
        assert not (root / "acme.md~").exists()
        stop(w)


def test_half_written_file_shows_an_error_that_clears_when_fixed(journal):
    root = journal({"acme.md": ACME_REJECTED})
    with watching(root) as w:
        w.wait_block("\n1 reminder in 1 file.")
        (root / "initech.md").write_text("---\ncompany: Initech\nrole: Ana", encoding="utf-8")
        broken = w.wait_block("error front-matter")
        assert "initech.md:1:1: error front-matter:" in broken
        assert "Fix the file with errors above" in broken
        (root / "initech.md").write_text(INITECH_OPEN, encoding="utf-8")
        fixed = w.wait_block("\n1 reminder in 2 files.")
        assert "error" not in fixed
        w.wait_index("from 2 applications")
        stop(w)


def test_a_burst_of_200_files_ends_in_the_same_index_as_a_fresh_run(journal, tmp_path):
    root = journal({"acme.md": ACME_REJECTED})
    with watching(root) as w:
        w.wait_index("Acme Corp")
        for i in range(200):
            day = 1 + i % 28
            status = 'status: rejected\nrejected: 2026-11-20\n' if i % 3 == 0 else ""
            (root / f"app-{i:03}.md").write_text(
                f"---\ncompany: Company {i}\nrole: Role {i % 7}\napplied: 2026-10-{day:02}\n"
                f"{status}---\n",
                encoding="utf-8",
            )
        copy = tmp_path / "copy"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns("INDEX.md"))
        fresh = run_process("--journal", str(copy), "--today", TODAY.isoformat(), "index")
        assert fresh.returncode == 0, fresh.stderr
        expected = (copy / "INDEX.md").read_bytes()
        w.wait_for(lambda: (root / "INDEX.md").read_bytes() == expected,
                   "the index to match a fresh run")  # fmt: skip
        w.wait_block("201 files")
        time.sleep(0.5)
        assert (root / "INDEX.md").read_bytes() == expected
        assert 2 <= len(w.blocks()) <= 20, f"{len(w.blocks())} checks for one burst"
        stop(w)


def test_idle_watcher_ignores_litter_its_own_writes_and_uses_no_cpu(journal):
    root = journal({"acme.md": ACME_REJECTED, ".git/HEAD": "ref: refs/heads/main\n"})
    with watching(root) as w:
        w.wait_block("INDEX.md is up to date.")
        time.sleep(0.5)
        index = root / "INDEX.md"
        before = index.stat().st_mtime_ns
        checks = len(w.blocks())
        # What editors, git and sync tools leave next to the notes.
        os.symlink("lee@laptop.4242:1764000000", root / ".#acme.md")  # Emacs's lock: a dangling link
        for name in [".acme.md.swp", ".acme.md.swx", "acme.md~", "4913", "#acme.md#", "acme.md.tmp", ".INDEX.md.jrnl-rej-x1y2.tmp", "notes.txt",
                     ".git/COMMIT_EDITMSG.md", ".obsidian/workspace.md", "_drafts/idea.md",
                     "templates/new.md", "README.md"]:  # fmt: skip
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("---\nnot: [closed\n", encoding="utf-8")
        cpu = cpu_seconds(w.proc.pid)
        time.sleep(3)
        assert cpu_seconds(w.proc.pid) - cpu < 0.2
        assert index.stat().st_mtime_ns == before
        assert len(w.blocks()) == checks, w.text
        assert "error" not in w.last_block()
        stop(w)


def test_config_changes_apply_and_a_broken_config_keeps_the_old_one(journal):
    root = journal({"acme.md": ACME_REJECTED})
    with watching(root) as w:
        w.wait_block("\n1 reminder in 1 file.")
        (root / "jrnl-rej.toml").write_text("[rules]\nignor = []\n", encoding="utf-8")
        broken = w.wait_block("still using the settings from before")
        assert "jrnl-rej.toml: unknown key 'rules.ignor' (did you mean 'ignore'?)" in broken
        assert "reply-due" in broken
        (root / "jrnl-rej.toml").write_text('[rules]\nignore = ["reply-due"]\n', encoding="utf-8")
        quiet = w.wait_block("All clear: 1 file checked")
        assert "settings from before" not in quiet
        stop(w)


def test_broken_index_markers_are_shown_and_a_fixed_index_is_written(journal):
    begin = "<!-- jrnl-rej:begin -->"
    broken = f"# Search\n\n{begin}\n{begin}\n<!-- jrnl-rej:end -->\n"
    root = journal({"acme.md": ACME_REJECTED, "INDEX.md": broken})
    with watching(root) as w:
        shown = w.wait_block("INDEX.md not written.")
        assert "INDEX.md:4: a second begin marker" in shown
        assert (root / "INDEX.md").read_text(encoding="utf-8") == broken
        (root / "INDEX.md").write_text(f"# Search\n\n{begin}\n<!-- jrnl-rej:end -->\n", encoding="utf-8")
        w.wait_index("Acme Corp")
        w.wait_block("INDEX.md is up to date.")
        stop(w)


def test_ctrl_c_exits_0_promptly(journal):
    root = journal({"acme.md": ACME_REJECTED})
    with watching(root) as w:
        w.wait_block("INDEX.md is up to date.")
        code, elapsed = w.interrupt()
        assert code == 0
        assert elapsed < 3
        assert "Traceback" not in "\n".join(w.err)


def test_journal_folder_removed_stops_with_exit_2(journal):
    root = journal({"acme.md": ACME_REJECTED})
    with watching(root) as w:
        w.wait_block("INDEX.md is up to date.")
        shutil.rmtree(root)
        assert w.proc.wait(timeout=5) == 2
        for thread in w._threads:
            thread.join(timeout=2)
        assert any("is gone; stopping" in line for line in w.err)
        assert "Traceback" not in "\n".join(w.err)


def test_poll_option_sees_changes_without_inotify(journal):
    root = journal({"acme.md": ACME_REJECTED})
    with watching(root, "--poll") as w:
        w.wait_index("Acme Corp")
        time.sleep(0.2)
        (root / "acme.md").write_text(ACME_REJECTED.replace("Acme", "Globex"), encoding="utf-8")
        w.wait_index("Globex Corp")
        stop(w)


def test_on_a_terminal_the_screen_is_redrawn_only_when_something_changed(journal):
    root = journal({"acme.md": ACME_REJECTED})
    master, slave = os.openpty()
    chunks: list[bytes] = []

    def pump():
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        with watching(root, stdout=slave) as w:
            os.close(slave)
            screen = lambda: b"".join(chunks).decode("utf-8", "replace")  # noqa: E731
            clear = "\x1b[H\x1b[2J"
            w.wait_for(lambda: "INDEX.md is up to date." in screen(), "the first screen")
            assert screen().count(clear) == 1
            # Saved with no change: only the time on the first line is rewritten.
            (root / "acme.md").write_text(ACME_REJECTED, encoding="utf-8")
            w.wait_for(lambda: "\x1b7\x1b[H" in screen(), "the header to be refreshed")
            assert screen().count(clear) == 1
            # A real change: the screen is redrawn.
            (root / "acme.md").write_text(ACME_REJECTED.replace("Acme", "Globex"), encoding="utf-8")
            w.wait_for(lambda: screen().count(clear) == 2 and "Globex" in screen(), "a redraw")
            assert "-- " not in screen()  # no appended time lines on a terminal
            stop(w)
    finally:
        os.close(master)


# -- the parts, in process ----------------------------------------------------------------------


def _watcher(root: Path, config: Config | None = None) -> watch.Watcher:
    session = SimpleNamespace(root=root, config=config or Config(), today=TODAY)
    return watch.Watcher(session, out=io.StringIO(), err=io.StringIO())


def test_events_become_batches(tmp_path):
    from watchdog.events import (
        DirCreatedEvent,
        DirDeletedEvent,
        DirModifiedEvent,
        FileClosedNoWriteEvent,
        FileCreatedEvent,
        FileDeletedEvent,
        FileModifiedEvent,
        FileMovedEvent,
        FileOpenedEvent,
    )

    root = tmp_path
    w = _watcher(root)
    p = lambda name: str(root / name)  # noqa: E731

    # An atomic save: only the destination is a journal file.
    w.dispatch(FileCreatedEvent(p(".acme.md.tmp")))
    w.dispatch(FileMovedEvent(p(".acme.md.tmp"), p("acme.md")))
    assert w.inbox.take() == watch.Batch(paths={"acme.md"})

    # Vim's save.
    for event in [FileCreatedEvent(p("4913")), FileDeletedEvent(p("4913")),
                  FileMovedEvent(p("acme.md"), p("acme.md~")), FileCreatedEvent(p("acme.md")),
                  FileModifiedEvent(p("acme.md")), FileDeletedEvent(p("acme.md~"))]:  # fmt: skip
        w.dispatch(event)
    assert w.inbox.take() == watch.Batch(paths={"acme.md"})

    # Reading a file, git, hidden and underscore folders, templates, README: nothing.
    for event in [FileOpenedEvent(p("acme.md")), FileClosedNoWriteEvent(p("acme.md")),
                  FileModifiedEvent(p(".git/index.md")), FileCreatedEvent(p("_drafts/a.md")),
                  FileCreatedEvent(p("templates/reply.md")), FileModifiedEvent(p("README.md")),
                  DirModifiedEvent(p("sub")), FileModifiedEvent(str(root.parent / "other.md")),
                  DirCreatedEvent(p(".git")), DirCreatedEvent(p(".git/objects/ab")),
                  DirCreatedEvent(p("_archive")), FileCreatedEvent(p(".acme.md.swp")),
                  FileCreatedEvent(p("acme.md~")), FileCreatedEvent(p("#acme.md#"))]:  # fmt: skip
        w.dispatch(event)
    assert not w.inbox.arrived.is_set()
    assert not w.inbox.take()

    w.dispatch(FileMovedEvent(p(".INDEX.md.jrnl-rej-1.tmp"), p("INDEX.md")))
    assert w.inbox.take() == watch.Batch(index=True)
    w.dispatch(FileModifiedEvent(p("jrnl-rej.toml")))
    assert w.inbox.take() == watch.Batch(config=True)
    w.dispatch(DirCreatedEvent(p("2026")))
    assert w.inbox.take() == watch.Batch(rescan=True)
    w.dispatch(DirDeletedEvent(str(root)))
    assert w.inbox.take().root_gone


def test_a_save_is_known_to_be_finished_only_by_its_last_event(tmp_path):
    """The watcher waits a little longer while a save may still be under way."""
    from watchdog.events import (
        DirCreatedEvent,
        FileClosedEvent,
        FileCreatedEvent,
        FileDeletedEvent,
        FileModifiedEvent,
        FileMovedEvent,
    )

    w = _watcher(tmp_path)
    p = lambda name: str(tmp_path / name)  # noqa: E731
    assert not w.inbox.saved()  # nothing noted

    # An atomic save is finished when the temporary file is renamed into place.
    w.dispatch(FileCreatedEvent(p(".acme.md.tmp")))
    w.dispatch(FileClosedEvent(p(".acme.md.tmp")))
    assert not w.inbox.saved()
    w.dispatch(FileMovedEvent(p(".acme.md.tmp"), p("acme.md")))
    assert w.inbox.saved()
    w.inbox.take()

    # Vim: the file is renamed away, created, written, then closed.
    w.dispatch(FileMovedEvent(p("acme.md"), p("acme.md~")))
    assert not w.inbox.saved()
    w.dispatch(FileCreatedEvent(p("acme.md")))
    w.dispatch(FileModifiedEvent(p("acme.md")))
    assert not w.inbox.saved()
    w.dispatch(FileClosedEvent(p("acme.md")))
    assert w.inbox.saved()
    w.dispatch(FileDeletedEvent(p("acme.md~")))
    assert w.inbox.saved()
    # ...until another file is being written.
    w.dispatch(FileModifiedEvent(p("initech.md")))
    assert not w.inbox.saved()
    assert w.inbox.take() == watch.Batch(paths={"acme.md", "initech.md"})

    # Deleted files, renamed-away files and new folders wait the full quiet time.
    w.dispatch(FileDeletedEvent(p("acme.md")))
    assert not w.inbox.saved()
    w.inbox.take()
    w.dispatch(FileMovedEvent(p("acme.md"), p("old.md")))
    assert not w.inbox.saved()
    w.inbox.take()
    w.dispatch(FileClosedEvent(p("acme.md")))
    w.dispatch(DirCreatedEvent(p("2026")))
    assert not w.inbox.saved()


def test_a_failing_event_handler_does_not_stop_the_watcher(tmp_path):
    w = _watcher(tmp_path)
    w.dispatch(object())  # not an event at all
    assert "could not handle a change event" in w.err.getvalue()
    assert w.inbox.take() == watch.Batch(rescan=True)


def test_inotify_limit_falls_back_to_polling(tmp_path, monkeypatch):
    real = events.make_observer

    def limited(polling: bool):
        if not polling:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(polling)

    monkeypatch.setattr(events, "make_observer", limited)
    write_journal(tmp_path, {"acme.md": ACME_REJECTED})
    w = _watcher(tmp_path)
    try:
        w._start_observer()
        assert type(w.observer).__name__ == "PollingObserver"
        assert "limit on watched folders" in w.err.getvalue()
        time.sleep(0.1)
        (tmp_path / "initech.md").write_text(INITECH_OPEN, encoding="utf-8")
        assert w.inbox.arrived.wait(5)
        assert "initech.md" in w.inbox.take().paths
    finally:
        w._stop_observer()


def test_other_observer_failures_are_one_line_errors(tmp_path, monkeypatch):
    def refused(polling: bool):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(events, "make_observer", refused)
    w = _watcher(tmp_path)
    with pytest.raises(JrnlError, match="cannot watch .*: Permission denied"):
        w._start_observer()


def test_todo_lines_name_the_next_step(tmp_path):
    from jrnl_rej.journal.memo import check_journal

    write_journal(tmp_path, {"acme.md": ACME_REJECTED, "bad.md": "no front matter\n"})
    analysis = check_journal(tmp_path, Config(), TODAY)
    lines = screen.todo_lines(analysis, Config())
    assert lines[0] == "What to do today:"
    assert lines[1] == "  - Fix the file with errors above: it stays out of the index until then."
    assert "Acme Corp (Data Engineer)" in lines[2]
    assert lines[3].strip() == "jrnl-rej draft reply acme.md"


def test_nothing_to_do(tmp_path):
    from jrnl_rej.journal.memo import check_journal

    write_journal(tmp_path, {"initech.md": INITECH_OPEN})
    analysis = check_journal(tmp_path, Config(), TODAY)
    assert screen.todo_lines(analysis, Config()) == ["Nothing is waiting on you today."]


def test_a_small_terminal_shows_fewer_problems_not_a_scrolled_screen():
    problems = [f"x{i}.md:1:1: error front-matter: " + "long words " * 12 for i in range(30)]
    todo = ["What to do today:", "  - Fix the 30 files with errors above."]
    tail = ["30 errors in 30 files.", "INDEX.md is up to date."]
    shown = screen.fit(problems, todo, tail, rows=20, columns=80)
    assert len(shown) == 20 and all(screen.width_of(line) <= 80 for line in shown)
    assert shown[-6:] == ["", *todo, "", *tail]
    kept = len(shown) - 7
    assert shown[-7] == f"... and {30 - kept} more: 'jrnl-rej check' lists them all."
    assert shown[0].startswith("x0.md:1:1: error front-matter: long words") and shown[0].endswith("…")
    roomy = screen.fit(problems, todo, tail, rows=200, columns=500)
    assert roomy == screen.block_of((problems, todo, tail))


def test_errors_stay_on_screen_when_the_todo_list_is_long():
    warnings = [f"w{i}.md:3:1: warning stale-silent: no word" for i in range(10)]
    errors = [f"e{i}.md:1:1: error front-matter: no front matter" for i in range(6)]
    todo = ["What to do today:", "  - Fix the 6 files with errors above: they stay out of the index until then."]
    todo += [f"  - Reply to Company {i}.\n      jrnl-rej draft reply c{i}.md" for i in range(12)]
    tail = ["6 errors, 10 warnings in 40 files.", "INDEX.md is up to date."]
    shown = screen.fit([*warnings, *errors], todo, tail, rows=17, columns=70)
    assert len(shown) == 17 and shown[-2:] == tail
    fix = next(i for i, line in enumerate(shown) if "Fix the 6 files" in line)
    above = [line for line in shown[:fix] if ": error " in line]
    assert len(above) >= 2 and above == [line for line in shown if ": error " in line]
    assert shown.index(above[0]) < fix  # shown above the line that points at them
    assert any("... and more: 'jrnl-rej today'" in line for line in shown)


def test_lines_are_cut_by_the_columns_they_take():
    assert screen.cut("株式会社メルカリ データエンジニア", 10) == "株式会社…"
    assert screen.width_of(screen.cut("株式会社メルカリ", 9)) <= 9
    coloured = "\x1b[1ma-long-file-name.md:1:1:\x1b[0m \x1b[31merror\x1b[0m words"
    assert screen.cut(coloured, 36) == coloured  # colour codes take no room
    cut = screen.cut("\x1b[31m" + "x" * 40 + "\x1b[0m", 10)
    assert cut == "\x1b[31m" + "x" * 9 + "…\x1b[0m"  # colour closed
    assert screen.cut("Δέλτα Analytics", 15) == "Δέλτα Analytics"


def test_a_stopped_observer_is_restarted_then_given_up_on(tmp_path, monkeypatch):
    write_journal(tmp_path, {"acme.md": ACME_REJECTED})
    w = _watcher(tmp_path)
    w.load_all()
    w.update()
    w._start_observer()
    try:
        w.observer.stop()
        w.observer.join(timeout=5)
        assert w._health() is None
        assert "the file watcher stopped; starting it again" in w.err.getvalue()
        assert events.observer_alive(w.observer)
        assert "1 reminder in 1 file." in w.out.getvalue()  # shown again after a fresh look
        assert w._health() is None and w.restarts == 0  # alive again: the count starts over
    finally:
        w._stop_observer()

    monkeypatch.setattr(w, "_start_observer", lambda: None)  # it never comes back
    codes = [w._health() for _ in range(watch.MAX_RESTARTS + 1)]
    assert codes == [None] * watch.MAX_RESTARTS + [2]
    assert "keeps stopping; giving up" in w.err.getvalue()


# -- incremental checking: the same findings as a fresh run -------------------------------------

# Files whose findings depend on each other: duplicates (Acme), momentum after a rejection,
# a revisit window that another application to the same company closes (Stark).
POOL = {
    "acme": app_file(company="Acme", role="Data Engineer", applied="2026-11-02"),
    "acme-again": app_file(company="ACME ", role="data engineer", applied="2026-11-05"),
    "acme-ignores": app_file(company="Acme", role="Data Engineer", applied="2026-11-03",
                             jrnl__rej__ignore="[duplicate-application]"),
    "rejected-form": app_file(company="Bolt", role="Analyst", applied="2026-11-01", status="rejected",
                              rejected="2026-11-15"),
    "rejected-late": app_file(company="Cora", role="Lead", applied="2026-08-01", final_round="2026-08-10",
                              status="rejected", rejected="2026-08-20", replied="2026-08-20"),
    "stark-final": app_file(company="Stark", role="SRE", applied="2026-06-01", final_round="2026-06-20",
                            status="rejected", rejected="2026-07-01", replied="2026-07-01"),
    "stark-again": app_file(company="stark", role="Platform", applied="2026-11-20"),
    "stale": app_file(company="Dune", role="Analyst", applied="2026-09-01", check_ins="[2026-09-20, 2026-09-25]"),
    "non-iso": app_file(company="Echo", role="Analyst", applied="Nov 3, 2026"),
    # error-level problems: the reader's, and a per-file rule's (a date after today)
    "broken-yaml": "---\ncompany: Fern\nrole: [unclosed\n---\n",
    "future": app_file(company="Acme", role="Data Engineer", applied="2026-12-24"),
    "no-role": app_file(company="Stark", applied="2026-11-21"),
}  # fmt: skip


def _assert_same_as_a_fresh_run(w: watch.Watcher, root: Path, config: Config) -> None:
    from jrnl_rej.journal.memo import check_journal
    from jrnl_rej.outputs.section import index_section

    fresh = check_journal(root, config, TODAY)
    got = w.analysis
    assert [r.application.path for r in got.results] == [r.application.path for r in fresh.results]
    assert got.diagnostics == fresh.diagnostics
    assert [a.path for a in got.usable] == [a.path for a in fresh.usable]
    assert got.usable == fresh.usable
    assert got.skipped == fresh.skipped
    assert (root / config.index).read_text(encoding="utf-8").endswith(index_section(fresh, config) + "<!-- jrnl-rej:end -->\n")


def _save(w: watch.Watcher, root: Path, name: str, content: str | None, rename_from: str | None = None) -> None:
    """Change the journal as an editor would, then hand the watcher the batch its events make:
    write `content` to `name` (None: delete it), or rename `rename_from` to `name`."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if rename_from is not None:
        os.replace(root / rename_from, path)
    elif content is None:
        path.unlink()
    else:
        path.write_text(content, encoding="utf-8")
    assert w.apply(watch.Batch(paths={name} if rename_from is None else {name, rename_from}))


@pytest.mark.parametrize("config", [
    Config(),
    Config(ignore=frozenset({"stale-silent"}), severity={"duplicate-application": "info", "reply-due": "warning",
                                                         "non-iso-date": "info"}),
])  # fmt: skip
def test_incremental_findings_match_a_fresh_run_after_edits_renames_and_deletes(tmp_path, config):
    root = tmp_path
    write_journal(root, {"acme.md": POOL["acme"], "bolt.md": POOL["rejected-form"],
                         "stark.md": POOL["stark-final"], "dune.md": POOL["stale"]})  # fmt: skip
    w = _watcher(root, config)
    w.load_all()
    w.update()
    _assert_same_as_a_fresh_run(w, root, config)
    steps = [
        ("acme-2.md", POOL["acme-again"], None),  # a duplicate appears on both files
        ("stark-2.md", POOL["stark-again"], None),  # Stark's revisit is done; Bolt's momentum met
        ("acme-2.md", POOL["broken-yaml"], None),  # half-typed: an error, out of usable
        ("acme-2.md", POOL["acme-again"], None),  # fixed: back in, the duplicate back
        ("acme.md", POOL["future"], None),  # a per-file rule's error (date-order): out of usable
        ("acme.md", POOL["acme"], None),  # and back
        ("2026/acme-2.md", None, "acme-2.md"),  # renamed into a folder
        ("stark-2.md", POOL["no-role"], None),  # Stark again has an error: the revisit reopens
        ("stark-2.md", None, None),  # deleted
        ("acme-3.md", POOL["acme-ignores"], None),  # silences its own duplicate warning only
        ("echo.md", POOL["non-iso"], None),
        ("2026/acme-2.md", None, None),
        ("bolt.md", POOL["rejected-late"], None),  # the same path, another application
        ("dune.md", None, None),
    ]
    for name, content, rename_from in steps:
        _save(w, root, name, content, rename_from)
        _assert_same_as_a_fresh_run(w, root, config)


def test_incremental_findings_match_a_fresh_run_over_random_changes(tmp_path):
    import random

    rng = random.Random(20261125)
    config = Config(severity={"revisit-open": "warning"})
    root = tmp_path
    w = _watcher(root, config)
    w.load_all()
    w.update()
    names = ["a.md", "b.md", "c.md", "sub/d.md", "sub/e.md", "f.md"]
    seen_usable = seen_skipped = 0
    for _ in range(80):
        present = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md") if p.name != "INDEX.md")
        roll = rng.random()
        if present and roll < 0.15:
            _save(w, root, rng.choice(present), None)
        elif present and roll < 0.3:
            source = rng.choice(present)
            target = rng.choice([n for n in names if n != source])
            _save(w, root, target, None, rename_from=source)
        else:
            _save(w, root, rng.choice(names), POOL[rng.choice(sorted(POOL))])
        _assert_same_as_a_fresh_run(w, root, config)
        seen_usable += len(w.analysis.usable)
        seen_skipped += len(w.analysis.skipped)
    assert seen_usable > 50 and seen_skipped > 50  # the walk met both kinds of file, often
