"""The solve service (plan + self-check) and report.json / the Danish summary."""

from __future__ import annotations

import dataclasses
import json

import pytest

from tests.helpers import MONDAY, instance
from workbench import __version__
from workbench.domain import Assignment, Demand, Pin
from workbench.engine import PlanResult, SelfCheckError, SolverSettings, plan
from workbench.report import build_report, period_da, summary_da, write_report
from workbench.rulesets import CONSTRAINTS_DIR, load_ruleset
from workbench.scheduling.builder import build_model
from workbench.scheduling.registry import Finding, Mode, Registry, RuleSet
from workbench.scheduling.rules import REGISTRY
from workbench.scheduling.solver import solve

FAST = SolverSettings(time_limit_s=10, workers=1, seed=0)
DEMAND = (Demand(shift="D", min=1, ideal=2), Demand(shift="N", min=1, ideal=1))
EMPTY = "- - - - - - -"


@pytest.fixture(scope="module")
def base() -> RuleSet:
    return load_ruleset(CONSTRAINTS_DIR / "base.yaml")


@pytest.fixture(scope="module")
def inst():
    # two people for D (min 1, ideal 2) and N (min 1): one short of ideal a day
    return instance({"anna": EMPTY, "bo": EMPTY}, demand=DEMAND)


@pytest.fixture(scope="module")
def result(inst, base) -> PlanResult:
    return plan(inst, base, FAST)


def registry_with(rule_id: str, **changes) -> Registry:
    """The registry with one rule replaced (e.g. a different checker)."""
    rules = [
        dataclasses.replace(r, **changes) if r.id == rule_id else r
        for r in REGISTRY.values()
    ]
    return Registry(rules)


# -- plan ----------------------------------------------------------------------------


def test_plan_is_optimal_and_self_check_passes(result, inst):
    assert result.status == "OPTIMAL" and result.has_roster
    assert result.result.objective == 7 * 20  # one short of ideal each day
    assert result.hard_violations == []
    by_rule = {}
    for v in result.soft_violations:
        by_rule[v.rule_id] = by_rule.get(v.rule_id, 0) + v.penalty
    assert by_rule == result.result.rule_penalties
    assert result.penalty == result.result.objective
    assert result.build_s >= 0 and result.solve_s > 0 and result.check_s >= 0
    assert {a.date for a in result.assignments} == set(inst.days)


def test_plan_respects_pins(base):
    pins = (
        Pin(employee_id="anna", date=MONDAY, shift_id="N"),
        Pin(employee_id="bo", date=MONDAY, shift_id=None),
    )
    inst = instance({"anna": "- -", "bo": "- -", "cy": "- -"}, demand=DEMAND)
    inst = inst.model_copy(update={"pins": pins})
    res = plan(inst, base, FAST)
    assert res.status == "OPTIMAL" and not res.warnings
    day1 = {(a.employee_id, a.shift_id) for a in res.assignments if a.date == MONDAY}
    assert ("anna", "N") in day1 and not any(e == "bo" for e, _ in day1)


def test_plan_warns_when_pins_are_ignored(base):
    inst = instance({"anna": "- -"}, demand=DEMAND).model_copy(
        update={"pins": (Pin(employee_id="anna", date=MONDAY, shift_id="D"),)}
    )
    rs = base.replace(dataclasses.replace(base.get("coverage.pinned"), enabled=False))
    res = plan(inst, rs, FAST)
    assert any("coverage.pinned" in w for w in res.warnings)


def test_plan_with_hint_and_progress(inst, base, result):
    seen = []
    res = plan(
        inst, base, FAST, hint=result.assignments, progress=lambda *a: seen.append(a)
    )
    assert res.status == "OPTIMAL"
    assert res.result.objective == result.result.objective
    assert seen and all(len(x) == 3 for x in seen)


def test_plan_stop_keeps_the_first_roster(inst, base):
    res = plan(inst, base, FAST, stop=lambda: True)
    assert res.has_roster
    assert res.hard_violations == []


