"""Working-time law: the 48-hour average, night workers, lone work, under-18s.

Amounts of the two hour rules are in *minutes* over the limit, so that the
model's excess variable and the checker's arithmetic agree exactly without
rounding; messages show them as hours and minutes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

from pydantic import Field

from workbench.danish import hours_minutes_da as _hm
from workbench.danish import short_date_da as _d
from workbench.domain import ShiftKind
from workbench.scheduling.checks import RosterView
from workbench.scheduling.context import RuleContext
from workbench.scheduling.patterns import at_least_literal, or_literal
from workbench.scheduling.registry import (
    Finding,
    Mode,
    NoParams,
    RuleParams,
    SourceType,
    rule,
)
from workbench.scheduling.rules._common import night_work
from workbench.scheduling.rules._common import work_minutes as _minutes
from workbench.timeutil import (
    Calendar,
    local_instant,
    night_minutes,
    shift_interval,
)

ATL = "Arbejdstidsloven (LBK nr. 896 af 24/08/2004 m.ændr.)"
LONE = "BEK nr. 1839 af 14/12/2023 om arbejdets udførelse § 11"
ADULT_AGE = 18
ONE_DAY = dt.timedelta(days=1)


def _is_work(kind: ShiftKind) -> bool:
    """Working time for the hour rules: everything but on-call from home.

    Sleep-ins at the workplace are working time since 1 July 2024 (BEK 324
    as amended); on-call from home is not unless called out.
    """
    return kind is not ShiftKind.ONCALL_HOME


# -- hours.max_48_average ------------------------------------------------------


class Max48Params(RuleParams):
    """Parameters for ``hours.max_48_average``."""

    max_hours_per_week: int = Field(
        48, gt=0, le=168, description="Average weekly hours allowed (h)."
    )
    reference_weeks: int = Field(
        17, ge=1, le=52, description="Reference period in weeks (17 ≈ 4 months)."
    )


def _avg_windows(
    cal: Calendar, p: Max48Params
) -> list[tuple[tuple[dt.date, ...], dt.date, dt.date, int]]:
    """Per plan week: (its days, window first day, window end excl., limit min).

    The window ends with the week and reaches back ``reference_weeks`` weeks,
    but not before the first known day (history start, else plan start).
    """
    out = []
    for block in cal.weeks():
        end = block[-1] + ONE_DAY
        first = max(cal.history_start, end - dt.timedelta(weeks=p.reference_weeks))
        days = (end - first).days
        out.append((tuple(block), first, end, p.max_hours_per_week * 60 * days // 7))
    return out


@rule(
    id="hours.max_48_average",
    title_da="Højst 48 timer om ugen i gennemsnit",
    title_en="At most 48 hours a week on average",
    citation=f"{ATL} § 4: højst 48 timer i gennemsnit pr. 7 dage inkl. overarbejde, "
    "opgjort over 4 måneder; sovevagt på arbejdsstedet er arbejdstid fra 1. juli "
    "2024 (BEK nr. 324 af 23/05/2002 som ændret)",
    source=SourceType.LAW,
    modes=(Mode.HARD, Mode.SOFT),
    default_mode=Mode.HARD,
    default_weight=20,
    params=Max48Params,
    unit_da="minutter over gennemsnitsgrænsen (pr. uge-vindue)",
    why_da="Loven sætter et loft over den gennemsnitlige ugentlige arbejdstid, "
    "så lange perioder med meget arbejde ikke slider medarbejderen ned.",
)
def max_48_average(ctx: RuleContext, p: Max48Params) -> None:
    """Worked minutes in each reference window stay within the weekly average.

    Modelling: for every plan week, the shifts starting in the window
    [max(known start, week end - reference_weeks), week end) sum to at most
    ``max_hours_per_week * 60 * window days / 7`` (floored) minutes; history
    is constant work. Soft: one unit per minute over, per window.
    """
    windows = _avg_windows(ctx.calendar, p)
    for e in ctx.employees:
        busy = [b for b in ctx.vars.busy(e.id) if _is_work(b.kind)]
        for block, first, end, limit in windows:
            terms = [
                (b.end_min - b.start_min, b.lit) for b in busy if first <= b.day < end
            ]
            ctx.at_most(terms, limit, employee=e.id, dates=block)


@max_48_average.checker
def _check_max_48_average(view: RosterView, p: Max48Params) -> Iterator[Finding]:
    windows = _avg_windows(view.calendar, p)
    for e in view.employees:
        work = [w for w in view.all_work(e.id) if _is_work(w.kind)]
        for block, first, end, limit in windows:
            total = sum(_minutes(w) for w in work if first <= w.day < end)
            if total > limit:
                yield Finding(
                    e.id,
                    block,
                    total - limit,
                    f"{e.name} har {_hm(total)} arbejde på vagter, der begynder "
                    f"{_d(first)}–{_d(end - ONE_DAY)} ({(end - first).days} dage); "
                    f"højst {_hm(limit)} er tilladt ({p.max_hours_per_week} t pr. "
                    f"uge i gennemsnit), dvs. {_hm(total - limit)} for meget "
                    "(arbejdstidsloven § 4).",
                )


# -- night.worker_average_8h ---------------------------------------------------


class NightWorkerParams(RuleParams):
    """Parameters for ``night.worker_average_8h``."""

    max_hours_per_day: int = Field(
        8, gt=0, le=24, description="Average hours per 24 h for night workers."
    )
    share_threshold: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Share of the plan's shifts that are night work from which "
        "an employee counts as a night worker.",
    )
    night_hours_min: float = Field(
        3, ge=0, le=24, description="Hours inside the natperiode that make a "
        "shift night work.",
    )
    night_window: tuple[dt.time, dt.time] = Field(
        (dt.time(22), dt.time(5)), description="The natperiode (local clock)."
    )


def _night_limit(n_days: int, p: NightWorkerParams) -> int:
    """Minutes allowed over ``n_days``: the weekly 24 h rest is not averaged."""
    return p.max_hours_per_day * 60 * (6 * n_days) // 7


def _night_shift(
    interval: tuple[dt.datetime, dt.datetime], cal: Calendar, p: NightWorkerParams
) -> bool:
    return night_work(interval, cal, p.night_hours_min, p.night_window)


def _share(p: NightWorkerParams) -> tuple[int, int]:
    f = Fraction(str(p.share_threshold))
    return f.numerator, f.denominator


@rule(
    id="night.worker_average_8h",
    title_da="Natarbejdere højst 8 timer pr. døgn i gennemsnit",
    title_en="Night workers at most 8 hours per 24 hours on average",
    citation=f"{ATL} § 5 og KTO's tillæg (2004) til aftalen om implementering af "
    "arbejdstidsdirektivet: natarbejder = normalt mindst 3 t af den daglige "
    "arbejdstid i natperioden (standard kl. 22–05); højst 8 t pr. 24 t i "
    "gennemsnit, det ugentlige fridøgn fratrukket",
    source=SourceType.LAW,
    modes=(Mode.HARD, Mode.SOFT),
    default_mode=Mode.HARD,
    default_weight=20,
    params=NightWorkerParams,
    unit_da="minutter over natarbejdergrænsen",
    why_da="Natarbejde belaster helbredet; loven begrænser derfor natarbejderes "
    "gennemsnitlige arbejdstid pr. døgn.",
)
def worker_average_8h(ctx: RuleContext, p: NightWorkerParams) -> None:
    """A night worker's plan work stays within 8 h per 24 h on average.

    Modelling: ``nw`` is True for ``fixed_night`` staff, else it is fully
    reified as ``den*nights - num*shifts >= 0`` (threshold = num/den); the
    limit is then ``total + M*nw <= limit + M`` with M = most possible - limit.
    """
    cal = ctx.calendar
    num, den = _share(p)
    limit = _night_limit(len(cal.days), p)
    slots = [s for s in cal.slots if _is_work(s.kind)]
    night = {s.index: _night_shift(s.interval, cal, p) for s in slots}
    for e in ctx.employees:
        x = [(s, ctx.vars.works(e.id, s)) for s in slots]
        big = sum(s.minutes for s in slots) - limit
        if big <= 0:
            continue
        nw = e.fixed_night or at_least_literal(
            ctx.model, [(den * night[s.index] - num, v) for s, v in x], 0,
            name=f"nightworker|{e.id}",
        )
        terms = [(s.minutes, v) for s, v in x]
        ctx.at_most([*terms, (big, nw)], limit + big, employee=e.id, dates=cal.days)


@worker_average_8h.checker
def _check_worker_average_8h(
    view: RosterView, p: NightWorkerParams
) -> Iterator[Finding]:
    cal = view.calendar
    num, den = _share(p)
    limit = _night_limit(len(cal.days), p)
    for e in view.employees:
        work = [w for w in view.plan_work(e.id) if _is_work(w.kind)]
        nights = sum(_night_shift(w.interval, cal, p) for w in work)
        if not (e.fixed_night or nights * den >= num * len(work)):
            continue
        total = sum(_minutes(w) for w in work)
        if total > limit:
            why = (
                "fast nattevagt" if e.fixed_night
                else f"{nights} af {len(work)} vagter er natarbejde"
            )
            yield Finding(
                e.id,
                tuple(cal.days),
                total - limit,
                f"{e.name} er natarbejder ({why}) og har {_hm(total)} arbejde på "
                f"{len(cal.days)} dage; højst {_hm(limit)} er tilladt "
                f"({p.max_hours_per_day} t pr. døgn i gennemsnit, fridøgn "
                f"fratrukket), dvs. {_hm(total - limit)} for meget "
                "(arbejdstidsloven § 5).",
            )


# -- law.no_lone_work ----------------------------------------------------------


@dataclass(frozen=True)
class LoneStretch:
    """A stretch of no-lone time with constant coverage.

    ``slots`` are the plan work slots covering it (indices), ``history`` the
    employees whose history work covers it.
    """

    start_min: int
    end_min: int
    slots: tuple[int, ...]
    history: frozenset[str]
    dates: tuple[dt.date, ...]


def lone_stretches(cal: Calendar) -> list[LoneStretch]:
    """Where nobody may be alone: elementary segments, merged by coverage.

    Time is cut at every plan slot, history shift and no-lone interval
    boundary. A segment counts when it lies inside the time of a no-lone
    shift template (on any plan day or the day before) or inside a
    ``no_lone_hours`` window, and some plan work slot covers it (segments
    covered by history alone are not the plan's business). Consecutive
    counted segments with the same covering slots and history are merged.
    On-call from home is not on duty and is left out.
    """
    inst = cal.instance
    lw = inst.unit.lone_work
    if not (lw.no_lone_shifts or lw.no_lone_hours):
        return []
    templates = [t for t in inst.unit.shifts if t.id in lw.no_lone_shifts]
    days = [inst.start - ONE_DAY, *cal.days]
    zones: list[tuple[int, int]] = []
    for day in days:
        for t in templates:
            s, e = shift_interval(day, t, cal.tz)
            zones.append((cal.minutes(s), cal.minutes(e)))
        for ws, we in lw.no_lone_hours:
            end_day = day + ONE_DAY if we <= ws else day
            zones.append((
                cal.minutes(local_instant(day, ws, cal.tz)),
                cal.minutes(local_instant(end_day, we, cal.tz)),
            ))
    # Sweep the cut points, keeping count of the active items of each kind.
    items: list[tuple[int, int, str, int | str]] = [
        (s.start_min, s.end_min, "slot", s.index) for s in cal.slots if _is_work(s.kind)
    ]
    items += [
        (cal.minutes(w.start), cal.minutes(w.end), "hist", e.id)
        for e in inst.employees
        for w in cal.history_work(e.id)
        if _is_work(w.kind)
    ]
    items += [(z0, z1, "zone", i) for i, (z0, z1) in enumerate(zones)]
    events: dict[int, list[tuple[int, str, int | str]]] = {}
    for z0, z1, kind, key in items:
        if z0 < z1:
            events.setdefault(z0, []).append((1, kind, key))
            events.setdefault(z1, []).append((-1, kind, key))
    active: dict[str, Counter[int | str]] = {
        k: Counter() for k in ("slot", "hist", "zone")
    }
    cuts = sorted(events)
    out: list[LoneStretch] = []
    for a, b in pairwise(cuts):
        for step, kind, key in events[a]:
            active[kind][key] += step
        if not +active["zone"] or not +active["slot"]:
            continue
        cover = tuple(sorted(int(i) for i in +active["slot"]))
        who = frozenset(str(k) for k in +active["hist"])
        prev = out[-1] if out else None
        if prev and prev.end_min == a and (prev.slots, prev.history) == (cover, who):
            out[-1] = LoneStretch(prev.start_min, b, cover, who, prev.dates)
            continue
        dates = tuple(sorted({cal.slots[i].day for i in cover}))
        out.append(LoneStretch(a, b, cover, who, dates))
    return out


@rule(
    id="law.no_lone_work",
    title_da="Intet alenearbejde, hvor APV'en forbyder det",
    title_en="No lone work where the risk assessment forbids it",
    citation=f"{LONE} (kan alenearbejde medføre særlig fare, skal arbejdet "
    "tilrettelægges, så faren imødegås; kan den ikke det, må arbejdet ikke "
    "udføres alene) + enhedens APV (unit.yaml: lone_work.no_lone_shifts, "
    "no_lone_hours)",
    source=SourceType.LAW,
    modes=(Mode.HARD, Mode.SOFT),
    default_mode=Mode.HARD,
    default_weight=1000,
    unit_da="tidsrum med kun én på vagt",
    why_da="Hvor enhedens risikovurdering viser særlig fare ved at være alene, "
    "skal der altid være mindst to på vagt, hvis der er nogen.",
)
def no_lone_work(ctx: RuleContext, p: NoParams) -> None:
    """In no-lone time nobody is the only person on duty.

    Modelling: per stretch (see :func:`lone_stretches`), ``d_e`` = OR of the
    employee's covering slots (True for history) and ``any`` = OR(d_e), both
    exact; then ``sum(d_e) >= 2 * any``. Soft: exactly one on duty costs 1.
    """
    slots = ctx.calendar.slots
    for st in lone_stretches(ctx.calendar):
        on = [
            or_literal(
                ctx.model,
                [*(ctx.vars.works(e.id, slots[i]) for i in st.slots),
                 e.id in st.history],
                f"onduty|{e.id}|{st.start_min}",
            )
            for e in ctx.employees
        ]
        anyone = or_literal(ctx.model, on, f"anyone|{st.start_min}")
        ctx.at_least([*((1, d) for d in on), (-2, anyone)], 0, dates=st.dates)


@no_lone_work.checker
def _check_no_lone_work(view: RosterView, p: NoParams) -> Iterator[Finding]:
    cal = view.calendar
    for st in lone_stretches(cal):
        lo, hi = cal.instant(st.start_min), cal.instant(st.end_min)
        on = [
            e
            for e in view.employees
            if any(
                _is_work(w.kind) and w.start < hi and w.end > lo
                for w in view.all_work(e.id)
            )
        ]
        if len(on) == 1:
            yield Finding(
                None,
                st.dates,
                1,
                f"{on[0].name} er alene på vagt {view.fmt(lo)}–{view.fmt(hi)}, "
                "hvor enhedens APV ikke tillader alenearbejde "
                "(BEK nr. 1839/2023 om arbejdets udførelse § 11).",
            )


# -- law.young_no_nights -------------------------------------------------------


class YoungParams(RuleParams):
    """Parameters for ``law.young_no_nights``."""

    window: tuple[dt.time, dt.time] = Field(
        (dt.time(20), dt.time(6)),
        description="Local clock window in which under-18s may not work "
        "(UNCONFIRMED: 20–06 per secondary sources on BEK om unges arbejde).",
    )


def _young_night(age: int | None) -> bool:
    return age is not None and age < ADULT_AGE


@rule(
    id="law.young_no_nights",
    title_da="Intet natarbejde for unge under 18",
    title_en="No night work for employees under 18",
    citation="BEK nr. 324 af 23/05/2002 § 1 (omfatter kun personer over 18 år); for "
    "unge under 18 gælder bekendtgørelse om unges arbejde (BEK nr. 239 af "
    "06/04/2005 m.ændr.): arbejdstid som hovedregel kl. 06–20 — vinduet og "
    "paragraffen er UNCONFIRMED mod retsinformation.dk (parameter window)",
    source=SourceType.LAW,
    modes=(Mode.HARD,),
    default_mode=Mode.HARD,
    default_weight=1000,
    params=YoungParams,
    unit_da="vagter i nattevinduet",
    why_da="Unge under 18 er særligt beskyttet og må ikke arbejde om natten.",
)
def young_no_nights(ctx: RuleContext, p: YoungParams) -> None:
    """Under-18s get no slot that overlaps the night window.

    Age is taken on the slot's start date; without a birth date the
    employee is not affected. Every kind of slot counts, on-call included.
    """
    cal = ctx.calendar
    night = [s for s in cal.slots if night_minutes(s.interval, cal.tz, p.window)]
    for e in ctx.employees:
        for s in night:
            if _young_night(e.age_on(s.day)):
                ctx.forbid([ctx.vars.works(e.id, s)], employee=e.id, dates=(s.day,))


@young_no_nights.checker
def _check_young_no_nights(view: RosterView, p: YoungParams) -> Iterator[Finding]:
    w0, w1 = (f"{t:%H:%M}" for t in p.window)
    for e in view.employees:
        for w in view.plan_work(e.id):
            age = e.age_on(w.day)
            if _young_night(age) and night_minutes(w.interval, view.tz, p.window):
                yield Finding(
                    e.id,
                    (w.day,),
                    1,
                    f"{e.name} er {age} år og har {w.template.label.lower()} "
                    f"{view.fmt(w.start)}–{view.fmt(w.end)}, som rører tidsrummet "
                    f"kl. {w0}–{w1}; unge "
                    "under 18 må ikke have natarbejde (bekendtgørelse om unges "
                    "arbejde).",
                )
