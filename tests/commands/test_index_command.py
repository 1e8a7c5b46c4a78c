"""`jrnl-rej index`: the generated section, where it goes, what stays, and hostile file text."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from datetime import date
from html import unescape
from urllib.parse import unquote

import pytest
from conftest import TODAY, app_file
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from jrnl_rej.journal.splice import BEGIN, END
from jrnl_rej.outputs.section import md_cell, md_text
from jrnl_rej.reading.links import link_text

try:  # what GitHub renders Markdown with; in the `test` extra
    import cmarkgfm
except ImportError:  # pragma: no cover
    cmarkgfm = None

needs_cmarkgfm = pytest.mark.skipif(cmarkgfm is None, reason="cmarkgfm (GitHub's Markdown renderer) not installed")

B, E = BEGIN.encode(), END.encode()
BOM = b"\xef\xbb\xbf"

FILES = {
    "acme.md": app_file(company="Acme", role="Data Engineer", applied="2026-06-01",
                        final_round="2026-07-01", status="rejected", rejected="2026-07-10",
                        replied="2026-07-11", feedback="Wanted deeper Kafka experience"),
    "jobs/bolt co (2).md": app_file(company="Bolt", role="Analyst", applied="2026-10-01",
                                    hiring_manager="2026-10-15", status="rejected",
                                    rejected="2026-11-24"),
    "cora.md": app_file(company="Cora", role="Analyst", applied="2026-11-01"),
}  # fmt: skip


def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def section_of(data: bytes) -> str:
    text = data.decode("utf-8-sig")
    return text.split(BEGIN, 1)[1].split(END, 1)[0]


def index(run, root, *args):
    return run(root, "index", *args)


# -- where the section goes ---------------------------------------------------------------------


def test_creates_the_index_when_missing(journal, run):
    root = journal(FILES)
    result = index(run, root)
    assert result.exit_code == 0
    assert result.stderr == "Updated INDEX.md\n"
    data = (root / "INDEX.md").read_bytes()
    assert data.startswith(b"# Job search\n\n" + B + b"\n")
    assert data.endswith(b"\n" + E + b"\n")
    section = section_of(data)
    for heading in ("## What needs doing now", "## Patterns", "## Revisit", "```mermaid"):
        assert f"\n{heading}\n" in section
    assert b"\r" not in data
    assert (
        "- Send **Bolt** (Analyst) a short thank-you by 2026-11-25. [bolt co \\(2\\).md](jobs/bolt%20co%20%282%29.md)\n"
    ) in section
    assert "| Acme | Data Engineer | final round | 2026-07-10 | 2026-10-10 to 2027-01-10 | open now |" in section
    assert "When we spoke in July about the Data Engineer role" in section


def test_appends_when_there_are_no_markers(journal, run):
    root = journal(FILES)
    mine = b"# My search\r\n\r\nNotes I keep by hand.\r\n"
    (root / "INDEX.md").write_bytes(mine)
    assert index(run, root).exit_code == 0
    data = (root / "INDEX.md").read_bytes()
    assert data.startswith(mine + b"\r\n" + B + b"\r\n")
    assert data.endswith(E + b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (BOM + b"# Mine\r\n\r\n", b"\r\ntrailing notes"),  # CRLF, BOM, no final newline
        (b"# Mine\n", b"\nafter\n\n"),
        (b"", b""),  # the end marker is the very last thing
    ],
)
def test_replaces_only_between_the_markers(journal, run, before, after):
    root = journal(FILES)
    nl = b"\r\n" if b"\r\n" in before + after else b"\n"
    (root / "INDEX.md").write_bytes(before + B + nl + b"old section" + nl + E + after)
    assert index(run, root).exit_code == 0
    data = (root / "INDEX.md").read_bytes()
    assert data.startswith(before + B + nl)
    assert data.endswith(nl + E + after)
    inner = data[len(before + B + nl) : len(data) - len(E + after)]
    assert b"old section" not in inner and b"## Patterns" in inner
    if nl == b"\r\n":
        assert inner.count(b"\n") == inner.count(b"\r\n")


def test_second_run_does_not_write(journal, run):
    root = journal(FILES)
    assert index(run, root).exit_code == 0
    path = root / "INDEX.md"
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # an old mtime shows any rewrite
    inode = path.stat().st_ino
    result = index(run, root)
    assert result.exit_code == 0
    assert result.stderr == "INDEX.md is up to date\n"
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert path.stat().st_ino == inode


def test_keeps_the_file_mode(journal, run):
    root = journal(FILES)
    path = root / "INDEX.md"
    path.write_text("# Mine\n")
    path.chmod(0o640)
    index(run, root)
    assert path.stat().st_mode & 0o777 == 0o640


def test_index_changes_when_the_journal_does(journal, run):
    root = journal(FILES)
    index(run, root)
    first = (root / "INDEX.md").read_bytes()
    (root / "dune.md").write_text(app_file(company="Dune", role="Lead", applied="2026-11-20"))
    result = index(run, root)
    assert result.stderr == "Updated INDEX.md\n"
    assert (root / "INDEX.md").read_bytes() != first
    assert b"from 4 applications" in (root / "INDEX.md").read_bytes()


def test_index_file_in_a_folder_links_back_up(journal, run):
    root = journal(FILES, config='index = "notes/INDEX.md"\n')
    (root / "notes").mkdir()
    result = index(run, root)
    assert result.exit_code == 0
    assert result.stderr == "Updated notes/INDEX.md\n"
    tokens = markdown().parse((root / "notes" / "INDEX.md").read_text())
    hrefs = [t.attrGet("href") for t in _inline_children(tokens) if t.type == "link_open"]
    assert hrefs and all(h.startswith("../") for h in hrefs)
    assert all((root / "notes" / unquote(h)).resolve().is_file() for h in hrefs)


# -- index --check ------------------------------------------------------------------------------


def test_check_on_a_missing_index_fails_and_creates_nothing(journal, run):
    root = journal(FILES)
    result = index(run, root, "--check")
    assert result.exit_code == 1
    assert result.stderr == "INDEX.md is out of date; run jrnl-rej index\n"
    assert not (root / "INDEX.md").exists()


def test_check_passes_when_current_and_fails_when_stale(journal, run):
    root = journal(FILES)
    index(run, root)
    assert index(run, root, "--check").exit_code == 0
    stale = (root / "INDEX.md").read_bytes().replace(b"## Revisit", b"## Old")
    (root / "INDEX.md").write_bytes(stale)
    result = index(run, root, "--check")
    assert result.exit_code == 1
    assert (root / "INDEX.md").read_bytes() == stale
    # A new day is a new section: the index depends on today.
    index(run, root)
    assert run(root, "index", "--check", today="2026-11-26").exit_code == 1


@pytest.mark.parametrize(
    "content",
    [
        B + b"\nno end\n",
        E + b"\n" + B + b"\n",
        B + b"\n" + B + b"\n" + E + b"\n",
        B + b"\n" + E + b"\n" + E + b"\n",
    ],
    ids=["begin only", "end first", "two begins", "two ends"],
)
@pytest.mark.parametrize("check", [False, True])
def test_broken_markers_exit_2_and_touch_nothing(journal, run, content, check):
    root = journal(FILES)
    path = root / "INDEX.md"
    path.write_bytes(content)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    result = index(run, root, *(["--check"] if check else []))
    assert result.exit_code == 2
    assert result.stderr.startswith("jrnl-rej: INDEX.md:")
    assert result.stderr.count("\n") == 1
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == []


def test_index_that_is_not_utf8_exits_2(journal, run):
    root = journal(FILES)
    (root / "INDEX.md").write_bytes(b"\xff\xfe# Mine\n")
    result = index(run, root)
    assert result.exit_code == 2
    assert (root / "INDEX.md").read_bytes() == b"\xff\xfe# Mine\n"


# -- determinism ----------------------------------------------------------------------------------


def test_same_journal_and_day_give_the_same_bytes(journal, run, tmp_path):
    root = journal(FILES)
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    index(run, root)
    index(run, copy)
    first = (root / "INDEX.md").read_bytes()
    assert (copy / "INDEX.md").read_bytes() == first
    (root / "INDEX.md").unlink()
    index(run, root)
    assert (root / "INDEX.md").read_bytes() == first


def test_empty_journal_still_has_the_headings(journal, run):
    root = journal({})
    assert index(run, root).exit_code == 0
    section = section_of((root / "INDEX.md").read_bytes())
    assert "## Patterns" in section and "## Revisit" in section
    assert "```mermaid" not in section


def test_skipped_files_are_counted_and_named(journal, run):
    root = journal({**FILES, "broken one.md": app_file(company="X", applied="2026-10-01")})
    index(run, root)
    section = section_of((root / "INDEX.md").read_bytes())
    assert "1 file with errors is left out until fixed: [broken one.md](broken%20one.md)" in section


# -- hostile text -------------------------------------------------------------------------------

HOSTILE = [
    "A|B",
    "<script>alert(1)</script>",
    "[x](http://evil)",
    "<!-- jrnl-rej:end -->",
    "\x1b[31mRed",
    "\u202eevil",
    "![img](http://evil/x.png)",
    "back\\slash|pipe\\|",
    "`code` **bold** _it_ ~~gone~~ ==mark== %%hidden%% $x$ #tag ^block",
    "line\nbreak\r\nand\u2028more",
    "&lt;b&gt; &#x3C;!-- www.evil.com https://evil.example <http://x> a@b.co",
    "[[Wiki link]] [ref]: http://evil",
]


def _yaml_quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    escaped = escaped.replace("\x1b", "\\e").replace("\u202e", "\\u202e").replace("\u2028", "\\L")
    return f'"{escaped}"'


def _inline_children(tokens):
    for token in tokens:
        yield token
        yield from token.children or ()


def _hostile_journal(journal):
    files = {}
    for i, name in enumerate(HOSTILE):
        files[f"h{i} <x>.md"] = app_file(
            company=_yaml_quoted(name), role=_yaml_quoted(name), applied="2026-06-01",
            final_round="2026-07-01", status="rejected", rejected="2026-11-24",
            feedback=_yaml_quoted(name),
        )  # fmt: skip
    return journal(files)


def test_hostile_file_text_stays_plain_text(journal, run):
    root = _hostile_journal(journal)
    result = index(run, root)
    assert result.exit_code == 0, result.output
    data = (root / "INDEX.md").read_text(encoding="utf-8")
    assert data.count(BEGIN) == 1 and data.count(END) == 1
    assert "\x1b" not in data and "\u202e" not in data and "\u2028" not in data

    # The marker lines are the only HTML in the file; the section holds none.
    tokens = markdown().parse(section_of(data.encode()))
    assert not [t for t in _inline_children(tokens) if t.type in ("html_inline", "html_block", "image")]
    # The only links are the ones to the application files.
    files = {f"h{i} <x>.md" for i in range(len(HOSTILE))}
    hrefs = [t.attrGet("href") for t in _inline_children(tokens) if t.type == "link_open"]
    assert hrefs and {unquote(h) for h in hrefs} == files

    # Every table row has as many cells as its header.
    tables = 0
    widths: list[int] = []
    for token in tokens:
        if token.type == "table_open":
            tables += 1
            widths = []
        elif token.type == "tr_open":
            widths.append(0)
        elif token.type in ("th_open", "td_open"):
            widths[-1] += 1
        elif token.type == "table_close":
            assert len(set(widths)) == 1, widths
    assert tables >= 1

    # The revisit table shows each name as plain text, as written (control characters as spaces).
    start = next(i for i, t in enumerate(tokens) if t.type == "inline" and t.content == "Company")
    rows = [t for t in tokens[start:] if t.type == "tr_open"]
    assert len(rows) == len(HOSTILE)  # the body rows
    cells = []
    for i, token in enumerate(tokens[start:], start):
        if token.type == "tr_open" and tokens[i + 1].type == "td_open":
            first_cell = tokens[i + 2]
            assert {c.type for c in first_cell.children} <= {"text"}
            cells.append("".join(c.content for c in first_cell.children))
    # (a wikilink reads as the text Obsidian shows: `[[Wiki link]]` is Wiki link)
    assert sorted(cells) == sorted(_readable(link_text(name)) for name in HOSTILE)

    # Bare addresses cannot turn into links on GitHub or in Obsidian either.
    section = section_of(data.encode())
    assert not re.search(r"[^\\]://", section) and "www." not in section.lower()


def test_hostile_index_is_stable_and_passes_check(journal, run):
    root = _hostile_journal(journal)
    index(run, root)
    first = (root / "INDEX.md").read_bytes()
    assert index(run, root).stderr == "INDEX.md is up to date\n"
    assert index(run, root, "--check").exit_code == 0
    assert (root / "INDEX.md").read_bytes() == first


# What GitHub's email autolink reads back from an `@`: letters, digits and `.+-_` (and `:` of `mailto:`).
_EMAIL_BEFORE_AT = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_:")


def _readable(text: str) -> str:
    """`_plain`, with each `@` that could end an email address shown as a full-width `＠`."""
    plain = _plain(text)
    return "".join(
        "\uff20" if ch == "@" and (i == 0 or plain[i - 1] in _EMAIL_BEFORE_AT) else ch for i, ch in enumerate(plain)
    )


def _plain(text: str) -> str:
    """What a reader should see: the text on one line, control characters as spaces."""
    emoji_parts = {"\u200c", "\u200d", *map(chr, range(0xE0020, 0xE0080))}
    kept = "".join(
        " "
        if ch.isspace()
        or (unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") and ch not in emoji_parts)
        else ch
        for ch in text
    )
    return " ".join(kept.split())


def _rendered_text(source: str) -> tuple[str, set[str]]:
    tokens = markdown().parse(source)
    kinds = {t.type for t in _inline_children(tokens)}
    paragraph = [t for t in tokens if t.type == "inline"]
    return "".join(c.content for t in paragraph for c in t.children or () if c.type == "text"), kinds


@settings(max_examples=300, deadline=None)
@given(st.text())
@example("&lt;b&gt; &#60; &amp;")
@example("`code` ``two``")
@example("[a] [b][] [[c]] ![d](e)")
@example("<b> <!-- x --> <http://x> </a>")
@example("*a* **b** _c_ ~~d~~ \\*e\\*")
@example("a|b \\| c\\\\|d")
@example("\U0001f469\u200d\U0001f4bb \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f")
def test_md_text_renders_as_the_same_plain_text(text):
    text_out, kinds = _rendered_text("Name: " + md_text(text))
    assert kinds <= {"paragraph_open", "paragraph_close", "inline", "text"}
    expected = "Name: " + " ".join(_readable(text).split())
    assert " ".join(text_out.split()) == expected.strip()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=4))
def test_md_cell_never_changes_the_table_shape(cells):
    row = "| " + " | ".join(md_cell(c) or " " for c in cells) + " |"
    header = "| " + " | ".join(f"h{i}" for i in range(len(cells))) + " |"
    source = "\n".join([header, "|" + "---|" * len(cells), row, ""])
    tokens = markdown().parse(source)
    assert [t.type for t in tokens].count("td_open") == len(cells)
    contents = [t.content for t in tokens if t.type == "inline"][len(cells) :]
    kinds = {c.type for t in tokens if t.type == "inline" for c in t.children or ()}
    assert kinds <= {"text"}
    rendered = ["".join(c.content for c in t.children) for t in tokens if t.type == "inline"][len(cells) :]
    assert [" ".join(r.split()) for r in rendered] == [" ".join(_readable(c).split()) for c in cells]
    assert len(contents) == len(cells)


def _md_text_one_character_at_a_time(text: object) -> str:
    """md_text as it was first written, one character at a time: the reference the fast one
    must match byte for byte."""

    def is_break(ch: str) -> bool:
        if ch.isspace():
            return True
        category = unicodedata.category(ch)
        if category == "Cf":
            return ch not in "\u200c\u200d" and not "\U000e0020" <= ch <= "\U000e007f"
        return category in ("Cc", "Zl", "Zp", "Cs", "Co", "Cn")

    special = set("\\`*_[]()<>#!|~$%&=^@{}")
    words = "".join(" " if is_break(ch) else ch for ch in str(text))
    words = re.sub(" +", " ", words).strip()
    words = "".join(
        "\uff20" if ch == "@" and (i == 0 or words[i - 1] in _EMAIL_BEFORE_AT) else ch for i, ch in enumerate(words)
    )
    escaped = "".join("\\" + ch if ch in special else ch for ch in words)
    escaped = escaped.replace("://", "\\://")
    return re.sub(r"(?i)(www)\.", r"\1\\.", escaped)


# Text made mostly of what md_text acts on: punctuation, spaces of every kind, controls,
# format characters, URL and www pieces, emoji joiners, surrogates and unassigned code points.
_PIECES = [
    *"\\`*_[]()<>#!|~$%&=^@{}:/.-' \t\n\r\x0b\x0c\x1c\x7f\x85\xa0",
    "://", "www.", "WwW.", "awww.", "_www.", "http://x", "  ", "\u200b", "\u200d", "\u202e",
    "\u2028", "\u3000", "\ufeff", "\ud800", "\ue000", "\U000e0067", "\U000e007f", "\u0378",
    "\U0001f469", "é", "Ö", "a@b.co", "@x.io", "mailto:", "xmpp:", "ftp://", "_", ".com",
]  # fmt: skip
_TRICKY = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), _TRICKY))
@example("Acme Corp")
@example("  Acme   Corp  ")
@example("www.acme.com and WWW.x, awww.y, _www.z")
@example("https://acme.example/jobs?id=1")
@example("Ünïcode\u00a0name\u2003with\u200bbreaks")
def test_md_text_fast_path_gives_the_same_bytes_as_before(text):
    assert md_text(text) == _md_text_one_character_at_a_time(text)


def test_md_text_of_values_that_are_not_text():
    for value in (2026, 3.5, None, True):
        assert md_text(value) == _md_text_one_character_at_a_time(value)


def test_lines_kept_between_renders_give_the_same_section_as_a_fresh_render(journal):
    """What a watcher does: render after every change, reusing the lines that stayed the same."""
    from jrnl_rej.core.config import Config
    from jrnl_rej.core.patterns import build_report
    from jrnl_rej.journal.memo import check_journal
    from jrnl_rej.outputs.section import Lines, index_section, render_section

    root = journal(dict(FILES, **{"hostile.md": app_file(company="'[x](http://e)'", role="'<b>'", applied="2026-06-01",
                                                          final_round="2026-07-01", status="rejected",
                                                          rejected="2026-07-10", feedback="'*loud*'")}))  # fmt: skip
    lines = Lines()
    edits = [
        ("cora.md", app_file(company="Cora", role="Lead", applied="2026-11-01")),
        ("acme.md", FILES["acme.md"].replace("Kafka", "Flink")),
        ("acme.md", FILES["acme.md"].replace("2026-07-10", "2026-08-10")),
        ("hostile.md", None),
        ("dune.md", app_file(company="Dune", role="Analyst", applied="2026-11-24", status="rejected",
                             rejected="2026-11-24", feedback="Too junior")),
    ]  # fmt: skip
    for name, content in [(None, ""), *edits]:
        if name is not None and content is None:
            (root / name).unlink()
        elif name is not None:
            (root / name).write_text(content, encoding="utf-8")
        # One thing at a time changes from one render to the next: the re-apply lines name the
        # month (and the year, once it is another), links are relative to the index's folder.
        for today, index in [(TODAY, "INDEX.md"), (date(2027, 1, 5), "INDEX.md"),
                             (date(2027, 1, 5), "notes/INDEX.md"), (TODAY, "notes/INDEX.md")]:  # fmt: skip
            config = Config(index=index)
            analysis = check_journal(root, config, today)
            assert render_section(build_report(analysis, config), lines) == index_section(analysis, config)


def test_a_new_day_alone_does_not_change_the_index(journal, run):
    """The hook must not fail the first commit of every day when nothing changed."""
    root = journal({"a.md": app_file(company="Acme", role="r", applied="2026-11-01", screen="2026-11-20")})
    assert run(root, "index", today="2026-11-25").exit_code == 0
    first = (root / "INDEX.md").read_bytes()
    assert run(root, "index", "--check", today="2026-11-26").exit_code == 0
    assert (root / "INDEX.md").read_bytes() == first


# -- what GitHub shows: cmark-gfm with its autolink extension -----------------------------------

# Everything GitHub's autolink extension turns into a link, and the ways round a simple escape.
AUTOLINKS = [
    "www.x.com", "_www.x.com", "WWW.X.COM", "a.www.x.com", "~www.x.com", "(www.x.com)", "*www.x.com*",
    "Acme_www.evil.com/login", "hr@evil.com", "a_b@evil.com", "write to hr@evil.com", "x@y.z/a",
    "mailto:x@y.z", "xmpp:x@y.z/home", "MAILTO:x@y.z", "hr&#64;evil&#46;com", "hr\\@evil.com",
    "http://x", "HTTPS://x", "ftp://x", "<https://x>", "[t](http://x)", "![i](http://x)",
]  # fmt: skip

_TAG = re.compile(r"<(a|img)\b[^>]*>", re.IGNORECASE)


def _github_html(source: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(source)


def _autolink_journal(journal):
    files = {}
    for i, form in enumerate(AUTOLINKS):
        quoted = _yaml_quoted(form)
        name = f"{i} {form.replace('/', ' ')}.md" if i % 2 else f"www.x.com/{i} hr@evil.com.md"
        files[name] = app_file(
            company=quoted, role=quoted, contact=quoted, feedback=_yaml_quoted("write to " + form),
            applied="2026-06-01", final_round="2026-07-01", status="rejected", rejected="2026-11-24",
        )  # fmt: skip
    # Left out with an error (no company): still named, with a link, in the section.
    files["mailto:x@y.z www.x.com.md"] = app_file(role="Analyst", applied="2026-06-01")
    return journal(files)


@needs_cmarkgfm
def test_no_text_from_a_file_becomes_a_link_on_github(journal, run):
    root = _autolink_journal(journal)
    assert index(run, root).exit_code == 0
    data = (root / "INDEX.md").read_text(encoding="utf-8")
    html = _github_html(data)
    files = {p.relative_to(root).as_posix() for p in root.rglob("*.md") if p.name != "INDEX.md"}

    tags = _TAG.findall(html)
    assert "img" not in {t.lower() for t in tags}
    hrefs = re.findall(r'<a href="([^"]*)"', html)
    # Every link is one the index makes: a relative path to an application file, nothing else.
    assert len(hrefs) == len(tags) and hrefs
    assert {unquote(h) for h in hrefs} == files
    assert not [h for h in hrefs if ":" in h or h.startswith("/")]  # no scheme: relative to the index

    # The addresses still read as written, as text.
    for shown in (
        "www.x.com",
        "WWW.X.COM",
        "Acme_www.evil.com/login",
        "hr\uff20evil.com",
        "mailto:x\uff20y.z",
        "http://x",
        "HTTPS://x",
        "ftp://x",
        "&lt;https://x&gt;",
        "[t](http://x)",
        "![i](http://x)",
    ):
        assert shown in html, shown


def _github_text(source: str) -> str:
    """The text GitHub shows for one paragraph of `source`, with any tag as `<tag>`."""
    html = _github_html(source).strip()
    assert html.startswith("<p>") and html.endswith("</p>"), html
    return unescape(re.sub(r"<(?!/?p>)[^>]*>", "<tag>", html[3:-4]))


_LINKY = st.lists(
    st.one_of(st.sampled_from([*AUTOLINKS, "www.", "@", ":", "//", "_", ".", "a", "Z", "9", " ", "-", "+"]),
              st.text(max_size=3)),
    max_size=12,
).map("".join)  # fmt: skip


@needs_cmarkgfm
@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), _LINKY))
@example("hr@evil.com")
@example("@evil.com")
@example("mailto:x@y.z")
def test_github_shows_any_text_as_text_and_never_as_a_link(text):
    # Right after a letter too, the way a careless template could place it.
    for before in ("Name: ", "Name: x", "Name: **x** "):
        shown = _github_text(before + md_text(text))
        assert "<tag>" not in shown.replace("<tag>x<tag>", "x", 1), shown
    assert " ".join(_github_text("Name: " + md_text(text)).split()) == " ".join(("Name: " + _readable(text)).split())
    row = "| a | b |\n|---|---|\n| " + (md_cell(text) or " ") + " | x" + md_cell(text) + " |\n"
    html = _github_html(row)
    assert not _TAG.search(html) and html.count("<td>") == 2, html


def test_under_pre_commit_the_message_says_what_to_do(journal, run, monkeypatch, tmp_path):
    root = journal(FILES, config='index = "Job search.md"\n')
    monkeypatch.chdir(root.parent)  # the repository root, the journal in a folder below
    result = run(root, "index", env={"PRE_COMMIT": "1"})
    assert result.exit_code == 0
    assert result.stderr == (f"Updated {root.name}/Job search.md. To keep the new numbers in this commit: "
                             f"git add '{root.name}/Job search.md', then commit again.\n")  # fmt: skip
    again = run(root, "index", env={"PRE_COMMIT": "1"})
    assert again.stderr == "Job search.md is up to date\n"
