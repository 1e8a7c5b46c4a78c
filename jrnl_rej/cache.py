"""Remembering what reading each file gave, so that a second run only reads what changed.

One cache file per journal, in the user's cache folder (never inside the journal),
named by a hash of the journal's real path. An entry is trusted only when the file's
metadata (mtime_ns, ctime_ns, size, inode) is exactly what it was when it was read,
and the whole file only when it was written by this version of the code, for the same
journal and the same parsing settings (`Config.fingerprint()`).

Format: marshal of plain tuples (str, int, bool, None, tuple, frozenset, dict), behind
a header with a magic line, a format number, the payload's length and its CRC-32.

- Not pickle: unpickling runs whatever the file names, so a cache folder that someone
  else can write to would be a way to run code as the user. It is also slower here:
  our model classes are frozen dataclasses with slots, which unpickle through
  Python-level `__setstate__` (measured: 0.5 s to load 10,000 files, against a few
  hundredths of a second for the tuples below, rebuilt by hand).
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
its size and mtime. Like git, we refuse to remember a file whose mtime or ctime is
not clearly older than the moment the run started (by store.RACY_MARGIN_NS): it is read
again next time, until it has been still for a while.

Where the file goes and how it is written and checked whole: store.py.
"""

from __future__ import annotations

import dataclasses
import marshal
import os
import struct
import sys
from datetime import date
from typing import TYPE_CHECKING

from . import __version__, store
from .diagnostics import Diagnostic, Edit, Fix
from .model import Application, Position
from .store import Unencodable

if TYPE_CHECKING:
    from .reader import ReadResult

FORMAT = 1
MAGIC = b"jrnl-rej cache\n"


# -- what invalidates everything ------------------------------------------------------------


def _fields(cls) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


_APP_FIELDS = _fields(Application)
_DIAG_FIELDS = Diagnostic._fields
_FIX_FIELDS = Fix._fields
_EDIT_FIELDS = Edit._fields


def header_for(root, config) -> tuple:
    """Everything that must match for any entry of a cache file to be trusted."""
    return (
        FORMAT,
        __version__,
        sys.implementation.cache_tag,
        marshal.version,
        os.path.realpath(root),
        config.fingerprint(),
        (_APP_FIELDS, _DIAG_FIELDS, _FIX_FIELDS, _EDIT_FIELDS),
        store.code_stamp(),
    )


# -- turning results into plain tuples and back -----------------------------------------------
#
# An application becomes (shape, values, diagnostics). `values` holds one plain value per
# field: dates as day ordinals, position maps as None. `shape` says which fields hold
# dates and where every key sits; a journal has few distinct shapes (files are written
# alike), so each is stored once and rebuilt once, and an application is rebuilt from
# its values with a few dictionary copies. The path is the entry's key, not repeated.

_DATE, _DATES, _POSITIONS, _ITEM_POSITIONS = 0, 1, 2, 3
_PLAIN = (str, int, bool, type(None))
_INTERN_LIMIT = 40  # short strings repeat (statuses, sources, tags): share one copy of each
_APP_PATH = _APP_FIELDS.index("path")
_DIAG_PATH = _DIAG_FIELDS.index("path")
_DIAG_FIX = _DIAG_FIELDS.index("fix")


