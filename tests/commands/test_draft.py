"""`jrnl-rej draft`: warm first emails filled from a file, templates that cannot run code."""

from __future__ import annotations

from string import Template

import pytest
from conftest import TODAY, app_file, run_process

from jrnl_rej.outputs.drafts import GAPS, PLACEHOLDERS, TEMPLATES, greeting, load_template

FINAL_ROUND = app_file(
    company="Acme Corp",
    role="Data Engineer",
    applied="2026-06-01",
    contact="Jane Doe",
    screen="2026-06-10",
    hiring_manager="2026-06-20",
    final_round="2026-07-02",
    status="rejected",
    rejected="2026-11-24",
    feedback="Wanted deeper Kafka experience",
)


def test_reply_is_filled_from_the_file(run, journal):
    root = journal({"acme.md": FINAL_ROUND})
    result = run(root, "draft", "reply", "acme.md")
    assert result.exit_code == 0
    out = result.stdout
    assert "\nHi Jane,\n" in out
    assert "Data Engineer" in out and "Acme Corp" in out
    assert "during the final round" in out
    assert "[one thing you enjoyed about the conversation]" in out
    assert "another\nrole opens up" in out  # leaves the door open
    assert "one piece of feedback" in out
    assert "$" not in out
    # The next step goes to stderr, so the draft can be piped as it is.
    assert "jrnl-rej log acme.md replied" in result.stderr
    assert "jrnl-rej log" not in out


def test_feedback_asks_for_one_thing(run, journal):
    root = journal({"acme.md": FINAL_ROUND})
    result = run(root, "draft", "feedback", "acme.md")
    assert result.exit_code == 0
    assert "one piece of feedback" in result.stdout
    assert "Data Engineer role at Acme Corp" in result.stdout
    assert "jrnl-rej log acme.md feedback-asked" in result.stderr


def test_reapply_names_the_earlier_interview(run, journal):
    root = journal({"acme.md": FINAL_ROUND})
    result = run(root, "draft", "reapply", "acme.md")
    assert result.exit_code == 0
    assert "When we spoke in July about the Data Engineer role" in result.stdout
    assert "final round" in result.stdout
    assert "[the role you want to apply for now]" in result.stdout
    assert "jrnl-rej new 'Acme Corp' ROLE" in result.stderr


def test_reapply_gives_the_year_of_an_interview_in_another_year(run, journal):
    text = FINAL_ROUND.replace("2026-", "2025-")
    root = journal({"acme.md": text})
    result = run(root, "draft", "reapply", "acme.md")
    assert "When we spoke in July 2025 about" in result.stdout


@pytest.mark.parametrize(
    ("stages", "words"),
    [
        ({"screen": "2026-11-02"}, "recruiter screen"),
        ({"screen": "2026-11-02", "hiring_manager": "2026-11-09"}, "hiring-manager interview"),
        ({"hiring_manager": "2026-11-09", "final_round": "2026-11-16"}, "final round"),
    ],
)
def test_the_stage_reached_is_said_in_words(run, journal, stages, words):
    text = app_file(company="Acme", role="Analyst", applied="2026-11-01", **stages,
                    status="rejected", rejected="2026-11-20")  # fmt: skip
    root = journal({"a.md": text})
    result = run(root, "draft", "reply", "a.md")
    assert f"during the {words}." in result.stdout


def test_missing_contact_gets_a_general_greeting(run, journal):
    text = app_file(company="Acme", role="Analyst", applied="2026-11-01", screen="2026-11-05",
                    status="rejected", rejected="2026-11-20")  # fmt: skip
    root = journal({"a.md": text})
    result = run(root, "draft", "reply", "a.md")
    assert result.exit_code == 0
    assert "\nHi there,\n" in result.stdout
    assert "no contact in a.md" in result.stderr


@pytest.mark.parametrize(
    ("contact", "expected"),
    [
        (None, "Hi there,"),
        ("", "Hi there,"),
        ("Jane Doe", "Hi Jane,"),
        ("Priya", "Hi Priya,"),
        ("Jane Doe (recruiter)", "Hi Jane,"),
        ("Dr. Maria Hill", "Dear Dr. Hill,"),
        ("jobs@acme.example", "Hello,"),
    ],
)
def test_greeting(contact, expected):
    assert greeting(contact) == expected


def test_override_template_from_the_journal_is_used(run, journal):
    root = journal({
        "acme.md": FINAL_ROUND,
        "templates/reply.txt": "Dear $contact at ${company}: $role, $stage, $rejected. Costs $$5.\n",
    })  # fmt: skip
    result = run(root, "draft", "reply", "acme.md")
    assert result.exit_code == 0
    assert result.stdout == (
        "Dear Jane Doe at Acme Corp: Data Engineer, final round, 24 November 2026. Costs $5.\n"
    )
    # The override is not read as an application.
    assert run(root, "check", "--format", "json").stdout.count('"path": "templates') == 0


def test_override_for_one_template_leaves_the_others_built_in(run, journal):
    root = journal({"acme.md": FINAL_ROUND, "templates/reply.txt": "mine $company\n"})
    result = run(root, "draft", "feedback", "acme.md")
    assert "one piece of feedback" in result.stdout


@pytest.mark.parametrize(
    "hostile",
    [
        "${company.__class__}",
        "{company.__init__}",
        "{company.__init__.__globals__}",
        "$company.__class__.__mro__",
        "${__import__('os').system('echo hello')}",
        "%(company)s {0} {} $__builtins__",
    ],
)
def test_hostile_template_prints_literally_and_never_evaluates(run, journal, hostile):
    root = journal({"acme.md": FINAL_ROUND, "templates/reply.txt": hostile + "\n"})
    result = run(root, "draft", "reply", "acme.md")
    assert result.exit_code == 0
    # `$company.__class__...` substitutes only `$company`: the dot ends the name.
    expected = hostile.replace("$company.", "Acme Corp.")
    assert result.stdout == expected + "\n"
    assert "<class" not in result.stdout and "built-in" not in result.stdout


