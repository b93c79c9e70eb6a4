"""Checks per partition: each rule's facts split by a key its type gives (`partition` in factlint/checks), so that
the partitions can be checked apart (on several machines: factlint/distributed.py) and the findings merged into
exactly those of the whole table.

Why each type's key is exact:

- monotonic, sum, agreement: a fact is compared only with facts of its group (the rule's `group_by` key, computed
  as the check computes it), so a partition per group holds everything any finding of that group rests on;
- subset: links join counts of one document, selectors counts of one group; with links every count goes to its
  document's partition (whole groups too when `group_by` has the path, the default);
- canonical-name: a listed name's mentions by entity (one of them is the listed-spelling evidence of the others);
  unlisted names by the block their loose spelling is compared in (one first letter);
- undated: one document and its unresolved dates.

A partition's table keeps the whole table's order (facts sorted by `fact_sort_key`, documents by path), so a check
sees each of its groups exactly as it would in the whole table. Duplicate findings across partitions are resolved
by `engine.merge`, which does not depend on the order findings arrive in.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from factlint import checks
from factlint.engine import merge
from factlint.model import Document, Fact, FactTable, Finding, Rule


@dataclass(frozen=True)
class Part:
    """The documents and facts one partition of one rule (an index into the rules) reads."""

    rule: int
    documents: tuple[Document, ...]
    facts: tuple[Fact, ...]

    @property
    def size(self) -> int:
        return len(self.documents) + len(self.facts)


def split(rules: Sequence[Rule], table: FactTable) -> tuple[list[Part], list[int]]:
    """Every rule's partitions, and the rules (indices) whose type has no `partition` and must see the whole table."""
    by_kind: dict[str, list[Fact]] = {}
    for fact in table.facts:
        by_kind.setdefault(fact.kind, []).append(fact)
    parts: list[Part] = []
    whole: list[int] = []
    for index, rule in enumerate(rules):
        module = checks.get(rule.type)
        key_of = getattr(module, "partition", None)
        if key_of is None:
            whole.append(index)
            continue
        documents: dict[Hashable, list[Document]] = {}
        for doc in table.documents:
            key = key_of(rule, doc)
            if key is not None:
                documents.setdefault(key, []).append(doc)
        facts: dict[Hashable, list[Fact]] = {}
        for kind in sorted(module.needs(rule.params)):  # a rule reads no other kind (extraction relies on it too)
            for fact in by_kind.get(kind, ()):
                key = key_of(rule, fact)
                if key is not None:
                    facts.setdefault(key, []).append(fact)
        for key in sorted(documents.keys() | facts.keys(), key=repr):
            parts.append(Part(index, tuple(documents.get(key, ())), tuple(facts.get(key, ()))))
    return parts, whole


def check_parts(rules: Sequence[Rule], parts: Sequence[Part]) -> list[Finding]:
    """The findings of each part's rule on the part's table (not merged: findings of several parts may repeat)."""
    out: list[Finding] = []
    for part in parts:
        rule = rules[part.rule]
        out.extend(checks.get(rule.type).check(rule, FactTable(list(part.documents), list(part.facts))))
    return out


def run(rules: Sequence[Rule], table: FactTable) -> list[Finding]:
    """engine.run, one partition at a time, in this process: what the distributed backend does on its workers."""
    parts, whole = split(rules, table)
    found = check_parts(rules, parts)
    for index in whole:
        found.extend(checks.get(rules[index].type).check(rules[index], table))
    return merge(found)
