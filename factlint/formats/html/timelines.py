"""Timelines: the counts a monotonic or sum rule compares, over publication dates, as Plotly figures.

One chart per metric × who × scope that some rule looks at, one trace per source. A point is one reported interval
on one day (the documents that report the same interval on the same day are one point, listed in its hover): a
marker at the lower bound, and a translucent bar up to the upper bound (a band for "nearly 100", a bar that runs off
the top of the chart for "at least 327"). Points that are evidence of a finding of those rules are outlined.

Figures are plain Plotly JSON (data and layout) drawn by the inlined plotly.js; every text in them is HTML-escaped,
since Plotly reads a few tags in hover and legend text.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from factlint.formats.html.quotes import Quoter
from factlint.model import Count, Finding, ReportContext, Series

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
           "#d62728")
MAX_POINTS = 150  # per trace; past this, points are merged into one range per day, then per week, then per month
MAX_TRACES = 8  # sources drawn per chart: those with points in findings first, then the most reported
HOVER_DOCUMENTS = 3  # documents quoted in one point's hover
LOG_RATIO = 50  # a log axis when the highest figure is this many times the median lower bound
DAY_MS = 86_400_000  # one tick a day when a chart spans two weeks or less
SYMBOLS = {"exact": "circle", "open": "triangle-up", "range": "square"}

SpanKey = tuple[str, int, int]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    key: tuple[tuple[str, Any], ...]  # the series fields but source
    rules: tuple[str, ...]
    sources: tuple[str, ...]
    counts: int  # facts drawn
    points: int
    marked: int  # points that are evidence of a finding
    merged: str | None  # "day", "week" or "month" when points were merged to stay drawable
    undrawn: tuple[str, ...]  # sources left out past MAX_TRACES
    figure: dict[str, Any]


@dataclass
class _Group:
    key: tuple[tuple[str, Any], ...]
    rules: list[str] = field(default_factory=list)
    counts: dict[SpanKey, Count] = field(default_factory=dict)


@dataclass
class _Point:
    day: dt.date
    low: int
    high: int | None
    counts: list[Count]
    marked: bool


DRAWABLE = 2**53  # the largest integer JavaScript holds exactly


def span_key(c: Count) -> SpanKey:
    return (c.span.path, c.span.start, c.span.end)


def charts(ctx: ReportContext, findings: Sequence[Finding], quote: Quoter) -> list[Chart]:
    groups = _groups(ctx.series)
    colours = _colours(c for g in groups for c in g.counts.values())
    built = []
    for g in groups:
        if any(v is not None and v > DRAWABLE for c in g.counts.values() for v in (c.low, c.high)):
            continue  # a figure a browser cannot hold as a number exactly: the findings list still shows it
        marked = {span_key(ev.fact) for f in findings if f.rule in g.rules
                  for ev in f.evidence if isinstance(ev.fact, Count)}
        built.append(_chart(g, marked, colours, quote))
    built.sort(key=lambda c: (-c.marked, -c.counts, c.title))
    return [_with_id(c, f"timeline-{i + 1}") for i, c in enumerate(built)]


def _with_id(c: Chart, chart_id: str) -> Chart:
    return replace(c, id=chart_id)


def _groups(series: Iterable[Series]) -> list[_Group]:
    """Series that differ only by source share a chart; series several rules read are drawn once."""
    out: dict[tuple[tuple[str, Any], ...], _Group] = {}
    for s in series:
        key = tuple((name, value) for name, value in s.key if name != "source")
        g = out.setdefault(key, _Group(key))
        if s.rule not in g.rules:
            g.rules.append(s.rule)
        g.counts.update((span_key(c), c) for c in s.counts)
    return list(out.values())


def _source_key(c: Count) -> str:
    return (c.source or "").casefold()


def _colours(counts: Iterable[Count]) -> dict[str, str]:
    """One colour per source across all charts, the most frequent sources first."""
    freq = Counter(_source_key(c) for c in counts)
    ranked = sorted(freq, key=lambda s: (-freq[s], s))
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(ranked)}


def _title(key: tuple[tuple[str, Any], ...]) -> str:
    values = dict(key)
    head = " ".join(str(values[k]) for k in ("who", "metric") if values.get(k) is not None)
    rest = [f"{k} {v}" for k, v in key if k not in ("who", "metric") and v is not None]
    return head + (f" ({', '.join(rest)})" if rest else "")


def _chart(g: _Group, marked: set[SpanKey], colours: dict[str, str], quote: Quoter) -> Chart:
    by_source: dict[str, list[Count]] = {}
    for c in g.counts.values():
        by_source.setdefault(_source_key(c), []).append(c)
    ranked = sorted(by_source, key=lambda s: (not any(span_key(c) in marked for c in by_source[s]),
                                              -len(by_source[s]), s))
    drawn, undrawn = ranked[:MAX_TRACES], ranked[MAX_TRACES:]
    shown = [c for s in drawn for c in by_source[s]]
    finite = [v for c in shown for v in (c.low, c.high) if v is not None]
    top = max(max(finite, default=1) * 1.15, 1)
    what = _title(g.key)
    traces, names, merged, points, n_marked = [], [], None, 0, 0
    for skey, colour in zip(drawn, _distinct([colours[s] for s in drawn])):
        counts = by_source[skey]
        pts, bucket = _bucketed(_points(counts, marked))
        merged = merged if bucket is None else bucket
        name = _display_source(counts)
        names.append(name)
        points += len(pts)
        n_marked += sum(p.marked for p in pts)
        traces.append(_trace(name, colour, pts, top, what, bucket, quote))
    days = [c.published for c in shown if c.published is not None]
    first, last = min(days), max(days)
    layout = {
        "xaxis": {"type": "date", "title": {"text": "publication date"}, "tickformat": "%Y-%m-%d",
                  "range": [(first - dt.timedelta(days=1)).isoformat(), (last + dt.timedelta(days=1)).isoformat()],
                  **({"dtick": DAY_MS} if (last - first).days <= 14 else {})},
        "yaxis": _yaxis(what, [c.low for c in shown], top),
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "showlegend": True,  # a chart with one source still names it
        "legend": {"title": {"text": "source"}},
        "margin": {"l": 60, "r": 20, "t": 20, "b": 50},
        "height": 360,
    }
    return Chart("", what, g.key, tuple(g.rules), tuple(names), len(shown), points, n_marked, merged,
                 tuple(_display_source(by_source[s]) for s in undrawn), {"data": traces, "layout": layout})


def _distinct(wanted: Sequence[str]) -> list[str]:
    """The sources' colours, except that a colour already used in the chart is replaced by an unused one."""
    used: set[str] = set()
    out = []
    for colour in wanted:
        if colour in used:
            colour = next((c for c in PALETTE if c not in used), colour)
        used.add(colour)
        out.append(colour)
    return out


