"""Date facts: the date expressions of a document, resolved (see dateresolve.py) and linked to story events.

`DateExtractor.extract` works one sentence at a time and threads a `DateState` through the document: the last day,
period and quarter it spoke of, which "the same day", "a year earlier" or "the quarter" refer back to.

- A dateline ("LIMA, March 4 -", "LIMA, March 4 (Reuters) -") dates the report: it is resolved but never linked to
  an event.
- A date is linked to the event its clause is about (datelink.py): a trigger it modifies ("the Jan. 1 quake") or
  the nearest trigger of its clause; never a reporting date, a deadline or the date of a count. "The same day
  (that) X" takes the date before it.
- A month-day or a month without a year takes the year nearest to P that the clause's tense allows ("will reopen on
  October 7"); a weekday, the latest one on or before P unless the clause looks forward.
- PRESENT_REF, PAST_REF and FUTURE_REF ("now", "recently", "in the future") are kept with their value but date
  nothing: no days, never an event.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from factlint.extract import datelink
from factlint.extract.datepatterns import DateMatch, scan
from factlint.extract.dateresolve import resolve
from factlint.extract.datevalues import FORWARD_PREPS, NOT_A_DATE, Context, Resolved
from factlint.extract.datewords import ordinal
from factlint.extract.text import Sentence, make_span
from factlint.lexicon import Lexicon, alternation
from factlint.model import DateFact, Document, Event

# cues, besides the lexicon's forward cues, that a clause speaks of what is still to come or of what has happened
_MORE_FORWARD = ("payable", "effective", "expires", "expire", "deadline", "likely to", "to be", "will be",
                 "could", "might", "should", "must", "intends to", "aims to", "hopes to", "plans", "this coming",
                 "is expected", "are expected", "scheduled for", "to begin", "to start", "to open", "starting")
_PAST = re.compile(
    r"\b(?<!\bbe )(?<!\bis )(?<!\bare )(?<!\bbeen )(?<!\bbeing )(?<!\bto )(?<!\bwill )(?<!\bwould )(?<!\ba )"
    r"(?<!\ban )(?<!\bthe )(?<!\bits )(?<!\bstill )(?<!\byet )"
    r"(?:was|were|had|did|said|told|began|came|became|fell|rose|struck|took|went|left|made|saw|won|lost|held|"
    r"met|sent|spent|broke|ran|gave|got|led|spoke|brought|bought|sought|thought|taught|found|grew|drew|threw|"
    r"shot|fought|caught|drove|flew|fled|knew|paid|laid|sold|stood|swept|tore|wrote|built|kept|felt|dealt|"
    r"heard|meant|chose|stole|withdrew|overtook|ago|last|earlier|already|[a-z]{2,}[^e\W]ed)\b")
_NOT_PAST = frozenset(("expected", "scheduled", "planned", "slated", "needed", "proposed", "intended", "projected"))
_DATELINE_HEAD = re.compile(r"[A-Z][A-Za-z.'’ /-]*,\s*(?:[A-Z][A-Za-z.'’ /-]*,\s*)?")
_DATELINE_TAIL = re.compile(r"\s*(?:\([^()\n]{0,40}\)\s*(?:[-–—:]|(?=[A-Z]))|[-–—:])")  # " -", " (Reuters) -", " (PTI) Big"
_COMPARED = re.compile(r"\b(?:compared (?:with|to)|from|than|versus|vs\.?|against)\b", re.I)
# the kinds whose value depends on the clause: its tense (a month-day without a year, a weekday) or a comparison
_TENSED = frozenset(("md", "dm", "mon", "wd", "quarter", "weekend", "holiday"))
_CONTEXTUAL = _TENSED | {"period"}
_COMPARISONS = frozenset(("yago", "sameyear", "ago", "yperiod"))  # they do not move the document's focus
_SEASON_OK = frozenset(("this", "last", "next", "this past", "the coming", "the past"))
_SEASON_PREPS = frozenset(("in", "during", "until", "till", "by", "since", "through", "throughout", "into", "over",
                           "before", "after", "of", "for"))


@dataclass(frozen=True)
class DateState:
    """What the document has dated so far: what later expressions refer back to."""

    previous_day: Resolved | None = None
    focus: Resolved | None = None
    quarter: Resolved | None = None


class DateExtractor:
    def __init__(self, lex: Lexicon, events: tuple[Event, ...]) -> None:
        self.events = events
        cues = [*lex.words("forward_cues"), *_MORE_FORWARD]
        words = [c for c in cues if c[:1].isalnum()]
        self.forward = re.compile(r"\b" + alternation(words) + r"(?![\w])|(?<![\w'])'ll\b", re.I)
        self.ordinals = lex.ordinals
        self._count_after = re.compile(r"\s+(?:\w+\s+)?(?:people|persons|" + lex.who_re.pattern + r")", re.I)

    # -- matching ------------------------------------------------------------------------------------------------

    def matches(self, text: str, start: int, end: int) -> list[DateMatch]:
        return scan(text, start, end, self.accept)

    def accept(self, d: DateMatch, text: str) -> bool:
        """Whether a pattern's match is a date expression at all (a year that counts people is not)."""
        if d.kind == "year":
            if not d.get("prep") and not d.get("mod") and self._count_after.match(text, d.end):
                return False
            before = text[max(0, d.start - 20): d.start]
            return not re.search(r"(?:Resolution|No\.|[Nn]umber|Article|Route|[Ff]light|[Rr]oom|[Pp]age)\s*$", before)
        if d.kind == "ordinal":
            word = (d.get("ord") or d.get("ord2")).lower()
            return word in self.ordinals or ordinal(word) is not None
        if d.kind == "mon":
            # a month alone is a date only with a preposition or a modifier: not "the driest June on record"
            return bool(d.get("prep") or d.get("rel") or d.get("ryear") or (d.get("poss") and d.get("mon") != "May"))
        if d.kind in ("period", "rday") and _titled(d.text, text, d.start):
            return False  # "This Week With David Brinkley", "USA Today": a name, not a date
        if d.kind == "wd" and re.search(r"\b(?:a|an|every|each|any|one)\s+$", text[max(0, d.start - 8):d.start], re.I):
            return False  # "a Monday", "every Friday": no particular day
        if d.kind == "holiday":  # the Lunar New Year, Orthodox Christmas: another calendar's day
            return not re.search(r"(?:Lunar|Chinese|Persian|Iranian|Islamic|Hijri|Jewish|Hindu|Thai|Tamil|Khmer|Ethiopian"
                                 r"|Orthodox|Tibetan|Vietnamese|Korean)\s+$", text[max(0, d.start - 12):d.start])
        if d.kind == "season":
            rel = d.get("rel").lower()
            if d.get("y") or d.get("ys") or rel in _SEASON_OK:
                return True
            if not rel or d.get("prep").lower() not in _SEASON_PREPS:
                return False
            return not re.match(r"\s+(?:of|in)\s+(?!\d|nineteen|two thousand)", text[d.end:d.end + 30], re.I)
        return True

    # -- facts ---------------------------------------------------------------------------------------------------

    def extract(self, doc: Document, sent: Sentence, p: dt.date | None, anchor: str,
                previous: DateState | None = None) -> tuple[list[DateFact], DateState]:
        """The sentence's date facts, and the state after them (pass it to the next sentence)."""
        state = previous or DateState()
        found = self.matches(doc.text, sent.start, sent.end)
        if not found:
            return [], state
        found_triggers: list[datelink.Trigger] | None = None
        taken: set[int] = set()  # the triggers "the same day" points to

        def spans(d: DateMatch) -> list[tuple[int, int]]:  # the sentence's other dates
            return [(m.start, m.end) for m in found if m is not d]

        facts: list[DateFact] = []
        for d in found:
            before = self._clause_before(sent, d.start) if p is not None and d.kind in _CONTEXTUAL else ""
            tense = self._tense(sent, d, before) if before or d.kind in _TENSED else ""
            ctx = Context(p, tense, state.focus, state.quarter, state.previous_day, bool(_COMPARED.search(before)),
                          _prep(d))
            r = resolve(d, ctx)
            if r is NOT_A_DATE:
                continue
            event: str | None = None
            if self.events and (r is None or r.granularity != "ref") and not self._dateline(doc.text, d):
                if found_triggers is None:
                    found_triggers = datelink.triggers(self.events, sent)
                    taken = {j for m in found if m.kind == "same"
                             for j in [datelink.trigger_after(sent, m.end, found_triggers)] if j is not None}
                if d.kind == "same":
                    j = datelink.trigger_after(sent, d.end, found_triggers)
                    if j is None:
                        j = datelink.link(sent, d.start, d.end, "", "day", found_triggers, spans(d), set())
                else:
                    j = datelink.link(sent, d.start, d.end, _prep(d), r.granularity if r else "",
                                      found_triggers, spans(d), taken)
                if j is not None:
                    event = found_triggers[j].event
            span = make_span(doc, sent, d.start, d.end)
            fact_anchor = "explicit" if r is not None and r.explicit else (anchor if r is not None else "none")
            if r is not None and r.start is None:
                fact_anchor = "none"
            facts.append(DateFact(
                span=span, value=r.value if r else None, start=r.start if r else None, end=r.end if r else None,
                granularity=r.granularity if r else _granularity(d.kind), anchor=fact_anchor, event=event, published=p,
            ))
            if d.kind not in _COMPARISONS and not (r and d.kind == "period" and r.granularity in ("quarter", "half")):
                state = _advance(state, r)  # a comparison ("up from last year's") does not move the focus
        return facts, state

    @staticmethod
    def _clause_before(sent: Sentence, pos: int) -> str:
        return datelink.CLAUSE.split(sent.text[max(0, pos - sent.start - 120): pos - sent.start])[-1]

    def _tense(self, sent: Sentence, d: DateMatch, before: str) -> str:
        """ "future" or "past" from the nearest cue before the expression in its clause, or, when the expression
        opens its clause, the first one after it ("In January, the company brought in..."); "" without one."""
        prep = _prep(d)
        if prep == "since":
            return "past"
        if prep in FORWARD_PREPS:
            return "future"
        cue = self._cue(before, last=True)
        if not cue and not re.search(r"[a-z]", before):  # a date that opens its clause: "In January, X brought..."
            after = datelink.CLAUSE.split(sent.text[d.end - sent.start: d.end - sent.start + 120])[0]
            cue = self._cue(after, last=False)
        return cue

    def _cue(self, text: str, last: bool) -> str:
        cues = [(m.start(), "future") for m in self.forward.finditer(text)]
        cues += [(m.start(), "past") for m in _PAST.finditer(text) if m.group().lower() not in _NOT_PAST]
        if not cues:
            return ""
        return (max(cues) if last else min(cues))[1]

    @staticmethod
    def _dateline(text: str, d: DateMatch) -> bool:
        line_start = text.rfind("\n", 0, d.start) + 1
        head = text[line_start:d.start]
        return (d.start - line_start <= 60 and bool(_DATELINE_HEAD.fullmatch(head))
                and bool(_DATELINE_TAIL.match(text, d.end)))


