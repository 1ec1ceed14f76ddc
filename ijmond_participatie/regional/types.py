"""The shape of the dashboard's figures, shared by the page, the charts, the CSV export and the annual report.

A figure is a small table: rows (a theme, a month, a status) by columns (each council, then the region's
total). Every cell knows its number, how it is written, whether the minimum-group rule hid it and which
list it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# No figure about fewer than this many people is shown (the minimum-group rule), so nobody is singled out.
MIN_GROUP = 5


@dataclass(frozen=True)
class Period:
    """Whole calendar months, from the first day of ``start`` to the last day of ``end``'s month."""

    start: date  # first day of the first month
    end: date  # first day of the last month

    @property
    def months(self) -> list[date]:
        months, current = [], self.start
        while current <= self.end:
            months.append(current)
            current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
        return months

    @property
    def last_day(self) -> date:
        following = date(self.end.year + self.end.month // 12, self.end.month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)

    @property
    def query(self) -> str:
        """The period as the dashboard's query string: ``van=2026-01&tot=2026-12``."""
        return f"van={self.start:%Y-%m}&tot={self.end:%Y-%m}"


@dataclass(frozen=True)
class Column:
    key: str  # a council's slug, or "regio" for the region's total
    label: str
    is_total: bool = False


@dataclass(frozen=True)
class Cell:
    value: float | None  # None: hidden by the minimum-group rule, or nothing to compute (no data)
    display: str  # as written on the page and in the CSV ("12", "45%", "3 dagen", "< 5", "–")
    suppressed: bool = False  # hidden by the minimum-group rule
    url: str = ""  # the list behind the number, as the user may see it ("" when there is none)


@dataclass(frozen=True)
class Row:
    key: str  # stable key for the CSV ("2026-03", a theme's slug, a status)
    label: str
    cells: list[Cell]
    unit: str = ""  # when this row's unit differs from the figure's (a share under counts)


@dataclass(frozen=True)
class Chart:
    """How to draw the figure: bars of one column (usually the region's total) over the rows."""

    kind: str  # "bars" (vertical, for months) or "hbars" (horizontal, for categories)
    column: str = "regio"


@dataclass
class Figure:
    slug: str  # stable, used in the CSV's URL: "signalen-per-thema"
    section: str  # "signalen", "agenda", "betrokkenheid", "tafels", "adviezen", "raden"
    title: str
    description: str  # what is counted, and how (shown under the title and as the chart's description)
    unit: str  # "aantal", "procent", "dagen"
    columns: list[Column]
    rows: list[Row]
    chart: Chart | None = None
    about_people: bool = False  # the minimum-group rule applies
    note: str = ""

    def column_index(self, key: str) -> int:
        return [column.key for column in self.columns].index(key)


@dataclass
class Section:
    slug: str
    title: str
    figures: list[Figure] = field(default_factory=list)
