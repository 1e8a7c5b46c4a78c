"""Hostile input: every file gets a diagnostic or a clear skip, never a traceback or a hang."""

from __future__ import annotations

import json
import os
import re
import resource
import time
import unicodedata

import pytest
from conftest import app_file, run_process
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jrnl_rej.core.text import clean
from jrnl_rej.reading.reader import read_bytes

GOOD = app_file(company="Acme", role="Data Engineer", applied="2026-11-20")
OK = b"---\ncompany: a\nrole: r\napplied: 2026-11-20\n---\n"

HOSTILE: dict[str, bytes] = {
    "empty.md": b"",
    "dashes.md": b"---",
    "unterminated.md": b"---\ncompany: a\nrole: r\n",
    "list.md": b"---\n- a\n---\n",
    "scalar.md": b"---\njust words\n---\n",
    "binary.md": bytes(range(256)) * 64,
    "latin1.md": "---\ncompany: Café\n---\n".encode("latin-1"),
    "bomb.md": b"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\n",
    "deep-flow.md": b"---\ncompany: " + b"[" * 20000 + b"]" * 20000 + b"\n---\n",
    "deep-block.md": b"---\ncompany:\n" + b"".join(b"  " * i + b"- \n" for i in range(2000)) + b"---\n",
    "deep-map.md": b"---\nx: " + b"{a: " * 20000 + b"1" + b"}" * 20000 + b"\n---\n",
    "tabs.md": b"---\ncompany: a\n\trole: r\n---\n",
    "types.md": b"---\ncompany: [a, b]\nrole: r\napplied: 20261001\ncheck_ins: 2026-10-05\n---\n",
    "impossible.md": b"---\ncompany: a\nrole: r\napplied: 2026-02-30\nscreen: 0000-00-00\n---\n",
    "escapes.md": b'---\ncompany: "\\e[31m\\e]52;c;ZXZpbA==\\a\\x07\\r\\0\\x9b\\u202e"\nrole: r\napplied: 2026-10-01\n---\n',
    "raw-controls.md": b"---\ncompany: a\x1b[2Jb\nrole: \xc2\x9bx\xe2\x80\xaey\napplied: 2026-10-01\n---\n",
    "toml.md": b'+++\ncompany = "a"\n+++\n',
    "big-body.md": OK + b"All work and no play.\n" * 1_000_000,
    "long-line.md": b"---\ncompany: " + b"a" * 1_000_000 + b"\nrole: r\napplied: 2026-11-20\n---\n",
    "long-key.md": b"---\n" + b"k" * 100_000 + b": 1\ncompany: a\nrole: r\napplied: 2026-11-20\n---\n",
    "python-tag.md": b"---\ncompany: !!python/object/apply:os.system ['echo pwned']\nrole: r\napplied: 2026-11-20\n---\n",
    "merge.md": b"---\nbase: &b {company: a}\n<<: *b\nrole: r\napplied: 2026-11-20\n---\n",
    "many-keys.md": b"---\n" + b"".join(b"k%d: %d\n" % (i, i) for i in range(50_000)) + b"---\n",
    "crlf-only.md": b"\r\n\r\n",
    "nul.md": b"---\ncompany: a\x00\n---\n",
    "bom-only.md": b"\xef\xbb\xbf",
    "surrogates.md": b"---\ncompany: \xed\xa0\x80\n---\n",
    "hr-body.md": b"---\n\n---\n# just a horizontal rule\n",
    "nested-docs.md": b"---\ncompany: a\n...\n---\n",
    "huge-list.md": b"---\ncompany: a\nrole: r\napplied: 2026-11-20\ntags: [" + b"a," * 2_000_000 + b"a]\n---\n",
    "year-9999.md": b"---\ncompany: a\nrole: r\napplied: 9999-12-31\nrevisit: 9999-12-31\n---\n",
    "year-0001.md": b"---\ncompany: a\nrole: r\napplied: 0001-01-01\n---\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_file_is_a_diagnostic_fast(name):
    start = time.perf_counter()
    result = read_bytes(name, HOSTILE[name], None)
    elapsed = time.perf_counter() - start
    assert elapsed < 5, f"{name} took {elapsed:.2f}s"  # a hang guard, not a benchmark
    for diag in result.diagnostics:
        assert diag.path == name and diag.line >= 1 and diag.column >= 1
    if name not in ("big-body.md", "long-line.md", "long-key.md", "escapes.md"):  # fine as they are
        assert result.application.has_errors, name


def test_a_whole_hostile_journal_in_a_real_process(journal, tmp_path):
    files = dict(HOSTILE)
    files["good.md"] = GOOD.encode()
    files["esc\x1b[31m\u202e\x07.md"] = OK
    root = journal(files)
    (root / "dir.md").mkdir()
    os.mkfifo(root / "fifo.md")
    os.symlink(".", root / "loop")
    os.symlink("..", root / "parent")
    os.symlink("self", root / "self")
    for fmt in ("text", "json", "github"):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result = run_process("--journal", str(root), "--today", "2026-11-25", "check", "--format", fmt, timeout=60)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]", result.stderr)
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]", result.stdout)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        assert max(peak, before) < 1_000_000  # KiB: bounded, well under a gigabyte
    data = json.loads(run_process("--journal", str(root), "--today", "2026-11-25", "check", "--format", "json").stdout)
    assert data["files"] == len(files)
    paths = {d["path"] for d in data["diagnostics"]}
    assert "good.md" not in paths
    assert {"binary.md", "bomb.md", "deep-flow.md", "empty.md", "toml.md"} <= paths


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_the_reader_never_raises_on_any_bytes(data):
    result = read_bytes("x.md", data, None)
    assert all(d.line >= 1 and d.column >= 1 for d in result.diagnostics)


