"""The KL døgnaftale (64.11): norm hours, fridøgn, plan lead time and notice.

Source: KL "Aftale om arbejdstid for de kommunale døgnområder – pædagogisk
område" (64.11). The primary text was not available when this module was
written; values follow the union/employer summaries named in each citation
(reference rows C2–C9, C17 of the project's Danish-rules note) and ship as
parameters.

Hour amounts are in *minutes*, so that the model's excess variables and the
checkers' arithmetic agree exactly; messages show hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field

from workbench.danish import date_range_da, number_da
from workbench.danish import short_date_da as _d
from workbench.domain import Employee, PlanningInstance, ShiftKind, ShiftTemplate
from workbench.holidays_dk import soegnehelligdage_between
from workbench.scheduling.checks import RosterView
from workbench.scheduling.context import BuiltModel, RuleContext
from workbench.scheduling.patterns import BusyIndex, all_false, or_literal
from workbench.scheduling.registry import (
    Finding,
    Mode,
    RuleParams,
    SourceType,
    rule,
)
from workbench.scheduling.rules._common import half_up as _half_up
from workbench.scheduling.rules._common import (
    hours_to_minutes,
    published_change_da,
    published_shifts,
)
from workbench.scheduling.rules._common import work_minutes as _minutes
from workbench.scheduling.variables import Lit
from workbench.timeutil import Calendar, Slot, Work, local_instant

AGR = (
    'KL "Aftale om arbejdstid for de kommunale døgnområder – pædagogisk område" (64.11)'
)
SHORT = "KL-døgnaftalen 64.11"
ONE_DAY = dt.timedelta(days=1)


def _h(minutes: int) -> str:
    """Minutes as Danish hours with one decimal: '148,0 t'."""
    return f"{number_da(minutes / 60)} t"


# -- norm hours ----------------------------------------------------------------


class _NormParams(RuleParams):
    """Shared parameters of the two norm-hour rules."""

    direction: Literal["both", "over", "under"] = Field(
        "both", description="Judge hours over the norm, under it, or both."
    )
    count_oncall_home: bool = Field(
        False, description="Count on-call from home (rådighed) towards the norm."
    )
    credit_absences: bool = Field(
        True,
        description="Each absence day Mon–Fri (not a søgnehelligdag) lowers "
        "the norm by weekly hours / 5.",
    )


class NormParams(_NormParams):
    """Parameters for ``agreement.norm_hours``."""

    tolerance_hours: float = Field(
        2.0, ge=0, le=200, description="Hours off the norm that cost nothing (h)."
    )


class NormBandParams(_NormParams):
    """Parameters for ``agreement.norm_hours_band``."""

    tolerance_hours: float = Field(
        7.4, ge=0, le=200, description="Widest allowed distance from the norm (h)."
    )


@dataclass(frozen=True)
class Norm:
    """An employee's norm for the plan period and how it was reached."""

    minutes: int
    holidays: tuple[dt.date, ...]
    absence_days: tuple[dt.date, ...]


def norm_of(inst: PlanningInstance, e: Employee, p: _NormParams) -> Norm:
    """The norm in whole minutes (rounded half up, never below 0).

    ``weekly_hours x n_days / 7``, less ``weekly_hours / 5`` per
    søgnehelligdag Mon–Sat in the period (C17: even on a day the employee
    has off anyway) and, with ``credit_absences``, per day Mon–Fri with a
    registered absence that is not a søgnehelligdag. The absence credit is
    this project's assumption (a ferie/seniordag/afspadsering/kursus/syg day
    on a weekday is credited with an average working day); Juleaftensdag
    and the 12–24 half days (C19, C20) are not modelled.
    """
    weekly = Fraction(str(e.weekly_hours)) * 60
    hol = tuple(soegnehelligdage_between(inst.start, inst.end))
    absent: tuple[dt.date, ...] = ()
    if p.credit_absences:
        mine = [a for a in inst.absences if a.employee_id == e.id]
        absent = tuple(
            d
            for d in inst.days
            if d.isoweekday() <= 5 and d not in hol and any(a.covers(d) for a in mine)
        )
    raw = weekly * inst.n_days / 7 - weekly / 5 * (len(hol) + len(absent))
    return Norm(max(0, _half_up(raw)), hol, absent)


def paid_minutes(template: ShiftTemplate, minutes: int) -> int:
    """Minutes of a shift that count towards the norm (``paid_fraction``)."""
    return _half_up(Fraction(minutes) * Fraction(template.paid_fraction))


def _counts(kind: ShiftKind, p: _NormParams) -> bool:
    return p.count_oncall_home or kind is not ShiftKind.ONCALL_HOME


