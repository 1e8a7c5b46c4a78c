"""Code actions, hover and completion, worked out from the engine (no pygls here).

Edits are (start, end, new text) in character offsets of the editor's text; the server turns
them into LSP ranges. Fixes are the rules' own (journal/fixes.py), events are made as `log`
makes them (commands/log_events.py's public plan and apply, through journal/edit.py),
which never replace a value the file already holds.
The fixes come through journal/fixes.py's public with_fix and fix_text.
"""

from __future__ import annotations

import re
from datetime import date

from ..core.model import DATE_FIELDS, IGNORE_KEY, KINDS, KNOWN_FIELDS, STATUSES

# What `log` event a finding asks for: (title, event, words, kind)
EVENTS = {
    "reply-due": [("I replied today", "replied", "", None), ("I won't reply", "replied", "no", None)],
    "overdue-reply": [("I replied today", "replied", "", None), ("I won't reply", "replied", "no", None)],
    "stale-silent": [("Close as a silent rejection", "rejected", "", "silent")],
    "check-in-due": [("I sent a check-in today", "check-in", "", None)],
    "withdraw-open": [("Mark as withdrawn", "withdrawn", "", None)],
}

MEANINGS = {
    "company": "The company you applied to.",
    "role": "The role you applied for.",
    "applied": "The day you sent the application.",
    "source": "Where you found the opening (a board, a referral, ...).",
    "url": "The posting's address.",
    "contact": "The person you deal with there.",
    "screen": "The day of the recruiter screen.",
    "hiring_manager": "The day of the hiring-manager interview.",
    "final_round": "The day of the final round.",
    "offer": "The day the offer came.",
    "check_ins": "The days you wrote to ask how it stands.",
    "status": "Where it stands: " + ", ".join(STATUSES) + ".",
    "rejected": "The day the rejection came.",
    "rejection": "How they said no: " + ", ".join(KINDS) + ".",
    "replied": "The day you answered their rejection, or `no` when you chose not to.",
    "feedback_asked": "The day you asked them for feedback.",
    "feedback": "What they said about why.",
    "revisit": "The day to look at this company again.",
    "tags": "Your own labels.",
    IGNORE_KEY: "Rules not to apply to this file.",
}


class _Session:
    """What journal/fixes.py and commands/log.py take as a session."""

    def __init__(self, journal):
        self.root, self.config, self.today = journal.root, journal.config, journal.today


def whole(text: str, new_text: str) -> list[tuple[int, int, str]]:
    """One edit from `text` to `new_text`: the changed middle only."""
    if new_text == text:
        return []
    start = 0
    limit = min(len(text), len(new_text))
    while start < limit and text[start] == new_text[start]:
        start += 1
    end_old, end_new = len(text), len(new_text)
    while end_old > start and end_new > start and text[end_old - 1] == new_text[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return [(start, end_old, new_text[start:end_new])]


def fix_actions(journal, relpath: str, text: str, diag) -> list[tuple[str, bool, list]]:
    """(title, preferred, edits) for the fix the rule offers on `diag`."""
    from ..journal.edit import EditError, set_keys
    from ..journal.fixes import with_fix

    diag = with_fix(diag, journal.document_of(relpath), journal.today, journal.config.date_order)
    fix = diag.fix
    if fix is None:
        return []
    title = fix.description or f"Fix {diag.rule}"
    title = title[0].upper() + title[1:]
    if not fix.safe:
        title += " (unsafe fix)"
    if fix.edits:
        edits = [(e.start, e.end, e.text) for e in fix.edits]
    else:
        try:
            edits = whole(text, set_keys(text, list(fix.changes)))
        except EditError:
            return []
    return [(title, fix.safe, edits)] if edits else []


def event_actions(journal, relpath: str, text: str, diag) -> list[tuple[str, bool, list]]:
    from ..commands.log_events import apply, plan
    from ..core.errors import JrnlError

    app = journal.application_of(relpath)
    out = []
    for title, event, words, kind in EVENTS.get(diag.rule, ()):
        try:
            new_text = apply(text, plan(event, words, kind, app, _Session(journal)), app)  # never replaces
        except JrnlError:
            continue
        edits = whole(text, new_text)
        if edits:
            out.append((title, False, edits))
    return out


def fix_all(journal, relpath: str, text: str, bom: bool) -> list:
    from ..core.errors import JrnlError
    from ..journal.fixes import fix_text

    try:
        new_text, _count = fix_text(relpath, text, bom, _Session(journal), False, lambda d: True)
    except JrnlError:
        return []
    return whole(text, new_text)


def _front_matter_lines(text: str) -> int:
    """How many lines the front matter spans (its closing line, 0-based); -1 when none yet.
    A half-typed front matter (no closing ---) runs to the end."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != "---":
        return -1
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r") in ("---", "..."):
            return index
    return len(lines)


def _key_at(line_text: str) -> str | None:
    match = re.match(r"([A-Za-z_][\w-]*)\s*:", line_text)
    return match.group(1) if match else None


def hover(journal, relpath: str, text: str, line: int, char: int, diagnostics: list) -> str | None:
    """Markdown for a hover at 0-based line and character index."""
    from ..rules import RULES

    parts = []
    for diag, (start, end) in diagnostics:
        if start <= (line, char) <= end and diag.rule in RULES:
            parts.append(f"**{diag.rule}**\n\n{RULES[diag.rule].doc}")
    end_fm = _front_matter_lines(text)
    lines = text.split("\n")
    if 0 < line < end_fm and line < len(lines):
        key = _key_at(lines[line])
        if key in MEANINGS:
            words = f"**{key}**: {MEANINGS[key]}"
            value = getattr(journal.application_of(relpath), key, None) if key in DATE_FIELDS else None
            if isinstance(value, date):
                words += f"\n\n{key} {_ago(value, journal.today)}"
            parts.insert(0, words)
    return "\n\n---\n\n".join(parts) if parts else None


def _ago(day: date, today: date) -> str:
    days = (today - day).days
    if days == 0:
        return "today"
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} ago"
    return f"in {-days} day{'s' if days != -1 else ''}"


def completions(journal, text: str, line: int, char: int) -> list[tuple[str, str]]:
    """(label, kind) pairs: kind is 'key', 'value', 'date' or 'rule'."""
    from ..rules import ORDER, RULES

    end_fm = _front_matter_lines(text)
    lines = text.split("\n")
    if not 0 < line < max(end_fm, 0) or line >= len(lines):
        return []
    before = lines[line][:char]
    present = {k for k in (_key_at(x) for x in lines[1:end_fm]) if k}
    if re.fullmatch(r"[A-Za-z_-]*", before):
        return [(k, "key") for k in (*KNOWN_FIELDS, IGNORE_KEY) if k not in present and k.startswith(before)]
    key = _key_at(before)
    if key is None:
        # a block list item: which key does it belong to?
        if re.fullmatch(r"\s+-\s*[\w-]*", before):
            for index in range(line - 1, 0, -1):
                owner = _key_at(lines[index])
                if owner is not None:
                    key = owner
                    break
        if key == IGNORE_KEY:
            return [(name, "rule") for name in ORDER if name in RULES]
        if key == "check_ins":
            return [(journal.today.isoformat(), "date")]
        return []
    if key == "status":
        return [(s, "value") for s in STATUSES]
    if key == "rejection":
        return [(k, "value") for k in KINDS]
    if key == IGNORE_KEY:
        return [(name, "rule") for name in ORDER if name in RULES]
    if key in DATE_FIELDS or key == "check_ins":
        return [(journal.today.isoformat(), "date")] + ([("no", "value")] if key == "replied" else [])
    return []
