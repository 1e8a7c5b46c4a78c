"""The layout stays readable: no module of the package grows past 450 lines."""

from __future__ import annotations

from pathlib import Path

MAX_LINES = 450
PACKAGE = Path(__file__).resolve().parent.parent / "jrnl_rej"


def test_no_module_is_over_450_lines():
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these modules (at most {MAX_LINES} lines each): {long}"
