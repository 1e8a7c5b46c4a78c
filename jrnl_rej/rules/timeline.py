"""Rules about the order of events within one application."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from . import STAGE_WORDS, rule


@rule("date-order", "error")
def date_order(app, ctx):
    """
    Dates are in an impossible order.

    What it does
      Flags a date in the future (all but revisit), a stage, check-in or
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
    applied, rejected = app.applied, app.rejected
    # Only the dates that are set, each looked at once: most files have three or four.
    # The interview stages, in the order they come:
    stages = [
        (key, day)
        for key, day in (("screen", app.screen), ("hiring_manager", app.hiring_manager),
                         ("final_round", app.final_round), ("offer", app.offer))
        if day is not None
    ]  # fmt: skip
    # what comes after applying:
    later = stages if rejected is None else [*stages, ("rejected", rejected)]
    # what comes after the rejection (replied may also be "no", or unreadable: not a day):
    answers = [
        (key, day)
        for key, day in (("replied", app.replied), ("feedback_asked", app.feedback_asked))
        if isinstance(day, date)
    ]
    past = [*later, *answers] if applied is None else [("applied", applied), *later, *answers]

    for key, day in past:
        if day > today:
            yield app.where(key), f"{key} {day} is in the future (today is {today})", None
    for index, day in enumerate(app.check_ins):
        if day > today:
            yield _item(app, index), f"check-in {day} is in the future (today is {today})", None

    if applied is not None:
        for key, day in later:
            if day < applied:
                yield app.where(key), f"{key} {day} is before applied {applied}", None
        for index, day in enumerate(app.check_ins):
            if day < applied:
                yield _item(app, index), f"check-in {day} is before applied {applied}", None

    for (previous, previous_day), (key, day) in pairwise(stages):
        if day < previous_day:
            yield (
                app.where(key),
                f"{key} {day} is before {previous} {previous_day}; "
                f"the {STAGE_WORDS[key]} comes after the {STAGE_WORDS[previous]}",
                None,
            )

    if rejected is not None:
        if stages and rejected < stages[-1][1]:
            stage, stage_day = stages[-1]  # the stage reached
            yield (
                app.where("rejected"),
                f"rejected {rejected} is before the {STAGE_WORDS[stage]} on {stage_day}",
                None,
            )
        for key, day in answers:
            if day < rejected:
                yield app.where(key), f"{key} {day} is before rejected {rejected}", None


def _item(app, index):
    positions = app.item_positions.get("check_ins", ())
    return positions[index] if index < len(positions) else app.where("check_ins")


@rule("extra-check-in", "warning")
def extra_check_in(app, ctx):
    """
    More than one check-in was sent.

    What it does
      Flags an application whose check_ins list holds more than one date.

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
    if len(app.check_ins) > 1:
        yield (
            _item(app, 1),
            f"{len(app.check_ins)} check-ins to {app.company or 'this company'}; one is enough. "
            "Let this one go quiet and put the time into your next application",
            None,
        )
