"""`factlint test`: inline rule tests run through the CLI. Shipped rules pass; a wrong expectation, an unexpected
finding or a rule with no firing test fails with exit 1; a malformed test exits 2 naming file:line:col and key path.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, Result

from factlint.ruletests import parse_tests
from factlint.runner import load_rules

STORY = "date 2024-03-02 The quake has killed at least 84 people so far, the health ministry said."
LATER = "date 2024-03-04 The health ministry said 61 people had been killed in total."
TOLL = {"id": "toll", "type": "monotonic", "severity": "error", "message": "{earlier} then {later}", "metric": "killed"}
DROP = {"documents": {"sat.txt": STORY, "mon.txt": LATER}}


def rules_file(root: Path, *tests: Any, raw: Any = None) -> Path:
    """A rule file with the one rule TOLL and these tests (or `raw` as the whole `tests:` value)."""
    path = root / "rules.yaml"
    value = raw if raw is not None else list(tests)
    entry = {**TOLL, **({"tests": value} if value else {})}
    path.write_text(yaml.safe_dump({"factlint": ">=0.1", "rules": [entry]}, sort_keys=False), encoding="utf-8")
    return path


def statuses(r: Result) -> dict[str, str]:
    """rule id -> PASS or FAIL, from the report."""
    return {rule: status for status, rule in re.findall(r"^(PASS|FAIL) (\S+)", r.out, re.M)}


# --- the shipped rules ----------------------------------------------------------------------------------------------

def test_the_shipped_rules_pass(run):  # type: ignore[no-untyped-def]
    r = run("test", cwd=ROOT)
    assert r.code == 0, r.out + r.err
    assert set(statuses(r).values()) == {"PASS"}
    assert set(statuses(r)) == {rule.id for rule in load_rules([ROOT / "rules"]).rules}


def test_the_builtin_rules_pass_when_there_is_no_rule_folder(run, tmp_path):  # type: ignore[no-untyped-def]
    r = run("test")
    assert r.code == 0, r.out + r.err
    assert "toll-never-decreases" in statuses(r)


@pytest.mark.parametrize("path", ["rules", "factlint/data/generic.yaml"])
def test_every_shipped_rule_has_a_firing_and_a_quiet_case(path: str) -> None:
    for rule in load_rules([ROOT / path]).rules:
        tests = parse_tests(rule.tests)
        assert any(t.expect for t in tests), rule.id
        assert any(not t.expect for t in tests), rule.id


# --- passing and failing ---------------------------------------------------------------------------------------------

def test_a_rule_whose_tests_hold_passes(run, tmp_path):  # type: ignore[no-untyped-def]
    path = rules_file(tmp_path,
                      {**DROP, "expect": [{"paths": ["sat.txt", "mon.txt"], "severity": "error",
                                           "values": {"kind": "decrease", "group": {"metric": "killed"}}}]},
                      {"documents": {"sat.txt": STORY}, "expect_none": True})
    r = run("test", str(path))
    assert r.code == 0, r.out + r.err
    assert statuses(r) == {"toll": "PASS"}


@pytest.mark.parametrize("expectation", [
    {"severity": "warning"},
    {"paths": ["sat.txt"]},
    {"values": {"kind": "lower-bound-drop"}},
    {"values": {"group": {"who": "children"}}},
    {"values": {"no_such_value": 1}},
])
def test_a_wrong_expectation_fails(run, tmp_path, expectation):  # type: ignore[no-untyped-def]
    path = rules_file(tmp_path, {"name": "drop", **DROP, "expect": [expectation]},
                      {"documents": {"sat.txt": STORY}, "expect_none": True})
    r = run("test", str(path))
    assert r.code == 1, r.out + r.err
    assert statuses(r) == {"toll": "FAIL"}
    assert re.search(r"^  rules\.yaml:\d+:\d+: drop: expected a finding", r.out, re.M)


def test_a_finding_no_expectation_matches_fails(run, tmp_path):  # type: ignore[no-untyped-def]
    path = rules_file(tmp_path, {**DROP, "expect": [{"paths": ["mon.txt", "sat.txt"]}]},
                      {"name": "quiet", **DROP, "expect_none": True})
    r = run("test", str(path))
    assert r.code == 1
    assert re.search(r"quiet: expected no finding, got error \[\"mon.txt\", \"sat.txt\"\]", r.out)


def test_a_rule_with_no_firing_test_fails(run, tmp_path):  # type: ignore[no-untyped-def]
    path = rules_file(tmp_path, {"documents": {"sat.txt": STORY}, "expect_none": True})
    r = run("test", str(path))
    assert r.code == 1
    assert statuses(r) == {"toll": "FAIL"}
    assert "no test makes this rule fire" in r.out


def test_a_rule_with_no_tests_fails(run, tmp_path):  # type: ignore[no-untyped-def]
    r = run("test", str(rules_file(tmp_path)))
    assert r.code == 1
    assert statuses(r) == {"toll": "FAIL"}


def test_tests_run_with_the_rule_files_own_gazetteer(run, tmp_path):  # type: ignore[no-untyped-def]
    """SOHR and the Observatory are one source only because the file's gazetteer says so."""
    (tmp_path / "story.yaml").write_text(yaml.safe_dump({
        "factlint": ">=0.1",
        "entities": [{"id": "sohr", "name": "Syrian Observatory for Human Rights", "type": "organization",
                      "aliases": ["SOHR", "Observatory"]}],
        "rules": [{**TOLL, "tests": [{
            "documents": {"a.txt": "date 2024-11-30 The fighting has killed at least 327 people, SOHR said.",
                          "b.txt": "date 2024-12-02 The Observatory said the toll had reached 300 in total."},
            "expect": [{"paths": ["a.txt", "b.txt"], "values": {"source": "Syrian Observatory for Human Rights"}}],
        }]}],
    }, sort_keys=False), encoding="utf-8")
    r = run("test", "story.yaml")
    assert r.code == 0, r.out + r.err


