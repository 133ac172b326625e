"""Why there is no roster: capacity checks and an assumption-based diagnosis.

Two stages. First, fast counting checks that catch the common causes with a
precise message (they are sound: each one proves infeasibility on its own).
Then, when the model is still infeasible, the rule set's hard requirements
are guarded by enforcement literals per (rule, employee, week) and passed to
CP-SAT as assumptions; the returned core is minimised by re-solving without
each member and verified, because presolve can return imprecise cores
(or-tools #5141), and turned into Danish sentences.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from workbench.danish import count_da, date_range_da, join_da, number_da
from workbench.domain import PlanningInstance, ShiftKind
from workbench.scheduling.builder import build_model
from workbench.scheduling.context import Guard
from workbench.scheduling.registry import Mode, Registry, RuleSet
from workbench.timeutil import Calendar


@dataclass(frozen=True)
class Cause:
    """One reason there is no roster."""

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

    def text_da(self) -> str:
        """The explanation as Danish text for the terminal."""
        if self.feasible:
            return "Der findes en vagtplan med dette regelsæt."
        lines = ["Der findes ingen vagtplan, der overholder alle hårde regler."]
        if self.causes:
            lines.append("Årsag:" if len(self.causes) == 1 else "Årsager:")
            lines += [f"  - {c.message}" for c in self.causes]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form."""
        return {
            "feasible": self.feasible,
            "minimal": self.minimal,
            "verified": self.verified,
            "seconds": round(self.seconds, 3),
            "note": self.note,
            "causes": [c.as_dict() for c in self.causes],
        }


def _hard(ruleset: RuleSet, rule_id: str) -> bool:
    cfg = ruleset.get(rule_id)
    return bool(cfg and cfg.enabled and cfg.mode is Mode.HARD)


def _absent(instance: PlanningInstance, employee_id: str, day: dt.date) -> bool:
    return any(
        a.employee_id == employee_id and a.covers(day) for a in instance.absences
    )


def _may_take(instance: PlanningInstance, ruleset: RuleSet, emp, slot) -> bool:  # type: ignore[no-untyped-def]
    """Can ``emp`` take ``slot`` at all under the active hard rules?"""
    if _hard(ruleset, "coverage.absence") and _absent(instance, emp.id, slot.day):
        return False
    if slot.kind is ShiftKind.NIGHT:
        if emp.night_exempt:
            return False
        cfg = ruleset.get("protected.pregnant_nights")
        if (
            cfg is not None
            and _hard(ruleset, cfg.id)
            and getattr(cfg.params, "no_nights", False)
            and emp.pregnant_on(slot.day)
        ):
            return False
    if _hard(ruleset, "law.young_no_nights") and slot.kind is ShiftKind.NIGHT:
        age = emp.age_on(slot.day)
        if age is not None and age < 18:
            return False
    return True


