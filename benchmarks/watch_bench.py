"""The watch row: seconds from an atomic save of one file to the changed INDEX.md."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from generate import TODAY


def watch_latency(root: Path, env, saves: int, jrnl) -> tuple[list[float], str]:
    """Seconds from an atomic save of one file to the changed INDEX.md, as `watch` runs.

    `env` gives the timed processes' environment (`env.vars()`), `jrnl` their command line."""
    import threading

    from jrnl_rej.core.config import load
    from jrnl_rej.journal.discover import discover, read_file

    try:
        import jrnl_rej.commands.watch  # noqa: F401
    except ImportError:
        return [], "jrnl_rej.commands.watch does not exist yet"
    config = load(root)
    target = None
    for relpath in discover(root, config):
        result, _ = read_file(root, relpath, config)
        app = result.application
        if not app.has_errors and app.status == "open" and app.stage_reached == "applied":
            target = root / relpath
            break
    if target is None:
        return [], "no open application to edit"
    original = target.read_bytes()
    head, sep, tail = original.partition(b"\n---\n")
    rejected = head + f"\nstatus: rejected\nrejected: {TODAY.isoformat()}".encode() + sep + tail
    rejected = rejected.replace(b"\nstatus: open\n", b"\n", 1)
    index = root / config.index

    proc = subprocess.Popen(jrnl(root, "watch"), env=env.vars(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    ready = threading.Event()

    def read_output() -> None:
        for line in proc.stdout:
            if line.startswith("Watching "):
                ready.set()

    threading.Thread(target=read_output, daemon=True).start()
    latencies: list[float] = []
    note = ""
    try:
        if not ready.wait(120):
            return [], "watch did not report that it was watching within 120 s"
        time.sleep(1.0)  # let the first write and its own events settle
        for i in range(saves):
            before = index.read_bytes()
            content = rejected if i % 2 == 0 else original
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_bytes(content)
            start = time.perf_counter()
            os.replace(tmp, target)
            while True:
                try:
                    now = index.read_bytes()
                except OSError:
                    now = before
                if now != before:
                    latencies.append(time.perf_counter() - start)
                    break
                if time.perf_counter() - start > 30:
                    note = "the index did not change within 30 s of a save"
                    break
                time.sleep(0.001)
            if note:
                break
            time.sleep(1.0)  # one save at a time, as a person saves
    finally:
        target.write_bytes(original)
        os.utime(target, ns=(1_700_000_000 * 10**9,) * 2)
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return latencies, note
