"""Curtois & Qu shift scheduling benchmark: parser, adapter, evaluator, runner.

The benchmark (schedulingbenchmarks.org "NRP" instances 1–24; Curtois & Qu
2014, Burke & Curtois, EJOR 237(1), 2014) is solved through the very engine
planners use: the file is parsed, turned into a
:class:`~workbench.domain.PlanningInstance` plus a :class:`RuleSet` of general
catalogue rules, built with :func:`build_model` and solved with
:func:`solve`. The objective is then recomputed from the solver-free checkers
and must equal the solver's.

Modelling notes:

* Curtois shifts only have a length; they get a synthetic start at 08:00 in
  a UTC unit (no DST), so ``slot.minutes`` equals the length. No rest rule is
  part of this rule set, so the clock time does not matter.
* Days off are absences of type ``fri`` (rule ``coverage.absence``).
* Horizon edges follow the published semantics (rule params ``edge``).

Run: ``python -m workbench.benchmarks.curtois benchmarks/curtois/Instance1.txt``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import logging
import math
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from workbench.domain import (
    Absence,
    AbsenceType,
    Assignment,
    CoverTarget,
    Employee,
    Period,
    PlanningInstance,
    ShiftKind,
    ShiftTemplate,
    Unit,
    Wish,
    WishKind,
)
from workbench.engine import complete_hint
from workbench.scheduling import colgen
from workbench.scheduling.builder import build_model
from workbench.scheduling.checks import Violation, check
from workbench.scheduling.context import BuiltModel
from workbench.scheduling.patterns import work_run_automaton
from workbench.scheduling.registry import Mode, NoParams, RuleConfig, RuleSet
from workbench.scheduling.rules import REGISTRY, general
from workbench.scheduling.solver import (
    SolveResult,
    SolverSettings,
    read_result,
    solve,
)

START = dt.date(2024, 1, 1)  # a Monday: day 0 of every instance
SHIFT_START = dt.time(8, 0)
SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
log = logging.getLogger(__name__)
COLGEN_SHARE = 0.75
"""Share of the time for column generation before the full model (the
benchmark default; ``--compact`` solves the full model alone)."""
BENCH_DIR = Path(__file__).resolve().parents[2] / "benchmarks" / "curtois"


class CurtoisFormatError(ValueError):
    """A malformed instance file; names the file and the 1-based line."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
        self.file = file
        self.line = line


# -- parsed form -------------------------------------------------------------------


@dataclass(frozen=True)
class CShift:
    """A shift type: id, length in minutes, ids that may not follow it."""

    id: str
    minutes: int
    forbidden_next: tuple[str, ...]


@dataclass(frozen=True)
class CStaff:
    """One employee's limits."""

    id: str
    max_shifts: tuple[tuple[str, int], ...]
    max_total_minutes: int
    min_total_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_consecutive_off: int
    max_weekends: int


@dataclass(frozen=True)
class CRequest:
    """A shift-on or shift-off request."""

    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class CCover:
    """Cover requirement of one (day, shift)."""

    day: int
    shift: str
    requirement: int
    under: int
    over: int


@dataclass(frozen=True)
class CurtoisInstance:
    """A parsed instance file."""

    name: str
    days: int
    shifts: tuple[CShift, ...]
    staff: tuple[CStaff, ...]
    days_off: tuple[tuple[str, tuple[int, ...]], ...]
    on_requests: tuple[CRequest, ...]
    off_requests: tuple[CRequest, ...]
    cover: tuple[CCover, ...]


def _int(text: str, file: str, line: int, what: str, lo: int = 0) -> int:
    try:
        v = int(text.strip())
    except ValueError:
        raise CurtoisFormatError(
            file, line, f"{what}: '{text}' er ikke et heltal"
        ) from None
    if v < lo:
        raise CurtoisFormatError(file, line, f"{what}: {v} er mindre end {lo}")
    return v


