"""`check --fix` and `--unsafe-fixes`: exactly the fixed values change, once."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from conftest import TODAY, run_process
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jrnl_rej.commands.session import Session
from jrnl_rej.core.config import Config
from jrnl_rej.journal.fixes import apply_fixes, relative_date_fix
from jrnl_rej.reading.reader import read_text

HAND_WRITTEN = """\
---
# from the careers page
company: Hooli   # big
role: "Platform Engineer"
applied:   "Oct 1, 2026"    # from the email
check_ins: [10/15/2026, 2026-10-16]
tags:
  - infra

screen: Oct 9
offer_notes: 'none'
---
Notes: applied: Oct 1, 2026
---
"""

AFTER_FIX = """\
---
# from the careers page
company: Hooli   # big
role: "Platform Engineer"
applied:   2026-10-01    # from the email
check_ins: [2026-10-15, 2026-10-16]
tags:
  - infra

screen: Oct 9
offer_notes: 'none'
---
Notes: applied: Oct 1, 2026
---
"""

AFTER_UNSAFE = """\
---
# from the careers page
company: Hooli   # big
role: "Platform Engineer"
applied:   2026-10-01    # from the email
check_ins: [2026-10-15, 2026-10-16]
tags:
  - infra

screen: 2026-10-09
offer_notes: 'none'
status: rejected
rejected: 2026-10-30
rejection: silent
---
Notes: applied: Oct 1, 2026
---
"""

VARIANTS = {
    "lf": lambda text: text.encode("utf-8"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "bom": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "bom+crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_fix_rewrites_only_the_dates(journal, run, variant):
    as_bytes = VARIANTS[variant]
    root = journal({"hooli.md": as_bytes(HAND_WRITTEN)})
    result = run(root, "check", "--fix")
    assert (root / "hooli.md").read_bytes() == as_bytes(AFTER_FIX)
    assert result.stderr.splitlines()[0] == "Fixed hooli.md"
    assert "fixed 2 problems" in result.stdout
    # what is left: the relative date; a file with an error gets no reminders until it is fixed
    assert "relative-date" in result.stdout
    assert "stale-silent" not in result.stdout and "extra-check-in" not in result.stdout
    assert "non-iso-date" not in result.stdout
    assert result.exit_code == 1


@pytest.mark.parametrize("variant", VARIANTS)
def test_unsafe_fixes_resolve_relative_dates_and_close_silence(journal, run, variant):
    as_bytes = VARIANTS[variant]
    root = journal({"hooli.md": as_bytes(HAND_WRITTEN)})
    result = run(root, "check", "--unsafe-fixes")
    assert (root / "hooli.md").read_bytes() == as_bytes(AFTER_UNSAFE)
    assert result.stderr.splitlines()[0] == "Fixed hooli.md"
    assert "fixed 4 problems" in result.stdout
    # closed as silent, the application is no longer open: its extra check-in no longer matters
    assert [line.split()[2] for line in result.stdout.splitlines() if line.startswith("hooli.md:")] == []


@pytest.mark.parametrize("option", ["--fix", "--unsafe-fixes"])
def test_a_second_run_changes_nothing(journal, run, option):
    root = journal({"hooli.md": HAND_WRITTEN})
    path = root / "hooli.md"
    run(root, "check", option)
    before = path.read_bytes(), path.stat().st_mtime_ns
    again = run(root, "check", option)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert "Fixed" not in again.stderr
    assert "fixed" not in again.stdout


def test_mode_is_kept(journal, run):
    root = journal({"hooli.md": HAND_WRITTEN})
    os.chmod(root / "hooli.md", 0o640)
    run(root, "check", "--fix")
    assert (root / "hooli.md").stat().st_mode & 0o777 == 0o640


def test_select_and_ignore_limit_the_fixes(journal, run):
    root = journal({"hooli.md": HAND_WRITTEN})
    run(root, "check", "--unsafe-fixes", "--ignore", "stale-silent")
    text = (root / "hooli.md").read_text()
    assert "screen: 2026-10-09\n" in text and "applied:   2026-10-01" in text
    assert "status" not in text

    root = journal({"hooli.md": HAND_WRITTEN})
    run(root, "check", "--unsafe-fixes", "--select", "relative-date")
    assert (root / "hooli.md").read_text() == HAND_WRITTEN.replace("screen: Oct 9", "screen: 2026-10-09")


def test_named_files_only(journal, run):
    root = journal({"hooli.md": HAND_WRITTEN, "other.md": HAND_WRITTEN.replace("Hooli", "Initech")})
    result = run(root, "check", "--fix", str(root / "other.md"))
    assert result.stderr.splitlines()[0] == "Fixed other.md"
    assert (root / "hooli.md").read_text() == HAND_WRITTEN


def test_ignored_in_the_file_is_not_fixed(journal, run):
    text = HAND_WRITTEN.replace("offer_notes: 'none'\n", "offer_notes: 'none'\njrnl-rej-ignore: [stale-silent]\n")
    root = journal({"hooli.md": text})
    run(root, "check", "--unsafe-fixes")
    assert "status:" not in (root / "hooli.md").read_text()


def test_silence_is_not_closed_while_the_file_has_an_error(journal, run):
    text = HAND_WRITTEN.replace("screen: Oct 9", "screen: soon")
    root = journal({"hooli.md": text})
    result = run(root, "check", "--unsafe-fixes")
    after = (root / "hooli.md").read_text()
    assert "status:" not in after and "screen: soon" in after
    assert "invalid-date" in result.stdout and "stale-silent" not in result.stdout  # no reminders: it has an error


def test_relative_dates_in_the_future_are_left_alone(journal, run):
    root = journal({"a.md": "---\ncompany: A\nrole: B\napplied: 2026-11-20\nscreen: tomorrow\n"
                            "revisit: in 3 months\n---\n"})  # fmt: skip
    run(root, "check", "--unsafe-fixes")
    assert (root / "a.md").read_text() == (
        "---\ncompany: A\nrole: B\napplied: 2026-11-20\nscreen: tomorrow\nrevisit: 2027-02-25\n---\n"
    )


def test_relative_date_in_a_block_list(journal, run):
    root = journal({"a.md": "---\ncompany: A\nrole: B\napplied: 2026-11-20\ncheck_ins:\n"
                            "  - yesterday   # nudged\nstatus: open\n---\n"})  # fmt: skip
    run(root, "check", "--unsafe-fixes")
    assert (root / "a.md").read_text() == (
        "---\ncompany: A\nrole: B\napplied: 2026-11-20\ncheck_ins:\n  - 2026-11-24   # nudged\nstatus: open\n---\n"
    )


def test_relative_date_fix_unit():
    result = read_text("a.md", "---\ncompany: A\nscreen: last friday\n---\n", False, None)
    (diag,) = [d for d in result.diagnostics if d.rule == "relative-date"]
    fix = relative_date_fix(diag, result.document, TODAY, None)
    assert not fix.safe
    (edit,) = fix.edits
    assert (edit.text, result.document.text[edit.start : edit.end]) == ("2026-11-20", "last friday")


def test_json_output_after_fixing(journal, run):
    root = journal({"hooli.md": HAND_WRITTEN})
    result = run(root, "check", "--fix", "--format", "json")
    data = json.loads(result.stdout)
    assert {d["rule"] for d in data["diagnostics"]} == {"relative-date"}  # the error; no reminders with it
    assert result.stderr == ""


def test_fix_as_a_real_process(journal):
    root = journal({"hooli.md": HAND_WRITTEN.replace("\n", "\r\n")})
    done = run_process("--journal", str(root), "--today", TODAY.isoformat(), "check", "--unsafe-fixes")
    assert done.returncode == 0  # closed: its extra check-in no longer matters
    assert done.stderr.splitlines()[0] == "Fixed hooli.md"
    assert (root / "hooli.md").read_bytes() == AFTER_UNSAFE.replace("\n", "\r\n").encode()


# -- properties -----------------------------------------------------------------------------------

DATE_VALUES = st.sampled_from([
    "2026-10-01", "2026-10-1", "'2026-10-01'", '"Oct 1, 2026"', "10/15/2026", "15/10/2026",
    "2026-10-02 14:30:00", "yesterday", "Oct 9", "last friday", "3 days ago", "soon", "", "~",
])  # fmt: skip
SPACING = st.sampled_from([" ", "   ", "\t"])
COMMENTS = st.sampled_from(["", "  # note", "   # a: b"])


@st.composite
def application_files(draw) -> bytes:
    lines = ["---"]
    if draw(st.booleans()):
        lines.append("# top comment")
    lines.append(f"company:{draw(SPACING)}Hooli{draw(COMMENTS)}")
    lines.append("role: 'Data Engineer'")
    for key in draw(st.lists(st.sampled_from(["applied", "screen", "rejected", "replied"]),
                             unique=True, min_size=1)):  # fmt: skip
        lines.append(f"{key}:{draw(SPACING)}{draw(DATE_VALUES)}{draw(COMMENTS)}")
    if draw(st.booleans()):
        items = draw(st.lists(DATE_VALUES.filter(lambda v: "," not in v and v), max_size=3))
        if draw(st.booleans()):
            lines.append(f"check_ins: [{', '.join(items)}]")
        else:
            lines.append("check_ins:" + "".join(f"\n  - {item}" for item in items))
    if draw(st.booleans()):
        lines.append(f"status: {draw(st.sampled_from(['open', 'rejected', 'withdrawn']))}")
    if draw(st.booleans()):
        lines.append("")
    lines.append("---")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    front = newline.join(lines) + newline
    body = draw(st.text(max_size=200))
    data = (front + body).encode("utf-8")
    return b"\xef\xbb\xbf" + data if draw(st.booleans()) else data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(application_files())
def test_fixes_never_touch_the_body_and_settle_at_once(data):
    # One journal per example: keep them out of the user's cache folder.
    with mock.patch.dict(os.environ, {"JRNL_REJ_NO_CACHE": "1"}), tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / "app.md"
        path.write_bytes(data)
        front_end = data.index(b"\n---", 3) + 4  # end of the closing line's dashes
        body = data[data.index(b"\n", front_end) + 1 :] if b"\n" in data[front_end:] else b""

        session = Session(root=root, config=Config(), today=date(2026, 11, 25))
        apply_fixes(session, session.analyse(), unsafe=True)
        once = path.read_bytes()
        assert once.endswith(body)
        assert once.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
        assert (b"\r\n" in once[:20]) == (b"\r\n" in data[:20])

        stamp = path.stat().st_mtime_ns
        again = apply_fixes(session, session.refresh(), unsafe=True)
        assert again.paths == [] and again.count == 0
        assert path.read_bytes() == once and path.stat().st_mtime_ns == stamp


def test_fix_skips_a_read_only_file_says_so_and_fixes_the_others(tmp_path):
    from conftest import run_process

    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("---\ncompany: A\nrole: R\napplied: Nov 3, 2026\nstatus: open\n---\n")
    (tmp_path / "b.md").chmod(0o444)
    done = run_process("--journal", str(tmp_path), "--today", "2026-11-25", "check", "--fix",
                       env={"JRNL_REJ_NO_CACHE": "1"})  # fmt: skip
    assert "Fixed a.md" in done.stderr
    assert "Not fixed b.md:" in done.stderr and "read-only" in done.stderr
    assert "applied: 2026-11-03" in (tmp_path / "a.md").read_text()
    assert "Nov 3, 2026" in (tmp_path / "b.md").read_text()
    assert "Traceback" not in done.stderr
