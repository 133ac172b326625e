import datetime as dt

from tests.helpers import employee, instance, roster
from workbench.domain import Wish, WishKind
from workbench.reporting import (
    GREEN,
    RED,
    YELLOW,
    fairness,
    fairness_spread,
    roster_light,
    traffic_light,
    traffic_light_summary,
)


def _light(table, eid, metric):
    row = table[(table.employee_id == eid) & (table.metric == metric)].iloc[0]
    return row.value, row.light


def test_traffic_light_known_answers():
    grid = {
        "anna": "N N N N N - - D D D D D D D",  # 5 nights in a row, 7 days in a row
        "bo": "A D - - - - - T - - - - - -",  # quick return A->D (8 h), one 06:00 start
    }
    inst = instance(grid)
    t = traffic_light(inst, roster(inst, grid))
    assert _light(t, "anna", "max_nights_in_row") == (5, RED)
    assert _light(t, "anna", "max_days_in_row") == (7, RED)
    assert _light(t, "bo", "quick_returns") == (1, YELLOW)
    assert _light(t, "bo", "early_starts") == (1, YELLOW)
    assert _light(t, "bo", "max_nights_in_row") == (0, GREEN)
    s = traffic_light_summary(t).set_index("employee_id")
    assert (
        s.loc["anna", "light"] == RED
        and "nattevagter i træk: 5" in s.loc["anna", "reasons"]
    )
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
    inst = inst.model_copy(
        update={
            "wishes": (
                Wish(employee_id="anna", date=inst.start, kind=WishKind.DAY_OFF),
                Wish(
                    employee_id="bo",
                    date=inst.start + dt.timedelta(days=5),
                    kind=WishKind.SHIFT,
                    shift_id="A",
                ),
            )
        }
    )
    f = fairness(inst, roster(inst, grid)).set_index("employee_id")
    assert f.loc["anna", "nights"] == 2 and f.loc["bo", "nights"] == 0
    assert (
        f.loc["bo", "weekend_shifts"] == 2
        and f.loc["bo", "weekend_shifts_per_fte"] == 4.0
    )
    assert f.loc["anna", "wishes_denied"] == 1 and f.loc["bo", "wishes_granted"] == 1
    sp = fairness_spread(f.reset_index()).set_index("burden")
    assert sp.loc["weekend_shifts", "worst_off"] == "Bo"
    assert sp.loc["weekend_shifts", "spread"] == 2.0


def test_fairness_counts_holidays():
    grid = {"anna": "D - -"}
    inst = instance(grid, start=dt.date(2026, 12, 25))  # juledag
    f = fairness(inst, roster(inst, grid))
    assert f.iloc[0]["holiday_shifts"] == 1


# -- configuration from the rule set -------------------------------------------------

import pytest  # noqa: E402

from tests.helpers import config  # noqa: E402
from workbench.errors import RuleSetError  # noqa: E402
from workbench.reporting import (  # noqa: E402
    TrafficLightConfig,
    fairness_scores,
    worst_off,
)
from workbench.rulesets import dump_ruleset, load_ruleset  # noqa: E402
from workbench.scheduling.registry import Mode, RuleSet  # noqa: E402
from workbench.scheduling.rules import recommendations  # noqa: E402


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_traffic_light_thresholds_from_ruleset_file(tmp_path):
    _write(
        tmp_path,
        "parent.yaml",
        """
rules:
  coverage.min_staff:
traffic_light:
  max_nights_in_row: {yellow: 3, red: 4, source: "NFA 2020: højst 3 nætter i træk"}
""",
    )
    child = _write(
        tmp_path,
        "child.yaml",
        """
extends: parent.yaml
traffic_light:
  max_nights_in_row: {red: 6, source: "Lokalaftale 2026"}
  quick_returns: {label: "Korte hvil"}
""",
    )
    rs = load_ruleset(child)
    assert rs.traffic_light == {
        "max_nights_in_row": {"yellow": 3, "red": 6, "source": "Lokalaftale 2026"},
        "quick_returns": {"label": "Korte hvil"},
    }
    cfg = TrafficLightConfig.from_ruleset(rs)
    t = cfg.threshold("max_nights_in_row")
    assert (t.yellow, t.red, t.source) == (3, 6, "Lokalaftale 2026")
    assert cfg.threshold("quick_returns").label_da == "Korte hvil"
    grid = {"anna": "N N N N N - -"}
    inst = instance(grid)
    table = traffic_light(inst, roster(inst, grid), config=cfg)
    row = table[table.metric == "max_nights_in_row"].iloc[0]
    assert (row.value, row.light, row.source) == (5, YELLOW, "Lokalaftale 2026")
    # round trip
    dump_ruleset(rs, tmp_path / "out.yaml")
    assert load_ruleset(tmp_path / "out.yaml").traffic_light == rs.traffic_light


