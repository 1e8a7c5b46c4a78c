"""The read cache: a cached run says exactly what a fresh one says, whatever happened in between."""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import threading
import time
from datetime import date, datetime

import pytest
from conftest import app_file, run_process, write_journal
from shapes import check_output

from jrnl_rej.core.config import Config
from jrnl_rej.core.model import Application, Position
from jrnl_rej.journal import cache, codec, loader, memo, store
from jrnl_rej.journal.discover import read_file
from jrnl_rej.reading.reader import ReadResult, read_path_bytes

OLD_NS = 1_700_000_000 * 10**9  # Nov 2023: far from "now", so never a racy file

FILES: dict[str, str | bytes] = {
    "2026/10/acme.md": app_file(
        company="Acme",
        role="Data Engineer",
        applied="2026-10-02",
        screen="2026-10-09",
        hiring_manager="2026-10-16",
        status="rejected",
        rejected="2026-11-20",
        rejection="post_interview",
        contact="Jane Doe",
    ),  # fmt: skip
    "2026/10/hooli.md": app_file(
        company="Hooli",
        role="Platform Engineer",
        applied="2026-10-01",
        check_ins="[2026-10-15, 2026-10-20]",
        tags="[remote, data]",
    ),  # fmt: skip
    "2026/11/globex.md": app_file(company="Globex", role="SRE", applied="Nov 3, 2026"),
    "2026/11/ambiguous.md": app_file(company="Initech", role="Analyst", applied="03/04/2026"),
    "2026/11/form.md": app_file(
        company="Umbrella",
        role="Engineer",
        applied="2026-11-01",
        status="rejected",
        rejected="2026-11-10",
        rejection="form",
        replied="no",
        jrnl_rej_ignore="[next-application]",
    ),  # fmt: skip
    "2026/11/stark.md": app_file(
        company="Stark",
        role="Lead",
        applied="2026-06-01",
        final_round="2026-06-30",
        status="rejected",
        rejected="2026-07-10",
        feedback="Wanted more Kafka",
        feedback_asked="2026-07-10",
        replied="2026-07-10",
    ),  # fmt: skip
    "2026/11/dup-1.md": app_file(company="Wonka", role="Chocolatier", applied="2026-11-20"),
    "2026/11/dup-2.md": app_file(company="WONKA", role="chocolatier", applied="2026-11-22"),
    "2026/11/typo.md": app_file(company="Tyrell", role="Replicant", aplied="2026-11-01"),
    "broken/yaml.md": b"---\ncompany: [unclosed\nrole: r\n---\n",
    "broken/latin1.md": "---\ncompany: Caf\xe9\n---\n".encode("latin-1"),
    "broken/relative.md": app_file(company="Soon", role="r", applied="yesterday"),
    "broken/nothing.md": b"just notes\n",
}


@pytest.fixture
def reads(monkeypatch):
    """How many files the loader really read (not taken from the cache)."""
    calls = []

    def counting(root, relpath, date_order):
        calls.append(relpath)
        return read_path_bytes(root, relpath, date_order)

    monkeypatch.setattr(loader, "read_path_bytes", counting)
    return calls


def age(root, *relpaths, ns: int = OLD_NS) -> None:
    """Give files an old mtime, as files saved long ago have."""
    for relpath in relpaths or _all(root):
        os.utime(root / relpath, ns=(ns, ns))


def _all(root) -> list[str]:
    return [p.relative_to(root).as_posix() for p in root.rglob("*.md")]


def outputs(run, root) -> tuple[str, str]:
    check = run(root, "check", "--format", "json")
    report = run(root, "report", "--format", "json")
    assert check.exit_code in (0, 1), check.output
    assert report.exit_code == 0, report.output
    return check.stdout, report.stdout


def fresh(run, root, monkeypatch) -> tuple[str, str]:
    with monkeypatch.context() as patch:
        patch.setenv("JRNL_REJ_NO_CACHE", "1")
        return outputs(run, root)


def assert_same_as_fresh(run, root, monkeypatch) -> tuple[str, str]:
    cached = outputs(run, root)
    assert cached == fresh(run, root, monkeypatch)
    return cached


def cache_files(folder) -> list:
    return sorted(p for p in folder.iterdir() if p.suffix == ".cache")


