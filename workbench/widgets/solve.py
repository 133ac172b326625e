"""SolvePanel: solver settings, Solve/Stop, live progress and objective plot."""

from __future__ import annotations

import ipywidgets as ipw
import plotly.graph_objects as go

from workbench.plots import progress_figure
from workbench.widgets._html import esc, show_figure
from workbench.widgets.base import Panel


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:g}".replace(".", ",")


def _figure_widget() -> go.FigureWidget | None:
    """A live plotly FigureWidget, or None when it is unavailable.

    plotly >= 6 needs ``anywidget`` for it, which the project does not
    require; without it the panel redraws a figure into an ``Output``.
    """
    try:
        return go.FigureWidget(progress_figure([]))
    except ImportError:
        return None


class SolvePanel(Panel):
    """Solve in the background, watch the search, stop it when it is good enough.

    The plot is a live plotly ``FigureWidget`` when available, else a plotly
    figure re-drawn into an ``Output``.
    """

    title_da = "Løs"

    def _render(self) -> None:
        s = self.state
        style = {"description_width": "initial"}
        self.time_limit = ipw.BoundedFloatText(
            value=s.time_limit_s,
            min=0.5,
            max=3600,
            step=5,
            description="Tidsgrænse (s)",
            style=style,
            layout=ipw.Layout(width="200px"),
        )
        self.workers = ipw.BoundedIntText(
            value=s.workers,
            min=1,
            max=64,
            description="Tråde",
            style=style,
            layout=ipw.Layout(width="140px"),
        )
        self.seed = ipw.IntText(
            value=s.seed,
            description="Frø",
            style=style,
            layout=ipw.Layout(width="140px"),
        )
        self._links = [
            ipw.link((self.time_limit, "value"), (s, "time_limit_s")),
            ipw.link((self.workers, "value"), (s, "workers")),
            ipw.link((self.seed, "value"), (s, "seed")),
        ]
        self.solve_button = ipw.Button(
            description="Læg plan", button_style="primary", icon="play"
        )
        self.resolve_button = ipw.Button(
            description="Løs videre fra planen",
            icon="repeat",
            tooltip="Løs igen med den nuværende plan som udgangspunkt; "
            "låste celler bevares.",
            layout=ipw.Layout(width="200px"),
        )
        self.stop_button = ipw.Button(
            description="Stop", button_style="danger", icon="stop", disabled=True
        )
        self.solve_button.on_click(lambda _b: s.solve(background=True))
        self.resolve_button.on_click(lambda _b: s.resolve_from_current(background=True))
        self.stop_button.on_click(lambda _b: s.stop())
        self.bar = ipw.FloatProgress(
            value=0.0,
            min=0.0,
            max=1.0,
            description="Søgning",
            layout=ipw.Layout(width="420px"),
        )
        self.numbers = ipw.HTML("")
        self.status = ipw.HTML("")
        self.figure = _figure_widget()
        self.plot = self.figure or ipw.Output(layout=ipw.Layout(min_height="300px"))
        self.children = [
            ipw.HBox([self.time_limit, self.workers, self.seed]),
            ipw.HBox([self.solve_button, self.resolve_button, self.stop_button]),
            ipw.HBox([self.bar, self.numbers]),
            self.status,
            self.plot,
        ]
        s.observe(self._on_busy, names="busy")
        s.observe(self._on_progress, names="progress")
        s.observe(self._on_elapsed, names="elapsed_s")
        s.observe(self._on_status, names="status")
        self._on_busy({"new": s.busy})
        self._on_progress({"new": s.progress})
        self._on_status({"new": s.status})

    def _on_status(self, change: dict) -> None:
        self.status.value = f"<p>{esc(change['new'])}</p>"

    def _on_busy(self, change: dict) -> None:
        busy = bool(change["new"])
        self.solve_button.disabled = busy
        self.resolve_button.disabled = busy
        self.stop_button.disabled = not busy
        if busy:
            self.bar.value = 0.0
            self.bar.bar_style = "info"
        else:
            self.bar.value = 1.0 if self.state.result is not None else 0.0
            self.bar.bar_style = "success"

    def _on_elapsed(self, change: dict) -> None:
        if self.state.busy:
            limit = max(float(self.state.time_limit_s), 1e-9)
            self.bar.value = min(1.0, float(change["new"]) / limit)

    def _on_progress(self, change: dict) -> None:
        trace = list(change["new"] or [])
        limit = max(float(self.state.time_limit_s), 1e-9)
        if trace:
            t, obj, bound = trace[-1]
            if self.state.busy:
                self.bar.value = min(1.0, t / limit)
            self.numbers.value = (
                f"&nbsp;{esc(_fmt(round(t, 1)))} s · straf {esc(_fmt(obj))} · "
                f"nedre grænse {esc(_fmt(bound))} · {len(trace)} planer"
            )
        else:
            self.numbers.value = ""
        if self.figure is not None:
            fresh = progress_figure(trace)
            with self.figure.batch_update():
                for live, new in zip(self.figure.data, fresh.data, strict=True):
                    live.x, live.y = new.x, new.y
        else:
            show_figure(self.plot, progress_figure(trace))
