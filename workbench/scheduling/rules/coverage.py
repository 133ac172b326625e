"""Structural rules: staffing, qualifications, one shift a day, availability."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from workbench.danish import short_date_da as _d
from workbench.domain import Weekday
from workbench.scheduling.checks import RosterView
from workbench.scheduling.context import RuleContext
from workbench.scheduling.registry import (
    Finding,
    Mode,
    NoParams,
    RuleParams,
    SourceType,
    rule,
)
from workbench.timeutil import overlap

LOCAL_DEMAND = "Enhedens bemandingsbehov (unit.yaml: demand)"


@rule(
    id="coverage.min_staff",
    title_da="Minimumsbemanding",
    title_en="Minimum staffing",
    citation=LOCAL_DEMAND,
    source=SourceType.LOCAL,
    default_weight=1000,
    unit_da="manglende medarbejdere",
    why_da="Hver vagt skal have mindst det antal medarbejdere, enheden har fastsat.",
)
def min_staff(ctx: RuleContext, p: NoParams) -> None:
    """Every slot has at least its minimum staffing."""
    for slot in ctx.calendar.slots:
        dem = ctx.instance.unit.demand_for(slot.shift_id, slot.day)
        if dem is None or dem.min == 0:
            continue
        terms = [(1, ctx.vars.works(e.id, slot)) for e in ctx.employees]
        ctx.at_least(terms, dem.min, dates=(slot.day,))


@min_staff.checker
def _check_min_staff(view: RosterView, p: NoParams) -> Iterator[Finding]:
    for slot in view.calendar.slots:
        dem = view.instance.unit.demand_for(slot.shift_id, slot.day)
        if dem is None:
            continue
        n = len(view.staff_on(slot.day, slot.shift_id))
        if n < dem.min:
            yield Finding(
                None,
                (slot.day,),
                dem.min - n,
                f"{slot.template.label} {_d(slot.day)} har {n} medarbejder(e), "
                f"minimum er {dem.min}.",
            )


@rule(
    id="coverage.ideal_staff",
    title_da="Ønsket bemanding",
    title_en="Ideal staffing",
    citation=LOCAL_DEMAND,
    source=SourceType.LOCAL,
    modes=(Mode.SOFT,),
    default_weight=20,
    unit_da="medarbejdere under ønsket",
    why_da="Ud over minimum ønsker enheden et bestemt antal på vagten.",
)
def ideal_staff(ctx: RuleContext, p: NoParams) -> None:
    """Each slot is staffed up to its ideal number where possible."""
    for slot in ctx.calendar.slots:
        dem = ctx.instance.unit.demand_for(slot.shift_id, slot.day)
        if dem is None or dem.ideal == 0:
            continue
        terms = [(1, ctx.vars.works(e.id, slot)) for e in ctx.employees]
        ctx.at_least(terms, dem.ideal, dates=(slot.day,))


@ideal_staff.checker
def _check_ideal_staff(view: RosterView, p: NoParams) -> Iterator[Finding]:
    for slot in view.calendar.slots:
        dem = view.instance.unit.demand_for(slot.shift_id, slot.day)
        if dem is None:
            continue
        n = len(view.staff_on(slot.day, slot.shift_id))
        if n < dem.ideal:
            yield Finding(
                None,
                (slot.day,),
                dem.ideal - n,
                f"{slot.template.label} {_d(slot.day)} har {n}, ønsket er {dem.ideal}.",
            )


class MaxStaffParams(RuleParams):
    """Parameters for ``coverage.max_staff``."""

    over_ideal: int = Field(0, ge=0, description="Allowed staff above ideal.")


@rule(
    id="coverage.max_staff",
    title_da="Ingen overbemanding",
    title_en="No overstaffing",
    citation=LOCAL_DEMAND,
    source=SourceType.LOCAL,
    default_mode=Mode.SOFT,
    default_weight=5,
    params=MaxStaffParams,
    unit_da="medarbejdere over ønsket",
    why_da="Timer brugt på overbemanding mangler på andre vagter.",
)
def max_staff(ctx: RuleContext, p: MaxStaffParams) -> None:
    """No slot has more than its ideal staffing plus ``over_ideal``."""
    for slot in ctx.calendar.slots:
        dem = ctx.instance.unit.demand_for(slot.shift_id, slot.day)
        cap = 0 if dem is None else dem.ideal + p.over_ideal
        terms = [(1, ctx.vars.works(e.id, slot)) for e in ctx.employees]
        ctx.at_most(terms, cap, dates=(slot.day,))


@max_staff.checker
def _check_max_staff(view: RosterView, p: MaxStaffParams) -> Iterator[Finding]:
    for slot in view.calendar.slots:
        dem = view.instance.unit.demand_for(slot.shift_id, slot.day)
        cap = 0 if dem is None else dem.ideal + p.over_ideal
        n = len(view.staff_on(slot.day, slot.shift_id))
        if n > cap:
            yield Finding(
                None,
                (slot.day,),
                n - cap,
                f"{slot.template.label} {_d(slot.day)} har {n}, højst {cap} ønsket.",
            )


def _qual_rows(view_or_ctx, slot):  # type: ignore[no-untyped-def]
    unit = view_or_ctx.instance.unit
    wd = list(Weekday)[slot.day.isoweekday() - 1]
    dem = unit.demand_for(slot.shift_id, slot.day)
    for q in unit.qualification_demand:
        if wd not in q.weekdays:
            continue
        if q.shifts and slot.shift_id not in q.shifts:
            continue
        if not q.shifts and (dem is None or dem.min == 0):
            continue
        yield q


@rule(
    id="coverage.qualification",
    title_da="Kvalifikationer på vagten",
    title_en="Qualification mix",
    citation="Enhedens kvalifikationskrav (unit.yaml: qualification_demand)",
    source=SourceType.LOCAL,
    default_weight=500,
    unit_da="manglende kvalificerede",
    why_da="Fx mindst én pædagog på hver vagt, så den faglige kvalitet sikres.",
)
def qualification(ctx: RuleContext, p: NoParams) -> None:
    """Each slot has its required number of qualified staff."""
    for slot in ctx.calendar.slots:
        for q in _qual_rows(ctx, slot):
            terms = [
                (1, ctx.vars.works(e.id, slot))
                for e in ctx.employees
                if q.qualification in e.qualifications
            ]
            ctx.at_least(terms, q.min, dates=(slot.day,))


@qualification.checker
def _check_qualification(view: RosterView, p: NoParams) -> Iterator[Finding]:
    for slot in view.calendar.slots:
        staff = view.staff_on(slot.day, slot.shift_id)
        for q in _qual_rows(view, slot):
            n = sum(
                1
                for eid in staff
                if q.qualification in view.instance.employee(eid).qualifications
            )
            if n < q.min:
                yield Finding(
                    None,
                    (slot.day,),
                    q.min - n,
                    f"{slot.template.label} {_d(slot.day)} mangler "
                    f"{q.min - n} med kvalifikationen '{q.qualification}'.",
                )


@rule(
    id="coverage.one_shift_per_day",
    title_da="Højst én vagt pr. døgn",
    title_en="At most one shift per day",
    citation="Vagtplanens struktur: én vagt pr. medarbejder pr. kalenderdag",
    source=SourceType.LOCAL,
    modes=(Mode.HARD,),
    why_da="En medarbejder kan kun have én vagt, der begynder samme dag.",
)
def one_shift_per_day(ctx: RuleContext, p: NoParams) -> None:
    """Nobody has two shifts starting on the same day."""
    for e in ctx.employees:
        for day in ctx.calendar.days:
            ctx.at_most(
                [(1, x) for x in ctx.vars.on_day(e.id, day)], 1,
                employee=e.id, dates=(day,),
            )


@one_shift_per_day.checker
def _check_one_shift(view: RosterView, p: NoParams) -> Iterator[Finding]:
    for e in view.employees:
        for day in view.calendar.days:
            n = len(view.on_day(e.id, day))
            if n > 1:
                yield Finding(
                    e.id, (day,), n - 1, f"{e.name} har {n} vagter {_d(day)}."
                )


@rule(
    id="coverage.no_overlap",
    title_da="Ingen overlappende vagter",
    title_en="No overlapping shifts",
    citation="Vagtplanens struktur: en person kan ikke være to steder på én gang",
    source=SourceType.LOCAL,
    modes=(Mode.HARD,),
    why_da="To vagter for samme person må ikke ligge oven i hinanden.",
)
def no_overlap(ctx: RuleContext, p: NoParams) -> None:
    """No two shifts of one employee overlap in time (history included)."""
    for e in ctx.employees:
        busy = ctx.vars.busy(e.id)
        for i, a in enumerate(busy):
            for j in range(i + 1, len(busy)):  # no slice: busy is long
                b = busy[j]
                if b.start_min >= a.end_min:
                    break
                if a.history and b.history:
                    continue
                if a.day == b.day and not (a.history or b.history):
                    continue  # same-day pairs are one_shift_per_day's business
                ctx.forbid([a.lit, b.lit], employee=e.id, dates=(a.day, b.day))


@no_overlap.checker
def _check_no_overlap(view: RosterView, p: NoParams) -> Iterator[Finding]:
    for e in view.employees:
        work = view.all_work(e.id)
        for i, a in enumerate(work):
            for b in work[i + 1 :]:
                if b.start >= a.end:
                    break
                if a.history and b.history:
                    continue
                if a.day == b.day and not (a.history or b.history):
                    continue
                if overlap(a.interval, b.interval):
                    yield Finding(
                        e.id,
                        (a.day, b.day),
                        1,
                        f"{e.name}: {a.template.label} {_d(a.day)} overlapper "
                        f"{b.template.label} {_d(b.day)}.",
                    )


@rule(
    id="coverage.absence",
    title_da="Fravær respekteres",
    title_en="Absences are respected",
    citation="Registreret fravær (absences.csv): ferie, afspadsering, seniordag, "
    "kursus, syg",
    source=SourceType.AGR,
    modes=(Mode.HARD,),
    why_da="Ingen vagt begynder på en dag, hvor medarbejderen har fravær.",
)
def absence(ctx: RuleContext, p: NoParams) -> None:
    """No shift starts on a day of registered absence."""
    for a in ctx.instance.absences:
        for day in ctx.calendar.days:
            if a.covers(day):
                for x in ctx.vars.on_day(a.employee_id, day):
                    ctx.fix(x, False, employee=a.employee_id, dates=(day,))


@absence.checker
def _check_absence(view: RosterView, p: NoParams) -> Iterator[Finding]:
    for a in view.instance.absences:
        for day in view.calendar.days:
            if a.covers(day) and view.on_day(a.employee_id, day):
                e = view.instance.employee(a.employee_id)
                yield Finding(
                    e.id,
                    (day,),
                    1,
                    f"{e.name} har vagt {_d(day)} trods {a.type.value}.",
                )


@rule(
    id="coverage.fixed_days_off",
    title_da="Faste fridage",
    title_en="Fixed days off",
    citation="Individuel aftale om faste fridage (employees.csv: fixed_days_off)",
    source=SourceType.LOCAL,
    why_da="Aftalte faste fridage holdes fri.",
)
def fixed_days_off(ctx: RuleContext, p: NoParams) -> None:
    """No shift starts on an employee's fixed weekday off."""
    for e in ctx.employees:
        for day in ctx.calendar.days:
            if list(Weekday)[day.isoweekday() - 1] in e.fixed_days_off:
                for x in ctx.vars.on_day(e.id, day):
                    ctx.fix(x, False, employee=e.id, dates=(day,))


