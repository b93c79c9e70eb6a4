"""monotonic: a cumulative count never decreases over time within a group.

Counts the rule selects (by default cumulative, current claims) are grouped (by default by metric, who, source and
scope) and ordered by publication date. A count is compared with the highest lower bound published on an earlier
day in its group (a window over the preceding rows):

- error, when its whole interval lies below that bound ("327 killed" on the 30th, "300 killed" on the 2nd);
- warning (`drop_severity`), when only its lower bound drops ("at least 327", then "at least 300").

Would pass (000 on 2024-11-30, 002 on 2024-12-02, same source)::

    at least 327 killed  ->  more than 412 killed

Would fail::

    at least 327 killed  ->  300 killed

Keys: `metric` (or a list), `where` (more conditions on count fields), `group_by` (count fields),
`drop_severity` (severity when only the lower bound drops; default warning).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from factlint.checks.common import (
    Selector,
    evidence,
    fact_key,
    finding,
    group_counts,
    parse_fields,
    parse_selector,
    show_interval,
)
from factlint.model import SEVERITIES, Count, FactTable, Finding, Rule, Series
from factlint.yamlpos import Node, expect_str, expect_str_list

KEYS = ("metric", "where", "group_by", "drop_severity")
SCHEMA: dict[str, dict[str, object]] = {  # value shapes for the rule-file JSON Schema (factlint/schema.py)
    "metric": {"$ref": "#/definitions/strings", "description": "the metric or metrics to check (killed, wounded...)"},
    "where": {"$ref": "#/definitions/count-selector", "description": "more conditions on count fields"},
    "group_by": {"$ref": "#/definitions/count-fields",
                 "description": "count fields that form a group (default: metric, who, source, scope)"},
    "drop_severity": {"$ref": "#/definitions/severity",
                      "description": "severity when only the lower bound drops (default warning)"},
}
DEFAULT_GROUP = ("metric", "who", "source", "scope")


@dataclass(frozen=True)
class Params:
    select: Selector
    group_by: tuple[str, ...]
    drop_severity: str


def parse(keys: dict[str, Node], node: Node) -> Params:
    defaults: dict[str, object] = {"cumulative": True, "status": "claim"}
    if "metric" in keys:
        defaults["metric"] = expect_str_list(keys["metric"])
    return Params(
        parse_selector(keys.get("where"), "count", defaults),
        parse_fields(keys.get("group_by"), "count", DEFAULT_GROUP),
        expect_str(keys["drop_severity"], SEVERITIES) if "drop_severity" in keys else "warning",
    )


def check(rule: Rule, table: FactTable) -> Iterator[Finding]:
    p: Params = rule.params
    dated = (f for f in table.facts if f.published is not None)
    for key, facts in sorted(group_counts(dated, p.select, p.group_by).items(), key=lambda kv: repr(kv[0])):
        yield from _check_group(rule, p, key, sorted(facts, key=lambda f: (f.published, f.span.path, f.span.start)))


def series(rule: Rule, table: FactTable) -> Iterator[Series]:
    """The groups `check` compares, each in publication order."""
    p: Params = rule.params
    dated = (f for f in table.facts if f.published is not None)
    for key, facts in sorted(group_counts(dated, p.select, p.group_by).items(), key=lambda kv: repr(kv[0])):
        ordered = sorted(facts, key=lambda f: (f.published, f.span.path, f.span.start))
        yield Series(rule.id, tuple(zip(p.group_by, key)), tuple(ordered))


def _check_group(rule: Rule, p: Params, key: tuple[object, ...], facts: list[Count]) -> Iterator[Finding]:
    best: Count | None = None  # the highest lower bound published before the current day
    i = 0
    while i < len(facts):
        day = facts[i].published
        same_day = [f for f in facts[i:] if f.published == day]
        for later in same_day if best is not None else ():
            assert best is not None
            if later.low >= best.low:
                continue
            below = later.high is not None and later.high < best.low
            severity = rule.severity if below else p.drop_severity
            earlier_text, later_text = show_interval(best.low, best.high), show_interval(later.low, later.high)
            values = {
                "group": dict(zip(p.group_by, key)),
                "metric": later.metric,
                "who": later.who,
                "source": later.source,
                "earlier": earlier_text,
                "earlier_date": str(best.published),
                "later": later_text,
                "later_date": str(later.published),
                "kind": "decrease" if below else "lower-bound-drop",
            }
            found = finding(rule, values, [evidence(best, earlier_text), evidence(later, later_text)],
                            [fact_key(best), fact_key(later)])
            yield found if severity == rule.severity else replace(found, severity=severity)
        for fact in same_day:
            if best is None or fact.low > best.low:
                best = fact
        i += len(same_day)
