"""Seeded generator of realistic 24/7 bosted units, and a unit-directory writer.

:func:`generate_unit` builds a :class:`~workbench.domain.PlanningInstance`
shaped like the sample unit *Bosted Solsikken* (``sample_data/``), scaled to
10–150 staff: full- and part-time contracts, a qualification mix, a few
special employees (pregnant, seniors, fixed night, reduced capacity, night
exempt), absences on about 8 % of the person-days, wishes, and a short
history that respects the daily rest and the weekly fridøgn.

Capacity design (see :func:`capacity`): the minimum demand is about 80 % of
the contract hours (about 87 % of the hours left after absences), and the
ideal demand about
105 % of the hours available after absences, so that norm hours can be met
without overstaffing. Nights are one awake night (N) plus one sleep-in (S)
per house of about 25 staff, so nobody is alone at night.

:func:`write_unit` writes any instance as a unit directory in the format of
``docs/DATA_FORMAT.md`` (it does not depend on the loader in
:mod:`workbench.io`). Everything is deterministic for a given seed
(``random.Random(seed)``). Command line::

    python -m workbench.generator --staff 60 --weeks 12 --seed 1 --out DIR
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from workbench.domain import (
    Absence,
    AbsenceType,
    Assignment,
    Demand,
    Employee,
    LoneWork,
    Period,
    PlanningInstance,
    QualificationDemand,
    ShiftKind,
    ShiftTemplate,
    StaffMeeting,
    Unit,
    Weekday,
    Wish,
    WishKind,
)
from workbench.io import EMPLOYEE_OPTIONAL, EMPLOYEE_REQUIRED
from workbench.timeutil import shift_interval

DEFAULT_START = dt.date(2027, 1, 4)
"""Default planning start (a Monday), as in the sample units."""

MIN_STAFF, MAX_STAFF = 6, 300
"""Sizes accepted by :func:`generate_unit` (tuned for 10–150)."""

MIN_SHARE_OF_CONTRACT = 0.80
"""Minimum demand hours / contract hours (all staff, before absences)."""

IDEAL_SHARE_OF_AVAILABLE = 1.05
"""Ideal demand hours / hours available after absences."""

ABSENCE_SHARE = 0.08
"""Share of the plan's person-days with a registered absence."""

STAFF_PER_HOUSE = 25
"""One awake night and one sleep-in per this many staff."""

ONE_DAY = dt.timedelta(days=1)
WEEKDAYS: tuple[Weekday, ...] = tuple(Weekday)
WORKDAYS: tuple[Weekday, ...] = WEEKDAYS[:5]
NIGHT_KINDS = frozenset({ShiftKind.NIGHT, ShiftKind.SLEEP_IN, ShiftKind.ONCALL_HOME})
PAEDAGOG, ASSISTENT, OMSORG, MEDICIN = (
    "pædagog",
    "pædagogisk_assistent",
    "omsorgsmedhjælper",
    "medicin",
)


def _t(h: int, m: int = 0) -> dt.time:
    return dt.time(h, m)


SHIFTS: tuple[ShiftTemplate, ...] = (
    ShiftTemplate(id="D", label="Dagvagt", start=_t(7), end=_t(15), kind=ShiftKind.DAY),
    ShiftTemplate(
        id="D2", label="Dagvagt (sen)", start=_t(8), end=_t(16), kind=ShiftKind.DAY
    ),
    ShiftTemplate(
        id="K", label="Kort dagvagt", start=_t(9), end=_t(15), kind=ShiftKind.DAY
    ),
    ShiftTemplate(
        id="A2", label="Mellemvagt", start=_t(14), end=_t(22), kind=ShiftKind.EVENING
    ),
    ShiftTemplate(
        id="A", label="Aftenvagt", start=_t(15), end=_t(23), kind=ShiftKind.EVENING
    ),
    ShiftTemplate(
        id="S", label="Sovevagt", start=_t(22), end=_t(7), kind=ShiftKind.SLEEP_IN
    ),
    ShiftTemplate(
        id="N", label="Nattevagt", start=_t(23), end=_t(7), kind=ShiftKind.NIGHT
    ),
)
"""The generated units' shift templates (those of Bosted Solsikken, without R)."""

