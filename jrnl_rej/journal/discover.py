"""Finding the application files of a journal and reading them."""

from __future__ import annotations

import os
import time
from collections import namedtuple
from fnmatch import fnmatchcase
from functools import lru_cache
from operator import itemgetter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from ..core.config import Config
    from ..reading.reader import ReadResult


# The root's template folders are never read (SPEC §1): `templates/` holds draft overrides,
# `Templates/` is where Obsidian's Templates plugin keeps note templates (`{{date}}`).
TEMPLATE_FOLDERS = frozenset(("templates", "Templates"))


@lru_cache(maxsize=256)
def glob_parts(pattern: str) -> tuple[str, ...]:
    """A config glob as its '/'-separated parts, runs of '**' folded into one."""
    parts: list[str] = []
    for part in pattern.strip("/").split("/"):
        if part and not (part == "**" and parts and parts[-1] == "**"):
            parts.append(part)
    return tuple(parts)


def glob_matches(parts: tuple[str, ...], segments: list[str]) -> bool:
    """Whether the glob names the path or one of the folders it lies in.

    Matched part by part ('*' stays in one folder, '**' spans any number of them), keeping
    the set of places reachable in the glob: time grows with the product of the two
    lengths, never exponentially as a backtracking regex can with many '**'.
    """
    n = len(parts)

    def spread(states: set[int]) -> set[int]:
        out = set(states)
        for j in sorted(states):
            while j < n and parts[j] == "**":
                j += 1
                out.add(j)
        return out

    states = spread({0})
    for segment in segments:
        following = set()
        for j in states:
            if j == n:
                continue
            if parts[j] == "**":
                following.add(j)
            elif fnmatchcase(segment, parts[j]):
                following.add(j + 1)
        states = spread(following)
        if n in states:
            return True
        if not states:
            return False
    return False


def excluded(relpath: str, globs: tuple[str, ...]) -> bool:
    """Whether a glob names the path, or one of the folders it lies in."""
    if not globs:
        return False
    segments = relpath.split("/")
    return any(glob_matches(glob_parts(glob), segments) for glob in globs)


def is_application_path(relpath: str, config: Config) -> bool:
    """SPEC §1 applied to one '/'-separated path relative to the root."""
    if not relpath.endswith(".md"):
        return False
    parts = relpath.split("/")
    if relpath == config.index or parts[-1] == "README.md":
        return False
    if parts[0] in TEMPLATE_FOLDERS and len(parts) > 1:
        return False
    if any(p.startswith((".", "_")) for p in parts[:-1]):
        return False
    return not excluded(relpath, config.exclude)


def why_not_application(relpath: str, config: Config) -> str | None:
    """Why a '/'-separated path relative to the root is not an application file (SPEC §1),
    in words for a message; None when it is one."""
    parts = relpath.split("/")
    if relpath == config.index:
        return "it is the journal's index, which jrnl-rej writes"
    if parts[-1] == "README.md":
        return "a README.md is never an application"
    if not relpath.endswith(".md"):
        return "only .md files are applications"
    if parts[0] in TEMPLATE_FOLDERS and len(parts) > 1:
        return f"{parts[0]}/ holds templates, not applications"
    if any(p.startswith((".", "_")) for p in parts[:-1]):
        return "it is in a folder whose name starts with '.' or '_', which jrnl-rej skips"
    if excluded(relpath, config.exclude):
        return "'exclude' in jrnl-rej.toml leaves it out"
    return None


def discover(root: Path, config: Config) -> list[str]:
    """Every application file under root, as sorted relative paths.

    Symbolic links are followed only while they stay inside the journal and do
    not lead back into a folder already walked. A folder that cannot be listed is in the
    list too, as 'folder/' (reading it gives the error that says so: reader.read_path), so
    that its files are never left out without a word.
    """
    return [relpath for relpath, _ in discover_entries(root, config)]