def parse_text(text: str, name: str = "<text>") -> CurtoisInstance:
    """Parse the text of an instance file (any line endings)."""
    rows: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise CurtoisFormatError(name, no, f"ukendt sektion {line}")
            if line in rows:
                raise CurtoisFormatError(name, no, f"sektionen {line} står to gange")
            current = line
            rows[current] = []
            continue
        if current is None:
            raise CurtoisFormatError(name, no, "data før den første SECTION_-linje")
        rows[current].append((no, line))

    def section(sec: str) -> list[tuple[int, str]]:
        if sec not in rows:
            raise CurtoisFormatError(name, None, f"sektionen {sec} mangler")
        return rows[sec]

    hz = section("SECTION_HORIZON")
    if len(hz) != 1:
        raise CurtoisFormatError(
            name,
            hz[1][0] if hz else None,
            "SECTION_HORIZON skal indeholde præcis ét tal",
        )
    days = _int(hz[0][1], name, hz[0][0], "horisont", lo=1)

    shifts: list[CShift] = []
    for no, line in section("SECTION_SHIFTS"):
        f = line.split(",")
        if len(f) not in (2, 3) or not f[0].strip():
            raise CurtoisFormatError(
                name, no, "vagtlinjen skal have formen 'id,minutter,id|...'"
            )
        nxt = tuple(
            x.strip() for x in (f[2] if len(f) == 3 else "").split("|") if x.strip()
        )
        minutes = _int(f[1], name, no, "vagtlængde", lo=1)
        if minutes >= 24 * 60:
            raise CurtoisFormatError(
                name, no, f"vagtlængden {minutes} er 24 timer eller mere"
            )
        shifts.append(CShift(f[0].strip(), minutes, nxt))
    sids = [s.id for s in shifts]
    if len(set(sids)) != len(sids):
        raise CurtoisFormatError(name, None, "samme vagt-id står flere gange")
    for (no, _), s in zip(rows["SECTION_SHIFTS"], shifts, strict=True):
        for x in s.forbidden_next:
            if x not in sids:
                raise CurtoisFormatError(name, no, f"ukendt vagt '{x}'")

    def shift_ok(sid: str, no: int) -> str:
        if sid not in sids:
            raise CurtoisFormatError(name, no, f"ukendt vagt '{sid}'")
        return sid

    def day_ok(text: str, no: int) -> int:
        d = _int(text, name, no, "dagindeks")
        if d >= days:
            raise CurtoisFormatError(
                name, no, f"day {d} ligger uden for horisonten 0..{days - 1}"
            )
        return d

    staff: list[CStaff] = []
    for no, line in section("SECTION_STAFF"):
        f = line.split(",")
        if len(f) != 8:
            raise CurtoisFormatError(
                name, no, f"medarbejderlinjen skal have 8 felter, har {len(f)}"
            )
        caps: list[tuple[str, int]] = []
        for item in filter(None, (x.strip() for x in f[1].split("|"))):
            sid, eq, val = item.partition("=")
            if not eq:
                raise CurtoisFormatError(name, no, f"maks. vagter '{item}' mangler '='")
            caps.append(
                (shift_ok(sid.strip(), no), _int(val, name, no, "maks. vagter"))
            )
        nums = [_int(x, name, no, "medarbejdergrænse") for x in f[2:]]
        staff.append(CStaff(f[0].strip(), tuple(caps), *nums))
    eids = {s.id for s in staff}
    if len(eids) != len(staff):
        raise CurtoisFormatError(name, None, "samme medarbejder-id står flere gange")

    def emp_ok(eid: str, no: int) -> str:
        if eid not in eids:
            raise CurtoisFormatError(name, no, f"ukendt medarbejder '{eid}'")
        return eid

    days_off: list[tuple[str, tuple[int, ...]]] = []
    for no, line in rows.get("SECTION_DAYS_OFF", []):
        f = [x for x in line.split(",") if x.strip()]
        if len(f) < 1:
            raise CurtoisFormatError(
                name, no, "fridagslinjen mangler et medarbejder-id"
            )
        days_off.append((emp_ok(f[0].strip(), no), tuple(day_ok(x, no) for x in f[1:])))

    def requests(sec: str) -> tuple[CRequest, ...]:
        out = []
        for no, line in rows.get(sec, []):
            f = line.split(",")
            if len(f) != 4:
                raise CurtoisFormatError(
                    name, no, "ønskelinjen skal have formen 'medarbejder,dag,vagt,vægt'"
                )
            out.append(
                CRequest(
                    emp_ok(f[0].strip(), no),
                    day_ok(f[1], no),
                    shift_ok(f[2].strip(), no),
                    _int(f[3], name, no, "vægt"),
                )
            )
        return tuple(out)

    cover: list[CCover] = []
    for no, line in rows.get("SECTION_COVER", []):
        f = line.split(",")
        if len(f) != 5:
            raise CurtoisFormatError(
                name,
                no,
                "bemandingslinjen skal have formen 'dag,vagt,behov,under,over'",
            )
        cover.append(
            CCover(
                day_ok(f[0], no),
                shift_ok(f[1].strip(), no),
                *(_int(x, name, no, "bemandingsværdi") for x in f[2:]),
            )
        )
    return CurtoisInstance(
        name,
        days,
        tuple(shifts),
        tuple(staff),
        tuple(days_off),
        requests("SECTION_SHIFT_ON_REQUESTS"),
        requests("SECTION_SHIFT_OFF_REQUESTS"),
        tuple(cover),
    )


