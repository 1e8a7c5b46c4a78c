"""The check of a journal on disk, wrapped by the last check's findings.

check_journal, journal_check and fresh_check are the one place that checks the journal
on disk. When nothing changed since the last check, its findings are the answer, without
reading the cache of every file or running a rule. Otherwise the journal is loaded
(loader.py), the rules run over it (rules/engine.py), and their findings are kept for
the next check. `check` needs only the findings (journal_check); report, index and
calendar need the applications too, and take them from the read cache (check_journal).
`today` and the plain hook line ask recall() first, and check only when it has nothing.

The rules are pure: what `check` finds depends only on the files, the config, the code
and `today`. So the findings of a check are kept beside the read cache (cache.py), with
everything they depend on: the tool's version and sources, the Python, the journal's
real path, the whole config, the day, every path and every file's stamp (mtime_ns,
ctime_ns, size, inode). They are used only when all of it is exactly the same again.

A file that changed within the racy margin before the check began (see cache.py) could
be edited again within one tick of the file system's clock and keep its stamp; that is
the file a commit has just edited. So the memo also holds the bytes such a file was
checked from, and is used only when the file still holds exactly those bytes (git
compares a racy file's content the same way). When it cannot hold them (the file was
read in a worker process, or the files just edited hold more than loader.HELD_MAX bytes),
the findings are not kept. The file is written and checked whole as store.py does for
every cache file: marshal of plain values behind a magic line, length and CRC-32.
Anything unexpected means "not remembered": the check runs in full and writes it anew.
"""

from __future__ import annotations

import marshal
import os
import struct
import sys
from collections import namedtuple

from .. import __version__
from ..core.diagnostics import Diagnostic
from . import store

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a few ms)
if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from ..core.config import Config
    from ..core.model import Analysis
    from ..reading.reader import ReadResult
    from ..rules.engine import FileRulesAsRead
    from .discover import Scan

MAGIC = b"jrnl-rej last check\n"
FORMAT = 2
_STAMP = struct.Struct("<qqQQ")

# What `check` prints: the journal's files and every diagnostic, sorted. A named tuple,
# not a dataclass: the plain hook line loads this module.
Findings = namedtuple("Findings", "paths diagnostics")


def check_journal(root: Path, config: Config, today: date, progress=None, stored: tuple | None | bool = False,
                  ) -> Analysis:  # fmt: skip
    """The whole journal read (through the read cache) and analysed: with the last check's
    findings when nothing changed since (no rule is loaded), else by running the rules.
    `stored` is what read(root) gave, when the caller has read it already."""
    from ..core.model import Analysis
    from .discover import scan
    from .loader import load_journal

    if stored is False:
        stored = read(root)
    found = scan(root, config, stat=stored is not None)  # else load_journal takes the stamps it needs
    held: dict[str, bytes] = {}
    key = None if stored is None else _key(root, config, today, found)
    if key is not None and stored[0] == key:  # the findings may hold: no rule is needed yet
        moved: list[str] = []
        results = load_journal(root, config, progress=progress, found=found, moved=moved, held=held)
        remembered = None if moved else _recall(root, config, today, found, stored, held, key)
        if remembered is not None:
            diagnostics, skipped = remembered
            left_out = set(skipped)
            for result in results:
                result.application.today = today
            usable = [r.application for r in results if r.application.path not in left_out]
            return Analysis(today, results, diagnostics, usable, skipped)
        return _analysed(root, config, today, found, results, held=None if moved else held)
    return _full_check(root, config, today, found, progress)


def journal_check(root: Path, config: Config, today: date, progress=None) -> Findings:
    """check_journal's paths and diagnostics; the last check's when nothing changed since."""
    found, remembered = recall(root, config, today)
    if remembered is not None:
        return Findings(found.paths, remembered[0])
    return fresh_check(root, config, today, found, progress=progress)


def fresh_check(root: Path | str, config: Config, today: date, found: Scan, progress=None,
                source: bytes | None | bool = False) -> Findings:  # fmt: skip
    """check_journal over the files of a scan just made, without asking the memo; its
    findings are remembered. `source`: the bytes of jrnl-rej.toml that `config` came from,
    when the caller has them."""
    return Findings(found.paths, _full_check(root, config, today, found, progress, source).diagnostics)


