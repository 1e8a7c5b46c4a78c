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
    from collections.abc import Callable
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
    return update_atomic(path, lambda old: data)


def update_atomic(path: str | os.PathLike[str], edit: Callable[[bytes | None], bytes | None],
                  attempts: int = 2) -> bool:  # fmt: skip
    """Change the file at `path` by `edit` as a compare-and-swap; return whether it was written.

    `edit(old)` gets the file's bytes (None when there is none) and returns the new bytes,
    or None (or the same bytes) to leave it alone; it may raise to refuse. The new bytes
    go to a temp file beside the target; just before the rename the target is read again
    and compared with what `edit` saw (bytes, and inode, size, mtime_ns and ctime_ns). When
    something else saved it in between (an editor), the edit is redone once on what is
    there now; when it changed again, nothing is written and WriteConflict says so.

    jrnl-rej's own writers serialise on an advisory lock (flock) on the target's folder,
    held from the read to the rename: two jrnl-rej processes (two `log`s, the hook and
    `watch`) never interleave in one folder, and no lock file is left in the journal.
    Writers that do not take the lock (editors) are caught by the comparison. A save that
    lands between that last comparison and the rename is caught too where the system can
    swap two files in one step (Linux renameat2 RENAME_EXCHANGE, on local file systems):
    the new file is swapped in, and the one swapped out is checked to be the file that was
    read; when it is not, it is swapped back and the edit is redone. Without the swap
    (other systems, some network file systems) that window remains (microseconds): a save
    landing exactly there is replaced. A file without write permission is refused
    (WriteError), never replaced. A crash leaves the old file or the new one, never half.
    """
    from pathlib import Path  # here: reading (every check) never needs it

    target = Path(os.path.realpath(path))
    with _folder_lock(target.parent):
        # Under the lock: no cleanup runs while a write of this folder holds a file aside.
        _clean_folder_once(target.parent)
        for _ in range(attempts):
            old, seen = _snapshot(target, path)
            new = edit(old)
            if new is None or new == old:
                return False
            if seen is not None and _read_only(target, seen):
                raise ReadOnlyFile(f"{os.fspath(path)} is read-only; not changing it "
                                 "(make it writable, then run this again)")  # fmt: skip
            mode = stat.S_IMODE(seen.st_mode) if seen is not None else 0o666 & ~_umask()
            if _replace_if_unchanged(target, path, new, mode, old, seen):
                _fsync_dir(target.parent)
                return True
    raise WriteConflict(f"{os.fspath(path)} changed while jrnl-rej was writing it; "
                        "it was left as it is: run this again")  # fmt: skip


class ReadOnlyFile(WriteError):
    """The file has no write permission; it was left as it is."""


class WriteConflict(WriteError):
    """The file kept changing under a write; it was left as the other writer saved it."""


def _read_only(target: Path, seen: os.stat_result) -> bool:
    return not (seen.st_mode & 0o222) or not os.access(target, os.W_OK)


def _snapshot(target: Path, shown) -> tuple[bytes | None, os.stat_result | None]:
    try:
        return read_regular_stat(target)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        raise WriteError(f"could not write {os.fspath(shown)}: {exc.strerror or exc}") from exc


def _same(a: os.stat_result | None, b: os.stat_result | None) -> bool:
    if a is None or b is None:
        return a is b
    fields = ("st_dev", "st_ino", "st_size", "st_mtime_ns", "st_ctime_ns")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def _replace_if_unchanged(target: Path, shown, data: bytes, mode: int,
                          old: bytes | None, seen: os.stat_result | None) -> bool:  # fmt: skip
    """Write `data` to a temp file and rename it over `target` if the target is still
    `old` as `seen`; False (temp removed, target untouched) when it changed."""
    tmp: str | None = None
    theirs: str | None = None  # after a swap: the path of the file that was the target
    fd = -1
    try:
        fd, tmp = _claim_temp(target)
        # The temp file stays open, and so locked, until after the rename: closed earlier,
        # another process's cleanup could take it for a leftover and remove it.
        with os.fdopen(fd, "wb", closefd=False) as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)  # mkstemp creates 0o600
        else:
            os.chmod(tmp, mode)
        now, now_seen = _snapshot(target, shown)
        if now != old or not _same(seen, now_seen):
            os.unlink(tmp)
            tmp = None
            return False
        if seen is None or not _exchange(tmp, os.fspath(target)):
            os.replace(tmp, target)  # no exchange here: a save in the last instant is replaced
            tmp = None
            return True
        # Swapped: the target is ours, and `tmp` names the file that was there a moment ago.
        theirs, tmp = tmp, None
        if _holds(theirs, old, seen):
            os.unlink(theirs)  # what was read, as it was read: nothing of anyone's goes
            theirs = None
            return True
        # A save landed between the comparison and the swap: it goes back, ours goes.
        mine = os.fstat(fd).st_ino
        _exchange(theirs, os.fspath(target))
        if os.lstat(theirs).st_ino == mine:
            os.unlink(theirs)
        else:  # saved once more in between: that newest save goes back in place
            os.replace(theirs, target)
        theirs = None
        return False
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if theirs is not None:  # stopped holding someone's file: it goes back in place
            with contextlib.suppress(OSError):
                os.replace(theirs, target)
        if not isinstance(exc, Exception) or isinstance(exc, WriteError):
            raise  # KeyboardInterrupt and friends pass through
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise WriteError(f"could not write {os.fspath(shown)}: {reason}") from exc
    finally:
        if fd >= 0:
            os.close(fd)  # releases the temp file's lock


def _holds(path: str, old: bytes | None, seen: os.stat_result) -> bool:
    """Whether `path` is the very file that was read: same inode, same bytes."""
    try:
        data, info = read_regular_stat(path)
    except OSError:
        return False
    return info.st_ino == seen.st_ino and info.st_dev == seen.st_dev and data == old


_RENAMEAT2 = None  # libc's renameat2, False where there is none


def _exchange(a: str, b: str) -> bool:
    """Swap two paths in one step (Linux renameat2 with RENAME_EXCHANGE): the file that was
    at `b` is then at `a`, held, where a plain rename would have dropped it. False where
    the system or the file system cannot swap (nothing was done)."""
    global _RENAMEAT2
    import ctypes  # here: only writes need it

    if _RENAMEAT2 is None:
        try:
            func = ctypes.CDLL(None, use_errno=True).renameat2
            func.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
            _RENAMEAT2 = func
        except (OSError, AttributeError):
            _RENAMEAT2 = False
    if _RENAMEAT2 is False:
        return False
    at_cwd, rename_exchange = -100, 2
    if _RENAMEAT2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False  # a file system without the swap (some network and FUSE ones)
    raise OSError(code, os.strerror(code), a)


_CLEANED: set[str] = set()


def _clean_folder_once(folder: Path) -> None:
    """What killed writes left in `folder` goes, the first time this process writes there."""
    key = os.fspath(folder)
    if key in _CLEANED:
        return
    _CLEANED.add(key)
    with contextlib.suppress(OSError):
        cleanup_stale_temps(folder)


@contextlib.contextmanager
def _folder_lock(folder: Path):
    """An exclusive flock on the folder itself, for as long as one write lasts."""
    fd = None
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing releases the lock


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