def _tolerance(p: NormParams | NormBandParams) -> int:
    return hours_to_minutes(p.tolerance_hours)


def paid_slots(cal: Calendar, p: _NormParams) -> list[tuple[int, Slot]]:
    """(paid minutes, slot) for every plan slot that counts towards the norm.

    The same for every employee, so computed once per model.
    """
    return [
        (paid_minutes(s.template, s.minutes), s)
        for s in cal.slots
        if _counts(s.kind, p)
    ]


def paid_total(work: Iterable[Work], p: _NormParams) -> int:
    """Paid minutes of worked shifts that count towards the norm."""
    return sum(
        paid_minutes(w.template, _minutes(w)) for w in work if _counts(w.kind, p)
    )


def _build_norm(ctx: RuleContext, p: NormParams | NormBandParams) -> None:
    tol = _tolerance(p)
    days = tuple(ctx.calendar.days)
    paid = paid_slots(ctx.calendar, p)
    for e in ctx.employees:
        if e.weekly_hours <= 0:
            continue
        norm = norm_of(ctx.instance, e, p).minutes
        terms = [(m, ctx.vars.works(e.id, s)) for m, s in paid]
        if p.direction in ("both", "over"):
            ctx.at_most(terms, norm + tol, employee=e.id, dates=days)
        if p.direction in ("both", "under"):
            ctx.at_least(terms, norm - tol, employee=e.id, dates=days)


def _check_norm(
    view: RosterView, p: NormParams | NormBandParams, label: str
) -> Iterator[Finding]:
    tol = _tolerance(p)
    inst = view.instance
    period = date_range_da(inst.days)
    for e in view.employees:
        if e.weekly_hours <= 0:
            continue
        norm = norm_of(inst, e, p)
        planned = paid_total(view.plan_work(e.id), p)
        over = planned - (norm.minutes + tol)
        under = (norm.minutes - tol) - planned
        why = f"{number_da(e.weekly_hours)} t/uge"
        if norm.holidays:
            why += f", {len(norm.holidays)} søgnehelligdag(e) fratrukket"
        if norm.absence_days:
            why += f", {len(norm.absence_days)} fraværsdag(e) fratrukket"
        for amount, what in ((over, "over"), (under, "under")):
            if amount > 0 and p.direction in ("both", what):
                yield Finding(
                    e.id,
                    tuple(inst.days),
                    amount,
                    f"{e.name} er planlagt {_h(planned)} {period} mod en norm på "
                    f"{_h(norm.minutes)} ({why}); det er {_h(amount)} {what} "
                    f"{label} på ±{_h(tol)} ({SHORT}: 37 t/uge i gennemsnit, "
                    "søgnehelligdage nedskrives med ugetimer/5).",
                )


NORM_CITATION = (
    f"{AGR}: gennemsnitlig ugentlig arbejdstid 37 t (deltid forholdsmæssigt) "
    "over normperioden [C2, sl.dk/faa-svar/arbejdstid/arbejdstidsregler-i-"
    "kommunerne]; hver søgnehelligdag (ikke søndag) nedskriver normen med "
    "ugetimer/5 [C17, sl.dk/arbejdsliv-og-vilkaar/arbejdstid/foraarets-"
    "soegnehelligdage]. Fravær på hverdage godskrives med ugetimer/5 "
    "(projektets antagelse)."
)


@rule(
    id="agreement.norm_hours",
    title_da="Normtimer (tæt på normen)",
    title_en="Norm hours (close to the norm)",
    citation=NORM_CITATION,
    source=SourceType.AGR,
    modes=(Mode.SOFT,),
    default_weight=1,
    params=NormParams,
    unit_da="minutter uden for tolerancen omkring normen",
    why_da="Den planlagte tid skal ramme medarbejderens norm, så der hverken "
    "opstår plus- eller minustimer.",
)
def norm_hours(ctx: RuleContext, p: NormParams) -> None:
    """Planned paid minutes lie within ``tolerance_hours`` of the norm.

    Modelling: per employee ``sum(paid minutes x works) <= norm + tol`` and
    ``>= norm - tol``; soft: a penalty per minute outside (see
    :func:`norm_of` for the norm, :func:`paid_minutes` for the count).
    Employees with 0 weekly hours (hourly paid) have no norm.
    """
    _build_norm(ctx, p)


@norm_hours.checker
def _check_norm_hours(view: RosterView, p: NormParams) -> Iterator[Finding]:
    yield from _check_norm(view, p, "tolerancen")


