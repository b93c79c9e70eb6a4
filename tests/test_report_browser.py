"""The HTML report in a real browser: Debian's headless Chromium, driven by Playwright (`pip install -e '.[browser]'`,
`apt-get install chromium`). Without them the tests skip with the reason, except in CI (CI or
FACTLINT_BROWSER_TESTS=required set), where they fail: `.ci/run` installs both, so a skip there would hide a report
nobody opened.

A screenshot of the seeds' report is left in the test's temporary folder (its path is printed with `-s`)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import corpus_factory
import pytest
from conftest import ROOT, RULES
from report_page import toll_points

from factlint.cli import main

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("FACTLINT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# what Debian's chromium needs to start headless as root with no network, and nothing it would fetch by itself
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -e '.[browser]'"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM}: apt-get install chromium (or set FACTLINT_CHROMIUM)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    why = _missing()
    if why:
        if os.environ.get("CI") or os.environ.get("FACTLINT_BROWSER_TESTS") == "required":
            pytest.fail(f"the browser tests must run in CI, but {why}")
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # Playwright gives each launch a new, empty profile (user data dir) and removes it afterwards
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _factlint(cwd: Path, *args: str) -> str:
    """Run factlint in `cwd`, returning stdout; the run must not be an error."""
    import contextlib
    import io

    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(out):
        mp.chdir(cwd)
        mp.delenv("GITHUB_ACTIONS", raising=False)
        code = main(list(args))
    assert code in (0, 1), args
    return out.getvalue()


def _facts(cwd: Path, *args: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _factlint(cwd, "facts", *args, "--format", "jsonl").splitlines()]


@dataclass
class Opened:
    page: Any
    url: str
    console: list[str] = field(default_factory=list)  # console errors, uncaught exceptions
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.console == []
        assert self.requests == [self.url]  # the file itself, nothing else
        assert self.dialogs == []


def open_report(browser: Any, path: Path) -> Opened:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    opened = Opened(page, path.as_uri())
    page.on("console", lambda m: opened.console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.console.append(f"uncaught: {e}"))
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.goto(opened.url, wait_until="load")
    page.wait_for_selector('#findings[data-ready="yes"]', state="attached")  # its data read: controls work
    return opened


def drawn_chart(page: Any, title: str) -> Any:
    """The timeline titled `title`, scrolled into view and drawn by Plotly."""
    chart = page.locator(f'figure.timeline[data-title="{title}"] div.chart')
    chart.scroll_into_view_if_needed()
    page.wait_for_selector(f'figure.timeline[data-title="{title}"] div.chart[data-drawn="yes"]')
    return chart


def traces(chart: Any) -> dict[str, set[tuple[str, int, int | None]]]:
    """What Plotly drew: per trace name, its points as (date, low, high)."""
    data = chart.evaluate("el => el.data.map(t => [t.name, t.x, t.customdata])")
    return {name: {(x, c[0], c[1]) for x, c in zip(xs, custom)} for name, xs, custom in data}


def hover_point(page: Any, chart: Any, match: str) -> str:
    """Hover the first point whose hover text contains `match`; the hover label's text."""
    where = chart.evaluate(
        "(el, m) => { for (const [i, t] of el.data.entries()) { const j = t.hovertext.findIndex(h => h.includes(m));"
        " if (j >= 0) return [i, j]; } return null; }", match)
    assert where is not None, match
    i, j = where
    chart.locator(".scatterlayer .trace").nth(i).locator("path.point").nth(j).hover(force=True)
    label = page.locator(f"#{chart.get_attribute('id')} .hoverlayer .hovertext")
    label.first.wait_for()
    return str(label.first.text_content())


def visible_findings(page: Any) -> list[tuple[str, str]]:
    return [(a.get_attribute("data-rule"), a.get_attribute("data-severity"))
            for a in page.locator("article.finding").all() if a.is_visible()]


# --- the seeds ------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds-report") / "seeds.html"
    _factlint(ROOT, "report", "seeds", "-o", str(out))
    return out


def test_the_seeds_report_loads_offline_and_clean(browser: Any, seeds_report: Path) -> None:
    opened = open_report(browser, seeds_report)
    page = opened.page
    assert page.locator("#summary .tile").first.is_visible()
    for chart in page.locator("div.chart[data-figure]").all():  # every timeline, drawn
        chart.scroll_into_view_if_needed()
        page.wait_for_function("el => el.getAttribute('data-drawn') === 'yes'", arg=chart.element_handle())
    opened.assert_clean()


def test_the_launch_date_finding_shows_four_documents_and_the_odd_one(browser: Any, seeds_report: Path) -> None:
    page = open_report(browser, seeds_report).page
    finding = page.locator('article.finding[data-rule="event-date-agreement"]')
    assert finding.count() == 1 and finding.is_visible()
    sides = finding.locator(".side")
    assert sides.count() == 4 and all(s.is_visible() for s in sides.all())
    odd = finding.locator('.side[data-mark="odd"]')
    assert odd.count() == 1
    assert odd.locator("mark").inner_text() == "on Thursday"
    assert odd.locator(".where").inner_text() == "seeds/000_63448d50d93ad105.txt:1:193"
    assert odd.locator(".badge.odd").is_visible()
    # the four sit side by side: one row, left to right
    boxes = [s.bounding_box() for s in sides.all()]
    assert len({round(b["y"]) for b in boxes}) == 1 and [b["x"] for b in boxes] == sorted(b["x"] for b in boxes)


