"""The workbench's state: a traitlets model with no widgets in it.

:class:`WorkbenchState` holds everything the planner's workbench shows and
changes (the unit, the rule set, the solver settings, the roster, the pins,
the violations) and offers the actions (solve, stop, edit, pin, explain,
save). Its methods call only ``workbench.*`` functions; the views in this
package observe its traits and never compute anything themselves. It can be
driven without a front end, which is how the tests use it.

Nothing is recomputed that did not change: the instance is loaded once, a
hand edit runs the solver-free check once, and the tables are cached per
roster revision and rule-set hash.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from traitlets import Any as AnyTrait
from traitlets import Bool, Dict, Float, HasTraits, Instance, Int, List, Unicode

from workbench.domain import Assignment, Pin, PlanningInstance
from workbench.engine import PlanResult, plan
from workbench.errors import RuleSetError, WorkbenchError
from workbench.explain import Diagnosis, diagnose
from workbench.report import STATUS_DA, build_report
from workbench.reporting import (
    fairness,
    fairness_spread,
    traffic_light,
    traffic_light_summary,
)
from workbench.rulesets import (
    DEFAULT_RULESET,
    Where,
    _check_entry,
    _config,
    _merge,
    _validate,
    dump_ruleset,
    load_ruleset,
)
from workbench.scheduling.checks import Violation, check
from workbench.scheduling.registry import Mode, Registry, RuleConfig, RuleSet
from workbench.scheduling.solver import SolverSettings

log = logging.getLogger(__name__)

UI_WHERE = "regelsæt i arbejdsbordet"
"""How rule-set errors from the UI name their 'file'."""

CellKey = tuple[str, dt.date]


def _registry() -> Registry:
    from workbench.scheduling.rules import REGISTRY

    return REGISTRY


def _raw_entry(cfg: RuleConfig) -> dict[str, Any]:
    """A configured rule as the loader's merged raw entry."""
    raw: dict[str, Any] = {
        "mode": cfg.mode,
        "params": cfg.params.model_dump(),
        "enabled": cfg.enabled,
    }
    if cfg.mode is Mode.SOFT:
        raw["weight"] = cfg.weight
    if cfg.source_note:
        raw["source"] = cfg.source_note
    return raw


