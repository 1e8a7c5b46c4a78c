"""The command line: turns flags into calls of the core, prints, and picks the exit code.

Only the command line (this module and entry.py, through session.open_session and
session.resolve_today) reads the clock and the environment. Commands import what they
need inside their own body, so that `jrnl-rej check` in a pre-commit hook does not
pay for dateparser, watchdog or icalendar.
"""

from __future__ import annotations

import sys

import click

from . import __version__
from .core.errors import JrnlError, stopped
from .outputs.diagnostics import FORMATS

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# -- the options every command accepts --------------------------------------------------------


def _store(name: str):
    def callback(ctx: click.Context, _param, value):
        if value is not None:
            ctx.ensure_object(dict)[name] = value
        return value

    return callback


def _set_colour(ctx: click.Context, _param, value):
    if value is not None:
        from .core.terminal import set_mode

        set_mode(value)
    return value


def _common(func):
    """--journal, --today and --color, accepted before and after the command name (pre-commit appends)."""
    func = click.option(
        "--color", "--colour", type=click.Choice(["auto", "always", "never"]), expose_value=False,
        callback=_set_colour, is_eager=True,
        help="Colour: auto (on a terminal; NO_COLOR, CLICOLOR=0 and TERM=dumb turn it off, "
        "FORCE_COLOR and CLICOLOR_FORCE on), always or never.",
    )(func)  # fmt: skip
    func = click.option(
        "--today", metavar="DATE", expose_value=False, callback=_store("today"),
        help="Reference date (YYYY-MM-DD or words like 'yesterday'). Default: the local date.",
    )(func)  # fmt: skip
    func = click.option(
        "--journal", metavar="DIR", expose_value=False, callback=_store("journal"),
        help="The journal folder. Default: the nearest folder holding jrnl-rej.toml, "
        "at or above the FILE given, else at or above the current folder.",
    )(func)  # fmt: skip
    return func


def _session(ctx: click.Context, file: str | None = None, remembered: bool = False):
    """Build the Session from the options given anywhere on the line, and the environment;
    with no --journal, the journal is found from `file` (a FILE the command names).
    `remembered`: the command analyses the whole journal (open_session)."""
    from .commands.session import open_session

    options = ctx.find_root().ensure_object(dict)
    options.update(ctx.ensure_object(dict))
    return open_session(options.get("journal"), options.get("today"), file, remembered)


def _complete(name: str):
    """A shell_complete callback from commands/completion.py, loaded only when the shell asks."""

    def callback(ctx, param, incomplete):
        from .commands import completion

        return getattr(completion, name)(ctx, param, incomplete)

    return callback


class _Group(click.Group):
    """Ends a command that stopped on a JrnlError (exit 2), a closed pipe or Ctrl-C as errors.stopped says."""

    def main(self, *args, **kwargs):
        from .core.terminal import set_mode

        set_mode("auto")  # until --color says otherwise, on this command line
        return super().main(*args, **kwargs)

    def _main_shell_completion(self, ctx_args, prog_name, complete_var=None):
        import os

        if os.environ.get(complete_var or f"_{prog_name.replace('-', '_').upper()}_COMPLETE"):
            from .commands.completion import register

            register()  # bash gets each offered word quoted when it must be
        return super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (JrnlError, BrokenPipeError, KeyboardInterrupt) as exc:
            ctx.exit(stopped(exc))


@click.group(cls=_Group, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="jrnl-rej")
@_common
@click.pass_context
def cli(ctx: click.Context):
    """Keeps a job search honest.

    Reads a folder of Markdown application notes and tells you what to do
    next: the thank-you that is due, the application that went silent, the
    company worth another try. Start with `jrnl-rej init`, then
    `jrnl-rej check`.
    """
    ctx.ensure_object(dict)


# -- check --------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, type=click.Path(), shell_complete=_complete("application_files"))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--select", multiple=True, metavar="RULE", help="Only these rules (repeat or comma-separate).",
              shell_complete=_complete("rule_names"))
@click.option("--ignore", multiple=True, metavar="RULE", help="Leave out these rules.",
              shell_complete=_complete("rule_names"))
