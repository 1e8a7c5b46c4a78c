"""The patterns behind the rejections: the numbers of `jrnl-rej report`, the index and `today`.

`build_report` is pure: it takes the analysed journal and the config (and through the
analysis, `today`) and reads no clock and no file. Its words are in outputs/report.py,
and the Markdown of the index file in outputs/section.py.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta

from .channels import Channels, build_channels
from .config import Config
from .deadlines import reapplied_since, revisit_window
from .model import BUCKETS, KINDS, STAGES, Analysis, Application
from .todo import TODO_RULES, Todo, todo_items  # noqa: F401 (the report's to-do list)

BOTTLENECK_MINIMUM = 5  # fewer rejections than this are not a pattern yet

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
    channels: Channels | None = None  # sources, time to an answer, the weekly rhythm (core.channels)

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
                        window = revisit_window(app, config.thresholds)
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
        channels=build_channels(known, today),
    )


def _todo(analysis: Analysis, config: Config, by_path: dict[str, Application]) -> tuple[Todo, ...]:
    return todo_items(analysis.diagnostics, by_path, config, analysis.today)


