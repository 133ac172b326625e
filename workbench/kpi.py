"""Key figures for the shift-design recommendations that are measured, not enforced.

Some of the 14 recommendations on shift work (see
:mod:`workbench.scheduling.rules.recommendations`) are about the unit's
shift design rather than about one roster cell, so they are reported, not
penalised:

* 1 formindsk fast natarbejde – how many fixed-night workers the unit has and
  which share of the nights they cover (:func:`night_kpis`);
* 6 tilpas arbejdstidslængden til arbejdskravene – planned staff per hour
  against the demand per hour (:func:`hourly_coverage`, :func:`coverage_fit`);
* 7 overvej kortere natskift – average and longest night (:func:`night_kpis`);
* 10 fleksible skiftetidspunkter – shift variants and start times
  (:func:`shift_variants`);
* 14 informér i god tid – the plan's lead time and the notice of changes
  (:func:`notice_kpis`); the rules themselves are ``agreement.plan_lead_time``
  and ``agreement.change_notice``.

:func:`recommendation_kpis` gathers them in one table with Danish labels.
All times are real elapsed time (a night across the October change lasts
9 h); functions are pure and return plain values or pandas tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from workbench.domain import Assignment, PlanningInstance, ShiftKind
from workbench.scheduling.checks import RosterView
from workbench.scheduling.rules.recommendations import NightParams, is_night
from workbench.timeutil import Work, midnight, overlap, shift_interval

HOUR = dt.timedelta(hours=1)


def _hours(span: dt.timedelta) -> float:
    return span.total_seconds() / 3600


# -- rec 6: staff per hour against demand per hour --


def hourly_coverage(
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    *,
    include_oncall_home: bool = False,
) -> pd.DataFrame:
    """Planned staff and demand for every real hour of the plan.

    One row per elapsed hour from the plan's first local midnight to the
    midnight after its last day (so 23 or 25 rows on the DST Sundays).
    ``planned`` is the average number of the plan's staff on duty in the
    hour (worked minutes / 60); ``demand_min``/``demand_ideal`` spread each
    plan shift's demand row over the hours the shift covers. Both count the
    plan's own shifts only, so the first morning is not blamed for the
    history and a last night is cut at the plan end on both sides. On-call
    from home is left out unless ``include_oncall_home``.

    Columns: ``start`` (local, tz-aware), ``date``, ``hour`` ("HH:MM" local),
    ``planned``, ``demand_min``, ``demand_ideal``, ``short_of_min``,
    ``over_ideal``.
    """
    view = RosterView(instance, assignments)
    cal = view.calendar
    tz = cal.tz
    origin = cal.origin
    n = int((midnight(cal.days[-1] + dt.timedelta(days=1), tz) - origin) / HOUR)
    planned = [0.0] * n
    dmin = [0.0] * n
    dideal = [0.0] * n

    def spread(
        interval: tuple[dt.datetime, dt.datetime], bins: list[float], k: float
    ) -> None:
        first = max(int((interval[0] - origin) // HOUR), 0)
        last = min(int(-(-(interval[1] - origin) // HOUR)), n)
        for i in range(first, last):
            hour = (origin + i * HOUR, origin + (i + 1) * HOUR)
            bins[i] += k * _hours(overlap(interval, hour))

    def counted(kind: ShiftKind) -> bool:
        return include_oncall_home or kind is not ShiftKind.ONCALL_HOME

    for e in instance.employees:
        for w in view.plan_work(e.id):
            if counted(w.kind):
                spread(w.interval, planned, 1.0)
    for day in cal.days:
        for t in instance.unit.shifts:
            dem = instance.unit.demand_for(t.id, day)
            if dem is None or not counted(t.kind):
                continue
            interval = shift_interval(day, t, tz)
            spread(interval, dmin, dem.min)
            spread(interval, dideal, dem.ideal)
    rows = []
    for i in range(n):
        local = (origin + i * HOUR).astimezone(tz)
        p, lo, hi = round(planned[i], 3), round(dmin[i], 3), round(dideal[i], 3)
        rows.append(
            {
                "start": pd.Timestamp(local),
                "date": local.date(),
                "hour": f"{local:%H:%M}",
                "planned": p,
                "demand_min": lo,
                "demand_ideal": hi,
                "short_of_min": round(max(lo - p, 0.0), 3),
                "over_ideal": round(max(p - hi, 0.0), 3),
            }
        )
    return pd.DataFrame(rows)


def coverage_fit(table: pd.DataFrame) -> dict[str, float]:
    """Totals of :func:`hourly_coverage`: staff-hours and hours out of range.

    ``hours_short`` and ``hours_over`` count the hours with any shortfall
    below the minimum or any staffing above the ideal; ``fit_share`` is
    the share of hours with planned staff between minimum and ideal.
    """
    if table.empty:
        return {
            "staff_hours": 0.0,
            "demand_min_hours": 0.0,
            "demand_ideal_hours": 0.0,
            "hours_short": 0,
            "hours_over": 0,
            "fit_share": 1.0,
        }
    short = int((table["short_of_min"] > 1e-9).sum())
    over = int((table["over_ideal"] > 1e-9).sum())
    return {
        "staff_hours": round(float(table["planned"].sum()), 2),
        "demand_min_hours": round(float(table["demand_min"].sum()), 2),
        "demand_ideal_hours": round(float(table["demand_ideal"].sum()), 2),
        "hours_short": short,
        "hours_over": over,
        "fit_share": round(1 - (short + over) / len(table), 3),
    }


# -- rec 1 and 7: nights --


def night_kpis(
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    night: NightParams | None = None,
    *,
    max_night_share: float = 0.5,
    max_night_hours: float = 9,
) -> dict[str, float | int | None]:
    """Fixed night work (rec 1) and night length (rec 7) of the plan.

    Night shifts as the night rules define them (``night``, default ≥ 3 h in
    22–05, on-call from home excepted). ``de_facto_night_workers`` are
    employees without ``fixed_night`` whose planned shifts are more than
    ``max_night_share`` nights (what ``nights.max_share`` penalises).
    """
    night = night or NightParams()
    view = RosterView(instance, assignments)
    nights: list[tuple[bool, Work]] = []
    de_facto = 0
    for e in instance.employees:
        plan = [w for w in view.plan_work(e.id) if w.kind is not ShiftKind.ONCALL_HOME]
        mine = [w for w in plan if is_night(w.kind, w.interval, view.calendar, night)]
        nights += [(e.fixed_night, w) for w in mine]
        if not e.fixed_night and plan and len(mine) > max_night_share * len(plan):
            de_facto += 1
    lengths = [_hours(w.duration) for _, w in nights]
    by_fixed = sum(1 for fixed, _ in nights if fixed)
    return {
        "fixed_night_workers": sum(1 for e in instance.employees if e.fixed_night),
        "nights": len(nights),
        "nights_by_fixed": by_fixed,
        "fixed_share": round(by_fixed / len(nights), 3) if nights else None,
        "de_facto_night_workers": de_facto,
        "avg_night_hours": round(sum(lengths) / len(lengths), 2) if lengths else None,
        "max_night_hours": max(lengths) if lengths else None,
        "nights_over_max": sum(1 for h in lengths if h > max_night_hours),
    }


# -- rec 10: shift variants --


def shift_variants(
    instance: PlanningInstance, assignments: Sequence[Assignment]
) -> pd.DataFrame:
    """The shift templates the plan uses, with local clock times and counts.

    Columns: ``shift_id``, ``label``, ``kind``, ``start``, ``end`` ("HH:MM"),
    ``hours`` (nominal), ``count``; ordered by start time.
    """
    counts: dict[str, int] = {}
    for a in assignments:
        counts[a.shift_id] = counts.get(a.shift_id, 0) + 1
    rows = []
    for t in instance.unit.shifts:
        if t.id not in counts:
            continue
        s = dt.datetime.combine(dt.date(2000, 1, 3), t.start)
        e = dt.datetime.combine(dt.date(2000, 1, 3), t.end)
        if t.crosses_midnight:
            e += dt.timedelta(days=1)
        rows.append(
            {
                "shift_id": t.id,
                "label": t.label,
                "kind": t.kind.value,
                "start": f"{t.start:%H:%M}",
                "end": f"{t.end:%H:%M}",
                "hours": _hours(e - s),
                "count": counts[t.id],
            }
        )
    cols = ["shift_id", "label", "kind", "start", "end", "hours", "count"]
    return pd.DataFrame(rows, columns=cols).sort_values(
        ["start", "shift_id"], ignore_index=True
    )


# -- rec 14: lead time and notice --


def notice_kpis(
    instance: PlanningInstance, assignments: Sequence[Assignment]
) -> dict[str, int | None]:
    """Lead time of the published plan and the notice of changes to it.

    ``lead_days``: days from ``published_on`` to the plan start (None when
    not published). ``changed_days``: employee-days that differ from
    ``published`` (None when nothing is published). ``min_notice_days``:
    the shortest notice (changed day − ``changed_on``, at least 0) of a
    changed employee-day (None without ``changed_on`` or changes). The
    rules are ``agreement.plan_lead_time`` and ``agreement.change_notice``.
    """
    lead = (
        (instance.start - instance.published_on).days
        if instance.published_on is not None
        else None
    )
    if not instance.published:
        return {"lead_days": lead, "changed_days": None, "min_notice_days": None}
    want: dict[tuple[str, dt.date], set[str]] = {}
    for a in instance.published:
        want.setdefault((a.employee_id, a.date), set()).add(a.shift_id)
    got: dict[tuple[str, dt.date], set[str]] = {}
    for a in assignments:
        got.setdefault((a.employee_id, a.date), set()).add(a.shift_id)
    changed = [
        d
        for e in instance.employees
        for d in instance.days
        if want.get((e.id, d), set()) != got.get((e.id, d), set())
    ]
    notice = None
    if instance.changed_on is not None and changed:
        notice = max(min((d - instance.changed_on).days for d in changed), 0)
    return {"lead_days": lead, "changed_days": len(changed), "min_notice_days": notice}


# -- all together --


def recommendation_kpis(
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    night: NightParams | None = None,
) -> pd.DataFrame:
    """The measured recommendations in one table (Danish labels).

    Columns: ``recommendation`` (number in the 14), ``metric``, ``label``,
    ``value``, ``rule`` (the rule that enforces the same recommendation, if
    any), ``source`` (short; the full citation is
    :data:`workbench.scheduling.rules.recommendations.REC14`).
    """
    n = night_kpis(instance, assignments, night)
    fit = coverage_fit(hourly_coverage(instance, assignments))
    variants = shift_variants(instance, assignments)
    notice = notice_kpis(instance, assignments)
    src = "De 14 anbefalinger, nr. "
    rows = [
        (
            1,
            "fixed_night_workers",
            "Medarbejdere med fast nattevagt",
            n["fixed_night_workers"],
            "nights.max_share",
        ),
        (
            1,
            "fixed_share",
            "Andel af nætterne dækket af faste nattevagter",
            n["fixed_share"],
            "nights.max_share",
        ),
        (
            1,
            "de_facto_night_workers",
            "Medarbejdere uden fast nat med over halvdelen nattevagter",
            n["de_facto_night_workers"],
            "nights.max_share",
        ),
        (
            6,
            "fit_share",
            "Andel timer med bemanding mellem minimum og ønsket",
            fit["fit_share"],
            "",
        ),
        (
            6,
            "hours_short",
            "Timer under minimumsbemanding",
            fit["hours_short"],
            "coverage.min_staff",
        ),
        (
            6,
            "hours_over",
            "Timer over ønsket bemanding",
            fit["hours_over"],
            "coverage.max_staff",
        ),
        (
            7,
            "avg_night_hours",
            "Gennemsnitlig længde af nattevagter (timer)",
            n["avg_night_hours"],
            "nights.max_length",
        ),
        (
            7,
            "max_night_hours",
            "Længste nattevagt (timer)",
            n["max_night_hours"],
            "nights.max_length",
        ),
        (10, "shift_variants", "Antal vagttyper i brug", len(variants), ""),
        (
            10,
            "start_times",
            "Antal forskellige mødetider",
            int(variants["start"].nunique()) if len(variants) else 0,
            "",
        ),
        (
            14,
            "lead_days",
            "Dage fra udlevering til planens start",
            notice["lead_days"],
            "agreement.plan_lead_time",
        ),
        (
            14,
            "changed_days",
            "Ændrede medarbejderdage i forhold til udleveret plan",
            notice["changed_days"],
            "plan.few_deviations",
        ),
        (
            14,
            "min_notice_days",
            "Korteste varsel for en ændring (døgn)",
            notice["min_notice_days"],
            "agreement.change_notice",
        ),
    ]
    return pd.DataFrame(
        [
            {
                "recommendation": r,
                "metric": m,
                "label": label,
                "value": v,
                "rule": rule_id,
                "source": f"{src}{r}",
            }
            for r, m, label, v, rule_id in rows
        ]
    )
