"""Loading and validating a unit directory; reading and writing rosters.

The format is specified in ``docs/DATA_FORMAT.md``. Every loader collects all
problems it can find (per file, and across the files of a unit directory)
and raises one :class:`~workbench.errors.InputError` naming file, row, column,
value and what is wrong, in Danish. Nothing is clipped or dropped silently.

Only this module and ``rulesets`` read files; the scheduling core never does.
"""

from __future__ import annotations

import calendar as _calendar
import contextlib
import copy
import csv
import datetime as dt
import difflib
import io
import numbers
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin
from zoneinfo import ZoneInfo

import pandas as pd
import yaml
from pydantic import BaseModel, ValidationError

from workbench.danish import MONTHS
from workbench.domain import (
    Absence,
    AbsenceType,
    Assignment,
    Employee,
    Pin,
    PlanningInstance,
    ShiftKind,
    ShiftTemplate,
    Unit,
    Weekday,
    Wish,
    WishKind,
)
from workbench.errors import InputError, InputProblem, WorkbenchError
from workbench.timeutil import shift_interval

__all__ = [
    "ROSTER_COLUMNS",
    "load_instance",
    "load_roster",
    "load_unit",
    "roster_frame",
    "write_roster",
]

PathLike = str | os.PathLike[str]
T = TypeVar("T")

UNIT_FILE = "unit.yaml"
EMPLOYEES_FILE = "employees.csv"
ABSENCES_FILE = "absences.csv"
WISHES_FILE = "wishes.csv"
HISTORY_FILE = "history.csv"
PUBLISHED_FILE = "published.csv"
PINS_FILE = "pins.csv"
ROSTER_COLUMNS = ("employee_id", "date", "shift_id", "start", "end")
PARAMS = "parametre"  # pseudo file name for bad function arguments

_WEEKDAY_NAMES: dict[str, Weekday] = {}
for _wd, _names in zip(
    Weekday,
    (
        ("mon", "monday", "man", "mandag"),
        ("tue", "tuesday", "tir", "tirsdag"),
        ("wed", "wednesday", "ons", "onsdag"),
        ("thu", "thursday", "tor", "torsdag"),
        ("fri", "friday", "fre", "fredag"),
        ("sat", "saturday", "lør", "lørdag", "lor", "loer"),
        ("sun", "sunday", "søn", "søndag", "son", "soen"),
    ),
    strict=True,
):
    for _n in _names:
        _WEEKDAY_NAMES[_n] = _wd
_WEEKDAYS_HINT = (
    "mon, tue, wed, thu, fri, sat, sun (eller man, tir, ons, tor, fre, lør, søn)"
)
_TRUE = {"ja", "j", "true", "1"}
_FALSE = {"nej", "n", "false", "0"}
_ID_RE = re.compile(r"^[\w-]+$")
_SHIFT_ID_RE = re.compile(r"^\w+$")

SLEEP_IN_REST_DA = (
    "en sovevagt på arbejdsstedet (sleep_in) er arbejdstid siden 1. juli 2024 og kan "
    "ikke regnes som hvile – heller ikke ved aftale (arbejdsmiljøloven og "
    "hviletidsbekendtgørelsen som ændret pr. 1.7.2024, jf. Arbejdstilsynet). Fjern "
    "nøglen; aflønning angives med paid_fraction"
)


class _Bad(Exception):
    """A cell or value could not be parsed; ``args[0]`` is the Danish message."""

    @property
    def message(self) -> str:
        return str(self.args[0])


# --------------------------------------------------------------------------
# Value parsers (shared by CSV and YAML). Each raises _Bad with Danish text.
# --------------------------------------------------------------------------


def _suggest(text: str, known: Iterable[str]) -> str:
    """' (mente du "x"?)' for a close match, else ''."""
    pool = {k.lower(): k for k in known}
    match = difflib.get_close_matches(text.lower(), list(pool), n=1, cutoff=0.6)
    return f' (mente du "{pool[match[0]]}"?)' if match else ""


