"""Splicing the generated section into the index file between its marker lines, leaving
every byte outside the markers exactly as it was."""

from __future__ import annotations

import os
from pathlib import Path

from jrnl_rej.core.errors import JrnlError
from jrnl_rej.journal.writer import read_regular, update_atomic

BEGIN = "<!-- jrnl-rej:begin -->"
END = "<!-- jrnl-rej:end -->"
NEW_FILE_HEADING = "# Job search\n\n"


class MarkerError(JrnlError):
    """The index file's marker lines are not exactly one begin followed by one end."""


def splice(old: bytes | None, section: str, name: str = "INDEX.md") -> bytes:
    """Return the index file with `section` between the markers: a new file when `old`
    is None, appended when there are no markers, replaced between them otherwise."""
    if BEGIN in section or END in section:
        raise ValueError("the generated section contains a jrnl-rej marker")
    if section and not section.endswith("\n"):
        section += "\n"
    section = section.replace("\r\n", "\n")
    if old is None:
        return (NEW_FILE_HEADING + BEGIN + "\n" + section + END + "\n").encode()

    text = _decode(old, name)
    pair = _find_pair(text, name)
    if pair is None:
        nl = "\r\n" if _mostly_crlf(text) else "\n"
        if text and text != "\ufeff":
            if not text.endswith("\n"):
                text += nl
            if not _ends_with_blank_line(text):
                text += nl
        block = BEGIN + nl + _with_newlines(section, nl) + END + nl
        return (text + block).encode()

    inner_start, inner_end = pair
    outside = text[:inner_start] + text[inner_end:]
    crlf = text[:inner_start].endswith("\r\n") or _mostly_crlf(outside)
    inner = _with_newlines(section, "\r\n" if crlf else "\n")
    # Encoding the decoded text gives back the original bytes (BOM included), so
    # everything outside [inner_start, inner_end) is unchanged.
    return (text[:inner_start] + inner + text[inner_end:]).encode()


def extract(old: bytes, name: str = "INDEX.md") -> str | None:
    """The current section between the markers with LF line endings; None without markers."""
    text = _decode(old, name)
    pair = _find_pair(text, name)
    if pair is None:
        return None
    return text[pair[0] : pair[1]].replace("\r\n", "\n")


def write_index(path: str | os.PathLike[str], section: str, name: str | None = None) -> bool:
    """Splice `section` into the index file at `path`; return whether the file was written."""
    name = name or Path(path).name
    # A compare-and-swap: a note saved outside the markers meanwhile is spliced into, never lost.
    return update_atomic(path, lambda old: splice(old, section, name))


def index_is_current(path: str | os.PathLike[str], section: str, name: str | None = None) -> bool:
    """Whether `write_index` would leave the file as it is (for `index --check`)."""
    name = name or Path(path).name
    old = _read(path)
    return old is not None and splice(old, section, name) == old


def _read(path: str | os.PathLike[str]) -> bytes | None:
    try:
        return read_regular(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise JrnlError(f"could not read {os.fspath(path)}: {exc.strerror or exc}") from exc


def _decode(old: bytes, name: str) -> str:
    # Plain "utf-8" (not "utf-8-sig") keeps a BOM as U+FEFF, so encoding the text
    # again reproduces the original bytes exactly.
    try:
        return old.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = old[: exc.start].count(b"\n") + 1
        raise JrnlError(f"{name}:{line}: {name} is not UTF-8 text; not touching it") from exc


def _find_pair(text: str, name: str) -> tuple[int, int] | None:
    """Offsets of what lies between the begin-marker line and the end-marker line, or
    None when there are no markers; MarkerError for any other arrangement."""
    begin = end = None  # (line number, offset) of each marker line found so far
    offset = 0
    # Split on "\n" only: str.splitlines also breaks on \x0b, \u2028 and others,
    # which would shift line numbers away from what editors show.
    for lineno, line in enumerate(text.split("\n"), start=1):
        stripped = line.removesuffix("\r").strip(" \t")
        if lineno == 1:
            stripped = stripped.removeprefix("\ufeff").strip(" \t")
        if stripped == BEGIN:
            if begin is not None:
                raise MarkerError(
                    f"{name}:{lineno}: a second begin marker; the first is on line "
                    f"{begin[0]}. Keep exactly one {BEGIN} line"
                )
            if end is not None:
                raise MarkerError(
                    f"{name}:{end[0]}: the end marker comes before the begin marker "
                    f"on line {lineno}; put {END} after it"
                )
            begin = (lineno, offset + len(line) + 1)  # the section starts after this line
        elif stripped == END:
            if end is not None:
                raise MarkerError(
                    f"{name}:{lineno}: a second end marker; the first is on line "
                    f"{end[0]}. Keep exactly one {END} line"
                )
            end = (lineno, offset)  # the section stops where this line starts
        offset += len(line) + 1
    if begin is None and end is None:
        return None
    if end is None:
        raise MarkerError(
            f"{name}:{begin[0]}: a begin marker with no end marker; add a line {END} after it"
        )
    if begin is None:
        raise MarkerError(
            f"{name}:{end[0]}: an end marker with no begin marker; add a line {BEGIN} before it"
        )
    return begin[1], end[1]


def _mostly_crlf(text: str) -> bool:
    crlf = text.count("\r\n")
    return crlf > text.count("\n") - crlf


def _ends_with_blank_line(text: str) -> bool:
    body = text.removesuffix("\n").removesuffix("\r")
    return body.removeprefix("\ufeff") == "" or body.endswith("\n")


def _with_newlines(section: str, nl: str) -> str:
    return section if nl == "\n" else section.replace("\n", nl)
