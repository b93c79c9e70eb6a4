"""monotonic: a cumulative count never decreases over time within a group.

Counts the rule selects (by default cumulative, current claims) are grouped (by default by metric, who, source and
scope) and ordered by publication date. Figures given without a source form a series of their own: the story's
unattributed running total ("the death toll rose to 115" one week, "97" the next), compared like any source's.
Figures of the official voice in general ("the authorities said", "officials", the country counting its own dead)
join that series with `officials` set to `unattributed` (default `apart`: each keeps its own). By default
(`unattributed: stated`) that series holds only the figures the text gives as the running total: a toll
noun, "so far", "in total", a headline; a bare figure with no source is too often something else. A
count is compared with the highest lower bound given on an earlier day in its group (a window over the preceding
rows). A figure's day is its document's publication date, or the earlier day the text says it was given on ("Last
week the agency put the toll at 1,100"):

- error, when its whole interval lies below that bound ("327 killed" on the 30th, "300 killed" on the 2nd); but
  info (kind `far-below`) when it falls below a third of it: a running total that falls that far is more often a
  different figure (a part, one incident) read as the total than a revision;
- nothing when the later figure is a round number (hundreds or more) within its rounding of the earlier one and
  within 1% of it ("1,301", then "1,300");
- warning (`drop_severity`), when only its lower bound drops by a tenth or more ("1,000 killed", then "at least
  450"); info when it drops by less ("at least 1,033", then "more than 980"); nothing when either figure is a vague
  word ("50 killed", then "dozens").

Would pass (000 on 2024-11-30, 002 on 2024-12-02, same source)::

    at least 327 killed  ->  more than 412 killed

Would fail::

    at least 327 killed  ->  300 killed

Keys: `metric` (or a list), `where` (more conditions on count fields), `group_by` (count fields),
`drop_severity` (severity when only the lower bound drops; default warning), `unattributed` (stated, all, none).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass, replace

from factlint.checks.common import (
    Selector,
    evidence,
    fact_key,
    finding,
    key_of,
    parse_fields,
    parse_selector,
    show_interval,
)
from factlint.model import SEVERITIES, Count, Document, Fact, FactTable, Finding, Rule, Series
from factlint.yamlpos import Node, expect_str, expect_str_list

KEYS = ("metric", "where", "group_by", "drop_severity", "unattributed", "officials")
UNATTRIBUTED = ("stated", "all", "none")
OFFICIALS = ("apart", "unattributed")
FAR_BELOW = 3  # a later figure below a third of the earlier one is shown as info (kind far-below)
SMALL_DROP = 0.1  # a lower bound that drops by less than a tenth is shown as info
SCHEMA: dict[str, dict[str, object]] = {  # value shapes for the rule-file JSON Schema (factlint/schema.py)
    "metric": {"$ref": "#/definitions/strings", "description": "the metric or metrics to check (killed, wounded...)"},
    "where": {"$ref": "#/definitions/count-selector", "description": "more conditions on count fields"},
    "group_by": {"$ref": "#/definitions/count-fields",
                 "description": "count fields that form a group (default: metric, who, source, scope)"},
    "unattributed": {"enum": list(UNATTRIBUTED),
                     "description": "figures without a source: stated (default: only those the text gives as the "
                                    "running total: a toll, 'so far', a headline), all, or none"},
    "officials": {"enum": list(OFFICIALS),
                  "description": "figures of the official voice in general ('the authorities', 'officials'): apart "
                                 "(default: a series of their own) or unattributed (with the figures without a "
                                 "source)"},
    "drop_severity": {"$ref": "#/definitions/severity",
                      "description": "severity when only the lower bound drops (default warning)"},
}
DEFAULT_GROUP = ("metric", "who", "source", "scope")


@dataclass(frozen=True)
class Params:
    select: Selector
    group_by: tuple[str, ...]
    drop_severity: str
    unattributed: str = "stated"
    officials: str = "apart"


def needs(params: Params) -> frozenset[str]:
    """The kinds of fact this rule reads (extraction reads no others when only such rules run)."""
    return frozenset({"count"})



def parse(keys: dict[str, Node], node: Node) -> Params:
    defaults: dict[str, object] = {"cumulative": True, "status": "claim"}
    if "metric" in keys:
        defaults["metric"] = expect_str_list(keys["metric"])
    return Params(
        parse_selector(keys.get("where"), "count", defaults, {"metric": keys["metric"]} if "metric" in keys else None),
        parse_fields(keys.get("group_by"), "count", DEFAULT_GROUP),
        expect_str(keys["drop_severity"], SEVERITIES) if "drop_severity" in keys else "warning",
        expect_str(keys["unattributed"], UNATTRIBUTED) if "unattributed" in keys else "stated",
        expect_str(keys["officials"], OFFICIALS) if "officials" in keys else "apart",
    )


def _compared(p: Params, fact: Count) -> bool:
    if fact.dated is None:
        return False
    if fact.source is None:
        return p.unattributed == "all" or (p.unattributed == "stated" and fact.basis == "total")
    return True


def _groups(p: Params, table: FactTable) -> dict[tuple[object, ...], list[Count]]:
    """The series: counts grouped by `group_by`, where a figure of the official voice in general ("the
    authorities") stands with the figures given without a source."""
    out: dict[tuple[object, ...], list[Count]] = {}
    for f in table.of_kind("count"):
        if isinstance(f, Count) and _compared(p, f) and p.select.matches(f):
            out.setdefault(_series_key(p, f), []).append(f)
    return out


def _series_key(p: Params, f: Count) -> tuple[object, ...]:
    key = key_of(f, p.group_by)
    if f.official and p.officials == "unattributed" and "source" in p.group_by:
        key = tuple(None if name == "source" else k for name, k in zip(p.group_by, key))
    return key


def check(rule: Rule, table: FactTable) -> Iterator[Finding]:
    p: Params = rule.params
    groups = _groups(p, table)
    for key, facts in sorted(groups.items(), key=lambda kv: repr(kv[0])):
        yield from _check_group(rule, p, key, sorted(facts, key=lambda f: (f.dated, f.span.path, f.span.start)))


def partition(rule: Rule, item: Fact | Document) -> Hashable | None:
    """A count is compared only within its series: the series key is an exact partition."""
    p: Params = rule.params
    if isinstance(item, Count) and _compared(p, item) and p.select.matches(item):
        return _series_key(p, item)
    return None


def series(rule: Rule, table: FactTable) -> Iterator[Series]:
    """The groups `check` compares, each in publication order."""
    p: Params = rule.params
    groups = _groups(p, table)
    for key, facts in sorted(groups.items(), key=lambda kv: repr(kv[0])):
        ordered = sorted(facts, key=lambda f: (f.dated, f.span.path, f.span.start))
        yield Series(rule.id, tuple(zip(p.group_by, key)), tuple(ordered))


def _rounded(later: Count, best: Count) -> bool:
    """'1,300' a day after 1,301: a round figure (hundreds or more) within its rounding of the earlier bound."""
    if later.qualifier != "exact" or later.high != later.low or later.low < 100:
        return False
    step = int(10 ** (len(str(later.low)) - len(str(later.low).rstrip("0"))))
    gap = best.low - later.high
    return step >= 100 and gap < step // 2 and gap * 100 <= best.low  # and within 1%


def _check_group(rule: Rule, p: Params, key: tuple[object, ...], facts: list[Count]) -> Iterator[Finding]:
    best: Count | None = None  # the highest lower bound published before the current day
    i = 0
    while i < len(facts):
        day = facts[i].dated
        same_day = [f for f in facts[i:] if f.dated == day]
        for later in same_day if best is not None else ():
            assert best is not None
            if later.low >= best.low or _rounded(later, best):
                continue
            below = later.high is not None and later.high < best.low
            if below:
                # a toll that falls below a third of what was known is more often another figure (a part, one
                # incident) read as the total than a revision: shown, but as info
                severity = rule.severity if later.high is not None and later.high * FAR_BELOW >= best.low else "info"
            elif "vague" in (later.qualifier, best.qualifier):
                continue  # "dozens" after "50": a word for a range, not a new lower bound
            else:
                drop = (best.low - later.low) / best.low if best.low else 0
                severity = p.drop_severity if drop >= SMALL_DROP else "info"
            earlier_text, later_text = show_interval(best.low, best.high), show_interval(later.low, later.high)
            values = {
                "group": dict(zip(p.group_by, key)),
                "metric": later.metric,
                "who": later.who,
                "source": later.source,
                "earlier": earlier_text,
                "earlier_date": str(best.dated),
                "later": later_text,
                "later_date": str(later.dated),
                "kind": ("decrease" if severity == rule.severity else "far-below") if below else "lower-bound-drop",
                "scope": later.scope,
                "reporter": later.source or "unattributed reports",
                "where": f" in {later.scope}" if later.scope else "",
                "reason": later.reason,
                "why": f" ({later.reason})" if later.reason else "",
            }
            found = finding(rule, values, [evidence(best, earlier_text), evidence(later, later_text)],
                            [fact_key(best), fact_key(later)])
            yield found if severity == rule.severity else replace(found, severity=severity)
        for fact in same_day:
            if best is None or fact.low > best.low:
                best = fact
        i += len(same_day)
