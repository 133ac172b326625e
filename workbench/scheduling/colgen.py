"""Per-employee column generation for rule sets coupled only by soft cover.

When every hard rule of a rule set judges one employee at a time and the
only rule that couples employees is a soft cover target
(``general.cover_target``), the roster problem decomposes (Dantzig–Wolfe):
a *column* is one employee's whole plan that satisfies the employee's
rules; the *master* chooses one column per employee and pays the cover
penalties. Its LP relaxation is far tighter than the compact model's (it
convexifies each employee's run, weekend and total-minutes rules), which
is what proves optima that the compact model's LP cannot reach.

The pricing problem of an employee is the very model planners solve: the
employee alone, built by :func:`~workbench.scheduling.builder.build_model`
from the same rule catalogue, with the cover duals added to the
objective. The master LP is solved with GLOP (OR-Tools). After column
generation and dives, every plan whose reduced cost is within a small gap
of its employee's least one is enumerated (CP-SAT, the same model), and
the restricted master is solved as a MIP with SCIP (*price-and-branch*);
its roster seeds the full model.

The lower bound reported is the Lagrangian bound
``sum_c pi_c r_c + sum_e min_p (cost_p - pi . a_p)``, valid at any
iteration because each pricing problem's bound is CP-SAT's proven bound.
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from workbench.domain import Assignment, PlanningInstance
from workbench.scheduling.builder import build_model
from workbench.scheduling.context import BuiltModel
from workbench.scheduling.lns import fix_values
from workbench.scheduling.registry import Registry, RuleSet

log = logging.getLogger(__name__)

COUPLING = frozenset({"general.cover_target"})
"""Rules that couple employees and are priced through the master's duals."""

ARTIFICIAL = 1_000_000
"""Cost of the master's artificial plan per employee (keeps the LP feasible)."""

DIVE_ROUNDS = 3
"""Pricing rounds after each step of the second and later dives (the first
re-prices to convergence). Three rounds made dives ~3x faster and found
Instance5 1143 (vs 1145) and Instance7 1057 (vs 1059) in 60 s; for every
dive it cost Instance12 its optimum (4046 vs 4040 in 300 s)."""

ENUM_GAP = 0.5
"""Plans within this much of an employee's least reduced cost are all
enumerated for the final master MIP (reduced-cost column enumeration).
The optimum's plans exceed their employees' least reduced costs by at most
optimum - Lagrangian bound in total (2.4, 1.0, 1.9 on Instance5-7), so most
of them lie within 0.5; the MIP over these columns found the optima of
Instance5-7 (docs/BENCHMARKS.md)."""

ENUM_SHARE = 0.2
"""Share of the column-generation time for the enumeration."""

ENUM_CAP = 2000
"""At most this many enumerated plans per employee."""

MIP_RC = 0.75
"""The first master MIP takes only the columns of reduced cost <= MIP_RC.
Measured on Instance5-7, 60 s, seeds 0-2 (stop 10): 0.75 reached 1143,
1950, 1056 in all nine runs; 1.0 left Instance7 at 1057-1059 in three of
four (its MIP over ~2 700 columns did not finish in time). Stop 11 did not
reproduce the nine: Instance7 reached 1056 in 2 of 6 runs, its pool then
lacking the optimum's plans (docs/BENCHMARKS.md)."""

MIP_FIRST_SHARE = 0.6
"""Share of the MIP time the first (filtered) MIP may use."""

MIP_SHARE = 0.4
"""Share of the column-generation time for the final master MIP (SCIP);
in one run each, 0.25 left Instance7 at 1057 and 0.4 reached its optimum
1056 (stop 10)."""

BACKTRACKS = 10
"""Backtracks a dive may make before it gives up."""

SCALE = 100_000
"""Dual prices are scaled to integers for CP-SAT's objective."""

PRICE_SCALE = 100
"""Duals for the enumeration are rounded to multiples of 1/PRICE_SCALE (a
divisor of SCALE, so pricing with them is exact)."""


@dataclass
class LagrangianPrices:
    """Integer duals and each employee's least reduced cost under them.

    For every feasible plan ``x`` of employee ``e``:
    ``PRICE_SCALE * own_e(x) - sum_s coeff[s] * x[s] >= floor[e]``, where
    ``floor[e]`` is CP-SAT's proven least value over the employee's plans;
    ``bound`` is the Lagrangian bound these duals give. A roster of cost
    ``z`` has plans whose reduced costs exceed the floors by at most
    ``z - bound`` in total: the basis of :func:`enumerate_near`.
    """

    coeff: dict[int, int]
    floor: dict[str, int]
    bound: float


