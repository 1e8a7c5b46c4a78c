"""Careful edits of a user's front matter: change one value, keep every other byte.

`jrnl-rej log` and `check --fix` change a value or two in files people wrote by
hand, with their comments, spacing, quoting, key order and line endings. We edit
the text itself, at the character offsets the reader found, rather than loading
the YAML and dumping it again. That was chosen over a ruamel.yaml round trip:
it is faster (no pure-Python parse per edit), it cannot disagree with the
reader about YAML 1.1 and 1.2 (`no`, `01234`), and every byte we do not mean to
change stays as it was (ruamel needs tuning to keep widths, quotes and CRLF).

Every edit is checked afterwards: the text is read again and must hold the
intended value, every other key's value text unchanged, and the same body. When
it does not, an EditError is raised and the caller writes nothing.

The texts handled here are decoded (see `decode`); a byte-order mark is kept
aside and put back by `encode`, and `\\r\\n` files get `\\r\\n` for new lines.
"""

from __future__ import annotations

import re

import yaml

from ..core.errors import JrnlError
from ..reading.document import decode, read_document
from ..reading.nodes import Document, Entry

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["EditError", "append_item", "decode", "encode", "load_document", "set_key", "set_keys",
           "yaml_scalar"]  # fmt: skip


class EditError(JrnlError):
    """An edit could not be made safely; nothing should be written."""


def encode(text: str, bom: bool) -> bytes:
    """The bytes to write for a decoded text: UTF-8, with the byte-order mark if it had one."""
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


# -- writing values ------------------------------------------------------------------------------

_BOOL_NULL_WORDS = {
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
}  # fmt: skip
_NUMBER_LIKE = re.compile(r"[-+]?(?:0o[0-7_]+|0x[0-9a-f_]+|0b[01_]+|\.?[0-9][0-9_.:e+-]*|\.inf|\.nan|inf|nan)")
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_BREAKS = {"\x85", "\u2028", "\u2029", "\ufeff"}


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or not text.isprintable():
        return False
    if any(ch in _BREAKS for ch in text):
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(ch in ",[]{}" for ch in text):
        return False
    lowered = text.lower()
    if lowered in _BOOL_NULL_WORDS or _NUMBER_LIKE.fullmatch(lowered):
        return False
    return _reads_back(text, text, flow)


def _reads_back(written: str, text: str, flow: bool) -> bool:
    """Whether `written` reads back as `text`, with libyaml and with PyYAML's pure reader.

    The two disagree on a few edge cases (`[0?]` is a list to one, an error to
    the other); a value either one misreads is quoted.
    """
    source = f"k: [{written}]" if flow else f"k: {written}"
    expected = {"k": [text] if flow else text}
    for loader in {_Loader, yaml.SafeLoader}:
        try:
            if yaml.load(source, Loader=loader) != expected:
                return False
        except yaml.YAMLError:
            return False
    return True


def _escape(ch: str) -> str:
    if ch == "\\":
        return "\\\\"
    if ch == '"':
        return '\\"'
    if ch == "\n":
        return "\\n"
    if ch == "\t":
        return "\\t"
    if ch == "\r":
        return "\\r"
    if ch.isprintable() and ch not in _BREAKS:
        return ch
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def yaml_scalar(text: str, flow: bool = False) -> str:
    """`text` as a YAML scalar that reads back as exactly this string.

    Plain when that is safe (`Acme Corp`, `https://example.com/jobs/1`),
    double-quoted with escapes otherwise: text with `: ` or ` #`, a leading
    indicator, words YAML would turn into a bool, a number, a date or null,
    control characters or line breaks. `flow=True` also quotes `,[]{}`, for an
    item inside `[...]`.
    """
    if _plain_ok(text, flow):
        return text
    quoted = '"' + "".join(_escape(ch) for ch in text) + '"'
    if not _reads_back(quoted, text, flow):  # pragma: no cover - the escapes above are complete
        raise EditError(f"cannot write {text!r} as a YAML value")
    return quoted


# -- reading the document ------------------------------------------------------------------------


def load_document(text: str) -> Document:
    """The front matter's layout, or EditError when it cannot be read cleanly."""
    doc, problems = read_document(text)
    if doc is None or problems:
        if problems:
            line, _column, message = problems[0]
            raise EditError(f"line {line}: {message}; fix that first (jrnl-rej check shows it)")
        raise EditError("the front matter cannot be read; fix it first (jrnl-rej check shows it)")
    return doc


