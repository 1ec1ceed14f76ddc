"""The confirmation page shows the tracking code once: on a shared library PC the next person must not
see it, by reloading or with the back button."""

from __future__ import annotations

import pytest
from django.urls import reverse

from signals.models import Signal

pytestmark = pytest.mark.django_db


def submit(client, world):
    response = client.post(
        reverse("signals:submit"),
        {"text": "De stoep bij het gezondheidscentrum is te smal voor mijn rolstoel.", "municipality": world.velsen.pk},
    )
    assert response.status_code == 302
    return Signal.objects.get()


def test_the_code_is_shown_once_and_then_forgotten(client, world):
    signal = submit(client, world)
    first = client.get(reverse("signals:received")).content.decode()
    assert signal.tracking_code in first
    again = client.get(reverse("signals:received")).content.decode()
    assert signal.tracking_code not in again
    assert signal.get_public_url() not in again
    # The neutral page tells how to follow a signal.
    assert reverse("signals:follow") in again
    assert "volgcode" in again


def test_the_confirmation_page_is_never_stored_by_the_browser(client, world):
    submit(client, world)
    response = client.get(reverse("signals:received"))
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in client.get(reverse("signals:received"))["Cache-Control"]
