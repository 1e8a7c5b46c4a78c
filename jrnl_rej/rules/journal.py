"""Rules that compare applications across the journal: duplicates, momentum and revisits."""

from __future__ import annotations

from datetime import date

from ..core.deadlines import reapplied_since, revisit_window, search_ended_by
from ..core.shell import FILE
from ..core.vocabulary import STAGE_WORDS
from .registry import rule


@rule("duplicate-application", "warning", needs_journal=True)
def duplicate_application(app, ctx):
    """
    The same application seems to be logged twice.

    What it does
      Flags two files with the same company and role (ignoring case and
      spacing) whose application dates are at most a week apart. Both files
      are flagged.

    Why it matters
      A duplicate counts the same no twice, and your patterns start to lie.
      It also splits your notes about one conversation over two files.

    Example
      acme-data-engineer.md: company: Acme, role: Data Engineer, applied: 2026-10-02
      acme-2.md:             company: ACME, role: data engineer, applied: 2026-10-04

    Fix
      Merge the notes into one file and delete the other. If you really
      applied twice, silence it in one file:
      'jrnl-rej-ignore: [duplicate-application]'.
    """
    company, role = app.same_keys
    if app.applied is None or not company or not role:
        return
    # grouped once per run: comparing every pair within a big company was quadratic
    for other in ctx.by_company_role.get((company, role), ()):
        if other is app or other.applied is None:
            continue
        gap = abs((other.applied - app.applied).days)
        if gap <= 7:
            when = "on the same day" if gap == 0 else f"{gap} day{'s' if gap > 1 else ''} apart"
            yield (
                app.where("company"),
                f"same company and role as {other.path} (applied {when}); merge the notes "
                "into one file",
                None,
            )


def rejection_day(app) -> date | None:
    """The day of a form or post-interview rejection (the ones that call for a next step)."""
    if app.kind in ("form", "post_interview"):
        return app.rejected
    return None


@rule("next-application", "warning", needs_journal=True, statuses=("rejected",))
def next_application(app, ctx):
    """
    No new application has gone out since a rejection.

    What it does
      Flags a form or post-interview rejection when no other application was
      sent on that day or later, from the second day after it until two weeks
      have passed.

    Why it matters
      The best answer to a no is the next yes in progress. Sending one more
      application the same day keeps the search moving and takes the weight
      off the one that closed.

    Example
      rejected: 2026-11-20
      (and no file with applied on or after 2026-11-20, today 2026-11-22)

    Fix
      Send one application today, even a small one, then
      'jrnl-rej new COMPANY ROLE'. The reminder stops as soon as it exists.
    """
    day = rejection_day(app)
    if day is None:
        return
    waited = (ctx.today - day).days
    if not 2 <= waited <= ctx.config.thresholds.momentum_lookback_days:
        return
    others = ctx.applied_on_or_after(day) - (1 if app.applied and app.applied >= day else 0)
    if others <= 0:
        yield (
            app.where("rejected", "status"),
            f"{app.company or 'This company'} said no {waited} days ago and nothing new has "
            "gone out since; send one application today: jrnl-rej new COMPANY ROLE",
            None,
        )


@rule("revisit-open", "info", needs_journal=True, statuses=("rejected",))
def revisit_open(app, ctx):
    """
    A company that interviewed you may be worth another try now.

    What it does
      Reminds you when a company that turned you down after a hiring-manager
      interview or a final round is inside its revisit window: by default
      three to six months after the rejection. A 'revisit:' date moves the
      window; 'revisit: never' turns it off. It stops once you apply there
      again.

    Why it matters
      Getting that far means they liked you. Teams change, budgets reopen,
      and the person who was chosen sometimes leaves. A new application that
      mentions the earlier interview often gets a warmer read.

    Example
      final_round: 2026-06-30
      status: rejected
      rejected: 2026-07-10
      (today is between 2026-10-10 and 2027-01-10)

    Fix
      Look at their openings. 'jrnl-rej draft reapply FILE' gives you a first
      line that names the earlier interview. Not interested? 'revisit: never'.
    """
    window = revisit_window(app, ctx.config.thresholds)
    if window is None or not window[0] <= ctx.today <= window[1]:
        return
    if reapplied_since(app, ctx.by_company.get(app.company_key, ())):
        return
    yield (
        app.where("revisit", "rejected"),
        f"{app.company or 'This company'} interviewed you up to the "
        f"{STAGE_WORDS[app.stage_reached]} and said no on {app.rejected}; their door may be "
        f"open again until {window[1]}: jrnl-rej draft reapply {FILE}",
        None,
    )



@rule("withdraw-open", "info", needs_journal=True, statuses=("open",))
def withdraw_open(app, ctx):
    """
    You accepted an offer: this application is still open.

    What it does
      Reminds you of an open application sent before the offer you
      accepted (status: accepted). That search is over, so the reminders to
      check in, to let silence close it, or to apply again stop for it.

    Why it matters
      Congratulations. A short note to withdraw is a kindness to the people
      still reading your application, and it closes the loop for you.

    Example
      other.md: status: accepted, offer: 2026-11-20
      this file: applied: 2026-11-02, status: open

    Fix
      Send two friendly lines saying you have accepted another offer, then
      'jrnl-rej log FILE withdrawn'.
    """
    if app.status != "open" or not ctx.finished:
        return
    accepted = search_ended_by(app, ctx.finished)
    if accepted is None or accepted is app:
        return
    yield (
        app.where("status", "applied"),
        f"you accepted the offer from {accepted.company or 'another company'}; "
        f"let {app.company or 'this company'} know kindly that you are withdrawing: "
        f"jrnl-rej log {FILE} withdrawn",
        None,
    )
