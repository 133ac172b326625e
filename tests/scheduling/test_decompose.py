"""Rolling-horizon first rosters (workbench.scheduling.decompose)."""

from __future__ import annotations

import logging

import pytest

from workbench.engine import plan
from workbench.generator import generate_unit
from workbench.rulesets import CONSTRAINTS_DIR, load_ruleset
from workbench.scheduling.checks import check
from workbench.scheduling.decompose import (
    DECOMPOSABLE,
    applicable,
    lookahead_weeks,
    rolling_roster,
)
from workbench.scheduling.registry import Mode, RuleSet, default_config
from workbench.scheduling.rules import REGISTRY
from workbench.scheduling.solver import SolverSettings

SETTINGS = SolverSettings(
    time_limit_s=60,
    workers=2,
    seed=1,
    cp_params=(("stop_after_first_solution", True),),
)


def _hard(name: str) -> RuleSet:
    rs = load_ruleset(CONSTRAINTS_DIR / name)
    return RuleSet(
        rs.name, tuple(c for c in rs.entries if c.mode is Mode.HARD), rs.description
    )


@pytest.fixture(scope="module")
def unit():
    return generate_unit(14, 8, seed=3)


@pytest.fixture(scope="module")
def agreement_hard() -> RuleSet:
    return _hard("agreement_kl_dogn.yaml")


def test_every_hard_rule_of_the_shipped_sets_is_decomposable():
    # Otherwise the large units silently fall back to one big model.
    for name in ("law_dk.yaml", "agreement_kl_dogn.yaml", "recommendations.yaml"):
        ids = {c.id for c in _hard(name).active}
        assert ids <= DECOMPOSABLE, (name, sorted(ids - DECOMPOSABLE))


def test_applicable_says_why_not(unit, agreement_hard):
    assert applicable(unit, agreement_hard, 3, 1) == ""
    assert applicable(unit, agreement_hard, 0, 1) == "switched off"
    short = unit.model_copy(update={"weeks": 4})
    assert applicable(short, agreement_hard, 3, 1) == "the plan fits in one window"
    odd = unit.model_copy(update={"length_days": 52})
    assert "whole number of weeks" in applicable(odd, agreement_hard, 3, 1)
    # A rule judged over the whole period that cannot be cut into windows.
    with_total = agreement_hard.replace(
        default_config(REGISTRY["general.total_minutes"], Mode.HARD)
    )
    assert "general.total_minutes" in applicable(unit, with_total, 3, 1)


def test_lookahead_covers_the_longest_window():
    assert lookahead_weeks(_hard("agreement_kl_dogn.yaml")) == 1
    # The Lokal-MED example postpones the fridøgn to 12 døgn: 13-day windows.
    assert lookahead_weeks(_hard("local_example_med.yaml")) == 2


def test_rolling_roster_breaks_no_hard_rule_over_the_whole_plan(unit, agreement_hard):
    # The norm band and the two fridøgn per week are judged over all eight
    # weeks by the checkers although each window saw at most four.
    res = rolling_roster(
        unit, agreement_hard, REGISTRY, SETTINGS, block_weeks=2, lookahead_weeks=1
    )
    assert res.complete, res.reason
    assert [b.weeks for b in res.blocks] == [3, 3, 3, 2]
    assert {a.date for a in res.assignments} <= set(unit.days)
    hard = [
        v for v in check(unit, res.assignments, agreement_hard, REGISTRY)
        if v.mode is Mode.HARD
    ]
    assert hard == []


def test_a_dead_end_is_reported_not_hidden(unit, agreement_hard):
    # A zero-width norm band cannot be met: the first window is infeasible and
    # the result says where it stopped instead of returning half a roster.
    tight = agreement_hard.replace(
        default_config(
            REGISTRY["agreement.norm_hours_band"], Mode.HARD, tolerance_hours=0.0
        )
    )
    res = rolling_roster(
        unit, tight, REGISTRY, SETTINGS, block_weeks=2, lookahead_weeks=1
    )
    assert not res.complete
    assert "no roster for the weeks from" in res.reason
    assert res.assignments == []


def test_plan_uses_the_rolling_horizon_for_long_plans(unit, caplog):
    rs = load_ruleset(CONSTRAINTS_DIR / "agreement_kl_dogn.yaml")
    settings = SolverSettings(time_limit_s=40, workers=2, seed=1, staged=True,
                              rolling_weeks=2)
    with caplog.at_level(logging.INFO, logger="workbench.engine"):
        res = plan(unit, rs, settings)
    assert any("rolling horizon: 4 windows" in r.message for r in caplog.records)
    assert res.has_roster
    assert res.hard_violations == []
    assert res.result.time_to_first_s is not None
