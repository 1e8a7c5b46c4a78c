"""`jrnl-rej lsp` through the protocol: a pytest-lsp client with Neovim's and VS Code's capabilities."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

TODAY = "2026-11-25"
pytestmark = pytest.mark.asyncio(loop_scope="function")

ACME = """---
company: Acme Corp
role: Data Engineer
applied: 2026-10-02
screen: 2026-10-06
hiring_manager: 2026-10-13
status: rejected
rejected: 2026-11-20
---
Notes stay.
"""
HOOLI = """---
company: Hooli
role: Platform Engineer
applied: 2026-10-20
---
"""
GLOBEX = """---
company: Globex
role: Analytics Engineer
applied: 2026-11-20
---
"""


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "jrnl_rej", "lsp"],
                              server_env={**os.environ, "JRNL_REJ_TODAY": TODAY}),  # fmt: skip
    params=["neovim", "visual_studio_code"],
)
async def client(request, lsp_client: LanguageClient, tmp_path):
    root = tmp_path / "journal"
    root.mkdir()
    (root / "jrnl-rej.toml").write_text("")
    (root / "hooli.md").write_text(HOOLI)
    (root / "acme.md").write_text(ACME)
    (root / "README.md").write_text("# readme\n")
    lsp_client.root = root
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def _registered(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)

    lsp_client.kind = request.param
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(request.param), root_uri=root.as_uri()))  # fmt: skip
    yield
    await lsp_client.shutdown_session()


def _open(client, path: Path, text: str | None = None, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="markdown", version=version, text=path.read_text() if text is None else text)))  # fmt: skip
    return uri


def _change(client, uri: str, text: str, version: int = 2) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))  # fmt: skip


async def _diagnostics(client, uri: str, rule: str | None = None, timeout: float = 20):
    """Wait until `uri` has diagnostics published (holding `rule`, when given)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        found = client.diagnostics.get(uri)
        if found is not None and (rule is None or any(d.code == rule for d in found)):
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics{' with ' + rule if rule else ''} for {uri}: {client.diagnostics.get(uri)}")


def _apply(text: str, edit: types.WorkspaceEdit, uri: str) -> str:
    lines = text.split("\n")

    def offset(pos):
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        index = 0
        while index < len(line) and units < pos.character:
            units += 2 if ord(line[index]) > 0xFFFF else 1
            index += 1
        return sum(len(x) + 1 for x in lines[: pos.line]) + index

    for change in sorted(edit.changes[uri], key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(change.range.start)] + change.new_text + text[offset(change.range.end):]
    return text


async def test_diagnostics_on_open_match_check(client: LanguageClient):
    uri = _open(client, client.root / "acme.md")
    found = await _diagnostics(client, uri, "overdue-reply")
    diag = next(d for d in found if d.code == "overdue-reply")
    assert diag.source == "jrnl-rej"
    assert diag.severity == types.DiagnosticSeverity.Warning
    assert "thank-you was due" in diag.message
    assert diag.range.start.line == 7  # the rejected: line, 0-based


async def test_emoji_before_the_value_counts_two_utf16_units(client: LanguageClient):
    text = "---\ncompany: Acme 🚀 Corp\nrole: 🚀 Data\napplied: 2026-10-02\nstatus: rejectd\n---\n"
    text = text.replace("status: rejectd", "status: 🚀rejectd")
    uri = _open(client, client.root / "emoji.md", text)
    found = await _diagnostics(client, uri, "invalid-value")
    diag = next(d for d in found if d.code == "invalid-value")
    assert diag.severity == types.DiagnosticSeverity.Error
    assert (diag.range.start.line, diag.range.start.character) == (4, 8)
    assert diag.range.end.character == 8 + 2 + len("rejectd")  # the emoji is two UTF-16 units


async def test_half_typed_front_matter_gets_a_diagnostic_not_a_crash(client: LanguageClient):
    uri = _open(client, client.root / "half.md", "---\ncompany: Ac")
    found = await _diagnostics(client, uri)
    assert any(d.severity == types.DiagnosticSeverity.Error for d in found)
    items = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=0)))  # fmt: skip
    labels = {i.label for i in (items.items if hasattr(items, "items") else items)}
    assert "role" in labels and "applied" in labels


async def test_files_outside_the_journal_and_the_readme_get_nothing(client: LanguageClient, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "note.md"
    outside.write_text("---\nstatus: nonsense\n---\n")
    readme = _open(client, client.root / "README.md")
    other = _open(client, outside)
    probe = _open(client, client.root / "acme.md")  # the server answers in order
    await _diagnostics(client, probe, "overdue-reply")
    assert not client.diagnostics.get(readme)
    assert not client.diagnostics.get(other)


async def test_a_duplicate_republishes_the_other_open_file(client: LanguageClient):
    hooli = _open(client, client.root / "hooli.md")
    await _diagnostics(client, hooli, "stale-silent")
    assert not any(d.code == "duplicate-application" for d in client.diagnostics[hooli])
    (client.root / "globex.md").write_text(GLOBEX)
    globex = _open(client, client.root / "globex.md")
    await _diagnostics(client, globex)
    _change(client, globex, HOOLI)
    await _diagnostics(client, hooli, "duplicate-application")
    await _diagnostics(client, globex, "duplicate-application")


async def test_code_actions_fix_and_log_events(client: LanguageClient):
    uri = _open(client, client.root / "acme.md")
    found = await _diagnostics(client, uri, "overdue-reply")
    diag = next(d for d in found if d.code == "overdue-reply")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diag.range,
        context=types.CodeActionContext(diagnostics=[diag])))  # fmt: skip
    by_title = {a.title: a for a in actions}
    assert "I replied today" in by_title and "I won't reply" in by_title
    replied = _apply(ACME, by_title["I replied today"].edit, uri)
    assert f"replied: {TODAY}\n" in replied and replied.endswith("---\nNotes stay.\n")
    assert "replied: no\n" in _apply(ACME, by_title["I won't reply"].edit, uri)


