"""The rules, run over files already read: their findings, and which files the report may use.

Pure: it takes the files as read, `today` and the config; it opens no file, knows no
cache and prints nothing. Checking the journal on disk (the last check's findings when
nothing changed, else load, analyse and remember) is journal/memo.py.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from ..core.diagnostics import ERROR, Diagnostic, by_place
from ..core.model import Analysis  # noqa: F401 (what analyse() gives)

# The reminders about what to do (the reply, waiting, momentum and revisit rules): a file with
# an error gets none of them, since until it can be read they would guess (SPEC §2).
REMINDERS = frozenset((
    "overdue-reply", "reply-due", "stale-silent", "check-in-due", "extra-check-in",
    "next-application", "revisit-open", "interview-upcoming", "withdraw-open",
))  # fmt: skip

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a few ms)
if TYPE_CHECKING:
    from ..core.config import Config
    from ..core.model import Application
    from ..reading.reader import ReadResult


@cache
def _rules() -> tuple[list, list]:
    """(the rules that look at one file, the rules that compare applications): loaded only
    by a check that runs them, not by one that finds the last check's findings still true."""
    from . import iter_checks

    checks = list(iter_checks())
    return [r for r in checks if not r.needs_journal], [r for r in checks if r.needs_journal]


@cache
def _rules_for(status: str) -> tuple[list, list]:
    """_rules(), less the rules that declare they find nothing in applications of this status."""
    file_rules, journal_rules = _rules()

    def applying(rules: list) -> list:
        return [r for r in rules if r.statuses is None or status in r.statuses]

    return applying(file_rules), applying(journal_rules)


def configured(raw: list[Diagnostic], app: Application, config: Config) -> list[Diagnostic]:
    """Findings as the config and the file's own `jrnl-rej-ignore` want them; errors always stay."""
    out = []
    for diag in raw:
        if diag.severity != ERROR:
            if diag.rule in config.ignore or diag.rule in app.ignore:
                continue
            level = config.severity.get(diag.rule)
            if level and level != diag.severity:
                diag = Diagnostic(diag.path, diag.line, diag.column, diag.rule, level,
                                  diag.message, diag.fix)  # fmt: skip
        out.append(diag)
    return out


def _add_findings(rules: list, app: Application, context, raw: list[Diagnostic]) -> bool:
    """Add what `rules` find in `app` to `raw`, stamped with each rule's name and severity;
    and whether one of them is an error (a built-in one such as date-order, not a configured level)."""
    error = False
    for rule in rules:
        for position, message, fix in rule.check(app, context):
            raw.append(Diagnostic(app.path, position.line, position.column, rule.name,
                                  rule.severity, message, fix))  # fmt: skip
            error = error or rule.severity == ERROR
    return error


def file_findings(result: ReadResult, config: Config, today: date, empty=None) -> tuple[list[Diagnostic], bool]:
    """One file's own findings (from reading it, and the rules that look at it alone), as
    configured; and whether it has an error, which keeps it out of the journal rules.

    They depend on the file, the config and `today` only: a watcher keeps them per file.
    `empty` is a Context with no applications, which a caller checking many files shares.
    """
    app = result.application
    app.today = today  # the stage reached, and which interviews are booked, are told for today
    raw = list(result.diagnostics)
    if empty is None:
        from .registry import Context

        empty = Context(today, config, [])
    erroneous = _add_findings(_rules_for(app.status)[0], app, empty, raw) or app.has_errors
    if erroneous and raw:
        raw = [diag for diag in raw if diag.rule not in REMINDERS]
    return (configured(raw, app, config) if raw else raw), erroneous


# What stops for an application of a finished search (SPEC §2: an accepted offer ended it).
_SEARCH_OVER = frozenset(("next-application", "check-in-due", "stale-silent", "extra-check-in"))


def journal_findings(usable: list[Application], config: Config, today: date,
                     own: list[Diagnostic] | None = None) -> list[Diagnostic]:  # fmt: skip
    """What the rules that compare applications find, over the files without errors. `own`,
    the files' own findings, loses the ones an accepted offer ended (changed in place)."""
    from .registry import Context

    context = Context(today, config, usable)
    per_path, over = _journal_pass(usable, context, config)
    if over and own is not None:
        own[:] = [d for d in own if d.rule not in _SEARCH_OVER or d.path not in over]
    return [d for found in per_path.values() for d in found]


def _journal_pass(apps: list[Application], context, config: Config) -> tuple[dict[str, list], set[str]]:
    """The journal rules' findings for each of `apps` (by path, as configured, without those an
    accepted offer ended) under `context`; and the paths of the apps whose search had ended."""
    per_path: dict[str, list] = {}
    for app in apps:
        raw: list[Diagnostic] = []
        _add_findings(_rules_for(app.status)[1], app, context, raw)
        if raw:
            per_path[app.path] = configured(raw, app, config)
    over: set[str] = set()
    if context.finished:
        from ..core.deadlines import search_ended_by

        over = {app.path for app in apps if search_ended_by(app, context.finished) is not None}
        for path in over & per_path.keys():
            per_path[path] = [d for d in per_path[path] if d.rule not in _SEARCH_OVER]
    return per_path, over


