"""The Lokal-MED review: what a rule set and a roster mean, in plain Danish.

Pure functions from a rule set and a roster to pandas tables for the
Lokal-MED (the local co-operation committee): the principles of the rule set
grouped as law, agreement, recommendations and local principles; the 14
recommendations for shift work one by one with how the roster meets them;
staffing against demand hour by hour; and a side-by-side comparison of two
rule sets (quick returns, free weekends, nights in a row, fairness, cost).

Nothing here shows sensitive personal data. Staff are pseudonymised
("Medarbejder 1", ...) unless the caller opts in with ``show_names=True``,
and no table carries pregnancy, health or reduced-capacity status, birth
dates or absence types. Findings of rules that would reveal such status
(e.g. the pregnancy and age rules) are only counted, never attributed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from workbench.danish import number_da
from workbench.domain import Assignment, PlanningInstance, ShiftKind
from workbench.holidays_dk import soegnehelligdage_between
from workbench.reporting import (
    GREEN,
    ORDER,
    RED,
    YELLOW,
    TrafficLightConfig,
    fairness,
    fairness_spread,
    traffic_light,
    traffic_light_summary,
)
from workbench.scheduling.checks import RosterView, Violation, totals
from workbench.scheduling.registry import (
    Mode,
    Registry,
    RuleConfig,
    RuleSet,
    SourceType,
)
from workbench.timeutil import Calendar, midnight, overlap

NOT_JUDGED = "–"
"""The 'light' of a recommendation that is judged locally, not measured."""

GROUPS_DA: dict[SourceType, str] = {
    SourceType.LAW: "Lovgivning",
    SourceType.AGR: "Overenskomst og aftaler",
    SourceType.REC: "Anbefalinger",
    SourceType.LOCAL: "Lokale principper",
}
"""Group headings in the order the review shows them."""

SENSITIVE_FIELDS = (
    "birth_date",
    "pregnant_from",
    "pregnant_to",
    "night_exempt",
    "senior_shift",
    "senior_no_nights",
    "max_shift_hours",
    "max_weekly_hours",
    "fixed_night",
    "lone_work_cleared",
)
"""Employee fields that never appear in Lokal-MED output."""

SENSITIVE_RULE_WORDS = (
    "pregnan",
    "gravid",
    "young",
    "senior",
    "capacity",
    "health",
    "max_shift_hours",
    "reduced",
    "night_exempt",
)
"""Rule ids containing one of these reveal personal status: count only."""


def _registry(registry: Registry | None) -> Registry:
    if registry is not None:
        return registry
    from workbench.scheduling.rules import REGISTRY

    return REGISTRY


# -- pseudonymisation --------------------------------------------------------


def pseudonyms(instance: PlanningInstance, show_names: bool = False) -> dict[str, str]:
    """Employee id -> the label shown: 'Medarbejder 1', ... (or the name).

    Labels follow the order of ``employees.csv`` so they are stable between
    runs of the same unit.
    """
    if show_names:
        return {e.id: e.name for e in instance.employees}
    return {e.id: f"Medarbejder {i}" for i, e in enumerate(instance.employees, 1)}


def pseudonymise_text(
    text: str, instance: PlanningInstance, labels: Mapping[str, str]
) -> str:
    """Replace every name, first name and id of the staff in ``text`` by its label."""
    pairs: list[tuple[str, str]] = []
    for e in instance.employees:
        label = labels.get(e.id, e.id)
        pairs.append((e.name, label))
        pairs.append((e.id, label))
        first = e.name.split()[0] if e.name.split() else ""
        if first:
            pairs.append((first, label))
    for old, new in sorted(pairs, key=lambda p: -len(p[0])):
        if old and old != new:
            text = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, text)
    return text


def is_sensitive_rule(rule_id: str) -> bool:
    """True when a finding of ``rule_id`` would reveal personal status."""
    rid = rule_id.lower()
    return any(w in rid for w in SENSITIVE_RULE_WORDS)


# -- principles --------------------------------------------------------------


def _clock(x: object) -> str:
    """'22:00:00' -> '22:00'; a pair -> 'a–b'; anything else as text."""
    if isinstance(x, list):
        return "–".join(_clock(y) for y in x)
    text = str(x)
    if re.fullmatch(r"\d\d:\d\d:00", text):
        return text[:5]
    return text


def _params_da(cfg: RuleConfig) -> str:
    values = cfg.params.model_dump(mode="json")
    parts = []
    for k, v in values.items():
        if isinstance(v, list):
            pair = len(v) == 2 and not any(isinstance(x, list) for x in v)
            v = _clock(v) if pair else ", ".join(_clock(x) for x in v)
        elif isinstance(v, str):
            v = _clock(v)
        if isinstance(v, bool):
            v = "ja" if v else "nej"
        elif v is None:
            v = "ingen"
        elif isinstance(v, float):
            v = number_da(v, 2).rstrip("0").rstrip(",")
        parts.append(f"{k} = {v}")
    return ", ".join(parts)


def requirement_da(cfg: RuleConfig) -> str:
    """How the rule set enforces a rule, in plain Danish."""
    if not cfg.enabled:
        return "Slået fra"
    if cfg.mode is Mode.HARD:
        return "Skal altid overholdes"
    return f"Tilstræbes (vægt {cfg.weight})"


def principles(ruleset: RuleSet, registry: Registry | None = None) -> pd.DataFrame:
    """The rule set's principles grouped law / agreement / recommendations / local.

    Returns:
        One row per rule of the rule set with the columns ``gruppe``,
        ``regel``, ``id``, ``krav`` (hard / soft with weight / off),
        ``indstillinger`` (the parameters), ``kilde`` (the citation and any
        note from the rule-set file) and ``hvorfor`` (the plain-Danish reason).
        Rows are ordered by group, then as in the rule set.
    """
    reg = _registry(registry)
    order = list(GROUPS_DA)
    rows = []
    for i, cfg in enumerate(ruleset.entries):
        if cfg.id not in reg:
            continue
        spec = reg[cfg.id].spec
        source = spec.citation + (f" ({cfg.source_note})" if cfg.source_note else "")
        rows.append(
            {
                "_order": (order.index(spec.source), i),
                "gruppe": GROUPS_DA[spec.source],
                "regel": spec.title_da,
                "id": cfg.id,
                "krav": requirement_da(cfg),
                "indstillinger": _params_da(cfg),
                "kilde": source,
                "hvorfor": spec.why_da,
            }
        )
    rows.sort(key=lambda r: r["_order"])
    for r in rows:
        del r["_order"]
    cols = ["gruppe", "regel", "id", "krav", "indstillinger", "kilde", "hvorfor"]
    return pd.DataFrame(rows, columns=cols)


def principles_text(ruleset: RuleSet, registry: Registry | None = None) -> str:
    """The principles as Danish plain text (markdown), grouped by source."""
    table = principles(ruleset, registry)
    lines = [f"# Regelsæt: {ruleset.name}"]
    if ruleset.description:
        lines.append(ruleset.description)
    for group in GROUPS_DA.values():
        part = table[table["gruppe"] == group]
        if part.empty:
            continue
        lines.append(f"\n## {group}")
        for r in part.itertuples():
            extra = f" Indstillinger: {r.indstillinger}." if r.indstillinger else ""
            lines.append(
                f"- **{r.regel}** – {r.krav.lower()}.{extra} Kilde: {r.kilde}. "
                f"{r.hvorfor}"
            )
    return "\n".join(lines)


def compare_rulesets(
    a: RuleSet, b: RuleSet, registry: Registry | None = None
) -> pd.DataFrame:
    """The rules that differ between two rule sets (off, mode, weight, params)."""
    reg = _registry(registry)
    ids = list(dict.fromkeys([e.id for e in a.entries] + [e.id for e in b.entries]))
    rows = []
    for rid in ids:
        ca, cb = a.get(rid), b.get(rid)
        da = requirement_da(ca) if ca else "Ikke med"
        db = requirement_da(cb) if cb else "Ikke med"
        pa = _params_da(ca) if ca else ""
        pb = _params_da(cb) if cb else ""
        if da == db and pa == pb:
            continue
        title = reg[rid].spec.title_da if rid in reg else rid
        rows.append(
            {
                "regel": title,
                "id": rid,
                a.name: f"{da}; {pa}".strip("; "),
                b.name: f"{db}; {pb}".strip("; "),
            }
        )
    return pd.DataFrame(rows, columns=["regel", "id", a.name, b.name])


# -- staffing against demand -------------------------------------------------


def staffing_by_hour(
    instance: PlanningInstance, assignments: Sequence[Assignment]
) -> pd.DataFrame:
    """Staff on duty against demand for every real hour of the plan.

    Each hour is a real elapsed hour (a DST day has 23 or 25 of them); a
    shift counts with the share of the hour it covers, and so does the
    demand of its template (``min``/``ideal``), so the two are comparable.

    Returns:
        Columns ``start`` (local, aware), ``dag``, ``time`` (local 'HH'),
        ``bemanding``, ``minimum``, ``ønsket``, ``forskel`` (bemanding minus
        minimum).
    """
    cal = Calendar(instance)
    tz = cal.tz
    first = cal.origin
    last = midnight(instance.end + dt.timedelta(days=1), tz)
    hours = int((last - first).total_seconds() // 3600)
    work = [cal.work_of(a).interval for a in assignments]
    demand: list[tuple[tuple[dt.datetime, dt.datetime], int, int]] = []
    for s in cal.slots:
        dem = instance.unit.demand_for(s.shift_id, s.day)
        if dem is not None and (dem.min or dem.ideal):
            demand.append((s.interval, dem.min, dem.ideal))
    rows = []
    for h in range(hours):
        a = first + dt.timedelta(hours=h)
        win = (a, a + dt.timedelta(hours=1))
        staffed = sum(overlap(w, win).total_seconds() for w in work) / 3600
        need_min = sum(overlap(i, win).total_seconds() * m for i, m, _ in demand) / 3600
        need_ideal = (
            sum(overlap(i, win).total_seconds() * d for i, _, d in demand) / 3600
        )
        local = a.astimezone(tz)
        rows.append(
            {
                "start": local,
                "dag": local.date(),
                "time": f"{local:%H}",
                "bemanding": round(staffed, 2),
                "minimum": round(need_min, 2),
                "ønsket": round(need_ideal, 2),
                "forskel": round(staffed - need_min, 2),
            }
        )
    return pd.DataFrame(rows)


WEEKDAYS_SHORT_DA = ("man", "tir", "ons", "tor", "fre", "lør", "søn")


def staffing_profile(table: pd.DataFrame) -> pd.DataFrame:
    """Mean staffing and minimum per local hour of the day x weekday.

    Args:
        table: The output of :func:`staffing_by_hour`.

    Returns:
        One row per local hour ('00'..'23') and one column per weekday
        ('man'..'søn') holding ``(mean staff on duty, mean minimum)`` pairs.
    """
    if table.empty:
        return pd.DataFrame()
    wd = [WEEKDAYS_SHORT_DA[d.isoweekday() - 1] for d in table["dag"]]
    g = (
        table.assign(ugedag=wd)
        .groupby(["time", "ugedag"])[["bemanding", "minimum"]]
        .mean()
        .round(2)
    )
    days = [d for d in WEEKDAYS_SHORT_DA if d in set(wd)]
    hours = sorted(set(table["time"]))
    data = {
        d: [
            (float(g.loc[(h, d), "bemanding"]), float(g.loc[(h, d), "minimum"]))
            if (h, d) in g.index
            else (0.0, 0.0)
            for h in hours
        ]
        for d in days
    }
    return pd.DataFrame(data, index=hours)


def staffing_summary(table: pd.DataFrame) -> dict[str, float]:
    """Hours below minimum, below ideal and above ideal (staff-hours)."""
    if table.empty:
        return {"under_minimum": 0.0, "under_ønsket": 0.0, "over_ønsket": 0.0}
    return {
        "under_minimum": round(
            float((table["minimum"] - table["bemanding"]).clip(lower=0).sum()), 2
        ),
        "under_ønsket": round(
            float((table["ønsket"] - table["bemanding"]).clip(lower=0).sum()), 2
        ),
        "over_ønsket": round(
            float((table["bemanding"] - table["ønsket"]).clip(lower=0).sum()), 2
        ),
    }


# -- roster measures ---------------------------------------------------------


_ROTATION = {
    ShiftKind.DAY: 0,
    ShiftKind.EVENING: 1,
    ShiftKind.NIGHT: 2,
    ShiftKind.SLEEP_IN: 2,
}


def backward_rotations(view: RosterView, employee_id: str) -> int:
    """Shift changes against the clock on consecutive days (e.g. night → day)."""
    work = view.all_work(employee_id)
    n = 0
    for a, b in itertools.pairwise(work):
        if b.history or (b.day - a.day).days != 1:
            continue
        ka, kb = _ROTATION.get(a.kind), _ROTATION.get(b.kind)
        if ka is not None and kb is not None and kb < ka:
            n += 1
    return n


def free_weekends(view: RosterView, employee_id: str) -> tuple[int, int]:
    """(free weekends, weekends) in the plan; a weekend is Saturday + Sunday.

    A weekend is free when no planned shift starts on the Saturday or the
    Sunday and no shift from Friday runs into the Saturday.
    """
    days = view.calendar.days
    sats = [d for d in days if d.isoweekday() == 6]
    worked = {w.day for w in view.plan_work(employee_id)}
    into = {
        w.day + dt.timedelta(days=1)
        for w in view.plan_work(employee_id)
        if w.template.crosses_midnight
    }
    free = 0
    for sat in sats:
        sun = sat + dt.timedelta(days=1)
        if not ({sat, sun} & worked) and sat not in into:
            free += 1
    return free, len(sats)


def _tillaeg_hours(view: RosterView, instance: PlanningInstance) -> dict[str, float]:
    """Hours in the KL 64.11 supplement windows (aften 17–23, nat 23–06,
    lørdag 08–24, søndag and søgnehelligdag all day), danish-rules.md C12–C14."""
    tz = view.tz
    hol = set(
        soegnehelligdage_between(
            instance.start - dt.timedelta(days=1), instance.end + dt.timedelta(days=1)
        )
    )
    out = {"aften": 0.0, "nat": 0.0, "weekend_helligdag": 0.0}
    for e in instance.employees:
        for w in view.plan_work(e.id):
            t = w.start
            while t < w.end:
                step = min(w.end, t + dt.timedelta(minutes=30))
                local = t.astimezone(tz)
                h = (step - t).total_seconds() / 3600
                hour = local.hour
                if 17 <= hour < 23:
                    out["aften"] += h
                if hour >= 23 or hour < 6:
                    out["nat"] += h
                wd = local.isoweekday()
                if (wd == 6 and hour >= 8) or wd == 7 or local.date() in hol:
                    out["weekend_helligdag"] += h
                t = step
    return {k: round(v, 1) for k, v in out.items()}


def _hours(view: RosterView, instance: PlanningInstance) -> tuple[float, float]:
    total = paid = 0.0
    for e in instance.employees:
        for w in view.plan_work(e.id):
            h = w.duration.total_seconds() / 3600
            total += h
            paid += h * w.template.paid_fraction
    return round(total, 1), round(paid, 1)


# -- the 14 recommendations --------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """One of the 14 recommendations for shift work (danish-rules.md E1)."""

    number: int
    title_da: str
    rule_words: tuple[str, ...]


RECOMMENDATIONS: tuple[Recommendation, ...] = (
    Recommendation(1, "Formindsk fast natarbejde", ("nights.max_share", "fixed_night")),
    Recommendation(
        2,
        "Reducér antallet af nætter i træk (2–4)",
        ("nights.max_consecutive", "nights.min_consecutive"),
    ),
    Recommendation(
        3, "Undgå korte intervaller mellem vagter", ("rest.daily", "rest.quick_returns")
    ),
    Recommendation(4, "Flest mulige friweekender", ("weekend",)),
    Recommendation(5, "Undgå lange vagter", ("shifts.max_length",)),
    Recommendation(
        6,
        "Tilpas vagtlængden til arbejdskravene",
        ("coverage.min_staff", "coverage.ideal_staff", "coverage.max_staff"),
    ),
    Recommendation(
        7, "Overvej kortere natvagter", ("nights.max_length", "night.worker_average")
    ),
    Recommendation(
        8,
        "Rotér med uret (morgen → aften → nat)",
        ("rotation.", "general.forbidden_successions"),
    ),
    Recommendation(
        9,
        "Begynd ikke morgenvagten for tidligt",
        ("shifts.earliest_start", "shifts.preferred_start"),
    ),
    Recommendation(10, "Fleksible mødetidspunkter", ("flexib",)),
    Recommendation(11, "Regelmæssigt vagtsystem", ("pattern.regular",)),
    Recommendation(
        12,
        "Individuel fleksibilitet (medarbejdernes ønsker)",
        ("wishes.", "general.shift_on_requests", "general.shift_off_requests"),
    ),
    Recommendation(
        13,
        "Begræns afvigelser fra planen",
        ("plan.few_deviations", "agreement.change_notice"),
    ),
    Recommendation(
        14,
        "Informér i god tid om plan og ændringer",
        ("agreement.plan_lead_time", "agreement.change_notice"),
    ),
)
"""The 14 recommendations; the source says it is attributed to a group of
occupational physicians at Eurofound (DSR, 'NARFE-anbefalingerne'); the NFA
2020 numbers (≤ 3 nights in a row, ≥ 11 h between shifts, ≤ 9 h shifts)
are used as thresholds where they apply (reporting.TrafficLightConfig)."""


def _matching_rules(rec: Recommendation, ruleset: RuleSet, registry: Registry) -> str:
    names = []
    for cfg in ruleset.active:
        if any(w in cfg.id for w in rec.rule_words) and cfg.id in registry:
            names.append(
                f"{registry[cfg.id].spec.title_da}: {requirement_da(cfg).lower()}"
            )
    return "; ".join(names)


def _worst(lights: Iterable[str]) -> str:
    ls = [x for x in lights if x in ORDER]
    return max(ls, key=lambda c: ORDER[c]) if ls else GREEN


def recommendations(
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    ruleset: RuleSet,
    registry: Registry | None = None,
    config: TrafficLightConfig | None = None,
) -> pd.DataFrame:
    """The 14 recommendations one by one: how the roster meets each.

    Returns:
        Columns ``nr``, ``anbefaling``, ``planen`` (a Danish sentence on how the
        roster meets it), ``vurdering`` (grøn/gul/rød, or '–' where it is judged
        locally) and ``regler`` (the rule set's rules that work towards it).
        No row names or counts individuals.
    """
    reg = _registry(registry)
    config = config or TrafficLightConfig()
    view = RosterView(instance, assignments)
    tl = traffic_light(instance, assignments, config)
    n_emp = len(instance.employees)

    def metric_max(m: str) -> float:
        s = tl[tl.metric == m]["value"]
        return float(s.max()) if len(s) else 0.0

    def metric_sum(m: str) -> float:
        s = tl[tl.metric == m]["value"]
        return float(s.sum()) if len(s) else 0.0

    def light_of(m: str) -> str:
        return _worst(tl[tl.metric == m]["light"])

    plan_work = {e.id: view.plan_work(e.id) for e in instance.employees}
    nights = {
        eid: [w for w in ws if w.kind is ShiftKind.NIGHT]
        for eid, ws in plan_work.items()
    }
    total_nights = sum(len(v) for v in nights.values())
    only_nights = [
        eid
        for eid, ws in plan_work.items()
        if len(ws) >= 3 and all(w.kind is ShiftKind.NIGHT for w in ws)
    ]
    share = (
        sum(len(nights[e]) for e in only_nights) / total_nights if total_nights else 0.0
    )
    out: list[tuple[str, str]] = []
    # 1
    if total_nights == 0:
        out.append(("Planen har ingen nattevagter.", GREEN))
    else:
        out.append(
            (
                f"{len(only_nights)} af {n_emp} medarbejdere har kun nattevagter "
                "i perioden; "
                f"de tager {round(100 * share)} % af de {total_nights} nattevagter.",
                GREEN if not only_nights else YELLOW,
            )
        )
    # 2
    mx = metric_max("max_nights_in_row")
    out.append(
        (
            f"Højst {mx:g} nattevagter i træk for nogen medarbejder "
            f"(anbefalet 2–4, NFA 2020: højst 3).",
            light_of("max_nights_in_row"),
        )
    )
    # 3
    q = metric_sum("quick_returns")
    out.append(
        (
            f"{q:g} gange under 11 timers hvile mellem to vagter i alt; "
            f"højst {metric_max('quick_returns'):g} for én medarbejder.",
            light_of("quick_returns"),
        )
    )
    # 4
    free = [free_weekends(view, e.id) for e in instance.employees]
    f_sum, w_sum = sum(f for f, _ in free), sum(w for _, w in free)
    out.append(
        (
            f"{f_sum} af {w_sum} medarbejder-weekender er helt fri "
            f"({round(100 * f_sum / w_sum) if w_sum else 0} %).",
            light_of("worked_weekends_share"),
        )
    )
    # 5
    longest = max(
        (w.duration for ws in plan_work.values() for w in ws), default=dt.timedelta(0)
    )
    out.append(
        (
            f"{metric_sum('long_shifts'):g} vagter over 9 timer; den længste vagt er "
            f"{number_da(longest.total_seconds() / 3600, 1)} timer.",
            light_of("long_shifts"),
        )
    )
    # 6
    summ = staffing_summary(staffing_by_hour(instance, assignments))
    out.append(
        (
            f"Bemandingen ligger {number_da(summ['under_minimum'], 1)} "
            "mandetimer under "
            f"minimum, {number_da(summ['under_ønsket'], 1)} under ønsket og "
            f"{number_da(summ['over_ønsket'], 1)} over ønsket "
            "(se Bemanding time for time). "
            "Vagtlængden i forhold til arbejdets krav vurderes lokalt.",
            RED
            if summ["under_minimum"] > 0
            else (YELLOW if summ["under_ønsket"] > 0 else GREEN),
        )
    )
    # 7
    night_lengths = sorted(
        {
            round(w.duration.total_seconds() / 3600, 1)
            for ws in nights.values()
            for w in ws
        }
    )
    if night_lengths:
        lens = ", ".join(number_da(h, 1) for h in night_lengths)
        out.append(
            (
                f"Nattevagterne varer {lens} timer (NFA 2020: højst 9 timer).",
                RED if night_lengths[-1] > 9 else GREEN,
            )
        )
    else:
        out.append(("Planen har ingen nattevagter.", GREEN))
    # 8
    back = sum(backward_rotations(view, e.id) for e in instance.employees)
    out.append(
        (
            f"{back} vagtskift mod uret (fx nat → dag eller aften → dag dagen efter).",
            GREEN if back == 0 else YELLOW,
        )
    )
    # 9
    starts = sorted({s.start for s in instance.unit.shifts if s.kind is ShiftKind.DAY})
    first = f"{starts[0]:%H:%M}" if starts else "–"
    out.append(
        (
            f"Den tidligste morgenvagt starter kl. {first}; "
            f"{metric_sum('early_starts'):g} morgenvagter starter før kl. 7 "
            f"og {metric_sum('very_early_starts'):g} før kl. 6.",
            _worst([light_of("early_starts"), light_of("very_early_starts")]),
        )
    )
    # 10
    times = sorted({f"{s.start:%H:%M}" for s in instance.unit.shifts})
    out.append(
        (
            f"Enheden har {len(instance.unit.shifts)} vagttyper med mødetider "
            f"kl. {', '.join(times)}. Fleksibilitet aftales lokalt.",
            NOT_JUDGED,
        )
    )
    # 11
    kinds = [len({w.kind for w in ws}) for ws in plan_work.values() if ws]
    avg = sum(kinds) / len(kinds) if kinds else 0.0
    out.append(
        (
            f"Medarbejderne har i gennemsnit {number_da(avg, 1)} slags vagter "
            "(dag/aften/nat/sovevagt) i perioden.",
            NOT_JUDGED,
        )
    )
    # 12
    fair = fairness(instance, assignments, include_history=False)
    granted = int(fair["wishes_granted"].sum()) if not fair.empty else 0
    denied = int(fair["wishes_denied"].sum()) if not fair.empty else 0
    if granted + denied:
        out.append(
            (
                f"{granted} af {granted + denied} ønsker er opfyldt.",
                GREEN if denied == 0 else YELLOW,
            )
        )
    else:
        out.append(("Der er ingen ønsker i perioden.", NOT_JUDGED))
    # 13
    if instance.published:
        pub = {(a.employee_id, a.date, a.shift_id) for a in instance.published}
        now = {(a.employee_id, a.date, a.shift_id) for a in assignments}
        changed = len(pub ^ now)
        out.append(
            (
                f"{changed} ændringer i forhold til den udleverede plan.",
                GREEN if changed == 0 else YELLOW,
            )
        )
    else:
        out.append(("Der er ingen udleveret plan at sammenligne med.", NOT_JUDGED))
    # 14
    if instance.published_on is not None:
        days = (instance.start - instance.published_on).days
        out.append(
            (
                f"Planen er udleveret {days} dage før den træder i kraft "
                "(KL's døgnaftale: mindst 4 uger).",
                GREEN if days >= 28 else RED,
            )
        )
    else:
        out.append(
            (
                "Udleveringsdatoen er ikke oplyst; KL's døgnaftale kræver mindst "
                "4 uger før planen træder i kraft.",
                NOT_JUDGED,
            )
        )
    rows = []
    for rec, (text, light) in zip(RECOMMENDATIONS, out, strict=True):
        rows.append(
            {
                "nr": rec.number,
                "anbefaling": rec.title_da,
                "planen": text,
                "vurdering": light,
                "regler": _matching_rules(rec, ruleset, reg)
                or "ingen regel i regelsættet",
            }
        )
    return pd.DataFrame(rows)


# -- traffic light, fairness and rule totals without personal data -----------


def traffic_light_med(
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    show_names: bool = False,
) -> pd.DataFrame:
    """The traffic light per (pseudonymised) employee: label, light, reasons."""
    labels = pseudonyms(instance, show_names)
    s = traffic_light_summary(traffic_light(instance, assignments))
    if s.empty:
        return pd.DataFrame(columns=["medarbejder", "lys", "årsager"])
    return pd.DataFrame(
        {
            "medarbejder": [labels[e] for e in s["employee_id"]],
            "lys": s["light"],
            "årsager": s["reasons"],
        }
    )


FAIRNESS_COLUMNS_DA = {
    "weekly_hours": "timer/uge",
    "nights": "nattevagter",
    "evenings": "aftenvagter",
    "weekend_shifts": "weekendvagter",
    "holiday_shifts": "helligdagsvagter",
    "quick_returns": "hvil under 11 t",
    "wishes_granted": "ønsker opfyldt",
    "wishes_denied": "ønsker ikke opfyldt",
}

BURDENS_DA = {
    "nights": "Nattevagter",
    "evenings": "Aftenvagter",
    "weekend_shifts": "Weekendvagter",
    "holiday_shifts": "Helligdagsvagter",
    "quick_returns": "Hvil under 11 timer",
}


def fairness_med(
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    show_names: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fairness per (pseudonymised) employee and the spread per burden."""
    labels = pseudonyms(instance, show_names)
    f = fairness(instance, assignments, include_history=False)
    spread = fairness_spread(f)
    per = pd.DataFrame({"medarbejder": [labels[e] for e in f["employee_id"]]})
    for k, da in FAIRNESS_COLUMNS_DA.items():
        per[da] = f[k].values if k in f else []
    if not spread.empty:
        by_name = {e.name: labels[e.id] for e in instance.employees}
        spread = pd.DataFrame(
            {
                "byrde": [BURDENS_DA.get(b, b) for b in spread["burden"]],
                "min pr. fuldtid": spread["min_per_fte"],
                "max pr. fuldtid": spread["max_per_fte"],
                "spredning": spread["spread"],
                "hårdest ramt": [by_name.get(n, n) for n in spread["worst_off"]],
            }
        )
    return per, spread


def rule_totals_med(
    ruleset: RuleSet, violations: Sequence[Violation], registry: Registry | None = None
) -> pd.DataFrame:
    """Per rule with findings: how many and how much, never who.

    Rules whose findings would reveal personal status (pregnancy, age,
    reduced capacity, health checks; :func:`is_sensitive_rule`) are summed
    into one anonymous row.
    """
    reg = _registry(registry)
    rows = []
    hidden = [0, 0]
    for rid, (count, amount, penalty) in totals(violations).items():
        if is_sensitive_rule(rid):  # e.g. pregnancy: never named, only summed
            hidden[0] += count
            hidden[1] += penalty
            continue
        spec = reg[rid].spec if rid in reg else None
        cfg = ruleset.get(rid)
        rows.append(
            {
                "regel": spec.title_da if spec else rid,
                "krav": requirement_da(cfg) if cfg else "",
                "antal": count,
                "omfang": f"{amount} {spec.unit_da if spec else ''}".strip(),
                "straf": penalty,
            }
        )
    if hidden[0]:
        rows.append(
            {
                "regel": "Særlige hensyn til enkelte medarbejdere (samlet)",
                "krav": "",
                "antal": hidden[0],
                "omfang": "",
                "straf": hidden[1],
            }
        )
    return pd.DataFrame(rows, columns=["regel", "krav", "antal", "omfang", "straf"])


# -- comparing rosters under two rule sets -----------------------------------


def roster_measures(
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    violations: Sequence[Violation] = (),
) -> dict[str, float | int | str]:
    """The headline measures of one roster for the side-by-side comparison."""
    view = RosterView(instance, assignments)
    tl = traffic_light(instance, assignments)
    f = fairness(instance, assignments, include_history=False)
    spread = fairness_spread(f).set_index("burden") if not f.empty else None
    free = [free_weekends(view, e.id) for e in instance.employees]
    total, paid = _hours(view, instance)
    till = _tillaeg_hours(view, instance)
    soft = sum(v.penalty for v in violations if v.mode is Mode.SOFT)
    hard = sum(1 for v in violations if v.mode is Mode.HARD)

    def spread_of(k: str) -> float:
        return float(spread.loc[k, "spread"]) if spread is not None else 0.0

    qr = tl[tl.metric == "quick_returns"]["value"]
    nr = tl[tl.metric == "max_nights_in_row"]["value"]
    return {
        "Vagter": len(assignments),
        "Hvil under 11 timer (antal)": int(qr.sum()) if len(qr) else 0,
        "Fri weekender": f"{sum(x for x, _ in free)} af {sum(y for _, y in free)}",
        "Flest nætter i træk": int(nr.max()) if len(nr) else 0,
        "Vagtskift mod uret": sum(
            backward_rotations(view, e.id) for e in instance.employees
        ),
        "Spredning nattevagter pr. fuldtid": spread_of("nights"),
        "Spredning weekendvagter pr. fuldtid": spread_of("weekend_shifts"),
        "Timer i alt": total,
        "Lønnede timer": paid,
        "Timer med aftentillæg (17–23)": till["aften"],
        "Timer med nattillæg (23–06)": till["nat"],
        "Timer lørdag/søndag/helligdag": till["weekend_helligdag"],
        "Brud på hårde regler": hard,
        "Samlet straf (bløde regler)": soft,
    }


def compare_rosters(
    instance: PlanningInstance,
    rosters: Mapping[str, tuple[Sequence[Assignment], Sequence[Violation]]],
) -> pd.DataFrame:
    """Measures side by side: one column per rule set (name -> roster, violations)."""
    cols = {name: roster_measures(instance, a, v) for name, (a, v) in rosters.items()}
    return pd.DataFrame(cols)


__all__ = [
    "GROUPS_DA",
    "NOT_JUDGED",
    "RECOMMENDATIONS",
    "RED",
    "SENSITIVE_FIELDS",
    "backward_rotations",
    "compare_rosters",
    "compare_rulesets",
    "fairness_med",
    "free_weekends",
    "is_sensitive_rule",
    "principles",
    "principles_text",
    "pseudonymise_text",
    "pseudonyms",
    "recommendations",
    "requirement_da",
    "roster_measures",
    "rule_totals_med",
    "staffing_by_hour",
    "staffing_profile",
    "staffing_summary",
    "traffic_light_med",
]
