"""Which channels work: `sources`, `response_days` and `weekly` counted by hand on small journals,
the words around them, and the index's table and bar chart as GitHub and Mermaid render them."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from conftest import app_file

# Every journal below is read on TODAY = 2026-11-25, a Wednesday: its ISO week is 2026-W48
# (Monday 2026-11-23), and the 12 weeks of `weekly` run from 2026-W37 (Monday 2026-09-07).


def weekly(first: str, counts: dict[str, int]) -> list[dict]:
    """The 12 weeks from `first` (`2026-W37`), zero but for `counts`."""
    year, week = first.split("-W")
    monday = date.fromisocalendar(int(year), int(week), 1)
    out = []
    for i in range(12):
        y, w, _ = (monday + timedelta(weeks=i)).isocalendar()
        label = f"{y}-W{w:02d}"
        out.append({"week": label, "applications": counts.get(label, 0)})
    return out


def src(name, applications, responses, interviews=0, offers=0) -> dict:
    return {"source": name, "applications": applications, "responses": responses,
            "interviews": interviews, "offers": offers}  # fmt: skip


CASES = {
    "no source at all": (
        {
            "a.md": app_file(company="A", role="r", applied="2026-11-23"),  # Mon W48; no answer
            # Sun W47; screen two days later: an answer after 2 days, an interview
            "b.md": app_file(company="B", role="r", applied="2026-11-22", screen="2026-11-24"),
            # Sun 2026-09-06 is W36, before the chart; a form rejection (inferred) after 4 days
            "c.md": app_file(company="C", role="r", applied="2026-09-06", status="rejected", rejected="2026-09-10"),
        },
        "2026-11-25",
        [src("(none)", 3, 2, 1)],
        {"count": 2, "median": 3},  # 2 and 4
        weekly("2026-W37", {"2026-W47": 1, "2026-W48": 1}),
    ),
    "sources that differ only in case or spaces": (
        {
            "b1.md": app_file(company="A", role="r", applied="2026-10-05", source="Referral",
                              screen="2026-10-12"),  # 7 days
            "b2.md": app_file(company="B", role="r", applied="2026-10-01", source="referral"),  # first written
            "b3.md": app_file(company="C", role="r", applied="2026-10-20", source='"  REFERRAL  "',
                              status="rejected", rejection="form", rejected="2026-10-22"),  # 2 days
            "b4.md": app_file(company="D", role="r", applied="2026-10-02", source="Job Board",
                              status="rejected", rejected="2026-10-03"),  # 1 day; same day as b5, path first
            "b5.md": app_file(company="E", role="r", applied="2026-10-02", source="job  board"),
        },
        "2026-11-25",
        [src("referral", 3, 2, 1), src("Job Board", 2, 1)],
        {"count": 3, "median": 2},  # 1 2 7
        weekly("2026-W37", {"2026-W40": 3, "2026-W41": 1, "2026-W43": 1}),
    ),
    "equal counts sort by name, whatever its case": (
        {
            "x.md": app_file(company="A", role="r", applied="2026-11-02", source="Board"),
            "y.md": app_file(company="B", role="r", applied="2026-11-03", source="agency"),
            "z.md": app_file(company="C", role="r", applied="2026-11-04"),
        },
        "2026-11-25",
        [src("(none)", 1, 0), src("agency", 1, 0), src("Board", 1, 0)],
        {"count": 0, "median": None},
        weekly("2026-W37", {"2026-W45": 3}),
    ),
    "a silent rejection is not an answer": (
        {
            "s1.md": app_file(company="A", role="r", applied="2026-10-01", status="rejected",
                              rejection="silent", rejected="2026-10-22"),
            # ...but a screen before the silence was one: 7 days
            "s2.md": app_file(company="B", role="r", applied="2026-10-01", screen="2026-10-08",
                              status="rejected", rejection="silent", rejected="2026-11-01"),
        },
        "2026-11-25",
        [src("(none)", 2, 1, 1)],
        {"count": 1, "median": 7},
        weekly("2026-W37", {"2026-W40": 2}),
    ),
    "a booked interview is not an answer yet": (
        {
            "i1.md": app_file(company="A", role="r", applied="2026-11-16", screen="2026-11-27"),
            # screen 7 days after applying; the hiring manager is booked for December
            "i2.md": app_file(company="B", role="r", applied="2026-11-02", screen="2026-11-09",
                              hiring_manager="2026-12-01"),
        },
        "2026-11-25",
        [src("(none)", 2, 1, 1)],
        {"count": 1, "median": 7},
        weekly("2026-W37", {"2026-W45": 1, "2026-W47": 1}),
    ),
    "once the interview day has come, it is": (
        {
            "i1.md": app_file(company="A", role="r", applied="2026-11-16", screen="2026-11-27"),  # 11 days
            "i2.md": app_file(company="B", role="r", applied="2026-11-02", screen="2026-11-09",
                              hiring_manager="2026-12-01"),  # 7 days
        },
        "2026-11-28",  # Saturday, still W48
        [src("(none)", 2, 2, 2)],
        {"count": 2, "median": 9},
        weekly("2026-W37", {"2026-W45": 1, "2026-W47": 1}),
    ),
    "no answer, an offer and a withdrawal": (
        {
            "n1.md": app_file(company="A", role="r", applied="2026-11-02", source="job board"),
            "n2.md": app_file(company="B", role="r", applied="2026-09-14", source="recruiter",
                              screen="2026-09-20", hiring_manager="2026-09-28", final_round="2026-10-05",
                              offer="2026-10-12", status="declined"),  # 6 days
            "n3.md": app_file(company="C", role="r", applied="2026-09-15", source="recruiter", status="withdrawn"),
        },
        "2026-11-25",
        [src("recruiter", 2, 1, 1, 1), src("job board", 1, 0)],
        {"count": 1, "median": 6},
        weekly("2026-W37", {"2026-W38": 2, "2026-W45": 1}),
    ),
    "the first answer: the earliest stage date, else the rejection": (
        {
            "f1.md": app_file(company="A", role="r", applied="2026-11-02", hiring_manager="2026-11-12"),  # 10
            "f2.md": app_file(company="B", role="r", applied="2026-11-02", offer="2026-11-20"),  # 18
            "f3.md": app_file(company="C", role="r", applied="2026-11-02", status="rejected",
                              rejection="post_interview", rejected="2026-11-09", replied="no"),  # 7
            "f4.md": app_file(company="D", role="r", applied="2026-11-02", screen="2026-11-05",
                              status="rejected", rejected="2026-11-19", replied="no"),  # 3
        },
        "2026-11-25",
        [src("(none)", 4, 4, 3, 1)],
        {"count": 4, "median": 9},  # 3 7 10 18: 8.5 rounds up
        weekly("2026-W37", {"2026-W45": 4}),
    ),
    "a half day rounds up": (
        {
            "h1.md": app_file(company="A", role="r", applied="2026-11-02", screen="2026-11-05"),  # 3
            "h2.md": app_file(company="B", role="r", applied="2026-11-02", screen="2026-11-06"),  # 4
        },
        "2026-11-25",
        [src("(none)", 2, 2, 2)],
        {"count": 2, "median": 4},
        weekly("2026-W37", {"2026-W45": 2}),
    ),
    "files with errors are left out": (
        {
            "ok.md": app_file(company="A", role="r", applied="2026-11-02", source="referral"),
            "bad.md": app_file(company="B", applied="2026-11-02", source="referral", screen="2026-11-03"),
        },
        "2026-11-25",
        [src("referral", 1, 0)],
        {"count": 0, "median": None},
        weekly("2026-W37", {"2026-W45": 1}),
    ),
    "weeks with none, across the turn of an ISO year": (
        {
            "w1.md": app_file(company="A", role="r", applied="2026-10-18"),  # Sun, W42: before the chart
            "w2.md": app_file(company="B", role="r", applied="2026-10-19"),  # Mon, W43: its first week
            "w3.md": app_file(company="C", role="r", applied="2026-12-31"),  # Thu, W53 (2026 has 53)
            "w4.md": app_file(company="D", role="r", applied="2027-01-04"),  # Mon, 2027-W01
            "w5.md": app_file(company="E", role="r", applied="2027-01-06"),  # today
        },
        "2027-01-06",
        [src("(none)", 5, 0)],
        {"count": 0, "median": None},
        weekly("2026-W43", {"2026-W43": 1, "2026-W53": 1, "2027-W01": 2}),
    ),
    "an empty journal": ({}, "2026-11-25", [], {"count": 0, "median": None}, weekly("2026-W37", {})),
}


@pytest.mark.parametrize("files, today, sources, response_days, weeks", CASES.values(), ids=list(CASES))
def test_counted_by_hand(journal, run, files, today, sources, response_days, weeks):
    result = run(journal(files), "report", "--format", "json", today=today)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sources"] == sources
    assert data["response_days"] == response_days
    assert data["weekly"] == weeks
    assert sum(s["responses"] for s in sources) == response_days["count"]  # one answer each


def test_keys_sit_after_momentum_in_the_spec_order(journal, run):
    data = json.loads(run(journal({}), "report", "--format", "json").stdout)
    keys = list(data)
    assert keys[keys.index("momentum") :] == ["momentum", "sources", "response_days", "weekly", "revisit"]


# -- the words: honest about small numbers ------------------------------------------------------

from jrnl_rej.core.channels import Channels, Source, median_half_up  # noqa: E402
from jrnl_rej.outputs.channels import answer_words, rhythm_words, source_words  # noqa: E402

WEEKS0 = tuple((date(2026, 9, 7) + timedelta(weeks=i), 0) for i in range(12))


def channels(sources=(), answered=0, median=None, counts=None, pace=(0, 0), quiet=0) -> Channels:
    weeks = WEEKS0 if counts is None else tuple((m, n) for (m, _), n in zip(WEEKS0, counts, strict=True))
    return Channels(tuple(sources), answered, median, weeks, pace[0], pace[1], quiet)


@pytest.mark.parametrize("values, median", [
    ([], None), ([5], 5), ([0, 1], 1), ([1, 2, 3], 2), ([3, 4], 4), ([2, 4], 3), ([9, 1, 4, 3], 4), ([0, 0], 0),
])  # fmt: skip
def test_median_rounds_a_half_day_up(values, median):
    assert median_half_up(values) == median


REFERRAL = Source("referral", 8, 5, 3, 1)
BOARD = Source("job board", 40, 3, 1, 0)
RECRUITER = Source("recruiter", 3, 1, 1, 0)
NONE = Source("(none)", 2, 0, 0, 0, named=False)


@pytest.mark.parametrize("sources, has, lacks", [
    ([REFERRAL, BOARD], ["So far, referral answered 5 of 8 (63%), job board answered 3 of 40 (8%): "
                         "referral works best for you, so send more that way"], ["needs"]),
    # the table's order is by count; the words rank by rate
    ([BOARD, REFERRAL], ["So far, referral answered 5 of 8 (63%), job board answered 3 of 40 (8%)"], []),
    ([Source("a", 5, 2, 0, 0), Source("b", 10, 4, 0, 0)], ["about as often as each other"], ["works best"]),
    ([BOARD, RECRUITER], ["So far, job board answered 3 of 40 (8%).", "once a source has 5 applications",
                          "recruiter needs 2 more"], ["works best"]),
    ([REFERRAL, BOARD, RECRUITER], ["Too few yet to compare the others (each needs 5): recruiter needs 2 more."], []),
    ([RECRUITER, Source("referral", 1, 1, 0, 0)], ["recruiter needs 2 more, referral needs 4 more"], ["So far"]),
    ([BOARD], ["Send a few through a second channel"], ["works best"]),
    ([NONE], ["None of your 2 applications says where it came from"], ["Lever"]),
    ([BOARD, NONE], ["2 applications have no `source:`, so they count in none of these."], []),
    ([REFERRAL, Source("(none)", 1, 0, 0, 0, named=False)], ["1 application has no `source:`, so it counts"], []),
])  # fmt: skip
def test_source_words_compare_only_what_has_five_applications(sources, has, lacks):
    words = source_words(channels(sources), str)
    for text in has:
        assert text in words
    for text in lacks:
        assert text not in words
    if any(s.named for s in sources):  # published data stands after the user's own numbers
        assert words.index("Lever's 2016") > 0 and words.endswith("through a job posting.")


def test_source_words_escape_names():
    words = source_words(channels([Source("<b>x</b>", 5, 1, 0, 0), BOARD]), lambda s: s.replace("<", "&lt;"))
    assert "&lt;b>x&lt;/b> answered 1 of 5" in words and "<b>" not in words


@pytest.mark.parametrize("answered, median, quiet, has, lacks", [
    (0, None, 0, ["No answers yet"], ["median"]),
    (6, 9, 0, ["a median of 9 days after you applied (over 6 answers)", "No answer after 27 days, three times that,"
               " is probably a no"], ["so few", "past that"]),
    (3, 1, 2, ["a median of 1 day", "after 3 days", "With so few answers", "2 open applications are past that"], []),
    (5, 4, 1, ["1 open application is past that now."], ["so few"]),
    (7, 0, 4, ["Answers came on the day you applied (the median of 7 answers)."], ["probably", "past that"]),
])  # fmt: skip
def test_answer_words_read_silence_by_the_median(answered, median, quiet, has, lacks):
    words = answer_words(channels(answered=answered, median=median, quiet=quiet), quiet=True)
    for text in has:
        assert text in words
    for text in lacks:
        assert text not in words
    if quiet:  # the index leaves the daily count out
        assert "past that" not in answer_words(channels(answered=answered, median=median, quiet=quiet))


@pytest.mark.parametrize("counts, pace, has", [
    ([0] * 11 + [2], (1, 0), ["This week so far: 2.", "after two full weeks"]),
    ([0] * 12, (11, 0), ["No applications in the last 11 full weeks. This week so far: 0. Whenever"]),
    ([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 1], (11, 34), ["Last week: 4, against your own average of 3.1 a week over "
                                                      "11 weeks. This week so far: 1. You kept your pace."]),
    ([0] * 8 + [4, 2, 1, 0], (3, 7), ["Last week: 1, against your own average of 2.3 a week over 3 weeks.",
                                      "Lighter weeks happen"]),
    ([0] * 9 + [2, 2, 5], (2, 4), ["average of 2 a week over 2 weeks", "You kept your pace."]),
])  # fmt: skip
def test_rhythm_words_use_the_users_own_average(counts, pace, has):
    words = rhythm_words(channels(counts=counts, pace=pace))
    for text in has:
        assert text in words
    assert "should" not in words and "behind" not in words  # no guilt


def test_the_average_counts_full_weeks_since_the_first_application(journal, run):
    """Started two weeks ago: the average is over those two full weeks, not twelve."""
    from jrnl_rej.core.config import Config
    from jrnl_rej.core.patterns import build_report
    from jrnl_rej.journal.memo import check_journal

    files = {f"{i}.md": app_file(company=f"C{i}", role="r", applied=day)
             for i, day in enumerate(["2026-11-09", "2026-11-10", "2026-11-12", "2026-11-20", "2026-11-24"])}
    analysis = check_journal(journal(files), Config(), date(2026, 11, 25))
    found = build_report(analysis, Config()).channels
    assert (found.pace_weeks, found.pace_total, found.last_week, found.this_week) == (2, 4, 1, 1)
    assert "Last week: 1, against your own average of 2 a week over 2 weeks." in rhythm_words(found)


# -- the same numbers the slow and obvious way, straight from the spec's words ------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from jrnl_rej.core.config import Config  # noqa: E402
from jrnl_rej.core.model import Application  # noqa: E402
from jrnl_rej.core.patterns import build_report  # noqa: E402
from jrnl_rej.outputs.report import report_json  # noqa: E402
from jrnl_rej.rules.engine import Analysis  # noqa: E402

SPELLINGS = [None, "", "  ", "Referral", "referral", " referral ", "re ferral", "Job  Board", "job board", "JOB BOARD"]


@st.composite
def app(draw, i: int, today: date) -> Application:
    applied = today - timedelta(days=draw(st.integers(0, 120)))
    stages, day = {}, applied
    for stage in ("screen", "hiring_manager", "final_round", "offer")[: draw(st.integers(0, 4))]:
        day += timedelta(days=draw(st.integers(0, 15)))
        if day > today and stage == "offer":
            break
        stages[stage] = day  # past today: booked
    status = draw(st.sampled_from(["open", "rejected", "withdrawn", "declined"]))
    extra = {}
    if status == "rejected":
        extra = {"rejected": day + timedelta(days=draw(st.integers(0, 9))),
                 "rejection": draw(st.sampled_from([None, "silent", "form", "post_interview"]))}  # fmt: skip
    found = Application(path=f"{i:02d}.md", company="C", role="r", applied=applied, status=status,
                        source=draw(st.sampled_from(SPELLINGS)), **stages, **extra)  # fmt: skip
    found.today = today
    return found


def _slow(apps: list[Application], today: date) -> dict:
    def key(a):
        return " ".join(a.source.split()).casefold() if a.source and a.source.strip() else None

    def reached(a):  # stages with a date on or before today
        return [s for s in ("screen", "hiring_manager", "final_round", "offer") if getattr(a, s) and getattr(a, s) <= today]

    def kind(a):
        if a.status != "rejected":
            return None
        return a.rejection or ("post_interview" if reached(a) else "form")

    def answered(a):
        return bool(reached(a)) or kind(a) in ("form", "post_interview")

    groups = {}
    for a in sorted(apps, key=lambda a: (a.applied, a.path)):
        groups.setdefault(key(a), []).append(a)
    sources = [{"source": group[0].source if k else "(none)", "applications": len(group),
                "responses": sum(map(answered, group)), "interviews": sum(bool(reached(a)) for a in group),
                "offers": sum("offer" in reached(a) for a in group)} for k, group in groups.items()]  # fmt: skip
    sources.sort(key=lambda s: (-s["applications"], " ".join(s["source"].split()).casefold()))
    waits = sorted(
        ((min(getattr(a, s) for s in reached(a)) if reached(a) else a.rejected) - a.applied).days
        for a in apps if answered(a)
    )  # fmt: skip
    median = None
    if waits:
        middle = len(waits) // 2
        median = waits[middle] if len(waits) % 2 else -(-(waits[middle - 1] + waits[middle]) // 2)
    monday = today - timedelta(days=today.weekday())
    weeks = [monday - timedelta(weeks=n) for n in range(11, -1, -1)]
    weekly = [{"week": f"{w.isocalendar()[0]}-W{w.isocalendar()[1]:02d}",
               "applications": sum(w <= a.applied < w + timedelta(days=7) for a in apps)} for w in weeks]  # fmt: skip
    return {"sources": sources, "response_days": {"count": len(waits), "median": median}, "weekly": weekly}


@settings(max_examples=150, deadline=None)
@given(st.dates(date(2026, 1, 1), date(2028, 12, 31)).flatmap(
    lambda today: st.tuples(st.just(today), st.lists(st.integers(), max_size=20).flatmap(
        lambda xs: st.tuples(*(app(i, today) for i in range(len(xs))))))))
def test_the_numbers_agree_with_the_spec_read_slowly(drawn):
    today, apps = drawn
    data = report_json(build_report(Analysis(today, [], [], list(apps), []), Config()))
    assert {k: data[k] for k in ("sources", "response_days", "weekly")} == _slow(list(apps), today)


def test_silence_is_read_by_three_times_the_median(journal, run):
    """Median 3 days (2 and 4): an open application with no answer is probably a no after 9."""
    root = journal({
        "a.md": app_file(company="A", role="r", applied="2026-11-02", screen="2026-11-04"),
        "b.md": app_file(company="B", role="r", applied="2026-11-02", screen="2026-11-06"),
        "c.md": app_file(company="C", role="r", applied="2026-11-15"),  # 10 days: past it
        "d.md": app_file(company="D", role="r", applied="2026-11-16"),  # 9 days: not yet
        "e.md": app_file(company="E", role="r", applied="2026-11-01", screen="2026-12-01"),  # booked
        "f.md": app_file(company="F", role="r", applied="2026-11-01", status="withdrawn"),
    })  # fmt: skip
    text = run(root, "report").stdout
    assert ("Answers came a median of 3 days after you applied (over 2 answers). No answer after 9 days, "
            "three times that, is probably a no") in text
    assert "1 open application is past that now." in text
    assert run(root, "index").exit_code == 0
    assert "past that" not in (root / "INDEX.md").read_text(encoding="utf-8")


def test_terminal_report_escapes_source_names_and_json_keeps_them(journal, run):
    root = journal({"a.md": app_file(company="A", role="r", applied="2026-11-02", source='"\\e[31mred\\u202e"')})
    text = run(root, "report").stdout
    assert "\x1b" not in text and "\u202e" not in text
    assert "- \\x1b[31mred\\u202e: 0 of 1 (0%) answered, 0 interviews, 0 offers" in text
    data = json.loads(run(root, "report", "--format", "json").stdout)
    assert data["sources"][0]["source"] == "\x1b[31mred\u202e"
