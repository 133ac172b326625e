"""The 14 recommendations on shift work and NFA 2020's night-work advice.

Every rule here is a *recommendation* (REC): soft by default, weighted in the
rule set. The 14 recommendations (bilag til rammeaftalen om decentrale
arbejdstidsaftaler; Socialpædagogerne, "Den gode Arbejdsplads") map to rules
and KPIs as follows:

====  =====================================  ===================================
 #    recommendation                          here
====  =====================================  ===================================
 1    formindsk fast natarbejde               ``nights.max_share``; KPI
 2    2–4 nætter i træk (NFA 2020: ≤ 3)       ``nights.max_consecutive``,
                                              ``nights.min_consecutive``
 3    undgå korte intervaller                 ``rest.quick_returns``
 4    flest mulige friweekender               ``weekends.free``,
                                              ``weekends.most_free``
 5    undgå lange arbejdsdage                 ``shifts.max_length``
 6    tilpas længden til arbejdskravene       KPI (hourly coverage)
 7    kortere natskift (NFA 2020: ≤ 9 t)      ``nights.max_length``; KPI
 8    rotér med uret                          ``rotation.forward``
 9    ikke for tidlig morgenvagt              ``shifts.earliest_start``,
                                              ``shifts.preferred_start``
 10   fleksible skiftetidspunkter             KPI (shift variants)
 11   regelmæssigt skiftesystem               ``pattern.regular``
 12   individuel fleksibilitet                ``wishes.granted``, ``wishes.fair``
 13   begræns afvigelser fra planen           ``plan.few_deviations``
 14   informér i god tid                      ``agreement.plan_lead_time``,
                                              ``agreement.change_notice``; KPI
====  =====================================  ===================================

A *night shift* for these rules is a shift with at least ``night_hours_min``
(3) hours inside ``night_window`` (22–05, the legal natperiode), on-call from
home excepted: the NFA paper's own threshold is UNCONFIRMED (danish-rules.md
§ 2.4), so it is a parameter. All lengths and windows are real elapsed time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from typing import Literal

from pydantic import Field

from workbench.danish import date_range_da
from workbench.danish import short_date_da as _d
from workbench.domain import (
    Employee,
    PlanningInstance,
    ShiftKind,
    Weekday,
    Wish,
    WishKind,
)
from workbench.scheduling import patterns
from workbench.scheduling.checks import RosterView
from workbench.scheduling.context import RuleContext, negate
from workbench.scheduling.registry import (
    Finding,
    Mode,
    NoParams,
    RuleParams,
    SourceType,
    rule,
)
from workbench.scheduling.rules._common import (
    night_work,
    published_change_da,
    published_shifts,
    work_minutes,
)
from workbench.scheduling.variables import Busy, Lit
from workbench.timeutil import (
    UTC,
    Calendar,
    Slot,
    Work,
    local_instant,
    midnight,
    shift_interval,
)

ONE_DAY = dt.timedelta(days=1)
REC14 = (
    "De 14 anbefalinger om skifteholdsarbejde (bilag til rammeaftalen om "
    "decentrale arbejdstidsaftaler; gengivet i Socialpædagogerne: Den gode "
    "Arbejdsplads, 4. udg., afsnit Arbejdsmiljø og sundhed; DSR: NARFE-"
    "anbefalingerne)"
)
NFA = (
    "NFA 2020: Videnskabelige anbefalinger om tilrettelæggelse af natarbejde "
    "(Garde m.fl., Scand J Work Environ Health 2020;46(6):557–569, "
    "doi:10.5271/sjweh.3920; gentaget på at.dk: Om natarbejde)"
)
AT_ADVICE = "Arbejdstilsynet: Om natarbejde (gode råd)"
WEEKEND_UNCONFIRMED = (
    "Weekendens afgrænsning er UBEKRÆFTET for 64.11 [C16] og er en parameter "
    "(standard lørdag 00:00 – mandag 00:00, virkelig tid)"
)


def _ceil_hours(minutes: int) -> int:
    """Commenced hours (påbegyndte timer) of a positive number of minutes."""
    return -(-minutes // 60)


def _clock_min(t: dt.time) -> int:
    return t.hour * 60 + t.minute


# -- shared definitions --


class NightParams(RuleParams):
    """Which shifts count as night shifts (shared by the night rules)."""

    night_hours_min: float = Field(
        3,
        gt=0,
        le=24,
        description="Hours inside night_window that make a shift a night shift "
        "(NFA's own threshold is UNCONFIRMED; default as the legal natarbejder "
        "definition, D3).",
    )
    night_window: tuple[dt.time, dt.time] = Field(
        (dt.time(22), dt.time(5)),
        description="The night window (local clock), default the natperiode 22–05.",
    )
    include_sleep_in: bool = Field(
        False,
        description="Count sleep-ins (sovevagter) as night shifts for these "
        "recommendations. Off by default: NFA 2020's advice concerns awake night "
        "work; a sleep-in is still working time for every legal rule.",
    )


def is_night(
    kind: ShiftKind,
    interval: tuple[dt.datetime, dt.datetime],
    cal: Calendar,
    p: NightParams,
) -> bool:
    """A night shift: ≥ ``night_hours_min`` in the window; not on-call from home,
    and a sleep-in only when ``include_sleep_in``."""
    if kind is ShiftKind.ONCALL_HOME:
        return False
    if kind is ShiftKind.SLEEP_IN and not p.include_sleep_in:
        return False
    return night_work(interval, cal, p.night_hours_min, p.night_window)


def night_slots(cal: Calendar, p: NightParams) -> set[int]:
    """Indices of the plan slots that are night shifts."""
    return {s.index for s in cal.slots if is_night(s.kind, s.interval, cal, p)}


def _seq_days(cal: Calendar) -> tuple[list[dt.date], int]:
    """Days from the first history day to the plan end, and how many precede it."""
    first = cal.history_start
    n_hist = (cal.instance.start - first).days
    return [first + dt.timedelta(days=i) for i in range(n_hist)] + cal.days, n_hist


def _night_sequence(
    ctx: RuleContext, eid: str, p: NightParams, nights: set[int]
) -> tuple[list[dt.date], list[Lit], int]:
    """Per day (history start .. plan end): "a night shift starts this day"."""
    cal = ctx.calendar
    days, n_hist = _seq_days(cal)
    hist = {
        w.day for w in ctx.vars.history(eid) if is_night(w.kind, w.interval, cal, p)
    }
    seq: list[Lit] = [d in hist for d in days[:n_hist]]
    for d in cal.days:
        key = ("rec.night_day", eid, d, p.night_hours_min, p.night_window,
               p.include_sleep_in)
        if key not in ctx.built.cache:
            lits = [
                ctx.vars.works(eid, s) for s in cal.slots_by_day[d] if s.index in nights
            ]
            ctx.built.cache[key] = patterns.or_literal(
                ctx.model, lits, f"night|{eid}|{d.isoformat()}"
            )
        seq.append(ctx.built.cache[key])  # type: ignore[arg-type]
    return days, seq, n_hist


def _night_runs(
    view: RosterView, eid: str, p: NightParams
) -> tuple[list[list[int]], list[dt.date], int]:
    """Maximal runs (day indices) of night-shift days, history included."""
    cal = view.calendar
    days, n_hist = _seq_days(cal)
    nights = {w.day for w in view.all_work(eid) if is_night(w.kind, w.interval, cal, p)}
    runs: list[list[int]] = []
    run: list[int] = []
    for i, d in enumerate(days):
        if d in nights:
            run.append(i)
            continue
        if run:
            runs.append(run)
        run = []
    if run:
        runs.append(run)
    return runs, days, n_hist


class WeekendParams(RuleParams):
    """The weekend window (UNCONFIRMED for 64.11, C16: a parameter)."""

    weekend_start: Weekday = Field(Weekday.SAT, description="Weekday it starts.")
    weekend_start_time: dt.time = Field(dt.time(0), description="Local start.")
    weekend_end: Weekday = Field(Weekday.MON, description="Weekday it ends.")
    weekend_end_time: dt.time = Field(dt.time(0), description="Local end.")


@dataclass(frozen=True)
class WeekendWindow:
    """One weekend of the plan in real time."""

    day: dt.date
    start: dt.datetime
    end: dt.datetime
    start_min: int
    end_min: int

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        """True when [start, end) reaches into the weekend."""
        return start < self.end and end > self.start


def weekend_windows(cal: Calendar, p: WeekendParams) -> list[WeekendWindow]:
    """The plan's weekends: starting in the plan, with no unknown work inside.

    A weekend whose window runs past the plan end is kept when no shift
    template starting after the plan could reach into it (with the default
    Saturday–Monday 00:00 window a plan ending on a Sunday keeps its last
    weekend); a weekend starting before the plan belongs to the previous plan.
    """
    tz = cal.tz
    out: list[WeekendWindow] = []
    after = cal.days[-1] + ONE_DAY
    plan_end = midnight(after, tz)
    delta = (p.weekend_end.iso - p.weekend_start.iso) % 7
    if delta == 0 and p.weekend_end_time <= p.weekend_start_time:
        delta = 7
    for d in cal.days:
        if d.isoweekday() != p.weekend_start.iso:
            continue
        s = local_instant(d, p.weekend_start_time, tz).astimezone(UTC)
        e = local_instant(d + dt.timedelta(days=delta), p.weekend_end_time, tz)
        e = e.astimezone(UTC)
        win = WeekendWindow(d, s, e, cal.minutes(s), cal.minutes(e))
        if e > plan_end and _unknown_reaches(cal, win, after):
            continue
        out.append(win)
    return out


def _unknown_reaches(cal: Calendar, win: WeekendWindow, after: dt.date) -> bool:
    day = after
    while midnight(day, cal.tz) < win.end:
        for t in cal.instance.unit.shifts:
            if win.overlaps(*shift_interval(day, t, cal.tz)):
                return True
        day += ONE_DAY
    return False


def weekend_worked(ctx: RuleContext, eid: str, win: WeekendWindow) -> Lit:
    """Exact literal: some work (history or plan, any kind) reaches into ``win``."""
    key = ("rec.weekend_worked", eid, win.start_min, win.end_min)
    if key not in ctx.built.cache:
        lits = [
            b.lit
            for b in ctx.vars.busy(eid)
            if b.start_min < win.end_min and b.end_min > win.start_min
        ]
        ctx.built.cache[key] = patterns.or_literal(
            ctx.model, lits, f"weekend|{eid}|{win.day.isoformat()}"
        )
    return ctx.built.cache[key]  # type: ignore[return-value]


def view_weekend_worked(view: RosterView, eid: str, win: WeekendWindow) -> bool:
    """Checker side of :func:`weekend_worked`."""
    return any(win.overlaps(w.start, w.end) for w in view.all_work(eid))


def blocks(days: Sequence[dt.date], period_weeks: int) -> list[list[dt.date]]:
    """The plan's days in consecutive blocks of ``period_weeks`` weeks."""
    size = 7 * period_weeks
    return [list(days[i : i + size]) for i in range(0, len(days), size)]


