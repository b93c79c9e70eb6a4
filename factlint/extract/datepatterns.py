"""Finding date expressions: one pass for candidate words, then the detailed patterns only where they can match.

A sentence is scanned once for trigger words (years, month and weekday names, temporal words such as "ago",
"quarter", "now"). Every date expression contains one of them, a few words at most after its start; so each pattern
that can contain a trigger of that family is tried (anchored, `Pattern.match`) only at the word starts shortly before
the trigger. Of overlapping matches the leftmost, then the longest, then the earlier pattern wins. Every pattern is
built without nested repetition, so each attempt is linear in the text it reads.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from factlint.extract.datewords import DAYNUM, MON, MON_FULL, ORDINAL_WORD, SMALL_NUMBER, SPELLED_YEAR, WD, YEAR

_PREP = r"(?P<prep>(?i:on|in|since|until|till|by|from|during|through|throughout|before|after|around|into|over|of|to|at|for|within|between|starting|beginning|as of|effective|ahead of))"

# kind, the trigger families one of which the expression contains, how many characters before such a trigger word
# the expression can start (its prepositions and modifiers), the pattern
_PATTERNS: list[tuple[str, str, int, str]] = [
    ("iso", "D", 12, r"(?<![\d/.-])(?:" + _PREP + r"\s+)?(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?![\d-])"),
    ("md", "M", 28, rf"\b(?:{_PREP}\s+)?(?:(?P<wd>{WD}),?\s*\(?\s*)?(?P<mon>{MON})\s+(?P<day>{DAYNUM})(?![:,.]\d|\d)(?:,?\s+(?P<y>{YEAR})(?!\d))?\)?"),
    ("dm", "M", 38, rf"\b(?:{_PREP}\s+)?(?:(?P<wd>{WD}),?\s*\(?\s*)?(?:the\s+)?(?P<day>{DAYNUM})\s+(?:of\s+)?(?P<mon>{MON})(?![\w-])(?:,?\s+(?P<y>{YEAR})(?!\d))?\)?"),
    ("my", "MN", 45, rf"\b(?:{_PREP}\s+)?(?:(?P<mod>(?i:early|mid-?|late|the end of|the beginning of|the start of|the middle of))\s*)?(?P<mon>{MON}),?\s+(?:of\s+)?(?:(?P<y>{YEAR})(?![\d,.]\d)|(?P<ys>(?i:{SPELLED_YEAR}))\b)"),
    ("mon", "M", 32, rf"\b(?:{_PREP}\s+)?(?:(?P<rel>(?i:last|this coming|this past|this|next|early|late|mid-?|earlier this|later this|the end of|the beginning of|the start of|the middle of))\s*)?(?P<mon>{MON_FULL})(?P<poss>'s)?(?:\s+(?P<ryear>(?i:last|this|next))\s+(?i:year))?(?![\w-])(?!\s+(?:\d|[A-Z][a-z]))"),
    ("holiday", "PH", 14, rf"\b(?:{_PREP}\s+)?(?P<hol>New Year's (?:Day|Eve)|New Year(?!'s)|Christmas (?:Day|Eve)|Christmas|Boxing Day|Valentine's Day|Halloween)(?![\w-])"),
    ("wd", "W", 16, rf"\b(?:(?P<rel>(?i:last|next|this coming|this past|this|on|late|early|from|until|till|by|since|before|after|the previous|the following|the next|as of|through))\s+)?(?P<wd>{WD})(?:\s+(?P<tod>(?i:morning|afternoon|evening|night)))?(?:,?\s+(?P<wk>(?i:last|next|this))\s+(?i:week))?\b"),
    ("rday", "R", 16, r"\b(?P<rd>(?i:the day before yesterday|the day after tomorrow|today|tonight|tomorrow|yesterday|this morning|this afternoon|this evening|last night|last evening))\b"),
    ("period", "P", 52, rf"\b(?:{_PREP}\s+)?(?:(?P<ea>(?i:earlier|later|early|late|the end of|the start of|the beginning of|the middle of|the rest of|the remainder of|the first half of|the second half of))\s+)?(?P<rel>(?i:this|last|next|this past|the coming|the current|the previous))\s+(?:(?P<fiscal>(?i:fiscal))\s+)?(?P<unit>(?i:week|month|year|decade|century))(?![\w-])(?P<poss>'s)?"),
    ("within", "P", 16, r"\b(?P<ea>(?i:earlier|later))\s+(?i:in|during)\s+(?i:the)\s+(?P<unit>(?i:day|week|month|year))\b"),
    ("ago", "A", 48, rf"\b(?:(?P<mod>(?i:about|around|nearly|almost|some|more than|less than|over|just|roughly|only|barely|fully|exactly|at least))\s+)?(?P<n>(?i:{SMALL_NUMBER}|a couple of|a few|a|an))\s+(?P<unit>(?i:days?|weeks?|months?|years?|decades?|centuries|century))(?:\s+(?i:or\s+(?:so|two|three)))?\s+(?P<dir>(?i:ago|earlier|later|back|from now))\b"),
    ("yago", "AP", 14, r"\b(?:(?P<det>(?i:the|a|its|their))\s+)?(?P<ya>(?i:year-ago|year-earlier|year earlier|prior-year|year-before))(?:\s+(?P<unit>(?i:quarter|period|month)))?\b"),
    ("sameyear", "PQ", 48, r"\b(?:(?i:for|in|during)\s+)?(?P<same>(?i:the same (?:period|quarter|month|week) (?:last|a|the previous|the prior) year|the (?:corresponding|comparable|same|year-earlier|year-ago) (?:period|quarter) (?:of |a )?(?:last|the previous|the prior|a) year|the (?:quarter|period) a year (?:ago|earlier)))\b"),
    ("quarter", "Q", 60, rf"\b(?:{_PREP}\s+)?(?:(?P<det>(?i:the|its|their|this year's|last year's|next year's|the year's))\s+)?(?:(?i:fiscal\s+)?(?P<yq>{YEAR})(?:'s)?\s+)?(?:(?i:fiscal|calendar)[\s-]+)?(?P<qn>(?i:first|second|third|fourth|final|1st|2nd|3rd|4th))[\s-]+(?:(?i:fiscal|calendar)[\s-]+)?(?P<unit>(?i:quarter|half))(?![\w-])(?!\s+(?i:of\s+(?:a|an|the)\b|century))(?:,?\s+(?:(?i:of|in)\s+)?(?:(?P<y>{YEAR})(?!\d)|(?P<qy>(?i:this|last|next))\s+(?i:year)|(?i:fiscal)\s+(?P<fy>{YEAR})(?!\d)))?"),
    ("yperiod", "D", 18, rf"\b(?:{_PREP}\s+)?(?i:the)\s+(?P<y>{YEAR})\s+(?i:period)\b"),
    ("qrel", "Q", 38, rf"\b(?:{_PREP}\s+)?(?P<qrel>(?i:last year's|this year's|next year's|the latest|this|last|next|the current|the latest|the most recent|the past|the previous|the prior|the coming|the same|the))\s+(?:(?i:fiscal)\s+)?(?P<unit>(?i:quarter|half|period))(?![\w-])(?!\s+(?i:of\b|century|mile))"),
    ("season", "S", 24, rf"\b(?:{_PREP}\s+)?(?:(?P<rel>(?i:this past|this|last|next|the coming|the past|the early|the late|the|early|late|mid-?))[\s-]+)?(?P<season>(?i:spring|summer|autumn|fall|winter))(?P<poss>'s)?(?:\s+(?:(?i:of)\s+)?(?:(?P<y>{YEAR})(?!\d)|(?P<ys>(?i:{SPELLED_YEAR}))\b))?(?![\w-])"),
    ("weekend", "P", 24, rf"\b(?:{_PREP}\s+)?(?P<rel>(?i:this past|this|last|next|the coming|the past|the))\s+(?i:weekend)\b"),
    # "now", "recently", "in the future": the words that, in TimeML news, are PRESENT_REF, PAST_REF or FUTURE_REF
    # more often than not ("previously" and "currently" are not: they mostly go unannotated)
    ("ref", "F", 26, r"(?<!\bas )\b(?:(?i:right|just|only|even)\s+)?(?P<ref>(?i:now|at present|nowadays|these days|at the moment|at this moment|for now|recently|lately|in the past(?!\s+(?:\d|(?i:few|several|two|three|four|five|six|seven|eight|nine|ten|year|month|week|decade|day|century|quarter)))|(?:in )?recent (?:days|weeks|months|years)|(?:in )?the (?:last|past) (?:few|several) (?:days|weeks|months|years)|at a later (?:date|stage)|in the (?:near |distant )?future|into the future|in the (?:coming|next few) (?:days|weeks|months|years|quarters)|(?:in )?coming (?:days|weeks|months|years|quarters)|in the (?:short|near|long) (?:term|run)|soon(?!\s+(?i:as|after|afterwards?|thereafter)\b)))\b(?!-)"),
    ("ordinal", "P", 42, r"\b(?:for\s+(?:a|the)\s+(?P<ord>[\w-]+)\s+(?:(?i:straight|consecutive|successive|running)\s+)?day|on\s+the\s+(?P<ord2>[\w-]+)\s+day\s+of)\b"),
    ("same", "P", 14, r"\b(?:on\s+)?the\s+same\s+day\b"),
    ("yearend", "P", 30, rf"\b(?:{_PREP}\s+)?(?P<ye>(?i:(?:the\s+)?year[\s-]end|year's end|the turn of the year))\b"),
    ("partof", "P", 36, rf"\b(?:{_PREP}\s+)?(?P<ea>(?i:the end|the start|the beginning|the middle|the rest|the remainder))\s+(?i:of)\s+(?i:the)\s+(?P<unit>(?i:week|month|year))\b"),
    ("thatyear", "PQ", 20, rf"\b(?:{_PREP}\s+)?(?P<that>(?i:that|the same))\s+(?P<unit>(?i:year|month|quarter))\b"),
    ("following", "P", 28, rf"\b(?:{_PREP}\s+)?(?P<rel>(?i:the following|the next|the previous|the preceding|the prior))\s+(?P<unit>(?i:month|year))\b"),
    ("decade", "DN", 24, rf"(?<![\w'$])(?:{_PREP}\s+)?(?:(?P<det>(?i:the))\s+)?(?:(?P<mod>(?i:early|mid-?|late))[\s-]*)?(?:(?P<dec>(?:1[6-9]|20)\d0)'?s|'(?P<dec2>\d0)s|(?P<decw>(?i:(?:nineteen[ -])?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))))\b"),
    ("century", "P", 48, rf"\b(?:{_PREP}\s+)?(?:(?P<det>(?i:the|this|last|next|the last|the next|the previous))\s+)?(?:(?P<mod>(?i:early|mid-?|late))[\s-]*)?(?:(?P<cn>\d{{1,2}}(?:st|nd|rd|th)|(?i:{ORDINAL_WORD}))[\s-]+)?(?i:century)\b"),
    ("year", "D", 44, rf"(?<![\w$€£.,'-])(?:(?P<prep>[Ss]ince|[Uu]ntil|till|[Ii]n|by|[Ff]rom|[Bb]efore|[Aa]fter|of|through|to|[Dd]uring|for|[Bb]etween|and)\s+)?(?:(?i:the\s+(?:end|start|beginning|middle)\s+of)\s+)?(?:(?P<mod>(?i:early|late|mid-?|fiscal|fiscal year|calendar|calendar year|the year))[\s-]*)?(?P<y>{YEAR})(?![\w%.,-]\d|\d|%|,\d|\s*[-–]\s*\d)"),
    ("spelled", "N", 24, rf"\b(?:(?P<prep>(?i:since|until|in|by|from|before|after|of|through|to|during))\s+)?(?:(?P<det>(?i:the year))\s+)?(?P<ys>(?i:{SPELLED_YEAR}))\b"),
]
PRIORITY = {name: i for i, (name, _, _, _) in enumerate(_PATTERNS)}
_BY_FAMILY: dict[str, list[tuple[int, str, int, re.Pattern[str]]]] = {}
for _i, (_name, _families, _reach, _pattern) in enumerate(_PATTERNS):
    for _family in _families:
        _BY_FAMILY.setdefault(_family, []).append((_i, _name, _reach, re.compile(_pattern)))
_BY_FAMILY["Y"] = [p for p in _BY_FAMILY["D"] if p[1] == "decade"]  # "the '90s"
_REACH = max(reach for _, _, reach, _ in _PATTERNS)
_WORD_START = re.compile(r"(?<![\w'’])[\w'’]")

_TOKEN = re.compile(r"[A-Za-z]{3,}|\b\d{2,4}(?!\d)")  # every trigger word has 3 letters or more; "1990s", "'90s"
_FAMILY_OF: dict[str, str] = {}
for _family, _words in (
    ("R", "today tonight tomorrow yesterday morning afternoon evening night"),
    ("P", "day week weekend month year decade century"),
    ("Q", "quarter half period"),
    ("S", "spring summer autumn fall winter"),
    ("F", "now present nowadays days moment recently lately past recent future coming few several soon term run later"),
    ("A", "ago earlier later back"),
    ("H", "christmas halloween boxing valentine"),
    ("N", "nineteen eighteen twenty thousand twenties thirties forties fifties sixties seventies eighties nineties"),
):
    _FAMILY_OF.update(dict.fromkeys(_words.split(), _family))
    _FAMILY_OF.update(dict.fromkeys(_words.title().split(), _family))
_FAMILY_OF_NAME = {name: "M" for name in re.findall(r"\w+", MON)} | {name: "W" for name in re.findall(r"\w+", WD)}


def triggers(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, family) of every word in text[start:end] that a date expression may contain."""
    out = []
    for t in _TOKEN.finditer(text, start, end):
        word = t.group()
        if word[0].isdigit():
            if len(word) == 4 and ("1600" <= word <= "2099"):
                out.append((t.start(), "D"))
            elif len(word) == 2 and word[1] == "0" and text[t.start() - 1: t.start()] in ("'", "’"):
                out.append((t.start() - 1, "Y"))  # "the '90s"
            continue
        family = _FAMILY_OF_NAME.get(word) or _FAMILY_OF.get(word)
        if family is None and word.isupper():  # a headline in capitals
            family = _FAMILY_OF.get(word.lower()) or _FAMILY_OF_NAME.get(word.title())
        if family is not None:
            out.append((t.start(), family))
    return out



