"""Excel, iCal and the Lokal-MED HTML exports (workbench.exports)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
import openpyxl
import pytest

from tests.helpers import employee, instance, roster
from workbench.domain import Demand
from workbench.engine import PlanResult
from workbench.errors import WorkbenchError
from workbench.exports import (
    KIND_COLOURS,
    WEEKEND_FILL,
    export_excel,
    export_html,
    export_ical,
)
from workbench.report import build_report
from workbench.rulesets import load_ruleset
from workbench.scheduling.checks import Violation, check
from workbench.scheduling.registry import Mode, RuleConfig, RuleSet
from workbench.scheduling.rules import REGISTRY
from workbench.scheduling.solver import SolveResult

ROOT = Path(__file__).resolve().parent.parent
UTC = dt.UTC
OCT_MONDAY = dt.date(2026, 10, 19)  # the week of the October DST change (25.10.)
MAR_MONDAY = dt.date(2026, 3, 23)  # the week of the March DST change (29.3.)
XMAS_MONDAY = dt.date(2026, 12, 21)  # 25.12. (Fri) and 26.12. (Sat) are holidays

# anna: day Mon, evening Tue, night Sat 24.10. 23:00 -> Sun 25.10. 07:00 (9 h)
GRID = {
    "anna": "D A - - - N -",
    "bo": "- D D - - - D",
}
PEOPLE = {
    "anna": employee(
        "anna",
        name="Anna Holm",
        birth_date=dt.date(1990, 4, 17),
        pregnant_from=dt.date(2026, 9, 1),
        pregnant_to=dt.date(2027, 3, 1),
    ),
    "bo": employee("bo", name="Bo Sørensen", birth_date=dt.date(1985, 11, 2)),
}


def _inst(start: dt.date = OCT_MONDAY, grid: dict[str, str] = GRID):
    return instance(grid, start=start, employees=PEOPLE)


def _fill(cell) -> str:
    return (cell.fill.start_color.rgb or "")[-6:] if cell.fill.fill_type else ""


# -- Excel -----------------------------------------------------------------------------


def test_excel_layout_cells_colours_and_weekend(tmp_path):
    inst = _inst()
    path = export_excel(tmp_path / "plan.xlsx", inst, roster(inst, GRID))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Vagtplan", "Brud"]
    ws = wb["Vagtplan"]
    assert ws.freeze_panes == "C5"
    # header: weekday abbreviations in row 3, dates dd.mm. in row 4, from column C
    days = [ws.cell(3, 3 + i).value for i in range(7)]
    assert days == ["man", "tir", "ons", "tor", "fre", "lør", "søn"]
    assert ws.cell(4, 3).value == "19.10."
    assert ws.cell(4, 9).value == "25.10."
    assert ws.cell(2, 3).value == "Uge 43"
    # people in rows (as in employees), shift codes coloured by kind
    assert ws.cell(5, 1).value == "Anna Holm"
    assert ws.cell(6, 1).value == "Bo Sørensen"
    assert [ws.cell(5, 3 + i).value for i in range(7)] == [
        "D", "A", None, None, None, "N", None,
    ]
    kinds = {s.id: s.kind for s in inst.unit.shifts}
    assert _fill(ws.cell(5, 3)) == KIND_COLOURS[kinds["D"]]
    assert _fill(ws.cell(5, 4)) == KIND_COLOURS[kinds["A"]]
    assert _fill(ws.cell(5, 8)) == KIND_COLOURS[kinds["N"]]
    # weekend shaded: header of Saturday/Sunday and free weekend cells
    assert _fill(ws.cell(3, 8)) == WEEKEND_FILL
    assert _fill(ws.cell(4, 9)) == WEEKEND_FILL
    assert _fill(ws.cell(3, 7)) != WEEKEND_FILL  # Friday
    assert _fill(ws.cell(5, 9)) == WEEKEND_FILL  # anna free on Sunday
    assert _fill(ws.cell(6, 8)) == WEEKEND_FILL  # bo free on Saturday
    assert _fill(ws.cell(5, 5)) == ""  # a free weekday is not shaded
    assert ws.column_dimensions["A"].width >= len("Bo Sørensen")


def test_excel_hours_per_week_and_totals_dst_night_is_9_hours(tmp_path):
    inst = _inst()
    path = export_excel(tmp_path / "plan.xlsx", inst, roster(inst, GRID))
    ws = openpyxl.load_workbook(path)["Vagtplan"]
    # the week column sits after the 7 day columns (the merged "Uge 43" is above days)
    cols = {ws.cell(4, c).value: c for c in range(1, ws.max_column + 1)}
    week_col = cols["Uge 43"]
    assert week_col == 10
    # anna: 8 (D) + 8 (A) + 9 (N across the October change) = 25 h
    assert ws.cell(5, week_col).value == pytest.approx(25.0)
    assert ws.cell(6, week_col).value == pytest.approx(24.0)
    assert ws.cell(5, cols["Timer i alt"]).value == pytest.approx(25.0)
    assert ws.cell(5, cols["Norm i perioden"]).value == pytest.approx(37.0)
    assert ws.cell(5, cols["Forskel"]).value == pytest.approx(-12.0)
    # per-day totals: Saturday has only anna's 9-hour night
    total_row = next(
        r for r in range(7, ws.max_row + 1) if ws.cell(r, 1).value == "Timer i alt"
    )
    assert ws.cell(total_row, 8).value == pytest.approx(9.0)
    assert ws.cell(total_row, cols["Timer i alt"]).value == pytest.approx(49.0)
    # staff on duty per shift and day
    n_row = next(r for r in range(7, ws.max_row + 1)
                 if str(ws.cell(r, 1).value).startswith("N – "))
    assert [ws.cell(n_row, 3 + i).value for i in range(7)] == [0, 0, 0, 0, 0, 1, 0]


def test_excel_march_night_is_7_hours(tmp_path):
    inst = _inst(MAR_MONDAY)
    path = export_excel(tmp_path / "plan.xlsx", inst, roster(inst, GRID))
    ws = openpyxl.load_workbook(path)["Vagtplan"]
    assert ws.cell(2, 3).value == "Uge 13"
    assert ws.cell(5, 10).value == pytest.approx(8 + 8 + 7)


def test_excel_soegnehelligdag_is_shaded(tmp_path):
    inst = _inst(XMAS_MONDAY)
    path = export_excel(tmp_path / "plan.xlsx", inst, roster(inst, GRID))
    ws = openpyxl.load_workbook(path)["Vagtplan"]
    assert ws.cell(4, 7).value == "25.12."  # Friday, juledag
    assert _fill(ws.cell(4, 7)) == WEEKEND_FILL
    assert "Juledag" in ws.cell(4, 7).comment.text
    assert _fill(ws.cell(5, 7)) == WEEKEND_FILL  # anna free on juledag
    assert _fill(ws.cell(4, 6)) != WEEKEND_FILL  # 24.12. is not a søgnehelligdag


def test_excel_brud_sheet_lists_violations(tmp_path):
    inst = _inst()
    v = Violation(
        rule_id="rest.daily",
        title_da="Daglig hvileperiode (11-timersreglen)",
        mode=Mode.HARD,
        employee_id="anna",
        dates=(dt.date(2026, 10, 20), dt.date(2026, 10, 21)),
        amount=1,
        penalty=0,
        message="Anna har kun 8 t hvile (11-timersreglen, BEK 324 § 3).",
    )
    soft = Violation("wishes.granted", "Ønsker imødekommes", Mode.SOFT, None, (), 3, 6,
                     "Tre ønsker er afvist.")
    path = export_excel(tmp_path / "plan.xlsx", inst, roster(inst, GRID), [soft, v])
    br = openpyxl.load_workbook(path)["Brud"]
    head = [c.value for c in br[1]]
    assert head[:2] == ["Regel", "Titel"]
    for word in ("Medarbejder", "Datoer", "Omfang", "Straf", "Besked"):
        assert word in head
    row = {h: br.cell(2, j + 1).value for j, h in enumerate(head)}  # hard first
    assert row["Regel"] == "rest.daily"
    assert row["Medarbejder"] == "Anna Holm"
    assert row["Datoer"] == "20.10., 21.10."
    assert row["Omfang"] == 1
    assert row["Type"] == "hård"
    assert "BEK 324" in row["Besked"]
    assert br.cell(3, 1).value == "wishes.granted"
    assert br.cell(3, head.index("Straf") + 1).value == 6
    assert br.freeze_panes == "A2"


def test_excel_atomic_write_leaves_no_temp_files(tmp_path):
    inst = _inst()
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    export_excel(target, inst, roster(inst, GRID))
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]
    openpyxl.load_workbook(target)
    with pytest.raises(WorkbenchError, match="findes ikke"):
        export_excel(tmp_path / "missing" / "plan.xlsx", inst, roster(inst, GRID))


# -- iCal ------------------------------------------------------------------------------


def _events(path: Path) -> list:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return list(cal.walk("VEVENT"))


def test_ical_one_file_per_employee_with_true_instants_across_dst(tmp_path):
    inst = _inst()
    files = export_ical(tmp_path / "ical", inst, roster(inst, GRID))
    assert [f.name for f in files] == ["anna.ics", "bo.ics"]
    events = _events(tmp_path / "ical" / "anna.ics")
    assert len(events) == 3
    night = next(e for e in events if str(e["summary"]) == "Nat")
    start, end = night.decoded("dtstart"), night.decoded("dtend")
    assert start.tzinfo is not None and end.tzinfo is not None
    assert start.astimezone(UTC) == dt.datetime(2026, 10, 24, 21, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == dt.datetime(2026, 10, 25, 6, 0, tzinfo=UTC)
    assert end.astimezone(UTC) - start.astimezone(UTC) == dt.timedelta(hours=9)
    assert "TZID=Europe/Copenhagen" in (tmp_path / "ical" / "anna.ics").read_text()
    day = next(e for e in events if str(e["summary"]) == "Dag")
    assert day.decoded("dtstart").astimezone(UTC) == dt.datetime(
        2026, 10, 19, 5, 0, tzinfo=UTC  # 07:00 CEST
    )
    assert all("dtstamp" in e for e in events)


def test_ical_march_night_is_7_hours(tmp_path):
    inst = _inst(MAR_MONDAY)
    export_ical(tmp_path, inst, roster(inst, GRID))
    events = _events(tmp_path / "anna.ics")
    night = next(e for e in events if str(e["summary"]) == "Nat")
    start = night.decoded("dtstart").astimezone(UTC)
    end = night.decoded("dtend").astimezone(UTC)
    assert start == dt.datetime(2026, 3, 28, 22, 0, tzinfo=UTC)  # 23:00 CET
    assert end == dt.datetime(2026, 3, 29, 5, 0, tzinfo=UTC)  # 07:00 CEST
    assert end - start == dt.timedelta(hours=7)


def test_ical_uids_are_stable_and_unique(tmp_path):
    inst = _inst()
    stamp = dt.datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
    export_ical(tmp_path / "a", inst, roster(inst, GRID), dtstamp=stamp)
    export_ical(tmp_path / "b", inst, roster(inst, GRID), dtstamp=stamp)
    a = (tmp_path / "a" / "bo.ics").read_bytes()
    assert a == (tmp_path / "b" / "bo.ics").read_bytes()
    uids = [str(e["uid"]) for e in _events(tmp_path / "a" / "bo.ics")]
    assert uids == sorted(set(uids), key=uids.index)
    assert "bo-2026-10-20-D@workbench" in uids


def test_ical_employee_without_shifts_gets_an_empty_calendar(tmp_path):
    grid = {"anna": "D - - - - - -", "bo": "- - - - - - -"}
    inst = _inst(grid=grid)
    export_ical(tmp_path, inst, roster(inst, grid))
    assert _events(tmp_path / "bo.ics") == []
    assert not list(tmp_path.glob(".*.tmp"))


# -- HTML for the Lokal-MED ------------------------------------------------------------


def _med_case():
    """A roster that breaks the pregnancy rule for anna (a night while pregnant)."""
    grid = {"anna": "D A - - - N -", "bo": "- D D - - - D"}
    inst = instance(
        grid,
        start=OCT_MONDAY,
        employees=PEOPLE,
        demand=(Demand(shift="D", min=1, ideal=1),),
    )
    base = load_ruleset(ROOT / "constraints" / "law_dk.yaml")
    preg = REGISTRY["protected.pregnant_nights"]
    cfg = RuleConfig(preg.id, preg.spec.default_mode, preg.spec.default_weight
                     if preg.spec.default_mode is Mode.SOFT else 0,
                     preg.spec.params(no_nights=True))
    rs = RuleSet(base.name, (*base.entries, cfg), base.description, base.files)
    assignments = roster(inst, grid)
    violations = check(inst, assignments, rs)
    res = SolveResult("FEASIBLE", 0.0, 0.0, 0.1, 0.1, 0.1, assignments)
    pr = PlanResult(res, violations, 0.0, 0.1)
    return inst, rs, assignments, violations, pr


def test_html_pseudonymised_has_no_names_birth_dates_or_pregnancy(tmp_path):
    inst, rs, assignments, violations, pr = _med_case()
    assert any(v.rule_id == "protected.pregnant_nights" for v in violations)
    report = build_report(inst, rs, pr)
    path = export_html(tmp_path / "med.html", inst, rs, report, assignments=assignments)
    html = path.read_text(encoding="utf-8")
    low = html.lower()
    for e in inst.employees:
        assert e.name not in html
        assert re.search(rf"\b{re.escape(e.name.split()[0])}\b", html) is None
        b = e.birth_date
        for text in (b.isoformat(), f"{b:%d.%m.%Y}", f"{b.day}.{b.month}.{b.year}"):
            assert text not in html
    assert "gravid" not in low and "pregnan" not in low
    assert "Medarbejder 1" in html and "Medarbejder 2" in html
    # prints well: A4 landscape, page breaks
    assert "size: A4 landscape" in html and "page-break-before" in html
    # rule set grouped by source, traffic light, fairness, per-rule totals
    for heading in ("Lovgivning", "Lokale principper", "trafiklys", "Retfærdig",
                    "Reglerne i tal", "Bemanding", "Daglig hvileperiode"):
        assert heading in html
    assert "Særlig beskyttelse af enkelte medarbejdere" in html


def test_html_from_plan_result_and_with_names(tmp_path):
    inst, rs, _, _, pr = _med_case()
    path = export_html(tmp_path / "r.html", inst, rs, pr, pseudonymise=False)
    html = path.read_text(encoding="utf-8")
    assert "Anna Holm" in html  # names only when asked for
    assert "Gravide" in html
    assert 'class="num' in html


def test_html_without_roster(tmp_path):
    inst, rs, _, _, pr = _med_case()
    pr.result.status = "INFEASIBLE"
    pr.result.assignments = []
    pr.violations = []
    report = build_report(inst, rs, pr)
    path = export_html(tmp_path / "r.html", inst, rs, report)
    html = path.read_text(encoding="utf-8")
    assert "Der er ingen vagtplan at vise." in html
    assert "umulig" in html


def test_html_needs_the_roster_with_a_report_dict(tmp_path):
    inst, rs, _, _, pr = _med_case()
    with pytest.raises(ValueError, match="assignments="):
        export_html(tmp_path / "r.html", inst, rs, build_report(inst, rs, pr))
    assert not list(tmp_path.iterdir())
