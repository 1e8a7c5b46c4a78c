"""`jrnl-rej calendar`: the journal's due dates as an .ics file that re-imports cleanly."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, timedelta

import pytest
import vobject
from conftest import TODAY, app_file, run_process
from icalendar import Calendar

from jrnl_rej.outputs.calendar import event_uid

FILES = {
    # post-interview rejection, no reply yet: reply due the day after
    "acme.md": app_file(company="Acme", role="Data Engineer", applied="2026-10-01",
                        contact="Jane Doe", screen="2026-10-08", status="rejected",
                        rejected="2026-11-24"),
    # open, still at applied, no check-in: check-in day and silence cut-off
    "bell.md": app_file(company="Bell", role="Analyst", applied="2026-11-20"),
    # open after a screen: only the silence cut-off, counted from the screen
    "cobalt.md": app_file(company="Cobalt", role="Analyst", applied="2026-11-01",
                          screen="2026-11-10"),
    # final-round rejection, replied: a revisit window
    "stark.md": app_file(company="Stark", role="Data Engineer", applied="2026-06-01",
                         hiring_manager="2026-06-20", final_round="2026-07-01",
                         status="rejected", rejected="2026-07-10", replied="2026-07-10"),
    # an offer: nothing to chase
    "offer.md": app_file(company="Umbrella", role="Analyst", applied="2026-11-01",
                         screen="2026-11-05", offer="2026-11-20"),
}  # fmt: skip


def events(data: bytes) -> dict[tuple[str, str], dict]:
    """(summary, start) -> the event's fields, parsed back with icalendar."""
    cal = Calendar.from_ical(data)
    found = {}
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("dtstart")
        found[(str(ev["summary"]), start.isoformat())] = {
            "uid": str(ev["uid"]),
            "start": start,
            "end": ev.decoded("dtend"),
            "description": str(ev["description"]),
            "stamp": ev.decoded("dtstamp"),
            "sequence": int(ev["sequence"]),
        }
    return found


def vobject_events(data: bytes) -> dict[tuple[str, str], dict]:
    """The same, parsed by an independent reader (vobject)."""
    found = {}
    for ev in vobject.readOne(data.decode("utf-8")).vevent_list:
        found[(ev.summary.value, ev.dtstart.value.isoformat())] = {
            "uid": ev.uid.value,
            "description": ev.description.value,
            "sequence": int(ev.sequence.value),
        }
    return found


def calendar_bytes(result) -> bytes:
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_every_kind_of_due_date_is_an_event(run, journal):
    root = journal(FILES)
    found = events(calendar_bytes(run(root, "calendar")))
    assert sorted(found) == [
        ("Check in with Bell", "2026-12-04"),
        ("No word from Bell? Time to move on", "2026-12-11"),
        ("No word from Cobalt? Time to move on", "2026-12-01"),
        ("Reply to Acme (thank-you)", "2026-11-25"),
        ("Revisit Stark? (last day)", "2027-01-10"),
        ("Revisit Stark? (window opens)", "2026-10-10"),
    ]
    for event in found.values():  # all-day events: the end is the next day, exclusive
        assert isinstance(event["start"], date) and not isinstance(event["start"], datetime)
        assert event["end"] == event["start"] + timedelta(days=1)
        assert event["uid"].endswith("@jrnl-rej")


def test_descriptions_name_the_file_and_the_command(run, journal):
    root = journal(FILES)
    found = events(calendar_bytes(run(root, "calendar")))
    reply = found[("Reply to Acme (thank-you)", "2026-11-25")]["description"]
    assert "File: acme.md" in reply
    assert "jrnl-rej draft reply acme.md" in reply
    assert "jrnl-rej log acme.md replied" in reply
    assert "Jane Doe" in reply
    check_in = found[("Check in with Bell", "2026-12-04")]["description"]
    assert "jrnl-rej log bell.md check-in" in check_in
    silent = found[("No word from Bell? Time to move on", "2026-12-11")]["description"]
    assert "jrnl-rej log bell.md rejected --kind silent" in silent
    revisit = found[("Revisit Stark? (window opens)", "2026-10-10")]["description"]
    assert "jrnl-rej draft reapply stark.md" in revisit
    assert "2026-10-10 to 2027-01-10" in revisit