def _yaxis(title: str, lows: Sequence[int], top: float) -> dict[str, Any]:
    """A linear axis from 0; a log axis when one figure dwarfs the typical one (a misread number would flatten the
    rest of the chart against the bottom)."""
    positive = sorted(v for v in lows if v > 0)
    typical = positive[len(positive) // 2] if positive else 1
    if positive and top / typical > LOG_RATIO:
        return {"title": {"text": _esc(title)}, "type": "log",
                "range": [math.log10(max(positive[0] * 0.8, 0.5)), math.log10(top)]}
    return {"title": {"text": _esc(title)}, "range": [0, top], "rangemode": "tozero"}


def _display_source(counts: Sequence[Count]) -> str:
    spelt = Counter(c.source for c in counts)
    best = sorted(spelt, key=lambda s: (-spelt[s], s or ""))[0]
    return best or "(no source)"


def _points(counts: Sequence[Count], marked: set[SpanKey]) -> list[_Point]:
    out: dict[tuple[dt.date, int, int | None], _Point] = {}
    for c in sorted(counts, key=lambda c: (c.published, c.span.path, c.span.start)):
        assert c.published is not None  # the series hooks keep dated counts only
        p = out.setdefault((c.published, c.low, c.high), _Point(c.published, c.low, c.high, [], False))
        p.counts.append(c)
        p.marked |= span_key(c) in marked
    return sorted(out.values(), key=lambda p: (p.day, p.low, p.high is None, p.high or 0))


def _bucketed(points: list[_Point]) -> tuple[list[_Point], str | None]:
    """The points as they are when few enough; else merged per day, week or month, the first that is few enough."""
    if len(points) <= MAX_POINTS:
        return points, None
    merged: list[_Point] = []
    for bucket in BUCKETS:
        merged = _merge(points, bucket)
        if len(merged) <= MAX_POINTS:
            break
    return merged, bucket


BUCKETS = ("day", "week", "month")


def _bucket_start(day: dt.date, bucket: str) -> dt.date:
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1) if bucket == "month" else day


