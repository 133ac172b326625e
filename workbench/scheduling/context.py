"""The vocabulary rules speak: forbid, require_any, at_most, at_least, penalize.

The rule says *what must hold for whom and when*; the context turns it into a
hard constraint or a weighted penalty according to the rule set. Every call
names its subject (employee and dates), which is what violations and
infeasibility explanations are made from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from workbench.domain import Employee, PlanningInstance
from workbench.scheduling.registry import Mode, RuleConfig, RuleSpec
from workbench.scheduling.variables import AssignmentVars, Lit
from workbench.timeutil import Calendar

Term = tuple[int, Lit]


@dataclass(frozen=True)
class Subject:
    """Who and when a requirement is about."""

    rule_id: str
    employee_id: str | None
    dates: tuple[dt.date, ...]


@dataclass
class Penalty:
    """A soft requirement's violation variable and its weight.

    ``amount = scale * var`` is in the rule's unit (what the checker reports);
    ``weight`` already includes the scale, so the objective term is
    ``weight * var`` = rule weight x amount.
    """

    subject: Subject
    var: cp_model.IntVar | int
    weight: int
    scale: int = 1


@dataclass
class Guard:
    """An enforcement literal shared by the hard requirements of one subject group."""

    literal: cp_model.IntVar
    rule_id: str
    employee_id: str | None
    week: int
    dates: set[dt.date] = field(default_factory=set)
    day: int | None = None
    """Day offset from the plan start of the guard's group (``granularity="day"``)."""


@dataclass
class BuiltModel:
    """A CP-SAT model with the bookkeeping that reports and diagnosis need."""

    instance: PlanningInstance
    calendar: Calendar
    model: cp_model.CpModel
    vars: AssignmentVars
    diagnostic: bool = False
    penalties: list[Penalty] = field(default_factory=list)
    guards: dict[tuple[str, str | None, int], Guard] = field(default_factory=dict)
    trivially_infeasible: list[Subject] = field(default_factory=list)
    cache: dict[tuple, object] = field(default_factory=dict)
    granularity: str = "week"
    """How diagnostic guards group subjects: per (rule, employee) and "week"
    (7-day block from the plan start, by the subject's first date) or "day"
    (the subject's first date); the guard key's last item is that index."""

    def guard_for(self, subject: Subject) -> cp_model.IntVar | None:
        """The enforcement literal for ``subject`` in diagnostic mode."""
        if not self.diagnostic:
            return None
        start = self.instance.start
        first = min(subject.dates) if subject.dates else start
        offset = max((first - start).days, 0)
        week = offset // 7
        bucket = offset if self.granularity == "day" else week
        key = (subject.rule_id, subject.employee_id, bucket)
        g = self.guards.get(key)
        if g is None:
            lit = self.model.new_bool_var(f"guard|{key[0]}|{key[1]}|{bucket}")
            g = Guard(lit, subject.rule_id, subject.employee_id, week)
            if self.granularity == "day":
                g.day = offset
            self.guards[key] = g
        g.dates.update(subject.dates)
        return g.literal


def _simplify_or(lits: Iterable[Lit]) -> list[Lit] | None:
    """Drop False constants; return None when a True constant makes it hold."""
    lits = lits if isinstance(lits, list | tuple) else list(lits)
    # One comprehension in the common case (no constants): clauses can be
    # long (``protected.lone_worker`` lists every colleague).
    out = [x for x in lits if x is not False and x is not True]
    if len(out) != len(lits) and any(x is True for x in lits):
        return None
    return out


def negate(lit: Lit) -> Lit:
    """Negation that also works on Python booleans."""
    if isinstance(lit, bool):
        return not lit
    return ~lit


