"""MedReviewApp: renders headless and shows no sensitive personal data."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import employee, instance
from tests.widgets.test_state import BASE, LAW, TINY
from workbench.domain import Absence, AbsenceType, Demand
from workbench.med import SENSITIVE_FIELDS
from workbench.rulesets import load_ruleset
from workbench.widgets import MedReviewApp, WorkbenchState

SENSITIVE = {
    "zq": employee(
        "zq",
        name="Zelda Quist",
        birth_date=dt.date(1961, 2, 3),
        pregnant_from=dt.date(2025, 12, 1),
        pregnant_to=dt.date(2026, 6, 30),
    ),
    "yx": employee(
        "yx",
        name="Yrsa Xander",
        max_shift_hours=6,
        max_weekly_hours=20,
        night_exempt=True,
        birth_date=dt.date(1990, 7, 8),
    ),
    "wv": employee("wv", name="Wilma Vogt"),
}
FORBIDDEN = (
    "Zelda",
    "Quist",
    "Yrsa",
    "Xander",
    "Wilma",
    "Vogt",
    "1961",
    "1990",
    "03.02",
    "2025-12-01",
    "2026-06-30",
    "gravid ",
    "graviditet:",
    *SENSITIVE_FIELDS,
)


@pytest.fixture(scope="module")
def app() -> MedReviewApp:
    grid = dict.fromkeys(SENSITIVE, "- - - - - - -")
    inst = instance(
        grid,
        employees=SENSITIVE,
        demand=(Demand(shift="D", min=1, ideal=2), Demand(shift="N", min=1, ideal=1)),
    )
    inst = inst.model_copy(
        update={
            "absences": (
                Absence(
                    employee_id="wv",
                    start=inst.start,
                    end=inst.start,
                    type=AbsenceType.SYG,
                ),
            )
        }
    )
    state = WorkbenchState(
        instance=inst, ruleset=load_ruleset(LAW), time_limit_s=5, workers=1
    )
    return MedReviewApp(state, compare_ruleset=load_ruleset(BASE), auto_solve=True)


def test_med_app_solves_compares_and_renders_every_section(app):
    assert app.state.result.has_roster
    assert app.comparison is not None
    html = app.to_html()
    for heading in (
        "Principper",
        "De 14 anbefalinger",
        "Bemanding",
        "Trafiklys og retfærdighed",
        "Sammenligning",
        "Lovgivning",
        "Planerne side om side",
        "Regler, der er forskellige",
    ):
        assert heading in html
    assert "Medarbejder 1" in html and "Medarbejder 3" in html
    assert app.staffing_plot.outputs
    assert "text/html" in app._repr_mimebundle_()


def test_med_output_contains_no_sensitive_data(app):
    html = app.to_html()
    for bad in FORBIDDEN:
        assert bad not in html, bad
    for key, section in app.sections.items():
        for bad in FORBIDDEN:
            assert bad not in section.value, bad
        if key != "principles":  # the rule texts name absence types, people's don't
            assert "syg" not in section.value


def test_med_names_only_when_asked(app):
    named = MedReviewApp(app.state, show_names=True)
    html = named.to_html()
    assert "Zelda Quist" in html
    assert (
        "1961" not in html
        and "pregnant_from" not in html
        and "max_shift_hours" not in html
    )


def test_med_app_from_paths_notes_missing_compare_file(tmp_path):
    app = MedReviewApp.from_paths(
        TINY, LAW, compare=tmp_path / "nope.yaml", time_limit_s=5, workers=1
    )
    assert app.state.assignments
    assert "findes ikke" in app.section_html("compare")
    html = app.to_html()
    for name in ("Anna", "Holm", "Sørensen", "1985-03-02", "anna"):
        assert name not in html


def test_med_app_reviews_a_roster_file(tmp_path):
    from workbench.io import write_roster

    solved = WorkbenchState.from_paths(TINY, LAW, time_limit_s=5, workers=1)
    solved.solve()
    path = tmp_path / "roster.csv"
    write_roster(path, solved.instance, solved.assignments)
    app = MedReviewApp.from_paths(TINY, LAW, roster=path, auto_solve=False)
    assert app.state.result is None  # read, not solved
    assert sorted(app.state.assignments, key=str) == sorted(solved.assignments, key=str)
    assert "Gennemsnit pr. ugedag og time" in app.section_html("staffing")
    assert "Anna" not in app.to_html() and "indlæst fra" in app.header.value
