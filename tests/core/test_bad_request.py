"""A form posted in a charset we cannot read gets a friendly 400 page in Dutch, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from signals.models import Signal

pytestmark = pytest.mark.django_db

FRIENDLY = "We kunnen uw formulier niet lezen"

# Charsets Python knows but cannot decode text with (rot13, base64), or not with errors="replace" as
# Django decodes form fields (idna, punycode, undefined), and text charsets Django refuses for
# url-encoded forms (utf-16).
UNREADABLE = ["rot13", "base64", "hex", "idna", "punycode", "undefined"]
BODY = b"text=hallo\xff\xfe%ff&municipality=1"


def multipart(body: bytes) -> bytes:
    fields = [pair.split(b"=", 1) for pair in body.split(b"&")]
    parts = [
        b'--X\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (name, value) for name, value in fields
    ]
    return b"".join(parts) + b"--X--\r\n"


def post(client: Client, url: str, *, charset: str, kind: str):
    if kind == "multipart":
        content_type, body = f"multipart/form-data; boundary=X; charset={charset}", multipart(BODY)
    else:
        content_type, body = f"application/x-www-form-urlencoded; charset={charset}", BODY
    return client.generic("POST", url, data=body, content_type=content_type)


@pytest.fixture(params=[False, True], ids=["no-csrf-check", "csrf-check"])
def strict_client(request) -> Client:
    # raise_request_exception (the default) makes any 500 fail the test with its traceback.
    client = Client(enforce_csrf_checks=request.param)
    client.get("/signaal/")  # a CSRF cookie, as a browser would have
    return client


@pytest.mark.parametrize("url", ["/signaal/", "/accounts/login/", "/signaal/volg/ABCD-EFGH/heropenen/"])
@pytest.mark.parametrize("charset", UNREADABLE)
def test_multipart_form_in_an_unreadable_charset_is_a_friendly_400(strict_client, url, charset):
    response = post(strict_client, url, charset=charset, kind="multipart")
    assert response.status_code == 400
    assert FRIENDLY in response.content.decode()
    assert not Signal.objects.exists()


@pytest.mark.parametrize("charset", ["utf-16", "latin-1", *UNREADABLE])
def test_urlencoded_form_in_another_charset_than_utf8_is_a_friendly_400(strict_client, charset):
    response = post(strict_client, "/signaal/", charset=charset, kind="urlencoded")
    assert response.status_code == 400
    assert FRIENDLY in response.content.decode()
    assert not Signal.objects.exists()


@pytest.mark.parametrize("kind", ["urlencoded", "multipart"])
def test_an_unknown_charset_is_ignored_and_the_form_answers_normally(strict_client, kind):
    # Django falls back to UTF-8 for a charset it does not know; the form then answers as usual.
    response = post(strict_client, "/signaal/", charset="x-nonexistent", kind=kind)
    assert response.status_code in {200, 403}


def test_the_400_page_is_dutch_and_in_the_house_style(client):
    response = post(client, "/signaal/", charset="rot13", kind="multipart")
    html = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="nl"' in html and "utrecht-heading-1" in html
    assert 'href="/"' in html  # a way back home


def test_a_disallowed_host_gets_the_400_page_not_a_500():
    response = Client().get("/", HTTP_HOST="aanvaller.example")
    assert response.status_code == 400


def test_the_400_page_also_shows_with_debug_on(client, settings):
    # With DEBUG on, a raised BadRequest goes to Django's technical page, which reads request.POST and
    # fails again: the developer would see a 500 where a resident sees a 400.
    settings.DEBUG = True
    response = post(client, "/signaal/", charset="rot13", kind="multipart")
    assert response.status_code == 400
    assert FRIENDLY in response.content.decode()