class NotDecomposable(ValueError):
    """The rule set couples employees in a way the master cannot express."""


PER_EMPLOYEE = frozenset(
    {
        "coverage.one_shift_per_day",
        "coverage.no_overlap",
        "coverage.absence",
        "coverage.fixed_days_off",
        "coverage.pinned",
        "general.forbidden_successions",
        "general.max_shifts_per_type",
        "general.total_minutes",
        "general.max_consecutive_days",
        "general.min_consecutive_days",
        "general.min_consecutive_days_off",
        "general.max_weekends",
        "general.shift_on_requests",
        "general.shift_off_requests",
    }
)
"""Rules that judge one employee at a time (each becomes part of pricing)."""


def decomposable(ruleset: RuleSet) -> bool:
    """True when cover targets are the only rule that spans employees."""
    return all(cfg.id in COUPLING or cfg.id in PER_EMPLOYEE for cfg in ruleset.active)


@dataclass(frozen=True)
class Column:
    """One employee's plan: the slot indices worked and its own penalty."""

    employee: str
    slots: frozenset[int]
    cost: int


def reduced_cost(col: Column, duals: dict[int, float], mu: dict[str, float]) -> float:
    """The column's cost less its cover and convexity duals."""
    return col.cost - sum(duals.get(s, 0.0) for s in col.slots) - mu[col.employee]


@dataclass
class Cover:
    """One master row: a slot with a target and its under/over weights."""

    slot: int
    target: int
    under: int
    over: int


class _Plans(cp_model.CpSolverSolutionCallback):
    """Collects each distinct plan (worked slots) CP-SAT reports, with its cost."""

    def __init__(self, pricer: Pricer, cap: int | None = None) -> None:
        super().__init__()
        self.pricer = pricer
        self.cap = cap
        self.found: list[Column] = []
        self.seen: set[frozenset[int]] = set()

    def on_solution_callback(self) -> None:
        pr = self.pricer
        slots = frozenset(s for s, v in pr.x.items() if self.value(v))
        if slots in self.seen:
            return
        self.seen.add(slots)
        cost = int(self.value(pr.own_expr)) + pr.offset
        self.found.append(Column(pr.employee, slots, cost))
        if self.cap is not None and len(self.found) >= self.cap:
            self.stop_search()


class Pricer:
    """One employee's pricing model (the employee's rules, no cover)."""

    def __init__(
        self,
        instance: PlanningInstance,
        ruleset: RuleSet,
        employee_id: str,
        registry: Registry | None = None,
    ) -> None:
        emp = next(e for e in instance.employees if e.id == employee_id)
        sub = instance.model_copy(
            update={
                "employees": (emp,),
                "cover": (),
                "absences": tuple(
                    a for a in instance.absences if a.employee_id == employee_id
                ),
                "wishes": tuple(
                    w for w in instance.wishes if w.employee_id == employee_id
                ),
                "history": tuple(
                    h for h in instance.history if h.employee_id == employee_id
                ),
                "pins": tuple(p for p in instance.pins if p.employee_id == employee_id),
            }
        )
        rules = RuleSet(
            ruleset.name,
            tuple(c for c in ruleset.entries if c.id not in COUPLING),
            ruleset.description,
        )
        self.employee = employee_id
        self.built: BuiltModel = build_model(sub, rules, registry)
        cal = self.built.calendar
        self.x: dict[int, cp_model.IntVar] = {
            s.index: self.built.vars.works(employee_id, s) for s in cal.slots
        }
        obj = self.built.model.proto.objective
        self.own: dict[int, int] = {}
        for v, c in zip(obj.vars, obj.coeffs, strict=True):
            self.own[v] = self.own.get(v, 0) + c
        self.offset = int(obj.offset)
        self.own_expr = cp_model.LinearExpr.weighted_sum(
            [self.built.model.get_int_var_from_proto_index(v) for v in self.own],
            list(self.own.values()),
        )

    def price(
        self, duals: dict[int, float], mu: float, time_limit: float, seed: int = 0
    ) -> tuple[list[Column], float, bool]:
        """Columns of negative reduced cost, a bound on the least reduced cost.

        Returns (columns found, lower bound on min reduced cost, optimal?).
        """
        m = self.built.model
        m.clear_objective()
        coef = {v: c * SCALE for v, c in self.own.items()}
        err = 0.0
        for s, pi in duals.items():
            if pi:
                idx = self.x[s].index
                q = -pi * SCALE
                r = round(q)
                err += abs(r - q)
                coef[idx] = coef.get(idx, 0) + r
        obj = m.proto.objective
        items = [(v, c) for v, c in coef.items() if c]
        obj.vars.extend(v for v, _ in items)
        obj.coeffs.extend(c for _, c in items)
        obj.offset = self.offset * SCALE
        solver = cp_model.CpSolver()
        p = solver.parameters
        p.max_time_in_seconds = time_limit
        p.num_workers = 1
        p.random_seed = seed
        collect = _Plans(self)
        status = solver.solve(m, collect)
        found = collect.found
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if status == cp_model.INFEASIBLE:
                raise NotDecomposable(f"employee {self.employee} has no feasible plan")
            return [], -math.inf, False
        # Worst case of the rounding over the slots a plan may work.
        bound = solver.best_objective_bound / SCALE - err / SCALE - mu
        return found, bound, status == cp_model.OPTIMAL


