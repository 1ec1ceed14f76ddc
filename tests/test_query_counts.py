"""The busiest pages pin their exact number of queries, each one named (as healthchecks does).

A change to one of these numbers is a change to explain in the commit: a new query per request on the
pages every member opens all day. That the number does not grow with the data is tested next to each
page (5 rows against 50). Every request is made twice: the first fills the navigation cache.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from signals import services
from signals.forms import TRIAGE_ORDERINGS
from signals.models import Signal, Status

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


def _what_we_hear_queries(client, world, count: int, django_assert_num_queries) -> None:
    """``count`` signals spread over the last year (so the rollup has rows) and today, then the page."""
    theme = f.ThemeFactory()
    for n in range(count):
        f.SignalFactory(municipality=world.velsen, theme=theme, created_at=timezone.now() - timedelta(days=n * 7))
    services.signal_counts_refresh()
    client.get(reverse("signals:what_we_hear"))
    with django_assert_num_queries(3):
        # 1 the municipalities (the columns)
        # 2 the rollup: signals per theme and municipality on the whole days up to yesterday
        # 3 today's signals per theme and municipality, counted live
        assert client.get(reverse("signals:what_we_hear")).status_code == 200


def test_what_we_hear(client, world, django_assert_num_queries):
    _what_we_hear_queries(client, world, 5, django_assert_num_queries)


def test_what_we_hear_with_fifty_signals(client, world, django_assert_num_queries):
    _what_we_hear_queries(client, world, 50, django_assert_num_queries)


def test_signal_form(client, world, django_assert_num_queries):
    client.get(reverse("signals:submit"))
    with django_assert_num_queries(0):
        # The empty form comes from the cache, and its choices are read only when it is drawn.
        assert client.get(reverse("signals:submit")).status_code == 200


def test_signal_intake(client, world, django_assert_num_queries):
    theme = f.ThemeFactory()
    data = {"text": "De bushalte bij ons in de straat is weg.", "municipality": world.velsen.pk, "theme": theme.pk}
    client.get(reverse("signals:received"))  # fills the navigation cache
    with django_assert_num_queries(8):
        # 1 the chosen municipality (the form's choice)
        # 2 the chosen theme (the form's choice)
        # 3 the municipality exists (Signal.full_clean)
        # 4 the theme exists (Signal.full_clean)
        # 5 savepoint (in production: the transaction begins)
        # 6 the signal (its tracking code is unique by the INSERT itself: no lookup first)
        # 7 its first status change
        # 8 release savepoint (in production: the commit)
        # No session: the code goes to the confirmation page in a signed cookie.
        response = client.post(reverse("signals:submit"), data)
    assert response.status_code == 302
    with django_assert_num_queries(1):
        # 1 the signal by its code, and whether a parent still has to confirm
        page = client.get(reverse("signals:received")).content.decode()
    assert Signal.objects.get().tracking_code in page


def test_follow_page(client, world, django_assert_num_queries):
    signal = f.SignalFactory(municipality=world.velsen)
    client.get(signal.get_public_url())
    with django_assert_num_queries(1):
        # 1 the signal with its theme and municipality, and whether a child's contact waits for a parent
        # What it became, as far as public (its public agenda items, tables and published advice), comes from
        # the cache under their versions (signals.selectors.public_outcome_rows); the first request drew it.
        assert client.get(signal.get_public_url()).status_code == 200


def test_work_dashboard(client, world, velsen_signals, django_assert_num_queries):
    client.force_login(world.people["lid_velsen"])
    client.get(reverse("work_dashboard"))
    with django_assert_num_queries(SIGNED_IN + 11 + STAFF_SESSION_SAVE):
        # 5 the member's seats, with council and delegating council (the roles overview)
        # 6 the member's other role assignments
        # 7 the number of open signals of the member's councils, counted up to 1,000
        # 8 the open proposals among them, counted up to 1,000 (none here: their list is not read)
        # 9 the open and late early-involvement requests to the member's councils, counted (none open)
        # 10 the open agenda items the member owns (none)
        # 11 the next five meetings of the member's councils, with council and table
        # 12 the tables the member organises in oprichting or actief, with whether a client accepted
        # 13 the residents' offers to join those tables that wait for an answer, counted
        # 14 the advice of the member's councils whose response term has passed (overdue), with council
        # 15 the councils the member works for, with their number of seated members
        assert client.get(reverse("work_dashboard")).status_code == 200


def test_triage_list(client, world, velsen_signals, django_assert_num_queries):
    client.force_login(world.people["lid_velsen"])
    client.get(reverse("signals:triage"))
    with django_assert_num_queries(SIGNED_IN + 2 + STAFF_SESSION_SAVE):
        # 5 the number of signals in the queue, counted up to 1,000 (no longer the pager's exact count)
        # 6 one page of signals from the top of the queue's index (keyset), with theme, municipality,
        #   wijk and network partner
        # The filter form comes from the cache (drawn by the first request): no themes, no wijken.
        response = client.get(reverse("signals:triage"))
    assert len(response.context["page"].object_list) == 5


def test_triage_list_further_back(client, world, velsen_signals, django_assert_num_queries):
    client.force_login(world.people["lid_velsen"])
    first = client.get(reverse("signals:triage"), {"status": "alle"}).context["page"]
    cursor = TRIAGE_ORDERINGS["-created_at"].cursor_for(first.object_list[1])
    with django_assert_num_queries(SIGNED_IN + 2 + STAFF_SESSION_SAVE):
        # 5 the number of signals in the queue, counted up to 1,000
        # 6 the page after the cursor: from the cursor's date and number on, along the index
        # The filter form (the same filters as the first page) comes from the cache.
        response = client.get(reverse("signals:triage"), {"status": "alle", "na": cursor})
    assert len(response.context["page"].object_list) == 3


def test_triage_detail(client, world, velsen_signals, django_assert_num_queries):
    member = world.people["lid_velsen"]
    signal, duplicate = velsen_signals[0], velsen_signals[1]
    services.signal_set_status(signal=signal, status=Status.IN_PROGRESS, by=member)
    services.signal_add_note(signal=signal, text="Gebeld met de wijkagent.", by=member)
    services.signal_mark_duplicate(signal=duplicate, original=signal, by=member)
    client.force_login(member)
    url = reverse("signals:triage_detail", kwargs={"pk": signal.pk})
    client.get(url)
    with django_assert_num_queries(SIGNED_IN + 8 + STAFF_SESSION_SAVE):
        # 5 the signal, through the member's scope, with theme, municipality, wijk and partner
        # 6 the signals marked as its duplicates, with their council
        # 7 which of those the member may see (a link, or only a number and the council)
        # 8-10 what it became (Signal.outcomes; one query per linking model): agenda items, tables, advice
        # 10 its internal notes, with their authors
        # 11 its status changes, with who made them
        # The agenda's actions on the page (signals.extensions) ask the cached scope only: no query.
        response = client.get(url)
    assert response.status_code == 200
