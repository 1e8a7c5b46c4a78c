"""`check --fix` on values written as block scalars, fixes that cannot be checked, and fixes
that would make a new error: the file keeps every line, or is left alone with a line saying why."""

from __future__ import annotations

import pytest
from conftest import run_process

from jrnl_rej.core.diagnostics import Edit
from jrnl_rej.journal.edit import EditError
from jrnl_rej.journal.spans import apply_spans

VARIANTS = {
    "lf": lambda text: text.encode("utf-8"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "bom+crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
}

HEAD = "---\ncompany: Hooli\nrole: R\n"

# (file as written, file after --fix); dates near --today so nothing is stale.
BLOCKS = {
    "folded, comment after": (
        HEAD + "applied: >\n  Nov 20, 2026\n# my comment\nstatus: open\n---\nNotes.\n",
        HEAD + "applied: 2026-11-20\n# my comment\nstatus: open\n---\nNotes.\n",
    ),
    "literal, blank lines after": (
        HEAD + "applied: |\n  Nov 20, 2026\n\n\nstatus: open\n---\nNotes.\n",
        HEAD + "applied: 2026-11-20\n\n\nstatus: open\n---\nNotes.\n",
    ),
    "folded, last before the closing line": (
        HEAD + "status: open\napplied: >\n  Nov 20, 2026\n---\nNotes.\n",
        HEAD + "status: open\napplied: 2026-11-20\n---\nNotes.\n",
    ),
    "strip and indent indicators, trailing spaces": (
        HEAD + "applied: >-\n  Nov 20, 2026   \n  \nstatus: open\n---\nNotes.\n",
        HEAD + "applied: 2026-11-20   \n  \nstatus: open\n---\nNotes.\n",  # spaces after it stay
    ),
    "block list items": (
        HEAD + "applied: 2026-11-19\ncheck_ins:\n  - >-\n    Nov 20, 2026\n\n  # x\n  - |\n    Nov 21, 2026\n"
        "status: open\n---\nNotes.\n",
        HEAD + "applied: 2026-11-19\ncheck_ins:\n  - 2026-11-20\n\n  # x\n  - 2026-11-21\n"
        "status: open\n---\nNotes.\n",
    ),
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("case", BLOCKS)
def test_block_scalar_fix_keeps_every_other_line(journal, run, case, variant):
    written, fixed = (VARIANTS[variant](text) for text in BLOCKS[case])
    root = journal({"hooli.md": written, "plain.md": HEAD + "applied: Nov 21, 2026\nstatus: open\n---\n"})
    result = run(root, "check", "--fix")
    assert (root / "hooli.md").read_bytes() == fixed
    assert (root / "plain.md").read_text() == HEAD + "applied: 2026-11-21\nstatus: open\n---\n"
    assert "Fixed hooli.md" in result.stderr.splitlines()
    assert "error" not in result.stdout and "non-iso-date" not in result.stdout
    # and a second run finds nothing to do
    stamp = (root / "hooli.md").stat().st_mtime_ns
    again = run(root, "check", "--fix")
    assert "Fixed" not in again.stderr and (root / "hooli.md").stat().st_mtime_ns == stamp


def test_block_scalars_as_a_real_process(tmp_path):
    fixed = {}
    for number, (written, after) in enumerate(BLOCKS.values()):
        company = f"company: Firm {number}\n"
        (tmp_path / f"firm-{number}.md").write_text(written.replace("company: Hooli\n", company))
        fixed[f"firm-{number}.md"] = after.replace("company: Hooli\n", company)
    done = run_process("--journal", str(tmp_path), "--today", "2026-11-25", "check", "--fix")
    assert {name: (tmp_path / name).read_text() for name in fixed} == fixed
    assert done.returncode == 1  # the list's two check-ins are one too many (a warning)
    assert "extra-check-in" in done.stdout and "error" not in done.stdout
    assert f"fixed {len(BLOCKS) + 1} problems" in done.stdout  # the list has two dates
    assert "Traceback" not in done.stderr


def test_a_fix_that_cannot_be_checked_skips_only_its_file(journal, run, monkeypatch):
    """A span that would swallow the line break after a block scalar (as the reader once
    gave) joins the comment to the date: the check catches it, the file is left as it is."""
    from jrnl_rej.reading import reader

    monkeypatch.setattr(reader, "replace_end", lambda text, scalar: scalar.end)
    written = BLOCKS["folded, comment after"][0]
    root = journal({"a.md": written, "b.md": HEAD + "applied: Nov 21, 2026\nstatus: open\n---\n"})
    result = run(root, "check", "--fix")
    assert (root / "a.md").read_text() == written
    assert (root / "b.md").read_text() == HEAD + "applied: 2026-11-21\nstatus: open\n---\n"
    lines = result.stderr.splitlines()
    assert "Fixed b.md" in lines
    (why,) = [line for line in lines if line.startswith("Not fixed a.md: ")]
    assert "applied" in why and "nothing was written" in why
    assert "fixed 1 problem" in result.stdout
    assert result.exit_code == 1  # a.md still has its (unfixed) warning
    assert "a.md:4:10: warning non-iso-date" in result.stdout


def test_a_resolved_relative_date_that_breaks_the_order_is_not_written(journal, run):
    # --today 2026-11-25 is a Wednesday: last friday is 2026-11-20, before applied.
    root = journal({
        "late.md": HEAD + "applied: 2026-11-23\nscreen: last friday\ncheck_ins: [Nov 24, 2026]\n"
                          "status: open\n---\n",
        "fine.md": HEAD + "applied: 2026-11-18\nscreen: last friday\nstatus: open\n---\n",
    })  # fmt: skip
    result = run(root, "check", "--unsafe-fixes")
    assert (root / "late.md").read_text() == (
        HEAD + "applied: 2026-11-23\nscreen: last friday\ncheck_ins: [2026-11-24, 2026]\nstatus: open\n---\n"
    )
    assert (root / "fine.md").read_text() == HEAD + "applied: 2026-11-18\nscreen: 2026-11-20\nstatus: open\n---\n"
    lines = result.stderr.splitlines()
    (why,) = [line for line in lines if line.startswith("Not fixed late.md: ")]
    assert "'last friday'" in why and "2026-11-20" in why and "date-order" in why
    assert "Fixed fine.md" in lines
    assert "date-order" not in result.stdout  # no new error was written
    assert "late.md:5:9: error relative-date" in result.stdout
    assert result.exit_code == 1


def test_a_relative_date_alone_that_breaks_the_order_leaves_the_file_as_it_is(journal, run):
    written = HEAD + "applied: 2026-11-23\nscreen: last friday\nstatus: open\n---\n"
    root = journal({"late.md": written})
    stamp = (root / "late.md").stat().st_mtime_ns
    result = run(root, "check", "--unsafe-fixes")
    assert (root / "late.md").read_text() == written and (root / "late.md").stat().st_mtime_ns == stamp
    assert any(line.startswith("Not fixed late.md: did not write screen") for line in result.stderr.splitlines())
    assert "fixed" not in result.stdout


# -- apply_spans itself ----------------------------------------------------------------------------

TEXT = "---\napplied: >\n  Nov 3, 2026\n# c\ncheck_ins: [Nov 4, x]\n---\nNotes.\n"


def test_spans_replace_a_block_scalar_and_a_flow_item():
    start = TEXT.index(">")
    item = TEXT.index("Nov 4")
    new = apply_spans(TEXT, [Edit(start, TEXT.index("\n# c"), "2026-11-03"), Edit(item, item + 5, "2026-11-04")])
    assert new == "---\napplied: 2026-11-03\n# c\ncheck_ins: [2026-11-04, x]\n---\nNotes.\n"


@pytest.mark.parametrize(
    "edit",
    [
        Edit(TEXT.index(">"), TEXT.index("# c") + 3, "2026-11-03"),  # runs over the comment
        Edit(TEXT.index("Nov 3"), TEXT.index("Nov 3") + 5, "2026-11-03"),  # not where a value starts
        Edit(TEXT.index(">"), TEXT.index("\n# c"), "[a, b]"),  # not a single value
        Edit(TEXT.index(">"), TEXT.index("\n# c"), "x\ny"),  # two lines
        Edit(TEXT.index(">"), TEXT.index("\n# c"), "a: b"),  # not a value at all
        Edit(TEXT.index("Nov 4"), TEXT.index("Nov 4") + 5, "a, b"),  # would add an item
    ],
)
def test_spans_refuse_what_does_not_come_out_as_meant(edit):
    with pytest.raises(EditError):
        apply_spans(TEXT, [edit])
