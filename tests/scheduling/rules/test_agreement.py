import datetime as dt

import pytest

from tests.helpers import MONDAY, STANDARD_SHIFTS, employee, instance, verify
from workbench.domain import Absence, AbsenceType, Assignment
from workbench.scheduling.registry import Mode
from workbench.scheduling.rules import agreement

D = dt.timedelta(days=1)
EASTER_WEEK = dt.date(2026, 3, 30)  # Skærtorsdag 2.4. and langfredag 3.4.
CHRISTMAS_WEEK = dt.date(2026, 12, 21)  # juledag Fri 25.12., 2. juledag Sat 26.12.
DST_WEEK = dt.date(2026, 10, 19)  # clocks go back Sunday 25.10. at 03:00
BOTH = [Mode.HARD, Mode.SOFT]


def _emp(hours, **kw):
    return {"anna": employee("anna", weekly_hours=hours, **kw)}


# -- agreement.norm_hours ------------------------------------------------------


@pytest.mark.parametrize(
    ("grid", "hours", "tol", "amount"),
    [
        ("D D D D D - -", 37, 2.0, 60),  # 40 h vs 37 h, 1 h beyond the tolerance
        ("D D D D D - -", 38, 2.0, 0),  # boundary: exactly 2 h over
        ("D D D D D - -", 37.9, 2.0, 6),  # 2 h 6 min over
        ("D D D - - - -", 37, 2.0, 660),  # 24 h: 13 h under, 11 h beyond
        ("D D D D - L -", 37, 7.4, 0),  # 44 h: 7 h over, inside 7.4 h
    ],
    ids=["over", "boundary", "decimal-hours", "under", "inside"],
)
def test_agreement_norm_hours(grid, hours, tol, amount):
    inst = instance({"anna": grid}, employees=_emp(hours))
    v = verify(
        agreement.norm_hours, {"anna": grid}, Mode.SOFT, inst=inst, tolerance_hours=tol
    )
    assert v.amount == amount
    if amount:
        assert "KL-døgnaftalen 64.11" in v.findings[0].message


@pytest.mark.parametrize(
    ("direction", "amount"), [("over", 0), ("under", 660), ("both", 660)]
)
def test_agreement_norm_hours_direction(direction, amount):
    grid = {"anna": "D D D - - - -"}
    v = verify(agreement.norm_hours, grid, Mode.SOFT, direction=direction)
    assert v.amount == amount


def test_agreement_norm_hours_soegnehelligdage_lower_the_norm():
    # Easter week: 37 - 2 x 7.4 = 22.2 h; 24 h planned is 1.8 h over.
    grid = {"anna": "D D D - - - -"}
    inst = instance(grid, start=EASTER_WEEK)
    assert (
        verify(
            agreement.norm_hours, grid, Mode.SOFT, inst=inst, tolerance_hours=0
        ).amount
        == 108
    )
    # Christmas week: Friday and Saturday holidays both count (Mon–Sat).
    inst = instance(grid, start=CHRISTMAS_WEEK)
    assert (
        verify(
            agreement.norm_hours, grid, Mode.SOFT, inst=inst, tolerance_hours=0
        ).amount
        == 108
    )
    v = verify(
        agreement.norm_hours, grid, Mode.SOFT, inst=instance(grid), tolerance_hours=0
    )
    assert v.amount == 37 * 60 - 24 * 60


def test_agreement_norm_hours_part_time_holiday_is_weekly_over_five():
    # 32 h/week: each holiday is 6.4 h; Easter week norm = 32 - 12.8 = 19.2 h.
    grid = {"anna": "D D - - - - -"}
    inst = instance(grid, start=EASTER_WEEK, employees=_emp(32))
    assert (
        verify(
            agreement.norm_hours, grid, Mode.SOFT, inst=inst, tolerance_hours=0
        ).amount
        == round(19.2 * 60) - 16 * 60
    )


