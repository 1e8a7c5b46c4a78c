"""What each event of `jrnl-rej log` changes in the front matter, and when it must not.

`plan` turns an event and its date words into the keys to set (or the list item to add);
`apply` makes the text edit, and refuses (Conflict) to replace a value the file already
holds with a different one unless asked to (SPEC §4, R2). The language server's quick
actions use the same two functions, so an editor records events exactly as `log` does.
"""

from __future__ import annotations

from datetime import date

from ..core.errors import JrnlError
from ..core.shell import quote
from ..core.text import clean, closest
from ..journal.edit import append_item, load_document, set_keys, yaml_scalar
from .new import _parse_date

STAGE_EVENTS = ("screen", "hiring_manager", "final_round", "offer")
BOOKABLE = ("screen", "hiring_manager", "final_round")
EVENTS = (*STAGE_EVENTS, "check-in", "rejected", "replied", "feedback-asked", "feedback", "withdrawn",
          "accepted", "declined")  # fmt: skip
KINDS = ("silent", "form", "post_interview")
_ALIASES = {
    "check_in": "check-in", "checkin": "check-in", "check_ins": "check-in",
    "feedback_asked": "feedback-asked",
    "reject": "rejected", "rejection": "rejected",
    "withdraw": "withdrawn", "reply": "replied", "accept": "accepted", "decline": "declined",
}  # fmt: skip
# Words people reach for that are not events, and what records them.
_MEANT = {
    "ghosted": "rejected --kind silent", "ghost": "rejected --kind silent", "silence": "rejected --kind silent",
    "no-answer": "rejected --kind silent", "no-reply": "rejected --kind silent",
    "interviewing": "screen", "interview": "screen", "phone-screen": "screen", "recruiter": "screen",
    "call": "screen", "manager": "hiring-manager", "hm": "hiring-manager", "onsite": "final-round",
    "final": "final-round", "offered": "offer", "thanked": "replied", "thank-you": "replied",
    "thanks": "replied", "follow-up": "check-in", "followed-up": "check-in", "nudge": "check-in",
    "closed": "withdrawn", "hired": "accepted", "refused": "declined",
}  # fmt: skip
EVENT_WORDS = {
    "screen": "the recruiter screen",
    "hiring_manager": "the hiring-manager interview",
    "final_round": "the final round",
    "offer": "the offer",
}
_NO_REPLY = {"no", "none", "never", "not"}


class Conflict(JrnlError):
    """The file already records a different value; nothing was written."""


def _word(name: str) -> str:
    return "-".join(name.strip().lower().replace("_", "-").split())


def event_name(event: str, file: str = "FILE") -> str:
    """The event as it is spelt here (`hiring-manager` is `hiring_manager`), or JrnlError with
    what the user probably meant."""
    word = _word(event)
    for name in EVENTS:
        if word == _word(name):
            return name
    if word in _ALIASES or word.replace("-", "_") in _ALIASES:
        return _ALIASES.get(word, _ALIASES.get(word.replace("-", "_")))
    meant = _MEANT.get(word)
    if meant:
        raise JrnlError(f"{clean(event)!r} is not an event; to record it: jrnl-rej log {file} {meant}")
    hint = closest(word, [_word(e) for e in EVENTS], limit=3)
    tail = f"; did you mean '{hint}'?" if hint else ""
    raise JrnlError(f"unknown event {clean(event)!r}{tail} (events: {', '.join(_word(e) for e in EVENTS)})")


def kind_name(kind: str | None) -> str | None:
    """A rejection kind, `post-interview` and `Post_Interview` alike; JrnlError for another word."""
    if kind is None:
        return None
    word = _word(kind)
    for name in KINDS:
        if word == _word(name):
            return name
    hint = closest(word, [_word(k) for k in KINDS])
    tail = f"; did you mean '{hint}'?" if hint else ""
    raise JrnlError(f"--kind {clean(kind)!r} is not a kind{tail} (kinds: silent, form, post-interview)")


class Plan:
    """What an event changes: keys to set, each with what it means, or one list item to add."""

    def __init__(self, summary: str, changes=(), append=None, also=()):
        self.summary = summary
        self.changes = list(changes)  # (key, yaml text, meaning): set in order
        self.append = append  # (key, yaml item, meaning): added to a list
        self.also = list(also)  # like changes, but only where the key is absent (accepted's offer)


def _day(words: str, session, what: str) -> date:
    day = _parse_date(words or "today", session, what)
    if day > session.today:
        raise JrnlError(f"{what} {day} is in the future (today is {session.today}); "
                        "log it once it has happened")  # fmt: skip
    return day