def parse_file(path: str | Path) -> CurtoisInstance:
    """Parse an instance file; errors name the file and line."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CurtoisFormatError(
            str(p), None, f"kan ikke læses: {exc.strerror}"
        ) from None
    return parse_text(text, p.stem if p.stem else str(p))


# -- adapter ------------------------------------------------------------------------


def _template(s: CShift) -> ShiftTemplate:
    end = (
        dt.datetime.combine(START, SHIFT_START) + dt.timedelta(minutes=s.minutes)
    ).time()
    return ShiftTemplate(
        id=s.id, label=f"Vagt {s.id}", start=SHIFT_START, end=end, kind=ShiftKind.DAY
    )


def to_instance(ci: CurtoisInstance, start: dt.date = START) -> PlanningInstance:
    """The benchmark as a workbench planning instance (UTC, synthetic clock times)."""
    weeks = -(-ci.days // 7)
    unit = Unit(
        name=f"Curtois {ci.name}",
        timezone="UTC",
        period=Period(start=start, weeks=weeks),
        shifts=tuple(_template(s) for s in ci.shifts),
    )
    emps = tuple(
        Employee(
            id=s.id,
            name=s.id,
            weekly_hours=37,
            max_shifts_per_type=s.max_shifts,
            max_total_minutes=s.max_total_minutes,
            min_total_minutes=s.min_total_minutes,
            max_consecutive_days=s.max_consecutive or None,
            min_consecutive_days=s.min_consecutive or None,
            min_consecutive_days_off=s.min_consecutive_off or None,
            max_weekends=s.max_weekends,
        )
        for s in ci.staff
    )

    def day(i: int) -> dt.date:
        return start + dt.timedelta(days=i)

    absences = tuple(
        Absence(employee_id=eid, start=day(d), end=day(d), type=AbsenceType.FRI)
        for eid, ds in ci.days_off
        for d in sorted(set(ds))
    )

    def wish(r: CRequest, kind: WishKind) -> Wish:
        return Wish(
            employee_id=r.employee,
            date=day(r.day),
            kind=kind,
            shift_id=r.shift,
            priority=min(max(r.weight, 1), 5),
            weight=r.weight,
        )

    wishes = tuple(
        [wish(r, WishKind.SHIFT) for r in ci.on_requests]
        + [wish(r, WishKind.NOT_SHIFT) for r in ci.off_requests]
    )
    cover = tuple(
        CoverTarget(
            date=day(c.day),
            shift=c.shift,
            target=c.requirement,
            under_weight=c.under,
            over_weight=c.over,
        )
        for c in ci.cover
    )
    return PlanningInstance(
        unit=unit,
        employees=emps,
        start=start,
        weeks=weeks,
        length_days=None if ci.days % 7 == 0 else ci.days,
        absences=absences,
        wishes=wishes,
        cover=cover,
    )


def ruleset(ci: CurtoisInstance) -> RuleSet:
    """The benchmark's rules as a rule set of general catalogue rules."""
    pairs = tuple((s.id, b) for s in ci.shifts for b in s.forbidden_next)
    hard = [
        ("coverage.one_shift_per_day", NoParams()),
        ("coverage.absence", NoParams()),
        (
            "general.forbidden_successions",
            general.SuccessionParams(pairs=pairs, edge="off"),
        ),
        ("general.max_shifts_per_type", NoParams()),
        ("general.total_minutes", NoParams()),
        ("general.max_consecutive_days", general.MaxRunParams(edge="off")),
        ("general.min_consecutive_days", general.MinRunParams(edge="exempt")),
        ("general.min_consecutive_days_off", general.MinRunParams(edge="exempt")),
        ("general.max_weekends", NoParams()),
    ]
    soft = [
        "general.shift_on_requests",
        "general.shift_off_requests",
        "general.cover_target",
    ]
    entries = [RuleConfig(i, Mode.HARD, 0, p) for i, p in hard]
    entries += [RuleConfig(i, Mode.SOFT, 1, NoParams()) for i in soft]
    return RuleSet(
        "curtois",
        tuple(entries),
        "Curtois & Qu benchmark: published semantics (hard rules + weighted soft).",
    )