class FileRulesAsRead:
    """file_findings of each file as the loader hands it over (load_journal's `each`), so that
    on a first run they are worked out while the other files are still being read, on the
    other cores, rather than after them; analyse() takes what this found. The company and
    role keys the journal rules compare are worked out then too."""

    def __init__(self, config: Config, today: date, files: int):
        self.config, self.today = config, today
        self.empty = None  # made with the first file: the rules load while the workers start
        self.found: list[tuple[list[Diagnostic], bool] | None] = [None] * files

    def __call__(self, index: int, result: ReadResult) -> tuple[list[Diagnostic], bool]:
        if self.empty is None:
            from .registry import Context

            self.empty = Context(self.today, self.config, [])
        found = self.found[index] = file_findings(result, self.config, self.today, self.empty)
        result.application.same_keys  # noqa: B018  (kept on the application: the journal rules group by it)
        return found


def analyse(results: list[ReadResult], config: Config, today: date, early: FileRulesAsRead | None = None) -> Analysis:
    """Run every rule over read files and stamp the findings with names and severities.
    `early` holds the file rules' findings already worked out for some of the files."""
    diagnostics: list[Diagnostic] = []
    usable: list[Application] = []
    skipped: list[str] = []
    file_rules = early if early is not None else FileRulesAsRead(config, today, len(results))
    for index, (result, done) in enumerate(zip(results, file_rules.found, strict=True)):
        found, erroneous = done or file_rules(index, result)
        diagnostics += found
        if erroneous:
            skipped.append(result.application.path)
        else:
            usable.append(result.application)
    diagnostics += journal_findings(usable, config, today, diagnostics)
    diagnostics.sort(key=by_place)
    return Analysis(today, results, diagnostics, usable, sorted(skipped))


class KeptFindings:
    """What `analyse` finds, worked out again after each change for only what it touched.

    A file's own findings (what the reader reported and what the per-file rules say) depend
    only on that file, the config and `today`, so they are kept, with whether they hold an
    error, until the file is read again (a new ReadResult). The rules that compare
    applications look at an application's own company (duplicates, revisits), at every
    applied date (momentum) and at the accepted offers (a finished search). So when a few
    files changed and none of them changed an applied date or is (or was) an accepted offer,
    only the applications of the changed files' companies are compared again, the others'
    findings kept; otherwise the journal rules run again over every file without errors.
    The Analysis is the one `analyse` gives for the same files (tests/rules/test_kept.py).
    """

    FEW = 16  # more changed files than this at once (a checkout): compare everything again

    def __init__(self) -> None:
        self._config = None
        self._today = None
        # relpath -> (the ReadResult they came from, its findings as configured, has an error)
        self._files: dict[str, tuple[object, list, bool]] = {}
        self._journal = None  # (usable apps by path, their journal findings by path, over, Context)

    def analyse(self, results: list, config, today):
        """`results` in path order, as analyse takes them."""
        if config is not self._config or today != self._today:
            self._files = {}  # thresholds, ignores and severities shape every finding
            self._journal = None
            self._config, self._today = config, today
        known = self._files
        files = {}
        diagnostics: list = []
        usable = []
        skipped = []
        changed = set()
        for result in results:
            app = result.application
            entry = known.get(app.path)
            if entry is None or entry[0] is not result:
                entry = (result, *file_findings(result, config, today))
                changed.add(app.path)
            files[app.path] = entry
            diagnostics += entry[1]
            if entry[2]:
                skipped.append(app.path)
            else:
                usable.append(app)
        changed.update(known.keys() - files.keys())
        self._files = files  # files that went are forgotten
        diagnostics += self._journal_findings(usable, config, today, changed, diagnostics)
        diagnostics.sort(key=by_place)
        return Analysis(today, results, diagnostics, usable, sorted(skipped))

    def _journal_findings(self, usable: list, config, today, changed: set, own: list) -> list:
        from ..core.deadlines import accepted_day
        from .registry import Context

        by_path = {app.path: app for app in usable}
        companies = self._companies_touched(by_path, changed, accepted_day)
        if companies is None:  # compare everything
            context = Context(today, config, usable)
            per_path, over = _journal_pass(usable, context, config)
        else:
            _, kept, over, context = self._journal
            group = [app for app in usable if app.same_keys[0] in companies]
            part = Context(today, config, group)  # whole groups of the companies touched
            part.applied_dates, part.finished = context.applied_dates, context.finished  # unchanged
            found, group_over = _journal_pass(group, part, config)
            per_path = dict(kept)
            for path in (*changed, *(app.path for app in group)):
                per_path.pop(path, None)  # a file that went, or left the journal rules, is changed
            per_path.update(found)
            over = (over - changed) | group_over
        self._journal = (by_path, per_path, over, context)
        if over:
            own[:] = [d for d in own if d.rule not in _SEARCH_OVER or d.path not in over]
        return [d for found in per_path.values() for d in found]

    def _companies_touched(self, by_path: dict, changed: set, accepted_day) -> set | None:
        """The company keys whose applications the change can alter the findings of; None
        when it can alter any (an applied date, an accepted offer, too many files)."""
        if self._journal is None or len(changed) > self.FEW:
            return None
        before = self._journal[0]
        companies = set()
        for path in changed:
            old, new = before.get(path), by_path.get(path)
            if (old.applied if old else None) != (new.applied if new else None):
                return None
            for app in (old, new):
                if app is not None:
                    if accepted_day(app) is not None:
                        return None
                    companies.add(app.same_keys[0])
        return companies


__all__ = [
    "Analysis", "FileRulesAsRead", "KeptFindings", "analyse", "configured", "file_findings", "journal_findings",
]  # fmt: skip
