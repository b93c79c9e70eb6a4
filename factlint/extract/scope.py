"""Scope: the place a count covers, so that monotonic and sum rules compare like with like.

"4,100 have died in Peru and 900 in Ecuador": a sentence is cut into segments at list separators (commas, "and",
"while", "with"...), and a count takes the nearest place of its own segment ("Peru's toll rose to", "Romania counts
six dead, Austria one", "in the capital Tulln"), or the country of its demonym ("650 Egyptians"), or, for "there",
the place of the count before it. Places are the gazetteer's (entities of type place); a demonym's country is the
gazetteer's spelling of it when listed. A count with no place of its own has no scope here: the corpus-level pass
(`factlint/extract/story.py`) decides what the story's own area is.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from factlint.extract.names import NameMatcher
from factlint.lexicon import Lexicon

_SEPARATOR = re.compile(
    r"[,;:()\[\]—–]|\s(?:and|while|whereas|but|as well as|plus|with|after|before|compared with|compared to|"
    r"against|versus|vs\.?|whilst|including|among them|of whom|since)\s", re.I)
_DATELINE = re.compile(r"\s*(?:,\s*(?:\w+\s+)?\w+\.?\s+\d|\(|[-–—:]|,\s*[A-Z][a-z]+\s*(?:\(|[-–—:]))")
_OPENING = re.compile(r"\s*(?:(?:In|For|Across|Throughout|Elsewhere in|Neighbouring|Neighboring)\s+)?(?:the\s+)?$")
_EVERYWHERE = re.compile(r"\b(?:across|throughout) (?:the )?(?:Europe|region|country|continent|world|area)\b|"
                         r"\b(?:region-wide|nationwide|countrywide|worldwide|in all|in total|overall|altogether)\b", re.I)
_WITH = re.compile(r",?\s+with\s$", re.I)
_THERE = re.compile(r"\b(?:there|in that (?:country|city|town|region|province|state))\b", re.I)


@dataclass(frozen=True, slots=True)
class Place:
    start: int
    end: int
    name: str  # the canonical spelling


class ScopeFinder:
    def __init__(self, lex: Lexicon, names: NameMatcher) -> None:
        self.names = names
        self.countries: dict[str, str] = {}
        for demonym, country in lex.data.get("demonyms", {}).items():
            self.countries[str(demonym).lower()] = str(country)
        self._canonical: dict[str, str] = {}

    def country_of(self, demonym: str) -> str | None:
        """The place a demonym names ("Egyptians" -> Egypt), spelt as the gazetteer lists it when it does."""
        country = self.countries.get(" ".join(demonym.lower().split()))
        if country is None:
            return None
        if country not in self._canonical:
            listed, _, _, _ = self.names.lookup(country)
            self._canonical[country] = listed.entity.name if listed is not None and listed.entity.type == "place" \
                else country
        return self._canonical[country]

    def segment(self, text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
        """The stretch of `text[lo:hi]` around `start:end` between list separators."""
        seg_start, seg_end = lo, hi
        for sep in _SEPARATOR.finditer(text, lo, start):
            seg_start = sep.end()
        after = _SEPARATOR.search(text, end, hi)
        if after:
            seg_end = after.start()
        return seg_start, seg_end

    def find(self, text: str, lo: int, hi: int, start: int, end: int, places: list[Place],
             before: str | None) -> str | None:
        """The place of the count at `start:end` in the sentence `text[lo:hi]`; `before` is the scope of the count
        just before it in the sentence (for "there")."""
        seg_start, seg_end = self.segment(text, lo, hi, start, end)
        starts = [p.start for p in places]
        best: tuple[int, int, str] | None = None
        for p in places[bisect.bisect_left(starts, seg_start - 60):]:
            if p.start >= seg_end:
                break
            if p.end <= seg_start:
                continue
            distance = start - p.end if p.end <= start else (p.start - end if p.start >= end else 0)
            rank = (max(distance, 0), 0 if p.start >= end else 1)
            if best is None or rank < best[:2]:
                best = (rank[0], rank[1], p.name)
        if best is not None:
            return best[2]
        if before is not None and _THERE.search(text, seg_start, seg_end):
            return before
        if _EVERYWHERE.search(text, seg_start, min(hi, seg_end + 30)):
            return None  # "killed at least 23 people across Europe": the whole story, whatever the sentence opens with
        if _WITH.search(text, lo, seg_start):  # "Wajima, with 55": the place of the segment before
            prev_start, _ = self.segment(text, lo, hi, max(lo, seg_start - 6), max(lo, seg_start - 6))
            inside = [p for p in places if prev_start <= p.start and p.end <= seg_start]
            if inside:
                return inside[-1].name
        return self._subject(text, lo, hi, places)

    @staticmethod
    def _subject(text: str, lo: int, hi: int, places: list[Place]) -> str | None:
        """The place a sentence is about, when it opens with it: "Romania has the most deaths so far, seven";
        "Austria reported three more deaths, bringing its toll to six" (a count with a place of its own in its own
        segment has been given it already)."""
        inside = [p for p in places if lo <= p.start < hi]
        if not inside:
            return None
        first = min(inside, key=lambda p: p.start)
        if _DATELINE.match(text, first.end, hi):
            return None  # "MAKKAH, 20 June 2024 -": where the report was filed, not what its figures cover
        return first.name if _OPENING.match(text, lo, first.start) else None
