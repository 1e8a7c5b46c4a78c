"""`jrnl-rej calendar [-o FILE]`: every due date of the journal as an iCalendar file."""

from __future__ import annotations

import click

from ..core.text import clean
from ..outputs.calendar import build_calendar, due_dates


def run(session, out: str | None) -> int:
    analysis = session.analyse()
    dues = due_dates(analysis, session.config)
    data = build_calendar(dues, session.today)
    if analysis.skipped:
        n = len(analysis.skipped)
        click.echo(f"Left out {n} file{'s' if n != 1 else ''} with errors; see jrnl-rej check.",
                   err=True)  # fmt: skip
    if out is None:
        click.echo(data, nl=False)
        return 0
    from ..journal.writer import write_atomic

    written = write_atomic(out, data)
    count = f"{len(dues)} event{'s' if len(dues) != 1 else ''}"
    if written:
        click.echo(f"Wrote {count} to {clean(out)}")
    else:
        click.echo(f"{clean(out)} is already up to date ({count})")
    return 0