@click.option("--fix", is_flag=True, help="Apply safe fixes (dates rewritten as YYYY-MM-DD).")
@click.option("--unsafe-fixes", is_flag=True,
              help="Also apply fixes that change meaning (close silent applications, resolve relative dates).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option("--statistics", is_flag=True, help="Show how often each rule fired.")
@_common
@click.pass_context
def check(ctx, paths, fmt, select, ignore, fix, unsafe_fixes, exit_zero, statistics):
    """Check the journal (or the given files, with the whole journal as context)."""
    from .commands import check as command

    try:
        selected, ignored = command.split_rules(select), command.split_rules(ignore)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    options = command.Options(paths, fmt, selected, ignored, fix, unsafe_fixes, exit_zero, statistics)
    ctx.exit(command.run(_session(ctx, paths[0] if paths else None), options, sys.stdout, sys.stderr))


# -- rule ---------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name", required=False, shell_complete=_complete("rule_names"))
@click.option("--all", "show_all", is_flag=True, help="Explain every rule.")
@_common
def rule(name, show_all):
    """Explain a rule: what it does, why it matters, an example, the fix."""
    from .commands import rule as command

    if name and show_all:
        raise click.UsageError("give a rule name or --all, not both")
    try:
        click.echo(command.explain(name, show_all))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="NAME") from None


# -- report and index ---------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True, help="Output format.")  # fmt: skip
@_common
@click.pass_context
def report(ctx, fmt):
    """Show where your search stalls, and which companies are worth revisiting."""
    from .commands.report import run_report

    run_report(_session(ctx, remembered=True), fmt)


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")  # fmt: skip
@_common
@click.pass_context
def today(ctx, fmt):
    """Show what needs doing now, each with the command that does it."""
    from .commands.today import run

    run(_session(ctx, remembered=True), fmt)


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 when the index is out of date.")  # fmt: skip
@_common
@click.pass_context
def index(ctx, check_only):
    """Write the Patterns and Revisit section into the index file."""
    from .commands.index import run_index

    ctx.exit(run_index(_session(ctx, remembered=True), check_only))


# -- lsp ----------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT_SETTINGS)
@_common
@click.pass_context
def lsp(ctx):
    """Run the language server on standard input and output.

    Editors show the findings of check while you type, with quick fixes,
    hover and completion. Needs: pip install 'jrnl-rej[lsp]'.
    """
    from .commands.lsp import run_lsp
    from .commands.session import resolve_today

    options = ctx.find_root().ensure_object(dict)
    options.update(ctx.ensure_object(dict))
    ctx.exit(run_lsp(resolve_today(options.get("today"))))


# -- watch --------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option("--poll", is_flag=True,
              help="Look for changes every second instead of waiting for the system to report "
              "them: for network drives, WSL's /mnt folders and container mounts.")  # fmt: skip
@_common
@click.pass_context
def watch(ctx, poll):
    """Check and re-index on every change, until Ctrl-C.

    Shows the problems and what to do today, and keeps the index file up to
    date while you edit. On a terminal the screen is redrawn in place;
    otherwise each check is appended with the time. At midnight it checks
    again with the new date (unless --today is given).
    """
    import os
    from datetime import date

    from .commands.watch import run_watch

    options = {**ctx.find_root().ensure_object(dict), **ctx.ensure_object(dict)}
    pinned = options.get("today") or os.environ.get("JRNL_REJ_TODAY")  # else the date follows the clock
    ctx.exit(run_watch(_session(ctx), poll=poll, clock=None if pinned else date.today))


# -- the workflow -------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@_common
@click.pass_context
def init(ctx, directory):
    """Create a journal: config, index, a sample application and a pre-commit config."""
    from .commands.init import run_init

    # The journal may not exist yet, so no Session: the raw options, with today resolved here.
    options = dict(ctx.find_root().ensure_object(dict))
    options.update(ctx.ensure_object(dict))
    from .commands.session import resolve_today

    options["today"] = resolve_today(options.get("today"))
    ctx.exit(run_init(options, directory))


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("company")
@click.argument("role")
@click.option("--applied", "when", metavar="WHEN", default="today", show_default=True,
              help="When you applied: YYYY-MM-DD or words like 'yesterday'.")  # fmt: skip
