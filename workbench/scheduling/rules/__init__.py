"""The rule catalogue: the table of contents of every rule the engine knows.

Each module holds a group of rules; each rule carries its model side, its
solver-free checker and its metadata. Keep this list grouped and commented.
"""

from __future__ import annotations

from workbench.scheduling.registry import Registry, Rule
from workbench.scheduling.rules import agreement
from workbench.scheduling.rules import coverage
from workbench.scheduling.rules import general
from workbench.scheduling.rules import law
from workbench.scheduling.rules import local
from workbench.scheduling.rules import protected
from workbench.scheduling.rules import recommendations
from workbench.scheduling.rules import rest

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
    # General rules (also used by the Curtois benchmark)
    general.forbidden_successions,
    general.max_shifts_per_type,
    general.total_minutes,
    general.max_consecutive_days,
    general.min_consecutive_days,
    general.min_consecutive_days_off,
    general.max_weekends,
    general.shift_on_requests,
    general.shift_off_requests,
    general.cover_target,
    # Working-time law
    rest.daily_rest,
    rest.weekly_fridoegn,
    law.max_48_average,
    law.worker_average_8h,
    law.no_lone_work,
    law.young_no_nights,
    # Agreement (KL døgnområdet)
    agreement.norm_hours,
    agreement.norm_hours_band,
    agreement.two_fridoegn_per_week,
    agreement.plan_length,
    agreement.plan_lead_time,
    agreement.change_notice,
    # Special groups
    protected.pregnant_nights,
    protected.senior,
    protected.reduced_capacity,
    protected.reduced_capacity_pattern,
    protected.lone_worker,
    protected.lone_worker_contact,
    protected.night_health_check,
    # The 14 recommendations and NFA 2020
    recommendations.night_share,
    recommendations.max_consecutive_nights,
    recommendations.min_consecutive_nights,
    recommendations.quick_returns,
    recommendations.free_weekends,
    recommendations.most_free_weekends,
    recommendations.max_length,
    recommendations.night_max_length,
    recommendations.forward_rotation,
    recommendations.earliest_start,
    recommendations.preferred_start,
    recommendations.regular_pattern,
    recommendations.wishes_granted,
    recommendations.wishes_fair,
    recommendations.few_deviations,
    # Lokal-MED principles
    local.max_weekends_worked,
    local.max_evenings,
    local.free_evening,
    local.fair_share,
)

REGISTRY = Registry(ALL_RULES)
