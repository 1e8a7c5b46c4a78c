"""Remembering what reading each file gave, so that a second run only reads what changed.

One cache file per journal, in the user's cache folder (never inside the journal),
named by a hash of the journal's real path. An entry is trusted only when the file's
metadata (mtime_ns, ctime_ns, size, inode) is exactly what it was when it was read,
and the whole file only when it was written by this version of the code, for the same
journal and the same parsing settings (`Config.fingerprint()`).

Format: marshal of plain tuples (str, int, bool, None, tuple, frozenset, dict), behind
a header with a magic line, a format number, the payload's length and its CRC-32.

- Not pickle: unpickling runs whatever the file names, so a cache folder that someone
  else can write to would be a way to run code as the user. It is also slower where
  it counts: at 10,000 files, loading every result took 127 ms against 119 ms for
  the tuples below, and writing them 98 ms against 10 ms, which every commit's check
  pays, since a changed file rewrites the cache (benchmarks/README.md).
- Not JSON: it has no tuples, sets or integer-keyed data, so loading would need a
  second pass to rebuild them, and it is slower to parse than marshal.
- marshal never runs code, but it is not hardened against crafted input. So the CRC
  is checked before a byte is unmarshalled (a truncated or scribbled file is never
  decoded), the header must match exactly, shapes, positions and dates are checked
  as they are rebuilt, any failure means "no cache" for that entry or the whole
  file (read the files again, write the cache anew), and the folder is used only
  when it is ours and nobody else can write to it (created 0700). A forged file
  that passes all this can still only make the tool report wrong things; it can
  be written only by the user, who can change the tool itself anyway.

Concurrency: the file is written to a temporary file in the same folder, then moved
over the old one with os.replace, so a reader sees the old cache or the new one,
never half of one. Two runs at once (the pre-commit hook and the watcher) each write
a complete cache; the last one wins, and either is correct.

Racy files: a file edited twice within one tick of the file system's clock can keep
its size and mtime. Like git, we do not trust the stamp of a file whose mtime or ctime
is not clearly older than the moment the run started (by store.RACY_MARGIN_NS): its
entry also holds the bytes it was read from, when the loader has them (the file just
edited before a commit; not a fresh clone: loader.HELD_MAX), and is used only while the
file holds exactly those bytes. Without them, the file is read again next time. Once
the file has been still for a while, its entry is kept without the bytes.

Where the file goes and how it is written and checked whole: store.py. How a result
becomes plain tuples and back: codec.py.
"""

from __future__ import annotations

import marshal
import os
import struct
import sys

from .. import __version__
from . import store
from .codec import (
    FIELD_NAMES,
    decode_application,
    decode_diagnostics,
    intern_shape,
    read_result_class,
    ready_for,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a few ms)
if TYPE_CHECKING:
    from ..reading.reader import ReadResult

FORMAT = 3
MAGIC = b"jrnl-rej cache\n"


# -- what invalidates everything ------------------------------------------------------------


def header_for(root, config) -> tuple:
    """Everything that must match for any entry of a cache file to be trusted."""
    return (
        FORMAT,
        __version__,
        sys.implementation.cache_tag,
        marshal.version,
        os.path.realpath(root),
        config.fingerprint(),
        FIELD_NAMES,
        store.code_stamp(),
    )


# -- the cache file ---------------------------------------------------------------------------

_STAMP = struct.Struct("<qqQQ")  # mtime_ns, ctime_ns, size, inode


