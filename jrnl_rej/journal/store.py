"""The files jrnl-rej keeps in the user's cache folder: where they go, and how each is
written and read back whole. The read cache (cache.py) and the last check's findings
(memo.py) are such files.

Each is one file per journal, never inside the journal, in a folder that must be ours
and closed to others (created 0700). A file is written to a temporary file beside it and
moved over the old one with os.replace, so a reader sees the old file or the new one,
never half of one; it starts with a magic line, the payload's length and its CRC-32, and
a file whose bytes do not add up is treated as missing.

Environment: JRNL_REJ_CACHE_DIR moves the folder; JRNL_REJ_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import os
import stat
import zlib
from functools import cache

from ..core.diagnostics import Edit, Fix

# A file changed this close to the start of a run is remembered only with the bytes it was
# read from: edited twice within one tick of the file system's clock, it could keep its size
# and mtime (see cache.py).
RACY_MARGIN_NS = 2_000_000_000  # FAT keeps mtimes to 2 s; most file systems to a clock tick

# No cache file is bigger than this (10,000 files make a few MB): a bigger one is not read.
MAX_FILE_BYTES = 256 * 1024 * 1024


def racy(stamp: tuple, started_ns: int) -> bool:
    """Whether a file (stamp: mtime_ns, ctime_ns, ...) changed too recently before a run began
    (started_ns) to be told apart by its stamp from its next edit: the clock may not have moved on."""
    return max(stamp[0], stamp[1]) >= started_ns - RACY_MARGIN_NS


def still_holds(root, relpath: str, data: bytes) -> bool:
    """Whether a racy file still holds exactly the bytes it was read from (its stamp cannot tell)."""
    from .writer import read_regular

    try:
        return read_regular(os.path.join(root, relpath)) == data
    except (OSError, TypeError):  # gone, not a regular file, or no journal given
        return False


class Unencodable(Exception):
    """A value this format does not know how to keep; the file is then simply not cached."""


def cache_folder() -> str | None:
    """The folder caches go to, or None when caching is turned off."""
    if os.environ.get("JRNL_REJ_NO_CACHE", "").strip() not in ("", "0"):
        return None
    folder = os.environ.get("JRNL_REJ_CACHE_DIR", "").strip()
    if not folder:
        import platformdirs

        folder = platformdirs.user_cache_dir("jrnl-rej", appauthor=False)
    return folder


def private_folder(folder: str) -> bool:
    """Create the folder (0700) if needed; True when it is ours and only we can write to it."""
    try:
        _make_folders(os.path.abspath(folder))
        info = os.stat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _make_folders(folder: str) -> None:
    """os.makedirs, but every folder it creates is 0700, the parents too, whatever the umask."""
    missing = []
    while not os.path.isdir(folder):
        missing.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        os.chmod(path, 0o700)  # exactly 0700: a umask such as 0200 would otherwise leave it unwritable


def cache_path(folder: str, root, suffix: str) -> str:
    """One file of each kind per journal, named by a hash of its real path.

    A 64-bit CRC pair rather than hashlib, which costs more to import than this whole
    lookup; two journals that collide only take turns at one file (the header names
    the journal, so neither ever reads the other's entries).
    """
    real = os.fsencode(os.path.realpath(root))
    digest = f"{zlib.crc32(real):08x}{zlib.crc32(real[::-1]):08x}"
    return os.path.join(folder, f"journal-{digest}{suffix}")


_SUBPACKAGES = ("commands", "core", "journal", "outputs", "reading", "rules")


@cache
def code_stamp() -> tuple:
    """The package's sources by size and mtime: an edited checkout drops its caches.

    Worked out once per process (both caches ask, the memo twice): it stands for the code
    that is running, which an edit made since it started does not change."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = []
    for folder in (os.path.join(package, name) for name in ("", *_SUBPACKAGES)):
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.endswith(".py"):
                        info = entry.stat()
                        found.append((os.path.relpath(entry.path, package), info.st_size, info.st_mtime_ns))
        except OSError:
            pass
    return tuple(sorted(found))


def seal(magic: bytes, payload: bytes) -> bytes:
    """A cache file's bytes: the magic line, the payload's length and CRC-32, the payload."""
    return b"".join((magic, len(payload).to_bytes(4, "little"), zlib.crc32(payload).to_bytes(4, "little"), payload))


def unseal(path: str, magic: bytes) -> memoryview | None:
    """The payload of a file written with seal(), or None when it is not whole. Raises OSError."""
    # O_NONBLOCK: a FIFO put in the file's place opens at once, and is then refused as not regular.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        blob = fh.read(MAX_FILE_BYTES + 1)
    if len(blob) > MAX_FILE_BYTES:
        return None
    head = len(magic) + 8
    if not blob.startswith(magic) or len(blob) < head:
        return None
    length = int.from_bytes(blob[len(magic) : len(magic) + 4], "little")
    crc = int.from_bytes(blob[len(magic) + 4 : head], "little")
    payload = memoryview(blob)[head:]
    if len(payload) != length or zlib.crc32(payload) != crc:
        return None
    return payload


def write_private(path: str, data: bytes) -> bool:
    """Replace a file of the cache folder whole (temp file, then os.replace), readable by us
    alone. Never raises; False when it could not be written."""
    folder = os.path.dirname(path)
    tmp = os.path.join(folder, f".tmp-{os.getpid()}-{os.urandom(6).hex()}.cache")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True


def encode_fix(fix: Fix | None):
    """A Fix as plain values: (safe, ((start, end, text), ...), ((key, value), ...), description)."""
    if fix is None:
        return None
    edits = tuple((e.start, e.end, e.text) for e in fix.edits)
    values = (fix.safe, edits, tuple(tuple(pair) for pair in fix.changes), fix.description)
    if not _is_fix(values):
        raise Unencodable("fix")
    return values


def decode_fix(encoded) -> Fix:
    """The Fix again. Raises ValueError on anything encode_fix would not have written."""
    if not _is_fix(encoded):
        raise ValueError("bad fix")
    safe, edits, changes, description = encoded
    return Fix._make((safe, tuple(map(Edit._make, edits)), changes, description))


def _is_fix(values) -> bool:
    if type(values) is not tuple or len(values) != 4:
        return False
    safe, edits, changes, description = values
    return (
        type(safe) is bool
        and type(description) is str
        and type(edits) is tuple
        and all(type(e) is tuple and len(e) == 3 and type(e[0]) is int and type(e[1]) is int
                and type(e[2]) is str for e in edits)
        and type(changes) is tuple
        and all(type(c) is tuple and len(c) == 2 and type(c[0]) is str and type(c[1]) is str for c in changes)
    )  # fmt: skip