def test_the_toll_timeline_draws_one_trace_per_source(browser: Any, seeds_report: Path) -> None:
    opened = open_report(browser, seeds_report)
    page = opened.page
    chart = drawn_chart(page, "people killed")
    expected = toll_points(_facts(ROOT, "seeds"))
    assert traces(chart) == expected
    assert chart.locator(".scatterlayer .trace").count() == len(expected)
    assert chart.locator('.modebar-btn[data-title^="Share"]').count() == 0  # Plotly's upload to its cloud: removed
    assert chart.locator(".scatterlayer path.point").count() == sum(len(v) for v in expected.values())
    text = hover_point(page, chart, "327+")
    assert "at least 327 people" in text and "seeds/000_63448d50d93ad105.txt" in text
    opened.assert_clean()


def test_filters_hide_and_show_findings(browser: Any, seeds_report: Path) -> None:
    page = open_report(browser, seeds_report).page
    everything = visible_findings(page)
    assert sorted({s for _, s in everything}) == ["error", "warning"]
    page.locator('input[data-filter="severity"][value="warning"]').uncheck()
    assert visible_findings(page) == [(r, s) for r, s in everything if s == "error"]
    assert not page.locator('section.rule[data-rule="name-spelling"]').is_visible()
    page.locator('input[data-filter="severity"][value="warning"]').check()
    assert visible_findings(page) == everything
    page.locator('input[data-filter="rule"][value="event-date-agreement"]').uncheck()
    assert visible_findings(page) == [(r, s) for r, s in everything if r != "event-date-agreement"]
    page.locator('input[data-filter="rule"][value="name-spelling"]').uncheck()
    assert visible_findings(page) == [] and page.locator("#findings .no-match").is_visible()
    for box in page.locator('input[data-filter="rule"]').all():
        box.check()
    assert visible_findings(page) == everything


def test_a_screenshot_of_the_seeds_report(browser: Any, seeds_report: Path) -> None:
    page = open_report(browser, seeds_report).page
    for chart in page.locator("div.chart[data-figure]").all():
        chart.scroll_into_view_if_needed()
        page.wait_for_function("el => el.getAttribute('data-drawn') === 'yes'", arg=chart.element_handle())
    page.evaluate("window.scrollTo(0, 0)")
    shot = seeds_report.parent / "seeds-report.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot of the seeds' report: {shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a page with text and charts, not a blank one


# --- a generated corpus, with hostile documents ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = corpus_factory.story(tmp_path_factory.mktemp("story") / "corpus")
    out = folder.parent / "story.html"
    _factlint(folder, "report", ".", "--rules", str(RULES), "-o", str(out))
    return folder, out


def test_hostile_documents_run_nothing(browser: Any, story: tuple[Path, Path]) -> None:
    _, out = story
    opened = open_report(browser, out)
    page = opened.page
    script = page.locator(".side", has_text=corpus_factory.HOSTILE_SCRIPT)
    assert script.count() == 1 and script.is_visible()  # shown as text
    named = page.evaluate("p => Array.from(document.querySelectorAll('.side .where'))"
                          ".filter(e => e.textContent.startsWith(p)).length", corpus_factory.HOSTILE_FILE)
    assert named >= 1  # a file name, shown as text
    chart = drawn_chart(page, "people killed")
    text = hover_point(page, chart, "onerror")
    assert corpus_factory.HOSTILE_IMG in text
    page.wait_for_timeout(300)  # an onerror would have fired by now
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("Array.from(document.scripts).filter(s => !s.type).length") == 2  # report.js, plotly.js
    assert len(json.loads(page.evaluate("JSON.stringify(Array.from(document.scripts).map(s => s.type))"))) == 5
    opened.assert_clean()


def test_the_generated_corpus_timeline_and_pages(browser: Any, story: tuple[Path, Path]) -> None:
    folder, out = story
    opened = open_report(browser, out)
    page = opened.page
    chart = drawn_chart(page, "people killed")
    expected = toll_points(_facts(folder, ".", "--rules", str(RULES)))
    assert set(expected) == {"Syrian Observatory for Human Rights", "health ministry"}
    assert traces(chart) == expected
    # pages: the name findings do not fit on one
    section = page.locator('section.rule[data-rule="name-spelling"]')
    first = [a.get_attribute("data-fingerprint") for a in section.locator("article.finding").all()]
    total = int(section.locator(".page-label").inner_text().split("(")[1].split()[0])
    assert len(first) == 25 < total
    section.locator('[data-page="next"]').click()
    second = [a.get_attribute("data-fingerprint") for a in section.locator("article.finding").all()]
    assert len(second) == total - 25 and not set(first) & set(second)
    assert section.locator(".page-label").inner_text() == f"page 2 of 2 ({total} findings)"
    section.locator('[data-page="prev"]').click()
    assert [a.get_attribute("data-fingerprint") for a in section.locator("article.finding").all()] == first
    opened.assert_clean()
