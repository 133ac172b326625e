"""The decision-variable container: who works which slot.

Rules ask questions through intention-revealing methods and never index raw
dicts. Literals may be CP-SAT literals or plain Python booleans (history
assignments are constant ``True``); :mod:`workbench.scheduling.patterns`
simplifies constants away.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Union

from ortools.sat.python import cp_model

from workbench.domain import Employee, ShiftKind
from workbench.timeutil import Calendar, Slot, Work

Lit = Union[cp_model.IntVar, "cp_model._NotBooleanVariable", bool]  # noqa: UP007


@dataclass(frozen=True)
class Busy:
    """A possible stretch of work: a plan slot (literal) or history (True)."""

    start_min: int
    end_min: int
    lit: Lit
    day: dt.date
    kind: ShiftKind
    shift_id: str
    history: bool


class AssignmentVars:
    """Boolean ``x[e, slot]`` = employee ``e`` works ``slot``."""

    def __init__(self, model: cp_model.CpModel, calendar: Calendar) -> None:
        self.model = model
        self.calendar = calendar
        self.employees: tuple[Employee, ...] = calendar.instance.employees
        self._x: dict[tuple[str, int], cp_model.IntVar] = {}
        tails = [(s.index, f"{s.day.isoformat()}|{s.shift_id}") for s in calendar.slots]
        for e in self.employees:
            for index, tail in tails:
                self._x[e.id, index] = model.new_bool_var(f"x|{e.id}|{tail}")
        self._day: dict[tuple[str, dt.date], cp_model.IntVar] = {}
        self._busy: dict[str, list[Busy]] = {}

    def works(self, employee_id: str, slot: Slot) -> cp_model.IntVar:
        """Literal: the employee works ``slot``."""
        return self._x[employee_id, slot.index]

    def on_day(self, employee_id: str, day: dt.date) -> list[cp_model.IntVar]:
        """Literals of every slot starting on ``day``."""
        return [self._x[employee_id, s.index] for s in self.calendar.slots_by_day[day]]

    def works_day(self, employee_id: str, day: dt.date) -> cp_model.IntVar:
        """Literal: the employee works some slot starting on ``day`` (cached)."""
        key = (employee_id, day)
        if key not in self._day:
            y = self.model.new_bool_var(f"day|{employee_id}|{day.isoformat()}")
            self.model.add_max_equality(y, self.on_day(employee_id, day))
            self._day[key] = y
        return self._day[key]

    def slots_of_kind(
        self, employee_id: str, day: dt.date, kinds: frozenset[ShiftKind]
    ) -> list[cp_model.IntVar]:
        """Literals of slots on ``day`` whose kind is in ``kinds``."""
        return [
            self._x[employee_id, s.index]
            for s in self.calendar.slots_by_day[day]
            if s.kind in kinds
        ]

    def history(self, employee_id: str) -> list[Work]:
        """The employee's history (constant work before the plan)."""
        return self._history.get(employee_id, [])

    @cached_property
    def _history(self) -> dict[str, list[Work]]:
        out: dict[str, list[Work]] = {}
        for a in self.calendar.instance.history:
            out.setdefault(a.employee_id, []).append(
                self.calendar.work_of(a, history=True)
            )
        return out

    def busy(self, employee_id: str) -> list[Busy]:
        """History and plan slots of the employee, ordered by start (cached).

        The list is shared between rules: do not mutate it.
        """
        cached = self._busy.get(employee_id)
        if cached is None:
            cached = self._busy[employee_id] = self._make_busy(employee_id)
        return cached

    def _make_busy(self, employee_id: str) -> list[Busy]:
        cal = self.calendar
        out = [
            Busy(
                cal.minutes(w.start),
                cal.minutes(w.end),
                True,
                w.day,
                w.kind,
                w.shift_id,
                True,
            )
            for w in self.history(employee_id)
        ]
        out += [
            Busy(
                s.start_min,
                s.end_min,
                self._x[employee_id, s.index],
                s.day,
                s.kind,
                s.shift_id,
                False,
            )
            for s in cal.slots
        ]
        out.sort(key=lambda b: (b.start_min, b.end_min))
        return out

    def fix_from(self, values: dict[tuple[str, int], bool]) -> None:
        """Fix variables to given values (used by the property tests)."""
        for key, v in values.items():
            self.model.add(self._x[key] == int(v))

    def hint(self, values: dict[tuple[str, int], bool]) -> None:
        """Add a solution hint for every variable (missing ones as 0)."""
        for key, var in self._x.items():
            self.model.add_hint(var, bool(values.get(key, False)))

    def items(self) -> list[tuple[tuple[str, int], cp_model.IntVar]]:
        """All (employee id, slot index) -> variable pairs."""
        return list(self._x.items())
