import datetime as dt

from tests.helpers import employee, instance, roster
from workbench.domain import Wish, WishKind
from workbench.reporting import (
    GREEN, RED, YELLOW, fairness, fairness_spread, roster_light,
    traffic_light, traffic_light_summary,
)


def _light(table, eid, metric):
    row = table[(table.employee_id == eid) & (table.metric == metric)].iloc[0]
    return row.value, row.light


def test_traffic_light_known_answers():
    grid = {
        "anna": "N N N N N - - D D D D D D D",  # 5 nights in a row, 7 days in a row
        "bo": "A D - - - - - T - - - - - -",    # quick return A->D (8 h), one 06:00 start
    }
    inst = instance(grid)
    t = traffic_light(inst, roster(inst, grid))
    assert _light(t, "anna", "max_nights_in_row") == (5, RED)
    assert _light(t, "anna", "max_days_in_row") == (7, RED)
    assert _light(t, "bo", "quick_returns") == (1, YELLOW)
    assert _light(t, "bo", "early_starts") == (1, YELLOW)
    assert _light(t, "bo", "max_nights_in_row") == (0, GREEN)
    s = traffic_light_summary(t).set_index("employee_id")
    assert s.loc["anna", "light"] == RED and "nattevagter i træk: 5" in s.loc["anna", "reasons"]
    assert roster_light(t) == RED


def test_traffic_light_counts_history_nights():
    grid = {"anna": "N N - - - - -"}
    inst = instance(grid, history={"anna": "N N N"})
    t = traffic_light(inst, roster(inst, grid))
    assert _light(t, "anna", "max_nights_in_row") == (5, RED)


def test_fairness_per_fte_and_spread():
    grid = {"anna": "N N - - - A A", "bo": "- - - - - A A"}
    emps = {"bo": employee("bo", weekly_hours=18.5)}
    inst = instance(grid, employees=emps)
    inst = inst.model_copy(update={"wishes": (
        Wish(employee_id="anna", date=inst.start, kind=WishKind.DAY_OFF),
        Wish(employee_id="bo", date=inst.start + dt.timedelta(days=5), kind=WishKind.SHIFT, shift_id="A"),
    )})
    f = fairness(inst, roster(inst, grid)).set_index("employee_id")
    assert f.loc["anna", "nights"] == 2 and f.loc["bo", "nights"] == 0
    assert f.loc["bo", "weekend_shifts"] == 2 and f.loc["bo", "weekend_shifts_per_fte"] == 4.0
    assert f.loc["anna", "wishes_denied"] == 1 and f.loc["bo", "wishes_granted"] == 1
    sp = fairness_spread(f.reset_index()).set_index("burden")
    assert sp.loc["weekend_shifts", "worst_off"] == "Bo"
    assert sp.loc["weekend_shifts", "spread"] == 2.0


def test_fairness_counts_holidays():
    grid = {"anna": "D - -"}
    inst = instance(grid, start=dt.date(2026, 12, 25))  # juledag
    f = fairness(inst, roster(inst, grid))
    assert f.iloc[0]["holiday_shifts"] == 1
