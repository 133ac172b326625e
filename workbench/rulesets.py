"""Rule-set files: ``constraints/*.yaml`` <-> :class:`RuleSet`.

A rule-set file only *selects and parameterises* rules from the registry; it
holds no logic. The file schema (see ``constraints/README.md``)::

    name: law_dk
    description: ...
    extends: base.yaml            # optional; path(s) relative to this file
    rules:                        # rule id -> settings, merged by id over the parents
      rest.daily:
        mode: hard                # hard | soft (must be one of the rule's modes)
        params: {min_hours: 11}   # merged key-wise over the parent's params
        source: "..."             # optional note shown in reports
      coverage.ideal_staff:
        mode: soft
        weight: 20                # integer >= 1, soft mode only
      some.rule:
        enabled: false            # switch a parent's rule off
    traffic_light:                # optional: thresholds of the ergonomic light
      max_nights_in_row: {yellow: 3, red: 4, source: "..."}   # merged per metric

Validation is strict: every problem raises :class:`RuleSetError` with a Danish
message naming the file, the rule id and what is wrong. The value types live
in :mod:`workbench.scheduling.registry` so that the scheduling core never
reads files.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from workbench.errors import RuleSetError
from workbench.scheduling.registry import (
    Mode,
    Registry,
    RuleConfig,
    RuleParams,
    RuleSet,
    RuleSpec,
)

TOP_KEYS = ("name", "description", "extends", "rules", "traffic_light")
TRAFFIC_KEYS = ("yellow", "red", "source", "label")
ENTRY_KEYS = ("mode", "weight", "params", "source", "enabled")

CONSTRAINTS_DIR = Path(__file__).resolve().parent.parent / "constraints"
"""The shipped rule sets (``constraints/`` next to the package directory)."""

DEFAULT_RULESET = CONSTRAINTS_DIR / "law_dk.yaml"
"""The rule set used when none is given."""


def _registry(registry: Registry | None) -> Registry:
    if registry is not None:
        return registry
    from workbench.scheduling.rules import REGISTRY

    return REGISTRY


def show_path(path: str | os.PathLike[str]) -> str:
    """A path as users see it: relative to the working directory when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


# -- YAML ------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys (a silent overwrite otherwise)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"nøglen '{key}' står to gange",
                key_node.start_mark,
            )
        out[key] = loader.construct_object(value_node, deep=True)
    return out


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)

# YAML 1.1 reads 21:00 as the base-60 integer 1260 (which pydantic would then
# take as 00:21:00). Rule sets hold clock times, so numbers with colons stay
# strings: drop the sexagesimal forms from the int and float resolvers.
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in rules if tag not in (_INT, _FLOAT)]
    for first, rules in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    _INT,
    re.compile(
        r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)"
        r"|[-+]?0x[0-9a-fA-F_]+)$"
    ),
    list("-+0123456789"),
)
_StrictLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
        r"|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _read_yaml(path: Path, shown: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RuleSetError(f"filen er ikke gyldig UTF-8 ({exc}).", file=shown) from None
    except OSError as exc:
        raise RuleSetError(
            f"filen kan ikke læses ({exc.strerror}).", file=shown
        ) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" i linje {mark.line + 1}, kolonne {mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or "ukendt fejl"
        raise RuleSetError(f"YAML-syntaksfejl{where}: {what}.", file=shown) from None
    except yaml.YAMLError as exc:
        raise RuleSetError(f"YAML-syntaksfejl: {exc}.", file=shown) from None


# -- pydantic errors in Danish ---------------------------------------------------------


def _loc(err: Mapping[str, Any]) -> str:
    return ".".join(str(x) for x in err.get("loc", ())) or "?"


