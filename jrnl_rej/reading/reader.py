"""Turning an application file's bytes into an Application and the problems found on the way.

The front matter is split by hand and composed with PyYAML's C loader, which keeps
the line and column of every key (python-frontmatter keeps none and hides several
failures). The plain front matter most notes hold is composed by hand first
(`_compose_plain`), to the same entries; anything else goes to PyYAML. Nothing here
raises on bad input: every failure becomes a diagnostic.
"""

from __future__ import annotations

import operator
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..core import dates
from ..core.diagnostics import ERROR, WARNING, Diagnostic, Edit, Fix
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
from ..core.text import closest, edit_distance
from ..journal.writer import read_regular_stat

_NULL_TAG = "tag:yaml.org,2002:null"
_FALSE_WORDS = {"no", "false", "off", "n"}
_TRUE_WORDS = {"yes", "true", "on", "y"}
_MAX_NODES = 10_000  # a front matter is a few dozen nodes; more is not a note, it is an attack
_MAX_KEYS = 1_000
# A front matter is a few hundred bytes. Far above that, YAML's node tree costs hundreds of
# times the text in memory (two million list items: a gigabyte), so it is refused unread.
_MAX_FRONT_MATTER = 256 * 1024
_RESOLVE_AGAINST_TODAY = Fix(False, description="write the day the words mean, seen from --today")


@dataclass(slots=True)
class Scalar:
    """One scalar value with its place: character offsets in the file's text, 1-based line/col."""

    raw: str
    tag: str
    start: int
    end: int
    line: int
    column: int

    @property
    def is_null(self) -> bool:
        return self.tag == _NULL_TAG


@dataclass(slots=True)
class Entry:
    """One top-level key of the front matter."""

    key: str
    line: int
    column: int
    key_start: int
    value_kind: str  # "scalar", "list" or "mapping"
    value_start: int
    value_end: int
    value_line: int
    value_column: int
    scalar: Scalar | None = None
    items: list[Scalar] = field(default_factory=list)
    flow: bool = False
    bad_item: Position | None = None  # a list item that is itself a list or mapping


@dataclass(slots=True)
class Document:
    """A file's text and where its front matter lies; what fixes and `log` edit."""

    text: str
    bom: bool
    newline: str
    body_start: int  # offset of the first character after the closing --- line
    close_start: int  # offset of the closing --- line
    entries: dict[str, Entry] = field(default_factory=dict)


class ReadResult:
    __slots__ = ("application", "diagnostics", "document")

    def __init__(self, application: Application, diagnostics: list[Diagnostic], document):
        self.application = application
        self.diagnostics = diagnostics
        self.document = document


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def decode(data: bytes) -> tuple[str, bool]:
    """UTF-8 text and whether a byte-order mark led it. Raises UnicodeDecodeError."""
    bom = data.startswith(b"\xef\xbb\xbf")
    return data[3:].decode("utf-8") if bom else data.decode("utf-8"), bom


def closing_line(text: str, start: int) -> tuple[int, int] | None:
    """The first line at or after `start` that is `---`, then only spaces or tabs, then at
    most a CR: (where it starts, where it ends before its line break); None when there is none.

    What re.compile(r"^---[ \\t]*\\r?$", re.MULTILINE).search(text, start) finds (tested
    against it), found with str.find: the regex steps through every character of the front
    matter, where find jumps from line break to line break.
    """
    at = start
    if at and text[at - 1] != "\n":  # not a line start: from the next one
        at = text.find("\n", at) + 1
        if not at:
            return None
    while True:
        if text.startswith("---", at):
            end = text.find("\n", at + 3)
            if end < 0:
                end = len(text)
            tail = text[at + 3 : end]
            if not (tail[:-1] if tail.endswith("\r") else tail).strip(" \t"):
                return at, end
        at = text.find("\n---", at) + 1
        if not at:
            return None


