"""Tests for jrnl_rej.journal.batch: many new files at once, never over an existing one."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jrnl_rej.journal import batch, writer
from jrnl_rej.journal.batch import BatchWriteError, create_new_files

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["unnamed", "temp"])
def kind(request, monkeypatch):
    """Both ways a file is made before it has its name: O_TMPFILE (Linux), and a temp file."""
    if request.param == "temp":
        monkeypatch.setattr(batch, "_open_proc", lambda: None)
    elif batch._open_proc() is None:
        pytest.skip("no O_TMPFILE here")
    return request.param


def temps(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.jrnl-rej-*.tmp"))


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_new_files_are_written_whole_with_the_mode_of_a_new_file(tmp_path, monkeypatch, kind):
    monkeypatch.setattr(batch, "BATCH_SIZE", 3)  # several chunks
    (tmp_path / "sub").mkdir()
    items = [(tmp_path / f"{i}.md", f"file {i}\n".encode() * 50) for i in range(7)]
    items.append((tmp_path / "sub" / "x.md", b"in a folder\n"))
    assert create_new_files(items) == []
    for path, data in items:
        assert path.read_bytes() == data
        assert path.stat().st_mode & 0o7777 == 0o666 & ~current_umask()
        assert path.stat().st_nlink == 1  # the temp name is gone
    assert temps(tmp_path) == [] and temps(tmp_path / "sub") == []


def test_an_existing_file_is_never_replaced_and_its_index_is_returned(tmp_path, kind):
    (tmp_path / "b.md").write_bytes(b"mine\n")
    (tmp_path / "link.md").symlink_to(tmp_path / "elsewhere.md")  # dangling: still a taken name
    items = [(tmp_path / "a.md", b"a"), (tmp_path / "b.md", b"b"), (tmp_path / "link.md", b"l"),
             (tmp_path / "c.md", b"c")]  # fmt: skip
    assert create_new_files(items) == [1, 2]
    assert (tmp_path / "b.md").read_bytes() == b"mine\n"
    assert not (tmp_path / "elsewhere.md").exists()  # the link was not followed
    assert (tmp_path / "a.md").read_bytes() == b"a" and (tmp_path / "c.md").read_bytes() == b"c"
    assert temps(tmp_path) == []


def test_without_hard_links_the_name_is_claimed_then_filled(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "_open_proc", lambda: None)

    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(batch.os, "link", no_links)
    (tmp_path / "b.md").write_bytes(b"mine\n")
    assert create_new_files([(tmp_path / "a.md", b"a"), (tmp_path / "b.md", b"b")]) == [1]
    assert (tmp_path / "a.md").read_bytes() == b"a" and (tmp_path / "b.md").read_bytes() == b"mine\n"
    assert temps(tmp_path) == []


def test_data_is_durable_before_any_name_is_given(tmp_path, monkeypatch, kind):
    events = []
    monkeypatch.setattr(batch, "_syncfs", lambda fd: events.append("sync") or False)
    real_fsync, real_link = os.fsync, os.link
    monkeypatch.setattr(batch.os, "fsync", lambda fd: events.append("fsync") or real_fsync(fd))
    monkeypatch.setattr(batch.os, "link", lambda a, b, **kw: events.append("link") or real_link(a, b, **kw))
    create_new_files([(tmp_path / "a.md", b"a"), (tmp_path / "b.md", b"b")])
    assert events[:4] == ["sync", "fsync", "fsync", "link"]  # no syncfs: one fsync per file, first
    assert events[-1] == "fsync"  # the folder, once, at the end
    assert events.count("fsync") == 3


def test_a_failure_says_which_file_and_keeps_what_was_made(tmp_path, monkeypatch, kind):
    real_link = os.link

    def link(src, dst, **kw):
        if str(dst).endswith("c.md"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_link(src, dst, **kw)

    monkeypatch.setattr(batch.os, "link", link)
    items = [(tmp_path / f"{n}.md", n.encode()) for n in "abcd"]
    with pytest.raises(BatchWriteError) as caught:
        create_new_files(items, shown=lambda p: Path(p).name)
    assert "could not write c.md: No space left on device" in str(caught.value)
    assert caught.value.created == [0, 1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]  # no temp, no d.md


def test_ctrl_c_leaves_only_whole_files_and_no_temp(tmp_path, monkeypatch, kind):
    real_link, calls = os.link, []

    def link(src, dst, **kw):
        calls.append(dst)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_link(src, dst, **kw)

    monkeypatch.setattr(batch.os, "link", link)
    with pytest.raises(KeyboardInterrupt):
        create_new_files([(tmp_path / f"{i}.md", b"whole\n") for i in range(5)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.md", "1.md"]
    assert all(p.read_bytes() == b"whole\n" for p in tmp_path.iterdir())


KILLED = r"""
import os, sys
from pathlib import Path
from jrnl_rej.journal import batch, writer
real_link = os.link
def slow(src, dst, **kw):
    real_link(src, dst, **kw)
    sys.stdout.write("linked\n"); sys.stdout.flush()
    import time; time.sleep(0.2)
batch.os.link = slow
if sys.argv[2] == "temp":
    batch._open_proc = lambda: None
root = Path(sys.argv[1])
batch.create_new_files([(root / f"{i}.md", b"x" * 5000) for i in range(50)])
"""


def test_kill_9_leaves_whole_files_and_the_next_write_clears_the_temps(tmp_path, kind):
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(tmp_path), kind], stdout=subprocess.PIPE,
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})  # fmt: skip
    for _ in range(3):
        assert proc.stdout.readline() == b"linked\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    made = sorted(tmp_path.glob("*.md"))
    assert 3 <= len(made) < 50 and all(p.read_bytes() == b"x" * 5000 for p in made)
    if kind == "temp":
        assert temps(tmp_path)  # the rest of the chunk, under temp names
    else:
        assert sorted(tmp_path.iterdir()) == made  # unnamed files: nothing else is left at all
    time.sleep(0.01)
    writer._CLEANED.discard(os.fspath(tmp_path.resolve()))  # as a new process would
    assert create_new_files([(tmp_path / "next.md", b"n")]) == []
    assert temps(tmp_path) == []
