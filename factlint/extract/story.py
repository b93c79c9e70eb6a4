"""The story's own area, decided once every document is read: a count for it has no scope.

A count that names a place gets that place as its scope ("in Ecuador", "Peru's toll"). But some places are the
story itself: "Japan's toll" and "the toll" are the same series in a story about an earthquake in Japan, while
Peru's toll and Ecuador's are two series in a story about both. A place is the story's own when the counts of the
corpus that name a place name it or a place inside it (the gazetteer's `part_of`) at least COVERAGE of the time; the
places around it are the story's too. Counts scoped to those places lose their scope.

This runs on the whole corpus, after per-document extraction (whose facts can be cached document by document); it
is a pass over the counts, linear in their number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from factlint.model import Count, Document, Entity, Fact, Mention

COVERAGE = 0.8
LEADS = 0.6
LEAD_LINES = 3
RIVALS = 0.2  # ... unless this share of the located counts is for places outside it  # a place named in the headline or first lines of this share of the documents


def story_area(counts: Iterable[Count], entities: Iterable[Entity],
               leads: Iterable[set[str]] = (), demonyms: frozenset[str] = frozenset()) -> set[str]:
    """The places (canonical names) that stand for the story as a whole. `leads` gives, per document, the places its
    headline and first lines name: a place most documents lead with is the story's own too, unless the counts are
    split between it and another place (Poland's toll and Romania's in a story about both). Counts of nationals
    ("650 Egyptians", by their `demonyms`) say where people came from, not where it happened: they do not compete."""
    parent: dict[str, str] = {}
    by_id = {e.id: e for e in entities}
    for e in by_id.values():
        if e.type == "place" and e.part_of in by_id:
            parent[e.name] = by_id[e.part_of].name
    scoped = Counter(c.scope for c in counts if c.scope is not None and not c.scope.isdigit())
    total = sum(scoped.values())
    covered: Counter[str] = Counter()
    for place, n in scoped.items():
        for p in _chain(place, parent):
            covered[p] += n
    area = {p for p, n in covered.items() if total and n >= COVERAGE * total}
    lead_sets = list(leads)
    led: Counter[str] = Counter(p for places in lead_sets for p in places)
    located = Counter(c.scope for c in counts if c.scope is not None and not c.scope.isdigit()
                      and c.span.text.split()[-1].lower() not in demonyms)
    located_total = sum(located.values())
    for p, n in led.items():
        if len(lead_sets) < 3 or n < LEADS * len(lead_sets):
            continue
        above = set(_chain(p, parent))  # the place and the places it lies in
        rivals = sum(k for q, k in located.items() if q not in above and p not in _chain(q, parent))
        if rivals < RIVALS * located_total:
            area.add(p)
    for p in list(area):
        area.update(_chain(p, parent))
    return area


def _chain(place: str, parent: dict[str, str]) -> list[str]:
    out, seen = [place], {place}
    while place in parent and parent[place] not in seen:
        place = parent[place]
        out.append(place)
        seen.add(place)
    return out


def lead_places(doc: Document, facts: Iterable[Fact], lines: int = LEAD_LINES) -> set[str]:
    """The places a document names in its headline and first lines."""
    first, _ = doc.position(doc.body_start)
    return {f.canonical for f in facts if isinstance(f, Mention) and f.entity_type == "place" and f.canonical
            and f.span.line < first + lines}


def unscope_story_area(facts: list[Fact], entities: Iterable[Entity], leads: Iterable[set[str]] = (),
                       demonyms: frozenset[str] = frozenset()) -> list[Fact]:
    """The facts, with counts scoped to the story's own area given no scope."""
    counts = [f for f in facts if isinstance(f, Count)]
    area = story_area(counts, entities, leads, demonyms)
    if not area:
        return facts
    return [replace(f, scope=None) if isinstance(f, Count) and f.scope in area else f for f in facts]
