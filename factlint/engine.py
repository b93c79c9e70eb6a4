"""The rule engine: runs compiled rules over a table of facts and returns findings, sorted. It never prints.

Each rule type groups, sorts and windows over the table (see factlint/checks); nothing here compares all pairs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from factlint import checks
from factlint.model import FactTable, Finding, Rule


def run(rules: Iterable[Rule], table: FactTable) -> list[Finding]:
    return merge(f for rule in rules for f in checks.get(rule.type).check(rule, table))


def merge(findings: Iterable[Finding]) -> list[Finding]:
    """Findings deduplicated by fingerprint, sorted. When two findings share a fingerprint (one document says the
    same thing twice), the first in a total order is kept, not the first produced: so checks run in any order, or
    per partition on several machines (factlint/partition.py), give the same result."""
    kept: dict[str, Finding] = {}
    for f in findings:
        old = kept.get(f.fingerprint)
        if old is None or (old != f and _order(f) < _order(old)):
            kept[f.fingerprint] = f
    return sorted(kept.values(), key=Finding.sort_key)


def _order(f: Finding) -> tuple[Any, ...]:
    """A total order of findings (only computed when two share a fingerprint)."""
    sides = tuple((ev.span, ev.label or "", ev.reference) for ev in f.evidence)
    return (f.sort_key(), sides, f.message, json.dumps(dict(f.values), sort_keys=True, default=str))
