"""The accessible SVG charts (regional/charts.py) and the figure snippet (templates/regional/_figure.html)."""

from __future__ import annotations

import re
from datetime import date
from xml.etree import ElementTree

from django.template.loader import render_to_string

from ijmond_participatie.regional.charts import render_chart
from ijmond_participatie.regional.types import Cell, Chart, Column, Figure, Period, Row

SVG = "{http://www.w3.org/2000/svg}"


def _figure(kind: str = "hbars", *, unit: str = "aantal", rows: list[Row] | None = None) -> Figure:
    columns = [Column("velsen", "Velsen"), Column("regio", "Regio", is_total=True)]
    return Figure(
        slug="signalen-per-thema",
        section="signalen",
        title="Signalen per thema <script>",
        description="Het aantal signalen dat binnenkwam, per thema & maand.",
        unit=unit,
        columns=columns,
        rows=rows
        if rows is not None
        else [
            Row("wonen", "Wonen", [Cell(12, "12", url="/werk/signalen/?thema=1"), Cell(40, "40")]),
            Row("zorg", "Zorg <b>en</b> welzijn", [Cell(3, "3"), Cell(18, "18")]),
            Row("jeugd", "Jeugd", [Cell(None, "< 5", suppressed=True), Cell(None, "< 5", suppressed=True)]),
        ],
        chart=Chart(kind=kind, column="regio"),
        about_people=True,
    )


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - our own output


def _texts(root: ElementTree.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_svg_is_an_image_labelled_by_its_title_and_description():
    root = _parse(render_chart(_figure()))

    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Signalen per thema <script>"
    assert desc.text == "Het aantal signalen dat binnenkwam, per thema & maand."
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+ [\d.]+", root.get("viewBox", ""))


def test_a_bar_per_row_with_its_value_and_no_bar_for_a_suppressed_cell():
    for kind in ("hbars", "bars"):
        root = _parse(render_chart(_figure(kind)))
        bars = root.findall(f".//{SVG}g[@class='ijmond-figure-chart__bars']/{SVG}rect")
        texts = _texts(root)

        assert len(bars) == 2, kind  # Wonen and Zorg; Jeugd is hidden by the minimum-group rule
        assert {"40", "18", "< 5"} <= set(texts), kind
        # The regional column is drawn: the larger bar is Wonen (40) and it is the longest.
        sizes = [float(bar.get("width" if kind == "hbars" else "height", "0")) for bar in bars]
        assert sizes[0] > sizes[1], kind
        assert "12" not in texts  # Velsen's column is not the chart's


def test_suppressed_value_never_appears_in_the_drawing():
    rows = [Row("a", "Eén", [Cell(3, "< 5", suppressed=True), Cell(3, "< 5", suppressed=True)])]
    svg = render_chart(_figure(rows=rows))

    assert "< 5" in _texts(_parse(svg))
    assert ">3<" not in svg
    assert "<rect" not in svg


def test_text_is_escaped():
    svg = str(render_chart(_figure()))

    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    assert "Zorg &lt;b&gt;en&lt;/b&gt; welzijn" in svg


def test_colours_follow_current_color_not_a_colour_per_municipality():
    svg = str(render_chart(_figure()))

    assert 'fill="currentColor"' in svg
    assert not re.search(r'fill="#[0-9a-fA-F]{3,6}"', svg)


def test_percent_values_show_a_percent_sign():
    rows = [Row("q1", "Kwartaal 1", [Cell(45, "45"), Cell(45.0, "45")])]
    texts = _texts(_parse(render_chart(_figure("bars", unit="procent", rows=rows))))

    assert "45%" in texts


def test_long_labels_are_cut_with_the_full_label_as_title():
    long_label = "Wonen, zorg en welzijn voor ouderen die thuis willen blijven wonen in hun eigen wijk"
    rows = [Row("lang", long_label, [Cell(8, "8"), Cell(8, "8")])]
    root = _parse(render_chart(_figure(rows=rows)))

    titles = [element.text for element in root.iter(f"{SVG}title")]
    assert long_label in titles
    assert all(len(text) < len(long_label) for text in _texts(root))


def test_no_chart_without_chart_or_rows():
    figure = _figure()
    figure.chart = None
    assert render_chart(figure) == ""
    assert render_chart(_figure(rows=[])) == ""


def test_figure_snippet_has_table_with_caption_links_and_csv(client):
    period = Period(start=date(2026, 1, 1), end=date(2026, 6, 1))
    html = render_to_string("regional/_figure.html", {"figure": _figure(), "period": period})

    assert '<div class="ijmond-table-wrap ijmond-figure__table" role="region" aria-label="' in html
    assert 'tabindex="0"' in html
    assert "<caption" in html and "De cijfers: Signalen per thema &lt;script&gt;" in html
    assert '<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">Velsen</th>' in html
    assert '<a class="utrecht-link" href="/werk/signalen/?thema=1">12</a>' in html
    assert "/regio/dashboard/csv/signalen-per-thema/?van=2026-01&amp;tot=2026-06" in html
    assert 'role="img"' in html
    assert "&lt; 5" in html
