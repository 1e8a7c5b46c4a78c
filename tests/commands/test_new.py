"""`jrnl-rej new COMPANY ROLE`: a file that reads back as written, never over another one."""

from __future__ import annotations

import os
import unicodedata
from datetime import date

import pytest
import yaml
from conftest import TODAY, app_file, run_process

from jrnl_rej.commands.new import application_text, file_name, slug


@pytest.mark.parametrize(
    ("company", "role", "name"),
    [
        ("Acme Corp", "Senior Data Engineer", "2026-11-25-acme-corp-senior-data-engineer.md"),
        ("Société Générale", "Ingénieur Données", "2026-11-25-societe-generale-ingenieur-donnees.md"),
        ("AT&T / Mobile", "Data/ML Engineer (Remote)", "2026-11-25-at-t-mobile-data-ml-engineer-remote.md"),
        ("🚀 Rocket", "Eng 🛠", "2026-11-25-rocket-eng.md"),
        ("株式会社", "🚀", "2026-11-25-株式会社.md"),
        ("🚀", "🛠", "2026-11-25-application.md"),
        ("株式会社メルカリ", "データエンジニア", "2026-11-25-株式会社メルカリ-データエンジニア.md"),
        ("北京字节跳动", "数据工程师", "2026-11-25-北京字节跳动-数据工程师.md"),
        ("Δέλτα Analytics", "Data Engineer", "2026-11-25-δέλτα-analytics-data-engineer.md"),
        ("ΔΈΛΤΑ", "Μηχανικός Δεδομένων", "2026-11-25-δέλτα-μηχανικός-δεδομένων.md"),
        ("Ｍｅｒｃａｒｉ", "ﾃﾞｰﾀ", "2026-11-25-mercari-データ.md"),  # fullwidth and halfwidth forms
        ("Bad\u202eName\u200b", "Role\x07\x1b[2J", "2026-11-25-badname-role-2j.md"),  # bidi, zero-width, control
        ("A/B\\C:D*E?F", '"G"<H>|I', "2026-11-25-a-b-c-d-e-f-g-h-i.md"),
        ("Ørsted", "C++ Dev", "2026-11-25-orsted-c-dev.md"),
        ("Straße & Łódź", "ﬁnance", "2026-11-25-strasse-lodz-finance.md"),
        ("../../etc", "passwd", "2026-11-25-etc-passwd.md"),
    ],
)
def test_file_names(company, role, name):
    assert file_name(TODAY, company, role) == name


def test_long_names_are_cut_at_a_word():
    long = "International Business Machines Corporation Worldwide Holdings"
    assert slug(long) == "international-business-machines"
    assert len(slug("x" * 100)) == 40
    name = file_name(TODAY, long * 3, "Principal Staff Engineer " * 10)
    assert len(name) <= 100 and name.endswith(".md") and "--" not in name
    # A file name has at most 255 bytes; a long name in a script of 3-byte letters fits.
    wide = file_name(TODAY, "株" * 100, "式" * 100)
    assert len(wide.encode("utf-8")) + len("-99") <= 255 and wide.startswith("2026-11-25-株株")


def test_names_are_nfc_and_cut_between_letters():
    decomposed = "Cafe\u0301 Mu\u0308nchen"  # what macOS file names and some keyboards give
    assert slug(decomposed) == "cafe-munchen"
    assert slug("Ἀθῆναι") == unicodedata.normalize("NFC", "ἀθῆναι")
    hindi = slug("कि" * 30)  # each letter carries a vowel sign: a cut never leaves one alone
    assert unicodedata.category(hindi[-1])[0] == "M" and len(hindi) <= 40


