"""Tests of the Lokal-MED principles (workbench.scheduling.rules.local)."""

import datetime as dt

import pytest

from tests.helpers import employee, instance, verify
from workbench.domain import Weekday
from workbench.scheduling.registry import Mode
from workbench.scheduling.rules import local

BOTH = [Mode.SOFT, Mode.HARD]
EASTER_MONDAY_WEEK = dt.date(2026, 3, 30)  # skærtorsdag 2.4., langfredag 3.4.


def _expect(v, mode, amount):
    assert v.amount == amount
    assert v.feasible == (mode is Mode.SOFT or amount == 0)


def _g(s: str) -> str:
    return " ".join(s.split())


# -- local.max_weekends_worked ---------------------------------------------------

FOUR_WEEKS = {
    "three": ("- - - - - D -  - - - - - - D  - - - - - A A  - - - - - - -", {}, 1),
    "two": ("- - - - - D -  - - - - - - D  - - - - - - -  - - - - - - -", {}, 0),
    "friday-night": ("- - - - N - -  - - - - - - D  - - - - - A A  - - - - - - -", {}, 1),
    "cap-three": ("- - - - - D -  - - - - - - D  - - - - - A A  - - - - - - -",
                  {"max_worked": 3}, 0),
    "later-start": ("- - - - N - -  - - - - - - D  - - - - - A A  - - - - - - -",
                    {"weekend_start_time": dt.time(8)}, 0),
}


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize("case", list(FOUR_WEEKS))
def test_local_max_weekends_worked(case, mode):
    grid, params, amount = FOUR_WEEKS[case]
    v = verify(local.max_weekends_worked, {"anna": _g(grid)}, mode, **params)
    _expect(v, mode, amount)


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "params", "amount"),
    [
        ("- - - - - D D", {}, 0),  # one week: cap 2 x 7/28 rounded up = 1
        ("- - - - - D D", {"max_worked": 0}, 1),
        ("- - - - - D -  - - - - - D -", {"max_worked": 1}, 1),  # 2 weeks: cap 1
    ],
)
def test_local_max_weekends_worked_short_plan(grid, params, amount, mode):
    v = verify(local.max_weekends_worked, {"anna": _g(grid)}, mode, **params)
    _expect(v, mode, amount)


# -- local.max_evenings --------------------------------------------------------------

NINE_EVENINGS = "A A A - - - -  A A A - - - -  A A A - - - -  D D D - - - -"
EIGHT_EVENINGS = "A A A - - - -  A A A - - - -  A A D - - - -  D D D - - - -"


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "params", "amount"),
    [
        (NINE_EVENINGS, {}, 1),
        (EIGHT_EVENINGS, {}, 0),  # boundary
        (NINE_EVENINGS, {"max_evenings": 6}, 3),
        ("A A A - - - -", {}, 1),  # one week: cap 8 x 7/28 = 2
        ("A A - - - - -", {}, 0),
        ("N N N - - - -", {}, 0),
        ("N N N - - - -", {"kinds": ["night"]}, 1),
    ],
)
def test_local_max_evenings(grid, params, amount, mode):
    v = verify(local.max_evenings, {"anna": _g(grid)}, mode, **params)
    _expect(v, mode, amount)


# -- local.free_evening ---------------------------------------------------------------


@pytest.mark.parametrize("mode", [Mode.HARD, Mode.SOFT])
@pytest.mark.parametrize(
    ("grid", "params", "amount"),
    [
        ("- - A - - - -", {}, 1),  # Wednesday evening shift
        ("- - D - - - -", {}, 0),  # 07-15
        ("- - L - - - -", {}, 1),  # 07-19 reaches into the evening
        ("- - L - - - -", {"evening_from": dt.time(19)}, 0),  # boundary
        ("- - N - - - -", {}, 1),  # starts 23:00
        ("- - S - - - -", {}, 1),
        ("- - R - - - -", {}, 1),  # on-call is not a free evening either
        ("- N - - - - -", {}, 0),  # Tuesday's night ends Wednesday 07:00
        ("A A - A A A A", {}, 0),
        ("- - A - - - -  - - A - - - -", {}, 2),
    ],
)
def test_local_free_evening(grid, params, amount, mode):
    g = {"anna": _g(grid)}
    inst = instance(g, employees={"anna": employee("anna", fixed_free_evening=Weekday.WED)})
    _expect(verify(local.free_evening, g, mode, inst=inst, **params), mode, amount)


@pytest.mark.parametrize("mode", [Mode.HARD, Mode.SOFT])
def test_local_free_evening_only_with_a_fixed_evening(mode):
    _expect(verify(local.free_evening, {"anna": "A A A A A A A"}, mode), mode, 0)


