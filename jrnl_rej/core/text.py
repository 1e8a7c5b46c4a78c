"""Small text helpers: names that compare like a person would, suggestions, and terminal-safe text."""

from __future__ import annotations

import unicodedata


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 file`, `2 files` (`many`: the plural when it is not word + s)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def same_key(text: str) -> str:
    """Company and role names compare equal after case-folding and collapsing whitespace."""
    return " ".join(text.split()).casefold()


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


# Escaped: C0 and C1 controls (cursor moves, bell, OSC 52 clipboard writes), format characters
# such as bidi overrides and soft hyphens (they reorder or hide text), line separators,
# surrogates, private-use and unassigned code points. Kept: the joiners and tag characters
# that emoji sequences need, and every ordinary letter, mark, symbol and space.
_KEEP_FORMAT = {0x200C, 0x200D}


def _unsafe(ch: str) -> bool:
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return True
    category = unicodedata.category(ch)
    if category == "Cf":
        return code not in _KEEP_FORMAT and not 0xE0020 <= code <= 0xE007F
    return category in ("Cs", "Co", "Cn", "Zl", "Zp")


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


def clean(text: str) -> str:
    """Text that is safe to print on a terminal: control, bidi and invisible characters escaped."""
    if text.isprintable():
        return text
    return "".join(_escape_char(ch) if _unsafe(ch) else ch for ch in text)