def test_second_run_reads_nothing_and_says_the_same(journal, run, cache_dir, reads, monkeypatch):
    root = journal(FILES, config='date_order = "DMY"\n')
    age(root)
    first = outputs(run, root)
    assert sorted(reads) == sorted(FILES)  # check read them all; report took them from the cache
    reads.clear()
    second = outputs(run, root)
    assert reads == []
    assert first == second == fresh(run, root, monkeypatch)
    data = json.loads(first[0])
    rules = {d["rule"] for d in data["diagnostics"]}
    assert {"front-matter", "non-iso-date", "unknown-field", "duplicate-application",
            "relative-date", "overdue-reply"} <= rules  # fmt: skip
    assert len(cache_files(cache_dir)) == 1


def test_the_cache_lives_outside_the_journal_in_a_private_folder(journal, run, cache_dir):
    root = journal(FILES)
    age(root)
    before = sorted(_all(root)) + sorted(p.name for p in root.iterdir())
    outputs(run, root)
    assert sorted(_all(root)) + sorted(p.name for p in root.iterdir()) == before
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in cache_dir.iterdir() if p.name.startswith(".tmp-")] == []


def test_edits_renames_deletes_and_new_files(journal, run, cache_dir, reads, monkeypatch):
    root = journal(FILES)
    age(root)
    before, _ = assert_same_as_fresh(run, root, monkeypatch)

    # Same size, same mtime to the nanosecond, same inode: only the content (and ctime) moved.
    path = root / "2026/10/acme.md"
    text = path.read_text()
    edited = text.replace("rejected: 2026-11-20", "rejected: 2026-11-23")
    assert len(edited) == len(text)
    with open(path, "r+") as fh:  # in place, like an editor that keeps the inode
        fh.write(edited)
    age(root, "2026/10/acme.md")
    reads.clear()
    check, _ = assert_same_as_fresh(run, root, monkeypatch)
    assert "2026/10/acme.md" in reads
    assert check != before  # the reply is no longer overdue by the same number of days

    os.rename(root / "2026/10/hooli.md", root / "2026/10/hooli-renamed.md")
    check, _ = assert_same_as_fresh(run, root, monkeypatch)
    assert "hooli-renamed.md" in check and '"2026/10/hooli.md"' not in check

    os.unlink(root / "2026/11/dup-2.md")
    check, _ = assert_same_as_fresh(run, root, monkeypatch)
    assert "duplicate-application" not in check

    write_journal(root, {"2026/11/new.md": app_file(company="Nakatomi", role="Guard",
                                                    applied="2026-10-01")})  # fmt: skip
    check, _ = assert_same_as_fresh(run, root, monkeypatch)
    assert "2026/11/new.md" in check and json.loads(check)["files"] == len(FILES)

    # An atomic save: a new inode under the old name, with the old size and mtime.
    replacement = root / "2026/11/globex.tmp"
    replacement.write_text((root / "2026/11/globex.md").read_text().replace("SRE", "Ops"))
    os.utime(replacement, ns=(OLD_NS, OLD_NS))
    os.replace(replacement, root / "2026/11/globex.md")
    _, report = assert_same_as_fresh(run, root, monkeypatch)


def test_a_file_edited_within_the_same_tick_is_not_trusted(journal, run, cache_dir, reads, monkeypatch):
    monkeypatch.setattr(store, "RACY_MARGIN_NS", 2 * 10**9)
    root = journal(FILES)
    age(root)
    time.sleep(2.1)  # let the ctimes that age() moved become old enough
    now = time.time_ns()
    path = root / "2026/11/form.md"
    age(root, "2026/11/form.md", ns=now)  # saved just now
    outputs(run, root)
    entries = cache.read_cache(store.cache_path(str(cache_dir), root, ".cache"),
                               cache.header_for(root, Config()))[1]  # fmt: skip
    # Too fresh to be told apart from its next edit by its stamp: kept with its bytes.
    assert entries["2026/11/form.md"][4] == path.read_bytes()
    assert len(entries["2026/11/stark.md"]) == 4
    reads.clear()
    cached = outputs(run, root)
    assert "2026/11/form.md" not in reads  # the same bytes: the cache's answer
    assert cached == fresh(run, root, monkeypatch)

    text = path.read_text()
    path.write_text(text.replace("2026-11-10", "2026-11-12"))
    age(root, "2026/11/form.md", ns=now)  # same size, same mtime: what a fast second save looks like
    reads.clear()
    check, _ = assert_same_as_fresh(run, root, monkeypatch)
    assert "2026/11/form.md" in reads


