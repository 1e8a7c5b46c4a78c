"""`jrnl-rej lsp`: run the language server (SPEC §8) on standard input and output.

pygls is an optional extra: without it the command says how to install it and exits 2.
"""

from __future__ import annotations

import sys

INSTALL = "pip install 'jrnl-rej[lsp]'"


def run_lsp(today) -> int:
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        sys.stderr.write(f"jrnl-rej lsp needs the language-server extra; install it with: {INSTALL}\n")
        return 2
    from ..lsp.server import serve

    return serve(today)
