"""Benchmark the engine on Danish units: the sample unit and generated ones.

Prints, per case: model build time, time to the first compliant roster,
objective, bound and gap at the time limit, and peak memory (RSS). Figures are
recorded with the command in ``docs/BENCHMARKS.md``.

    python -m workbench.benchmarks.danish --case solsikken --rules constraints/recommendations.yaml
    python -m workbench.benchmarks.danish --case gen:60x12 --time-limit 120
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from workbench.domain import PlanningInstance
from workbench.scheduling.solver import SolverSettings

ROOT = Path(__file__).resolve().parents[2]


def load_case(case: str, seed: int = 1) -> PlanningInstance:
    """'solsikken', 'tiny', or 'gen:STAFFxWEEKS' (seeded generator)."""
    if case.startswith("gen:"):
        from workbench.generator import generate_unit

        staff, weeks = (int(x) for x in case[4:].split("x"))
        return generate_unit(staff, weeks, seed)
    from workbench.io import load_instance

    name = {"solsikken": "bosted_solsikken"}.get(case, case)
    return load_instance(ROOT / "sample_data" / name)


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB (Linux: ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(
    case: str, rules: str, time_limit: float, workers: int, seed: int,
    staged: bool = True,
) -> dict[str, object]:
    """Solve one case and return its figures."""
    from workbench.engine import plan
    from workbench.rulesets import load_ruleset

    inst = load_case(case, seed)
    rs = load_ruleset(rules)
    t0 = time.perf_counter()
    res = plan(inst, rs, SolverSettings(time_limit_s=time_limit, workers=workers,
                                         seed=seed, staged=staged))
    wall = time.perf_counter() - t0
    r = res.result
    hard = [v for v in res.violations if v.mode.value == "hard"]
    return {
        "case": case,
        "rules": rules,
        "staff": len(inst.employees),
        "weeks": inst.n_days / 7,
        "status": r.status,
        "build_s": round(res.build_s, 2),
        "time_to_first_s": None if r.time_to_first_s is None else round(r.time_to_first_s, 2),
        "time_to_best_s": None if r.time_to_best_s is None else round(r.time_to_best_s, 2),
        "objective": r.objective,
        "bound": r.bound,
        "gap": None if r.gap is None else round(r.gap, 4),
        "hard_violations": len(hard),
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "workers": workers,
        "staged": staged,
        "load_avg_1m": round(__import__("os").getloadavg()[0], 1),
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", action="append", required=True)
    ap.add_argument("--rules", default=str(ROOT / "constraints" / "recommendations.yaml"))
    ap.add_argument("--time-limit", type=float, default=30)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", default=None)
    ap.add_argument("--no-staged", dest="staged", action="store_false")
    a = ap.parse_args(argv)
    out = []
    for case in a.case:
        rec = run_case(case, a.rules, a.time_limit, a.workers, a.seed, a.staged)
        print(json.dumps(rec, ensure_ascii=False), flush=True)
        out.append(rec)
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