@pytest.mark.parametrize(
    "section, field, words",
    [
        ("traffic_light: [1]", "traffic_light", "skal være en tabel"),
        (
            "traffic_light:\n  max_night_in_row: {yellow: 1}",
            "traffic_light.max_night_in_row",
            "mente du 'max_nights_in_row'",
        ),
        (
            "traffic_light:\n  quick_returns: {yelow: 1}",
            "traffic_light.quick_returns.yelow",
            "ukendt nøgle",
        ),
        (
            "traffic_light:\n  quick_returns: {yellow: ja, source: x}",
            "traffic_light.quick_returns.yellow",
            "skal være et tal",
        ),
        (
            "traffic_light:\n  quick_returns: {yellow: 5, red: 2, source: x}",
            "traffic_light.quick_returns",
            "gul (5) må ikke ligge over rød (2)",
        ),
        (
            "traffic_light:\n  quick_returns: {yellow: 2}",
            "traffic_light.quick_returns.source",
            "skal have en kilde",
        ),
    ],
)
def test_traffic_light_section_is_validated_in_danish(tmp_path, section, field, words):
    p = _write(tmp_path, "bad.yaml", "rules:\n  coverage.min_staff:\n" + section + "\n")
    with pytest.raises(RuleSetError) as exc:
        load_ruleset(p)
    assert exc.value.field == field and words in str(exc.value)
    assert str(exc.value).startswith("bad.yaml") or "bad.yaml" in str(exc.value)


def test_traffic_light_night_and_weekend_follow_the_rules():
    # With include_sleep_in the rules count sleep-ins as nights: so does the light.
    grid = {"anna": "S S S S - - -", "bo": "- - - - N - -"}
    inst = instance(grid)
    plain = traffic_light(inst, roster(inst, grid))
    rs = RuleSet(
        "t",
        (
            config(
                recommendations.max_consecutive_nights, Mode.SOFT, include_sleep_in=True
            ),
        ),
    )
    cfg = TrafficLightConfig.from_ruleset(rs)
    assert cfg.night.include_sleep_in
    sleep = traffic_light(inst, roster(inst, grid), config=cfg)
    assert _light(plain, "anna", "max_nights_in_row") == (0, GREEN)
    assert _light(sleep, "anna", "max_nights_in_row") == (4, YELLOW)
    # Bo's Friday night (23-07) reaches into the weekend (Saturday 00:00) as
    # for the weekend rules; with a weekend from Saturday 08:00 it does not.
    assert _light(plain, "bo", "worked_weekends_share")[0] == 1.0
    late = RuleSet(
        "t",
        (
            config(
                recommendations.free_weekends, Mode.SOFT, weekend_start_time=dt.time(8)
            ),
        ),
    )
    t = traffic_light(
        inst, roster(inst, grid), config=TrafficLightConfig.from_ruleset(late)
    )
    assert _light(t, "bo", "worked_weekends_share")[0] == 0.0
    f = fairness(inst, roster(inst, grid)).set_index("employee_id")
    assert f.loc["bo", "weekend_shifts"] == 1 and f.loc["bo", "nights"] == 1


def test_fairness_across_plans_via_history_and_worst_off():
    grid = {"anna": "D D - - - - -", "bo": "N N - - - - -"}
    inst = instance(grid, history={"anna": "N N N - - A A", "bo": "- - - - - - -"})
    with_hist = fairness(inst, roster(inst, grid)).set_index("employee_id")
    plan_only = fairness(inst, roster(inst, grid), include_history=False).set_index(
        "employee_id"
    )
    assert with_hist.loc["anna", "nights"] == 3 and plan_only.loc["anna", "nights"] == 0
    assert with_hist.loc["anna", "weekend_shifts"] == 2  # the history weekend
    assert with_hist.loc["bo", "nights"] == 2 == plan_only.loc["bo", "nights"]
    sp = fairness_spread(with_hist.reset_index()).set_index("burden")
    assert sp.loc["nights", "worst_off"] == "Anna"
    assert (
        fairness_spread(plan_only.reset_index())
        .set_index("burden")
        .loc["nights", "worst_off"]
        == "Bo"
    )
    scores = fairness_scores(with_hist.reset_index())
    assert list(scores["employee_id"]) == ["anna", "bo"] and scores.iloc[0]["rank"] == 1
    w = worst_off(with_hist.reset_index())
    assert w["employee_id"] == "anna" and w["heaviest_burden"] in (
        "nights",
        "weekend_shifts",
    )


