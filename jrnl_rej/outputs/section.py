"""The generated section of the index file: Markdown that GitHub and Obsidian render.

Every string that comes from a file goes through `md_text`, so a company called
`<!-- jrnl-rej:end -->` or `[x](http://evil)` stays plain text, and a bare address
(`www.x.com`, `https://x`, `hr@x.com`) does not turn into a link on GitHub. The section
depends only on the journal and `today`: same inputs, same bytes.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from urllib.parse import quote

from ..core.config import Config
from ..core.model import Analysis
from ..core.patterns import Report, build_report
from ..core.vocabulary import BUCKET_TITLES, KIND_TITLES, STAGE_TITLES, STAGE_WORDS, STATE_WORDS
from .report import (
    fix_words,
    momentum_words,
    pattern_words,
    percent,
    plural,
    reapply_line,
    todo_words,
)

# CommonMark lets a backslash escape any ASCII punctuation. These are the characters
# that can start emphasis, code, links, images, HTML, headings or table cells, plus
# Obsidian's own syntax (`==`, `%%`, `$`, `^`, `~~`). `<` and `>` being escaped is
# also what keeps the marker lines from ever appearing in the section.
_SPECIAL = "\\`*_[]()<>#!|~$%&=^@{}"
_ESCAPE = re.compile("[" + re.escape(_SPECIAL) + "]")
_TO_ESCAPE = re.compile(r"[\x00-\x1f\x7f" + re.escape(_SPECIAL) + "]")  # controls and punctuation
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")  # the ASCII breaks: controls, tabs, newlines
# GitHub (cmark-gfm's autolink extension) links `www.` after any of `*_~(`, escaped or not, so
# every `www.` gets its dot escaped; `WWW.` too, for renderers that ignore case.
_WWW = re.compile(r"(?i)(www)\.")
# GitHub links `x@y.z`, `mailto:x@y.z` and `xmpp:x@y.z` in the text as shown, after escapes and
# entities are decoded, so no escape of `@` stops it. An `@` that could end such an address (one
# at the start, or after a letter, digit or one of `.+-_:`) is shown as a full-width `＠` instead:
# it reads the same and is not an address. Any other `@` cannot start a link and stays as it is.
_AT = re.compile(r"(?<![^A-Za-z0-9.+_:-])@")
_FULLWIDTH_AT = "\uff20"
_SPACES = re.compile(" +")
_SURROGATE = re.compile("[\udc80-\udcff]")
_URL_SAFE = re.compile(r"[A-Za-z0-9_.~/-]*")  # what quote(safe="/") leaves as it is


def _is_break(ch: str) -> bool:
    """Whitespace, controls, format characters (bidi overrides, zero-width spaces), separators,
    private-use and unassigned code points; the joiners and tags of emoji sequences stay."""
    if ch.isspace():
        return True
    category = unicodedata.category(ch)
    if category == "Cf":
        return ch not in "\u200c\u200d" and not "\U000e0020" <= ch <= "\U000e007f"
    return category in ("Cc", "Zl", "Zp", "Cs", "Co", "Cn")


def md_text(text: object) -> str:
    """`text` as inert inline Markdown, on one line, safe inside a table cell.

    Meant for use after other text on a line (a list item, a cell), never at a
    line's very start.
    """
    words = text if type(text) is str else str(text)
    if not words.isascii():
        # A file name that is not UTF-8 keeps its bytes as surrogates: show each as \xNN.
        words = _SURROGATE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", words)
        # Look at each distinct character once; breaks become spaces like ASCII controls.
        breaks = {ord(ch): " " for ch in set(words) if ord(ch) > 0x7F and _is_break(ch)}
        if breaks:
            words = words.translate(breaks)
    # Most names and notes need nothing: look (a little more widely than needed) and return them
    # as they are. `www.` is looked for in lower case: a bare `in` is faster than a regex here.
    if not (
        _TO_ESCAPE.search(words)
        or "  " in words
        or words[:1] == " "
        or words[-1:] == " "
        or "://" in words
        or ("." in words and "www." in words.lower())
    ):
        return words
    words = _SPACES.sub(" ", _CONTROLS.sub(" ", words)).strip()
    if "@" in words:
        words = _AT.sub(_FULLWIDTH_AT, words)
    escaped = _ESCAPE.sub(r"\\\g<0>", words)
    # Bare URLs become links on GitHub and in Obsidian: break the patterns that find them
    # (`http://`, `https://`, `ftp://`: an escaped `:` is never the start of one).
    escaped = escaped.replace("://", "\\://")
    return _WWW.sub(r"\1\\.", escaped)


md_cell = md_text


def md_link(text: str, target: str) -> str:
    """A link to a journal file: the text escaped, the target percent-encoded (a name that is
    not UTF-8, its bytes kept as surrogates, as those bytes: `bad%FF.md` opens `bad\\xff.md`)."""
    href = target if _URL_SAFE.fullmatch(target) else quote(target, safe="/", errors="surrogateescape")
    return f"[{md_text(text)}]({href})"


def _file_link(path: str, index: str, full: bool = False) -> str:
    """A link from the index file to an application file, relative to the index's folder."""
    target = posixpath.relpath(path, posixpath.dirname(index)) if "/" in index else path
    return md_link(path if full else path[path.rfind("/") + 1 :], target)


