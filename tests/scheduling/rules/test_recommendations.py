"""Tests of the 14 recommendations and NFA 2020 (workbench.scheduling.rules.recommendations)."""

import datetime as dt

import pytest

from tests.helpers import MONDAY, STANDARD_SHIFTS, employee, instance, verify
from workbench.domain import (
    Assignment,
    ShiftKind,
    ShiftTemplate,
    Weekday,
    Wish,
    WishKind,
)
from workbench.scheduling.registry import Mode
from workbench.scheduling.rules import recommendations as rec

BOTH = [Mode.SOFT, Mode.HARD]
OCT_MONDAY = dt.date(2026, 10, 19)  # Sunday 25.10.: clocks go back, a night lasts 9 h
MAR_MONDAY = dt.date(2026, 3, 23)  # Sunday 29.3.: clocks go forward, a night lasts 7 h
EARLY = ShiftTemplate(id="M", label="Morgen", start=dt.time(5), end=dt.time(13), kind=ShiftKind.DAY)
SHIFTS_M = (*STANDARD_SHIFTS, EARLY)


def _expect(v, mode, amount):
    """Soft: the amount; hard: feasible iff nothing found."""
    assert v.amount == amount
    assert v.feasible == (mode is Mode.SOFT or amount == 0)


def _day(i: int, start: dt.date = MONDAY) -> dt.date:
    return start + dt.timedelta(days=i)


# -- nights.max_share (rec 1) ------------------------------------------------------


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "params", "amount"),
    [
        ("N N N D - - -", {}, 1),  # 75 % nights
        ("N N D D - - -", {}, 0),  # exactly 50 %: boundary, allowed
        ("N N N D - - -", {"max_night_share": 0.75}, 0),  # boundary at 75 %
        ("S S S D - - -", {}, 0),  # sleep-ins are not awake nights by default
        ("S S S D - - -", {"include_sleep_in": True}, 1),  # unless asked (7 h in 22-05)
        ("R R R D - - -", {}, 0),  # on-call from home is neither night nor shift
        ("- - - - - - -", {}, 0),
    ],
    ids=["three-of-four", "half", "share-75", "sleep-ins", "sleep-ins-counted",
         "oncall", "empty"],
)
def test_nights_max_share(grid, params, amount, mode):
    v = verify(rec.night_share, {"anna": grid}, mode, **params)
    _expect(v, mode, amount)


@pytest.mark.parametrize("mode", BOTH)
def test_nights_max_share_exempts_fixed_night(mode):
    grid = {"anna": "N N N N - - -", "bo": "N N N N - - -"}
    inst = instance(grid, employees={"anna": employee("anna", fixed_night=True)})
    v = verify(rec.night_share, grid, mode, inst=inst)
    _expect(v, mode, 1)
    assert [f.employee_id for f in v.findings] == ["bo"]


# -- nights.max_consecutive (rec 2, NFA 2020) --------------------------------------------------


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "history", "params", "amount"),
    [
        ("N N N N - - -", None, {}, 1),
        ("N N N - N N N", None, {}, 0),  # boundary: exactly 3 twice
        ("N N N N N - -", None, {}, 2),
        ("N N N N - - -", None, {"max_nights": 4}, 0),
        ("N N - - - - -", "N N", {}, 1),  # history nights count
        ("N - - - - - -", "N N", {}, 0),  # boundary across the start
        ("- - - - - - -", "N N N N", {}, 0),  # a breach wholly in the history
        ("N - - - - - -", "N N N N", {}, 1),
        ("S S S S - - -", None, {}, 0),  # sleep-ins are not awake nights
        ("S S S S - - -", None, {"include_sleep_in": True}, 1),
        ("R R R R - - -", None, {}, 0),  # on-call from home is not
        ("A A A A - - -", None, {}, 0),
    ],
)
def test_nights_max_consecutive(grid, history, params, amount, mode):
    g = {"anna": grid}
    inst = instance(g, history={"anna": history} if history else None)
    v = verify(rec.max_consecutive_nights, g, mode, inst=inst, **params)
    _expect(v, mode, amount)


