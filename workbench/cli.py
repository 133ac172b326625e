"""The ``workbench`` command line: solve, check and list rules.

Exit codes: 0 success (a roster was written / no hard rule is broken), 1 no
roster exists (solve) or a hard rule is broken (check), 2 bad input (any
:class:`~workbench.errors.WorkbenchError`: the Danish message goes to stderr,
no traceback, nothing is written), 3 an internal self-check failure (a bug).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import itertools
import json
import shutil
import sys
import textwrap
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from workbench import __version__
from workbench.danish import number_da
from workbench.domain import PlanningInstance
from workbench.errors import WorkbenchError
from workbench.report import (
    build_report,
    int_da,
    period_da,
    rule_rows,
    seconds_da,
    summary_da,
    violation_rows,
    write_report,
)
from workbench.rulesets import DEFAULT_RULESET, load_ruleset, show_path
from workbench.scheduling.checks import Violation
from workbench.scheduling.registry import Mode, RuleSet

ROSTER_FILE = "roster.csv"
REPORT_FILE = "report.json"
MODE_DA = {Mode.HARD: "hård", Mode.SOFT: "blød"}


# -- argparse in Danish ----------------------------------------------------------------

_ARGPARSE_DA = (
    ("the following arguments are required", "følgende argumenter mangler"),
    ("unrecognized arguments", "ukendte argumenter"),
    ("invalid choice", "ugyldigt valg"),
    ("choose from", "vælg mellem"),
    ("expected one argument", "forventer én værdi"),
    ("ignored explicit argument", "uventet værdi"),
    ("not allowed with argument", "kan ikke bruges sammen med"),
    ("argument ", "argument "),
)


class _Formatter(argparse.HelpFormatter):
    """Danish usage prefix; descriptions wrapped per paragraph."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(
            usage, actions, groups, "brug: " if prefix is None else prefix
        )

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paras = [" ".join(p.split()) for p in text.split("\n\n")]
        return "\n\n".join(
            textwrap.fill(p, width, initial_indent=indent, subsequent_indent=indent)
            for p in paras
        )


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser with Danish headings, help flag and errors."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        kw.setdefault("formatter_class", _Formatter)
        kw["add_help"] = False
        super().__init__(*args, **kw)
        self._positionals.title = "argumenter"
        self._optionals.title = "tilvalg"
        self.add_argument(
            "-h", "--help", action="help", help="vis denne hjælp og afslut"
        )

    def error(self, message: str) -> NoReturn:
        for en, da in _ARGPARSE_DA:
            message = message.replace(en, da)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fejl: {message}\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ugyldig dato '{text}'; skriv ÅÅÅÅ-MM-DD, f.eks. 2027-01-04"
        ) from None


def _int_range(lo: int, hi: int | None, what: str):  # type: ignore[no-untyped-def]
    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{what} skal være et helt tal (fik '{text}')"
            ) from None
        if v < lo or (hi is not None and v > hi):
            span = f"fra {lo} til {hi}" if hi is not None else f"mindst {lo}"
            raise argparse.ArgumentTypeError(f"{what} skal være {span} (fik {v})")
        return v

    return parse


def _seconds(text: str) -> float:
    try:
        v = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"tidsgrænsen skal være et tal i sekunder (fik '{text}')"
        ) from None
    if not v > 0:
        raise argparse.ArgumentTypeError(f"tidsgrænsen skal være over 0 s (fik {text})")
    return v


def _default_workers() -> int:
    import os

    return max(1, min(8, os.cpu_count() or 1))


_RULES_HELP = (
    "regelsæt (YAML); standard: constraints/law_dk.yaml ved siden af "
    "workbench-pakken"
)


def _add_rules_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", metavar="FILE", help=_RULES_HELP)