def _param_problem(err: Mapping[str, Any], allowed: Sequence[str]) -> str:
    """One pydantic error as a Danish phrase naming the parameter."""
    name = _loc(err)
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    got = err.get("input")
    shown = f" (fik {got!r})" if not isinstance(got, dict) else ""
    if kind == "extra_forbidden":
        hint = _suggest(str(name).split(".")[0], allowed)
        known = ", ".join(allowed) or "ingen"
        return f"ukendt parameter '{name}'{hint} (kendte parametre: {known})"
    if kind == "missing":
        return f"parameteren '{name}' mangler"
    simple = {
        "int_type": "skal være et heltal",
        "int_parsing": "skal være et heltal",
        "int_from_float": "skal være et heltal",
        "float_type": "skal være et tal",
        "float_parsing": "skal være et tal",
        "bool_type": "skal være true eller false",
        "bool_parsing": "skal være true eller false",
        "string_type": "skal være en tekst",
        "time_type": "skal være et klokkeslæt (TT:MM)",
        "time_parsing": "skal være et klokkeslæt (TT:MM)",
        "date_type": "skal være en dato (ÅÅÅÅ-MM-DD)",
        "date_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
        "date_from_datetime_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
        "list_type": "skal være en liste",
        "tuple_type": "skal være en liste",
        "set_type": "skal være en liste",
        "frozen_set_type": "skal være en liste",
        "dict_type": "skal være en tabel (nøgle: værdi)",
    }
    if kind in simple:
        return f"parameteren '{name}' {simple[kind]}{shown}"
    bounds = {
        "greater_than_equal": ("skal være mindst", "ge"),
        "greater_than": ("skal være større end", "gt"),
        "less_than_equal": ("må højst være", "le"),
        "less_than": ("skal være mindre end", "lt"),
        "multiple_of": ("skal gå op i", "multiple_of"),
    }
    if kind in bounds:
        text, key = bounds[kind]
        return f"parameteren '{name}' {text} {ctx.get(key)}{shown}"
    if kind in ("literal_error", "enum"):
        return f"parameteren '{name}' skal være en af {ctx.get('expected')}{shown}"
    if kind in ("too_short", "too_long"):
        return f"parameteren '{name}' har et forkert antal elementer{shown}"
    if kind == "value_error":
        msg = str(ctx.get("error") or err.get("msg", ""))
        return f"parameteren '{name}' er ugyldig: {msg}"
    return f"parameteren '{name}' er ugyldig: {err.get('msg', '')}{shown}"


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.5)
    if not close:
        return ""
    return " – mente du " + " eller ".join(f"'{c}'" for c in close) + "?"


def _params_of(spec: RuleSpec) -> list[str]:
    return list(spec.params.model_fields)


@dataclass(frozen=True)
class Where:
    """Where a problem is: the file as shown to the user and the rule id."""

    file: str
    rule: str | None = None

    def error(self, message: str, field: str | None = None) -> RuleSetError:
        """A :class:`RuleSetError` at this place."""
        return RuleSetError(message, file=self.file, rule=self.rule, field=field)


def validate_params(
    spec: RuleSpec, values: Mapping[str, Any], where: Where
) -> RuleParams:
    """Validate ``values`` against the rule's params model.

    Args:
        spec: The rule's metadata.
        values: Raw parameter values.
        where: File and rule id for error messages.

    Raises:
        RuleSetError: One message listing every problem, in Danish.
    """
    try:
        return spec.params(**dict(values))
    except ValidationError as exc:
        allowed = _params_of(spec)
        errs = exc.errors()
        problems = [_param_problem(e, allowed) for e in errs]
        field = f"params.{_loc(errs[0])}" if len(errs) == 1 else "params"
        raise where.error("; ".join(problems) + ".", field) from None
    except TypeError as exc:  # e.g. non-string keys
        raise where.error(f"ugyldige parametre ({exc}).", "params") from None


# -- loading -----------------------------------------------------------------------


