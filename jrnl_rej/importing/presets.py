"""Which column becomes which field, and which status word means what, per preset.

The tables here are the ones README.md documents ("Import and export"); keep them in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.model import KNOWN_FIELDS

# What a column can feed besides a field of SPEC §2:
STAGE = "stage"  # a status or stage word: sets `status`, and a stage date when there is one
STAGE_DATE = "stage_date"  # the day the row reached its status or stage (Huntr's lastMovedAt)
LAST_DATE = "last_date"  # the day of the latest activity: a rejection's day when nothing else says
FIRST_DATE = "first_date"  # the first contact: `applied` when the row has no application date
NOTES = "notes"  # free text, kept in the body
LEAVE_OUT = "leave_out"  # phone numbers and screening answers: dropped unless --keep-all
IGNORE = "ignore"  # named with --map COLUMN=ignore: dropped
TARGETS = (*KNOWN_FIELDS, STAGE, STAGE_DATE, LAST_DATE, FIRST_DATE, NOTES, IGNORE)

NOT_APPLIED = "not_applied"  # a status word for a job saved for later: the row is left out


def norm(name: str) -> str:
    """A column name or status word as compared: case, spaces, `_` and `-` ignored."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


@dataclass(frozen=True)
class Outcome:
    """What a status word means: the status, the stage it reached, the rejection kind."""

    status: str
    stage: str | None = None
    kind: str | None = None


_OPEN = Outcome("open")
STATUS_WORDS: dict[str, Outcome | str] = {
    **dict.fromkeys(("open", "applied", "active", "submitted", "pending", "waiting", "inprogress",
                     "sent", "underreview", "inreview"), _OPEN),
    **dict.fromkeys(("screen", "screening", "phonescreen", "recruiterscreen", "interview",
                     "interviewing", "interviews", "interviewed"), Outcome("open", "screen")),
    **dict.fromkeys(("hiringmanager", "hiringmanagerinterview", "hminterview", "technical",
                     "technicalinterview", "secondinterview"), Outcome("open", "hiring_manager")),
    **dict.fromkeys(("finalround", "final", "finalinterview", "onsite"), Outcome("open", "final_round")),
    **dict.fromkeys(("offer", "offered", "offerreceived"), Outcome("open", "offer")),
    **dict.fromkeys(("accepted", "hired", "offeraccepted"), Outcome("accepted", "offer")),
    **dict.fromkeys(("declined", "offerdeclined"), Outcome("declined", "offer")),
    **dict.fromkeys(("rejected", "rejection", "notselected", "unsuccessful", "turneddown",
                     "closed"), Outcome("rejected")),
    **dict.fromkeys(("ghosted", "noresponse", "noreply", "silent"), Outcome("rejected", kind="silent")),
    **dict.fromkeys(("withdrawn", "withdrew", "withdraw"), Outcome("withdrawn")),
    **dict.fromkeys(("wishlist", "saved", "prospect", "interested", "bookmarked", "toapply",
                     "notapplied", "notyetapplied", "draft", "idea"), NOT_APPLIED),
}  # fmt: skip

# Any CSV: column names (as norm() gives them) and what they feed.
SYNONYMS: dict[str, str] = {
    **{norm(f): f for f in KNOWN_FIELDS},
    **dict.fromkeys(("companyname", "employer", "employername", "organisation", "organization",
                     "firm", "business"), "company"),
    **dict.fromkeys(("jobtitle", "title", "position", "positiontitle", "job", "roletitle",
                     "jobrole", "jobname"), "role"),
    **dict.fromkeys(("dateapplied", "appliedon", "applieddate", "applicationdate", "appliedat",
                     "dateofapplication", "applicationsent", "date"), "applied"),
    **dict.fromkeys(("link", "joburl", "joblink", "postingurl", "posting", "jobposting",
                     "website", "listing"), "url"),
    **dict.fromkeys(("foundvia", "channel", "jobboard", "via", "foundon"), "source"),
    **dict.fromkeys(("contactname", "recruiter", "recruitername", "hiringcontact",
                     "contactperson", "contactemail", "email"), "contact"),
    **dict.fromkeys(("status", "stage", "list", "listname", "state", "applicationstatus",
                     "currentstage", "progress"), STAGE),
    **dict.fromkeys(("recruiterscreen", "phonescreen", "screendate", "screening"), "screen"),
    **dict.fromkeys(("hminterview", "hiringmanagerinterview"), "hiring_manager"),
    **dict.fromkeys(("finalinterview", "onsite", "finalrounddate"), "final_round"),
    **dict.fromkeys(("offerdate", "offerreceived"), "offer"),
    **dict.fromkeys(("checkin", "followup", "followups", "followedup"), "check_ins"),
    **dict.fromkeys(("rejecteddate", "rejectedon", "rejectiondate", "daterejected"), "rejected"),
    **dict.fromkeys(("rejectiontype", "rejectionkind"), "rejection"),
    **dict.fromkeys(("repliedon", "thankyousent", "replysent"), "replied"),
    **dict.fromkeys(("tag", "labels", "label", "keywords"), "tags"),
    **dict.fromkeys(("lastupdated", "lastupdate", "updated", "updatedat", "lastactivity",
                     "lastcontact", "lastmoved", "lastmovedat"), LAST_DATE),
    **dict.fromkeys(("firstcontact", "created", "createdat", "dateadded", "added"), FIRST_DATE),
    **dict.fromkeys(("notes", "note", "comments", "comment", "description", "jobdescription",
                     "details"), NOTES),
}  # fmt: skip

