"""Resolving a date expression to a TIMEX3 value and its days, against the publication date P.

- explicit: a full date, a month and year, a year, a decade ("the 1990s"), a century, a quarter with its year;
- a month-day or a month without a year: the occurrence nearest to P, unless the clause's tense says otherwise (a
  forward cue such as "will" or "payable" picks the next one, a past-tense verb the last one); without P the year
  stays open (`XXXX-11-30`) for the corpus pass to fill;
- a bare weekday: the latest one on or before P, the next one after P with a forward cue;
- relative to P: today, yesterday, this/last/next week, month, year, quarter, season, weekend, decade, century;
  "N days/weeks/months/years ago"; "earlier this month";
- relative to the document's focus (the last date it gave): "the same day", "the next day", "a year earlier",
  "the year-ago quarter";
- "now", "recently", "in the future": PRESENT_REF, PAST_REF, FUTURE_REF, which date nothing.

Without P, relative expressions stay unresolved (value None) rather than guessed. A result outside the calendar is
unresolved too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from factlint import timex
from factlint.extract.datepatterns import DateMatch
from factlint.extract.datewords import (
    DECADE_WORDS,
    SEASONS,
    WEEKDAYS,
    month_number,
    number,
    ordinal,
    spelled_year,
)


@dataclass(frozen=True)
class Resolved:
    value: str | None
    start: dt.date | None
    end: dt.date | None
    granularity: str
    explicit: bool


# prepositions that point a date forward ("until Sunday", "extended to Nov. 20"), more weakly than a verb does
FORWARD_PREPS = frozenset(("until", "till", "by", "effective", "starting", "beginning", "ahead of", "to", "through"))
NOT_A_DATE = Resolved(None, None, None, "none", False)  # what a match turned out not to be: no fact at all


@dataclass(frozen=True)
class Context:
    p: dt.date | None
    tense: str  # "future", "past" or "" (the nearest cue before the expression in its clause)
    focus: Resolved | None = None  # the document's last resolved date
    quarter: Resolved | None = None  # the last quarter or half the document spoke of
    previous_day: Resolved | None = None  # the last day it spoke of
    compared: bool = False  # the clause compares with it ("up from ... last year", "than a year ago")
    prep: str = ""  # the preposition the expression opens with ("since", "until")


def make(value: str | None, explicit: bool = False) -> Resolved | None:
    """A value with its days; None when it is not a date of the calendar."""
    if value is None:
        return None
    try:
        start, end, shape = timex.bounds(value)
    except ValueError:
        return None
    return Resolved(value, start, end, shape, explicit)


def day(d: dt.date | None, explicit: bool = False) -> Resolved | None:
    return make(d.isoformat(), explicit) if d else None


def _year(y: int) -> str | None:
    return f"{y:04d}" if 1 <= y <= 9999 else None


def _month(y: int, m: int) -> str | None:
    y, m0 = divmod(y * 12 + m - 1, 12)
    return f"{y:04d}-{m0 + 1:02d}" if 1 <= y <= 9999 else None


def _quarter_value(y: int, q: int, unit: str = "Q") -> str | None:
    per = 4 if unit == "Q" else 2
    y, q0 = divmod(y * per + q - 1, per)
    return f"{y:04d}-{unit}{q0 + 1}" if 1 <= y <= 9999 else None


def _week(d: dt.date | None) -> str | None:
    return timex.week_value(d) if d else None


def _shift_years(r: Resolved, n: int) -> str | None:
    """The same period `n` years later (earlier when n < 0): 1989-Q3 -> 1988-Q3."""
    v = r.value or ""
    if v[:4].isdigit() and r.granularity in ("day", "month", "quarter", "half", "season", "year"):
        y = int(v[:4]) + n
        if not 1 <= y <= 9999:
            return None
        value = f"{y:04d}{v[4:]}"
        return value if make(value) else f"{y:04d}{v[4:7]}"  # 29 February -> the month
    return None


def resolve(d: DateMatch, ctx: Context) -> Resolved | None:
    """The value of a match, or None when it cannot be resolved (no P, no focus, outside the calendar)."""
    handler = _HANDLERS.get(d.kind)
    if handler is None:
        return None
    try:
        return handler(d, ctx)
    except (OverflowError, ValueError):
        return None


def _iso(d: DateMatch, ctx: Context) -> Resolved | None:
    return make(f"{d.get('y')}-{d.get('m')}-{d.get('d')}", True)


def month_day(mon: int, dd: int, year: int | None, wd: int | None, ctx: Context) -> Resolved | None:
    if year is not None:
        try:
            return day(dt.date(year, mon, dd), True)
        except ValueError:
            return None
    if ctx.p is None:
        return make(f"XXXX-{mon:02d}-{dd:02d}")
    candidates = []
    for y in (ctx.p.year - 1, ctx.p.year, ctx.p.year + 1):
        try:
            candidates.append(dt.date(y, mon, dd))
        except ValueError:
            continue
    if wd is not None:
        candidates = [c for c in candidates if c.weekday() == wd] or candidates
    p = ctx.p
    i = pick([(c - p).days for c in candidates], ctx.tense, 62 if ctx.prep in FORWARD_PREPS else 0, 15)
    return day(candidates[i]) if i is not None else None


def pick(deltas: list[int], tense: str, slack: int, bias: int) -> int | None:
    """Which of the candidates (their distance from P, negative before it) to take: the nearest (the earlier one on
    a tie, or when a later one is at most `bias` nearer), unless it lies more than `slack` away on the other side of
    P from where the clause's tense points (a preposition such as "to" or "until" points weakly: "extended to Nov. 20"
    but "the summit ran from March 3 to March 5" said on March 20)."""
    if not deltas:
        return None
    # the nearest, the past one when they are about as near (news tells of the past more than of the future)
    nearest = min(range(len(deltas)), key=lambda i: (abs(deltas[i]) + (bias if deltas[i] > 0 else 0), deltas[i] > 0))
    if not tense or abs(deltas[nearest]) <= slack or (deltas[nearest] > 0) == (tense == "future"):
        return nearest
    side = [i for i, d in enumerate(deltas) if (d > 0 if tense == "future" else d <= 0)]
    return min(side, key=lambda i: abs(deltas[i])) if side else nearest


def _md(d: DateMatch, ctx: Context) -> Resolved | None:
    dd = int("".join(ch for ch in d.get("day") if ch.isdigit()))
    wd = WEEKDAYS.index(d.get("wd").lower()) if d.get("wd") else None
    return month_day(month_number(d.get("mon")), dd, int(d.get("y")) if d.get("y") else None, wd, ctx)


_HOLIDAYS = {"new year's day": (1, 1), "new year": (1, 1), "new year's eve": (12, 31), "christmas": (12, 25),
             "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26), "valentine's day": (2, 14),
             "halloween": (10, 31)}


def _holiday(d: DateMatch, ctx: Context) -> Resolved | None:
    mon, dd = _HOLIDAYS[d.get("hol").lower()]
    return month_day(mon, dd, None, None, ctx)


def _my(d: DateMatch, ctx: Context) -> Resolved | None:
    y = int(d.get("y")) if d.get("y") else spelled_year(d.get("ys"))
    return make(_month(y, month_number(d.get("mon"))), True) if y else None


def _mon(d: DateMatch, ctx: Context) -> Resolved | None:
    mon = month_number(d.get("mon"))
    rel = d.get("rel").lower()
    ryear = d.get("ryear").lower()
    if ctx.p is None:
        return make(f"XXXX-{mon:02d}")
    p = ctx.p
    if ryear:
        return make(_month(p.year + {"last": -1, "this": 0, "next": 1}[ryear], mon))
    if rel in ("this", "earlier this", "later this"):
        return make(_month(p.year, mon))
    if rel in ("last", "this past"):
        return make(_month(p.year - (mon >= p.month), mon))
    if rel in ("next", "this coming"):
        return make(_month(p.year + (mon <= p.month), mon))
    deltas = [12 * k + mon - p.month for k in (-1, 0, 1)]
    tense = ctx.tense if mon != p.month or ctx.prep == "since" else ""
    i = pick(deltas, tense, 2 if ctx.prep in FORWARD_PREPS else 0, 0)
    return make(_month(p.year + (-1, 0, 1)[i], mon)) if i is not None else None


def _wd(d: DateMatch, ctx: Context) -> Resolved | None:
    p = ctx.p
    rel = d.get("rel").lower()
    wd = WEEKDAYS.index(d.get("wd").lower())
    if rel in ("the previous", "the following", "the next") and ctx.previous_day and ctx.previous_day.start:
        base = ctx.previous_day.start
        if rel == "the previous":
            return day(timex.shift(base, -((base.weekday() - wd) % 7 or 7)))
        return day(timex.shift(base, (wd - base.weekday()) % 7 or 7))
    if p is None:
        return None
    monday = timex.shift(p, -p.weekday())
    wk = d.get("wk").lower()
    if wk and monday:
        return day(timex.shift(monday, {"last": -7, "next": 7, "this": 0}[wk] + wd))
    if rel == "this" and monday:
        return day(timex.shift(monday, wd))
    forward = rel in ("next", "this coming", "the following", "the next", "until", "till", "by") or (
        ctx.tense == "future" and rel not in ("last", "this past", "the previous"))
    if forward:
        return day(timex.shift(p, (wd - p.weekday()) % 7 or 7))
    back = (p.weekday() - wd) % 7
    if rel in ("last", "this past", "the previous") and back == 0:
        back = 7
    return day(timex.shift(p, -back))


def _rday(d: DateMatch, ctx: Context) -> Resolved | None:
    if ctx.p is None:
        return None
    rd = " ".join(d.get("rd").lower().split())
    delta = {"yesterday": -1, "tomorrow": 1, "last night": -1, "last evening": -1, "the day before yesterday": -2,
             "the day after tomorrow": 2}.get(rd, 0)
    return day(timex.shift(ctx.p, delta))


_REL_SHIFT = {"this": 0, "the current": 0, "last": -1, "this past": -1, "the previous": -1, "next": 1, "the coming": 1}


def _in_unit(unit: str, p: dt.date, shift: int) -> Resolved | None:
    """The week, month, year, decade or century containing P, moved by `shift` of them."""
    if unit == "week":
        return make(_week(timex.shift(p, 7 * shift)))
    if unit == "month":
        return make(_month(p.year, p.month + shift))
    if unit == "year":
        return make(_year(p.year + shift))
    if unit == "decade":
        return make(f"{p.year // 10 + shift:03d}") if p.year // 10 + shift >= 0 else None
    if unit == "century":
        return make(f"{p.year // 100 + shift:02d}") if p.year // 100 + shift >= 0 else None
    if unit == "day":
        return day(timex.shift(p, shift))
    return None


def _period(d: DateMatch, ctx: Context) -> Resolved | None:
    if ctx.p is None:
        return None
    rel = " ".join(d.get("rel").lower().split())
    if (d.get("unit").lower(), rel) == ("year", "last") and ctx.quarter and (ctx.compared or d.get("poss")):
        return make(_shift_years(ctx.quarter, -1))  # "up from last year's $1.5 billion": that quarter, a year before
    return _in_unit(d.get("unit").lower(), ctx.p, _REL_SHIFT[" ".join(d.get("rel").lower().split())])


def _within(d: DateMatch, ctx: Context) -> Resolved | None:
    return _in_unit(d.get("unit").lower(), ctx.p, 0) if ctx.p else None


def _ago(d: DateMatch, ctx: Context) -> Resolved | None:
    n = number(d.get("n"))
    direction = d.get("dir").lower()
    unit = d.get("unit").lower().rstrip("s").replace("centurie", "century")
    if n is None:  # "a few years ago": some time in the past
        return make("PAST_REF") if direction in ("ago", "back") else None
    if d.get("mod").lower() in ("more than", "over", "at least", "less than"):
        return make("PAST_REF") if direction in ("ago", "back") else None  # a bound, not a date
    sign = 1 if direction in ("later", "from now") else -1
    if direction in ("earlier", "later"):  # "a year earlier": the period under discussion, a year before
        anchor = ctx.quarter or ctx.focus
        if unit != "year":
            return NOT_A_DATE  # "a day earlier": an offset from a time the rules do not pin
        if anchor is None or anchor.start is None:
            return None
        return make(_shift_years(anchor, sign * n))
    else:
        if ctx.p is None:
            return None
        if unit == "year" and ctx.quarter is not None and n == 1:  # "up from a year ago": that quarter last year
            return make(_shift_years(ctx.quarter, -1))
        base = ctx.p
    if unit == "day":
        return day(timex.shift(base, sign * n))
    if unit == "week":
        return make(_week(timex.shift(base, sign * 7 * n)))
    if unit == "month":
        return make(_month(base.year, base.month + sign * n))
    if unit == "year":
        return make(_year(base.year + sign * n))
    return make(_year(base.year + sign * (10 if unit == "decade" else 100) * n))  # "a decade ago": about that year


def _yago(d: DateMatch, ctx: Context) -> Resolved | None:
    """ "the year-ago quarter", "year-earlier results": the period under discussion, a year before."""
    anchor = ctx.quarter or ctx.focus
    if anchor is not None and anchor.granularity != "day":
        return make(_shift_years(anchor, -1))
    return make(_year(ctx.p.year - 1)) if ctx.p else None


def _quarter_kind(d: DateMatch, ctx: Context) -> Resolved | None:
    unit = "H" if d.get("unit").lower() == "half" else "Q"
    word = d.get("qn").lower()
    n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}[word]
    if unit == "H" and n > 2:
        return None
    det = d.get("det").lower()
    rel = {"this year's": 0, "last year's": -1, "next year's": 1}.get(det)
    qy = d.get("qy").lower()
    given = d.get("yq") or d.get("y") or d.get("fy")
    if given:
        return make(_quarter_value(int(given), n, unit), True)
    if ctx.p is None:
        return None
    if qy:
        rel = {"this": 0, "last": -1, "next": 1}[qy]
    y = ctx.p.year + (rel or 0)
    if rel is None and unit == "Q":
        start = dt.date(y, 3 * n - 2, 1)
        ahead = (start - ctx.p).days
        if (ahead > 183 and ctx.tense != "future") or (ahead > 0 and ctx.tense == "past"):
            y -= 1  # "the fourth quarter", said in February; "profit rose in the third quarter", said in March
    elif rel is None:
        return NOT_A_DATE  # "the first half" of what: a match, a season, a year?
    return make(_quarter_value(y, n, unit))


def _qrel(d: DateMatch, ctx: Context) -> Resolved | None:
    unit = "H" if d.get("unit").lower() == "half" else "Q"
    rel = " ".join(d.get("qrel").lower().split())
    if d.get("unit").lower() == "period":  # "the latest period": the quarter (or half) the text reports on
        if rel not in ("the latest", "the same", "the current", "the most recent") or ctx.quarter is None:
            return NOT_A_DATE
        return ctx.quarter
    if rel.endswith("year's"):  # "last year's quarter": the quarter spoken of, in that year
        if ctx.quarter is None or ctx.p is None:
            return NOT_A_DATE
        y = ctx.p.year + {"last": -1, "this": 0, "next": 1}[rel.split()[0]]
        return make(f"{y:04d}{(ctx.quarter.value or '')[4:]}")
    if rel in ("the", "the same"):
        if ctx.quarter is not None and ctx.quarter.granularity == ("half" if unit == "H" else "quarter"):
            return ctx.quarter
        return NOT_A_DATE  # "the quarter" with no quarter spoken of: a part of a city, a fraction
    if ctx.p is None:
        return None
    shift = {"this": 0, "the current": 0, "next": 1, "the coming": 1}.get(rel, -1)
    per = 3 if unit == "Q" else 6
    return make(_quarter_value(ctx.p.year, (ctx.p.month - 1) // per + 1 + shift, unit))


def _season(d: DateMatch, ctx: Context) -> Resolved | None:
    code = SEASONS[d.get("season").lower()]
    y = int(d.get("y")) if d.get("y") else spelled_year(d.get("ys")) if d.get("ys") else None
    if y:
        return make(f"{y:04d}-{code}", True)
    if ctx.p is None:
        return None
    p = ctx.p
    rel = d.get("rel").lower()
    current = p.year - (code == "WI" and p.month <= 2)  # the winter of Dec 1997 to Feb 1998 is 1997-WI
    first, _ = timex.SEASONS[code]
    starts = dt.date(current, first, 1)
    ends = timex.bounds(f"{current:04d}-{code}")[1] or starts
    if rel in ("last", "this past", "the past"):
        y = current if ends < p else current - 1
    elif rel in ("next", "the coming"):
        y = current if starts > p else current + 1
    else:
        y = current
    return make(f"{y:04d}-{code}")


def _weekend(d: DateMatch, ctx: Context) -> Resolved | None:
    p = ctx.p
    if p is None:
        return None
    rel = d.get("rel").lower()
    saturday = timex.shift(p, 5 - p.weekday())  # this ISO week's
    if saturday is None:
        return None
    if rel in ("next", "the coming") or (rel == "the" and ctx.tense == "future"):
        target = saturday if rel == "the" or p.weekday() >= 5 else timex.shift(saturday, 7)
        if rel == "next":
            target = timex.shift(saturday, 7)
    elif rel == "this":
        target = saturday
    else:  # "last weekend", "over the weekend": the latest one that has begun
        target = saturday if p.weekday() >= 5 and rel == "the" else timex.shift(saturday, -7)
    return make(f"{_week(target)}-WE") if target else None


def _ref(d: DateMatch, ctx: Context) -> Resolved | None:
    word = d.get("ref").lower()
    if any(w in word for w in ("recent", "lately", "previously", "formerly", "past")):
        return make("PAST_REF")
    if any(w in word for w in ("future", "coming", "next few", "soon", "later", "term", "run")):
        return make("FUTURE_REF")
    return make("PRESENT_REF")


def _ordinal(d: DateMatch, ctx: Context) -> Resolved | None:
    n = ordinal(d.get("ord") or d.get("ord2"))
    if n is None or ctx.p is None:
        return None
    return day(timex.shift(ctx.p, -(n - 1)))


def _same(d: DateMatch, ctx: Context) -> Resolved | None:
    return ctx.previous_day


def _yearend(d: DateMatch, ctx: Context) -> Resolved | None:
    return make(_year(ctx.p.year - (ctx.prep == "since"))) if ctx.p else None


def _partof(d: DateMatch, ctx: Context) -> Resolved | None:
    """ "the end of the month": the month (week, year) P is in."""
    return _in_unit(d.get("unit").lower(), ctx.p, 0) if ctx.p else None


def _thatyear(d: DateMatch, ctx: Context) -> Resolved | None:
    """ "that year", "the same month": the year (month) of the date the text last gave."""
    unit = d.get("unit").lower()
    if unit == "quarter":
        return ctx.quarter or NOT_A_DATE
    focus = ctx.focus
    if focus is None or not focus.value or not focus.value[:4].isdigit():
        return NOT_A_DATE
    if unit == "year":
        return make(focus.value[:4])
    return make(focus.value[:7]) if focus.granularity in ("day", "month") else NOT_A_DATE


def _following(d: DateMatch, ctx: Context) -> Resolved | None:
    """ "the following month": the month after the one the text last gave (a year: after its year)."""
    focus = ctx.focus
    if focus is None or not focus.value or not focus.value[:4].isdigit():
        return NOT_A_DATE
    shift = 1 if d.get("rel").lower().split()[-1] in ("following", "next") else -1
    y = int(focus.value[:4])
    if d.get("unit").lower() == "year":
        return make(_year(y + shift))
    if focus.granularity not in ("day", "month"):
        return NOT_A_DATE
    return make(_month(y, int(focus.value[5:7]) + shift))


def _yperiod(d: DateMatch, ctx: Context) -> Resolved | None:
    """ "the 1988 period": the part of 1988 under discussion (that quarter), else the year."""
    y = int(d.get("y"))
    if ctx.quarter is not None and ctx.quarter.value:
        return make(f"{y:04d}{ctx.quarter.value[4:]}")
    return make(_year(y), True)


def _decade(d: DateMatch, ctx: Context) -> Resolved | None:
    if d.get("dec"):
        return make(d.get("dec")[:3], True)
    digit = int(d.get("dec2")[0]) if d.get("dec2") else DECADE_WORDS[d.get("decw").lower().split()[-1].split("-")[-1]]
    if d.get("decw").lower().startswith("nineteen"):
        return make(f"19{digit}", True)
    if ctx.p is None:
        return None
    century = ctx.p.year // 100 - (ctx.p.year // 100 * 100 + digit * 10 > ctx.p.year)
    return make(f"{century:02d}{digit}")


def _century(d: DateMatch, ctx: Context) -> Resolved | None:
    if d.get("cn"):
        n = ordinal(d.get("cn"))
        return make(f"{n - 1:02d}", True) if n and 1 <= n <= 100 else None
    det = " ".join(d.get("det").lower().split())
    shift = {"this": 0, "last": -1, "the last": -1, "the past": -1, "the previous": -1, "next": 1, "the next": 1}
    if det not in shift:
        return NOT_A_DATE
    return _in_unit("century", ctx.p, shift[det]) if ctx.p else None


def _year_kind(d: DateMatch, ctx: Context) -> Resolved | None:
    return make(_year(int(d.get("y"))), True)


def _spelled(d: DateMatch, ctx: Context) -> Resolved | None:
    y = spelled_year(d.get("ys"))
    return make(_year(y), True) if y else None


_HANDLERS = {
    "iso": _iso, "md": _md, "holiday": _holiday, "dm": _md, "my": _my, "mon": _mon, "wd": _wd, "rday": _rday, "period": _period,
    "within": _within, "ago": _ago, "yago": _yago, "sameyear": _yago, "quarter": _quarter_kind, "qrel": _qrel,
    "season": _season, "weekend": _weekend, "ref": _ref, "ordinal": _ordinal, "same": _same,
    "yearend": _yearend, "yperiod": _yperiod, "partof": _partof, "thatyear": _thatyear,
    "following": _following, "decade": _decade, "century": _century, "year": _year_kind, "spelled": _spelled,
}