def test_the_text_reads_back_with_quotes_where_needed():
    text = application_text("Acme: the company", "#1 role", date(2026, 11, 2), source="yes",
                            url="https://example.com/jobs/1#apply", contact="Jane Doe")  # fmt: skip
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == {
        "company": "Acme: the company", "role": "#1 role", "applied": date(2026, 11, 2),
        "source": "yes", "url": "https://example.com/jobs/1#apply", "contact": "Jane Doe",
        "status": "open",
    }  # fmt: skip
    assert 'company: "Acme: the company"\n' in text and "url: https://example.com/jobs/1#apply\n" in text


@pytest.fixture
def inside(tmp_path, monkeypatch):
    def go(root):
        monkeypatch.chdir(root)
        return root

    return go


def test_new_creates_the_file_and_prints_its_path(journal, run, inside):
    root = inside(journal({}))
    result = run(root, "new", "Acme Corp", "Data Engineer", "--applied", "yesterday",
                 "--source", "referral", "--contact", "Jane Doe")  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout == "2026-11-24-acme-corp-data-engineer.md\n"
    assert "jrnl-rej log 2026-11-24-acme-corp-data-engineer.md screen" in result.stderr
    text = (root / "2026-11-24-acme-corp-data-engineer.md").read_text()
    assert text.startswith(
        "---\ncompany: Acme Corp\nrole: Data Engineer\napplied: 2026-11-24\nsource: referral\n"
        "contact: Jane Doe\nstatus: open\n---\n## "
    )
    check = run(root, "check")
    assert check.exit_code == 0 and "error" not in check.stdout


def test_path_is_absolute_when_the_journal_is_elsewhere(journal, run, tmp_path, monkeypatch):
    root = journal({})
    away = tmp_path / "away"
    away.mkdir()
    monkeypatch.chdir(away)
    result = run(root, "new", "Acme", "Engineer")
    assert result.stdout == f"{root / '2026-11-25-acme-engineer.md'}\n"


def test_refuses_to_overwrite(journal, run, inside):
    root = inside(journal({"2026-11-25-acme-engineer.md": "my notes\n"}))
    path = root / "2026-11-25-acme-engineer.md"
    before = path.stat().st_mtime_ns
    result = run(root, "new", "Acme", "Engineer")
    assert result.exit_code == 2
    assert "2026-11-25-acme-engineer.md already exists; nothing was written" in result.stderr
    assert path.read_text() == "my notes\n" and path.stat().st_mtime_ns == before