async def test_stale_silent_closes_and_fix_all_rewrites_dates(client: LanguageClient):
    hooli = _open(client, client.root / "hooli.md")
    found = await _diagnostics(client, hooli, "stale-silent")
    diag = next(d for d in found if d.code == "stale-silent")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=hooli), range=diag.range,
        context=types.CodeActionContext(diagnostics=[diag])))  # fmt: skip
    close = next(a for a in actions if a.title == "Close as a silent rejection")
    closed = _apply(HOOLI, close.edit, hooli)
    assert "status: rejected" in closed and "rejection: silent" in closed
    assert any("unsafe" in a.title for a in actions if a.title != close.title)

    text = GLOBEX.replace("2026-11-20", "Nov 20, 2026")
    (client.root / "globex.md").write_text(text)
    globex = _open(client, client.root / "globex.md")
    await _diagnostics(client, globex, "non-iso-date")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=globex),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
        context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.jrnl-rej"])))  # fmt: skip
    assert [a.kind for a in actions] == ["source.fixAll.jrnl-rej"]
    assert _apply(text, actions[0].edit, globex) == GLOBEX
    assert (client.root / "globex.md").read_text() == text  # the server never writes


async def test_hover_explains_keys_and_rules(client: LanguageClient):
    uri = _open(client, client.root / "acme.md")
    found = await _diagnostics(client, uri, "overdue-reply")
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=3, character=2)))  # fmt: skip
    assert "applied 54 days ago" in hover.contents.value
    diag = next(d for d in found if d.code == "overdue-reply")
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=diag.range.start))  # fmt: skip
    assert "overdue-reply" in hover.contents.value


async def _complete(client, uri, line, character):
    items = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=character)))  # fmt: skip
    return [i.label for i in (items.items if hasattr(items, "items") else items)]


async def test_completion_of_keys_values_dates_and_rules(client: LanguageClient):
    text = "---\ncompany: Acme\nstatus: \nrejection: \nreplied: \njrnl-rej-ignore:\n  - \n\n---\n"
    uri = _open(client, client.root / "typing.md", text)
    await _diagnostics(client, uri)
    keys = await _complete(client, uri, 7, 0)
    assert "role" in keys and "company" not in keys
    assert set(await _complete(client, uri, 2, 8)) >= {"open", "rejected", "withdrawn"}
    assert "silent" in await _complete(client, uri, 3, 11)
    assert TODAY in await _complete(client, uri, 4, 9)
    assert "stale-silent" in await _complete(client, uri, 6, 4)


async def test_config_change_is_picked_up(client: LanguageClient):
    uri = _open(client, client.root / "hooli.md")
    await _diagnostics(client, uri, "stale-silent")
    (client.root / "jrnl-rej.toml").write_text('[rules]\nignore = ["stale-silent"]\n')
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(
        uri=(client.root / "jrnl-rej.toml").as_uri(), type=types.FileChangeType.Changed)]))  # fmt: skip
    loop = asyncio.get_running_loop()
    end = loop.time() + 20
    while any(d.code == "stale-silent" for d in client.diagnostics.get(uri, [])) and loop.time() < end:
        await asyncio.sleep(0.05)
    assert not any(d.code == "stale-silent" for d in client.diagnostics.get(uri, []))


async def _without(client, uri: str, rule: str, timeout: float = 20) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while any(d.code == rule for d in client.diagnostics.get(uri, [])) and loop.time() < end:
        await asyncio.sleep(0.05)
    assert not any(d.code == rule for d in client.diagnostics.get(uri, []))


async def test_a_config_saved_outside_the_editor_is_read_at_the_next_change(client: LanguageClient):
    uri = _open(client, client.root / "hooli.md")
    await _diagnostics(client, uri, "stale-silent")
    (client.root / "jrnl-rej.toml").write_text('[rules]\nignore = ["stale-silent"]\n')
    _change(client, uri, HOOLI + "More notes.\n")  # no watched-files notice: the server looks itself
    await _without(client, uri, "stale-silent")
    (client.root / "jrnl-rej.toml").write_text("[rules\n")  # broken: the settings from before stay
    _change(client, uri, HOOLI, version=3)
    await asyncio.sleep(0.5)
    assert not any(d.code == "stale-silent" for d in client.diagnostics.get(uri, []))
    assert any("still using the settings from before" in m.message for m in client.log_messages)


async def test_it_asks_to_be_told_of_files_saved_outside_the_editor(client: LanguageClient):
    supported = client.capabilities.workspace.did_change_watched_files
    if not (supported and supported.dynamic_registration):
        assert client.registrations == []
        return
    loop = asyncio.get_running_loop()
    end = loop.time() + 10
    while not client.registrations and loop.time() < end:
        await asyncio.sleep(0.05)
    (registration,) = client.registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    globs = {w["globPattern"] for w in registration.register_options["watchers"]}
    assert globs == {"**/jrnl-rej.toml", "**/*.md"}
    # a file changed on disk (a `log` in a terminal) is read again when the editor says so
    hooli = _open(client, client.root / "hooli.md")
    await _diagnostics(client, hooli, "stale-silent")
    (client.root / "globex.md").write_text(HOOLI)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(
        uri=(client.root / "globex.md").as_uri(), type=types.FileChangeType.Created)]))  # fmt: skip
    await _diagnostics(client, hooli, "duplicate-application")
