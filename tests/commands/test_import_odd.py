"""`jrnl-rej import` of each preset with the rows real exports carry: quoted commas and line
breaks, an empty trailing row, a byte-order mark or UTF-16, a missing date, a date in the
future and a duplicate row; then `check` finds no error, and a second import creates nothing."""

from __future__ import annotations

import json

import pytest
import yaml

LINKEDIN = (
    "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,"
    "Resume Name,Question And Answers\r\n"
    '"8/15/26, 10:05 AM",,,"Acme, Inc.",Data Engineer,https://l.example/1/,"CV, final.pdf","Q?: a\nQ2?: b"\r\n'
    ",,,Globex,Analyst,https://l.example/2/,,\r\n"
    '"12/24/26, 8:00 AM",,,Umbrella,SRE,https://l.example/3/,,\r\n'
    '"8/15/26, 10:05 AM",,,"Acme, Inc.",Data Engineer,https://l.example/1/,"CV, final.pdf","Q?: a\nQ2?: b"\r\n'
    ",,,,,,,\r\n"
)
HUNTR = (
    "id,createdAt,title,salary,location,url,rootDomain,htmlDescription,deadline,color,lastMovedAt,"
    "boardId,boardName,listId,listName,companyId,companyName,companyDomain,creatorUserId,"
    "creatorUserFirstName,creatorUserLastName,creatorUserEmail\n"
    '1,2026-09-01 10:00:00,"Engineer, Data",-,"Remote, EU",https://h.example/1,-,"<p>a,\nb</p>",-,#fff,'
    '2026-09-01 10:00:00,b,B,l,Applied,c,"Acme, Inc.",-,u,J,D,j@x\n'
    "2,-,Analyst,-,-,-,-,-,-,#fff,-,b,B,l,Applied,c,Globex,-,u,J,D,j@x\n"
    "3,2026-12-24 10:00:00,SRE,-,-,-,-,-,-,#fff,2026-12-24 10:00:00,b,B,l,Applied,c,Umbrella,-,u,J,D,j@x\n"
    '1,2026-09-01 10:00:00,"Engineer, Data",-,"Remote, EU",https://h.example/1,-,"<p>a,\nb</p>",-,#fff,'
    '2026-09-01 10:00:00,b,B,l,Applied,c,"Acme, Inc.",-,u,J,D,j@x\n'
    ",,,,,,,,,,,,,,,,,,,,,\n"
)
GENERIC = (
    "Employer,Position,Date Applied,Link,Notes\n"
    '"Acme, Inc.",Data Engineer,2026-09-01,https://g.example/1,"line one,\nline two"\n'
    "Globex,Analyst,,,\n"
    "Umbrella,SRE,2026-12-24,,\n"
    '"Acme, Inc.",Data Engineer,2026-09-01,https://g.example/1,"line one,\nline two"\n'
    ",,,,\n"
)
_ACME = {"company": "Acme, Inc.", "role": "Data Engineer", "status": "applied", "notes": "line one,\nline two",
         "applied_on": "2026-09-01T10:00:00Z", "tags": [], "contacts": [], "links": {"posting": "https://j.example/1"}}
JOBHOUND = json.dumps({"schema_version": 2, "opportunities": [
    _ACME,
    {"company": "Globex", "role": "Analyst", "status": "applied", "tags": [], "contacts": [], "links": {}},
    {"company": "Umbrella", "role": "SRE", "status": "applied", "applied_on": "2026-12-24T10:00:00Z",
     "tags": [], "contacts": [], "links": {}},
    _ACME,
]}, indent=2)  # fmt: skip

CASES = {
    # name: (file name, text, applied, role, date column, the body's multi-line cell, the word for a row)
    "linkedin": ("Job Applications.csv", LINKEDIN, "2026-08-15", "Data Engineer", "Application Date",
                 "- Resume Name: CV, final.pdf", "row"),
    "huntr": ("huntr.csv", HUNTR, "2026-09-01", "Engineer, Data", "createdAt", "<p>a,\nb</p>", "row"),
    "csv": ("search.csv", GENERIC, "2026-09-01", "Data Engineer", "Date Applied", "line one,\nline two", "row"),
    "jobhound": ("jobhound.json", JOBHOUND, "2026-09-01", "Data Engineer", "applied_on", "line one,\nline two",
                 "opportunity"),
}  # fmt: skip


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
@pytest.mark.parametrize("preset", sorted(CASES))
def test_odd_rows_of_each_preset(journal, run, tmp_path, preset, encoding):
    name, text, applied, role, date_column, cell, what = CASES[preset]
    root = journal({}, config="")
    source = tmp_path / name
    source.write_bytes(text.encode(encoding))
    result = run(root, "import", str(source))
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in root.glob("*.md"))
    assert len(made) == 1 and made[0].startswith(f"{applied}-acme-inc-")
    body = (root / made[0]).read_text(encoding="utf-8")
    fields = yaml.safe_load(body.split("---\n")[1])
    assert fields["company"] == "Acme, Inc." and fields["role"] == role  # the quoted comma kept
    assert str(fields["applied"]) == applied
    assert cell in body  # the quoted line break kept, in the body
    out = result.stdout
    assert f"Already in the journal, skipped: {what} 5" in out or f"skipped: {what} 4" in out  # the duplicate
    first = 3 if what == "row" else 2
    assert f"{name}, {what} {first}, column {date_column}: no date it was applied on" in out
    assert f"{name}, {what} {first + 1}, column {date_column}: applied 2026-12-24 is in the future" in out
    plural = "opportunities" if what == "opportunity" else "rows"
    assert f": 4 {plural}, 1 created, 1 already there, 2 with problems." in out  # the empty row is no row
    check = run(root, "check", "--format", "json")
    assert [d for d in json.loads(check.stdout)["diagnostics"] if d["severity"] == "error"] == []
    again = run(root, "import", str(source))
    assert "0 created, 2 already there" in again.stdout  # the row and its duplicate
    assert sorted(p.name for p in root.glob("*.md")) == made


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--from", "excel"), "excel"),
        (("--map", "Employer=compnay"), "did you mean company"),
        (("--map", "Employer"), "COLUMN=FIELD"),
    ],
)
def test_bad_options_are_one_line_exit_2_nothing_written(journal, run, tmp_path, args, words):
    root = journal({}, config="")
    source = tmp_path / "search.csv"
    source.write_text(GENERIC, encoding="utf-8")
    result = run(root, "import", *args, str(source))
    assert result.exit_code == 2 and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""
    assert sorted(p.name for p in root.iterdir()) == ["jrnl-rej.toml"]