def test_a_racy_entry_loses_its_bytes_once_the_file_is_still(journal, run, cache_dir, reads, monkeypatch):
    monkeypatch.setattr(store, "RACY_MARGIN_NS", 2 * 10**9)
    root = journal(FILES)
    outputs(run, root)  # written just now: every file racy, each kept with its bytes
    where = store.cache_path(str(cache_dir), root, ".cache")
    assert {len(e) for e in cache.read_cache(where, cache.header_for(root, Config()))[1].values()} == {5}
    time.sleep(2.1)
    reads.clear()
    cached = outputs(run, root)
    assert reads == []  # nothing parsed again
    assert cached == fresh(run, root, monkeypatch)
    assert {len(e) for e in cache.read_cache(where, cache.header_for(root, Config()))[1].values()} == {4}


def test_the_racy_rule_itself():
    store = cache.JournalCache("unused", ("header",))
    started = 10_000_000_000_000
    encoded = ((), (None,) * len(codec._APP_FIELDS), ())
    store.put("old.md", (started - 3 * 10**9, started - 3 * 10**9, 1, 1), encoded, started)
    store.put("mtime.md", (started - 10**9, started - 3 * 10**9, 1, 2), encoded, started)
    store.put("ctime.md", (started - 3 * 10**9, started - 10**9, 1, 3), encoded, started)
    store.put("future.md", (started + 10**9, started + 10**9, 1, 4), encoded, started)
    assert list(store.fresh) == ["old.md"]
    store.put("held.md", (started - 10**9, started - 10**9, 1, 5), encoded, started, b"its bytes")
    assert store.fresh["held.md"][4] == b"its bytes"


def test_date_order_change_reads_everything_again(journal, run, cache_dir, reads, monkeypatch):
    root = journal(FILES, config='date_order = "DMY"\n')
    age(root)
    dmy, _ = assert_same_as_fresh(run, root, monkeypatch)
    (root / "jrnl-rej.toml").write_text('date_order = "MDY"\n')
    reads.clear()
    mdy, _ = assert_same_as_fresh(run, root, monkeypatch)
    assert len(reads) >= len(FILES)
    assert "2026-04-03" in dmy and "2026-03-04" in mdy
    (root / "jrnl-rej.toml").write_text("")
    none, _ = assert_same_as_fresh(run, root, monkeypatch)
    assert "set date_order" in none


def test_another_version_does_not_trust_the_cache(journal, run, cache_dir, reads, monkeypatch):
    root = journal(FILES)
    age(root)
    outputs(run, root)
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    reads.clear()
    assert_same_as_fresh(run, root, monkeypatch)
    assert len(reads) >= len(FILES)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "flipped", "foreign", "directory"])
def test_a_damaged_cache_is_ignored_and_rebuilt(journal, run, cache_dir, reads, monkeypatch, damage):
    root = journal(FILES)
    age(root)
    good = outputs(run, root)
    [path] = cache_files(cache_dir)
    blob = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(os.urandom(len(blob)))
    elif damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "flipped":  # one bit in the middle: the checksum catches it
        middle = len(blob) // 2
        path.write_bytes(blob[:middle] + bytes([blob[middle] ^ 1]) + blob[middle + 1 :])
    elif damage == "foreign":  # a well-formed cache of another journal, copied over
        other = write_journal(root.parent / "other", {"x.md": FILES["2026/10/acme.md"]})
        age(other)
        outputs(run, other)
        [other_path] = [p for p in cache_files(cache_dir) if p != path]
        os.replace(other_path, path)
    elif damage == "directory":
        path.unlink()
        path.mkdir()
    reads.clear()
    assert assert_same_as_fresh(run, root, monkeypatch) == good
    assert len(reads) >= len(FILES)
    if damage != "directory":
        reads.clear()
        assert outputs(run, root) == good
        assert reads == []  # rebuilt


def test_a_cache_folder_others_can_write_to_is_not_used(journal, run, cache_dir, reads, monkeypatch):
    root = journal(FILES)
    age(root)
    cache_dir.mkdir()
    cache_dir.chmod(0o777)
    good = outputs(run, root)
    reads.clear()
    assert outputs(run, root) == good
    assert len(reads) >= len(FILES)
    assert cache_files(cache_dir) == []


def test_no_cache_variable_turns_it_off(journal, run, cache_dir, monkeypatch):
    root = journal(FILES)
    age(root)
    monkeypatch.setenv("JRNL_REJ_NO_CACHE", "1")
    outputs(run, root)
    assert not cache_dir.exists()


