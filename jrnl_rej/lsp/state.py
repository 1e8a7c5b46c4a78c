"""What the language server knows of each journal: every file read once, open files read from
the editor's text, and the findings worked out again after each change as `watch` does
(rules/engine.py KeptFindings: a changed file is read again, the journal rules run again).

Nothing here imports pygls: positions are plain (line, UTF-16 column) pairs, 0-based.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from ..core.config import CONFIG_NAME, load
from ..core.errors import JrnlError
from ..journal.discover import is_application_path
from ..rules.engine import KeptFindings


def utf16_column(line_text: str, column: int) -> int:
    """The UTF-16 code units before `column` characters of `line_text` (an emoji counts 2)."""
    head = line_text[:column]
    return len(head) + sum(1 for ch in head if ord(ch) > 0xFFFF)


def char_column(line_text: str, units: int) -> int:
    """The character index that `units` UTF-16 code units into `line_text` reach."""
    count = 0
    for index, ch in enumerate(line_text):
        if count >= units:
            return index
        count += 2 if ord(ch) > 0xFFFF else 1
    return len(line_text)


def offset_to_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return line, utf16_column(text[start:], offset - start)


def position_to_offset(text: str, line: int, units: int) -> int:
    lines = text.split("\n")
    if line >= len(lines):
        return len(text)
    start = sum(len(part) + 1 for part in lines[:line])
    return start + char_column(lines[line], units)


def diagnostic_span(text: str, document, line: int, column: int) -> tuple[int, int]:
    """Character offsets of what a finding at 1-based (line, column) points at: the value
    read there when there is one, else the rest of that line's words."""
    if document is not None:
        for entry in document.entries.values():
            candidates = [entry.scalar] if entry.scalar is not None else list(entry.items)
            for scalar in candidates:
                if scalar is not None and (scalar.line, scalar.column) == (line, column):
                    if scalar.end > scalar.start:
                        return scalar.start, scalar.end
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return len(text), len(text)
    start_of_line = sum(len(part) + 1 for part in lines[: line - 1])
    body = lines[line - 1].rstrip("\r")
    col = min(max(column - 1, 0), len(body))
    end = len(body.rstrip())
    if end <= col:
        end = len(body)
    return start_of_line + col, start_of_line + max(end, col)


def journal_root_for(path: str, workspace: str | None) -> str | None:
    """The journal a file belongs to, found as for a FILE (§1): the nearest folder above it
    with jrnl-rej.toml; else the workspace folder when the file lies in it; else none."""
    folder = os.path.dirname(os.path.abspath(path))
    probe = folder
    while True:
        if os.path.isfile(os.path.join(probe, CONFIG_NAME)):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    if workspace:
        ws = os.path.abspath(workspace)
        if folder == ws or folder.startswith(ws + os.sep):
            return ws
    return None


class Journal:
    """One journal as the editor sees it."""

    def __init__(self, root: str, today: date):
        self.root = root
        self.today = today
        self.config_error: str | None = None
        self.config = self._load_config()
        self.results: dict[str, object] = {}
        self.open: dict[str, tuple[str, bool]] = {}  # relpath -> (editor text, bom)
        self.findings = KeptFindings()
        self.analysis = None
        self.loaded = False
        self._order: list[str] | None = None  # the paths of `results`, sorted (None: a file came or went)

    def _config_stamp(self):
        try:
            info = os.stat(os.path.join(self.root, CONFIG_NAME))
        except OSError:
            return None
        return info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino

    def config_changed(self) -> bool:
        """Whether jrnl-rej.toml was saved, made or removed since it was last read (one stat)."""
        return self._config_stamp() != self.config_stamp

    def _load_config(self):
        self.config_stamp = self._config_stamp()
        try:
            config = load(Path(self.root))
            self.config_error = None
            return config
        except JrnlError as exc:
            self.config_error = str(exc)
            from ..core.config import Config

            return getattr(self, "config", None) or Config()

    def reload_config(self) -> None:
        self.config = self._load_config()
        self.loaded = False

    def relpath(self, path: str) -> str:
        return os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")

    def is_application(self, relpath: str) -> bool:
        if relpath.startswith("..") or not is_application_path(relpath, self.config):
            return False
        if self.config.plain_notes != "skip":
            return True
        from ..journal.notes import has_front_matter, is_plain_note  # a note is no application

        opened = self.open.get(relpath)
        if opened is not None:
            return has_front_matter(opened[0])
        return not is_plain_note(os.path.join(self.root, relpath))

    def _load_all(self) -> None:
        from ..journal.loader import load_journal

        self.results = {r.application.path: r for r in load_journal(Path(self.root), self.config)}
        self._order = None
        for relpath, (text, bom) in self.open.items():
            self._read_open(relpath, text, bom)
        self.loaded = True

    def _read_open(self, relpath: str, text: str, bom: bool) -> None:
        from ..reading.reader import read_text

        if self.is_application(relpath):
            if relpath not in self.results:
                self._order = None
            self.results[relpath] = read_text(relpath, text, bom, self.config.date_order)
        elif self.results.pop(relpath, None) is not None:  # no longer one (plain_notes = "skip", no front matter)
            self._order = None

    def set_text(self, relpath: str, text: str) -> None:
        """The editor's text for one file (open or changed): only it is read again."""
        bom = text.startswith("\ufeff")
        if bom:
            text = text[1:]
        self.open[relpath] = (text, bom)
        if self.loaded:
            self._read_open(relpath, text, bom)

    def close(self, relpath: str) -> None:
        """Back to the file on disk (or gone) once the editor closes it."""
        self.open.pop(relpath, None)
        if not self.loaded:
            return
        if not self.is_application(relpath):
            if self.results.pop(relpath, None) is not None:
                self._order = None
            return
        from ..journal.discover import read_file

        if os.path.isfile(os.path.join(self.root, relpath)):
            if relpath not in self.results:
                self._order = None
            self.results[relpath] = read_file(self.root, relpath, self.config)[0]
        elif self.results.pop(relpath, None) is not None:
            self._order = None

    def disk_changed(self, relpath: str) -> None:
        """A file changed on disk (didChangeWatchedFiles): read again unless the editor holds it."""
        if relpath in self.open:
            return
        self.close(relpath)

    def check(self):
        """Findings over the whole journal after the last change, per relpath."""
        if not self.loaded:
            self._load_all()
        if self._order is None:
            self._order = sorted(self.results)
        results = [self.results[p] for p in self._order]
        self.analysis = self.findings.analyse(results, self.config, self.today)
        per_file: dict[str, list] = {}
        for diag in self.analysis.diagnostics:
            per_file.setdefault(diag.path, []).append(diag)
        return per_file

    def document_of(self, relpath: str):
        result = self.results.get(relpath)
        return None if result is None else result.document

    def application_of(self, relpath: str):
        result = self.results.get(relpath)
        return None if result is None else result.application
