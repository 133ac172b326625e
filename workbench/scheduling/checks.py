"""Solver-free checking: judge any roster against a rule set.

The checkers themselves sit beside their rules (``@rule.checker``) so that a
rule and its spec are read together; this module gives them a view of the
roster over real datetimes and aggregates their findings into violations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from workbench.domain import Assignment, Employee, PlanningInstance, ShiftKind
from workbench.scheduling.registry import Mode, Registry, RuleConfig, RuleSet
from workbench.timeutil import Calendar, Work, sorted_work


@dataclass(frozen=True)
class Violation:
    """One breach of one configured rule in one roster."""

    rule_id: str
    title_da: str
    mode: Mode
    employee_id: str | None
    dates: tuple[dt.date, ...]
    amount: int
    penalty: int
    message: str

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form."""
        return {
            "rule_id": self.rule_id,
            "title": self.title_da,
            "mode": self.mode.value,
            "employee_id": self.employee_id,
            "dates": [d.isoformat() for d in self.dates],
            "amount": self.amount,
            "penalty": self.penalty,
            "message": self.message,
        }


class RosterView:
    """A roster (plan assignments) plus history, seen over real instants."""

    def __init__(
        self,
        instance: PlanningInstance,
        assignments: Sequence[Assignment],
        calendar: Calendar | None = None,
    ) -> None:
        self.instance = instance
        self.calendar = calendar or Calendar(instance)
        self.tz = self.calendar.tz
        self.assignments = tuple(assignments)

    @property
    def employees(self) -> tuple[Employee, ...]:
        """The staff."""
        return self.instance.employees

    @cached_property
    def _plan(self) -> dict[str, list[Work]]:
        out: dict[str, list[Work]] = {e.id: [] for e in self.instance.employees}
        for a in self.assignments:
            out.setdefault(a.employee_id, []).append(self.calendar.work_of(a))
        return {k: sorted_work(v) for k, v in out.items()}

    @cached_property
    def _history(self) -> dict[str, list[Work]]:
        out: dict[str, list[Work]] = {}
        for a in self.instance.history:
            out.setdefault(a.employee_id, []).append(
                self.calendar.work_of(a, history=True)
            )
        return {k: sorted_work(v) for k, v in out.items()}

    def plan_work(self, employee_id: str) -> list[Work]:
        """The employee's planned shifts, by start."""
        return self._plan.get(employee_id, [])

    def history_work(self, employee_id: str) -> list[Work]:
        """The employee's history shifts, by start."""
        return self._history.get(employee_id, [])

    def all_work(self, employee_id: str) -> list[Work]:
        """History and plan, by start."""
        return sorted_work(self.history_work(employee_id) + self.plan_work(employee_id))

    def on_day(self, employee_id: str, day: dt.date) -> list[Work]:
        """Planned shifts starting on ``day``."""
        return [w for w in self.plan_work(employee_id) if w.day == day]

    def staff_on(self, day: dt.date, shift_id: str) -> list[str]:
        """Employee ids on ``shift_id`` starting on ``day``."""
        return [
            a.employee_id
            for a in self.assignments
            if a.date == day and a.shift_id == shift_id
        ]

    def local(self, instant: dt.datetime) -> dt.datetime:
        """The instant in local time (for messages)."""
        return instant.astimezone(self.tz)

    def fmt(self, instant: dt.datetime) -> str:
        """Danish short form 'dd.mm. kl. HH:MM'."""
        t = self.local(instant)
        return f"{t.day:02d}.{t.month:02d}. kl. {t:%H:%M}"


def is_work_for_rest(kind: ShiftKind, oncall_home_is_rest: bool) -> bool:
    """Does a shift of ``kind`` break a rest period?

    Sleep-ins at the workplace always do (BEK 324 as amended 1 July 2024).
    """
    if kind is ShiftKind.ONCALL_HOME:
        return not oncall_home_is_rest
    return True


def check(
    instance: PlanningInstance,
    assignments: Sequence[Assignment],
    ruleset: RuleSet,
    registry: Registry | None = None,
) -> list[Violation]:
    """Run every active rule's checker over the roster."""
    if registry is None:
        from workbench.scheduling.rules import REGISTRY

        registry = REGISTRY
    view = RosterView(instance, assignments)
    out: list[Violation] = []
    for cfg in ruleset.active:
        out.extend(check_rule(view, cfg, registry))
    return out


def check_rule(view: RosterView, cfg: RuleConfig, registry: Registry) -> list[Violation]:
    """Run one configured rule's checker."""
    r = registry[cfg.id]
    if r.check is None:
        raise RuntimeError(f"rule {cfg.id} has no checker")
    weight = cfg.weight if cfg.mode is Mode.SOFT else 0
    return [
        Violation(
            cfg.id,
            r.spec.title_da,
            cfg.mode,
            f.employee_id,
            f.dates,
            f.amount,
            f.amount * weight,
            f.message,
        )
        for f in r.check(view, cfg.params)
        if f.amount > 0
    ]


def totals(violations: Iterable[Violation]) -> dict[str, tuple[int, int, int]]:
    """Rule id -> (count, amount, penalty)."""
    out: dict[str, tuple[int, int, int]] = {}
    for v in violations:
        c, a, p = out.get(v.rule_id, (0, 0, 0))
        out[v.rule_id] = (c + 1, a + v.amount, p + v.penalty)
    return out