def capacity_checks(instance: PlanningInstance, ruleset: RuleSet) -> list[Cause]:
    """Counting checks that each prove there can be no roster."""
    cal = Calendar(instance)
    unit = instance.unit
    out: list[Cause] = []
    if not _hard(ruleset, "coverage.min_staff"):
        return out
    # 1. Per day: more people needed than are present (one shift a day).
    for day in cal.days:
        need = sum(
            (unit.demand_for(s.shift_id, day) or _zero()).min
            for s in cal.slots_by_day[day]
        )
        present = [
            e for e in instance.employees if not _absent(instance, e.id, day)
        ]
        if _hard(ruleset, "coverage.one_shift_per_day") and need > len(present):
            out.append(
                Cause(
                    "day_capacity",
                    f"{date_range_da([day]).capitalize()} kræver minimumsbemandingen "
                    f"{need} medarbejdere, men kun {len(present)} er ikke fraværende "
                    "(Minimumsbemanding; Højst én vagt pr. døgn; Fravær respekteres).",
                    ("coverage.min_staff", "coverage.one_shift_per_day", "coverage.absence"),
                    (),
                    (day,),
                )
            )
    # 2. Per shift: fewer staff allowed/qualified than its minimum.
    for slot in cal.slots:
        dem = unit.demand_for(slot.shift_id, slot.day)
        if dem is None or dem.min == 0:
            continue
        able = [e for e in instance.employees if _may_take(instance, ruleset, e, slot)]
        if len(able) < dem.min:
            out.append(
                Cause(
                    "shift_capacity",
                    f"{slot.template.label} {date_range_da([slot.day])} kræver "
                    f"{dem.min}, men kun {len(able)} medarbejdere må tage vagten "
                    "(fravær, nattefritagelse, graviditet eller alder).",
                    ("coverage.min_staff",),
                    tuple(e.id for e in able),
                    (slot.day,),
                )
            )
        if _hard(ruleset, "coverage.qualification"):
            for q in unit.qualification_demand:
                if q.shifts and slot.shift_id not in q.shifts:
                    continue
                qual = [e for e in able if q.qualification in e.qualifications]
                if len(qual) < q.min:
                    short = q.min - len(qual)
                    out.append(
                        Cause(
                            "qualification_capacity",
                            f"Der mangler {count_da(short, 'medarbejder', 'medarbejdere')} "
                            f"med kvalifikationen '{q.qualification}' til "
                            f"{slot.template.label.lower()} {date_range_da([slot.day])}: "
                            + (
                                f"kun {join_da([e.name for e in qual])} kan tage den."
                                if qual
                                else "ingen kvalificerede er til rådighed."
                            )
                            + " (Kvalifikationer på vagten)",
                            ("coverage.qualification",),
                            tuple(e.id for e in qual),
                            (slot.day,),
                        )
                    )
    # 3. Nights per week versus night-eligible staff. Under the weekly
    # fridøgn (35 h free in every 7 days) nobody works more than 6 shifts in a
    # 7-day block, and with a hard limit on nights in a row at most that many.
    # (Any 7 days with no run longer than k hold floor(7 / (k + 1)) days off.)
    out += _night_capacity(instance, ruleset, cal)
    # 4. Demand hours versus what the law lets the staff work.
    out += _hours_capacity(instance, ruleset, cal)
    return out


