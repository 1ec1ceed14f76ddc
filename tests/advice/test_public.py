"""The public advice pages (issue 11, acceptance 6 and 7): the archive with search and filters, an advice's
page (recommendations and the college's verdicts side by side, the chain it came from), the frozen PDF and
the college's letter as downloads, the Atom feed and "Wat is ermee gedaan". Only published advice exists
here: drafts, adopted-but-unsent, confidential and not-yet-published advice are a 404 everywhere, and a
confidentiality ends by itself on its end date."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from typing import cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from advice import services
from advice.cache import bump_public_advice_version
from advice.models import Advice, AdviceStatus, CollegeResponse, Recommendation, Verdict
from advice.selectors import ArchiveFilters, archive_queryset, feed_items
from advice.services import VerdictInput

from .. import factories as f
from ..tables.test_rule_1 import make_table

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("advice:archive")
FEED = reverse("advice:feed")
WHAT_WAS_DONE = reverse("advice:what_was_done")
ATOM = "{http://www.w3.org/2005/Atom}"
FAKE_PDF = b"%PDF-1.7\n% advies\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LETTER_PDF = b"%PDF-1.4\n% brief van het college\n%%EOF\n"

_sequence = itertools.count(1)


@pytest.fixture(autouse=True)
def _fake_pdf(monkeypatch):
    """The letter's renderer (WeasyPrint) is the PDF tests' subject; here any small PDF will do."""
    monkeypatch.setattr("advice.pdf.render_advice_pdf", lambda advice: FAKE_PDF)


def today() -> date:
    return timezone.localdate()


def publish(
    council,
    *,
    subject: str | None = None,
    recommendations: int = 2,
    published_on: date | None = None,
    status: str = AdviceStatus.SENT,
    confidential_until: date | None = None,
    response_due_on: date | None = None,
    **fields,
) -> Advice:
    """A sent advice, made fast: a draft from the factory, then the adopted and sent fields set directly."""
    extra = {"subject": subject} if subject else {}
    draft = cast(Advice, f.AdviceFactory(council=council, with_recommendations=recommendations, **extra, **fields))
    sequence = next(_sequence)
    sent_on = (published_on or today()) - timedelta(days=1)
    Advice.objects.filter(pk=draft.pk).update(
        status=status,
        number=f"{council.code}-{sent_on.year}-{sequence:03d}",
        number_year=sent_on.year,
        number_sequence=sequence,
        adopted_on=sent_on,
        sent_at=timezone.now() - timedelta(days=(today() - sent_on).days),
        published_on=published_on or today(),
        response_due_on=response_due_on or sent_on + timedelta(weeks=6),
        confidential_until=confidential_until,
        confidential_reason="Nog in overleg met de aanbieders." if confidential_until else "",
    )
    # A QuerySet.update sends no post_save: start a new version of the public pages, as a service would.
    bump_public_advice_version()
    return Advice.objects.get(pk=draft.pk)


def respond(advice: Advice, *verdicts: str, received_on: date | None = None, letter_pdf: bytes | None = None):
    """The college's response through the service: one verdict per recommendation, in order."""
    recommendations = list(advice.recommendations.order_by("number"))
    given = {
        r.pk: VerdictInput(verdict=v, reasons="" if v == Verdict.ADOPTED else f"Reden bij {r.number}.")
        for r, v in zip(recommendations, verdicts, strict=True)
    }
    response = services.advice_record_response(
        advice=advice,
        by=None,
        received_on=received_on or today(),
        letter_text="Het college dankt de raad voor het advies.",
        verdicts=given,
        letter_pdf=letter_pdf,
    )
    advice.refresh_from_db()
    return response


def detail_url(advice: Advice) -> str:
    return reverse("advice:detail", kwargs={"number": advice.number})


def pdf_url(advice: Advice) -> str:
    return reverse("advice:pdf", kwargs={"number": advice.number})


def letter_url(advice: Advice) -> str:
    return reverse("advice:response_letter", kwargs={"number": advice.number})


def numbers(response) -> list[str]:
    """The numbers of the advice listed, in order (read from the page: a drawn list comes from the cache)."""
    return re.findall(r'<span class="ijmond-code">([A-Z]{3}-\d{4}-\d{3,6})</span>', response.content.decode())