@rule(
    id="agreement.norm_hours_band",
    title_da="Normtimer (yderste grænse)",
    title_en="Norm hours band",
    citation=NORM_CITATION,
    source=SourceType.AGR,
    modes=(Mode.HARD, Mode.SOFT),
    default_mode=Mode.HARD,
    default_weight=10,
    params=NormBandParams,
    unit_da="minutter uden for båndet omkring normen",
    why_da="Planen må ikke ligge mere end et aftalt antal timer fra normen.",
)
def norm_hours_band(ctx: RuleContext, p: NormBandParams) -> None:
    """Planned paid minutes never lie more than ``tolerance_hours`` off the norm.

    Same model as ``agreement.norm_hours`` with a wider band, meant as a
    hard guard rail while ``agreement.norm_hours`` pulls towards the norm.
    """
    _build_norm(ctx, p)


@norm_hours_band.checker
def _check_norm_hours_band(view: RosterView, p: NormBandParams) -> Iterator[Finding]:
    yield from _check_norm(view, p, "båndet")


# -- fridøgn -------------------------------------------------------------------


class FridoegnParams(RuleParams):
    """Parameters for ``agreement.two_fridoegn_per_week``."""

    per_week: int = Field(2, ge=0, le=7, description="Fridøgn per 7 days.")
    morning_cutoff: dt.time = Field(
        dt.time(0, 0),
        description="A shift from the day before that ends after this local "
        "time spoils the fridøgn (00:00: any shift into the day).",
    )
    absence_days_excluded: bool = Field(
        True,
        description="Absence days are neither fridøgn nor part of the period "
        "the requirement is counted over.",
    )


def _fridoegn_days(
    inst: PlanningInstance, e: Employee, p: FridoegnParams
) -> list[dt.date]:
    if not p.absence_days_excluded:
        return inst.days
    mine = [a for a in inst.absences if a.employee_id == e.id]
    return [d for d in inst.days if not any(a.covers(d) for a in mine)]


def _required_fridoegn(n_days: int, p: FridoegnParams) -> int:
    return p.per_week * n_days // 7


def _cutoff_min(cal: Calendar, day: dt.date, p: FridoegnParams) -> int:
    return cal.minutes(local_instant(day, p.morning_cutoff, cal.tz))


@rule(
    id="agreement.two_fridoegn_per_week",
    title_da="To fridøgn om ugen i gennemsnit",
    title_en="Two days off per week on average",
    citation=f"{AGR}: 2 fridøgn pr. uge i gennemsnit over perioden [C7; "
    "bekræftet for de harmoniserede KL-døgnaftaler 79.01/79.03 "
    "(Arbejdsretten FV2015.0184) – for 64.11 kun S/U, kontrollér den "
    "gældende tekst]. Fridøgnet regnes her som kalenderdag.",
    source=SourceType.AGR,
    modes=(Mode.HARD, Mode.SOFT),
    default_mode=Mode.HARD,
    default_weight=200,
    params=FridoegnParams,
    unit_da="manglende fridøgn",
    why_da="Døgnaftalen giver to fridøgn om ugen i gennemsnit, så der er tid "
    "til familie, fritid og restitution.",
)
def two_fridoegn_per_week(ctx: RuleContext, p: FridoegnParams) -> None:
    """At least ``per_week x days / 7`` (rounded down) fridøgn in the plan.

    A fridøgn is a calendar day on which no shift starts (any kind: on-call
    does not count as free) and into which no earlier shift (plan or
    history) runs past ``morning_cutoff``. With ``absence_days_excluded``
    the count runs over the non-absence days only.
    """
    cuts: dict[dt.date, tuple[int, tuple[int, int]]] = {}
    for e in ctx.employees:
        days = _fridoegn_days(ctx.instance, e, p)
        free = [(1, lit) for lit in fridoegn_literals(ctx.built, e.id, days, p, cuts)]
        need = _required_fridoegn(len(days), p)
        ctx.at_least(free, need, employee=e.id, dates=tuple(days))


def fridoegn_literals(
    built: BuiltModel,
    employee_id: str,
    days: Iterable[dt.date],
    p: FridoegnParams,
    cuts: dict[dt.date, tuple[int, tuple[int, int]]] | None = None,
) -> list[Lit]:
    """Per plan day, a literal that is True when the day is a fridøgn.

    No shift (plan or history) starts on the day or runs past the cut-off
    into it. ``cuts`` caches per day the cut-off and the time window holding
    every item that may matter (share it across employees).
    """
    cal = built.calendar
    cuts = {} if cuts is None else cuts
    index = BusyIndex(built.vars.busy(employee_id))
    out = []
    for d in days:
        if d not in cuts:
            cut = _cutoff_min(cal, d, p)
            mid = cal.midnight_min(d)
            cuts[d] = cut, (min(cut, mid), cal.midnight_min(d + ONE_DAY))
        cut, window = cuts[d]
        lits = [
            b.lit
            for b in index.near(window)
            if b.day == d or (b.day < d and b.end_min > cut)
        ]
        key = ("fri", employee_id, d, cut)
        out.append(all_false(built.model, lits, built.cache, key))
    return out


