"""Which story event a date expression dates: the one its clause is about.

A sentence is cut into clauses at semicolons, colons and dashes, and where a subordinate or relative clause begins
(", but", "after the army said", "which erupted", "that caved in"; not "when", which shares its time, nor brackets
and quotes, which hold asides). A date is linked to a trigger of its own clause only:

1. a trigger right beside the date, the date modifying its noun or the other way round: "the Jan. 1 quake",
   "Friday's attack", "the earthquake on Monday";
2. else the nearest trigger within the event's window of words (two words for a month or a year: "erupted in April
   2023"), or at any distance the trigger that opens the clause before a day ("A drone strike on a mosque ... killed 75 worshippers during dawn prayers on Friday");
   a trigger nearer to another date of the sentence goes to that one ("On Sunday the government revised the toll
   of the crash on Friday": Friday dates the crash);
3. else, in a relative clause, the trigger it describes: "the earthquake that shook the region on New Year's Day";
4. else a trigger of the "after" or "when" clause that follows, when that clause gives no date of its own: "the toll
   climbed to 290 on Friday after a passenger died of his injuries".

In a clause that reports a count ("the death toll from the quake rose to 202 on Tuesday") the date dates the count:
only a trigger that is the count itself ("the toll passed 1,000 on Thursday") or one right beside the date takes it.
Never linked: a date that reports ("officials said on Friday", unless the trigger is that report: "announced"), a
deadline ("held until May 22", "by Sunday"), a dateline, and "now" or "recently". "The same day" is linked like
any date, or to the trigger just after it ("the same day that rebels attacked").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from factlint.extract.text import Sentence
from factlint.model import Event

# where a clause ends and the next begins (the match's start)
CLAUSE = re.compile(
    r";|:(?=\s)|\s[-–—]+\s|--|\n(?=[A-Z])"  # a line break inside a sentence: a headline run into its text
    r"|,\s+(?=(?:and|but|while|as|after|before|whereas|which|who|where|although|though|because|since|until)\b)"
    r"|\b(?:while|whereas|although|because|which|who|whom|where)\b"
    r"|\b(?:after|before|since|until)\b(?!\s+(?:dawn|dusk|noon|midday|midnight|daybreak|sunrise|sunset|nightfall)\b)"
    r"|\bthat\b(?!\s+(?:day|week|month|year|morning|afternoon|evening|night|time|weekend|\w+day)\b)")
_WORD = re.compile(r"[\w'-]+")
_RELATIVE = re.compile(r"(?:,\s+)?(?:that|which|who|where)\b")
_SAME_TIME = re.compile(r"(?:,\s+)?(?:after|when|as|where)\b")  # a clause that happened at the time of the one before
_VERB_END = re.compile(r"(?:ed|said|says|told)$")  # "announced that ...": a verb and its object, not a relative clause
_AS_OF = re.compile(r"\bas of\b[^,;]{0,30}$", re.I)  # "as of 8 a.m. on Saturday": the time a figure stands at
# a clause that reports a count: the date dates the count, not the event the count is of
_TOLL = re.compile(r"\b(?:toll|tally|number of (?:the )?(?:dead|deaths|victims|people killed|fatalities))\b.*?"
                   r"\b(?P<verb>rose|risen|rises|climbed|climbs|reached|reaches|stood|stands|jumped|increased|passed|"
                   r"surpassed|exceeded|topped|went up|gone up|grew|hit|was|is)\b", re.I | re.S)
_REPORTING = frozenset(("said", "says", "say", "told", "tells", "reported", "reports", "announced", "announces",
                        "added", "adds", "stated", "confirmed", "confirms", "noted", "warned", "wrote", "tweeted",
                        "posted", "declared", "according", "quoted", "cited"))
# what stands between a date and the noun it modifies ("the Jan. 1 quake", "Friday's attack"): no punctuation, no
# word that starts a phrase of its own
_NOT_MODIFIER = re.compile(r"[,;.()]|\b(?:as|a|an|the|and|or|but|when|while|after|before|to|of|in|on|at|by|for|with|that"
                           r"|which|who|was|were|is|are|has|had|have)\b", re.I)
_REPORT_OBJECTS = frozenset(("reporters", "journalists", "correspondents", "media", "press", "a", "an", "the", "in",
                             "at", "during", "statement", "briefing", "interview", "conference", "news", "television",
                             "radio", "late", "early", "also", "later", "earlier", "parliament", "lawmakers"))
_DEADLINE_PREPS = frozenset(("until", "till", "through", "by", "ahead of", "before"))


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    event: str
    window: int


def triggers(events: tuple[Event, ...], sent: Sentence) -> list[Trigger]:
    out = [Trigger(sent.start + t.start(), sent.start + t.end(), ev.id, ev.window)
           for ev in events for pat in ev.triggers for t in pat.finditer(sent.text)]
    return sorted(out, key=lambda t: (t.start, t.end, t.event))


def clause_of(sent: Sentence, start: int, own_prep: str) -> tuple[int, int, int]:
    """The clause (absolute offsets) holding a date that starts at `start`, and where the word or mark that opens
    it begins; the date's own preposition ("since May 2024") does not open a clause of its own."""
    lo, hi, opener = sent.start, sent.end, sent.start
    for m_start, m_end in _boundaries(sent.text):
        at = sent.start + m_start
        if at <= start:
            if not (own_prep and at == start):
                lo, opener = sent.start + m_end, at
        else:
            hi = at
            break
    return lo, hi, opener


@functools.lru_cache(maxsize=256)
def _boundaries(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in CLAUSE.finditer(text))