def test_plan_infeasible_has_no_roster_and_no_violations(base):
    inst = instance({"anna": "- -"}, demand=(Demand(shift="D", min=2, ideal=2),))
    res = plan(inst, base, FAST)
    assert res.status == "INFEASIBLE" and not res.has_roster
    assert res.violations == [] and res.assignments == []


# -- the self-check catches disagreement ---------------------------------------------


def test_self_check_catches_a_checker_that_reports_extra_soft_findings(inst, base):
    real = REGISTRY["coverage.ideal_staff"].check

    def inflated(view, p):
        yield from real(view, p)
        yield Finding(None, (MONDAY,), 1, "Falsk fund.")

    reg = registry_with("coverage.ideal_staff", check=inflated)
    with pytest.raises(SelfCheckError, match=r"coverage\.ideal_staff"):
        plan(inst, base, FAST, registry=reg)


def test_self_check_catches_a_checker_that_misses_soft_findings(inst, base):
    reg = registry_with("coverage.ideal_staff", check=lambda view, p: iter(()))
    with pytest.raises(SelfCheckError, match=r"coverage\.ideal_staff"):
        plan(inst, base, FAST, registry=reg)


def test_self_check_catches_a_hard_finding_on_a_feasible_roster(inst, base):
    def always(view, p):
        yield Finding("anna", (MONDAY,), 1, "Anna bryder en opdigtet regel.")

    reg = registry_with("coverage.no_overlap", check=always)
    with pytest.raises(SelfCheckError, match="hårde regler"):
        plan(inst, base, FAST, registry=reg)


def test_self_check_tightens_slack_penalties_of_a_non_optimal_roster(inst, base):
    """A FEASIBLE roster may carry slack in its violation variables."""
    from workbench.engine import _self_check

    built = build_model(inst, base)
    res = solve(built, FAST)
    true = dict(res.rule_penalties)
    res.rule_penalties = {k: v + 20 for k, v in true.items()} | {
        "coverage.max_staff": 5
    }
    res.objective = sum(res.rule_penalties.values())
    res.status = "FEASIBLE"
    violations = _self_check(inst, base, REGISTRY, built, res)
    assert res.rule_penalties == true
    assert res.objective == sum(true.values())
    assert sum(v.penalty for v in violations) == res.objective


# -- report ----------------------------------------------------------------------------


REPORT_KEYS = {
    "workbench_version",
    "unit",
    "period",
    "ruleset",
    "solver",
    "status",
    "has_roster",
    "objective",
    "best_bound",
    "gap",
    "time_to_first_roster_s",
    "time_to_best_s",
    "build_s",
    "solve_s",
    "check_s",
    "employees",
    "assignments",
    "hard_violations",
    "soft_penalty",
    "rules",
    "violations",
}


def test_report_fields(inst, base, result):
    rep = build_report(inst, base, result)
    assert set(rep) >= REPORT_KEYS
    assert rep["workbench_version"] == __version__
    assert rep["status"] == "OPTIMAL" and rep["gap"] == 0
    assert rep["objective"] == rep["soft_penalty"] == result.penalty
    assert rep["period"] == {
        "start": "2026-01-05",
        "end": "2026-01-11",
        "weeks": 1,
        "days": 7,
    }
    assert rep["ruleset"]["name"] == "base"
    assert rep["ruleset"]["hash"] == base.hash
    assert rep["ruleset"]["files"][-1].endswith("constraints/base.yaml")
    assert rep["employees"] == 2 and rep["assignments"] == len(result.assignments)
    rules = {r["id"]: r for r in rep["rules"]}
    assert set(rules) == {e.id for e in base.active}
    ideal = rules["coverage.ideal_staff"]
    assert ideal["title"] == "Ønsket bemanding" and ideal["mode"] == "soft"
    assert ideal["weight"] == 20 and ideal["penalty"] == 20 * ideal["amount"]
    assert rules["coverage.min_staff"]["weight"] is None
    for v in rep["violations"]:
        assert {
            "rule_id",
            "title",
            "employee",
            "dates",
            "amount",
            "penalty",
            "message",
        } <= set(v)
    json.dumps(rep)  # JSON-able


