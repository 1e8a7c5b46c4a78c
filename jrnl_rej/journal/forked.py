"""Running one function over many tasks in forked child processes, results sent back by marshal.

The loader uses this for a cold read of thousands of files. Kept over concurrent.futures'
ProcessPoolExecutor (fork context) because, side by side, a cold check of 10,000 files
took 1.10x as long with the pool by medians and 1.12x by bests (benchmarks/README.md):
importing it takes 20 to 30 ms (logging, socket, subprocess, pickle and threads come
along), and it pickles results where marshal moves the loader's plain tuples faster. All
that is needed is fork, a pipe per child and a length before each message. Where fork is
not safe (other threads running, or not Linux), the loader starts fresh interpreters with
concurrent.futures.

Each child takes the next task not yet taken, runs it and sends its result as soon as
it is done; the parent yields results in task order. A child that dies leaves the
task it was running unanswered, and the parent runs it itself, so the caller gets
every result either way. Children ignore Ctrl-C (the parent handles it), never return
into the caller's code (they end with os._exit, so no buffered output or exit handler
runs twice), and are killed and reaped whenever the parent stops early.
"""

from __future__ import annotations

import marshal
import os
import select
import signal
import struct
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial

_LENGTH = struct.Struct("<Q")
_INDEX = struct.Struct("<I")
MAX_TASKS = 16_384  # their numbers fill a pipe of the smallest size Linux and macOS give (64 KB)
_PIPE_SIZE = 1 << 20  # Linux's default /proc/sys/fs/pipe-max-size


def fork_is_safe() -> bool:
    """Whether this process may fork and go on in the child: Linux, and no other thread
    running (a child of a threaded process can deadlock on a lock another thread held)."""
    threading = sys.modules.get("threading")  # threads start only through it
    return sys.platform.startswith("linux") and (threading is None or threading.active_count() == 1)


def fork_map(function: Callable, tasks: Sequence[tuple], workers: int) -> Iterator[tuple[int, object]]:
    """Yield (index, function(*tasks[index])) for every task, in order.

    Results must be values marshal can write (plain tuples, lists, text, numbers, None).
    At most MAX_TASKS tasks. Raises OSError when no child can be started; the caller then
    runs the tasks itself.
    """
    if len(tasks) > MAX_TASKS:
        raise RuntimeError(f"at most {MAX_TASKS} tasks")
    children: dict[int, int] = {}  # read end of the pipe -> pid
    finished = False
    # Every task's number, in one pipe all children take from as they are free: a child
    # given slower files takes fewer of them. Written whole before any child starts.
    todo_read, todo_write = os.pipe()
    try:
        try:
            _write_all(todo_write, b"".join(_INDEX.pack(index) for index in range(len(tasks))))
        finally:
            os.close(todo_write)
        for _ in range(min(workers, len(tasks))):
            read_end, write_end = os.pipe()
            _widen(write_end)
            unused = (read_end, *children)  # the child's copies of the other pipes' read ends
            try:
                _start(_serve, (function, tasks, todo_read, write_end, unused), partial(children.__setitem__, read_end))
            finally:
                if read_end not in children:  # fork failed: this pipe has no child
                    os.close(read_end)
                os.close(write_end)
        os.close(todo_read)
        todo_read = -1
        yield from _collect(function, tasks, list(children))
        finished = True
    finally:
        if todo_read >= 0:
            os.close(todo_read)
        for read_end, pid in children.items():
            try:
                os.close(read_end)
            except OSError:
                pass
            if not finished:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            try:
                os.waitpid(pid, 0)
            except OSError:
                pass


def _serve(function: Callable, tasks: Sequence[tuple], todo: int, out: int, unused: tuple[int, ...]) -> None:
    """A child's work: take the next task number from `todo` until none is left, run it and
    send its result to `out`, after a length."""
    for fd in unused:
        os.close(fd)
    # each read takes one whole number: they were written before any read
    while taken := os.read(todo, _INDEX.size):
        (index,) = _INDEX.unpack(taken)
        data = marshal.dumps((index, function(*tasks[index])))
        _write_all(out, _LENGTH.pack(len(data)) + data)


def _start(child: Callable, args: tuple, started: Callable[[int], object]) -> None:
    """Fork a child that runs child(*args) and ends with os._exit (0 once it returned, 1 if it
    raised), ignoring Ctrl-C (the parent handles it). Ctrl-C waits while the child is made:
    the child must not see it before it ignores it (it would run the parent's handler, and
    could return into the caller's code), and started(pid) runs in the parent before it
    can arrive, so the caller always knows the child it has to reap. Raises OSError."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, (signal.SIGINT,))
    try:
        pid = os.fork()
        if pid == 0:  # the child: never leaves this branch
            code = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                child(*args)
                code = 0
            finally:
                os._exit(code)
        started(pid)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _collect(function: Callable, tasks: Sequence[tuple], pipes: list[int]) -> Iterator[tuple[int, object]]:
    """Read every child's messages as they come; yield results in task order."""
    poller = select.poll()
    buffers = {}
    for fd in pipes:
        poller.register(fd, select.POLLIN)
        buffers[fd] = bytearray()
    waiting: dict[int, object] = {}  # results that came before an earlier one
    following = 0  # the next index to yield
    open_pipes = len(pipes)
    while open_pipes:
        for fd, _ in poller.poll():
            data = os.read(fd, 1 << 20)
            if not data:  # the child is done, or died
                poller.unregister(fd)
                open_pipes -= 1
                continue
            buffer = buffers[fd]
            buffer += data
            start = 0
            while len(buffer) - start >= _LENGTH.size:
                (size,) = _LENGTH.unpack_from(buffer, start)
                end = start + _LENGTH.size + size
                if len(buffer) < end:
                    break
                index, result = marshal.loads(buffer[start + _LENGTH.size : end])
                waiting[index] = result
                start = end
            del buffer[:start]
        while following in waiting:
            yield following, waiting.pop(following)
            following += 1
    for index in range(following, len(tasks)):  # what a child that died left undone
        yield index, waiting.pop(index) if index in waiting else function(*tasks[index])


def _widen(fd: int) -> None:
    """A pipe that holds a few results (Linux: 1 MB, not 64 KB), so that a child does not wait
    for the parent to read while the parent works on the results it already has."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    except (ImportError, AttributeError, OSError):  # not Linux, or a lower limit: the default size
        pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