def count_fridoegn(
    work: Sequence[Work], days: Iterable[dt.date], p: FridoegnParams, tz: ZoneInfo
) -> int:
    """How many of ``days`` are fridøgn given the worked shifts ``work``."""
    free = 0
    for d in days:
        cut = local_instant(d, p.morning_cutoff, tz)
        if not any(w.day == d or (w.day < d and w.end > cut) for w in work):
            free += 1
    return free


@two_fridoegn_per_week.checker
def _check_two_fridoegn(view: RosterView, p: FridoegnParams) -> Iterator[Finding]:
    for e in view.employees:
        days = _fridoegn_days(view.instance, e, p)
        free = count_fridoegn(view.all_work(e.id), days, p, view.tz)
        need = _required_fridoegn(len(days), p)
        if free < need:
            yield Finding(
                e.id,
                tuple(days),
                need - free,
                f"{e.name} har {free} fridøgn {date_range_da(view.instance.days)}, "
                f"men skal have mindst {need} ({p.per_week} pr. uge i gennemsnit; "
                f"{SHORT}, jf. de harmoniserede KL-døgnaftaler).",
            )


# -- the plan: length and lead time --------------------------------------------


class PlanLengthParams(RuleParams):
    """Parameters for ``agreement.plan_length``."""

    min_weeks: int = Field(4, ge=1, le=52, description="Shortest plan (weeks).")


@rule(
    id="agreement.plan_length",
    title_da="Tjenesteplanen dækker mindst 4 uger",
    title_en="The plan covers at least 4 weeks",
    citation=f"{AGR}: tjenesteplanen skal dække mindst 4 uger [C4, "
    "sl.dk/faa-svar/arbejdstid/arbejdstidsregler-i-kommunerne].",
    source=SourceType.AGR,
    modes=(Mode.SOFT, Mode.HARD),
    default_mode=Mode.SOFT,
    default_weight=1000,
    params=PlanLengthParams,
    unit_da="dage for kort",
    why_da="Medarbejderne skal kunne se deres vagter mindst fire uger frem.",
)
def plan_length(ctx: RuleContext, p: PlanLengthParams) -> None:
    """The plan period has at least ``7 x min_weeks`` days.

    A condition on the instance: no roster can change it. Hard mode makes a
    too-short plan infeasible; soft mode (default) costs a constant per
    missing day, so the plan is still made and the breach reported.
    """
    n = ctx.instance.n_days
    ctx.at_least([(n, True)], 7 * p.min_weeks, dates=tuple(ctx.calendar.days))


@plan_length.checker
def _check_plan_length(view: RosterView, p: PlanLengthParams) -> Iterator[Finding]:
    inst = view.instance
    short = 7 * p.min_weeks - inst.n_days
    if short > 0:
        yield Finding(
            None,
            tuple(inst.days),
            short,
            f"Planen {date_range_da(inst.days)} dækker kun {inst.n_days} dage; "
            f"tjenesteplanen skal dække mindst {p.min_weeks} uger ({SHORT}).",
        )


class LeadTimeParams(RuleParams):
    """Parameters for ``agreement.plan_lead_time``."""

    min_weeks: int = Field(
        4, ge=0, le=52, description="Weeks between publication and plan start."
    )


@rule(
    id="agreement.plan_lead_time",
    title_da="Tjenesteplanen udleveres 4 uger før",
    title_en="The plan is published 4 weeks ahead",
    citation=f"{AGR}: tjenesteplanen udleveres senest 4 uger før den træder i "
    "kraft [C3, sl.dk/faa-svar/arbejdstid/arbejdstidsregler-i-kommunerne; "
    "FOA TR-side]. Udleveringsdatoen er PlanningInstance.published_on.",
    source=SourceType.AGR,
    modes=(Mode.SOFT, Mode.HARD),
    default_mode=Mode.SOFT,
    default_weight=1000,
    params=LeadTimeParams,
    unit_da="dage for sent",
    why_da="Medarbejderne skal kende planen i god tid for at kunne planlægge "
    "deres liv uden for arbejdet.",
)
def plan_lead_time(ctx: RuleContext, p: LeadTimeParams) -> None:
    """``published_on`` is at least ``min_weeks`` weeks before the plan start.

    No ``published_on``: not judged. A condition on the instance, modelled
    as a constant (hard: infeasible; soft, default: a constant penalty per
    day too late).
    """
    pub = ctx.instance.published_on
    if pub is None:
        return
    late = (pub + dt.timedelta(weeks=p.min_weeks) - ctx.instance.start).days
    ctx.at_most([(late, True)], 0, dates=(pub, ctx.instance.start))


