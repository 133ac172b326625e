"""RosterGrid: people x days, coloured by shift kind, click a cell to edit it.

Weekends and søgnehelligdage are shaded, violations are outlined in red
with the Danish reason as the hover title, locked cells are outlined in
blue. Clicking a cell selects it in the small editor below the grid
(shift dropdown + lock toggle); *Anvend* calls
:meth:`WorkbenchState.edit` / :meth:`~WorkbenchState.pin`, which re-checks
the roster at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import ipywidgets as ipw

from workbench.errors import WorkbenchError
from workbench.holidays_dk import soegnehelligdage_between
from workbench.plots import KIND_COLOURS, KIND_DA
from workbench.widgets._html import CSS, day_label, esc, legend_html
from workbench.widgets.base import Panel
from workbench.widgets.state import WorkbenchState

MAX_BUTTON_CELLS = 900
"""Above this many cells the grid is plain HTML (the editor still works)."""

OFF = "–"
OFF_COLOUR = "#fafafa"
WEEKEND_OFF_COLOUR = "#e4e4e4"
HOLIDAY_OFF_COLOUR = "#ddd3ef"


def _holidays(state: WorkbenchState) -> dict[dt.date, str]:
    inst = state.instance
    return soegnehelligdage_between(inst.start, inst.end)


def roster_html(state: WorkbenchState, labels: Mapping[str, str] | None = None) -> str:
    """The current roster as an HTML table (also the headless output)."""
    inst = state.instance
    if inst is None:
        return "<p>Ingen enhed indlæst.</p>"
    labels = labels or state.names()
    hol = _holidays(state)
    cells = {(a.employee_id, a.date): a.shift_id for a in state.assignments}
    kinds = {s.id: s.kind for s in inst.unit.shifts}
    viol = state.cell_violations()
    day_viol = state.day_violations()

    def day_class(d: dt.date) -> str:
        if d in hol:
            return "wb-holiday"
        return "wb-weekend" if d.isoweekday() >= 6 else ""

    head = ["<th></th>"]
    for d in inst.days:
        title = hol.get(d, "")
        if d in day_viol:
            title = (title + "\n" if title else "") + "\n".join(day_viol[d])
        extra = " wb-viol" if d in day_viol else ""
        head.append(
            f'<th class="{day_class(d)}{extra}" title="{esc(title)}">'
            f"{esc(day_label(d))}</th>"
        )
    rows = []
    for e in inst.employees:
        tds = [f'<td class="wb-name">{esc(labels.get(e.id, e.id))}</td>']
        for d in inst.days:
            sid = cells.get((e.id, d))
            cls = [day_class(d)]
            style = ""
            if sid is not None:
                style = f' style="background:{KIND_COLOURS[kinds[sid]]}"'
            msgs = viol.get((e.id, d), [])
            if msgs:
                cls.append("wb-viol")
            if state.is_pinned(e.id, d):
                cls.append("wb-pin")
                msgs = ["Låst celle", *msgs]
            tds.append(
                f'<td class="{" ".join(c for c in cls if c)}"{style} '
                f'title="{esc(chr(10).join(msgs))}">{esc(sid or "")}</td>'
            )
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return (
        CSS
        + '<table class="wb-table wb-roster"><thead><tr>'
        + "".join(head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


class RosterGrid(Panel):
    """The roster as a clickable grid with a one-cell editor."""

    title_da = "Vagtplan"

    def _render(self) -> None:
        s = self.state
        inst = s.instance
        self.hol = _holidays(s)
        self.kinds = {t.id: t.kind for t in inst.unit.shifts}
        n_cells = len(inst.employees) * inst.n_days
        self.use_buttons = n_cells <= MAX_BUTTON_CELLS
        self.buttons: dict[tuple[str, dt.date], ipw.Button] = {}
        self.headers: dict[dt.date, ipw.HTML] = {}
        self.table = ipw.HTML("")
        # -- editor
        names = [(e.name, e.id) for e in inst.employees]
        days = [(f"{day_label(d)}{d.year}", d) for d in inst.days]
        shifts = [(f"{OFF} fri", "")] + [
            (f"{t.id} {t.label}", t.id) for t in inst.unit.shifts
        ]
        style = {"description_width": "initial"}
        self.employee = ipw.Dropdown(
            options=names, description="Medarbejder", style=style
        )
        self.day = ipw.Dropdown(options=days, description="Dag", style=style)
        self.shift = ipw.Dropdown(options=shifts, description="Vagt", style=style)
        self.locked = ipw.ToggleButton(
            value=False, description="Lås cellen", icon="lock"
        )
        self.apply_button = ipw.Button(description="Anvend", button_style="primary")
        self.apply_button.on_click(self._on_apply)
        self.message = ipw.HTML("")
        self.employee.observe(self._on_select, names="value")
        self.day.observe(self._on_select, names="value")
        editor = ipw.VBox(
            [
                ipw.HBox([self.employee, self.day]),
                ipw.HBox([self.shift, self.locked, self.apply_button]),
                self.message,
            ],
            layout=ipw.Layout(border="1px solid #ccc", padding="4px"),
        )
        legend = ipw.HTML(
            legend_html(
                {
                    **{
                        KIND_DA[k]: c
                        for k, c in KIND_COLOURS.items()
                        if k in self.kinds.values()
                    },
                    "Weekend": WEEKEND_OFF_COLOUR,
                    "Søgnehelligdag": HOLIDAY_OFF_COLOUR,
                }
            )
            + "<small>Rød kant: brud på en regel (hold musen over for årsagen). "
            "Blå kant: låst celle.</small>"
        )
        grid: list[ipw.Widget] = [legend]
        if self.use_buttons:
            grid.append(self._build_grid())
        else:
            grid.append(self.table)
        self.children = [*grid, editor]
        for name in ("assignments", "violations", "pins"):
            s.observe(self._on_change, names=name)
        self.refresh()
        self._on_select(None)

    def _build_grid(self) -> ipw.GridBox:
        inst = self.state.instance
        cells: list[ipw.Widget] = [ipw.HTML("")]
        for d in inst.days:
            h = ipw.HTML(layout=ipw.Layout(width="36px"))
            self.headers[d] = h
            cells.append(h)
        for e in inst.employees:
            cells.append(
                ipw.HTML(f"<span style='white-space:nowrap'>{esc(e.name)}</span>")
            )
            for d in inst.days:
                b = ipw.Button(
                    description="",
                    layout=ipw.Layout(
                        width="36px", height="26px", padding="0", margin="0"
                    ),
                )
                b.on_click(self._click_handler(e.id, d))
                self.buttons[e.id, d] = b
                cells.append(b)
        return ipw.GridBox(
            cells,
            layout=ipw.Layout(
                grid_template_columns=f"150px repeat({inst.n_days}, 36px)",
                grid_gap="1px",
                overflow="auto",
            ),
        )

    def _click_handler(self, employee_id: str, day: dt.date):  # type: ignore[no-untyped-def]
        def handler(_b: ipw.Button) -> None:
            self.select(employee_id, day)

        return handler

    def select(self, employee_id: str, day: dt.date) -> None:
        """Put one cell into the editor."""
        self.employee.value = employee_id
        self.day.value = day
        self._on_select(None)

    def _on_select(self, _change: dict | None) -> None:
        e, d = self.employee.value, self.day.value
        if e is None or d is None:
            return
        self.shift.value = self.state.cell(e, d) or ""
        self.locked.value = self.state.is_pinned(e, d)

    def _on_apply(self, _b: ipw.Button | None = None) -> None:
        s = self.state
        e, d, sid = self.employee.value, self.day.value, self.shift.value or None
        try:
            if self.locked.value:
                s.pin(e, d, sid)
            else:
                if s.is_pinned(e, d):
                    s.unpin(e, d)
                if s.cell(e, d) != sid:
                    s.edit(e, d, sid)
        except WorkbenchError as exc:
            self.message.value = f'<span style="color:#b00020">{esc(exc)}</span>'
            return
        msgs = s.cell_violations().get((e, d), [])
        self.message.value = (
            "<br>".join(f'<span style="color:#b00020">{esc(m)}</span>' for m in msgs)
            or "Ingen brud i cellen."
        )

    def _on_change(self, _change: dict) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Redraw the cells from the state (in place)."""
        s = self.state
        if not self.use_buttons:
            self.table.value = roster_html(s)
            return
        cells = {(a.employee_id, a.date): a.shift_id for a in s.assignments}
        viol = s.cell_violations()
        day_viol = s.day_violations()
        for d, h in self.headers.items():
            weekend = d.isoweekday() >= 6
            bg = (
                HOLIDAY_OFF_COLOUR
                if d in self.hol
                else (WEEKEND_OFF_COLOUR if weekend else "transparent")
            )
            title = "\n".join(
                ([self.hol[d]] if d in self.hol else []) + day_viol.get(d, [])
            )
            border = "2px solid #d00" if d in day_viol else "none"
            h.value = (
                f'<div title="{esc(title)}" style="background:{bg};'
                f'border:{border};font-size:11px;text-align:center">'
                f"{esc(day_label(d)).replace(' ', '<br>')}</div>"
            )
        for (e, d), b in self.buttons.items():
            sid = cells.get((e, d))
            if sid is None:
                colour = (
                    HOLIDAY_OFF_COLOUR
                    if d in self.hol
                    else WEEKEND_OFF_COLOUR
                    if d.isoweekday() >= 6
                    else OFF_COLOUR
                )
            else:
                colour = KIND_COLOURS[self.kinds[sid]]
            msgs = list(viol.get((e, d), []))
            pinned = s.is_pinned(e, d)
            if pinned:
                msgs.insert(0, "Låst celle")
            b.description = sid or ""
            b.style.button_color = colour
            b.style.text_color = (
                "white"
                if sid and self.kinds[sid].value in ("night", "sleep_in")
                else "black"
            )
            b.tooltip = "\n".join(msgs)
            b.layout.border = (
                "2px solid #d00"
                if viol.get((e, d))
                else "2px solid #1f4e9c"
                if pinned
                else "1px solid #ddd"
            )
