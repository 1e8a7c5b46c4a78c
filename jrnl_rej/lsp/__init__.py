"""`jrnl-rej lsp`: the language server (SPEC §8). pygls is imported only by server.py."""
