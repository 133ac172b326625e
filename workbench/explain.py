"""Why there is no roster: capacity checks and an assumption-based diagnosis.

Two stages. First, fast counting checks that catch the common causes with a
precise message. They are *sound*: each reported cause proves on its own
that the active hard rules admit no roster (anything weaker is reported as a
warning, never as a cause). Who may take which shift is read from the active
hard rules and their parameters (absence, fixed days off, pins, pregnancy
with ``no_nights``, the senior agreement, under-18s, shift-type caps of 0,
reduced capacity).

Then, when the model is still infeasible, the rule set's hard requirements
are guarded by enforcement literals per (rule, employee, week) and passed to
CP-SAT as assumptions; the returned core is minimised by re-solving without
each member and verified, because presolve can return imprecise cores
(or-tools #5141). A week-level core is then refined with day-level guards
for its members, and the members are turned into Danish sentences.
Everything runs against one deadline; the note says when the answer could
only narrow the cause down.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

from ortools.sat.python import cp_model

from workbench.danish import count_da, date_range_da, join_da, number_da
from workbench.domain import Employee, PlanningInstance, ShiftKind, Weekday
from workbench.scheduling.context import BuiltModel, Guard, RuleContext
from workbench.scheduling.registry import Mode, Registry, RuleConfig, RuleSet
from workbench.scheduling.variables import AssignmentVars
from workbench.timeutil import Calendar, Slot, midnight, night_minutes

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Cause:
    """One reason there is no roster (or, with kind ``*_warning``, a risk)."""

    kind: str
    message: str
    rule_ids: tuple[str, ...] = ()
    employee_ids: tuple[str, ...] = ()
    dates: tuple[dt.date, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form."""
        return {
            "kind": self.kind,
            "message": self.message,
            "rule_ids": list(self.rule_ids),
            "employee_ids": list(self.employee_ids),
            "dates": [d.isoformat() for d in self.dates],
        }


