"""`jrnl-rej draft reply|feedback|reapply FILE`: a first email, filled in from an application.

The draft goes to stdout (ready to pipe into a clipboard tool); notes about what
could not be filled in, and the next step, go to stderr.

Templates
    The built-in templates live in the package (`jrnl_rej/templates/*.txt`). A
    journal overrides one by holding `templates/reply.txt`, `templates/feedback.txt`
    or `templates/reapply.txt` at its root (UTF-8 text).

Placeholders (Python `string.Template` syntax: `$name` or `${name}`; `$$` is a `$`)
    $company          the company
    $role             the role
    $contact          the contact's name, as written in the file
    $greeting         "Hi Jane," from the contact's first name; "Hello," when the contact
                      is an e-mail address; "Hi there," when there is no contact
    $stage            the furthest stage reached, in words: "recruiter screen",
                      "hiring-manager interview", "final round", "offer stage"
                      ("application" when there was no interview)
    $interview_month  the month of the latest interview, "July" (with the year when it
                      is not this year: "July 2025")
    $interview_date   the day of the latest interview, "3 July 2026"
    $rejected         the day the rejection arrived, "20 November 2026"
    $applied          the day you applied, "2 October 2026"
    $feedback         the feedback recorded in the file
    $your_name        always the gap "[your name]": jrnl-rej does not know it

A value the file does not hold becomes a bracketed gap such as `[role]`, and the
command says on stderr what is missing. Any other `$word`, `${anything.else}` or
`{braces}` is printed exactly as written: templates are never evaluated.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from string import Template

from ..core.dates import MONTHS, month_words
from ..core.errors import JrnlError
from ..core.text import clean
from ..core.vocabulary import INTERVIEWS, STAGE_PHRASES
from ..journal.writer import read_regular

TEMPLATES = ("reply", "feedback", "reapply")
TEMPLATE_DIR = "templates"

PLACEHOLDERS = (
    "company", "role", "contact", "greeting", "stage", "interview_month", "interview_date",
    "rejected", "applied", "feedback", "your_name",
)  # fmt: skip

# What a missing value becomes in the draft: a gap the reader cannot miss.
GAPS = {
    "company": "[company]",
    "role": "[role]",
    "contact": "[their name]",
    "interview_month": "[the month you spoke]",
    "interview_date": "[the day you spoke]",
    "rejected": "[the day they answered]",
    "applied": "[the day you applied]",
    "feedback": "[their feedback]",
    "your_name": "[your name]",
}

NEXT_STEP = {
    "reply": "Once it is sent: jrnl-rej log {path} replied",
    "feedback": "Once it is sent: jrnl-rej log {path} feedback-asked",
    "reapply": "When you apply: jrnl-rej new {company} ROLE",
}

_TITLES = {"dr", "prof", "mr", "mrs", "ms", "mx", "miss", "sir", "dame"}


def load_template(root: Path, name: str) -> str:
    """The journal's `templates/NAME.txt` when it has one, else the built-in template."""
    from ..journal.writer import is_inside

    override = Path(root) / TEMPLATE_DIR / f"{name}.txt"
    if os.path.lexists(override) and not is_inside(root, override):
        raise JrnlError(f"{TEMPLATE_DIR}/{name}.txt: it links outside the journal; not reading it")
    try:
        data = read_regular(override, 1024 * 1024)
    except FileNotFoundError:
        from importlib.resources import files

        return (files("jrnl_rej") / TEMPLATE_DIR / f"{name}.txt").read_text(encoding="utf-8")
    except OSError as exc:
        raise JrnlError(f"{TEMPLATE_DIR}/{name}.txt: cannot read it: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise JrnlError(f"{TEMPLATE_DIR}/{name}.txt: not UTF-8 text; save it as UTF-8") from None


def draft_values(app, today: date) -> dict[str, str | None]:
    """Every placeholder's value; None where the file does not hold it."""
    interview = next((getattr(app, s) for s in INTERVIEWS if getattr(app, s)), None)
    return {
        "company": app.company,
        "role": app.role,
        "contact": app.contact,
        "greeting": greeting(app.contact),
        "stage": STAGE_PHRASES[app.stage_reached],
        "interview_month": month_words(interview, today) if interview else None,
        "interview_date": long_date(interview) if interview else None,
        "rejected": long_date(app.rejected) if app.rejected else None,
        "applied": long_date(app.applied) if app.applied else None,
        "feedback": app.feedback,
        "your_name": None,
    }


def fill(text: str, values: dict[str, str | None]) -> str:
    """Substitute the fixed placeholders; everything else stays as written, escaped."""
    mapping = {
        key: clean(value) if value is not None else GAPS.get(key, f"[{key}]")
        for key, value in values.items()
    }
    filled = Template(text).safe_substitute(mapping)
    # Line breaks and tabs are the template's layout; any other control character is escaped.
    return "\n".join(
        "\t".join(clean(part) for part in line.split("\t")) for line in filled.split("\n")
    )


def greeting(contact: str | None) -> str:
    if not contact or not contact.strip():
        return "Hi there,"
    if "@" in contact:
        return "Hello,"
    words = re.sub(r"\(.*?\)", " ", contact).replace(",", " ").split()
    if not words:
        return "Hi there,"
    if words[0].rstrip(".").lower() in _TITLES and len(words) > 1:
        return f"Dear {words[0]} {words[-1]},"
    return f"Hi {words[0]},"


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _notes(template, app, errors, text, values, shown) -> list[str]:
    """What the reader should know before sending: gaps, problems, an unusual situation."""
    name = clean(shown)
    notes = []
    if errors:
        notes.append(f"Note: {name} has {len(errors)} problem{'s' if len(errors) > 1 else ''} "
                     f"(see: jrnl-rej check {_quote(name)}); the draft uses what could be read.")  # fmt: skip
    used = set(Template(text).get_identifiers())
    missing = [k for k in PLACEHOLDERS if k in used and values.get(k) is None and k != "your_name"]
    if missing:
        gaps = ", ".join(GAPS.get(k, f"[{k}]") for k in missing)
        notes.append(f"Note: not in {name}: {', '.join(missing)}; left as {gaps} in the draft.")
    if not app.contact and "greeting" in used:
        notes.append(f"Note: no contact in {name}, so the greeting is general "
                     "(add 'contact: NAME' to the file).")  # fmt: skip
    if template in ("reply", "feedback") and not app.is_rejected:
        notes.append(f"Note: {name} is not marked as rejected (status: {clean(app.status)}); "
                     "drafting anyway.")  # fmt: skip
    elif template == "reply" and app.kind == "form":
        notes.append("Note: this was a form rejection before any interview; no reply is owed, "
                     "so only send this if you want to.")  # fmt: skip
    if template == "reapply" and app.stage_reached == "applied":
        notes.append(f"Note: {name} has no interview date; the draft works best after a "
                     "conversation, so adjust the first lines.")  # fmt: skip
    return notes