# -- evaluator ------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    """The published objective of a roster and its hard violations."""

    objective: int
    hard: tuple[Violation, ...]
    soft: tuple[Violation, ...]

    @property
    def feasible(self) -> bool:
        """True when no hard rule is broken."""
        return not self.hard

    def by_rule(self) -> dict[str, int]:
        """Rule id -> soft penalty."""
        out: dict[str, int] = {}
        for v in self.soft:
            out[v.rule_id] = out.get(v.rule_id, 0) + v.penalty
        return out


def evaluate(
    instance: PlanningInstance, rules: RuleSet, assignments: Sequence[Assignment]
) -> Evaluation:
    """Objective = sum of soft penalties from the solver-free checkers."""
    vs = check(instance, assignments, rules, REGISTRY)
    hard = tuple(v for v in vs if v.mode is Mode.HARD)
    soft = tuple(v for v in vs if v.mode is Mode.SOFT)
    return Evaluation(sum(v.penalty for v in soft), hard, soft)


def roster_from_rows(
    ci: CurtoisInstance, rows: dict[str, str], start: dt.date = START
) -> list[Assignment]:
    """Assignments from per-employee rows of shift ids (``-`` or ``.`` = off).

    Rows are whitespace-separated: ``{"A": "D D - - D ..."}``.
    """
    out = []
    for eid, row in rows.items():
        for i, c in enumerate(row.split()):
            if c not in ("-", "."):
                out.append(
                    Assignment(
                        employee_id=eid, date=start + dt.timedelta(days=i), shift_id=c
                    )
                )
    return out


# -- runner --------------------------------------------------------------------


def default_settings(
    time_limit_s: float = 60.0, workers: int = 8, seed: int = 0, log: bool = False
) -> SolverSettings:
    """The CP-SAT settings the benchmark figures are measured with."""
    return SolverSettings(
        time_limit_s=time_limit_s, workers=workers, seed=seed, log=log
    )


@dataclass
class BenchRecord:
    """One instance's result."""

    instance: str
    status: str
    objective: int | None
    bound: float | None
    time_to_first: float | None
    time_to_best: float | None
    gap_to_best_known: float | None
    best_known: int | None = None
    wall: float | None = None
    workers: int | None = None
    build_s: float | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """The record with the keys the ``--json`` file promises first."""
        return asdict(self)


def best_known(path: Path | None = None) -> dict[str, int]:
    """Instance name -> best known objective from ``best_known.csv``."""
    p = path or BENCH_DIR / "best_known.csv"
    if not p.exists():
        return {}
    with p.open(newline="") as fh:
        return {r["instance"]: int(r["best_known"]) for r in csv.DictReader(fh)}