@dataclass
class Diagnosis:
    """The answer to 'why is there no roster?'."""

    feasible: bool | None
    causes: list[Cause] = field(default_factory=list)
    minimal: bool = False
    verified: bool = False
    seconds: float = 0.0
    note: str = ""
    warnings: list[Cause] = field(default_factory=list)
    granularity: str = ""

    def text_da(self) -> str:
        """The explanation as Danish text for the terminal."""
        lines = []
        if self.feasible:
            lines.append("Der findes en vagtplan med dette regelsæt.")
        elif self.feasible is None:
            lines.append("Det er ikke afgjort, om der findes en vagtplan.")
        else:
            lines.append("Der findes ingen vagtplan, der overholder alle hårde regler.")
        if self.causes:
            lines.append("Årsag:" if len(self.causes) == 1 else "Årsager:")
            lines += [f"  - {c.message}" for c in self.causes]
        if self.warnings:
            lines.append("Advarsel:" if len(self.warnings) == 1 else "Advarsler:")
            lines += [f"  - {c.message}" for c in self.warnings]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form."""
        return {
            "feasible": self.feasible,
            "minimal": self.minimal,
            "verified": self.verified,
            "granularity": self.granularity,
            "seconds": round(self.seconds, 3),
            "note": self.note,
            "causes": [c.as_dict() for c in self.causes],
            "warnings": [c.as_dict() for c in self.warnings],
        }


# -- who may take what ------------------------------------------------------------


def _registry(registry: Registry | None) -> Registry:
    if registry is not None:
        return registry
    from workbench.scheduling.rules import REGISTRY

    return REGISTRY


def _hard_cfg(ruleset: RuleSet, rule_id: str) -> RuleConfig | None:
    cfg = ruleset.get(rule_id)
    if cfg and cfg.enabled and cfg.mode is Mode.HARD:
        return cfg
    return None


def _hard(ruleset: RuleSet, rule_id: str) -> bool:
    return _hard_cfg(ruleset, rule_id) is not None


def _absence(instance: PlanningInstance, employee_id: str, day: dt.date):  # type: ignore[no-untyped-def]
    for a in instance.absences:
        if a.employee_id == employee_id and a.covers(day):
            return a
    return None


@dataclass(frozen=True)
class Barrier:
    """Why an employee may not take a slot: the rule and a short Danish reason."""

    rule_id: str
    reason: str


class Eligibility:
    """Per (employee, slot): the active hard rule that forbids it, if any.

    Only rules that forbid a single assignment on their own are read, each
    exactly as its model does, so every barrier is a consequence of the rule
    set (night_exempt, for one, is enforced by no hard rule and is ignored).
    """

    def __init__(
        self, instance: PlanningInstance, ruleset: RuleSet, cal: Calendar
    ) -> None:
        self.instance = instance
        self.cal = cal
        self.rs = ruleset
        self.pins = {(p.employee_id, p.date): p.shift_id for p in instance.pins}
        self._cache: dict[tuple[str, int], Barrier | None] = {}

    def barrier(self, e: Employee, slot: Slot) -> Barrier | None:
        """The first rule (in a fixed order) that forbids ``e`` on ``slot``."""
        key = (e.id, slot.index)
        if key not in self._cache:
            self._cache[key] = self._barrier(e, slot)
        return self._cache[key]

    def may(self, e: Employee, slot: Slot) -> bool:
        """True when no single hard rule forbids ``e`` on ``slot``."""
        return self.barrier(e, slot) is None

    def _barrier(self, e: Employee, slot: Slot) -> Barrier | None:
        inst, rs, day = self.instance, self.rs, slot.day
        if _hard(rs, "coverage.absence"):
            a = _absence(inst, e.id, day)
            if a is not None:
                return Barrier("coverage.absence", a.type.value)
        weekday = list(Weekday)[day.isoweekday() - 1]
        if _hard(rs, "coverage.fixed_days_off") and weekday in e.fixed_days_off:
            return Barrier("coverage.fixed_days_off", "fast fridag")
        pinned = self.pins.get((e.id, day), slot.shift_id)
        if _hard(rs, "coverage.pinned") and pinned != slot.shift_id:
            return Barrier("coverage.pinned", "låst til en anden vagt eller fri")
        cfg = _hard_cfg(rs, "protected.pregnant_nights")
        if cfg is not None and getattr(cfg.params, "no_nights", False):
            from workbench.scheduling.rules.protected import _night_kinds

            kinds = _night_kinds(cfg.params.count_sleep_in)
            if slot.kind in kinds and e.pregnant_on(day):
                return Barrier(cfg.id, "gravid")
        cfg = _hard_cfg(rs, "protected.senior")
        if cfg is not None:
            from workbench.scheduling.rules.protected import (
                _senior_kind_breach,
                _seniordage,
            )
            from workbench.timeutil import local_instant

            why = _senior_kind_breach(e, day, slot.kind, cfg.params)
            if why:
                return Barrier(cfg.id, f"senior, {why}")
            if cfg.params.protect_seniordag_morning:
                nxt = day + ONE_DAY
                if nxt in _seniordage(inst, e):
                    cut = local_instant(nxt, cfg.params.morning_cutoff, self.cal.tz)
                    if slot.end_min > self.cal.minutes(cut):
                        return Barrier(cfg.id, "seniordag dagen efter")
        cfg = _hard_cfg(rs, "law.young_no_nights")
        if cfg is not None:
            age = e.age_on(day)
            if (
                age is not None
                and age < 18
                and night_minutes(slot.interval, self.cal.tz, cfg.params.window)
            ):
                return Barrier(cfg.id, f"{age} år")
        if (
            _hard(rs, "general.max_shifts_per_type")
            and e.max_shifts_of(slot.shift_id) == 0
        ):
            return Barrier("general.max_shifts_per_type", "må ikke få vagttypen")
        cfg = _hard_cfg(rs, "protected.reduced_capacity")
        if cfg is not None and e.max_shift_hours is not None:
            from workbench.scheduling.rules.protected import _counted, _to_min

            if slot.minutes > _to_min(e.max_shift_hours) and _counted(
                slot.kind, cfg.params
            ):
                return Barrier(cfg.id, "nedsat arbejdsevne")
        return None


def _who(instance: PlanningInstance, items: Sequence[tuple[str, Barrier]]) -> str:
    """'Anna (ferie) og Bo (17 år)'."""
    names = {e.id: e.name for e in instance.employees}
    return join_da([f"{names[eid]} ({b.reason})" for eid, b in items])


def _titles(registry: Registry, rule_ids: Sequence[str]) -> str:
    return join_da(
        [
            f"«{registry[r].spec.title_da}»"
            for r in dict.fromkeys(rule_ids)
            if r in registry
        ]
    )


def _demand_min(instance: PlanningInstance, slot: Slot) -> int:
    dem = instance.unit.demand_for(slot.shift_id, slot.day)
    return 0 if dem is None else dem.min


# -- capacity checks ---------------------------------------------------------------


@dataclass
class _Finding:
    """A per-day capacity finding before consecutive days are merged."""

    kind: str
    group: tuple
    day: dt.date
    short: int
    rule_ids: tuple[str, ...]
    employee_ids: tuple[str, ...]
    render: Callable[[list[dt.date]], str]


def _merge_days(found: list[_Finding]) -> list[Cause]:
    """Merge findings with the same group on consecutive days into one cause."""
    out: list[Cause] = []
    found = sorted(found, key=lambda f: (f.kind, repr(f.group), f.day))
    run: list[_Finding] = []

    def flush() -> None:
        if run:
            days = [f.day for f in run]
            out.append(
                Cause(
                    run[0].kind,
                    run[0].render(days),
                    run[0].rule_ids,
                    run[0].employee_ids,
                    tuple(days),
                )
            )

    for f in found:
        if (
            run
            and run[-1].group == f.group
            and run[-1].kind == f.kind
            and (f.day - run[-1].day == ONE_DAY)
        ):
            run.append(f)
            continue
        flush()
        run = [f]
    flush()
    out.sort(key=lambda c: (c.dates[0] if c.dates else dt.date.min, c.kind))
    return out


def capacity_checks(
    instance: PlanningInstance,
    ruleset: RuleSet,
    registry: Registry | None = None,
) -> list[Cause]:
    """Counting checks that each prove there can be no roster.

    Args:
        instance: The planning instance.
        ruleset: The rules; only active hard rules are read.
        registry: Rule catalogue (for the rules' Danish titles).

    Returns:
        The causes found, consecutive days merged; empty when none of the
        checks can prove infeasibility (which does not mean a roster exists).
    """
    reg = _registry(registry)
    cal = Calendar(instance)
    elig = Eligibility(instance, ruleset, cal)
    found: list[_Finding] = []
    if _hard(ruleset, "coverage.min_staff"):
        found += _shift_capacity(instance, reg, cal, elig)
        if _hard(ruleset, "coverage.one_shift_per_day"):
            found += _day_capacity(instance, reg, cal, elig)
    if _hard(ruleset, "coverage.qualification"):
        found += _qualification_capacity(instance, ruleset, reg, cal, elig)
    out = _merge_days(found)
    if _hard(ruleset, "coverage.min_staff") and _hard(
        ruleset, "coverage.one_shift_per_day"
    ):
        out += _night_capacity(instance, ruleset, reg, cal, elig)
        busy_weeks = {d for c in out for d in c.dates}
        out += _week_capacity(instance, ruleset, reg, cal, elig, busy_weeks)
    if _hard(ruleset, "coverage.qualification") and _hard(
        ruleset, "coverage.one_shift_per_day"
    ):
        busy_weeks = {d for c in out for d in c.dates}
        out += _qualification_week_capacity(
            instance, ruleset, reg, cal, elig, busy_weeks
        )
    if _hard(ruleset, "coverage.min_staff"):
        out += _hours_capacity(instance, ruleset, reg, cal, elig)
    return out


def capacity_warnings(
    instance: PlanningInstance,
    ruleset: RuleSet,
    registry: Registry | None = None,
) -> list[Cause]:
    """Risks that are not proofs: minimum demand above the contract hours."""
    reg = _registry(registry)
    cal = Calendar(instance)
    from workbench.scheduling.rules.agreement import (
        NormBandParams,
        _counts,
        norm_of,
        paid_minutes,
    )

    cfg = ruleset.get("agreement.norm_hours_band")
    band = cfg is not None and cfg.enabled
    p = cfg.params if band else NormBandParams()
    demand = sum(
        _demand_min(instance, s) * paid_minutes(s.template, s.minutes)
        for s in cal.slots
        if _counts(s.kind, p)
    )
    contract = sum(norm_of(instance, e, p).minutes for e in instance.employees)
    if demand <= contract:
        return []
    return [
        Cause(
            "hours_warning",
            f"Minimumsbemandingen kræver {number_da(demand / 60)} t i perioden "
            f"{date_range_da(instance.days)}, men medarbejdernes kontrakttimer efter "
            f"fravær og søgnehelligdage er kun {number_da(contract / 60)} t; planen "
            "kræver merarbejde" + (f" ({_titles(reg, [cfg.id])})." if band else "."),
            ("coverage.min_staff", *(("agreement.norm_hours_band",) if band else ())),
            (),
            tuple(instance.days),
        )
    ]


def _shift_capacity(instance, reg, cal, elig) -> list[_Finding]:  # type: ignore[no-untyped-def]
    out = []
    for slot in cal.slots:
        need = _demand_min(instance, slot)
        if need == 0:
            continue
        able = [e for e in instance.employees if elig.may(e, slot)]
        if len(able) >= need:
            continue
        barred = [
            (e.id, elig.barrier(e, slot))
            for e in instance.employees
            if not elig.may(e, slot)
        ]
        rules = ("coverage.min_staff", *dict.fromkeys(b.rule_id for _, b in barred))
        short = need - len(able)
        label = slot.template.label

        def render(
            days,
            short=short,
            need=need,
            able=able,
            barred=barred,
            rules=rules,
            label=label,
        ):  # type: ignore[no-untyped-def]
            return (
                f"Der mangler {count_da(short, 'medarbejder', 'medarbejdere')} til "
                f"{label.lower()} {date_range_da(days)}: minimumsbemandingen er "
                f"{need}, men kun {len(able)} må tage vagten"
                + (f" ({join_da([e.name for e in able])})" if able else "")
                + (f"; {_who(instance, barred)} må ikke" if barred else "")
                + f" ({_titles(reg, rules)})."
            )

        out.append(
            _Finding(
                "shift_capacity",
                (slot.shift_id, need, tuple(barred)),
                slot.day,
                short,
                rules,
                tuple(e for e, _ in barred),
                render,
            )
        )
    return out


def _day_capacity(instance, reg, cal, elig) -> list[_Finding]:  # type: ignore[no-untyped-def]
    out = []
    for day in cal.days:
        slots = cal.slots_by_day[day]
        need = sum(_demand_min(instance, s) for s in slots)
        if need == 0:
            continue
        able = [e for e in instance.employees if any(elig.may(e, s) for s in slots)]
        if len(able) >= need:
            continue
        barred = []
        for e in instance.employees:
            if e not in able:
                barred.append((e.id, next(elig.barrier(e, s) for s in slots)))
        rules = (
            "coverage.min_staff",
            "coverage.one_shift_per_day",
            *dict.fromkeys(b.rule_id for _, b in barred),
        )
        short = need - len(able)

        def render(days, short=short, need=need, able=able, barred=barred, rules=rules):  # type: ignore[no-untyped-def]
            return (
                f"Der mangler {count_da(short, 'medarbejder', 'medarbejdere')} "
                f"{date_range_da(days)}: minimumsbemandingen kræver {need} på vagt "
                f"i løbet af dagen, men kun {len(able)} kan arbejde"
                + (f"; {_who(instance, barred)} kan ikke" if barred else "")
                + f" ({_titles(reg, rules)})."
            )

        out.append(
            _Finding(
                "day_capacity",
                (need, tuple(barred)),
                day,
                short,
                rules,
                tuple(e for e, _ in barred),
                render,
            )
        )
    return out


def _qualification_capacity(instance, ruleset, reg, cal, elig) -> list[_Finding]:  # type: ignore[no-untyped-def]
    from workbench.scheduling.rules.coverage import _qual_rows

    v = SimpleNamespace(instance=instance)
    one = _hard(ruleset, "coverage.one_shift_per_day")
    out = []
    for day in cal.days:
        per_q: dict[str, dict[int, tuple[Slot, int]]] = {}
        for slot in cal.slots_by_day[day]:
            for q in _qual_rows(v, slot):
                got = per_q.setdefault(q.qualification, {})
                got[slot.index] = (slot, max(q.min, got.get(slot.index, (slot, 0))[1]))
        for qual, by_slot in per_q.items():
            rows = list(by_slot.values())
            holders = [e for e in instance.employees if qual in e.qualifications]
            for slot, qmin in rows:
                able = [e for e in holders if elig.may(e, slot)]
                if len(able) < qmin:
                    out.append(
                        _qual_finding(
                            instance, reg, elig, qual, [slot], qmin, able, holders, day
                        )
                    )
            if one and len(rows) > 1:
                need = sum(m for _, m in rows)
                able = [e for e in holders if any(elig.may(e, s) for s, _ in rows)]
                if len(able) < need and all(
                    len([e for e in holders if elig.may(e, s)]) >= m for s, m in rows
                ):
                    out.append(
                        _qual_finding(
                            instance,
                            reg,
                            elig,
                            qual,
                            [s for s, _ in rows],
                            need,
                            able,
                            holders,
                            day,
                        )
                    )
    return out


def _qual_finding(instance, reg, elig, qual, slots, need, able, holders, day):  # type: ignore[no-untyped-def]
    barred = [
        (e.id, elig.barrier(e, next(s for s in slots if not elig.may(e, s))))
        for e in holders
        if e not in able
    ]
    rules = ("coverage.qualification", *dict.fromkeys(b.rule_id for _, b in barred))
    if len(slots) > 1:
        rules = (*rules[:1], "coverage.one_shift_per_day", *rules[1:])
    short = need - len(able)
    what = join_da([s.template.label.lower() for s in slots])
    one = f"medarbejder med kvalifikationen «{qual}»"
    many = f"medarbejdere med kvalifikationen «{qual}»"
    verb = "vagten" if len(slots) == 1 else "en af vagterne"

    def render(days):  # type: ignore[no-untyped-def]
        return (
            f"Der mangler {count_da(short, one, many)} "
            f"til {what} {date_range_da(days)}: der skal være {need}, men "
            + (
                f"kun {join_da([e.name for e in able])} kan tage {verb}"
                if able
                else "ingen kvalificerede er til rådighed"
            )
            + (f"; {_who(instance, barred)} kan ikke" if barred else "")
            + f" ({_titles(reg, rules)})."
        )

    return _Finding(
        "qualification_capacity",
        (qual, tuple(s.shift_id for s in slots), need, tuple(barred)),
        day,
        short,
        rules,
        tuple(e for e, _ in barred),
        render,
    )


def _max_without_long_runs(
    flags: Sequence[bool], restricted: Sequence[bool], k: int
) -> int:
    """Most days selectable among ``flags`` with no run of > k restricted days."""
    best = {0: 0}  # current run length -> best count
    for ok, res in zip(flags, restricted, strict=True):
        nxt: dict[int, int] = {}
        for run, n in best.items():
            nxt[0] = max(nxt.get(0, -1), n)  # not selected
            if ok:
                r = run + 1 if res else 0
                if r <= k:
                    nxt[r] = max(nxt.get(r, -1), n + 1)
        best = nxt
    return max(best.values())


def _night_capacity(instance, ruleset, reg, cal, elig) -> list[Cause]:  # type: ignore[no-untyped-def]
    """Nights needed per 7-day block versus what night-eligible staff can take.

    Per employee and block an upper bound on the nights they can work: the
    days with a night slot they may take; with a hard weekly fridøgn at most
    6 when nights on all 7 days leave no free block of ``min_hours`` in the
    rule's window (judged with only those nights, so other work can only
    make it worse); with hard ``nights.max_consecutive`` the most days with
    no run longer than ``max_nights``; with hard pregnancy limits at most
    ``max_nights_per_week`` per ISO week on pregnant days. One shift a day.
    """
    out: list[Cause] = []
    fri = _hard_cfg(ruleset, "rest.weekly_fridoegn")
    if fri is not None and fri.params.postponed_max_days_between is not None:
        fri = None
    mcn = _hard_cfg(ruleset, "nights.max_consecutive")
    preg = _hard_cfg(ruleset, "protected.pregnant_nights")
    names = {e.id: e.name for e in instance.employees}
    for week in cal.weeks():
        if len(week) < 7:
            continue
        nights = {
            d: [s for s in cal.slots_by_day[d] if s.kind is ShiftKind.NIGHT]
            for d in week
        }
        need = sum(_demand_min(instance, s) for d in week for s in nights[d])
        if need == 0:
            continue
        cap_total, binding, caps = 0, set(), {}
        barred: dict[str, set[str]] = {}
        for e in instance.employees:
            ok = [any(elig.may(e, s) for s in nights[d]) for d in week]
            for d in week:
                for s in nights[d]:
                    b = elig.barrier(e, s)
                    if b is not None:
                        barred.setdefault(b.rule_id, set()).add(e.id)
            cap = sum(ok)
            if (
                cap == 7
                and fri is not None
                and _full_week_breaks_fridoegn(
                    cal,
                    week,
                    {d: [s for s in nights[d] if elig.may(e, s)] for d in week},
                    fri.params,
                )
            ):
                cap, _ = 6, binding.add(fri.id)
            if mcn is not None:
                from workbench.scheduling.rules.recommendations import is_night

                res = [
                    all(
                        is_night(s.kind, s.interval, cal, mcn.params) for s in nights[d]
                    )
                    for d in week
                ]
                m = _max_without_long_runs(ok, res, mcn.params.max_nights)
                if m < cap:
                    cap, _ = m, binding.add(mcn.id)
            if preg is not None and not preg.params.no_nights:
                free = sum(
                    1
                    for d, f in zip(week, ok, strict=True)
                    if f and not e.pregnant_on(d)
                )
                by_iso: dict[tuple[int, int], int] = {}
                for d, f in zip(week, ok, strict=True):
                    if f and e.pregnant_on(d):
                        k = d.isocalendar()[:2]
                        by_iso[k] = by_iso.get(k, 0) + 1
                m = free + sum(
                    min(n, preg.params.max_nights_per_week) for n in by_iso.values()
                )
                if m < cap:
                    cap, _ = m, binding.add(preg.id)
            caps[e.id] = cap
            cap_total += cap
        if cap_total >= need:
            continue
        rules = (
            "coverage.min_staff",
            "coverage.one_shift_per_day",
            *sorted(binding),
            *sorted(barred),
        )
        able = [eid for eid, c in caps.items() if c]
        limits = f" under {_titles(reg, sorted(binding))}" if binding else ""
        excluded = [eid for eid in names if eid not in able]
        msg = (
            f"Der mangler {count_da(need - cap_total, 'nattevagt', 'nattevagter')} "
            f"{date_range_da(week)}: minimumsbemandingen kræver {need} nattevagter, "
            f"men de nat-egnede medarbejdere "
            f"({join_da([f'{names[e]} højst {caps[e]}' for e in able]) or 'ingen'}) "
            f"kan tilsammen tage {cap_total}{limits}"
            + (
                f"; {join_da([names[e] for e in excluded])} kan ikke tage nattevagter"
                f" ({_titles(reg, sorted(barred))})"
                if excluded and barred
                else ""
            )
            + "."
        )
        out.append(Cause("night_capacity", msg, rules, tuple(able), tuple(week)))
    return out


def _full_week_breaks_fridoegn(cal, week, slots, p) -> bool:  # type: ignore[no-untyped-def]
    """Would working one of ``slots[d]`` on each of the 7 days leave no fridøgn?

    The rule wants ``min_hours`` free in a row inside the block's window
    (widened by ``min_hours - fridoegn_hours`` on both sides, clipped at the
    plan's end). With one shift a day every free stretch lies between the
    window start and the first start, between the end of one day's shift
    and the start of the next day's, or after the last end; each is at most
    (latest start) - (earliest end) over the allowed slots. If all these
    bounds are short, no choice of shifts has a fridøgn: sound.
    """
    if any(not slots[d] for d in week):
        return False
    ext = dt.timedelta(hours=p.min_hours - p.fridoegn_hours)
    end = midnight(cal.instance.end + ONE_DAY, cal.tz)
    lo = midnight(week[0], cal.tz) - ext
    hi = min(midnight(week[0] + dt.timedelta(days=7), cal.tz) + ext, end)
    latest = [max(s.interval[0] for s in slots[d]) for d in week]
    earliest = [min(s.interval[1] for s in slots[d]) for d in week]
    gaps = [latest[0] - lo, hi - earliest[-1]]
    gaps += [latest[i + 1] - earliest[i] for i in range(len(week) - 1)]
    return max(gaps) < dt.timedelta(hours=p.min_hours)


def _fridoegn(ruleset: RuleSet) -> RuleConfig | None:
    fri = _hard_cfg(ruleset, "rest.weekly_fridoegn")
    if fri is not None and fri.params.postponed_max_days_between is not None:
        return None
    return fri


def _work_days_cap(cal, week, e, elig, fri, counted) -> tuple[int, bool]:  # type: ignore[no-untyped-def]
    """Upper bound on the days in ``week`` on which ``e`` takes a ``counted``
    slot, and whether the fridøgn bound was what limited it."""
    allowed = {d: [s for s in cal.slots_by_day[d] if elig.may(e, s)] for d in week}
    cap = sum(1 for d in week if any(counted(s) for s in allowed[d]))
    if (
        cap == 7
        and fri is not None
        and _full_week_breaks_fridoegn(cal, week, allowed, fri.params)
    ):
        return 6, True
    return cap, False


def _week_capacity(instance, ruleset, reg, cal, elig, skip) -> list[Cause]:  # type: ignore[no-untyped-def]
    """Minimum shifts per 7-day block versus one shift a day, absences and
    (with a hard weekly fridøgn) at most 6 working days in the block."""
    fri = _fridoegn(ruleset)
    names = {e.id: e.name for e in instance.employees}
    out = []
    for week in cal.weeks():
        if len(week) < 7 or any(d in skip for d in week):
            continue
        need = sum(_demand_min(instance, s) for d in week for s in cal.slots_by_day[d])
        if need == 0:
            continue
        caps, binding = {}, False
        for e in instance.employees:
            caps[e.id], b = _work_days_cap(cal, week, e, elig, fri, lambda s: True)
            binding |= b
        total = sum(caps.values())
        if total >= need:
            continue
        rules = ("coverage.min_staff", "coverage.one_shift_per_day")
        if binding:
            rules += (fri.id,)
        barred = {
            b.rule_id
            for e in instance.employees
            for d in week
            for s in cal.slots_by_day[d]
            if (b := elig.barrier(e, s)) is not None
        }
        rules += tuple(sorted(barred))
        who = join_da([f"{names[k]} højst {v}" for k, v in caps.items()])
        out.append(
            Cause(
                "week_capacity",
                f"Der mangler {count_da(need - total, 'vagt', 'vagter')} "
                f"{date_range_da(week)}: minimumsbemandingen kræver {need} vagter, men "
                f"medarbejderne ({who}) kan tilsammen tage {total} "
                f"({_titles(reg, rules[1:])}).",
                rules,
                tuple(caps),
                tuple(week),
            )
        )
    return out


def _qualification_week_capacity(
    instance, ruleset, reg, cal, elig, skip
) -> list[Cause]:  # type: ignore[no-untyped-def]
    """Qualified shifts needed per 7-day block versus the qualified staff's
    working days (one shift a day, absences, at most 6 under the fridøgn)."""
    from workbench.scheduling.rules.coverage import _qual_rows

    v = SimpleNamespace(instance=instance)
    fri = _fridoegn(ruleset)
    out = []
    for week in cal.weeks():
        if len(week) < 7 or any(d in skip for d in week):
            continue
        need: dict[str, dict[int, int]] = {}
        for d in week:
            for slot in cal.slots_by_day[d]:
                for q in _qual_rows(v, slot):
                    got = need.setdefault(q.qualification, {})
                    got[slot.index] = max(q.min, got.get(slot.index, 0))
        for qual, by_slot in need.items():
            total_need = sum(by_slot.values())
            holders = [e for e in instance.employees if qual in e.qualifications]
            caps, binding = {}, False
            for e in holders:
                caps[e.id], b = _work_days_cap(
                    cal, week, e, elig, fri, lambda s, by=by_slot: s.index in by
                )
                binding |= b
            total = sum(caps.values())
            if total >= total_need:
                continue
            rules = ("coverage.qualification", "coverage.one_shift_per_day")
            if binding:
                rules += (fri.id,)
            barred = {
                b.rule_id
                for e in holders
                for d in week
                for s in cal.slots_by_day[d]
                if s.index in by_slot and (b := elig.barrier(e, s)) is not None
            }
            rules += tuple(sorted(barred))
            names = {e.id: e.name for e in holders}
            who = join_da([f"{names[k]} højst {c}" for k, c in caps.items()]) or "ingen"
            out.append(
                Cause(
                    "qualification_week_capacity",
                    f"Der mangler {count_da(total_need - total, 'vagt', 'vagter')} med "
                    f"kvalifikationen «{qual}» {date_range_da(week)}: der skal være "
                    f"{total_need}, men de kvalificerede ({who}) kan tilsammen tage "
                    f"{total} ({_titles(reg, rules)}).",
                    rules,
                    tuple(caps),
                    tuple(week),
                )
            )
    return out


def _hours_capacity(instance, ruleset, reg, cal, elig) -> list[Cause]:  # type: ignore[no-untyped-def]
    """Demand hours versus the hours the staff may work at most.

    With a hard ``agreement.norm_hours_band`` (over the norm judged) each
    employee works at most norm + tolerance paid minutes; otherwise with a
    hard ``hours.max_48_average`` at most the 48-hour limit of windows that
    partition the plan (less history inside them) and at most the longest
    shift they may take on each day they may work. Both are sound bounds.
    """
    from workbench.scheduling.rules.agreement import (
        _counts,
        _tolerance,
        norm_of,
        paid_minutes,
    )

    band = _hard_cfg(ruleset, "agreement.norm_hours_band")
    period = date_range_da(instance.days)
    if (
        band is not None
        and band.params.direction in ("both", "over")
        and all(e.weekly_hours > 0 for e in instance.employees)
    ):
        p = band.params
        demand = sum(
            _demand_min(instance, s) * paid_minutes(s.template, s.minutes)
            for s in cal.slots
            if _counts(s.kind, p)
        )
        norms = {e.id: norm_of(instance, e, p) for e in instance.employees}
        contract = sum(n.minutes for n in norms.values())
        tol = _tolerance(p)
        cap = contract + tol * len(instance.employees)
        if demand > cap:
            hol = sorted({d for n in norms.values() for d in n.holidays})
            why = "efter fravær" + (
                f" og {count_da(len(hol), 'søgnehelligdag', 'søgnehelligdage')}"
                if hol
                else ""
            )
            return [
                Cause(
                    "hours_capacity",
                    f"Der mangler {number_da((demand - cap) / 60)} t {period}: "
                    f"minimumsbemandingen kræver {number_da(demand / 60)} normtimer, "
                    f"men medarbejdernes kontrakttimer {why} er "
                    f"{number_da(contract / 60)} t, "
                    f"og {_titles(reg, [band.id])} tillader højst "
                    f"{number_da(tol / 60)} t mere pr. medarbejder "
                    f"(i alt {number_da(cap / 60)} t).",
                    ("coverage.min_staff", band.id),
                    tuple(e.id for e in instance.employees),
                    tuple(instance.days),
                )
            ]
    m48 = _hard_cfg(ruleset, "hours.max_48_average")
    if m48 is None or not _hard(ruleset, "coverage.one_shift_per_day"):
        return []
    from workbench.scheduling.rules.law import _avg_windows, _is_work, _minutes

    demand = sum(
        _demand_min(instance, s) * s.minutes for s in cal.slots if _is_work(s.kind)
    )
    windows = _avg_windows(cal, m48.params)
    chosen = []
    i = len(windows) - 1
    while i >= 0:  # windows ending with weeks i, i - ref, ... partition the plan
        chosen.append(windows[i])
        first = windows[i][1]
        while i >= 0 and windows[i][0][-1] >= first:
            i -= 1
    cap = 0
    for e in instance.employees:
        hist = [w for w in cal.history_work(e.id) if _is_work(w.kind)]
        law = 0
        for _, first, end, limit in chosen:
            law += max(
                0, limit - sum(_minutes(w) for w in hist if first <= w.day < end)
            )
        days = sum(
            max(
                (
                    s.minutes
                    for s in cal.slots_by_day[d]
                    if _is_work(s.kind) and elig.may(e, s)
                ),
                default=0,
            )
            for d in cal.days
        )
        cap += min(law, days)
    if demand <= cap:
        return []
    return [
        Cause(
            "hours_capacity",
            f"Der mangler {number_da((demand - cap) / 60)} t {period}: "
            f"minimumsbemandingen kræver {number_da(demand / 60)} arbejdstimer, men "
            f"medarbejderne kan højst arbejde {number_da(cap / 60)} t under "
            f"{_titles(reg, [m48.id])} (arbejdstidsloven § 4) og deres fravær.",
            ("coverage.min_staff", m48.id),
            tuple(e.id for e in instance.employees),
            tuple(instance.days),
        )
    ]


# -- the core diagnosis -----------------------------------------------------------


def _build(
    instance: PlanningInstance,
    ruleset: RuleSet,
    registry: Registry,
    granularity: str,
    calendar: Calendar,
) -> BuiltModel:
    """A diagnostic model (guards per rule, employee and week or day)."""
    model = cp_model.CpModel()
    built = BuiltModel(
        instance,
        calendar,
        model,
        AssignmentVars(model, calendar),
        True,
        granularity=granularity,
    )
    for cfg in ruleset.active:
        if cfg.mode is not Mode.HARD:
            continue
        r = registry[cfg.id]
        r(RuleContext(built, r.spec, cfg), cfg.params)
    return built


class _Runner:
    """Solves a model under a subset of its guards as assumptions."""

    def __init__(self, built: BuiltModel, deadline: float) -> None:
        self.built = built
        self.deadline = deadline

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def run(
        self, active: Sequence[Guard], limit: float, presolve: bool = False
    ) -> tuple[int, list[Guard]]:
        """Solve with ``active`` assumed; presolve off is ~4x faster on the
        small sub-problems of minimisation (and gives the search's own core)."""
        m = self.built.model.clone()
        m.clear_assumptions()
        m.add_assumptions([g.literal for g in active])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0
        solver.parameters.cp_model_presolve = presolve
        solver.parameters.max_time_in_seconds = max(0.01, min(limit, self.left()))
        status = solver.solve(m)
        if status == cp_model.INFEASIBLE:
            idx = set(solver.sufficient_assumptions_for_infeasibility())
            return status, [g for g in active if g.literal.index in idx]
        return status, []

    def minimise(self, core: list[Guard], per_solve: float) -> tuple[list[Guard], bool]:
        """Deletion filter: drop each member whose removal keeps it infeasible."""
        minimal = True
        i = 0
        while i < len(core):
            if self.left() < 0.1:
                return core, False
            trial = core[:i] + core[i + 1 :]
            st, sub = self.run(trial, per_solve)
            if st == cp_model.INFEASIBLE:
                core = [g for g in trial if g in sub] if sub else trial
                continue
            if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                minimal = False
            i += 1
        return core, minimal


def _key(g: Guard) -> tuple[str, str | None, int]:
    return (g.rule_id, g.employee_id, g.week)


def _quick_roster_exists(
    instance: PlanningInstance,
    ruleset: RuleSet,
    registry: Registry,
    cal: Calendar,
    limit_s: float,
) -> bool:
    """Look for any roster under the hard rules, unguarded, with the portfolio.

    An unguarded, objective-free model with two workers finds a roster far
    sooner than the single-worker assumption solve, so a feasible unit is
    answered quickly instead of "undecided".
    """
    from workbench.scheduling.builder import build_model
    from workbench.scheduling.solver import SolverSettings, solve

    hard = RuleSet(
        ruleset.name, tuple(c for c in ruleset.active if c.mode is Mode.HARD)
    )
    built = build_model(instance, hard, registry, calendar=cal)
    built.model.clear_objective()
    res = solve(
        built,
        SolverSettings(
            time_limit_s=max(limit_s, 0.5),
            workers=2,
            cp_params=(("stop_after_first_solution", True),),
        ),
    )
    return res.has_roster


def diagnose(
    instance: PlanningInstance,
    ruleset: RuleSet,
    *,
    time_limit_s: float = 30.0,
    registry: Registry | None = None,
    refine: bool = True,
) -> Diagnosis:
    """Explain why ``ruleset`` admits no roster for ``instance``.

    Args:
        instance: The planning instance.
        ruleset: The rule set (only its hard rules matter).
        time_limit_s: Wall-clock budget for the whole answer.
        registry: Rule catalogue (defaults to the full registry).
        refine: After a week-level core, narrow its members to days.

    Returns:
        A :class:`Diagnosis`; ``minimal``/``verified`` say how far the
        search got, and ``note`` says so in Danish when it only narrowed
        the cause down.
    """
    t0 = time.perf_counter()
    deadline = t0 + time_limit_s
    reg = _registry(registry)
    causes = capacity_checks(instance, ruleset, reg)
    if causes:
        return Diagnosis(
            False,
            causes,
            minimal=False,
            verified=True,
            seconds=time.perf_counter() - t0,
            granularity="capacity",
        )
    warnings = capacity_warnings(instance, ruleset, reg)
    cal = Calendar(instance)
    if _quick_roster_exists(instance, ruleset, reg, cal, time_limit_s * 0.4):
        return Diagnosis(True, seconds=time.perf_counter() - t0, warnings=warnings)
    built = _build(instance, ruleset, reg, "week", cal)
    runner = _Runner(built, deadline)
    guards = list(built.guards.values())
    status, core = runner.run(guards, runner.left() * 0.5, presolve=True)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Diagnosis(True, seconds=time.perf_counter() - t0, warnings=warnings)
    if status != cp_model.INFEASIBLE:
        # Undecided: a conflict inside one week is often quick to prove.
        weeks = sorted({g.week for g in guards})
        budget = runner.left() * 0.4
        for w in weeks:
            st, sub = runner.run(
                [g for g in guards if g.week == w], budget / len(weeks), presolve=True
            )
            if st == cp_model.INFEASIBLE:
                status, core = st, sub or [g for g in guards if g.week == w]
                break
    if status != cp_model.INFEASIBLE:
        return Diagnosis(
            None,
            seconds=time.perf_counter() - t0,
            warnings=warnings,
            note="Det kunne ikke afgøres inden for tidsgrænsen, om der findes en "
            "vagtplan. Prøv med længere tid eller færre hårde regler.",
        )
    if not core:
        core = guards
    # Re-solve on a model with only the core's rules: much smaller and faster.
    keys = {_key(g) for g in core}
    small_rs = RuleSet(
        ruleset.name, tuple(c for c in ruleset.active if c.id in {k[0] for k in keys})
    )
    small = _build(instance, small_rs, reg, "week", cal)
    srun = _Runner(small, deadline)
    full_core = core
    core = [g for g in small.guards.values() if _key(g) in keys]
    per = max(0.5, time_limit_s / 10)
    if srun.run(core, per)[0] in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # Constraints outside the guarded rules mattered: stay on the full model.
        small_rs, small, srun, core = ruleset, built, runner, full_core
    core, minimal = srun.minimise(core, per)
    st, _ = srun.run(core, per)
    verified = st == cp_model.INFEASIBLE
    granularity = "week"
    if refine and verified and minimal and srun.left() > 1.0:
        keys = {_key(g) for g in core}
        fine = _build(instance, small_rs, reg, "day", cal)
        frun = _Runner(fine, deadline)
        members = [g for g in fine.guards.values() if _key(g) in keys]
        st, sub = frun.run(members, per)
        if st == cp_model.INFEASIBLE:
            fcore, fmin = frun.minimise(sub or members, per)
            st2, _ = frun.run(fcore, per)
            if st2 == cp_model.INFEASIBLE and fmin:
                core, granularity = fcore, "day"
    names = {e.id: e.name for e in instance.employees}
    out = [_cause_from_guards(core, reg, names, instance)]
    note = ""
    if not minimal:
        note = (
            "Tidsgrænsen nåede kun til at indsnævre årsagen; listen kan "
            "indeholde regler, der ikke er nødvendige for konflikten."
        )
    if not verified:
        note += " Konflikten kunne ikke bekræftes inden for tidsgrænsen."
    return Diagnosis(
        False,
        out,
        minimal,
        verified,
        time.perf_counter() - t0,
        note.strip(),
        warnings,
        granularity,
    )


# -- sentences --------------------------------------------------------------------

HINTS = {
    "coverage.min_staff": "sænk minimumsbemandingen eller skaf flere medarbejdere",
    "coverage.qualification": "sænk kvalifikationskravet eller skaf kvalificerede",
    "coverage.pinned": "fjern eller ændr en af de fastlåste vagter",
    "coverage.absence": "flyt fraværet",
    "coverage.fixed_days_off": "flyt den faste fridag",
    "agreement.norm_hours_band": "udvid båndet omkring normen",
}


def _ranges_da(days: Sequence[dt.date]) -> str:
    """Consecutive runs as Danish ranges: '11.–16. januar og 20. januar'."""
    ds = sorted(set(days))
    runs: list[list[dt.date]] = []
    for d in ds:
        if runs and d - runs[-1][-1] == ONE_DAY:
            runs[-1].append(d)
        else:
            runs.append([d])
    return join_da([date_range_da(r) for r in runs])


def _member_da(
    rule_id: str,
    employee_id: str | None,
    guards: list[Guard],
    reg: Registry,
    names: dict[str, str],
    instance: PlanningInstance,
) -> str:
    """One (rule, employee) group of a core as a Danish phrase."""
    title = reg[rule_id].spec.title_da if rule_id in reg else rule_id
    all_days = sorted({d for g in guards for d in g.dates})
    days = [d for d in all_days if instance.start <= d <= instance.end] or all_days
    spans = [sorted(g.dates) for g in guards]
    # A subject spanning several days (a 7-døgn period) reads as its range.
    when = (
        _ranges_da(days)
        if all(len(s) <= 1 for s in spans)
        else join_da([date_range_da(s) for s in spans])
    )
    if rule_id == "coverage.min_staff" and days:
        # Per day the shifts with a minimum; consecutive equal days merged.
        runs: list[tuple[str, list[dt.date]]] = []
        for d in days:
            shifts = [
                f"{s.label.lower()} (mindst {x.min})"
                for s in instance.unit.shifts
                if (x := instance.unit.demand_for(s.id, d)) is not None and x.min
            ]
            what = join_da(shifts)
            if runs and runs[-1][0] == what and d - runs[-1][1][-1] == ONE_DAY:
                runs[-1][1].append(d)
            else:
                runs.append((what, [d]))
        parts = [
            f"{w} {date_range_da(ds)}" if w else date_range_da(ds) for w, ds in runs
        ]
        return f"«{title}» på {', '.join(parts)}"
    who = f" for {names.get(employee_id, employee_id)}" if employee_id else ""
    if rule_id == "coverage.pinned" and employee_id:
        by_shift: dict[str | None, list[dt.date]] = {}
        for p in instance.pins:
            if p.employee_id == employee_id and p.date in days:
                by_shift.setdefault(p.shift_id, []).append(p.date)
        if by_shift:
            parts = [
                f"{_shift_label(instance, sid)} {_ranges_da(ds)}"
                for sid, ds in sorted(by_shift.items(), key=lambda kv: min(kv[1]))
            ]
            return f"«{title}»{who}: {join_da(parts)}"
    return f"«{title}»{who} {when}"


def _shift_label(instance: PlanningInstance, shift_id: str | None) -> str:
    if shift_id is None:
        return "fri"
    try:
        return instance.unit.shift(shift_id).label.lower()
    except KeyError:
        return shift_id


def _cause_from_guards(
    core: list[Guard], reg: Registry, names: dict[str, str], instance: PlanningInstance
) -> Cause:
    core = sorted(
        core, key=lambda g: (g.rule_id, g.employee_id or "", g.week, g.day or 0)
    )
    groups: dict[tuple[str, str | None], list[Guard]] = {}
    for g in core:
        groups.setdefault((g.rule_id, g.employee_id), []).append(g)
    parts = [
        _member_da(r, e, gs, reg, names, instance) for (r, e), gs in groups.items()
    ]
    rule_ids = tuple(dict.fromkeys(g.rule_id for g in core))
    hints = [HINTS[r] for r in rule_ids if r in HINTS]
    law = [r for r in rule_ids if r in reg and reg[r].spec.source.value == "LAW"]
    advice = (
        "Ret mindst én af dem: " + ", ".join(hints)
        if hints
        else "Løsn mindst én af dem (gør den blød eller ændr dens parametre)"
    )
    if law:
        advice += f"; {_titles(reg, law)} er lov og kan kun fraviges efter aftale"
    if len(parts) == 1:
        msg = f"{parts[0]} kan ikke overholdes. {advice}."
    else:
        msg = (
            "Disse hårde regler kan ikke overholdes samtidig: "
            f"{join_da(parts)}. {advice}."
        )
    dates = sorted({d for g in core for d in g.dates})
    return Cause(
        "conflict",
        msg,
        tuple(sorted(rule_ids)),
        tuple(sorted({g.employee_id for g in core if g.employee_id})),
        tuple(dates),
    )


# -- why this roster ----------------------------------------------------------------


def why_roster(
    instance: PlanningInstance,
    ruleset: RuleSet,
    assignments: Sequence,
    *,
    registry: Registry | None = None,
    alternatives: bool = False,
    time_limit_s: float = 2.0,
    total_time_s: float = 20.0,
    factor: int = 10,
    violations: Sequence | None = None,
) -> dict[str, object]:
    """Why this roster: what each rule costs, for whom, and what the price is.

    Args:
        instance: The planning instance.
        ruleset: The rule set the roster is judged under.
        assignments: The roster.
        registry: Rule catalogue (defaults to the full registry).
        alternatives: Also look for "the cheapest alternative the model
            saw" per soft rule with a penalty: re-solve from the roster (as
            hint) with that rule's weight x ``factor`` for at most
            ``time_limit_s`` (all of them within ``total_time_s``; rules
            that do not fit are skipped) and report how much of the rule
            could be removed and what it costs in the other rules, at the
            original weights (the marginal price per unit).
        time_limit_s: Per re-solve.
        total_time_s: For all re-solves together.
        factor: Weight multiplier of the re-solve.
        violations: The checkers' violations of this roster when already
            known (e.g. ``PlanResult.violations``); computed otherwise.

    Returns:
        ``{"rules": DataFrame, "employees": DataFrame, "employee_rules":
        DataFrame, "violations": DataFrame}`` and, with ``alternatives``,
        ``"alternatives": DataFrame``. Pure apart from the optional solves.
    """
    import pandas as pd

    from workbench.scheduling.checks import check, totals

    reg = _registry(registry)
    viol = (
        list(violations)
        if violations is not None
        else check(instance, assignments, ruleset, reg)
    )
    tot = totals(viol)
    rules = []
    for cfg in ruleset.active:
        spec = reg[cfg.id].spec
        count, amount, penalty = tot.get(cfg.id, (0, 0, 0))
        rules.append(
            {
                "rule_id": cfg.id,
                "title": spec.title_da,
                "mode": cfg.mode.value,
                "weight": cfg.weight if cfg.mode is Mode.SOFT else None,
                "count": count,
                "amount": amount,
                "unit": spec.unit_da,
                "penalty": penalty,
            }
        )
    names = {e.id: e.name for e in instance.employees}
    per: dict[tuple[str | None, str], list[int]] = {}
    for v in viol:
        c = per.setdefault((v.employee_id, v.rule_id), [0, 0, 0, v.mode is Mode.HARD])
        c[0] += 1
        c[1] += v.amount
        c[2] += v.penalty
    emp_rules = [
        {
            "employee_id": eid,
            "name": names.get(eid or "", "(enheden)"),
            "rule_id": rid,
            "title": reg[rid].spec.title_da,
            "mode": "hard" if c[3] else "soft",
            "count": c[0],
            "amount": c[1],
            "penalty": c[2],
        }
        for (eid, rid), c in sorted(
            per.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])
        )
    ]
    employees = []
    for e in instance.employees:
        mine = [r for r in emp_rules if r["employee_id"] == e.id]
        soft = [r for r in mine if r["mode"] == "soft"]
        worst = max(soft, key=lambda r: r["penalty"], default=None)
        employees.append(
            {
                "employee_id": e.id,
                "name": e.name,
                "hard_violations": sum(r["count"] for r in mine if r["mode"] == "hard"),
                "soft_violations": sum(r["count"] for r in soft),
                "soft_cost": sum(r["penalty"] for r in soft),
                "costliest_rule": worst["rule_id"]
                if worst and worst["penalty"]
                else None,
            }
        )
    out: dict[str, object] = {
        "rules": pd.DataFrame(rules),
        "employees": pd.DataFrame(employees),
        "employee_rules": pd.DataFrame(
            emp_rules,
            columns=[
                "employee_id",
                "name",
                "rule_id",
                "title",
                "mode",
                "count",
                "amount",
                "penalty",
            ],
        ),
        "violations": pd.DataFrame(
            [v.as_dict() for v in viol],
            columns=[
                "rule_id",
                "title",
                "mode",
                "employee_id",
                "dates",
                "amount",
                "penalty",
                "message",
            ],
        ),
    }
    if alternatives:
        out["alternatives"] = pd.DataFrame(
            _alternatives(
                instance,
                ruleset,
                list(assignments),
                reg,
                tot,
                time_limit_s,
                total_time_s,
                factor,
            ),
            columns=ALT_COLUMNS,
        )
    return out


