"""The figures as CSV, one line per cell, in the form Dutch Excel opens without a wizard (``;``, UTF-8 with
a byte-order mark; cells that look like a formula are defused: see ``members.csv_io``).

A cell hidden by the minimum-group rule is written as "< 5", never as its number.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from members.csv_io import write_csv

from .charts import SUPPRESSED_TEXT
from .types import Cell, Figure, Period, Section

HEADER = ("sectie", "cijfer", "rij", "kolom", "waarde", "eenheid", "periode_van", "periode_tot")


def _value(cell: Cell) -> str:
    """The number as Dutch Excel reads it: a decimal comma, no thousands separator."""
    if cell.suppressed:
        return SUPPRESSED_TEXT
    if cell.value is None:
        return ""
    value = float(cell.value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def figure_lines(section_title: str, figure: Figure, period: Period) -> Iterator[list[str]]:
    start, end = period.start.isoformat(), period.last_day.isoformat()
    for row in figure.rows:
        for column, cell in zip(figure.columns, row.cells, strict=False):
            yield [section_title, figure.title, row.label, column.label, _value(cell), figure.unit, start, end]


def _response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


def _period_part(period: Period) -> str:
    return f"{period.start:%Y-%m}-tot-{period.end:%Y-%m}"


def sections_csv_response(sections: Sequence[Section], period: Period, filename: str = "") -> HttpResponse:
    """Every figure of ``sections`` in one file (the whole dashboard, or an annual report's figures)."""
    lines: Iterable[list[str]] = (
        line
        for section in sections
        for figure in section.figures
        for line in figure_lines(section.title, figure, period)
    )
    return _response(write_csv(HEADER, lines), filename or f"regionale-cijfers-{_period_part(period)}.csv")


def figure_csv_response(figure: Figure, period: Period, section_title: str = "") -> HttpResponse:
    """One figure's cells; the section's title defaults to the figure's section key."""
    lines = figure_lines(section_title or figure.section, figure, period)
    return _response(write_csv(HEADER, lines), f"{figure.slug}-{_period_part(period)}.csv")
