"""subset: a part (civilians, children) is never larger than its whole (all people), paired by links or selectors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Result, evidence_paths, lint_json, refusal_line, write, write_rules

Run = Callable[..., Result]  # the `run` fixture

PART = {"id": "part", "type": "subset", "severity": "error", "message": "{part} {part_who} > {whole} {whole_who}",
        "part": {"who": ["civilians", "children", "women"]}, "whole": {"who": "people"}}


def rules_file(root: Path, *rules: dict[str, Any]) -> Path:
    return write_rules(root, rules, None)


def killed(id: str, who: str, low: int, high: int | None, **extra: Any) -> dict[str, Any]:
    return {"id": id, "text": f"{low} {who}", "metric": "killed", "who": who, "low": low, "high": high,
            "source": "officials", **extra}


def facts(*counts: dict[str, Any], published: str = "2024-12-01") -> str:
    return yaml.safe_dump({"published": published, "counts": list(counts)}, sort_keys=False)


def lint(run: Run, root: Path, files: dict[str, str], *rules: dict[str, Any]) -> Result:
    return lint_json(run, root, files, rules or (PART,), None)


def sides(finding: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(ev["path"], ev["label"], ev["text"]) for ev in finding["evidence"]]


# --- links: "12 people, including 20 children" ------------------------------------------------------------------------

def test_a_linked_part_above_its_whole_is_an_error(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"a.facts.yaml": facts(
        killed("all", "people", 12, 12),
        killed("kids", "children", 20, 20, part_of="all"),
    )})
    assert r.code == 1
    [f] = r.findings("part")
    assert f["severity"] == "error"
    assert sides(f) == [("a.facts.yaml", "part", "20 children"), ("a.facts.yaml", "whole", "12 people")]
    assert f["values"] == {"part": "20", "part_who": "children", "whole": "12", "whole_who": "people",
                           "metric": "killed", "source": "officials", "kind": "exceeds"}


def test_a_part_far_above_its_whole_is_shown_as_info(run, tmp_path):  # type: ignore[no-untyped-def]
    # 650 "of" 10: more likely two figures misread as part and whole than a contradiction
    r = lint(run, tmp_path, {"a.facts.yaml": facts(
        killed("all", "people", 10, 10),
        killed("many", "people", 650, 650, part_of="all"),
    )})
    [f] = r.findings("part")
    assert (f["severity"], f["values"]["kind"]) == ("info", "far-above")
    assert r.code == 0


@pytest.mark.parametrize(("part", "whole"), [
    ((12, 12), (12, 12)),  # all of them: equal is fine
    ((20, None), (12, 30)),  # "at least 20" can still be within "12 to 30"
    ((500, 500), (12, None)),  # "at least 12" has no upper bound to exceed
    ((0, 11), (12, 12)),
])
def test_a_linked_part_that_can_fit_is_no_finding(run, tmp_path, part, whole):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"a.facts.yaml": facts(
        killed("all", "people", *whole),
        killed("kids", "children", *part, part_of="all"),
    )})
    assert r.findings() == []


def test_links_are_followed_whatever_the_selectors_say(run, tmp_path):  # type: ignore[no-untyped-def]
    # troops are not among the rule's parts, but the text itself said they were part of the 40
    files = {"a.facts.yaml": facts(killed("all", "people", 40, 40), killed("t", "troops", 55, 55, part_of="all"))}
    assert [f["values"]["part_who"] for f in lint(run, tmp_path, files).findings("part")] == ["troops"]
    assert lint(run, tmp_path, files, {**PART, "links": False}).findings() == []


def test_a_link_to_an_unknown_id_is_ignored(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"a.facts.yaml": facts(killed("kids", "children", 20, 20, part_of="nowhere"))})
    assert r.findings() == []


# --- selectors: a part and a whole in the same group ------------------------------------------------------------------

def test_selected_part_above_the_whole_of_the_same_document(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts(killed("all", "people", 40, 40), killed("civ", "civilians", 50, 50)),
        "b.facts.yaml": facts(killed("all", "people", 100, 100), killed("civ", "civilians", 50, 50)),
    })
    [f] = r.findings("part")
    assert evidence_paths(f) == ["a.facts.yaml"]
    assert (f["values"]["part"], f["values"]["whole"]) == ("50", "40")


def test_by_default_parts_and_wholes_of_two_documents_are_not_paired(run, tmp_path):  # type: ignore[no-untyped-def]
    files = {
        "a.facts.yaml": facts(killed("all", "people", 40, 40)),
        "b.facts.yaml": facts(killed("civ", "civilians", 50, 50)),
    }
    assert lint(run, tmp_path, files).findings() == []
    across = lint(run, tmp_path, files, {**PART, "group_by": ["metric", "source"]})
    [f] = across.findings("part")
    assert [(ev["path"], ev["label"]) for ev in f["evidence"]] == [("b.facts.yaml", "part"), ("a.facts.yaml", "whole")]


def test_every_part_is_held_against_the_smallest_whole(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"a.facts.yaml": facts(
        killed("big", "people", 100, 100),
        killed("small", "people", 40, 45),
        killed("civ", "civilians", 50, 50),
        killed("kid", "children", 30, 30),
        killed("wom", "women", 46, None),
    )})
    found = sorted((f["values"]["part_who"], f["values"]["whole"]) for f in r.findings("part"))
    assert found == [("civilians", "40-45"), ("women", "40-45")]


@pytest.mark.parametrize("part", [{"status": "projection"}, {"metric": "wounded"}, {"source": "the army"}])
def test_selected_pairs_share_status_metric_and_source(run, tmp_path, part):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"a.facts.yaml": facts(
        killed("all", "people", 40, 40), {**killed("civ", "civilians", 50, 50), **part})})
    assert r.findings() == []


def test_the_builtin_rule_set_checks_parts(run, tmp_path):  # type: ignore[no-untyped-def]
    write(tmp_path, {"a.facts.yaml": facts(killed("all", "people", 12, 12), killed("c", "children", 20, 20))})
    r = run("lint", ".", "--format", "json")
    [f] = r.findings("part-within-whole")
    assert (f["severity"], f["type"]) == ("error", "subset")


def test_facts_without_ids_are_all_paired(run, tmp_path):  # type: ignore[no-untyped-def]
    counts = [{"text": "12 people", "metric": "killed", "low": 12, "high": 12, "who": "people"},
              {"text": "20 children", "metric": "killed", "low": 20, "high": 20, "who": "children"},
              {"text": "5 civilians", "metric": "killed", "low": 5, "high": 5, "who": "civilians"}]
    r = lint(run, tmp_path, {"a.facts.yaml": facts(*counts)})
    assert [f["values"]["part_who"] for f in r.findings("part")] == ["children"]


# --- the whole pipeline -----------------------------------------------------------------------------------------------

def test_article_a_part_above_its_whole_is_an_error(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"news/mudslide.txt": """\
        ---
        date: 2024-12-01
        ---
        Mudslides swept through three hillside villages overnight.
        Rescue officials said 12 people were killed, among them 20 children.
        """})
    [f] = r.findings("part")
    assert sides(f) == [("news/mudslide.txt", "part", "20 children"), ("news/mudslide.txt", "whole", "12 people")]
    assert [ev["line"] for ev in f["evidence"]] == [5, 5]
    assert f["values"]["source"] == "rescue officials"


def test_article_a_part_within_its_whole_is_no_finding(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"news/raid.txt": """\
        ---
        date: 2024-12-01
        ---
        Health officials said at least 31 people died in the raid, including 9 women and 14 children.
        The dead also included 6 civilians who had sheltered in a school.
        """})
    assert (r.code, r.findings()) == (0, [])


# --- rule-file validation for this type -------------------------------------------------------------------------------

HEAD = 'factlint: ">=0.1"\nrules:\n  - id: part\n    type: subset\n    severity: error\n    message: m\n'


refuse = refusal_line


def test_a_part_without_a_whole_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    part: {who: civilians}\n")
    assert line.startswith("factlint: bad.yaml:3:5: error: rules[0]: ")
    assert "`part` and `whole` go together" in line


def test_an_unknown_field_in_part_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    part: {whom: civilians}\n    whole: {who: people}\n")
    assert line.startswith("factlint: bad.yaml:7:12: error: rules[0].part.whom: unknown key")
    assert "did you mean 'who'?" in line


def test_links_of_the_wrong_type_are_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    links: sometimes\n")
    assert line.startswith("factlint: bad.yaml:7:12: error: rules[0].links: expected true or false")


def test_a_bad_severity_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD.replace("severity: error", "severity: critical"))
    assert line.startswith("factlint: bad.yaml:5:15: error: rules[0].severity: 'critical' is not one of")