def lagrangian_prices(
    cg: ColumnGeneration, duals: dict[int, float], time_limit: float
) -> LagrangianPrices | None:
    """Round ``duals`` into the cover's weight box and price each employee."""
    coeff = {}
    for r in cg.rows:
        pi = min(max(duals.get(r.slot, 0.0), -r.over), r.under)
        coeff[r.slot] = round(pi * PRICE_SCALE)
    d = {s: c / PRICE_SCALE for s, c in coeff.items()}
    results = list(
        cg.pool.map(lambda e: cg.pricers[e].price(d, 0.0, time_limit, cg.seed), cg.emps)
    )
    floor = {}
    for e, (_, b, _) in zip(cg.emps, results, strict=True):
        if b == -math.inf:
            return None
        floor[e] = math.ceil(b * PRICE_SCALE - 1e-6)
    bound = sum(coeff[r.slot] * r.target for r in cg.rows) + sum(floor.values())
    return LagrangianPrices(coeff, floor, bound / PRICE_SCALE)


def enumerate_near(
    pricer: Pricer,
    prices: LagrangianPrices,
    gap: float,
    time_limit: float,
    cap: int,
) -> tuple[list[Column], bool]:
    """Every plan of the employee within ``gap`` of its least reduced cost.

    Reduced cost under ``prices``. Returns (columns, complete?):
    complete when CP-SAT enumerated them all within the limits.
    """
    m = pricer.built.model.clone()
    m.clear_objective()
    e = pricer.employee
    expr = PRICE_SCALE * pricer.own_expr - sum(
        c * pricer.x[s] for s, c in prices.coeff.items() if c
    )
    m.add(
        expr
        <= prices.floor[e] + math.floor(gap * PRICE_SCALE) - PRICE_SCALE * pricer.offset
    )
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.enumerate_all_solutions = True
    p.num_workers = 1
    p.max_time_in_seconds = time_limit
    collect = _Plans(pricer, cap)
    st = solver.solve(m, collect)
    return collect.found, st == cp_model.OPTIMAL and len(collect.found) < cap


@dataclass
class ColgenResult:
    """What column generation and the restricted master IP produced."""

    columns: list[Column]
    lp_value: float | None
    lower_bound: float | None
    iterations: int
    converged: bool
    roster: list[Assignment] | None = None
    objective: int | None = None
    dives: list[int] = field(default_factory=list)
    trace: list[tuple[float, int]] = field(default_factory=list)
    """(seconds since the start, objective) of each improving roster."""
    times: dict[str, float] = field(default_factory=dict)