@pytest.mark.parametrize("mode", BOTH)
def test_nights_max_consecutive_night_definition_is_a_param(mode):
    g = {"anna": "S S S S - - -"}
    # sleep-ins 22-07 have 7 h in 22-05: not night shifts when 8 h are required
    v = verify(rec.max_consecutive_nights, g, mode, night_hours_min=8,
               include_sleep_in=True)
    _expect(v, mode, 0)


# -- nights.min_consecutive (rec 2) -------------------------------------------------------


@pytest.mark.parametrize(
    ("grid", "history", "params", "amount"),
    [
        ("- N - - N N -", None, {}, 1),  # isolated night on day 2
        ("- N N - - N N", None, {}, 0),  # boundary: two in a row; end run exempt
        ("- - - - - - N", None, {}, 0),  # touches the plan end: may continue
        ("N - - - - - -", None, {}, 1),  # no history: a single night
        ("N - - - - - -", "- N", {}, 0),  # with the history it is a run of two
        ("- - - - - - -", "- N", {}, 0),  # a short run wholly in the history
        ("N N - - - - -", None, {"min_nights": 3}, 1),
        ("N N N - N - -", None, {"min_nights": 3}, 1),
        ("- R - - - - -", None, {}, 0),
    ],
)
def test_nights_min_consecutive(grid, history, params, amount):
    g = {"anna": grid}
    inst = instance(g, history={"anna": history} if history else None)
    v = verify(rec.min_consecutive_nights, g, Mode.SOFT, inst=inst, **params)
    assert v.amount == amount


# -- rest.quick_returns (rec 3) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("grid", "history", "params", "amount"),
    [
        ("A D - - - - -", None, {}, 1),  # 8 h between
        ("A T - - - - -", None, {}, 1),  # 7 h
        ("A A - - - - -", None, {}, 0),  # 16 h
        ("N D - - - - -", None, {}, 1),  # 0 h: directly after the night
        ("A D A D - - -", None, {}, 2),  # D 15:00 -> A 15:00 next day is fine
        ("A D - - - - -", None, {"min_gap_hours": 8}, 0),  # boundary: exactly 8 h
        ("A D - - - - -", None, {"min_gap_hours": 8.5}, 1),
        ("D - - - - - -", "A", {}, 1),  # history evening before the start
        ("- - - - - - -", "A D", {}, 0),  # wholly in the history
        ("R D - - - - -", None, {}, 0),  # on-call from home is not a shift
        ("R D - - - - -", None, {"oncall_home_counts": True}, 1),
    ],
)
def test_rest_quick_returns(grid, history, params, amount):
    g = {"anna": grid}
    inst = instance(g, history={"anna": history} if history else None)
    v = verify(rec.quick_returns, g, Mode.SOFT, inst=inst, **params)
    assert v.amount == amount


@pytest.mark.parametrize(("gap", "amount"), [(9, 0), (9.5, 1)])
def test_rest_quick_returns_dst_october(gap, amount):
    # Saturday 24.10. evening 15-23, Sunday 25.10. day 07:00: 9 h real time
    g = {"anna": "- - - - - A D"}
    inst = instance(g, start=OCT_MONDAY)
    assert verify(rec.quick_returns, g, Mode.SOFT, inst=inst, min_gap_hours=gap).amount == amount


def test_rest_quick_returns_leaves_same_day_pairs_to_one_shift_per_day():
    from tests.helpers import config
    from workbench.scheduling.checks import RosterView, check_rule
    from workbench.scheduling.rules import REGISTRY

    inst = instance({"anna": "- -"})
    two = [Assignment(employee_id="anna", date=MONDAY, shift_id="D"),
           Assignment(employee_id="anna", date=MONDAY, shift_id="A"),
           Assignment(employee_id="anna", date=_day(1), shift_id="D")]
    found = check_rule(RosterView(inst, two), config(rec.quick_returns), REGISTRY)
    assert [(f.dates, f.amount) for f in found] == [((MONDAY, _day(1)), 1)]  # A -> D only


