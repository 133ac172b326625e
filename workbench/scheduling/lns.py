"""Large-neighbourhood search around a complete roster of the full model.

On a large unit (60 staff, 12 weeks, the full rule set) the full model has
≈ 340 k variables; CP-SAT's presolve alone takes 10–30 s on two cores and
its generic neighbourhoods improve the roster slowly (docs/BENCHMARKS.md).
The neighbourhoods here follow the roster's structure instead:

* a few employees over the whole plan (their hours, weekends, patterns and
  wishes can be traded between them while coverage stays as it is),
* every employee over one or two weeks,
* twice as many employees over four weeks.

Each step fixes every assignment outside the neighbourhood by its
variable's domain in a copy of the model (auxiliary variables stay free, so
the objective is the full model's), hints the whole current solution and
solves for a few seconds. A step that is not worse is accepted (sideways
moves diversify); the number of freed employees grows when a step is solved
to optimality and shrinks when it is not. On a small unit the neighbourhood
soon frees everyone; a step that then solves to optimality proves the
roster optimal and ends the search.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from workbench.scheduling.context import BuiltModel
from workbench.scheduling.solver import SolverSettings, configure

log = logging.getLogger(__name__)

SUB_PARAMS: tuple[tuple[str, object], ...] = (
    ("max_presolve_iterations", 1),
    ("cp_model_probing_level", 0),
    ("symmetry_level", 0),
)
"""Light presolve for the sub-models: most variables are fixed, and a full
presolve of the copied model costs more than the step's search."""


@dataclass
class LnsResult:
    """The best solution found (values of every model variable) and a trace."""

    values: list[int]
    objective: float
    steps: int = 0
    improved: int = 0
    proven: bool = False
    """True when a step freed the whole model and solved it to optimality."""
    trace: list[tuple[float, float]] = field(default_factory=list)
    """(seconds since the LNS started, objective): the start, then each
    improvement."""


def solve_values(
    model: cp_model.CpModel,
    settings: SolverSettings,
    time_limit_s: float,
    params: Sequence[tuple[str, object]] = (),
) -> tuple[str, float | None, list[int] | None]:
    """Solve ``model``; return (status name, objective, every variable's value)."""
    solver = cp_model.CpSolver()
    limited = dataclasses.replace(settings, time_limit_s=max(time_limit_s, 0.05))
    configure(solver, limited, params)
    status = solver.solve(model)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return name, None, None
    return name, solver.objective_value, list(solver.response_proto.solution)


def fix_values(model: cp_model.CpModel, values: Mapping[int, int]) -> None:
    """Fix the variables with proto index ``i`` to ``values[i]`` by their domain."""
    variables = model.proto.variables
    for idx, v in values.items():
        dom = variables[idx].domain
        dom.clear()
        dom.extend([v, v])


def hint_all(model: cp_model.CpModel, values: Sequence[int]) -> None:
    """Hint every variable of ``model`` (``values`` indexed like its variables)."""
    model.clear_hints()
    hint = model.proto.solution_hint
    hint.vars.extend(range(len(model.proto.variables)))
    hint.values.extend(values)


def improve(
    built: BuiltModel,
    values: Sequence[int],
    objective: float,
    settings: SolverSettings,
    deadline: float,
    *,
    sub_time_s: float = 3.0,
    patience: int = 25,
    progress: Callable[[float, float], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> LnsResult:
    """Improve the solution ``values`` (every variable of ``built.model``).

    Args:
        built: The full model (not modified).
        values: A feasible solution, indexed like the model's variables.
        objective: Its objective value.
        settings: Workers, seed and extra CP-SAT parameters.
        deadline: ``time.perf_counter()`` value to stop at.
        sub_time_s: Time limit of one step.
        patience: Stop after this many steps in a row without improvement
            (the caller's final full solve gets the time left).
        progress: Called with (seconds since start, objective) per improvement.
        stop: Polled between steps; True stops.
    """
    rng = random.Random(settings.seed)
    start = time.perf_counter()
    best = LnsResult(list(values), objective, trace=[(0.0, objective)])
    if progress is not None:
        progress(0.0, objective)
    if objective <= 0:
        return best
    cal = built.calendar
    emps = [e.id for e in built.instance.employees]
    n_days = len(cal.days)
    day_of = {s.index: cal.day_index[s.day] for s in cal.slots}
    cells = [(e, day_of[i], var.index) for (e, i), var in built.vars.items()]
    # One copy for all steps, its assignment domains rewritten per step (a
    # copy per step left large models waiting for the garbage collector:
    # 5 GB peak at 60 x 12).
    model = built.model.clone()
    proto = model.proto
    original = {idx: list(proto.variables[idx].domain) for _, _, idx in cells}
    size = max(2, len(emps) // 10)
    since = 0
    while time.perf_counter() < deadline - 0.3 and since < patience:
        if stop is not None and stop():
            break
        best.steps += 1
        kind = best.steps % 3
        if kind == 0:
            width = min(n_days, 7 * rng.choice((1, 2)))
            lo = rng.randrange(0, n_days - width + 1)
            free = {idx for _, d, idx in cells if lo <= d < lo + width}
        else:
            k = size if kind == 1 else 2 * size
            chosen = set(rng.sample(emps, min(k, len(emps))))
            lo, hi = 0, n_days
            if kind == 2 and n_days > 28:
                lo = rng.randrange(0, n_days - 28 + 1)
                hi = lo + 28
            free = {idx for e, d, idx in cells if e in chosen and lo <= d < hi}
        for idx in free:
            dom = proto.variables[idx].domain
            dom.clear()
            dom.extend(original[idx])
        fix_values(model, {i: best.values[i] for _, _, i in cells if i not in free})
        hint_all(model, best.values)
        left = deadline - time.perf_counter()
        status, obj, vals = solve_values(
            model,
            dataclasses.replace(settings, seed=settings.seed + best.steps),
            min(sub_time_s, left),
            SUB_PARAMS,
        )
        since += 1
        if vals is not None and obj is not None and obj <= best.objective + 1e-9:
            if obj < best.objective - 1e-9:
                since = 0
                best.improved += 1
                now = time.perf_counter() - start
                best.trace.append((now, obj))
                if progress is not None:
                    progress(now, obj)
            best.values, best.objective = vals, obj
        if status == "OPTIMAL" and len(free) == len(cells):
            best.proven = True  # the whole model was free: a proof
            break
        if status == "OPTIMAL":
            size = min(len(emps), size + 1)
        elif size > 2:
            size -= 1
    log.info(
        "LNS: %d steps, %d improvements, objective %s -> %s, final size %d%s",
        best.steps, best.improved, objective, best.objective, size,
        ", proven optimal" if best.proven else "",
    )
    return best


__all__ = [
    "SUB_PARAMS",
    "LnsResult",
    "fix_values",
    "hint_all",
    "improve",
    "solve_values",
]
