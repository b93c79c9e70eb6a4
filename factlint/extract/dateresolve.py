"""Resolving a date expression to a TIMEX3 value and its days, against the publication date P.

- explicit: a full date, a month and year, a year, a decade ("the 1990s"), a century, a quarter with its year;
- a month-day or a month without a year: the occurrence nearest to P, unless the clause's tense says otherwise (a
  forward cue such as "will" or "payable" picks the next one, a past-tense verb the last one); without P the year
  stays open (`XXXX-11-30`) for the corpus pass to fill;
- a bare weekday: the latest one on or before P, the next one after P with a forward cue;
- relative to P: today, yesterday, this/last/next week, month, year, quarter, season, weekend, decade, century;
  "N days/weeks/months/years ago"; "earlier this month";
- relative to the document's focus (the last date it gave): "the same day", "a year earlier", "the year-ago
  quarter", "the following month" (the periods are in dateperiods.py);
- "now", "recently", "in the future": PRESENT_REF, PAST_REF, FUTURE_REF, which date nothing.

Without P, relative expressions stay unresolved (value None) rather than guessed. A result outside the calendar is
unresolved too.
"""

from __future__ import annotations

import datetime as dt

from factlint import timex
from factlint.extract.datepatterns import DateMatch
from factlint.extract.dateperiods import HANDLERS as PERIOD_HANDLERS
from factlint.extract.datevalues import (
    FORWARD_PREPS,
    Context,
    Resolved,
    day,
    make,
    month_value,
    pick,
)
from factlint.extract.datewords import WEEKDAYS, month_number, ordinal, spelled_year


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
    return make(month_value(y, month_number(d.get("mon"))), True) if y else None


def _mon(d: DateMatch, ctx: Context) -> Resolved | None:
    mon = month_number(d.get("mon"))
    rel = d.get("rel").lower()
    ryear = d.get("ryear").lower()
    if ctx.p is None:
        return make(f"XXXX-{mon:02d}")
    p = ctx.p
    if ryear:
        return make(month_value(p.year + {"last": -1, "this": 0, "next": 1}[ryear], mon))
    if rel in ("this", "earlier this", "later this"):
        return make(month_value(p.year, mon))
    if rel in ("last", "this past"):
        return make(month_value(p.year - (mon >= p.month), mon))
    if rel in ("next", "this coming"):
        return make(month_value(p.year + (mon <= p.month), mon))
    deltas = [12 * k + mon - p.month for k in (-1, 0, 1)]
    tense = ctx.tense if mon != p.month or ctx.prep == "since" else ""
    i = pick(deltas, tense, 2 if ctx.prep in FORWARD_PREPS else 0, 0)
    return make(month_value(p.year + (-1, 0, 1)[i], mon)) if i is not None else None


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


_HANDLERS = {
    "iso": _iso,
    "md": _md,
    "holiday": _holiday,
    "dm": _md,
    "my": _my,
    "mon": _mon,
    "wd": _wd,
    "rday": _rday,
    "ref": _ref,
    "ordinal": _ordinal,
    "same": _same,
} | PERIOD_HANDLERS