def archive_numbers(client, **params) -> list[str]:
    return numbers(client.get(ARCHIVE, params))


def feed_entries(client) -> list[tuple[str, str]]:
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        assert link is not None
        entries.append((entry.findtext(f"{ATOM}title") or "", link.get("href") or ""))
    return entries


def warm_navigation(client) -> None:
    """The header's municipalities are cached for every page (councils.context_processors): read them once
    so the counts below are the page's own."""
    client.get("/toegankelijkheid/")


# --- Only published advice is public ------------------------------------------------------------------


def test_only_published_advice_is_public(client, world):
    shown = publish(world.velsen_council, subject="Openbaar advies")
    draft = f.AdviceFactory(council=world.velsen_council, subject="Concept")
    adopted = publish(world.velsen_council, subject="Vastgesteld, niet verzonden", status=AdviceStatus.ADOPTED)
    confidential = publish(
        world.velsen_council, subject="Nog vertrouwelijk", confidential_until=today() + timedelta(days=1)
    )
    later = publish(world.velsen_council, subject="Later gepubliceerd", published_on=today() + timedelta(days=3))
    respond(confidential, Verdict.ADOPTED, Verdict.NOT_ADOPTED, letter_pdf=LETTER_PDF)

    assert archive_numbers(client) == [shown.number]
    assert client.get(detail_url(shown)).status_code == 200
    assert client.get(pdf_url(shown)).status_code == 200
    for hidden in (adopted, confidential, later):
        assert client.get(detail_url(hidden)).status_code == 404
        assert client.get(pdf_url(hidden)).status_code == 404
        assert client.get(letter_url(hidden)).status_code == 404
    assert draft.number is None
    assert client.get("/adviezen/VEL-2026-999/").status_code == 404
    assert client.get("/adviezen/VEL-2026-999/pdf/").status_code == 404

    entries = feed_entries(client)
    titles = " ".join(title for title, _link in entries)
    assert shown.number in titles
    for hidden in (adopted, confidential, later):
        assert hidden.number not in titles  # neither the advice nor (for the confidential one) its response

    page = client.get(WHAT_WAS_DONE).content.decode()
    assert "Openbaar advies" in page
    assert "Nog vertrouwelijk" not in page and "Later gepubliceerd" not in page and "Concept" not in page


def test_confidentiality_ends_by_itself(client, world):
    ended = publish(
        world.velsen_council,
        subject="Was vertrouwelijk",
        published_on=today() - timedelta(days=20),
        confidential_until=today() - timedelta(days=1),
    )
    running = publish(world.velsen_council, subject="Is vertrouwelijk", confidential_until=today() + timedelta(days=1))
    assert archive_numbers(client) == [ended.number]
    page = client.get(detail_url(ended)).content.decode()
    # Public since the end of its confidentiality, not since its publication date.
    assert ended.public_since == today() - timedelta(days=1)
    assert f"{ended.public_since:%-d}" in page
    assert client.get(detail_url(running)).status_code == 404
    # Tomorrow the other one is public too (the selectors take the day; the pages use today's).
    tomorrow = today() + timedelta(days=1)
    assert set(archive_queryset(ArchiveFilters(), today=tomorrow).values_list("number", flat=True)) == {
        ended.number,
        running.number,
    }
    assert {e.advice.number for e in feed_items(today=tomorrow)} == {ended.number, running.number}


def test_published_through_the_services(client, world, settings):
    """The whole way: drafted, submitted, adopted by the chair, sent to the college; then public."""
    world.velsen.college_email = "college@velsen.example.org"
    world.velsen.save()
    chair = world.people["voorzitter_velsen"]
    advice = services.advice_create(
        council=world.velsen_council,
        kind="ongevraagd",
        subject="Vervoer naar de dagbesteding",
        by=world.people["lid_velsen"],
        occasion="Signalen over lange ritten.",
        client_perspective="Cliënten zitten te lang in de bus.",
        plain_summary="Maak de ritten korter.",
    )
    Recommendation.objects.create(advice=advice, number=1, title="Kortere ritten", text="Maximaal 45 minuten.")
    assert numbers(client.get(ARCHIVE)) == []
    services.advice_submit(advice=advice, by=world.people["lid_velsen"])
    services.advice_adopt(advice=Advice.objects.get(pk=advice.pk), by=chair)
    advice.refresh_from_db()
    assert client.get(detail_url(advice)).status_code == 404  # adopted, not sent
    services.advice_send(advice=advice, by=chair)
    advice.refresh_from_db()
    assert archive_numbers(client) == [advice.number]
    page = client.get(detail_url(advice)).content.decode()
    assert "Vervoer naar de dagbesteding" in page and "Kortere ritten" in page
    assert "Aan het college van burgemeester en wethouders van Velsen" in page
    response = client.get(pdf_url(advice))
    assert response.status_code == 200 and response.content == FAKE_PDF