_WEEKDAY_PREPS = frozenset(("on", "from", "until", "till", "by", "since", "before", "after", "as of", "through"))


def _prep(d: DateMatch) -> str:
    """The preposition a date expression opens with ("since Thursday"), lower case; "" without one."""
    prep = d.get("prep").lower()
    if not prep and d.kind == "wd" and d.get("rel").lower() in _WEEKDAY_PREPS:
        prep = d.get("rel").lower()
    return " ".join(prep.split())


def _titled(match: str, text: str, start: int) -> bool:
    """A title-cased expression that does not open a sentence: "This Week" in a programme's name."""
    words = match.split()
    if not all(w[:1].isupper() for w in words):
        return False
    before = text[max(0, start - 30):start].rstrip()
    return bool(before) and before[-1] not in ".!?\"'“‘(:-—\n" and (len(words) > 1 or bool(re.search(r"[A-Z]\w*$", before)))


def _advance(state: DateState, r: Resolved | None) -> DateState:
    if r is None or r.start is None:
        return state
    state = replace(state, focus=r)
    if r.granularity == "day":
        state = replace(state, previous_day=r)
    if r.granularity in ("quarter", "half"):
        state = replace(state, quarter=r)
    return state


def _granularity(kind: str) -> str:
    return {"period": "week", "year": "year", "my": "month", "mon": "month", "quarter": "quarter", "qrel": "quarter",
            "season": "season", "decade": "decade", "century": "century", "weekend": "weekend"}.get(kind, "day")


def infer_publication(extractor: DateExtractor, doc: Document, sents: list[Sentence]) -> tuple[dt.date, str] | None:
    """The publication date when the text alone pins it, never from the day factlint runs: a dateline with its
    year, else the latest full date in the text (a day, month and year). Returns the date and what it was inferred
    from. A weekday with a month-day ("Saturday (Nov 30)") does not pin a year by itself: the corpus pass
    (corpusdates.py) chooses it from the other documents."""
    candidates: list[tuple[bool, dt.date, str]] = []
    for sent in sents:
        for d in extractor.matches(doc.text, sent.start, sent.end):
            if d.kind == "iso" or (d.kind in ("md", "dm") and d.get("y")):
                r = resolve(d, Context(None, ""))
                if r is not None and r.start is not None:
                    where = f"'{d.text.strip()}' (line {doc.position(d.start)[0]})"
                    candidates.append((DateExtractor._dateline(doc.text, d), r.start, where))
    if not candidates:
        return None
    _, day, where = max(candidates)
    return day, where