@pytest.mark.parametrize(
    ("credit", "absence_day", "amount"),
    [(True, 4, 0), (True, 5, 444), (False, 4, 444)],
    ids=["weekday-credited", "saturday-not", "credit-off"],
)
def test_agreement_norm_hours_absence_credit(credit, absence_day, amount):
    # Four shifts of 7 h 24 min = 29 h 36 min = the norm with one ferie weekday.
    shifts = (
        *STANDARD_SHIFTS,
        STANDARD_SHIFTS[0].model_copy(update={"id": "X", "end": dt.time(14, 24)}),
    )
    grid = {"anna": "X X X X - - -"}
    inst = instance(grid, shifts=shifts).model_copy(
        update={
            "absences": (
                Absence(
                    employee_id="anna",
                    start=MONDAY + absence_day * D,
                    end=MONDAY + absence_day * D,
                    type=AbsenceType.FERIE,
                ),
            )
        }
    )
    v = verify(
        agreement.norm_hours,
        grid,
        Mode.SOFT,
        inst=inst,
        tolerance_hours=0,
        credit_absences=credit,
    )
    assert v.amount == amount


def test_agreement_norm_hours_dst_night_counts_nine_hours():
    # A night 23-07 across 25.10.2026 lasts 9 h: 32 + 9 = 41 h, 4 h over 37.
    grid = {"anna": "D D D D - N -"}
    dst = verify(
        agreement.norm_hours,
        grid,
        Mode.SOFT,
        inst=instance(grid, start=DST_WEEK),
        tolerance_hours=0,
    )
    normal = verify(agreement.norm_hours, grid, Mode.SOFT, tolerance_hours=0)
    assert (dst.amount, normal.amount) == (240, 180)


def test_agreement_norm_hours_paid_fraction_and_oncall():
    shifts = tuple(
        s.model_copy(update={"paid_fraction": 0.5}) if s.id == "S" else s
        for s in STANDARD_SHIFTS
    )
    grid = {"anna": "S R - - - - -"}
    inst = instance(grid, shifts=shifts, employees=_emp(5))
    # sleep-in 9 h x 0.5 = 4 h 30; on-call from home is not counted.
    assert (
        verify(
            agreement.norm_hours, grid, Mode.SOFT, inst=inst, tolerance_hours=0
        ).amount
        == 30
    )
    assert (
        verify(
            agreement.norm_hours,
            grid,
            Mode.SOFT,
            inst=inst,
            tolerance_hours=0,
            count_oncall_home=True,
        ).amount
        == 9 * 30 + 8 * 60 - 5 * 60
    )


def test_agreement_norm_hours_zero_hour_staff_have_no_norm():
    grid = {"anna": "L L L L L L L"}
    inst = instance(grid, employees=_emp(0))
    assert verify(agreement.norm_hours, grid, Mode.SOFT, inst=inst).amount == 0


# -- agreement.norm_hours_band -------------------------------------------------


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "amount"),
    [
        ("D D D D - L -", 0),  # 44 h: 7 h over, inside ±7.4 h
        ("D D D D L L -", 696),  # 56 h: 19 h over, 11 h 36 min beyond
        ("D D D D - - -", 0),  # 32 h: 5 h under
        ("D D - - - - -", 816),  # 16 h: 21 h under, 13 h 36 min beyond
    ],
    ids=["inside", "over", "under-inside", "under"],
)
def test_agreement_norm_hours_band(grid, amount, mode):
    v = verify(agreement.norm_hours_band, {"anna": grid}, mode)
    assert v.amount == amount
    assert v.feasible == (mode is Mode.SOFT or amount == 0)


@pytest.mark.parametrize("mode", BOTH)
def test_agreement_norm_hours_band_boundary(mode):
    # 37 h norm, 44 h 24 min planned = exactly +7.4 h.
    shifts = (
        *STANDARD_SHIFTS,
        STANDARD_SHIFTS[0].model_copy(update={"id": "X", "end": dt.time(19, 24)}),
    )
    grid = {"anna": "D D D D - X -"}
    inst = instance(grid, shifts=shifts)
    assert verify(agreement.norm_hours_band, grid, mode, inst=inst).amount == 0
    grid2 = {"anna": "D D D D - X T"}
    v = verify(
        agreement.norm_hours_band, grid2, mode, inst=instance(grid2, shifts=shifts)
    )
    assert v.amount == 8 * 60


