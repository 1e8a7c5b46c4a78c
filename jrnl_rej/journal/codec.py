"""Turning a file's ReadResult into plain tuples for the read cache (cache.py), and back.

Plain tuples, not pickle: why, and how a damaged or forged entry is refused, is in
cache.py's docstring. Every value is checked as it is rebuilt; anything unexpected raises,
and the cache then reads the file instead.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import sys
from datetime import date

from ..core.diagnostics import Diagnostic, Edit, Fix
from ..core.model import Application, Position
from . import store
from .store import Unencodable

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a few ms)
if TYPE_CHECKING:
    from ..reading.reader import ReadResult


def _fields(cls) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


_APP_FIELDS = _fields(Application)
_DIAG_FIELDS = Diagnostic._fields
_FIX_FIELDS = Fix._fields
_EDIT_FIELDS = Edit._fields


FIELD_NAMES = (_APP_FIELDS, _DIAG_FIELDS, _FIX_FIELDS, _EDIT_FIELDS)  # in the cache's header


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


def ready_for(shape) -> tuple:
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


def decode_diagnostics(relpath: str, encoded) -> list[Diagnostic]:
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
def read_result_class():
    from ..reading.reader import ReadResult  # here: a check that finds nothing changed never needs it

    return ReadResult


def decode_result(relpath: str, encoded) -> ReadResult:
    """The ReadResult again, equal to the one encoded, with no Document. Raises on bad shapes."""
    shape, values, diagnostics = encoded
    app = decode_application(relpath, ready_for(shape), values)
    return read_result_class()(app, decode_diagnostics(relpath, diagnostics) if diagnostics else [], None)
