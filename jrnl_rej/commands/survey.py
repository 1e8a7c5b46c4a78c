"""What `init` finds in a folder that already holds notes, and the settings that fit it.

An Obsidian vault or a notes folder holds daily notes, templates and drafts beside the
applications. Read as they are, each would be an error. `init` looks at every Markdown
file once and proposes, in the jrnl-rej.toml it writes: `exclude` globs for the folders
that hold no application at all (and for templates and drafts), and
`plain_notes = "skip"` when notes without front matter sit beside applications.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..journal.notes import has_front_matter

_DRAFT_FOLDERS = frozenset(("drafts", "Drafts", "draft", "Draft"))
_READ_AT_MOST = 256 * 1024  # a note larger than this is not an application's front matter


@dataclass
class Survey:
    applications: int = 0  # those left in (not in a folder proposed for exclude)
    notes: list[str] = field(default_factory=list)  # no front matter at all
    templates: list[str] = field(default_factory=list)  # placeholders such as {{date}}
    others: list[str] = field(default_factory=list)  # front matter, but none of company, role, applied
    exclude: list[str] = field(default_factory=list)  # the globs proposed
    skip_notes: bool = False  # whether to propose plain_notes = "skip"

    @property
    def proposes(self) -> bool:
        return bool(self.exclude or self.skip_notes)


def _kind(root: Path, relpath: str) -> str:
    """'application', 'note', 'template' or 'other' for one Markdown file."""
    from ..reading.reader import read_bytes

    try:
        with open(os.path.join(root, relpath), "rb") as handle:
            data = handle.read(_READ_AT_MOST)
    except OSError:
        return "other"
    if not has_front_matter(data):
        return "note"
    result = read_bytes(relpath, data, None)
    if any(d.rule == "front-matter" and "looks like a template" in d.message for d in result.diagnostics):
        return "template"
    app = result.application
    # One of the three is there: an application with a mistake, which check will show.
    return "application" if app.company or app.role or app.applied else "other"


def _glob_escape(name: str) -> str:
    """A path as a glob that names only it ([, * and ? stand for themselves)."""
    return "".join(f"[{ch}]" if ch in "[*?" else ch for ch in name)


def survey(root: Path, found: list[str]) -> Survey:
    """Look at the Markdown files `found` (as discovery lists them with the defaults)."""
    seen = Survey()
    by_folder: dict[str, list[tuple[str, str]]] = {}
    for relpath in found:
        kind = _kind(root, relpath)
        folder = relpath.split("/", 1)[0] if "/" in relpath else ""
        by_folder.setdefault(folder, []).append((relpath, kind))
        if kind != "application":
            {"note": seen.notes, "template": seen.templates, "other": seen.others}[kind].append(relpath)
    for folder in sorted(by_folder):
        files = by_folder[folder]
        kinds = {kind for _, kind in files}
        if folder and (folder in _DRAFT_FOLDERS or "application" not in kinds):
            seen.exclude.append(f"{_glob_escape(folder)}/**")  # daily notes, templates, drafts
            continue
        seen.applications += sum(1 for _, kind in files if kind == "application")
        # Beside applications: templates and notes with other properties are left out by name,
        # notes without front matter by plain_notes.
        seen.exclude += [_glob_escape(relpath) for relpath, kind in files if kind in ("template", "other")]
        if "note" in kinds:
            seen.skip_notes = True
    return seen


def config_lines(seen: Survey) -> dict[str, str]:
    """The setting lines that replace the commented defaults in jrnl-rej.toml."""
    import json

    lines = {}
    if seen.exclude:
        lines["# exclude = []"] = ("# Proposed by 'jrnl-rej init' from what was here: none of these are applications.\n"
                                   f"exclude = {json.dumps(seen.exclude, ensure_ascii=False)}")  # fmt: skip
    if seen.skip_notes:
        lines['# plain_notes = "error"'] = ("# Proposed by 'jrnl-rej init': notes without front matter sit beside "
                                            'the applications.\nplain_notes = "skip"')  # fmt: skip
    return lines


def told(seen: Survey) -> list[str]:
    """What init says about the proposals, a line each."""
    from ..core.text import clean

    out = []
    if seen.exclude:
        shown = ", ".join(clean(glob) for glob in seen.exclude[:6]) + (", ..." if len(seen.exclude) > 6 else "")
        out.append(f"  jrnl-rej.toml leaves out what holds no application: exclude = [{shown}]")
    if seen.skip_notes:
        out.append('  jrnl-rej.toml skips notes without front matter: plain_notes = "skip"')
    if out:
        out.append("  (look at jrnl-rej.toml: if one of those is an application after all, take it out)")
    return out
