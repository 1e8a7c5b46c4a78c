"""Turning an application file's bytes into an Application and the problems found on the way.

document.py splits and composes the front matter; this module reads each value as the
field it is (text, a date, a status, a list) and says what is wrong with it. Nothing here
raises on bad input: every failure becomes a diagnostic.
"""

from __future__ import annotations

import os
from functools import lru_cache

from ..core import dates
from ..core.diagnostics import ERROR, WARNING, Diagnostic, Edit, Fix, by_place
from ..core.model import (
    DATE_FIELDS,
    IGNORE_KEY,
    KINDS,
    KNOWN_FIELDS,
    STATUSES,
    TEXT_FIELDS,
    UNREADABLE,
    Application,
    Position,
)
from ..core.shell import FILE
from ..core.text import closest, edit_distance
from ..journal.writer import read_regular_stat
from .document import decode, read_document
from .links import is_placeholder, link_text
from .nodes import NULL_TAG, Document, Entry, Scalar, replace_end

_FALSE_WORDS = {"no", "false", "off", "n"}
_TRUE_WORDS = {"yes", "true", "on", "y"}
_RESOLVE_AGAINST_TODAY = Fix(False, description="write the day the words mean, seen from --today")


class ReadResult:
    __slots__ = ("application", "diagnostics", "document")

    def __init__(self, application: Application, diagnostics: list[Diagnostic], document):
        self.application = application
        self.diagnostics = diagnostics
        self.document = document


