"""Meta-tests: every rule has its metadata, checker, citation and a test."""

import re
from pathlib import Path

import pytest

from workbench.scheduling.registry import Mode, RuleParams, SourceType
from workbench.scheduling.rules import ALL_RULES, REGISTRY

ID = re.compile(r"^[a-z]+(\.[a-z0-9_]+)+$")
TESTS = Path(__file__).resolve().parents[1]


def _test_sources() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in TESTS.rglob("test_*.py")
        if p.name not in {"test_registry.py", "test_model_matches_checks.py"}
    )


def test_registry_ids_unique_and_well_formed():
    assert len(REGISTRY) == len(ALL_RULES)
    for r in ALL_RULES:
        assert ID.match(r.id), r.id


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_registry_rule_is_complete(rule):
    s = rule.spec
    assert rule.check is not None, f"{s.id} has no checker"
    assert rule.build.__doc__, f"{s.id} has no docstring"
    assert s.citation.strip(), f"{s.id} has no citation"
    assert s.title_da.strip() and s.title_en.strip()
    assert s.why_da.strip(), f"{s.id} has no Danish 'why'"
    assert isinstance(s.source, SourceType)
    assert s.modes and all(isinstance(m, Mode) for m in s.modes)
    assert s.default_mode in s.modes
    assert isinstance(s.default_weight, int) and s.default_weight > 0
    assert issubclass(s.params, RuleParams)
    s.params()  # defaults must validate
    if s.source is SourceType.LAW:
        assert s.default_mode is Mode.HARD, f"LAW rule {s.id} must default to hard"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_registry_rule_is_named_by_a_test(rule):
    """A test function whose name contains the id (dots as underscores)."""
    name = rule.id.replace(".", "_")
    pattern = re.compile(rf"def test_\w*{re.escape(name)}\w*\(")
    assert pattern.search(_test_sources()), f"no test names {rule.id}"
