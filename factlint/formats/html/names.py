"""Names: each cluster of spellings of one name, with counts and where each spelling stands.

Listed entities (in the gazetteer) appear when some mention spells them other than as listed; their canonical name
and aliases are marked. Unlisted clusters are those a canonical-name rule reported, with its most common spelling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from factlint.model import Fact, Finding, Mention, Span

PLACES = 6  # places shown per spelling before the rest are folded away
LISTED = 300  # folded places listed at most, per spelling


@dataclass(frozen=True)
class Spelling:
    text: str
    status: str  # canonical | alias | variant | most common | unlisted
    count: int
    shown: tuple[str, ...]  # path:line:column
    folded: tuple[str, ...]
    unlisted: int


@dataclass(frozen=True)
class Cluster:
    name: str  # the canonical spelling, or the most common one
    entity: str | None
    spellings: tuple[Spelling, ...]
    mentions: int


def clusters(facts: Sequence[Fact], findings: Sequence[Finding]) -> list[Cluster]:
    return _listed([f for f in facts if isinstance(f, Mention)]) + _unlisted(findings)


def _listed(mentions: Sequence[Mention]) -> list[Cluster]:
    by_entity: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.entity is not None:
            by_entity.setdefault(m.entity, []).append(m)
    out = []
    for entity, ms in by_entity.items():
        if not any(m.match in ("normalized", "fuzzy") for m in ms):
            continue
        canonical = ms[0].canonical or entity
        by_surface: dict[str, list[Mention]] = {}
        for m in ms:
            by_surface.setdefault(m.surface, []).append(m)
        spellings = [_spelling(surface, _status(surface, canonical, group), [m.span for m in group])
                     for surface, group in by_surface.items()]
        spellings.sort(key=lambda s: (_RANK[s.status], -s.count, s.text))
        out.append(Cluster(canonical, entity, tuple(spellings), len(ms)))
    out.sort(key=lambda c: (-sum(s.count for s in c.spellings if s.status == "variant"), c.name))
    return out


_RANK = {"canonical": 0, "most common": 0, "alias": 1, "variant": 2, "unlisted": 2}


def _status(surface: str, canonical: str, group: Sequence[Mention]) -> str:
    if surface == canonical:
        return "canonical"
    return "alias" if all(m.match in ("exact", "alias") for m in group) else "variant"


def _unlisted(findings: Sequence[Finding]) -> list[Cluster]:
    out = []
    for f in findings:
        spellings = f.values.get("spellings")
        if f.type != "canonical-name" or not isinstance(spellings, list) or not spellings:
            continue
        spans: dict[str, list[Span]] = {}
        for ev in f.evidence:
            if isinstance(ev.fact, Mention):
                spans.setdefault(ev.fact.surface, []).append(ev.span)
        rows = [_spelling(str(s), "most common" if i == 0 else "unlisted", spans.get(str(s), []))
                for i, s in enumerate(spellings)]
        out.append(Cluster(str(spellings[0]), None, tuple(rows), sum(r.count for r in rows)))
    return out


def _spelling(text: str, status: str, spans: Sequence[Span]) -> Spelling:
    places = [f"{s.path}:{s.line}:{s.column}" for s in sorted(spans, key=lambda s: (s.path, s.start))]
    return Spelling(text, status, len(spans), tuple(places[:PLACES]), tuple(places[PLACES:PLACES + LISTED]),
                    max(len(places) - PLACES - LISTED, 0))