class _Reader:
    """Builds one Application from a Document, collecting reading diagnostics."""

    def __init__(self, path: str, date_order: str | None):
        self.path = path
        self.date_order = date_order
        self.source = ""  # the file's text, once read() has it
        self.diagnostics: list[Diagnostic] = []
        self.app = Application(path=path)

    def add(self, line: int, column: int, rule: str, severity: str, message: str, fix=None):
        self.diagnostics.append(
            Diagnostic(self.path, line, column, rule, severity, message, fix)
        )
        if severity == ERROR:
            self.app.has_errors = True

    def invalid(self, where, message: str) -> None:
        self.add(where.line, where.column, "invalid-value", ERROR, message)

    # -- values ---------------------------------------------------------------

    def text(self, entry: Entry) -> str | None:
        if entry.value_kind != "scalar":
            shape = "a list" if entry.value_kind == "list" else "a mapping"
            self.add(entry.value_line, entry.value_column, "invalid-value", ERROR,
                     f"{entry.key} should be text, not {shape}")  # fmt: skip
            return None
        value = entry.scalar
        if value.tag == NULL_TAG:
            return None
        text = value.raw.strip()
        return text or None

    def date(self, key: str, value: Scalar):
        """Read one date scalar; report problems; return the date or None."""
        reading = dates.read_text(value.raw, self.date_order)
        if reading.kind == dates.ISO:
            return reading.value
        if reading.kind == dates.ABSOLUTE:
            iso = reading.value.isoformat()
            self.add(value.line, value.column, "non-iso-date", WARNING,
                     f"{key}: write {dates.quoted(value.raw.strip())} as {iso}",
                     Fix(True, (Edit(value.start, replace_end(self.source, value), iso),),
                         description=f"write {key} as {iso}"))  # fmt: skip
            return reading.value
        if reading.kind == dates.RELATIVE:
            # Reading does not know today: this fix only marks the finding as fixable;
            # `check --unsafe-fixes` works out the day against --today (fixes.py).
            self.add(value.line, value.column, "relative-date", ERROR, f"{key}: {reading.problem}",
                     _RESOLVE_AGAINST_TODAY)  # fmt: skip
            return None
        self.add(value.line, value.column, "invalid-date", ERROR, f"{key}: {reading.problem}")
        return None

    def single_date(self, entry: Entry):
        if entry.value_kind != "scalar":
            shape = "a list" if entry.value_kind == "list" else "a mapping"
            self.add(entry.value_line, entry.value_column, "invalid-value", ERROR,
                     f"{entry.key} should be one date (YYYY-MM-DD), not {shape}")  # fmt: skip
            return None
        if entry.scalar.is_null:
            return None
        return self.date(entry.key, entry.scalar)

    def items(self, entry: Entry) -> list[Scalar]:
        if entry.value_kind == "mapping":
            self.add(entry.value_line, entry.value_column, "invalid-value", ERROR,
                     f"{entry.key} should be a list, not a mapping")  # fmt: skip
            return []
        if entry.bad_item is not None:
            self.invalid(entry.bad_item, f"{entry.key}: each item should be a single value")
        if entry.value_kind == "scalar":
            return [] if entry.scalar.is_null else [entry.scalar]
        return [item for item in entry.items if not item.is_null]

    # -- the file ---------------------------------------------------------------

    def read(self, doc: Document) -> Application:
        app = self.app
        self.source = doc.text
        entries = doc.entries
        positions = app.positions
        placeholder = None  # the first template placeholder met: this file is a template
        for key, entry in entries.items():
            positions[key] = _position(entry.line, entry.column)
            how = _READ_AS.get(key)
            if (how is _TEXT or how is _DATE) and is_placeholder(self.source[entry.value_start : entry.value_end]):
                if placeholder is None:
                    placeholder = entry
                    self.add(entry.value_line, entry.value_column, "front-matter", ERROR, _template_message(
                        key, self.source[entry.value_start : entry.value_end]))  # fmt: skip
                continue
            if how is _TEXT:
                value = self.text(entry)
                setattr(app, key, value if value is None or "[[" not in value else link_text(value))
            elif how is _DATE:
                setattr(app, key, self.single_date(entry))
            elif how is None:
                hint = _suggest_field(key)
                if hint:
                    self.add(entry.line, entry.column, "unknown-field", WARNING,
                             f"unknown key '{key}'; did you mean '{hint}'?")  # fmt: skip
        for key in ("company", "role", "applied") if placeholder is None else ():  # a template's blanks are no news
            if key not in entries or _is_empty(entries[key]):
                self.missing(key, entries)

        if "check_ins" in entries:
            entry = entries["check_ins"]
            found, positions = [], []
            for item in self.items(entry):
                day = self.date("check_ins", item)
                if day is not None:
                    found.append(day)
                    positions.append(_position(item.line, item.column))
            app.check_ins = tuple(found)
            app.item_positions["check_ins"] = tuple(positions)
        if "tags" in entries:
            app.tags = tuple(item.raw for item in self.items(entries["tags"]))

        self.read_replied(entries.get("replied"))
        self.read_revisit(entries.get("revisit"))
        self.read_status(entries)
        self.read_ignore(entries.get(IGNORE_KEY))
        return app

    def missing(self, key: str, entries: dict[str, Entry]) -> None:
        if key in entries:
            entry = entries[key]
            self.add(entry.line, entry.column, "missing-field", ERROR, f"{key} is empty")
        else:
            self.add(1, 1, "missing-field", ERROR, f"{key} is missing; add a line '{key}: ...'")

    def read_replied(self, entry: Entry | None) -> None:
        if entry is None or (entry.value_kind == "scalar" and entry.scalar.is_null):
            return  # an empty `replied:` is not an answer yet
        if entry.value_kind == "scalar":
            word = entry.scalar.raw.strip().lower()
            if word in _FALSE_WORDS:
                self.app.replied = "no"
                return
            if word in _TRUE_WORDS:
                self.add(entry.value_line, entry.value_column, "invalid-value", ERROR,
                         f"replied: {dates.quoted(entry.scalar.raw.strip())} says nothing about when; write "
                         "the date you replied (YYYY-MM-DD), or 'no' if you chose not to")  # fmt: skip
                self.app.replied = UNREADABLE
                return
        # The key is there: whatever the reply problem is, the reply reminder would be noise.
        self.app.replied = self.single_date(entry) or UNREADABLE

    def read_revisit(self, entry: Entry | None) -> None:
        if entry is None:
            return
        if entry.value_kind == "scalar" and not entry.scalar.is_null:
            raw = entry.scalar.raw.strip()
            if raw.lower() == "never":
                self.app.revisit = "never"
                return
            reading = dates.read_text(raw, self.date_order)
            if reading.kind == dates.INVALID and not any(ch.isdigit() for ch in raw):
                self.add(entry.value_line, entry.value_column, "invalid-value", ERROR,
                         f"revisit: {dates.quoted(raw)} should be a date (YYYY-MM-DD) or 'never'")  # fmt: skip
                return
        self.app.revisit = self.single_date(entry)

    def read_status(self, entries: dict[str, Entry]) -> None:
        app = self.app
        entry = entries.get("status")
        status = "open"
        if entry is not None:
            value = self.text(entry)
            if value is not None:
                status = value
                if value not in STATUSES:
                    self.invalid(entry.scalar, _not_one_of("status", value, STATUSES))
        app.status = status
        entry = entries.get("rejection")
        if entry is not None:
            value = self.text(entry)
            if value is not None:
                if value in KINDS:
                    app.rejection = value
                else:
                    self.invalid(entry.scalar, _not_one_of("rejection", value, KINDS))
        if status == "rejected":
            if app.rejected is None and ("rejected" not in entries or _is_empty(entries["rejected"])):
                where = entries.get("status")
                self.add(where.line, where.column, "missing-field", ERROR,
                         "status is rejected, but the date is missing; add 'rejected: YYYY-MM-DD'")  # fmt: skip
        elif status in STATUSES:
            stray = [k for k in ("rejected", "rejection") if k in entries and not _is_empty(entries[k])]
            if stray:
                where = entries.get("status") or entries[stray[0]]
                self.add(where.line, where.column, "invalid-value", ERROR,
                         f"status is {status}, but {' and '.join(stray)} "
                         f"{'is' if len(stray) == 1 else 'are'} set; "
                         "use 'status: rejected', or remove them")  # fmt: skip

    def read_ignore(self, entry: Entry | None) -> None:
        if entry is None:
            return
        rules = _rules()
        names = set()
        for item in self.items(entry):
            name = item.raw.strip()
            rule = rules.get(name)
            if rule is None:
                hint = closest(name, list(rules))
                tail = f"; did you mean '{hint}'?" if hint else ""
                self.invalid(item, f"{IGNORE_KEY}: unknown rule {name!r}{tail}")
            elif rule.severity == ERROR:
                self.invalid(item, f"{IGNORE_KEY}: {name} is an error and cannot be silenced; "
                                   "fix the value instead")  # fmt: skip
            else:
                names.add(name)
        self.app.ignore = frozenset(names)


