"""`jrnl-rej log FILE EVENT [WHEN]`: record what happened in an application's front matter.

It changes only the keys of the event, through the careful text edits of `edit`
(comments, quoting, order, blank lines, line endings and the notes below the front
matter stay as they were), and writes through `writer.update_atomic`. Dates may be words
(`yesterday`, `last friday`, `Nov 3`), read against --today; what is written is always
YYYY-MM-DD.
"""

from __future__ import annotations

from datetime import timedelta

import click

from ..core.deadlines import reply_due, silent_day
from ..core.errors import JrnlError
from ..core.text import clean
from ..journal.edit import EditError, encode, load_document
from .log_events import BOOKABLE, EVENT_WORDS, Conflict, apply, event_name, plan, retry_command


def _findings(relpath: str, text: str, bom: bool, session):
    """The file's own findings as (severity, rule, message), and the application read."""
    from ..reading.reader import read_text
    from ..rules.engine import analyse

    result = read_text(relpath, text, bom, session.config.date_order)
    analysis = analyse([result], session.config, session.today)
    return {(d.severity, d.rule, d.message) for d in analysis.diagnostics}, result.application


class _Changed(Exception):
    """The file is no longer what was read: someone saved it meanwhile."""


def run(session, file: str, event: str, when_words: str = "", kind: str | None = None, replace: bool = False,
        append: bool = False, _again: bool = True) -> int:  # fmt: skip
    """Record EVENT in FILE's front matter; print what changed and the next step.

    A value already in the file is never replaced by a different one unless `replace`
    (exit 2, naming it, nothing written); `append` adds feedback after the old. The write is
    a compare-and-swap (`writer.update_atomic`): when the file changed since it was read (an
    editor's save, another `log`), everything is done once more on what is there now; when
    it changed again, nothing is written and the command says so (exit 2)."""
    from ..journal.writer import read_regular, update_atomic
    from ..reading.document import decode

    path, shown = session.resolve_file(file)
    quoted = clean(session.command_path(shown))
    name = event_name(event, quoted)
    if append and name != "feedback":
        raise JrnlError("--append goes with 'feedback' only")
    try:
        data = read_regular(path)
    except OSError as exc:
        raise JrnlError(f"{file}: cannot read it: {exc.strerror or exc}") from None
    try:
        text, bom = decode(data)
    except UnicodeDecodeError:
        raise JrnlError(f"{shown}: not UTF-8 text; save it as UTF-8 in your editor") from None
    try:
        load_document(text)
    except EditError as exc:
        raise JrnlError(f"{shown}: {exc}") from None
    before, app = _findings(shown, text, bom, session)

    words = " ".join(when_words.split())
    chosen = plan(name, words, kind, app, session, quoted)
    try:
        new_text = apply(text, chosen, app, replace=replace, append=append,
                         retry=retry_command(quoted, name, words, kind))  # fmt: skip
    except Conflict as exc:
        raise JrnlError(f"{shown}: {exc}") from None
    except EditError as exc:
        raise JrnlError(f"{shown}: {exc}") from None

    if new_text == text:
        click.echo(f"Nothing to change: {clean(session.shown(shown))} already records {chosen.summary}.")
        return 0
    after, updated = _findings(shown, new_text, bom, session)
    added = sorted(after - before)
    errors = [message for severity, _rule, message in added if severity == "error"]
    if errors:
        raise JrnlError(f"{shown}: nothing written, because after this change {errors[0]}")
    new_data = encode(new_text, bom)

    def edit(now: bytes | None) -> bytes:
        # Under the writer's lock: only what was read and checked above is changed.
        if now != data:
            raise _Changed
        return new_data

    try:
        update_atomic(path, edit)
    except _Changed:
        if not _again:
            raise JrnlError(f"{shown} changed while it was being edited; nothing was written, try again") from None
        return run(session, file, event, when_words, kind, replace, append, _again=False)  # on what is there now
    click.echo(f"Logged {chosen.summary} in {clean(session.shown(shown))}.")
    heads_up = [message for severity, rule, message in added if rule in _AT_ONCE]
    for message in heads_up:  # what the next check would warn of, said now
        click.echo(f"Worth a look: {clean(message)}.", err=True)
    for line in _next_steps(name, updated, quoted, session, bool(heads_up)):
        click.echo(line, err=True)
    return 0


