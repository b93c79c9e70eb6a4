"""Counts of people: the number and qualifier, what happened to them (metric), who they are, where (scope), who said
so (source), and whether the figure is a running total, a single incident, a projection or a superseded figure.

A number is a count of people when the text says what happened to them: a participle after it ("16 civilians were
killed", "412 dead"), a verb before it ("has killed at least 327", "had lost 183"), a toll noun before it ("the death
toll rose to 2,316", "the toll surpassed 2,400") or a metric noun after it ("2,316 deaths"). A singular subject counts
one ("A child was killed", "another civilian died"). A number with a person noun but no metric is still a count of
people, of metric `other` ("1.8 million pilgrims"), unless it is a population ("a town of 20,000 people").

A number with no metric of its own joined to an earlier count ("327 people, including 44 civilians"; "six in Romania,
five in Poland"; "Wajima, with 55, and Suzu, with 23") inherits its metric. Inclusion words, and a list after a colon,
make it a part of that count; "and"-lists make siblings. A sentence that opens "Among them" or "Of the dead" goes on
with the previous sentence's count: its figures are parts of it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from factlint.extract.numbers import NumberParser, Quantity
from factlint.extract.scope import Place, ScopeFinder
from factlint.extract.sources import SourceResolver, SourceState
from factlint.extract.text import Sentence, make_span
from factlint.lexicon import Lexicon, alternation
from factlint.model import Count, DateFact, Document

_NOT_MODIFIER = r"(?!(?:were|was|are|is|have|has|had|in|on|at|and|or|by|from|to|with|who|that|of|the|a|an|killed|dead|died)\b)"
_PART = re.compile(r"\b(?:including|among them|among whom|of whom|of them|among those|also|included|of these|"
                   r"among the dead|among the victims|among those killed)\b|:", re.I)
_SIBLING = re.compile(r"^[^.;]{0,80}?(?:\b(?:and|as well as|plus|while|whereas|with|along with|besides)\b|,)", re.I)
_CONTINUES = re.compile(r"^(?:[“\"‘']|(?:Later|Earlier|Meanwhile|The strikes|The attack|Of (?:the|those))\b)", re.I)
_GOES_ON = re.compile(  # a sentence that lists parts of the previous sentence's count
    r"^(?:[“\"‘']\s*)?(?:Among (?:them|those|the dead|the victims|the injured|the wounded|the missing)|"
    r"Of (?:them|those|these|whom|the dead|the victims|the injured|the wounded|the missing|the total)|"
    r"(?:They|Those killed|The dead|The victims|The injured) (?:included|include)|Most of (?:them|the victims|the dead))\b",
    re.I)
_AND = re.compile(r"\s*,?\s*(?:and|as well as|plus)\s+", re.I)
WINDOW = 300  # characters either side of a number that its metric, who and clause are looked for in
NEAR = 60  # a verb or "of the dead" that governs a number stands in the characters just before it
TOLL_REACH = 180  # "the death toll [up to 120 characters] rose to": the toll noun, the gap and the verb
_OF_THEM = re.compile(r"\s*,?\s+(?:of|among)\s+(?:them|whom|those)\b", re.I)
_ELLIPSIS = re.compile(r"^[^.;]{0,25}?\band\s*$", re.I)  # "two people died ... and one in Andalusia"
_YEAR = re.compile(r"(?<![\w,.])(?P<prep>since|from|until|in|than|a|an|the|like)?\s*(?P<y>19\d\d|20\d\d)(?![\w,])", re.I)
_POPULATION = re.compile(
    r"\b(?:city|town|village|country|nation|region|district|province|state|island|area|community|camp|county|"
    r"municipality|capital|population|home|metropolis|settlement|neighbourhood|neighborhood)\s+"
    r"(?:of|to|with)\s+(?:a\s+population\s+of\s+)?(?:\w+\s+){0,2}$|\bpopulation\s+(?:of\s+)?(?:\w+\s+){0,2}$|"
    r"\b(?:capacity|capacity of|designed for|built for|seats?|holds?|housing|houses)\s+(?:\w+\s+){0,2}$", re.I)
_REASON = re.compile(
    r"\b(?:revised|corrected|lowered|reduced|adjusted|brought down|cut)\b[^.;]{0,80}?"
    r"\b(?P<reason>(?:after|because|due to|following|as|since|when)\b[^.;]{3,120})", re.I)
_VIA = re.compile(r"(?P<via>[^,;]{2,80}?),?\s+citing\s+(?P<src>[^,;.]{2,80})", re.I)
_INCREMENT_BEFORE = re.compile(r"\b(?:another|a further|further|additional|fresh)\s+$", re.I)
_INCREMENT_AFTER = re.compile(r"\s+(?:more|additional|new|further|fresh)\b", re.I)
_CODE_BEFORE = re.compile(r"\b(?:[Ff]light|[Rr]oute|[Tt]rain|[Nn]o\.|[Nn]umber|[Rr]esolution|[Aa]rticle|[Bb]us|[Hh]ighway|"
                          r"[Gg]ate|[Pp]latform|[Rr]oom|[Cc]ode|[Ss]ection|[Pp]hase|[Ll]evel|[Cc]ategory|[Bb]ulletin|"
                          r"[Pp]age|[Vv]ersion|[Ss]eason|[Ww]ard|[Bb]lock|[Zz]one|[Ss]ector)\s*#?\s*$")
_YEAR_AFTER = re.compile(r"\b(?P<prep>in|during|of)\s+(?:[\w-]+\s+){0,2}?(?P<y>19\d\d|20\d\d)(?![\w,])", re.I)
_CLAUSE_END = re.compile(r"[;:]|,\s+(?:while|but|and|which|a tally)\b|\s(?:while|whereas)\s")
_REPORTED = re.compile(r"\b(?:said|says|reported|announced|told|put|gave|given|revised|confirmed|reached|stood|"
                       r"toll|tally|figure|count|counted|recorded|registered)\b", re.I)
_AS_OF = re.compile(r"^[^.;]{0,30}?\b(?:as of|as at|by|until|up to)\s+\S", re.I)
_PAST_REPORT = re.compile(r"\bhad\s+(?:\w+\s+){0,2}?(?:said|reported|announced|told|put|given|recorded|confirmed)\b"
                          r"[^.;]{0,70}$", re.I)
_WRITERS_CLAUSE = re.compile(r"\b(?:said|says|reported|told \w+),\s+(?:taking|bringing|raising|pushing|lifting)\b"
                             r"[^.;]*$", re.I)
_PERFECT = re.compile(r"\b(?:has|have)\s+(?:now\s+|already\s+|so far\s+)?(?:killed|claimed|left|died|been killed|"
                      r"been found dead|lost their lives|risen)\b|\balready\b", re.I)
_NEXT_WORD = re.compile(r"\s*[”\"’']?\s*([A-Za-z][\w-]*)?")
_LIST_WORDS = frozenset({"in", "on", "at", "and", "or", "were", "was", "are", "is", "of", "from", "to", "more", "others",
                         "other", "people", "with", "while", "had", "have", "has", "died", "dead", "so", "by", "for",
                         "each", "apiece", "respectively", "as", "but", "who", "that", "there", "here"})


@dataclass
class DocState:
    """What a document has said so far that later sentences may refer back to."""

    sources: SourceState = field(default_factory=SourceState)
    last: Count | None = None  # the last count with a metric of its own, for "Among them, ..."
    speakers: dict[str, str] = field(default_factory=dict)  # person -> the organisation they speak for, as read


@dataclass(frozen=True, slots=True)
class _Read:
    """One quantity as read in its sentence, before it becomes a Count."""

    q: Quantity
    who_end: int
    who: str | None  # the who category of its own noun
    demonym: str | None  # "Egyptians": the country
    metric: str | None
    how: str  # participle | verb | toll | noun | lost | inherited | other


class CountExtractor:
    def __init__(self, lex: Lexicon, sources: SourceResolver, scopes: ScopeFinder) -> None:
        self.lex = lex
        self.numbers = NumberParser(lex)
        self.sources = sources
        self.scopes = scopes
        self.who_of = lex.who_of
        demonyms = list(lex.data.get("demonyms", {}))
        who = alternation(list(lex.who_of) + demonyms)
        self.who_after = re.compile(
            rf"\s*[”\"’']?\s*(?:of\s+)?(?:(?:the|their|our|its|his|her)\s+)?(?:{_NOT_MODIFIER}[\w-]+\s+){{0,2}}?(?P<who>{who})(?![\w-])",
            re.I)
        self.demonyms = {d.lower() for d in demonyms}
        self.participle_of = lex.metric_phrases("participles")
        self.verb_of = lex.metric_phrases("verbs")
        self.noun_of = lex.metric_phrases("nouns")
        part = alternation(list(self.participle_of))
        be = (r"(?:were|was|are|is|have been|has been|had been|being|be|been|got|get|remain|remained|remains|lay|had|have|"
              r"has|also|still|later|reportedly|initially|now|already|subsequently|reported|confirmed|believed|feared|"
              r"presumed|thought|listed as|said to be|known to be|found|are now|were now|\w+ly)")
        aside = r"(?:\s*,[^,.;]{1,60},)?"  # "29 people, including building contractors, had been detained"
        self.right = re.compile(
            rf"^[\s”\"’']*{aside}[\s,]*(?:(?:who|that)\s+)?(?:{be}\s+)*(?P<m>{part})(?![\w-])", re.I)
        self.right_gap = re.compile(
            rf"^(?:\s+(?!(?:and|but|while|after|before)\b)[\w'’-]+){{1,6}}?{aside}\s+(?:{be}\s+)+(?P<m>{part})(?![\w-])",
            re.I)
        self.of_the = re.compile(r"\s+of\s+(?:the|those)\s+(?P<m>dead|killed|victims|bodies|injured|wounded|missing|"
                                 r"displaced|rescued|arrested|evacuated|detained|affected)\b", re.I)
        self.left_of_the = re.compile(r"\b(?:[Oo]f|[Aa]mong)\s+(?:the|those)\s+(?P<m>dead|killed|victims|injured|wounded|"
                                      r"missing)\s*,?\s*(?:(?:are|were|was|is)\s+)?$")
        # a person noun the lexicon lacks ("six airmen", "12 paramedics"), by its ending: not "ten countries"
        self.generic_noun = re.compile(r"\s*(?:of\s+)?(?:[a-z][\w-]*\s+){0,2}?(?P<noun>[a-z]+(?:ers|ors|ists|ians|ics|men|"
                                       r"people|folk|ees|ants|ents|ives|aries|ards|ites|ans))\b")
        self.left_verb = re.compile(rf"(?<![\w-])(?P<m>{alternation(list(self.verb_of))})\s*[“\"‘']?\s*$", re.I)
        self.left_lost = re.compile(r"(?<![\w-])(?:lost|losing|loses|lose)\s*$", re.I)
        nouns = alternation(list(self.noun_of))
        toll_verbs = (r"to|at|of|from|reached|reaching|reach|reaches|hit|hits|is|was|were|are|stands at|stood at|now|"
                      r"climbed|climb|climbs|rose|rise|rises|risen|jumped|jumps|soared|increased|put|stand at|stands|"
                      r"numbered|number|numbers|totalled|totaled|totals|total|grew|grows|mounted|edged up|ticked up|"
                      r"went up|stood|stand|remains at|remained at|remain at|gone up to|went up to|goes up to|"
                      r"go up to|revised up to|rose to|risen to|up to|up at")
        number_of = r"number of (?:dead|deaths|victims|injured|wounded|missing|fatalities|people killed|evacuees|displaced)"
        # the nearest toll noun to the number: no other one stands between them
        self.left_noun = re.compile(
            rf"(?<![\w-])(?P<m>{number_of}|{nouns})\b"
            rf"(?:(?!(?:{number_of}|{nouns})\b)(?:[^.;!?]|\.(?=\d))){{0,120}}?\b(?:{toll_verbs})\s*[“\"]?\s*"
            rf"(?:[A-Z][\w-]*['’]s\s+)?$", re.I)  # "the highest toll is Indonesia's 199"
        self.left_noun_bare = re.compile(rf"(?<![\w-])(?P<m>{nouns})\s*$", re.I)  # "the toll surpassed": noun + verb qualifier
        self.noun_after = re.compile(rf"\s+(?:\w+\s+)?(?P<m>{nouns})(?![\w-])", re.I)  # used with match(pos): no ^
        self.subject_who = re.compile(rf"\b(?P<who>{who})\s+(?:had|have|has)?\s*$", re.I)
        self.context_noun = re.compile(
            r"\b(?P<m>victims|dead|deaths|fatalities|death toll|the injured|the wounded|the missing|injuries)\b", re.I)
        singular = sorted({n for n in lex.who_of if not n.endswith("s") and " " not in n} | {"child", "woman", "man"},
                          key=len, reverse=True)
        self.singular = re.compile(
            rf"(?<![\w-])(?P<art>[Aa]nother|[Aa]n?|[Oo]ne more|[Aa] further)\s+(?:(?!{alternation(singular)}\b)[\w-]+\s+){{0,2}}?"
            rf"(?P<who>{alternation(singular)})(?![\w-])")
        self.no_source = {w.lower() for w in lex.words("official_sources")}
        self.cumulative = lex.phrase_re("cumulative_cues")
        self.subset = lex.phrase_re("subset_cues")
        self.incident = lex.phrase_re("incident_cues")
        self.projection = lex.regex_phrases("projection_cues")
        self.superseded = lex.regex_phrases("superseded_cues")

    # -- per sentence --------------------------------------------------------------------------------------------

    def extract(self, doc: Document, sent: Sentence, dates: list[DateFact], state: DocState,
                published: dt.date | None, places: list[Place], headline: bool = False) -> list[Count]:
        text = doc.text
        skip = [(d.span.start, d.span.end) for d in dates]
        starts = [s for s, _ in skip]  # date spans, sorted and disjoint: a number inside one is part of a date
        quantities = [q for q in self.numbers.find(text, sent.start, sent.end)
                      if not _overlaps(q, skip, starts) and not self._label(text, q)]
        quantities = self._with_singulars(text, sent, quantities)
        continued = state.sources.previous
        source = own = self.sources.find(sent.text, state.sources)  # every sentence: later short forms refer back
        if source is None and quantities and continued and (_CONTINUES.match(sent.text) or _GOES_ON.match(sent.text)):
            source = continued  # "Later, 'at least 16 civilians were killed'": the report goes on
        goes_on = state.last if _GOES_ON.match(sent.text) else None
        context = self._context_metric(text, sent)
        out: list[Count] = []
        for i, q in enumerate(quantities):
            read = self._read(text, sent, q, quantities[i + 1] if i + 1 < len(quantities) else None)
            if read is None:
                continue
            singular, q = q.qualifier == "singular", read.q
            metric, how = read.metric, read.how
            head: Count | None = None
            part = False
            status = self._status(text, sent, q)
            of_them = bool(_OF_THEM.match(text, q.end, sent.end) or _OF_THEM.match(text, read.who_end, sent.end))
            bare = read.who is not None or self._bare(text, read.who_end, sent.end)
            wholes = out + ([goes_on] if goes_on is not None else [])
            if metric is None and out and bare:
                between = text[out[-1].span.end:q.start]
                if status == "superseded" or of_them or _SIBLING.match(between) or _PART.search(between) \
                        or _ELLIPSIS.match(between):
                    head, part = self._head(out, wholes, between)
                    part = (part or of_them) and status != "superseded"
                    metric, how = head.metric, "inherited"
            if metric is None and goes_on is not None and bare:
                head, metric, how, part = goes_on, goes_on.metric, "inherited", True
            if metric is None and context is not None and context[0] < q.start and read.who is None and bare \
                    and q.value is not None:
                metric, how = context[1], "context"
            if metric is None and read.who is not None and q.value is not None and not _POPULATION.search(
                    text, max(sent.start, q.start - 60), q.start):
                metric, how = "other", "other"
            if metric is None:
                continue
            who = self._who(text, sent, q, read, how, head)
            year_scope = self._year_scope(text, sent, q, published)
            place = read.demonym or self.scopes.find(text, sent.start, sent.end, q.start, read.who_end, places,
                                                       out[-1].scope if out else None)
            if place is None and head is not None:
                place = head.scope  # a list item with no place of its own is where its list is
            scope = year_scope or place
            stated = False  # the text itself says this is a running total
            if year_scope or singular or _INCREMENT_BEFORE.search(text, max(sent.start, q.start - 20), q.start) \
                    or _INCREMENT_AFTER.match(text, q.end, sent.end):
                cumulative = False  # another event; a single person; "two more deaths", "another 40"
            elif head is not None and part and scope == head.scope and who == head.who:
                cumulative = False  # a part of the total by another criterion: identified, in hospital...
            elif head is not None:
                cumulative = head.cumulative
                # a part by category of a running total ("five children among the dead") is a running total too
                stated = part and cumulative and head.cumulative and who != head.who
            else:
                cumulative, stated = self._cumulative(text, sent, q, read.who_end, how)
                stated = stated or (cumulative and (
                    (headline and how in ("participle", "verb", "noun"))
                    or (how in ("participle", "verb") and bool(_PERFECT.search(
                        text, max(sent.start, q.start - 40), min(sent.end, read.who_end + 40))))))
            end = read.who_end
            count_source = source if source is not None or head is None else head.source
            if year_scope:
                count_source = own
            via, count_source = self._via(sent.text, count_source, state)
            if _WRITERS_CLAUSE.search(text, max(sent.start, q.start - 120), q.start):
                count_source, via = None, None  # "..., X said, taking the region's dead so far to 24": the writer's
            official = self._official(count_source, scope)
            out.append(Count(
                span=make_span(doc, sent, q.start, end),
                metric=metric, low=q.low, high=q.high, qualifier=q.qualifier, who=who,
                source=count_source, cumulative=cumulative, status=status, scope=scope,
                published=published, id=f"{doc.path}#{q.start}", part_of=head.id if head is not None and part else None,
                via=via, reason=self._reason(sent.text) if status != "projection" else None,
                as_of=self._as_of(text, sent, q, dates, published),
                basis="total" if stated else how, official=official,
            ))
        out = _parts_before_wholes(text, out)
        for c in out:
            if c.part_of is None and c.metric != "other" and c.status == "claim":
                state.last = c
        return out

    # -- reading one quantity ------------------------------------------------------------------------------------

    def _read(self, text: str, sent: Sentence, q: Quantity, nxt: Quantity | None) -> _Read | None:
        who_m = self.who_after.match(text, q.end, sent.end)
        if q.value is None and q.qualifier == "singular":  # "a child", "another civilian": its noun is its who
            who_m = None
        who_word = " ".join(who_m.group("who").lower().split()) if who_m else None
        demonym = self.scopes.country_of(who_word) if who_word and who_word in self.demonyms else None
        were = _WERE_DEMONYM.match(text, q.end, sent.end)  # "658 of the dead were Egyptians"
        if demonym is None and were and were.group("d").lower() in self.demonyms:
            demonym = self.scopes.country_of(were.group("d"))
        who = "people" if demonym else (self.who_of.get(who_word) if who_word else None)
        who_end = who_m.end() if who_m else q.end
        if q.qualifier == "singular":
            who, who_end = self._singular_who(text, q), q.end
        metric, how = self._metric(text, sent, q, who_end, who is not None)
        if metric is None and who is not None and nxt is not None:
            metric, how = self._shared(text, sent, who_end, nxt)
        if metric is None and who is None:  # "six airmen were killed": a person noun the lexicon lacks
            noun = self.generic_noun.match(text, q.end, sent.end)
            if noun and self.right.match(text[noun.end():min(sent.end, noun.end() + WINDOW)]):
                metric, how = self._metric(text, sent, q, noun.end(), True)
                who_end = noun.end() if metric else who_end
        if q.qualifier == "singular":
            if metric is None or how not in ("participle",):
                return None  # "a man said", "killed a woman": an article, not a count
            q = Quantity(q.start, q.end, q.number_start, 1, 1, "exact", 1)
        return _Read(q, who_end, who, demonym, metric, how)

    def _label(self, text: str, q: Quantity) -> bool:
        """A number that names rather than counts: "(12841)", "Flight 171", "2:00 p.m.", "12841 Coromandel Express"."""
        before = text[max(0, q.start - 12):q.start]
        after = text[q.end:q.end + 30]
        if before.endswith("(") and after.startswith(")"):
            return True
        if _CODE_BEFORE.search(before) or re.match(r":\d", after) or re.search(r"\d:$", before):
            return True
        m = re.match(r"\s+([A-Z][a-z]+)", after)
        return bool(m and q.qualifier == "exact" and m.group(1).lower() not in self.who_of
                    and m.group(1).lower() not in self.demonyms and not text[q.start].isalpha())

    def _with_singulars(self, text: str, sent: Sentence, quantities: list[Quantity]) -> list[Quantity]:
        """'A child was killed', 'another civilian died': a singular subject is a count of one (kept only when a
        participle of a metric follows it)."""
        extra = []
        for m in self.singular.finditer(text, sent.start, sent.end):
            if any(q.start < m.end() and m.start() < q.end for q in quantities):
                continue
            extra.append(Quantity(m.start(), m.end(), m.start(), 1, 1, "singular", None))
        return sorted(quantities + extra, key=lambda q: q.start) if extra else quantities

    def _singular_who(self, text: str, q: Quantity) -> str:
        m = self.singular.match(text, q.start, q.end)
        word = m.group("who").lower() if m else "person"
        return self.who_of.get(word, {"child": "children", "woman": "women"}.get(word, "people"))

    @staticmethod
    def _head(out: list[Count], wholes: list[Count], between: str) -> tuple[Count, bool]:
        """The count a list item joins, and whether it is a part of it: the last count (a part when inclusion words
        or a colon stand between), or, for a further item of a list of parts, their whole."""
        last = out[-1]
        if _PART.search(between):
            return last, True
        if last.part_of is not None:
            whole = next((c for c in wholes if c.id == last.part_of), None)
            if whole is not None:
                return whole, True
        return last, False

    def _bare(self, text: str, pos: int, end: int) -> bool:
        """A number that stands alone in a list ("six in Romania", "Anamizu six,", "with 55"), not one that counts
        something else ("400 houses", "3 metres")."""
        m = _NEXT_WORD.match(text, pos, end)
        if not m or not m.group(1):
            return True
        word = m.group(1).lower()
        return word in _LIST_WORDS or word in self.who_of or word in self.participle_of or word in self.noun_of

    def _shared(self, text: str, sent: Sentence, who_end: int, nxt: Quantity) -> tuple[str | None, str]:
        """'Four soldiers and two civilians died': a count joined by 'and' to the next shares its participle."""
        if not _AND.fullmatch(text, who_end, nxt.start):
            return None, ""
        who_m = self.who_after.match(text, nxt.end, sent.end)
        after = text[who_m.end() if who_m else nxt.end:min(sent.end, nxt.end + WINDOW)]
        m = self.right.match(after)
        return (self.participle_of[" ".join(m.group("m").lower().split())], "participle") if m else (None, "")

    def _context_metric(self, text: str, sent: Sentence) -> tuple[int, str] | None:
        """A sentence about the victims with bare figures in it: "Most of the victims were in Wajima, with 55"."""
        m = self.context_noun.search(text, sent.start, sent.end)
        if not m:
            return None
        word = m.group("m").lower().replace("the ", "")
        metric = self.noun_of.get(word) or self.participle_of.get(word) or (
            self.lex.lost_metrics[0] if word in ("victims", "dead", "deaths", "fatalities", "death toll") else None)
        return (m.end(), metric) if metric else None

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
        # patterns that end where the number starts: searched over the few characters they can span, not the window
        before = text[max(sent.start, q.start - WINDOW):q.start]  # bounded: a long sentence stays linear
        near = before[-NEAR:]
        m = self.left_of_the.search(near)
        if m:
            return self._noun_metric(m.group("m")), "noun"
        m = self.left_verb.search(near)
        if m:
            return self.verb_of[" ".join(m.group("m").lower().split())], "verb"
        if self.left_lost.search(near) and self.lex.lost_metrics and (has_who or re.match(
                r"\s*(?:[,.;)]|$|\b(?:and|while|but)\b)", text[q.end:min(sent.end, q.end + 40)])):
            return self.lex.lost_metrics[0], "lost"
        reach = before[-TOLL_REACH:]
        m = self.left_noun.search(reach) or (self.left_noun_bare.search(near) if q.passing else None)
        if m:
            word = " ".join(m.group("m").lower().split())
            if word.startswith("number of"):  # "the number of injured" counts the injured
                what = word[len("number of "):].replace("people ", "")
                metric = self._noun_metric(what) or self.noun_of.get(what)
            else:
                metric = self.noun_of.get(word)
            if metric is not None:
                return metric, "toll"
        m = self.noun_after.match(text, who_end, sent.end) if not has_who else None
        if m:
            return self.noun_of[" ".join(m.group("m").lower().split())], "noun"
        return None, ""

    def _noun_metric(self, word: str) -> str | None:
        word = word.lower()
        if word in ("dead", "killed", "victims", "bodies"):
            return self.lex.lost_metrics[0] if self.lex.lost_metrics else "killed"
        return self.participle_of.get(word) or self.noun_of.get(word)

    def _who(self, text: str, sent: Sentence, q: Quantity, read: _Read, how: str, head: Count | None) -> str:
        if read.who is not None:
            return read.who
        if how == "lost":
            m = self.subject_who.search(re.sub(r"\s*(?:lost|losing|loses|lose)\s*$", "", text[max(sent.start, q.start - WINDOW):q.start], flags=re.I))
            if m:
                return self.who_of.get(m.group("who").lower(), "people")
        if head is not None:
            return head.who
        return "people"

    def _status(self, text: str, sent: Sentence, q: Quantity) -> str:
        end = q.number_start if q.passing else q.start  # "may exceed 12,000": the modal stands before the verb
        before = text[max(sent.start, end - 45):end]
        if self.superseded.search(before) and re.search(r"\b(?:from|of|reported|given|at|not|as|than)\s*$", before, re.I):
            return "superseded"
        if self.projection.search(text[max(sent.start, end - 40):end]):
            return "projection"
        clause = text[max(sent.start, end - 90):end]
        if _PAST_REPORT.search(clause) and ";" not in clause:
            return "superseded"  # "the Hajj Mission had said a day earlier that 35": an earlier figure, recalled
        return "claim"

    def _cumulative(self, text: str, sent: Sentence, q: Quantity, who_end: int, how: str) -> tuple[bool, bool]:
        """Whether a count is the story's running total, and whether the text says so in words (a toll noun, "so
        far", "in total"). A count is the running total unless its clause ties it to a single incident ("a strike
        killed", "on Thursday alone", "in fresh strikes"). Comparison counts (scope) are set apart by the caller."""
        lo, hi = max(sent.start, q.start - WINDOW), min(sent.end, q.end + WINDOW)
        clause_start = max([lo] + [lo + m.end() for m in re.finditer(r"[;:]|,\s+while\b", text[lo:q.start])])
        clause_end = min([hi] + [q.end + m.start() for m in re.finditer(r"[;:]|,\s+(?:while|but)\b", text[q.end:hi])])
        before, after = text[clause_start:q.start], text[q.end:clause_end]
        if self.subset.search(after[:80]) or self.subset.search(before[-30:]):
            return False, False  # "187 bodies still not identified": some of the dead, not the toll
        after = text[who_end:clause_end]
        if how == "toll" or self.cumulative.search(before) or self.cumulative.search(after[:60]):
            return True, True
        return not (self._incident(before) or self._incident(after[:60])), False

    def _incident(self, text: str) -> bool:
        """A single incident named in a clause: "a strike killed", "in fresh strikes", "on Thursday alone"; but "the
        crash killed 261" names the story's own event, whose figure is its total."""
        for m in self.incident.finditer(text):
            lead = text[max(0, m.start() - 48):m.start()].lower()
            if re.search(r"\b(?:the|its|their)\s+(?:[\w'’-]+\s+){0,4}$", lead) \
                    and not re.search(r"\b(?:latest|new|second|third|other|another|separate)\s+(?:[\w'’-]+\s+)?$", lead):
                continue  # "the country's deadliest rail crash": the story's own event, named
            return True
        return False

    def _year_scope(self, text: str, sent: Sentence, q: Quantity, published: dt.date | None) -> str | None:
        """Another event, cited for comparison: "the 2015 quake killed 9,000" or "276 people died in quakes in 2016"
        has scope 2015 or 2016."""
        before = text[max(sent.start, q.start - 60):q.start]
        after_end = min(sent.end, q.end + 60)
        cut = _CLAUSE_END.search(text, q.end, after_end)
        after = text[q.end:cut.start() if cut else after_end]
        for m in [*_YEAR.finditer(before), *_YEAR_AFTER.finditer(after)]:
            year = int(m.group("y"))
            prep = (m.group("prep") or "").lower()
            if prep in ("since", "from", "until"):
                continue
            if published is None or year < published.year:
                return str(year)
        return None

    def _via(self, sentence: str, source: str | None, state: DocState) -> tuple[str | None, str | None]:
        """'The UN, citing health ministry figures, said...': the figure is the ministry's, passed on by the UN."""
        m = _VIA.search(sentence) if "citing" in sentence.lower() else None
        if not m or source is None:
            return None, source
        original = self.sources.resolve(m.group("src").replace(" figures", "").replace(" data", ""), state.sources)
        if original is None or original == source:
            return None, source
        return source, original

    @staticmethod
    def _as_of(text: str, sent: Sentence, q: Quantity, dates: list[DateFact], published: dt.date | None) -> dt.date | None:
        """The earlier day the text gives the figure for: "Last week AFP put the toll at 1,100", "On Sunday the
        government revised the toll to 275", "94 as of Thursday"; not an event's own day ("killed 94 on Monday")."""
        if published is None:
            return None
        for d in dates:
            if d.event is not None or d.end is None or d.end >= published or d.granularity not in ("day", "week"):
                continue
            if d.span.end <= q.start:
                window = text[max(sent.start, d.span.start - 40):q.start]
                if ";" not in text[d.span.end:q.start] and q.start - d.span.end <= 150 and _REPORTED.search(window):
                    return d.end
            elif d.span.start >= q.end and _AS_OF.search(text, q.end, d.span.start + 8):
                return d.end
        return None

    def _official(self, source: str | None, scope: str | None) -> bool:
        """A figure from "the authorities", "officials", "the latest tallies", or from the place it counts ("Austria
        reported ... its toll"): the official voice in general, whose series a figure given with no source joins."""
        if source is None:
            return False
        words = source.lower().split()
        return source == scope or (bool(words) and (words[-1] in self.no_source or " ".join(words) in self.no_source))

    @staticmethod
    def _reason(sentence: str) -> str | None:
        m = _REASON.search(sentence)
        return " ".join(m.group("reason").split()) if m else None