# Relative staffing of the day and evening cells (shift, weekend?) beyond the
# base of one D and one A per house and day.
_CELL_WEIGHTS: dict[tuple[str, bool], float] = {
    ("D", False): 3.0,
    ("D2", False): 1.0,
    ("A2", False): 0.9,
    ("A", False): 2.6,
    ("D", True): 2.4,
    ("D2", True): 0.6,
    ("A2", True): 0.7,
    ("A", True): 2.3,
}
_CELL_SHIFTS = ("D", "D2", "A2", "A")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_CONTRACTS = ((37, 0.40), (32, 0.22), (30, 0.15), (28, 0.13), (25, 0.10))

_FIRST_NAMES = _words(
    "Anna Mette Lars Birthe Jørgen Sofie Mads Ida Rasmus Camilla Peter Anne "
    "Thomas Louise Henrik Maria Søren Julie Kasper Emma Niels Lene Jonas Hanne "
    "Ali Karen Mikkel Signe Frederik Line Jesper Tina Morten Pia Christian "
    "Helle Martin Susanne Anders Rikke Jacob Maja Ole Lone Simon Nanna Bo "
    "Dorthe Emil Freja Åse Søs Bjørn Sara Yusuf Fatima Amir Zainab Per Gitte"
)
_LAST_NAMES = _words(
    "Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen "
    "Rasmussen Jørgensen Petersen Madsen Kristensen Olsen Thomsen Christiansen "
    "Poulsen Johansen Møller Mortensen Knudsen Jakobsen Holm Lund Dahl Berg "
    "Frederiksen Østergaard Bækgaard Ærø Hassan Yilmaz Lauridsen Bach Kjær Skov"
)


# -- capacity arithmetic -----------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    """Weekly averages of demand and contract hours for an instance's plan.

    Hours are norm hours: shift duration in real time x ``paid_fraction``;
    on-call from home is left out (it does not count towards the norm by
    default). Absences are credited with weekly hours / 5 per day Mon–Fri.
    """

    weeks: float
    contract_hours: float
    absence_hours: float
    min_demand_hours: float
    ideal_demand_hours: float

    @property
    def available_hours(self) -> float:
        """Contract hours less the absence credit (per week)."""
        return self.contract_hours - self.absence_hours

    @property
    def min_share_of_contract(self) -> float:
        """Minimum demand hours / contract hours."""
        return self.min_demand_hours / self.contract_hours

    @property
    def min_share_of_available(self) -> float:
        """Minimum demand hours / available hours."""
        return self.min_demand_hours / self.available_hours

    @property
    def ideal_share_of_available(self) -> float:
        """Ideal demand hours / available hours."""
        return self.ideal_demand_hours / self.available_hours


def capacity(instance: PlanningInstance) -> Capacity:
    """Demand hours against contract hours for ``instance``'s plan period."""
    tz = ZoneInfo(instance.unit.timezone)
    weeks = instance.n_days / 7
    lo = hi = 0.0
    for day in instance.days:
        for t in instance.unit.shifts:
            dem = instance.unit.demand_for(t.id, day)
            if dem is None or t.kind is ShiftKind.ONCALL_HOME:
                continue
            s, e = shift_interval(day, t, tz)
            hours = (e - s).total_seconds() / 3600 * t.paid_fraction
            lo += dem.min * hours
            hi += dem.ideal * hours
    weekly = {e.id: e.weekly_hours for e in instance.employees}
    absent = 0.0
    for a in instance.absences:
        for day in instance.days:
            if a.covers(day) and day.isoweekday() <= 5:
                absent += weekly.get(a.employee_id, 0) / 5
    return Capacity(
        weeks=weeks,
        contract_hours=sum(weekly.values()),
        absence_hours=absent / weeks,
        min_demand_hours=lo / weeks,
        ideal_demand_hours=hi / weeks,
    )


# -- generation ------------------------------------------------------------------


