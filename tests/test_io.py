"""Loading and validating unit directories; reading and writing rosters."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

import workbench.io as wio
from workbench.domain import (
    AbsenceType,
    Assignment,
    ShiftKind,
    Weekday,
    WishKind,
)
from workbench.errors import InputError, InputProblem, RuleSetError, WorkbenchError
from workbench.io import (
    load_instance,
    load_roster,
    load_unit,
    roster_frame,
    write_roster,
)

UNIT_YAML = """\
name: Bosted Test
timezone: Europe/Copenhagen
period:
  start: 2027-01-04
  weeks: 2
shifts:
  - {id: D, label: Dagvagt, start: "07:00", end: "15:00", kind: day}
  - {id: A, label: Aftenvagt, start: "15:00", end: "23:00", kind: evening}
  - {id: N, label: Nattevagt, start: "23:00", end: "07:00", kind: night}
  - id: S
    label: Sovevagt
    start: "22:00"
    end: "07:00"
    kind: sleep_in
    paid_fraction: 0.5
demand:
  - {shift: D, weekdays: [mon, tue, wed, thu, fri], min: 2, ideal: 3}
  - {shift: N, min: 1, ideal: 1}
qualification_demand:
  - {qualification: pædagog, min: 1, shifts: [D]}
lone_work:
  no_lone_shifts: [N]
  no_lone_hours: [["22:00", "06:00"]]
staff_meetings:
  - {weekday: ons, start: "13:00", end: "14:30", every_weeks: 2}
