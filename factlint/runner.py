"""One run: collect the corpus, load the rules, extract facts, run the engine, build the report. No printing."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol

from factlint import checks, factfiles
from factlint.cache import FactCache, configuration_key
from factlint.corpus import Excludes, collect, is_facts_file
from factlint.documents import document_and_problem, read_document
from factlint.engine import run
from factlint.extract import KINDS, Extractor
from factlint.extract.corpusdates import resolve_corpus_dates
from factlint.extract.story import lead_places, unscope_story_area
from factlint.model import Diagnostic, Document, Fact, FactTable, Finding, Report, ReportContext, Rule
from factlint.patterns import PatternTimeout
from factlint.ruleset import RuleSet, load_ruleset, rule_files, rule_meta

BUILTIN_GENERIC = Path(__file__).parent / "data" / "generic.yaml"
MIN_PER_JOB = 16  # documents a process must have to be worth starting


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


def make_extractor(ruleset: RuleSet, kinds: frozenset[str] = KINDS) -> Extractor:
    return Extractor(ruleset.entities, ruleset.events, ruleset.lexicon, kinds)


class Reads(Protocol):
    """What reads a document's facts: an Extractor, or one built when first needed."""

    kinds: frozenset[str]

    def extract(self, doc: Document) -> tuple[Document, list[Fact]]: ...


class LazyExtractor:
    """An extractor built the first time a document needs one: a warm run, all from the cache, compiles nothing."""

    def __init__(self, ruleset: RuleSet, kinds: frozenset[str]) -> None:
        self.ruleset, self.kinds = ruleset, kinds
        self._built: Extractor | None = None

    def extract(self, doc: Document) -> tuple[Document, list[Fact]]:
        if self._built is None:
            self._built = make_extractor(self.ruleset, self.kinds)
        return self._built.extract(doc)


def make_cache(ruleset: RuleSet, folder: Path) -> FactCache:
    return FactCache(folder, configuration_key(ruleset.entities, ruleset.events, ruleset.lexicon.data))


@dataclass(frozen=True)
class _Job:
    """One document to read: where it is, how it is shown, and its text when an editor holds a newer one."""

    path: Path
    shown: str
    text: str | None = None


_Read = tuple[Document | None, list[Fact], list[Diagnostic]]
Extract = Callable[[Document, list[Diagnostic]], tuple[Document, list[Fact]] | None]


class Backend(Protocol):
    """Where documents are extracted and checks run when not in this process (factlint/distributed.py: Dask)."""

    def read(self, work: list[_Job], ruleset: RuleSet, kinds: frozenset[str], cache: FactCache | None,
             date_map: dict[str, dt.date] | None) -> Iterator[_Read]:
        """What `_read_one` gives for each job, in the order of `work`."""
        ...

    def rereader(self, documents: list[Document], claimed: set[str], extractor: Reads,
                 cache: FactCache | None) -> Extract:
        """What `extract_cached` gives, for the documents the corpus passes extract again."""
        ...

    def run(self, rules: Sequence[Rule], table: FactTable) -> list[Finding]:
        """What `engine.run` gives."""
        ...


def read_corpus(paths: list[Path], ruleset: RuleSet, excludes: Excludes | None = None,
                date_map: dict[str, dt.date] | None = None, root: Path | None = None,
                texts: Mapping[str, str] | None = None, *, cache: FactCache | None = None, jobs: int = 1,
                kinds: frozenset[str] = KINDS, progress: Callable[[int, int], None] | None = None,
                backend: Backend | None = None) -> Corpus:
    """Every document and facts file under `paths`, extracted. `texts` gives the current text of documents (by
    displayed path) that differ from what is on disk, such as an editor's unsaved buffers. `cache` keeps each
    document's facts between runs; `jobs` > 1 reads documents in that many processes (the same facts, in the same
    order); `kinds` are the facts the rules need; `progress(done, total)` is told as documents are read; `backend`
    extracts elsewhere (a Dask cluster), with the same result."""
    extractor = LazyExtractor(ruleset, kinds)
    documents: list[Document] = []
    facts: list[Fact] = []
    diagnostics: list[Diagnostic] = []
    collected = collect(paths, excludes, root)
    diagnostics.extend(collected.diagnostics)
    claimed: set[str] = set()  # documents a facts file speaks for: their facts come from that file, not extraction
    for item in collected.inputs:
        if is_facts_file(item.path):
            loaded = factfiles.load(item.path, item.shown, (item.root, root or Path.cwd()))
            if loaded.document is not None:
                documents.append(loaded.document)
                claimed.add(loaded.document.path)
            facts.extend(loaded.facts)
    work = [_Job(i.path, i.shown, texts.get(i.shown) if texts is not None else None) for i in collected.inputs
            if not is_facts_file(i.path) and i.shown not in claimed]
    skipped = 0
    reading = (_read_all(work, extractor, cache, date_map, jobs) if backend is None
               else backend.read(work, ruleset, kinds, cache, date_map))
    for n, (doc, doc_facts, diags) in enumerate(reading, 1):
        diagnostics.extend(diags)
        if doc is None:
            skipped += 1
        else:
            documents.append(doc)
            facts.extend(doc_facts)
        if progress is not None:
            progress(n, len(work))
    extract: Extract = (partial(extract_cached, extractor, cache) if backend is None
                        else backend.rereader(documents, claimed, extractor, cache))
    passes = _corpus_passes(documents, facts, claimed, extract, ruleset, diagnostics)
    return Corpus(FactTable(*passes), diagnostics, len(collected.inputs) - skipped)


