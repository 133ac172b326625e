"""General rules: limits per employee, runs, weekends, requests, dated cover.

These rules are generic building blocks. They read per-employee limits from
optional :class:`~workbench.domain.Employee` fields (``None`` = the rule does
not apply to that employee), wishes with an explicit ``weight`` and dated
:class:`~workbench.domain.CoverTarget` rows. They are what the Curtois & Qu
benchmark (``workbench.benchmarks.curtois``) is expressed in, and a Danish
unit can use them for local agreements (e.g. "højst 5 dage i træk").

Days are calendar days on which a shift *starts*. Horizon edges follow the
benchmark's published semantics by default and are a parameter (``edge``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from typing import Literal

from pydantic import Field

from workbench.danish import short_date_da as _d
from workbench.scheduling.checks import RosterView
from workbench.scheduling.context import RuleContext
from workbench.scheduling.patterns import (
    min_run_implications,
    or_literal,
    runs_longer_than,
    short_blocks,
    weekend_groups,
)
from workbench.scheduling.registry import (
    Finding,
    Mode,
    NoParams,
    RuleParams,
    SourceType,
    rule,
)
from workbench.scheduling.variables import Lit

BENCH = "Generel regel; Curtois & Qu benchmark (Burke & Curtois 2014)"


def _worked_days(view: RosterView, eid: str) -> set[dt.date]:
    return {w.day for w in view.plan_work(eid)}


def _history_days(view_or_ctx, eid: str) -> set[dt.date]:  # type: ignore[no-untyped-def]
    return {a.date for a in view_or_ctx.instance.history if a.employee_id == eid}


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """Maximal runs of True as (first index, length)."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(flags):
        if flags[i]:
            j = i
            while j < len(flags) and flags[j]:
                j += 1
            out.append((i, j - i))
            i = j
        else:
            i += 1
    return out


# -- forbidden successions -------------------------------------------------------


class SuccessionParams(RuleParams):
    """Parameters for ``general.forbidden_successions``."""

    pairs: tuple[tuple[str, str], ...] = Field(
        (), description="(shift on day d, shift not allowed on day d+1) pairs."
    )
    edge: Literal["off", "history"] = Field(
        "off",
        description="'off': the day before the plan counts as off (benchmark); "
        "'history': a history shift on the day before the plan is judged too.",
    )


@rule(
    id="general.forbidden_successions",
    title_da="Forbudte vagtskift fra dag til dag",
    title_en="Forbidden shift successions",
    citation=f"{BENCH}; i en dansk enhed fx ingen dagvagt dagen efter en "
    "nattevagt (lokal aftale)",
    source=SourceType.LOCAL,
    default_weight=100,
    params=SuccessionParams,
    unit_da="forbudte vagtskift",
    why_da="Visse vagter må ikke følges af bestemte vagter næste dag, fx nat "
    "efterfulgt af dag.",
)
def forbidden_successions(ctx: RuleContext, p: SuccessionParams) -> None:
    """Shift ``b`` is not worked on the day after shift ``a`` for each pair."""
    days = ctx.calendar.days
    prev = days[0] - dt.timedelta(days=1)
    for e in ctx.employees:
        hist = {
            (a.date, a.shift_id) for a in ctx.instance.history if a.employee_id == e.id
        }
        for a, b in p.pairs:
            first = ctx.calendar.slot_by_key.get((days[0], b))
            if p.edge == "history" and (prev, a) in hist and first:
                ctx.fix(
                    ctx.vars.works(e.id, first),
                    False,
                    employee=e.id,
                    dates=(prev, days[0]),
                )
            for d0, d1 in itertools.pairwise(days):
                s0 = ctx.calendar.slot_by_key.get((d0, a))
                s1 = ctx.calendar.slot_by_key.get((d1, b))
                if s0 and s1:
                    ctx.forbid(
                        [ctx.vars.works(e.id, s0), ctx.vars.works(e.id, s1)],
                        employee=e.id,
                        dates=(d0, d1),
                    )


