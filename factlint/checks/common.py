"""What rule types share: fact selection (`where`), grouping keys, and building a complete finding."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from factlint.model import Count, DateFact, Evidence, Fact, Finding, Fix, Mention, fact_row, fingerprint
from factlint.yamlpos import Node, did_you_mean, expect_mapping, expect_str_list

FIELDS: dict[str, tuple[str, ...]] = {
    "count": ("path", "published", "metric", "who", "low", "high", "qualifier", "source", "cumulative", "status",
              "scope", "part_of", "via", "reason", "as_of", "basis", "official", "id"),
    "date": ("path", "published", "value", "start_date", "end_date", "granularity", "event", "anchor", "id"),
    "mention": ("path", "published", "surface", "entity", "canonical", "entity_type", "match", "id"),
}
KIND_OF = {Count: "count", DateFact: "date", Mention: "mention"}


@dataclass(frozen=True)
class Selector:
    """Which facts a rule reads: a kind and `field: value` (or `field: [values]`) conditions, all of which must hold."""

    kind: str
    conditions: tuple[tuple[str, frozenset[Any]], ...] = ()
    # where each condition value was written (field, value, node), so values can be checked once the lexicon is known
    origins: tuple[tuple[str, Any, Node], ...] = field(default=(), compare=False, repr=False)

    def matches(self, fact: Fact) -> bool:
        if fact.kind != self.kind:
            return False
        return all(_norm(field_value(fact, name)) in allowed for name, allowed in self.conditions)


def field_value(fact: Fact, name: str) -> Any:
    """A fact's field as `fact_row` names it, without building the row (this runs for every fact and rule)."""
    if name == "path":
        return fact.span.path
    if name == "start_date":
        return getattr(fact, "start", None)
    if name == "end_date":
        return getattr(fact, "end", None)
    value = getattr(fact, name, None)
    if name == "score" and isinstance(value, float):
        return round(value, 1)
    return value


def _norm(value: Any) -> Any:
    """One comparable form for a field value from a fact row or a rule: strings case-folded, and numbers and dates
    as text, since YAML reads `scope: 1939` as a number and `published: 2024-11-30` as a date."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (dt.date, int, float)):
        value = value.isoformat() if isinstance(value, dt.date) else str(value)
    return value.lower() if isinstance(value, str) else value


def parse_selector(node: Node | None, kind: str, defaults: Mapping[str, Any] | None = None,
                   default_nodes: Mapping[str, Node] | None = None) -> Selector:
    """`field: value` conditions from a rule's mapping, over `defaults` (written elsewhere in the rule, at
    `default_nodes`, or implied by the rule type)."""
    # defaults are compared with normalised rows too: `metric: Killed` or a sum's `where: {source: SOHR}` must match
    conditions: dict[str, frozenset[Any]] = {
        k: frozenset(_norm(x) for x in _as_list(v)) for k, v in (defaults or {}).items()
    }
    origins = [(k, x, n) for k, n in (default_nodes or {}).items() for x in _as_list(n.plain())]
    if node is not None:
        keys = expect_mapping(node, FIELDS[kind])
        for name, value in keys.items():
            raw = value.plain()
            if any(isinstance(v, (dict, list)) for v in _as_list(raw)):
                raise value.error("expected a value or a list of values")
            conditions[name] = frozenset(_norm(v) for v in _as_list(raw))
            origins = [o for o in origins if o[0] != name] + [(name, x, value) for x in _as_list(raw)]
    return Selector(kind, tuple(sorted(conditions.items())), tuple(origins))


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def parse_fields(node: Node | None, kind: str, default: Sequence[str]) -> tuple[str, ...]:
    if node is None:
        return tuple(default)
    names = expect_str_list(node)
    for name in names:
        if name not in FIELDS[kind]:
            raise node.error(f"unknown field '{name}' for {kind} facts{did_you_mean(name, FIELDS[kind])}; "
                             f"known: {', '.join(FIELDS[kind])}")
    return tuple(names)


def key_of(fact: Fact, fields: Sequence[str]) -> tuple[Any, ...]:
    return tuple(_norm(field_value(fact, name)) for name in fields)


# Fields whose null is itself a value, not an unknown: a null scope is the document's own story, a null high unbounded.
NULL_IS_VALUE = frozenset({"scope", "high"})


def group(facts: Iterable[Fact], selector: Selector, fields: Sequence[str],
          skip_null: bool = True) -> dict[tuple[Any, ...], list[Fact]]:
    """Facts the selector accepts, grouped by the given fields (a GROUP BY); groups with a null key are dropped
    when `skip_null`, since "no source" is not one source (except fields in NULL_IS_VALUE)."""
    out: dict[tuple[Any, ...], list[Fact]] = {}
    # within one document, an unattributed figure is the document's own voice: a source like any other
    nullable = NULL_IS_VALUE | {"source"} if "path" in fields else NULL_IS_VALUE
    for fact in facts:
        if selector.matches(fact):
            key = key_of(fact, fields)
            if skip_null and any(k is None and name not in nullable for name, k in zip(fields, key)):
                continue
            out.setdefault(key, []).append(fact)
    return out


def group_counts(facts: Iterable[Fact], selector: Selector, fields: Sequence[str],
                 skip_null: bool = True) -> dict[tuple[Any, ...], list[Count]]:
    """group() for rules over counts, typed as such."""
    return {key: [f for f in fs if isinstance(f, Count)]
            for key, fs in group(facts, selector, fields, skip_null).items()}


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def render(template: str, values: Mapping[str, Any]) -> str:
    """`{name}` placeholders filled from the finding's values; unknown names are left as written."""
    def sub(m: re.Match[str]) -> str:
        value = values.get(m.group(1))
        if value is None and m.group(1) not in values:
            return m.group(0)
        return _show(value)
    return _PLACEHOLDER.sub(sub, template)


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(v) for v in value)
    if value is None:
        return "unknown"
    return re.sub(r"\s+", " ", str(value))  # a value read across a line break stays on the message's one line


def show_interval(low: int, high: int | None) -> str:
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}-{high}"


def evidence(fact: Fact, label: str | None = None) -> Evidence:
    return Evidence(fact.span, fact, label)


def finding(
    rule: Any, values: Mapping[str, Any], sides: Sequence[Evidence], key: Iterable[Any], fixes: Sequence[Fix] = ()
) -> Finding:
    """A complete finding. `key` is what the finding is about in meaning (not position), for its fingerprint."""
    return Finding(
        rule=rule.id,
        type=rule.type,
        severity=rule.severity,
        message=render(rule.message, values),
        values=dict(values),
        evidence=tuple(sides),
        fingerprint=fingerprint(rule.id, list(key)),
        fixes=tuple(fixes),
    )


def fact_key(fact: Fact) -> list[Any]:
    """A fact's identity for fingerprints: where (document) and what (text, value), not the line it is on."""
    row = fact_row(fact)
    return [row["path"], row["kind"], row["text"].lower(), row.get("value"), row.get("low"), row.get("high")]
