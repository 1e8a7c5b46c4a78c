"""Silent gaps and slow paths (issue 18 item 7), end to end: date values too long to be a
date, a folder that cannot be read, a path that is not an application file, Ctrl-C while
the program loads, and workflow commands in text output under GitHub Actions."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import TODAY, app_file, run_process

LONG = "Nov " + "1" * 20_000  # dateparser took about 2 s on each such value


def test_a_date_value_too_long_to_be_a_date_is_refused_before_parsing(journal):
    fields = {key: LONG for key in ("applied", "screen", "hiring_manager", "final_round", "rejected")}
    root = journal({"long.md": app_file(company="Acme", role="R", **fields)})
    started = time.monotonic()
    done = run_process("--journal", str(root), "--today", TODAY.isoformat(), "check", cwd=root)
    elapsed = time.monotonic() - started
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = [line for line in done.stdout.splitlines() if "invalid-date" in line]
    assert len(lines) == 5
    assert lines[0] == ("long.md:4:10: error invalid-date: applied: 'Nov 111111111111111111111111111111111111'..."
                        " (20004 characters) is too long to be a date; write it as YYYY-MM-DD")  # fmt: skip
    assert max(len(line) for line in done.stdout.splitlines()) < 200
    assert elapsed < 6, elapsed  # five values through dateparser: 10 s and more


def test_date_words_too_long_on_the_command_line_are_exit_2(journal):
    root = journal({"a.md": app_file(company="Acme", role="R", applied="2026-11-20")})
    started = time.monotonic()
    done = run_process("--journal", str(root), "--today", TODAY.isoformat(), "log", "a.md", "screen", LONG, cwd=root)
    assert done.returncode == 2 and "too long to be a date" in done.stderr
    assert len(done.stderr) < 300 and time.monotonic() - started < 6


def _as_user(*args: str, cwd) -> subprocess.CompletedProcess:
    """The command as a user that file modes apply to: root drops the capabilities that
    let it read any folder (setpriv), anyone else runs it as is."""
    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: a chmod 000 folder stays readable")
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    env = {k: v for k, v in os.environ.items() if k != "JRNL_REJ_TODAY"}
    command = [*prefix, sys.executable, "-m", "jrnl_rej", "--today", TODAY.isoformat(), *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def locked(journal):
    """A journal with a folder of mode 000 holding one application, and a readable one."""
    root = journal({"open/silent.md": app_file(company="Hooli", role="R", applied="2026-10-01"),
                    "private/acme.md": app_file(company="Acme", role="R", applied="2026-11-20")},
                   config="")  # fmt: skip
    (root / "private").chmod(0)
    yield root
    (root / "private").chmod(0o755)


def test_a_folder_that_cannot_be_read_is_named_and_the_others_are_checked(locked):
    done = _as_user("check", cwd=locked)
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("open/silent.md:4:1: warning stale-silent:")
    assert lines[1] == ("private:1:1: error front-matter: cannot read this folder (permission denied), so its"
                        " applications are not checked; give yourself access ('chmod u+rwx private') or list"
                        " it under exclude in jrnl-rej.toml")  # fmt: skip
    assert lines[2] == "1 error, 1 warning in 2 files."
    assert done.returncode == 1
    data = json.loads(_as_user("check", "--format", "json", cwd=locked).stdout)
    assert [(d["path"], d["rule"]) for d in data["diagnostics"]] == [("open/silent.md", "stale-silent"),
                                                                     ("private/", "front-matter")]  # fmt: skip
    assert _as_user("check", "--exit-zero", cwd=locked).returncode == 0  # the memo's answer says the same
    assert "cannot read this folder" in _as_user("check", cwd=locked).stdout


def test_the_index_says_a_folder_could_not_be_read(locked):
    done = _as_user("index", cwd=locked)
    assert done.returncode == 0, done.stderr
    index = (locked / "INDEX.md").read_text()
    assert "[private/](private/)" in index and "a folder that could not be read" in index
    (locked / "private").chmod(0o755)
    assert _as_user("index", cwd=locked).returncode == 0
    assert "from 2 applications" in (locked / "INDEX.md").read_text()
    assert "could not be read" not in (locked / "INDEX.md").read_text()


def test_an_excluded_folder_that_cannot_be_read_says_nothing(locked):
    (locked / "jrnl-rej.toml").write_text('exclude = ["private"]\n')
    done = _as_user("check", cwd=locked)
    assert "private" not in done.stdout and done.stdout.splitlines()[-1] == "1 warning in 1 file."


@pytest.mark.parametrize(("name", "why"), [
    ("README.md", "a README.md is never an application"),
    ("INDEX.md", "it is the journal's index, which jrnl-rej writes"),
    ("notes.txt", "only .md files are applications"),
    ("templates/reply.md", "templates/ holds templates, not applications"),
    ("_drafts/b.md", "it is in a folder whose name starts with '.' or '_', which jrnl-rej skips"),
    ("old/c.md", "'exclude' in jrnl-rej.toml leaves it out"),
])  # fmt: skip
def test_check_of_a_file_that_is_not_an_application_is_exit_2(journal, name, why):
    root = journal({"a.md": app_file(company="Acme", role="R", applied="2026-11-20"), name: "---\n---\n"},
                   config='exclude = ["old"]\n')  # fmt: skip
    done = run_process("--today", TODAY.isoformat(), "check", name, cwd=root)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [f"jrnl-rej: {name}: not an application file ({why}); name an application,"
                                        " or run 'jrnl-rej check' for the whole journal"]  # fmt: skip


def test_check_of_a_folder_jrnl_rej_never_walks_is_exit_2(journal):
    root = journal({"a.md": app_file(company="Acme", role="R", applied="2026-11-20"),
                    "old/c.md": app_file(company="Old", role="R", applied="2026-11-20")},
                   config='exclude = ["old"]\n')  # fmt: skip
    done = run_process("--today", TODAY.isoformat(), "check", "old", cwd=root)
    assert done.returncode == 2 and done.stdout == ""
    assert "old: no application files in it ('exclude' in jrnl-rej.toml leaves it out)" in done.stderr
    fine = run_process("--today", TODAY.isoformat(), "check", "a.md", ".", cwd=root)
    assert fine.returncode == 0 and fine.stdout == "All clear: 1 file checked, nothing to do.\n"


NAMED = "::error title=x::y.md"


def test_a_file_named_like_a_workflow_command_starts_none_in_an_actions_log(journal):
    root = journal({NAMED: app_file(company="Hooli", role="R", applied="2026-10-01")}, config="")
    done = run_process("--today", TODAY.isoformat(), "check", cwd=root, env={"GITHUB_ACTIONS": "true"})
    assert done.returncode == 1
    assert not any(line.startswith("::") for line in (done.stdout + done.stderr).splitlines())
    assert done.stdout.startswith(f"./{NAMED}:4:1: warning stale-silent:")
    plain = run_process("--today", TODAY.isoformat(), "check", cwd=root)  # elsewhere the name is as it is
    assert plain.stdout.startswith(f"{NAMED}:4:1: warning stale-silent:")


def test_github_annotations_escape_what_came_from_a_file(journal):
    """GitHub's workflow-command escaping: % CR LF in the message; also : and , in a property."""
    name = "a,b::c%d.md"
    company = '"Evil\\r\\n::error file=x.md::pwned %0A"'
    root = journal({name: app_file(company=company, role="R", applied="2026-10-01")}, config="")
    done = run_process("--today", TODAY.isoformat(), "check", "--format", "github", cwd=root)
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and done.returncode == 1
    assert lines[0].startswith("::warning file=a%2Cb%3A%3Ac%25d.md,line=4,col=1,title=jrnl-rej stale-silent::")
    message = lines[0].split("::", 2)[2]
    assert "Evil%0D%0A::error file=x.md::pwned %250A" in message and "\r" not in message


