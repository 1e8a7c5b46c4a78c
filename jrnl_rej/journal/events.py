"""What changed in a watched journal folder: the observer thread and the batches it notes.

watchdog's observer thread calls `note_event` for every event; it only notes which
journal paths changed (in an Inbox), and the main thread (commands/watch.py) takes
them in batches once a save's burst of events has settled. The index write itself,
editors' swap, backup and temporary files, and anything under `.git` or another
dot or underscore folder are never noted, so the watcher cannot feed on its own output.
"""

from __future__ import annotations

import errno
import os
import threading
from dataclasses import dataclass, field

from ..core.config import CONFIG_NAME
from ..core.errors import JrnlError
from .discover import is_application_path

POLL_SECONDS = 1.0  # how often the polling observer looks at the files

_CHANGES = ("created", "modified", "deleted", "moved", "closed")


@dataclass
class Batch:
    """What the observer saw since the last check."""

    paths: set[str] = field(default_factory=set)  # journal-relative paths that may have changed
    rescan: bool = False  # a folder came, went or moved: walk the journal again
    config: bool = False  # jrnl-rej.toml changed
    index: bool = False  # the index file changed (perhaps by our own write)
    root_gone: bool = False

    def __bool__(self) -> bool:
        return bool(self.paths) or self.rescan or self.config or self.index or self.root_gone


class Inbox:
    """Changes noted by the observer thread, taken in batches by the main thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._batch = Batch()
        self._writing: set[str] = set()  # noted files whose last event was not a finished write
        self.arrived = threading.Event()

    def note(self, **what) -> None:
        with self._lock:
            for key, value in what.items():
                if key == "path":
                    self._batch.paths.add(value)
                    self._writing.add(value)
                else:
                    setattr(self._batch, key, True)
            self.arrived.set()

    def note_saved(self, relpath: str) -> None:
        """A journal file was closed after writing, or renamed into place."""
        with self._lock:
            self._batch.paths.add(relpath)
            self._writing.discard(relpath)
            self.arrived.set()

    def saved(self) -> bool:
        """Whether all that is noted is files whose writes have finished."""
        with self._lock:
            batch = self._batch
            others = batch.rescan or batch.config or batch.index or batch.root_gone
            return bool(batch.paths) and not self._writing and not others

    def take(self) -> Batch:
        with self._lock:
            batch, self._batch = self._batch, Batch()
            self._writing = set()
            self.arrived.clear()
        return batch


def note_event(event, root: str, config, inbox: Inbox) -> None:
    """Note in the inbox what one watchdog event changed in the journal at root."""
    if event.event_type not in _CHANGES:
        return  # opened, closed without writing, attributes: nothing was written
    paths = [event.src_path]
    if getattr(event, "dest_path", ""):
        paths.append(event.dest_path)
    for i, path in enumerate(paths):
        if not path:
            continue
        path = os.fsdecode(path)
        if os.path.normpath(path) == root:
            if event.event_type in ("deleted", "moved"):
                inbox.note(root_gone=True)
            continue
        relpath = os.path.relpath(path, root)
        if relpath.startswith(os.pardir):
            continue
        relpath = relpath.replace(os.sep, "/")
        folders = relpath.split("/")
        if not event.is_directory:
            folders.pop()
        if any(p.startswith((".", "_")) for p in folders):
            continue  # .git, .obsidian, _archive: never part of the journal
        if event.is_directory:
            if event.event_type in ("created", "deleted", "moved"):
                inbox.note(rescan=True)
        elif relpath == CONFIG_NAME:
            inbox.note(config=True)
        elif relpath == config.index:
            inbox.note(index=True)
        elif is_application_path(relpath, config):
            # Only Markdown files count, so swap files (.x.md.swp), backups (x.md~),
            # vim's 4913 probe and temporary files (.x.md.tmp) never get here.
            if event.event_type == "closed" or (event.event_type == "moved" and i == 1):
                inbox.note_saved(relpath)
            else:
                inbox.note(path=relpath)  # written to, created, gone: more may follow


def start_observer(handler, root: str, poll: bool, warn):
    """A started observer calling handler.dispatch, and whether it polls: the system's
    limit on watched folders reached, it falls back to polling (and warns)."""
    from watchdog.events import (
        DirCreatedEvent,
        DirDeletedEvent,
        DirMovedEvent,
        FileClosedEvent,
        FileCreatedEvent,
        FileDeletedEvent,
        FileModifiedEvent,
        FileMovedEvent,
    )

    # Opened and closed-without-writing events are left out: reading the files
    # would otherwise wake the watcher again.
    wanted = [
        FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent,
        FileClosedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent,
    ]  # fmt: skip
    if not poll:
        observer = None
        try:
            observer = make_observer(False)
            observer.schedule(handler, root, recursive=True, event_filter=wanted)
            observer.start()
            return observer, False
        except OSError as exc:
            stop_observer(observer)
            if exc.errno not in (errno.ENOSPC, errno.EMFILE, errno.ENFILE, errno.ENOMEM):
                raise JrnlError(f"cannot watch {root}: {describe(exc)}") from None
            warn(
                "the system's limit on watched folders is reached, so changes are found "
                f"by looking every {POLL_SECONDS:g} s instead (raise fs.inotify.max_user_watches "
                "to avoid this)"
            )
    observer = None
    try:
        observer = make_observer(True)
        observer.schedule(handler, root, recursive=True, event_filter=wanted)
        observer.start()
    except OSError as exc:
        stop_observer(observer)
        raise JrnlError(f"cannot watch {root}: {describe(exc)}") from None
    return observer, True


def stop_observer(observer) -> None:
    if observer is None:
        return
    try:
        observer.stop()
        if observer.is_alive():
            observer.join(timeout=2)
    except (Exception, KeyboardInterrupt):
        pass  # it is a daemon thread: it goes with the process anyway


def make_observer(polling: bool):
    if polling:
        from watchdog.observers.polling import PollingObserver

        return PollingObserver(timeout=POLL_SECONDS)
    from watchdog.observers import Observer

    return Observer()


def observer_alive(observer) -> bool:
    if observer is None or not observer.is_alive():
        return False
    return all(emitter.is_alive() for emitter in list(observer.emitters))


def describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