# --- The archive --------------------------------------------------------------------------------------


def test_archive_rows_newest_first_with_status_and_verdicts(client, world):
    old = publish(world.velsen_council, subject="Oud advies", published_on=today() - timedelta(days=100))
    respond(old, Verdict.ADOPTED, Verdict.PARTLY, received_on=today() - timedelta(days=60))
    late = publish(
        world.velsen_council,
        subject="Laat beantwoord",
        published_on=today() - timedelta(days=80),
        response_due_on=today() - timedelta(days=30),
    )
    respond(late, Verdict.NOT_ADOPTED, Verdict.ADOPTED, received_on=today() - timedelta(days=26))
    overdue = publish(
        world.beverwijk_council,
        subject="Te laat, geen reactie",
        published_on=today() - timedelta(days=50),
        response_due_on=today() - timedelta(days=3),
    )
    waiting = publish(world.regional_council, subject="Wacht nog", response_due_on=today() + timedelta(days=40))
    response = client.get(ARCHIVE)
    assert numbers(response) == [waiting.number, overdue.number, late.number, old.number]
    page = response.content.decode()
    assert "Een advies is een brief van de participatieraad aan het college" in page
    assert 'type="application/atom+xml"' in page and FEED in page
    assert "Op tijd: reactie van" in page
    assert "4 dagen te laat: reactie van" in page
    assert "Wacht op reactie: 3 dagen te laat" in page
    assert f"Wacht op reactie (uiterlijk {(today() + timedelta(days=40)):%-d}" in page
    assert "1 van 2 overgenomen, 1 deels, 0 niet" in page
    assert "1 van 2 overgenomen, 0 deels, 1 niet" in page
    assert "Regionale Participatieraad IJmond" in page


def test_archive_empty_state(client, world):
    page = client.get(ARCHIVE).content.decode()
    assert "0 adviezen gevonden." in page
    assert "Er zijn geen adviezen die bij uw keuze passen." in page


def test_archive_search_and_filters(client, world):
    theme = f.ThemeFactory(name="Vervoer", slug="vervoer")
    request = f.EarlyInvolvementRequestFactory(council=world.beverwijk_council, title="Nieuw vervoersbeleid")
    bus = publish(world.velsen_council, subject="De regiotaxi", plain_summary="Sneller met de taxi naar het werk.")
    bus.themes.add(theme)
    asked = publish(world.beverwijk_council, subject="Schuldhulp", kind="gevraagd", request=request)
    last_year = publish(world.regional_council, subject="Beschermd wonen", published_on=date(today().year - 1, 6, 1))
    respond(asked, Verdict.ADOPTED, Verdict.ADOPTED)
    services.advice_close(advice=asked, by=None)

    assert archive_numbers(client, q="regiotaxi") == [bus.number]
    assert archive_numbers(client, q="taxi naar het werk") == [bus.number]  # the plain summary
    assert archive_numbers(client, q=asked.number.lower()) == [asked.number]
    assert archive_numbers(client, gemeente="velsen") == [bus.number]
    assert archive_numbers(client, gemeente="beverwijk") == [asked.number]
    assert archive_numbers(client, gemeente="regio") == [last_year.number]
    assert archive_numbers(client, soort="gevraagd") == [asked.number]
    assert archive_numbers(client, soort="ongevraagd") == [bus.number, last_year.number]
    assert archive_numbers(client, jaar=str(today().year - 1)) == [last_year.number]
    assert archive_numbers(client, thema="vervoer") == [bus.number]
    assert archive_numbers(client, status="verzonden") == [bus.number, last_year.number]
    assert archive_numbers(client, status="afgerond") == [asked.number]
    assert archive_numbers(client, status="beantwoord") == []
    assert archive_numbers(client, gemeente="velsen", q="schuld") == []
    # What is not a valid value filters nothing (and the page still answers).
    for params in (
        {"gemeente": "nergens"},
        {"jaar": "1850"},
        {"thema": "x"},
        {"status": "concept"},
        {"pagina": "9" * 30},
    ):
        response = client.get(ARCHIVE, params)
        assert response.status_code == 200
        assert len(numbers(response)) == 3
    assert client.get(ARCHIVE, {"q": "x" * 500}).status_code == 200


