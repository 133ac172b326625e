"""The ``workbench`` command line, driven through ``main([...])``."""

from __future__ import annotations

import csv
import json
import textwrap
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.scheduling.rules import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
FAST = ["--time-limit", "10", "--workers", "1", "--seed", "0"]

UNIT_YAML = """\
name: Bosted Æblehaven
timezone: Europe/Copenhagen
period:
  start: 2027-01-04
  weeks: 1
shifts:
  - id: D
    label: Dagvagt
    start: "07:00"
    end: "15:00"
    kind: day
  - id: N
    label: Nattevagt
    start: "23:00"
    end: "07:00"
    kind: night
demand:
  - shift: D
    min: 1
    ideal: 2
  - shift: N
    min: 1
    ideal: 1
"""

EMPLOYEES = """\
employee_id,name,weekly_hours,birth_date,lone_work_cleared
anna,Anna Holm,37,1985-03-02,ja
bo,Bo Sørensen,37,1990-11-17,ja
carl,Carl Nielsen,37,1979-06-25,ja
dorte,Dorte Jensen,30,1983-01-08,ja
emil,Emil Åberg,30,1995-05-05,ja
"""

ABSENCES = """\
employee_id,from,to,type
dorte,2027-01-06,2027-01-06,kursus
"""


def make_unit(root: Path, unit_yaml: str = UNIT_YAML) -> Path:
    """A tiny unit directory per docs/DATA_FORMAT.md."""
    d = root / "unit"
    d.mkdir()
    (d / "unit.yaml").write_text(unit_yaml, encoding="utf-8")
    (d / "employees.csv").write_text(EMPLOYEES, encoding="utf-8")
    (d / "absences.csv").write_text(ABSENCES, encoding="utf-8")
    return d


@pytest.fixture
def unit(tmp_path) -> Path:
    return make_unit(tmp_path)


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    """One solve shared by the tests that only read its output."""
    root = tmp_path_factory.mktemp("solved")
    unit = make_unit(root)
    out = root / "out"
    code = main(["solve", str(unit), "--out", str(out), *FAST])
    return code, unit, out


def write_roster(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["employee_id", "date", "shift_id"])
        w.writerows(rows)
    return path


def no_traceback(err: str) -> None:
    assert "Traceback" not in err, err


# -- solve -------------------------------------------------------------------------


