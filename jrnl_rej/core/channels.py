"""Which channels work: answers by source, the time to an answer, and the weekly rhythm.

The numbers of the report's `sources`, `response_days` and `weekly` (spec §4), worked out once
from the counted applications and `today` (never the clock), and shared by the terminal
report, the JSON and the index section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .text import same_key

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .model import Application

NO_SOURCE = "(none)"
COMPARE_MINIMUM = 5  # applications a source needs before its response rate is compared
WEEKS = 12  # the weekly chart: this week and the 11 before it
SILENCE_FACTOR = 3  # no answer after this many times the median wait: probably a no
_ANSWERED_BY = ("form", "post_interview")  # a silent rejection is no answer
_STAGES_AFTER_APPLIED = ("screen", "hiring_manager", "final_round", "offer")


@dataclass(frozen=True)
class Source:
    """One channel: the applications sent through it and what came back."""

    source: str  # as first written (the earliest application's spelling), or NO_SOURCE
    applications: int
    responses: int  # any answer: a stage reached after `applied`, or a form or interview rejection
    interviews: int  # stage reached: the recruiter screen or later
    offers: int
    named: bool = True  # False for the applications with no source at all


@dataclass(frozen=True)
class Channels:
    sources: tuple[Source, ...]  # most applications first, then by name
    answered: int  # applications with an answer (response_days' count)
    median_days: int | None  # from applied to the first answer; None with no answer
    weekly: tuple[tuple[date, int], ...]  # (Monday, applications sent that week), oldest first
    pace_weeks: int  # full weeks in the chart since the first application (this week left out)
    pace_total: int  # applications sent in those weeks
    quiet: int  # open applications with no answer after SILENCE_FACTOR × the median (terminal only)

    @property
    def this_week(self) -> int:
        return self.weekly[-1][1]

    @property
    def last_week(self) -> int:
        return self.weekly[-2][1]

    @property
    def silence_days(self) -> int | None:
        """After this many days with no answer, an application is probably a no."""
        return None if not self.median_days else SILENCE_FACTOR * self.median_days


def iso_week(monday: date) -> str:
    """`2026-W37`: the ISO year and week of a day."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def first_answer(app: Application, today: date, kind: str | None) -> date | None:
    """The day the first answer came: the earliest stage date on or before `today` (a booked
    interview has not happened yet), else the day of a form or interview rejection."""
    days = [day for stage in _STAGES_AFTER_APPLIED if (day := getattr(app, stage)) is not None and day <= today]
    if days:
        return min(days)
    if kind in _ANSWERED_BY:
        return app.rejected
    return None


def median_half_up(values: list[int]) -> int | None:
    """The median of whole days; between two middle values, a half day rounds up."""
    if not values:
        return None
    values = sorted(values)
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle] + 1) // 2


def build_channels(known, today: date) -> Channels:
    """`known`: (application, stage reached, kind or None, ...) for each counted application,
    as core.patterns.Facts gives them."""
    groups: dict[str, list] = {}  # key -> [first applied, its path, shown, apps, responses, interviews, offers]
    keys: dict[str | None, str] = {}
    waits = []
    waiting: list[Application] = []  # open, no answer yet (an interview may be booked)
    this_monday = today - timedelta(days=today.weekday())
    first_monday = this_monday - timedelta(weeks=WEEKS - 1)
    week_end = this_monday + timedelta(days=7)
    per_week = dict.fromkeys((first_monday + timedelta(weeks=i) for i in range(WEEKS)), 0)
    earliest: date | None = None
    for app, stage, kind, *_ in known:
        raw = app.source
        key = keys.get(raw)
        if key is None:
            key = keys[raw] = same_key(raw) if raw is not None and raw.strip() else ""
        applied = app.applied or date.max  # never None in a counted file
        group = groups.get(key)
        if group is None:
            group = groups[key] = [applied, app.path, raw if key else NO_SOURCE, 0, 0, 0, 0]
        elif applied < group[0] or (applied == group[0] and app.path < group[1]):
            group[0], group[1], group[2] = applied, app.path, raw if key else NO_SOURCE
        group[3] += 1
        if stage != "applied":
            group[4] += 1
            group[5] += 1
            if stage == "offer":
                group[6] += 1
        elif kind in _ANSWERED_BY:
            group[4] += 1
        answer = first_answer(app, today, kind) if stage != "applied" or kind is not None else None
        if answer is not None:
            if applied != date.max:
                waits.append((answer - applied).days)
        elif app.status == "open":
            waiting.append(app)
        if first_monday <= applied < week_end:
            per_week[applied - timedelta(days=applied.weekday())] += 1
        if earliest is None or applied < earliest:
            earliest = applied
    sources = [
        Source(shown, n, responses, interviews, offers, named=bool(key))
        for key, (_, _, shown, n, responses, interviews, offers) in groups.items()
    ]
    sources.sort(key=lambda s: (-s.applications, same_key(s.source) if s.named else NO_SOURCE, s.source))
    median = median_half_up(waits)
    quiet = 0
    if median:
        cutoff = today - timedelta(days=SILENCE_FACTOR * median)
        # An interview booked is something to wait for, not silence (with no answer yet, any
        # interview date is after today).
        quiet = sum(1 for app in waiting if app.applied < cutoff
                    and app.screen is None and app.hiring_manager is None and app.final_round is None)
    weekly = tuple(per_week.items())
    pace_weeks = pace_total = 0
    if earliest is not None and earliest != date.max:
        started = earliest - timedelta(days=earliest.weekday())
        full = [(monday, n) for monday, n in weekly[:-1] if monday >= started]
        pace_weeks, pace_total = len(full), sum(n for _, n in full)
    return Channels(tuple(sources), len(waits), median, weekly, pace_weeks, pace_total, quiet)


def channels_json(channels: Channels) -> dict:
    """The `sources`, `response_days` and `weekly` members of `report --format json`."""
    return {
        "sources": [
            {
                "source": s.source,
                "applications": s.applications,
                "responses": s.responses,
                "interviews": s.interviews,
                "offers": s.offers,
            }
            for s in channels.sources
        ],
        "response_days": {"count": channels.answered, "median": channels.median_days},
        "weekly": [{"week": iso_week(monday), "applications": n} for monday, n in channels.weekly],
    }
