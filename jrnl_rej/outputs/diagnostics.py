"""Every way diagnostics are shown: text lines, JSON and GitHub annotations, all escaped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..core.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..core.shell import Places, journal_places
from ..core.text import clean

__all__ = ["clean"]  # re-exported for the command line

FORMATS = ("text", "json", "github")  # check --format: the command line and entry.py offer these

_COLOURS = {ERROR: "\x1b[31m", WARNING: "\x1b[33m", INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def text_line(diag: Diagnostic, colour: bool = False, places: Places | None = None) -> str:
    """`path:line:col: severity rule: message`, the form editors' quickfix lists read.

    With `places`, the path is shown from the current folder and so are the commands the
    message suggests; without, both stay relative to the journal root."""
    if places is None:
        path, message = diag.path, journal_places(diag.path, diag.message)
    else:
        path, message = places.shown(diag.path), places.message(diag.path, diag.message)
    place = f"{clean(path)}:{diag.line}:{diag.column}:"
    if place.startswith("::") and _in_github_actions():
        place = "./" + place  # a file named '::error ...' must not start a workflow command
    message = clean(message)
    if not colour:
        return f"{place} {diag.severity} {diag.rule}: {message}"
    tint = _COLOURS.get(diag.severity, "")
    return f"{_BOLD}{place}{_RESET} {tint}{diag.severity}{_RESET} {_DIM}{diag.rule}:{_RESET} {message}"


def _in_github_actions() -> bool:
    """Whether the output goes to a GitHub Actions log, where a line that starts with '::' is
    a workflow command (an annotation, a masked value, an output: anything)."""
    import os

    return os.environ.get("GITHUB_ACTIONS") == "true"


def counts(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    found = Counter(d.severity for d in diagnostics)
    return {ERROR: found[ERROR], WARNING: found[WARNING], INFO: found[INFO]}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(diagnostics: list[Diagnostic], files: int, fixed: int = 0) -> str:
    found = counts(diagnostics)
    checked = _plural(files, "file")
    tail = f"; fixed {_plural(fixed, 'problem')}" if fixed else ""
    if not any(found.values()):
        return f"All clear: {checked} checked, nothing to do{tail}."
    parts = []
    if found[ERROR]:
        parts.append(_plural(found[ERROR], "error"))
    if found[WARNING]:
        parts.append(_plural(found[WARNING], "warning"))
    if found[INFO]:
        parts.append(_plural(found[INFO], "reminder"))
    return f"{', '.join(parts)} in {checked}{tail}."


def statistics_lines(diagnostics: list[Diagnostic]) -> list[str]:
    """One line per rule, most frequent first, like `ruff --statistics`."""
    by_rule = Counter((d.rule, d.severity) for d in diagnostics)
    fixable = Counter(d.rule for d in diagnostics if d.fix is not None)
    rows = sorted(by_rule.items(), key=lambda item: (-item[1], item[0][0]))
    width = max((len(str(n)) for n in by_rule.values()), default=1)
    lines = []
    for (rule, severity), number in rows:
        mark = " [fixable]" if fixable[rule] else ""
        lines.append(f"{number:>{width}}  {rule:<24} {severity}{mark}")
    return lines


def fix_kind(diag: Diagnostic) -> str | None:
    if diag.fix is None:
        return None
    return "safe" if diag.fix.safe else "unsafe"


def json_dumps(data: object) -> str:
    """JSON whose text is safe on a terminal: C1, bidi and invisible characters become \\u escapes.

    The escapes are plain JSON, so a reader gets the original strings back.
    """
    import json  # here: text output, what a hook prints, never needs it

    text = json.dumps(data, ensure_ascii=False)
    if clean(text) == text:
        return text
    return "".join(_json_escape(ch) for ch in text)


def _json_escape(ch: str) -> str:
    if clean(ch) == ch:
        return ch
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def use_colour(stream) -> bool:
    """Colour on this stream, as --color and the environment say (core/terminal.py)."""
    from ..core.terminal import colour

    return colour(stream)


def check_output(shown: list[Diagnostic], fmt: str, files: int, today, journal: str, fixed: int = 0,
                 statistics: bool = False, fixing: bool = False,
                 colour: bool = False) -> tuple[list[str], list[str]]:  # fmt: skip
    """What `check` prints: (lines for stdout, hints for stderr).

    stdout holds exactly the diagnostics and the summary (tools parse it); hints go aside.
    """
    if fmt == "json":
        return [check_json(shown, today, journal, files)], []
    places = Places(journal)
    if fmt == "github":
        return [github_line(diag, places) for diag in shown], []
    lines = [text_line(diag, colour, places) for diag in shown]
    if statistics and shown:
        lines += ["", *statistics_lines(shown)]
    lines.append(summary_line(shown, files, fixed))
    return lines, hints(shown, fixing)


def check_exit_code(shown: list[Diagnostic], exit_zero: bool = False) -> int:
    """1 when an error or a warning is shown (unless --exit-zero), else 0."""
    failing = any(d.severity in (ERROR, WARNING) for d in shown)
    return 1 if failing and not exit_zero else 0


def hints(shown: list[Diagnostic], fixing: bool) -> list[str]:
    found = []
    safe = sum(1 for d in shown if d.fix is not None and d.fix.safe)
    unsafe = sum(1 for d in shown if d.fix is not None and not d.fix.safe)
    if not fixing and safe:
        found.append(f"{safe} fixable with 'jrnl-rej check --fix'.")
    if not fixing and unsafe:
        found.append(f"{unsafe} more with 'jrnl-rej check --unsafe-fixes' (read the messages first).")
    if shown:
        found.append("Why a rule fires, and what to do: jrnl-rej rule NAME")
    return found


def check_json(diagnostics: list[Diagnostic], today, journal: str, files: int) -> str:
    data = {
        "version": 1,
        "today": today.isoformat(),
        "journal": journal,
        "files": files,
        "diagnostics": [
            {
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "rule": d.rule,
                "severity": d.severity,
                "message": journal_places(d.path, d.message),
                "fixable": d.fix is not None,
                "fix": fix_kind(d),
            }
            for d in diagnostics
        ],
        "summary": counts(diagnostics),
    }
    return json_dumps(data)


def _github_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return clean(text)


def github_line(diag: Diagnostic, places: Places | None = None) -> str:
    level = {ERROR: "error", WARNING: "warning", INFO: "notice"}[diag.severity]
    if places is None:
        shown, message = diag.path, journal_places(diag.path, diag.message)
    else:
        shown, message = places.shown(diag.path), places.message(diag.path, diag.message)
    path = _github_escape(shown, prop=True)
    title = _github_escape(f"jrnl-rej {diag.rule}", prop=True)
    return (
        f"::{level} file={path},line={diag.line},col={diag.column},title={title}::"
        f"{_github_escape(message)}"
    )