_KEYS = ["company", "role", "applied", "screen", "status", "rejected", "rejection", "replied",
         "check_ins", "tags", "revisit", "jrnl-rej-ignore", "x"]  # fmt: skip
_VALUES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["2026-11-20", "2026-13-45", "no", "yes", "never", "[]", "[a, b]", "{a: 1}",
                     "rejected", "form", "yesterday", "Nov 3, 2026", "03/04/2026", "&a x", "*a", "~"]),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_KEYS), _VALUES), max_size=8), st.text(max_size=50))
def test_the_reader_never_raises_on_front_matter_shaped_text(pairs, body):
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + "---\n" + body
    result = read_bytes("x.md", text.encode("utf-8", "surrogatepass"), "DMY")
    assert all(d.line >= 1 for d in result.diagnostics)


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]")


@settings(max_examples=500)
@given(st.text())
def test_clean_output_has_no_control_or_bidi_characters(text):
    out = clean(text)
    assert not _UNSAFE.search(out)
    joiners = ("\u200c", "\u200d")
    assert all(
        unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
        or ch in joiners or 0xE0020 <= ord(ch) <= 0xE007F
        for ch in out
    )


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))))
def test_clean_leaves_ordinary_text_alone(text):
    assert clean(text) == text


def test_clean_is_reversible_enough_to_find_the_file():
    assert clean("a\x1bb\u202ec\x9bd\te") == "a\\x1bb\\u202ec\\x9bd\\te"


def test_unreadable_file_is_a_diagnostic(journal, monkeypatch):
    from jrnl_rej.core.config import Config
    from jrnl_rej.journal import discover as journal_mod

    root = journal({"a.md": GOOD})
    real_open = os.open

    def deny(path, flags, *args):
        if str(path).endswith("a.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(journal_mod.os, "open", deny)
    result, stamp = journal_mod.read_file(root, "a.md", Config())
    assert stamp is None
    assert [(d.rule, d.message) for d in result.diagnostics] == [
        ("front-matter", "cannot read the file: Permission denied")
    ]


def test_far_dates_are_errors_not_crashes(journal, run):
    """Date arithmetic near year 9999 overflows: such dates are refused as implausible."""
    files = {
        "a.md": app_file(company="A", role="r", applied="9999-12-31"),
        "b.md": app_file(company="B", role="r", applied="2026-10-01", screen="2026-10-05",
                         hiring_manager="2026-10-06", status="rejected", rejected="2026-11-24",
                         revisit="9999-12-31"),  # fmt: skip
        "c.md": GOOD,
    }
    root = journal(files)
    for args in (("check",), ("report",), ("index",), ("calendar",), ("check", "--unsafe-fixes")):
        result = run(root, *args)
        assert result.exit_code in (0, 1), (args, result.output)
    found = run(root, "check", "--format", "json").stdout
    assert '"a.md", "line": 4, "column": 10, "rule": "invalid-date"' in found
    assert run(root, "--today", "9999-12-31", "check").exit_code == 2
