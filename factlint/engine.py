"""The rule engine: runs compiled rules over a table of facts and returns findings, sorted. It never prints.

Each rule type groups, sorts and windows over the table (see factlint/checks); nothing here compares all pairs.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint import checks
from factlint.model import FactTable, Finding, Rule


def run(rules: Iterable[Rule], table: FactTable) -> list[Finding]:
    findings: dict[str, Finding] = {}
    for rule in rules:
        for f in checks.get(rule.type).check(rule, table):
            findings.setdefault(f.fingerprint, f)
    return sorted(findings.values(), key=Finding.sort_key)
