"""The hand-written composer for plain front matter gives exactly what PyYAML gives, or declines.

read_document tries plain.compose_plain first and falls back to PyYAML (document._compose_yaml).
Every test here reads the same text both ways (the second with document._FAST_PATH off) and
compares the whole Document (fields, every Entry and Scalar, key order) and the problems.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jrnl_rej.reading import document, plain, reader

REPO = Path(__file__).resolve().parents[2]


def _snapshot(result):
    doc, problems = result
    if doc is None:
        return None, problems
    fields = (doc.text, doc.bom, doc.newline, doc.body_start, doc.close_start)
    return (fields, list(doc.entries.items())), problems


def _slow(text: str, bom: bool = False):
    saved = document._FAST_PATH
    document._FAST_PATH = False
    try:
        return document.read_document(text, bom)
    finally:
        document._FAST_PATH = saved


def _handled(text: str) -> bool:
    """Whether the fast path composes this text's front matter (rather than declining)."""
    if not text.startswith("---"):
        return False
    yaml_start = text.find("\n") + 1
    if not yaml_start:
        return False
    closing = document.closing_line(text, yaml_start)
    if closing is None:
        return False
    return plain.compose_plain(text[yaml_start : closing[0]], yaml_start) is not None


def assert_same(text: str, bom: bool = False) -> bool:
    """Both paths agree on text; returns whether the fast path took it."""
    fast = document.read_document(text, bom)
    slow = _slow(text, bom)
    assert _snapshot(fast) == _snapshot(slow)
    if fast[0] is not None and slow[0] is not None:
        # and so does everything read from it (the Application and its diagnostics)
        a = reader.read_text("a.md", text, bom, None)
        saved = document._FAST_PATH
        document._FAST_PATH = False
        try:
            b = reader.read_text("a.md", text, bom, None)
        finally:
            document._FAST_PATH = saved
        assert a.application == b.application
        assert a.diagnostics == b.diagnostics
    return _handled(text)


def fm(body: str, tail: str = "---\nNotes.\n") -> str:
    return "---\n" + body + tail


# -- handcrafted -------------------------------------------------------------------------------

TYPICAL = """\
company: Wild Studio 1792
role: SRE
applied: 2026-11-19
source: LinkedIn
contact: Person 16
screen: Nov 24, 2026
status: open
tags: [remote, startup]
check-ins:
  - 2026-10-15
  - 2026-10-20
replied:
"""

# Shapes the fast path must take (and get right).
HANDLED = [
    TYPICAL,
    "company: Acme\n",
    "a: x  \n",  # trailing spaces after a value
    "a:\n",
    "a:    \n",  # an empty value with trailing spaces
    "a:\nb: 1\n",
    "a:\n\n\nb: 1\n",
    "a:\n- x\n- y\n",  # a list at the key's own indentation
    "a:\n  - x\n  -\n  -   \n  - y  \n",  # empty items
    "a:\n    - x\n    - y\nb: z\n",
    "a:\n  - x\n\n  - y\n\nb: z\n",  # blank lines inside and after a list
    "a:\n  - x\n   \n  - y\n",  # a line of spaces
    "a:\n\n  - y\n",
    "a:\n  - x\n",  # a list last: it ends at the end of the YAML
    "a:\n- x\n\n\n",
    "a: []\nb: [ ]\nc: [x]\nd: [ x ,y,  z  ]  \n",
    "a: [a - b, c -d, e  f, big-co, 2026-11-19, 1, yes, ~]\n",
    "a: ~\nb: null\nc: yes\nd: No\ne: on\nf: 0x1F\ng: .inf\nh: 14:30\ni: 01234\nj: 1_000\nk: =\nl: <<\n",
    "a: 2026-11-19\nb: 2026-1-9\nc: 2026-11-19 10:00\nd: 2026-11-19 10:00:00\ne: 2026-11-19T10:00:00Z\n",
    "a: Gekko & Co\nb: C# x\nc: a#b\nd: x*y &z !w\ne: Macy's\nf: a \"b\" c\n",
    "url: https://example.com/jobs/1?x=1&y=2\nb: a:b\nc: a, b [c] {d}\n",
    "a: Zürich ünï 😀 x\nb: [é, 😀]\nc:\n  - ü\n",
    "on: 1\ny: 2\nnull: 3\n_x: 4\njrnl-rej-ignore: [next-application]\n",
    "a: ...\nb: x --- y\n",
    "\n\ncompany: Acme\n\n",  # blank lines before and after
    "a:\n- x\n\nb: 1\n",  # a list at the key's indentation, then a blank line
    "a:\n- x\n-\nb:\n  - y\nc:\n",  # lists one after another
]  # fmt: skip