def generate_unit(
    n_staff: int,
    weeks: int,
    seed: int,
    start: dt.date = DEFAULT_START,
    *,
    history_days: int = 14,
) -> PlanningInstance:
    """Generate a realistic unit with ``n_staff`` employees.

    Args:
        n_staff: Number of employees (tuned for 10–150).
        weeks: Length of the planning period in weeks.
        seed: Seed for ``random.Random``; equal arguments give equal units.
        start: First day of the plan (Monday is usual).
        history_days: Days of history before ``start`` (0 for none).

    Returns:
        The planning instance (unit, staff, absences, wishes, history).
    """
    if not MIN_STAFF <= n_staff <= MAX_STAFF:
        raise ValueError(f"n_staff skal være mellem {MIN_STAFF} og {MAX_STAFF}")
    if not 1 <= weeks <= 52:
        raise ValueError("weeks skal være mellem 1 og 52")
    rng = random.Random(seed)
    houses = max(1, round(n_staff / STAFF_PER_HOUSE))
    days = [start + dt.timedelta(days=i) for i in range(7 * weeks)]
    staff = _staff(rng, n_staff, houses, start, weeks)
    absences = _absences(rng, staff, days)
    unit = _unit(n_staff, seed, start, weeks, houses, staff, absences, len(days))
    wishes = _wishes(rng, staff, absences, days, unit)
    base = PlanningInstance(
        unit=unit,
        employees=tuple(staff),
        start=start,
        weeks=weeks,
        absences=tuple(absences),
        wishes=tuple(wishes),
    )
    history = _history(rng, base, history_days) if history_days > 0 else ()
    return base.model_copy(update={"history": tuple(history)})


def _weighted(rng: random.Random, options: Sequence[tuple[object, float]]) -> object:
    r = rng.random() * sum(w for _, w in options)
    for value, w in options:
        r -= w
        if r < 0:
            return value
    return options[-1][0]


def _names(rng: random.Random, n: int) -> list[str]:
    pool = [f"{f} {s}" for f in _FIRST_NAMES for s in _LAST_NAMES]
    rng.shuffle(pool)
    if n <= len(pool):
        return pool[:n]
    return [f"{pool[i % len(pool)]} {i // len(pool) + 1}" for i in range(n)]


def _birth(rng: random.Random, year_lo: int, year_hi: int) -> dt.date:
    year = rng.randint(year_lo, year_hi)
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def _staff(
    rng: random.Random, n: int, houses: int, start: dt.date, weeks: int
) -> list[Employee]:
    """Contracts, qualifications and the special employees."""
    idx = list(range(n))
    rng.shuffle(idx)
    take = iter(idx)
    n_fixed_night = max(1, round(n / 20))
    n_reduced = max(1, round(n / 40))
    n_pregnant = max(1, round(n / 25))
    n_senior = max(1, round(n * 0.08))
    n_night_exempt = round(n * 0.04)
    fixed_night = {next(take) for _ in range(n_fixed_night)}
    reduced = {next(take) for _ in range(n_reduced)}
    pregnant = {next(take) for _ in range(n_pregnant)}
    seniors = [next(take) for _ in range(n_senior)]
    exempt = {next(take) for _ in range(n_night_exempt)}
    senior_day = set(seniors[::2])

    # Qualifications: about 45 % pædagoger, enough for a pædagog in every
    # D, A (and N from 20 staff) slot at about 3 shifts a week each.
    qual_shifts = 3 if n >= 20 else 2
    need_p = math.ceil(7 * houses * qual_shifts / 3.0)
    n_p = min(n, max(round(0.45 * n), need_p))
    need_m = math.ceil(7 * houses * 2 / 3.0)
    n_m = min(n, max(round(0.45 * n), need_m))
    order = sorted(
        range(n), key=lambda i: (i not in fixed_night, i in reduced, rng.random())
    )
    paed = set(order[:n_p])
    medicin = set(rng.sample(range(n), n_m))
    # Enough night-eligible pædagoger for the N slots (3 nights each a week).
    if qual_shifts == 3:
        night_ok = [
            i for i in range(n) if i not in reduced | pregnant | exempt | set(seniors)
        ]
        need_night_p = math.ceil(7 * houses / 3.0)
        have = [i for i in night_ok if i in paed]
        for i in [i for i in night_ok if i not in paed][
            : max(0, need_night_p - len(have))
        ]:
            paed.add(i)
    names = _names(rng, n)
    width = max(2, len(str(n)))
    plan_end = start + dt.timedelta(days=7 * weeks - 1)
    out: list[Employee] = []
    for i in range(n):
        hours = float(_weighted(rng, _CONTRACTS))  # type: ignore[arg-type]
        quals = (
            {PAEDAGOG}
            if i in paed
            else {_weighted(rng, ((ASSISTENT, 0.45), (OMSORG, 0.55)))}
        )
        if i in medicin:
            quals.add(MEDICIN)
        kw: dict[str, object] = {}
        if i in seniors:
            kw["birth_date"] = _birth(rng, start.year - 64, start.year - 60)
            if i in senior_day:
                kw["senior_shift"] = ShiftKind.DAY
            else:
                kw["senior_no_nights"] = True
        elif i in pregnant:
            kw["birth_date"] = _birth(rng, start.year - 38, start.year - 26)
            begin = start - dt.timedelta(days=rng.randint(30, 120))
            kw["pregnant_from"] = begin
            kw["pregnant_to"] = max(begin + dt.timedelta(days=280), plan_end)
        else:
            kw["birth_date"] = _birth(rng, start.year - 57, start.year - 22)
        if i in fixed_night:
            hours = 28.0
            kw["fixed_night"] = True
            kw["lone_work_cleared"] = True
        elif i in reduced:
            hours = 24.0
            kw["max_shift_hours"] = 6.0
            kw["max_weekly_hours"] = 25.0
        elif i in exempt:
            kw["night_exempt"] = True
        if i not in fixed_night and rng.random() < 0.4:
            kw["lone_work_cleared"] = True
        out.append(
            Employee(
                id=f"e{i + 1:0{width}d}",
                name=names[i],
                weekly_hours=hours,
                qualifications=frozenset(quals),
                **kw,  # type: ignore[arg-type]
            )
        )
    return out