def discover_entries(root: Path, config: Config) -> list[tuple[str, os.DirEntry]]:
    """discover(), with each file's directory entry: `entry.stat()` is the stat a cache needs,
    without building the path again."""
    root_real = os.path.realpath(root)
    found: list[tuple[str, os.DirEntry]] = []
    seen_dirs = {root_real}
    index, exclude = config.index, config.exclude

    def inside(real: str) -> bool:
        return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)

    stack: list[tuple[str, str, os.DirEntry | None]] = [("", str(root), None)]
    while stack:
        prefix, folder, itself = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            if itself is not None:  # a folder that cannot be listed (chmod 000) is named, never skipped
                found.append((prefix, itself))  # as 'folder/': reader.read_path says what is wrong
            continue
        for entry in entries:
            name = entry.name
            rel = prefix + name
            markdown = name.endswith(".md") and name != "README.md"
            try:
                if markdown and entry.is_file(follow_symlinks=False):  # from the listing, no stat: nearly all
                    wanted = True
                else:
                    is_link = entry.is_symlink()
                    if entry.is_dir():  # follows links
                        if name.startswith((".", "_")) or (not prefix and name in TEMPLATE_FOLDERS):
                            continue
                        if exclude and excluded(rel, exclude):
                            continue
                        real = os.path.realpath(entry.path)
                        if (is_link and not inside(real)) or real in seen_dirs:
                            continue
                        seen_dirs.add(real)
                        stack.append((rel + "/", entry.path, entry))
                        continue
                    # A link to a regular file inside the journal; not FIFOs, sockets, devices, broken links.
                    wanted = markdown and not (is_link and not inside(os.path.realpath(entry.path))) and entry.is_file()
            except OSError:
                continue
            # The folders walked are already neither hidden, nor '_', nor templates/:
            # what is left of SPEC §1 is the index and the exclude globs.
            if wanted and rel != index and not (exclude and excluded(rel, exclude)):
                found.append((rel, entry))
    if config.plain_notes == "skip":  # notes without front matter are not applications (SPEC §1)
        from .notes import is_plain_note

        found = [(rel, entry) for rel, entry in found if not is_plain_note(entry.path)]
    found.sort(key=itemgetter(0))
    return found


Stamp = tuple[int, int, int, int]  # mtime_ns, ctime_ns, size, inode


class Scan:
    """The journal's files and what tells us each one changed, from one walk.

    A plain class, not a named tuple: a scan made with stat=False gets its stamps later,
    in place, from take_stamps() or from the reads themselves (loader.py).
    """

    __slots__ = ("started_ns", "paths", "stamps", "entries")

    def __init__(self, started_ns: int, paths: list[str], stamps: list[Stamp | None],
                 entries: list[os.DirEntry] | None = None):  # fmt: skip
        self.started_ns = started_ns  # taken before any stat: what the racy-file rule measures against
        self.paths = paths
        self.stamps = stamps  # None where the file could not be stat'ed, or (see entries) not yet
        self.entries = entries  # each file's directory entry while its stamp is not taken yet; else None

    def __repr__(self) -> str:
        return f"Scan({len(self.paths)} files)"


def _stat(entry: os.DirEntry) -> os.stat_result | None:
    try:
        return entry.stat()
    except OSError:
        return None


def _stamps(entries: list[os.DirEntry]) -> list[Stamp | None]:
    try:
        infos = [entry.stat() for entry in entries]
    except OSError:  # a file gone since the listing, or unreadable: the reader will say why
        infos = [_stat(entry) for entry in entries]
    return [None if info is None else (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino) for info in infos]


def scan(root: Path, config: Config, stat: bool = True) -> Scan:
    """discover(), with a stamp for every file; or, with `stat` false, with the stamps left for
    later (take_stamps): a first check reads every file and takes each stamp as it reads it."""
    started_ns = time.time_ns()
    pairs = discover_entries(root, config)
    paths = [relpath for relpath, _ in pairs]
    entries = [entry for _, entry in pairs]
    if not stat:
        return Scan(started_ns, paths, [None] * len(paths), entries)
    return Scan(started_ns, paths, _stamps(entries))


def take_stamps(found: Scan) -> None:
    """Stat every file of a scan made with stat=False (a no-op once done)."""
    if found.entries is not None:
        found.stamps, found.entries = _stamps(found.entries), None


class FileStamp(namedtuple("FileStamp", "mtime_ns size inode")):
    """What tells us a file changed: its metadata at the time it was read."""

    __slots__ = ()
    mtime_ns: int
    size: int
    inode: int


def read_file(root: Path, relpath: str, config: Config) -> tuple[ReadResult, FileStamp | None]:
    """Read one application file (reader.read_path); a file that cannot be opened becomes a
    front-matter error."""
    from ..reading.reader import read_path  # here, not at the top: a check answered from the memo reads nothing

    result, info = read_path(root, relpath, config.date_order)
    return result, None if info is None else FileStamp(info.st_mtime_ns, info.st_size, info.st_ino)