def read_document(text: str, bom: bool = False) -> tuple[Document | None, list[tuple]]:
    """Split and compose the front matter. Returns the document, or None and the problems.

    Problems are (line, column, message) tuples, all `front-matter` errors.
    """
    problems: list[tuple] = []
    first_end = text.find("\n")
    first_line = text if first_end < 0 else text[:first_end]
    first = first_line.rstrip(" \t\r")
    if first != "---":
        if not text.strip():
            problems.append((1, 1, "the file is empty; it needs front matter between two '---' lines"))
        elif first == "+++":
            problems.append(
                (1, 1, "TOML front matter (+++) is not read; write YAML between two '---' lines")
            )
        else:
            problems.append(
                (1, 1, "no front matter: the file should start with a '---' line, then "
                       "'key: value' lines, then another '---' line")
            )  # fmt: skip
        return None, problems
    yaml_start = len(text) if first_end < 0 else first_end + 1
    closing = closing_line(text, yaml_start)
    if closing is None:
        problems.append((1, 1, "the front matter is not closed: add a '---' line after the last key"))
        return None, problems
    close_start, body_start = closing
    if body_start < len(text) and text[body_start] == "\n":
        body_start += 1
    newline = "\r\n" if first_line.endswith("\r") else "\n"
    doc = Document(text, bom, newline, body_start, close_start)
    yaml_text = text[yaml_start:close_start]
    if len(yaml_text) > _MAX_FRONT_MATTER:
        problems.append(
            (1, 1, f"the front matter is {len(yaml_text) // 1024} KB; an application needs a few "
                   f"hundred bytes, so it is not read (limit {_MAX_FRONT_MATTER // 1024} KB)")
        )  # fmt: skip
        return None, problems
    if not yaml_text.strip():
        problems.append((1, 1, "the front matter is empty; it needs at least company, role and applied"))
        return None, problems
    entries = _compose_plain(yaml_text, yaml_start) if _FAST_PATH else None
    if entries is not None:
        doc.entries = entries
        return doc, problems
    return _compose_yaml(doc, yaml_text, yaml_start, problems)


