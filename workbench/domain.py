"""Domain model: the unit, its staff, their absences and wishes, and rosters.

Everything here is validated, immutable data (pydantic v2, ``extra="forbid"``).
Loading from files lives in :mod:`workbench.io`; time arithmetic in
:mod:`workbench.timeutil`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

EmployeeId = str
ShiftId = str


class Frozen(BaseModel):
    """Base for immutable, strictly validated domain objects."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ShiftKind(StrEnum):
    """What kind of duty a shift template is.

    ``sleep_in`` (sovevagt på arbejdsstedet) is working time for every rule
    since 1 July 2024 (BEK 324 as amended); there is deliberately no switch to
    count it as rest. ``oncall_home`` (rådighedsvagt fra hjemmet) is rest for
    the daily rest unless the rule set says otherwise, and never counts towards
    the weekly fridøgn.
    """

    DAY = "day"
    EVENING = "evening"
    NIGHT = "night"
    SLEEP_IN = "sleep_in"
    ONCALL_HOME = "oncall_home"


class Weekday(StrEnum):
    """ISO weekdays by their English three-letter name."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def iso(self) -> int:
        """ISO weekday number, Monday = 1."""
        return list(Weekday).index(self) + 1


class ShiftTemplate(Frozen):
    """A shift as the unit defines it (vagttype)."""

    id: ShiftId = Field(description="Short code, e.g. 'D', 'A', 'N', 'S'.")
    label: str = Field(description="Danish label shown to planners.")
    start: dt.time = Field(description="Local clock time the shift starts.")
    end: dt.time = Field(
        description="Local clock time it ends; an end at or before the start "
        "means the shift crosses midnight."
    )
    kind: ShiftKind
    paid_fraction: float = Field(
        1.0,
        ge=0,
        le=1,
        description="Share of the hours that counts towards norm hours "
        "(e.g. a sleep-in paid at a fraction). Rest rules always use the full "
        "duration for sleep-ins.",
    )

    @property
    def crosses_midnight(self) -> bool:
        """True when the shift ends on the next calendar day."""
        return self.end <= self.start


class Demand(Frozen):
    """Staffing demand for one shift template on some weekdays."""

    shift: ShiftId
    weekdays: tuple[Weekday, ...] = Field(default=tuple(Weekday))
    min: int = Field(ge=0, description="Minimum number of staff (hard).")
    ideal: int = Field(ge=0, description="Ideal number of staff (soft).")

    @model_validator(mode="after")
    def _ideal_not_below_min(self) -> Demand:
        if self.ideal < self.min:
            raise ValueError(
                f"ideal ({self.ideal}) må ikke være mindre end min ({self.min})"
            )
        return self


class QualificationDemand(Frozen):
    """At least ``min`` staff with ``qualification`` on the given shifts."""

    qualification: str
    min: int = Field(1, ge=1)
    shifts: tuple[ShiftId, ...] = Field(
        default=(), description="Shift ids; empty means every shift."
    )
    weekdays: tuple[Weekday, ...] = Field(default=tuple(Weekday))


class LoneWork(Frozen):
    """Where the unit's risk assessment (APV) forbids anyone being alone."""

    no_lone_shifts: tuple[ShiftId, ...] = Field(
        default=(), description="Shift ids in which nobody may be alone on duty."
    )
    no_lone_hours: tuple[tuple[dt.time, dt.time], ...] = Field(
        default=(),
        description="Clock-time windows (start, end) in which nobody may be "
        "alone on duty; an end at or before the start crosses midnight.",
    )


class StaffMeeting(Frozen):
    """A recurring staff meeting (personalemøde)."""

    weekday: Weekday
    start: dt.time
    end: dt.time
    every_weeks: int = Field(1, ge=1)


class Period(Frozen):
    """The default planning period of the unit."""

    start: dt.date
    weeks: int = Field(ge=1, le=52)
    published_on: dt.date | None = Field(
        None, description="When the plan for this period was handed out."
    )
    changed_on: dt.date | None = Field(
        None, description="When the published plan is being changed (omlægning)."
    )


