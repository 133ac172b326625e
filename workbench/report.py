"""``report.json`` and the Danish terminal summary of a solve.

The report is plain JSON-able data: what was planned (unit, period, rule set
with its content hash and files), how the search went (status, objective,
bound, gap, times) and what the roster costs (per-rule totals and every
violation with its Danish message). It is written next to ``roster.csv`` so
that a roster can always be traced to the rules and the run that made it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from workbench import __version__
from workbench.danish import number_da
from workbench.domain import Assignment, PlanningInstance
from workbench.engine import PlanResult
from workbench.scheduling.checks import Violation, totals
from workbench.scheduling.registry import Mode, Registry, RuleSet

STATUS_DA = {
    "OPTIMAL": "optimal",
    "FEASIBLE": "gyldig, ikke bevist optimal",
    "INFEASIBLE": "umulig",
    "UNKNOWN": "ukendt (ingen plan fundet)",
    "MODEL_INVALID": "ugyldig model",
}


def _registry(registry: Registry | None) -> Registry:
    if registry is not None:
        return registry
    from workbench.scheduling.rules import REGISTRY

    return REGISTRY


def _num(x: float | None) -> float | int | None:
    """JSON number: integral floats as ints, others rounded to 4 decimals."""
    if x is None:
        return None
    if float(x).is_integer():
        return int(x)
    return round(float(x), 4)


def _secs(x: float | None) -> float | None:
    return None if x is None else round(float(x), 3)


def _show(path: str) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def violation_rows(
    instance: PlanningInstance, violations: Iterable[Violation]
) -> list[dict[str, Any]]:
    """Violations as JSON rows, with the employee's name."""
    names = {e.id: e.name for e in instance.employees}
    rows = []
    for v in violations:
        d = v.as_dict()
        d["employee"] = names.get(v.employee_id or "")
        rows.append(d)
    return rows


def rule_rows(
    ruleset: RuleSet,
    violations: Iterable[Violation],
    registry: Registry | None = None,
) -> list[dict[str, Any]]:
    """Per active rule: id, Danish title, mode, weight, count, amount, penalty."""
    reg = _registry(registry)
    tot = totals(violations)
    rows = []
    for cfg in ruleset.active:
        spec = reg[cfg.id].spec if cfg.id in reg else None
        count, amount, penalty = tot.get(cfg.id, (0, 0, 0))
        rows.append(
            {
                "id": cfg.id,
                "title": spec.title_da if spec else cfg.id,
                "mode": cfg.mode.value,
                "weight": cfg.weight if cfg.mode is Mode.SOFT else None,
                "params": cfg.params.model_dump(mode="json"),
                "source": spec.source.value if spec else None,
                "citation": spec.citation if spec else None,
                "source_note": cfg.source_note or None,
                "unit": spec.unit_da if spec else None,
                "count": count,
                "amount": amount,
                "penalty": penalty,
            }
        )
    return rows


