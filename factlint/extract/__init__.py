"""Extraction: documents in, facts out. Compiled once per rule set, then pure per document."""

from __future__ import annotations

from dataclasses import replace

from factlint.extract.counts import CountExtractor, DocState
from factlint.extract.dates import DateExtractor, infer_publication
from factlint.extract.names import NameMatcher
from factlint.extract.scope import Place, ScopeFinder
from factlint.extract.sources import SourceResolver
from factlint.extract.text import sentences
from factlint.lexicon import Lexicon
from factlint.model import Document, Entity, Event, Fact, fact_sort_key

KINDS = frozenset({"count", "date", "mention"})


class Extractor:
    """Reads facts from documents. `kinds` says which facts the rules need: a names-only run reads no counts or
    dates (counts need names and dates to read, so asking for counts runs all three, keeping only what is asked)."""

    def __init__(self, entities: tuple[Entity, ...], events: tuple[Event, ...], lex: Lexicon,
                 kinds: frozenset[str] = KINDS) -> None:
        self.kinds = kinds
        self.names = NameMatcher(entities, lex)
        self.dates = DateExtractor(lex, events)
        self.counts = CountExtractor(lex, SourceResolver(lex, self.names), ScopeFinder(lex, self.names))

    def extract(self, doc: Document) -> tuple[Document, list[Fact]]:
        """The document (with its publication date inferred when nothing else gave one) and its facts."""
        if self.kinds == {"mention"}:
            return doc, list(self.names.extract(doc, sentences(doc)))
        doc, facts = self._extract(doc)
        if self.kinds != KINDS:
            facts = [f for f in facts if f.kind in self.kinds]
        return doc, facts

    def _extract(self, doc: Document) -> tuple[Document, list[Fact]]:
        sents = sentences(doc)
        if doc.published is None:
            inferred = infer_publication(self.dates, doc, sents)
            if inferred is not None:
                doc = replace(doc, published=inferred[0], date_source="inferred", date_evidence=inferred[1])
        anchor = "inferred" if doc.date_source == "inferred" else "publication"
        facts: list[Fact] = []
        mentions = self.names.extract(doc, sents)
        facts.extend(mentions)
        state = DocState()
        orgs = sorted((m.span.start, m.canonical) for m in mentions if m.entity_type == "organization" and m.canonical)
        places = sorted((Place(m.span.start, m.span.end, m.canonical) for m in mentions
                         if m.entity_type == "place" and m.canonical), key=lambda p: p.start)
        next_org = 0  # organisations named so far are added sentence by sentence: one pass, linear in the document
        next_place = 0
        previous = None
        counting = "count" in self.kinds
        for index, sent in enumerate(sents):
            dates, previous = self.dates.extract(doc, sent, doc.published, anchor, previous)
            facts.extend(dates)
            if not counting:
                continue
            while next_place < len(places) and places[next_place].end <= sent.start:
                next_place += 1
            here = []
            i = next_place
            while i < len(places) and places[i].start < sent.end:
                here.append(places[i])
                i += 1
            facts.extend(self.counts.extract(doc, sent, dates, state, doc.published, here, headline=index == 0))
            while next_org < len(orgs) and orgs[next_org][0] < sent.end:
                state.sources.orgs.append(orgs[next_org][1])
                next_org += 1
        return doc, sorted(facts, key=fact_sort_key)
