"""`jrnl-rej import FILE`: application files from a spreadsheet or another tracker's export.

Each row becomes a file made as `new` makes one (commands/new.py), written through the
one atomic writer. A row already in the journal (same url, or same company, role and
applied date) is skipped, so importing a file twice creates nothing the second time; a
row that cannot become an application is reported with its number, and the rest go in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import JrnlError

FORMATS = ("auto", "csv", "linkedin", "huntr", "jobhound")


@dataclass
class Options:
    file: str
    source_format: str = "auto"  # auto | csv | linkedin | huntr | jobhound
    maps: tuple[str, ...] = ()  # COLUMN=FIELD
    dry_run: bool = False
    keep_all: bool = False


@dataclass
class Outcome:
    created: list[str] = field(default_factory=list)  # journal-relative names
    already: list[int] = field(default_factory=list)  # row numbers
    not_applied: list[tuple[int, str]] = field(default_factory=list)
    problems: list[tuple[int, str | None, str]] = field(default_factory=list)  # row, column, reason


def run(session, options: Options, out, err) -> int:
    """Import the file; print what was (or, with --dry-run, would be) created. Exit 0 when
    the file could be read, problem rows or not; JrnlError (exit 2) when it could not."""
    from ..importing.presets import JOBHOUND, PRESETS, column_targets, recognise
    from ..importing.rows import flatten_jobhound, flatten_value
    from ..importing.tables import read_table
    from ..journal.writer import read_regular

    if options.source_format not in FORMATS:  # checked here, not by click: one line, not a usage page
        raise JrnlError(f"--from {options.source_format}: not a format jrnl-rej knows; "
                        f"use one of {', '.join(FORMATS)} (auto recognises the file)")  # fmt: skip
    shown = options.file
    try:
        data = read_regular(options.file)
    except FileNotFoundError:
        raise JrnlError(f"{shown}: no such file") from None
    except OSError as exc:
        raise JrnlError(f"cannot read {shown}: {exc.strerror or exc}") from None
    name = os.path.basename(options.file)
    table = read_table(data, name)
    if table.kind == "jobhound":
        if options.source_format not in ("auto", "jobhound"):
            raise JrnlError(f"{name}: this is jobhound's export, not {options.source_format}; "
                            "use --from jobhound (or leave --from out)")  # fmt: skip
        preset = JOBHOUND
        table.rows = [(n, flatten_jobhound(item)) for n, item in table.rows]
        table.header = list(dict.fromkeys(k for _, cells in table.rows for k in cells))
    else:
        if options.source_format == "jobhound":
            raise JrnlError(f'{name}: not jobhound\'s export (a JSON file with "opportunities")')
        if table.kind == "json":
            table.rows = [(n, {k: flatten_value(v) for k, v in item.items()}) for n, item in table.rows]
        preset = recognise(table.header) if options.source_format == "auto" else PRESETS[options.source_format]
    chosen = parse_maps(options.maps, table.header)
    targets = column_targets(preset, table.header, chosen)
    _require_columns(targets, table.header, name)

    result, planned = plan(session, table, preset, targets, options.keep_all)
    if not options.dry_run:
        try:
            _create_all(session, planned, result.created)
        except KeyboardInterrupt:  # between two batches, or while one is written: whole files only
            _stopped(session, result.created, len(planned), out)
            raise  # exit 130, as any command stopped by Ctrl-C
        except JrnlError:  # a write failed: say what was made before it
            _print(session, result, name, table, preset, False, out)
            raise
    else:
        result.created = [relpath for relpath, _ in planned]
    _print(session, result, name, table, preset, options.dry_run, out)
    return 0


def parse_maps(maps: tuple[str, ...], header: list[str]) -> dict[str, str]:
    """--map COLUMN=FIELD, as {column as the header writes it: target}. JrnlError on an
    unknown field or a column the file does not have."""
    from ..core.text import edit_distance
    from ..importing.presets import TARGETS, norm

    chosen: dict[str, str] = {}
    by_norm = {norm(column): column for column in header}
    for item in maps:
        column, sep, target = item.rpartition("=")
        if not sep or not column.strip():
            raise JrnlError(f"--map {item}: write it as COLUMN=FIELD, e.g. --map 'Employer=company'")
        target = target.strip().casefold().replace("-", "_")
        if target == "jrnl_rej_ignore" or target not in TARGETS:
            closest = min(TARGETS, key=lambda t: edit_distance(t, target, 99))
            raise JrnlError(f"--map {item}: {target!r} is not a field; did you mean {closest}? "
                            f"Fields: {', '.join(TARGETS)}")  # fmt: skip
        found = column.strip() if column.strip() in header else by_norm.get(norm(column))
        if found is None:
            raise JrnlError(f"--map {item}: the file has no column {column.strip()!r}; "
                            f"its columns: {', '.join(header)}")  # fmt: skip
        chosen[found] = target
    return chosen


def _require_columns(targets: dict[str, str], header: list[str], name: str) -> None:
    from ..importing.presets import FIRST_DATE

    fed = set(targets.values())
    missing = [f for f in ("company", "role") if f not in fed]
    if "applied" not in fed and FIRST_DATE not in fed:
        missing.append("applied")
    if missing:
        field_name = missing[0]
        raise JrnlError(f"{name}: no column for {' or '.join(missing)}; name the column that "
                        f"holds it, e.g. --map 'COLUMN={field_name}' (the columns: "
                        f"{', '.join(header) or 'none'})")  # fmt: skip


def plan(session, table, preset, targets, keep_all: bool):
    """What each row becomes: (result without created files, [(name, text) to create])."""
    from ..core.text import same_key
    from ..importing.rows import RowProblem, make_candidate
    from ..reading.reader import read_text
    from ..rules.engine import file_findings
    from .new import application_text, file_name, fill_body, template_body

    result = Outcome()
    urls, triples = _known(session)
    taken = {name.casefold() for name in _files_in_root(session.root)}
    planned: list[tuple[str, str]] = []
    config, today = session.config, session.today
    empty = None
    template = template_body(session.root)
    for number, cells in table.rows:
        try:
            cand = make_candidate(number, cells, targets, preset, config.date_order, keep_all)
        except RowProblem as problem:
            if problem.not_applied:
                result.not_applied.append((number, problem.reason))
            else:
                result.problems.append((number, problem.column, problem.reason))
            continue
        f = cand.fields
        url_key = _url_key(f.get("url"))
        triple = (same_key(f["company"]), same_key(f["role"]), f["applied"])
        if (url_key and url_key in urls) or triple in triples:
            result.already.append(number)
            continue
        rest = {k: v for k, v in f.items() if k not in ("company", "role", "applied")}
        text = application_text(f["company"], f["role"], f["applied"], fields=rest, notes=_notes(cand, table),
                                body=fill_body(template, f["company"], f["role"], f["applied"]))  # fmt: skip
        relpath = _free_name(file_name(f["applied"], f["company"], f["role"]), taken)
        read = read_text(relpath, text, False, config.date_order)
        if empty is None:
            from ..rules.registry import Context

            empty = Context(today, config, [])
        found, erroneous = file_findings(read, config, today, empty)
        if erroneous:
            errors = [d for d in found if d.severity == "error"] or read.diagnostics
            column, reason = _explain(errors, text, cand) if errors else (None, "it would not read back")
            result.problems.append((number, column, reason))
            continue
        taken.add(relpath.casefold())
        if url_key:
            urls.add(url_key)
        triples.add(triple)
        planned.append((relpath, text))
    return result, planned


def _known(session) -> tuple[set[str], set[tuple]]:
    """The urls and (company, role, applied) of the applications already in the journal."""
    from ..core.text import same_key

    urls, triples = set(), set()
    for read in session.analyse().results:
        app = read.application
        if app.url:
            urls.add(_url_key(app.url))
        if app.company and app.role and app.applied:
            triples.add((same_key(app.company), same_key(app.role), app.applied))
    return urls, triples


def _url_key(url: str | None) -> str:
    return url.strip().rstrip("/").casefold() if url else ""


def _files_in_root(root: Path) -> list[str]:
    try:
        return os.listdir(root)
    except OSError:
        return []


def _free_name(name: str, taken: set[str]) -> str:
    """`name`, or `name-2.md`, `name-3.md` ... when a file (or a planned one) has it."""
    if name.casefold() not in taken:
        return name
    stem = name[:-3]
    n = 2
    while f"{stem}-{n}.md".casefold() in taken:
        n += 1
    return f"{stem}-{n}.md"


def _notes(cand, table) -> str:
    """The row's other columns, under a heading, so that nothing of it is lost."""
    if not cand.notes:
        return ""
    lines = ["## Imported", "", f"From {table.name}, {table.what} {cand.number}.", ""]
    long = []
    for label, text in cand.notes:
        label = " ".join(label.split())
        if "\n" in text:
            long.append((label, text))
        else:
            lines.append(f"- {label}: {text}")
    if len(lines) > 4:
        lines.append("")
    for label, text in long:
        lines += [f"### {label}", "", text.strip(), ""]
    return "\n".join(lines)


