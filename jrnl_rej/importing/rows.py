"""One row of a file to import, made into the values of an application file (or a problem)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..core.model import DATE_FIELDS, KINDS
from .presets import (
    FIRST_DATE,
    IGNORE,
    LAST_DATE,
    LEAVE_OUT,
    NOT_APPLIED,
    NOTES,
    STAGE,
    STAGE_DATE,
    Preset,
)  # fmt: skip

_TIME_RE = re.compile(r"^(.*?\d)(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?)$")
_ONE_LINE = ("company", "role", "source", "url", "contact")
_STAGES = ("screen", "hiring_manager", "final_round", "offer")


class RowProblem(Exception):
    """A row that cannot become an application: the column it is about, and why."""

    def __init__(self, reason: str, column: str | None = None, not_applied: bool = False):
        super().__init__(reason)
        self.reason, self.column, self.not_applied = reason, column, not_applied


@dataclass
class Candidate:
    """What a row becomes: the fields of its file, where each came from, and the notes."""

    number: int
    fields: dict = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # field -> the column it came from
    notes: list[tuple[str, str]] = field(default_factory=list)  # (label, text) for the body


def read_date(text: str, date_order: str | None) -> date:
    """A cell's date: ISO, ISO with a time (`2026-10-02 14:30:00`, `...T14:30:00Z`), the
    other absolute forms of SPEC §2, or LinkedIn's `8/15/26, 10:05 AM`. Raises ValueError."""
    from ..core import dates

    text = text.strip()
    reading = dates.read_text(text, date_order)
    if reading.value is None and reading.kind != dates.RELATIVE:
        match = _TIME_RE.match(text)
        if match:
            reading = dates.read_text(match.group(1), date_order)
    if reading.value is None:
        raise ValueError(reading.problem or f"{text!r} is not a date")
    return reading.value


def clean_cell(value, preset: Preset):
    """A cell's text, stripped; '' for the preset's empty marks (Huntr's `-`). A leading `'`
    that jrnl-rej export put before `=`, `+` or `@` (after any other `'`s) (so that a spreadsheet shows the text
    rather than running it as a formula) is taken off."""
    if isinstance(value, list):
        return [v for v in (clean_cell(item, preset) for item in value) if v]
    if value is None or isinstance(value, bool) and not value:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if text in preset.empty:
        return ""
    if text[:1] == "'" and text.lstrip("'")[:1] in ("=", "+", "@"):
        text = text[1:]
    return text


def _items(value, split_commas: bool) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    parts = re.split(r"[;\n]", value)
    if len(parts) == 1 and split_commas:
        parts = value.split(",")
    return [p.strip() for p in parts if p.strip()]


def make_candidate(number: int, cells: dict, targets: dict[str, str], preset: Preset,
                   date_order: str | None, keep_all: bool) -> Candidate:  # fmt: skip
    """The values of the application file a row becomes. Raises RowProblem."""
    order = preset.date_order or date_order
    cand = Candidate(number)
    fields, columns = cand.fields, cand.columns
    extra: dict[str, str] = {}  # STAGE, STAGE_DATE, LAST_DATE, FIRST_DATE values
    for column, raw in cells.items():
        value = clean_cell(raw, preset)
        if not value:
            continue
        target = targets.get(column)
        if target is None or target == NOTES or (target == LEAVE_OUT and keep_all):
            cand.notes.append((column, value if isinstance(value, str) else "; ".join(value)))
            continue
        if target in (IGNORE, LEAVE_OUT):
            continue
        if isinstance(value, list) and target not in ("tags", "check_ins"):
            value = "; ".join(value)
        columns[target] = column
        if target in (STAGE, STAGE_DATE, LAST_DATE, FIRST_DATE):
            extra[target] = value
        elif target in _ONE_LINE:
            fields[target] = " ".join(value.split())
        elif target == "feedback":
            fields[target] = value
        elif target == "tags":
            fields[target] = _items(value, True)
        elif target == "check_ins":
            fields[target] = sorted({_date(v, order, column) for v in _items(value, True)})
        elif target == "replied" and value.casefold() in ("no", "false", "n"):
            fields[target] = "no"
        elif target == "revisit" and value.casefold() == "never":
            fields[target] = "never"
        elif target == "status":
            extra[STAGE] = value
        elif target == "rejection":
            kind = norm_kind(value)
            if kind not in KINDS:
                raise RowProblem(f"{value!r} is not a kind of rejection (silent, form or "
                                 "post_interview)", column)  # fmt: skip
            fields[target] = kind
        elif target in DATE_FIELDS:
            fields[target] = _date(value, order, column)
    for name in ("company", "role"):
        if not fields.get(name):
            raise RowProblem(f"no {name}", _column_for(targets, name))
    _apply_stage(cand, extra, order, preset)
    if "applied" not in fields:
        if FIRST_DATE in extra:
            fields["applied"] = _date(extra[FIRST_DATE], order, columns[FIRST_DATE])
            columns["applied"] = columns[FIRST_DATE]
        else:
            raise RowProblem("no date it was applied on", _column_for(targets, "applied"))
    used = {columns[k] for k in fields if k in columns}
    for target in (FIRST_DATE, LAST_DATE, STAGE_DATE):  # a date that fed no field is kept too
        if target in extra and columns[target] not in used:
            cand.notes.append((columns[target], extra[target]))
    if preset.source and "source" not in fields:
        fields["source"] = preset.source
    return cand