@pytest.mark.parametrize("body", HANDLED)
def test_fast_path_takes_plain_shapes_and_agrees(body):
    assert assert_same(fm(body))


TRICKY = [
    # quotes
    'company: "Acme"\n', "company: 'Acme'\n", 'tags: ["a", b]\n', "tags: [it's]\n", "a: 'x'y\n",
    # comments
    "company: Acme # x\n", "# comment\ncompany: A\n", "company: #x\n", "tags: [a] # c\n", "tags: [a#b]\n",
    "a:\n  - x # c\n", "a: x\n# c\n", "a:\n  # c\n  - x\n", "a: C #\n",
    # anchors and aliases
    "a: &x 1\nb: *x\n", "a: *x\n", "a: &x\n", "a: [*x]\n", "a:\n  - &x 1\n  - *x\n",
    # tags
    "a: !!str 1\n", "a: !x y\n", "a: ! y\n", "a: [!!str 1]\n", "a:\n  - !!int 1\n",
    # block scalars
    "a: |\n  x\n", "a: >\n  x\n", "a: |-\n  x\nb: 1\n", "a:\n  - |\n    x\n",
    # multi-line plain scalars, continuation lines
    "a: x\n  y\n", "a: x\n\n  y\n", "a:\n  x\n", "a:\n  - x\n    y\n", "a: x\ny\n", "a:\n  - x\n  y\n",
    "a: x\n - y\n", "a: x\n- y\n",
    # tabs
    "a:\tx\n", "a: x\t\n", "a:\n\t- x\n", "a: x\ty\n", "a: [x,\ty]\n", "a:\n  -\tx\n", "\ta: x\n",
    # nested and flow mappings, ? keys
    "a:\n  b: c\n", "a:\n  - b: c\n", "a: b: c\n", "a: {b: c}\n", "a: [{b: c}]\n", "a: {}\n",
    "? a\n: b\n", "a:\n  ? b\n", "a: ? b\n", "? [a]\n: b\n",
    # duplicate keys, merge keys
    "a: 1\na: 2\n", "a:\na:\n", "a:\n  - x\na: 1\n", "<<: {a: 1}\n", "<<: x\n", "a: 1\n<<: [x]\n",
    # keys that are not simple names
    "a b: c\n", '"a": b\n', "'a': b\n", "1: x\n", "2fa: x\n", "é: x\n", "-a: x\n", "a.b: c\n", "a :b\n",
    "a:b\n", "a : b\n", "[a]: b\n", "{a}: b\n", "a" * 1100 + ": x\n", "~: x\n", "a:: b\n",
    # document markers, directives
    "a: x\n...\n", "a: x\n--- y\n", "%YAML 1.1\na: x\n", "a: x\n...\nb: y\n", "--- a\n", "... x\n",
    # odd indentation
    " a: x\n", "  a: x\n  b: y\n", "a:\n  - x\n - y\n", "a:\n - x\nb: y\n  - z\n", "a:\n  - x\n    - y\n",
    "a: x\n b: y\n", "- x\n- y\n", "-\n", "a:\n  - - x\n", "a:\n  -x\n", "a:\n  --\n",
    # trailing spaces in odd places
    "a: x  \n  \n", "a:   \n  - x\n", "a:\n  - x  \n", "tags: [a , b ]  \n", "a: [a] \n",
    # non-ASCII, odd characters
    "a: x\u00a0\n", "a: \u2028x\n", "a: x\x85y\n", "a: \ufeffx\n", "\ufeffa: x\n", "a: x\x00y\n",
    "a: x\x7fy\n", "a: x\x0cy\n", "a: x\x1by\n", "a: \ue000\n", "a: \ud7ff\n", "a: x\u200by\n",
    "a: x\U0001f600\n", "a: x\x0by\n",
    # CR line endings inside
    "a: x\r\nb: y\r\n", "a: x\rb: y\n", "a:\r\n  - x\r\n", "a: x\r\n",
    # values with indicators
    *[f"a: {c}x\n" for c in "-?:,[]{}#&*!|>'\"%@`"],
    *[f"a:\n  - {c}x\n" for c in "-?:,[]{}#&*!|>'\"%@`"],
    *[f"a: [{c}x]\n" for c in "-?:,[]{}#&*!|>'\"%@`"],
    *[f"a: x{c}y\n" for c in "-?:,[]{}#&*!|>'\"%@`"],
    *[f"a: [x{c}y]\n" for c in "-?:,[]{}#&*!|>'\"%@`"],
    "a: x: y\n", "a: x:\n", "a: x #y\n", "a:\n  - x: y\n", "a:\n  - x:\n", "a: - x\n", "a: -\n",
    "a: ? x\n", "a: :x\n", "a: x :\n",
    # flow lists that are not one plain line
    "a: [a, [b]]\n", "a: [a,,b]\n", "a: [a, ]\n", "a: [a,]\n", "a: [, a]\n", "a: [,]\n", "a: [a\n",
    "a: [a] x\n", "a: [a]]\n", "a: [[a]\n", "a: [a: b]\n", "a: [http://x]\n", "a: [a,\n  b]\n",
    "a: [a], [b]\n", "a: [a ? b]\n", "a: [a #b]\n", "a: [a]#\n", "a: [a] #c\n", "a: []]\n",
    # errors and odd roots
    "a: [unclosed\nb: 1\n", "just text\n", "- a\n- b\n", "42\n", "a: x\n  b: y\n",
    # many keys
    "".join(f"k{i}: v\n" for i in range(1001)),
    "".join(f"k{i}:\n  - v\n" for i in range(1001)),
    # empties and the odd values the resolver decides
    "a: ''\n", 'a: ""\n', "a: [~, null, '']\n", "a: -.inf\n", "a: -1\n", "a: +1\n",
]  # fmt: skip


