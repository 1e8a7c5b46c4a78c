"""`jrnl-rej today`: what needs doing now (SPEC §4, §10), as text and as JSON, end to end."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys

import pytest
from conftest import REPO, app_file, run_process

# One application for each reminder that asks for something, on 2026-11-25.
SEARCH = {
    "over.md": app_file(company="Over", role="Lead", applied="2026-10-01", screen="2026-10-10",
                        status="rejected", rejected="2026-11-20"),
    "due.md": app_file(company="Due", role="Lead", applied="2026-10-01", hiring_manager="2026-11-01",
                       status="rejected", rejected="2026-11-25"),
    "check.md": app_file(company="Check", role="Analyst", applied="2026-11-10"),
    "quiet.md": app_file(company="Quiet", role="Analyst", applied="2026-10-20"),
    "booked.md": app_file(company="Booked", role="Engineer", applied="2026-11-01", screen="2026-11-05",
                          final_round="2026-11-27"),
    "stark.md": app_file(company="Stark", role="ML", applied="2026-05-04", final_round="2026-06-10",
                         status="rejected", rejected="2026-06-19", rejection="post_interview",
                         replied="2026-06-19"),
}  # fmt: skip


def items(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["items"]


def test_json_lists_every_reminder_most_urgent_first(journal, run):
    got = items(run(journal(SEARCH), "today", "--format", "json"))
    assert [(i["path"], i["rule"], i["due"]) for i in got] == [
        ("over.md", "overdue-reply", "2026-11-21"),  # overdue first
        ("due.md", "reply-due", "2026-11-26"),  # then by the last good day
        ("booked.md", "interview-upcoming", "2026-11-27"),
        ("check.md", "check-in-due", "2026-11-30"),  # the day before silence sets in
        ("stark.md", "revisit-open", "2026-12-19"),
        ("over.md", "next-application", None),  # no last good day: last, by path
        ("quiet.md", "stale-silent", None),
    ]
    commands = {(i["path"], i["rule"]): i["command"] for i in got}
    assert commands == {
        ("over.md", "overdue-reply"): "jrnl-rej draft reply over.md",
        ("due.md", "reply-due"): "jrnl-rej draft reply due.md",
        ("booked.md", "interview-upcoming"): None,  # preparing is not one command
        ("check.md", "check-in-due"): "jrnl-rej log check.md check-in",
        ("stark.md", "revisit-open"): "jrnl-rej draft reapply stark.md",
        ("over.md", "next-application"): "jrnl-rej new COMPANY ROLE",
        ("quiet.md", "stale-silent"): "jrnl-rej log quiet.md rejected --kind silent",
    }
    words = {i["rule"]: i["text"] for i in got}
    assert words["interview-upcoming"].startswith("Prepare for the final round with Booked (Engineer) on 2026-11-27")
    assert words["reply-due"] == "Send Due (Lead) a short thank-you by 2026-11-26."


def test_json_has_the_spec_shape(journal, run):
    data = json.loads(run(journal(SEARCH), "today", "--format", "json").stdout)
    assert set(data) == {"version", "today", "items"}
    assert data["version"] == 1 and data["today"] == "2026-11-25"
    for item in data["items"]:
        assert set(item) == {"path", "rule", "due", "text", "command"}


@pytest.mark.parametrize(
    ("today", "due"),
    [
        ("2026-11-23", None),  # before prep_days (3) before the interview: nothing yet
        ("2026-11-24", "2026-11-27"),  # the first day to prepare
        ("2026-11-26", "2026-11-27"),  # the day before
        ("2026-11-27", None),  # the day itself: it is no longer booked, it happened
    ],
)
def test_a_booked_interview_is_on_the_list_from_its_prep_day(journal, run, today, due):
    root = journal({"booked.md": SEARCH["booked.md"]})
    got = [i for i in items(run(root, "today", "--format", "json", today=today)) if i["rule"] == "interview-upcoming"]
    assert [i["due"] for i in got] == ([due] if due else [])


def test_an_accepted_offer_turns_the_open_ones_into_withdrawals(journal, run):
    root = journal({
        "won.md": app_file(company="Won", role="Lead", applied="2026-10-01", offer="2026-11-20", status="accepted"),
        "open.md": app_file(company="Open", role="Lead", applied="2026-10-10"),
        "no.md": app_file(company="No", role="Lead", applied="2026-10-02", status="rejected",
                          rejected="2026-11-22", rejection="form"),
    })  # fmt: skip
    got = items(run(root, "today", "--format", "json"))
    assert [(i["path"], i["rule"], i["due"], i["command"]) for i in got] == [
        ("open.md", "withdraw-open", None, "jrnl-rej log open.md withdrawn"),
    ]  # no stale-silent for open.md, no next-application after the no: the search is over


def test_text_is_one_line_an_item_with_the_command(journal, run):
    result = run(journal(SEARCH), "today")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "What needs doing today (2026-11-25):"
    assert lines[1] == ("- Thank Over (Lead) for the interview: the note was due 2026-11-21, and a late one "
                        "still helps. Run: jrnl-rej draft reply over.md")  # fmt: skip
    assert len(lines) == 1 + 7
    assert "Run:" not in next(line for line in lines if "Prepare for" in line)


def test_files_with_errors_come_first_and_stay_off_the_json(journal, run):
    root = journal({**SEARCH, "broken.md": app_file(company="Broken", role="X", applied="someday")})
    text = run(root, "today").stdout.splitlines()
    assert text[1] == "- Fix the 1 file with errors, so that the numbers count it too. Run: jrnl-rej check"
    assert all(i["path"] != "broken.md" for i in items(run(root, "today", "--format", "json")))


def test_nothing_to_do_says_so_and_exits_0(journal, run):
    root = journal({"a.md": app_file(company="A", role="R", applied="2026-11-24")})
    result = run(root, "today")
    assert result.exit_code == 0
    assert result.stdout == "Nothing is waiting on you today (2026-11-25). Enjoy the quiet.\n"
    assert items(run(root, "today", "--format", "json")) == []


def test_ignored_reminders_stay_ignored(journal, run):
    root = journal({"check.md": app_file(company="Check", role="Analyst", applied="2026-11-10",
                                         jrnl__rej__ignore="[check-in-due]")})  # fmt: skip
    assert items(run(root, "today", "--format", "json")) == []


def test_text_from_files_is_escaped_for_the_terminal(journal, run):
    root = journal({"check.md": app_file(company='"Evil\\x1b[31mCo"', role="R", applied="2026-11-10")})
    text = run(root, "today").stdout
    assert "\x1b" not in text
    assert "Evil\\x1b[31mCo" in text
    item = items(run(root, "today", "--format", "json"))[0]
    assert item["text"].startswith("One short check-in with Evil\x1b[31mCo (R)")  # JSON escapes it itself


def test_commands_paste_from_where_it_ran_with_the_journal_in_a_subfolder(tmp_path):
    """A real shell, from the repository root with the journal in notes/: every command runs."""
    notes = tmp_path / "notes" / "2026"
    notes.mkdir(parents=True)
    (tmp_path / "notes" / "jrnl-rej.toml").write_text('index = "INDEX.md"\n')
    (notes / "gekko-&-co.md").write_text(app_file(company="Gekko & Co", role="Lead", applied="2026-10-01",
                                                  screen="2026-10-10", status="rejected", rejected="2026-11-20"))  # fmt: skip
    (notes / "o'reilly media.md").write_text(app_file(company="O'Reilly", role="Ed", applied="2026-11-10"))
    env = {"JRNL_REJ_TODAY": "2026-11-25"}
    out = run_process("--journal", "notes", "today", "--format", "json", cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)["items"]
    assert {i["path"] for i in got} == {"2026/gekko-&-co.md", "2026/o'reilly media.md"}  # journal-relative
    pasted = [i["command"] for i in got if i["command"] and "COMPANY" not in i["command"]]
    assert pasted
    for command in pasted:
        words = shlex.split(command)
        assert (tmp_path / words[-1 if "check-in" not in command else -2]).is_file(), command
        # a real bash runs it as pasted (draft prints, log writes: each exits 0)
        full = f"{shlex.quote(sys.executable)} -m jrnl_rej {command.removeprefix('jrnl-rej ')}"
        done = subprocess.run(["bash", "-c", full], cwd=tmp_path, capture_output=True, text=True,
                              env={**os.environ, **env}, timeout=60)  # fmt: skip
        assert done.returncode == 0, (command, done.stderr)


def test_example_journal_matches_the_readme():
    """The README shows what `today` prints on the example journal, run from its folder."""
    out = run_process("--today", "2026-11-25", "today", cwd=REPO / "example-journal")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ cd example-journal && jrnl-rej --today 2026-11-25 today\n")[1].split("```")[0]
    assert out.stdout == block


def test_an_unchanged_journal_is_answered_from_the_last_check(journal, run, cache_dir, monkeypatch):
    """As fast as a warm check: the last check's findings, and only the files they name read."""
    from jrnl_rej.commands import today
    from jrnl_rej.reading import reader

    root = journal({**SEARCH, "broken.md": app_file(company="Broken", role="X", applied="someday")})
    monkeypatch.setenv("JRNL_REJ_NO_CACHE", "1")
    fresh = [run(root, "today").stdout, run(root, "today", "--format", "json").stdout]
    monkeypatch.delenv("JRNL_REJ_NO_CACHE")
    assert run(root, "check").exit_code == 1  # leaves its findings for the next command

    def no_full_check(session):
        raise AssertionError("checked in full")

    monkeypatch.setattr(today, "_checked", no_full_check)
    monkeypatch.setattr(reader, "read_text", lambda *a: (_ for _ in ()).throw(AssertionError("read a file")))
    assert [run(root, "today").stdout, run(root, "today", "--format", "json").stdout] == fresh