def test_calendar_header_and_line_endings(run, journal):
    data = calendar_bytes(run(journal(FILES), "calendar"))
    cal = Calendar.from_ical(data)
    assert str(cal["prodid"]) == "-//jrnl-rej//EN"
    assert str(cal["version"]) == "2.0"
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")


def test_output_is_deterministic_and_stamped_from_today(run, journal):
    root = journal(FILES)
    first = calendar_bytes(run(root, "calendar"))
    second = calendar_bytes(run(root, "calendar"))
    assert first == second
    stamps = {e["stamp"] for e in events(first).values()}
    assert stamps == {datetime(2026, 11, 25, tzinfo=UTC)}


def test_uids_are_stable_across_runs_and_unrelated_edits(run, journal):
    root = journal(FILES)
    before = {k[0]: v["uid"] for k, v in events(calendar_bytes(run(root, "calendar"))).items()}
    # Notes added to one file, a tag to another, a new application: the UIDs stay.
    (root / "acme.md").write_text(FILES["acme.md"] + "More notes.\n", encoding="utf-8")
    (root / "stark.md").write_text(FILES["stark.md"].replace("---\nNotes", "tags: [x]\n---\nNotes"),
                                   encoding="utf-8")  # fmt: skip
    (root / "delta.md").write_text(app_file(company="Delta", role="Analyst",
                                            applied="2026-11-24"), encoding="utf-8")  # fmt: skip
    after = {k[0]: v["uid"] for k, v in events(calendar_bytes(run(root, "calendar"))).items()}
    for summary, uid in before.items():
        assert after[summary] == uid
    assert len(set(after.values())) == len(after)  # one UID per event
    assert before["Reply to Acme (thank-you)"] == event_uid("acme\ndata engineer\n2026-10-01", "reply")


def test_a_changed_date_updates_the_same_event(run, journal):
    root = journal(FILES)
    before = events(calendar_bytes(run(root, "calendar")))
    (root / "cobalt.md").write_text(FILES["cobalt.md"].replace("2026-11-10", "2026-11-12"), encoding="utf-8")
    after = events(calendar_bytes(run(root, "calendar")))
    old = before[("No word from Cobalt? Time to move on", "2026-12-01")]["uid"]
    assert after[("No word from Cobalt? Time to move on", "2026-12-03")]["uid"] == old


def test_answered_or_closed_items_leave_the_calendar(run, journal):
    files = dict(FILES)
    files["acme.md"] = FILES["acme.md"].replace("---\nNotes", "replied: 2026-11-24\n---\nNotes")
    files["bell.md"] = FILES["bell.md"].replace("---\nNotes", "check_ins: [2026-11-24]\n---\nNotes")
    files["stark-again.md"] = app_file(company="STARK", role="Platform Engineer",
                                       applied="2026-11-01")  # fmt: skip
    found = events(calendar_bytes(run(journal(files), "calendar")))
    summaries = {k[0] for k in found}
    assert "Reply to Acme (thank-you)" not in summaries
    assert "Check in with Bell" not in summaries
    assert "No word from Bell? Time to move on" in summaries  # check-ins do not reset it
    assert not any(s.startswith("Revisit Stark") for s in summaries)  # applied there again


def test_revisit_never_and_an_explicit_revisit_date(run, journal):
    never = FILES["stark.md"].replace("---\nNotes", "revisit: never\n---\nNotes")
    moved = FILES["stark.md"].replace("---\nNotes", "revisit: 2027-02-01\n---\nNotes")
    unwanted = events(calendar_bytes(run(journal({"s.md": never}), "calendar")))
    assert not any("Stark" in s for s, _ in unwanted)
    found = events(calendar_bytes(run(journal({"s.md": moved}), "calendar")))
    assert ("Revisit Stark? (window opens)", "2027-02-01") in found
    assert ("Revisit Stark? (last day)", "2027-05-01") in found


def test_thresholds_come_from_the_config(run, journal):
    root = journal(FILES, config="[thresholds]\nreply_window_days = 2\ncheck_in_after_days = 10\n")
    found = events(calendar_bytes(run(root, "calendar")))
    assert ("Reply to Acme (thank-you)", "2026-11-26") in found
    assert ("Check in with Bell", "2026-11-30") in found


