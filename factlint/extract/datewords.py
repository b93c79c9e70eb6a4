"""The words of English date expressions and the numbers they spell: shared by the date patterns and resolution."""

from __future__ import annotations

import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
            "nineteenth", "twentieth")
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}

# regular-expression pieces (no nested repetition: every pattern built from them matches in linear time)
WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
       r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
MON_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_UNIT_WORD = "|".join(UNITS[1:])
_TENS_WORD = "|".join(TENS[2:])
SMALL_NUMBER = rf"(?:\d{{1,3}}|(?:{_TENS_WORD})(?:[ -](?:{'|'.join(UNITS[1:10])}))?|{_UNIT_WORD})"
# "nineteen ninety-six", "nineteen oh five", "two thousand", "two thousand and one", "twenty twenty-four"
SPELLED_YEAR = (rf"(?:(?:nineteen|eighteen|twenty)[ -](?:(?:{_TENS_WORD})(?:[ -](?:{'|'.join(UNITS[1:10])}))?"
                rf"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
                rf"|(?:oh|o)[ -](?:{'|'.join(UNITS[1:10])}))"
                rf"|two thousand(?:(?: and)? (?:{_UNIT_WORD}))?)")
ORDINAL_WORD = "|".join(ORDINALS[1:]) + "|twenty-first|twenty-second"


def month_number(text: str) -> int:
    t = text.lower().rstrip(".")
    return MONTHS.index(t) + 1 if t in MONTHS else _MONTH_ABBR[t[:4] if t.startswith("sept") else t[:3]]


def number(text: str) -> int | None:
    """1 to 999 written in digits or words ("four", "twenty-one", "a", "a couple of"); None otherwise."""
    t = text.lower().strip()
    if t.isdigit():
        return int(t)
    if t in ("a", "an", "one"):
        return 1
    if t in ("a couple of", "a couple", "couple of"):
        return 2
    parts = re.split(r"[ -]+", t)
    total = 0
    for part in parts:
        if part in UNITS:
            total += UNITS.index(part)
        elif part in TENS and part:
            total += 10 * TENS.index(part)
        else:
            return None
    return total or None


def ordinal(text: str) -> int | None:
    """"third" -> 3, "21st" -> 21, "twenty-first" -> 21; None for anything else."""
    t = text.lower()
    if t in ORDINALS:
        return ORDINALS.index(t)
    m = re.fullmatch(r"(\d{1,9})(?:st|nd|rd|th)", t)
    if m:
        return int(m.group(1))
    m = re.fullmatch(r"(twenty|thirty)-(\w+)", t)
    if m and m.group(2) in ORDINALS[1:10]:
        return 10 * TENS.index(m.group(1)) + ORDINALS.index(m.group(2))
    return None


def spelled_year(text: str) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand and one" -> 2001, "nineteen oh five" -> 1905."""
    t = text.lower().replace("-", " ")
    m = re.fullmatch(r"two thousand(?: and)?(?: (\w+))?", t)
    if m:
        rest = number(m.group(1)) if m.group(1) else 0
        return 2000 + rest if rest is not None and rest < 100 else None
    head, _, tail = t.partition(" ")
    century = {"eighteen": 18, "nineteen": 19, "twenty": 20}.get(head)
    tail = re.sub(r"^(?:oh|o) ", "", tail)
    rest = number(tail)
    return century * 100 + rest if century and rest is not None and rest < 100 else None