def _merge(points: Sequence[_Point], bucket: str) -> list[_Point]:
    """One range per bucket: from the lowest lower bound to the highest upper bound (open if any is)."""
    groups: dict[dt.date, list[_Point]] = {}
    for p in points:
        groups.setdefault(_bucket_start(p.day, bucket), []).append(p)
    out = []
    for start, ps in sorted(groups.items()):
        high = None if any(p.high is None for p in ps) else max(p.high for p in ps if p.high is not None)
        out.append(_Point(start, min(p.low for p in ps), high, [c for p in ps for c in p.counts],
                          any(p.marked for p in ps)))
    return out


def _shape(p: _Point) -> str:
    if p.high is None:
        return "open"
    return "exact" if p.high == p.low else "range"


def _trace(name: str, colour: str, pts: Sequence[_Point], top: float, what: str, bucket: str | None,
           quote: Quoter) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "markers",
        "name": html.escape(name, quote=False),
        "x": [p.day.isoformat() for p in pts],
        "y": [p.low for p in pts],
        "error_y": {
            "type": "data", "symmetric": False, "width": 0, "thickness": 8, "color": _translucent(colour),
            "array": [top * 3 if p.high is None else p.high - p.low for p in pts],
            "arrayminus": [0] * len(pts),
        },
        "marker": {
            "color": colour,
            "size": [16 if p.marked else 12 for p in pts],
            "symbol": [SYMBOLS[_shape(p)] for p in pts],
            "line": {"color": ["#000000" if p.marked else "#ffffff" for p in pts],
                     "width": [3 if p.marked else 1 for p in pts]},
        },
        "hovertext": [_hover(p, name, what, bucket, quote) for p in pts],
        "hoverinfo": "text",
        # for people reading the figure's JSON (and tests): the interval, documents, whether it is in a finding
        "customdata": [[p.low, p.high, len({c.span.path for c in p.counts}), p.marked] for p in pts],
    }


def _translucent(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},0.35)"


def _hover(p: _Point, source: str, what: str, bucket: str | None, quote: Quoter) -> str:
    interval = f"{p.low}+" if p.high is None else (str(p.low) if p.low == p.high else f"{p.low}–{p.high}")
    docs = sorted({c.span.path for c in p.counts})
    when = p.day.isoformat() if bucket in (None, "day") else f"in the {bucket} from {p.day.isoformat()}"
    lines = [f"<b>{_esc(interval)}</b> {_esc(what)} · {_esc(source)}" + (" (reports merged)" if bucket else ""),
             f"published {when} · {len(docs)} document{'s' if len(docs) != 1 else ''}"
             + (" · <b>in a finding</b>" if p.marked else "")]
    seen: set[str] = set()
    for c in p.counts:
        if c.span.path in seen:
            continue
        seen.add(c.span.path)
        if len(seen) > HOVER_DOCUMENTS:
            lines.append(f"… and {len(docs) - HOVER_DOCUMENTS} more")
            break
        q = quote(c.span, 160)
        lines.append(f"<i>{_esc(c.span.path)}:{c.span.line}:{c.span.column}</i>")
        lines.extend(_esc(line) for line in textwrap.wrap(f"“{q.text}”", 80))
    return "<br>".join(lines)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)
