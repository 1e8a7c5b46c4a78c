"""What `jrnl-rej watch` shows: the short list of what to do today, fitted to the terminal."""

from __future__ import annotations

import os
import re

from ..core.text import clean

MAX_TODO = 6  # items in the "what to do today" list
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def todo_lines(analysis, config, report=None, places=None) -> list[str]:
    """A short "what to do today" list, from the same reminders the index shows (`report`: the
    analysis's report, when it is already built)."""
    from ..core.patterns import build_report
    from ..outputs.report import todo_command, todo_words

    if report is None:
        report = build_report(analysis, config)
    items: list[list[str]] = []  # each item: what to do, then the command that helps
    if analysis.skipped:
        n = len(analysis.skipped)
        items.append([
            f"Fix the {'file' if n == 1 else f'{n} files'} with errors above: "
            f"{'it stays' if n == 1 else 'they stay'} out of the index until then."
        ])  # fmt: skip
    for item in report.todo:
        name = clean(f"{item.company} ({item.role})" if item.role else item.company)
        command = todo_command(item, places)
        items.append([todo_words(item, name)] + ([clean(command)] if command is not None else []))
    if not items:
        return ["Nothing is waiting on you today."]
    lines = ["What to do today:"]
    for words, *command in items[:MAX_TODO]:
        lines.append(f"  - {words}")
        lines += [f"      {c}" for c in command]
    if len(items) > MAX_TODO:
        lines.append(f"  ... and {len(items) - MAX_TODO} more in the index.")
    return lines


def fit(block: list[str], rows: int, columns: int) -> list[str]:
    """On a small terminal, leave out problem lines rather than scroll the top away."""

    def height(lines: list[str]) -> int:
        width = max(columns, 1)
        return sum(max(1, -(-len(_ANSI.sub("", line)) // width)) for line in lines)

    if rows <= 0 or height(block) <= rows:
        return block
    diag_end = next((i for i, line in enumerate(block) if line == ""), len(block))
    if diag_end == 0:
        return block
    rest = block[diag_end:]
    keep = diag_end
    while keep > 0 and height(block[:keep]) + 1 + height(rest) > rows:
        keep -= 1
    more = f"... and {diag_end - keep} more: 'jrnl-rej check' lists them all."
    return block[:keep] + [more] + rest


# -- writing to a terminal or a pipe that may be gone ----------------------------------------


def isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def try_write(stream, text: str) -> None:
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass


def silence(stream) -> None:
    # Point the stream at /dev/null so the interpreter's final flush cannot complain.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
