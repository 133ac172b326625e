"""RulesPanel: switch rules on/off, hard/soft, weights and parameters.

The editors are generated from each rule's pydantic params model. Every
change goes through :meth:`WorkbenchState.set_rule`, which validates it as
the YAML loader does; a refused change shows the Danish message and the
editors snap back to the rule set's values.
"""

from __future__ import annotations

import json
import typing
from typing import Any

import ipywidgets as ipw

from workbench.errors import WorkbenchError
from workbench.med import GROUPS_DA
from workbench.scheduling.registry import Mode, RuleConfig, RuleSpec
from workbench.widgets._html import esc
from workbench.widgets.base import Panel

MODE_DA = {Mode.HARD: "hård", Mode.SOFT: "blød"}


def _to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _from_text(text: str) -> Any:
    t = text.strip()
    if not t:
        return None
    try:
        return json.loads(t)
    except ValueError:
        return t


def param_editor(name: str, field: Any, value: Any, json_value: Any) -> ipw.Widget:
    """A widget for one parameter, chosen from its annotation."""
    ann = field.annotation
    origin = typing.get_origin(ann)
    tip = field.description or name
    style = {"description_width": "initial"}
    layout = ipw.Layout(width="auto")
    if ann is bool and isinstance(value, bool):
        return ipw.Checkbox(
            value=bool(value),
            description=name,
            indent=False,
            tooltip=tip,
            layout=layout,
        )
    if ann is int and isinstance(value, int):
        return ipw.IntText(
            value=value,
            description=name,
            tooltip=tip,
            style=style,
            layout=ipw.Layout(width="190px"),
        )
    if ann is float and isinstance(value, int | float):
        return ipw.FloatText(
            value=value,
            description=name,
            tooltip=tip,
            style=style,
            layout=ipw.Layout(width="190px"),
        )
    if origin is typing.Literal and value in typing.get_args(ann):
        return ipw.Dropdown(
            options=list(typing.get_args(ann)),
            value=value,
            description=name,
            tooltip=tip,
            style=style,
            layout=layout,
        )
    text = ipw.Text(
        value=_to_text(json_value),
        description=name,
        tooltip=tip,
        continuous_update=False,
        style=style,
        layout=ipw.Layout(width="320px"),
    )
    # A plain text parameter is taken as written (not parsed as JSON).
    text.raw_text = ann is str
    return text


def editor_value(widget: ipw.Widget) -> Any:
    """The raw value of a parameter editor (text editors parse JSON)."""
    if isinstance(widget, ipw.Text) and getattr(widget, "raw_text", False):
        return widget.value
    if isinstance(widget, ipw.Text):
        return _from_text(widget.value)
    return widget.value


