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
import functools
import marshal
import operator
import os
import struct
import sys
from datetime import date

from .. import __version__
from ..core.diagnostics import Diagnostic, Edit, Fix
from ..core.model import Application, Position
from . import store
from .store import Unencodable

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a few ms)
if TYPE_CHECKING:
    from ..reading.reader import ReadResult

FORMAT = 2
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
# field: dates as day ordinals, position maps as None. `shape` says which fields hold a
# date and, for each position map, its keys and where they sit; a journal has few distinct
# shapes next to its files (they are written alike), so each is stored once and rebuilt
# once, and an application is rebuilt from its values with a few dictionary copies. The
# path is the entry's key, not repeated.
#
# How a value is kept follows from its type, among those its field declares (model.py).
# Encoding works out once, for each combination of value types it meets (a journal has
# few), which fields need what: a file then costs a few short loops. A value of a type its
# field does not declare cannot be kept (Unencodable).

_AS_IS, _TEXT, _DAY, _DAYS, _WORDS, _PLACES, _ITEM_PLACES = range(7)
_NONE = type(None)
# How a field is kept, by its declared type: {type of its value: how}. A field of a type
# not listed here cannot be kept at all (test_cache checks that the model has none).
_BY_DECLARED = {
    "str": {str: _TEXT},
    "str | None": {str: _TEXT, _NONE: _AS_IS},
    "bool": {bool: _AS_IS},
    "date | None": {date: _DAY, _NONE: _AS_IS},
    "date | str | None": {date: _DAY, str: _TEXT, _NONE: _AS_IS},
    "tuple[date, ...]": {tuple: _DAYS},
    "tuple[str, ...]": {tuple: _WORDS},
    "frozenset[str]": {frozenset: _WORDS},
    "dict[str, Position]": {dict: _PLACES},
    "dict[str, tuple[Position, ...]]": {dict: _ITEM_PLACES},
}
_INTERN_LIMIT = 40  # short strings repeat (statuses, sources, tags): share one copy of each
_APP_PATH = _APP_FIELDS.index("path")
_DIAG_PATH = _DIAG_FIELDS.index("path")
_DIAG_FIX = _DIAG_FIELDS.index("fix")

_ENCODING = [_BY_DECLARED.get(f.type, {}) for f in dataclasses.fields(Application) if f.init]
_ENCODING[_APP_PATH] = {str: _AS_IS}  # the entry's key: kept as None


def _fields_kept(how: int) -> tuple[int, ...]:
    return tuple(index for index, table in enumerate(_ENCODING) if how in table.values())


_DAY_FIELDS = frozenset(_fields_kept(_DAY))
_DAY_TUPLES = _fields_kept(_DAYS)
_MAPS = tuple((index, how) for index, table in enumerate(_ENCODING)
              for how in table.values() if how in (_PLACES, _ITEM_PLACES))  # fmt: skip
_values_of = operator.attrgetter(*_APP_FIELDS)
_NO_PLACES = ((), (), ())


class _Table(dict):
    """Values worked out once per key: one Position per place, one date per day, one plan
    per combination of value types."""

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


def _encoding(kinds: tuple) -> tuple:
    """(text fields, date fields, (field, encode) of collections) for values of these types."""
    texts, days, collections = [], [], []
    for index, (kind, table) in enumerate(zip(kinds, _ENCODING, strict=True)):
        how = table.get(kind)
        if how is None:
            raise Unencodable(f"{_APP_FIELDS[index]}: {kind.__name__}")
        if how == _TEXT:
            texts.append(index)
        elif how == _DAY:
            days.append(index)
        elif how == _DAYS:
            collections.append((index, _encode_days))
        elif how == _WORDS:
            collections.append((index, _encode_words))
    return tuple(texts), tuple(days), tuple(collections)


def _encode_days(days: tuple) -> tuple:
    for day in days:
        if type(day) is not date:
            raise Unencodable(type(day).__name__)
    return tuple(map(date.toordinal, days))


