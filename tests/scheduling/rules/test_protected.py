import datetime as dt

import pytest

from tests.helpers import MONDAY, employee, instance, verify
from workbench.domain import Absence, AbsenceType, ShiftKind
from workbench.scheduling.registry import Mode
from workbench.scheduling.rules import protected

D = dt.timedelta(days=1)
DST_WEEK = dt.date(2026, 10, 19)  # Saturday 24.10. night 23-07 lasts 9 h
THURSDAY = MONDAY + 3 * D
BOTH = [Mode.HARD, Mode.SOFT]


def _check(v, amount, mode):
    assert v.amount == amount
    assert v.feasible == (mode is Mode.SOFT or amount == 0)


# -- protected.pregnant_nights -------------------------------------------------


def _pregnant(grid, start=MONDAY, since=MONDAY, history=None, **kw):
    emps = {"anna": employee("anna", pregnant_from=since, **kw)}
    return instance(grid, start=start, employees=emps, history=history)


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "params", "amount"),
    [
        ("N - - - - - -", {}, 0),
        ("N - N - - - -", {}, 1),
        ("N - N - N - -", {}, 2),
        ("S - N - - - -", {}, 1),  # sleep-ins count by default
        ("S - N - - - -", {"count_sleep_in": False}, 0),
        ("N N - - - - -", {"max_nights_per_week": 2}, 0),  # boundary
        ("N N N - - - -", {"max_nights_per_week": 7}, 0),  # 3 in a row is the limit
        ("N N N N - - -", {"max_nights_per_week": 7}, 1),
        ("N N N N N - -", {"max_nights_per_week": 7}, 2),  # two windows of 4
        ("N - - - - - -", {"no_nights": True}, 1),
        ("D A - - - - -", {"no_nights": True}, 0),
    ],
    ids=[
        "one",
        "two",
        "three",
        "sleep-in",
        "sleep-in-off",
        "param",
        "run-3",
        "run-4",
        "run-5",
        "no-nights",
        "no-nights-days",
    ],
)
def test_protected_pregnant_nights(grid, params, amount, mode):
    g = {"anna": grid}
    v = verify(protected.pregnant_nights, g, mode, inst=_pregnant(g), **params)
    _check(v, amount, mode)


@pytest.mark.parametrize("mode", BOTH)
def test_protected_pregnant_nights_only_while_pregnant(mode):
    g = {"anna": "N - N - N - -"}
    assert verify(protected.pregnant_nights, g, mode).amount == 0  # not pregnant
    inst = _pregnant(g, since=MONDAY + 2 * D)  # only Wed and Fri count
    _check(verify(protected.pregnant_nights, g, mode, inst=inst), 1, mode)
    ended = instance(
        g,
        employees={
            "anna": employee(
                "anna", pregnant_from=MONDAY - 100 * D, pregnant_to=MONDAY + D
            )
        },
    )
    _check(verify(protected.pregnant_nights, g, mode, inst=ended), 0, mode)


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("history", "grid", "amount"),
    [
        ("N - -", "N - - -", 1),  # Mon (history) + Thu (plan) in one ISO week
        ("N N -", "N - - -", 1),  # history alone is over; only the plan night counts
        ("N N -", "- - - -", 0),  # a breach wholly in the history is not reported
        ("- - -", "N - - -", 0),
    ],
)
def test_protected_pregnant_nights_history_in_iso_week(history, grid, amount, mode):
    g = {"anna": grid}
    inst = _pregnant(
        g, start=THURSDAY, since=MONDAY - 30 * D, history={"anna": history}
    )
    _check(verify(protected.pregnant_nights, g, mode, inst=inst), amount, mode)


@pytest.mark.parametrize("mode", BOTH)
def test_protected_pregnant_nights_run_across_the_start(mode):
    g = {"anna": "N N - - - - -"}
    inst = _pregnant(g, since=MONDAY - 30 * D, history={"anna": "N N"})
    _check(
        verify(protected.pregnant_nights, g, mode, inst=inst, max_nights_per_week=7),
        1,
        mode,
    )
    quiet = _pregnant(
        {"anna": "- - - - - - -"}, since=MONDAY - 30 * D, history={"anna": "N N N N"}
    )
    assert (
        verify(
            protected.pregnant_nights, {"anna": "- - - - - - -"}, mode, inst=quiet
        ).amount
        == 0
    )


