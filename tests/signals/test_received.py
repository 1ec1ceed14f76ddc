"""The confirmation page shows the tracking code once: on a shared library PC the next person must not
see it, by reloading or with the back button."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.urls import reverse

from signals.models import Signal
from signals.views import LAST_CODE_COOKIE, LAST_CODE_MAX_AGE, LAST_CODE_SALT

from .. import factories as f

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


def test_sending_a_signal_stores_no_session(client, world):
    # The code travels in a signed cookie: no session row in the database for every resident.
    submit(client, world)
    assert signal_code_in(client.get(reverse("signals:received")))
    assert not Session.objects.exists()


def test_the_code_cookie_is_short_lived_and_only_for_the_confirmation_page(client, world):
    response = client.post(
        reverse("signals:submit"),
        {"text": "De stoep bij het gezondheidscentrum is te smal voor mijn rolstoel.", "municipality": world.velsen.pk},
    )
    cookie = response.cookies[LAST_CODE_COOKIE]
    assert cookie["path"] == reverse("signals:received")
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert 0 < int(cookie["max-age"]) <= 10 * 60
    assert Signal.objects.get().tracking_code in cookie.value  # signed, not a session key
    forgotten = client.get(reverse("signals:received")).cookies[LAST_CODE_COOKIE]
    assert forgotten.value == "" and int(forgotten["max-age"]) == 0


def _signed(code: str) -> str:
    return signing.get_cookie_signer(salt=LAST_CODE_COOKIE + LAST_CODE_SALT).sign(code)


def test_a_forged_or_expired_cookie_shows_no_code(client, world):
    signal = f.SignalFactory(municipality=world.velsen)
    client.cookies[LAST_CODE_COOKIE] = _signed(signal.tracking_code)
    assert signal.tracking_code in client.get(reverse("signals:received")).content.decode()  # a real one works
    with mock.patch("django.core.signing.time.time", return_value=time.time() - LAST_CODE_MAX_AGE - 60):
        expired = _signed(signal.tracking_code)
    forged = signing.get_cookie_signer(salt="another purpose").sign(signal.tracking_code)
    for value in (signal.tracking_code, forged, expired, "<script>", "x" * 5000):
        client.cookies[LAST_CODE_COOKIE] = value
        response = client.get(reverse("signals:received"))
        assert response.status_code == 200
        assert signal.tracking_code not in response.content.decode()


def test_a_bot_after_a_resident_does_not_see_the_residents_code(client, world):
    signal = submit(client, world)
    data = {"text": "Koop nu!", "municipality": world.velsen.pk, "website": "http://spam.example"}
    assert client.post(reverse("signals:submit"), data).status_code == 302
    assert signal.tracking_code not in client.get(reverse("signals:received")).content.decode()


def signal_code_in(response) -> bool:
    return Signal.objects.get().tracking_code in response.content.decode()
