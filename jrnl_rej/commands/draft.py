"""`jrnl-rej draft reply|feedback|reapply FILE`: print a first email, filled in from an application."""

from __future__ import annotations

import click

from ..core.errors import JrnlError
from ..core.text import clean
from ..journal.writer import read_regular
from ..outputs.drafts import NEXT_STEP, TEMPLATES, _notes, _quote, draft_values, fill, load_template


def run(session, template: str, file: str) -> int:
    """Print the draft for `file` (relative to the current folder or the journal root)."""
    if template not in TEMPLATES:
        raise JrnlError(f"unknown draft {template!r}; choose one of {', '.join(TEMPLATES)}")
    path, shown = session.resolve_file(file)
    try:
        data = read_regular(path)
    except OSError as exc:
        raise JrnlError(f"{file}: cannot read it: {exc.strerror or exc}") from None

    from ..core.diagnostics import ERROR
    from ..reading.reader import read_bytes
    from ..rules.engine import analyse

    result = read_bytes(shown, data, session.config.date_order)
    app = result.application
    # The file's own rules too (a date out of order is an error the reader alone misses).
    checked = analyse([result], session.config, session.today)
    problems = [d for d in checked.diagnostics if d.severity == ERROR]
    text = load_template(session.root, template)
    values = draft_values(app, session.today)
    body = fill(text, values)
    click.echo(body, nl=not body.endswith("\n"))

    for note in _notes(template, app, problems, text, values, session.shown(shown)):
        click.echo(note, err=True)
    company = app.company or "COMPANY"
    step = NEXT_STEP[template].format(path=session.command_path(shown), company=_quote(company))
    click.echo(clean(step), err=True)
    return 0
