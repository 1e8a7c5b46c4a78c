"""The program's entry point: the plain lines a pre-commit hook runs (`check`, `index`)
are run before the command line is even loaded; everything else goes to the command
line (cli.py).

A hook starts a new interpreter for every commit, and loading click takes about as long
as answering a check of 10,000 files that did not change since the last check (memo.py).
So main() first tries the plain forms that hooks and people type:

    jrnl-rej [--journal DIR] [--today DATE] check [--journal DIR] [--today DATE]
             [--format text|json|github] [--exit-zero] [--statistics]
    jrnl-rej [--journal DIR] [--today DATE] index [--journal DIR] [--today DATE] [--check]
    jrnl-rej [--journal DIR] [--today DATE] today [--journal DIR] [--today DATE] [--format text|json]

(`--opt value` or `--opt=value`, each option once). `check` is answered from the last
check's findings when they still hold, and otherwise checked as the command line does
(journal.memo.fresh_check); `index` runs commands.index.run_index, `today` commands.today.run
(it may sit in a shell's start-up file). Anything else (another command or
option, a file name, --help, a repeated option, a value that starts with '-', a journal
or config with a problem) returns None before anything is printed or written, and the
command line runs as if this module did not exist: it reports errors, and it prints the
same bytes. Both use the same code to open the journal, check it, index it and print
(commands/session.py, journal/memo.py, commands/check.py, commands/index.py,
outputs/diagnostics.py); a test runs every form both ways and
compares stdout, stderr, the exit code and the index written. `--version` alone is
answered here too, for the same reason.
"""

from __future__ import annotations

import gc
import sys

_EVERYWHERE = ("--journal", "--today")  # the options every command accepts, before or after its name
# options with a value, and its choices (check's formats: outputs.diagnostics.FORMATS, loaded when used)
_VALUES = {"check": {"--format": ()}, "index": {}, "today": {"--format": ("text", "json")}}
_FLAGS = {"check": ("--exit-zero", "--statistics"), "index": ("--check",), "today": ()}


def main(argv: list[str] | None = None, *, hard_exit: bool = False) -> None:
    """Run a command line: a plain one here, any other through click (cli.py).

    With `hard_exit` (the installed command and `python -m jrnl_rej`), a plain line runs
    without garbage collection and ends with os._exit once its output is flushed: freeing
    every object of a 10,000-file check one by one, as a normal exit does, takes about
    20 ms, and these lines leave nothing else to finish (their files are written and
    closed, their worker processes reaped, and they start no threads). Any other line runs
    and exits as usual.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    from .core.errors import JrnlError, stopped
    from .core.terminal import set_mode

    set_mode("auto")  # a plain line has no --color

    if hard_exit:
        # A plain line ends in a moment, and reading, the rules and printing make no
        # cycles: collecting would walk every object of a big journal, again and again.
        gc.disable()
    try:
        code = quick_version(args)
        if code is None:
            code = quick_check(args)
        if code is None:
            code = quick_index(args)
        if code is None:
            code = quick_today(args)
    except (JrnlError, BrokenPipeError, KeyboardInterrupt) as exc:  # as the command line ends them
        code = stopped(exc)
    if code is not None:
        if hard_exit:
            _leave(code)
        sys.exit(code)
    if hard_exit:  # the plain lines did nothing: the command line runs as usual
        gc.enable()  # (it may run for hours: watch)
    try:
        from .cli import main as command_line  # click and the commands: a moment to load
    except KeyboardInterrupt as exc:  # Ctrl-C while they load ends as it does later, no traceback
        sys.exit(stopped(exc))
    command_line(argv)


def run() -> None:
    """The installed `jrnl-rej` command."""
    main(hard_exit=True)


def _leave(code: int) -> None:
    """Flush and end: a Ctrl-C now changes nothing."""
    import os
    import signal

    signal.pthread_sigmask(signal.SIG_BLOCK, (signal.SIGINT,))
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that left, or a stream closed on purpose (errors.stopped)
            pass
    os._exit(code)


def quick_version(args: list[str]) -> int | None:
    """`jrnl-rej --version` (alone), printed as the command line's --version prints it."""
    if args not in (["--version"], ["-V"]):
        return None
    from . import __version__

    sys.stdout.write(f"jrnl-rej, version {__version__}\n")
    sys.stdout.flush()
    return 0