def words(text: str) -> int:
    return len(_WORD.findall(text))


def reporting_verb(sent: Sentence, start: int) -> int | None:
    """Where the reporting verb a date follows stands: "officials said on Friday", "told reporters on Monday",
    "said in a statement on Friday"; None when the date does not report (what stands between is not the verb's
    short object: "said it was behind Friday's attack", "confirms deaths from New Year's Day quake")."""
    window = sent.text[max(0, start - sent.start - 60): start - sent.start]
    found = [m for m in _WORD.finditer(window)][-5:]
    for i in range(len(found) - 1, -1, -1):
        if found[i].group().lower() in _REPORTING:
            gap = [m.group() for m in found[i + 1:]]
            if all(w.lower() in _REPORT_OBJECTS or w[:1].isupper() for w in gap):
                return start - len(window) + found[i].start()
            return None
    return None


def link(sent: Sentence, start: int, end: int, prep: str, granularity: str, found: list[Trigger],
         others: list[tuple[int, int]], excluded: set[int]) -> int | None:
    """The index in `found` of the trigger whose event the date at [start, end) dates, or None. `others`: the other
    date expressions of the sentence (a trigger goes to the nearest of them); `excluded`: triggers "the same day"
    points to."""
    before = sent.text[max(0, start - sent.start - 40): start - sent.start]
    coarse = granularity not in ("day", "week", "weekend", "")
    if prep in _DEADLINE_PREPS or _AS_OF.search(before) or (coarse and prep == "since"):
        return None  # "until Sunday", "as of Tuesday", "the first such quake since 2016": no event's date
    lo, hi, opener = clause_of(sent, start, prep)
    mine = [(j, t) for j, t in enumerate(found) if t.start < hi and lo < t.end and j not in excluded]
    said = reporting_verb(sent, start)
    if said is not None:  # a reporting date dates only a report that is itself the event ("announced on Sunday")
        mine = [(j, t) for j, t in mine if t.start <= said < t.end]
    for j, t in mine:  # 1. the date modifies the trigger's noun, or the noun the date: "the Jan. 1 quake",
        gap = sent.text[end - sent.start: t.start - sent.start]  # "the earthquake on Monday"
        if t.start >= end and words(gap) <= 2 and not _NOT_MODIFIER.search(gap):
            return j
        if t.end <= start and words(sent.text[t.end - sent.start: start - sent.start]) == 0:
            return j
    toll = _TOLL.search(sent.text, lo - sent.start, hi - sent.start)
    if toll:  # "the death toll from the quake rose to 202 on Tuesday": the date dates the count, unless the count
        verb = sent.start + toll.start("verb")  # is the event ("the toll passed 1,000 on Thursday")
        mine = [(j, t) for j, t in mine if t.start <= verb < t.end]
    first = next((j for j, t in mine if t.end <= start and words(sent.text[lo - sent.start: t.start - sent.start]) <= 3),
                 None)
    best: tuple[int, int, int] | None = None
    for j, t in mine:  # 2. the clause's own trigger, nearest first, unless another date is nearer to it
        dist = _distance(sent, t, start, end)
        if dist > (2 if coarse else t.window) and (j != first or coarse):
            continue  # a month or a year dates an event only right beside it: "erupted in April 2023"
        if any(lo <= s < hi and _nearer(sent, t, (s, e), (start, end)) for s, e in others):
            continue
        rank = (dist, 0 if t.end <= start else 1, j)
        if best is None or rank < best:
            best = rank
    if best is not None:
        return best[2]
    if coarse or said is not None:
        return None
    if not toll and _RELATIVE.match(sent.text, opener - sent.start):
        for j, t in enumerate(found):  # 3. "the earthquake that shook the region on Monday"
            between = sent.text[t.end - sent.start: opener - sent.start]
            name = sent.text[t.start - sent.start: t.end - sent.start]
            if j not in excluded and t.end <= opener and not between.strip(" ,") and not _VERB_END.search(name):
                return j
    same_time = _SAME_TIME.match(sent.text, hi - sent.start) if hi < sent.end else None
    if same_time:  # 4. "...climbed to 290 on Friday after a passenger died": a clause of that time, with no date
        nlo, nhi, _ = clause_of(sent, sent.start + same_time.end(), "")
        if not any(nlo <= s < nhi for s, _ in others):
            near = [(words(sent.text[end - sent.start: t.start - sent.start]), j) for j, t in enumerate(found)
                    if j not in excluded and nlo <= t.start < nhi]
            near = [(dist, j) for dist, j in near if dist <= found[j].window]
            if near:
                return min(near)[1]
    return None


def trigger_after(sent: Sentence, pos: int, found: list[Trigger]) -> int | None:
    """The trigger just after "the same day" (within six words): "the same day that rebels attacked"."""
    for j, t in enumerate(found):
        if t.start >= pos and words(sent.text[pos - sent.start: t.start - sent.start]) <= 6:
            return j
    return None


def _nearer(sent: Sentence, t: Trigger, other: tuple[int, int], mine: tuple[int, int]) -> bool:
    """Whether another date is nearer to the trigger than this one; on a tie, the date after the trigger is."""
    theirs, ours = _distance(sent, t, *other), _distance(sent, t, *mine)
    return theirs < ours or (theirs == ours and other[0] >= t.end > mine[0])


def _distance(sent: Sentence, t: Trigger, start: int, end: int) -> int:
    if t.end <= start:
        return words(sent.text[t.end - sent.start: start - sent.start])
    if t.start >= end:
        return words(sent.text[end - sent.start: t.start - sent.start])
    return 0
