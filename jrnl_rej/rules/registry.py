"""The rule registry: every rule's name, default severity, explanation and check.

The rule families (journal, reading, replies, timeline, waiting) register into RULES
when `jrnl_rej.rules` imports them; import RULES from `jrnl_rej.rules`, which is full.

A rule is a function that looks at one Application (and, for rules that compare
applications, the whole journal through the Context) and yields findings.
The engine stamps each finding with the rule's name and configured severity.

A rule reads its thresholds from the config's Thresholds record
(`ctx.config.thresholds.silent_after_days`).
"""

from __future__ import annotations

import inspect
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ..core.deadlines import finished_searches

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a few ms)
if TYPE_CHECKING:
    from ..core.config import Config
    from ..core.diagnostics import Fix
    from ..core.model import Application, Position

Finding = tuple["Position", str, "Fix | None"]
Check = Callable[["Application", "Context"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    name: str
    severity: str
    doc: str
    fix: str | None = None  # "safe", "unsafe" or None
    check: Check | None = None  # None: found while reading the file
    needs_journal: bool = False  # compares applications: runs only on files without errors
    statuses: tuple[str, ...] | None = None  # the only statuses it can find anything in (None: any)

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0]


RULES: dict[str, Rule] = {}

# The order of the rule table: how `jrnl-rej rule` lists them.
ORDER = (
    "front-matter", "missing-field", "invalid-value", "unknown-field", "invalid-date",
    "relative-date", "non-iso-date", "date-order", "duplicate-application", "overdue-reply",
    "reply-due", "miscalibrated-rejection", "stale-silent", "check-in-due", "extra-check-in",
    "next-application", "interview-upcoming", "withdraw-open", "revisit-open",
)  # fmt: skip


def register(name: str, severity: str, doc: str, fix: str | None = None) -> None:
    """A rule that the reader reports while reading a file."""
    RULES[name] = Rule(name, severity, inspect.cleandoc(doc), fix)


def rule(name: str, severity: str, fix: str | None = None, needs_journal: bool = False,
         statuses: tuple[str, ...] | None = None):  # fmt: skip
    """Decorator: the function's docstring is the rule's explanation. `statuses`, when given,
    names the only statuses of the applications the rule can find anything in; the engine
    then does not call it for the others (every rule runs for every file on every check, and
    most say nothing: tests/test_rules_statuses.py holds each one to what it declares)."""

    def wrap(func: Check) -> Check:
        RULES[name] = Rule(name, severity, inspect.cleandoc(func.__doc__ or ""), fix, func,
                           needs_journal, statuses)  # fmt: skip
        return func

    return wrap


@dataclass
class Context:
    today: date
    config: Config
    applications: list[Application]  # the ones without errors: what journal rules compare

    def __post_init__(self) -> None:
        self.by_company: dict[str, list[Application]] = {}
        self.by_company_role: dict[tuple[str, str], list[Application]] = {}
        for app in self.applications:
            keys = app.same_keys  # (company, role)
            self.by_company.setdefault(keys[0], []).append(app)
            self.by_company_role.setdefault(keys, []).append(app)
        self.applied_dates = sorted(app.applied for app in self.applications if app.applied)
        self.finished = finished_searches(self.applications)  # accepted offers: searches that ended

    def applied_on_or_after(self, day: date) -> int:
        return len(self.applied_dates) - bisect_left(self.applied_dates, day)


def iter_checks() -> Iterator[Rule]:
    return (r for r in RULES.values() if r.check is not None)