class _Layer:
    """The merged raw entries of one file and its parents."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {}
        self.files: list[str] = []
        self.traffic_light: dict[str, dict[str, Any]] | None = None


def load_ruleset(
    path: str | os.PathLike[str], registry: Registry | None = None
) -> RuleSet:
    """Load and validate a rule-set file (with everything it extends).

    Args:
        path: The YAML file.
        registry: The rule catalogue (defaults to the full registry).

    Returns:
        The immutable rule set; ``files`` lists every file read, parents
        first, as absolute paths.

    Raises:
        RuleSetError: With a Danish message naming the file and the rule.
    """
    reg = _registry(registry)
    p = Path(path)
    if not p.is_file():
        raise Where(show_path(p)).error("regelsætfilen findes ikke.")
    name, description, layer = _load(p.resolve(), reg, ())
    entries = tuple(_config(reg[rid], raw) for rid, raw in layer.entries.items())
    return RuleSet(
        name, entries, description, tuple(dict.fromkeys(layer.files)),
        layer.traffic_light,
    )


def _load(
    path: Path, reg: Registry, stack: tuple[Path, ...]
) -> tuple[str, str, _Layer]:
    at = Where(show_path(path))
    if path in stack:
        chain = " → ".join(show_path(s) for s in (*stack, path))
        raise at.error(f"'extends' danner en løkke ({chain}).", "extends")
    data = _read_yaml(path, at.file)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise at.error(f"filen skal være en tabel med nøglerne {', '.join(TOP_KEYS)}.")
    for key in data:
        if key not in TOP_KEYS:
            raise at.error(
                f"ukendt nøgle '{key}' øverst i filen{_suggest(str(key), TOP_KEYS)} "
                f"(tilladte: {', '.join(TOP_KEYS)})."
            )
    name = data.get("name", path.stem)
    if not isinstance(name, str) or not name.strip():
        raise at.error("'name' skal være en ikke-tom tekst.", "name")
    description = data.get("description") or ""
    if not isinstance(description, str):
        raise at.error("'description' skal være en tekst.", "description")

    layer = _Layer()
    for parent in _extends(data.get("extends"), at):
        ppath = (path.parent / parent).resolve()
        if not ppath.is_file():
            raise at.error(
                f"'extends' peger på '{parent}', men filen findes ikke "
                f"({show_path(ppath)}).",
                "extends",
            )
        _, _, sub = _load(ppath, reg, (*stack, path))
        for rid, raw in sub.entries.items():
            layer.entries[rid] = _merge(layer.entries.get(rid), raw, reg[rid].spec)
        layer.files.extend(sub.files)
        if sub.traffic_light is not None:
            layer.traffic_light = _merge_traffic(layer.traffic_light, sub.traffic_light)

    rules = data.get("rules")
    if rules is None:
        rules = {}
    if not isinstance(rules, dict):
        raise at.error(
            "'rules' skal være en tabel: regel-id → indstillinger (ikke en liste).",
            "rules",
        )
    for rid, raw in rules.items():
        where = Where(at.file, str(rid))
        if not isinstance(rid, str) or rid not in reg:
            raise where.error(f"ukendt regel-id{_suggest(str(rid), list(reg))}.")
        spec = reg[rid].spec
        own = _check_entry(raw, spec, where)
        merged = _merge(layer.entries.get(rid), own, spec)
        _validate(merged, spec, where)
        layer.entries[rid] = merged
    if "traffic_light" in data:
        own = _check_traffic(data["traffic_light"], at)
        layer.traffic_light = _merge_traffic(layer.traffic_light, own)
        _validate_traffic(layer.traffic_light, at)
    layer.files.append(str(path))
    return name.strip(), description.strip(), layer


def _traffic_defaults() -> dict[str, Any]:
    """The default thresholds by metric (imported lazily: pandas)."""
    from workbench.reporting import TrafficLightConfig

    return {t.metric: t for t in TrafficLightConfig().thresholds}


def _check_traffic(raw: Any, at: Where) -> dict[str, dict[str, Any]]:
    """Shape checks of a ``traffic_light:`` section as written in one file."""
    if raw is None:
        return {}
    known = _traffic_defaults()
    if not isinstance(raw, dict):
        raise at.error(
            "'traffic_light' skal være en tabel: nøgletal → {yellow, red, source}.",
            "traffic_light",
        )
    out: dict[str, dict[str, Any]] = {}
    for metric, entry in raw.items():
        fld = f"traffic_light.{metric}"
        if metric not in known:
            raise at.error(
                f"ukendt nøgletal '{metric}'{_suggest(str(metric), list(known))} "
                f"(kendte: {', '.join(known)}).",
                fld,
            )
        if not isinstance(entry, dict):
            raise at.error(
                "indstillingerne skal være en tabel "
                f"(nøgler: {', '.join(TRAFFIC_KEYS)}).",
                fld,
            )
        for key, value in entry.items():
            if key not in TRAFFIC_KEYS:
                raise at.error(
                    f"ukendt nøgle '{key}'{_suggest(str(key), TRAFFIC_KEYS)} "
                    f"(tilladte: {', '.join(TRAFFIC_KEYS)}).",
                    f"{fld}.{key}",
                )
            if key in ("yellow", "red") and (
                isinstance(value, bool) or not isinstance(value, int | float)
                or value < 0
            ):
                raise at.error(
                    f"grænsen skal være et tal på mindst 0 (fik {value!r}).",
                    f"{fld}.{key}",
                )
            if key in ("source", "label") and (
                not isinstance(value, str) or not value.strip()
            ):
                raise at.error(
                    f"'{key}' skal være en ikke-tom tekst (fik {value!r}).",
                    f"{fld}.{key}",
                )
        out[str(metric)] = dict(entry)
    return out


def _merge_traffic(
    parent: dict[str, dict[str, Any]] | None, own: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """``own`` over ``parent``, key-wise per metric."""
    out = {m: dict(v) for m, v in (parent or {}).items()}
    for metric, entry in own.items():
        out[metric] = {**out.get(metric, {}), **entry}
    return out


def _validate_traffic(tl: dict[str, dict[str, Any]], at: Where) -> None:
    known = _traffic_defaults()
    for metric, entry in tl.items():
        d = known[metric]
        yellow, red = entry.get("yellow", d.yellow), entry.get("red", d.red)
        if yellow > red:
            raise at.error(
                f"gul ({yellow}) må ikke ligge over rød ({red}) for '{metric}'.",
                f"traffic_light.{metric}",
            )
        if ("yellow" in entry or "red" in entry) and "source" not in entry:
            raise at.error(
                f"nye grænser for '{metric}' skal have en kilde (source), så "
                "rapporten kan sige, hvor tallet kommer fra.",
                f"traffic_light.{metric}.source",
            )


def _extends(value: Any, at: Where) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(
        isinstance(x, str) and x.strip() for x in items
    ):
        raise at.error("'extends' skal være en sti eller en liste af stier.", "extends")
    return [x.strip() for x in items]


def _check_entry(raw: Any, spec: RuleSpec, where: Where) -> dict[str, Any]:
    """Shape checks of one entry as written in one file."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise where.error(
            f"indstillingerne skal være en tabel (nøgler: {', '.join(ENTRY_KEYS)})."
        )
    for key in raw:
        if key not in ENTRY_KEYS:
            raise where.error(
                f"ukendt nøgle '{key}'{_suggest(str(key), ENTRY_KEYS)} "
                f"(tilladte: {', '.join(ENTRY_KEYS)}).",
                str(key),
            )
    out = dict(raw)
    allowed = "/".join(x.value for x in spec.modes)
    if "mode" in out:
        m = out["mode"]
        if m not in [x.value for x in Mode]:
            raise where.error(
                f"ukendt mode {m!r}; brug hard eller soft (reglen tillader {allowed}).",
                "mode",
            )
        if Mode(m) not in spec.modes:
            raise where.error(
                f"mode '{m}' er ikke tilladt for denne regel (tilladt: {allowed}).",
                "mode",
            )
        out["mode"] = Mode(m)
    if "weight" in out:
        w = out["weight"]
        if isinstance(w, bool) or not isinstance(w, int) or w < 1:
            raise where.error(
                f"vægten skal være et heltal på mindst 1 (fik {w!r}).", "weight"
            )
    if "params" in out:
        prm = out["params"]
        if prm is None:
            out["params"] = {}
        elif not isinstance(prm, dict):
            raise where.error(
                "'params' skal være en tabel (parameter: værdi).", "params"
            )
        else:
            names = _params_of(spec)
            for key in prm:
                if key not in names:
                    known = ", ".join(names) or "ingen"
                    raise where.error(
                        f"ukendt parameter '{key}'{_suggest(str(key), names)} "
                        f"(kendte parametre: {known}).",
                        f"params.{key}",
                    )
    if "source" in out and not isinstance(out["source"], str):
        raise where.error("'source' skal være en tekst.", "source")
    if "enabled" in out and not isinstance(out["enabled"], bool):
        raise where.error(
            f"'enabled' skal være true eller false (fik {out['enabled']!r}).", "enabled"
        )
    return out


