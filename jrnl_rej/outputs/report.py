"""The patterns behind the rejections: numbers for `jrnl-rej report`, the words around them,
and the `report` and `index` commands.

`build_report` is pure: it takes the analysed journal and the config (and through the
analysis, `today`) and reads no clock and no file. The Markdown of the index file is
built in `section`.
"""

from __future__ import annotations

import shlex
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta

from ..core.config import Config
from ..core.dates import month_words
from ..core.model import BUCKETS, KINDS, STAGES, Application
from ..rules import STAGE_WORDS
from ..rules.engine import Analysis
from ..rules.journal import reapplied_since, revisit_window

VERSION = 1
BOTTLENECK_MINIMUM = 5  # fewer rejections than this are not a pattern yet

STAGE_TITLES = {
    "applied": "Applied",
    "screen": "Recruiter screen",
    "hiring_manager": "Hiring manager",
    "final_round": "Final round",
    "offer": "Offer",
}
BUCKET_WORDS = {
    "before_screen": "before the recruiter screen",
    "after_screen": "after the recruiter screen",
    "after_hiring_manager": "after the hiring-manager interview",
    "final_round": "at the final round",
}
BUCKET_TITLES = {
    "before_screen": "Before the recruiter screen",
    "after_screen": "After the recruiter screen",
    "after_hiring_manager": "After the hiring manager",
    "final_round": "At the final round",
}
KIND_TITLES = {
    "silent": "Silent (no answer)",
    "form": "Form email, before any interview",
    "post_interview": "After an interview",
}
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
STATE_WORDS = {
    "upcoming": "not yet",
    "open": "open now",
    "past": "window closed",
    "done": "applied again",
}
# The reminders that make up "what needs doing now", most urgent first.
TODO_RULES = ("overdue-reply", "next-application", "reply-due", "stale-silent", "check-in-due")


@dataclass(frozen=True)
class Revisit:
    """A company that turned you down after real interviews, and its revisit window."""

    path: str
    company: str
    role: str
    stage: str  # stage reached
    bucket: str
    rejected: date
    start: date
    until: date
    state: str  # upcoming | open | past | done
    met: date  # the day of the last interview, for the re-apply line


@dataclass(frozen=True)
class Feedback:
    path: str
    company: str
    role: str
    stage: str
    day: date  # the rejection day, else the application day
    text: str


@dataclass(frozen=True)
class Todo:
    """One thing to do now, from a rule's reminder about a counted application."""

    rule: str
    path: str
    company: str
    role: str
    day: date | None  # the date the reminder is about (due date, rejection, last news)


@dataclass(frozen=True)
class Report:
    today: date
    applications: int
    skipped: tuple[str, ...]
    by_kind: tuple[tuple[str, int], ...]
    by_bucket: tuple[tuple[str, int], ...]
    bottleneck: str | None
    funnel: tuple[tuple[str, int], ...]
    momentum_rejections: int
    momentum_next: int
    revisit: tuple[Revisit, ...]
    feedback: tuple[Feedback, ...]
    todo: tuple[Todo, ...]
    index: str = "INDEX.md"  # where the index file lives, for relative links

    @property
    def rejections(self) -> int:
        return sum(n for _, n in self.by_kind)

    def kind_count(self, kind: str) -> int:
        return dict(self.by_kind)[kind]

    def bucket_count(self, bucket: str) -> int:
        return dict(self.by_bucket)[bucket]

    def reached(self, stage: str) -> int:
        return dict(self.funnel)[stage]


# -- the numbers --------------------------------------------------------------------------------