@fixed_days_off.checker
def _check_fixed_days_off(view: RosterView, p: NoParams) -> Iterator[Finding]:
    for e in view.employees:
        for day in view.calendar.days:
            if list(Weekday)[day.isoweekday() - 1] in e.fixed_days_off:
                n = len(view.on_day(e.id, day))
                if n:
                    yield Finding(
                        e.id, (day,), n, f"{e.name} har vagt på fast fridag {_d(day)}."
                    )


@rule(
    id="coverage.pinned",
    title_da="Fastlåste vagter",
    title_en="Pinned assignments",
    citation="Planlæggerens fastlåsninger (pins.csv)",
    source=SourceType.LOCAL,
    why_da="Celler, planlæggeren har låst, bliver som de er.",
)
def pinned(ctx: RuleContext, p: NoParams) -> None:
    """Pinned cells keep their shift (or stay free)."""
    for pin in ctx.instance.pins:
        if pin.date not in ctx.calendar.day_index:
            continue
        for slot in ctx.calendar.slots_by_day[pin.date]:
            want = slot.shift_id == pin.shift_id
            ctx.fix(
                ctx.vars.works(pin.employee_id, slot), want,
                employee=pin.employee_id, dates=(pin.date,),
            )


@pinned.checker
def _check_pinned(view: RosterView, p: NoParams) -> Iterator[Finding]:
    for pin in view.instance.pins:
        if pin.date not in view.calendar.day_index:
            continue
        got = {w.shift_id for w in view.on_day(pin.employee_id, pin.date)}
        want = {pin.shift_id} if pin.shift_id else set()
        miss = len(want - got) + len(got - want)
        if miss:
            e = view.instance.employee(pin.employee_id)
            yield Finding(
                e.id, (pin.date,), miss,
                f"{e.name} {_d(pin.date)}: låst til {pin.shift_id or 'fri'}, "
                f"planen har {', '.join(sorted(got)) or 'fri'}.",
            )
