"""`jrnl-rej log FILE EVENT [WHEN]`: each event changes its keys and nothing else."""

from __future__ import annotations

import os

import pytest
from conftest import TODAY, run_process

BASE = """\
---
# Application notes
company:   "Acme Corp"    # the big one
role: 'Senior Data Engineer'
applied: 2026-10-02
source: referral
tags:
  - data   # first
  - remote

check_ins: [2026-10-16]
status:   open   # still hoping
---
Body with a line that looks like a key:
status: open
---
"""

# Each event, and the whole file after it, written out.
EXPECTED = {
    ("screen", "2026-10-09"): """\
---
# Application notes
company:   "Acme Corp"    # the big one
role: 'Senior Data Engineer'
applied: 2026-10-02
source: referral
tags:
  - data   # first
  - remote

check_ins: [2026-10-16]
status:   open   # still hoping
screen: 2026-10-09
---
Body with a line that looks like a key:
status: open
---
""",
    ("hiring-manager", "2026-10-16"): """\
---
# Application notes
company:   "Acme Corp"    # the big one
role: 'Senior Data Engineer'
applied: 2026-10-02
source: referral
tags:
  - data   # first
  - remote

check_ins: [2026-10-16]
status:   open   # still hoping
hiring_manager: 2026-10-16
---
Body with a line that looks like a key:
status: open
---
""",
    ("final-round", "Oct", "30,", "2026"): """\
---
# Application notes
company:   "Acme Corp"    # the big one
role: 'Senior Data Engineer'
applied: 2026-10-02
source: referral
tags:
  - data   # first
  - remote

check_ins: [2026-10-16]
status:   open   # still hoping
final_round: 2026-10-30
---
Body with a line that looks like a key:
status: open
---
""",
    ("offer", "Nov 5"): """\
---
# Application notes
company:   "Acme Corp"    # the big one
role: 'Senior Data Engineer'
applied: 2026-10-02
source: referral
tags:
  - data   # first
  - remote

check_ins: [2026-10-16]
status:   open   # still hoping
offer: 2026-11-05
---
Body with a line that looks like a key:
status: open
---
""",
    ("check-in", "2026-10-23"): """\
---
# Application notes
company:   "Acme Corp"    # the big one
role: 'Senior Data Engineer'
applied: 2026-10-02
source: referral
tags:
  - data   # first
  - remote

check_ins: [2026-10-16, 2026-10-23]
status:   open   # still hoping
---
Body with a line that looks like a key:
status: open
---
""",
    ("rejected", "2026-11-20"): """\
---
# Application notes
company:   "Acme Corp"    # the big one
role: 'Senior Data Engineer'
applied: 2026-10-02
source: referral
tags:
  - data   # first
  - remote

check_ins: [2026-10-16]
status:   rejected   # still hoping
rejected: 2026-11-20
rejection: form
---
Body with a line that looks like a key:
status: open
---
""",
    ("replied", "yesterday"): """\
---
# Application notes
company:   "Acme Corp"    # the big one
role: 'Senior Data Engineer'
applied: 2026-10-02
source: referral
tags:
  - data   # first
  - remote

check_ins: [2026-10-16]
status:   open   # still hoping
replied: 2026-11-24
---
Body with a line that looks like a key:
status: open
---
""",
    ("feedback-asked",): """\
---
# Application notes
company:   "Acme Corp"    # the big one
role: 'Senior Data Engineer'
applied: 2026-10-02
source: referral
tags:
  - data   # first
  - remote

check_ins: [2026-10-16]
status:   open   # still hoping
feedback_asked: 2026-11-25
---
Body with a line that looks like a key:
status: open
---
""",
    ("feedback", "Wanted", "deeper", "Kafka:", "streaming"): """\
---
# Application notes
company:   "Acme Corp"    # the big one
role: 'Senior Data Engineer'
applied: 2026-10-02
source: referral
tags:
  - data   # first
  - remote

check_ins: [2026-10-16]
status:   open   # still hoping
feedback: "Wanted deeper Kafka: streaming"
---
Body with a line that looks like a key:
status: open
---
""",
    ("withdrawn",): """\
---
# Application notes
company:   "Acme Corp"    # the big one
role: 'Senior Data Engineer'
applied: 2026-10-02
source: referral
tags:
  - data   # first
  - remote

check_ins: [2026-10-16]
status:   withdrawn   # still hoping
---
Body with a line that looks like a key:
status: open
---
""",
}

