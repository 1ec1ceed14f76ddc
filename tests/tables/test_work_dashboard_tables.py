"""The tables' part of the work dashboard (/werk/): the coming meetings, the tables the user organises
with rule 1's hint, residents waiting to join, and the links to the work pages; its queries do not grow
with the data."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ijmond_participatie import views
from members.models import ExpertProfile
from tables.models import (
    Invitation,
    JoinRequest,
    Meeting,
    MeetingKind,
    Response,
    Seat,
    SeatStatus,
    StakeholderType,
    Table,
    TableStatus,
)
from tables.selectors_dashboard import MEETING_LIST_LENGTH, TablesDashboard, tables_dashboard

pytestmark = pytest.mark.django_db

URL = reverse("work_dashboard")
_numbers = count(1)


def _table(council, *, status=TableStatus.FORMING, client=False, title="") -> Table:
    table = Table.objects.create(
        council=council,
        title=title or f"Tafel {next(_numbers)}",
        question="Wat vinden cliënten?",
        origin="eigen_initiatief",
    )
    if client:
        Seat.objects.create(
            table=table,
            stakeholder_type=StakeholderType.CLIENT,
            guest_name="Cliënt",
            guest_email=f"client{next(_numbers)}@example.org",
            status=SeatStatus.ACCEPTED,
        )
    if status != TableStatus.FORMING:
        Table.objects.filter(pk=table.pk).update(status=status, client_perspective="Gehoord.")
        table.refresh_from_db()
    return table


def _meeting(council, *, days: float, table=None, title="") -> Meeting:
    starts = timezone.now() + timedelta(days=days)
    return Meeting.objects.create(
        council=council,
        table=table,
        kind=MeetingKind.TABLE if table else MeetingKind.CONSULTATION,
        title=title or f"Bijeenkomst {next(_numbers)}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        location="Stadhuis",
    )


def _invite(meeting, *, seat=None, user=None, response=Response.NONE) -> Invitation:
    number = next(_numbers)
    return Invitation.objects.create(
        meeting=meeting,
        seat=seat,
        user=user,
        name="Iemand",
        email=f"genodigde{number}@example.org",
        token_hash=hashlib.sha256(f"token-{number}".encode()).hexdigest(),
        response=response,
    )


def _join(table) -> JoinRequest:
    return JoinRequest.objects.create(
        table=table, name="Inwoner", email=f"inwoner{next(_numbers)}@example.org", stakeholder_type="inwoner"
    )


def test_a_member_sees_the_next_meetings_the_tables_waiting_for_a_client_and_residents_waiting(client, world):
    member = world.people["lid_velsen"]
    velsen, heemskerk = world.velsen_council, world.heemskerk_council
    forming = _table(velsen, title="Tafel zonder cliënt")
    active = _table(velsen, status=TableStatus.ACTIVE, client=True, title="Actieve tafel met cliënt")
    left = _table(velsen, status=TableStatus.ACTIVE, title="Actieve tafel, cliënt vertrokken")
    _table(velsen, status=TableStatus.CONCLUDED, client=True, title="Afgeronde tafel")
    _table(heemskerk, title="Tafel van Heemskerk")
    soon = [
        _meeting(velsen, days=n + 1, table=active, title=f"Bijeenkomst {n}") for n in range(MEETING_LIST_LENGTH + 1)
    ]
    _meeting(velsen, days=-3, table=active, title="Al geweest")
    _meeting(heemskerk, days=1, title="Overleg Heemskerk")
    _join(forming)
    _join(active)
    _join(_table(heemskerk))

    client.force_login(member)
    response = client.get(URL)
    assert response.status_code == 200
    dashboard = response.context["tables"]
    assert [row.meeting for row in dashboard.meetings] == soon[:MEETING_LIST_LENGTH]
    assert dashboard.meetings[0].url == soon[0].get_absolute_url()
    assert {row.table.title: row.needs_client for row in dashboard.tables} == {
        "Tafel zonder cliënt": True,
        "Actieve tafel met cliënt": False,
        "Actieve tafel, cliënt vertrokken": True,
    }
    assert dashboard.pending_join_requests == 2
    html = response.content.decode()
    assert "Al geweest" not in html and "Overleg Heemskerk" not in html and "Tafel van Heemskerk" not in html
    assert f'href="{reverse("tables:meeting_list")}"' in html
    assert f'href="{forming.get_absolute_url()}"' in html and f'href="{left.get_absolute_url()}"' in html
    assert "De tafel wordt pas actief als een cliënt of ervaringsdeskundige heeft toegezegd." in html
    assert "Er zit geen cliënt of ervaringsdeskundige meer aan tafel die heeft toegezegd." in html
    assert "2 inwoners willen meedoen en wachten op uw antwoord" in html
    for name in ("tables:work_list", "tables:meeting_list", "tables:calendar_settings"):
        assert f'href="{reverse(name)}"' in html, name


def test_a_policy_advisor_co_organises_the_tables_of_their_municipality_only(client, world):
    advisor = world.people["beleid_velsen"]
    _table(world.velsen_council, title="Tafel van Velsen")
    _table(world.beverwijk_council, title="Tafel van Beverwijk")
    _table(world.regional_council, title="Regionale tafel")
    dashboard = tables_dashboard(advisor)
    assert dashboard.organises
    assert [row.table.title for row in dashboard.tables] == ["Tafel van Velsen"]
    urls = [link.url for link in dashboard.links]
    assert reverse("tables:work_list") in urls and reverse("tables:meeting_list") in urls
    assert reverse("tables:calendar_settings") not in urls  # the feed is for council members


def test_the_aanjager_sees_the_regions_meetings_but_organises_no_table(client, world):
    meeting = _meeting(world.beverwijk_council, days=2)
    _table(world.velsen_council)
    dashboard = tables_dashboard(world.people["aanjager"])
    assert [row.meeting for row in dashboard.meetings] == [meeting]
    assert not dashboard.organises and dashboard.tables == []
    assert reverse("tables:work_list") in [link.url for link in dashboard.links]


def test_an_expert_sees_the_meetings_they_are_invited_to_with_their_answer_and_no_work_links(client, world):
    person = world.people["ervaring"]
    profile = ExpertProfile.objects.create(
        council=world.velsen_council, user=person, name="Ria", domains=["wmo"], consent_at=timezone.now()
    )
    table = _table(world.velsen_council)
    seat = Seat.objects.create(table=table, stakeholder_type=StakeholderType.CLIENT, expert=profile)
    invited = _meeting(world.velsen_council, days=3, table=table, title="Startbijeenkomst")
    _invite(invited, seat=seat, response=Response.MAYBE)
    consultation = _meeting(world.velsen_council, days=4, title="Periodiek overleg")
    _invite(consultation, user=person)
    _meeting(world.velsen_council, days=1, title="Niet uitgenodigd")
    _invite(_meeting(world.velsen_council, days=-2, table=table, title="Voorbij"), seat=seat)

    client.force_login(person)
    response = client.get(URL)
    dashboard = response.context["tables"]
    assert [row.meeting.title for row in dashboard.meetings] == ["Startbijeenkomst", "Periodiek overleg"]
    assert [row.url for row in dashboard.meetings] == ["", ""]
    assert not dashboard.organises and dashboard.links == [] and dashboard.meetings_url == ""
    html = response.content.decode()
    assert "Uw antwoord: misschien" in html
    assert reverse("tables:work_list") not in html


def test_a_resident_without_meetings_sees_no_tables_part(client, world):
    client.force_login(world.people["inwoner"])
    response = client.get(URL)
    assert response.context["tables"] == TablesDashboard()
    assert "Uw komende bijeenkomsten" not in response.content.decode()


def test_an_unknown_permission_is_a_no(world):
    # members.view_network is the registries' permission; until it exists nobody gets those links.
    from tables.selectors_dashboard import _has_perm

    assert _has_perm("members.no_such_permission", world.people["aanjager"]) is False


# --- Queries: constant in the data -----------------------------------------------------------------------


def _fill(world, person, n: int) -> None:
    """``n`` tables of each kind the dashboard reads, with meetings, seats and join requests, for the
    user's councils (and the region's)."""
    for council in (world.velsen_council, world.regional_council):
        for index in range(n):
            table = _table(
                council, status=TableStatus.ACTIVE if index % 2 else TableStatus.FORMING, client=index % 3 == 0
            )
            _join(table)
            meeting = _meeting(council, days=index + 1, table=table)
            _invite(meeting, user=person)


def _queries(client, person) -> int:
    client.force_login(person)
    client.get(URL)  # fills the navigation cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("persona", "added"),
    [
        # the next five meetings of the councils; the open tables organised with whether a client accepted;
        # the residents waiting to join, counted
        ("lid_velsen", 3),
        # the same, for the municipality's council, after its id (the councils of the advised
        # municipality, once per request: ``tables.models.organised_council_ids``)
        ("beleid_velsen", 4),
        # the region's next five meetings (the aanjager organises no table)
        ("aanjager", 1),
        # the expert's seats (as an account or through their record), then the coming meetings they are
        # invited to
        ("ervaring", 2),
    ],
)
def test_the_dashboard_queries_do_not_grow_with_rows(client, world, monkeypatch, persona, added):
    person = world.people[persona]
    _fill(world, person, 5)
    few = _queries(client, person)
    _fill(world, person, 45)
    many = _queries(client, person)
    assert few == many, persona
    # What the tables' part costs: the same page without it.
    monkeypatch.setattr(views, "tables_dashboard", lambda user, **kwargs: TablesDashboard())
    assert many - _queries(client, person) == added, persona
