"""Every figure of the regional dashboard against numbers worked out by hand on a small dataset (the
``dataset`` fixture in tests/regional/conftest.py)."""

from __future__ import annotations

from datetime import date

import pytest

from councils.models import Theme
from ijmond_participatie.regional.figures import Links, dashboard_sections, median_days, protect_row
from ijmond_participatie.regional.rollups import rollups_refresh
from ijmond_participatie.regional.types import Cell, Figure

from .. import factories as f
from .conftest import NOW, QUARTER, TODAY, at, signal_at


def _figures(links: Links | None = None) -> dict[str, Figure]:
    sections = dashboard_sections(period=QUARTER, links=links or Links(), today=TODAY)
    return {figure.slug: figure for section in sections for figure in section.figures}


def _row(figure: Figure, key: str) -> dict[str, Cell]:
    row = next(row for row in figure.rows if row.key == key)
    return {column.key: cell for column, cell in zip(figure.columns, row.cells, strict=True)}


def _shown(figure: Figure, key: str) -> dict[str, str]:
    return {column: cell.display for column, cell in _row(figure, key).items()}


pytestmark = pytest.mark.django_db


def test_signals_per_theme_with_the_minimum_group_rule(dataset):
    theme = Theme.objects.get(slug="vervoer")
    row = _shown(_figures()["signalen-per-thema"], str(theme.pk))
    # Velsen 6, Beverwijk 3 (hidden), regional 1 (hidden): two council cells hidden, no second hiding needed.
    assert row == {
        "participatieraad-beverwijk": "< 5",
        "participatieraad-heemskerk": "0",
        "participatieraad-velsen": "6",
        "regionale-ijmond": "< 5",
        "regio": "10",
    }


def test_one_hidden_cell_hides_the_next_smallest_too():
    cells = [Cell(None, "< 5", suppressed=True), Cell(12, "12"), Cell(7, "7"), Cell(0, "0"), Cell(22, "22")]
    protected = protect_row(cells, council_count=4)
    assert [cell.display for cell in protected] == ["< 5", "12", "< 5*", "0", "22"]
    assert protected[2].suppressed


def test_signals_per_month(dataset):
    figure = _figures()["signalen-per-maand"]
    assert [row.key for row in figure.rows] == ["2026-01", "2026-02", "2026-03"]
    # Velsen's 6 is hidden too: else 7 minus 6 would give away the regional council's single signal.
    assert _shown(figure, "2026-01")["participatieraad-velsen"] == "< 5*"
    assert _shown(figure, "2026-01")["regionale-ijmond"] == "< 5"
    assert _shown(figure, "2026-01")["regio"] == "7"
    assert _shown(figure, "2026-02")["participatieraad-beverwijk"] == "< 5"
    assert _shown(figure, "2026-03")["regio"] == "0"


def test_how_signals_are_answered(dataset):
    figure = _figures()["signalen-afhandeling"]
    assert _shown(figure, "ontvangen")["participatieraad-velsen"] == "6"
    assert _shown(figure, "beantwoord")["participatieraad-velsen"] == "83%"  # 5 of 6
    assert _shown(figure, "eerste-reactie")["participatieraad-velsen"] == "2 dagen"  # median of 1, 1, 2, 3, 5
    assert _shown(figure, "afronding")["participatieraad-velsen"] == "4 dagen"  # median of 2, 4, 4, 6, 10
    assert _shown(figure, "tevredenheid")["participatieraad-velsen"] == "80%"  # 4 of 5 said it helped
    # One reopen request: a count about people below five is hidden.
    assert _shown(figure, "heropening")["participatieraad-velsen"] == "< 5"
    # Beverwijk's three signals: no share or median over fewer than five.
    assert _shown(figure, "beantwoord")["participatieraad-beverwijk"] == "< 5"


def test_agenda_figures(dataset):
    figures = _figures()
    assert _shown(figures["agenda-herkomst"], "gemeente")["participatieraad-velsen"] == "2"
    assert _shown(figures["agenda-herkomst"], "inwonersvoorstel")["regio"] == "1"
    assert _shown(figures["agenda-status"], "afgerond")["participatieraad-velsen"] == "1"


def test_early_involvement(dataset):
    figures = _figures()
    assert _shown(figures["verzoeken-fase"], "verkenning")["participatieraad-velsen"] == "2"
    assert _shown(figures["verzoeken-fase"], "besluitvorming")["participatieraad-velsen"] == "1"
    on_time = _shown(figures["verzoeken-op-tijd"], "aandeel-op-tijd")
    assert on_time["participatieraad-velsen"] == "33%"  # 1 in time of 3 (one late, one overdue)
    assert on_time["participatieraad-heemskerk"] == "–"


def test_tables_participants_and_meetings(dataset):
    figures = _figures()
    assert _shown(figures["tafels"], "actief")["participatieraad-velsen"] == "1"
    assert _shown(figures["tafels"], "in_oprichting")["participatieraad-velsen"] == "1"
    assert (
        _shown(figures["tafels"], "clientplaats")["participatieraad-velsen"] == "100%"
    )  # the table past forming has one
    assert _shown(figures["deelnemers"], "jongere")["participatieraad-velsen"] == "5"
    assert _shown(figures["deelnemers"], "client")["participatieraad-velsen"] == "< 5"
    assert _shown(figures["deelnemers"], "jongeren")["participatieraad-velsen"] == "83%"  # 5 of 6
    assert (
        _shown(figures["bijeenkomsten"], "tafel")["participatieraad-velsen"] == "2"
    )  # the cancelled one does not count
    assert _shown(figures["bijeenkomsten"], "uitgenodigd")["participatieraad-velsen"] == "6"
    assert _shown(figures["bijeenkomsten"], "opkomst")["participatieraad-velsen"] == "80%"  # 4 of the 5 recorded


