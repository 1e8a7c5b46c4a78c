"""Paths from where the command ran (SPEC §1): vim's quickfix opens them, a real shell runs
the commands the messages suggest, and JSON keeps them relative to the journal."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import TODAY, app_file, run_process, write_journal

from jrnl_rej.core.shell import command_path, quote, shown_path

NAMES = {
    # reply-due: a rejection after an interview, yesterday
    "gekko-&-co.md": app_file(company="Gekko & Co", role="Analyst", applied="2026-10-02",
                              final_round="2026-11-18", status="rejected", rejected="2026-11-24"),
    # stale-silent: no word for more than three weeks
    "o'reilly-media.md": app_file(company="O'Reilly Media", role="Editor", applied="2026-10-01", status="open"),
    # check-in-due: two weeks since applying
    "2026/2026-06-06 Δέλτα Analytics - Data Engineer.md": app_file(
        company="Δέλτα Analytics", role="Data Engineer", applied="2026-11-09", status="open"),
    "$(touch pwned) `x`.md": app_file(company="Dollar", role="Dev", applied="2026-11-09", status="open"),
}  # fmt: skip

# One shell word: quoted pieces and plain characters, glued together.
_WORD = r"""(?:'[^']*'|"[^"]*"|[^\s'"])+"""
_COMMAND = re.compile(rf"jrnl-rej (?:draft reply|draft reapply|log) {_WORD}"
                      r"(?: rejected --kind silent| check-in| replied)?")  # fmt: skip


@pytest.fixture
def repo(tmp_path):
    """A repository whose journal lives in notes/, as in the documented hook `--journal notes`."""
    repo = tmp_path / "repo"
    write_journal(repo / "notes", NAMES)
    (repo / "notes" / "jrnl-rej.toml").write_text("", encoding="utf-8")
    return repo


@pytest.mark.parametrize("root, relpath, cwd", [
    ("/j", "a.md", "/j"), ("/j", "a/b.md", "/j"), ("/j", "a/b.md", "/j/a"), ("/j", "a/b.md", "/"),
    ("/", "a/b.md", "/"), ("/j/", "a.md", "/j/"), ("/j", "x/../a.md", "/j"), ("/j", ".h/a.md", "/j"),
    ("/j", "unlisted/", "/j"), ("/j", "a//b.md", "/j"), ("/j", "a.md", "/j/a.md"), ("/jx", "a.md", "/j"),
    ("/j", "a/b.md", "/j/a/b"),
])
def test_shown_paths_are_what_relpath_gives_inside_and_absolute_outside(root, relpath, cwd):
    full = os.path.normpath(os.path.join(root, *relpath.split("/")))
    inside = full == cwd or full.startswith(cwd.rstrip("/") + "/")
    assert shown_path(root, relpath, cwd) == (os.path.relpath(full, cwd) if inside else full)


def test_the_helper_quotes_and_names_from_the_current_folder(tmp_path):
    root = tmp_path / "j"
    assert shown_path(root, "a/b.md", cwd=tmp_path) == os.path.join("j", "a", "b.md")
    assert shown_path(root, "a/b.md", cwd=root / "a") == "b.md"
    elsewhere = tmp_path / "other"
    assert shown_path(root, "b.md", cwd=elsewhere) == str(root / "b.md")  # absolute outside
    assert command_path(root, "o'reilly.md", cwd=root) == "'o'\"'\"'reilly.md'"
    for text in ["", "a b", "gekko-&-co.md", "x'y", "Δ.md", "$(x)", "plain-name_1.md"]:
        import shlex

        assert quote(text) == shlex.quote(text)


def test_text_and_github_name_files_from_the_current_folder_json_from_the_journal(repo):
    args = ("--journal", "notes", "--today", TODAY.isoformat(), "check")
    text = run_process(*args, cwd=repo)
    assert "notes/gekko-&-co.md:" in text.stdout
    assert "jrnl-rej draft reply 'notes/gekko-&-co.md'" in text.stdout
    github = run_process(*args, "--format", "github", cwd=repo)
    assert "file=notes/gekko-&-co.md" in github.stdout
    data = json.loads(run_process(*args, "--format", "json", cwd=repo).stdout)
    paths = {d["path"] for d in data["diagnostics"]}
    assert "gekko-&-co.md" in paths
    messages = " ".join(d["message"] for d in data["diagnostics"])
    assert "jrnl-rej draft reply 'gekko-&-co.md'" in messages and "\x1f" not in messages


@pytest.mark.skipif(shutil.which("vim") is None, reason="vim is not installed")
def test_vim_quickfix_opens_every_file_from_the_repo_root(repo):
    out = run_process("--journal", "notes", "--today", TODAY.isoformat(), "check", cwd=repo)
    (repo / "out.txt").write_text(out.stdout, encoding="utf-8")
    script = (
        "set errorformat=%f:%l:%c:\\ %m\n"
        "cgetfile out.txt\n"
        "call writefile(map(getqflist(), {_, v -> v.valid . ' ' . filereadable(bufname(v.bufnr))"
        " . ' ' . v.lnum . ' ' . bufname(v.bufnr)}), 'qf.txt')\n"
        "qa!\n"
    )
    (repo / "qf.vim").write_text(script, encoding="utf-8")
    subprocess.run(["vim", "-u", "NONE", "-N", "-es", "-S", "qf.vim"], cwd=repo, timeout=60,
                   stdin=subprocess.DEVNULL, capture_output=True)  # fmt: skip
    rows = [line.split(" ", 3) for line in (repo / "qf.txt").read_text(encoding="utf-8").splitlines()]
    located = [r for r in rows if r[0] == "1"]
    assert len(located) == out.stdout.count(": warning ") + out.stdout.count(": info ") + out.stdout.count(": error ")
    assert len(located) >= 4
    assert all(r[1] == "1" for r in located), located  # vim can open every one of them
    assert {r[3] for r in located} >= {"notes/gekko-&-co.md", "notes/o'reilly-media.md"}


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize("where", ["repo", "notes", "notes/2026"])
def test_every_suggested_command_runs_in_a_real_shell(repo, where):
    cwd = repo if where == "repo" else repo / where
    journal = os.path.relpath(repo / "notes", cwd)
    out = run_process("--journal", journal, "--today", TODAY.isoformat(), "check", cwd=cwd)
    commands = sorted(set(_COMMAND.findall(out.stdout)))
    assert len(commands) >= 4, out.stdout  # reply, silent, and two check-ins
    shim = f'jrnl-rej() {{ {quote(sys.executable)} -m jrnl_rej --today {TODAY.isoformat()} "$@"; }}\n'
    for command in commands:
        done = subprocess.run(["bash", "-c", shim + command], cwd=cwd, capture_output=True, text=True,
                              timeout=60)  # fmt: skip
        assert done.returncode == 0, (command, done.stderr)
        assert "no such file" not in done.stderr
    assert not (cwd / "pwned").exists() and not (repo / "pwned").exists()
