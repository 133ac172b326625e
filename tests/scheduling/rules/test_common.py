"""Helpers shared by several rule modules (scheduling/rules/_common.py)."""

import datetime as dt
from fractions import Fraction

from tests.helpers import MONDAY, instance
from workbench.domain import Assignment
from workbench.scheduling.rules._common import (
    half_up,
    hours_to_minutes,
    night_work,
    published_change_da,
    published_shifts,
    work_minutes,
)
from workbench.timeutil import Calendar


def _slot(cal: Calendar, day: dt.date, shift_id: str):  # type: ignore[no-untyped-def]
    return next(s for s in cal.slots_by_day[day] if s.shift_id == shift_id)


def test_work_minutes_real_time_across_dst() -> None:
    cal = Calendar(instance({"a": "- - - - - - N"}, start=dt.date(2026, 10, 19)))
    assert work_minutes(_slot(cal, dt.date(2026, 10, 24), "N")) == 9 * 60
    assert work_minutes(_slot(cal, dt.date(2026, 10, 23), "N")) == 8 * 60


def test_night_work_threshold() -> None:
    cal = Calendar(instance({"a": "N"}))
    night = (dt.time(22), dt.time(5))
    n, a = _slot(cal, MONDAY, "N"), _slot(cal, MONDAY, "A")
    assert night_work(n.interval, cal, 3, night)
    assert night_work(n.interval, cal, 6, night)  # 23-05 is 6 h in the window
    assert not night_work(n.interval, cal, 6.5, night)
    assert not night_work(a.interval, cal, 3, night)  # 15-23: only 1 h
    assert night_work(a.interval, cal, 1, night)


def test_published_shifts_and_message() -> None:
    inst = instance({"a": "D D", "b": "N -"}).model_copy(
        update={
            "published": (
                Assignment(employee_id="a", date=MONDAY, shift_id="D"),
                Assignment(employee_id="a", date=MONDAY, shift_id="S"),
                Assignment(employee_id="b", date=MONDAY, shift_id="A"),
            )
        }
    )
    assert published_shifts(inst, "a", MONDAY) == {"D", "S"}
    assert published_shifts(inst, "a", MONDAY + dt.timedelta(days=1)) == set()
    assert published_change_da("Anna", "5.1.", {"S", "D"}, set()) == (
        "Anna 5.1.: udleveret D, S, nu fri"
    )
    assert published_change_da("Bo", "6.1.", [], ["N"]) == (
        "Bo 6.1.: udleveret fri, nu N"
    )


def test_half_up_and_hours_to_minutes() -> None:
    assert half_up(Fraction(5, 2)) == 3  # not banker's rounding
    assert half_up(Fraction(7, 2)) == 4
    assert half_up(Fraction(-1, 2)) == 0
    assert hours_to_minutes(0.1) == 6  # exact decimal, no float noise
    assert hours_to_minutes(7.4) == 444
    assert hours_to_minutes(0.025) == 2  # 1.5 min rounds up
