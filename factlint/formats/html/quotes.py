"""Quotes: the sentence a fact was read in, trimmed around the span, which the report highlights."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from factlint.model import Document, Span

QUOTE_CHARS = 360  # a quote longer than this is trimmed around the span
ELLIPSIS = "…"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Quote:
    before: str
    match: str
    after: str

    @property
    def text(self) -> str:
        return self.before + self.match + self.after


def sentence_of(span: Span, text: str | None) -> tuple[str, int]:
    """The sentence a span was read in and where the span starts in it; `text` is the document's text when the report
    has it. The one place the report reads a span's sentence, so that moving from `Span.sentence` to sentence offsets
    (into `text`) changes only this function."""
    sentence = span.sentence
    at = sentence.find(span.text) if span.text else -1
    if at < 0:
        return span.text, 0
    return sentence, at


class Quoter:
    """Quotes spans of the report's documents."""

    def __init__(self, documents: Iterable[Document] = ()) -> None:
        self.texts = {d.path: d.text for d in documents}

    def __call__(self, span: Span, limit: int = QUOTE_CHARS) -> Quote:
        return quote(span, limit, self.texts.get(span.path))


def quote(span: Span, limit: int = QUOTE_CHARS, text: str | None = None) -> Quote:
    """The span's sentence split around the span, whitespace runs collapsed, trimmed to about `limit` characters."""
    sentence, at = sentence_of(span, text)
    end = at + len(span.text)
    before, match, after = _squash(sentence[:at]).lstrip(), _squash(sentence[at:end]), _squash(sentence[end:]).rstrip()
    room = max(limit - len(match), 0)
    if len(before) + len(after) > room:
        keep_before = min(len(before), room // 2)
        keep_after = min(len(after), room - keep_before)
        keep_before = min(len(before), room - keep_after)
        if keep_before < len(before):
            before = ELLIPSIS + before[len(before) - keep_before:].lstrip()
        if keep_after < len(after):
            after = after[:keep_after].rstrip() + ELLIPSIS
    return Quote(before, match, after)


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text)
