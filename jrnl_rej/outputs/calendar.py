"""`jrnl-rej calendar`: every due date of the journal as an iCalendar (.ics) file.

One all-day event per date:

- reply deadline: a post-interview rejection with no `replied`, on rejected + reply_window_days;
- check-in day: an open application still at `applied`, no check-ins, on
  applied + check_in_after_days;
- silence cut-off: an open application with no offer, on last activity + silent_after_days;
- revisit window: for an interview rejection worth revisiting that has not been revisited
  yet, two events, one on the day the window opens and one on the day it closes (a
  three-month event would sit across every day of the calendar).

Only applications without errors are used.

Text from the files goes in plain: control characters are dropped (a line break or tab
becomes a space), bytes that are not UTF-8 show as U+FFFD, and icalendar does iCalendar's
own escaping (`,` `;` `\\` and line breaks) and folding. Terminal escapes (`\\x07`) never
appear. A command in a description names the file as a POSIX shell needs it: quoted, or
as $'...' with the bytes escaped when the name holds a control character or is not UTF-8.

UID: a hash of what identifies the application (company and role compared as names are,
see same_key, and the applied date) and the event's kind, not the file's path: renaming a
file, or moving it to another folder, keeps its events, and importing the calendar again
updates them instead of doubling them. Two usable files with the same company, role and
applied date (a duplicate-application warning the user kept) are told apart by their
path's bytes.

SEQUENCE: the number of days from 2000-01-01 to `today`. A client replaces an event it
already has only when the new SEQUENCE is higher, and a date can move back and forth
(A, B, then A again), so no function of the event's own dates can do; without keeping
state between runs the only value that grows is the day the calendar is made. So a
calendar made on a later day updates every event it carries, and one made again on the
same day carries the same numbers (DTSTAMP, also from `today`, as well): the same
journal on the same day gives the same bytes.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ..core.shell import quote
from ..core.text import same_key

PRODID = "-//jrnl-rej//EN"
UID_DOMAIN = "jrnl-rej"
SEQUENCE_EPOCH = date(2000, 1, 1)
_KEEP_FORMAT = {0x200C, 0x200D}  # the joiners emoji sequences need


@dataclass(frozen=True)
class DueDate:
    day: date
    path: str
    kind: str  # reply, check-in, silent, revisit-opens, revisit-closes, interview-*, prepare-*
    summary: str
    description: str
    identity: str = ""  # what identifies the application (application_identity)

    @property
    def uid(self) -> str:
        return event_uid(self.identity, self.kind)


def application_identity(app) -> str:
    """Company, role and applied date, compared as names are: what a rename keeps."""
    applied = app.applied.isoformat() if app.applied is not None else ""
    return "\n".join((same_key(app.company or ""), same_key(app.role or ""), applied))


def event_uid(identity: str, kind: str) -> str:
    digest = hashlib.sha1(_bytes(f"{identity}\n{kind}")).hexdigest()
    return f"{digest}@{UID_DOMAIN}"


def _bytes(text: str) -> bytes:
    # A file name that is not UTF-8 (its bytes kept as surrogates) hashes as its bytes on disk;
    # a lone surrogate that YAML let through hashes as itself.
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def plain(text: str) -> str:
    """Text for a calendar: control and format characters dropped (line breaks and tabs become
    one space), bytes that are not UTF-8 shown as U+FFFD; icalendar escapes the rest."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\t\n\r\x0b\x0c\x85\u2028\u2029":
            if out and out[-1] != " ":
                out.append(" ")
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            continue
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        elif unicodedata.category(ch) == "Cf" and code not in _KEEP_FORMAT and not 0xE0020 <= code <= 0xE007F:
            continue  # bidi overrides, soft hyphens, invisible marks
        else:
            out.append(ch)
    return "".join(out).strip()


def shell_word(path: str) -> str:
    """The file name as one word for a POSIX shell: quoted as shlex does, or as $'...' with
    its bytes escaped when it holds a control character or bytes that are not UTF-8
    (a calendar cannot carry those bytes, and a shell reads $'...' back into them)."""
    if plain(path) == path:
        return quote(path)
    escaped = []
    for byte in _bytes(path):
        ch = chr(byte)
        if byte < 0x20 or byte >= 0x7F or ch in "'\\":
            escaped.append(f"\\x{byte:02x}")
        else:
            escaped.append(ch)
    return "$'" + "".join(escaped) + "'"


