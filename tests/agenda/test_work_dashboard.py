"""/werk/ (issue 9, points 5 and 7): for the user's councils the proposals and requests to answer (late
ones first, marked "te laat") and the items they own; for a policy advisor their municipality's requests
and where each stands. Bounded queries, the same for 5 rows as for 50."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenda.selectors.dashboard import PROPOSAL_LIST_LENGTH, AgendaDashboard, agenda_dashboard
from ijmond_participatie import views
from signals.models import Kind, Status

from .. import factories as f

pytestmark = pytest.mark.django_db

URL = reverse("work_dashboard")


def page(client, person) -> str:
    client.force_login(person)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


def test_a_member_sees_the_proposals_to_answer_with_links(client, world, velsen_member):
    older = f.SignalFactory(
        municipality=world.velsen, kind=Kind.POLICY_PROPOSAL, created_at=timezone.now() - timedelta(days=3)
    )
    newer = f.SignalFactory(municipality=world.velsen, kind=Kind.INITIATIVE)
    f.SignalFactory(municipality=world.velsen)  # a plain signal: not a proposal
    f.SignalFactory(municipality=world.velsen, kind=Kind.AGENDA_TOPIC, status=Status.CLOSED, feedback="Klaar.")
    f.SignalFactory(municipality=world.beverwijk, kind=Kind.AGENDA_TOPIC)  # another council's queue
    html = page(client, velsen_member)
    assert "Voorstellen van inwoners" in html
    assert "2 open voorstellen om te beantwoorden" in html
    assert f'href="{reverse("signals:triage")}?kind=voorstel"' in html
    assert html.index(f'href="{newer.get_absolute_url()}"') < html.index(f'href="{older.get_absolute_url()}"')
    assert "Initiatief" in html and "Beleidsvoorstel" in html


def test_only_the_five_newest_proposals_are_listed(world, velsen_member):
    for _ in range(PROPOSAL_LIST_LENGTH + 2):
        f.SignalFactory(municipality=world.velsen, kind=Kind.AGENDA_TOPIC)
    proposals = agenda_dashboard(velsen_member).proposals
    assert proposals is not None
    assert proposals.count.value == PROPOSAL_LIST_LENGTH + 2 and proposals.count.exact
    assert len(proposals.newest) == PROPOSAL_LIST_LENGTH


def test_requests_to_answer_show_late_ones_first_marked_te_laat(client, world, velsen_member):
    later = f.EarlyInvolvementRequestFactory(council=world.velsen_council, title="Respijtzorg", wanted_by=days(20))
    soon = f.EarlyInvolvementRequestFactory(council=world.velsen_council, title="Eenzaamheid", wanted_by=days(5))
    late = f.EarlyInvolvementRequestFactory(council=world.velsen_council, title="Wmo-loketten", wanted_by=days(-6))
    f.EarlyInvolvementRequestFactory(council=world.velsen_council, title="Beantwoord", status="advies_gegeven")
    f.EarlyInvolvementRequestFactory(council=world.heemskerk_council, title="Heemskerks verzoek")
    html = page(client, velsen_member)
    assert "Verzoeken om te beantwoorden" in html
    assert "3 open verzoeken, waarvan 1 te laat" in html
    assert f'href="{reverse("agenda:request_list")}"' in html
    positions = [html.index(f'href="{r.get_absolute_url()}"') for r in (late, soon, later)]
    assert positions == sorted(positions)
    late_line = html[html.rindex("<li", 0, positions[0]) : positions[0]]
    assert "te laat" in late_line
    assert "te laat" not in html[positions[1] : positions[2]]
    assert days(5).strftime("%Y") in html and "reactie gewenst vóór" in html
    assert "Beantwoord" not in html and "Heemskerks verzoek" not in html


def test_a_member_sees_the_open_items_they_own(client, world, velsen_member):
    mine = f.AgendaItemFactory(
        council=world.velsen_council,
        owner=velsen_member,
        title="Eenzaamheid onder ouderen in IJmuiden",
        planned_year=2027,
        planned_quarter=1,
    )
    f.AgendaItemFactory(council=world.velsen_council, owner=velsen_member, status="afgerond", title="Al klaar")
    f.AgendaItemFactory(council=world.velsen_council, owner=world.people["voorzitter_velsen"], title="Van een ander")
    html = page(client, velsen_member)
    assert "Uw agendapunten" in html
    assert f'href="{mine.get_absolute_url()}"' in html and "gepland 2027-K1" in html
    assert "Al klaar" not in html and "Van een ander" not in html
    assert f'href="{reverse("agenda:work_list")}"' in html


def test_a_policy_advisor_sees_their_municipalitys_requests_and_where_each_stands(client, world, velsen_advisor):
    waiting = f.EarlyInvolvementRequestFactory(council=world.velsen_council, title="Kindpakket", wanted_by=days(-2))
    regional = f.EarlyInvolvementRequestFactory(
        council=world.regional_council, municipality=world.velsen, title="Regiotaxi", wanted_by=days(12)
    )
    answered = f.EarlyInvolvementRequestFactory(
        council=world.velsen_council,
        title="Schuldhulp",
        status="advies_gegeven",
        answered_at=timezone.now() - timedelta(days=1),
    )
    f.EarlyInvolvementRequestFactory(council=world.beverwijk_council, title="Verzoek van Beverwijk")
    html = page(client, velsen_advisor)
    assert "Verzoeken van uw gemeente" in html
    assert "2 verzoeken wachten op de raad, waarvan 1 te laat." in html
    positions = [html.index(f'href="{r.get_absolute_url()}"') for r in (waiting, regional, answered)]
    assert positions == sorted(positions)  # the open ones first, the late one on top
    assert "participatieadvies gegeven" in html and "beantwoord op" in html
    assert world.regional_council.name in html
    assert "Verzoek van Beverwijk" not in html
    assert f'href="{reverse("agenda:request_create")}"' in html
    # An advisor has no seat: no proposals, no requests to answer, no items to own.
    assert "Voorstellen van inwoners" not in html and "Verzoeken om te beantwoorden" not in html
    assert "Uw agendapunten" not in html


def test_the_aanjager_sees_the_regions_open_requests(client, world, aanjager):
    f.EarlyInvolvementRequestFactory(council=world.heemskerk_council, title="Heemskerk", wanted_by=days(-1))
    f.EarlyInvolvementRequestFactory(council=world.velsen_council, title="Velsen")
    html = page(client, aanjager)
    assert "Open verzoeken in de regio" in html
    assert "2 open verzoeken, waarvan 1 te laat" in html


def test_a_resident_sees_none_of_it(client, world):
    f.EarlyInvolvementRequestFactory(council=world.velsen_council, title="Geheim verzoek")
    f.SignalFactory(municipality=world.velsen, kind=Kind.AGENDA_TOPIC)
    html = page(client, world.people["inwoner"])
    for heading in ("Voorstellen van inwoners", "Verzoeken", "Uw agendapunten", "Geheim verzoek"):
        assert heading not in html


# --- Query counts: bounded and the same for 5 rows as for 50 ------------------------------------------


def _fill(world, person, rows: int) -> None:
    for n in range(rows):
        f.SignalFactory(municipality=world.velsen, kind=Kind.AGENDA_TOPIC)
        f.SignalFactory(municipality=world.heemskerk, kind=Kind.INITIATIVE)
        f.EarlyInvolvementRequestFactory(council=world.velsen_council, wanted_by=days(n - 3))
        f.EarlyInvolvementRequestFactory(council=world.regional_council, municipality=world.velsen)
        f.EarlyInvolvementRequestFactory(council=world.heemskerk_council, status="afgerond")
        f.AgendaItemFactory(council=world.velsen_council, owner=world.people["lid_velsen"])


def _queries(client, person) -> int:
    client.force_login(person)
    client.get(URL)  # fills the navigation cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("persona", "added"),
    [
        # the proposals counted up to 1,000 and the newest five; the requests counted and the first ten;
        # the open items the member owns
        ("lid_velsen", 5),
        # the municipality's requests counted and the first ten
        ("beleid_velsen", 2),
        # the region's proposals counted and the newest five; the region's open requests counted and listed
        ("aanjager", 4),
    ],
)
def test_the_dashboard_queries_do_not_grow_with_rows(client, world, monkeypatch, persona, added):
    person = world.people[persona]
    _fill(world, person, 5)
    few = _queries(client, person)
    _fill(world, person, 45)
    many = _queries(client, person)
    assert few == many, persona
    # What the agenda's parts cost: the same page with none of them.
    monkeypatch.setattr(views, "agenda_dashboard", lambda user, **kwargs: AgendaDashboard())
    assert many - _queries(client, person) == added, persona
