"""monotonic: a running toll from one source never goes down in a later report.

Corpora are written into the test's tmp dir as structured facts files (no prose extraction involved) or as short
articles with front matter (the whole pipeline); findings are compared by rule id, severity, evidence and values.
The refusals of whole rule files (version, alias bomb, deep nesting, unknown type) live at the end of this module.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Result, evidence_paths, lint_json, refused_rules, write, write_rules

Run = Callable[..., Result]  # the `run` fixture

TOLL = {"id": "toll", "type": "monotonic", "severity": "error", "message": "{earlier} then {later}", "metric": "killed"}


GAZETTEER = {"entities": [{"id": "sohr", "name": "Syrian Observatory for Human Rights", "type": "organization",
                            "aliases": ["SOHR", "Observatory"]}]}


def rules_file(root: Path, *rules: dict[str, Any]) -> Path:
    return write_rules(root, rules, GAZETTEER)


def toll(text: str, low: int, high: int | None, source: str | None = "SOHR", **extra: Any) -> dict[str, Any]:
    """A cumulative count of people killed, as a facts-file entry."""
    return {"text": text, "metric": "killed", "low": low, "high": high, "source": source, "cumulative": True, **extra}


def facts(published: str, *counts: dict[str, Any]) -> str:
    return yaml.safe_dump({"published": published, "counts": list(counts)}, sort_keys=False)


def lint(run: Run, root: Path, files: dict[str, str], *rules: dict[str, Any]) -> Result:
    return lint_json(run, root, files, rules or (TOLL,), GAZETTEER)


def sides(finding: dict[str, Any]) -> list[tuple[str, str]]:
    return [(ev["path"], ev["label"]) for ev in finding["evidence"]]


# --- interval semantics, on facts files -------------------------------------------------------------------------------

def test_a_later_interval_wholly_below_the_earlier_bound_is_an_error(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327 people", 327, None, qualifier="at_least")),
        "b.facts.yaml": facts("2024-12-02", toll("300 people", 300, 300, source="sohr")),
    })
    assert r.code == 1
    [f] = r.findings("toll")
    assert f["severity"] == "error"
    assert sides(f) == [("a.facts.yaml", "327+"), ("b.facts.yaml", "300")]
    v = f["values"]
    assert (v["earlier"], v["earlier_date"], v["later"], v["later_date"]) == ("327+", "2024-11-30", "300", "2024-12-02")
    assert v["kind"] == "decrease"
    # the source is compared case-insensitively: "SOHR" and "sohr" are one group
    assert v["group"] == {"metric": "killed", "who": "people", "source": "sohr", "scope": None}


@pytest.mark.parametrize(("low", "high", "severity", "kind"), [
    (290, None, "warning", "lower-bound-drop"),  # at least 290 after at least 327: the bound dropped, not the toll
    (310, None, "info", "lower-bound-drop"),  # ... by less than a tenth: worth a look, not a warning
    (250, 400, "warning", "lower-bound-drop"),  # 250-400 still reaches 327
    (326, 327, "info", "lower-bound-drop"),  # touching the earlier bound is not below it
    (300, 326, "error", "decrease"),
    (109, 109, "error", "decrease"),  # a third of 327: still read as a revision
    (0, 108, "info", "far-below"),  # below a third: more likely another figure (a part, one incident)
])
def test_only_a_dropped_lower_bound_is_a_warning(  # type: ignore[no-untyped-def]
        run, tmp_path, low, high, severity, kind):
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327", 327, None)),
        "b.facts.yaml": facts("2024-12-02", toll("the new toll", low, high)),
    })
    [f] = r.findings("toll")
    assert (f["severity"], f["values"]["kind"]) == (severity, kind)
    assert evidence_paths(f) == ["a.facts.yaml", "b.facts.yaml"]
    assert r.code == (1 if severity == "error" else 0)


@pytest.mark.parametrize(("low", "high"), [(413, None), (327, 327), (327, None), (327, 500), (1000, 1000)])
def test_a_later_report_as_high_or_higher_is_no_finding(run, tmp_path, low, high):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327", 327, None)),
        "b.facts.yaml": facts("2024-12-02", toll("the new toll", low, high)),
    })
    assert (r.code, r.findings()) == (0, [])


def test_a_lower_figure_published_the_same_day_is_not_compared(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327", 327, None)),
        "b.facts.yaml": facts("2024-11-30", toll("300", 300, 300)),
    })
    assert r.findings() == []


def test_the_bound_is_the_highest_lower_bound_of_any_earlier_day(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts("2024-11-28", toll("500", 500, 500)),
        "b.facts.yaml": facts("2024-11-29", toll("400", 400, 400)),
        "c.facts.yaml": facts("2024-11-30", toll("450", 450, 450)),
        "d.facts.yaml": facts("2024-12-01", toll("at least 520", 520, None)),
    })
    found = sorted((f["values"]["later_date"], f["values"]["earlier"], f["severity"]) for f in r.findings("toll"))
    # 450 is higher than the day before but still below the 500 of two days earlier; 520 is above everything
    assert found == [("2024-11-29", "500", "error"), ("2024-11-30", "500", "error")]
    assert {tuple(evidence_paths(f)) for f in r.findings("toll")} == {("a.facts.yaml", "b.facts.yaml"),
                                                                       ("a.facts.yaml", "c.facts.yaml")}


def test_counts_without_a_source_are_the_unattributed_series(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327", 327, None, source=None)),
        "b.facts.yaml": facts("2024-12-02", toll("300", 300, 300, source=None)),
        "c.facts.yaml": facts("2024-12-03", toll("290", 290, 290, source="SOHR")),  # a source: another series
    })
    [f] = r.findings("toll")
    assert evidence_paths(f) == ["a.facts.yaml", "b.facts.yaml"]
    assert (f["values"]["source"], f["values"]["reporter"]) == (None, "unattributed reports")


@pytest.mark.parametrize("officials, found", [(None, False), ("apart", False), ("unattributed", True)])
def test_the_official_voice_joins_the_unattributed_series_only_when_asked(run, tmp_path, officials, found):  # type: ignore[no-untyped-def]
    rule = TOLL if officials is None else {**TOLL, "officials": officials}
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327", 327, None, source="authorities", official=True)),
        "b.facts.yaml": facts("2024-12-02", toll("300", 300, 300, source=None)),
    }, rule)
    assert [evidence_paths(f) for f in r.findings("toll")] == ([["a.facts.yaml", "b.facts.yaml"]] if found else [])


def test_counts_from_different_sources_are_not_compared(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327", 327, None, source="SOHR")),
        "b.facts.yaml": facts("2024-12-02", toll("300", 300, 300, source="health ministry")),
    })
    assert r.findings() == []


@pytest.mark.parametrize("later", [
    {"cumulative": False},  # a single strike's toll is not the running total
    {"status": "projection"},
    {"status": "superseded"},
    {"metric": "wounded"},
    {"who": "civilians"},
    {"scope": "2016"},  # a toll of an earlier war is another series
])
def test_counts_outside_the_series_are_not_compared(run, tmp_path, later):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327", 327, None)),
        "b.facts.yaml": facts("2024-12-02", {**toll("300", 300, 300), **later}),
    })
    assert r.findings() == []


def test_facts_without_a_publication_date_are_not_ordered(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327", 327, None)),
        "b.facts.yaml": yaml.safe_dump({"counts": [toll("300", 300, 300)]}),
    })
    assert r.findings() == []


def test_a_per_fact_publication_date_overrides_the_file(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327", 327, None),
                              toll("300", 300, 300, published="2024-12-03")),
    })
    [f] = r.findings("toll")
    assert (f["values"]["later_date"], f["severity"]) == ("2024-12-03", "error")


def test_drop_severity_sets_the_level_of_a_dropped_bound(run, tmp_path):  # type: ignore[no-untyped-def]
    rule = {**TOLL, "drop_severity": "info"}
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327", 327, None)),
        "b.facts.yaml": facts("2024-12-02", toll("at least 310", 310, None), toll("250", 250, 250)),
    }, rule)
    assert sorted((f["values"]["later"], f["severity"]) for f in r.findings("toll")) == [("250", "error"),
                                                                                         ("310+", "info")]


def test_group_by_and_where_choose_the_series(run, tmp_path):  # type: ignore[no-untyped-def]
    files = {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327", 327, None, source="SOHR")),
        "b.facts.yaml": facts("2024-12-02", toll("300", 300, 300, source="Health Ministry")),
    }
    across = lint(run, tmp_path, files, {**TOLL, "group_by": ["metric", "who"]})
    [f] = across.findings("toll")
    assert f["values"]["group"] == {"metric": "killed", "who": "people"}
    only_ministry = lint(run, tmp_path, files, {**TOLL, "group_by": ["metric"], "where": {"source": "Health Ministry"}})
    assert only_ministry.findings() == []


def test_metric_names_in_the_rule_are_case_insensitive(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327", 327, None)),
        "b.facts.yaml": facts("2024-12-02", toll("300", 300, 300)),
    }, {**TOLL, "metric": ["Killed", "Wounded"]})
    assert [f["severity"] for f in r.findings("toll")] == ["error"]


def test_the_builtin_rule_set_checks_tolls(run, tmp_path):  # type: ignore[no-untyped-def]
    write(tmp_path, {
        "a.facts.yaml": facts("2024-11-30", toll("at least 327", 327, None)),
        "b.facts.yaml": facts("2024-12-02", toll("300", 300, 300)),
    })
    r = run("lint", ".", "--format", "json")
    [f] = r.findings("toll-never-decreases")
    assert (f["severity"], f["type"]) == ("error", "monotonic")


# --- the whole pipeline: articles in news wording (one sentence a line: a line break ends a sentence) -----------------

EARLIER = """\
    ---
    date: 2024-11-30
    ---
    Government troops fell back towards the city as rebel columns advanced.
    Clashes across the north have now killed at least 410 people, the Syrian Observatory for Human Rights said.
    """


def test_articles_a_later_lower_toll_from_the_same_monitor_is_an_error(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "news/earlier.txt": EARLIER,
        "news/later.txt": """\
            ---
            date: 2024-12-03
            ---
            The overall death toll from the fighting has climbed to 380, the Observatory said on Tuesday.
            """,
    })
    [f] = r.findings("toll")
    assert f["severity"] == "error"
    assert sides(f) == [("news/earlier.txt", "410+"), ("news/later.txt", "380")]
    assert f["values"]["source"] == "Syrian Observatory for Human Rights"
    assert (f["values"]["earlier_date"], f["values"]["later_date"]) == ("2024-11-30", "2024-12-03")
    assert [ev["text"] for ev in f["evidence"]] == ["at least 410 people", "380"]


def test_articles_a_lower_minimum_is_a_warning(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "news/earlier.txt": EARLIER,
        "news/later.txt": """\
            ---
            date: 2024-12-02
            ---
            More than 350 people have been killed since the start of the rebel push, according to SOHR.
            """,
    })
    [f] = r.findings("toll")
    assert (f["severity"], f["values"]["kind"], f["values"]["later"]) == ("warning", "lower-bound-drop", "351+")
    assert r.code == 0


def test_articles_a_rising_toll_is_no_finding(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "news/earlier.txt": EARLIER,
        "news/later.txt": """\
            ---
            date: 2024-12-02
            ---
            The Syrian Observatory for Human Rights said the offensive had so far killed 455 people in total.
            Aid agencies said roads out of the city were jammed with cars.
            """,
    })
    assert (r.code, r.findings()) == (0, [])


# --- rule-file validation for this type -------------------------------------------------------------------------------

def assert_refused(r: Result, where: str, keypath: str, *words: str) -> str:
    """Exit 2, one `factlint: path:line:col: error: keypath: ...` line on stderr, nothing on stdout, no traceback."""
    assert r.code == 2
    assert r.out == ""
    assert "Traceback" not in r.err
    [line] = r.err.strip().splitlines()
    assert line.startswith(f"factlint: {where}: error: ")
    assert keypath in line
    for word in words:
        assert word in line
    return line


refuse = refused_rules


HEAD = 'factlint: ">=0.1"\nrules:\n  - id: toll\n    type: monotonic\n    severity: error\n    message: m\n'


def test_an_unknown_key_is_refused_with_a_suggestion(run, tmp_path):  # type: ignore[no-untyped-def]
    r = refuse(run, tmp_path, HEAD + "    metrik: killed\n")
    assert_refused(r, "bad.yaml:7:5", "rules[0].metrik", "unknown key", "did you mean 'metric'?")


def test_an_unknown_group_by_field_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    r = refuse(run, tmp_path, HEAD + "    group_by: [metric, sorce]\n")
    assert_refused(r, "bad.yaml:7:15", "rules[0].group_by", "'sorce'", "did you mean 'source'?")


def test_an_unknown_where_field_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    r = refuse(run, tmp_path, HEAD + "    where:\n      sauce: SOHR\n")
    assert_refused(r, "bad.yaml:8:7", "rules[0].where.sauce", "did you mean 'source'?")


def test_a_group_by_of_the_wrong_type_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    r = refuse(run, tmp_path, HEAD + "    group_by: {metric: 1}\n")
    assert_refused(r, "bad.yaml:7:15", "rules[0].group_by", "expected a list")


def test_a_bad_drop_severity_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    r = refuse(run, tmp_path, HEAD + "    drop_severity: fatal\n")
    assert_refused(r, "bad.yaml:7:20", "rules[0].drop_severity", "'fatal'", "error, warning, info")


def test_a_bad_severity_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    r = refuse(run, tmp_path, HEAD.replace("severity: error", "severity: eror"))
    assert_refused(r, "bad.yaml:5:15", "rules[0].severity", "'eror'", "did you mean 'error'?")


# --- whole rule files refused before any rule is read -----------------------------------------------------------------

def test_an_unknown_rule_type_is_refused_with_the_known_types(run, tmp_path):  # type: ignore[no-untyped-def]
    r = refuse(run, tmp_path, HEAD.replace("type: monotonic", "type: monotonous"))
    line = assert_refused(r, "bad.yaml:4:11", "rules[0].type", "'monotonous'", "did you mean 'monotonic'?")
    assert all(name in line for name in ("subset", "sum", "agreement", "canonical-name", "undated"))


def test_a_file_needing_a_newer_factlint_is_refused_before_its_keys(run, tmp_path):  # type: ignore[no-untyped-def]
    # the unknown key would be an error too, but the version is checked first: a newer file may use newer keys
    r = refuse(run, tmp_path, HEAD.replace('">=0.1"', '">=99"') + "    from_the_future: true\n")
    assert_refused(r, "bad.yaml:1:11", "factlint", ">=99")


def bomb(levels: int = 9, fan: int = 10) -> str:
    """A 'billion laughs': each level lists the previous one `fan` times, so the tree has fan ** levels leaves."""
    lines = ['factlint: ">=0.1"', "l0: &l0 [" + ", ".join(["lol"] * fan) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * fan) + "]")
    lines.append(f"rules: [*l{levels - 1}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_by_the_node_budget(run, tmp_path):  # type: ignore[no-untyped-def]
    text = bomb()
    assert len(text) < 1024  # a small file that stands for 10**9 values
    started = time.monotonic()
    r = refuse(run, tmp_path, text)
    assert time.monotonic() - started < 10
    assert r.code == 2 and "Traceback" not in r.err and r.out == ""
    assert re.match(r"^factlint: bad\.yaml:\d+:\d+: error: .*refusing the file$", r.err.strip())


def test_ten_thousand_levels_of_nesting_are_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    started = time.monotonic()
    r = refuse(run, tmp_path, 'factlint: ">=0.1"\nrules: ' + "[" * 10_000 + "]" * 10_000 + "\n")
    assert time.monotonic() - started < 10
    assert r.code == 2 and "Traceback" not in r.err and r.out == ""
    assert re.match(r"^factlint: bad\.yaml:2:\d+: error: rules\[0\]\S*: nesting deeper than \d+ levels", r.err.strip())


def test_an_alias_bomb_refusal_names_the_key_path(run, tmp_path):  # type: ignore[no-untyped-def]
    r = refuse(run, tmp_path, bomb())
    assert re.search(r"error: (rules|l\d)[\[.]", r.err)


def test_a_deep_nesting_refusal_names_the_key_path(run, tmp_path):  # type: ignore[no-untyped-def]
    r = refuse(run, tmp_path, 'factlint: ">=0.1"\nrules: ' + "[" * 10_000 + "]" * 10_000 + "\n")
    assert "error: rules" in r.err