def test_results_round_trip_exactly(journal):
    root = journal(FILES, config='date_order = "DMY"\n')
    config = Config(date_order="DMY")
    for relpath in sorted(FILES):
        result, _ = read_file(root, relpath, config)
        again = codec.decode_result(relpath, codec.encode_result(result))
        assert again.application == result.application, relpath
        assert again.diagnostics == result.diagnostics, relpath
        assert again.document is None


def test_every_declared_field_type_can_be_kept():
    """A field of a type the codec does not know would make every file unencodable (read each time)."""
    for field in dataclasses.fields(Application):
        if field.init:
            assert field.type in codec._BY_DECLARED, field.name


class _Elsewhere(Position):
    __slots__ = ()


_APP = Application("a.md", company="Acme", applied=date(2026, 10, 2), check_ins=(date(2026, 10, 9),),
                   tags=("remote",), positions={"company": Position(2, 1)},
                   item_positions={"check_ins": (Position(3, 3),)})  # fmt: skip


@pytest.mark.parametrize("change", [
    {"company": 5},  # a type the field does not declare
    {"has_errors": 1},
    {"applied": "2026-10-02"},
    {"applied": datetime(2026, 10, 2)},  # a subclass would come back as a date
    {"status": object()},
    {"tags": ("remote", 1)},  # a tuple of mixed types
    {"check_ins": (date(2026, 10, 9), "2026-10-10")},
    {"ignore": frozenset({1})},
    {"positions": {"company": (2, 1)}},  # a dict of non-Positions
    {"positions": {"company": _Elsewhere(2, 1)}},
    {"positions": {1: Position(2, 1)}},
    {"item_positions": {"check_ins": [Position(3, 3)]}},
    {"item_positions": {"check_ins": (Position(3, 3), (3, 4))}},
])  # fmt: skip
def test_values_of_other_types_are_not_kept(change):
    result = ReadResult(dataclasses.replace(_APP, **change), [], None)
    with pytest.raises(store.Unencodable):
        codec.encode_result(result)


def test_an_application_round_trips_with_every_kind_of_value():
    result = ReadResult(dataclasses.replace(_APP, replied="no", revisit=date(2027, 1, 1)), [], None)
    encoded = codec.encode_result(result)
    assert codec.decode_result("a.md", encoded).application == result.application
    copied = marshal.loads(marshal.dumps(encoded))  # not the shape's one object: as from another process
    assert copied[0] is not encoded[0]
    assert codec.decode_result("a.md", copied).application == result.application


def _forged(shape=None, values=None) -> tuple:
    good_shape, good_values, _ = codec.encode_result(ReadResult(_APP, [], None))
    return (good_shape if shape is None else shape), (good_values if values is None else values)


_SHAPE, _VALUES = _forged()
_DAYS, _KEPT, _ITEMS = _SHAPE
_COMPANY = codec._APP_FIELDS.index("company")


@pytest.mark.parametrize("shape", [
    [_DAYS, _KEPT, _ITEMS],  # not a tuple
    (_DAYS, _KEPT),  # a map missing
    ((_COMPANY,), _KEPT, _ITEMS),  # a date in a field that holds none
    ((99,), _KEPT, _ITEMS),
    (_DAYS, ((1,), *_KEPT[1:]), _ITEMS),  # a key that is not text
    (_DAYS, (_KEPT[0], (2, 3), (1, 1)), _ITEMS),  # more places than keys
    (_DAYS, (_KEPT[0], (2,), (1.5,)), _ITEMS),  # a column that is not a number of characters
    (_DAYS, (_KEPT[0], [2], [1]), _ITEMS),
    (_DAYS, _KEPT, (_ITEMS[0], ((3,),), ((3,), (4,)))),  # item lines and columns that do not pair
    (_DAYS, _KEPT, (_ITEMS[0], (3,), (3,))),
])  # fmt: skip
def test_a_shape_encoding_would_not_write_is_refused(shape, tmp_path):
    with pytest.raises((ValueError, TypeError)):
        codec.decode_result("a.md", (shape, _VALUES, ()))
    path, header = str(tmp_path / "forged.cache"), ("header",)
    entry = (b"stamp", 0, _VALUES, ())
    good = marshal.dumps((header, (_SHAPE,), {"a.md": entry}), 4)
    assert store.write_private(path, store.seal(cache.MAGIC, good))
    assert cache.read_cache(path, header)[1] == {"a.md": entry}
    assert store.write_private(path, store.seal(cache.MAGIC, marshal.dumps((header, (shape,), {"a.md": entry}), 4)))
    assert cache.read_cache(path, header) == ((), {})


