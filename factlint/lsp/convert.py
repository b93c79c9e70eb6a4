"""From an analysis to LSP messages: diagnostics for one document, code actions from fixes, hover from facts."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lsprotocol import types as lsp

from factlint.lsp.hover import describe, fact_at
from factlint.lsp.positions import LineIndex
from factlint.model import Evidence, Finding, Fix, Span
from factlint.workspace import Analysis

SOURCE = "factlint"
SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "info": lsp.DiagnosticSeverity.Information}
UriOf = Callable[[str], str]


class Ranges:
    """LSP ranges of spans in the documents of one analysis (each document's line index built once)."""

    def __init__(self, analysis: Analysis, encoding: str) -> None:
        self.analysis = analysis
        self.encoding = encoding
        self._indexes: dict[str, LineIndex] = {}

    def of(self, span: Span) -> lsp.Range:
        doc = self.analysis.document(span.path)
        if doc is not None and doc.text[span.start:span.end] == span.text:
            index = self._indexes.get(doc.path)
            if index is None:
                index = self._indexes[doc.path] = LineIndex(doc.text, self.encoding)
            return to_range(index, span.start, span.end)
        # a fact from a facts file whose document text is not at hand: its line and column as written there
        return lsp.Range(lsp.Position(max(span.line - 1, 0), max(span.column - 1, 0)),
                         lsp.Position(max(span.end_line - 1, 0), max(span.end_column - 1, 0)))


def to_range(index: LineIndex, start: int, end: int) -> lsp.Range:
    return lsp.Range(lsp.Position(*index.position(start)), lsp.Position(*index.position(end)))


def side(ev: Evidence) -> str:
    return f'"{ev.span.text}"' + (f" ({ev.label})" if ev.label else "")


def diagnostics(path: str, analysis: Analysis, encoding: str, uri_of: UriOf) -> list[lsp.Diagnostic]:
    """One diagnostic for each side of a finding that lies in `path` (reference examples are not at fault), with
    every other side as related information; then the input problems of `path` (an unreadable document)."""
    ranges = Ranges(analysis, encoding)
    out = []
    for f in analysis.report.findings:
        sides = {ev.label for ev in f.evidence if not ev.reference}  # a contradiction: say which side this is
        for i, ev in enumerate(f.evidence):
            if ev.reference or ev.span.path != path:
                continue
            related = [lsp.DiagnosticRelatedInformation(lsp.Location(uri_of(o.span.path), ranges.of(o.span)), side(o))
                       for j, o in enumerate(f.evidence) if j != i]
            here = f" (here: {ev.label})" if ev.label and len(sides) > 1 else ""
            out.append(lsp.Diagnostic(
                range=ranges.of(ev.span), message=f.message + here,
                severity=SEVERITY[f.severity], code=f.rule, source=SOURCE, related_information=related or None,
                data={"fingerprint": f.fingerprint}))
    for d in analysis.report.diagnostics:
        if d.path == path:
            at = lsp.Position(max((d.line or 1) - 1, 0), max((d.column or 1) - 1, 0))
            out.append(lsp.Diagnostic(range=lsp.Range(at, at), message=d.message, severity=SEVERITY[d.severity],
                                      source=SOURCE))
    return out


def _usable_fixes(findings: Sequence[Finding], path: str, text: str) -> list[tuple[Finding, Fix]]:
    """The fixes in `path` whose span still reads as it did in the buffer's current text, each once."""
    out, seen = [], set()
    for f in findings:
        for x in f.fixes:
            s = x.span
            key = (s.start, s.end, x.replacement)
            if s.path == path and key not in seen and text[s.start:s.end] == s.text and s.text != x.replacement \
                    and _breaks(s.text) == _breaks(x.replacement):  # as `lint --fix`: never join or split lines
                seen.add(key)
                out.append((f, x))
    return sorted(out, key=lambda fx: fx[1].span.start)


def _breaks(text: str) -> int:
    return text.count("\n") + text.count("\r")


def _allowed(kind: lsp.CodeActionKind, only: Sequence[str] | None) -> bool:
    return not only or any(kind.value == o or kind.value.startswith(o + ".") for o in only)


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    def key(p: lsp.Position) -> tuple[int, int]:
        return p.line, p.character
    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def code_actions(path: str, uri: str, text: str, analysis: Analysis, encoding: str, params: lsp.CodeActionParams,
                 ) -> list[lsp.CodeAction]:
    """A quick fix for each name fix touching the requested range; and, when the document has several, one action
    that applies them all."""
    index = LineIndex(text, encoding)
    fixes = _usable_fixes(analysis.report.findings, path, text)
    only = [str(getattr(k, "value", k)) for k in params.context.only] if params.context.only else None
    out = []
    if _allowed(lsp.CodeActionKind.QuickFix, only):
        for f, x in fixes:
            rng = to_range(index, x.span.start, x.span.end)
            if not _overlaps(rng, params.range):
                continue
            matched = [d for d in params.context.diagnostics
                       if isinstance(d.data, dict) and d.data.get("fingerprint") == f.fingerprint]
            out.append(lsp.CodeAction(
                title=f'Replace "{x.span.text}" with "{x.replacement}"', kind=lsp.CodeActionKind.QuickFix,
                diagnostics=matched or None, is_preferred=True,
                edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(rng, x.replacement)]})))
    if len(fixes) > 1 and _allowed(lsp.CodeActionKind.SourceFixAll, only):
        edits: list[lsp.TextEdit] = []
        last_start = len(text) + 1
        for _, x in reversed(fixes):  # of overlapping fixes the later one wins, as in `factlint lint --fix`
            if x.span.end <= last_start:
                edits.insert(0, lsp.TextEdit(to_range(index, x.span.start, x.span.end), x.replacement))
                last_start = x.span.start
        out.append(lsp.CodeAction(title=f"Fix all {len(edits)} listed spellings in this document",
                                  kind=f"{lsp.CodeActionKind.SourceFixAll.value}.factlint",
                                  edit=lsp.WorkspaceEdit(changes={uri: edits})))
    return out


def hover(path: str, text: str, analysis: Analysis, encoding: str, position: lsp.Position) -> lsp.Hover | None:
    index = LineIndex(text, encoding)
    fact = fact_at(analysis.corpus.table.facts_of(path), text, index.offset(position.line, position.character))
    if fact is None:
        return None
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=describe(fact)),
                     range=to_range(index, fact.span.start, fact.span.end))
