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

from factlint.model import Count, Entity, Fact

COVERAGE = 0.8


def story_area(counts: Iterable[Count], entities: Iterable[Entity]) -> set[str]:
    """The places (canonical names) that stand for the story as a whole."""
    parent: dict[str, str] = {}
    by_id = {e.id: e for e in entities}
    for e in by_id.values():
        if e.type == "place" and e.part_of in by_id:
            parent[e.name] = by_id[e.part_of].name
    scoped = Counter(c.scope for c in counts if c.scope is not None and not c.scope.isdigit())
    total = sum(scoped.values())
    if not total:
        return set()
    covered: Counter[str] = Counter()
    for place, n in scoped.items():
        for p in _chain(place, parent):
            covered[p] += n
    area = {p for p, n in covered.items() if n >= COVERAGE * total}
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


def unscope_story_area(facts: list[Fact], entities: Iterable[Entity]) -> list[Fact]:
    """The facts, with counts scoped to the story's own area given no scope."""
    counts = [f for f in facts if isinstance(f, Count)]
    area = story_area(counts, entities)
    if not area:
        return facts
    return [replace(f, scope=None) if isinstance(f, Count) and f.scope in area else f for f in facts]
