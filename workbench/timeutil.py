"""Real elapsed time: shift instances, DST, windows and free segments.

All arithmetic is done in UTC (Python subtracts two aware datetimes of the
same zone *without* looking at the offset, which would make a night shift on
the last Sunday of October one hour too short). The model side uses integer
minutes since the plan's first local midnight; both are computed here so that
the model and the solver-free checkers see the very same instants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

from workbench.domain import (
    Assignment,
    PlanningInstance,
    ShiftKind,
    ShiftTemplate,
)

UTC = dt.UTC


def local_instant(day: dt.date, clock: dt.time, tz: ZoneInfo) -> dt.datetime:
    """Return the aware instant at local ``clock`` on ``day``.

    A non-existent local time (the hour skipped in spring) is moved forward
    and an ambiguous one (the repeated hour in autumn) takes its first
    occurrence, as a wall clock on the wall would.
    """
    naive = dt.datetime.combine(day, clock)
    aware = naive.replace(tzinfo=tz, fold=0)
    # Round-trip through UTC normalises a non-existent time.
    return aware.astimezone(UTC).astimezone(tz)


def shift_interval(
    day: dt.date, template: ShiftTemplate, tz: ZoneInfo
) -> tuple[dt.datetime, dt.datetime]:
    """Return the (start, end) UTC instants of ``template`` starting on ``day``."""
    start = local_instant(day, template.start, tz)
    end_day = day + dt.timedelta(days=1) if template.crosses_midnight else day
    end = local_instant(end_day, template.end, tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def midnight(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """Return local midnight at the start of ``day`` as a UTC instant."""
    return local_instant(day, dt.time(0, 0), tz).astimezone(UTC)


def overlap(
    a: tuple[dt.datetime, dt.datetime], b: tuple[dt.datetime, dt.datetime]
) -> dt.timedelta:
    """Return how long two half-open intervals overlap."""
    lo = max(a[0], b[0])
    hi = min(a[1], b[1])
    return max(hi - lo, dt.timedelta(0))


def free_segments(
    busy: Iterable[tuple[dt.datetime, dt.datetime]],
    window: tuple[dt.datetime, dt.datetime],
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Return the maximal free segments of ``window`` not covered by ``busy``."""
    lo, hi = window
    cuts = sorted((max(s, lo), min(e, hi)) for s, e in busy if e > lo and s < hi)
    out: list[tuple[dt.datetime, dt.datetime]] = []
    cursor = lo
    for s, e in cuts:
        if s > cursor:
            out.append((cursor, s))
        cursor = max(cursor, e)
    if cursor < hi:
        out.append((cursor, hi))
    return out


def longest_free(
    busy: Iterable[tuple[dt.datetime, dt.datetime]],
    window: tuple[dt.datetime, dt.datetime],
) -> dt.timedelta:
    """Return the longest free stretch inside ``window``."""
    segs = free_segments(busy, window)
    return max((e - s for s, e in segs), default=dt.timedelta(0))


@dataclass(frozen=True)
class Slot:
    """One shift template on one date of the plan (or of the history).

    ``start_min``/``end_min`` are minutes since the plan's first local
    midnight in real elapsed time; ``start``/``end`` are UTC instants.
    """

    index: int
    day: dt.date
    template: ShiftTemplate
    start: dt.datetime
    end: dt.datetime
    start_min: int
    end_min: int

    @property
    def shift_id(self) -> str:
        """The template id."""
        return self.template.id

    @property
    def kind(self) -> ShiftKind:
        """The template kind."""
        return self.template.kind

    @property
    def minutes(self) -> int:
        """Real duration in minutes (DST-aware)."""
        return self.end_min - self.start_min

    @property
    def interval(self) -> tuple[dt.datetime, dt.datetime]:
        """(start, end) as UTC instants."""
        return (self.start, self.end)


@dataclass(frozen=True)
class Work:
    """A worked shift of one employee, from the plan or the history."""

    employee_id: str
    day: dt.date
    template: ShiftTemplate
    start: dt.datetime
    end: dt.datetime
    history: bool = False

    @property
    def kind(self) -> ShiftKind:
        """The template kind."""
        return self.template.kind

    @property
    def shift_id(self) -> str:
        """The template id."""
        return self.template.id

    @property
    def interval(self) -> tuple[dt.datetime, dt.datetime]:
        """(start, end) as UTC instants."""
        return (self.start, self.end)

    @property
    def duration(self) -> dt.timedelta:
        """Real elapsed duration."""
        return self.end - self.start


