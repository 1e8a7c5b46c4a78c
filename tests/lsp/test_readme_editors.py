"""The README's editor set-ups for `jrnl-rej lsp` are what each editor reads: the TOML and JSON
parse to the right command, and the Neovim 0.7 snippet, run in a real headless Neovim, starts
the server and shows its diagnostics."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SECTION = REPO.joinpath("README.md").read_text(encoding="utf-8").split("## In your editor: `jrnl-rej lsp`")[1]
SECTION = SECTION.split("\n## ")[0]


def block(after: str, lang: str) -> str:
    """The first ```lang block after the line that starts with `after`."""
    text = SECTION[SECTION.index("\n" + after):]
    match = re.search(rf"```{lang}\n(.*?)```", text, re.S)
    assert match, f"no {lang} block after {after!r}"
    return match.group(1)


def test_helix_languages_toml():
    config = tomllib.loads(block("Helix", "toml"))
    assert config["language-server"]["jrnl-rej"] == {"command": "jrnl-rej", "args": ["lsp"]}
    (markdown,) = [lang for lang in config["language"] if lang["name"] == "markdown"]
    assert "jrnl-rej" in markdown["language-servers"]
    assert "marksman" in markdown["language-servers"]  # Helix replaces the list: keep its own server


def test_zed_and_sublime_settings_are_json_naming_the_command():
    zed = json.loads(block("Zed", "json"))
    assert zed["lsp"]["jrnl-rej"]["binary"] == {"path": "jrnl-rej", "arguments": ["lsp"]}
    assert zed["languages"]["Markdown"]["language_servers"] == ["jrnl-rej", "..."]
    sublime = json.loads(block("Sublime Text", "json"))
    client = sublime["clients"]["jrnl-rej"]
    assert client["command"] == ["jrnl-rej", "lsp"] and client["enabled"] is True
    assert client["selector"] == "text.html.markdown"


def test_emacs_and_neovim_name_the_command():
    assert '(markdown-mode . ("jrnl-rej" "lsp"))' in block("Emacs", "elisp")
    for title in ("Neovim 0.8+", "Neovim 0.7", "Neovim 0.11"):
        assert 'cmd = { "jrnl-rej", "lsp" }' in block(title, "lua")
    new = block("Neovim 0.11", "lua")
    assert 'vim.lsp.config("jrnl_rej"' in new and 'vim.lsp.enable("jrnl_rej")' in new
    assert 'root_markers = { "jrnl-rej.toml" }' in new and 'filetypes = { "markdown" }' in new


NVIM = shutil.which("nvim")
WAIT = """
vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 100)
local codes = {}
for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(codes, d.code) end
local f = io.open(os.getenv("JRNL_NVIM_OUT"), "w")
f:write(table.concat(codes, "\\n"))
f:close()
vim.cmd("qall!")
"""


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (apt-get install neovim)")
def test_the_neovim_07_snippet_starts_the_server(tmp_path):
    pytest.importorskip("pygls")
    version = subprocess.run([NVIM, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    if not version.startswith("NVIM v0.7"):
        pytest.skip(f"the 0.7 snippet is for Neovim 0.7; this is {version}")
    root = tmp_path / "journal"
    (root / "2026").mkdir(parents=True)
    (root / "jrnl-rej.toml").write_text("")
    note = root / "2026" / "acme.md"
    note.write_text("---\ncompany: Acme\nrole: Data\napplied: 2026-10-02\nstatus: rejectd\n---\n")
    script = tmp_path / "init.lua"
    script.write_text(block("Neovim 0.7", "lua") + WAIT)
    out = tmp_path / "codes.txt"
    jrnl = Path(sys.executable).with_name("jrnl-rej")
    if not jrnl.exists():
        pytest.skip("no jrnl-rej command beside this Python")
    env = {**os.environ, "PATH": f"{jrnl.parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "JRNL_REJ_TODAY": "2026-11-25", "JRNL_NVIM_OUT": str(out), "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_STATE_HOME": str(tmp_path / "state")}  # fmt: skip
    proc = subprocess.run([NVIM, "--headless", "--clean", "-n", str(note), "-c", f"luafile {script}"],
                          cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=120)  # fmt: skip  (started from outside the journal: found from the file)
    assert out.exists(), f"Neovim wrote nothing (exit {proc.returncode}): {proc.stderr[-2000:]}"
    assert "invalid-value" in out.read_text().split("\n")