class RuleRow:
    """The editors of one rule; built by :class:`RulesPanel`."""

    def __init__(self, panel: RulesPanel, spec: RuleSpec) -> None:
        self.panel = panel
        self.state = panel.state
        self.spec = spec
        self._syncing = False
        cfg = self.config()
        self.enabled = ipw.Checkbox(
            value=cfg.enabled,
            description="til",
            indent=False,
            layout=ipw.Layout(width="60px"),
        )
        options = [(MODE_DA[m], m.value) for m in spec.modes]
        self.mode = ipw.ToggleButtons(
            options=options,
            value=cfg.mode.value,
            disabled=len(spec.modes) < 2,
            style={"button_width": "60px"},
        )
        self.weight = ipw.IntText(
            value=max(cfg.weight, 1) if cfg.mode is Mode.SOFT else spec.default_weight,
            description="vægt",
            disabled=cfg.mode is Mode.HARD,
            layout=ipw.Layout(width="150px"),
            style={"description_width": "40px"},
        )
        self.params: dict[str, ipw.Widget] = {}
        values = cfg.params.model_dump()
        jvalues = cfg.params.model_dump(mode="json")
        for name, field in spec.params.model_fields.items():
            w = param_editor(name, field, values.get(name), jvalues.get(name))
            w.observe(self._on_param, names="value")
            self.params[name] = w
        self.error = ipw.HTML("")
        head = ipw.HTML(
            f"<b>{esc(spec.title_da)}</b> <code>{esc(spec.id)}</code><br>"
            f"<small>{esc(spec.citation)}</small><br><small><i>{esc(spec.why_da)}</i></small>"
        )
        self.enabled.observe(self._on_enabled, names="value")
        self.mode.observe(self._on_mode, names="value")
        self.weight.observe(self._on_weight, names="value")
        controls = ipw.HBox([self.enabled, self.mode, self.weight])
        box = ipw.HBox(
            list(self.params.values()), layout=ipw.Layout(flex_flow="row wrap")
        )
        self.widget = ipw.VBox(
            [head, controls, box, self.error],
            layout=ipw.Layout(border="1px solid #ddd", padding="4px", margin="2px 0"),
        )

    def config(self) -> RuleConfig:
        """The rule's config in the current rule set (defaults, off, if absent)."""
        cfg = self.state.ruleset.get(self.spec.id) if self.state.ruleset else None
        if cfg is not None:
            return cfg
        mode = self.spec.default_mode
        try:
            params = self.spec.params()
        except Exception:  # params without defaults: shown empty
            params = self.spec.params.model_construct()
        return RuleConfig(
            self.spec.id,
            mode,
            self.spec.default_weight if mode is Mode.SOFT else 0,
            params,
            enabled=False,
        )

    def sync(self) -> None:
        """Show the rule set's values (after a change or a refusal)."""
        cfg = self.config()
        self._syncing = True
        try:
            self.enabled.value = cfg.enabled
            self.mode.value = cfg.mode.value
            if cfg.mode is Mode.SOFT:
                self.weight.value = cfg.weight
            self.weight.disabled = cfg.mode is Mode.HARD
            values = cfg.params.model_dump()
            jvalues = cfg.params.model_dump(mode="json")
            for name, w in self.params.items():
                if isinstance(w, ipw.Text):
                    w.value = _to_text(jvalues.get(name))
                else:
                    w.value = values.get(name)
        finally:
            self._syncing = False

    def _apply(self, **changes: Any) -> None:
        if self._syncing:
            return
        try:
            self.state.set_rule(self.spec.id, **changes)
        except WorkbenchError as exc:
            self.error.value = (
                f'<span class="wb-error" style="color:#b00020">{esc(exc)}</span>'
            )
            self.sync()
            return
        self.error.value = ""
        self.sync()

    def _on_enabled(self, change: dict) -> None:
        self._apply(enabled=bool(change["new"]))

    def _on_mode(self, change: dict) -> None:
        if change["new"] == Mode.SOFT.value:
            self._apply(mode=change["new"], weight=max(1, int(self.weight.value or 1)))
        else:
            self._apply(mode=change["new"])

    def _on_weight(self, change: dict) -> None:
        self._apply(weight=change["new"])

    def _on_param(self, change: dict) -> None:
        name = next(k for k, w in self.params.items() if w is change["owner"])
        self._apply(params={name: editor_value(change["owner"])})


class RulesPanel(Panel):
    """All rules of the registry grouped law / agreement / recommendations / local."""

    title_da = "Regler"

    def _render(self) -> None:
        reg = self.state.registry
        in_set = (
            [e.id for e in self.state.ruleset.entries] if self.state.ruleset else []
        )
        ids = in_set + [rid for rid in reg if rid not in in_set]
        self.rows: dict[str, RuleRow] = {
            rid: RuleRow(self, reg[rid].spec) for rid in ids
        }
        sections: list[ipw.Widget] = [
            ipw.HTML(
                "<p>Slå regler til og fra, vælg hård (skal overholdes) eller blød "
                "(tilstræbes med en vægt), og ret parametrene. Ændringer kontrolleres "
                "med det samme; løs igen for en ny plan.</p>"
            )
        ]
        for source, label in GROUPS_DA.items():
            rows = [r for r in self.rows.values() if r.spec.source is source]
            if rows:
                sections.append(ipw.HTML(f"<h4>{esc(label)}</h4>"))
                sections.extend(r.widget for r in rows)
        self.save_path = ipw.Text(
            value="regelsaet_lokalt.yaml",
            description="Gem som",
            style={"description_width": "initial"},
            layout=ipw.Layout(width="360px"),
        )
        self.save_button = ipw.Button(description="Gem regelsæt", icon="save")
        self.save_message = ipw.HTML("")
        self.save_button.on_click(self._on_save)
        sections.append(ipw.HBox([self.save_path, self.save_button, self.save_message]))
        self.children = sections
        self.state.observe(self._on_ruleset, names="ruleset")

    def _on_ruleset(self, change: dict) -> None:
        for r in self.rows.values():
            r.sync()

    def _on_save(self, _button: ipw.Button) -> None:
        try:
            path = self.state.save_ruleset(self.save_path.value)
        except (WorkbenchError, OSError) as exc:
            self.save_message.value = f'<span style="color:#b00020">{esc(exc)}</span>'
            return
        self.save_message.value = f"Gemt i {esc(path)}."
