"""Rules across files: duplicate-application, next-application, withdraw-open and revisit-open."""

from __future__ import annotations

from datetime import date

import pytest
from rulekit import fm, found, lint


def app(company="Acme", role="Data Engineer", applied="2026-10-01", extra=""):
    return fm(f"company: {company}\nrole: {role}\napplied: {applied}\nstatus: withdrawn\n{extra}")


def hits(files, rule, today=date(2026, 11, 25)):
    return sorted(path for (path, _, _, r) in found(files, today) if r == rule)


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (app(applied="2026-10-08"), ["a.md", "b.md"]),  # 7 days apart
        (app(applied="2026-10-09"), []),  # 8 days apart
        (app(company="  ACME ", role="data   engineer"), ["a.md", "b.md"]),
        (app(role="Data Scientist"), []),
        (app(company="Acme Inc"), []),
    ],
)
def test_duplicate_application(other, expected):
    assert hits({"a.md": app(), "b.md": other}, "duplicate-application") == expected


def test_a_file_with_errors_is_no_duplicate():
    files = {"a.md": app(), "b.md": app(extra="screen: soon")}
    assert hits(files, "duplicate-application") == []


REJECTED = fm(
    "company: Acme\nrole: r\napplied: 2026-10-01\nscreen: 2026-10-10\n"
    "status: rejected\nrejected: 2026-11-20\nreplied: no"
)


@pytest.mark.parametrize(
    ("today", "fires"),
    [(date(2026, 11, 21), False), (date(2026, 11, 22), True), (date(2026, 12, 4), True),
     (date(2026, 12, 5), False)],
)  # fmt: skip
def test_next_application_window(today, fires):
    assert hits({"a.md": REJECTED}, "next-application", today) == (["a.md"] if fires else [])


@pytest.mark.parametrize(
    ("applied", "fires"), [("2026-11-19", True), ("2026-11-20", False), ("2026-11-22", False)]
)
def test_next_application_is_answered_by_a_new_one(applied, fires):
    files = {"a.md": REJECTED, "b.md": app(company="Globex", applied=applied)}
    assert hits(files, "next-application") == (["a.md"] if fires else [])


def test_silent_rejections_do_not_ask_for_momentum():
    text = fm("company: A\nrole: r\napplied: 2026-10-01\nstatus: rejected\nrejected: 2026-11-20\n"
              "rejection: silent")  # fmt: skip
    assert hits({"a.md": text}, "next-application") == []


FINAL = (
    "company: Stark\nrole: r\napplied: 2026-06-01\nhiring_manager: 2026-06-20\n"
    "final_round: 2026-07-01\nstatus: rejected\nrejected: 2026-07-10\nreplied: 2026-07-10\n"
)


@pytest.mark.parametrize(
    ("today", "fires"),
    [(date(2026, 10, 9), False), (date(2026, 10, 10), True), (date(2027, 1, 10), True),
     (date(2027, 1, 11), False)],
)  # fmt: skip
def test_revisit_window(today, fires):
    assert hits({"s.md": fm(FINAL)}, "revisit-open", today) == (["s.md"] if fires else [])


def test_revisit_window_clamps_to_month_end():
    text = FINAL.replace("2026-07-10\nreplied: 2026-07-10", "2026-08-31\nreplied: 2026-08-31")
    assert hits({"s.md": fm(text)}, "revisit-open", date(2026, 11, 29)) == []
    assert hits({"s.md": fm(text)}, "revisit-open", date(2026, 11, 30)) == ["s.md"]


def test_revisit_date_moves_the_window_and_never_turns_it_off():
    moved = fm(FINAL + "revisit: 2026-12-01")
    assert hits({"s.md": moved}, "revisit-open", date(2026, 11, 30)) == []
    assert hits({"s.md": moved}, "revisit-open", date(2027, 3, 1)) == ["s.md"]
    assert hits({"s.md": moved}, "revisit-open", date(2027, 3, 2)) == []
    assert hits({"s.md": fm(FINAL + "revisit: never")}, "revisit-open", date(2026, 11, 1)) == []


def test_revisit_needs_an_interview_beyond_the_screen():
    screen_only = FINAL.replace("hiring_manager: 2026-06-20\nfinal_round: 2026-07-01\n",
                                "screen: 2026-06-20\n")  # fmt: skip
    assert hits({"s.md": fm(screen_only)}, "revisit-open", date(2026, 11, 1)) == []


def test_revisit_stops_once_you_apply_again():
    again = app(company="STARK", role="Other", applied="2026-10-20")
    assert hits({"s.md": fm(FINAL), "t.md": again}, "revisit-open", date(2026, 11, 1)) == []
    before = app(company="Stark", role="Other", applied="2026-07-01")
    assert hits({"s.md": fm(FINAL), "t.md": before}, "revisit-open", date(2026, 11, 1)) == ["s.md"]


_ACCEPTED = fm("company: Globex\nrole: r\napplied: 2026-10-01\noffer: 2026-11-20\nstatus: accepted\n")


def _search(other: str, today: date):
    files = {"globex.md": _ACCEPTED, "other.md": fm(other)}
    return sorted({(p, r) for (p, _, _, r) in found(files, today) if p == "other.md"})


@pytest.mark.parametrize(
    ("applied", "expected"),
    [
        ("2026-11-19", [("other.md", "withdraw-open")]),  # the day before the offer
        ("2026-11-20", [("other.md", "withdraw-open")]),  # the day of it: still that search
        ("2026-11-21", [("other.md", "check-in-due")]),  # the day after: a new search, as usual
    ],
)
def test_an_accepted_offer_ends_the_search(applied, expected):
    other = f"company: Initech\nrole: r\napplied: {applied}\n"
    assert _search(other, date(2026, 12, 6)) == expected


def test_a_finished_search_stops_silence_check_ins_and_momentum():
    silent = "company: Initech\nrole: r\napplied: 2026-09-01\ncheck_ins: [2026-09-15, 2026-09-20]\n"
    assert _search(silent, date(2026, 11, 25)) == [("other.md", "withdraw-open")]
    rejected = "company: Initech\nrole: r\napplied: 2026-09-01\nstatus: rejected\nrejected: 2026-11-21\n"
    assert _search(rejected, date(2026, 11, 25)) == []  # no "send one application today"


def test_withdraw_open_names_the_offer_and_the_command():
    files = {"globex.md": _ACCEPTED, "other.md": fm("company: Initech\nrole: r\napplied: 2026-11-02\n")}
    (diag,) = [d for d in lint(files, date(2026, 11, 25)).diagnostics if d.rule == "withdraw-open"]
    assert "Globex" in diag.message and "jrnl-rej log \x1fFILE\x1f withdrawn" in diag.message


def test_an_accepted_offer_without_an_offer_date_ends_on_its_latest_date():
    accepted = fm("company: Globex\nrole: r\napplied: 2026-10-01\nfinal_round: 2026-10-20\nstatus: accepted\n")
    for applied, fires in (("2026-10-20", True), ("2026-10-21", False)):
        files = {"globex.md": accepted, "other.md": fm(f"company: Initech\nrole: r\napplied: {applied}\n")}
        rules = {r for (p, _, _, r) in found(files, date(2026, 11, 1)) if p == "other.md"}
        assert ("withdraw-open" in rules) == fires, applied
