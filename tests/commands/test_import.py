"""`jrnl-rej import FILE`: real-shaped exports become application files, once."""

from __future__ import annotations

import json

import pytest
import yaml

LINKEDIN_HEADER = ("Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,"
                   "Job Url,Resume Name,Question And Answers")  # fmt: skip
LINKEDIN = (
    LINKEDIN_HEADER + "\r\n"
    '"8/15/26, 10:05 AM",jane@acme.example,+1 555 0100,Acme Corp,Senior Data Engineer,'
    'https://www.linkedin.com/jobs/view/4001/,Jane-CV.pdf,"Years of Python?: 6\nWilling to relocate?: No"\r\n'
    '"8/3/26, 9:12 PM",,,"Globex, Inc.","Engineer ""II"", Platform",https://www.linkedin.com/jobs/view/4002/,,\r\n'
    '"8/1/26, 8:00 AM",,,Initech,,https://www.linkedin.com/jobs/view/4003/,,\r\n'
    '"soon",,,Hooli,Data Engineer,https://www.linkedin.com/jobs/view/4004/,,\r\n'
    '"12/24/26, 8:00 AM",,,Umbrella,Data Engineer,https://www.linkedin.com/jobs/view/4005/,,\r\n'
    ",,,,,,,\r\n"
)


@pytest.fixture
def empty(journal):
    return journal({}, config="")


def front(path):
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1]), text


def md_files(root):
    return sorted(p.name for p in root.glob("*.md"))


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_linkedin_rows_become_files_with_problem_rows_by_number(empty, run, tmp_path):
    source = write(tmp_path, "Job Applications.csv", LINKEDIN, "utf-8-sig")
    result = run(empty, "import", source)
    assert result.exit_code == 0, result.output
    assert md_files(empty) == ["2026-08-03-globex-inc-engineer-ii-platform.md",
                               "2026-08-15-acme-corp-senior-data-engineer.md"]  # fmt: skip
    fields, text = front(empty / "2026-08-15-acme-corp-senior-data-engineer.md")
    assert fields == {"company": "Acme Corp", "role": "Senior Data Engineer",
                      "applied": __import__("datetime").date(2026, 8, 15), "source": "LinkedIn",
                      "url": "https://www.linkedin.com/jobs/view/4001/",
                      "contact": "jane@acme.example", "status": "open"}  # fmt: skip
    assert "- Resume Name: Jane-CV.pdf" in text  # unmapped columns go into the body
    assert "555" not in text and "relocate" not in text  # phone and screening answers left out
    globex, _ = front(empty / "2026-08-03-globex-inc-engineer-ii-platform.md")
    assert globex["company"] == "Globex, Inc." and globex["role"] == 'Engineer "II", Platform'
    out = result.stdout
    assert "Job Applications.csv, row 4, column Job Title: no role" in out
    assert "Job Applications.csv, row 5, column Application Date: 'soon' is not a date" in out
    assert "Job Applications.csv, row 6, column Application Date:" in out and "in the future" in out
    assert "2 created, 0 already there, 3 with problems" in out
    assert "Next: jrnl-rej check" in out
    # nothing the import wrote is an error for check
    check = run(empty, "check", "--format", "json")
    assert [d for d in json.loads(check.stdout)["diagnostics"] if d["severity"] == "error"] == []


def test_a_second_import_creates_nothing(empty, run, tmp_path):
    source = write(tmp_path, "Job Applications.csv", LINKEDIN)
    run(empty, "import", source)
    before = {p.name: p.read_bytes() for p in empty.glob("*.md")}
    again = run(empty, "import", source)
    assert again.exit_code == 0
    assert {p.name: p.read_bytes() for p in empty.glob("*.md")} == before
    assert "Already in the journal, skipped: rows 2, 3" in again.stdout
    assert "0 created, 2 already there" in again.stdout
    assert "Next: jrnl-rej check" not in again.stdout


def test_keep_all_keeps_phone_numbers_and_answers(empty, run, tmp_path):
    source = write(tmp_path, "Job Applications.csv", LINKEDIN)
    run(empty, "import", "--keep-all", source)
    _, text = front(empty / "2026-08-15-acme-corp-senior-data-engineer.md")
    assert "- Contact Phone Number: +1 555 0100" in text
    assert "### Question And Answers\n\nYears of Python?: 6\nWilling to relocate?: No\n" in text


def test_dry_run_writes_nothing_and_says_the_same(empty, run, tmp_path):
    source = write(tmp_path, "Job Applications.csv", LINKEDIN)
    dry = run(empty, "import", "--dry-run", source)
    assert dry.exit_code == 0 and md_files(empty) == []
    assert "would create 2026-08-15-acme-corp-senior-data-engineer.md" in dry.stdout
    assert "row 5, column Application Date" in dry.stdout and "nothing was written" in dry.stdout
    real = run(empty, "import", source)
    assert "created 2026-08-15-acme-corp-senior-data-engineer.md" in real.stdout


