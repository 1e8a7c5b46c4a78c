"""`jrnl-rej lsp` never crashes and never hits an internal error, whatever the editor sends:
random text typed into a journal file, and hovers, completions and code actions anywhere."""

from __future__ import annotations

import asyncio
import os
import random
import sys

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="function")

PIECES = [
    "---\n", "---", "...\n", "company: Acme\n", "role: Data\n", "applied: 2026-10-02\n", "applied: 2026-13-45\n",
    "status: rejected\n", "status: \n", "rejected: Nov 3, 2026\n", "rejection: silent\n", "replied: no\n",
    "check_ins: [2026-10-20, \n", "check_ins:\n  - 2026-10-20\n  - \n", "tags: [a, b]\n", "jrnl-rej-ignore:\n  - ",
    "screen: last friday\n", "key: 'unterminated\n", 'feedback: "x\n', "a: &x 1\nb: *x\n", "- item\n", ": :\n",
    "company: Acme 🚀 Corp\n", "🚀", "é", "\u200b", "\r\n", "\r", "\t", "\x00", "\ufeff", "\ud83d", "\x1b[31m",
    "revisit: 2026-11-30\n", "offer: 2026-09-01\n", "#", "{", "[", "}", "]", "?", "|\n  x\n", ">-\n", "\n", " ",
]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "jrnl_rej", "lsp"],
                    server_env={**os.environ, "JRNL_REJ_TODAY": "2026-11-25"}))  # fmt: skip
async def client(lsp_client: LanguageClient, tmp_path):
    root = tmp_path / "journal"
    root.mkdir()
    (root / "jrnl-rej.toml").write_text("")
    (root / "hooli.md").write_text("---\ncompany: Hooli\nrole: Data\napplied: 2026-10-20\n---\n")
    lsp_client.root = root
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("neovim"), root_uri=root.as_uri()))  # fmt: skip
    yield
    await lsp_client.shutdown_session()


def _position(rnd: random.Random, text: str) -> types.Position:
    lines = text.split("\n")
    line = rnd.randrange(len(lines) + 2)
    width = len(lines[line]) if line < len(lines) else 0
    return types.Position(line=line, character=rnd.randrange(width * 2 + 3))


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_random_typing_never_crashes_the_server(client: LanguageClient, seed):
    rnd = random.Random(seed)
    uri = (client.root / "fuzz.md").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text="")))  # fmt: skip
    text = ""
    doc = types.TextDocumentIdentifier(uri=uri)
    for version in range(2, 62):
        if rnd.random() < 0.15:
            text = ""
        text += "".join(rnd.choice(PIECES) for _ in range(rnd.randrange(1, 8)))
        if rnd.random() < 0.2 and text:  # a cut somewhere, as when a line is deleted
            cut = rnd.randrange(len(text))
            text = text[:cut] + text[cut + rnd.randrange(1, 10):]
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))  # fmt: skip
        if version % 5 == 0:
            where = _position(rnd, text)
            await client.text_document_hover_async(types.HoverParams(text_document=doc, position=where))
            await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=where))
            found = client.diagnostics.get(uri, [])
            rng = rnd.choice(found).range if found else types.Range(start=where, end=_position(rnd, text))
            await client.text_document_code_action_async(types.CodeActionParams(
                text_document=doc, range=rng, context=types.CodeActionContext(diagnostics=list(found))))  # fmt: skip
    # still answering, and what it says of the last text is what it says of it fresh
    hover = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=doc, position=types.Position(line=0, character=0))), 20)  # fmt: skip
    del hover
    errors = [m.message for m in client.log_messages if "internal error" in m.message]
    assert errors == [], errors[0][:2000] if errors else ""
