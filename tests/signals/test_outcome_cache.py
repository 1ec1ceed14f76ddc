"""A signal's follow page lists what it became from a cache kept under the versions of the agenda, the
tables and advice: never stale — a new link, a renamed item or a hidden one shows at once."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse

from tables.models import Table
from tests import factories as f


def page(client, signal) -> str:
    return client.get(reverse("signals:follow_detail", kwargs={"code": signal.tracking_code})).content.decode()


def test_outcomes_change_at_once_and_are_read_from_the_cache(client, world, django_assert_num_queries):
    signal = f.SignalFactory(municipality=world.velsen)
    assert "Respijtzorg" not in page(client, signal)

    item = f.AgendaItemFactory(council=world.velsen_council, title="Respijtzorg", is_public=True)
    item.signals.add(signal)
    assert "Respijtzorg" in page(client, signal)
    with django_assert_num_queries(1):
        # Only the signal itself: its outcomes come from the cache.
        assert "Respijtzorg" in page(client, signal)

    item.title = "Respijtzorg voor mantelzorgers"
    item.save()
    assert "Respijtzorg voor mantelzorgers" in page(client, signal)

    table = Table.objects.create(
        council=world.velsen_council, title="Tafel respijt", question="Wat is nodig?", origin="eigen_initiatief"
    )
    table.signals.add(signal)
    assert "Tafel respijt" in page(client, signal)

    item.is_public = False
    item.save()
    assert "Respijtzorg voor mantelzorgers" not in page(client, signal)


def test_without_a_cache_the_outcomes_come_from_the_database(client, world, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    cache.close()
    signal = f.SignalFactory(municipality=world.velsen)
    item = f.AgendaItemFactory(council=world.velsen_council, title="Buurtbus", is_public=True)
    item.signals.add(signal)
    assert "Buurtbus" in page(client, signal)