def test_a_file_already_in_the_journal_by_url_is_skipped(journal, run, tmp_path):
    root = journal({"acme.md": "---\ncompany: ACME corp\nrole: Other title\napplied: 2026-08-16\n"
                    "url: https://www.linkedin.com/jobs/view/4001\n---\n"}, config="")  # fmt: skip
    result = run(root, "import", write(tmp_path, "Job Applications.csv", LINKEDIN))
    assert "Already in the journal, skipped: row 2" in result.stdout
    assert "2026-08-15-acme-corp-senior-data-engineer.md" not in md_files(root)


GENERIC = (
    "Employer;Position;Date Applied;Link;Stage;Salary;Notes\n"
    "Acme Corp;Data Engineer;2026-10-02;https://acme.example/jobs/1;Interviewing;120k;Met Jane\n"
    "Stark;ML Engineer;02/10/2026;;Rejected;;\n"
    "Wayne;Analyst;2026-10-05;;Wishlist;;\n"
    "Wayne;Analyst II;2026-13-45;;Applied;;\n"
    "Acme Corp;Data Engineer;2026-10-02;https://acme.example/jobs/1/;Applied;;duplicate row\n"
)


def test_any_csv_by_its_column_names(journal, run, tmp_path):
    root = journal({}, config='date_order = "DMY"\n')
    result = run(root, "import", write(tmp_path, "search.csv", GENERIC))
    assert result.exit_code == 0, result.output
    assert md_files(root) == ["2026-10-02-acme-corp-data-engineer.md", "2026-10-02-stark-ml-engineer.md"]
    acme, text = front(root / "2026-10-02-acme-corp-data-engineer.md")
    assert acme["url"] == "https://acme.example/jobs/1" and acme["status"] == "open"
    assert "screen" not in acme  # "Interviewing" with no date for it: kept in the body
    assert "- Stage: Interviewing (the export gives no date for it)" in text
    assert "- Salary: 120k" in text and "Met Jane" in text
    stark, text = front(root / "2026-10-02-stark-ml-engineer.md")
    assert stark["status"] == "rejected" and str(stark["rejected"]) == "2026-10-02"
    out = result.stdout
    assert "Not applied yet, left out: row 4 (Wishlist)" in out
    assert "search.csv, row 5, column Date Applied: '2026-13-45' is not a real date" in out
    assert "Already in the journal, skipped: row 6" in out  # the same url in the same file


def test_map_names_a_column_and_an_unknown_field_is_exit_2(empty, run, tmp_path):
    source = write(tmp_path, "odd.csv", "Org,What,When\nAcme,Engineer,2026-10-02\n")
    failed = run(empty, "import", source)
    assert failed.exit_code == 2 and md_files(empty) == []
    assert "no column for company or role" in failed.stderr and "--map" in failed.stderr
    bad = run(empty, "import", "--map", "Org=compnay", source)
    assert bad.exit_code == 2 and "did you mean company" in bad.stderr and md_files(empty) == []
    missing = run(empty, "import", "--map", "Organisation=company", source)
    assert missing.exit_code == 2 and "no column 'Organisation'" in missing.stderr
    good = run(empty, "import", "--map", "org=company", "--map", "What=role", "--map", "When=applied", source)
    assert good.exit_code == 0 and md_files(empty) == ["2026-10-02-acme-engineer.md"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b'{"name": "not an export"}', "not a format jrnl-rej knows"),
        (b'{"opportunities": [', "not valid JSON"),
        (b"", "empty"),
        (b"caf\xe9,role\n", "not UTF-8 or UTF-16"),
    ],
)
def test_a_file_that_cannot_be_read_is_exit_2_with_one_line(empty, run, tmp_path, content, words):
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    result = run(empty, "import", str(path))
    assert result.exit_code == 2 and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and md_files(empty) == []


def test_an_unknown_from_is_exit_2(empty, run, tmp_path):
    result = run(empty, "import", "--from", "excel", write(tmp_path, "a.csv", LINKEDIN))
    assert result.exit_code == 2 and md_files(empty) == []
    assert run(empty, "import", "missing.csv").exit_code == 2


