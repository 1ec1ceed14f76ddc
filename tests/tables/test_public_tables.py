"""The public table pages: the list with its filters, a table's page (counts per stakeholder type, never a
resident's or guest's name; members only with their consent; meetings without online links; minutes;
the outcome once concluded), 404 for what is not public, and the "ik wil meedoen" form."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tables import services
from tables.cache import public_tables_version
from tables.models import JoinRequest, Meeting, MeetingKind, StakeholderType, TableStatus
from tables.selectors import public_table
from tables.views import public as public_views

from .. import factories as f
from .test_rule_1 import make_expert, make_table, seat_client
from .test_work_tables import make_participants

pytestmark = pytest.mark.django_db

LIST = reverse("tables:list")


def detail(table) -> str:
    return reverse("tables:detail", kwargs={"pk": table.pk})


def join(table) -> str:
    return reverse("tables:join", kwargs={"pk": table.pk})


def warm_navigation(client) -> None:
    """The header's municipalities are cached for every page (councils.context_processors): read them once
    so the counts below are the page's own."""
    client.get("/toegankelijkheid/")


def titles(response) -> set[str]:
    return {t.title for t in response.context["page"].object_list}


def test_list_shows_public_tables_and_filters(client, world):
    theme = f.ThemeFactory(name="Wonen", slug="wonen")
    make_table(world.velsen_council, title="Velsen openbaar", themes=[theme])
    make_table(world.beverwijk_council, title="Beverwijk openbaar")
    make_table(world.velsen_council, title="Geheim", is_public=False)
    assert titles(client.get(LIST)) == {"Velsen openbaar", "Beverwijk openbaar"}
    assert titles(client.get(LIST, {"raad": world.velsen_council.pk})) == {"Velsen openbaar"}
    assert titles(client.get(LIST, {"thema": theme.pk})) == {"Velsen openbaar"}
    assert titles(client.get(LIST, {"status": "actief"})) == set()
    for params in ({"raad": "٣"}, {"raad": "9" * 40}, {"thema": "x"}, {"status": "\x00"}, {"pagina": "9" * 30}):
        assert client.get(LIST, params).status_code == 200


def test_list_queries_do_not_grow(client, world):
    # The list is drawn once per version of the public tables (tables.cache) and then read from the cache:
    # every table added below starts a new version, so each measured request draws the page again.
    make_table(world.velsen_council)
    warm_navigation(client)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for n in range(10):
        table = make_table(world.velsen_council, title=f"Tafel {n}", themes=[f.ThemeFactory()])
        seat_client(table, make_expert(world.velsen_council, f"Expert {n}"))
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(few) == len(many)
    # Drawn: the empty filter form's councils and themes, the count, the tables, their themes.
    assert len(many) == 5, "\n".join(q["sql"][:60] for q in many.captured_queries)
    with CaptureQueriesContext(connection) as cached:
        client.get(LIST)
    assert len(cached) == 0


def test_non_public_table_is_not_found(client, world):
    table = make_table(world.velsen_council, is_public=False)
    assert client.get(detail(table)).status_code == 404
    assert client.get(join(table)).status_code == 404
    assert client.post(join(table), {"name": "X"}).status_code == 404
    assert client.get("/tafels/99999999999/").status_code == 404


def test_page_shows_counts_never_guest_or_resident_names(client, world):
    table = make_table(world.velsen_council)
    seat_client(table, make_expert(world.velsen_council, "Anna Ervaring"))
    services.seat_add(
        table=table,
        stakeholder_type=StakeholderType.RESIDENT,
        by=table.created_by,
        guest_name="Gerrit Gast",
        guest_email="gerrit@example.org",
        accepted=True,
    )
    named = world.people["voorzitter_velsen"]
    named.full_name = "Vera Voorzitter"
    named.save()
    named.memberships.update(listed_publicly=True)
    quiet = world.people["lid_velsen"]
    quiet.full_name = "Lars Lid"
    quiet.save()
    for person in (named, quiet):
        services.seat_add(
            table=table,
            stakeholder_type=StakeholderType.COUNCIL_MEMBER,
            by=table.created_by,
            user=person,
            accepted=True,
        )
    request = services.join_request_submit(
        table=table, name="Ria Inwoner", email="ria@example.org", stakeholder_type="inwoner", message=""
    )
    assert request.pk
    page = client.get(detail(table)).content.decode()
    assert "Gerrit Gast" not in page and "gerrit@example.org" not in page
    assert "Anna Ervaring" not in page
    assert "Ria Inwoner" not in page
    assert "Lars Lid" not in page
    assert "Vera Voorzitter" in page
    assert "Cliënt/ervaringsdeskundige: 1" in page
    assert "Lid participatieraad: 2" in page