def parse(args: list[str]) -> tuple[str, dict[str, str | bool]] | None:
    """(command, options) of a plain `check` or `index` line, or None for any other line."""
    options: dict[str, str | bool] = {}
    command = None
    i = 0
    while i < len(args):
        arg = args[i]
        name, equals, value = arg.partition("=")
        if command is None and arg in _FLAGS:
            command = arg
        elif name in _EVERYWHERE or (command is not None and name in _VALUES[command]):
            if not equals:
                i += 1
                if i == len(args):
                    return None
                value = args[i]
            if name in options or not value or value.startswith("-"):
                return None
            choices = _VALUES[command].get(name) if command is not None else None
            if choices == ():  # check --format: every format outputs/diagnostics.py writes
                from .outputs.diagnostics import FORMATS as choices
            if choices is not None and value not in choices:
                return None
            options[name] = value
        elif command is not None and arg in _FLAGS[command] and arg not in options:
            options[arg] = True
        else:
            return None
        i += 1
    return (command, options) if command is not None else None


def _plain(args: list[str], command: str) -> dict[str, str | bool] | None:
    """The options of a plain line of this command, when the streams can take any text."""
    parsed = parse(args)
    if parsed is None or parsed[0] != command or not (_utf8(sys.stdout) and _utf8(sys.stderr)):
        return None  # the command line handles other encodings its own way
    return parsed[1]


def _utf8(stream) -> bool:
    encoding = getattr(stream, "encoding", None) or ""
    return encoding.lower().replace("-", "").replace("_", "") == "utf8"


def quick_check(args: list[str]) -> int | None:
    """Check the journal, print the findings and return the exit code, when the line is a
    plain `check` (the last check's findings when they still hold); else None, having
    printed nothing."""
    options = _plain(args, "check")
    if options is None:
        return None
    try:
        from .commands.session import journal_root, resolve_today
        from .core.config import from_source, read_source
        from .journal import memo

        # What session.open_session does; with the config the last check used when the
        # file holds the same bytes, so that an unchanged journal needs no TOML parser.
        today = resolve_today(options.get("--today"))  # type: ignore[arg-type]
        root = journal_root(options.get("--journal"))  # type: ignore[arg-type]
        source = read_source(root)
        stored = memo.read(root)
        config = memo.config_for(stored, source) or from_source(source)
        found, remembered = memo.recall(root, config, today, stored)
    except Exception:  # a journal or config with a problem: the command line says what it is
        return None
    from .commands.check import Options, show

    check = Options(fmt=options.get("--format", "text"), exit_zero=bool(options.get("--exit-zero")),
                    statistics=bool(options.get("--statistics")))  # fmt: skip
    if remembered is not None:
        shown = remembered[0]
    else:  # not remembered: the whole check, as the command line runs it
        from .commands.session import with_progress

        # `config` came from `source` (parsed, or the memo's when the bytes are the same).
        shown = with_progress(check.fmt == "text", memo.fresh_check, root, config, today, found,
                              source=source).diagnostics  # fmt: skip
    return show(shown, check, len(found.paths), today, root, sys.stdout, sys.stderr)


def _plain_session(args: list[str], command: str):
    """(options, session) of a plain line of `command` whose journal and config open without a
    problem; None otherwise, having done nothing (the command line says what the problem is)."""
    options = _plain(args, command)
    if options is None:
        return None
    try:
        from .commands.session import open_session

        return options, open_session(options.get("--journal"), options.get("--today"),  # type: ignore[arg-type]
                                     remembered=True)  # fmt: skip
    except Exception:
        return None


def quick_index(args: list[str]) -> int | None:
    """`jrnl-rej index [--check]` run as the command line runs it, when the line is plain
    and the journal and its config open without a problem; else None, having done nothing."""
    plain = _plain_session(args, "index")
    if plain is None:
        return None
    from .commands.index import run_index

    return run_index(plain[1], bool(plain[0].get("--check")))


def quick_today(args: list[str]) -> int | None:
    """`jrnl-rej today [--format text|json]` as the command line runs it, when the line is
    plain and the journal and its config open without a problem; else None."""
    plain = _plain_session(args, "today")
    if plain is None:
        return None
    from .commands.today import run

    return run(plain[1], str(plain[0].get("--format", "text")))