def test_sample_roster_traffic_light_and_fairness():
    from pathlib import Path

    from workbench.io import load_instance, load_roster
    from workbench.rulesets import load_ruleset

    root = Path(__file__).resolve().parent.parent
    inst = load_instance(root / "sample_data" / "bosted_solsikken")
    assignments = load_roster(
        root / "sample_data" / "bosted_solsikken" / "example_roster.csv", inst
    )
    rs = load_ruleset(root / "constraints" / "law_dk.yaml")
    cfg = TrafficLightConfig.from_ruleset(rs)
    t = traffic_light(inst, assignments, config=cfg)
    assert len(t) == 25 * len(cfg.thresholds)
    assert set(t.light) <= {GREEN, YELLOW, RED} and t.source.str.len().min() > 0
    s = traffic_light_summary(t)
    assert len(s) == 25 and roster_light(t) in (GREEN, YELLOW, RED)
    f = fairness(inst, assignments, config=cfg)
    assert len(f) == 25 and f.nights.sum() == sum(
        1 for a in assignments if a.shift_id == "N"
    ) + sum(1 for a in inst.history if a.shift_id == "N")
    assert worst_off(f)["employee_id"] in set(f.employee_id)


def test_report_json_has_people_and_why_sections():
    import json

    from workbench.domain import Demand
    from workbench.engine import SolverSettings, plan
    from workbench.report import build_report
    from workbench.scheduling.rules import coverage

    inst = instance(
        {"anna": "- - - - - - -", "bo": "- - - - - - -"},
        demand=(Demand(shift="N", min=0, ideal=1),),
    )
    rs = RuleSet(
        "t",
        (
            config(coverage.one_shift_per_day),
            config(coverage.ideal_staff, Mode.SOFT, weight=20),
            config(recommendations.max_consecutive_nights, Mode.SOFT, weight=50),
        ),
        traffic_light={"max_nights_in_row": {"yellow": 2, "red": 3, "source": "test"}},
    )
    pr = plan(inst, rs, SolverSettings(time_limit_s=5, workers=1))
    rep = build_report(inst, rs, pr)
    json.dumps(rep)
    assert rep["roster_light"] in (GREEN, YELLOW, RED)
    rows = [r for r in rep["traffic_light"] if r["metric"] == "max_nights_in_row"]
    assert {r["source"] for r in rows} == {"test"}
    assert {r["employee_id"] for r in rep["why_roster"]["employees"]} == {"anna", "bo"}
    assert rep["why_roster"]["alternatives"] is None
    assert rep["worst_off"]["employee_id"] in ("anna", "bo")
    assert len(rep["fairness_scores"]) == 2


def test_report_json_alternatives_behind_a_flag():
    import json

    from workbench.domain import Demand, Wish, WishKind
    from workbench.engine import SolverSettings, plan
    from workbench.report import build_report
    from workbench.scheduling.rules import coverage

    inst = instance({"anna": "-"}, demand=(Demand(shift="D", min=0, ideal=1),))
    inst = inst.model_copy(
        update={
            "wishes": (
                Wish(
                    employee_id="anna",
                    date=inst.start,
                    kind=WishKind.DAY_OFF,
                    priority=3,
                ),
            )
        }
    )
    rs = RuleSet(
        "t",
        (
            config(coverage.one_shift_per_day),
            config(coverage.ideal_staff, Mode.SOFT, weight=20),
            config(recommendations.wishes_granted, Mode.SOFT, weight=5),
        ),
    )
    pr = plan(inst, rs, SolverSettings(time_limit_s=5, workers=1))
    rep = build_report(inst, rs, pr, alternatives=True)
    json.dumps(rep)
    (alt,) = rep["why_roster"]["alternatives"]
    assert alt["rule_id"] == "wishes.granted" and alt["price_per_unit"] == 6.67
