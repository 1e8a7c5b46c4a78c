"""YAML's syntax errors in plain words, at the line and column where the fix goes.

Each case is a front matter a person could type, the place an editor should jump to
(file lines, the opening `---` is line 1), words the message must hold (what is wrong and
what to type), and YAML's own words, kept at the end. Both readers (the plain accelerator
and PyYAML) must give the same diagnostic.
"""

from __future__ import annotations

import pytest

from jrnl_rej.reading import document, reader

CASES = [
    # (front matter lines, line, column, plain words, YAML's words)
    pytest.param("company: Acme\nrole: Engineer: Platform\napplied: 2026-10-02\n", 3, 7,
                 ["'role' holds ': '", "put the value in quotes", 'role: "Engineer: Platform"'],
                 "mapping values are not allowed in this context", id="colon-in-value"),
    pytest.param("company: Acme\nrole: Say \"hi\": now\napplied: 2026-10-02\n", 3, 7,
                 ["'role' holds ': '", "role: 'Say \"hi\": now'"],
                 "mapping values are not allowed", id="colon-in-value-with-quotes"),
    pytest.param("company: Acme\nrole: x\napplied: 2026-10-02\ntags:\n  - ml: nlp: search\n", 6, 5,
                 ["list item holds ': '", '- "ml: nlp: search"'],
                 "mapping values are not allowed", id="colon-in-list-item"),
    pytest.param("company: Acme\n\trole: x\napplied: 2026-10-02\n", 3, 1,
                 ["indented with a tab", "replace the tab with spaces"],
                 "found a tab character that violates indentation", id="tab-before-key"),
    pytest.param("company: Acme\nrole: x\napplied: 2026-10-02\ntags:\n\t- data\n", 6, 1,
                 ["indented with a tab", "replace the tab with spaces"],
                 "found character that cannot start any token", id="tab-before-item"),
    pytest.param("company: Acme\nrole: x\ntags:\n  - a\n \t- b\n", 6, 2,
                 ["indented with a tab"], "tab character", id="tab-after-spaces"),
    pytest.param("company: Acme\nrole Engineer\napplied: 2026-10-02\n", 3, 1,
                 ["'role Engineer' has no ':'", "add the colon"],
                 "could not find expected ':'", id="no-colon-middle"),
    pytest.param("company: Acme\napplied: 2026-10-02\nrole Engineer\n", 4, 1,
                 ["'role Engineer' has no ':'"], "could not find expected ':'", id="no-colon-last"),
    pytest.param("company Acme\nrole: x\napplied: 2026-10-02\n", 2, 1,
                 ["'company Acme' has no ':'", "add the colon"],
                 "mapping values are not allowed", id="no-colon-first"),
    pytest.param("company: Acme\n  role: x\napplied: 2026-10-02\n", 3, 1,
                 ["'role' is indented", "start it at the beginning of the line"],
                 "mapping values are not allowed", id="indented-key"),
    pytest.param('company: "Acme\nrole: x\n', 2, 10,
                 ["quote is never closed", "add the same quote"], "quoted scalar", id="open-quote"),
    pytest.param("company: [Acme\nrole: x\n", 2, 10,
                 ["'[' is never closed", "close it with ']'", "quotes"], "flow sequence", id="open-bracket"),
    pytest.param("company: @acme\nrole: x\napplied: 2026-10-02\n", 2, 10,
                 ["cannot start with '@'", "put the value in quotes"],
                 "cannot start any token", id="at-sign"),
]  # fmt: skip


def _read(text: str, fast: bool):
    saved = document._FAST_PATH
    document._FAST_PATH = fast
    try:
        return reader.read_text("a.md", text, False, None).diagnostics
    finally:
        document._FAST_PATH = saved


@pytest.mark.parametrize(("body", "line", "column", "plain", "words"), CASES)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_yaml_errors_are_told_in_plain_words_where_the_fix_goes(body, line, column, plain, words, newline):
    text = ("---\n" + body + "---\nNotes.\n").replace("\n", newline)
    found = _read(text, fast=True)
    assert found == _read(text, fast=False)  # the accelerator declines; PyYAML's answer is the one
    assert [(d.rule, d.line, d.column) for d in found] == [("front-matter", line, column)]
    message = found[0].message
    for piece in plain:
        assert piece in message
    before, _, yaml_part = message.partition(" (YAML says: ")
    assert words in yaml_part and words not in before  # YAML's words last, for experts
    assert message.endswith(")")


def test_an_error_with_no_plain_explanation_keeps_yaml_words_and_place():
    text = "---\ncompany: Acme\n- stray item\n---\n"
    [diag] = _read(text, fast=True)
    assert (diag.line, diag.column) == (3, 1)
    assert diag.message == "the front matter is not valid YAML: while parsing a block mapping, did not find expected key"


def test_check_prints_the_plain_words_at_the_line_and_column(journal, run):
    root = journal({"acme.md": "---\ncompany: Acme\nrole: Engineer: Platform\napplied: 2026-10-02\n---\n"},
                   config="")  # fmt: skip
    result = run(root, "check")
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith("acme.md:3:7: error front-matter: the value of 'role' holds ': '")
    assert 'role: "Engineer: Platform"' in first


_PIECES = ["key: ", "role: a: b", "\t", "  ", "- ", "[", "]", "{", "}", '"', "'", ":", "#", "@", "`", "\n", "x", "|", ">"]


def test_any_broken_front_matter_gets_one_diagnostic_and_never_an_exception():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_PIECES), max_size=30))
    def check(pieces):
        text = "---\n" + "".join(pieces) + "\n---\n"
        fast, slow = _read(text, fast=True), _read(text, fast=False)
        assert fast == slow
        for diag in fast:
            assert diag.line >= 1 and diag.column >= 1
            if diag.rule == "front-matter" and "YAML says" in diag.message:
                assert 2 <= diag.line <= text.count("\n")  # on a line of the front matter

    check()
