"""The plain front matter most notes hold, composed by hand: an accelerator, not a reader.

PyYAML (document.py) is the reference. This module accepts only front matter so plain
that the answer cannot differ (`key: value` lines, simple lists) and returns None for
anything else, which PyYAML then reads; a rare shape costs time, never a different
answer. tests/reading/test_plain.py holds the two to equal documents, on generated front
matter and on the YAML test suite's flat mappings. Why it exists: most lines of a journal
repeat from file to file (`status: rejected`, a date), so each distinct line is parsed
once per process (`_LINE_SHAPES`), which makes a cold check of a big journal about a
third faster than composing every file with PyYAML (benchmarks/README.md).
"""

from __future__ import annotations

import re

from .nodes import MAX_KEYS, Entry, Scalar, yaml_loader

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

        loader = yaml_loader()("")
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




def compose_plain(yaml_text: str, yaml_start: int) -> dict[str, Entry] | None:
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
    if not entries or len(entries) > MAX_KEYS:
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
    _NOT_PLAIN when the line is not one compose_plain accepts."""
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

