"""Counts of people: the number and qualifier, what happened to them (metric), who they are, who said so, and
whether the figure is a running total, a single incident, a projection or a superseded figure.

A number becomes a count only when the text says what happened: a participle after it ("16 civilians were killed",
"412 dead"), a verb before it ("has killed at least 327", "had lost 183"), a toll noun before it ("the death toll
rose to 2,316") or a metric noun after it ("2,316 deaths"). A number with a who-noun but no metric of its own joined
to an earlier count of the sentence ("327 people, including 44 civilians"; "12 people in Aleppo and nine civilians")
inherits its metric; inclusion words make it a part of that count.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from factlint.extract.numbers import NumberParser, Quantity
from factlint.extract.sources import SourceResolver, SourceState
from factlint.extract.text import Sentence, make_span
from factlint.lexicon import Lexicon, alternation
from factlint.model import Count, Document

_NOT_MODIFIER = r"(?!(?:were|was|are|is|have|has|had|in|on|at|and|or|by|from|to|with|who|that|of|the|a|an|killed|dead|died)\b)"
_PART = re.compile(r"\b(?:including|among them|among whom|of whom|of them|among those|also|included)\b", re.I)
_SIBLING = re.compile(r"^[^.;]{0,60}?\b(?:and|as well as|plus|while)\b", re.I)
_CONTINUES = re.compile(r"^(?:[“\"‘']|(?:Later|Earlier|Meanwhile|The strikes|The attack|Of (?:the|those))\b)", re.I)
_AND = re.compile(r"\s*,?\s*(?:and|as well as|plus)\s+", re.I)
WINDOW = 300  # characters either side of a number that its metric, who and clause are looked for in
_OF_THEM = re.compile(r"\s+of\s+(?:them|whom|those)\b", re.I)
_ELLIPSIS = re.compile(r"^[^.;]{0,25}?\band\s*$", re.I)  # "two people died ... and one in Andalusia"
_YEAR = re.compile(r"(?<![\w,.])(?P<prep>since|from|until|in|than|a|an|the|like)?\s*(?P<y>19\d\d|20\d\d)(?![\w,])", re.I)


def _overlaps(q: Quantity, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_left(starts, q.end)
    return i > 0 and spans[i - 1][1] > q.start


class CountExtractor:
    def __init__(self, lex: Lexicon, sources: SourceResolver) -> None:
        self.lex = lex
        self.numbers = NumberParser(lex)
        self.sources = sources
        self.who_of = lex.who_of
        who = alternation(list(lex.who_of))
        self.who_after = re.compile(
            rf"\s*[”\"’']?\s*(?:of\s+)?(?:(?:the|their|our|its|his|her)\s+)?(?:{_NOT_MODIFIER}[\w-]+\s+){{0,2}}?(?P<who>{who})(?![\w-])",
            re.I)
        self.participle_of = lex.metric_phrases("participles")
        self.verb_of = lex.metric_phrases("verbs")
        self.noun_of = lex.metric_phrases("nouns")
        part = alternation(list(self.participle_of))
        be = (r"(?:were|was|are|is|have been|has been|had been|being|be|been|got|get|remain|remained|lay|had|have|has|"
              r"also|still|later|reportedly|initially|now|already|subsequently|reported|confirmed|believed|feared|"
              r"presumed|thought|listed as|said to be|known to be|found|\w+ly)")
        aside = r"(?:\s*,[^,.;]{1,60},)?"  # "29 people, including building contractors, had been detained"
        self.right = re.compile(
            rf"^[\s”\"’']*{aside}[\s,]*(?:(?:who|that)\s+)?(?:{be}\s+)*(?P<m>{part})(?![\w-])", re.I)
        self.right_gap = re.compile(
            rf"^(?:\s+(?!(?:and|but|while|after|before)\b)[\w'’-]+){{1,6}}?{aside}\s+(?:{be}\s+)+(?P<m>{part})(?![\w-])",
            re.I)
        self.of_the = re.compile(r"\s+of\s+(?:the|those)\s+(?P<m>dead|killed|victims|bodies|injured|wounded|missing|displaced|rescued|arrested)\b", re.I)
        self.left_of_the = re.compile(r"\b[Oo]f\s+(?:the|those)\s+(?P<m>dead|killed|victims|injured|wounded|missing)\s*,?\s*$")
        self.generic_noun = re.compile(r"\s*(?:of\s+)?(?:[a-z][\w-]*\s+){0,2}?(?P<noun>[a-z]+(?:s|men|people|folk))\b")
        self.left_verb = re.compile(rf"(?<![\w-])(?P<m>{alternation(list(self.verb_of))})\s*[“\"‘']?\s*$", re.I)
        self.left_lost = re.compile(r"(?<![\w-])(?:lost|losing|loses|lose)\s*$", re.I)
        nouns = alternation(list(self.noun_of))
        self.left_noun = re.compile(
            rf"(?<![\w-])(?P<m>{nouns}|number of (?:dead|deaths|victims|injured|wounded|missing|fatalities))\b"
            rf"(?:[^.;!?]|\.(?=\d)){{0,120}}?"
            rf"\b(?:to|at|of|from|reached|reaching|reach|hit|passed|pass|topped|top|surpassed|surpass|exceeded|exceed|"
            rf"is|was|were|are|stands at|stood at|now|climbed|climb|rose|rise|rises|risen|jumped|soared|increased|put|"
            rf"stand at|hits)\s*[“\"]?\s*$", re.I)
        self.noun_after = re.compile(rf"\s+(?:\w+\s+)?(?P<m>{nouns})(?![\w-])", re.I)  # used with match(pos): no ^
        self.subject_who = re.compile(rf"\b(?P<who>{who})\s+(?:had|have|has)?\s*$", re.I)
        self.cumulative = lex.phrase_re("cumulative_cues")
        self.incident = lex.phrase_re("incident_cues")
        self.projection = lex.regex_phrases("projection_cues")
        self.superseded = lex.regex_phrases("superseded_cues")

    def extract(self, doc: Document, sent: Sentence, skip: list[tuple[int, int]], state: SourceState,
                published: dt.date | None) -> list[Count]:
        text = doc.text
        starts = [s for s, _ in skip]  # date spans, sorted and disjoint: a number inside one is part of a date
        quantities = [q for q in self.numbers.find(text, sent.start, sent.end) if not _overlaps(q, skip, starts)]
        continued = state.previous
        source = own = self.sources.find(sent.text, state)  # every sentence: later short forms refer back to it
        if source is None and quantities and continued and _CONTINUES.match(sent.text):
            source = continued  # "Later, 'at least 16 civilians were killed'": the report goes on
        out: list[Count] = []
        for i, q in enumerate(quantities):
            who_m = self.who_after.match(text, q.end, sent.end)
            who_end = who_m.end() if who_m else q.end
            metric, how = self._metric(text, sent, q, who_end, bool(who_m))
            if metric is None and who_m and i + 1 < len(quantities):
                metric, how = self._shared(text, sent, who_end, quantities[i + 1])
            if metric is None and who_m is None:  # "six airmen were killed": a person noun the lexicon lacks
                noun = self.generic_noun.match(text, q.end, sent.end)
                if noun and self.right.match(text[noun.end():min(sent.end, noun.end() + WINDOW)]):
                    metric, how = self._metric(text, sent, q, noun.end(), True)
                    who_end = noun.end() if metric else who_end
            head: Count | None = None
            part = False
            status = self._status(text, sent, q)
            of_them = bool(_OF_THEM.match(text, q.end, sent.end))
            if metric is None and out and (who_m or status == "superseded" or of_them or _ELLIPSIS.match(text[out[-1].span.end:q.start])):
                head = out[-1]
                between = text[head.span.end:q.start]
                if status == "superseded" or of_them or _SIBLING.match(between) or _PART.search(between):
                    metric = head.metric
                    part = (bool(_PART.search(between)) or of_them) and status != "superseded"
                    how = "inherited"
                else:
                    head = None
            if metric is None:
                continue
            who = self._who(text, sent, q, who_m, how, head if not part else None)
            scope = self._scope(text, sent, q, published)
            cumulative = head.cumulative if head is not None else (scope is None and self._cumulative(text, sent, q, who_end, how))
            end = who_m.end() if who_m else q.end
            out.append(Count(
                span=make_span(doc, sent, q.start, end),
                metric=metric, low=q.low, high=q.high, qualifier=q.qualifier, who=who,
                source=(source if scope is None else own) if source is not None or head is None else head.source,
                cumulative=cumulative, status=status, scope=scope,
                published=published, id=f"{doc.path}#{q.start}", part_of=head.id if head is not None and part else None,
            ))
        return out

    def _shared(self, text: str, sent: Sentence, who_end: int, nxt: Quantity) -> tuple[str | None, str]:
        """'Four soldiers and two civilians died': a count joined by 'and' to the next shares its participle."""
        if not _AND.fullmatch(text, who_end, nxt.start):
            return None, ""
        who_m = self.who_after.match(text, nxt.end, sent.end)
        after = text[who_m.end() if who_m else nxt.end:min(sent.end, nxt.end + WINDOW)]
        m = self.right.match(after)
        return (self.participle_of[" ".join(m.group("m").lower().split())], "participle") if m else (None, "")

    def _metric(self, text: str, sent: Sentence, q: Quantity, who_end: int, has_who: bool) -> tuple[str | None, str]:
        after = text[who_end:min(sent.end, who_end + WINDOW)]
        m = self.right.match(after) or (self.right_gap.match(after) if has_who else None)
        if m:
            return self.participle_of[" ".join(m.group("m").lower().split())], "participle"
        m = self.of_the.match(text, q.end, sent.end)
        if m:
            return self._noun_metric(m.group("m")), "noun"
        modifiers = text[q.end:who_end].lower().split()  # "dozens of missing people"
        for word in modifiers[:-1]:
            if word in self.participle_of:
                return self.participle_of[word], "participle"
        before = text[max(sent.start, q.start - WINDOW):q.start]  # bounded: a long sentence stays linear
        m = self.left_of_the.search(before)
        if m:
            return self._noun_metric(m.group("m")), "noun"
        m = self.left_verb.search(before)
        if m:
            return self.verb_of[" ".join(m.group("m").lower().split())], "verb"
        if self.left_lost.search(before) and self.lex.lost_metrics and (has_who or re.match(r"\s*(?:[,.;)]|$|\b(?:and|while|but)\b)", text[q.end:min(sent.end, q.end + 40)])):
            return self.lex.lost_metrics[0], "lost"
        m = self.left_noun.search(before)
        if m:
            word = " ".join(m.group("m").lower().split())
            return self.noun_of.get(word, self.lex.lost_metrics[0] if word.startswith("number of") else None), "toll"
        m = self.noun_after.match(text, who_end, sent.end) if not has_who else None
        if m:
            return self.noun_of[" ".join(m.group("m").lower().split())], "noun"
        return None, ""

    def _noun_metric(self, word: str) -> str | None:
        word = word.lower()
        if word in ("dead", "killed", "victims", "bodies"):
            return self.lex.lost_metrics[0] if self.lex.lost_metrics else "killed"
        return self.participle_of.get(word) or self.noun_of.get(word)

    def _who(self, text: str, sent: Sentence, q: Quantity, who_m: re.Match[str] | None, how: str, head: Count | None) -> str:
        if who_m:
            return self.who_of.get(" ".join(who_m.group("who").lower().split()), "people")
        if how == "lost":
            m = self.subject_who.search(re.sub(r"\s*(?:lost|losing|loses|lose)\s*$", "", text[max(sent.start, q.start - WINDOW):q.start], flags=re.I))
            if m:
                return self.who_of.get(m.group("who").lower(), "people")
        if head is not None:
            return head.who
        return "people"

    def _status(self, text: str, sent: Sentence, q: Quantity) -> str:
        before = text[max(sent.start, q.start - 45):q.start]
        if self.superseded.search(before) and re.search(r"\b(?:from|of|reported|given|at)\s*$", before, re.I):
            return "superseded"
        if self.projection.search(text[max(sent.start, q.start - 40):q.start]):
            return "projection"
        return "claim"

    def _cumulative(self, text: str, sent: Sentence, q: Quantity, who_end: int, how: str) -> bool:
        """A count is the story's running total unless its clause ties it to a single incident ("a strike killed",
        "on Thursday alone", "in fresh strikes"). Comparison counts (scope) are set apart by the caller."""
        lo, hi = max(sent.start, q.start - WINDOW), min(sent.end, q.end + WINDOW)
        clause_start = max([lo] + [lo + m.end() for m in re.finditer(r"[;:]|,\s+while\b", text[lo:q.start])])
        clause_end = min([hi] + [q.end + m.start() for m in re.finditer(r"[;:]|,\s+(?:while|but)\b", text[q.end:hi])])
        before, after = text[clause_start:q.start], text[who_end:clause_end]
        if how == "toll" or self.cumulative.search(before) or self.cumulative.search(after[:60]):
            return True
        return not (self.incident.search(before) or self.incident.search(after[:60]))

    def _scope(self, text: str, sent: Sentence, q: Quantity, published: dt.date | None) -> str | None:
        before = text[max(sent.start, q.start - 60):q.start]
        for m in _YEAR.finditer(before):
            year = int(m.group("y"))
            prep = (m.group("prep") or "").lower()
            if prep in ("since", "from", "until"):
                continue
            if published is None or year < published.year:
                return str(year)
        return None
