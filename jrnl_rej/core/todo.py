"""The to-do list: what the reminders ask the user to do now, with the day each is due.

Shared by `today`, the index's "What needs doing now", `report` and `watch`. It takes the
findings and the applications they are about, and reads no clock and no file; it needs
no rule and no report, so that `today` answers as quickly as a warm `check`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from .deadlines import interviews, reply_due, revisit_window

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .config import Config
    from .model import Application

# The reminders that ask the user to do something (SPEC §10).
TODO_RULES = ("overdue-reply", "reply-due", "next-application", "stale-silent", "check-in-due",
              "interview-upcoming", "withdraw-open", "revisit-open")  # fmt: skip


@dataclass(frozen=True)
class Todo:
    """One thing to do now, from a rule's reminder about a counted application."""

    rule: str
    path: str
    company: str
    role: str
    day: date | None  # the date the words name (due date, rejection, last news, interview)
    due: date | None = None  # the last good day to do it (SPEC §10), None when there is none
    stage: str = ""  # interview-upcoming: the interview's stage

    @property
    def overdue(self) -> bool:
        return self.rule == "overdue-reply"


_TODO_RANK = {rule: i for i, rule in enumerate(TODO_RULES)}


def todo_order(item: Todo) -> tuple:
    """Most urgent first (SPEC §10): overdue before due, then by due date (none last), then path."""
    return (not item.overdue, item.due is None, item.due or date.max, item.path, _TODO_RANK[item.rule], item.stage)


def todo_items(diagnostics, by_path: dict[str, Application], config: Config, today: date) -> tuple[Todo, ...]:
    """The reminders the rules gave for counted files (`by_path`; suppressed ones stay
    suppressed), most urgent first."""
    seen: set[tuple[str, str]] = set()
    items: list[Todo] = []
    for diag in diagnostics:
        if diag.rule not in _TODO_RANK or (diag.rule, diag.path) in seen:
            continue
        app = by_path.get(diag.path)
        if app is None:
            continue
        seen.add((diag.rule, diag.path))
        items += _todo_items(diag.rule, app, config, today)
    items.sort(key=todo_order)
    return tuple(items)


def _todo_items(rule: str, app: Application, config: Config, today: date) -> list[Todo]:
    """What `rule`'s reminder asks of `app`, with the days from core.deadlines."""
    thresholds = config.thresholds
    made = partial(Todo, rule, app.path, app.company or "", app.role or "")
    if rule in ("overdue-reply", "reply-due"):
        due = reply_due(app, thresholds)
        return [made(due, due)]
    if rule == "next-application":
        return [made(app.rejected)]
    if rule == "stale-silent":
        return [made(app.last_activity)]
    if rule == "check-in-due":  # it fits until the day before silence sets in
        return [made(app.applied, app.applied + timedelta(days=thresholds.silent_after_days - 1))]
    if rule == "interview-upcoming":
        return [made(day, day, stage) for stage, day, start in interviews(app, thresholds) if start <= today]
    if rule == "revisit-open":
        window = revisit_window(app, thresholds)
        until = window[1] if window else None
        return [made(until, until)]
    return [made(None)]  # withdraw-open