class Master:
    """The restricted master LP over the columns found so far (GLOP)."""

    def __init__(self, employees: Sequence[str], cover: Sequence[Cover]) -> None:
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.cover = list(cover)
        self.row = {}
        for c in self.cover:
            ct = self.lp.Constraint(c.target, c.target, f"cover{c.slot}")
            # Shortfall and excess at their weights (weight 0: free).
            u = self.lp.NumVar(0, self.lp.infinity(), f"u{c.slot}")
            ct.SetCoefficient(u, 1)
            self.lp.Objective().SetCoefficient(u, c.under)
            o = self.lp.NumVar(0, self.lp.infinity(), f"o{c.slot}")
            ct.SetCoefficient(o, -1)
            self.lp.Objective().SetCoefficient(o, c.over)
            self.row[c.slot] = ct
        self.conv = {e: self.lp.Constraint(1, 1, f"conv{e}") for e in employees}
        # An artificial plan per employee keeps the LP feasible whatever is
        # fixed or banned (it never enters a roster; its cost dwarfs any).
        for e, ct in self.conv.items():
            a = self.lp.NumVar(0, 1, f"art{e}")
            ct.SetCoefficient(a, 1)
            self.lp.Objective().SetCoefficient(a, ARTIFICIAL)
        self.columns: list[Column] = []
        self.lam: list[pywraplp.Variable] = []
        self.keys: dict[tuple[str, frozenset[int]], int] = {}
        """(employee, slots) -> column index."""
        self.fixed: dict[str, int] = {}
        self.banned: set[int] = set()

    def fix(self, employee: str, index: int) -> None:
        """Keep only column ``index`` for ``employee`` (a diving step)."""
        self.fixed[employee] = index
        for i, c in enumerate(self.columns):
            if c.employee == employee and i != index:
                self.lam[i].SetUb(0)

    def unfix(self, employee: str) -> None:
        """Undo the fixing of ``employee`` (banned columns stay out)."""
        del self.fixed[employee]
        for i, c in enumerate(self.columns):
            if c.employee == employee and i not in self.banned:
                self.lam[i].SetUb(self.lp.infinity())

    def ban(self, index: int) -> None:
        """Keep column ``index`` out of the LP until the bans are cleared."""
        self.banned.add(index)
        self.lam[index].SetUb(0)

    def unfix_all(self) -> None:
        """Undo every fixing."""
        for i in range(len(self.lam)):
            self.lam[i].SetUb(self.lp.infinity())
        self.fixed.clear()

    def allowed(self, col: Column) -> bool:
        """True unless ``col``'s employee is fixed to another column."""
        return col.employee not in self.fixed

    def add(self, col: Column) -> bool:
        """Add a column unless the employee has it already."""
        key = (col.employee, col.slots)
        if key in self.keys:
            return False
        self.keys[key] = len(self.columns)
        ub = self.lp.infinity() if self.allowed(col) else 0
        v = self.lp.NumVar(0, ub, f"l{len(self.lam)}")
        self.lp.Objective().SetCoefficient(v, col.cost)
        self.conv[col.employee].SetCoefficient(v, 1)
        for s in col.slots:
            ct = self.row.get(s)
            if ct is not None:
                ct.SetCoefficient(v, 1)
        self.columns.append(col)
        self.lam.append(v)
        return True

    def solve(self) -> tuple[float, dict[int, float], dict[str, float]]:
        """LP value, cover duals by slot, convexity duals by employee."""
        self.lp.Objective().SetMinimization()
        status = self.lp.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            raise RuntimeError(f"master LP status {status}")
        duals = {s: ct.dual_value() for s, ct in self.row.items()}
        mu = {e: ct.dual_value() for e, ct in self.conv.items()}
        return self.lp.Objective().Value(), duals, mu

    def values(self) -> list[float]:
        """The LP values of the columns."""
        return [v.solution_value() for v in self.lam]


def cover_rows(built_cal, instance: PlanningInstance) -> list[Cover]:
    """The master's cover rows from the instance's cover targets."""
    out = []
    for c in instance.cover:
        slot = built_cal.slot_by_key.get((c.date, c.shift))
        if slot is not None:
            out.append(Cover(slot.index, c.target, c.under_weight, c.over_weight))
    return out


