"""What hovering over a fact shows: the fact as factlint read it (its `fact_row` fields), as Markdown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from factlint.model import Fact, fact_row


def fact_at(facts: Sequence[Fact], text: str, offset: int) -> Fact | None:
    """The innermost fact whose span holds the offset, among facts read from `text` as it still reads (a fact read
    from an older version of the buffer is not shown)."""
    hits = [f for f in facts if f.span.start <= offset < f.span.end or f.span.start == offset == f.span.end]
    hits = [f for f in hits if text[f.span.start:f.span.end] == f.span.text]
    return min(hits, key=lambda f: (f.span.end - f.span.start, f.kind)) if hits else None


def _interval(low: int, high: int | None) -> str:
    if high is None:
        return f"[{low}, ∞)"
    return f"{low}" if low == high else f"[{low}, {high}]"


def _day(iso: str | None) -> str:
    if iso is None:
        return "unresolved"
    return f"{iso} ({dt.date.fromisoformat(iso).strftime('%A')})"


def describe(fact: Fact) -> str:
    row = fact_row(fact)
    quoted = f"“{row['text']}”"
    if row["kind"] == "count":
        head = (f"**count** {quoted}: {row['metric']} ({row['who']}) **{_interval(row['low'], row['high'])}**, "
                f"{row['qualifier']}")
        lines = [f"source: {row['source'] or 'not attributed'}",
                 f"scope: {row['scope'] or 'this story'}",
                 f"status: {row['status']}, {'cumulative' if row['cumulative'] else 'not cumulative'}"]
        if row["part_of"]:
            lines.append(f"part of: {row['part_of']}")
    elif row["kind"] == "date":
        span = row["start_date"] if row["start_date"] == row["end_date"] else f"{row['start_date']}..{row['end_date']}"
        resolved = _day(row["start_date"]) if row["granularity"] == "day" else (span if row["value"] else "unresolved")
        head = f"**date** {quoted}: **{resolved}**"
        lines = [f"value: {row['value'] or 'unresolved'} ({row['granularity']})", f"event: {row['event'] or 'none'}"]
        lines.append(f"resolved against: {row['anchor']}")
    else:
        head = f"**name** {quoted}: **{row['canonical'] or 'unlisted'}** ({row['match']})"
        lines = [f"entity: {row['entity']}" + (f" ({row['entity_type']})" if row["entity_type"] else "")] \
            if row["entity"] else []
        if row["listed"] and row["listed"] != row["text"]:
            lines.append(f"listed spelling: {row['listed']}")
    lines.append(f"published: {row['published'] or 'unknown'}")
    return "\n".join([head, "", *(f"- {line}" for line in lines)])