def test_protected_pregnant_nights_fixed_night_is_mentioned():
    g = {"anna": "N - N - - - -"}
    v = verify(
        protected.pregnant_nights, g, Mode.SOFT, inst=_pregnant(g, fixed_night=True)
    )
    assert v.amount == 1 and "Fast nattevagt skal ophøre" in v.findings[0].message


# -- protected.senior ----------------------------------------------------------


def _senior(grid, **kw):
    kw.setdefault("birth_date", dt.date(1967, 6, 1))  # turns 59 in 2026
    return instance(grid, employees={"anna": employee("anna", **kw)})


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "emp", "params", "amount"),
    [
        ("D D T L - - -", {"senior_shift": ShiftKind.DAY}, {}, 0),
        ("D A N S R - -", {"senior_shift": ShiftKind.DAY}, {}, 4),
        ("A A - - - - -", {"senior_shift": ShiftKind.EVENING}, {}, 0),
        ("D A N S R - -", {"senior_no_nights": True}, {}, 2),
        (
            "N S - - - - -",
            {"senior_shift": ShiftKind.DAY, "senior_no_nights": True},
            {},
            2,
        ),
        (
            "N - - - - - -",
            {"senior_no_nights": True, "birth_date": dt.date(1968, 1, 1)},
            {},
            0,
        ),  # 58 in 2026: not a senior yet
        (
            "N - - - - - -",
            {"senior_no_nights": True, "birth_date": dt.date(1968, 1, 1)},
            {"senior_age": 58},
            1,
        ),  # the pre-2026 age
        (
            "N - - - - - -",
            {"senior_no_nights": True, "birth_date": dt.date(1967, 6, 1)},
            {"by_calendar_year": False},
            0,
        ),  # 58 on 5.1.2026 by birthday
        (
            "N - - - - - -",
            {"senior_no_nights": True, "birth_date": dt.date(1990, 1, 1)},
            {"require_age": False},
            1,
        ),
        ("N - - - - - -", {"senior_no_nights": True, "birth_date": None}, {}, 0),
    ],
    ids=[
        "day-ok",
        "day-only",
        "evening-ok",
        "no-nights",
        "once-per-shift",
        "age-58",
        "age-param",
        "birthday",
        "no-age-check",
        "no-birth-date",
    ],
)
def test_protected_senior(grid, emp, params, amount, mode):
    g = {"anna": grid}
    v = verify(protected.senior, g, mode, inst=_senior(g, **emp), **params)
    _check(v, amount, mode)


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "params", "amount"),
    [
        ("- N - - - - -", {}, 1),  # the night ends 07:00 on the seniordag
        ("- S - - - - -", {}, 1),
        ("- A - - - - -", {}, 0),  # ends 23:00 the day before
        ("- N - - - - -", {"morning_cutoff": dt.time(7)}, 0),  # boundary
        ("- N - - - - -", {"protect_seniordag_morning": False}, 0),
        ("- - - N - - -", {}, 0),  # the night after the seniordag is fine
    ],
)
def test_protected_senior_seniordag_morning(grid, params, amount, mode):
    g = {"anna": grid}
    inst = _senior(g).model_copy(
        update={
            "absences": (
                Absence(
                    employee_id="anna",
                    start=MONDAY + 2 * D,
                    end=MONDAY + 2 * D,
                    type=AbsenceType.SENIORDAG,
                ),
            )
        }
    )
    _check(verify(protected.senior, g, mode, inst=inst, **params), amount, mode)


# -- protected.reduced_capacity ------------------------------------------------