# -- local.fair_share -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("grid", "hours", "cats", "amount"),
    [
        ({"anna": "N N N - - - -", "bo": "N - - - - - -"}, {}, ["nights"], 20),
        ({"anna": "N N - - - - -", "bo": "- - - N N - -"}, {}, ["nights"], 0),
        # part time: 2 nights at 37 h = 1 night at 18.5 h
        ({"anna": "N N - - - - -", "bo": "N - - - - - -"}, {"bo": 18.5}, ["nights"], 0),
        ({"anna": "N N - - - - -", "bo": "N N - - - - -"}, {"bo": 18.5}, ["nights"], 20),
        # 30 h: one count weighs round(370 / 30) = 12 tenths
        ({"anna": "A - - - - - -", "bo": "A - - - - - -"}, {"bo": 30}, ["evenings"], 2),
        ({"anna": "- - - - - D D  - - - - - D -", "bo": "D D D D D - -  D D D D D - -"},
         {}, ["weekends"], 20),
        ({"anna": "A N - - - D -", "bo": "- - - - - - -"}, {},
         ["nights", "evenings", "weekends", "holidays"], 30),
        ({"anna": "N N N N - - -"}, {}, ["nights"], 0),  # one person: nothing to share
    ],
)
def test_local_fair_share(grid, hours, cats, amount):
    emps = {e: employee(e, weekly_hours=h) for e, h in hours.items()}
    g = {e: _g(s) for e, s in grid.items()}
    inst = instance(g, employees=emps)
    v = verify(local.fair_share, g, Mode.SOFT, inst=inst, categories=cats)
    assert v.amount == amount


def test_local_fair_share_holidays():
    # skærtorsdag and langfredag 2026 are Thursday and Friday of this week
    g = {"anna": "- - - D D - -", "bo": "D D D - - - -"}
    inst = instance(g, start=EASTER_MONDAY_WEEK)
    v = verify(local.fair_share, g, Mode.SOFT, inst=inst, categories=["holidays"])
    assert v.amount == 20
    g = {"anna": "- - - D - - -", "bo": "- - - - D - -"}
    inst = instance(g, start=EASTER_MONDAY_WEEK)
    assert verify(local.fair_share, g, Mode.SOFT, inst=inst, categories=["holidays"]).amount == 0


def test_local_fair_share_night_exempt_staff_left_out():
    g = {"anna": "N N N N - - -", "bo": "N - - - - - -", "cy": "- - N - - - -",
         "dan": "- - - - - - -"}
    emps = {"anna": employee("anna", fixed_night=True),
            "dan": employee("dan", night_exempt=True)}
    inst = instance(g, employees=emps)
    assert verify(local.fair_share, g, Mode.SOFT, inst=inst, categories=["nights"]).amount == 0
    v = verify(local.fair_share, g, Mode.SOFT, inst=inst, categories=["nights"],
               exempt_excluded=False)
    assert v.amount == 40


# -- the example rule set ----------------------------------------------------------------------


def test_local_example_med_yaml_loads():
    from workbench.rulesets import CONSTRAINTS_DIR, load_ruleset

    rs = load_ruleset(CONSTRAINTS_DIR / "local_example_med.yaml")
    daily = rs.get("rest.daily")
    assert daily.mode is Mode.HARD and daily.params.reduced_min_hours == 8
    weekly = rs.get("rest.weekly_fridoegn")
    assert weekly.mode is Mode.HARD and weekly.params.postponed_max_days_between == 12
    for rid in ("local.max_weekends_worked", "local.max_evenings", "local.fair_share"):
        assert rs.get(rid).mode is Mode.SOFT
    assert rs.get("local.free_evening").mode is Mode.HARD
    assert rs.get("nights.max_consecutive").mode is Mode.SOFT  # from recommendations.yaml
    assert any(f.endswith("recommendations.yaml") for f in rs.files)


def test_local_example_med_model_matches_checkers_on_a_roster():
    """The whole example set on a fixed roster: model and checkers agree per rule."""
    from tests.helpers import roster
    from workbench.domain import Demand
    from workbench.rulesets import CONSTRAINTS_DIR, load_ruleset
    from workbench.scheduling.builder import assignment_values, build_model
    from workbench.scheduling.checks import check, totals
    from workbench.scheduling.solver import SolverSettings, solve

    grid = {"anna": "N N N - - N N", "bo": "D D - - - D D", "cy": "- - D D D - -",
            "dan": "- - - N N - -"}
    emps = {"anna": employee("anna", fixed_night=True),
            "bo": employee("bo", weekly_hours=30, fixed_free_evening=Weekday.WED)}
    demand = (Demand(shift="D", min=1, ideal=1), Demand(shift="N", min=1, ideal=1))
    inst = instance(grid, employees=emps, demand=demand, history={"cy": "A A"})
    rs = load_ruleset(CONSTRAINTS_DIR / "local_example_med.yaml")
    # Judge every rule that may be soft as soft, so that the (deliberately
    # imperfect) roster is feasible and each rule's amount is compared.
    from dataclasses import replace

    from workbench.scheduling.rules import REGISTRY

    for cfg in rs.entries:
        spec = REGISTRY[cfg.id].spec
        if cfg.mode is Mode.HARD and Mode.SOFT in spec.modes:
            rs = rs.replace(replace(cfg, mode=Mode.SOFT, weight=spec.default_weight))
    built = build_model(inst, rs)
    values = assignment_values(built.calendar, roster(inst, grid))
    for key, var in built.vars.items():
        built.model.add(var == int(values.get(key, False)))
    res = solve(built, SolverSettings(time_limit_s=20, workers=1, seed=0))
    assert res.status == "OPTIMAL"
    found = check(inst, roster(inst, grid), rs)
    assert not [v for v in found if v.mode is Mode.HARD]
    soft = {rid: pen for rid, (_, _, pen) in totals(found).items() if pen}
    assert soft == {rid: pen for rid, pen in res.rule_penalties.items() if pen}
    assert soft  # the roster does break some recommendations (e.g. anna's N N N)
