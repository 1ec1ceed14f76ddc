"""Redis refused or hung (in production it is cache and broker at once): the portal keeps working.

The cache is the real backend (``infrastructure.cache.ResilientRedisCache``) pointed at a closed
port, or at a server that accepts connections and never answers; the Celery app is pointed at the same
address with eager mode off, as in the compose layout.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import OperationalError
from django.urls import reverse

from infrastructure import mail as outbox
from infrastructure.breaker import CircuitBreaker
from infrastructure.broker import broker_breaker
from infrastructure.models import OutboxMessage
from infrastructure.tasks import flush_outbox
from signals.models import Signal

from .. import factories as f
from ..factories import TEST_PASSWORD
from .test_outbox import broker_at

pytestmark = pytest.mark.django_db

# Seconds per request: generous for a slow CI machine, and still under the 2 s the portal promises.
BUDGET = 1.5
# The real Redis of CI (cache and broker in one, as in production); absent in the SQLite newcomer run.
LIVE_REDIS = os.environ.get("CELERY_BROKER_URL", "")


class HungRedis:
    """A TCP server on 127.0.0.1 that accepts every connection and never reads or answers."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.05)  # lets the accept loop notice close() quickly
        self.url = f"redis://127.0.0.1:{self._server.getsockname()[1]}/0"
        self.accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(connection)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._server.close()
        for connection in self.accepted:
            connection.close()