def block_weekends(
    cal: Calendar, p: WeekendParams, period_weeks: int
) -> list[tuple[list[dt.date], list[WeekendWindow]]]:
    """The plan's blocks of ``period_weeks`` weeks, each with its weekend windows."""
    wins = weekend_windows(cal, p)
    return [
        (b, [w for w in wins if b[0] <= w.day <= b[-1]])
        for b in blocks(cal.days, period_weeks)
    ]


# -- rec 1: nights.max_share --


class NightShareParams(NightParams):
    """Parameters for ``nights.max_share``."""

    max_night_share: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Largest share of an employee's shifts that may be night "
        "shifts before the plan makes them a de facto fixed night worker.",
    )


def _share(p: NightShareParams) -> tuple[int, int]:
    f = Fraction(str(p.max_night_share)).limit_denominator(1000)
    return f.numerator, f.denominator


def _counted(kind: ShiftKind) -> bool:
    return kind is not ShiftKind.ONCALL_HOME


@rule(
    id="nights.max_share",
    title_da="Ikke reelt fast nattevagt (højst en andel nætter)",
    title_en="No de facto fixed night work (at most a share of nights)",
    citation=f"{REC14}, nr. 1: Formindsk fast natarbejde [E1]. Medarbejdere "
    "med fast nattevagt efter aftale (fixed_night) er undtaget; nøgletallet i "
    "workbench.kpi viser, hvor mange enheden har.",
    source=SourceType.REC,
    modes=(Mode.SOFT, Mode.HARD),
    default_mode=Mode.SOFT,
    default_weight=20,
    params=NightShareParams,
    unit_da="medarbejdere med for stor andel nattevagter",
    why_da="Fast natarbejde belaster søvn og helbred mest; nætterne bør ikke "
    "samles hos de samme, medmindre de selv har valgt fast nat.",
)
def night_share(ctx: RuleContext, p: NightShareParams) -> None:
    """No non-fixed-night employee has more than ``max_night_share`` nights.

    Modelling: with share p/q, ``ok`` = (q·nights ≤ p·shifts) fully
    reified over the plan's slots (on-call from home not counted);
    ``require_any([ok])``. Amount: 1 per employee over the share.
    """
    num, den = _share(p)
    nights = night_slots(ctx.calendar, p)
    for e in ctx.employees:
        if e.fixed_night:
            continue
        terms = [
            (num - den if s.index in nights else num, ctx.vars.works(e.id, s))
            for s in ctx.calendar.slots
            if _counted(s.kind)
        ]
        ok = patterns.at_least_literal(ctx.model, terms, 0, f"nightshare|{e.id}")
        ctx.require_any([ok], employee=e.id, dates=tuple(ctx.calendar.days))


