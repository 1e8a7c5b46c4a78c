"""The to-do list's words (core/todo.py), for `today`, the index, `report` and `watch`; and what
`jrnl-rej today` prints, as lines or as SPEC §10's JSON.

`report` is anything with `today`, `skipped` and `todo`: core.patterns.Report, or the
lighter commands.today.ToDo."""

from __future__ import annotations

from ..core.shell import Places, quote
from ..core.text import clean, plural
from ..core.todo import Todo
from ..core.vocabulary import PREPARATION, STAGE_WORDS

VERSION = 1  # of the JSON


def todo_words(item: Todo, name: str) -> str:
    """What to do, in a few words; `name` is the company and role, already escaped."""
    if item.rule == "overdue-reply":
        return f"Thank {name} for the interview: the note was due {item.day}, and a late one still helps."
    if item.rule == "reply-due":
        return f"Send {name} a short thank-you by {item.day}."
    if item.rule == "next-application":
        return f"{name} said no on {item.day} and nothing new has gone out since: send one application today."
    if item.rule == "stale-silent":
        return f"No word from {name} since {item.day}: treat it as a no and close it."
    if item.rule == "interview-upcoming":
        return f"Prepare for the {STAGE_WORDS[item.stage]} with {name} on {item.day}: {PREPARATION[item.stage]}."
    if item.rule == "withdraw-open":
        return f"You accepted another offer: let {name} know kindly that you are withdrawing, then log it."
    if item.rule == "revisit-open":
        return f"{name} interviewed you and may be worth another try, until {item.day}."
    return f"One short check-in with {name} fits now (applied {item.day})."


def fix_words(report) -> str:
    n = len(report.skipped)
    them = "it" if n == 1 else "them"
    return f"Fix the {plural(n, 'file')} with errors, so that the numbers count {them} too."


# The command that does each reminder, `{path}` its file; None where no one command does it.
_COMMANDS = {
    "overdue-reply": "jrnl-rej draft reply {path}",
    "reply-due": "jrnl-rej draft reply {path}",
    "next-application": "jrnl-rej new COMPANY ROLE",
    "stale-silent": "jrnl-rej log {path} rejected --kind silent",
    "check-in-due": "jrnl-rej log {path} check-in",
    "interview-upcoming": None,  # preparing is not one command
    "withdraw-open": "jrnl-rej log {path} withdrawn",
    "revisit-open": "jrnl-rej draft reapply {path}",
}


def todo_command(item: Todo, places: Places | None = None) -> str | None:
    """The command that does `item`, its file named from the current folder (with `places`),
    or None."""
    command = _COMMANDS[item.rule]
    if command is None:
        return None
    return command.format(path=places.command(item.path) if places is not None else quote(item.path))


def _name(item: Todo) -> str:
    return f"{item.company} ({item.role})" if item.role else item.company or item.path


def today_json(report, places: Places) -> dict:
    """SPEC §10: the items, most urgent first; `path` journal-relative, `command` pasteable here."""
    return {
        "version": VERSION,
        "today": report.today.isoformat(),
        "items": [
            {
                "path": item.path,
                "rule": item.rule,
                "due": item.due.isoformat() if item.due else None,
                "text": todo_words(item, _name(item)),
                "command": todo_command(item, places),
            }
            for item in report.todo
        ],
    }


def today_lines(report, places: Places) -> list[str]:
    """One line an item, ending in the command that does it; text from files escaped."""
    lines = []
    if report.skipped:
        lines.append(f"- {fix_words(report)} Run: jrnl-rej check")
    for item in report.todo:
        command = todo_command(item, places)
        run = f" Run: {clean(command)}" if command is not None else ""
        lines.append(f"- {todo_words(item, clean(_name(item)))}{run}")
    if not lines:
        return [f"Nothing is waiting on you today ({report.today}). Enjoy the quiet."]
    return [f"What needs doing today ({report.today}):", *lines]