class JournalCache:
    """The remembered results of one journal.

    On disk: (header, shapes, entries), entries mapping relpath to
    (packed stamp, shape number, values, diagnostics), and for a racy file the bytes it
    was read from after those.
    """

    def __init__(self, path: str, header: tuple, shapes: tuple = (), entries: dict | None = None, root=None):
        self.path = path
        self.root = root  # where a racy file's bytes are read again
        self.header = header
        self.shapes = shapes
        self.ready = [ready_for(shape) for shape in shapes]
        self.entries: dict[str, tuple] = entries or {}
        self.loaded = frozenset(self.entries)
        self.fresh: dict[str, tuple] = {}  # read this run, to be remembered: relpath -> entry
        self.hits = 0
        self.confirmed: dict[str, bytes] = {}  # racy files found to hold their entry's bytes
        self._result = read_result_class()

    def get(self, relpath: str, stamp: tuple, started_ns: int | None = None) -> ReadResult | None:
        """The remembered result when the file's stamp is exactly the remembered one (and a
        racy file holds the same bytes). `started_ns`: when the run began; a racy file still
        since then is kept without its bytes from now on."""
        entry = self.entries.get(relpath)
        if entry is None:
            return None
        try:
            if entry[0] != _STAMP.pack(*stamp):
                del self.entries[relpath]  # the file changed: forget what it used to say
                return None
            if len(entry) == 5 and not self._holds(relpath, entry, stamp, started_ns):
                return None
            app = decode_application(relpath, self.ready[entry[1]], entry[2])
            diagnostics = decode_diagnostics(relpath, entry[3]) if entry[3] else []
        except Exception:  # a shape we do not recognise: read the file instead
            self.entries.pop(relpath, None)
            return None
        self.hits += 1
        return self._result(app, diagnostics, None)

    def _holds(self, relpath: str, entry: tuple, stamp: tuple, started_ns: int | None) -> bool:
        if not store.still_holds(self.root, relpath, entry[4]):
            del self.entries[relpath]
            return False
        if started_ns is not None and not store.racy(stamp, started_ns):
            self.fresh[relpath] = (entry[0], self.shapes[entry[1]], entry[2], entry[3])  # still since: no bytes
        else:
            self.confirmed[relpath] = entry[4]
        return True

    def put(self, relpath: str, stamp: tuple, encoded: tuple, started_ns: int, data: bytes | None = None) -> None:
        """Remember a result, unless the file changed too recently to be told apart later by its
        stamp and `data`, the bytes it was read from, is not given."""
        racy = store.racy(stamp, started_ns)
        if racy and data is None:
            return
        shape, values, diagnostics = encoded
        try:
            packed = _STAMP.pack(*stamp)
        except struct.error:  # a time outside what 64 bits of nanoseconds hold: read it every time
            return
        entry = (packed, shape, values, diagnostics)
        self.fresh[relpath] = (*entry, data) if racy else entry

    def save(self, relpaths) -> bool:
        """Write the cache for exactly these paths, when anything changed. Never raises."""
        if not self.fresh and self.hits == len(relpaths) == len(self.loaded):
            return False  # every file came from the cache, and no other file was in it
        shapes: dict[tuple, int] = {}
        numbers: dict[int, int] = {}  # id(shape) -> its number: one object per shape (intern_shape), hashed once
        keep = {}
        fresh, entries = self.fresh.get, self.entries.get
        for relpath in relpaths:
            entry = fresh(relpath)
            if entry is not None:
                shape = entry[1]
            else:
                entry = entries(relpath)
                if entry is None:
                    continue
                shape = self.shapes[entry[1]]
            number = numbers.get(id(shape))
            if number is None:
                number = numbers[id(shape)] = shapes.setdefault(shape, len(shapes))
            keep[relpath] = (entry[0], number, *entry[2:])
        if not self.fresh and frozenset(keep) == self.loaded:
            return False
        try:
            payload = marshal.dumps((self.header, tuple(shapes), keep), 4)
        except ValueError:  # an unmarshallable value slipped through: stay uncached
            return False
        return store.write_private(self.path, store.seal(MAGIC, payload))


def read_cache(path: str, header: tuple) -> tuple[tuple, dict]:
    """(shapes, entries) of a cache file; ((), {}) when it is missing, damaged, foreign or stale."""
    try:
        payload = store.unseal(path, MAGIC)
        if payload is None:
            return (), {}
        stored_header, shapes, entries = marshal.loads(payload)
        if stored_header != header or type(shapes) is not tuple or type(entries) is not dict:
            return (), {}
        for shape in shapes:
            ready_for(shape)  # raises on anything we would not have written
        shapes = tuple(map(intern_shape, shapes))  # one object per shape, be it loaded or read now
        for relpath, entry in entries.items():
            if type(relpath) is not str or type(entry) is not tuple or len(entry) not in (4, 5):
                return (), {}
            if len(entry) == 5 and type(entry[4]) is not bytes:
                return (), {}
        return shapes, entries
    except Exception:  # whatever is wrong with it, it is not trusted: read the files instead
        return (), {}


def open_cache(root, config) -> JournalCache | None:
    """The journal's cache (empty when there is none yet), or None when caching is off."""
    folder = store.cache_folder()
    if folder is None or not store.private_folder(folder):
        return None
    header = header_for(root, config)
    path = store.cache_path(folder, root, ".cache")
    shapes, entries = read_cache(path, header)
    try:
        return JournalCache(path, header, shapes, entries, root)
    except Exception:
        return JournalCache(path, header, root=root)
