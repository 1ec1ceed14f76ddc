"""Dates the way the portal writes them.

``{{ value|short_date }}`` gives "29 okt. 2026" in Dutch (the abbreviated month with a dot, "mei" as is)
and "29 Oct 2026" in English. Full dates keep Django's ``"j F Y"`` ("29 oktober 2026").
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import dateformat, timezone
from django.utils.translation import get_language

register = template.Library()


@register.filter
def short_date(value: date | datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if (get_language() or "").startswith("nl"):
        month = dateformat.format(value, "b")  # "okt", translated
        # Dutch abbreviates with a dot, unless the month is short already ("mei").
        if dateformat.format(value, "F") != month:
            month += "."
    else:
        month = dateformat.format(value, "M")
    return f"{value.day} {month} {value.year}"
