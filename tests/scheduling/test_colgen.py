"""Column generation (colgen): valid bounds, feasible columns, agreement."""

import itertools
import math
import random
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from workbench.benchmarks import curtois
from workbench.benchmarks.curtois import evaluate, parse_file, parse_text, to_instance
from workbench.rulesets import load_ruleset
from workbench.scheduling import colgen
from workbench.scheduling.builder import build_model
from workbench.scheduling.rules import REGISTRY
from workbench.scheduling.solver import SolverSettings, solve

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks" / "curtois"

# Two employees, one shift, three days: A must work 2 days (min 960 min),
# B at most 1; cover 1 a day at 100 under / 1 over. A's request for day 0
# off (weight 5) conflicts with cover: the optimum is A on days 1, 2 and
# B on day 0 -> 0 penalty; LP and IP agree.
TINY = "\n".join(
    """SECTION_HORIZON
7

SECTION_SHIFTS
D,480,

SECTION_STAFF
A,D=7,2400,960,5,1,1,1
B,D=7,480,0,5,1,1,1

SECTION_DAYS_OFF

SECTION_SHIFT_ON_REQUESTS

SECTION_SHIFT_OFF_REQUESTS
A,0,D,5

SECTION_COVER
0,D,1,100,1
1,D,1,100,1
2,D,1,100,1
3,D,0,100,1
4,D,0,100,1
5,D,0,100,1
6,D,0,100,1
""".splitlines()
)


def _setup(ci):
    return to_instance(ci), curtois.ruleset(ci)


@contextmanager
def _root(ci):
    """Root column generation run to convergence: (inst, rules, cg, LP, bound)."""
    inst, rules = _setup(ci)
    cg = colgen.ColumnGeneration(inst, rules, REGISTRY)
    try:
        cg.seed_columns()
        lp, lb, converged = cg.converge(deadline=float("inf"))
        assert converged
        yield inst, rules, cg, lp, lb
    finally:
        cg.close()


def test_decomposable_only_with_cover_as_the_coupling_rule():
    ci = parse_text(TINY, "tiny")
    assert colgen.decomposable(curtois.ruleset(ci))
    danish = load_ruleset(ROOT / "constraints" / "recommendations.yaml")
    assert not colgen.decomposable(danish)
    inst, _ = _setup(ci)
    with pytest.raises(colgen.NotDecomposable):
        colgen.generate(inst, danish, REGISTRY, time_limit=5)


def test_tiny_instance_bound_equals_compact_optimum():
    inst, rules = _setup(parse_text(TINY, "tiny"))
    res = colgen.generate(inst, rules, REGISTRY, time_limit=10)
    exact = solve(build_model(inst, rules, REGISTRY), SolverSettings(10, workers=1))
    assert exact.status == "OPTIMAL"
    assert res.converged and res.lower_bound is not None
    assert res.lower_bound <= exact.objective + 1e-6
    assert res.objective == round(exact.objective) == 0
    ev = evaluate(inst, rules, res.roster)
    assert ev.feasible and ev.objective == res.objective


@pytest.mark.parametrize("name,optimum", [("Instance2", 828), ("Instance3", 1001)])
def test_root_bound_is_valid_and_proves_small_instances(name, optimum):
    inst, rules = _setup(parse_file(BENCH / f"{name}.txt"))
    res = colgen.generate(inst, rules, REGISTRY, time_limit=30)
    assert res.converged
    # The Lagrangian bound never exceeds the proven optimum, and on these
    # instances it is tight enough to prove it.
    assert res.lower_bound <= optimum + 1e-6
    assert math.ceil(res.lower_bound - 1e-6) == optimum
    assert res.objective == optimum
    ev = evaluate(inst, rules, res.roster)
    assert ev.feasible and ev.objective == res.objective


def test_every_column_keeps_its_employees_hard_rules_and_cost():
    with _root(parse_file(BENCH / "Instance2.txt")) as (inst, rules, cg, _, _):
        cols = cg.master.columns
        assert len(cols) > len(cg.emps)
        # Any one column per employee is a roster without hard violations
        # whose evaluator objective is the master's cost of that choice.
        picks = []
        for k in range(3):
            choice = []
            for e in cg.emps:
                mine = [i for i, c in enumerate(cols) if c.employee == e]
                choice.append(mine[k % len(mine)])
            picks.append(choice)
        for choice in picks:
            ev = evaluate(inst, rules, cg.roster(choice))
            assert ev.feasible, ev.hard[:2]
            assert ev.objective == cg.cost(choice)


def test_a_dive_past_its_deadline_ends_in_a_roster_only_when_asked():
    with _root(parse_file(BENCH / "Instance3.txt")) as (inst, rules, cg, lp, _):
        past = time.perf_counter() - 1.0
        assert cg.dive(past) is None  # gives up at the deadline
        cg.master.unfix_all()
        n = len(cg.master.columns)
        chosen = cg.dive(past, finish=True)
        assert len(cg.master.columns) == n  # no pricing past the deadline
        assert chosen is not None
        assert sorted(cg.master.columns[i].employee for i in chosen) == sorted(cg.emps)
        ev = evaluate(inst, rules, cg.roster(chosen))
        assert ev.feasible, ev.hard[:2]
        assert ev.objective == cg.cost(chosen) >= lp - 1e-6


def test_bench_default_uses_colgen_and_proves_instance2():
    ci = parse_file(BENCH / "Instance2.txt")
    settings = SolverSettings(time_limit_s=20, workers=1, seed=0)
    inst, rules, res, _ = curtois.solve_instance(ci, settings, colgen_share=0.75)
    assert res.status == "OPTIMAL" and round(res.objective) == 828
    assert res.bound == 828
    ev = evaluate(inst, rules, res.assignments)
    assert ev.feasible and ev.objective == 828


