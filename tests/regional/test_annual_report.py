"""A council's annual report (issue 12, point 7): the tagged PDF and what is in it, the draft on demand, the
adoption that freezes it, and the public download."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from councils.models import SELF_EVALUATION_QUESTIONS
from ijmond_participatie.models import AnnualReport
from ijmond_participatie.regional import views_report
from ijmond_participatie.regional.report import render_annual_report
from ijmond_participatie.regional.types import Cell, Chart, Column, Figure, Row, Section
from tests import factories as f

from .helpers import advice_in_state, set_verdict

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1


def _sections(council_name: str = "Velsen") -> list[Section]:
    figure = Figure(
        slug="signalen-per-thema",
        section="signalen",
        title="Signalen per thema",
        description="Het aantal signalen per thema.",
        unit="aantal",
        columns=[Column("velsen", council_name, is_total=True)],
        rows=[
            Row("wonen", "Wonen", [Cell(23, "23")]),
            Row("jeugd", "Jeugd", [Cell(None, "< 5", suppressed=True)]),
        ],
        chart=Chart("hbars", column="velsen"),
        about_people=True,
    )
    return [Section("signalen", "Signalen", [figure])]


@pytest.fixture
def hand_built_figures(monkeypatch):
    """The views take the council's figures from regional.figures; these tests give them by hand."""
    monkeypatch.setattr(views_report, "council_sections", lambda council, period: _sections(council.name))


def _text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def _year_of_work(world) -> None:
    """Last year's advice (answered, with verdicts), a table and a submitted self-evaluation for Velsen."""
    advice = advice_in_state(
        world.velsen_council,
        "beantwoord",
        adopted_on=date(LAST_YEAR, 3, 10),
        sequence=4,
        subject="Vervoer naar de dagbesteding",
        with_recommendations=2,
    )
    first, second = advice.recommendations.order_by("number")
    set_verdict(first, "overgenomen", "We doen dit per 1 juli.")
    set_verdict(second, "deels", "Alleen in IJmuiden.")
    f.ConcludedTableFactory(
        council=world.velsen_council,
        title="Tafel mantelzorg",
        created_at=datetime(LAST_YEAR, 2, 1, tzinfo=UTC),
        concluded_at=datetime(LAST_YEAR, 9, 1, tzinfo=UTC),
    )
    f.ConcludedTableFactory(
        council=world.velsen_council,
        title="Tafel van lang geleden",
        created_at=datetime(LAST_YEAR - 3, 2, 1, tzinfo=UTC),
        concluded_at=datetime(LAST_YEAR - 3, 9, 1, tzinfo=UTC),
    )
    evaluation = f.SelfEvaluationFactory(
        council=world.velsen_council, year=LAST_YEAR, status="ingediend", conclusion="Meer jongeren bereiken."
    )
    f.SelfEvaluationAnswerFactory(evaluation=evaluation, question="bereik", score=4, reflection="Steeds beter.")


def test_report_holds_figures_advice_verdicts_tables_and_self_evaluation(world):
    _year_of_work(world)
    report = f.AnnualReportFactory(council=world.velsen_council, year=LAST_YEAR, foreword="Een bijzonder jaar.")

    text = _text(render_annual_report(report, _sections()))

    assert "Participatieraad Velsen" in text
    assert f"Jaarverslag {LAST_YEAR}" in text
    assert "Een bijzonder jaar." in text
    assert "Signalen per thema" in text and "Wonen" in text and "23" in text and "< 5" in text
    assert f"VEL-{LAST_YEAR}-004: Vervoer naar de dagbesteding" in text
    assert "Overgenomen: We doen dit per 1 juli." in text
    assert "Deels overgenomen: Alleen in IJmuiden." in text
    assert "Tafel mantelzorg" in text and "Tafel van lang geleden" not in text
    question = dict(SELF_EVALUATION_QUESTIONS)["bereik"]
    assert " ".join(str(question).split()) in text
    assert "Score: 4 van 5" in text and "Meer jongeren bereiken." in text
    assert "CONCEPT" in text


