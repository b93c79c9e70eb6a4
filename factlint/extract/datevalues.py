"""What date resolution works with: resolved values, the context of an expression, and TIMEX3 values built from
dates, all inside the calendar (years 1 to 9999: a value outside it is None)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from factlint import timex


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


def year_value(y: int) -> str | None:
    return f"{y:04d}" if 1 <= y <= 9999 else None


def month_value(y: int, m: int) -> str | None:
    y, m0 = divmod(y * 12 + m - 1, 12)
    return f"{y:04d}-{m0 + 1:02d}" if 1 <= y <= 9999 else None


def quarter_value(y: int, q: int, unit: str = "Q") -> str | None:
    per = 4 if unit == "Q" else 2
    y, q0 = divmod(y * per + q - 1, per)
    return f"{y:04d}-{unit}{q0 + 1}" if 1 <= y <= 9999 else None


def week_of(d: dt.date | None) -> str | None:
    return timex.week_value(d) if d else None


def shift_years(r: Resolved, n: int) -> str | None:
    """The same period `n` years later (earlier when n < 0): 1989-Q3 -> 1988-Q3."""
    v = r.value or ""
    if v[:4].isdigit() and r.granularity in ("day", "month", "quarter", "half", "season", "year"):
        y = int(v[:4]) + n
        if not 1 <= y <= 9999:
            return None
        value = f"{y:04d}{v[4:]}"
        return value if make(value) else f"{y:04d}{v[4:7]}"  # 29 February -> the month
    return None


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
