"""Reading files: front matter, required fields, values, unknown keys and dates."""

from __future__ import annotations

import pytest
from rulekit import fm, found, lint, rules_of

BASE = """
company: Acme
role: Data Engineer
applied: 2026-11-15
"""


def one(text: str, **kwargs):
    return found({"a.md": text}, **kwargs)


# -- front-matter ------------------------------------------------------------------------------

FRONT_MATTER_CASES = [
    ("empty file", b"", 1),
    ("only dashes", b"---\n", 1),
    ("unterminated", b"---\ncompany: Acme\nrole: x\n", 1),
    ("empty block", b"---\n---\nbody\n", 1),
    ("no front matter", b"# Acme\n\nnotes\n", 1),
    ("toml", b'+++\ncompany = "Acme"\n+++\n', 1),
    ("list", b"---\n- a\n- b\n---\n", 2),
    ("scalar", b"---\nhello\n---\n", 2),
    ("bad yaml", b"---\ncompany: Acme\nrole: [x\napplied: 2026-10-01\n---\n", 3),  # where the "[" opens, not where YAML gave up
    ("tab indent", b"---\ncompany: x\n\trole: y\n---\n", 3),
    ("duplicate key", b"---\ncompany: a\nrole: r\napplied: 2026-11-20\ncompany: b\n---\n", 5),
    ("latin-1", "---\ncompany: Café\nrole: r\napplied: 2026-11-20\n---\n".encode("latin-1"), 2),
    ("alias bomb", b'---\na: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n---\n', 2),
    ("self alias", b"---\na: &a [*a]\ncompany: x\n---\n", 2),
    ("deep nesting", b"---\ncompany: " + b"[" * 20000 + b"]" * 20000 + b"\n---\n", 2),
    ("binary", bytes(range(256)) * 4, 2),
    ("nul byte", b"---\ncompany: a\x00b\nrole: r\napplied: 2026-11-20\n---\n", 2),
    ("complex key", b"---\n? [a]\n: b\ncompany: a\nrole: r\napplied: 2026-11-20\n---\n", 2),
]


@pytest.mark.parametrize(("name", "data", "line"), FRONT_MATTER_CASES, ids=[c[0] for c in FRONT_MATTER_CASES])
def test_front_matter_errors_point_at_the_line(name, data, line):
    lines = [d[1] for d in found({"a.md": data}, rule="front-matter")]
    assert lines and lines[0] == line


def test_front_matter_error_leaves_other_files_checked():
    result = lint({"bad.md": b"---\n", "good.md": fm(BASE)})
    assert {d.path for d in result.diagnostics} == {"bad.md"}
    assert [a.path for a in result.usable] == ["good.md"]
    assert result.skipped == ["bad.md"]


def test_bom_and_crlf_are_read_like_lf():
    data = b"\xef\xbb\xbf---\r\ncompany: Acme\r\nrole: r\r\napplied: 2026-11-20\r\nscreen: 2026-13-01\r\n---\r\n"
    assert one(data) == [("a.md", 5, 9, "invalid-date")]


def test_yaml_tags_are_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    data = fm(f"company: !!python/object/apply:os.system ['touch {marker}']\nrole: r\napplied: 2026-11-20")
    assert "invalid-value" in rules_of({"a.md": data})
    assert not marker.exists()


def test_keys_named_like_python_internals_are_fine():
    assert one(fm(BASE + "handler: x\n__class__: y\n")) == []


# -- missing-field -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("role: r\napplied: 2026-11-20", [("a.md", 1, 1, "missing-field")]),
        ("company: ''\nrole: r\napplied: 2026-11-20", [("a.md", 2, 1, "missing-field")]),
        ("company:\nrole: r\napplied: 2026-11-20", [("a.md", 2, 1, "missing-field")]),
        ("company: a\nrole: r", [("a.md", 1, 1, "missing-field")]),
        ("company: a\nrole: r\napplied: 2026-11-20\nstatus: rejected", [("a.md", 5, 1, "missing-field")]),
    ],
)
def test_missing_fields(text, expected):
    assert one(fm(text)) == expected


def test_a_number_is_text():
    assert one(fm("company: 3\nrole: 1e3\napplied: 2026-11-20")) == []


# -- invalid-value -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "line", "hint"),
    [
        ("status: rejectd\nrejected: 2026-11-21", 5, "did you mean 'rejected'"),
        ("status: Rejected\nrejected: 2026-11-21", 5, "did you mean 'rejected'"),
        ("status: rejected\nrejected: 2026-11-21\nrejection: postinterview", 7, "post_interview"),
        ("contact: {name: Jane}", 5, "not a mapping"),
        ("source: [a, b]", 5, "not a list"),
        ("status: rejected\nrejected: 2026-11-21\nreplied: yes", 7, "says nothing about when"),
        ("status: rejected\nrejected: 2026-11-21\nreplied: true", 7, "says nothing about when"),
        ("revisit: someday", 5, "'never'"),
        ("status: open\nrejected: 2026-11-21", 5, "status is open"),
        ("rejection: form", 5, "status is open"),
        ("jrnl-rej-ignore: [front-matter]", 5, "cannot be silenced"),
        ("jrnl-rej-ignore: [stale-silnt]", 5, "did you mean 'stale-silent'"),
        ("tags: [[a]]", 5, "single value"),
        ("applied_more: 1\nscreen: [2026-11-21]", 6, "one date"),
    ],
)
def test_invalid_values(extra, line, hint):
    result = lint({"a.md": fm(BASE + extra)})
    found_ = [d for d in result.diagnostics if d.rule == "invalid-value"]
    assert [d.line for d in found_] == [line]
    assert hint in found_[0].message


