"""`jrnl-rej export`: every application file without errors, sorted by path."""

from __future__ import annotations


def run(session, fmt: str, output: str | None, out, err) -> int:
    from ..core.text import clean
    from ..outputs.export import export_csv, export_json

    analysis = session.analyse()
    apps = sorted(analysis.usable, key=lambda app: app.path)
    if fmt == "json":
        from ..outputs.diagnostics import json_dumps

        text = json_dumps(export_json(apps)) + "\n"
    else:
        text = export_csv(apps)
    for path in analysis.skipped:
        err.write(f"left out (it has errors; see jrnl-rej check): {clean(session.shown(path))}\n")
    if output is None:
        out.write(text)
        return 0
    from ..journal.writer import write_atomic

    write_atomic(output, text.encode("utf-8"))
    err.write(f"exported {len(apps)} application{'s' if len(apps) != 1 else ''} to {clean(output)}\n")
    return 0
