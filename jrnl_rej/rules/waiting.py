"""Rules about waiting: for an answer (when a check-in fits, when silence is the answer), and for
a booked interview (when to prepare)."""

from __future__ import annotations

from ..core.deadlines import check_in_day, interviews, silent_day
from ..core.diagnostics import Fix
from ..core.shell import FILE
from ..core.vocabulary import PREPARATION, STAGE_WORDS
from .registry import rule


@rule("stale-silent", "warning", fix="unsafe", statuses=("open",))
def stale_silent(app, ctx):
    """
    An open application has gone silent.

    What it does
      Flags an open application (no offer) when three weeks have passed since
      the last thing that happened: the application, or the latest interview.
      Check-ins do not restart the clock.

    Why it matters
      Most companies never send a no; they just stop writing. Three weeks of
      silence is an answer. Closing the application frees you from waiting,
      and keeps your patterns honest. It is not a verdict on you.

    Example
      applied: 2026-10-02
      (no screen, status open, and today is 2026-10-23 or later)

    Fix
      If you have not yet, one short check-in is fine; then let it go.
      'jrnl-rej log FILE rejected --kind silent' closes it, or
      'jrnl-rej check --unsafe-fixes' does it for every silent application
      (status: rejected, rejection: silent, rejected: the day silence set in).
      Unsafe, because only you know whether they really went quiet. Your next
      application matters more than this one.
    """
    cutoff = silent_day(app, ctx.config.thresholds)
    if cutoff is None or ctx.today < cutoff:
        return
    last = app.last_activity
    fields = ("applied", "screen", "hiring_manager", "final_round")
    key = next(k for k in fields if getattr(app, k) == last)  # where it is written (the first, on a tie)
    days = (ctx.today - last).days
    closed = cutoff.isoformat()
    fix = Fix(
        safe=False,
        changes=(("status", "rejected"), ("rejection", "silent"), ("rejected", closed)),
        description=f"close it as a silent rejection on {closed}",
    )
    yield (
        app.where(key),
        f"no word from {app.company or 'this company'} for {days} days (since {last}); treat "
        f"it as a no and close it: jrnl-rej log {FILE} rejected --kind silent. "
        "The next application matters more than this one",
        fix,
    )


@rule("check-in-due", "info", statuses=("open",))
def check_in_due(app, ctx):
    """
    One check-in would fit now.

    What it does
      Reminds you, two weeks after applying with no answer and no check-in
      yet, that one short follow-up is reasonable. The reminder stops when
      you log a check-in, hear back, or three weeks pass.

    Why it matters
      Applications get lost in busy inboxes. One polite nudge, once, can put
      yours back on top. More than one rarely helps.

    Example
      applied: 2026-10-02
      (status open, no screen, no check_ins, and today is 2026-10-16)

    Fix
      Send two or three lines: the role, the date you applied, that you are
      still interested. Then 'jrnl-rej log FILE check-in'.
    """
    thresholds = ctx.config.thresholds
    day = check_in_day(app, thresholds)
    if day is None:
        return
    waited = (ctx.today - app.applied).days
    if day <= ctx.today and waited < thresholds.silent_after_days:
        yield (
            app.where("applied"),
            f"{waited} days without an answer from {app.company or 'this company'}; one short "
            f"check-in fits now. Afterwards: jrnl-rej log {FILE} check-in",
            None,
        )


@rule("interview-upcoming", "info", statuses=("open",))
def interview_upcoming(app, ctx):
    """
    An interview is coming up: time to prepare.

    What it does
      Reminds you, from three days before a booked interview ('prep_days'),
      of the interview and its day, with the preparation that fits its
      stage. A date after today on screen, hiring_manager or final_round is
      an interview you booked, not a mistake.

    Why it matters
      An hour of preparation shows. For a recruiter screen that is your
      salary expectations, your availability and a 90-second summary of
      yourself; for the hiring manager, three achievements that match the
      role, told as short stories; for a final round, the same, for each
      person you will meet.

    Example
      hiring_manager: 2026-11-30
      (status open, and today is 2026-11-27, 28 or 29)

    Fix
      Nothing to fix: prepare, and good luck. The reminder stops once the
      day has passed; the date then counts as the stage you reached.
    """
    for stage, day, start in interviews(app, ctx.config.thresholds):
        if start <= ctx.today:
            left = (day - ctx.today).days
            when = "tomorrow" if left == 1 else f"in {left} days"
            yield (
                app.where(stage),
                f"the {STAGE_WORDS[stage]} with {app.company or 'this company'} is {when} ({day}): "
                f"{PREPARATION[stage]}",
                None,
            )
