"""Shell completion: what <TAB> offers beyond click's commands, options and fixed choices.

click runs these when the shell asks (`_JRNL_REJ_COMPLETE=bash_complete` and the words
typed so far); each returns click CompletionItems. Rule names for `rule`, `--select` and
`--ignore` (after a comma too: `--select stale-silent,ov<TAB>`), event names for
`log FILE <TAB>`, and for a FILE only the journal's application files, named from the
current folder as every other command names them. Without a journal to list, a FILE
falls back to the shell's own file completion.

bash inserts what it is given as it is, so for bash a name that needs quoting is given
quoted (BashComplete below); zsh and fish quote what they insert themselves.
"""

from __future__ import annotations

from click.shell_completion import BashComplete, CompletionItem, add_completion_class

from ..core.shell import quote


class QuotingBashComplete(BashComplete):
    """click's bash completion, with each offered word quoted for the shell when it must be
    (a file named `o'reilly-media.md` or `2026-06-06 Δέλτα.md`)."""

    def format_completion(self, item: CompletionItem) -> str:
        value = quote(item.value) if item.type == "plain" else item.value
        return f"{item.type},{value}"


def register() -> None:
    add_completion_class(QuotingBashComplete, "bash")


def rule_names(ctx, param, incomplete: str) -> list[CompletionItem]:
    """Rule names; for --select/--ignore, the last of a comma-separated list."""
    from ..rules import RULES

    head, comma, last = incomplete.rpartition(",")
    given = set(head.split(",")) if comma else set()
    prefix = head + comma
    return [
        CompletionItem(prefix + name, help=RULES[name].summary or None)
        for name in sorted(RULES)
        if name.startswith(last) and name not in given
    ]


def events(ctx, param, incomplete: str) -> list[CompletionItem]:
    """The events `log` records, as its help spells them."""
    from .log_events import EVENTS

    word = incomplete.lower().replace("_", "-")
    return [CompletionItem(name) for name in EVENTS if name.replace("_", "-").startswith(word)]


def kinds(ctx, param, incomplete: str) -> list[CompletionItem]:
    """The kinds of rejection `log FILE rejected --kind` takes."""
    from .log_events import KINDS

    word = incomplete.lower().replace("-", "_")
    return [CompletionItem(name) for name in KINDS if name.startswith(word)]


def application_files(ctx, param, incomplete: str) -> list[CompletionItem]:
    """The journal's application files whose name, from the current folder, starts with
    what was typed; the shell's file completion when there is no journal to list."""
    import os

    from ..core.config import load
    from ..core.errors import JrnlError
    from ..journal.discover import discover
    from .session import journal_root

    options = dict(ctx.find_root().ensure_object(dict))
    options.update(ctx.ensure_object(dict))
    try:
        root = journal_root(options.get("journal"))
        found = discover(root, load(root))
    except (JrnlError, OSError):
        return [CompletionItem(incomplete, type="file")]
    here = os.getcwd()
    typed = os.path.normpath(incomplete) if incomplete.startswith("./") else incomplete
    shown = []
    for relpath in found:
        full = os.path.join(root, *relpath.split("/"))
        # from the current folder; a file above it only once '../' (or '/') is typed
        name = full if typed.startswith("/") else os.path.relpath(full, here)
        if name.startswith("..") and not typed.startswith(".."):
            continue
        if name.startswith(typed) and name.isprintable():
            shown.append(name)
    return [CompletionItem(name) for name in sorted(shown)]