def test_archive_pages_by_25(client, world):
    made = [publish(world.velsen_council, published_on=today() - timedelta(days=n)) for n in range(27)]
    first = client.get(ARCHIVE)
    assert numbers(first) == [a.number for a in made[:25]]
    assert "Pagina 1 van 2" in first.content.decode()
    assert numbers(client.get(ARCHIVE, {"pagina": "2"})) == [a.number for a in made[25:]]
    second = client.get(ARCHIVE, {"gemeente": "velsen", "pagina": "2"}).content.decode()
    assert "?gemeente=velsen&amp;pagina=1" in second


def test_archive_query_count_is_pinned_and_flat(client, world):
    for _ in range(5):
        respond(publish(world.velsen_council), Verdict.ADOPTED, Verdict.PARTLY)
    warm_navigation(client)
    with CaptureQueriesContext(connection) as few:
        client.get(ARCHIVE)
    for n in range(45):
        advice = publish([world.velsen_council, world.regional_council][n % 2], recommendations=1 + n % 4)
        advice.themes.add(f.ThemeFactory())
        if n % 3:
            respond(advice, *[Verdict.ADOPTED] * (1 + n % 4))
    assert Advice.objects.published().count() == 50
    with CaptureQueriesContext(connection) as many:
        response = client.get(ARCHIVE)
    assert len(numbers(response)) == 25
    assert len(few) == len(many), "\n".join(q["sql"][:80] for q in many.captured_queries)
    # Drawn: the filters' councils, themes and years; the count; the page's advice (with council and
    # response); their verdicts.
    assert len(many) == 6, "\n".join(q["sql"][:80] for q in many.captured_queries)
    # Kept per version of the public pages: the next request reads the drawn page from the cache.
    with CaptureQueriesContext(connection) as cached:
        client.get(ARCHIVE)
    assert len(cached) == 0
    # A filtered page: the choices are kept; the count, the page and the verdicts.
    with CaptureQueriesContext(connection) as filtered:
        client.get(ARCHIVE, {"gemeente": "velsen", "q": "advies"})
    assert len(filtered) == 3
    with CaptureQueriesContext(connection) as again:
        response = client.get(ARCHIVE, {"gemeente": "velsen", "q": "advies"})
    assert len(again) == 0
    assert 'value="advies"' in response.content.decode()  # the form as chosen, kept with its values


def test_a_change_starts_a_new_version(client, world):
    advice = publish(world.velsen_council, subject="Eerste versie")
    assert "Reactie van het college" in client.get(detail_url(advice)).content.decode()
    respond(advice, Verdict.ADOPTED, Verdict.ADOPTED)  # saves: the public pages' version changes
    assert "Op tijd: reactie van" in client.get(detail_url(advice)).content.decode()
    assert "Op tijd: reactie van" in client.get(ARCHIVE).content.decode()


# --- One advice ---------------------------------------------------------------------------------------


def chain_for(advice: Advice, world, *, tables: int = 1, agenda_items: int = 1, signals: int = 3) -> dict:
    """Public and non-public agenda items and tables, and signals, linked to the advice."""
    public_items = [
        f.AgendaItemFactory(council=advice.council, title=f"Openbaar agendapunt {n}") for n in range(agenda_items)
    ]
    hidden_item = f.AgendaItemFactory(council=advice.council, title="Besloten agendapunt", is_public=False)
    public_tables = [make_table(advice.council, title=f"Openbare tafel {n}", is_public=True) for n in range(tables)]
    hidden_table = make_table(advice.council, title="Besloten tafel", is_public=False)
    advice.agenda_items.add(*public_items, hidden_item)
    advice.tables.add(*public_tables, hidden_table)
    advice.signals.add(
        *[f.SignalFactory(municipality=world.velsen, contact_email="ria@example.org") for _ in range(signals)]
    )
    return {"items": public_items, "tables": public_tables}