def _encode_words(words):
    """Tags and rule names: words, which repeat, so all are shared (sys.intern also refuses
    anything that is not exactly str)."""
    try:
        return type(words)(map(sys.intern, words))
    except TypeError:
        raise Unencodable("text") from None


def _places(positions) -> tuple[tuple, tuple]:
    """(lines, columns) of some Positions."""
    lines, columns = [], []
    for place in positions:
        if type(place) is not Position:
            raise Unencodable(type(place).__name__)
        lines.append(place.line)
        columns.append(place.column)
    return tuple(lines), tuple(columns)


def _encode_map(how: int, mapping: dict) -> tuple:
    """(keys, lines, columns) of a map of keys to positions, or to tuples of positions (then
    each key has a tuple of lines and one of columns). Keys are shared once the shape is
    known to be new (intern_shape)."""
    if not mapping:  # item positions, in most files
        return _NO_PLACES
    if how == _PLACES:
        return (tuple(mapping), *_places(mapping.values()))
    for value in mapping.values():
        if type(value) is not tuple:
            raise Unencodable(type(value).__name__)
    return (tuple(mapping), *zip(*map(_places, mapping.values())))  # noqa: B905  (pairs)


def _make_places(where) -> tuple[Position, ...]:
    lines, columns = where
    if type(lines) is not tuple or type(columns) is not tuple or len(lines) != len(columns):
        raise ValueError("bad positions")
    return tuple(map(_positions.__getitem__, zip(lines, columns)))  # noqa: B905


# Below, lengths are checked before zip (B905): zip(strict=...) costs a parse of its keyword.


def _map_of(keys, places: tuple) -> dict:
    if type(keys) is not tuple or len(keys) != len(places):
        raise ValueError("bad map")
    "".join(keys)  # raises TypeError unless all keys are text (marshal gives no subclass of str)
    return dict(zip(keys, places))  # noqa: B905


def _decode_positions(layout) -> dict:
    keys, lines, columns = layout
    return _map_of(keys, _places_of[lines, columns])


def _decode_item_positions(layout) -> dict:
    keys, lines, columns = layout
    if type(lines) is not tuple or type(columns) is not tuple or len(lines) != len(columns):
        raise ValueError("bad item positions")
    return _map_of(keys, tuple(map(_places_of.__getitem__, zip(lines, columns))))  # noqa: B905


def _prepare(shape) -> tuple:
    """(date fields, (field, map to copy) for each map) of applications of this shape. Raises
    on anything encoding would not have written."""
    if type(shape) is not tuple or len(shape) != 1 + len(_MAPS):
        raise ValueError("bad shape")
    days = shape[0]
    if type(days) is not tuple or not _DAY_FIELDS.issuperset(days):  # a 3.0 passes, then fails to decode
        raise ValueError("bad field")
    maps = []
    for (index, how), layout in zip(_MAPS, shape[1:]):  # noqa: B905
        maps.append((index, _decode_positions(layout) if how == _PLACES else _item_maps[layout]))
    return days, tuple(maps)


def _share_keys(shape: tuple) -> tuple:
    """The shape with its keys shared, once it is known to be new. Raises Unencodable for a
    key that is not text."""
    days, *layouts = shape
    try:
        return days, *((tuple(map(sys.intern, keys)), *places) for keys, *places in layouts)
    except TypeError:
        raise Unencodable("a key that is not text") from None


_positions = _Table(_make_position)
_places_of = _Table(_make_places)  # a journal's keys sit on few distinct sets of lines
_item_maps = _Table(_decode_item_positions)  # few: most files have none, the others a line or two
_dates = _Table(date.fromordinal)
_encodings = _Table(_encoding)
_canonical: dict[tuple, tuple] = {}  # shape -> the one object for it; never dropped, as _ready needs
_ready: dict[int, tuple] = {}  # id of a canonical shape -> what decoding needs (_prepare)


