"""`jrnl-rej init`: create a journal folder with everything a first day needs.

Writes `jrnl-rej.toml` (every setting, commented out at its default),
`INDEX.md` (a short intro and the generated section), `templates/application.md` (what
`new` fills in, with every field explained: it teaches the format and never counts),
a `.pre-commit-config.yaml` with this project's hooks, and a short README.md.
A file that already exists is never touched: it is kept, and the output says so.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from .. import __version__
from ..core.config import CONFIG_NAME
from ..core.errors import JrnlError
from ..core.text import clean

# Where the pre-commit hooks come from: the project's git repository.
PROJECT_URL = "https://github.com/jrnl-rej/jrnl-rej"

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

# Markdown files with no front matter at all: "error", or "skip" to leave them out as notes.
# plain_notes = "error"

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

TEMPLATE_TEXT = """\
---
# The template that 'jrnl-rej new' fills in. It is never read as an
# application (nothing in templates/ is), so it never counts or nags.
# A new file's front matter is written by 'new' from what you give it
# (company, role, --applied, --source, --url, --contact); what is below the
# second --- is copied into every new file, with $company, $role and $applied
# filled in. Change those headings to the notes you want to keep.
#
# What a file can hold (only company, role and applied are required):
company: Example Co
role: Data Analyst
applied: 2026-01-05            # the day you applied, YYYY-MM-DD
source: referral               # where you found it
url: https://example.com/jobs/data-analyst
contact: Alex Rivera           # who a thank-you would go to
screen: 2026-01-12             # the day each step happened, or is booked
# hiring_manager: 2026-01-20
# final_round: 2026-02-02
# offer: 2026-02-09
check_ins: [2026-01-19]        # the days you followed up while waiting
status: open                   # open, rejected, withdrawn, accepted or declined
# After a no: rejected (the day), rejection (silent, form or post_interview),
# replied (the day you sent a thank-you, or no), feedback_asked, feedback.
# revisit: a day to look at the company again, or never.
tags: [example]
---
## Why this role


## Conversations


## What I would do differently

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

prints the new file's path; open it and add your notes. Its notes headings come
from `templates/application.md`, which also shows every field a file can hold:
change it to the notes you like to keep. Every `*.md` file in
this folder (and below) is read as an application, except `INDEX.md`, files
named `README.md` like this one, anything in `templates/` or `Templates/`, and folders whose
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
    `today` (a date, or a YYYY-MM-DD string), which dates the index.
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
    config_text, seen = CONFIG_TEXT, None
    if not os.path.lexists(root / CONFIG_NAME):  # a folder of notes already: propose what to leave out
        from ..core.config import from_source
        from ..journal.discover import discover
        from .survey import config_lines, survey

        seen = survey(root, discover(root, config))
        for default, line in config_lines(seen).items():
            config_text = config_text.replace(default, line)
        config = from_source(config_text.encode("utf-8"))

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

    make(CONFIG_NAME, lambda: config_text)
    if seen is not None and seen.applications:
        count = seen.applications
        lines.append(f"  found {count} application{'s' if count != 1 else ''} already here")
    if seen is not None and seen.proposes:
        from .survey import told

        lines += told(seen)
    make("templates/application.md", lambda: TEMPLATE_TEXT,
         " (what 'jrnl-rej new' fills in; it never counts as an application)")  # fmt: skip
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
