"""Tiny letter-grid instances for rule tests.

A grid maps an employee id to one letter per day, separated by spaces:
``{"anna": "D A N - - - -"}``. Letters are shift ids; ``-`` is a day off.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ortools.sat.python import cp_model

from workbench.domain import (
    Assignment,
    Demand,
    Employee,
    PlanningInstance,
    ShiftKind,
    ShiftTemplate,
    Unit,
)
from workbench.scheduling.builder import assignment_values, build_model
from workbench.scheduling.checks import RosterView, check_rule
from workbench.scheduling.registry import Mode, Registry, Rule, RuleConfig, RuleSet
from workbench.scheduling.rules import REGISTRY
from workbench.timeutil import Calendar

T = dt.time
STANDARD_SHIFTS = (
    ShiftTemplate(id="D", label="Dag", start=T(7), end=T(15), kind=ShiftKind.DAY),
    ShiftTemplate(id="T", label="Tidlig", start=T(6), end=T(14), kind=ShiftKind.DAY),
    ShiftTemplate(id="A", label="Aften", start=T(15), end=T(23), kind=ShiftKind.EVENING),
    ShiftTemplate(id="N", label="Nat", start=T(23), end=T(7), kind=ShiftKind.NIGHT),
    ShiftTemplate(id="S", label="Sovevagt", start=T(22), end=T(7), kind=ShiftKind.SLEEP_IN),
    ShiftTemplate(id="L", label="Lang dag", start=T(7), end=T(19), kind=ShiftKind.DAY),
    ShiftTemplate(id="R", label="Rådighed hjemme", start=T(23), end=T(7), kind=ShiftKind.ONCALL_HOME),
)
MONDAY = dt.date(2026, 1, 5)


def employee(eid: str, **kw) -> Employee:
    """An employee with full-time defaults."""
    kw.setdefault("name", eid.capitalize())
    kw.setdefault("weekly_hours", 37)
    return Employee(id=eid, **kw)


def unit(shifts=STANDARD_SHIFTS, demand: tuple[Demand, ...] = (), **kw) -> Unit:
    """A unit with the standard letter shifts."""
    from workbench.domain import Period

    return Unit(
        name="Test",
        period=Period(start=MONDAY, weeks=1),
        shifts=shifts,
        demand=demand,
        **kw,
    )


def parse_grid(grid: str) -> list[str | None]:
    """'D - N' -> ['D', None, 'N']."""
    return [None if c == "-" else c for c in grid.split()]


def instance(
    grid: dict[str, str],
    *,
    start: dt.date = MONDAY,
    employees: dict[str, Employee] | None = None,
    history: dict[str, str] | None = None,
    weeks: int | None = None,
    **unit_kw,
) -> PlanningInstance:
    """An instance sized to the grid; ``history`` grids end the day before start."""
    employees = employees or {}
    n = max(len(parse_grid(g)) for g in grid.values())
    weeks = weeks or -(-n // 7)
    emps = tuple(employees.get(eid) or employee(eid) for eid in grid)
    hist: list[Assignment] = []
    for eid, g in (history or {}).items():
        cells = parse_grid(g)
        first = start - dt.timedelta(days=len(cells))
        for i, c in enumerate(cells):
            if c:
                hist.append(Assignment(employee_id=eid, date=first + dt.timedelta(days=i), shift_id=c))
    u = unit(**unit_kw)
    return PlanningInstance(
        unit=u, employees=emps, start=start, weeks=weeks, history=tuple(hist),
        length_days=None if n % 7 == 0 and n == 7 * weeks else n,
    )


def roster(inst: PlanningInstance, grid: dict[str, str]) -> list[Assignment]:
    """Assignments from a grid for the instance's plan days."""
    out = []
    for eid, g in grid.items():
        for i, c in enumerate(parse_grid(g)):
            if c:
                out.append(Assignment(employee_id=eid, date=inst.start + dt.timedelta(days=i), shift_id=c))
    return out


@dataclass
class Verdict:
    """What the model and the checker say about one fixed roster."""

    feasible: bool
    model_amount: int | None
    checker_amount: int
    findings: list

    @property
    def amount(self) -> int:
        return self.checker_amount


def config(r: Rule, mode: Mode | None = None, weight: int = 1, **params) -> RuleConfig:
    m = mode or r.spec.default_mode
    return RuleConfig(r.id, m, weight if m is Mode.SOFT else 0, r.spec.params(**params))


def verify(
    r: Rule,
    grid: dict[str, str],
    mode: Mode | None = None,
    *,
    inst: PlanningInstance | None = None,
    registry: Registry = REGISTRY,
    **params,
) -> Verdict:
    """Fix the grid, build only ``r`` and compare model with checker.

    Asserts that they agree: in hard mode feasible iff no findings; in soft
    mode the minimal penalty equals the checker's total amount.
    """
    inst = inst or instance(grid)
    cfg = config(r, mode, **params)
    rs = RuleSet("test", (cfg,))
    cal = Calendar(inst)
    built = build_model(inst, rs, registry, calendar=cal)
    values = assignment_values(cal, roster(inst, grid))
    for key, var in built.vars.items():
        built.model.add(var == int(values.get(key, False)))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    status = solver.solve(built.model)
    assert status in (cp_model.OPTIMAL, cp_model.INFEASIBLE), solver.status_name(status)
    feasible = status == cp_model.OPTIMAL
    model_amount = None
    if feasible:
        model_amount = int(sum(
            p.scale * (solver.value(p.var) if not isinstance(p.var, int) else p.var)
            for p in built.penalties
        ))
    view = RosterView(inst, roster(inst, grid), cal)
    findings = check_rule(view, RuleConfig(cfg.id, cfg.mode, 1, cfg.params), registry)
    checker_amount = sum(f.amount for f in findings)
    if cfg.mode is Mode.HARD:
        assert feasible == (checker_amount == 0), (
            f"{r.id}: model feasible={feasible} but checker found {findings}"
        )
    else:
        assert feasible, f"{r.id}: soft model infeasible"
        assert model_amount == checker_amount, (
            f"{r.id}: model amount {model_amount} != checker {checker_amount}: {findings}"
        )
    return Verdict(feasible, model_amount, checker_amount, findings)
