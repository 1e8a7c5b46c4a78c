"""End to end with a real editor: headless Neovim runs `jrnl-rej lsp`, shows its diagnostics,
applies a code action and saves; the test reads back what the user would see."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

NVIM = shutil.which("nvim")
pytestmark = pytest.mark.skipif(
    NVIM is None, reason="Neovim is not installed (apt-get install neovim; .ci/run installs it where apt works)")

ACME = """---
company: Acme Corp 🚀
role: Data Engineer
applied: 2026-10-02
screen: 2026-10-06
hiring_manager: 2026-10-13
status: rejected
rejected: 2026-11-20
---
Notes stay, byte for byte.
"""


def test_neovim_shows_diagnostics_and_applies_a_code_action(tmp_path: Path):
    root = tmp_path / "journal"
    root.mkdir()
    (root / "jrnl-rej.toml").write_text("")
    acme = root / "acme.md"
    acme.write_text(ACME)
    out = tmp_path / "seen.json"
    env = {**os.environ, "JRNL_REJ_TODAY": "2026-11-25", "JRNL_NVIM_OUT": str(out),
           "JRNL_NVIM_PYTHON": sys.executable, "JRNL_NVIM_ROOT": str(root), "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_STATE_HOME": str(tmp_path / "state")}  # fmt: skip
    script = Path(__file__).with_name("neovim_client.lua")
    proc = subprocess.run([NVIM, "--headless", "--clean", "-n", "-c", f"luafile {script}", str(acme)],
                          cwd=root, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert out.exists(), f"Neovim wrote nothing (exit {proc.returncode}): {proc.stderr[-2000:]}"
    seen = json.loads(out.read_text())
    assert seen["ok"], seen

    overdue = [d for d in seen["before"] if d["code"] == "overdue-reply"]
    assert len(overdue) == 1
    assert overdue[0]["line"] == 7 and overdue[0]["severity"] == 2  # `rejected:` line, a warning
    assert "reply" in overdue[0]["message"].lower()
    assert {"I replied today", "I won't reply"} <= set(seen["titles"])

    assert all(d["code"] != "overdue-reply" for d in seen["after"])
    saved = acme.read_text(encoding="utf-8")
    assert seen["buffer"] == saved.split("\n")[:-1]
    assert "replied: 2026-11-25\n" in saved
    assert saved.replace("replied: 2026-11-25\n", "") == ACME  # nothing else changed
