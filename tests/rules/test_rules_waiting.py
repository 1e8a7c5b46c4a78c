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