@night_share.checker
def _check_night_share(view: RosterView, p: NightShareParams) -> Iterator[Finding]:
    num, den = _share(p)
    for e in view.employees:
        if e.fixed_night:
            continue
        work = [w for w in view.plan_work(e.id) if _counted(w.kind)]
        n = sum(1 for w in work if is_night(w.kind, w.interval, view.calendar, p))
        if den * n > num * len(work):
            yield Finding(
                e.id,
                tuple(view.calendar.days),
                1,
                f"{e.name} har {n} af {len(work)} vagter som nattevagter "
                f"({round(100 * n / len(work))} %); over "
                f"{round(100 * p.max_night_share)} % gør det reelt til fast "
                "natarbejde (anbefaling 1 af de 14: formindsk fast natarbejde).",
            )


# -- rec 2 + NFA: nights in a row --


class MaxNightsParams(NightParams):
    """Parameters for ``nights.max_consecutive``."""

    max_nights: int = Field(
        3, ge=1, le=14, description="Most night shifts in a row (NFA 2020: 3)."
    )


@rule(
    id="nights.max_consecutive",
    title_da="Højst 3 nattevagter i træk",
    title_en="At most 3 night shifts in a row",
    citation=f"{NFA}: højst 3 nattevagter i træk [E4]; {REC14}, nr. 2: to til "
    "fire nætter i træk [E1]",
    source=SourceType.REC,
    modes=(Mode.SOFT, Mode.HARD),
    default_mode=Mode.SOFT,
    default_weight=50,
    params=MaxNightsParams,
    unit_da="nattevagter ud over grænsen i træk",
    why_da="Risikoen for ulykker og sygefravær stiger med hver ekstra nat i "
    "træk; NFA anbefaler højst 3.",
)
def max_consecutive_nights(ctx: RuleContext, p: MaxNightsParams) -> None:
    """No more than ``max_nights`` consecutive days start a night shift.

    Modelling: per employee a day sequence from the first history day
    (history nights constant) with an exact "night starts this day"
    literal; every window of ``max_nights + 1`` days that ends in the plan
    is forbidden to be all nights. Amount: 1 per such window (= nights
    beyond the limit in a run, counted from the plan on).
    """
    nights = night_slots(ctx.calendar, p)
    k = p.max_nights
    for e in ctx.employees:
        days, seq, n_hist = _night_sequence(ctx, e.id, p, nights)
        for i, lits in patterns.runs_longer_than(seq, k):
            if i + k < n_hist:
                continue
            ctx.forbid(lits, employee=e.id, dates=tuple(days[i : i + k + 1]))


@max_consecutive_nights.checker
def _check_max_nights(view: RosterView, p: MaxNightsParams) -> Iterator[Finding]:
    k = p.max_nights
    for e in view.employees:
        runs, days, n_hist = _night_runs(view, e.id, p)
        for run in runs:
            amount = run[-1] - max(run[0] + k, n_hist) + 1
            if amount <= 0:
                continue
            span = [days[i] for i in run]
            yield Finding(
                e.id,
                tuple(d for d in span if d >= view.instance.start),
                amount,
                f"{e.name} har {len(run)} nattevagter i træk ({date_range_da(span)}); "
                f"højst {k} anbefales (NFA 2020; anbefaling 2 af de 14: 2–4).",
            )


class MinNightsParams(NightParams):
    """Parameters for ``nights.min_consecutive``."""

    min_nights: int = Field(
        2, ge=1, le=7, description="Fewest night shifts in a row (rec. 2: 2)."
    )


@rule(
    id="nights.min_consecutive",
    title_da="Ingen enkeltstående nattevagter",
    title_en="No isolated night shifts",
    citation=f"{REC14}, nr. 2: der bør arbejdes to til fire nætter i træk [E1]",
    source=SourceType.REC,
    modes=(Mode.SOFT,),
    default_weight=10,
    params=MinNightsParams,
    unit_da="for korte forløb af nattevagter",
    why_da="En enkelt nat midt mellem dagvagter vender døgnrytmen to gange for "
    "én vagt; nætter bør samles i korte forløb.",
)
def min_consecutive_nights(ctx: RuleContext, p: MinNightsParams) -> None:
    """Runs of night shifts are at least ``min_nights`` long.

    Modelling: the day sequence of ``nights.max_consecutive``; every
    pattern free / k nights / free with k < ``min_nights`` is forbidden
    when the run has a night in the plan and does not touch the plan end
    (it may continue in the next plan). Amount: 1 per short run.
    """
    nights = night_slots(ctx.calendar, p)
    for e in ctx.employees:
        days, seq, n_hist = _night_sequence(ctx, e.id, p, nights)
        for i, k, lits in patterns.short_blocks(seq, p.min_nights):
            if i + k == len(seq) or i + k - 1 < n_hist:
                continue
            ctx.forbid(lits, employee=e.id, dates=tuple(days[i : i + k]))


@min_consecutive_nights.checker
def _check_min_nights(view: RosterView, p: MinNightsParams) -> Iterator[Finding]:
    for e in view.employees:
        runs, days, n_hist = _night_runs(view, e.id, p)
        for run in runs:
            if len(run) >= p.min_nights or run[-1] == len(days) - 1:
                continue
            if run[-1] < n_hist:
                continue
            span = [days[i] for i in run]
            what = (
                "en enkelt nattevagt"
                if len(run) == 1
                else f"kun {len(run)} nattevagter i træk"
            )
            yield Finding(
                e.id,
                tuple(span),
                1,
                f"{e.name} har {what} ({date_range_da(span)}); mindst {p.min_nights} "
                "i træk anbefales "
                "(anbefaling 2 af de 14: to til fire nætter i træk).",
            )


# -- rec 3: quick returns --


