"""The rule catalogue: the table of contents of every rule the engine knows.

Each module holds a group of rules; each rule carries its model side, its
solver-free checker and its metadata. Keep this list grouped and commented.
"""

from __future__ import annotations

from workbench.scheduling.registry import Registry, Rule
from workbench.scheduling.rules import coverage

ALL_RULES: tuple[Rule, ...] = (
    # Structural (every rule set)
    coverage.min_staff,
    coverage.ideal_staff,
    coverage.max_staff,
    coverage.qualification,
    coverage.one_shift_per_day,
    coverage.no_overlap,
    coverage.absence,
    coverage.fixed_days_off,
    coverage.pinned,
)

REGISTRY = Registry(ALL_RULES)