@forbidden_successions.checker
def _check_successions(view: RosterView, p: SuccessionParams) -> Iterator[Finding]:
    days = view.calendar.days
    forbidden = set(p.pairs)
    for e in view.employees:
        shifts = {(w.day, w.shift_id) for w in view.plan_work(e.id)}
        if p.edge == "history":
            prev = days[0] - dt.timedelta(days=1)
            shifts |= {
                (a.date, a.shift_id)
                for a in view.instance.history
                if a.employee_id == e.id and a.date == prev
            }
        for d0, a in sorted(shifts):
            d1 = d0 + dt.timedelta(days=1)
            for b in sorted(s for (d, s) in shifts if d == d1):
                if (a, b) in forbidden and d1 in view.calendar.day_index:
                    yield Finding(
                        e.id,
                        (d0, d1),
                        1,
                        f"{e.name} har {b} {_d(d1)} lige efter {a} {_d(d0)}, "
                        "hvilket er et forbudt vagtskift (lokal regel).",
                    )


# -- max shifts per type -----------------------------------------------------------


@rule(
    id="general.max_shifts_per_type",
    title_da="Højst et antal vagter af hver type",
    title_en="Maximum shifts per shift type",
    citation=f"{BENCH}; i en dansk enhed fx højst 4 nattevagter i planperioden "
    "efter aftale (employees: max_shifts_per_type)",
    source=SourceType.LOCAL,
    default_weight=100,
    unit_da="vagter over loftet",
    why_da="Den enkelte må højst have et aftalt antal vagter af en type; 0 "
    "betyder, at vagten ikke må gives.",
)
def max_shifts_per_type(ctx: RuleContext, p: NoParams) -> None:
    """Each employee works at most ``max_shifts_of(type)`` shifts of each type."""
    for e in ctx.employees:
        for sid, cap in e.max_shifts_per_type or ():
            terms = [
                (1, ctx.vars.works(e.id, s))
                for s in ctx.calendar.slots
                if s.shift_id == sid
            ]
            ctx.at_most(terms, cap, employee=e.id, dates=tuple(ctx.calendar.days))


@max_shifts_per_type.checker
def _check_max_shifts(view: RosterView, p: NoParams) -> Iterator[Finding]:
    for e in view.employees:
        for sid, cap in e.max_shifts_per_type or ():
            n = sum(1 for w in view.plan_work(e.id) if w.shift_id == sid)
            if n > cap:
                yield Finding(
                    e.id,
                    tuple(view.calendar.days),
                    n - cap,
                    f"{e.name} har {n} vagter af typen {sid}, højst {cap} "
                    "er aftalt (individuel grænse).",
                )


# -- total minutes -------------------------------------------------------------------


@rule(
    id="general.total_minutes",
    title_da="Samlet arbejdstid inden for rammen",
    title_en="Total worked minutes within bounds",
    citation=f"{BENCH}; i en dansk enhed svarer det til normtimer ± en aftalt "
    "ramme i normperioden (overenskomst/lokal aftale)",
    source=SourceType.LOCAL,
    default_weight=1,
    unit_da="minutter uden for rammen",
    why_da="Den samlede arbejdstid i perioden skal ligge mellem den aftalte "
    "mindste og største tid.",
)
def total_minutes(ctx: RuleContext, p: NoParams) -> None:
    """Worked minutes lie in [min_total_minutes, max_total_minutes]."""
    days = tuple(ctx.calendar.days)
    for e in ctx.employees:
        terms = [(s.minutes, ctx.vars.works(e.id, s)) for s in ctx.calendar.slots]
        if e.max_total_minutes is not None:
            ctx.at_most(terms, e.max_total_minutes, employee=e.id, dates=days)
        if e.min_total_minutes is not None:
            ctx.at_least(terms, e.min_total_minutes, employee=e.id, dates=days)