def _compose_yaml(doc: Document, yaml_text: str, yaml_start: int, problems: list[tuple]):
    """Compose the front matter with PyYAML into doc.entries: read_document's general path."""
    import yaml  # here, not at the top: a run that takes every file from the cache never needs it

    text = doc.text
    try:
        loader = _loader_class()(yaml_text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 2, mark.column + 1) if mark else (1, 1)
        message = exc.problem or exc.context or "not valid YAML"
        if exc.context and exc.problem:
            message = f"{exc.context}, {exc.problem}"
        problems.append((line, column, f"the front matter is not valid YAML: {message}"))
        return None, problems
    except yaml.reader.ReaderError as exc:
        line, column = _line_col(text, yaml_start + max(0, exc.position))
        problems.append(
            (line, column, f"the front matter holds a character YAML cannot read "
                           f"(U+{exc.character:04X}); delete it or put the value in quotes")
        )  # fmt: skip
        return None, problems
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, MemoryError) as exc:
        problems.append((1, 1, f"the front matter could not be read: {type(exc).__name__}"))
        return None, problems

    if root is None:
        problems.append((1, 1, "the front matter is empty; it needs at least company, role and applied"))
        return None, problems

    def place(mark) -> tuple[int, int, int]:
        return yaml_start + mark.index, mark.line + 2, mark.column + 1

    if not isinstance(root, yaml.MappingNode):
        _, line, column = place(root.start_mark)
        shape = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        problems.append((line, column, f"the front matter is {shape}; it should be 'key: value' lines"))
        return None, problems
    alias = _find_alias(root) if "*" in yaml_text else None  # no '*', no alias: skip the walk
    if alias is not None:
        _, line, column = place(alias.start_mark)
        problems.append(
            (line, column, "anchors and aliases (& and *) are not allowed in front matter; "
                           "write the value out")
        )  # fmt: skip
        return None, problems

    def scalar(node) -> Scalar:
        start, line, column = place(node.start_mark)
        return Scalar(node.value, node.tag, start, yaml_start + node.end_mark.index, line, column)

    if len(root.value) > _MAX_KEYS:
        problems.append(
            (1, 1, f"the front matter has {len(root.value)} keys; an application needs a few dozen "
                   f"at most, so it is not read (limit {_MAX_KEYS})")
        )  # fmt: skip
        return None, problems
    for key_node, value_node in root.value:
        key_start, line, column = place(key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append((line, column, "a key must be a plain name, not a list or mapping"))
            continue
        key = key_node.value
        if key == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
            problems.append((line, column, "merge keys (<<) are not allowed in front matter"))
            continue
        if key in doc.entries:
            first_line_no = doc.entries[key].line
            problems.append(
                (line, column, f"'{key}' is given twice (first on line {first_line_no}); "
                               "YAML would silently keep the last one")
            )  # fmt: skip
            continue
        value_start, value_line, value_column = place(value_node.start_mark)
        value_end = yaml_start + value_node.end_mark.index
        if isinstance(value_node, yaml.ScalarNode):
            entry = Entry(key, line, column, key_start, "scalar", value_start, value_end,
                          value_line, value_column, scalar=scalar(value_node))  # fmt: skip
        elif isinstance(value_node, yaml.SequenceNode):
            entry = Entry(key, line, column, key_start, "list", value_start, value_end,
                          value_line, value_column, flow=bool(value_node.flow_style))  # fmt: skip
            for item in value_node.value:
                if isinstance(item, yaml.ScalarNode):
                    entry.items.append(scalar(item))
                elif entry.bad_item is None:
                    _, item_line, item_column = place(item.start_mark)
                    entry.bad_item = Position(item_line, item_column)
        else:
            entry = Entry(key, line, column, key_start, "mapping", value_start, value_end,
                          value_line, value_column)  # fmt: skip
        doc.entries[key] = entry
    return doc, problems


_LOADER = None


def _loader_class():
    """PyYAML's C loader, with scalar tag resolution remembered.

    The composer asks the (pure-Python) resolver for every scalar's tag, a quarter of
    the cost of reading a file. Safe loaders have no path resolvers, so the answer
    depends only on the value and its style: keys, statuses and dates repeat across a
    journal, and a dictionary answers them.
    """
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        scalar_node = yaml.ScalarNode
        memo: dict = {}
        resolve = base.resolve

        class Loader(base):
            def resolve(self, kind, value, implicit):
                if kind is not scalar_node:
                    return resolve(self, kind, value, implicit)
                key = (value, implicit)
                tag = memo.get(key)
                if tag is None:
                    tag = resolve(self, kind, value, implicit)
                    if len(memo) < 100_000 and len(value) < 200:
                        memo[key] = tag
                return tag

        _LOADER = Loader
    return _LOADER


def _find_alias(root):
    """The first node reached twice (an alias), walking without recursion; None when none is."""
    import yaml

    seen: set[int] = set()
    stack = [root]
    count = 0
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        count += 1
        if count > _MAX_NODES:
            return None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(value)
                stack.append(key)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


# -- the plain fast path --------------------------------------------------------

_FAST_PATH = True  # False: every file goes through PyYAML (the tests compare the two)
# One line: a key and its ':', or an indented '-', or nothing (a blank line); then, after at
# least one space, the value up to its last non-space; then trailing spaces and the line break.
# No ASCII control character (tab, CR, ...) matches, so only non-ASCII text needs its own check.
_PLAIN_LINE_RE = re.compile(
    r"(?:([A-Za-z_][A-Za-z0-9_-]{0,99}):|( *)-|(?= *\n))"
    r"(?: +([^\x00-\x20\x7f](?:[^\x00-\x1f\x7f]*[^\x00-\x20\x7f])?))? *\n"
)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")  # a plain scalar starting with one is not plain
_NOT_IN_FLOW_ITEM = re.compile(r"[\[\]{}#:?'\"]")
_PLAIN = (True, False)  # the `implicit` of an untagged plain scalar, as the composer passes it
_PLAIN_TAGS: dict[str, str] = {}  # value -> tag, as the resolver answered
_plain_tag = None


def _plain_tagger():
    """tag(value) for an untagged plain scalar, answered by the loader's own resolver (and remembered)."""
    global _plain_tag
    if _plain_tag is None:
        import yaml

        loader = _loader_class()("")
        loader.dispose()
        resolve, scalar_node, memo = loader.resolve, yaml.ScalarNode, _PLAIN_TAGS
        # The resolver tries only the patterns filed under a value's first character (and
        # those under None, for any character), then path resolvers; a safe loader has
        # neither of the last two, so a value whose first character starts no pattern is
        # its default tag. Most unique values (company names, feedback) are such text.
        table = loader.yaml_implicit_resolvers
        starts = frozenset(table) if None not in table and not loader.yaml_path_resolvers else None
        text_tag = loader.DEFAULT_SCALAR_TAG

        def tag(value: str) -> str:
            found = memo.get(value)
            if found is not None:
                return found
            if starts is not None and value and value[0] not in starts:
                return text_tag
            found = resolve(scalar_node, value, _PLAIN)
            if len(memo) < 100_000 and len(value) < 200:
                memo[value] = found
            return found

        _plain_tag = tag
    return _plain_tag


def _compose_plain(yaml_text: str, yaml_start: int) -> dict[str, Entry] | None:
    """The entries of a plain front matter, composed by hand; None when it is not that plain.

    Accepted: `name: value` lines at column 0 (name: a letter or _, then letters, digits, _
    and -; each name once) whose value is empty, a one-line plain scalar, or a one-line flow
    list `[a, b]` of plain items; a key with an empty value may be followed by `- value` or
    `-` lines, all at one indentation. Blank lines may come between. Nothing else: no quotes,
    comments, anchors, tags, block scalars, continuation lines, nested mappings, tabs, CR,
    non-printable characters, values that start with an indicator or hold ': ' or ' #',
    flow items with brackets, quotes, ':' or '#'. Anything else returns None and PyYAML reads
    the file, so a rare shape costs time, never a different answer. Tags come from PyYAML's
    own resolver; offsets, lines and columns are the ones PyYAML's marks give (including an
    empty value placed right after its ':', and a block list ending where the next key
    starts). tests/test_fast_reader.py checks both paths give equal documents.
    """
    if not yaml_text.endswith("\n"):
        return None
    if not yaml_text.isascii() and not yaml_text.replace("\n", "").isprintable():
        return None  # U+0085, U+2028, U+2029, no-break spaces, BOM, ...: PyYAML decides
    tag = _plain_tag or _plain_tagger()
    shapes, find = _LINE_SHAPES, yaml_text.find
    entries: dict[str, Entry] = {}
    pending = None  # the last key, while its value is empty: a block list may follow
    seq = None  # the block list being read
    seq_indent = 0
    pos = 0  # in yaml_text
    size = len(yaml_text)
    line_no = 1  # the YAML starts on the line after the opening ---
    while pos < size:
        end = find("\n", pos) + 1  # the text ends with a line break
        line = yaml_text[pos:end]
        shape = shapes.get(line)
        if shape is None:
            shape = _line_shape(line, tag)
            if len(shapes) < _LINE_SHAPES_MAX and len(line) < 200:
                shapes[line] = shape
        if shape is _NOT_PLAIN:
            return None
        kind, name, value, at, value_tag, items = shape
        offset = yaml_start + pos  # where the line starts in the file's text
        pos = end
        line_no += 1
        if kind is _BLANK:
            continue
        if kind is _ITEM or kind is _EMPTY_ITEM:
            if seq is None:
                if pending is None:
                    return None
                seq, pending, seq_indent = pending, None, name
                seq.value_kind = "list"
                seq.scalar = None
                seq.value_start = offset + name
                seq.value_line = line_no
                seq.value_column = name + 1
            elif name != seq_indent:
                return None
            start = offset + at
            seq.items.append(Scalar(value, value_tag, start, start + len(value), line_no, at + 1))
            continue
        if name in entries:
            return None
        if seq is not None:
            seq.value_end = offset
            seq = None
        pending = None
        start = offset + at
        if kind is _SCALAR or kind is _EMPTY:
            stop = start + len(value)
            entry = Entry(name, line_no, 1, offset, "scalar", start, stop, line_no, at + 1,
                          Scalar(value, value_tag, start, stop, line_no, at + 1))  # fmt: skip
            if kind is _EMPTY:
                pending = entry
        else:  # a flow list
            entry = Entry(name, line_no, 1, offset, "list", start, start + len(value), line_no, at + 1, flow=True)
            entry.items = [Scalar(raw, raw_tag, offset + item_at, offset + item_at + len(raw), line_no, item_at + 1)
                           for raw, item_at, raw_tag in items]  # fmt: skip
        entries[name] = entry
    if seq is not None:
        seq.value_end = yaml_start + len(yaml_text)  # PyYAML ends it at the end of the stream
    if not entries or len(entries) > _MAX_KEYS:
        return None
    return entries


# How each line of a plain front matter reads, by its text: most lines repeat from file to
# file (`status: rejected`, a role, a source, a date), so each distinct line is parsed once.
# A shape is (kind, key or indent width, value, the value's offset in the line, its tag,
# the items of a flow list as (text, offset in the line, tag)); offsets are 0-based.
_BLANK, _EMPTY, _SCALAR, _FLOW, _EMPTY_ITEM, _ITEM = "blank", "empty", "scalar", "flow", "empty item", "item"
_NOT_PLAIN = ("not plain",)
_LINE_SHAPES: dict[str, tuple] = {}
_LINE_SHAPES_MAX = 50_000


def _line_shape(line: str, tag) -> tuple:
    """The shape of one line (ending with its line break) of a plain front matter, or
    _NOT_PLAIN when the line is not one _compose_plain accepts."""
    m = _PLAIN_LINE_RE.fullmatch(line)
    if m is None:
        return _NOT_PLAIN
    key, indent, value = m.groups()
    if key is None and indent is None:
        return (_BLANK, None, None, 0, None, None)
    if value is None:  # PyYAML puts an empty value just after the ':' or the '-'
        empty = tag("")
        if key is not None:
            return (_EMPTY, key, "", len(key) + 1, empty, None)
        return (_EMPTY_ITEM, len(indent), "", len(indent) + 1, empty, None)
    at = m.start(3)
    if key is not None and value[0] == "[":
        if value[-1] != "]":
            return _NOT_PLAIN
        inner = value[1:-1]
        if _NOT_IN_FLOW_ITEM.search(inner):
            return _NOT_PLAIN
        items = []
        if inner.strip(" "):
            item_at = at + 1
            for part in inner.split(","):
                raw = part.strip(" ")
                if not raw or raw[0] in _INDICATORS:
                    return _NOT_PLAIN
                item_at += len(part) - len(part.lstrip(" "))
                items.append((raw, item_at, tag(raw)))
                item_at += len(part.lstrip(" ")) + 1
        return (_FLOW, key, value, at, None, tuple(items))
    if value[0] in _INDICATORS or ": " in value or " #" in value or value[-1] == ":":
        return _NOT_PLAIN
    found = tag(value)
    if key is not None:
        return (_SCALAR, key, value, at, found, None)
    return (_ITEM, len(indent), value, at, found, None)


class _Reader:
    """Builds one Application from a Document, collecting reading diagnostics."""

    def __init__(self, path: str, date_order: str | None):
        self.path = path
        self.date_order = date_order
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
        if value.tag == _NULL_TAG:
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
                     f"{key}: write {value.raw.strip()!r} as {iso}",
                     Fix(True, (Edit(value.start, value.end, iso),), description=f"write {key} as {iso}"))  # fmt: skip
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
        entries = doc.entries
        positions = app.positions
        for key, entry in entries.items():
            positions[key] = _position(entry.line, entry.column)
            how = _READ_AS.get(key)
            if how is _TEXT:
                setattr(app, key, self.text(entry))
            elif how is _DATE:
                setattr(app, key, self.single_date(entry))
            elif how is None:
                hint = _suggest_field(key)
                if hint:
                    self.add(entry.line, entry.column, "unknown-field", WARNING,
                             f"unknown key '{key}'; did you mean '{hint}'?")  # fmt: skip
        for key in ("company", "role", "applied"):
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
                         f"replied: {entry.scalar.raw.strip()!r} says nothing about when; write "
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
                         f"revisit: {raw!r} should be a date (YYYY-MM-DD) or 'never'")  # fmt: skip
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