def tighten(built: BuiltModel, automaton: bool = False) -> None:
    """Redundant constraints for the LP (valid under ``coverage.one_shift_per_day``).

    ``works_day`` is defined as the max of the day's slots; with at most one
    shift a day it equals their sum, which the LP relaxation does not see.
    With ``automaton`` each employee's run rules (max/min consecutive days,
    min days off, with the benchmark's edge semantics) are also posted as one
    automaton (:func:`work_run_automaton`), whose expansion tightens the LP.
    """
    v = built.vars
    for e in built.instance.employees:
        for d in built.calendar.days:
            built.model.add(v.works_day(e.id, d) == sum(v.on_day(e.id, d)))
    if automaton:
        for e in built.instance.employees:
            work_run_automaton(
                built.model,
                [v.works_day(e.id, d) for d in built.calendar.days],
                max_run=e.max_consecutive_days,
                min_run=e.min_consecutive_days or 1,
                min_off=e.min_consecutive_days_off or 1,
                edge_exempt=True,
            )


def solve_instance(
    ci: CurtoisInstance,
    settings: SolverSettings,
    hint: Sequence[Assignment] = (),
    *,
    redundant: bool = True,
    automaton: bool = False,
    colgen_share: float = 0.0,
) -> tuple[PlanningInstance, RuleSet, SolveResult, float]:
    """Adapter -> rules -> build_model -> solve.

    With ``colgen_share`` > 0, that share of the time goes to column
    generation (:mod:`workbench.scheduling.colgen`: each employee priced by
    the engine's own model of the employee's rules) for a lower bound and a
    roster; the full model then starts from that roster, with the bound as
    the least objective it may reach, for the rest of the time.

    Returns (instance, rule set, result, seconds spent building).
    """
    t0 = time.perf_counter()
    inst = to_instance(ci)
    rules = ruleset(ci)
    cg = None
    if colgen_share > 0 and colgen.decomposable(rules):
        cg = _colgen_or_none(inst, rules, settings, colgen_share)
        hint = (cg.roster if cg is not None else None) or hint
    t1 = time.perf_counter()
    built = build_model(inst, rules, REGISTRY, hint=hint)
    if redundant:
        tighten(built, automaton=automaton)
    if cg is None:
        build_s = time.perf_counter() - t0
        left = settings.time_limit_s - (t1 - t0)
        settings = replace(settings, time_limit_s=max(1.0, left))
        return inst, rules, solve(built, settings), build_s
    build_s = time.perf_counter() - t1
    return inst, rules, _after_colgen(built, settings, cg, t0), build_s


def _colgen_or_none(
    inst: PlanningInstance, rules: RuleSet, settings: SolverSettings, share: float
) -> colgen.ColgenResult | None:
    """Column generation for ``share`` of the time; None if its LP fails."""
    try:
        return colgen.generate(
            inst,
            rules,
            REGISTRY,
            time_limit=settings.time_limit_s * share,
            ip_time=min(10.0, 0.1 * settings.time_limit_s),
            seed=settings.seed,
        )
    except RuntimeError as exc:  # GLOP gave up: the full model alone
        log.warning("column generation failed (%s); full model only", exc)
        return None


