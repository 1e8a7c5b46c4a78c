"""stale-silent and check-in-due: the boundaries of waiting."""

from __future__ import annotations

from datetime import date

import pytest
from rulekit import fm, found, lint

HEAD = "company: Acme\nrole: r\napplied: 2026-10-01\n"


def waiting(text: str, today: date, config=None):
    return [(r, line) for (_, line, _, r) in found({"a.md": fm(text)}, today, config)
            if r in ("stale-silent", "check-in-due")]  # fmt: skip


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 10, 14), []),  # day 13
        (date(2026, 10, 15), [("check-in-due", 4)]),  # day 14
        (date(2026, 10, 21), [("check-in-due", 4)]),  # day 20
        (date(2026, 10, 22), [("stale-silent", 4)]),  # day 21
        (date(2027, 3, 1), [("stale-silent", 4)]),
    ],
)
def test_silence_boundaries(today, expected):
    assert waiting(HEAD, today) == expected


def test_a_check_in_stops_the_reminder_but_not_the_clock():
    text = HEAD + "check_ins: [2026-10-16]\n"
    assert waiting(text, date(2026, 10, 17)) == []
    assert waiting(text, date(2026, 10, 22)) == [("stale-silent", 4)]


def test_the_latest_interview_restarts_the_clock():
    text = HEAD + "screen: 2026-10-10\n"
    assert waiting(text, date(2026, 10, 30)) == []  # no check-in-due after a screen
    assert waiting(text, date(2026, 10, 31)) == [("stale-silent", 5)]


@pytest.mark.parametrize(
    "extra",
    ["status: withdrawn\n", "offer: 2026-10-05\n", "status: accepted\noffer: 2026-10-05\n",
     "status: rejected\nrejected: 2026-10-05\n"],
)  # fmt: skip
def test_only_open_applications_without_offer_go_stale(extra):
    assert [r for r, _ in waiting(HEAD + extra, date(2026, 12, 1))] == []


def test_thresholds_come_from_config():
    config = {"thresholds": {"silent_after_days": 30, "check_in_after_days": 7}}
    assert waiting(HEAD, date(2026, 10, 8), config) == [("check-in-due", 4)]
    assert waiting(HEAD, date(2026, 10, 30), config) == [("check-in-due", 4)]
    assert waiting(HEAD, date(2026, 10, 31), config) == [("stale-silent", 4)]


def test_stale_silent_offers_an_unsafe_fix_to_close_it():
    diag = next(d for d in lint({"a.md": fm(HEAD + "screen: 2026-10-05")}, date(2026, 11, 25)).diagnostics
                if d.rule == "stale-silent")  # fmt: skip
    assert not diag.fix.safe
    assert diag.fix.changes == (("status", "rejected"), ("rejection", "silent"), ("rejected", "2026-10-26"))


def test_ignoring_a_rule_in_the_file():
    text = HEAD + "jrnl-rej-ignore: stale-silent\n"
    assert waiting(text, date(2026, 12, 1)) == []
    config = {"rules": {"ignore": ["stale-silent"]}}
    assert waiting(HEAD, date(2026, 12, 1), config) == []


def test_severity_can_be_changed_in_config():
    config = {"rules": {"severity": {"stale-silent": "info"}}}
    diags = lint({"a.md": fm(HEAD)}, date(2026, 12, 1), config).diagnostics
    assert [(d.rule, d.severity) for d in diags] == [("stale-silent", "info")]


def test_a_file_with_an_error_is_not_called_silent():
    # `Status: Rejected` (capital S) is a misspelt key: the file is broken, not silent
    text = HEAD.replace("applied: 2026-10-01", "applied: 2026-10-01\nstatus: Rejected")
    rules = {r for (*_, r) in found({"a.md": fm(text)}, date(2026, 11, 25))}
    assert "invalid-value" in rules
    assert not rules & {"stale-silent", "check-in-due"}


BOOKED = HEAD + "screen: 2026-10-20\nhiring_manager: 2026-11-30\n"


def upcoming(text: str, today: date, config=None):
    return [(r, line) for (_, line, _, r) in found({"a.md": fm(text)}, today, config)
            if r in ("interview-upcoming", "stale-silent", "check-in-due", "date-order")]  # fmt: skip


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 26), []),  # four days before: booked, not silent although 37 days passed
        (date(2026, 11, 27), [("interview-upcoming", 6)]),  # prep_days (3) before
        (date(2026, 11, 29), [("interview-upcoming", 6)]),  # the day before
        (date(2026, 11, 30), []),  # the day itself: no longer booked ahead, a stage reached
        (date(2026, 12, 1), []),  # the clock restarts from it
        (date(2026, 12, 21), [("stale-silent", 6)]),  # 21 days after the interview
    ],
)
def test_a_booked_interview_boundaries(today, expected):
    assert upcoming(BOOKED, today) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [(date(2026, 11, 24), []), (date(2026, 11, 25), [("interview-upcoming", 6)])],
)
def test_prep_days_comes_from_config(today, expected):
    assert upcoming(BOOKED, today, {"thresholds": {"prep_days": 5}}) == expected


@pytest.mark.parametrize(
    ("stage", "words"),
    [("screen", "salary expectations"), ("hiring_manager", "three achievements"),
     ("final_round", "for each interviewer")],
)  # fmt: skip
def test_interview_upcoming_names_the_interview_and_its_preparation(stage, words):
    diags = lint({"a.md": fm(HEAD + f"{stage}: 2026-11-26\n")}, date(2026, 11, 25)).diagnostics
    (diag,) = [d for d in diags if d.rule == "interview-upcoming"]
    assert "Acme" in diag.message and "tomorrow (2026-11-26)" in diag.message and words in diag.message


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 10, 14), []),  # day 13
        (date(2026, 10, 15), []),  # day 14: no check-in while a screen is booked
        (date(2026, 10, 22), []),  # day 21: not silent either
    ],
)
def test_a_booked_screen_needs_no_check_in_and_is_not_silent(today, expected):
    assert upcoming(HEAD + "screen: 2026-10-30\n", today) == expected


def test_a_booked_interview_is_not_a_stage_reached():
    text = HEAD + "final_round: 2026-11-30\nstatus: rejected\nrejected: 2026-11-25\n"
    rules = {r for (*_, r) in found({"a.md": fm(text)}, date(2026, 11, 25))}
    assert "date-order" not in rules and "reply-due" not in rules  # a form rejection: nobody to thank


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (HEAD + "screen: 2026-12-02\nhiring_manager: 2026-11-30\n", True),  # still in order
        (HEAD + "hiring_manager: 2026-11-30\n", False),
        (HEAD + "offer: 2026-11-30\n", True),  # an offer is not booked ahead
        (HEAD.replace("2026-10-01", "2026-11-27") + "screen: 2026-11-30\n", True),  # applied is past
    ],
)
def test_future_interview_dates_are_allowed_in_order(text, error):
    rules = {r for (*_, r) in found({"a.md": fm(text)}, date(2026, 11, 25))}
    assert ("date-order" in rules) == error