def test_a_self_evaluation_not_yet_submitted_stays_out(world):
    evaluation = f.SelfEvaluationFactory(council=world.velsen_council, year=LAST_YEAR, status="concept")
    f.SelfEvaluationAnswerFactory(evaluation=evaluation, question="bereik", reflection="Nog in concept.")
    report = AnnualReport(council=world.velsen_council, year=LAST_YEAR)

    text = _text(render_annual_report(report, []))

    assert "Nog in concept." not in text
    assert "niet ingediend" in text


def test_pdf_is_tagged_with_title_and_language(world):
    report = f.AnnualReportFactory(council=world.velsen_council, year=LAST_YEAR)
    reader = PdfReader(io.BytesIO(render_annual_report(report, _sections(), draft=False)))
    root = reader.root_object

    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "nl"
    assert reader.metadata is not None
    assert reader.metadata.title == f"Jaarverslag {LAST_YEAR} – Participatieraad Velsen"


def test_draft_says_concept_on_every_page(world):
    _year_of_work(world)
    report = f.AnnualReportFactory(council=world.velsen_council, year=LAST_YEAR)
    reader = PdfReader(io.BytesIO(render_annual_report(report, _sections() * 4)))

    assert len(reader.pages) > 1
    assert all("CONCEPT" in page.extract_text() for page in reader.pages)


# --- The pages ----------------------------------------------------------------------------------------


def _detail(council, year=LAST_YEAR) -> str:
    return reverse("annual_report_detail", kwargs={"council": council.slug, "year": year})


def _pdf(council, year=LAST_YEAR) -> str:
    return reverse("annual_report_pdf", kwargs={"council": council.slug, "year": year})


def _adopt(council, year=LAST_YEAR) -> str:
    return reverse("annual_report_adopt", kwargs={"council": council.slug, "year": year})


def _public(council, year=LAST_YEAR) -> str:
    return reverse("annual_report_public", kwargs={"council": council.slug, "year": year})


def test_member_downloads_the_draft_on_demand(client, world, hand_built_figures):
    client.force_login(world.people["lid_velsen"])

    response = client.get(_pdf(world.velsen_council))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"concept-jaarverslag-{world.velsen.slug}-{LAST_YEAR}.pdf" in response["Content-Disposition"]
    text = _text(b"".join(response.streaming_content))
    assert "CONCEPT" in text and "Signalen per thema" in text
    assert not AnnualReport.objects.exists()  # reading does not store anything


def test_foreword_is_written_by_members_only(client, world):
    client.force_login(world.people["lid_velsen"])
    response = client.post(_detail(world.velsen_council), {"foreword": "Wat een jaar.\x00"})
    assert response.status_code == 302
    assert AnnualReport.objects.get(council=world.velsen_council, year=LAST_YEAR).foreword == "Wat een jaar."
    assert client.post(_detail(world.velsen_council), {"foreword": "x" * 6_000}).status_code == 400

    client.force_login(world.people["aanjager"])
    assert client.get(_detail(world.velsen_council)).status_code == 200
    assert client.post(_detail(world.velsen_council), {"foreword": "Van de aanjager."}).status_code == 403
    client.force_login(world.people["lid_beverwijk"])
    assert client.get(_detail(world.velsen_council)).status_code == 404
    assert client.get(_pdf(world.velsen_council)).status_code == 404