VARIANTS = {
    "lf": lambda text: text.encode("utf-8"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "bom": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "bom+crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.fixture
def _elsewhere(tmp_path, monkeypatch):
    """Run from a folder outside the journal, so FILE is found from the journal root."""
    away = tmp_path / "elsewhere"
    away.mkdir()
    monkeypatch.chdir(away)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("args", list(EXPECTED), ids=lambda a: a[0])
@pytest.mark.usefixtures("_elsewhere")
def test_every_event_byte_for_byte(journal, run, args, variant):
    as_bytes = VARIANTS[variant]
    root = journal({"acme.md": as_bytes(BASE)})
    result = run(root, "log", "acme.md", *args)
    assert result.exit_code == 0, result.stderr
    assert (root / "acme.md").read_bytes() == as_bytes(EXPECTED[args])
    assert result.stdout.startswith("Logged ")


def test_check_in_appends_to_a_block_list(journal, run):
    text = "---\ncompany: A\nrole: B\napplied: 2026-11-01\ncheck_ins:\n  - 2026-11-10  # nudge\n\nstatus: open\n---\n"
    root = journal({"a.md": text})
    run(root, "log", "a.md", "check-in", "2026-11-20")
    assert (root / "a.md").read_text() == (
        "---\ncompany: A\nrole: B\napplied: 2026-11-01\ncheck_ins:\n  - 2026-11-10  # nudge\n"
        "  - 2026-11-20\n\nstatus: open\n---\n"
    )


def test_rejected_after_an_interview_is_post_interview_and_asks_for_a_thank_you(journal, run):
    root = journal({"acme.md": BASE.replace("source: referral\n", "source: referral\nscreen: 2026-10-09\n")})
    result = run(root, "log", "acme.md", "rejected")
    text = (root / "acme.md").read_text()
    assert "status:   rejected   # still hoping\nrejected: 2026-11-25\nrejection: post_interview\n---" in text
    assert result.stdout == "Logged the rejection on 2026-11-25 (post-interview) in acme.md.\n"
    assert result.stderr == (
        "Sorry it didn't work out. Send a short thank-you by 2026-11-26: jrnl-rej draft reply acme.md\n"
    )


def test_rejected_form_points_to_the_next_application(journal, run):
    root = journal({"acme.md": BASE})
    result = run(root, "log", "acme.md", "rejected", "--kind", "silent")
    assert "rejection: silent\n" in (root / "acme.md").read_text()
    assert "No reply needed. The best next step is one new application today: jrnl-rej new" in result.stderr


def test_an_old_post_interview_rejection_still_suggests_a_reply_or_no(journal, run):
    root = journal({"acme.md": BASE.replace("source: referral\n", "screen: 2026-10-09\n")})
    result = run(root, "log", "acme.md", "rejected", "2026-11-10")
    assert "jrnl-rej draft reply acme.md" in result.stderr
    assert "jrnl-rej log acme.md replied no" in result.stderr


def test_replied_after_a_rejection_is_encouraged(journal, run):
    text = BASE.replace("status:   open", "status: rejected\nrejected: 2026-11-20\nscreen: 2026-11-01\nx:")
    root = journal({"acme.md": text})
    result = run(root, "log", "acme.md", "replied")
    assert "replied: 2026-11-25\n---" in (root / "acme.md").read_text()
    assert "Well done" in result.stderr and "jrnl-rej draft feedback acme.md" in result.stderr


def test_replied_no(journal, run):
    root = journal({"acme.md": BASE})
    result = run(root, "log", "acme.md", "replied", "no")
    assert "replied: no\n---" in (root / "acme.md").read_text()
    assert result.exit_code == 0


def test_same_value_again_writes_nothing_and_says_so(journal, run):
    root = journal({"acme.md": BASE})
    path = root / "acme.md"
    run(root, "log", "acme.md", "screen", "2026-10-09")
    before = path.read_bytes(), path.stat().st_mtime_ns
    result = run(root, "log", "acme.md", "screen", "2026-10-09")
    assert result.exit_code == 0
    assert result.stdout == "Nothing to change: acme.md already records the recruiter screen on 2026-10-09.\n"
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    again = run(root, "log", "acme.md", "check-in", "2026-10-16")
    assert again.stdout.startswith("Nothing to change")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("offer", "tomorrow"), "offer 2026-11-26 is in the future (today is 2026-11-25)"),
        (("screen", "next", "blursday"), "is not a date"),
        (("screen", "soonish"), "'soonish' is not a date"),
        (("screan",), "unknown event 'screan'; did you mean 'screen'?"),
        (("dance",), "unknown event 'dance'"),
        (("screen", "2026-09-01"), "screen 2026-09-01 is before applied 2026-10-02"),
        (("feedback",), "feedback needs the words themselves"),
        (("withdrawn", "today"), "withdrawn takes no date"),
        (("screen", "--kind", "form"), "--kind goes with 'rejected' only"),
    ],
)
def test_errors_exit_2_and_leave_the_file_alone(journal, run, args, message):
    root = journal({"acme.md": BASE})
    path = root / "acme.md"
    before = path.read_bytes(), path.stat().st_mtime_ns
    result = run(root, "log", "acme.md", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_missing_file(journal, run):
    root = journal({"acme.md": BASE})
    result = run(root, "log", "nope.md", "screen")
    assert result.exit_code == 2
    assert "nope.md: no such file" in result.stderr


def test_broken_front_matter_is_not_edited(journal, run):
    root = journal({"bad.md": "---\ncompany: [\n---\nbody\n"})
    result = run(root, "log", "bad.md", "screen")
    assert result.exit_code == 2
    assert "bad.md: line 3: the front matter is not valid YAML" in result.stderr
    assert (root / "bad.md").read_text() == "---\ncompany: [\n---\nbody\n"


def test_file_relative_to_the_current_folder(journal, run, monkeypatch):
    root = journal({"2026/acme.md": BASE})
    monkeypatch.chdir(root / "2026")
    result = run(root, "log", "acme.md", "screen", "2026-10-09")
    # Named from where the command ran (SPEC §1), so that it can be pasted there.
    assert result.stdout == "Logged the recruiter screen on 2026-10-09 in acme.md.\n"
    assert "screen: 2026-10-09" in (root / "2026" / "acme.md").read_text()


def test_mode_is_kept(journal, run):
    root = journal({"acme.md": BASE})
    os.chmod(root / "acme.md", 0o600)
    run(root, "log", "acme.md", "offer")
    assert (root / "acme.md").stat().st_mode & 0o777 == 0o600


def test_withdrawn_refused_on_a_rejected_application(journal, run):
    root = journal({"acme.md": BASE.replace("status:   open", "status: rejected\nrejected: 2026-11-20\nx:")})
    result = run(root, "log", "acme.md", "withdrawn")
    assert result.exit_code == 2 and "already closed as rejected" in result.stderr


def test_the_logged_file_checks_clean(journal, run):
    root = journal({"acme.md": BASE.replace("check_ins: [2026-10-16]\n", "")})
    for args in (("screen", "2026-10-09"), ("hiring_manager", "2026-10-16"), ("rejected", "2026-11-24"),
                 ("replied",), ("feedback-asked",), ("feedback", "More Kafka, please")):  # fmt: skip
        assert run(root, "log", "acme.md", *args).exit_code == 0
    check = run(root, "check", "--select", "front-matter,invalid-value,date-order,missing-field")
    assert check.exit_code == 0, check.stdout


def test_log_as_a_real_process(journal):
    root = journal({"acme.md": BASE.replace("\n", "\r\n")})
    done = run_process("--journal", str(root), "--today", TODAY.isoformat(), "log", "acme.md", "screen",
                       "last", "friday", cwd=root)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Logged the recruiter screen on 2026-11-20 in acme.md.\n"
    assert (root / "acme.md").read_bytes() == BASE.replace(
        "still hoping\n", "still hoping\nscreen: 2026-11-20\n").replace("\n", "\r\n").encode()  # fmt: skip
    failed = run_process("--journal", str(root), "--today", TODAY.isoformat(), "log", "acme.md", "offer",
                         "next", "week")  # fmt: skip
    assert failed.returncode == 2 and failed.stderr.count("\n") == 1 and "Traceback" not in failed.stderr