def _add_period_args(
    parser: argparse.ArgumentParser,
    start_help: str = "planens første dag; standard: period.start i unit.yaml",
    weeks_help: str = "antal uger (1–52); standard: period.weeks i unit.yaml",
) -> None:
    """``--rules``, ``--start`` and ``--weeks``, in that order."""
    _add_rules_arg(parser)
    parser.add_argument("--start", metavar="ÅÅÅÅ-MM-DD", type=_date, help=start_help)
    parser.add_argument(
        "--weeks", metavar="N", type=_int_range(1, 52, "antal uger"), help=weeks_help
    )


def _add_time_limit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--time-limit",
        metavar="S",
        type=_seconds,
        default=30.0,
        help="tidsgrænse i sekunder (standard: 30)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (Danish help texts)."""
    p = _Parser(
        prog="workbench",
        description="Vagtplan-workbench: vagtplaner for danske bosteder og "
        "døgninstitutioner (24-timers drift) med OR-Tools CP-SAT.",
        epilog="Exitkoder: 0 = udført, 1 = ingen plan / brud på hårde regler, "
        "2 = fejl i input, 3 = intern fejl (selvtjek).",
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"workbench {__version__}",
        help="vis versionsnummeret og afslut",
    )
    sub = p.add_subparsers(
        title="kommandoer", dest="command", metavar="KOMMANDO", parser_class=_Parser
    )
    s = sub.add_parser(
        "solve",
        help="lav en vagtplan for en enhed",
        description="Lav en vagtplan for enheden i UNIT_DIR og skriv "
        f"DIR/{ROSTER_FILE} og DIR/{REPORT_FILE}. Søgningen stopper ved "
        "tidsgrænsen med den bedste plan; Ctrl-C stopper tidligere og gemmer "
        "den bedste plan indtil da. Ved fejl i input skrives intet.",
        epilog="Exitkoder: 0 = plan skrevet, 1 = ingen plan fundet (umulig "
        "eller ingen inden for tidsgrænsen), 2 = fejl i input, 3 = intern fejl.",
    )
    s.add_argument(
        "unit_dir",
        metavar="UNIT_DIR",
        help="enhedens mappe (unit.yaml, employees.csv, …; se docs/DATA_FORMAT.md)",
    )
    _add_period_args(s)
    _add_time_limit(s)
    s.add_argument(
        "--workers",
        metavar="W",
        type=_int_range(1, 64, "antal tråde"),
        default=_default_workers(),
        help="antal søgetråde i CP-SAT (standard: antal kerner, højst 8)",
    )
    s.add_argument(
        "--seed",
        metavar="K",
        type=_int_range(0, None, "frøet"),
        default=0,
        help="tilfældighedsfrø for søgningen (standard: 0)",
    )
    s.add_argument(
        "--hint",
        metavar="ROSTER.csv",
        help=f"en vagtplan at starte søgningen fra (samme format som {ROSTER_FILE})",
    )
    s.add_argument(
        "--no-staged",
        dest="staged",
        action="store_false",
        help="løs hele modellen på én gang i stedet for først at finde en plan "
        "under de hårde regler alene og derefter forbedre den",
    )
    s.add_argument(
        "--log",
        action="store_true",
        help="vis CP-SAT's egen søgelog i stedet for en linje pr. forbedret plan",
    )
    s.add_argument(
        "--out",
        metavar="DIR",
        required=True,
        help="mappe til resultatet (oprettes; eksisterende filer overskrives)",
    )
    s.set_defaults(func=cmd_solve)

    c = sub.add_parser(
        "check",
        help="kontrollér en vagtplan mod et regelsæt",
        description="Kontrollér vagtplanen ROSTER.csv for enheden i UNIT_DIR "
        "mod et regelsæt uden at løse noget: hvert brud med regel, medarbejder, "
        "datoer, mængde, straf og forklaring, og en opsummering pr. regel.\n\n"
        "Perioden: uden --start/--weeks bruges enhedens periode fra unit.yaml; "
        "ligger vagtplanens datoer uden for den, tages perioden fra vagtplanen "
        "(første dato og nok hele uger til at dække den sidste). Med --start "
        "og/eller --weeks bruges den angivne periode, og vagter uden for den er "
        "en fejl.",
        epilog="Exitkoder: 0 = ingen brud på hårde regler, 1 = mindst ét brud "
        "på en hård regel, 2 = fejl i input.",
    )
    c.add_argument("unit_dir", metavar="UNIT_DIR", help="enhedens mappe")
    c.add_argument(
        "roster",
        metavar="ROSTER.csv",
        help="vagtplanen, der skal "
        "kontrolleres (employee_id,date,shift_id[,start,end])",
    )
    _add_period_args(
        c,
        start_help="periodens første dag (se om perioden ovenfor)",
        weeks_help="periodens længde i uger (1–52)",
    )
    c.add_argument(
        "--json",
        action="store_true",
        help="skriv bruddene som en JSON-liste i stedet for tekst",
    )
    c.set_defaults(func=cmd_check)

    x = sub.add_parser(
        "explain",
        help="forklar hvorfor der ingen vagtplan findes",
        description="Find årsagen, når regelsættet ikke tillader nogen vagtplan: "
        "først hurtige kapacitetstjek (timer, kvalifikationer, nattevagter, "
        "bemanding pr. dag), derefter en mindste mængde hårde regler, personer "
        "og datoer, der ikke kan overholdes samtidig. Svarer altid inden for "
        "tidsgrænsen.",
        epilog="Exitkoder: 0 = der findes en plan, 1 = ingen plan (årsagen "
        "vises), 2 = fejl i input.",
    )
    x.add_argument("unit_dir", metavar="UNIT_DIR", help="enhedens mappe")
    _add_period_args(x)
    _add_time_limit(x)
    x.add_argument("--json", action="store_true",
                   help="skriv forklaringen som JSON")
    x.set_defaults(func=cmd_explain)

    r = sub.add_parser(
        "rules",
        help="vis regelkataloget og hvad regelsættet gør med hver regel",
        description="Vis alle regler, motoren kender: id, titel, kildetype, "
        "hjemmel, tilladte tilstande, og hvad regelsættet gør med reglen "
        "(fra / hård / blød med vægt, parametre).",
    )
    _add_rules_arg(r)
    r.set_defaults(func=cmd_rules)

    from workbench.batch import add_batch_parser
    from workbench.benchmarks.curtois import add_bench_parser

    add_batch_parser(sub)
    add_bench_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version or a usage error
        return exc.code if isinstance(exc.code, int) else 2
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. `workbench rules | head`
        _silence_stdout()
        return 0
    except WorkbenchError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Afbrudt; intet er skrevet.", file=sys.stderr)
        return 1
    except Exception as exc:
        from workbench.engine import SelfCheckError

        if not isinstance(exc, SelfCheckError):
            raise
        traceback.print_exc(file=sys.stderr)
        print(
            "\nIntern fejl: selvtjekket fandt uenighed mellem modellen og "
            "kontrollen. Det er en fejl i workbench; vagtplanen er ikke skrevet. "
            "Meld venligst fejlen med beskeden ovenfor.",
            file=sys.stderr,
        )
        return 3


