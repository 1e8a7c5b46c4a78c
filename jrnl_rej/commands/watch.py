"""`jrnl-rej watch`: check the journal and rewrite the index whenever a file changes.

One observer thread (watchdog; journal/events.py) only notes which paths changed;
this module's main thread waits for the burst of events a save makes to settle,
re-reads just those files, runs the per-file rules on them and the rules that
compare applications over the whole journal (`KeptFindings`), rewrites the index
and shows the result.

The date follows the clock (unless --today or JRNL_REJ_TODAY pins it): at midnight, and on
waking from sleep, it checks again with the new day within IDLE_SECONDS. The index is written
only when the journal, the config or the date changed, never because the index did (another
watcher, the hook): two writers never answer each other for ever. Only an index it could not
write (broken markers) is tried again when it changes.
"""

from __future__ import annotations

import gc
import os
import shutil
import signal
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from ..core.errors import JrnlError
from ..core.text import clean
from ..journal.discover import is_application_path
from ..journal.events import Batch, Inbox, describe, note_event, observer_alive, start_observer, stop_observer
from ..outputs.screen import silence, try_write
from ..rules.engine import KeptFindings

# A save is a burst of events (vim: rename, create, write, close, delete; an atomic save:
# write a temporary file, rename it over) that ends within a few milliseconds: check once the
# folder has been quiet this long; only SAVED_QUIET_SECONDS when every changed file's last
# event shows its write finished (closed after writing, or renamed into place). A git
# checkout of hundreds of files keeps the folder busy: one check at its end, or one every
# MAX_WAIT_SECONDS while it lasts.
QUIET_SECONDS = 0.05
SAVED_QUIET_SECONDS = 0.01
MAX_WAIT_SECONDS = 1.0
IDLE_SECONDS = 2.0  # how often an idle watcher makes sure its observer and folder still exist
MAX_RESTARTS = 3  # observer restarts in a row before giving up

_CLEAR = "\x1b[H\x1b[2J"  # cursor home, clear the screen
_SAVE, _RESTORE, _HOME, _ERASE_LINE = "\x1b7", "\x1b8", "\x1b[H", "\x1b[K"


def run_watch(session, poll: bool = False, clock=None) -> int:
    """Watch until Ctrl-C (exit 0), or exit 2 when it cannot; `clock()` is today (None: fixed)."""
    return Watcher(session, poll=poll, clock=clock).run()


