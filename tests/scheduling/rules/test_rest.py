"""rest.daily (11-timersreglen) and rest.weekly_fridoegn (35 h every 7 døgn).

Letter grids as in tests/helpers.py (D 07-15, T 06-14, A 15-23, N 23-07,
S sleep-in 22-07, L 07-19, R on-call home 23-07) plus M 09-17 and K 07-20,
which give the one-hour-off boundary cases (L->T is exactly 11 h, K->T 10 h).
"""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import ValidationError

from tests.helpers import MONDAY, STANDARD_SHIFTS, instance, verify
from tests.strategies import random_case
from workbench.domain import ShiftKind, ShiftTemplate
from workbench.scheduling.registry import Mode
from workbench.scheduling.rules import rest
from workbench.timeutil import Calendar

T = dt.time
SHIFTS = (
    *STANDARD_SHIFTS,
    ShiftTemplate(id="M", label="Mellem", start=T(9), end=T(17), kind=ShiftKind.DAY),
    ShiftTemplate(id="K", label="Lang", start=T(7), end=T(20), kind=ShiftKind.DAY),
)
OCT = dt.date(2026, 10, 19)  # Monday; clocks go back on Sunday 25 October
MAR = dt.date(2026, 3, 23)  # Monday; clocks go forward on Sunday 29 March
MODES = pytest.mark.parametrize("mode", [Mode.HARD, Mode.SOFT])
DAILY, WEEKLY = rest.daily_rest, rest.weekly_fridoegn


def expect(r, grid, mode, amount, *, start=MONDAY, history=None, **params):
    """Verify model == checker and that the amount is as expected."""
    inst = instance(grid, start=start, history=history, shifts=SHIFTS)
    v = verify(r, grid, mode, inst=inst, **params)
    assert v.amount == amount, v.findings
    assert v.feasible == (mode is Mode.SOFT or amount == 0)
    return v


# -- rest.daily ------------------------------------------------------------------


@MODES
@pytest.mark.parametrize(
    ("grid", "amount"),
    [
        ({"anna": "D D D D D - -"}, 0),
        ({"anna": "A - D - N - -"}, 0),
        ({"anna": "A D - - - - -"}, 1),  # 23:00 -> 07:00 is 8 h
        ({"anna": "A D A D - - -", "bo": "N A - - - - -"}, 3),
    ],
    ids=["days", "spaced", "evening-day", "two-employees"],
)
def test_rest_daily_violating_and_compliant(grid, amount, mode):
    v = expect(DAILY, grid, mode, amount)
    if amount:
        assert "11-timersreglen, BEK 324 § 3" in v.findings[0].message


@MODES
@pytest.mark.parametrize(
    ("grid", "amount"),
    [("L T", 0), ("K T", 1)],  # 19:00 -> 06:00 is exactly 11 h; 20:00 -> 06:00 is 10 h
    ids=["exactly-11h", "10h"],
)
def test_rest_daily_boundary(grid, amount, mode):
    v = expect(DAILY, {"anna": grid}, mode, amount)
    if amount:
        assert "kun 10 t" in v.findings[0].message


@MODES
def test_rest_daily_evening_to_day_reduced_by_agreement(mode):
    g = {"anna": "A D - - - - -"}
    expect(DAILY, g, mode, 1)
    expect(DAILY, g, mode, 0, reduced_min_hours=8)
    expect(DAILY, {"anna": "A T - - - - -"}, mode, 1, reduced_min_hours=8)  # 7 h


@MODES
def test_rest_daily_three_reductions_in_a_week(mode):
    g = {"anna": "A D A D A D -"}  # reduced rests before Tue, Thu and Sat D
    expect(DAILY, g, mode, 3)
    v = expect(DAILY, g, mode, 1, reduced_min_hours=8)
    assert "uge 2 2026" in v.findings[0].message
    expect(DAILY, g, mode, 0, reduced_min_hours=8, max_reduced_per_week=3)
    # the next ISO week has its own allowance
    expect(DAILY, {"anna": "A D A D - - - A D"}, mode, 0, reduced_min_hours=8)


@MODES
def test_rest_daily_reductions_on_consecutive_days(mode):
    g = {"anna": "N A D - - - -"}  # N->A before Tue's A, A->D before Wed's D: 8 h each
    expect(DAILY, g, mode, 2)
    v = expect(DAILY, g, mode, 1, reduced_min_hours=8)
    assert "to dage i træk" in v.findings[0].message
    expect(DAILY, g, mode, 0, reduced_min_hours=8, allow_consecutive_reduced=True)
    # two pairs in one week: 2 over the weekly allowance + 2 pairs
    g = {"anna": "N A D - N A D"}
    expect(DAILY, g, mode, 4, reduced_min_hours=8)
    expect(DAILY, g, mode, 2, reduced_min_hours=8, max_reduced_per_week=4)


