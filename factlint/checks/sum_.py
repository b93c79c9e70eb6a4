"""sum: parts add up to their total, in interval arithmetic.

Counts are grouped (by default by metric, source, publication day and scope). In a group, each `parts` selector
names one part (e.g. troops, rebels, civilians) and `total` the whole; several counts of one part are intersected
(they should agree; their disagreement is another rule's business). The parts' sum is the interval
[sum of lows, sum of highs]. Error when:

- the parts' lower bounds already exceed the total's upper bound (whatever parts are present), or
- every part is present, `exhaustive` is true, and the sum lies entirely below the total.

Would pass::

    100 troops + 183 rebels + 44 civilians  vs  at least 327 killed

Would fail::

    100 troops + 183 rebels + 44 civilians  vs  300 killed

Keys: `parts` (a list of conditions on count fields), `total` (conditions), `group_by`, `where` (conditions that
apply to parts and total alike), `exhaustive` (default true).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any

from factlint.checks.common import (
    Selector,
    evidence,
    fact_key,
    finding,
    group_counts,
    key_of,
    parse_fields,
    parse_selector,
    show_interval,
)
from factlint.model import Count, Document, Fact, FactTable, Finding, Rule, Series
from factlint.yamlpos import Node, expect_bool, expect_list

KEYS = ("parts", "total", "group_by", "where", "exhaustive")
SCHEMA: dict[str, dict[str, object]] = {  # value shapes for the rule-file JSON Schema (factlint/schema.py)
    "parts": {"type": "array", "minItems": 2, "items": {"$ref": "#/definitions/count-selector"},
              "description": "one selector per part (at least two)"},
    "total": {"$ref": "#/definitions/count-selector", "description": "conditions that select the total"},
    "group_by": {"$ref": "#/definitions/count-fields",
                 "description": "count fields parts and total share (default: metric, source, published, scope)"},
    "where": {"$ref": "#/definitions/count-selector", "description": "conditions for parts and total alike"},
    "exhaustive": {"type": "boolean",
                   "description": "the parts are all there is: a sum below the total is an error (default true)"},
}
DEFAULT_GROUP = ("metric", "source", "published", "scope")


@dataclass(frozen=True)
class Params:
    parts: tuple[Selector, ...]
    total: Selector
    group_by: tuple[str, ...]
    exhaustive: bool


def needs(params: Params) -> frozenset[str]:
    """The kinds of fact this rule reads (extraction reads no others when only such rules run)."""
    return frozenset({"count"})



def parse(keys: dict[str, Node], node: Node) -> Params:
    for required in ("parts", "total"):
        if required not in keys:
            raise node.error(f"missing required key '{required}' for a sum rule")
    shared: dict[str, Any] = {"status": "claim", "cumulative": True}
    if "where" in keys:
        shared.update(keys["where"].plain() if isinstance(keys["where"].value, dict) else {})
        parse_selector(keys["where"], "count")  # validates field names with positions
    parts = tuple(_merged(item, shared, keys.get("where")) for item in expect_list(keys["parts"]))
    if len(parts) < 2:
        raise keys["parts"].error("a sum needs at least two parts")
    return Params(parts, _merged(keys["total"], shared, keys.get("where")),
                  parse_fields(keys.get("group_by"), "count", DEFAULT_GROUP),
                  expect_bool(keys["exhaustive"]) if "exhaustive" in keys else True)


def _merged(node: Node, shared: dict[str, Any], where: Node | None) -> Selector:
    own = parse_selector(node, "count")
    base = parse_selector(where, "count", shared)
    merged = dict(base.conditions)
    merged.update(dict(own.conditions))
    named = {name for name, _, _ in own.origins}
    origins = tuple(o for o in base.origins if o[0] not in named) + own.origins
    return Selector("count", tuple(sorted(merged.items())), origins)


def _intersect(facts: list[Count]) -> tuple[int, int | None]:
    low = max(f.low for f in facts)
    highs = [f.high for f in facts if f.high is not None]
    high = min(highs) if highs else None
    if high is not None and high < low:  # disagreeing reports: fall back to their hull
        low = min(f.low for f in facts)
        high = None if any(f.high is None for f in facts) else max(highs)
    return low, high


def check(rule: Rule, table: FactTable) -> Iterator[Finding]:
    p: Params = rule.params
    totals = group_counts(table.of_kind("count"), p.total, p.group_by)
    part_groups = [group_counts(table.of_kind("count"), sel, p.group_by) for sel in p.parts]
    for key in sorted(totals, key=repr):
        present = [(i, g[key]) for i, g in enumerate(part_groups) if key in g]
        if not present:
            continue
        total_low, total_high = _intersect(totals[key])
        lows, highs = 0, 0
        unbounded = False
        for _, facts in present:
            lo, hi = _intersect(facts)
            lows += lo
            unbounded |= hi is None
            highs += hi or 0
        sum_high = None if unbounded else highs
        complete = len(present) == len(p.parts)
        over = total_high is not None and lows > total_high
        short = complete and p.exhaustive and sum_high is not None and sum_high < total_low
        if not (over or short):
            continue
        sides = [evidence(f, "total") for f in totals[key]]
        for i, facts in present:
            sides.extend(evidence(f, f"part {i + 1}") for f in facts)
        values = {
            "sum": show_interval(lows, sum_high), "total": show_interval(total_low, total_high),
            "kind": "exceeds" if over else "falls-short", "complete": complete,
            "group": dict(zip(p.group_by, [None if k is None else str(k) for k in key])),
        }
        keys = [fact_key(ev.fact) for ev in sides if ev.fact is not None]
        yield finding(rule, values, sides, sorted(keys, key=_none_last))


def _none_last(key: list[Any]) -> list[tuple[bool, Any]]:
    """A fact key's natural order, with an unbounded high (None) after every number instead of a TypeError: one
    document can give "0 killed" as exactly 0 and as "0 or more" in two places."""
    return [(x is None, 0 if x is None else x) for x in key]


def partition(rule: Rule, item: Fact | Document) -> Hashable | None:
    """Parts and total are compared only within their group: the group_by key is an exact partition."""
    p: Params = rule.params
    if isinstance(item, Count) and any(sel.matches(item) for sel in (p.total, *p.parts)):
        return key_of(item, p.group_by)
    return None


SERIES_FIELDS = ("metric", "who", "source", "scope")


def series(rule: Rule, table: FactTable) -> Iterator[Series]:
    """The counts the rule reads (parts and totals), one series per metric, who, source and scope (and any other
    field it groups by): how each part and the total move over the days the rule compares one at a time."""
    p: Params = rule.params
    fields = tuple(dict.fromkeys(SERIES_FIELDS + tuple(f for f in p.group_by if f != "published")))
    read: dict[int, Count] = {}
    for sel in (p.total, *p.parts):
        for facts in group_counts(table.of_kind("count"), sel, p.group_by).values():
            read.update((id(f), f) for f in facts if f.published is not None)
    groups = group_counts(read.values(), Selector("count"), fields)
    for key, facts in sorted(groups.items(), key=lambda kv: repr(kv[0])):
        ordered = sorted(facts, key=lambda f: (f.published, f.span.path, f.span.start))
        yield Series(rule.id, tuple(zip(fields, key)), tuple(ordered))
