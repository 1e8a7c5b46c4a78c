"""What every command works with: the journal root, its config and the reference date.

Only the command line builds a Session (it alone reads the clock and the
environment); everything below takes the values it holds.
"""

from __future__ import annotations

import os
import sys
from datetime import date

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from ..core.config import Config
    from ..core.model import Analysis


def parse_today(text: str, source: str = "--today") -> date:
    """--today (or JRNL_REJ_TODAY, named by `source`): YYYY-MM-DD, or words such as
    'yesterday'. Raises JrnlError naming where the value came from."""
    from ..core.errors import JrnlError
    from ..core.years import FIRST_YEAR, LAST_YEAR, plausible

    if not text.strip():
        raise JrnlError(f"{source} is empty: give a date such as 2026-11-25 or 'yesterday', "
                        "or leave it out for today's date")  # fmt: skip
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        from ..core.dates import parse_when

        try:
            day = parse_when(text, date.today())
        except ValueError as exc:
            raise JrnlError(f"{source}: {exc}") from None
    if not plausible(day):
        raise JrnlError(f"{source}: {day} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    return day


def resolve_today(today_text: str | None) -> date:
    """The reference date of a command: --today as given (an empty one is an error), else
    JRNL_REJ_TODAY when set and not empty, else the local date. The command line alone
    calls this: it is where the clock is read."""
    if today_text is not None:
        return parse_today(today_text, "--today")
    text = os.environ.get("JRNL_REJ_TODAY")
    if text:
        return parse_today(text, "JRNL_REJ_TODAY")
    return date.today()


def journal_root(journal: str | None, file: str | None = None) -> str:
    """The journal folder, absolute: --journal as given, else the nearest folder at or above
    `file` (a FILE the command was given) that holds jrnl-rej.toml, else the nearest one at
    or above the current folder (SPEC §1). Raises JrnlError when there is none, or the
    folder cannot be read."""
    from ..core.config import CONFIG_NAME, find_config_root
    from ..core.errors import JrnlError

    if journal is not None:
        if not os.path.isdir(journal or "."):  # "" is the current folder, as for pathlib
            raise JrnlError(f"--journal {journal}: no such folder")
        root = os.path.abspath(journal)
    else:
        found = None
        if file:
            found = find_config_root(os.path.dirname(os.path.abspath(file)))
        root = found or find_config_root(os.getcwd())
        if root is None:
            raise JrnlError(
                f"no journal here: no {CONFIG_NAME} in this folder or above it. "
                "Run `jrnl-rej init` to make this folder a journal, or pass --journal DIR"
            )
    try:
        os.listdir(root)
    except OSError as exc:
        raise JrnlError(f"cannot read the journal folder {root}: {exc.strerror}") from None
    return root


def open_session(journal: str | None, today_text: str | None, file: str | None = None,
                 remembered: bool = False) -> Session:  # fmt: skip
    """The Session of a command, from --journal and --today as given (None when not given),
    and the FILE it was given, if any (the journal is found from it). Raises JrnlError for
    a journal or config with a problem, or no journal found. `remembered`: the command will
    analyse the journal, so read the last check's memo now; when jrnl-rej.toml holds the
    bytes that check read, its config is the memo's (no TOML parser to load)."""
    from pathlib import Path

    from ..core.config import from_source, read_source

    today = resolve_today(today_text)
    root = journal_root(journal, file)
    source = read_source(root)
    if not remembered:
        return Session(root=Path(root), config=from_source(source), today=today)
    from ..journal import memo

    stored = memo.read(root)
    session = Session(root=Path(root), config=memo.config_for(stored, source) or from_source(source), today=today)
    session.stored = stored
    return session


class Session:
    """A plain class, not a dataclass: see diagnostics.py."""

    __slots__ = ("root", "config", "today", "_analysis", "stored")

    def __init__(self, root: Path, config: Config, today: date):
        self.root = root
        self.config = config
        self.today = today
        self._analysis: Analysis | None = None
        self.stored: tuple | None | bool = False  # the memo as read (memo.read), False when not read yet

    def __repr__(self) -> str:
        return f"Session(root={self.root!r}, config={self.config!r}, today={self.today!r})"

    def analyse(self, progress: bool = False) -> Analysis:
        """The journal checked once per command (re-read after fixes with refresh())."""
        if self._analysis is None:
            from ..journal.memo import check_journal

            stored, self.stored = self.stored, False  # read once: a second analysis reads it anew
            self._analysis = with_progress(progress, check_journal, self.root, self.config, self.today,
                                           stored=stored)  # fmt: skip
        return self._analysis

    def check(self, progress: bool = False):
        """What `check` prints (journal.memo.Findings): the full analysis when this command already
        made one, else the quickest way to the same findings."""
        from ..journal.memo import Findings, journal_check

        if self._analysis is not None:
            analysis = self._analysis
            return Findings([r.application.path for r in analysis.results], analysis.diagnostics)
        return with_progress(progress, journal_check, self.root, self.config, self.today)

    def refresh(self) -> Analysis:
        self._analysis = None
        return self.analyse()

    def path_of(self, relpath: str) -> Path:
        return self.root / relpath

    def shown(self, relpath: str) -> str:
        """A journal file as text output names it: from the current folder (SPEC §1)."""
        from ..core.shell import shown_path

        return shown_path(self.root, relpath)

    def command_path(self, relpath: str) -> str:
        """A journal file as a suggested command names it: from the current folder, quoted."""
        from ..core.shell import command_path

        return command_path(self.root, relpath)

    def resolve_file(self, file: str) -> tuple[Path, str]:
        """A file named on the command line, looked up from the current folder, then from the
        journal root; with the name commands print (relative to the root when inside it)."""
        from pathlib import Path

        from ..core.errors import JrnlError
        from ..journal.writer import is_inside

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


def with_progress(progress: bool, work, *args, **kwargs):
    """work(*args, progress=reporter, **kwargs): with a progress bar when asked and on a terminal."""
    reporter = progress_reporter() if progress else None
    try:
        return work(*args, progress=reporter, **kwargs)
    finally:
        if reporter is not None:
            reporter.close()


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
    """A progress bar when both stdout and stderr are a terminal that takes cursor escapes
    (never when piped, with TERM=dumb or CLICOLOR=0), else None."""
    from ..core.terminal import cursor_escapes

    return _Progress() if cursor_escapes(sys.stderr, sys.stdout) else None
