"""sum: the parts (troops, rebels, civilians) add up to the total, in interval arithmetic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Result, evidence_paths, lint_json, refusal_line, write_rules

Run = Callable[..., Result]  # the `run` fixture

SUM = {"id": "adds-up", "type": "sum", "severity": "error", "message": "{sum} vs {total}",
       "parts": [{"who": "troops"}, {"who": "rebels"}, {"who": "civilians"}], "total": {"who": "people"},
       "where": {"metric": "killed"}}


GAZETTEER = {"entities": [{"id": "sohr", "name": "Syrian Observatory for Human Rights", "type": "organization"}]}


def rules_file(root: Path, *rules: dict[str, Any]) -> Path:
    return write_rules(root, rules, GAZETTEER)


def killed(who: str, low: int, high: int | None, **extra: Any) -> dict[str, Any]:
    return {"text": f"{low} {who}", "metric": "killed", "who": who, "low": low, "high": high, "source": "SOHR",
            "cumulative": True, **extra}


def facts(*counts: dict[str, Any], published: str = "2024-12-01") -> str:
    return yaml.safe_dump({"published": published, "counts": list(counts)}, sort_keys=False)


def lint(run: Run, root: Path, files: dict[str, str], *rules: dict[str, Any]) -> Result:
    return lint_json(run, root, files, rules or (SUM,), GAZETTEER)


def one(r: Result) -> dict[str, Any]:
    [f] = r.findings("adds-up")
    assert f["severity"] == "error" and r.code == 1
    return f


def parts(troops: tuple[int, int | None], rebels: tuple[int, int | None], civilians: tuple[int, int | None] | None,
          total: tuple[int, int | None]) -> str:
    counts = [killed("people", *total), killed("troops", *troops), killed("rebels", *rebels)]
    if civilians is not None:
        counts.append(killed("civilians", *civilians))
    return facts(*counts)


# --- interval arithmetic ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("troops", "rebels", "civilians", "total"), [
    ((100, 100), (183, 183), (44, 44), (327, 327)),  # exactly
    ((100, 100), (183, 183), (44, 44), (327, None)),  # "at least 327"
    ((90, 110), (183, 183), (44, 44), (330, 330)),  # "about 100": [317, 337] overlaps 330
    ((100, 100), (183, 183), (44, 44), (300, 340)),
    ((100, None), (183, 183), (44, 44), (1000, 1000)),  # an unbounded part can make up any shortfall
])
def test_parts_whose_sum_overlaps_the_total_are_no_finding(  # type: ignore[no-untyped-def]
        run, tmp_path, troops, rebels, civilians, total):
    r = lint(run, tmp_path, {"a.facts.yaml": parts(troops, rebels, civilians, total)})
    assert (r.code, r.findings()) == (0, [])


def test_parts_exceeding_the_total_are_an_error(run, tmp_path):  # type: ignore[no-untyped-def]
    f = one(lint(run, tmp_path, {"a.facts.yaml": parts((100, 100), (183, 183), (44, 44), (300, 300))}))
    v = f["values"]
    assert (v["sum"], v["total"], v["kind"], v["complete"]) == ("327", "300", "exceeds", True)
    assert v["group"] == {"metric": "killed", "source": "sohr", "published": "2024-12-01", "scope": None}
    assert [(ev["label"], ev["text"]) for ev in f["evidence"]] == [
        ("total", "300 people"), ("part 1", "100 troops"), ("part 2", "183 rebels"), ("part 3", "44 civilians")]


def test_every_part_present_and_short_of_the_total_is_an_error(run, tmp_path):  # type: ignore[no-untyped-def]
    f = one(lint(run, tmp_path, {"a.facts.yaml": parts((100, 100), (100, 100), (40, 50), (327, None))}))
    assert (f["values"]["sum"], f["values"]["total"], f["values"]["kind"]) == ("240-250", "327+", "falls-short")


def test_partial_parts_already_exceeding_the_total_are_an_error(run, tmp_path):  # type: ignore[no-untyped-def]
    f = one(lint(run, tmp_path, {"a.facts.yaml": parts((200, 200), (150, None), None, (300, 300))}))
    v = f["values"]
    assert (v["sum"], v["total"], v["kind"], v["complete"]) == ("350+", "300", "exceeds", False)
    assert [ev["label"] for ev in f["evidence"]] == ["total", "part 1", "part 2"]


def test_partial_parts_short_of_the_total_are_no_finding(run, tmp_path):  # type: ignore[no-untyped-def]
    # the civilians are not reported: the shortfall may be theirs
    assert lint(run, tmp_path, {"a.facts.yaml": parts((100, 100), (100, 100), None, (327, 327))}).findings() == []


def test_not_exhaustive_parts_may_fall_short_but_not_exceed(run, tmp_path):  # type: ignore[no-untyped-def]
    rule = {**SUM, "exhaustive": False}
    short = lint(run, tmp_path, {"a.facts.yaml": parts((100, 100), (100, 100), (40, 40), (327, 327))}, rule)
    assert short.findings() == []
    over = lint(run, tmp_path, {"a.facts.yaml": parts((200, 200), (100, 100), (40, 40), (327, 327))}, rule)
    assert [f["values"]["kind"] for f in over.findings("adds-up")] == ["exceeds"]


def test_a_total_without_any_part_is_no_finding(run, tmp_path):  # type: ignore[no-untyped-def]
    assert lint(run, tmp_path, {"a.facts.yaml": facts(killed("people", 327, 327))}).findings() == []


def test_reports_of_one_part_are_intersected(run, tmp_path):  # type: ignore[no-untyped-def]
    # "about 100 troops" and "at least 98 troops": troops in [98, 110]
    f = one(lint(run, tmp_path, {"a.facts.yaml": facts(
        killed("people", 200, 200), killed("troops", 90, 110), killed("troops", 98, None),
        killed("rebels", 60, 60), killed("civilians", 44, 44))}))
    assert f["values"]["sum"] == "202-214"
    assert [ev["label"] for ev in f["evidence"]] == ["total", "part 1", "part 1", "part 2", "part 3"]


@pytest.mark.parametrize("change", [
    {"published": "2024-12-02"},  # another day's total
    {"source": "Health Ministry"},  # another source's total
    {"metric": "wounded"},
    {"cumulative": False},  # one strike's toll, not the running total
    {"status": "projection"},
])
def test_parts_and_totals_of_different_groups_are_not_summed(run, tmp_path, change):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"a.facts.yaml": facts(
        {**killed("people", 300, 300), **change},
        killed("troops", 200, 200), killed("rebels", 150, 150), killed("civilians", 40, 40))})
    assert r.findings() == []


def test_parts_and_total_from_different_documents_of_one_day_are_summed(run, tmp_path):  # type: ignore[no-untyped-def]
    f = one(lint(run, tmp_path, {
        "total.facts.yaml": facts(killed("people", 300, 300)),
        "parts.facts.yaml": facts(killed("troops", 200, 200), killed("rebels", 150, 150)),
    }))
    assert evidence_paths(f) == ["parts.facts.yaml", "total.facts.yaml"]


def test_where_values_are_matched_whatever_their_case(run, tmp_path):  # type: ignore[no-untyped-def]
    rule = {**SUM, "where": {"metric": "Killed", "source": "SOHR"}}
    f = one(lint(run, tmp_path, {"a.facts.yaml": parts((200, 200), (150, 150), None, (300, 300))}, rule))
    assert f["values"]["group"]["source"] == "sohr"


def test_group_by_can_sum_across_days(run, tmp_path):  # type: ignore[no-untyped-def]
    files = {"a.facts.yaml": facts(killed("people", 300, 300), published="2024-12-01"),
             "b.facts.yaml": facts(killed("troops", 200, 200), killed("rebels", 150, 150), published="2024-12-02")}
    assert lint(run, tmp_path, files).findings() == []
    f = one(lint(run, tmp_path, files, {**SUM, "group_by": ["metric", "source"]}))
    assert f["values"]["group"] == {"metric": "killed", "source": "sohr"}


# --- the whole pipeline -----------------------------------------------------------------------------------------------

def test_article_parts_above_the_total(run, tmp_path):  # type: ignore[no-untyped-def]
    f = one(lint(run, tmp_path, {"news/province.txt": """\
        ---
        date: 2024-12-01
        ---
        Across the province, the death toll has reached 200 people, the regional health directorate said.
        The directorate said that 150 soldiers have been killed in total and 90 rebels have been killed so far.
        """}))
    v = f["values"]
    assert (v["sum"], v["total"], v["kind"], v["complete"]) == ("240", "200", "exceeds", False)
    assert [(ev["label"], ev["text"], ev["line"]) for ev in f["evidence"]] == [
        ("total", "200 people", 4), ("part 1", "150 soldiers", 5), ("part 2", "90 rebels", 5)]


def test_article_parts_that_do_not_add_up(run, tmp_path):  # type: ignore[no-untyped-def]
    f = one(lint(run, tmp_path, {"news/tally.txt": """\
        ---
        date: 2024-12-01
        ---
        The overall toll now stands at 500 dead, according to the Syrian Observatory for Human Rights.
        The monitor said 150 soldiers were killed in total, 90 rebels have been killed so far and 20 civilians died.
        """}))
    v = f["values"]
    assert (v["sum"], v["total"], v["kind"], v["complete"]) == ("260", "500", "falls-short", True)
    assert evidence_paths(f) == ["news/tally.txt"]


def test_article_parts_that_add_up(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"news/tally.txt": """\
        ---
        date: 2024-12-01
        ---
        The overall toll now stands at 260 dead, according to the Syrian Observatory for Human Rights.
        The monitor said 150 soldiers were killed in total, 90 rebels have been killed so far and 20 civilians died.
        """})
    assert (r.code, r.findings()) == (0, [])


# --- rule-file validation for this type -------------------------------------------------------------------------------

HEAD = 'factlint: ">=0.1"\nrules:\n  - id: adds-up\n    type: sum\n    severity: error\n    message: m\n'


refuse = refusal_line


def test_a_sum_without_a_total_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    parts: [{who: troops}, {who: rebels}]\n")
    assert line.startswith("factlint: bad.yaml:3:5: error: rules[0]: missing required key 'total'")


def test_a_sum_of_one_part_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    parts: [{who: troops}]\n    total: {who: people}\n")
    assert line.startswith("factlint: bad.yaml:7:12: error: rules[0].parts: ")


def test_exhaustive_of_the_wrong_type_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    parts: [{who: troops}, {who: rebels}]\n    total: {who: people}\n"
                                         "    exhaustive: 'yes'\n")
    assert line.startswith("factlint: bad.yaml:9:17: error: rules[0].exhaustive: expected true or false")


def test_an_unknown_field_in_a_part_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    parts:\n      - {who: troops}\n      - {hwo: rebels}\n"
                                         "    total: {who: people}\n")
    assert line.startswith("factlint: bad.yaml:9:10: error: rules[0].parts[1].hwo: unknown key")
    assert "did you mean 'who'?" in line


def test_an_unknown_field_in_where_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    parts: [{who: troops}, {who: rebels}]\n    total: {who: people}\n"
                                         "    where: {metrik: killed}\n")
    assert line.startswith("factlint: bad.yaml:9:13: error: rules[0].where.metrik: unknown key")
    assert "did you mean 'metric'?" in line
