"""A rule that declares the statuses it looks at (rule(..., statuses=...)) is not called for
applications of any other status: it must find nothing in them. Held here for every such
rule, over generated applications and journals."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from jrnl_rej.core.config import Config
from jrnl_rej.core.model import KINDS, STATUSES, Application, Position
from jrnl_rej.rules import RULES, Context

DECLARED = sorted(name for name, r in RULES.items() if r.check is not None and r.statuses is not None)
BASE = date(2026, 1, 1)
days = st.integers(0, 400).map(lambda n: BASE + timedelta(days=n))
maybe_day = st.none() | days


@st.composite
def applications(draw, path: str) -> Application:
    return Application(
        path=path,
        company=draw(st.sampled_from([None, "Acme", "acme ", "Globex"])),
        role=draw(st.sampled_from([None, "Data Engineer", "data  engineer", "SRE"])),
        applied=draw(maybe_day), screen=draw(maybe_day), hiring_manager=draw(maybe_day),
        final_round=draw(maybe_day), offer=draw(maybe_day),
        check_ins=tuple(draw(st.lists(days, max_size=3))),
        status=draw(st.sampled_from([*STATUSES, "pending"])),
        rejected=draw(maybe_day), rejection=draw(st.sampled_from([None, *KINDS])),
        replied=draw(st.none() | days | st.sampled_from(["no", "unreadable"])),
        feedback_asked=draw(maybe_day),
        revisit=draw(st.none() | days | st.just("never")),
        positions={"company": Position(2, 1), "status": Position(5, 1)},
    )  # fmt: skip


@st.composite
def journals(draw) -> list[Application]:
    count = draw(st.integers(1, 5))
    return [draw(applications(f"a{n}.md")) for n in range(count)]


@settings(max_examples=400, deadline=None)
@given(journal=journals(), today=days, name=st.sampled_from(DECLARED))
def test_a_rule_finds_nothing_outside_the_statuses_it_declares(journal, today, name):
    rule = RULES[name]
    context = Context(today, Config(), journal)
    for app in journal:
        if app.status not in rule.statuses:
            assert list(rule.check(app, context)) == [], (name, app)


def test_the_rules_that_declare_statuses():
    # what the engine skips: a change here is a change in what every check runs
    assert {name: RULES[name].statuses for name in DECLARED} == {
        "check-in-due": ("open",), "extra-check-in": ("open",), "interview-upcoming": ("open",), "miscalibrated-rejection": ("rejected",), "next-application": ("rejected",),
        "overdue-reply": ("rejected",), "reply-due": ("rejected",), "revisit-open": ("rejected",), "withdraw-open": ("open",),
        "stale-silent": ("open",),
    }  # fmt: skip
