"""The corpus-level date pass (undated documents, open years), and dates at the ends of the calendar."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import write

from factlint import timex
from factlint.documents import make_document
from factlint.extract.corpusdates import resolve_corpus_dates
from factlint.model import DateFact
from factlint.runner import load_rules, make_extractor

STORY = """\
factlint: ">=0.1"
extends: [builtin:generic]
events:
  - id: quake
    triggers: ['quake (?:struck|hit)']
"""


def facts_of(run, *paths: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    r = run("facts", *paths, "--rules", "rules", "--format", "jsonl")
    assert r.code == 0, r.err
    return [json.loads(line) for line in r.out.splitlines()]


def test_a_weekday_with_a_month_day_dates_an_undated_report_from_the_other_reports(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {
        "rules/story.yaml": STORY,
        "a.txt": "date 2024-11-28 The quake struck on Wednesday, killing 40.\n",
        "b.txt": "Rescuers dug on Saturday (Nov 30) after the quake struck on Wednesday.\n",
    })
    rows = [r for r in facts_of(run, "a.txt", "b.txt") if r["kind"] == "date" and r["path"] == "b.txt"]
    assert {r["published"] for r in rows} == {"2024-11-30"}
    assert [(r["text"], r["value"], r["anchor"]) for r in rows] == [
        ("on Saturday (Nov 30)", "2024-11-30", "inferred"), ("on Wednesday", "2024-11-27", "inferred")]


def test_a_dateline_dates_an_undated_report(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {
        "rules/story.yaml": STORY,
        "a.txt": "date 2024-03-06 The quake struck on Sunday, killing 40.\n",
        "b.txt": "LIMA, March 4 (Reuters) - The quake struck on Sunday, officials said.\n",
    })
    rows = [r for r in facts_of(run, "a.txt", "b.txt") if r["kind"] == "date" and r["path"] == "b.txt"]
    assert [(r["text"], r["value"], r["event"], r["published"]) for r in rows] == [
        ("March 4", "2024-03-04", None, "2024-03-04"), ("on Sunday", "2024-03-03", "quake", "2024-03-04")]


def test_nothing_settles_a_year_without_evidence_so_the_report_stays_undated(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Nov 30 fell on a Saturday in 2013, 2019 and 2024: only the corpus or the text could choose, never the clock
    write(tmp_path, {"rules/story.yaml": STORY,
                     "b.txt": "Rescuers dug on Saturday (Nov 30) after the quake struck on Wednesday.\n"})
    rows = [r for r in facts_of(run, "b.txt") if r["kind"] == "date"]
    assert {r["published"] for r in rows} == {None}
    assert [r["value"] for r in rows] == ["XXXX-11-30", None]
    r = run("lint", "b.txt", "--rules", "rules", "--format", "json")
    assert [f["values"]["path"] for f in r.findings("undated-document")] == ["b.txt"]


def test_an_explicit_day_in_an_undated_report_takes_its_year_from_the_corpus_and_can_disagree(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {
        "rules/story.yaml": STORY,
        "a.txt": "date 2024-08-12 The quake struck on August 10, killing 40.\n",
        "b.txt": "The quake struck on August 9, officials said.\n",
    })
    [row] = [r for r in facts_of(run, "a.txt", "b.txt") if r["kind"] == "date" and r["path"] == "b.txt"]
    assert (row["value"], row["start_date"], row["anchor"], row["event"]) == ("2024-08-09", "2024-08-09", "inferred",
                                                                              "quake")
    r = run("lint", "a.txt", "b.txt", "--rules", "rules", "--format", "json")
    [finding] = r.findings("event-date-agreement")
    assert sorted(ev["path"] for ev in finding["evidence"]) == ["a.txt", "b.txt"]


def test_the_corpus_pass_keeps_the_order_and_leaves_dated_documents_alone() -> None:
    extractor = make_extractor(load_rules([]))
    docs, facts = [], []
    for path, text in (("a.txt", "date 2024-11-29 Floods hit on Thursday."),
                       ("b.txt", "Floods hit on Friday (Nov 29) and again on Saturday (Nov 30)."),
                       ("c.txt", "date 2024-12-01 More rain on Sunday.")):
        doc, got = extractor.extract(make_document(path, text + "\n"))
        docs.append(doc)
        facts.extend(got)
    calls: list[str] = []

    def again(doc):  # type: ignore[no-untyped-def]
        calls.append(doc.path)
        return extractor.extract(doc)[1]

    new_docs, new_facts = resolve_corpus_dates(docs, facts, again)
    assert calls == ["b.txt"]
    assert [d.published for d in new_docs] == [dt.date(2024, 11, 29), dt.date(2024, 11, 30), dt.date(2024, 12, 1)]
    assert [f.span.path for f in new_facts] == sorted(f.span.path for f in new_facts)
    assert [f for f in new_facts if f.span.path != "b.txt"] == [f for f in facts if f.span.path != "b.txt"]
    # a document whose facts come from a facts file is never re-extracted: it stays undated, its open years filled
    untouched, kept = resolve_corpus_dates(docs, facts, lambda doc: None)
    assert untouched == docs
    assert [(f.value, f.anchor) for f in kept if isinstance(f, DateFact) and f.span.path == "b.txt"] == [
        ("2024-11-29", "inferred"), ("2024-11-30", "inferred")]


@pytest.mark.parametrize("published, text", [
    ("9999-12-31", "Talks resume next week, tomorrow, next month, next year, in the fourth quarter, next summer, "
                   "on Monday and next weekend, and will end on January 3."),
    ("0001-01-01", "It happened yesterday, last week, last month, last year, last winter, on Sunday, on December 30, "
                   "two weeks ago, a year ago, in the last decade and the previous quarter."),
    ("2024-05-01", "The dam burst on 2024-02-30 and on February 30, on the 9999999th day of the siege."),
])
def test_dates_at_the_ends_of_the_calendar_resolve_or_stay_unresolved(published: str, text: str) -> None:
    extractor = make_extractor(load_rules([]))
    _, facts = extractor.extract(make_document("a.txt", f"date {published} {text}\n"))
    dates = [f for f in facts if isinstance(f, DateFact)]
    assert dates
    for f in dates:
        if f.value is None or f.start is None:
            continue
        start, end, _ = timex.bounds(f.value)
        assert (start, end) == (f.start, f.end)
    if published == "2024-05-01":
        assert [(f.span.text, f.value) for f in dates] == [
            ("on 2024-02-30", None), ("on February 30", None), ("on the 9999999th day of", None)]


def test_impossible_dates_in_headers_and_facts_files_are_refused_clearly(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {
        "a.txt": "date 2024-02-30 The dam burst on Monday.\n",
        "b.md": "---\ndate: 2024-02-30\n---\nThe dam burst on Monday.\n",
        "c.facts.yaml": 'document: c.txt\npublished: "2024-01-01"\ndates:\n  - {text: "x", value: "9999-W53"}\n',
        "c.txt": "x\n",
    })
    r = run("facts", "a.txt", "b.md", "--format", "jsonl")
    assert r.code == 0 and {json.loads(line)["value"] for line in r.out.splitlines()} == {None}
    r = run("facts", "c.facts.yaml")
    assert r.code == 2
    assert "c.facts.yaml" in r.err and "9999-W53" in r.err and "Traceback" not in r.err


@pytest.mark.parametrize("value, expected", [
    ("2024-11-27", (dt.date(2024, 11, 27), dt.date(2024, 11, 27), "day")),
    ("2024-W48", (dt.date(2024, 11, 25), dt.date(2024, 12, 1), "week")),
    ("2024-W48-WE", (dt.date(2024, 11, 30), dt.date(2024, 12, 1), "weekend")),
    ("2024-Q3", (dt.date(2024, 7, 1), dt.date(2024, 9, 30), "quarter")),
    ("2024-H1", (dt.date(2024, 1, 1), dt.date(2024, 6, 30), "half")),
    ("2024-WI", (dt.date(2024, 12, 1), dt.date(2025, 2, 28), "season")),
    ("199", (dt.date(1990, 1, 1), dt.date(1999, 12, 31), "decade")),
    ("20", (dt.date(2000, 1, 1), dt.date(2099, 12, 31), "century")),
    ("PRESENT_REF", (None, None, "ref")),
    ("XXXX-02-29", (None, None, "day")),
])
def test_timex_values_and_their_days(value: str, expected: tuple[Any, ...]) -> None:
    assert timex.bounds(value) == expected


@pytest.mark.parametrize("value", ["9999-W53", "9999-WI", "2024-W53", "2024-02-30", "XXXX-02-30", "0000", "2024-13",
                                   "next week", ""])
def test_timex_values_outside_the_calendar_are_errors(value: str) -> None:
    with pytest.raises(ValueError):
        timex.bounds(value)
