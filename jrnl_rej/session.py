"""What every command works with: the journal root, its config and the reference date.

Only the command line builds a Session (it alone reads the clock and the
environment); everything below takes the values it holds.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .config import Config
from .lint import Analysis


@dataclass
class Session:
    root: Path
    config: Config
    today: date
    _analysis: Analysis | None = field(default=None, repr=False)

    def analyse(self, progress: bool = False) -> Analysis:
        """The journal checked once per command (re-read after fixes with refresh())."""
        if self._analysis is None:
            from .lint import check_journal

            reporter = progress_reporter() if progress else None
            try:
                self._analysis = check_journal(self.root, self.config, self.today, reporter)
            finally:
                if reporter is not None:
                    reporter.close()
        return self._analysis

    def refresh(self) -> Analysis:
        self._analysis = None
        return self.analyse()

    def path_of(self, relpath: str) -> Path:
        return self.root / relpath

    def resolve_file(self, file: str) -> tuple[Path, str]:
        """A file named on the command line, looked up from the current folder, then from the
        journal root; with the name commands print (relative to the root when inside it)."""
        import os

        from .errors import JrnlError
        from .writer import is_inside

        candidates = [Path(file)]
        if not os.path.isabs(file):
            candidates.append(self.root / file)
        for path in candidates:
            if path.is_file():
                if not is_inside(self.root, path):
                    raise JrnlError(f"{file}: not inside the journal {self.root}")
                real, root_real = os.path.realpath(path), os.path.realpath(self.root)
                return path, os.path.relpath(real, root_real).replace(os.sep, "/")
            if path.exists():
                raise JrnlError(f"{file}: not a file")
        raise JrnlError(f"{file}: no such file (looked in the current folder and in {self.root})")


class _Progress:
    """A progress bar on stderr for long cold runs; silent when short or not on a terminal."""

    def __init__(self):
        import time

        self.total = 0
        self.done = 0
        self.started = time.monotonic()
        self.shown = False
        self._time = time.monotonic
        self._last = 0.0

    def start(self, total: int) -> None:
        self.total = total

    def __call__(self, step: int = 1) -> None:
        self.done += step
        now = self._time()
        if now - self.started < 0.5 or now - self._last < 0.1:
            return
        self._last = now
        self.shown = True
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        sys.stderr.write(
            f"\r\x1b[2KReading {self.done}/{self.total} files [{'#' * filled}{'.' * (width - filled)}]"
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


def progress_reporter():
    """A progress bar when both stdout and stderr are a terminal (never when piped), else None."""
    try:
        on_terminal = sys.stderr.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        on_terminal = False
    return _Progress() if on_terminal else None
