"""Searching the triage queue by tracking code, on PostgreSQL (full-text) and SQLite (substring) alike.

CI runs this module with DATABASE_URL=postgres; locally it runs on SQLite.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from signals.models import Signal

from .. import factories as f

pytestmark = pytest.mark.django_db

CODE = "K7QP-3MXA"


def found(client, query: str) -> set[str]:
    response = client.get(reverse("signals:triage"), {"q": query})
    assert response.status_code == 200
    return {s.tracking_code for s in response.context["page"].object_list}


@pytest.fixture
def signals(world):
    wanted = f.SignalFactory(
        municipality=world.velsen, tracking_code=CODE, text="De bus naar de dagbesteding rijdt niet meer."
    )
    other = f.SignalFactory(municipality=world.velsen, text="Mantelzorgers kunnen nergens terecht voor respijtzorg.")
    return wanted, other


@pytest.mark.parametrize("typed", [CODE, "k7qp-3mxa", "K7QP3MXA", "k7qp3mxa", " k7qp 3mxa ", "K7 QP 3M XA"])
def test_search_finds_a_signal_by_its_tracking_code(client, world, signals, typed):
    client.force_login(world.people["lid_velsen"])
    assert found(client, typed) == {CODE}


def test_search_by_code_and_full_text_work_side_by_side(client, world, signals):
    wanted, other = signals
    client.force_login(world.people["lid_velsen"])
    assert found(client, "respijtzorg") == {other.tracking_code}
    assert found(client, "dagbesteding") == {CODE}


def test_search_by_code_stays_within_the_members_scope(client, world, signals):
    theirs = f.SignalFactory(municipality=world.beverwijk, tracking_code="ABCD-EFGH")
    client.force_login(world.people["lid_velsen"])
    assert found(client, theirs.tracking_code.lower()) == set()


def test_queryset_search_matches_the_code_exactly(world, signals):
    assert list(Signal.objects.search("k7qp 3mxa").values_list("tracking_code", flat=True)) == [CODE]
    # Part of a code is not a code: no match on the code (and none in the text).
    assert not Signal.objects.search("K7QP").exists()