# -- weekends.free / weekends.most_free (rec 4) ---------------------------------------------------

FOUR_WEEKS = {
    # weekends are days 5-6, 12-13, 19-20, 26-27
    "three-worked": ("D D D D D D D  - - - - - D -  - - - - - - D  - - - - - - -", 1),
    "two-worked": ("D D D D D D D  - - - - - D -  - - - - - - -  - - - - - - -", 0),
    "none-worked": ("D D D D D - -  D D D D D - -  D D D D D - -  D D D D D - -", 0),
    "all-worked": ("- - - - - D D  - - - - - D D  - - - - - A -  - - - - - - N", 2),
    # a Friday night ends Saturday 07:00 and breaks the first weekend
    "friday-night": ("- - - - N - -  - - - - - - -  - - - - - D -  - - - - - D -", 1),
}


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize("case", list(FOUR_WEEKS))
def test_weekends_free(case, mode):
    grid, amount = FOUR_WEEKS[case]
    g = {"anna": " ".join(grid.split())}
    _expect(verify(rec.free_weekends, g, mode), mode, amount)


@pytest.mark.parametrize("mode", BOTH)
def test_weekends_free_weekend_definition_is_a_param(mode):
    g = {"anna": " ".join(FOUR_WEEKS["friday-night"][0].split())}
    # a weekend from Saturday 08:00: the Friday night no longer reaches into it
    v = verify(rec.free_weekends, g, mode, weekend_start_time=dt.time(8))
    _expect(v, mode, 0)
    # from Friday 17:00: the night breaks it again
    v = verify(rec.free_weekends, g, mode, weekend_start=Weekday.FRI,
               weekend_start_time=dt.time(17))
    _expect(v, mode, 1)


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "params", "amount"),
    [
        ("- - - - - D -", {}, 0),  # one week: 2 per 4 weeks rounds down to 0
        ("- - - - - D -", {"min_free": 4}, 1),  # 4 per 4 weeks: 1 in one week
        ("- - - - - - -  - - - - - D -", {"min_free": 4}, 1),
        ("- - - - - D -  - - - - - D -", {"min_free": 2}, 1),  # 2 weeks: need 1
    ],
)
def test_weekends_free_short_plan_pro_rata(grid, params, amount, mode):
    g = {"anna": " ".join(grid.split())}
    _expect(verify(rec.free_weekends, g, mode, **params), mode, amount)


@pytest.mark.parametrize(
    ("grid", "amount"),
    [
        ("- - - - - D D  - - - - - - -", 1),  # both days of one weekend: 1
        ("- - - - - D -  - - - - - - N", 2),
        ("D D D D D - -  D D D D D - -", 0),
        ("- - - - N - -  - - - - - - -", 1),  # the Friday night reaches Saturday
    ],
)
def test_weekends_most_free(grid, amount):
    g = {"anna": " ".join(grid.split())}
    assert verify(rec.most_free_weekends, g, Mode.SOFT).amount == amount


def test_weekends_most_free_plan_ending_saturday_skips_that_weekend():
    # Monday..Saturday: the Sunday is outside the plan, so the weekend is not judged
    g = {"anna": "- - - - - D"}
    assert verify(rec.most_free_weekends, g, Mode.SOFT).amount == 0
    g = {"anna": "- - - - - D D"}
    assert verify(rec.most_free_weekends, g, Mode.SOFT).amount == 1


