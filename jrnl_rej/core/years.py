"""The years a date in a journal (or --today) may have.

Real dates outside them are typos (a missing digit, 9999 as "someday"), and date
arithmetic near year 9999 overflows: they are refused as not plausible.
"""

from __future__ import annotations

from datetime import date

FIRST_YEAR, LAST_YEAR = 1900, 2199


def plausible(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR
