"""Reads on signals: public statistics (counts only, never text or personal data), and how a member's
page shows other signals (duplicates and their original)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.models import Council, Municipality

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


@dataclass(frozen=True)
class SignalLink:
    """Another signal as a member's page shows it: its tracking code and a link only when the member may
    see that signal; otherwise its number ("signaal #123") and the council that handles it."""

    signal: Signal
    visible: bool
    council: str = ""  # only for a signal the member may not see

    @property
    def label(self) -> str:
        return self.signal.tracking_code if self.visible else self.signal.number_label

    @property
    def url(self) -> str:
        return self.signal.get_absolute_url() if self.visible else ""


def signal_links(user, signals: Iterable[Signal]) -> list[SignalLink]:
    """Links to ``signals`` on ``user``'s page, in the same order; at most two queries.

    Pass the signals with ``municipality__council`` selected, as ``Signal.objects.with_council()`` does.
    """
    signals = list(signals)
    if not signals:
        return []
    visible = set(Signal.objects.for_user(user).filter(pk__in=[s.pk for s in signals]).values_list("pk", flat=True))
    hidden = [s for s in signals if s.pk not in visible]
    regional: dict[int, str] = {}
    if any(s.handled_regionally for s in hidden):
        regional = dict(Council.objects.regional().values_list("region_id", "name"))

    def council(signal: Signal) -> str:
        if signal.handled_regionally:
            return regional.get(signal.municipality.region_id, "")
        local = getattr(signal.municipality, "council", None)  # None when the municipality has no council
        return local.name if local else signal.municipality.name

    return [
        SignalLink(signal=s, visible=True)
        if s.pk in visible
        else SignalLink(signal=s, visible=False, council=council(s))
        for s in signals
    ]


def duplicate_links(user, signal: Signal) -> tuple[SignalLink | None, list[SignalLink]]:
    """The original ``signal`` waits for, and the signals that wait for it, as ``user``'s page shows them."""
    original = [signal.duplicate_of] if signal.duplicate_of_id else []
    links = signal_links(user, [*original, *signal.duplicates.with_council()])
    return (links[0], links[1:]) if original else (None, links)
