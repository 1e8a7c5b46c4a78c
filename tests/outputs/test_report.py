"""`jrnl-rej report`: every number of the JSON object worked out by hand, and the words around them."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from conftest import app_file
from hypothesis import given, settings
from hypothesis import strategies as st

from jrnl_rej.core.config import Config
from jrnl_rej.core.dates import add_months
from jrnl_rej.core.model import BUCKETS, KINDS, STAGES, Application
from jrnl_rej.core.patterns import build_report
from jrnl_rej.rules.engine import Analysis

# TODAY is 2026-11-25. Each comment says what the file adds to the report.
JOURNAL = {
    # form rejection, before the screen; Bolt applied the same day: momentum yes
    "a1.md": app_file(company="Acme", role="Analyst", applied="2026-10-01", status="rejected",
                      rejected="2026-10-05"),
    # post-interview after the screen (no revisit: too early a stage); Cora the next day: yes
    "a2.md": app_file(company="Bolt", role="Data Engineer", applied="2026-10-05", screen="2026-10-10",
                      status="rejected", rejected="2026-10-20", replied="2026-10-20"),
    # open and silent for 35 days: a thing to do now
    "a3.md": app_file(company="Cora", role="Analyst", applied="2026-10-21"),
    # after the hiring manager; next application two days later: momentum no; revisit upcoming
    "a4.md": app_file(company="Dune", role="Engineer", applied="2026-09-01",
                      hiring_manager="2026-09-10", status="rejected", rejected="2026-09-15",
                      replied="2026-09-15"),
    # silent rejection: counted, but not in momentum
    "a5.md": app_file(company="Echo", role="Analyst", applied="2026-09-17", status="rejected",
                      rejection="silent", rejected="2026-10-08"),
    # final round (no screen date: still counts as screen and hiring manager); revisit open
    "a6.md": app_file(company="Fern", role="Data Engineer", applied="2026-05-01",
                      final_round="2026-06-01", status="rejected", rejected="2026-06-10",
                      replied="2026-06-10", feedback="Wanted deeper Kafka experience"),
    # after the hiring manager; revisit window closed on 2026-09-20
    "a7.md": app_file(company="Gala", role="Engineer", applied="2026-03-01",
                      hiring_manager="2026-03-10", status="rejected", rejected="2026-03-20",
                      replied="no"),
    # final round; applied to the same company (other case and spacing) since: done
    "a8.md": app_file(company="Hex Labs", role="Engineer", applied="2026-04-01",
                      final_round="2026-04-15", status="rejected", rejected="2026-04-20",
                      replied="2026-04-20"),
    "a9.md": app_file(company="hex   LABS", role="Platform Engineer", applied="2026-08-01",
                      screen="2026-08-05", status="withdrawn"),
    # revisit: never keeps it off the list
    "a10.md": app_file(company="Iris", role="Engineer", applied="2026-02-01",
                       hiring_manager="2026-02-10", status="rejected", rejected="2026-02-15",
                       replied="2026-02-15", revisit="never"),
    # a revisit date moves the window (2026-11-01 to 2027-02-01) and opens it
    "a11.md": app_file(company="Jade", role="Lead", applied="2025-12-01", final_round="2025-12-20",
                       status="rejected", rejected="2026-01-10", replied="2026-01-10",
                       revisit="2026-11-01"),
    # an offer, declined: every stage reached (an accepted one would end the search)
    "a12.md": app_file(company="Kilo", role="Engineer", applied="2026-09-20", screen="2026-09-25",
                       hiring_manager="2026-10-01", final_round="2026-10-10", offer="2026-11-01",
                       status="declined"),
    # form rejection on the day of applying: itself is not "another application"
    "a13.md": app_file(company="Lumo", role="Analyst", applied="2026-11-01", status="rejected",
                       rejected="2026-11-01"),
    # errors: left out (it would otherwise follow Dune's rejection on the same day)
    "bad.md": app_file(company="Moss", applied="2026-09-15"),
    "sub/bad2.md": app_file(company="Nova", role="Engineer", applied="2026-13-45"),
}  # fmt: skip

EXPECTED = {
    "version": 1,
    "today": "2026-11-25",
    "applications": 13,
    "skipped": 2,
    "rejections": {
        "total": 10,
        "by_kind": {"silent": 1, "form": 2, "post_interview": 7},
        "by_bucket": {"before_screen": 3, "after_screen": 1, "after_hiring_manager": 3, "final_round": 3},
    },
    "bottleneck": "before_screen",  # a three-way tie at 3: the earliest bucket
    "funnel": {"applied": 13, "screen": 9, "hiring_manager": 7, "final_round": 4, "offer": 1},
    "momentum": {"rejections": 9, "next_within_a_day": 2},
    # no source anywhere; no answer from a3 (open) and a5 (silent); waits 0 4 4 5 5 [9] 9 9 14 19 31
    "sources": [{"source": "(none)", "applications": 13, "responses": 11, "interviews": 9, "offers": 1}],
    "response_days": {"count": 11, "median": 9},
    "weekly": [{"week": f"2026-W{w}", "applications": n} for w, n in zip(range(37, 49), [0, 2, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0], strict=True)],
    "revisit": [
        {"path": "a7.md", "company": "Gala", "role": "Engineer", "bucket": "after_hiring_manager",
         "rejected": "2026-03-20", "from": "2026-06-20", "until": "2026-09-20", "state": "past"},
        {"path": "a8.md", "company": "Hex Labs", "role": "Engineer", "bucket": "final_round",
         "rejected": "2026-04-20", "from": "2026-07-20", "until": "2026-10-20", "state": "done"},
        {"path": "a6.md", "company": "Fern", "role": "Data Engineer", "bucket": "final_round",
         "rejected": "2026-06-10", "from": "2026-09-10", "until": "2026-12-10", "state": "open"},
        {"path": "a11.md", "company": "Jade", "role": "Lead", "bucket": "final_round",
         "rejected": "2026-01-10", "from": "2026-11-01", "until": "2027-02-01", "state": "open"},
        {"path": "a4.md", "company": "Dune", "role": "Engineer", "bucket": "after_hiring_manager",
         "rejected": "2026-09-15", "from": "2026-12-15", "until": "2027-03-15", "state": "upcoming"},
    ],
}  # fmt: skip


def report_json(run, root, today="2026-11-25"):
    result = run(root, "report", "--format", "json", today=today)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_number_matches_the_hand_count(journal, run):
    assert report_json(run, journal(JOURNAL)) == EXPECTED


def test_key_order_is_the_documented_one(journal, run):
    root = journal(JOURNAL)
    data = report_json(run, root)
    assert list(data) == list(EXPECTED)
    assert list(data["rejections"]["by_bucket"]) == list(EXPECTED["rejections"]["by_bucket"])
    assert list(data["funnel"]) == list(EXPECTED["funnel"])


def test_empty_journal(journal, run):
    data = report_json(run, journal({}))
    assert data["applications"] == 0 and data["skipped"] == 0
    assert data["rejections"]["total"] == 0
    assert data["bottleneck"] is None
    assert data["funnel"] == {"applied": 0, "screen": 0, "hiring_manager": 0, "final_round": 0, "offer": 0}
    assert data["momentum"] == {"rejections": 0, "next_within_a_day": 0}
    assert data["revisit"] == []


def _rejections(stages: list[str]) -> dict[str, str]:
    """One rejected application per entry, stopping at that stage (applied, screen, ...)."""
    files = {}
    for i, stage in enumerate(stages):
        fields = {"company": f"C{i}", "role": "R", "applied": "2026-10-01"}
        if stage != "applied":
            fields[stage] = "2026-10-05"
        fields.update(status="rejected", rejected="2026-10-10", replied="no")
        files[f"r{i}.md"] = app_file(**fields)
    return files


@pytest.mark.parametrize(
    ("stages", "bottleneck"),
    [
        (["screen"] * 4, None),  # four rejections: not a pattern yet
        (["screen"] * 5, "after_screen"),  # five: it is one
        (["applied", "screen", "screen", "final_round", "final_round"], "after_screen"),  # tie: earlier
        (["applied", "final_round", "final_round", "hiring_manager", "hiring_manager"],
         "after_hiring_manager"),
        (["offer", "offer", "applied", "screen", "hiring_manager"], "final_round"),  # offer: final round
    ],
)  # fmt: skip
def test_bottleneck_needs_five_rejections_and_ties_go_to_the_earlier_bucket(journal, run, stages, bottleneck):
    assert report_json(run, journal(_rejections(stages)))["bottleneck"] == bottleneck


@pytest.mark.parametrize(
    ("next_applied", "counted"),
    [("2026-10-09", False), ("2026-10-10", True), ("2026-10-11", True), ("2026-10-12", False)],
)
def test_momentum_counts_the_same_day_and_the_day_after(journal, run, next_applied, counted):
    files = {
        "no.md": app_file(company="A", role="R", applied="2026-10-01", screen="2026-10-03",
                          status="rejected", rejected="2026-10-10", replied="no"),
        "next.md": app_file(company="B", role="R", applied=next_applied),
    }  # fmt: skip
    data = report_json(run, journal(files))
    assert data["momentum"] == {"rejections": 1, "next_within_a_day": int(counted)}


REVISIT_FILE = app_file(company="Stark", role="Data Engineer", applied="2026-04-01",
                        hiring_manager="2026-04-20", status="rejected", rejected="2026-05-10",
                        replied="2026-05-11")  # fmt: skip


@pytest.mark.parametrize(
    ("today", "state"),
    [
        ("2026-08-09", "upcoming"),
        ("2026-08-10", "open"),  # rejected + 3 months
        ("2026-11-10", "open"),  # rejected + 6 months: the last day
        ("2026-11-11", "past"),
    ],
)
def test_revisit_state_follows_the_window_and_agrees_with_the_rule(journal, run, today, state):
    root = journal({"stark.md": REVISIT_FILE})
    (item,) = report_json(run, root, today)["revisit"]
    assert (item["from"], item["until"], item["state"]) == ("2026-08-10", "2026-11-10", state)
    check = json.loads(run(root, "check", "--format", "json", today=today).stdout)
    fired = [d for d in check["diagnostics"] if d["rule"] == "revisit-open"]
    assert bool(fired) == (state == "open")


@pytest.mark.parametrize(("applied", "state"), [("2026-05-10", "open"), ("2026-05-11", "done")])
def test_revisit_is_done_only_after_applying_again_later(journal, run, applied, state):
    again = app_file(company=" STARK ", role="Analyst", applied=applied, status="withdrawn")
    root = journal({"stark.md": REVISIT_FILE, "stark-again.md": again})
    (item,) = report_json(run, root, "2026-09-01")["revisit"]
    assert item["state"] == state


def test_revisit_date_moves_the_window_with_the_same_length(journal, run, tmp_path):
    moved = REVISIT_FILE.replace("replied: 2026-05-11", "replied: 2026-05-11\nrevisit: 2027-01-31")
    (item,) = report_json(run, journal({"stark.md": moved}), "2026-09-01")["revisit"]
    assert (item["from"], item["until"], item["state"]) == ("2027-01-31", "2027-04-30", "upcoming")


def test_thresholds_from_the_config_shape_the_window(journal, run):
    root = journal({"stark.md": REVISIT_FILE}, config="[thresholds]\nrevisit_after_months = 1\n"
                   "revisit_until_months = 2\n")  # fmt: skip
    (item,) = report_json(run, root, "2026-09-01")["revisit"]
    assert (item["from"], item["until"], item["state"]) == ("2026-06-10", "2026-07-10", "past")


def test_json_keeps_hostile_text_but_escapes_it_for_the_terminal(journal, run):
    company = "Evil\x1b[31m \u202eCorp"
    root = journal({"e.md": REVISIT_FILE.replace("company: Stark", 'company: "Evil\\e[31m \\u202eCorp"')})
    result = run(root, "report", "--format", "json", today="2026-09-01")
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert json.loads(result.stdout)["revisit"][0]["company"] == company


# -- the Markdown report -------------------------------------------------------------------------


def test_markdown_report_reads_like_a_summary(journal, run):
    result = run(journal(JOURNAL), "report")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("# Your job search on 2026-11-25\n")
    for needle in (
        "13 applications counted. 2 files left out because of errors: bad.md, sub/bad2.md",
        "## What needs doing now",
        "No word from Cora (Analyst) since 2026-10-21",
        "jrnl-rej log a3.md rejected --kind silent",
        "## Patterns",
        "- Recruiter screen: 9 (9 of 13 from the stage before, 69%)",
        "- Offer: 1 (1 of 4 from the stage before, 25%)",
        "- 3 of 10 rejections came before the recruiter screen",
        "- 1 of 10 rejections came after the recruiter screen",
        "Of those, 1 silent, 2 form emails and 7 after an interview.",
        "Most rejections come before the recruiter screen (3 of 10, as many as after the "
        "hiring-manager interview and at the final round).",
        "- Fix the 2 files with errors, so that the numbers count them too.\n  jrnl-rej check",
        "résumé",
        "After 2 of 9 rejections (22%), you sent the next application the same day or the day after.",
        "- Fern (Data Engineer), final round, 2026-06-10: Wanted deeper Kafka experience",
        "## Revisit",
        "- Jade (Lead): reached the final round, said no on 2026-01-10; window 2026-11-01 to "
        "2027-02-01: open now, until 2027-02-01.",
        'First line: "When we spoke in December 2025 about the Lead role,',
        'First line: "When we spoke in June about the Data Engineer role,',
        "jrnl-rej draft reapply a6.md",
        "Hex Labs (Engineer): reached the final round, said no on 2026-04-20; window 2026-07-20 to "
        "2026-10-20: you applied again.",
    ):
        assert needle in text, needle
    # Hex Labs needs no first line: it is done.
    hex_part = text.split("Hex Labs (Engineer)")[1].split("\n- ")[0]
    assert "First line" not in hex_part


@pytest.mark.parametrize(
    ("stage", "words"),
    [
        ("applied", "résumé"),
        ("screen", "90-second"),
        ("hiring_manager", "stories"),
        ("final_round", "not about you"),
    ],
)
def test_bottleneck_advice(journal, run, stage, words):
    text = run(journal(_rejections([stage] * 5)), "report").stdout
    assert words in text
    assert "(5 of 5)" in text


def test_too_few_rejections_say_so(journal, run):
    text = run(journal(_rejections(["screen"] * 4)), "report").stdout
    assert "With 4 rejections so far it is too early to call a pattern" in text
    assert "Most rejections come" not in text


def test_markdown_report_escapes_file_text(journal, run):
    hostile = 'company: "Evil\\e[31m\\u202e \\a Corp"\nfeedback: "bad\\e]52;c;aGk=\\a news"'
    root = journal({"e.md": REVISIT_FILE.replace("company: Stark", hostile)})
    text = run(root, "report", today="2026-09-01").stdout
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "Evil\\x1b[31m\\u202e \\x07 Corp (Data Engineer)" in text


def test_paths_in_commands_are_shell_quoted(journal, run):
    root = journal({"stark (old).md": REVISIT_FILE})
    text = run(root, "report", today="2026-09-01").stdout
    assert "jrnl-rej draft reapply 'stark (old).md'" in text


def test_report_writes_nothing(journal, run):
    root = journal(JOURNAL)
    before = sorted(p.name for p in root.rglob("*"))
    run(root, "report")
    run(root, "report", "--format", "json")
    assert sorted(p.name for p in root.rglob("*")) == before


TODO_JOURNAL = {
    "over.md": app_file(company="Over", role="Lead", applied="2026-10-01", screen="2026-10-10",
                        status="rejected", rejected="2026-11-20"),
    "due.md": app_file(company="Due", role="Lead", applied="2026-10-01", hiring_manager="2026-11-01",
                       status="rejected", rejected="2026-11-25"),
    "check.md": app_file(company="Check", role="Analyst", applied="2026-11-10"),
    "quiet.md": app_file(company="Quiet", role="Analyst", applied="2026-11-08",
                         jrnl__rej__ignore="[check-in-due]"),
}  # fmt: skip


def test_what_needs_doing_now_lists_reminders_most_urgent_first(journal, run):
    text = run(journal(TODO_JOURNAL), "report").stdout
    now = text.split("## What needs doing now\n\n")[1].split("\n\n")[0]
    assert now.splitlines() == [
        "- Thank Over (Lead) for the interview: the note was due 2026-11-21, and a late one still helps.",
        "  jrnl-rej draft reply over.md",
        "- Send Due (Lead) a short thank-you by 2026-11-26.",
        "  jrnl-rej draft reply due.md",
        "- One short check-in with Check (Analyst) fits now (applied 2026-11-10).",
        "  jrnl-rej log check.md check-in",
        "- Over (Lead) said no on 2026-11-20 and nothing new has gone out since: send one application today.",
        "  jrnl-rej new COMPANY ROLE",
    ]


def test_nothing_to_do_says_so(journal, run):
    root = journal({"a.md": app_file(company="A", role="R", applied="2026-11-24")})
    assert "Nothing is waiting on you today." in run(root, "report").stdout


# -- the counts, straight from the spec's words, over random journals ---------------------------

DAY0 = date(2026, 1, 1)


@st.composite
def applications(draw, index: int) -> Application:
    """One application without errors: dates in 2026, stages in order, any status."""
    applied = DAY0 + timedelta(days=draw(st.integers(0, 300)))
    stages = {}
    day = applied
    for stage in STAGES[1 : draw(st.integers(1, 5))]:
        day += timedelta(days=draw(st.integers(0, 20)))
        stages[stage] = day
    status = draw(st.sampled_from(["open", "rejected", "rejected", "withdrawn", "accepted"]))
    fields = {}
    if status == "rejected":
        fields["rejected"] = day + timedelta(days=draw(st.integers(0, 20)))
        fields["rejection"] = draw(st.sampled_from([None, *KINDS]))
        fields["revisit"] = draw(st.sampled_from([None, "never", applied + timedelta(days=200)]))
    return Application(
        path=f"{draw(st.sampled_from(['', 'sub/']))}{index:03d}.md",
        company=draw(st.sampled_from(["Acme", "ACME ", "Bolt", "Cora", "Dune"])),
        role=draw(st.sampled_from(["Engineer", "Analyst"])),
        applied=applied,
        status=status,
        feedback=draw(st.sampled_from([None, "", "  ", "Wanted more Kafka"])),
        **stages,
        **fields,
    )


@st.composite
def journals(draw) -> list[Application]:
    count = draw(st.integers(0, 25))
    return [draw(applications(i)) for i in range(count)]


def _expected(apps: list[Application], config: Config, today: date) -> dict:
    rank = STAGES.index
    rejected = [a for a in apps if a.status == "rejected"]
    momentum = [a for a in rejected if a.kind in ("form", "post_interview")]
    quick = [
        a for a in momentum
        if any(b is not a and 0 <= (b.applied - a.rejected).days <= 1 for b in apps)
    ]  # fmt: skip
    revisit = []
    for a in rejected:
        if a.kind != "post_interview" or a.revisit == "never" or a.bucket in ("before_screen", "after_screen"):
            continue
        if isinstance(a.revisit, date):  # the window starts there, same length
            start = a.revisit
            until = add_months(start, config.thresholds.revisit_until_months - config.thresholds.revisit_after_months)
        else:
            start = add_months(a.rejected, config.thresholds.revisit_after_months)
            until = add_months(a.rejected, config.thresholds.revisit_until_months)
        same = " ".join(a.company.split()).casefold()
        again = any(b is not a and " ".join(b.company.split()).casefold() == same and b.applied > a.rejected
                    for b in apps)  # fmt: skip
        state = "done" if again else "upcoming" if today < start else "past" if today > until else "open"
        revisit.append((start, a.path, state, until))
    counts = {b: sum(a.bucket == b for a in rejected) for b in BUCKETS}
    feedback = [(a.rejected or a.applied, a.path) for a in apps if a.feedback and a.feedback.strip()]
    return {
        "applications": len(apps),
        "by_kind": tuple((k, sum(a.kind == k for a in rejected)) for k in KINDS),
        "by_bucket": tuple(counts.items()),
        "bottleneck": max(BUCKETS, key=counts.get) if len(rejected) >= 5 else None,
        "funnel": tuple((s, sum(rank(a.stage_reached) >= rank(s) for a in apps)) for s in STAGES),
        "momentum": (len(momentum), len(quick)),
        "revisit": sorted(revisit),
        "feedback": sorted(feedback, key=lambda f: (-f[0].toordinal(), f[1])),
    }


@settings(max_examples=200, deadline=None)
@given(journals(), st.randoms(use_true_random=False))
def test_report_counts_match_the_spec_in_any_order(apps, random):
    """The counts of §4, worked out the slow and obvious way; the order of the files does not matter."""
    today = date(2026, 11, 25)
    config = Config()
    shuffled = list(apps)
    random.shuffle(shuffled)
    report = build_report(Analysis(today, [], [], shuffled, []), config)
    expected = _expected(apps, config, today)
    assert report.applications == expected["applications"]
    assert report.by_kind == expected["by_kind"]
    assert report.by_bucket == expected["by_bucket"]
    assert report.bottleneck == expected["bottleneck"]
    assert report.funnel == expected["funnel"]
    assert (report.momentum_rejections, report.momentum_next) == expected["momentum"]
    assert [(r.start, r.path, r.state, r.until) for r in report.revisit] == expected["revisit"]
    assert [(f.day, f.path) for f in report.feedback] == expected["feedback"]


@settings(max_examples=100, deadline=None)
@given(journals(), journals(), st.randoms(use_true_random=False))
def test_facts_kept_between_reports_give_the_same_report(first, second, random):
    """What a watcher does: build the report after every change, reusing what it knew about the
    applications that stayed; also across a change of the revisit thresholds."""
    from jrnl_rej.core.patterns import Facts

    today = date(2026, 11, 25)
    # The second journal keeps some of the first one's application objects, as after a save.
    kept = [app for app in first if random.random() < 0.7]
    second = kept + [app for app in second if app.path not in {a.path for a in kept}]
    wide = Config(thresholds={**Config().thresholds._asdict(), "revisit_after_months": 1, "revisit_until_months": 9})
    facts = Facts()
    for apps, config in [(first, Config()), (second, Config()), (second, wide), (first, wide)]:
        analysis = Analysis(today, [], [], apps, [])
        assert build_report(analysis, config, facts) == build_report(analysis, config)


def _after_a_no(count: int, quick: int) -> dict:
    """`count` form rejections; after the first `quick` of them, a new application the day after."""
    files = {}
    for n in range(count):
        day = date(2026, 9, 1) + timedelta(days=10 * n)
        files[f"no{n}.md"] = app_file(company=f"No{n}", role="R", applied=(day - timedelta(days=5)).isoformat(),
                                      status="rejected", rejected=day.isoformat(), rejection="form")  # fmt: skip
        if n < quick:
            files[f"next{n}.md"] = app_file(company=f"Next{n}", role="R",
                                            applied=(day + timedelta(days=1)).isoformat())  # fmt: skip
    return files


@pytest.mark.parametrize(
    ("count", "quick", "words"),
    [
        (0, 0, None),  # nothing to measure: nothing said
        (1, 0, None),  # "after 0 of 1 rejection" would read as a reproach
        (2, 1, None),
        (3, 0, "After 3 rejections, the next application took more than a day each time. That is human"),
        (3, 2, "After 2 of 3 rejections (67%), you sent the next application the same day or the day after. "
               "Keep that going"),
        (3, 3, "That is exactly the habit that keeps a search moving."),
    ],
)  # fmt: skip
def test_momentum_is_said_kindly_and_only_from_3_rejections(journal, run, count, quick, words):
    root = journal({"a.md": app_file(company="A", role="R", applied="2026-11-24"), **_after_a_no(count, quick)})
    report = run(root, "report").stdout
    run(root, "index")
    index = (root / "INDEX.md").read_text(encoding="utf-8")
    if words is None:
        assert "Momentum" not in report and "Momentum" not in index
    else:
        assert words in report and words in index
        assert "reproach" not in report
