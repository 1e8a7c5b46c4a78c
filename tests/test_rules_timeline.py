"""date-order and extra-check-in."""

from __future__ import annotations

from datetime import date

import pytest
from rulekit import fm, found, lint

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