def test_report_names_the_employee(base):
    from workbench.domain import Absence, AbsenceType

    grid = {"anna": "- -", "bo": "- -"}
    inst = instance(grid, demand=(Demand(shift="D", min=1, ideal=1),))
    anna = inst.employees[0].model_copy(update={"name": "Åse Ørum"})
    inst = inst.model_copy(
        update={
            "employees": (anna, inst.employees[1]),
            # a soft pin that cannot hold: Åse is on holiday that day
            "pins": (Pin(employee_id="anna", date=MONDAY, shift_id="D"),),
            "absences": (
                Absence(
                    employee_id="anna", start=MONDAY, end=MONDAY, type=AbsenceType.FERIE
                ),
            ),
        }
    )
    soft_pin = dataclasses.replace(
        base.get("coverage.pinned"), mode=Mode.SOFT, weight=3
    )
    rs = base.replace(soft_pin)
    res = plan(inst, rs, FAST)
    rep = build_report(inst, rs, res)
    (v,) = rep["violations"]
    assert (v["rule_id"], v["employee"], v["employee_id"]) == (
        "coverage.pinned",
        "Åse Ørum",
        "anna",
    )
    assert v["dates"] == ["2026-01-05"] and v["penalty"] == 3 and "Åse" in v["message"]


def test_summary_is_danish(inst, base, result):
    text = summary_da(build_report(inst, base, result))
    assert text.startswith("Vagtplan for Test, 5.1.–11.1.2026 (1 uge), regelsæt base:")
    assert "fundet optimal plan på" in text and " s." in text
    assert "2 medarbejdere" in text and "vagter" in text
    assert "Ingen brud på hårde regler." in text
    assert "Bløde afvigelser: Ønsket bemanding:" in text


def test_summary_without_roster(base):
    inst = instance({"anna": "- -"}, demand=(Demand(shift="D", min=2, ideal=2),))
    text = summary_da(build_report(inst, base, plan(inst, base, FAST)))
    assert "ingen plan er mulig" in text


def test_summary_of_a_non_optimal_roster(inst, base, result):
    rep = build_report(inst, base, result)
    rep.update(status="FEASIBLE", best_bound=100, gap=0.2, solve_s=3.25, build_s=0.0)
    rep["solver"]["time_limit_s"] = 20
    text = summary_da(rep)
    assert "fundet gyldig plan på 3,2 s (stoppet før tidsgrænsen" in text
    assert "nedre grænse 100" in text
    rep["solve_s"] = 20.01
    assert "tidsgrænsen nået" in summary_da(rep)


def test_period_da():
    import datetime as dt

    assert period_da(dt.date(2027, 1, 4), dt.date(2027, 1, 31)) == "4.1.–31.1.2027"
    assert (
        period_da(dt.date(2026, 12, 28), dt.date(2027, 1, 3)) == "28.12.2026–3.1.2027"
    )


def test_write_report_is_atomic_utf8(tmp_path, inst, base, result):
    rep = build_report(inst, base, result)
    rep["unit"] = "Bosted Æblehaven"
    out = tmp_path / "report.json"
    write_report(out, rep)
    assert json.loads(out.read_text(encoding="utf-8"))["unit"] == "Bosted Æblehaven"
    assert "Æblehaven" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_assignment_type_in_result(result):
    assert all(isinstance(a, Assignment) for a in result.assignments)


# -- staged solving ---------------------------------------------------------------------


def test_staged_plan_reaches_the_same_optimum(inst, base, result):
    staged = plan(inst, base, dataclasses.replace(FAST, staged=True))
    assert staged.status == "OPTIMAL" and not staged.hard_violations
    assert staged.result.objective == result.result.objective
    assert staged.result.time_to_first_s is not None
    assert staged.result.time_to_first_s <= staged.build_s + staged.solve_s


def test_staged_plan_reports_infeasible(base):
    inst = instance({"anna": "- -"}, demand=(Demand(shift="D", min=2, ideal=2),))
    res = plan(inst, base, dataclasses.replace(FAST, staged=True))
    assert res.status == "INFEASIBLE" and not res.has_roster
