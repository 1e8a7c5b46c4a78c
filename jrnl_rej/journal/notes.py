"""Plain notes: Markdown files with no front matter at all, which `plain_notes = "skip"` leaves out.

A vault holds daily notes, meeting notes and ideas beside the applications. With the
setting, a file whose first line (after a byte-order mark) is not `---` (nor `+++`, TOML
front matter, which stays an error) is a note: discovery leaves it out, as it does an
excluded file, so it is neither checked nor counted. Only the first line is read.
"""

from __future__ import annotations

import os

_PEEK = 512  # the first line is what tells; a longer one is not a front matter's `---`


def has_front_matter(head: bytes | str) -> bool:
    """Whether text that starts like this has front matter (or tries to: `---` or `+++`)."""
    if isinstance(head, str):
        head = head.encode("utf-8", "surrogatepass")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    first = head.split(b"\n", 1)[0].rstrip(b" \t\r")
    return first in (b"---", b"+++")


def is_plain_note(path: str) -> bool:
    """Whether the file at `path` is a plain note; a file that cannot be read is not (the
    reader says why it cannot)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        head = os.read(fd, _PEEK)
    except OSError:
        return False
    finally:
        os.close(fd)
    return not has_front_matter(head)


def left_out_as_note(path: str, config) -> bool:
    """Whether the config leaves this file out as a plain note (`plain_notes = "skip"`)."""
    return config.plain_notes == "skip" and is_plain_note(path)
