"""TIMEX3-style date values: 2024-11-27 (day), 2024-W48 (ISO week), 2024-11 (month), 2024 (year)."""

from __future__ import annotations

import datetime as dt
import re

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def _plus(day: dt.date, days: int) -> dt.date:
    """`day` + `days`, stopping at the last day Python has (9999-12-31): the last ISO week of 9999 ends in 10000."""
    return day + dt.timedelta(days=days) if day <= dt.date.max - dt.timedelta(days=days) else dt.date.max


def week_value(day: dt.date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def parse(value: str) -> tuple[dt.date, dt.date, str]:
    """(first day, last day, granularity) of a value; ValueError when it is not one of the four forms."""
    value = value.strip()
    if m := _DAY.match(value):
        d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return d, d, "day"
    if m := _WEEK.match(value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return monday, _plus(monday, 6), "week"
    if m := _MONTH.match(value):
        y, mo = int(m[1]), int(m[2])
        first = dt.date(y, mo, 1)
        if (y, mo) == (9999, 12):
            return first, dt.date.max, "month"
        return first, dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1), "month"
    if m := _YEAR.match(value):
        y = int(m[1])
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    raise ValueError(f"'{value}' is not a date value (YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY)")
