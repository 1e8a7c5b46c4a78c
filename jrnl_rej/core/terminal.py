"""What the terminal may be sent: colour, and the escapes that move the cursor (the
progress bar, watch's redraws). Decided here alone, from `--color` and the environment.

`--color always|never` settles colour. `auto` (the default) follows the conventions
people set once in their shell: `NO_COLOR` (any value) turns it off; `FORCE_COLOR` or
`CLICOLOR_FORCE` (any value but empty or 0) turn it on even when piped; `CLICOLOR=0` and
`TERM=dumb` turn it off; otherwise there is colour on a terminal. The cursor escapes need
a terminal that is not `TERM=dumb` and no `CLICOLOR=0`; `--color` does not change them.
"""

from __future__ import annotations

import os

MODES = ("auto", "always", "never")
_mode = "auto"


def set_mode(mode: str) -> None:
    """--color as given on the command line (the command line alone calls this)."""
    global _mode
    if mode not in MODES:
        raise ValueError(mode)
    _mode = mode


def _on(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def _plain_terminal() -> bool:
    """TERM=dumb or CLICOLOR=0: a terminal that wants text only."""
    return os.environ.get("TERM") == "dumb" or os.environ.get("CLICOLOR") == "0"


def is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


def colour(stream) -> bool:
    """Whether text written to `stream` may be coloured."""
    if _mode != "auto":
        return _mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if _on("FORCE_COLOR") or _on("CLICOLOR_FORCE"):
        return True
    return not _plain_terminal() and is_terminal(stream)


def cursor_escapes(*streams) -> bool:
    """Whether the cursor may be moved and lines erased on these streams (all terminals)."""
    return not _plain_terminal() and all(is_terminal(s) for s in streams)
