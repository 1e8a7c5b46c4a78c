"""A file to import, as rows of cells: decoding, the CSV dialect, JSON exports."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from ..core.errors import JrnlError

csv.field_size_limit(16 * 1024 * 1024)  # a long job description in one cell is fine


@dataclass
class Table:
    """Rows of one file. `kind` is "csv" (cells by column name), "jobhound" or "json"
    (one object per row). `rows` holds (row number, cells); for a CSV the header is row 1,
    as a spreadsheet numbers it."""

    name: str
    kind: str
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict]] = field(default_factory=list)
    what: str = "row"  # how a problem names a row: "row 4", "opportunity 2"


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without a byte-order mark) or UTF-16 (as Excel saves "Unicode text")."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0] and data[2]:
        encoding = "utf-16-le"  # UTF-16 without a mark: every other byte of ASCII text is 0
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise JrnlError(f"{name}: not UTF-8 or UTF-16 text (byte {exc.start + 1}); save it "
                        'as "CSV UTF-8" and import it again') from None  # fmt: skip


def read_table(data: bytes, name: str) -> Table:
    """The rows of a CSV/TSV or JSON file; JrnlError (exit 2) when it is neither."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and \
            not (len(data) >= 4 and data[1:4:2] == b"\x00\x00"):  # fmt: skip
        raise JrnlError(f"{name}: a binary file, not CSV or JSON; in a spreadsheet, save it as "
                        '"CSV UTF-8" and import that')  # fmt: skip
    text = decode(data, name).lstrip("\ufeff")
    if not text.strip():
        raise JrnlError(f"{name}: the file is empty; nothing to import")
    if text.lstrip()[:1] in "{[":
        return _json_table(text, name)
    return _csv_table(text, name)


def _json_table(text: str, name: str) -> Table:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JrnlError(f"{name}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    if isinstance(data, dict) and isinstance(data.get("opportunities"), list):
        items, kind, what = data["opportunities"], "jobhound", "opportunity"
    elif isinstance(data, dict) and isinstance(data.get("applications"), list):
        items, kind, what = data["applications"], "json", "application"  # jrnl-rej export
    elif isinstance(data, list) and all(isinstance(item, dict) for item in data):
        items, kind, what = data, "json", "item"
    else:
        raise JrnlError(f"{name}: JSON, but not a format jrnl-rej knows (jobhound's export "
                        '{"opportunities": [...]}, or a list of objects); export it as CSV instead')  # fmt: skip
    rows = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            item = {"": item}
        rows.append((number, item))
    header = list(dict.fromkeys(key for _, item in rows for key in item))
    return Table(name, kind, header, rows, what)


def sniff_delimiter(first_line: str) -> str:
    """The delimiter of a header line: tab, semicolon, comma or pipe, whichever it has most of
    outside quotes (a comma when none)."""
    outside, quoted = [], False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(ch)
    counts = {d: outside.count(d) for d in ("\t", ";", ",", "|")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _csv_table(text: str, name: str) -> Table:
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first))
    header: list[str] | None = None
    rows: list[tuple[int, dict]] = []
    try:
        for number, cells in enumerate(reader, 1):
            if header is None:
                if any(c.strip() for c in cells):
                    header = _unique([c.strip() for c in cells])
                continue
            if not any(c.strip() for c in cells):
                continue  # an empty row (a trailing one, or a spacer)
            row = {column: value for column, value in zip(header, cells, strict=False)}
            for extra, value in enumerate(cells[len(header):], len(header) + 1):
                if value.strip():
                    row[f"column {extra}"] = value
            rows.append((number, row))
    except csv.Error as exc:
        raise JrnlError(f"{name}: not a CSV file this can read (line {reader.line_num}: {exc})") from None
    if header is None:
        raise JrnlError(f"{name}: no header row; the first row must name the columns")
    return Table(name, "csv", header, rows)


def _unique(columns: list[str]) -> list[str]:
    """Column names made unique (`Notes`, `Notes (2)`), an empty one named by its place."""
    seen: dict[str, int] = {}
    out = []
    for place, column in enumerate(columns, 1):
        column = column or f"column {place}"
        if column in seen:
            seen[column] += 1
            column = f"{column} ({seen[column]})"
        else:
            seen[column] = 1
        out.append(column)
    return out