class ColumnGeneration:
    """Pricers, master and pool: the state that CG and diving share."""

    def __init__(
        self,
        instance: PlanningInstance,
        ruleset: RuleSet,
        registry: Registry | None = None,
        *,
        threads: int = 2,
        pricing_time: float = 2.0,
        seed: int = 0,
    ) -> None:
        if not decomposable(ruleset):
            raise NotDecomposable("rule set couples employees beyond cover targets")
        self.emps = [e.id for e in instance.employees]
        self.pricers = {e: Pricer(instance, ruleset, e, registry) for e in self.emps}
        self.cal = self.pricers[self.emps[0]].built.calendar
        self.rows = cover_rows(self.cal, instance)
        self.master = Master(self.emps, self.rows)
        self.pool = ThreadPoolExecutor(max_workers=threads)
        self.threads = threads
        self.pricing_time = pricing_time
        self.seed = seed
        self.iterations = 0
        self.dive_rounds: int | None = DIVE_ROUNDS
        """Pricing rounds per dive step (None: to convergence)."""

    def close(self) -> None:
        """Stop the pricing threads."""
        self.pool.shutdown()

    def add_roster(self, roster: Sequence[Assignment]) -> list[int]:
        """Add a complete roster's plans as columns; their indices."""
        by_emp: dict[str, set[int]] = {e: set() for e in self.emps}
        for a in roster:
            by_emp[a.employee_id].add(self.cal.slot_by_key[a.date, a.shift_id].index)
        out = []
        for e, slots in by_emp.items():
            col = Column(e, frozenset(slots), _own_cost(self.pricers[e], slots))
            self.master.add(col)
            out.append(self.master.keys[e, col.slots])
        return out

    def seed_columns(self) -> None:
        """Each employee's own best plan, and one priced at half the under-weights."""
        zero = {r.slot: 0.0 for r in self.rows}
        keen = {r.slot: float(r.under) / 2 for r in self.rows}
        for duals in (zero, keen):
            for cols, _, _ in self.pool.map(
                lambda e, d=duals: self.pricers[e].price(
                    d, 0.0, self.pricing_time, self.seed
                ),
                self.emps,
            ):
                for c in cols[-3:]:
                    self.master.add(c)

    def converge(
        self, deadline: float, rounds: int | None = None
    ) -> tuple[float, float | None, bool]:
        """CG until no free employee prices out, ``deadline``, or ``rounds``.

        Returns (LP value, Lagrangian bound of the last all-optimal round
        or None, converged?).
        """
        free = [e for e in self.emps if e not in self.master.fixed]
        lb: float | None = None
        lp_value = math.inf
        done = 0
        while True:
            self.iterations += 1
            lp_value, duals, mu = self.master.solve()
            if not free or time.perf_counter() >= deadline:
                return lp_value, lb, not free
            if rounds is not None and done >= rounds:
                return lp_value, lb, False
            done += 1
            left = max(0.05, min(self.pricing_time, deadline - time.perf_counter()))
            seed = self.seed + self.iterations
            results = list(
                self.pool.map(
                    lambda e, d=duals, u=mu, t=left, r=seed: self.pricers[e].price(
                        d, u[e], t, r
                    ),
                    free,
                )
            )
            added = 0
            terms = 0.0
            all_opt = True
            for cols, rc_lb, opt in results:
                all_opt &= opt
                terms += min(0.0, rc_lb)
                for c in cols:
                    if reduced_cost(c, duals, mu) < -1e-6 and self.master.add(c):
                        added += 1
            if all_opt and not self.master.fixed:
                bound = lp_value + terms
                lb = bound if lb is None else max(lb, bound)
            log.debug(
                "CG %d: LP %.3f, LB %s, +%d columns (%d), %d fixed",
                self.iterations,
                lp_value,
                lb,
                added,
                len(self.master.columns),
                len(self.master.fixed),
            )
            if added == 0 and all_opt:
                return lp_value, lb, True

    def dive(
        self,
        deadline: float,
        share: float = 0.1,
        threshold: float = 0.9,
        rng: random.Random | None = None,
        noise: float = 0.3,
        incumbent: int | None = None,
        backtracks: int | None = None,
        finish: bool = False,
    ) -> list[int] | None:
        """Depth-first diving: fix the most selected plans, re-price, repeat.

        Each step fixes the free employees whose best column has LP value
        >= 0.9, or else the ``share`` of free employees with the largest
        ones (at least one). With ``rng``, the LP values are scaled by a
        random factor in ``[1 - noise, 1]`` first (diversified dives).

        With an ``incumbent`` cost, a step after which the LP can no longer
        beat it is undone and its weakest column banned for the rest of
        the dive (at most ``backtracks`` times; then the dive gives up).
        Returns one column index per employee, or None when the deadline
        comes first or the dive gives up. With ``finish``, a dive that meets
        its deadline goes on over the columns it has, without pricing (each
        step only re-solves the LP), to a roster.
        """
        m = self.master
        if backtracks is None:
            backtracks = BACKTRACKS
        try:
            return self._dive(
                deadline, share, threshold, rng, noise, incumbent, backtracks, finish
            )
        finally:
            m.banned.clear()

    def _dive(
        self, deadline, share, threshold, rng, noise, incumbent, backtracks, finish
    ):
        m = self.master
        while True:
            free = [e for e in self.emps if e not in m.fixed]
            if not free:
                break
            vals = m.values()
            best: dict[str, tuple[float, int]] = {}
            for i, (c, v) in enumerate(zip(m.columns, vals, strict=True)):
                if c.employee in m.fixed or m.lam[i].ub() < 0.5:
                    continue
                if rng is not None and v > 0:
                    v *= rng.uniform(1 - noise, 1)
                if v > best.get(c.employee, (-1.0, -1))[0]:
                    best[c.employee] = (v, i)
            if not best:
                return None
            ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
            chosen = [(e, i) for e, (v, i) in ranked if v >= threshold]
            if not chosen:
                k = max(1, int(share * len(free)))
                chosen = [(e, i) for e, (v, i) in ranked[:k]]
            for e, i in chosen:
                m.fix(e, i)
            if time.perf_counter() >= deadline and not finish:
                return None
            # (Past the deadline, converge only re-solves the LP.)
            lp_value, _, _ = self.converge(deadline, self.dive_rounds)
            if incumbent is not None and lp_value > incumbent - 1 + 1e-6:
                if backtracks <= 0:
                    return None
                backtracks -= 1
                for e, _ in chosen:
                    m.unfix(e)
                m.ban(chosen[-1][1])
                self.converge(deadline, self.dive_rounds)
        return [m.fixed[e] for e in self.emps]

    def roster(self, indices: Sequence[int]) -> list[Assignment]:
        """The roster made of the given columns."""
        out = []
        for i in indices:
            c = self.master.columns[i]
            for s in sorted(c.slots):
                slot = self.cal.slots[s]
                out.append(
                    Assignment(
                        employee_id=c.employee, date=slot.day, shift_id=slot.shift_id
                    )
                )
        return out

    def cost(self, indices: Sequence[int]) -> int:
        """Objective of a choice of one column per employee."""
        cols = [self.master.columns[i] for i in indices]
        total = sum(c.cost for c in cols)
        count: dict[int, int] = {}
        for c in cols:
            for s in c.slots:
                count[s] = count.get(s, 0) + 1
        for r in self.rows:
            n = count.get(r.slot, 0)
            total += r.under * max(0, r.target - n) + r.over * max(0, n - r.target)
        return total