def plan(name: str, words: str, kind: str | None, app, session, file: str = "FILE") -> Plan:
    """What logging `name` with the date words `words` changes in `app`'s file."""
    kind = kind_name(kind)
    if kind and name != "rejected":
        raise JrnlError("--kind goes with 'rejected' only")
    if name in BOOKABLE:  # an interview may be booked ahead
        day = _parse_date(words or "today", session, name, ahead=True)
        booked = " (booked)" if day > session.today else ""
        return Plan(f"{EVENT_WORDS[name]} on {day}{booked}", [(name, day.isoformat(), day)])
    if name == "offer":
        day = _day(words, session, name)
        return Plan(f"{EVENT_WORDS[name]} on {day}", [(name, day.isoformat(), day)])
    if name == "check-in":
        day = _day(words, session, "check-in")
        return Plan(f"a check-in on {day}", append=("check_ins", day.isoformat(), day))
    if name == "rejected":
        if _word(words) in {_word(k) for k in KINDS}:
            raise JrnlError(f"{clean(words)!r} is a kind of rejection, not a date: "
                            f"jrnl-rej log {file} rejected --kind {_word(words)}")  # fmt: skip
        day = _day(words, session, "rejected")
        chosen = kind or app.rejection or ("form" if app.stage_reached == "applied" else "post_interview")
        return Plan(f"the rejection on {day} ({_word(chosen)})",
                    [("status", "rejected", "rejected"), ("rejected", day.isoformat(), day),
                     ("rejection", chosen, chosen)])  # fmt: skip
    if name == "replied":
        if words.lower() in _NO_REPLY:
            return Plan("that you chose not to reply", [("replied", "no", "no")])
        day = _day(words, session, "replied")
        return Plan(f"your reply on {day}", [("replied", day.isoformat(), day)])
    if name == "feedback-asked":
        day = _day(words, session, "feedback-asked")
        return Plan(f"that you asked for feedback on {day}", [("feedback_asked", day.isoformat(), day)])
    if name == "feedback":
        if not words:
            raise JrnlError(f'feedback needs the words themselves: jrnl-rej log {file} feedback "what they said"')
        return Plan("their feedback", [("feedback", yaml_scalar(words), words)])
    if name in ("accepted", "declined"):
        day = _day(words, session, name)
        verb = "accepted" if name == "accepted" else "declined"
        offer = ("offer", day.isoformat(), day)
        if words:  # the date given is the offer's
            return Plan(f"that you {verb} the offer of {day}", [("status", name, name), offer])
        return Plan(f"that you {verb} the offer", [("status", name, name)], also=[offer])
    # withdrawn
    if words:
        raise JrnlError("withdrawn takes no date; the file records only that you withdrew")
    if app.status == "rejected":
        raise JrnlError("this application is already closed as rejected; 'withdrawn' is for one "
                        "you stopped yourself")  # fmt: skip
    return Plan("that you withdrew", [("status", "withdrawn", "withdrawn")])


def _absent(entry) -> bool:
    return entry is None or (entry.value_kind == "scalar" and (entry.scalar is None or entry.scalar.is_null
                                                                or not entry.scalar.raw.strip()))  # fmt: skip


def _shown(entry, text: str) -> str:
    """The value as the user wrote it, for a message."""
    if entry.value_kind == "scalar" and entry.scalar is not None:
        return " ".join(entry.scalar.raw.split())
    return " ".join(text[entry.value_start:entry.value_end].split())


def apply(text: str, plan: Plan, app, replace: bool = False, append: bool = False,
          retry: str | None = None) -> str:  # fmt: skip
    """The file's text with the event recorded. Keys that already mean the new value are left
    exactly as written; a different value is a Conflict (naming it, and `retry` with
    --replace) unless `replace`; `append` adds new feedback after the old, with ` / `."""
    doc = load_document(text)
    changes = []
    for key, value_yaml, meaning in plan.changes:
        entry = doc.entries.get(key)
        if _absent(entry):
            changes.append((key, value_yaml))
            continue
        old = getattr(app, key, None)
        if old == meaning or (isinstance(old, str) and isinstance(meaning, str) and old.strip() == meaning.strip()):
            continue  # already recorded, however it is written
        if key == "status" and old == "open":
            changes.append((key, value_yaml))  # an open application moving on is the point of logging
            continue
        if key == "feedback" and append and isinstance(old, str):
            if meaning.strip() in [part.strip() for part in old.split(" / ")]:
                continue
            changes.append((key, yaml_scalar(f"{old.strip()} / {meaning.strip()}")))
            continue
        if not replace:
            raise Conflict(_conflict(key, _shown(entry, text), meaning, retry))
        changes.append((key, value_yaml))
    for key, value_yaml, _meaning in plan.also:
        if _absent(doc.entries.get(key)):
            changes.append((key, value_yaml))
    if plan.append is not None:
        key, item, meaning = plan.append
        if meaning not in (getattr(app, key, None) or ()) and not _has_item(doc, key, item):
            text = append_item(text, key, item)
    return set_keys(text, changes) if changes else text


def _conflict(key: str, old: str, new, retry: str | None) -> str:
    new = new.isoformat() if isinstance(new, date) else " ".join(str(new).split())
    if key == "feedback":  # words, which may hold ':' or ','
        old, new = f'"{old}"', f'"{new}"'
    line = f"it already records {key}: {clean(old)}, not {clean(new)}; nothing was written."
    if retry:
        line += f" To replace it: {retry} --replace"
        if key == "feedback":
            line += " (or --append to keep both)"
    return line


def _has_item(doc, key: str, item: str) -> bool:
    entry = doc.entries.get(key)
    if entry is None:
        return False
    values = [entry.scalar] if entry.value_kind == "scalar" else entry.items
    return any(v is not None and v.raw.strip() == item for v in values)


def retry_command(file_arg: str, name: str, words: str, kind: str | None) -> str:
    """The same `log` command, quoted for a shell, for a message that suggests running it again."""
    parts = ["jrnl-rej", "log", file_arg, _word(name)]
    if words:
        parts.append(quote(words))
    if kind:
        parts += ["--kind", _word(kind)]
    return " ".join(parts)