def _after_colgen(
    built: BuiltModel, settings: SolverSettings, cg: colgen.ColgenResult, t0: float
) -> SolveResult:
    """Solve the full model from the column-generation roster and bound."""
    target = None if cg.lower_bound is None else math.ceil(cg.lower_bound - 1e-6)
    if target is not None:
        # A proven bound: the full model may not go below it, so reaching it
        # is a proof of optimality.
        # (The domain bounds the objective's terms without its offset.)
        obj = built.model.proto.objective
        obj.domain.extend([target - int(obj.offset), 2**50])
    # Every variable hinted, so any worker starts from the roster; the
    # values also stand in for the roster if the search does not return it.
    full = None if cg.roster is None else complete_hint(built, cg.roster)
    spent = time.perf_counter() - t0
    left = max(1.0, settings.time_limit_s - spent)
    at_target = (
        cg.objective is not None and target is not None and cg.objective <= target
    )
    if at_target:
        left = min(left, 10.0)  # only to read the proven roster back
    res = solve(built, replace(settings, time_limit_s=left))
    if cg.roster is not None and (
        not res.has_roster or (res.objective or 0) > cg.objective + 1e-9
    ):
        # The search did not get back to the column-generation roster:
        # read that roster from the complete hint's values.
        if full is None:
            raise AssertionError("column-generation roster is infeasible in the model")
        values, objective = full
        res = read_result(
            built,
            lambda v: values[v.index],
            "FEASIBLE",
            objective,
            res.bound,
            res.wall_s,
            None,
            None,
            [],
        )
    wall = time.perf_counter() - t0
    first = cg.trace[0][0] if cg.trace else None
    best_t = cg.trace[-1][0] if cg.trace else None
    if res.has_roster and (
        cg.objective is None or (res.objective or 0) < cg.objective - 1e-9
    ):
        best_t = spent + (res.time_to_best_s or 0.0)
        if first is None:
            first = spent + (res.time_to_first_s or 0.0)
    bound = res.bound
    if target is not None:
        bound = max(bound or target, target)
    status = res.status
    if res.has_roster and bound is not None and res.objective is not None:
        status = "OPTIMAL" if res.objective <= bound + 1e-9 else "FEASIBLE"
    return replace(
        res,
        status=status,
        bound=bound,
        wall_s=wall,
        time_to_first_s=first,
        time_to_best_s=best_t,
    )


def run_instance(
    path: str | Path,
    settings: SolverSettings,
    known: dict[str, int] | None = None,
    *,
    redundant: bool = True,
    automaton: bool = False,
    colgen_share: float = 0.0,
) -> BenchRecord:
    """Solve one file and cross-check the objective with the evaluator."""
    ci = parse_file(path)
    inst, rules, res, build_s = solve_instance(
        ci,
        settings,
        redundant=redundant,
        automaton=automaton,
        colgen_share=colgen_share,
    )
    bk = (known if known is not None else best_known()).get(ci.name)
    obj: int | None = None
    if res.has_roster:
        ev = evaluate(inst, rules, res.assignments)
        if ev.hard:
            raise AssertionError(
                f"{ci.name}: solver roster breaks hard rules: {ev.hard[:3]}"
            )
        if res.objective is None or round(res.objective) != ev.objective:
            raise AssertionError(
                f"{ci.name}: solver objective {res.objective} "
                f"!= evaluator {ev.objective}"
            )
        obj = ev.objective
    gap = None if obj is None or not bk else (obj - bk) / bk
    return BenchRecord(
        ci.name,
        res.status,
        obj,
        res.bound,
        res.time_to_first_s,
        res.time_to_best_s,
        gap,
        bk,
        res.wall_s,
        settings.workers,
        build_s,
    )


def _fmt(v: object, spec: str = "") -> str:
    if v is None:
        return "–"
    return format(v, spec)


def table(records: Iterable[BenchRecord]) -> str:
    """A plain-text table of records."""
    head = (
        f"{'instance':<11} {'status':<9} {'objective':>9} {'bound':>9} {'best':>6} "
        f"{'gap':>7} {'first s':>8} {'best s':>8} {'wall s':>7} {'W':>2}"
    )
    lines = [head, "-" * len(head)]
    for r in records:
        gap = (
            None if r.gap_to_best_known is None else f"{100 * r.gap_to_best_known:.2f}%"
        )
        lines.append(
            f"{r.instance:<11} {r.status:<9} {_fmt(r.objective):>9} "
            f"{_fmt(r.bound, '.0f'):>9} {_fmt(r.best_known):>6} {_fmt(gap):>7} "
            f"{_fmt(r.time_to_first, '.1f'):>8} {_fmt(r.time_to_best, '.1f'):>8} "
            f"{_fmt(r.wall, '.1f'):>7} {_fmt(r.workers):>2}"
        )
    return "\n".join(lines)


