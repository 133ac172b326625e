"""Lokal-MED principles for the rosters (LOCAL).

Lokal-MED "kan også udarbejde principper for arbejdsplanerne", e.g. how many
weekends and evening shifts each employee works per month and a fixed weekly
free evening, and should see to it that "sol og vind deles nogenlunde
ligeligt" (Socialpædagogerne: Den gode Arbejdsplads, 4. udg., afsnit
Arbejdstid: Fordeling af vagter; Mulige opgaver i MED-systemet). The numbers
are the unit's own; the defaults are examples.

A "month" is a block of ``period_weeks`` (4) weeks from the plan start; a
shorter last block gets a pro-rata cap, rounded up. Weekends use the same
real-time window as ``weekends.free`` (a parameter; UNCONFIRMED for 64.11,
C16).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Literal

from pydantic import Field

from workbench.danish import date_range_da, number_da
from workbench.danish import short_date_da as _d
from workbench.domain import Employee, ShiftKind
from workbench.holidays_dk import soegnehelligdage_between
from workbench.scheduling import patterns
from workbench.scheduling.checks import RosterView
from workbench.scheduling.context import RuleContext
from workbench.scheduling.registry import (
    Finding,
    Mode,
    RuleParams,
    SourceType,
    rule,
)
from workbench.scheduling.rules.recommendations import (
    NightParams,
    WeekendParams,
    block_weekends,
    blocks,
    is_night,
    night_slots,
    view_weekend_worked,
    weekend_windows,
    weekend_worked,
)
from workbench.scheduling.variables import Lit
from workbench.timeutil import UTC, Calendar, local_instant

ONE_DAY = dt.timedelta(days=1)
MED = (
    "Lokal-MED-principper for arbejdsplanerne (Socialpædagogerne: Den gode "
    "Arbejdsplads, 4. udg., afsnit Arbejdstid – Mulige opgaver i MED-systemet)"
)
MED_SHORT = "Lokal-MED-princip"


def _cap(limit: int, block: Sequence[dt.date], period_weeks: int) -> int:
    """The cap for a block: pro rata for a short last block, rounded up."""
    return -(-limit * len(block) // (7 * period_weeks))


# -- local.max_weekends_worked --


class MaxWeekendsParams(WeekendParams):
    """Parameters for ``local.max_weekends_worked``."""

    max_worked: int = Field(
        2, ge=0, le=8, description="Worked weekends per period per person."
    )
    period_weeks: int = Field(4, ge=1, le=52, description="Weeks per period.")


@rule(
    id="local.max_weekends_worked",
    title_da="Højst 2 arbejdsweekender pr. 4 uger",
    title_en="At most 2 worked weekends per 4 weeks",
    citation=f"{MED}: hvor mange weekender den enkelte medarbejder skal arbejde "
    "pr. måned. Tallet er lokalt; weekendens afgrænsning er en parameter "
    "(UBEKRÆFTET for 64.11 [C16]).",
    source=SourceType.LOCAL,
    modes=(Mode.SOFT, Mode.HARD),
    default_mode=Mode.SOFT,
    default_weight=40,
    params=MaxWeekendsParams,
    unit_da="arbejdsweekender over det aftalte",
    why_da="Lokal-MED har aftalt, hvor mange weekender hver medarbejder højst "
    "arbejder pr. måned, så weekendarbejdet deles.",
)
def max_weekends_worked(ctx: RuleContext, p: MaxWeekendsParams) -> None:
    """No one works more than ``max_worked`` weekends per ``period_weeks`` weeks.

    Modelling: the exact "weekend worked" literal (any work reaching into
    the real-time window, history included); ``at_most`` per block.
    Amount: worked weekends over the cap.
    """
    for e in ctx.employees:
        for block, wins in block_weekends(ctx.calendar, p, p.period_weeks):
            terms = [(1, weekend_worked(ctx, e.id, w)) for w in wins]
            cap = _cap(p.max_worked, block, p.period_weeks)
            ctx.at_most(terms, cap, employee=e.id, dates=tuple(w.day for w in wins))


@max_weekends_worked.checker
def _check_max_weekends(view: RosterView, p: MaxWeekendsParams) -> Iterator[Finding]:
    for e in view.employees:
        for block, wins in block_weekends(view.calendar, p, p.period_weeks):
            worked = [w.day for w in wins if view_weekend_worked(view, e.id, w)]
            cap = _cap(p.max_worked, block, p.period_weeks)
            if len(worked) > cap:
                yield Finding(
                    e.id,
                    tuple(worked),
                    len(worked) - cap,
                    f"{e.name} arbejder {len(worked)} weekender "
                    f"{date_range_da(block)}; højst {cap} er aftalt ({MED_SHORT}).",
                )


# -- local.max_evenings --


class MaxEveningsParams(RuleParams):
    """Parameters for ``local.max_evenings``."""

    max_evenings: int = Field(
        8, ge=0, le=31, description="Evening shifts per period per person."
    )
    period_weeks: int = Field(4, ge=1, le=52, description="Weeks per period.")
    kinds: tuple[ShiftKind, ...] = Field(
        (ShiftKind.EVENING,), description="Kinds that are evening shifts."
    )


@rule(
    id="local.max_evenings",
    title_da="Højst 8 aftenvagter pr. 4 uger",
    title_en="At most 8 evening shifts per 4 weeks",
    citation=f"{MED}: hvor mange aftenvagter pr. måned. Tallet er lokalt.",
    source=SourceType.LOCAL,
    modes=(Mode.SOFT, Mode.HARD),
    default_mode=Mode.SOFT,
    default_weight=30,
    params=MaxEveningsParams,
    unit_da="aftenvagter over det aftalte",
    why_da="Lokal-MED har aftalt, hvor mange aftenvagter hver medarbejder højst "
    "har pr. måned, så familieliv og fritid kan hænge sammen.",
)
def max_evenings(ctx: RuleContext, p: MaxEveningsParams) -> None:
    """No one has more than ``max_evenings`` evening shifts per period.

    Modelling: ``at_most`` over the evening slots of each block. Amount:
    evening shifts over the (pro-rata) cap.
    """
    for e in ctx.employees:
        for block in blocks(ctx.calendar.days, p.period_weeks):
            terms = [
                (1, ctx.vars.works(e.id, s))
                for d in block
                for s in ctx.calendar.slots_by_day[d]
                if s.kind in p.kinds
            ]
            cap = _cap(p.max_evenings, block, p.period_weeks)
            ctx.at_most(terms, cap, employee=e.id, dates=tuple(block))


@max_evenings.checker
def _check_max_evenings(view: RosterView, p: MaxEveningsParams) -> Iterator[Finding]:
    for e in view.employees:
        for block in blocks(view.calendar.days, p.period_weeks):
            days = set(block)
            n = sum(
                1 for w in view.plan_work(e.id) if w.day in days and w.kind in p.kinds
            )
            cap = _cap(p.max_evenings, block, p.period_weeks)
            if n > cap:
                yield Finding(
                    e.id,
                    tuple(block),
                    n - cap,
                    f"{e.name} har {n} aftenvagter {date_range_da(block)}; "
                    f"højst {cap} er aftalt ({MED_SHORT}).",
                )


# -- local.free_evening --


class FreeEveningParams(RuleParams):
    """Parameters for ``local.free_evening``."""

    evening_from: dt.time = Field(dt.time(17), description="The evening starts.")
    evening_to: dt.time = Field(
        dt.time(0), description="The evening ends (at or before the start: next day)."
    )


def _evenings(
    cal: Calendar, e: Employee, p: FreeEveningParams
) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    """The employee's fixed free evenings in the plan as UTC windows."""
    if e.fixed_free_evening is None:
        return []
    out = []
    for d in cal.days:
        if d.isoweekday() != e.fixed_free_evening.iso:
            continue
        end_day = d + ONE_DAY if p.evening_to <= p.evening_from else d
        s = local_instant(d, p.evening_from, cal.tz).astimezone(UTC)
        t = local_instant(end_day, p.evening_to, cal.tz).astimezone(UTC)
        out.append((d, s, t))
    return out


