"""One run: collect the corpus, load the rules, extract facts, run the engine, build the report. No printing."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from factlint import checks, factfiles
from factlint.corpus import Excludes, collect, is_facts_file
from factlint.documents import document_and_problem, read_document
from factlint.engine import run
from factlint.extract import Extractor
from factlint.extract.corpusdates import resolve_corpus_dates
from factlint.extract.story import lead_places, unscope_story_area
from factlint.model import Diagnostic, Document, Fact, FactTable, Finding, Report, ReportContext
from factlint.patterns import PatternTimeout
from factlint.ruleset import RuleSet, load_ruleset, rule_files, rule_meta

BUILTIN_GENERIC = Path(__file__).parent / "data" / "generic.yaml"


@dataclass
class Corpus:
    table: FactTable
    diagnostics: list[Diagnostic] = field(default_factory=list)
    inputs: int = 0  # documents and facts files read


def load_rules(paths: list[Path], root: Path | None = None) -> RuleSet:
    """The rule files under the given paths; the packaged generic set when none is given."""
    from factlint.corpus import display_path

    files: list[tuple[Path, str]] = []
    for p in paths:
        files.extend((f, display_path(f, root)) for f in rule_files(p))
    if not files:
        files = [(BUILTIN_GENERIC, "builtin:generic")]
    return load_ruleset(files)


def make_extractor(ruleset: RuleSet) -> Extractor:
    return Extractor(ruleset.entities, ruleset.events, ruleset.lexicon)


def read_corpus(paths: list[Path], ruleset: RuleSet, excludes: Excludes | None = None,
                date_map: dict[str, dt.date] | None = None, root: Path | None = None,
                texts: Mapping[str, str] | None = None) -> Corpus:
    """Every document and facts file under `paths`, extracted. `texts` gives the current text of documents (by
    displayed path) that differ from what is on disk, such as an editor's unsaved buffers."""
    extractor = make_extractor(ruleset)
    documents: list[Document] = []
    facts: list[Fact] = []
    diagnostics: list[Diagnostic] = []
    collected = collect(paths, excludes, root)
    diagnostics.extend(collected.diagnostics)
    files = [(i.path, i.shown) for i in collected.inputs]
    skipped = 0
    claimed: set[str] = set()  # documents a facts file speaks for: their facts come from that file, not extraction
    for item in collected.inputs:
        path, shown = item.path, item.shown
        if is_facts_file(path):
            loaded = factfiles.load(path, shown, (item.root, root or Path.cwd()))
            if loaded.document is not None:
                documents.append(loaded.document)
                claimed.add(loaded.document.path)
            facts.extend(loaded.facts)
    for path, shown in files:
        if is_facts_file(path) or shown in claimed:
            continue
        doc: Document | None
        if texts is not None and shown in texts:
            doc, diag = document_and_problem(shown, texts[shown], date_map)
        else:
            doc, diag = read_document(path, shown, date_map)
        if diag is not None:
            diagnostics.append(diag)
        if doc is None:
            skipped += 1
            continue
        extracted = extract_guarded(extractor, doc, diagnostics)
        if extracted is None:
            skipped += 1
            continue
        documents.append(extracted[0])
        facts.extend(extracted[1])
    return Corpus(FactTable(*_corpus_passes(documents, facts, claimed, extractor, ruleset, diagnostics)),
                  diagnostics, len(files) - skipped)


def _corpus_passes(documents: list[Document], facts: list[Fact], claimed: set[str], extractor: Extractor,
                   ruleset: RuleSet, diagnostics: list[Diagnostic]) -> tuple[list[Document], list[Fact]]:
    """What only the whole corpus settles, once every document is read: undated documents' publication dates and
    the years texts leave open (factlint/extract/corpusdates.py), then the story's own area (story.py)."""
    def again(doc: Document) -> list[Fact] | None:
        if doc.path in claimed:
            return None
        redone = extract_guarded(extractor, doc, diagnostics)
        return redone[1] if redone is not None else None

    documents, facts = resolve_corpus_dates(documents, facts, again)
    by_path: dict[str, list[Fact]] = {}
    for fact in facts:
        by_path.setdefault(fact.span.path, []).append(fact)
    leads = [lead_places(d, by_path.get(d.path, [])) for d in documents]
    demonyms = frozenset(str(d).lower() for d in ruleset.lexicon.data.get("demonyms", {}))
    return documents, unscope_story_area(facts, ruleset.entities, leads, demonyms)


def extract_guarded(extractor: Extractor, doc: Document,
                    diagnostics: list[Diagnostic]) -> tuple[Document, list[Fact]] | None:
    """Extract one document; a problem with it is a warning naming it, and the rest of the corpus is still linted.

    A rule file's pattern that runs over its time budget is named and disabled for the rest of the run, and the
    document is read again without it. Any other exception is a bug in factlint: the document is skipped with a
    one-line warning (FACTLINT_DEBUG=1 raises it instead, for the traceback)."""
    while True:
        try:
            return extractor.extract(doc)
        except PatternTimeout as exc:
            exc.pattern.disabled = True
            diagnostics.append(Diagnostic(doc.path, f"{exc} on this document; the pattern is disabled for the rest "
                                                    "of this run"))
        except Exception as exc:
            if os.environ.get("FACTLINT_DEBUG"):
                raise
            diagnostics.append(Diagnostic(doc.path, f"skipped: internal error while reading its facts "
                                                    f"({type(exc).__name__}: {exc}); please report it"))
            return None


def lint(corpus: Corpus, ruleset: RuleSet, disabled: dict[str, set[str]] | None = None) -> Report:
    findings: list[Finding] = run(ruleset.rules, corpus.table)
    if disabled:
        findings = [f for f in findings if not _disabled(f, disabled)]
    return Report(
        findings=tuple(findings),
        documents=corpus.inputs,
        facts=len(corpus.table.facts),
        diagnostics=tuple(corpus.diagnostics),
        rules=tuple(rule_meta(r) for r in ruleset.rules),
    )


def report_context(corpus: Corpus, ruleset: RuleSet) -> ReportContext:
    """What the HTML report shows beyond the findings: documents, facts and the series the rules compare."""
    table = corpus.table
    series = tuple(s for rule in ruleset.rules for s in checks.series(rule, table))
    return ReportContext(tuple(table.documents), tuple(table.facts), series)


def _disabled(f: Finding, disabled: dict[str, set[str]]) -> bool:
    """A finding is dropped when every document it is about is one where its rule is disabled."""
    paths = f.paths
    return bool(paths) and all(f.rule in disabled.get(p, set()) or "all" in disabled.get(p, set()) for p in paths)
