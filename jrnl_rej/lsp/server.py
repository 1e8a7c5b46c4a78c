"""The pygls server of `jrnl-rej lsp`: turns state.py and actions.py into LSP messages.

Every handler catches what goes wrong, logs it (window/logMessage) and goes on.
"""

from __future__ import annotations

import functools
import os
import traceback
from datetime import date
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from ..core.config import CONFIG_NAME
from ..core.shell import journal_places
from . import actions
from .state import Journal, diagnostic_span, journal_root_for, offset_to_position, position_to_offset

FIX_ALL = "source.fixAll.jrnl-rej"
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def path_of(uri: str) -> str | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return os.path.abspath(unquote(parsed.path))


class JrnlServer(LanguageServer):
    def __init__(self, today: date):
        super().__init__("jrnl-rej", "1")
        self.today = today
        self.journals: dict[str, Journal] = {}
        self.published: dict[str, list] = {}  # uri -> diagnostics last sent
        self.found: dict[str, list] = {}  # uri -> [(Diagnostic, (start pos, end pos))]

    def log(self, message: str, kind=types.MessageType.Error) -> None:
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:
            pass

    def place(self, uri: str):
        """(journal, relpath) of an open document, or None outside every journal."""
        path = path_of(uri)
        if path is None:
            return None
        root = journal_root_for(path, self.workspace.root_path if self.workspace else None)
        if root is None:
            return None
        journal = self.journals.get(root)
        if journal is None:
            journal = self.journals[root] = Journal(root, self.today)
        return journal, journal.relpath(path)

    def uri_of(self, journal: Journal, relpath: str) -> str:
        for uri in list(self.workspace.text_documents):
            place = path_of(uri)
            if place and os.path.abspath(place) == os.path.join(journal.root, *relpath.split("/")):
                return uri
        return "file://" + os.path.join(journal.root, relpath)

    def refresh(self, journal: Journal, changed: str | None = None) -> None:
        """Check the journal again and publish for the file that changed (`changed`, a uri:
        always, so an editor waiting for its answer gets one) and for every other open file
        whose findings changed."""
        per_file = journal.check()
        for relpath in list(journal.open):
            uri = self.uri_of(journal, relpath)
            text = journal.open[relpath][0]
            found = []
            if journal.is_application(relpath):
                document = journal.document_of(relpath)
                for diag in per_file.get(relpath, []):
                    start, end = diagnostic_span(text, document, diag.line, diag.column)
                    found.append((diag, (offset_to_position(text, start), offset_to_position(text, end))))
            self.found[uri] = found
            lsp = [self.to_lsp(diag, span) for diag, span in found]
            if self.published.get(uri) != lsp or uri == changed:
                self.published[uri] = lsp
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=lsp))

    @staticmethod
    def to_lsp(diag, span) -> types.Diagnostic:
        (sl, sc), (el, ec) = span
        return types.Diagnostic(
            range=types.Range(start=types.Position(line=sl, character=sc), end=types.Position(line=el, character=ec)),
            message=journal_places(diag.path, diag.message),
            severity=_SEVERITY.get(diag.severity, types.DiagnosticSeverity.Warning),
            code=diag.rule, source="jrnl-rej",
        )

    def text_edit(self, uri: str, text: str, edits) -> types.WorkspaceEdit:
        changes = []
        for start, end, new in edits:
            (sl, sc), (el, ec) = offset_to_position(text, start), offset_to_position(text, end)
            changes.append(types.TextEdit(
                range=types.Range(start=types.Position(line=sl, character=sc),
                                  end=types.Position(line=el, character=ec)), new_text=new))  # fmt: skip
        return types.WorkspaceEdit(changes={uri: changes})


def guarded(func):
    @functools.wraps(func)
    def run(ls, params):
        try:
            return func(ls, params)
        except Exception as exc:  # never crash: say it, and go on
            ls.log(f"jrnl-rej: internal error in {func.__name__}: {exc!r}\n{traceback.format_exc()}")
            return None

    return run


