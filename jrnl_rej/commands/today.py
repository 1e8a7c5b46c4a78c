"""`jrnl-rej today`: what needs doing now, one item a line with the command that does it.

Fast enough for a shell's start-up file: when nothing changed since the last check, the
findings come from its memo (journal/memo.py's recall), as a warm `check` takes them, and
only the files the reminders are about are read again; otherwise the journal is checked
in full (check_journal, which leaves the memo for next time).
"""

from __future__ import annotations

from collections import namedtuple

# What outputs/today.py needs of a report: the day, the files left out, the to-do list.
ToDo = namedtuple("ToDo", "today skipped todo")


def run(session, fmt: str = "text", out=None) -> int:
    """Print the to-do list (the index's "What needs doing now") as text or SPEC §10's JSON
    to `out` (standard output); exit 0. The plain line (entry.py) runs this without click."""
    import sys

    from ..core.shell import Places
    from ..outputs.today import today_json, today_lines

    out = out or sys.stdout
    report = _recalled(session) or _checked(session)
    places = Places(session.root)
    if fmt == "json":
        from ..outputs.diagnostics import json_dumps

        out.write(json_dumps(today_json(report, places)) + "\n")
    else:
        out.write("\n".join(today_lines(report, places)) + "\n")
    out.flush()
    return 0


def _checked(session) -> ToDo:
    from ..core.patterns import build_report

    report = build_report(session.analyse(), session.config)
    return ToDo(report.today, report.skipped, report.todo)


def _recalled(session) -> ToDo | None:
    """The to-do list from the last check's findings, when they still hold; else None."""
    from ..core.todo import TODO_RULES, todo_items
    from ..journal import cache, memo
    from ..reading.reader import read_path

    root, config, today = session.root, session.config, session.today
    stored = memo.read(root) if session.stored is False else session.stored
    if stored is None:  # no memo: nothing to recall, and no walk to make for it
        return None
    found, remembered = memo.recall(root, config, today, stored)
    if remembered is None:
        return None
    diagnostics, skipped = remembered
    left_out = set(skipped)
    wanted = {d.path for d in diagnostics if d.rule in TODO_RULES and d.path not in left_out}
    try:
        store = cache.open_cache(root, config)
    except Exception:  # no usable cache folder: read the files themselves
        store = None
    stamps = dict(zip(found.paths, found.stamps, strict=True))
    by_path = {}
    for relpath in sorted(wanted):
        result = store.get(relpath, stamps[relpath]) if store is not None else None
        if result is None:
            result, _stat = read_path(root, relpath, config.date_order)
        app = result.application
        if app.has_errors:  # changed since the scan: check in full instead
            return None
        app.today = today
        by_path[relpath] = app
    return ToDo(today, tuple(sorted(skipped)), todo_items(diagnostics, by_path, config, today))