def intern_shape(shape: tuple) -> tuple:
    """One object per distinct shape, however many files share it (and however it arrived)."""
    found = _canonical.get(shape)
    if found is None:
        found = _share_keys(shape)
        _canonical[found] = found
    return found


def _ready_for(shape) -> tuple:
    """What decoding applications of this shape needs. A canonical shape (intern_shape) is
    found by its id, which no other object can have while it lives (it always does): the
    loader has just interned the shape, so hashing it again would be waste."""
    ready = _ready.get(id(shape))
    if ready is None:
        ready = _prepare(shape)
        _ready[id(intern_shape(shape))] = ready
    return ready


def _short(text: str) -> str:
    return sys.intern(text) if len(text) <= _INTERN_LIMIT else text


def encode_application(app: Application) -> tuple[tuple, tuple]:
    """(shape, values) of an application. Raises Unencodable for a value of unknown type."""
    values = _values_of(app)
    texts, days, collections = _encodings[tuple(map(type, values))]
    out = list(values)
    out[_APP_PATH] = None
    for index in texts:
        text = out[index]
        if len(text) <= _INTERN_LIMIT:
            out[index] = sys.intern(text)
    for index in days:
        out[index] = out[index].toordinal()
    for index, encode in collections:
        if out[index]:  # most are empty
            out[index] = encode(out[index])
    shape = [days]
    for index, how in _MAPS:
        shape.append(_encode_map(how, out[index]))
        out[index] = None
    return intern_shape(tuple(shape)), tuple(out)


def decode_application(relpath: str, ready: tuple, values: tuple) -> Application:
    """The application again, from its values and what its shape gives (`_prepare`)."""
    if len(values) != len(_APP_FIELDS):
        raise ValueError("bad application")
    days, maps = ready
    out = list(values)
    out[_APP_PATH] = relpath
    for index in days:
        out[index] = _dates[out[index]]
    for index in _DAY_TUPLES:
        out[index] = tuple(map(_dates.__getitem__, out[index])) if out[index] else ()
    for index, template in maps:
        out[index] = template.copy()  # Positions are frozen: sharing them is safe
    return Application(*out)


def _plain(value):
    """A value of a diagnostic, as marshal keeps it: text (short text shared), numbers, None."""
    kind = type(value)
    if kind is str:
        return _short(value)
    if kind is int or kind is bool or kind is _NONE:
        return value
    raise Unencodable(kind.__name__)


def encode_result(result: ReadResult) -> tuple[tuple, tuple, tuple]:
    """(shape, values, diagnostics) of a ReadResult, without its Document. Raises Unencodable."""
    app = result.application
    shape, values = encode_application(app)
    return shape, values, _encode_diagnostics(app.path, result.diagnostics) if result.diagnostics else ()


def _encode_diagnostics(path: str, diagnostics: list[Diagnostic]) -> tuple:
    encoded = []
    for diag in diagnostics:
        if diag.path != path:
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
        encoded.append(tuple(out))
    return tuple(encoded)


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


@functools.cache
def _read_result():
    from ..reading.reader import ReadResult  # here: a check that finds nothing changed never needs it

    return ReadResult


def decode_result(relpath: str, encoded) -> ReadResult:
    """The ReadResult again, equal to the one encoded, with no Document. Raises on bad shapes."""
    shape, values, diagnostics = encoded
    app = decode_application(relpath, _ready_for(shape), values)
    return _read_result()(app, _decode_diagnostics(relpath, diagnostics) if diagnostics else [], None)


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
        self.ready = [_ready_for(shape) for shape in shapes]
        self.entries: dict[str, tuple] = entries or {}
        self.loaded = frozenset(self.entries)
        self.fresh: dict[str, tuple] = {}  # read this run, to be remembered: relpath -> entry
        self.hits = 0
        self._result = _read_result()

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
            _ready_for(shape)  # raises on anything we would not have written
        shapes = tuple(map(intern_shape, shapes))  # one object per shape, be it loaded or read now
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
