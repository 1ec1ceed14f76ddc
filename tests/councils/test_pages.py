"""The public shell and the council pages: content, scope and query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .. import factories as f

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    client.get(url)  # warm the navigation cache, so both measurements see the same state
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_home_lists_the_municipalities_and_the_region(client, world):
    response = client.get("/")
    html = response.content.decode()
    assert '<html lang="nl"' in html
    for name in ("Beverwijk", "Heemskerk", "Velsen", "Regio IJmond"):
        assert name in html
    assert 'href="/toegankelijkheid/"' in html and 'href="/privacy/"' in html
    assert 'href="#inhoud"' in html and 'id="inhoud"' in html


def test_statements_have_real_content(client, db):
    assert "WCAG 2.1" in client.get("/toegankelijkheid/").content.decode()
    privacy = client.get("/privacy/").content.decode()
    assert "12 maanden" in privacy and "Autoriteit Persoonsgegevens" in privacy


def test_municipality_page_shows_council_members_and_neighbourhoods(client, world):
    f.NeighbourhoodFactory(municipality=world.velsen, name="Santpoort-Noord")
    world.people["lid_velsen"].memberships.update(listed_publicly=True)  # named only with consent
    html = client.get(reverse("councils:municipality_detail", kwargs={"slug": "velsen"})).content.decode()
    assert "Santpoort-Noord" in html
    assert world.people["lid_velsen"].full_name in html
    # Members' e-mail addresses are not public.
    assert "lid.velsen@example.org" not in html


def test_municipality_page_queries_do_not_grow_with_data(client, world):
    url = reverse("councils:municipality_detail", kwargs={"slug": "velsen"})
    for _ in range(5):
        f.NeighbourhoodFactory(municipality=world.velsen)
    few = _queries(client, url)
    for _ in range(45):
        f.NeighbourhoodFactory(municipality=world.velsen)
    for _ in range(8):
        f.MembershipFactory(council=world.velsen_council)
    assert _queries(client, url) == few <= 20


def test_council_work_page_queries_do_not_grow_with_members(client, world):
    client.force_login(world.people["aanjager"])
    url = world.beverwijk_council.get_work_url()
    for _ in range(4):
        f.MembershipFactory(council=world.beverwijk_council)
    few = _queries(client, url)
    for _ in range(7):
        f.MembershipFactory(council=world.beverwijk_council)
    assert _queries(client, url) == few <= 20


def test_council_work_page_shows_contact_details_to_its_members(client, world):
    client.force_login(world.people["voorzitter_velsen"])
    html = client.get(world.velsen_council.get_work_url()).content.decode()
    assert "lid.velsen@example.org" in html


def test_council_work_page_warns_below_the_minimum_size_from_the_settings(client, world, settings):
    client.force_login(world.people["voorzitter_velsen"])  # Velsen has two seated members
    settings.COUNCIL_MIN_MEMBERS = 2
    assert "minder dan de" not in client.get(world.velsen_council.get_work_url()).content.decode()
    settings.COUNCIL_MIN_MEMBERS = 3
    assert "minder dan de 3 leden" in client.get(world.velsen_council.get_work_url()).content.decode()


def test_guessing_another_councils_page_is_not_found(client, world):
    client.force_login(world.people["lid_velsen"])
    assert client.get(world.beverwijk_council.get_work_url()).status_code == 404
    assert client.get(world.regional_council.get_work_url()).status_code == 404


def test_work_dashboard_shows_roles_and_councils(client, world):
    client.force_login(world.people["lid_regio"])
    html = client.get(reverse("work_dashboard")).content.decode()
    assert "Participatieraad Heemskerk" in html
    assert "Regionale Participatieraad IJmond" in html
    # A member of a participatieraad is a "lid"; a "raadslid" sits on the gemeenteraad.
    assert ">Lid<" in html
    assert "aadslid" not in html


def test_work_dashboard_queries_do_not_grow_with_roles(client, world):
    aanjager = world.people["aanjager"]
    # With one seat already, so that both counts include the sections of a member (own agenda items).
    f.MembershipFactory(person=aanjager, council=world.velsen_council)
    client.force_login(aanjager)
    few = _queries(client, reverse("work_dashboard"))
    for council in (world.beverwijk_council, world.heemskerk_council, world.regional_council):
        f.MembershipFactory(person=aanjager, council=council)
    f.RoleAssignmentFactory(person=aanjager, role="ondersteuner")
    assert _queries(client, reverse("work_dashboard")) == few <= 20


def test_404_page_is_styled_and_dutch(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina bestaat niet" in html and 'href="#inhoud"' in html


def test_403_page_is_styled(rf, db):
    from django.contrib.auth.models import AnonymousUser

    from ijmond_participatie.views import permission_denied

    request = rf.get("/")
    request.user = AnonymousUser()
    response = permission_denied(request)
    assert response.status_code == 403
    assert "geen toegang" in response.content.decode()


def test_500_page_renders_without_the_database(rf):
    from ijmond_participatie.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_language_switch_to_english_and_back(client, world):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Skip to content" in html
    response = client.post(reverse("set_language"), {"language": "nl", "next": "/"}, follow=True)
    assert '<html lang="nl"' in response.content.decode()
    assert "Direct naar de inhoud" in response.content.decode()


def test_security_headers(client, db):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def _close(signal, feedback: str):
    from signals import services

    return services.signal_close(signal=signal, feedback=feedback, by=None)


def test_municipality_page_shows_the_councils_recent_answers_without_personal_data(client, world):
    theme = f.ThemeFactory(name="Vervoer")
    for index in range(4):
        signal = f.SignalFactory(
            municipality=world.velsen,
            theme=theme,
            text=f"Geheime tekst {index} van Jan Jansen",
            contact_consent=True,
            contact_name="Jan Jansen",
            contact_email="jan@example.org",
        )
        _close(signal, f"Antwoord nummer {index}: de regiotaxi rijdt voortaan op tijd.")
    _close(f.SignalFactory(municipality=world.beverwijk), "Een antwoord in Beverwijk.")
    f.SignalFactory(municipality=world.velsen, text="Nog open")  # open signals have no answer yet
    html = client.get(reverse("councils:municipality_detail", kwargs={"slug": "velsen"})).content.decode()
    assert "Recente antwoorden van de raad" in html
    # The last three answers of this municipality, newest first, with their theme.
    assert html.index("Antwoord nummer 3") < html.index("Antwoord nummer 2") < html.index("Antwoord nummer 1")
    assert "Antwoord nummer 0" not in html and "Een antwoord in Beverwijk" not in html
    assert "Vervoer" in html
    for private in ("Geheime tekst", "Jan Jansen", "jan@example.org", "Nog open"):
        assert private not in html


def test_recent_answers_are_one_query_whatever_their_number(client, world):
    url = reverse("councils:municipality_detail", kwargs={"slug": "velsen"})
    without = _queries(client, url)
    for index in range(10):
        _close(f.SignalFactory(municipality=world.velsen, theme=f.ThemeFactory()), f"Antwoord {index}.")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    signal_queries = [q["sql"] for q in ctx.captured_queries if '"signals_signal"' in q["sql"]]
    # One query for the answers (with their theme), none per answer; the page asked it before too.
    assert len(signal_queries) == 1, signal_queries
    assert len(ctx.captured_queries) == without <= 20


def test_municipality_page_offers_the_phone_number_and_the_signal_form(client, world):
    world.velsen_council.phone = "0255 000 003"
    world.velsen_council.save(update_fields=["phone"])
    html = client.get(reverse("councils:municipality_detail", kwargs={"slug": "velsen"})).content.decode()
    assert 'href="tel:0255000003"' in html and "0255 000 003" in html
    assert f'href="{reverse("signals:submit")}?gemeente=velsen"' in html
    # The signal form opens with that municipality chosen.
    form = client.get(reverse("signals:submit"), {"gemeente": "velsen"}).context["form"]
    assert form["municipality"].value() == world.velsen.pk
    for odd in ("bestaat-niet", "velsen\x00", "<script>", "x" * 500):
        assert client.get(reverse("signals:submit"), {"gemeente": odd}).status_code == 200


def test_region_page_names_the_regional_tasks_of_the_source_document(client, world):
    html = client.get(reverse("councils:region_detail")).content.decode()
    for task in (
        "de inkoop van jeugdhulp en ondersteuning",
        "beschermd wonen",
        "volkshuisvesting",
        "doelgroepenvervoer",
        "de arbeidsmarktregio",
        "cliëntenparticipatie",
    ):
        assert task in html, task
    assert "helemaal of voor een deel uit afgevaardigden" in html
