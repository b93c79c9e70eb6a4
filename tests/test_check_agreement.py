"""agreement: one key has one value across documents (an event has one date; a fixed figure one value)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Result, evidence_paths, lint_json, refusal_line, write_rules

Run = Callable[..., Result]  # the `run` fixture

DATES = {"id": "same-date", "type": "agreement", "severity": "error", "message": "{event}: {sides}", "kind": "date"}
EVENTS = {"events": [{"id": "dam-collapse", "name": "the dam collapse",
                      "triggers": ["dam (?:collapsed|burst|gave way|failed)"]}]}


def rules_file(root: Path, *rules: dict[str, Any]) -> Path:
    return write_rules(root, rules, EVENTS)


def date(value: str | None, event: str | None = "dam-collapse", text: str | None = None) -> dict[str, Any]:
    return {"text": text or f"on {value}", "value": value, "event": event}


def facts(*dates: dict[str, Any], published: str = "2024-12-02", counts: list[dict[str, Any]] | None = None) -> str:
    return yaml.safe_dump({"published": published, "dates": list(dates), "counts": counts or []}, sort_keys=False)


def lint(run: Run, root: Path, files: dict[str, str], *rules: dict[str, Any]) -> Result:
    return lint_json(run, root, files, rules or (DATES,), EVENTS)


def by_value(finding: dict[str, Any]) -> dict[str, list[str]]:
    return {side["value"]: side["paths"] for side in finding["values"]["values"]}


# --- dates, on facts files --------------------------------------------------------------------------------------------

def test_documents_giving_an_event_different_days_disagree(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts(date("2024-11-27")),
        "b.facts.yaml": facts(date("2024-11-27")),
        "c.facts.yaml": facts(date("2024-11-27")),
        "d.facts.yaml": facts(date("2024-11-28")),
    })
    assert r.code == 1
    [f] = r.findings("same-date")
    assert f["severity"] == "error"
    assert by_value(f) == {"Wednesday 2024-11-27": ["a.facts.yaml", "b.facts.yaml", "c.facts.yaml"],
                           "Thursday 2024-11-28": ["d.facts.yaml"]}
    v = f["values"]
    assert [side["value"] for side in v["values"]] == ["Wednesday 2024-11-27", "Thursday 2024-11-28"]  # majority first
    assert (v["majority"], v["odd"], v["event"], v["key"]) == (
        "Wednesday 2024-11-27", "Thursday 2024-11-28", "dam-collapse", {"event": "dam-collapse"})
    # the odd one out leads the evidence: that is where a fix most likely belongs
    assert [(ev["path"], ev["label"]) for ev in f["evidence"]] == [
        ("d.facts.yaml", "Thursday 2024-11-28"), ("a.facts.yaml", "Wednesday 2024-11-27"),
        ("b.facts.yaml", "Wednesday 2024-11-27"), ("c.facts.yaml", "Wednesday 2024-11-27")]


@pytest.mark.parametrize(("coarse", "consistent"), [
    ("2024-W48", True),  # the ISO week of Monday 25 November contains the 27th
    ("2024-W49", False),
    ("2024-11", True),
    ("2024-12", False),
    ("2024", True),
])
def test_a_coarser_date_agrees_when_it_holds_the_day(run, tmp_path, coarse, consistent):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts(date("2024-11-27")),
        "b.facts.yaml": facts(date(coarse)),
    })
    found = r.findings("same-date")
    assert (found == []) is consistent
    if not consistent:
        assert evidence_paths(found[0]) == ["a.facts.yaml", "b.facts.yaml"]
        assert coarse in by_value(found[0])


def test_overlapping_coarse_dates_must_share_a_day(run, tmp_path):  # type: ignore[no-untyped-def]
    # week 48 and November overlap, and both contain the 27th: all three can be true together
    files = {"a.facts.yaml": facts(date("2024-W48")), "b.facts.yaml": facts(date("2024-11")),
             "c.facts.yaml": facts(date("2024-11-27"))}
    assert lint(run, tmp_path, files).findings() == []
    # week 48 (25 Nov - 1 Dec) overlaps December and November, but no day is in both months
    files = {"a.facts.yaml": facts(date("2024-W48")), "b.facts.yaml": facts(date("2024-11")),
             "c.facts.yaml": facts(date("2024-12"))}
    [f] = lint(run, tmp_path, files).findings("same-date")
    assert set(by_value(f)) == {"2024-W48", "2024-11", "2024-12"}


def test_where_restricts_the_granularities_compared(run, tmp_path):  # type: ignore[no-untyped-def]
    rule = {**DATES, "where": {"granularity": ["day", "week"]}}
    r = lint(run, tmp_path, {"a.facts.yaml": facts(date("2024-11-27")), "b.facts.yaml": facts(date("2024-12"))}, rule)
    assert r.findings() == []


def test_unresolved_dates_and_dates_of_other_events_are_not_compared(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts(date("2024-11-27"), date("2024-11-29", event="ceasefire")),
        "b.facts.yaml": facts(date(None, text="on Thursday"), date("2024-11-30", event=None)),
    })
    assert r.findings() == []


def test_one_document_contradicting_itself_is_not_a_contradiction_between_documents(run, tmp_path):  # type: ignore[no-untyped-def]
    two_days = facts(date("2024-11-26", text="on Tuesday"), date("2024-11-27", text="on Wednesday"))
    assert lint(run, tmp_path, {"a.facts.yaml": two_days}).findings() == []
    # ... but another document that agrees with only one of its days makes the other a side
    r = lint(run, tmp_path, {"a.facts.yaml": two_days, "b.facts.yaml": facts(date("2024-11-27"))})
    [f] = r.findings("same-date")
    assert by_value(f) == {"Tuesday 2024-11-26": ["a.facts.yaml"],
                           "Wednesday 2024-11-27": ["a.facts.yaml", "b.facts.yaml"]}


def test_value_compares_the_field_itself(run, tmp_path):  # type: ignore[no-untyped-def]
    # by interval a week and its day agree; by value they are two different answers
    files = {"a.facts.yaml": facts(date("2024-11-27")), "b.facts.yaml": facts(date("2024-W48"))}
    assert lint(run, tmp_path, files).findings() == []
    [f] = lint(run, tmp_path, files, {**DATES, "value": "granularity"}).findings("same-date")
    assert by_value(f) == {"day": ["a.facts.yaml"], "week": ["b.facts.yaml"]}
    assert {ev["label"] for ev in f["evidence"]} == {"day", "week"}


# --- counts -----------------------------------------------------------------------------------------------------------

FIGURE = {"id": "one-figure", "type": "agreement", "severity": "warning", "message": "{sides}", "kind": "count",
          "group_by": ["metric", "who"]}


def aboard(low: int, high: int | None, source: str = "the coastguard") -> list[dict[str, Any]]:
    return [{"text": f"{low} passengers", "metric": "aboard", "who": "people", "low": low, "high": high,
             "source": source}]


@pytest.mark.parametrize(("first", "second", "consistent"), [
    ((243, 243), (243, 243), True),
    ((216, 264), (243, 243), True),  # "about 240" and 243
    ((200, None), (243, 243), True),  # "more than 199"
    ((243, 243), (250, 250), False),
    ((216, 264), (270, None), False),
])
def test_count_intervals_agree_if_they_overlap(  # type: ignore[no-untyped-def]
        run, tmp_path, first, second, consistent):
    r = lint(run, tmp_path, {"a.facts.yaml": facts(counts=aboard(first[0], first[1])),
                             "b.facts.yaml": facts(counts=aboard(second[0], second[1], "the ferry company"))}, FIGURE)
    found = r.findings("one-figure")
    assert (found == []) is consistent
    if found:
        assert found[0]["severity"] == "warning" and r.code == 0
        assert evidence_paths(found[0]) == ["a.facts.yaml", "b.facts.yaml"]


def test_count_values_agree_field_by_field(run, tmp_path):  # type: ignore[no-untyped-def]
    files = {"a.facts.yaml": facts(counts=aboard(243, 243)), "b.facts.yaml": facts(counts=aboard(216, 264))}
    assert lint(run, tmp_path, files, FIGURE).findings() == []
    [f] = lint(run, tmp_path, files, {**FIGURE, "value": "low"}).findings("one-figure")
    assert by_value(f) == {"216": ["b.facts.yaml"], "243": ["a.facts.yaml"]}


def test_counts_are_grouped_by_source_and_day_by_default(run, tmp_path):  # type: ignore[no-untyped-def]
    rule = {k: v for k, v in FIGURE.items() if k != "group_by"}
    files = {"a.facts.yaml": facts(counts=aboard(243, 243)), "b.facts.yaml": facts(counts=aboard(250, 250, "ferry"))}
    assert lint(run, tmp_path, files, rule).findings() == []
    files["b.facts.yaml"] = facts(counts=aboard(250, 250))
    [f] = lint(run, tmp_path, files, rule).findings("one-figure")
    assert f["values"]["key"] == {"metric": "aboard", "who": "people", "source": "the coastguard",
                                  "published": "2024-12-02", "scope": None}


# --- the whole pipeline -----------------------------------------------------------------------------------------------

COLLAPSE = {
    "news/tuesday.txt": """\
        ---
        date: 2024-11-30
        ---
        Officials said the dam collapsed on Tuesday after days of heavy rain.
        """,
    "news/wednesday.txt": """\
        ---
        date: 2024-12-02
        ---
        Villagers downstream had little warning when the dam burst on Wednesday, a local councillor told reporters.
        """,
}


def test_articles_dating_an_event_differently_disagree(run, tmp_path):  # type: ignore[no-untyped-def]
    [f] = lint(run, tmp_path, COLLAPSE).findings("same-date")
    assert by_value(f) == {"Tuesday 2024-11-26": ["news/tuesday.txt"], "Wednesday 2024-11-27": ["news/wednesday.txt"]}
    assert {ev["text"] for ev in f["evidence"]} == {"on Tuesday", "on Wednesday"}
    assert [ev["line"] for ev in f["evidence"]] == [4, 4]


def test_articles_a_week_containing_the_day_agrees(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "news/tuesday.txt": COLLAPSE["news/tuesday.txt"],
        "news/week.txt": """\
            ---
            date: 2024-12-02
            ---
            Engineers are still trying to work out why the dam gave way last week, flooding dozens of farms.
            """,
    })
    assert (r.code, r.findings()) == (0, [])


def test_articles_a_week_beside_two_other_days_lists_every_side(run, tmp_path):  # type: ignore[no-untyped-def]
    files = {**COLLAPSE, "news/week.txt": """\
        ---
        date: 2024-12-02
        ---
        Engineers are still trying to work out why the dam gave way last week, flooding dozens of farms.
        """}
    [f] = lint(run, tmp_path, files).findings("same-date")
    assert by_value(f) == {"2024-W48": ["news/week.txt"], "Tuesday 2024-11-26": ["news/tuesday.txt"],
                           "Wednesday 2024-11-27": ["news/wednesday.txt"]}


# --- rule-file validation for this type -------------------------------------------------------------------------------

HEAD = 'factlint: ">=0.1"\nrules:\n  - id: same\n    type: agreement\n    severity: error\n    message: m\n'


refuse = refusal_line


def test_an_unknown_kind_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    kind: dates\n")
    assert line.startswith("factlint: bad.yaml:7:11: error: rules[0].kind: 'dates' is not one of")
    assert "did you mean 'date'?" in line


def test_a_group_by_field_of_another_kind_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    kind: date\n    group_by: [event, source]\n")
    assert line.startswith("factlint: bad.yaml:8:15: error: rules[0].group_by: unknown field 'source' for date facts")


def test_a_value_field_of_another_kind_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    kind: count\n    value: granularity\n")
    assert line.startswith("factlint: bad.yaml:8:12: error: rules[0].value: 'granularity' is not one of")


def test_a_mention_agreement_without_a_value_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    kind: mention\n")
    assert line.startswith("factlint: bad.yaml:3:5: error: rules[0]: ")
    assert "`value`" in line
