"""`watch` and the other writers of the index: the date follows the clock (midnight, a wake
from sleep), and two watchers, or a watcher and the index hook, never answer each other's
writes (issue 18 item 5). Real processes and real file events, counted by a watchdog
observer of the test's own."""

from __future__ import annotations

import io
import os
import threading
import time
from datetime import date
from types import SimpleNamespace

from conftest import app_file, run_process
from test_watch import stop, watching

from jrnl_rej.commands import watch
from jrnl_rej.core.config import Config

HOOLI = app_file(company="Hooli", role="R", applied="2026-11-03")  # stale-silent from 2026-11-25 on


class IndexWrites:
    """Every write that lands on INDEX.md (an atomic rename onto it, or a new file)."""

    def __init__(self, root):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        self.count = 0
        target = os.path.join(str(root), "INDEX.md")
        counter = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                # jrnl-rej writes by renaming a temp file onto it (the 'closed' that follows
                # is the same write: the temp file is closed after the rename).
                path = event.dest_path if event.event_type == "moved" else event.src_path
                if event.event_type in ("moved", "created") and path == target:
                    counter.count += 1

        self.observer = Observer()
        self.observer.schedule(Handler(), str(root))
        self.observer.start()

    def during(self, seconds: float) -> int:
        before = self.count
        time.sleep(seconds)
        return self.count - before

    def stop(self):
        self.observer.stop()
        self.observer.join(5)


def _save(path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.editor~")
    tmp.write_text(text)
    os.replace(tmp, path)


def test_two_watchers_with_different_dates_do_not_rewrite_each_others_index(journal):
    root = journal({"hooli.md": HOOLI}, config="")
    writes = IndexWrites(root)
    try:
        with watching(root, "--today", "2026-11-23") as one:
            one.wait_block("INDEX.md is up to date.")
            with watching(root, "--today", "2026-11-25") as two:
                two.wait_block("INDEX.md is up to date.")
                assert writes.during(3) == 0  # before: one write after another, 71-91 in 5 s
                _save(root / "hooli.md", HOOLI.replace("Notes.", "Called them."))
                assert writes.during(2) <= 2  # each watcher once, for the change it saw
                assert writes.during(2) == 0
                stop(two)
            stop(one)
    finally:
        writes.stop()


def test_a_watcher_from_yesterday_leaves_the_index_the_hook_wrote_today(journal):
    # 20 days without an answer yesterday (check in), 21 today (stale): the two indexes differ.
    root = journal({"hooli.md": app_file(company="Hooli", role="R", applied="2026-11-04")}, config="")
    with watching(root, "--today", "2026-11-24") as yesterday:
        yesterday.wait_block("INDEX.md is up to date.")
        hook = run_process("--today", "2026-11-25", "index", cwd=root)
        assert hook.returncode == 0, hook.stderr
        written = (root / "INDEX.md").read_bytes()
        time.sleep(2)
        assert (root / "INDEX.md").read_bytes() == written  # before: reverted within milliseconds
        again = run_process("--today", "2026-11-25", "index", "--check", cwd=root)
        assert again.returncode == 0, again.stdout + again.stderr  # the hook passes
        stop(yesterday)


class Clock:
    """The watcher's clock: the test moves the date; `stop()` makes the next reading a Ctrl-C."""

    def __init__(self, day: date):
        self.day, self.stopping, self.reads = day, False, 0

    def __call__(self) -> date:
        if self.stopping:
            raise KeyboardInterrupt
        self.reads += 1
        return self.day


def test_the_date_rolling_over_midnight_updates_the_reminders_and_the_index(tmp_path, monkeypatch):
    (tmp_path / "hooli.md").write_text(HOOLI)
    monkeypatch.setattr(watch, "IDLE_SECONDS", 0.05)
    clock = Clock(date(2026, 11, 23))
    out = io.StringIO()
    session = SimpleNamespace(root=tmp_path, config=Config(), today=clock.day)
    watcher = watch.Watcher(session, out=out, err=io.StringIO(), clock=clock)
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(watcher.run()), daemon=True)
    thread.start()  # the real loop, with a real observer
    index = tmp_path / "INDEX.md"
    try:
        _wait(lambda: index.exists() and "check-in-due" in out.getvalue())
        assert "stale-silent" not in out.getvalue()
        assert "Hooli" in index.read_text() and "no word from" not in out.getvalue()
        before = index.read_text()
        clock.day = date(2026, 11, 25)  # midnight twice over: a laptop woken after two days
        _wait(lambda: "stale-silent: no word from Hooli for 22 days" in out.getvalue())
        _wait(lambda: index.read_text() != before)
        assert watcher.today == date(2026, 11, 25)
        reads = clock.reads
        _wait(lambda: clock.reads > reads + 3)  # it keeps looking at the clock while idle
    finally:
        clock.stopping = True
        thread.join(10)
    assert result == [0]


def _wait(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_with_today_given_the_date_stays(journal):
    root = journal({"hooli.md": HOOLI}, config="")
    with watching(root) as pinned:  # --today 2026-11-25, the tests' date
        pinned.wait_block("INDEX.md is up to date.")
        assert "stale-silent" in pinned.last_block()
        stop(pinned)


def test_a_failure_checking_the_new_day_is_one_line_and_the_next_look_tries_again(tmp_path, monkeypatch):
    (tmp_path / "hooli.md").write_text(HOOLI)
    monkeypatch.setattr(watch, "IDLE_SECONDS", 0.05)
    clock = Clock(date(2026, 11, 23))
    out, err = io.StringIO(), io.StringIO()
    session = SimpleNamespace(root=tmp_path, config=Config(), today=clock.day)
    watcher = watch.Watcher(session, out=out, err=err, clock=clock)
    real_update, failures = watcher.update, []

    def update():
        if watcher.today == date(2026, 11, 25) and not failures:
            failures.append(1)
            raise OSError(5, "Input/output error")
        real_update()

    watcher.update = update
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(watcher.run()), daemon=True)
    thread.start()
    try:
        _wait(lambda: "check-in-due" in out.getvalue())
        clock.day = date(2026, 11, 25)
        _wait(lambda: "stale-silent" in out.getvalue())  # the next look, a tick later
        assert err.getvalue().splitlines() == [
            "jrnl-rej watch: could not check the journal for the new day: Input/output error"]
    finally:
        clock.stopping = True
        thread.join(10)
    assert result == [0] and watcher.today == date(2026, 11, 25)
