"""Extraction properties, with hypothesis: for any text, reading a document through the public pipeline (header,
extraction, rules, every output format) never raises, and every fact's span is exactly the document's
`text[start:end]`, at the line and column that offset has.

Two kinds of text: any Unicode at all, and news-like text built from the pieces extraction looks for (numbers of
every shape, dates, names, sources, control characters, line breaks), which reaches far more of the extractor.
The pieces that once reached bugs in extraction (impossible ISO dates in prose, arithmetic past the ends of the
calendar) have their own test, with the examples that once raised.
Everything runs in-process; the longer campaign is `benchmarks/fuzz.py`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from pathlib import Path
from xml.etree import ElementTree

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factlint import formats
from factlint.documents import document_and_problem
from factlint.model import Diagnostic, Document, Fact, FactTable
from factlint.ruleset import RuleSet
from factlint.runner import Corpus, lint, load_rules, make_extractor

STORY = Path(__file__).resolve().parent / "data" / "story" / "story.yaml"
COMPANION = ("date 2024-11-30 Rebels launched an offensive on Wednesday near Aleppo, the Observatory said, and at "
             "least 327 people were killed.\nFighting reached Khan Sheikhun.\n")

# FACTLINT_PROPERTY_EXAMPLES=5000 for a longer search while working on extraction
SETTINGS = settings(max_examples=int(os.environ.get("FACTLINT_PROPERTY_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def ruleset() -> RuleSet:
    return load_rules([STORY])


def extract(path: str, text: str) -> tuple[Document, list[Fact], list[Diagnostic]]:
    """One document through the pipeline's own steps: header, then extraction (no per-document error boundary here,
    so an exception reaches hypothesis with its traceback)."""
    doc, problem = document_and_problem(path, text)
    doc, facts = make_extractor(ruleset()).extract(doc)
    return doc, facts, [problem] if problem else []


def check_spans(doc: Document, facts: list[Fact]) -> None:
    for fact in facts:
        s = fact.span
        assert s.path == doc.path
        assert 0 <= s.start <= s.end <= len(doc.text), (s.start, s.end, len(doc.text))
        assert s.text == doc.text[s.start:s.end], (fact.kind, s.text, doc.text[s.start:s.end])
        assert (s.line, s.column) == doc.position(s.start)
        assert (s.end_line, s.end_column) == doc.position(s.end)


def lint_and_render(text: str) -> None:
    """The text beside a companion article (so that agreement and spelling rules have something to compare), linted
    and rendered in every format."""
    doc, facts, diagnostics = extract("gen.txt", text)
    check_spans(doc, facts)
    other, other_facts, _ = extract("companion.txt", COMPANION)
    report = lint(Corpus(FactTable([doc, other], facts + other_facts), diagnostics, 2), ruleset())
    for name in formats.FORMAT_NAMES:
        for color in (False, True):
            rendered = formats.get(name)(report, formats.FormatOptions(color=color, statistics=True, root="/tmp"))
            if name in ("json", "sarif"):  # and what is rendered still parses
                json.loads(rendered)
            elif name == "junit":
                ElementTree.fromstring(rendered)
            else:
                assert rendered == "" or rendered.endswith("\n")


# --- any text -------------------------------------------------------------------------------------------------------

any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)  # decoded UTF-8 holds no surrogate


@SETTINGS
@given(text=any_text)
def test_any_text_extracts_without_raising_and_spans_are_the_text(text: str) -> None:
    doc, facts, _ = extract("any.txt", text)
    check_spans(doc, facts)


@SETTINGS
@given(text=any_text)
def test_any_text_lints_and_renders_in_every_format(text: str) -> None:
    lint_and_render(text)


# --- news-like text -------------------------------------------------------------------------------------------------

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December", "Jan.", "Feb", "Sept."]
RELATIVE = ["yesterday", "today", "tomorrow", "last week", "next week", "this week", "last month", "next month",
            "last year", "next year", "earlier this month", "the day before", "the same day", "two days later",
            "three weeks ago", "overnight", "on Tuesday night", "last Friday", "next Monday", "a week earlier",
            "at the weekend", "in mid-December", "late last month", "the following day"]
WORDS = ["zero", "one", "two", "a dozen", "dozens", "scores", "hundreds", "thousands", "twenty-three",
         "three hundred and five", "a million", "two billion", "several", "a handful", "nine hundred thousand"]
QUALIFIERS = ["", "at least ", "more than ", "nearly ", "about ", "up to ", "fewer than ", "some ", "over ",
              "no fewer than ", "an estimated ", "almost "]
NOUNS = ["people", "civilians", "children", "soldiers", "rebels", "troops", "women", "fighters", "residents",
         "migrants", "workers", "police officers", "people were killed", "were wounded", "dead", "died",
         "were displaced", "are missing", "have been arrested", "fled", "killed", "injured"]
NAMES = ["Khan Sheikhun", "Khan Cheikhoun", "Khan\nSheikhun", "KHAN SHEIKHUN", "Khan Shaykhun", "Aleppo", "Alepo",
         "the Syrian Observatory for Human Rights", "SOHR", "the Observatory", "Observatory", "Rami Abdel Rahman",
         "the health ministry", "Reuters", "Hayat Tahrir al-Sham", "Bashar al-Assad", "AFP", "the UN", "U.N.",
         "Dr. Smith", "Mr. O'Neil", "Jean-Pierre", "al-Numan"]
VERBS = ["said", "told AFP", "reported", "according to", "citing", "claimed", "launched an offensive",
         "launched a surprise attack", "attacked", "the offensive began", "the toll rose to", "the death toll",
         "so far", "in total", "could reach", "was revised down from", "will", "is expected to rise to"]
ODD = ["\x00", "\x01", "\x07", "\x1b[31m", "\x7f", "\x85", "\u00a0", "\u200b", "\u2028", "\u2029", "\ufeff",
       "\ufffd", "\ufffe", "\uffff", "\U0001f600", "\u0663\u0660", "\uff11\uff12", "\u00b2", "\u216b", "\r", "\r\n",
       "\n\n", "\t", "\u0301", "\u202e", "İ", "ß", "ﬁ", "…", "—", "–", "“", "”", "‘", "’", "(", ")", "[", "]",
       "...", "?!", ";", ":", ",", "%", "$", "€", "#", "* ", "- ", "> ", "1.", "No.", "St.", "e.g."]


@st.composite
def numbers(draw: st.DrawFn) -> str:
    n = draw(st.one_of(st.integers(0, 120), st.integers(0, 10**7), st.integers(0, 10**400),
                       st.sampled_from([2**53 + 1, 10**308, 10**309 - 1, 1900, 2024, 9999, 10000])))
    shape = draw(st.sampled_from(["plain", "commas", "decimal", "scale", "word", "ordinal", "range", "percent"]))
    if shape == "commas":
        text = f"{n:,}"
    elif shape == "decimal":
        text = f"{n}.{draw(st.integers(0, 999))}"
    elif shape == "scale":
        text = f"{n % 1000}.{draw(st.integers(0, 99))} {draw(st.sampled_from(['million', 'billion', 'thousand']))}"
    elif shape == "word":
        text = draw(st.sampled_from(WORDS))
    elif shape == "ordinal":
        text = f"the {n}{draw(st.sampled_from(['st', 'nd', 'rd', 'th']))}"
    elif shape == "range":
        text = f"{n % 500} to {n % 900}" if draw(st.booleans()) else f"{n % 500}-{n % 900}"
    elif shape == "percent":
        text = f"{n % 100}%"
    else:
        text = str(n)
    return draw(st.sampled_from(QUALIFIERS)) + text + " " + draw(st.sampled_from(NOUNS))


def dates(days: st.SearchStrategy[dt.date]) -> st.SearchStrategy[str]:
    day = st.integers(1, 31).map(str)
    return st.one_of(
        st.sampled_from(WEEKDAYS).map(lambda d: f"on {d}"),
        st.sampled_from(RELATIVE),
        st.tuples(day, st.sampled_from(MONTHS)).map(lambda t: f"on {t[0]} {t[1]}"),
        st.tuples(st.sampled_from(MONTHS), day, st.integers(1, 9999)).map(lambda t: f"{t[0]} {t[1]}, {t[2]}"),
        st.tuples(st.sampled_from(WEEKDAYS), st.sampled_from(MONTHS), day).map(lambda t: f"on {t[0]} ({t[1]} {t[2]})"),
        days.map(lambda d: f"on {d.isoformat()}"),
        st.sampled_from(MONTHS).map(lambda m: f"in {m}"),
        st.integers(1, 9999).map(lambda y: f"in {y}"),
    )


def news(days: st.SearchStrategy[dt.date], headers: st.SearchStrategy[str],
         extra: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[str]:
    piece = st.one_of(numbers(), dates(days), st.sampled_from(NAMES), st.sampled_from(VERBS), st.sampled_from(ODD),
                      extra if extra is not None else st.nothing())
    glue = st.sampled_from([" ", " ", " ", ", ", ". ", ".\n", "\n", "\r\n", " and ", "; ", " (", ") ", ' "', '" '])
    body = st.lists(st.tuples(piece, glue), max_size=40).map(lambda xs: "".join(p + g for p, g in xs))
    return st.tuples(headers, body).map(lambda hb: hb[0] + hb[1])


EVERYDAY = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
HEADERS = st.one_of(
    st.just(""),
    EVERYDAY.map(lambda d: f"date {d.isoformat()} "),
    EVERYDAY.map(lambda d: f"---\ndate: {d.isoformat()}\n---\n"),
    EVERYDAY.map(lambda d: f"\ufeff---\r\ntitle: x\r\ndate: '{d.isoformat()}'\r\n---\r\n"),
    st.sampled_from(["date 2024-13-01 ", "date 0000-01-01 ", "---\ndate: [\n---\n", "---\n---\n", "date  ", "---\n"]),
)


@SETTINGS
@given(text=news(EVERYDAY, HEADERS))
def test_news_like_text_extracts_without_raising_and_spans_are_the_text(text: str) -> None:
    doc, facts, _ = extract("news.txt", text)
    check_spans(doc, facts)


@SETTINGS
@given(text=news(EVERYDAY, HEADERS))
def test_news_like_text_lints_and_renders_in_every_format(text: str) -> None:
    lint_and_render(text)


# --- where extraction is known to raise -----------------------------------------------------------------------------

EDGE_DAYS = st.sampled_from([dt.date.min, dt.date.max, dt.date(1, 1, 6), dt.date(9999, 12, 26)])
EDGE_HEADERS = EDGE_DAYS.map(lambda d: f"date {d.isoformat()} ")
IMPOSSIBLE_ISO = st.tuples(st.integers(0, 9999), st.integers(0, 19), st.integers(0, 39)).map(
    lambda t: f"on {t[0]:04d}-{t[1]:02d}-{t[2]:02d}")


@SETTINGS
@given(text=news(EDGE_DAYS, EDGE_HEADERS, IMPOSSIBLE_ISO))
@example(text="date 2024-11-30 Rebels attacked on 2024-02-30 near Aleppo.")
@example(text="date 9999-12-31 Rebels will attack next week.")
@example(text="date 0001-01-01 Rebels attacked yesterday.")
def test_dates_at_the_ends_of_the_calendar_extract_without_raising(text: str) -> None:
    doc, facts, _ = extract("edge.txt", text)
    check_spans(doc, facts)
