"""The fact cache: the facts of each document, kept on disk so that a run re-extracts only what changed.

An entry is keyed by everything extraction depends on: the document's bytes (as decoded text), its displayed path,
the publication date it was extracted with, factlint's version and the extraction configuration (gazetteer, events,
lexicon). Anything else changes nothing, so a warm run gives exactly the findings of a cold one: only the checks,
which need the whole corpus, run again.

Layout: `<dir>/v<N>/<configuration key>/<first two hex digits>/<document key>.json`, plain JSON (never pickle: a
cache folder can come from anywhere). Entries are written atomically, so two runs can share a folder; an entry that
cannot be read (truncated, from another version, tampered with) is deleted and extracted again. Folders of other
configurations unused for a week are removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

from factlint import __version__
from factlint.fsio import atomic_write, replace_quickly, sweep
from factlint.model import Count, DateFact, Document, Entity, Event, Fact, Mention, Span

CACHE_VERSION = 1
STALE_SECONDS = 7 * 24 * 3600
DEFAULT_DIR = ".factlint_cache"

_KINDS: dict[str, type[Count] | type[DateFact] | type[Mention]] = {"count": Count, "date": DateFact, "mention": Mention}
_FIELDS = {kind: [f.name for f in fields(cls) if f.name != "span"] for kind, cls in _KINDS.items()}
_DATES = frozenset({"published", "as_of", "start", "end"})
# where the dates stand in a row of each kind (after the 8 span and sentence cells), to read them back as dates
_DATE_AT = {kind: tuple(8 + i for i, name in enumerate(names) if name in _DATES) for kind, names in _FIELDS.items()}


def configuration_key(entities: tuple[Entity, ...], events: tuple[Event, ...], lexicon: dict[str, Any]) -> str:
    """What extraction depends on besides the document: changing any of it starts a new cache."""
    blob = json.dumps({
        "factlint": __version__,
        "cache": CACHE_VERSION,
        "entities": [[e.id, e.name, e.type, list(e.aliases), e.speaks_for, e.part_of] for e in entities],
        "events": [[e.id, e.name, e.window, [t.source for t in e.triggers]] for e in events],
        "lexicon": lexicon,
    }, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()[:24]


class FactCache:
    def __init__(self, folder: Path, configuration: str) -> None:
        self.root = folder
        self.folder = folder / f"v{CACHE_VERSION}" / configuration
        self.hits = self.misses = 0
        self._ready = False

    def key(self, doc: Document) -> str:
        h = hashlib.sha256()
        for part in (doc.path, str(doc.published), str(doc.date_source), str(doc.body_start), str(doc.bom)):
            h.update(part.encode("utf-8", "surrogatepass") + b"\0")
        h.update(doc.text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, doc: Document) -> tuple[Document, list[Fact]] | None:
        path = self._path(self.key(doc))
        try:
            data = json.loads(path.read_bytes())
            found = _decode(doc, data)
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            with contextlib.suppress(OSError):  # a damaged entry heals: it is extracted and written again
                path.unlink()
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, original: Document, doc: Document, facts: list[Fact]) -> None:
        """Remember the facts extracted from `original` (which `doc` is, with what extraction inferred)."""
        path = self._path(self.key(original))
        try:
            self._prepare()
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_quickly(path, json.dumps(_encode(doc, facts), separators=(",", ":"), ensure_ascii=False,
                                          default=str).encode("utf-8", "surrogatepass"))
        except OSError:
            pass  # a cache that cannot be written only costs time: the run goes on without it

    def _prepare(self) -> None:
        if self._ready:
            return
        self._ready = True
        self.folder.mkdir(parents=True, exist_ok=True)
        tag = self.root / "CACHEDIR.TAG"
        if not tag.exists():  # backup tools skip it; git ignores it
            atomic_write(tag, b"Signature: 8a477f597d28d172789f06886806bc55\n# factlint's fact cache\n")
            atomic_write(self.root / ".gitignore", b"*\n")
        os.utime(self.folder)
        with contextlib.suppress(OSError):
            for shard in self.folder.iterdir():  # entries half-written by runs that were killed
                sweep(shard)
        now = time.time()
        with contextlib.suppress(OSError):
            for other in (self.root / f"v{CACHE_VERSION}").iterdir():
                if other != self.folder and other.is_dir() and now - other.stat().st_mtime > STALE_SECONDS:
                    shutil.rmtree(other, ignore_errors=True)


def _encode(doc: Document, facts: list[Fact]) -> dict[str, Any]:
    sentences: dict[str, int] = {}
    rows = []
    for f in facts:
        s = f.span
        index = sentences.setdefault(s.sentence, len(sentences))
        rows.append([f.kind, s.start, s.end, s.line, s.column, s.end_line, s.end_column, index,
                     *[_plain(getattr(f, name)) for name in _FIELDS[f.kind]]])
    return {"doc": [_plain(doc.published), doc.date_source, doc.date_evidence],
            "sentences": list(sentences), "facts": rows}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _decode(doc: Document, data: dict[str, Any]) -> tuple[Document, list[Fact]]:
    published, source, evidence = data["doc"]
    if published is not None:
        doc = Document(doc.path, doc.text, dt.date.fromisoformat(published), source, evidence, doc.body_start,
                       doc.bom)
    sentences: list[str] = data["sentences"]
    facts: list[Fact] = []
    path, text = doc.path, doc.text
    days: dict[str, dt.date] = {}  # the same few days recur in every row: read each once
    for row in data["facts"]:
        kind = row[0]
        if len(row) != 8 + len(_FIELDS[kind]):
            raise ValueError("an entry of another shape")
        start, end = row[1], row[2]
        for i in _DATE_AT[kind]:
            if row[i] is not None:
                row[i] = days.get(row[i]) or days.setdefault(row[i], dt.date.fromisoformat(row[i]))
        span = Span(path, start, end, row[3], row[4], row[5], row[6], text[start:end], sentences[row[7]])
        facts.append(_KINDS[kind](span, *row[8:]))  # the fields in their declared order
    return doc, facts


class MemoryCache(FactCache):
    """The facts of each document kept in memory, for a process that lints the same corpus again and again (the
    language server, on every change): the same keys as the disk cache; it reads a disk cache when given one, and
    writes none (an editor's buffer changes at every keystroke). `forget_unused()` after a run
    drops what that run did not ask for (the buffer's text of a few keystrokes ago), so memory stays that of one
    corpus."""

    def __init__(self, configuration: str, disk: FactCache | None = None) -> None:
        super().__init__(Path(os.devnull), configuration)
        self.disk = disk  # a disk cache to read what memory does not hold (a `factlint lint` run wrote it)
        self._entries: dict[str, tuple[Document, list[Fact]]] = {}
        self._used: set[str] = set()

    def get(self, doc: Document) -> tuple[Document, list[Fact]] | None:
        key = self.key(doc)
        self._used.add(key)
        found = self._entries.get(key)
        if found is None and self.disk is not None:
            found = self.disk.get(doc)
            if found is not None:
                self._entries[key] = found
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return found[0], list(found[1])

    def put(self, original: Document, doc: Document, facts: list[Fact]) -> None:
        key = self.key(original)
        self._used.add(key)
        self._entries[key] = (doc, list(facts))

    def forget_unused(self) -> None:
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self._used = set()