class Unit(Frozen):
    """A unit (bosted / afdeling) and its shift design."""

    name: str
    timezone: str = "Europe/Copenhagen"
    period: Period
    shifts: tuple[ShiftTemplate, ...]
    demand: tuple[Demand, ...] = ()
    qualification_demand: tuple[QualificationDemand, ...] = ()
    lone_work: LoneWork = LoneWork()
    staff_meetings: tuple[StaffMeeting, ...] = ()

    def demand_for(self, shift_id: ShiftId, day: dt.date) -> Demand | None:
        """The demand row for ``shift_id`` on ``day``'s weekday, if any."""
        wd = list(Weekday)[day.isoweekday() - 1]
        found = None
        for d in self.demand:
            if d.shift == shift_id and wd in d.weekdays:
                found = d
        return found

    def shift(self, shift_id: ShiftId) -> ShiftTemplate:
        """Return the template with ``shift_id`` (KeyError if unknown)."""
        for s in self.shifts:
            if s.id == shift_id:
                return s
        raise KeyError(shift_id)


class Employee(Frozen):
    """One member of staff with the facts that rules need."""

    id: EmployeeId
    name: str
    weekly_hours: float = Field(ge=0, le=48, description="Contract hours/week.")
    qualifications: frozenset[str] = frozenset()
    birth_date: dt.date | None = None
    pregnant_from: dt.date | None = None
    pregnant_to: dt.date | None = None
    lone_work_cleared: bool = False
    fixed_night: bool = False
    night_exempt: bool = False
    senior_shift: ShiftKind | None = None
    senior_no_nights: bool = False
    max_shift_hours: float | None = Field(None, gt=0, le=24)
    max_weekly_hours: float | None = Field(None, gt=0, le=48)
    fixed_days_off: frozenset[Weekday] = frozenset()
    fixed_free_evening: Weekday | None = None
    # Optional per-employee limits for the general rules (workbench.scheduling.
    # rules.general); None means the rule does not apply to this employee.
    max_shifts_per_type: tuple[tuple[ShiftId, int], ...] | None = Field(
        None,
        description="(shift id, max count) pairs over the plan; a listed 0 "
        "means the employee may never work that shift (a skill). Unlisted "
        "shifts are unlimited.",
    )
    max_total_minutes: int | None = Field(
        None, ge=0, description="Most worked minutes over the plan."
    )
    min_total_minutes: int | None = Field(
        None, ge=0, description="Fewest worked minutes over the plan."
    )
    max_consecutive_days: int | None = Field(
        None, ge=1, description="Most working days in a row."
    )
    min_consecutive_days: int | None = Field(
        None, ge=1, description="Fewest working days in a row."
    )
    min_consecutive_days_off: int | None = Field(
        None, ge=1, description="Fewest days off in a row."
    )
    max_weekends: int | None = Field(
        None, ge=0, description="Most worked weekends (Sat or Sun) in the plan."
    )

    def max_shifts_of(self, shift_id: ShiftId) -> int | None:
        """The cap on ``shift_id`` from ``max_shifts_per_type`` (None = no cap)."""
        for sid, cap in self.max_shifts_per_type or ():
            if sid == shift_id:
                return cap
        return None

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on ``day`` (None when the birth date is unknown)."""
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def pregnant_on(self, day: dt.date) -> bool:
        """True when ``day`` lies inside the registered pregnancy period."""
        if self.pregnant_from is None:
            return False
        end = self.pregnant_to or dt.date.max
        return self.pregnant_from <= day <= end


class AbsenceType(StrEnum):
    """Kinds of planned absence."""

    FERIE = "ferie"
    AFSPADSERING = "afspadsering"
    SENIORDAG = "seniordag"
    KURSUS = "kursus"
    SYG = "syg"
    FRI = "fri"


class Absence(Frozen):
    """An absence from ``start`` to ``end`` inclusive (whole days)."""

    employee_id: EmployeeId
    start: dt.date
    end: dt.date
    type: AbsenceType

    def covers(self, day: dt.date) -> bool:
        """True when ``day`` is inside the absence."""
        return self.start <= day <= self.end


class WishKind(StrEnum):
    """What an employee wishes for a date."""

    DAY_OFF = "fri"
    SHIFT = "vagt"
    NOT_SHIFT = "ikke_vagt"


class Wish(Frozen):
    """A wish for one date; ``priority`` 1 (low) to 5 (high)."""

    employee_id: EmployeeId
    date: dt.date
    kind: WishKind
    shift_id: ShiftId | None = None
    priority: int = Field(1, ge=1, le=5)
    weight: int | None = Field(
        None,
        ge=0,
        description="Explicit penalty weight (e.g. a benchmark request weight); "
        "None = use the priority.",
    )

    @property
    def effective_weight(self) -> int:
        """The weight rules multiply by: ``weight`` when set, else ``priority``."""
        return self.priority if self.weight is None else self.weight


class Assignment(Frozen):
    """One employee on one shift template starting on one date."""

    employee_id: EmployeeId
    date: dt.date
    shift_id: ShiftId


class Pin(Frozen):
    """A planner's fixed cell: the shift, or ``None`` for a day off."""

    employee_id: EmployeeId
    date: dt.date
    shift_id: ShiftId | None