def _reduced(grid, start=MONDAY, **kw):
    return instance(grid, start=start, employees={"anna": employee("anna", **kw)})


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "emp", "amount"),
    [
        ("D T A - - - -", {"max_shift_hours": 8}, 0),  # boundary: 8 h shifts
        ("L D - - - - -", {"max_shift_hours": 8}, 240),  # 12 h is 4 h over
        ("S - - - - - -", {"max_shift_hours": 8.5}, 30),  # 9 h sleep-in
        ("R - - - - - -", {"max_shift_hours": 6}, 0),  # on-call from home
        ("D D D - - - -", {"max_weekly_hours": 24}, 0),  # boundary
        ("D D D L - - -", {"max_weekly_hours": 24}, 720),
        ("D D D R - - -", {"max_weekly_hours": 24}, 0),
        ("L L - - - - -", {"max_shift_hours": 10, "max_weekly_hours": 20}, 240 + 240),
        ("D D D - - - - D D D D - - -", {"max_weekly_hours": 24}, 480),  # 2nd block
    ],
    ids=[
        "shift-ok",
        "long-shift",
        "sleep-in",
        "oncall",
        "week-ok",
        "week-over",
        "week-oncall",
        "both",
        "blocks",
    ],
)
def test_protected_reduced_capacity(grid, emp, amount, mode):
    g = {"anna": grid}
    _check(
        verify(protected.reduced_capacity, g, mode, inst=_reduced(g, **emp)),
        amount,
        mode,
    )


@pytest.mark.parametrize("mode", BOTH)
def test_protected_reduced_capacity_dst_night(mode):
    g = {"anna": "- - - - - N -"}
    normal = verify(
        protected.reduced_capacity, g, mode, inst=_reduced(g, max_shift_hours=8)
    )
    dst = verify(
        protected.reduced_capacity,
        g,
        mode,
        inst=_reduced(g, start=DST_WEEK, max_shift_hours=8),
    )
    assert normal.amount == 0
    _check(dst, 60, mode)


def test_protected_reduced_capacity_ignores_others():
    g = {"anna": "L L L L L L L"}
    assert verify(protected.reduced_capacity, g, Mode.HARD).amount == 0


@pytest.mark.parametrize(
    ("grid", "params", "amount"),
    [
        ("D D D - - - - D D D - - - -", {}, 0),
        ("D D D - - - - D A D - - - -", {}, 1),
        ("D D D - - - - D - D - - - -", {}, 1),
        ("D D D - - - - D - D - - - -", {"compare_days_off": False}, 0),
        ("D D D - - - - A A A D - - -", {}, 4),
        ("D - - - - - - T - - - - - -", {}, 0),  # same kind (day), other template
    ],
    ids=["same", "other-kind", "day-off", "day-off-ignored", "four", "same-kind"],
)
def test_protected_reduced_capacity_pattern(grid, params, amount):
    g = {"anna": grid}
    v = verify(
        protected.reduced_capacity_pattern,
        g,
        Mode.SOFT,
        inst=_reduced(g, max_weekly_hours=30),
        **params,
    )
    assert v.amount == amount


def test_protected_reduced_capacity_pattern_history_and_others():
    g = {"anna": "A - - - - - -"}
    emps = {"anna": employee("anna", max_shift_hours=8)}
    inst = instance(g, employees=emps, history={"anna": "D - - - - - -"})
    assert (
        verify(protected.reduced_capacity_pattern, g, Mode.SOFT, inst=inst).amount == 1
    )
    inst = instance(g, employees=emps, history={"anna": "A - - - - - -"})
    assert (
        verify(protected.reduced_capacity_pattern, g, Mode.SOFT, inst=inst).amount == 0
    )
    plain = {"anna": "D - - - - - - A - - - - - -"}
    assert verify(protected.reduced_capacity_pattern, plain, Mode.SOFT).amount == 0


# -- protected.lone_worker -----------------------------------------------------


