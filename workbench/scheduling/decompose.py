"""A first roster by rolling horizon: solve the plan a few weeks at a time.

CP-SAT finds a roster under the hard rules for 60 staff over four weeks in
about two seconds, but not for the same staff over eight or twelve weeks in
a minute (docs/BENCHMARKS.md): its first-solution heuristics do not scale
with the horizon. A planner would not do it that way either; they plan the
first weeks, then the next ones with the earlier weeks as given.
:func:`rolling_roster` does the same:

* The plan is cut into blocks of ``block_weeks`` whole weeks from its start.
  Block ``k`` is solved as a sub-instance over ``block_weeks +
  lookahead_weeks`` weeks (the look-ahead is solved but not kept), with the
  original history *and every block kept so far* as history, so every rule
  that looks back over a boundary (daily rest, weekly fridøgn, 48-hour
  average, nights in a row, pregnancy weeks) sees the earlier weeks exactly.
* Rules that judge the plan period as a whole cannot be cut that way. Only
  rules listed in :data:`DECOMPOSABLE` are allowed (otherwise the caller
  falls back to the monolithic model). Among them
  ``agreement.norm_hours_band`` is replaced by a *cumulative* band: at the
  end of each solved window, the employee's paid minutes since the plan
  start lie within the band around the norm of the plan so far, so the
  drift between blocks cannot add up; ``agreement.two_fridoegn_per_week``
  likewise counts the fridøgn from the plan start to the window's end.
  ``night.worker_average_8h`` is judged per window, which is close to the
  period-wide rule but not the same.
* The assembled roster is only a candidate: the caller judges it with the
  solver-free checkers over the whole plan and uses it only when it breaks
  no hard rule (otherwise as a hint for the monolithic model).

This is a heuristic for the *first* roster only; the optimisation stage
always works on the full model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import logging
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from workbench.domain import Assignment, PlanningInstance
from workbench.scheduling.builder import build_model
from workbench.scheduling.context import BuiltModel
from workbench.scheduling.registry import Registry, RuleSet
from workbench.scheduling.rules.agreement import (
    _fridoegn_days,
    _required_fridoegn,
    _tolerance,
    count_fridoegn,
    fridoegn_literals,
    norm_of,
    paid_slots,
    paid_total,
)
from workbench.scheduling.solver import SolveResult, SolverSettings, solve

log = logging.getLogger(__name__)

NORM_BAND = "agreement.norm_hours_band"
TWO_FRIDOEGN = "agreement.two_fridoegn_per_week"
CUMULATIVE = (NORM_BAND, TWO_FRIDOEGN)
"""Period-wide rules replaced by cumulative constraints in each window."""

DECOMPOSABLE = frozenset(
    {
        # Per day, slot or shift; history-aware where they look back.
        "coverage.min_staff",
        "coverage.max_staff",
        "coverage.ideal_staff",
        "coverage.qualification",
        "coverage.one_shift_per_day",
        "coverage.no_overlap",
        "coverage.absence",
        "coverage.fixed_days_off",
        "coverage.pinned",
        "rest.daily",
        "rest.weekly_fridoegn",
        "rest.quick_returns",
        "hours.max_48_average",
        "law.no_lone_work",
        "law.young_no_nights",
        "protected.pregnant_nights",
        "protected.senior",
        "protected.reduced_capacity",
        "protected.lone_worker",
        "local.free_evening",
        # Period-wide, handled as described in the module docstring.
        *CUMULATIVE,
        "night.worker_average_8h",
    }
)


@dataclass
class BlockRecord:
    """One solved window of the rolling horizon."""

    start: dt.date
    weeks: int
    status: str
    build_s: float
    solve_s: float


@dataclass
class RollingResult:
    """The assembled roster (empty when a window found none) and its trace."""

    assignments: list[Assignment]
    blocks: list[BlockRecord] = field(default_factory=list)
    reason: str = ""
    kept: list[Assignment] = field(default_factory=list)
    """The weeks kept before the search stopped (all of them when complete)."""

    @property
    def complete(self) -> bool:
        """True when every window was solved."""
        return not self.reason


def applicable(
    instance: PlanningInstance, ruleset: RuleSet, block_weeks: int, lookahead: int = 0
) -> str:
    """Why the rolling horizon cannot be used ('' when it can)."""
    if block_weeks < 1:
        return "switched off"
    if instance.length_days is not None and instance.length_days % 7:
        return "the plan is not a whole number of weeks"
    if instance.n_days // 7 <= block_weeks + lookahead:
        return "the plan fits in one window"
    other = sorted(c.id for c in ruleset.active if c.id not in DECOMPOSABLE)
    if other:
        return "rules judged over the whole period: " + ", ".join(other)
    return ""


def lookahead_weeks(ruleset: RuleSet) -> int:
    """Weeks of look-ahead so that no judged window ends past a solved window.

    Rules judge a window only when it ends inside the plan, so a window
    that starts in the kept weeks must end inside the solved window;
    otherwise the next window may inherit an unrepairable start (a 7-døgn
    period without its fridøgn). The longest window is 7 days, or
    ``postponed_max_days_between + 1`` with a postponed fridøgn.
    """
    longest = 7
    cfg = ruleset.get("rest.weekly_fridoegn")
    if cfg is not None and cfg.enabled:
        postponed = getattr(cfg.params, "postponed_max_days_between", None)
        if postponed is not None:
            longest = max(longest, postponed + 1)
    return -(-longest // 7)


def rolling_roster(
    instance: PlanningInstance,
    hard: RuleSet,
    registry: Registry,
    settings: SolverSettings,
    *,
    block_weeks: int = 2,
    lookahead_weeks: int = 0,
    deadline: float | None = None,
    stop: Callable[[], bool] | None = None,
) -> RollingResult:
    """Solve ``instance`` under the hard rule set ``hard`` window by window.

    Args:
        instance: The whole planning instance.
        hard: The hard rules (no soft rule: there is no objective here).
        registry: The rule catalogue.
        settings: Workers, seed and extra CP-SAT parameters for each window.
        block_weeks: Weeks kept from each window.
        lookahead_weeks: Extra weeks solved with each window but not kept.
        deadline: ``time.perf_counter()`` value after which to give up.
        stop: Polled between windows; True stops.

    Returns:
        The roster over the whole plan, or an empty one with the reason.
    """
    why = applicable(instance, hard, block_weeks, lookahead_weeks)
    if why:
        return RollingResult([], reason=why)
    cumulative = [c for c in hard.active if c.id in CUMULATIVE]
    rules = RuleSet(
        hard.name,
        tuple(c for c in hard.entries if c.id not in CUMULATIVE),
        hard.description,
        hard.files,
    )
    weeks = instance.n_days // 7
    kept: list[Assignment] = []
    out = RollingResult([], kept=kept)
    solve_times: list[float] = []
    if deadline is None:
        deadline = time.perf_counter() + settings.time_limit_s
    for k in range(0, weeks, block_weeks):
        if stop is not None and stop():
            out.reason = "stopped"
            return out
        span = min(block_weeks + lookahead_weeks, weeks - k)
        start = instance.start + dt.timedelta(weeks=k)
        sub = instance.model_copy(
            update={
                "start": start,
                "weeks": span,
                "length_days": None,
                "history": (*instance.history, *kept),
            }
        )
        t0 = time.perf_counter()
        built = build_model(sub, rules, registry)
        for cfg in cumulative:
            add = _cumulative_norm if cfg.id == NORM_BAND else _cumulative_fridoegn
            add(built, instance, kept, k + span, cfg.params)
        build_s = time.perf_counter() - t0
        res = _solve_with_restarts(built, settings, deadline, solve_times, stop)
        solve_times.append(res.wall_s)
        solve_s = time.perf_counter() - t0 - build_s
        out.blocks.append(BlockRecord(start, span, res.status, build_s, solve_s))
        log.info(
            "rolling window %s +%dw: %s (build %.2fs, solve %.2fs)",
            start, span, res.status, build_s, solve_s,
        )
        if not res.has_roster:
            out.reason = f"no roster for the weeks from {start} ({res.status})"
            return out
        keep_until = start + dt.timedelta(weeks=block_weeks)
        kept.extend(a for a in res.assignments if a.date < keep_until)
    out.assignments = kept
    return out


def _solve_with_restarts(
    built: BuiltModel,
    settings: SolverSettings,
    deadline: float,
    earlier: Sequence[float],
    stop: Callable[[], bool] | None,
) -> SolveResult:
    """Solve one window; restart with a new seed when it takes too long.

    The time to a first roster of one window is heavy-tailed: the same
    window took 1.5 s in one run and over 100 s in another (two workers,
    so runs are not repeatable). A cut-off of three times the median of the
    earlier windows (at least 3 s), doubled on every restart, bounds the
    loss (the first window, with nothing to compare, gets 10 s: a 150-staff
    window needs about 5). An INFEASIBLE window is a dead end and is
    returned at once.
    """
    base = max(3.0, 3 * statistics.median(earlier)) if earlier else 10.0
    res = SolveResult("UNKNOWN", None, None, 0.0, None, None, [])
    total = 0.0
    for attempt in itertools.count():
        left = deadline - time.perf_counter()
        if left <= 0.1:
            break
        cap = min(base * 2**attempt, left)
        s = dataclasses.replace(
            settings, time_limit_s=cap, seed=settings.seed + attempt
        )
        res = solve(built, s, stop=stop)
        total += res.wall_s
        if res.has_roster or res.status == "INFEASIBLE" or cap >= left:
            break
        if stop is not None and stop():
            break
        log.info("rolling window: no roster in %.1fs, restarting", cap)
    res.wall_s = total
    return res


def _cumulative_norm(
    built: BuiltModel,
    instance: PlanningInstance,
    kept: Sequence[Assignment],
    weeks: int,
    params,
) -> None:
    """Paid minutes from the plan start to the window's end stay in the band.

    The band is the norm of the plan's first ``weeks`` weeks (søgnehelligdage
    and absences credited as in the rule) plus or minus the rule's tolerance;
    minutes kept from earlier windows are constants.
    """
    prefix = instance.model_copy(update={"weeks": weeks, "length_days": None})
    cal = built.calendar
    tol = _tolerance(params)
    paid = paid_slots(cal, params)
    for e in instance.employees:
        if e.weekly_hours <= 0:
            continue
        norm = norm_of(prefix, e, params).minutes
        mine = (cal.work_of(a) for a in kept if a.employee_id == e.id)
        done = paid_total(mine, params)
        expr = sum(m * built.vars.works(e.id, s) for m, s in paid) + done
        if params.direction in ("both", "over"):
            built.model.add(expr <= norm + tol)
        if params.direction in ("both", "under"):
            built.model.add(expr >= norm - tol)


def _cumulative_fridoegn(
    built: BuiltModel,
    instance: PlanningInstance,
    kept: Sequence[Assignment],
    weeks: int,
    params,
) -> None:
    """Fridøgn from the plan start to the window's end meet the average.

    Days before the window are counted on the kept roster (and the history)
    as the rule's checker counts them; days in the window get the rule's own
    free-day literals.
    """
    prefix = instance.model_copy(update={"weeks": weeks, "length_days": None})
    cal = built.calendar
    first = cal.days[0]
    cuts: dict = {}
    for e in instance.employees:
        days = _fridoegn_days(prefix, e, params)
        need = _required_fridoegn(len(days), params)
        work = [
            cal.work_of(a) for a in (*instance.history, *kept) if a.employee_id == e.id
        ]
        before = count_fridoegn(work, [d for d in days if d < first], params, cal.tz)
        inside = [d for d in days if d >= first]
        if need - before > 0:
            lits = fridoegn_literals(built, e.id, inside, params, cuts)
            built.model.add(sum(lits) >= need - before)


__all__ = [
    "DECOMPOSABLE",
    "BlockRecord",
    "RollingResult",
    "applicable",
    "lookahead_weeks",
    "rolling_roster",
]