@plan_lead_time.checker
def _check_plan_lead_time(view: RosterView, p: LeadTimeParams) -> Iterator[Finding]:
    inst = view.instance
    pub = inst.published_on
    if pub is None:
        return
    late = (pub + dt.timedelta(weeks=p.min_weeks) - inst.start).days
    if late > 0:
        yield Finding(
            None,
            (pub, inst.start),
            late,
            f"Planen, der begynder {_d(inst.start)}, er udleveret {_d(pub)}: kun "
            f"{(inst.start - pub).days} dage før; den skal udleveres mindst "
            f"{p.min_weeks} uger før ({SHORT}).",
        )


# -- changes to the published plan ---------------------------------------------


class ChangeNoticeParams(RuleParams):
    """Parameters for ``agreement.change_notice``."""

    notice_days: int = Field(
        4, ge=0, le=60, description="Døgn of notice a change needs."
    )


def _short_notice_days(inst: PlanningInstance, p: ChangeNoticeParams) -> list[dt.date]:
    """Plan days changed with less than ``notice_days`` notice.

    Day level: a change for day ``d`` noticed on ``changed_on`` has
    ``d - changed_on`` døgn of notice; days before ``changed_on`` (already
    past) count as no notice. Nothing is judged without a published roster
    or ``changed_on``.
    """
    if inst.changed_on is None or not inst.published:
        return []
    last = inst.changed_on + dt.timedelta(days=p.notice_days)
    return [d for d in inst.days if d < last]


@rule(
    id="agreement.change_notice",
    title_da="Ændringer varsles mindst 4 døgn før",
    title_en="Changes to the published plan need 4 days' notice",
    citation=f"{AGR}: omlægning af tjenesten skal varsles mindst 4 døgn før; "
    "kortere varsel udløser tillæg [C9, S: lawinsider.com/da/clause/omlagt-"
    "normaltjeneste]. Den udleverede plan er PlanningInstance.published, "
    "varslingsdatoen changed_on.",
    source=SourceType.AGR,
    modes=(Mode.SOFT, Mode.HARD),
    default_mode=Mode.SOFT,
    default_weight=50,
    params=ChangeNoticeParams,
    unit_da="ændrede medarbejderdage med for kort varsel",
    why_da="En udleveret plan er et løfte; ændringer med kort varsel griber ind "
    "i medarbejdernes fritid og koster tillæg.",
)
def change_notice(ctx: RuleContext, p: ChangeNoticeParams) -> None:
    """No employee-day within the notice period differs from the published plan.

    Modelling: per employee and short-notice day, ``differs`` = OR of the
    mismatches (a published shift not worked, an unpublished one worked),
    exact; ``fix(differs, False)``. Soft: 1 per differing employee-day.
    """
    for d in _short_notice_days(ctx.instance, p):
        for e in ctx.employees:
            want = published_shifts(ctx.instance, e.id, d)
            miss = [
                ~ctx.vars.works(e.id, s)
                if s.shift_id in want
                else ctx.vars.works(e.id, s)
                for s in ctx.calendar.slots_by_day[d]
            ]
            miss += [True] * len(
                want - {s.shift_id for s in ctx.calendar.slots_by_day[d]}
            )
            differs = or_literal(ctx.model, miss, f"changed|{e.id}|{d.isoformat()}")
            ctx.fix(differs, False, employee=e.id, dates=(d,))


@change_notice.checker
def _check_change_notice(view: RosterView, p: ChangeNoticeParams) -> Iterator[Finding]:
    inst = view.instance
    for d in _short_notice_days(inst, p):
        for e in view.employees:
            want = published_shifts(inst, e.id, d)
            got = {w.shift_id for w in view.on_day(e.id, d)}
            if want != got:
                notice = (d - inst.changed_on).days if inst.changed_on else 0
                yield Finding(
                    e.id,
                    (d,),
                    1,
                    published_change_da(e.name, _d(d), want, got)
                    + f" – ændret med {max(notice, 0)} døgns varsel, mindst "
                    f"{p.notice_days} kræves ({SHORT}).",
                )