def _absences(
    rng: random.Random, staff: Sequence[Employee], days: Sequence[dt.date]
) -> list[Absence]:
    """Absences on about ``ABSENCE_SHARE`` of the person-days, spread out."""
    n_days = len(days)
    target = round(ABSENCE_SHARE * len(staff) * n_days)
    cap = max(1, math.ceil(0.14 * len(staff)))  # most absent on one day
    per_day = dict.fromkeys(days, 0)
    taken: dict[str, set[dt.date]] = {e.id: set() for e in staff}
    out: list[Absence] = []
    total = 0
    mondays = [d for d in days if d.isoweekday() == 1]
    attempts = 0
    while total < target and attempts < 50 * len(staff):
        attempts += 1
        e = rng.choice(staff)
        senior = e.birth_date is not None and days[0].year - e.birth_date.year >= 59
        kinds: list[tuple[object, float]] = [
            (AbsenceType.FERIE, 0.5),
            (AbsenceType.KURSUS, 0.15),
            (AbsenceType.AFSPADSERING, 0.15),
            (AbsenceType.FRI, 0.1),
        ]
        if senior:
            kinds.append((AbsenceType.SENIORDAG, 0.3))
        kind = _weighted(rng, kinds)
        if kind is AbsenceType.FERIE and mondays and rng.random() < 0.7:
            load = {
                m: sum(per_day[m + dt.timedelta(days=k)] for k in range(5))
                for m in mondays
                if m + dt.timedelta(days=6) <= days[-1]
            }
            if not load:
                continue
            low = min(load.values())
            first = rng.choice([m for m, v in load.items() if v == low])
            length = 7
        elif kind is AbsenceType.FERIE:
            first = rng.choice(days)
            length = 3
        elif kind is AbsenceType.KURSUS:
            first = rng.choice([d for d in days if d.isoweekday() <= 5] or list(days))
            length = rng.choice((1, 1, 2))
        else:
            first = rng.choice([d for d in days if d.isoweekday() <= 5] or list(days))
            length = 1
        span = [first + dt.timedelta(days=k) for k in range(length)]
        if span[-1] > days[-1] or total + length > target + 2:
            continue
        near = {d + dt.timedelta(days=k) for d in span for k in (-1, 0, 1)}
        if near & taken[e.id] or any(per_day[d] >= cap for d in span):
            continue
        if len(taken[e.id]) + length > 0.25 * n_days:
            continue
        for d in span:
            per_day[d] += 1
        taken[e.id].update(span)
        total += length
        out.append(Absence(employee_id=e.id, start=span[0], end=span[-1], type=kind))  # type: ignore[arg-type]
    order = {e.id: i for i, e in enumerate(staff)}
    return sorted(out, key=lambda a: (a.start, order[a.employee_id]))


def _apportion(
    k: int, cells: Sequence[tuple[str, Weekday]]
) -> dict[tuple[str, Weekday], int]:
    """Share ``k`` person-shifts among ``cells`` by weight (largest remainder)."""
    weights = [_CELL_WEIGHTS[sid, wd not in WORKDAYS] for sid, wd in cells]
    total = sum(weights)
    quotas = [k * w / total for w in weights]
    out = {c: int(q) for c, q in zip(cells, quotas, strict=True)}
    rest = k - sum(out.values())
    by_rem = sorted(range(len(cells)), key=lambda i: (-(quotas[i] - int(quotas[i])), i))
    for i in by_rem[:rest]:
        out[cells[i]] += 1
    return out


