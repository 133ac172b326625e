"""Plotly figures: the timeline shows real shift lengths across DST."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import instance, roster
from workbench.domain import ShiftKind
from workbench.med import staffing_by_hour
from workbench.plots import (
    KIND_DA,
    MS_PER_HOUR,
    progress_figure,
    staffing_figure,
    timeline_figure,
)

# Weeks holding the last Sundays of October (25.10.2026) and March (29.3.2026).
OCT_MONDAY = dt.date(2026, 10, 19)
MAR_MONDAY = dt.date(2026, 3, 23)


def _bars(fig, kind: ShiftKind):
    return next(t for t in fig.data if t.name == KIND_DA[kind])


@pytest.mark.parametrize(
    ("monday", "hours"),
    [
        pytest.param(OCT_MONDAY, 9, id="october-9h"),
        pytest.param(MAR_MONDAY, 7, id="march-7h"),
    ],
)
def test_timeline_night_across_dst_has_true_length(monday, hours):
    grid = {
        "anna": "- - - - - N -",
        "bo": "D - - - - - -",
    }  # the night Sat 23:00 -> Sun 07:00
    inst = instance(grid, start=monday)
    fig = timeline_figure(inst, roster(inst, grid))
    night = _bars(fig, ShiftKind.NIGHT)
    assert night.x == (hours * MS_PER_HOUR,)
    sat = monday + dt.timedelta(days=5)
    assert night.base == (f"{sat.isoformat()}T23:00:00",)  # local wall clock, no offset
    assert night.orientation == "h" and night.y == ("Anna",)
    assert f"({hours:g} t)" in night.hovertext[0]
    day = _bars(fig, ShiftKind.DAY)
    assert day.x == (8 * MS_PER_HOUR,) and day.base == (
        f"{monday.isoformat()}T07:00:00",
    )
    assert fig.layout.xaxis.type == "date"
    assert list(fig.layout.yaxis.categoryarray) == ["Bo", "Anna"]


def test_timeline_uses_labels_and_handles_empty_roster():
    grid = {"anna": "D - - - - - -"}
    inst = instance(grid)
    fig = timeline_figure(inst, roster(inst, grid), labels={"anna": "Medarbejder 1"})
    assert fig.data[0].y == ("Medarbejder 1",)
    assert timeline_figure(inst, []).data == ()


def test_progress_figure_has_objective_and_bound():
    fig = progress_figure([(0.1, 50, 10), (0.5, 30, 20)])
    assert [t.name for t in fig.data] == ["Bedste plan (straf)", "Nedre grænse"]
    assert fig.data[0].y == (50, 30) and fig.data[1].y == (10, 20)
    assert progress_figure([]).data[0].x == ()


def test_staffing_figure_has_three_lines():
    grid = {"anna": "N - - - - - -"}
    inst = instance(grid)
    fig = staffing_figure(staffing_by_hour(inst, roster(inst, grid)))
    assert [t.name for t in fig.data] == ["På vagt", "Minimum", "Ønsket"]
    assert len(fig.data[0].x) == 7 * 24 and max(fig.data[0].y) == 1