def test_detail_shows_recommendations_beside_verdicts_and_the_chain(client, world):
    request = f.EarlyInvolvementRequestFactory(council=world.velsen_council, title="Herijking van de Wmo-taxi")
    advice = publish(world.velsen_council, subject="De Wmo-taxi", kind="gevraagd", request=request, recommendations=3)
    chain = chain_for(advice, world, tables=2, agenda_items=1, signals=4)
    respond(advice, Verdict.ADOPTED, Verdict.PARTLY, Verdict.NOT_ADOPTED, letter_pdf=LETTER_PDF)
    response = client.get(detail_url(advice))
    assert response.status_code == 200
    page = response.content.decode()
    # The summary comes first, then each recommendation next to the college's verdict and reasons.
    assert page.index("Maak het aanvragen korter en eenvoudiger.") < page.index("Aanbeveling 1:")
    for recommendation in advice.recommendations.order_by("number"):
        start = page.index(f'id="aanbeveling-{recommendation.number}"')
        panel = page[start : page.index("</section>", start)]
        assert recommendation.title in panel
        assert recommendation.get_verdict_display().capitalize() in panel
        if recommendation.verdict != Verdict.ADOPTED:
            assert f"Reden bij {recommendation.number}." in panel
    assert "Het college nam 1 van de 3 aanbevelingen over, 1 deels en 1 niet." in page
    assert 'id="reactie"' in page and "Het college dankt de raad" in page and "Dat was op tijd." in page
    assert letter_url(advice) in page and pdf_url(advice) in page
    # Where it came from: the request's title, the public agenda item and tables, the number of signals.
    assert "Herijking van de Wmo-taxi" in page
    assert chain["items"][0].get_public_url() in page
    assert all(table.get_public_url() in page for table in chain["tables"])
    assert "Besloten tafel" not in page and "Besloten agendapunt" not in page
    assert "4 signalen van inwoners" in page and "ria@example.org" not in page
    assert "Aan het college van burgemeester en wethouders van Velsen" in page
    assert 'href="' + world.velsen_council.get_absolute_url() + '"' in page


def test_detail_of_regional_advice_names_the_three_colleges(client, world):
    advice = publish(world.regional_council, subject="Jeugdhulp inkopen", addressed_municipality=None)
    page = client.get(detail_url(advice)).content.decode()
    assert "Aan de colleges van burgemeester en wethouders van Beverwijk, Heemskerk en Velsen" in page
    assert "Wacht op reactie (uiterlijk" in page


def test_detail_links_corrections_only_when_published(client, world):
    original = publish(world.velsen_council, subject="Origineel")
    correction = publish(world.velsen_council, subject="Gecorrigeerd", corrects=original)
    draft_correction = f.AdviceFactory(council=world.velsen_council, subject="Tweede correctie", corrects=original)
    page = client.get(detail_url(original)).content.decode()
    assert detail_url(correction) in page
    assert "Tweede correctie" not in page and draft_correction.pk
    assert detail_url(original) in client.get(detail_url(correction)).content.decode()


def test_detail_query_count_is_pinned_and_flat(client, world):
    small = publish(world.velsen_council, recommendations=1)
    chain_for(small, world, tables=1, agenda_items=1, signals=1)
    small.themes.add(f.ThemeFactory())
    large = publish(world.velsen_council, recommendations=20)
    chain_for(large, world, tables=20, agenda_items=20, signals=20)
    large.themes.add(*[f.ThemeFactory() for _ in range(5)])
    publish(world.velsen_council, corrects=large)
    respond(large, *[Verdict.PARTLY] * 20, letter_pdf=LETTER_PDF)
    warm_navigation(client)
    with CaptureQueriesContext(connection) as few:
        client.get(detail_url(small))
    with CaptureQueriesContext(connection) as many:
        page = client.get(detail_url(large)).content.decode()
    assert "Aanbeveling 20:" in page and "Openbare tafel 19" in page
    assert len(few) == len(many), "\n".join(q["sql"][:80] for q in many.captured_queries)
    # The advice (with council, college, request, response, signal count); recommendations; themes; public
    # tables; public agenda items; the published advice it corrects or that correct it.
    assert len(many) == 6, "\n".join(q["sql"][:80] for q in many.captured_queries)
    with CaptureQueriesContext(connection) as cached:
        client.get(detail_url(large))
    assert len(cached) == 0


