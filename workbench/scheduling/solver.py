"""Solve a built model: time limit, workers, seed, progress and self-check."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from workbench.domain import Assignment
from workbench.scheduling.context import BuiltModel

log = logging.getLogger(__name__)

Progress = Callable[[float, float, float], None]
"""Called with (seconds since start, objective, best bound)."""


@dataclass(frozen=True)
class SolverSettings:
    """How long and how hard to search."""

    time_limit_s: float = 30.0
    workers: int = 2
    seed: int = 0
    log: bool = False
    relative_gap: float = 0.0
    staged: bool = False
    """First find a roster under the hard rules alone, then optimise the
    full model from it (see :func:`workbench.engine.plan`)."""
    rolling_weeks: int = 3
    """With ``staged``: build the stage-1 roster by rolling horizon, this
    many weeks kept per window (0 = one model over the whole plan; see
    :mod:`workbench.scheduling.decompose`). Plans that fit in one window
    (rolling_weeks + look-ahead) use one model anyway."""
    lns_share: float = 0.9
    """With ``staged``: the share of the time left after the first complete
    roster spent in the roster-shaped LNS (:mod:`workbench.scheduling.lns`)
    before the final full-model solve (0 = CP-SAT's own search only)."""
    cp_params: tuple[tuple[str, object], ...] = ()
    """Extra CP-SAT parameters by name, e.g. ``(("linearization_level", 2),)``;
    set after the fields above (so they may override them)."""


@dataclass
class SolveResult:
    """What a solve produced."""

    status: str
    objective: float | None
    bound: float | None
    wall_s: float
    time_to_first_s: float | None
    time_to_best_s: float | None
    assignments: list[Assignment]
    rule_penalties: dict[str, int] = field(default_factory=dict)
    subject_values: list[tuple[str, str | None, tuple, int]] = field(
        default_factory=list
    )
    progress: list[tuple[float, float, float]] = field(default_factory=list)

    @property
    def has_roster(self) -> bool:
        """True when a roster was found."""
        return self.status in ("OPTIMAL", "FEASIBLE")

    @property
    def gap(self) -> float | None:
        """Relative gap between objective and bound (0 when optimal)."""
        if self.objective is None or self.bound is None:
            return None
        if abs(self.objective) < 1e-9:
            return 0.0
        return max(0.0, (self.objective - self.bound) / abs(self.objective))


class _Recorder(cp_model.CpSolverSolutionCallback):
    def __init__(self, start: float, progress: Progress | None) -> None:
        super().__init__()
        self.start = start
        self.progress = progress
        self.trace: list[tuple[float, float, float]] = []
        self.first: float | None = None
        self.best: float | None = None

    def on_solution_callback(self) -> None:
        t = time.perf_counter() - self.start
        obj = self.objective_value
        bound = self.best_objective_bound
        if self.first is None:
            self.first = t
        if not self.trace or obj < self.trace[-1][1]:
            self.best = t
        self.trace.append((t, obj, bound))
        if self.progress is not None:
            self.progress(t, obj, bound)


def configure(
    solver: cp_model.CpSolver,
    settings: SolverSettings,
    extra: Sequence[tuple[str, object]] = (),
) -> None:
    """Set ``solver``'s parameters from ``settings``, then ``extra`` ones."""
    p = solver.parameters
    p.max_time_in_seconds = settings.time_limit_s
    p.num_workers = settings.workers
    p.random_seed = settings.seed
    p.log_search_progress = settings.log
    p.relative_gap_limit = settings.relative_gap
    for name, value in (*settings.cp_params, *extra):
        if isinstance(value, (list, tuple)):
            field_ = getattr(p, name)
            del field_[:]
            field_.extend(value)
        else:
            setattr(p, name, value)


def solve(
    built: BuiltModel,
    settings: SolverSettings | None = None,
    progress: Progress | None = None,
    stop: Callable[[], bool] | None = None,
) -> SolveResult:
    """Solve ``built`` and read back the roster and per-rule penalties.

    Ctrl-C stops the search and keeps the best roster so far (CP-SAT's
    ``catch_sigint_signal``). ``stop`` is polled on every solution and
    stops the search when it returns True (the notebook's Stop button).
    """
    settings = settings or SolverSettings()
    solver = cp_model.CpSolver()
    configure(solver, settings)
    start = time.perf_counter()
    rec = _Recorder(start, progress)
    if stop is not None:
        inner = rec.progress

        def _poll(t: float, o: float, b: float) -> None:
            if inner is not None:
                inner(t, o, b)
            if stop():
                rec.stop_search()

        rec.progress = _poll
    watcher = None
    done = threading.Event()
    if stop is not None:
        # Poll the stop flag even while no solution arrives (Stop button).
        def _watch() -> None:
            while not done.wait(0.1):
                if stop():
                    solver.stop_search()
                    return

        watcher = threading.Thread(target=_watch, daemon=True)
        watcher.start()
    try:
        status = solver.solve(built.model, rec)
    finally:
        done.set()
    wall = time.perf_counter() - start
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SolveResult(name, None, None, wall, None, None, [], progress=rec.trace)
    return read_result(
        built,
        lambda v: int(solver.value(v)),
        name,
        solver.objective_value,
        solver.best_objective_bound,
        wall,
        rec.first,
        rec.best,
        rec.trace,
    )


def read_result(
    built: BuiltModel,
    value: Callable[[cp_model.IntVar], int],
    status: str,
    objective: float | None,
    bound: float | None,
    wall: float,
    first: float | None,
    best: float | None,
    trace: list[tuple[float, float, float]],
) -> SolveResult:
    """Read the roster and the per-rule penalties of a solution.

    ``value`` gives a model variable's value in the solution (from a solver,
    or from a stored list of values indexed like the model's variables).
    """
    assignments = [
        Assignment(employee_id=e, date=built.calendar.slots[i].day,
                   shift_id=built.calendar.slots[i].shift_id)
        for (e, i), var in built.vars.items()
        if value(var)
    ]
    per_rule: dict[str, int] = {}
    subjects: list[tuple[str, str | None, tuple, int]] = []
    for pen in built.penalties:
        val = pen.var if isinstance(pen.var, int) else value(pen.var)
        if val:
            s = pen.subject
            per_rule[s.rule_id] = per_rule.get(s.rule_id, 0) + val * pen.weight
            subjects.append((s.rule_id, s.employee_id, s.dates, val * pen.scale))
    return SolveResult(
        status,
        objective,
        bound,
        wall,
        first,
        best,
        assignments,
        per_rule,
        subjects,
        trace,
    )
