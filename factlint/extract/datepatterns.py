"""Finding date expressions: one pass for candidate words, then the detailed patterns only around them.

A sentence is scanned once for trigger words (digits, month and weekday names, temporal words); each trigger opens a
window a few words wide on either side, nearby windows merge, and only the patterns that can contain one of the
window's triggers run inside it. Of overlapping matches the leftmost, then the longest, then the earlier pattern
wins. Every pattern is built without nested repetition, so matching is linear in the window's length.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from factlint.extract.datewords import DAYNUM, MON, MON_FULL, ORDINAL_WORD, SMALL_NUMBER, SPELLED_YEAR, WD, YEAR

_PREP = r"(?P<prep>(?i:on|in|since|until|till|by|from|during|through|throughout|before|after|around|into|over|of|to|at|for|within|between|starting|beginning|as of|effective|ahead of))"

# kind, the trigger families one of which the expression contains, the pattern
_PATTERNS: list[tuple[str, str, str]] = [
    ("iso", "D", r"(?<![\d/.-])(?:" + _PREP + r"\s+)?(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?![\d-])"),
    ("md", "M", rf"\b(?:{_PREP}\s+)?(?:(?P<wd>{WD}),?\s*\(?\s*)?(?P<mon>{MON})\s+(?P<day>{DAYNUM})(?![:,.]\d|\d)(?:,?\s+(?P<y>{YEAR})(?!\d))?\)?"),
    ("dm", "M", rf"\b(?:{_PREP}\s+)?(?:(?P<wd>{WD}),?\s*\(?\s*)?(?:the\s+)?(?P<day>{DAYNUM})\s+(?:of\s+)?(?P<mon>{MON})(?![\w-])(?:,?\s+(?P<y>{YEAR})(?!\d))?\)?"),
    ("my", "MN", rf"\b(?:{_PREP}\s+)?(?:(?P<mod>(?i:early|mid-?|late|the end of|the beginning of|the start of|the middle of))\s*)?(?P<mon>{MON}),?\s+(?:of\s+)?(?:(?P<y>{YEAR})(?![\d,.]\d)|(?P<ys>(?i:{SPELLED_YEAR}))\b)"),
    ("mon", "M", rf"\b(?:{_PREP}\s+)?(?:(?P<rel>(?i:last|this coming|this past|this|next|early|late|mid-?|earlier this|later this|the end of|the beginning of|the start of|the middle of))\s*)?(?P<mon>{MON_FULL})(?P<poss>'s)?(?:\s+(?P<ryear>(?i:last|this|next))\s+(?i:year))?(?![\w-])(?!\s+(?:\d|[A-Z][a-z]))"),
    ("wd", "W", rf"\b(?:(?P<rel>(?i:last|next|this coming|this past|this|on|late|early|from|until|till|by|since|before|after|the previous|the following|the next|that|as of|through))\s+)?(?P<wd>{WD})(?:\s+(?P<tod>(?i:morning|afternoon|evening|night)))?(?:,?\s+(?P<wk>(?i:last|next|this))\s+(?i:week))?\b"),
    ("rday", "R", r"\b(?P<rd>(?i:the day before yesterday|the day after tomorrow|today|tonight|tomorrow|yesterday|this morning|this afternoon|this evening|last night|last evening))\b"),
    ("period", "P", rf"\b(?:{_PREP}\s+)?(?:(?P<ea>(?i:earlier|later|early|late|the end of|the start of|the beginning of|the middle of|the rest of|the remainder of|the first half of|the second half of))\s+)?(?P<rel>(?i:this|last|next|this past|the coming|the current|the previous))\s+(?:(?P<fiscal>(?i:fiscal))\s+)?(?P<unit>(?i:week|month|year|decade|century))(?![\w-])(?P<poss>'s)?"),
    ("within", "P", r"\b(?P<ea>(?i:earlier|later))\s+(?i:in|during)\s+(?i:the)\s+(?P<unit>(?i:day|week|month|year))\b"),
    ("ago", "A", rf"\b(?:(?P<mod>(?i:about|around|nearly|almost|some|more than|less than|over|just|roughly|only|barely|fully|exactly|at least))\s+)?(?P<n>(?i:{SMALL_NUMBER}|a couple of|a few|a|an))\s+(?P<unit>(?i:days?|weeks?|months?|years?|decades?|centuries|century))(?:\s+(?i:or\s+(?:so|two|three)))?\s+(?P<dir>(?i:ago|earlier|later|back|from now))\b"),
    ("yago", "A", r"\b(?:(?P<det>(?i:the|a|its|their))\s+)?(?P<ya>(?i:year-ago|year-earlier|year earlier|prior-year|year-before))(?:\s+(?P<unit>(?i:quarter|period|month)))?\b"),
    ("sameyear", "PQ", r"\b(?:(?i:for|in|during)\s+)?(?P<same>(?i:the same (?:period|quarter|month|week) (?:last|a|the previous|the prior) year|the (?:corresponding|comparable|same|year-earlier|year-ago) (?:period|quarter) (?:of |a )?(?:last|the previous|the prior|a) year|the (?:quarter|period) a year (?:ago|earlier)))\b"),
    ("quarter", "Q", rf"\b(?:{_PREP}\s+)?(?:(?P<det>(?i:the|its|their|this year's|last year's|next year's|the year's))\s+)?(?:(?P<yq>{YEAR})(?:'s)?\s+)?(?:(?i:fiscal|calendar)[\s-]+)?(?P<qn>(?i:first|second|third|fourth|final|1st|2nd|3rd|4th))[\s-]+(?:(?i:fiscal|calendar)[\s-]+)?(?P<unit>(?i:quarter|half))(?![\w-])(?!\s+(?i:of\s+(?:a|an|the)\b|century))(?:,?\s+(?:(?i:of|in)\s+)?(?:(?P<y>{YEAR})(?!\d)|(?P<qy>(?i:this|last|next))\s+(?i:year)|(?i:fiscal)\s+(?P<fy>{YEAR})(?!\d)))?"),
    ("yperiod", "D", rf"\b(?:{_PREP}\s+)?(?i:the)\s+(?P<y>{YEAR})\s+(?i:period)\b"),
    ("qrel", "Q", rf"\b(?:{_PREP}\s+)?(?P<qrel>(?i:last year's|this year's|next year's|the latest|this|last|next|the current|the latest|the most recent|the past|the previous|the prior|the coming|the same|the))\s+(?:(?i:fiscal)\s+)?(?P<unit>(?i:quarter|half|period))(?![\w-])(?!\s+(?i:of\b|century|mile))"),
    ("season", "S", rf"\b(?:{_PREP}\s+)?(?:(?P<rel>(?i:this past|this|last|next|the coming|the past|the early|the late|the|early|late|mid-?))[\s-]+)?(?P<season>(?i:spring|summer|autumn|fall|winter))(?P<poss>'s)?(?:\s+(?:(?i:of)\s+)?(?:(?P<y>{YEAR})(?!\d)|(?P<ys>(?i:{SPELLED_YEAR}))\b))?(?![\w-])"),
    ("weekend", "P", rf"\b(?:{_PREP}\s+)?(?P<rel>(?i:this past|this|last|next|the coming|the past|the))\s+(?i:weekend)\b"),
    # "now", "recently", "in the future": the words that, in TimeML news, are PRESENT_REF, PAST_REF or FUTURE_REF
    # more often than not ("previously" and "currently" are not: they mostly go unannotated)
    ("ref", "F", r"(?<!\bas )\b(?:(?i:right|just|only|even)\s+)?(?P<ref>(?i:now|at present|nowadays|these days|at the moment|at this moment|for now|recently|lately|in the past(?!\s+(?:\d|(?i:few|several|two|three|four|five|six|seven|eight|nine|ten|year|month|week|decade|day|century|quarter)))|in recent (?:days|weeks|months|years)|in the (?:near |distant )?future|into the future|in the (?:coming|next few) (?:days|weeks|months|years)|in coming (?:days|weeks|months|years)|soon(?!\s+(?i:as|after|afterwards?|thereafter)\b)))\b(?!-)"),
    ("ordinal", "P", r"\b(?:for\s+(?:a|the)\s+(?P<ord>[\w-]+)\s+(?:(?i:straight|consecutive|successive|running)\s+)?day|on\s+the\s+(?P<ord2>[\w-]+)\s+day\s+of)\b"),
    ("same", "P", r"\b(?:on\s+)?the\s+same\s+day\b"),
    ("yearend", "P", rf"\b(?:{_PREP}\s+)?(?P<ye>(?i:(?:the\s+)?year[\s-]end|year's end|the end of the year|the turn of the year))\b"),
    ("decade", "DN", rf"(?<![\w'$])(?:{_PREP}\s+)?(?:(?P<det>(?i:the))\s+)?(?:(?P<mod>(?i:early|mid-?|late))[\s-]*)?(?:(?P<dec>(?:1[6-9]|20)\d0)'?s|'(?P<dec2>\d0)s|(?P<decw>(?i:(?:nineteen[ -])?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))))\b"),
    ("century", "P", rf"\b(?:{_PREP}\s+)?(?:(?P<det>(?i:the|this|last|next|the last|the next|the previous))\s+)?(?:(?P<mod>(?i:early|mid-?|late))[\s-]*)?(?:(?P<cn>\d{{1,2}}(?:st|nd|rd|th)|(?i:{ORDINAL_WORD}))[\s-]+)?(?i:century)\b"),
    ("year", "D", rf"(?<![\w$€£.,'-])(?:(?P<prep>[Ss]ince|[Uu]ntil|till|[Ii]n|by|[Ff]rom|[Bb]efore|[Aa]fter|of|through|to|[Dd]uring|for|[Bb]etween|and)\s+)?(?:(?i:the\s+(?:end|start|beginning|middle)\s+of)\s+)?(?:(?P<mod>(?i:early|late|mid-?|fiscal|fiscal year|calendar|calendar year|the year))[\s-]*)?(?P<y>{YEAR})(?![\w%.,-]\d|\d|%|,\d|\s*[-–]\s*\d)"),
    ("spelled", "N", rf"\b(?:(?P<prep>(?i:since|until|in|by|from|before|after|of|through|to|during))\s+)?(?:(?P<det>(?i:the year))\s+)?(?P<ys>(?i:{SPELLED_YEAR}))\b"),
]
PRIORITY = {name: i for i, (name, _, _) in enumerate(_PATTERNS)}
_COMPILED = [(name, frozenset(fams), re.compile(pattern)) for name, fams, pattern in _PATTERNS]

_TRIGGER = re.compile(
    r"(?P<D>\d)"
    r"|(?P<M>\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)"
    r"|(?P<W>\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)"
    r"|(?P<R>\b(?i:today|tonight|tomorrow|yesterday|morning|afternoon|evening|night)\b)"
    r"|(?P<P>\b(?i:day|week|weekend|month|year|years|decade|century|year-end)\b)"
    r"|(?P<Q>\b(?i:quarter|half)\b)"
    r"|(?P<S>\b(?i:spring|summer|autumn|fall|winter)\b)"
    r"|(?P<F>\b(?i:now|present|presently|nowadays|these days|moment|time|point|recently|lately|previously|formerly|past|recent|future|coming|next few|soon)\b)"
    r"|(?P<A>\b(?i:ago|earlier|later|back|from now|year-ago|year-earlier|prior-year|year-before)\b)"
    r"|(?P<N>\b(?i:nineteen|eighteen|twenty|thousand|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b)"
)
_LEFT, _RIGHT = 50, 60  # characters of context a window keeps on either side of a trigger


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
    windows: list[tuple[int, int, set[str]]] = []
    for t in _TRIGGER.finditer(text, start, end):
        ws, we = max(start, t.start() - _LEFT), min(end, t.end() + _RIGHT)
        family = t.lastgroup or ""
        if windows and ws <= windows[-1][1]:
            prev = windows[-1]
            prev[2].add(family)
            windows[-1] = (prev[0], max(prev[1], we), prev[2])
        else:
            windows.append((ws, we, {family}))
    found: list[DateMatch] = []
    for ws, we, families in windows:
        while we < end and (text[we].isalnum() or text[we] in "'’"):  # never cut a word: \b would match inside it
            we += 1
        for kind, needs, regex in _COMPILED:
            if needs & families:
                found.extend(DateMatch(kind, m.start(), m.end(), m.group(), m.groupdict())
                             for m in regex.finditer(text, ws, we) if m.end() > m.start())
    if accept is not None:
        found = [d for d in found if accept(d, text)]
    found.sort(key=lambda d: (d.start, -d.end, PRIORITY[d.kind]))
    out: list[DateMatch] = []
    for d in found:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return out