@pytest.mark.parametrize("body", TRICKY)
def test_tricky_front_matter_gets_the_pyyaml_answer(body):
    assert_same(fm(body))


@pytest.mark.parametrize(
    "text",
    [
        "---\r\ncompany: a\r\nrole: r\r\n---\r\n",  # CRLF file
        "--- \ncompany: a\n---\n",  # spaces after the opening ---
        "---\ncompany: a\n--- \nbody\n",
        "---\ncompany: a\n---",  # no line break after the closing ---
        "---\ncompany: a\n---\n---\nb: 1\n---\n",
        "---\ncompany: a\n",  # not closed
        "---\n---\n",
        "---\n  \n---\n",
        "---\n\n\n---\n",
        "---",
        "",
        "company: a\n",
    ],
)
def test_whole_files_get_the_pyyaml_answer(text):
    assert_same(text)
    assert_same(text, bom=True)


def test_example_journal_agrees():
    paths = sorted((REPO / "example-journal").rglob("*.md"))
    assert paths
    for path in paths:
        text, bom = document.decode(path.read_bytes())
        assert_same(text, bom)


def _generate(root: Path, files: int) -> list[str]:
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(root, files)
    return [document.decode(p.read_bytes())[0] for p in sorted(root.rglob("*.md")) if p.name != "INDEX.md"]


def test_generated_journal_agrees_and_mostly_takes_the_fast_path(tmp_path):
    texts = _generate(tmp_path / "j", 400)
    handled = sum(assert_same(text) for text in texts)
    # the broken files (about 1 in 200) and a few shapes go to PyYAML; the rest must not
    assert handled >= 0.97 * len(texts), (handled, len(texts))


