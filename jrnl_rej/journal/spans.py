"""Span edits of a front matter (what `check --fix` applies), checked like `edit.set_key` edits.

A rule's fix replaces a value's text where it stands (`Nov 3, 2026` becomes
`2026-11-03`). The spans come from the reader; they are applied to the text as it
is now, from the end backwards, and the result is read again: each replaced value
must read as the new text says, every other value's source must be unchanged,
no key may come or go and the notes below the front matter must stay. When that
does not hold, EditError says why and nothing should be written.

A block scalar (`applied: >` with `  Nov 3, 2026` below it) is replaced from its
indicator to its last character: the line break, blank lines and comments after
it stay where they are (reading.nodes.replace_end).
"""

from __future__ import annotations

from .edit import EditError, _expected, _meaning, load_document

__all__ = ["apply_spans"]


def apply_spans(text: str, edits) -> str:
    """`text` with each Edit(start, end, text) applied; EditError when that is not safe."""
    from ..reading.nodes import replace_end

    doc = load_document(text)
    wanted: dict[str, dict[int | None, tuple]] = {}
    for edit in edits:
        if "\n" in edit.text or "\r" in edit.text:
            raise EditError(f"a value must be one line: {edit.text!r}")
        key, index = _target(doc, edit, replace_end)
        kind, meaning = _expected(edit.text)
        if kind != "scalar":
            raise EditError(f"{key}: only single values can be written this way: {edit.text!r}")
        wanted.setdefault(key, {})[index] = meaning
    new_text = text
    last_start = len(text) + 1
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        if edit.end > last_start:
            raise EditError("two fixes would change the same text")
        new_text = new_text[: edit.start] + edit.text + new_text[edit.end :]
        last_start = edit.start
    if new_text == text:
        return text
    meanings = {}
    for key, replaced in wanted.items():
        kind, before = _meaning(doc.entries[key])
        if kind == "scalar":
            meanings[key] = ("scalar", replaced[None])
        else:
            meanings[key] = ("list", [replaced.get(i, item) for i, item in enumerate(before)])
    return _verify(doc, new_text, meanings)


def _target(doc, edit, replace_end) -> tuple[str, int | None]:
    """The key (and list index, None for a single value) whose value `edit` replaces."""
    for key, entry in doc.entries.items():
        if not entry.value_start <= edit.start <= entry.value_end:
            continue
        scalars = [(None, entry.scalar)] if entry.value_kind == "scalar" else list(enumerate(entry.items))
        for index, scalar in scalars:
            if scalar is not None and scalar.start == edit.start and (
                replace_end(doc.text, scalar) <= edit.end <= scalar.end
            ):
                return key, index
    raise EditError("the fix no longer matches a value in the file")


def _verify(old, new_text: str, meanings: dict[str, tuple]) -> str:
    keys = ", ".join(meanings)
    try:
        new = load_document(new_text)
    except EditError:
        raise EditError(f"changing {keys} would break the front matter; nothing was written") from None
    problem = None
    if set(new.entries) != set(old.entries):
        problem = "the other keys would change"
    elif new_text[new.body_start :] != old.text[old.body_start :]:
        problem = "the notes below the front matter would change"
    else:
        for name, before in old.entries.items():
            after = new.entries[name]
            if name in meanings:
                if after.bad_item is not None or _meaning(after) != meanings[name]:
                    problem = f"{name} would not come out as intended"
                    break
            elif old.text[before.key_start : before.value_end] != new_text[after.key_start : after.value_end]:
                problem = f"{name} would change too"
                break
    if problem:
        raise EditError(f"cannot change {keys} safely ({problem}); nothing was written")
    return new_text
