"""Rule metadata, the ``@rule`` decorator, and rule-set value types.

A rule is one function ``build(ctx, params)`` written against
:class:`~workbench.scheduling.context.RuleContext`, plus a solver-free
checker ``check(view, params) -> Iterable[Finding]`` attached with
``@my_rule.checker``. The rule never decides hard versus soft: the rule set
does (:class:`RuleConfig`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from workbench.scheduling.checks import RosterView
    from workbench.scheduling.context import RuleContext


class Mode(StrEnum):
    """How a rule set enforces a rule."""

    HARD = "hard"
    SOFT = "soft"


class SourceType(StrEnum):
    """Where a rule comes from."""

    LAW = "LAW"
    AGR = "AGR"
    REC = "REC"
    LOCAL = "LOCAL"


class RuleParams(BaseModel):
    """Base for a rule's parameters: strict, immutable."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class NoParams(RuleParams):
    """For rules without parameters."""


@dataclass(frozen=True)
class Finding:
    """What a checker reports: one breach of one rule.

    ``amount`` is in the rule's own unit (hours short, nights over, 1 for a
    yes/no breach) and equals the model's violation variable for the same
    subject, so penalty = weight x amount on both sides.
    """

    employee_id: str | None
    dates: tuple[dt.date, ...]
    amount: int
    message: str


@dataclass(frozen=True)
class RuleSpec:
    """A rule's metadata."""

    id: str
    title_da: str
    title_en: str
    citation: str
    source: SourceType
    modes: tuple[Mode, ...]
    default_mode: Mode
    default_weight: int
    params: type[RuleParams]
    why_da: str = ""
    unit_da: str = "brud"


@dataclass(frozen=True)
class Rule:
    """A rule: metadata, model side and solver-free checker."""

    spec: RuleSpec
    build: Callable[[RuleContext, Any], None]
    check: Callable[[RosterView, Any], Iterable[Finding]] | None = None

    @property
    def id(self) -> str:
        """The rule id."""
        return self.spec.id

    def checker(
        self, fn: Callable[[RosterView, Any], Iterable[Finding]]
    ) -> Rule:
        """Attach the solver-free checker (used as a decorator)."""
        object.__setattr__(self, "check", fn)
        return self

    def __call__(self, ctx: RuleContext, params: Any) -> None:
        """Build the rule's model side."""
        self.build(ctx, params)


def rule(
    *,
    id: str,
    title_da: str,
    title_en: str,
    citation: str,
    source: SourceType,
    modes: tuple[Mode, ...] = (Mode.HARD, Mode.SOFT),
    default_mode: Mode | None = None,
    default_weight: int = 100,
    params: type[RuleParams] = NoParams,
    why_da: str = "",
    unit_da: str = "brud",
) -> Callable[[Callable[[RuleContext, Any], None]], Rule]:
    """Declare a rule; returns a :class:`Rule` wrapping the build function."""

    def wrap(fn: Callable[[RuleContext, Any], None]) -> Rule:
        spec = RuleSpec(
            id=id,
            title_da=title_da,
            title_en=title_en,
            citation=citation,
            source=source,
            modes=modes,
            default_mode=default_mode or modes[0],
            default_weight=default_weight,
            params=params,
            why_da=why_da or (fn.__doc__ or "").strip().split("\n")[0],
            unit_da=unit_da,
        )
        return Rule(spec, fn)

    return wrap


class Registry(Mapping[str, Rule]):
    """Immutable id -> rule mapping; duplicate ids are an error."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._rules: dict[str, Rule] = {}
        for r in rules:
            if r.id in self._rules:
                raise ValueError(f"duplicate rule id {r.id!r}")
            self._rules[r.id] = r

    def __getitem__(self, key: str) -> Rule:
        return self._rules[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)


@dataclass(frozen=True)
class RuleConfig:
    """One rule as a rule set configures it."""

    id: str
    mode: Mode
    weight: int
    params: RuleParams
    enabled: bool = True
    source_note: str = ""


@dataclass(frozen=True)
class RuleSet:
    """An ordered, immutable selection of configured rules."""

    name: str
    entries: tuple[RuleConfig, ...]
    description: str = ""
    files: tuple[str, ...] = field(default=())
    traffic_light: dict | None = field(default=None, hash=False)
    """Optional traffic-light thresholds by metric (``traffic_light:`` in the
    file; read by :meth:`workbench.reporting.TrafficLightConfig.from_ruleset`).
    Reporting only: not part of :attr:`hash`."""

    @property
    def active(self) -> tuple[RuleConfig, ...]:
        """The enabled entries."""
        return tuple(e for e in self.entries if e.enabled)

    def get(self, rule_id: str) -> RuleConfig | None:
        """The entry for ``rule_id`` or None."""
        for e in self.entries:
            if e.id == rule_id:
                return e
        return None

    def replace(self, cfg: RuleConfig) -> RuleSet:
        """Return a copy with ``cfg`` replacing (or appended as) its id."""
        out = [cfg if e.id == cfg.id else e for e in self.entries]
        if all(e.id != cfg.id for e in self.entries):
            out.append(cfg)
        return RuleSet(
            self.name, tuple(out), self.description, self.files, self.traffic_light
        )

    @property
    def hash(self) -> str:
        """A short content hash stamped on rosters."""
        data = [
            [e.id, e.mode.value, e.weight, e.params.model_dump(mode="json"), e.enabled]
            for e in self.entries
        ]
        blob = json.dumps(data, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:12]


def default_config(r: Rule, mode: Mode | None = None, **params: Any) -> RuleConfig:
    """A config with the rule's defaults (handy in tests)."""
    m = mode or r.spec.default_mode
    return RuleConfig(
        r.id,
        m,
        r.spec.default_weight if m is Mode.SOFT else 0,
        r.spec.params(**params),
    )
