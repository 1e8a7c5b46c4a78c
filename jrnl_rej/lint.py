"""The checking pipeline: read every file, run the rules, and decide which files the report may use.

Pure: it takes `today` and the config, reads files through `journal`, prints nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .config import Config
from .diagnostics import ERROR, Diagnostic
from .model import Application
from .reader import ReadResult
from .rules import RULES, Context, iter_checks


@dataclass
class Analysis:
    """Everything a command needs after one pass over the journal."""

    today: date
    results: list[ReadResult]
    diagnostics: list[Diagnostic]
    usable: list[Application]  # files without errors: what the report and index use
    skipped: list[str] = field(default_factory=list)  # files left out because of errors

    @property
    def files(self) -> int:
        return len(self.results)


def analyse(results: list[ReadResult], config: Config, today: date) -> Analysis:
    """Run every rule over read files and stamp the findings with names and severities."""
    raw: list[Diagnostic] = []
    erroneous: set[str] = set()
    for result in results:
        raw.extend(result.diagnostics)
        if result.application.has_errors:
            erroneous.add(result.application.path)

    file_rules = [r for r in iter_checks() if not r.needs_journal]
    journal_rules = [r for r in iter_checks() if r.needs_journal]
    empty = Context(today, config, [])
    for result in results:
        app = result.application
        for rule in file_rules:
            for position, message, fix in rule.check(app, empty):
                raw.append(Diagnostic(app.path, position.line, position.column, rule.name,
                                      rule.severity, message, fix))  # fmt: skip
                if rule.severity == ERROR:
                    erroneous.add(app.path)

    usable = [r.application for r in results if r.application.path not in erroneous]
    context = Context(today, config, usable)
    for app in usable:
        for rule in journal_rules:
            for position, message, fix in rule.check(app, context):
                raw.append(Diagnostic(app.path, position.line, position.column, rule.name,
                                      rule.severity, message, fix))  # fmt: skip

    by_path = {r.application.path: r.application for r in results}
    diagnostics = []
    for diag in raw:
        if diag.severity != ERROR:
            if diag.rule in config.ignore or diag.rule in by_path[diag.path].ignore:
                continue
            level = config.severity.get(diag.rule)
            if level and level != diag.severity:
                diag = Diagnostic(diag.path, diag.line, diag.column, diag.rule, level,
                                  diag.message, diag.fix)  # fmt: skip
        diagnostics.append(diag)
    diagnostics.sort(key=lambda d: d.sort_key)
    skipped = sorted(erroneous)
    return Analysis(today, results, diagnostics, usable, skipped)


def check_journal(root: Path, config: Config, today: date, progress=None) -> Analysis:
    """Read the whole journal (through the cache) and analyse it."""
    from .loader import load_journal

    return analyse(load_journal(root, config, progress=progress), config, today)


__all__ = ["Analysis", "RULES", "analyse", "check_journal"]
