"""What a check finds: small immutable records with a place in a file, and the fixes they carry.

They are named tuples, not dataclasses: a check whose findings are remembered (memo.py)
builds thousands of them and nothing else, and the dataclasses module alone takes as
long to import as the rest of that check's own code.
"""

from __future__ import annotations

from collections import namedtuple
from operator import attrgetter

ERROR = "error"
WARNING = "warning"
INFO = "info"


by_place = attrgetter("path", "line", "column", "rule", "message")  # how findings are sorted; a key for sort()


class Edit(namedtuple("Edit", "start end text")):
    """Replace text[start:end] with `text`; offsets are characters in the decoded file."""

    __slots__ = ()
    start: int
    end: int
    text: str


class Fix(namedtuple("Fix", "safe edits changes description", defaults=((), (), ""))):
    """A change that resolves a diagnostic.

    `edits` replace spans of the file as it was read; `changes` set top-level
    keys to a YAML value (as text), applied by the editor on the current text.
    """

    __slots__ = ()
    safe: bool
    edits: tuple[Edit, ...]
    changes: tuple[tuple[str, str], ...]
    description: str


class Diagnostic(namedtuple("Diagnostic", "path line column rule severity message fix", defaults=(None,))):
    __slots__ = ()
    path: str
    line: int
    column: int
    rule: str
    severity: str
    message: str
    fix: Fix | None

    @property
    def fixable(self) -> bool:
        return self.fix is not None