@rule(
    id="local.free_evening",
    title_da="Fast ugentlig friaften",
    title_en="Fixed weekly free evening",
    citation=f"{MED}: en fast ugentlig friaften (employees.csv: "
    "fixed_free_evening). Aftenen regnes som standard fra kl. 17 (aftentillæg "
    "17–23 [C12]) til midnat.",
    source=SourceType.LOCAL,
    modes=(Mode.HARD, Mode.SOFT),
    default_mode=Mode.HARD,
    default_weight=50,
    params=FreeEveningParams,
    unit_da="friaftener med vagt",
    why_da="En fast friaften om ugen giver mulighed for faste aktiviteter uden "
    "for arbejdet.",
)
def free_evening(ctx: RuleContext, p: FreeEveningParams) -> None:
    """No work reaches into an employee's fixed free evening.

    Modelling: per fixed evening, "worked" = exact OR of every item
    (history or plan, any kind) overlapping the window in real time;
    ``forbid([worked])``. Amount: 1 per evening with work.
    """
    for e in ctx.employees:
        busy = ctx.vars.busy(e.id)
        for d, s, t in _evenings(ctx.calendar, e, p):
            lo, hi = ctx.calendar.minutes(s), ctx.calendar.minutes(t)
            lits = [b.lit for b in busy if b.start_min < hi and b.end_min > lo]
            worked = patterns.or_literal(ctx.model, lits, f"evening|{e.id}|{d}")
            ctx.forbid([worked], employee=e.id, dates=(d,))