def _night_capacity(
    instance: PlanningInstance, ruleset: RuleSet, cal: Calendar
) -> list[Cause]:
    out: list[Cause] = []
    unit = instance.unit
    if not _hard(ruleset, "rest.weekly_fridoegn"):
        return out
    max_nights = 6
    cfg = ruleset.get("nights.max_consecutive")
    if cfg is not None and _hard(ruleset, cfg.id):
        k = int(getattr(cfg.params, "max_nights", 6))
        max_nights = 7 - max(1, 7 // (k + 1))
    for week in cal.weeks():
        need = 0
        for day in week:
            for s in cal.slots_by_day[day]:
                if s.kind is ShiftKind.NIGHT:
                    need += (unit.demand_for(s.shift_id, day) or _zero()).min
        if need == 0:
            continue
        cap = 0
        names = []
        for e in instance.employees:
            n = sum(
                1
                for day in week
                for s in cal.slots_by_day[day]
                if s.kind is ShiftKind.NIGHT and _may_take(instance, ruleset, e, s)
            )
            n = min(n, max_nights)
            if n:
                names.append(e.name)
            cap += n
        if cap < need:
            out.append(
                Cause(
                    "night_capacity",
                    f"Ugen {date_range_da(week)} kræver {need} nattevagter, men de "
                    f"nat-egnede medarbejdere ({join_da(names) or 'ingen'}) kan højst "
                    f"tage {cap} under reglerne om nætter i træk og ugentligt fridøgn.",
                    ("coverage.min_staff", "rest.weekly_fridoegn", "nights.max_consecutive"),
                    (),
                    tuple(week),
                )
            )
    return out


def _hours_capacity(
    instance: PlanningInstance, ruleset: RuleSet, cal: Calendar
) -> list[Cause]:
    out: list[Cause] = []
    unit = instance.unit
    if _hard(ruleset, "hours.max_48_average"):
        demand_min = sum(
            (unit.demand_for(s.shift_id, s.day) or _zero()).min * s.minutes
            for s in cal.slots
        )
        weeks = len(cal.days) / 7
        cap_min = 0.0
        for e in instance.employees:
            free_days = sum(1 for d in cal.days if not _absent(instance, e.id, d))
            cap_min += 48 * 60 * weeks * free_days / max(len(cal.days), 1)
        if demand_min > cap_min:
            out.append(
                Cause(
                    "hours_capacity",
                    f"Minimumsbemandingen kræver {number_da(demand_min / 60)} timer i "
                    f"perioden, men medarbejderne må højst arbejde "
                    f"{number_da(cap_min / 60)} timer (48-timersreglen, "
                    "arbejdstidsloven § 4).",
                    ("coverage.min_staff", "hours.max_48_average"),
                )
            )
    return out


def _zero():  # type: ignore[no-untyped-def]
    from workbench.domain import Demand

    return Demand(shift="_", min=0, ideal=0)


def diagnose(
    instance: PlanningInstance,
    ruleset: RuleSet,
    *,
    time_limit_s: float = 30.0,
    registry: Registry | None = None,
) -> Diagnosis:
    """Explain why ``ruleset`` admits no roster for ``instance``.

    Always answers within ``time_limit_s``; says so when it could only
    narrow the cause down.
    """
    t0 = time.perf_counter()
    causes = capacity_checks(instance, ruleset)
    if causes:
        return Diagnosis(False, causes, minimal=False, verified=True,
                         seconds=time.perf_counter() - t0)
    built = build_model(instance, ruleset, registry, diagnostic=True)
    built.model.clear_objective()
    guards = list(built.guards.values())
    names = {e.id: e.name for e in instance.employees}

    def remaining() -> float:
        return max(0.05, time_limit_s - (time.perf_counter() - t0))

    def run(active: list[Guard], limit: float) -> tuple[int, list[Guard]]:
        m = built.model.clone()
        m.clear_assumptions()
        m.add_assumptions([g.literal for g in active])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = limit
        status = solver.solve(m)
        if status == cp_model.INFEASIBLE:
            idx = set(solver.sufficient_assumptions_for_infeasibility())
            core = [g for g in active if g.literal.index in idx]
            return status, core
        return status, []

    status, core = run(guards, remaining() * 0.5)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Diagnosis(True, seconds=time.perf_counter() - t0)
    if status != cp_model.INFEASIBLE:
        return Diagnosis(
            None,
            seconds=time.perf_counter() - t0,
            note="Det kunne ikke afgøres inden for tidsgrænsen, om der findes en "
            "vagtplan. Prøv med længere tid eller færre hårde regler.",
        )
    if not core:
        core = guards
    # Minimise: drop each member whose removal keeps the rest infeasible.
    minimal = True
    i = 0
    while i < len(core):
        if remaining() < 0.2:
            minimal = False
            break
        trial = core[:i] + core[i + 1 :]
        st, sub = run(trial, min(remaining(), max(1.0, time_limit_s / 10)))
        if st == cp_model.INFEASIBLE:
            core = [g for g in trial if g in sub] if sub else trial
            continue
        if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            minimal = False
        i += 1
    st, _ = run(core, min(remaining(), max(1.0, time_limit_s / 5)))
    verified = st == cp_model.INFEASIBLE
    if registry is None:
        from workbench.scheduling.rules import REGISTRY

        registry = REGISTRY
    out = [_cause_from_guards(core, registry, names)]
    note = ""
    if not minimal:
        note = ("Tidsgrænsen nåede kun til at indsnævre årsagen; listen kan "
                "indeholde regler, der ikke er nødvendige for konflikten.")
    if not verified:
        note += " Konflikten kunne ikke bekræftes inden for tidsgrænsen."
    return Diagnosis(False, out, minimal, verified, time.perf_counter() - t0, note.strip())


def _cause_from_guards(core: list[Guard], registry: Registry, names: dict[str, str]) -> Cause:
    parts = []
    for g in sorted(core, key=lambda g: (g.rule_id, g.employee_id or "", g.week)):
        title = registry[g.rule_id].spec.title_da
        who = f" for {names.get(g.employee_id, g.employee_id)}" if g.employee_id else ""
        parts.append(f"«{title}»{who} {date_range_da(g.dates)}")
    msg = (
        "Disse hårde regler kan ikke overholdes samtidig: "
        + join_da(parts)
        + ". Løsn mindst én af dem (gør den blød, ændr dens parametre) eller "
        "ændr bemanding, fravær eller låste vagter i perioden."
    )
    dates = sorted({d for g in core for d in g.dates})
    return Cause(
        "conflict",
        msg,
        tuple(sorted({g.rule_id for g in core})),
        tuple(sorted({g.employee_id for g in core if g.employee_id})),
        tuple(dates),
    )
