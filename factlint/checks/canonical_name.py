"""canonical-name: every name resolves to one canonical spelling.

Mentions come from the extractor already resolved against the gazetteer. A canonical name or a listed alias, as
written, is fine, and so is one that differs from it only in case or full stops (a dateline's "KHARTOUM", "U.N"). A
spelling that matches only after normalising (case, hyphens, "al-"/"Al ", diacritics) or only fuzzily (rapidfuzz)
gets a finding per document and spelling, with the listed spelling it should be as the fix and, as further evidence,
one place in the corpus that spells it the listed way.

Names the gazetteer does not know are clustered across the corpus: spellings that normalise alike, or score at
least `min_score` against each other, or share a first name and a close last name with one more name between
(compared only within blocks that share a first letter, never all pairs), are reported as variants
(`variant_severity`), the most frequent spelling suggested.

Would pass::

    Hayat Tahrir al-Sham (HTS) ... HTS     # canonical name and a listed alias

Would fail::

    Khan Cheikhoun                         # a near-miss of the listed "Khan Sheikhun"

Keys: `types` (entity types to check; default all), `variants` (cluster unlisted names; default true),
`variant_severity` (default: the rule's severity), `min_score` (default 88, for clustering unlisted names).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from factlint.checks.common import evidence, finding
from factlint.model import SEVERITIES, Document, Fact, FactTable, Finding, Fix, Mention, Rule
from factlint.textnorm import fold, middle_name, normalize
from factlint.yamlpos import Node, expect_bool, expect_int, expect_str, expect_str_list

KEYS = ("types", "variants", "variant_severity", "min_score")
SCHEMA: dict[str, dict[str, object]] = {  # value shapes for the rule-file JSON Schema (factlint/schema.py)
    "types": {"$ref": "#/definitions/strings", "description": "entity types to check (default all)"},
    "variants": {"type": "boolean", "description": "cluster spellings of names the gazetteer lacks (default true)"},
    "variant_severity": {"$ref": "#/definitions/severity", "description": "severity of unlisted variants"},
    "min_score": {"type": "integer", "minimum": 0, "description": "similarity (0-100) at which unlisted names cluster"},
}


@dataclass(frozen=True)
class Params:
    types: frozenset[str] | None
    variants: bool
    variant_severity: str | None
    min_score: int


def needs(params: Params) -> frozenset[str]:
    """The kinds of fact this rule reads (extraction reads no others when only such rules run)."""
    return frozenset({"mention"})



def parse(keys: dict[str, Node], node: Node) -> Params:
    return Params(
        frozenset(expect_str_list(keys["types"])) if "types" in keys else None,
        expect_bool(keys["variants"]) if "variants" in keys else True,
        expect_str(keys["variant_severity"], SEVERITIES) if "variant_severity" in keys else None,
        expect_int(keys["min_score"], 0) if "min_score" in keys else 88,
    )


def check(rule: Rule, table: FactTable) -> Iterator[Finding]:
    p: Params = rule.params
    mentions = [f for f in table.of_kind("mention") if isinstance(f, Mention)]
    yield from _misspelt(rule, p, mentions)
    if p.variants:
        for f in _variants(rule, p, [m for m in mentions if m.entity is None]):
            yield f if p.variant_severity is None else replace(f, severity=p.variant_severity)


def partition(rule: Rule, item: Fact | Document) -> Hashable | None:
    """A listed name's mentions are judged together (one of them is the listed-spelling evidence for the others):
    its entity is the key. Unlisted spellings are compared only within a block of the same first letter, and
    spellings that differ only in case and full stops count as one: the block of that loose form is the key."""
    p: Params = rule.params
    if not isinstance(item, Mention):
        return None
    if item.entity is not None:
        return None if p.types is not None and item.entity_type not in p.types else ("entity", item.entity)
    return ("unlisted", _block(" ".join(item.surface.split()))) if p.variants else None


def _misspelt(rule: Rule, p: Params, mentions: list[Mention]) -> Iterator[Finding]:
    listed: dict[str, Mention] = {}  # entity -> first mention spelt as listed, for evidence
    groups: dict[tuple[str, str, str], list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: (m.span.path, m.span.start)):
        if m.entity is None or (p.types is not None and m.entity_type not in p.types):
            continue
        if m.match in ("normalized", "fuzzy") and not (m.listed and _loose(m.surface) == _loose(m.listed)):
            groups.setdefault((m.span.path, " ".join(m.surface.split()), m.entity), []).append(m)
        else:
            listed.setdefault(m.entity, m)
    for (path, surface, entity), ms in sorted(groups.items()):
        canonical = ms[0].canonical  # a fix goes to the canonical name, never to another alias
        sides = [evidence(m, "as written") for m in ms]
        if entity in listed:
            sides.append(replace(evidence(listed[entity], "listed spelling"), reference=True))
        # no fix when the spelling matched several entities (no `listed`): no replacement is safe then
        fixes = [Fix(m.span, canonical) for m in ms] if canonical and ms[0].listed else []
        values = {"surface": surface, "canonical": canonical, "suggestion": canonical,
                  "basis": "listed",
                  "entity": entity, "match": ms[0].match, "score": round(min(m.score for m in ms), 1),
                  "occurrences": len(ms)}
        yield finding(rule, values, sides, [path, surface.lower(), entity], fixes)


def _variants(rule: Rule, p: Params, unlisted: list[Mention]) -> Iterator[Finding]:
    by_surface: dict[str, list[Mention]] = {}
    spelling: dict[str, str] = {}  # spellings that differ only in case or full stops are one ("KHARTOUM", "U.N")
    for m in unlisted:
        written = " ".join(m.surface.split())  # a wrapped name is one spelling
        key = spelling.setdefault(_loose(written), written)
        by_surface.setdefault(key, []).append(m)
    surfaces = sorted(by_surface)
    parent = {s: s for s in surfaces}

    def root(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    blocks: dict[str, list[str]] = {}
    for s in surfaces:
        if len(fold(s)) >= 4:
            blocks.setdefault(_block(s), []).append(s)
    for members in blocks.values():
        folded = [(s, normalize(s), fold(s)) for s in members]
        for i, (a, na, fa) in enumerate(folded):
            for b, nb, fb in folded[i + 1:]:
                if na == nb or (len(na.split()) == len(nb.split()) and fuzz.ratio(fa, fb) >= p.min_score
                                and not _affix_only(na, nb)) or middle_name(fa, fb, p.min_score - 8):
                    parent[root(b)] = root(a)
    clusters: dict[str, list[str]] = {}
    for s in surfaces:
        clusters.setdefault(root(s), []).append(s)
    for spellings in clusters.values():
        if len(spellings) < 2:
            continue
        ranked = sorted(spellings, key=lambda s: (-len(by_surface[s]), s))
        sides = [evidence(m, s) for s in reversed(ranked) for m in by_surface[s]]
        values = {"spellings": ranked, "suggestion": ranked[0], "surface": ranked[-1], "canonical": ranked[0],
                  "counts": {s: len(by_surface[s]) for s in ranked}, "basis": "most common", "entity": None}
        yield finding(rule, values, sides, [sorted(s.lower() for s in spellings)])


def _block(spelling: str) -> str:
    """The block a spelling is compared in: the first letter of its folded loose form, the same for every spelling
    that is one loosely (so `partition` can send them all to one place)."""
    return fold(_loose(spelling))[:1]


def _loose(name: str) -> str:
    """A spelling with case and full stops set aside: datelines in capitals and "U.N"/"U.N." are not misspellings."""
    return " ".join(name.replace(".", " ").casefold().split())


def _affix_only(a: str, b: str) -> bool:
    """'Syria'/'Syrian', 'Iran'/'Iranian': a demonym is not a spelling variant."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(long) - len(short) <= 3
