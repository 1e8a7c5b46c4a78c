"""The application model: one job application as read from its file, in the user's words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .text import same_key

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a few ms)
if TYPE_CHECKING:
    from ..reading.reader import ReadResult
    from .diagnostics import Diagnostic

STAGES = ("applied", "screen", "hiring_manager", "final_round", "offer")
STATUSES = ("open", "rejected", "withdrawn", "accepted", "declined")
KINDS = ("silent", "form", "post_interview")
INTERVIEWS = ("screen", "hiring_manager", "final_round")  # the stages that can be booked ahead
BUCKETS = ("before_screen", "after_screen", "after_hiring_manager", "final_round")
_BUCKET_OF_STAGE = {
    "applied": "before_screen",
    "screen": "after_screen",
    "hiring_manager": "after_hiring_manager",
    "final_round": "final_round",
    "offer": "final_round",
}

TEXT_FIELDS = ("company", "role", "source", "url", "contact", "feedback")
DATE_FIELDS = (
    "applied", "screen", "hiring_manager", "final_round", "offer", "rejected",
    "replied", "feedback_asked", "revisit",
)  # fmt: skip
KNOWN_FIELDS = (
    "company", "role", "applied", "source", "url", "contact", "screen", "hiring_manager",
    "final_round", "offer", "check_ins", "status", "rejected", "rejection", "replied",
    "feedback_asked", "feedback", "revisit", "tags",
)  # fmt: skip
IGNORE_KEY = "jrnl-rej-ignore"
UNREADABLE = "unreadable"  # `replied` is set, but to something that is not a date or `no`


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int


@dataclass(slots=True)
class Application:
    """What could be read from one application file.

    Values that could not be read are None; `has_errors` says whether any
    error-level problem was found, which keeps the file out of the report.
    """

    path: str
    company: str | None = None
    role: str | None = None
    applied: date | None = None
    source: str | None = None
    url: str | None = None
    contact: str | None = None
    screen: date | None = None
    hiring_manager: date | None = None
    final_round: date | None = None
    offer: date | None = None
    check_ins: tuple[date, ...] = ()
    status: str = "open"
    rejected: date | None = None
    rejection: str | None = None  # as written; see `kind` for the inferred one
    replied: date | str | None = None  # a date, "no", UNREADABLE, or None when not set
    feedback_asked: date | None = None
    feedback: str | None = None
    revisit: date | str | None = None  # a date, "never", or None
    tags: tuple[str, ...] = ()
    ignore: frozenset[str] = frozenset()
    has_errors: bool = False
    positions: dict[str, Position] = field(default_factory=dict)
    item_positions: dict[str, tuple[Position, ...]] = field(default_factory=dict)
    # the day the stage reached is told for (set by the engine before the rules run); a stage
    # date after it is a scheduled interview, not a stage reached. None: every date counts.
    today: date | None = field(default=None, repr=False, compare=False)
    # company and role as compared (see same_key), worked out once: rules ask often
    _keys: tuple[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    def where(self, key: str, *fallbacks: str) -> Position:
        """The position of `key` in the file, or of the first fallback present, or line 1."""
        for name in (key, *fallbacks):
            if name in self.positions:
                return self.positions[name]
        return Position(1, 1)

    @property
    def stage_reached(self) -> str:
        """The latest stage with a date on or before `today` (spelt out, not looped over:
        rules ask for every file)."""
        today = self.today
        if today is None:
            if self.offer is not None:
                return "offer"
            if self.final_round is not None:
                return "final_round"
            if self.hiring_manager is not None:
                return "hiring_manager"
            if self.screen is not None:
                return "screen"
            return "applied"
        for stage in ("offer", "final_round", "hiring_manager", "screen"):
            day = getattr(self, stage)
            if day is not None and day <= today:
                return stage
        return "applied"

    @property
    def scheduled(self) -> tuple[tuple[str, date], ...]:
        """The interviews booked after `today`, (stage, day), soonest first."""
        today = self.today
        if today is None:
            return ()
        booked = [(day, stage) for stage in INTERVIEWS if (day := getattr(self, stage)) is not None and day > today]
        return tuple((stage, day) for day, stage in sorted(booked))

    @property
    def stage_date(self) -> date | None:
        return getattr(self, self.stage_reached)

    @property
    def is_rejected(self) -> bool:
        return self.status == "rejected"

    @property
    def kind(self) -> str | None:
        """The rejection kind: as written, else inferred from the stage reached."""
        if self.status != "rejected":  # is_rejected, without a second property call
            return None
        if self.rejection in KINDS:
            return self.rejection
        return "form" if self.stage_reached == "applied" else "post_interview"

    @property
    def bucket(self) -> str:
        return _BUCKET_OF_STAGE[self.stage_reached]

    @property
    def last_activity(self) -> date | None:
        """The latest of applied and the interview dates before an offer (check-ins excluded),
        up to `today` (a booked interview has not happened yet)."""
        today = self.today
        dates = [d for d in (self.applied, self.screen, self.hiring_manager, self.final_round)
                 if d and (today is None or d <= today)]  # fmt: skip
        return max(dates) if dates else None

    @property
    def company_key(self) -> str:
        return (self._keys or self.same_keys)[0]

    @property
    def role_key(self) -> str:
        return (self._keys or self.same_keys)[1]

    @property
    def same_keys(self) -> tuple[str, str]:
        """(company_key, role_key) in one look, for code that wants both."""
        if self._keys is None:
            self._keys = (same_key(self.company or ""), same_key(self.role or ""))
        return self._keys


@dataclass
class Analysis:
    """Everything a command needs after one pass over the journal (rules/engine.py's analyse,
    or the memo's findings with the applications: journal/memo.py)."""

    today: date
    results: list[ReadResult]
    diagnostics: list[Diagnostic]
    usable: list[Application]  # files without errors: what the report and index use
    skipped: list[str] = field(default_factory=list)  # files left out because of errors

    @property
    def files(self) -> int:
        return len(self.results)
