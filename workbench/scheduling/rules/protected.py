"""Special groups: pregnant staff, seniors, reduced capacity, lone work, night health.

Socialpædagogerne's "Den gode Arbejdsplads" (4. udg., katalog om arbejdstid,
"Særlige hensyn") names four groups whose rosters need particular care:
gravide, seniorer, ansatte med nedsat arbejdsevne and medarbejdere med meget
alene-arbejde. The general duties are law (arbejdsmiljøloven and its
bekendtgørelser); the numbers are recommendations and ship as parameters.

Amounts: nights, shifts or days are counted as such; hours are in minutes so
that the model and the checkers agree exactly.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Literal

from pydantic import Field

from workbench.danish import hours_minutes_da as _hm
from workbench.danish import short_date_da as _d
from workbench.domain import AbsenceType, Employee, ShiftKind
from workbench.scheduling.checks import RosterView
from workbench.scheduling.context import RuleContext, negate
from workbench.scheduling.patterns import (
    AnyButOne,
    BusyIndex,
    and_literal,
    at_least_literal,
    or_literal,
    runs_longer_than,
)
from workbench.scheduling.registry import (
    Finding,
    Mode,
    RuleParams,
    SourceType,
    rule,
)
from workbench.scheduling.rules._common import hours_to_minutes as _to_min
from workbench.scheduling.rules._common import work_minutes as _minutes
from workbench.scheduling.variables import Busy, Lit
from workbench.timeutil import (
    Calendar,
    Work,
    free_segments,
    local_instant,
    night_minutes,
)

GOOD = (
    'Socialpædagogerne, "Den gode Arbejdsplads" (4. udg.), katalog om arbejdstid, '
    '"Særlige hensyn"'
)
ONE_DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)


def _on_duty(kind: ShiftKind) -> bool:
    """Present at the unit: every kind but on-call from home."""
    return kind is not ShiftKind.ONCALL_HOME


def _night_kinds(count_sleep_in: bool) -> frozenset[ShiftKind]:
    if count_sleep_in:
        return frozenset({ShiftKind.NIGHT, ShiftKind.SLEEP_IN})
    return frozenset({ShiftKind.NIGHT})


def _history_days(cal: Calendar) -> list[dt.date]:
    n = (cal.instance.start - cal.history_start).days
    return [cal.history_start + dt.timedelta(days=i) for i in range(n)]


# -- protected.pregnant_nights -------------------------------------------------


class PregnantParams(RuleParams):
    """Parameters for ``protected.pregnant_nights``."""

    max_nights_per_week: int = Field(
        1, ge=0, le=7, description="Night shifts per ISO week while pregnant."
    )
    max_consecutive: int = Field(
        3, ge=1, le=14, description="Night shifts in a row while pregnant."
    )
    no_nights: bool = Field(False, description="No night shifts at all while pregnant.")
    count_sleep_in: bool = Field(
        True, description="Sleep-ins (sovevagt) count as night shifts."
    )


def _iso_weeks(cal: Calendar) -> list[tuple[tuple[int, int], list[dt.date]]]:
    """The plan days grouped by ISO week: ((year, week), days)."""
    out: dict[tuple[int, int], list[dt.date]] = {}
    for d in cal.days:
        out.setdefault(d.isocalendar()[:2], []).append(d)
    return list(out.items())


def _hist_nights(
    cal: Calendar, e: Employee, week: tuple[int, int], kinds: frozenset[ShiftKind]
) -> int:
    """History nights in ``week`` on days the employee was pregnant."""
    return sum(
        1
        for w in cal.history_work(e.id)
        if w.kind in kinds and w.day.isocalendar()[:2] == week and e.pregnant_on(w.day)
    )


def _fixed_note(e: Employee) -> str:
    return " Fast nattevagt skal ophøre under graviditeten." if e.fixed_night else ""


PREGNANT_WHY = (
    "AT: mere end 1 nattevagt om ugen øger risikoen for abort, mere end 3 i "
    "træk risikoen for forhøjet blodtryk/svangerskabsforgiftning"
)


@rule(
    id="protected.pregnant_nights",
    title_da="Gravide: begrænset natarbejde",
    title_en="Pregnant staff: limited night work",
    citation="Arbejdsmiljøloven og AT-vejledning A.1.8 om gravides og ammendes "
    "arbejdsmiljø (arbejdsgiveren skal vurdere og tilrettelægge natarbejdet, "
    "så det ikke udgør en risiko); tallene efter at.dk/spoergsmaal-svar/n/"
    "natarbejde-gravid (> 1 nattevagt/uge og > 3 i træk øger risikoen) og "
    f"NFA's anbefalinger 2020 (højst 1 nattevagt/uge for gravide); {GOOD}: "
    "gravide skal ophøre med fast natarbejde.",
    source=SourceType.LAW,
    modes=(Mode.HARD, Mode.SOFT),
    default_mode=Mode.HARD,
    default_weight=500,
    params=PregnantParams,
    unit_da="nattevagter for mange",
    why_da="Natarbejde under graviditet øger risikoen for abort og "
    "svangerskabskomplikationer.",
)
def pregnant_nights(ctx: RuleContext, p: PregnantParams) -> None:
    """While pregnant: few nights per ISO week, few in a row, or none.

    Pregnancy is judged on each shift's start day (``Employee.pregnant_on``);
    ``fixed_night`` is ignored (the limits apply regardless). History nights
    in the same ISO week use up the weekly allowance; history nights before
    the plan start count in runs. Windows lying wholly in the history are
    not judged.
    """
    cal, kinds = ctx.calendar, _night_kinds(p.count_sleep_in)
    for e in ctx.employees:
        nights = {
            d: [ctx.vars.works(e.id, s) for s in cal.slots_by_day[d] if s.kind in kinds]
            if e.pregnant_on(d)
            else []
            for d in cal.days
        }
        if p.no_nights:
            for d, xs in nights.items():
                for x in xs:
                    ctx.forbid([x], employee=e.id, dates=(d,))
            continue
        for week, days in _iso_weeks(cal):
            allowed = max(0, p.max_nights_per_week - _hist_nights(cal, e, week, kinds))
            terms = [(1, x) for d in days for x in nights[d]]
            ctx.at_most(terms, allowed, employee=e.id, dates=tuple(days))
        hist = {
            w.day
            for w in cal.history_work(e.id)
            if w.kind in kinds and e.pregnant_on(w.day)
        }
        days = _history_days(cal) + cal.days
        seq = [
            d in hist if d < ctx.instance.start else or_literal(ctx.model, nights[d])
            for d in days
        ]
        for i, lits in runs_longer_than(seq, p.max_consecutive):
            run = days[i : i + p.max_consecutive + 1]
            if run[-1] >= ctx.instance.start:
                ctx.forbid(lits, employee=e.id, dates=tuple(run))


@pregnant_nights.checker
def _check_pregnant_nights(view: RosterView, p: PregnantParams) -> Iterator[Finding]:
    cal, kinds = view.calendar, _night_kinds(p.count_sleep_in)
    start = view.instance.start
    for e in view.employees:
        plan = [
            w for w in view.plan_work(e.id) if w.kind in kinds and e.pregnant_on(w.day)
        ]
        if p.no_nights:
            for w in plan:
                yield Finding(
                    e.id,
                    (w.day,),
                    1,
                    f"{e.name} er gravid og har {w.template.label.lower()} "
                    f"{_d(w.day)}; "
                    f"regelsættet tillader ingen nattevagter under graviditet "
                    f"(AT-vejledning A.1.8).{_fixed_note(e)}",
                )
            continue
        for week, days in _iso_weeks(cal):
            n = sum(1 for w in plan if w.day in days)
            over = n - max(0, p.max_nights_per_week - _hist_nights(cal, e, week, kinds))
            if over > 0:
                yield Finding(
                    e.id,
                    tuple(days),
                    over,
                    f"{e.name} er gravid og har {n} nattevagt(er) i uge {week[1]} "
                    f"i planen; højst {p.max_nights_per_week} pr. uge ({PREGNANT_WHY}; "
                    f"AT-vejledning A.1.8, NFA 2020).{_fixed_note(e)}",
                )
        nights = {
            w.day
            for w in view.all_work(e.id)
            if w.kind in kinds and e.pregnant_on(w.day)
        }
        k = p.max_consecutive
        days = _history_days(cal) + cal.days
        for i in range(len(days) - k):
            run = days[i : i + k + 1]
            if run[-1] >= start and all(d in nights for d in run):
                yield Finding(
                    e.id,
                    tuple(run),
                    1,
                    f"{e.name} er gravid og har nattevagter "
                    f"{_d(run[0])}–{_d(run[-1])}: "
                    f"{k + 1} i træk; højst {k} ({PREGNANT_WHY}; AT-vejledning "
                    f"A.1.8).{_fixed_note(e)}",
                )


# -- protected.senior ----------------------------------------------------------


class SeniorParams(RuleParams):
    """Parameters for ``protected.senior``."""

    senior_age: int = Field(
        59,
        ge=50,
        le=75,
        description="Senior from this age (SL: 59 from 2026, 58 before).",
    )
    by_calendar_year: bool = Field(
        True, description="Senior from the calendar year the age is reached (SL)."
    )
    require_age: bool = Field(
        True,
        description="senior_shift / senior_no_nights only apply to seniors by age.",
    )
    protect_seniordag_morning: bool = Field(
        True, description="No shift from the day before runs into a seniordag."
    )
    morning_cutoff: dt.time = Field(
        dt.time(0, 0),
        description="A shift the day before may end at most at this time on "
        "the seniordag.",
    )


def _is_senior(e: Employee, day: dt.date, p: SeniorParams) -> bool:
    if e.birth_date is None:
        return False
    if p.by_calendar_year:
        return day.year - e.birth_date.year >= p.senior_age
    return (e.age_on(day) or 0) >= p.senior_age


def _senior_kind_breach(
    e: Employee, day: dt.date, kind: ShiftKind, p: SeniorParams
) -> str:
    """Why a shift of ``kind`` on ``day`` is not for this senior ('' = fine)."""
    if p.require_age and not _is_senior(e, day, p):
        return ""
    if e.senior_shift is not None and kind is not e.senior_shift:
        return f"aftalt fast {'dag' if e.senior_shift is ShiftKind.DAY else 'aften'}"
    if e.senior_no_nights and kind in (ShiftKind.NIGHT, ShiftKind.SLEEP_IN):
        return "aftalt ingen nattevagter"
    return ""


def _seniordage(inst, e: Employee) -> set[dt.date]:
    return {
        d
        for a in inst.absences
        if a.employee_id == e.id and a.type is AbsenceType.SENIORDAG
        for d in inst.days
        if a.covers(d)
    }


@rule(
    id="protected.senior",
    title_da="Seniorer: seniordage og aftalt vagttype",
    title_en="Seniors: senior days and agreed shift kind",
    citation="Seniordage efter Socialpædagogernes kommunale aftale: 5 dage om året "
    "fra det kalenderår, man fylder 58 (59 fra 2026) [F2, sl.dk/arbejdsliv-og-"
    f"vilkaar/senior-og-pension/seniordage]; {GOOD}: seniorer kan arbejde fast "
    "om dagen eller om aftenen (katalog om fastholdelse af seniorer).",
    source=SourceType.AGR,
    modes=(Mode.HARD, Mode.SOFT),
    default_mode=Mode.HARD,
    default_weight=200,
    params=SeniorParams,
    unit_da="vagter i strid med seniorordningen",
    why_da="Seniordage skal være hele fridage, og en aftale om fast dag- eller "
    "aftenarbejde for seniorer skal holdes.",
)
def senior(ctx: RuleContext, p: SeniorParams) -> None:
    """Seniors get only their agreed shift kind; seniordage stay whole days off.

    A registered seniordag (absence type ``seniordag``) already stops shifts
    *starting* that day (``coverage.absence``); here no plan shift from the
    day before may end after ``morning_cutoff`` on it either. Each forbidden
    shift counts once, whatever the number of reasons.
    """
    cal = ctx.calendar
    for e in ctx.employees:
        sdays = _seniordage(ctx.instance, e) if p.protect_seniordag_morning else set()
        cut = {
            d: cal.minutes(local_instant(d, p.morning_cutoff, cal.tz)) for d in sdays
        }
        for s in cal.slots:
            into = s.day + ONE_DAY in sdays and s.end_min > cut[s.day + ONE_DAY]
            if into or _senior_kind_breach(e, s.day, s.kind, p):
                ctx.forbid([ctx.vars.works(e.id, s)], employee=e.id, dates=(s.day,))


@senior.checker
def _check_senior(view: RosterView, p: SeniorParams) -> Iterator[Finding]:
    for e in view.employees:
        sdays = _seniordage(view.instance, e) if p.protect_seniordag_morning else set()
        for w in view.plan_work(e.id):
            nxt = w.day + ONE_DAY
            into = nxt in sdays and w.end > local_instant(
                nxt, p.morning_cutoff, view.tz
            )
            kind = _senior_kind_breach(e, w.day, w.kind, p)
            if into:
                why = f"den slutter {view.fmt(w.end)} på seniordagen {_d(nxt)}"
            elif kind:
                why = f"det strider mod den {kind}"
            else:
                continue
            yield Finding(
                e.id,
                (w.day,),
                1,
                f"{e.name} har {w.template.label.lower()} {_d(w.day)}, men {why} "
                "(seniorordning, Socialpædagogerne/KL).",
            )


# -- protected.reduced_capacity ------------------------------------------------


class ReducedParams(RuleParams):
    """Parameters for ``protected.reduced_capacity``."""

    count_oncall_home: bool = Field(
        False, description="Count on-call from home towards the limits."
    )


def _reduced(e: Employee) -> bool:
    return e.max_shift_hours is not None or e.max_weekly_hours is not None


def _counted(kind: ShiftKind, p: ReducedParams) -> bool:
    return p.count_oncall_home or _on_duty(kind)


REDUCED_CITE = (
    f"{GOOD}: ansatte med nedsat arbejdsevne kan have brug for at arbejde kortere "
    "end normalt og for en forudsigelig, regelmæssig arbejdsplan; individuel "
    "aftale (fx fleksjob, delvis raskmelding, socialt kapitel) i employees.csv: "
    "max_shift_hours, max_weekly_hours"
)


@rule(
    id="protected.reduced_capacity",
    title_da="Nedsat arbejdsevne: kortere vagter og uger",
    title_en="Reduced capacity: shorter shifts and weeks",
    citation=REDUCED_CITE,
    source=SourceType.LOCAL,
    modes=(Mode.HARD, Mode.SOFT),
    default_mode=Mode.HARD,
    default_weight=50,
    params=ReducedParams,
    unit_da="minutter over den aftalte grænse",
    why_da="En medarbejder med nedsat arbejdsevne skal kunne holde til sine "
    "vagter; aftalte grænser for vagt- og ugelængde holdes.",
)
def reduced_capacity(ctx: RuleContext, p: ReducedParams) -> None:
    """No shift over ``max_shift_hours``; at most ``max_weekly_hours`` per 7-day block.

    Real (DST-aware) durations; blocks run from the plan start (the last one
    may be shorter and has the same limit). Soft: minutes over the limit.
    """
    cal = ctx.calendar
    for e in (e for e in ctx.employees if _reduced(e)):
        if e.max_shift_hours is not None:
            cap = _to_min(e.max_shift_hours)
            for s in cal.slots:
                if s.minutes > cap and _counted(s.kind, p):
                    ctx.forbid(
                        [ctx.vars.works(e.id, s)],
                        employee=e.id,
                        dates=(s.day,),
                        scale=s.minutes - cap,
                    )
        if e.max_weekly_hours is not None:
            for block in cal.weeks():
                terms = [
                    (s.minutes, ctx.vars.works(e.id, s))
                    for d in block
                    for s in cal.slots_by_day[d]
                    if _counted(s.kind, p)
                ]
                ctx.at_most(
                    terms,
                    _to_min(e.max_weekly_hours),
                    employee=e.id,
                    dates=tuple(block),
                )


@reduced_capacity.checker
def _check_reduced_capacity(view: RosterView, p: ReducedParams) -> Iterator[Finding]:
    for e in (e for e in view.employees if _reduced(e)):
        work = view.plan_work(e.id)
        if e.max_shift_hours is not None:
            cap = _to_min(e.max_shift_hours)
            for w in work:
                if _minutes(w) > cap and _counted(w.kind, p):
                    yield Finding(
                        e.id,
                        (w.day,),
                        _minutes(w) - cap,
                        f"{e.name}s {w.template.label.lower()} {_d(w.day)} varer "
                        f"{_hm(_minutes(w))}; aftalt højst {_hm(cap)} pr. vagt "
                        "(nedsat arbejdsevne).",
                    )
        if e.max_weekly_hours is not None:
            cap = _to_min(e.max_weekly_hours)
            for block in view.calendar.weeks():
                total = sum(
                    _minutes(w) for w in work if w.day in block and _counted(w.kind, p)
                )
                if total > cap:
                    yield Finding(
                        e.id,
                        tuple(block),
                        total - cap,
                        f"{e.name} har {_hm(total)} {_d(block[0])}–{_d(block[-1])}; "
                        f"aftalt højst {_hm(cap)} pr. uge (nedsat arbejdsevne).",
                    )


class PatternParams(RuleParams):
    """Parameters for ``protected.reduced_capacity_pattern``."""

    compare_days_off: bool = Field(
        True, description="A day off versus a shift counts as a difference."
    )


KIND_DA = {
    ShiftKind.DAY: "dag",
    ShiftKind.EVENING: "aften",
    ShiftKind.NIGHT: "nat",
    ShiftKind.SLEEP_IN: "sovevagt",
    ShiftKind.ONCALL_HOME: "rådighed",
}


def _kinds_da(kinds: set[ShiftKind]) -> str:
    return "/".join(sorted(KIND_DA[k] for k in kinds)) or "fri"


def _pattern_days(cal: Calendar) -> list[tuple[dt.date, dt.date]]:
    """(day a week earlier, day) pairs with the later day in the plan."""
    return [(d - WEEK, d) for d in cal.days if d - WEEK >= cal.history_start]


def _kind_lits(ctx: RuleContext, e: Employee, day: dt.date) -> dict[ShiftKind, Lit]:
    """Exact literals "works a shift of kind k on ``day``" (history: constants)."""
    key = ("day_kinds", e.id, day)
    if key in ctx.built.cache:
        return ctx.built.cache[key]
    kinds = sorted({t.kind for t in ctx.instance.unit.shifts})
    if day < ctx.instance.start:
        had = {w.kind for w in ctx.calendar.history_work(e.id) if w.day == day}
        out: dict[ShiftKind, Lit] = {k: k in had for k in kinds}
    else:
        slots = ctx.calendar.slots_by_day[day]
        out = {
            k: or_literal(
                ctx.model,
                [ctx.vars.works(e.id, s) for s in slots if s.kind is k],
                f"kind|{e.id}|{day.isoformat()}|{k.value}",
            )
            for k in kinds
        }
    ctx.built.cache[key] = out
    return out


@rule(
    id="protected.reduced_capacity_pattern",
    title_da="Nedsat arbejdsevne: forudsigelig uge",
    title_en="Reduced capacity: a predictable week",
    citation=REDUCED_CITE,
    source=SourceType.REC,
    modes=(Mode.SOFT,),
    default_weight=5,
    params=PatternParams,
    unit_da="ugedage med en anden vagttype end ugen før",
    why_da="Medarbejdere med nedsat arbejdsevne har ofte brug for, at ugerne "
    "ligner hinanden.",
)
def reduced_capacity_pattern(ctx: RuleContext, p: PatternParams) -> None:
    """The same weekday has the same shift kind(s) as a week earlier.

    For employees with ``max_shift_hours`` or ``max_weekly_hours``: 1 per
    plan day whose set of shift kinds differs from the day 7 days earlier
    (history included when known). ``compare_days_off=False`` judges only
    pairs where both days are worked.
    """
    for e in (e for e in ctx.employees if _reduced(e)):
        for a, b in _pattern_days(ctx.calendar):
            ka, kb = _kind_lits(ctx, e, a), _kind_lits(ctx, e, b)
            diff = or_literal(
                ctx.model,
                [and_literal(ctx.model, [ka[k], negate(kb[k])]) for k in ka]
                + [and_literal(ctx.model, [negate(ka[k]), kb[k]]) for k in ka],
            )
            if not p.compare_days_off:
                diff = and_literal(
                    ctx.model,
                    [
                        diff,
                        or_literal(ctx.model, list(ka.values())),
                        or_literal(ctx.model, list(kb.values())),
                    ],
                )
            ctx.penalize([(1, diff)], employee=e.id, dates=(a, b))


@reduced_capacity_pattern.checker
def _check_reduced_capacity_pattern(
    view: RosterView, p: PatternParams
) -> Iterator[Finding]:
    for e in (e for e in view.employees if _reduced(e)):
        work = view.all_work(e.id)
        for a, b in _pattern_days(view.calendar):
            ka = {w.kind for w in work if w.day == a}
            kb = {w.kind for w in work if w.day == b}
            if ka == kb or (not p.compare_days_off and not (ka and kb)):
                continue
            yield Finding(
                e.id,
                (a, b),
                1,
                f"{e.name} har {_kinds_da(kb)} {_d(b)}, men {_kinds_da(ka)} samme "
                "ugedag ugen "
                "før; en forudsigelig plan hjælper ved nedsat arbejdsevne.",
            )


# -- protected.lone_worker -----------------------------------------------------


def _duty_busy(ctx: RuleContext) -> dict[str, list[Busy]]:
    return {
        e.id: [b for b in ctx.vars.busy(e.id) if _on_duty(b.kind)]
        for e in ctx.employees
    }


def _covering(
    items: Sequence[Busy], starts: Sequence[int], lo: int, hi: int, longest: int
) -> list[Lit]:
    """Literals of items covering [lo, hi) (items sorted by start)."""
    i = bisect.bisect_right(starts, lo)
    j = bisect.bisect_left(starts, lo - longest)
    return [b.lit for b in items[j:i] if b.end_min >= hi]


def _present(
    ctx: RuleContext,
    eid: str,
    items: Sequence[Busy],
    starts: Sequence[int],
    piece: tuple[int, int],
    longest: int,
) -> Lit:
    """Exact literal: ``eid`` is on duty throughout ``piece`` (cached)."""
    key = ("lone_present", eid, piece)
    if key not in ctx.built.cache:
        lits = _covering(items, starts, piece[0], piece[1], longest)
        ctx.built.cache[key] = or_literal(ctx.model, lits, f"present|{eid}|{piece[0]}")
    return ctx.built.cache[key]


def _pieces(cuts: Sequence[int], lo: int, hi: int) -> list[tuple[int, int]]:
    inner = cuts[bisect.bisect_right(cuts, lo) : bisect.bisect_left(cuts, hi)]
    return list(pairwise([lo, *inner, hi]))


@rule(
    id="protected.lone_worker",
    title_da="Ikke-godkendte må aldrig være alene på vagt",
    title_en="Staff not cleared for lone work are never alone",
    citation="BEK nr. 1839 af 14/12/2023 om arbejdets udførelse § 11 (kan "
    "alenearbejde indebære særlig fare, skal arbejdet tilrettelægges herefter; "
    "ellers må den ansatte ikke arbejde alene) + arbejdspladsens APV "
    "(employees.csv: lone_work_cleared).",
    source=SourceType.LAW,
    modes=(Mode.HARD, Mode.SOFT),
    default_mode=Mode.HARD,
    default_weight=5,
    unit_da="minutter alene på vagt",
    why_da="Den, der ikke er vurderet og godkendt til alenearbejde, skal altid "
    "have en kollega på vagt samtidig.",
)
def lone_worker(ctx: RuleContext, p: RuleParams) -> None:
    """Whenever a not-cleared employee is on duty, someone else is too.

    Time-exact: the employee's shift is cut at every start and end of any
    possible work (plan slots, history); in each piece some colleague's
    covering work must be on. On-call from home is not on duty (neither as
    subject nor as company); sleep-ins are. Soft: minutes alone.

    Modelling: per piece, an exact "present" literal per employee, shared
    through one :class:`~workbench.scheduling.patterns.AnyButOne`; per
    not-cleared employee, slot and piece ``require_any([not works, someone
    else present])`` (scale: the piece's minutes).
    """
    subjects = [e for e in ctx.employees if not e.lone_work_cleared]
    if not subjects:
        return
    duty = _duty_busy(ctx)
    cuts = sorted(
        {m for bs in duty.values() for b in bs for m in (b.start_min, b.end_min)}
    )
    starts = {k: [b.start_min for b in v] for k, v in duty.items()}
    longest = max(
        (b.end_min - b.start_min for v in duty.values() for b in v), default=0
    )
    # Everyone who is someone's company: all staff, unless a single employee
    # is not cleared (then nobody needs that employee's presence literals).
    mates = [
        o for o in ctx.employees if len(subjects) > 1 or o.id != subjects[0].id
    ]
    duty_slots = [s for s in ctx.calendar.slots if _on_duty(s.kind)]
    pieces = {s.index: _pieces(cuts, s.start_min, s.end_min) for s in duty_slots}
    rows: dict[tuple[int, int], AnyButOne] = {}
    for s in duty_slots:
        for piece in pieces[s.index]:
            if piece in rows:
                continue
            present = [
                (o.id, _present(ctx, o.id, duty[o.id], starts[o.id], piece, longest))
                for o in mates
            ]
            rows[piece] = AnyButOne(
                ctx.model, present, name=f"lone_company|{piece[0]}|{piece[1]}"
            )
    for e in subjects:
        for s in duty_slots:
            x = ctx.vars.works(e.id, s)
            for lo, hi in pieces[s.index]:
                company = rows[lo, hi].without(e.id)
                if company is None:
                    continue  # a colleague's history covers the piece
                ctx.require_any(
                    [~x, *company], employee=e.id, dates=(s.day,), scale=hi - lo
                )


@lone_worker.checker
def _check_lone_worker(view: RosterView, p: RuleParams) -> Iterator[Finding]:
    for e in (e for e in view.employees if not e.lone_work_cleared):
        others = [
            w.interval
            for o in view.employees
            if o.id != e.id
            for w in view.all_work(o.id)
            if _on_duty(w.kind)
        ]
        for w in view.plan_work(e.id):
            if not _on_duty(w.kind):
                continue
            alone = free_segments(others, w.interval)
            total = sum(int((b - a).total_seconds() // 60) for a, b in alone)
            if total:
                a, b = alone[0]
                yield Finding(
                    e.id,
                    (w.day,),
                    total,
                    f"{e.name} er ikke godkendt til alenearbejde, men er alene på "
                    f"vagt i {_hm(total)} under {w.template.label.lower()} "
                    f"{_d(w.day)} (første gang {view.fmt(a)}–{view.fmt(b)}) "
                    "(BEK nr. 1839/2023 om arbejdets udførelse § 11).",
                )


class ContactParams(RuleParams):
    """Parameters for ``protected.lone_worker_contact``."""

    min_shared_shifts: int = Field(
        2, ge=0, le=28, description="Shifts with a colleague per 4 weeks."
    )
    min_overlap_hours: float = Field(
        2.0, gt=0, le=24, description="Overlap with one colleague's shift (h)."
    )
    applies_to: Literal["fixed_night", "all_cleared"] = Field(
        "fixed_night",
        description="Who mostly works alone: cleared fixed-night staff, or "
        "every lone-work-cleared employee.",
    )


def _overlap_min(b: Busy, lo: int, hi: int) -> int:
    return min(b.end_min, hi) - max(b.start_min, lo)


def _contact_subject(e: Employee, p: ContactParams) -> bool:
    return e.lone_work_cleared and (p.applies_to == "all_cleared" or e.fixed_night)


def _contact_need(inst, e: Employee, p: ContactParams) -> int:
    mine = [a for a in inst.absences if a.employee_id == e.id]
    present = [d for d in inst.days if not any(a.covers(d) for a in mine)]
    return p.min_shared_shifts * len(present) // 28


@rule(
    id="protected.lone_worker_contact",
    title_da="Alenearbejdere får vagter sammen med kolleger",
    title_en="Lone workers get shifts with colleagues",
    citation=f"{GOOD}, alene-arbejde: den, der har meget alenearbejde (fx fast "
    "nat), må ikke blive socialt isoleret og skal indgå i informationsstrøm, "
    "kompetenceudvikling og kollegial sparring. Antallet af fælles vagter "
    "(min_shared_shifts pr. 4 uger) er en lokal fastsættelse.",
    source=SourceType.REC,
    modes=(Mode.SOFT,),
    default_weight=20,
    params=ContactParams,
    unit_da="manglende vagter sammen med kolleger",
    why_da="Den, der mest arbejder alene, skal jævnligt have vagter sammen med "
    "kolleger, så vedkommende ikke bliver isoleret.",
)
def lone_worker_contact(ctx: RuleContext, p: ContactParams) -> None:
    """Cleared lone workers share at least ``min_shared_shifts`` per 4 weeks.

    A plan shift is shared when some colleague's single work item (plan or
    history, on duty) overlaps it by at least ``min_overlap_hours``. The
    requirement is ``min_shared_shifts x present days / 28`` rounded down
    (days with absence do not count).
    """
    subjects = [e for e in ctx.employees if _contact_subject(e, p)]
    if not subjects:
        return
    duty = _duty_busy(ctx)
    index = {k: BusyIndex(v) for k, v in duty.items()}  # O(log n) per slot
    need_ov = _to_min(p.min_overlap_hours)
    duty_slots = [s for s in ctx.calendar.slots if _on_duty(s.kind)]
    # Who could share each slot does not depend on the subject: list every
    # employee's overlapping items once per slot and drop the subject's own.
    overlapping = {
        s.index: AnyButOne(
            ctx.model,
            [
                (o.id, b.lit)
                for o in ctx.employees
                for b in index[o.id].near((s.start_min, s.end_min))
                if _overlap_min(b, s.start_min, s.end_min) >= need_ov
            ],
            exact=True,
            name=f"contact|{s.index}",
        )
        for s in duty_slots
    }
    for e in subjects:
        shared = []
        for s in duty_slots:
            mates = overlapping[s.index].without(e.id)
            mate = True if mates is None else or_literal(ctx.model, mates)
            shared.append((1, and_literal(ctx.model, [ctx.vars.works(e.id, s), mate])))
        ctx.at_least(
            shared,
            _contact_need(ctx.instance, e, p),
            employee=e.id,
            dates=tuple(ctx.calendar.days),
        )


@lone_worker_contact.checker
def _check_lone_worker_contact(view: RosterView, p: ContactParams) -> Iterator[Finding]:
    need_ov = dt.timedelta(minutes=_to_min(p.min_overlap_hours))
    for e in (e for e in view.employees if _contact_subject(e, p)):
        others = [
            w
            for o in view.employees
            if o.id != e.id
            for w in view.all_work(o.id)
            if _on_duty(w.kind)
        ]
        n = sum(
            1
            for w in view.plan_work(e.id)
            if _on_duty(w.kind)
            and any(
                min(w.end, o.end) - max(w.start, o.start) >= need_ov for o in others
            )
        )
        need = _contact_need(view.instance, e, p)
        if n < need:
            yield Finding(
                e.id,
                tuple(view.calendar.days),
                need - n,
                f"{e.name} arbejder mest alene og har {n} vagt(er) sammen med "
                f"kolleger i planen; mindst {need} anbefales "
                f"({p.min_shared_shifts} pr. 4 uger, mindst "
                f"{_hm(need_ov.seconds // 60)} overlap; Den gode Arbejdsplads).",
            )


# -- protected.night_health_check ----------------------------------------------


class HealthParams(RuleParams):
    """Parameters for ``protected.night_health_check``."""

    threshold_hours: int = Field(
        300, ge=1, le=8760, description="Night hours in 12 months (h)."
    )
    night_window: tuple[dt.time, dt.time] = Field(
        (dt.time(22), dt.time(5)), description="The natperiode (local clock)."
    )
    count_oncall_home: bool = Field(
        False, description="Count on-call from home as night work."
    )


def _year_window_start(last: dt.date) -> dt.date:
    """First day of the 12 months ending with ``last``."""
    try:
        back = last.replace(year=last.year - 1)
    except ValueError:  # 29 February
        back = last.replace(year=last.year - 1, day=28)
    return back + ONE_DAY


def _health_kind(kind: ShiftKind, p: HealthParams) -> bool:
    return p.count_oncall_home or _on_duty(kind)


@rule(
    id="protected.night_health_check",
    title_da="Natarbejde: krav på helbredskontrol",
    title_en="Night work: health check due",
    citation="Arbejdstidsloven (LBK nr. 896 af 24/08/2004) § 6 og KTO's tillæg "
    "(2004): natarbejdere (fx mindst 300 t i natperioden kl. 22–05 inden for "
    "12 måneder [D3, D4]) har krav på gratis helbredskontrol før natarbejdet "
    f"og derefter med regelmæssige mellemrum under 3 år [D6]; {GOOD}: "
    "300 timers natarbejde ≈ 50 nattevagter om året. Reglen er et flag.",
    source=SourceType.REC,
    modes=(Mode.SOFT,),
    default_weight=1,
    params=HealthParams,
    unit_da="medarbejdere med krav på helbredskontrol",
    why_da="Når natarbejdet når 300 timer på et år, skal arbejdsgiveren tilbyde "
    "helbredskontrol; planlæggeren gøres opmærksom på det.",
)
def night_health_check(ctx: RuleContext, p: HealthParams) -> None:
    """Flag employees whose night hours in 12 months reach the threshold.

    The 12 months end with the plan's last day; work counts by its start
    day (history and plan). Flagged only when the plan itself has night
    minutes. Modelling: ``reached`` = (sum of night minutes >= threshold),
    fully reified; ``forbid([reached, any plan night])``.
    """
    cal = ctx.calendar
    first = _year_window_start(ctx.instance.end)
    # Night minutes per plan slot are the same for everyone: compute them once.
    slot_nights = [
        (m, s)
        for s in cal.slots
        if _health_kind(s.kind, p)
        and (m := night_minutes(s.interval, cal.tz, p.night_window)) > 0
    ]
    for e in ctx.employees:
        terms = [
            (night_minutes(w.interval, cal.tz, p.night_window), True)
            for w in ctx.vars.history(e.id)
            if w.day >= first and _health_kind(w.kind, p)
        ]
        plan = [(m, ctx.vars.works(e.id, s)) for m, s in slot_nights]
        reached = at_least_literal(
            ctx.model, terms + plan, p.threshold_hours * 60, f"nightcheck|{e.id}"
        )
        anyp = or_literal(ctx.model, [x for _, x in plan], f"plannight|{e.id}")
        ctx.forbid([reached, anyp], employee=e.id, dates=tuple(cal.days))


@night_health_check.checker
def _check_night_health(view: RosterView, p: HealthParams) -> Iterator[Finding]:
    first = _year_window_start(view.instance.end)
    for e in view.employees:

        def nm(w: Work) -> int:
            return night_minutes(w.interval, view.tz, p.night_window)

        hist = sum(
            nm(w)
            for w in view.history_work(e.id)
            if w.day >= first and _health_kind(w.kind, p)
        )
        plan = sum(nm(w) for w in view.plan_work(e.id) if _health_kind(w.kind, p))
        total = hist + plan
        if plan > 0 and total >= p.threshold_hours * 60:
            yield Finding(
                e.id,
                tuple(view.calendar.days),
                1,
                f"{e.name} når {_hm(total)} natarbejde (kl. "
                f"{p.night_window[0]:%H:%M}–{p.night_window[1]:%H:%M}) fra "
                f"{_d(first)}{first.year} til {_d(view.instance.end)}"
                f"{view.instance.end.year} (mindst {p.threshold_hours} t på 12 "
                "måneder) og er natarbejder: tilbyd helbredskontrol før natarbejdet "
                "og derefter mindst hvert 3. år (arbejdstidsloven § 6).",
            )