def _is_empty(entry: Entry) -> bool:
    return entry.value_kind == "scalar" and (entry.scalar.is_null or not entry.scalar.raw.strip())


def _not_one_of(key: str, value: str, choices: tuple[str, ...]) -> str:
    hint = closest(value, choices)
    tail = f"; did you mean '{hint}'?" if hint else ""
    return f"{key} {value!r} is not one of {', '.join(choices)}{tail}"


@lru_cache(maxsize=4096)
def _suggest_field(key: str) -> str | None:
    lowered = key.lower()
    best, best_distance = None, 3
    for known in _ALL_KEYS:
        distance = edit_distance(lowered, known, 2)
        if distance < best_distance:
            best, best_distance = known, distance
    return best


_sort_key = operator.attrgetter("sort_key")


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
        reader.diagnostics.sort(key=_sort_key)
    return ReadResult(reader.app, reader.diagnostics, doc)


def read_path(root, relpath: str, date_order: str | None) -> tuple[ReadResult, os.stat_result | None]:
    """Read one application file, and its stat as it was when opened; a file that cannot be
    opened becomes a front-matter error (and no stat)."""
    try:
        # Non-blocking and bounded: a FIFO or device swapped in after discovery cannot hang the run.
        data, info = read_regular_stat(os.path.join(root, relpath))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        diag = Diagnostic(relpath, 1, 1, "front-matter", ERROR, f"cannot read the file: {reason}")
        return ReadResult(Application(path=relpath, has_errors=True), [diag], None), None
    return read_bytes(relpath, data, date_order), info


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

