"""One run: collect the corpus, load the rules, extract facts, run the engine, build the report. No printing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from factlint import factfiles
from factlint.corpus import collect, is_facts_file
from factlint.documents import make_document, read_document
from factlint.engine import run
from factlint.extract import Extractor
from factlint.extract.corpusdates import resolve_corpus_dates
from factlint.model import Diagnostic, Document, Fact, FactTable, Finding, Report
from factlint.ruleset import RuleSet, load_ruleset, rule_files, rule_meta

BUILTIN_GENERIC = Path(__file__).parent / "data" / "generic.yaml"


@dataclass
class Corpus:
    table: FactTable
    diagnostics: list[Diagnostic] = field(default_factory=list)
    inputs: int = 0


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


def read_corpus(paths: list[Path], ruleset: RuleSet, excludes: list[str] | None = None,
                date_map: dict[str, dt.date] | None = None, root: Path | None = None,
                texts: Mapping[str, str] | None = None) -> Corpus:
    """Every document and facts file under `paths`, extracted. `texts` gives the current text of documents (by
    displayed path) that differ from what is on disk, such as an editor's unsaved buffers."""
    extractor = make_extractor(ruleset)
    documents: list[Document] = []
    facts: list[Fact] = []
    diagnostics: list[Diagnostic] = []
    files = collect(paths, excludes, root)
    claimed: set[str] = set()  # documents a facts file speaks for: their facts come from that file, not extraction
    for path, shown in files:
        if is_facts_file(path):
            loaded = factfiles.load(path, shown)
            if loaded.document is not None:
                documents.append(loaded.document)
                claimed.add(loaded.document.path)
            facts.extend(loaded.facts)
    for path, shown in files:
        if is_facts_file(path) or shown in claimed:
            continue
        if texts is not None and shown in texts:
            doc, diag = make_document(shown, texts[shown], date_map), None
        else:
            doc, diag = read_document(path, shown, date_map)
        if diag is not None:
            diagnostics.append(diag)
        if doc is None:
            continue
        doc, doc_facts = extractor.extract(doc)
        documents.append(doc)
        facts.extend(doc_facts)
    # what only the whole corpus settles: undated documents' publication dates, years the texts leave open
    documents, facts = resolve_corpus_dates(
        documents, facts, lambda d: None if d.path in claimed else extractor.extract(d)[1])
    return Corpus(FactTable(documents, facts), diagnostics, len(files))


def lint(corpus: Corpus, ruleset: RuleSet, disabled: dict[str, set[str]] | None = None) -> Report:
    findings: list[Finding] = run(ruleset.rules, corpus.table)
    if disabled:
        findings = [f for f in findings if not _disabled(f, disabled)]
    return Report(
        findings=tuple(findings),
        documents=corpus.inputs - sum(1 for d in corpus.diagnostics if d.message.startswith("skipped")),
        facts=len(corpus.table.facts),
        diagnostics=tuple(corpus.diagnostics),
        rules=tuple(rule_meta(r) for r in ruleset.rules),
    )


def _disabled(f: Finding, disabled: dict[str, set[str]]) -> bool:
    """A finding is dropped when every document it is about is one where its rule is disabled."""
    paths = f.paths
    return bool(paths) and all(f.rule in disabled.get(p, set()) or "all" in disabled.get(p, set()) for p in paths)
