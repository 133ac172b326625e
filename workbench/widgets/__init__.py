"""The notebook apps: the planner's workbench and the Lokal-MED review.

This is the only package that imports ipywidgets. The state
(:class:`WorkbenchState`) is a traitlets model without widgets; the views
take the state, build their widgets lazily in ``render()`` and hold no
scheduling logic.
"""

from workbench.widgets.app import WorkbenchApp
from workbench.widgets.base import Panel
from workbench.widgets.med_app import MedReviewApp
from workbench.widgets.roster import RosterGrid, roster_html
from workbench.widgets.rules import RulesPanel
from workbench.widgets.solve import SolvePanel
from workbench.widgets.state import WorkbenchState
from workbench.widgets.views import ExplainView, TimelineView

__all__ = [
    "ExplainView",
    "MedReviewApp",
    "Panel",
    "RosterGrid",
    "RulesPanel",
    "SolvePanel",
    "TimelineView",
    "WorkbenchApp",
    "WorkbenchState",
    "roster_html",
]
