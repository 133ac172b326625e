"""The bundled sample units: they load, their capacity adds up, and the
example roster breaks exactly the rules its README says it breaks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.test_generator import parse_unit_dir
from workbench.domain import PlanningInstance, ShiftKind
from workbench.generator import capacity, eligible
from workbench.io import load_instance, load_roster
from workbench.scheduling.checks import check
from workbench.scheduling.registry import Mode, RuleSet, default_config
from workbench.scheduling.rules import REGISTRY

SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"
TINY = SAMPLES / "tiny"
SOLSIKKEN = SAMPLES / "bosted_solsikken"
D = dt.date

# The hard rules of constraints/law_dk.yaml and agreement_kl_dogn.yaml (defaults).
HARD_RULES = (
    "coverage.min_staff",
    "coverage.qualification",
    "coverage.one_shift_per_day",
    "coverage.no_overlap",
    "coverage.absence",
    "coverage.fixed_days_off",
    "coverage.pinned",
    "rest.daily",
    "rest.weekly_fridoegn",
    "hours.max_48_average",
    "night.worker_average_8h",
    "law.no_lone_work",
    "law.young_no_nights",
    "agreement.norm_hours_band",
    "agreement.two_fridoegn_per_week",
    "protected.pregnant_nights",
    "protected.senior",
    "protected.reduced_capacity",
    "protected.lone_worker",
)

# What sample_data/bosted_solsikken/README.md documents as planted:
# (rule id, employee id or None for a slot, dates the findings lie in).
PLANTED = (
    ("rest.daily", "e10", {D(2027, 1, 13)}),
    (
        "rest.weekly_fridoegn",
        "e13",
        {D(2027, 1, 16) + dt.timedelta(days=i) for i in range(8)},
    ),
    ("coverage.min_staff", None, {D(2027, 1, 10)}),
    ("coverage.absence", "e09", {D(2027, 1, 13)}),
    ("coverage.one_shift_per_day", "e16", {D(2027, 1, 29)}),
    ("rest.daily", "e16", {D(2027, 1, 29)}),
    ("coverage.qualification", None, {D(2027, 1, 21)}),
)


def _hard_ruleset() -> RuleSet:
    ids = [r for r in HARD_RULES if r in REGISTRY]
    return RuleSet("hard", tuple(default_config(REGISTRY[r], Mode.HARD) for r in ids))


@pytest.fixture(scope="module")
def solsikken() -> PlanningInstance:
    return load_instance(SOLSIKKEN)


@pytest.mark.parametrize("unit_dir", [TINY, SOLSIKKEN], ids=["tiny", "solsikken"])
def test_sample_unit_loads_with_io_and_pydantic(unit_dir: Path) -> None:
    inst = load_instance(unit_dir)
    assert inst == parse_unit_dir(unit_dir)
    assert inst.start == D(2027, 1, 4) and inst.start.isoweekday() == 1
    ids = {e.id for e in inst.employees}
    assert {a.employee_id for a in (*inst.absences, *inst.wishes, *inst.history)} <= ids


@pytest.mark.parametrize(
    ("unit_dir", "days"), [(TINY, 7), (SOLSIKKEN, 14)], ids=["tiny", "solsikken"]
)
def test_sample_history_lies_just_before_the_start(unit_dir: Path, days: int) -> None:
    inst = load_instance(unit_dir)
    dates = {a.date for a in inst.history}
    assert max(dates) == inst.start - dt.timedelta(days=1)
    assert min(dates) == inst.start - dt.timedelta(days=days)
    for a in inst.history:
        assert eligible(
            inst.employee(a.employee_id), inst.unit.shift(a.shift_id), a.date
        )


@pytest.mark.parametrize("unit_dir", [TINY, SOLSIKKEN], ids=["tiny", "solsikken"])
def test_sample_history_keeps_the_law(unit_dir: Path) -> None:
    inst = load_instance(unit_dir)
    first = min(a.date for a in inst.history)
    as_plan = inst.model_copy(
        update={
            "start": first,
            "weeks": (inst.start - first).days // 7,
            "history": (),
            "absences": (),
            "wishes": (),
        }
    )
    ids = (
        "rest.daily",
        "rest.weekly_fridoegn",
        "hours.max_48_average",
        "coverage.one_shift_per_day",
        "coverage.no_overlap",
        "law.no_lone_work",
    )
    rs = RuleSet("law", tuple(default_config(REGISTRY[r]) for r in ids))
    assert check(as_plan, list(inst.history), rs) == []


def test_tiny_capacity() -> None:
    cap = capacity(load_instance(TINY))
    assert cap.contract_hours == 217
    assert cap.min_demand_hours == 168  # D, A, N of 8 h every day
    assert cap.min_share_of_contract <= 0.80
    assert cap.min_share_of_available <= 0.85
    assert cap.ideal_share_of_available >= 1.0


def test_solsikken_capacity(solsikken: PlanningInstance) -> None:
    cap = capacity(solsikken)
    assert cap.contract_hours == 803
    assert cap.min_demand_hours == pytest.approx(647)
    assert cap.ideal_demand_hours == pytest.approx(829)
    assert cap.available_hours == pytest.approx(803 - 75.6 / 4)
    assert 0.80 <= cap.min_share_of_contract <= 0.85
    assert 0.80 <= cap.min_share_of_available <= 0.90
    assert 1.0 <= cap.ideal_share_of_available <= 1.1
    # Also week by week (the ferie week is the tightest).
    for k in range(solsikken.weeks):
        week = solsikken.with_period(solsikken.start + dt.timedelta(weeks=k), 1)
        assert capacity(week).min_share_of_available <= 0.86


def test_solsikken_nights_are_coverable(solsikken: PlanningInstance) -> None:
    inst = solsikken
    night = [
        t for t in inst.unit.shifts if t.kind in (ShiftKind.NIGHT, ShiftKind.SLEEP_IN)
    ]
    per_week = sum(
        inst.unit.demand_for(t.id, d).min for d in inst.days[:7] for t in night
    )
    assert per_week == 14
    able = [
        e
        for e in inst.employees
        if all(eligible(e, t, inst.start) for t in night)
        or (e.fixed_night and eligible(e, inst.unit.shift("N"), inst.start))
    ]
    # At most 4 nights a week each, and well under that on average.
    assert per_week <= 0.25 * 4 * len(able)
    paed_n = [e for e in able if "pædagog" in e.qualifications]
    assert 2 * len(paed_n) >= 7


def test_solsikken_special_employees(solsikken: PlanningInstance) -> None:
    inst = solsikken
    by = {e.id: e for e in inst.employees}
    assert len(by) == 25
    assert by["e07"].pregnant_on(inst.start) and by["e07"].pregnant_on(inst.end)
    assert by["e03"].senior_shift is ShiftKind.DAY and by["e04"].senior_no_nights
    assert all(2027 - by[i].birth_date.year >= 59 for i in ("e03", "e04"))
    assert by["e20"].fixed_night and by["e20"].lone_work_cleared
    assert by["e25"].max_shift_hours == 6 and by["e25"].max_weekly_hours == 25
    assert {e.weekly_hours for e in inst.employees} == {37, 32, 30, 28, 25, 24}
    assert inst.unit.lone_work.no_lone_shifts == ("N",)
    assert {a.type.value for a in inst.absences} >= {"ferie", "kursus", "seniordag"}
    assert 18 <= len(inst.wishes) <= 25
    # The night run ending on the last history day (N 1.-3.1., off into the plan).
    runs = sorted(
        a.date for a in inst.history if a.employee_id == "e12" and a.shift_id == "N"
    )
    assert runs[-3:] == [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)]


def test_solsikken_example_roster_breaks_exactly_the_planted_rules(
    solsikken: PlanningInstance,
) -> None:
    roster = load_roster(SOLSIKKEN / "example_roster.csv", solsikken)
    found = check(solsikken, roster, _hard_ruleset())
    matched = set()
    for v in found:
        hits = [
            i
            for i, (rid, eid, days) in enumerate(PLANTED)
            if v.rule_id == rid and v.employee_id == eid and set(v.dates) <= days
        ]
        assert hits, f"unplanted violation: {v.rule_id} {v.employee_id} {v.message}"
        matched.update(hits)
    assert matched == set(range(len(PLANTED)))


def test_solsikken_compliant_roster_breaks_no_hard_rule(
    solsikken: PlanningInstance,
) -> None:
    roster = load_roster(SOLSIKKEN / "compliant_roster.csv", solsikken)
    assert check(solsikken, roster, _hard_ruleset()) == []
