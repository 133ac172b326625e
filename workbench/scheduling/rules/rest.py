"""Working-time law: daily rest (11-timersreglen) and the weekly fridøgn.

Both rules look at real elapsed time (UTC), so a night across the October
change counts 9 h and one across the March change 7 h, and both judge the
plan against the employee's history. Sleep-ins (``sleep_in``) are always
working time (BEK 324 as amended 1 July 2024); there is no setting that
turns them into rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from pydantic import Field, model_validator

from workbench.danish import MONTHS
from workbench.danish import short_date_da as _d
from workbench.domain import PlanningInstance
from workbench.scheduling import patterns
from workbench.scheduling.checks import RosterView, is_work_for_rest
from workbench.scheduling.context import RuleContext, negate
from workbench.scheduling.registry import (
    Finding,
    Mode,
    RuleParams,
    SourceType,
    rule,
)
from workbench.scheduling.variables import Busy, Lit
from workbench.timeutil import Calendar, Work, longest_free, midnight

DAY_MIN = 24 * 60
ONE_DAY = dt.timedelta(days=1)
SRC_DAILY = "11-timersreglen, BEK 324 § 3"
SRC_REDUCED = "lokalaftale efter Aftale om hviletid og fridøgn, BEK 324 § 3"
SRC_WEEKLY = "ugentligt fridøgn, BEK 324 § 4"
SRC_POSTPONED = "udskudt fridøgn efter aftale, BEK 324 § 4"


def _h(span: dt.timedelta) -> str:
    """'8 t' or '8 t 30 min' (real elapsed time)."""
    minutes = int(span.total_seconds() // 60)
    h, m = divmod(minutes, 60)
    return f"{h} t" if m == 0 else f"{h} t {m} min"


# -- rest.daily ----------------------------------------------------------------


class DailyRestParams(RuleParams):
    """Parameters for ``rest.daily``."""

    min_hours: int = Field(
        11, ge=1, le=24, description="Unbroken rest (hours) in every rolling 24 h."
    )
    oncall_home_is_rest: bool = Field(
        True,
        description="On-call from home (oncall_home) counts as rest (A9). "
        "Sleep-ins are always working time; there is deliberately no switch.",
    )
    reduced_min_hours: int | None = Field(
        None,
        ge=1,
        le=23,
        description="Local agreement (Aftale om hviletid og fridøgn, B1): the "
        "rest may be reduced to this many hours; None = no agreement.",
    )
    max_reduced_per_week: int = Field(
        2, ge=0, le=7, description="Reduced rests allowed per ISO week (B1)."
    )
    allow_consecutive_reduced: bool = Field(
        False, description="Reduced rests on two consecutive days allowed (B1)."
    )

    @model_validator(mode="after")
    def _reduced_below_min(self) -> DailyRestParams:
        if (
            self.reduced_min_hours is not None
            and self.reduced_min_hours >= self.min_hours
        ):
            raise ValueError(
                f"reduced_min_hours ({self.reduced_min_hours}) skal være mindre "
                f"end min_hours ({self.min_hours})"
            )
        return self


def _rest_busy(
    ctx: RuleContext, eid: str, p: DailyRestParams
) -> tuple[list[Busy], str]:
    """The items that break rest, and a cache tag naming that busy set."""
    every = ctx.vars.busy(eid)
    busy = [b for b in every if is_work_for_rest(b.kind, p.oncall_home_is_rest)]
    return busy, eid if len(busy) == len(every) else f"{eid}|oncall_home_is_rest"


def _rest_ok(
    ctx: RuleContext, busy: Sequence[Busy], b: Busy, hours: int, tag: str
) -> Lit:
    """Exact: a free stretch of ``hours`` lies in the 24 h ending when ``b`` ends."""
    return patterns.free_stretch_literal(
        ctx.model,
        busy,
        (b.end_min - DAY_MIN, b.end_min),
        hours * 60,
        latest_end=b.start_min,
        cache=ctx.built.cache,
        tag=tag,
    )


@rule(
    id="rest.daily",
    title_da="Daglig hvileperiode (11-timersreglen)",
    title_en="Daily rest (11 hours in every 24 hours)",
    citation="BEK nr. 324 af 23/05/2002 § 3; Arbejdsmiljøloven § 50; "
    "Arbejdstilsynet: rullende 24 timer; nedsættelse til 8 t kun ved lokalaftale "
    "efter Aftale om hviletid og fridøgn (KL/Danske Regioner)",
    source=SourceType.LAW,
    modes=(Mode.HARD, Mode.SOFT),
    default_mode=Mode.HARD,
    default_weight=1000,
    params=DailyRestParams,
    unit_da="vagter med for kort hvile, nedsættelser ud over det tilladte "
    "og nedsættelser to dage i træk",
    why_da="Inden for hvert døgn (24 timer regnet tilbage fra hver vagts slutning) "
    "skal medarbejderen have mindst 11 timers sammenhængende hvile for at restituere.",
)
def daily_rest(ctx: RuleContext, p: DailyRestParams) -> None:
    """Every worked shift end has ``min_hours`` unbroken rest in the 24 h before it.

    For each plan shift b that counts as work (all kinds; ``oncall_home``
    only when ``oncall_home_is_rest`` is False) the window [end(b) - 24 h,
    end(b)] in real time must hold a free stretch (history included). With
    ``reduced_min_hours`` a stretch of that length suffices, but such a
    "reduced" shift end (exactly: worked, no ``min_hours`` stretch, a
    ``reduced_min_hours`` stretch) counts against ``max_reduced_per_week``
    per ISO week (history reductions in the week included, their own excess
    not charged) and, unless allowed, against reductions on two consecutive
    days (a day has a reduction when a shift starting that day is reduced).
    Amount: 1 per shift end below the lower bound + the excess per week + 1
    per pair of consecutive days with reductions (the later day in the plan).
    """
    low = p.reduced_min_hours or p.min_hours
    for e in ctx.employees:
        busy, tag = _rest_busy(ctx, e.id, p)
        index = patterns.BusyIndex(busy)
        reduced: list[tuple[Busy, Lit]] = []
        for b in busy:
            near = index.near((b.end_min - DAY_MIN, b.end_min))
            if p.reduced_min_hours is not None:
                ok_low = _rest_ok(ctx, near, b, low, tag)
                ok_full = _rest_ok(ctx, near, b, p.min_hours, tag)
                r = patterns.and_literal(ctx.model, [b.lit, negate(ok_full), ok_low])
                reduced.append((b, r))
                options = [ok_low]
            elif b.history:
                continue
            else:
                options = patterns.free_stretch_options(
                    ctx.model,
                    near,
                    (b.end_min - DAY_MIN, b.end_min),
                    low * 60,
                    latest_end=b.start_min,
                    cache=ctx.built.cache,
                    tag=tag,
                )
            if not b.history:
                ctx.require_any(
                    [negate(b.lit), *options], employee=e.id, dates=(b.day,)
                )
        _limit_reductions(ctx, e.id, reduced, p)


def _week_days(cal: Calendar, week: tuple[int, int]) -> tuple[dt.date, ...]:
    """The plan days in ISO ``(year, week)``."""
    return tuple(d for d in cal.days if d.isocalendar()[:2] == week)


def _limit_reductions(
    ctx: RuleContext, eid: str, reduced: list[tuple[Busy, Lit]], p: DailyRestParams
) -> None:
    """Per-ISO-week cap and the consecutive-day ban on reduced rests."""
    weeks: dict[tuple[int, int], tuple[int, list[tuple[int, Lit]]]] = {}
    by_day: dict[dt.date, list[Lit]] = {}
    for b, r in reduced:
        if r is False:
            continue
        by_day.setdefault(b.day, []).append(r)
        wk = b.day.isocalendar()[:2]
        h, terms = weeks.get(wk, (0, []))
        weeks[wk] = (h + 1, terms) if b.history else (h, [*terms, (1, r)])
    for wk, (h, terms) in sorted(weeks.items()):
        if terms:
            days = _week_days(ctx.calendar, wk)
            ctx.at_most(
                terms, max(0, p.max_reduced_per_week - h), employee=eid, dates=days
            )
    if p.allow_consecutive_reduced:
        return
    on = {
        d: patterns.or_literal(ctx.model, rs, f"reduced|{eid}|{d}")
        for d, rs in by_day.items()
    }
    for day in sorted(on):
        nxt = day + ONE_DAY
        if nxt in on and nxt >= ctx.instance.start:
            ctx.forbid([on[day], on[nxt]], employee=eid, dates=(day, nxt))


@daily_rest.checker
def _check_daily_rest(view: RosterView, p: DailyRestParams) -> Iterator[Finding]:
    low = p.reduced_min_hours or p.min_hours
    for e in view.employees:
        work = [
            w
            for w in view.all_work(e.id)
            if is_work_for_rest(w.kind, p.oncall_home_is_rest)
        ]
        busy = [w.interval for w in work]
        reduced: list[Work] = []
        for w in work:
            free = longest_free(busy, (w.end - ONE_DAY, w.end))
            if free < dt.timedelta(hours=low):
                if not w.history:
                    yield Finding(
                        e.id,
                        (w.day,),
                        1,
                        f"{e.name} har kun {_h(free)} sammenhængende hvile i de 24 "
                        f"timer før vagten {w.template.label} {_d(w.day)} slutter "
                        f"({view.fmt(w.end)}); kravet er {low} t ({SRC_DAILY}).",
                    )
            elif free < dt.timedelta(hours=p.min_hours):
                reduced.append(w)  # only reachable with a reduced_min_hours
        yield from _check_reductions(view, e.id, e.name, reduced, p)


def _check_reductions(
    view: RosterView, eid: str, name: str, reduced: list[Work], p: DailyRestParams
) -> Iterator[Finding]:
    weeks: dict[tuple[int, int], list[Work]] = {}
    for w in reduced:
        weeks.setdefault(w.day.isocalendar()[:2], []).append(w)
    for (year, week), items in sorted(weeks.items()):
        h = sum(1 for w in items if w.history)
        plan = [w for w in items if not w.history]
        excess = len(plan) - max(0, p.max_reduced_per_week - h)
        if plan and excess > 0:
            days = _week_days(view.calendar, (year, week))
            yield Finding(
                eid,
                days,
                excess,
                f"{name} har {len(items)} nedsatte hvileperioder (under "
                f"{p.min_hours} t) i uge {week} {year}; højst "
                f"{p.max_reduced_per_week} er tilladt "
                f"({SRC_REDUCED}).",
            )
    if p.allow_consecutive_reduced:
        return
    days = {w.day for w in reduced}
    for day in sorted(days):
        nxt = day + ONE_DAY
        if nxt in days and nxt >= view.instance.start:
            yield Finding(
                eid,
                (day, nxt),
                1,
                f"{name} har nedsat hvile to dage i træk ({_d(day)} og "
                f"{_d(nxt)}); det er ikke tilladt ({SRC_REDUCED}).",
            )


# -- rest.weekly_fridoegn --------------------------------------------------------


class WeeklyFridoegnParams(RuleParams):
    """Parameters for ``rest.weekly_fridoegn``."""

    min_hours: int = Field(
        35,
        ge=1,
        le=168,
        description="Free block: a 24 h fridøgn adjoining an 11 h daily rest (A3).",
    )
    fridoegn_hours: int = Field(
        24,
        ge=1,
        le=168,
        description="The fridøgn proper, which must lie inside every period; "
        "the rest of the block (the adjoining daily rest, min_hours - "
        "fridoegn_hours) may lie just outside it, but not after the plan's "
        "end. Set equal to min_hours to demand the whole block inside.",
    )
    postponed_max_days_between: int | None = Field(
        None,
        ge=7,
        le=27,
        description="Agreement (A6, B2): up to this many døgn between two "
        "fridøgn, e.g. 12; None = no agreement (every 7 døgn).",
    )
    max_postponements_per_month: int = Field(
        1, ge=0, le=31, description="Postponements starting per calendar month (B2)."
    )

    @model_validator(mode="after")
    def _core_within_block(self) -> WeeklyFridoegnParams:
        if self.fridoegn_hours > self.min_hours:
            raise ValueError(
                f"fridoegn_hours ({self.fridoegn_hours}) må ikke være større end "
                f"min_hours ({self.min_hours})"
            )
        return self


def _window_days(
    inst: PlanningInstance, history_start: dt.date, size: int
) -> list[dt.date]:
    """First days d of the judged ``size``-day windows [d, d + size).

    From the first history day (or the plan start), each containing a plan
    day and ending by the end of the plan's last day.
    """
    first = max(history_start, inst.start - dt.timedelta(days=size - 1))
    last = inst.end - dt.timedelta(days=size - 1)
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _window_min(
    cal: Calendar, d: dt.date, size: int, p: WeeklyFridoegnParams
) -> tuple[int, int]:
    """The window in minutes, widened by the adjoining rest, clipped at plan end."""
    ext = (p.min_hours - p.fridoegn_hours) * 60
    end = cal.midnight_min(cal.instance.end + ONE_DAY)
    return (
        cal.midnight_min(d) - ext,
        min(cal.midnight_min(d + dt.timedelta(days=size)) + ext, end),
    )


def _plan_days(cal: Calendar, d: dt.date, size: int) -> tuple[dt.date, ...]:
    return tuple(x for x in cal.days if d <= x < d + dt.timedelta(days=size))


@rule(
    id="rest.weekly_fridoegn",
    title_da="Ugentligt fridøgn",
    title_en="Weekly rest day (fridøgn)",
    citation="BEK nr. 324 af 23/05/2002 § 4; Arbejdsmiljøloven § 51; "
    "Arbejdstilsynet: fridøgn (24 t) i forbindelse med en daglig hvileperiode = 35 t "
    "i hver periode på 7 døgn; udskydelse op til 12 døgn kun ved aftale "
    "(Aftale om hviletid og fridøgn)",
    source=SourceType.LAW,
    modes=(Mode.HARD, Mode.SOFT),
    default_mode=Mode.HARD,
    default_weight=1000,
    params=WeeklyFridoegnParams,
    unit_da="perioder uden fridøgn og udskydelser ud over det tilladte pr. måned",
    why_da="I hver periode på 7 døgn skal medarbejderen have et fridøgn i "
    "forlængelse af en daglig hvile, dvs. mindst 35 timer fri i træk.",
)
def weekly_fridoegn(ctx: RuleContext, p: WeeklyFridoegnParams) -> None:
    """Every 7-døgn period holds a fridøgn: ``min_hours`` free in a row.

    Periods are [local midnight of d, local midnight of d + 7) in real time
    (167/169 h across DST) for every judged d (see :func:`_window_days`). A
    free block of ``min_hours`` must lie in the period widened on both sides
    by ``min_hours - fridoegn_hours`` (so the 24 h fridøgn lies inside and
    its adjoining 11 h rest may lie just outside), the widening clipped at
    the plan's end. On-call of every kind is not free (A10). Amount: 1 per
    failing period. With ``postponed_max_days_between`` = P the 7-døgn
    periods may fail; instead every (P + 1)-døgn period must hold the block
    (1 per failing period) and postponement starts (a failing 7-døgn period
    whose predecessor period does not fail; only judged periods count, the
    predecessor of the first is evaluated from history) are capped per
    calendar month of the period's first day (1 per start over the cap).
    """
    cal = ctx.calendar
    long = (
        7 if p.postponed_max_days_between is None else p.postponed_max_days_between + 1
    )
    # The periods do not depend on the employee: compute them once.
    periods = [
        (_window_min(cal, d, long, p), _plan_days(cal, d, long))
        for d in _window_days(ctx.instance, cal.history_start, long)
    ]
    for e in ctx.employees:
        index = patterns.BusyIndex(ctx.vars.busy(e.id))
        for window, days in periods:
            options = patterns.free_stretch_options(
                ctx.model,
                index.near(window),
                window,
                p.min_hours * 60,
                cache=ctx.built.cache,
                tag=e.id,
            )
            ctx.require_any(options, employee=e.id, dates=days)
        if p.postponed_max_days_between is not None:
            _limit_postponements(ctx, e.id, index, p)


def _limit_postponements(
    ctx: RuleContext, eid: str, index: patterns.BusyIndex, p: WeeklyFridoegnParams
) -> None:
    """Cap the postponement starts (failing 7-døgn periods) per calendar month."""
    cal = ctx.calendar
    days = _window_days(ctx.instance, cal.history_start, 7)
    if not days:
        return
    fails = [
        negate(
            patterns.free_stretch_literal(
                ctx.model,
                index.near(_window_min(cal, d, 7, p)),
                _window_min(cal, d, 7, p),
                p.min_hours * 60,
                cache=ctx.built.cache,
                tag=eid,
            )
        )
        for d in [days[0] - ONE_DAY, *days]
    ]
    months: dict[tuple[int, int], list[tuple[int, Lit]]] = {}
    for d, s in zip(
        days, patterns.run_starts(ctx.model, fails[1:], before=fails[0]), strict=True
    ):
        months.setdefault((d.year, d.month), []).append((1, s))
    for (y, m), terms in sorted(months.items()):
        month_days = tuple(x for x in cal.days if (x.year, x.month) == (y, m))
        ctx.at_most(
            terms, p.max_postponements_per_month, employee=eid, dates=month_days
        )


def _check_window(
    view: RosterView,
    busy: list[tuple[dt.datetime, dt.datetime]],
    d: dt.date,
    size: int,
    p: WeeklyFridoegnParams,
) -> dt.timedelta:
    """Longest free block counted for the period starting ``d``."""
    ext = dt.timedelta(hours=p.min_hours - p.fridoegn_hours)
    end = midnight(view.instance.end + ONE_DAY, view.tz)
    lo = midnight(d, view.tz) - ext
    hi = min(midnight(d + dt.timedelta(days=size), view.tz) + ext, end)
    return longest_free(busy, (lo, hi))


@weekly_fridoegn.checker
def _check_weekly_fridoegn(
    view: RosterView, p: WeeklyFridoegnParams
) -> Iterator[Finding]:
    cal = view.calendar
    need = dt.timedelta(hours=p.min_hours)
    size = (
        7 if p.postponed_max_days_between is None else p.postponed_max_days_between + 1
    )
    src = SRC_WEEKLY if p.postponed_max_days_between is None else SRC_POSTPONED
    for e in view.employees:
        busy = [w.interval for w in view.all_work(e.id)]
        for d in _window_days(view.instance, cal.history_start, size):
            free = _check_window(view, busy, d, size, p)
            if free < need:
                last = d + dt.timedelta(days=size - 1)
                yield Finding(
                    e.id,
                    _plan_days(cal, d, size),
                    1,
                    f"{e.name} har intet fridøgn i perioden {_d(d)}–{_d(last)} "
                    f"({size} døgn): længste frihed er {_h(free)}, kravet er "
                    f"{p.min_hours} t i træk ({src}).",
                )
        if p.postponed_max_days_between is None:
            continue
        days = _window_days(view.instance, cal.history_start, 7)
        fails = {
            d: _check_window(view, busy, d, 7, p) < need
            for d in ([days[0] - ONE_DAY, *days] if days else [])
        }
        months: dict[tuple[int, int], list[dt.date]] = {}
        for d in days:
            if fails[d] and not fails[d - ONE_DAY]:
                months.setdefault((d.year, d.month), []).append(d)
        for (y, m), starts in sorted(months.items()):
            excess = len(starts) - p.max_postponements_per_month
            if excess > 0:
                yield Finding(
                    e.id,
                    tuple(x for x in cal.days if (x.year, x.month) == (y, m)),
                    excess,
                    f"{e.name} får fridøgnet udskudt {len(starts)} gange i "
                    f"{MONTHS[m - 1]} {y} (fra {', '.join(map(_d, starts))}); højst "
                    f"{p.max_postponements_per_month} udskydelse(r) pr. måned er "
                    f"tilladt ({SRC_POSTPONED}).",
                )
