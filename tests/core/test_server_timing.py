"""The benchmark's Server-Timing header: time and SQL queries per request, only when asked for."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from bench.run import parse_server_timing
from infrastructure.middleware import ServerTimingMiddleware
from members.models import User

pytestmark = pytest.mark.django_db

MIDDLEWARE = "infrastructure.middleware.ServerTimingMiddleware"


def three_queries(request: HttpRequest) -> HttpResponse:
    for _ in range(3):
        User.objects.count()
    return HttpResponse("ok")


def test_it_reports_the_time_and_counts_the_queries_of_the_request():
    middleware = ServerTimingMiddleware(three_queries)
    first = middleware(RequestFactory().get("/"))
    server_ms, queries = parse_server_timing(first.headers["Server-Timing"])
    assert queries == 3
    assert server_ms is not None and server_ms >= 0
    assert "db;dur=" in first.headers["Server-Timing"]
    # Each request counts its own.
    second = ServerTimingMiddleware(lambda request: HttpResponse("ok"))(RequestFactory().get("/"))
    assert parse_server_timing(second.headers["Server-Timing"])[1] == 0


def test_a_page_through_the_whole_stack_reports_its_queries(client, settings):
    settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
    response = client.get("/toegankelijkheid/")
    assert response.status_code == 200
    _server_ms, queries = parse_server_timing(response.headers["Server-Timing"])
    assert queries is not None and queries <= 5


def test_it_is_off_unless_the_benchmark_asks_for_it(client):
    assert MIDDLEWARE not in settings.MIDDLEWARE  # BENCH_INSTRUMENT is not set in the tests
    assert "Server-Timing" not in client.get("/toegankelijkheid/").headers


def _first_middleware(**env: str) -> str:
    """The first middleware of a fresh settings module read with ``env`` (a subprocess)."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "SECRET_KEY", "BENCH_INSTRUMENT"}}
    code = "from django.conf import settings as s; print(s.MIDDLEWARE[0])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "ijmond_participatie.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_bench_instrument_switches_it_on_first_in_line_but_never_in_production():
    assert _first_middleware(BENCH_INSTRUMENT="1") == MIDDLEWARE
    assert _first_middleware() != MIDDLEWARE
    production = {"DJANGO_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "x.example.org"}
    assert _first_middleware(BENCH_INSTRUMENT="1", **production) != MIDDLEWARE
