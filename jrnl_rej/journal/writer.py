"""The one place jrnl-rej writes user files: atomically, keeping the mode, and not at all
when the bytes would not change."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: fall back to the age of a temp file
    fcntl = None

from jrnl_rej.core.errors import JrnlError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

TEMP_MARK = ".jrnl-rej-"
TEMP_SUFFIX = ".tmp"
# Without file locks (not POSIX), a temp file this old is taken to be left over from a
# run that was killed between creating it and renaming it. With locks, a write holds
# one on its temp file until the rename, so a temp file nobody holds is a leftover.
STALE_AFTER_SECONDS = 60


class WriteError(JrnlError):
    """A user file could not be written; the old file, if any, is intact."""


MAX_READ = 64 * 1024 * 1024  # far beyond any note, index, template or config


def read_regular(path: str | os.PathLike[str], max_bytes: int = MAX_READ) -> bytes:
    """A regular file's bytes. Raises FileNotFoundError when it is missing, and OSError when it
    is not a regular file (a FIFO would block, a device never end) or larger than `max_bytes`."""
    return read_regular_stat(path, max_bytes)[0]


def read_regular_stat(path: str | os.PathLike[str], max_bytes: int = MAX_READ) -> tuple[bytes, os.stat_result]:
    """read_regular, with the file's metadata as it was when opened (what a cache keys on)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if info.st_size > max_bytes:
            raise _too_large(max_bytes)
        chunk = os.read(fd, info.st_size + 1)
        if info.st_size and len(chunk) == info.st_size:
            return chunk, info  # all fstat said it holds, and no more: no second read to see the end
        chunks, size = [], 0
        while chunk:  # the file grew or shrank since fstat (or says it is empty): read to the end
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(max_bytes)
            chunks.append(chunk)
            chunk = os.read(fd, 1 << 20)
        return b"".join(chunks), info
    finally:
        os.close(fd)


def _too_large(max_bytes: int) -> OSError:
    return OSError(errno.EFBIG, f"larger than {max_bytes // (1024 * 1024)} MB")


def is_inside(root: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """Whether `path`, with every link followed, lies inside the folder `root`."""
    real, root_real = os.path.realpath(path), os.path.realpath(root)
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> bool:
    """Replace the file at `path` with `data`; return False (and write nothing) if it
    already holds exactly these bytes. A crash leaves the old file or the new one."""
    # Writing through a symlink keeps the link a link; replacing the link itself
    # would turn it into a plain file.
    import glob
    from pathlib import Path

    target = Path(os.path.realpath(path))
    # What an earlier, killed write of this file left behind goes first, written or not.
    with contextlib.suppress(OSError):
        cleanup_stale_temps(target.parent, pattern=f".{glob.escape(target.name)}{TEMP_MARK}*{TEMP_SUFFIX}")
    tmp: str | None = None
    try:
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
            if read_regular(target) == data:
                return False
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        fd, tmp = _claim_temp(target)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)  # mkstemp creates 0o600
        os.replace(tmp, target)
        tmp = None
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if not isinstance(exc, Exception):  # KeyboardInterrupt and friends pass through
            raise
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise WriteError(f"could not write {os.fspath(path)}: {reason}") from exc
    _fsync_dir(target.parent)
    return True


def _claim_temp(target: Path) -> tuple[int, str]:
    """A new temp file beside the target, locked for as long as this write lasts."""
    import tempfile  # here: reading (every check) never needs it
    for _ in range(5):
        # Same folder as the target, so os.replace is a rename on one file system.
        fd, tmp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}{TEMP_MARK}", suffix=TEMP_SUFFIX
        )
        if fcntl is None:
            return fd, tmp
        fcntl.flock(fd, fcntl.LOCK_EX)
        # A cleanup may have taken this file for a leftover in the instant before the lock.
        with contextlib.suppress(OSError):
            if os.stat(tmp).st_ino == os.fstat(fd).st_ino:
                return fd, tmp
        os.close(fd)
    raise OSError(0, "could not create a temporary file")


def cleanup_stale_temps(
    folder: str | os.PathLike[str],
    max_age_seconds: float = STALE_AFTER_SECONDS,
    pattern: str = f".*{TEMP_MARK}*{TEMP_SUFFIX}",
) -> int:
    """Remove temp files left in `folder` by a killed earlier write; return how many.

    A temp file still locked by a running write (the watcher and the hook at once) is
    never touched. Without locks, only files older than `max_age_seconds` go.
    """
    now = time.time()
    removed = 0
    from pathlib import Path

    for candidate in Path(folder).glob(pattern):
        try:
            fd = os.open(candidate, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                continue
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a write in progress
                if os.lstat(candidate).st_ino != info.st_ino:
                    continue
            elif now - info.st_mtime < max_age_seconds:
                continue
            os.unlink(candidate)
            removed += 1
        except FileNotFoundError:  # another run cleaned it up first
            continue
        finally:
            os.close(fd)
    return removed


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable. Best effort: some platforms (Windows) and
    # file systems refuse to open or sync a directory.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    # os.umask can only be read by setting it, which briefly changes it for every
    # thread (the watcher runs threads); Linux exposes it read-only in /proc.
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
