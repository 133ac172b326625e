"""The solve service: build, solve and self-check one planning instance.

:func:`plan` is what the CLI and the notebook call. It builds the CP-SAT model
for a rule set, solves it, and then judges the returned roster with the
solver-free checkers (:func:`workbench.scheduling.checks.check`). Model and
checkers are two independent statements of the same rules, so after every
solve they must agree:

* a roster the solver calls feasible breaks no hard rule, and
* per rule, the checker's soft penalty equals the model's.

A disagreement is a bug in a rule (its model side or its checker), never a
property of the data, and raises :class:`SelfCheckError`; it is never
silenced.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from workbench.domain import Assignment, PlanningInstance
from workbench.scheduling.builder import assignment_values, build_model
from workbench.scheduling.checks import Violation, check, totals
from workbench.scheduling.context import BuiltModel
from workbench.scheduling.decompose import applicable, lookahead_weeks, rolling_roster
from workbench.scheduling.lns import (
    SUB_PARAMS,
    LnsResult,
    fix_values,
    hint_all,
    improve,
    solve_values,
)
from workbench.scheduling.registry import Mode, Registry, RuleSet
from workbench.scheduling.solver import (
    Progress,
    SolveResult,
    SolverSettings,
    read_result,
    solve,
)

log = logging.getLogger(__name__)

__all__ = [
    "PlanResult",
    "Progress",
    "SelfCheckError",
    "SolverSettings",
    "plan",
]


class SelfCheckError(RuntimeError):
    """The model and the solver-free checkers disagree about a roster.

    This is a bug in the workbench (a rule's model side or its checker), not
    a problem with the input; it is deliberately not a ``WorkbenchError``.
    """


@dataclass
class PlanResult:
    """What :func:`plan` produced.

    Attributes:
        result: The solver's result (status, objective, bound, roster, ...).
        violations: The checkers' findings on the roster (empty without one).
        build_s: Seconds spent building the model.
        solve_s: Seconds spent in the solver.
        check_s: Seconds spent in the self-check.
        settings: The solver settings used.
        warnings: Danish notes for the planner (e.g. pins that are ignored).
    """

    result: SolveResult
    violations: list[Violation]
    build_s: float
    solve_s: float
    check_s: float = 0.0
    settings: SolverSettings = field(default_factory=SolverSettings)
    warnings: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """CP-SAT status name (OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, ...)."""
        return self.result.status

    @property
    def has_roster(self) -> bool:
        """True when a roster was found."""
        return self.result.has_roster

    @property
    def assignments(self) -> list[Assignment]:
        """The roster (empty without one)."""
        return self.result.assignments

    @property
    def hard_violations(self) -> list[Violation]:
        """Breaches of hard rules (always empty after a passed self-check)."""
        return [v for v in self.violations if v.mode is Mode.HARD]

    @property
    def soft_violations(self) -> list[Violation]:
        """Deviations from soft rules."""
        return [v for v in self.violations if v.mode is Mode.SOFT]

    @property
    def penalty(self) -> int:
        """Total soft penalty according to the checkers."""
        return sum(v.penalty for v in self.soft_violations)


def plan(
    instance: PlanningInstance,
    ruleset: RuleSet,
    settings: SolverSettings | None = None,
    *,
    hint: Sequence[Assignment] = (),
    progress: Progress | None = None,
    stop: Callable[[], bool] | None = None,
    registry: Registry | None = None,
) -> PlanResult:
    """Plan ``instance`` under ``ruleset``: build, solve, self-check.

    Pins come from ``instance.pins`` (enforced by the ``coverage.pinned``
    rule when the rule set has it); ``hint`` is a roster to start from.

    Args:
        instance: The planning instance.
        ruleset: The rules, their modes, weights and params.
        settings: Time limit, workers, seed, log.
        hint: A starting roster (CP-SAT solution hint).
        progress: Called with (seconds, objective, bound) per improving roster.
        stop: Polled on every roster; return True to stop the search (the
            best roster so far is kept).
        registry: Rule catalogue (defaults to the full registry).

    Returns:
        The solve result with the checkers' violations and timings.

    Raises:
        SelfCheckError: Model and checkers disagree (a bug).
    """
    if registry is None:
        from workbench.scheduling.rules import REGISTRY

        registry = REGISTRY
    settings = settings or SolverSettings()
    warnings = _warnings(instance, ruleset)

    t0 = time.perf_counter()
    stage1: SolveResult | None = None
    if settings.staged and not hint and _has_soft(ruleset):
        stage1 = _feasible_first(instance, ruleset, registry, settings, stop)
        if stage1.has_roster:
            hint = stage1.assignments
    t_build = time.perf_counter()
    built = build_model(instance, ruleset, registry, hint=hint)
    build_s = time.perf_counter() - t_build
    lns: LnsResult | None = None
    if stage1 is not None and stage1.has_roster:
        t_hint = time.perf_counter()
        full = complete_hint(built, hint)
        log.info(
            "stage 2: model built in %.2fs, complete hint in %.2fs",
            build_s, time.perf_counter() - t_hint,
        )
        if full is not None and settings.lns_share > 0:
            left = settings.time_limit_s - (time.perf_counter() - t0)
            at = time.perf_counter() - t0
            lns = improve(
                built,
                full[0],
                full[1],
                settings,
                time.perf_counter() + settings.lns_share * left,
                progress=None
                if progress is None
                else (lambda t, o: progress(t + at, o, 0.0)),
                stop=stop,
            )
            hint_all(built.model, lns.values)

    t1 = time.perf_counter()
    rest = settings.time_limit_s - (t1 - t0)
    stage2 = dataclasses.replace(settings, time_limit_s=max(rest, 0.5))
    if lns is not None:
        # A short final solve: light presolve so that it reaches its search
        # (and a bound) at all on large models.
        stage2 = dataclasses.replace(
            stage2, cp_params=(*SUB_PARAMS, *stage2.cp_params)
        )
    offset = t1 - t0
    if lns is not None and lns.proven:  # nothing left to search or prove
        done = SolveResult("OPTIMAL", lns.objective, lns.objective, 0.0, 0.0, None, [])
        res = _from_lns(built, lns, done, at - offset)
    else:
        res = solve(
            built,
            stage2,
            progress=None
            if progress is None
            else (lambda t, o, b: progress(t + offset, o, b)),
            stop=stop,
        )
        if lns is not None and (
            not res.has_roster or (res.objective or 0) > lns.objective + 1e-9
        ):
            res = _from_lns(built, lns, res, at - offset)
        elif lns is not None:
            # The final solve improved on the LNS: keep the LNS steps too.
            res.progress = [
                *((t + at - offset, o, 0.0) for t, o in lns.trace), *res.progress
            ]
    # Everything but building the final model counts as solving (stage 1
    # included), so build_s + solve_s is the wall time of the plan.
    solve_s = time.perf_counter() - t0 - build_s
    if stage1 is not None:
        res = _merge_stages(stage1, res, offset)
        if not res.has_roster and stage1.status == "INFEASIBLE":
            res.status = "INFEASIBLE"
        elif not res.has_roster and stage1.has_roster:
            res = _stage1_only(built, stage1, res)

    t2 = time.perf_counter()
    violations: list[Violation] = []
    if res.has_roster:
        violations = _self_check(instance, ruleset, registry, built, res)
    check_s = time.perf_counter() - t2
    log.info(
        "plan %s: %s objective=%s build=%.2fs solve=%.2fs check=%.2fs",
        instance.unit.name,
        res.status,
        res.objective,
        build_s,
        solve_s,
        check_s,
    )
    return PlanResult(res, violations, build_s, solve_s, check_s, settings, warnings)


def _has_soft(ruleset: RuleSet) -> bool:
    return any(c.mode is Mode.SOFT for c in ruleset.active)


def _feasible_first(
    instance: PlanningInstance,
    ruleset: RuleSet,
    registry: Registry,
    settings: SolverSettings,
    stop: Callable[[], bool] | None,
) -> SolveResult:
    """Stage 1: a roster under the hard rules alone (no objective).

    The soft rules make the model larger and steer the search towards the
    objective before any roster exists; without them CP-SAT's feasibility
    heuristics find a compliant roster much sooner (docs/BENCHMARKS.md).
    The search stops at its first roster.

    Plans longer than one window (``settings.rolling_weeks`` plus the
    look-ahead) are first tried by rolling horizon
    (:mod:`workbench.scheduling.decompose`); its roster is used only when
    the checkers find no hard violation over the whole plan. Otherwise (or
    when a window finds nothing) one model over the whole plan is solved,
    hinted with what the rolling horizon produced.
    """
    hard = RuleSet(
        ruleset.name,
        tuple(c for c in ruleset.entries if c.mode is Mode.HARD),
        ruleset.description,
        ruleset.files,
    )
    t0 = time.perf_counter()
    # Stage 1 stops at its first roster, so a generous limit costs nothing
    # when it succeeds; without a roster stage 2 rarely finds one on a large
    # unit (150 x 12 needs ~35 s here).
    limit = max(settings.time_limit_s * 0.9, 0.5)
    s1 = dataclasses.replace(
        settings,
        time_limit_s=limit,
        # One presolve pass and no symmetry detection: the stage-1 model is
        # objective-free and its presolve loops cost more than they save
        # (solsikken, full set, idle: first roster 3.0 s -> 1.1-1.9 s).
        cp_params=(
            ("stop_after_first_solution", True),
            ("max_presolve_iterations", 1),
            ("symmetry_level", 0),
            # Probing and at-most-one merging were half of the presolve of
            # a 150-staff window (8.0 s -> 4.2 s to its first roster).
            ("cp_model_probing_level", 0),
            ("merge_at_most_one_work_limit", 0),
            *settings.cp_params,
        ),
    )
    hint: Sequence[Assignment] = ()
    ahead = lookahead_weeks(hard)
    if not applicable(instance, hard, settings.rolling_weeks, ahead):
        rolled = rolling_roster(
            instance,
            hard,
            registry,
            s1,
            block_weeks=settings.rolling_weeks,
            lookahead_weeks=ahead,
            deadline=t0 + 0.9 * limit,  # leave the monolithic model a chance
            stop=stop,
        )
        if rolled.complete:
            broken = [
                v for v in check(instance, rolled.assignments, hard, registry)
                if v.mode is Mode.HARD
            ]
            t = time.perf_counter() - t0
            log.info(
                "rolling horizon: %d windows, %.2fs, %d hard violations",
                len(rolled.blocks), t, len(broken),
            )
            if not broken:
                return SolveResult(
                    "FEASIBLE", None, None, t, t, t, rolled.assignments
                )
            hint = rolled.assignments  # nearly there: let the full model repair it
        else:
            log.info("rolling horizon gave up: %s", rolled.reason)
            hint = rolled.kept  # the weeks that were solved
        left = limit - (time.perf_counter() - t0)
        s1 = dataclasses.replace(s1, time_limit_s=max(left, 0.5))
    built = build_model(instance, hard, registry, hint=hint)
    res = solve(built, s1, stop=stop)
    if res.time_to_first_s is not None:
        # The first roster counts from the start of stage 1.
        res.time_to_first_s += time.perf_counter() - res.wall_s - t0
    return res


def complete_hint(
    built: BuiltModel, roster: Sequence[Assignment]
) -> tuple[list[int], float] | None:
    """Hint every variable of ``built``, not only the assignments.

    With the assignments fixed the model's auxiliary variables (violation
    amounts, free-window literals) are found by propagation in a fraction of
    a second; a complete hint lets the main search start from a full
    solution at once. Returns (every variable's value, objective), or None
    when the fixed model found nothing in its 5 s.
    """
    _, objective, solution = solve_values(
        _fixed_to(built, roster), SolverSettings(workers=1, seed=0), 5.0, SUB_PARAMS
    )
    if solution is None or objective is None:
        return None
    hint_all(built.model, solution)
    return solution, objective


def _fixed_to(built: BuiltModel, roster: Sequence[Assignment]) -> cp_model.CpModel:
    """A copy of ``built.model`` with every assignment fixed to ``roster``."""
    on = assignment_values(built.calendar, roster)
    model = built.model.clone()
    fix_values(model, {v.index: int(on.get(k, False)) for k, v in built.vars.items()})
    model.clear_hints()
    return model


def _from_lns(
    built: BuiltModel, lns: LnsResult, res: SolveResult, shift: float
) -> SolveResult:
    """The LNS roster as the result (the final full solve did not beat it).

    ``res`` is the final full solve (its bound is kept); ``shift`` is the
    LNS start relative to the final solve's start (negative), so the LNS
    times line up with the final solve's clock before the stages merge.
    """
    out = read_result(
        built,
        lambda v: lns.values[v.index],
        "FEASIBLE",
        lns.objective,
        res.bound,
        res.wall_s,
        res.time_to_first_s,
        None if not lns.trace else lns.trace[-1][0] + shift,
        [(t + shift, o, res.bound or 0.0) for t, o in lns.trace],
    )
    if lns.proven:
        out.status, out.bound = "OPTIMAL", lns.objective
    if out.bound is not None and out.objective is not None:
        out.bound = min(out.bound, out.objective)
    return out


def _stage1_only(
    built: BuiltModel, stage1: SolveResult, res: SolveResult
) -> SolveResult:
    """Stage 2 found nothing in time: keep the stage-1 roster.

    Its penalties under the full model come from a solve with every
    assignment fixed (as in the self-check), so the result is reported like
    any other roster; there is no bound.
    """
    exact = _exact_penalties(built, stage1)
    if exact is None:
        return res
    exact.status = "FEASIBLE"
    exact.bound = None
    exact.wall_s = res.wall_s
    exact.time_to_first_s = stage1.time_to_first_s
    exact.time_to_best_s = stage1.time_to_first_s
    exact.progress = []
    return exact


def _merge_stages(stage1: SolveResult, res: SolveResult, offset: float) -> SolveResult:
    """Report the first roster's time from stage 1 and stage 2's result."""
    first = stage1.time_to_first_s if stage1.has_roster else None
    if first is None and res.time_to_first_s is not None:
        first = res.time_to_first_s + offset
    best = None if res.time_to_best_s is None else res.time_to_best_s + offset
    res.time_to_first_s = first
    res.time_to_best_s = best
    res.wall_s += offset
    res.progress = [(t + offset, o, b) for t, o, b in res.progress]
    return res


def _warnings(instance: PlanningInstance, ruleset: RuleSet) -> list[str]:
    out: list[str] = []
    pinned = ruleset.get("coverage.pinned")
    if instance.pins and (pinned is None or not pinned.enabled):
        out.append(
            f"Der er {len(instance.pins)} fastlåste celler (pins.csv), men "
            "regelsættet har ikke reglen coverage.pinned slået til, så de "
            "bliver ikke overholdt."
        )
    return out


def _self_check(
    instance: PlanningInstance,
    ruleset: RuleSet,
    registry: Registry,
    built: BuiltModel,
    res: SolveResult,
) -> list[Violation]:
    """Judge the solver's roster with the checkers; raise on disagreement.

    In a roster that is not proven optimal the model's violation variables
    are only upper bounds (the solver may not have pushed a slack variable
    down yet). On a per-rule mismatch the roster is therefore re-solved with
    every assignment fixed, which gives the model's exact penalties for this
    roster; those must equal the checkers'. The result is then updated to
    the exact figures.
    """
    violations = check(instance, res.assignments, ruleset, registry)
    hard = [v for v in violations if v.mode is Mode.HARD]
    if hard:
        lines = "\n".join(f"  - {v.rule_id}: {v.message}" for v in hard[:20])
        raise SelfCheckError(
            f"Selvtjek fejlede (en fejl i workbench, ikke i data): solveren "
            f"returnerede en plan med status {res.status}, men kontrollen finder "
            f"{len(hard)} brud på hårde regler:\n{lines}"
        )
    checker = _soft_totals(violations)
    model = {k: v for k, v in res.rule_penalties.items() if v}
    if checker == model:
        return violations
    exact = _exact_penalties(built, res)
    if exact is None or exact.rule_penalties != checker:
        got = model if exact is None else exact.rule_penalties
        rules = sorted(set(checker) | set(got))
        lines = "\n".join(
            f"  - {r}: model {got.get(r, 0)}, kontrol {checker.get(r, 0)}"
            for r in rules
            if got.get(r, 0) != checker.get(r, 0)
        )
        raise SelfCheckError(
            "Selvtjek fejlede (en fejl i workbench, ikke i data): modellen og "
            f"kontrollen er uenige om de bløde straffe pr. regel:\n{lines}"
        )
    log.info("self-check: tightened the model's penalties %s -> %s", model, checker)
    res.rule_penalties = exact.rule_penalties
    res.subject_values = exact.subject_values
    res.objective = exact.objective
    if res.bound is not None and res.objective is not None:
        res.bound = min(res.bound, res.objective)
    return violations


def _soft_totals(violations: Sequence[Violation]) -> dict[str, int]:
    soft = [v for v in violations if v.mode is Mode.SOFT]
    return {rid: p for rid, (_, _, p) in totals(soft).items() if p}


def _exact_penalties(built: BuiltModel, res: SolveResult) -> SolveResult | None:
    """Re-solve with the roster fixed: the model's minimal penalties for it."""
    fixed = dataclasses.replace(built, model=_fixed_to(built, res.assignments))
    out = solve(fixed, SolverSettings(time_limit_s=30, workers=1, seed=0))
    if out.status != "OPTIMAL":
        return None
    return out