def _lone(grid, start=MONDAY, history=None, cleared=("bo",)):
    emps = {e: employee(e, lone_work_cleared=e in cleared) for e in grid}
    return instance(grid, start=start, employees=emps, history=history)


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "amount"),
    [
        ({"anna": "D", "bo": "D"}, 0),
        ({"anna": "D", "bo": "-"}, 480),
        ({"anna": "D", "bo": "T"}, 60),  # bo leaves 14:00, anna stays to 15:00
        ({"anna": "L", "bo": "D"}, 240),
        ({"anna": "D", "bo": "R"}, 480),  # on-call from home is no company
        ({"anna": "R", "bo": "-"}, 0),  # ... and not on duty either
        ({"anna": "N", "bo": "S"}, 0),  # a sleeping colleague is on site
        ({"anna": "- D", "bo": "N -"}, 480),  # bo's night ends as anna starts
        ({"anna": "- T", "bo": "N -"}, 420),  # 06-07 covered by bo's night
        ({"anna": "-", "bo": "L"}, 0),  # bo is cleared for lone work
    ],
    ids=[
        "together",
        "alone",
        "early-leave",
        "long-day",
        "oncall-company",
        "oncall-subject",
        "sleep-in",
        "touching",
        "night-overlap",
        "cleared",
    ],
)
def test_protected_lone_worker(grid, amount, mode):
    _check(verify(protected.lone_worker, grid, mode, inst=_lone(grid)), amount, mode)


@pytest.mark.parametrize("mode", BOTH)
def test_protected_lone_worker_three_people(mode):
    g = {"anna": "L", "bo": "D", "cy": "A"}  # bo 07-15, cy 15-23 cover anna 07-19
    _check(
        verify(protected.lone_worker, g, mode, inst=_lone(g, cleared=("bo", "cy"))),
        0,
        mode,
    )
    _check(verify(protected.lone_worker, g, mode, inst=_lone(g)), 240, mode)  # cy 19-23
    g2 = {"anna": "L", "bo": "D", "cy": "-"}
    _check(
        verify(protected.lone_worker, g2, mode, inst=_lone(g2, cleared=())),
        240 + 0,
        mode,
    )


@pytest.mark.parametrize("mode", BOTH)
def test_protected_lone_worker_history_company(mode):
    g = {"anna": "T", "bo": "D"}
    _check(verify(protected.lone_worker, g, mode, inst=_lone(g)), 60, mode)
    inst = _lone(g, history={"bo": "N"})  # bo's history night until 07:00
    _check(verify(protected.lone_worker, g, mode, inst=inst), 0, mode)


@pytest.mark.parametrize("mode", BOTH)
def test_protected_lone_worker_dst_night(mode):
    g = {"anna": "- - - - - N -", "bo": "- - - - - - -"}
    _check(
        verify(protected.lone_worker, g, mode, inst=_lone(g, start=DST_WEEK)), 540, mode
    )


# -- protected.lone_worker_contact ---------------------------------------------


def _contact(grid, fixed=True, **kw):
    emps = {
        "anna": employee("anna", lone_work_cleared=True, fixed_night=fixed),
        "bo": employee("bo", lone_work_cleared=True),
    }
    return instance(grid, employees=emps, **kw)


@pytest.mark.parametrize(
    ("grid", "params", "amount"),
    [
        ({"anna": "N N N - - - -", "bo": "- - - - - - -"}, {}, 1),
        ({"anna": "N N N - - - -", "bo": "- S - - - - -"}, {}, 0),
        ({"anna": "N N N - - - -", "bo": "A - - - - - -"}, {}, 1),  # touches only
        ({"anna": "N N N - - - -", "bo": "- T - - - - -"}, {"min_overlap_hours": 1}, 0),
        (
            {"anna": "N N N - - - -", "bo": "- T - - - - -"},
            {"min_overlap_hours": 1.5},
            1,
        ),
        ({"anna": "N N N - - - -", "bo": "- S S - - - -"}, {"min_shared_shifts": 8}, 0),
        ({"anna": "N N N - - - -", "bo": "- S - - - - -"}, {"min_shared_shifts": 8}, 1),
    ],
    ids=[
        "alone",
        "shared",
        "touch",
        "overlap-boundary",
        "overlap-short",
        "need-two",
        "need-two-short",
    ],
)
def test_protected_lone_worker_contact(grid, params, amount):
    params.setdefault("min_shared_shifts", 4)  # 4 per 4 weeks -> 1 in one week
    v = verify(
        protected.lone_worker_contact, grid, Mode.SOFT, inst=_contact(grid), **params
    )
    assert v.amount == amount


