"""Plotly figures for the notebooks: pure functions from data to ``go.Figure``.

No figure is shown here (the widgets display them). Times on a date axis
are local wall-clock times without offset, because plotly.js ignores UTC
offsets. Bar lengths, however, are the *real* elapsed durations in
milliseconds: ``px.timeline`` subtracts wall-clock ends from wall-clock
starts, which makes a night across the last Sunday of October one hour too
short (and one in March one hour too long), so the timeline builds its bars
itself from ``base`` (local start) and ``x`` (true duration).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from workbench.domain import Assignment, PlanningInstance, ShiftKind
from workbench.timeutil import Calendar

KIND_COLOURS: dict[ShiftKind, str] = {
    ShiftKind.DAY: "#f6c85f",
    ShiftKind.EVENING: "#6f9fd8",
    ShiftKind.NIGHT: "#3b3b8f",
    ShiftKind.SLEEP_IN: "#9c6ade",
    ShiftKind.ONCALL_HOME: "#8fbf8f",
}
"""One colour per shift kind (shared with the roster grid)."""

KIND_DA: dict[ShiftKind, str] = {
    ShiftKind.DAY: "Dagvagt",
    ShiftKind.EVENING: "Aftenvagt",
    ShiftKind.NIGHT: "Nattevagt",
    ShiftKind.SLEEP_IN: "Sovevagt",
    ShiftKind.ONCALL_HOME: "Rådighedsvagt hjemme",
}

MS_PER_HOUR = 3_600_000


def wall_clock(instant: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """The local wall-clock time of an aware instant, without offset."""
    return instant.astimezone(tz).replace(tzinfo=None)


def progress_figure(trace: Sequence[tuple[float, float, float]]) -> go.Figure:
    """Objective and best bound over time during a solve."""
    ts = [p[0] for p in trace]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=ts,
            y=[p[1] for p in trace],
            mode="lines+markers",
            name="Bedste plan (straf)",
            line={"shape": "hv"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=ts,
            y=[p[2] for p in trace],
            mode="lines",
            name="Nedre grænse",
            line={"shape": "hv", "dash": "dot"},
        )
    )
    fig.update_layout(
        title="Søgningen undervejs",
        xaxis_title="Sekunder",
        yaxis_title="Samlet straf",
        height=300,
        margin={"l": 50, "r": 20, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.3},
    )
    return fig


def timeline_figure(
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    labels: Mapping[str, str] | None = None,
    title: str = "Vagtplan som tidslinje",
) -> go.Figure:
    """The roster as horizontal bars per employee, one trace per shift kind.

    Each bar starts at the shift's local wall-clock start (``base``) and is
    as long as the shift really lasts (``x`` in milliseconds), so a night
    across a DST change shows 7 or 9 hours.
    """
    cal = Calendar(instance)
    labels = labels or {e.id: e.name for e in instance.employees}
    order = [labels.get(e.id, e.id) for e in instance.employees]
    by_kind: dict[ShiftKind, list[tuple[str, dt.datetime, float, str]]] = {}
    for a in sorted(assignments, key=lambda a: (a.date, a.employee_id)):
        w = cal.work_of(a)
        start = wall_clock(w.start, cal.tz)
        ms = w.duration.total_seconds() * 1000
        hours = ms / MS_PER_HOUR
        who = labels.get(a.employee_id, a.employee_id)
        end_local = w.end.astimezone(cal.tz)
        text = (
            f"{who}<br>{w.template.label} ({a.shift_id})<br>"
            f"{w.start.astimezone(cal.tz):%d.%m. %H:%M}–{end_local:%d.%m. %H:%M} "
            f"({hours:g} t)"
        )
        by_kind.setdefault(w.kind, []).append((who, start, ms, text))
    fig = go.Figure()
    for kind in ShiftKind:
        rows = by_kind.get(kind)
        if not rows:
            continue
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=[r[0] for r in rows],
                base=[r[1].isoformat() for r in rows],
                x=[r[2] for r in rows],
                hovertext=[r[3] for r in rows],
                hoverinfo="text",
                marker_color=KIND_COLOURS[kind],
                name=KIND_DA[kind],
            )
        )
    fig.update_layout(
        title=title,
        barmode="overlay",
        height=max(250, 28 * len(order) + 120),
        margin={"l": 120, "r": 20, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(type="date")
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)))
    return fig


def staffing_figure(table, title: str = "Bemanding time for time") -> go.Figure:  # type: ignore[no-untyped-def]
    """Staff on duty against minimum and ideal (``med.staffing_by_hour``)."""
    x = [t.replace(tzinfo=None) for t in table["start"]] if len(table) else []
    fig = go.Figure()
    for col, name, style in (
        ("bemanding", "På vagt", {"shape": "hv", "width": 2}),
        ("minimum", "Minimum", {"shape": "hv", "dash": "dot"}),
        ("ønsket", "Ønsket", {"shape": "hv", "dash": "dash"}),
    ):
        y = list(table[col]) if len(table) else []
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name=name, line=style))
    fig.update_layout(
        title=title,
        yaxis_title="Medarbejdere",
        height=320,
        margin={"l": 50, "r": 20, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.25},
    )
    return fig


__all__ = [
    "KIND_COLOURS",
    "KIND_DA",
    "progress_figure",
    "staffing_figure",
    "timeline_figure",
    "wall_clock",
]