def test_meetings_show_without_online_link_and_minutes_of_past_ones(client, world):
    table = make_table(world.velsen_council)
    now = timezone.now()
    Meeting.objects.create(
        council=table.council,
        table=table,
        kind=MeetingKind.TABLE,
        title="Eerste gesprek",
        starts_at=now - timedelta(days=7),
        ends_at=now - timedelta(days=7, hours=-2),
        minutes="We spraken over het busje.",
    )
    Meeting.objects.create(
        council=table.council,
        table=table,
        kind=MeetingKind.TABLE,
        title="Tweede gesprek",
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=2),
        location="Stadhuis Velsen",
        accessibility_notes="Ringleiding aanwezig",
        online_url="https://meet.example.org/geheim",
    )
    page = client.get(detail(table)).content.decode()
    assert "Tweede gesprek" in page and "Stadhuis Velsen" in page and "Ringleiding aanwezig" in page
    assert "meet.example.org" not in page
    assert "We spraken over het busje." in page


def test_concluded_table_shows_outcome_and_client_perspective(client, world):
    item = f.AgendaItemFactory(council=world.velsen_council, title="Vervoer", is_public=True)
    table = make_table(world.velsen_council, origin="agendapunt", agenda_item=item)
    seat_client(table, make_expert(world.velsen_council))
    services.table_set_status(table=table, status=TableStatus.ACTIVE, by=None)
    services.table_set_status(table=table, status=TableStatus.CONCLUDING, by=None)
    services.table_conclude(table=table, outcome_summary="Een busje.", client_perspective="Zelf kiezen.", by=None)
    response = client.get(detail(table))
    page = response.content.decode()
    assert "Een busje." in page and "Zelf kiezen." in page
    assert item.get_public_url() in page
    assert "Ik wil meedoen" not in page
    assert client.get(join(table)).status_code == 200  # a friendly page: this table is concluded
    assert not response.context["may_join"]


def test_detail_query_count_is_pinned_and_flat(client, world):
    small = make_table(world.velsen_council, title="Klein", themes=[f.ThemeFactory()])
    large = make_table(world.velsen_council, title="Groot", themes=[f.ThemeFactory()])
    make_participants(small, 5)
    make_participants(large, 50)
    warm_navigation(client)
    # Each page is drawn on its first request (then kept per version of the public tables, tables.cache).
    with CaptureQueriesContext(connection) as few:
        client.get(detail(small))
    with CaptureQueriesContext(connection) as many:
        client.get(detail(large))
    assert len(few) == len(many)
    # The table (with council and agenda item), its themes, its wijken, counts per stakeholder type, the
    # members who may be named, the meetings.
    assert len(many) == 6, "\n".join(q["sql"][:60] for q in many.captured_queries)
    # Drawn once: the next request reads the drawn page from the cache.
    with CaptureQueriesContext(connection) as cached:
        client.get(detail(large))
    assert len(cached) == 0