_WORKER: tuple[Reads, FactCache | None, dict[str, dt.date] | None] | None = None


def _read_all(work: list[_Job], extractor: Reads, cache: FactCache | None, date_map: dict[str, dt.date] | None,
              jobs: int) -> Iterator[_Read]:
    """Each job's document and facts, in the order of `work`, read here or by a pool of processes."""
    jobs = min(jobs, len(work) // MIN_PER_JOB)  # a small corpus is read faster than processes start
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for job in work:
            yield _read_one(job, extractor, cache, date_map)
        return
    global _WORKER
    _WORKER = (extractor, cache, date_map)  # inherited by the forked workers: nothing is pickled but the jobs
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            yield from pool.map(_read_in_worker, work, chunksize=max(1, min(64, len(work) // (jobs * 8))))
    finally:
        _WORKER = None


def _read_in_worker(job: _Job) -> _Read:
    assert _WORKER is not None
    return _read_one(job, *_WORKER)


def open_job(job: _Job, date_map: dict[str, dt.date] | None) -> tuple[Document | None, list[Diagnostic]]:
    """A job's document, decoded, with its date header read (no extraction), and what is wrong with it."""
    doc: Document | None
    if job.text is not None:
        doc, diag = document_and_problem(job.shown, job.text, date_map)
    else:
        doc, diag = read_document(job.path, job.shown, date_map)
    return doc, [] if diag is None else [diag]


def _read_one(job: _Job, extractor: Reads, cache: FactCache | None,
              date_map: dict[str, dt.date] | None) -> _Read:
    doc, diagnostics = open_job(job, date_map)
    if doc is None:
        return None, [], diagnostics
    extracted = extract_cached(extractor, cache, doc, diagnostics)
    if extracted is None:
        return None, [], diagnostics
    return extracted[0], extracted[1], diagnostics


def extract_cached(extractor: Reads, cache: FactCache | None, doc: Document,
                   diagnostics: list[Diagnostic]) -> tuple[Document, list[Fact]] | None:
    """The document's facts from the cache, or extracted (and remembered when the extraction was a full one)."""
    if cache is not None and extractor.kinds == KINDS:
        found = cache.get(doc)
        if found is not None:
            return found
    before = len(diagnostics)
    extracted = extract_guarded(extractor, doc, diagnostics)
    if cache is not None and extracted is not None and extractor.kinds == KINDS and len(diagnostics) == before:
        cache.put(doc, *extracted)  # never a degraded extraction (a pattern disabled on this document)
    return extracted


def _corpus_passes(documents: list[Document], facts: list[Fact], claimed: set[str], extract: Extract,
                   ruleset: RuleSet, diagnostics: list[Diagnostic]) -> tuple[list[Document], list[Fact]]:
    """What only the whole corpus settles, once every document is read: undated documents' publication dates and
    the years texts leave open (factlint/extract/corpusdates.py), then the story's own area (story.py)."""
    def again(doc: Document) -> list[Fact] | None:
        if doc.path in claimed:
            return None
        redone = extract(doc, diagnostics)
        return redone[1] if redone is not None else None

    documents, facts = resolve_corpus_dates(documents, facts, again)
    by_path: dict[str, list[Fact]] = {}
    for fact in facts:
        by_path.setdefault(fact.span.path, []).append(fact)
    leads = [lead_places(d, by_path.get(d.path, [])) for d in documents]
    demonyms = frozenset(str(d).lower() for d in ruleset.lexicon.data.get("demonyms", {}))
    return documents, unscope_story_area(facts, ruleset.entities, leads, demonyms)


def extract_guarded(extractor: Reads, doc: Document,
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


def lint(corpus: Corpus, ruleset: RuleSet, disabled: dict[str, set[str]] | None = None,
         backend: Backend | None = None) -> Report:
    findings: list[Finding] = (run(ruleset.rules, corpus.table) if backend is None
                               else backend.run(ruleset.rules, corpus.table))
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
