"""Shared helpers: small journals written from inline text, and the command line run two ways."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from shapes import check_output

from jrnl_rej.cli import cli

TODAY = date(2026, 11, 25)
REPO = Path(__file__).resolve().parent.parent
START = os.getcwd()  # where pytest runs; a test that moved elsewhere chose its folder


def write_journal(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write files (dedented text, or raw bytes) under root; return root."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def app_file(**fields) -> str:
    """Front matter from keyword arguments (values written as given), with a small body."""
    lines = ["---"]
    for key, value in fields.items():
        lines.append(f"{key.replace('__', '-')}: {value}")
    lines += ["---", "Notes.", ""]
    return "\n".join(lines)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never touch the user's own cache folder; subprocesses inherit the setting."""
    folder = tmp_path_factory.mktemp("jrnl-rej-cache")
    previous = os.environ.get("JRNL_REJ_CACHE_DIR")
    os.environ["JRNL_REJ_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("JRNL_REJ_CACHE_DIR", None)
    else:
        os.environ["JRNL_REJ_CACHE_DIR"] = previous


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A cache folder of the test's own, with the racy-file margin off."""
    from jrnl_rej.journal import store

    folder = tmp_path / "cache"
    monkeypatch.setenv("JRNL_REJ_CACHE_DIR", str(folder))
    monkeypatch.delenv("JRNL_REJ_NO_CACHE", raising=False)
    monkeypatch.delenv("JRNL_REJ_TODAY", raising=False)
    # Files written by a test are a moment old (their ctime is now, whatever mtime says),
    # so the racy-file margin would keep all of them out; its own tests put it back.
    monkeypatch.setattr(store, "RACY_MARGIN_NS", 0)
    return folder


@pytest.fixture
def journal(tmp_path):
    """A function that writes a journal and returns its root."""

    def make(files: dict[str, str | bytes], config: str | None = None) -> Path:
        root = tmp_path / "journal"
        root.mkdir(exist_ok=True)
        if config is not None:
            (root / "jrnl-rej.toml").write_text(textwrap.dedent(config), encoding="utf-8")
        return write_journal(root, files)

    return make


@pytest.fixture
def run():
    """Run the CLI in-process: run(root, 'check', '--format', 'json') -> click Result."""

    def invoke(root: Path | None, *args: str, today: str = TODAY.isoformat(), env=None):
        runner = CliRunner()
        argv = []
        if root is not None:
            argv += ["--journal", str(root)]
        argv += ["--today", today, *args]
        # From the journal's own folder, as a person runs it: text output names files from
        # the current folder (SPEC §1), which is then the journal root.
        here = os.getcwd()
        if root is not None and Path(root).is_dir() and here == START:
            os.chdir(root)
        try:
            result = runner.invoke(cli, argv, catch_exceptions=False, env=env)
        finally:
            os.chdir(here)
        check_output(argv, result.stdout, result.exit_code)
        return result

    return invoke


def run_process(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 60):
    """Run `python -m jrnl_rej ARGS` as a real subprocess."""
    full_env = dict(os.environ)
    full_env.pop("JRNL_REJ_TODAY", None)
    if env:
        full_env.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "jrnl_rej", *args],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    check_output(list(args), done.stdout, done.returncode)
    return done