def _with(name: str, value) -> tuple:
    values = list(_VALUES)
    values[codec._APP_FIELDS.index(name)] = value
    return tuple(values)


@pytest.mark.parametrize("values", [
    _VALUES[:-1],  # a field missing
    (*_VALUES, None),
    _with("applied", "2026-10-02"),  # a date that is not a day number
    _with("applied", 10**9),
    _with("check_ins", ("2026-10-09",)),
    _with("check_ins", 5),
])  # fmt: skip
def test_an_entry_encoding_would_not_write_is_refused(values):
    with pytest.raises((ValueError, TypeError)):
        codec.decode_result("a.md", (_SHAPE, values, ()))
    journal = cache.JournalCache("unused", ("header",), (_SHAPE,), {"a.md": (b"s" * 32, 0, values, ())})
    assert journal.get("a.md", (0, 0, 0, 0)) is None  # and forgotten, not a crash
    assert "a.md" not in journal.entries


def test_results_carry_no_document(journal, cache_dir):
    root = journal(FILES)
    age(root)
    for _ in range(2):  # fresh, then cached
        results = loader.load_journal(root, Config())
        assert [r.application.path for r in results] == sorted(FILES)
        assert all(r.document is None for r in results)


def _parallel(monkeypatch):
    monkeypatch.setattr(loader, "PARALLEL_MIN", 2)
    monkeypatch.setattr(loader, "_FILES_PER_WORKER", 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)


def _key(results):
    return [(r.application, r.diagnostics) for r in results]


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_parallel_reading_gives_the_same_results_in_order(journal, monkeypatch, start):
    monkeypatch.setenv("JRNL_REJ_NO_CACHE", "1")
    root = journal(FILES)
    serial = loader.load_journal(root, Config())
    _parallel(monkeypatch)
    import multiprocessing

    used, finished = [], []
    real_context, real_parallel, real_fork = multiprocessing.get_context, loader._read_parallel, os.fork

    def context(method=None):
        used.append(method)
        return real_context(method)

    def fork():
        pid = real_fork()
        if pid:
            used.append("fork")
        return pid

    def parallel(*args):
        count = 0
        for chunk in real_parallel(*args):
            count += len(chunk)
            yield chunk
        finished.append(count)

    monkeypatch.setattr(multiprocessing, "get_context", context)
    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(loader, "_read_parallel", parallel)
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)  # another thread alive: fork is not safe
    if start == "spawn":
        helper.start()
    try:
        steps = []

        class Progress:
            def start(self, total):
                steps.append(("start", total))

            def __call__(self, step):
                steps.append(step)

        parallel = loader.load_journal(root, Config(), progress=Progress())
    finally:
        stop.set()
        if helper.is_alive():
            helper.join()
    assert used == [start] and finished == [len(FILES)]  # really in worker processes
    assert _key(parallel) == _key(serial)
    assert steps[0] == ("start", len(FILES)) and sum(steps[1:]) == len(FILES)


def test_progress_counts_only_files_read(journal, cache_dir):
    root = journal(FILES)
    age(root)
    seen = []

    class Progress:
        def start(self, total):
            seen.append(total)

        def __call__(self, step):
            pass

    loader.load_journal(root, Config(), progress=Progress())
    loader.load_journal(root, Config(), progress=Progress())
    assert seen == [len(FILES), 0]


def test_hook_and_watcher_at_once(journal, cache_dir, tmp_path):
    """Several real processes filling one cache at the same time all agree, and leave it whole."""
    import subprocess
    import sys

    root = journal(FILES)
    age(root)
    time.sleep(2.1)  # real processes keep the real racy-file margin: let the ctimes age
    env = dict(os.environ, JRNL_REJ_CACHE_DIR=str(cache_dir))
    env.pop("JRNL_REJ_TODAY", None)
    argv = [sys.executable, "-m", "jrnl_rej", "--journal", str(root), "--today", "2026-11-25",
            "check", "--format", "json"]  # fmt: skip
    procs = [subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(6)]  # fmt: skip
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(err == b"" for _, err in outs)
    assert len({out for out, _ in outs}) == 1
    check_output(argv[3:], outs[0][0], procs[0].returncode)
    assert len(cache_files(cache_dir)) == 1
    assert [p.name for p in cache_dir.iterdir() if p.name.startswith(".tmp-")] == []
    again = run_process("--journal", str(root), "--today", "2026-11-25", "check", "--format", "json",
                        env={"JRNL_REJ_CACHE_DIR": str(cache_dir)})  # fmt: skip
    assert again.stdout.encode() == outs[0][0]
    entries = cache.read_cache(str(cache_files(cache_dir)[0]), cache.header_for(root, Config()))[1]
    assert sorted(entries) == sorted(FILES)


