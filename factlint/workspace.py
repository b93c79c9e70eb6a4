"""One analysis of a workspace, as `factlint lint` with no arguments computes it from the same folder: the
configuration found from the working directory, its rules, its corpus (with an editor's unsaved buffers in place of
the files on disk), and the findings after the configuration's disables, baseline and suppressions.

`Workspace.analyse` is the one function that turns the workspace into a report; the language server calls it on
every (debounced) change; the facts of documents that did not change since the last analysis come from memory
(`MemoryCache`), so a change costs the changed document's extraction and the checks. Paths are displayed relative
to the working directory, as `factlint lint` shows them: the caller runs from the workspace root.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from factlint import baseline, config
from factlint.cache import DEFAULT_DIR, FactCache, MemoryCache, configuration_key
from factlint.config import Config
from factlint.corpus import is_document
from factlint.errors import ConfigError
from factlint.model import Document, Report
from factlint.ruleset import RuleSet, rule_files
from factlint.runner import Corpus, lint, load_rules, read_corpus

_Stamp = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Analysis:
    """The corpus as read (its documents' texts are what the spans point into) and the report on it."""

    corpus: Corpus
    report: Report
    documents: dict[str, Document] = field(default_factory=dict)  # by displayed path

    def document(self, path: str) -> Document | None:
        return self.documents.get(path)


def rule_paths(cfg: Config) -> list[Path]:
    """The configuration's rules; else ./rules; else none (the packaged generic set), as `factlint lint` picks."""
    if cfg.rules:
        for p in cfg.rules:
            if not p.exists():
                raise ConfigError(f"rules: no such file or folder: {p}", str(cfg.file))
        return cfg.rules
    default = Path("rules")
    return [default] if default.is_dir() else []


def corpus_paths(cfg: Config) -> list[Path]:
    paths = cfg.paths or [Path(".")]
    for p in paths:
        if not p.exists():
            raise ConfigError(f"paths: no such file or folder: {p}", str(cfg.file))
    return paths


class Workspace:
    """The workspace under the working directory. Keeps the loaded rule set while no rule file or the configuration
    changes on disk (loading and compiling rules costs more than reading a small corpus)."""

    def __init__(self, start: Path | None = None) -> None:
        self.start = start or Path(".")
        self._rules: tuple[_Stamp, RuleSet] | None = None
        self._cache: MemoryCache | None = None  # the facts of the documents as last read, for the rule set in use

    def config(self) -> Config:
        found = config.find(self.start)
        return config.load(found) if found else Config()

    def analyse(self, texts: Mapping[str, str] | None = None) -> Analysis:
        """Lint the workspace; `texts` maps displayed paths of open documents to their buffers' text."""
        cfg = self.config()
        rules = rule_paths(cfg)
        ruleset = self._ruleset(cfg, rules)
        paths = corpus_paths(cfg)
        texts = texts or {}
        key = configuration_key(ruleset.entities, ruleset.events, ruleset.lexicon.data)
        if self._cache is None or self._cache.folder.name != key:  # rules changed: what was read with them goes
            folder = cfg.cache_dir or ((cfg.file.parent if cfg.file else Path.cwd()) / DEFAULT_DIR)
            disk = FactCache(folder, key) if cfg.cache and folder.is_dir() else None  # `factlint lint`'s cache
            self._cache = MemoryCache(key, disk)
        corpus = read_corpus(paths + _unsaved_new(paths, cfg, texts), ruleset, cfg.excludes(), cfg.dates,
                             texts=texts, cache=self._cache)
        self._cache.forget_unused()
        disabled = {d.path: cfg.disabled_for(d.path) for d in corpus.table.documents} if cfg.disable else None
        report = lint(corpus, ruleset, disabled)
        base, sup = cfg.baseline, cfg.suppressions
        report = baseline.apply(report, baseline.read_baseline(base) if base else None,
                                baseline.read_suppressions(sup) if sup and sup.exists() else None)
        return Analysis(corpus, report, {d.path: d for d in corpus.table.documents})

    def _ruleset(self, cfg: Config, paths: list[Path]) -> RuleSet:
        listed = [f for p in paths for f in rule_files(p)]
        extra = [cfg.file] if cfg.file else []
        if self._rules is not None:
            stamp, ruleset = self._rules
            loaded = [Path(f) for f in ruleset.files if not f.startswith("builtin:")]
            if stamp == _stamp([*extra, *listed, *loaded]):
                return ruleset
        ruleset = load_rules(paths)
        loaded = [Path(f) for f in ruleset.files if not f.startswith("builtin:")]
        self._rules = (_stamp([*extra, *listed, *loaded]), ruleset)
        return ruleset


def _stamp(paths: Iterable[Path]) -> _Stamp:
    out = []
    for p in paths:
        try:
            st = p.stat()
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), -1, -1))
    return tuple(sorted(set(out)))


def _unsaved_new(paths: list[Path], cfg: Config, texts: Mapping[str, str]) -> list[Path]:
    """Open documents not yet saved to disk that would be part of the corpus once saved (a new article in a
    corpus folder): named directly, so their buffers are read like the others."""
    folders = [p.resolve() for p in paths if p.is_dir()]
    out = []
    for shown in texts:
        p = Path(shown)
        if p.exists() or not is_document(p):
            continue
        if any(f == p.resolve().parent or f in p.resolve().parents for f in folders) \
                and not cfg.excludes().match(p):
            out.append(p)
    return out
