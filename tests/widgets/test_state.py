"""WorkbenchState driven without a front end."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from tests.helpers import employee, instance
from workbench.domain import Demand
from workbench.errors import RuleSetError, WorkbenchError
from workbench.rulesets import CONSTRAINTS_DIR, load_ruleset
from workbench.scheduling.registry import Mode
from workbench.widgets.state import WorkbenchState

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "sample_data" / "tiny"
LAW = CONSTRAINTS_DIR / "law_dk.yaml"
BASE = CONSTRAINTS_DIR / "base.yaml"
DEMAND = (Demand(shift="D", min=1, ideal=2), Demand(shift="N", min=1, ideal=1))
EMPTY = "- - - - - - -"


def two_people_state() -> WorkbenchState:
    """Two people for D (min 1, ideal 2) and N (min 1): one short of ideal a day."""
    inst = instance({"anna": EMPTY, "bo": EMPTY}, demand=DEMAND)
    return WorkbenchState(
        instance=inst, ruleset=load_ruleset(BASE), time_limit_s=10, workers=1
    )


@pytest.fixture(scope="module")
def tiny_solved() -> WorkbenchState:
    s = WorkbenchState.from_paths(TINY, LAW, time_limit_s=5, workers=1)
    assert s.solve(background=False)
    return s


def fresh_tiny(solved: WorkbenchState) -> WorkbenchState:
    """A copy of the solved tiny state (no re-solve)."""
    s = WorkbenchState(
        instance=solved.instance, ruleset=solved.ruleset, time_limit_s=5, workers=1
    )
    s.result = solved.result
    s.assignments = list(solved.assignments)
    s.violations = list(solved.violations)
    return s


def test_from_paths_loads_tiny_and_solves(tiny_solved):
    s = tiny_solved
    assert s.instance.unit.name == "Lille Testenhed"
    assert len(s.instance.employees) == 6
    assert s.result.status == "OPTIMAL"
    assert s.assignments and not [v for v in s.violations if v.mode is Mode.HARD]
    assert s.status.startswith("Plan fundet")
    assert not s.busy and s.progress
    assert s.report()["status"] == "OPTIMAL"


def test_weight_change_and_rule_off_change_the_objective():
    s = two_people_state()
    s.solve()
    assert s.result.result.objective == 7 * 20
    s.set_rule("coverage.ideal_staff", weight=50)
    assert s.ruleset.get("coverage.ideal_staff").weight == 50
    s.solve()
    assert s.result.result.objective == 7 * 50
    s.set_rule("coverage.ideal_staff", enabled=False)
    s.solve()
    assert s.result.result.objective == 0
    assert not any(v.rule_id == "coverage.ideal_staff" for v in s.violations)


@pytest.mark.parametrize(
    ("rule_id", "changes", "words"),
    [
        pytest.param(
            "coverage.max_staff",
            {"params": {"over_ideal": -1}},
            "skal være mindst 0",
            id="param-bound",
        ),
        pytest.param(
            "coverage.max_staff",
            {"params": {"over_idael": 1}},
            "ukendt parameter",
            id="param-unknown",
        ),
        pytest.param(
            "coverage.ideal_staff",
            {"mode": "hard"},
            "ikke tilladt",
            id="mode-not-allowed",
        ),
        pytest.param(
            "coverage.ideal_staff", {"mode": "blød"}, "ukendt mode", id="mode-unknown"
        ),
        pytest.param("coverage.ideal_staff", {"weight": 0}, "mindst 1", id="weight-0"),
        pytest.param(
            "coverage.min_staff", {"weight": 5}, "soft mode", id="weight-on-hard"
        ),
        pytest.param(
            "coverage.min_stafff",
            {"enabled": False},
            "ukendt regel-id",
            id="unknown-rule",
        ),
    ],
)
def test_invalid_rule_change_is_refused_in_danish_and_state_unchanged(
    rule_id, changes, words
):
    s = two_people_state()
    before, rev = s.ruleset, s.revision
    with pytest.raises(RuleSetError) as err:
        s.set_rule(rule_id, **changes)
    assert words in str(err.value)
    assert s.ruleset is before and s.revision == rev


def test_set_rule_switches_mode_and_adds_missing_rule():
    s = two_people_state()
    s.set_rule("coverage.min_staff", mode="soft")
    cfg = s.ruleset.get("coverage.min_staff")
    assert cfg.mode is Mode.SOFT and cfg.weight == 1000  # the registry default
    s.set_rule("coverage.min_staff", mode="hard")
    assert s.ruleset.get("coverage.min_staff").weight == 0
    assert s.ruleset.get("rest.daily") is None
    s.set_rule("rest.daily", params={"min_hours": 10})
    cfg = s.ruleset.get("rest.daily")
    assert cfg.params.min_hours == 10 and not cfg.enabled  # added, still off
    s.set_rule("rest.daily", enabled=True)
    assert s.ruleset.get("rest.daily").enabled


def test_edit_rechecks_at_once(tiny_solved):
    s = fresh_tiny(tiny_solved)
    result = s.result
    night = next(
        a for a in s.assignments if a.date == s.instance.start and a.shift_id == "N"
    )
    s.edit(night.employee_id, night.date, None)
    assert s.result is result  # no solve
    hard = [v for v in s.violations if v.rule_id == "coverage.min_staff"]
    assert hard and "minimum er 1" in hard[0].message
    assert s.cell(night.employee_id, night.date) is None
    assert "brud på hårde regler" in s.status
    s.edit(night.employee_id, night.date, "N")
    assert not [v for v in s.violations if v.mode is Mode.HARD]
    with pytest.raises(WorkbenchError):
        s.edit("nobody", night.date, "N")
    with pytest.raises(WorkbenchError):
        s.edit(night.employee_id, night.date, "X")


def test_pin_is_kept_by_resolve(tiny_solved):
    s = fresh_tiny(tiny_solved)
    day = s.instance.start + dt.timedelta(days=2)
    who = next(e.id for e in s.instance.employees if s.cell(e.id, day) != "N")
    s.pin(who, day, "N")
    assert s.cell(who, day) == "N" and s.is_pinned(who, day)
    assert s.planning_instance().pins[0].shift_id == "N"
    assert s.resolve_from_current()
    assert s.result.status in ("OPTIMAL", "FEASIBLE")
    assert s.cell(who, day) == "N"
    assert not [v for v in s.violations if v.rule_id == "coverage.pinned"]
    s.unpin(who, day)
    assert not s.is_pinned(who, day) and s.planning_instance().pins == ()


def test_pinned_day_off_breaks_only_the_pin_when_edited(tiny_solved):
    s = fresh_tiny(tiny_solved)
    a = s.assignments[0]
    s.pin(a.employee_id, a.date, a.shift_id)
    s.edit(a.employee_id, a.date, None)
    pinned = [v for v in s.violations if v.rule_id == "coverage.pinned"]
    assert pinned and "låst til" in pinned[0].message


def bigger_state() -> WorkbenchState:
    """Ten people over four weeks under the law: far from proven in 0.5 s."""
    names = [f"e{i}" for i in range(10)]
    grid = {n: " ".join(["-"] * 28) for n in names}
    demand = (
        Demand(shift="D", min=2, ideal=4),
        Demand(shift="A", min=1, ideal=3),
        Demand(shift="N", min=1, ideal=1),
    )
    inst = instance(grid, demand=demand, employees={n: employee(n) for n in names})
    return WorkbenchState(
        instance=inst, ruleset=load_ruleset(LAW), time_limit_s=60, workers=1
    )


def test_stop_after_first_roster_keeps_the_best_so_far():
    s = bigger_state()
    assert s.solve(background=True)
    deadline = time.perf_counter() + 15
    while not s.progress and time.perf_counter() < deadline:
        time.sleep(0.02)
    s.stop()
    assert s.wait(20) and not s.busy
    assert s.result.has_roster and s.assignments
    assert s.status.startswith("Stoppet: bedste plan")
    assert s.result.status in ("FEASIBLE", "OPTIMAL")
    assert not [v for v in s.violations if v.mode is Mode.HARD]


def test_stop_works_and_second_solve_is_refused():
    s = bigger_state()
    t0 = time.perf_counter()
    assert s.solve(background=True)
    assert s.busy
    assert not s.solve(background=True)
    assert "arbejdes allerede" in s.status
    time.sleep(0.5)
    s.stop()
    assert s.wait(20)
    assert time.perf_counter() - t0 < 20
    assert not s.busy
    assert s.result is not None
    if s.result.has_roster:
        assert s.status.startswith("Stoppet: bedste plan")
        assert s.assignments
    else:
        assert s.status.startswith("Stoppet")


def test_explain_infeasible():
    inst = instance({"anna": "- -"}, demand=(Demand(shift="D", min=2, ideal=2),))
    s = WorkbenchState(
        instance=inst, ruleset=load_ruleset(BASE), time_limit_s=5, workers=1
    )
    s.solve()
    assert s.result.status == "INFEASIBLE"
    assert "Forklar" in s.status
    d = s.explain()
    assert d.feasible is False and d.causes
    assert s.diagnosis is d and not s.busy


def test_save_ruleset_round_trip(tmp_path):
    s = two_people_state()
    s.set_rule("coverage.ideal_staff", weight=33)
    path = s.save_ruleset(tmp_path / "lokal.yaml", base=BASE)
    again = load_ruleset(path)
    assert again.get("coverage.ideal_staff").weight == 33
    assert again.hash == s.ruleset.hash


def test_tables_are_cached_until_the_roster_changes(tiny_solved):
    s = fresh_tiny(tiny_solved)
    assert s.planning_instance() is s.planning_instance()
    t1 = s.traffic_light_table()
    assert s.traffic_light_table() is t1
    f1 = s.fairness_table()
    a = s.assignments[0]
    s.edit(a.employee_id, a.date, None)
    assert s.traffic_light_table() is not t1 and s.fairness_table() is not f1
    roster = s.roster_table()
    assert roster.shape == (6, 7)
    assert roster.loc[s.instance.employee(a.employee_id).name, a.date] == ""
    assert list(s.violations_table().columns)[:3] == ["regel", "id", "type"]
    assert set(s.rules_table()["id"]) == {e.id for e in s.ruleset.entries}


def test_solve_without_instance_is_refused():
    s = WorkbenchState()
    assert not s.solve()
    assert "Indlæs" in s.status
