"""The days that matter for one application, worked out in one place.

The rules, the to-do list, the calendar and `log`'s next steps all ask these
questions; each answer comes from the application and the config's thresholds
only (never the clock), so every output agrees on every day.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta

from .dates import add_months

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .config import Thresholds
    from .model import Application


def reply_due(app: Application, thresholds: Thresholds) -> date | None:
    """The last day of the thank-you window, or None when no thank-you is owed."""
    if app.replied is not None or app.rejected is None or app.kind != "post_interview":  # cheapest first
        return None
    return app.rejected + timedelta(days=thresholds.reply_window_days)


def reply_lapse(app: Application, thresholds: Thresholds) -> date | None:
    """The last day the thank-you is still asked for (after it the moment has passed)."""
    if reply_due(app, thresholds) is None:
        return None
    return app.rejected + timedelta(days=thresholds.reply_lapse_days)


def silent_day(app: Application, thresholds: Thresholds) -> date | None:
    """The day silence sets in for an open application with no offer and no interview
    booked, or None."""
    if app.status != "open" or app.offer is not None or app.scheduled:
        return None
    last = app.last_activity
    if last is None:
        return None
    return last + timedelta(days=thresholds.silent_after_days)


def check_in_day(app: Application, thresholds: Thresholds) -> date | None:
    """The first day a check-in fits (open, still at `applied`, none logged yet), or None."""
    if app.status != "open" or app.stage_reached != "applied" or app.check_ins or app.applied is None:
        return None
    if app.scheduled:  # waiting on the interview, not on an answer
        return None
    return app.applied + timedelta(days=thresholds.check_in_after_days)


def revisit_window(app: Application, thresholds: Thresholds) -> tuple[date, date] | None:
    """The revisit window of an interview-stage rejection, or None when it has none."""
    if app.kind != "post_interview" or app.rejected is None or app.revisit == "never":
        return None
    if app.bucket not in ("after_hiring_manager", "final_round"):
        return None
    after = thresholds.revisit_after_months
    until = thresholds.revisit_until_months
    if isinstance(app.revisit, date):  # a window of the same length, from that day
        return app.revisit, add_months(app.revisit, until - after)
    return add_months(app.rejected, after), add_months(app.rejected, until)


def reapplied_since(app: Application, applications) -> bool:
    """Whether another application to the same company went out after this rejection."""
    return any(
        other is not app and other.applied is not None and other.applied > app.rejected
        for other in applications
    )


def accepted_day(app: Application) -> date | None:
    """Day A of an accepted offer, the end of the search it belongs to: the `offer` date,
    else the application's latest date; None for an application not accepted."""
    if app.status != "accepted":
        return None
    if app.offer is not None:
        return app.offer
    days = [d for d in (app.applied, app.screen, app.hiring_manager, app.final_round, app.rejected,
                        *app.check_ins) if isinstance(d, date)]  # fmt: skip
    return max(days) if days else None


def finished_searches(applications) -> list[tuple[date, Application]]:
    """(A, the accepted application) for every accepted offer, soonest first."""
    found = [(day, app) for app in applications if (day := accepted_day(app)) is not None]
    found.sort(key=lambda pair: (pair[0], pair[1].path))
    return found


def search_ended_by(app: Application, finished: list[tuple[date, Application]]) -> Application | None:
    """The accepted application that ended the search `app` belongs to, or None (a new search)."""
    if app.applied is None:
        return None
    # the first (soonest) accepted offer on or after the day it was applied: `finished` is sorted
    index = bisect_left(finished, app.applied, key=_day)
    return finished[index][1] if index < len(finished) else None


def _day(pair: tuple[date, Application]) -> date:
    return pair[0]


def interviews(app: Application, thresholds: Thresholds) -> tuple[tuple[str, date, date], ...]:
    """The interviews booked on an open application: (stage, day, the day to start preparing)."""
    if app.status != "open":
        return ()
    prep = timedelta(days=thresholds.prep_days)
    return tuple((stage, day, day - prep) for stage, day in app.scheduled)
