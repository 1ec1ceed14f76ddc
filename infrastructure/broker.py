"""Publishing to the Celery broker from a request: short, once, and skipped while the broker is away.

The worker's own connections keep the longer timeouts of the Celery app (``ijmond_participatie.celery``);
a request must not wait for them. ``current_app`` is the project's Celery app once Django has started.
"""

from __future__ import annotations

from celery import current_app
from django.conf import settings
from kombu import Connection

from .breaker import CircuitBreaker

# Per process: after one failed publish, requests skip the broker for REDIS_BREAKER_SECONDS.
broker_breaker = CircuitBreaker(
    "Celery broker", consequence="mail waits in the outbox for the periodic flush (flush_outbox)"
)


def publish_connection() -> Connection:
    """A broker connection for publishing from a request: one short attempt, no retries.

    The worker's own connections keep the longer timeouts above; a request must not wait for them.
    """
    timeout = float(settings.REDIS_SOCKET_TIMEOUT)
    return current_app.connection_for_write(
        connect_timeout=timeout,
        transport_options={"socket_timeout": timeout, "socket_connect_timeout": timeout, "max_retries": 0},
    )


def ping_broker() -> bool:
    """Connect to the broker now, even while the breaker is open (for /health/); updates the breaker."""
    try:
        with publish_connection() as connection:
            connection.ensure_connection(max_retries=0)
    except Exception as error:  # noqa: BLE001 - any failure means "unavailable"
        broker_breaker.record_failure(error)
        return False
    broker_breaker.record_success()
    return True
