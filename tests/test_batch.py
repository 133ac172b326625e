"""Batch runs (workbench.batch): config validation, solve_and_write, papermill."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from workbench.batch import (
    DEFAULT_NOTEBOOK,
    FAILED,
    SUMMARY_COLUMNS,
    add_batch_parser,
    check_kernel,
    load_batch_config,
    run_batch,
    run_batch_cli,
    solve_and_write,
)
from workbench.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "sample_data" / "tiny"
LAW = ROOT / "constraints" / "law_dk.yaml"
BASE = ROOT / "constraints" / "base.yaml"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- config validation (no solving) ----------------------------------------------------


def test_config_paths_are_relative_to_the_file_and_defaults_apply(tmp_path):
    (tmp_path / "sub").mkdir()
    cfg = load_batch_config(_write(tmp_path / "sub" / "b.yaml", f"""
output_dir: ud
scenarios:
  - name: a
    unit_dir: ../units/x
    rules: {LAW}
    start: 2027-01-04
    weeks: 2
"""))
    assert cfg.notebook == DEFAULT_NOTEBOOK
    assert cfg.output_dir == (tmp_path / "sub" / "ud").resolve()
    assert cfg.parallel >= 1
    (s,) = cfg.scenarios
    assert s.unit_dir == (tmp_path / "units" / "x").resolve()
    assert s.rules == LAW
    assert str(s.start) == "2027-01-04" and s.weeks == 2
    assert s.time_limit_s == 30.0


def test_config_errors_name_file_and_field_in_danish(tmp_path):
    path = _write(tmp_path / "batch.yaml", """
outptu_dir: ud
parallel: 0
scenarios:
  - name: a
    unit_dir: x
    rules: y
    weeks: 60
  - name: a
    unit: x
    rules: y
    start: 2027-02-30
    time_limit_s: -1
  - name: "../evil"
    unit_dir: x
    rules: y
""")
    with pytest.raises(InputError) as err:
        load_batch_config(path)
    text = str(err.value)
    assert text.startswith("Data kan ikke indlæses")
    for piece in (
        'batch.yaml, felt "outptu_dir": ukendt nøgle "outptu_dir" (mente du '
        '"output_dir"?)',
        'felt "output_dir": mangler',
        'felt "parallel": skal være et helt tal på mindst 1',
        'felt "scenarios[0].weeks": antal uger skal være et helt tal fra 1 til 52',
        'felt "scenarios[1].name": navnet er allerede brugt af scenarios[0]',
        'felt "scenarios[1].unit": ukendt nøgle "unit" (mente du "unit_dir"?)',
        'felt "scenarios[1].unit_dir": mangler',
        'felt "scenarios[1].start": skal være en dato',
        'felt "scenarios[1].time_limit_s": tidsgrænsen skal være et tal over 0',
        'felt "scenarios[2].name": navnet må kun indeholde',
    ):
        assert piece in text, piece


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "skal være en YAML-mapping"),
        ("output_dir: x\nscenarios: [\n", "kan ikke læses som YAML i linje"),
        ("output_dir: x\nscenarios: []\n", "ikke-tom liste af scenarier"),
        ("output_dir: x\nnotebook: nope.ipynb\nscenarios: [{name: a, unit_dir: u, "
         "rules: r}]\n", "nope.ipynb findes ikke"),
    ],
)
def test_config_whole_file_errors(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        load_batch_config(_write(tmp_path / "b.yaml", text))


def test_config_missing_file():
    with pytest.raises(InputError, match="batch-filen findes ikke"):
        load_batch_config("does/not/exist.yaml")


def test_cli_parser_wiring_and_bad_config(tmp_path):
    parser = argparse.ArgumentParser(prog="workbench")
    sub = parser.add_subparsers(dest="command")
    add_batch_parser(sub)
    args = parser.parse_args(["batch", str(tmp_path / "b.yaml"), "--parallel", "2"])
    assert args.func is run_batch_cli and args.parallel == 2
    _write(tmp_path / "b.yaml", "output_dir: x\n")
    with pytest.raises(InputError, match="scenarios"):
        run_batch_cli(args)
    with pytest.raises(SystemExit):
        parser.parse_args(["batch", "b.yaml", "--parallel", "0"])


# -- the notebook ----------------------------------------------------------------------


def test_batch_notebook_is_thin_parametrised_and_stripped():
    nb = nbformat.read(DEFAULT_NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    for name in ("unit_dir", "rules", "start", "weeks", "time_limit_s", "output_dir",
                 "workers", "seed"):
        assert f"{name} = " in code[0].source
    assert len(code) == 2
    body = code[1].source
    assert body.count("import") == 1 and "solve_and_write(" in body
    for c in code:
        assert not c.outputs and c.execution_count is None
        for word in ("def ", "class ", "for ", "while "):
            assert word not in c.source
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert any(c.cell_type == "markdown" for c in nb.cells)


# -- solve_and_write (in-process) ------------------------------------------------------


def test_solve_and_write_writes_everything(tmp_path):
    out = tmp_path / "run"
    summary = solve_and_write(TINY, LAW, out, time_limit_s=5)
    assert summary["status"] in ("OPTIMAL", "FEASIBLE")
    assert summary["error"] is None
    assert summary["hard_violations"] == 0
    for name in ("roster.csv", "report.json", "roster.xlsx", "report.html",
                 "summary.json"):
        assert (out / name).is_file(), name
    assert len(list((out / "ical").glob("*.ics"))) == 6
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["status"] == summary["status"]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == summary
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Anna Holm" not in html and "Medarbejder 1" in html


def test_solve_and_write_infeasible_reports_danish_error(tmp_path):
    unit = tmp_path / "unit"
    shutil.copytree(TINY, unit)
    y = (unit / "unit.yaml").read_text(encoding="utf-8")
    (unit / "unit.yaml").write_text(
        y.replace("  - shift: D\n    min: 1\n    ideal: 2",
                  "  - shift: D\n    min: 6\n    ideal: 6"),
        encoding="utf-8",
    )
    out = tmp_path / "run"
    out.mkdir()
    (out / "roster.csv").write_text("stale", encoding="utf-8")
    summary = solve_and_write(unit, BASE, out, time_limit_s=5)
    assert summary["status"] == "INFEASIBLE"
    assert "Ingen vagtplan er mulig" in summary["error"]
    assert (out / "report.json").is_file()
    assert not (out / "roster.csv").exists()  # no stale roster from an earlier run


# -- run_batch with papermill ----------------------------------------------------------


@pytest.mark.notebooks
def test_run_batch_three_scenarios_in_parallel_one_failing(tmp_path):
    check_kernel(install=True)
    config = _write(tmp_path / "batch.yaml", f"""
