"""How hard a roster is on people: the ergonomic traffic light and fairness.

Pure functions from a roster to pandas tables (the notebooks plot them; the
report writes them to ``report.json``). Thresholds carry their Danish source
and can be overridden (``TrafficLightConfig``), e.g. from a rule set's
``traffic_light:`` section. What counts as a night shift and as a weekend is
taken from the rule set's own rules (``recommendations.is_night`` with the
night parameters, ``weekend_windows`` with the weekend parameters), so the
light and the rules never disagree about them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import holidays
import pandas as pd

from workbench.domain import Assignment, PlanningInstance, ShiftKind, WishKind
from workbench.scheduling.checks import RosterView
from workbench.scheduling.registry import RuleSet
from workbench.scheduling.rules.recommendations import (
    NightParams,
    WeekendParams,
    is_night,
    view_weekend_worked,
    weekend_windows,
)
from workbench.timeutil import UTC, Work, local_instant

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
    """The thresholds of the traffic light (inspired by FIOH's working-time light).

    ``night`` and ``weekend`` define night shifts and weekends exactly as the
    rules do; :meth:`from_ruleset` takes them (and threshold overrides) from
    a rule set.
    """

    thresholds: tuple[Threshold, ...] = field(
        default=(
            Threshold(
                "max_nights_in_row",
                "Flest nattevagter i træk",
                4,
                5,
                "NFA 2020: højst 3 nætter i træk; de 14 anbefalinger: 2–4",
            ),
            Threshold(
                "quick_returns",
                "Hvil under 11 timer mellem vagter",
                1,
                3,
                "BEK 324 § 3 (11 timer); Aftale om hviletid og fridøgn: "
                "8 t højst 2 gange/uge",
            ),
            Threshold(
                "long_shifts",
                "Vagter over 9 timer",
                1,
                3,
                "NFA 2020: højst 9 timer pr. vagt i natarbejde; anbefaling 5",
            ),
            Threshold(
                "max_days_in_row",
                "Flest arbejdsdage i træk",
                6,
                7,
                "BEK 324 § 4: højst 6 døgn mellem to fridøgn",
            ),
            Threshold(
                "max_week_hours",
                "Flest timer i en uge",
                44,
                48.01,
                "Arbejdstidsloven § 4: højst 48 timer i gennemsnit",
            ),
            Threshold(
                "worked_weekends_share",
                "Andel arbejdsweekender",
                0.51,
                0.76,
                "De 14 anbefalinger nr. 4: flest mulige fri weekender (lokal ramme)",
            ),
            Threshold(
                "early_starts",
                "Morgenvagter før kl. 7",
                1,
                99,
                "De 14 anbefalinger nr. 9 / FOA: ikke før kl. 6, helst ikke før kl. 7",
            ),
            Threshold(
                "very_early_starts",
                "Morgenvagter før kl. 6",
                0.5,
                1,
                "De 14 anbefalinger nr. 9 / 3F: morgenvagt ikke før kl. 6",
            ),
        )
    )
    night: NightParams = field(default_factory=NightParams)
    weekend: WeekendParams = field(default_factory=WeekendParams)

    def threshold(self, metric: str) -> Threshold:
        """The threshold of ``metric`` (KeyError if unknown)."""
        for t in self.thresholds:
            if t.metric == metric:
                return t
        raise KeyError(metric)

    def with_overrides(self, overrides: dict[str, dict] | None) -> TrafficLightConfig:
        """A copy with per-metric ``yellow``/``red``/``source``/``label`` replaced."""
        if not overrides:
            return self
        out = []
        for t in self.thresholds:
            o = overrides.get(t.metric, {})
            out.append(
                Threshold(
                    t.metric,
                    o.get("label", t.label_da),
                    float(o.get("yellow", t.yellow)),
                    float(o.get("red", t.red)),
                    o.get("source", t.source),
                )
            )
        return TrafficLightConfig(tuple(out), self.night, self.weekend)

    @classmethod
    def from_ruleset(cls, ruleset: RuleSet | None) -> TrafficLightConfig:
        """Thresholds from ``ruleset.traffic_light``; night and weekend
        definitions from its active rules (the first whose parameters carry
        them, ``nights.max_consecutive`` first); the defaults otherwise."""
        if ruleset is None:
            return cls()
        night, weekend = NightParams(), WeekendParams()
        entries = sorted(ruleset.active, key=lambda c: c.id != "nights.max_consecutive")
        for c in entries:
            if isinstance(c.params, NightParams):
                night = NightParams(
                    **{k: getattr(c.params, k) for k in NightParams.model_fields}
                )
                break
        for c in ruleset.active:
            if isinstance(c.params, WeekendParams):
                weekend = WeekendParams(
                    **{k: getattr(c.params, k) for k in WeekendParams.model_fields}
                )
                break
        base = cls(night=night, weekend=weekend)
        return base.with_overrides(ruleset.traffic_light)


def _runs(flags: Sequence[bool]) -> int:
    best = cur = 0
    for f in flags:
        cur = cur + 1 if f else 0
        best = max(best, cur)
    return best


def _night(view: RosterView, w: Work, config: TrafficLightConfig) -> bool:
    return is_night(w.kind, w.interval, view.calendar, config.night)


def _metrics(
    view: RosterView, employee_id: str, config: TrafficLightConfig
) -> dict[str, float]:
    days = view.calendar.days
    plan = view.plan_work(employee_id)
    allw = view.all_work(employee_id)
    hist_days = sorted({w.day for w in view.history_work(employee_id)})
    first = min([*hist_days, days[0]])
    all_days = [
        first + dt.timedelta(days=i) for i in range((days[-1] - first).days + 1)
    ]
    night_days = {w.day for w in allw if _night(view, w, config)}
    work_days = {w.day for w in allw}
    nights_run = _runs([d in night_days for d in all_days])
    days_run = _runs([d in work_days for d in all_days])
    quick = 0
    for a, b in pairwise(allw):
        if b.history:
            continue
        if dt.timedelta(0) <= b.start - a.end < dt.timedelta(hours=11):
            quick += 1
    long_shifts = sum(1 for w in plan if w.duration > dt.timedelta(hours=9))
    week_hours = [
        sum(w.duration.total_seconds() for w in plan if w.day in wk) / 3600
        for wk in view.calendar.weeks()
    ]
    weekends = weekend_windows(view.calendar, config.weekend)
    worked = sum(1 for win in weekends if view_weekend_worked(view, employee_id, win))
    tz = view.tz
    early = sum(
        1
        for w in plan
        if w.start.astimezone(tz).time() < dt.time(7) and w.kind is ShiftKind.DAY
    )
    very_early = sum(
        1
        for w in plan
        if w.start.astimezone(tz).time() < dt.time(6) and w.kind is ShiftKind.DAY
    )
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


def in_weekend(w: Work, tz, p: WeekendParams) -> bool:  # type: ignore[no-untyped-def]
    """Does ``w`` reach into a weekend (the window of ``WeekendParams``)?

    The same window as :func:`weekend_windows`, for any date (history too).
    """
    delta = (p.weekend_end.iso - p.weekend_start.iso) % 7
    if delta == 0 and p.weekend_end_time <= p.weekend_start_time:
        delta = 7
    for back in range(0, 9):
        d = w.day - dt.timedelta(days=back)
        if d.isoweekday() != p.weekend_start.iso:
            continue
        s = local_instant(d, p.weekend_start_time, tz).astimezone(UTC)
        e = local_instant(d + dt.timedelta(days=delta), p.weekend_end_time, tz)
        if w.start < e.astimezone(UTC) and w.end > s:
            return True
    d = w.day + dt.timedelta(days=1)  # a window starting the next day
    if d.isoweekday() == p.weekend_start.iso:
        s = local_instant(d, p.weekend_start_time, tz).astimezone(UTC)
        return w.end > s
    return False


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
        m = _metrics(view, e.id, config)
        for t in config.thresholds:
            v = m[t.metric]
            rows.append(
                {
                    "employee_id": e.id,
                    "name": e.name,
                    "metric": t.metric,
                    "label": t.label_da,
                    "value": v,
                    "light": t.light(v),
                    "yellow_from": t.yellow,
                    "red_from": t.red,
                    "source": t.source,
                }
            )
    return pd.DataFrame(rows)


def traffic_light_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per employee: the worst light and the reasons for it."""
    rows = []
    for (eid, name), g in table.groupby(["employee_id", "name"], sort=False):
        worst = max(g["light"], key=lambda c: ORDER[c])
        reasons = (
            [f"{r.label}: {r.value:g}" for r in g.itertuples() if r.light == worst]
            if worst != GREEN
            else []
        )
        rows.append(
            {
                "employee_id": eid,
                "name": name,
                "light": worst,
                "reasons": "; ".join(reasons),
            }
        )
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
    config: TrafficLightConfig | None = None,
) -> pd.DataFrame:
    """Per employee: counts of burdens and per-FTE (37 h) figures.

    With ``include_history`` the history is counted too, so fairness can be
    judged across plans (the history holds the earlier plans' shifts).
    Nights and weekends are defined as in ``config`` (the rules' own
    definitions, see :meth:`TrafficLightConfig.from_ruleset`).
    """
    config = config or TrafficLightConfig()
    view = RosterView(instance, assignments)
    years = {d.year for d in view.calendar.days} | {
        a.date.year for a in instance.history
    }
    hol = holiday_dates(sorted(years))
    rows = []
    for e in instance.employees:
        work: list[Work] = (
            view.all_work(e.id) if include_history else view.plan_work(e.id)
        )
        plan_keys = {(w.day, w.shift_id) for w in view.plan_work(e.id)}
        quick = 0
        for a, b in pairwise(work):
            if dt.timedelta(0) <= b.start - a.end < dt.timedelta(hours=11):
                quick += 1
        wishes = [w for w in instance.wishes if w.employee_id == e.id]
        granted = sum(1 for w in wishes if _wish_granted(w, plan_keys))
        fte = (e.weekly_hours or 37) / 37
        row = {
            "employee_id": e.id,
            "name": e.name,
            "weekly_hours": e.weekly_hours,
            "nights": sum(1 for w in work if _night(view, w, config)),
            "evenings": sum(1 for w in work if w.kind is ShiftKind.EVENING),
            "weekend_shifts": sum(
                1 for w in work if in_weekend(w, view.tz, config.weekend)
            ),
            "holiday_shifts": sum(1 for w in work if w.day in hol),
            "quick_returns": quick,
            "wishes_granted": granted,
            "wishes_denied": len(wishes) - granted,
        }
        for k in (
            "nights",
            "evenings",
            "weekend_shifts",
            "holiday_shifts",
            "quick_returns",
        ):
            row[f"{k}_per_fte"] = round(row[k] / fte, 2) if fte else 0.0
        rows.append(row)
    return pd.DataFrame(rows)