"""

EMPLOYEES = """\
employee_id,name,weekly_hours,qualifications,birth_date,lone_work_cleared
anna,Anna Ørsted,37,pædagog;medicin,1965-05-01,ja
bo,Bo Åberg,30,,1999-12-31,nej
"""


def make_unit(
    tmp_path: Path,
    unit: str | None = UNIT_YAML,
    employees: str | None = EMPLOYEES,
    **files: str,
) -> Path:
    """Write a unit directory; ``files`` maps a stem (``absences``) to CSV text."""
    d = tmp_path / "unit"
    d.mkdir(parents=True, exist_ok=True)
    if unit is not None:
        (d / "unit.yaml").write_text(unit, encoding="utf-8")
    if employees is not None:
        (d / "employees.csv").write_text(employees, encoding="utf-8")
    for stem, text in files.items():
        (d / f"{stem}.csv").write_text(text, encoding="utf-8")
    return d


def problems_of(d: Path, **kw) -> list[InputProblem]:
    with pytest.raises(InputError) as exc:
        load_instance(d, **kw)
    return exc.value.problems


def the_problem(
    probs: list[InputProblem], file: str, row: int | None, column: str | None
) -> InputProblem:
    hits = [p for p in probs if (p.file, p.row, p.column) == (file, row, column)]
    assert hits, f"no problem at {file}/{row}/{column}: {probs}"
    return hits[0]


def assert_danish(text: str) -> None:
    for english in (
        "Input should",
        "Field required",
        "Extra inputs",
        "Value error",
        "not permitted",
        "valid",
    ):
        assert english not in text, text


# ---------------------------------------------------------------- valid data


def test_minimal_unit_loads(tmp_path):
    inst = load_instance(make_unit(tmp_path))
    assert inst.start == dt.date(2027, 1, 4) and inst.weeks == 2
    assert [e.id for e in inst.employees] == ["anna", "bo"]
    anna = inst.employee("anna")
    assert anna.name == "Anna Ørsted"
    assert anna.qualifications == {"pædagog", "medicin"}
    assert anna.lone_work_cleared and not inst.employee("bo").lone_work_cleared
    u = inst.unit
    assert u.shift("N").crosses_midnight and u.shift("S").kind is ShiftKind.SLEEP_IN
    assert u.shift("D").start == dt.time(7) and u.shift("S").paid_fraction == 0.5
    assert u.staff_meetings[0].weekday is Weekday.WED
    assert u.lone_work.no_lone_hours == ((dt.time(22), dt.time(6)),)
    assert u.demand_for("D", dt.date(2027, 1, 9)) is None  # Saturday
    assert inst.absences == inst.wishes == inst.history == inst.pins == ()


def test_full_unit_loads_with_optional_files(tmp_path):
    emp = (
        "\ufeffEmployee_ID,name,weekly_hours,pregnant_from,pregnant_to,fixed_night,"
        "night_exempt,senior_shift,senior_no_nights,max_shift_hours,max_weekly_hours,"
        "fixed_days_off,fixed_free_evening\n"
        'anna,Anna,"37,5",2027-01-01,,JA,n,day,j,"7,5",30,lør;søn,fre\n'
        "bo,Bo,0,,,false,TRUE,,0,,,sat,\n"
    )
    d = make_unit(
        tmp_path,
        employees=emp,
        absences="employee_id,from,to,type\nanna,2026-12-28,2027-01-05,Ferie\n"
        "anna,2027-01-10,2027-01-10,kursus\n",
        wishes="employee_id,date,wish,shift_id,priority\nbo,2027-01-06,fri,,3\n"
        "bo,2027-01-07,vagt,D,\nbo,2027-01-08,ikke_vagt,N,5\n",
        history="employee_id,date,shift_id\nbo,2027-01-03,N\nbo,2027-01-02,D\n",
        pins="employee_id,date,shift_id\nbo,2027-01-11,A\nanna,2027-01-12,\n",
    )
    inst = load_instance(d)
    anna, bo = inst.employees
    assert anna.weekly_hours == 37.5 and anna.max_shift_hours == 7.5
    assert anna.pregnant_from == dt.date(2027, 1, 1) and anna.pregnant_to is None
    assert anna.fixed_night and not anna.night_exempt and anna.senior_no_nights
    assert anna.senior_shift is ShiftKind.DAY
    assert anna.fixed_days_off == {Weekday.SAT, Weekday.SUN}
    assert anna.fixed_free_evening is Weekday.FRI
    assert bo.night_exempt and bo.weekly_hours == 0
    assert [a.type for a in inst.absences] == [AbsenceType.FERIE, AbsenceType.KURSUS]
    assert [(w.kind, w.shift_id, w.priority) for w in inst.wishes] == [
        (WishKind.DAY_OFF, None, 3),
        (WishKind.SHIFT, "D", 1),
        (WishKind.NOT_SHIFT, "N", 5),
    ]
    assert {a.date for a in inst.history} == {dt.date(2027, 1, 3), dt.date(2027, 1, 2)}
    assert [(p.employee_id, p.shift_id) for p in inst.pins] == [
        ("bo", "A"),
        ("anna", None),
    ]


def test_start_and_weeks_override_the_period(tmp_path):
    d = make_unit(tmp_path, wishes="employee_id,date,wish\nbo,2027-03-05,fri\n")
    inst = load_instance(d, start=dt.date(2027, 3, 3), weeks=1)  # a Wednesday
    assert (inst.start, inst.end, inst.n_days) == (
        dt.date(2027, 3, 3),
        dt.date(2027, 3, 9),
        7,
    )
    assert len(inst.wishes) == 1


def test_load_unit_accepts_directory_or_file(tmp_path):
    d = make_unit(tmp_path)
    assert load_unit(d) == load_unit(d / "unit.yaml")
    assert load_unit(d).name == "Bosted Test"


def test_yaml_unquoted_times_and_danish_weekdays(tmp_path):
    text = UNIT_YAML.replace('"07:00", end: "15:00"', "07:00, end: 15:00").replace(
        "[mon, tue, wed, thu, fri]", "[Man, tir, ons, tor, fre]"
    )
    u = load_unit(make_unit(tmp_path, unit=text))
    d = u.shift("D")
    assert (d.start, d.end) == (dt.time(7), dt.time(15))  # not YAML 1.1's base-60 900
    assert u.demand[0].weekdays == (
        Weekday.MON,
        Weekday.TUE,
        Weekday.WED,
        Weekday.THU,
        Weekday.FRI,
    )


# ------------------------------------------------------------- file problems


def test_missing_required_file(tmp_path):
    probs = problems_of(make_unit(tmp_path, employees=None))
    p = the_problem(probs, "employees.csv", None, None)
    assert "påkrævede fil mangler" in p.message
    probs = problems_of(make_unit(tmp_path / "x", unit=None))
    assert "mangler" in the_problem(probs, "unit.yaml", None, None).message


def test_missing_directory(tmp_path):
    with pytest.raises(InputError, match="mappen findes ikke"):
        load_instance(tmp_path / "nowhere")


def test_unknown_column_and_missing_required_column(tmp_path):
    emp = "employee_id,navn,weekly_hour\nanna,Anna,37\n"
    probs = problems_of(make_unit(tmp_path, employees=emp))
    p = the_problem(probs, "employees.csv", 1, "weekly_hour")
    assert "ukendt kolonne" in p.message and 'mente du "weekly_hours"' in p.message
    assert "ukendt kolonne" in the_problem(probs, "employees.csv", 1, "navn").message
    p = the_problem(probs, "employees.csv", 1, "name")
    assert "påkrævede kolonne" in p.message


def test_semicolon_separated_file_gets_a_specific_message(tmp_path):
    probs = problems_of(
        make_unit(tmp_path, employees="employee_id;name;weekly_hours\n")
    )
    assert "semikolon" in the_problem(probs, "employees.csv", 1, None).message


def test_not_utf8_is_reported(tmp_path):
    d = make_unit(tmp_path)
    (d / "employees.csv").write_bytes(
        "employee_id,name,weekly_hours\nå,Å,37\n".encode("cp1252")
    )
    assert "UTF-8" in the_problem(problems_of(d), "employees.csv", 2, None).message


def test_too_many_cells_in_a_row(tmp_path):
    emp = "employee_id,name,weekly_hours\nanna,Anna,37,5\n"
    p = the_problem(
        problems_of(make_unit(tmp_path, employees=emp)), "employees.csv", 2, None
    )
    assert "felter" in p.message


# ------------------------------------------------------------ unknown ids


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        ("{shift: N, min: 1", "{shift: X, min: 1", "demand[1].shift"),
        ("shifts: [D]}", "shifts: [D, Q]}", "qualification_demand[0].shifts[1]"),
        ("no_lone_shifts: [N]", "no_lone_shifts: [Nat]", "lone_work.no_lone_shifts[0]"),
    ],
)
def test_unknown_shift_in_unit_yaml(tmp_path, old, new, column):
    probs = problems_of(make_unit(tmp_path, unit=UNIT_YAML.replace(old, new)))
    p = the_problem(probs, "unit.yaml", None, column)
    assert "ukendt vagttype" in p.message and "kendte: A, D, N, S" in p.message


@pytest.mark.parametrize(
    ("stem", "text", "column"),
    [
        ("history", "employee_id,date,shift_id\nbo,2027-01-01,X\n", "shift_id"),
        (
            "wishes",
            "employee_id,date,wish,shift_id\nbo,2027-01-05,vagt,X\n",
            "shift_id",
        ),
        ("pins", "employee_id,date,shift_id\nbo,2027-01-05,X\n", "shift_id"),
        ("history", "employee_id,date,shift_id\nbob,2027-01-01,D\n", "employee_id"),
        ("wishes", "employee_id,date,wish\nbob,2027-01-05,fri\n", "employee_id"),
        ("pins", "employee_id,date,shift_id\nbob,2027-01-05,D\n", "employee_id"),
        (
            "absences",
            "employee_id,from,to,type\nbob,2027-01-05,2027-01-06,syg\n",
            "employee_id",
        ),
    ],
)
def test_unknown_ids_in_csv_files(tmp_path, stem, text, column):
    probs = problems_of(make_unit(tmp_path, **{stem: text}))
    p = the_problem(probs, f"{stem}.csv", 2, column)
    assert p.message.startswith("ukendt ")
    if column == "employee_id":
        assert p.value == "bob" and 'mente du "bo"' in p.message


def test_duplicate_employee_and_shift_ids(tmp_path):
    emp = EMPLOYEES + "anna,Anna igen,20,,,\n"
    unit = UNIT_YAML.replace("{id: A,", "{id: D,")
    probs = problems_of(make_unit(tmp_path, unit=unit, employees=emp))
    p = the_problem(probs, "employees.csv", 4, "employee_id")
    assert "står allerede i række 2" in p.message and p.value == "anna"
    assert (
        "står allerede i shifts[0]"
        in the_problem(probs, "unit.yaml", None, "shifts[1].id").message
    )


def test_bad_employee_id_characters(tmp_path):
    emp = "employee_id,name,weekly_hours\nanna b,Anna,37\n"
    p = the_problem(
        problems_of(make_unit(tmp_path, employees=emp)),
        "employees.csv",
        2,
        "employee_id",
    )
    assert "mellemrum" in p.message


# ------------------------------------------------------------ bad values


def test_impossible_and_malformed_dates(tmp_path):
    emp = (
        "employee_id,name,weekly_hours,birth_date\nanna,Anna,37,2027-02-30\n"
        "bo,Bo,37,1.2.1990\n"
    )
    unit = UNIT_YAML.replace("start: 2027-01-04", "start: 2027-02-30")
    probs = problems_of(make_unit(tmp_path, unit=unit, employees=emp))
    p = the_problem(probs, "employees.csv", 2, "birth_date")
    assert "findes ikke" in p.message and "februar 2027 har 28 dage" in p.message
    assert p.value == "2027-02-30"
    assert "ÅÅÅÅ-MM-DD" in the_problem(probs, "employees.csv", 3, "birth_date").message
    p = the_problem(probs, "unit.yaml", None, "period.start")
    assert "findes ikke" in p.message and p.value == "2027-02-30"


def test_bad_times_in_unit_yaml(tmp_path):
    unit = UNIT_YAML.replace(
        'start: "07:00", end: "15:00"', 'start: "25:00", end: 7'
    ).replace('start: "13:00"', 'start: "1300"')
    probs = problems_of(make_unit(tmp_path, unit=unit))
    p = the_problem(probs, "unit.yaml", None, "shifts[0].start")
    assert "findes ikke" in p.message and 'vagt "D"' in p.message and p.value == "25:00"
    assert "TT:MM" in the_problem(probs, "unit.yaml", None, "shifts[0].end").message
    assert (
        "klokkeslæt"
        in the_problem(probs, "unit.yaml", None, "staff_meetings[0].start").message
    )
    assert len(probs) == 3  # no second (pydantic) report of the same fields


def test_ranges_ending_before_they_start(tmp_path):
    emp = (
        "employee_id,name,weekly_hours,pregnant_from,pregnant_to\n"
        "anna,Anna,37,2027-03-01,2027-02-01\nbo,Bo,37,,2027-02-01\n"
    )
    d = make_unit(
        tmp_path,
        employees=emp,
        absences="employee_id,from,to,type\nanna,2027-01-08,2027-01-05,ferie\n",
    )
    probs = problems_of(d)
    assert (
        "ligger før startdatoen" in the_problem(probs, "absences.csv", 2, "to").message
    )
    assert "ligger før" in the_problem(probs, "employees.csv", 2, "pregnant_to").message
    assert (
        "pregnant_from er tom"
        in the_problem(probs, "employees.csv", 3, "pregnant_to").message
    )


def test_overlapping_absences_of_one_employee(tmp_path):
    d = make_unit(
        tmp_path,
        absences=(
            "employee_id,from,to,type\nanna,2027-01-04,2027-01-08,ferie\n"
            "bo,2027-01-05,2027-01-06,syg\nanna,2027-01-08,2027-01-09,kursus\n"
        ),
    )
    probs = problems_of(d)
    assert len(probs) == 1
    p = the_problem(probs, "absences.csv", 4, "from")
    assert "overlapper" in p.message and "række 2" in p.message


def test_dates_outside_the_period(tmp_path):
    d = make_unit(
        tmp_path,
        absences="employee_id,from,to,type\nanna,2026-12-01,2027-02-28,ferie\n",  # ok
        wishes="employee_id,date,wish\nbo,2027-01-18,fri\nbo,2027-01-03,fri\n",
        pins="employee_id,date,shift_id\nbo,2027-01-18,D\n",
        history="employee_id,date,shift_id\nbo,2027-01-04,D\n",
    )
    probs = problems_of(d)
    for f, row in (("wishes.csv", 2), ("wishes.csv", 3), ("pins.csv", 2)):
        assert "uden for planperioden" in the_problem(probs, f, row, "date").message
    assert (
        "før planperiodens start"
        in the_problem(probs, "history.csv", 2, "date").message
    )
    assert not [p for p in probs if p.file == "absences.csv"]
    # The same files are fine for a later start (pins/wishes inside, history before).
    probs = problems_of(d, start=dt.date(2027, 1, 11), weeks=2)
    assert {(p.file, p.row) for p in probs} == {("wishes.csv", 3)}


def test_bad_booleans(tmp_path):
    emp = (
        "employee_id,name,weekly_hours,fixed_night,night_exempt\n"
        "anna,Anna,37,måske,Nej\nbo,Bo,30,yes,J\n"
    )
    probs = problems_of(make_unit(tmp_path, employees=emp))
    assert len(probs) == 2
    p = the_problem(probs, "employees.csv", 2, "fixed_night")
    assert p.value == "måske" and "hverken ja eller nej" in p.message
    the_problem(probs, "employees.csv", 3, "fixed_night")


def test_unknown_enum_values_list_the_allowed_ones(tmp_path):
    emp = "employee_id,name,weekly_hours,senior_shift\nanna,Anna,37,night\n"
    d = make_unit(
        tmp_path,
        unit=UNIT_YAML.replace("kind: evening", "kind: aften"),
        employees=emp,
        absences="employee_id,from,to,type\nanna,2027-01-05,2027-01-05,ferien\n",
        wishes="employee_id,date,wish\nanna,2027-01-05,fridag\n",
    )
    probs = problems_of(d)
    p = the_problem(probs, "absences.csv", 2, "type")
    assert (
        "tilladte værdier: ferie, afspadsering, seniordag, kursus, syg, fri"
        in p.message
    )
    assert "fri, vagt, ikke_vagt" in the_problem(probs, "wishes.csv", 2, "wish").message
    assert (
        "day, evening" in the_problem(probs, "employees.csv", 2, "senior_shift").message
    )
    p = the_problem(probs, "unit.yaml", None, "shifts[1].kind")
    assert "day, evening, night, sleep_in, oncall_home" in p.message
    assert_danish(p.message)


@pytest.mark.parametrize("hours", ["49", "-1", "48.5"])
def test_weekly_hours_outside_0_48(tmp_path, hours):
    emp = f"employee_id,name,weekly_hours\nanna,Anna,{hours}\n"
    p = the_problem(
        problems_of(make_unit(tmp_path, employees=emp)),
        "employees.csv",
        2,
        "weekly_hours",
    )
    assert "højst 48" in p.message and p.value == hours


def test_weekly_hours_boundaries_load(tmp_path):
    emp = "employee_id,name,weekly_hours\nanna,Anna,48\nbo,Bo,0\n"
    assert len(load_instance(make_unit(tmp_path, employees=emp)).employees) == 2


def test_ideal_below_min(tmp_path):
    unit = UNIT_YAML.replace("min: 2, ideal: 3", "min: 3, ideal: 2")
    probs = problems_of(make_unit(tmp_path, unit=unit))
    assert len(probs) == 1
    p = the_problem(probs, "unit.yaml", None, "demand[0].ideal")
    assert "ideal (2) må ikke være mindre end min (3)" in p.message


def test_unknown_yaml_keys_are_danish_with_path(tmp_path):
    unit = UNIT_YAML.replace("timezone:", "tidszone: x\ntimezone:").replace(
        "label: Dagvagt,", "lable: Dagvagt,"
    )
    probs = problems_of(make_unit(tmp_path, unit=unit))
    p = the_problem(probs, "unit.yaml", None, "tidszone")
    assert "ukendt nøgle" in p.message and "tilladte nøgler" in p.message
    p = the_problem(probs, "unit.yaml", None, "shifts[0].lable")
    assert 'mente du "label"' in p.message
    m = the_problem(probs, "unit.yaml", None, "shifts[0].label")  # now missing
    assert "mangler" in m.message
    for q in probs:
        assert_danish(str(q))


def test_sleep_in_cannot_count_as_rest(tmp_path):
    unit = UNIT_YAML.replace(
        "kind: sleep_in", "kind: sleep_in\n    counts_as_rest: true"
    )
    probs = problems_of(make_unit(tmp_path, unit=unit))
    p = the_problem(probs, "unit.yaml", None, "shifts[3].counts_as_rest")
    assert "arbejdstid siden 1. juli 2024" in p.message and "hvile" in p.message


def test_pydantic_type_errors_are_translated(tmp_path):
    unit = (
        UNIT_YAML.replace("weeks: 2", "weeks: 0")
        .replace("paid_fraction: 0.5", "paid_fraction: halv")
        .replace("name: Bosted Test\n", "")
    )
    probs = problems_of(make_unit(tmp_path, unit=unit))
    assert "mindst 1" in the_problem(probs, "unit.yaml", None, "period.weeks").message
    assert (
        "tal"
        in the_problem(probs, "unit.yaml", None, "shifts[3].paid_fraction").message
    )
    assert "mangler" in the_problem(probs, "unit.yaml", None, "name").message
    for q in probs:
        assert_danish(str(q))


def test_yaml_syntax_error_and_duplicate_key(tmp_path):
    probs = problems_of(make_unit(tmp_path, unit="name: [x\nperiod: {"))
    p = the_problem(probs, "unit.yaml", None, None)
    assert "YAML-syntaksfejl" in p.message and "linje" in p.message
    probs = problems_of(make_unit(tmp_path, unit=UNIT_YAML + "name: Igen\n"))
    assert "står to gange" in the_problem(probs, "unit.yaml", None, "name").message


def test_unknown_weekday_and_timezone(tmp_path):
    unit = UNIT_YAML.replace("[mon, tue,", "[mon, tues,").replace(
        "Europe/Copenhagen", "Europe/København"
    )
    probs = problems_of(make_unit(tmp_path, unit=unit))
    p = the_problem(probs, "unit.yaml", None, "demand[0].weekdays[1]")
    assert "ikke en ugedag" in p.message and "lør" in p.message
    assert "tidszone" in the_problem(probs, "unit.yaml", None, "timezone").message
    emp = "employee_id,name,weekly_hours,fixed_days_off\nanna,Anna,37,lør;sønd\n"
    p = the_problem(
        problems_of(make_unit(tmp_path, employees=emp)),
        "employees.csv",
        2,
        "fixed_days_off",
    )
    assert '"sønd" er ikke en ugedag' in p.message


def test_overlapping_demand_rows(tmp_path):
    unit = UNIT_YAML.replace(
        "  - {shift: N, min: 1, ideal: 1}",
        "  - {shift: N, min: 1, ideal: 1}\n"
        "  - {shift: D, weekdays: [fri, sat], min: 1, ideal: 1}",
    )
    p = the_problem(
        problems_of(make_unit(tmp_path, unit=unit)),
        "unit.yaml",
        None,
        "demand[2].weekdays",
    )
    assert "fri" in p.message and "demand[0]" in p.message


def test_wish_and_pin_consistency(tmp_path):
    d = make_unit(
        tmp_path,
        absences="employee_id,from,to,type\nanna,2027-01-05,2027-01-07,ferie\n",
        wishes="employee_id,date,wish,shift_id\nbo,2027-01-05,vagt,\nbo,2027-01-06,fri,D\n"
        "bo,2027-01-07,fri,\nbo,2027-01-07,fri,\n",
        pins="employee_id,date,shift_id\nanna,2027-01-06,D\nanna,2027-01-07,\n"
        "bo,2027-01-08,D\nbo,2027-01-08,A\n",
    )
    probs = problems_of(d)
    assert (
        "kræver en vagttype" in the_problem(probs, "wishes.csv", 2, "shift_id").message
    )
    assert "hele dagen" in the_problem(probs, "wishes.csv", 3, "shift_id").message
    assert "række 4" in the_problem(probs, "wishes.csv", 5, None).message
    assert "fravær" in the_problem(probs, "pins.csv", 2, "shift_id").message
    assert "allerede fastlåst" in the_problem(probs, "pins.csv", 5, "date").message
    assert len(probs) == 5  # a day-off pin on an absence day is fine


def test_overlapping_history(tmp_path):
    d = make_unit(
        tmp_path,
        history="employee_id,date,shift_id\nbo,2027-01-02,N\n"
        "bo,2027-01-02,S\nbo,2027-01-03,D\nbo,2027-01-03,D\n",
    )
    probs = problems_of(d)
    assert "overlapper" in the_problem(probs, "history.csv", 3, "shift_id").message
    assert "række 4" in the_problem(probs, "history.csv", 5, None).message


def test_several_errors_in_one_file_are_all_reported(tmp_path):
    emp = (
        "employee_id,name,weekly_hours,birth_date,night_exempt\n"
        "anna,,37,1970-01-01,ja\n"
        'bo,Bo,"37,5x",1990-13-01,x\n'
        "cia,Cia,50,,\n"
    )
    probs = problems_of(make_unit(tmp_path, employees=emp))
    assert {(p.row, p.column) for p in probs} == {
        (2, "name"),
        (3, "weekly_hours"),
        (3, "birth_date"),
        (3, "night_exempt"),
        (4, "weekly_hours"),
    }
    assert "mangler" in the_problem(probs, "employees.csv", 2, "name").message


def test_problems_from_several_files_in_one_error(tmp_path):
    d = make_unit(
        tmp_path,
        unit=UNIT_YAML.replace("weeks: 2", "weeks: 99"),
        employees="employee_id,name,weekly_hours\nanna,Anna,x\n",
        pins="employee_id,date,shift_id\nzoe,2027-01-05,D\n",
    )
    assert {p.file for p in problems_of(d)} == {
        "unit.yaml",
        "employees.csv",
        "pins.csv",
    }


def test_bad_arguments(tmp_path):
    probs = problems_of(make_unit(tmp_path), weeks=0)
    assert "1 til 52" in the_problem(probs, "parametre", None, "weeks").message


# ------------------------------------------------------------- messages


def test_problem_and_error_strings_are_danish():
    p = InputProblem(
        "employees.csv", 4, "weekly_hours", "37,5x", 'værdien "37,5x" er ikke et tal'
    )
    assert str(p) == (
        'employees.csv, række 4, kolonne "weekly_hours": værdien "37,5x" er ikke et tal'
    )
    y = InputProblem("unit.yaml", None, "shifts[2].end", "25:00", "ugyldigt")
    assert str(y) == 'unit.yaml, felt "shifts[2].end": ugyldigt'
    assert str(InputProblem("pins.csv", None, None, None, "x")) == "pins.csv: x"
    err = InputError([p, y])
    lines = str(err).splitlines()
    assert lines[0].startswith("Data kan ikke indlæses: 2 fejl")
    assert lines[1:] == [f"  - {p}", f"  - {y}"]
    assert isinstance(err, WorkbenchError)
    r = RuleSetError("ukendt parameter", file="law_dk.yaml", rule="rest.daily")
    assert str(r) == 'law_dk.yaml, regel "rest.daily": ukendt parameter'
    assert isinstance(r, WorkbenchError)


# ------------------------------------------------------------- rosters


def dst_instance(tmp_path: Path, start: str):
    unit = UNIT_YAML.replace("start: 2027-01-04", f"start: {start}").replace(
        "weeks: 2", "weeks: 1"
    )
    return load_instance(make_unit(tmp_path, unit=unit))


@pytest.mark.parametrize(
    ("start", "night", "expected_start", "expected_end"),
    [
        (
            "2026-10-19",
            dt.date(2026, 10, 24),
            "2026-10-24T23:00:00+02:00",
            "2026-10-25T07:00:00+01:00",
        ),
        (
            "2026-03-23",
            dt.date(2026, 3, 28),
            "2026-03-28T23:00:00+01:00",
            "2026-03-29T07:00:00+02:00",
        ),
    ],
)
def test_write_and_load_roster_round_trip_across_dst(
    tmp_path, start, night, expected_start, expected_end
):
    inst = dst_instance(tmp_path, start)
    first = inst.start
    roster = [
        Assignment(employee_id="bo", date=night, shift_id="N"),
        Assignment(employee_id="anna", date=first, shift_id="D"),
        Assignment(employee_id="bo", date=first, shift_id="A"),
        Assignment(employee_id="anna", date=night, shift_id="S"),
    ]
    path = tmp_path / "roster.csv"
    write_roster(path, inst, roster)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "employee_id,date,shift_id,start,end"
    assert lines[1].startswith(f"anna,{first},D,{first}T07:00:00+0")
    assert lines[2].startswith(f"bo,{first},A,")
    assert f"bo,{night},N,{expected_start},{expected_end}" in lines
    assert sorted(load_roster(path, inst), key=repr) == sorted(roster, key=repr)
    df = roster_frame(inst, roster)
    assert list(df.columns) == ["employee_id", "date", "shift_id", "start", "end"]
    row = df[df.shift_id == "N"].iloc[0]
    assert row.date == night and row.start.isoformat() == expected_start
    hours = (row.end - row.start).total_seconds() / 3600
    assert hours == (9 if night.month == 10 else 7)


def test_load_roster_accepts_empty_start_end(tmp_path):
    inst = load_instance(make_unit(tmp_path))
    path = tmp_path / "r.csv"
    path.write_text(
        "employee_id,date,shift_id,start,end\nanna,2027-01-04,N,,\n"
        "bo,2027-01-05,D,2027-01-05T06:00:00Z,\n",
        encoding="utf-8",
    )
    assert [a.shift_id for a in load_roster(path, inst)] == ["N", "D"]


def test_load_roster_problems(tmp_path):
    inst = load_instance(make_unit(tmp_path))
    path = tmp_path / "roster.csv"
    path.write_text(
        "employee_id,date,shift_id,start,end\n"
        "zoe,2027-01-04,D,,\n"  # 2 unknown employee
        "anna,2027-01-04,X,,\n"  # 3 unknown shift
        "anna,2027-02-30,D,,\n"  # 4 impossible date
        "anna,2027-01-20,D,,\n"  # 5 outside period
        "anna,2027-01-05,D,2027-01-05T08:00:00+01:00,\n"  # 6 wrong start
        "anna,2027-01-06,N,,2027-01-07T07:00:00\n"  # 7 no offset
        "bo,2027-01-06,N,2027-01-06T23:00:00+01:00,2027-01-07T07:00:00+01:00\n"
        "bo,2027-01-06,N,,\n",  # 9 duplicate
        encoding="utf-8",
    )
    with pytest.raises(InputError) as exc:
        load_roster(path, inst)
    probs = exc.value.problems
    f = "roster.csv"
    assert "ukendt medarbejder" in the_problem(probs, f, 2, "employee_id").message
    assert "ukendt vagttype" in the_problem(probs, f, 3, "shift_id").message
    assert "findes ikke" in the_problem(probs, f, 4, "date").message
    assert "uden for planperioden" in the_problem(probs, f, 5, "date").message
    p = the_problem(probs, f, 6, "start")
    assert "passer ikke" in p.message and "2027-01-05T07:00:00+01:00" in p.message
    assert "UTC-forskydning" in the_problem(probs, f, 7, "end").message
    assert "række 8" in the_problem(probs, f, 9, None).message
    assert len(probs) == 7


def test_load_roster_missing_file(tmp_path):
    inst = load_instance(make_unit(tmp_path))
    with pytest.raises(InputError, match="mangler"):
        load_roster(tmp_path / "unit" / "roster.csv", inst)


def test_write_roster_is_atomic(tmp_path, monkeypatch):
    inst = load_instance(make_unit(tmp_path))
    roster = [
        Assignment(employee_id=e, date=inst.start + dt.timedelta(days=i), shift_id="D")
        for i in range(3)
        for e in ("anna", "bo")
    ]
    path = tmp_path / "roster.csv"
    path.write_text("old content\n", encoding="utf-8")
    calls = []
    real = wio._csv_record

    def flaky(rec):
        calls.append(rec)
        if len(calls) == 3:
            raise RuntimeError("disk full (simulated)")
        return real(rec)

    monkeypatch.setattr(wio, "_csv_record", flaky)
    with pytest.raises(RuntimeError):
        write_roster(path, inst, roster)
    assert path.read_text(encoding="utf-8") == "old content\n"
    assert os.listdir(tmp_path) == ["roster.csv", "unit"] or sorted(
        os.listdir(tmp_path)
    ) == ["roster.csv", "unit"]
    fresh = tmp_path / "new.csv"
    calls.clear()
    with pytest.raises(RuntimeError):
        write_roster(fresh, inst, roster)
    assert not fresh.exists()
    assert sorted(os.listdir(tmp_path)) == ["roster.csv", "unit"]
    monkeypatch.setattr(wio, "_csv_record", real)
    write_roster(path, inst, roster)
    assert len(load_roster(path, inst)) == 6


def test_write_roster_rejects_unknown_ids_and_bad_directory(tmp_path):
    inst = load_instance(make_unit(tmp_path))
    bad = [Assignment(employee_id="zoe", date=inst.start, shift_id="D")]
    with pytest.raises(InputError, match="ukendt medarbejder"):
        write_roster(tmp_path / "r.csv", inst, bad)
    assert not (tmp_path / "r.csv").exists()
    with pytest.raises(WorkbenchError, match="findes ikke"):
        write_roster(tmp_path / "nope" / "r.csv", inst, [])


def test_load_roster_without_start_end_columns(tmp_path):
    inst = load_instance(make_unit(tmp_path))
    path = tmp_path / "r.csv"
    path.write_text("EMPLOYEE_ID,date,shift_id\nanna,2027-01-04,N\n", encoding="utf-8")
    assert load_roster(path, inst) == [
        Assignment(employee_id="anna", date=dt.date(2027, 1, 4), shift_id="N")
    ]


def test_staff_meeting_must_end_after_start(tmp_path):
    unit = UNIT_YAML.replace('end: "14:30"', 'end: "12:00"')
    p = the_problem(
        problems_of(make_unit(tmp_path, unit=unit)),
        "unit.yaml",
        None,
        "staff_meetings[0].end",
    )
    assert "slutter" in p.message


def test_employees_file_without_employees(tmp_path):
    probs = problems_of(
        make_unit(tmp_path, employees="employee_id,name,weekly_hours\n")
    )
    assert (
        "ingen medarbejdere" in the_problem(probs, "employees.csv", None, None).message
    )


def test_top_level_sleep_in_rest_switch_is_rejected(tmp_path):
    unit = UNIT_YAML + "sleep_in_counts_as_rest: true\n"
    p = the_problem(
        problems_of(make_unit(tmp_path, unit=unit)),
        "unit.yaml",
        None,
        "sleep_in_counts_as_rest",
    )
    assert "1. juli 2024" in p.message
    with pytest.raises(InputError, match=r"1\. juli 2024"):
        load_unit(make_unit(tmp_path, unit=unit))


def test_unterminated_quote_is_reported(tmp_path):
    emp = 'employee_id,name,weekly_hours\nanna,"Anna,37\n'
    p = the_problem(
        problems_of(make_unit(tmp_path, employees=emp)), "employees.csv", None, None
    )
    assert "anførselstegn" in p.message


def test_wishes_of_the_declared_period_are_kept_out_of_another_planned_period(tmp_path):
    # 2027-01-05 lies in unit.yaml's period; planning from 2027-01-11 makes it
    # no error (the unit's own files stay valid) but it is not part of the plan.
    d = make_unit(tmp_path, wishes="employee_id,date,wish\nbo,2027-01-05,fri\nbo,2027-01-12,fri\n",
                  pins="employee_id,date,shift_id\nbo,2027-01-05,D\n")
    inst = load_instance(d, start=dt.date(2027, 1, 11), weeks=2)
    assert [w.date for w in inst.wishes] == [dt.date(2027, 1, 12)]
    assert inst.pins == ()
    assert len(load_instance(d).wishes) == 2


def test_published_plan_and_publication_dates(tmp_path):
    d = make_unit(tmp_path)
    y = (d / "unit.yaml").read_text(encoding="utf-8")
    y = y.replace("  weeks: 2", "  weeks: 2\n  published_on: 2026-12-01\n  changed_on: 2027-01-05", 1)
    (d / "unit.yaml").write_text(y, encoding="utf-8")
    (d / "published.csv").write_text("employee_id,date,shift_id\nanna,2027-01-05,D\n", encoding="utf-8")
    inst = load_instance(d)
    assert inst.published_on == dt.date(2026, 12, 1) and inst.changed_on == dt.date(2027, 1, 5)
    assert [(a.employee_id, a.date, a.shift_id) for a in inst.published] == [("anna", dt.date(2027, 1, 5), "D")]
    # another planned period does not inherit the declared period's publication
    assert load_instance(d, start=dt.date(2027, 1, 11), weeks=1).published_on is None
    (d / "published.csv").write_text("employee_id,date,shift_id\nzed,2027-01-05,D\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_instance(d)
    assert any(p.file == "published.csv" for p in e.value.problems)
