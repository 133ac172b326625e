"""The views render and act without a front end."""

from __future__ import annotations

import datetime as dt

import ipywidgets as ipw
import pytest

from tests.widgets.test_state import LAW, TINY, fresh_tiny, two_people_state
from workbench.widgets import (
    ExplainView,
    RosterGrid,
    RulesPanel,
    SolvePanel,
    TimelineView,
    WorkbenchApp,
    WorkbenchState,
    roster_html,
)


@pytest.fixture(scope="module")
def solved() -> WorkbenchState:
    s = WorkbenchState.from_paths(TINY, LAW, time_limit_s=5, workers=1)
    s.solve()
    return s


def test_app_renders_every_tab_headless(solved):
    app = WorkbenchApp(fresh_tiny(solved))
    assert app.panels[0].rendered and not app.panels[1].rendered  # lazy
    app.tabs.selected_index = 1
    assert app.panels[1].rendered
    app.render_all()
    assert all(p.rendered for p in app.panels)
    assert list(app.tabs.titles) == [
        "Løs",
        "Vagtplan",
        "Tidslinje",
        "Regler",
        "Forklaring",
    ]
    bundle = app._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert (
        "Lille Testenhed" in bundle["text/html"] and "wb-roster" in bundle["text/html"]
    )


def test_app_from_paths_auto_solve():
    app = WorkbenchApp.from_paths(TINY, LAW, time_limit_s=5, workers=1, auto_solve=True)
    assert app.state.result.status == "OPTIMAL"
    assert "Plan fundet" in app.status.value and "⏳" not in app.status.value


def _row(panel: RulesPanel, rule_id: str):
    return panel.rows[rule_id]


def test_rules_panel_changes_and_refuses_in_danish():
    s = two_people_state()
    panel = RulesPanel(s).render()
    assert any(
        isinstance(c, ipw.HTML) and "Lokale principper" in c.value
        for c in panel.children
    )
    row = _row(panel, "coverage.max_staff")
    before = s.ruleset
    row.params["over_ideal"].value = -1
    assert "skal være mindst 0" in row.error.value
    assert s.ruleset is before
    assert row.params["over_ideal"].value == 0  # snapped back
    row.params["over_ideal"].value = 2
    assert s.ruleset.get("coverage.max_staff").params.over_ideal == 2
    assert row.error.value == ""
    ideal = _row(panel, "coverage.ideal_staff")
    ideal.weight.value = 77
    assert s.ruleset.get("coverage.ideal_staff").weight == 77
    ideal.enabled.value = False
    assert not s.ruleset.get("coverage.ideal_staff").enabled
    assert ideal.mode.disabled  # soft only
    # an absent rule can be switched on from the panel
    rest = _row(panel, "rest.daily")
    assert not rest.enabled.value
    rest.enabled.value = True
    assert s.ruleset.get("rest.daily").enabled
    # a text editor (optional param) refuses nonsense
    rest.params["reduced_min_hours"].value = "otte"
    assert "heltal" in rest.error.value
    assert s.ruleset.get("rest.daily").params.reduced_min_hours is None
    assert rest.params["reduced_min_hours"].value == ""


def test_solve_panel_solves_in_background_and_plots():
    s = two_people_state()
    panel = SolvePanel(s).render()
    panel.time_limit.value = 7
    assert s.time_limit_s == 7
    panel.solve_button.click()
    assert s.wait(20)
    assert s.result.status == "OPTIMAL" and s.elapsed_s > 0
    assert panel.bar.value == 1.0 and not panel.solve_button.disabled
    assert panel.stop_button.disabled
    assert (
        panel.plot.outputs
        and "application/vnd.plotly.v1+json" in panel.plot.outputs[0]["data"]
    )
    assert "straf" in panel.numbers.value