def test_files_with_errors_are_left_out_and_said_so(run, journal):
    broken = app_file(company="Broken", applied="2026-11-20")  # no role
    root = journal({**FILES, "broken.md": broken})
    result = run(root, "calendar")
    assert result.exit_code == 0
    assert not any("Broken" in s for s, _ in events(result.stdout_bytes))
    assert "Left out 1 file with errors" in result.stderr


def test_control_characters_are_dropped_and_icalendar_escapes(run, journal):
    # An OSC 52 clipboard write with its BEL, a bidi override, and YAML's own line break.
    text = app_file(company='"Bell\\e]52;c;aGk=\\a Co"', role='"Ana\\u202elyst"',
                    applied="2026-11-20")  # fmt: skip
    data = calendar_bytes(run(journal({"b.md": text}), "calendar"))
    assert b"\x1b" not in data and b"\x07" not in data and "\u202e".encode() not in data
    assert b"\\x" not in data  # no terminal escape written out as text
    summaries = {s for s, _ in events(data)}
    assert "Check in with Bell]52;c;aGk= Co" in summaries
    assert all("Analyst" in e["description"] for e in events(data).values())


def test_commas_semicolons_and_line_breaks_read_back_as_written(run, journal):
    text = app_file(company='"Foo, Bar;\\nBaz"', role='"R&D \\\\ Ops"', applied="2026-11-20")
    data = calendar_bytes(run(journal({"b.md": text}), "calendar"))
    assert b"Foo\\, Bar\\; Baz" in data  # iCalendar's escapes, the line break a space
    for parsed in (events(data), vobject_events(data)):
        summaries = {s for s, _ in parsed}
        assert "Check in with Foo, Bar; Baz" in summaries, summaries
        description = next(e["description"] for (s, _), e in parsed.items() if s.startswith("Check in"))
        assert "about R&D \\ Ops." in description and "\\n" not in description
        assert description.count("\n") == 2  # the lines the description is made of, no more


def test_every_event_reads_the_same_with_vobject(run, journal):
    data = calendar_bytes(run(journal(FILES), "calendar"))
    mine, theirs = events(data), vobject_events(data)
    assert sorted(mine) == sorted(theirs) and len(theirs) == 6
    for key, event in mine.items():
        assert theirs[key]["uid"] == event["uid"] and theirs[key]["description"] == event["description"]
        assert theirs[key]["sequence"] == (TODAY - date(2000, 1, 1)).days


def test_a_renamed_or_moved_file_keeps_its_uids(run, journal):
    root = journal(FILES)
    before = {k: v["uid"] for k, v in events(calendar_bytes(run(root, "calendar"))).items()}
    (root / "later").mkdir()
    (root / "acme.md").rename(root / "later" / "2026-10-01-acme-data-engineer.md")
    (root / "bell.md").rename(root / "Bell Analyst.md")
    after = {k: v["uid"] for k, v in events(calendar_bytes(run(root, "calendar"))).items()}
    assert after == before


def test_the_same_application_twice_still_gets_one_uid_per_event(run, journal):
    bell = app_file(company="Bell", role="Analyst", applied="2026-11-20", jrnl_rej__ignore="[duplicate-application]")
    twin = bell.replace("Bell", "BELL")
    data = calendar_bytes(run(journal({"bell.md": bell, "bell-2.md": twin}), "calendar"))
    uids = [str(ev["uid"]) for ev in Calendar.from_ical(data).walk("VEVENT")]
    assert len(uids) == 4 and len(set(uids)) == 4  # two events each, four UIDs
    alone = events(calendar_bytes(run(journal({"bell.md": bell}), "calendar")))
    assert {e["uid"] for e in alone.values()} <= set(uids)  # the first file's are as if alone