class QuickReturnParams(RuleParams):
    """Parameters for ``rest.quick_returns``."""

    min_gap_hours: float = Field(
        11,
        gt=0,
        le=24,
        description="Gap between two shifts below which a "
        "shift change counts as a quick return.",
    )
    oncall_home_counts: bool = Field(
        False, description="Count on-call from home (oncall_home) as a shift."
    )


def _qr_kind(kind: ShiftKind, p: QuickReturnParams) -> bool:
    return p.oncall_home_counts or kind is not ShiftKind.ONCALL_HOME


def _same_plan_day(a: Busy | Work, b: Busy | Work) -> bool:
    """Two plan shifts starting the same day: ``coverage.one_shift_per_day``'s."""
    return a.day == b.day and not (a.history or b.history)


@rule(
    id="rest.quick_returns",
    title_da="Undgå korte skift mellem vagter",
    title_en="Avoid quick returns between shifts",
    citation=f"{REC14}, nr. 3: undgå korte intervaller (otte eller ti timer) "
    f"mellem to vagter [E1]; {NFA}: mindst 11 timer mellem to vagter [E4]. "
    "Hvor en lokalaftale tillader 8 timers hvile (rest.daily), er det dette, "
    "der skal minimeres.",
    source=SourceType.REC,
    modes=(Mode.SOFT,),
    default_weight=30,
    params=QuickReturnParams,
    unit_da="vagtskift med under 11 timer imellem",
    why_da="Korte skift giver for lidt søvn før næste vagt; selv hvor 8 timers "
    "hvile er aftalt, bør det ske så sjældent som muligt.",
)
def quick_returns(ctx: RuleContext, p: QuickReturnParams) -> None:
    """Few shift changes with less than ``min_gap_hours`` between two shifts.

    Modelling: the employee's items (history and plan) by start; for a
    pair a before b in the plan with 0 ≤ start(b) − end(a) < the gap,
    forbid "a and b worked and nothing worked in between" (exactly the
    consecutive pairs). Two plan shifts starting the same day are left to
    ``coverage.one_shift_per_day``. Amount: 1 per quick return.
    """
    gap = round(p.min_gap_hours * 60)
    for e in ctx.employees:
        busy = [b for b in ctx.vars.busy(e.id) if _qr_kind(b.kind, p)]
        lits = [b.lit for b in busy]
        for i, a in enumerate(busy):
            not_a = negate(a.lit)
            for j in range(i + 1, len(busy)):
                b = busy[j]
                if b.start_min >= a.end_min + gap:
                    break
                if b.history or b.start_min < a.end_min or _same_plan_day(a, b):
                    continue
                # forbid(a, b, nothing in between), spelt as the clause
                # "not a, not b, or something in between" (no double negation).
                ctx.require_any(
                    [not_a, negate(b.lit), *lits[i + 1 : j]],
                    employee=e.id,
                    dates=(a.day, b.day),
                )


