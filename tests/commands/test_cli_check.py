"""`jrnl-rej check` end to end: output forms, options, exit codes, discovery and escaping."""

from __future__ import annotations

import json
import os
import re

import pytest
from conftest import app_file, run_process

GOOD = app_file(company="Acme", role="Data Engineer", applied="2026-11-20")
SILENT = app_file(company="Hooli", role="Platform Engineer", applied="2026-10-01")
LINE_RE = re.compile(r"^[^:]+:\d+:\d+: (error|warning|info) [a-z-]+: .+$")


def test_clean_journal_exits_0(journal, run):
    root = journal({"acme.md": GOOD})
    result = run(root, "check")
    assert result.exit_code == 0
    assert result.stdout == "All clear: 1 file checked, nothing to do.\n"


def test_text_lines_summary_and_exit_1(journal, run):
    root = journal({"acme.md": GOOD, "hooli.md": SILENT})
    result = run(root, "check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("hooli.md:4:1: warning stale-silent: no word from Hooli for 55 days")
    assert LINE_RE.match(lines[0])
    assert lines[1] == "1 warning in 2 files."


def test_infos_alone_exit_0(journal, run):
    root = journal({"a.md": app_file(company="A", role="r", applied="2026-11-10")})
    result = run(root, "check")
    assert result.exit_code == 0
    assert "info check-in-due" in result.stdout
    assert "1 reminder in 1 file." in result.stdout


def test_errors_exit_1_and_other_files_are_checked(journal, run):
    root = journal({"bad.md": b"---\ncompany: [\n---\n", "hooli.md": SILENT})
    result = run(root, "check")
    assert result.exit_code == 1
    rules = [line.split()[2].rstrip(":") for line in result.stdout.splitlines() if LINE_RE.match(line)]
    assert rules == ["front-matter", "stale-silent"]


def test_json_is_the_spec_object(journal, run):
    root = journal({"acme.md": GOOD, "hooli.md": SILENT, "bad.md": b"nothing"})
    result = run(root, "check", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"version", "today", "journal", "files", "diagnostics", "summary"}
    assert data["version"] == 1 and data["today"] == "2026-11-25"
    assert data["journal"] == str(root) and data["files"] == 3
    assert data["summary"] == {"error": 1, "warning": 1, "info": 0}
    first = data["diagnostics"][0]
    assert {k: first[k] for k in ("path", "line", "column", "rule", "severity", "fixable")} == {
        "path": "bad.md", "line": 1, "column": 1, "rule": "front-matter",
        "severity": "error", "fixable": False,
    }  # fmt: skip
    stale = data["diagnostics"][1]
    assert stale["rule"] == "stale-silent" and stale["fixable"] is True and stale["fix"] == "unsafe"


def test_github_annotations(journal, run):
    root = journal({"hooli.md": SILENT, "a.md": app_file(company="A", role="r", applied="2026-11-10")})
    result = run(root, "check", "--format", "github")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::notice file=a.md,line=4,col=1,title=jrnl-rej check-in-due::")
    assert lines[1].startswith("::warning file=hooli.md,line=4,col=1,title=jrnl-rej stale-silent::")
    assert result.exit_code == 1


def test_select_ignore_exit_zero_statistics(journal, run):
    root = journal({"hooli.md": SILENT, "a.md": app_file(company="A", role="r", applied="2026-11-10")})
    only = run(root, "check", "--select", "check-in-due")
    assert only.exit_code == 0 and "stale-silent" not in only.stdout
    ignored = run(root, "check", "--ignore", "stale-silent,check-in-due")
    assert ignored.exit_code == 0 and ignored.stdout.startswith("All clear")
    zero = run(root, "check", "--exit-zero")
    assert zero.exit_code == 0 and "stale-silent" in zero.stdout
    stats = run(root, "check", "--statistics")
    assert re.search(r"^1  stale-silent +warning \[fixable\]$", stats.stdout, re.M)
    assert re.search(r"^1  check-in-due +info$", stats.stdout, re.M)


def test_unknown_rule_is_exit_2_with_a_suggestion(journal, run):
    root = journal({"a.md": GOOD})
    result = run(root, "check", "--select", "stale-silnt")
    assert result.exit_code == 2
    assert "did you mean 'stale-silent'" in result.stderr


def test_paths_are_checked_with_the_journal_as_context(journal, run, monkeypatch):
    dup = app_file(company="Acme", role="Data Engineer", applied="2026-11-21")
    root = journal({"acme.md": GOOD, "acme-2.md": dup, "hooli.md": SILENT}, config="")
    monkeypatch.chdir(root)
    result = run(None, "check", "acme.md")
    assert result.stdout.splitlines()[0].startswith("acme.md:2:1: warning duplicate-application: same company and role as acme-2.md")
    assert "hooli" not in result.stdout and "1 warning in 1 file." in result.stdout


def test_options_after_the_command_and_from_the_environment(journal, tmp_path):
    root = journal({"a.md": app_file(company="A", role="r", applied="2026-11-10")})
    after = run_process("check", "--journal", str(root), "--today", "2026-11-12")
    assert after.returncode == 0 and after.stdout.startswith("All clear")
    env = run_process("check", "--journal", str(root), env={"JRNL_REJ_TODAY": "2026-11-25"})
    assert "check-in-due" in env.stdout
    words = run_process("--journal", str(root), "--today", "2 days ago", "check")
    assert words.returncode in (0, 1) and "Traceback" not in words.stderr
    bad = run_process("--journal", str(root), "--today", "not a day", "check")
    assert bad.returncode == 2 and bad.stderr.startswith("jrnl-rej: --today")


def test_root_is_the_nearest_folder_with_a_config(journal, tmp_path):
    root = journal({"a.md": SILENT, "sub/deeper/b.md": GOOD}, config="")
    result = run_process("--today", "2026-11-25", "check", "--format", "json", cwd=root / "sub" / "deeper")
    data = json.loads(result.stdout)
    assert data["journal"] == str(root) and data["files"] == 2


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("indx = 'I.md'", "unknown key 'indx' (did you mean 'index'?)"),
        ("[thresholds]\nsilent_after_day = 3", "unknown key 'thresholds.silent_after_day' (did you mean 'silent_after_days'?)"),
        ("[thresholds]\nsilent_after_days = -1", "'thresholds.silent_after_days' must be a whole number"),
        ("date_order = 'YMD'", "'date_order' must be \"DMY\" or \"MDY\""),
        ("[rules]\nignore = ['front-matter']", "errors cannot be turned off"),
        ("[rules]\nseverity = { stale-silent = 'loud' }", "'rules.severity.stale-silent' must be"),
        ("[rules]\nignroe = []", "did you mean 'ignore'"),
        ("index = [", "not valid TOML"),
    ],
)
def test_bad_config_is_exit_2_in_one_line(journal, run, config, message):
    root = journal({"a.md": GOOD}, config=config)
    result = run(root, "check")
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_missing_journal_is_exit_2(run, tmp_path):
    result = run(tmp_path / "nope", "check")
    assert result.exit_code == 2 and "no such folder" in result.stderr


