"""The Celery app, with defaults that keep jobs safe and requests fast.

- acks late + reject on worker loss: a job whose worker dies is delivered again, so every task must
  be idempotent (the outbox is);
- retries with exponential backoff and a finite maximum;
- short broker timeouts for the worker and beat; requests publish through ``publish_connection``
  (``REDIS_SOCKET_TIMEOUT``, no retries) behind a circuit breaker, so a hung or stopped Redis costs
  one request a fraction of a second and the next requests nothing; the outbox's periodic flush picks
  the work up later;
- due times (reminders, deadlines) live in the database and beat's periodic tasks pick them up, so
  nothing waits for hours in the broker as a countdown/eta.
"""

import os

from celery import Celery
from django.conf import settings
from kombu import Connection

from .breaker import CircuitBreaker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ijmond_participatie.settings")

app = Celery("ijmond_participatie")
app.config_from_object("django.conf:settings", namespace="CELERY")

BROKER_TIMEOUT_SECONDS = 2

app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_time_limit=300,
    task_soft_time_limit=240,
    task_ignore_result=True,
    broker_connection_timeout=BROKER_TIMEOUT_SECONDS,
    broker_connection_retry_on_startup=True,
    broker_transport_options={
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
        "max_retries": 1,
        "visibility_timeout": 3600,
    },
    # Publishing is tried once more at most; a failure surfaces quickly and the caller falls back.
    task_publish_retry=True,
    task_publish_retry_policy={
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    },
    timezone="Europe/Amsterdam",
    enable_utc=True,
)

app.autodiscover_tasks()

# Per process: after one failed publish, requests skip the broker for REDIS_BREAKER_SECONDS.
broker_breaker = CircuitBreaker(
    "Celery broker", consequence="mail waits in the outbox for the periodic flush (flush_outbox)"
)


def publish_connection() -> Connection:
    """A broker connection for publishing from a request: one short attempt, no retries.

    The worker's own connections keep the longer timeouts above; a request must not wait for them.
    """
    timeout = float(settings.REDIS_SOCKET_TIMEOUT)
    return app.connection_for_write(
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