def test_replied_no_and_false_mean_the_same():
    for word in ("no", "No", "false", "off", '"no"'):
        text = BASE + f"screen: 2026-11-21\nstatus: rejected\nrejected: 2026-11-22\nreplied: {word}"
        assert rules_of({"a.md": fm(text)}) <= {"next-application", "reply-due"}, word


# -- unknown-field -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [("aplied", "applied"), ("Company", "company"), ("check_in", "check_ins"),
     ("hiring-manager", "hiring_manager"), ("Status", "status"), ("tag", "tags")],
)  # fmt: skip
def test_near_misses_are_named(key, suggestion):
    result = lint({"a.md": fm(BASE + f"{key}: x")})
    hits = [d for d in result.diagnostics if d.rule == "unknown-field"]
    assert len(hits) == 1 and f"'{suggestion}'" in hits[0].message
    assert (hits[0].line, hits[0].column) == (5, 1)


@pytest.mark.parametrize("key", ["notes", "salary", "location", "recruiter", "jrnl-rej-ignore", "title"])
def test_own_keys_are_left_alone(key):
    assert "unknown-field" not in rules_of({"a.md": fm(BASE + f"{key}: []")})


# -- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("2026-13-45", "invalid-date"),
        ("2026-02-30", "invalid-date"),
        ("0000-00-00", "invalid-date"),
        ("soon", "invalid-date"),
        ("20261001", "invalid-date"),
        ("03/04/2026", "invalid-date"),
        ("yes", "invalid-date"),
        ("yesterday", "relative-date"),
        ("3 days ago", "relative-date"),
        ("friday", "relative-date"),
        ("last friday", "relative-date"),
        ("in 3 days", "relative-date"),
        ("Nov 3", "relative-date"),
        ("Nov 3, 2026", "non-iso-date"),
        ("3 November 2026", "non-iso-date"),
        ("13/04/2026", "non-iso-date"),
        ("2026-11-3", "non-iso-date"),
        ("2026/11/03", "non-iso-date"),
        ("2026-11-03 14:30:00", "non-iso-date"),
        ('"2026-11-03"', None),
        ("2026-11-03", None),
    ],
)
def test_date_forms(value, rule):
    text = fm(f"company: Acme\nrole: r\napplied: 2026-01-05\nscreen: {value}\nstatus: withdrawn")
    rules = {r for (_, line, _, r) in one(text) if line == 5}
    assert rules == ({rule} if rule else set())


def test_date_order_setting_reads_ambiguous_dates():
    text = fm("company: Acme\nrole: r\napplied: 2026-10-01\nscreen: 03/11/2026\nstatus: withdrawn")
    assert one(text) == [("a.md", 5, 9, "invalid-date")]  # March 11 or November 3?
    dmy = lint({"a.md": text}, config={"date_order": "DMY"})
    assert [d.rule for d in dmy.diagnostics] == ["non-iso-date"]
    assert "2026-11-03" in dmy.diagnostics[0].message
    mdy = lint({"a.md": text}, config={"date_order": "MDY"})
    assert sorted(d.rule for d in mdy.diagnostics) == ["date-order", "non-iso-date"]  # March 11


def test_non_iso_date_fix_rewrites_only_the_value():
    text = fm(BASE + "screen: 'Nov 21, 2026'  # the call")
    diag = lint({"a.md": text}).diagnostics[0]
    assert diag.rule == "non-iso-date" and diag.fix.safe
    (edit,) = diag.fix.edits
    assert text[: edit.start] + edit.text + text[edit.end :] == fm(
        BASE + "screen: 2026-11-21  # the call"
    )


def test_check_in_items_have_their_own_positions():
    text = fm(BASE + "check_ins: [2026-11-21, soon, 'Nov 22, 2026']")
    assert one(text) == [
        ("a.md", 5, 25, "invalid-date"),
        ("a.md", 5, 31, "non-iso-date"),
    ]
    text = fm(BASE + "check_ins:\n  - 2026-11-21\n  - yesterday")
    assert one(text) == [("a.md", 7, 5, "relative-date")]


def test_single_check_in_value_is_a_list_of_one():
    result = lint({"a.md": fm(BASE + "check_ins: 2026-11-22")})
    assert result.usable[0].check_ins[0].isoformat() == "2026-11-22"


def test_a_date_read_again_reads_the_same():
    # Days written YYYY-MM-DD are read once per process and remembered; nothing else is,
    # since other forms can depend on date_order.
    from jrnl_rej.core import dates

    for text in ("2026-11-03", "2026-02-30", "1850-01-01", "2026-11-3", "03/11/2026", "Nov 3"):
        first = dates.read_text(text, None)
        assert [dates.read_text(text, order) for order in (None, None)] == [first, first]
    assert dates.read_text("03/11/2026", "DMY").value != dates.read_text("03/11/2026", "MDY").value
    assert dates.read_text("03/11/2026", None).kind == dates.INVALID