# -- shifts.max_length (rec 5) and nights.max_length (rec 7, NFA) ---------------------------------


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "params", "amount"),
    [
        ("L - -", {}, 2),  # 12 h, 2 h over 10
        ("L L -", {}, 4),
        ("D A N", {}, 0),
        ("L - -", {"max_hours": 12}, 0),  # boundary
        ("L - -", {"max_hours": 11.5}, 1),  # 30 min over: one commenced hour
        ("S - -", {"max_hours": 8}, 1),  # sleep-ins are working time
        ("R - -", {"max_hours": 7}, 0),  # on-call from home excluded by default
        ("R - -", {"max_hours": 7, "exclude_kinds": ()}, 1),
    ],
)
def test_shifts_max_length(grid, params, amount, mode):
    v = verify(rec.max_length, {"anna": grid}, mode, **params)
    _expect(v, mode, amount)


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("start", "grid", "params", "amount"),
    [
        (MONDAY, "N N N - - - -", {}, 0),  # 8 h nights
        (MONDAY, "N - - - - - -", {"max_hours": 7}, 1),
        (MONDAY, "S - - - - - -", {"max_hours": 8, "include_sleep_in": True}, 1),  # 9 h
        (MONDAY, "S - - - - - -", {"max_hours": 8}, 0),  # sleep-ins not counted
        (MONDAY, "L - - - - - -", {"max_hours": 8}, 0),  # not a night shift
        (OCT_MONDAY, "- - - - - N -", {}, 0),  # 9 h across the change: boundary
        (OCT_MONDAY, "- - - - - N -", {"max_hours": 8}, 1),
        (OCT_MONDAY, "- - - - N - N", {"max_hours": 8}, 0),  # ordinary nights
        (MAR_MONDAY, "- - - - - N -", {"max_hours": 7}, 0),  # 7 h across March
        (MAR_MONDAY, "- - - - N - -", {"max_hours": 7}, 1),
    ],
)
def test_nights_max_length(start, grid, params, amount, mode):
    g = {"anna": grid}
    inst = instance(g, start=start)
    v = verify(rec.night_max_length, g, mode, inst=inst, **params)
    _expect(v, mode, amount)


# -- rotation.forward (rec 8) -----------------------------------------------------------------


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "history", "params", "amount"),
    [
        ("D A N - - - -", None, {}, 0),  # clockwise
        ("N D - - - - -", None, {}, 1),
        ("N A - - - - -", None, {}, 1),
        ("A D - - - - -", None, {}, 1),
        ("A T - - - - -", None, {}, 1),  # T is a day shift too
        ("N - D - - - -", None, {}, 0),  # a day off between: not consecutive
        ("N A D - - - -", None, {}, 2),
        ("D - - - - - -", "N", {}, 1),  # history night before the first day
        ("N - - - - - -", "A", {}, 0),
        ("S D - - - - -", None, {}, 0),  # sleep-in -> day not listed by default
        ("S D - - - - -", None, {"backward": [["sleep_in", "day"]]}, 1),
    ],
)
def test_rotation_forward(grid, history, params, amount, mode):
    g = {"anna": grid}
    inst = instance(g, history={"anna": history} if history else None)
    v = verify(rec.forward_rotation, g, mode, inst=inst, **params)
    _expect(v, mode, amount)


# -- shifts.earliest_start / shifts.preferred_start (rec 9) ------------------------------------------


@pytest.mark.parametrize("mode", [Mode.HARD, Mode.SOFT])
@pytest.mark.parametrize(
    ("grid", "params", "amount"),
    [
        ("T D", {}, 0),  # 06:00 is the boundary
        ("M D", {}, 1),  # 05:00
        ("M M", {}, 2),
        ("T D", {"earliest": dt.time(6, 30)}, 1),  # 30 min early: 1 commenced hour
        ("T D", {"earliest": dt.time(7)}, 1),
        ("N A", {"earliest": dt.time(23, 30)}, 0),  # only morning (day) kinds
    ],
)
def test_shifts_earliest_start(grid, params, amount, mode):
    g = {"anna": grid}
    inst = instance(g, shifts=SHIFTS_M)
    _expect(verify(rec.earliest_start, g, mode, inst=inst, **params), mode, amount)


