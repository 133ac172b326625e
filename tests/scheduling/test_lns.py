"""Roster-shaped LNS around a complete solution (workbench.scheduling.lns)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from workbench.engine import complete_hint, plan
from workbench.io import load_instance
from workbench.rulesets import CONSTRAINTS_DIR, load_ruleset
from workbench.scheduling.builder import build_model
from workbench.scheduling.checks import check
from workbench.scheduling.lns import improve
from workbench.scheduling.registry import Mode, RuleSet
from workbench.scheduling.rules import REGISTRY
from workbench.scheduling.solver import SolverSettings, read_result, solve

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"


@pytest.fixture(scope="module")
def setup():
    inst = load_instance(SAMPLE_DIR / "tiny")
    rs = load_ruleset(CONSTRAINTS_DIR / "recommendations.yaml")
    hard = RuleSet(rs.name, tuple(c for c in rs.entries if c.mode is Mode.HARD))
    first = solve(
        build_model(inst, hard, REGISTRY),
        SolverSettings(time_limit_s=20, workers=1, seed=0),
    )
    assert first.has_roster
    built = build_model(inst, rs, REGISTRY)
    full = complete_hint(built, first.assignments)
    assert full is not None
    return inst, rs, built, full


def test_improve_never_gets_worse_and_its_objective_is_the_checkers(setup):
    inst, rs, built, (values, objective) = setup
    res = improve(
        built, values, objective,
        SolverSettings(workers=1, seed=0),
        time.perf_counter() + 4, sub_time_s=1.0,
    )
    assert res.steps >= 1
    assert res.objective <= objective
    assert [o for _, o in res.trace] == sorted((o for _, o in res.trace), reverse=True)
    roster = read_result(
        built, lambda v: res.values[v.index], "FEASIBLE", res.objective,
        None, 0.0, None, None, [],
    )
    violations = check(inst, roster.assignments, rs, REGISTRY)
    assert [v for v in violations if v.mode is Mode.HARD] == []
    assert sum(v.penalty for v in violations if v.mode is Mode.SOFT) == res.objective


def test_improve_returns_at_once_from_a_zero_objective(setup):
    _, _, built, (values, _) = setup
    res = improve(built, values, 0, SolverSettings(workers=1), time.perf_counter() + 5)
    assert res.steps == 0 and res.values == list(values)


def test_plan_with_lns_passes_the_self_check(setup):
    inst, rs, _, _ = setup
    settings = SolverSettings(time_limit_s=8, workers=1, seed=0, staged=True,
                              lns_share=0.7)
    res = plan(inst, rs, settings)  # the self-check raises on disagreement
    assert res.has_roster and res.hard_violations == []
    assert res.result.objective == res.penalty
