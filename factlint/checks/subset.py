"""subset: a part never exceeds its whole (civilians killed <= all killed).

Two ways to pair a part with its whole, both joins on a key, never all pairs:

- links: a count the extractor read as part of another in the same sentence ("327 people, including 44
  civilians") carries `part_of`, the id of its whole;
- selectors: `part` and `whole` select counts (e.g. who: civilians / who: people) and `group_by` says which of them
  belong together (by default: the same document, metric, source and scope).

Error when the part's lower bound exceeds the whole's upper bound (lo(part) > hi(whole)); info (kind `far-above`)
when it exceeds it more than threefold: that is more often two figures wrongly read as part and whole than a
contradiction.

Would pass::

    at least 327 people were killed, including 44 civilians

Would fail::

    12 people were killed, including 20 civilians

Keys: `part`, `whole` (conditions on count fields), `group_by`, `links` (use part_of links; default true).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass, replace

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
from factlint.model import Count, Document, Fact, FactTable, Finding, Rule, fact_sort_key
from factlint.yamlpos import Node, expect_bool

KEYS = ("part", "whole", "group_by", "links")
SCHEMA: dict[str, dict[str, object]] = {  # value shapes for the rule-file JSON Schema (factlint/schema.py)
    "part": {"$ref": "#/definitions/count-selector", "description": "conditions selecting the parts (with `whole`)"},
    "whole": {"$ref": "#/definitions/count-selector", "description": "conditions selecting the wholes (with `part`)"},
    "group_by": {"$ref": "#/definitions/count-fields",
                 "description": "count fields a part and its whole share (default: path, metric, source, scope)"},
    "links": {"type": "boolean", "description": "use the extractor's in-sentence part-of links (default true)"},
}
DEFAULT_GROUP = ("path", "metric", "source", "scope")
FAR_ABOVE = 3


@dataclass(frozen=True)
class Params:
    part: Selector | None
    whole: Selector | None
    group_by: tuple[str, ...]
    links: bool


def needs(params: Params) -> frozenset[str]:
    """The kinds of fact this rule reads (extraction reads no others when only such rules run)."""
    return frozenset({"count"})



def parse(keys: dict[str, Node], node: Node) -> Params:
    if ("part" in keys) != ("whole" in keys):
        raise node.error("`part` and `whole` go together")
    claim = {"status": "claim"}
    return Params(
        parse_selector(keys["part"], "count", claim) if "part" in keys else None,
        parse_selector(keys["whole"], "count", claim) if "whole" in keys else None,
        parse_fields(keys.get("group_by"), "count", DEFAULT_GROUP),
        expect_bool(keys["links"]) if "links" in keys else True,
    )


def partition(rule: Rule, item: Fact | Document) -> Hashable | None:
    """A link joins counts of one document, and a selector pair counts of one group_by key. With links, every count
    of a document goes to the document's partition (its path as the groups compare it, case-folded), which also
    holds whole groups when group_by has the path (the default). Links together with groups that span documents
    cannot be split both ways: such a rule is one partition."""
    p: Params = rule.params
    if not isinstance(item, Count):
        return None
    if p.links and (p.part is None or "path" in p.group_by):
        return key_of(item, ("path",))
    if p.part is None or p.whole is None:
        return None
    if p.links:
        return ()
    return key_of(item, p.group_by) if p.part.matches(item) or p.whole.matches(item) else None


def check(rule: Rule, table: FactTable) -> Iterator[Finding]:
    p: Params = rule.params
    # keyed by (path, id): a link points within its own document, and two facts files may both use id "total"
    pairs: dict[tuple[str, str, str, str], tuple[Count, Count]] = {}
    if p.links:
        by_id = {(f.span.path, f.id): f for f in table.of_kind("count") if isinstance(f, Count)}
        for part in by_id.values():
            whole = by_id.get((part.span.path, part.part_of)) if part.part_of else None
            if whole is not None:
                pairs[(part.span.path, part.id, whole.span.path, whole.id)] = (part, whole)
    if p.part is not None and p.whole is not None:
        parts = group_counts(table.of_kind("count"), p.part, p.group_by)
        wholes = group_counts(table.of_kind("count"), p.whole, p.group_by)
        for key in parts.keys() & wholes.keys():
            # only the smallest whole and the largest part of a group can be the worst pair
            whole = min(wholes[key], key=lambda f: (f.high is None, f.high or 0, fact_sort_key(f)))
            for part in parts[key]:
                if part is not whole:
                    pairs[(part.span.path, part.id, whole.span.path, whole.id)] = (part, whole)
    for _, (part, whole) in sorted(pairs.items(), key=lambda kv: kv[0]):
        if whole.high is not None and part.low > whole.high:
            far = part.low > FAR_ABOVE * max(whole.high, 1)
            values = {
                "part": show_interval(part.low, part.high), "part_who": part.who,
                "whole": show_interval(whole.low, whole.high), "whole_who": whole.who,
                "metric": part.metric, "source": part.source, "kind": "far-above" if far else "exceeds",
            }
            found = finding(rule, values, [evidence(part, "part"), evidence(whole, "whole")],
                            [fact_key(part), fact_key(whole)])
            yield replace(found, severity="info") if far else found
