"""What a check finds: small immutable records with a place in a file, and the fixes they carry."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with `text`; offsets are characters in the decoded file."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that resolves a diagnostic.

    `edits` replace spans of the file as it was read; `changes` set top-level
    keys to a YAML value (as text), applied by the editor on the current text.
    """

    safe: bool
    edits: tuple[Edit, ...] = ()
    changes: tuple[tuple[str, str], ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int
    column: int
    rule: str
    severity: str
    message: str
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.message)

    @property
    def fixable(self) -> bool:
        return self.fix is not None