def refused_url() -> str:
    """The address of a port that was free a moment ago: connecting is refused, like a stopped Redis."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def redis_cache(url: str, *, prefix: str = "ijmond") -> dict:
    """CACHES as production builds it for a Redis URL (ijmond_participatie.settings)."""
    backend = "infrastructure.cache.ResilientRedisCache"
    return {"default": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": prefix}}


@pytest.fixture(params=["refused", "hung"])
def dead_redis(request, settings, monkeypatch):
    """Cache and broker at one Redis that refuses connections or never answers."""
    if request.param == "hung":
        server = HungRedis()
        request.addfinalizer(server.close)
        url = server.url
    else:
        url = refused_url()
    settings.CACHES = redis_cache(url)
    settings.CELERY_BROKER_URL = url
    # Celery prefers the environment variable (set in CI) over app.conf.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    with broker_at(url):
        yield url


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_public_pages_follow_pages_and_login_page_answer_in_time(client, world, dead_redis):
    signal = f.SignalFactory(municipality=world.velsen)
    urls = [
        reverse("home"),
        reverse("accessibility"),
        reverse("privacy"),
        world.velsen.get_absolute_url(),
        reverse("councils:region_detail"),
        reverse("signals:submit"),
        reverse("signals:follow"),
        signal.get_public_url(),
        reverse("signals:what_we_hear"),
        reverse("account_login"),
    ]
    for url in urls:
        response, elapsed = timed(lambda url=url: client.get(url))
        assert response.status_code == 200, url
        assert elapsed < BUDGET, f"{url} took {elapsed:.2f}s"


def test_only_the_first_request_waits_for_redis(client, world, dead_redis):
    """After one failure the breaker skips Redis: ten pages together stay far below ten timeouts."""
    durations = []
    for _ in range(10):
        response, elapsed = timed(lambda: client.get(reverse("home")))
        assert response.status_code == 200
        durations.append(elapsed)
    assert max(durations) < BUDGET
    # Without the breaker a hung Redis would cost each of these requests the socket timeout (≥ 5 s).
    assert sum(durations) < 3, durations


def test_a_signal_is_stored_and_its_mail_waits_for_the_flush(
    client, world, dead_redis, django_capture_on_commit_callbacks
):
    data = {
        "text": "De stoep bij de bibliotheek is al weken kapot.",
        "municipality": world.velsen.pk,
        "contact_consent": "on",
        "contact_email": "inwoner@example.org",
    }
    for _ in range(2):  # the second one skips the broker at once
        with django_capture_on_commit_callbacks(execute=True):
            response, elapsed = timed(lambda: client.post(reverse("signals:submit"), data))
        assert response.status_code == 302
        assert response["Location"] == reverse("signals:received")
        assert elapsed < BUDGET, f"submitting took {elapsed:.2f}s"
    assert Signal.objects.count() == 2
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 2
    assert mail.outbox == []
    # The periodic flush sends them once Redis (and so the worker) is back; it needs no broker itself.
    assert flush_outbox() == 2
    assert flush_outbox() == 0
    assert len(mail.outbox) == 2


def test_login_works_and_allauth_rate_limits_fail_open(client, velsen_member, dead_redis):
    for _ in range(7):  # allauth allows 5 failed logins per 5 minutes per address; the cache is gone
        response = client.post(
            reverse("account_login"), {"login": "lid.velsen@example.org", "password": "fout-wachtwoord-1"}
        )
        assert response.status_code == 200
    response, elapsed = timed(
        lambda: client.post(reverse("account_login"), {"login": "lid.velsen@example.org", "password": TEST_PASSWORD})
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("work_dashboard")
    assert elapsed < BUDGET
    assert client.session["_auth_user_id"] == str(velsen_member.pk)
    assert client.get(reverse("work_dashboard")).status_code == 200


def test_rate_limits_fail_open_and_the_outage_is_logged_once(client, world, dead_redis, settings, caplog):
    settings.SIGNAL_FOLLOW_RATE = "1/m"
    settings.SIGNAL_SUBMIT_RATE = "1/h"
    caplog.set_level(logging.INFO, logger="infrastructure")
    for _ in range(4):
        assert client.get(reverse("signals:follow_detail", kwargs={"code": "AAAA-BBBB"})).status_code == 404
        data = {"text": "Er staat al dagen water in de tunnel.", "municipality": world.velsen.pk}
        assert client.post(reverse("signals:submit"), data).status_code == 302
    assert Signal.objects.count() == 4
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("infrastructure")]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "rate limits are NOT enforced" in warnings[0].getMessage()


def test_health_reports_cache_and_broker_separately(client, dead_redis):
    response, elapsed = timed(lambda: client.get("/health/"))
    assert elapsed < BUDGET
    assert response.status_code == 200  # the portal works: the load balancer keeps sending traffic
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "error", "broker": "error"}
    with mock.patch("infrastructure.views.connection.cursor", side_effect=OperationalError("down")):
        response, elapsed = timed(lambda: client.get("/health/"))
    assert elapsed < BUDGET
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "error", "broker": "error"}


def test_one_failed_enqueue_skips_the_broker_for_the_window(dead_redis):
    message = OutboxMessage.objects.create(to=["a@example.org"], subject="Later", body="x")
    accepted, first = timed(lambda: outbox.enqueue_delivery(message.pk))
    assert accepted is False
    assert first < BUDGET
    assert broker_breaker.is_open
    accepted, second = timed(lambda: outbox.enqueue_delivery(message.pk))
    assert accepted is False
    assert second < 0.2, f"the open breaker should skip the broker at once, took {second:.2f}s"


def test_the_cache_answers_fail_open_while_redis_is_away(dead_redis):
    assert cache.get("k", "fallback") == "fallback"
    assert cache.add("k", 1) is True  # a lock or a fresh counter: let the caller through
    assert cache.incr("k") == 1
    assert cache.get_or_set("k", "computed") == "computed"
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    cache.set("k", 1)


def test_the_breaker_tries_again_after_its_window_and_logs_once(settings, caplog):
    settings.REDIS_BREAKER_SECONDS = 30
    now = [1000.0]
    breaker = CircuitBreaker("Test service", consequence="nothing happens", clock=lambda: now[0])
    caplog.set_level(logging.INFO, logger="infrastructure.breaker")
    assert breaker.allow()
    breaker.record_failure(ConnectionError("refused"))
    assert not breaker.allow()
    now[0] += 31
    assert breaker.allow()  # one trial call after the window …
    assert not breaker.allow()  # … while the others keep skipping
    breaker.record_failure(ConnectionError("still refused"))
    now[0] += 31
    assert breaker.allow()
    breaker.record_success()
    assert breaker.allow()
    assert [(r.levelname, r.getMessage().split(" (")[0].split(" available")[0]) for r in caplog.records] == [
        ("WARNING", "Test service unavailable"),
        ("INFO", "Test service"),
    ]


@pytest.mark.skipif(not LIVE_REDIS.startswith("redis"), reason="needs a real Redis (CELERY_BROKER_URL); CI sets it")
def test_with_redis_up_it_is_an_ordinary_shared_cache_and_limits_hold(client, world, settings):
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = redis_cache(LIVE_REDIS, prefix=prefix)
    settings.CELERY_BROKER_URL = LIVE_REDIS
    settings.SIGNAL_SUBMIT_RATE = "1/h"
    try:
        cache.set("k", 41)
        assert cache.incr("k") == 42
        assert cache.add("k", 0) is False
        data = {"text": "De bus naar Driehuis rijdt niet meer.", "municipality": world.velsen.pk}
        assert client.post(reverse("signals:submit"), data).status_code == 302
        assert client.post(reverse("signals:submit"), data).status_code == 429
        assert client.get("/health/").json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}
    finally:
        redis_client = cache._cache.get_client(write=True)
        keys = list(redis_client.scan_iter(f"{prefix}:*"))
        if keys:
            redis_client.delete(*keys)