class Watcher:
    def __init__(self, session, poll: bool = False, out=None, err=None, clock=None) -> None:
        self.root = os.path.abspath(session.root)
        self.config = session.config
        self.today = session.today
        self.clock = clock
        self.poll = poll
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        from ..core.terminal import colour, cursor_escapes

        self.tty = cursor_escapes(self.out)  # redrawn in place; else each check appended
        self.colour = colour(self.out)
        self.inbox = Inbox()
        self.results: dict = {}  # relpath -> ReadResult
        self.stamps: dict = {}  # relpath -> FileStamp, to notice changes a rescan finds
        self.order: list[str] | None = None  # sorted(self.results), until a file comes or goes
        self.findings = KeptFindings()
        self.analysis = None
        self.report = None  # what the index was last written from; the todo list reuses it
        self.facts = None  # report.Facts: what the last report knew about each application
        self.lines = None  # section.Lines: the section's lines from the last write
        self.config_error: str | None = None
        self.index_error: str | None = None
        self.index_bytes: bytes | None = None  # the index file as we last wrote or saw it
        self.observer = None
        self.shown: list[str] | None = None  # the block on screen, without its time line
        self.size = None  # the terminal's size when it was drawn
        self.resized = False  # set by SIGWINCH
        self.restarts = 0

    # -- the main loop ---------------------------------------------------------------------

    def run(self) -> int:
        previous = None
        if self.tty and threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGWINCH, self._resized)
        try:
            self._start_observer()
            self.load_all()
            self.update()
            if not self.tty:
                self._say(f"Watching {clean(self.root)} for changes; Ctrl-C stops.")
            self.show()
            _warm_up()
            while True:
                arrived = self.inbox.arrived.wait(IDLE_SECONDS)
                try:
                    if self.follow_date():
                        self.show()
                except (KeyboardInterrupt, BrokenPipeError):
                    raise
                except Exception as exc:  # keep watching; the next look at the clock tries again
                    self._warn(f"could not check the journal for the new day: {describe(exc)}")
                if not arrived:
                    code = self._health()
                    if code is not None:
                        return code
                    continue
                self._settle()
                batch = self.inbox.take()
                if batch.root_gone or not os.path.isdir(self.root):
                    return self._root_gone()
                resized, self.resized = self.resized, False
                try:
                    with _collection_paused():
                        if self.apply(batch) or resized:
                            self.show()
                except (KeyboardInterrupt, BrokenPipeError):
                    raise
                except Exception as exc:  # keep watching; the next change tries again
                    self._warn(f"could not check the journal after a change: {describe(exc)}")
                code = self._health()
                if code is not None:
                    return code
        except KeyboardInterrupt:
            return 0
        except BrokenPipeError:
            # `jrnl-rej watch | head`: the reader left, so there is nobody to tell.
            silence(self.out)
            return 0
        finally:
            if previous is not None:
                signal.signal(signal.SIGWINCH, previous)
            self._stop_observer()
            if self.tty:
                try_write(self.out, "\n")

    def _settle(self) -> None:
        """Wait until no event has arrived for QUIET_SECONDS (SAVED_QUIET_SECONDS when all the
        changed files are saved), or MAX_WAIT_SECONDS have passed."""
        started = time.monotonic()
        while time.monotonic() - started < MAX_WAIT_SECONDS:
            self.inbox.arrived.clear()
            quiet = SAVED_QUIET_SECONDS if self.inbox.saved() else QUIET_SECONDS
            if not self.inbox.arrived.wait(quiet):
                return

    def follow_date(self) -> bool:
        """A new day (midnight, or a wake from sleep): check again with it; whether it was one."""
        if self.clock is None:
            return False
        day = self.clock()
        if day == self.today:
            return False
        previous, self.today = self.today, day
        self.facts = self.lines = None  # what the last report knew was for the other day
        try:
            self.update()
        except BaseException:
            self.today = previous  # not checked for the new day yet: the next look tries again
            raise
        return True

    def _health(self) -> int | None:
        if not os.path.isdir(self.root):
            return self._root_gone()
        if observer_alive(self.observer):
            self.restarts = 0
            return None
        self.restarts += 1
        if self.restarts > MAX_RESTARTS:
            self._warn("the file watcher keeps stopping; giving up. Run 'jrnl-rej watch' again.")
            return 2
        self._warn("the file watcher stopped; starting it again")
        self._stop_observer()
        self._start_observer()
        self.rescan()  # whatever happened while nobody was looking
        self.update()
        self.show()
        return None

    def _root_gone(self) -> int:
        self._warn(f"the journal folder {self.root} is gone; stopping.")
        return 2

    # -- reading the journal ---------------------------------------------------------------

    def load_all(self) -> None:
        """Read the whole journal the way every command does (through the read cache)."""
        from ..journal.loader import load_journal
        from .session import progress_reporter

        self.results.clear()
        self.stamps.clear()
        self.order = None
        reporter = progress_reporter()  # a bar on a terminal when a cold read takes a while
        try:
            results = load_journal(Path(self.root), self.config, progress=reporter)
        finally:
            if reporter is not None:
                reporter.close()
        for result in results:
            relpath = result.application.path
            self.results[relpath] = result
            self.stamps[relpath] = _stamp(os.path.join(self.root, relpath))
        # What was just read stays for the session (a save replaces one file): keep it out of
        # later collections, which would otherwise walk all of it (30 ms at 10,000 files).
        gc.collect()
        gc.freeze()

    def rescan(self) -> None:
        """Walk the journal again: new files, vanished files, and files whose stamp moved."""
        from ..journal.discover import discover

        found = set(discover(self.root, self.config))
        for relpath in list(self.results):
            if relpath not in found:
                self._drop(relpath)
        for relpath in found:
            stamp = _stamp(os.path.join(self.root, relpath))
            if relpath not in self.results or stamp is None or self.stamps.get(relpath) != stamp:
                self._read(relpath)

    def refresh(self, relpaths) -> None:
        """Re-read the given files, or forget them when they are gone."""
        for relpath in relpaths:
            if is_application_path(relpath, self.config) and self._is_journal_file(relpath):
                self._read(relpath)
            else:
                self._drop(relpath)

    def _read(self, relpath: str) -> None:
        from ..journal.discover import read_file

        result, stamp = read_file(self.root, relpath, self.config)
        if relpath not in self.results:
            self.order = None
        self.results[relpath] = result
        self.stamps[relpath] = stamp

    def _drop(self, relpath: str) -> None:
        if self.results.pop(relpath, None) is not None:
            self.order = None
        self.stamps.pop(relpath, None)

    def _is_journal_file(self, relpath: str) -> bool:
        """A regular file, reached without leaving the journal, not a note left out (what discovery would list)."""
        full = os.path.join(self.root, relpath)
        from ..journal.notes import left_out_as_note
        from ..journal.writer import is_inside

        return os.path.isfile(full) and is_inside(self.root, full) and not left_out_as_note(full, self.config)

    def reload_config(self) -> bool:
        """Read jrnl-rej.toml again; a bad one is shown and the previous settings stay."""
        from ..core.config import load

        try:
            config = load(Path(self.root))
        except JrnlError as exc:
            self.config_error = str(exc)
            return False
        self.config_error = None
        if config == self.config:
            return False
        self.config = config
        return True

    # -- acting on a batch of changes ------------------------------------------------------

    def apply(self, batch: Batch) -> bool:
        """Bring the results and the index up to date; return whether anything may show."""
        if batch.config:
            config_changed = self.reload_config()
            if config_changed:
                self.load_all()  # date_order, exclude and the index name all change what is read
                self.update()
                return True
            if not (batch.paths or batch.rescan):
                return True  # shows the config error, or that it is gone
        if batch.rescan:
            self.rescan()
        if batch.paths:
            self.refresh(sorted(batch.paths))
        if batch.paths or batch.rescan:
            self.update()
            return True
        if batch.index and _read_bytes(self._index_path()) != self.index_bytes:
            if self.index_error is None:  # another writer's index (a hook, another watcher): theirs
                self.index_bytes = _read_bytes(self._index_path())
                return False
            self.write_index()  # the index this watcher could not write was changed: maybe fixed
            return True
        return False

    def update(self) -> None:
        if self.order is None:
            self.order = sorted(self.results)
        results = [self.results[p] for p in self.order]
        self.analysis = self.findings.analyse(results, self.config, self.today)
        self.write_index()

    def _index_path(self) -> str:
        return os.path.join(self.root, self.config.index)

    def write_index(self) -> None:
        from ..core.patterns import Facts, build_report
        from ..journal.splice import write_index
        from ..journal.writer import is_inside
        from ..outputs.section import Lines, render_section

        path = self._index_path()
        if self.lines is None:
            # Most applications and most of the section are as they were: work out only what changed.
            self.facts, self.lines = Facts(), Lines()
        self.report = build_report(self.analysis, self.config, self.facts)
        try:
            if not is_inside(self.root, path):  # the file, or a folder on its way, links outside
                raise JrnlError(f"{self.config.index}: it links outside the journal; not writing through it")
            write_index(path, render_section(self.report, self.lines), self.config.index)
            self.index_error = None
        except JrnlError as exc:
            self.index_error = str(exc)
        self.index_bytes = _read_bytes(path)

    # -- the observer thread ---------------------------------------------------------------

    def dispatch(self, event) -> None:
        """Called by watchdog for every event; notes what matters and never raises."""
        try:
            self._note(event)
        except Exception as exc:  # an exception here would silently kill the observer
            try:
                self._warn(f"could not handle a change event: {describe(exc)}")
                self.inbox.note(rescan=True)
            except Exception:
                pass

    def _note(self, event) -> None:
        note_event(event, self.root, self.config, self.inbox)

    def _start_observer(self) -> None:
        self.observer, self.poll = start_observer(self, self.root, self.poll, self._warn)

    def _stop_observer(self) -> None:
        observer, self.observer = self.observer, None
        stop_observer(observer)

    # -- showing ---------------------------------------------------------------------------

    def sections(self) -> tuple[list[str], list[str], list[str]]:
        """What the watcher shows after a check: the problems, what to do today, the summary."""
        from ..outputs.screen import watch_sections

        return watch_sections(self.analysis, self.config, self.report, self.root, self.colour,
                              self.config_error, self.index_error)  # fmt: skip

    def show(self) -> None:
        from ..outputs import screen

        sections = self.sections()
        block = screen.block_of(sections)
        stamp = time.strftime("%H:%M:%S")
        if not self.tty:
            if block != self.shown:
                self._say("\n".join([f"-- {stamp} --", *block]))
        else:
            size = shutil.get_terminal_size()
            header = screen.cut(f"jrnl-rej watch: {clean(self.root)}, checked {stamp}. Ctrl-C stops.", size.columns)
            if block != self.shown or size != self.size:
                shown = screen.fit(*sections, size.lines - 3, size.columns)  # header, blank, last line
                self._write(_CLEAR + "\n".join([header, "", *shown]) + "\n")
            else:  # only the time moves: rewrite the first line, nothing flickers
                self._write(_SAVE + _HOME + header + _ERASE_LINE + _RESTORE)
            self.size = size
        self.shown = block

    def _resized(self, _signum=None, _frame=None) -> None:
        """SIGWINCH: wake the main loop, which redraws for the new size. Only a flag here, and
        the wake-up from a thread: the main thread may hold the lock the wake-up takes."""
        self.resized = True
        threading.Thread(target=self.inbox.arrived.set, daemon=True).start()

    def _say(self, text: str) -> None:
        self._write(text + "\n")

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def _warn(self, message: str) -> None:
        try_write(self.err, f"jrnl-rej watch: {clean(message)}\n")


# -- small helpers ---------------------------------------------------------------------------


def _warm_up() -> None:
    """Load the YAML reader now, while nothing is waiting: a start served from the cache has
    not needed it, and the first save should not wait for it either."""
    try:
        from ..reading.document import read_document

        read_document("---\ncompany: Acme\napplied: 2026-01-02\n---\n")
    except Exception:
        pass  # only a head start: the first save loads it otherwise


@contextmanager
def _collection_paused():
    """No garbage collection while a change is checked and shown: what that makes holds no
    reference cycles, and a collection in the middle would only delay the index."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _stamp(path: str):
    from ..journal.discover import FileStamp

    try:
        info = os.stat(path)
    except OSError:
        return None
    return FileStamp(info.st_mtime_ns, info.st_size, info.st_ino)


def _read_bytes(path: str) -> bytes | None:
    from ..journal.writer import read_regular

    try:
        return read_regular(path)
    except OSError:
        return None
