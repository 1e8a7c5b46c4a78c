"""`jrnl-rej lsp`: the time from a didChange to its publishDiagnostics (SPEC §8: 50 ms at
1,000 files, 150 ms at 10,000, median).

    python benchmarks/lsp.py                 # 1,000 and 10,000 files, 20 changes each
    python benchmarks/lsp.py --files 1000 --changes 10

A real server process (`python -m jrnl_rej lsp`) on a generated journal, driven over stdio by a
bare JSON-RPC client. Each change toggles an unknown key in one open file, so every change has
new diagnostics to publish. Baseline, timed turn about in the same server: a hover request's
round trip (the protocol and the server's own overhead, no checking).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import TODAY  # noqa: E402
from run import BASE_ENV, PY, journal, median  # noqa: E402

TARGETS = {1_000: 0.050, 10_000: 0.150}


class Client:
    def __init__(self, root: Path):
        env = {**BASE_ENV, "JRNL_REJ_TODAY": str(TODAY)}
        self.proc = subprocess.Popen([PY, "-m", "jrnl_rej", "lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env)  # fmt: skip
        self.next_id = 0

    def send(self, method: str, params, request: bool = False) -> int | None:
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return message.get("id")

    def read(self) -> dict:
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the server stopped")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def until(self, wanted) -> dict:
        while True:
            message = self.read()
            if message.get("method") == "window/logMessage" and message["params"]["type"] <= 2:
                print("  server:", message["params"]["message"][:2000], file=sys.stderr, flush=True)
            if message.get("method") in ("window/workDoneProgress/create", "client/registerCapability"):
                self.send_result(message["id"])
            if wanted(message):
                return message

    def send_result(self, id_) -> None:
        body = json.dumps({"jsonrpc": "2.0", "id": id_, "result": None}).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def close(self) -> None:
        self.send("shutdown", None, request=True)
        self.send("exit", None)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def measure(files: int, changes: int, applied: bool = False) -> tuple[list[float], list[float], float]:
    """With `applied`, each change moves the file's applied date by a day (every application is
    compared again); else it toggles an unknown key (only the file's company is compared again)."""
    root = journal(files)
    candidates = sorted(root.rglob("*.md"))
    target = candidates[len(candidates) // 2]
    while applied and not re.search(r"^applied: \d{4}-\d\d-\d\d$", target.read_text(encoding="utf-8"), re.M):
        target = candidates[candidates.index(target) + 1]
    uri = target.as_uri()
    text = target.read_text(encoding="utf-8")
    other = text.replace("---\n", "---\nbenchmark_colour: blue\n", 1)
    if applied:
        day = re.search(r"^applied: (\d{4}-\d\d-\d\d)$", text, re.M).group(1)
        moved = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        other = text.replace(f"applied: {day}", f"applied: {moved}", 1)
    client = Client(root)
    try:
        rid = client.send("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {}},
                          request=True)  # fmt: skip
        client.until(lambda m: m.get("id") == rid)
        client.send("initialized", {})
        started = time.perf_counter()
        client.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown",
                                                              "version": 1, "text": text}})  # fmt: skip
        published = lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri  # noqa: E731
        client.until(published)
        first = time.perf_counter() - started
        latencies, base = [], []
        for version in range(2, changes + 2):
            new = other if version % 2 == 0 else text
            started = time.perf_counter()
            client.send("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": new}]})  # fmt: skip
            client.until(published)
            latencies.append(time.perf_counter() - started)
            started = time.perf_counter()
            where = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}
            hid = client.send("textDocument/hover", where, request=True)
            client.until(lambda m, hid=hid: m.get("id") == hid)
            base.append(time.perf_counter() - started)
        return latencies, base, first
    finally:
        client.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, action="append", help="journal size (repeatable)")
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args(argv)
    print("| measurement | files | median (best) | baseline: hover round trip | ratio | target | met |")
    print("|---|---|---|---|---|---|---|")
    for files in args.files or sorted(TARGETS):
        for applied in (False, True):
            samples, base, first = measure(files, args.changes, applied)
            mid, low = median(samples), min(samples)
            goal = TARGETS.get(files)
            met = "" if goal is None else ("yes" if mid <= goal else f"no ({mid / goal:.1f}x the target)")
            what = "an applied date moved" if applied else "an unknown key toggled"
            print(f"| lsp didChange -> publishDiagnostics, {what} (first check {first:.2f} s) | {files:,} | "
                  f"{mid * 1000:.0f} ({low * 1000:.0f}) ms | {median(base) * 1000:.1f} ms | "
                  f"{mid / median(base):.1f}x | {'' if goal is None else f'<= {goal * 1000:.0f} ms'} | {met} |",
                  flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