def _silence_stdout() -> None:
    import os

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


# -- shared --------------------------------------------------------------------


def _ruleset(path: str | None) -> RuleSet:
    return load_ruleset(path or DEFAULT_RULESET)


def _weeks_da(n: int) -> str:
    return "1 uge" if n == 1 else f"{n} uger"


def _period(inst: PlanningInstance) -> str:
    return f"{period_da(inst.start, inst.end)} ({_weeks_da(inst.weeks)})"


def _dates_da(dates: Sequence[str]) -> str:
    ds = sorted({dt.date.fromisoformat(d) for d in dates})
    if not ds:
        return "–"
    short = [f"{d.day}.{d.month}." for d in ds]
    contiguous = all((b - a).days == 1 for a, b in itertools.pairwise(ds))
    if len(ds) > 2 and contiguous:
        return f"{short[0]}–{short[-1]}"
    if len(ds) > 4:
        return ", ".join(short[:3]) + f" … {short[-1]}"
    return ", ".join(short)


# -- solve ---------------------------------------------------------------------


class _ProgressPrinter:
    """One stderr line per improving roster: '  12,3 s  mål 1 234  grænse 1 100'."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.best: float | None = None

    def __call__(self, t: float, objective: float, bound: float) -> None:
        if self.best is not None and objective >= self.best:
            return
        self.best = objective
        print(
            f"  {seconds_da(t)}  mål {int_da(objective)}  grænse {int_da(bound)}",
            file=self.stream,
            flush=True,
        )


def cmd_solve(args: argparse.Namespace) -> int:
    """``workbench solve``."""
    from workbench.engine import SolverSettings, plan
    from workbench.io import load_instance, load_roster, write_roster

    ruleset = _ruleset(args.rules)
    inst = load_instance(args.unit_dir, start=args.start, weeks=args.weeks)
    hint = load_roster(args.hint, inst) if args.hint else []
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise WorkbenchError(f"--out {out}: findes allerede og er ikke en mappe.")
    settings = SolverSettings(
        time_limit_s=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        log=args.log,
        staged=args.staged,
    )
    print(
        f"Planlægger {inst.unit.name}, {_period(inst)}, regelsæt {ruleset.name}: "
        f"{len(inst.employees)} medarbejdere, tidsgrænse "
        f"{number_da(args.time_limit, 0)} s, {args.workers} tråd(e). "
        "Ctrl-C stopper og gemmer den bedste plan.",
        file=sys.stderr,
        flush=True,
    )
    progress = None if args.log else _ProgressPrinter(sys.stderr)
    result = plan(inst, ruleset, settings, hint=hint, progress=progress)
    report = build_report(inst, ruleset, result)
    if not result.has_roster:
        print(summary_da(report))
        print(_no_roster_da(result.status, ruleset))
        if result.status == "INFEASIBLE":
            from workbench.explain import diagnose

            print("\nSøger efter årsagen …", file=sys.stderr, flush=True)
            print(diagnose(inst, ruleset, time_limit_s=min(30.0, max(
                5.0, args.time_limit))).text_da())
        return 1
    created = _first_missing(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_roster(out / ROSTER_FILE, inst, result.assignments)
        write_report(out / REPORT_FILE, report)
    except BaseException:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise
    print(summary_da(report))
    print(f"Skrevet: {out / ROSTER_FILE} og {out / REPORT_FILE}.")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    """``workbench explain``."""
    import json

    from workbench.explain import diagnose
    from workbench.io import load_instance

    ruleset = _ruleset(args.rules)
    inst = load_instance(args.unit_dir, start=args.start, weeks=args.weeks)
    d = diagnose(inst, ruleset, time_limit_s=args.time_limit)
    if args.json:
        print(json.dumps(d.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(d.text_da())
        print(f"(Analysen tog {number_da(d.seconds)} s.)")
    return 0 if d.feasible else 1


def _first_missing(path: Path) -> Path | None:
    """The top-most directory that ``mkdir(parents=True)`` would create."""
    missing = None
    p = path.absolute()
    while not p.exists():
        missing = p
        p = p.parent
    return missing


def _no_roster_da(status: str, ruleset: RuleSet) -> str:
    from workbench.scheduling.rules import REGISTRY

    if status == "INFEASIBLE":
        why = (
            "Der findes ingen vagtplan, som overholder alle hårde regler samtidig "
            "(fx for få medarbejdere til minimumsbemandingen med fravær og hvile)."
        )
    elif status == "UNKNOWN":
        why = (
            "Solveren fandt ingen vagtplan inden for tidsgrænsen; prøv en længere "
            "--time-limit."
        )
    else:
        why = f"Solveren svarede {status}."
    hard = [cfg for cfg in ruleset.active if cfg.mode is Mode.HARD]
    lines = [why, "Intet er skrevet.", f"Aktive hårde regler ({len(hard)}):"]
    for cfg in hard:
        title = REGISTRY[cfg.id].spec.title_da if cfg.id in REGISTRY else ""
        lines.append(f"  {cfg.id:<30} {title}")
    return "\n".join(lines)


# -- check ---------------------------------------------------------------------


def _roster_dates(path: str) -> list[dt.date]:
    """The dates in a roster file, read leniently (load_roster reports errors)."""
    out: list[dt.date] = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                try:
                    out.append(dt.date.fromisoformat((row.get("date") or "").strip()))
                except ValueError:
                    continue
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    return out


def cmd_check(args: argparse.Namespace) -> int:
    """``workbench check``."""
    from workbench.io import load_instance, load_roster
    from workbench.scheduling.checks import check

    ruleset = _ruleset(args.rules)
    inst = load_instance(args.unit_dir, start=args.start, weeks=args.weeks)
    if args.start is None and args.weeks is None:
        dates = _roster_dates(args.roster)
        if dates and (min(dates) < inst.start or max(dates) > inst.end):
            first, last = min(dates), max(dates)
            weeks = -(-((last - first).days + 1) // 7)
            inst = load_instance(args.unit_dir, start=first, weeks=weeks)
            if not args.json:
                print(
                    "Vagtplanens datoer ligger uden for enhedens periode; "
                    f"perioden tages fra vagtplanen: {_period(inst)}.",
                    file=sys.stderr,
                )
    roster = load_roster(args.roster, inst)
    violations = check(inst, roster, ruleset)
    hard = [v for v in violations if v.mode is Mode.HARD]
    if args.json:
        print(
            json.dumps(violation_rows(inst, violations), ensure_ascii=False, indent=2)
        )
    else:
        print(_check_text(inst, ruleset, args.roster, roster, violations))
    return 1 if hard else 0


def _check_text(
    inst: PlanningInstance,
    ruleset: RuleSet,
    roster_path: str,
    roster: Sequence[Any],
    violations: Sequence[Violation],
) -> str:
    lines = [
        f"Kontrol af {show_path(roster_path)} for {inst.unit.name}, {_period(inst)}, "
        f"regelsæt {ruleset.name} ({ruleset.hash}): {len(roster)} vagter.",
    ]
    # hard breaches first, each group in rule-set order
    order = {c.id: i for i, c in enumerate(ruleset.entries)}
    ranked = sorted(
        violations, key=lambda v: (v.mode is not Mode.HARD, order.get(v.rule_id, 0))
    )
    rows = violation_rows(inst, ranked)
    if rows:
        lines.append("")
        lines.append(f"Brud og afvigelser ({len(rows)}):")
    for v in rows:
        who = v["employee"] or v["employee_id"] or "–"
        pen = int_da(v["penalty"]) if v["mode"] == "soft" else "–"
        lines.append(
            f"  {MODE_DA[Mode(v['mode'])]:<4}  {v['rule_id']} ({v['title']}) · {who} · "
            f"{_dates_da(v['dates'])} · mængde {v['amount']} · straf {pen}"
        )
        lines.append(f"        {v['message']}")
    lines.append("")
    lines.append("Pr. regel:")
    table = [("regel", "titel", "tilstand", "antal", "mængde", "straf")]
    for r in rule_rows(ruleset, violations):
        mode = MODE_DA[Mode(r["mode"])]
        if r["mode"] == "soft":
            mode += f" ({r['weight']})"
        table.append(
            (
                r["id"],
                r["title"],
                mode,
                str(r["count"]),
                int_da(r["amount"]),
                int_da(r["penalty"]) if r["mode"] == "soft" else "–",
            )
        )
    lines.extend(_table(table, right=(3, 4, 5)))
    hard = [v for v in violations if v.mode is Mode.HARD]
    soft = sum(v.penalty for v in violations if v.mode is Mode.SOFT)
    lines.append("")
    if hard:
        lines.append(
            f"Resultat: {len(hard)} brud på hårde regler; bløde afvigelser med "
            f"samlet straf {int_da(soft)}."
        )
    else:
        lines.append(
            f"Resultat: ingen brud på hårde regler; bløde afvigelser med samlet "
            f"straf {int_da(soft)}."
        )
    return "\n".join(lines)


def _table(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, r in enumerate(rows):
        cells = [
            c.rjust(widths[i]) if i in right else c.ljust(widths[i])
            for i, c in enumerate(r)
        ]
        out.append("  " + "  ".join(cells).rstrip())
        if n == 0:
            out.append("  " + "  ".join("-" * w for w in widths))
    return out


# -- rules ---------------------------------------------------------------------


def _params_da(params: dict[str, Any]) -> str:
    def val(v: Any) -> str:
        if isinstance(v, bool):
            return "ja" if v else "nej"
        if isinstance(v, list | tuple):
            return "[" + ", ".join(val(x) for x in v) + "]"
        if isinstance(v, float):
            return number_da(v, 2).rstrip("0").rstrip(",")
        s = str(v)
        # times as the YAML writes them: 20:00 rather than 20:00:00
        if len(s) == 8 and s[2] == s[5] == ":" and s.endswith(":00"):
            return s[:5]
        return s

    return ", ".join(f"{k}={val(v)}" for k, v in params.items())


def cmd_rules(args: argparse.Namespace) -> int:
    """``workbench rules``."""
    from workbench.scheduling.rules import REGISTRY

    ruleset = _ruleset(args.rules)
    files = ", ".join(show_path(f) for f in ruleset.files)
    print(
        f"Regelkatalog ({len(REGISTRY)} regler) og regelsæt {ruleset.name} "
        f"({ruleset.hash}; {files}):"
    )
    print()
    table = [("id", "titel", "kilde", "tilstande", "i regelsættet")]
    notes: list[list[str]] = [[]]
    for rid, r in REGISTRY.items():
        spec = r.spec
        cfg = ruleset.get(rid)
        if cfg is None or not cfg.enabled:
            what = "fra"
        elif cfg.mode is Mode.HARD:
            what = "hård"
        else:
            what = f"blød, vægt {cfg.weight}"
        table.append(
            (
                rid,
                spec.title_da,
                spec.source.value,
                "/".join(m.value for m in spec.modes),
                what,
            )
        )
        extra = [f"hjemmel: {spec.citation}"]
        if cfg is not None and cfg.enabled:
            prm = cfg.params.model_dump(mode="json")
            if prm:
                extra.append(f"parametre: {_params_da(prm)}")
            if cfg.source_note:
                extra.append(f"note: {cfg.source_note}")
        notes.append(extra)
    lines = _table(table)
    # the table has a rule line after the header: notes follow each data row
    out = lines[:2]
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    for row, extra in zip(lines[2:], notes[1:], strict=True):
        out.append(row)
        for x in extra:
            out.append(
                textwrap.fill(
                    x, width, initial_indent=" " * 6, subsequent_indent=" " * 8
                )
            )
    print("\n".join(out))
    active = ruleset.active
    n_hard = sum(1 for c in active if c.mode is Mode.HARD)
    print()
    print(
        f"{len(active)} aktive regler: {n_hard} hårde, {len(active) - n_hard} bløde; "
        f"{len(REGISTRY) - len(active)} er slået fra eller ikke med i regelsættet."
    )
    unknown = [c.id for c in ruleset.entries if c.id not in REGISTRY]
    if unknown:  # cannot happen for a loaded file; guards hand-made sets
        print(f"Ukendte regler i regelsættet: {', '.join(unknown)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
