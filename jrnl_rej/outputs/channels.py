"""The words about which channels work, how long answers take, and the weekly rhythm.

Shared by the terminal report (source names through `core.text.clean`) and the index section
(through `md_text`): every function that shows a source name takes the escape to use.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cmp_to_key

from ..core.channels import COMPARE_MINIMUM, SILENCE_FACTOR, WEEKS, Channels, Source

# Published hiring data, named, beside (never before) the user's own numbers.
REFERRAL_FACT = (
    "For scale, in Lever's 2016 hiring data 1 in 16 referred candidates was hired, "
    "against 1 in 152 who applied through a job posting."
)
_TIMES = {2: "twice", 3: "three times", 4: "four times"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def _by_rate(a: Source, b: Source) -> int:
    """How a's answer rate compares with b's (-1, 0, 1), exactly: no floats, no fractions."""
    left, right = a.responses * b.applications, b.responses * a.applications
    return (left > right) - (left < right)


def _percent(part: int, whole: int) -> str:
    return f"{(200 * part + whole) // (2 * whole)}%" if whole > 0 else "0%"


def week_label(monday) -> str:
    """`Nov 16`: the Monday a week starts on, in the same words on every machine."""
    return f"{_MONTHS[monday.month - 1]} {monday.day}"


def answered(source: Source) -> str:
    """`5 of 8 (62%)`."""
    return f"{source.responses} of {source.applications} ({_percent(source.responses, source.applications)})"


def source_words(channels: Channels, esc: Callable[[str], str]) -> str:
    """Which channels answer, compared only where each has enough applications to say."""
    named = [s for s in channels.sources if s.named]
    unnamed = sum(s.applications for s in channels.sources if not s.named)
    if not channels.sources:
        return ""
    if not named:
        return (
            f"None of your {_plural(unnamed, 'application')} says where it came from. Add `source:` "
            "(referral, job board, recruiter, company site) to each file, and this shows which channels answer."
        )
    ready = [s for s in named if s.applications >= COMPARE_MINIMUM]
    short = [s for s in named if s.applications < COMPARE_MINIMUM]
    words = []
    if len(ready) >= 2:
        # Best rate first, exactly (no floats); ties keep the table's order.
        ranked = sorted(ready, key=cmp_to_key(_by_rate), reverse=True)
        best, worst = ranked[0], ranked[-1]
        listed = ", ".join(f"{esc(s.source)} answered {answered(s)}" for s in ranked)
        if _by_rate(best, worst) > 0:
            words.append(f"So far, {listed}: {esc(best.source)} works best for you, so send more that way "
                         "where you can.")
        else:
            words.append(f"So far, {listed}: they answer about as often as each other.")
    elif len(ready) == 1:
        words.append(f"So far, {esc(ready[0].source)} answered {answered(ready[0])}.")
    if short:
        needs = ", ".join(f"{esc(s.source)} needs {COMPARE_MINIMUM - s.applications} more" for s in short)
        if len(ready) >= 2:
            words.append(f"Too few yet to compare the others (each needs {COMPARE_MINIMUM}): {needs}.")
        else:
            words.append(
                f"Response rates are compared once a source has {COMPARE_MINIMUM} applications; "
                f"to get there, {needs}."
            )
    elif len(ready) == 1:
        words.append("Send a few through a second channel (a referral, a recruiter) to see which answers more.")
    if unnamed:
        words.append(
            f"{_plural(unnamed, 'application')} {'has' if unnamed == 1 else 'have'} no `source:`, "
            f"so {'it counts' if unnamed == 1 else 'they count'} in none of these."
        )
    words.append(REFERRAL_FACT)
    return " ".join(words)


def answer_words(channels: Channels, quiet: bool = False) -> str:
    """The median wait for an answer and how to read silence by it; `quiet`: also say how many
    open applications are past that (it changes every day, so the index leaves it out)."""
    count, median = channels.answered, channels.median_days
    if count == 0:
        return "No answers yet, so there is no typical wait to read silence by."
    if median == 0:
        line = f"Answers came on the day you applied (the median of {_plural(count, 'answer')})."
    else:
        line = (
            f"Answers came a median of {_plural(median, 'day')} after you applied (over "
            f"{_plural(count, 'answer')}). No answer after {channels.silence_days} days, "
            f"{_TIMES[SILENCE_FACTOR]} that, is probably a no: count it as one and put the time into the next."
        )
        if quiet and channels.quiet:
            n = channels.quiet
            line += f" {_plural(n, 'open application')} {'is' if n == 1 else 'are'} past that now."
    if count < COMPARE_MINIMUM:
        line += " With so few answers, this will move as more come in."
    return line


def _tenths(total: int, weeks: int) -> str:
    tenths = (20 * total + weeks) // (2 * weeks)
    return f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"


def rhythm_words(channels: Channels) -> str:
    """Last full week against the user's own average since they started, without blame."""
    this = channels.this_week
    so_far = f"This week so far: {this}."
    weeks, total = channels.pace_weeks, channels.pace_total
    if weeks < 2:
        return f"{so_far} Your own average shows here after two full weeks of applying."
    if total == 0:
        return (
            f"No applications in the last {WEEKS - 1} full weeks. {so_far} Whenever you pick it up "
            "again, one a day is a rhythm that lasts."
        )
    last = channels.last_week
    average = _tenths(total, weeks)
    line = f"Last week: {last}, against your own average of {average} a week over {weeks} weeks. {so_far}"
    if last * weeks >= total:
        return f"{line} You kept your pace."
    return f"{line} Lighter weeks happen; a steady few each week carries a search further than a burst."


def channel_markdown(channels: Channels, esc: Callable[[str], str]) -> list[str]:
    """The terminal report's lines about channels, answers and rhythm."""
    out = []
    if channels.sources:
        out += ["Where your applications came from, and how many got an answer:", ""]
        for s in channels.sources:
            line = f"- {esc(s.source)}: {answered(s)} answered"
            line += f", {_plural(s.interviews, 'interview')}, {_plural(s.offers, 'offer')}"
            out.append(line)
        out += ["", source_words(channels, esc), ""]
    out += ["Time to an answer. " + answer_words(channels, quiet=True), ""]
    week_counts = ", ".join(f"{week_label(monday)}: {n}" for monday, n in channels.weekly)
    out += [f"Applications per week (weeks from Monday), oldest first: {week_counts}.", ""]
    out += ["Weekly rhythm. " + rhythm_words(channels), ""]
    return out
