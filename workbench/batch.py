"""Headless batch runs: many scenarios through ``notebooks/03_batch.ipynb``.

A batch config (YAML) lists scenarios (unit, rule set, period, time limit).
:func:`run_batch` executes the batch notebook once per scenario with
papermill, in parallel over the local cores, and keeps every executed
notebook as the record of its run (``<output_dir>/<name>/run.ipynb``) next to
the scenario's roster, report and exports. ``<output_dir>/summary.csv`` has
one row per scenario; a failing scenario (missing unit, infeasible rules, an
error in the notebook) gets its Danish error there and does not stop the
others.

The notebook itself makes exactly one call: :func:`solve_and_write`, which
loads, solves and writes ``roster.csv``, ``report.json``, ``roster.xlsx``,
``ical/`` and ``report.html`` (pseudonymised, for the Lokal-MED) and returns a
small summary.

Config format (paths are relative to the config file)::

    notebook: notebooks/03_batch.ipynb   # optional (this is the default)
    output_dir: out/batch                # required
    parallel: 2                          # optional; default = number of cores
    scenarios:
      - name: tiny_lov                   # letters, digits, "_", "-", "."
        unit_dir: sample_data/tiny
        rules: constraints/law_dk.yaml
        start: 2027-01-04                # optional (default: unit.yaml)
        weeks: 1                         # optional (default: unit.yaml)
        time_limit_s: 5                  # optional (default: 30)
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from workbench.errors import InputError, InputProblem, WorkbenchError

__all__ = [
    "DEFAULT_NOTEBOOK",
    "SUMMARY_COLUMNS",
    "BatchConfig",
    "Scenario",
    "add_batch_parser",
    "check_kernel",
    "load_batch_config",
    "run_batch",
    "run_batch_cli",
    "solve_and_write",
]

PathLike = str | os.PathLike[str]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NOTEBOOK = REPO_ROOT / "notebooks" / "03_batch.ipynb"
SUMMARY_COLUMNS = (
    "scenario",
    "status",
    "objective",
    "bound",
    "gap",
    "hard_violations",
    "seconds",
    "error",
)
RUN_NOTEBOOK = "run.ipynb"
SUMMARY_FILE = "summary.json"
OUTPUT_FILES = (
    "roster.csv",
    "report.json",
    "roster.xlsx",
    "report.html",
    SUMMARY_FILE,
    RUN_NOTEBOOK,
)
FAILED = "FEJL"
"""Status of a scenario whose run failed before a solve result existed."""
DEFAULT_TIME_LIMIT_S = 30.0

_TOP_KEYS = ("notebook", "output_dir", "parallel", "scenarios")
_SCENARIO_KEYS = ("name", "unit_dir", "rules", "start", "weeks", "time_limit_s")
_NAME_RE = re.compile(r"^[\w][\w.-]*$")


# -- solving one scenario (the notebook's call) ----------------------------------------


def _no_roster_da(status: str) -> str:
    if status == "INFEASIBLE":
        return (
            "Ingen vagtplan er mulig: de hårde regler kan ikke overholdes samtidig "
            "(fx for få medarbejdere til minimumsbemandingen)."
        )
    if status == "UNKNOWN":
        return (
            "Ingen vagtplan fundet inden for tidsgrænsen; prøv en længere tidsgrænse."
        )
    return f"Solveren svarede {status}; ingen vagtplan."


def solve_and_write(
    unit_dir: PathLike,
    rules: PathLike,
    output_dir: PathLike,
    *,
    start: dt.date | str | None = None,
    weeks: int | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    workers: int = 1,
    seed: int = 0,
) -> dict[str, Any]:
    """Load a unit, solve it and write every output into ``output_dir``.

    Writes ``report.json`` and ``summary.json`` always, and with a roster
    also ``roster.csv``, ``roster.xlsx``, ``ical/<employee>.ics`` and the
    pseudonymised Lokal-MED report ``report.html``. Files of an earlier run
    that this run does not produce are removed, so the directory never mixes
    two runs.

    Returns:
        A JSON-able summary: status, objective, bound, gap, hard_violations,
        soft_penalty, assignments, seconds, error (Danish, or None) and the
        files written.

    Raises:
        WorkbenchError: bad input (unit directory, rule set, period); the
            message is Danish and names the file and field.
    """
    from workbench.engine import SolverSettings, plan
    from workbench.exports import export_excel, export_html, export_ical
    from workbench.io import load_instance, write_roster
    from workbench.report import build_report, write_report
    from workbench.rulesets import load_ruleset

    t0 = time.perf_counter()
    out = Path(output_dir)
    ruleset = load_ruleset(rules)
    instance = load_instance(unit_dir, start=start, weeks=weeks)
    settings = SolverSettings(
        time_limit_s=float(time_limit_s), workers=int(workers), seed=int(seed)
    )
    result = plan(instance, ruleset, settings)
    report = build_report(instance, ruleset, result)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WorkbenchError(
            f'Mappen "{out}" kan ikke oprettes: {e.strerror or type(e).__name__}.'
        ) from e
    for name in ("roster.csv", "roster.xlsx", "report.html", SUMMARY_FILE):
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(out / "ical", ignore_errors=True)
    written = ["report.json"]
    write_report(out / "report.json", report)
    error = None
    if result.has_roster:
        write_roster(out / "roster.csv", instance, result.assignments)
        export_excel(
            out / "roster.xlsx", instance, result.assignments, result.violations
        )
        export_ical(out / "ical", instance, result.assignments)
        export_html(
            out / "report.html",
            instance,
            ruleset,
            report,
            assignments=result.assignments,
            pseudonymise=True,
        )
        written += ["roster.csv", "roster.xlsx", "ical/", "report.html"]
    else:
        error = _no_roster_da(result.status)
    summary = {
        "unit": instance.unit.name,
        "ruleset": ruleset.name,
        "start": instance.start.isoformat(),
        "weeks": instance.weeks,
        "status": result.status,
        "objective": report["objective"],
        "bound": report["best_bound"],
        "gap": report["gap"],
        "hard_violations": report["hard_violations"],
        "soft_penalty": report["soft_penalty"],
        "assignments": report["assignments"],
        "seconds": round(time.perf_counter() - t0, 3),
        "error": error,
        "files": written,
    }
    _write_json(out / SUMMARY_FILE, summary)
    return summary


def _write_json(path: Path, data: Any) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- the config ------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One scenario of a batch (paths already resolved)."""

    name: str
    unit_dir: Path
    rules: Path
    start: dt.date | None = None
    weeks: int | None = None
    time_limit_s: float = DEFAULT_TIME_LIMIT_S


