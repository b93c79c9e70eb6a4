"""Checks per partition (factlint/partition.py) find exactly what checks over the whole table find, for every rule
type and the settings that change how it groups: generated fact tables with hypothesis, and real corpora.

This is what makes the distributed backend exact; it needs no Dask (tests/test_distributed.py runs the cluster).
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint import checks, engine, partition
from factlint.model import Count, DateFact, Document, Fact, FactTable, Finding, Mention, Rule, Span
from factlint.ruleset import RuleSet, load_ruleset
from factlint.runner import load_rules, read_corpus

PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# rules of every type, with the settings that change what a check groups together
RULES: dict[str, list[dict[str, Any]]] = {
    "monotonic": [
        {},
        {"group_by": ["metric", "source"]},
        {"group_by": ["path", "metric"], "unattributed": "all"},
        {"unattributed": "none", "where": {"who": "people"}},
        {"metric": ["killed"], "unattributed": "all", "drop_severity": "info"},
    ],
    "sum": [
        {"parts": [{"who": "troops"}, {"who": "rebels"}, {"who": "civilians"}], "total": {"who": "people"}},
        {"parts": [{"who": "troops"}, {"who": "civilians"}], "total": {"who": "people"}, "exhaustive": False,
         "group_by": ["metric", "published"]},
        {"parts": [{"who": "civilians"}, {"who": "children"}], "total": {"who": "people"}, "group_by": ["path"],
         "where": {"metric": "killed"}},
    ],
    "subset": [
        {"part": {"who": ["civilians", "children"]}, "whole": {"who": "people"}},  # links and groups by document
        {"part": {"who": "civilians"}, "whole": {"who": "people"}, "links": False,
         "group_by": ["metric", "source"]},  # groups across documents
        {"part": {"who": "civilians"}, "whole": {"who": "people"}, "group_by": ["metric"]},  # links and the above
        {},  # links only
    ],
    "agreement": [
        {},
        {"where": {"granularity": ["day", "week"]}, "group_by": ["event"]},
        {"kind": "count", "group_by": ["metric", "who", "source"]},
        {"kind": "count", "value": "low", "group_by": ["metric", "published"]},
        {"kind": "mention", "value": "canonical", "group_by": ["entity"]},
    ],
    "canonical-name": [{}, {"types": ["place"]}, {"variants": False}, {"min_score": 60, "variant_severity": "info"}],
    "undated": [{}],
}
VARIANTS = [(kind, i) for kind, params in RULES.items() for i in range(len(params))]


@functools.cache
def rules() -> RuleSet:
    """Every variant, loaded once, with a gazetteer the generated mentions resolve against."""
    body = {
        "factlint": ">=0.1",
        "entities": [{"id": "khan-sheikhun", "name": "Khan Sheikhun", "type": "place"},
                     {"id": "sohr", "name": "Syrian Observatory for Human Rights", "type": "organization"}],
        "rules": [{"id": f"{kind}-{i}", "type": kind, "severity": "error", "message": "m", **params}
                  for kind, i in VARIANTS for params in [RULES[kind][i]]],
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rules.yaml"
        path.write_text(yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
        return load_ruleset([(path, "rules.yaml")])


def rule(kind: str, i: int) -> Rule:
    return next(r for r in rules().rules if r.id == f"{kind}-{i}")


# --- generated fact tables: few distinct values, so that groups, ties, links and variants are common ----------------

PATHS = ["a.txt", "A.txt", "b.txt", "c.txt", "d.txt"]  # two paths that groups compare case-folded
DAYS = [dt.date(2024, 11, 27), dt.date(2024, 11, 28), dt.date(2024, 11, 30)]
NAMES = [  # (surface, entity, canonical, match, listed)
    ("Khan Sheikhun", "khan-sheikhun", "Khan Sheikhun", "exact", "Khan Sheikhun"),
    ("Khan Cheikhoun", "khan-sheikhun", "Khan Sheikhun", "fuzzy", "Khan Sheikhun"),
    ("KHAN SHEIKHUN", "khan-sheikhun", "Khan Sheikhun", "normalized", "Khan Sheikhun"),
    ("SOHR", "sohr", "Syrian Observatory for Human Rights", "acronym", None),
    ("Sheikhun", "khan-sheikhun", "Sheikhun", "fuzzy", None),  # another canonical form: agreement on it can fail
    ("Tarek Haddad", None, None, "unlisted", None), ("Tareq Haddad", None, None, "unlisted", None),
    ("TAREK HADDAD", None, None, "unlisted", None), ("Tarek  Haddad", None, None, "unlisted", None),
    ("Straße Nord", None, None, "unlisted", None), ("STRASSE NORD", None, None, "unlisted", None),
    ("ßtraße Nord", None, None, "unlisted", None), ("Ssttrasse Nord", None, None, "unlisted", None),
    ("Jisr al-Shughur", None, None, "unlisted", None), ("Jisr Al Shugour", None, None, "unlisted", None),
    ("U.N.", None, None, "unlisted", None), ("UN", None, None, "unlisted", None),
]


def span(path: str, start: int, text: str) -> Span:
    return Span(path, start, start + len(text), 1, start + 1, 1, start + len(text) + 1, text, f"sentence {start}")


@st.composite
def counts(draw: st.DrawFn, path: str, published: dt.date | None, n: int) -> Count:
    low = draw(st.sampled_from([0, 3, 10, 12, 40, 100, 300, 1000]))
    width = draw(st.sampled_from([0, 0, 5, None]))
    return Count(
        span=span(path, draw(st.integers(0, 6)), f"{low} killed"),
        metric=draw(st.sampled_from(["killed"] * 4 + ["wounded"])),
        low=low, high=None if width is None else low + width,
        qualifier=draw(st.sampled_from(["exact", "exact", "at least", "vague"])),
        who=draw(st.sampled_from(["people"] * 4 + ["civilians", "children", "troops", "rebels"])),
        source=draw(st.sampled_from(["SOHR"] * 4 + ["sohr", "army", None])),
        cumulative=draw(st.sampled_from([True] * 5 + [False])),
        status=draw(st.sampled_from(["claim"] * 5 + ["projection"])),
        scope=draw(st.sampled_from([None] * 5 + ["Aleppo"])),
        published=published, id=f"c{n}",
        part_of=draw(st.sampled_from([None, None, "c0", "c1", "c2"])),
        as_of=draw(st.sampled_from([None, None, None, DAYS[0]])),
        basis=draw(st.sampled_from(["total", ""])),
    )


@st.composite
def dates(draw: st.DrawFn, path: str, published: dt.date | None, n: int) -> DateFact:
    value = draw(st.sampled_from(["2024-11-26", "2024-11-27", "2024-W48", "2024-11", None]))
    if value is None:
        start = end = None
        granularity = "day"
    elif value.startswith("2024-W"):
        start, end, granularity = dt.date(2024, 11, 25), dt.date(2024, 12, 1), "week"
    elif len(value) == 7:
        start, end, granularity = dt.date(2024, 11, 1), dt.date(2024, 11, 30), "month"
    else:
        start = end = dt.date.fromisoformat(value)
        granularity = "day"
    return DateFact(span(path, draw(st.integers(0, 6)), f"date {value}"), value, start, end, granularity,
                    "publication", draw(st.sampled_from(["launch", "launch", "truce", None])), published, f"d{n}")


@st.composite
def mentions(draw: st.DrawFn, path: str, published: dt.date | None, n: int) -> Mention:
    surface, entity, canonical, match, listed = draw(st.sampled_from(NAMES))
    kind = draw(st.sampled_from(["place", "organization"])) if entity else None
    return Mention(span(path, draw(st.integers(0, 6)), surface), surface, entity, canonical, 90.0, kind, match,
                   listed, published, f"m{n}")


@st.composite
def tables(draw: st.DrawFn) -> FactTable:
    documents: list[Document] = []
    facts: list[Fact] = []
    for path in draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=len(PATHS), unique=True)):
        published = draw(st.sampled_from([*DAYS, None]))
        documents.append(Document(path, "Headline\nBody text.\n", published))
        for n in range(draw(st.integers(0, 12))):
            make = draw(st.sampled_from([counts, counts, counts, dates, mentions]))
            facts.append(draw(make(path, published, n)))
    return FactTable(documents, facts)


@pytest.mark.parametrize(("kind", "i"), VARIANTS, ids=[f"{k}-{i}" for k, i in VARIANTS])
@PROPS
@given(table=tables())
def test_partitions_find_what_the_whole_table_finds(kind: str, i: int, table: FactTable) -> None:
    chosen = [rule(kind, i)]
    assert partition.run(chosen, table) == engine.run(chosen, table)


@PROPS
@given(table=tables(), data=st.data())
def test_merged_findings_do_not_depend_on_the_order_partitions_finish(table: FactTable, data: st.DataObject) -> None:
    parts, whole = partition.split(rules().rules, table)
    assert not whole
    found = partition.check_parts(rules().rules, data.draw(st.permutations(parts)))
    assert engine.merge(found) == engine.run(rules().rules, table)


def test_duplicate_fingerprints_keep_one_finding_whatever_the_order() -> None:
    """Two findings about the same text said twice in one document share a fingerprint: the same one is kept
    whichever comes first (the first in a total order, not the first produced)."""
    doc = [Count(span("a.txt", at, "300 killed"), "killed", 300, 300, "exact", source="SOHR", cumulative=True,
                 published=DAYS[1], id=f"c{at}") for at in (0, 40)]
    table = FactTable([Document("a.txt", "x", DAYS[1]), Document("b.txt", "x", DAYS[0])], doc + [
        Count(span("b.txt", 0, "400 killed"), "killed", 400, 400, "exact", source="SOHR", cumulative=True,
              published=DAYS[0], id="c9")])
    found = list(checks.get("monotonic").check(rule("monotonic", 0), table))
    assert len(found) == 2 and found[0].fingerprint == found[1].fingerprint and found[0] != found[1]
    assert engine.merge(found) == engine.merge(found[::-1]) == [min(found, key=lambda f: f.evidence[1].span.start)]


def test_every_rule_type_has_a_partition_function() -> None:
    for name in checks.names():
        assert callable(getattr(checks.get(name), "partition", None)), name


def test_no_partition_holds_every_fact_of_a_story_corpus() -> None:
    """What distributing the checks is for: a rule's facts spread over its groups (one event's dates are one group,
    so its agreement rule has one partition), and no partition holds a large share of the corpus's facts."""
    from corpus_factory import story

    with tempfile.TemporaryDirectory() as tmp:
        folder = story(Path(tmp) / "story", 60)
        ruleset = load_rules([ROOT / "rules"])
        table = read_corpus([folder], ruleset, root=folder).table
    parts, _ = partition.split(ruleset.rules, table)
    sizes = {r.id: sorted(len(p.facts) for p in parts if p.rule == index) for index, r in enumerate(ruleset.rules)}
    assert len(sizes["part-within-whole"]) == len({f.span.path for f in table.facts if f.kind == "count"})  # links
    assert len(sizes["toll-never-decreases"]) == 2  # the Observatory's series and the ministry's
    assert max(max(s) for s in sizes.values() if s) * 4 < len(table.facts), sizes


@pytest.mark.parametrize("corpus", ["seeds", "story"])
def test_partitions_find_what_the_whole_table_finds_on_real_corpora(corpus: str, tmp_path: Path) -> None:
    from corpus_factory import story

    folder = SEEDS if corpus == "seeds" else story(tmp_path / "story", 80)
    ruleset = load_rules([ROOT / "rules"])
    table = read_corpus([folder], ruleset, root=ROOT if corpus == "seeds" else folder).table
    whole: list[Finding] = engine.run(ruleset.rules, table)
    assert whole
    assert partition.run(ruleset.rules, table) == whole
