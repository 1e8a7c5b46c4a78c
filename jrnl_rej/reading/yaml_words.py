"""YAML's syntax errors told in plain words, on the line and column a person would fix.

PyYAML says "mapping values are not allowed in this context" for `role: Engineer: Platform`
and reports a missing ':' on the line after it. `explain` looks at the front matter's own
lines around PyYAML's marks and says what is wrong and what to type, with YAML's words kept
at the end for those who know them. Only the errors people make by hand are explained;
anything else keeps YAML's words and place.
"""

from __future__ import annotations

_LONGEST_EXAMPLE = 60  # a longer value is not repeated in the message
_CLOSING = {"[": "]", "{": "}"}


def yaml_words(exc) -> str:
    """PyYAML's own words for a marked error: its context, then its problem."""
    if exc.context and exc.problem:
        return f"{exc.context}, {exc.problem}"
    return exc.problem or exc.context or "not valid YAML"


def explain(yaml_text: str, exc) -> tuple[int, int, str]:
    """(file line, column, message) for a MarkedYAMLError raised on `yaml_text`, the front
    matter without its opening `---` line (which is file line 1)."""
    words = yaml_words(exc)
    mark = exc.problem_mark or exc.context_mark
    lines = yaml_text.split("\n")
    if mark is not None:
        try:
            found = _plain_words(lines, exc, mark)
        except Exception:  # an explanation must never cost the diagnostic: YAML's words then
            found = None
        if found is not None:
            index, column, what = found
            return index + 2, column + 1, f"{what} (YAML says: {words})"
        return mark.line + 2, mark.column + 1, f"the front matter is not valid YAML: {words}"
    return 1, 1, f"the front matter is not valid YAML: {words}"


def _plain_words(lines: list[str], exc, mark) -> tuple[int, int, str] | None:
    """(0-based line in the front matter, 0-based column, what is wrong) or None."""
    at = min(mark.line, len(lines) - 1)
    words = yaml_words(exc)
    tab = _tab_line(lines, at, "tab" in words)
    if tab is not None:
        index, column = tab
        return index, column, ("this line is indented with a tab, and YAML indents with spaces only; "
                               "replace the tab with spaces")  # fmt: skip
    problem = exc.problem or ""
    context = exc.context or ""
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        index = exc.context_mark.line
        if index < len(lines):
            return index, exc.context_mark.column, _no_colon(lines[index])
    if problem.startswith("mapping values are not allowed"):
        return _second_colon(lines, at, mark.column)
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark is not None:
        quote = exc.context_mark
        return quote.line, quote.column, "this quote is never closed; add the same quote at the end of the value"
    if context.startswith("while parsing a flow") and exc.context_mark is not None:
        opened = exc.context_mark
        if opened.line < len(lines) and opened.column < len(lines[opened.line]):
            bracket = lines[opened.line][opened.column]
            if bracket in _CLOSING:
                return opened.line, opened.column, (
                    f"this '{bracket}' is never closed; close it with '{_CLOSING[bracket]}' on "
                    "the same line, or put the whole value in quotes")  # fmt: skip
    if "cannot start any token" in problem and at < len(lines) and mark.column < len(lines[at]):
        char = lines[at][mark.column]
        if char in "@`":
            return at, mark.column, f"a YAML value cannot start with '{char}'; put the value in quotes"
    return None


def _tab_line(lines: list[str], at: int, told: bool) -> tuple[int, int] | None:
    """The line (up to `at`) whose indentation holds a tab, and where the tab is: the line
    PyYAML stopped at when its indentation has one, else, when YAML spoke of a tab, the
    last such line before it."""
    for index in range(at, -1, -1):
        line = lines[index]
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in lead and line.strip():
            return index, lead.index("\t")
        if not told:
            return None
    return None


def _no_colon(line: str) -> str:
    shown = line.strip()
    if len(shown) > _LONGEST_EXAMPLE:
        shown = shown[: _LONGEST_EXAMPLE - 3] + "..."
    return f"'{shown}' has no ':'; add the colon after the key ('key: value')"


def _colon_at(line: str) -> int:
    """Where the first ':' that ends a key sits (followed by a space or the line's end); -1."""
    start = 0
    while True:
        found = line.find(":", start)
        if found < 0 or found + 1 == len(line) or line[found + 1] in " \t\r":
            return found
        start = found + 1


def _second_colon(lines: list[str], at: int, column: int) -> tuple[int, int, str] | None:
    line = lines[at]
    first = _colon_at(line)
    if 0 <= first < column and line.lstrip(" ").startswith("- "):  # `- text: more` in a list
        item_at = len(line) - len(line.lstrip(" ")) + 2
        item_at += len(line[item_at:]) - len(line[item_at:].lstrip(" "))
        item = line[item_at:].rstrip(" \t\r")
        what = "this list item holds ': ', which YAML reads as a key; put the item in quotes"
        if len(item) <= _LONGEST_EXAMPLE:
            what += f": - {_quoted(item)}"
        return at, item_at, what
    if 0 <= first < column:  # `key: text: more`: the value holds ': '
        key = line[:first].strip()
        value_at = first + 1 + len(line[first + 1 :]) - len(line[first + 1 :].lstrip(" \t"))
        value = line[value_at:].rstrip(" \t\r")
        what = f"the value of '{key}' holds ': ', which YAML reads as one more key; put the value in quotes"
        if len(value) <= _LONGEST_EXAMPLE and key:
            what += f": {key}: {_quoted(value)}"
        return at, value_at, what
    if first != column:
        return None
    # The key on this line was read as the end of the line above it.
    above = at - 1
    while above >= 0 and (not lines[above].strip() or lines[above].lstrip().startswith("#")):
        above -= 1
    if above < 0:
        return None
    if line[:1] in (" ", "\t") and _colon_at(lines[above]) >= 0:
        key = line[:first].strip()
        return at, 0, f"'{key}' is indented; start it at the beginning of the line, like the keys above"
    if _colon_at(lines[above]) < 0:
        indent = len(lines[above]) - len(lines[above].lstrip(" "))
        return above, indent, _no_colon(lines[above])
    return None


def _quoted(value: str) -> str:
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"
