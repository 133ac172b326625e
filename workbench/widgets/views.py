"""TimelineView and ExplainView."""

from __future__ import annotations

import ipywidgets as ipw

from workbench.errors import WorkbenchError
from workbench.plots import timeline_figure
from workbench.widgets._html import CSS, esc, show_figure, table_html
from workbench.widgets.base import Panel

TL_SUMMARY_DA = {"name": "medarbejder", "light": "lys", "reasons": "årsager"}
BURDEN_DA = {
    "nights": "nattevagter",
    "evenings": "aftenvagter",
    "weekend_shifts": "weekendvagter",
    "holiday_shifts": "helligdagsvagter",
    "quick_returns": "hvil under 11 t",
}
SPREAD_DA = {
    "burden": "byrde",
    "min_per_fte": "min pr. fuldtid",
    "max_per_fte": "max pr. fuldtid",
    "spread": "spredning",
    "std": "std.afv.",
    "worst_off": "hårdest ramt",
}
FAIR_DA = {
    "name": "medarbejder",
    "weekly_hours": "timer/uge",
    "nights": "nætter",
    "evenings": "aftener",
    "weekend_shifts": "weekendvagter",
    "holiday_shifts": "helligdagsvagter",
    "quick_returns": "hvil < 11 t",
    "wishes_granted": "ønsker opfyldt",
    "wishes_denied": "ønsker ikke opfyldt",
}


class TimelineView(Panel):
    """The roster as a plotly timeline (true shift lengths across DST)."""

    title_da = "Tidslinje"

    def _render(self) -> None:
        self.out = ipw.Output()
        self.children = [self.out]
        self.state.observe(self._on_change, names="assignments")
        self.refresh()

    def _on_change(self, _change: dict) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Redraw the figure."""
        s = self.state
        show_figure(self.out, timeline_figure(s.instance, s.assignments, s.names()))


class ExplainView(Panel):
    """Why there is no roster, the traffic light and fairness of the roster."""

    title_da = "Forklaring"

    def _render(self) -> None:
        self.explain_button = ipw.Button(
            description="Forklar",
            icon="question",
            tooltip="Find ud af, hvilke hårde regler der ikke kan overholdes samtidig.",
        )
        self.explain_button.on_click(self._on_explain)
        self.diagnosis = ipw.HTML("")
        self.tables = ipw.HTML("")
        self.children = [self.explain_button, self.diagnosis, self.tables]
        for name in ("violations", "assignments", "diagnosis"):
            self.state.observe(self._on_change, names=name)
        self.refresh()

    def _on_explain(self, _b: ipw.Button | None = None) -> None:
        try:
            self.state.explain()
        except WorkbenchError as exc:
            self.diagnosis.value = f'<p style="color:#b00020">{esc(exc)}</p>'

    def _on_change(self, _change: dict) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Redraw the diagnosis and the tables."""
        self.diagnosis.value = diagnosis_html(self.state)
        self.tables.value = explain_tables_html(self.state)


def diagnosis_html(state) -> str:  # type: ignore[no-untyped-def]
    """The last diagnosis as HTML ('' before one)."""
    d = state.diagnosis
    if d is None:
        return ""
    lines = esc(d.text_da()).replace("\n", "<br>")
    colour = "#1b5e20" if d.feasible else "#b00020"
    return f'<div style="border-left:4px solid {colour};padding:4px 8px">{lines}</div>'


def explain_tables_html(state) -> str:  # type: ignore[no-untyped-def]
    """Violations, traffic light and fairness of the current roster as HTML."""
    if not state.assignments:
        return "<p><i>Der er endnu ingen vagtplan.</i></p>"
    viol = state.violations_table().drop(columns=["id"])
    tls = state.traffic_light_summary_table()
    tls = tls[[c for c in TL_SUMMARY_DA if c in tls]].rename(columns=TL_SUMMARY_DA)
    spread = state.fairness_spread_table().copy()
    if "burden" in spread:
        spread["burden"] = spread["burden"].map(lambda b: BURDEN_DA.get(b, b))
    spread = spread.rename(columns=SPREAD_DA)
    fair = state.fairness_table()
    fair = fair[[c for c in FAIR_DA if c in fair]].rename(columns=FAIR_DA)
    return (
        CSS
        + "<h4>Brud og afvigelser</h4>"
        + table_html(viol, empty="Ingen brud på reglerne.")
        + "<h4>Trafiklys (belastning pr. medarbejder)</h4>"
        + table_html(tls, light_columns=["lys"])
        + "<h4>Retfærdighed: spredning pr. fuldtid</h4>"
        + table_html(spread)
        + "<h4>Retfærdighed pr. medarbejder</h4>"
        + table_html(fair)
    )