def norm_kind(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().casefold())


def _date(text: str, order: str | None, column: str) -> date:
    try:
        return read_date(text, order)
    except ValueError as exc:
        raise RowProblem(str(exc), column) from None


def _column_for(targets: dict[str, str], name: str) -> str | None:
    return next((column for column, target in targets.items() if target == name), None)


def _apply_stage(cand: Candidate, extra: dict[str, str], order: str | None, preset: Preset) -> None:
    """The status word: `status`, the stage date it names (when the row has the day it got
    there), `rejected` and `rejection`. A word with no meaning here is kept in the body."""
    fields, columns = cand.fields, cand.columns
    word = extra.get(STAGE)
    if word is None:
        return
    outcome = preset.outcome(word)
    column = columns[STAGE]
    if outcome == NOT_APPLIED:
        raise RowProblem(word, column, not_applied=True)
    if outcome is None:
        cand.notes.append((column, word))
        return
    moved = _date(extra[STAGE_DATE], order, columns[STAGE_DATE]) if STAGE_DATE in extra else None
    fields["status"] = outcome.status
    if outcome.stage and outcome.stage not in fields:
        if moved is not None:
            fields[outcome.stage] = moved
            columns[outcome.stage] = columns[STAGE_DATE]
        elif outcome.stage != "offer" or outcome.status == "open":
            cand.notes.append((column, f"{word} (the export gives no date for it)"))
    if outcome.status == "rejected":
        if outcome.kind and "rejection" not in fields:
            fields["rejection"] = outcome.kind
        if "rejected" not in fields:
            day, where = _rejection_day(fields, extra, moved, order, columns)
            fields["rejected"] = day
            columns["rejected"] = where or column
            if where is None:
                cand.notes.append(("Rejected", "the export gives no date for the rejection; "
                                   "the latest date of the row was used"))  # fmt: skip


def _rejection_day(fields, extra, moved, order, columns) -> tuple[date, str | None]:
    if moved is not None:
        return moved, columns[STAGE_DATE]
    if LAST_DATE in extra:
        return _date(extra[LAST_DATE], order, columns[LAST_DATE]), columns[LAST_DATE]
    days = [fields[k] for k in ("applied", *_STAGES) if isinstance(fields.get(k), date)]
    if not days and FIRST_DATE in extra:
        days = [_date(extra[FIRST_DATE], order, columns[FIRST_DATE])]
    if not days:
        raise RowProblem("rejected, but the row has no date", columns.get(STAGE))
    return max(days), None


def flatten_jobhound(item: dict) -> dict:
    """A jobhound opportunity as cells: the first contact's name and the posting link become
    `contact` and `url`; the other contacts and links, and its other values, stay as text."""
    cells: dict = {}
    for key, value in item.items():
        if key in ("computed", "path") or (key == "archived" and not value):
            continue
        if key == "contacts" and isinstance(value, list):
            people = [c for c in value if isinstance(c, dict) and c.get("name")]
            if people:
                cells["contact"] = str(people[0]["name"])
                described = [_person(c) for c in people]
                if len(people) > 1 or described[0] != str(people[0]["name"]):
                    cells["contacts"] = "; ".join(described)
            continue
        if key == "links" and isinstance(value, dict):
            links = {str(k): str(v) for k, v in value.items() if v}
            first = next((k for k in ("posting", "job", "url", "listing") if k in links), None)
            first = first or next(iter(links), None)
            if first is not None:
                cells["url"] = links.pop(first)
            if links:
                cells["links"] = "; ".join(f"{k}: {v}" for k, v in links.items())
            continue
        cells[key] = flatten_value(value)
    return cells


def _person(contact: dict) -> str:
    more = ", ".join(str(contact[k]) for k in ("role", "channel") if contact.get(k))
    return f"{contact['name']} ({more})" if more else str(contact["name"])


def flatten_value(value):
    """A JSON value as a cell: lists of scalars stay lists (tags, check_ins), the rest text."""
    if isinstance(value, list):
        if all(not isinstance(v, (list, dict)) for v in value):
            return [str(v) for v in value if v is not None]
        return "; ".join(str(flatten_value(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {flatten_value(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if value is True:
        return "yes"
    return "" if value is None else str(value)