@MODES
def test_rest_daily_sleep_in_is_always_work(mode):
    g = {"anna": "S D - - - - -"}  # free 15:00-22:00 only: 7 h before D ends
    expect(DAILY, g, mode, 1)
    expect(DAILY, g, mode, 1, reduced_min_hours=8)
    expect(DAILY, g, mode, 1, oncall_home_is_rest=True)
    fields = rest.DailyRestParams.model_fields
    assert not [f for f in fields if "sleep" in f]
    with pytest.raises(ValidationError):
        rest.DailyRestParams(sleep_in_is_rest=True)


@MODES
def test_rest_daily_oncall_home_rest_or_not(mode):
    g = {"anna": "R D - - - - -"}
    expect(DAILY, g, mode, 0)  # default: on-call from home is rest (A9)
    expect(DAILY, g, mode, 1, oncall_home_is_rest=False)  # 15:00-23:00 only


@MODES
def test_rest_daily_dst_real_hours(mode):
    # October: A Sat 23:00 -> M Sun 09:00 is 11 h real (10 h on the clock)
    g = {"anna": "- - - - - A M"}
    expect(DAILY, g, mode, 0, start=OCT)
    expect(DAILY, g, mode, 1)  # an ordinary week: 10 h
    # March: L Sat 19:00 -> T Sun 06:00 is 10 h real (11 h on the clock)
    g = {"anna": "- - - - - L T"}
    expect(DAILY, g, mode, 1, start=MAR)
    expect(DAILY, g, mode, 0)
    cal = Calendar(instance(g, start=OCT))
    assert cal.slot_by_key[dt.date(2026, 10, 24), "N"].minutes == 9 * 60
    assert Calendar(instance(g, start=MAR)).slot_by_key[
        dt.date(2026, 3, 28), "N"].minutes == 7 * 60


@MODES
def test_rest_daily_history_across_plan_start(mode):
    g = {"anna": "D - - - - - -"}
    expect(DAILY, g, mode, 1, history={"anna": "N"})  # N Sun 23-07, D Mon 07-15
    expect(DAILY, g, mode, 0, history={"anna": "D"})
    expect(DAILY, g, mode, 0, history={"anna": "N"}, reduced_min_hours=8)
    # a history reduction on the day before the start pairs with one on day 1
    expect(DAILY, {"anna": "D - - -"}, mode, 1, start=dt.date(2026, 1, 8),
           history={"anna": "N A"}, reduced_min_hours=8)
    # history reductions use up the ISO week's allowance (Mon 5. and Wed 7.)
    kw = {"history": {"anna": "A D A D A D"}, "reduced_min_hours": 8}
    expect(DAILY, {"anna": "A D - -"}, mode, 1, start=dt.date(2026, 1, 8), **kw)
    # three in the history (Mon 5., Wed 7., Fri 9.): only the plan's own excess
    expect(DAILY, {"anna": "- - -"}, mode, 0, start=dt.date(2026, 1, 10), **kw)
    expect(DAILY, {"anna": "A D -"}, mode, 1, start=dt.date(2026, 1, 10), **kw)


def test_rest_daily_params_validate():
    with pytest.raises(ValidationError):
        rest.DailyRestParams(reduced_min_hours=11)
    p = rest.DailyRestParams(min_hours=12, reduced_min_hours=11)
    assert p.reduced_min_hours == 11


# -- rest.weekly_fridoegn --------------------------------------------------------


@MODES
@pytest.mark.parametrize(
    ("grid", "amount"),
    [
        ("D D D D D D D", 1),
        ("D D D D D - -", 0),
        ("- D D D D D D", 0),  # 6 in a row after a free day
        ("D D D D D D D D D", 3),
        ("N N N N N - -", 0),  # 07:00 Sat -> plan end Mon 00:00 = 41 h
    ],
    ids=["seven-in-a-row", "five-two", "free-then-six", "nine-in-a-row", "nights"],
)
def test_rest_weekly_fridoegn_violating_and_compliant(grid, amount, mode):
    v = expect(WEEKLY, {"anna": grid}, mode, amount)
    if amount:
        assert "BEK 324 § 4" in v.findings[0].message


@MODES
@pytest.mark.parametrize(
    ("grid", "amount"),
    [("D D D D L - T", 0), ("D D D D K - T", 1)],  # Fri 19:00/20:00 -> Sun 06:00
    ids=["exactly-35h", "34h"],
)
def test_rest_weekly_fridoegn_boundary(grid, amount, mode):
    expect(WEEKLY, {"anna": grid}, mode, amount)


