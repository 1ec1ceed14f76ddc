"""Template filters for the regional figures (``templates/regional/_figure.html``)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ijmond_participatie.regional.charts import render_chart
from ijmond_participatie.regional.types import Figure

register = template.Library()


@register.filter
def figure_chart(figure: Figure) -> SafeString:
    """``{{ figure|figure_chart }}``: the figure's accessible SVG chart ("" without a chart)."""
    return render_chart(figure)