def build_report(
    instance: PlanningInstance,
    ruleset: RuleSet,
    plan_result: PlanResult,
    registry: Registry | None = None,
    *,
    alternatives: bool = False,
) -> dict[str, Any]:
    """The content of ``report.json`` for one solve.

    Args:
        instance: The planning instance that was solved.
        ruleset: The rule set it was solved under.
        plan_result: What :func:`workbench.engine.plan` returned.
        registry: Rule catalogue (defaults to the full registry).
        alternatives: Also re-solve per soft rule for "the cheapest
            alternative the model saw" (``why_roster.alternatives``; costs a
            few seconds per soft rule with a penalty, so off by default).

    Returns:
        A JSON-able dict (see the keys below; ``violations`` and ``rules``
        come from the solver-free checkers).
    """
    res = plan_result.result
    viol = plan_result.violations
    s = plan_result.settings
    return {
        "workbench_version": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "unit": instance.unit.name,
        "period": {
            "start": instance.start.isoformat(),
            "end": instance.end.isoformat(),
            "weeks": instance.weeks,
            "days": instance.n_days,
        },
        "ruleset": {
            "name": ruleset.name,
            "description": ruleset.description,
            "hash": ruleset.hash,
            "files": [_show(f) for f in ruleset.files],
        },
        "solver": {
            "time_limit_s": s.time_limit_s,
            "workers": s.workers,
            "seed": s.seed,
            "relative_gap": s.relative_gap,
            "cp_params": dict(getattr(s, "cp_params", ())),
        },
        "status": res.status,
        "has_roster": res.has_roster,
        "objective": _num(res.objective),
        "best_bound": _num(res.bound),
        "gap": _num(res.gap),
        "time_to_first_roster_s": _secs(res.time_to_first_s),
        "time_to_best_s": _secs(res.time_to_best_s),
        "build_s": _secs(plan_result.build_s),
        "solve_s": _secs(plan_result.solve_s),
        "check_s": _secs(plan_result.check_s),
        "employees": len(instance.employees),
        "assignments": len(res.assignments),
        "hard_violations": len(plan_result.hard_violations),
        "soft_penalty": plan_result.penalty,
        "rules": rule_rows(ruleset, viol, registry),
        "violations": violation_rows(instance, viol),
        "progress": [[_secs(t), _num(o), _num(b)] for t, o, b in res.progress],
        "warnings": list(plan_result.warnings),
        **people_sections(
            instance, res.assignments if res.has_roster else [], ruleset
        ),
        **why_sections(
            instance, ruleset, res.assignments if res.has_roster else [], registry,
            alternatives=alternatives, violations=viol,
        ),
    }


def _records(df: Any) -> list[dict[str, Any]]:
    """DataFrame rows as JSON records (NaN -> None, numpy -> Python)."""
    return json.loads(df.to_json(orient="records", force_ascii=False))


def why_sections(
    instance: PlanningInstance,
    ruleset: RuleSet,
    assignments: Sequence[Assignment],
    registry: Registry | None = None,
    *,
    alternatives: bool = False,
    violations: Sequence[Violation] | None = None,
) -> dict[str, Any]:
    """"Why this roster" as JSON: per employee and per (employee, rule) costs,
    and optionally the cheapest alternatives (empty without a roster)."""
    if not assignments:
        return {
            "why_roster": {"employees": [], "employee_rules": [], "alternatives": None}
        }
    from workbench.explain import why_roster

    why = why_roster(
        instance,
        ruleset,
        assignments,
        registry=registry,
        alternatives=alternatives,
        violations=violations,
    )
    return {
        "why_roster": {
            "employees": _records(why["employees"]),
            "employee_rules": _records(why["employee_rules"]),
            "alternatives": _records(why["alternatives"]) if alternatives else None,
        }
    }


def people_sections(
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    ruleset: RuleSet | None = None,
) -> dict[str, Any]:
    """Traffic light and fairness tables as JSON records (empty without a roster).

    Thresholds and the night/weekend definitions come from ``ruleset``
    (:meth:`workbench.reporting.TrafficLightConfig.from_ruleset`).
    """
    if not assignments:
        return {"traffic_light": [], "traffic_light_summary": [],
                "roster_light": None, "fairness": [], "fairness_spread": [],
                "fairness_scores": [], "worst_off": None}
    from workbench.reporting import (
        TrafficLightConfig,
        fairness,
        fairness_scores,
        fairness_spread,
        roster_light,
        traffic_light,
        traffic_light_summary,
        worst_off,
    )

    cfg = TrafficLightConfig.from_ruleset(ruleset)
    tl = traffic_light(instance, assignments, config=cfg)
    fair = fairness(instance, assignments, config=cfg)
    return {
        "traffic_light": _records(tl),
        "traffic_light_summary": _records(traffic_light_summary(tl)),
        "roster_light": roster_light(tl),
        "fairness": _records(fair),
        "fairness_spread": _records(fairness_spread(fair)),
        "fairness_scores": _records(fairness_scores(fair)),
        "worst_off": worst_off(fair),
    }


