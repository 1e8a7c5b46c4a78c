"""`jrnl-rej log` never replaces what the file holds (SPEC §4 R2), and knows the words people use."""

from __future__ import annotations

import pytest
from conftest import TODAY, app_file, run_process

OPEN = app_file(company="Acme", role="Lead", applied="2026-10-02", screen="2026-10-09  # phone")
REJECTED = app_file(company="Acme", role="Lead", applied="2026-10-02", screen="2026-10-09", status="rejected",
                    rejected="2026-11-20", rejection="post_interview")  # fmt: skip


def unchanged(path, result, before) -> None:
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


@pytest.mark.parametrize(
    ("text", "args", "found"),
    [
        (OPEN, ("screen", "2026-10-10"), "screen: 2026-10-09"),
        (OPEN.replace("Notes.", "").replace("---\n\n", "feedback: A\n---\n"), ("feedback", "B"), 'feedback: "A"'),
        (REJECTED.replace("---\nNotes", "replied: 2026-11-21\n---\nNotes"), ("replied", "no"), "replied: 2026-11-21"),
        (REJECTED.replace("---\nNotes", "replied: no\n---\nNotes"), ("replied", "2026-11-21"), "replied: no"),
        (REJECTED, ("rejected", "2026-11-22"), "rejected: 2026-11-20"),
        (REJECTED, ("rejected", "2026-11-20", "--kind", "form"), "rejection: post_interview"),
        (REJECTED, ("accepted",), "status: rejected"),
        (OPEN.replace("status", "x").replace("---\nNotes", "status: withdrawn\n---\nNotes"), ("accepted",),
         "status: withdrawn"),
        (OPEN.replace("---\nNotes", "offer: 2026-11-20\n---\nNotes"), ("accepted", "2026-11-21"),
         "offer: 2026-11-20"),
    ],
)  # fmt: skip
def test_a_different_value_is_refused_and_named(journal, run, text, args, found):
    root = journal({"acme.md": text})
    path = root / "acme.md"
    before = path.read_bytes(), path.stat().st_mtime_ns
    result = run(root, "log", "acme.md", *args)
    unchanged(path, result, before)
    assert f"it already records {found}" in result.stderr
    assert "nothing was written" in result.stderr
    assert " --replace" in result.stderr


def test_the_refusal_says_the_command_that_replaces_and_it_works(journal, run):
    root = journal({"acme.md": OPEN})
    result = run(root, "log", "acme.md", "screen", "Oct 10")
    assert result.stderr == (
        "jrnl-rej: acme.md: it already records screen: 2026-10-09, not 2026-10-10; nothing was written. "
        "To replace it: jrnl-rej log acme.md screen 'Oct 10' --replace\n"
    )
    again = run(root, "log", "acme.md", "screen", "Oct 10", "--replace")
    assert again.exit_code == 0
    assert "screen: 2026-10-10  # phone\n" in (root / "acme.md").read_text()  # the comment stays


def test_feedback_append_joins_with_a_slash(journal, run):
    root = journal({"acme.md": app_file(company="Acme", role="Lead", applied="2026-10-02", feedback="More SQL")})
    refused = run(root, "log", "acme.md", "feedback", "Less slides")
    assert "(or --append to keep both)" in refused.stderr
    assert run(root, "log", "acme.md", "feedback", "Less slides", "--append").exit_code == 0
    assert "feedback: More SQL / Less slides\n" in (root / "acme.md").read_text()
    same = run(root, "log", "acme.md", "feedback", "Less slides", "--append")
    assert same.exit_code == 0 and same.stdout.startswith("Nothing to change")


@pytest.mark.parametrize(
    ("written", "args"),
    [
        ("screen: Oct 9, 2026", ("screen", "2026-10-09")),  # the same day, written another way
        ("screen: 2026-10-09", ("screen", "Oct 9")),
        ("check_ins:\n  - 2026-10-16", ("check-in", "2026-10-16")),
        ("feedback: More SQL", ("feedback", "More SQL")),
    ],
)
def test_the_same_value_again_changes_nothing_and_says_so(journal, run, written, args):
    root = journal({"acme.md": f"---\ncompany: Acme\nrole: Lead\napplied: 2026-10-02\n{written}\n---\n"})
    path = root / "acme.md"
    before = path.read_bytes(), path.stat().st_mtime_ns
    result = run(root, "log", "acme.md", *args)
    assert result.exit_code == 0
    assert result.stdout.startswith("Nothing to change: acme.md already records")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_an_open_status_moves_on_without_replace(journal, run):
    root = journal({"acme.md": OPEN.replace("---\nNotes", "status: open  # hoping\n---\nNotes")})
    assert run(root, "log", "acme.md", "rejected", "2026-11-20").exit_code == 0
    assert "status: rejected  # hoping\n" in (root / "acme.md").read_text()


@pytest.mark.parametrize(
    ("args", "status", "offer"),
    [
        (("accepted",), "accepted", "2026-11-25"),  # no offer date yet: today
        (("accepted", "yesterday"), "accepted", "2026-11-24"),
        (("declined", "Nov 20"), "declined", "2026-11-20"),
    ],
)
def test_accepted_and_declined_set_the_status_and_an_absent_offer(journal, run, args, status, offer):
    root = journal({"acme.md": OPEN})
    result = run(root, "log", "acme.md", *args)
    assert result.exit_code == 0, result.stderr
    text = (root / "acme.md").read_text()
    assert f"status: {status}\n" in text and f"offer: {offer}\n" in text