def _full_check(root, config: Config, today: date, found: Scan, progress=None,
                source: bytes | None | bool = False) -> Analysis:  # fmt: skip
    """Every file loaded (the rules that look at one file run as each is read), then the
    rules over the journal; the findings remembered (`source` as for remember)."""
    from ..rules.engine import FileRulesAsRead
    from .loader import load_journal

    early = FileRulesAsRead(config, today, len(found.paths))
    held: dict[str, bytes] = {}
    results = load_journal(root, config, progress=progress, found=found, each=early, held=held)
    return _analysed(root, config, today, found, results, source, early, held)


def _analysed(root, config: Config, today: date, found: Scan, results: list[ReadResult],
              source: bytes | None | bool = False, early: FileRulesAsRead | None = None,
              held: dict[str, bytes] | None = None) -> Analysis:  # fmt: skip
    """analyse(), with the findings remembered for the next check (`source` and `held` as
    for remember)."""
    from ..rules.engine import analyse

    analysis = analyse(results, config, today, early)
    remember(root, config, today, found, analysis.diagnostics, analysis.skipped, source, held)
    return analysis


# -- the memo file ----------------------------------------------------------------------------


def _memo_path(root) -> str | None:
    folder = store.cache_folder()
    if folder is None or not store.private_folder(folder):
        return None
    return store.cache_path(folder, root, ".last")


def _key(root, config, today, found) -> tuple | None:
    """What the findings depend on, as plain values; None when a file could not be stat'ed."""
    if any(stamp is None for stamp in found.stamps):
        return None
    try:
        stamps = b"".join([_STAMP.pack(*stamp) for stamp in found.stamps])
    except struct.error:  # a time past what 64 bits of nanoseconds hold (after 2262): not remembered
        return None
    paths = "\0".join(found.paths)  # no path holds a NUL: one string to compare, not 10,000
    return (FORMAT, _code(), os.path.realpath(root), config.key(), today.toordinal(), paths, stamps)


def _code() -> tuple:
    return (__version__, store.code_stamp(), sys.implementation.cache_tag, marshal.version)


def read(root) -> tuple | None:
    """What the memo file holds: (key, the config file's bytes, findings, the files with errors,
    the racy files' bytes); None if nothing usable."""
    path = _memo_path(root)
    if path is None:
        return None
    try:
        payload = store.unseal(path, MAGIC)
        stored = None if payload is None else marshal.loads(payload)
    except Exception:  # missing, damaged, foreign: check in full instead
        return None
    if type(stored) is not tuple or len(stored) != 5 or type(stored[0]) is not tuple or len(stored[0]) != 7:
        return None
    return stored


def config_for(stored: tuple | None, source: bytes | None):
    """The Config the last check used, when jrnl-rej.toml holds the same bytes and the code is
    the same: what parsing it again would give, without loading a TOML parser."""
    from ..core.config import parse

    if stored is None or stored[1] != source or stored[0][:2] != (FORMAT, _code()):
        return None
    try:  # checked as jrnl-rej.toml is: a memo that does not hold a valid config is damaged
        key = stored[0][3]
        index, exclude, date_order, thresholds, ignore, severity, plain_notes = key
        rules = {"ignore": list(ignore), "severity": dict(severity)}
        data = {"index": index, "exclude": list(exclude), "thresholds": dict(thresholds), "rules": rules,
                "plain_notes": plain_notes}
        if date_order is not None:
            data["date_order"] = date_order
        config = parse(data)
        return config if config.key() == key else None
    except Exception:
        return None


def recall(root, config, today, stored: tuple | None | bool = False):
    """(the journal's scan, what the last check found in it: (findings, the files with errors,
    which the report leaves out), or None when any of it no longer holds). `stored` is what
    read(root) gave, when the caller has read it already. With no memo there is nothing to
    compare stamps with, so the walk takes none (a first check takes each one as it reads
    the file)."""
    from .discover import scan

    if stored is False:
        stored = read(root)
    found = scan(root, config, stat=stored is not None)
    return found, (None if stored is None else _recall(root, config, today, found, stored))