def parse_date(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD``; impossible dates get a precise message."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
    if not m:
        raise _Bad(
            f'værdien "{text}" er ikke en dato; skriv datoen som ÅÅÅÅ-MM-DD, '
            "f.eks. 2027-01-04"
        )
    y, mo, d = (int(g) for g in m.groups())
    if not 1 <= mo <= 12:
        raise _Bad(f'datoen "{text}" findes ikke: måned {mo} findes ikke (1–12)')
    last = _calendar.monthrange(y, mo)[1]
    if not 1 <= d <= last:
        raise _Bad(
            f'datoen "{text}" findes ikke: {MONTHS[mo - 1]} {y} har {last} dage'
        )
    return dt.date(y, mo, d)


def parse_time(text: str) -> dt.time:
    """Parse a local clock time ``HH:MM`` (``H:MM`` and ``HH:MM:SS`` accepted)."""
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?", text.strip())
    hint = 'skriv klokkeslættet som TT:MM mellem 00:00 og 23:59, f.eks. "07:00"'
    if not m:
        raise _Bad(f'værdien "{text}" er ikke et klokkeslæt; {hint}')
    h, mi, s = int(m[1]), int(m[2]), int(m[3] or 0)
    if h == 24 and mi == 0 and s == 0:
        raise _Bad(f'klokkeslættet "{text}" findes ikke; skriv "00:00" for midnat')
    if h > 23 or mi > 59 or s > 59:
        raise _Bad(f'klokkeslættet "{text}" findes ikke; {hint}')
    return dt.time(h, mi, s)


def parse_number(text: str) -> float:
    """Parse a decimal number; a decimal comma (``37,5``) is accepted."""
    t = text.strip()
    if t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", t):
        raise _Bad(f'værdien "{text}" er ikke et tal; skriv f.eks. 37 eller 37.5')
    return float(t)


def parse_int(text: str) -> int:
    """Parse a whole number."""
    t = text.strip()
    if not re.fullmatch(r"[+-]?\d+", t):
        raise _Bad(f'værdien "{text}" er ikke et helt tal; skriv f.eks. 3')
    return int(t)


def parse_bool(text: str) -> bool:
    """Parse ja/nej, j/n, true/false, 1/0 (any case)."""
    t = text.strip().lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise _Bad(
        f'værdien "{text}" er hverken ja eller nej; skriv ja, nej, j, n, '
        "true, false, 1 eller 0"
    )


def parse_weekday(text: str) -> Weekday:
    """Parse an English or Danish weekday name (any case)."""
    t = text.strip().lower().rstrip(".")
    if t in _WEEKDAY_NAMES:
        return _WEEKDAY_NAMES[t]
    raise _Bad(
        f'værdien "{text}" er ikke en ugedag; tilladte værdier: {_WEEKDAYS_HINT}'
    )


def _parse_enum(enum_cls: type[Enum], allowed: Sequence[str] | None = None):
    names = list(allowed or [str(e.value) for e in enum_cls])

    def parse(text: str) -> Any:
        t = text.strip().lower()
        if t in names:
            return enum_cls(t)
        raise _Bad(
            f'værdien "{text}" er ikke tilladt; tilladte værdier: {", ".join(names)}'
            + _suggest(text, names)
        )

    return parse


def _ranged(
    parse: Callable[[str], float],
    lo: float,
    hi: float,
    *,
    lo_open: bool = False,
    unit: str = "",
) -> Callable[[str], float]:
    def check(text: str) -> float:
        v = parse(text)
        if v < lo or v > hi or (lo_open and v == lo):
            low = f"større end {lo:g}" if lo_open else f"mindst {lo:g}"
            raise _Bad(
                f'værdien "{text}" ligger uden for det tilladte område; den skal '
                f"være {low} og højst {hi:g}{unit}"
            )
        return v

    return check


def _split_list(parse: Callable[[str], T]) -> Callable[[str], list[T]]:
    """A ``;``-separated list of values."""

    def split(text: str) -> list[T]:
        out: list[T] = []
        errors: list[str] = []
        for part in text.split(";"):
            if part.strip():
                try:
                    out.append(parse(part.strip()))
                except _Bad as b:
                    errors.append(b.message)
        if errors:
            hint = ""
            if re.search(r"[, ]", text) and ";" not in text:
                hint = ' (adskil flere værdier med ";")'
            raise _Bad("; ".join(errors) + hint)
        return out

    return split


def _employee_id(text: str) -> str:
    if not _ID_RE.fullmatch(text):
        raise _Bad(
            f'medarbejder-id "{text}" må kun indeholde bogstaver, tal, "_" og "-" '
            "(ingen mellemrum)"
        )
    return text


def _known(
    what: str, known: set[str] | None, where: str, list_known: bool = False
) -> Callable[[str], str]:
    """A reference to an id that must exist (skipped when ``known`` is None)."""

    def check(text: str) -> str:
        if known is not None and text not in known:
            extra = _suggest(text, known)
            if list_known and known:
                extra += f"; kendte: {', '.join(sorted(known))}"
            raise _Bad(f'ukendt {what} "{text}": findes ikke i {where}{extra}')
        return text

    return check


def _employee_ref(known: set[str] | None) -> Callable[[str], str]:
    return _known("medarbejder", known, EMPLOYEES_FILE)


def _shift_ref(known: set[str] | None) -> Callable[[str], str]:
    return _known("vagttype", known, f"vagterne (shifts) i {UNIT_FILE}", True)


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------


def _read_text(
    path: Path, problems: list[InputProblem], *, required: bool
) -> str | None:
    """Read a UTF-8 file (BOM tolerated); record a problem when impossible."""
    name = path.name
    if not path.is_file():
        if required:
            where = path.parent
            msg = (
                f"den påkrævede fil mangler i mappen {where}"
                if where.is_dir()
                else f"mappen {where} findes ikke"
            )
            problems.append(InputProblem(name, None, None, None, msg))
        return None
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        problems.append(
            InputProblem(
                name,
                line if name.endswith(".csv") else None,
                None,
                None,
                f"filen er ikke gemt som UTF-8 (tegn i linje {line} kan ikke læses); "
                'gem den som "CSV UTF-8" eller UTF-8-tekst',
            )
        )
        return None


@dataclass
class _Row:
    """One data row of a CSV file, collecting its own problems."""

    file: str
    number: int
    cells: dict[str, str]
    problems: list[InputProblem]
    ok: bool = True

    def fail(self, column: str | None, message: str, value: str | None = None) -> None:
        if value is None and column is not None:
            value = self.cells.get(column) or None
        self.problems.append(
            InputProblem(self.file, self.number, column, value, message)
        )
        self.ok = False

    def text(self, column: str) -> str:
        return self.cells.get(column, "")

    def get(
        self,
        column: str,
        parse: Callable[[str], T] | None = None,
        *,
        required: bool = False,
    ) -> T | None:
        """Parse a cell; empty means "not applicable" (an error if required)."""
        if column not in self.cells:
            # Absent column: already reported in the header when required.
            if required:
                self.ok = False
            return None
        text = self.cells[column]
        if text == "":
            if required:
                self.fail(column, f'værdien mangler; kolonnen "{column}" skal udfyldes')
            return None
        if parse is None:
            return text  # type: ignore[return-value]
        try:
            return parse(text)
        except _Bad as b:
            self.fail(column, b.message, text)
            return None


def _read_csv(
    path: Path,
    required: Sequence[str],
    optional: Sequence[str],
    problems: list[InputProblem],
    *,
    file_required: bool,
) -> list[_Row] | None:
    """Read a CSV file into rows; header problems are recorded as row 1."""
    name = path.name
    text = _read_text(path, problems, required=file_required)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as e:
        problems.append(
            InputProblem(
                name,
                None,
                None,
                None,
                f"filen kan ikke læses som CSV omkring linje {reader.line_num}: "
                f"{_csv_error_da(e)}",
            )
        )
        return None
    known = list(required) + [c for c in optional if c not in required]
    expected = ",".join(required) + (
        f" (valgfrie kolonner: {', '.join(c for c in known if c not in required)})"
        if len(known) > len(required)
        else ""
    )
    if not records or not any(c.strip() for c in records[0]):
        problems.append(
            InputProblem(
                name,
                1 if records else None,
                None,
                None,
                f"filen mangler overskriftsrækken; første række skal være: {expected}",
            )
        )
        return None
    raw_header = [h.strip() for h in records[0]]
    if len(raw_header) == 1 and ";" in raw_header[0]:
        problems.append(
            InputProblem(
                name,
                1,
                None,
                None,
                "filen er adskilt med semikolon (;), men skal bruge komma (,) som "
                'skilletegn; gem den som "CSV UTF-8 (kommasepareret)". '
                f"Forventet overskrift: {expected}",
            )
        )
        return None
    header = [h.lower() for h in raw_header]
    use: dict[int, str] = {}
    seen: set[str] = set()
    for j, h in enumerate(header):
        if h == "":
            if any(j < len(r) and r[j].strip() for r in records[1:]):
                problems.append(
                    InputProblem(
                        name,
                        1,
                        None,
                        None,
                        f"kolonne nr. {j + 1} har ingen overskrift, men "
                        "indeholder værdier",
                    )
                )
            continue
        if h in seen:
            problems.append(
                InputProblem(
                    name,
                    1,
                    raw_header[j],
                    None,
                    f'kolonnen "{raw_header[j]}" står to gange',
                )
            )
            continue
        seen.add(h)
        if h not in known:
            problems.append(
                InputProblem(
                    name,
                    1,
                    raw_header[j],
                    None,
                    f'ukendt kolonne "{raw_header[j]}"{_suggest(h, known)}; '
                    f"tilladte kolonner: {', '.join(known)}",
                )
            )
            continue
        use[j] = h
    for c in required:
        if c not in seen:
            problems.append(
                InputProblem(
                    name,
                    1,
                    c,
                    None,
                    f'den påkrævede kolonne "{c}" mangler i overskriften (række 1)',
                )
            )
    rows: list[_Row] = []
    width = len(header)
    for number, rec in enumerate(records[1:], start=2):
        cells = [c.strip() for c in rec]
        if not any(cells):
            continue
        if len(cells) > width and any(cells[width:]):
            problems.append(
                InputProblem(
                    name,
                    number,
                    None,
                    None,
                    f"rækken har {len(cells)} felter, men overskriften har {width} "
                    "kolonner (står der et komma i en værdi uden anførselstegn?)",
                )
            )
            continue
        values = {h: (cells[j] if j < len(cells) else "") for j, h in use.items()}
        rows.append(_Row(name, number, values, problems))
    return rows


def _csv_error_da(e: csv.Error) -> str:
    text = str(e)
    if "end of data" in text or "EOF" in text:
        return 'et felt med anførselstegn (") bliver ikke afsluttet'
    if "expected" in text and "after" in text:
        return 'der står tegn lige efter et afsluttende anførselstegn (")'
    if "NUL" in text or "null byte" in text:
        return "filen indeholder et NUL-tegn; er det en tekstfil?"
    return 'ugyldigt CSV-format; tjek anførselstegn (")'


# --------------------------------------------------------------------------
# unit.yaml
# --------------------------------------------------------------------------


class _YamlLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like scalars and duplicate-key detection.

    Times like ``07:00`` stay strings (YAML 1.1 would read ``15:00`` as the
    base-60 integer 900), dates stay strings (so impossible dates get our
    message), and only true/false are booleans (``no``/``on`` stay strings).
    """

    yaml_implicit_resolvers: dict = {}  # noqa: RUF012 - replaced, not inherited

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    self.duplicates.append(
                        (key_node.value, key_node.start_mark.line + 1)
                    )
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"),
    list("-+0123456789"),
)
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null",
    re.compile(r"^(?:~|null|Null|NULL|)$"),
    ["~", "n", "N", ""],
)


def _read_yaml(path: Path, problems: list[InputProblem]) -> Any:
    text = _read_text(path, problems, required=True)
    if text is None:
        return None
    name = path.name
    loader = _YamlLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" i linje {mark.line + 1}, tegn {mark.column + 1}" if mark else ""
        problems.append(
            InputProblem(
                name,
                None,
                None,
                None,
                f"YAML-syntaksfejl{where}: filen kan ikke læses; tjek indrykning, "
                "kolon efter nøgler og anførselstegn om tekst med specialtegn",
            )
        )
        return None
    finally:
        loader.dispose()
    for key, line in loader.duplicates:
        problems.append(
            InputProblem(
                name, None, key, None, f'nøglen "{key}" står to gange (linje {line})'
            )
        )
    if data is None:
        problems.append(InputProblem(name, None, None, None, "filen er tom"))
        return None
    if not isinstance(data, dict):
        problems.append(
            InputProblem(
                name,
                None,
                None,
                None,
                "filen skal bestå af nøgler og værdier (name:, period:, shifts: …)",
            )
        )
        return None
    return data


def _yaml_path(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list | tuple):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _shown(value: Any) -> str:
    """'værdien "x"' for a scalar, else just 'værdien'."""
    v = _scalar(value)
    return f'værdien "{v}"' if v is not None else "værdien"


@dataclass
class _YamlCheck:
    """Problem collector for one YAML file, with locations already reported."""

    file: str
    problems: list[InputProblem]
    raw: Any = None
    reported: set[tuple[str | int, ...]] = field(default_factory=set)

    def bad(self, loc: tuple[str | int, ...], value: Any, message: str) -> None:
        self.problems.append(
            InputProblem(
                self.file,
                None,
                _yaml_path(loc),
                _scalar(value),
                message + _label(self.raw, loc),
            )
        )
        self.reported.add(loc)

    def covered(self, loc: tuple[str | int, ...]) -> bool:
        return any(loc[: len(r)] == r for r in self.reported)


def _items(data: Any, key: str) -> list[tuple[int, dict]]:
    seq = data.get(key) if isinstance(data, dict) else None
    if not isinstance(seq, list):
        return []
    return [(i, x) for i, x in enumerate(seq) if isinstance(x, dict)]


def _normalize_unit(data: dict, chk: _YamlCheck) -> dict:
    """Convert times, dates, weekdays and ids ourselves (Danish messages)."""
    data = copy.deepcopy(data)

    def as_time(container: dict | list, key: Any, loc: tuple) -> None:
        v = container[key]
        if isinstance(v, dt.time):
            return
        if isinstance(v, str):
            try:
                container[key] = parse_time(v)
            except _Bad as b:
                chk.bad(loc, v, b.message)
        elif v is None:
            chk.bad(loc, v, 'klokkeslættet mangler; skriv f.eks. "07:00"')
        else:
            chk.bad(
                loc,
                v,
                f"{_shown(v)} er ikke et klokkeslæt; skriv "
                'klokkeslættet som "TT:MM" i anførselstegn, f.eks. "07:00"',
            )

    def as_id(container: dict | list, key: Any) -> None:
        v = container[key]
        if isinstance(v, int) and not isinstance(v, bool):
            container[key] = str(v)

    def as_weekdays(container: dict, key: str, loc: tuple) -> None:
        v = container.get(key)
        if isinstance(v, str):
            v = container[key] = [p for p in re.split(r"[,;\s]+", v) if p]
        if not isinstance(v, list):
            return  # pydantic reports the wrong type
        for j, w in enumerate(v):
            if isinstance(w, str):
                try:
                    v[j] = parse_weekday(w)
                except _Bad as b:
                    chk.bad((*loc, j), w, b.message)
            else:
                chk.bad(
                    (*loc, j),
                    w,
                    f"{_shown(w)} er ikke en ugedag; "
                    f"tilladte værdier: {_WEEKDAYS_HINT}",
                )

    period = data.get("period")
    if isinstance(period, dict) and "start" in period:
        v = period["start"]
        if isinstance(v, str):
            try:
                period["start"] = parse_date(v)
            except _Bad as b:
                chk.bad(("period", "start"), v, b.message)
        elif not isinstance(v, dt.date):
            chk.bad(
                ("period", "start"),
                v,
                "startdatoen skal skrives som ÅÅÅÅ-MM-DD, f.eks. 2027-01-04",
            )
    for i, s in _items(data, "shifts"):
        if "id" in s:
            as_id(s, "id")
        if isinstance(s.get("kind"), str):
            s["kind"] = s["kind"].strip().lower()
        for k in ("start", "end"):
            if k in s:
                as_time(s, k, ("shifts", i, k))
    for i, d in _items(data, "demand"):
        if "shift" in d:
            as_id(d, "shift")
        as_weekdays(d, "weekdays", ("demand", i, "weekdays"))
    for i, q in _items(data, "qualification_demand"):
        if isinstance(q.get("shifts"), list):
            for j in range(len(q["shifts"])):
                as_id(q["shifts"], j)
        as_weekdays(q, "weekdays", ("qualification_demand", i, "weekdays"))
    lone = data.get("lone_work")
    if isinstance(lone, dict):
        if isinstance(lone.get("no_lone_shifts"), list):
            for j in range(len(lone["no_lone_shifts"])):
                as_id(lone["no_lone_shifts"], j)
        hours = lone.get("no_lone_hours")
        if isinstance(hours, list):
            for j, pair in enumerate(hours):
                loc = ("lone_work", "no_lone_hours", j)
                if isinstance(pair, list) and len(pair) == 2:
                    for k in range(2):
                        as_time(pair, k, (*loc, k))
                else:
                    chk.bad(
                        loc,
                        pair,
                        "hvert tidsrum skal være et par [start, slut], "
                        'f.eks. ["22:00", "06:00"]',
                    )
    for i, m in _items(data, "staff_meetings"):
        if isinstance(m.get("weekday"), str):
            try:
                m["weekday"] = parse_weekday(m["weekday"])
            except _Bad as b:
                chk.bad(("staff_meetings", i, "weekday"), m["weekday"], b.message)
        for k in ("start", "end"):
            if k in m:
                as_time(m, k, ("staff_meetings", i, k))
    return data


def _check_unit_refs(data: dict, chk: _YamlCheck) -> set[str]:
    """Cross-checks pydantic cannot do; returns the declared shift ids."""
    tz = data.get("timezone")
    if isinstance(tz, str):
        try:
            ZoneInfo(tz)
        except Exception:
            chk.bad(
                ("timezone",),
                tz,
                f'ukendt tidszone "{tz}"; brug et IANA-navn som Europe/Copenhagen',
            )
    if isinstance(data.get("shifts"), list) and not data["shifts"]:
        chk.bad(("shifts",), None, "der skal være mindst én vagttype under shifts")
    ids: dict[str, int] = {}
    for i, s in _items(data, "shifts"):
        sid = s.get("id")
        if not isinstance(sid, str):
            continue
        if not _SHIFT_ID_RE.fullmatch(sid):
            chk.bad(
                ("shifts", i, "id"),
                sid,
                f'vagt-id "{sid}" må kun indeholde bogstaver, tal og "_"',
            )
        elif sid in ids:
            chk.bad(
                ("shifts", i, "id"),
                sid,
                f'vagt-id "{sid}" står allerede i '
                f"shifts[{ids[sid]}]; hver vagttype skal have sit eget id",
            )
        else:
            ids[sid] = i
    known = set(ids)
    where = f"shifts i {UNIT_FILE}"

    def ref(loc: tuple, sid: Any) -> None:
        if isinstance(sid, str) and sid not in known:
            chk.bad(
                loc,
                sid,
                f'ukendt vagttype "{sid}": findes ikke i {where}'
                f"{_suggest(sid, known)}; kendte: {', '.join(sorted(known))}",
            )

    seen_demand: dict[tuple[str, Weekday], int] = {}
    for i, d in _items(data, "demand"):
        ref(("demand", i, "shift"), d.get("shift"))
        lo, hi = d.get("min"), d.get("ideal")
        if isinstance(lo, int) and isinstance(hi, int) and hi < lo:
            chk.bad(
                ("demand", i, "ideal"),
                hi,
                f"ideal ({hi}) må ikke være mindre "
                f"end min ({lo}); ideal er det ønskede antal og skal være ≥ min",
            )
        wds = d.get("weekdays", list(Weekday))
        if isinstance(d.get("shift"), str) and isinstance(wds, list):
            clash = []
            for w in wds:
                if isinstance(w, Weekday):
                    key = (d["shift"], w)
                    if key in seen_demand and seen_demand[key] != i:
                        clash.append((w, seen_demand[key]))
                    seen_demand.setdefault(key, i)
            if clash:
                days = ", ".join(w.value for w, _ in clash)
                other = ", ".join(sorted({f"demand[{j}]" for _, j in clash}))
                chk.bad(
                    ("demand", i, "weekdays"),
                    None,
                    f'vagt "{d["shift"]}" har allerede et behov for {days} i {other}; '
                    "hver vagt og ugedag må kun have ét behov",
                )
    for i, q in _items(data, "qualification_demand"):
        if isinstance(q.get("shifts"), list):
            for j, sid in enumerate(q["shifts"]):
                ref(("qualification_demand", i, "shifts", j), sid)
    lone = data.get("lone_work")
    if isinstance(lone, dict) and isinstance(lone.get("no_lone_shifts"), list):
        for j, sid in enumerate(lone["no_lone_shifts"]):
            ref(("lone_work", "no_lone_shifts", j), sid)
    for i, m in _items(data, "staff_meetings"):
        s, e = m.get("start"), m.get("end")
        if isinstance(s, dt.time) and isinstance(e, dt.time) and e <= s:
            chk.bad(
                ("staff_meetings", i, "end"),
                e.strftime("%H:%M"),
                f"mødet slutter ({e:%H:%M}) før eller samtidig med at det "
                f"begynder ({s:%H:%M})",
            )
    return known


def _model_at(
    model: type[BaseModel], loc: Sequence[str | int]
) -> type[BaseModel] | None:
    """The pydantic model class found at ``loc`` below ``model``, if any."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(part, str):
            if not (isinstance(tp, type) and issubclass(tp, BaseModel)):
                return None
            if part not in tp.model_fields:
                return None
            tp = tp.model_fields[part].annotation
        else:
            args = get_args(tp)
            if get_origin(tp) not in (tuple, list) or not args:
                return None
            tp = (
                args[0]
                if (len(args) == 2 and args[1] is Ellipsis) or get_origin(tp) is list
                else args[min(part, len(args) - 1)]
            )
    tp = _unwrap(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    """Strip ``X | None``."""
    args = [a for a in get_args(tp) if a is not type(None)]
    if get_origin(tp) is not None and len(args) == 1 and type(None) in get_args(tp):
        return args[0]
    return tp


_REST_KEY = re.compile(r"rest|hvil|arbejdstid|working_?time|work_?time", re.I)


def _pydantic_message(err: dict, model: type[BaseModel], raw: Any) -> str:
    """Danish text for one pydantic error (never pydantic's English)."""
    typ: str = err["type"]
    loc: tuple = tuple(err["loc"])
    inp = err.get("input")
    ctx = err.get("ctx") or {}
    v = _scalar(inp)
    shown = _shown(inp)
    if typ == "extra_forbidden":
        key = str(loc[-1])
        parent = _model_at(model, loc[:-1])
        allowed = list(parent.model_fields) if parent else []
        on_shift = parent is ShiftTemplate
        at_root = parent is model and re.search(r"sleep|sov", key, re.I)
        if _REST_KEY.search(key) and (on_shift or at_root):
            kind = (
                _raw_at(raw, (*loc[:-1], "kind")) if parent is ShiftTemplate else None
            )
            if kind == ShiftKind.ONCALL_HOME.value:
                return (
                    f'nøglen "{key}" findes ikke: om rådighedsvagt hjemmefra tæller '
                    "som hvile, fastsættes i regelsættet (constraints/*.yaml), "
                    "ikke i unit.yaml"
                )
            return f'nøglen "{key}" findes ikke: {SLEEP_IN_REST_DA}'
        return (
            f'ukendt nøgle "{key}"{_suggest(key, allowed)}; tilladte nøgler her: '
            f"{', '.join(allowed)}"
        )
    if typ == "missing":
        if isinstance(loc[-1], int):
            return f"der mangler et element på plads {loc[-1]}"
        return f'feltet "{loc[-1]}" mangler og skal udfyldes'
    if typ in ("enum", "literal_error"):
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"{shown} er ikke tilladt; tilladte værdier: {', '.join(allowed)}" + (
            _suggest(v, allowed) if v else ""
        )
    if typ in ("string_type", "string_sub_type"):
        return f"{shown} skal være tekst"
    if typ.startswith("int_"):
        return f"{shown} skal være et helt tal"
    if typ.startswith("float_"):
        return f"{shown} skal være et tal, f.eks. 0.5"
    if typ.startswith("bool_"):
        return f"{shown} skal være true eller false"
    limits = {
        "greater_than_equal": ("mindst", "ge"),
        "greater_than": ("større end", "gt"),
        "less_than_equal": ("højst", "le"),
        "less_than": ("mindre end", "lt"),
    }
    if typ in limits:
        word, key = limits[typ]
        return f"{shown} er uden for det tilladte; den skal være {word} {ctx.get(key)}"
    if typ in (
        "tuple_type",
        "list_type",
        "iterable_type",
        "set_type",
        "frozen_set_type",
    ):
        return (
            f"{shown} skal være en liste, skrevet som [a, b] eller som linjer "
            'der begynder med "- "'
        )
    if typ in ("model_type", "model_attributes_type", "dict_type"):
        return f"{shown} skal være en gruppe af nøgler og værdier (nøgle: værdi)"
    if typ.startswith(("date", "datetime")):
        return f"{shown} er ikke en gyldig dato; skriv ÅÅÅÅ-MM-DD, f.eks. 2027-01-04"
    if typ.startswith("time"):
        return f'{shown} er ikke et gyldigt klokkeslæt; skriv TT:MM, f.eks. "07:00"'
    if typ == "too_long":
        return f"for mange elementer; højst {ctx.get('max_length')}"
    if typ == "too_short":
        return f"for få elementer; mindst {ctx.get('min_length')}"
    if typ in ("value_error", "assertion_error"):
        # Our own domain validators already speak Danish.
        return str(ctx.get("error", "ugyldig værdi"))
    return f"{shown} er ugyldig her"


def _raw_at(raw: Any, loc: Sequence[str | int]) -> Any:
    cur = raw
    for part in loc:
        try:
            cur = cur[part]
        except (KeyError, IndexError, TypeError):
            return None
    return cur


def _label(raw: Any, loc: tuple) -> str:
    """' (vagt "N")' — names the list item a YAML problem is in."""
    if len(loc) >= 3 and isinstance(loc[1], int):
        item = _raw_at(raw, loc[:2])
        if isinstance(item, dict):
            if loc[0] == "shifts" and isinstance(item.get("id"), str):
                return f' (vagt "{item["id"]}")'
            if loc[0] == "demand" and isinstance(item.get("shift"), str):
                return f' (behov for vagt "{item["shift"]}")'
    return ""


def _load_unit_into(
    path: Path, problems: list[InputProblem]
) -> tuple[Unit | None, set[str] | None]:
    """Load unit.yaml, appending problems; returns (unit, declared shift ids)."""
    name = path.name
    start = len(problems)
    data = _read_yaml(path, problems)
    if data is None:
        return None, None
    chk = _YamlCheck(name, problems, data)
    norm = _normalize_unit(data, chk)
    known = _check_unit_refs(norm, chk)
    unit: Unit | None = None
    try:
        unit = Unit.model_validate(norm)
    except ValidationError as e:
        for err in e.errors():
            loc = tuple(err["loc"])
            if chk.covered(loc):
                continue
            if err["type"] == "value_error" and len(loc) == 2 and loc[0] == "demand":
                continue  # ideal < min: reported by _check_unit_refs
            problems.append(
                InputProblem(
                    name,
                    None,
                    _yaml_path(loc) or None,
                    None if err["type"] == "missing" else _scalar(err.get("input")),
                    _pydantic_message(err, Unit, norm)
                    + ("" if err["type"] == "extra_forbidden" else _label(norm, loc)),
                )
            )
    if len(problems) > start:
        unit = None
        problems[start:] = sorted(
            problems[start:], key=lambda p: _doc_order(data, p.column)
        )
    return unit, known


def _doc_order(data: Any, path: str | None) -> tuple[int, ...]:
    """Sort key: where ``path`` (``shifts[2].end``) sits in the YAML document."""
    if path is None:
        return (-1,)
    key: list[int] = []
    cur = data
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if index:
            key.append(int(index))
            cur = (
                cur[int(index)]
                if isinstance(cur, list) and int(index) < len(cur)
                else None
            )
        else:
            keys = list(cur) if isinstance(cur, dict) else []
            key.append(keys.index(name) if name in keys else len(keys))
            cur = cur.get(name) if isinstance(cur, dict) else None
    return tuple(key)


def _unit_path(path: PathLike) -> Path:
    p = Path(path)
    return (
        p / UNIT_FILE if p.is_dir() or p.suffix.lower() not in (".yaml", ".yml") else p
    )


def load_unit(path: PathLike) -> Unit:
    """Load and validate ``unit.yaml`` (``path`` is the file or the unit directory).

    Raises:
        InputError: with every problem found in the file.
    """
    problems: list[InputProblem] = []
    unit, _ = _load_unit_into(_unit_path(path), problems)
    if problems or unit is None:
        raise InputError(problems)
    return unit


# --------------------------------------------------------------------------
# CSV files of the unit
# --------------------------------------------------------------------------

EMPLOYEE_REQUIRED = ("employee_id", "name", "weekly_hours")
EMPLOYEE_OPTIONAL = (
    "qualifications",
    "birth_date",
    "pregnant_from",
    "pregnant_to",
    "lone_work_cleared",
    "fixed_night",
    "night_exempt",
    "senior_shift",
    "senior_no_nights",
    "max_shift_hours",
    "max_weekly_hours",
    "fixed_days_off",
    "fixed_free_evening",
)
_BOOL_COLUMNS = ("lone_work_cleared", "fixed_night", "night_exempt", "senior_no_nights")


@dataclass
class _Period:
    start: dt.date
    end: dt.date
    # The unit's declared period: dates in it are valid in wishes and pins
    # even when another period is planned (they are then simply not part of
    # this plan), so ``--start`` works on the unit's own files.
    declared: tuple[dt.date, dt.date] | None = None

    def __contains__(self, day: dt.date) -> bool:
        if self.declared and self.declared[0] <= day <= self.declared[1]:
            return True
        return self.start <= day <= self.end

    def planned(self, day: dt.date) -> bool:
        """True when ``day`` lies in the period being planned."""
        return self.start <= day <= self.end

    def outside(self, day: dt.date, what: str) -> str:
        return (
            f"datoen {day} ligger uden for planperioden {self.start} – {self.end}; "
            f"{what} skal ligge i perioden"
        )


def _model_problem(
    row: _Row, e: ValidationError, model: type[BaseModel], columns: dict[str, str]
) -> None:
    """Safety net: report a domain validation error on a CSV row in Danish."""
    for err in e.errors():
        loc = tuple(err["loc"])
        col = columns.get(str(loc[0]), str(loc[0])) if loc else None
        row.fail(col, _pydantic_message(err, model, None))


def _load_employees(
    path: Path, problems: list[InputProblem], period: _Period | None
) -> tuple[list[Employee], set[str] | None]:
    rows = _read_csv(
        path, EMPLOYEE_REQUIRED, EMPLOYEE_OPTIONAL, problems, file_required=True
    )
    if rows is None:
        return [], None
    if not rows and not any(p.file == path.name and p.row == 1 for p in problems):
        problems.append(
            InputProblem(
                path.name,
                None,
                None,
                None,
                "filen indeholder ingen medarbejdere; der skal være mindst én række "
                "under overskriften",
            )
        )
    employees: list[Employee] = []
    seen: dict[str, int] = {}
    hours = _ranged(parse_number, 0, 48, unit=" timer pr. uge")
    for row in rows:
        eid = row.get("employee_id", _employee_id, required=True)
        if eid is not None:
            if eid in seen:
                row.fail(
                    "employee_id",
                    f'medarbejder-id "{eid}" står allerede i række '
                    f"{seen[eid]}; hvert id må kun forekomme én gang",
                )
            else:
                seen[eid] = row.number
        name = row.get("name", required=True)
        weekly = row.get("weekly_hours", hours, required=True)
        quals = row.get("qualifications", _split_list(lambda t: t)) or []
        birth = row.get("birth_date", parse_date)
        if birth and period and birth > period.start:
            row.fail(
                "birth_date",
                f"fødselsdatoen {birth} ligger efter planperiodens "
                f"start {period.start}",
            )
        p_from = row.get("pregnant_from", parse_date)
        p_to = row.get("pregnant_to", parse_date)
        if p_to and not p_from and row.text("pregnant_from") == "":
            row.fail(
                "pregnant_to",
                "pregnant_to er udfyldt, men pregnant_from er tom; "
                "graviditetsperioden skal have en startdato",
            )
        if p_from and p_to and p_to < p_from:
            row.fail(
                "pregnant_to",
                f"slutdatoen {p_to} ligger før startdatoen {p_from} (pregnant_from)",
            )
        flags = {c: row.get(c, parse_bool) or False for c in _BOOL_COLUMNS}
        senior = row.get("senior_shift", _parse_enum(ShiftKind, ("day", "evening")))
        max_shift = row.get(
            "max_shift_hours", _ranged(parse_number, 0, 24, lo_open=True, unit=" timer")
        )
        max_week = row.get(
            "max_weekly_hours",
            _ranged(parse_number, 0, 48, lo_open=True, unit=" timer pr. uge"),
        )
        days_off = row.get("fixed_days_off", _split_list(parse_weekday)) or []
        free_evening = row.get("fixed_free_evening", parse_weekday)
        if not row.ok:
            continue
        try:
            employees.append(
                Employee(
                    id=eid,
                    name=name,
                    weekly_hours=weekly,
                    qualifications=frozenset(quals),
                    birth_date=birth,
                    pregnant_from=p_from,
                    pregnant_to=p_to,
                    senior_shift=senior,
                    max_shift_hours=max_shift,
                    max_weekly_hours=max_week,
                    fixed_days_off=frozenset(days_off),
                    fixed_free_evening=free_evening,
                    **flags,
                )
            )
        except ValidationError as e:
            _model_problem(row, e, Employee, {"id": "employee_id"})
    return employees, set(seen)


def _load_absences(
    path: Path, problems: list[InputProblem], emp_ids: set[str] | None
) -> tuple[list[tuple[_Row, Absence]], bool]:
    rows = _read_csv(
        path, ("employee_id", "from", "to", "type"), (), problems, file_required=False
    )
    out: list[tuple[_Row, Absence]] = []
    for row in rows or []:
        eid = row.get("employee_id", _employee_ref(emp_ids), required=True)
        start = row.get("from", parse_date, required=True)
        end = row.get("to", parse_date, required=True)
        kind = row.get("type", _parse_enum(AbsenceType), required=True)
        if start and end and end < start:
            row.fail(
                "to",
                f'slutdatoen {end} ligger før startdatoen {start} ("from"); '
                '"to" skal være samme dag eller senere',
            )
        if row.ok:
            out.append((row, Absence(employee_id=eid, start=start, end=end, type=kind)))
    by_emp: dict[str, list[tuple[_Row, Absence]]] = {}
    for row, a in out:
        for prev_row, prev in by_emp.get(a.employee_id, []):
            if a.start <= prev.end and prev.start <= a.end:
                row.fail(
                    "from",
                    f"fraværet {a.start} – {a.end} overlapper fraværet "
                    f"{prev.start} – {prev.end} i række {prev_row.number} for "
                    f'"{a.employee_id}"; to fravær for samme medarbejder må '
                    "ikke overlappe",
                )
                break
        by_emp.setdefault(a.employee_id, []).append((row, a))
    return [(r, a) for r, a in out if r.ok], rows is not None


def _load_wishes(
    path: Path,
    problems: list[InputProblem],
    emp_ids: set[str] | None,
    shift_ids: set[str] | None,
    period: _Period | None,
) -> list[Wish]:
    rows = _read_csv(
        path,
        ("employee_id", "date", "wish"),
        ("shift_id", "priority"),
        problems,
        file_required=False,
    )
    out: list[Wish] = []
    seen: dict[tuple, int] = {}
    for row in rows or []:
        eid = row.get("employee_id", _employee_ref(emp_ids), required=True)
        day = row.get("date", parse_date, required=True)
        kind = row.get("wish", _parse_enum(WishKind), required=True)
        sid = row.get("shift_id", _shift_ref(shift_ids))
        prio = row.get("priority", _ranged(parse_int, 1, 5))
        if day and period and day not in period:
            row.fail("date", period.outside(day, "ønsker"))
        if kind in (WishKind.SHIFT, WishKind.NOT_SHIFT) and row.text("shift_id") == "":
            row.fail(
                "shift_id",
                f'ønsket "{kind.value}" kræver en vagttype i kolonnen shift_id',
            )
        if kind is WishKind.DAY_OFF and row.text("shift_id") != "":
            row.fail(
                "shift_id", 'ønsket "fri" gælder hele dagen; lad shift_id være tom'
            )
        if not row.ok:
            continue
        key = (eid, day, kind, sid)
        if key in seen:
            row.fail(None, f"samme ønske står allerede i række {seen[key]}")
            continue
        seen[key] = row.number
        out.append(
            Wish(
                employee_id=eid,
                date=day,
                kind=kind,
                shift_id=sid,
                priority=int(prio) if prio is not None else 1,
            )
        )
    return out


def _intervals(
    unit: Unit | None,
) -> Callable[[dt.date, str], tuple[dt.datetime, dt.datetime]] | None:
    if unit is None:
        return None
    tz = ZoneInfo(unit.timezone)
    shifts = {s.id: s for s in unit.shifts}
    return lambda day, sid: shift_interval(day, shifts[sid], tz)


def _load_history(
    path: Path,
    problems: list[InputProblem],
    unit: Unit | None,
    emp_ids: set[str] | None,
    shift_ids: set[str] | None,
    start: dt.date | None,
) -> list[Assignment]:
    rows = _read_csv(
        path, ("employee_id", "date", "shift_id"), (), problems, file_required=False
    )
    out: list[tuple[_Row, Assignment]] = []
    seen: dict[tuple, int] = {}
    for row in rows or []:
        eid = row.get("employee_id", _employee_ref(emp_ids), required=True)
        day = row.get("date", parse_date, required=True)
        sid = row.get("shift_id", _shift_ref(shift_ids), required=True)
        if day and start and day >= start:
            row.fail(
                "date",
                f"datoen {day} ligger ikke før planperiodens start "
                f"{start}; historik skal ligge før starten",
            )
        if not row.ok:
            continue
        key = (eid, day, sid)
        if key in seen:
            row.fail(None, f"samme vagt står allerede i række {seen[key]}")
            continue
        seen[key] = row.number
        out.append((row, Assignment(employee_id=eid, date=day, shift_id=sid)))
    interval = _intervals(unit)
    if interval is not None:
        by_emp: dict[str, list[tuple[_Row, Assignment, tuple]]] = {}
        for row, a in out:
            iv = interval(a.date, a.shift_id)
            for prow, pa, piv in by_emp.get(a.employee_id, []):
                if iv[0] < piv[1] and piv[0] < iv[1]:
                    row.fail(
                        "shift_id",
                        f'vagten "{a.shift_id}" {a.date} overlapper i '
                        f'tid med vagten "{pa.shift_id}" {pa.date} i række '
                        f"{prow.number}",
                    )
                    break
            by_emp.setdefault(a.employee_id, []).append((row, a, iv))
    return [a for r, a in out if r.ok]


def _load_pins(
    path: Path,
    problems: list[InputProblem],
    emp_ids: set[str] | None,
    shift_ids: set[str] | None,
    period: _Period | None,
    absences: list[tuple[_Row, Absence]],
) -> list[Pin]:
    rows = _read_csv(
        path, ("employee_id", "date", "shift_id"), (), problems, file_required=False
    )
    out: list[Pin] = []
    seen: dict[tuple, int] = {}
    for row in rows or []:
        eid = row.get("employee_id", _employee_ref(emp_ids), required=True)
        day = row.get("date", parse_date, required=True)
        sid = row.get("shift_id", _shift_ref(shift_ids))
        if day and period and day not in period:
            row.fail("date", period.outside(day, "fastlåste felter"))
        if eid and day and sid:
            for arow, a in absences:
                if a.employee_id == eid and a.covers(day):
                    row.fail(
                        "shift_id",
                        f'"{eid}" har fravær ({a.type.value} '
                        f"{a.start} – {a.end}, {ABSENCES_FILE} række {arow.number}) "
                        "og kan ikke have en vagt den dag",
                    )
                    break
        if not row.ok:
            continue
        key = (eid, day)
        if key in seen:
            row.fail(
                "date",
                f'dagen {day} for "{eid}" er allerede fastlåst i række '
                f"{seen[key]}; der må kun være én fastlåsning pr. medarbejder og dag",
            )
            continue
        seen[key] = row.number
        out.append(Pin(employee_id=eid, date=day, shift_id=sid))
    return out


def _in_order(problems: list[InputProblem]) -> list[InputProblem]:
    """Problems grouped by file (in loading order), then by row."""
    rank: dict[str, int] = {}
    for p in problems:
        rank.setdefault(p.file, len(rank))
    return sorted(problems, key=lambda p: (rank[p.file], p.row or 0))


def _start_arg(value: Any, problems: list[InputProblem]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date(str(value))
    except _Bad as b:
        problems.append(InputProblem(PARAMS, None, "start", str(value), b.message))
        return None


def load_instance(
    unit_dir: PathLike, start: dt.date | None = None, weeks: int | None = None
) -> PlanningInstance:
    """Load and validate a whole unit directory into a planning instance.

    Args:
        unit_dir: The unit directory (see ``docs/DATA_FORMAT.md``).
        start: First day of the plan; defaults to ``period.start`` in unit.yaml.
            Any weekday works; an ISO string (``"2027-01-04"``) is accepted too.
        weeks: Length of the plan in weeks (1–52); defaults to ``period.weeks``.

    Raises:
        InputError: with every problem found in every file of the directory.
    """
    d = Path(unit_dir)
    problems: list[InputProblem] = []
    if not d.is_dir():
        raise InputError(
            InputProblem(
                str(d),
                None,
                None,
                None,
                "mappen findes ikke" if not d.exists() else "er ikke en mappe",
            )
        )
    start_d = _start_arg(start, problems)
    if weeks is not None and (
        isinstance(weeks, bool)
        or not isinstance(weeks, numbers.Integral)
        or not 1 <= weeks <= 52
    ):
        problems.append(
            InputProblem(
                PARAMS,
                None,
                "weeks",
                str(weeks),
                "antal uger skal være et helt tal fra 1 til 52",
            )
        )
        weeks = None
    weeks = int(weeks) if weeks is not None else None
    unit, shift_ids = _load_unit_into(d / UNIT_FILE, problems)
    if unit is not None:
        start_d = start_d or (None if start is not None else unit.period.start)
        weeks = weeks or unit.period.weeks
    declared = (
        (unit.period.start,
         unit.period.start + dt.timedelta(days=7 * unit.period.weeks - 1))
        if unit is not None
        else None
    )
    period = (
        _Period(start_d, start_d + dt.timedelta(days=7 * weeks - 1), declared)
        if start_d and weeks
        else None
    )
    employees, emp_ids = _load_employees(d / EMPLOYEES_FILE, problems, period)
    absences, _ = _load_absences(d / ABSENCES_FILE, problems, emp_ids)
    wishes = _load_wishes(d / WISHES_FILE, problems, emp_ids, shift_ids, period)
    history = _load_history(
        d / HISTORY_FILE,
        problems,
        unit,
        emp_ids,
        shift_ids,
        period.start if period else None,
    )
    pins = _load_pins(d / PINS_FILE, problems, emp_ids, shift_ids, period, absences)
    if problems or unit is None or period is None:
        raise InputError(_in_order(problems))
    declared_plan = period.start == unit.period.start and weeks == unit.period.weeks
    inst = PlanningInstance(
        unit=unit,
        employees=tuple(employees),
        start=period.start,
        weeks=weeks,
        published_on=unit.period.published_on if declared_plan else None,
        changed_on=unit.period.changed_on if declared_plan else None,
        absences=tuple(a for _, a in absences),
        wishes=tuple(w for w in wishes if period.planned(w.date)),
        history=tuple(history),
        pins=tuple(p for p in pins if period.planned(p.date)),
    )
    published = d / PUBLISHED_FILE
    if published.exists() and declared_plan:
        inst = inst.model_copy(update={"published": tuple(load_roster(published, inst))})
    return inst


# --------------------------------------------------------------------------
# Rosters
# --------------------------------------------------------------------------


def _parse_instant(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise _Bad(
            f'værdien "{text}" er ikke et tidspunkt; skriv ISO 8601 med '
            "UTC-forskydning, f.eks. 2027-03-27T23:00:00+01:00"
        ) from None
    if value.tzinfo is None:
        raise _Bad(
            f'tidspunktet "{text}" mangler UTC-forskydning; skriv f.eks. '
            "2027-03-27T23:00:00+01:00"
        )
    return value


def load_roster(path: PathLike, instance: PlanningInstance) -> list[Assignment]:
    """Load and validate a roster CSV (``employee_id,date,shift_id[,start,end]``).

    Raises:
        InputError: unknown employees or shifts, bad or out-of-period dates,
            ``start``/``end`` not matching the shift template on that date, and
            duplicate rows — all of them at once.
    """
    p = Path(path)
    problems: list[InputProblem] = []
    rows = _read_csv(
        p, ROSTER_COLUMNS[:3], ROSTER_COLUMNS[3:], problems, file_required=True
    )
    emp_ids = {e.id for e in instance.employees}
    shift_ids = {s.id for s in instance.unit.shifts}
    interval = _intervals(instance.unit)
    assert interval is not None
    tz = ZoneInfo(instance.unit.timezone)
    period = _Period(instance.start, instance.end)
    out: list[Assignment] = []
    seen: dict[tuple, int] = {}
    for row in rows or []:
        eid = row.get("employee_id", _employee_ref(emp_ids), required=True)
        day = row.get("date", parse_date, required=True)
        sid = row.get("shift_id", _shift_ref(shift_ids), required=True)
        given = {c: row.get(c, _parse_instant) for c in ("start", "end")}
        if day and day not in period:
            row.fail("date", period.outside(day, "vagter i vagtplanen"))
        if day and sid:
            expected = dict(zip(("start", "end"), interval(day, sid), strict=True))
            for col, word in (
                ("start", "starttidspunktet"),
                ("end", "sluttidspunktet"),
            ):
                g = given[col]
                if g is not None and g != expected[col]:
                    row.fail(
                        col,
                        f'{word} passer ikke til vagttypen "{sid}" den {day}; '
                        f"forventet {expected[col].astimezone(tz).isoformat()}",
                    )
        if not row.ok:
            continue
        key = (eid, day, sid)
        if key in seen:
            row.fail(None, f"samme vagt står allerede i række {seen[key]}")
            continue
        seen[key] = row.number
        out.append(Assignment(employee_id=eid, date=day, shift_id=sid))
    if problems:
        raise InputError(_in_order(problems))
    return out


def _roster_records(
    instance: PlanningInstance, assignments: Iterable[Assignment], file: str
) -> list[tuple[str, dt.date, str, dt.datetime, dt.datetime]]:
    tz = ZoneInfo(instance.unit.timezone)
    order = {e.id: i for i, e in enumerate(instance.employees)}
    shifts = {s.id: s for s in instance.unit.shifts}
    problems: list[InputProblem] = []
    records = []
    for a in assignments:
        if a.employee_id not in order:
            problems.append(
                InputProblem(
                    file,
                    None,
                    "employee_id",
                    a.employee_id,
                    f'ukendt medarbejder "{a.employee_id}" '
                    f"({a.date}); vagtplanen skrives ikke",
                )
            )
            continue
        if a.shift_id not in shifts:
            problems.append(
                InputProblem(
                    file,
                    None,
                    "shift_id",
                    a.shift_id,
                    f'ukendt vagttype "{a.shift_id}" ({a.date}); '
                    "vagtplanen skrives ikke",
                )
            )
            continue
        s, e = shift_interval(a.date, shifts[a.shift_id], tz)
        records.append(
            (a.employee_id, a.date, a.shift_id, s.astimezone(tz), e.astimezone(tz))
        )
    if problems:
        raise InputError(problems)
    records.sort(key=lambda r: (r[1], order[r[0]], r[3], r[2]))
    return records


def roster_frame(
    instance: PlanningInstance, assignments: Iterable[Assignment]
) -> pd.DataFrame:
    """The roster table: employee_id, date, shift_id, start, end.

    Rows are ordered by date, then employee (as in employees.csv), then start.
    ``date`` holds :class:`datetime.date` values; ``start``/``end`` aware
    datetimes in the unit's time zone (what :func:`write_roster` writes as
    ISO 8601 text).
    """
    records = _roster_records(instance, assignments, "roster.csv")
    return pd.DataFrame.from_records(records, columns=list(ROSTER_COLUMNS))


def _csv_record(rec: tuple) -> list[str]:
    eid, day, sid, s, e = rec
    return [eid, day.isoformat(), sid, s.isoformat(), e.isoformat()]


def write_roster(
    path: PathLike, instance: PlanningInstance, assignments: Iterable[Assignment]
) -> None:
    """Write ``roster.csv`` atomically (temp file + ``os.replace``).

    Either the complete new file is in place or the old one is untouched; no
    half-written file ever exists under ``path``.

    Raises:
        InputError: an assignment names an unknown employee or shift.
        WorkbenchError: the file cannot be written.
    """
    p = Path(path)
    records = _roster_records(instance, assignments, p.name)
    try:
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
    except OSError as e:
        raise WorkbenchError(_write_error_da(p, e)) from e
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(ROSTER_COLUMNS)
            for rec in records:
                w.writerow(_csv_record(rec))
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, p.stat().st_mode & 0o777 if p.exists() else 0o644)
        os.replace(tmp, p)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise WorkbenchError(_write_error_da(p, e)) from e
        raise


def _write_error_da(path: Path, e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        why = f"mappen {path.parent} findes ikke"
    elif isinstance(e, PermissionError):
        why = "der er ikke skriveadgang"
    else:
        why = f"systemfejl ({type(e).__name__})"
    return f'Vagtplanen kan ikke skrives til "{path}": {why}.'
