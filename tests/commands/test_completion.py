"""Shell completion through bash's own protocol: the script `jrnl-rej` prints for
`_JRNL_REJ_COMPLETE=bash_source` is loaded into a real bash, COMP_WORDS and COMP_CWORD are
set as bash sets them, and COMPREPLY is what bash would offer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import app_file

from jrnl_rej.commands.log_events import EVENTS
from jrnl_rej.rules import RULES

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")

BIN = str(Path(sys.executable).parent)  # where this environment installed jrnl-rej

AWKWARD = ["gekko-&-co.md", "o'reilly-media.md", "2026/2026-06-06 Δέλτα Analytics - Data Engineer.md"]


def complete(words: list[str], cwd: Path, env: dict | None = None) -> list[str]:
    """What bash puts in COMPREPLY for the command line `words` (the last one being completed)."""
    script = (
        'eval "$(_JRNL_REJ_COMPLETE=bash_source jrnl-rej)" || exit 9\n'
        'COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))\n'
        "_jrnl_rej_completion jrnl-rej 2>/dev/null\n"
        "printf '%s\\0' \"${COMPREPLY[@]}\"\n"
    )
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("_JRNL_REJ")}
    full_env["PATH"] = BIN + os.pathsep + full_env.get("PATH", "")
    full_env.update(env or {})
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", script, "bash", *words],
                          cwd=cwd, env=full_env, capture_output=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return [w.decode() for w in done.stdout.split(b"\0") if w]


def words_of(reply: str) -> list[str]:
    """What bash makes of an offered word once it is on the line (quotes removed)."""
    done = subprocess.run(["bash", "-c", f"printf '%s\\0' {reply}"], capture_output=True, check=True)
    return [w.decode() for w in done.stdout.split(b"\0") if w]


@pytest.fixture
def journal_dir(tmp_path):
    root = tmp_path / "notes"
    root.mkdir()
    (root / "jrnl-rej.toml").write_text('exclude = ["drafts/**"]\n')
    for name in [*AWKWARD, "acme.md", "drafts/later.md", "_private/t.md", "README.md"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(app_file(company="Acme", role="R", applied="2026-11-01"))
    (root / "INDEX.md").write_text("# Index\n")
    (root / "notes.txt").write_text("not an application\n")
    return root


def test_rule_names_for_rule_select_and_ignore(tmp_path):
    stale = sorted(name for name in RULES if name.startswith("st"))
    assert stale and complete(["jrnl-rej", "rule", "st"], tmp_path) == stale
    assert complete(["jrnl-rej", "rule", ""], tmp_path) == sorted(RULES)
    assert complete(["jrnl-rej", "check", "--select", "st"], tmp_path) == stale
    assert complete(["jrnl-rej", "check", "--ignore", "overdue-r"], tmp_path) == ["overdue-reply"]
    # after a comma: the rest of the list, without the rules already named
    offered = complete(["jrnl-rej", "check", "--select", "overdue-reply,"], tmp_path)
    assert offered == [f"overdue-reply,{n}" for n in sorted(RULES) if n != "overdue-reply"]


def test_events_and_kinds_for_log(journal_dir):
    assert complete(["jrnl-rej", "log", "acme.md", ""], journal_dir) == list(EVENTS)
    assert complete(["jrnl-rej", "log", "acme.md", "fe"], journal_dir) == ["feedback-asked", "feedback"]
    assert complete(["jrnl-rej", "log", "acme.md", "hiring-"], journal_dir) == ["hiring_manager"]
    kinds = complete(["jrnl-rej", "log", "acme.md", "rejected", "--kind", ""], journal_dir)
    assert kinds == ["silent", "form", "post_interview"]


def test_only_application_files_quoted_as_bash_needs(journal_dir):
    offered = complete(["jrnl-rej", "log", ""], journal_dir)
    names = [w for reply in offered for w in words_of(reply)]
    assert sorted(names) == sorted([*AWKWARD, "acme.md"])  # no index, README, _folder, excluded draft, .txt
    assert len(offered) == len(names)  # each offer is one word for bash
    assert complete(["jrnl-rej", "draft", "reply", "o"], journal_dir) == ["'o'\"'\"'reilly-media.md'"]
    assert words_of(complete(["jrnl-rej", "check", "2026/"], journal_dir)[0]) == [AWKWARD[2]]


def test_files_are_named_from_the_current_folder(journal_dir):
    repo = journal_dir.parent
    offered = complete(["jrnl-rej", "--journal", "notes", "log", "notes/a"], repo)
    assert offered == ["notes/acme.md"]
    # found from the config above the current folder too
    assert complete(["jrnl-rej", "log", "D"], journal_dir / "2026") == []
    below = journal_dir / "2026"
    assert [words_of(w) for w in complete(["jrnl-rej", "log", ""], below)] == [[AWKWARD[2][5:]]]
    assert complete(["jrnl-rej", "log", "../a"], below) == ["../acme.md"]
    assert complete(["jrnl-rej", "log", str(journal_dir / "a")], below) == [str(journal_dir / "acme.md")]


def test_without_a_journal_the_shell_completes_files(tmp_path):
    (tmp_path / "somewhere.md").write_text("x")
    # click's "file" answer: bash's own file completion takes over (compopt -o default)
    script_env = {"_JRNL_REJ_COMPLETE": "bash_complete", "COMP_WORDS": "jrnl-rej log so", "COMP_CWORD": "2"}
    done = subprocess.run(["jrnl-rej"], cwd=tmp_path, env={**os.environ, **script_env,
                          "PATH": BIN + os.pathsep + os.environ["PATH"]}, capture_output=True, text=True)  # fmt: skip
    assert done.stdout == "file,so\n"


def test_subcommands_and_options_still_complete(tmp_path):
    assert "calendar" in complete(["jrnl-rej", ""], tmp_path)
    assert "--select" in complete(["jrnl-rej", "check", "--"], tmp_path)


@pytest.mark.skipif(shutil.which("fish") is None, reason="needs fish")
def test_fish_through_its_own_complete_command(journal_dir):
    script = ("_JRNL_REJ_COMPLETE=fish_source jrnl-rej | source; "
              "complete -C 'jrnl-rej log '; echo SPLIT; complete -C 'jrnl-rej rule overdue-r'")  # fmt: skip
    done = subprocess.run(["fish", "--no-config", "-c", script], cwd=journal_dir, capture_output=True, text=True,
                          env={**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"]}, timeout=60)  # fmt: skip
    files, rules = done.stdout.split("SPLIT\n")
    assert sorted(files.splitlines()) == sorted([*AWKWARD, "acme.md"])  # fish quotes what it inserts
    assert rules.split("\t")[0] == "overdue-reply"


@pytest.mark.skipif(shutil.which("zsh") is None, reason="needs zsh")
def test_the_zsh_script_loads_after_compinit(tmp_path):
    script = ('autoload -Uz compinit && compinit -u -d "$PWD/.zcompdump" && '
              'eval "$(_JRNL_REJ_COMPLETE=zsh_source jrnl-rej)" && print -r -- ${_comps[jrnl-rej]}')  # fmt: skip
    done = subprocess.run(["zsh", "-f", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"]}, timeout=60)  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "_jrnl_rej_completion", done.stderr
