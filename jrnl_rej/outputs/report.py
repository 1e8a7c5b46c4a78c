"""The words of `jrnl-rej report`: the numbers of core.patterns told for a person, and its JSON."""

from __future__ import annotations

from datetime import date

from ..core.channels import channels_json
from ..core.dates import month_words
from ..core.model import KINDS
from ..core.patterns import BOTTLENECK_MINIMUM, Report, Revisit
from ..core.shell import Places, quote
from ..core.text import plural
from ..core.vocabulary import BUCKET_WORDS, STAGE_TITLES, STAGE_WORDS
from .today import fix_words, todo_command, todo_words  # noqa: F401 (the to-do list's words)

VERSION = 1
# What each bottleneck usually means, and what to work on.
ADVICE = {
    "before_screen": (
        "Nobody has talked to you yet at that point, so it usually points at the résumé and "
        "the application itself, not at you: tailor the top third of the résumé to each "
        "posting, use its words, and ask for referrals where you can."
    ),
    "after_screen": (
        "You get the call, then it stops. The recruiter screen usually turns on salary "
        "expectations, availability, or the 90-second summary of who you are: check your "
        "range against the posting, be clear about when you can start, and practise the "
        "short pitch out loud."
    ),
    "after_hiring_manager": (
        "You get past the recruiter, then the hiring manager says no. That usually means "
        "technical or scope fit: prepare three or four stories, with numbers, that show the "
        "level the role asks for, and ask early what success in the role looks like."
    ),
    "final_round": (
        "You reach the final round, so you are a strong candidate. A no this late is often "
        "not about you: a budget, an internal candidate, someone a little closer to the "
        "brief. Log it, ask for one piece of feedback if you like, and move on."
    ),
}

def report_json(report: Report) -> dict:
    """The `report --format json` object of the spec (§4)."""
    return {
        "version": VERSION,
        "today": report.today.isoformat(),
        "applications": report.applications,
        "skipped": len(report.skipped),
        "rejections": {
            "total": report.rejections,
            "by_kind": dict(report.by_kind),
            "by_bucket": dict(report.by_bucket),
        },
        "bottleneck": report.bottleneck,
        "funnel": dict(report.funnel),
        "momentum": {
            "rejections": report.momentum_rejections,
            "next_within_a_day": report.momentum_next,
        },
        **channels_json(report.channels),
        "revisit": [
            {
                "path": r.path,
                "company": r.company,
                "role": r.role,
                "bucket": r.bucket,
                "rejected": r.rejected.isoformat(),
                "from": r.start.isoformat(),
                "until": r.until.isoformat(),
                "state": r.state,
            }
            for r in report.revisit
        ],
    }


# -- words shared by the terminal report and the index ------------------------------------------


def percent(part: int, whole: int) -> str:
    """Whole percent, halves rounded up (the same on every machine)."""
    if whole <= 0:
        return "0%"
    return f"{(200 * part + whole) // (2 * whole)}%"


def reapply_line(item: Revisit, today: date) -> str:
    """A first line for a new application that names the earlier interview."""
    role = f"the {item.role} role" if item.role else "the role"
    return (
        f"When we spoke in {month_words(item.met, today)} about {role}, I really enjoyed the "
        "conversation, and I would love to be considered again."
    )


def revisit_state_words(item: Revisit) -> str:
    if item.state == "upcoming":
        return f"opens {item.start}"
    if item.state == "open":
        return f"open now, until {item.until}"
    if item.state == "past":
        return f"closed on {item.until}"
    return "you applied again"


def kind_words(report: Report) -> str:
    """`1 silent, 2 form emails and 3 after an interview`."""
    silent, form, post = (report.kind_count(k) for k in KINDS)
    return f"{silent} silent, {plural(form, 'form email')} and {post} after an interview"


MOMENTUM_MINIMUM = 3  # fewer form or interview rejections than this say nothing about a habit


def momentum_words(report: Report) -> str | None:
    """How quickly the next application followed a no; None (nothing said) before 3 of them."""
    total, quick = report.momentum_rejections, report.momentum_next
    if total < MOMENTUM_MINIMUM:
        return None
    line = (
        f"After {quick} of {plural(total, 'rejection')} ({percent(quick, total)}), you sent the next "
        "application the same day or the day after."
    )
    if quick == total:
        return line + " That is exactly the habit that keeps a search moving."
    if quick == 0:
        return (f"After {plural(total, 'rejection')}, the next application took more than a day each time. "
                "That is human; sending one the day after a no is what takes the sting out.")  # fmt: skip
    return line + " Keep that going: the next application is the best answer to a no."


