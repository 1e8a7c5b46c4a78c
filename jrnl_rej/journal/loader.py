"""Reading the whole journal: discovery, then a read of every file that changed since last time.

Unchanged files come from the cache (cache.py). The others are read here, on every
core when there are many (a first run over thousands of files: forked.py), where the
results are rebuilt from what the worker processes send in the cache's encoding. Encoding and
rebuilding give an equal result (tested), so a cached run, a fresh one and a parallel
one give equal results in the same order. Results carry no Document: code that edits
a file reads it again with journal.read_file, which also makes sure it edits what is
on disk now.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

from ..core.config import Config
from ..reading.reader import ReadResult, read_path_bytes
from . import cache, forked
from .codec import Unencodable, decode_result, encode_result, intern_shape
from .discover import Scan, scan, take_stamps
from .store import racy

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a few ms)
if TYPE_CHECKING:
    from pathlib import Path

HELD_MAX = 1 << 20  # racy files' bytes kept by the cache and the memo: a few files just edited, not a clone
PARALLEL_MIN = 2000  # below this many files to read, starting worker processes does not pay
_FILES_PER_WORKER = 1000


def load_journal(root: Path, config: Config, progress=None, found: Scan | None = None,
                 moved: list[str] | None = None, each=None, held: dict[str, bytes] | None = None,
                 ) -> list[ReadResult]:  # fmt: skip
    """Every application file of the journal, read (or remembered) and sorted by path.

    `progress`, when given, is told the number of files to read (`start(total)`)
    and then called with the number just read; files taken from the cache do not
    count, so a warm run never shows a bar. `found` is the journal's scan when the
    caller has just made one (made with stat=False, its stamps are taken here: from the
    reads themselves when the cache has nothing to look up, as on a first run). `moved`,
    when given, gets the files that changed between the scan and their read (what was
    read is not what the scan's stamps describe). `each`, when given, is called with
    (index, result) for every file read (not those from the cache) as soon as it is.
    `held`, when given, gets the bytes of each file read in this process that changed
    within the racy margin, up to HELD_MAX bytes in all, and of each such file the cache
    gave (its bytes compared): memo.py keeps them, as the cache does, to tell the file
    apart from its next edit.
    """
    if found is None:
        found = scan(root, config, stat=False)
    started_ns, paths = found.started_ns, found.paths
    gc_was_enabled = gc.isenabled()
    gc.disable()  # reading makes many small objects and no cycles; collecting them is waste
    try:
        try:
            store = cache.open_cache(root, config)
        except Exception:  # no usable cache folder: read everything, as without a cache
            store = None
        if store is not None and store.entries:  # files to look up: by their stamps
            take_stamps(found)
        stamp_on_read = found.entries is not None  # else each stamp is the scan's
        found.entries = None  # not needed any more: each stamp is the scan's, or will be the read's
        results: list[ReadResult | None] = [None] * len(paths)
        todo: list[int] = []
        for i, (relpath, stamp) in enumerate(zip(paths, found.stamps, strict=True)):
            if store is not None:
                if stamp is None:
                    todo.append(i)  # read_file says why in a diagnostic
                    continue
                hit = store.get(relpath, stamp, started_ns)
                if hit is not None:
                    results[i] = hit
                    continue
            todo.append(i)

        if progress is not None:
            progress.start(len(todo))
        # Results arrive a chunk at a time and are rebuilt at once, so that the encoded
        # form of the whole journal is never held twice (100,000 files: 100 MB less).
        position = iter(todo)
        held_bytes = 0
        for chunk in _read_all(root, config, [paths[i] for i in todo], progress):
            for encoded, result, read_stamp, data in chunk:
                i = next(position)
                relpath = paths[i]
                if stamp_on_read:  # its stamp is what it was when read
                    stamp = found.stamps[i] = read_stamp
                    as_scanned = read_stamp is not None
                else:  # whether the file is still what the scan saw (mtime, size and inode) when it was read
                    stamp = found.stamps[i]
                    as_scanned = stamp is not None and read_stamp is not None \
                        and (stamp[0], stamp[2], stamp[3]) == (read_stamp[0], read_stamp[2], read_stamp[3])  # fmt: skip
                kept = None  # the bytes of a file changed just now: they tell it apart from its next edit
                # (data comes with a stamp: both are None when the file could not be read)
                if data is not None and (racy(read_stamp, started_ns) or (stamp and racy(stamp, started_ns))):
                    held_bytes += len(data)
                    if held_bytes <= HELD_MAX:
                        kept = data
                        if held is not None:
                            held[relpath] = data
                if encoded is not None:
                    encoded = (intern_shape(encoded[0]), encoded[1], encoded[2])
                    if result is None:  # read in another process: rebuilt from what it sent
                        result = decode_result(relpath, encoded)
                    if store is not None and as_scanned:  # else its stamp would not describe it
                        store.put(relpath, stamp, encoded, started_ns, kept)
                if moved is not None and not as_scanned:
                    moved.append(relpath)
                results[i] = result
                if each is not None:
                    each(i, result)
        if store is not None:
            if held is not None:
                held.update(store.confirmed)  # racy files taken from the cache, their bytes just compared
            store.save(paths)
    finally:
        if gc_was_enabled:
            gc.enable()
    return results  # type: ignore[return-value]


def _read_one(root, relpath: str, config: Config, keep: bool = True):
    """(encoded result or None, the result, the stamp as read: mtime, ctime, size, inode, the
    bytes read) of one file.

    The result (without its Document) and the bytes are left out when `keep` is false: a
    worker process sends only the encoded form, which is smaller to pass and quicker to
    rebuild than the objects. Encoding and rebuilding give an equal result (tested), so a result read here
    and one rebuilt there are the same. A result that cannot be encoded (never seen: it
    would take a value of a type the reader does not make) is sent as (None, None, stamp,
    None), and the main process reads that file again itself.
    """
    result, info, data = read_path_bytes(root, relpath, config.date_order)
    read_stamp = None if info is None else (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
    result.document = None
    try:
        encoded = encode_result(result)
    except Unencodable:
        encoded = None
    if keep:
        return encoded, result, read_stamp, data
    return encoded, None, read_stamp, None


def _read_chunk(root, config: Config, relpaths: list[str]) -> list[tuple]:
    return [_read_one(root, relpath, config, keep=False) for relpath in relpaths]


def _read_all(root, config: Config, relpaths: list[str], progress) -> Iterator[list[tuple]]:
    """What _read_one gives for each path, in order, a chunk at a time."""
    done = 0
    workers = _worker_count(len(relpaths))
    if workers > 1:
        try:
            for chunk in _read_parallel(root, config, relpaths, workers):
                for j, (encoded, result, _, _) in enumerate(chunk):
                    if encoded is None and result is None:  # could not be sent: read it here
                        chunk[j] = _read_one(root, relpaths[done + j], config)
                done += len(chunk)
                if progress is not None:
                    progress(len(chunk))
                yield chunk
        except (OSError, RuntimeError, ImportError):
            pass  # no processes here (a sandbox, a tiny container): read the rest one by one
    for relpath in relpaths[done:]:
        yield [_read_one(root, relpath, config)]
        if progress is not None:
            progress(1)


def _worker_count(files: int) -> int:
    if files <= PARALLEL_MIN:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, files // _FILES_PER_WORKER))


def _read_parallel(root, config: Config, relpaths: list[str], workers: int) -> Iterator[list]:
    # Small enough that the workers end together (each takes the next chunk when free),
    # large enough that sending them costs little; never more chunks than fork_map takes.
    size = max(50, min(250, len(relpaths) // (workers * 8)), -(-len(relpaths) // forked.MAX_TASKS))
    chunks = [relpaths[i : i + size] for i in range(0, len(relpaths), size)]
    # fork is fast (the workers inherit what is imported), but unsafe once other threads
    # run (the watcher's observer): then start clean interpreters instead.
    if forked.fork_is_safe():
        for _, chunk in forked.fork_map(_read_chunk, [(root, config, chunk) for chunk in chunks], workers):
            yield chunk
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    count = len(chunks)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_worker) as pool:
        try:
            yield from pool.map(_read_chunk, [root] * count, [config] * count, chunks)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _quiet_worker() -> None:
    """Workers leave Ctrl-C to the main process, and skip garbage collection like it does."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()
