"""`jrnl-rej report`: print where the search stalls, as words or as JSON."""

from __future__ import annotations


def run_report(session, fmt: str = "markdown") -> int:
    """`jrnl-rej report`: print the report as Markdown or as the JSON object of the spec."""
    import click

    from ..core.patterns import build_report
    from ..outputs.diagnostics import json_dumps
    from ..outputs.report import report_json, report_markdown

    report = build_report(session.analyse(), session.config)
    if fmt == "json":
        click.echo(json_dumps(report_json(report)))
    else:
        from ..core.shell import Places

        click.echo(report_markdown(report, Places(session.root)), nl=False)
    return 0

