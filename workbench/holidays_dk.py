"""Danish søgnehelligdage (public holidays that do not fall on a Sunday).

Built on the ``holidays`` package (``country_holidays("DK", ...)``, public
category, Danish names), which correctly drops Store Bededag from 2024 (Lov
om afskaffelse af store bededag som helligdag). Påskedag and pinsedag always
fall on a Sunday, so they are never søgnehelligdage.

Agreement-specific days are *not* included: juleaftensdag (a søgnehelligdag
under the KL døgnaftale from the start of day duty, reference C19) and the
half days 1. maj, grundlovsdag and nytårsaften (12–24, no nedskrivning, C20)
belong to the agreement layer, not to this calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays

SUNDAY = 7


@lru_cache(maxsize=64)
def _year(year: int) -> tuple[tuple[dt.date, str], ...]:
    cal = holidays.country_holidays(
        "DK", years=year, language="da", categories=("public",)
    )
    return tuple(
        sorted((d, name) for d, name in cal.items() if d.isoweekday() != SUNDAY)
    )


def soegnehelligdage(years: int | Iterable[int]) -> dict[dt.date, str]:
    """The søgnehelligdage of ``years``: date -> Danish name, sorted by date.

    Args:
        years: One year or several.

    Returns:
        Public Danish holidays that do not fall on a Sunday.
    """
    ys = [years] if isinstance(years, int) else sorted(set(years))
    out: dict[dt.date, str] = {}
    for y in ys:
        out.update(_year(y))
    return out


def soegnehelligdage_between(first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """The søgnehelligdage from ``first`` to ``last`` inclusive."""
    if last < first:
        return {}
    found = soegnehelligdage(range(first.year, last.year + 1))
    return {d: n for d, n in found.items() if first <= d <= last}


def is_soegnehelligdag(day: dt.date) -> bool:
    """True when ``day`` is a søgnehelligdag."""
    return any(d == day for d, _ in _year(day.year))
