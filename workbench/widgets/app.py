"""WorkbenchApp: the planner's workbench, composed of the panels as tabs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ipywidgets as ipw

from workbench.widgets._html import CSS, esc
from workbench.widgets.base import Panel
from workbench.widgets.roster import RosterGrid, roster_html
from workbench.widgets.rules import RulesPanel
from workbench.widgets.solve import SolvePanel
from workbench.widgets.state import WorkbenchState
from workbench.widgets.views import ExplainView, TimelineView, explain_tables_html


def header_html(state: WorkbenchState) -> str:
    """Unit, period and rule set as a heading."""
    inst, rs = state.instance, state.ruleset
    if inst is None:
        return "<h3>Vagtplan-workbench</h3>"
    return (
        f"<h3>Vagtplan for {esc(inst.unit.name)}</h3>"
        f"<p>{inst.start:%d.%m.%Y}–{inst.end:%d.%m.%Y} ({inst.n_days} dage), "
        f"{len(inst.employees)} medarbejdere, "
        f"regelsæt <b>{esc(rs.name if rs else '–')}</b>"
        f"{f' ({esc(rs.hash)})' if rs else ''}.</p>"
    )


class WorkbenchApp(ipw.VBox):
    """Tabs: Løs, Vagtplan, Tidslinje, Regler, Forklaring.

    Each tab is rendered when it is first selected. Displayed without a
    front end (papermill, nbconvert), the app also gives an HTML rendering
    of the status and the roster.
    """

    def __init__(
        self, state: WorkbenchState, auto_solve: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.state = state
        self.header = ipw.HTML(header_html(state))
        self.status = ipw.HTML()
        self.panels: list[Panel] = [
            SolvePanel(state),
            RosterGrid(state),
            TimelineView(state),
            RulesPanel(state),
            ExplainView(state),
        ]
        self.tabs = ipw.Tab(children=self.panels)
        self.tabs.titles = tuple(p.title_da for p in self.panels)
        self.tabs.observe(self._on_tab, names="selected_index")
        self.children = [self.header, self.status, self.tabs]
        state.observe(self._on_status, names="status")
        state.observe(lambda _c: self._on_status({"new": state.status}), names="busy")
        state.observe(self._on_header, names="ruleset")
        self._on_status({"new": state.status})
        if auto_solve:
            state.solve(background=False)
        self.tabs.selected_index = 0
        self.panels[0].render()

    @classmethod
    def from_paths(
        cls,
        unit_dir: str | Path,
        ruleset_path: str | Path | None = None,
        *,
        start: dt.date | str | None = None,
        weeks: int | None = None,
        time_limit_s: float = 30.0,
        workers: int = 2,
        seed: int = 0,
        auto_solve: bool = False,
    ) -> WorkbenchApp:
        """Load a unit and a rule set and build the app (the notebook's one call)."""
        state = WorkbenchState.from_paths(
            unit_dir,
            ruleset_path,
            start=start,
            weeks=weeks,
            time_limit_s=time_limit_s,
            workers=workers,
            seed=seed,
        )
        return cls(state, auto_solve=auto_solve)

    def render_all(self) -> WorkbenchApp:
        """Render every tab (tests, static export)."""
        for p in self.panels:
            p.render()
        return self

    def _on_tab(self, change: dict) -> None:
        idx = change["new"]
        if idx is not None:
            self.panels[idx].render()

    def _on_status(self, change: dict) -> None:
        busy = " ⏳" if self.state.busy else ""
        self.status.value = f"<p><b>Status:</b> {esc(change['new'])}{busy}</p>"

    def _on_header(self, _change: dict) -> None:
        self.header.value = header_html(self.state)

    def to_html(self) -> str:
        """A static HTML view: heading, status, roster and tables."""
        s = self.state
        parts = [CSS, header_html(s), f"<p><b>Status:</b> {esc(s.status)}</p>"]
        if s.assignments:
            parts += ["<h4>Vagtplan</h4>", roster_html(s), explain_tables_html(s)]
        return "".join(parts)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/html"] = self.to_html()
        return data
