"""A file name that is not UTF-8 (`rej\\xfe.md`): every command treats it like any other file
and shows its name escaped; none dies on it."""

from __future__ import annotations

import os
import subprocess

import pytest
from conftest import TODAY, app_file, run_process
from test_watch import stop, watching

REJECTED = app_file(company="Bytecorp", role="R", applied="2026-11-01", screen="2026-11-05",
                    status="rejected", rejected="2026-11-24")  # fmt: skip
NAME = os.fsdecode(b"rej\xfe.md")  # what Python calls it: the byte kept as a surrogate


@pytest.fixture
def root(tmp_path):
    (tmp_path / NAME).write_text(REJECTED)
    return tmp_path


@pytest.mark.parametrize("args", [["check"], ["check", "--format", "json"], ["check", "--format", "github"],
                                  ["index"], ["report"], ["calendar", "-o", "cal.ics"]])  # fmt: skip
def test_commands_treat_the_file_like_any_other(root, args):
    done = run_process("--journal", str(root), "--today", TODAY.isoformat(), *args, cwd=root)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr


def test_the_index_links_the_bytes_and_shows_them_escaped(root):
    done = run_process("--journal", str(root), "--today", TODAY.isoformat(), "index", cwd=root)
    assert done.returncode == 0, done.stderr
    index = (root / "INDEX.md").read_bytes()
    assert b"[rej\\\\xfe.md](rej%FE.md)" in index  # the text escaped, the link opens the file
    index.decode("utf-8")  # and the index is UTF-8 text
    check = run_process("--journal", str(root), "--today", TODAY.isoformat(), "index", "--check", cwd=root)
    assert check.returncode == 0, check.stderr


def test_calendar_events_of_the_file(root):
    done = run_process("--journal", str(root), "--today", TODAY.isoformat(), "calendar", "-o", "cal.ics", cwd=root)
    assert done.returncode == 0, done.stderr
    from icalendar import Calendar

    text = (root / "cal.ics").read_text(encoding="utf-8")
    assert "Bytecorp" in text
    events = Calendar.from_ical(text).walk("VEVENT")
    assert len({str(ev["uid"]) for ev in events}) == len(events) > 0
    description = str(events[0]["description"])
    assert "File: rej\ufffd.md" in description  # shown, not escaped for a terminal
    # The command reads back, in bash, as the name's bytes.
    command = description.split("Draft: ")[1].split("\n")[0]
    assert command == "jrnl-rej draft reply $'rej\\xfe.md'"
    words = subprocess.run(["bash", "-c", f"printf '%s\\0' {command}"], capture_output=True, check=True).stdout
    assert words.split(b"\0")[3] == b"rej\xfe.md"


def test_watch_goes_on_updating_after_such_a_file_appears(tmp_path):
    (tmp_path / "first.md").write_text(app_file(company="First", role="R", applied="2026-11-20", status="open"))
    with watching(tmp_path) as handle:
        handle.wait_index("from 1 application")
        (tmp_path / NAME).write_text(REJECTED)
        handle.wait_index("from 2 applications")
        (tmp_path / "third.md").write_text(app_file(company="Third", role="R", applied="2026-11-21", status="open"))
        handle.wait_index("from 3 applications")
        stop(handle)