def test_values_and_templates_are_escaped_for_the_terminal(run, journal):
    text = app_file(company='"Acme\\e[31m Corp"', role="Analyst", applied="2026-11-01",
                    screen="2026-11-05", contact='"Jane\\u202e Doe"', status="rejected",
                    rejected="2026-11-20")  # fmt: skip
    root = journal({"a.md": text, "templates/reply.txt": "Hi\x07 $company\t$greeting\n"})
    result = run(root, "draft", "reply", "a.md")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\u202e" not in result.stdout
    assert result.stdout == "Hi\\x07 Acme\\x1b[31m Corp\tHi Jane\\u202e,\n"


def test_values_are_never_substituted_again(run, journal):
    text = FINAL_ROUND.replace("company: Acme Corp", "company: \"${role} {0} $$x\"")
    root = journal({"acme.md": text, "templates/reply.txt": "[$company] $role\n"})
    result = run(root, "draft", "reply", "acme.md")
    assert result.stdout == "[${role} {0} $$x] Data Engineer\n"


def test_a_file_with_errors_still_gets_a_draft_and_a_note(run, journal):
    text = app_file(company="Acme", applied="2026-11-01", screen="2026-11-05",
                    status="rejected", rejected="2026-11-20")  # fmt: skip
    root = journal({"a.md": text})
    result = run(root, "draft", "reply", "a.md")
    assert result.exit_code == 0
    assert "[role]" in result.stdout and "Acme" in result.stdout
    assert "a.md has 1 problem" in result.stderr
    assert "not in a.md: role" in result.stderr


def test_a_rule_error_in_the_file_is_mentioned(run, journal):
    text = app_file(company="Acme", role="Analyst", applied="2026-11-01", screen="2026-10-05",
                    status="rejected", rejected="2026-11-20")  # fmt: skip
    root = journal({"a.md": text})
    result = run(root, "draft", "reply", "a.md")
    assert result.exit_code == 0
    assert "a.md has 1 problem (see: jrnl-rej check a.md)" in result.stderr


def test_a_file_that_is_not_a_rejection_still_drafts_with_a_note(run, journal):
    text = app_file(company="Acme", role="Analyst", applied="2026-11-01", screen="2026-11-05")
    root = journal({"a.md": text})
    result = run(root, "draft", "feedback", "a.md")
    assert result.exit_code == 0
    assert "Analyst role at Acme" in result.stdout
    assert "not marked as rejected (status: open)" in result.stderr


def test_reply_after_a_form_rejection_notes_no_reply_is_owed(run, journal):
    text = app_file(company="Acme", role="Analyst", applied="2026-11-01", status="rejected",
                    rejected="2026-11-03")  # fmt: skip
    root = journal({"a.md": text})
    result = run(root, "draft", "reply", "a.md")
    assert result.exit_code == 0
    assert "no reply is owed" in result.stderr


def test_reapply_without_an_interview_leaves_a_gap(run, journal):
    text = app_file(company="Acme", role="Analyst", applied="2026-11-01", status="rejected",
                    rejected="2026-11-03")  # fmt: skip
    root = journal({"a.md": text})
    result = run(root, "draft", "reapply", "a.md")
    assert GAPS["interview_month"] in result.stdout
    assert "no interview date" in result.stderr


def test_file_is_found_from_the_current_folder_or_the_journal_root(run, journal, monkeypatch):
    root = journal({"2026/acme.md": FINAL_ROUND})
    monkeypatch.chdir(root / "2026")
    from_cwd = run(root, "draft", "reply", "acme.md")
    assert from_cwd.exit_code == 0
    assert "jrnl-rej log acme.md replied" in from_cwd.stderr  # named from where it ran (SPEC §1)
    monkeypatch.chdir(root.parent)
    from_root = run(root, "draft", "reply", "2026/acme.md")
    assert from_root.exit_code == 0
    assert from_root.stdout == from_cwd.stdout


def test_missing_file_exits_2_with_one_line(run, journal):
    root = journal({"acme.md": FINAL_ROUND})
    result = run(root, "draft", "reply", "nope.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("jrnl-rej: nope.md: no such file")
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_template_is_a_usage_error(run, journal):
    root = journal({"acme.md": FINAL_ROUND})
    assert run(root, "draft", "apology", "acme.md").exit_code == 2


def test_override_that_is_not_utf8_exits_2(run, journal):
    root = journal({"acme.md": FINAL_ROUND, "templates/reply.txt": b"caf\xe9 $company\n"})
    result = run(root, "draft", "reply", "acme.md")
    assert result.exit_code == 2
    assert "templates/reply.txt: not UTF-8" in result.stderr


@pytest.mark.parametrize("name", TEMPLATES)
def test_built_in_templates_use_only_documented_placeholders(tmp_path, name):
    text = load_template(tmp_path, name)
    template = Template(text)
    assert template.is_valid()
    assert set(template.get_identifiers()) <= set(PLACEHOLDERS)
    assert "[" in text  # a clearly marked gap to fill in
    assert "$greeting" in text and "$company" in text


def test_draft_in_a_real_process(journal):
    root = journal({"acme.md": FINAL_ROUND})
    result = run_process("--journal", str(root), "--today", TODAY.isoformat(),
                         "draft", "reapply", "acme.md")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "When we spoke in July about the Data Engineer role" in result.stdout
    assert "Hi Jane," in result.stdout
