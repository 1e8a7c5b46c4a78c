"""`check --fix` and `--unsafe-fixes`: apply the fixes the rules offer, touching nothing else.

Safe fixes rewrite a date as YYYY-MM-DD. Unsafe ones change what a file says:
closing a silent application (`stale-silent`) and writing the day a relative
date means today (`relative-date`, resolved against --today).

Each file is read again from disk and checked again before it is changed, so
the offsets are those of the file as it is now. Span edits are applied from
the end backwards; key changes go through `edit.set_key`. The file is checked
again after each pass, until nothing fixable is left (at most ten passes), and
written once, atomically, only when its bytes changed. A second run finds
nothing to do and writes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..core.diagnostics import ERROR, Diagnostic, Edit, Fix
from ..core.errors import JrnlError
from ..core.model import KNOWN_FIELDS
from ..reading.document import decode
from ..reading.nodes import Document, Scalar, replace_end
from ..reading.reader import read_text
from .edit import EditError, encode, set_keys
from .spans import apply_spans

MAX_PASSES = 10
_FIELD_ORDER = {name: index for index, name in enumerate(KNOWN_FIELDS)}


@dataclass
class FixOutcome:
    paths: list[str] = field(default_factory=list)  # files written, relative to the root
    count: int = 0  # diagnostics fixed
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (relative path, why) not fixed
    failed: list[tuple[str, str]] = field(default_factory=list)  # (relative path, why) could not be written
    left: list[tuple[str, str]] = field(default_factory=list)  # (relative path, why) one fix left out


def relative_date_fix(diag: Diagnostic, document: Document | None, today: date,
                      date_order: str | None) -> Fix | None:  # fmt: skip
    """The unsafe fix of a `relative-date` diagnostic: the day the words mean, seen from `today`.

    None when the words cannot be read as a day, or mean a day after `today`
    (only `revisit` may lie ahead).
    """
    from ..core.dates import parse_when

    if document is None:
        return None
    found = _scalar_at(document, diag.line, diag.column)
    if found is None:
        return None
    key, scalar = found
    try:
        day = parse_when(scalar.raw, today, date_order)
    except ValueError:
        return None
    if day > today and key != "revisit":
        return None
    iso = day.isoformat()
    return Fix(False, (Edit(scalar.start, replace_end(document.text, scalar), iso),),
               description=f"write {key} {scalar.raw.strip()!r} as {iso}")  # fmt: skip


def _scalar_at(document: Document, line: int, column: int) -> tuple[str, Scalar] | None:
    for key, entry in document.entries.items():
        candidates = [entry.scalar] if entry.scalar is not None else entry.items
        for scalar in candidates:
            if scalar is not None and (scalar.line, scalar.column) == (line, column):
                return key, scalar
    return None


def with_fix(diag: Diagnostic, document, today: date, date_order) -> Diagnostic:
    """`diag` with the fix `check --fix` would make (public: the language server offers it).

    The reader cannot know today: its relative-date finding carries no fix, or one
    without edits that only marks it fixable. The edit is worked out here."""
    if diag.rule == "relative-date" and (diag.fix is None or not (diag.fix.edits or diag.fix.changes)):
        fix = relative_date_fix(diag, document, today, date_order)
        if fix is not None:
            return Diagnostic(diag.path, diag.line, diag.column, diag.rule, diag.severity,
                              diag.message, fix)  # fmt: skip
    return diag


def _wanted(diag: Diagnostic, unsafe: bool, keep) -> bool:
    return diag.fix is not None and (diag.fix.safe or unsafe) and keep(diag)


def _findings(relpath: str, text: str, bom: bool, session) -> tuple[list, bool]:
    """Every diagnostic of one file's current text (fixes worked out), and whether it has errors."""
    from ..rules.engine import analyse

    result = read_text(relpath, text, bom, session.config.date_order)
    analysis = analyse([result], session.config, session.today)
    found = [with_fix(d, result.document, session.today, session.config.date_order)
             for d in analysis.diagnostics]  # fmt: skip
    return found, bool(analysis.skipped)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] == b[0] or (a[0] < b[1] and b[0] < a[1])