class CoverTarget(Frozen):
    """A dated staffing target with asymmetric soft weights.

    Penalty ``under_weight`` per person below ``target`` and ``over_weight``
    per person above it (the Curtois & Qu cover requirement).
    """

    date: dt.date
    shift: ShiftId
    target: int = Field(ge=0)
    under_weight: int = Field(1, ge=0)
    over_weight: int = Field(1, ge=0)


class PlanningInstance(Frozen):
    """Everything the engine needs to plan one period for one unit."""

    unit: Unit
    employees: tuple[Employee, ...]
    start: dt.date
    weeks: int = Field(ge=1, le=52)
    length_days: int | None = Field(
        None, ge=1, description="Days in the plan; defaults to 7 x weeks."
    )
    absences: tuple[Absence, ...] = ()
    wishes: tuple[Wish, ...] = ()
    history: tuple[Assignment, ...] = ()
    pins: tuple[Pin, ...] = ()
    cover: tuple[CoverTarget, ...] = Field(
        default=(),
        description="Optional dated staffing targets (general.cover_target).",
    )
    # The published plan (tjenesteplan) and changes to it; agreement rules
    # (workbench.scheduling.rules.agreement) judge lead time and notice.
    published_on: dt.date | None = Field(
        None,
        description="Date the plan was handed out (udleveret); None = not "
        "published yet, so the lead time is not judged.",
    )
    published: tuple[Assignment, ...] = Field(
        default=(),
        description="The previously published roster for the plan period; "
        "empty = nothing published, so changes are not judged.",
    )
    changed_on: dt.date | None = Field(
        None,
        description="Date the changes to the published roster are made "
        "(varslet); None = no change notice is judged.",
    )

    @property
    def days(self) -> list[dt.date]:
        """The calendar days of the planning period."""
        return [self.start + dt.timedelta(days=i) for i in range(self.n_days)]

    @property
    def n_days(self) -> int:
        """Number of days in the plan."""
        return self.length_days or 7 * self.weeks

    @property
    def end(self) -> dt.date:
        """The last day of the planning period (inclusive)."""
        return self.start + dt.timedelta(days=self.n_days - 1)

    def employee(self, employee_id: EmployeeId) -> Employee:
        """Return the employee with ``employee_id``."""
        for e in self.employees:
            if e.id == employee_id:
                return e
        raise KeyError(employee_id)

    def with_period(self, start: dt.date, weeks: int) -> PlanningInstance:
        """Return a copy planning ``weeks`` weeks from ``start``."""
        return self.model_copy(
            update={"start": start, "weeks": weeks, "length_days": None}
        )
