"""Which journal a command reads (SPEC §1, R2): --journal, else the jrnl-rej.toml nearest the
FILE it was given, else the one nearest the current folder; with none, exit 2 and write nothing."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from conftest import TODAY, app_file, run_process, write_journal

from jrnl_rej.cli import cli

ACME = app_file(company="Acme Corp", role="Data Engineer", applied="2026-11-20")
ROOTLESS = ["check"], ["index"], ["index", "--check"], ["report"], ["calendar"], ["new", "Acme", "Data Engineer"]


def _in_process(cwd, *args):
    here = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, ["--today", TODAY.isoformat(), *args], catch_exceptions=False)
    finally:
        os.chdir(here)


@pytest.mark.parametrize("args", ROOTLESS, ids=" ".join)
def test_no_journal_found_is_exit_2_with_the_fix_and_writes_nothing(tmp_path, args):
    folder = tmp_path / "empty"
    folder.mkdir()
    write_journal(folder, {"notes/todo.md": "just a note\n"})
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    result = run_process("--today", TODAY.isoformat(), *args, cwd=folder)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    message = result.stderr.strip()
    assert "\n" not in message  # one line
    assert "jrnl-rej.toml" in message and "jrnl-rej init" in message and "--journal DIR" in message
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before  # no INDEX.md
    # The hook's fast path (the subprocess) and the command line say the same.
    if args[0] in ("check", "index"):
        clicked = _in_process(folder, *args)
        assert (clicked.exit_code, clicked.stdout, clicked.stderr.strip()) == (2, "", message)


def test_an_explicit_journal_needs_no_config(tmp_path):
    root = write_journal(tmp_path / "j", {"acme.md": ACME})
    result = run_process("--today", TODAY.isoformat(), "--journal", str(root), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 file" in result.stderr + result.stdout


def test_a_file_finds_its_journal_from_a_repo_root(tmp_path):
    """The journal in notes/, the command run from the repository root: paths from there."""
    repo = tmp_path / "repo"
    write_journal(repo, {"notes/jrnl-rej.toml": "", "notes/2026/acme.md": ACME, "other/x.md": "not one\n"})
    result = run_process("--today", TODAY.isoformat(), "check", "notes/2026/acme.md", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "1 file" in result.stdout + result.stderr
    drafted = run_process("--today", TODAY.isoformat(), "draft", "reapply", "notes/2026/acme.md", cwd=repo)
    assert drafted.returncode == 0, drafted.stderr
    assert "Acme Corp" in drafted.stdout
    logged = run_process("--today", TODAY.isoformat(), "log", "notes/2026/acme.md", "screen", "2026-11-24",
                         cwd=repo)  # fmt: skip
    assert logged.returncode == 0, logged.stderr
    assert "screen: 2026-11-24" in (repo / "notes/2026/acme.md").read_text(encoding="utf-8")
    assert not (repo / "INDEX.md").exists()
    # Without a FILE the current folder decides, and it is not a journal.
    assert run_process("--today", TODAY.isoformat(), "check", cwd=repo).returncode == 2


def test_the_file_s_journal_wins_over_the_current_one(tmp_path):
    here = write_journal(tmp_path / "here", {"jrnl-rej.toml": "", "a.md": ACME, "b.md": ACME.replace("Acme", "Ceta")})
    there = write_journal(tmp_path / "there", {"jrnl-rej.toml": "", "there.md": ACME.replace("Acme", "Beta")})
    result = run_process("--today", TODAY.isoformat(), "check", "--format", "json", str(there / "there.md"), cwd=here)
    assert result.returncode == 0, result.stderr
    assert '"files": 1' in result.stdout  # there's one file, not here's two


def test_a_subfolder_of_a_journal_finds_it_above(tmp_path):
    root = write_journal(tmp_path / "j", {"jrnl-rej.toml": "", "2026/11/acme.md": ACME})
    result = run_process("--today", TODAY.isoformat(), "check", cwd=root / "2026" / "11")
    assert result.returncode == 0, result.stderr
    assert "1 file" in result.stdout + result.stderr
