"""Walk a rule set and build one CP-SAT model."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from ortools.sat.python import cp_model

from workbench.domain import Assignment, PlanningInstance
from workbench.scheduling.context import BuiltModel, Penalty, RuleContext
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
    with _no_gc():
        cal = calendar or Calendar(instance)
        model = cp_model.CpModel()
        vars_ = AssignmentVars(model, cal)
        built = BuiltModel(instance, cal, model, vars_, diagnostic)
        for cfg in ruleset.active:
            r = registry[cfg.id]
            r(RuleContext(built, r.spec, cfg), cfg.params)
        _minimize_penalties(model, built.penalties)
        if hint:
            built.vars.hint(assignment_values(cal, hint))
    _remember_if_large(model)
    return built


def _minimize_penalties(model: cp_model.CpModel, penalties: Sequence[Penalty]) -> None:
    """Minimise ``sum(weight * var)`` over the penalties.

    The common case (distinct variables and integer constants) is written
    straight into the objective proto: ``CpModel.minimize`` would flatten
    the expression and then append its 10^5 variables one by one in Python,
    which costs about a second for large units. The proto is the same as
    ``minimize`` writes; anything else (a variable twice) takes that path.
    """
    weighted = [p for p in penalties if p.weight]
    offset = 0
    indices: list[int] = []
    coeffs: list[int] = []
    simple = True
    for p in weighted:
        if isinstance(p.var, int):
            offset += p.weight * p.var
        elif isinstance(p.var, cp_model.IntVar):
            indices.append(p.var.index)
            coeffs.append(p.weight)
        else:
            simple = False
            break
    if not simple or len(indices) != len(set(indices)):
        model.minimize(
            cp_model.LinearExpr.weighted_sum(
                [p.var for p in weighted], [p.weight for p in weighted]
            )
        )
        return
    model.clear_objective()
    objective = model.proto.objective
    objective.vars.extend(indices)
    objective.coeffs.extend(coeffs)
    objective.offset = offset
    objective.scaling_factor = 1.0


_LARGE_MODEL_VARS = 50_000
"""Models with at least this many variables are worth a collection (below)."""

_last_large: weakref.ref[cp_model.CpModel] | None = None
"""The last large model built, to know whether one may wait for the collector."""


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the model is built.

    Building allocates millions of small, long-lived objects (variables,
    expressions, penalties); the collector's full passes scan all of them
    again and again, about an eighth of the build time for large units,
    and free nothing. Reference counting still frees garbage at once, and
    the collector resumes (if it was on) afterwards.

    One catch: OR-Tools' ``CpModel`` is in a reference cycle of its own
    (its deprecated CamelCase aliases are closures over the instance), so a
    dropped model is freed only by the collector. If the last large model
    built still exists, one collection runs first, so that a model the
    caller has let go of does not stay in memory next to the new one.
    """
    was_enabled = gc.isenabled()
    if was_enabled and _last_large is not None and _last_large() is not None:
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _remember_if_large(model: cp_model.CpModel) -> None:
    """Note ``model`` as the last large one (see :func:`_no_gc`)."""
    global _last_large
    if len(model.proto.variables) >= _LARGE_MODEL_VARS:
        _last_large = weakref.ref(model)


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
