"""Sentences and spans: the units every extractor works in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factlint.model import Document, Span

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


_WRAPPED = re.compile(r"[^\s.!?:;\"”’)\]]")  # a line that ends mid-sentence


def _soft_break(text: str, start: int, m: re.Match[str]) -> bool:
    """A single line break inside hard-wrapped prose: the line is long and ends mid-sentence, and the next line goes
    on with the same sentence (it does not start a heading, a list item or a blank line)."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line = text[line_start:m.start()].rstrip("\r")
    nxt = text[m.end():m.end() + 2]
    if not line or not nxt or nxt[0] in "\r\n-*•#>" or not _WRAPPED.match(line[-1]):
        return False
    dangling = re.search(r"\b(?:on|in|at|the|a|an|of|to|and|or|by|for|from|with|said|says|told|than|as|that)$", line, re.I)
    return len(line) >= 40 and (nxt[0].islower() or nxt[0].isdigit() or len(line) >= 60 or bool(dangling))


def sentences(doc: Document) -> list[Sentence]:
    """The document's sentences. The first line of the body, when it has no final punctuation, is a headline: a
    sentence of its own, never run into the text below it."""
    out: list[Sentence] = []
    text = doc.text
    start = doc.body_start
    headline_end = _headline_end(text, start)
    for m in _END.finditer(text, doc.body_start):
        if m.group().strip() and _ABBREV.search(text[max(start, m.start() - 12) : m.start() + 1]):
            continue
        if not m.group().strip() and m.start() != headline_end and _soft_break(text, start, m):
            continue
        _add(out, text, start, m.end() if m.group().strip() else m.start())
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _headline_end(text: str, start: int) -> int:
    """Where the first non-empty line of the body ends (its line break), or -1."""
    m = re.compile(r"[ \t]*\S[^\r\n]*").search(text, start)
    return m.end() if m else -1


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def make_span(doc: Document, sent: Sentence, start: int, end: int) -> Span:
    line, col = doc.position(start)
    text = doc.text[start:end]
    if "\n" in text or "\r" in text:
        end_line, end_col = doc.position(end)
    else:  # on one line: no second search
        end_line, end_col = line, col + end - start
    return Span(doc.path, start, end, line, col, end_line, end_col, text, sent.text)
