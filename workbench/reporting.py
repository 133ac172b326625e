"""How hard a roster is on people: the ergonomic traffic light and fairness.

Pure functions from a roster to pandas tables (the notebooks plot them; the
report writes them to ``report.json``). Thresholds carry their Danish source
and can be overridden (``TrafficLightConfig``), e.g. from a rule set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import holidays
import pandas as pd

from workbench.domain import Assignment, PlanningInstance, ShiftKind, WishKind
from workbench.scheduling.checks import RosterView
from workbench.timeutil import Work, is_weekend

GREEN, YELLOW, RED = "grøn", "gul", "rød"
ORDER = {GREEN: 0, YELLOW: 1, RED: 2}


@dataclass(frozen=True)
class Threshold:
    """Yellow from ``yellow`` and red from ``red`` (higher is worse)."""

    metric: str
    label_da: str
    yellow: float
    red: float
    source: str

    def light(self, value: float) -> str:
        """The colour of ``value``."""
        if value >= self.red:
            return RED
        if value >= self.yellow:
            return YELLOW
        return GREEN


@dataclass(frozen=True)
class TrafficLightConfig:
    """The thresholds of the traffic light (inspired by FIOH's working-time light)."""

    thresholds: tuple[Threshold, ...] = field(
        default=(
            Threshold(
                "max_nights_in_row", "Flest nattevagter i træk", 4, 5,
                "NFA 2020: højst 3 nætter i træk; de 14 anbefalinger: 2–4",
            ),
            Threshold(
                "quick_returns", "Hvil under 11 timer mellem vagter", 1, 3,
                "BEK 324 § 3 (11 timer); Aftale om hviletid og fridøgn: 8 t højst 2 gange/uge",
            ),
            Threshold(
                "long_shifts", "Vagter over 9 timer", 1, 3,
                "NFA 2020: højst 9 timer pr. vagt i natarbejde; anbefaling 5",
            ),
            Threshold(
                "max_days_in_row", "Flest arbejdsdage i træk", 6, 7,
                "BEK 324 § 4: højst 6 døgn mellem to fridøgn",
            ),
            Threshold(
                "max_week_hours", "Flest timer i en uge", 44, 48.01,
                "Arbejdstidsloven § 4: højst 48 timer i gennemsnit",
            ),
            Threshold(
                "worked_weekends_share", "Andel arbejdsweekender", 0.51, 0.76,
                "De 14 anbefalinger nr. 4: flest mulige fri weekender (lokal ramme)",
            ),
            Threshold(
                "early_starts", "Morgenvagter før kl. 7", 1, 99,
                "De 14 anbefalinger nr. 9 / FOA: ikke før kl. 6, helst ikke før kl. 7",
            ),
            Threshold(
                "very_early_starts", "Morgenvagter før kl. 6", 0.5, 1,
                "De 14 anbefalinger nr. 9 / 3F: morgenvagt ikke før kl. 6",
            ),
        )
    )


def _runs(flags: Sequence[bool]) -> int:
    best = cur = 0
    for f in flags:
        cur = cur + 1 if f else 0
        best = max(best, cur)
    return best


def _metrics(view: RosterView, employee_id: str) -> dict[str, float]:
    days = view.calendar.days
    plan = view.plan_work(employee_id)
    allw = view.all_work(employee_id)
    hist_days = sorted({w.day for w in view.history_work(employee_id)})
    all_days = sorted(set(hist_days) | set(days))
    night_days = {w.day for w in allw if w.kind is ShiftKind.NIGHT}
    work_days = {w.day for w in allw}
    nights_run = _runs([d in night_days for d in all_days])
    days_run = _runs([d in work_days for d in all_days])
    quick = 0
    for a, b in zip(allw, allw[1:], strict=False):
        if b.history:
            continue
        if dt.timedelta(0) <= b.start - a.end < dt.timedelta(hours=11):
            quick += 1
    long_shifts = sum(1 for w in plan if w.duration > dt.timedelta(hours=9))
    week_hours = [
        sum(w.duration.total_seconds() for w in plan if w.day in wk) / 3600
        for wk in view.calendar.weeks()
    ]
    weekends = _weekends(days)
    worked = sum(1 for we in weekends if any(w.day in we for w in plan))
    tz = view.tz
    early = sum(1 for w in plan if w.start.astimezone(tz).time() < dt.time(7)
                and w.kind is ShiftKind.DAY)
    very_early = sum(1 for w in plan if w.start.astimezone(tz).time() < dt.time(6)
                     and w.kind is ShiftKind.DAY)
    return {
        "max_nights_in_row": nights_run,
        "quick_returns": quick,
        "long_shifts": long_shifts,
        "max_days_in_row": days_run,
        "max_week_hours": round(max(week_hours, default=0.0), 2),
        "worked_weekends_share": round(worked / len(weekends), 3) if weekends else 0.0,
        "early_starts": early,
        "very_early_starts": very_early,
    }


def _weekends(days: Sequence[dt.date]) -> list[set[dt.date]]:
    out: dict[dt.date, set[dt.date]] = {}
    for d in days:
        if is_weekend(d):
            sat = d - dt.timedelta(days=d.isoweekday() - 6)
            out.setdefault(sat, set()).add(d)
    return list(out.values())


def traffic_light(
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    config: TrafficLightConfig | None = None,
) -> pd.DataFrame:
    """One row per employee and metric: value, light, threshold source."""
    config = config or TrafficLightConfig()
    view = RosterView(instance, assignments)
    rows = []
    for e in instance.employees:
        m = _metrics(view, e.id)
        for t in config.thresholds:
            v = m[t.metric]
            rows.append({
                "employee_id": e.id,
                "name": e.name,
                "metric": t.metric,
                "label": t.label_da,
                "value": v,
                "light": t.light(v),
                "yellow_from": t.yellow,
                "red_from": t.red,
                "source": t.source,
            })
    return pd.DataFrame(rows)


def traffic_light_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per employee: the worst light and the reasons for it."""
    rows = []
    for (eid, name), g in table.groupby(["employee_id", "name"], sort=False):
        worst = max(g["light"], key=lambda c: ORDER[c])
        reasons = [
            f"{r.label}: {r.value:g}" for r in g.itertuples() if r.light == worst
        ] if worst != GREEN else []
        rows.append({"employee_id": eid, "name": name, "light": worst,
                     "reasons": "; ".join(reasons)})
    out = pd.DataFrame(rows)
    return out


def roster_light(table: pd.DataFrame) -> str:
    """The whole roster's light: red if anyone is red, yellow if anyone is yellow."""
    if table.empty:
        return GREEN
    return max(table["light"], key=lambda c: ORDER[c])


def holiday_dates(years: Sequence[int]) -> set[dt.date]:
    """Danish public holidays (søgne- og helligdage) of ``years``."""
    return set(holidays.country_holidays("DK", years=list(years)).keys())


def fairness(
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    *,
    include_history: bool = True,
) -> pd.DataFrame:
    """Per employee: counts of burdens and per-FTE (37 h) figures.

    With ``include_history`` the history is counted too, so fairness can be
    judged over the year rather than one plan.
    """
    view = RosterView(instance, assignments)
    years = {d.year for d in view.calendar.days} | {a.date.year for a in instance.history}
    hol = holiday_dates(sorted(years))
    rows = []
    for e in instance.employees:
        work: list[Work] = view.all_work(e.id) if include_history else view.plan_work(e.id)
        plan_keys = {(w.day, w.shift_id) for w in view.plan_work(e.id)}
        quick = 0
        for a, b in zip(work, work[1:], strict=False):
            if dt.timedelta(0) <= b.start - a.end < dt.timedelta(hours=11):
                quick += 1
        wishes = [w for w in instance.wishes if w.employee_id == e.id]
        granted = sum(1 for w in wishes if _wish_granted(w, plan_keys))
        fte = (e.weekly_hours or 37) / 37
        row = {
            "employee_id": e.id,
            "name": e.name,
            "weekly_hours": e.weekly_hours,
            "nights": sum(1 for w in work if w.kind is ShiftKind.NIGHT),
            "evenings": sum(1 for w in work if w.kind is ShiftKind.EVENING),
            "weekend_shifts": sum(1 for w in work if is_weekend(w.day)),
            "holiday_shifts": sum(1 for w in work if w.day in hol),
            "quick_returns": quick,
            "wishes_granted": granted,
            "wishes_denied": len(wishes) - granted,
        }
        for k in ("nights", "evenings", "weekend_shifts", "holiday_shifts", "quick_returns"):
            row[f"{k}_per_fte"] = round(row[k] / fte, 2) if fte else 0.0
        rows.append(row)
    return pd.DataFrame(rows)


def fairness_spread(table: pd.DataFrame) -> pd.DataFrame:
    """Per burden: min, max, spread and the worst-off person (per FTE)."""
    rows = []
    for k in ("nights", "evenings", "weekend_shifts", "holiday_shifts", "quick_returns"):
        col = f"{k}_per_fte"
        if table.empty:
            continue
        worst = table.loc[table[col].idxmax()]
        rows.append({
            "burden": k,
            "min_per_fte": float(table[col].min()),
            "max_per_fte": float(table[col].max()),
            "spread": round(float(table[col].max() - table[col].min()), 2),
            "std": round(float(table[col].std(ddof=0)), 3),
            "worst_off": worst["name"],
        })
    return pd.DataFrame(rows)


def _wish_granted(wish, plan_keys: set[tuple[dt.date, str]]) -> bool:  # type: ignore[no-untyped-def]
    on_day = {s for d, s in plan_keys if d == wish.date}
    if wish.kind is WishKind.DAY_OFF:
        return not on_day
    if wish.kind is WishKind.SHIFT:
        return wish.shift_id in on_day
    return wish.shift_id not in on_day


__all__ = [
    "GREEN",
    "RED",
    "YELLOW",
    "Threshold",
    "TrafficLightConfig",
    "fairness",
    "fairness_spread",
    "holiday_dates",
    "roster_light",
    "traffic_light",
    "traffic_light_summary",
]
