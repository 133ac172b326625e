"""Small helpers shared by several rule modules (not rules themselves)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from fractions import Fraction

from workbench.domain import PlanningInstance
from workbench.timeutil import Calendar, Slot, Work, night_minutes


def half_up(x: Fraction) -> int:
    """Round half up (deterministic, unlike banker's rounding)."""
    return math.floor(x + Fraction(1, 2))


def hours_to_minutes(hours: float) -> int:
    """A parameter in hours as whole minutes, rounded half up (exact decimals)."""
    return half_up(Fraction(str(hours)) * 60)


def work_minutes(x: Slot | Work) -> int:
    """Real elapsed minutes of a slot or a work item (DST-aware)."""
    return int((x.end - x.start).total_seconds() // 60)


def night_work(
    interval: tuple[dt.datetime, dt.datetime],
    cal: Calendar,
    night_hours_min: float,
    night_window: tuple[dt.time, dt.time],
) -> bool:
    """At least ``night_hours_min`` hours of ``interval`` lie in ``night_window``
    (local clock). Which shift kinds may count is the caller's decision."""
    need = round(night_hours_min * 60)
    return night_minutes(interval, cal.tz, night_window) >= need


def published_shifts(inst: PlanningInstance, eid: str, day: dt.date) -> set[str]:
    """Shift ids of the published (udleveret) plan for one employee-day."""
    return {
        a.shift_id for a in inst.published if a.employee_id == eid and a.date == day
    }


def published_change_da(
    name: str, day_da: str, want: Iterable[str], got: Iterable[str]
) -> str:
    """'Anna 6.1.: udleveret D, nu fri' (the start of a deviation message)."""
    return (
        f"{name} {day_da}: udleveret {', '.join(sorted(want)) or 'fri'}, "
        f"nu {', '.join(sorted(got)) or 'fri'}"
    )
