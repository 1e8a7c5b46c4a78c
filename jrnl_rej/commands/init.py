"""`jrnl-rej init`: create a journal folder with everything a first day needs.

Writes `jrnl-rej.toml` (every setting, commented out at its default),
`INDEX.md` (a short intro and the generated section), one sample application,
a `.pre-commit-config.yaml` with this project's hooks, and a short README.md.
A file that already exists is never touched: it is kept, and the output says so.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import click

from .. import __version__
from ..core.config import CONFIG_NAME
from ..core.errors import JrnlError
from ..core.text import clean

# Where the pre-commit hooks come from: the project's git repository.
PROJECT_URL = "https://github.com/jrnl-rej/jrnl-rej"

SAMPLE_SLUG = "example-co-data-analyst"
SAMPLE_APPLIED_DAYS_AGO = 7  # recent enough that no reminder fires for a couple of weeks
SAMPLE_SCREEN_DAYS_AGO = 2

CONFIG_TEXT = """\
# Settings for this jrnl-rej journal. Every setting is optional: the values
# below are the defaults. To change one, remove the "# " in front of it
# (and in front of its [table] line). 'jrnl-rej rule --all' explains the rules.

# The file that gets the generated Patterns and Revisit section.
# index = "INDEX.md"

# Markdown files that are not applications, as globs from here ("drafts/**", "archive/*.md").
# exclude = []

# How to read a date like 03/04/2026: "DMY" (3 April) or "MDY" (March 4); unset, it is an error.
# date_order = "DMY"

# [thresholds]
# Days after an interview rejection to send the thank-you (1: the next day is the last).
# reply_window_days = 1
# Days after an interview rejection after which the thank-you is no longer asked for.
# reply_lapse_days = 14
# Days before a booked interview when the reminder to prepare starts.
# prep_days = 3
# Days without news, since the application or the latest interview, before it counts as a no.
# silent_after_days = 21
# Days after applying, with no answer, when one short check-in fits.
# check_in_after_days = 14
# Months after an interview rejection when the company is worth another try.
# revisit_after_months = 3
# Months after an interview rejection when that revisit window closes.
# revisit_until_months = 6
# Days after a rejection during which you are reminded to send the next application.
# momentum_lookback_days = 14

# [rules]
# Rules turned off, by name (warnings and reminders only; errors cannot be turned off).
# ignore = []
# A rule's level changed to "error", "warning" or "info", e.g. { "next-application" = "info" }.
# severity = {}
"""

INDEX_INTRO = """\
# Job search

This page is yours to write in. jrnl-rej rewrites only the generated part
below: where your search tends to stall, and which companies are worth
another try. Refresh it with `jrnl-rej index` (the pre-commit hook does it
for you on every commit).
"""

SAMPLE_TEXT = """\
---
company: Example Co
role: Data Analyst
applied: {applied}
source: company website
url: https://example.com/jobs/data-analyst
contact: Alex Rivera
screen: {screen}
status: open
tags: [example]
---
# Example Co: Data Analyst

A sample application, so you can see the shape of one. Delete it once you
have added your own: until then it counts in your patterns.

One file per application. jrnl-rej reads the part between the `---` lines:

- `company`, `role` and `applied` (the day you applied, YYYY-MM-DD) are required.
- `source`, `url`, `contact` (who a thank-you would go to) and `tags` are optional.
- `screen`, `hiring_manager`, `final_round`, `offer`: the day each step happened.
- `check_ins`: the days you followed up while waiting, like `[YYYY-MM-DD]`.
- `status`: `open`, `rejected`, `withdrawn`, `accepted` or `declined`.
- After a no: `rejected` (the day), `rejection` (`silent`, `form` or
  `post_interview`), `replied` (the day you sent a thank-you, or `no`),
  `feedback_asked`, `feedback`.
- `revisit`: a day to look at the company again, or `never`.

You rarely need to type these yourself: `jrnl-rej log FILE screen yesterday`,
`jrnl-rej log FILE rejected` and friends write them for you.

Everything below the second `---` is your own notes: the people you met, what
they asked, what you would say differently.
"""

PRECOMMIT_TEXT = """\
# Checks the journal and refreshes the index on every commit.
# Set up once: git init && pre-commit install   (https://pre-commit.com)
# If the journal is a folder inside a bigger repository, add to each hook:
#   args: [--journal, path/to/journal]
repos:
  - repo: {url}
    rev: v{version}
    hooks:
      - id: jrnl-rej-check
      - id: jrnl-rej-index
"""

README_TEXT = """\
# My job search

A jrnl-rej journal: one Markdown file per job application, with a few facts
at the top and your own notes below.

## Add an application

    jrnl-rej new "Acme Corp" "Data Engineer"