# Columns that hold phone numbers or screening answers: left out unless --keep-all.
_LEAVE_OUT_RE = re.compile(r"phone|mobile|questionandanswer|questionsandanswers|screeningquestion|answers")


def leave_out(column: str) -> bool:
    return bool(_LEAVE_OUT_RE.search(norm(column)))


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    columns: dict[str, str]  # norm(column) -> target; other columns go into the body
    date_order: str | None = None  # None: the config's date_order
    source: str | None = None  # the `source` every row gets when it has none
    empty: frozenset[str] = frozenset()  # cell values that mean "empty"
    words: dict[str, Outcome | str] = field(default_factory=dict)  # status words of its own
    synonyms: bool = False  # also map the other columns by name (generic CSV)
    signature: frozenset[str] = frozenset()  # header columns (norm) that recognise it

    def outcome(self, word: str) -> Outcome | str | None:
        key = norm(word)
        return self.words.get(key) or STATUS_WORDS.get(key)


LINKEDIN = Preset(
    "linkedin", "LinkedIn's Job Applications.csv",
    {"applicationdate": "applied", "contactemail": "contact", "contactphonenumber": LEAVE_OUT,
     "companyname": "company", "jobtitle": "role", "joburl": "url", "questionandanswers": LEAVE_OUT},
    date_order="MDY", source="LinkedIn",
    signature=frozenset({"applicationdate", "companyname", "jobtitle", "joburl"}),
)  # fmt: skip
HUNTR = Preset(
    "huntr", "Huntr's board export",
    {"createdat": "applied", "title": "role", "url": "url", "listname": STAGE,
     "lastmovedat": STAGE_DATE, "companyname": "company", "htmldescription": NOTES},
    empty=frozenset({"-"}),
    signature=frozenset({"companyname", "title", "listname", "createdat"}),
)  # fmt: skip
JOBHOUND = Preset(
    "jobhound", "jobhound's export",
    {"company": "company", "role": "role", "status": STAGE, "source": "source",
     "appliedon": "applied", "firstcontact": FIRST_DATE, "lastactivity": LAST_DATE,
     "tags": "tags", "contact": "contact", "url": "url"},
    words={"interview": Outcome("open", "hiring_manager")},  # jobhound: applied, screen, interview, offer
)  # fmt: skip
GENERIC = Preset("csv", "columns by their names", {}, synonyms=True)

PRESETS = {p.name: p for p in (GENERIC, LINKEDIN, HUNTR, JOBHOUND)}


def recognise(header: list[str]) -> Preset:
    """The preset whose signature columns the header has all of; else the generic CSV."""
    names = {norm(column) for column in header}
    for preset in (LINKEDIN, HUNTR):
        if preset.signature <= names:
            return preset
    return GENERIC


def column_targets(preset: Preset, header: list[str], chosen: dict[str, str]) -> dict[str, str]:
    """Each column's target: --map first, then the preset's table, then (generic CSV) the
    synonyms. A field fed by two columns takes the first; later ones go into the body."""
    targets: dict[str, str] = {}
    taken: set[str] = set()
    for column in header:
        key = norm(column)
        target = chosen.get(column) or preset.columns.get(key)
        if target is None and preset.synonyms:
            target = SYNONYMS.get(key)
        if target is None and leave_out(column):
            target = LEAVE_OUT
        if target is None or target in (NOTES, IGNORE, LEAVE_OUT):
            if target is not None:
                targets[column] = target
            continue
        if target in taken:
            continue
        taken.add(target)
        targets[column] = target
    return targets
