"""agreement: one key has one value across documents (an event has one date; a fixed figure one value).

Facts the rule selects are grouped by `group_by` (for dates, by default, the event they are linked to). Their values
are intervals (a date's days, a count's [low, high]); a set of intervals can all be true together exactly when the
largest start is not after the smallest end, so the group is consistent iff max(start) <= min(end). Otherwise the
finding lists every side, grouped by value with the documents that say it: the majority first in the message, and the
odd one out first among the evidence, where a fix most likely belongs. With `value: FIELD` the field's plain values
are compared instead (one distinct value allowed).

Would pass::

    002: attacked ... on Wednesday (2024-11-27)   003: attacked ... on Wednesday last week (2024-11-27)

Would fail::

    000: launched on Thursday (2024-11-28)   002, 003, 004: ... on Wednesday (2024-11-27)

A contradiction is between documents: a document whose own facts disagree (a date misread, or linked to the
wrong event) is not reported unless another document disagrees with it too.

Keys: `kind` (date, count or mention; default date), `where`, `group_by` (default [event] for dates), `value` (a field).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any

from factlint.checks.common import (
    FIELDS,
    Selector,
    evidence,
    finding,
    group,
    key_of,
    parse_fields,
    parse_selector,
    show_interval,
)
from factlint.model import Count, DateFact, Document, Fact, FactTable, Finding, Rule
from factlint.yamlpos import Node, expect_str

KEYS = ("kind", "where", "group_by", "value")
SCHEMA: dict[str, dict[str, object]] = {  # value shapes for the rule-file JSON Schema (factlint/schema.py)
    "kind": {"enum": list(FIELDS), "description": "the facts compared (default date)"},
    "where": {"$ref": "#/definitions/any-selector", "description": "conditions on fields of the chosen kind"},
    "group_by": {"$ref": "#/definitions/any-fields", "description": "fields forming a group (default: event)"},
    "value": {"$ref": "#/definitions/any-field", "description": "compare this field's plain values, not intervals"},
}


@dataclass(frozen=True)
class Params:
    select: Selector
    group_by: tuple[str, ...]
    value: str | None


def needs(params: Params) -> frozenset[str]:
    """The kinds of fact this rule reads (extraction reads no others when only such rules run)."""
    return frozenset({params.select.kind})



def parse(keys: dict[str, Node], node: Node) -> Params:
    kind = expect_str(keys["kind"], ("date", "count", "mention")) if "kind" in keys else "date"
    defaults = {"status": "claim"} if kind == "count" else None
    value = expect_str(keys["value"], FIELDS[kind]) if "value" in keys else None
    if kind == "mention" and value is None:
        raise node.error("an agreement over mentions needs `value` (a mention field)")
    default_group = {"date": ("event",), "count": ("metric", "who", "source", "published", "scope"),
                     "mention": ("entity",)}[kind]
    return Params(parse_selector(keys.get("where"), kind, defaults),
                  parse_fields(keys.get("group_by"), kind, default_group), value)


def _bounds(fact: Fact) -> tuple[Any, Any] | None:
    if isinstance(fact, DateFact):
        return (fact.start, fact.end) if fact.start and fact.end else None
    if isinstance(fact, Count):
        return fact.low, fact.high if fact.high is not None else float("inf")
    return None


def _label(fact: Fact, value_field: str | None) -> str:
    if value_field:
        return str(key_of(fact, (value_field,))[0])
    if isinstance(fact, DateFact):
        if fact.granularity == "day" and fact.start:
            return f"{fact.start:%A} {fact.value}"
        return str(fact.value)
    assert isinstance(fact, Count)
    return show_interval(fact.low, fact.high)


def _disagree_across_documents(facts: list[Fact]) -> bool:
    """Whether two facts of *different documents* cannot both be true (disjoint intervals). A document that seems to
    disagree with itself is more likely misread than wrong, and is not a contradiction between documents.

    Only two pairs need checking: the fact that ends first against the latest start elsewhere, and the fact that ends
    first outside that fact's document against the latest start elsewhere."""
    spans = [(b[0], b[1], f.span.path) for f in facts if (b := _bounds(f)) is not None]
    if len({path for _, _, path in spans}) < 2:
        return False
    first = min(spans, key=lambda x: x[1])
    others = [x for x in spans if x[2] != first[2]]
    second = min(others, key=lambda x: x[1])
    for end, path in ((first[1], first[2]), (second[1], second[2])):
        starts = [x[0] for x in spans if x[2] != path]
        if starts and max(starts) > end:
            return True
    return False


def partition(rule: Rule, item: Fact | Document) -> Hashable | None:
    """Facts are compared only within their group: the group_by key is an exact partition."""
    p: Params = rule.params
    if isinstance(item, Document) or not p.select.matches(item):
        return None
    return key_of(item, p.group_by)


def check(rule: Rule, table: FactTable) -> Iterator[Finding]:
    p: Params = rule.params
    groups = group(table.of_kind(p.select.kind), p.select, p.group_by)
    for key, facts in sorted(groups.items(), key=lambda kv: repr(kv[0])):
        if p.value:
            # two documents disagree exactly when there are two documents and two values among the facts
            consistent = len({key_of(f, (p.value,)) for f in facts}) <= 1 or len({f.span.path for f in facts}) <= 1
        else:
            facts = [f for f in facts if _bounds(f) is not None]
            consistent = not _disagree_across_documents(facts)
        if consistent:
            continue
        sides: dict[str, list[Fact]] = {}
        for f in sorted(facts, key=lambda f: (f.span.path, f.span.start)):
            sides.setdefault(_label(f, p.value), []).append(f)
        ranked = sorted(sides.items(), key=lambda kv: (-len({f.span.path for f in kv[1]}), kv[0]))
        summary = [
            {"value": label, "documents": len({f.span.path for f in fs}), "paths": sorted({f.span.path for f in fs})}
            for label, fs in ranked
        ]
        values = {
            "key": dict(zip(p.group_by, [None if k is None else str(k) for k in key])),
            **{name: None if k is None else str(k) for name, k in zip(p.group_by, key)},
            "sides": [f"{s['value']} ({s['documents']} document{'s' if s['documents'] != 1 else ''})" for s in summary],
            "values": summary,
            "majority": summary[0]["value"],
            "odd": summary[-1]["value"],
        }
        ev = [evidence(f, label) for label, fs in reversed(ranked) for f in fs]
        yield finding(rule, values, ev, [list(map(str, key)), sorted(sides)])
