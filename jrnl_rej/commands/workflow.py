"""`jrnl-rej new` and `jrnl-rej log`: start an application file, and record what happened.

Both write through `writer.write_atomic`; `log` changes only the keys of the event,
through the careful text edits of `edit` (comments, quoting, order, blank lines,
line endings and the notes below the front matter stay as they were).
Dates on the command line may be words (`yesterday`, `last friday`, `Nov 3`),
read against --today; what is written is always YYYY-MM-DD.
"""

from __future__ import annotations

import os
import re
import shlex
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import click

from ..core.errors import JrnlError
from ..core.text import clean, closest, same_key
from ..journal.edit import EditError, append_item, encode, load_document, set_keys, yaml_scalar

SLUG_PART_MAX = 40  # characters of the company and of the role in a file name
# Latin letters that NFKD does not split into a base letter and an accent.
_LETTERS = str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "đ": "d",
    "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i",
})  # fmt: skip


# -- new -----------------------------------------------------------------------------------------


def slug(text: str, limit: int = SLUG_PART_MAX) -> str:
    """Lower-case ASCII words joined by hyphens: 'Société Générale' -> 'societe-generale'.

    Accents are dropped (NFKD), anything else that is not a letter or digit
    separates words, and a long result is cut at a word boundary.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            if not out:
                out = word[:limit]
            break
        out = candidate
    return out


def file_name(applied: date, company: str, role: str) -> str:
    """`YYYY-MM-DD-company-role.md`; 'application' when neither name has a letter or digit to use."""
    parts = [p for p in (slug(company), slug(role)) if p]
    return f"{applied.isoformat()}-{'-'.join(parts) or 'application'}.md"


def _one_line(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        if name in ("company", "role"):
            raise JrnlError(f'{name} is empty; give the {name} in quotes, for example "Acme Corp"')
        return None
    if any(ch in value for ch in "\r\n\x85\u2028\u2029"):
        raise JrnlError(f"{name} must be one line")
    return value


def application_text(company: str, role: str, applied: date, source: str | None = None,
                     url: str | None = None, contact: str | None = None) -> str:  # fmt: skip
    """A new application file: the front matter, then headings for notes."""
    lines = ["---", f"company: {yaml_scalar(company)}", f"role: {yaml_scalar(role)}",
             f"applied: {applied.isoformat()}"]  # fmt: skip
    for key, value in (("source", source), ("url", url), ("contact", contact)):
        if value:
            lines.append(f"{key}: {yaml_scalar(value)}")
    lines += [
        "status: open",
        "---",
        "## Why this role",
        "",
        "",
        "## Conversations",
        "",
        "",
        "## What I would do differently",
        "",
    ]
    return "\n".join(lines) + "\n"


def _parse_date(words: str, session, what: str) -> date:
    from ..core.dates import parse_when

    try:
        return parse_when(words, session.today, session.config.date_order)
    except ValueError as exc:
        raise JrnlError(f"{what}: {exc}") from None


def _display(path: Path) -> str:
    """Relative to the current folder when inside it, else absolute."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        return os.path.relpath(absolute, cwd)
    return absolute


