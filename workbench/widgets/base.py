"""The view base class: a VBox that builds its widgets lazily in ``render()``."""

from __future__ import annotations

import ipywidgets as ipw

from workbench.widgets.state import WorkbenchState


class Panel(ipw.VBox):
    """A view of a :class:`WorkbenchState`.

    Construction is cheap; the widgets are built on the first
    :meth:`render` (when the tab is first shown) and bound to the state's
    traits with ``observe``/``link``. A view holds no scheduling logic.
    """

    title_da = ""

    def __init__(self, state: WorkbenchState, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self.state = state
        self.rendered = False

    def render(self) -> Panel:
        """Build the widgets (once) and return self."""
        if not self.rendered:
            self.rendered = True
            self._render()
        return self

    def _render(self) -> None:
        raise NotImplementedError
