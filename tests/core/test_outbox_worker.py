"""The outbox against the real Redis broker and a real Celery worker (PostgreSQL + Redis, as in CI).

The worker runs as a separate process on its own queue, reading the test database, and delivers
into a folder of .eml files, so that "exactly one mail" is counted on disk.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from ijmond_participatie.celery import app
from infrastructure import mail as outbox
from infrastructure.models import OutboxMessage
from infrastructure.tasks import flush_outbox, send_outbox_message

from .test_outbox import broker_at

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

if os.environ.get("CI") and not (BROKER_URL and ON_POSTGRES):
    pytest.fail("CI must run the worker tests against Redis and PostgreSQL", pytrace=False)

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (BROKER_URL and ON_POSTGRES),
        reason="needs CELERY_BROKER_URL (Redis) and DATABASE_URL (PostgreSQL); CI sets both",
    ),
]


def _wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


@pytest.fixture
def worker(tmp_path):
    """A real worker process on a private queue, delivering mail as files in tmp_path/mail."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    db = connection.settings_dict
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ijmond_participatie.settings",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ijmond_participatie",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    old_queue, old_eager = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_default_queue, app.conf.task_always_eager = queue, False
    try:
        assert _wait_for(lambda: "ready" in (tmp_path / "worker.log").read_text(), timeout=60), (
            tmp_path / "worker.log"
        ).read_text()
        yield mail_dir
    finally:
        app.conf.task_default_queue, app.conf.task_always_eager = old_queue, old_eager
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _mails(mail_dir: Path) -> list[str]:
    return [p.read_text() for p in mail_dir.glob("*.log")] if mail_dir.exists() else []


def test_worker_delivers_a_queued_mail_once(worker):
    message, _ = outbox.queue_mail(to=["inwoner@example.org"], subject="Via de worker", body="Hallo")
    assert _wait_for(lambda: OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=False).exists())
    # The same job delivered again (a retry, a second worker) sends nothing more.
    send_outbox_message.delay(message.pk)
    send_outbox_message.delay(message.pk)
    flush_outbox.delay()
    marker, _ = outbox.queue_mail(to=["marker@example.org"], subject="Markering", body="x")
    assert _wait_for(lambda: OutboxMessage.objects.filter(pk=marker.pk, sent_at__isnull=False).exists())
    mails = _mails(worker)
    assert sum("Subject: Via de worker" in m for m in mails) == 1
    assert sum("Subject: Markering" in m for m in mails) == 1


def test_mail_queued_while_broker_is_down_goes_out_once_it_is_back(worker):
    with broker_at("redis://127.0.0.1:1/0"):
        message, _ = outbox.queue_mail(to=["inwoner@example.org"], subject="Na de storing", body="x")
    message.refresh_from_db()
    assert message.sent_at is None
    # The broker is back: beat's periodic flush runs on the worker and sends it.
    flush_outbox.delay()
    assert _wait_for(lambda: OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=False).exists())
    flush_outbox.delay()
    marker, _ = outbox.queue_mail(to=["marker@example.org"], subject="Markering", body="x")
    assert _wait_for(lambda: OutboxMessage.objects.filter(pk=marker.pk, sent_at__isnull=False).exists())
    assert sum("Subject: Na de storing" in m for m in _mails(worker)) == 1


def test_signal_submitted_while_redis_is_down_is_stored_and_its_mail_follows(worker, client):
    """Rule 7: nothing the resident submits is lost when Redis is down; the mail goes out once it is back."""
    from councils.models import Municipality, Region
    from signals.models import Signal

    region = Region.objects.create(name="IJmond", slug="ijmond")
    velsen = Municipality.objects.create(
        region=region, name="Velsen", slug="velsen", cbs_code="GM0453", college_name="College", college_address="x"
    )
    with broker_at("redis://127.0.0.1:1/0"):
        response = client.post(
            "/signaal/",
            {
                "text": "De speeltuin in Velserbroek is al maanden kapot.",
                "municipality": velsen.pk,
                "contact_consent": "on",
                "contact_email": "ouder@example.org",
            },
        )
    assert response.status_code == 302
    signal = Signal.objects.get()
    receipt = OutboxMessage.objects.get(to=["ouder@example.org"])
    assert receipt.sent_at is None
    flush_outbox.delay()
    assert _wait_for(lambda: OutboxMessage.objects.filter(pk=receipt.pk, sent_at__isnull=False).exists())
    mails = _mails(worker)
    assert sum(signal.tracking_code in m for m in mails) == 1
