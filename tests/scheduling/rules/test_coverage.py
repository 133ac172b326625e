import pytest

from tests.helpers import MONDAY, instance, verify
from workbench.domain import Absence, AbsenceType, Demand, Pin, QualificationDemand, Weekday
from workbench.scheduling.registry import Mode
from workbench.scheduling.rules import coverage

DEMAND = (Demand(shift="D", min=1, ideal=2),)


@pytest.mark.parametrize("mode", [Mode.HARD, Mode.SOFT])
@pytest.mark.parametrize(
    ("grid", "short"),
    [
        ({"anna": "D D", "bo": "- -"}, 0),
        ({"anna": "D -", "bo": "- -"}, 1),
        ({"anna": "- -", "bo": "- -"}, 2),
    ],
    ids=["covered", "one-day-short", "both-short"],
)
def test_coverage_min_staff(grid, short, mode):
    inst = instance(grid, demand=DEMAND)
    v = verify(coverage.min_staff, grid, mode, inst=inst)
    assert v.amount == short
    assert v.feasible == (mode is Mode.SOFT or short == 0)


def test_coverage_ideal_staff_counts_shortfall():
    grid = {"anna": "D D", "bo": "D -"}
    v = verify(coverage.ideal_staff, grid, Mode.SOFT, inst=instance(grid, demand=DEMAND))
    assert v.amount == 1


@pytest.mark.parametrize("over", [0, 1])
def test_coverage_max_staff(over):
    grid = {"anna": "D A", "bo": "D -", "cy": "D -"}
    inst = instance(grid, demand=DEMAND)
    v = verify(coverage.max_staff, grid, Mode.SOFT, inst=inst, over_ideal=over)
    # day 1: 3 on D (ideal 2); day 2: A has no demand at all
    assert v.amount == (1 - over) + 1


@pytest.mark.parametrize("mode", [Mode.HARD, Mode.SOFT])
def test_coverage_qualification(mode):
    grid = {"anna": "D D", "bo": "- D"}
    from tests.helpers import employee

    emps = {"anna": employee("anna", qualifications=frozenset({"pædagog"}))}
    inst = instance(
        {"anna": "D -", "bo": "- D"}, employees=emps, demand=DEMAND,
        qualification_demand=(QualificationDemand(qualification="pædagog"),),
    )
    v = verify(coverage.qualification, {"anna": "D -", "bo": "- D"}, mode, inst=inst)
    assert v.amount == 1 and v.findings[0].dates == (MONDAY.replace(day=6),)
    ok = verify(coverage.qualification, grid, mode, inst=inst)
    assert ok.amount == 0


def test_coverage_one_shift_per_day():
    assert verify(coverage.one_shift_per_day, {"anna": "D A -"}).feasible
    inst = instance({"anna": "D - -"})
    # two shifts on day 1 cannot be written as a grid; build assignments by hand
    from workbench.domain import Assignment
    from workbench.scheduling.checks import RosterView, check_rule
    from tests.helpers import config

    view = RosterView(inst, [Assignment(employee_id="anna", date=MONDAY, shift_id="D"),
                             Assignment(employee_id="anna", date=MONDAY, shift_id="A")])
    found = check_rule(view, config(coverage.one_shift_per_day), __import__("workbench.scheduling.rules", fromlist=["REGISTRY"]).REGISTRY)
    assert [f.amount for f in found] == [1]


@pytest.mark.parametrize(
    ("grid", "history", "ok"),
    [
        ({"anna": "N D"}, None, True),          # 23-07 then 07-15 touch, no overlap
        ({"anna": "S A"}, None, True),
        ({"anna": "A S"}, None, True),           # same-day pairs belong to one_shift
        ({"anna": "L S"}, None, True),
        ({"anna": "N T"}, None, False),          # night ends 07:00, early starts 06:00
        ({"anna": "T -"}, {"anna": "N"}, False),  # history night overlaps first day
    ],
)
def test_coverage_no_overlap(grid, history, ok):
    inst = instance(grid, history=history)
    assert verify(coverage.no_overlap, grid, inst=inst).feasible is ok


def test_coverage_absence():
    inst = instance({"anna": "D D D"}).model_copy(
        update={"absences": (Absence(employee_id="anna", start=MONDAY.replace(day=6),
                                      end=MONDAY.replace(day=6), type=AbsenceType.FERIE),)})
    assert not verify(coverage.absence, {"anna": "D D D"}, inst=inst).feasible
    assert verify(coverage.absence, {"anna": "D - D"}, inst=inst).feasible


@pytest.mark.parametrize("mode", [Mode.HARD, Mode.SOFT])
def test_coverage_fixed_days_off(mode):
    from tests.helpers import employee

    emps = {"anna": employee("anna", fixed_days_off=frozenset({Weekday.TUE}))}
    inst = instance({"anna": "D D D"}, employees=emps)
    assert verify(coverage.fixed_days_off, {"anna": "D D D"}, mode, inst=inst).amount == 1
    assert verify(coverage.fixed_days_off, {"anna": "D - D"}, mode, inst=inst).amount == 0


@pytest.mark.parametrize("mode", [Mode.HARD, Mode.SOFT])
def test_coverage_pinned(mode):
    inst = instance({"anna": "D D"}).model_copy(
        update={"pins": (Pin(employee_id="anna", date=MONDAY, shift_id="A"),
                         Pin(employee_id="anna", date=MONDAY.replace(day=6), shift_id=None))})
    assert verify(coverage.pinned, {"anna": "A -"}, mode, inst=inst).amount == 0
    assert verify(coverage.pinned, {"anna": "D D"}, mode, inst=inst).amount == 3