def make_server(today: date) -> JrnlServer:
    server = JrnlServer(today)

    def _text(ls, uri):
        return ls.workspace.get_text_document(uri).source

    def _changed(ls, uri):
        if (path_of(uri) or "").endswith("/" + CONFIG_NAME):
            _config_changed(ls, os.path.dirname(path_of(uri)))
            return
        place = ls.place(uri)
        if place is None:
            return
        journal, relpath = place
        if journal.config_changed():  # for editors that do not watch files for us
            _config_changed(ls, journal.root)
        journal.set_text(relpath, _text(ls, uri))
        ls.refresh(journal, uri)

    def _config_changed(ls, root):
        journal = ls.journals.get(root)
        if journal is not None:
            journal.reload_config()
            if journal.config_error:
                ls.log(f"jrnl-rej: {journal.config_error} (still using the settings from before)",
                       types.MessageType.Warning)  # fmt: skip
            ls.refresh(journal)

    @server.feature(types.INITIALIZED)
    @guarded
    def initialized(ls, params: types.InitializedParams):
        """Ask the editor to tell of saves made outside it (a `log` in a terminal, the config)."""
        workspace = ls.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if watched and watched.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{CONFIG_NAME}"),
                        types.FileSystemWatcher(glob_pattern="**/*.md")]  # fmt: skip
            ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
                id="jrnl-rej-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))  # fmt: skip

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded
    def did_open(ls, params: types.DidOpenTextDocumentParams):
        _changed(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded
    def did_change(ls, params: types.DidChangeTextDocumentParams):
        _changed(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guarded
    def did_save(ls, params: types.DidSaveTextDocumentParams):
        path = path_of(params.text_document.uri) or ""
        if os.path.basename(path) == CONFIG_NAME:
            _config_changed(ls, os.path.dirname(path))

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded
    def did_close(ls, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        place = ls.place(uri)
        if place is not None:
            journal, relpath = place
            journal.close(relpath)
            ls.found.pop(uri, None)
            if ls.published.pop(uri, None):
                ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
            ls.refresh(journal)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded
    def watched(ls, params: types.DidChangeWatchedFilesParams):
        touched = set()
        for change in params.changes:
            path = path_of(change.uri) or ""
            if os.path.basename(path) == CONFIG_NAME and os.path.dirname(path) in ls.journals:
                journal = ls.journals[os.path.dirname(path)]
                journal.reload_config()
                touched.add(journal.root)
                continue
            for journal in ls.journals.values():
                relpath = journal.relpath(path)
                if journal.loaded and journal.is_application(relpath):
                    journal.disk_changed(relpath)
                    touched.add(journal.root)
        for root in touched:
            ls.refresh(ls.journals[root])

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]))  # fmt: skip
    @guarded
    def code_action(ls, params: types.CodeActionParams):
        uri = params.text_document.uri
        place = ls.place(uri)
        if place is None or not place[0].is_application(place[1]):
            return []
        journal, relpath = place
        text, bom = journal.open.get(relpath, (_text(ls, uri), False))
        only = params.context.only
        out = []
        if not only or any(k == types.CodeActionKind.QuickFix or str(k).startswith("quickfix") for k in only):
            rng = params.range
            lo, hi = (rng.start.line, rng.start.character), (rng.end.line, rng.end.character)
            for diag, (start, end) in ls.found.get(uri, []):
                if end < lo or start > hi:
                    continue
                lsp_diag = ls.to_lsp(diag, (start, end))
                made = actions.fix_actions(journal, relpath, text, diag)
                made += actions.event_actions(journal, relpath, text, diag)
                for title, preferred, edits in made:
                    out.append(types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                                                diagnostics=[lsp_diag], is_preferred=preferred or None,
                                                edit=ls.text_edit(uri, text, edits)))  # fmt: skip
        if not only or any(str(k) in (FIX_ALL, "source.fixAll", "source") for k in only):
            edits = actions.fix_all(journal, relpath, text, bom)
            if edits:
                out.append(types.CodeAction(title="Fix all safe jrnl-rej problems", kind=FIX_ALL,
                                            edit=ls.text_edit(uri, text, edits)))  # fmt: skip
        return out

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded
    def hover(ls, params: types.HoverParams):
        uri = params.text_document.uri
        place = ls.place(uri)
        if place is None or not place[0].is_application(place[1]):
            return None
        journal, relpath = place
        text = _text(ls, uri)
        line = params.position.line
        lines = text.split("\n")
        char = position_to_offset(text, line, params.position.character) - position_to_offset(text, line, 0)
        found = [(d, span) for d, span in ls.found.get(uri, [])]
        words = actions.hover(journal, relpath, text, line, params.position.character,
                              found) if line < len(lines) else None  # fmt: skip
        del char
        if not words:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=words))

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", " ", "-"]))
    @guarded
    def completion(ls, params: types.CompletionParams):
        uri = params.text_document.uri
        place = ls.place(uri)
        if place is None or not place[0].is_application(place[1]):
            return []
        journal, _relpath = place
        text = _text(ls, uri)
        line = params.position.line
        lines = text.split("\n")
        if line >= len(lines):
            return []
        from .state import char_column

        char = char_column(lines[line], params.position.character)
        kinds = {"key": types.CompletionItemKind.Field, "value": types.CompletionItemKind.EnumMember,
                 "date": types.CompletionItemKind.Value, "rule": types.CompletionItemKind.Keyword}  # fmt: skip
        items = []
        for label, kind in actions.completions(journal, text, line, char):
            insert = f"{label}: " if kind == "key" else label
            items.append(types.CompletionItem(label=label, kind=kinds[kind], insert_text=insert))
        return items

    return server


def serve(today: date) -> int:
    make_server(today).start_io()
    return 0
