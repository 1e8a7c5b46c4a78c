"""Rules about answering a rejection: the thank-you after an interview, and when none is owed."""

from __future__ import annotations

from ..core.deadlines import reply_due as _reply_due
from ..core.deadlines import reply_lapse
from ..core.shell import FILE
from ..core.vocabulary import STAGE_WORDS
from .registry import rule


def _name(app) -> str:
    return app.company or "this company"


@rule("overdue-reply", "warning", statuses=("rejected",))
def overdue_reply(app, ctx):
    """
    The thank-you after an interview rejection is overdue.

    What it does
      Flags a post-interview rejection with no 'replied' line once the reply
      window has passed: by default, from the second day after the rejection
      until two weeks after it ('reply_lapse_days'). Later, the moment has
      passed and it says nothing more.

    Why it matters
      Someone spent time interviewing you. A short, kind note, sent soon,
      is remembered: it is how people get a call when the chosen candidate
      falls through or the next role opens. A few days late is still fine.

    Example
      status: rejected
      rejected: 2026-11-20
      (interviews logged, no 'replied' line, and today is 2026-11-23)

    Fix
      Send a few lines: thank them, name one thing you valued, leave the door
      open. 'jrnl-rej draft reply FILE' starts it for you. Then
      'jrnl-rej log FILE replied'. If you decide not to reply, write
      'replied: no' and the reminder stops.
    """
    thresholds = ctx.config.thresholds
    due = _reply_due(app, thresholds)
    if due is not None and due < ctx.today <= reply_lapse(app, thresholds):
        yield (
            app.where("rejected", "status"),
            f"{_name(app)} said no after the {STAGE_WORDS[app.stage_reached]}; the thank-you "
            f"was due by {due}. A short note still helps: jrnl-rej draft reply {FILE} "
            "(or set 'replied: no')",
            None,
        )


@rule("reply-due", "info", statuses=("rejected",))
def reply_due(app, ctx):
    """
    A thank-you reply is due soon.

    What it does
      Reminds you, on the day a post-interview rejection arrives and by
      default the day after, that a short reply is worth sending.

    Why it matters
      A reply within a day, while they still remember you, leaves the best
      impression. It takes five minutes, and you never have to write it
      while the news is fresh if you have a draft.

    Example
      status: rejected
      rejected: 2026-11-24
      final_round: 2026-11-18

    Fix
      'jrnl-rej draft reply FILE' gives you a short note to finish. After
      sending it, 'jrnl-rej log FILE replied'.
    """
    due = _reply_due(app, ctx.config.thresholds)
    if due is not None and app.rejected <= ctx.today <= due:
        yield (
            app.where("rejected", "status"),
            f"{_name(app)} said no after the {STAGE_WORDS[app.stage_reached]}; send a short "
            f"thank-you by {due}: jrnl-rej draft reply {FILE}",
            None,
        )


@rule("miscalibrated-rejection", "warning", statuses=("rejected",))
def miscalibrated_rejection(app, ctx):
    """
    The rejection kind does not match how far you got.

    What it does
      Flags 'rejection: form' on an application that reached an interview,
      and 'rejection: post_interview' on one that never did.

    Why it matters
      The kind decides what to do next. After an interview a person invested
      time, and a short reply is worth it. Before any conversation, a form
      email needs no answer: move on.

    Example
      screen: 2026-10-09
      rejection: form

    Fix
      Use 'rejection: post_interview' when you had an interview (and reply),
      or 'rejection: form' when you did not. If an interview is missing from
      the file, add its date instead.
    """
    if app.rejection is None or not app.is_rejected:
        return
    stage = app.stage_reached
    if app.rejection == "form" and stage != "applied":
        yield (
            app.where("rejection"),
            f"rejection is 'form', but you reached the {STAGE_WORDS[stage]}; someone spent "
            "time with you, so a short reply is worth it (rejection: post_interview)",
            None,
        )
    elif app.rejection == "post_interview" and stage == "applied":
        yield (
            app.where("rejection"),
            "rejection is 'post_interview', but no interview is logged; with no conversation "
            "there is nobody to thank, so 'form' fits (or add the interview's date)",
            None,
        )
