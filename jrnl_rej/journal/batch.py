"""Many new files at once (import), through the writer's own temp files and locks
(journal/writer.py): each file's bytes are durable before it gets its name, and each folder is
fsynced once for the whole batch."""

from __future__ import annotations

import contextlib
import errno
import os
import sys

from .writer import WriteError, _claim_temp, _clean_folder_once, _fsync_dir, _umask

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


class BatchWriteError(WriteError):
    """create_new_files stopped at a file it could not write; `created` holds the indexes
    of the items made before it (whole files), in order."""

    def __init__(self, message: str, created: list[int]):
        super().__init__(message)
        self.created = created


BATCH_SIZE = 256  # temp files held open (and locked) at once: well under any fd limit


def create_new_files(items: list[tuple[str | os.PathLike[str], bytes]], shown=os.fspath,
                     created: list[int] | None = None) -> list[int]:  # fmt: skip
    """Create many new files at once (import); return the indexes of `items` whose path was
    already taken, which are left exactly as they were (never replaced). The indexes of the
    files made are added to `created` as each gets its name, so that a caller stopped by
    Ctrl-C or an error knows them (Ctrl-C waits while a chunk's files get their names).

    For each chunk of BATCH_SIZE files: each file's bytes go to a file with no name yet in
    its target's folder (Linux's O_TMPFILE; elsewhere a locked temp file beside the target),
    with the mode a new file gets (0o666 less the umask); the chunk's data is made durable
    together (one syncfs of the file system on Linux, else an fsync per file); then each
    file is hard-linked to its name, which fails when the name exists (O_EXCL's guarantee:
    an existing file is never replaced), and a temp name is removed.
    Each folder is fsynced once, at the end, not once per file as update_atomic does: that
    is what makes 10,000 files take seconds rather than a minute.

    What a crash (power loss, kill -9) can leave: every file that exists is whole, since its
    bytes were durable before it got its name; files linked since the last folder fsync may
    be missing after a power loss (run the import again: it skips what is there); and, only
    where O_TMPFILE is missing, temp files (`.NAME.jrnl-rej-*.tmp`), removed by the next
    write to that folder (an unnamed file is freed by the system). Ctrl-C leaves
    whole files and no temp files. Where hard links are not supported, the name is claimed
    with O_EXCL and the temp file renamed onto it, as `new` does: a crash between the two
    can leave that one file empty.
    No folder lock is taken: nothing here replaces a file, so no compare-and-swap is needed.
    """
    from pathlib import Path

    real: dict[str, Path] = {}  # each folder resolved once; the name itself is never followed
    targets = []
    for path, _ in items:
        folder, name = os.path.split(os.fspath(path))
        if folder not in real:
            real[folder] = Path(os.path.realpath(folder or "."))
        targets.append(real[folder] / name)
    mode = 0o666 & ~_umask()
    taken: list[int] = []
    created = [] if created is None else created
    folders: dict[str, Path] = {}
    unnamed: dict[str, bool] = {}  # folder -> whether it takes O_TMPFILE files
    proc = _open_proc()
    try:
        for begin in range(0, len(items), BATCH_SIZE):
            chunk = range(begin, min(begin + BATCH_SIZE, len(items)))
            _create_chunk(items, targets, chunk, (mode, shown, proc, unnamed), taken, created, folders)
    except WriteError as exc:
        raise BatchWriteError(str(exc), created) from exc
    finally:
        for folder in folders.values():
            _fsync_dir(folder)
        if proc is not None:
            os.close(proc)
    return taken


def _open_proc() -> int | None:
    """/proc/self, through which an O_TMPFILE file gets its name (Linux); None elsewhere."""
    if not hasattr(os, "O_TMPFILE") or sys.platform != "linux":
        return None
    try:
        return os.open("/proc/self", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None


def _unnamed_file(folder: str, proc: int | None, unnamed: dict[str, bool]) -> int | None:
    """A file with no name yet in `folder` (O_TMPFILE: nothing to clean up if the run dies),
    or None where the system or the file system has none."""
    if proc is None or unnamed.get(folder) is False:
        return None
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o600)
    except OSError:
        unnamed[folder] = False
        return None
    unnamed[folder] = True
    return fd


def _create_chunk(items, targets, chunk, how, taken, created, folders) -> None:
    mode, shown, proc, unnamed = how
    temps: list[tuple[int, int, str | None]] = []  # (index, fd, temp path or None: O_TMPFILE)
    try:
        for index in chunk:
            target = targets[index]
            folder = os.fspath(target.parent)
            if folder not in folders:
                folders[folder] = target.parent
                _clean_folder_once(target.parent)
            fd, tmp = _unnamed_file(folder, proc, unnamed), None
            if fd is None:
                try:
                    fd, tmp = _claim_temp(target)
                except OSError as exc:
                    raise WriteError(f"could not write {shown(items[index][0])}: {exc.strerror or exc}") from exc
            temps.append((index, fd, tmp))
            view = memoryview(items[index][1])
            while view:
                view = view[os.write(fd, view):]
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
        _make_durable([fd for _, fd, _ in temps])
        with _ctrl_c_held():
            for index, fd, tmp in temps:
                say = lambda index=index: shown(items[index][0])  # noqa: E731
                named = _name_unnamed(fd, proc, targets[index], say) if tmp is None else _give_name(
                    tmp, targets[index], say)  # fmt: skip
                (created if named else taken).append(index)
    except OSError as exc:
        raise WriteError(f"could not write the new files: {exc.strerror or exc}") from exc
    finally:
        for _, fd, tmp in temps:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            os.close(fd)  # releases the temp file's lock; an unnamed file not linked is freed


@contextlib.contextmanager
def _ctrl_c_held():
    """SIGINT waits (blocked) until the block ends: a file named is a file counted."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, (signal.SIGINT,))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _name_unnamed(fd: int, proc: int, target: Path, shown) -> bool:
    """Give the O_TMPFILE file `fd` its name (linkat, which never replaces); False when taken."""
    try:
        os.link(f"fd/{fd}", target, src_dir_fd=proc)
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        raise WriteError(f"could not write {shown()}: {exc.strerror or exc}") from exc


def _give_name(tmp: str, target: Path, shown) -> bool:
    """Link the (durable) temp file to `target`; False when the name is taken."""
    try:
        os.link(tmp, target)
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise WriteError(f"could not write {shown()}: {exc.strerror or exc}") from exc
    try:  # no hard links here: claim the name, then rename the temp file onto it
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except FileExistsError:
        return False
    except OSError as exc:
        raise WriteError(f"could not write {shown()}: {exc.strerror or exc}") from exc
    os.replace(tmp, target)
    return True


def _make_durable(fds: list[int]) -> None:
    """The data of every file in `fds` on disk: one syncfs where Linux has it, else fsync each."""
    devices = {os.fstat(fd).st_dev: fd for fd in fds}  # one syncfs per file system
    if all(_syncfs(fd) for fd in devices.values()):
        return
    for fd in fds:
        os.fsync(fd)


def _syncfs(fd: int) -> bool:
    if sys.platform != "linux":
        return False
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).syncfs(fd) == 0
    except (OSError, AttributeError):
        return False
