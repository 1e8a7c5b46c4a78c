"""Splitting a file into its front matter and body, and composing the front matter.

The front matter is split by hand and composed with PyYAML's C loader, which keeps the
line and column of every key (python-frontmatter keeps none and hides several failures).
The plain front matter most notes hold is composed by plain.py first, to the same
entries; anything else goes to PyYAML. Nothing here raises on bad input: every failure
becomes a (line, column, message) problem.
"""

from __future__ import annotations

from ..core.model import Position
from .nodes import MAX_KEYS, Document, Entry, Scalar, yaml_loader
from .plain import compose_plain
from .yaml_words import explain

_MAX_NODES = 10_000  # a front matter is a few dozen nodes; more is not a note, it is an attack
# A front matter is a few hundred bytes. Far above that, YAML's node tree costs hundreds of
# times the text in memory (two million list items: a gigabyte), so it is refused unread.
_MAX_FRONT_MATTER = 256 * 1024
# A vault holds notes beside the applications: the way to leave them out (SPEC §1).
_A_NOTE = "; if it is a note, not an application, set plain_notes = \"skip\" in jrnl-rej.toml, or list it in exclude"
_FAST_PATH = True  # False: every file goes through PyYAML (the tests compare the two)


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
            problems.append((1, 1, "the file is empty; it needs front matter between two '---' lines"
                                   f"{_A_NOTE}"))  # fmt: skip
        elif first == "+++":
            problems.append(
                (1, 1, "TOML front matter (+++) is not read; write YAML between two '---' lines")
            )
        else:
            problems.append(
                (1, 1, "no front matter: the file should start with a '---' line, then "
                       f"'key: value' lines, then another '---' line{_A_NOTE}")
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
    entries = compose_plain(yaml_text, yaml_start) if _FAST_PATH else None
    if entries is not None:
        doc.entries = entries
        return doc, problems
    return _compose_yaml(doc, yaml_text, yaml_start, problems)


def _compose_yaml(doc: Document, yaml_text: str, yaml_start: int, problems: list[tuple]):
    """Compose the front matter with PyYAML into doc.entries: read_document's general path."""
    import yaml  # here, not at the top: a run that takes every file from the cache never needs it

    text = doc.text
    try:
        loader = yaml_loader()(yaml_text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        problems.append(explain(yaml_text, exc))  # in plain words, where the fix goes
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

    if len(root.value) > MAX_KEYS:
        problems.append(
            (1, 1, f"the front matter has {len(root.value)} keys; an application needs a few dozen "
                   f"at most, so it is not read (limit {MAX_KEYS})")
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
