"""Hypothesis strategies: random tiny units with random rosters."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from tests.helpers import STANDARD_SHIFTS, employee, instance
from workbench.domain import (
    Absence,
    AbsenceType,
    Assignment,
    Demand,
    LoneWork,
    Pin,
    QualificationDemand,
    Weekday,
    Wish,
    WishKind,
)

LETTERS = [s.id for s in STANDARD_SHIFTS]
STARTS = [dt.date(2026, 1, 5), dt.date(2026, 3, 23), dt.date(2026, 10, 19), dt.date(2026, 12, 21)]


@st.composite
def grid_cells(draw, n_days: int) -> str:
    cells = draw(
        st.lists(
            st.one_of(st.just("-"), st.sampled_from(LETTERS)),
            min_size=n_days,
            max_size=n_days,
        )
    )
    return " ".join(cells)


@st.composite
def random_case(draw):
    """(instance, grid) with random staff, demand, history and roster."""
    n_emp = draw(st.integers(1, 3))
    n_days = draw(st.sampled_from([7, 9, 14]))
    start = draw(st.sampled_from(STARTS))
    ids = ["anna", "bo", "cy"][:n_emp]
    grid = {e: draw(grid_cells(n_days)) for e in ids}
    history = {e: draw(grid_cells(draw(st.integers(0, 8)))) for e in ids}
    history = {e: g for e, g in history.items() if g}
    emps = {}
    for e in ids:
        emps[e] = employee(
            e,
            weekly_hours=draw(st.sampled_from([37, 30, 20])),
            qualifications=frozenset(draw(st.sets(st.sampled_from(["pædagog", "medicin"])))),
            birth_date=draw(st.sampled_from([None, dt.date(1960, 5, 1), dt.date(2009, 6, 1), dt.date(1990, 1, 1)])),
            pregnant_from=(start if draw(st.booleans()) else None),
            lone_work_cleared=draw(st.booleans()),
            fixed_night=draw(st.booleans()),
            night_exempt=draw(st.booleans()),
            max_shift_hours=draw(st.sampled_from([None, 8.0, 10.0])),
            max_weekly_hours=draw(st.sampled_from([None, 25.0])),
            fixed_days_off=frozenset(draw(st.sets(st.sampled_from(list(Weekday)), max_size=1))),
            fixed_free_evening=draw(st.sampled_from([None, Weekday.WED])),
            # limits read by the general rules (Curtois-style); None = not judged
            max_shifts_per_type=draw(st.sampled_from([None, (("N", 1), ("A", 0))])),
            max_total_minutes=draw(st.sampled_from([None, 2400])),
            min_total_minutes=draw(st.sampled_from([None, 960])),
            max_consecutive_days=draw(st.sampled_from([None, 3])),
            min_consecutive_days=draw(st.sampled_from([None, 2])),
            min_consecutive_days_off=draw(st.sampled_from([None, 2])),
            max_weekends=draw(st.sampled_from([None, 0, 1])),
        )
    demand = tuple(
        Demand(shift=s, min=m, ideal=m + draw(st.integers(0, 1)))
        for s in draw(st.sets(st.sampled_from(["D", "A", "N"]), min_size=1))
        for m in [draw(st.integers(0, 2))]
    )
    inst = instance(
        grid,
        start=start,
        employees=emps,
        history=history,
        demand=demand,
        qualification_demand=(QualificationDemand(qualification="pædagog"),),
        lone_work=LoneWork(no_lone_shifts=("N",), no_lone_hours=((dt.time(22), dt.time(6)),)),
    )
    days = inst.days
    absences = []
    for e in ids:
        if draw(st.booleans()):
            d0 = draw(st.sampled_from(days))
            absences.append(Absence(employee_id=e, start=d0, end=d0 + dt.timedelta(days=draw(st.integers(0, 2))),
                                    type=draw(st.sampled_from(list(AbsenceType)))))
    wishes = []
    for e in ids:
        for d in draw(st.sets(st.sampled_from(days), max_size=2)):
            kind = draw(st.sampled_from(list(WishKind)))
            wishes.append(Wish(employee_id=e, date=d, kind=kind,
                               shift_id=None if kind is WishKind.DAY_OFF else draw(st.sampled_from(["D", "A", "N"])),
                               priority=draw(st.integers(1, 5))))
    pins = []
    for e in ids:
        if draw(st.booleans()):
            pins.append(Pin(employee_id=e, date=draw(st.sampled_from(days)),
                            shift_id=draw(st.sampled_from([None, "D", "N"]))))
    published = tuple(
        Assignment(employee_id=e, date=d, shift_id=draw(st.sampled_from(["D", "A", "N"])))
        for e in ids for d in draw(st.sets(st.sampled_from(days), max_size=3))
    )
    update = {"absences": tuple(absences), "wishes": tuple(wishes), "pins": tuple(pins)}
    if "cover" in type(inst).model_fields:
        from workbench.domain import CoverTarget

        update["cover"] = tuple(
            CoverTarget(date=d, shift=draw(st.sampled_from(["D", "N"])),
                        target=draw(st.integers(0, 2)),
                        under_weight=draw(st.integers(0, 5)),
                        over_weight=draw(st.integers(0, 3)))
            for d in draw(st.sets(st.sampled_from(days), max_size=3))
        )
    fields = type(inst).model_fields
    if "published" in fields:
        update["published"] = published
    if "published_on" in fields:
        update["published_on"] = start - dt.timedelta(days=draw(st.integers(0, 40)))
    if "changed_on" in fields:
        update["changed_on"] = draw(st.sampled_from([None, *days[:3]]))
    return inst.model_copy(update=update), grid
