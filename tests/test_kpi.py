"""Tests of the measured recommendations (workbench.kpi)."""

import datetime as dt

import pytest

from tests.helpers import MONDAY, employee, instance, roster
from workbench import kpi
from workbench.domain import Assignment, Demand
from workbench.scheduling.rules.recommendations import NightParams

D_DEMAND = (Demand(shift="D", min=1, ideal=2),)


def test_hourly_coverage_one_day():
    grid = {"anna": "D", "bo": "-"}
    inst = instance(grid, demand=D_DEMAND)
    t = kpi.hourly_coverage(inst, roster(inst, grid))
    assert len(t) == 24
    assert list(t.columns) == ["start", "date", "hour", "planned", "demand_min",
                               "demand_ideal", "short_of_min", "over_ideal"]
    day = t[t["hour"].between("07:00", "14:00")]
    assert (day["planned"] == 1).all() and (day["demand_min"] == 1).all()
    assert (day["demand_ideal"] == 2).all() and (day["short_of_min"] == 0).all()
    assert t["planned"].sum() == 8 and t["demand_ideal"].sum() == 16
    fit = kpi.coverage_fit(t)
    assert fit == {"staff_hours": 8.0, "demand_min_hours": 8.0, "demand_ideal_hours": 16.0,
                   "hours_short": 0, "hours_over": 0, "fit_share": 1.0}


def test_hourly_coverage_shortfall_and_overstaffing():
    grid = {"anna": "A", "bo": "L"}  # A has no demand; L 07-19 covers D 07-15 and more
    inst = instance(grid, demand=D_DEMAND)
    t = kpi.hourly_coverage(inst, roster(inst, grid))
    fit = kpi.coverage_fit(t)
    assert fit["hours_short"] == 0
    assert fit["hours_over"] == 8  # 15-23: A (and L until 19) above an ideal of 0
    empty = kpi.hourly_coverage(inst, [])
    assert kpi.coverage_fit(empty)["hours_short"] == 8


@pytest.mark.parametrize(("start", "hours"), [(dt.date(2026, 10, 25), 25),
                                              (dt.date(2026, 3, 29), 23)])
def test_hourly_coverage_dst_days_have_real_hours(start, hours):
    grid = {"anna": "N"}
    inst = instance(grid, start=start)
    t = kpi.hourly_coverage(inst, roster(inst, grid))
    assert len(t) == hours
    assert t["planned"].sum() == 1  # 23:00-24:00 of the night inside the day


def test_hourly_coverage_counts_the_plan_only():
    grid = {"anna": "-"}
    inst = instance(grid, history={"anna": "N"}, demand=(Demand(shift="N", min=1, ideal=1),))
    t = kpi.hourly_coverage(inst, roster(inst, grid))
    morning = t[t["hour"] < "07:00"]
    # the history night and the day before's demand are not the plan's
    assert (morning["planned"] == 0).all() and (morning["demand_min"] == 0).all()
    # the plan's own night 23-24 is demanded but not staffed
    assert t.iloc[-1]["short_of_min"] == 1


def test_hourly_coverage_oncall_home_optional():
    grid = {"anna": "R"}
    inst = instance(grid)
    assert kpi.hourly_coverage(inst, roster(inst, grid))["planned"].sum() == 0
    t = kpi.hourly_coverage(inst, roster(inst, grid), include_oncall_home=True)
    assert t["planned"].sum() == 1


def test_night_kpis_fixed_night_share_and_lengths():
    grid = {"anna": "N N N N - - -", "bo": "N D D D - - -", "cy": "N N D - - - -"}
    inst = instance(grid, employees={"anna": employee("anna", fixed_night=True)})
    n = kpi.night_kpis(inst, roster(inst, grid))
    assert n["fixed_night_workers"] == 1
    assert n["nights"] == 7 and n["nights_by_fixed"] == 4
    assert n["fixed_share"] == round(4 / 7, 3)
    assert n["de_facto_night_workers"] == 1  # cy: 2 of 3 shifts are nights
    assert n["avg_night_hours"] == 8 and n["max_night_hours"] == 8


def test_night_kpis_de_facto_and_dst():
    grid = {"bo": "- - - - - N N"}  # Saturday 24.10. night lasts 9 h
    inst = instance(grid, start=dt.date(2026, 10, 19))
    n = kpi.night_kpis(inst, roster(inst, grid), max_night_hours=8)
    assert n["de_facto_night_workers"] == 1
    assert n["max_night_hours"] == 9 and n["avg_night_hours"] == 8.5
    assert n["nights_over_max"] == 1
    none = kpi.night_kpis(inst, [])
    assert none["fixed_share"] is None and none["avg_night_hours"] is None


def test_night_kpis_definition_param():
    grid = {"anna": "S S"}
    inst = instance(grid)
    assert kpi.night_kpis(inst, roster(inst, grid))["nights"] == 0  # sleep-ins
    with_s = NightParams(include_sleep_in=True)
    assert kpi.night_kpis(inst, roster(inst, grid), with_s)["nights"] == 2
    strict = NightParams(night_hours_min=8, include_sleep_in=True)
    assert kpi.night_kpis(inst, roster(inst, grid), strict)["nights"] == 0


def test_shift_variants():
    grid = {"anna": "D A N D", "bo": "T - - D"}
    inst = instance(grid)
    v = kpi.shift_variants(inst, roster(inst, grid))
    assert list(v["shift_id"]) == ["T", "D", "A", "N"]
    assert list(v["count"]) == [1, 3, 1, 1]
    assert v.set_index("shift_id").loc["N", "hours"] == 8
    assert kpi.shift_variants(inst, []).empty


def test_notice_kpis():
    grid = {"anna": "D A -"}
    inst = instance(grid)
    assert kpi.notice_kpis(inst, roster(inst, grid)) == {
        "lead_days": None, "changed_days": None, "min_notice_days": None}
    pub = (Assignment(employee_id="anna", date=MONDAY, shift_id="D"),
           Assignment(employee_id="anna", date=MONDAY + dt.timedelta(days=1), shift_id="D"))
    inst = inst.model_copy(update={"published": pub,
                                   "published_on": MONDAY - dt.timedelta(days=20),
                                   "changed_on": MONDAY - dt.timedelta(days=2)})
    k = kpi.notice_kpis(inst, roster(inst, grid))
    assert k == {"lead_days": 20, "changed_days": 1, "min_notice_days": 3}


def test_recommendation_kpis_table():
    grid = {"anna": "N N N - - - -", "bo": "D D A A - - -"}
    inst = instance(grid, employees={"anna": employee("anna", fixed_night=True)},
                    demand=D_DEMAND)
    t = kpi.recommendation_kpis(inst, roster(inst, grid))
    assert list(t.columns) == ["recommendation", "metric", "label", "value", "rule", "source"]
    assert set(t["recommendation"]) == {1, 6, 7, 10, 14}
    by = t.set_index("metric")["value"]
    assert by["fixed_night_workers"] == 1 and by["fixed_share"] == 1.0
    assert by["shift_variants"] == 3 and by["start_times"] == 3
    assert by["avg_night_hours"] == 8
    assert t["label"].str.len().min() > 0
    assert t.set_index("metric").loc["fixed_share", "source"] == "De 14 anbefalinger, nr. 1"
    assert t.set_index("metric").loc["lead_days", "rule"] == "agreement.plan_lead_time"
