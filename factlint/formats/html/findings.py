"""The findings part of the HTML report: per rule that fired, each finding with every side as a card.

A finding can have thousands of sides (a date agreement over a whole corpus): a few cards are shown, every distinct
value among them, and the rest are listed compactly below, up to a limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from factlint.formats.html.quotes import Quote, Quoter
from factlint.model import SEVERITIES, Evidence, Finding, Report, RuleMeta, fact_row

CARDS = 8  # sides shown as cards; the others go to a compact list
LISTED = 400  # sides listed compactly at most, per finding


@dataclass(frozen=True)
class Side:
    path: str
    line: int
    column: int
    published: str | None
    source: str | None
    value: str | None
    label: str | None
    quote: Quote
    mark: str | None  # "odd" (disagrees with the majority), "reference" (an example elsewhere) or None

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class FindingView:
    rule: str
    severity: str
    message: str
    fingerprint: str
    cards: tuple[Side, ...]
    listed: tuple[Side, ...]  # the sides not shown as cards, up to LISTED
    unlisted: int  # sides beyond that
    fixes: tuple[tuple[str, str, str], ...]  # (where, text, replacement)
    paths: int  # distinct documents among the sides


@dataclass(frozen=True)
class RuleSection:
    anchor: str  # its element id
    id: str
    type: str
    description: str
    counts: Mapping[str, int]  # findings per severity
    findings: tuple[FindingView, ...]


def sections(report: Report, published: Mapping[str, str | None], quote: Quoter) -> list[RuleSection]:
    """One section per rule that fired, in the order the rules were loaded (unknown rules last, by id)."""
    meta: dict[str, RuleMeta] = {r.id: r for r in report.rules}
    by_rule: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_rule.setdefault(f.rule, []).append(f)
    order = [r for r in meta if r in by_rule] + sorted(r for r in by_rule if r not in meta)
    out = []
    for i, rule in enumerate(order):
        found = by_rule[rule]
        counts = {s: sum(1 for f in found if f.severity == s) for s in SEVERITIES}
        m = meta.get(rule)
        out.append(RuleSection(f"rule-{i + 1}", rule, m.type if m else found[0].type, m.description if m else "",
                               counts,
                               tuple(finding_view(f, published, quote) for f in found)))
    return out


def finding_view(f: Finding, published: Mapping[str, str | None], quote: Quoter) -> FindingView:
    majority = f.values.get("majority") if isinstance(f.values.get("majority"), str) else None
    sides = [_side(ev, published, majority, quote) for ev in f.evidence]
    chosen = _cards(sides)
    rest = [s for i, s in enumerate(sides) if i not in chosen]
    fixes = tuple((f"{x.span.path}:{x.span.line}:{x.span.column}", x.span.text, x.replacement) for x in f.fixes)
    return FindingView(f.rule, f.severity, f.message, f.fingerprint, tuple(sides[i] for i in sorted(chosen)),
                       tuple(rest[:LISTED]), max(len(rest) - LISTED, 0), fixes, len({s.path for s in sides}))


def _cards(sides: Sequence[Side]) -> set[int]:
    """Which sides are shown as cards: all when few; else the first of each distinct value, then the first ones."""
    if len(sides) <= CARDS:
        return set(range(len(sides)))
    chosen: dict[str | None, int] = {}
    for i, s in enumerate(sides):
        chosen.setdefault(s.label, i)
    picked = sorted(chosen.values())[:CARDS]
    for i in range(len(sides)):
        if len(picked) >= CARDS:
            break
        if i not in picked:
            picked.append(i)
    return set(picked)


def _side(ev: Evidence, published: Mapping[str, str | None], majority: str | None, quote: Quoter) -> Side:
    s = ev.span
    row = fact_row(ev.fact) if ev.fact is not None else {}
    mark = None
    if ev.reference:
        mark = "reference"
    elif majority is not None and ev.label not in (None, majority):
        mark = "odd"
    return Side(s.path, s.line, s.column, published.get(s.path, row.get("published")), row.get("source"),
                resolved_value(row), ev.label, quote(s), mark)


def resolved_value(row: Mapping[str, object]) -> str | None:
    """What a fact says, resolved: a count's interval, a date's day or period, a name's listed entity."""
    kind = row.get("kind")
    if kind == "count":
        low, high = row["low"], row["high"]
        interval = f"{low}+" if high is None else (str(low) if low == high else f"{low}–{high}")
        return f"{interval} {row.get('who')} {row.get('metric')}"
    if kind == "date":
        if not row.get("value"):
            return "unresolved"
        if row.get("granularity") == "day" and row.get("start_date"):
            return f"{dt.date.fromisoformat(str(row['start_date'])):%A} {row['value']}"
        return str(row["value"])
    if kind == "mention":
        return str(row["canonical"]) if row.get("canonical") else "not in the gazetteer"
    return None
