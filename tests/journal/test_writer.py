"""Tests for jrnl_rej.journal.writer: atomic replace, no-op writes, modes, failures and crashes."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jrnl_rej.core.errors import JrnlError
from jrnl_rej.journal import writer
from jrnl_rej.journal.writer import WriteError, cleanup_stale_temps, write_atomic

REPO = Path(__file__).resolve().parents[2]


def temps(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.jrnl-rej-*.tmp"))


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_new_file_is_written_with_default_mode(tmp_path):
    target = tmp_path / "INDEX.md"
    assert write_atomic(target, b"hello\n") is True
    assert target.read_bytes() == b"hello\n"
    assert target.stat().st_mode & 0o7777 == 0o666 & ~current_umask()
    assert temps(tmp_path) == []


def test_equal_bytes_are_not_written(tmp_path):
    target = tmp_path / "INDEX.md"
    target.write_bytes(b"same\n")
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    before = os.stat(target)
    assert write_atomic(target, b"same\n") is False
    after = os.stat(target)
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)


def test_changed_bytes_replace_the_file_and_keep_its_mode(tmp_path):
    target = tmp_path / "INDEX.md"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    assert write_atomic(target, b"new\n") is True
    assert target.read_bytes() == b"new\n"
    assert target.stat().st_mode & 0o7777 == 0o640
    assert temps(tmp_path) == []


def test_symlink_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real.md"
    real.write_bytes(b"old\n")
    link = tmp_path / "INDEX.md"
    link.symlink_to(real.name)
    assert write_atomic(link, b"new\n") is True
    assert link.is_symlink()
    assert real.read_bytes() == b"new\n"
    assert temps(tmp_path) == []


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failure_leaves_original_and_no_temp(tmp_path, monkeypatch, failing):
    target = tmp_path / "INDEX.md"
    target.write_bytes(b"original\n")

    def boom(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, failing, boom)
    if failing == "replace":
        monkeypatch.setattr(writer, "_exchange", boom)  # the rename that swaps, where there is one
    with pytest.raises(WriteError) as info:
        write_atomic(target, b"x" * 10_000)
    monkeypatch.undo()
    assert isinstance(info.value, JrnlError)
    assert str(info.value) == f"could not write {target}: No space left on device"
    assert target.read_bytes() == b"original\n"
    assert temps(tmp_path) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions"
)
def test_read_only_folder_gives_permission_denied(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "INDEX.md"
    target.write_bytes(b"original\n")
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="Permission denied"):
            write_atomic(target, b"new\n")
    finally:
        folder.chmod(0o755)
    assert target.read_bytes() == b"original\n"


def test_directory_target_is_a_write_error(tmp_path):
    with pytest.raises(WriteError, match="not a regular file"):
        write_atomic(tmp_path, b"x")


def test_cleanup_removes_leftovers_but_never_a_write_in_progress(tmp_path):
    import fcntl

    leftover = tmp_path / ".INDEX.md.jrnl-rej-abc.tmp"
    live = tmp_path / ".INDEX.md.jrnl-rej-def.tmp"
    unrelated = tmp_path / ".INDEX.md.other.tmp"
    for p in (leftover, live, unrelated):
        p.write_bytes(b"partial")
    with open(live, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running write holds it
        assert cleanup_stale_temps(tmp_path) == 1
        assert not leftover.exists()
        assert live.exists() and unrelated.exists()
    assert cleanup_stale_temps(tmp_path) == 1
    assert not live.exists() and unrelated.exists()


def test_the_next_write_clears_what_a_killed_one_left(tmp_path):
    target = tmp_path / "INDEX.md"
    (tmp_path / ".INDEX.md.jrnl-rej-dead.tmp").write_bytes(b"half")
    (tmp_path / ".other.md.jrnl-rej-dead.tmp").write_bytes(b"half")
    assert write_atomic(target, b"new")
    assert temps(tmp_path) == []  # any write to a folder clears every leftover there


CHILD = """
import random, sys
from jrnl_rej.journal.writer import write_atomic
path = sys.argv[1]
versions = [random.Random(1).randbytes(200_000), random.Random(2).randbytes(210_000)]
write_atomic(path, versions[1])
print("ready", flush=True)
i = 0
while True:
    write_atomic(path, versions[i % 2])
    i += 1
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_leaves_old_or_new_file(tmp_path):
    version_a = random.Random(1).randbytes(200_000)
    version_b = random.Random(2).randbytes(210_000)
    target = tmp_path / "INDEX.md"
    target.write_bytes(version_a)
    path = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    rng = random.Random(20261125)
    deadline = time.monotonic() + 12
    for _ in range(60):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(target)], stdout=subprocess.PIPE, env=env
        )
        try:
            assert child.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0, 0.02))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            child.stdout.close()
        data = target.read_bytes()
        assert data in (version_a, version_b)
        if time.monotonic() > deadline:
            break
    # Each child's first write clears what the killed one before it left; the last
    # child's leftover (if it died mid-write) goes at the next run.
    assert len(temps(tmp_path)) <= 1
    assert write_atomic(target, target.read_bytes()) is False  # nothing to write, still tidied
    assert temps(tmp_path) == []


