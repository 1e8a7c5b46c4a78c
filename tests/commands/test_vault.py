"""An Obsidian vault as a journal: its Templates/ folder, wikilinks in values, plain notes."""

from __future__ import annotations

import json
from datetime import date

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


def test_check_today_report_index_and_log_show_the_linked_text(run, journal):
    root = journal({"acme.md": REJECTED}, config="")
    check = run(root, "check")
    assert "Acme Corp said no after the final round" in check.stdout and "[[" not in check.stdout
    today = run(root, "today")
    assert "Acme Corp" in today.stdout and "[[" not in today.stdout
    items = json.loads(run(root, "today", "--format", "json").stdout)["items"]
    assert items and all("[[" not in item["text"] for item in items)
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


NOTES = {
    "acme.md": REJECTED,
    "Daily/2026-11-24.md": "# Tuesday\n\nCalled Jane about the [[Acme Corp]] role.\n",
    "ideas.md": "",  # a new note Obsidian made and nobody wrote in yet
    "toml.md": "+++\ncompany = 'Acme'\n+++\n",  # front matter, just not YAML: still an error
    "bom.md": "\ufeff# A note saved with a byte-order mark\n",
}


def test_plain_notes_are_errors_that_name_the_way_out(run, journal):
    root = journal(NOTES, config="")
    data = json.loads(run(root, "check", "--format", "json").stdout)
    assert data["files"] == 5
    messages = {d["path"]: d["message"] for d in data["diagnostics"] if d["rule"] == "front-matter"}
    assert set(messages) == {"Daily/2026-11-24.md", "ideas.md", "toml.md", "bom.md"}
    for path in ("Daily/2026-11-24.md", "ideas.md", "bom.md"):
        assert 'set plain_notes = "skip" in jrnl-rej.toml, or list it in exclude' in messages[path]


def test_plain_notes_skip_leaves_notes_out(run, journal, cache_dir):
    root = journal(NOTES, config='plain_notes = "skip"\n')
    data = json.loads(run(root, "check", "--format", "json").stdout)
    assert data["files"] == 2  # acme.md and toml.md, whose front matter is there but not YAML
    assert {d["path"] for d in data["diagnostics"] if d["severity"] == "error"} == {"toml.md"}
    report = json.loads(run(root, "report", "--format", "json").stdout)
    assert (report["applications"], report["skipped"]) == (1, 1)
    # The setting is part of what a remembered check depends on: turned off, the notes are back.
    (root / "jrnl-rej.toml").write_text('plain_notes = "error"\n')
    assert json.loads(run(root, "check", "--format", "json").stdout)["files"] == 5
    (root / "jrnl-rej.toml").write_text('plain_notes = "skip"\n')
    assert json.loads(run(root, "check", "--format", "json").stdout)["files"] == 2
    # A note that gains front matter is an application from then on.
    (root / "ideas.md").write_text("---\ncompany: Initech\nrole: Analyst\napplied: 2026-11-20\n---\n")
    assert json.loads(run(root, "check", "--format", "json").stdout)["files"] == 3


def test_plain_notes_takes_error_or_skip(run, journal):
    root = journal({"acme.md": REJECTED}, config='plain_notes = "ignore"\n')
    result = run(root, "check")
    assert result.exit_code == 2
    assert "'plain_notes' must be \"error\" or \"skip\", not 'ignore'" in result.output


def test_the_language_server_leaves_a_note_out_as_check_does(tmp_path):
    from jrnl_rej.lsp.state import Journal

    (tmp_path / "jrnl-rej.toml").write_text('plain_notes = "skip"\n')
    (tmp_path / "note.md").write_text("# just a note\n")
    (tmp_path / "acme.md").write_text(REJECTED)
    journal = Journal(str(tmp_path), date(2026, 11, 25))
    assert journal.is_application("acme.md") and not journal.is_application("note.md")
    journal.set_text("note.md", "# still a note, being typed\n")
    assert "note.md" not in journal.check()
    journal.set_text("note.md", "---\ncompany: Initech\nrole: x\n---\n")  # now an application
    assert journal.is_application("note.md")
    assert any(d.rule == "missing-field" for d in journal.check()["note.md"])
    journal.set_text("note.md", "no front matter again\n")
    assert "note.md" not in journal.check()


def test_watch_leaves_a_note_out_until_it_gains_front_matter(tmp_path):
    import io
    from types import SimpleNamespace

    from jrnl_rej.commands import watch
    from jrnl_rej.core.config import Config

    (tmp_path / "acme.md").write_text(REJECTED)
    (tmp_path / "note.md").write_text("# a note\n")
    session = SimpleNamespace(root=tmp_path, config=Config(plain_notes="skip"), today=date(2026, 11, 25))
    watcher = watch.Watcher(session, out=io.StringIO(), err=io.StringIO())
    watcher.load_all()
    assert set(watcher.results) == {"acme.md"}
    (tmp_path / "note.md").write_text("---\ncompany: Initech\nrole: Analyst\napplied: 2026-11-20\n---\n")
    watcher.refresh(["note.md"])
    assert set(watcher.results) == {"acme.md", "note.md"}
    (tmp_path / "note.md").write_text("# a note again\n")
    watcher.refresh(["note.md"])
    assert set(watcher.results) == {"acme.md"}


