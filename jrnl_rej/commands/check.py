"""`jrnl-rej check [PATH...]`: lint the journal, print what was found, and pick the exit code.

The command line (cli.py) and the plain hook line (entry.py) both end in `show`, so that
they print the same bytes.
"""

from __future__ import annotations

import os
from collections import namedtuple

from ..core.errors import JrnlError

# What `check` was asked for (a named tuple, not typing.NamedTuple: the hook line never imports typing).
# fmt is text, json or github; select and ignore are sets of rule names.
Options = namedtuple(
    "Options", "paths fmt select ignore fix unsafe_fixes exit_zero statistics",
    defaults=((), "text", frozenset(), frozenset(), False, False, False, False),
)  # fmt: skip


def split_rules(values: tuple[str, ...]) -> frozenset[str]:
    """Rule names given as repeated or comma-separated options. Raises ValueError for an unknown one."""
    if not values:
        return frozenset()
    from ..core.text import closest
    from ..rules import RULES

    names = {n.strip() for v in values for n in v.split(",") if n.strip()}
    for name in names:
        if name not in RULES:
            hint = closest(name, list(RULES))
            tail = f" (did you mean '{hint}'?)" if hint else "; see 'jrnl-rej rule'"
            raise ValueError(f"unknown rule {name!r}{tail}")
    return frozenset(names)


def run(session, options: Options, out, err) -> int:
    """Check (and with --fix, first fix) the journal; print to `out` and `err`; return the exit code."""
    from ..outputs.diagnostics import clean

    chosen = _selected_paths(session, options.paths)
    fixed = 0
    text = options.fmt == "text"
    if options.fix or options.unsafe_fixes:
        from ..journal.fixes import apply_fixes

        outcome = apply_fixes(session, session.analyse(progress=text), unsafe=options.unsafe_fixes,
                              keep=lambda d: _shown(d, options, chosen))  # fmt: skip
        if text:
            for relpath in outcome.paths:
                err.write(f"Fixed {clean(relpath)}\n")
        for relpath, why in [*outcome.left, *outcome.skipped]:  # in every format: stderr is the person's
            err.write(f"Not fixed {clean(relpath)}: {clean(why)}\n")
        if outcome.failed:
            for relpath, why in outcome.failed[:-1]:
                err.write(f"Not fixed {clean(relpath)}: {clean(why)}\n")
            relpath, why = outcome.failed[-1]
            raise JrnlError(f"not fixed {relpath}: {why}")
        fixed = outcome.count
        if fixed:
            session.refresh()
    findings = session.check(progress=text)
    shown = [d for d in findings.diagnostics if _shown(d, options, chosen)]
    files = len(findings.paths) if chosen is None else sum(1 for p in findings.paths if _in_selection(p, chosen))
    return show(shown, options, files, session.today, str(session.root), out, err, fixed)


def show(shown: list, options: Options, files: int, today, journal: str, out, err, fixed: int = 0) -> int:
    """Print the findings as `options.fmt` asks, the hints on `err`; return the exit code."""
    from ..outputs import diagnostics as output

    colour = options.fmt == "text" and output.use_colour(out)
    lines, hints = output.check_output(shown, options.fmt, files, today, journal, fixed=fixed,
                                       statistics=options.statistics, fixing=options.fix or options.unsafe_fixes,
                                       colour=colour)  # fmt: skip
    if lines:
        out.write("\n".join(lines) + "\n")
        out.flush()
    for hint in hints:
        err.write(hint + "\n")
        err.flush()
    return output.check_exit_code(shown, options.exit_zero)


def _selected_paths(session, paths: tuple[str, ...]) -> set[str] | None:
    """Relative paths named on the command line; None means the whole journal."""
    if not paths:
        return None
    from ..journal.discover import why_not_application
    from ..journal.writer import is_inside

    root_real = os.path.realpath(session.root)
    chosen: set[str] = set()
    for given in paths:
        real = os.path.realpath(given)
        if not is_inside(root_real, real):
            raise JrnlError(f"{given}: not inside the journal {session.root}")
        if not os.path.exists(real):
            raise JrnlError(f"{given}: no such file")
        rel = os.path.relpath(real, root_real).replace(os.sep, "/")
        if os.path.isdir(real):
            why = None if rel == "." else why_not_application(rel + "/-.md", session.config)
            if why is not None:  # a folder jrnl-rej never walks: checking it would check nothing
                raise JrnlError(f"{given}: no application files in it ({why}); "
                                "run 'jrnl-rej check' for the whole journal")  # fmt: skip
            chosen.add("" if rel == "." else rel + "/")
            continue
        why = why_not_application(rel, session.config)
        if why is None and session.config.plain_notes == "skip":
            from ..journal.notes import is_plain_note

            if is_plain_note(real):
                why = "it has no front matter, and plain_notes = \"skip\" in jrnl-rej.toml leaves such notes out"
        if why is not None:
            raise JrnlError(f"{given}: not an application file ({why}); name an application, "
                            "or run 'jrnl-rej check' for the whole journal")  # fmt: skip
        chosen.add(rel)
    return chosen


def _in_selection(path: str, chosen: set[str] | None) -> bool:
    if chosen is None:
        return True
    return path in chosen or any(c.endswith("/") and path.startswith(c) or c == "" for c in chosen)


def _shown(diag, options: Options, chosen) -> bool:
    if options.select and diag.rule not in options.select:
        return False
    if diag.rule in options.ignore:
        return False
    return _in_selection(diag.path, chosen)
