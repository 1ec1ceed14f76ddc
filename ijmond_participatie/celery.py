"""The Celery app, with defaults that keep jobs safe and requests fast.

- acks late + reject on worker loss: a job whose worker dies is delivered again, so every task must
  be idempotent (the outbox is);
- retries with exponential backoff and a finite maximum;
- short broker timeouts for the worker and beat; requests publish through
  ``infrastructure.broker.publish_connection`` (``REDIS_SOCKET_TIMEOUT``, no retries) behind a circuit
  breaker, so a hung or stopped Redis costs one request a fraction of a second and the next requests
  nothing; the outbox's periodic flush picks the work up later;
- due times (reminders, deadlines) live in the database and beat's periodic tasks pick them up, so
  nothing waits for hours in the broker as a countdown/eta.
"""

import os

from celery import Celery

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