@lru_cache(maxsize=1)
def _rules() -> dict:
    """The rule registry, loaded once (the rules are not needed until a file names one)."""
    from ..rules import RULES

    return RULES


# How read() takes each known key as it meets it: one text value, one date, or later (the
# keys whose reading depends on others, or on a list); a key not here is unknown.
_ALL_KEYS = (*KNOWN_FIELDS, IGNORE_KEY)
_TEXT, _DATE, _LATER = "text", "date", "later"
_READ_AS = {
    **{key: _LATER for key in _ALL_KEYS},
    **{key: _TEXT for key in TEXT_FIELDS},
    **{key: _DATE for key in DATE_FIELDS if key not in ("replied", "revisit")},
}
_POSITIONS: dict[tuple[int, int], Position] = {}


def _position(line: int, column: int) -> Position:
    """Position(line, column), shared: it is frozen, and a journal's keys sit on the same few lines."""
    found = _POSITIONS.get((line, column))
    if found is None:
        found = Position(line, column)
        if len(_POSITIONS) < 10_000:
            _POSITIONS[(line, column)] = found
    return found


def _template_message(key: str, value: str) -> str:
    shown = value.strip().strip("\"'")
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return (f"this file looks like a template: {key} holds the placeholder {shown}, which Obsidian fills in "
            "when it makes a note from it; keep templates in the Templates/ folder, or list this one in exclude")


