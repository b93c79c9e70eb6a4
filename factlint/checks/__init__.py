"""Rule types: one module each, registered here. Adding a type touches its module, this dict, its test.

A rule type module has a fixed surface, checked by the `CheckType` protocol:

- `KEYS`: the type-specific keys a rule may carry (validated at load time; unknown keys are errors);
- `parse(keys, node) -> Params`: validate and compile those keys once, raising ConfigError with a position;
- `needs(params) -> frozenset[str]`: the kinds of fact (count, date, mention) the rule reads, so that a run of only
  some rules extracts only what they read;
- `check(rule, table) -> Iterator[Finding]`: pure; groups, sorts and windows over the fact table, never all pairs;
- its docstring: the reference page, with a passing and a failing example that a test runs.

- `partition(rule, item) -> key | None`: which partition of the table a fact (or a document) belongs to for this
  rule, None when the rule never reads it; running `check` on each partition's facts and merging the findings
  (`engine.merge`) gives exactly the findings of `check` on the whole table. The distributed backend runs a rule's
  partitions on different machines (factlint/partition.py says how each type's key is exact).

Optionally, `series(rule, table) -> Iterator[Series]`: the groups of counts the type compares over time, which the
HTML report draws as timelines (monotonic and sum have one).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from types import ModuleType
from typing import Any, Protocol, cast

from factlint.model import Document, Fact, FactTable, Finding, Rule, Series
from factlint.yamlpos import Node


class CheckType(Protocol):
    __doc__: str | None
    KEYS: tuple[str, ...]

    def parse(self, keys: dict[str, Node], node: Node) -> Any: ...

    def needs(self, params: Any) -> frozenset[str]: ...

    def check(self, rule: Rule, table: FactTable) -> Iterator[Finding]: ...

    def partition(self, rule: Rule, item: Fact | Document) -> Hashable | None: ...


def _modules() -> dict[str, ModuleType]:
    from factlint.checks import agreement, canonical_name, monotonic, subset, sum_, undated

    return {
        "monotonic": monotonic,
        "subset": subset,
        "sum": sum_,
        "agreement": agreement,
        "canonical-name": canonical_name,
        "undated": undated,
    }


def kinds_needed(rules: Iterable[Rule]) -> frozenset[str]:
    """The kinds of fact these rules read, together."""
    out: frozenset[str] = frozenset()
    for rule in rules:
        out |= get(rule.type).needs(rule.params)
    return out


def names() -> list[str]:
    return list(_modules())


def get(name: str) -> CheckType:
    return cast(CheckType, _modules()[name])


def series(rule: Rule, table: FactTable) -> Iterator[Series]:
    """The series a rule compares over time; none for a rule type without a `series` function."""
    hook = getattr(_modules()[rule.type], "series", None)
    return iter(()) if hook is None else cast(Iterator[Series], hook(rule, table))
