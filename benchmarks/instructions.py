"""Instructions per file of each stage of a first check, counted by callgrind: repeatable to
the instruction on a busy machine, where timings drift by a third.

    python benchmarks/instructions.py                 # every stage, 1,000 files
    python benchmarks/instructions.py read encode --files 500

Each stage runs twice under `valgrind --tool=callgrind`, once doing its set-up only and
once doing the stage as well; the difference, divided by the number of files, is the
stage's cost. Needs valgrind. Stages:

  read           what a worker does per file: read, parse, encode (loader._read_chunk)
  document       decoding the bytes and composing the front matter (document.read_document)
  reader         turning the front matter into an Application and findings (_Reader.read)
  encode/decode  the cache encoding of a result, and rebuilding it in the main process
  file_rules     the rules that look at one file (lint.file_findings)
  journal_rules  the rules that compare applications (lint.journal_findings)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

STAGES = ("read", "document", "reader", "encode", "decode", "file_rules", "journal_rules")

STAGE = r"""
import gc, os, sys
os.environ["JRNL_REJ_NO_CACHE"] = "1"
from datetime import date
from jrnl_rej.journal import cache, codec, loader
from jrnl_rej.rules import engine as lint
from jrnl_rej.reading import document, reader
from jrnl_rej.core.config import from_source, read_source
from jrnl_rej.journal.discover import scan
from jrnl_rej.rules import Context
from jrnl_rej.journal.writer import read_regular_stat

root, what, n, measure = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
config = from_source(read_source(root))
paths = scan(root, config).paths
gc.disable()
loader._read_chunk(root, config, paths[-300:])  # imports, and what the first files fill in
today = date(2026, 11, 25)
chosen = paths[:n]
if what == "read":
    if measure:
        loader._read_chunk(root, config, chosen)
elif what in ("document", "reader"):
    data = [read_regular_stat(os.path.join(root, p))[0] for p in chosen]
    docs = [document.read_document(*document.decode(d))[0] for d in data] if what == "reader" else None
    if measure and what == "document":
        for d in data:
            document.read_document(*document.decode(d))
    elif measure:
        for p, doc in zip(chosen, docs):
            if doc is not None:
                reader._Reader(p, None).read(doc)
else:
    results = [loader._read_one(root, p, config)[1] for p in chosen]
    encoded = [codec.encode_result(r) for r in results] if what == "decode" else None
    lint._rules()
    empty = Context(today, config, [])
    usable = [r.application for r in results if not lint.file_findings(r, config, today, empty)[1]]
    if measure and what == "encode":
        for r in results:
            codec.encode_result(r)
    elif measure and what == "decode":
        for r, e in zip(results, encoded):
            codec.decode_result(r.application.path, (codec.intern_shape(e[0]), e[1], e[2]))
    elif measure and what == "file_rules":
        for r in results:
            lint.file_findings(r, config, today, empty)
    elif measure:
        lint.journal_findings(usable, config, today)
"""


def count(root: Path, stage: str, files: int, measure: bool) -> int:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONHASHSEED="0", PYTHONPATH=str(REPO))
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/cg", sys.executable, "-c", STAGE,
             str(root), stage, str(files), "1" if measure else "0"],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stages", nargs="*", metavar="STAGE", help=f"some of: {', '.join(STAGES)} (default: all)")
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args(argv)
    unknown = [stage for stage in args.stages if stage not in STAGES]
    if unknown:
        parser.error(f"unknown stage {unknown[0]!r}; the stages are {', '.join(STAGES)}")
    args.stages = args.stages or list(STAGES)
    from run import journal  # the 10,000-file benchmark journal, generated once

    root = journal(10_000)
    # compiled first, so that neither run counts the compiling of our modules
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "jrnl_rej")], check=True)
    for stage in args.stages:
        cost = count(root, stage, args.files, True) - count(root, stage, args.files, False)
        print(f"{stage:14s} {cost / args.files:>9,.0f} instructions per file")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
