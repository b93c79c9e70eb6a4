"""The language server: lints the workspace on open, change (debounced) and save, and publishes each open
document's diagnostics; code actions apply name fixes; hover shows the fact read at a position.

The server runs from the workspace root (it changes to it on `initialize`), so configuration discovery and the paths
in findings are those of `factlint lint` run there. Linting runs in a worker thread, one run at a time; changes that
arrive during a run start one more run after it, on the buffers as they are then.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from factlint import __version__
from factlint.corpus import display_path
from factlint.errors import FactlintError
from factlint.lsp import convert
from factlint.lsp.positions import LineIndex
from factlint.workspace import Analysis, Workspace

DEBOUNCE_SECONDS = 0.3
log = logging.getLogger("factlint.lsp")


@dataclass(frozen=True)
class Snapshot:
    """The open documents at the start of a run: displayed path -> (uri, version, text)."""

    documents: dict[str, tuple[str, int | None, str]]

    def texts(self) -> dict[str, str]:
        return {path: text for path, (_, _, text) in self.documents.items()}


class FactlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("factlint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.project = Workspace()
        self.analysis: Analysis | None = None
        self.debounce = DEBOUNCE_SECONDS
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None
        self._again = False
        self._published: set[str] = set()  # uris that have diagnostics showing
        self._last_error: str | None = None

    # --- documents ---------------------------------------------------------------------------------------------

    def shown(self, uri: str) -> str | None:
        """The displayed path of a document (as in `factlint lint`), None for one that is not a local file."""
        fs = to_fs_path(uri) if uri.startswith("file:") else None
        return display_path(Path(fs)) if fs else None

    def uri_of(self, shown: str, snap: Snapshot) -> str:
        if shown in snap.documents:
            return snap.documents[shown][0]  # the client's own spelling of an open document's uri
        made: str | None = from_fs_path(str(Path(shown).resolve()))
        return made or shown

    def snapshot(self) -> Snapshot:
        docs = {}
        for uri, doc in self.workspace.text_documents.items():
            shown = self.shown(uri)
            if shown is not None:
                docs[shown] = (uri, doc.version, doc.source)
        return Snapshot(docs)

    @property
    def encoding(self) -> str:
        chosen = self.workspace.position_encoding  # an enum member, or a string the client named
        return str(getattr(chosen, "value", chosen) or "utf-16")

    # --- linting -----------------------------------------------------------------------------------------------

    def schedule(self, delay: float) -> None:
        """Lint after `delay` seconds of quiet (each request restarts the wait)."""
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(delay, self._start)

    def _start(self) -> None:
        self._timer = None
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self._again = False
            snap = self.snapshot()
            try:
                analysis = await loop.run_in_executor(None, self.project.analyse, snap.texts())
            except FactlintError as exc:  # a bad rule file or configuration: say it once, keep what is shown
                self._report_error(str(exc))
                self._mark_error(exc, snap)
            except Exception as exc:
                log.exception("lint failed")
                self._report_error(f"internal error: {type(exc).__name__}: {exc}")
            else:
                self._last_error = None
                self.analysis = analysis
                self.publish(analysis, snap)
            if not self._again:
                return

    def _report_error(self, message: str) -> None:
        self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, f"factlint: {message}"))
        if message != self._last_error:
            self.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, f"factlint: {message}"))
        self._last_error = message

    def _mark_error(self, exc: FactlintError, snap: Snapshot) -> None:
        """When the file at fault is open (a rule file, the configuration), the error is a diagnostic in it too;
        the next successful run clears it."""
        shown = display_path(Path(exc.path)) if exc.path else None  # a configuration file is named absolute
        if shown not in snap.documents:
            return
        uri, version, text = snap.documents[shown]
        index = LineIndex(text, self.encoding)
        offset = index.offset(max((exc.line or 1) - 1, 0), 0) + max((exc.column or 1) - 1, 0)
        at = lsp.Position(*index.position(offset))
        diag = lsp.Diagnostic(lsp.Range(at, at), exc.message, severity=lsp.DiagnosticSeverity.Error,
                              source=convert.SOURCE)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, [diag], version))
        self._published.add(uri)

    def publish(self, analysis: Analysis, snap: Snapshot) -> None:
        shown_now: set[str] = set()
        for shown, (uri, version, _) in snap.documents.items():
            if uri not in self.workspace.text_documents:
                continue  # closed during the run
            diags = convert.diagnostics(shown, analysis, self.encoding, lambda path: self.uri_of(path, snap))
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, diags, version))
            shown_now.add(uri)
        for uri in self._published - shown_now:
            self.clear(uri)
        self._published = shown_now

    def clear(self, uri: str) -> None:
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, []))
        self._published.discard(uri)


server = FactlintServer()


@server.feature(lsp.INITIALIZE)
def initialize(ls: FactlintServer, params: lsp.InitializeParams) -> None:
    root = ls.workspace.root_path
    if root and os.path.isdir(root):
        os.chdir(root)  # configuration discovery and displayed paths as `factlint lint` run from the root
    options: Any = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("debounceMs"), (int, float)):
        ls.debounce = max(0.0, options["debounceMs"] / 1000)


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: FactlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.schedule(0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: FactlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.schedule(ls.debounce)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: FactlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.schedule(0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
async def did_close(ls: FactlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.clear(params.text_document.uri)
    ls.schedule(ls.debounce)  # its unsaved text is gone: the file on disk counts again


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
    code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll]))
def code_action(ls: FactlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
    uri = params.text_document.uri
    shown = ls.shown(uri)
    if ls.analysis is None or shown is None:
        return None
    text = ls.workspace.get_text_document(uri).source
    return convert.code_actions(shown, uri, text, ls.analysis, ls.encoding, params) or None


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: FactlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
    uri = params.text_document.uri
    shown = ls.shown(uri)
    if ls.analysis is None or shown is None:
        return None
    text = ls.workspace.get_text_document(uri).source
    return convert.hover(shown, text, ls.analysis, ls.encoding, params.position)


def serve() -> None:
    logging.basicConfig(level=logging.WARNING, format="factlint-lsp: %(levelname)s: %(message)s")  # to stderr
    server.start_io()
