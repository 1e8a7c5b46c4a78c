"""Nothing is written outside the journal: an index path through a folder that links out is
refused (exit 2, one line), and a config value that cannot be a path is exit 2 naming the key."""

from __future__ import annotations

import pytest
from conftest import TODAY, app_file, run_process
from test_watch import stop, watching

APP = app_file(company="Acme", role="R", applied="2026-11-20", status="open")


@pytest.fixture
def planted(tmp_path):
    """A journal whose index is `out/planted.md`, `out` a link to a folder outside it."""
    root, outside = tmp_path / "journal", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "out").symlink_to(outside, target_is_directory=True)
    (root / "jrnl-rej.toml").write_text('index = "out/planted.md"\n')
    (root / "acme.md").write_text(APP)
    return root, outside


@pytest.mark.parametrize("args", [["index"], ["index", "--check"], ["init"]])
def test_an_index_through_a_linked_folder_is_refused(planted, args):
    root, outside = planted
    done = run_process("--journal", str(root), "--today", TODAY.isoformat(), *args, cwd=root)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "jrnl-rej: out/planted.md: it links outside the journal; not writing through it"
    ]
    assert list(outside.iterdir()) == []


def test_watch_does_not_write_the_index_through_a_linked_folder(planted):
    root, outside = planted
    with watching(root) as handle:
        handle.wait_for(lambda: "links outside the journal" in handle.text, "the refusal on screen")
        stop(handle)
    assert list(outside.iterdir()) == []


def test_an_index_in_a_real_folder_inside_is_still_written(planted):
    root, outside = planted
    (root / "out").unlink()
    (root / "out").mkdir()
    done = run_process("--journal", str(root), "--today", TODAY.isoformat(), "index", cwd=root)
    assert done.returncode == 0, done.stderr
    assert (root / "out" / "planted.md").is_file() and list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("config", "key"),
    [('index = "INDEX.md\\u0000.md"\n', "index"), ('exclude = ["drafts/\\u0000**"]\n', "exclude")],
)
@pytest.mark.parametrize("command", ["check", "index", "report"])
def test_a_nul_in_a_path_value_is_exit_2_naming_the_key(tmp_path, config, key, command):
    (tmp_path / "jrnl-rej.toml").write_text(config)
    (tmp_path / "acme.md").write_text(APP)
    done = run_process("--journal", str(tmp_path), "--today", TODAY.isoformat(), command, cwd=tmp_path)
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"jrnl-rej: jrnl-rej.toml: '{key}' holds a NUL character")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.md", "jrnl-rej.toml"]
