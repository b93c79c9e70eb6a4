"""Quantities: "at least 327", "more than 412", "nearly 100", "dozens", "2.3 million", "twenty-three",
"15-thousand", "12-thousand-300", "two-thousand-415", "surpassed 2,400".

Each becomes an integer interval [low, high] (high None = unbounded) with its qualifier:

    exact      n            -> [n, n]
    at_least   at least n   -> [n, inf)
    more_than  more than n  -> [n+1, inf)   (also a figure a toll passed: "surpassed", "topped", "exceeds")
    fewer_than fewer than n -> [0, n-1]
    at_most    at most n    -> [0, n]
    up_to      up to n      -> [0, n]
    about      about n      -> [n - b, n + b],  b = floor(n * band)   (band 0.1 by default)
    nearly     nearly n     -> [n - b, n - 1]   (also "nears", "approaching")
    vague      dozens       -> the lexicon's band, e.g. [24, 99]

Numbers are read exactly (integers and fractions), never through a float.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from factlint.lexicon import Lexicon, alternation

MAX_DIGITS = 1000  # a longer run of digits is not a count of anything


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int  # of the whole expression, qualifier included
    end: int
    number_start: int
    low: int
    high: int | None
    qualifier: str
    value: int | None  # the number as written (None for a vague word)
    passing: bool = False  # the qualifier is a verb the figure is passed with ("surpassed 2,400")


def interval(qualifier: str, n: int, band: float = 0.1) -> tuple[int, int | None]:
    b = math.floor(Fraction(band).limit_denominator(10_000) * n)  # exact for any n: no float overflow
    if qualifier == "at_least":
        return n, None
    if qualifier == "more_than":
        return n + 1, None
    if qualifier == "fewer_than":
        return 0, max(n - 1, 0)
    if qualifier in ("at_most", "up_to"):
        return 0, n
    if qualifier == "about":
        return n - b, n + b
    if qualifier == "nearly":
        return min(n - b, n - 1), max(n - 1, 0)
    return n, n


_TOKEN = re.compile(r"\d+|[^\W\d_]+")  # a run of digits or of letters
_LETTERS = re.compile(r"[^\W\d_]+")


class NumberParser:
    """Finds quantities in text with the lexicon's number words, qualifiers and vague words."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.table = lex.number_words
        words = alternation(list(self.table))
        scales = alternation(list(lex.data.get("scales", {})))
        digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
        small = r"\d{1,3}(?![\d,.]\d)"
        # 2.3 million; 15-thousand; 12-thousand-300; 1,200
        numeral = rf"(?:{digits})(?:(?:\s+|-){scales}\b(?:-(?:{small}|{words}(?:-{words})*))?)?"
        # twenty-three; a dozen; two thousand four hundred; two-thousand-415
        worded = rf"(?:(?:a|one)\s+)?{words}(?:(?:\s+|-)(?:and\s+)?{words})*(?:-{small})?"
        vague = alternation(list(lex.vague))
        qual = alternation(list(lex.qualifier_of))
        # The number must not be glued to a unit or be an age, a time, a percentage or money.
        guard = (r"(?![\w%])(?!-[A-Za-z])(?!\s*(?:per\s?cent|percent|%|km|kilometres|kilometers|miles|metres|meters|mm|cm|kg|"
                 r"tonnes|tons|hectares|acres|degrees|years?\b|days?\b|weeks?\b|months?\b|hours?\b|minutes?\b|"
                 r"decades?\b|times\b|-year-old|a\.m\.|p\.m\.|am\b|pm\b))")
        self.regex = re.compile(
            rf"(?<![\w$€£.,:-])(?:(?P<qual>{qual})\s+)?(?:(?P<vague>{vague})|(?P<num>{numeral}|{worded})){guard}",
            re.I,
        )
        self.passing = {p for p, q in lex.qualifier_of.items() if _is_verb(p)}
        # A quantity starts at a digit or at one of these words (its letters up to the first non-letter): the
        # pattern is tried only there, not at every character (the same matches: see `find`).
        heads = [*lex.qualifier_of, *lex.vague, *self.table, "a", "one"]
        firsts = [_LETTERS.match(h.strip().lower()) for h in heads if h.strip()]
        self.firsts = {m.group() for m in firsts if m is not None}
        self.scan = all(m is not None for m in firsts)  # a phrase that starts with a sign: try every character

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
        """The quantities in text[start:end], in order. A match of the pattern starts where no word character
        stands before it (its look-behind), so at the start of a run of digits or of letters, and that run is a digit
        or the first word of a qualifier, a vague word or a number word: trying the pattern at those runs only finds
        exactly what trying it at every character finds."""
        end = len(text) if end is None else end
        if not self.scan:
            return [q for q in map(self._quantity, self.regex.finditer(text, start, end)) if q is not None]
        out: list[Quantity] = []
        after = start
        for token in _TOKEN.finditer(text, start, end):
            at = token.start()
            if at < after:
                continue
            word = token.group()
            if not word[0].isdigit() and word.lower() not in self.firsts:
                continue
            m = self.regex.match(text, at, end)
            if m is None:
                continue
            after = m.end()
            q = self._quantity(m)
            if q is not None:
                out.append(q)
        return out

    def _quantity(self, m: re.Match[str]) -> Quantity | None:
        qual_text = " ".join(m.group("qual").lower().split()) if m.group("qual") else ""
        qualifier = self.lex.qualifier_of[qual_text] if qual_text else "exact"
        if qualifier == "up_to" and _RISES.search(m.string, max(0, m.start() - 16), m.start()):
            qualifier = "exact"  # "the toll has gone up to 292": the verb goes up, the figure is 292
        passing = qual_text in self.passing
        if m.group("vague"):
            low, high = self.lex.vague[" ".join(m.group("vague").lower().split())]
            return Quantity(m.start(), m.end(), m.start("vague"), low, high, "vague", None, passing)
        n = self.parse_number(m.group("num"))
        if n is None:
            return None
        low, high = interval(qualifier, n, self.lex.band(qualifier))
        return Quantity(m.start(), m.end(), m.start("num"), low, high, qualifier, n, passing)

    def parse_number(self, text: str) -> int | None:
        return parse_number(text, self.table)