def test_a_template_outside_templates_is_named_as_one(run, journal):
    root = journal({
        "acme.md": REJECTED,
        "Meta/Application template.md": TEMPLATE,
        "Meta/templater.md": '---\ncompany: "<% tp.file.title %>"\nrole: x\napplied: <% tp.date.now("YYYY-MM-DD") %>\n---\n',
    }, config="")  # fmt: skip
    data = json.loads(run(root, "check", "--format", "json").stdout)
    found = {d["path"]: d for d in data["diagnostics"] if d["path"].startswith("Meta/")}
    assert [(d["line"], d["column"], d["rule"]) for d in found.values()] == [(4, 10, "front-matter"), (2, 10, "front-matter")]  # noqa: E501
    assert "looks like a template: applied holds the placeholder {{date}}" in found["Meta/Application template.md"]["message"]
    assert "company holds the placeholder <% tp.file.title %>" in found["Meta/templater.md"]["message"]
    assert all("list this one in exclude" in d["message"] for d in found.values())
    # one finding per template, not one per placeholder nor a "not a mapping" for {{date}}
    assert len([d for d in data["diagnostics"] if d["path"].startswith("Meta/")]) == 2


def test_check_names_why_a_note_or_a_template_is_not_checked(run, journal):
    root = journal({"acme.md": REJECTED, "note.md": "# a note\n", "Templates/a.md": TEMPLATE},
                   config='plain_notes = "skip"\n')  # fmt: skip
    result = run(root, "check", "note.md")
    assert result.exit_code == 2
    assert 'note.md: not an application file (it has no front matter, and plain_notes = "skip"' in result.output
    result = run(root, "check", "Templates/a.md")
    assert result.exit_code == 2
    assert "Templates/ holds templates, not applications" in result.output


VAULT = {
    "Jobs/acme.md": REJECTED,
    "Jobs/initech.md": app_file(company="Initech", role="Analyst", applied="2026-11-20"),
    "Jobs/meeting with Jane.md": "# Call with Jane\n\nShe said the team is hiring.\n",
    "Jobs/Application template.md": TEMPLATE,
    "Daily/2026-11-24.md": "# Tuesday\n",
    "Daily/2026-11-25.md": "---\nmood: good\n---\n# Wednesday\n",
    "Meta/Templater job.md": '---\ncompany: "<% tp.file.title %>"\nrole: x\napplied: x\n---\n',
    "drafts/globex.md": app_file(company="Globex", role="SRE", applied="2026-11-22"),
    "Templates/Job.md": TEMPLATE,
    "Home.md": "---\ntags: [moc]\n---\n# Home\n\n[[Jobs]]\n",
    "Jobs/half.md": "---\ncompany: Hooli\nrole: SRE\n---\n",  # an application with a mistake
    "[odd] name.md": "---\naliases: [x]\n---\n",
}


def test_init_on_a_vault_proposes_what_to_leave_out_and_says_so(run, journal):
    import tomllib

    root = journal(VAULT)
    result = run(None, "init", str(root))
    assert result.exit_code == 0
    config = tomllib.loads((root / "jrnl-rej.toml").read_text())
    assert config == {"exclude": ["Home.md", "[[]odd] name.md", "Daily/**", "Jobs/Application template.md",
                                  "Meta/**", "drafts/**"], "plain_notes": "skip"}  # fmt: skip
    assert "exclude = [Home.md, [[]odd] name.md, Daily/**, Jobs/Application template.md, Meta/**" in result.stdout
    assert 'plain_notes = "skip"' in result.stdout
    assert "if one of those is an application after all, take it out" in result.stdout
    assert "found 3 applications already here" in result.stdout
    # What is left is the applications, and one with a mistake (shown, not hidden).
    data = json.loads(run(root, "check", "--format", "json").stdout)
    assert data["files"] == 3
    assert {d["path"] for d in data["diagnostics"] if d["severity"] == "error"} == {"Jobs/half.md"}


def test_init_on_an_empty_folder_proposes_nothing(run, tmp_path):
    result = run(None, "init", str(tmp_path / "new"))
    assert "exclude = [" not in result.stdout and "plain_notes" not in result.stdout
    assert "exclude = [" not in (tmp_path / "new" / "jrnl-rej.toml").read_text().replace("# exclude = []", "")


OBSIDIAN_LISTS = """\
---
company: Acme Corp
role: Data Engineer
applied: 2026-11-01
tags:
  - job
  - data
status: open
---
Notes.
"""


def test_log_check_in_writes_a_block_list_where_the_file_has_block_lists(run, journal):
    root = journal({"acme.md": OBSIDIAN_LISTS, "crlf.md": OBSIDIAN_LISTS.replace("\n", "\r\n").encode(),
                    "flow.md": OBSIDIAN_LISTS.replace("tags:\n  - job\n  - data\n", "tags: [job, data]\n"),
                    "empty.md": OBSIDIAN_LISTS.replace("status: open\n", "check_ins:\nstatus: open\n")},
                   config="")  # fmt: skip
    for name in ("acme.md", "crlf.md", "flow.md", "empty.md"):
        assert run(root, "log", name, "check-in", "2026-11-20").exit_code == 0, name
    assert (root / "acme.md").read_text() == OBSIDIAN_LISTS.replace(
        "status: open\n---", "status: open\ncheck_ins:\n  - 2026-11-20\n---")
    assert (root / "crlf.md").read_bytes() == OBSIDIAN_LISTS.replace(
        "status: open\n---", "status: open\ncheck_ins:\n  - 2026-11-20\n---").replace("\n", "\r\n").encode()
    assert "check_ins: [2026-11-20]\n" in (root / "flow.md").read_text()
    assert "check_ins:\n  - 2026-11-20\nstatus: open\n" in (root / "empty.md").read_text()
    # A second one goes under the first, in the same style.
    assert run(root, "log", "acme.md", "check-in", "2026-11-24").exit_code == 0
    assert "check_ins:\n  - 2026-11-20\n  - 2026-11-24\n---" in (root / "acme.md").read_text()