def generate(
    instance: PlanningInstance,
    ruleset: RuleSet,
    registry: Registry | None = None,
    *,
    time_limit: float = 30.0,
    initial: Sequence[Assignment] = (),
    ip_time: float = 5.0,
    threads: int = 2,
    pricing_time: float = 2.0,
    seed: int = 0,
    patience: int = 8,
) -> ColgenResult:
    """Root column generation, dives, enumeration, the restricted master MIP.

    After the root LP, dives run (the first two with fixed settings, then
    randomised ones) until one reaches the bound, ``patience`` dives in a
    row find nothing better, or only the time for the enumeration
    (``ENUM_SHARE`` of ``time_limit``) and the MIP (``MIP_SHARE``, at least
    ``ip_time`` seconds) is left. Every plan within ``ENUM_GAP`` of its
    employee's least reduced cost is then added (:func:`enumerate_near`),
    and the restricted master MIP over all columns (SCIP,
    :func:`solve_master_mip`) gets the rest, starting from the best dive.
    """
    t0 = time.perf_counter()
    ip_time = max(ip_time, MIP_SHARE * time_limit)
    cg = ColumnGeneration(
        instance,
        ruleset,
        registry,
        threads=threads,
        pricing_time=pricing_time,
        seed=seed,
    )
    times = {"build": time.perf_counter() - t0}
    best: list[int] | None = None
    trace: list[tuple[float, int]] = []

    def offer(choice: list[int] | None) -> None:
        nonlocal best
        if choice is not None and (best is None or cg.cost(choice) < cg.cost(best)):
            best = choice
            trace.append((time.perf_counter() - t0, cg.cost(choice)))

    if initial:
        offer(cg.add_roster(initial))
    cg.seed_columns()
    end = t0 + time_limit
    lp_value, lb, converged = cg.converge(end - ip_time)
    times["root"] = time.perf_counter() - t0
    tail = ip_time + (ENUM_SHARE * time_limit if ENUM_GAP > 0 else 0.0)
    target = None if lb is None else math.ceil(lb - 1e-6)
    rng = random.Random(seed)
    dives: list[int] = []
    plans = [(0.1, 0.9, None), (0.2, 1.01, None)]
    stale = 0  # dives since the last improvement
    # (The first dive starts even when the root took the dives' time.)
    while (time.perf_counter() < end - tail or (best is None and not dives)) and (
        stale < patience
    ):
        if best is not None and target is not None and cg.cost(best) <= target:
            break
        n = len(dives)
        share, thr, r = plans[n] if n < len(plans) else (0.1 + 0.1 * (n % 2), 0.9, rng)
        # The first dive re-prices to convergence (the best single dive);
        # later ones only DIVE_ROUNDS rounds a step, for more of them.
        cg.dive_rounds = None if n == 0 else DIVE_ROUNDS
        # Without a roster, the MIP would start with no hint and no cap: a
        # dive while none exists (the first, unless its LP failed) may take
        # the enumeration's time, and past the MIP's it ends over the columns
        # it has (docs/BENCHMARKS.md, stop 12).
        need_roster = best is None
        try:
            dived = cg.dive(
                end - (ip_time if need_roster else tail),
                share,
                thr,
                r,
                incumbent=None if need_roster else cg.cost(best),
                finish=need_roster,
            )
        except RuntimeError:  # the LP failed numerically: drop this dive
            dived = None
        cg.master.unfix_all()
        if dived is None:  # out of time, or no way past the incumbent
            stale += 1
            dives.append(-1)
            cg.converge(end - tail)
            continue
        dives.append(cg.cost(dived))
        log.info("dive %d (%.2f, %.2f): %d", n, share, thr, dives[-1])
        before = best
        offer(dived)
        stale = 0 if best is not before else stale + 1
        cg.converge(end - tail)  # back to the root LP with every column
    times["dive"] = time.perf_counter() - t0
    at_target = best is not None and target is not None and cg.cost(best) <= target
    if converged and ENUM_GAP > 0 and not at_target:
        _, duals, _ = cg.master.solve()  # the root LP over every column
        prices = lagrangian_prices(cg, duals, cg.pricing_time)
        if prices is not None:
            per = (end - ip_time - time.perf_counter()) * threads / len(cg.emps)
            n0 = len(cg.master.columns)
            for cols, _ in cg.pool.map(
                lambda e: enumerate_near(
                    cg.pricers[e], prices, ENUM_GAP, max(0.05, per), ENUM_CAP
                ),
                cg.emps,
            ):
                for c in cols:
                    cg.master.add(c)
            log.info(
                "Lagrangian bound %.3f; %d plans enumerated",
                prices.bound,
                len(cg.master.columns) - n0,
            )
    times["enum"] = time.perf_counter() - t0
    if not at_target:  # (the enumeration adds columns, not rosters)
        offer(_staged_mip(cg, best, end))
    times["ip"] = time.perf_counter() - t0
    cg.close()
    res = ColgenResult(
        cg.master.columns, lp_value, lb, cg.iterations, converged, times=times
    )
    if best is not None:
        res.roster, res.objective = cg.roster(best), cg.cost(best)
    res.dives, res.trace = dives, trace
    return res