def run_new(session, company: str, role: str, when: str = "today", source: str | None = None,
            url: str | None = None, contact: str | None = None) -> int:  # fmt: skip
    """Create the application file in the journal root and print its path."""
    from ..journal.writer import write_atomic
    from ..reading.reader import read_text

    company = _one_line("company", company)
    role = _one_line("role", role)
    source, url, contact = (_one_line(k, v) for k, v in (("source", source), ("url", url),
                                                         ("contact", contact)))  # fmt: skip
    applied = _parse_date(when or "today", session, "--applied")
    if applied > session.today:
        raise JrnlError(f"applied is in the future ({applied}; today is {session.today}); "
                        "create the file once you have applied")  # fmt: skip

    name = file_name(applied, company, role)
    path = session.root / name
    shown = _display(path)
    text = application_text(company, role, applied, source, url, contact)
    # The file must read back as what was asked for, before anything is written.
    check = read_text(name, text, False, session.config.date_order)
    app = check.application
    if app.has_errors or (app.company, app.role, app.applied) != (company, role, applied):
        raise JrnlError("the new file would not read back as written; nothing was written")

    duplicates = _same_application(session, company, role, applied)
    if os.path.lexists(path):
        raise JrnlError(f"{shown} already exists; nothing was written. Open it, or log what "
                        f"happened: jrnl-rej log {shlex.quote(name)} EVENT")  # fmt: skip
    try:
        # Claim the name first (O_EXCL), so that two runs cannot both create it,
        # then fill it atomically.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise JrnlError(f"{shown} already exists; nothing was written") from None
    except OSError as exc:
        raise JrnlError(f"cannot create {shown}: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        write_atomic(path, text.encode("utf-8"))
    except BaseException:
        try:
            if path.stat().st_size == 0:
                path.unlink()
        except OSError:
            pass
        raise

    click.echo(clean(shown))
    for other, gap in duplicates:
        when_words = "on the same day" if gap == 0 else f"{gap} day{'s' if gap > 1 else ''} apart"
        click.echo(f"Note: {clean(other)} is the same company and role (applied {when_words}). "
                   "If it is the same application, keep one file and move the notes there.",
                   err=True)  # fmt: skip
    click.echo(f"Open it and add what you know. When something happens: "
               f"jrnl-rej log {clean(shlex.quote(name))} screen", err=True)  # fmt: skip
    return 0


def _same_application(session, company: str, role: str, applied: date) -> list[tuple[str, int]]:
    """Other files with the same company and role, applied at most 7 days apart."""
    found = []
    company_key, role_key = same_key(company), same_key(role)
    for result in session.analyse().results:
        other = result.application
        if other.applied is None or not other.company or not other.role:
            continue
        if same_key(other.company) != company_key or same_key(other.role) != role_key:
            continue
        gap = abs((other.applied - applied).days)
        if gap <= 7:
            found.append((other.path, gap))
    return found


# -- log -----------------------------------------------------------------------------------------

STAGE_EVENTS = ("screen", "hiring_manager", "final_round", "offer")
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


def run_log(session, file: str, event: str, when_words: str = "", kind: str | None = None) -> int:
    """Record EVENT in FILE's front matter; print what changed and the next step."""
    from ..journal.writer import read_regular, write_atomic
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

    quoted = clean(shlex.quote(shown))
    if new_text == text:
        click.echo(f"Nothing to change: {clean(shown)} already records {plan.summary}.")
        return 0
    errors_after, updated = _errors(shown, new_text, bom, session)
    added = sorted(errors_after - errors_before)
    if added:
        raise JrnlError(f"{shown}: nothing written, because after this change {added[0][1]}")
    if read_regular(path) != data:
        raise JrnlError(f"{shown} changed while it was being edited; nothing was written, try again")
    write_atomic(path, encode(new_text, bom))
    click.echo(f"Logged {plan.summary} in {clean(shown)}.")
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
            due = app.rejected + timedelta(days=session.config.reply_window_days)
            if session.today <= due:
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
    if name in ("screen", "hiring_manager", "final_round"):
        # The day is never in the future (log refuses that): wish luck only on the day itself.
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
        last = app.last_activity
        if last is not None:
            cutoff = last + timedelta(days=session.config.silent_after_days)
            return [f"One check-in is enough. If nothing comes back by {cutoff}, let it go: "
                    f"jrnl-rej log {quoted} rejected --kind silent"]  # fmt: skip
        return ["One check-in is enough; after it, let silence be the answer."]
    if name == "feedback-asked":
        return [f"Whatever {clean(company)} says, write it down: "
                f'jrnl-rej log {quoted} feedback "what they said"']  # fmt: skip
    if name == "feedback":
        return ["Noted. 'jrnl-rej report' shows whether it is part of a pattern."]
    return ["Closed. Your time goes where it is wanted."]
