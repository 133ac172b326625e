"""Property: for any small roster, the model and the checker agree per rule.

For every rule of the catalogue and each of its modes, a random roster is
fixed in the model built from that rule alone: in soft mode the minimal
penalty must equal the checker's amount, in hard mode the model must be
feasible exactly when the checker finds nothing (``tests.helpers.verify``
asserts both).
"""

import pytest
from hypothesis import HealthCheck, given, settings

from tests.helpers import verify
from tests.strategies import random_case
from workbench.scheduling.rules import REGISTRY

CASES = [(rid, m) for rid, r in REGISTRY.items() for m in r.spec.modes]

# Non-default parameters whose code paths the defaults do not reach.
VARIANTS = [
    ("general.forbidden_successions", {"pairs": (("N", "D"), ("A", "D"), ("N", "T"))}),
    ("rest.daily", {"reduced_min_hours": 8}),
    ("rest.weekly_fridoegn", {"postponed_max_days_between": 12}),
    ("nights.max_consecutive", {"include_sleep_in": True, "max_nights": 2}),
]
VARIANT_CASES = [(rid, m, p) for rid, p in VARIANTS for m in REGISTRY[rid].spec.modes]

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize(("rule_id", "mode"), CASES, ids=[f"{r}-{m.value}" for r, m in CASES])
@SETTINGS
@given(case=random_case())
def test_model_agrees_with_checker(rule_id, mode, case):
    inst, grid = case
    verify(REGISTRY[rule_id], grid, mode, inst=inst)


@pytest.mark.parametrize(("rule_id", "mode", "params"), VARIANT_CASES,
                         ids=[f"{r}-{m.value}-variant" for r, m, _ in VARIANT_CASES])
@SETTINGS
@given(case=random_case())
def test_model_agrees_with_checker_with_other_params(rule_id, mode, params, case):
    inst, grid = case
    verify(REGISTRY[rule_id], grid, mode, inst=inst, **params)
