"""TIMEX3 date values and the intervals of days they stand for.

| value | granularity | days |
| --- | --- | --- |
| `2024-11-27` | day | that day |
| `2024-W48` | week | Monday to Sunday of ISO week 48 |
| `2024-W48-WE` | weekend | Saturday and Sunday of that week |
| `2024-11` | month | the month |
| `2024-Q4` | quarter | October to December |
| `2024-H2` | half | July to December |
| `2024-SP`, `-SU`, `-FA`, `-WI` | season | March-May, June-August, September-November, December to February |
| `2024` | year | the year |
| `202` | decade | 2020-2029 |
| `20` | century | 2000-2099 (TIMEX3 writes the 21st century as `20`) |
| `PAST_REF`, `PRESENT_REF`, `FUTURE_REF` | ref | none: "recently", "now", "in the future" date nothing |
| `XXXX-11-30` | day (or the shape's) | none until a year is chosen (a date whose year the text does not give) |

Every computation stays inside the calendar (years 1 to 9999): a value or a shift that would leave it is an error
(`ValueError`) or None, never an OverflowError.
"""

from __future__ import annotations

import datetime as dt
import re

REFS = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")
SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}

_FORMS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern)) for name, pattern in (
        ("day", r"(\d{4}|XXXX)-(\d\d)-(\d\d)"),
        ("weekend", r"(\d{4})-W(\d\d)-WE"),
        ("week", r"(\d{4})-W(\d\d)"),
        ("quarter", r"(\d{4})-Q([1-4])"),
        ("half", r"(\d{4})-H([12])"),
        ("season", r"(\d{4})-(SP|SU|FA|WI)"),
        ("month", r"(\d{4}|XXXX)-(\d\d)"),
        ("year", r"(\d{4})"),
        ("decade", r"(\d{3})"),
        ("century", r"(\d{2})"),
    )
]


def _plus(day: dt.date, days: int) -> dt.date:
    """`day` + `days`, stopping at the last day Python has (9999-12-31): the last ISO week of 9999 ends in 10000."""
    return day + dt.timedelta(days=days) if day <= dt.date.max - dt.timedelta(days=days) else dt.date.max


def week_value(day: dt.date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def shift(day: dt.date, days: int) -> dt.date | None:
    """`day` moved by `days`, or None outside the calendar."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month (ValueError outside the calendar)."""
    first = dt.date(year, month, 1)
    if month == 12:
        return first, dt.date(year, 12, 31)
    return first, dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def granularity(value: str) -> str:
    """The shape of a value (see the table above); ValueError when it is none of them."""
    value = value.strip()
    if value in REFS:
        return "ref"
    for name, form in _FORMS:
        if form.fullmatch(value):
            return name
    raise ValueError(f"'{value}' is not a date value (YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY-Qn, YYYY, PRESENT_REF, ...)")


def bounds(value: str) -> tuple[dt.date | None, dt.date | None, str]:
    """(first day, last day, granularity) of any date value; the days are None for PAST_REF, PRESENT_REF,
    FUTURE_REF and values whose year is not known (XXXX-11-30). ValueError for anything else, or a value outside
    the calendar."""
    value = value.strip()
    shape = granularity(value)
    if shape == "ref" or value.startswith("XXXX"):
        if shape == "day":
            _check_month_day(value)
        return None, None, shape
    start, end = _interval(value, shape)
    return start, end, shape


def parse(value: str) -> tuple[dt.date, dt.date, str]:
    """(first day, last day, granularity) of a value that stands for days; ValueError otherwise."""
    start, end, shape = bounds(value)
    if start is None or end is None:
        raise ValueError(f"'{value.strip()}' stands for no particular days")
    return start, end, shape


def _check_month_day(value: str) -> None:
    _, month, day = value.split("-")
    try:
        dt.date(2000, int(month), int(day))  # a leap year: 02-29 is a possible day
    except ValueError:
        raise ValueError(f"'{value}' is not a day of the calendar") from None


def _interval(value: str, shape: str) -> tuple[dt.date, dt.date]:
    m = dict(_FORMS)[shape].fullmatch(value)
    assert m is not None
    try:
        if shape == "day":
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if shape in ("week", "weekend"):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            first = monday + dt.timedelta(days=5 if shape == "weekend" else 0)
            return first, _plus(monday, 6)  # the last ISO week of 9999 ends on 9999-12-31 (here)
        year = int(m[1])
        if shape == "month":
            return month_span(year, int(m[2]))
        if shape == "quarter":
            q = int(m[2])
            return dt.date(year, 3 * q - 2, 1), month_span(year, 3 * q)[1]
        if shape == "half":
            h = int(m[2])
            return dt.date(year, 6 * h - 5, 1), month_span(year, 6 * h)[1]
        if shape == "season":
            first_month, last_month = SEASONS[m[2]]
            last_year = year + (last_month < first_month)
            return dt.date(year, first_month, 1), month_span(last_year, last_month)[1]
        if shape == "year":
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        width = 10 if shape == "decade" else 100
        return dt.date(max(1, year * width), 1, 1), dt.date(min(9999, year * width + width - 1), 12, 31)
    except (ValueError, OverflowError):
        raise ValueError(f"'{value}' is not a date of the calendar (years 1 to 9999)") from None
