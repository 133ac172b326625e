import datetime as dt

from tests.helpers import MONDAY, config, employee, instance
from workbench.domain import Absence, AbsenceType, Demand, Pin, QualificationDemand
from workbench.explain import capacity_checks, diagnose
from workbench.scheduling.registry import RuleSet
from workbench.scheduling.rules import coverage

BASE = RuleSet("t", tuple(config(r) for r in (
    coverage.min_staff, coverage.one_shift_per_day, coverage.absence,
    coverage.qualification, coverage.pinned)))


def test_day_capacity_names_the_day():
    inst = instance({"anna": "- - - - - - -", "bo": "- - - - - - -"},
                    demand=(Demand(shift="D", min=1, ideal=1), Demand(shift="A", min=1, ideal=1)))
    tue = MONDAY + dt.timedelta(days=1)
    inst = inst.model_copy(update={"absences": (
        Absence(employee_id="bo", start=tue, end=tue, type=AbsenceType.SYG),)})
    causes = capacity_checks(inst, BASE)
    assert [c.kind for c in causes] == ["day_capacity"]
    assert causes[0].dates == (tue,)
    assert "6. januar" in causes[0].message and "kun 1" in causes[0].message


def test_qualification_capacity_names_shift_and_people():
    emps = {"anna": employee("anna", qualifications=frozenset({"pædagog"}))}
    inst = instance({"anna": "- -", "bo": "- -"}, employees=emps,
                    demand=(Demand(shift="D", min=1, ideal=1),),
                    qualification_demand=(QualificationDemand(qualification="pædagog"),))
    inst = inst.model_copy(update={"absences": (
        Absence(employee_id="anna", start=MONDAY, end=MONDAY, type=AbsenceType.FERIE),)})
    causes = capacity_checks(inst, BASE)
    assert causes and causes[0].kind == "qualification_capacity"
    assert "pædagog" in causes[0].message and causes[0].dates == (MONDAY,)


def test_diagnose_finds_minimal_conflict_between_pins_and_one_shift_rule():
    # Anna is pinned to D on Monday, the only staff; demand needs A as well.
    inst = instance({"anna": "- -", "bo": "- -"},
                    demand=(Demand(shift="A", min=1, ideal=1),))
    inst = inst.model_copy(update={"pins": (
        Pin(employee_id="anna", date=MONDAY, shift_id="D"),
        Pin(employee_id="bo", date=MONDAY, shift_id=None),
    )})
    d = diagnose(inst, BASE, time_limit_s=10)
    assert d.feasible is False and d.verified and d.minimal
    (cause,) = d.causes
    # a pin fixes every slot of its day, so the pins alone clash with demand
    assert set(cause.rule_ids) == {"coverage.min_staff", "coverage.pinned"}
    assert "Anna" in cause.message and "Bo" in cause.message


def test_diagnose_feasible_says_so():
    inst = instance({"anna": "- -"}, demand=(Demand(shift="D", min=1, ideal=1),))
    d = diagnose(inst, BASE, time_limit_s=5)
    assert d.feasible is True