def test_protected_lone_worker_contact_who_and_absence():
    grid = {"anna": "N N N - - - -", "bo": "- - - - - - -"}
    inst = _contact(grid, fixed=False)
    assert (
        verify(
            protected.lone_worker_contact,
            grid,
            Mode.SOFT,
            inst=inst,
            min_shared_shifts=4,
        ).amount
        == 0
    )
    assert (
        verify(
            protected.lone_worker_contact,
            grid,
            Mode.SOFT,
            inst=inst,
            min_shared_shifts=4,
            applies_to="all_cleared",
        ).amount
        == 1 + 1
    )  # anna and bo
    away = _contact(grid).model_copy(
        update={
            "absences": (
                Absence(
                    employee_id="anna",
                    start=MONDAY + 5 * D,
                    end=MONDAY + 6 * D,
                    type=AbsenceType.FERIE,
                ),
            )
        }
    )
    assert (
        verify(
            protected.lone_worker_contact,
            grid,
            Mode.SOFT,
            inst=away,
            min_shared_shifts=4,
        ).amount
        == 0
    )  # 4 x 5 // 28 = 0
    month = {"anna": " ".join(["N"] * 28), "bo": " ".join(["-"] * 28)}
    assert (
        verify(
            protected.lone_worker_contact, month, Mode.SOFT, inst=_contact(month)
        ).amount
        == 2
    )


# -- protected.night_health_check ----------------------------------------------


def _nights(n: int) -> str:
    return " ".join(["N"] * n)


@pytest.mark.parametrize(
    ("history", "grid", "params", "amount"),
    [
        (49, "N - - - - - -", {}, 1),  # 49 x 6 h + 6 h = 300 h: reached
        (48, "N - - - - - -", {}, 0),  # 294 h
        (60, "D - - - - - -", {}, 0),  # plan has no night work
        (0, "N N N - - - -", {"threshold_hours": 18}, 1),
        (0, "N N - - - - -", {"threshold_hours": 18}, 0),
        (0, "S S - - - - -", {"threshold_hours": 14}, 1),  # sleep-in 22-07: 7 h
        (0, "R R R - - - -", {"threshold_hours": 6}, 0),  # on-call from home
        (0, "R R R - - - -", {"threshold_hours": 6, "count_oncall_home": True}, 1),
    ],
    ids=[
        "reached",
        "below",
        "no-plan-nights",
        "plan-only",
        "plan-below",
        "sleep-in",
        "oncall",
        "oncall-counted",
    ],
)
def test_protected_night_health_check(history, grid, params, amount):
    g = {"anna": grid}
    hist = {"anna": _nights(history)} if history else None
    inst = instance(g, history=hist)
    v = verify(protected.night_health_check, g, Mode.SOFT, inst=inst, **params)
    assert v.amount == amount
    if amount:
        assert "helbredskontrol" in v.findings[0].message


def test_protected_night_health_check_twelve_month_window():
    g = {"anna": "N - - - - - -"}
    # Plan 5.1.–11.1.2026: the window starts 12.1.2025. Two old nights on
    # 8.–9.1.2025 fall outside it, two on 12.–13.1.2025 inside.
    old = "N N " + " ".join(["-"] * 360)  # first history day 8.1.2025
    new = "N N " + " ".join(["-"] * 356)  # first history day 12.1.2025
    for hist, amount in ((old, 0), (new, 1)):
        inst = instance(g, history={"anna": hist})
        v = verify(
            protected.night_health_check, g, Mode.SOFT, inst=inst, threshold_hours=18
        )
        assert v.amount == amount


def test_protected_night_health_check_dst_night():
    # 23:00-05:00 across the October change is 7 real hours inside 22-05.
    g = {"anna": "- - - - - N -"}
    dst = verify(
        protected.night_health_check,
        g,
        Mode.SOFT,
        inst=instance(g, start=DST_WEEK),
        threshold_hours=7,
    )
    normal = verify(protected.night_health_check, g, Mode.SOFT, threshold_hours=7)
    assert (dst.amount, normal.amount) == (1, 0)
