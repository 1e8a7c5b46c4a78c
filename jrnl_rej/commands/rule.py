"""`jrnl-rej rule [NAME | --all]`: explain the rules, in the words their docstrings hold."""

from __future__ import annotations

from ..core.text import closest
from ..rules import ORDER, RULES


def explain(name: str | None, show_all: bool = False) -> str:
    """The text to print: every rule's explanation, one rule's, or the list. Raises ValueError
    for an unknown name."""
    if show_all:
        return "\n\n".join(_explain(RULES[n]) for n in ORDER)
    if not name:
        width = max(len(n) for n in ORDER)
        lines = [f"{n:<{width}}  {RULES[n].severity:<7}  {RULES[n].summary}" for n in ORDER]
        return "\n".join([*lines, "", "For one rule's explanation: jrnl-rej rule NAME"])
    if name not in RULES:
        hints = [closest(name, ORDER)] if closest(name, ORDER) else [n for n in ORDER if name in n]
        tail = f" (did you mean {' or '.join(hints)}?)" if hints else "; 'jrnl-rej rule' lists them"
        raise ValueError(f"unknown rule {name!r}{tail}")
    return _explain(RULES[name])


def _explain(r) -> str:
    fix = {"safe": "yes (--fix)", "unsafe": "yes, unsafe (--unsafe-fixes)"}.get(r.fix or "", "no")
    return f"{r.name} ({r.severity}; fixable: {fix})\n\n{r.doc}"