def join_data(**overrides) -> dict:
    data = {
        "name": "Ria Inwoner",
        "email": "ria@example.org",
        "stakeholder_type": "inwoner",
        "message": "Ik woon in Velsen-Noord.",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_join_flow_with_mails(client, world):
    table = make_table(world.velsen_council)
    assert client.get(join(table)).status_code == 200
    response = client.post(join(table), join_data())
    assert response.status_code == 200
    assert "Bedankt voor uw aanmelding" in response.content.decode()
    request = JoinRequest.objects.get()
    assert (request.name, request.email, request.stakeholder_type) == ("Ria Inwoner", "ria@example.org", "inwoner")
    # A member accepts; the resident is mailed and sits at the table as guest (not named publicly).
    client.force_login(world.people["lid_velsen"])
    client.post(reverse("tables:join_decide", args=[request.pk]), {"decision": "accepteren"})
    client.logout()
    from infrastructure.models import OutboxMessage

    mail = OutboxMessage.objects.get(dedup_key=f"table-join-decided:{request.pk}")
    assert mail.to == ["ria@example.org"]
    assert table.get_public_url() in mail.body
    page = client.get(detail(table)).content.decode()
    assert "Ria Inwoner" not in page
    assert "Inwoner: 1" in page


def test_join_needs_consent_and_refuses_hostile_input(client, world):
    table = make_table(world.velsen_council)
    cases = [
        {"consent": ""},
        {"name": ""},
        {"name": "\x00\x01"},
        {"name": "x" * 500},
        {"email": "geen-adres"},
        {"email": "a@" + "b" * 300 + ".nl"},
        {"stakeholder_type": "lid"},
        {"stakeholder_type": "beleidsadviseur"},
        {"stakeholder_type": "\x00"},
        {"message": "m" * 3000},
    ]
    for overrides in cases:
        assert client.post(join(table), join_data(**overrides)).status_code == 400, overrides
    assert not JoinRequest.objects.exists()


def test_join_honeypot_stores_nothing(client, world):
    table = make_table(world.velsen_council)
    response = client.post(join(table), join_data(website="http://spam.example"))
    assert response.status_code == 200
    assert "Bedankt" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_join_is_rate_limited_per_client(client, world, settings):
    settings.SIGNAL_SUBMIT_RATE = "2/h"
    table = make_table(world.velsen_council)
    assert client.post(join(table), join_data(email="a@example.org")).status_code == 200
    assert client.post(join(table), join_data(email="b@example.org")).status_code == 200
    response = client.post(join(table), join_data(email="c@example.org"))
    assert response.status_code == 429
    assert JoinRequest.objects.count() == 2


# --- The drawn pages are cached per version (tables.cache): every change shows at once ----------------


def test_list_shows_every_change_at_once(client, world):
    theme = f.ThemeFactory(name="Wonen", slug="wonen")
    table = make_table(world.velsen_council, title="Vervoer", themes=[theme])
    assert "Vervoer" in client.get(LIST).content.decode()
    table.title = "Vervoer naar de dagbesteding"
    table.save()
    assert "Vervoer naar de dagbesteding" in client.get(LIST).content.decode()
    make_table(world.beverwijk_council, title="Mantelzorg")
    assert "Mantelzorg" in client.get(LIST).content.decode()
    seat_client(table, make_expert(world.velsen_council))
    assert titles_and_counts(client.get(LIST))["Vervoer naar de dagbesteding"] == 1
    theme.name = "Wonen en zorg"
    theme.save()
    page = client.get(LIST).content.decode()
    assert "Wonen en zorg" in page  # the card and the (cached) empty filter form
    assert page.count("Wonen en zorg") == 2
    table.themes.remove(theme)
    assert "Wonen en zorg</dd>" not in client.get(LIST).content.decode()
    table.is_public = False
    table.save()
    assert "Vervoer naar de dagbesteding" not in client.get(LIST).content.decode()


def titles_and_counts(response) -> dict[str, int]:
    """Title → participants of each card, read from the page itself (a cached page has no context)."""
    page = response.content.decode()
    found = re.findall(r'href="/tafels/\d+/">([^<]+)</a>.*?Deelnemers</dt><dd>(\d+)<', page, re.S)
    return {title: int(count) for title, count in found}


def test_pagination_links_carry_only_the_valid_filters(client, world):
    for n in range(26):
        make_table(world.velsen_council, title=f"Tafel {n}")
    page = client.get(LIST, {"raad": world.velsen_council.pk, "extra": "<x>"}).content.decode()
    assert f'href="?raad={world.velsen_council.pk}&amp;pagina=2"' in page
    assert "extra" not in page.split("ijmond-pagination")[1]


def test_detail_shows_every_change_at_once(client, world):
    item = f.AgendaItemFactory(council=world.velsen_council, title="Vervoer op de agenda", is_public=True)
    table = make_table(world.velsen_council, origin="agendapunt", agenda_item=item)
    url = detail(table)
    assert "Er doet nog niemand mee." in client.get(url).content.decode()
    seat_client(table, make_expert(world.velsen_council))
    assert "Cliënt/ervaringsdeskundige: 1" in client.get(url).content.decode()
    now = timezone.now()
    meeting = Meeting.objects.create(
        council=table.council,
        table=table,
        kind=MeetingKind.TABLE,
        title="Eerste gesprek",
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=2),
    )
    assert "Eerste gesprek" in client.get(url).content.decode()
    meeting.cancelled_at = now
    meeting.save()
    assert "Eerste gesprek" not in client.get(url).content.decode()
    # A member who agrees to be named, then changes their name.
    person = world.people["voorzitter_velsen"]
    services.seat_add(
        table=table, stakeholder_type=StakeholderType.COUNCIL_MEMBER, by=table.created_by, user=person, accepted=True
    )
    assert "Vera Voorzitter" not in client.get(url).content.decode()
    membership = person.memberships.get(council=world.velsen_council)
    membership.listed_publicly = True
    membership.save()
    person.full_name = "Vera Voorzitter"
    person.save()
    assert "Vera Voorzitter" in client.get(url).content.decode()
    membership.listed_publicly = False
    membership.save()
    assert "Vera Voorzitter" not in client.get(url).content.decode()
    # The agenda item it came from, and the council's name.
    assert "Vervoer op de agenda" in client.get(url).content.decode()
    item.is_public = False
    item.save()
    assert "Vervoer op de agenda" not in client.get(url).content.decode()
    council = world.velsen_council
    council.name = "Participatieraad Velsen (nieuw)"
    council.save()
    assert "Participatieraad Velsen (nieuw)" in client.get(url).content.decode()
    table.is_public = False
    table.save()
    assert client.get(url).status_code == 404


def test_a_login_keeps_the_drawn_pages(world):
    version = public_tables_version()
    person = world.people["voorzitter_velsen"]
    person.last_login = timezone.now()
    person.save(update_fields=["last_login"])
    assert public_tables_version() == version
    person.save()
    assert public_tables_version() != version


def test_a_drawn_page_expires_when_a_meeting_ends_and_at_midnight(world):
    table = make_table(world.velsen_council)
    now = timezone.now()
    Meeting.objects.create(
        council=table.council,
        table=table,
        kind=MeetingKind.TABLE,
        title="Nu bezig",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(seconds=90),
    )
    assert 1 <= public_views._detail_seconds(public_table(table.pk)) <= 90
    Meeting.objects.all().delete()
    midnight = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), datetime.min.time()))
    assert public_views._detail_seconds(public_table(table.pk)) <= (midnight - now).total_seconds() + 1
