"""The one error type that stops a command: it carries a one-line reason and means exit code 2."""


class JrnlError(Exception):
    """An error that stops a command: one line, exit code 2."""


def stopped(exc: BaseException) -> int:
    """How a command that stopped on a JrnlError, a closed pipe or Ctrl-C ends, the same
    from the command line and from entry.py: what it says on stderr, and its exit code."""
    import sys

    if isinstance(exc, JrnlError):
        from .text import clean

        sys.stderr.write(f"jrnl-rej: {clean(str(exc))}\n")
        sys.stderr.flush()
        return 2
    if isinstance(exc, BrokenPipeError):
        # `jrnl-rej check | head`: the reader left; that is not an error of ours.
        sys.stderr.close()
        return 0
    if isinstance(exc, KeyboardInterrupt):
        sys.stderr.write("\n")
        sys.stderr.flush()
        return 130
    raise exc