@free_evening.checker
def _check_free_evening(view: RosterView, p: FreeEveningParams) -> Iterator[Finding]:
    for e in view.employees:
        work = view.all_work(e.id)
        for d, s, t in _evenings(view.calendar, e, p):
            hits = [w for w in work if w.start < t and w.end > s]
            if hits:
                yield Finding(
                    e.id,
                    (d,),
                    1,
                    f"{e.name} har {hits[0].template.label.lower()} om aftenen "
                    f"{_d(d)}, som er en fast friaften ({MED_SHORT}).",
                )


# -- local.fair_share --

Category = Literal["nights", "evenings", "weekends", "holidays"]
CATEGORY_DA = {
    "nights": "nattevagter",
    "evenings": "aftenvagter",
    "weekends": "arbejdsweekender",
    "holidays": "vagter på søgnehelligdage",
}


class FairShareParams(NightParams, WeekendParams):
    """Parameters for ``local.fair_share``."""

    categories: tuple[Category, ...] = Field(
        ("nights", "evenings", "weekends", "holidays"),
        description="What is shared out fairly.",
    )
    full_time_hours: float = Field(
        37, gt=0, le=48, description="Weekly hours of a full-time contract."
    )
    resolution: int = Field(
        10,
        ge=1,
        le=100,
        description="Units per full-time-equivalent shift "
        "(10 = tenths): each count is weighted round(resolution × full time / "
        "contract hours).",
    )
    exempt_excluded: bool = Field(
        True,
        description="Leave fixed-night, night-exempt, senior-no-nights and "
        "pregnant staff out of the nights comparison.",
    )


def _coef(e: Employee, p: FairShareParams) -> int:
    """Weight of one count for ``e``: full-time equivalents, rounded half up."""
    x = Fraction(p.resolution) * Fraction(str(p.full_time_hours))
    x /= Fraction(str(e.weekly_hours))
    return int(x + Fraction(1, 2))


def _eligible(cal: Calendar, e: Employee, cat: str, p: FairShareParams) -> bool:
    if e.weekly_hours <= 0:
        return False
    if cat != "nights" or not p.exempt_excluded:
        return True
    if e.fixed_night or e.night_exempt or e.senior_no_nights:
        return False
    return not any(e.pregnant_on(d) for d in cal.days)


def _in_category(
    cat: str, kind: ShiftKind, day: dt.date, night: bool, holidays: set[dt.date]
) -> bool:
    """Does a shift (not a weekend) count in ``cat``?"""
    if cat == "nights":
        return night
    if cat == "evenings":
        return kind is ShiftKind.EVENING
    return day in holidays and kind is not ShiftKind.ONCALL_HOME