def test_a_moved_date_is_a_newer_sequence_of_the_same_event(run, journal):
    root = journal(FILES)
    first = events(calendar_bytes(run(root, "calendar")))
    (root / "cobalt.md").write_text(FILES["cobalt.md"].replace("2026-11-10", "2026-11-26"), encoding="utf-8")
    later = events(calendar_bytes(run(root, "calendar", today="2026-11-28")))
    old = first[("No word from Cobalt? Time to move on", "2026-12-01")]
    new = later[("No word from Cobalt? Time to move on", "2026-12-17")]  # 21 days after the screen
    assert new["uid"] == old["uid"] and new["sequence"] == old["sequence"] + 3
    # and back again, a day later: a newer sequence still, whatever the dates were
    (root / "cobalt.md").write_text(FILES["cobalt.md"], encoding="utf-8")
    back = events(calendar_bytes(run(root, "calendar", today="2026-11-29")))
    assert back[("No word from Cobalt? Time to move on", "2026-12-01")]["sequence"] > new["sequence"]
    again = calendar_bytes(run(root, "calendar", today="2026-11-29"))
    assert again == calendar_bytes(run(root, "calendar", today="2026-11-29"))  # same day, same bytes


def test_a_name_with_control_bytes_is_a_command_bash_runs(run, journal, tmp_path):
    name = "new\nline \u202e'q'.md"
    root = journal({name: app_file(company="Bell", role="Analyst", applied="2026-11-20")})
    found = events(calendar_bytes(run(root, "calendar")))
    description = found[("Check in with Bell", "2026-12-04")]["description"]
    assert "File: new line 'q'.md" in description
    command = description.split("Once sent: ")[1]
    assert command.startswith("jrnl-rej log $'new\\x0aline ")
    words = subprocess.run(["bash", "-c", f"printf '%s\\0' {command}"], capture_output=True, check=True).stdout
    assert words.split(b"\0")[:4] == [b"jrnl-rej", b"log", name.encode(), b"check-in"]


def test_an_empty_journal_gives_an_empty_calendar(run, journal):
    data = calendar_bytes(run(journal({}), "calendar"))
    cal = Calendar.from_ical(data)
    assert cal.walk("VEVENT") == []


def test_output_file_is_written_atomically_and_only_when_changed(run, journal, tmp_path):
    root = journal(FILES)
    target = tmp_path / "search.ics"
    result = run(root, "calendar", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == f"Wrote 6 events to {target}\n"
    assert target.read_bytes() == calendar_bytes(run(root, "calendar"))
    stamp = target.stat().st_mtime_ns
    again = run(root, "calendar", "-o", str(target))
    assert again.exit_code == 0
    assert "already up to date (6 events)" in again.stdout
    assert target.stat().st_mtime_ns == stamp


def test_output_into_a_missing_folder_exits_2(run, journal, tmp_path):
    result = run(journal(FILES), "calendar", "-o", str(tmp_path / "nope" / "x.ics"))
    assert result.exit_code == 2
    assert result.stderr.startswith("jrnl-rej: could not write")


@pytest.mark.parametrize("flag", ["-o", "--output"])
def test_calendar_in_a_real_process(journal, tmp_path, flag):
    root = journal(FILES, config="")
    target = tmp_path / "out.ics"
    result = run_process("--journal", str(root), "--today", TODAY.isoformat(),
                         "calendar", flag, str(target))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Wrote 6 events to {target}\n"
    printed = run_process("calendar", "--today", TODAY.isoformat(), cwd=root)
    assert printed.returncode == 0
    # The same bytes from another process (text mode turns CRLF into LF).
    assert printed.stdout.encode() == target.read_bytes().replace(b"\r\n", b"\n")
    assert len(events(target.read_bytes())) == 6


def test_a_booked_interview_and_its_prep_day_are_events(run, journal):
    root = journal({"dune.md": app_file(company="Dune", role="Analyst", applied="2026-11-01",
                                        screen="2026-11-10", final_round="2026-12-03")})  # fmt: skip
    found = events(calendar_bytes(run(root, "calendar")))
    assert sorted(found) == [
        ("Final round with Dune", "2026-12-03"),
        ("Prepare: final round with Dune on 2026-12-03", "2026-11-30"),
    ]  # booked: not silent, so no "move on" event
    assert "jrnl-rej rule interview-upcoming" in found[("Prepare: final round with Dune on 2026-12-03", "2026-11-30")]["description"]
