"""Paths as a person sees them, and as a pasted command needs them (SPEC §1).

Rules are pure: they know a file by its path relative to the journal root, and never
the current folder. A rule message that suggests a command names the file with FILE
(a placeholder no file can hold by accident); whoever prints the message fills it in
with `fill`: text and GitHub output with the path relative to the current folder
(absolute when the file is not under it), JSON with the journal-relative path, and
always quoted for a POSIX shell.
"""

from __future__ import annotations

import os
import re

# The placeholder for "the file this message is about" in a suggested command.
FILE = "\x1fFILE\x1f"

_UNSAFE = re.compile(r"[^\w@%+=:,./-]", re.ASCII).search


def quote(text: str) -> str:
    """shlex.quote, without importing shlex on the hook's path: '' for the empty string,
    the text itself when a POSIX shell takes it as one word, else single-quoted."""
    if not text:
        return "''"
    if _UNSAFE(text) is None:
        return text
    return "'" + text.replace("'", "'\"'\"'") + "'"


def shown_path(root, relpath: str, cwd: str | None = None) -> str:
    """Where `relpath` (relative to the journal `root`, '/'-separated) is, seen from `cwd`
    (the current folder when None): relative when it lies under it, else absolute."""
    return _seen(os.path.abspath(root), os.path.abspath(cwd if cwd is not None else os.getcwd()), relpath)


def _seen(root: str, here: str, relpath: str) -> str:
    """shown_path, given both folders absolute and normalised."""
    if os.sep == "/" and "//" not in relpath and "/." not in "/" + relpath and relpath[-1:] != "/":  # clean
        full = root.rstrip("/") + "/" + relpath if relpath else root
    else:
        full = os.path.normpath(os.path.join(root, *relpath.split("/")))
    if full == here:
        return os.curdir
    inside = here.rstrip(os.sep) + os.sep
    # Both normalised and absolute: what os.path.relpath gives, at a fraction of its cost
    # (a check prints thousands of paths).
    return full[len(inside):] if full.startswith(inside) else full


def command_path(root, relpath: str, cwd: str | None = None) -> str:
    """The file as an argument of a command pasted into a shell in `cwd`."""
    return quote(shown_path(root, relpath, cwd))


def fill(message: str, arg: str) -> str:
    """The message with FILE replaced by `arg` (already quoted)."""
    if FILE not in message:
        return message
    return message.replace(FILE, arg)


class Places:
    """shown_path and command_path for many files of one journal, from one current folder."""

    __slots__ = ("root", "cwd", "_shown")

    def __init__(self, root, cwd: str | None = None):
        self.root = os.path.abspath(root)
        self.cwd = os.path.abspath(cwd if cwd is not None else os.getcwd())
        self._shown: dict[str, str] = {}

    def shown(self, relpath: str) -> str:
        found = self._shown.get(relpath)
        if found is None:
            found = self._shown[relpath] = _seen(self.root, self.cwd, relpath)
        return found

    def command(self, relpath: str) -> str:
        return quote(self.shown(relpath))

    def message(self, relpath: str, message: str) -> str:
        return fill(message, self.command(relpath)) if FILE in message else message


def journal_places(relpath: str, message: str) -> str:
    """A message as JSON shows it: FILE as the journal-relative path, quoted."""
    return fill(message, quote(relpath))