def pattern_words(report: Report) -> str:
    """The bottleneck sentence, or why there is none yet."""
    total = report.rejections
    if report.bottleneck is None:
        if total == 0:
            return "No rejections logged yet."
        return (
            f"With {plural(total, 'rejection')} so far it is too early to call a pattern; "
            f"it gets clearer from {BOTTLENECK_MINIMUM} on."
        )
    count = report.bucket_count(report.bottleneck)
    tied = [BUCKET_WORDS[b] for b, n in report.by_bucket if n == count and b != report.bottleneck]
    also = f", as many as {' and '.join(tied)}" if tied else ""
    return (
        f"Most rejections come {BUCKET_WORDS[report.bottleneck]} "
        f"({count} of {total}{also}). {ADVICE[report.bottleneck]}"
    )


# -- the terminal report ------------------------------------------------------------------------


def report_markdown(report: Report, places: Places | None = None) -> str:
    """The report for a person at a terminal: Markdown-shaped, every file string cleaned;
    the commands it suggests name files from the current folder (with `places`)."""
    from ..core.text import clean

    def command(path: str) -> str:
        return places.command(path) if places is not None else quote(path)

    def name(company: str, role: str) -> str:
        return clean(f"{company} ({role})" if role else company)

    out = [f"# Your job search on {report.today}", ""]
    intro = f"{plural(report.applications, 'application')} counted."
    if report.skipped:
        files = ", ".join(clean(places.shown(p) if places is not None else p) for p in report.skipped)
        intro += (
            f" {plural(len(report.skipped), 'file')} left out because of errors: {files} ('jrnl-rej check' shows why)."
        )
    out += [intro, ""]

    out += ["## What needs doing now", ""]
    for item in report.todo:
        out.append(f"- {todo_words(item, name(item.company, item.role))}")
        todo = todo_command(item, places)
        if todo is not None:
            out.append(f"  {clean(todo)}")
    if report.skipped:
        out.append(f"- {fix_words(report)}")
        out.append("  jrnl-rej check")
    if not report.todo and not report.skipped:
        out.append("Nothing is waiting on you today.")
    out.append("")

    out += ["## Patterns", ""]
    if report.applications:
        out.append("How far applications got:")
        out.append("")
        previous = None
        for stage, count in report.funnel:
            line = f"- {STAGE_TITLES[stage]}: {count}"
            if previous is not None:
                line += f" ({count} of {previous} from the stage before, {percent(count, previous)})"
            out.append(line)
            previous = count
        out.append("")
    total = report.rejections
    if total:
        out.append(f"Where the {plural(total, 'rejection')} so far came:")
        out.append("")
        for bucket, count in report.by_bucket:
            if count:
                out.append(f"- {count} of {plural(total, 'rejection')} came {BUCKET_WORDS[bucket]}")
        out += ["", f"Of those, {kind_words(report)}.", ""]
    out += [pattern_words(report), ""]
    momentum = momentum_words(report)
    if momentum is not None:
        out += ["Momentum. " + momentum, ""]
    if report.applications:
        from .channels import channel_markdown

        out += channel_markdown(report.channels, clean)
    if report.feedback:
        out += ["Feedback collected so far:", ""]
        for fb in report.feedback:
            out.append(f"- {name(fb.company, fb.role)}, {STAGE_WORDS[fb.stage]}, {fb.day}: {clean(fb.text)}")
        out.append("")

    out += ["## Revisit", ""]
    if not report.revisit:
        out.append(
            "No company to revisit yet: companies that say no after a hiring-manager interview "
            "or a final round show up here, to try again 3 to 6 months later."
        )
    for item in report.revisit:
        out.append(
            f"- {name(item.company, item.role)}: reached the {STAGE_WORDS[item.stage]}, said no "
            f"on {item.rejected}; window {item.start} to {item.until}: {revisit_state_words(item)}."
        )
        if item.state != "done":
            out.append(f'  First line: "{clean(reapply_line(item, report.today))}"')
            out.append(f"  {clean('jrnl-rej draft reapply ' + command(item.path))}")
    out.append("")
    return "\n".join(out)