def _rows(n: int) -> str:
    lines = ["Company,Role,Date Applied"]
    lines += [f"Company {i},Engineer,2026-11-{1 + i % 20:02d}" for i in range(n)]
    return "\n".join(lines) + "\n"


def test_ctrl_c_during_import_leaves_whole_files_and_says_what_it_did(journal, tmp_path):
    root = journal({}, config="")
    sheet = tmp_path / "rows.csv"
    sheet.write_text(_rows(6000))
    env = {k: v for k, v in os.environ.items() if k != "JRNL_REJ_TODAY"}
    proc = subprocess.Popen([sys.executable, "-m", "jrnl_rej", "--today", TODAY.isoformat(), "import", str(sheet)],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while len(list(root.glob("*.md"))) < 30 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err
    made = sorted(p.name for p in root.glob("*.md"))
    assert 30 <= len(made) < 6000
    assert out.splitlines()[-1] == (f"Stopped by Ctrl-C: created {len(made)} of 6000 files, each one whole. Import"
                                    " the same file again to add the rest (rows already in the journal are skipped).")
    assert sorted(line.split(" ", 1)[1] for line in out.splitlines()[:-1]) == made
    assert sorted(p.name for p in root.iterdir()) == sorted([*made, "jrnl-rej.toml"])  # no temp file left
    for path in root.glob("*.md"):
        assert path.read_text().endswith("\n") and "company: Company" in path.read_text()
    again = run_process("--today", TODAY.isoformat(), "import", str(sheet), cwd=root, timeout=120)
    assert again.returncode == 0 and len(list(root.glob("*.md"))) == 6000


def test_ctrl_c_while_the_command_line_loads_is_exit_130_without_a_traceback(tmp_path):
    """Ctrl-C while click is imported (a cold start on a slow disk): raised from the import."""
    script = (
        "import sys\n"
        "class Stop:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'click':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Stop())\n"
        "sys.argv = ['jrnl-rej', 'rule', 'stale-silent']\n"
        "from jrnl_rej.entry import run\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 130 and "Traceback" not in done.stderr and done.stdout == ""