def _merge(
    parent: dict[str, Any] | None, own: dict[str, Any], spec: RuleSpec
) -> dict[str, Any]:
    """``own`` over ``parent``: per key, params key-wise.

    A child that switches the mode to hard without naming a weight drops the
    parent's (soft) weight.
    """
    if parent is None:
        return {**own, "params": dict(own.get("params", {}))}
    out = {**parent, **{k: v for k, v in own.items() if k != "params"}}
    out["params"] = {**parent.get("params", {}), **own.get("params", {})}
    mode = out.get("mode", spec.default_mode)
    if "mode" in own and mode is Mode.HARD and "weight" not in own:
        out.pop("weight", None)
    return out


def _validate(merged: dict[str, Any], spec: RuleSpec, where: Where) -> None:
    mode = merged.get("mode", spec.default_mode)
    if mode not in spec.modes:  # a default outside modes would be a registry bug
        raise where.error(f"mode '{mode}' er ikke tilladt for reglen.", "mode")
    if "weight" in merged and mode is Mode.HARD:
        raise where.error(
            "en vægt giver kun mening i soft mode, men reglen er hard "
            "(fjern weight eller sæt mode: soft).",
            "weight",
        )
    validate_params(spec, merged.get("params", {}), where)


def _config(r: Any, raw: dict[str, Any]) -> RuleConfig:
    spec: RuleSpec = r.spec
    mode: Mode = raw.get("mode", spec.default_mode)
    weight = raw.get("weight", spec.default_weight) if mode is Mode.SOFT else 0
    return RuleConfig(
        id=spec.id,
        mode=mode,
        weight=int(weight),
        params=spec.params(**raw.get("params", {})),
        enabled=raw.get("enabled", True),
        source_note=raw.get("source", ""),
    )


