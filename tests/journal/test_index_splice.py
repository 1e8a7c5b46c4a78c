"""Tests for jrnl_rej.journal.splice: where the section goes, what stays, and broken markers."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jrnl_rej.core.errors import JrnlError
from jrnl_rej.journal.splice import (
    BEGIN,
    END,
    MarkerError,
    extract,
    index_is_current,
    splice,
    write_index,
)

SECTION = "## Patterns\n\nnone yet\n\n## Revisit\n\nnothing\n"
B, E = BEGIN.encode(), END.encode()
BOM = b"\xef\xbb\xbf"
SEC = SECTION.encode()
SEC_CRLF = SECTION.replace("\n", "\r\n").encode()

# (case, old file bytes or None, expected bytes after splice)
CASES = [
    ("missing file", None, b"# Job search\n\n" + B + b"\n" + SEC + E + b"\n"),
    ("empty file", b"", B + b"\n" + SEC + E + b"\n"),
    ("no markers", b"# Mine\n", b"# Mine\n\n" + B + b"\n" + SEC + E + b"\n"),
    ("no markers, no final newline", b"# Mine", b"# Mine\n\n" + B + b"\n" + SEC + E + b"\n"),
    (
        "no markers, ends with blank line",
        b"# Mine\n\n",
        b"# Mine\n\n" + B + b"\n" + SEC + E + b"\n",
    ),
    (
        "no markers, CRLF",
        b"# Mine\r\nnotes\r\n",
        b"# Mine\r\nnotes\r\n\r\n" + B + b"\r\n" + SEC_CRLF + E + b"\r\n",
    ),
    (
        "no markers, CRLF, no final newline",
        b"# Mine\r\nnotes",
        b"# Mine\r\nnotes\r\n\r\n" + B + b"\r\n" + SEC_CRLF + E + b"\r\n",
    ),
    ("no markers, BOM", BOM + b"# Mine\n", BOM + b"# Mine\n\n" + B + b"\n" + SEC + E + b"\n"),
    (
        "pair, text before and after",
        b"# Mine\n\n" + B + b"\nold stuff\n" + E + b"\n\nafter\n",
        b"# Mine\n\n" + B + b"\n" + SEC + E + b"\n\nafter\n",
    ),
    (
        "pair, trailing text without final newline",
        B + b"\n" + E + b"\ntrailing",
        B + b"\n" + SEC + E + b"\ntrailing",
    ),
    ("pair, end marker is last byte", B + b"\nx\n" + E, B + b"\n" + SEC + E),
    (
        "pair, CRLF",
        b"# Mine\r\n" + B + b"\r\nold\r\n" + E + b"\r\nafter\r\n",
        b"# Mine\r\n" + B + b"\r\n" + SEC_CRLF + E + b"\r\nafter\r\n",
    ),
    (
        "pair, begin line CRLF in an LF file",
        b"a\nb\nc\n" + B + b"\r\nold\n" + E + b"\n",
        b"a\nb\nc\n" + B + b"\r\n" + SEC_CRLF + E + b"\n",
    ),
    (
        "pair, markers indented and with trailing spaces",
        b"  " + B + b" \t\nold\n\t" + E + b"  \n",
        b"  " + B + b" \t\n" + SEC + b"\t" + E + b"  \n",
    ),
    (
        "pair, BOM and marker on line 1",
        BOM + B + b"\nold\n" + E + b"\n",
        BOM + B + b"\n" + SEC + E + b"\n",
    ),
    (
        "marker text inside a line is not a marker",
        b"see " + B + b" here\n",
        b"see " + B + b" here\n\n" + B + b"\n" + SEC + E + b"\n",
    ),
]


@pytest.mark.parametrize(("case", "old", "expected"), CASES, ids=[c[0] for c in CASES])
def test_splice_cases(case, old, expected):
    result = splice(old, SECTION)
    assert result == expected
    assert splice(result, SECTION) == result  # idempotent
    assert extract(result) == SECTION


@pytest.mark.parametrize(("case", "old", "expected"), CASES, ids=[c[0] for c in CASES])
def test_write_index_cases(tmp_path, case, old, expected):
    path = tmp_path / "INDEX.md"
    if old is not None:
        path.write_bytes(old)
    assert index_is_current(path, SECTION) is False
    assert write_index(path, SECTION) is True
    assert path.read_bytes() == expected
    assert index_is_current(path, SECTION) is True
    mtime = os.stat(path).st_mtime_ns
    assert write_index(path, SECTION) is False
    assert os.stat(path).st_mtime_ns == mtime


# (case, file bytes, expected message start)
BROKEN = [
    ("begin without end", b"# x\n" + B + b"\nstuff\n", "INDEX.md:2: a begin marker with no end"),
    ("end without begin", b"# x\n\n" + E + b"\n", "INDEX.md:3: an end marker with no begin"),
    (
        "two begins",
        B + b"\n" + B + b"\n" + E + b"\n",
        "INDEX.md:2: a second begin marker; the first is on line 1",
    ),
    (
        "two ends",
        B + b"\n" + E + b"\n\n" + E + b"\n",
        "INDEX.md:4: a second end marker; the first is on line 2",
    ),
    (
        "end before begin",
        b"x\n" + E + b"\n" + B + b"\n",
        "INDEX.md:2: the end marker comes before the begin marker on line 3",
    ),
    (
        "two pairs",
        B + b"\n" + E + b"\n" + B + b"\n" + E + b"\n",
        "INDEX.md:3: a second begin marker",
    ),
    (
        "CRLF begin without end",
        b"a\r\nb\r\n" + B + b"\r\n",
        "INDEX.md:3: a begin marker with no end",
    ),
]


@pytest.mark.parametrize(("case", "old", "message"), BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_markers_write_nothing(tmp_path, case, old, message):
    path = tmp_path / "INDEX.md"
    path.write_bytes(old)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    for call in (write_index, index_is_current):
        with pytest.raises(MarkerError) as info:
            call(path, SECTION)
        assert str(info.value).startswith(message)
        assert "\n" not in str(info.value)
    with pytest.raises(MarkerError):
        extract(old)
    assert path.read_bytes() == old
    assert os.stat(path).st_mtime_ns == 1_000_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["INDEX.md"]


def test_not_utf8_is_refused(tmp_path):
    path = tmp_path / "INDEX.md"
    old = b"# Caf\xe9\n"
    path.write_bytes(old)
    with pytest.raises(JrnlError, match="INDEX.md is not UTF-8 text; not touching it"):
        write_index(path, SECTION)
    assert path.read_bytes() == old


def test_section_with_marker_is_a_bug():
    with pytest.raises(ValueError):
        splice(b"", "text " + END + "\n")
    with pytest.raises(ValueError):
        splice(None, BEGIN)


def test_extract_without_markers_is_none():
    assert extract(b"# just notes\n") is None


def test_section_is_replaced_when_it_changes():
    first = splice(b"top\n", SECTION)
    second = splice(first, "## Patterns\n## Revisit\n")
    assert second == b"top\n\n" + B + b"\n## Patterns\n## Revisit\n" + E + b"\n"


def test_section_without_final_newline_gets_one():
    assert extract(splice(None, "## Patterns")) == "## Patterns\n"


# --- property test -------------------------------------------------------------------

free_text = st.text().filter(lambda s: BEGIN not in s and END not in s)
newline = st.sampled_from(["\n", "\r\n"])


@st.composite
def lines(draw):
    """Text made of lines, each ended by LF or CRLF at random."""
    parts = draw(st.lists(st.tuples(free_text, newline), max_size=6))
    return "".join(text + nl for text, nl in parts)


@given(before=lines(), old_inner=lines(), after=free_text, section=free_text, nl=newline)
def test_bytes_outside_markers_are_kept(before, old_inner, after, section, nl):
    head = (before + BEGIN + nl).encode()
    tail = (END + nl + after).encode()
    old = head + old_inner.encode() + tail
    once = splice(old, section)
    assert once.startswith(head)
    assert once.endswith(tail)
    assert splice(once, section) == once
    expected = section if section.endswith("\n") or not section else section + "\n"
    assert extract(once) == expected.replace("\r\n", "\n")


@given(text=free_text, section=free_text)
def test_append_keeps_every_byte_and_is_idempotent(text, section):
    old = text.encode()
    once = splice(old, section)
    assert once.startswith(old)
    assert splice(once, section) == once
