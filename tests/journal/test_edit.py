"""Careful front-matter edits: one value changes, every other byte stays."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from jrnl_rej.journal.edit import EditError, append_item, decode, encode, set_key, yaml_scalar

HAND_WRITTEN = """\
---
# about this one
company:   Acme Corp    # the big one
role: 'Senior Data Engineer'
applied: 2026-10-02
empty:
commented:   # nothing yet
notes: |
  line one
  # not a comment

check_ins:   # nudges
  - 2026-10-16  # first
  - 2026-10-20
  # nothing after

tags: [data,remote]
extra:
  nested: value
---
company: in the body
"""


def lines_changed(before: str, after: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]


# -- set_key ---------------------------------------------------------------------------------------


def test_scalar_replaced_in_place_keeping_spacing_and_comment():
    after = set_key(HAND_WRITTEN, "company", "Hooli")
    assert after == HAND_WRITTEN.replace("company:   Acme Corp    # the big one",
                                         "company:   Hooli    # the big one")  # fmt: skip


def test_quoted_scalar_replaced_with_its_quotes():
    after = set_key(HAND_WRITTEN, "role", "Staff Engineer")
    assert lines_changed(HAND_WRITTEN, after) == [("role: 'Senior Data Engineer'", "role: Staff Engineer")]


def test_same_value_is_no_change_even_in_another_style():
    assert set_key(HAND_WRITTEN, "role", '"Senior Data Engineer"') == HAND_WRITTEN
    assert set_key(HAND_WRITTEN, "applied", "2026-10-02") == HAND_WRITTEN


def test_empty_value_gets_the_value_after_the_colon():
    after = set_key(HAND_WRITTEN, "empty", "x")
    assert lines_changed(HAND_WRITTEN, after) == [("empty:", "empty: x")]
    after = set_key(HAND_WRITTEN, "commented", "2026-11-01")
    assert lines_changed(HAND_WRITTEN, after) == [("commented:   # nothing yet",
                                                   "commented: 2026-11-01   # nothing yet")]  # fmt: skip


def test_block_scalar_replaced_as_a_whole_keeping_the_blank_line_after():
    after = set_key(HAND_WRITTEN, "notes", "short")
    assert "notes: short\n\ncheck_ins:   # nudges\n" in after
    assert "line one" not in after and "not a comment" not in after


def test_block_list_replaced_keeping_the_key_comment_and_trailing_comments():
    after = set_key(HAND_WRITTEN, "check_ins", "[2026-10-16]")
    assert "check_ins: [2026-10-16]   # nudges\n  # nothing after\n\ntags: [data,remote]\n" in after
    assert "# first" not in after


def test_flow_list_and_mapping_replaced():
    after = set_key(HAND_WRITTEN, "tags", "[x]")
    assert lines_changed(HAND_WRITTEN, after) == [("tags: [data,remote]", "tags: [x]")]
    after = set_key(HAND_WRITTEN, "extra", "plain")
    assert "extra: plain\n---\n" in after and "nested" not in after


def test_absent_key_goes_before_the_closing_line():
    after = set_key(HAND_WRITTEN, "status", "rejected")
    assert after == HAND_WRITTEN.replace("  nested: value\n---\n", "  nested: value\nstatus: rejected\n---\n")


def test_absent_key_follows_the_indentation_of_the_other_keys():
    text = "---\n  company: A\n  role: B\n---\nbody\n"
    assert set_key(text, "applied", "2026-10-02") == "---\n  company: A\n  role: B\n  applied: 2026-10-02\n---\nbody\n"


def test_crlf_and_bom_are_kept():
    data = encode(HAND_WRITTEN.replace("\n", "\r\n"), bom=True)
    text, bom = decode(data)
    assert bom
    after = set_key(set_key(text, "company", "Hooli"), "status", "open")
    out = encode(after, bom)
    expected = HAND_WRITTEN.replace("Acme Corp", "Hooli").replace(
        "  nested: value\n---\n", "  nested: value\nstatus: open\n---\n")  # fmt: skip
    assert out == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode("utf-8")


def test_the_body_is_never_touched():
    for key in ("company", "status", "tags", "check_ins", "notes", "extra"):
        after = set_key(HAND_WRITTEN, key, "v")
        assert after.endswith("---\ncompany: in the body\n")


def test_unreadable_front_matter_is_refused():
    with pytest.raises(EditError, match="line 3: the front matter is not valid YAML"):
        set_key("---\ncompany: [\n---\n", "status", "open")
    with pytest.raises(EditError, match="given twice"):
        set_key("---\na: 1\na: 2\n---\n", "a", "3")
    with pytest.raises(EditError):
        set_key("no front matter\n", "a", "1")


def test_values_must_be_one_line_and_a_value():
    with pytest.raises(EditError):
        set_key(HAND_WRITTEN, "company", "a\nb")
    with pytest.raises(EditError):
        set_key(HAND_WRITTEN, "company", "{a: 1}")


# -- append_item -----------------------------------------------------------------------------------


def test_append_to_flow_list_keeps_its_separator():
    after = append_item(HAND_WRITTEN, "tags", "ml")
    assert lines_changed(HAND_WRITTEN, after) == [("tags: [data,remote]", "tags: [data,remote,ml]")]
    assert append_item("---\na: [x, y]\n---\n", "a", "z") == "---\na: [x, y, z]\n---\n"
    assert append_item("---\na: [x]\n---\n", "a", "z") == "---\na: [x, z]\n---\n"


def test_append_to_empty_flow_list():
    assert append_item("---\na: []  # none\n---\n", "a", "z") == "---\na: [z]  # none\n---\n"
    assert append_item("---\na: [ ]\n---\n", "a", "z") == "---\na: [z]\n---\n"


def test_append_to_multiline_flow_list():
    text = "---\na: [\n  x,\n  y,\n]\n---\n"
    assert append_item(text, "a", "z") == "---\na: [\n  x,\n  y,\n  z,\n]\n---\n"


def test_append_to_block_list_after_the_last_item_same_indentation():
    after = append_item(HAND_WRITTEN, "check_ins", "2026-10-23")
    assert "  - 2026-10-20\n  - 2026-10-23\n  # nothing after\n" in after
    assert append_item("---\na:\n- x\n---\n", "a", "y") == "---\na:\n- x\n- y\n---\n"
    crlf = "---\r\na:\r\n    -   x\r\nb: 1\r\n---\r\n"
    assert append_item(crlf, "a", "y") == "---\r\na:\r\n    -   x\r\n    -   y\r\nb: 1\r\n---\r\n"


def test_append_to_block_list_that_is_the_last_key():
    text = "---\na:\n  - x\n---\nbody\n"
    assert append_item(text, "a", "y") == "---\na:\n  - x\n  - y\n---\nbody\n"


def test_append_to_a_single_value_makes_a_flow_list():
    assert append_item("---\na: 2026-10-16  # one\n---\n", "a", "2026-10-20") == (
        "---\na: [2026-10-16, 2026-10-20]  # one\n---\n"
    )
    # a value that would mean something else inside [...] is quoted
    assert append_item("---\na: x, y\n---\n", "a", "z") == '---\na: ["x, y", z]\n---\n'


def test_append_to_absent_or_empty_key():
    assert append_item("---\nb: 1\n---\n", "a", "z") == "---\nb: 1\na: [z]\n---\n"
    assert append_item("---\na:\nb: 1\n---\n", "a", "z") == "---\na: [z]\nb: 1\n---\n"


def test_append_refuses_a_mapping():
    with pytest.raises(EditError):
        append_item(HAND_WRITTEN, "extra", "z")


# -- yaml_scalar -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Acme Corp", "Acme Corp"),
        ("Wanted deeper Kafka experience", "Wanted deeper Kafka experience"),
        ("https://example.com/jobs/1#apply", "https://example.com/jobs/1#apply"),
        ("Société Générale", "Société Générale"),
        ("Culture fit: unclear", '"Culture fit: unclear"'),
        ("more # than this", '"more # than this"'),
        ("#1 employer", '"#1 employer"'),
        ("- dash", '"- dash"'),
        ("yes", '"yes"'),
        ("No", '"No"'),
        ("null", '"null"'),
        ("2026-10-02", '"2026-10-02"'),
        ("01234", '"01234"'),
        ("1:30", '"1:30"'),
        (" padded ", '" padded "'),
        ('say "hi"\\now', 'say "hi"\\now'),
        ('"hi" \\ there', '"\\"hi\\" \\\\ there"'),
        ("two\nlines", '"two\\nlines"'),
        ("bell\x07", '"bell\\x07"'),
        ("\u202eevil", '"\\u202eevil"'),
    ],
)
def test_yaml_scalar(text, written):
    assert yaml_scalar(text) == written
    assert yaml.safe_load(f"k: {written}") == {"k": text}


def test_yaml_scalar_in_flow_quotes_brackets_and_commas():
    assert yaml_scalar("a, b", flow=True) == '"a, b"'
    assert yaml_scalar("[x]", flow=True) == '"[x]"'
    assert yaml_scalar("plain", flow=True) == "plain"


@given(st.text(max_size=40))
def test_yaml_scalar_always_reads_back(text):
    written = yaml_scalar(text)
    assert "\n" not in written and "\r" not in written
    assert yaml.safe_load(f"k: {written}") == {"k": text}
    written = yaml_scalar(text, flow=True)
    assert yaml.safe_load(f"k: [{written}]") == {"k": [text]}


@given(st.text(max_size=40))
def test_set_key_with_any_text_reads_back(text):
    after = set_key(HAND_WRITTEN, "feedback", yaml_scalar(text))
    front = after.split("---\n")[1]
    assert yaml.safe_load(front)["feedback"] == text
    assert after.endswith("---\ncompany: in the body\n")