@dataclass(frozen=True)
class BatchConfig:
    """A validated batch config."""

    path: Path
    notebook: Path
    output_dir: Path
    parallel: int
    scenarios: tuple[Scenario, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text (impossible dates get a Danish error)."""


_Loader.yaml_implicit_resolvers = {
    ch: [r for r in rs if r[0] != "tag:yaml.org,2002:timestamp"]
    for ch, rs in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _suggest(word: str, known: Sequence[str]) -> str:
    m = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f' (mente du "{m[0]}"?)' if m else ""


def _default_parallel() -> int:
    return max(1, os.cpu_count() or 1)


def load_batch_config(path: PathLike) -> BatchConfig:
    """Read and validate a batch config; relative paths are from its folder.

    Raises:
        InputError: every problem found, each naming the file and the field
            (e.g. ``scenarios[1].weeks``) in Danish.
    """
    p = Path(path)
    fname = p.name
    if not p.is_file():
        where = "findes ikke" if not p.exists() else "er ikke en fil"
        raise InputError(InputProblem(str(p), None, None, None, f"batch-filen {where}"))
    try:
        data = yaml.load(p.read_text(encoding="utf-8-sig"), Loader=_Loader)
    except UnicodeDecodeError:
        raise InputError(
            InputProblem(fname, None, None, None, "filen er ikke gemt som UTF-8")
        ) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" i linje {mark.line + 1}" if mark is not None else ""
        raise InputError(
            InputProblem(
                fname,
                None,
                None,
                None,
                f"filen kan ikke læses som YAML{line}: {getattr(e, 'problem', e)}",
            )
        ) from None
    problems: list[InputProblem] = []

    def bad(field: str | None, value: Any, message: str) -> None:
        shown = None if value is None or isinstance(value, dict | list) else str(value)
        problems.append(InputProblem(fname, None, field, shown, message))

    if not isinstance(data, dict):
        bad(
            None,
            None,
            f"filen skal være en YAML-mapping med nøglerne {', '.join(_TOP_KEYS)}",
        )
        raise InputError(problems)
    base = p.resolve().parent
    for key in data:
        if key not in _TOP_KEYS:
            bad(
                str(key),
                None,
                f'ukendt nøgle "{key}"{_suggest(str(key), _TOP_KEYS)}; '
                f"tilladte nøgler: {', '.join(_TOP_KEYS)}",
            )

    notebook = DEFAULT_NOTEBOOK
    if data.get("notebook") is not None:
        nb = data["notebook"]
        if not isinstance(nb, str) or not nb.strip():
            bad("notebook", nb, "skal være stien til en notebook (.ipynb)")
        else:
            notebook = (base / nb).resolve()
    if not notebook.is_file():
        bad("notebook", str(notebook), f"notebooken {notebook} findes ikke")

    out = data.get("output_dir")
    output_dir = base / "out"
    if out is None:
        bad("output_dir", None, "mangler; angiv mappen til resultaterne")
    elif not isinstance(out, str) or not out.strip():
        bad("output_dir", out, "skal være en mappe (tekst)")
    else:
        output_dir = (base / out).resolve()
        if output_dir.exists() and not output_dir.is_dir():
            bad("output_dir", out, "findes allerede og er ikke en mappe")

    parallel = data.get("parallel")
    if parallel is None:
        parallel = _default_parallel()
    elif isinstance(parallel, bool) or not isinstance(parallel, int) or parallel < 1:
        bad("parallel", parallel, "skal være et helt tal på mindst 1")
        parallel = 1

    raw = data.get("scenarios")
    scenarios: list[Scenario] = []
    if raw is None:
        bad("scenarios", None, "mangler; angiv en liste af scenarier")
        raw = []
    elif not isinstance(raw, list) or not raw:
        bad("scenarios", None, "skal være en ikke-tom liste af scenarier")
        raw = []
    seen: dict[str, int] = {}
    for i, s in enumerate(raw):
        at = f"scenarios[{i}]"
        if not isinstance(s, dict):
            bad(
                at, s, "hvert scenarie skal være en mapping med name, unit_dir og rules"
            )
            continue
        ok = True
        for key in s:
            if key not in _SCENARIO_KEYS:
                ok = False
                bad(
                    f"{at}.{key}",
                    None,
                    f'ukendt nøgle "{key}"{_suggest(str(key), _SCENARIO_KEYS)}; '
                    f"tilladte nøgler: {', '.join(_SCENARIO_KEYS)}",
                )
        name = s.get("name")
        if name is None:
            ok = False
            bad(f"{at}.name", None, "mangler; hvert scenarie skal have et navn")
        elif not isinstance(name, str | int) or not _NAME_RE.match(str(name)):
            ok = False
            bad(
                f"{at}.name",
                name,
                'navnet må kun indeholde bogstaver, tal, "_", "-" '
                'og "." (det bliver et mappenavn)',
            )
        elif str(name) in seen:
            ok = False
            bad(
                f"{at}.name",
                name,
                f"navnet er allerede brugt af scenarios[{seen[str(name)]}]",
            )
        else:
            seen[str(name)] = i
        paths: dict[str, Path] = {}
        for key in ("unit_dir", "rules"):
            v = s.get(key)
            if v is None:
                ok = False
                bad(f"{at}.{key}", None, "mangler")
            elif not isinstance(v, str) or not v.strip():
                ok = False
                bad(f"{at}.{key}", v, "skal være en sti (tekst)")
            else:
                paths[key] = (base / v).resolve()
        start = s.get("start")
        if start is not None and not isinstance(start, dt.date):
            try:
                start = dt.date.fromisoformat(str(start))
            except ValueError:
                ok = False
                bad(
                    f"{at}.start",
                    start,
                    "skal være en dato ÅÅÅÅ-MM-DD, f.eks. 2027-01-04",
                )
        if isinstance(start, dt.datetime):
            start = start.date()
        weeks = s.get("weeks")
        if weeks is not None and (
            isinstance(weeks, bool)
            or not isinstance(weeks, int)
            or not 1 <= weeks <= 52
        ):
            ok = False
            bad(f"{at}.weeks", weeks, "antal uger skal være et helt tal fra 1 til 52")
        limit = s.get("time_limit_s", DEFAULT_TIME_LIMIT_S)
        if isinstance(limit, bool) or not isinstance(limit, int | float) or limit <= 0:
            ok = False
            bad(
                f"{at}.time_limit_s",
                limit,
                "tidsgrænsen skal være et tal over 0 (sekunder)",
            )
        if ok:
            scenarios.append(
                Scenario(
                    str(name),
                    paths["unit_dir"],
                    paths["rules"],
                    start,
                    weeks,
                    float(limit),
                )
            )
    if problems:
        raise InputError(problems)
    return BatchConfig(
        p.resolve(), notebook, output_dir, int(parallel), tuple(scenarios)
    )


# -- the kernel ------------------------------------------------------------------------

KERNEL_NAME = "python3"


def check_kernel(*, install: bool = False) -> str:
    """Make sure the Jupyter kernel ``python3`` runs this very Python.

    A kernel spec whose command is ``python`` (the ipykernel default) is run
    by jupyter_client with ``sys.executable``, i.e. the venv's interpreter.

    Args:
        install: Install the kernel spec into this environment's prefix
            (``python -m ipykernel install --sys-prefix``) when it is missing.

    Returns:
        The kernel spec's resource directory.

    Raises:
        WorkbenchError: the kernel is missing (and not installed) or points to
            another Python.
    """
    import subprocess

    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        if not install:
            raise WorkbenchError(
                f"Jupyter-kernen {KERNEL_NAME} findes ikke i dette miljø; installér "
                f"den med: {sys.executable} -m ipykernel install --sys-prefix"
            ) from None
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ipykernel",
                "install",
                "--sys-prefix",
                "--name",
                KERNEL_NAME,
            ],
            check=True,
            capture_output=True,
        )
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    exe = spec.argv[0] if spec.argv else ""
    major, minor = sys.version_info[:2]
    generic = {"python", f"python{major}", f"python{major}.{minor}"}
    if exe not in generic and Path(exe).resolve() != Path(sys.executable).resolve():
        raise WorkbenchError(
            f"Jupyter-kernen {KERNEL_NAME} ({spec.resource_dir}) kører {exe}, ikke "
            f"{sys.executable}; installér den igen med: {sys.executable} -m "
            "ipykernel install --sys-prefix"
        )
    return str(spec.resource_dir)


# -- running ---------------------------------------------------------------------------


def _parameters(s: Scenario, out: Path) -> dict[str, Any]:
    return {
        "unit_dir": str(s.unit_dir),
        "rules": str(s.rules),
        "start": s.start.isoformat() if s.start else None,
        "weeks": s.weeks,
        "time_limit_s": s.time_limit_s,
        "output_dir": str(out),
        "workers": 1,
        "seed": 0,
    }


def _run_scenario(notebook: str, scenario: Scenario, out: str) -> dict[str, Any]:
    """Execute the notebook for one scenario (in a worker process).

    Never raises: every failure becomes the row's Danish ``error``.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    t0 = time.perf_counter()
    out_dir = Path(out)
    row: dict[str, Any] = dict.fromkeys(SUMMARY_COLUMNS)
    row["scenario"] = scenario.name
    error: str | None = None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in OUTPUT_FILES:
            (out_dir / name).unlink(missing_ok=True)
        shutil.rmtree(out_dir / "ical", ignore_errors=True)
        papermill.execute_notebook(
            notebook,
            str(out_dir / RUN_NOTEBOOK),
            parameters=_parameters(scenario, out_dir),
            kernel_name=KERNEL_NAME,
            cwd=str(Path(notebook).parent),
            progress_bar=False,
            log_output=False,
            execution_timeout=int(scenario.time_limit_s) + 600,
        )
    except PapermillExecutionError as e:
        error = f"Kørslen fejlede i notebooken: {e.evalue or e.ename}"
    except Exception as e:  # kernel could not start, file errors, ...
        error = f"Kørslen kunne ikke gennemføres: {type(e).__name__}: {e}"
    summary_path = out_dir / SUMMARY_FILE
    if error is None:
        try:
            summary = json.loads(summary_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            error = f"Notebooken skrev ikke {SUMMARY_FILE} i {out_dir}."
        else:
            for k in ("status", "objective", "bound", "gap", "hard_violations"):
                row[k] = summary.get(k)
            error = summary.get("error")
    if row["status"] is None:
        row["status"] = FAILED
    row["error"] = error
    row["seconds"] = round(time.perf_counter() - t0, 2)
    return row


def run_batch(
    config_path: PathLike,
    *,
    parallel: int | None = None,
    output_dir: PathLike | None = None,
) -> pd.DataFrame:
    """Run every scenario of a batch config and write ``summary.csv``.

    Scenarios run in parallel (``parallel`` processes; default from the
    config, else the number of cores), each through the batch notebook with
    papermill; the executed notebook is kept as ``<output_dir>/<name>/
    run.ipynb``. A failing scenario is reported in its row (status ``FEJL``
    or the solver's status, and a Danish ``error``); the others still run.

    Args:
        config_path: The batch YAML.
        parallel: Override the config's ``parallel``.
        output_dir: Override the config's ``output_dir``.

    Returns:
        The summary (columns :data:`SUMMARY_COLUMNS`), in config order;
        ``seconds`` is the wall time of the scenario's whole run (kernel
        start, load, solve and exports).

    Raises:
        InputError: the config is invalid (nothing is run).
    """
    cfg = load_batch_config(config_path)
    check_kernel()
    out = Path(output_dir).resolve() if output_dir is not None else cfg.output_dir
    n = parallel if parallel is not None else cfg.parallel
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise WorkbenchError("parallel skal være et helt tal på mindst 1.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WorkbenchError(
            f'Mappen "{out}" kan ikke oprettes: {e.strerror or type(e).__name__}.'
        ) from e
    jobs = [(str(cfg.notebook), s, str(out / s.name)) for s in cfg.scenarios]
    workers = min(n, len(jobs))
    rows: list[dict[str, Any]]
    if workers == 1:
        rows = [_run_scenario(*j) for j in jobs]
    else:
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = [pool.submit(_run_scenario, *j) for j in jobs]
            rows = []
            for j, f in zip(jobs, futures, strict=True):
                try:
                    rows.append(f.result())
                except Exception as e:  # a worker process died
                    rows.append(
                        {
                            **dict.fromkeys(SUMMARY_COLUMNS),
                            "scenario": j[1].name,
                            "status": FAILED,
                            "error": "Kørslen stoppede uventet: "
                            f"{type(e).__name__}: {e}",
                        }
                    )
    table = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    _write_csv(out / "summary.csv", table)
    return table


def _write_csv(path: Path, table: pd.DataFrame) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        table.to_csv(tmp, index=False, encoding="utf-8")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- the command line ------------------------------------------------------------------


def _positive_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"antal parallelle kørsler skal være et helt tal (fik '{text}')"
        ) from None
    if v < 1:
        raise argparse.ArgumentTypeError(
            f"antal parallelle kørsler skal være mindst 1 (fik {v})"
        )
    return v


def add_batch_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``workbench batch CONFIG.yaml`` to the CLI's sub-commands."""
    b = subparsers.add_parser(
        "batch",
        help="kør flere scenarier uden brugerflade (papermill)",
        description="Kør alle scenarier i batch-filen CONFIG.yaml gennem "
        "notebooken notebooks/03_batch.ipynb med papermill, parallelt på "
        "maskinens kerner. Hvert scenarie får sin egen mappe med roster.csv, "
        "report.json, roster.xlsx, ical/, report.html og den kørte notebook "
        "(run.ipynb); en oversigt skrives i summary.csv. Et scenarie, der "
        "fejler, står med sin fejl i oversigten og stopper ikke de andre.",
        epilog="Exitkoder: 0 = alle scenarier gav en vagtplan, 1 = mindst ét "
        "scenarie fejlede eller gav ingen plan, 2 = fejl i batch-filen.",
    )
    b.add_argument("config", metavar="CONFIG.yaml", help="batch-filen (YAML)")
    b.add_argument(
        "--parallel",
        metavar="N",
        type=_positive_int,
        help="antal scenarier, der køres samtidig (standard: parallel i "
        "batch-filen, ellers antal kerner)",
    )
    b.add_argument(
        "--output-dir",
        metavar="DIR",
        help="mappe til resultaterne (standard: output_dir i batch-filen)",
    )
    b.set_defaults(func=run_batch_cli)
    return b


def _fmt(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "–"
    if isinstance(v, float):
        return f"{v:g}".replace(".", ",")
    return str(v)


def run_batch_cli(args: argparse.Namespace) -> int:
    """``workbench batch``: run the batch and print the summary in Danish."""
    from workbench.report import STATUS_DA

    cfg = load_batch_config(args.config)
    out = Path(args.output_dir).resolve() if args.output_dir else cfg.output_dir
    n = args.parallel or min(cfg.parallel, len(cfg.scenarios))
    print(
        f"Kører {len(cfg.scenarios)} scenarie(r) fra {args.config}, {n} ad gangen …",
        file=sys.stderr,
        flush=True,
    )
    table = run_batch(args.config, parallel=n, output_dir=out)
    failed = 0
    for r in table.to_dict("records"):
        ok = r["status"] in ("OPTIMAL", "FEASIBLE") and not _present(r["error"])
        failed += not ok
        status = STATUS_DA.get(r["status"], r["status"])
        line = (
            f"  {r['scenario']}: {status}; mål {_fmt(r['objective'])}, grænse "
            f"{_fmt(r['bound'])}, brud på hårde regler {_fmt(r['hard_violations'])}, "
            f"{_fmt(r['seconds'])} s"
        )
        if _present(r["error"]):
            err = str(r["error"]).replace("\n", "\n      ")
            line += f"\n    Fejl: {err}"
        print(line)
    print(f"Oversigt: {out / 'summary.csv'}")
    if failed:
        print(
            f"{failed} af {len(table)} scenarier gav ingen vagtplan.", file=sys.stderr
        )
    return 1 if failed else 0


def _present(v: Any) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and v != ""
