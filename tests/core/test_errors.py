"""Error pages in development and how 404 and 403 reach the log."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/bestaat-niet/", "/gemeente/bestaat-niet/"])
def test_with_debug_a_404_shows_the_portals_own_page(client, settings, path):
    # /bestaat-niet/ matches no URL pattern; /gemeente/bestaat-niet/ is a view that raises Http404.
    settings.DEBUG = True
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina bestaat niet" in html
    assert "URLconf" not in html and "urlpatterns" not in html


def test_a_developer_can_ask_for_djangos_list_of_urls(client, settings):
    settings.DEBUG = True
    settings.DEBUG_404_PAGE = True
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Using the URLconf" in response.content.decode()


def test_pages_that_answer_404_themselves_keep_their_own_page(client, settings):
    settings.DEBUG = True
    response = client.get(reverse("signals:follow_detail", kwargs={"code": "K7QP-3MXA"}))
    assert response.status_code == 404
    assert "We vinden geen signaal met deze code" in response.content.decode()


def test_a_missing_slash_still_redirects(client, settings, world):
    settings.DEBUG = True
    response = client.get("/wat-we-horen")
    assert response.status_code == 301 and response["Location"] == "/wat-we-horen/"


def test_404_and_403_leave_no_record_in_django_request(client, world, caplog):
    # The access log (runserver, gunicorn) has each request once; a 403 is no error with a traceback.
    signal = f.SignalFactory(municipality=world.velsen)
    client.force_login(world.people["aanjager"])
    with caplog.at_level(logging.INFO, logger="django.request"):
        assert client.get("/bestaat-niet/").status_code == 404
        assert client.post(reverse("signals:close", kwargs={"pk": signal.pk}), {"feedback": "x"}).status_code == 403
    assert [r for r in caplog.records if r.name == "django.request"] == []


def test_server_errors_are_still_logged(rf):
    from infrastructure.errors import SkipNotFoundAndForbidden

    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None)
    record.status_code = 500
    assert SkipNotFoundAndForbidden().filter(record)