@click.option("--source", help="Where you found the role (referral, LinkedIn, ...).")
@click.option("--url", help="The job posting.")
@click.option("--contact", help="The person a reply would go to.")
@_common
@click.pass_context
def new(ctx, company, role, when, source, url, contact):
    """Create an application file and print its path."""
    from .commands.new import run as run_new

    ctx.exit(run_new(_session(ctx), company, role, when, source=source, url=url, contact=contact))


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("file", type=click.Path(dir_okay=False), shell_complete=_complete("application_files"))
@click.argument("event", shell_complete=_complete("events"))
@click.argument("when", nargs=-1)
@click.option("--kind", metavar="KIND", shell_complete=_complete("kinds"),
              help="With 'rejected': silent, form or post-interview.")  # fmt: skip
@click.option("--replace", is_flag=True, help="Replace a different value the file already holds.")
@click.option("--append", is_flag=True, help="With 'feedback': add after the feedback already there.")
@_common
@click.pass_context
def log(ctx, file, event, when, kind, replace, append):
    """Record an event in an application's front matter.

    EVENT is one of: screen, hiring-manager, final-round, offer, check-in,
    rejected, replied, feedback-asked, feedback, withdrawn, accepted, declined
    ('-' and '_' alike). WHEN is a date or words like 'today', 'yesterday',
    'last friday', 'Nov 3' (default: today); an interview may be booked ahead
    ('next tuesday'). For 'feedback', the words are the feedback itself.
    A value already in the file is never replaced unless you add --replace.
    """
    from .commands.log import run as run_log

    ctx.exit(run_log(_session(ctx, file), file, event, " ".join(when), kind, replace=replace, append=append))


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("template", type=click.Choice(["reply", "feedback", "reapply"]))
@click.argument("file", type=click.Path(dir_okay=False), shell_complete=_complete("application_files"))
@_common
@click.pass_context
def draft(ctx, template, file):
    """Print an email draft filled in from an application file."""
    from .commands.draft import run as run_draft

    ctx.exit(run_draft(_session(ctx, file), template, file))


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
              help="Write to this file instead of printing.")  # fmt: skip
@_common
@click.pass_context
def calendar(ctx, out):
    """Write an iCalendar (.ics) of every due date."""
    from .commands.calendar import run as run_calendar

    ctx.exit(run_calendar(_session(ctx, remembered=True), out))


# -- import and export --------------------------------------------------------------------------


IMPORT_FORMATS = ("auto", "csv", "linkedin", "huntr", "jobhound")


@cli.command("import", context_settings=CONTEXT_SETTINGS)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--from", "source_format", metavar="[" + "|".join(IMPORT_FORMATS) + "]", default="auto",
              show_default=True, help="What made the file (auto: recognised from its columns).",
              shell_complete=lambda ctx, param, incomplete: [f for f in IMPORT_FORMATS if f.startswith(incomplete)])
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help="Which field a column holds, where the guess is wrong or missing (repeat).")
@click.option("--dry-run", is_flag=True, help="Write nothing; print what would be created.")
@click.option("--keep-all", is_flag=True, help="Also keep phone numbers and screening answers.")
@_common
@click.pass_context
def import_(ctx, file, source_format, maps, dry_run, keep_all):
    """Create application files from a spreadsheet or another tracker's export.

    FILE is a CSV or TSV (a spreadsheet saved as CSV, LinkedIn's Job
    Applications.csv, Huntr's board export) or jobhound's JSON export. Rows
    already in the journal are skipped, so importing twice is safe.
    """
    from .commands import imports as command

    options = command.Options(file, source_format, tuple(maps), dry_run, keep_all)
    ctx.exit(command.run(_session(ctx), options, sys.stdout, sys.stderr))


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="Output format.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
              help="Write to this file instead of printing.")  # fmt: skip
@_common
@click.pass_context
def export(ctx, fmt, out):
    """Write every application, one CSV row or JSON object each."""
    from .commands import export as command

    ctx.exit(command.run(_session(ctx), fmt, out, sys.stdout, sys.stderr))


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="jrnl-rej")


if __name__ == "__main__":  # pragma: no cover
    main()