def test_adoption_freezes_the_pdf_and_publishes_it(client, world, hand_built_figures):
    _year_of_work(world)
    f.AnnualReportFactory(council=world.velsen_council, year=LAST_YEAR, foreword="Ons voorwoord.")
    assert client.get(_public(world.velsen_council)).status_code == 404

    client.force_login(world.people["lid_velsen"])
    assert client.post(_adopt(world.velsen_council)).status_code == 403
    client.force_login(world.people["voorzitter_velsen"])
    assert client.get(_adopt(world.velsen_council)).status_code == 200  # the confirmation
    response = client.post(_adopt(world.velsen_council))

    assert response.status_code == 302
    report = AnnualReport.objects.get(council=world.velsen_council, year=LAST_YEAR)
    assert report.is_adopted and report.adopted_on == timezone.localdate()
    assert report.adopted_by == world.people["voorzitter_velsen"]
    with report.pdf.open("rb") as handle:
        stored = handle.read()
    assert hashlib.sha256(stored).hexdigest() == report.pdf_sha256
    assert "CONCEPT" not in _text(stored) and "Ons voorwoord." in _text(stored)

    # The frozen file is what everyone downloads; the foreword no longer changes.
    client.logout()
    public = client.get(_public(world.velsen_council))
    assert public.status_code == 200
    assert public["Content-Disposition"] == f'attachment; filename="jaarverslag-{world.velsen.slug}-{LAST_YEAR}.pdf"'
    assert b"".join(public.streaming_content) == stored
    client.force_login(world.people["lid_velsen"])
    assert b"".join(client.get(_pdf(world.velsen_council)).streaming_content) == stored
    assert client.post(_detail(world.velsen_council), {"foreword": "Later."}).status_code == 403
    client.force_login(world.people["voorzitter_velsen"])
    client.post(_adopt(world.velsen_council))
    assert AnnualReport.objects.get(pk=report.pk).pdf_sha256 == report.pdf_sha256
    # The council's public page lists it.
    page = client.get(reverse("councils:municipality_detail", args=[world.velsen.slug])).content.decode()
    assert _public(world.velsen_council) in page


def test_a_year_that_has_not_ended_is_not_adopted(client, world, hand_built_figures):
    this_year = timezone.localdate().year
    client.force_login(world.people["voorzitter_velsen"])

    response = client.post(_adopt(world.velsen_council, this_year), follow=True)

    assert "als het jaar voorbij is" in response.content.decode()
    assert not AnnualReport.objects.filter(status="vastgesteld").exists()
    assert client.get(_detail(world.velsen_council, this_year + 1)).status_code == 404
    assert client.get(_public(world.velsen_council, this_year)).status_code == 404


def test_list_shows_the_users_councils_and_all_for_region_readers(client, world):
    f.AnnualReportFactory(council=world.velsen_council, year=LAST_YEAR - 5)
    client.force_login(world.people["lid_velsen"])
    page = client.get(reverse("annual_report_list")).content.decode()
    assert world.velsen_council.name in page and world.beverwijk_council.name not in page
    assert _detail(world.velsen_council, LAST_YEAR - 5) in page  # an older report that was written
    assert _detail(world.velsen_council, LAST_YEAR) in page

    client.force_login(world.people["aanjager"])
    page = client.get(reverse("annual_report_list")).content.decode()
    for council in (world.velsen_council, world.beverwijk_council, world.heemskerk_council, world.regional_council):
        assert council.name in page
    client.force_login(world.people["inwoner"])
    assert client.get(reverse("annual_report_list")).status_code == 403


def test_list_query_count_does_not_grow_with_reports(client, world):
    client.force_login(world.people["aanjager"])
    client.get(reverse("annual_report_list"))
    counts = []
    for years in (range(2019, 2021), range(2021, 2026)):
        for council in (world.velsen_council, world.beverwijk_council, world.heemskerk_council):
            for year in years:
                f.AnnualReportFactory(council=council, year=year)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("annual_report_list")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12


def test_strange_years_and_councils_are_404(client, world):
    huge = "99999999999999999999"
    assert client.get(f"/jaarverslag/{world.velsen_council.slug}/{huge}/").status_code == 404
    assert client.get(f"/jaarverslag/bestaat-niet/{LAST_YEAR}/").status_code == 404
    client.force_login(world.people["lid_velsen"])
    assert client.get(f"/werk/jaarverslagen/{world.velsen_council.slug}/{huge}/").status_code == 404
    assert client.get(_detail(world.velsen_council, 2017)).status_code == 404
    assert client.get(f"/werk/jaarverslagen/bestaat-niet/{LAST_YEAR}/").status_code == 404
