"""`jrnl-rej export`: every application as a CSV row or a JSON object (SPEC §9).

CSV: a header of every known field of SPEC §2, then `path`; lists (`check_ins`, `tags`)
are joined with `; `. A cell that a spreadsheet would run as a formula (starting with
`=`, `+` or `@`, after any `'`s) gets a leading `'`, which `jrnl-rej import` takes off again.
JSON: {"version": 1, "applications": [...]}, dates as ISO text, absent fields left out.
"""

from __future__ import annotations

from datetime import date

from ..core.model import KNOWN_FIELDS

COLUMNS = (*KNOWN_FIELDS, "path")
_LISTS = ("check_ins", "tags")


def values(app) -> dict:
    """The fields an application file gives, as JSON values, absent ones left out."""
    out: dict = {"path": app.path}
    for key in KNOWN_FIELDS:
        value = getattr(app, key, None)
        if key in _LISTS:
            if value:
                out[key] = [v.isoformat() if isinstance(v, date) else v for v in value]
            continue
        if key == "status" or value is None or value == "":
            if key == "status" and value:
                out[key] = value
            continue
        out[key] = value.isoformat() if isinstance(value, date) else value
    return out


def export_json(apps) -> dict:
    return {"version": 1, "applications": [values(app) for app in apps]}


def export_csv(apps) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for app in apps:
        row = values(app)
        writer.writerow([_cell(row.get(column)) for column in COLUMNS])
    return buffer.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    text = str(value)
    if text.lstrip("'")[:1] in ("=", "+", "@"):
        return "'" + text
    return text
