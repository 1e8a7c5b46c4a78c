"""`jrnl-rej index [--check]`: write the generated section into the index file."""

from __future__ import annotations


def index_path(session):
    """The index file; one that is, or lies in a folder that is, a link outside the journal
    is refused (JrnlError), never written through."""
    from ..core.errors import JrnlError
    from ..journal.writer import is_inside

    path = session.root / session.config.index
    if not is_inside(session.root, path):
        raise JrnlError(f"{session.config.index}: it links outside the journal; not writing through it")
    return path


def update_index(session) -> bool:
    """Write the generated section into the index file; return whether the file changed."""
    from ..journal.splice import write_index
    from ..outputs.section import index_section

    section = index_section(session.analyse(), session.config)
    return write_index(index_path(session), section, session.config.index)


def run_index(session, check_only: bool = False) -> int:
    """`jrnl-rej index [--check]`; broken markers raise (exit 2, nothing written)."""
    import os
    import sys

    from ..core.text import clean
    from ..journal.splice import index_is_current
    from ..outputs.section import index_section

    def say(message: str) -> None:  # to stderr, as click.echo(err=True) would: the hook runs this without click
        sys.stderr.write(message + "\n")
        sys.stderr.flush()

    name = clean(session.config.index)
    if check_only:
        section = index_section(session.analyse(), session.config)
        if index_is_current(index_path(session), section, session.config.index):
            return 0
        say(f"{name} is out of date; run jrnl-rej index")
        return 1
    if update_index(session):
        if os.environ.get("PRE_COMMIT"):  # the hook: the commit stops, and the person must say what next
            from ..core.shell import quote

            add = quote(session.shown(session.config.index))
            say(f"Updated {clean(session.shown(session.config.index))}. To keep the new numbers in "
                f"this commit: git add {clean(add)}, then commit again.")  # fmt: skip
        else:
            say(f"Updated {name}")
    else:
        say(f"{name} is up to date")
    return 0

