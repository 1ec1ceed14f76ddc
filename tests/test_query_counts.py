"""The busiest pages pin their exact number of queries, each one named (as healthchecks does).

A change to one of these numbers is a change to explain in the commit: a new query per request on the
pages every member opens all day. That the number does not grow with the data is tested next to each
page (5 rows against 50). Every request is made twice: the first fills the navigation cache.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from signals import services
from signals.models import Status

from . import factories as f

pytestmark = pytest.mark.django_db

# A signed-in request starts with these (Django's session and user, then ``members.access.scope_for``).
SIGNED_IN = 4  # session, user, scope: seats, scope: role assignments
# A council member holds a staff role, so each request re-arms the idle timeout: the session is saved.
STAFF_SESSION_SAVE = 3  # savepoint, update of the session, release


@pytest.fixture
def velsen_signals(world):
    theme = f.ThemeFactory()
    wijk = f.NeighbourhoodFactory(municipality=world.velsen)
    return [f.SignalFactory(municipality=world.velsen, theme=theme, neighbourhood=wijk) for _ in range(5)]


def test_home(client, world, velsen_signals, django_assert_num_queries):
    client.get(reverse("home"))
    with django_assert_num_queries(3):
        # 1 the region (its name and text)
        # 2 the regional council
        # 3 the municipalities, each with its local council
        assert client.get(reverse("home")).status_code == 200


def test_what_we_hear(client, world, velsen_signals, django_assert_num_queries):
    client.get(reverse("signals:what_we_hear"))
    with django_assert_num_queries(2):
        # 1 the municipalities (the columns)
        # 2 the number of signals per theme and municipality over the last twelve months
        assert client.get(reverse("signals:what_we_hear")).status_code == 200


def test_work_dashboard(client, world, velsen_signals, django_assert_num_queries):
    client.force_login(world.people["lid_velsen"])
    client.get(reverse("work_dashboard"))
    with django_assert_num_queries(SIGNED_IN + 4 + STAFF_SESSION_SAVE):
        # 5 the member's seats, with council and delegating council (the roles overview)
        # 6 the member's other role assignments
        # 7 the number of open signals of the member's councils
        # 8 the councils the member works for, with their number of seated members
        assert client.get(reverse("work_dashboard")).status_code == 200


def test_triage_list(client, world, velsen_signals, django_assert_num_queries):
    client.force_login(world.people["lid_velsen"])
    client.get(reverse("signals:triage"))
    with django_assert_num_queries(SIGNED_IN + 4 + STAFF_SESSION_SAVE):
        # 5 the number of signals in the queue (the pager)
        # 6 one page of signals, with theme, municipality, wijk and network partner
        # 7 the themes (filter)
        # 8 the neighbourhoods with their municipality (filter)
        response = client.get(reverse("signals:triage"))
    assert len(response.context["page"].object_list) == 5


def test_triage_detail(client, world, velsen_signals, django_assert_num_queries):
    member = world.people["lid_velsen"]
    signal, duplicate = velsen_signals[0], velsen_signals[1]
    services.signal_set_status(signal=signal, status=Status.IN_PROGRESS, by=member)
    services.signal_add_note(signal=signal, text="Gebeld met de wijkagent.", by=member)
    services.signal_mark_duplicate(signal=duplicate, original=signal, by=member)
    client.force_login(member)
    url = reverse("signals:triage_detail", kwargs={"pk": signal.pk})
    client.get(url)
    with django_assert_num_queries(SIGNED_IN + 5 + STAFF_SESSION_SAVE):
        # 5 the signal, through the member's scope, with theme, municipality, wijk and partner
        # 6 the signals marked as its duplicates, with their council
        # 7 which of those the member may see (a link, or only a number and the council)
        # 8 its internal notes, with their authors
        # 9 its status changes, with who made them
        response = client.get(url)
    assert response.status_code == 200