# Warnings a logged event can bring that are better said at once than on the next check.
_AT_ONCE = ("miscalibrated-rejection",)  # (a second check-in: the next step says it)


def _next_steps(name: str, app, quoted: str, session, warned: bool = False) -> list[str]:
    company = app.company or "them"
    if name == "rejected":
        if app.kind == "post_interview":
            due = reply_due(app, session.config.thresholds)
            if due is not None and session.today <= due:
                return [f"Sorry it didn't work out. Send a short thank-you by {due}: "
                        f"jrnl-rej draft reply {quoted}"]  # fmt: skip
            return [f"Sorry it didn't work out. A short thank-you still helps, late or not: "
                    f"jrnl-rej draft reply {quoted}",
                    f"Or, if you'd rather not: jrnl-rej log {quoted} replied no"]  # fmt: skip
        if warned:  # a form email after an interview: the warning above says what fits
            return [f"If you had a conversation with them: jrnl-rej log {quoted} rejected --kind post-interview "
                    "--replace"]  # fmt: skip
        return ["Sorry it didn't work out. No reply needed. The best next step is one new "
                "application today: jrnl-rej new COMPANY ROLE"]  # fmt: skip
    if name == "replied":
        if app.replied == "no":
            return ["That's a fair choice. Put the energy into the next application."]
        if not app.is_rejected:
            return ["Good. The ball is in their court now; meanwhile, keep other applications moving."]
        lines = ["Well done: replying kindly after a no is hard, and people remember it."]
        if app.feedback_asked is None:
            lines.append(f"If you'd like one piece of feedback: jrnl-rej draft feedback {quoted}")
        return lines
    if name in BOOKABLE and getattr(app, name) is not None and getattr(app, name) > session.today:
        day = getattr(app, name)
        prep = day - timedelta(days=session.config.thresholds.prep_days)
        return [f"Booked. From {max(prep, session.today)} 'jrnl-rej check' reminds you how to "
                "prepare; there is nothing to chase until then."]  # fmt: skip
    if name in ("screen", "hiring_manager", "final_round"):
        # wish luck only on the day itself
        today = getattr(app, name) == session.today
        if name == "screen":
            first = "Good luck today. Afterwards, jot" if today else "Jot"
            return [f"{first} down what they asked while it is fresh; it helps in the next round."]
        first = f"Good luck with {EVENT_WORDS[name]} today. " if today else ""
        return [f"{first}Two or three concrete stories about scope and results carry these "
                "conversations; note which ones landed."]  # fmt: skip
    if name == "offer":
        return ["Congratulations! Take a day before you answer; you have earned it."]
    if name == "accepted":
        return ["Congratulations, and well done for getting through the search. The companies still "
                "waiting on you deserve a short note: 'jrnl-rej today' lists them."]  # fmt: skip
    if name == "declined":
        return ["Saying no to an offer is a choice, not a loss. Thank them kindly; they may be worth "
                "knowing again."]  # fmt: skip
    if name == "check-in":
        if len(app.check_ins) > 1:
            return ["That makes more than one check-in; after this, let silence be the answer "
                    "and put the time into a new application."]  # fmt: skip
        cutoff = silent_day(app, session.config.thresholds)
        if cutoff is not None:
            return [f"One check-in is enough. If nothing comes back by {cutoff}, let it go: "
                    f"jrnl-rej log {quoted} rejected --kind silent"]  # fmt: skip
        return ["One check-in is enough; after it, let silence be the answer."]
    if name == "feedback-asked":
        return [f"Whatever {clean(company)} says, write it down: "
                f'jrnl-rej log {quoted} feedback "what they said"']  # fmt: skip
    if name == "feedback":
        return ["Noted. 'jrnl-rej report' shows whether it is part of a pattern."]
    return ["Closed. Your time goes where it is wanted."]
