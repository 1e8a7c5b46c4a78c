"""`jrnl-rej log FILE EVENT [WHEN]`: record what happened in an application's front matter.

It changes only the keys of the event, through the careful text edits of `edit`
(comments, quoting, order, blank lines, line endings and the notes below the front
matter stay as they were), and writes through `writer.update_atomic`. Dates may be words
(`yesterday`, `last friday`, `Nov 3`), read against --today; what is written is always
YYYY-MM-DD.
"""

from __future__ import annotations

from datetime import date, timedelta

import click

from ..core.deadlines import reply_due, silent_day
from ..core.errors import JrnlError
from ..core.text import clean, closest
from ..journal.edit import EditError, append_item, encode, load_document, set_keys, yaml_scalar
from .new import _parse_date

STAGE_EVENTS = ("screen", "hiring_manager", "final_round", "offer")
BOOKABLE = ("screen", "hiring_manager", "final_round")
EVENTS = (*STAGE_EVENTS, "check-in", "rejected", "replied", "feedback-asked", "feedback", "withdrawn")
_ALIASES = {
    "hiring-manager": "hiring_manager",
    "final-round": "final_round",
    "check_in": "check-in",
    "checkin": "check-in",
    "check_ins": "check-in",
    "feedback_asked": "feedback-asked",
    "reject": "rejected",
    "rejection": "rejected",
    "withdraw": "withdrawn",
    "reply": "replied",
}
_EVENT_WORDS = {
    "screen": "the recruiter screen",
    "hiring_manager": "the hiring-manager interview",
    "final_round": "the final round",
    "offer": "the offer",
}
_NO_REPLY = {"no", "none", "never", "not"}


def _event_name(event: str) -> str:
    word = event.strip().lower()
    word = _ALIASES.get(word, word)
    if word in EVENTS:
        return word
    hint = closest(word, EVENTS, limit=3)
    tail = f"; did you mean '{hint}'?" if hint else ""
    raise JrnlError(f"unknown event {clean(event)!r}{tail} (events: {', '.join(EVENTS)})")


def _errors(relpath: str, text: str, bom: bool, session):
    """The file's error-level findings as (rule, message) pairs, and the application read."""
    from ..core.diagnostics import ERROR
    from ..reading.reader import read_text
    from ..rules.engine import analyse

    result = read_text(relpath, text, bom, session.config.date_order)
    analysis = analyse([result], session.config, session.today)
    return {(d.rule, d.message) for d in analysis.diagnostics if d.severity == ERROR}, result.application


class _Changed(Exception):
    """The file is no longer what was read: someone saved it meanwhile."""


def run(session, file: str, event: str, when_words: str = "", kind: str | None = None, _again: bool = True) -> int:
    """Record EVENT in FILE's front matter; print what changed and the next step.

    The write is a compare-and-swap (`writer.update_atomic`): when the file changed since it
    was read (an editor's save, another `log`), everything is done once more on what is
    there now; when it changed again, nothing is written and the command says so (exit 2)."""
    from ..journal.writer import read_regular, update_atomic
    from ..reading.document import decode

    name = _event_name(event)
    if kind and name != "rejected":
        raise JrnlError("--kind goes with 'rejected' only")
    path, shown = session.resolve_file(file)
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
    errors_before, app = _errors(shown, text, bom, session)

    words = " ".join(when_words.split())
    plan = _plan(name, words, kind, app, session)
    try:
        new_text = _apply(text, plan)
    except EditError as exc:
        raise JrnlError(f"{shown}: {exc}") from None

    quoted = clean(session.command_path(shown))
    if new_text == text:
        click.echo(f"Nothing to change: {clean(session.shown(shown))} already records {plan.summary}.")
        return 0
    errors_after, updated = _errors(shown, new_text, bom, session)
    added = sorted(errors_after - errors_before)
    if added:
        raise JrnlError(f"{shown}: nothing written, because after this change {added[0][1]}")
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
        return run(session, file, event, when_words, kind, _again=False)  # once more, on what is there now
    click.echo(f"Logged {plan.summary} in {clean(session.shown(shown))}.")
    for line in _next_steps(name, updated, quoted, session):
        click.echo(line, err=True)
    return 0


class _Plan:
    def __init__(self, summary: str, changes=(), append=None):
        self.summary = summary
        self.changes = list(changes)  # (key, yaml value), set in order
        self.append = append  # (key, yaml item) added to a list


def _apply(text: str, plan: _Plan) -> str:
    if plan.append is not None:
        key, item = plan.append
        if plan_has_item(text, key, item):
            return text
        text = append_item(text, key, item)
    return set_keys(text, plan.changes)


def plan_has_item(text: str, key: str, item: str) -> bool:
    doc = load_document(text)
    entry = doc.entries.get(key)
    if entry is None:
        return False
    values = [entry.scalar] if entry.value_kind == "scalar" else entry.items
    return any(v is not None and v.raw.strip() == item for v in values)


def _day(words: str, session, what: str) -> date:
    day = _parse_date(words or "today", session, what)
    if day > session.today:
        raise JrnlError(f"{what} {day} is in the future (today is {session.today}); "
                        "log it once it has happened")  # fmt: skip
    return day


def _plan(name: str, words: str, kind: str | None, app, session) -> _Plan:
    if name in BOOKABLE:  # an interview may be booked ahead
        day = _parse_date(words or "today", session, name, ahead=True)
        booked = " (booked)" if day > session.today else ""
        return _Plan(f"{_EVENT_WORDS[name]} on {day}{booked}", [(name, day.isoformat())])
    if name in STAGE_EVENTS:
        day = _day(words, session, name)
        return _Plan(f"{_EVENT_WORDS[name]} on {day}", [(name, day.isoformat())])
    if name == "check-in":
        day = _day(words, session, "check-in")
        return _Plan(f"a check-in on {day}", append=("check_ins", day.isoformat()))
    if name == "rejected":
        day = _day(words, session, "rejected")
        chosen = kind or (app.rejection if app.rejection else None)
        if chosen is None:
            chosen = "form" if app.stage_reached == "applied" else "post_interview"
        return _Plan(f"the rejection on {day} ({chosen.replace('_', '-')})",
                     [("status", "rejected"), ("rejected", day.isoformat()), ("rejection", chosen)])  # fmt: skip
    if name == "replied":
        if words.lower() in _NO_REPLY:
            return _Plan("that you chose not to reply", [("replied", "no")])
        day = _day(words, session, "replied")
        return _Plan(f"your reply on {day}", [("replied", day.isoformat())])
    if name == "feedback-asked":
        day = _day(words, session, "feedback-asked")
        return _Plan(f"that you asked for feedback on {day}", [("feedback_asked", day.isoformat())])
    if name == "feedback":
        if not words:
            raise JrnlError('feedback needs the words themselves: jrnl-rej log FILE feedback "what they said"')
        return _Plan("their feedback", [("feedback", yaml_scalar(words))])
    # withdrawn
    if words:
        raise JrnlError("withdrawn takes no date; the file records only that you withdrew")
    if app.status == "rejected":
        raise JrnlError("this application is already closed as rejected; 'withdrawn' is for one "
                        "you stopped yourself")  # fmt: skip
    return _Plan("that you withdrew", [("status", "withdrawn")])


def _next_steps(name: str, app, quoted: str, session) -> list[str]:
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
        first = f"Good luck with {_EVENT_WORDS[name]} today. " if today else ""
        return [f"{first}Two or three concrete stories about scope and results carry these "
                "conversations; note which ones landed."]  # fmt: skip
    if name == "offer":
        return ["Congratulations! Take a day before you answer; you have earned it."]
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