# -- writing -----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A param value as a rule-set file writes it (times as 'HH:MM')."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M" if not value.second else "%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted((_plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _dump_params(params: RuleParams) -> dict[str, Any]:
    return {k: _plain(v) for k, v in params.model_dump(mode="python").items()}


def _default_params(spec: RuleSpec) -> dict[str, Any]:
    try:
        return _dump_params(spec.params())
    except ValidationError:
        return {}


def _entry_dict(
    cfg: RuleConfig, spec: RuleSpec, parent: RuleConfig | None
) -> dict[str, Any] | None:
    """The YAML entry for ``cfg``; only what differs from ``parent`` if given."""
    params = _dump_params(cfg.params)
    if parent is None:
        ref_params = _default_params(spec)
        out: dict[str, Any] = {"mode": cfg.mode.value}
        if cfg.mode is Mode.SOFT:
            out["weight"] = cfg.weight
    else:
        ref_params = _dump_params(parent.params)
        out = {}
        if cfg.mode is not parent.mode:
            out["mode"] = cfg.mode.value
        if cfg.mode is Mode.SOFT and (
            cfg.mode is not parent.mode or cfg.weight != parent.weight
        ):
            out["weight"] = cfg.weight
    changed = {k: v for k, v in params.items() if ref_params.get(k, object()) != v}
    if changed:
        out["params"] = changed
    if cfg.source_note and (parent is None or cfg.source_note != parent.source_note):
        out["source"] = cfg.source_note
    if not cfg.enabled:
        out["enabled"] = False
    elif parent is not None and not parent.enabled:
        out["enabled"] = True
    if parent is not None and not out:
        return None
    return out


def dump_ruleset(
    ruleset: RuleSet,
    path: str | os.PathLike[str],
    base: str | os.PathLike[str] | None = None,
    registry: Registry | None = None,
) -> None:
    """Write ``ruleset`` as a rule-set file (atomically).

    Args:
        ruleset: What to write.
        path: The target YAML file.
        base: A rule-set file to extend; only the differences from it are
            written, with ``extends:`` pointing at it (relative to ``path``).
            Rules of the base that ``ruleset`` lacks are written as
            ``enabled: false``.
        registry: The rule catalogue (defaults to the full registry).

    Raises:
        RuleSetError: When ``ruleset`` names a rule the registry does not know
            or the base cannot be loaded.
    """
    reg = _registry(registry)
    target = Path(path)
    doc: dict[str, Any] = {"name": ruleset.name}
    if ruleset.description:
        doc["description"] = ruleset.description
    parent: RuleSet | None = None
    if base is not None:
        parent = load_ruleset(base, reg)
        src = Path(base).resolve()
        here = target.resolve().parent
        common = Path(os.path.commonpath([src, here]))
        # relative when the two share more than the file-system root
        ref = os.path.relpath(src, here) if common.parent != common else str(src)
        doc["extends"] = Path(ref).as_posix()
    rules: dict[str, Any] = {}
    for cfg in ruleset.entries:
        if cfg.id not in reg:
            raise Where(show_path(target), cfg.id).error("ukendt regel-id.")
        pcfg = parent.get(cfg.id) if parent else None
        entry = _entry_dict(cfg, reg[cfg.id].spec, pcfg)
        if entry is not None:
            rules[cfg.id] = entry
    if parent is not None:
        for pcfg in parent.entries:
            if ruleset.get(pcfg.id) is None and pcfg.enabled:
                rules[pcfg.id] = {"enabled": False}
    doc["rules"] = rules
    if ruleset.traffic_light and (
        parent is None or ruleset.traffic_light != parent.traffic_light
    ):
        doc["traffic_light"] = {m: dict(v) for m, v in ruleset.traffic_light.items()}
    text = yaml.safe_dump(
        doc, allow_unicode=True, sort_keys=False, default_flow_style=None, width=88
    )
    _atomic_write(target, text)


def _atomic_write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