_WERE_DEMONYM = re.compile(r"\s+of\s+(?:the\s+|them|those|whom)\s*(?:[\w-]+\s+){0,2}?(?:were|are|was|is)\s+"
                           r"(?:\w+ly\s+)?(?P<d>[A-Z][\w-]+)")
_AMONG = re.compile(r"\s+(?:\w+\s+)?(?:are|were|is|was)\s+(?:also\s+)?among\s+(?:the\s+)?")
_OF_WHOLE = re.compile(r"\s+of\s+(?:the\s+|all\s+|its\s+|their\s+|[A-Z][\w-]*['’]s\s+)?$")


def _parts_before_wholes(text: str, counts: list[Count]) -> list[Count]:
    """"630 of Egypt's 658 dead", "88 of the 275": the first figure is a part of the second; "at least five children
    are among 133 people now known to have died", "eleven children were among the 360 wounded": likewise, and it
    takes the whole's metric."""
    out = list(counts)
    for i in range(len(out) - 1):
        part, whole = out[i], out[i + 1]
        if part.part_of is not None:
            continue
        if part.metric == whole.metric and _OF_WHOLE.fullmatch(text, part.span.end, whole.span.start):
            same = part.scope == whole.scope and part.who == whole.who
            out[i] = replace(part, part_of=whole.id, cumulative=part.cumulative and not same)
        elif part.metric in ("other", whole.metric) and _AMONG.fullmatch(text, part.span.end, whole.span.start):
            by_category = whole.cumulative and part.who != whole.who  # "five children among the dead": a total too
            out[i] = replace(part, metric=whole.metric, part_of=whole.id, cumulative=whole.cumulative,
                             basis="total" if by_category else "inherited" if part.metric == "other" else part.basis)
    return out


def _overlaps(q: Quantity, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_left(starts, q.end)
    return i > 0 and spans[i - 1][1] > q.start
