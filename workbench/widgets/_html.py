"""Small HTML and display helpers shared by the views (no scheduling logic)."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

LIGHT_COLOURS = {"grøn": "#c8e6c9", "gul": "#fff3b0", "rød": "#f8c4c4"}
WEEKDAYS_SHORT = ("man", "tir", "ons", "tor", "fre", "lør", "søn")

CSS = """
<style>
.wb-table {border-collapse: collapse; font-size: 12px; margin: 4px 0;}
.wb-table th, .wb-table td {border: 1px solid #ddd; padding: 2px 5px; text-align: left;
  vertical-align: top;}
.wb-table th {background: #f3f3f3;}
.wb-roster td, .wb-roster th {text-align: center; min-width: 24px;}
.wb-roster td.wb-name {text-align: left; white-space: nowrap;}
.wb-weekend {background: #ececec;}
.wb-holiday {background: #e2d9f3;}
.wb-viol {outline: 2px solid #d00; outline-offset: -2px;}
.wb-pin {font-weight: bold; text-decoration: underline;}
.wb-error {color: #b00020;}
</style>
"""


def esc(x: object) -> str:
    """HTML-escape any value ('' for None and NaN)."""
    if x is None:
        return ""
    if isinstance(x, float) and x != x:
        return ""
    if isinstance(x, float):
        return esc(f"{x:g}".replace(".", ","))
    return html.escape(str(x))


def table_html(
    df: pd.DataFrame,
    light_columns: Iterable[str] = (),
    index: bool = False,
    empty: str = "Ingen rækker.",
) -> str:
    """A DataFrame as a simple escaped HTML table; light columns are coloured."""
    if df is None or df.empty:
        return f"<p><i>{esc(empty)}</i></p>"
    lights = set(light_columns)
    cols = list(df.columns)
    head = "".join(f"<th>{esc(c)}</th>" for c in ([""] if index else []) + cols)
    rows = []
    for idx, row in zip(df.index, df.itertuples(index=False), strict=True):
        cells = [f"<th>{esc(idx)}</th>"] if index else []
        for c, v in zip(cols, row, strict=True):
            style = ""
            if c in lights and v in LIGHT_COLOURS:
                style = f' style="background:{LIGHT_COLOURS[v]}"'
            cells.append(f"<td{style}>{esc(v)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="wb-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def day_label(day: dt.date) -> str:
    """'man 4.1.'."""
    return f"{WEEKDAYS_SHORT[day.isoweekday() - 1]} {day.day}.{day.month}."


def figure_output(fig: go.Figure) -> dict:
    """A display_data output for an Output widget, without IPython.

    Both plotly's own mime type (JupyterLab renders it natively) and an
    HTML fallback (plotly.js from the CDN) are included.
    """
    return {
        "output_type": "display_data",
        "data": {
            "application/vnd.plotly.v1+json": json.loads(
                pio.to_json(fig, validate=False)
            ),
            "text/html": pio.to_html(fig, include_plotlyjs="cdn", full_html=False),
            "text/plain": f"<Figur: {fig.layout.title.text or ''}>",
        },
        "metadata": {},
    }


def show_figure(out, fig: go.Figure) -> None:  # type: ignore[no-untyped-def]
    """Replace the content of an ``ipywidgets.Output`` with ``fig``.

    Setting ``outputs`` directly works from any thread and without a
    front end (unlike ``with out: display(...)``).
    """
    out.outputs = (figure_output(fig),)


def show_html(out, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace the content of an ``ipywidgets.Output`` with HTML."""
    out.outputs = (
        {
            "output_type": "display_data",
            "data": {"text/html": text, "text/plain": "HTML"},
            "metadata": {},
        },
    )


def legend_html(colours: Mapping[str, str]) -> str:
    """Coloured swatches with labels."""
    items = "".join(
        f'<span style="display:inline-block;width:12px;height:12px;background:{c};'
        f'margin:0 4px 0 10px;border:1px solid #999"></span>{esc(label)}'
        for label, c in colours.items()
    )
    return f"<div style='font-size:12px'>{items}</div>"