def test_solve_writes_roster_and_report(solved):
    code, _, out = solved
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "roster.csv"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["status"] == "OPTIMAL"
    assert report["unit"] == "Bosted Æblehaven"
    assert report["ruleset"]["name"] == "law_dk"
    assert report["hard_violations"] == 0
    with (out / "roster.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == report["assignments"] > 0
    assert set(rows[0]) == {"employee_id", "date", "shift_id", "start", "end"}


def test_solve_prints_danish_summary_and_progress(unit, tmp_path, capsys):
    out = tmp_path / "o"
    assert main(["solve", str(unit), "--out", str(out), *FAST]) == 0
    cap = capsys.readouterr()
    assert "Vagtplan for Bosted Æblehaven, 4.1.–10.1.2027 (1 uge), regelsæt law_dk" in (
        cap.out
    )
    assert "Ingen brud på hårde regler." in cap.out
    assert " s  mål " in cap.err and "grænse" in cap.err  # progress lines
    no_traceback(cap.err)


def test_solved_roster_passes_check(solved, capsys):
    _, unit, out = solved
    capsys.readouterr()
    assert main(["check", str(unit), str(out / "roster.csv")]) == 0
    text = capsys.readouterr().out
    assert "ingen brud på hårde regler" in text


def test_solve_with_hint_start_and_weeks(solved, tmp_path, capsys):
    _, unit, out = solved
    dest = tmp_path / "again"
    code = main(
        [
            "solve",
            str(unit),
            "--hint",
            str(out / "roster.csv"),
            "--out",
            str(dest),
            *FAST,
        ]
    )
    assert code == 0
    assert (
        main(
            [
                "solve",
                str(unit),
                "--start",
                "2027-01-11",
                "--weeks",
                "1",
                "--log",
                "--out",
                str(tmp_path / "later"),
                *FAST,
            ]
        )
        == 0
    )
    report = json.loads(
        (tmp_path / "later" / "report.json").read_text(encoding="utf-8")
    )
    assert report["period"]["start"] == "2027-01-11"


def test_solve_rules_option_and_base(unit, tmp_path):
    out = tmp_path / "b"
    rules = ROOT / "constraints" / "base.yaml"
    assert (
        main(["solve", str(unit), "--rules", str(rules), "--out", str(out), *FAST]) == 0
    )
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["ruleset"]["name"] == "base"


def test_solve_bad_unit_yaml_exit_2_and_writes_nothing(tmp_path, capsys):
    bad = UNIT_YAML.replace("kind: night", "kind: nightly")
    unit = make_unit(tmp_path, bad)
    out = tmp_path / "never"
    assert main(["solve", str(unit), "--out", str(out), *FAST]) == 2
    err = capsys.readouterr().err
    assert "unit.yaml" in err and "nightly" in err
    no_traceback(err)
    assert not out.exists()


def test_solve_missing_unit_dir_exit_2(tmp_path, capsys):
    out = tmp_path / "never"
    assert main(["solve", str(tmp_path / "nope"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "nope" in err
    no_traceback(err)
    assert not out.exists()


def test_solve_bad_rules_exit_2_and_writes_nothing(unit, tmp_path, capsys):
    rules = tmp_path / "bad.yaml"
    rules.write_text("rules:\n  coverage.min_staf: {}\n", encoding="utf-8")
    out = tmp_path / "never"
    assert main(["solve", str(unit), "--rules", str(rules), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert (
        "bad.yaml" in err and "coverage.min_staf" in err and "coverage.min_staff" in err
    )
    no_traceback(err)
    assert not out.exists()


def test_solve_bad_hint_exit_2(unit, tmp_path, capsys):
    hint = write_roster(tmp_path / "hint.csv", [("zoe", "2027-01-04", "D")])
    out = tmp_path / "never"
    assert main(["solve", str(unit), "--hint", str(hint), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "zoe" in err
    no_traceback(err)
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--start", "4-1-2027"],
        ["--weeks", "0"],
        ["--time-limit", "nul"],
        ["--workers", "0"],
    ],
)
def test_solve_bad_option_exit_2(unit, tmp_path, capsys, args):
    out = tmp_path / "never"
    assert main(["solve", str(unit), "--out", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert "fejl:" in err
    assert not out.exists()


def test_solve_infeasible_exit_1_lists_hard_rules(tmp_path, capsys):
    unit = make_unit(
        tmp_path, UNIT_YAML.replace("min: 1\n    ideal: 2", "min: 6\n    ideal: 6")
    )
    out = tmp_path / "never"
    assert main(["solve", str(unit), "--out", str(out), *FAST]) == 1
    text = capsys.readouterr().out
    assert "INFEASIBLE" in text or "ingen plan er mulig" in text
    assert "Aktive hårde regler" in text and "coverage.min_staff" in text
    assert not out.exists()


def test_solve_ctrl_c_before_a_roster_writes_nothing(
    unit, tmp_path, capsys, monkeypatch
):
    import workbench.engine

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(workbench.engine, "plan", interrupted)
    out = tmp_path / "never"
    assert main(["solve", str(unit), "--out", str(out)]) == 1
    assert "Afbrudt" in capsys.readouterr().err
    assert not out.exists()


def test_solve_self_check_failure_exit_3_writes_nothing(
    unit, tmp_path, capsys, monkeypatch
):
    import workbench.engine

    def broken(*a, **k):
        raise workbench.engine.SelfCheckError("model 3, kontrol 4")

    monkeypatch.setattr(workbench.engine, "plan", broken)
    out = tmp_path / "never"
    assert main(["solve", str(unit), "--out", str(out)]) == 3
    assert "Intern fejl" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.skipif(
    not (ROOT / "sample_data" / "tiny" / "unit.yaml").exists(),
    reason="sample_data/tiny is not there yet",
)
def test_solve_sample_tiny(tmp_path):
    out = tmp_path / "tiny"
    assert (
        main(["solve", str(ROOT / "sample_data" / "tiny"), "--out", str(out), *FAST])
        == 0
    )
    assert (out / "roster.csv").is_file() and (out / "report.json").is_file()


# -- check -------------------------------------------------------------------------


HAND = [
    # dorte is on a course on 6.1.: a hard breach; N is empty on 4.1.
    ("anna", "2027-01-04", "D"),
    ("dorte", "2027-01-06", "D"),
    ("bo", "2027-01-06", "N"),
]


def test_check_hand_roster_lists_the_violation(unit, tmp_path, capsys):
    roster = write_roster(tmp_path / "hand.csv", HAND)
    assert main(["check", str(unit), str(roster)]) == 1
    text = capsys.readouterr().out
    assert "coverage.absence" in text and "Fravær respekteres" in text
    assert "Dorte Jensen" in text and "kursus" in text
    assert "coverage.min_staff" in text
    assert "Pr. regel:" in text and "brud på hårde regler" in text


def test_check_json(unit, tmp_path, capsys):
    roster = write_roster(tmp_path / "hand.csv", HAND)
    assert main(["check", str(unit), str(roster), "--json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    absence = [r for r in rows if r["rule_id"] == "coverage.absence"]
    assert len(absence) == 1
    (r,) = absence
    assert r["employee"] == "Dorte Jensen" and r["dates"] == ["2027-01-06"]
    assert {"title", "amount", "penalty", "message", "mode"} <= set(r)


def test_check_soft_only_deviations_exit_0(unit, tmp_path, capsys):
    rules = ROOT / "constraints" / "base.yaml"
    days = [f"2027-01-{d:02d}" for d in range(4, 11)]
    rows = [("anna" if i % 2 else "carl", d, "D") for i, d in enumerate(days)]
    rows += [("bo" if i % 2 else "emil", d, "N") for i, d in enumerate(days)]
    roster = write_roster(tmp_path / "ok.csv", rows)
    assert main(["check", str(unit), str(roster), "--rules", str(rules)]) == 0
    text = capsys.readouterr().out
    assert "coverage.ideal_staff" in text  # one short of ideal D every day
    assert "ingen brud på hårde regler" in text


def test_check_takes_the_period_from_the_roster(unit, tmp_path, capsys):
    roster = write_roster(
        tmp_path / "later.csv",
        [("anna", "2027-01-13", "D"), ("bo", "2027-01-20", "N")],
    )
    code = main(["check", str(unit), str(roster)])
    cap = capsys.readouterr()
    assert code == 1  # the empty days break coverage.min_staff
    assert "13.1.–26.1.2027 (2 uger)" in cap.out
    assert "perioden tages fra vagtplanen" in cap.err


def test_check_explicit_period_rejects_dates_outside(unit, tmp_path, capsys):
    roster = write_roster(tmp_path / "later.csv", [("anna", "2027-01-13", "D")])
    assert main(["check", str(unit), str(roster), "--start", "2027-01-04"]) == 2
    err = capsys.readouterr().err
    assert "later.csv" in err
    no_traceback(err)


def test_check_bad_roster_exit_2(unit, tmp_path, capsys):
    roster = write_roster(tmp_path / "bad.csv", [("anna", "2027-01-04", "X")])
    assert main(["check", str(unit), str(roster)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and "X" in err
    no_traceback(err)


# -- rules and help ------------------------------------------------------------------


def test_rules_lists_every_id(capsys):
    assert main(["rules"]) == 0
    text = capsys.readouterr().out
    for rid in REGISTRY:
        assert rid in text
    assert "regelsæt law_dk" in text
    assert "blød, vægt 20" in text and "hård" in text and "fra" in text
    assert "hjemmel:" in text


def test_rules_with_other_file(tmp_path, capsys):
    rules = tmp_path / "mine.yaml"
    rules.write_text(
        textwrap.dedent(
            """
            name: mine
            rules:
              coverage.max_staff: {mode: soft, weight: 9, params: {over_ideal: 2}}
            """
        ),
        encoding="utf-8",
    )
    assert main(["rules", "--rules", str(rules)]) == 0
    text = capsys.readouterr().out
    assert "blød, vægt 9" in text and "over_ideal=2" in text
    assert "1 aktive regler" in text


def test_help_is_danish(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("brug: workbench") and "kommandoer" in out
    assert main(["solve", "--help"]) == 0
    out = capsys.readouterr().out
    assert "tidsgrænse" in out and "Ctrl-C" in out
    assert main(["check", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "tages perioden fra vagtplanen" in text


def test_no_command_exit_2(capsys):
    assert main([]) == 2
    assert "brug:" in capsys.readouterr().err


def test_python_m_workbench():
    import subprocess
    import sys

    res = subprocess.run(
        [sys.executable, "-m", "workbench", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0 and res.stdout.startswith("workbench ")
