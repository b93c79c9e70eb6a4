"""The rule engine: runs compiled rules over a table of facts and returns findings, sorted. It never prints.

Each rule type groups, sorts and windows over the table (see factlint/checks); nothing here compares all pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from factlint import checks
from factlint.documents import Document
from factlint.model import Fact, Finding, fact_sort_key
from factlint.ruleset import Rule


@dataclass
class FactTable:
    """The documents of a run and every fact read from them, in a deterministic order."""

    documents: list[Document]
    facts: list[Fact]
    _by_path: dict[str, list[Fact]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.documents = sorted(self.documents, key=lambda d: d.path)
        self.facts = sorted(self.facts, key=fact_sort_key)
        for f in self.facts:
            self._by_path.setdefault(f.span.path, []).append(f)

    def facts_of(self, path: str) -> list[Fact]:
        return self._by_path.get(path, [])


def run(rules: Iterable[Rule], table: FactTable) -> list[Finding]:
    findings: dict[str, Finding] = {}
    for rule in rules:
        for f in checks.get(rule.type).check(rule, table):
            findings.setdefault(f.fingerprint, f)
    return sorted(findings.values(), key=Finding.sort_key)
