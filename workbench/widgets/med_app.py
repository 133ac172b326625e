"""MedReviewApp: the Lokal-MED review of a rule set and a roster.

Shows the principles of the rule set in plain Danish (law, agreement,
recommendations, local), the 14 recommendations one by one, staffing
against demand by hour, the traffic light and fairness, and a side-by-side
comparison with a second rule set. It shows no sensitive personal data:
staff are pseudonymised unless ``show_names=True``, and nothing about
pregnancy, health, reduced capacity, birth dates or absence types is shown.
All numbers come from :mod:`workbench.med`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ipywidgets as ipw
import pandas as pd

from workbench import med
from workbench.errors import WorkbenchError
from workbench.plots import staffing_figure
from workbench.rulesets import load_ruleset, show_path
from workbench.scheduling.registry import RuleSet
from workbench.widgets._html import CSS, day_label, esc, show_figure, table_html
from workbench.widgets.state import WorkbenchState

SECTIONS = (
    ("principles", "Principper"),
    ("recommendations", "De 14 anbefalinger"),
    ("staffing", "Bemanding"),
    ("load", "Trafiklys og retfærdighed"),
    ("compare", "Sammenligning"),
)


class MedReviewApp(ipw.VBox):
    """The Lokal-MED review (tabs), pseudonymised by default."""

    def __init__(
        self,
        state: WorkbenchState,
        *,
        show_names: bool = False,
        compare_ruleset: RuleSet | None = None,
        compare_note: str = "",
        auto_solve: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.state = state
        self.show_names = show_names
        self.compare_ruleset = compare_ruleset
        self.compare_note = compare_note
        self.comparison: tuple[pd.DataFrame, pd.DataFrame] | None = None
        if auto_solve and not state.assignments:
            state.solve(background=False)
        self.header = ipw.HTML()
        self.sections = {key: ipw.HTML() for key, _ in SECTIONS}
        self.staffing_plot = ipw.Output()
        self.compare_button = ipw.Button(
            description="Sammenlign regelsæt",
            icon="balance-scale",
            disabled=compare_ruleset is None,
            layout=ipw.Layout(width="220px"),
        )
        self.compare_button.on_click(lambda _b: self.compare())
        pages = []
        for key, _ in SECTIONS:
            children: list[ipw.Widget] = [self.sections[key]]
            if key == "staffing":
                children.append(self.staffing_plot)
            if key == "compare":
                children.insert(0, self.compare_button)
            pages.append(ipw.VBox(children))
        self.tabs = ipw.Tab(children=pages)
        self.tabs.titles = tuple(t for _, t in SECTIONS)
        self.children = [self.header, self.tabs]
        if auto_solve and compare_ruleset is not None:
            self.compare()
        self.refresh()
        state.observe(lambda _c: self.refresh(), names="revision")

    @classmethod
    def from_paths(
        cls,
        unit_dir: str | Path,
        rules: str | Path | None = None,
        *,
        roster: str | Path | None = None,
        compare: str | Path | None = None,
        start: dt.date | str | None = None,
        weeks: int | None = None,
        time_limit_s: float = 30.0,
        workers: int = 2,
        seed: int = 0,
        show_names: bool = False,
        auto_solve: bool = True,
    ) -> MedReviewApp:
        """Load a unit, a rule set and a roster (or solve one) for the review.

        Args:
            unit_dir: The unit directory.
            rules: The rule set under review (default law_dk).
            roster: A ``roster.csv`` to review; without it a roster is solved
                when ``auto_solve`` is true.
            compare: A second rule set for the side-by-side comparison; a
                missing file is noted, not an error.
            show_names: Show the staff's names instead of pseudonyms.
            auto_solve: Solve (and compare) right away, synchronously.
        """
        state = WorkbenchState.from_paths(
            unit_dir,
            rules,
            start=start,
            weeks=weeks,
            time_limit_s=time_limit_s,
            workers=workers,
            seed=seed,
        )
        if roster:
            state.load_roster(roster)
        other, note = None, ""
        if compare:
            if Path(compare).is_file():
                other = load_ruleset(compare)
            else:
                note = (
                    f"Regelsættet {show_path(compare)} findes ikke, så der er "
                    "intet at sammenligne med."
                )
        return cls(
            state,
            show_names=show_names,
            compare_ruleset=other,
            compare_note=note,
            auto_solve=auto_solve,
        )

    # -- content --------------------------------------------------------------

    @property
    def labels(self) -> dict[str, str]:
        """Employee id -> the shown label."""
        return med.pseudonyms(self.state.instance, self.show_names)

    def compare(self) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        """Solve under the second rule set and compare the two rosters."""
        s = self.state
        other = self.compare_ruleset
        if other is None:
            return None
        try:
            if not s.assignments:
                s.solve(background=False)
            res = s.solve_with(other)
        except WorkbenchError as exc:
            self.compare_note = f"Sammenligningen mislykkedes: {exc}"
            self.refresh()
            return None
        a_name, b_name = s.ruleset.name, other.name
        if a_name == b_name:
            b_name = f"{b_name} (2)"
        rosters = {a_name: (s.assignments, s.violations)}
        if res.has_roster:
            rosters[b_name] = (res.assignments, res.violations)
            self.compare_note = ""
        else:
            self.compare_note = (
                f"Med regelsættet {other.name} blev der ikke fundet en "
                f"plan ({res.status})."
            )
        measures = med.compare_rosters(s.instance, rosters)
        rules = med.compare_rulesets(s.ruleset, other, s.registry)
        self.comparison = (measures, rules)
        self.refresh()
        return self.comparison

    def section_html(self, key: str) -> str:
        """The HTML of one section."""
        s = self.state
        if key == "principles":
            return _principles_html(s.ruleset, s.registry)
        if not s.assignments:
            if key == "compare":
                return self._compare_html()
            return "<p><i>Der er ingen vagtplan at vurdere endnu.</i></p>"
        if key == "recommendations":
            t = med.recommendations(s.instance, s.assignments, s.ruleset, s.registry)
            return (
                "<p>De 14 anbefalinger for skifteholdsarbejde (NARFE/Eurofound; "
                "tærskler fra NFA 2020, hvor de findes). '–' betyder, at det "
                "vurderes lokalt.</p>" + table_html(t, light_columns=["vurdering"])
            )
        if key == "staffing":
            table = med.staffing_by_hour(s.instance, s.assignments)
            summ = med.staffing_summary(table)
            prof = med.staffing_profile(table)
            under = table[table["forskel"] < 0]
            return (
                f"<p>Mandetimer under minimum: {esc(summ['under_minimum'])}; "
                f"under ønsket: {esc(summ['under_ønsket'])}; "
                f"over ønsket: {esc(summ['over_ønsket'])}.</p>"
                + (
                    "<h4>Timer under minimum</h4>"
                    + table_html(
                        under.assign(
                            start=[f"{t:%d.%m. %H:%M}" for t in under["start"]]
                        ).drop(columns=["dag"])
                    )
                    if not under.empty
                    else ""
                )
                + "<h4>Gennemsnit pr. ugedag og time: på vagt (minimum)</h4>"
                + _profile_html(prof)
            )
        if key == "load":
            tl = med.traffic_light_med(s.instance, s.assignments, self.show_names)
            per, spread = med.fairness_med(s.instance, s.assignments, self.show_names)
            totals = med.rule_totals_med(s.ruleset, s.violations, s.registry)
            return (
                "<h4>Trafiklys</h4>"
                + table_html(tl, light_columns=["lys"])
                + "<h4>Retfærdighed: spredning pr. fuldtid</h4>"
                + table_html(spread)
                + "<h4>Retfærdighed pr. medarbejder</h4>"
                + table_html(per)
                + "<h4>Brud og afvigelser pr. regel</h4>"
                + table_html(totals, empty="Ingen brud på reglerne.")
                + "<h4>Vagtplan</h4>"
                + self._roster_html()
            )
        if key == "compare":
            return self._compare_html()
        raise KeyError(key)

    def _roster_html(self) -> str:
        s = self.state
        labels = self.labels
        cells = {(a.employee_id, a.date): a.shift_id for a in s.assignments}
        data = {
            day_label(d): [cells.get((e.id, d), "") for e in s.instance.employees]
            for d in s.instance.days
        }
        df = pd.DataFrame(data, index=[labels[e.id] for e in s.instance.employees])
        return table_html(df, index=True)

    def _compare_html(self) -> str:
        note = f"<p>{esc(self.compare_note)}</p>" if self.compare_note else ""
        if self.compare_ruleset is None:
            return note or "<p><i>Der er intet regelsæt at sammenligne med.</i></p>"
        if self.comparison is None:
            return note + (
                f"<p>Tryk <i>Sammenlign regelsæt</i> for at lægge en plan med "
                f"{esc(self.compare_ruleset.name)} og sammenligne.</p>"
            )
        measures, rules = self.comparison
        return (
            note
            + "<h4>Planerne side om side</h4>"
            + table_html(measures, index=True)
            + "<h4>Regler, der er forskellige</h4>"
            + table_html(rules, empty="Regelsættene har de samme regler.")
        )

    def refresh(self) -> None:
        """Recompute every section (after a new roster or rule change)."""
        s = self.state
        inst = s.instance
        who = "med navne" if self.show_names else "pseudonymiseret"
        self.header.value = (
            CSS + f"<h3>Lokal-MED: vagtplan for {esc(inst.unit.name)}</h3>"
            f"<p>{inst.start:%d.%m.%Y}–{inst.end:%d.%m.%Y}, regelsæt "
            f"<b>{esc(s.ruleset.name)}</b>. Medarbejderne vises {who}; "
            "oplysninger om helbred, graviditet, nedsat arbejdsevne og fødselsdatoer "
            "vises ikke.</p>"
            f"<p><b>Status:</b> {esc(self._status())}</p>"
        )
        for key, _ in SECTIONS:
            self.sections[key].value = CSS + self.section_html(key)
        if s.assignments:
            show_figure(
                self.staffing_plot,
                staffing_figure(med.staffing_by_hour(inst, s.assignments)),
            )

    def _status(self) -> str:
        text = self.state.status
        return (
            med.pseudonymise_text(text, self.state.instance, self.labels)
            if not self.show_names
            else text
        )

    def to_html(self) -> str:
        """Every section as one static HTML page (also the headless output)."""
        parts = [self.header.value]
        for key, title in SECTIONS:
            parts.append(f"<h3>{esc(title)}</h3>" + self.section_html(key))
        return "".join(parts)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/html"] = self.to_html()
        return data


def _principles_html(ruleset: RuleSet, registry: Any) -> str:
    table = med.principles(ruleset, registry)
    parts = [f"<p><b>{esc(ruleset.name)}</b>: {esc(ruleset.description)}</p>"]
    for group in med.GROUPS_DA.values():
        part = table[table["gruppe"] == group]
        if part.empty:
            continue
        parts.append(f"<h4>{esc(group)}</h4><ul>")
        for r in part.itertuples():
            extra = (
                f" <small>Indstillinger: {esc(r.indstillinger)}.</small>"
                if r.indstillinger
                else ""
            )
            parts.append(
                f"<li><b>{esc(r.regel)}</b> – {esc(r.krav.lower())}.{extra}<br>"
                f"{esc(r.hvorfor)}<br><small>Kilde: {esc(r.kilde)}</small></li>"
            )
        parts.append("</ul>")
    return "".join(parts)


def _profile_html(prof: pd.DataFrame) -> str:
    """The hour x weekday profile; hours below the minimum are red."""
    if prof.empty:
        return ""
    head = "<th>kl.</th>" + "".join(f"<th>{esc(d)}</th>" for d in prof.columns)
    rows = []
    for hour, row in prof.iterrows():
        cells = []
        for staffed, minimum in row:
            bg = ' style="background:#f8c4c4"' if staffed < minimum else ""
            cells.append(f"<td{bg}>{esc(float(staffed))} ({esc(float(minimum))})</td>")
        rows.append(f"<tr><th>{esc(hour)}</th>{''.join(cells)}</tr>")
    return (
        f'<table class="wb-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
