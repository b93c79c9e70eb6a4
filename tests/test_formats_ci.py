"""The CI formats (concise, github, sarif, junit): parsed back and checked on structure and values, not wording."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from report_factory import (
    CONTRADICTION,
    NOWHERE,
    STRANGE,
    WEIRD,
    WITH_FIX,
    empty_report,
    finding,
    sample_report,
    span,
)

from factlint import __version__
from factlint.formats import FORMAT_NAMES, FormatOptions, concise, get, github, junit, sarif, text
from factlint.model import Diagnostic, Evidence, Finding, Report

SCHEMA = Path(__file__).parent / "data" / "schemas" / "sarif-2.1.0.json"
OPTS = FormatOptions()
LEVEL = {"error": "error", "warning": "warning", "info": "note"}

# Any text, lone surrogates included: a decoded file name can hold them (surrogateescape).
any_text = st.text(alphabet=st.characters(blacklist_categories=()), max_size=40)
# Text that can be written as UTF-8 JSON.
json_text = st.text(max_size=40)


def where(f: Finding) -> str:
    p = f.primary
    return f"{p.path}:{p.line}:{p.column}" if p else "-:0:0"


def one_finding_report(f: Finding) -> Report:
    return Report(findings=(f,), documents=1, facts=1)


def test_registry_serves_the_ci_formats() -> None:
    for name in ("concise", "github", "sarif", "junit"):
        assert name in FORMAT_NAMES
        assert isinstance(get(name)(sample_report(), OPTS), str)


# --- concise -------------------------------------------------------------------------------------------------------

CONCISE_LINE = re.compile(r"^(?P<where>.+?:-?\d+:-?\d+): (?P<severity>error|warning|info) (?P<rule>\S+) ")


def test_concise_one_line_per_finding_then_summary() -> None:
    report = sample_report()
    lines = concise.render(report, OPTS).splitlines()
    assert len(lines) == len(report.findings) + 1
    for line, f in zip(lines, report.findings):
        m = CONCISE_LINE.match(line)
        assert m, line
        assert (m["where"], m["severity"], m["rule"]) == (where(f), f.severity, f.rule)
    assert lines[-1] == text.summary_line(report)


def test_concise_finding_without_evidence() -> None:
    line = concise.render(one_finding_report(NOWHERE), OPTS).splitlines()[0]
    assert line.startswith(f"-:0:0: warning {NOWHERE.rule} ")


def test_concise_statistics_only_when_asked() -> None:
    report = sample_report()
    stats = text.statistics(report)
    with_stats = concise.render(report, FormatOptions(statistics=True)).splitlines()
    without = concise.render(report, OPTS).splitlines()
    assert with_stats[len(report.findings) : -1] == stats
    assert len(without) == len(report.findings) + 1


# --- github --------------------------------------------------------------------------------------------------------

COMMAND = re.compile(r"::(?P<name>[a-z]+)(?: (?P<props>[^:]*))?::(?P<data>.*)", re.DOTALL)
_UNESCAPE = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}


def unescape(value: str, codes: tuple[str, ...]) -> str:
    # One pass, as the runner does: "%250A" is "%0A" in the input, never a newline.
    return re.sub("|".join(codes), lambda m: _UNESCAPE[m.group(0)], value)


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    m = COMMAND.fullmatch(line)
    assert m, line
    props: dict[str, str] = {}
    if m["props"]:
        for item in m["props"].split(","):
            key, value = item.split("=", 1)
            props[key] = unescape(value, tuple(_UNESCAPE))
    return m["name"], props, unescape(m["data"], ("%25", "%0D", "%0A"))


def test_github_one_command_per_finding_round_trips() -> None:
    report = sample_report()
    out = github.render(report, OPTS)
    lines = out.splitlines()
    assert out.endswith("\n") and len(out.split("\n")) == len(report.findings) + 1
    assert len(lines) == len(report.findings)
    for line, f in zip(lines, report.findings):
        name, props, message = parse_command(line)
        assert name == {"error": "error", "warning": "warning", "info": "notice"}[f.severity]
        assert props["title"] == f.rule
        sides = message.split("\n")
        assert sides[: len(f.message.split("\n"))] == f.message.split("\n")
        p = f.primary
        if p is None:
            assert set(props) == {"title"}
            continue
        expected = {"file": p.path, "line": p.line, "col": p.column, "endLine": p.end_line, "endColumn": p.end_column}
        assert props == {**{k: str(v) for k, v in expected.items()}, "title": f.rule}
        for ev in f.evidence[1:]:
            assert f"{ev.span.path}:{ev.span.line}:{ev.span.column}: " in message
            if ev.label:
                assert ev.label in message


def test_github_escapes_the_weird_finding() -> None:
    line = github.render(one_finding_report(STRANGE), OPTS).rstrip("\n")
    assert "\n" not in line and "\r" not in line
    header = line.split("::")[1]
    assert "odd%3Arule%2Cid" in header and "odd dir/a%2Cb%3Ac%25.txt" in header
    _, props, message = parse_command(line)
    assert props["file"] == "odd dir/a,b:c%.txt" and props["title"] == "odd:rule,id"
    assert message.startswith(WEIRD + "\n")


def test_sarif_doubles_literal_braces() -> None:
    res = sarif_doc(one_finding_report(STRANGE))["runs"][0]["results"][0]
    assert "{{0}}" in res["message"]["text"] and "{0}" not in res["message"]["text"].replace("{{0}}", "")


def test_github_relativizes_absolute_paths_under_root(tmp_path: Path) -> None:
    f = finding("r", [span(str(tmp_path / "sub dir" / "a.txt"), "x")])
    _, props, _ = parse_command(github.render(one_finding_report(f), FormatOptions(root=str(tmp_path))).rstrip("\n"))
    assert props["file"] == "sub dir/a.txt"


@given(any_text)
def test_github_command_escaping_round_trips(value: str) -> None:
    line = github.command("error", {"file": value, "title": value}, value)
    # The runner reads commands line by line, splitting at CR and LF only.
    assert "\n" not in line and "\r" not in line
    name, props, message = parse_command(line)
    assert name == "error" and message == value
    assert props == ({"file": value, "title": value} if value else {})


# --- sarif ---------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def validator() -> Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def sarif_doc(report: Report, opts: FormatOptions = OPTS) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(sarif.render(report, opts))
    errors = sorted(validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    return doc


def unbrace(message: dict[str, str]) -> str:
    return message["text"].replace("{{", "{").replace("}}", "}")


def check_location(loc: dict[str, Any], ev: Evidence) -> None:
    phys = loc["physicalLocation"]
    assert phys["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert unquote(phys["artifactLocation"]["uri"]) == ev.span.path
    region = phys["region"]
    s = ev.span
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
        s.line,
        s.column,
        s.end_line,
        s.end_column,
    )
    assert region["snippet"]["text"] == s.text
    if ev.label:
        assert ev.label in unbrace(loc["message"])


def test_sarif_is_valid_and_maps_findings() -> None:
    report = sample_report()
    run = sarif_doc(report)["runs"]
    assert len(run) == 1
    run = run[0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("factlint", __version__)
    assert driver["informationUri"].startswith("https://")
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert {m.id for m in report.rules} | {f.rule for f in report.findings} == set(rule_ids)
    assert "originalUriBaseIds" not in run

    results = run["results"]
    assert len(results) == len(report.findings)
    for res, f in zip(results, report.findings):
        assert res["ruleId"] == f.rule
        assert driver["rules"][res["ruleIndex"]]["id"] == f.rule
        assert res["level"] == LEVEL[f.severity]
        assert unbrace(res["message"]) == f.message
        assert res["partialFingerprints"] == {"factlint/v1": f.fingerprint}
        if not f.evidence:
            assert not res.get("locations") and not res.get("relatedLocations")
            continue
        assert len(res["locations"]) == 1
        check_location(res["locations"][0], f.evidence[0])
        related = res.get("relatedLocations", [])
        assert [r["id"] for r in related] == list(range(1, len(f.evidence)))
        for loc, ev in zip(related, f.evidence[1:]):
            check_location(loc, ev)


def test_sarif_rules_metadata() -> None:
    report = sample_report()
    rules = {r["id"]: r for r in sarif_doc(report)["runs"][0]["tool"]["driver"]["rules"]}
    for meta in report.rules:
        rule = rules[meta.id]
        assert rule["defaultConfiguration"]["level"] == LEVEL[meta.severity]
        assert rule["properties"]["type"] == meta.type
        assert unbrace(rule["shortDescription"]) == (meta.description or meta.message)
        assert unbrace(rule["help"]) == meta.help
    # Known only from its finding: described from it.
    assert rules[STRANGE.rule]["properties"]["type"] == STRANGE.type
    assert rules[STRANGE.rule]["defaultConfiguration"]["level"] == "note"
    assert unbrace(rules[STRANGE.rule]["help"]) == STRANGE.help


def test_sarif_fixes() -> None:
    res = sarif_doc(one_finding_report(WITH_FIX))["runs"][0]["results"][0]
    (fix,) = res["fixes"]
    (change,) = fix["artifactChanges"]
    assert unquote(change["artifactLocation"]["uri"]) == "news/day2.txt"
    got = [(r["deletedRegion"]["charOffset"], r["deletedRegion"]["charLength"], r["insertedContent"]["text"]) for r in change["replacements"]]
    assert got == [(x.span.start, x.span.end - x.span.start, x.replacement) for x in WITH_FIX.fixes]
    assert "fixes" not in sarif_doc(one_finding_report(CONTRADICTION))["runs"][0]["results"][0]


def test_sarif_escapes_uris_and_sets_the_base(tmp_path: Path) -> None:
    root = tmp_path / "src root"
    absolute = finding("r", [span(str(root / "in side.txt"), "x")])
    report = Report(findings=(STRANGE, absolute), documents=2, facts=0)
    run = sarif_doc(report, FormatOptions(root=str(root)))["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file:///") and base.endswith("/") and " " not in base
    assert unquote(base[len("file://") :]) == str(root) + "/"
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert uris[0]["uri"] == "odd%20dir/a%2Cb%3Ac%25.txt"
    assert uris[1] == {"uri": "in%20side.txt", "uriBaseId": "%SRCROOT%"}


def test_sarif_empty_report_and_diagnostics() -> None:
    assert sarif_doc(empty_report())["runs"][0]["results"] == []
    diags = (Diagnostic("bad file.txt", "not UTF-8", 3, 1, "error"), Diagnostic("x.yaml", "unknown key"))
    run = sarif_doc(sample_report(diags))["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [(n["level"], unbrace(n["message"])) for n in notes] == [("error", "not UTF-8"), ("warning", "unknown key")]


@settings(max_examples=40, deadline=None)
@given(message=json_text, path=json_text.filter(bool), snippet=json_text, label=json_text)
def test_sarif_valid_for_any_text(message: str, path: str, snippet: str, label: str) -> None:
    f = finding(message or "r", [Evidence(span(path, snippet), label=label or None), span(path, snippet)], message=message)
    res = sarif_doc(one_finding_report(f))["runs"][0]["results"][0]
    assert unbrace(res["message"]) == f.message
    # Literal braces are doubled, so a viewer never reads "{0}" in the prose as a placeholder.
    assert res["message"]["text"].count("{") == 2 * f.message.count("{")
    uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    # The URI holds the name's bytes: a \xNN escape (how factlint shows a byte that is not UTF-8) is that byte again;
    # a backslash is a separator on Windows only.
    raw = (path.replace("\\", "/") if os.sep == "\\" else path).encode("utf-8")
    raw = re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes.fromhex(m.group(1).decode()), raw)
    assert unquote_to_bytes(uri) == raw or uri.startswith("file://")


# --- junit ---------------------------------------------------------------------------------------------------------

XML_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_chars(value: str) -> str:
    return "".join(c for c in value if XML_CHAR.fullmatch(c))


def junit_suite(report: Report) -> ET.Element:
    out = junit.render(report, OPTS)
    assert out.startswith("<?xml") and "UTF-8" in out.splitlines()[0]
    root = ET.fromstring(out.encode("utf-8"))
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    assert len(suites) == 1 and suites[0].get("name") == "factlint"
    return suites[0]


def test_junit_counts_and_cases() -> None:
    report = sample_report((Diagnostic("bad.txt", "not UTF-8", 1, 1, "error"),))
    suite = junit_suite(report)
    cases = suite.findall("testcase")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == (
        str(len(cases)),
        str(len(report.findings)),
        "1",
    )
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("classname") for c in failed] == [f.rule for f in report.findings]
    for case, f in zip(failed, report.findings):
        failure = case.find("failure")
        assert failure is not None
        assert failure.get("type") == f.severity
        if f.primary:
            assert case.get("name") == xml_chars(where(f))
        for ev in f.evidence:
            assert xml_chars(f"{ev.span.path}:{ev.span.line}:{ev.span.column}") in (failure.text or "")
    assert [c.find("error") is not None for c in cases].count(True) == 1


def test_junit_keeps_weird_text_but_strips_what_xml_forbids() -> None:
    failure = junit_suite(one_finding_report(STRANGE)).find("testcase/failure")
    assert failure is not None
    assert failure.get("message") == WEIRD.replace("\x07", "")
    assert "🚒" in (failure.text or "") and '<&">' in (failure.text or "")


def test_junit_clean_run_has_one_passing_case() -> None:
    suite = junit_suite(empty_report())
    cases = suite.findall("testcase")
    assert len(cases) == 1 and len(cases[0]) == 0
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "0", "0")


@settings(max_examples=200)
@given(message=any_text, path=any_text, rule=any_text, snippet=any_text, label=any_text)
def test_junit_well_formed_for_any_text(message: str, path: str, rule: str, snippet: str, label: str) -> None:
    f = finding(rule or "r", [Evidence(span(path, snippet), label=label or None)], message=message or "m")
    failure = junit_suite(one_finding_report(f)).find("testcase/failure")
    assert failure is not None
    assert failure.get("message") == xml_chars(message or "m")