def test_utf16_tab_separated_as_excel_saves_unicode_text(empty, run, tmp_path):
    text = "Company\tRole\tApplied\tTags\r\nZoë & Co\tDéveloppeur\t2026-09-30\tremote, data\r\n"
    result = run(empty, "import", write(tmp_path, "sheet.txt", text, "utf-16"))
    assert result.exit_code == 0, result.output
    fields, _ = front(empty / "2026-09-30-zoe-co-developpeur.md")
    assert fields["company"] == "Zoë & Co" and fields["tags"] == ["remote", "data"]


HUNTR_HEADER = ("id,createdAt,title,salary,location,url,rootDomain,htmlDescription,deadline,color,"
                "lastMovedAt,boardId,boardName,listId,listName,companyId,companyName,companyDomain,"
                "creatorUserId,creatorUserFirstName,creatorUserLastName,creatorUserEmail")  # fmt: skip
HUNTR = HUNTR_HEADER + "\n" + "\n".join([
    '61a1,2026-09-01 10:00:00,Data Engineer,-,Remote,https://boards.example/jobs/1,boards.example,'
    '"<p>Pipelines, <b>lots</b></p>\n<p>Kafka</p>",-,#4a90e2,2026-09-10 15:30:00,b1,Search,l2,Interview,'
    'c1,Acme Corp,acme.example,u1,Jane,Doe,jane@example.com',
    "61a2,2026-09-02 10:00:00,Analyst,-,-,-,-,-,-,#4a90e2,2026-09-20 09:00:00,b1,Search,l5,Rejected,"
    "c2,Globex,-,u1,Jane,Doe,jane@example.com",
    "61a3,2026-09-03 10:00:00,ML Engineer,-,-,-,-,-,-,#4a90e2,2026-09-03 10:00:00,b1,Search,l0,Wishlist,"
    "c3,Initech,-,u1,Jane,Doe,jane@example.com",
    "61a4,2026-09-04 10:00:00,Platform Engineer,-,-,-,-,-,-,#4a90e2,2026-09-05 10:00:00,b1,Search,l9,"
    "Take-home,c4,Hooli,-,u1,Jane,Doe,jane@example.com",
    "61a5,2026-09-05 10:00:00,SRE,-,-,-,-,-,-,#4a90e2,2026-09-01 10:00:00,b1,Search,l3,Offer,"
    "c5,Stark,-,u1,Jane,Doe,jane@example.com",
    "61a6,-,Dev,-,-,-,-,-,-,#4a90e2,-,b1,Search,l1,Applied,c6,Wayne,-,u1,Jane,Doe,jane@example.com",
]) + "\n"


def test_huntr_lists_become_status_and_stage_dates(empty, run, tmp_path):
    result = run(empty, "import", write(tmp_path, "huntr.csv", HUNTR))
    assert result.exit_code == 0, result.output
    assert "(read as Huntr's board export)" in result.stdout
    acme, text = front(empty / "2026-09-01-acme-corp-data-engineer.md")
    assert str(acme["screen"]) == "2026-09-10" and acme["status"] == "open"
    assert acme["url"] == "https://boards.example/jobs/1" and "salary" not in text  # `-` is empty
    assert "### htmlDescription\n\n<p>Pipelines, <b>lots</b></p>\n<p>Kafka</p>\n" in text
    assert "- location: Remote" in text and "- creatorUserEmail: jane@example.com" in text
    globex, _ = front(empty / "2026-09-02-globex-analyst.md")
    assert globex["status"] == "rejected" and str(globex["rejected"]) == "2026-09-20"
    hooli, text = front(empty / "2026-09-04-hooli-platform-engineer.md")
    assert hooli["status"] == "open" and "- listName: Take-home" in text
    out = result.stdout
    assert "Not applied yet, left out: row 4 (Wishlist)" in out
    # an offer dated before the application is a problem, said in plain words, not a broken file
    assert "huntr.csv, row 6, column lastMovedAt:" in out and "before" in out
    assert "huntr.csv, row 7, column createdAt: no date it was applied on" in out
    assert md_files(empty) == ["2026-09-01-acme-corp-data-engineer.md", "2026-09-02-globex-analyst.md",
                               "2026-09-04-hooli-platform-engineer.md"]  # fmt: skip