def test_bench_keeps_the_colgen_roster_when_the_full_search_returns_none(
    monkeypatch,
):
    # If the full model's search comes back without a roster, the result is
    # the column-generation roster, read from the complete hint's values.
    from workbench.scheduling.solver import SolveResult

    def nothing(built, settings, *a, **k):
        return SolveResult("UNKNOWN", None, None, 0.0, None, None, [])

    monkeypatch.setattr(curtois, "solve", nothing)
    ci = parse_file(BENCH / "Instance2.txt")
    settings = SolverSettings(time_limit_s=10, workers=1, seed=0)
    inst, rules, res, _ = curtois.solve_instance(ci, settings, colgen_share=0.75)
    assert res.has_roster and round(res.objective) == 828
    ev = evaluate(inst, rules, res.assignments)
    assert ev.feasible and ev.objective == 828


def test_enumeration_finds_exactly_the_plans_within_the_gap():
    # Brute force over all 2^7 plans of each employee of TINY: the plans
    # enumerate_near returns are exactly the feasible ones whose reduced
    # cost (under the prices' integer duals) is within the gap of the floor,
    # with their own cost; and no feasible plan lies below the floor.
    with _root(parse_text(TINY, "tiny")) as (_, _, cg, _, _):
        _, duals, _ = cg.master.solve()
        prices = colgen.lagrangian_prices(cg, duals, 5.0)
        assert prices is not None
        k = colgen.PRICE_SCALE
        gap = 3.0
        sizes = []
        for e in cg.emps:
            pricer = cg.pricers[e]
            cols, complete = colgen.enumerate_near(pricer, prices, gap, 10.0, 10_000)
            assert complete
            got = {c.slots: c.cost for c in cols}
            expect = {}
            slots = sorted(pricer.x)
            for bits in itertools.product((0, 1), repeat=len(slots)):
                plan = frozenset(s for s, b in zip(slots, bits, strict=True) if b)
                try:
                    cost = colgen._own_cost(pricer, set(plan))
                except colgen.NotDecomposable:  # breaks a hard rule
                    continue
                rc = k * cost - sum(prices.coeff.get(s, 0) for s in plan)
                assert rc >= prices.floor[e]
                if rc <= prices.floor[e] + gap * k:
                    expect[plan] = cost
            assert got == expect
            sizes.append(len(expect))
        assert max(sizes) > 1  # the gap admits more than the best plan


def test_lagrangian_bound_of_the_rounded_prices_is_valid_on_instance3():
    with _root(parse_file(BENCH / "Instance3.txt")) as (_, _, cg, lp, lb):
        _, duals, _ = cg.master.solve()
        prices = colgen.lagrangian_prices(cg, duals, 5.0)
        # Rounded duals lose a little against the LP, never pass the optimum.
        assert lb is not None and lb <= 1001 + 1e-9
        assert lp - 1.0 <= prices.bound <= 1001 + 1e-9


def _master_cost(columns, rows, choice):
    cost = sum(columns[i].cost for i in choice)
    for r in rows:
        n = sum(r.slot in columns[i].slots for i in choice)
        cost += r.under * max(0, r.target - n) + r.over * max(0, n - r.target)
    return cost


@pytest.mark.parametrize(("seed", "workers"), [(1, 1), (2, 1), (3, 1), (1, 2), (2, 3)])
def test_master_mip_matches_brute_force(seed, workers):
    # workers > 1: a portfolio of SCIP runs in threads, the first proof wins.
    rng = random.Random(seed)
    rows = [
        colgen.Cover(s, rng.randint(0, 2), rng.randint(1, 20), rng.randint(0, 5))
        for s in range(4)
    ]
    emps = ["A", "B", "C"]
    columns = [
        colgen.Column(e, frozenset(s for s in range(4) if rng.random() < 0.5), c)
        for e in emps
        for c in (rng.randint(0, 15) for _ in range(4))
    ]
    by_emp = [[i for i, c in enumerate(columns) if c.employee == e] for e in emps]
    brute = min(
        _master_cost(columns, rows, choice) for choice in itertools.product(*by_emp)
    )
    chosen, optimal = colgen.solve_master_mip(
        columns, rows, emps, 10.0, workers=workers, seed=seed
    )
    assert optimal
    assert sorted(columns[i].employee for i in chosen) == emps
    assert _master_cost(columns, rows, chosen) == brute


def test_staged_mip_reaches_the_optimum_of_the_whole_pool():
    # Filtering by reduced cost (first <= MIP_RC, then <= incumbent - 1 - LP)
    # must not lose the pool's optimum: compare with one MIP over all columns.
    with _root(parse_file(BENCH / "Instance3.txt")) as (inst, rules, cg, _, _):
        cols = cg.master.columns
        whole, optimal = colgen.solve_master_mip(cols, cg.rows, cg.emps, 30.0)
        assert optimal
        worst = [
            max(
                (i for i, c in enumerate(cols) if c.employee == e),
                key=lambda i: cols[i].cost,
            )
            for e in cg.emps
        ]
        for start in (None, worst):
            staged = colgen._staged_mip(cg, start, time.perf_counter() + 30.0)
            assert sorted(cols[i].employee for i in staged) == sorted(cg.emps)
            assert cg.cost(staged) == cg.cost(whole)
            ev = evaluate(inst, rules, cg.roster(staged))
            assert ev.feasible and ev.objective == cg.cost(staged)