def _explain(errors, text: str, cand) -> tuple[str | None, str]:
    """The first error of a row's would-be file, as the column it came from and plain words."""
    error = errors[0]
    lines = text.split("\n")
    key = lines[error.line - 1].split(":", 1)[0] if 1 < error.line <= len(lines) else None
    return cand.columns.get(key) if key else None, error.message


def _create_all(session, planned: list[tuple[str, str]], created: list[str]) -> None:
    """Write the planned files in batches (journal/batch.py), adding each name to `created`
    as it is made; a name taken since the plan (another run, an editor) gets the next free
    one, one file at a time."""
    from ..journal.batch import create_new_files

    items = [(session.root / relpath, text.encode("utf-8")) for relpath, text in planned]
    made: list[int] = []
    try:
        taken = create_new_files(items, lambda path: session.shown(_rel(session, path)), made)
    finally:
        created[:] = [planned[index][0] for index in made]
    for index in taken:
        _create(session, *planned[index], created)


def _rel(session, path) -> str:
    return os.path.relpath(path, session.root).replace(os.sep, "/")


def _create(session, relpath: str, text: str, created: list[str]) -> None:
    """Write one new file (never over another) and add its name to `created`; a name taken
    since the plan gets the next free one. A Ctrl-C waits until the file is whole and
    counted, and is raised after it."""
    import signal

    from .new import create_file

    taken = {relpath.casefold()}
    held = signal.pthread_sigmask(signal.SIG_BLOCK, (signal.SIGINT,))
    try:
        while True:
            path = session.root / relpath
            try:
                create_file(path, text, session.shown(relpath))
                created.append(relpath)
                return
            except FileExistsError:
                taken.add(relpath.casefold())
                relpath = _free_name(relpath, taken)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _stopped(session, created: list[str], planned: int, out) -> None:
    """What an import stopped by Ctrl-C did: the files it wrote (each whole), and the way on."""
    from ..core.text import clean

    for relpath in created:
        out.write(f"created {clean(session.shown(relpath))}\n")
    out.write(f"Stopped by Ctrl-C: created {len(created)} of {planned} {_plural('file', planned)}, each"
              " one whole. Import the same file again to add the rest (rows already in the journal are"
              " skipped).\n")  # fmt: skip
    out.flush()