JOBHOUND = {
    "schema_version": 2, "timestamp": "2026-11-20T10:00:00Z", "db_root": "/home/me/jh",
    "opportunities": [
        {"slug": "2026-10-acme", "company": "Acme Corp", "role": "Data Engineer", "status": "screen",
         "priority": "high", "source": "referral", "location": "Remote",
         "first_contact": "2026-10-01T09:00:00Z", "applied_on": "2026-10-02T14:30:00.123456Z",
         "last_activity": "2026-10-20T10:00:00Z", "tags": ["data", "remote"],
         "contacts": [{"name": "Jane Doe", "role": "recruiter", "channel": "email"},
                      {"name": "Raj", "role": "hiring manager", "channel": "linkedin"}],
         "links": {"posting": "https://acme.example/jobs/1", "glassdoor": "https://gd.example/acme"},
         "archived": False, "path": "opportunities/2026-10-acme",
         "computed": {"is_active": True, "is_stale": False, "looks_ghosted": False, "days_since_activity": 36}},
        {"slug": "globex", "company": "Globex", "role": "SRE", "status": "ghosted", "priority": "medium",
         "applied_on": "2026-09-01T08:00:00Z", "last_activity": "2026-09-25T08:00:00Z", "tags": [],
         "contacts": [], "links": {}, "archived": True, "path": "p", "computed": {}},
        {"slug": "initech", "company": "Initech", "role": "Dev", "status": "prospect", "priority": "low",
         "tags": [], "contacts": [], "links": {}, "archived": False, "path": "p", "computed": {}},
        {"slug": "hooli", "company": "Hooli", "role": "Analyst", "status": "rejected",
         "first_contact": "2026-10-05T08:00:00Z", "last_activity": "2026-10-15T08:00:00Z",
         "tags": "single", "contacts": [], "links": {}, "archived": False, "path": "p", "computed": {}},
        {"slug": "nodate", "company": "Wayne", "role": "Dev", "status": "applied", "tags": [],
         "contacts": [], "links": {}, "archived": False, "path": "p", "computed": {}},
    ],
}  # fmt: skip


def test_jobhound_export(empty, run, tmp_path):
    source = write(tmp_path, "jobhound.json", json.dumps(JOBHOUND, indent=2))
    result = run(empty, "import", source)
    assert result.exit_code == 0, result.output
    acme, text = front(empty / "2026-10-02-acme-corp-data-engineer.md")
    assert acme == {"company": "Acme Corp", "role": "Data Engineer", "applied": acme["applied"],
                    "source": "referral", "url": "https://acme.example/jobs/1", "contact": "Jane Doe",
                    "status": "open", "tags": ["data", "remote"]}  # fmt: skip
    assert str(acme["applied"]) == "2026-10-02"
    assert "- contacts: Jane Doe (recruiter, email); Raj (hiring manager, linkedin)" in text
    assert "- links: glassdoor: https://gd.example/acme" in text and "days_since_activity" not in text
    assert "- status: screen (the export gives no date for it)" in text
    globex, _ = front(empty / "2026-09-01-globex-sre.md")
    assert (globex["status"], globex["rejection"], str(globex["rejected"])) == ("rejected", "silent", "2026-09-25")
    hooli, _ = front(empty / "2026-10-05-hooli-analyst.md")  # first_contact when no applied_on
    assert str(hooli["rejected"]) == "2026-10-15" and hooli["tags"] == ["single"]
    out = result.stdout
    assert "Not applied yet, left out: opportunity 3 (prospect)" in out
    assert "jobhound.json, opportunity 5, column applied_on: no date it was applied on" in out
    assert "5 opportunities, 3 created, 0 already there, 1 not applied yet, 1 with problems" in out
    assert run(empty, "import", source).stdout.count("created") == 1  # only in the summary: 0 created


def test_from_names_the_preset_and_a_wrong_one_is_exit_2(empty, run, tmp_path):
    source = write(tmp_path, "jobhound.json", json.dumps(JOBHOUND))
    wrong = run(empty, "import", "--from", "linkedin", source)
    assert wrong.exit_code == 2 and "use --from jobhound" in wrong.stderr and md_files(empty) == []
    csv_file = write(tmp_path, "a.csv", LINKEDIN)
    assert run(empty, "import", "--from", "jobhound", csv_file).exit_code == 2
    forced = run(empty, "import", "--from", "csv", csv_file)  # by column names: no LinkedIn source
    assert forced.exit_code == 0 and "(read as columns by their names)" in forced.stdout
    fields, _ = front(empty / "2026-08-15-acme-corp-senior-data-engineer.md")
    assert "source" not in fields


def test_a_name_taken_by_another_application_gets_a_number(journal, run, tmp_path):
    root = journal({"2026-10-02-acme-data-engineer.md": "---\ncompany: Acme\nrole: Data Engineer!\n"
                    "applied: 2026-10-02\n---\n"}, config="")  # fmt: skip
    run(root, "import", write(tmp_path, "a.csv", "Company,Role,Applied\nAcme,Data Engineer,2026-10-02\n"))
    assert md_files(root) == ["2026-10-02-acme-data-engineer-2.md", "2026-10-02-acme-data-engineer.md"]
    assert "Data Engineer!" in (root / "2026-10-02-acme-data-engineer.md").read_text()
