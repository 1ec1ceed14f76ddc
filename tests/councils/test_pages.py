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


def test_guessing_another_councils_page_is_not_found(client, world):
    client.force_login(world.people["lid_velsen"])
    assert client.get(world.beverwijk_council.get_work_url()).status_code == 404
    assert client.get(world.regional_council.get_work_url()).status_code == 404


def test_work_dashboard_shows_roles_and_councils(client, world):
    client.force_login(world.people["lid_regio"])
    html = client.get(reverse("work_dashboard")).content.decode()
    assert "Participatieraad Heemskerk" in html
    assert "Regionale Participatieraad IJmond" in html
    assert "Raadslid" in html


def test_work_dashboard_queries_do_not_grow_with_roles(client, world):
    aanjager = world.people["aanjager"]
    client.force_login(aanjager)
    few = _queries(client, reverse("work_dashboard"))
    for council in (world.velsen_council, world.beverwijk_council, world.heemskerk_council):
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
