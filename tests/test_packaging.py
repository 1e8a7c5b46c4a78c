"""The package as a Python user meets it: one version, links that work on the package index,
published JSON shapes, and an sdist and wheel that `python -m build` makes, `twine check`
passes, and whose own tests run from the unpacked sdist."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest
from conftest import REPO, run_process
from shapes import COMMANDS, SCHEMAS, errors, validator

import jrnl_rej

VERSION = jrnl_rej.__version__
PROJECT_URL = "https://github.com/jrnl-rej/jrnl-rej"
# The sdist's own tests, run from the unpacked sdist: they need conftest.py, rulekit.py, shapes.py,
# schemas/, example-journal/ and the README. (.ci/sdist runs the whole suite from the sdist.)
SDIST_TESTS = [
    "tests/rules/test_rules_journal.py",
    *(f"tests/commands/test_cli_check.py::{name}" for name in (
        "test_json_is_the_spec_object", "test_python_dash_m_and_version", "test_example_journal_exercises_every_rule",
        "test_readme_shows_what_check_prints_on_the_example", "test_example_index_is_current",
    )),
]  # fmt: skip


def test_the_version_is_written_once_and_every_place_reads_it():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "jrnl_rej.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION)
    assert metadata.version("jrnl-rej") == VERSION
    for module in ("jrnl_rej", "jrnl_rej.cli"):  # the entry point's quick answer and click's
        for flag in ("--version", "-V"):
            done = subprocess.run([sys.executable, "-m", module, flag], capture_output=True, text=True)
            assert (done.returncode, done.stdout, done.stderr) == (0, f"jrnl-rej, version {VERSION}\n", "")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"rev: v(\S+)", readme) == [VERSION]
    assert f"\n## {VERSION}\n" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def test_project_urls_name_the_repository():
    urls = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert {"Homepage", "Source", "Issues", "Changelog"} <= set(urls)
    assert all(url.startswith(PROJECT_URL) for url in urls.values())
    from jrnl_rej.commands.init import PROJECT_URL as hooks_from

    assert hooks_from == PROJECT_URL  # the pre-commit `repo:` that init writes


def test_readme_links_work_on_the_package_index():
    """PyPI renders the README with readme_renderer, without the repository around it: a link
    to a file must be absolute, and a link to a heading must find that heading's id."""
    import readme_renderer.markdown

    text = (REPO / "README.md").read_text(encoding="utf-8")
    html = readme_renderer.markdown.render(text, variant="GFM")
    assert html, "readme_renderer could not render Markdown: pip install -e '.[test]' (readme_renderer[md])"
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    links = re.findall(r'\bhref="([^"]*)"', html)
    anchors = [link for link in links if link.startswith("#")]
    assert anchors, "the README links to its own sections; the renderer kept none"
    assert [link for link in anchors if link[1:] not in ids] == []
    assert [link for link in links if not link.startswith(("#", "https://", "http://", "mailto:"))] == []
    # and the Markdown itself: no link target relative to the repository
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    assert [t for t in targets if not t.startswith(("#", "https://", "http://", "mailto:"))] == []


def test_the_schemas_are_valid_documented_and_can_fail():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        path = SCHEMAS / f"{command}.schema.json"
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$id"].endswith(f"/schemas/{command}.schema.json")
        assert f"schemas/{command}.schema.json" in readme
        validator(command)  # a valid Draft 2020-12 schema
    good = {"version": 1, "today": "2026-11-25", "journal": "/j", "files": 1,
            "diagnostics": [{"path": "a.md", "line": 2, "column": 1, "rule": "stale-silent", "severity": "warning",
                             "message": "m", "fixable": False, "fix": None}],
            "summary": {"error": 0, "warning": 1, "info": 0}}  # fmt: skip
    assert errors("check", good) == []
    bad = json.loads(json.dumps(good))
    bad["diagnostics"][0].update(severity="fatal", fix="safe")
    del bad["summary"]["info"]
    found = errors("check", bad)
    assert any("fatal" in e for e in found) and any("info" in e for e in found) and any(e.startswith("diagnostics/0/fix:") for e in found)
    today = {"version": 1, "today": "2026-11-25", "items": [{"path": "acme.md", "rule": "overdue-reply",
             "due": "2026-11-21", "text": "Thank Acme Corp", "command": "jrnl-rej draft reply acme.md"}]}  # fmt: skip
    assert errors("today", today) == []
    today["items"][0]["due"] = "Nov 21"
    assert errors("today", today) != []


def test_the_example_journal_matches_every_schema(run, tmp_path):
    example = REPO / "example-journal"
    for command in ("check", "report", "export"):
        result = run(example, command, "--format", "json")
        assert result.exit_code in (0, 1) and errors(command, json.loads(result.stdout)) == []
    out = run_process("--journal", str(example), "--today", "2026-11-25", "check", "--format", "json", cwd=tmp_path)
    assert out.returncode == 1 and errors("check", json.loads(out.stdout)) == []


def _build(out: Path) -> tuple[Path, Path]:
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return sdist, wheel


@pytest.mark.slow
def test_build_twine_check_and_the_sdists_own_tests(tmp_path):
    sdist, wheel = _build(tmp_path / "dist")
    assert sdist.name == f"jrnl_rej-{VERSION}.tar.gz" and wheel.name == f"jrnl_rej-{VERSION}-py3-none-any.whl"
    twine = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(wheel)],
                           capture_output=True, text=True)  # fmt: skip
    assert twine.returncode == 0, twine.stdout + twine.stderr
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        meta = Parser().parsestr(zf.read(f"jrnl_rej-{VERSION}.dist-info/METADATA").decode())
    assert f"jrnl_rej-{VERSION}.dist-info/licenses/LICENSE" in names
    assert meta["Version"] == VERSION and meta["License-Expression"] == "MIT"
    assert {url.split(", ")[0] for url in meta.get_all("Project-URL")} >= {"Homepage", "Source", "Issues", "Changelog"}
    assert not [r for r in meta.get_all("Requires-Dist") if r.lower().startswith("ruamel")]

    unpacked = tmp_path / "unpacked"
    with tarfile.open(sdist) as tf:
        tf.extractall(unpacked, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    (root,) = unpacked.iterdir()
    for name in ("LICENSE", "CHANGELOG.md", "tests/conftest.py", "tests/rulekit.py", "tests/shapes.py",
                 "example-journal/jrnl-rej.toml", *(f"schemas/{c}.schema.json" for c in COMMANDS)):  # fmt: skip
        assert (root / name).is_file(), name
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "JRNL_REJ_"))}
    env["PYTHONPATH"] = str(root)  # the sdist's package, not this tree's
    where = subprocess.run([sys.executable, "-c", "import jrnl_rej; print(jrnl_rej.__file__)"], cwd=root, env=env,
                           capture_output=True, text=True)  # fmt: skip
    assert Path(where.stdout.strip()).resolve() == (root / "jrnl_rej" / "__init__.py").resolve()
    tests = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                            "-x", *SDIST_TESTS], cwd=root, env=env, capture_output=True, text=True, timeout=900)  # fmt: skip
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert re.search(r"\d+ passed", tests.stdout) and " failed" not in tests.stdout
