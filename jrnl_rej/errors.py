"""The one error type that stops a command: it carries a one-line reason and means exit code 2."""


class JrnlError(Exception):
    """An error that stops a command: one line, exit code 2."""
