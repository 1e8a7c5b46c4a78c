"""The hooks in .pre-commit-hooks.yaml, installed and run by the real pre-commit tool.

Each `pre-commit try-repo` builds a fresh environment for the hooks (about ten
seconds), so the cases share runs: three builds in all, the last one reused by
`pre-commit run` and a real `git commit`.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, TODAY, app_file, write_journal

pytestmark = pytest.mark.slow

if importlib.util.find_spec("pre_commit") is None or shutil.which("git") is None:
    pytest.skip("needs git and the pre-commit package", allow_module_level=True)
if not (REPO / ".git").exists():  # an unpacked sdist: pre-commit installs hooks only from a git repository
    pytest.skip("pre-commit needs the project as a git checkout; this copy is not one", allow_module_level=True)

OVERDUE = app_file(
    company="Acme Corp", role="Data Engineer", applied="2026-10-02", final_round="2026-11-12",
    status="rejected", rejected="2026-11-20",
)  # fmt: skip
REPLY_DUE = app_file(
    company="Acme Corp", role="Data Engineer", applied="2026-10-02", final_round="2026-11-18",
    status="rejected", rejected="2026-11-24",
)  # fmt: skip
OPEN = app_file(company="Initech", role="Analyst", applied="2026-11-24")
# Variables git sets while it runs a hook; inherited, they would point our git at another repo.
GIT_PLACE = ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_OBJECT_DIRECTORY", "GIT_PREFIX",
             "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR")  # fmt: skip


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """The environment for pre-commit and git: the reference date fixed, no colour."""
    env = {k: v for k, v in os.environ.items() if k not in GIT_PLACE and k != "SKIP"}
    env.update(
        JRNL_REJ_TODAY=TODAY.isoformat(),
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
        PRE_COMMIT_COLOR="never",
        NO_COLOR="1",
        # The developer's own git settings (hooksPath, signing, templates) stay out of it.
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    # The pre-commit next to this interpreter, and the git hook script it installs, first.
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return env


def sh(cwd: Path, env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)  # fmt: skip
    if check and done.returncode != 0:
        raise AssertionError(f"{args} exited {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def pre_commit(cwd: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return sh(cwd, env, sys.executable, "-m", "pre_commit", *args, check=False)


def git_journal(root: Path, env: dict, files: dict[str, str]) -> Path:
    """A git repository holding a journal, everything committed."""
    root.mkdir()
    write_journal(root, {"jrnl-rej.toml": "", **files})  # as init makes it
    sh(root, env, "git", "init", "-q")
    for key, value in [("user.email", "lee@example.com"), ("user.name", "Lee")]:
        sh(root, env, "git", "config", key, value)
    commit(root, env, "start")
    return root


def commit(root: Path, env: dict, message: str) -> None:
    sh(root, env, "git", "add", "-A")
    sh(root, env, "git", "commit", "-q", "--no-verify", "-m", message)


def status(root: Path, env: dict) -> str:
    return sh(root, env, "git", "status", "--porcelain").stdout


def config_at_head(env: dict, args: str = "") -> str:
    """A .pre-commit-config.yaml naming this project at its current commit, as a git URL would."""
    head = sh(REPO, env, "git", "rev-parse", "HEAD", check=False)
    manifest = sh(REPO, env, "git", "cat-file", "-e", "HEAD:.pre-commit-hooks.yaml", check=False)
    if head.returncode != 0 or manifest.returncode != 0:
        pytest.skip("the project is not a git checkout with the hooks committed")
    hooks = "".join(f"      - id: {hook}\n" + (f"        args: {args}\n" if args else "")
                    for hook in ("jrnl-rej-check", "jrnl-rej-index"))  # fmt: skip
    return f"repos:\n  - repo: {REPO}\n    rev: {head.stdout.strip()}\n    hooks:\n{hooks}"


def try_repo(root: Path, env: dict, *hook: str) -> subprocess.CompletedProcess:
    return pre_commit(root, env, "try-repo", str(REPO), *hook, "--all-files")


def test_check_hook_blocks_the_commit_on_an_overdue_reply(tmp_path, env):
    root = git_journal(tmp_path / "journal", env, {"acme.md": OVERDUE, "initech.md": OPEN})
    done = try_repo(root, env, "jrnl-rej-check")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "jrnl-rej check" in done.stdout and "Failed" in done.stdout
    assert "acme.md:7:1: warning overdue-reply: Acme Corp said no after the final round" in done.stdout
    assert "1 warning in 2 files." in done.stdout
    assert status(root, env) == ""  # checking writes nothing


def test_hooks_from_a_git_url_remind_then_keep_the_index_current(tmp_path, env):
    """The path of a user: the index is tracked, a rejection is logged, commits follow."""
    root = git_journal(
        tmp_path / "journal", env,
        {"acme.md": REPLY_DUE, "initech.md": OPEN, "INDEX.md": "# Job search\n\nMy notes.\n"},
    )  # fmt: skip

    # First run: the check passes and still shows the reminder (verbose); the index
    # hook writes the section, so pre-commit stops the commit, as for any fixer.
    first = try_repo(root, env)
    out = first.stdout
    assert first.returncode == 1, out + first.stderr
    check_part, index_part = out.split("jrnl-rej index.", 1)
    assert "Passed" in check_part
    assert "acme.md:7:1: info reply-due: Acme Corp said no after the final round; send a short " \
           "thank-you by 2026-11-25" in check_part  # fmt: skip
    assert "Failed" in index_part and "files were modified by this hook" in index_part
    assert "Updated INDEX.md. To keep the new numbers in this commit: git add INDEX.md, then commit again." \
        in index_part  # fmt: skip
    index = (root / "INDEX.md").read_text(encoding="utf-8")
    assert index.startswith("# Job search\n\nMy notes.\n")
    assert "<!-- jrnl-rej:begin -->" in index and "## Patterns" in index
    assert status(root, env) == " M INDEX.md\n"
    commit(root, env, "index")

    # What a user pastes from the README: the hooks repository at a fixed rev.
    (root / ".pre-commit-config.yaml").write_text(config_at_head(env), encoding="utf-8")
    commit(root, env, "hooks")
    second = pre_commit(root, env, "run", "--all-files")
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.count("Passed") == 2
    assert "reply-due" in second.stdout
    assert status(root, env) == ""

    # A real commit through the installed git hook, with part of the work unstaged.
    # pre-commit stashes what is not staged, so the hooks see exactly the staged files:
    # the unstaged typo in acme.md does not block this commit.
    sh(root, env, sys.executable, "-m", "pre_commit", "install")
    acme = (root / "acme.md").read_text(encoding="utf-8")
    (root / "acme.md").write_text(acme.replace("Acme Corp", "Globex Corp"), encoding="utf-8")
    sh(root, env, "git", "add", "acme.md")
    (root / "acme.md").write_text(
        acme.replace("Acme Corp", "Globex Corp").replace("status: rejected", "status: rejectd"),
        encoding="utf-8",
    )
    (root / "initech.md").write_text(OPEN + "Call on Friday.\n", encoding="utf-8")
    blocked = sh(root, env, "git", "commit", "-m", "Globex, not Acme", check=False)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, output
    assert "Stashing unstaged files" in output
    assert "Globex Corp said no" in output  # the check saw the staged rename...
    assert "rejectd" not in output  # ...and not the unstaged typo
    assert "files were modified by this hook" in output
    assert "Globex Corp" in (root / "INDEX.md").read_text(encoding="utf-8")
    assert sorted(status(root, env).splitlines()) == [" M INDEX.md", " M initech.md", "MM acme.md"]

    # Stage the index and commit again: through, and the unstaged work is still there.
    sh(root, env, "git", "add", "INDEX.md")
    done = sh(root, env, "git", "commit", "-m", "Globex, not Acme", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(status(root, env).splitlines()) == [" M acme.md", " M initech.md"]
    assert "rejectd" in (root / "acme.md").read_text(encoding="utf-8")
    shown = sh(root, env, "git", "show", "HEAD:INDEX.md").stdout
    assert "Globex Corp" in shown and "Acme Corp" not in shown


def test_args_point_the_hooks_at_a_journal_in_a_subfolder(tmp_path, env):
    """`args: [--journal, notes]` is appended after the entry; the hooks accept it there."""
    root = git_journal(tmp_path / "repo", env, {"notes/acme.md": OVERDUE, "src/tool.py": "x = 1\n"})
    (root / ".pre-commit-config.yaml").write_text(config_at_head(env, "[--journal, notes]"),
                                                  encoding="utf-8")  # fmt: skip
    commit(root, env, "hooks")
    sh(root, env, sys.executable, "-m", "pre_commit", "install")

    # A commit that touches no Markdown does not run the hooks.
    (root / "src" / "tool.py").write_text("x = 2\n", encoding="utf-8")
    sh(root, env, "git", "add", "src/tool.py")
    skipped = sh(root, env, "git", "commit", "-m", "code only", check=False)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert (skipped.stdout + skipped.stderr).count("(no files to check)Skipped") == 2

    # One that touches the journal does: the overdue reply blocks it, and the index
    # hook creates notes/INDEX.md (a new file: pre-commit does not count it as a change).
    (root / "notes" / "initech.md").write_text(OPEN, encoding="utf-8")
    sh(root, env, "git", "add", "notes/initech.md")
    blocked = sh(root, env, "git", "commit", "-m", "Initech", check=False)
    assert blocked.returncode == 1
    assert "acme.md:7:1: warning overdue-reply" in blocked.stdout + blocked.stderr
    assert (root / "notes" / "INDEX.md").is_file()
    assert not (root / "INDEX.md").exists()
    assert "?? notes/INDEX.md" in status(root, env)