class RuleContext:
    """What one configured rule sees while it builds."""

    def __init__(self, built: BuiltModel, spec: RuleSpec, cfg: RuleConfig) -> None:
        self.built = built
        self.spec = spec
        self.cfg = cfg
        self.model = built.model
        self.vars: AssignmentVars = built.vars
        self.calendar: Calendar = built.calendar
        self.instance: PlanningInstance = built.instance
        self._hard = cfg.mode is Mode.HARD

    @property
    def employees(self) -> tuple[Employee, ...]:
        """The staff of the instance."""
        return self.instance.employees

    @property
    def hard(self) -> bool:
        """True when this rule is enforced as hard."""
        return self._hard

    # -- the vocabulary -------------------------------------------------------

    def require_any(
        self,
        lits: Sequence[Lit],
        *,
        employee: str | None = None,
        dates: Sequence[dt.date] = (),
        scale: int = 1,
    ) -> None:
        """At least one of ``lits`` must be true.

        ``scale`` multiplies the amount of a soft violation (e.g. a wish's
        priority or a benchmark cover weight).
        """
        clause = _simplify_or(lits)
        if clause is not None:
            self._post_clause(clause, employee, dates, scale)

    def forbid(
        self,
        lits: Sequence[Lit],
        *,
        employee: str | None = None,
        dates: Sequence[dt.date] = (),
        scale: int = 1,
    ) -> None:
        """Not all of ``lits`` may be true at once."""
        clause: list[Lit] = []
        for x in lits:
            if x is False:
                return  # not all true: holds already
            if x is not True:
                clause.append(~x)
        self._post_clause(clause, employee, dates, scale)

    def at_most(
        self,
        terms: Sequence[Term],
        limit: int,
        *,
        employee: str | None = None,
        dates: Sequence[dt.date] = (),
        scale: int = 1,
    ) -> None:
        """``sum(coef * lit) <= limit``; soft: penalty per unit of excess."""
        # One pass: fold constants, collect the live terms and their range.
        const = hi = lo = 0
        lits: list[Lit] = []
        coefs: list[int] = []
        for c, lit in terms:
            if lit is True:
                const += c
            elif lit is not False:
                lits.append(lit)
                coefs.append(c)
                if c > 0:
                    hi += c
                else:
                    lo += c
        rest = limit - const
        if hi <= rest:
            return
        subject = Subject(self.spec.id, employee, tuple(dates))
        expr = cp_model.LinearExpr.weighted_sum(lits, coefs) if lits else 0
        if self._hard:
            if lo > rest and self.built.guard_for(subject) is None:
                self.built.trivially_infeasible.append(subject)
            ct = self.model.add(expr <= rest)
            guard = self.built.guard_for(subject)
            if guard is not None:
                ct.only_enforce_if(guard)
            return
        excess = self._violation_int(subject, hi - rest, scale)
        self.model.add(expr - excess <= rest)

    def at_least(
        self,
        terms: Sequence[Term],
        limit: int,
        *,
        employee: str | None = None,
        dates: Sequence[dt.date] = (),
        scale: int = 1,
    ) -> None:
        """``sum(coef * lit) >= limit``; soft: penalty per unit of shortfall."""
        self.at_most(
            [(-c, lit) for c, lit in terms],
            -limit,
            employee=employee,
            dates=dates,
            scale=scale,
        )

    def penalize(
        self,
        terms: Sequence[Term],
        *,
        employee: str | None = None,
        dates: Sequence[dt.date] = (),
    ) -> None:
        """Objective-only cost ``sum(coef * lit)`` (for soft-only rules)."""
        if self.hard:
            raise ValueError(f"{self.spec.id}: penalize() is not allowed in hard mode")
        subject = Subject(self.spec.id, employee, tuple(dates))
        const, live = self._split(terms)
        if const:
            self.built.penalties.append(Penalty(subject, const, self.cfg.weight))
        for c, lit in live:
            if c < 0:
                raise ValueError("penalize() takes non-negative coefficients")
            if c == 0:
                continue
            var = self.model.new_int_var(0, c, f"pen|{self.spec.id}|{employee}")
            self.model.add(var == c * lit)
            self.built.penalties.append(Penalty(subject, var, self.cfg.weight))

    def fix(
        self,
        lit: Lit,
        value: bool,
        *,
        employee: str | None = None,
        dates: Sequence[dt.date] = (),
        scale: int = 1,
    ) -> None:
        """Force ``lit`` to ``value`` (pins, absences)."""
        self.require_any(
            [lit if value else negate(lit)], employee=employee, dates=dates, scale=scale
        )

    # -- helpers ---------------------------------------------------------------

    def _post_clause(
        self,
        clause: list[Lit],
        employee: str | None,
        dates: Sequence[dt.date],
        scale: int,
    ) -> None:
        """Post the OR of ``clause`` (constants already folded away)."""
        if self._hard and clause and not self.built.diagnostic:
            self.model.add_bool_or(clause)  # no guard, no subject to record
            return
        subject = Subject(self.spec.id, employee, tuple(dates))
        if self._hard:
            guard = self.built.guard_for(subject)
            if not clause and guard is None:
                self.built.trivially_infeasible.append(subject)
            ct = self.model.add_bool_or(clause)
            if guard is not None:
                ct.only_enforce_if(guard)
            return
        clause.append(self._violation_bool(subject, scale))
        self.model.add_bool_or(clause)

    @staticmethod
    def _split(terms: Sequence[Term]) -> tuple[int, list[Term]]:
        const = 0
        live: list[Term] = []
        for c, lit in terms:
            if lit is True:
                const += c
            elif lit is False:
                continue
            else:
                live.append((c, lit))
        return const, live

    def _violation_bool(self, subject: Subject, scale: int = 1) -> cp_model.IntVar:
        v = self.model.new_bool_var(self._name(subject))
        self.built.penalties.append(
            Penalty(subject, v, self.cfg.weight * scale, scale)
        )
        return v

    def _violation_int(
        self, subject: Subject, ub: int, scale: int = 1
    ) -> cp_model.IntVar:
        v = self.model.new_int_var(0, max(ub, 0), self._name(subject))
        self.built.penalties.append(
            Penalty(subject, v, self.cfg.weight * scale, scale)
        )
        return v

    def _name(self, subject: Subject) -> str:
        # The date part repeats across employees: memoise it per dates tuple.
        names = self.built.cache.setdefault(("context.day_names",), {})
        days = names.get(subject.dates)
        if days is None:
            days = names[subject.dates] = ",".join(
                [d.isoformat() for d in subject.dates]
            )
        return f"{subject.rule_id}|{subject.employee_id}|{days}"
