"""The front matter as composed: its keys, values and where each sits in the file's text.

Both composers fill these: PyYAML's (document.py), the reference, and the plain one
(plain.py), which must agree with it. `yaml_loader` is PyYAML's C loader as both use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.model import Position

NULL_TAG = "tag:yaml.org,2002:null"
MAX_KEYS = 1_000  # a front matter has a few dozen keys; more is not a note


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
        return self.tag == NULL_TAG


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



def replace_end(text: str, scalar: Scalar) -> int:
    """Where an edit that replaces `scalar` should end.

    A block scalar (`key: >` or `|` with its lines below) runs on over the line breaks,
    blank lines and comments after its last line: a replacement stops at its last
    character, so what follows keeps its own lines. Other scalars end where they end.
    """
    if text[scalar.start : scalar.start + 1] in ("|", ">"):
        return scalar.start + len(text[scalar.start : scalar.end].rstrip())
    return scalar.end


_LOADER = None


def yaml_loader():
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

