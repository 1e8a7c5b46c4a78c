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

_FILE_RULES = [r for r in iter_checks() if not r.needs_journal]
_JOURNAL_RULES = [r for r in iter_checks() if r.needs_journal]


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


def file_findings(result: ReadResult, config: Config, today: date) -> tuple[list[Diagnostic], bool]:
    """One file's own findings (from reading it, and the rules that look at it alone), as
    configured; and whether it has an error, which keeps it out of the journal rules.

    They depend on the file, the config and `today` only: a watcher keeps them per file.
    """
    app = result.application
    raw = list(result.diagnostics)
    erroneous = app.has_errors
    empty = Context(today, config, [])
    for rule in _FILE_RULES:
        for position, message, fix in rule.check(app, empty):
            raw.append(Diagnostic(app.path, position.line, position.column, rule.name,
                                  rule.severity, message, fix))  # fmt: skip
            if rule.severity == ERROR:  # built-in errors (date-order), not configured levels
                erroneous = True
    return configured(raw, app, config), erroneous


def journal_findings(usable: list[Application], config: Config, today: date) -> list[Diagnostic]:
    """What the rules that compare applications find, over the files without errors."""
    context = Context(today, config, usable)
    found: list[Diagnostic] = []
    for app in usable:
        raw = [
            Diagnostic(app.path, position.line, position.column, rule.name, rule.severity, message, fix)
            for rule in _JOURNAL_RULES
            for position, message, fix in rule.check(app, context)
        ]
        if raw:
            found += configured(raw, app, config)
    return found


def analyse(results: list[ReadResult], config: Config, today: date) -> Analysis:
    """Run every rule over read files and stamp the findings with names and severities."""
    diagnostics: list[Diagnostic] = []
    usable: list[Application] = []
    skipped: list[str] = []
    for result in results:
        found, erroneous = file_findings(result, config, today)
        diagnostics += found
        if erroneous:
            skipped.append(result.application.path)
        else:
            usable.append(result.application)
    diagnostics += journal_findings(usable, config, today)
    diagnostics.sort(key=lambda d: d.sort_key)
    return Analysis(today, results, diagnostics, usable, sorted(skipped))


def check_journal(root: Path, config: Config, today: date, progress=None) -> Analysis:
    """Read the whole journal (through the cache) and analyse it."""
    from .loader import load_journal

    return analyse(load_journal(root, config, progress=progress), config, today)


__all__ = ["Analysis", "RULES", "analyse", "check_journal", "configured", "file_findings", "journal_findings"]
