"""The HTML report: one self-contained file (styles, scripts and plotly.js inlined) that opens offline.

It shows the findings with every side side by side, the timelines of the series that monotonic and sum rules
compare, the dates each document gives each event, and the clusters of name spellings. Jinja2 renders it with
autoescaping; the data report.js reads (every finding's rendered HTML, the figures, plotly.js itself) is embedded
gzipped and base64-encoded, inert text that also keeps a big corpus's report small; and a Content-Security-Policy
allows only the report's own scripts (by hash) and no network at all, so a document's text cannot run or fetch.

Needs the `report` extra (Jinja2 and plotly); without it, rendering stops with a one-line message.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from factlint import __version__
from factlint.errors import UsageError
from factlint.formats import FormatOptions
from factlint.formats.html import dates, findings, names, timelines
from factlint.formats.html.quotes import Quoter
from factlint.model import SEVERITIES, Report

PAGE_SIZE = 25  # findings per page, per rule
CHARTS_OPEN = 12  # timelines shown before the rest are folded away
UNDATED_SHOWN = 50
MISSING = "the HTML report needs the report extra: pip install 'factlint[report]'"


@dataclass(frozen=True)
class Summary:
    documents: int
    dated: int | None
    undated: tuple[str, ...]
    facts: int
    facts_by_kind: dict[str, int]
    findings: dict[str, int]
    rules_loaded: int
    suppressed: int
    diagnostics: tuple[str, ...]
    stale_baseline: tuple[str, ...]


def render(report: Report, opts: FormatOptions) -> str:
    env = _environment()
    plotly_js, plotly_packed = _plotly()
    from markupsafe import Markup
    ctx = report.context
    published = {d.path: d.published.isoformat() if d.published else None for d in ctx.documents} if ctx else {}
    quote = Quoter(ctx.documents if ctx else ())
    charts = timelines.charts(ctx, report.findings, quote) if ctx else []
    sections = findings.sections(report, published, quote)
    # Each finding is rendered once; report.js shows them a page at a time from this data, so that a corpus with
    # tens of thousands of findings loads as quickly as one with ten (the browser parses only the page it shows).
    one = env.get_template("finding.html.j2")
    rendered = {s.anchor: [(f.severity, f.fingerprint, Markup(one.render(f=f))) for f in s.findings] for s in sections}
    report_js = _asset("report.js")
    page = env.get_template("report.html.j2").render(
        version=__version__,
        summary=_summary(report),
        severities=SEVERITIES,
        sections=sections,
        rendered=rendered,
        findings_data=pack(json.dumps(rendered, ensure_ascii=False, separators=(",", ":"))),
        page_size=PAGE_SIZE,
        charts=charts,
        charts_open=CHARTS_OPEN,
        events=dates.events(ctx.facts, report.findings, quote) if ctx else [],
        clusters=names.clusters(ctx.facts, report.findings) if ctx else [],
        has_context=ctx is not None,
        undated_shown=UNDATED_SHOWN,
        css=_asset("report.css"),
        figures=pack(json.dumps({c.id: c.figure for c in charts}, ensure_ascii=False, separators=(",", ":"),
                                allow_nan=False)),
        plotly=plotly_packed,
        report_js=report_js,
        csp=_csp((report_js, plotly_js)),
    )
    return str(page).rstrip("\n") + "\n"  # a text file ends with a line break, as every other format's output


def _environment() -> Any:
    try:
        import jinja2
    except ImportError:
        raise UsageError(MISSING) from None
    return jinja2.Environment(
        loader=jinja2.PackageLoader("factlint.formats.html", "assets"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.lru_cache(maxsize=1)
def _plotly() -> tuple[str, str]:
    """plotly.js, as it runs and packed."""
    try:
        from plotly.offline import get_plotlyjs
    except ImportError:
        raise UsageError(MISSING) from None
    js = get_plotlyjs()
    return js, pack(js)


def _asset(name: str) -> str:
    return (resources.files("factlint.formats.html") / "assets" / name).read_text(encoding="utf-8")


def _summary(report: Report) -> Summary:
    ctx = report.context
    kinds = Counter(f.kind for f in ctx.facts) if ctx else Counter()
    undated = tuple(d.path for d in ctx.documents if d.published is None) if ctx else ()
    return Summary(
        documents=report.documents,
        dated=len(ctx.documents) - len(undated) if ctx else None,
        undated=undated,
        facts=report.facts,
        facts_by_kind={k: kinds[k] for k in ("count", "date", "mention") if kinds[k]},
        findings=report.counts(),
        rules_loaded=len(report.rules),
        suppressed=report.suppressed,
        diagnostics=tuple(str(d) for d in report.diagnostics),
        stale_baseline=report.stale_baseline,
    )


def pack(text: str) -> str:
    """gzip, then base64: text that cannot end the <script> element it sits in, and that report.js unpacks with the
    browser's DecompressionStream. Deterministic (no timestamp), so a report changes only when its content does."""
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)).decode("ascii")


def _csp(scripts: Any) -> str:
    """Only the report's own scripts run (by hash: a script in a document's text would not; plotly.js runs when
    report.js inserts it, unpacked), and nothing is fetched. Styles may be inline: plotly.js sets them as it draws."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
                      for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; font-src data:; "
            "connect-src 'none'; form-action 'none'; base-uri 'none'")
