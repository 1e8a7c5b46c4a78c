"""overdue-reply, reply-due and miscalibrated-rejection."""

from __future__ import annotations

from datetime import date

import pytest
from rulekit import fm, found, lint

HEAD = "company: Acme\nrole: r\napplied: 2026-10-01\n"
AFTER_INTERVIEW = HEAD + "screen: 2026-10-08\nstatus: rejected\nrejected: 2026-11-20\n"


def reply_rules(text: str, today: date, config=None):
    return [(r, line) for (_, line, _, r) in found({"a.md": fm(text)}, today, config)
            if r in ("overdue-reply", "reply-due")]  # fmt: skip


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 20), [("reply-due", 7)]),  # the day it arrived
        (date(2026, 11, 21), [("reply-due", 7)]),  # the last reply day
        (date(2026, 11, 22), [("overdue-reply", 7)]),  # from the second day after
        (date(2026, 12, 3), [("overdue-reply", 7)]),  # day 13
        (date(2026, 12, 4), [("overdue-reply", 7)]),  # day 14: the last day it is asked for
        (date(2026, 12, 5), []),  # day 15: the moment has passed
        (date(2027, 6, 1), []),
    ],
)
def test_reply_window_boundaries(today, expected):
    assert reply_rules(AFTER_INTERVIEW, today) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 26), [("overdue-reply", 7)]),  # day 6
        (date(2026, 11, 27), [("overdue-reply", 7)]),  # day 7: reply_lapse_days = 7
        (date(2026, 11, 28), []),  # day 8
    ],
)
def test_reply_lapse_days_comes_from_config(today, expected):
    assert reply_rules(AFTER_INTERVIEW, today, {"thresholds": {"reply_lapse_days": 7}}) == expected


@pytest.mark.parametrize(
    "text",
    [
        AFTER_INTERVIEW.replace("status: rejected", "Status: Rejected"),  # read as open, with a rejected date
        AFTER_INTERVIEW.replace("applied: 2026-10-01", "applied: 2026-13-01"),
        AFTER_INTERVIEW + "replied: 2026-11-19\n",  # before the rejection
    ],
)
@pytest.mark.parametrize("today", [date(2026, 11, 21), date(2026, 11, 22)])
def test_a_file_with_an_error_gets_no_reminders(text, today):
    diags = [d for d in lint({"a.md": fm(text)}, today).diagnostics]
    assert any(d.severity == "error" for d in diags)
    rules = {d.rule for d in diags}
    assert not rules & {"overdue-reply", "reply-due", "stale-silent", "check-in-due"}


def test_reply_window_follows_config():
    config = {"thresholds": {"reply_window_days": 3}}
    assert reply_rules(AFTER_INTERVIEW, date(2026, 11, 23), config) == [("reply-due", 7)]
    assert reply_rules(AFTER_INTERVIEW, date(2026, 11, 24), config) == [("overdue-reply", 7)]


@pytest.mark.parametrize("replied", ["2026-11-21", "no", "false", "'no'"])
def test_a_reply_or_a_decision_not_to_stops_it(replied):
    assert reply_rules(AFTER_INTERVIEW + f"replied: {replied}", date(2026, 11, 25)) == []


def test_form_rejections_need_no_reply():
    text = HEAD + "status: rejected\nrejected: 2026-11-20\n"
    assert reply_rules(text, date(2026, 11, 25)) == []
    text = HEAD + "status: rejected\nrejected: 2026-11-20\nrejection: silent\n"
    assert reply_rules(text, date(2026, 11, 25)) == []


def test_explicit_post_interview_kind_counts_even_before_an_interview():
    text = HEAD + "status: rejected\nrejected: 2026-11-20\nrejection: post_interview\n"
    rules = {r for (_, _, _, r) in found({"a.md": fm(text)}, date(2026, 11, 25))}
    assert {"overdue-reply", "miscalibrated-rejection"} <= rules


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        (HEAD + "screen: 2026-10-08\nstatus: rejected\nrejected: 2026-11-20\nrejection: form\n", True),
        (HEAD + "status: rejected\nrejected: 2026-11-20\nrejection: form\n", False),
        (HEAD + "status: rejected\nrejected: 2026-11-20\nrejection: post_interview\n", True),
        (HEAD + "screen: 2026-10-08\nstatus: rejected\nrejected: 2026-11-20\nrejection: post_interview\n", False),
        (HEAD + "screen: 2026-10-08\nstatus: rejected\nrejected: 2026-11-20\nrejection: silent\n", False),
        (HEAD + "status: rejected\nrejected: 2026-11-20\n", False),  # inferred kinds always fit
    ],
)
def test_miscalibrated_rejection(text, fires):
    hits = [line for (_, line, _, r) in found({"a.md": fm(text)}) if r == "miscalibrated-rejection"]
    assert bool(hits) == fires
    if fires:
        assert hits == [text.count("\n", 0, text.index("rejection:")) + 2]


@pytest.mark.parametrize("replied", ["yes", "true", "2026-13-01", "soon", "[2026-11-21]"])
def test_an_unreadable_reply_is_an_error_not_a_reminder(replied):
    text = AFTER_INTERVIEW + f"replied: {replied}"
    assert reply_rules(text, date(2026, 11, 25)) == []
    rules = {r for (_, _, _, r) in found({"a.md": fm(text)}, date(2026, 11, 25))}
    assert rules & {"invalid-value", "invalid-date"}


def test_an_empty_reply_line_is_not_an_answer_yet():
    assert reply_rules(AFTER_INTERVIEW + "replied:", date(2026, 11, 25)) == [("overdue-reply", 7)]