def due_dates(analysis, config) -> list[DueDate]:
    """Every due date of the usable applications, sorted by day, path and kind."""
    from ..core.deadlines import check_in_day, interviews, reapplied_since, reply_due, revisit_window, silent_day
    from ..core.text import same_key
    from ..core.vocabulary import STAGE_WORDS

    by_company: dict[str, list] = {}
    for app in analysis.usable:
        by_company.setdefault(same_key(app.company or ""), []).append(app)

    found: list[DueDate] = []
    for app in analysis.usable:
        name = plain(app.company or "") or "this company"
        role = plain(app.role or "") or "the role"
        arg = shell_word(app.path)
        file_line = f"File: {plain(app.path)}"
        identity = application_identity(app)
        first_event = len(found)

        thresholds = config.thresholds
        reply_day = reply_due(app, thresholds)
        if reply_day is not None:
            contact = plain(app.contact or "")
            to = f" to {contact}" if contact else ""
            found.append(DueDate(
                reply_day, app.path, "reply",
                f"Reply to {name} (thank-you)",
                f"{name} said no after the interviews for {role}. A short, kind note{to} "
                "keeps the door open: thank them, name one thing you valued.\n"
                f"{file_line}\nDraft: jrnl-rej draft reply {arg}\n"
                f"Once sent: jrnl-rej log {arg} replied  (or set 'replied: no')",
            ))  # fmt: skip

        for stage, day, prep in interviews(app, thresholds):
            what = STAGE_WORDS[stage]
            found.append(DueDate(
                day, app.path, f"interview-{stage}", f"{what.capitalize()} with {name}",
                f"The {what} with {name} for {role}.\n{file_line}\n"
                f"Afterwards: jrnl-rej log {arg} {stage.replace('_', '-')}  (the date is already there)",
            ))  # fmt: skip
            found.append(DueDate(
                prep, app.path, f"prepare-{stage}", f"Prepare: {what} with {name} on {day}",
                f"The {what} with {name} for {role} is on {day}. An hour of preparation "
                f"shows.\n{file_line}\nWhat to prepare: jrnl-rej rule interview-upcoming",
            ))  # fmt: skip

        if app.status == "open":
            check_in = check_in_day(app, thresholds)
            if check_in is not None:
                found.append(DueDate(
                    check_in, app.path,
                    "check-in", f"Check in with {name}",
                    f"No answer yet about {role}. One short, friendly check-in fits now: "
                    "the role, the day you applied, that you are still interested.\n"
                    f"{file_line}\nOnce sent: jrnl-rej log {arg} check-in",
                ))  # fmt: skip
            silent = silent_day(app, thresholds)
            if silent is not None:
                found.append(DueDate(
                    silent, app.path, "silent",
                    f"No word from {name}? Time to move on",
                    f"If {name} has not answered about {role} by today, treat the silence "
                    "as a no and put your energy into the next application.\n"
                    f"{file_line}\nTo close it: jrnl-rej log {arg} rejected --kind silent",
                ))  # fmt: skip

        window = revisit_window(app, thresholds)
        if window is not None:
            same = by_company.get(same_key(app.company or ""), ())
            if not reapplied_since(app, same):
                start, until = window
                about = (f"{name} interviewed you for {role} and said no on {app.rejected}. "
                         f"Their door may be open again from {start} to {until}.\n")  # fmt: skip
                tail = (f"{file_line}\nFirst email: jrnl-rej draft reapply {arg}\n"
                        "Not interested? Set 'revisit: never' in the file.")  # fmt: skip
                found.append(DueDate(start, app.path, "revisit-opens",
                                     f"Revisit {name}? (window opens)", about + tail))  # fmt: skip
                found.append(DueDate(until, app.path, "revisit-closes",
                                     f"Revisit {name}? (last day)", about + tail))  # fmt: skip
        found[first_event:] = [_with_identity(due, identity) for due in found[first_event:]]
    found.sort(key=lambda d: (d.day, d.path, d.kind))
    return _told_apart(found)


def _with_identity(due: DueDate, identity: str) -> DueDate:
    return DueDate(due.day, due.path, due.kind, due.summary, due.description, identity)


def _told_apart(found: list[DueDate]) -> list[DueDate]:
    """Events of two files with the same identity get the path's bytes in it, after the first
    file (by path): one UID per event, as iCalendar needs."""
    first_path: dict[str, str] = {}
    for due in sorted(found, key=lambda d: d.path):
        first_path.setdefault(due.identity, due.path)
    return [
        due if first_path[due.identity] == due.path else _with_identity(due, f"{due.identity}\n{due.path}")
        for due in found
    ]


def build_calendar(dues: list[DueDate], today: date) -> bytes:
    """The .ics bytes (CRLF lines, escaped and folded by icalendar)."""
    from icalendar import Calendar, Event

    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    sequence = (today - SEQUENCE_EPOCH).days
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Job search")
    for due in dues:
        event = Event()
        event.add("uid", due.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("dtstart", due.day)
        event.add("dtend", due.day + timedelta(days=1))  # all-day: the end is exclusive
        event.add("summary", due.summary)
        event.add("description", due.description)
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        cal.add_component(event)
    return cal.to_ical()