def test_discovery_follows_the_spec(journal, run):
    bad = b"not an application"
    root = journal(
        {
            "a.md": GOOD, "INDEX.md": bad, "README.md": bad, "sub/README.md": bad,
            ".hidden/x.md": bad, "sub/.obsidian/x.md": bad, "_archive/x.md": bad,
            "templates/reply.md": bad, "sub/templates/kept.md": GOOD.replace("Acme", "Kept"),
            "drafts/x.md": bad, "sub/drafts/y.md": bad, "notes.txt": bad, "Upper.MD": bad,
        },
        config="exclude = ['drafts/**', '**/drafts']\n",
    )  # fmt: skip
    result = run(root, "check", "--format", "json")
    data = json.loads(result.stdout)
    assert data["files"] == 2 and data["diagnostics"] == []
    # The walk and the one-path test the watcher uses (is_application_path) agree.
    from jrnl_rej.core.config import load
    from jrnl_rej.journal.discover import discover, is_application_path

    config = load(root)
    every = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    assert discover(root, config) == sorted(p for p in every if is_application_path(p, config))


def test_non_regular_files_and_link_loops_are_skipped(journal, run, tmp_path):
    root = journal({"a.md": GOOD})
    (root / "dir.md").mkdir()
    (root / "dir.md" / "inner.md").write_text(GOOD.replace("Acme", "Inner"))
    os.mkfifo(root / "fifo.md")
    os.symlink(".", root / "loop")
    os.symlink("..", root / "up")
    os.symlink("nowhere.md", root / "broken.md")
    outside = tmp_path / "outside.md"
    outside.write_text("garbage")
    os.symlink(outside, root / "outside-link.md")
    result = run(root, "check", "--format", "json")
    data = json.loads(result.stdout)
    assert data["files"] == 2 and data["diagnostics"] == []