@pytest.mark.parametrize(
    ("grid", "params", "amount"),
    [
        ("D D", {}, 0),  # 07:00 boundary
        ("T D", {}, 1),
        ("M T", {}, 3),
        ("T D", {"preferred": dt.time(6)}, 0),
    ],
)
def test_shifts_preferred_start(grid, params, amount):
    g = {"anna": grid}
    inst = instance(g, shifts=SHIFTS_M)
    assert verify(rec.preferred_start, g, Mode.SOFT, inst=inst, **params).amount == amount


# -- pattern.regular (rec 11) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grid", "history", "params", "amount"),
    [
        ("D D A - - N N  D D A - - N N", None, {}, 0),
        ("D D A - - N N  D A A - - N N", None, {}, 1),
        ("D D A - - N N  - D A D - N N", None, {}, 2),  # off vs work both ways
        ("D D A - - - -  T D A - - - -", None, {}, 0),  # same kind (day)
        ("D D A - - - -  T D A - - - -", None, {"compare": "shift"}, 1),
        ("D D D - - - -", None, {}, 0),  # one week, no history: nothing to compare
        ("D D D - - - -", "D D D - - - -", {}, 0),
        ("A D D - - - -", "D D D - - - -", {}, 1),  # history for week 1
        ("D D D - - - -", "D D", {}, 2),  # history only Sat-Sun: those two differ
    ],
)
def test_pattern_regular(grid, history, params, amount):
    g = {"anna": " ".join(grid.split())}
    inst = instance(g, history={"anna": history} if history else None)
    assert verify(rec.regular_pattern, g, Mode.SOFT, inst=inst, **params).amount == amount


# -- wishes.granted / wishes.fair (rec 12) ----------------------------------------------------------


def _wish(eid, i, kind, shift=None, priority=1, weight=None):
    return Wish(employee_id=eid, date=_day(i), kind=kind, shift_id=shift,
                priority=priority, weight=weight)


WISHES = (
    _wish("anna", 0, WishKind.DAY_OFF, priority=3),
    _wish("anna", 1, WishKind.SHIFT, "D", priority=2),
    _wish("bo", 2, WishKind.NOT_SHIFT, "N", priority=4),
    _wish("bo", 3, WishKind.DAY_OFF, priority=5, weight=0),  # weight 0: ignored
    _wish("bo", 9, WishKind.DAY_OFF, priority=5),  # outside the plan
)


@pytest.mark.parametrize(
    ("grid", "amount"),
    [
        ({"anna": "- D - -", "bo": "D D A D"}, 0),
        ({"anna": "D D - -", "bo": "D D A D"}, 3),
        ({"anna": "D A - -", "bo": "D D N D"}, 3 + 2 + 4),
        ({"anna": "- - - -", "bo": "- - N -"}, 2 + 4),  # a day off denies "vagt D"
    ],
)
def test_wishes_granted(grid, amount):
    inst = instance(grid).model_copy(update={"wishes": WISHES})
    assert verify(rec.wishes_granted, grid, Mode.SOFT, inst=inst).amount == amount


def test_wishes_granted_uses_explicit_weight():
    grid = {"anna": "D"}
    wishes = (_wish("anna", 0, WishKind.DAY_OFF, priority=2, weight=7),)
    inst = instance(grid).model_copy(update={"wishes": wishes})
    assert verify(rec.wishes_granted, grid, Mode.SOFT, inst=inst).amount == 7


@pytest.mark.parametrize(
    ("grid", "amount", "worst"),
    [
        ({"anna": "- D - -", "bo": "D D A D"}, 0, None),
        ({"anna": "D A - -", "bo": "D D N D"}, 5, "anna"),  # anna 3 + 2, bo 4
        ({"anna": "- A - -", "bo": "D D N D"}, 4, "bo"),  # anna 2, bo 4
        ({"anna": "D D - -", "bo": "D D N D"}, 4, "bo"),  # anna 3, bo 4
    ],
)
def test_wishes_fair(grid, amount, worst):
    inst = instance(grid).model_copy(update={"wishes": WISHES})
    v = verify(rec.wishes_fair, grid, Mode.SOFT, inst=inst)
    assert v.amount == amount
    assert [f.employee_id for f in v.findings] == ([worst] if worst else [])


