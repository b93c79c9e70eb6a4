"""Reading an HTML report back without a browser: its scripts, embedded data, findings and tables."""

from __future__ import annotations

import base64
import gzip
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""


@dataclass
class Page:
    source: str
    scripts: list[Element] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)  # every start tag, in order, with its attributes
    csp: str = ""

    def unpacked(self, element_id: str) -> str:
        """The text of a gzipped, base64-encoded <script type="application/gzip"> element."""
        [script] = [s for s in self.scripts if s.attrs.get("id") == element_id]
        assert script.attrs.get("type") == "application/gzip"
        return gzip.decompress(base64.b64decode(script.text, validate=True)).decode("utf-8")

    def data(self, element_id: str) -> Any:
        return json.loads(self.unpacked(element_id))

    @property
    def figures(self) -> dict[str, Any]:
        return dict(self.data("figures"))

    def findings(self) -> list[tuple[str, str, str]]:
        """(rule, severity, fingerprint) of every finding in the report's data, section by section."""
        out = []
        for items in self.data("findings-data").values():
            for severity, fingerprint, fragment in items:
                [article] = [e for e in parse(fragment).elements if e.tag == "article"]
                assert (article.attrs["data-severity"], article.attrs["data-fingerprint"]) == (severity, fingerprint)
                out.append((str(article.attrs["data-rule"]), severity, fingerprint))
        return out

    def finding_fragments(self) -> dict[str, str]:
        return {fp: fragment for items in self.data("findings-data").values() for _, fp, fragment in items}

    def with_class(self, name: str) -> list[Element]:
        return [e for e in self.elements if name in (e.attrs.get("class") or "").split()]

    def chart(self, title: str) -> dict[str, Any]:
        """The figure of the timeline with this title."""
        ids = [e.attrs["id"] for e in self.elements if e.tag == "figure" and e.attrs.get("data-title") == title]
        assert len(ids) == 1, f"no single timeline titled {title!r}"
        return dict(self.figures[str(ids[0]).removesuffix("-figure")])


_VOID = {"meta", "input", "br", "img", "link", "hr"}


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, dict(attrs))
        self.page.elements.append(el)
        if tag == "meta" and (el.attrs.get("http-equiv") or "").lower() == "content-security-policy":
            self.page.csp = el.attrs.get("content") or ""
        if tag == "script":
            self.page.scripts.append(el)
        if tag not in _VOID:
            self.open.append(el)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for el in self.open:
            el.text += data


def parse(text: str) -> Page:
    page = Page(text)
    reader = _Reader(page)
    reader.feed(text)
    reader.close()
    return page


TOLL = {"kind": "count", "metric": "killed", "who": "people", "cumulative": True, "status": "claim", "scope": None}


def toll_points(rows: list[dict[str, Any]]) -> dict[str, set[tuple[str, int, int | None]]]:
    """From `factlint facts --format jsonl` rows: per source, the (published, low, high) of its dated running tolls
    of people killed; what the "people killed" timeline must draw, one trace per source."""
    out: dict[str, set[tuple[str, int, int | None]]] = {}
    for row in rows:
        if all(row.get(k) == v for k, v in TOLL.items()) and row["source"] and row["published"]:
            out.setdefault(row["source"], set()).add((row["published"], row["low"], row["high"]))
    return out