def _unit(
    n: int,
    seed: int,
    start: dt.date,
    weeks: int,
    houses: int,
    staff: Sequence[Employee],
    absences: Sequence[Absence],
    n_days: int,
) -> Unit:
    """Shifts and demand sized to the staff (see the module docstring)."""
    reduced = [
        e for e in staff if e.max_shift_hours is not None and e.max_shift_hours < 8
    ]
    contract = sum(e.weekly_hours for e in staff)
    hours_of = {e.id: e.weekly_hours for e in staff}
    credit = sum(
        hours_of[a.employee_id] / 5
        for a in absences
        for k in range((a.end - a.start).days + 1)
        if (a.start + dt.timedelta(days=k)).isoweekday() <= 5
    )
    available = contract - credit / (n_days / 7)
    cells = [(sid, wd) for sid in _CELL_SHIFTS for wd in WEEKDAYS]
    base = {c: (houses if c[0] in ("D", "A") else 0) for c in cells}
    night_hours = 7 * houses * (9 + 8)
    base_hours = 8 * sum(base.values()) + night_hours
    extra_min = max(0, round((MIN_SHARE_OF_CONTRACT * contract - base_hours) / 8))
    mins = {c: base[c] + x for c, x in _apportion(extra_min, cells).items()}
    k_ideal = len(reduced)
    min_hours = 8 * sum(mins.values()) + night_hours
    extra_ideal = max(
        0, round((IDEAL_SHARE_OF_AVAILABLE * available - min_hours - 30 * k_ideal) / 8)
    )
    ideals = {c: mins[c] + x for c, x in _apportion(extra_ideal, cells).items()}
    demand: list[Demand] = []
    for sid in ("D", "D2", "K", "A2", "A", "S", "N"):
        if sid == "K":
            if k_ideal:
                demand.append(
                    Demand(shift="K", weekdays=WORKDAYS, min=0, ideal=k_ideal)
                )
            continue
        if sid in ("S", "N"):
            demand.append(Demand(shift=sid, min=houses, ideal=houses))
            continue
        groups: dict[tuple[int, int], list[Weekday]] = {}
        for wd in WEEKDAYS:
            lo, hi = mins[sid, wd], ideals[sid, wd]
            if hi:
                groups.setdefault((lo, hi), []).append(wd)
        for (lo, hi), wds in groups.items():
            demand.append(Demand(shift=sid, weekdays=tuple(wds), min=lo, ideal=hi))
    qual = [
        QualificationDemand(
            qualification=PAEDAGOG,
            min=houses,
            shifts=("D", "A", "N") if n >= 20 else ("D", "A"),
        ),
        QualificationDemand(qualification=MEDICIN, min=houses, shifts=("D", "A")),
    ]
    return Unit(
        name=f"Genereret bosted ({n} medarbejdere, seed {seed})",
        period=Period(start=start, weeks=weeks),
        shifts=SHIFTS if reduced else tuple(s for s in SHIFTS if s.id != "K"),
        demand=tuple(demand),
        qualification_demand=tuple(qual),
        lone_work=LoneWork(no_lone_shifts=("N",)),
        staff_meetings=(
            StaffMeeting(
                weekday=Weekday.WED, start=_t(13), end=_t(14, 30), every_weeks=2
            ),
        ),
    )


def eligible(e: Employee, t: ShiftTemplate, day: dt.date) -> bool:
    """May ``e`` plausibly work ``t`` on ``day`` (special employees' limits)?

    Conservative: fixed-night staff only work nights; a senior's fixed shift
    kind, no nights for seniors who asked, for the night exempt and while
    pregnant; reduced capacity by shift length.
    """
    hours = _template_hours(t)
    if e.max_shift_hours is not None and hours > e.max_shift_hours:
        return False
    if e.fixed_night:
        return t.kind is ShiftKind.NIGHT
    if e.senior_shift is not None and t.kind is not e.senior_shift:
        return False
    night = t.kind in NIGHT_KINDS
    return not (night and (e.senior_no_nights or e.night_exempt or e.pregnant_on(day)))


def _template_hours(t: ShiftTemplate) -> float:
    a = t.start.hour * 60 + t.start.minute
    b = t.end.hour * 60 + t.end.minute
    return ((b - a) % (24 * 60) or 24 * 60) / 60


