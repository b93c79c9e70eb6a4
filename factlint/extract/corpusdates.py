"""The corpus-level date pass: what one document cannot know alone, chosen once every document is read.

Extraction is per document (its facts may be cached by content), so a document without a publication date leaves
open what only the corpus can settle:

- its publication date, when the text gives a month-day that dates the report but no year: a weekday with a
  month-day ("on Saturday (Nov 30)") or a dateline ("LIMA, March 4 -"). The year is the one that puts that day
  nearest to the other documents' publication dates (with a weekday, among the years where the day falls on it);
  without other dated documents, a year written in the text (or the one after it) that fits. The document is then
  extracted again with that date, so its relative dates ("on Wednesday") resolve too;
- the year of its explicit month-days ("on August 9": `XXXX-08-09`), chosen the same way, so that such a date can
  still agree or disagree with the other documents.

Nothing here reads the clock: without corpus or text evidence a date stays open (undated documents are reported by
the `undated` rule).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from factlint import timex
from factlint.extract.datepatterns import scan
from factlint.extract.dates import DateExtractor
from factlint.extract.datewords import WEEKDAYS, YEAR, month_number
from factlint.model import DateFact, Document, Fact

_SPAN_YEARS = 40  # how far from the evidence a candidate year may lie


def resolve_corpus_dates(documents: Sequence[Document], facts: Sequence[Fact],
                         reextract: Callable[[Document], list[Fact] | None] | None = None,
                         ) -> tuple[list[Document], list[Fact]]:
    """The documents with the publication dates the corpus settles, and the facts with open years filled in.

    `reextract(doc)` extracts a document again (now with its publication date) and returns its facts, or None when
    its facts do not come from extraction (a facts file speaks for it); without it no publication date is set."""
    known = sorted(d.published for d in documents if d.published is not None)
    out_docs: list[Document] = []
    redone: dict[str, list[Fact]] = {}
    for doc in documents:
        if doc.published is None and reextract is not None:
            chosen = publication_from_corpus(doc, known)
            if chosen is not None:
                dated = replace(doc, published=chosen[0], date_source="inferred", date_evidence=chosen[1])
                new_facts = reextract(dated)
                if new_facts is not None:
                    redone[doc.path] = new_facts
                    doc = dated
        out_docs.append(doc)
    undated = {d.path: d for d in out_docs if d.published is None}
    out_facts: list[Fact] = []
    replaced: set[str] = set()
    for f in facts:  # in the order given: a document's new facts take the place of its old ones
        if f.span.path in redone:
            out_facts.extend(redone.pop(f.span.path))
            replaced.add(f.span.path)
        if f.span.path in replaced:
            continue
        if isinstance(f, DateFact) and f.value and f.value.startswith("XXXX") and f.span.path in undated:
            f = _fill_year(f, known, undated[f.span.path])
        out_facts.append(f)
    for new in redone.values():  # documents that had no facts before
        out_facts.extend(new)
    return out_docs, out_facts


def publication_from_corpus(doc: Document, known: Sequence[dt.date]) -> tuple[dt.date, str] | None:
    """The publication date a weekday with a month-day or a dateline gives, with the year the corpus (or the
    text) settles; None when nothing settles it."""
    best: tuple[dt.date, str] | None = None
    text_years = _text_years(doc)
    for d in scan(doc.text, doc.body_start, len(doc.text)):
        if d.kind not in ("md", "dm") or d.get("y"):
            continue
        dateline = DateExtractor._dateline(doc.text, d)
        if not d.get("wd") and not dateline:
            continue
        wd = WEEKDAYS.index(d.get("wd").lower()) if d.get("wd") else None
        dd = int("".join(ch for ch in d.get("day") if ch.isdigit()))
        day = _nearest(month_number(d.get("mon")), dd, wd, known, text_years)
        if day is not None and (best is None or day > best[0]):
            line = doc.position(d.start)[0]
            basis = "the other documents' dates" if known else "the years in the text"
            best = (day, f"'{d.text.strip()}' (line {line}), the year from {basis}")
    return best


def _text_years(doc: Document) -> list[int]:
    return sorted({int(y) for y in re.findall(rf"(?<![\d,.$])({YEAR})(?![\d%])", doc.text[doc.body_start:])})


def _nearest(mon: int, dd: int, wd: int | None, known: Sequence[dt.date], text_years: Sequence[int]) -> dt.date | None:
    """The date with this month, day (and weekday) nearest to the corpus's publication dates; without them, in the
    latest year the text writes or the year after."""
    if known:
        refs = list(known)
        years = range(max(1, refs[0].year - _SPAN_YEARS), min(9999, refs[-1].year + _SPAN_YEARS) + 1)
    elif text_years:
        refs = []
        years = range(text_years[-1], min(9999, text_years[-1] + 1) + 1)
    else:
        return None
    candidates = []
    for y in years:
        try:
            c = dt.date(y, mon, dd)
        except ValueError:
            continue
        if wd is None or c.weekday() == wd:
            candidates.append(c)
    if not candidates:
        return None
    if not refs:
        return candidates[0]
    return min(candidates, key=lambda c: (_distance(c, refs), c))


def _distance(day: dt.date, refs: Sequence[dt.date]) -> int:
    """Days from `day` to the nearest of the sorted `refs`."""
    i = bisect.bisect_left(refs, day)
    return min(abs((refs[j] - day).days) for j in (i - 1, i) if 0 <= j < len(refs))


def _fill_year(f: DateFact, known: Sequence[dt.date], doc: Document) -> DateFact:
    parts = f.value.split("-") if f.value else []
    if len(parts) < 2 or not parts[1].isdigit():
        return f
    mon = int(parts[1])
    wd = next((WEEKDAYS.index(w.lower()) for w in re.findall(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b",
                                                               f.span.text)), None)
    if len(parts) == 3 and parts[2].isdigit():
        day = _nearest(mon, int(parts[2]), wd, known, _text_years(doc))
        value = day.isoformat() if day else None
    else:
        day = _nearest(mon, 1, None, known, _text_years(doc))
        value = f"{day.year:04d}-{day.month:02d}" if day else None
    if value is None:
        return f
    start, end, granularity = timex.bounds(value)
    return replace(f, value=value, start=start, end=end, granularity=granularity, anchor="inferred")
