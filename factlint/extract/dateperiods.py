"""Resolving expressions of periods: weeks, months, quarters, seasons, years, decades and centuries, relative to the
publication date P ("last month", "the third quarter", "last summer") or to the period the text last spoke of ("a year
earlier", "the year-ago quarter", "the following month")."""

from __future__ import annotations

import datetime as dt

from factlint import timex
from factlint.extract.datepatterns import DateMatch
from factlint.extract.datevalues import (
    NOT_A_DATE,
    Context,
    Resolved,
    day,
    make,
    month_value,
    quarter_value,
    shift_years,
    week_of,
    year_value,
)
from factlint.extract.datewords import DECADE_WORDS, SEASONS, number, ordinal, spelled_year

_REL_SHIFT = {"this": 0, "the current": 0, "last": -1, "this past": -1, "the previous": -1, "next": 1, "the coming": 1}


def _in_unit(unit: str, p: dt.date, shift: int) -> Resolved | None:
    """The week, month, year, decade or century containing P, moved by `shift` of them."""
    if unit == "week":
        return make(week_of(timex.shift(p, 7 * shift)))
    if unit == "month":
        return make(month_value(p.year, p.month + shift))
    if unit == "year":
        return make(year_value(p.year + shift))
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
        return make(shift_years(ctx.quarter, -1))  # "up from last year's $1.5 billion": that quarter, a year before
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
        return make(shift_years(anchor, sign * n))
    else:
        if ctx.p is None:
            return None
        if unit == "year" and ctx.quarter is not None and n == 1:  # "up from a year ago": that quarter last year
            return make(shift_years(ctx.quarter, -1))
        base = ctx.p
    if unit == "day":
        return day(timex.shift(base, sign * n))
    if unit == "week":
        return make(week_of(timex.shift(base, sign * 7 * n)))
    if unit == "month":
        return make(month_value(base.year, base.month + sign * n))
    if unit == "year":
        return make(year_value(base.year + sign * n))
    return make(year_value(base.year + sign * (10 if unit == "decade" else 100) * n))  # "a decade ago": about that year


def _yago(d: DateMatch, ctx: Context) -> Resolved | None:
    """ "the year-ago quarter", "year-earlier results": the period under discussion, a year before."""
    anchor = ctx.quarter or ctx.focus
    if anchor is not None and anchor.granularity != "day":
        return make(shift_years(anchor, -1))
    return make(year_value(ctx.p.year - 1)) if ctx.p else None


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
        return make(quarter_value(int(given), n, unit), True)
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
    return make(quarter_value(y, n, unit))


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
    return make(quarter_value(ctx.p.year, (ctx.p.month - 1) // per + 1 + shift, unit))


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
    return make(f"{week_of(target)}-WE") if target else None


def _yearend(d: DateMatch, ctx: Context) -> Resolved | None:
    return make(year_value(ctx.p.year - (ctx.prep == "since"))) if ctx.p else None


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
        return make(year_value(y + shift))
    if focus.granularity not in ("day", "month"):
        return NOT_A_DATE
    return make(month_value(y, int(focus.value[5:7]) + shift))


def _yperiod(d: DateMatch, ctx: Context) -> Resolved | None:
    """ "the 1988 period": the part of 1988 under discussion (that quarter), else the year."""
    y = int(d.get("y"))
    if ctx.quarter is not None and ctx.quarter.value:
        return make(f"{y:04d}{ctx.quarter.value[4:]}")
    return make(year_value(y), True)


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
    return make(year_value(int(d.get("y"))), True)


def _spelled(d: DateMatch, ctx: Context) -> Resolved | None:
    y = spelled_year(d.get("ys"))
    return make(year_value(y), True) if y else None


HANDLERS = {
    "period": _period,
    "within": _within,
    "ago": _ago,
    "yago": _yago,
    "sameyear": _yago,
    "quarter": _quarter_kind,
    "qrel": _qrel,
    "season": _season,
    "weekend": _weekend,
    "yearend": _yearend,
    "yperiod": _yperiod,
    "partof": _partof,
    "thatyear": _thatyear,
    "following": _following,
    "decade": _decade,
    "century": _century,
    "year": _year_kind,
    "spelled": _spelled,
}
