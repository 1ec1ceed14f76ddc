"""The dashboard's period: whole months chosen with ``van`` and ``tot`` (``2026-01``), or a preset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from .types import Period

# The longest period the dashboard shows at once: five years.
MAX_MONTHS = 60
FIRST_YEAR = 2018  # the new way of working started in April 2018


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def last_twelve_months(today: date) -> Period:
    end = today.replace(day=1)
    return Period(start=add_months(end, -11), end=end)


def parse_month(value: str | None) -> date | None:
    """``2026-03`` → 1 March 2026; anything else → None."""
    value = (value or "").strip()
    if len(value) != 7 or value[4] != "-" or not value[:4].isdigit() or not value[5:].isdigit():
        return None
    year, month = int(value[:4]), int(value[5:])
    if not FIRST_YEAR <= year <= 2100 or not 1 <= month <= 12:
        return None
    return date(year, month, 1)


def period_from_query(query, today: date) -> tuple[Period, str]:
    """The period the query string asks for and an error to show ("" when fine); the last twelve months
    when nothing (valid) is asked."""
    start_text, end_text = query.get("van"), query.get("tot")
    if not start_text and not end_text:
        return last_twelve_months(today), ""
    start, end = parse_month(start_text), parse_month(end_text)
    if start is None or end is None:
        return last_twelve_months(today), _("Kies een begin- en eindmaand, bijvoorbeeld 2026-01 en 2026-12.")
    if end < start:
        return last_twelve_months(today), _("De eindmaand ligt vóór de beginmaand.")
    if add_months(start, MAX_MONTHS - 1) < end:
        return last_twelve_months(today), _("Kies een periode van ten hoogste vijf jaar.")
    return Period(start=start, end=end), ""


@dataclass(frozen=True)
class Preset:
    label: str
    period: Period


def presets(today: date, *, first_year: int | None = None) -> list[Preset]:
    """Quick choices: the last twelve months, this and earlier quarters of this year, and whole years."""
    this_month = today.replace(day=1)
    choices = [Preset(_("Afgelopen 12 maanden"), last_twelve_months(today))]
    quarter = (today.month - 1) // 3 + 1
    for number in range(quarter, 0, -1):
        start = date(today.year, 3 * number - 2, 1)
        end = min(date(today.year, 3 * number, 1), this_month)
        choices.append(Preset(f"{today.year}-K{number}", Period(start=start, end=end)))
    for year in range(today.year, max(first_year or today.year - 4, FIRST_YEAR) - 1, -1):
        end = min(date(year, 12, 1), this_month)
        choices.append(Preset(str(year), Period(start=date(year, 1, 1), end=end)))
    return choices