def test_fix_after_a_cached_run_edits_what_is_on_disk(journal, run, cache_dir, monkeypatch):
    root = journal(FILES)
    age(root)
    outputs(run, root)
    result = run(root, "check", "--fix", "--exit-zero")
    assert result.exit_code == 0, result.output
    assert "applied: 2026-11-03" in (root / "2026/11/globex.md").read_text()
    assert_same_as_fresh(run, root, monkeypatch)


def test_file_rules_run_as_files_arrive_and_find_the_same(journal, monkeypatch):
    """On a first run the file rules run on each file as its read comes back from a worker;
    the findings are those of running every rule after the whole journal is read."""
    from jrnl_rej.rules import engine as lint

    monkeypatch.setenv("JRNL_REJ_NO_CACHE", "1")
    root = journal(FILES)
    _parallel(monkeypatch)
    today = date(2026, 11, 25)
    early = lint.FileRulesAsRead(Config(), today, len(FILES))
    results = loader.load_journal(root, Config(), each=early)
    assert all(found is not None for found in early.found)  # every file, as it came
    with_early = lint.analyse(results, Config(), today, early)
    after = lint.analyse(results, Config(), today)
    assert with_early.diagnostics == after.diagnostics and with_early.skipped == after.skipped
    assert memo.check_journal(root, Config(), today).diagnostics == after.diagnostics


def test_a_big_first_check_leaves_its_cache_written_when_it_ends(tmp_path, cache_dir):
    """The installed command writes a big journal's cache in another process while it runs the
    rules; when the command has ended, the cache and the findings are there, whole, and the
    next check uses them (even when writing the cache took longer than the rest)."""
    import subprocess
    import sys

    root = tmp_path / "big"
    root.mkdir()
    names = [f"f{n:05d}.md" for n in range(loader.PARALLEL_MIN + 10)]
    for n, name in enumerate(names):
        (root / name).write_text(app_file(company=f"C{n}", role="r", applied="2026-11-20"))
        os.utime(root / name, ns=(OLD_NS, OLD_NS))
    time.sleep(2.1)  # older than the racy margin, so every file is remembered
    env = dict(os.environ, JRNL_REJ_CACHE_DIR=str(cache_dir))
    line = ["--journal", str(root), "--today", "2026-11-25", "check", "--format", "json"]
    argv = [sys.executable, "-m", "jrnl_rej", *line]
    # The installed command, with a save slower than everything after it: it must be waited for.
    slow_save = ("import sys, time\nfrom jrnl_rej import entry\nfrom jrnl_rej.journal import cache, memo\nsave = cache.JournalCache.save\n"
                 "cache.JournalCache.save = lambda self, paths: (time.sleep(1), save(self, paths))[1]\n"
                 "remember = memo.remember\nmemo.remember = lambda *args: (time.sleep(1), remember(*args))[1]\n"
                 "sys.argv[1:] = sys.argv[2:]\nentry.run()\n")  # fmt: skip
    # Output to files, not pipes: a child holding a pipe open would make run() wait for it anyway.
    with open(tmp_path / "out", "w+b") as out, open(tmp_path / "err", "w+b") as err:
        code = subprocess.run([sys.executable, "-c", slow_save, "-", *line], env=env, stdout=out, stderr=err,
                              timeout=120).returncode  # fmt: skip
    assert (code, (tmp_path / "err").read_bytes()) == (0, b"")
    assert [p.name for p in cache_dir.iterdir() if p.name.startswith(".tmp-")] == []
    entries = cache.read_cache(str(cache_files(cache_dir)[0]), cache.header_for(root, Config()))[1]
    assert sorted(entries) == names
    assert memo.read(root) is not None  # and the findings, for the next check
    second = subprocess.run(argv, env=env, capture_output=True, timeout=120)
    assert second.stdout == (tmp_path / "out").read_bytes() and second.returncode == 0
    check_output(line, second.stdout, second.returncode)
