"""Rules about the order of events within one application."""

from __future__ import annotations

from datetime import date

from ..core.vocabulary import STAGE_WORDS
from .registry import rule

_ORDERED_STAGES = ("screen", "hiring_manager", "final_round", "offer")
_PAST_FIELDS = ("applied", *_ORDERED_STAGES, "rejected", "replied", "feedback_asked")
_BOOKABLE = frozenset(("screen", "hiring_manager", "final_round"))  # may be after today: scheduled


@rule("date-order", "error")
def date_order(app, ctx):
    """
    Dates are in an impossible order.

    What it does
      Flags a date in the future (all but revisit, and an interview you
      booked: screen, hiring_manager, final_round), a stage, check-in or
      rejection before the application was sent, interview stages out of
      order (screen, hiring manager, final round, offer), a rejection before
      the stage it ended, and a reply or feedback request before the
      rejection.

    Why it matters
      A typo in a year or a month silently shifts every reminder. Usually it
      is a swapped digit; catching it now keeps the reminders honest.

    Example
      applied: 2026-10-02
      screen: 2026-09-28

    Fix
      Correct the date that is wrong. If the order really was unusual (say,
      a recruiter called before you applied), use the day you applied for
      both.
    """
    today = ctx.today
    if _in_order(app, today):  # most files: nothing to look at more closely
        return
    values = {key: getattr(app, key) for key in _PAST_FIELDS}
    for key, value in values.items():
        if isinstance(value, date) and value > today and key not in _BOOKABLE:
            yield app.where(key), f"{key} {value} is in the future (today is {today})", None
    for index, day in enumerate(app.check_ins):
        if day > today:
            yield _item(app, index), f"check-in {day} is in the future (today is {today})", None

    applied = app.applied
    if applied is not None:
        for key in (*_ORDERED_STAGES, "rejected"):
            value = values[key]
            if value is not None and value < applied:
                yield app.where(key), f"{key} {value} is before applied {applied}", None
        for index, day in enumerate(app.check_ins):
            if day < applied:
                yield _item(app, index), f"check-in {day} is before applied {applied}", None

    previous = None
    for key in _ORDERED_STAGES:
        value = values[key]
        if value is None:
            continue
        if previous is not None and value < values[previous]:
            yield (
                app.where(key),
                f"{key} {value} is before {previous} {values[previous]}; "
                f"the {STAGE_WORDS[key]} comes after the {STAGE_WORDS[previous]}",
                None,
            )
        previous = key

    rejected = values["rejected"]
    if rejected is not None:
        # the stage reached on `today` (a booked interview is not one yet)
        stage = next((k for k in reversed(_ORDERED_STAGES) if values[k] is not None and values[k] <= today),
                     "applied")  # fmt: skip
        stage_day = values.get(stage)
        if stage != "applied" and stage_day is not None and rejected < stage_day:
            yield (
                app.where("rejected"),
                f"rejected {rejected} is before the {STAGE_WORDS[stage]} on {stage_day}",
                None,
            )
        for key in ("replied", "feedback_asked"):
            value = values[key]
            if isinstance(value, date) and value < rejected:
                yield app.where(key), f"{key} {value} is before rejected {rejected}", None


def _in_order(app, today) -> bool:
    """Whether date_order has nothing to say, told in a few comparisons (most files are in
    order): applying, the stages and the rejection each on or after the one before and none
    after today; replies between the rejection and today; check-ins between applying and today."""
    stages = [d for d in (app.applied, app.screen, app.hiring_manager, app.final_round, app.offer) if d]
    if stages != sorted(stages):
        return False
    for day in (app.applied, app.offer, app.rejected):  # a booked interview may be after today
        if day is not None and day > today:
            return False
    if app.rejected is not None:
        reached = [d for d in stages if d <= today]  # applied, then the stages reached, in order
        if reached and app.rejected < reached[-1]:
            return False
    for day in (app.replied, app.feedback_asked):
        if isinstance(day, date) and (day > today or (app.rejected is not None and day < app.rejected)):
            return False  # (replied may also be "no", or unreadable)
    check_ins = app.check_ins
    if not check_ins:
        return True
    return max(check_ins) <= today and (app.applied is None or min(check_ins) >= app.applied)


def _item(app, index):
    positions = app.item_positions.get("check_ins", ())
    return positions[index] if index < len(positions) else app.where("check_ins")


@rule("extra-check-in", "warning", statuses=("open",))
def extra_check_in(app, ctx):
    """
    More than one check-in was sent.

    What it does
      Flags an open application whose check_ins list holds more than one
      date. Once the application is closed, there is nothing left to send.

    Why it matters
      One polite check-in is useful: it reminds a busy recruiter you exist.
      A second one rarely changes the answer and can cost you goodwill.
      After one check-in, silence is the answer.

    Example
      check_ins: [2026-10-16, 2026-10-23]

    Fix
      Don't send another. Put the energy into a new application instead.
      If the list is a record of what really happened, silence this rule
      for the file: 'jrnl-rej-ignore: [extra-check-in]'.
    """
    if app.status == "open" and len(app.check_ins) > 1:
        yield (
            _item(app, 1),
            f"{len(app.check_ins)} check-ins to {app.company or 'this company'}; one is enough. "
            "Let this one go quiet and put the time into your next application",
            None,
        )
