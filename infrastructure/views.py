"""Health for load balancers: the database, the cache and the broker, each reported on its own."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .broker import ping_broker
from .cache import ResilientRedisCache

logger = logging.getLogger(__name__)


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down" for the load balancer
        logger.warning("Health check: database unavailable: %s", exc)
        return False, "error"
    return True, "ok"


def _cache_state() -> str:
    # Asks Redis itself, past the breaker, so the answer is now and not "failed some seconds ago";
    # each probe waits at most REDIS_SOCKET_TIMEOUT. The breakers log the outage, not this view.
    backend = caches["default"]
    if isinstance(backend, ResilientRedisCache):
        return "ok" if backend.ping() else "error"
    try:
        backend.set("health:probe", 1, 10)
        return "ok" if backend.get("health:probe") == 1 else "error"
    except Exception as exc:  # noqa: BLE001 - any failure means "unavailable"
        logger.warning("Health check: cache unavailable: %s", exc)
        return "error"


def _broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    return "ok" if ping_broker() else "error"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Health for load balancers: 503 when the database is down.

    A cache or broker outage (in production the same Redis) is reported but stays 200: the portal
    keeps working without the cache, rate limits fail open, and mail waits in the outbox.
    """
    db_ok, db_state = _database_ok()
    cache_state, broker = _cache_state(), _broker_state()
    healthy = db_ok and cache_state == "ok" and broker in {"ok", "eager"}
    status = "ok" if healthy else ("degraded" if db_ok else "error")
    return JsonResponse(
        {"status": status, "database": db_state, "cache": cache_state, "broker": broker},
        status=200 if db_ok else 503,
    )
