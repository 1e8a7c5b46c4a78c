"""The loader's parallel read: every result, in order, whatever the worker processes do."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures.process import BrokenProcessPool

import pytest
from conftest import REPO, app_file, write_journal

from jrnl_rej.core.config import Config
from jrnl_rej.journal import loader

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the workers are forked on Linux only")

PARENT = os.getpid()
READ_CHUNK = loader._read_chunk
NAMES = [f"f{n:05d}.md" for n in range(400)]  # 8 chunks of 50 for 2 workers


def _content(n: int) -> str | bytes:
    return (
        app_file(company=f"C{n}", role="r", applied=f"2026-11-{1 + n % 20:02d}"),
        app_file(company=f"C{n}", role="r", applied="Nov 3, 2026", status="rejected", rejected="2026-11-20"),
        b"---\ncompany: [unclosed\nrole: r\n---\n",
        b"just notes\n",
    )[n % 4]


@pytest.fixture
def root(tmp_path):
    return write_journal(tmp_path / "journal", {name: _content(n) for n, name in enumerate(NAMES)})


@pytest.fixture
def forks(monkeypatch):
    """The pids of the worker processes forked meanwhile."""
    pids = []
    real = os.fork

    def fork():
        pid = real()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    yield pids
    for process in multiprocessing.active_children():  # a test that failed leaves none behind either
        if process.pid in pids:
            process.kill()
            process.join()


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _all_gone(pids: list[int]) -> bool:
    return all(_reaped(pid) for pid in pids) and multiprocessing.active_children() == []


def _parallel(monkeypatch, cpus: int = 2) -> None:
    """load_journal reads a few hundred files in `cpus` worker processes."""
    monkeypatch.setenv("JRNL_REJ_NO_CACHE", "1")
    monkeypatch.setattr(loader, "PARALLEL_MIN", 2)
    monkeypatch.setattr(loader, "_FILES_PER_WORKER", 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cpus)), raising=False)


def _key(results):
    return [(r.application, r.diagnostics) for r in results]


def _flat(chunks) -> list:
    return [result for chunk in chunks for result in chunk]


# Chunk readers a test puts in the place of loader._read_chunk (the workers find them by name).


def whose(root, config, relpaths):
    return [(relpath, os.getpid()) for relpath in relpaths]


def slowly(root, config, relpaths):
    """whose, a chunk in 0.05 s; `root` is a file that gets a line per chunk read."""
    time.sleep(0.05)
    with open(root, "a") as log:
        log.write(f"{relpaths[0]}\n")
    return whose(root, config, relpaths)


def dies_on_f00120(root, config, relpaths):
    if "f00120.md" in relpaths and os.getpid() != PARENT:
        os._exit(3)  # a worker killed mid-way
    return READ_CHUNK(root, config, relpaths)


def disposition(root, config, relpaths):
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    return [(ignored, signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, ()))] * len(relpaths)


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_every_result_in_order_as_one_process_reads_them(root, forks, start):
    alone = [loader._read_one(root, relpath, Config(), keep=False) for relpath in NAMES]
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)  # another thread alive: fork is not safe
    if start == "spawn":
        helper.start()
    try:
        chunks = list(loader._read_parallel(root, Config(), NAMES, 2))
    finally:
        stop.set()
        if helper.is_alive():
            helper.join()
    assert _flat(chunks) == alone
    assert len(chunks) > 2 * loader._AHEAD  # more than were sent at first: the later ones too
    assert len(forks) == (2 if start == "fork" else 0) and _all_gone(forks)


def test_the_workers_read_it_all(monkeypatch, forks):
    monkeypatch.setattr(loader, "_read_chunk", whose)
    got = _flat(loader._read_parallel(None, Config(), NAMES, 3))
    assert [relpath for relpath, _ in got] == NAMES
    assert len(forks) == 3 and {pid for _, pid in got} <= set(forks)
    assert _all_gone(forks)


def test_a_worker_that_dies_leaves_the_rest_to_the_main_process(root, monkeypatch, forks):
    monkeypatch.setenv("JRNL_REJ_NO_CACHE", "1")
    alone = loader.load_journal(root, Config())  # fewer than PARALLEL_MIN: one process
    assert forks == []
    _parallel(monkeypatch)
    monkeypatch.setattr(loader, "_read_chunk", dies_on_f00120)
    real, raised = loader._read_parallel, []

    def parallel(*args):
        try:
            yield from real(*args)
        except BaseException as exc:
            raised.append(type(exc))
            raise

    monkeypatch.setattr(loader, "_read_parallel", parallel)
    assert _key(loader.load_journal(root, Config())) == _key(alone)
    assert raised == [BrokenProcessPool] and len(forks) == 2 and _all_gone(forks)


def test_a_worker_that_cannot_start_leaves_no_other_behind(root, monkeypatch, forks):
    monkeypatch.setenv("JRNL_REJ_NO_CACHE", "1")
    alone = loader.load_journal(root, Config())
    _parallel(monkeypatch)
    counted = os.fork  # the fixture's, which records the pids

    def fork_once():
        if forks:
            raise BlockingIOError(11, "Resource temporarily unavailable")  # no process to spare
        return counted()

    monkeypatch.setattr(os, "fork", fork_once)
    assert _key(loader.load_journal(root, Config())) == _key(alone)
    assert len(forks) == 1 and _all_gone(forks)  # the one that started was not left waiting


def test_workers_leave_ctrl_c_to_the_main_process(tmp_path, monkeypatch, forks):
    monkeypatch.setattr(loader, "_read_chunk", slowly)
    chunks = loader._read_parallel(tmp_path / "log", Config(), NAMES, 2)
    first = next(chunks)
    for pid in forks:
        os.kill(pid, signal.SIGINT)
    got = first + _flat(chunks)
    assert [relpath for relpath, _ in got] == NAMES and PARENT not in {pid for _, pid in got}
    assert _all_gone(forks)


def test_workers_ignore_ctrl_c_and_do_not_block_signals(monkeypatch, forks):
    monkeypatch.setattr(loader, "_read_chunk", disposition)
    got = _flat(loader._read_parallel(None, Config(), NAMES[:100], 2))
    assert got == [(True, False)] * 100 and len(forks) == 2


def test_stopping_early_cancels_the_rest_and_ends_every_worker(tmp_path, monkeypatch, forks):
    monkeypatch.setattr(loader, "_read_chunk", slowly)
    log = tmp_path / "log"
    names = [f"f{n:05d}.md" for n in range(2000)]  # 16 chunks of 125
    chunks = loader._read_parallel(log, Config(), names, 2)
    next(chunks)
    chunks.close()  # what a Ctrl-C or an error in the caller does to the generator
    assert len(forks) == 2 and _all_gone(forks)
    assert len(log.read_text().splitlines()) < 16 // 2  # those no worker had taken were never read


def test_a_ctrl_c_while_the_workers_start_waits_for_them_then_stops_them(monkeypatch, forks):
    """Ctrl-C at the moment of fork: the new worker never sees it (it would stop with a
    traceback and break the pool), and the main process gets it once the workers are
    known, then ends them all."""
    monkeypatch.setattr(loader, "_read_chunk", whose)
    counted = os.fork  # the fixture's, which records the pids

    def fork_under_ctrl_c():
        # Sent to this thread, as a Ctrl-C reaches a process with one thread: under
        # pytest-xdist a second thread (execnet's) would take one sent to the process.
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        return counted()

    monkeypatch.setattr(os, "fork", fork_under_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        list(loader._read_parallel(None, Config(), NAMES, 2))
    assert len(forks) == 2 and _all_gone(forks)
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, ())  # the mask is as it was


def test_output_not_yet_flushed_is_written_once(root):
    """A forked worker holds a copy of what the main process had not flushed yet, and
    flushes it when it ends: it must have nothing to flush (multiprocessing flushes
    before it forks)."""
    script = (
        "import os, sys\nfrom pathlib import Path\nfrom jrnl_rej.core.config import Config\n"
        "from jrnl_rej.journal import loader\n"
        "loader.PARALLEL_MIN, loader._FILES_PER_WORKER = 2, 1\nos.sched_getaffinity = lambda pid: {0, 1}\n"
        "forked = []\nfork = os.fork\nos.fork = lambda: forked.append(fork()) or forked[-1]\n"
        "sys.stdout.write('out '), sys.stderr.write('err ')  # a pipe: both stay in their buffers\n"
        "results = loader.load_journal(Path(sys.argv[1]), Config())\n"
        "print(len(results), len(forked))\n"
    )  # fmt: skip
    env = {**os.environ, "JRNL_REJ_NO_CACHE": "1", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script, str(root)], env=env, capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, f"out {len(NAMES)} 2\n", "err ")