def test_advice_figures(dataset):
    figures = _figures()
    assert _shown(figures["adviezen-soort"], "gevraagd")["participatieraad-velsen"] == "1"
    assert _shown(figures["adviezen-soort"], "ongevraagd")["participatieraad-velsen"] == "1"
    term = figures["adviezen-reactietermijn"]
    assert _shown(term, "op_tijd")["participatieraad-velsen"] == "1"
    assert _shown(term, "te_laat")["participatieraad-velsen"] == "1"
    assert _shown(term, "aandeel-op-tijd")["participatieraad-velsen"] == "50%"
    assert _shown(figures["aanbevelingen"], "overgenomen")["participatieraad-velsen"] == "2"
    assert _shown(figures["aanbevelingen"], "deels")["participatieraad-velsen"] == "1"
    overdue = figures["adviezen-over-termijn"]
    assert [row.key for row in overdue.rows] == ["VEL-2026-002"]
    assert _shown(overdue, "VEL-2026-002")["dagen"] == "19"  # due 1 March, today 20 March


def test_support_requests(dataset):
    figure = _figures()["ondersteuning"]
    assert _shown(figure, "gevraagd")["participatieraad-velsen"] == "3"
    assert _shown(figure, "open")["participatieraad-velsen"] == "1"
    assert _shown(figure, "op-tijd")["participatieraad-velsen"] == "50%"  # 1 in time, 1 late; the open one not yet due
    assert _shown(figure, "doorlooptijd")["participatieraad-velsen"] == "11,5 dagen"  # median of 3 and 20


def test_links_follow_what_the_user_may_open(dataset):
    theme = Theme.objects.get(slug="vervoer")
    closed = _row(_figures()["signalen-per-thema"], str(theme.pk))["participatieraad-velsen"]
    assert closed.url == ""  # without the right to open the signals list, the number links nowhere
    opened = _row(_figures(Links(signals=True))["signalen-afhandeling"], "ontvangen")["participatieraad-velsen"]
    assert opened.url.startswith("/werk/signalen/?")
    assert f"council={dataset.velsen_council.pk}" in opened.url
    assert "date_from=2026-01-01" in opened.url and "date_to=2026-03-31" in opened.url


def test_median_of_a_histogram():
    assert median_days({}) is None
    assert median_days({3: 1}) == 3
    assert median_days({1: 2, 5: 2}) == 3
    assert median_days({0: 1, 2: 1, 9: 1}) == 2


def test_query_count_does_not_grow_with_the_data(dataset, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        _figures(Links(signals=True, advice=True))
    for _ in range(20):
        signal_at(dataset.velsen, Theme.objects.get(slug="vervoer"), at(date(2026, 2, 2)))
    rollups_refresh(now=NOW)
    with django_assert_max_num_queries(12):
        figures = _figures(Links(signals=True, advice=True))
    assert _shown(figures["signalen-afhandeling"], "ontvangen")["participatieraad-velsen"] == "26"


def test_every_figure_leads_to_a_list_for_the_aanjager(dataset):
    everything = Links(
        signals=True, agenda=True, requests=True, tables=True, meetings=True, advice=True, support=True, councils=True
    )
    for slug, figure in _figures(everything).items():
        if not any(cell.value for row in figure.rows for cell in row.cells):
            continue  # nothing in the period (the dataset has no residents' proposals)
        urls = [cell.url for row in figure.rows for cell in row.cells if cell.url]
        assert urls, f"{slug} links to no list"
    # Without any list to open, nothing links.
    assert not any(cell.url for figure in _figures().values() for row in figure.rows for cell in row.cells)


def test_seats_count_people_and_terms_ending_within_six_months(world):
    today = TODAY
    council = world.beverwijk_council
    chair = f.UserFactory()
    # One person with two roles on the council holds one seat; a term ending in two months is "ending".
    f.MembershipFactory(person=chair, council=council, role="voorzitter", term_start=date(2025, 1, 1))
    f.MembershipFactory(
        person=chair, council=council, role="raadslid", term_start=date(2025, 1, 1), term_end=date(2026, 5, 20)
    )
    f.MembershipFactory(council=council, term_start=date(2025, 1, 1), term_end=date(2027, 1, 1))
    rollups_refresh(now=NOW)
    figure = dashboard_sections(period=QUARTER, links=Links(), today=today)[-1].figures[0]
    assert figure.slug == "raden-zetels"
    # lid_beverwijk (from the world), the chair and one more: three people.
    assert _shown(figure, "bezet")["participatieraad-beverwijk"] == "3"
    assert _shown(figure, "termijn-loopt-af")["participatieraad-beverwijk"] == "1"
    assert _shown(figure, "vacatures")["participatieraad-beverwijk"] == str(council.seat_count - 3)
