"""The pieces of `import`: decoding, the CSV dialect, dates in cells, column names."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from jrnl_rej.core.errors import JrnlError
from jrnl_rej.importing.presets import GENERIC, HUNTR, LINKEDIN, NOTES, STAGE, column_targets, recognise
from jrnl_rej.importing.rows import flatten_jobhound, read_date
from jrnl_rej.importing.tables import decode, read_table, sniff_delimiter


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"a,b\n", "a,b\n"),
        (b"\xef\xbb\xbfa,b\n", "a,b\n"),
        ("a\tb\n".encode("utf-16"), "a\tb\n"),  # with its byte-order mark, as Excel saves it
        ("a\tb\n".encode("utf-16-le"), "a\tb\n"),
        ("Zoë,b\n".encode(), "Zoë,b\n"),
    ],
)
def test_decode(data, text):
    assert decode(data, "f.csv") == text


def test_latin1_is_refused_with_the_fix():
    with pytest.raises(JrnlError, match='not UTF-8 or UTF-16.*"CSV UTF-8"'):
        decode("Zoë,b\n".encode("latin-1"), "f.csv")


@pytest.mark.parametrize(
    ("line", "delimiter"),
    [("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ('"x;y",b,c', ","), ("a|b|c", "|"), ("alone", ",")],
)
def test_sniff_delimiter(line, delimiter):
    assert sniff_delimiter(line) == delimiter


def test_rows_are_numbered_as_a_spreadsheet_numbers_them():
    table = read_table(b'\n\nA,B\n1,"two\nlines"\n,\n3,4,extra\n', "f.csv")
    assert table.header == ["A", "B"]
    assert table.rows == [(4, {"A": "1", "B": "two\nlines"}), (6, {"A": "3", "B": "4", "column 3": "extra"})]


def test_repeated_and_empty_column_names_stay_apart():
    assert read_table(b"Notes,Notes,\nx,y,z\n", "f.csv").header == ["Notes", "Notes (2)", "column 3"]


@pytest.mark.parametrize(
    ("text", "order", "day"),
    [
        ("8/15/26, 10:05 AM", "MDY", date(2026, 8, 15)),
        ("12/1/25, 9:00 PM", "MDY", date(2025, 12, 1)),
        ("2026-09-01 10:00:00", None, date(2026, 9, 1)),
        ("2026-10-02T14:30:00.123456Z", None, date(2026, 10, 2)),
        ("2026-10-02", None, date(2026, 10, 2)),
        ("02/10/2026", "DMY", date(2026, 10, 2)),
        ("15/10/2026 09:30", None, date(2026, 10, 15)),
    ],
)
def test_read_date(text, order, day):
    assert read_date(text, order) == day


@pytest.mark.parametrize(("text", "words"), [("03/04/2026", "date_order"), ("2026-02-30", "not a real date"),
                                             ("yesterday", "depends on today"), ("soon", "not a date")])  # fmt: skip
def test_read_date_problems(text, words):
    with pytest.raises(ValueError, match=words):
        read_date(text, None)


def test_presets_are_recognised_by_their_header_rows():
    linkedin = ("Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,"
                "Resume Name,Question And Answers").split(",")  # fmt: skip
    assert recognise(linkedin) is LINKEDIN
    assert recognise(["id", "createdAt", "title", "url", "listName", "companyName"]) is HUNTR
    assert recognise(["Company", "Role", "Applied"]) is GENERIC


def test_synonyms_and_the_first_column_for_a_field():
    header = ["Employer", "Position", "Date Applied", "Company", "Job URL", "Stage", "Comments", "Phone", "Misc"]
    targets = column_targets(GENERIC, header, {})
    assert targets == {"Employer": "company", "Position": "role", "Date Applied": "applied", "Job URL": "url",
                       "Stage": STAGE, "Comments": NOTES, "Phone": "leave_out"}  # fmt: skip
    assert column_targets(GENERIC, header, {"Company": "company", "Employer": "ignore"})["Company"] == "company"


def test_jobhound_contacts_and_links():
    cells = flatten_jobhound({"company": "A", "contacts": [{"name": "Jane", "role": None, "channel": None}],
                              "links": {"glassdoor": "https://g", "posting": "https://p"}, "computed": {"x": 1},
                              "path": "p", "archived": False, "tags": ["a"]})  # fmt: skip
    assert cells == {"company": "A", "contact": "Jane", "url": "https://p", "links": "glassdoor: https://g",
                     "tags": ["a"]}  # fmt: skip


def test_check_and_index_never_load_the_import_code(tmp_path):
    (tmp_path / "jrnl-rej.toml").write_text("")
    code = ("import sys; from jrnl_rej.entry import main\n"
            "for argv in (['check'], ['index']):\n"
            "    try:\n        main(['--journal', sys.argv[1], '--today', '2026-11-25', *argv])\n"
            "    except SystemExit:\n        pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('jrnl_rej.importing', 'jrnl_rej.commands.imports',\n"
            "    'jrnl_rej.commands.export', 'jrnl_rej.outputs.export', 'csv'))))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr
