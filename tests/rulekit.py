"""Lint inline files without touching the disk: the helper every rule test uses."""

from __future__ import annotations

import textwrap
from datetime import date

from jrnl_rej.core.config import Config, parse
from jrnl_rej.reading.reader import read_bytes
from jrnl_rej.rules.engine import analyse

TODAY = date(2026, 11, 25)


def fm(text: str, body: str = "Notes.\n") -> str:
    """A file from dedented front-matter lines."""
    return "---\n" + textwrap.dedent(text).strip("\n") + "\n---\n" + body


def lint(files: dict[str, str | bytes], today: date = TODAY, config: dict | None = None):
    cfg = parse(config) if config is not None else Config()
    results = []
    for path in sorted(files):
        data = files[path]
        if isinstance(data, str):
            data = data.encode("utf-8")
        results.append(read_bytes(path, data, cfg.date_order))
    return analyse(results, cfg, today)


def found(files, today: date = TODAY, config=None, rule: str | None = None):
    """(path, line, column, rule) for every diagnostic, optionally of one rule."""
    return [
        (d.path, d.line, d.column, d.rule)
        for d in lint(files, today, config).diagnostics
        if rule is None or d.rule == rule
    ]


def rules_of(files, today: date = TODAY, config=None) -> set[str]:
    return {d.rule for d in lint(files, today, config).diagnostics}
