"""What `jrnl-rej watch` shows: the short list of what to do today, and the screen fitted to the terminal."""

from __future__ import annotations

import os
import re
import unicodedata

from ..core.text import clean

MAX_TODO = 6  # items in the "what to do today" list
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_ERROR_LINE = re.compile(r":\d+:\d+: error ")


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


def watch_sections(analysis, config, report, root, colour: bool, config_error, index_error):
    """What `watch` shows after a check, in three parts for fit: the problems (a config that
    does not read first), what to do today, and the summary with the index's state."""
    from ..core.shell import Places
    from . import diagnostics as output

    problems = []
    if config_error:
        problems.append(f"{clean(config_error)} (still using the settings from before)")
    places = Places(root)
    problems += [output.text_line(d, colour, places) for d in analysis.diagnostics]
    todo = todo_lines(analysis, config, report, places)
    index = clean(config.index)
    last = f"{clean(index_error)}; {index} not written." if index_error else f"{index} is up to date."
    return problems, todo, [output.summary_line(analysis.diagnostics, analysis.files), last]


def block_of(sections) -> list[str]:
    """The three parts as one block of lines, as appended when not on a terminal."""
    problems, todo, tail = sections
    return [*problems, *([""] if problems else []), *todo, "", *tail]


def width_of(text: str) -> int:
    """Columns the text takes on a terminal: colour codes none, wide (CJK) characters two,
    combining marks none."""
    return sum(_char_width(ch) for ch in _ANSI.sub("", text))


def _char_width(ch: str) -> int:
    if ch < "\u0300":  # most text: one column each, no lookup
        return 1
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cut(line: str, columns: int) -> str:
    """The line in at most `columns` columns; what does not fit ends in '…' (colour closed):
    a line the terminal wrapped would push the top of the screen away."""
    if columns <= 0 or width_of(line) <= columns:
        return line
    out: list[str] = []
    used, coloured, i = 0, False, 0
    while i < len(line):
        match = _ANSI.match(line, i)
        if match:
            out.append(match.group())
            coloured = match.group() != "\x1b[0m"
            i = match.end()
            continue
        width = _char_width(line[i])
        if used + width > columns - 1:
            break
        out.append(line[i])
        used += width
        i += 1
    out.append("…")
    if coloured:
        out.append("\x1b[0m")
    return "".join(out)


def fit(problems: list[str], todo: list[str], tail: list[str], rows: int, columns: int) -> list[str]:
    """What fits in `rows` lines of `columns` columns: the problems, a blank line, the to-do
    list, a blank line and the summary (`tail`), every line cut to the width. When there
    are too many lines, problems are left out first, but with errors to point at
    (the to-do list says "Fix the N files with errors above") they keep a third of the
    room, errors first; then to-do lines go; the summary always stays."""
    problems = [cut(line, columns) for line in problems]
    todo = [cut(line, columns) for line in todo]
    tail = [cut(line, columns) for line in tail]
    gap = [""] if problems else []
    if rows <= 0 or len(problems) + len(gap) + len(todo) + 1 + len(tail) <= rows:
        return [*problems, *gap, *todo, "", *tail]
    room = max(rows - len(tail) - 1 - len(gap), 1)  # for problems and the to-do list
    errors = [i for i, line in enumerate(problems) if _ERROR_LINE.search(_ANSI.sub("", line))]
    least = min(len(problems), max(2, room // 3)) if errors else 0
    keep = min(len(problems), max(least, room - len(todo)))
    if keep < len(problems):
        others = [i for i in range(len(problems)) if i not in set(errors)]
        chosen = sorted((errors + others)[: max(keep - 1, 0)])
        more = len(problems) - len(chosen)
        problems = [problems[i] for i in chosen]
        problems.append(cut(f"... and {more} more: 'jrnl-rej check' lists them all.", columns))
    left = room - len(problems)
    if len(todo) > left:
        todo = todo[: max(left - 1, 0)]
        if left > 0:
            todo.append(cut("  ... and more: 'jrnl-rej today' lists them all.", columns))
    return [*problems, *gap, *todo, "", *tail]


# -- writing to a terminal or a pipe that may be gone ----------------------------------------


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