# --- The PDF and the letter ---------------------------------------------------------------------------


def test_pdf_is_served_as_a_download_and_rendered_once(client, world, monkeypatch):
    advice = publish(world.velsen_council)
    calls = []

    def render(a):
        calls.append(a.pk)
        return FAKE_PDF

    monkeypatch.setattr("advice.pdf.render_advice_pdf", render)
    for _ in range(2):
        response = client.get(pdf_url(advice))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{advice.number}.pdf"'
        assert response.content == FAKE_PDF
    assert calls == [advice.pk]  # stored with its SHA-256 on the first request, then served


def test_response_letter_download(client, world):
    advice = publish(world.velsen_council)
    assert client.get(letter_url(advice)).status_code == 404  # no response yet
    respond(advice, Verdict.ADOPTED, Verdict.ADOPTED, letter_pdf=LETTER_PDF)
    response = client.get(letter_url(advice))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="reactie-{advice.number}.pdf"'
    assert b"".join(response.streaming_content) == LETTER_PDF
    without = publish(world.velsen_council)
    respond(without, Verdict.ADOPTED, Verdict.ADOPTED)
    assert client.get(letter_url(without)).status_code == 404  # a response without a letter as PDF
    assert letter_url(without) not in client.get(detail_url(without)).content.decode()


# --- The feed -----------------------------------------------------------------------------------------


def test_feed_is_atom_with_advice_and_responses(client, world):
    first = publish(world.velsen_council, subject="Eerste", published_on=today() - timedelta(days=10))
    respond(first, Verdict.ADOPTED, Verdict.NOT_ADOPTED, received_on=today() - timedelta(days=2))
    second = publish(world.beverwijk_council, subject="Tweede", published_on=today() - timedelta(days=5))
    entries = feed_entries(client)
    assert [title for title, _link in entries] == [
        f"Reactie van het college op advies {first.number}",
        f"Advies {second.number}: Tweede",
        f"Advies {first.number}: Eerste",
    ]
    links = [link for _title, link in entries]
    assert links[0].endswith(detail_url(first) + "#reactie") and links[0].startswith("http")
    assert links[1].endswith(detail_url(second))
    root = ET.fromstring(client.get(FEED).content)  # noqa: S314 - our own feed
    assert root.findtext(f"{ATOM}title") == "Adviezen van de participatieraden in de IJmond"
    entry = root.findall(f"{ATOM}entry")[0]
    assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
    assert "1 van de 2 aanbevelingen over" in entry.findtext(f"{ATOM}summary")


def test_feed_holds_thirty_entries_and_is_kept(client, world):
    for n in range(20):
        advice = publish(world.velsen_council, published_on=today() - timedelta(days=30 + n))
        respond(advice, Verdict.ADOPTED, Verdict.ADOPTED, received_on=today() - timedelta(days=n))
    assert len(feed_entries(client)) == 30
    with CaptureQueriesContext(connection) as cached:
        client.get(FEED)
    assert len(cached) == 0


# --- Wat is ermee gedaan ------------------------------------------------------------------------------


