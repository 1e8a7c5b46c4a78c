"""Small text helpers: names that compare like a person would, suggestions, and terminal-safe text."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def same_key(text: str) -> str:
    """Company and role names compare equal after case-folding and collapsing whitespace."""
    return _SPACES.sub(" ", text).strip().casefold()


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it passes `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def closest(word: str, choices, limit: int = 2) -> str | None:
    """The choice nearest to `word` (case-insensitive), if it is within `limit` edits."""
    best, best_distance = None, limit + 1
    lowered = word.lower()
    for choice in choices:
        distance = edit_distance(lowered, choice.lower(), limit)
        if distance < best_distance:
            best, best_distance = choice, distance
    return best


# Characters that can move the cursor, ring the bell, rewrite the clipboard (OSC 52),
# reorder what is shown (bidi overrides) or hide text. Everything else passes unchanged.
_BIDI_AND_INVISIBLE = {
    0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029,
    0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF,
}  # fmt: skip


def _unsafe(ch: str) -> bool:
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F or code in _BIDI_AND_INVISIBLE:
        return True
    category = unicodedata.category(ch)
    return category in ("Cc", "Cs", "Co", "Cn") and code > 0x9F


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if ch == "\t":
        return "\\t"
    if ch == "\n":
        return "\\n"
    if ch == "\r":
        return "\\r"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


_UNSAFE_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f"
    + "".join(f"\\u{c:04x}" for c in sorted(_BIDI_AND_INVISIBLE))
    + "\ud800-\udfff\ue000-\uf8ff]"
)


def clean(text: str) -> str:
    """Text that is safe to print on a terminal: control, bidi and invisible characters escaped."""
    if text.isprintable() and not _UNSAFE_RE.search(text):
        return text
    out = _UNSAFE_RE.sub(lambda m: _escape_char(m.group()), text)
    if any(_unsafe(ch) for ch in out):
        out = "".join(_escape_char(ch) if _unsafe(ch) else ch for ch in out)
    return out

