"""Structured facts: `*.facts.yaml` written by people, `*.jsonl` written by other extractors (or by
`factlint facts --format jsonl`), validated with errors that name file, line and field.

A facts YAML file describes one document::

    document: articles/000.txt      # optional: the text the facts were read from (relative to this file)
    published: "2024-11-30"         # optional: its publication date
    counts:   [{text: "at least 327 people", metric: killed, low: 327, high: null, qualifier: at_least, ...}]
    dates:    [{text: "on Thursday", value: "2024-11-28", event: offensive-launch}]
    mentions: [{text: "Khan Cheikhoun", canonical: "Khan Sheikhun", entity: khan-sheikhun, match: fuzzy}]

A JSONL file has one fact per line, with the fields of `factlint facts --format jsonl` (`kind` and `path` required).
Gold annotation files for the extraction benchmark use the YAML form.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factlint import fsio, timex
from factlint.documents import make_document, read_document
from factlint.errors import ConfigError
from factlint.model import Count, DateFact, Document, Fact, Mention, Span
from factlint.yamlpos import Node, describe, expect_list, expect_mapping, load_file

QUALIFIERS = ("exact", "at_least", "more_than", "fewer_than", "at_most", "up_to", "about", "nearly", "vague")
COMMON = ("text", "line", "column", "id", "note", "kind", "path", "start", "end", "end_line", "end_column",
          "published", "sentence")
COUNT_FIELDS = COMMON + ("metric", "low", "high", "qualifier", "who", "source", "cumulative", "status", "scope",
                         "part_of", "via", "reason", "as_of", "basis", "official")
DATE_FIELDS = COMMON + ("value", "event", "anchor", "granularity", "start_date", "end_date")
MENTION_FIELDS = COMMON + ("canonical", "entity", "surface", "match", "score", "entity_type", "listed")
TOP = ("document", "published", "counts", "dates", "mentions", "note")


@dataclass(frozen=True)
class FactsFile:
    path: str
    document: Document | None  # the text, when the file names one that can be read
    published: dt.date | None
    facts: list[Fact]


class _Field:
    """Typed access to one fact's fields, raising errors that say where."""

    def __init__(self, raw: dict[str, Any], where: Callable[[str | None], ConfigError]) -> None:
        self.raw, self.where = raw, where

    def get(self, name: str, types: tuple[type, ...], default: Any = None, required: bool = False) -> Any:
        if name not in self.raw or self.raw[name] is None:
            if required:
                raise self.where(f"missing required field '{name}'")
            return default
        value = self.raw[name]
        if isinstance(value, bool) and bool not in types:
            raise self.where(f"field '{name}': expected {'/'.join(t.__name__ for t in types)}, got {describe(value)}")
        if not isinstance(value, types):
            raise self.where(f"field '{name}': expected {'/'.join(t.__name__ for t in types)}, got {describe(value)}")
        return value

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.get(name, (str,), default)
        if value not in choices:
            raise self.where(f"field '{name}': '{value}' is not one of {', '.join(choices)}")
        return str(value)