def _staged_mip(cg: ColumnGeneration, best: list[int] | None, end: float):
    """The restricted master MIP, first over the columns of small reduced cost.

    Columns are filtered by their reduced cost under the LP over all of
    them (``MIP_RC`` first): the small MIP is fast and usually holds the
    best roster. A roster of cost z uses columns whose reduced costs sum to
    at most z - LP, so once an incumbent exists, columns above
    ``incumbent - 1 - LP`` cannot improve it: the second MIP gets the
    columns up to that cap (all of them, without an incumbent), hinted.
    """
    cols = cg.master.columns
    lp, duals, mu = cg.master.solve()
    rc = [reduced_cost(c, duals, mu) for c in cols]
    done = -math.inf  # the cap up to which the MIP is solved
    for stage in (0, 1):
        cap = MIP_RC if stage == 0 else math.inf
        if best is not None:
            cap = min(cap, cg.cost(best) - 1 - lp + 1e-4)
        left = end - time.perf_counter()
        if cap <= done or left < 0.5:
            break
        mine = set(best or ())
        keep = [i for i, r in enumerate(rc) if r <= cap or i in mine]
        at = {i: k for k, i in enumerate(keep)}
        hint = None if best is None else [at[i] for i in best]
        chosen, optimal = solve_master_mip(
            [cols[i] for i in keep],
            cg.rows,
            cg.emps,
            left * (MIP_FIRST_SHARE if stage == 0 else 1.0),
            hint,
            workers=cg.threads,
            seed=cg.seed,
        )
        if chosen is not None:
            chosen = [keep[i] for i in chosen]
            if best is None or cg.cost(chosen) < cg.cost(best):
                best = chosen
        log.info(
            "MIP over %d columns (rc <= %.2f): %s%s",
            len(keep),
            cap,
            None if chosen is None else cg.cost(chosen),
            " (optimal)" if optimal else "",
        )
        if optimal:
            done = cap
    return best