def _print(session, result: Outcome, name: str, table, preset, dry_run: bool, out) -> None:
    from ..core.text import clean

    verb = "would create" if dry_run else "created"
    for relpath in result.created:
        out.write(f"{verb} {clean(session.shown(relpath))}\n")
    if result.already:
        out.write(f"Already in the journal, skipped: {_rows(table, result.already)}\n")
    if result.not_applied:
        listed = ", ".join(f"{n} ({clean(word)})" for n, word in result.not_applied)
        out.write(f"Not applied yet, left out: {_plural(table.what, len(result.not_applied))} {listed}\n")
    for number, column, reason in result.problems:
        where = f", column {clean(column)!s}" if column else ""
        out.write(f"{clean(name)}, {table.what} {number}{where}: {clean(reason)}\n")
    total = len(table.rows)
    counts = [f"{len(result.created)} {'to create' if dry_run else 'created'}",
              f"{len(result.already)} already there"]  # fmt: skip
    if result.not_applied:
        counts.append(f"{len(result.not_applied)} not applied yet")
    counts.append(f"{len(result.problems)} with problems")
    out.write(f"{clean(name)} (read as {preset.title}): {total} {_plural(table.what, total)}, "
              f"{', '.join(counts)}.\n")  # fmt: skip
    if result.problems:
        out.write("Fix the rows with problems in the file and import it again: "
                  "what is already there is skipped.\n")  # fmt: skip
    if dry_run:
        out.write("Dry run: nothing was written. Run it again without --dry-run to import.\n")
    elif result.created:
        out.write("Next: jrnl-rej check\n")


def _rows(table, numbers: list[int]) -> str:
    """`rows 2, 5, 7-9`: three or more in a row as a range, so 10,000 rows stay one short line."""
    parts: list[str] = []
    run: list[int] = []
    for n in [*numbers, None]:
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            parts.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
        run = [n] if n is not None else []
    return f"{_plural(table.what, len(numbers))} {', '.join(parts)}"


def _plural(word: str, count: int) -> str:
    if count == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"
