"""Reading dates: what a journal file may hold, and what a person types on the command line.

ISO dates and plain numeric dates are read here by hand (fast, and the day/month
ambiguity needs rules of our own); month-name forms and date words go through
dateparser, which is imported only when such a value turns up.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .years import FIRST_YEAR, LAST_YEAR, plausible

ISO = "iso"  # written YYYY-MM-DD
ABSOLUTE = "absolute"  # a real date written another way
RELATIVE = "relative"  # needs today to be read
INVALID = "invalid"  # not a date at all, or not a real one


@dataclass(frozen=True, slots=True)
class DateReading:
    kind: str
    value: date | None = None
    problem: str = ""


_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME_RE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?"
    r"\s*(?:[Zz]|[+-]\d{1,2}(?::?\d{2})?)?)?"
)
_NUMERIC_RE = re.compile(r"(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})")
_DIGITS_RE = re.compile(r"[+-]?\d+(?:\.\d+)?")

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june"
    "|july|august|september|october|november|december"
)
_MONTH_RE = re.compile(rf"\b(?:{_MONTHS})\b\.?", re.IGNORECASE)
_WEEKDAYS = "mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_RELATIVE_RE = re.compile(
    rf"\b(?:today|tonight|yesterday|tomorrow|now|ago|last|next|this|coming|past|previous"
    rf"|week|weeks|month|months|year|years|day|days|fortnight|weekend|{_WEEKDAYS})\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"\b\d{4}\b")

# No date is written in more than this many characters ("Wednesday, 3rd November 2026" is
# 28): a longer value is refused before any parsing, since dateparser slows down badly on
# long text (20 KB of digits after a month name: seconds per value).
MAX_LENGTH = 64
_SHOWN = 40  # how much of a value a message echoes


def quoted(text: str) -> str:
    """The value as a message quotes it: repr(), cut short after _SHOWN characters."""
    if len(text) <= _SHOWN:
        return repr(text)
    return f"{text[:_SHOWN]!r}... ({len(text)} characters)"


def _too_long(text: str) -> str:
    return f"{quoted(text)} is too long to be a date; write it as YYYY-MM-DD"


MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def month_words(day: date, today: date) -> str:
    """`July`, or `July 2025` when it was not this year."""
    month = MONTHS[day.month - 1]
    return month if day.year == today.year else f"{month} {day.year}"


def add_months(day: date, months: int) -> date:
    """Calendar months, clamped to the end of the month (Aug 31 + 3 months = Nov 30)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


# A journal writes the same few hundred days again and again, nearly all as YYYY-MM-DD, whose
# reading depends on the text alone (not on date_order): each is read once per process.
_ISO_READINGS: dict[str, DateReading] = {}
_ISO_READINGS_LIMIT = 100_000


def read_text(text: str, date_order: str | None) -> DateReading:
    """Read a date written as text, without reference to today."""
    known = _ISO_READINGS.get(text)
    if known is not None:
        return known
    reading = _read_text(text, date_order)
    if reading.value is not None and not plausible(reading.value):
        problem = f"{quoted(text.strip())} is not a plausible date; check the year ({FIRST_YEAR}-{LAST_YEAR})"
        return DateReading(INVALID, problem=problem)
    if reading.kind == ISO and len(_ISO_READINGS) < _ISO_READINGS_LIMIT:
        _ISO_READINGS[text] = reading
    return reading


def _read_text(text: str, date_order: str | None) -> DateReading:
    text = text.strip()
    if not text:
        return DateReading(INVALID, problem="the date is empty")
    if len(text) > MAX_LENGTH:
        return DateReading(INVALID, problem=_too_long(text))
    if _ISO_RE.fullmatch(text):
        return _checked(text, int(text[:4]), int(text[5:7]), int(text[8:]), ISO)
    match = _ISO_TIME_RE.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _checked(text, year, month, day, ABSOLUTE)
    match = _NUMERIC_RE.fullmatch(text)
    if match:
        return _read_numeric(text, match, date_order)
    if _DIGITS_RE.fullmatch(text):
        if re.fullmatch(r"\d{8}", text):
            hint = f"{text[:4]}-{text[4:6]}-{text[6:]}"
            return DateReading(INVALID, problem=f"{quoted(text)} is not a date; did you mean {hint}?")
        return DateReading(INVALID, problem=f"{quoted(text)} is not a date; write it as YYYY-MM-DD")
    has_month = bool(_MONTH_RE.search(text))
    if _RELATIVE_RE.search(text) and not (has_month and _YEAR_RE.search(text)):
        return DateReading(RELATIVE, problem=_relative_problem(text))
    if not has_month:
        return DateReading(INVALID, problem=f"{quoted(text)} is not a date; write it as YYYY-MM-DD")
    return _read_month_name(text, date_order)


def _checked(text: str, year: int, month: int, day: int, kind: str) -> DateReading:
    try:
        return DateReading(kind, date(year, month, day))
    except ValueError:
        return DateReading(INVALID, problem=f"{quoted(text)} is not a real date")