@pytest.mark.parametrize("mode", BOTH)
def test_agreement_norm_hours_band_dst(mode):
    # 40 h in a normal week is inside ±2 h of 38 h; across the DST night it is 41 h.
    grid = {"anna": "D D D D - N -"}
    emps = _emp(38)
    ok = verify(
        agreement.norm_hours_band,
        grid,
        mode,
        inst=instance(grid, employees=emps),
        tolerance_hours=2,
    )
    dst = verify(
        agreement.norm_hours_band,
        grid,
        mode,
        inst=instance(grid, start=DST_WEEK, employees=emps),
        tolerance_hours=2,
    )
    assert (ok.amount, dst.amount) == (0, 60)


# -- agreement.two_fridoegn_per_week -------------------------------------------


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "params", "short"),
    [
        ("D D D D D - -", {}, 0),
        ("D D D D D D -", {}, 1),
        ("D D D D N - -", {}, 1),  # the night runs into Saturday
        ("D D D D N - -", {"morning_cutoff": dt.time(7)}, 0),  # boundary: ends 07:00
        ("D D D D N - -", {"morning_cutoff": dt.time(6, 59)}, 1),
        ("D D D D D - R", {}, 1),  # on-call from home is not a fridøgn
        ("D D D D A - -", {}, 0),  # an evening ending 23:00 leaves Saturday free
        ("D D D D D D D", {}, 2),
    ],
    ids=[
        "two",
        "one",
        "night-into",
        "cutoff-boundary",
        "cutoff-before",
        "oncall",
        "evening",
        "none",
    ],
)
def test_agreement_two_fridoegn_per_week(grid, params, short, mode):
    v = verify(agreement.two_fridoegn_per_week, {"anna": grid}, mode, **params)
    assert v.amount == short
    assert v.feasible == (mode is Mode.SOFT or short == 0)


@pytest.mark.parametrize("mode", BOTH)
def test_agreement_two_fridoegn_per_week_history_night(mode):
    grid = {"anna": "- D D D D D -"}
    assert verify(agreement.two_fridoegn_per_week, grid, mode).amount == 0
    inst = instance(grid, history={"anna": "N"})
    assert verify(agreement.two_fridoegn_per_week, grid, mode, inst=inst).amount == 1


def test_agreement_two_fridoegn_per_week_partial_week_rounds_down():
    grid = {"anna": "D D D D D D D - D"}  # 9 days: 2 x 9 / 7 -> 2 needed, 1 free
    assert verify(agreement.two_fridoegn_per_week, grid, Mode.SOFT).amount == 1


@pytest.mark.parametrize(("excluded", "short"), [(True, 1), (False, 0)])
def test_agreement_two_fridoegn_per_week_absence(excluded, short):
    grid = {"anna": "D D D D D D - - - - - - - -"}
    inst = instance(grid).model_copy(
        update={
            "absences": (
                Absence(
                    employee_id="anna",
                    start=MONDAY + 7 * D,
                    end=MONDAY + 13 * D,
                    type=AbsenceType.FERIE,
                ),
            )
        }
    )
    v = verify(
        agreement.two_fridoegn_per_week,
        grid,
        Mode.SOFT,
        inst=inst,
        absence_days_excluded=excluded,
    )
    assert v.amount == short


# -- agreement.plan_length / plan_lead_time ------------------------------------


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(("days", "short"), [(28, 0), (27, 1), (7, 21), (35, 0)])
def test_agreement_plan_length(days, short, mode):
    grid = {"anna": " ".join(["-"] * days)}
    v = verify(agreement.plan_length, grid, mode)
    assert v.amount == short
    assert v.feasible == (mode is Mode.SOFT or short == 0)


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("before", "late"), [(None, 0), (28, 0), (27, 1), (40, 0), (0, 28)]
)
def test_agreement_plan_lead_time(before, late, mode):
    grid = {"anna": "D - - - - - -"}
    pub = None if before is None else MONDAY - before * D
    inst = instance(grid).model_copy(update={"published_on": pub})
    v = verify(agreement.plan_lead_time, grid, mode, inst=inst)
    assert v.amount == late
    assert v.feasible == (mode is Mode.SOFT or late == 0)