def _expected(value_yaml: str) -> tuple[str, object]:
    """What `key: value_yaml` means, in the reader's terms: ("scalar", (raw, tag)) or ("list", [...])."""
    try:
        loader = _Loader(f"k: {value_yaml}\n")
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise EditError(f"not a YAML value: {value_yaml!r} ({exc.__class__.__name__})") from None
    if node is None or not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        raise EditError(f"not a single YAML value: {value_yaml!r}")
    value = node.value[0][1]
    if isinstance(value, yaml.ScalarNode):
        return "scalar", (value.value, value.tag)
    if isinstance(value, yaml.SequenceNode) and all(isinstance(i, yaml.ScalarNode) for i in value.value):
        return "list", [(i.value, i.tag) for i in value.value]
    raise EditError(f"only single values and lists of values can be written: {value_yaml!r}")


def _meaning(entry: Entry) -> tuple[str, object]:
    if entry.value_kind == "scalar":
        return "scalar", (entry.scalar.raw, entry.scalar.tag)
    if entry.value_kind == "list":
        return "list", [(i.raw, i.tag) for i in entry.items]
    return "mapping", None


def _verify(old: Document, new_text: str, key: str, meaning: tuple[str, object]) -> str:
    """Read the edited text again; it must hold `meaning` at `key` and nothing else changed."""
    try:
        new = load_document(new_text)
    except EditError:
        raise EditError(f"changing {key} would break the front matter; nothing was written") from None
    problem = None
    entry = new.entries.get(key)
    if entry is None or entry.bad_item is not None or _meaning(entry) != meaning:
        problem = f"{key} did not come out as intended"
    elif set(new.entries) != set(old.entries) | {key}:
        problem = "the other keys would change"
    elif new_text[new.body_start :] != old.text[old.body_start :]:
        problem = "the notes below the front matter would change"
    else:
        for name, before in old.entries.items():
            after = new.entries[name]
            if name != key and (
                old.text[before.key_start : before.value_end] != new_text[after.key_start : after.value_end]
            ):
                problem = f"{name} would change too"
                break
    if problem:
        raise EditError(f"cannot change {key} safely ({problem}); nothing was written")
    return new_text


# -- positions -----------------------------------------------------------------------------------


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _line_end(text: str, offset: int) -> int:
    """Offset of the line break (\\r\\n or \\n) ending the line that holds `offset`."""
    end = text.find("\n", offset)
    if end < 0:
        end = len(text)
    if end > 0 and text[end - 1] == "\r":
        end -= 1
    return max(end, offset)


def _colon_after_key(text: str, entry: Entry) -> int:
    """Offset of the ':' that ends the key of `entry`."""
    start = entry.key_start
    quote = text[start]
    if quote == '"':
        match = re.compile(r'"(?:[^"\\\n]|\\.)*"').match(text, start)
    elif quote == "'":
        match = re.compile(r"'(?:[^'\n]|'')*'").match(text, start)
    elif text.startswith(entry.key, start):
        match = re.compile(re.escape(entry.key)).match(text, start)
    else:
        match = None
    if match is None:
        raise EditError(f"the key {entry.key!r} is written in a way jrnl-rej cannot edit safely")
    colon = re.compile(r"[ \t]*:").match(text, match.end())
    if colon is None:
        raise EditError(f"the key {entry.key!r} is written in a way jrnl-rej cannot edit safely")
    return colon.end() - 1


def _is_block_scalar(text: str, entry: Entry) -> bool:
    return entry.value_kind == "scalar" and text[entry.value_start : entry.value_start + 1] in ("|", ">")


def _content_end(text: str, entry: Entry) -> int:
    """Where the value's last meaningful line ends (before its line break).

    Block collections' spans run on over trailing comments and blank lines;
    those stay in the file. Block scalars keep every line of their own.
    """
    start, end = entry.value_start, entry.value_end
    if entry.value_kind == "scalar":
        return start + len(text[start:end].rstrip())
    position = start
    last = start
    while position < end:
        line_end = text.find("\n", position, end)
        if line_end < 0:
            line_end = end
        stripped = text[position:line_end].strip()
        if stripped and not stripped.startswith("#"):
            last = position + len(text[position:line_end].rstrip())
        position = line_end + 1
    return last


