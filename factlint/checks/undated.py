"""undated: a document whose publication date is unknown gets one finding.

Its relative dates ("on Wednesday", "last week") stay unresolved rather than guessed, so rules that need dates
cannot use them; this finding says so once per document instead of silently dropping them. The date comes from front
matter, a leading `date YYYY-MM-DD` marker, the configuration's date map, or an unambiguous explicit date in the text.

Would pass::

    ---
    date: 2024-11-30
    ---
    Rebels launched an offensive on Wednesday.

Would fail::

    Rebels launched an offensive on Wednesday.

Keys: none.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any

from factlint.checks.common import finding
from factlint.model import Document, Evidence, Fact, FactTable, Finding, Rule, Span
from factlint.yamlpos import Node

KEYS: tuple[str, ...] = ()
SCHEMA: dict[str, dict[str, object]] = {}  # no keys of its own (see factlint/schema.py)


def needs(params: Any) -> frozenset[str]:
    """The kinds of fact this rule reads: date facts, to count the ones it could not resolve."""
    return frozenset({"date"})



def parse(keys: dict[str, Node], node: Node) -> Any:
    return None


def partition(rule: Rule, item: Fact | Document) -> Hashable | None:
    """One document at a time: an undated document and its unresolved dates."""
    if isinstance(item, Document):
        return item.path if item.published is None else None
    return item.span.path if item.kind == "date" and getattr(item, "value", 1) is None else None


def check(rule: Rule, table: FactTable) -> Iterator[Finding]:
    for doc in table.documents:
        if doc.published is not None:
            continue
        first = doc.text[doc.body_start:].lstrip()
        start = len(doc.text) - len(doc.text[doc.body_start:].lstrip()) if first else 0
        end = start + len(first.splitlines()[0]) if first else start
        line, col = doc.position(start)
        end_line, end_col = doc.position(end)
        snippet = doc.text[start:end]
        span = Span(doc.path, start, end, line, col, end_line, end_col, snippet, snippet)
        unresolved = sum(1 for f in table.facts_of(doc.path) if f.kind == "date" and getattr(f, "value", 1) is None)
        yield finding(rule, {"path": doc.path, "unresolved": unresolved}, [Evidence(span)], [doc.path])
