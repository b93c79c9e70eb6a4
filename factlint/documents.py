"""Documents: reading text files, their publication date, and offset -> line:column conversion.

A document is read once, decoded once; every fact's offsets point into `Document.text` (BOM removed, line endings
kept as written, so a fix can write back every byte it did not change).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from factlint.model import Diagnostic, Document

MAX_BYTES = 50 * 1024 * 1024  # a larger file is skipped with a warning rather than read into memory

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


def _front_matter_date(text: str) -> tuple[dt.date | None, int]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return None, 0
    try:
        meta = yaml.safe_load(m.group(1))
    except (yaml.YAMLError, ValueError):  # ValueError: a timestamp that is no date ("date: 2024-02-30")
        return None, m.end()
    value = meta.get("date") if isinstance(meta, dict) else None
    if isinstance(value, dt.datetime):
        return value.date(), m.end()
    if isinstance(value, dt.date):
        return value, m.end()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10]), m.end()
        except ValueError:
            pass
    return None, m.end()


def read_document(
    path: Path, display: str, date_map: dict[str, dt.date] | None = None
) -> tuple[Document | None, Diagnostic | None]:
    """Read one text document; on failure return a warning diagnostic naming the file and why."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, Diagnostic(display, f"skipped: file is {size} bytes, over the {MAX_BYTES}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        return None, Diagnostic(display, f"skipped: cannot read file ({exc.strerror or exc})")
    if not data.strip():
        return None, Diagnostic(display, "skipped: file is empty")
    decoded = decode(data)
    if decoded is None:
        return None, Diagnostic(display, "skipped: not UTF-8 text (binary or another encoding)")
    text, bom = decoded
    return make_document(display, text, date_map, bom=bom), None


def make_document(display: str, text: str, date_map: dict[str, dt.date] | None = None, bom: bool = False) -> Document:
    published, body_start = _front_matter_date(text)
    source: str | None = "front-matter" if published else None
    if published is None:
        m = _MARKER.match(text, body_start)
        if m:
            try:
                published, body_start, source = dt.date.fromisoformat(m.group(1)), m.end(), "marker"
            except ValueError:
                pass
    if published is None and date_map and display in date_map:
        published, source = date_map[display], "config"
    return Document(display, text, published, source, None, body_start, bom)
