"""The dashboard's charts, drawn on the server as inline SVG: no JavaScript, readable by a screen reader
(``role="img"`` with the figure's title and description), in print and in Windows high-contrast mode.

One series per chart (the figure's ``chart.column``, usually the region's total), drawn in
``currentColor``: the page's CSS gives the bars their colour (``.ijmond-figure-chart__bars``) and the
system colours in forced-colors mode; without CSS (a PDF, a feed reader) they are the text colour. Every
bar carries its number as text; a cell hidden by the minimum-group rule has no bar, only "< 5". The
numbers are also in the table beside the chart (``templates/regional/_figure.html``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .types import Cell, Figure

SUPPRESSED_TEXT = "< 5"
# Sizes in the SVG's own units; the drawing scales to the width of its container (viewBox, width 100%).
# Narrow drawings keep the text readable on a phone (390 px): about 0.8 of these sizes there.
WIDTH = 440
COLUMNS_WIDTH = 400
FONT = 14
SMALL_FONT = 12
# Horizontal bars: the labels' column on the left, room for the number after the longest bar.
LABEL_WIDTH = 170
VALUE_ROOM = 56
ROW_HEIGHT = 38
BAR_THICKNESS = 18
# Vertical bars: room for the numbers above the bars and two lines of labels below them.
PLOT_HEIGHT = 180
TOP_ROOM = 24
BOTTOM_ROOM = 40
# An average character in the chart's sans-serif is about this wide, as a share of the font size.
CHARACTER_WIDTH = 0.56


@dataclass(frozen=True)
class _Bar:
    label: str
    text: str  # the number as written beside the bar ("12", "45%", "< 5", "–")
    value: float  # 0 when there is no bar


def _number(value: float) -> str:
    """Coordinates are never localised: a decimal comma would break the drawing."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _cell_text(cell: Cell, unit: str) -> str:
    if cell.suppressed:
        return SUPPRESSED_TEXT
    text = cell.display or ("–" if cell.value is None else _number(cell.value))
    if unit == "procent" and cell.value is not None and not text.endswith("%"):
        text = f"{text}%"
    return text


def _bars(figure: Figure) -> list[_Bar]:
    column = figure.chart.column if figure.chart else "regio"
    try:
        index = figure.column_index(column)
    except ValueError:
        index = len(figure.columns) - 1
    bars = []
    for row in figure.rows:
        cell = row.cells[index] if 0 <= index < len(row.cells) else Cell(value=None, display="–")
        value = 0.0 if cell.suppressed or cell.value is None else max(float(cell.value), 0.0)
        bars.append(_Bar(label=row.label, text=_cell_text(cell, figure.unit), value=value))
    return bars


def _wrap(text: str, max_chars: int, max_lines: int = 2) -> tuple[list[str], bool]:
    """The label in at most ``max_lines`` lines of ``max_chars``; True when something was cut off."""
    max_chars = max(max_chars, 2)
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= max_chars:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
    if current:
        lines.append(current)
    cut = len(lines) > max_lines or any(len(line) > max_chars for line in lines)
    lines = lines[:max_lines]
    if cut:
        last = lines[-1] if lines else ""
        lines[-1:] = [last[: max_chars - 1].rstrip() + "…"]
        lines = [line if len(line) <= max_chars else line[: max_chars - 1] + "…" for line in lines]
    return lines or [""], cut


def _label(lines: list[str], full: str, cut: bool, *, x: float, y: float, anchor: str, line_height: float) -> str:
    spans = "".join(
        f'<tspan x="{_number(x)}" dy="{_number(0 if i == 0 else line_height)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    text = (
        f'<text class="ijmond-figure-chart__label" x="{_number(x)}" y="{_number(y)}" '
        f'text-anchor="{anchor}" font-size="{SMALL_FONT}">{spans}</text>'
    )
    # A shortened label keeps its full wording as a tooltip.
    return f"<g><title>{escape(full)}</title>{text}</g>" if cut else text


def _scale_max(figure: Figure, bars: list[_Bar]) -> float:
    largest = max((bar.value for bar in bars), default=0.0)
    if figure.unit == "procent":
        return max(100.0, largest)
    return largest or 1.0


