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


@pytest.mark.parametrize(("rule_id", "mode"), CASES, ids=[f"{r}-{m.value}" for r, m in CASES])
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=random_case())
def test_model_agrees_with_checker(rule_id, mode, case):
    inst, grid = case
    verify(REGISTRY[rule_id], grid, mode, inst=inst)
