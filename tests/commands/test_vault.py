"""An Obsidian vault as a journal: its Templates/ folder, wikilinks in values, plain notes."""

from __future__ import annotations

import json

from conftest import app_file

from jrnl_rej.reading.links import link_text

REJECTED = app_file(
    company='"[[Acme Corp]]"',
    role="Data Engineer",
    applied="2026-06-01",
    contact='"[[people/Jane Doe|Jane Doe]]"',
    screen="2026-06-10",
    hiring_manager="2026-06-20",
    final_round="2026-07-02",
    status="rejected",
    rejected="2026-11-24",
)
# What Obsidian's Templates plugin keeps: placeholders it fills in when it makes a note.
TEMPLATE = "---\ncompany: \nrole: \napplied: {{date}}\ncontact: \"[[]]\"\ntags:\n  - job\n---\n# {{title}}\n"


def test_templates_folder_of_a_vault_is_not_read(run, journal):
    root = journal({"acme.md": REJECTED, "Templates/Application.md": TEMPLATE,
                    "templates/reply.md": TEMPLATE}, config="")  # fmt: skip
    result = run(root, "check", "--format", "json")
    data = json.loads(result.stdout)
    assert data["files"] == 1
    assert {d["path"] for d in data["diagnostics"]} == {"acme.md"}
    # Only the root's: a Templates folder deeper down holds notes like any other folder.
    root = journal({"2026/Templates/x.md": TEMPLATE})
    data = json.loads(run(root, "check", "--format", "json").stdout)
    assert data["files"] == 2


def test_wikilinks_read_as_the_text_obsidian_shows():
    assert link_text("[[Jane Doe]]") == "Jane Doe"
    assert link_text("[[Jane Doe|Jane]]") == "Jane"
    assert link_text("[[people/Jane Doe]]") == "Jane Doe"
    assert link_text("[[Acme#Hiring team]]") == "Acme > Hiring team"
    assert link_text("Jane ([[Acme Corp|Acme]])") == "Jane (Acme)"
    assert link_text("no link [here]") == "no link [here]"
    assert link_text("[[]]") == "[[]]"


def test_draft_greets_the_contact_a_wikilink_names(run, journal):
    root = journal({"acme.md": REJECTED}, config="")
    result = run(root, "draft", "reply", "acme.md")
    assert result.exit_code == 0
    assert "\nHi Jane,\n" in result.stdout
    assert "Acme Corp" in result.stdout
    assert "[[" not in result.stdout and "]]" not in result.stdout
    plain = journal({"acme.md": REJECTED.replace('"[[people/Jane Doe|Jane Doe]]"', '"[[Sam Lee]]"')})
    assert "\nHi Sam,\n" in run(plain, "draft", "reply", "acme.md").stdout


def test_check_report_index_and_log_show_the_linked_text(run, journal):
    root = journal({"acme.md": REJECTED}, config="")
    check = run(root, "check")
    assert "Acme Corp said no after the final round" in check.stdout and "[[" not in check.stdout
    report = run(root, "report", "--today", "2026-12-01", "--format", "json")
    revisit = json.loads(report.stdout)["revisit"]
    assert [row["company"] for row in revisit] == ["Acme Corp"]
    assert run(root, "index").exit_code == 0
    index = (root / "INDEX.md").read_text()
    assert "Acme Corp" in index and "[[Acme" not in index
    logged = run(root, "log", "acme.md", "feedback-asked")
    assert "Whatever Acme Corp says" in logged.output and "[[" not in logged.output


def test_a_linked_company_is_the_same_company_as_the_plain_one(run, journal):
    root = journal({
        "a.md": app_file(company='"[[Acme Corp]]"', role="Data Engineer", applied="2026-11-01"),
        "b.md": app_file(company="Acme Corp", role="Data Engineer", applied="2026-11-03"),
    }, config="")  # fmt: skip
    rules = [d["rule"] for d in json.loads(run(root, "check", "--format", "json").stdout)["diagnostics"]]
    assert rules.count("duplicate-application") == 2
