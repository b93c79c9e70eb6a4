"""How big an HTML report gets and how fast it opens in headless Chromium, on the seeds or a synthetic corpus.

    python benchmarks/report.py                       # the seeds
    python benchmarks/report.py --documents 10000     # the synthetic corpus of benchmarks/speed.py
    python benchmarks/report.py --screenshot docs/report.png --timeline-screenshot docs/report-timeline.png

Prints the time to lint and to render, the file's size, and from the browser (Debian's chromium driven by Playwright,
`pip install -e '.[report,browser]'`): DOMContentLoaded, first contentful paint, load, the time until the first
timeline is drawn after it is scrolled to, and the time a filter change takes. Browser figures vary with the
machine's load: quote them with the load average it prints.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from factlint.formats import FormatOptions  # noqa: E402
from factlint.formats import html as html_format  # noqa: E402
from factlint.runner import lint, load_rules, read_corpus, report_context  # noqa: E402

CHROMIUM = os.environ.get("FACTLINT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def build(corpus: Path, out: Path) -> None:
    rules = load_rules([ROOT / "rules"])
    started = time.perf_counter()
    read = read_corpus([corpus], rules, root=ROOT if corpus == ROOT / "seeds" else corpus)
    report = lint(read, rules)
    linted = time.perf_counter()
    report = replace(report, context=report_context(read, rules))
    text = html_format.render(report, FormatOptions())
    rendered = time.perf_counter()
    out.write_text(text, encoding="utf-8")
    print(f"{report.documents} documents, {report.facts} facts, {len(report.findings)} findings")
    print(f"lint {linted - started:.2f} s, context and render {rendered - linted:.2f} s, "
          f"report {len(text.encode('utf-8')) / 1e6:.1f} MB")


def browse(path: Path, screenshot: Path | None, timeline_screenshot: Path | None) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1360, "height": 1000})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri(), wait_until="load", timeout=300_000)
        timing = page.evaluate(
            "() => { const t = performance.getEntriesByType('navigation')[0];"
            " const p = performance.getEntriesByName('first-contentful-paint')[0];"
            " return [t.domContentLoadedEventEnd, t.loadEventEnd, p ? p.startTime : -1]; }")
        print(f"browser: DOMContentLoaded {timing[0]:.0f} ms, first contentful paint {timing[2]:.0f} ms, "
              f"load {timing[1]:.0f} ms (load average {os.getloadavg()[0]:.1f})")
        if screenshot:
            page.screenshot(path=str(screenshot))
        chart = page.locator("div.chart[data-figure]").first
        if chart.count():
            started = time.perf_counter()
            chart.scroll_into_view_if_needed()
            page.wait_for_selector("div.chart[data-drawn=yes]", timeout=300_000)
            print(f"first timeline drawn {1000 * (time.perf_counter() - started):.0f} ms after scrolling to it "
                  "(plotly.js starts then)")
            if timeline_screenshot:  # with the hover of its first point showing
                chart.locator(".scatterlayer .trace").first.locator("path.point").first.hover(force=True)
                page.locator(".hoverlayer .hovertext").first.wait_for()
                page.locator("figure.timeline").first.screenshot(path=str(timeline_screenshot))
        box = page.locator('input[data-filter="severity"][value="warning"]')
        started = time.perf_counter()
        box.uncheck()
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(0)))")
        print(f"filter change {1000 * (time.perf_counter() - started):.0f} ms")
        print(f"console errors: {len(errors)}")
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=0, help="a synthetic corpus of this size (default: seeds)")
    parser.add_argument("--output", type=Path, help="keep the report here")
    parser.add_argument("--screenshot", type=Path, help="save the top of the page as PNG")
    parser.add_argument("--timeline-screenshot", type=Path, help="save the first timeline as PNG")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = ROOT / "seeds"
        if args.documents:
            from speed import make_corpus

            folder = Path(tmp) / "corpus"
            folder.mkdir()
            make_corpus(folder, args.documents)
        out = args.output or Path(tmp) / "report.html"
        build(folder, out)
        if os.access(CHROMIUM, os.X_OK):
            browse(out.resolve(), args.screenshot, args.timeline_screenshot)
        else:
            print(f"no Chromium at {CHROMIUM}: browser figures skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
