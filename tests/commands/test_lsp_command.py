"""`jrnl-rej lsp` without the extra installed: exit 2 and the install line."""

import subprocess
import sys


def test_lsp_without_pygls_exits_2_with_the_install_line(tmp_path):
    code = ("import sys; sys.modules['pygls'] = None; sys.argv = ['jrnl-rej', 'lsp'];"
            "from jrnl_rej.entry import run; run()")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert "pip install 'jrnl-rej[lsp]'" in done.stderr
    assert "Traceback" not in done.stderr