def test_roster_grid_click_edit_and_violation_tooltip(solved):
    s = fresh_tiny(solved)
    grid = RosterGrid(s).render()
    assert grid.use_buttons and len(grid.buttons) == 6 * 7
    day = s.instance.start
    night = next(a for a in s.assignments if a.date == day and a.shift_id == "N")
    grid.buttons[night.employee_id, day].click()
    assert grid.employee.value == night.employee_id and grid.day.value == day
    assert grid.shift.value == "N"
    grid.shift.value = ""
    grid.apply_button.click()
    assert s.cell(night.employee_id, day) is None
    header = grid.headers[day].value
    assert "minimum er 1" in header and "#d00" in header  # staffing is a day violation
    # pin toggle: lock the night back on its employee (the solved roster, so
    # no rule is broken and the cell shows the lock, not a violation)
    other = night.employee_id
    grid.select(other, day)
    grid.shift.value = "N"
    grid.locked.value = True
    grid.apply_button.click()
    assert s.is_pinned(other, day) and s.cell(other, day) == "N"
    b = grid.buttons[other, day]
    assert b.description == "N" and "Låst" in b.tooltip and "#1f4e9c" in b.layout.border


def test_roster_html_marks_weekends_holidays_and_violations(solved):
    s = fresh_tiny(solved)
    unit = s.instance.unit

    def at_minimum(a):
        dem = unit.demand_for(a.shift_id, a.date)
        on = sum(1 for b in s.assignments if (b.date, b.shift_id) == (a.date, a.shift_id))
        return dem is not None and on == dem.min

    a = next(a for a in s.assignments if at_minimum(a))  # removing it breaks the minimum
    s.edit(a.employee_id, a.date, None)
    html = roster_html(s)
    assert "wb-weekend" in html and "wb-viol" in html
    assert "minimum er" in html
    assert 'class="wb-holiday' not in html  # 4.–10. January 2027 has no søgnehelligdag
    s2 = WorkbenchState(
        instance=s.instance.with_period(dt.date(2026, 12, 21), 1), ruleset=s.ruleset
    )
    assert 'class="wb-holiday' in roster_html(s2)  # 1. and 2. juledag


def test_timeline_and_explain_views_render(solved):
    s = fresh_tiny(solved)
    tl = TimelineView(s).render()
    assert tl.out.outputs
    ex = ExplainView(s).render()
    assert "Trafiklys" in ex.tables.value and "Retfærdighed" in ex.tables.value
    a = s.assignments[0]
    s.edit(a.employee_id, a.date, None)
    assert "Brud og afvigelser" in ex.tables.value


def test_explain_view_shows_diagnosis():
    from tests.helpers import instance
    from workbench.domain import Demand
    from workbench.rulesets import CONSTRAINTS_DIR, load_ruleset

    inst = instance({"anna": "- -"}, demand=(Demand(shift="D", min=2, ideal=2),))
    s = WorkbenchState(
        instance=inst,
        ruleset=load_ruleset(CONSTRAINTS_DIR / "base.yaml"),
        time_limit_s=5,
        workers=1,
    )
    ex = ExplainView(s).render()
    ex.explain_button.click()
    assert "ingen vagtplan" in ex.diagnosis.value


def test_roster_grid_falls_back_to_html_for_big_plans(solved, monkeypatch):
    import workbench.widgets.roster as roster_mod

    monkeypatch.setattr(roster_mod, "MAX_BUTTON_CELLS", 10)
    s = fresh_tiny(solved)
    grid = RosterGrid(s).render()
    assert not grid.use_buttons and not grid.buttons
    assert "wb-roster" in grid.table.value
    a = s.assignments[0]
    grid.select(a.employee_id, a.date)
    grid.shift.value = ""
    grid._on_apply()
    assert s.cell(a.employee_id, a.date) is None
    assert "wb-viol" in grid.table.value or "Ingen brud" in grid.message.value


def test_generated_editors_round_trip_every_rules_parameters():
    from workbench.widgets.rules import editor_value

    s = two_people_state()
    panel = RulesPanel(s).render()
    assert set(panel.rows) == set(s.registry)
    for rid, row in panel.rows.items():
        for name, widget in row.params.items():
            s.set_rule(rid, params={name: editor_value(widget)})  # must not raise
        assert row.error.value == "", rid
