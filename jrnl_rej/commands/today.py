"""`jrnl-rej today`: what needs doing now, one item a line with the command that does it."""

from __future__ import annotations


def run(session, fmt: str = "text") -> int:
    """Print the to-do list (the index's "What needs doing now") as text or SPEC §10's JSON; exit 0."""
    import click

    from ..core.patterns import build_report
    from ..core.shell import Places
    from ..outputs.diagnostics import json_dumps
    from ..outputs.today import today_json, today_lines

    report = build_report(session.analyse(), session.config)
    places = Places(session.root)
    if fmt == "json":
        click.echo(json_dumps(today_json(report, places)))
    else:
        click.echo("\n".join(today_lines(report, places)))
    return 0