def _date(value: Any, f: _Field, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise f.where(f"field '{name}': '{value}' is not a date (YYYY-MM-DD)") from None


def build_fact(kind: str, raw: dict[str, Any], path: str, doc: Document | None, published: dt.date | None,
               where: Callable[[str | None], ConfigError], cursor: dict[str, int], n: int = 0) -> Fact:
    """One fact from its fields; `n`, its place in the file, makes a default id unique when positions are unknown."""
    allowed = {"count": COUNT_FIELDS, "date": DATE_FIELDS, "mention": MENTION_FIELDS}[kind]
    for key in raw:
        if key not in allowed:
            raise where(f"unknown field '{key}' for a {kind} fact")
    f = _Field(raw, where)
    text = f.get("text", (str,), "")
    published = _date(raw.get("published"), f, "published") or published
    span = _span(f, path, text, doc, cursor)
    if kind == "count":
        low = f.get("low", (int,), required=True)
        high = f.get("high", (int,), None)
        if low < 0 or (high is not None and high < low):
            raise where(f"count interval [{low}, {high}] is empty or negative")
        return Count(span, f.get("metric", (str,), required=True), low, high,
                     f.choice("qualifier", QUALIFIERS, "exact"), f.get("who", (str,), "people"),
                     f.get("source", (str,), None), f.get("cumulative", (bool,), False),
                     f.choice("status", ("claim", "projection", "superseded"), "claim"), _opt_str(f, "scope"),
                     published, f.get("id", (str,), f"{path}#{span.start}.{n}"), f.get("part_of", (str,), None),
                     f.get("via", (str,), None), f.get("reason", (str,), None),
                     _date(raw.get("as_of"), f, "as_of"), f.get("basis", (str,), "total"),
                     f.get("official", (bool,), False))
    if kind == "date":
        value = raw.get("value")
        value = value.isoformat() if isinstance(value, dt.date) else value
        if value is not None and not isinstance(value, (str, int)):
            raise where(f"field 'value': expected a date value, got {describe(value)}")
        start = end = None
        granularity = "day"
        if value is not None:
            try:
                start, end, granularity = timex.bounds(str(value))
            except (ValueError, OverflowError) as exc:
                raise where(f"field 'value': {exc}") from None
        return DateFact(span, None if value is None else str(value), start, end, granularity,
                        f.choice("anchor", ("publication", "inferred", "explicit", "none"), "explicit"),
                        f.get("event", (str,), None), published, f.get("id", (str,), f"{path}#d{span.start}.{n}"))
    canonical = f.get("canonical", (str,), None)
    return Mention(span, f.get("surface", (str,), text), f.get("entity", (str,), canonical), canonical,
                   float(f.get("score", (int, float), 100.0 if canonical else 0.0)), f.get("entity_type", (str,), None),
                   f.choice("match", ("exact", "alias", "normalized", "fuzzy", "acronym", "unlisted"),
                            "exact" if canonical else "unlisted"),
                   f.get("listed", (str,), None), published, f.get("id", (str,), f"{path}#m{span.start}.{n}"))


def _opt_str(f: _Field, name: str) -> str | None:
    value = f.get(name, (str, int), None)
    return None if value is None else str(value)


def _span(f: _Field, path: str, text: str, doc: Document | None, cursor: dict[str, int]) -> Span:
    line = f.get("line", (int,), None)
    column = f.get("column", (int,), None)
    if doc is not None and text and line is None:
        start = doc.text.find(text, cursor.get(text, 0))
        if start < 0:
            start = doc.text.find(text)
        if start >= 0:
            cursor[text] = start + len(text)
            ln, col = doc.position(start)
            eln, ecol = doc.position(start + len(text))
            return Span(doc.path, start, start + len(text), ln, col, eln, ecol, text, text)
    start = f.get("start", (int,), 0)
    ln, col = line or 1, column or 1
    return Span(path, start, f.get("end", (int,), start + len(text)), ln, col,
                f.get("end_line", (int,), ln), f.get("end_column", (int,), col + len(text)), text,
                f.get("sentence", (str,), text))


def load_yaml(path: Path, display: str, roots: tuple[Path, ...] = ()) -> FactsFile:
    node = load_file(str(path), display)
    if node is None:
        return FactsFile(display, None, None, [])
    top = expect_mapping(node, TOP)
    published = _node_date(top.get("published"))
    doc: Document | None = None
    fact_path = display
    if "document" in top:
        target = path.parent / str(top["document"].value)
        roots = roots or (path.parent,)
        if not any(_inside(target, r) for r in roots):
            raise top["document"].error(f"'{top['document'].value}' is outside the corpus "
                                        f"({' or '.join(r.as_posix() for r in roots)}); a facts file describes a "
                                        "document of its corpus")
        if fsio.exists(target) and not fsio.is_file(target):  # a folder, or a named pipe that no one writes to (a hang)
            raise top["document"].error(f"'{top['document'].value}' is not a regular file")
        doc, diag = read_document(target, _display_near(display, str(top["document"].value)))
        if doc is None:
            raise top["document"].error(diag.message if diag else "cannot read the document")
        fact_path = doc.path
        if published is not None and doc.published != published:
            doc = make_document(doc.path, doc.text, {doc.path: published})
            doc = Document(doc.path, doc.text, published, "explicit", None, doc.body_start, doc.bom)
        published = published or doc.published
    facts: list[Fact] = []
    cursor: dict[str, int] = {}
    for kind, key in (("count", "counts"), ("date", "dates"), ("mention", "mentions")):
        for item in expect_list(top[key]) if key in top else []:
            raw = expect_mapping(item, {"count": COUNT_FIELDS, "date": DATE_FIELDS, "mention": MENTION_FIELDS}[kind])
            plain = {k: v.plain() for k, v in raw.items()}
            facts.append(build_fact(kind, plain, fact_path, doc, published, _located(item), cursor, len(facts)))
    return FactsFile(fact_path, doc, published, facts)


def _located(node: Node) -> Callable[[str | None], ConfigError]:
    return lambda msg: node.error(msg or "invalid fact")


def _node_date(node: Node | None) -> dt.date | None:
    if node is None:
        return None
    value = node.value
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise node.error(f"'{value}' is not a date (YYYY-MM-DD)") from None


def _display_near(display: str, ref: str) -> str:
    parent = display.rsplit("/", 1)[0] if "/" in display else ""
    joined = f"{parent}/{ref}" if parent else ref
    parts: list[str] = []
    for part in joined.split("/"):
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts)


def load_jsonl(path: Path, display: str) -> FactsFile:
    facts: list[Fact] = []
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read facts file: {exc}", display) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        def where(msg: str | None, n: int = n) -> ConfigError:
            return ConfigError(msg or "invalid fact", display, n)
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"invalid JSON: {exc.msg}", display, n, exc.colno) from None
        except ValueError as exc:  # an integer beyond Python's digit limit
            raise ConfigError(f"invalid JSON: {exc}".split(";")[0], display, n) from None
        except RecursionError:
            raise ConfigError("invalid JSON: nested too deeply", display, n) from None
        if not isinstance(raw, dict):
            raise where(f"expected a JSON object, got {describe(raw)}")
        kind = raw.get("kind")
        if kind not in ("count", "date", "mention"):
            raise where(f"field 'kind': expected count, date or mention, got {describe(kind)}")
        fact_path = raw["path"] if isinstance(raw.get("path"), str) else display
        facts.append(build_fact(kind, raw, fact_path, None, None, where, {}, n))
    return FactsFile(display, None, None, facts)


def load(path: Path, display: str, roots: tuple[Path, ...] = ()) -> FactsFile:
    """A facts file; its `document:` must stay inside one of `roots` (the folder of the corpus it was found in, the
    folder of the run), so a shared facts file cannot make factlint read /etc/passwd."""
    return load_jsonl(path, display) if path.name.endswith(".jsonl") else load_yaml(path, display, roots)


def _inside(target: Path, root: Path) -> bool:
    try:
        Path(os.path.realpath(target)).relative_to(os.path.realpath(root))
    except ValueError:
        return False
    return True