notebook: {DEFAULT_NOTEBOOK}
output_dir: ud
parallel: 2
scenarios:
  - name: lov
    unit_dir: {TINY}
    rules: {LAW}
    time_limit_s: 3
  - name: mangler
    unit_dir: {tmp_path / "ingen_enhed"}
    rules: {LAW}
    time_limit_s: 3
  - name: grundregler
    unit_dir: {TINY}
    rules: {BASE}
    start: 2027-01-04
    weeks: 1
    time_limit_s: 3
""")
    table = run_batch(config)
    out = tmp_path / "ud"
    assert list(table.columns) == list(SUMMARY_COLUMNS)
    assert list(table["scenario"]) == ["lov", "mangler", "grundregler"]
    rows = table.set_index("scenario")
    bad = rows.loc["mangler"]
    assert bad["status"] == FAILED
    assert "Kørslen fejlede i notebooken" in bad["error"]
    assert "findes ikke" in bad["error"]
    assert (out / "mangler" / "run.ipynb").is_file()  # the record of the failed run
    assert not (out / "mangler" / "roster.csv").exists()
    for name in ("lov", "grundregler"):
        r = rows.loc[name]
        assert r["status"] in ("OPTIMAL", "FEASIBLE"), r["error"]
        assert pd.isna(r["error"])
        assert r["hard_violations"] == 0
        assert r["seconds"] > 0
        d = out / name
        roster = pd.read_csv(d / "roster.csv")
        assert len(roster) >= 21  # at least one D, A and N a day for 7 days
        report = json.loads((d / "report.json").read_text("utf-8"))
        assert report["status"] == r["status"]
        assert (d / "roster.xlsx").is_file() and (d / "report.html").is_file()
        assert len(list((d / "ical").glob("*.ics"))) == 6
        run = nbformat.read(d / "run.ipynb", as_version=4)
        tags = [t for c in run.cells for t in c.metadata.get("tags", [])]
        assert "injected-parameters" in tags
        assert run.cells[-1].outputs, "the summary is displayed as the last expression"
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary["scenario"]) == ["lov", "mangler", "grundregler"]
    assert summary.loc[1, "status"] == FAILED
    assert "findes ikke" in summary.loc[1, "error"]
