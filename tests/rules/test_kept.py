"""KeptFindings (watch, the language server) finds after every change exactly what a fresh
`analyse` finds for the same files, though it compares again only what a change can alter."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest

from jrnl_rej.core.config import Config
from jrnl_rej.reading.reader import read_text
from jrnl_rej.rules.engine import KeptFindings, analyse

TODAY = date(2026, 11, 25)
COMPANIES = ["Acme", "acme ", "Globex", "Initech", "Hooli"]
ROLES = ["Data Engineer", "data engineer", "Analyst"]


def _text(rnd: random.Random, applied: date | None = None) -> str:
    """A random application; with `applied`, one applied that day (an edit that keeps it)."""
    applied = applied or TODAY - timedelta(days=rnd.randrange(0, 400))
    lines = [f"company: {rnd.choice(COMPANIES)}", f"role: {rnd.choice(ROLES)}"]
    if rnd.random() < 0.9:
        lines.append(f"applied: {applied}")
    status = rnd.choice(["open", "open", "rejected", "rejected", "withdrawn", "accepted"])
    lines.append(f"status: {status}")
    if status == "rejected":
        rejected = min(TODAY, applied + timedelta(days=rnd.randrange(1, 60)))
        lines += [f"rejected: {rejected}", f"rejection: {rnd.choice(['silent', 'form', 'post_interview'])}"]
        if rnd.random() < 0.3:
            lines.append(f"revisit: {rejected + timedelta(days=rnd.randrange(30, 200))}")
    if status == "accepted" and rnd.random() < 0.7:
        lines.append(f"offer: {min(TODAY, applied + timedelta(days=20))}")
    if rnd.random() < 0.2:
        lines.append(f"screen: {applied + timedelta(days=rnd.randrange(-5, 30))}")  # sometimes out of order
    if rnd.random() < 0.05:
        lines.append("applied: twice")  # an error: the file leaves the journal rules
    return "---\n" + "\n".join(lines) + "\n---\n"


def _same(left, right) -> None:
    assert left.diagnostics == right.diagnostics
    assert [a.path for a in left.usable] == [a.path for a in right.usable]
    assert left.skipped == right.skipped


@pytest.mark.parametrize("seed", range(16))
def test_kept_findings_match_a_fresh_analyse_after_every_change(seed):
    rnd = random.Random(seed)
    config = Config()
    texts = {f"f{i:02}.md": _text(rnd) for i in range(40)}
    read = lambda path: read_text(path, texts[path], False, config.date_order)  # noqa: E731
    results = {path: read(path) for path in texts}
    kept = KeptFindings()
    for _step in range(40):
        roll = rnd.random()
        names = sorted(texts)
        if roll < 0.1 and len(names) > 5:
            gone = rnd.choice(names)
            del texts[gone], results[gone]
        else:
            changed = [f"n{rnd.randrange(1000):03}.md"] if roll < 0.2 else rnd.sample(names, rnd.choice([1, 1, 2, 3]))
            for path in changed:
                keep = re.search(r"^applied: (\d{4}-\d\d-\d\d)$", texts.get(path, ""), re.M)
                if keep and rnd.random() < 0.7:  # most edits keep the applied date: compared in part
                    texts[path] = _text(rnd, date.fromisoformat(keep.group(1))).replace(
                        "status: accepted", "status: open")  # fmt: skip
                else:
                    texts[path] = _text(rnd)
                results[path] = read(path)
        incremental = kept.analyse([results[p] for p in sorted(results)], config, TODAY)
        fresh = analyse([read(p) for p in sorted(texts)], config, TODAY)  # new objects, shared with nothing
        _same(incremental, fresh)