def fairness_spread(table: pd.DataFrame) -> pd.DataFrame:
    """Per burden: min, max, spread and the worst-off person (per FTE)."""
    rows = []
    for k in (
        "nights",
        "evenings",
        "weekend_shifts",
        "holiday_shifts",
        "quick_returns",
    ):
        col = f"{k}_per_fte"
        if table.empty:
            continue
        worst = table.loc[table[col].idxmax()]
        rows.append(
            {
                "burden": k,
                "min_per_fte": float(table[col].min()),
                "max_per_fte": float(table[col].max()),
                "spread": round(float(table[col].max() - table[col].min()), 2),
                "std": round(float(table[col].std(ddof=0)), 3),
                "worst_off": worst["name"],
            }
        )
    return pd.DataFrame(rows)


BURDENS = ("nights", "evenings", "weekend_shifts", "holiday_shifts", "quick_returns")


def fairness_scores(table: pd.DataFrame) -> pd.DataFrame:
    """Per employee a burden score in [0, 1] and a rank (1 = worst off).

    The score is the mean over the burdens (per FTE) of each value divided
    by the largest value anyone has, with denied wishes (share of the
    employee's wishes) as one more burden; 0 where nobody has any.
    """
    if table.empty:
        return table.assign(burden_score=[], rank=[])
    parts = []
    for k in BURDENS:
        col = table[f"{k}_per_fte"].astype(float)
        top = col.max()
        parts.append(col / top if top > 0 else col * 0)
    asked = (table["wishes_granted"] + table["wishes_denied"]).astype(float)
    denied = (table["wishes_denied"] / asked.where(asked > 0)).fillna(0.0)
    parts.append(denied)
    score = sum(parts) / len(parts)
    out = table[["employee_id", "name"]].copy()
    out["burden_score"] = score.round(3)
    out["rank"] = out["burden_score"].rank(ascending=False, method="min").astype(int)
    return out.sort_values(["rank", "employee_id"]).reset_index(drop=True)


def worst_off(table: pd.DataFrame) -> dict[str, object] | None:
    """The worst-off person overall: id, name, score and their heaviest burden."""
    scores = fairness_scores(table)
    if scores.empty:
        return None
    top = scores.iloc[0]
    row = table[table["employee_id"] == top["employee_id"]].iloc[0]
    heaviest = max(BURDENS, key=lambda k: float(row[f"{k}_per_fte"]))
    return {
        "employee_id": top["employee_id"],
        "name": top["name"],
        "burden_score": float(top["burden_score"]),
        "heaviest_burden": heaviest,
        "heaviest_per_fte": float(row[f"{heaviest}_per_fte"]),
    }


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
    "fairness_scores",
    "fairness_spread",
    "holiday_dates",
    "in_weekend",
    "roster_light",
    "traffic_light",
    "traffic_light_summary",
    "worst_off",
]
