"""What `jrnl-rej today` prints: the to-do list of core.patterns, as lines or as SPEC §10's JSON."""

from __future__ import annotations

from ..core.patterns import Report, Todo
from ..core.shell import Places
from ..core.text import clean
from .report import VERSION, fix_words, todo_command, todo_words


def _name(item: Todo) -> str:
    return f"{item.company} ({item.role})" if item.role else item.company or item.path


def today_json(report: Report, places: Places) -> dict:
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


def today_lines(report: Report, places: Places) -> list[str]:
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