# -- plan.few_deviations (rec 13) ---------------------------------------------------------------

PUBLISHED = (
    Assignment(employee_id="anna", date=_day(0), shift_id="D"),
    Assignment(employee_id="anna", date=_day(2), shift_id="N"),
    Assignment(employee_id="bo", date=_day(1), shift_id="A"),
)


@pytest.mark.parametrize(
    ("grid", "amount"),
    [
        ({"anna": "D - N", "bo": "- A -"}, 0),
        ({"anna": "A - N", "bo": "- A -"}, 1),  # changed shift
        ({"anna": "D D N", "bo": "- A -"}, 1),  # extra shift
        ({"anna": "- - -", "bo": "- - -"}, 3),  # all removed
    ],
)
def test_plan_few_deviations(grid, amount):
    inst = instance(grid).model_copy(update={"published": PUBLISHED})
    assert verify(rec.few_deviations, grid, Mode.SOFT, inst=inst).amount == amount


def test_plan_few_deviations_nothing_published():
    grid = {"anna": "D A N"}
    assert verify(rec.few_deviations, grid, Mode.SOFT).amount == 0


def test_plan_few_deviations_unknown_published_shift():
    grid = {"anna": "D"}
    pub = (Assignment(employee_id="anna", date=MONDAY, shift_id="X"),)
    inst = instance(grid).model_copy(update={"published": pub})
    assert verify(rec.few_deviations, grid, Mode.SOFT, inst=inst).amount == 1


# -- the rule set ---------------------------------------------------------------------------


def test_recommendations_yaml_loads_with_every_recommendation_soft():
    from workbench.rulesets import CONSTRAINTS_DIR, load_ruleset

    rs = load_ruleset(CONSTRAINTS_DIR / "recommendations.yaml")
    ids = {e.id for e in rs.active}
    mine = {
        "nights.max_share", "nights.max_consecutive", "nights.min_consecutive",
        "rest.quick_returns", "weekends.free", "weekends.most_free", "shifts.max_length",
        "nights.max_length", "rotation.forward", "shifts.earliest_start",
        "shifts.preferred_start", "pattern.regular", "wishes.granted", "wishes.fair",
        "plan.few_deviations",
    }
    assert mine <= ids
    for e in rs.active:
        if e.id in mine:
            assert e.mode is Mode.SOFT and 1 <= e.weight <= 100, e.id
    assert rs.get("rest.daily").mode is Mode.HARD  # the law below stays hard


def test_recommendations_yaml_solves_a_tiny_unit():
    """A real solve under law + recommendations; plan() self-checks the roster."""
    from workbench.domain import Demand
    from workbench.engine import plan
    from workbench.rulesets import CONSTRAINTS_DIR, load_ruleset
    from workbench.scheduling.solver import SolverSettings

    grid = dict.fromkeys(("anna", "bo", "cy", "dan"), "- - - - - - -")
    demand = (Demand(shift="D", min=1, ideal=1), Demand(shift="N", min=1, ideal=1))
    # everyone may work alone (protected.lone_worker is hard in this layer)
    emps = {e: employee(e, lone_work_cleared=True) for e in grid}
    emps["anna"] = employee("anna", fixed_night=True, lone_work_cleared=True)
    inst = instance(grid, employees=emps, demand=demand, history={"cy": "A A"})
    rs = load_ruleset(CONSTRAINTS_DIR / "recommendations.yaml")
    res = plan(inst, rs, SolverSettings(time_limit_s=10, workers=1, seed=0))
    assert res.has_roster and not res.hard_violations
