"""The cache folder's files (store.py) and the config the memo holds (memo.py) are read
with distrust: only regular files, only so big, only a config that checks out."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import threading
import time

import pytest
from conftest import REPO
from test_cache import FILES, age

from jrnl_rej.core.config import Config, Thresholds
from jrnl_rej.journal import memo, store

MAGIC = b"jrnl-rej test\n"


def unseal_within(path, seconds: float = 10.0):
    """store.unseal, in a thread: (finished, what it gave; None for an OSError, which callers
    take as "no cache")."""
    got = []

    def read():
        try:
            got.append(store.unseal(str(path), MAGIC))
        except OSError:
            got.append(None)

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(seconds)
    return not worker.is_alive(), got[0] if got else None


def test_a_sealed_regular_file_is_read(tmp_path):
    path = tmp_path / "c"
    path.write_bytes(store.seal(MAGIC, b"payload"))
    assert unseal_within(path) == (True, b"payload")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_place_of_a_cache_file_is_not_waited_on(tmp_path):
    path = tmp_path / "c"
    os.mkfifo(path)
    assert unseal_within(path) == (True, None)


def test_a_link_in_place_of_a_cache_file_is_not_followed(tmp_path):
    target = tmp_path / "elsewhere"
    target.write_bytes(store.seal(MAGIC, b"payload"))
    (tmp_path / "c").symlink_to(target)
    assert unseal_within(tmp_path / "c") == (True, None)


def test_a_file_over_the_cap_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "MAX_FILE_BYTES", 150)
    path = tmp_path / "c"
    path.write_bytes(store.seal(MAGIC, b"x" * 80))
    assert unseal_within(path) == (True, b"x" * 80)
    path.write_bytes(store.seal(MAGIC, b"x" * 200))
    assert unseal_within(path) == (True, None)


def test_the_cache_folder_and_its_new_parents_are_private_whatever_the_umask(tmp_path):
    folder = tmp_path / "home" / ".cache" / "jrnl-rej"
    old = os.umask(0)
    try:
        assert store.private_folder(str(folder))
    finally:
        os.umask(old)
    for made in (folder, folder.parent, folder.parent.parent):
        assert made.stat().st_mode & 0o777 == 0o700, made


def _stored(config_key) -> tuple:
    return ((memo.FORMAT, memo._code(), "/j", config_key, 0, (), ()), b"source", (), ())


GOOD = Config(exclude=("drafts/**",), date_order="DMY", ignore=frozenset({"next-application"}),
              severity={"stale-silent": "info"}, thresholds=Thresholds(silent_after_days=30))  # fmt: skip


def test_the_memo_gives_back_a_valid_config():
    assert memo.config_for(_stored(GOOD.key()), b"source") == GOOD
    assert memo.config_for(_stored(Config().key()), b"source") == Config()


@pytest.mark.parametrize("forged", [
    (7, (), None, (), (), ()),  # an index that is no file name
    ("../out.md", (), None, (), (), ()),  # outside the journal
    ("INDEX.md", "**", None, (), (), ()),  # a string where the globs go
    ("INDEX.md", (3,), None, (), (), ()),
    ("INDEX.md", (), "YMD", (), (), ()),
    ("INDEX.md", (), None, (("silent_after_days", 0),), (), ()),
    ("INDEX.md", (), None, (("nonsense", 3),), (), ()),
    ("INDEX.md", (), None, 5, (), ()),
    ("INDEX.md", (), None, (), ("no-such-rule",), ()),
    ("INDEX.md", (), None, (), ("front-matter",), ()),  # errors cannot be ignored
    ("INDEX.md", (), None, (), (), (("stale-silent", "loud"),)),
    ("INDEX.md", (), None, (), ()),  # one value short
    "not a tuple",
])  # fmt: skip
def test_a_forged_config_in_the_memo_is_not_taken(forged):
    assert memo.config_for(_stored(forged), b"source") is None


def test_a_forged_memo_config_makes_the_hook_line_check_in_full(journal, tmp_path):
    root = journal(FILES, config='date_order = "DMY"\n')
    age(root)
    time.sleep(2.1)  # older than the racy margin, so the check is remembered
    env = {k: v for k, v in os.environ.items() if k not in ("JRNL_REJ_TODAY", "JRNL_REJ_NO_CACHE")}
    env.update(JRNL_REJ_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(REPO))

    def check():
        return subprocess.run([sys.executable, "-m", "jrnl_rej", "check", "--today", "2026-11-25"], cwd=root,
                              env=env, capture_output=True, text=True)  # fmt: skip

    want = check()
    assert "in 13 files." in want.stdout
    [path] = (tmp_path / "cache").glob("*.last")
    key, source, encoded, skipped, held = marshal.loads(bytes(store.unseal(str(path), memo.MAGIC)))
    for forged in ((7, (), None, (), (), ()), ("INDEX.md", ("**",), 5, (), (), ())):
        forged_key = (*key[:3], forged, *key[4:])
        path.write_bytes(store.seal(memo.MAGIC, marshal.dumps((forged_key, source, encoded, skipped, held), 4)))
        got = check()
        assert "Traceback" not in got.stderr
        assert (got.stdout, got.stderr, got.returncode) == (want.stdout, want.stderr, want.returncode)
