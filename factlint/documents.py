"""Documents: reading text files, their publication date, and offset -> line:column conversion.

A document is read once, decoded once; every fact's offsets point into `Document.text` (BOM removed, line endings
kept as written, so a fix can write back every byte it did not change).
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from pathlib import Path

import yaml

from factlint.model import Diagnostic, Document

MAX_BYTES = 50 * 1024 * 1024  # a larger file is skipped with a warning rather than read into memory
MAX_FRONT_MATTER = 64 * 1024

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_MARKER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*")


def decode(data: bytes) -> tuple[str, bool] | None:
    """UTF-8 text (with or without BOM), or None when the bytes are not text."""
    if b"\x00" in data[:8192]:
        return None
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8-sig"), bom
    except UnicodeDecodeError:
        return None


class _Header:
    """What the top of a document says about its publication date."""

    def __init__(self, published: dt.date | None, body_start: int, source: str | None, problem: str | None) -> None:
        self.published, self.body_start, self.source, self.problem = published, body_start, source, problem


def _front_matter(text: str) -> _Header | None:
    m = _FRONT_MATTER.match(text)
    if not m:
        return None
    line = text[: m.start(1)].count("\n") + 1
    if len(m.group(1)) > MAX_FRONT_MATTER:  # PyYAML reads about 100 kB/s: a 50 MB header would take minutes
        return _Header(None, m.end(), None, f"front matter is over {MAX_FRONT_MATTER // 1024} kB, too large to be a "
                                            "header; it is not read and the document is undated")
    try:
        meta = yaml.safe_load(m.group(1))
    except ValueError as exc:  # a timestamp that is no date ("date: 2024-02-30")
        return _Header(None, m.end(), None, f"front matter: the date is not a valid date ({exc})")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {line + mark.line})" if mark is not None else ""
        return _Header(None, m.end(), None, f"front matter is not valid YAML{where}; the document is undated")
    except RecursionError:  # "date: [[[[...": one document's header must not stop the run
        return _Header(None, m.end(), None, "front matter is nested too deeply; the document is undated")
    value = meta.get("date") if isinstance(meta, dict) else None
    if isinstance(value, dt.datetime):
        return _Header(value.date(), m.end(), "front-matter", None)
    if isinstance(value, dt.date):
        return _Header(value, m.end(), "front-matter", None)
    if isinstance(value, str):
        try:
            return _Header(dt.date.fromisoformat(value.strip()[:10]), m.end(), "front-matter", None)
        except ValueError:
            return _Header(None, m.end(), None, f"front matter: date '{value.strip()[:40]}' is not a date "
                                                "(YYYY-MM-DD); the document is undated")
    if value is not None:
        return _Header(None, m.end(), None, "front matter: date is not a date (YYYY-MM-DD); the document is undated")
    return _Header(None, m.end(), None, None)


def _header(text: str) -> _Header:
    front = _front_matter(text)
    if front is not None and (front.published is not None or front.problem is not None):
        return front
    start = front.body_start if front is not None else 0
    m = _MARKER.match(text, start)
    if m:
        try:
            return _Header(dt.date.fromisoformat(m.group(1)), m.end(), "marker", None)
        except ValueError as exc:
            return _Header(None, m.end(), None, f"date marker '{m.group(1)}' is not a valid date ({exc}); "
                                                "the document is undated")
    return _Header(None, start, None, None)


def read_document(
    path: Path, display: str, date_map: dict[str, dt.date] | None = None
) -> tuple[Document | None, Diagnostic | None]:
    """Read one text document. A warning diagnostic names the file and why it was skipped (no document), or what is
    wrong with its date header (with the document)."""
    try:
        st = path.stat()
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):  # /dev/zero would never end
            return None, Diagnostic(display, "skipped: not a regular file (a device or socket)")
        if st.st_size > MAX_BYTES:
            return None, Diagnostic(display, f"skipped: file is {st.st_size} bytes, over the {MAX_BYTES}-byte limit")
        with path.open("rb") as fh:  # bounded: a pipe (named on the command line) has no size to check first
            data = fh.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return None, Diagnostic(display, f"skipped: over the {MAX_BYTES}-byte limit")
    except OSError as exc:
        return None, Diagnostic(display, f"skipped: cannot read file ({exc.strerror or exc})")
    if not data.strip():
        return None, Diagnostic(display, "skipped: file is empty")
    decoded = decode(data)
    if decoded is None:
        return None, Diagnostic(display, "skipped: not UTF-8 text (binary or another encoding)")
    text, bom = decoded
    return document_and_problem(display, text, date_map, bom)


def document_and_problem(display: str, text: str, date_map: dict[str, dt.date] | None = None,
                         bom: bool = False) -> tuple[Document, Diagnostic | None]:
    """A document from its text, with a warning when its date header is present but unusable."""
    head = _header(text)
    problem = Diagnostic(display, head.problem, 1) if head.problem else None
    published, source = head.published, head.source
    if published is None and date_map and display in date_map:
        published, source, problem = date_map[display], "config", None
    return Document(display, text, published, source, None, head.body_start, bom), problem


def make_document(display: str, text: str, date_map: dict[str, dt.date] | None = None, bom: bool = False) -> Document:
    return document_and_problem(display, text, date_map, bom)[0]
