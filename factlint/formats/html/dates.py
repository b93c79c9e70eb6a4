"""Date agreement: for each event, which documents date it to which day, the odd ones marked.

A date is marked odd when an agreement finding lists it on a side other than the majority, so the table says what
the findings say and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from factlint.formats.html.findings import resolved_value
from factlint.formats.html.quotes import Quote, Quoter
from factlint.model import DateFact, Fact, Finding, fact_row

CHIPS = 12  # documents shown per date before the rest are folded away
LISTED = 400  # folded documents listed at most, per date


@dataclass(frozen=True)
class Said:
    path: str
    line: int
    column: int
    published: str | None
    quote: Quote
    odd: bool


@dataclass(frozen=True)
class DateRow:
    value: str  # the date as resolved ("Wednesday 2024-11-27", "2024-W48", "unresolved")
    documents: int
    odd: bool
    shown: tuple[Said, ...]
    folded: tuple[Said, ...]
    unlisted: int


@dataclass(frozen=True)
class EventDates:
    event: str
    rows: tuple[DateRow, ...]
    documents: int
    disagree: bool  # an agreement finding is about this event


def events(facts: Sequence[Fact], findings: Sequence[Finding], quote: Quoter) -> list[EventDates]:
    odd: set[tuple[str, int, int]] = set()
    disputed: set[str] = set()
    for f in findings:
        majority = f.values.get("majority")
        if f.type != "agreement" or not isinstance(majority, str):
            continue
        for ev in f.evidence:
            if isinstance(ev.fact, DateFact) and ev.fact.event is not None:
                disputed.add(ev.fact.event)
                if ev.label != majority:
                    odd.add((ev.span.path, ev.span.start, ev.span.end))
    by_event: dict[str, dict[str, list[DateFact]]] = {}
    for fact in facts:
        if isinstance(fact, DateFact) and fact.event is not None:
            value = resolved_value(fact_row(fact)) or "unresolved"
            by_event.setdefault(fact.event, {}).setdefault(value, []).append(fact)
    out = []
    for event in sorted(by_event, key=lambda e: (e not in disputed, e)):
        rows = [_row(value, dates, odd, quote) for value, dates in by_event[event].items()]
        rows.sort(key=lambda r: (-r.documents, r.value))
        paths = {d.span.path for dates in by_event[event].values() for d in dates}
        out.append(EventDates(event, tuple(rows), len(paths), event in disputed))
    return out


def _row(value: str, dates: list[DateFact], odd: set[tuple[str, int, int]], quote: Quoter) -> DateRow:
    said: dict[str, Said] = {}  # one entry per document: the first place it says this date, odd if any is
    for d in sorted(dates, key=lambda d: (d.span.path, d.span.start)):
        s = d.span
        is_odd = (s.path, s.start, s.end) in odd
        if s.path in said:
            if is_odd and not said[s.path].odd:
                said[s.path] = Said(s.path, s.line, s.column, _day(d.published), quote(s, 240), True)
            continue
        said[s.path] = Said(s.path, s.line, s.column, _day(d.published), quote(s, 240), is_odd)
    ordered = sorted(said.values(), key=lambda x: (not x.odd, x.path))
    return DateRow(value, len(said), any(x.odd for x in ordered), tuple(ordered[:CHIPS]),
                   tuple(ordered[CHIPS:CHIPS + LISTED]), max(len(ordered) - CHIPS - LISTED, 0))


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