def period_da(start: dt.date, end: dt.date) -> str:
    """'4.1.–31.1.2027' (the year once when both ends share it)."""
    if start.year == end.year:
        return f"{start.day}.{start.month}.–{end.day}.{end.month}.{end.year}"
    return f"{start.day}.{start.month}.{start.year}–{end.day}.{end.month}.{end.year}"


def int_da(x: float | int) -> str:
    """An integer with space as thousands separator: '1 234'."""
    return f"{round(x):,}".replace(",", " ")


def seconds_da(x: float | None) -> str:
    """'3,2 s' (two decimals below one second: '0,04 s')."""
    if x is None:
        return "? s"
    return f"{number_da(x, 2 if x < 1 else 1)} s"


def _weeks_da(n: int) -> str:
    return "1 uge" if n == 1 else f"{n} uger"


def summary_da(report: Mapping[str, Any]) -> str:
    """A short Danish summary of a report for the terminal."""
    per = report["period"]
    start = dt.date.fromisoformat(per["start"])
    end = dt.date.fromisoformat(per["end"])
    head = (
        f"Vagtplan for {report['unit']}, {period_da(start, end)} "
        f"({_weeks_da(per['weeks'])}), regelsæt {report['ruleset']['name']}"
    )
    status = report["status"]
    # Wall time of the plan (model building included), as the progress lines show.
    total = (report.get("solve_s") or 0.0) + (report.get("build_s") or 0.0)
    t = seconds_da(total if report.get("solve_s") is not None else None)
    if status == "OPTIMAL":
        outcome = f"fundet optimal plan på {t}."
    elif status == "FEASIBLE":
        bound = report.get("best_bound")
        b = f"; nedre grænse {int_da(bound)}" if bound is not None else ""
        limit = (report.get("solver") or {}).get("time_limit_s")
        solve_s = report.get("solve_s") or 0.0
        early = limit is not None and solve_s < 0.95 * limit
        why = "stoppet før tidsgrænsen" if early else "tidsgrænsen nået"
        outcome = f"fundet gyldig plan på {t} ({why}, ikke bevist optimal{b})."
    elif status == "INFEASIBLE":
        outcome = "ingen plan er mulig: de hårde regler kan ikke overholdes samtidig."
    elif status == "UNKNOWN":
        outcome = f"ingen plan fundet inden for tidsgrænsen ({t})."
    else:
        outcome = f"solveren svarede {status}."
    lines = [f"{head}: {outcome}"]
    if not report.get("has_roster"):
        return "\n".join(lines)
    first = report.get("time_to_first_roster_s")
    if first is not None:
        lines.append(f"Første plan, der overholder de hårde regler: {seconds_da(first)}.")
    lines.append(
        f"{report['employees']} medarbejdere, {int_da(report['assignments'])} vagter."
    )
    rules = report.get("rules", [])
    hard = [r for r in rules if r["mode"] == "hard" and r["count"]]
    if hard:
        parts = [f"{r['title']} ({r['count']})" for r in hard]
        lines.append(
            f"{report['hard_violations']} brud på hårde regler: {', '.join(parts)}."
        )
    else:
        lines.append("Ingen brud på hårde regler.")
    soft = [r for r in rules if r["mode"] == "soft" and r["amount"]]
    if soft:
        parts = [
            f"{r['title']}: {int_da(r['amount'])} {r.get('unit') or 'brud'} "
            f"(straf {int_da(r['penalty'])})"
            for r in sorted(soft, key=lambda r: -r["penalty"])
        ]
        lines.append(
            f"Bløde afvigelser: {'; '.join(parts)}. "
            f"Samlet straf {int_da(report['soft_penalty'])}."
        )
    else:
        lines.append("Ingen bløde afvigelser.")
    lines.extend(report.get("warnings", []))
    return "\n".join(lines)


def write_report(path: str | os.PathLike[str], report: Mapping[str, Any]) -> None:
    """Write ``report`` as UTF-8 JSON, atomically (temp file + ``os.replace``)."""
    target = Path(path)
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