# -- command line ---------------------------------------------------------------------


def _add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="instansfiler (InstanceN.txt)"
    )
    p.add_argument(
        "--time-limit", type=float, default=60.0, help="sekunder pr. instans"
    )
    p.add_argument("--workers", type=int, default=8, help="CP-SAT-workers (standard 8)")
    p.add_argument("--seed", type=int, default=0, help="CP-SAT-seed")
    p.add_argument(
        "--json", metavar="FILE", help="skriv resultaterne som en JSON-liste"
    )
    p.add_argument("--log", action="store_true", help="vis CP-SAT's søgelog")
    p.add_argument(
        "--plain",
        action="store_true",
        help="uden benchmarkens redundante begrænsninger (til sammenligning)",
    )
    p.add_argument(
        "--verbose",
        action="store_true",
        help="log fremdriften (søjlegenerering, dyk) til stderr",
    )
    p.add_argument(
        "--compact",
        action="store_true",
        help="kun den kompakte model (uden søjlegenerering), til sammenligning",
    )
    p.add_argument(
        "--colgen-share",
        type=float,
        default=COLGEN_SHARE,
        help="andel af tiden til søjlegenerering før den fulde model "
        f"(standard {COLGEN_SHARE})",
    )
    p.add_argument(
        "--automaton",
        action="store_true",
        help="tilføj den redundante automat for arbejdsblokke "
        "(strammere LP, langsommere første plan)",
    )
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="ekstra CP-SAT-parameter (kan gentages), fx linearization_level=2",
    )


def _parse_params(items: Sequence[str]) -> tuple[tuple[str, object], ...]:
    out: list[tuple[str, object]] = []
    for item in items:
        name, eq, raw = item.partition("=")
        if not eq:
            raise ValueError(f"--param '{item}' skal have formen NAVN=VÆRDI")
        value: object = raw
        for conv in (int, float):
            try:
                value = conv(raw)
                break
            except ValueError:
                pass
        if raw.lower() in ("true", "false"):
            value = raw.lower() == "true"
        out.append((name.strip(), value))
    return tuple(out)


def add_bench_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Add ``bench curtois`` to a CLI's subparsers (``workbench bench curtois ...``)."""
    bench = subparsers.add_parser("bench", help="kør benchmarks")
    sub = bench.add_subparsers(dest="bench", required=True)
    p = sub.add_parser("curtois", help="Curtois & Qu-benchmark (Instance1..24)")
    _add_args(p)
    p.set_defaults(func=run_bench)
    return p


def run_bench(args: argparse.Namespace) -> int:
    """Run the benchmark for ``args.paths``; 0 on success, 2 on bad input."""
    settings = default_settings(
        args.time_limit,
        args.workers,
        getattr(args, "seed", 0),
        getattr(args, "log", False),
    )
    if getattr(args, "verbose", False):
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    extra = _parse_params(getattr(args, "param", []))
    if extra:
        settings = replace(settings, cp_params=settings.cp_params + extra)
    known = best_known()
    records: list[BenchRecord] = []
    for path in args.paths:
        try:
            rec = run_instance(
                path,
                settings,
                known,
                redundant=not getattr(args, "plain", False),
                automaton=getattr(args, "automaton", False),
                colgen_share=0.0
                if getattr(args, "compact", False)
                else getattr(args, "colgen_share", COLGEN_SHARE),
            )
        except CurtoisFormatError as exc:
            print(f"fejl: {exc}", file=sys.stderr)
            return 2
        records.append(rec)
        print(
            table([rec]).splitlines()[-1] if len(records) > 1 else table([rec]),
            flush=True,
        )
    print()
    print(table(records))
    if args.json:
        Path(args.json).write_text(json.dumps([r.as_json() for r in records], indent=2))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m workbench.benchmarks.curtois PATH... [--time-limit S] ...``."""
    p = argparse.ArgumentParser(
        prog="python -m workbench.benchmarks.curtois",
        description="Curtois & Qu-benchmark gennem workbench-motoren.",
    )
    _add_args(p)
    return run_bench(p.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