@dataclass
class Calendar:
    """The plan's days and every (day, template) slot, with history days."""

    instance: PlanningInstance
    tz: ZoneInfo = field(init=False)
    origin: dt.datetime = field(init=False)

    def __post_init__(self) -> None:
        self.tz = ZoneInfo(self.instance.unit.timezone)
        self.origin = midnight(self.instance.start, self.tz)

    def minutes(self, instant: dt.datetime) -> int:
        """Minutes from the plan origin to ``instant`` (real elapsed time)."""
        return int((instant - self.origin).total_seconds() // 60)

    def instant(self, minutes: int) -> dt.datetime:
        """The UTC instant ``minutes`` after the plan origin."""
        return self.origin + dt.timedelta(minutes=minutes)

    @cached_property
    def days(self) -> list[dt.date]:
        """The plan's days."""
        return self.instance.days

    @cached_property
    def day_index(self) -> dict[dt.date, int]:
        """Day -> position in the plan."""
        return {d: i for i, d in enumerate(self.days)}

    def midnight_min(self, day: dt.date) -> int:
        """Minutes from the origin to local midnight starting ``day``."""
        return self.minutes(midnight(day, self.tz))

    @cached_property
    def slots(self) -> list[Slot]:
        """Every template on every plan day, ordered by start."""
        out: list[Slot] = []
        for day in self.days:
            for t in self.instance.unit.shifts:
                s, e = shift_interval(day, t, self.tz)
                out.append(
                    Slot(len(out), day, t, s, e, self.minutes(s), self.minutes(e))
                )
        return out

    @cached_property
    def slots_by_day(self) -> dict[dt.date, list[Slot]]:
        """Day -> the slots starting that day."""
        out: dict[dt.date, list[Slot]] = {d: [] for d in self.days}
        for s in self.slots:
            out[s.day].append(s)
        return out

    @cached_property
    def slot_by_key(self) -> dict[tuple[dt.date, str], Slot]:
        """(day, shift id) -> slot."""
        return {(s.day, s.shift_id): s for s in self.slots}

    def history_work(self, employee_id: str) -> list[Work]:
        """The employee's history assignments as Work items (a fresh list)."""
        return list(self._history_by_employee.get(employee_id, ()))

    @cached_property
    def _history_by_employee(self) -> dict[str, list[Work]]:
        """Employee id -> history Work items, in the instance's order (built
        once: rules ask per employee, and a scan per call is quadratic)."""
        out: dict[str, list[Work]] = {}
        for a in self.instance.history:
            out.setdefault(a.employee_id, []).append(self.work_of(a, history=True))
        return out

    @cached_property
    def history_start(self) -> dt.date:
        """First day covered by history (the plan start when there is none)."""
        days = [a.date for a in self.instance.history]
        return min([*days, self.instance.start])

    def work_of(self, a: Assignment, history: bool = False) -> Work:
        """Turn an assignment into a Work item with real instants."""
        t = self.instance.unit.shift(a.shift_id)
        s, e = shift_interval(a.date, t, self.tz)
        return Work(a.employee_id, a.date, t, s, e, history)

    def weeks(self) -> list[list[dt.date]]:
        """The plan's days grouped in consecutive 7-day blocks from the start."""
        d = self.days
        return [d[i : i + 7] for i in range(0, len(d), 7)]


def is_weekend(day: dt.date) -> bool:
    """Saturday or Sunday."""
    return day.isoweekday() >= 6


def night_minutes(
    interval: tuple[dt.datetime, dt.datetime],
    tz: ZoneInfo,
    window: tuple[dt.time, dt.time] = (dt.time(22), dt.time(5)),
) -> int:
    """Minutes of ``interval`` inside the (local) night window on any day."""
    start, end = interval
    first = start.astimezone(tz).date() - dt.timedelta(days=1)
    last = end.astimezone(tz).date()
    total = dt.timedelta(0)
    day = first
    while day <= last:
        ws = local_instant(day, window[0], tz).astimezone(UTC)
        end_day = day + dt.timedelta(days=1) if window[1] <= window[0] else day
        we = local_instant(end_day, window[1], tz).astimezone(UTC)
        total += overlap(interval, (ws, we))
        day += dt.timedelta(days=1)
    return int(total.total_seconds() // 60)


def sorted_work(items: Sequence[Work]) -> list[Work]:
    """Return ``items`` ordered by start."""
    return sorted(items, key=lambda w: (w.start, w.end))
