"""`jrnl-rej calendar`: every due date of the journal as an iCalendar (.ics) file.

One all-day event per date:

- reply deadline: a post-interview rejection with no `replied`, on rejected + reply_window_days;
- check-in day: an open application still at `applied`, no check-ins, on
  applied + check_in_after_days;
- silence cut-off: an open application with no offer, on last activity + silent_after_days;
- revisit window: for an interview rejection worth revisiting that has not been revisited
  yet, two events, one on the day the window opens and one on the day it closes (a
  three-month event would sit across every day of the calendar).

Only applications without errors are used. Each event's UID is derived from the file's
path and the event's kind, so importing the file again updates the events instead of
doubling them; DTSTAMP comes from `today`, so the same journal gives the same bytes.
"""

from __future__ import annotations

import hashlib
import shlex
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ..core.text import clean

PRODID = "-//jrnl-rej//EN"
UID_DOMAIN = "jrnl-rej"


@dataclass(frozen=True)
class DueDate:
    day: date
    path: str
    kind: str  # reply, check-in, silent, revisit-opens, revisit-closes
    summary: str
    description: str

    @property
    def uid(self) -> str:
        return event_uid(self.path, self.kind)


def event_uid(path: str, kind: str) -> str:
    # A name that is not UTF-8 (bytes kept as surrogates) hashes as its bytes on disk.
    digest = hashlib.sha1(f"{path}\n{kind}".encode("utf-8", "surrogateescape")).hexdigest()
    return f"{digest}@{UID_DOMAIN}"


def due_dates(analysis, config) -> list[DueDate]:
    """Every due date of the usable applications, sorted by day, path and kind."""
    from ..core.deadlines import check_in_day, interviews, reply_due, revisit_window, silent_day
    from ..core.text import same_key
    from ..core.vocabulary import STAGE_WORDS
    from ..rules.journal import reapplied_since

    by_company: dict[str, list] = {}
    for app in analysis.usable:
        by_company.setdefault(same_key(app.company or ""), []).append(app)

    found: list[DueDate] = []
    for app in analysis.usable:
        name = clean(app.company or "this company")
        role = clean(app.role or "the role")
        path = clean(app.path)
        arg = shlex.quote(path)
        file_line = f"File: {path}"

        thresholds = config.thresholds
        reply_day = reply_due(app, thresholds)
        if reply_day is not None:
            to = f" to {clean(app.contact)}" if app.contact else ""
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
    found.sort(key=lambda d: (d.day, d.path, d.kind))
    return found


def build_calendar(dues: list[DueDate], today: date) -> bytes:
    """The .ics bytes (CRLF lines, escaped and folded by icalendar)."""
    from icalendar import Calendar, Event

    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Job search")
    for due in dues:
        event = Event()
        event.add("uid", due.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", due.day)
        event.add("dtend", due.day + timedelta(days=1))  # all-day: the end is exclusive
        event.add("summary", due.summary)
        event.add("description", due.description)
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        cal.add_component(event)
    return cal.to_ical()


