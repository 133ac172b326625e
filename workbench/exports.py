"""Exports of a roster for people: Excel for the planner, iCal for the staff,
and a printable HTML report for the Lokal-MED.

* :func:`export_excel` writes the roster as Danish planners know it: people in
  rows, days in columns, shift codes coloured by kind, weekends and
  søgnehelligdage shaded, hours per person and week, totals, and a sheet with
  every breach of the rules.
* :func:`export_ical` writes one ``.ics`` calendar per employee with the true
  start and end of every shift (time zone aware, so a night across a DST
  change lasts 7 or 9 hours as it really does).
* :func:`export_html` writes an HTML report that prints on A4 landscape. With
  ``pseudonymise=True`` (the default) it shows no names and no sensitive
  personal data: staff are "Medarbejder 1…n" and rules that would reveal
  pregnancy, age, health or reduced capacity are only counted together.

Every file is written atomically (a temp file in the target directory, then
``os.replace``), so a reader never sees half a file.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from workbench.danish import date_da, number_da
from workbench.domain import Assignment, PlanningInstance, ShiftKind
from workbench.errors import WorkbenchError
from workbench.holidays_dk import soegnehelligdage_between
from workbench.scheduling.checks import Violation
from workbench.scheduling.registry import Mode, RuleSet
from workbench.timeutil import Calendar, Work, is_weekend

__all__ = [
    "KIND_COLOURS",
    "KIND_LABELS_DA",
    "WEEKDAY_ABBR_DA",
    "export_excel",
    "export_html",
    "export_ical",
    "hours_of",
]

PathLike = str | os.PathLike[str]

WEEKDAY_ABBR_DA = ("man", "tir", "ons", "tor", "fre", "lør", "søn")
"""Danish weekday abbreviations, Monday first."""

KIND_COLOURS: dict[ShiftKind, str] = {
    ShiftKind.DAY: "FFF2CC",  # light yellow
    ShiftKind.EVENING: "FCE4D6",  # light orange
    ShiftKind.NIGHT: "BDD7EE",  # light blue
    ShiftKind.SLEEP_IN: "E4DFEC",  # light purple
    ShiftKind.ONCALL_HOME: "E2EFDA",  # light green
}
"""Cell fill (RGB hex) per shift kind in the Excel roster."""

KIND_LABELS_DA: dict[ShiftKind, str] = {
    ShiftKind.DAY: "Dagvagt",
    ShiftKind.EVENING: "Aftenvagt",
    ShiftKind.NIGHT: "Nattevagt",
    ShiftKind.SLEEP_IN: "Sovevagt",
    ShiftKind.ONCALL_HOME: "Rådighedsvagt (hjemme)",
}

WEEKEND_FILL = "D9D9D9"
"""Fill of weekend and søgnehelligdag columns (header and free cells)."""
HEADER_FILL = "F2F2F2"
MODE_DA = {Mode.HARD: "hård", Mode.SOFT: "blød"}


# -- shared helpers --------------------------------------------------------------------


def _atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` for a temp file next to ``target``, then replace it."""
    if not target.parent.is_dir():
        raise WorkbenchError(
            f'"{target}" kan ikke skrives: mappen {target.parent} findes ikke.'
        )
    fd, name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as e:
        tmp.unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise WorkbenchError(
                f'"{target}" kan ikke skrives: {e.strerror or type(e).__name__}.'
            ) from e
        raise


def hours_of(work: Work) -> float:
    """Norm hours of one shift: real elapsed hours times the paid fraction."""
    return work.duration.total_seconds() / 3600 * work.template.paid_fraction


def _works(
    instance: PlanningInstance, assignments: Sequence[Assignment]
) -> tuple[Calendar, dict[str, list[Work]]]:
    cal = Calendar(instance)
    known = {e.id for e in instance.employees}
    shifts = {s.id for s in instance.unit.shifts}
    by_emp: dict[str, list[Work]] = {e.id: [] for e in instance.employees}
    bad = [
        a for a in assignments if a.employee_id not in known or a.shift_id not in shifts
    ]
    if bad:
        a = bad[0]
        raise WorkbenchError(
            f"Vagtplanen kan ikke eksporteres: ukendt medarbejder eller vagttype "
            f'("{a.employee_id}", "{a.shift_id}", {a.date}).'
        )
    for a in assignments:
        by_emp[a.employee_id].append(cal.work_of(a))
    for ws in by_emp.values():
        ws.sort(key=lambda w: (w.start, w.end))
    return cal, by_emp