class Facts:
    """What build_report works out about each application, kept from one call to the next.

    A watcher builds the report after every save, and all but a few of the applications are
    the same objects as before: handing the same Facts to every call looks again only at the
    new ones. Each call keeps just the applications it was given.
    """

    def __init__(self, keep: bool = True) -> None:
        self._keep = keep  # False: one report, nothing to keep
        self._config: Config | None = None
        self._before: dict[int, tuple] = {}

    def of(self, apps: list[Application], config: Config) -> list[tuple]:
        """(application, stage reached, kind or None when not rejected, bucket, revisit window or
        None, company key) for each application."""
        if config is not self._config:
            self._before = {}  # revisit windows follow the config's thresholds
            self._config = config
        before = self._before
        now: dict[int, tuple] = {}
        # The kind and the bucket depend only on the status, `rejection:` and the stage reached:
        # ask the model once for each combination, not once for each of thousands of files.
        kind_of: dict[tuple[str | None, str], str] = {}
        bucket_of: dict[str, str] = {}
        out = []
        keep = self._keep
        for app in apps:
            # Known by id: the tuple holds the application, so no other object can take its id.
            facts = before.get(id(app)) if before else None
            if facts is None or facts[0] is not app:
                stage = app.stage_reached
                kind = bucket = window = None
                if app.is_rejected:
                    kind = kind_of.get((app.rejection, stage))
                    if kind is None:
                        kind = kind_of[app.rejection, stage] = app.kind
                    bucket = bucket_of.get(stage)
                    if bucket is None:
                        bucket = bucket_of[stage] = app.bucket
                    # Only interview-stage rejections have a window (revisit_window: None for the rest).
                    if kind == "post_interview" and bucket in ("after_hiring_manager", "final_round"):
                        window = revisit_window(app, config)
                facts = (app, stage, kind, bucket, window, app.company_key)
            if keep:
                now[id(app)] = facts
            out.append(facts)
        self._before = now
        return out


def build_report(analysis: Analysis, config: Config, facts: Facts | None = None) -> Report:
    """Count what the files without errors say; nothing here reads the clock or a file.

    `facts`: what an earlier call worked out, to reuse (see Facts).
    """
    today = analysis.today
    apps = analysis.usable  # every list below is sorted on its own, so their order does not matter
    known = (facts if facts is not None else Facts(keep=False)).of(apps, config)

    # One pass over the applications: everything else looks only at the rejected ones.
    reached = dict.fromkeys(STAGES, 0)
    kinds = dict.fromkeys(KINDS, 0)
    buckets = dict.fromkeys(BUCKETS, 0)
    by_path: dict[str, Application] = {}
    applied_dates = []
    rejected = []
    for item in known:
        app, stage, kind, bucket, _, _ = item
        reached[stage] += 1
        by_path[app.path] = app
        if app.applied is not None:
            applied_dates.append(app.applied)
        if kind is not None:
            kinds[kind] += 1
            buckets[bucket] += 1
            rejected.append(item)
    applied_dates.sort()
    by_kind = tuple(kinds.items())
    by_bucket = tuple(buckets.items())
    bottleneck = None
    if len(rejected) >= BOTTLENECK_MINIMUM:
        # max() keeps the first of equal counts: ties go to the earlier bucket.
        bottleneck = max(BUCKETS, key=buckets.__getitem__)

    funnel = []
    beyond = 0
    for stage in reversed(STAGES):  # reaching a stage counts for every stage before it
        beyond += reached[stage]
        funnel.append((stage, beyond))
    funnel.reverse()

    # Momentum: form and post-interview rejections (see rules.journal.rejection_day) followed by
    # an application sent on the day of the rejection or the next, other than this one.
    momentum_rejections = momentum_next = 0
    sent_by_day: dict[date, tuple[int, date]] = {}  # rejections share days: count each day once
    for app, _, kind, *_ in rejected:
        day = app.rejected
        if kind not in ("form", "post_interview") or day is None:
            continue
        momentum_rejections += 1
        counted = sent_by_day.get(day)
        if counted is None:
            after = day + timedelta(days=2)
            counted = sent_by_day[day] = (bisect_left(applied_dates, after) - bisect_left(applied_dates, day), after)
        sent, after = counted
        if app.applied is not None and day <= app.applied < after:
            sent -= 1
        if sent > 0:
            momentum_next += 1

    windows = [item for item in rejected if item[4] is not None]
    by_company: dict[str, list[Application]] = {}
    if windows:
        # Who applied where, only for the companies that have a window.
        wanted = {item[5] for item in windows}
        for item in known:
            if item[5] in wanted:
                by_company.setdefault(item[5], []).append(item[0])
    revisits = []
    for app, stage, _, bucket, (start, until), company in windows:
        if reapplied_since(app, by_company.get(company, ())):
            state = "done"
        elif today < start:
            state = "upcoming"
        elif today > until:
            state = "past"
        else:
            state = "open"
        revisits.append(
            Revisit(
                app.path,
                app.company or "",
                app.role or "",
                stage,
                bucket,
                app.rejected,
                start,
                until,
                state,
                app.stage_date or app.rejected,
            )
        )
    revisits.sort(key=lambda r: (r.start, r.path))

    feedback = []
    for app, stage, *_ in known:
        if app.feedback and app.feedback.strip():
            day = app.rejected or app.applied or today
            feedback.append(Feedback(app.path, app.company or "", app.role or "", stage, day, app.feedback.strip()))
    feedback.sort(key=lambda f: (-f.day.toordinal(), f.path))  # newest first

    return Report(
        today=today,
        applications=len(apps),
        skipped=tuple(sorted(analysis.skipped)),
        by_kind=by_kind,
        by_bucket=by_bucket,
        bottleneck=bottleneck,
        funnel=tuple(funnel),
        momentum_rejections=momentum_rejections,
        momentum_next=momentum_next,
        revisit=tuple(revisits),
        feedback=tuple(feedback),
        todo=_todo(analysis, config, by_path),
        index=config.index,
    )