@quick_returns.checker
def _check_quick_returns(view: RosterView, p: QuickReturnParams) -> Iterator[Finding]:
    gap = dt.timedelta(minutes=round(p.min_gap_hours * 60))
    for e in view.employees:
        work = [w for w in view.all_work(e.id) if _qr_kind(w.kind, p)]
        for a, b in pairwise(work):
            rest = b.start - a.end
            if b.history or not dt.timedelta(0) <= rest < gap or _same_plan_day(a, b):
                continue
            h, m = divmod(int(rest.total_seconds() // 60), 60)
            yield Finding(
                e.id,
                (a.day, b.day),
                1,
                f"{e.name} har kun {h} t{f' {m} min' if m else ''} mellem "
                f"{a.template.label.lower()} {_d(a.day)} og "
                f"{b.template.label.lower()} {_d(b.day)}; mindst "
                f"{p.min_gap_hours:g} t anbefales (anbefaling 3 af de 14; NFA 2020).",
            )


# -- rec 4: free weekends --


class FreeWeekendParams(WeekendParams):
    """Parameters for ``weekends.free``."""

    min_free: int = Field(2, ge=0, le=8, description="Free weekends per period.")
    period_weeks: int = Field(4, ge=1, le=52, description="Weeks per period.")


def _free_needed(
    block: Sequence[dt.date], n_weekends: int, p: FreeWeekendParams
) -> int:
    """Free weekends required in a block (pro rata, rounded down, capped)."""
    return min(n_weekends, p.min_free * len(block) // (7 * p.period_weeks))


@rule(
    id="weekends.free",
    title_da="Mindst 2 fri weekender pr. 4 uger",
    title_en="At least 2 free weekends per 4 weeks",
    citation=f"{REC14}, nr. 4: flest mulige friweekender [E1]; {AT_ADVICE}: "
    f"friweekender så vidt muligt [E6]. Antallet er lokalt fastsat [C8]. "
    f"{WEEKEND_UNCONFIRMED}.",
    source=SourceType.REC,
    modes=(Mode.SOFT, Mode.HARD),
    default_mode=Mode.SOFT,
    default_weight=40,
    params=FreeWeekendParams,
    unit_da="manglende fri weekender",
    why_da="Fri weekender er den tid, familie og venner har fri; de bør "
    "fordeles, så alle får nogle.",
)
def free_weekends(ctx: RuleContext, p: FreeWeekendParams) -> None:
    """At least ``min_free`` free weekends per ``period_weeks`` weeks.

    Modelling: the plan in blocks of ``period_weeks`` weeks from its start
    (a shorter last block pro rata, rounded down); a weekend is free when
    no work (history or plan, any kind) reaches into its real-time window
    (exact literal); ``at_least`` per block. Amount: weekends short.
    """
    for e in ctx.employees:
        for block, wins in block_weekends(ctx.calendar, p, p.period_weeks):
            need = _free_needed(block, len(wins), p)
            if need <= 0:
                continue
            terms = [(1, negate(weekend_worked(ctx, e.id, w))) for w in wins]
            ctx.at_least(terms, need, employee=e.id, dates=tuple(w.day for w in wins))


@free_weekends.checker
def _check_free_weekends(view: RosterView, p: FreeWeekendParams) -> Iterator[Finding]:
    for e in view.employees:
        for block, wins in block_weekends(view.calendar, p, p.period_weeks):
            need = _free_needed(block, len(wins), p)
            free = [w for w in wins if not view_weekend_worked(view, e.id, w)]
            if len(free) < need:
                yield Finding(
                    e.id,
                    tuple(w.day for w in wins),
                    need - len(free),
                    f"{e.name} har {len(free)} fri weekend(er) {date_range_da(block)}; "
                    f"mindst {need} ønskes (anbefaling 4 af de 14: flest mulige "
                    "friweekender).",
                )


@rule(
    id="weekends.most_free",
    title_da="Flest mulige fri weekender",
    title_en="As many free weekends as possible",
    citation=f"{REC14}, nr. 4: planlæg systemet, så det indeholder flest mulige "
    f"friweekender [E1]; {AT_ADVICE} [E6]. {WEEKEND_UNCONFIRMED}.",
    source=SourceType.REC,
    modes=(Mode.SOFT,),
    default_weight=5,
    params=WeekendParams,
    unit_da="arbejdsweekender",
    why_da="Hver weekend, der kan holdes fri, er værdifuld for privatlivet.",
)
def most_free_weekends(ctx: RuleContext, p: WeekendParams) -> None:
    """Each worked weekend of the plan costs one unit.

    Modelling: the exact "weekend worked" literal of ``weekends.free``;
    ``forbid([worked])``. Amount: 1 per worked weekend.
    """
    wins = weekend_windows(ctx.calendar, p)
    for e in ctx.employees:
        for w in wins:
            ctx.forbid([weekend_worked(ctx, e.id, w)], employee=e.id, dates=(w.day,))


@most_free_weekends.checker
def _check_most_free(view: RosterView, p: WeekendParams) -> Iterator[Finding]:
    for e in view.employees:
        for w in weekend_windows(view.calendar, p):
            if view_weekend_worked(view, e.id, w):
                yield Finding(
                    e.id,
                    (w.day,),
                    1,
                    f"{e.name} arbejder weekenden {_d(w.day)} (anbefaling 4 af "
                    "de 14: flest mulige friweekender).",
                )


# -- rec 5 and 7: shift lengths --


class MaxLengthParams(RuleParams):
    """Parameters for ``shifts.max_length``."""

    max_hours: float = Field(10, gt=0, le=24, description="Longest shift (hours).")
    exclude_kinds: tuple[ShiftKind, ...] = Field(
        (ShiftKind.ONCALL_HOME,), description="Kinds not judged."
    )


def _over_min(minutes: int, max_hours: float) -> int:
    return max(0, minutes - round(max_hours * 60))


def _forbid_long(
    ctx: RuleContext, max_hours: float, judged: Callable[[Slot], bool]
) -> None:
    """``forbid([works])`` on every judged slot longer than ``max_hours``,
    scaled by the commenced hours over the limit."""
    for s in ctx.calendar.slots:
        over = _over_min(s.minutes, max_hours)
        if over and judged(s):
            for e in ctx.employees:
                ctx.forbid(
                    [ctx.vars.works(e.id, s)],
                    employee=e.id,
                    dates=(s.day,),
                    scale=_ceil_hours(over),
                )


def _long_work(
    view: RosterView, max_hours: float, judged: Callable[[Work], bool]
) -> Iterator[tuple[Employee, Work, int, str]]:
    """Judged plan work longer than ``max_hours``: (employee, work, commenced
    hours over the limit, the start of the Danish message)."""
    for e in view.employees:
        for w in view.plan_work(e.id):
            over = _over_min(work_minutes(w), max_hours)
            if over and judged(w):
                yield (
                    e,
                    w,
                    _ceil_hours(over),
                    f"{e.name}s {w.template.label.lower()} {_d(w.day)} varer "
                    f"{work_minutes(w) / 60:g} t; ",
                )


@rule(
    id="shifts.max_length",
    title_da="Ingen lange vagter",
    title_en="No long shifts",
    citation=f"{REC14}, nr. 5: undgå lange arbejdsdage [E1]. Grænsen er en "
    "parameter: vagtlængden er UBEKRÆFTET for 64.11 [C6] (regional døgnaftale "
    "højst 12 t; her som anbefaling 10 t).",
    source=SourceType.REC,
    modes=(Mode.SOFT, Mode.HARD),
    default_mode=Mode.SOFT,
    default_weight=20,
    params=MaxLengthParams,
    unit_da="påbegyndte timer over grænsen",
    why_da="Træthed og fejl tager til sidst på lange vagter.",
)
def max_length(ctx: RuleContext, p: MaxLengthParams) -> None:
    """No worked shift lasts more than ``max_hours`` (real time).

    Modelling: per long slot ``forbid([works])`` scaled by the commenced
    hours over the limit. Amount: those hours per long shift worked.
    """
    _forbid_long(ctx, p.max_hours, lambda s: s.kind not in p.exclude_kinds)


@max_length.checker
def _check_max_length(view: RosterView, p: MaxLengthParams) -> Iterator[Finding]:
    def judged(w: Work) -> bool:
        return w.kind not in p.exclude_kinds

    for e, w, amount, what in _long_work(view, p.max_hours, judged):
        yield Finding(
            e.id,
            (w.day,),
            amount,
            f"{what}højst {p.max_hours:g} t anbefales (anbefaling 5 af de 14: "
            "undgå lange arbejdsdage).",
        )


class NightLengthParams(NightParams):
    """Parameters for ``nights.max_length``."""

    max_hours: float = Field(9, gt=0, le=24, description="Longest night shift.")


@rule(
    id="nights.max_length",
    title_da="Nattevagter højst 9 timer",
    title_en="Night shifts at most 9 hours",
    citation=f"{NFA}: højst 9 timer pr. vagt i natarbejde [E4]; {REC14}, nr. 7: "
    "overvej kortere natskift [E1]",
    source=SourceType.REC,
    modes=(Mode.SOFT, Mode.HARD),
    default_mode=Mode.SOFT,
    default_weight=30,
    params=NightLengthParams,
    unit_da="påbegyndte timer over grænsen",
    why_da="Lange nattevagter giver flere fejl og ulykker sidst på natten.",
)
def night_max_length(ctx: RuleContext, p: NightLengthParams) -> None:
    """No worked night shift lasts more than ``max_hours`` (real time, DST).

    Modelling: as ``shifts.max_length`` on the night slots. Amount: the
    commenced hours over the limit per long night worked.
    """
    nights = night_slots(ctx.calendar, p)
    _forbid_long(ctx, p.max_hours, lambda s: s.index in nights)


@night_max_length.checker
def _check_night_length(view: RosterView, p: NightLengthParams) -> Iterator[Finding]:
    def judged(w: Work) -> bool:
        return is_night(w.kind, w.interval, view.calendar, p)

    for e, w, amount, what in _long_work(view, p.max_hours, judged):
        yield Finding(
            e.id,
            (w.day,),
            amount,
            f"{what}nattevagter bør højst vare {p.max_hours:g} t (NFA 2020; "
            "anbefaling 7 af de 14).",
        )


# -- rec 8: forward rotation --


class RotationParams(RuleParams):
    """Parameters for ``rotation.forward``."""

    backward: tuple[tuple[ShiftKind, ShiftKind], ...] = Field(
        (
            (ShiftKind.NIGHT, ShiftKind.DAY),
            (ShiftKind.NIGHT, ShiftKind.EVENING),
            (ShiftKind.EVENING, ShiftKind.DAY),
        ),
        description="(kind on one day, kind on the next day) pairs that rotate "
        "against the clock.",
    )


KIND_DA = {
    ShiftKind.DAY: "dagvagt",
    ShiftKind.EVENING: "aftenvagt",
    ShiftKind.NIGHT: "nattevagt",
    ShiftKind.SLEEP_IN: "sovevagt",
    ShiftKind.ONCALL_HOME: "rådighedsvagt",
}


@rule(
    id="rotation.forward",
    title_da="Rotér med uret",
    title_en="Forward (clockwise) rotation",
    citation=f"{REC14}, nr. 8: rotér med uret (morgenvagt, så eftermiddagsvagt "
    f"og nattevagt) [E1]; {AT_ADVICE}: rotér med uret [E6]",
    source=SourceType.REC,
    modes=(Mode.SOFT, Mode.HARD),
    default_mode=Mode.SOFT,
    default_weight=15,
    params=RotationParams,
    unit_da="skift mod uret",
    why_da="Det er lettere for døgnrytmen at rykke senere (dag → aften → nat) "
    "end tidligere.",
)
def forward_rotation(ctx: RuleContext, p: RotationParams) -> None:
    """No shift on one day followed by a backward kind on the next day.

    Modelling: for every pair of slots on consecutive days (the day before
    the plan from the history, constant) whose kinds are in ``backward``,
    ``forbid([a, b])``. Amount: 1 per backward change.
    """
    bad = set(p.backward)
    before = ctx.instance.start - ONE_DAY
    for e in ctx.employees:
        prev: list[tuple[ShiftKind, Lit]] = [
            (w.kind, True) for w in ctx.vars.history(e.id) if w.day == before
        ]
        for d in ctx.calendar.days:
            cur = [
                (s.kind, ctx.vars.works(e.id, s)) for s in ctx.calendar.slots_by_day[d]
            ]
            for k0, a in prev:
                for k1, b in cur:
                    if (k0, k1) in bad:
                        ctx.forbid([a, b], employee=e.id, dates=(d - ONE_DAY, d))
            prev = cur


@forward_rotation.checker
def _check_rotation(view: RosterView, p: RotationParams) -> Iterator[Finding]:
    bad = set(p.backward)
    for e in view.employees:
        work = view.all_work(e.id)
        for d in view.calendar.days:
            for a in (w for w in work if w.day == d - ONE_DAY):
                for b in view.on_day(e.id, d):
                    if (a.kind, b.kind) in bad:
                        yield Finding(
                            e.id,
                            (a.day, b.day),
                            1,
                            f"{e.name} går fra {KIND_DA[a.kind]} {_d(a.day)} til "
                            f"{KIND_DA[b.kind]} {_d(b.day)} – mod uret "
                            "(anbefaling 8 af de 14: rotér med uret).",
                        )


# -- rec 9: early morning starts --


class EarliestStartParams(RuleParams):
    """Parameters for ``shifts.earliest_start``."""

    earliest: dt.time = Field(dt.time(6), description="Earliest local start.")
    kinds: tuple[ShiftKind, ...] = Field(
        (ShiftKind.DAY,), description="Kinds that are morning shifts."
    )


class PreferredStartParams(RuleParams):
    """Parameters for ``shifts.preferred_start``."""

    preferred: dt.time = Field(dt.time(7), description="Preferred earliest start.")
    kinds: tuple[ShiftKind, ...] = Field(
        (ShiftKind.DAY,), description="Kinds that are morning shifts."
    )


def _early_hours(
    start: dt.datetime,
    kind: ShiftKind,
    cal: Calendar,
    limit: dt.time,
    kinds: tuple[ShiftKind, ...],
) -> int:
    """Commenced hours a morning shift starts before ``limit`` (local clock)."""
    if kind not in kinds:
        return 0
    early = _clock_min(limit) - _clock_min(start.astimezone(cal.tz).time())
    return _ceil_hours(early) if early > 0 else 0


def _forbid_early(
    ctx: RuleContext, limit: dt.time, kinds: tuple[ShiftKind, ...]
) -> None:
    for s in ctx.calendar.slots:
        hours = _early_hours(s.start, s.kind, ctx.calendar, limit, kinds)
        if hours:
            for e in ctx.employees:
                ctx.forbid(
                    [ctx.vars.works(e.id, s)],
                    employee=e.id,
                    dates=(s.day,),
                    scale=hours,
                )


def _check_early(
    view: RosterView, limit: dt.time, kinds: tuple[ShiftKind, ...], source: str
) -> Iterator[Finding]:
    for e in view.employees:
        for w in view.plan_work(e.id):
            hours = _early_hours(w.start, w.kind, view.calendar, limit, kinds)
            if hours:
                yield Finding(
                    e.id,
                    (w.day,),
                    hours,
                    f"{e.name}s {w.template.label.lower()} {_d(w.day)} begynder kl. "
                    f"{view.local(w.start):%H:%M}, før kl. {limit:%H:%M} ({source}).",
                )


@rule(
    id="shifts.earliest_start",
    title_da="Morgenvagt ikke før kl. 6",
    title_en="Morning shift not before 06:00",
    citation=f"{REC14}, nr. 9: begynd ikke morgenvagten for tidligt [E1]; FOA "
    "TR-vejledning: ikke før kl. 6 og helst ikke før kl. 7; 3F: morgenskift "
    "ikke før klokken seks [E3]",
    source=SourceType.REC,
    modes=(Mode.HARD, Mode.SOFT),
    default_mode=Mode.HARD,
    default_weight=30,
    params=EarliestStartParams,
    unit_da="påbegyndte timer før kl. 6",
    why_da="Meget tidlige morgenvagter forkorter nattesøvnen, som ikke kan "
    "indhentes ved at gå tidligt i seng.",
)
def earliest_start(ctx: RuleContext, p: EarliestStartParams) -> None:
    """No morning shift starts before ``earliest`` (local clock).

    Modelling: per too-early morning slot ``forbid([works])`` scaled by the
    commenced hours before the limit. Amount: those hours per shift.
    """
    _forbid_early(ctx, p.earliest, p.kinds)


@earliest_start.checker
def _check_earliest(view: RosterView, p: EarliestStartParams) -> Iterator[Finding]:
    yield from _check_early(view, p.earliest, p.kinds, "anbefaling 9 af de 14; FOA/3F")


@rule(
    id="shifts.preferred_start",
    title_da="Morgenvagt helst ikke før kl. 7",
    title_en="Morning shift preferably not before 07:00",
    citation=f"{REC14}, nr. 9 [E1]; FOA TR-vejledning: helst ikke før kl. 7 [E3]",
    source=SourceType.REC,
    modes=(Mode.SOFT,),
    default_weight=5,
    params=PreferredStartParams,
    unit_da="påbegyndte timer før kl. 7",
    why_da="Jo senere morgenvagten begynder, jo mere nattesøvn får medarbejderen.",
)
def preferred_start(ctx: RuleContext, p: PreferredStartParams) -> None:
    """Morning shifts preferably start at ``preferred`` or later.

    Modelling: as ``shifts.earliest_start`` with the preferred time.
    Amount: commenced hours before it per shift.
    """
    _forbid_early(ctx, p.preferred, p.kinds)


@preferred_start.checker
def _check_preferred(view: RosterView, p: PreferredStartParams) -> Iterator[Finding]:
    yield from _check_early(view, p.preferred, p.kinds, "anbefaling 9 af de 14; FOA")


# -- rec 11: a regular system --


class RegularParams(RuleParams):
    """Parameters for ``pattern.regular``."""

    compare: Literal["kind", "shift"] = Field(
        "kind", description="Compare the shift kind or the exact shift template."
    )


def _key(x: Slot | Work, p: RegularParams) -> str:
    return x.kind.value if p.compare == "kind" else x.shift_id


def _day_state(
    ctx: RuleContext, eid: str, d: dt.date, cats: Sequence[str], p: RegularParams
) -> tuple[dict[str, Lit], Lit]:
    """Exact literals per category ("works a shift of it") and "free"."""
    if d < ctx.instance.start:
        got = {_key(w, p) for w in ctx.vars.history(eid) if w.day == d}
        return {c: c in got for c in cats}, not got
    by_cat: dict[str, list[Lit]] = {}
    for s in ctx.calendar.slots_by_day[d]:
        by_cat.setdefault(_key(s, p), []).append(ctx.vars.works(eid, s))
    cat = {
        c: patterns.or_literal(
            ctx.model, by_cat.get(c, []), f"cat|{eid}|{d.isoformat()}|{c}"
        )
        for c in cats
    }
    free = patterns.all_false(
        ctx.model,
        ctx.vars.on_day(eid, d),
        ctx.built.cache,
        ("rec.day_free", eid, d),
        exact=True,
    )
    return cat, free


@rule(
    id="pattern.regular",
    title_da="Regelmæssigt skiftesystem",
    title_en="A regular shift system",
    citation=f"{REC14}, nr. 11: bevar et regelmæssigt skiftesystem [E1]",
    source=SourceType.REC,
    modes=(Mode.SOFT,),
    default_weight=2,
    params=RegularParams,
    unit_da="dage, der afviger fra samme ugedag ugen før",
    why_da="Et fast mønster gør det lettere at planlægge livet uden for arbejdet.",
)
def regular_pattern(ctx: RuleContext, p: RegularParams) -> None:
    """Each day has the same shift kind (or day off) as one week earlier.

    Modelling: per plan day with a known day a week before (plan or
    history), ``require_any`` of "same category on both days" (exact AND
    of exact ORs) and "free on both". Amount: 1 per differing day.
    """
    cats = sorted({_key(s, p) for s in ctx.calendar.slots})
    first = ctx.calendar.history_start
    for e in ctx.employees:
        # Each day is compared with the week before and the week after: build
        # its state literals once.
        states: dict[dt.date, tuple[dict[str, Lit], Lit]] = {}
        for d in ctx.calendar.days:
            d0 = d - dt.timedelta(days=7)
            if d0 < first:
                continue
            for x in (d0, d):
                if x not in states:
                    states[x] = _day_state(ctx, e.id, x, cats, p)
            (c0, f0), (c1, f1) = states[d0], states[d]
            same = [patterns.and_literal(ctx.model, [c0[c], c1[c]]) for c in cats]
            same.append(patterns.and_literal(ctx.model, [f0, f1]))
            ctx.require_any(same, employee=e.id, dates=(d0, d))


@regular_pattern.checker
def _check_regular(view: RosterView, p: RegularParams) -> Iterator[Finding]:
    first = view.calendar.history_start
    for e in view.employees:
        work = view.all_work(e.id)
        for d in view.calendar.days:
            d0 = d - dt.timedelta(days=7)
            if d0 < first:
                continue
            s0 = {_key(w, p) for w in work if w.day == d0}
            s1 = {_key(w, p) for w in work if w.day == d}
            if s0 & s1 or not (s0 or s1):
                continue
            yield Finding(
                e.id,
                (d0, d),
                1,
                f"{e.name} har {'/'.join(sorted(s1)) or 'fri'} {_d(d)} men "
                f"{'/'.join(sorted(s0)) or 'fri'} samme ugedag ugen før "
                "(anbefaling 11 af de 14: regelmæssigt skiftesystem).",
            )


# -- rec 12: wishes --


def _denied_lit(ctx: RuleContext, w: Wish) -> Lit:
    """Exact literal: the wish is not granted (an unknown shift: never granted)."""
    if w.kind is WishKind.DAY_OFF:
        return ctx.vars.works_day(w.employee_id, w.date)
    slot = ctx.calendar.slot_by_key.get((w.date, w.shift_id or ""))
    if slot is None:
        return w.kind is WishKind.SHIFT
    x = ctx.vars.works(w.employee_id, slot)
    return negate(x) if w.kind is WishKind.SHIFT else x


def _denied(view: RosterView, w: Wish) -> bool:
    got = {x.shift_id for x in view.on_day(w.employee_id, w.date)}
    if w.kind is WishKind.DAY_OFF:
        return bool(got)
    if w.kind is WishKind.SHIFT:
        return w.shift_id not in got
    return w.shift_id in got


def _wish_da(w: Wish) -> str:
    if w.kind is WishKind.DAY_OFF:
        return f"fri {_d(w.date)}"
    if w.kind is WishKind.SHIFT:
        return f"vagt {w.shift_id} {_d(w.date)}"
    return f"ikke vagt {w.shift_id} {_d(w.date)}"


def _plan_wishes(inst: PlanningInstance) -> list[Wish]:
    """The wishes that can be judged: plan days, known staff, weight > 0."""
    ids = {e.id for e in inst.employees}
    days = set(inst.days)
    return [
        w
        for w in inst.wishes
        if w.employee_id in ids
        and w.date in days
        and w.effective_weight > 0
        and (w.kind is WishKind.DAY_OFF or w.shift_id is not None)
    ]


@rule(
    id="wishes.granted",
    title_da="Ønsker imødekommes",
    title_en="Wishes are granted",
    citation=f"{REC14}, nr. 12: tillad mulighed for individuel fleksibilitet "
    f"[E1]; {AT_ADVICE}: medarbejderindflydelse på vagtplanen [E6]",
    source=SourceType.REC,
    modes=(Mode.SOFT,),
    default_weight=10,
    params=NoParams,
    unit_da="ønskepoint (prioritet) for afviste ønsker",
    why_da="Indflydelse på egen arbejdstid giver bedre søvn, balance og "
    "trivsel – men kun når ønskerne reelt imødekommes.",
)
def wishes_granted(ctx: RuleContext, p: NoParams) -> None:
    """Every wish (fri / vagt / ikke_vagt) is granted where possible.

    Modelling: an exact "denied" literal per wish; ``forbid([denied],
    scale=priority)`` (the wish's explicit weight when set). Amount: the
    priorities of the denied wishes.
    """
    for w in _plan_wishes(ctx.instance):
        ctx.forbid(
            [_denied_lit(ctx, w)],
            employee=w.employee_id,
            dates=(w.date,),
            scale=w.effective_weight,
        )


@wishes_granted.checker
def _check_wishes(view: RosterView, p: NoParams) -> Iterator[Finding]:
    for w in _plan_wishes(view.instance):
        if _denied(view, w):
            e = view.instance.employee(w.employee_id)
            yield Finding(
                e.id,
                (w.date,),
                w.effective_weight,
                f"{e.name}s ønske om {_wish_da(w)} (prioritet {w.priority}) er "
                "ikke imødekommet (anbefaling 12 af de 14: individuel fleksibilitet).",
            )


@rule(
    id="wishes.fair",
    title_da="Retfærdig opfyldelse af ønsker",
    title_en="Fair fulfilment of wishes",
    citation=f"{REC14}, nr. 12 [E1]; fordelingen er et lokalt valg (Lokal-MED)",
    source=SourceType.REC,
    modes=(Mode.SOFT,),
    default_weight=10,
    params=NoParams,
    unit_da="ønskepoint afvist for den hårdest ramte medarbejder",
    why_da="Afviste ønsker bør ikke samle sig hos de samme medarbejdere.",
)
def wishes_fair(ctx: RuleContext, p: NoParams) -> None:
    """The employee with the most denied wish priority is as well off as possible.

    Modelling: per employee the sum of priority × exact "denied" literal;
    ``patterns.max_terms`` and ``penalize``. Amount: the largest such sum.
    """
    wishes = _plan_wishes(ctx.instance)
    exprs = [
        [
            (w.effective_weight, _denied_lit(ctx, w))
            for w in wishes
            if w.employee_id == e.id
        ]
        for e in ctx.employees
    ]
    ctx.penalize(
        patterns.max_terms(ctx.model, exprs, "wishes.fair"),
        dates=tuple(ctx.calendar.days),
    )


@wishes_fair.checker
def _check_wishes_fair(view: RosterView, p: NoParams) -> Iterator[Finding]:
    wishes = _plan_wishes(view.instance)
    worst, top, denied = None, 0, []
    for e in view.employees:
        mine = [w for w in wishes if w.employee_id == e.id and _denied(view, w)]
        total = sum(w.effective_weight for w in mine)
        if total > top:
            worst, top, denied = e, total, mine
    if worst is not None:
        yield Finding(
            worst.id,
            tuple(sorted({w.date for w in denied})),
            top,
            f"{worst.name} har flest afviste ønsker ({top} ønskepoint: "
            f"{', '.join(_wish_da(w) for w in denied)}); afslag bør fordeles "
            "ligeligt (anbefaling 12 af de 14).",
        )


# -- rec 13: few deviations from the published plan --


@rule(
    id="plan.few_deviations",
    title_da="Få afvigelser fra den udleverede plan",
    title_en="Few deviations from the published plan",
    citation=f"{REC14}, nr. 13: begræns afvigelser fra det planlagte "
    "skiftesystem [E1]. Den udleverede plan er PlanningInstance.published; "
    "varslet af ændringer dømmes af agreement.change_notice (nr. 14).",
    source=SourceType.REC,
    modes=(Mode.SOFT,),
    default_weight=20,
    params=NoParams,
    unit_da="ændrede medarbejderdage",
    why_da="En udleveret plan er noget, medarbejderne har indrettet sig efter; "
    "hver ændring koster forudsigelighed.",
)
def few_deviations(ctx: RuleContext, p: NoParams) -> None:
    """Each employee-day stays as in the published plan (if one exists).

    Modelling: per employee and plan day, ``same`` = exact AND over the
    day's slots (worked iff published; a published unknown shift: never
    the same); ``require_any([same])``. Amount: 1 per changed employee-day.
    """
    if not ctx.instance.published:
        return
    ids = {t.id for t in ctx.instance.unit.shifts}
    for e in ctx.employees:
        for d in ctx.calendar.days:
            want = published_shifts(ctx.instance, e.id, d)
            lits = [
                ctx.vars.works(e.id, s)
                if s.shift_id in want
                else negate(ctx.vars.works(e.id, s))
                for s in ctx.calendar.slots_by_day[d]
            ]
            same = False if want - ids else patterns.and_literal(ctx.model, lits)
            ctx.require_any([same], employee=e.id, dates=(d,))


@few_deviations.checker
def _check_deviations(view: RosterView, p: NoParams) -> Iterator[Finding]:
    if not view.instance.published:
        return
    for e in view.employees:
        for d in view.calendar.days:
            want = published_shifts(view.instance, e.id, d)
            got = {w.shift_id for w in view.on_day(e.id, d)}
            if want != got:
                yield Finding(
                    e.id,
                    (d,),
                    1,
                    published_change_da(e.name, _d(d), want, got)
                    + " (anbefaling 13 af de 14: begræns afvigelser fra planen).",
                )
