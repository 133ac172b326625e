"""Danish formatting of dates, numbers and lists for messages and reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def date_da(day: dt.date, year: bool = False) -> str:
    """'24. december' (optionally with the year)."""
    s = f"{day.day}. {MONTHS[day.month - 1]}"
    return f"{s} {day.year}" if year else s


def short_date_da(day: dt.date) -> str:
    """The short Danish day-and-month form used in messages: '6.1.'."""
    return f"{day.day}.{day.month}."


def hours_minutes_da(minutes: int) -> str:
    """Minutes as Danish hours and minutes: '49 t', '1 t 30 min', '45 min'."""
    h, m = divmod(minutes, 60)
    if not h:
        return f"{m} min"
    return f"{h} t" if not m else f"{h} t {m} min"


def date_range_da(days: Iterable[dt.date]) -> str:
    """A compact Danish range: '24.–26. december', '30. januar–2. februar'."""
    ds = sorted(set(days))
    if not ds:
        return ""
    a, b = ds[0], ds[-1]
    if a == b:
        return date_da(a)
    if a.month == b.month and a.year == b.year:
        return f"{a.day}.–{b.day}. {MONTHS[a.month - 1]}"
    return f"{date_da(a)}–{date_da(b)}"


def number_da(x: float, decimals: int = 1) -> str:
    """Decimal comma and thousands separator: 1.234,5."""
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "_").replace(".", ",").replace("_", ".")


def join_da(items: Sequence[str]) -> str:
    """'a, b og c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def count_da(n: int, singular: str, plural: str, neuter: bool = False) -> str:
    """'én nattevagt' / 'ét brud' / '3 nattevagter'."""
    if n == 1:
        return f"{'ét' if neuter else 'én'} {singular}"
    return f"{n} {plural}"