_TODO_RANK = {rule: i for i, rule in enumerate(TODO_RULES)}


def _todo(analysis: Analysis, config: Config, by_path: dict[str, Application]) -> tuple[Todo, ...]:
    """The reminders the rules gave for counted files (suppressed ones stay suppressed)."""
    seen: set[tuple[str, str]] = set()
    items = []
    for diag in analysis.diagnostics:
        if diag.rule not in _TODO_RANK or (diag.rule, diag.path) in seen:
            continue
        app = by_path.get(diag.path)
        if app is None:
            continue
        seen.add((diag.rule, diag.path))
        items.append(Todo(diag.rule, app.path, app.company or "", app.role or "", _todo_day(diag.rule, app, config)))
    items.sort(key=lambda t: (_TODO_RANK[t.rule], t.day or date.min, t.path))
    return tuple(items)


def _todo_day(rule: str, app: Application, config: Config) -> date | None:
    if rule in ("overdue-reply", "reply-due") and app.rejected:
        return app.rejected + timedelta(days=config.reply_window_days)
    if rule == "next-application":
        return app.rejected
    if rule == "stale-silent":
        return app.last_activity
    return app.applied


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


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


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


def todo_words(item: Todo, name: str) -> str:
    """What to do, in a few words; `name` is the company and role, already escaped."""
    if item.rule == "overdue-reply":
        return f"Thank {name} for the interview: the note was due {item.day}, and a late one still helps."
    if item.rule == "reply-due":
        return f"Send {name} a short thank-you by {item.day}."
    if item.rule == "next-application":
        return f"{name} said no on {item.day} and nothing new has gone out since: send one application today."
    if item.rule == "stale-silent":
        return f"No word from {name} since {item.day}: treat it as a no and close it."
    return f"One short check-in with {name} fits now (applied {item.day})."


def fix_words(report: Report) -> str:
    n = len(report.skipped)
    them = "it" if n == 1 else "them"
    return f"Fix the {plural(n, 'file')} with errors, so that the numbers count {them} too."