ALT_COLUMNS = [
    "rule_id",
    "title",
    "status",
    "amount_before",
    "amount_after",
    "penalty_before",
    "penalty_after",
    "other_change",
    "total_change",
    "price_per_unit",
    "message",
]


def _alternatives(instance, ruleset, assignments, reg, tot, per_s, total_s, factor):  # type: ignore[no-untyped-def]
    import dataclasses

    from workbench.engine import SolverSettings, plan
    from workbench.scheduling.checks import totals

    t0 = time.perf_counter()
    weights = {c.id: c.weight for c in ruleset.active if c.mode is Mode.SOFT}
    soft = sorted(
        ((rid, tot[rid]) for rid in weights if rid in tot and tot[rid][2] > 0),
        key=lambda kv: -kv[1][2],
    )
    rows = []
    for rid, (_, amount, penalty) in soft:
        title = reg[rid].spec.title_da
        left = total_s - (time.perf_counter() - t0)
        row = {
            "rule_id": rid,
            "title": title,
            "amount_before": amount,
            "penalty_before": penalty,
        }
        if left < min(per_s, 0.5):
            rows.append(
                {
                    **row,
                    "status": "sprunget over",
                    "message": f"«{title}»: ikke undersøgt (tidsgrænsen for "
                    "alternativer er brugt).",
                }
            )
            continue
        cfg = ruleset.get(rid)
        heavier = ruleset.replace(dataclasses.replace(cfg, weight=cfg.weight * factor))
        res = plan(
            instance,
            heavier,
            SolverSettings(time_limit_s=min(per_s, left), workers=1, seed=0),
            hint=assignments,
            registry=reg,
        )
        if not res.has_roster:
            rows.append(
                {
                    **row,
                    "status": "ingen plan",
                    "message": f"«{title}»: ingen alternativ plan fundet inden for "
                    "tidsgrænsen.",
                }
            )
            continue
        new = {
            k: (a, a * weights.get(k, 0))
            for k, (_, a, _) in totals(
                [v for v in res.violations if v.mode is Mode.SOFT]
            ).items()
        }
        after = new.get(rid, (0, 0))
        other_before = sum(
            p for k, (_, _, p) in tot.items() if k != rid and k in weights
        )
        other_after = sum(p for k, (_, p) in new.items() if k != rid)
        other = other_after - other_before
        saved = amount - after[0]
        price = round(other / saved, 2) if saved > 0 else None
        unit = reg[rid].spec.unit_da
        if saved > 0:
            msg = (
                f"«{title}» kan sænkes fra {amount} til {after[0]} ({unit}) for "
                f"{number_da(other, 0)} i straf i de andre regler, dvs. "
                f"{number_da(price or 0, 2)} pr. enhed; reglens vægt er {weights[rid]}."
            )
            status = "fundet"
        else:
            msg = (
                f"«{title}»: den hurtige søgning fandt ingen plan med mindre af "
                "denne regel."
            )
            status = "ingen forbedring"
        rows.append(
            {
                **row,
                "status": status,
                "amount_after": after[0],
                "penalty_after": after[0] * weights[rid],
                "other_change": other,
                "total_change": after[0] * weights[rid] - penalty + other,
                "price_per_unit": price,
                "message": msg,
            }
        )
    return rows