def _name(company: str, role: str) -> str:
    return f"**{md_text(company)}** ({md_text(role)})" if role else f"**{md_text(company)}**"


def _table(header: list[str], rows: list[list[str]], align: list[str]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|", *map(_table_row, rows)]


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


def index_section(analysis: Analysis, config: Config) -> str:
    """The Markdown between the markers, with LF line endings and a final newline."""
    return render_section(build_report(analysis, config))


class Lines:
    """The lines of one list item or table row, kept from one render_section call to the next.

    A watcher renders the section again after every save, and all but a few of its thousands
    of items are what they were: handing the same Lines to every call renders only the items
    that changed. Each call keeps just the lines it used.
    """

    def __init__(self) -> None:
        self._before: dict = {}
        self._now: dict = {}

    def get(self, key, make, *args) -> str:
        line = self._before.get(key)
        if line is None:
            line = make(*args)
        self._now[key] = line
        return line

    def _turn(self) -> None:
        self._before, self._now = self._now, {}


class _Fresh(Lines):
    """Renders every line (a one-off run has nothing to reuse)."""

    def get(self, key, make, *args) -> str:
        return make(*args)


def render_section(report: Report, lines: Lines | None = None) -> str:
    """The section for `report`; `lines`: what an earlier call rendered, to reuse."""
    lines = lines if lines is not None else _Fresh()
    out = [
        # No date here: the index should change when the journal does, not every midnight.
        "*Written by jrnl-rej from "
        f"{plural(report.applications, 'application')}. Edit the application files, not this "
        "part: `jrnl-rej index` rewrites it.*",
        "",
    ]
    out += _now(report, lines)
    out += _patterns(report, lines)
    out += _revisit(report, lines)
    if report.skipped:
        names = ", ".join(_file_link(p, report.index, full=True) for p in report.skipped)
        out += [
            "### Not counted",
            "",
            f"{plural(len(report.skipped), 'file')} with errors "
            f"{'is' if len(report.skipped) == 1 else 'are'} left out until fixed: {names}. "
            "`jrnl-rej check` shows what is wrong."
            + (" A name ending in / is a folder that could not be read: none of its applications"
               " are counted." if any(p.endswith("/") for p in report.skipped) else ""),
            "",
        ]  # fmt: skip
    while out and out[-1] == "":
        out.pop()
    lines._turn()
    return "\n".join(out) + "\n"


def _todo_line(item, index: str) -> str:
    return f"- {todo_words(item, _name(item.company, item.role))} {_file_link(item.path, index)}"


def _now(report: Report, lines: Lines) -> list[str]:
    out = ["## What needs doing now", ""]
    index = report.index
    out += [lines.get(("todo", item, index), _todo_line, item, index) for item in report.todo]
    if report.skipped:
        out.append(f"- {fix_words(report)} `jrnl-rej check` shows what is wrong.")
    if not report.todo and not report.skipped:
        out.append("Nothing is waiting on you today.")
    return out + [""]


def _patterns(report: Report, lines: Lines) -> list[str]:
    out = ["## Patterns", ""]
    if not report.applications:
        return out + ["No applications yet. Start one with `jrnl-rej new COMPANY ROLE`.", ""]

    # The funnel: a flowchart renders on GitHub and in Obsidian alike (any Mermaid version).
    out += ["```mermaid", "flowchart LR"]
    out += [f'    {stage}["{STAGE_TITLES[stage]}: {count}"]' for stage, count in report.funnel]
    for (before, had), (stage, count) in zip(report.funnel, report.funnel[1:], strict=False):
        out.append(f'    {before} -->|"{percent(count, had)}"| {stage}')
    out += ["```", ""]

    rows = []
    previous_count = None
    for stage, count in report.funnel:
        share = "" if previous_count is None else (f"{count} of {previous_count} ({percent(count, previous_count)})")
        rows.append([STAGE_TITLES[stage], str(count), share])
        previous_count = count
    out += _table(["Stage reached (or beyond)", "Applications", "From the stage before"], rows, ["---", "---:", "---:"])
    out.append("")
    out += _channels(report)

    total = report.rejections
    out += ["### Rejections", ""]
    if total:
        rows = [
            [BUCKET_TITLES[bucket], f"{count} of {total}", percent(count, total)] for bucket, count in report.by_bucket
        ]
        out += _table(["Where it ended", "Rejections", "Share"], rows, ["---", "---:", "---:"])
        out.append("")
        slices = [(b, n) for b, n in report.by_bucket if n]
        out += ["```mermaid", "pie title Where the rejections happened"]
        out += [f'    "{BUCKET_TITLES[b]} ({n})" : {n}' for b, n in slices]
        out += ["```", ""]
        rows = [[KIND_TITLES[kind], f"{count} of {total}", percent(count, total)] for kind, count in report.by_kind]
        out += _table(["Kind", "Rejections", "Share"], rows, ["---", "---:", "---:"])
        out.append("")
    out += [f"**What it suggests.** {pattern_words(report)}", ""]
    momentum = momentum_words(report)
    if momentum is not None:
        out += [f"**Momentum.** {momentum}", ""]

    if report.feedback:
        out += ["### Feedback so far", ""]
        index = report.index
        out += [lines.get(("feedback", fb, index), _feedback_line, fb, index) for fb in report.feedback]
        out.append("")
    return out


def _channels(report: Report) -> list[str]:
    """The weekly chart beside the funnel, then the table per source and the time to an answer.
    Nothing here changes from one day to the next unless the numbers do (the chart moves on
    Mondays), so the index is not rewritten every day."""
    from .channels import answer_words, answered, rhythm_words, source_words, week_label

    channels = report.channels
    out = ["### Applications per week", ""]
    counts = [n for _, n in channels.weekly]
    labels = ", ".join(f'"{week_label(monday)}"' for monday, _ in channels.weekly)
    out += ["```mermaid", "xychart-beta", '    title "Applications sent, by week (from Monday)"']
    out += [f"    x-axis [{labels}]", f'    y-axis "Applications" 0 --> {max(1, *counts)}']
    out += [f"    bar [{', '.join(map(str, counts))}]", "```", ""]
    out += [rhythm_words(channels), ""]

    out += ["### Which channels answer", ""]
    rows = [
        [md_cell(s.source), str(s.applications), answered(s), str(s.interviews), str(s.offers)]
        for s in channels.sources
    ]
    out += _table(["Source", "Applications", "Answered", "Interviews", "Offers"], rows, ["---", *["---:"] * 4])
    out += ["", source_words(channels, md_text), ""]
    out += ["### Time to an answer", "", answer_words(channels), ""]
    return out


def _feedback_line(fb, index: str) -> str:
    return (
        f"- {_name(fb.company, fb.role)}, {STAGE_WORDS[fb.stage]}, {fb.day}: "
        f"{md_text(fb.text)} {_file_link(fb.path, index)}"
    )


def _revisit_row(item, index: str, today) -> str:
    line = "" if item.state == "done" else md_text(reapply_line(item, today))
    cells = [
        md_cell(item.company),
        md_cell(item.role),
        STAGE_WORDS[item.stage],
        str(item.rejected),
        f"{item.start} to {item.until}",
        STATE_WORDS[item.state],
        _file_link(item.path, index),
        line,
    ]
    return _table_row(cells)


def _revisit(report: Report, lines: Lines) -> list[str]:
    out = ["## Revisit", ""]
    if not report.revisit:
        return out + [
            "No company to revisit yet. Companies that say no after a hiring-manager interview "
            "or a final round show up here, to try again 3 to 6 months later.",
            "",
        ]
    out += [
        "Companies that turned you down after real interviews, and when to try again. A first "
        "line that names the earlier interview gets a warmer read.",
        "",
    ]
    out += _table(
        ["Company", "Role", "Stage reached", "Rejected", "Window", "State", "File", "First line"], [], ["---"] * 8
    )
    index, today = report.index, report.today
    out += [lines.get(("revisit", item, index, today), _revisit_row, item, index, today) for item in report.revisit]
    return out + [""]
