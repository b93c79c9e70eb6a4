"""Quantities: "at least 327", "more than 412", "nearly 100", "dozens", "2.3 million", "twenty-three".

Each becomes an integer interval [low, high] (high None = unbounded) with its qualifier:

    exact      n            -> [n, n]
    at_least   at least n   -> [n, inf)
    more_than  more than n  -> [n+1, inf)
    fewer_than fewer than n -> [0, n-1]
    at_most    at most n    -> [0, n]
    up_to      up to n      -> [0, n]
    about      about n      -> [n - b, n + b],  b = floor(n * band)   (band 0.1 by default)
    nearly     nearly n     -> [n - b, n - 1]
    vague      dozens       -> the lexicon's band, e.g. [24, 99]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from factlint.lexicon import Lexicon, alternation


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int  # of the whole expression, qualifier included
    end: int
    number_start: int
    low: int
    high: int | None
    qualifier: str
    value: int | None  # the number as written (None for a vague word)


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


class NumberParser:
    """Finds quantities in text with the lexicon's number words, qualifiers and vague words."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        words = alternation(list(lex.number_words))
        scales = alternation([k for k in lex.data.get("scales", {})])
        digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
        numeral = rf"(?:{digits})(?:\s+{scales}\b)?"
        worded = rf"(?:(?:a|one)\s+)?{words}(?:(?:\s+|-)(?:and\s+)?{words})*"
        vague = alternation(list(lex.vague))
        qual = alternation(list(lex.qualifier_of))
        # The number must not be glued to a unit or be an age, a time, a percentage or money.
        guard = (r"(?![\w%])(?!-year)(?!\s*(?:per\s?cent|percent|%|km|kilometres|kilometers|miles|metres|meters|mm|cm|kg|"
                 r"tonnes|tons|hectares|acres|degrees|years?\b|days?\b|weeks?\b|months?\b|hours?\b|minutes?\b|"
                 r"decades?\b|times\b|-year-old|a\.m\.|p\.m\.|am\b|pm\b))")
        self.regex = re.compile(
            rf"(?<![\w$€£.,:-])(?:(?P<qual>{qual})\s+)?(?:(?P<vague>{vague})|(?P<num>{numeral}|{worded})){guard}",
            re.I,
        )

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
        out: list[Quantity] = []
        for m in self.regex.finditer(text, start, len(text) if end is None else end):
            q = self._quantity(m)
            if q is not None:
                out.append(q)
        return out

    def _quantity(self, m: re.Match[str]) -> Quantity | None:
        qual_text = m.group("qual")
        qualifier = self.lex.qualifier_of[" ".join(qual_text.lower().split())] if qual_text else "exact"
        if m.group("vague"):
            low, high = self.lex.vague[" ".join(m.group("vague").lower().split())]
            return Quantity(m.start(), m.end(), m.start("vague"), low, high, "vague", None)
        n = self.parse_number(m.group("num"))
        if n is None:
            return None
        low, high = interval(qualifier, n, self.lex.band(qualifier))
        return Quantity(m.start(), m.end(), m.start("num"), low, high, qualifier, n)

    def parse_number(self, text: str) -> int | None:
        text = text.strip().lower()
        m = re.match(r"([\d,]+(?:\.\d+)?)(?:\s+(\w+))?$", text)
        if m:
            scale = self.lex.number_words.get(m.group(2) or "", 1) if m.group(2) else 1
            return digits_to_int(m.group(1), scale)
        return words_to_int(text, self.lex.number_words)


MAX_DIGITS = 1000  # a longer run of digits is not a count of anything


def digits_to_int(digits: str, scale: int = 1) -> int | None:
    """'2,316' -> 2316, '2.3' x 1,000,000 -> 2300000: exact decimal arithmetic, never through a float (which loses
    precision above 2**53 and overflows past 308 digits)."""
    whole, _, frac = digits.replace(",", "").partition(".")
    if not whole or len(whole) + len(frac) > MAX_DIGITS:
        return None
    value = Fraction(int(whole + frac), 10 ** len(frac)) * scale
    return int(value + Fraction(1, 2)) if value.denominator != 1 else int(value)  # round half up


def words_to_int(text: str, table: dict[str, int]) -> int | None:
    """'two million' -> 2000000, 'twenty-three' -> 23, 'a dozen' -> 12, 'three hundred and five' -> 305."""
    tokens = [t for t in re.split(r"[\s-]+", text.lower()) if t and t != "and"]
    if tokens and tokens[0] in ("a", "an", "one") and len(tokens) > 1:
        tokens = tokens[1:] if table.get(tokens[1], 0) in (12, 100) or table.get(tokens[1], 0) >= 1000 else ["one", *tokens[1:]]
    total, current = 0, 0
    for tok in tokens:
        if tok not in table:
            return None
        value = table[tok]
        if value >= 1000:
            total += max(current, 1) * value
            current = 0
        elif value == 100:
            current = max(current, 1) * 100
        else:
            current += value
    return total + current
