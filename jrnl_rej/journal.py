"""Finding the application files of a journal and reading them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path

from .config import Config
from .reader import ReadResult, read_bytes


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
    if parts[0] == "templates" and len(parts) > 1:
        return False
    if any(p.startswith((".", "_")) for p in parts[:-1]):
        return False
    return not excluded(relpath, config.exclude)


def discover(root: Path, config: Config) -> list[str]:
    """Every application file under root, as sorted relative paths.

    Symbolic links are followed only while they stay inside the journal and do
    not lead back into a folder already walked.
    """
    root_real = os.path.realpath(root)
    found: list[str] = []
    seen_dirs = {root_real}

    def inside(real: str) -> bool:
        return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)

    stack = [("", str(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            rel = f"{prefix}{name}"
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir()  # follows links
            except OSError:
                continue
            if is_dir:
                if name.startswith((".", "_")) or (not prefix and name == "templates"):
                    continue
                if excluded(rel, config.exclude):
                    continue
                real = os.path.realpath(entry.path)
                if is_link and not inside(real):
                    continue
                if real in seen_dirs:
                    continue
                seen_dirs.add(real)
                stack.append((rel + "/", entry.path))
            elif name.endswith(".md"):
                if is_link and not inside(os.path.realpath(entry.path)):
                    continue
                try:
                    if not entry.is_file():  # FIFOs, sockets, devices, broken links
                        continue
                except OSError:
                    continue
                if is_application_path(rel, config):
                    found.append(rel)
    found.sort()
    return found


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What tells us a file changed: its metadata at the time it was read."""

    mtime_ns: int
    size: int
    inode: int


def read_file(root: Path, relpath: str, config: Config) -> tuple[ReadResult, FileStamp | None]:
    """Read one application file; a file that cannot be opened becomes a front-matter error."""
    from .diagnostics import ERROR, Diagnostic
    from .model import Application
    from .writer import read_regular_stat

    path = os.path.join(root, relpath)
    try:
        # Non-blocking and bounded: a FIFO or device swapped in after discovery cannot hang the run.
        data, info = read_regular_stat(path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        app = Application(path=relpath, has_errors=True)
        diag = Diagnostic(relpath, 1, 1, "front-matter", ERROR, f"cannot read the file: {reason}")
        return ReadResult(app, [diag], None), None
    stamp = FileStamp(info.st_mtime_ns, info.st_size, info.st_ino)
    return read_bytes(relpath, data, config.date_order), stamp