def _wishes(
    rng: random.Random,
    staff: Sequence[Employee],
    absences: Sequence[Absence],
    days: Sequence[dt.date],
    unit: Unit,
) -> list[Wish]:
    """About 0.2 wishes per employee and week, never on an absence day."""
    absent = {(a.employee_id, d) for a in absences for d in days if a.covers(d)}
    target = round(0.2 * len(staff) * len(days) / 7)
    seen: set[tuple[str, dt.date]] = set()
    out: list[Wish] = []
    attempts = 0
    while len(out) < target and attempts < 20 * target + 20:
        attempts += 1
        e = rng.choice(staff)
        day = rng.choice(days)
        if (e.id, day) in absent or (e.id, day) in seen:
            continue
        kind = _weighted(
            rng,
            (
                (WishKind.DAY_OFF, 0.6),
                (WishKind.NOT_SHIFT, 0.25),
                (WishKind.SHIFT, 0.15),
            ),
        )
        prio = int(_weighted(rng, ((1, 0.35), (2, 0.3), (3, 0.2), (4, 0.1), (5, 0.05))))  # type: ignore[arg-type]
        shift_id = None
        if kind is not WishKind.DAY_OFF:
            ok = [
                t
                for t in unit.shifts
                if eligible(e, t, day) and unit.demand_for(t.id, day)
            ]
            if kind is WishKind.NOT_SHIFT:
                ok = [
                    t for t in ok if t.kind in (ShiftKind.NIGHT, ShiftKind.EVENING)
                ] or ok
            if not ok:
                continue
            shift_id = rng.choice(ok).id
        seen.add((e.id, day))
        out.append(
            Wish(
                employee_id=e.id,
                date=day,
                kind=kind,
                shift_id=shift_id,  # type: ignore[arg-type]
                priority=prio,
            )
        )
    order = {e.id: i for i, e in enumerate(staff)}
    return sorted(out, key=lambda w: (w.date, order[w.employee_id]))


def _history(
    rng: random.Random, inst: PlanningInstance, n_days: int
) -> list[Assignment]:
    """A greedy history that keeps the daily rest and a strict weekly fridøgn.

    Each shift keeps >= 11 h from the employee's previous one, and nobody
    works more than 4 calendar days after two days without a shift start
    (so every 7-day window holds two whole free days, >= 35 h even after a
    night). Slots are filled up to their minimum where possible, qualified
    staff first; those furthest below their contract hours go first.
    """
    unit = inst.unit
    tz = ZoneInfo(unit.timezone)
    first = inst.start - dt.timedelta(days=n_days)
    hist_days = [first + dt.timedelta(days=i) for i in range(n_days)]
    worked: dict[str, float] = {e.id: 0.0 for e in inst.employees}
    last_end: dict[str, dt.datetime] = {}
    work_days: dict[str, set[dt.date]] = {e.id: set() for e in inst.employees}
    double_off: dict[str, dt.date] = {e.id: first - ONE_DAY for e in inst.employees}
    order = ("N", "S", "D", "A", "D2", "A2", "K")
    templates = sorted(
        unit.shifts, key=lambda t: order.index(t.id) if t.id in order else len(order)
    )
    out: list[Assignment] = []
    for i, day in enumerate(hist_days):
        elapsed = (i + 1) / 7
        today: set[str] = set()
        for t in templates:
            dem = unit.demand_for(t.id, day)
            if dem is None or dem.min == 0 or t.kind is ShiftKind.ONCALL_HOME:
                continue
            s, e_ = shift_interval(day, t, tz)
            hours = (e_ - s).total_seconds() / 3600
            cands = [
                e
                for e in inst.employees
                if e.id not in today
                and eligible(e, t, day)
                and (day - double_off[e.id]).days <= 4
                and (
                    e.id not in last_end
                    or (s - last_end[e.id]).total_seconds() >= 11 * 3600
                )
                and (
                    e.max_weekly_hours is None
                    or _week_hours(out, unit, e.id, day) + hours <= e.max_weekly_hours
                )
            ]
            cands.sort(
                key=lambda e: (worked[e.id] - e.weekly_hours * elapsed, rng.random())
            )
            chosen: list[Employee] = []
            for q in unit.qualification_demand:
                if q.shifts and t.id not in q.shifts:
                    continue
                have = sum(1 for c in chosen if q.qualification in c.qualifications)
                for c in cands:
                    if have >= q.min or len(chosen) >= dem.min:
                        break
                    if c not in chosen and q.qualification in c.qualifications:
                        chosen.append(c)
                        have += 1
            for c in cands:
                if len(chosen) >= dem.min:
                    break
                if c not in chosen and worked[c.id] < c.weekly_hours * elapsed + 4:
                    chosen.append(c)
            for c in chosen:
                today.add(c.id)
                worked[c.id] += hours
                last_end[c.id] = e_
                work_days[c.id].add(day)
                out.append(Assignment(employee_id=c.id, date=day, shift_id=t.id))
        for e in inst.employees:
            if day not in work_days[e.id] and (day - ONE_DAY) not in work_days[e.id]:
                double_off[e.id] = day
    pos = {e.id: k for k, e in enumerate(inst.employees)}
    return sorted(out, key=lambda a: (a.date, pos[a.employee_id], a.shift_id))