def _is_empty(entry: Entry) -> bool:
    return entry.value_kind == "scalar" and (entry.scalar.is_null or not entry.scalar.raw.strip())


def _not_one_of(key: str, value: str, choices: tuple[str, ...]) -> str:
    hint = closest(value, choices)
    tail = f"; did you mean '{hint}'?" if hint else ""
    return f"{key} {dates.quoted(value)} is not one of {', '.join(choices)}{tail}"


@lru_cache(maxsize=4096)
def _suggest_field(key: str) -> str | None:
    lowered = key.lower()
    best, best_distance = None, 3
    for known in _ALL_KEYS:
        distance = edit_distance(lowered, known, 2)
        if distance < best_distance:
            best, best_distance = known, distance
    return best


def read_text(path: str, text: str, bom: bool, date_order: str | None) -> ReadResult:
    """Read an application from decoded text."""
    doc, problems = read_document(text, bom)
    reader = _Reader(path, date_order)
    for line, column, message in problems:
        reader.add(line, column, "front-matter", ERROR, message)
    if doc is not None:
        reader.read(doc)
    else:
        reader.app.has_errors = True
    if len(reader.diagnostics) > 1:
        reader.diagnostics.sort(key=by_place)
    return ReadResult(reader.app, reader.diagnostics, doc)


def read_path(root, relpath: str, date_order: str | None) -> tuple[ReadResult, os.stat_result | None]:
    """Read one application file, and its stat as it was when opened; a file that cannot be
    opened becomes a front-matter error (and no stat), and so does a folder that cannot be
    listed ('folder/', as discover lists it)."""
    return read_path_bytes(root, relpath, date_order)[:2]


def read_path_bytes(root, relpath: str, date_order: str | None,
                    ) -> tuple[ReadResult, os.stat_result | None, bytes | None]:  # fmt: skip
    """read_path, with the bytes the result was read from (None when none could be read)."""
    if relpath.endswith("/"):
        return _unlisted(relpath, os.path.join(root, relpath)), None, None
    try:
        # Non-blocking and bounded: a FIFO or device swapped in after discovery cannot hang the run.
        data, info = read_regular_stat(os.path.join(root, relpath))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        diag = Diagnostic(relpath, 1, 1, "front-matter", ERROR, f"cannot read the file: {reason}")
        return ReadResult(Application(path=relpath, has_errors=True), [diag], None), None, None
    return read_bytes(relpath, data, date_order), info, data


def _unlisted(relpath: str, full: str) -> ReadResult:
    try:
        os.listdir(full)
        reason = "it changed while it was read; run the command again"
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
    message = (f"cannot read this folder ({reason}), so its applications are not checked; "
               f"give yourself access ('chmod u+rwx {FILE}') or list it under exclude in jrnl-rej.toml")  # fmt: skip
    diag = Diagnostic(relpath, 1, 1, "front-matter", ERROR, message)
    return ReadResult(Application(path=relpath, has_errors=True), [diag], None)


def read_bytes(path: str, data: bytes, date_order: str | None) -> ReadResult:
    """Read an application from a file's bytes; never raises on bad input."""
    try:
        text, bom = decode(data)
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        app = Application(path=path, has_errors=True)
        message = (
            f"the file is not UTF-8 text (byte 0x{data[offset]:02x}); "
            "save it as UTF-8 in your editor"
        )
        return ReadResult(app, [Diagnostic(path, line, column, "front-matter", ERROR, message)], None)
    try:
        return read_text(path, text, bom, date_order)
    except (RecursionError, MemoryError, ValueError, TypeError) as exc:  # a last guard
        app = Application(path=path, has_errors=True)
        message = f"the file could not be read ({type(exc).__name__}); please report this"
        return ReadResult(app, [Diagnostic(path, 1, 1, "front-matter", ERROR, message)], None)

