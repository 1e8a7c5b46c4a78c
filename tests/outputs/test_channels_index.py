"""The index's channels part: a table per source and a weekly bar chart that GitHub (cmark-gfm)
and Mermaid render, escaped like every other text from a file, and stable from day to day."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import app_file

from jrnl_rej.core.config import Config
from jrnl_rej.journal.memo import check_journal

try:  # what GitHub renders Markdown with; in the `test` extra
    import cmarkgfm
except ImportError:  # pragma: no cover
    cmarkgfm = None

needs_cmarkgfm = pytest.mark.skipif(cmarkgfm is None, reason="cmarkgfm (GitHub's Markdown renderer) not installed")

HOSTILE = ["<b>bold</b>", "[x](http://evil)", "www.evil.com", "a|b", "<!-- jrnl-rej:end -->", "hr@evil.com", "*em*"]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _section(root: Path, today: str) -> str:
    from jrnl_rej.outputs.section import index_section

    return index_section(check_journal(root, Config(), date.fromisoformat(today)), Config())


def _chart(section: str) -> str:
    match = re.search(r"```mermaid\n(xychart-beta\n.*?)```", section, re.DOTALL)
    assert match, section
    return match.group(1)


def _hostile_journal(journal):
    files = {f"h{i}.md": app_file(company=f"C{i}", role="r", applied="2026-11-02", source=_quoted(name))
             for i, name in enumerate(HOSTILE)}  # fmt: skip
    files["ok.md"] = app_file(company="Z", role="r", applied="2026-10-01", source="referral", screen="2026-10-05")
    return journal(files)


@needs_cmarkgfm
def test_the_source_table_renders_on_github_with_names_as_plain_text(journal):
    section = _section(_hostile_journal(journal), "2026-11-25")
    html = cmarkgfm.github_flavored_markdown_to_html(section)
    tables = re.findall(r"<table>.*?</table>", html, re.DOTALL)
    table = next(t for t in tables if "<th>Source</th>" in t)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)
    assert len(rows) == 1 + len(HOSTILE) + 1
    for row in rows:  # a `|` in a name never splits a cell
        assert len(re.findall(r"<t[hd]", row)) == 5
    assert "<b>" not in html and "<em>" not in table and 'href="http' not in html and "mailto:" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in table and "[x](http://evil)" in table and "a|b" in table
    assert "<!-- jrnl-rej:end -->" not in section and "<!--" not in section
    # The chart is a Mermaid block GitHub hands to Mermaid, its labels our own words only.
    assert '<pre lang="mermaid"><code>xychart-beta' in html


def test_chart_and_table_say_what_the_json_says(journal, run):
    root = journal({
        "a.md": app_file(company="A", role="r", applied="2026-09-07", source="Referral", screen="2026-09-10"),
        "b.md": app_file(company="B", role="r", applied="2026-11-22", source="referral"),
        "c.md": app_file(company="C", role="r", applied="2026-11-23", source="job board"),
    })  # fmt: skip
    section = _section(root, "2026-11-25")
    chart = _chart(section)
    assert 'x-axis ["Sep 7", "Sep 14", "Sep 21", "Sep 28", "Oct 5", "Oct 12", "Oct 19", "Oct 26", "Nov 2", ' \
           '"Nov 9", "Nov 16", "Nov 23"]' in chart
    assert "bar [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]" in chart and 'y-axis "Applications" 0 --> 1' in chart
    assert "| Referral | 2 | 1 of 2 (50%) | 1 | 0 |" in section
    assert "| job board | 1 | 0 of 1 (0%) | 0 | 0 |" in section
    assert section.index("flowchart LR") < section.index("xychart-beta")  # next to the funnel


def test_an_empty_week_run_still_draws_a_chart(journal):
    chart = _chart(_section(journal({"a.md": app_file(company="A", role="r", applied="2026-01-05")}), "2026-11-25"))
    assert "bar [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]" in chart and "0 --> 1" in chart


WEEK = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29"]


def test_the_section_moves_once_a_week_not_every_day(journal):
    """Nothing in a quiet journal is due, so only the weekly chart could move: it does on
    Mondays, and on no other day."""
    root = journal({
        "a.md": app_file(company="A", role="r", applied="2026-09-01", source="referral", screen="2026-09-04",
                         status="rejected", rejected="2026-09-20", replied="2026-09-20", revisit="never"),
        "b.md": app_file(company="B", role="r", applied="2026-09-21", source="job board", status="withdrawn"),
    })  # fmt: skip
    this_week = {_section(root, day) for day in WEEK}
    assert len(this_week) == 1
    next_monday = _section(root, "2026-11-30")
    assert next_monday != this_week.pop()
    assert _section(root, "2026-11-30") == next_monday  # and the same inputs, the same bytes


def test_a_booked_interview_changes_the_index_on_its_day(journal):
    root = journal({"a.md": app_file(company="A", role="r", applied="2026-11-23", screen="2026-11-26")})
    before, on_the_day = _section(root, "2026-11-25"), _section(root, "2026-11-26")
    assert "| \\(none\\) | 1 | 0 of 1 (0%) | 0 | 0 |" in before
    assert "| \\(none\\) | 1 | 1 of 1 (100%) | 1 | 0 |" in on_the_day


# -- Mermaid itself: the CLI renders the chart (where it can be installed) ------------------------


def _mermaid_cli() -> tuple[str | None, str | None, str]:
    """(mmdc, a Chromium for it, why not): JRNL_REJ_MMDC or `mmdc` on PATH; PUPPETEER_EXECUTABLE_PATH
    or Debian's chromium."""
    mmdc = os.environ.get("JRNL_REJ_MMDC") or shutil.which("mmdc")
    browser = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium") or shutil.which(
        "chromium-browser")
    if not mmdc:
        return None, None, "the Mermaid CLI (npm @mermaid-js/mermaid-cli) is not installed: set JRNL_REJ_MMDC or put mmdc on PATH"
    if not browser:
        return None, None, "the Mermaid CLI needs a Chromium to render with, and none is installed (apt-get install chromium)"
    return mmdc, browser, ""


def _render(mmdc: str, browser: str, source: str, tmp_path: Path) -> subprocess.CompletedProcess:
    (tmp_path / "chart.mmd").write_text(source, encoding="utf-8")
    config = {"executablePath": browser, "args": ["--no-sandbox", "--disable-gpu"]}
    (tmp_path / "puppeteer.json").write_text(json.dumps(config), encoding="utf-8")
    return subprocess.run(
        [mmdc, "-q", "-p", str(tmp_path / "puppeteer.json"), "-i", str(tmp_path / "chart.mmd"), "-o",
         str(tmp_path / "chart.svg")], capture_output=True, text=True, timeout=180)  # fmt: skip


def test_mermaid_cli_renders_the_weekly_chart(journal, tmp_path):
    mmdc, browser, why = _mermaid_cli()
    if not mmdc:
        pytest.skip(why)
    chart = _chart(_section(_hostile_journal(journal), "2026-11-25"))
    done = _render(mmdc, browser, chart, tmp_path)
    assert done.returncode == 0, done.stderr
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert "Applications sent, by week" in svg and "Nov 23" in svg
    # ...and the check can fail: a chart Mermaid cannot read is refused.
    broken = _render(mmdc, browser, chart.replace("]", "", 1), tmp_path)
    assert broken.returncode != 0