def _replace_value(text: str, entry: Entry, value_yaml: str) -> str:
    """Put `value_yaml` where the entry's value is, keeping the key, spacing and comments."""
    start, end = entry.value_start, entry.value_end
    if entry.value_kind == "scalar" and end == start:
        # `key:` with nothing after it (maybe a comment): the value goes right after the colon.
        colon = _colon_after_key(text, entry)
        return text[: colon + 1] + " " + value_yaml + text[colon + 1 :]
    if entry.value_line == entry.line:
        if _is_block_scalar(text, entry):
            # `key: |` and its lines: the new value takes the indicator's place, the lines go.
            return text[:start] + value_yaml + text[_content_end(text, entry) :]
        return text[:start] + value_yaml + text[end:]
    # A value that starts on a later line (a block list, say) becomes one value after the
    # colon; a comment on the key's line stays there, comments after the value stay too.
    colon = _colon_after_key(text, entry)
    rest_of_key_line = text[colon + 1 : _line_end(text, colon)]
    tail = rest_of_key_line.rstrip() if rest_of_key_line.strip().startswith("#") else ""
    return text[: colon + 1] + " " + value_yaml + tail + text[_content_end(text, entry) :]


def _insert_key(doc: Document, key: str, value_yaml: str) -> str:
    """A new `key: value` line just before the closing '---', indented like the other keys."""
    text = doc.text
    indent = ""
    if doc.entries:
        first = next(iter(doc.entries.values()))
        indent = " " * (first.column - 1)
    at = doc.close_start
    line = f"{indent}{key}: {value_yaml}{doc.newline}"
    return text[:at] + line + text[at:]


# -- the edits -----------------------------------------------------------------------------------


def set_key(text: str, key: str, value_yaml: str) -> str:
    """Set top-level `key` to `value_yaml` (YAML source text, one line) and return the new text.

    An existing value is replaced where it stands; the key, its spacing and a
    trailing comment stay. A list or mapping value, block or flow, is replaced
    as a whole. An absent key gets a new line just before the closing '---'.
    """
    if "\n" in value_yaml or "\r" in value_yaml:
        raise EditError(f"a value must be one line: {value_yaml!r}")
    meaning = _expected(value_yaml)
    doc = load_document(text)
    entry = doc.entries.get(key)
    if entry is not None and entry.bad_item is None and _meaning(entry) == meaning:
        return text  # already says so
    new_text = _insert_key(doc, key, value_yaml) if entry is None else _replace_value(text, entry, value_yaml)
    if new_text == text:
        return text
    return _verify(doc, new_text, key, meaning)


def set_keys(text: str, changes) -> str:
    """Apply (key, value_yaml) pairs in order."""
    for key, value_yaml in changes:
        text = set_key(text, key, value_yaml)
    return text


_BLOCK_ITEM_PREFIX = re.compile(r"([ \t]*-)([ \t]*)")
_FLOW_SEPARATOR = re.compile(r"[ \t\r\n]*,[ \t\r\n]*")


def append_item(text: str, key: str, item_yaml: str) -> str:
    """Add one item to the list at `key`, in the list's own style; return the new text.

    `[a, b]` becomes `[a, b, c]`, `[]` becomes `[c]`, a block list gets a new
    `- c` line under its last item, a single value `a` becomes `[a, c]`, and
    an absent key becomes `key: [c]`, or, in a file whose lists are block lists (as
    Obsidian writes them), `key:` with a `- c` line under it. `item_yaml` must be safe inside `[...]`
    (see `yaml_scalar(..., flow=True)`).
    """
    kind, item_meaning = _expected(item_yaml)
    if kind != "scalar" or "\n" in item_yaml or "\r" in item_yaml:
        raise EditError(f"a list item must be a single value: {item_yaml!r}")
    doc = load_document(text)
    entry = doc.entries.get(key)
    block = _block_style(doc)  # a new list is written as the file's other lists are
    empty = entry is not None and entry.value_kind == "scalar" and entry.scalar.is_null
    if entry is None or (empty and entry.value_end == entry.value_start):
        if block is None:
            return set_key(text, key, f"[{item_yaml}]")
        return _verify(doc, _new_block_list(doc, entry, key, block + item_yaml), key, ("list", [item_meaning]))
    if entry.value_kind == "mapping" or entry.bad_item is not None:
        raise EditError(f"{key} holds something other than a list of values; fix it by hand")
    if entry.value_kind == "scalar":
        if entry.scalar.is_null:
            return set_key(text, key, f"[{item_yaml}]")
        old = _as_flow_item(text, entry)
        new_text = set_key(text, key, f"[{old}, {item_yaml}]")
        return _verify(doc, new_text, key, ("list", [_meaning(entry)[1], item_meaning]))

    expected = ("list", [*_meaning(entry)[1], item_meaning])
    if entry.flow:
        new_text = _append_flow(text, entry, item_yaml)
    else:
        new_text = _append_block(doc, entry, item_yaml)
    return _verify(doc, new_text, key, expected)


