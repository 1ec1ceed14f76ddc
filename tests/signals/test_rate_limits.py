"""Rate limits count per person behind the documented proxy, and only stored signals count.

One function (``infrastructure.client_ip.client_ip``) names the client for django-ratelimit (the
signal pages) and for allauth (login); with ``TRUSTED_PROXY_COUNT = 1`` that is the address the proxy
appended to ``X-Forwarded-For``, never anything the client wrote there itself.
"""

from __future__ import annotations

import pytest
from allauth.account.adapter import get_adapter
from django.test import Client, RequestFactory
from django.urls import reverse

from infrastructure.client_ip import UNKNOWN_CLIENT, client_ip
from signals.models import Signal

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # REMOTE_ADDR of every request that came through the proxy


def valid_data(world, **overrides) -> dict:
    data = {"text": "Mijn moeder wacht al maanden op een traplift.", "municipality": world.velsen.pk}
    data.update(overrides)
    return data


def resident(address: str, *, spoofed: str = "", proxies: int = 1) -> Client:
    """A browser behind the proxies: the outermost appends ``address`` to whatever the browser sent,
    each further proxy the address of the one before it."""
    entries = [spoofed] if spoofed else []
    entries += [address] + [f"10.0.1.{n}" for n in range(1, proxies)]
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=", ".join(entries))


@pytest.mark.parametrize(
    ("proxies", "remote", "header", "expected"),
    [
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),  # no trusted proxy: the header is ignored
        (1, PROXY, "198.51.100.1", "198.51.100.1"),
        (1, PROXY, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client's own entry does not count
        (2, "10.0.0.3", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "10.0.0.3", "198.51.100.1", "10.0.0.3"),  # too few entries: REMOTE_ADDR
        (1, PROXY, "", PROXY),
        (1, PROXY, "garbage", PROXY),
        (1, PROXY, "198.51.100.1, garbage", PROXY),
        (1, PROXY, ",,,", PROXY),
        (1, PROXY, "999.1.1.1", PROXY),
        (1, PROXY, "198.51.100.1\x00", PROXY),
        (1, PROXY, "<script>", PROXY),
        (1, PROXY, "198.51.100.1:4711", "198.51.100.1"),
        (1, PROXY, "[2001:db8::1]:4711", "2001:db8::1"),
        (1, PROXY, " 2001:DB8::1 ", "2001:db8::1"),
        (1, PROXY, "::ffff:198.51.100.1", "198.51.100.1"),
        (1, PROXY, "1.2.3.4," * 20_000 + "198.51.100.1", "198.51.100.1"),
        (1, "", "", UNKNOWN_CLIENT),  # no address at all (a unix socket): one bucket, no crash
    ],
)
def test_client_ip(settings, proxies, remote, header, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected
    # allauth asks the same function (its login, signup and reset limits).
    assert get_adapter().get_client_ip(request) == expected


def test_residents_behind_the_proxy_each_get_their_own_limit_and_cannot_rotate(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGNAL_SUBMIT_RATE = "2/h"
    url = reverse("signals:submit")
    for n in range(2):
        assert resident("198.51.100.1", spoofed=f"192.0.2.{n}").post(url, valid_data(world)).status_code == 302
    # A fresh value of its own in X-Forwarded-For does not give the same person a fresh bucket …
    assert resident("198.51.100.1", spoofed="192.0.2.99").post(url, valid_data(world)).status_code == 429
    # … while another resident behind the same proxy is not limited by the first one.
    assert resident("198.51.100.2").post(url, valid_data(world)).status_code == 302
    assert Signal.objects.count() == 3


def test_follow_pages_count_per_person_behind_the_proxy(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGNAL_FOLLOW_RATE = "2/m"
    url = reverse("signals:follow_detail", kwargs={"code": "AAAA-BBBB"})
    for n in range(2):
        assert resident("198.51.100.1", spoofed=f"192.0.2.{n}").get(url).status_code == 404
    assert resident("198.51.100.1", spoofed="192.0.2.99").get(url).status_code == 429
    assert resident("198.51.100.2").get(url).status_code == 404


def test_allauth_counts_the_same_person(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    url = reverse("account_login")
    data = {"login": "lid.velsen@example.org", "password": "fout-wachtwoord-1"}
    for n in range(2):
        assert resident("198.51.100.1", spoofed=f"192.0.2.{n}").post(url, data).status_code == 200
    assert resident("198.51.100.1", spoofed="192.0.2.99").post(url, data).status_code == 429
    assert resident("198.51.100.2").post(url, data).status_code == 200


@pytest.mark.parametrize(
    "header",
    ["", "garbage", ",,,", " , , ", "999.999.999.999", "1.2.3.4, \x00", "::::", "[::1", "a" * 100_000, "," * 5000],
)
@pytest.mark.parametrize("proxies", [1, 3])
def test_a_strange_forwarding_header_never_gives_a_500_nor_a_fresh_bucket(world, settings, header, proxies):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.SIGNAL_SUBMIT_RATE = "1/h"
    browser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    assert browser.post(reverse("signals:submit"), valid_data(world)).status_code == 302
    assert browser.get(reverse("signals:follow_detail", kwargs={"code": "AAAA-BBBB"})).status_code == 404
    assert browser.post(reverse("account_login"), {"login": "x@example.org", "password": "y"}).status_code == 200
    # Counted against the proxy's own address: another strange header finds the same, full bucket.
    other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not an address")
    assert other.post(reverse("signals:submit"), valid_data(world)).status_code == 429
    # A resident whose address the proxy appended is not in that bucket.
    response = resident("198.51.100.7", proxies=proxies).post(reverse("signals:submit"), valid_data(world))
    assert response.status_code == 302


def test_only_stored_signals_count(client, world, settings):
    settings.SIGNAL_SUBMIT_RATE = "2/h"
    url = reverse("signals:submit")
    for _ in range(3):  # three mistakes in a row are not a flood
        response = client.post(url, valid_data(world, municipality=""))
        assert response.status_code == 200
    assert client.post(url, valid_data(world, website="http://spam.example")).status_code == 302  # honeypot
    assert Signal.objects.count() == 0
    for _ in range(2):
        assert client.post(url, valid_data(world)).status_code == 302
    assert client.post(url, valid_data(world)).status_code == 429
    assert Signal.objects.count() == 2


def test_the_limited_page_keeps_the_residents_text(client, world, settings):
    settings.SIGNAL_SUBMIT_RATE = "1/h"
    url = reverse("signals:submit")
    assert client.post(url, valid_data(world)).status_code == 302
    text = "Bij de <b>sporthal</b> is geen invalidenparkeerplaats meer."
    response = client.post(url, valid_data(world, text=text))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Uw signaal is nog niet verstuurd" in html
    assert "Uw tekst staat nog in het formulier hieronder" in html
    assert "Bij de &lt;b&gt;sporthal&lt;/b&gt; is geen invalidenparkeerplaats meer." in html  # in the text box
    assert "<b>sporthal</b>" not in html
    assert 'name="website"' in html  # the honeypot is still in the form
    assert Signal.objects.count() == 1


def test_a_community_centre_can_send_many_signals_with_the_default_limit(client, world):
    """A library or community centre helps many residents from one address."""
    for _ in range(12):
        assert client.post(reverse("signals:submit"), valid_data(world)).status_code == 302
    assert Signal.objects.count() == 12
