"""`jrnl-rej export`: every application as a CSV row or JSON object, and back again."""

from __future__ import annotations

import csv
import io
import json

import pytest

ACME = """---
company: Acme Corp
role: Senior Data Engineer
applied: 2026-09-02
source: referral
url: https://acme.example/jobs/1
contact: Jane Doe
screen: 2026-09-09
hiring_manager: 2026-09-16
final_round: 2026-09-30
check_ins: [2026-09-20]
status: rejected
rejected: 2026-10-05
rejection: post_interview
replied: 2026-10-05
feedback_asked: 2026-10-05
feedback: "Wanted deeper Kafka, and: more
  streaming"
tags: [data, remote]
---
Notes.
"""
FILES = {
    "acme.md": ACME,
    "globex.md": "---\ncompany: Globex\nrole: Analyst\napplied: 2026-10-01\nstatus: rejected\n"
                 "rejected: 2026-10-03\nreplied: no\nrevisit: never\n---\n",
    "sub/hooli.md": "---\ncompany: '=HYPERLINK(\"http://x\")'\nrole: Platform, Infra\napplied: 2026-11-10\n"
                    "screen: 2026-11-28\ntags: [\"a; b\"]\n---\n",
    "stark.md": "---\ncompany: Stark\nrole: ML Engineer\napplied: 2026-08-01\nscreen: 2026-08-05\n"
                "offer: 2026-08-20\nstatus: accepted\n---\n",
    "wayne.md": "---\ncompany: Wayne\nrole: Data Engineer\napplied: 2026-10-10\nsource: LinkedIn\n"
                "status: withdrawn\n---\n",
    "umbrella.md": "---\ncompany: Umbrella\nrole: SRE\napplied: 2026-10-20\nscreen: 2026-10-27\n---\n",
    "broken.md": "---\ncompany: Broken\nrole: Dev\napplied: 2026-13-45\n---\n",
}


@pytest.fixture
def full(journal):
    return journal(FILES, config="")


def test_csv_has_every_field_then_path_and_leaves_out_files_with_errors(full, run):
    result = run(full, "export")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["company", "role", "applied", "source", "url", "contact", "screen",
                       "hiring_manager", "final_round", "offer", "check_ins", "status", "rejected",
                       "rejection", "replied", "feedback_asked", "feedback", "revisit", "tags", "path"]  # fmt: skip
    assert [row[-1] for row in rows[1:]] == ["acme.md", "globex.md", "stark.md", "sub/hooli.md",
                                             "umbrella.md", "wayne.md"]  # fmt: skip
    acme = dict(zip(rows[0], rows[1], strict=True))
    assert acme["feedback"] == "Wanted deeper Kafka, and: more streaming"
    assert acme["tags"] == "data; remote" and acme["check_ins"] == "2026-09-20"
    assert acme["rejection"] == "post_interview" and acme["final_round"] == "2026-09-30"
    globex = dict(zip(rows[0], rows[2], strict=True))
    assert globex["replied"] == "no" and globex["revisit"] == "never" and globex["rejection"] == ""
    hooli = dict(zip(rows[0], rows[4], strict=True))
    assert hooli["company"] == "'=HYPERLINK(\"http://x\")"  # a spreadsheet shows it, never runs it
    assert "broken.md" in result.stderr and "broken.md" not in result.stdout


def test_json_leaves_absent_fields_out(full, run):
    data = json.loads(run(full, "export", "--format", "json").stdout)
    assert data["version"] == 1
    apps = {a["path"]: a for a in data["applications"]}
    assert list(apps) == ["acme.md", "globex.md", "stark.md", "sub/hooli.md", "umbrella.md", "wayne.md"]
    assert apps["acme.md"]["check_ins"] == ["2026-09-20"] and apps["acme.md"]["applied"] == "2026-09-02"
    assert apps["umbrella.md"] == {"path": "umbrella.md", "company": "Umbrella", "role": "SRE",
                                   "applied": "2026-10-20", "screen": "2026-10-27", "status": "open"}  # fmt: skip
    assert apps["sub/hooli.md"]["company"] == '=HYPERLINK("http://x")'  # JSON is not a spreadsheet


def test_output_file_is_written_atomically_and_not_again_when_unchanged(full, run, tmp_path):
    target = tmp_path / "out.csv"
    assert run(full, "export", "-o", str(target)).exit_code == 0
    first = target.stat().st_mtime_ns
    assert target.read_text(encoding="utf-8").startswith("company,role,applied,")
    run(full, "export", "-o", str(target))
    assert target.stat().st_mtime_ns == first


def _report(run, root):
    data = json.loads(run(root, "report", "--format", "json").stdout)
    for item in data["revisit"]:
        item.pop("path")
    return data


def _without_paths(text: str) -> list[list[str]]:
    """The rows without their path (the files get new names), in an order that does not use it."""
    header, *rows = csv.reader(io.StringIO(text))
    return [header[:-1], *sorted(row[:-1] for row in rows)]


def test_export_import_gives_the_same_report_and_the_same_csv(full, run, tmp_path, journal):
    exported = tmp_path / "applications.csv"
    run(full, "export", "-o", str(exported))
    empty = tmp_path / "fresh"
    empty.mkdir()
    (empty / "jrnl-rej.toml").write_text("")
    result = run(empty, "import", str(exported))
    assert result.exit_code == 0, result.output
    assert "6 created, 0 already there, 0 with problems" in result.stdout
    (full / "broken.md").unlink()  # left out of the export, so out of the comparison
    assert _report(run, empty) == _report(run, full)
    again = run(empty, "export").stdout
    assert _without_paths(again) == _without_paths(exported.read_text(encoding="utf-8"))
    # and the JSON export reads back the same way
    as_json = tmp_path / "applications.json"
    run(full, "export", "--format", "json", "-o", str(as_json))
    other = tmp_path / "fresh-json"
    other.mkdir()
    (other / "jrnl-rej.toml").write_text("")
    assert run(other, "import", str(as_json)).exit_code == 0
    assert _without_paths(run(other, "export").stdout) == _without_paths(again)
