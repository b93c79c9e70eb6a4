"""The HTML report without a browser: the same findings as JSON, every side shown, self-contained, escaped, and
timelines, dates and names that say what the facts and findings say. (tests/test_report_browser.py opens it.)"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import corpus_factory
import pytest
from conftest import ROOT, RULES, Result
from report_factory import STRANGE, sample_report
from report_page import Page, parse, toll_points

from factlint import checks
from factlint.formats import FormatOptions
from factlint.formats import html as html_format
from factlint.formats.html import timelines
from factlint.formats.html.quotes import ELLIPSIS, Quoter, quote
from factlint.model import Count, Report, ReportContext, Series
from factlint.runner import lint, load_rules, read_corpus, report_context

pytest.importorskip("jinja2")
pytest.importorskip("plotly")


def report(run, tmp_path: Path, corpus: str, cwd: Path, *extra: str) -> tuple[Page, Result]:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.html"
    r = run("report", corpus, "-o", str(out), *extra, cwd=cwd)
    assert r.code == 0, r.err
    assert r.out == ""
    return parse(out.read_text(encoding="utf-8")), r


def lint_json(run, corpus: str, cwd: Path, *extra: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    r = run("lint", corpus, "--format", "json", *extra, cwd=cwd)
    assert r.code in (0, 1), r.err
    return dict(r.json)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    return corpus_factory.story(tmp_path / "story")


def facts(run, corpus: str, cwd: Path, *extra: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    r = run("facts", corpus, "--format", "jsonl", *extra, cwd=cwd)
    assert r.code == 0, r.err
    return [json.loads(line) for line in r.out.splitlines()]


# --- the same findings as `lint --format json` ---------------------------------------------------------------------

@pytest.mark.parametrize("corpus", ["seeds", "story"])
def test_the_report_shows_the_findings_lint_json_shows(run, tmp_path: Path, corpus: str) -> None:
    if corpus == "seeds":
        cwd, path, extra = ROOT, "seeds", ()
    else:
        cwd, path, extra = tmp_path, str(corpus_factory.story(tmp_path / "story")), ("--rules", str(RULES))
    expected = [(f["rule"], f["severity"], f["fingerprint"]) for f in lint_json(run, path, cwd, *extra)["findings"]]
    page, _ = report(run, tmp_path, path, cwd, *extra)
    assert expected and sorted(page.findings()) == sorted(expected)
    # the same through `lint --format html`
    out = tmp_path / "lint.html"
    r = run("lint", path, "--format", "html", "-o", str(out), *extra, cwd=cwd)
    assert r.code == 1 and sorted(parse(out.read_text(encoding="utf-8")).findings()) == sorted(expected)


def test_every_side_of_a_finding_is_shown_with_its_place(run, tmp_path: Path) -> None:
    page, _ = report(run, tmp_path, "seeds", ROOT)
    fragments = page.finding_fragments()
    for f in lint_json(run, "seeds", ROOT)["findings"]:
        shown = parse(fragments[f["fingerprint"]])
        wheres = [e.text for e in shown.with_class("where")]
        assert wheres == [f"{ev['path']}:{ev['line']}:{ev['column']}" for ev in f["evidence"]]
        marks = [e.text for e in shown.elements if e.tag == "mark"]
        assert marks == [" ".join(ev["text"].split()) for ev in f["evidence"]]


def test_the_launch_date_finding_marks_the_odd_document(run, tmp_path: Path) -> None:
    page, _ = report(run, tmp_path, "seeds", ROOT)
    [finding] = lint_json(run, "seeds", ROOT)["findings"][:1]
    assert finding["rule"] == "event-date-agreement"
    sides = parse(page.finding_fragments()[finding["fingerprint"]]).with_class("side")
    odd = {ev["path"] for ev in finding["evidence"] if ev["label"] != finding["values"]["majority"]}
    assert len(sides) == 4
    assert {s.attrs["data-path"] for s in sides if s.attrs.get("data-mark") == "odd"} == odd
    assert odd == {"seeds/000_63448d50d93ad105.txt"}


def test_a_report_with_a_baseline_leaves_out_the_known_findings(run, tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    assert run("lint", "seeds", "--write-baseline", str(base), cwd=ROOT).code == 0
    page, _ = report(run, tmp_path, "seeds", ROOT, "--baseline", str(base))
    assert page.findings() == []


# --- one self-contained, escaped file ------------------------------------------------------------------------------

def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_the_report_needs_nothing_outside_itself(run, tmp_path: Path) -> None:
    page, _ = report(run, tmp_path, "seeds", ROOT)
    for el in page.elements:
        assert el.tag not in ("link", "iframe", "object", "embed", "base"), el
        assert "src" not in el.attrs, el
        href = el.attrs.get("href")
        assert href is None or href.startswith("#"), el
    styles = "".join(e.text for e in page.elements if e.tag == "style")
    assert "@import" not in styles and not re.search(r"url\((?!\s*['\"]?data:)", styles)
    # the policy: nothing fetched, and only the report's own scripts run (each allowed by its hash)
    policy = dict(part.strip().split(" ", 1) for part in page.csp.split(";") if part.strip())
    assert policy["default-src"] == "'none'" and policy["connect-src"] == "'none'"
    [report_js] = [s.text for s in page.scripts if s.attrs.get("type") is None]
    plotly_js = page.unpacked("plotly-js")  # run by report.js when a timeline comes into view
    assert sorted(policy["script-src"].split()) == sorted(_sha256(c) for c in (report_js, plotly_js))
    assert "Plotly" in plotly_js


def test_hostile_document_text_is_shown_as_text(run, tmp_path: Path, story: Path) -> None:
    page, _ = report(run, tmp_path, str(story), tmp_path, "--rules", str(RULES))
    raw = page.source
    for hostile in (corpus_factory.HOSTILE_SCRIPT, corpus_factory.HOSTILE_IMG, "<img src=x onerror"):
        assert hostile not in raw
    assert [s.attrs.get("type") for s in page.scripts] == ["application/gzip"] * 3 + [None]
    shown = "".join(page.finding_fragments().values())
    assert "&lt;script&gt;window.__pwned = &#39;script&#39;&lt;/script&gt;" in shown
    assert "&#34;&gt;&lt;img src=x onerror=window.__pwned=3&gt;.txt" in shown  # a file name, in an attribute and text
    assert "&lt;script&gt;window.__pwned" in raw  # in the first page of findings, as the page opens
    # Plotly reads a few tags in hover text: there the quote is escaped once more, so it shows as written
    hovers = [h for fig in page.figures.values() for t in fig["data"] for h in t["hovertext"]]
    assert any("&lt;img src=x onerror=&quot;" in h or "&lt;img src=x onerror=\"" in h for h in hovers)
    assert not any("<img" in h or "<script" in h for h in hovers)


def test_without_the_report_extra_the_message_names_the_pip_command(run, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jinja2", None)  # import jinja2 now raises ImportError
    r = run("report", "seeds", "-o", str(tmp_path / "r.html"), cwd=ROOT)
    assert r.code == 2 and r.out == ""
    [line] = r.err.strip().splitlines()
    assert "pip install 'factlint[report]'" in line
    assert not (tmp_path / "r.html").exists()


def test_an_unwritable_output_is_one_line(run, tmp_path: Path) -> None:
    r = run("report", "seeds", "-o", str(tmp_path / "missing" / "dir" / "r.html"), cwd=ROOT)
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1 and "--output" in r.err


def test_a_report_without_context_still_shows_every_finding() -> None:
    sample = sample_report()
    page = parse(html_format.render(sample, FormatOptions()))
    assert sorted(fp for *_, fp in page.findings()) == sorted(f.fingerprint for f in sample.findings)
    assert "&lt;&amp;&#34;&gt;" in page.finding_fragments()[STRANGE.fingerprint]  # the <&"> of WEIRD, escaped
    assert page.figures == {}


# --- timelines -----------------------------------------------------------------------------------------------------

def _points(trace: dict[str, Any]) -> set[tuple[str, int, int | None]]:
    return {(x, low, high) for x, (low, high, _, _) in zip(trace["x"], trace["customdata"])}


def test_the_toll_timeline_has_one_trace_per_source_with_its_reports(run, tmp_path: Path) -> None:
    page, _ = report(run, tmp_path, "seeds", ROOT)
    expected = toll_points(facts(run, "seeds", ROOT))
    figure = page.chart("people killed")
    assert {t["name"]: _points(t) for t in figure["data"]} == expected
    observatory = next(t for t in figure["data"] if t["name"] == "Syrian Observatory for Human Rights")
    assert [(x, c[0], c[1], c[2]) for x, c in zip(observatory["x"], observatory["customdata"])] == [
        ("2024-11-30", 327, None, 2), ("2024-12-02", 413, None, 2)]  # "at least 327", then "more than 412"
    # an open interval runs off the chart; a band stops at its upper bound
    top = figure["layout"]["yaxis"]["range"][1]
    assert all(a > top for a in observatory["error_y"]["array"])
    army = next(t for t in figure["data"] if t["name"] == "Syrian Army")
    assert army["error_y"]["array"] == [99 - 24] and army["marker"]["symbol"] == ["square"]
    assert not any(c[3] for t in figure["data"] for c in t["customdata"])  # no finding on the seeds' tolls


def test_points_in_findings_are_the_ones_marked(run, tmp_path: Path, story: Path) -> None:
    page, _ = report(run, tmp_path, str(story), tmp_path, "--rules", str(RULES))
    found = lint_json(run, str(story), tmp_path, "--rules", str(RULES))["findings"]
    expected = set()
    for f in found:
        if f["rule"] == "toll-never-decreases" and f["values"]["who"] == "people":
            for ev in f["evidence"]:
                fact = ev["fact"]
                expected.add((fact["source"], fact["published"], fact["low"], fact["high"]))
    assert expected
    marked = set()
    for t in page.chart("people killed")["data"]:
        for x, (low, high, _, is_marked) in zip(t["x"], t["customdata"]):
            if is_marked:
                marked.add((t["name"], x, low, high))
    assert marked == expected


def _count(path: str, day: dt.date, low: int, high: int | None, source: str = "ministry", start: int = 0) -> Count:
    from report_factory import span

    return Count(span(path, "x", start=start), "killed", low, high, "exact", source=source, cumulative=True,
                 published=day)


def _figure_of(counts: list[Count]) -> timelines.Chart:
    ctx = ReportContext((), tuple(counts), (Series("r", (("metric", "killed"), ("who", "people")), tuple(counts)),))
    [chart] = timelines.charts(ctx, (), Quoter())
    return chart


def test_many_reports_are_merged_into_ranges_per_day_then_week() -> None:
    start = dt.date(2024, 1, 1)
    per_day = [_count(f"d{i}.txt", start + dt.timedelta(days=i // 2), 100 + i, None if i % 2 else 100 + i + 5)
               for i in range(2 * 200)]  # 400 reports over 200 days
    chart = _figure_of(per_day)
    [trace] = chart.figure["data"]
    assert chart.merged == "week" and len(trace["x"]) <= timelines.MAX_POINTS
    first_week = [c for c in per_day if c.published and c.published < dt.date(2024, 1, 8)]
    assert trace["customdata"][0][:3] == [min(c.low for c in first_week), None, len(first_week)]
    assert sum(c[2] for c in trace["customdata"]) == len(per_day)


def test_a_chart_draws_at_most_max_traces_sources_keeping_those_in_findings() -> None:
    day = dt.date(2024, 1, 1)
    counts = [_count(f"s{s}-{i}.txt", day, 10, 10, source=f"source {s:02d}") for s in range(12) for i in range(12 - s)]
    ctx = ReportContext((), tuple(counts), (Series("r", (("metric", "killed"), ("who", "people")), tuple(counts)),))
    rare = next(c for c in counts if c.source == "source 11")
    finding = sample_report().findings[0]
    from dataclasses import replace

    from factlint.model import Evidence

    marked = replace(finding, rule="r", evidence=(Evidence(rare.span, rare),))
    [chart] = timelines.charts(ctx, (marked,), Quoter())
    assert len(chart.sources) == timelines.MAX_TRACES and "source 11" in chart.sources
    assert len(chart.undrawn) == 12 - timelines.MAX_TRACES and "source 00" in chart.sources
    assert len({t["marker"]["color"] for t in chart.figure["data"]}) == timelines.MAX_TRACES


# --- the series hooks ----------------------------------------------------------------------------------------------

def test_series_hold_the_facts_of_every_monotonic_and_sum_finding(tmp_path: Path) -> None:
    folder = corpus_factory.story(tmp_path / "story")
    # one more document whose parts exceed its total, so the sum rule fires too
    (folder / "parts.txt").write_text(
        "date 2025-06-01 The Syrian Observatory for Human Rights said the fighting had killed 250 people in total. "
        "The army had lost 120 soldiers, while the insurgents had lost 95, the Observatory said. It said 61 "
        "civilians had been killed.\n", encoding="utf-8")
    ruleset = load_rules([RULES])
    corpus = read_corpus([folder], ruleset)
    result: Report = lint(corpus, ruleset)
    ctx = report_context(corpus, ruleset)
    types = {r.id: r.type for r in ruleset.rules}
    fired = {types[f.rule] for f in result.findings}
    assert {"monotonic", "sum"} <= fired
    in_series: dict[str, set[int]] = defaultdict(set)
    for s in ctx.series:
        in_series[s.rule].update(id(c) for c in s.counts)
        assert all(c.published is not None for c in s.counts)
        assert [c.published for c in s.counts] == sorted(c.published for c in s.counts if c.published)
    for f in result.findings:
        if types[f.rule] in ("monotonic", "sum"):
            assert all(id(ev.fact) in in_series[f.rule] for ev in f.evidence), f.message
    # rule types that compare nothing over time have no series
    assert not [s for s in ctx.series if types[s.rule] not in ("monotonic", "sum")]
    agreement = next(r for r in ruleset.rules if r.type == "agreement")
    assert list(checks.series(agreement, corpus.table)) == []


# --- dates and names -----------------------------------------------------------------------------------------------

def test_date_agreement_rows_follow_the_finding(run, tmp_path: Path) -> None:
    page, _ = report(run, tmp_path, "seeds", ROOT)
    [finding] = [f for f in lint_json(run, "seeds", ROOT)["findings"] if f["rule"] == "event-date-agreement"]
    rows = [e for e in page.elements if e.tag == "tr" and "date-row" in (e.attrs.get("class") or "")]
    launch_rows = rows[:len(finding["values"]["values"])]
    assert [(r.attrs["data-value"], r.attrs.get("data-mark")) for r in launch_rows] == [
        (side["value"], None if side["value"] == finding["values"]["majority"] else "odd")
        for side in finding["values"]["values"]]
    chips = [e for e in page.with_class("chip")]
    odd_chips = {c.attrs["data-path"] for c in chips if "mark-odd" in (c.attrs.get("class") or "")}
    assert odd_chips == {"seeds/000_63448d50d93ad105.txt"}


def test_name_clusters_mark_the_listed_spelling(run, tmp_path: Path) -> None:
    page, _ = report(run, tmp_path, "seeds", ROOT)
    found = [f for f in lint_json(run, "seeds", ROOT)["findings"] if f["rule"] == "name-spelling"]
    clusters = {e.attrs["data-name"]: e for e in page.elements if e.tag == "section" and "cluster" in (e.attrs.get("class") or "")}
    for f in found:
        v = f["values"]
        assert v["suggestion"] in clusters, v
        cluster = clusters[v["suggestion"]].text
        assert v["surface"] in cluster
    spellings = [(e.text.split("\n")[1].strip(), e.attrs["data-status"]) for e in page.with_class("spelling")]
    assert ("Khan Sheikhun", "canonical") in spellings and ("Khan Cheikhoun", "variant") in spellings
    assert ("al-Qaeda", "most common") in spellings and ("Al Qaeda", "unlisted") in spellings


# --- big corpora ---------------------------------------------------------------------------------------------------

def test_long_rule_sections_show_one_page_and_keep_every_finding(run, tmp_path: Path, story: Path) -> None:
    page, _ = report(run, tmp_path, str(story), tmp_path, "--rules", str(RULES))
    names = [f for f in page.findings() if f[0] == "name-spelling"]
    assert len(names) > html_format.PAGE_SIZE
    first_page = [e for e in page.elements if e.tag == "article" and e.attrs.get("data-rule") == "name-spelling"]
    assert len(first_page) == html_format.PAGE_SIZE
    labels = [e.text for e in page.with_class("page-label")]
    assert f"page 1 of 2 ({len(names)} findings)" in labels


def test_a_quote_is_trimmed_around_its_span() -> None:
    from report_factory import span

    sentence = "word " * 200 + "the toll rose to at least 327 people" + " more" * 200
    s = span("a.txt", "at least 327 people", sentence=sentence)
    q = quote(s, 120)
    assert q.match == "at least 327 people"
    assert q.before.startswith(ELLIPSIS) and q.after.endswith(ELLIPSIS)
    assert len(q.text) <= 125
    assert quote(span("a.txt", "not in it", sentence="another sentence")).text == "not in it"
