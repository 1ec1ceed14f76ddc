"""The figures as CSV (regional/csv_export.py): Dutch Excel's form, the minimum-group rule, no formulas."""

from __future__ import annotations

import csv
import io
from datetime import date

from ijmond_participatie.regional.csv_export import HEADER, figure_csv_response, sections_csv_response
from ijmond_participatie.regional.types import Cell, Chart, Column, Figure, Period, Row, Section

PERIOD = Period(start=date(2026, 1, 1), end=date(2026, 3, 1))


def _figure() -> Figure:
    return Figure(
        slug="adviezen-reactie",
        section="adviezen",
        title="Reactie binnen de termijn",
        description="Het deel van de adviezen dat op tijd beantwoord werd.",
        unit="procent",
        columns=[Column("velsen", "Velsen"), Column("regio", "Regio", is_total=True)],
        rows=[
            Row("2026-01", "januari 2026", [Cell(45.5, "45,5%"), Cell(60, "60%")]),
            Row("=cmd", '=HYPERLINK("http://x")', [Cell(3, "< 5", suppressed=True), Cell(None, "–")]),
        ],
        chart=Chart("bars"),
        about_people=True,
    )


def _read(response) -> tuple[bytes, list[list[str]]]:
    body = response.content
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_figure_csv_has_bom_separator_header_and_a_line_per_cell():
    response = figure_csv_response(_figure(), PERIOD, section_title="Adviezen")
    body, lines = _read(response)

    assert body.startswith("\ufeff".encode())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="adviezen-reactie-2026-01-tot-2026-03.csv"'
    assert body.decode("utf-8-sig").splitlines()[0] == ";".join(HEADER)
    assert lines[1] == [
        "Adviezen",
        "Reactie binnen de termijn",
        "januari 2026",
        "Velsen",
        "45,5",
        "procent",
        "2026-01-01",
        "2026-03-31",
    ]
    assert lines[2][3:5] == ["Regio", "60"]
    assert len(lines) == 1 + 4


def test_suppressed_cells_are_written_as_less_than_five_never_the_number():
    _body, lines = _read(figure_csv_response(_figure(), PERIOD))
    suppressed = [line for line in lines[1:] if line[3] == "Velsen" and line[2] != "januari 2026"]

    assert suppressed[0][4] == "< 5"
    assert all(line[4] != "3" for line in lines[1:])
    # Nothing to compute: an empty value, not a zero.
    assert [line[4] for line in lines[1:] if line[3] == "Regio"][-1] == ""


def test_formulas_are_defused():
    _body, lines = _read(figure_csv_response(_figure(), PERIOD))

    assert lines[3][2] == '\'=HYPERLINK("http://x")'
    assert not any(cell.startswith(("=", "+", "@")) for line in lines for cell in line)


def test_sections_csv_holds_every_figure_of_every_section():
    other = _figure()
    other.slug, other.title = "tweede", "Tweede cijfer"
    sections = [Section("adviezen", "Adviezen", [_figure()]), Section("raden", "De raden", [other])]
    response = sections_csv_response(sections, PERIOD, "jaarverslag-velsen-2026.csv")
    _body, lines = _read(response)

    assert response["Content-Disposition"] == 'attachment; filename="jaarverslag-velsen-2026.csv"'
    assert {line[0] for line in lines[1:]} == {"Adviezen", "De raden"}
    assert len(lines) == 1 + 8
    default_name = sections_csv_response(sections, PERIOD)["Content-Disposition"]
    assert default_name == 'attachment; filename="regionale-cijfers-2026-01-tot-2026-03.csv"'
