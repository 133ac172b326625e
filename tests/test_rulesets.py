"""Rule-set files: loading, layering, strict validation and writing back."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
import yaml
from pydantic import Field

from workbench.errors import RuleSetError
from workbench.rulesets import (
    CONSTRAINTS_DIR,
    DEFAULT_RULESET,
    dump_ruleset,
    load_ruleset,
)
from workbench.scheduling.registry import (
    Mode,
    Registry,
    RuleConfig,
    RuleParams,
    SourceType,
    rule,
)
from workbench.scheduling.rules import REGISTRY

SHIPPED = sorted(CONSTRAINTS_DIR.glob("*.yaml"))


def write(dir_: Path, name: str, text: str) -> Path:
    p = dir_ / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        "base.yaml",
        """
        name: base
        description: Grundregler
        rules:
          coverage.min_staff:
            mode: hard
          coverage.ideal_staff:
            mode: soft
            weight: 20
          coverage.max_staff:
            mode: soft
            weight: 5
            params: {over_ideal: 1}
          coverage.absence: {}
        """,
    )


# -- the shipped files ---------------------------------------------------------------


def test_shipped_rulesets_exist():
    names = {p.name for p in SHIPPED}
    assert {"base.yaml", "law_dk.yaml"} <= names
    assert DEFAULT_RULESET.name == "law_dk.yaml" and DEFAULT_RULESET.is_file()


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_ruleset_loads(path):
    rs = load_ruleset(path)
    assert rs.name and rs.description
    assert rs.active
    assert str(path.resolve()) == rs.files[-1]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_rule_id_in_every_shipped_file_is_registered(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = [rid for rid in (data.get("rules") or {}) if rid not in REGISTRY]
    assert not unknown, f"{path.name}: ids not in REGISTRY: {unknown}"


def test_base_has_the_structural_rules():
    rs = load_ruleset(CONSTRAINTS_DIR / "base.yaml")
    modes = {e.id: (e.mode, e.weight) for e in rs.active}
    assert modes == {
        "coverage.min_staff": (Mode.HARD, 0),
        "coverage.ideal_staff": (Mode.SOFT, 20),
        "coverage.max_staff": (Mode.SOFT, 5),
        "coverage.qualification": (Mode.HARD, 0),
        "coverage.one_shift_per_day": (Mode.HARD, 0),
        "coverage.no_overlap": (Mode.HARD, 0),
        "coverage.absence": (Mode.HARD, 0),
        "coverage.fixed_days_off": (Mode.HARD, 0),
        "coverage.pinned": (Mode.HARD, 0),
    }


LAW_RULES = (
    "rest.daily",
    "rest.weekly_fridoegn",
    "hours.max_48_average",
    "night.worker_average_8h",
    "law.no_lone_work",
    "law.young_no_nights",
)


def test_law_dk_extends_base_and_has_every_registered_law_rule_hard():
    base = load_ruleset(CONSTRAINTS_DIR / "base.yaml")
    law = load_ruleset(DEFAULT_RULESET)
    assert law.files[0].endswith("base.yaml")
    assert [e.id for e in law.entries[: len(base.entries)]] == [
        e.id for e in base.entries
    ]
    for rid in LAW_RULES:
        if rid not in REGISTRY:
            continue  # not written yet; the registered-ids test guards the file
        cfg = law.get(rid)
        assert cfg is not None and cfg.enabled, f"law_dk.yaml lacks {rid}"
        assert cfg.mode is Mode.HARD
        assert cfg.params == REGISTRY[rid].spec.params(), (
            f"{rid}: not the law's defaults"
        )


# -- loading semantics ---------------------------------------------------------------


def test_load_defaults_and_source_note(tmp_path):
    p = write(
        tmp_path,
        "x.yaml",
        """
        rules:
          coverage.min_staff: {source: "Lokalaftale 2026"}
          coverage.ideal_staff:
        """,
    )
    rs = load_ruleset(p)
    assert rs.name == "x"  # defaults to the file stem
    ms = rs.get("coverage.min_staff")
    assert ms.mode is REGISTRY["coverage.min_staff"].spec.default_mode
    assert ms.weight == 0 and ms.source_note == "Lokalaftale 2026"
    ideal = rs.get("coverage.ideal_staff")
    assert ideal.mode is Mode.SOFT
    assert ideal.weight == REGISTRY["coverage.ideal_staff"].spec.default_weight


def test_unlisted_rule_is_not_active(base):
    rs = load_ruleset(base)
    assert rs.get("coverage.pinned") is None
    assert "coverage.pinned" not in {e.id for e in rs.active}


def test_extends_merges_by_id_child_wins(tmp_path, base):
    child = write(
        tmp_path,
        "child.yaml",
        """
        name: child
        extends: base.yaml
        rules:
          coverage.ideal_staff: {weight: 40}
          coverage.min_staff: {mode: soft, weight: 1000}
          coverage.pinned: {mode: hard}
        """,
    )
    rs = load_ruleset(child)
    assert rs.name == "child"
    assert [e.id for e in rs.entries] == [
        "coverage.min_staff",
        "coverage.ideal_staff",
        "coverage.max_staff",
        "coverage.absence",
        "coverage.pinned",
    ]
    assert rs.get("coverage.ideal_staff").weight == 40
    assert rs.get("coverage.ideal_staff").mode is Mode.SOFT
    assert (rs.get("coverage.min_staff").mode, rs.get("coverage.min_staff").weight) == (
        Mode.SOFT,
        1000,
    )
    assert rs.files == (str(base.resolve()), str(child.resolve()))


def test_extends_switching_soft_to_hard_drops_the_weight(tmp_path, base):
    # coverage.max_staff allows hard and soft; the parent is soft with weight 5
    child = write(
        tmp_path,
        "c.yaml",
        """
        extends: base.yaml
        rules:
          coverage.max_staff: {mode: hard}
        """,
    )
    cfg = load_ruleset(child).get("coverage.max_staff")
    assert cfg.mode is Mode.HARD and cfg.weight == 0
    assert cfg.params.over_ideal == 1  # params still inherited


class ThreeParams(RuleParams):
    """Params for the test-only rule."""

    a: int = Field(1, ge=0)
    b: int = Field(2, ge=0)
    c: str = "x"


@rule(
    id="test.three_params",
    title_da="Testregel",
    title_en="Test rule",
    citation="Kun til test",
    source=SourceType.LOCAL,
    params=ThreeParams,
)
def three_params(ctx, p):
    """Test-only rule with three params."""


@three_params.checker
def _check_three(view, p):
    return []


TEST_REGISTRY = Registry([*REGISTRY.values(), three_params])


def test_extends_params_merge_keywise(tmp_path):
    write(
        tmp_path,
        "parent.yaml",
        """
        rules:
          test.three_params: {mode: soft, params: {a: 5, b: 6}, source: "A"}
        """,
    )
    child = write(
        tmp_path,
        "child.yaml",
        """
        extends: [parent.yaml]
        rules:
          test.three_params: {weight: 7, params: {b: 9, c: "y"}}
        """,
    )
    cfg = load_ruleset(child, TEST_REGISTRY).get("test.three_params")
    assert cfg.params == ThreeParams(a=5, b=9, c="y")
    assert (cfg.mode, cfg.weight, cfg.source_note) == (Mode.SOFT, 7, "A")


def test_params_round_trip_with_custom_registry(tmp_path):
    p = write(tmp_path, "p.yaml", "rules:\n  test.three_params: {params: {c: 'æøå'}}\n")
    rs = load_ruleset(p, TEST_REGISTRY)
    out = tmp_path / "out.yaml"
    dump_ruleset(rs, out, registry=TEST_REGISTRY)
    assert load_ruleset(out, TEST_REGISTRY).get("test.three_params").params.c == "æøå"
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["rules"] == {
        "test.three_params": {"mode": "hard", "params": {"c": "æøå"}}
    }


def test_enabled_false_switches_a_parent_rule_off(tmp_path, base):
    child = write(
        tmp_path,
        "off.yaml",
        """
        extends: base.yaml
        rules:
          coverage.max_staff: {enabled: false}
        """,
    )
    rs = load_ruleset(child)
    assert rs.get("coverage.max_staff").enabled is False
    assert "coverage.max_staff" not in {e.id for e in rs.active}
    again = write(
        tmp_path,
        "on.yaml",
        """
        extends: off.yaml
        rules:
          coverage.max_staff: {enabled: true}
        """,
    )
    assert load_ruleset(again).get("coverage.max_staff").enabled is True


def test_extends_a_list_later_parent_wins(tmp_path, base):
    write(tmp_path, "b2.yaml", "rules:\n  coverage.ideal_staff: {weight: 3}\n")
    child = write(tmp_path, "c.yaml", "extends: [base.yaml, b2.yaml]\n")
    rs = load_ruleset(child)
    assert rs.get("coverage.ideal_staff").weight == 3
    assert rs.get("coverage.min_staff") is not None


def test_hash_changes_with_content(tmp_path, base):
    a = load_ruleset(base)
    child = write(
        tmp_path,
        "c.yaml",
        "extends: base.yaml\nrules:\n  coverage.ideal_staff: {weight: 21}\n",
    )
    assert load_ruleset(child).hash != a.hash
    same = write(tmp_path, "same.yaml", "extends: base.yaml\n")
    assert load_ruleset(same).hash == a.hash


# -- errors --------------------------------------------------------------------------


def expect_error(path: Path, *needles: str) -> str:
    with pytest.raises(RuleSetError) as info:
        load_ruleset(path)
    msg = str(info.value)
    assert path.name in msg, msg
    for n in needles:
        assert n in msg, f"{n!r} not in {msg!r}"
    return msg


def test_error_unknown_top_level_key(tmp_path):
    p = write(tmp_path, "e.yaml", "name: x\nrulez: {}\n")
    expect_error(p, "rulez", "ukendt nøgle", "rules")


def test_error_unknown_rule_id_suggests_nearest(tmp_path):
    p = write(tmp_path, "e.yaml", "rules:\n  coverage.min_staf: {mode: hard}\n")
    expect_error(
        p, "coverage.min_staf", "ukendt regel-id", "mente du", "coverage.min_staff"
    )


def test_error_unknown_key_in_entry(tmp_path):
    p = write(
        tmp_path, "e.yaml", "rules:\n  coverage.ideal_staff: {mode: soft, wieght: 3}\n"
    )
    expect_error(p, "coverage.ideal_staff", "wieght", "weight")


@pytest.mark.parametrize(
    ("entry", "needle"),
    [
        ("coverage.min_staff: {mode: medium}", "ukendt mode"),
        ("coverage.ideal_staff: {mode: hard}", "ikke tilladt"),
        ("coverage.one_shift_per_day: {mode: soft}", "ikke tilladt"),
    ],
    ids=["unknown", "soft-only-rule-as-hard", "hard-only-rule-as-soft"],
)
def test_error_bad_mode(tmp_path, entry, needle):
    p = write(tmp_path, "e.yaml", f"rules:\n  {entry}\n")
    rid = entry.split(":")[0]
    expect_error(p, rid, needle, "mode")


@pytest.mark.parametrize("weight", ["0", "-3", "2.5", "true", "'ti'"])
def test_error_bad_weight(tmp_path, weight):
    p = write(
        tmp_path, "e.yaml", f"rules:\n  coverage.ideal_staff: {{weight: {weight}}}\n"
    )
    expect_error(p, "coverage.ideal_staff", "heltal", "weight")


def test_error_weight_on_hard_rule(tmp_path):
    p = write(
        tmp_path, "e.yaml", "rules:\n  coverage.min_staff: {mode: hard, weight: 10}\n"
    )
    expect_error(p, "coverage.min_staff", "soft", "weight")


def test_error_weight_on_rule_whose_default_is_hard(tmp_path):
    p = write(tmp_path, "e.yaml", "rules:\n  coverage.min_staff: {weight: 10}\n")
    expect_error(p, "coverage.min_staff", "weight")


def test_error_unknown_param_names_it(tmp_path):
    p = write(
        tmp_path,
        "e.yaml",
        "rules:\n  coverage.max_staff: {mode: soft, params: {over_idea: 1}}\n",
    )
    expect_error(p, "coverage.max_staff", "ukendt parameter", "over_idea", "over_ideal")


@pytest.mark.parametrize(
    ("value", "needle"),
    [("-1", "mindst 0"), ("'to'", "heltal"), ("1.5", "heltal")],
)
def test_error_invalid_param_in_danish(tmp_path, value, needle):
    p = write(
        tmp_path,
        "e.yaml",
        "rules:\n  coverage.max_staff:\n"
        f"    {{mode: soft, params: {{over_ideal: {value}}}}}\n",
    )
    expect_error(p, "coverage.max_staff", "over_ideal", needle)


def test_error_invalid_param_inherited_is_blamed_where_it_breaks(tmp_path):
    write(
        tmp_path, "ok.yaml", "rules:\n  coverage.max_staff: {params: {over_ideal: 2}}\n"
    )
    p = write(
        tmp_path,
        "bad.yaml",
        "extends: ok.yaml\nrules:\n  coverage.max_staff: {params: {over_ideal: -2}}\n",
    )
    msg = expect_error(p, "coverage.max_staff", "over_ideal")
    assert "ok.yaml" not in msg


def test_error_params_not_a_mapping(tmp_path):
    p = write(tmp_path, "e.yaml", "rules:\n  coverage.max_staff: {params: [1, 2]}\n")
    expect_error(p, "coverage.max_staff", "params")


def test_error_rules_as_list(tmp_path):
    p = write(tmp_path, "e.yaml", "rules:\n  - id: coverage.min_staff\n")
    expect_error(p, "rules", "tabel")


def test_error_enabled_not_bool(tmp_path):
    p = write(tmp_path, "e.yaml", "rules:\n  coverage.min_staff: {enabled: 'nej'}\n")
    expect_error(p, "coverage.min_staff", "enabled")


def test_error_extends_cycle(tmp_path):
    write(tmp_path, "a.yaml", "extends: b.yaml\n")
    p = write(tmp_path, "b.yaml", "extends: a.yaml\n")
    expect_error(p, "løkke", "a.yaml")


def test_error_extends_self(tmp_path):
    p = write(tmp_path, "self.yaml", "extends: self.yaml\n")
    expect_error(p, "løkke")


def test_error_missing_extended_file(tmp_path):
    p = write(tmp_path, "e.yaml", "extends: nowhere.yaml\n")
    expect_error(p, "nowhere.yaml", "findes ikke")


def test_error_missing_file(tmp_path):
    with pytest.raises(RuleSetError, match="findes ikke") as info:
        load_ruleset(tmp_path / "missing.yaml")
    assert "missing.yaml" in str(info.value)


def test_error_yaml_syntax_names_the_line(tmp_path):
    p = write(
        tmp_path, "e.yaml", "name: x\nrules:\n  coverage.min_staff: {mode: hard\n"
    )
    expect_error(p, "YAML", "linje")


def test_error_duplicate_rule_id(tmp_path):
    p = write(
        tmp_path,
        "e.yaml",
        "rules:\n  coverage.min_staff: {}\n  coverage.min_staff: {mode: soft}\n",
    )
    expect_error(p, "coverage.min_staff", "to gange", "linje 3")


def test_error_in_parent_names_the_parent(tmp_path):
    write(tmp_path, "parent.yaml", "rules:\n  coverage.nope: {}\n")
    p = write(tmp_path, "child.yaml", "extends: parent.yaml\n")
    with pytest.raises(RuleSetError) as info:
        load_ruleset(p)
    assert "parent.yaml" in str(info.value) and "coverage.nope" in str(info.value)


def test_error_is_structured(tmp_path):
    p = write(tmp_path, "e.yaml", "rules:\n  coverage.ideal_staff: {weight: 0}\n")
    with pytest.raises(RuleSetError) as info:
        load_ruleset(p)
    err = info.value
    assert err.rule == "coverage.ideal_staff" and err.field == "weight"
    assert err.file.endswith("e.yaml")


# -- writing back --------------------------------------------------------------------


def test_dump_round_trip_shipped(tmp_path):
    for path in SHIPPED:
        rs = load_ruleset(path)
        out = tmp_path / f"copy_{path.name}"
        dump_ruleset(rs, out)
        back = load_ruleset(out)
        assert back.hash == rs.hash, path.name
        assert (back.name, back.description) == (rs.name, rs.description)
        assert [(e.id, e.source_note) for e in back.entries] == [
            (e.id, e.source_note) for e in rs.entries
        ]


def test_dump_with_base_writes_only_differences(tmp_path, base):
    rs = load_ruleset(base)
    rs = rs.replace(
        RuleConfig(
            "coverage.ideal_staff", Mode.SOFT, 35, rs.get("coverage.ideal_staff").params
        )
    )
    rs = rs.replace(
        RuleConfig(
            "coverage.max_staff",
            Mode.SOFT,
            5,
            REGISTRY["coverage.max_staff"].spec.params(over_ideal=1),
            enabled=False,
        )
    )
    rs = rs.replace(
        RuleConfig(
            "coverage.pinned",
            Mode.HARD,
            0,
            REGISTRY["coverage.pinned"].spec.params(),
            source_note="Planlæggerens låse",
        )
    )
    out = tmp_path / "local" / "mine.yaml"
    dump_ruleset(rs, out, base=base)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["extends"] == "../base.yaml"
    assert data["rules"] == {
        "coverage.ideal_staff": {"weight": 35},
        "coverage.max_staff": {"enabled": False},
        "coverage.pinned": {"mode": "hard", "source": "Planlæggerens låse"},
    }
    assert load_ruleset(out).hash == rs.hash


class TimeParams(RuleParams):
    """Params with a clock window."""

    window: tuple[dt.time, dt.time] = (dt.time(22), dt.time(5))
    hours: float = 1.5


@rule(
    id="test.time_params",
    title_da="Testregel med tider",
    title_en="Test rule with times",
    citation="Kun til test",
    source=SourceType.LOCAL,
    params=TimeParams,
)
def time_params(ctx, p):
    """Test-only rule with a clock window."""


TIME_REGISTRY = Registry([*REGISTRY.values(), time_params])


def test_clock_times_are_read_as_times_not_base60_numbers(tmp_path):
    p = write(
        tmp_path,
        "t.yaml",
        """
        rules:
          test.time_params: {params: {window: [21:00, 06:30], hours: 2.5}}
        """,
    )
    cfg = load_ruleset(p, TIME_REGISTRY).get("test.time_params")
    assert cfg.params.window == (dt.time(21), dt.time(6, 30))
    assert cfg.params.hours == 2.5
    out = tmp_path / "out.yaml"
    dump_ruleset(load_ruleset(p, TIME_REGISTRY), out, registry=TIME_REGISTRY)
    assert "21:00" in out.read_text(encoding="utf-8")
    assert load_ruleset(out, TIME_REGISTRY).hash == load_ruleset(p, TIME_REGISTRY).hash


def test_dump_keeps_danish_letters(tmp_path, base):
    rs = load_ruleset(base)
    out = tmp_path / "da.yaml"
    dump_ruleset(rs, out)
    text = out.read_text(encoding="utf-8")
    assert "Grundregler" in text and "\\x" not in text