def test_warns_about_the_same_application_within_a_week(journal, run, inside):
    root = inside(journal({"old.md": app_file(company="ACME", role="data  engineer", applied="2026-11-20"),
                           "older.md": app_file(company="Acme", role="Data Engineer", applied="2026-11-01")}))  # fmt: skip
    result = run(root, "new", "Acme", "Data Engineer")
    assert result.exit_code == 0
    assert result.stdout == "2026-11-25-acme-data-engineer.md\n"
    assert "Note: old.md is the same company and role (applied 5 days apart)" in result.stderr
    assert "older.md" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Acme", "Engineer", "--applied", "tomorrow"), "applied is in the future (2026-11-26"),
        (("Acme", "Engineer", "--applied", "whenever"), "--applied: 'whenever' is not a date"),
        (("  ", "Engineer"), "company is empty"),
        (("Acme", ""), "role is empty"),
        (("Acme\nCorp", "Engineer"), "company must be one line"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(journal, run, inside, args, message):
    root = inside(journal({}))
    result = run(root, "new", *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert [p for p in os.listdir(root) if p.endswith(".md")] == []


def test_control_characters_are_escaped_in_the_file_and_on_screen(journal, run, inside):
    root = inside(journal({}))
    result = run(root, "new", "Evil\x1b[31m", "Role\u202e")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout + result.stderr
    (name,) = [p for p in os.listdir(root) if p.endswith(".md")]
    assert name == "2026-11-25-evil-31m-role.md"
    text = (root / name).read_text()
    assert 'company: "Evil\\x1b[31m"\n' in text and 'role: "Role\\u202e"\n' in text


def test_new_as_a_real_process(journal):
    root = journal({})
    (root / "jrnl-rej.toml").write_text("")
    done = run_process("--today", TODAY.isoformat(), "new", "Hooli", "Platform Engineer", "--applied", "Nov 3",
                       cwd=root)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "2026-11-03-hooli-platform-engineer.md\n"
    again = run_process("--today", TODAY.isoformat(), "new", "Hooli", "Platform Engineer", "--applied",
                        "2026-11-03", cwd=root)  # fmt: skip
    assert again.returncode == 2 and "already exists" in again.stderr


@pytest.mark.parametrize(
    "text",
    ["Acme Corp", "Acme, Inc.", "AT&T (Mobile)", "C++ Dev", "Data/ML Engineer", "yes", "No", "NULL", "On",
     "y", "Y", "n", "a", "e1", "Infinity", "NaN", "nan", "Dr. No", "R&D - Team", "x-", "A+",
     "https://www.linkedin.com/jobs/view/4001/", "https://acme.example/jobs?id=1&src=li",
     "https://x.example/a,b", "https://x.example/a:", "http://x.example/(1)", "mailto:jane@acme.example",
     "Jane  Doe", "Zoë", "a: b", "a #b", "#1", "- x", "2026-10-02", "1e3", "0x1F", "12:30", "~", "a:",
     'Engineer "II"', "O'Reilly", "data, remote", "[x]", "x]", "{x}", "!tag", "&anchor", "*alias", "@me", "%x"],
)  # fmt: skip
def test_every_value_reads_back_as_written_in_the_front_matter(text):
    written = application_text(text, "Role", date(2026, 11, 2), source=text, fields={"tags": [text, "b"]})
    front = yaml.load(written.split("---\n")[1], Loader=yaml.SafeLoader)
    assert front["company"] == text and front["source"] == text and front["tags"] == [text, "b"]
    assert yaml.load(written.split("---\n")[1], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == front


def test_two_applications_with_the_same_name_get_their_own_files(journal, run, inside):
    root = inside(journal({}))
    first = run(root, "new", "株式会社メルカリ", "データエンジニア")
    second = run(root, "new", "北京字节跳动", "数据工程师")
    assert first.exit_code == second.exit_code == 0, second.stderr
    assert first.stdout != second.stdout
    # Different applications whose names make the same slug: the second gets -2, then -3.
    names = [run(root, "new", company, role) for company, role in
             (("Acme", "Data Engineer"), ("Acme Data", "Engineer"), ("Acme Data Engineer", "-"))]  # fmt: skip
    assert [r.stdout for r in names] == [
        "2026-11-25-acme-data-engineer.md\n", "2026-11-25-acme-data-engineer-2.md\n",
        "2026-11-25-acme-data-engineer-3.md\n",
    ]  # fmt: skip
    assert "company: Acme Data\n" in (root / "2026-11-25-acme-data-engineer-2.md").read_text()
    assert "jrnl-rej log 2026-11-25-acme-data-engineer-3.md screen" in names[2].stderr
    # The same application again is refused, whichever of the files holds it.
    again = run(root, "new", "Acme Data", "Engineer")
    assert again.exit_code == 2 and "acme-data-engineer" in again.stderr
    assert sorted(p.name for p in root.glob("2026-11-25-acme-*")) == [
        "2026-11-25-acme-data-engineer-2.md", "2026-11-25-acme-data-engineer-3.md",
        "2026-11-25-acme-data-engineer.md",
    ]  # fmt: skip


def test_a_unicode_name_is_quoted_in_the_suggested_command(journal, run, inside):
    root = inside(journal({}))
    result = run(root, "new", "O'Reilly & Δέλτα", "Data Engineer")
    assert result.exit_code == 0
    assert result.stdout == "2026-11-25-o-reilly-δέλτα-data-engineer.md\n"
    assert "jrnl-rej log '2026-11-25-o-reilly-δέλτα-data-engineer.md' screen" in result.stderr