def test_fast_path_fires_on_typical_files():
    assert _handled(fm(TYPICAL))
    doc, problems = document.read_document(fm(TYPICAL))
    assert problems == []
    assert doc.entries["check-ins"].value_kind == "list"
    assert [item.raw for item in doc.entries["tags"].items] == ["remote", "startup"]
    assert doc.entries["replied"].scalar.is_null


def test_slow_path_switch_really_switches(monkeypatch):
    calls = []
    real = plain.compose_plain

    def spy(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(document, "compose_plain", spy)
    _slow(fm(TYPICAL))
    assert calls == []
    document.read_document(fm(TYPICAL))
    assert len(calls) == 1


# -- property: generated front matter from a dangerous alphabet --------------------------------

_ALPHABET = " :#-[],'\"~aZ09é😀&*!|>%@`{}?./_"  # indicators and separators the fast path must respect
_RARE = "\t\u00a0\u2028\x85\ufeff\r\x00"  # characters it must decline
_TOKENS = [
    "", "x", "Acme Corp", "yes", "no", "No", "on", "off", "y", "n", "~", "null", "Null", "true", "0", "1",
    "-1", "012", "0x1F", "1.5", ".inf", "1e3", "14:30", "2026-11-19", "2026-1-9", "2026-11-19 10:00",
    "2026-11-19 10:00:00", "2026-02-30", "Nov 24, 2026", "a: b", "a #b", "a#b", "C#", "a:b", "-", "- x",
    "[a]", "[a, b]", "[]", "{}", "'q'", '"q"', "&a", "*a", "!x", "|", ">", "%", "@", "`", "?", "é", "😀",
    "a  b", "https://x.y/z", "=", "<<", "...", "---",
]  # fmt: skip
_ODD_KEYS = ["on", "y", "null", "1", "a b", "é", "<<", "-a", "_", "a.b", "? a", "'a'", "a" * 1030]

_text = st.one_of(st.text(alphabet=_ALPHABET, max_size=10), st.text(alphabet=_ALPHABET + _RARE, max_size=6))
_word = st.text(alphabet="aZ09é😀._/", min_size=1, max_size=5)
_inner = st.sampled_from(
    [":", ": ", "#", " #", "-", " - ", " -", ",", ", ", "[", "]", "'", '"', "&", " &", "*", " *", "!", " !", "|",
     ">", "%", "@", "`", "{", "}", "?", " ?", "  ", " ", "~", "\t", "\u00a0", "\u2028"]
)  # fmt: skip
_piece = st.one_of(
    st.sampled_from(_TOKENS),
    _word,
    st.tuples(_word, _inner, _word).map("".join),
    st.tuples(_word, _inner).map("".join),
    _text,
)
_scalar = st.one_of(_piece, st.tuples(_piece, _piece).map("".join), st.tuples(_piece, _piece).map(" ".join))
_flow = st.lists(_piece, max_size=4).flatmap(
    lambda items: st.sampled_from([", ", ",", " , ", ",  "]).map(lambda sep: "[" + sep.join(items) + "]")
)
_value = st.one_of(_scalar, _flow)
_name = st.from_regex(r"[a-z_][a-z0-9_-]{0,6}", fullmatch=True)
_key = st.one_of(_name, _name, _name, st.sampled_from(_ODD_KEYS))
_gap = st.sampled_from([" "] * 6 + ["", "  ", "\t"])
_trail = st.sampled_from([""] * 6 + [" ", "  ", "\t"])
_colon = st.sampled_from([":"] * 8 + [" :", "::"])
_key_line = st.tuples(_key, _colon, _gap, _value, _trail).map("".join)
_empty_key_line = st.tuples(_key, st.just(":"), _trail).map("".join)
_indent = st.sampled_from(["", "  ", "  ", "    ", " ", "\t"])
_item_line = st.tuples(_indent, st.just("-"), _gap, _scalar, _trail).map("".join)
_items = st.lists(st.tuples(_gap, _scalar, _trail).map("".join), min_size=1, max_size=4)
_list = st.one_of(
    st.tuples(_empty_key_line, _indent, _items).map(lambda t: [t[0], *(f"{t[1]}-{item}" for item in t[2])]),
    st.tuples(_empty_key_line, st.lists(_item_line, min_size=1, max_size=3)).map(lambda t: [t[0], *t[1]]),
)
_clean_piece = st.one_of(_word, st.tuples(_word, _inner, _word).map("".join), st.sampled_from(_TOKENS))
_clean_flow = st.lists(_clean_piece, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
_clean_group = st.one_of(
    st.tuples(_name, st.just(": "), _clean_piece).map(lambda t: ["".join(t)]),
    st.tuples(_name, st.just(": "), _clean_flow).map(lambda t: ["".join(t)]),
    st.tuples(_name, st.sampled_from(["", "  ", "    "]), st.lists(_clean_piece, min_size=1, max_size=3)).map(
        lambda t: [f"{t[0]}:", *(f"{t[1]}- {item}" for item in t[2])]
    ),
    st.tuples(_name, st.just(":")).map(lambda t: ["".join(t)]),
)
_any_group = st.one_of(
    _key_line.map(lambda line: [line]),
    _empty_key_line.map(lambda line: [line]),
    _list,
    _item_line.map(lambda line: [line]),
    st.sampled_from([[""], ["  "], ["#"], ["..."], ["-"], ["  x"]]),
    _text.map(lambda line: [line]),
)
_group = st.one_of(_clean_group, _clean_group, _clean_group, _any_group)
_lines = st.one_of(
    st.lists(_group, min_size=1, max_size=7, unique_by=lambda group: group[0].partition(":")[0].strip()),
    st.lists(_group, min_size=1, max_size=4),  # keys may repeat
).map(lambda groups: [line for group in groups for line in group])


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=_lines, newline=st.sampled_from(["\n"] * 8 + ["\r\n", "\r"]))
@example(lines=["a:", "  - x", "  - y", "b: [c, d]"], newline="\n")
@example(lines=["a: x\u00a0"], newline="\n")
def test_generated_front_matter_gets_the_pyyaml_answer(lines, newline):
    assert_same("---\n" + newline.join(lines) + newline + "---\n")


@settings(max_examples=300, deadline=None)
@given(
    keys=st.lists(st.sampled_from(["company", "role", "applied", "tags", "check_ins", "replied", "x-y"]), min_size=1),
    values=st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(alphabet="aZ09 -./é", max_size=8)), min_size=8),
    indent=st.sampled_from(["", "  ", "    "]),
)
def test_plain_front_matter_is_mostly_taken_and_agrees(keys, values, indent):
    """A narrower generator of well-formed notes, so the agreement is tested where the fast path fires."""
    lines, it = [], iter(values * 4)
    for n, key in enumerate(dict.fromkeys(keys)):
        shape = n % 3
        if shape == 0:
            lines.append(f"{key}: {next(it)}".rstrip(" ") if n % 2 else f"{key}:")
        elif shape == 1:
            lines.append(f"{key}: [{', '.join(v for v in (next(it), next(it)) if v.strip())}]")
        else:
            lines.append(f"{key}:")
            lines += [f"{indent}- {next(it)}" for _ in range(2)]
    assert_same("---\n" + "\n".join(lines) + "\n---\n")


# -- the closing --- line, found by hand: what the regex it replaced finds ----------------------

_CLOSING = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)


def _by_regex(text: str, start: int):
    found = _CLOSING.search(text, start)
    return None if found is None else (found.start(), found.end())


@settings(max_examples=3000, deadline=None)
@given(text=st.text(alphabet="-\n\r \tax", max_size=30), start=st.integers(0, 31))
@example(text="a\n---\r\n", start=2)
@example(text="---", start=0)
@example(text="x---\n---", start=1)
def test_the_closing_line_is_the_one_the_regex_finds(text, start):
    start = min(start, len(text))
    assert document.closing_line(text, start) == _by_regex(text, start)