prints the new file's path; open it and add your notes. Every `*.md` file in
this folder (and below) is read as an application, except `INDEX.md`, files
named `README.md` like this one, anything in `templates/`, and folders whose
name starts with `.` or `_`.

## Log what happens

    jrnl-rej log FILE screen yesterday
    jrnl-rej log FILE rejected --kind post_interview
    jrnl-rej log FILE replied

## See what to do next

    jrnl-rej check                    # what needs doing, file by file
    jrnl-rej index                    # refresh the Patterns and Revisit part of INDEX.md
    jrnl-rej draft reply FILE         # a first draft of the thank-you note
    jrnl-rej calendar -o search.ics   # the due dates, for your calendar

`jrnl-rej rule NAME` explains any reminder. Settings are in `jrnl-rej.toml`.

## Git hooks (optional)

    git init && pre-commit install

Then every commit checks the journal and keeps `INDEX.md` up to date.
"""


def run_init(options: dict, directory: str | None) -> int:
    """Create a journal in `directory` (else --journal, else the current folder).

    `options` holds the command line's options: `journal` (a folder name) and
    `today` (a date, or a YYYY-MM-DD string), which dates the sample application.
    Existing files are kept as they are. Returns the exit code.
    """
    today = _today(options.get("today"))
    given = directory or options.get("journal") or "."
    root = Path(given)
    _prepare(root, given)
    root = root.absolute()

    from ..core.config import load

    config = load(root)  # an existing, broken config stops here, before anything is written
    lines: list[str] = []

    def make(relpath: str, content: Callable[[], str], note: str = "") -> None:
        path = root / relpath
        if os.path.lexists(path):
            lines.append(f"  kept existing {clean(relpath)}")
            return
        from ..journal.writer import is_inside, write_atomic

        if not is_inside(root, path):  # a folder on its way links outside the journal
            raise JrnlError(f"{relpath}: it links outside the journal; not writing through it")

        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, content().encode("utf-8"))
        lines.append(f"  created {clean(relpath)}{note}")

    make(CONFIG_NAME, lambda: CONFIG_TEXT)
    _make_sample(root, config, today, make, lines)
    make(config.index, lambda: _index_text(root, config, today))
    make(".pre-commit-config.yaml", lambda: PRECOMMIT_TEXT.format(url=PROJECT_URL,
                                                                  version=__version__))  # fmt: skip
    make("README.md", lambda: README_TEXT)

    click.echo(f"Journal ready in {clean(str(root))}:")
    for line in lines:
        click.echo(line)
    click.echo("")
    here = _same_folder(root, Path.cwd())
    go = "" if here else f"cd {clean(shlex.quote(given))} && "
    click.echo(f"Next: {go}jrnl-rej new 'Company' 'Role'")
    click.echo("Want the checks on every commit? git init && pre-commit install")
    return 0


def _today(value) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise JrnlError(f"--today: {value!r} is not a date (YYYY-MM-DD)") from None
    raise JrnlError("init needs today's date")


def _prepare(root: Path, given: str) -> None:
    """Create the folder if needed; refuse a file or a folder we cannot write to."""
    shown = clean(given)
    if root.exists() and not root.is_dir():
        raise JrnlError(f"{shown} is a file, not a folder; choose another name")
    if not root.exists():
        try:
            root.mkdir(parents=True)
        except FileExistsError:
            raise JrnlError(f"{shown}: part of that path is a file, not a folder") from None
        except OSError as exc:
            raise JrnlError(f"cannot create the folder {shown}: {exc.strerror or exc}") from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise JrnlError(f"cannot write in the folder {shown}: permission denied")


def _make_sample(root: Path, config, today: date, make, lines: list[str]) -> None:
    """One sample application, unless the journal already holds applications."""
    from ..journal.discover import discover

    applied = today - timedelta(days=SAMPLE_APPLIED_DAYS_AGO)
    name = f"{applied.isoformat()}-{SAMPLE_SLUG}.md"
    existing = discover(root, config)
    if existing and name not in existing:
        count = len(existing)
        lines.append(
            f"  no sample application: the journal already has {count} "
            f"application{'s' if count != 1 else ''}"
        )
        return
    screen = today - timedelta(days=SAMPLE_SCREEN_DAYS_AGO)
    text = SAMPLE_TEXT.format(applied=applied.isoformat(), screen=screen.isoformat())
    make(name, lambda: text, " (a sample; delete it once you have your own)")


def _index_text(root: Path, config, today: date) -> str:
    """The intro, then the generated section between the markers, as `jrnl-rej index` writes it."""
    from ..journal.splice import splice
    from ..outputs.section import index_section
    from .session import Session

    analysis = Session(root=root, config=config, today=today).analyse()
    section = index_section(analysis, config)
    return splice(INDEX_INTRO.encode(), section, config.index).decode("utf-8")


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
