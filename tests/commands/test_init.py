"""`jrnl-rej init`: a first journal that checks clean, and never a user's file overwritten."""

from __future__ import annotations

import json
import os
import re
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from conftest import REPO, TODAY, run_process

from jrnl_rej import __version__
from jrnl_rej.commands.init import PROJECT_URL
from jrnl_rej.core.config import DEFAULT_THRESHOLDS, parse
from jrnl_rej.journal.splice import BEGIN, END

TEMPLATE = "templates/application.md"
CREATED = ["jrnl-rej.toml", "INDEX.md", TEMPLATE, ".pre-commit-config.yaml", "README.md"]


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_init_creates_the_journal_and_says_what_next(run, tmp_path):
    target = tmp_path / "search"
    result = run(None, "init", str(target))
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()) == sorted(CREATED)
    for name in CREATED:
        assert f"created {name}" in result.stdout
    assert f"cd {target} && jrnl-rej new 'Company' 'Role'" in result.stdout
    assert "git init && pre-commit install" in result.stdout
    assert result.stderr == ""


def test_a_new_journal_checks_clean_and_the_template_never_counts(run, tmp_path):
    target = tmp_path / "search"
    assert run(None, "init", str(target)).exit_code == 0
    result = run(target, "check", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["files"] == 0  # the template, README.md and INDEX.md are not applications
    assert data["diagnostics"] == []
    report = json.loads(run(target, "report", "--format", "json").stdout)
    assert report["applications"] == 0


@pytest.mark.parametrize("days_later", [1, 7, 20, 21, 60, 400])
def test_the_template_never_nags(run, tmp_path, days_later):
    target = tmp_path / "search"
    assert run(None, "init", str(target)).exit_code == 0
    later = (TODAY + timedelta(days=days_later)).isoformat()
    result = run(target, "check", "--format", "json", today=later)
    assert json.loads(result.stdout)["diagnostics"] == []
    assert "Nothing is waiting on you today" in run(target, "today", today=later).stdout


def test_the_template_explains_the_fields_and_new_fills_it(run, tmp_path):
    target = tmp_path / "search"
    run(None, "init", str(target), today="2027-03-10")
    text = (target / TEMPLATE).read_text(encoding="utf-8")
    for field in ("company", "role", "applied", "contact", "status", "rejection", "replied",
                  "check_ins", "revisit", "hiring_manager", "final_round"):  # fmt: skip
        assert field in text
    # The journal's own notes layout reaches every new file; the front matter is new's own.
    (target / TEMPLATE).write_text(text.replace("## Why this role", "## Why $company, why $role (since $applied)"))
    made = run(target, "new", "Acme & Co", "Data Engineer", "--applied", "2027-03-09", today="2027-03-10")
    assert made.exit_code == 0, made.stderr
    new = (target / made.stdout.strip()).read_text(encoding="utf-8")
    assert new.startswith("---\ncompany: Acme & Co\nrole: Data Engineer\napplied: 2027-03-09\nstatus: open\n---\n")
    assert "## Why Acme & Co, why Data Engineer (since 2027-03-09)\n" in new
    assert "Example Co" not in new and "Alex Rivera" not in new
    assert run(target, "check", today="2027-03-10").exit_code == 0


def test_index_holds_the_generated_section_and_is_current(run, tmp_path):
    target = tmp_path / "search"
    run(None, "init", str(target))
    index = (target / "INDEX.md").read_text(encoding="utf-8")
    assert index.startswith("# Job search\n")
    assert index.count(BEGIN) == 1 and index.count(END) == 1
    assert index.index(BEGIN) < index.index("## Patterns") < index.index(END)
    assert "## Revisit" in index
    assert run(target, "index", "--check").exit_code == 0


def test_config_lists_every_setting_commented_at_its_default(run, tmp_path):
    target = tmp_path / "search"
    run(None, "init", str(target))
    text = (target / "jrnl-rej.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text) == {}  # everything commented: the defaults apply
    setting = re.compile(r"^# (\[\w+\]|[a-z_]+ = .*)$")
    lines = text.splitlines()
    settings = [m.group(1) for m in map(setting.match, lines) if m]
    keys = [s.split(" = ")[0] for s in settings if not s.startswith("[")]
    expected = ["index", "exclude", "date_order", "plain_notes", *DEFAULT_THRESHOLDS, "ignore", "severity"]
    assert keys == expected
    for i, line in enumerate(lines):  # every setting has a line above saying what it does
        if setting.match(line) and not line.startswith("# ["):
            above = lines[i - 1]
            assert above.startswith("# ") and not setting.match(above), line
    # Uncommenting everything gives a valid config with the default values.
    uncommented = tomllib.loads("\n".join(s for s in settings))
    config = parse(uncommented)
    assert config.index == "INDEX.md"
    assert config.exclude == () and config.plain_notes == "error"
    assert config.thresholds._asdict() == DEFAULT_THRESHOLDS
    assert config.ignore == frozenset() and config.severity == {}


def test_precommit_config_uses_this_projects_hooks(run, tmp_path):
    target = tmp_path / "search"
    run(None, "init", str(target))
    data = yaml.safe_load((target / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = data["repos"]
    assert repo["repo"] == PROJECT_URL
    assert repo["rev"] == f"v{__version__}"
    ids = [hook["id"] for hook in repo["hooks"]]
    assert ids == ["jrnl-rej-check", "jrnl-rej-index"]
    manifest = REPO / ".pre-commit-hooks.yaml"
    if manifest.exists():  # the hooks offered by the project carry these ids
        offered = {hook["id"] for hook in yaml.safe_load(manifest.read_text(encoding="utf-8"))}
        assert set(ids) <= offered


def test_readme_explains_the_daily_commands(run, tmp_path):
    target = tmp_path / "search"
    run(None, "init", str(target))
    readme = (target / "README.md").read_text(encoding="utf-8")
    for command in ("jrnl-rej new", "jrnl-rej log", "jrnl-rej check", "pre-commit install"):
        assert command in readme
    assert "README.md" in readme  # says such files are not applications


def test_second_init_keeps_every_file_byte_for_byte(run, tmp_path):
    target = tmp_path / "search"
    run(None, "init", str(target))
    before = snapshot(target)
    result = run(None, "init", str(target))
    assert result.exit_code == 0
    assert snapshot(target) == before  # same bytes, same mtimes
    for name in CREATED:
        assert f"kept existing {name}" in result.stdout
    assert "created" not in result.stdout


def test_init_in_an_existing_journal_keeps_the_users_files(run, journal):
    mine = {
        "INDEX.md": "# My search\n\nnotes of mine\n",
        "README.md": "my readme\n",
        "acme.md": "---\ncompany: Acme\nrole: Analyst\napplied: 2026-11-20\n---\n",
    }
    root = journal(mine, config='index = "INDEX.md"\n[thresholds]\nsilent_after_days = 30\n')
    before = snapshot(root)
    result = run(None, "init", str(root))
    assert result.exit_code == 0
    after = snapshot(root)
    for name in (*mine, "jrnl-rej.toml"):
        assert after[name] == before[name]
    for name in ("INDEX.md", "README.md", "jrnl-rej.toml"):
        assert f"kept existing {name}" in result.stdout
    assert set(after) - set(before) == {".pre-commit-config.yaml", TEMPLATE}


def test_init_uses_the_configured_index_name(run, journal):
    root = journal({}, config='index = "Overview.md"\n')
    assert run(None, "init", str(root)).exit_code == 0
    assert (root / "Overview.md").is_file()
    assert not (root / "INDEX.md").exists()


def test_init_refuses_a_broken_config_and_writes_nothing(run, journal):
    root = journal({}, config="thresholds = 3\n")
    result = run(None, "init", str(root))
    assert result.exit_code == 2
    assert os.listdir(root) == ["jrnl-rej.toml"]
    assert "thresholds" in result.stderr


def test_init_without_dir_uses_journal_option(run, tmp_path):
    target = tmp_path / "from-option"
    result = run(target, "init")  # the fixture passes --journal
    assert result.exit_code == 0
    assert (target / TEMPLATE).is_file()


def test_init_without_dir_uses_the_current_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(None, "init")
    assert result.exit_code == 0
    assert (tmp_path / "jrnl-rej.toml").is_file()
    assert "Next: jrnl-rej new 'Company' 'Role'" in result.stdout  # no 'cd' needed


def test_init_creates_missing_parent_folders(run, tmp_path):
    target = tmp_path / "a" / "b" / "search"
    assert run(None, "init", str(target)).exit_code == 0
    assert (target / "jrnl-rej.toml").is_file()


def test_init_into_a_file_exits_2(run, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    result = run(None, "init", str(path))
    assert result.exit_code == 2
    assert path.read_text() == "hello\n"
    via_option = run(path, "init")
    assert via_option.exit_code == 2
    assert "is a file" in via_option.stderr
    assert len(via_option.stderr.strip().splitlines()) == 1


def test_init_below_a_file_exits_2(run, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    result = run(None, "init", str(path / "search"))
    assert result.exit_code == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_init_into_a_read_only_folder_exits_2(run, tmp_path):
    target = tmp_path / "locked"
    target.mkdir()
    target.chmod(0o555)
    try:
        result = run(None, "init", str(target))
    finally:
        target.chmod(0o755)
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert os.listdir(target) == []


def test_init_escapes_control_characters_in_the_folder_name(run, tmp_path):
    target = tmp_path / "se\x1b[2Jarch"
    result = run(None, "init", str(target))
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "\\x1b[2J" in result.stdout


def test_init_then_check_in_real_processes(tmp_path):
    target = tmp_path / "search"
    made = run_process("--today", TODAY.isoformat(), "init", str(target))
    assert made.returncode == 0, made.stderr
    assert "created jrnl-rej.toml" in made.stdout
    checked = run_process("check", "--today", TODAY.isoformat(), cwd=target)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("All clear: 0 files checked")
    again = run_process("init", "--today", TODAY.isoformat(), cwd=target)
    assert again.returncode == 0
    assert "kept existing INDEX.md" in again.stdout


def test_init_into_a_folder_it_may_not_write_exits_2(run, tmp_path, monkeypatch):
    # Root may write anywhere, so the permission answer is simulated here.
    import jrnl_rej.commands.init as scaffold

    target = tmp_path / "locked"
    target.mkdir()
    real_access = os.access
    monkeypatch.setattr(scaffold.os, "access",
                        lambda path, mode: not mode & os.W_OK and real_access(path, mode))  # fmt: skip
    result = run(None, "init", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith("jrnl-rej: cannot write in the folder")
    assert os.listdir(target) == []
