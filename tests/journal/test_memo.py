"""The last check's findings, remembered (memo.py), and the quick answer that uses them
before the command line loads (entry.py): always the same bytes as a full check."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from datetime import date

import pytest
from conftest import REPO, TODAY, app_file, write_journal
from shapes import check_output
from test_cache import FILES, OLD_NS, _key, age

from jrnl_rej import entry
from jrnl_rej.core.config import load
from jrnl_rej.journal import loader, memo, store
from jrnl_rej.journal.discover import scan
from jrnl_rej.journal.memo import journal_check


@pytest.fixture
def loads(monkeypatch):
    """How many times a check read the journal in full (not from the memo)."""
    calls = []
    real = loader.load_journal

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(loader, "load_journal", counting)
    return calls


def memo_files(folder) -> list:
    return sorted(p for p in folder.iterdir() if p.suffix == ".last") if folder.exists() else []


def fresh_check(run, root, monkeypatch, *args) -> tuple[str, str, int]:
    with monkeypatch.context() as patch:
        patch.setenv("JRNL_REJ_NO_CACHE", "1")
        result = run(root, "check", *args)
    return result.stdout, result.stderr, result.exit_code


def check(run, root, *args) -> tuple[str, str, int]:
    result = run(root, "check", *args)
    return result.stdout, result.stderr, result.exit_code


def test_an_unchanged_journal_is_answered_from_the_memo(journal, run, cache_dir, loads, monkeypatch):
    root = journal(FILES, config='date_order = "DMY"\n')
    age(root)
    first = check(run, root, "--format", "json")
    assert loads == [1] and len(memo_files(cache_dir)) == 1
    second = check(run, root, "--format", "json")
    assert loads == [1]  # nothing read: the memo answered
    assert first == second == fresh_check(run, root, monkeypatch, "--format", "json")
    for args in ([], ["--statistics"], ["--format", "github"], ["--exit-zero"], ["--select", "non-iso-date"]):
        before = len(loads)
        cached = check(run, root, *args)
        assert len(loads) == before
        assert cached == fresh_check(run, root, monkeypatch, *args)


def test_any_change_means_a_full_check(journal, run, cache_dir, loads, monkeypatch):
    root = journal(FILES)
    age(root)
    check(run, root)
    assert loads == [1]

    def changed(*args, today="2026-11-25"):
        before = len(loads)
        got = run(root, "check", "--format", "json", *args, today=today)
        with monkeypatch.context() as patch:
            patch.setenv("JRNL_REJ_NO_CACHE", "1")
            want = run(root, "check", "--format", "json", *args, today=today)
        assert got.stdout == want.stdout and got.exit_code == want.exit_code
        assert len(loads) == before + 2, "the memo answered, but something had changed"
        again = run(root, "check", "--format", "json", *args, today=today)
        assert again.stdout == got.stdout and len(loads) == before + 2, "not remembered after the change"
        return got.stdout

    # Same size, same mtime, same inode: only the content (and ctime) moved.
    path = root / "2026/10/acme.md"
    text = path.read_text()
    edited = text.replace("rejected: 2026-11-20", "rejected: 2026-11-23")
    assert len(edited) == len(text)
    with open(path, "r+") as fh:
        fh.write(edited)
    os.utime(path, ns=(OLD_NS, OLD_NS))
    changed()
    os.rename(root / "2026/10/hooli.md", root / "2026/10/hooli-renamed.md")
    assert "hooli-renamed.md" in changed()
    os.unlink(root / "2026/11/dup-2.md")
    assert "duplicate-application" not in changed()
    write_journal(root, {"2026/11/new.md": app_file(company="Nakatomi", role="Guard", applied="2026-10-01")})
    assert "2026/11/new.md" in changed()
    # The day: findings are worked out against --today.
    changed(today="2026-12-20")
    # The config: thresholds change what the rules find, without touching a file.
    (root / "jrnl-rej.toml").write_text("[thresholds]\nsilent_after_days = 5\n")
    changed()
    (root / "jrnl-rej.toml").write_text('[rules]\nignore = ["stale-silent"]\n')
    changed()
    # Another version of the tool.
    monkeypatch.setattr(memo, "__version__", "0.0.0-other")
    changed()


def _racy_journal(journal, run, monkeypatch):
    """A journal checked once, whose form.md is then edited just now (as before a commit)."""
    monkeypatch.setattr(store, "RACY_MARGIN_NS", 2 * 10**9)
    root = journal(FILES)
    age(root)
    time.sleep(2.1)  # the ctimes age() just moved
    check(run, root)
    now = time.time_ns()
    (root / "2026/11/form.md").write_text(app_file(company="Umbrella", role="Engineer", applied="2026-11-01"))
    os.utime(root / "2026/11/form.md", ns=(now, now))
    return root


def test_a_file_just_edited_is_remembered_by_its_bytes(journal, run, cache_dir, loads, monkeypatch):
    # A commit's check hook, then its index hook: the second takes what the first found.
    root = _racy_journal(journal, run, monkeypatch)
    first = check(run, root, "--format", "json")
    assert len(loads) == 2
    second = check(run, root, "--format", "json")
    assert len(loads) == 2, "the file just edited was checked again, though it holds the same bytes"
    assert first == second == fresh_check(run, root, monkeypatch, "--format", "json")
    from jrnl_rej.rules import engine

    analysed = []
    real = engine.analyse
    monkeypatch.setattr(engine, "analyse", lambda *a, **k: analysed.append(1) or real(*a, **k))
    assert run(root, "index").exit_code == 0
    assert analysed == [], "the index hook ran the rules again after the check hook"
    with monkeypatch.context() as patch:
        patch.setenv("JRNL_REJ_NO_CACHE", "1")
        assert run(root, "index", "--check").exit_code == 0  # the same index as a full check writes


def test_a_memo_forgets_the_bytes_once_the_file_is_still(journal, run, cache_dir, loads, monkeypatch):
    # A fresh clone: every file racy at the first check. Reading them all again on every
    # later check would cost more than the memo saves; once still, their stamps tell.
    import marshal

    root = _racy_journal(journal, run, monkeypatch)
    first = check(run, root, "--format", "json")
    [path] = memo_files(cache_dir)
    assert marshal.loads(bytes(store.unseal(str(path), memo.MAGIC)))[4] != ()
    monkeypatch.setattr(store, "RACY_MARGIN_NS", 0)  # as two seconds later
    assert check(run, root, "--format", "json") == first
    assert marshal.loads(bytes(store.unseal(str(path), memo.MAGIC)))[4] == ()
    assert check(run, root, "--format", "json") == first
    assert len(loads) == 2  # answered from the memo both times


def test_an_edit_that_keeps_the_stamp_of_a_racy_file_is_seen(journal, run, cache_dir, loads, monkeypatch):
    # Edited again within one tick of a coarse clock: same size, mtime, ctime and inode.
    # Only its bytes tell, and the memo compares them.
    root = _racy_journal(journal, run, monkeypatch)
    check(run, root)
    config = load(root)
    found = scan(root, config)
    assert memo._recall(root, config, TODAY, found) is not None
    path = root / "2026/11/form.md"
    text = path.read_text()
    edited = text.replace("applied: 2026-11-01", "applied: 2026-11-02")
    assert edited != text and len(edited) == len(text)
    path.write_text(edited)
    assert memo._recall(root, config, TODAY, found) is None  # the scan from before the edit: same stamps
    assert memo._recall(root, config, TODAY, found, just_read={"2026/11/form.md": edited.encode()}) is None


def test_a_racy_file_without_its_bytes_is_not_remembered(journal, run, cache_dir, loads, monkeypatch):
    # Read in a worker process (which sends no bytes back), or more than HELD_MAX bytes just edited.
    root = _racy_journal(journal, run, monkeypatch)
    before = memo_files(cache_dir)[0].read_bytes()
    monkeypatch.setattr(loader, "HELD_MAX", 10)
    check(run, root)
    check(run, root)
    assert len(loads) == 3  # not remembered while the file is that new: read both times
    assert memo_files(cache_dir)[0].read_bytes() == before  # and the old memo, for other stamps, stays
    config = load(root)
    found = scan(root, config)
    assert not memo.remember(root, config, TODAY, found, [], held={})


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty", "foreign", "held"])
def test_a_damaged_memo_is_ignored_and_written_anew(journal, run, cache_dir, loads, monkeypatch, damage):
    root = journal(FILES)
    age(root)
    want = check(run, root, "--format", "json")
    path = memo_files(cache_dir)[0]
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # well-formed, but its findings name a file that is not there, or it holds other bytes of one
        import marshal

        payload = bytes(store.unseal(str(path), memo.MAGIC))
        key, source, encoded, skipped, held = marshal.loads(payload)
        if damage == "foreign":
            encoded = ((10**6, *encoded[0][1:]), *encoded[1:])
        else:
            held = ((0, b"other bytes"),)
        path.write_bytes(store.seal(memo.MAGIC, marshal.dumps((key, source, encoded, skipped, held), 4)))
    assert check(run, root, "--format", "json") == want
    assert len(loads) == 2
    assert check(run, root, "--format", "json") == want
    assert len(loads) == 2  # written anew, whole


def test_no_memo_without_the_cache(journal, run, cache_dir, loads, monkeypatch):
    monkeypatch.setenv("JRNL_REJ_NO_CACHE", "1")
    root = journal(FILES)
    age(root)
    check(run, root)
    check(run, root)
    assert len(loads) == 2 and not cache_dir.exists()


def test_fixing_is_never_answered_from_the_memo(journal, run, cache_dir, loads):
    root = journal({"a.md": app_file(company="Acme", role="Dev", applied="Nov 3, 2026")})
    age(root)
    assert "non-iso-date" in check(run, root)[0]
    result = run(root, "check", "--fix")
    assert "applied: 2026-11-03" in (root / "a.md").read_text()
    assert "non-iso-date" not in result.stdout
    os.utime(root / "a.md", ns=(OLD_NS, OLD_NS))
    assert "non-iso-date" not in check(run, root)[0]


def test_findings_equal_a_fresh_check_in_process(journal, cache_dir, monkeypatch):
    root = journal(FILES)
    age(root)
    config = load(root)
    first = journal_check(root, config, TODAY)
    second = journal_check(root, config, TODAY)  # from the memo
    with monkeypatch.context() as patch:
        patch.setenv("JRNL_REJ_NO_CACHE", "1")
        fresh = journal_check(root, config, TODAY)
    assert first == second == fresh
    assert journal_check(root, config, date(2027, 6, 1)) != first


# -- the quick answer (entry.py) --------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--format", "json"],
        ["check", "--format=github"],
        ["check", "--exit-zero", "--statistics"],
        ["--journal", "{root}", "check"],
        ["--journal={root}", "--today=2026-11-25", "check", "--format", "text"],
        ["check", "--journal", "{root}", "--today", "2026-11-25"],
        ["index"],
        ["index", "--check"],
        ["--journal", "{root}", "index", "--today=2026-11-25", "--check"],
        ["today"],
        ["today", "--format", "json"],
        ["--journal", "{root}", "today", "--today=2026-11-25"],
    ],
)
def test_plain_check_lines_are_understood(args):
    assert entry.parse(args) is not None


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["report"],
        ["--help"],
        ["check", "--help"],
        ["--version"],
        ["check", "a.md"],
        ["check", "check"],
        ["check", "--fix"],
        ["check", "--select", "non-iso-date"],
        ["check", "--format", "yaml"],
        ["check", "--format"],
        ["check", "--journal", "a", "--journal", "b"],
        ["check", "--journal", "--today"],
        ["check", "--journal="],
        ["check", "--"],
        ["--format", "json", "check"],
        ["--exit-zero", "check"],
        ["check", "--exit-zero", "--exit-zero"],
        ["check", "--check"],
        ["index", "--format", "json"],
        ["index", "--exit-zero"],
        ["index", "--check", "--check"],
        ["index", "check"],
        ["report"],
        ["today", "--format", "github"],
        ["today", "--check"],
        ["today", "a.md"],
    ],
)
def test_other_lines_go_to_the_command_line(args):
    assert entry.parse(args) is None


def _both_ways(args, cwd, env):
    """(quick entry point, the command line alone): (stdout, stderr, exit code, the index
    file afterwards) of each, from the same index file before."""
    index = cwd / "INDEX.md"
    before = index.read_bytes() if index.exists() else None
    out = []
    for module in ("jrnl_rej", "jrnl_rej.cli"):
        if before is None:
            index.unlink(missing_ok=True)
        else:
            index.write_bytes(before)
        done = subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, env=env, capture_output=True)
        check_output(args, done.stdout, done.returncode)
        out.append((done.stdout, done.stderr, done.returncode, index.read_bytes() if index.exists() else None))
    return out


LINES = [  # (a command line, whether the quick path answers it)
    (["check"], True),
    (["check", "--format", "json"], True),
    (["check", "--format=github"], True),
    (["check", "--statistics"], True),
    (["check", "--exit-zero"], True),
    (["--journal", "{root}", "--today", "2026-11-25", "check"], True),
    (["check", "--journal={root}", "--today=2026-12-31"], True),
    (["check", "--today", "Nov 20, 2026"], True),
    # Lines the quick path leaves to the command line, errors among them.
    (["check", "--select", "non-iso-date"], False),
    (["check", "2026/10/acme.md"], False),
    (["check", "--journal", "{root}/nowhere"], False),
    (["check", "--today", "2026-02-30"], False),
    (["check", "--today", "9999-01-01"], False),
    (["check", "--format", "yaml"], False),
    (["--journal", "", "check"], False),  # the current folder, as on the command line
    (["index", "--check"], None),  # index: answered by quick_index (checked below), not quick_check
    (["index"], None),
    (["index", "--check"], None),  # now current
    (["--today", "2026-12-24", "index"], None),
    (["today"], "today"),  # answered by quick_today, without click
    (["today", "--format", "json"], "today"),
    (["--today", "2026-12-24", "today"], "today"),
    (["--version"], False),  # not a check: quick_check leaves it; main() answers it (same bytes)
    (["-V"], False),
]


PROBE = (
    "import io, sys\n"
    "from jrnl_rej import entry\n"
    "out, sys.stdout = sys.stdout, io.TextIOWrapper(io.BytesIO(), encoding='utf-8')\n"
    "sys.stderr = io.TextIOWrapper(io.BytesIO(), encoding='utf-8')\n"
    "code = getattr(entry, sys.argv[1])(sys.argv[2:])\n"
    "print(code, 'jrnl_rej.journal.loader' in sys.modules, 'tomllib' in sys.modules, 'click' in sys.modules,\n"
    "      'jrnl_rej.rules' in sys.modules, file=out)\n"
)


def _quick(args, cwd, env, function: str = "quick_check") -> str:
    """What entry.quick_check (or another) returned in a fresh interpreter, and whether it
    read files (the loader), parsed the config (tomllib), loaded click and loaded the rules."""
    done = subprocess.run([sys.executable, "-c", PROBE, function, *args], cwd=cwd, env=env, capture_output=True,
                          text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_quick_answer_prints_what_the_command_line_prints(journal, tmp_path):
    root = journal({**FILES, "2026/11/naïve-ünïcode.md": app_file(company="Zoë", role="R&D", applied="Nov 3, 2026")},
                   config="")  # fmt: skip
    age(root)
    time.sleep(2.1)  # the ctimes age() moved: older than the racy margin, so the findings are remembered
    env = {k: v for k, v in os.environ.items() if k not in ("JRNL_REJ_TODAY", "NO_COLOR", "JRNL_REJ_NO_CACHE")}
    env.update(JRNL_REJ_CACHE_DIR=str(tmp_path / "cache"), JRNL_REJ_TODAY="2026-11-25", PYTHONPATH=str(REPO))
    for line, answers in LINES:
        args = [a.replace("{root}", str(root)) for a in line]
        cache = tmp_path / "cache"
        for stale in cache.glob("*.last") if cache.exists() else ():
            stale.unlink()
        quick, full = _both_ways(args, root, env)  # nothing remembered: both check in full
        assert quick == full, args
        if answers == "today":
            code, _, toml, click, rules = _quick(args, root, env, "quick_today").split()
            assert code == "0" and click == "False", args
            assert toml == rules == "False", args  # the memo's config and findings: no TOML parser, no rule
            quick, full = _both_ways(args, root, env)  # the second time: from the memo
            assert quick == full, args
            continue
        if answers is None:
            index = root / "INDEX.md"
            before = index.read_bytes() if index.exists() else None
            code, _, toml, click, rules = _quick(args, root, env, "quick_index").split()
            assert code in ("0", "1") and click == "False", args
            assert toml == rules == "False", args  # the index after a check: no TOML parser, no rule
            if before is None:
                index.unlink(missing_ok=True)
            else:
                index.write_bytes(before)
            continue
        code, read, _, click, rules = _quick(args, root, env).split()
        assert (code != "None") == answers and click == "False", args  # never loads click itself
        assert read == "False" or not answers, args  # the plain lines, the second time: from the memo
        assert rules == "False" or not answers, args  # nor the rules: a config that names none needs no registry
        quick, full = _both_ways(args, root, env)
        assert quick == full, args
    # A config with a problem: the command line says what it is, the same way.
    (root / "jrnl-rej.toml").write_text("thresholds = 3\n")
    quick, full = _both_ways(["check"], root, env)
    assert quick == full and quick[2] == 2 and b"thresholds" in quick[1]


def test_the_quick_answer_really_answers(journal, cache_dir, monkeypatch, loads):
    root = journal(FILES, config="")
    age(root)
    monkeypatch.chdir(root)

    def quick(*args: str, encoding: str = "utf-8") -> tuple[int | None, str]:
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding=encoding))
        monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
        code = entry.quick_check(["check", "--today", "2026-11-25", *args])
        sys.stdout.flush()
        return code, sys.stdout.buffer.getvalue().decode(encoding)

    code, printed = quick()
    assert code == 1 and loads == [1]  # nothing remembered: the whole check
    assert "overdue-reply" in printed and printed.rstrip().endswith(f"in {len(FILES)} files.")
    assert quick() == (1, printed) and loads == [1]  # remembered
    assert quick("--exit-zero") == (0, printed) and loads == [1]
    # Another encoding than UTF-8: left to the command line, which knows what to do with it.
    assert quick(encoding="ascii") == (None, "")
    # A config with a problem: left to the command line, which says what it is.
    (root / "jrnl-rej.toml").write_text("thresholds = 3\n")
    assert quick() == (None, "")


def test_an_unchanged_config_is_not_parsed_again(journal, tmp_path):
    """The quick answer takes the config the last check used while jrnl-rej.toml holds the
    same bytes (no TOML parser loaded); other bytes are parsed, and their findings differ."""
    root = journal(FILES, config="[thresholds]\nsilent_after_days = 30\n")
    age(root)
    time.sleep(2.1)  # older than the racy margin
    env = {k: v for k, v in os.environ.items() if k not in ("JRNL_REJ_TODAY", "JRNL_REJ_NO_CACHE")}
    env.update(JRNL_REJ_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(REPO))
    args = ["check", "--today", "2026-11-25"]
    assert _quick(args, root, env) == "1 True True False True"  # nothing remembered: read, parsed, checked
    assert _quick(args, root, env) == "1 False False False False"  # remembered, config included: no rule loaded
    path = root / "2026/10/acme.md"
    path.write_text(path.read_text() + "More notes.\n")
    time.sleep(2.1)  # not racy: its findings are remembered, with the config the check used
    assert _quick(args, root, env) == "1 True False False True"  # a file changed: read, but the config is not parsed
    (root / "jrnl-rej.toml").write_text("[thresholds]\nsilent_after_days = 60\n")
    assert _quick(args, root, env) == "1 True True False True"  # parsed, and not what was remembered


def test_a_config_changed_during_the_check_is_not_remembered(journal, cache_dir, monkeypatch):
    from jrnl_rej.core import config as config_module

    root = journal(FILES, config="[thresholds]\nsilent_after_days = 30\n")
    age(root)
    config = load(root)
    found = scan(root, config)
    with monkeypatch.context() as patch:
        patch.setattr(config_module, "read_source", lambda _root: b"[thresholds]\nsilent_after_days = 9\n")
        assert memo.remember(root, config, TODAY, found, []) is False
    assert memo.remember(root, config, TODAY, found, []) is True
    assert memo.config_for(memo.read(root), (root / "jrnl-rej.toml").read_bytes()) == config
    assert memo.config_for(memo.read(root), b"[thresholds]\n") is None


def test_a_file_dated_past_2262_is_checked_every_time(journal, run, cache_dir, monkeypatch):
    """An mtime beyond what 64 bits of nanoseconds hold (a bad clock, an odd archive): such a
    file is never remembered, and checking it never fails."""
    root = journal(FILES)
    age(root)
    far = 10_413_792_000 * 10**9  # 2300-01-01
    try:
        os.utime(root / "2026/10/acme.md", ns=(far, far))
    except (OSError, OverflowError, ValueError):
        pytest.skip("this file system cannot hold a date in 2300")
    if os.stat(root / "2026/10/acme.md").st_mtime_ns < 2**63:
        pytest.skip("this file system clamps dates before 2262")
    want = fresh_check(run, root, monkeypatch, "--format", "json")
    assert check(run, root, "--format", "json") == want
    assert check(run, root, "--format", "json") == want
    assert memo_files(cache_dir) == []


def _summary(analysis):
    return (
        analysis.today,
        _key(analysis.results),
        analysis.diagnostics,
        analysis.usable,
        analysis.skipped,
    )


def test_report_and_index_use_the_last_checks_findings(journal, run, cache_dir, monkeypatch):
    """After a check, the commands that need the whole analysis (report, index, calendar)
    take its findings instead of running the rules again, and say exactly the same."""
    from jrnl_rej.rules import engine as lint

    root = journal(FILES, config="[thresholds]\nsilent_after_days = 30\n")
    age(root)
    config = load(root)
    with monkeypatch.context() as patch:
        patch.setenv("JRNL_REJ_NO_CACHE", "1")
        fresh = memo.check_journal(root, config, TODAY)
        want = [run(root, *command).stdout for command in (["report", "--format", "json"], ["index", "--check"])]
    check(run, root)  # remembers its findings
    runs = []
    real = lint.analyse
    monkeypatch.setattr(lint, "analyse", lambda *args: runs.append(1) or real(*args))
    assert _summary(memo.check_journal(root, config, TODAY)) == _summary(fresh)
    got = [run(root, *command).stdout for command in (["report", "--format", "json"], ["index", "--check"])]
    assert got == want and runs == []
    # Another day: the rules run again.
    memo.check_journal(root, config, date(2026, 12, 24))
    assert runs == [1]


def test_a_file_changed_between_the_walk_and_its_read_is_not_answered_from_memory(journal, cache_dir, monkeypatch):
    from jrnl_rej.journal import discover as journal_module

    root = journal(FILES)
    age(root)
    config = load(root)
    memo.check_journal(root, config, TODAY)  # remembered
    for parsed in cache_dir.glob("*.cache"):  # the memo stays; every file is read again
        parsed.unlink()
    real_scan = journal_module.scan

    def scan_then_edit(*args, **kwargs):
        found = real_scan(*args, **kwargs)
        path = root / "2026/10/acme.md"
        path.write_text(path.read_text().replace("status: rejected", "status: open"))
        os.utime(path, ns=(OLD_NS, OLD_NS))
        return found

    monkeypatch.setattr(journal_module, "scan", scan_then_edit)
    analysis = memo.check_journal(root, config, TODAY)
    acme = next(r.application for r in analysis.results if r.application.path == "2026/10/acme.md")
    assert acme.status == "open"  # what was read...
    assert not any(d.path == "2026/10/acme.md" and d.rule == "overdue-reply" for d in analysis.diagnostics)  # ...checked


def test_a_first_check_remembers_each_file_as_it_read_it(journal, run, cache_dir, loads, monkeypatch):
    """With no cache and no memo yet, the walk takes no stamps: each file's is taken as it is
    read. A file edited between the walk and its read is remembered as read, so the next
    check, which sees the edit, answers from the memo with the findings of the new text."""
    from jrnl_rej.journal import discover as journal_module

    root = journal(FILES)
    age(root)
    monkeypatch.setattr(store, "RACY_MARGIN_NS", -60 * 10**9)  # the edit below is not "racy"
    real_scan = journal_module.scan
    path = root / "2026/10/acme.md"

    def scan_then_edit(*args, **kwargs):
        found = real_scan(*args, **kwargs)
        if not path.read_text().count("status: open"):
            path.write_text(path.read_text().replace("status: rejected", "status: open"))
            os.utime(path, ns=(OLD_NS, OLD_NS))
        return found

    with monkeypatch.context() as patch:
        patch.setattr(journal_module, "scan", scan_then_edit)
        first = check(run, root, "--format", "json")
    assert loads == [1] and '"overdue-reply"' not in first[0].split("2026/10/acme.md")[1].split("}")[0]
    assert check(run, root, "--format", "json") == first and loads == [1]  # from the memo...
    assert first == fresh_check(run, root, monkeypatch, "--format", "json")  # ...and what the file says now
