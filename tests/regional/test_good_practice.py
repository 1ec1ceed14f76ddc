"""Good practice across the municipalities (issue 12, point 5): the rules of marking, the pages, and what
the public sees."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ijmond_participatie.models import GoodPractice
from ijmond_participatie.regional import services
from tests import factories as f

from .helpers import advice_in_state

pytestmark = pytest.mark.django_db


def _create_url(*, table=None, advice=None) -> str:
    query = f"tafel={table.pk}" if table is not None else f"advies={advice.pk}"
    return f"{reverse('good_practice_create')}?{query}"


# --- The rules (services) -----------------------------------------------------------------------------


def test_only_a_concluded_table_may_be_marked(world):
    member = world.people["lid_velsen"]
    for status in ("in_oprichting", "actief", "afronding"):
        table = f.ConcludedTableFactory(council=world.velsen_council, status=status, concluded_at=None)
        with pytest.raises(ValidationError, match="afgeronde tafel"):
            services.good_practice_mark(table=table, lesson="Goed gedaan.", by=member)
    table = f.ConcludedTableFactory(council=world.velsen_council)

    practice = services.good_practice_mark(table=table, lesson="  Goed gedaan.  ", by=member)

    assert practice.council == world.velsen_council
    assert practice.lesson == "Goed gedaan."
    assert practice.marked_by == member


def test_only_a_sent_advice_may_be_marked(world):
    member = world.people["lid_velsen"]
    for state in ("concept", "vastgesteld"):
        advice = advice_in_state(world.velsen_council, state)
        with pytest.raises(ValidationError, match="verzonden advies"):
            services.good_practice_mark(advice=advice, lesson="Les.", by=member)
    for state in ("verzonden", "beantwoord"):
        advice = advice_in_state(world.velsen_council, state)
        assert services.good_practice_mark(advice=advice, lesson="Les.", by=member).advice == advice


def test_one_mark_per_table_and_per_advice(world):
    member = world.people["lid_velsen"]
    table = f.ConcludedTableFactory(council=world.velsen_council)
    advice = advice_in_state(world.velsen_council, "verzonden")
    services.good_practice_mark(table=table, lesson="Eerste.", by=member)
    services.good_practice_mark(advice=advice, lesson="Eerste.", by=member)

    with pytest.raises(ValidationError, match="al bij de goede voorbeelden"):
        services.good_practice_mark(table=table, lesson="Tweede.", by=member)
    with pytest.raises(ValidationError, match="al bij de goede voorbeelden"):
        services.good_practice_mark(advice=advice, lesson="Tweede.", by=member)
    assert GoodPractice.objects.count() == 2


def test_a_table_or_an_advice_not_both(world):
    with pytest.raises(ValidationError):
        services.good_practice_mark(
            table=f.ConcludedTableFactory(council=world.velsen_council),
            advice=advice_in_state(world.velsen_council, "verzonden"),
            lesson="Les.",
            by=world.people["lid_velsen"],
        )


# --- Marking and removing (views) ---------------------------------------------------------------------


def test_member_marks_a_concluded_table(client, world):
    table = f.ConcludedTableFactory(council=world.velsen_council)
    client.force_login(world.people["lid_velsen"])

    page = client.get(_create_url(table=table))
    assert page.status_code == 200
    assert table.title in page.content.decode()

    response = client.post(_create_url(table=table), {"lesson": "Vraag cliënten als eersten."})

    assert response.status_code == 302
    assert response["Location"] == table.get_absolute_url()
    practice = GoodPractice.objects.get(table=table)
    assert practice.lesson == "Vraag cliënten als eersten."
    # Coming back shows the mark and a way to take it away, not a second form.
    again = client.get(_create_url(table=table)).content.decode()
    assert reverse("good_practice_delete", args=[practice.pk]) in again
    assert 'name="lesson"' not in again


def test_outsider_gets_404_and_reader_403(client, world):
    table = f.ConcludedTableFactory(council=world.velsen_council)
    advice = advice_in_state(world.velsen_council, "verzonden")
    expected = {"lid_beverwijk": 404, "inwoner": 404, "aanjager": 403, "beleid_velsen": 403, "lid_velsen": 200}
    for role, status in expected.items():
        client.force_login(world.people[role])
        assert client.get(_create_url(table=table)).status_code == status, role
        assert client.get(_create_url(advice=advice)).status_code == status, role
    assert client.get(reverse("good_practice_create")).status_code == 404
    assert client.get(f"{reverse('good_practice_create')}?tafel=abc").status_code == 404


def test_a_table_still_running_is_explained_not_offered(client, world):
    table = f.ConcludedTableFactory(council=world.velsen_council, status="actief", concluded_at=None)
    client.force_login(world.people["lid_velsen"])

    page = client.get(_create_url(table=table)).content.decode()
    response = client.post(_create_url(table=table), {"lesson": "Les."})

    assert "Alleen een afgeronde tafel" in page
    assert 'name="lesson"' not in page
    assert response.status_code == 200
    assert not GoodPractice.objects.exists()


def test_hostile_lesson_is_refused_or_escaped(client, world):
    table = f.ConcludedTableFactory(council=world.velsen_council)
    client.force_login(world.people["lid_velsen"])

    too_long = client.post(_create_url(table=table), {"lesson": "x" * 100_000})
    empty = client.post(_create_url(table=table), {"lesson": "\x00\x07  "})
    assert too_long.status_code == 400 and empty.status_code == 400
    assert not GoodPractice.objects.exists()

    client.post(_create_url(table=table), {"lesson": "<script>alert(1)</script>\x00 Goed"})
    practice = GoodPractice.objects.get()
    assert "\x00" not in practice.lesson
    page = client.get(reverse("good_practice_list")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_member_removes_a_mark_reader_may_not(client, world):
    practice = f.GoodPracticeFactory(table=f.ConcludedTableFactory(council=world.velsen_council))
    url = reverse("good_practice_delete", args=[practice.pk])

    for role, status in {"aanjager": 403, "lid_beverwijk": 404, "inwoner": 404}.items():
        client.force_login(world.people[role])
        assert client.post(url).status_code == status, role
    client.force_login(world.people["lid_velsen"])
    assert client.get(url).status_code == 405
    response = client.post(url)

    assert response.status_code == 302 and response["Location"] == reverse("good_practice_list")
    assert not GoodPractice.objects.exists()
    assert practice.table.__class__.objects.filter(pk=practice.table_id).exists()


def test_work_pages_link_to_marking_for_members_only(client, world):
    table = f.ConcludedTableFactory(council=world.velsen_council)
    running = f.ConcludedTableFactory(council=world.velsen_council, status="actief", concluded_at=None)
    sent = advice_in_state(world.velsen_council, "verzonden")
    adopted = advice_in_state(world.velsen_council, "vastgesteld")
    client.force_login(world.people["lid_velsen"])

    assert _create_url(table=table) in client.get(table.get_absolute_url()).content.decode()
    assert "goede-voorbeelden" not in client.get(running.get_absolute_url()).content.decode()
    assert _create_url(advice=sent) in client.get(sent.get_absolute_url()).content.decode()
    assert "goede-voorbeelden" not in client.get(adopted.get_absolute_url()).content.decode()
    client.force_login(world.people["beleid_velsen"])
    assert "goede-voorbeelden/nieuw" not in client.get(table.get_absolute_url()).content.decode()
    assert "goede-voorbeelden/nieuw" not in client.get(sent.get_absolute_url()).content.decode()


# --- What the public sees -----------------------------------------------------------------------------


def test_public_list_shows_only_public_tables_and_published_advice(client, world):
    today = timezone.localdate()
    shown_table = f.GoodPracticeFactory(table=f.ConcludedTableFactory(council=world.velsen_council, title="Open tafel"))
    f.GoodPracticeFactory(
        table=f.ConcludedTableFactory(council=world.velsen_council, title="Besloten tafel", is_public=False)
    )
    shown_advice = advice_in_state(world.beverwijk_council, "beantwoord", subject="Openbaar advies")
    confidential = advice_in_state(
        world.velsen_council, "verzonden", subject="Geheim advies", confidential_until=today + timedelta(days=30)
    )
    unpublished = advice_in_state(
        world.velsen_council, "verzonden", subject="Nog niet gepubliceerd", published_on=today + timedelta(days=10)
    )
    for advice in (shown_advice, confidential, unpublished):
        f.GoodPracticeFactory(table=None, advice=advice, council=advice.council)

    page = client.get(reverse("good_practice_list")).content.decode()

    assert "Open tafel" in page and shown_table.table.get_public_url() in page
    assert "Openbaar advies" in page and shown_advice.get_public_url() in page
    for hidden in ("Besloten tafel", "Geheim advies", "Nog niet gepubliceerd"):
        assert hidden not in page
    assert "Weghalen" not in page  # nothing to remove for a visitor

    velsen_only = client.get(reverse("good_practice_list"), {"raad": world.velsen_council.slug}).content.decode()
    assert "Open tafel" in velsen_only and "Openbaar advies" not in velsen_only


def test_public_list_offers_removal_to_the_council_members(client, world):
    practice = f.GoodPracticeFactory(table=f.ConcludedTableFactory(council=world.velsen_council))
    client.force_login(world.people["lid_velsen"])
    assert (
        reverse("good_practice_delete", args=[practice.pk])
        in client.get(reverse("good_practice_list")).content.decode()
    )
    client.force_login(world.people["lid_beverwijk"])
    assert (
        reverse("good_practice_delete", args=[practice.pk])
        not in client.get(reverse("good_practice_list")).content.decode()
    )


def test_region_and_council_pages_list_the_public_good_practice(client, world):
    f.GoodPracticeFactory(
        table=f.ConcludedTableFactory(council=world.velsen_council, title="Vervoer op maat"), lesson="Begin klein."
    )
    f.GoodPracticeFactory(table=f.ConcludedTableFactory(council=world.velsen_council, title="Stil", is_public=False))

    region = client.get(reverse("councils:region_detail")).content.decode()
    velsen = client.get(reverse("councils:municipality_detail", args=[world.velsen.slug])).content.decode()
    beverwijk = client.get(reverse("councils:municipality_detail", args=[world.beverwijk.slug])).content.decode()

    assert "Goede voorbeelden uit de regio" in region
    assert "Vervoer op maat" in region and "Begin klein." in region and "Stil" not in region
    assert reverse("good_practice_list") in region
    assert "Vervoer op maat" in velsen and "Stil" not in velsen
    assert "Vervoer op maat" not in beverwijk


def test_region_page_says_when_there_is_no_good_practice_yet(client, world):
    region = client.get(reverse("councils:region_detail")).content.decode()

    assert "Er zijn nog geen goede voorbeelden gedeeld." in region


def _add_practices(world, count: int) -> None:
    for i in range(count):
        if i % 2:
            advice = advice_in_state(world.velsen_council, "verzonden")
            f.GoodPracticeFactory(table=None, advice=advice, council=advice.council)
        else:
            f.GoodPracticeFactory(table=f.ConcludedTableFactory(council=world.beverwijk_council))


def test_public_list_query_count_is_the_same_for_5_and_50(client, world):
    client.force_login(world.people["lid_velsen"])
    client.get(reverse("good_practice_list"))  # the first request of a session does a little more
    counts = []
    for count in (5, 45):
        _add_practices(world, count)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("good_practice_list"))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 12
