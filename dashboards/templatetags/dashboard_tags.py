"""How a dashboard's values read in a page, a table twin or a printed report: 0 as "0", a hidden small group as
"< k", nothing recorded as "no data" (`dashboards.maps.display`)."""

from django import template

from dashboards.maps import display
from dashboards.panels import HIDDEN, NO_DATA

register = template.Library()


@register.simple_tag
def cell(value, unit="count", hidden_below=None):
    """`{% cell value panel.unit dashboard.hidden_below %}`."""
    return display(value, unit, hidden_below)


@register.filter
def cell_kind(value) -> str:
    """"hidden", "no_data" or "number": a table cell's data-value-kind (tests and styles read it)."""
    if value == HIDDEN:
        return "hidden"
    if value == NO_DATA or value is None:
        return "no_data"
    return "number"