@total_minutes.checker
def _check_total_minutes(view: RosterView, p: NoParams) -> Iterator[Finding]:
    days = tuple(view.calendar.days)
    for e in view.employees:
        got = sum(int(w.duration.total_seconds() // 60) for w in view.plan_work(e.id))
        hi, lo = e.max_total_minutes, e.min_total_minutes
        if hi is not None and got > hi:
            yield Finding(
                e.id,
                days,
                got - hi,
                f"{e.name} har {got} minutters arbejde, højst {hi} er aftalt.",
            )
        if lo is not None and got < lo:
            yield Finding(
                e.id,
                days,
                lo - got,
                f"{e.name} har kun {got} minutters arbejde, mindst {lo} er aftalt.",
            )


# -- max consecutive days ----------------------------------------------------------


class MaxRunParams(RuleParams):
    """Parameters for ``general.max_consecutive_days``."""

    edge: Literal["off", "history"] = Field(
        "off",
        description="'off': days before the plan count as off (benchmark); "
        "'history': history days before the plan count as worked.",
    )


def _history_flags(view_or_ctx, eid: str, k: int, start: dt.date) -> list[bool]:  # type: ignore[no-untyped-def]
    worked = _history_days(view_or_ctx, eid)
    return [start - dt.timedelta(days=k - i) in worked for i in range(k)]


@rule(
    id="general.max_consecutive_days",
    title_da="Højst et antal arbejdsdage i træk",
    title_en="Maximum consecutive working days",
    citation=f"{BENCH}; i en dansk enhed fx højst 5–6 arbejdsdage i træk "
    "(lokal aftale; ingen lovgrænse, jf. '14 anbefalinger' om regelmæssige "
    "skiftesystemer og AT's råd om natarbejde, danish-rules E1/E6)",
    source=SourceType.LOCAL,
    default_weight=100,
    params=MaxRunParams,
    unit_da="dage over grænsen",
    why_da="For mange arbejdsdage i træk giver træthed; grænsen er individuel.",
)
def max_consecutive_days(ctx: RuleContext, p: MaxRunParams) -> None:
    """No run of more than ``max_consecutive_days`` worked days."""
    for e in ctx.employees:
        k = e.max_consecutive_days
        if k is None:
            continue
        hist = (
            _history_flags(ctx, e.id, k, ctx.calendar.days[0])
            if p.edge == "history"
            else []
        )
        seq: list[Lit] = [
            *hist,
            *(ctx.vars.works_day(e.id, d) for d in ctx.calendar.days),
        ]
        for i, lits in runs_longer_than(seq, k):
            dates = ctx.calendar.days[max(i - len(hist), 0) : i - len(hist) + k + 1]
            # a linear window sum (not a clause) so the LP sees it at every level
            ctx.at_most([(1, x) for x in lits], k, employee=e.id, dates=dates)


@max_consecutive_days.checker
def _check_max_run(view: RosterView, p: MaxRunParams) -> Iterator[Finding]:
    days = view.calendar.days
    for e in view.employees:
        k = e.max_consecutive_days
        if k is None:
            continue
        hist = _history_flags(view, e.id, k, days[0]) if p.edge == "history" else []
        worked = _worked_days(view, e.id)
        flags = [*hist, *(d in worked for d in days)]
        for i, n in _runs(flags):
            if n > k and i + n > len(hist):
                first = days[max(i - len(hist), 0)]
                yield Finding(
                    e.id,
                    tuple(days[max(i - len(hist), 0) : i - len(hist) + n]),
                    n - k,
                    f"{e.name} arbejder {n} dage i træk fra {_d(first)}"
                    f" (højst {k}, individuel grænse).",
                )


# -- min consecutive days / days off ------------------------------------------------


class MinRunParams(RuleParams):
    """Parameters for the minimum-run rules."""

    edge: Literal["exempt", "off"] = Field(
        "exempt",
        description="'exempt': a block touching the first or last plan day is "
        "not judged (benchmark); 'off': outside the plan counts as the opposite "
        "state, so edge blocks must be long enough too.",
    )


def _min_runs(ctx: RuleContext, eid: str, seq: list[Lit], m: int, exempt: bool) -> None:
    """Forbid short runs; hard mode uses the tighter run-start implications."""
    days = ctx.calendar.days
    if ctx.hard:
        for i, lits in min_run_implications(seq, m, edge_open=exempt):
            ctx.forbid(lits, employee=eid, dates=days[i : i + m])
        return
    for i, k, lits in short_blocks(seq, m, edge_open=exempt):
        ctx.forbid(lits, employee=eid, dates=days[i : i + k], scale=m - k)


def _short_blocks(
    flags: Sequence[bool], minimum: int, exempt: bool
) -> list[tuple[int, int]]:
    n = len(flags)
    return [
        (i, k)
        for i, k in _runs(flags)
        if k < minimum and not (exempt and (i == 0 or i + k == n))
    ]


@rule(
    id="general.min_consecutive_days",
    title_da="Mindst et antal arbejdsdage i træk",
    title_en="Minimum consecutive working days",
    citation=f"{BENCH}; i en dansk enhed fx ingen enkeltstående arbejdsdage "
    "(lokal aftale)",
    source=SourceType.LOCAL,
    default_weight=100,
    params=MinRunParams,
    unit_da="manglende dage i blokken",
    why_da="Korte, opsplittede arbejdsblokke giver en urolig plan; blokke skal "
    "have en mindste længde.",
)
def min_consecutive_days(ctx: RuleContext, p: MinRunParams) -> None:
    """Work blocks have at least ``min_consecutive_days`` days."""
    days = ctx.calendar.days
    for e in ctx.employees:
        m = e.min_consecutive_days
        if m is None:
            continue
        seq = [ctx.vars.works_day(e.id, d) for d in days]
        _min_runs(ctx, e.id, seq, m, p.edge == "exempt")


@min_consecutive_days.checker
def _check_min_run(view: RosterView, p: MinRunParams) -> Iterator[Finding]:
    days = view.calendar.days
    for e in view.employees:
        m = e.min_consecutive_days
        if m is None:
            continue
        worked = _worked_days(view, e.id)
        for i, k in _short_blocks([d in worked for d in days], m, p.edge == "exempt"):
            yield Finding(
                e.id,
                tuple(days[i : i + k]),
                m - k,
                f"{e.name} har en arbejdsblok på {k} dag(e) fra {_d(days[i])}"
                f" (mindst {m}, individuel grænse).",
            )


@rule(
    id="general.min_consecutive_days_off",
    title_da="Mindst et antal fridage i træk",
    title_en="Minimum consecutive days off",
    citation=f"{BENCH}; i en dansk enhed fx fri i mindst 2 dage ad gangen "
    "(anbefaling om sammenhængende fri, lokal aftale)",
    source=SourceType.LOCAL,
    default_weight=100,
    params=MinRunParams,
    unit_da="manglende fridage i blokken",
    why_da="Enkeltstående fridage giver dårlig restitution; fri skal komme i "
    "sammenhængende blokke.",
)
def min_consecutive_days_off(ctx: RuleContext, p: MinRunParams) -> None:
    """Off blocks have at least ``min_consecutive_days_off`` days."""
    days = ctx.calendar.days
    for e in ctx.employees:
        m = e.min_consecutive_days_off
        if m is None:
            continue
        seq = [~ctx.vars.works_day(e.id, d) for d in days]
        _min_runs(ctx, e.id, seq, m, p.edge == "exempt")


@min_consecutive_days_off.checker
def _check_min_off(view: RosterView, p: MinRunParams) -> Iterator[Finding]:
    days = view.calendar.days
    for e in view.employees:
        m = e.min_consecutive_days_off
        if m is None:
            continue
        worked = _worked_days(view, e.id)
        for i, k in _short_blocks(
            [d not in worked for d in days], m, p.edge == "exempt"
        ):
            yield Finding(
                e.id,
                tuple(days[i : i + k]),
                m - k,
                f"{e.name} har kun {k} fridag(e) i træk fra {_d(days[i])}"
                f" (mindst {m}, individuel grænse).",
            )


# -- weekends -------------------------------------------------------------------------


@rule(
    id="general.max_weekends",
    title_da="Højst et antal arbejdsweekender",
    title_en="Maximum worked weekends",
    citation=f"{BENCH}; i en dansk enhed fx højst hver anden weekend "
    "('14 anbefalinger' nr. 4: flest mulige friweekender, og AT's råd, "
    "danish-rules E1/E6; hyppighed og weekenddefinition er lokale, C8/C16)",
    source=SourceType.LOCAL,
    default_weight=100,
    unit_da="weekender over grænsen",
    why_da="En weekend med vagt lørdag eller søndag tæller som arbejdsweekend; "
    "der er et loft over antallet.",
)
def max_weekends(ctx: RuleContext, p: NoParams) -> None:
    """At most ``max_weekends`` weekends with a shift on Saturday or Sunday."""
    groups = weekend_groups(ctx.calendar.days)
    for e in ctx.employees:
        if e.max_weekends is None:
            continue
        terms = [
            (
                1,
                or_literal(
                    ctx.model,
                    [ctx.vars.works_day(e.id, d) for d in g],
                    f"weekend|{e.id}|{g[0]}",
                ),
            )
            for g in groups
        ]
        ctx.at_most(
            terms, e.max_weekends, employee=e.id, dates=tuple(ctx.calendar.days)
        )


@max_weekends.checker
def _check_max_weekends(view: RosterView, p: NoParams) -> Iterator[Finding]:
    groups = weekend_groups(view.calendar.days)
    for e in view.employees:
        cap = e.max_weekends
        if cap is None:
            continue
        worked = _worked_days(view, e.id)
        n = sum(1 for g in groups if any(d in worked for d in g))
        if n > cap:
            yield Finding(
                e.id,
                tuple(view.calendar.days),
                n - cap,
                f"{e.name} arbejder {n} weekender, højst {cap} er aftalt.",
            )


# -- requests -------------------------------------------------------------------------


def _requests(instance, kind: str):  # type: ignore[no-untyped-def]
    days = set(instance.days)
    shifts = {s.id for s in instance.unit.shifts}
    for w in instance.wishes:
        if (
            w.kind.value == kind
            and w.shift_id in shifts
            and w.date in days
            and w.effective_weight > 0
        ):
            yield w


@rule(
    id="general.shift_on_requests",
    title_da="Ønsker om en bestemt vagt",
    title_en="Shift-on requests",
    citation=f"{BENCH}; i en dansk enhed medarbejdernes vagtønsker "
    "(wishes.csv: vagt, vægt = weight eller prioritet)",
    source=SourceType.LOCAL,
    modes=(Mode.SOFT, Mode.HARD),
    default_weight=1,
    unit_da="vægtede uopfyldte ønsker",
    why_da="Medarbejdere ønsker bestemte vagter; hvert uopfyldt ønske koster sin vægt.",
)
def shift_on_requests(ctx: RuleContext, p: NoParams) -> None:
    """The employee works the requested shift (penalty = the request's weight)."""
    for w in _requests(ctx.instance, "vagt"):
        slot = ctx.calendar.slot_by_key[w.date, w.shift_id]
        ctx.require_any(
            [ctx.vars.works(w.employee_id, slot)],
            employee=w.employee_id,
            dates=(w.date,),
            scale=w.effective_weight,
        )


@shift_on_requests.checker
def _check_on_requests(view: RosterView, p: NoParams) -> Iterator[Finding]:
    for w in _requests(view.instance, "vagt"):
        if not any(
            x.shift_id == w.shift_id for x in view.on_day(w.employee_id, w.date)
        ):
            e = view.instance.employee(w.employee_id)
            yield Finding(
                e.id,
                (w.date,),
                w.effective_weight,
                f"{e.name} ønskede vagt {w.shift_id} {_d(w.date)}, men har den ikke.",
            )


@rule(
    id="general.shift_off_requests",
    title_da="Ønsker om ikke at have en bestemt vagt",
    title_en="Shift-off requests",
    citation=f"{BENCH}; i en dansk enhed medarbejdernes ønsker om ikke at få en "
    "vagt (wishes.csv: ikke_vagt, vægt = weight eller prioritet)",
    source=SourceType.LOCAL,
    modes=(Mode.SOFT, Mode.HARD),
    default_weight=1,
    unit_da="vægtede uopfyldte ønsker",
    why_da="Medarbejdere ønsker at slippe for bestemte vagter; hvert brudt ønske "
    "koster sin vægt.",
)
def shift_off_requests(ctx: RuleContext, p: NoParams) -> None:
    """The employee does not work the shift (penalty = the request's weight)."""
    for w in _requests(ctx.instance, "ikke_vagt"):
        slot = ctx.calendar.slot_by_key[w.date, w.shift_id]
        ctx.fix(
            ctx.vars.works(w.employee_id, slot),
            False,
            employee=w.employee_id,
            dates=(w.date,),
            scale=w.effective_weight,
        )


@shift_off_requests.checker
def _check_off_requests(view: RosterView, p: NoParams) -> Iterator[Finding]:
    for w in _requests(view.instance, "ikke_vagt"):
        if any(x.shift_id == w.shift_id for x in view.on_day(w.employee_id, w.date)):
            e = view.instance.employee(w.employee_id)
            yield Finding(
                e.id,
                (w.date,),
                w.effective_weight,
                f"{e.name} ønskede ikke vagt {w.shift_id} {_d(w.date)}, men har den.",
            )


# -- dated cover ---------------------------------------------------------------


@rule(
    id="general.cover_target",
    title_da="Bemandingsmål pr. dato og vagt",
    title_en="Dated cover targets",
    citation=f"{BENCH}; i en dansk enhed et dato-specifikt bemandingsbehov "
    "(fx ekstra personale ved en udflugt)",
    source=SourceType.LOCAL,
    modes=(Mode.SOFT,),
    default_weight=1,
    unit_da="vægtede personer under/over målet",
    why_da="Hver vagt har et mål for antal medarbejdere; for få og for mange "
    "koster hver sin vægt pr. person.",
)
def cover_target(ctx: RuleContext, p: NoParams) -> None:
    """Staff on (date, shift) meet the target: under x shortfall + over x excess."""
    for c in ctx.instance.cover:
        slot = ctx.calendar.slot_by_key.get((c.date, c.shift))
        if slot is None:
            continue
        terms = [(1, ctx.vars.works(e.id, slot)) for e in ctx.employees]
        if c.under_weight:
            ctx.at_least(terms, c.target, dates=(c.date,), scale=c.under_weight)
        if c.over_weight:
            ctx.at_most(terms, c.target, dates=(c.date,), scale=c.over_weight)


@cover_target.checker
def _check_cover_target(view: RosterView, p: NoParams) -> Iterator[Finding]:
    for c in view.instance.cover:
        if (c.date, c.shift) not in view.calendar.slot_by_key:
            continue
        n = len(view.staff_on(c.date, c.shift))
        if n < c.target and c.under_weight:
            yield Finding(
                None,
                (c.date,),
                (c.target - n) * c.under_weight,
                f"Vagt {c.shift} {_d(c.date)} har {n}, målet er {c.target} "
                f"({c.target - n} for få).",
            )
        if n > c.target and c.over_weight:
            yield Finding(
                None,
                (c.date,),
                (n - c.target) * c.over_weight,
                f"Vagt {c.shift} {_d(c.date)} har {n}, målet er {c.target} "
                f"({n - c.target} for mange).",
            )