def test_what_was_done_shows_the_chains_per_municipality(client, world):
    advice = publish(world.velsen_council, subject="Vervoer naar het werk", recommendations=3)
    chain = chain_for(advice, world, tables=1, agenda_items=1, signals=7)
    respond(advice, Verdict.ADOPTED, Verdict.ADOPTED, Verdict.PARTLY)
    waiting = publish(world.regional_council, subject="Beschermd wonen", addressed_municipality=None)
    page = client.get(WHAT_WAS_DONE).content.decode()
    velsen = page[page.index('id="plaats-velsen"') : page.index('id="plaats-regio"')]
    assert "7 signalen van inwoners" in velsen
    assert chain["items"][0].get_public_url() in velsen and chain["tables"][0].get_public_url() in velsen
    assert detail_url(advice) in velsen
    assert "Het college nam 2 van de 3 aanbevelingen over, 1 deels en 0 niet." in velsen
    assert "Besloten tafel" not in page and "ria@example.org" not in page
    regional = page[page.index('id="plaats-regio"') :]
    assert detail_url(waiting) in regional and "Wacht op reactie (uiterlijk" in regional
    assert f"Advies {waiting.number} aan de colleges" in regional
    beverwijk = page[page.index('id="plaats-beverwijk"') : page.index('id="plaats-heemskerk"')]
    assert "Hier is nog geen advies gepubliceerd." in beverwijk
    only_velsen = client.get(WHAT_WAS_DONE, {"gemeente": "velsen"}).content.decode()
    assert 'id="plaats-velsen"' in only_velsen and 'id="plaats-regio"' not in only_velsen
    assert 'id="plaats-regio"' in client.get(WHAT_WAS_DONE, {"gemeente": "nergens"}).content.decode()


def test_what_was_done_shows_the_five_newest_per_council(client, world):
    made = [publish(world.velsen_council, published_on=today() - timedelta(days=n)) for n in range(7)]
    page = client.get(WHAT_WAS_DONE).content.decode()
    assert all(detail_url(a) in page for a in made[:5])
    assert not any(detail_url(a) in page for a in made[5:])


def test_what_was_done_query_count_is_flat(client, world):
    advice = publish(world.velsen_council)
    chain_for(advice, world)
    warm_navigation(client)
    with CaptureQueriesContext(connection) as few:
        client.get(WHAT_WAS_DONE)
    for council in (world.velsen_council, world.beverwijk_council, world.heemskerk_council, world.regional_council):
        for _ in range(6):
            more = publish(council, recommendations=3)
            chain_for(more, world, tables=2, agenda_items=2, signals=2)
            respond(more, Verdict.ADOPTED, Verdict.PARTLY, Verdict.NOT_ADOPTED)
    with CaptureQueriesContext(connection) as many:
        client.get(WHAT_WAS_DONE)
    assert len(few) == len(many), "\n".join(q["sql"][:80] for q in many.captured_queries)
    # The councils, themes and years (the places, kept per version); the advice; their agenda items;
    # their tables; their verdicts.
    assert len(many) == 7, "\n".join(q["sql"][:80] for q in many.captured_queries)


# --- Who sees what -----------------------------------------------------------------------------------

ROLES = [
    "anonymous",
    "inwoner",
    "lid_velsen",
    "lid_beverwijk",
    "voorzitter_velsen",
    "beleid_velsen",
    "beleid_beverwijk",
    "aanjager",
]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_same_public_pages(client, world, role):
    shown = publish(world.velsen_council)
    respond(shown, Verdict.ADOPTED, Verdict.ADOPTED, letter_pdf=LETTER_PDF)
    draft = f.AdviceFactory(council=world.velsen_council)
    Advice.objects.filter(pk=draft.pk).update(number="VEL-2026-900")  # a number does not make it public
    hidden = publish(world.velsen_council, confidential_until=today() + timedelta(days=30))
    user = world.persona(role)
    if user is not None:
        client.force_login(user)
    for url in (ARCHIVE, FEED, WHAT_WAS_DONE, detail_url(shown), pdf_url(shown), letter_url(shown)):
        assert client.get(url).status_code == 200, url
    for url in ("/adviezen/VEL-2026-900/", "/adviezen/VEL-2026-900/pdf/", detail_url(hidden), pdf_url(hidden)):
        assert client.get(url).status_code == 404, url


def test_pages_are_drawn_each_time_without_a_cache(client, world, settings):
    # Redis down: the cache fails open, there is no version and every page is drawn from the database.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    advice = publish(world.velsen_council)
    respond(advice, Verdict.ADOPTED, Verdict.PARTLY)
    for url in (ARCHIVE, FEED, WHAT_WAS_DONE, detail_url(advice)):
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as again:
            assert client.get(url).status_code == 200
        assert len(again) > 0
    assert CollegeResponse.objects.get().advice == advice
