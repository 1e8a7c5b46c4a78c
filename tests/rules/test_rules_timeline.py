"""date-order and extra-check-in."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rulekit import TODAY, fm, found, lint

from jrnl_rej.core.config import Config
from jrnl_rej.core.model import UNREADABLE, Application
from jrnl_rej.rules import Context, timeline

HEAD = "company: Acme\nrole: r\n"


def order(text: str, today: date = date(2026, 11, 25)):
    return [(line, col) for (_, line, col, rule) in found({"a.md": fm(HEAD + text)}, today)
            if rule == "date-order"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a future date, anywhere but revisit
        ("applied: 2026-11-26\nstatus: withdrawn", [(4, 1)]),
        ("applied: 2026-11-25\nstatus: withdrawn", []),
        ("applied: 2026-11-01\nrevisit: 2027-05-01\nstatus: withdrawn", []),
        ("applied: 2026-11-01\ncheck_ins: [2026-11-20, 2026-12-01]\nstatus: withdrawn", [(5, 25)]),
        # before applied
        ("applied: 2026-11-10\nscreen: 2026-11-09\nstatus: withdrawn", [(5, 1)]),
        ("applied: 2026-11-10\nscreen: 2026-11-10\nstatus: withdrawn", []),
        ("applied: 2026-11-10\ncheck_ins: [2026-11-01]\nstatus: withdrawn", [(5, 13)]),
        ("applied: 2026-11-10\nstatus: rejected\nrejected: 2026-11-09", [(6, 1)]),
        # stages out of order, also across a gap
        ("applied: 2026-11-01\nscreen: 2026-11-05\nhiring_manager: 2026-11-04\nstatus: withdrawn", [(6, 1)]),
        ("applied: 2026-11-01\nscreen: 2026-11-05\nfinal_round: 2026-11-04\nstatus: withdrawn", [(6, 1)]),
        ("applied: 2026-11-01\nscreen: 2026-11-05\nhiring_manager: 2026-11-05\noffer: 2026-11-06\nstatus: accepted", []),
        # rejected before the stage reached
        ("applied: 2026-11-01\nfinal_round: 2026-11-10\nstatus: rejected\nrejected: 2026-11-09\nreplied: no", [(7, 1)]),
        # replied / feedback_asked before rejected
        ("applied: 2026-11-01\nscreen: 2026-11-02\nstatus: rejected\nrejected: 2026-11-09\nreplied: 2026-11-08", [(8, 1)]),
        ("applied: 2026-11-01\nscreen: 2026-11-02\nstatus: rejected\nrejected: 2026-11-09\nreplied: no\nfeedback_asked: 2026-11-08", [(9, 1)]),
    ],
)
def test_date_order(text, expected):
    assert order(text) == expected


# a few days around TODAY: many ties, both orders, and the future
_day = st.none() | st.dates(date(2026, 11, 21), date(2026, 11, 27))
_EVENTS = ("applied", "screen", "hiring_manager", "final_round", "offer", "rejected", "feedback_asked")


@settings(max_examples=500, deadline=None)
@given(
    events=st.tuples(*[_day] * len(_EVENTS)),
    replied=_day | st.sampled_from(["no", UNREADABLE]),
    check_ins=st.lists(st.dates(date(2026, 11, 21), date(2026, 11, 27)), max_size=3).map(tuple),
)
def test_the_quick_look_at_the_dates_agrees_with_the_full_one(events, replied, check_ins):
    """date_order says nothing about a file that _in_order passes: the full look must find
    nothing in exactly those files."""
    app = Application("a.md", **dict(zip(_EVENTS, events, strict=True)), replied=replied, check_ins=check_ins)
    with mock.patch.object(timeline, "_in_order", return_value=False):
        full = list(timeline.date_order(app, Context(TODAY, Config(), [])))
    assert timeline._in_order(app, TODAY) == (full == [])


def test_date_order_is_an_error_that_keeps_the_file_out_of_the_report():
    result = lint({"a.md": fm(HEAD + "applied: 2026-12-01")})
    assert result.usable == [] and result.skipped == ["a.md"]


@pytest.mark.parametrize(
    ("check_ins", "fires"),
    [("[]", False), ("[2026-11-20]", False), ("2026-11-20", False),
     ("[2026-11-18, 2026-11-20]", True), ("\n  - 2026-11-18\n  - 2026-11-20", True)],
)  # fmt: skip
def test_extra_check_in(check_ins, fires):
    text = fm(HEAD + f"applied: 2026-11-15\ncheck_ins: {check_ins}")
    assert any(r == "extra-check-in" for (*_, r) in found({"a.md": text})) == fires


@pytest.mark.parametrize(
    ("status", "fires"),
    [("open", True), ("rejected\nrejected: 2026-11-21", False), ("withdrawn", False), ("accepted", False)],
)
def test_extra_check_in_only_while_the_application_is_open(status, fires):
    text = fm(HEAD + f"applied: 2026-11-15\ncheck_ins: [2026-11-18, 2026-11-20]\nstatus: {status}")
    assert any(r == "extra-check-in" for (*_, r) in found({"a.md": text})) == fires