def _disjoint(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics whose span edits do not overlap, latest first; the rest wait a pass."""
    chosen: list[Diagnostic] = []
    taken: list[tuple[int, int]] = []
    for diag in sorted(diagnostics, key=lambda d: -min(e.start for e in d.fix.edits)):
        spans = [(e.start, e.end) for e in diag.fix.edits]
        if any(_overlap(span, other) for span in spans for other in taken):
            continue  # the next pass picks it up, with fresh offsets
        taken.extend(spans)
        chosen.append(diag)
    return chosen


def _apply(text: str, chosen: list[Diagnostic]) -> str:
    """The text with the chosen fixes made: span edits (checked, spans.apply_spans), or one
    diagnostic's key changes (edit.set_keys). EditError when the result is not safe."""
    if chosen[0].fix.edits:
        return apply_spans(text, [e for diag in chosen for e in diag.fix.edits])
    changes = sorted(chosen[0].fix.changes, key=lambda kv: _FIELD_ORDER.get(kv[0], len(_FIELD_ORDER)))
    return set_keys(text, changes)


def _new_errors(before: list[Diagnostic], after: list[Diagnostic]) -> list[Diagnostic]:
    """Errors in `after` of a rule that has more errors than in `before`: what a fix broke."""
    counts = Counter(d.rule for d in before if d.severity == ERROR)
    grown = Counter(d.rule for d in after if d.severity == ERROR) - counts
    return [d for d in after if d.severity == ERROR and grown[d.rule]]


def fix_text(relpath: str, text: str, bom: bool, session, unsafe: bool, keep,
              notes: list[str] | None = None) -> tuple[str, int]:  # fmt: skip
    """The file's text with every wanted fix applied, and how many diagnostics were fixed.

    Public: `check --fix` runs it on the file's bytes, the language server on the editor's
    text (nothing is written here). `keep(diagnostic)` picks the findings to fix.

    A fix whose result would hold a new error (`last friday` written as a day before
    `applied`) is not a fix: it is left out, and `notes` gets a line saying so. A fix that
    cannot be made safely (edit.EditError) raises JrnlError: nothing in the file changes.
    """
    original_body = _body(text)
    refused: set[tuple[str, str]] = set()
    fixed = 0
    found, has_errors = _findings(relpath, text, bom, session)
    for _ in range(MAX_PASSES):
        wanted = [d for d in found if _wanted(d, unsafe, keep) and (d.rule, d.message) not in refused]
        with_edits = [d for d in wanted if d.fix.edits]
        # Spans first: a date written another way changes what later rules see. Key changes
        # only once the file reads cleanly: closing an application on half-read dates could
        # close it on the wrong day.
        if with_edits:
            chosen = _disjoint(with_edits)
        else:
            chosen = [d for d in wanted if d.fix.changes][:1] if not has_errors else []
        if not chosen:
            break
        new_text, new_found, new_errors = _attempt(relpath, text, bom, session, found, chosen)
        if new_errors and len(chosen) > 1:
            # Which fix broke something? Each alone; the ones that do not are made together.
            alone = [d for d in chosen if not _attempt(relpath, text, bom, session, found, [d])[2]]
            for diag in chosen:
                if diag not in alone:
                    refused.add((diag.rule, diag.message))
                    _note(notes, diag, _attempt(relpath, text, bom, session, found, [diag])[2])
            if not alone:
                continue
            chosen = alone
            new_text, new_found, new_errors = _attempt(relpath, text, bom, session, found, chosen)
        if new_errors:
            for diag in chosen:
                refused.add((diag.rule, diag.message))
                _note(notes, diag, new_errors)
            continue
        if _body(new_text) != original_body:  # pragma: no cover - apply_spans and set_keys check it
            raise JrnlError(f"{relpath}: a fix would change the notes below the front matter; "
                            "nothing was written")  # fmt: skip
        if new_text == text:
            break
        fixed += len(chosen)
        text = new_text
        found, has_errors = new_found
    return text, fixed


def _attempt(relpath, text, bom, session, found, chosen):
    """(new text, (findings, has errors) of it, errors it adds) for making the chosen fixes."""
    try:
        new_text = _apply(text, chosen)
    except EditError as exc:
        raise JrnlError(f"{relpath}: {exc}") from None
    new_found = _findings(relpath, new_text, bom, session)
    return new_text, new_found, _new_errors(found, new_found[0])


def _note(notes: list[str] | None, diag: Diagnostic, errors: list[Diagnostic]) -> None:
    if notes is None:
        return
    what = diag.fix.description or f"the {diag.rule} fix"
    why = errors[0].message if errors else "it would add an error"
    rule = errors[0].rule if errors else diag.rule
    notes.append(f"did not {what}: it would make a new error ({rule}: {why}); "
                 "fix it by hand")  # fmt: skip


def _body(text: str) -> str | None:
    from ..reading.document import read_document

    doc, _ = read_document(text)
    return None if doc is None else text[doc.body_start :]


def apply_fixes(session, analysis, unsafe: bool = False, keep=lambda diag: True) -> FixOutcome:
    """Fix what can be fixed in the journal; write each changed file once.

    `keep(diagnostic)` says which diagnostics the user asked about (rule
    selection, named files). Safe fixes always; unsafe ones with `unsafe`.
    Each file is read, fixed and written in one compare-and-swap (`writer.update_atomic`):
    a save made to it meanwhile is never overwritten (the fix is redone on it once, or
    the file is skipped). A file that cannot be fixed or written is listed in `skipped`
    with the reason; the other files are still fixed.
    """
    from .writer import ReadOnlyFile, WriteConflict, WriteError, update_atomic

    # Which files to look at; each is read again from disk below (the analysis may come
    # from the cache, without the text), and only what that fresh read finds is fixed.
    candidates: list[str] = []
    for diag in analysis.diagnostics:
        relative = unsafe and diag.rule == "relative-date" and keep(diag)
        if (relative or _wanted(diag, unsafe, keep)) and diag.path not in candidates:
            candidates.append(diag.path)

    outcome = FixOutcome()
    for relpath in candidates:
        counted: list[int] = []
        notes: list[str] = []

        def edit(old: bytes | None, relpath: str = relpath, counted: list[int] = counted,
                 notes: list[str] = notes) -> bytes | None:  # fmt: skip
            counted.clear()
            notes.clear()
            if old is None:
                return None  # gone since the check; the next check will say so
            try:
                text, bom = decode(old)
            except UnicodeDecodeError:
                return None  # the check reports it; nothing to fix
            new_text, count = fix_text(relpath, text, bom, session, unsafe, keep, notes)
            if new_text == text or not count:
                return None
            counted.append(count)
            return encode(new_text, bom)

        try:
            written = update_atomic(session.path_of(relpath), edit)
        except (WriteConflict, ReadOnlyFile) as exc:
            outcome.skipped.append((relpath, _reason(relpath, str(exc))))
            continue
        except WriteError as exc:  # the disk or the folder refused: exit 2 once the rest are done
            outcome.failed.append((relpath, _reason(relpath, str(exc))))
            continue
        except JrnlError as exc:
            outcome.skipped.append((relpath, _reason(relpath, str(exc))))
            continue
        outcome.left += [(relpath, note) for note in notes]
        if written:
            outcome.paths.append(relpath)
            outcome.count += counted[0]
    return outcome


def _reason(relpath: str, message: str) -> str:
    for prefix in (f"{relpath}: ",):
        message = message.removeprefix(prefix)
    return message
