"""Sentences and spans: the units every extractor works in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factlint.documents import Document
from factlint.model import Span

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and an upper-case
# letter, digit or opening quote; or at a line break. Abbreviations that end in a period do not end a sentence.
_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])|\r?\n|\r""")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|St|Jr|Sr|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
    r"|approx|est|vs|etc|Gov|Sen|Rep|Maj|Brig|Adm)|\b[A-Z](?:\.[A-Z])*)\.$"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(doc: Document) -> list[Sentence]:
    out: list[Sentence] = []
    text = doc.text
    start = doc.body_start
    for m in _END.finditer(text, doc.body_start):
        if m.group().strip() and _ABBREV.search(text[max(start, m.start() - 12) : m.start() + 1]):
            continue
        _add(out, text, start, m.end() if m.group().strip() else m.start())
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def make_span(doc: Document, sent: Sentence, start: int, end: int) -> Span:
    line, col = doc.position(start)
    end_line, end_col = doc.position(end)
    return Span(doc.path, start, end, line, col, end_line, end_col, doc.text[start:end], sent.text)
