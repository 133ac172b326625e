"""Walk a rule set and build one CP-SAT model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ortools.sat.python import cp_model

from workbench.domain import Assignment, PlanningInstance
from workbench.scheduling.context import BuiltModel, RuleContext
from workbench.scheduling.registry import Registry, RuleSet
from workbench.scheduling.variables import AssignmentVars
from workbench.timeutil import Calendar


def build_model(
    instance: PlanningInstance,
    ruleset: RuleSet,
    registry: Registry | None = None,
    *,
    diagnostic: bool = False,
    hint: Sequence[Assignment] = (),
    calendar: Calendar | None = None,
) -> BuiltModel:
    """Build the model for ``instance`` under ``ruleset``.

    Args:
        instance: The planning instance.
        ruleset: Which rules apply, how (hard/soft) and with which params.
        registry: Rule registry (defaults to the full catalogue).
        diagnostic: Guard hard requirements with enforcement literals so that
            they can be passed as assumptions when explaining infeasibility.
        hint: A roster to start from (CP-SAT solution hint).
        calendar: A pre-built calendar (saves work when re-building).

    Returns:
        The built model with its penalty and guard bookkeeping.
    """
    if registry is None:
        from workbench.scheduling.rules import REGISTRY

        registry = REGISTRY
    cal = calendar or Calendar(instance)
    model = cp_model.CpModel()
    built = BuiltModel(instance, cal, model, AssignmentVars(model, cal), diagnostic)
    for cfg in ruleset.active:
        r = registry[cfg.id]
        r(RuleContext(built, r.spec, cfg), cfg.params)
    model.minimize(
        sum(p.weight * p.var for p in built.penalties if p.weight)
    )
    if hint:
        built.vars.hint(assignment_values(cal, hint))
    return built


def assignment_values(
    calendar: Calendar, assignments: Sequence[Assignment]
) -> Mapping[tuple[str, int], bool]:
    """Map assignments to (employee id, slot index) -> True."""
    out: dict[tuple[str, int], bool] = {}
    for a in assignments:
        slot = calendar.slot_by_key.get((a.date, a.shift_id))
        if slot is not None:
            out[a.employee_id, slot.index] = True
    return out
