"""Every notebook in notebooks/ runs headless with papermill on sample_data/tiny.

The test is parametrised over the notebooks that exist, so a new notebook is
tested without editing this file. Each notebook is executed with the kernel
``python3`` of this venv, ``cwd = notebooks/`` (so the notebooks' relative
default paths are exercised), a short time limit and one solver worker. Only
parameters the notebook declares in its ``parameters`` cell are passed.

Checks:

* the notebook runs without an error and shows at least one output;
* a notebook with an ``output_dir`` parameter writes ``roster.csv`` (with
  rows) and ``report.json`` (valid JSON with a roster status) there; one
  without shows the status of the plan in its output;
* a Lokal-MED notebook (``*med*``) and every ``*.html`` written to
  ``output_dir`` show no employee names, no birth dates, no pregnancy dates
  and no pregnancy words (``gravid``, ``gravide``, ``pregnan…``); the MED
  notebook runs on a copy of the tiny unit in which one employee is pregnant,
  so there is something to hide. The category noun "graviditet" in a notice
  saying what is not shown is allowed.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import warnings
from pathlib import Path
from typing import Any

import nbformat
import papermill
import pytest

from workbench.batch import KERNEL_NAME, check_kernel
from workbench.io import ROSTER_COLUMNS, load_instance

pytestmark = pytest.mark.notebooks

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = ("01_vagtplan.ipynb", "02_lokal_med.ipynb", "03_batch.ipynb")
TINY = ROOT / "sample_data" / "tiny"
TIME_LIMIT_S = 3
PREGNANT = ("anna", dt.date(2026, 11, 2), dt.date(2027, 5, 28))

# Parameter name -> value, relative to cwd = notebooks/ (only passed when the
# notebook declares the name). output_dir and unit_dir are set per test.
COMMON = {
    "rules": "../constraints/law_dk.yaml",
    "ruleset": "../constraints/law_dk.yaml",
    "time_limit_s": TIME_LIMIT_S,
    "workers": 1,
    "seed": 0,
    "auto_solve": True,
}
PREGNANCY_WORDS = re.compile(r"\bgravid(e|es)?\b|pregnan", re.IGNORECASE)


@pytest.fixture(scope="module")
def kernel() -> str:
    """The venv's python3 kernel (installed into the venv prefix if missing)."""
    return check_kernel(install=True)


def test_expected_notebooks_exist():
    names = {p.name for p in NOTEBOOKS}
    assert "03_batch.ipynb" in names
    missing = [n for n in EXPECTED if n not in names]
    if missing:
        warnings.warn(
            f"notebooks not yet in notebooks/ (not tested): {', '.join(missing)}",
            stacklevel=1,
        )


def _outputs_text(nb: nbformat.NotebookNode) -> str:
    """All outputs of all cells as one string (text, HTML, errors)."""
    parts: list[str] = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            if "text" in o:
                parts.append(str(o["text"]))
            for mime, value in (o.get("data") or {}).items():
                if mime.startswith("text/") or mime.endswith("json"):
                    parts.append(value if isinstance(value, str) else json.dumps(value))
            if o.get("output_type") == "error":
                parts.append(f"{o.get('ename')}: {o.get('evalue')}")
    return "\n".join(parts)


def _plain(text: str) -> str:
    """HTML without tags, styles and entities (for word checks)."""
    import html

    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def _pregnant_unit(tmp: Path) -> Path:
    """A copy of the tiny unit where one employee is pregnant over the plan."""
    unit = tmp / "tiny_gravid"
    shutil.copytree(TINY, unit)
    path = unit / "employees.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    eid, start, end = PREGNANT
    for r in rows:
        if r["employee_id"] == eid:
            r["pregnant_from"], r["pregnant_to"] = start.isoformat(), end.isoformat()
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return unit


def _assert_no_personal_data(text: str, unit: Path, where: str) -> None:
    inst = load_instance(unit)
    plain = _plain(text)
    for e in inst.employees:
        for name in {e.name, e.name.split()[0]}:
            assert re.search(rf"(?<!\w){re.escape(name)}(?!\w)", plain) is None, (
                f"{where}: shows the name {name!r}"
            )
        dates = [d for d in (e.birth_date, e.pregnant_from, e.pregnant_to) if d]
        for d in dates:
            shown_as = (d.isoformat(), f"{d:%d.%m.%Y}", f"{d.day}.{d.month}.{d.year}")
            for shown in shown_as:
                assert shown not in text, f"{where}: shows the date {shown} of {e.id}"
    # The rule catalogue is a public principle (e.g. the title "Gravide:
    # begrænset natarbejde"), not personal data: remove the rules' own texts
    # before looking for words about a person's pregnancy.
    from workbench.scheduling.rules import REGISTRY

    for r in REGISTRY.values():
        for public in (r.spec.title_da, r.spec.why_da, r.spec.citation, r.id):
            plain = plain.replace(public, " ")
    m = PREGNANCY_WORDS.search(plain)
    context = plain[max(0, m.start() - 80) : m.end() + 80] if m else ""
    assert m is None, f"{where}: mentions pregnancy: {context!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_headless(path: Path, tmp_path: Path, kernel: str):
    declared = papermill.inspect_notebook(str(path))
    assert declared, f"{path.name}: no cell tagged 'parameters'"
    is_med = "med" in path.stem
    unit = _pregnant_unit(tmp_path) if is_med else TINY
    out_dir = tmp_path / "out"
    values: dict[str, Any] = {
        **COMMON,
        "unit_dir": str(unit) if is_med else "../sample_data/tiny",
        "data_dir": str(unit) if is_med else "../sample_data/tiny",
        "output_dir": str(out_dir),
    }
    params = {k: v for k, v in values.items() if k in declared}
    assert "unit_dir" in params or "data_dir" in params, (
        f"{path.name}: the parameters cell must declare unit_dir"
    )
    executed = tmp_path / path.name
    papermill.execute_notebook(
        str(path),
        str(executed),
        parameters=params,
        kernel_name=KERNEL_NAME,
        cwd=str(NOTEBOOK_DIR),
        progress_bar=False,
        execution_timeout=120,
    )
    nb = nbformat.read(executed, as_version=4)
    text = _outputs_text(nb)
    assert text.strip(), f"{path.name}: shows no output"
    assert "Traceback" not in text

    if "output_dir" in declared:
        with (out_dir / "roster.csv").open(encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert tuple(rows[0]) == ROSTER_COLUMNS
        assert len(rows) > 1, "roster.csv has no shifts"
        report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
        assert report["status"] in ("OPTIMAL", "FEASIBLE")
        assert report["has_roster"] is True
        assert report["status"] in text  # the summary is shown in the notebook
        for html in out_dir.rglob("*.html"):
            _assert_no_personal_data(
                html.read_text(encoding="utf-8"), unit, f"{path.name}: {html.name}"
            )
    else:
        plain = _plain(text)
        assert re.search(r"Status:?\s", plain), f"{path.name}: shows no plan status"
        assert re.search(r"optimal|gyldig", plain, re.IGNORECASE), (
            f"{path.name}: shows no roster status (optimal/gyldig)"
        )
    if is_med:
        _assert_no_personal_data(text, unit, path.name)