def test_write_error_is_not_raised_for_keyboard_interrupt(tmp_path, monkeypatch):
    target = tmp_path / "INDEX.md"

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"x")
    monkeypatch.undo()
    assert temps(tmp_path) == []
    assert not target.exists()


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 7])
def test_a_regular_file_is_read_whole(tmp_path, size):
    from jrnl_rej.journal.writer import read_regular_stat

    data = bytes(i % 251 for i in range(size))
    path = tmp_path / "note.md"
    path.write_bytes(data)
    got, info = read_regular_stat(path)
    assert got == data and info.st_size == size


@pytest.mark.parametrize("told", [10, 99, 101, 200])
def test_a_file_that_changed_size_after_fstat_is_still_read_whole(tmp_path, monkeypatch, told):
    """fstat said one size, the file holds another (it grew or shrank in between)."""
    from jrnl_rej.journal import writer

    data = bytes(range(100))
    path = tmp_path / "note.md"
    path.write_bytes(data)
    real_fstat = os.fstat

    def fstat(fd):
        info = real_fstat(fd)
        fields = list(info)
        fields[6] = told  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(writer.os, "fstat", fstat)
    assert writer.read_regular_stat(path)[0] == data


def test_a_file_that_grew_past_the_limit_after_fstat_is_refused(tmp_path, monkeypatch):
    from jrnl_rej.journal import writer

    path = tmp_path / "note.md"
    path.write_bytes(b"x" * 100)
    real_fstat = os.fstat

    def fstat(fd):
        fields = list(real_fstat(fd))
        fields[6] = 10  # st_size: what it was a moment ago
        return os.stat_result(fields)

    monkeypatch.setattr(writer.os, "fstat", fstat)
    with pytest.raises(OSError) as raised:
        writer.read_regular_stat(path, max_bytes=50)
    assert raised.value.errno == errno.EFBIG
    assert writer.read_regular_stat(path, max_bytes=100)[0] == b"x" * 100


def test_a_save_between_read_and_rename_is_redone_on_not_overwritten(tmp_path):
    from jrnl_rej.journal.writer import update_atomic

    target = tmp_path / "a.md"
    target.write_bytes(b"one\n")
    seen = []

    def edit(old):
        seen.append(old)
        if len(seen) == 1:  # an editor saves while the first edit is worked out
            (tmp_path / "x").write_bytes(b"two\n")
            os.replace(tmp_path / "x", target)
        return old + b"added\n"

    assert update_atomic(target, edit)
    assert seen == [b"one\n", b"two\n"]
    assert target.read_bytes() == b"two\nadded\n"


def test_a_file_that_keeps_changing_is_left_alone_with_a_conflict(tmp_path):
    from jrnl_rej.journal.writer import WriteConflict, update_atomic

    target = tmp_path / "a.md"
    target.write_bytes(b"0\n")
    count = [0]

    def edit(old):
        count[0] += 1
        (tmp_path / "x").write_bytes(f"{count[0]}\n".encode())
        os.replace(tmp_path / "x", target)
        return b"mine\n"

    with pytest.raises(WriteConflict, match="changed while"):
        update_atomic(target, edit)
    assert target.read_bytes() == b"2\n"  # the other writer's last save
    assert temps(tmp_path) == []


def test_a_read_only_file_is_never_replaced(tmp_path):
    target = tmp_path / "a.md"
    target.write_bytes(b"old\n")
    target.chmod(0o444)
    with pytest.raises(WriteError, match="read-only"):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert not write_atomic(target, b"old\n")  # unchanged bytes: nothing to refuse


def test_another_writers_cleanup_just_before_the_rename_cannot_take_the_temp_file(tmp_path, monkeypatch):
    # Another jrnl-rej process (the watcher, a second `log`) cleans the folder at the worst
    # moment: after the temp file is written, just before it is renamed. The temp file is
    # still locked then, so the cleanup leaves it and the write lands (it once failed 1 in
    # 15 of two `log`s at once).
    target = tmp_path / "a.md"
    target.write_bytes(b"old\n")
    real_replace = os.replace
    cleaned = []

    def cleanup_then_replace(src, dst):
        cleaned.append(cleanup_stale_temps(tmp_path))
        return real_replace(src, dst)

    real_exchange = writer._exchange

    def cleanup_then_exchange(a, b):
        cleaned.append(cleanup_stale_temps(tmp_path))
        return real_exchange(a, b)

    monkeypatch.setattr(writer.os, "replace", cleanup_then_replace)
    monkeypatch.setattr(writer, "_exchange", cleanup_then_exchange)  # the rename that swaps, where there is one
    assert write_atomic(target, b"new\n") is True
    assert cleaned == [0]
    assert target.read_bytes() == b"new\n"
    assert temps(tmp_path) == []