def test_accepted_keeps_the_offer_date_already_there(journal, run):
    root = journal({"acme.md": OPEN.replace("---\nNotes", "offer: 2026-11-18\n---\nNotes")})
    result = run(root, "log", "acme.md", "accepted")
    assert result.exit_code == 0
    text = (root / "acme.md").read_text()
    assert "offer: 2026-11-18\n" in text and "status: accepted\n" in text and text.count("offer:") == 1
    assert "jrnl-rej today" in result.stderr  # the open ones deserve a note


def test_accepted_ends_the_nagging_for_the_rest_of_that_search(journal, run):
    root = journal({
        "acme.md": OPEN,
        "other.md": app_file(company="Other", role="Lead", applied="2026-10-01"),
        "no.md": app_file(company="No", role="Lead", applied="2026-10-01", status="rejected", rejected="2026-11-22",
                          rejection="form"),
    })  # fmt: skip
    before = run(root, "check", "--format", "json").stdout
    assert '"stale-silent"' in before and '"next-application"' in before
    run(root, "log", "acme.md", "accepted")
    after = run(root, "check")
    assert after.exit_code == 0, after.stdout  # nothing left that blocks a commit
    assert "stale-silent" not in after.stdout and "next-application" not in after.stdout
    assert "withdraw-open" in after.stdout


@pytest.mark.parametrize("kind", ["post-interview", "post_interview", "Post-Interview", "POST_INTERVIEW"])
def test_kind_names_take_dash_or_underscore(journal, run, kind):
    root = journal({"acme.md": OPEN})
    assert run(root, "log", "acme.md", "rejected", "--kind", kind).exit_code == 0
    assert "rejection: post_interview\n" in (root / "acme.md").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rejected", "form"), "'form' is a kind of rejection, not a date: jrnl-rej log acme.md rejected --kind form"),
        (("rejected", "post_interview"), "jrnl-rej log acme.md rejected --kind post-interview"),
        (("rejected", "--kind", "formal"), "--kind 'formal' is not a kind; did you mean 'form'?"),
        (("ghosted",), "'ghosted' is not an event; to record it: jrnl-rej log acme.md rejected --kind silent"),
        (("interviewing", "yesterday"), "to record it: jrnl-rej log acme.md screen"),
        (("Final_Round", "2026-13-01"), "final_round"),  # the name is read; the date is what is wrong
        (("accepted", "tomorrow"), "accepted 2026-11-26 is in the future"),
        (("screen", "--append"), "--append goes with 'feedback' only"),
    ],
)  # fmt: skip
def test_words_people_use_get_the_command_that_works(journal, run, args, message):
    root = journal({"acme.md": OPEN})
    path = root / "acme.md"
    before = path.read_bytes(), path.stat().st_mtime_ns
    result = run(root, "log", "acme.md", *args)
    unchanged(path, result, before)
    assert message in result.stderr


def test_a_form_email_after_an_interview_is_flagged_at_once(journal, run):
    root = journal({"acme.md": OPEN})
    result = run(root, "log", "acme.md", "rejected", "--kind", "form")
    assert result.exit_code == 0
    assert "Worth a look: rejection is 'form', but you reached the recruiter screen" in result.stderr
    assert "No reply needed" not in result.stderr
    assert "jrnl-rej log acme.md rejected --kind post-interview --replace" in result.stderr


def test_a_refusal_as_a_real_process_is_one_line_and_writes_nothing(journal):
    root = journal({"o'reilly.md": OPEN.replace("\n", "\r\n")})
    path = root / "o'reilly.md"
    before = path.read_bytes()
    done = run_process("--journal", str(root), "--today", TODAY.isoformat(), "log", "o'reilly.md", "screen",
                       "2026-10-11", cwd=root)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "jrnl-rej log 'o'\"'\"'reilly.md' screen 2026-10-11 --replace" in done.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("words", "day"),
    [
        ("next tuesday", "2026-12-01"),  # today, 2026-11-25, is a Wednesday
        ("tuesday", "2026-12-01"),
        ("Dec 3", "2026-12-03"),  # ahead: the coming one
        ("Nov 30", "2026-11-30"),
        ("Oct 9", "2026-10-09"),  # the one just gone, not next October
        ("Nov 20", "2026-11-20"),
        ("tomorrow", "2026-11-26"),
    ],
)
def test_an_interview_is_booked_from_the_words_people_use(journal, run, words, day):
    root = journal({"acme.md": app_file(company="Acme", role="Lead", applied="2026-10-02")})
    result = run(root, "log", "acme.md", "final-round", *words.split())
    assert result.exit_code == 0, result.stderr
    assert f"final_round: {day}\n" in (root / "acme.md").read_text()
    assert ("(booked)" in result.stdout) == (day > TODAY.isoformat())


def test_a_feedback_refusal_quotes_both_texts(journal, run):
    root = journal({"acme.md": app_file(company="Acme", role="Lead", applied="2026-10-02", feedback='"SQL: more"')})
    result = run(root, "log", "acme.md", "feedback", "less, slides")
    assert 'it already records feedback: "SQL: more", not "less, slides"; nothing was written.' in result.stderr
    assert "jrnl-rej log acme.md feedback 'less, slides' --replace (or --append to keep both)" in result.stderr


def test_a_second_check_in_is_said_once(journal, run):
    root = journal({"acme.md": app_file(company="Acme", role="Lead", applied="2026-10-02", check_ins="[2026-10-16]")})
    result = run(root, "log", "acme.md", "check-in", "2026-11-01")
    assert result.exit_code == 0
    assert result.stderr.count("more than one check-in") + result.stderr.count("one is enough") == 1