_RISES = re.compile(r"\b(?:gone|went|goes|go|going|risen|rose|rises|climbed|climbs|moved|shot|jumped|jumps|"
                    r"revised|raised|pushed|ticked|edged)\s+$", re.I)


def _is_verb(phrase: str) -> bool:
    """A qualifier phrase that is a verb the figure is passed with: 'surpassed', 'climbed above', 'nears'."""
    first = phrase.split()[0]
    return first.endswith(("ed", "es", "ing", "ps", "ss")) or first in ("exceed", "surpass", "rose", "went", "risen",
                                                                           "gone", "tops", "nears")


def digits_to_int(digits: str, scale: int = 1) -> int | None:
    """'2,316' -> 2316, '2.3' x 1,000,000 -> 2300000: exact decimal arithmetic, never through a float (which loses
    precision above 2**53 and overflows past 308 digits)."""
    value = _digits(digits)
    return None if value is None else _round(value * scale)


def _digits(digits: str) -> Fraction | None:
    whole, _, frac = digits.replace(",", "").partition(".")
    if not whole or len(whole) + len(frac) > MAX_DIGITS:
        return None
    return Fraction(int(whole + frac), 10 ** len(frac))


def _round(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value.denominator != 1 else int(value)  # round half up


def parse_number(text: str, table: dict[str, int]) -> int | None:
    """A number phrase of digits and number words: '2.3 million' -> 2300000, 'twenty-three' -> 23, 'a dozen' -> 12,
    'three hundred and five' -> 305, '12-thousand-300' -> 12300, 'two-thousand-415' -> 2415."""
    tokens = [t for t in re.split(r"[\s-]+", text.strip().lower()) if t and t != "and"]
    if tokens and tokens[0] in ("a", "an", "one") and len(tokens) > 1:
        nxt = table.get(tokens[1], 0)
        tokens = tokens[1:] if nxt in (12, 100) or nxt >= 1000 else ["one", *tokens[1:]]
    total, current = Fraction(0), Fraction(0)
    for tok in tokens:
        if tok[0].isdigit():
            number = _digits(tok)
            if number is None:
                return None
            current += number
            continue
        if tok not in table:
            return None
        value = table[tok]
        if value >= 1000:
            total += max(current, Fraction(1)) * value
            current = Fraction(0)
        elif value == 100:
            current = max(current, Fraction(1)) * 100
        else:
            current += value
    return _round(total + current)


def words_to_int(text: str, table: dict[str, int]) -> int | None:
    """Number words only (kept for callers that read words): see parse_number."""
    return parse_number(text, table)