def _week_hours(out: Sequence[Assignment], unit: Unit, eid: str, day: dt.date) -> float:
    monday = day - dt.timedelta(days=day.isoweekday() - 1)
    return sum(
        _template_hours(unit.shift(a.shift_id))
        for a in out
        if a.employee_id == eid and monday <= a.date <= day
    )


# -- writing ---------------------------------------------------------------------


EMPLOYEE_COLUMNS = EMPLOYEE_REQUIRED + EMPLOYEE_OPTIONAL
"""The columns of ``employees.csv``, in the reader's order (workbench.io)."""


def _clock(t: dt.time) -> str:
    return f"{t:%H:%M}"


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else str(x)


def _flag(b: bool) -> str:
    return "ja" if b else ""


def _day(d: dt.date | None) -> str:
    return "" if d is None else d.isoformat()


def _days_list(wds: frozenset[Weekday] | tuple[Weekday, ...]) -> str:
    return ";".join(w.value for w in WEEKDAYS if w in wds)


def unit_to_yaml_dict(unit: Unit) -> dict[str, object]:
    """``unit`` as the plain mapping written to ``unit.yaml``."""
    shifts = []
    for s in unit.shifts:
        row: dict[str, object] = {
            "id": s.id,
            "label": s.label,
            "start": _clock(s.start),
            "end": _clock(s.end),
            "kind": s.kind.value,
        }
        if s.paid_fraction != 1.0:
            row["paid_fraction"] = s.paid_fraction
        shifts.append(row)
    demand = []
    for d in unit.demand:
        row = {"shift": d.shift}
        if tuple(d.weekdays) != WEEKDAYS:
            row["weekdays"] = [w.value for w in d.weekdays]
        row.update({"min": d.min, "ideal": d.ideal})
        demand.append(row)
    out: dict[str, object] = {
        "name": unit.name,
        "timezone": unit.timezone,
        "period": {"start": unit.period.start, "weeks": unit.period.weeks},
        "shifts": shifts,
        "demand": demand,
    }
    if unit.qualification_demand:
        rows = []
        for q in unit.qualification_demand:
            row = {"qualification": q.qualification, "min": q.min}
            if q.shifts:
                row["shifts"] = list(q.shifts)
            if tuple(q.weekdays) != WEEKDAYS:
                row["weekdays"] = [w.value for w in q.weekdays]
            rows.append(row)
        out["qualification_demand"] = rows
    lw = unit.lone_work
    if lw.no_lone_shifts or lw.no_lone_hours:
        lone: dict[str, object] = {}
        if lw.no_lone_shifts:
            lone["no_lone_shifts"] = list(lw.no_lone_shifts)
        if lw.no_lone_hours:
            lone["no_lone_hours"] = [
                [_clock(a), _clock(b)] for a, b in lw.no_lone_hours
            ]
        out["lone_work"] = lone
    if unit.staff_meetings:
        out["staff_meetings"] = [
            {
                "weekday": m.weekday.value,
                "start": _clock(m.start),
                "end": _clock(m.end),
                "every_weeks": m.every_weeks,
            }
            for m in unit.staff_meetings
        ]
    return out