# -- agreement.change_notice ---------------------------------------------------


def _published(inst, grid, changed_on):
    pub = tuple(
        Assignment(employee_id=eid, date=inst.start + i * D, shift_id=c)
        for eid, g in grid.items()
        for i, c in enumerate(g.split())
        if c != "-"
    )
    return inst.model_copy(update={"published": pub, "changed_on": changed_on})


PUBLISHED = {"anna": "D D D D D - -", "bo": "- - A A A A -"}


@pytest.mark.parametrize("mode", [Mode.SOFT, Mode.HARD])
@pytest.mark.parametrize(
    ("grid", "changed", "amount"),
    [
        (PUBLISHED, 1, 0),
        ({"anna": "D D A D D - -", "bo": "- - A A A A -"}, 1, 1),  # Wed: 1 day notice
        ({"anna": "D D D D - - -", "bo": "- - A A A A -"}, 1, 1),  # Fri: 3 days
        ({"anna": "D D D D D D -", "bo": "- - A A A A -"}, 1, 0),  # Sat: 4 days, ok
        ({"anna": "A D D D D - -", "bo": "- - A A A A -"}, 1, 1),  # Mon is past
        ({"anna": "D D D D D - -", "bo": "D - A A A - -"}, 1, 1),  # Sat ok, Mon not
        ({"anna": "- - - - - - -", "bo": "- - - - - - -"}, 4, 9),  # every day judged
    ],
    ids=["same", "wed", "fri", "sat-boundary", "past", "bo", "all-off"],
)
def test_agreement_change_notice(grid, changed, amount, mode):
    inst = _published(instance(grid), PUBLISHED, MONDAY + changed * D)
    v = verify(agreement.change_notice, grid, mode, inst=inst)
    assert v.amount == amount
    assert v.feasible == (mode is Mode.SOFT or amount == 0)


def test_agreement_change_notice_not_judged_without_published_plan():
    grid = {"anna": "A A A A A - -"}
    inst = _published(instance(grid), {"anna": "- - - - - - -"}, MONDAY)
    assert verify(agreement.change_notice, grid, Mode.SOFT, inst=inst).amount == 0
    inst = _published(instance(grid), {"anna": "D - - - - - -"}, None)
    assert verify(agreement.change_notice, grid, Mode.SOFT, inst=inst).amount == 0


def test_agreement_change_notice_param():
    grid = {"anna": "D D D D D A -"}
    inst = _published(instance(grid), {"anna": "D D D D D - -"}, MONDAY + D)
    assert verify(agreement.change_notice, grid, Mode.SOFT, inst=inst).amount == 0
    assert (
        verify(
            agreement.change_notice, grid, Mode.SOFT, inst=inst, notice_days=5
        ).amount
        == 1
    )


# -- constraints/agreement_kl_dogn.yaml ----------------------------------------


def test_agreement_ruleset_file_loads():
    from workbench.rulesets import CONSTRAINTS_DIR, load_ruleset

    rs = load_ruleset(CONSTRAINTS_DIR / "agreement_kl_dogn.yaml")
    assert rs.name == "agreement_kl_dogn"
    assert rs.get("rest.daily") is not None  # extends law_dk.yaml
    band = rs.get("agreement.norm_hours_band")
    assert band.mode is Mode.HARD and band.params.tolerance_hours == 14.8
    soft = rs.get("agreement.norm_hours")
    assert soft.mode is Mode.SOFT and soft.weight == 2
    assert rs.get("agreement.two_fridoegn_per_week").mode is Mode.HARD
    for rid in (
        "agreement.plan_length",
        "agreement.plan_lead_time",
        "agreement.change_notice",
    ):
        assert rs.get(rid).mode is Mode.SOFT and rs.get(rid).source_note