def _read_numeric(text: str, match: re.Match[str], date_order: str | None) -> DateReading:
    first, _, second, third = match.groups()
    a, b, c = int(first), int(second), int(third)
    if len(first) == 4:
        return _checked(text, a, b, c, ABSOLUTE)
    if len(third) == 4:
        year = c
    elif len(third) == 2:
        year = 2000 + c
    else:
        return DateReading(INVALID, problem=f"{quoted(text)} is not a date; write it as YYYY-MM-DD")
    if a > 12 and b <= 12:
        return _checked(text, year, b, a, ABSOLUTE)
    if b > 12 and a <= 12:
        return _checked(text, year, a, b, ABSOLUTE)
    if a == b:
        return _checked(text, year, a, a, ABSOLUTE)
    if date_order == "DMY":
        return _checked(text, year, b, a, ABSOLUTE)
    if date_order == "MDY":
        return _checked(text, year, a, b, ABSOLUTE)
    return DateReading(
        INVALID,
        problem=(
            f"{quoted(text)} could be {year}-{b:02d}-{a:02d} or {year}-{a:02d}-{b:02d}; "
            'write it as YYYY-MM-DD, or set date_order = "DMY" or "MDY" in jrnl-rej.toml'
        ),
    )


def _relative_problem(text: str) -> str:
    return f"{quoted(text)} depends on today's date, so its meaning drifts; write the day as YYYY-MM-DD"


# "Nov 3, 2026" and "3 November 2026" by hand: dateparser costs 0.4 s to load, for one date.
# Anything else with a month name (weekdays, odd years, impossible days) still goes to it.
_MONTH_NUMBER = {
    name: number
    for number, names in enumerate(("jan january", "feb february", "mar march", "apr april",
                                    "may", "jun june", "jul july", "aug august",
                                    "sep sept september", "oct october", "nov november",
                                    "dec december"), 1)
    for name in names.split()
}  # fmt: skip
_NAMED_RE = re.compile(
    r"(?:([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?|(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?)"
    r"\s+(\d{4})",
    re.IGNORECASE,
)


def _read_month_name(text: str, date_order: str | None) -> DateReading:
    match = _NAMED_RE.fullmatch(text)
    if match:
        month = _MONTH_NUMBER.get((match[1] or match[4]).lower())
        year = int(match[5])
        if month and 1900 <= year <= 2199:
            try:
                return DateReading(ABSOLUTE, date(year, month, int(match[2] or match[3])))
            except ValueError:
                pass
    parsed = _dateparser_parse(text, date_order, today=None)
    if parsed is None:
        return DateReading(INVALID, problem=f"{quoted(text)} is not a date; write it as YYYY-MM-DD")
    value, parts = parsed
    if "year" not in parts:
        return DateReading(
            RELATIVE, problem=f"{quoted(text)} has no year, so it depends on today; write it as YYYY-MM-DD"
        )
    if "day" not in parts or "month" not in parts:
        return DateReading(INVALID, problem=f"{quoted(text)} is not a full date; write it as YYYY-MM-DD")
    return DateReading(ABSOLUTE, value)


def _dateparser_parse(
    text: str, date_order: str | None, today: date | None, ahead: bool = False
) -> tuple[date, set[str]] | None:
    from dateparser.date import DateDataParser  # heavy: only when a value needs it

    base = datetime.combine(today or date(2000, 1, 1), datetime.min.time())
    settings = {
        "DATE_ORDER": date_order or "MDY",
        "PREFER_DATES_FROM": "future" if ahead else "past",
        "RELATIVE_BASE": base,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), set(getattr(data, "parts", None) or ())


_AHEAD_DAYS = 183  # words that name a day ahead mean one within half a year, when the past one is


def parse_when(words: str, today: date, date_order: str | None = None, ahead: bool = False) -> date:
    """Read date words typed on the command line (`today`, `yesterday`, `last friday`, `Nov 3`).
    `ahead`: words that could mean a day either side of today (`tuesday`, `Dec 3`) mean the
    next one (an interview booked ahead), not the last one.

    Raises ValueError with a readable reason when the words are not a date.
    """
    text = " ".join(words.split())
    if len(text) > MAX_LENGTH:
        raise ValueError(_too_long(text))
    lowered = text.lower()
    if lowered in ("today", "now", "tonight"):
        return today
    if lowered == "yesterday":
        return today - timedelta(days=1)
    if lowered == "tomorrow":
        return today + timedelta(days=1)
    reading = read_text(text, date_order)
    if reading.kind in (ISO, ABSOLUTE) and reading.value is not None:
        return reading.value
    if reading.kind == INVALID and _NUMERIC_RE.fullmatch(text):
        raise ValueError(reading.problem)
    if _DIGITS_RE.fullmatch(text):
        raise ValueError(f"{quoted(text)} is not a date; try YYYY-MM-DD, 'yesterday' or 'Nov 3'")
    if not (_MONTH_RE.search(text) or _RELATIVE_RE.search(text) or re.search(r"\d", text)):
        raise ValueError(f"{quoted(text)} is not a date; try YYYY-MM-DD, 'yesterday' or 'Nov 3'")
    parsed = _dateparser_parse(text, date_order, today=today, ahead=ahead)
    if ahead and parsed is not None and (parsed[0] - today).days > _AHEAD_DAYS:
        # `Oct 9` in November is the one just gone, not an interview eleven months away
        last = _dateparser_parse(text, date_order, today=today)
        if last is not None and 0 <= (today - last[0]).days <= _AHEAD_DAYS:
            parsed = last
    if parsed is None or not plausible(parsed[0]):
        raise ValueError(f"{quoted(text)} is not a date; try YYYY-MM-DD, 'yesterday' or 'Nov 3'")
    return parsed[0]