def employee_row(e: Employee) -> list[str]:
    """One ``employees.csv`` row in :data:`EMPLOYEE_COLUMNS` order."""
    return [
        e.id,
        e.name,
        _num(e.weekly_hours),
        ";".join(sorted(e.qualifications)),
        _day(e.birth_date),
        _day(e.pregnant_from),
        _day(e.pregnant_to),
        _flag(e.lone_work_cleared),
        _flag(e.fixed_night),
        _flag(e.night_exempt),
        "" if e.senior_shift is None else e.senior_shift.value,
        _flag(e.senior_no_nights),
        _num(e.max_shift_hours),
        _num(e.max_weekly_hours),
        _days_list(e.fixed_days_off),
        "" if e.fixed_free_evening is None else e.fixed_free_evening.value,
    ]


def _write_csv(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def write_unit(instance: PlanningInstance, directory: str | Path) -> Path:
    """Write ``instance`` as a unit directory (``docs/DATA_FORMAT.md``).

    Writes ``unit.yaml`` and ``employees.csv``, plus ``absences.csv``,
    ``wishes.csv``, ``history.csv`` and ``pins.csv`` when the instance has
    any. The unit's default period is set to the instance's period.

    Returns:
        The directory.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    unit = instance.unit.model_copy(
        update={"period": Period(start=instance.start, weeks=instance.weeks)}
    )
    text = yaml.safe_dump(
        unit_to_yaml_dict(unit),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=100,
    )
    (out / "unit.yaml").write_text(text, encoding="utf-8")
    _write_csv(
        out / "employees.csv",
        EMPLOYEE_COLUMNS,
        [employee_row(e) for e in instance.employees],
    )
    if instance.absences:
        _write_csv(
            out / "absences.csv",
            ("employee_id", "from", "to", "type"),
            [
                (a.employee_id, a.start.isoformat(), a.end.isoformat(), a.type.value)
                for a in instance.absences
            ],
        )
    if instance.wishes:
        _write_csv(
            out / "wishes.csv",
            ("employee_id", "date", "wish", "shift_id", "priority"),
            [
                (
                    w.employee_id,
                    w.date.isoformat(),
                    w.kind.value,
                    w.shift_id or "",
                    str(w.priority),
                )
                for w in instance.wishes
            ],
        )
    if instance.history:
        _write_csv(
            out / "history.csv",
            ("employee_id", "date", "shift_id"),
            [(a.employee_id, a.date.isoformat(), a.shift_id) for a in instance.history],
        )
    if instance.pins:
        _write_csv(
            out / "pins.csv",
            ("employee_id", "date", "shift_id"),
            [
                (p.employee_id, p.date.isoformat(), p.shift_id or "")
                for p in instance.pins
            ],
        )
    return out


# -- command line -----------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m workbench.generator --staff 60 --weeks 12 --seed 1 --out DIR``."""
    ap = argparse.ArgumentParser(
        prog="python -m workbench.generator",
        description="Generér en realistisk enhed (bosted) som mappe med unit.yaml "
        "og CSV-filer.",
    )
    ap.add_argument(
        "--staff", type=int, required=True, help="antal medarbejdere (10–150)"
    )
    ap.add_argument("--weeks", type=int, default=4, help="planperiodens længde i uger")
    ap.add_argument(
        "--seed", type=int, default=1, help="seed for tilfældighedsgeneratoren"
    )
    ap.add_argument(
        "--start",
        type=dt.date.fromisoformat,
        default=DEFAULT_START,
        help="planperiodens første dag (ÅÅÅÅ-MM-DD)",
    )
    ap.add_argument(
        "--history-days", type=int, default=14, help="dage med historik før start"
    )
    ap.add_argument("--out", type=Path, required=True, help="mappe der skrives til")
    args = ap.parse_args(argv)
    try:
        inst = generate_unit(
            args.staff,
            args.weeks,
            args.seed,
            args.start,
            history_days=args.history_days,
        )
    except ValueError as ex:
        print(f"Fejl: {ex}", file=sys.stderr)
        return 2
    write_unit(inst, args.out)
    cap = capacity(inst)
    print(
        f"{inst.unit.name} skrevet til {args.out}: {len(inst.employees)} medarbejdere, "
        f"{inst.weeks} uger, {len(inst.absences)} fravær, {len(inst.wishes)} ønsker, "
        f"{len(inst.history)} historiske vagter.\n"
        f"Pr. uge: kontrakttimer {cap.contract_hours:.0f} t, til rådighed efter fravær "
        f"{cap.available_hours:.0f} t, minimumsbehov {cap.min_demand_hours:.0f} t "
        f"({cap.min_share_of_contract:.0%} af kontrakttimerne), ønsket behov "
        f"{cap.ideal_demand_hours:.0f} t."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