def _as_flow_item(text: str, entry: Entry) -> str:
    """The scalar's source text if it means the same inside `[...]`, else a quoted copy."""
    source = text[entry.value_start : entry.value_end]
    if entry.value_line == entry.line and "\n" not in source and not _is_block_scalar(text, entry):
        try:
            node = yaml.compose(f"[{source}]", Loader=_Loader)
        except yaml.YAMLError:
            node = None
        if (
            isinstance(node, yaml.SequenceNode) and len(node.value) == 1
            and isinstance(node.value[0], yaml.ScalarNode)
            and (node.value[0].value, node.value[0].tag) == (entry.scalar.raw, entry.scalar.tag)
        ):  # fmt: skip
            return source
    return yaml_scalar(entry.scalar.raw, flow=True)


def _append_flow(text: str, entry: Entry, item_yaml: str) -> str:
    close = entry.value_end - 1
    if text[entry.value_start] != "[" or text[close] != "]":
        raise EditError(f"{entry.key} is a list written in a way jrnl-rej cannot edit safely")
    if not entry.items:
        return text[: entry.value_start] + f"[{item_yaml}]" + text[entry.value_end :]
    last = entry.items[-1]
    separator = ", "
    if len(entry.items) >= 2:
        between = text[entry.items[-2].end : last.start]
        if _FLOW_SEPARATOR.fullmatch(between):
            separator = between
    return text[: last.end] + separator + item_yaml + text[last.end :]


def _block_style(doc: Document) -> str | None:
    """How the file's block lists start an item (`  - `, as Obsidian's Properties editor
    writes them, or `- `); None when it has none."""
    text = doc.text
    for entry in doc.entries.values():
        if entry.value_kind == "list" and not entry.flow and entry.items and entry.bad_item is None:
            first = entry.items[0]
            prefix = _BLOCK_ITEM_PREFIX.fullmatch(text[_line_start(text, first.start) : first.start])
            if prefix is not None and "\t" not in prefix.group(0):
                return prefix.group(1) + (prefix.group(2) or " ")
    return None


def _new_block_list(doc: Document, entry: Entry | None, key: str, item_line: str) -> str:
    """`key:` and one `- item` line under it: a new key before the closing '---', or the
    item under an empty `key:` already there."""
    text, newline = doc.text, doc.newline
    if entry is None:
        indent = " " * (next(iter(doc.entries.values())).column - 1) if doc.entries else ""
        at = doc.close_start
        return text[:at] + f"{indent}{key}:{newline}{item_line}{newline}" + text[at:]
    at = text.find("\n", _colon_after_key(text, entry)) + 1
    return text[:at] + item_line + newline + text[at:]


def _append_block(doc: Document, entry: Entry, item_yaml: str) -> str:
    text = doc.text
    last = entry.items[-1] if entry.items else None
    if last is None:
        raise EditError(f"{entry.key} is a list written in a way jrnl-rej cannot edit safely")
    prefix = _BLOCK_ITEM_PREFIX.fullmatch(text[_line_start(text, last.start) : last.start])
    if prefix is None:
        raise EditError(f"{entry.key} is a list written in a way jrnl-rej cannot edit safely")
    dash, space = prefix.group(1), prefix.group(2) or " "
    end = last.end
    if text[last.start : last.start + 1] in ("|", ">"):
        end = last.start + len(text[last.start : last.end].rstrip())
    line_break = text.find("\n", end)
    if line_break < 0 or line_break >= doc.close_start:
        at = doc.close_start
    else:
        at = line_break + 1
    return text[:at] + f"{dash}{space}{item_yaml}{doc.newline}" + text[at:]