def _recall(root, config, today, found, stored: tuple | None | bool = False,
            just_read: dict[str, bytes] | None = None, key: tuple | None = None):  # fmt: skip
    """(findings, the files with errors) of the last check, when nothing they depend on has
    changed since `found` was made, and each racy file still holds the bytes it was checked
    from (those in `just_read`, the files just read, else what is on disk now); else None.
    `key`: _key() of these, when the caller has it."""
    key = key or _key(root, config, today, found)
    if key is None:
        return None
    if stored is False:
        stored = read(root)
    if stored is None or stored[0] != key:
        return None
    try:
        paths = found.paths
        skipped = [paths[i] for i in stored[3] if type(i) is int and i >= 0]
        if len(skipped) != len(stored[3]) or not _still_holds(root, paths, stored[4], just_read or {}):
            return None
        findings = _decode(paths, stored[2]), skipped
    except Exception:  # a finding we would not have written: check in full instead
        return None
    if stored[4] and not any(store.racy(found.stamps[where], found.started_ns) for where, _ in stored[4]):
        _forget_bytes(root, stored)  # still since: their stamps tell from now on (a fresh clone held them all)
    return findings


def _forget_bytes(root, stored: tuple) -> None:
    """Write the memo again without the racy files' bytes, once those files are still."""
    path = _memo_path(root)
    if path is not None:
        store.write_private(path, store.seal(MAGIC, marshal.dumps((*stored[:4], ()), 4)))


def _still_holds(root, paths: list[str], held, just_read: dict[str, bytes]) -> bool:
    for where, data in held:
        if type(where) is not int or type(data) is not bytes:
            return False
        relpath = paths[where]
        if relpath in just_read:
            if just_read[relpath] != data:
                return False
        elif not store.still_holds(root, relpath, data):
            return False
    return True


def remember(root, config, today, found, diagnostics: list[Diagnostic], skipped=(),
             source: bytes | None | bool = False, held: dict[str, bytes] | None = None) -> bool:  # fmt: skip
    """Keep the findings of a check (and the files whose errors keep them out of the report)
    for the next one. `source` is the bytes of jrnl-rej.toml that `config` was read from,
    when the caller has them (None: no file). `held` has the bytes each racy file was
    checked from (load_journal's); without them, the findings are not kept. Never raises;
    False when not kept."""
    from ..core.config import from_source, read_source

    path = _memo_path(root)
    key = _key(root, config, today, found)
    if path is None or key is None:
        return False
    held = held or {}
    newest = found.started_ns - store.RACY_MARGIN_NS  # store.racy(), inline: 10,000 calls add up
    racy = [i for i, stamp in enumerate(found.stamps) if stamp[0] >= newest or stamp[1] >= newest]
    if any(found.paths[i] not in held for i in racy):
        return False  # a file changed too recently to be told apart from its next edit
    try:
        if source is False:
            source = read_source(root)
            if from_source(source).key() != config.key():
                return False  # the config file changed during the check: these bytes did not give this config
        number = {relpath: i for i, relpath in enumerate(found.paths)}
        kept = tuple((i, held[found.paths[i]]) for i in racy)
        payload = marshal.dumps((key, source, _encode(number, diagnostics), tuple(number[p] for p in skipped), kept), 4)
    except Exception:
        return False
    return store.write_private(path, store.seal(MAGIC, payload))


def _encode(number: dict[str, int], diagnostics: list[Diagnostic]) -> tuple:
    out = []
    for diag in diagnostics:
        where = number.get(diag.path)
        if where is None:
            raise store.Unencodable("a finding about a file that is not in the journal")
        out.append((where, diag.line, diag.column, diag.rule, diag.severity, diag.message,
                    store.encode_fix(diag.fix)))  # fmt: skip
    return tuple(out)


def _decode(paths: list[str], encoded) -> list[Diagnostic]:
    out = []
    make, decode_fix = Diagnostic._make, store.decode_fix
    for where, line, column, rule, severity, message, fix in encoded:
        if not (type(where) is int and where >= 0 and type(line) is int and type(column) is int and type(rule) is str
                and type(severity) is str and type(message) is str):  # fmt: skip
            raise ValueError("bad finding")
        fix = None if fix is None else decode_fix(fix)
        out.append(make((paths[where], line, column, rule, severity, message, fix)))
    return out