def _holidays(cal: Calendar) -> set[dt.date]:
    return set(soegnehelligdage_between(cal.days[0], cal.days[-1]))


def _category_lits(
    ctx: RuleContext,
    e: Employee,
    cat: str,
    p: FairShareParams,
    nights: set[int],
    holidays: set[dt.date],
) -> list[Lit]:
    if cat == "weekends":
        return [weekend_worked(ctx, e.id, w) for w in weekend_windows(ctx.calendar, p)]
    return [
        ctx.vars.works(e.id, s)
        for s in ctx.calendar.slots
        if _in_category(cat, s.kind, s.day, s.index in nights, holidays)
    ]


@rule(
    id="local.fair_share",
    title_da="Retfærdig fordeling af nætter, aftener, weekender og helligdage",
    title_en="Fair shares of nights, evenings, weekends and holidays",
    citation=f"{MED}; samme kilde, Fordeling af vagter: 'sol og vind deles "
    "nogenlunde ligeligt', weekend- og aftenvagter er mindre attraktive. "
    "Fordelingen er i forhold til timetal (fuldtid 37 t [C2]); søgnehelligdage "
    "efter workbench.holidays_dk.",
    source=SourceType.LOCAL,
    modes=(Mode.SOFT,),
    default_weight=5,
    params=FairShareParams,
    unit_da="tiendedele vagt (fuldtidsomregnet) mellem højeste og laveste",
    why_da="De mindre attraktive vagter skal deles efter timetal, så ingen får "
    "mere end sin andel.",
)
def fair_share(ctx: RuleContext, p: FairShareParams) -> None:
    """Per category, the spread of contract-adjusted counts is small.

    Modelling: per category and eligible employee the count times
    round(resolution × full-time / contract hours) over exact literals
    (night/evening/holiday slots, worked-weekend literals);
    ``patterns.spread_terms`` (max − min) and ``penalize``. Amount: the sum
    over categories of the spread in units of 1/resolution full-time count.
    """
    nights = night_slots(ctx.calendar, p)
    holidays = _holidays(ctx.calendar)
    for cat in p.categories:
        staff = [e for e in ctx.employees if _eligible(ctx.calendar, e, cat, p)]
        exprs = [
            [
                (_coef(e, p), lit)
                for lit in _category_lits(ctx, e, cat, p, nights, holidays)
            ]
            for e in staff
        ]
        terms = patterns.spread_terms(ctx.model, exprs, f"fair|{cat}")
        ctx.penalize(terms, dates=tuple(ctx.calendar.days))


def _view_count(
    view: RosterView, e: Employee, cat: str, p: FairShareParams, holidays: set[dt.date]
) -> int:
    if cat == "weekends":
        wins = weekend_windows(view.calendar, p)
        return sum(1 for w in wins if view_weekend_worked(view, e.id, w))
    return sum(
        1
        for w in view.plan_work(e.id)
        if _in_category(
            cat, w.kind, w.day, is_night(w.kind, w.interval, view.calendar, p), holidays
        )
    )


@fair_share.checker
def _check_fair_share(view: RosterView, p: FairShareParams) -> Iterator[Finding]:
    holidays = _holidays(view.calendar)
    for cat in p.categories:
        staff = [e for e in view.employees if _eligible(view.calendar, e, cat, p)]
        if len(staff) < 2:
            continue
        vals = [
            (_coef(e, p) * _view_count(view, e, cat, p, holidays), e) for e in staff
        ]
        (hi, top), (lo, low) = (
            max(vals, key=lambda v: v[0]),
            min(vals, key=lambda v: v[0]),
        )
        if hi > lo:
            r = p.resolution
            yield Finding(
                None,
                tuple(view.calendar.days),
                hi - lo,
                f"{CATEGORY_DA[cat].capitalize()} er skævt fordelt efter timetal: "
                f"{top.name} har {_view_count(view, top, cat, p, holidays)} "
                f"({number_da(hi / r)} fuldtidsomregnet), {low.name} "
                f"{_view_count(view, low, cat, p, holidays)} ({number_da(lo / r)}); "
                f"forskel {number_da((hi - lo) / r)} ({MED_SHORT} om retfærdig "
                "fordeling).",
            )