class _Table(dict):
    """Interned immutable values: one Position per place, one date per day."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value


def _make_position(pair) -> Position:
    line, column = pair
    if type(line) is not int or type(column) is not int:
        raise ValueError("bad position")
    return Position(line, column)


_positions = _Table(_make_position)
_dates = _Table(date.fromordinal)
_shapes: dict[tuple, tuple] = {}  # shape -> what decoding needs, built once per shape
_interned: dict[tuple, tuple] = {}


def intern_shape(shape: tuple) -> tuple:
    """One object per distinct shape, however many files share it (and however it arrived)."""
    return _interned.setdefault(shape, shape)


def _short(text: str) -> str:
    return sys.intern(text) if len(text) <= _INTERN_LIMIT else text


def _plain(value):
    """A value marshal keeps as it is: text, numbers, None, and tuples or sets of text."""
    kind = type(value)
    if kind is str:
        return _short(value)
    if kind in _PLAIN:
        return value
    if kind is tuple or kind is frozenset:
        if all(type(v) is str for v in value):
            return kind(_short(v) for v in value)
    raise Unencodable(kind.__name__)


def encode_application(app: Application) -> tuple[tuple, tuple]:
    """(shape, values) of an application. Raises Unencodable for a value of unknown type."""
    values, shape = [], []
    for index, name in enumerate(_APP_FIELDS):
        value = getattr(app, name)
        if value is None or index == _APP_PATH:  # most fields of most files are empty
            values.append(None)
            continue
        kind = type(value)
        if kind is str:
            values.append(sys.intern(value) if len(value) <= _INTERN_LIMIT else value)
        elif kind is date:
            values.append(value.toordinal())
            shape.append((index, _DATE))
        elif kind is tuple and value and all(type(v) is date for v in value):
            values.append(tuple(v.toordinal() for v in value))
            shape.append((index, _DATES))
        elif kind is dict:
            if all(type(v) is Position for v in value.values()):
                layout = tuple((_short(k), p.line, p.column) for k, p in value.items())
                shape.append((index, _POSITIONS, layout))
            elif all(type(v) is tuple and all(type(p) is Position for p in v)
                     for v in value.values()):  # fmt: skip
                layout = tuple((_short(k), tuple((p.line, p.column) for p in v))
                               for k, v in value.items())  # fmt: skip
                shape.append((index, _ITEM_POSITIONS, layout))
            else:
                raise Unencodable("dict")
            values.append(None)
        else:
            values.append(_plain(value))
    return intern_shape(tuple(shape)), tuple(values)


def _prepare(shape) -> tuple:
    """What decoding an application of this shape needs: date fields, and map templates."""
    single, several, maps = [], [], []
    for part in shape:
        index, how = part[0], part[1]
        if type(index) is not int or not 0 <= index < len(_APP_FIELDS):
            raise ValueError("bad field")
        if how == _DATE:
            single.append(index)
        elif how == _DATES:
            several.append(index)
        elif how == _POSITIONS:
            maps.append((index, {k: _positions[(line, column)] for k, line, column in part[2]}))
        elif how == _ITEM_POSITIONS:
            maps.append((index, {k: tuple(_positions[p] for p in places) for k, places in part[2]}))
        else:
            raise ValueError("bad shape")
    return tuple(single), tuple(several), tuple(maps)


def prepared(shape) -> tuple:
    found = _shapes.get(shape)
    if found is None:
        found = _shapes[shape] = _prepare(shape)
    return found


def decode_application(relpath: str, ready: tuple, values: tuple) -> Application:
    if len(values) != len(_APP_FIELDS):
        raise ValueError("bad application")
    single, several, maps = ready
    values = list(values)
    values[_APP_PATH] = relpath
    day = _dates.__getitem__
    for index in single:
        values[index] = day(values[index])
    for index in several:
        values[index] = tuple(map(day, values[index]))
    for index, template in maps:
        values[index] = template.copy()  # Positions are frozen: sharing them is safe
    return Application(*values)


def encode_result(result: ReadResult) -> tuple[tuple, tuple, tuple]:
    """(shape, values, diagnostics) of a ReadResult, without its Document. Raises Unencodable."""
    app = result.application
    shape, values = encode_application(app)
    diagnostics = []
    for diag in result.diagnostics:
        if diag.path != app.path:
            raise Unencodable("a diagnostic about another file")
        out = []
        for index, name in enumerate(_DIAG_FIELDS):
            value = getattr(diag, name)
            if index == _DIAG_PATH:
                value = None
            elif index == _DIAG_FIX:
                value = store.encode_fix(value)
            else:
                value = _plain(value)
            out.append(value)
        diagnostics.append(tuple(out))
    return shape, values, tuple(diagnostics)


def _decode_diagnostics(relpath: str, encoded) -> list[Diagnostic]:
    out = []
    for values in encoded:
        if len(values) != len(_DIAG_FIELDS):
            raise ValueError("bad diagnostic")
        values = list(values)
        values[_DIAG_PATH] = relpath
        if values[_DIAG_FIX] is not None:
            values[_DIAG_FIX] = store.decode_fix(values[_DIAG_FIX])
        out.append(Diagnostic(*values))
    return out


def decode_result(relpath: str, encoded) -> ReadResult:
    """The ReadResult again, equal to the one encoded, with no Document. Raises on bad shapes."""
    from .reader import ReadResult

    shape, values, diagnostics = encoded
    app = decode_application(relpath, prepared(shape), values)
    return ReadResult(app, _decode_diagnostics(relpath, diagnostics), None)


# -- the cache file ---------------------------------------------------------------------------

_STAMP = struct.Struct("<qqQQ")  # mtime_ns, ctime_ns, size, inode


class JournalCache:
    """The remembered results of one journal.

    On disk: (header, shapes, entries), entries mapping relpath to
    (packed stamp, shape number, values, diagnostics).
    """

    def __init__(self, path: str, header: tuple, shapes: tuple = (), entries: dict | None = None):
        self.path = path
        self.header = header
        self.shapes = shapes
        self.ready = [_prepare(shape) for shape in shapes]
        self.entries: dict[str, tuple] = entries or {}
        self.loaded = frozenset(self.entries)
        self.fresh: dict[str, tuple] = {}  # read this run, to be remembered: relpath -> entry
        self.hits = 0
        from .reader import ReadResult  # here: a check that finds nothing changed never needs it

        self._result = ReadResult

    def get(self, relpath: str, stamp: tuple) -> ReadResult | None:
        """The remembered result when the file's stamp is exactly the remembered one."""
        entry = self.entries.get(relpath)
        if entry is None:
            return None
        try:
            if entry[0] != _STAMP.pack(*stamp):
                del self.entries[relpath]  # the file changed: forget what it used to say
                return None
            app = decode_application(relpath, self.ready[entry[1]], entry[2])
            diagnostics = _decode_diagnostics(relpath, entry[3]) if entry[3] else []
        except Exception:  # a shape we do not recognise: read the file instead
            self.entries.pop(relpath, None)
            return None
        self.hits += 1
        return self._result(app, diagnostics, None)

    def put(self, relpath: str, stamp: tuple, encoded: tuple, started_ns: int) -> None:
        """Remember a result, unless the file changed too recently to be told apart later."""
        if max(stamp[0], stamp[1]) >= started_ns - store.RACY_MARGIN_NS:
            return
        shape, values, diagnostics = encoded
        try:
            packed = _STAMP.pack(*stamp)
        except struct.error:  # a time outside what 64 bits of nanoseconds hold: read it every time
            return
        self.fresh[relpath] = (packed, shape, values, diagnostics)

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
            keep[relpath] = (entry[0], number, entry[2], entry[3])
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
            _prepare(shape)  # raises on anything we would not have written
        for relpath, entry in entries.items():
            if type(relpath) is not str or type(entry) is not tuple or len(entry) != 4:
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
        return JournalCache(path, header, shapes, entries)
    except Exception:
        return JournalCache(path, header)
