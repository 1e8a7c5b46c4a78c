"""forked.fork_map: every result, in order, whatever the children do."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import pytest

from jrnl_rej.journal import forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform != "linux", reason="fork is used on Linux only")

PARENT = os.getpid()


def square(n):
    return (n, [n * n, str(n)], None)


def _tasks(count):
    return [(n,) for n in range(count)]


@pytest.fixture
def forks(monkeypatch):
    """The pids of the children fork_map starts."""
    pids = []
    real = os.fork

    def fork():
        pid = real()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return pids


def _reaped(pid) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize(("count", "workers"), [(1, 2), (7, 2), (40, 3), (5, 8)])
def test_every_result_in_order(forks, count, workers):
    got = list(forked.fork_map(square, _tasks(count), workers))
    assert got == [(n, square(n)) for n in range(count)]
    assert len(forks) == min(count, workers)
    assert all(_reaped(pid) for pid in forks)


def die_on_five(n):
    if n == 5 and os.getpid() != PARENT:
        os._exit(3)  # a child killed mid-way
    return (n, os.getpid() != PARENT)


def test_a_child_that_dies_leaves_its_work_to_the_parent(forks):
    got = list(forked.fork_map(die_on_five, _tasks(30), 2))
    # the child that took 5 died on it: the parent ran 5, the other child went on with the rest
    assert got == [(n, (n, n != 5)) for n in range(30)]
    assert all(_reaped(pid) for pid in forks)


def unsendable(n):
    return object() if n == 2 else square(n)  # marshal cannot write it: the child fails


def test_a_result_that_cannot_be_sent_is_made_again_in_the_parent(forks):
    got = list(forked.fork_map(unsendable, _tasks(6), 2))
    assert [index for index, _ in got] == list(range(6))
    assert [value for index, value in got if index != 2] == [square(n) for n in range(6) if n != 2]
    assert type(got[2][1]) is object


def slow(n):
    time.sleep(0.05)
    return (n, os.getpid() != PARENT)  # and whether a child made it


def test_stopping_early_kills_and_reaps_the_children(forks):
    results = forked.fork_map(slow, _tasks(200), 2)
    assert next(results) == (0, (0, True))
    results.close()  # what a Ctrl-C or an error in the caller does to the generator
    assert len(forks) == 2 and all(_reaped(pid) for pid in forks)


def uneven(n, folder):
    """Task 0 waits until every other task is done (each leaves a file), for at most 30 s."""
    if n == 0:
        deadline = time.monotonic() + 30
        while len(os.listdir(folder)) < 11 and time.monotonic() < deadline:
            time.sleep(0.005)
    else:
        open(os.path.join(folder, str(n)), "w").close()
    return (n, os.getpid())


def test_a_free_child_takes_the_next_task(forks, tmp_path):
    got = dict(forked.fork_map(uneven, [(n, str(tmp_path)) for n in range(12)], 2))
    slow = got[0][1]
    assert [n for n, (_, pid) in got.items() if pid == slow] == [0]  # the other did the rest meanwhile
    assert all(_reaped(pid) for pid in forks)


def test_children_leave_ctrl_c_to_the_parent(forks):
    results = forked.fork_map(slow, _tasks(20), 2)
    first = next(results)
    for pid in forks:
        os.kill(pid, signal.SIGINT)
    assert [first, *results] == [(n, (n, True)) for n in range(20)]  # all made by the children
    assert all(_reaped(pid) for pid in forks)


def test_a_ctrl_c_while_a_child_is_made_waits_for_it_and_stops_the_parent(monkeypatch, forks):
    """Ctrl-C at the moment of fork: the new child never sees it (it would run the parent's
    handler), and the parent gets it as soon as the child is known, then kills and reaps all."""
    counted = os.fork  # the fixture's fork, which records the pids

    def fork_under_ctrl_c():
        # Arrives while fork_map has it blocked. Sent to this thread, as a Ctrl-C reaches a
        # process with one thread (fork_map's only kind): under pytest-xdist the process has a
        # second thread (execnet's, started with _thread, unseen by threading), and a signal
        # sent to the process went to that thread, whose handler raised KeyboardInterrupt here
        # at once, before the fork, whenever that thread ran first.
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        return counted()

    monkeypatch.setattr(os, "fork", fork_under_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        list(forked.fork_map(slow, _tasks(50), 2))
    assert len(forks) == 1 and all(_reaped(pid) for pid in forks)
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, ())  # the mask is as it was


def disposition(n):
    return (n, signal.getsignal(signal.SIGINT) == signal.SIG_IGN, signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, ()))


def test_children_ignore_ctrl_c_and_do_not_block_signals(forks):
    assert list(forked.fork_map(disposition, _tasks(4), 2)) == [(n, (n, True, False)) for n in range(4)]