def _horizontal(figure: Figure, bars: list[_Bar]) -> tuple[float, list[str]]:
    plot_left = LABEL_WIDTH + 8
    plot_width = WIDTH - plot_left - VALUE_ROOM
    top = max(_scale_max(figure, bars), 1.0)
    max_chars = int((LABEL_WIDTH - 4) / (SMALL_FONT * CHARACTER_WIDTH))
    parts: list[str] = []
    bar_parts: list[str] = []
    for i, bar in enumerate(bars):
        y = 6 + i * ROW_HEIGHT
        bar_y = y + (ROW_HEIGHT - BAR_THICKNESS) / 2
        lines, cut = _wrap(bar.label, max_chars)
        first_line_y = bar_y + BAR_THICKNESS / 2 + SMALL_FONT * 0.35 - (len(lines) - 1) * SMALL_FONT * 0.55
        parts.append(
            _label(lines, bar.label, cut, x=LABEL_WIDTH, y=first_line_y, anchor="end", line_height=SMALL_FONT * 1.1)
        )
        width = plot_width * bar.value / top
        if width > 0:
            bar_parts.append(
                f'<rect x="{_number(plot_left)}" y="{_number(bar_y)}" width="{_number(width)}" '
                f'height="{BAR_THICKNESS}"></rect>'
            )
        parts.append(
            f'<text class="ijmond-figure-chart__value" x="{_number(plot_left + width + 6)}" '
            f'y="{_number(bar_y + BAR_THICKNESS / 2 + FONT * 0.35)}" font-size="{FONT}">{escape(bar.text)}</text>'
        )
    height = 12 + len(bars) * ROW_HEIGHT
    axis = (
        f'<line class="ijmond-figure-chart__axis" x1="{_number(plot_left)}" y1="2" x2="{_number(plot_left)}" '
        f'y2="{_number(height - 4)}" stroke="currentColor" stroke-width="1"></line>'
    )
    return height, [_bar_group(bar_parts), *parts, axis]


def _vertical(figure: Figure, bars: list[_Bar]) -> tuple[float, list[str]]:
    left, right = 4, 4
    slot = (COLUMNS_WIDTH - left - right) / max(len(bars), 1)
    bar_width = min(slot * 0.64, 64)
    top = max(_scale_max(figure, bars), 1.0)
    baseline = TOP_ROOM + PLOT_HEIGHT
    max_chars = int(slot / (SMALL_FONT * CHARACTER_WIDTH))
    # The numbers above the bars shrink a little where the bars are narrow (a year of months).
    value_font = FONT if slot >= 44 else SMALL_FONT if slot >= 30 else 10
    parts: list[str] = []
    bar_parts: list[str] = []
    for i, bar in enumerate(bars):
        centre = left + slot * i + slot / 2
        height = PLOT_HEIGHT * bar.value / top
        if height > 0:
            bar_parts.append(
                f'<rect x="{_number(centre - bar_width / 2)}" y="{_number(baseline - height)}" '
                f'width="{_number(bar_width)}" height="{_number(height)}"></rect>'
            )
        parts.append(
            f'<text class="ijmond-figure-chart__value" x="{_number(centre)}" y="{_number(baseline - height - 6)}" '
            f'text-anchor="middle" font-size="{value_font}">{escape(bar.text)}</text>'
        )
        lines, cut = _wrap(bar.label, max_chars)
        parts.append(
            _label(
                lines,
                bar.label,
                cut,
                x=centre,
                y=baseline + SMALL_FONT + 4,
                anchor="middle",
                line_height=SMALL_FONT * 1.15,
            )
        )
    axis = (
        f'<line class="ijmond-figure-chart__axis" x1="{left}" y1="{_number(baseline)}" x2="{COLUMNS_WIDTH - right}" '
        f'y2="{_number(baseline)}" stroke="currentColor" stroke-width="1"></line>'
    )
    return baseline + BOTTOM_ROOM, [_bar_group(bar_parts), *parts, axis]


def _bar_group(bar_parts: list[str]) -> str:
    return f'<g class="ijmond-figure-chart__bars" fill="currentColor">{"".join(bar_parts)}</g>'


def chart_id(figure: Figure) -> str:
    return f"grafiek-{figure.slug}"


def render_chart(figure: Figure) -> SafeString:
    """The figure's chart as inline SVG ("" when the figure has no chart or no rows)."""
    if figure.chart is None or not figure.rows:
        return mark_safe("")  # noqa: S308 - an empty string
    bars = _bars(figure)
    if figure.chart.kind == "bars":
        width, (height, parts) = COLUMNS_WIDTH, _vertical(figure, bars)
    else:
        width, (height, parts) = WIDTH, _horizontal(figure, bars)
    base = escape(chart_id(figure))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ijmond-figure-chart" role="img" '
        f'aria-labelledby="{base}-titel {base}-beschrijving" viewBox="0 0 {width} {_number(height)}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" fill="currentColor" '
        f'font-family="inherit">'
        f'<title id="{base}-titel">{escape(figure.title)}</title>'
        f'<desc id="{base}-beschrijving">{escape(figure.description)}</desc>'
        f"{''.join(parts)}</svg>"
    )
    # Every text in the drawing went through escape(); the rest are numbers and fixed markup.
    return mark_safe(svg)  # noqa: S308
