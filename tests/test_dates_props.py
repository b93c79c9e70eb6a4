"""Properties of date extraction: for any text and any publication date it never raises, and every value it gives
stands for exactly the days the fact says."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factlint import timex
from factlint.documents import make_document
from factlint.extract.corpusdates import resolve_corpus_dates
from factlint.model import DateFact, Document
from factlint.runner import load_rules, make_extractor

EXTRACTOR = make_extractor(load_rules([]))
WORDS = ["on", "in", "since", "until", "by", "last", "next", "this", "the", "a", "ago", "earlier", "later", "year",
         "years", "week", "month", "months", "day", "days", "quarter", "third", "fiscal", "summer", "winter", "fall",
         "now", "recently", "future", "today", "tomorrow", "yesterday", "Monday", "Saturday", "March", "May", "Dec.",
         "Nov", "30", "31", "29", "1", "2024", "1999", "9999", "0001", "2024-02-30", "2024-11-27", "'90s", "1990s",
         "19th", "century", "decade", "New", "Year's", "Day", "same", "half", "weekend", "(", ")", ",", ".", "-",
         "LIMA,", "(Reuters)", "nineteen", "ninety-six", "two", "thousand", "four", "9999999th", "for", "straight",
         "year-ago", "period", "will", "was", "said", "quake", "that", "when", "after", "Christmas", "\n"]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=5)), max_size=40).map(" ".join)
published = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))


def _check(facts: list[DateFact]) -> None:
    for f in facts:
        if f.value is None:
            assert f.start is None and f.end is None
            continue
        start, end, granularity = timex.bounds(f.value)
        assert (start, end) == (f.start, f.end)
        assert start is None or end is None or start <= end
        if f.granularity != "none":
            assert granularity == f.granularity


@SETTINGS
@given(text=texts, day=published)
def test_extraction_never_raises_and_values_match_their_days(text: str, day: dt.date | None) -> None:
    doc = make_document("a.txt", text)
    doc = Document(doc.path, doc.text, day, "front-matter" if day else None, None, doc.body_start, doc.bom)
    _, facts = EXTRACTOR.extract(doc)
    _check([f for f in facts if isinstance(f, DateFact)])


@SETTINGS
@given(text=texts, other=texts, day=published)
@example(text="on March", other="", day=dt.date(999, 1, 1))  # a year before 1000 written with four digits
def test_the_corpus_pass_never_raises(text: str, other: str, day: dt.date | None) -> None:
    dated = make_document("a.txt", other)
    dated = Document(dated.path, dated.text, day, "front-matter" if day else None, None, 0, False)
    docs, facts = [], []
    for doc in (dated, make_document("b.txt", text)):
        doc, got = EXTRACTOR.extract(doc)
        docs.append(doc)
        facts.extend(got)
    _, out = resolve_corpus_dates(docs, facts, lambda d: EXTRACTOR.extract(d)[1])
    _check([f for f in out if isinstance(f, DateFact)])