def _own_cost(pricer: Pricer, slots: set[int]) -> int:
    """The employee's own penalty of a plan, by solving its model fixed."""
    m = pricer.built.model.clone()
    fix_values(m, {v.index: int(s in slots) for s, v in pricer.x.items()})
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 5
    m.clear_objective()
    m.minimize(pricer.own_expr)
    st = solver.solve(m)
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise NotDecomposable(f"initial plan of {pricer.employee} is infeasible")
    return int(solver.objective_value) + pricer.offset


def solve_master_mip(
    columns: Sequence[Column],
    rows: Sequence[Cover],
    employees: Sequence[str],
    time_limit: float,
    hint: Sequence[int] | None = None,
    *,
    workers: int = 1,
    seed: int = 0,
) -> tuple[list[int] | None, bool]:
    """The restricted master as a MIP (SCIP): one column per employee.

    With ``workers`` > 1, as many SCIP runs with different random seeds
    solve the same MIP in threads (SCIP releases the GIL); the first to
    prove its result optimal interrupts the others, and the best roster of
    all of them is returned. SCIP's time to solve Instance7's first-stage
    pool ranged from 3 to 27 s over eight seeds, so a two-seed portfolio
    on two cores cuts the long tail (docs/BENCHMARKS.md).

    Returns (chosen column indices or None, proven optimal over these columns?).
    """
    solvers = [
        _master_mip(columns, rows, employees, time_limit, hint, seed * workers + k)
        for k in range(workers)
    ]
    results: list[tuple[int, float, list[int]] | None] = [None] * workers
    proven = threading.Event()

    def run(k: int) -> None:
        s, lam = solvers[k]
        if proven.is_set():  # another run proved it before this one began
            return
        # (A run that starts between this check and an interrupt runs to its
        # time limit: the stage then takes its share, as with one worker.)
        st = s.Solve()
        if st in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            chosen = [i for i, v in enumerate(lam) if v.solution_value() > 0.5]
            results[k] = (st, s.Objective().Value(), chosen)
        if st == pywraplp.Solver.OPTIMAL:
            proven.set()
            for j, (other, _) in enumerate(solvers):
                if j != k:
                    other.InterruptSolve()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    found = [r for r in results if r is not None]
    if not found:
        return None, False
    optimal = any(r[0] == pywraplp.Solver.OPTIMAL for r in found)
    best = min(found, key=lambda r: (r[0] != pywraplp.Solver.OPTIMAL, r[1]))
    return best[2], optimal


def _master_mip(columns, rows, employees, time_limit, hint, seed):
    """One SCIP model of the restricted master and its column variables."""
    s = pywraplp.Solver.CreateSolver("SCIP")
    s.SetTimeLimit(max(1, int(time_limit * 1000)))
    if seed and not s.SetSolverSpecificParametersAsString(
        f"randomization/randomseedshift = {seed}"
    ):
        log.warning("SCIP refused the seed shift: the portfolio runs are alike")
    lam = [s.BoolVar(f"l{i}") for i in range(len(columns))]
    obj = s.Objective()
    conv = {e: s.Constraint(1, 1) for e in employees}
    by_slot: dict[int, list[int]] = {}
    for i, c in enumerate(columns):
        conv[c.employee].SetCoefficient(lam[i], 1)
        obj.SetCoefficient(lam[i], c.cost)
        for sl in c.slots:
            by_slot.setdefault(sl, []).append(i)
    for r in rows:
        ct = s.Constraint(r.target, r.target)
        for i in by_slot.get(r.slot, []):
            ct.SetCoefficient(lam[i], 1)
        u = s.NumVar(0, s.infinity(), "")
        o = s.NumVar(0, s.infinity(), "")
        ct.SetCoefficient(u, 1)
        ct.SetCoefficient(o, -1)
        obj.SetCoefficient(u, r.under)
        obj.SetCoefficient(o, r.over)
    obj.SetMinimization()
    if hint is not None:
        on = set(hint)
        s.SetHint(lam, [1.0 if i in on else 0.0 for i in range(len(lam))])
    return s, lam