def test_inline_facts_files_make_a_corpus(run, tmp_path):  # type: ignore[no-untyped-def]
    count = {"text": "at least 327", "metric": "killed", "low": 327, "source": "SOHR", "cumulative": True}
    path = rules_file(tmp_path, {
        "facts": {"a.facts.yaml": {"published": "2024-11-30", "counts": [count]},
                  "b.facts.yaml": {"published": "2024-12-02", "counts": [{**count, "text": "300", "low": 300,
                                                                          "high": 300}]}},
        "expect": [{"paths": ["a.facts.yaml", "b.facts.yaml"], "values": {"earlier": "327+", "later": "300"}}],
    }, {"documents": {"a.txt": STORY}, "expect_none": True})
    r = run("test", str(path))
    assert r.code == 0, r.out + r.err


def test_a_folder_of_rule_files(run, tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "rules").mkdir()
    rules_file(tmp_path / "rules", {**DROP, "expect": [{}]}, {"documents": {"sat.txt": STORY}, "expect_none": True})
    r = run("test", "rules")
    assert r.code == 0, r.out + r.err
    assert statuses(r)["toll"] == "PASS"
    assert "builtin:generic" not in r.out


# --- malformed tests --------------------------------------------------------------------------------------------------

MALFORMED = {
    "unknown key": ({**DROP, "expects": [{}]},
                    r"rules\[0\]\.tests\[0\]\.expects: unknown key \(did you mean 'expect'\?\)"),
    "neither expect nor expect_none": (DROP, r"rules\[0\]\.tests\[0\]: a test needs `expect`"),
    "expect and expect_none": ({**DROP, "expect": [{}], "expect_none": True},
                               r"rules\[0\]\.tests\[0\]\.expect_none: `expect` and `expect_none: true`"),
    "empty expect": ({**DROP, "expect": []}, r"rules\[0\]\.tests\[0\]\.expect: expected at least one finding"),
    "bad severity": ({**DROP, "expect": [{"severity": "fatal"}]},
                     r"rules\[0\]\.tests\[0\]\.expect\[0\]\.severity: 'fatal' is not one of"),
    "values not a mapping": ({**DROP, "expect": [{"values": ["decrease"]}]},
                             r"rules\[0\]\.tests\[0\]\.expect\[0\]\.values: expected a mapping"),
    "no corpus": ({"expect_none": True}, r"rules\[0\]\.tests\[0\]: a test needs `documents` or `facts`"),
    "document suffix": ({"documents": {"a.yaml": STORY}, "expect_none": True},
                        r"rules\[0\]\.tests\[0\]\.documents\.a\.yaml: a document name ends in"),
    "path outside the folder": ({"documents": {"../a.txt": STORY}, "expect_none": True},
                                r"documents\.\.\./a\.txt: expected a path relative to the test's folder"),
    "empty document": ({"documents": {"a.txt": ""}, "expect_none": True},
                       r"documents\.a\.txt: expected a non-empty string"),
    "facts not a mapping": ({"facts": {"a.facts.yaml": ["x"]}, "expect_none": True},
                            r"facts\.a\.facts\.yaml: expected a mapping \(a facts file\)"),
    "tests not a list": ({"documents": {"a.txt": STORY}}, r"rules\[0\]\.tests: expected a list"),
    "bad fact": ({"facts": {"a.facts.yaml": {"counts": [{"metric": "killed", "lo": 3}]}}, "expect_none": True},
                 r"rules\[0\]\.tests\[0\]\.facts\.a\.facts\.yaml: counts\[0\]\.lo: unknown key"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_test_exits_2_with_its_position(run, tmp_path, case):  # type: ignore[no-untyped-def]
    test, message = MALFORMED[case]
    path = rules_file(tmp_path, raw=test if case == "tests not a list" else [test])
    r = run("test", "rules.yaml")
    assert r.code == 2, r.out + r.err
    assert r.out == ""
    m = re.match(r"factlint: (.+?):(\d+):(\d+): error: (.*)", r.err)
    assert m, r.err
    assert m.group(1) == "rules.yaml"
    assert re.search(message, m.group(4)), m.group(4)
    line = path.read_text().splitlines()[int(m.group(2)) - 1]
    assert line.strip(), "the position points at a line of the rule file"


def test_the_position_is_the_offending_key(run, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "rules.yaml"
    path.write_text(
        'factlint: ">=0.1"\n'
        "rules:\n"
        "  - id: toll\n"
        "    type: monotonic\n"
        "    severity: error\n"
        "    message: m\n"
        "    tests:\n"
        "      - documents: {a.txt: some text}\n"
        "        expect:\n"
        "          - {paths: [a.txt], severity: fatal}\n", encoding="utf-8")
    r = run("test", "rules.yaml")
    assert r.code == 2
    column = path.read_text().splitlines()[9].index("fatal") + 1
    assert r.err.startswith(f"factlint: rules.yaml:10:{column}: error: rules[0].tests[0].expect[0].severity:"), r.err
