"""The seeded unit generator and the unit-directory writer."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path

import pytest
import yaml

from workbench.domain import (
    Absence,
    Assignment,
    Employee,
    Pin,
    PlanningInstance,
    ShiftKind,
    Unit,
    Wish,
)
from workbench.generator import (
    DEFAULT_START,
    EMPLOYEE_COLUMNS,
    capacity,
    eligible,
    generate_unit,
    main,
    write_unit,
)
from workbench.scheduling.checks import check
from workbench.scheduling.registry import RuleSet, default_config
from workbench.scheduling.rules import REGISTRY

BOOL = {"ja": True, "nej": False, "true": True, "false": False, "1": True, "0": False}
LIST_COLUMNS = ("qualifications", "fixed_days_off")
BOOL_COLUMNS = ("lone_work_cleared", "fixed_night", "night_exempt", "senior_no_nights")


# -- a minimal reader: yaml/csv straight into the pydantic domain objects ---------


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _employee(row: dict[str, str]) -> Employee:
    kw: dict[str, object] = {
        "id": row["employee_id"],
        "name": row["name"],
        "weekly_hours": float(row["weekly_hours"]),
    }
    for key, value in row.items():
        if key in ("employee_id", "name", "weekly_hours") or not value:
            continue
        if key in LIST_COLUMNS:
            kw[key] = frozenset(value.split(";"))
        elif key in BOOL_COLUMNS:
            kw[key] = BOOL[value.lower()]
        else:
            kw[key] = value
    return Employee(**kw)  # type: ignore[arg-type]


def parse_unit_dir(directory: Path) -> PlanningInstance:
    """Read a unit directory with yaml/csv and pydantic only (no workbench.io)."""
    raw = yaml.safe_load((directory / "unit.yaml").read_text(encoding="utf-8"))
    unit = Unit(**raw)
    return PlanningInstance(
        unit=unit,
        employees=tuple(_employee(r) for r in _rows(directory / "employees.csv")),
        start=unit.period.start,
        weeks=unit.period.weeks,
        absences=tuple(
            Absence(
                employee_id=r["employee_id"],
                start=r["from"],
                end=r["to"],
                type=r["type"],
            )
            for r in _rows(directory / "absences.csv")
        ),
        wishes=tuple(
            Wish(
                employee_id=r["employee_id"],
                date=r["date"],
                kind=r["wish"],
                shift_id=r["shift_id"] or None,
                priority=int(r["priority"] or 1),
            )
            for r in _rows(directory / "wishes.csv")
        ),
        history=tuple(Assignment(**r) for r in _rows(directory / "history.csv")),
        pins=tuple(
            Pin(
                employee_id=r["employee_id"],
                date=r["date"],
                shift_id=r["shift_id"] or None,
            )
            for r in _rows(directory / "pins.csv")
        ),
    )


# -- generation -------------------------------------------------------------------


@pytest.fixture(scope="module")
def unit25() -> PlanningInstance:
    return generate_unit(25, 4, seed=3)


def test_generate_unit_is_deterministic_for_a_seed() -> None:
    a = generate_unit(30, 4, seed=11)
    b = generate_unit(30, 4, seed=11)
    assert a == b
    assert generate_unit(30, 4, seed=12) != a


@pytest.mark.parametrize(("n", "weeks"), [(10, 4), (25, 4), (60, 12), (150, 12)])
def test_generate_unit_sizes(n: int, weeks: int) -> None:
    inst = generate_unit(n, weeks, seed=1)
    assert len(inst.employees) == n
    assert len({e.id for e in inst.employees}) == n
    assert len({e.name for e in inst.employees}) == n
    assert (
        inst.start == DEFAULT_START and inst.weeks == weeks and inst.n_days == 7 * weeks
    )
    assert inst.unit.period.start == inst.start and inst.unit.period.weeks == weeks
    # Absences on about 8 % of the person-days, none overlapping per employee.
    days = sum(1 for a in inst.absences for d in inst.days if a.covers(d))
    assert 0.05 <= days / (n * inst.n_days) <= 0.11
    for e in inst.employees:
        mine = sorted((a.start, a.end) for a in inst.absences if a.employee_id == e.id)
        assert all(prev[1] < nxt[0] for prev, nxt in itertools.pairwise(mine))
    # About 0.2 wishes per employee and week, none on an absence day.
    assert 0.15 * n * weeks <= len(inst.wishes) <= 0.25 * n * weeks + 1
    absent = {
        (a.employee_id, d) for a in inst.absences for d in inst.days if a.covers(d)
    }
    assert not any((w.employee_id, w.date) in absent for w in inst.wishes)
    # 14 days of history, all before the start, and substantial.
    assert inst.history
    assert all(
        inst.start - dt.timedelta(days=14) <= a.date < inst.start for a in inst.history
    )
    assert len(inst.history) >= 2 * n


@pytest.mark.parametrize("n", [10, 25, 60, 150])
@pytest.mark.parametrize("seed", [1, 2])
def test_generate_unit_capacity_ratio_within_bounds(n: int, seed: int) -> None:
    cap = capacity(generate_unit(n, 4, seed=seed))
    assert 0.77 <= cap.min_share_of_contract <= 0.85
    assert cap.min_share_of_available <= 0.93
    assert 1.0 <= cap.ideal_share_of_available <= 1.12


def test_generate_unit_special_employees(unit25: PlanningInstance) -> None:
    inst = unit25
    emps = inst.employees
    pregnant = [e for e in emps if e.pregnant_from is not None]
    assert pregnant and all(
        e.pregnant_on(inst.start) and e.pregnant_on(inst.end) for e in pregnant
    )
    seniors = [e for e in emps if e.senior_shift is not None or e.senior_no_nights]
    assert {e.senior_shift for e in seniors} >= {ShiftKind.DAY, None}
    assert all(
        inst.start.year - e.birth_date.year >= 59 for e in seniors if e.birth_date
    )
    assert any(e.fixed_night and e.lone_work_cleared for e in emps)
    reduced = [e for e in emps if e.max_shift_hours is not None]
    assert reduced and all(
        e.max_shift_hours == 6 and e.max_weekly_hours == 25 for e in reduced
    )
    # The reduced-capacity staff have a short shift with demand to work.
    short = [t for t in inst.unit.shifts if eligible(reduced[0], t, inst.start)]
    assert short and any(inst.unit.demand_for(t.id, inst.start) for t in short)
    quals = [q for e in emps for q in e.qualifications]
    for q in ("pædagog", "pædagogisk_assistent", "omsorgsmedhjælper", "medicin"):
        assert q in quals
    assert {e.weekly_hours for e in emps} >= {37.0, 24.0, 28.0}


def test_generate_unit_qualified_staff_suffice(unit25: PlanningInstance) -> None:
    inst = unit25
    week = inst.days[:7]
    for q in inst.unit.qualification_demand:
        slots = sum(
            q.min
            for d in week
            for t in inst.unit.shifts
            if t.id in q.shifts and inst.unit.demand_for(t.id, d)
        )
        holders = [e for e in inst.employees if q.qualification in e.qualifications]
        assert 3.5 * len(holders) >= slots, q.qualification


def test_generate_unit_nights_are_never_lone(unit25: PlanningInstance) -> None:
    unit = unit25.unit
    assert unit.lone_work.no_lone_shifts == ("N",)
    for d in unit25.days[:7]:
        assert unit.demand_for("S", d).min >= 1 and unit.demand_for("N", d).min >= 1


def test_generate_unit_history_keeps_rest_and_fridoegn() -> None:
    inst = generate_unit(40, 4, seed=5)
    first = min(a.date for a in inst.history)
    as_plan = inst.model_copy(
        update={"start": first, "weeks": 2, "history": (), "absences": (), "wishes": ()}
    )
    rs = RuleSet(
        "rest",
        tuple(
            default_config(REGISTRY[r])
            for r in (
                "rest.daily",
                "rest.weekly_fridoegn",
                "coverage.one_shift_per_day",
            )
        ),
    )
    assert check(as_plan, list(inst.history), rs) == []
    for a in inst.history:
        assert eligible(
            inst.employee(a.employee_id), inst.unit.shift(a.shift_id), a.date
        )


def test_generate_unit_rejects_bad_sizes() -> None:
    with pytest.raises(ValueError):
        generate_unit(2, 4, seed=1)
    with pytest.raises(ValueError):
        generate_unit(25, 0, seed=1)


# -- writing ----------------------------------------------------------------------


def test_write_unit_parses_back_with_pydantic(
    tmp_path: Path, unit25: PlanningInstance
) -> None:
    out = write_unit(unit25, tmp_path / "unit")
    names = {p.name for p in out.iterdir()}
    assert names == {
        "unit.yaml",
        "employees.csv",
        "absences.csv",
        "wishes.csv",
        "history.csv",
    }
    with (out / "employees.csv").open(encoding="utf-8") as f:
        assert tuple(next(csv.reader(f))) == EMPLOYEE_COLUMNS
    assert "pædagog" in (out / "employees.csv").read_text(encoding="utf-8")
    assert parse_unit_dir(out) == unit25


def test_write_unit_loads_with_workbench_io(
    tmp_path: Path, unit25: PlanningInstance
) -> None:
    io = pytest.importorskip("workbench.io")
    out = write_unit(unit25, tmp_path / "unit")
    assert io.load_instance(out) == unit25


def test_write_unit_writes_pins_and_period(tmp_path: Path) -> None:
    inst = generate_unit(12, 2, seed=4, history_days=0)
    e = inst.employees[0].id
    pins = (
        Pin(employee_id=e, date=inst.start, shift_id="D"),
        Pin(employee_id=e, date=inst.start + dt.timedelta(days=1), shift_id=None),
    )
    inst = inst.model_copy(update={"pins": pins})
    out = write_unit(inst, tmp_path / "u")
    assert not (out / "history.csv").exists()
    assert parse_unit_dir(out) == inst


def test_generator_main_writes_a_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "gen"
    assert (
        main(["--staff", "15", "--weeks", "2", "--seed", "1", "--out", str(out)]) == 0
    )
    assert "medarbejdere" in capsys.readouterr().out
    inst = parse_unit_dir(out)
    assert inst == generate_unit(15, 2, seed=1)
    assert main(["--staff", "1", "--out", str(tmp_path / "bad")]) == 2
