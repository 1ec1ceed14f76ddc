"""Reads on signals for public statistics: counts only, never text or personal data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.models import Municipality

from .models import Signal, Status


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    counts: list[int]
    total: int


@dataclass(frozen=True)
class WhatWeHear:
    since: object
    municipalities: list[str]
    rows: list[ThemeRow]
    maximum: int
    total: int

    # Layout of the bar chart (SVG): one group of bars per theme, one bar per municipality.
    BAR_HEIGHT = 14
    GROUP_GAP = 20
    LABEL_WIDTH = 270
    BAR_AREA = 400

    @property
    def group_height(self) -> int:
        return self.BAR_HEIGHT * len(self.municipalities) + self.GROUP_GAP

    @property
    def chart_height(self) -> int:
        return self.group_height * len(self.rows) + 10

    def bars(self):
        """(theme row, y of the group, [(municipality index, count, width, y)]) for the template."""
        for index, row in enumerate(self.rows):
            top = index * self.group_height
            bars = []
            for m, count in enumerate(row.counts):
                width = round(count / self.maximum * self.BAR_AREA) if self.maximum else 0
                bars.append((m, count, width, top + m * self.BAR_HEIGHT))
            yield row, top, bars


def what_we_hear(*, months: int = 12, now=None) -> WhatWeHear:
    """Signals per theme per municipality over the last months (duplicates not counted twice)."""
    now = now or timezone.now()
    since = now - timedelta(days=round(months * 365 / 12))
    municipalities = list(Municipality.objects.order_by("name").values_list("pk", "name"))
    counts = (
        Signal.objects.filter(created_at__gte=since)
        .exclude(status=Status.DUPLICATE)
        .values("theme__name", "municipality_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table: dict[str, dict[int, int]] = {}
    for row in counts:
        theme = row["theme__name"] or _("Geen thema gekozen")
        table.setdefault(theme, {})[row["municipality_id"]] = row["n"]
    rows = [
        ThemeRow(theme=theme, counts=[per.get(pk, 0) for pk, _name in municipalities], total=sum(per.values()))
        for theme, per in table.items()
    ]
    rows.sort(key=lambda r: (-r.total, r.theme))
    maximum = max((c for r in rows for c in r.counts), default=0)
    return WhatWeHear(
        since=since,
        municipalities=[name for _pk, name in municipalities],
        rows=rows,
        maximum=maximum,
        total=sum(r.total for r in rows),
    )