def _week_label(instance: PlanningInstance, index: int, days: Sequence[dt.date]) -> str:
    """'Uge 1' (ISO week) when weeks start on Monday, else 'Planuge 1'."""
    if instance.start.isoweekday() == 1:
        return f"Uge {days[0].isocalendar().week}"
    return f"Planuge {index + 1}"


def _dates_short(dates: Sequence[dt.date]) -> str:
    ds = sorted(set(dates))
    if not ds:
        return ""
    if len(ds) > 2 and all((b - a).days == 1 for a, b in itertools.pairwise(ds)):
        return f"{ds[0]:%d.%m.}–{ds[-1]:%d.%m.}"
    return ", ".join(f"{d:%d.%m.}" for d in ds)


def _unit_of(rule_id: str) -> str:
    from workbench.scheduling.rules import REGISTRY

    return REGISTRY[rule_id].spec.unit_da if rule_id in REGISTRY else ""


# -- Excel -----------------------------------------------------------------------------


def export_excel(
    path: PathLike,
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    violations: Sequence[Violation] = (),
) -> Path:
    """Write the roster as an Excel workbook (``.xlsx``), atomically.

    Sheet "Vagtplan": one row per employee (as in employees.csv), one column
    per day with the weekday (man … søn) and the date (dd.mm.), shift codes
    coloured by kind, weekend and søgnehelligdag columns shaded; then the norm
    hours per plan week, the total, the contract norm for the period and the
    difference; below the staff, the number on duty per shift and the hours
    per day, and a legend. Sheet "Brud": every violation with rule, title,
    kind, employee, dates, amount, penalty and message.

    Hours are real elapsed hours (a night across the October DST change is 9
    hours) times the shift's paid fraction.

    Returns:
        The path written.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    target = Path(path)
    cal, works = _works(instance, assignments)
    days = cal.days
    weeks = cal.weeks()
    holidays = soegnehelligdage_between(days[0], days[-1])
    shaded = {d for d in days if is_weekend(d) or d in holidays}

    def fill(rgb: str) -> PatternFill:
        return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)

    thin = Side(style="thin", color="BFBFBF")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center")

    wb = Workbook()
    ws = wb.active
    ws.title = "Vagtplan"
    ws["A1"] = (
        f"Vagtplan – {instance.unit.name} – "
        f"{date_da(instance.start, True)} til {date_da(instance.end, True)}"
    )
    ws["A1"].font = Font(bold=True, size=14)

    HEAD_WEEK, HEAD_DAY, HEAD_DATE, FIRST = 2, 3, 4, 5
    NAME_COL, NORM_COL, DAY0 = 1, 2, 3
    day_col = {d: DAY0 + i for i, d in enumerate(days)}
    week_col0 = DAY0 + len(days)
    total_col = week_col0 + len(weeks)
    norm_period_col = total_col + 1
    diff_col = total_col + 2

    for col, text in ((NAME_COL, "Medarbejder"), (NORM_COL, "Timer/uge")):
        ws.cell(HEAD_DATE, col, text).font = bold
        ws.cell(HEAD_DATE, col).fill = fill(HEADER_FILL)
        ws.cell(HEAD_DATE, col).border = box
    for i, week in enumerate(weeks):
        first = day_col[week[0]]
        ws.cell(HEAD_WEEK, first, _week_label(instance, i, week)).font = bold
        ws.cell(HEAD_WEEK, first).alignment = centre
        if len(week) > 1:
            ws.merge_cells(
                start_row=HEAD_WEEK,
                start_column=first,
                end_row=HEAD_WEEK,
                end_column=day_col[week[-1]],
            )
    for d in days:
        c = day_col[d]
        top = ws.cell(HEAD_DAY, c, WEEKDAY_ABBR_DA[d.isoweekday() - 1])
        low = ws.cell(HEAD_DATE, c, f"{d:%d.%m.}")
        for cell in (top, low):
            cell.font = bold
            cell.alignment = centre
            cell.border = box
            cell.fill = fill(WEEKEND_FILL if d in shaded else HEADER_FILL)
        if d in holidays:
            low.comment = Comment(f"Søgnehelligdag: {holidays[d]}", "workbench")
    for i, week in enumerate(weeks):
        c = week_col0 + i
        ws.cell(HEAD_DAY, c, "Timer")
        ws.cell(HEAD_DATE, c, _week_label(instance, i, week))
    ws.cell(HEAD_DATE, total_col, "Timer i alt")
    ws.cell(HEAD_DATE, norm_period_col, "Norm i perioden")
    ws.cell(HEAD_DATE, diff_col, "Forskel")
    for c in range(week_col0, diff_col + 1):
        for r in (HEAD_DAY, HEAD_DATE):
            cell = ws.cell(r, c)
            cell.font = bold
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
            cell.fill = fill(HEADER_FILL)
            cell.border = box

    kinds = {s.id: s.kind for s in instance.unit.shifts}
    n_weeks = instance.n_days / 7
    row = FIRST
    for e in instance.employees:
        ws.cell(row, NAME_COL, e.name).border = box
        ws.cell(row, NORM_COL, e.weekly_hours).number_format = "0.0"
        ws.cell(row, NORM_COL).border = box
        on_day: dict[dt.date, list[Work]] = {}
        for w in works[e.id]:
            on_day.setdefault(w.day, []).append(w)
        for d in days:
            cell = ws.cell(row, day_col[d])
            cell.alignment = centre
            cell.border = box
            items = on_day.get(d, [])
            if items:
                cell.value = "/".join(w.shift_id for w in items)
                cell.fill = fill(KIND_COLOURS[kinds[items[0].shift_id]])
            elif d in shaded:
                cell.fill = fill(WEEKEND_FILL)
        total = 0.0
        for i, week in enumerate(weeks):
            h = round(sum(hours_of(w) for w in works[e.id] if w.day in week), 2)
            total += h
            cell = ws.cell(row, week_col0 + i, h)
            cell.number_format = "0.0"
            cell.border = box
        norm = round(e.weekly_hours * n_weeks, 2)
        for c, v in (
            (total_col, round(total, 2)),
            (norm_period_col, norm),
            (diff_col, round(total - norm, 2)),
        ):
            cell = ws.cell(row, c, v)
            cell.number_format = "0.0"
            cell.border = box
        ws.cell(row, total_col).font = bold
        row += 1
    last_staff = row - 1

    # Totals: staff on duty per shift and day, hours per day and week.
    row += 1
    ws.cell(row, NAME_COL, "På vagt pr. vagttype").font = bold
    row += 1
    for s in instance.unit.shifts:
        ws.cell(row, NAME_COL, f"{s.id} – {s.label}")
        ws.cell(row, NAME_COL).fill = fill(KIND_COLOURS[s.kind])
        for d in days:
            n = sum(
                1
                for ws_ in works.values()
                for w in ws_
                if w.day == d and w.shift_id == s.id
            )
            dem = instance.unit.demand_for(s.id, d)
            cell = ws.cell(row, day_col[d], n)
            cell.alignment = centre
            if dem is not None and n < dem.min:
                cell.font = Font(bold=True, color="C00000")
        row += 1
    ws.cell(row, NAME_COL, "Timer i alt").font = bold
    for d in days:
        h = sum(hours_of(w) for ws_ in works.values() for w in ws_ if w.day == d)
        cell = ws.cell(row, day_col[d], round(h, 2))
        cell.number_format = "0.0"
        cell.alignment = centre
    grand = 0.0
    for i, week in enumerate(weeks):
        h = sum(hours_of(w) for ws_ in works.values() for w in ws_ if w.day in week)
        grand += h
        ws.cell(row, week_col0 + i, round(h, 2)).number_format = "0.0"
    ws.cell(row, total_col, round(grand, 2)).number_format = "0.0"
    ws.cell(row, total_col).font = bold
    norm_all = sum(e.weekly_hours for e in instance.employees) * n_weeks
    ws.cell(row, norm_period_col, round(norm_all, 2)).number_format = "0.0"
    ws.cell(row, diff_col, round(grand - norm_all, 2)).number_format = "0.0"

    # Legend.
    row += 2
    ws.cell(row, NAME_COL, "Forklaring").font = bold
    row += 1
    for s in instance.unit.shifts:
        ws.cell(row, NAME_COL, s.id).fill = fill(KIND_COLOURS[s.kind])
        ws.cell(row, NAME_COL).alignment = centre
        paid = (
            f", tæller {number_da(s.paid_fraction * 100, 0)} %"
            if s.paid_fraction < 1
            else ""
        )
        kind = KIND_LABELS_DA[s.kind]
        label = s.label if kind.lower() == s.label.lower() else f"{s.label} ({kind})"
        ws.cell(row, NORM_COL, f"{label} {s.start:%H:%M}–{s.end:%H:%M}{paid}")
        row += 1
    ws.cell(row, NAME_COL, "").fill = fill(WEEKEND_FILL)
    ws.cell(row, NORM_COL, "Weekend og søgnehelligdag")
    row += 1
    ws.cell(
        row,
        NORM_COL,
        "Timer er reel varighed (sommer-/vintertid medregnet) gange vagtens "
        "lønandel; ugerne er planens uger.",
    ).font = Font(italic=True)

    ws.freeze_panes = ws.cell(FIRST, DAY0)
    ws.column_dimensions[get_column_letter(NAME_COL)].width = max(
        [14, *(len(e.name) + 2 for e in instance.employees)]
    )
    ws.column_dimensions[get_column_letter(NORM_COL)].width = 10
    for d in days:
        ws.column_dimensions[get_column_letter(day_col[d])].width = 7
    for c in range(week_col0, diff_col + 1):
        ws.column_dimensions[get_column_letter(c)].width = 11
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEAD_WEEK}:{HEAD_DATE}"
    _ = last_staff

    # Sheet "Brud".
    br = wb.create_sheet("Brud")
    heads = (
        "Regel",
        "Titel",
        "Type",
        "Medarbejder",
        "Datoer",
        "Omfang",
        "Enhed",
        "Straf",
        "Besked",
    )
    widths = (26, 36, 7, 22, 18, 9, 30, 8, 90)
    for j, (h, w) in enumerate(zip(heads, widths, strict=True), 1):
        cell = br.cell(1, j, h)
        cell.font = bold
        cell.fill = fill(HEADER_FILL)
        cell.border = box
        br.column_dimensions[get_column_letter(j)].width = w
    names = {e.id: e.name for e in instance.employees}
    ordered = sorted(
        violations,
        key=lambda v: (
            v.mode is not Mode.HARD,
            v.rule_id,
            v.dates,
            v.employee_id or "",
        ),
    )
    for i, v in enumerate(ordered, 2):
        values = (
            v.rule_id,
            v.title_da,
            MODE_DA.get(v.mode, str(v.mode)),
            names.get(v.employee_id or "", v.employee_id or "–"),
            _dates_short(v.dates),
            v.amount,
            _unit_of(v.rule_id),
            v.penalty,
            v.message,
        )
        for j, val in enumerate(values, 1):
            cell = br.cell(i, j, val)
            cell.border = box
            cell.alignment = Alignment(vertical="top", wrap_text=j in (2, 9))
    if not ordered:
        br.cell(2, 1, "Ingen brud på reglerne.")
    br.freeze_panes = "A2"
    br.auto_filter.ref = f"A1:{get_column_letter(len(heads))}{max(2, len(ordered) + 1)}"

    _atomic(target, lambda tmp: wb.save(tmp))
    return target


# -- iCal ------------------------------------------------------------------------------


def export_ical(
    directory: PathLike,
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    *,
    dtstamp: dt.datetime | None = None,
) -> list[Path]:
    """Write one calendar ``<employee_id>.ics`` per employee into ``directory``.

    Each shift is a VEVENT with its true start and end in the unit's time zone
    (``TZID`` plus a generated ``VTIMEZONE``), the Danish shift label as
    SUMMARY and a stable UID (employee, date, shift), so that re-importing an
    updated plan replaces events instead of duplicating them. Employees
    without shifts get an empty calendar (so removed shifts disappear too).

    Args:
        directory: Target directory (created when missing).
        instance: The planning instance.
        assignments: The roster.
        dtstamp: DTSTAMP of every event (default: now, UTC).

    Returns:
        The files written, in employee order.
    """
    import icalendar

    out_dir = Path(directory)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WorkbenchError(
            f'Mappen "{out_dir}" kan ikke oprettes: {e.strerror or type(e).__name__}.'
        ) from e
    stamp = (
        (dtstamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    )
    _, works = _works(instance, assignments)
    tz = ZoneInfo(instance.unit.timezone)
    written: list[Path] = []
    for e in instance.employees:
        cal = icalendar.Calendar()
        cal.add("prodid", "-//workbench//Vagtplan//DA")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", f"Vagtplan {instance.unit.name} – {e.name}")
        cal.add("x-wr-timezone", instance.unit.timezone)
        for w in works[e.id]:
            ev = icalendar.Event()
            ev.add("uid", f"{e.id}-{w.day.isoformat()}-{w.shift_id}@workbench")
            ev.add("dtstamp", stamp)
            ev.add("dtstart", w.start.astimezone(tz))
            ev.add("dtend", w.end.astimezone(tz))
            ev.add("summary", w.template.label)
            hours = number_da(w.duration.total_seconds() / 3600, 1)
            ev.add(
                "description",
                f"{w.template.label} ({w.shift_id}), {instance.unit.name}: "
                f"{w.start.astimezone(tz):%H:%M}–{w.end.astimezone(tz):%H:%M}, "
                f"{hours} timer.",
            )
            ev.add("categories", [KIND_LABELS_DA[w.kind]])
            ev.add("transp", "OPAQUE")
            cal.add_component(ev)
        if works[e.id]:
            cal.add_missing_timezones()
        data = cal.to_ical()
        target = out_dir / f"{e.id}.ics"
        _atomic(target, lambda tmp, data=data: tmp.write_bytes(data))
        written.append(target)
    return written


# -- HTML for the Lokal-MED ------------------------------------------------------------

_HTML = """<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  body { font-family: "Segoe UI", Arial, sans-serif; font-size: 10pt; color: #222;
         margin: 0 auto; max-width: 270mm; }
  h1 { font-size: 16pt; margin: 0 0 4pt 0; }
  h2 { font-size: 13pt; border-bottom: 1.5pt solid #444; margin-top: 14pt; }
  h3 { font-size: 11pt; margin: 10pt 0 4pt 0; }
  table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt 0; }
  th, td { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left;
           vertical-align: top; }
  th { background: #eee; }
  td.num { text-align: right; white-space: nowrap; }
  .meta td { border: none; padding: 1pt 8pt 1pt 0; }
  .light { font-weight: bold; text-align: center; white-space: nowrap; }
  .grøn { background: #c6efce; } .gul { background: #ffeb9c; }
  .rød { background: #ffc7ce; }
  .note { color: #555; font-size: 9pt; }
  section { page-break-inside: auto; }
  section.newpage { page-break-before: always; break-before: page; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
  @media print { body { max-width: none; } a { color: inherit; } }
</style>
</head>
<body>
<header>
<h1>{{ title }}</h1>
<table class="meta">
  <tr><td>Periode</td><td>{{ period }}</td></tr>
  <tr><td>Regelsæt</td><td>{{ ruleset_name }} (version {{ ruleset_hash }})</td></tr>
  <tr><td>Status</td><td>{{ status }}</td></tr>
  <tr><td>Medarbejdere</td><td>{{ n_employees }}</td></tr>
  <tr><td>Vagter</td><td>{{ n_assignments }}</td></tr>
  <tr><td>Brud på hårde regler</td><td>{{ hard }}</td></tr>
  <tr><td>Samlet straf (bløde regler)</td><td>{{ penalty }}</td></tr>
  <tr><td>Lavet</td><td>{{ created }}</td></tr>
</table>
{% if pseudonymise %}<p class="note">Rapporten er pseudonymiseret: medarbejdere
vises som «Medarbejder 1…{{ n_employees }}» i samme rækkefølge som i
medarbejderlisten, og der vises ingen personoplysninger. Regler om særlige
personlige forhold vises kun samlet.</p>{% endif %}
</header>

<section>
<h2>1. Regelsættet og dets kilder</h2>
{% if ruleset_description %}<p>{{ ruleset_description }}</p>{% endif %}
{% for group in groups %}
<h3>{{ group.title }}</h3>
<table>
<thead><tr><th>Regel</th><th>Krav</th><th>Indstillinger</th><th>Kilde</th>
<th>Hvorfor</th></tr></thead>
<tbody>
{% for r in group.rows %}<tr><td>{{ r.regel }}</td><td>{{ r.krav }}</td>
<td>{{ r.indstillinger }}</td><td>{{ r.kilde }}</td><td>{{ r.hvorfor }}</td></tr>
{% endfor %}</tbody></table>
{% endfor %}
{% if hidden_rules %}<p class="note">Desuden {{ hidden_rules }} regel/regler om
særlig beskyttelse af enkelte medarbejdere; de vises ikke enkeltvis i
MED-rapporten.</p>{% endif %}
</section>

<section class="newpage">
<h2>2. Bemanding</h2>
{% if staffing %}
<table>
<thead><tr><th>Mål</th><th>Personaletimer</th></tr></thead>
<tbody>
<tr><td>Under minimumsbemanding</td>
<td class="num">{{ staffing.under_minimum }}</td></tr>
<tr><td>Under ønsket bemanding</td><td class="num">{{ staffing.under_ideal }}</td></tr>
<tr><td>Over ønsket bemanding</td><td class="num">{{ staffing.over_ideal }}</td></tr>
</tbody></table>
<h3>På vagt pr. dag (planlagt / minimum / ønsket)</h3>
<table>
<thead><tr><th>Vagt</th>{% for d in staffing_days %}<th>{{ d }}</th>{% endfor %}
</tr></thead>
<tbody>
{% for row in staffing_rows %}<tr><td>{{ row.label }}</td>
{% for c in row.cells %}<td class="num{% if c.short %} rød{% endif %}">{{ c.text }}</td>
{% endfor %}</tr>
{% endfor %}</tbody></table>
{% else %}<p>Der er ingen vagtplan at vise.</p>{% endif %}
</section>

<section class="newpage">
<h2>3. Belastning: trafiklys</h2>
<p class="note">Grøn, gul og rød efter grænser fra arbejdstidsreglerne og
anbefalingerne for skifteholdsarbejde; årsagen står ved gul og rød.</p>
{% if light_rows %}
<table>
<thead><tr><th>Medarbejder</th><th>Lys</th><th>Årsager</th></tr></thead>
<tbody>
{% for r in light_rows %}<tr><td>{{ r.who }}</td>
<td class="light {{ r.light }}">{{ r.light }}</td><td>{{ r.reasons }}</td></tr>
{% endfor %}</tbody></table>
{% else %}<p>Der er ingen vagtplan at vise.</p>{% endif %}

<h3>De 14 anbefalinger for skifteholdsarbejde</h3>
{% if recommendations %}
<table>
<thead><tr><th>Nr.</th><th>Anbefaling</th><th>Planen</th><th>Vurdering</th>
<th>Regler</th></tr></thead>
<tbody>
{% for r in recommendations %}<tr><td class="num">{{ r.nr }}</td>
<td>{{ r.anbefaling }}</td><td>{{ r.planen }}</td>
<td class="light {{ r.vurdering }}">{{ r.vurdering }}</td><td>{{ r.regler }}</td></tr>
{% endfor %}</tbody></table>
{% else %}<p>Der er ingen vagtplan at vise.</p>{% endif %}
</section>

<section class="newpage">
<h2>4. Retfærdig fordeling</h2>
{% if fairness_rows %}
<table>
<thead><tr>{% for h in fairness_head %}<th>{{ h }}</th>{% endfor %}</tr></thead>
<tbody>
{% for r in fairness_rows %}<tr>{% for c in r %}<td{% if not loop.first %}
 class="num"{% endif %}>{{ c }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
<h3>Spredning pr. byrde (pr. fuldtid, 37 timer)</h3>
<table>
<thead><tr>{% for h in spread_head %}<th>{{ h }}</th>{% endfor %}</tr></thead>
<tbody>
{% for r in spread_rows %}<tr>{% for c in r %}<td>{{ c }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
{% else %}<p>Der er ingen vagtplan at vise.</p>{% endif %}
</section>

<section class="newpage">
<h2>5. Reglerne i tal</h2>
<table>
<thead><tr><th>Regel</th><th>Kilde</th><th>Krav</th><th>Antal brud</th>
<th>Omfang</th><th>Straf</th></tr></thead>
<tbody>
{% for r in rule_rows %}<tr><td>{{ r.title }}</td><td>{{ r.source }}</td>
<td>{{ r.mode }}</td><td class="num">{{ r.count }}</td><td>{{ r.amount }}</td>
<td class="num">{{ r.penalty }}</td></tr>
{% endfor %}</tbody></table>
</section>
</body>
</html>
"""

_SOURCE_DA = {
    "LAW": "Lov",
    "AGR": "Aftale",
    "REC": "Anbefaling",
    "LOCAL": "Lokal",
}


def _cell(v: Any) -> str:
    if isinstance(v, bool):
        return "ja" if v else "nej"
    if isinstance(v, float):
        return number_da(v, 0 if v.is_integer() else 2)
    return "" if v is None else str(v)


def export_html(
    path: PathLike,
    instance: PlanningInstance,
    ruleset: RuleSet,
    report: Mapping[str, Any] | Any,
    *,
    assignments: Sequence[Assignment] | None = None,
    pseudonymise: bool = True,
) -> Path:
    """Write the printable Lokal-MED report (HTML, A4 landscape), atomically.

    Sections: the rule set with its sources grouped as law, agreement,
    recommendations and local principles; staffing against demand; the
    traffic light and the 14 recommendations; fairness; per-rule totals.

    Args:
        path: Target ``.html`` file.
        instance: The planning instance.
        ruleset: The rule set the roster was made under.
        report: The ``report.json`` content (:func:`workbench.report.
            build_report`) or the :class:`~workbench.engine.PlanResult` itself
            (then the report is built and the roster taken from it).
        assignments: The roster; required when ``report`` is the JSON
            content of a run with a roster (ValueError otherwise).
        pseudonymise: Show staff as "Medarbejder 1…n", hide every name and
            sensitive field, and count sensitive rules only together
            (default). ``False`` shows names (for internal use only).

    Returns:
        The path written.
    """
    import jinja2

    from workbench import med
    from workbench.engine import PlanResult
    from workbench.report import STATUS_DA, build_report, period_da

    if isinstance(report, PlanResult):
        if assignments is None:
            assignments = report.assignments
        report = build_report(instance, ruleset, report)
    if assignments is None and report.get("has_roster"):
        raise ValueError(
            "export_html: pass assignments= (the roster) with the report.json "
            "content, or pass the PlanResult itself"
        )
    roster = list(assignments or [])
    has_roster = bool(roster)
    target = Path(path)
    show_names = not pseudonymise
    labels = med.pseudonyms(instance, show_names=show_names)

    # 1. Principles, grouped by source.
    table = med.principles(ruleset)
    hidden = 0
    if pseudonymise and not table.empty:
        sensitive = table["id"].map(med.is_sensitive_rule)
        hidden = int(sensitive.sum())
        table = table[~sensitive]
    groups = []
    for title in med.GROUPS_DA.values():
        part = table[table["gruppe"] == title]
        if not part.empty:
            groups.append({"title": title, "rows": part.to_dict("records")})

    # 2. Staffing.
    staffing = None
    staffing_days: list[str] = []
    staffing_rows: list[dict[str, Any]] = []
    if has_roster:
        summ = med.staffing_summary(med.staffing_by_hour(instance, roster))
        staffing = {
            "under_minimum": number_da(summ["under_minimum"], 1),
            "under_ideal": number_da(summ["under_ønsket"], 1),
            "over_ideal": number_da(summ["over_ønsket"], 1),
        }
        days = instance.days
        staffing_days = [
            f"{WEEKDAY_ABBR_DA[d.isoweekday() - 1]} {d:%d.%m.}" for d in days
        ]
        count: dict[tuple[dt.date, str], int] = {}
        for a in roster:
            count[(a.date, a.shift_id)] = count.get((a.date, a.shift_id), 0) + 1
        for s in instance.unit.shifts:
            cells = []
            for d in days:
                n = count.get((d, s.id), 0)
                dem = instance.unit.demand_for(s.id, d)
                mn, ideal = (dem.min, dem.ideal) if dem else (0, 0)
                cells.append({"text": f"{n} / {mn} / {ideal}", "short": n < mn})
            staffing_rows.append({"label": f"{s.id} – {s.label}", "cells": cells})

    # 3. Traffic light and recommendations.
    light_rows: list[dict[str, str]] = []
    recs: list[dict[str, Any]] = []
    if has_roster:
        tl = med.traffic_light_med(instance, roster, show_names=show_names)
        light_rows = [
            {"who": r["medarbejder"], "light": r["lys"], "reasons": r["årsager"]}
            for r in tl.to_dict("records")
        ]
        rec = med.recommendations(instance, roster, ruleset)
        recs = rec.to_dict("records")
        if pseudonymise:
            for r in light_rows:
                r["reasons"] = med.pseudonymise_text(r["reasons"], instance, labels)
            for r in recs:
                r["planen"] = med.pseudonymise_text(str(r["planen"]), instance, labels)

    # 4. Fairness.
    fairness_head: list[str] = []
    fairness_rows: list[list[str]] = []
    spread_head: list[str] = []
    spread_rows: list[list[str]] = []
    if has_roster:
        per, spread = med.fairness_med(instance, roster, show_names=show_names)
        fairness_head = [str(c) for c in per.columns]
        fairness_rows = [[_cell(v) for v in r] for r in per.itertuples(index=False)]
        spread_head = [str(c) for c in spread.columns]
        spread_rows = [[_cell(v) for v in r] for r in spread.itertuples(index=False)]

    # 5. Per-rule totals (from report.json; sensitive rules only together).
    rule_rows: list[dict[str, Any]] = []
    lumped = {"count": 0, "amount": 0, "penalty": 0, "n": 0}
    for r in report.get("rules", []):
        if pseudonymise and med.is_sensitive_rule(r["id"]):
            lumped["n"] += 1
            for k in ("count", "amount", "penalty"):
                lumped[k] += int(r.get(k) or 0)
            continue
        mode = "hård" if r["mode"] == "hard" else f"blød (vægt {r.get('weight')})"
        rule_rows.append(
            {
                "title": r["title"],
                "source": _SOURCE_DA.get(r.get("source") or "", r.get("source") or ""),
                "mode": mode,
                "count": r.get("count", 0),
                "amount": f"{r.get('amount', 0)} {r.get('unit') or ''}".strip(),
                "penalty": r.get("penalty", 0),
            }
        )
    if lumped["n"]:
        rule_rows.append(
            {
                "title": "Særlig beskyttelse af enkelte medarbejdere "
                f"({lumped['n']} regler)",
                "source": "",
                "mode": "",
                "count": lumped["count"],
                "amount": str(lumped["amount"]),
                "penalty": lumped["penalty"],
            }
        )

    status = report.get("status", "")
    context = {
        "title": f"Vagtplan for {instance.unit.name} – til Lokal-MED",
        "period": period_da(instance.start, instance.end)
        + f" ({instance.weeks} uge{'r' if instance.weeks != 1 else ''})",
        "ruleset_name": ruleset.name,
        "ruleset_hash": ruleset.hash,
        "ruleset_description": ruleset.description,
        "status": STATUS_DA.get(status, status),
        "n_employees": len(instance.employees),
        "n_assignments": len(roster),
        "hard": report.get("hard_violations", 0),
        "penalty": report.get("soft_penalty", 0),
        "created": report.get("created", ""),
        "pseudonymise": pseudonymise,
        "groups": groups,
        "hidden_rules": hidden,
        "staffing": staffing,
        "staffing_days": staffing_days,
        "staffing_rows": staffing_rows,
        "light_rows": light_rows,
        "recommendations": recs,
        "fairness_head": fairness_head,
        "fairness_rows": fairness_rows,
        "spread_head": spread_head,
        "spread_rows": spread_rows,
        "rule_rows": rule_rows,
    }
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    html = env.from_string(_HTML).render(**context)
    if pseudonymise:
        _assert_anonymous(html, instance)
    _atomic(target, lambda tmp: tmp.write_text(html, encoding="utf-8"))
    return target


def _assert_anonymous(html: str, instance: PlanningInstance) -> None:
    """Fail loudly if a name or a birth date slipped into a pseudonymised report."""
    text = html.lower()
    for e in instance.employees:
        word = rf"(?<!\w){re.escape(e.name.lower())}(?!\w)"
        found = [e.name] if e.name.strip() and re.search(word, text) else []
        b = e.birth_date
        if b is not None:
            found += [
                x
                for x in (b.isoformat(), f"{b:%d.%m.%Y}", f"{b.day}.{b.month}.{b.year}")
                if x in text
            ]
        if found:
            raise RuntimeError(
                "Intern fejl: den pseudonymiserede MED-rapport ville vise "
                f"personoplysninger om medarbejder {e.id}; rapporten er ikke skrevet."
            )