@MODES
def test_rest_weekly_fridoegn_dst_real_hours(mode):
    # October: A Fri 23:00 -> M Sun 09:00 is 35 h real (34 h on the clock)
    g = {"anna": "D D D D A - M"}
    expect(WEEKLY, g, mode, 0, start=OCT)
    expect(WEEKLY, g, mode, 1)
    # March: L Fri 19:00 -> T Sun 06:00 is 34 h real (35 h on the clock)
    g = {"anna": "D D D D L - T"}
    expect(WEEKLY, g, mode, 1, start=MAR)
    cal = Calendar(instance(g, start=OCT))
    week = cal.midnight_min(OCT + dt.timedelta(days=7)) - cal.midnight_min(OCT)
    assert week == 169 * 60


@MODES
def test_rest_weekly_fridoegn_history_across_plan_start(mode):
    hist = {"anna": "D D D D D D"}
    expect(WEEKLY, {"anna": "D - - - - - -"}, mode, 1, history=hist)  # 7 in a row
    expect(WEEKLY, {"anna": "- - - - - - -"}, mode, 0, history=hist)
    expect(WEEKLY, {"anna": "D D D D D - -"}, mode, 0)  # the same plan alone
    # eleven in a row: the periods from 30.12. to 3.1. have no fridøgn
    expect(WEEKLY, {"anna": "D D D D D - -"}, mode, 5, history=hist)


@MODES
def test_rest_weekly_fridoegn_oncall_is_not_free(mode):
    expect(WEEKLY, {"anna": "D D D D D R R"}, mode, 1)  # Fri 15:00 -> Sat 23:00
    expect(WEEKLY, {"anna": "D D D D D S -"}, mode, 1)  # Fri 15:00 -> Sat 22:00
    expect(WEEKLY, {"anna": "D D D D D - R"}, mode, 0)  # Fri 15:00 -> Sun 23:00


@MODES
def test_rest_weekly_fridoegn_regular_weeks_pass(mode):
    """Mon-Fri days, weekends off: every 7-døgn period holds a fridøgn.

    The period starting Sunday sees only half of each weekend (31 h and
    33 h inside it); the fridøgn proper lies inside and its adjoining daily
    rest just outside, which is lawful. ``fridoegn_hours=35`` demands the
    whole block inside and flags the period starting Sunday 11.1.
    """
    g = {"anna": "D D D D D - - D D D D D - -"}
    expect(WEEKLY, g, mode, 0)
    v = expect(WEEKLY, g, mode, 1, fridoegn_hours=35)
    assert "11.1.–17.1." in v.findings[0].message


@MODES
def test_rest_weekly_fridoegn_postponement_12_days(mode):
    twelve = {"anna": "- - " + "D " * 12}
    expect(WEEKLY, twelve, mode, 6)  # no agreement: six failing 7-døgn periods
    expect(WEEKLY, twelve, mode, 0, postponed_max_days_between=12)
    thirteen = {"anna": "- " + "D " * 13}
    v = expect(WEEKLY, thirteen, mode, 1, postponed_max_days_between=12)
    assert "13 døgn" in v.findings[0].message
    # no postponement allowed at all: the start is charged as well
    expect(WEEKLY, thirteen, mode, 2, postponed_max_days_between=12,
           max_postponements_per_month=0)


@MODES
def test_rest_weekly_fridoegn_postponements_per_month(mode):
    g = {"anna": "- - D D D D D D D D - - D D D D D D D D D"}  # two postponements
    v = expect(WEEKLY, g, mode, 1, postponed_max_days_between=12)
    assert "fra 7.1., 17.1." in v.findings[0].message
    expect(WEEKLY, g, mode, 0, postponed_max_days_between=12,
           max_postponements_per_month=2)
    # starting 26 January the two postponements fall in different months
    expect(WEEKLY, g, mode, 0, start=dt.date(2026, 1, 26),
           postponed_max_days_between=12)


def test_rest_weekly_fridoegn_params_validate():
    with pytest.raises(ValidationError):
        rest.WeeklyFridoegnParams(fridoegn_hours=36)
    with pytest.raises(ValidationError):
        rest.WeeklyFridoegnParams(postponed_max_days_between=6)


# -- model == checker on random rosters, non-default params ---------------------

VARIANTS = [
    (DAILY, {"reduced_min_hours": 8}),
    (DAILY, {"reduced_min_hours": 8, "max_reduced_per_week": 1,
             "allow_consecutive_reduced": True, "oncall_home_is_rest": False}),
    (WEEKLY, {"postponed_max_days_between": 8, "max_postponements_per_month": 0}),
    (WEEKLY, {"postponed_max_days_between": 8, "fridoegn_hours": 35}),
]


@pytest.mark.parametrize(("r", "params"), VARIANTS, ids=lambda x: getattr(x, "id", ""))
@pytest.mark.parametrize("mode", [Mode.HARD, Mode.SOFT])
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=random_case())
def test_rest_daily_and_rest_weekly_fridoegn_random_rosters(r, params, mode, case):
    inst, grid = case
    verify(r, grid, mode, inst=inst, **params)