class WorkbenchState(HasTraits):
    """Everything the workbench shows, and the actions on it.

    Attributes:
        unit_dir: The unit directory the instance was loaded from.
        ruleset_path: The rule-set file the rule set was loaded from.
        instance: The planning instance as loaded (pins from ``pins.csv``).
        ruleset: The current rule set (changed with :meth:`set_rule`).
        time_limit_s, workers, seed: Solver settings.
        busy: True while a solve or a diagnosis runs.
        elapsed_s: Seconds since the running solve started (ticks while busy).
        progress: The search trace, a list of ``(seconds, objective, bound)``.
        result: The last :class:`~workbench.engine.PlanResult` (or None).
        assignments: The current roster (after hand edits).
        violations: The checkers' findings on the current roster.
        pins: ``{(employee_id, date): shift_id or None}``, the locked cells.
        diagnosis: The last :class:`~workbench.explain.Diagnosis`.
        status: A Danish status line for the planner.
        revision: Bumped whenever the roster, the pins or the rules change.
    """

    unit_dir = Unicode("")
    ruleset_path = Unicode("")
    instance = Instance(PlanningInstance, allow_none=True)
    ruleset = Instance(RuleSet, allow_none=True)
    time_limit_s = Float(30.0)
    workers = Int(2)
    seed = Int(0)
    busy = Bool(False)
    elapsed_s = Float(0.0)
    progress = List()
    result = AnyTrait(None, allow_none=True)
    assignments = List()
    violations = List()
    pins = Dict()
    diagnosis = AnyTrait(None, allow_none=True)
    status = Unicode("")
    revision = Int(0)

    def __init__(self, registry: Registry | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.registry: Registry = registry or _registry()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._cache: dict[str, tuple[Any, Any]] = {}
        self._pinned: tuple[tuple, PlanningInstance, PlanningInstance] | None = None
        self.stopped = False
        if self.instance is not None and not self.pins:
            self.pins = {
                (p.employee_id, p.date): p.shift_id for p in self.instance.pins
            }
        if not self.status:
            self.status = self._ready_message()

    # -- construction ---------------------------------------------------------------

    @classmethod
    def from_paths(
        cls,
        unit_dir: str | Path,
        ruleset_path: str | Path | None = None,
        *,
        start: dt.date | str | None = None,
        weeks: int | None = None,
        time_limit_s: float = 30.0,
        workers: int = 2,
        seed: int = 0,
    ) -> WorkbenchState:
        """Load a unit directory and a rule-set file (the default: law_dk).

        Raises:
            InputError: The unit's files are invalid (every problem listed).
            RuleSetError: The rule-set file is invalid.
        """
        from workbench.io import load_instance

        if isinstance(start, str):
            start = dt.date.fromisoformat(start)
        rs_path = Path(ruleset_path) if ruleset_path else DEFAULT_RULESET
        instance = load_instance(unit_dir, start=start, weeks=weeks)
        ruleset = load_ruleset(rs_path)
        return cls(
            unit_dir=str(unit_dir),
            ruleset_path=str(rs_path),
            instance=instance,
            ruleset=ruleset,
            time_limit_s=float(time_limit_s),
            workers=int(workers),
            seed=int(seed),
        )

    def _ready_message(self) -> str:
        if self.instance is None:
            return "Ingen enhed indlæst."
        inst = self.instance
        return (
            f"{inst.unit.name}: {len(inst.employees)} medarbejdere, "
            f"{inst.start:%d.%m.%Y}–{inst.end:%d.%m.%Y}. Klar til at lægge en plan."
        )

    # -- settings ---------------------------------------------------------------------

    @property
    def settings(self) -> SolverSettings:
        """The solver settings from the traits."""
        return SolverSettings(
            time_limit_s=float(self.time_limit_s),
            workers=max(1, int(self.workers)),
            seed=int(self.seed),
            staged=True,
        )

    def planning_instance(self) -> PlanningInstance:
        """The instance with the current pins (cached per pin set)."""
        if self.instance is None:
            raise WorkbenchError("Der er ingen enhed indlæst.")
        key = tuple(
            sorted((e, d.isoformat(), s or "") for (e, d), s in self.pins.items())
        )
        hit = self._pinned
        if hit is None or hit[0] != key or hit[1] is not self.instance:
            pins = tuple(
                Pin(employee_id=e, date=d, shift_id=s)
                for (e, d), s in sorted(
                    self.pins.items(), key=lambda kv: (kv[0][1], kv[0][0])
                )
            )
            pinned = self.instance.model_copy(update={"pins": pins})
            self._pinned = (key, self.instance, pinned)
        return self._pinned[2]

    # -- rules -----------------------------------------------------------------------

    def set_rule(
        self,
        rule_id: str,
        *,
        enabled: bool | None = None,
        mode: str | Mode | None = None,
        weight: int | None = None,
        params: dict[str, Any] | None = None,
    ) -> RuleConfig:
        """Change one rule of the rule set, validated as the YAML loader does.

        ``params`` are merged key-wise over the current ones. A rule the rule
        set does not have yet is added with its defaults, switched off unless
        ``enabled=True`` is given.

        Raises:
            RuleSetError: With a Danish message; the state is left unchanged.
        """
        if self.ruleset is None:
            raise RuleSetError("der er intet regelsæt indlæst.", file=UI_WHERE)
        where = Where(UI_WHERE, rule_id)
        if rule_id not in self.registry:
            raise where.error("ukendt regel-id.")
        r = self.registry[rule_id]
        spec = r.spec
        current = self.ruleset.get(rule_id)
        # A rule the set lacks is shown switched off; it stays off until enabled.
        parent = _raw_entry(current) if current else {"params": {}, "enabled": False}
        changes: dict[str, Any] = {}
        if enabled is not None:
            changes["enabled"] = enabled
        if mode is not None:
            changes["mode"] = mode.value if isinstance(mode, Mode) else mode
        if weight is not None:
            changes["weight"] = weight
        if params is not None:
            changes["params"] = dict(params)
        own = _check_entry(changes, spec, where)
        merged = _merge(parent, own, spec)
        if merged.get("mode", spec.default_mode) is Mode.HARD and "weight" not in own:
            merged.pop("weight", None)
        _validate(merged, spec, where)
        cfg = _config(r, merged)
        self.ruleset = self.ruleset.replace(cfg)
        self._rules_changed()
        return cfg

    def _rules_changed(self) -> None:
        if self.assignments:
            self._recheck()
        self.revision += 1
        self.status = (
            "Reglerne er ændret. Planen er kontrolleret igen; løs igen for en ny plan."
        )

    def save_ruleset(self, path: str | Path, base: str | Path | None = None) -> Path:
        """Write the current rule set as YAML (only the differences from ``base``)."""
        if self.ruleset is None:
            raise RuleSetError("der er intet regelsæt at gemme.", file=UI_WHERE)
        dump_ruleset(self.ruleset, path, base=base, registry=self.registry)
        self.status = f"Regelsættet er gemt i {path}."
        return Path(path)

    # -- solving ---------------------------------------------------------------------

    def solve(
        self,
        background: bool = False,
        *,
        hint: Sequence[Assignment] = (),
        on_done: Callable[[WorkbenchState], None] | None = None,
    ) -> bool:
        """Plan the unit under the current rules, pins and settings.

        With ``background`` the search runs in a thread (the kernel stays
        responsive; :meth:`stop` ends it, :meth:`wait` joins it). A second
        solve while one runs is refused.

        Returns:
            True when the solve ran (or started); False when refused.
        """
        with self._lock:
            if self.busy:
                self.status = "Der arbejdes allerede på en plan. Vent, eller tryk Stop."
                return False
            if self.instance is None or self.ruleset is None:
                self.status = "Indlæs først en enhed og et regelsæt."
                return False
            self.busy = True
        self._stop.clear()
        self.stopped = False
        self.progress = []
        self.diagnosis = None
        self.status = f"Lægger en plan (højst {self.time_limit_s:g} s) …"
        args = (
            self.planning_instance(),
            self.ruleset,
            self.settings,
            tuple(hint),
            on_done,
        )
        self.elapsed_s = 0.0
        if background:
            self._thread = threading.Thread(
                target=self._run, args=args, name="workbench-solve", daemon=True
            )
            self._thread.start()
            threading.Thread(
                target=self._tick,
                args=(self._thread,),
                name="workbench-tick",
                daemon=True,
            ).start()
        else:
            self._thread = None
            self._run(*args)
        return True

    def resolve_from_current(self, background: bool = False) -> bool:
        """Solve again, starting from the current roster; the pins are kept."""
        return self.solve(background, hint=list(self.assignments))

    def stop(self) -> None:
        """Stop a running solve; the best roster found so far is kept."""
        if self.busy:
            self.stopped = True
            self._stop.set()
            self.status = "Stopper søgningen …"

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a background solve; True when none is running any more."""
        t = self._thread
        if t is not None:
            t.join(timeout)
            return not t.is_alive()
        return not self.busy

    def _tick(self, thread: threading.Thread) -> None:
        """Update ``elapsed_s`` a few times a second while ``thread`` runs."""
        t0 = time.perf_counter()
        while True:
            thread.join(0.25)
            if not thread.is_alive():  # _run has set the final value
                return
            self.elapsed_s = round(time.perf_counter() - t0, 2)

    def _run(
        self,
        instance: PlanningInstance,
        ruleset: RuleSet,
        settings: SolverSettings,
        hint: tuple[Assignment, ...],
        on_done: Callable[[WorkbenchState], None] | None,
    ) -> None:
        trace: list[tuple[float, float, float]] = []
        last = [0.0]
        t0 = time.perf_counter()

        def progress(t: float, obj: float, bound: float) -> None:
            trace.append((t, obj, bound))
            now = time.perf_counter()
            if now - last[0] >= 0.2:
                last[0] = now
                self.progress = list(trace)

        try:
            res = plan(
                instance,
                ruleset,
                settings,
                hint=hint,
                progress=progress,
                stop=self._stop.is_set,
                registry=self.registry,
            )
        except WorkbenchError as exc:
            self.status = f"Planen kunne ikke lægges: {exc}"
            res = None
        except Exception as exc:  # a bug; never leave the UI busy
            log.exception("solve failed")
            self.status = f"Fejl under planlægningen (en fejl i workbench): {exc}"
            res = None
        try:
            if res is not None:
                self._apply_result(res, trace)
        finally:
            self.elapsed_s = round(time.perf_counter() - t0, 2)
            self.busy = False
        if on_done is not None:
            on_done(self)

    def _apply_result(self, res: PlanResult, trace: list) -> None:
        self.progress = list(res.result.progress or trace)
        self.result = res
        if res.has_roster:
            self.assignments = list(res.assignments)
            self.violations = list(res.violations)
            self.revision += 1
        self.status = self._result_message(res)

    def _result_message(self, res: PlanResult) -> str:
        status = STATUS_DA.get(res.status, res.status)
        t = f"{res.solve_s:.1f}".replace(".", ",")
        if res.has_roster:
            head = "Stoppet: bedste plan indtil nu" if self.stopped else "Plan fundet"
            msg = (
                f"{head} ({status}) på {t} s. Samlet straf {res.penalty}, "
                f"{len(res.hard_violations)} brud på hårde regler, "
                f"{len(res.soft_violations)} bløde afvigelser."
            )
        elif self.stopped:
            msg = f"Stoppet efter {t} s, før der blev fundet en plan ({status})."
        elif res.status == "INFEASIBLE":
            msg = (
                "Der findes ingen plan, der overholder alle hårde regler. "
                "Tryk 'Forklar' for at se hvorfor."
            )
        else:
            msg = f"Ingen plan fundet inden for {self.time_limit_s:g} s ({status})."
        if res.warnings:
            msg += " " + " ".join(res.warnings)
        return msg

    def solve_with(self, ruleset: RuleSet) -> PlanResult:
        """Plan the same instance under another rule set (for comparisons).

        Synchronous; does not touch the state's roster or result.
        """
        return plan(
            self.planning_instance(), ruleset, self.settings, registry=self.registry
        )

    # -- hand edits and pins -----------------------------------------------------------

    def _check_cell(self, employee_id: str, day: dt.date, shift_id: str | None) -> None:
        inst = self.instance
        if inst is None:
            raise WorkbenchError("Der er ingen enhed indlæst.")
        if employee_id not in {e.id for e in inst.employees}:
            raise WorkbenchError(f"Ukendt medarbejder '{employee_id}'.")
        if not inst.start <= day <= inst.end:
            raise WorkbenchError(f"{day:%d.%m.%Y} ligger uden for planperioden.")
        if shift_id is not None and shift_id not in {s.id for s in inst.unit.shifts}:
            raise WorkbenchError(f"Ukendt vagttype '{shift_id}'.")

    def cell(self, employee_id: str, day: dt.date) -> str | None:
        """The shift id in one cell of the current roster (None = off)."""
        for a in self.assignments:
            if a.employee_id == employee_id and a.date == day:
                return a.shift_id
        return None

    def edit(
        self, employee_id: str, day: dt.date, shift_id: str | None
    ) -> list[Violation]:
        """Change one cell by hand; the roster is checked again at once.

        Returns:
            The violations of the edited roster.
        """
        self._check_cell(employee_id, day, shift_id)
        if self.busy:
            raise WorkbenchError(
                "Vent til søgningen er færdig, før du retter i planen."
            )
        new = [
            a
            for a in self.assignments
            if not (a.employee_id == employee_id and a.date == day)
        ]
        if shift_id is not None:
            new.append(Assignment(employee_id=employee_id, date=day, shift_id=shift_id))
        new.sort(key=lambda a: (a.date, a.employee_id, a.shift_id))
        self.assignments = new
        self._recheck()
        self.revision += 1
        name = self.instance.employee(employee_id).name  # type: ignore[union-attr]
        hard = sum(1 for v in self.violations if v.mode is Mode.HARD)
        self.status = (
            f"{name} {day:%d.%m.}: {shift_id or 'fri'}. Kontrolleret: {hard} brud på "
            f"hårde regler, {len(self.violations) - hard} bløde afvigelser."
        )
        return list(self.violations)

    def pin(self, employee_id: str, day: dt.date, shift_id: str | None) -> None:
        """Lock one cell to ``shift_id`` (None = a day off); the roster follows."""
        self._check_cell(employee_id, day, shift_id)
        self.pins = {**self.pins, (employee_id, day): shift_id}
        if self.assignments and self.cell(employee_id, day) != shift_id:
            self.edit(employee_id, day, shift_id)
        else:
            if self.assignments:
                self._recheck()
            self.revision += 1
        self.status = f"Låst: {employee_id} {day:%d.%m.} = {shift_id or 'fri'}."

    def unpin(self, employee_id: str, day: dt.date) -> None:
        """Unlock one cell."""
        pins = dict(self.pins)
        if pins.pop((employee_id, day), "missing") == "missing":
            return
        self.pins = pins
        if self.assignments:
            self._recheck()
        self.revision += 1
        self.status = f"Låst celle fjernet: {employee_id} {day:%d.%m.}."

    def is_pinned(self, employee_id: str, day: dt.date) -> bool:
        """True when the cell is locked."""
        return (employee_id, day) in self.pins

    def load_roster(self, path: str | Path) -> None:
        """Read a ``roster.csv`` as the current roster and check it."""
        from workbench.io import load_roster

        if self.instance is None:
            raise WorkbenchError("Der er ingen enhed indlæst.")
        self.assignments = list(load_roster(path, self.instance))
        self._recheck()
        self.revision += 1
        self.status = f"Vagtplanen er indlæst fra {path} og kontrolleret."

    def _recheck(self) -> None:
        self.violations = check(
            self.planning_instance(), self.assignments, self.ruleset, self.registry
        )

    # -- explanation -------------------------------------------------------------------

    def explain(self, time_limit_s: float | None = None) -> Diagnosis:
        """Diagnose why the rule set admits no roster (or confirm one exists)."""
        if self.busy:
            raise WorkbenchError("Vent til søgningen er færdig.")
        limit = (
            time_limit_s if time_limit_s is not None else min(self.time_limit_s, 30.0)
        )
        self.busy = True
        try:
            d = diagnose(
                self.planning_instance(),
                self.ruleset,
                time_limit_s=limit,
                registry=self.registry,
            )
        finally:
            self.busy = False
        self.diagnosis = d
        self.status = d.text_da().split("\n")[0]
        return d

    # -- tables (cached per revision) -----------------------------------------------

    def _cached(self, name: str, make: Callable[[], Any]) -> Any:
        # The key holds the very objects (compared by identity): the traits are
        # always replaced, never mutated, so a new roster or new violations
        # mean new objects, even while observers run mid-update.
        key = (
            self.assignments,
            self.violations,
            self.ruleset,
            self.instance,
            tuple(self.pins.items()),
        )
        hit = self._cache.get(name)
        if (
            hit is not None
            and all(a is b for a, b in zip(hit[0][:4], key[:4], strict=True))
            and hit[0][4] == key[4]
        ):
            return hit[1]
        value = make()
        self._cache[name] = (key, value)
        return value

    def names(self) -> dict[str, str]:
        """Employee id -> name."""
        return {e.id: e.name for e in self.instance.employees} if self.instance else {}

    def roster_table(self) -> pd.DataFrame:
        """People x days: the shift id per cell ('' = off)."""

        def make() -> pd.DataFrame:
            inst = self.instance
            cells = {(a.employee_id, a.date): a.shift_id for a in self.assignments}
            data = {
                d: [cells.get((e.id, d), "") for e in inst.employees] for d in inst.days
            }
            return pd.DataFrame(data, index=[e.name for e in inst.employees])

        return self._cached("roster", make)

    def violations_table(self) -> pd.DataFrame:
        """The current violations with the employee's name."""

        def make() -> pd.DataFrame:
            names = self.names()
            rows = [
                {
                    "regel": v.title_da,
                    "id": v.rule_id,
                    "type": "hård" if v.mode is Mode.HARD else "blød",
                    "medarbejder": names.get(v.employee_id or "", ""),
                    "datoer": ", ".join(f"{d:%d.%m.}" for d in v.dates[:3])
                    + (" …" if len(v.dates) > 3 else ""),
                    "omfang": v.amount,
                    "straf": v.penalty,
                    "besked": v.message,
                }
                for v in self.violations
            ]
            cols = [
                "regel",
                "id",
                "type",
                "medarbejder",
                "datoer",
                "omfang",
                "straf",
                "besked",
            ]
            return pd.DataFrame(rows, columns=cols)

        return self._cached("violations", make)

    def cell_violations(self) -> dict[CellKey, list[str]]:
        """(employee, date) -> the Danish messages of violations in that cell."""

        def make() -> dict[CellKey, list[str]]:
            out: dict[CellKey, list[str]] = {}
            for v in self.violations:
                if v.employee_id is None:
                    continue
                for d in v.dates:
                    out.setdefault((v.employee_id, d), []).append(v.message)
            return out

        return self._cached("cell_violations", make)

    def day_violations(self) -> dict[dt.date, list[str]]:
        """Date -> messages of violations not tied to one employee (staffing)."""

        def make() -> dict[dt.date, list[str]]:
            out: dict[dt.date, list[str]] = {}
            for v in self.violations:
                if v.employee_id is None:
                    for d in v.dates:
                        out.setdefault(d, []).append(v.message)
            return out

        return self._cached("day_violations", make)

    def traffic_light_table(self) -> pd.DataFrame:
        """Per employee and metric (``reporting.traffic_light``)."""
        return self._cached(
            "tl", lambda: traffic_light(self.planning_instance(), self.assignments)
        )

    def traffic_light_summary_table(self) -> pd.DataFrame:
        """Per employee: the worst light and why."""
        return self._cached(
            "tls", lambda: traffic_light_summary(self.traffic_light_table())
        )

    def fairness_table(self) -> pd.DataFrame:
        """Burdens per employee (``reporting.fairness``)."""
        return self._cached(
            "fair", lambda: fairness(self.planning_instance(), self.assignments)
        )

    def fairness_spread_table(self) -> pd.DataFrame:
        """Spread per burden (``reporting.fairness_spread``)."""
        return self._cached("spread", lambda: fairness_spread(self.fairness_table()))

    def rules_table(self) -> pd.DataFrame:
        """The rule set: id, title, source, mode, weight, params, on/off."""

        def make() -> pd.DataFrame:
            rows = []
            for cfg in self.ruleset.entries:
                spec = self.registry[cfg.id].spec
                rows.append(
                    {
                        "id": cfg.id,
                        "regel": spec.title_da,
                        "kilde": spec.source.value,
                        "til": cfg.enabled,
                        "type": cfg.mode.value,
                        "vægt": cfg.weight if cfg.mode is Mode.SOFT else None,
                        "parametre": cfg.params.model_dump(mode="json"),
                    }
                )
            return pd.DataFrame(rows)

        return self._cached("rules", make)

    def report(self) -> dict[str, Any] | None:
        """``report.json`` content of the last solve (None before one)."""
        if self.result is None:
            return None
        return build_report(
            self.planning_instance(), self.ruleset, self.result, self.registry
        )

    def write_outputs(self, directory: str | Path | None) -> dict[str, Any] | None:
        """Write the current roster and the last report (roster.csv, report.json).

        Does nothing without a directory or a roster; the roster written is the
        current one (hand edits included). Returns what was written and the
        solver status, for the notebook to show.
        """
        if not directory or not self.assignments:
            return None
        from workbench.io import write_roster
        from workbench.report import write_report

        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        write_roster(out / "roster.csv", self.planning_instance(), self.assignments)
        report = self.report()
        if report is not None:
            write_report(out / "report.json", report)
        return {
            "mappe": str(out),
            "filer": sorted(p.name for p in out.iterdir()),
            "status": None if report is None else report["status"],
        }


__all__ = ["UI_WHERE", "WorkbenchState"]