@dataclass(frozen=True, eq=False)
class DateMatch:
    kind: str
    start: int
    end: int
    text: str
    groups: dict[str, str | None]

    def get(self, name: str) -> str:
        """The group's text, or "" when it did not take part."""
        return self.groups.get(name) or ""


def scan(text: str, start: int, end: int, accept: Callable[[DateMatch, str], bool] | None = None) -> list[DateMatch]:
    """The date expressions in text[start:end] that `accept` keeps, without overlaps, in order."""
    found: dict[tuple[int, int, int], DateMatch] = {}
    tried: set[tuple[int, int]] = set()
    found_triggers = triggers(text, start, end)
    if not found_triggers:
        return []
    lo = max(start, found_triggers[0][0] - _REACH)
    word_starts = [w.start() for w in _WORD_START.finditer(text, lo, found_triggers[-1][0] + 1)]
    for at, family in found_triggers:
        first = bisect.bisect_left(word_starts, at - _REACH)
        last = bisect.bisect_right(word_starts, at)
        for i, kind, reach, regex in _BY_FAMILY[family]:
            for j in range(last - 1, first - 1, -1):  # the word starts from the trigger back to the reach
                pos = word_starts[j]
                if pos < at - reach:
                    break
                if (i, pos) in tried:
                    continue
                tried.add((i, pos))
                m = regex.match(text, pos, end)
                if m is not None and m.end() > m.start():
                    found[(i, m.start(), m.end())] = DateMatch(kind, m.start(), m.end(), m.group(), m.groupdict())
    matches = [d for d in found.values() if accept is None or accept(d, text)]
    matches.sort(key=lambda d: (d.start, -d.end, PRIORITY[d.kind]))
    out: list[DateMatch] = []
    for d in matches:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return out