def todo_command(item: Todo) -> str:
    path = shlex.quote(item.path)
    if item.rule in ("overdue-reply", "reply-due"):
        return f"jrnl-rej draft reply {path}"
    if item.rule == "next-application":
        return "jrnl-rej new COMPANY ROLE"
    if item.rule == "stale-silent":
        return f"jrnl-rej log {path} rejected --kind silent"
    return f"jrnl-rej log {path} check-in"


def kind_words(report: Report) -> str:
    """`1 silent, 2 form emails and 3 after an interview`."""
    silent, form, post = (report.kind_count(k) for k in KINDS)
    return f"{silent} silent, {plural(form, 'form email')} and {post} after an interview"


def momentum_words(report: Report) -> str:
    total, quick = report.momentum_rejections, report.momentum_next
    if total == 0:
        return "No form or interview rejections yet, so nothing to measure here."
    line = (
        f"After {quick} of {plural(total, 'rejection')} ({percent(quick, total)}), the next "
        "application went out the same day or the day after."
    )
    if quick < total:
        line += " Sending one straight away keeps the search moving and takes the sting out."
    else:
        line += " That is exactly the habit that keeps a search moving."
    return line


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


def report_markdown(report: Report) -> str:
    """The report for a person at a terminal: Markdown-shaped, every file string cleaned."""
    from ..core.text import clean

    def name(company: str, role: str) -> str:
        return clean(f"{company} ({role})" if role else company)

    out = [f"# Your job search on {report.today}", ""]
    intro = f"{plural(report.applications, 'application')} counted."
    if report.skipped:
        files = ", ".join(clean(p) for p in report.skipped)
        intro += (
            f" {plural(len(report.skipped), 'file')} left out because of errors: {files} ('jrnl-rej check' shows why)."
        )
    out += [intro, ""]

    out += ["## What needs doing now", ""]
    for item in report.todo:
        out.append(f"- {todo_words(item, name(item.company, item.role))}")
        out.append(f"  {clean(todo_command(item))}")
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
    out += ["Momentum. " + momentum_words(report), ""]
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
            out.append(f"  {clean('jrnl-rej draft reapply ' + shlex.quote(item.path))}")
    out.append("")
    return "\n".join(out)


# -- the commands -------------------------------------------------------------------------------


def run_report(session, fmt: str = "markdown") -> int:
    """`jrnl-rej report`: print the report as Markdown or as the JSON object of the spec."""
    import click

    from .diagnostics import json_dumps

    report = build_report(session.analyse(), session.config)
    if fmt == "json":
        click.echo(json_dumps(report_json(report)))
    else:
        click.echo(report_markdown(report), nl=False)
    return 0


def index_path(session):
    """The index file; one that links outside the journal is refused, never written through."""
    import os

    from ..core.errors import JrnlError
    from ..journal.writer import is_inside

    path = session.root / session.config.index
    if os.path.lexists(path) and not is_inside(session.root, path):
        raise JrnlError(f"{session.config.index}: it links outside the journal; not writing through it")
    return path


def update_index(session) -> bool:
    """Write the generated section into the index file; return whether the file changed."""
    from ..journal.splice import write_index
    from .section import index_section

    section = index_section(session.analyse(), session.config)
    return write_index(index_path(session), section, session.config.index)


def run_index(session, check_only: bool = False) -> int:
    """`jrnl-rej index [--check]`; broken markers raise (exit 2, nothing written)."""
    import sys

    from ..core.text import clean
    from ..journal.splice import index_is_current
    from .section import index_section

    def say(message: str) -> None:  # to stderr, as click.echo(err=True) would: the hook runs this without click
        sys.stderr.write(message + "\n")
        sys.stderr.flush()

    name = clean(session.config.index)
    if check_only:
        section = index_section(session.analyse(), session.config)
        if index_is_current(index_path(session), section, session.config.index):
            return 0
        say(f"{name} is out of date; run jrnl-rej index")
        return 1
    if update_index(session):
        say(f"Updated {name}")
    else:
        say(f"{name} is up to date")
    return 0
