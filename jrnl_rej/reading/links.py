"""Obsidian's wikilinks read as the text they show (`[[Jane Doe]]` is Jane Doe), and its
template placeholders told apart from values.

Obsidian writes a link in a property as `"[[Target]]"`, or `"[[Target|Alias]]"` to show
the alias; `[[Note#Heading]]` shows as `Note > Heading`, and a link with a folder
(`[[people/Jane Doe]]`) is the note's name. A text field holding such a link
means the person or company it names, so the reader takes the shown text, and every place a
value appears (drafts, the report, the index, `today`, `log`) shows it without brackets.
"""

from __future__ import annotations

import re

_WIKILINK = re.compile(r"!?\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")


def _shown(match: re.Match) -> str:
    target, alias = match.group(1), match.group(2)
    if alias is not None and alias.strip():
        return alias.strip()
    target = target.strip()
    # The note's name, not its folder: `[[people/Jane Doe]]` is Jane Doe (who a reply greets).
    head, hash_, tail = target.partition("#")
    head = head.rsplit("/", 1)[-1]
    target = (head[:-3] if head.endswith(".md") else head) + hash_ + tail
    if "#" in target:  # a heading or block link: Obsidian shows `Note > Heading`
        note, _, heading = target.partition("#")
        heading = heading.lstrip("^#")
        return f"{note.strip()} > {heading.strip()}" if note.strip() else heading.strip()
    return target


def link_text(value: str) -> str:
    """The text with every wikilink replaced by what Obsidian shows for it."""
    if "[[" not in value:
        return value
    return _WIKILINK.sub(_shown, value).strip() or value


_PLACEHOLDER = re.compile(r"\{\{[^{}\n]*\}\}|<%.*?%>")


def is_placeholder(raw: str) -> bool:
    """Whether a value as written is a template placeholder: `{{date}}`, `"{{title}}"` (the core
    Templates plugin) or `<% tp.date.now() %>` (Templater), which a template holds until a note
    is made from it."""
    return ("{{" in raw or "<%" in raw) and _PLACEHOLDER.search(raw) is not None