def test_control_characters_never_reach_the_terminal(journal, run):
    evil = '"\\e]52;c;ZXZpbA==\\a\\e[2J\\x9b\\u202eevil\\r"'
    name = "esc\x1b[31m\u202e.md"
    root = journal({name: app_file(company=evil, role="r", applied="2026-10-01")})
    for fmt in ("text", "json", "github"):
        out = run(root, "check", "--format", fmt).stdout
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out), fmt
    data = json.loads(run(root, "check", "--format", "json").stdout)
    assert data["diagnostics"][0]["path"] == name  # JSON escapes decode back to the real name
    text = run(root, "check").stdout
    assert text.startswith("esc\\x1b[31m\\u202e.md:4:1: warning stale-silent: no word from \\x1b]52;c;")


def test_no_colour_when_piped_or_with_no_color(journal):
    root = journal({"hooli.md": SILENT})
    result = run_process("--journal", str(root), "--today", "2026-11-25", "check", env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.stdout


def test_python_dash_m_and_version():
    result = run_process("--version")
    assert result.returncode == 0 and result.stdout.startswith("jrnl-rej, version ")


def test_rule_explanations(run):
    one = run(None, "rule", "stale-silent")
    assert one.exit_code == 0
    for heading in ("What it does", "Why it matters", "Example", "Fix"):
        assert heading in one.stdout
    every = run(None, "rule", "--all")
    from jrnl_rej.rules import ORDER, RULES

    assert set(ORDER) == set(RULES) and len(ORDER) == 19
    for name in ORDER:
        assert f"\n{name} (" in "\n" + every.stdout
        assert all(h in RULES[name].doc for h in ("What it does", "Why it matters", "Example", "Fix"))
    listing = run(None, "rule")
    assert len(listing.stdout.splitlines()) == 21
    unknown = run(None, "rule", "stale")
    assert unknown.exit_code == 2 and "stale-silent" in unknown.stderr


def test_example_journal_exercises_every_rule(run):
    from conftest import REPO

    from jrnl_rej.rules import RULES

    result = run(REPO / "example-journal", "check", "--format", "json")
    fired = {d["rule"] for d in json.loads(result.stdout)["diagnostics"]}
    assert fired == set(RULES)


def test_readme_shows_what_check_prints_on_the_example(monkeypatch):
    """The README's sample output is the real output, byte for byte, run as the README says:
    from the repository's folder, with --journal example-journal."""
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- check-output:begin -->")[1].split("<!-- check-output:end -->")[0]
    shown = block.split("```text\n", 1)[1].split("```", 1)[0]
    from click.testing import CliRunner

    from jrnl_rej.cli import cli

    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["--journal", "example-journal", "--today", "2026-11-25", "check"])
    assert shown == result.stdout


def test_example_index_is_current(run):
    """The example's INDEX.md is what `index` writes for the pinned date."""
    from conftest import REPO

    assert run(REPO / "example-journal", "index", "--check").exit_code == 0


def test_readme_lists_every_rule_and_command():
    from conftest import REPO

    from jrnl_rej.cli import cli
    from jrnl_rej.rules import RULES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in RULES:
        assert f"| `{name}` |" in readme, name
    for command in cli.commands:
        assert f"| `{command}" in readme, command


@pytest.mark.parametrize(
    ("globs", "kept"),
    [
        (["drafts/**"], ["a.md", "x/drafts/b.md", "x/deep/c.md"]),
        (["**/drafts"], ["a.md", "x/deep/c.md"]),
        (["x/*.md"], ["a.md", "drafts/d.md", "x/deep/c.md", "x/drafts/b.md"]),
        (["x/**/*.md"], ["a.md", "drafts/d.md"]),
        (["**"], []),
        (["**/**/**/**/**/**/**/**/**/**/**/**/z"], ["a.md", "drafts/d.md", "x/deep/c.md", "x/drafts/b.md"]),
        (["[z-a]", "[!]", "[[:alpha:]]", "[a&&b]", "["], ["a.md", "drafts/d.md", "x/deep/c.md", "x/drafts/b.md"]),
    ],
)
def test_exclude_globs(journal, run, globs, kept):
    deep = "/".join(["a"] * 30) + "/deep.md"
    files = {p: GOOD for p in ["a.md", "drafts/d.md", "x/drafts/b.md", "x/deep/c.md", deep]}
    root = journal(files, config=f"exclude = {json.dumps(globs)}\n")
    data = json.loads(run(root, "check", "--format", "json", "--select", "duplicate-application").stdout)
    found = sorted({d["path"] for d in data["diagnostics"]})
    assert [p for p in found if p != deep] == sorted(kept)
