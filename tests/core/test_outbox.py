"""Every mail goes through the outbox: written with its cause, sent once, never lost."""

from __future__ import annotations

import socket
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import override_settings

from infrastructure import mail as outbox
from infrastructure.models import OutboxMessage, recipient_hash
from infrastructure.tasks import flush_outbox, send_outbox_message

pytestmark = pytest.mark.django_db(transaction=True)


def test_queued_mail_is_sent_after_commit_and_kept():
    with transaction.atomic():
        message, created = outbox.queue_mail(to=["inwoner@example.org"], subject="Bedankt", body="We lezen uw signaal.")
        assert created
        assert mail.outbox == []  # nothing leaves before the cause is committed
    assert [m.subject for m in mail.outbox] == ["Bedankt"]
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.attempts == 1


def test_rolled_back_cause_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.queue_mail(to=["inwoner@example.org"], subject="Bedankt", body="x")
        raise RuntimeError("the cause failed")
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_dedup_key_queues_one_mail_per_recipient_event_and_kind():
    first, created_first = outbox.queue_mail(to=["a@example.org"], subject="Uitnodiging", body="x", dedup_key="inv:1:a")
    second, created_second = outbox.queue_mail(
        to=["a@example.org"], subject="Uitnodiging", body="x", dedup_key="inv:1:a"
    )
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert len(mail.outbox) == 1


def test_delivering_twice_sends_once():
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True), mock.patch.object(outbox, "enqueue_delivery"):
        message, _ = outbox.queue_mail(to=["a@example.org"], subject="Eén keer", body="x")
    assert mail.outbox == []
    assert send_outbox_message(message.pk) is True
    assert send_outbox_message(message.pk) is False
    assert flush_outbox() == 0
    assert len(mail.outbox) == 1


def test_django_and_allauth_mail_goes_through_the_outbox():
    send_mail("Wachtwoord", "Klik op de link.", None, ["lid@example.org"])
    row = OutboxMessage.objects.get()
    # Sent: only the recipient's hash is left of the address (tests/core/test_outbox_at_rest.py).
    assert row.recipient_hash == recipient_hash("lid@example.org")
    assert row.sent_at is not None
    assert mail.outbox[0].to == ["lid@example.org"]
    assert mail.outbox[0].extra_headers["X-Outbox-Id"] == str(row.pk)


def test_failed_delivery_is_recorded_and_retried_later(settings):
    settings.OUTBOX_DELIVERY_BACKEND = "tests.core.test_outbox.FailingBackend"
    message, _ = outbox.queue_mail(to=["a@example.org"], subject="Later", body="x")
    message.refresh_from_db()
    assert message.sent_at is None
    assert message.attempts == 1
    assert "SMTP down" in message.last_error
    assert message.next_attempt_at > message.created_at
    # Not due yet: the flush leaves it alone.
    assert flush_outbox() == 0
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    assert flush_outbox() == 1
    assert len(mail.outbox) == 1


@contextmanager
def broker_at(url: str):
    """Point the Celery app at another broker (dropping its cached connection pools)."""
    from ijmond_participatie.celery import app

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    old_url, old_eager = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = url, False
    reset_pools()
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager = old_url, old_eager
        reset_pools()


def test_broker_down_keeps_the_mail_and_the_flush_sends_it():
    """With the broker unreachable, queueing succeeds quickly; the periodic flush sends it once."""
    # A closed port: the connection is refused, like a stopped Redis.
    with broker_at("redis://127.0.0.1:1/0"):
        started = time.monotonic()
        message, _ = outbox.queue_mail(to=["a@example.org"], subject="Na storing", body="x")
        elapsed = time.monotonic() - started
    assert elapsed < 5, f"enqueueing with the broker down blocked for {elapsed:.1f}s"
    message.refresh_from_db()
    assert message.sent_at is None
    assert mail.outbox == []
    assert flush_outbox() == 1
    assert flush_outbox() == 0
    assert [m.subject for m in mail.outbox] == ["Na storing"]


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionError("SMTP down")


def test_hung_broker_makes_enqueueing_fail_within_seconds():
    """A broker that accepts connections but never answers must not block a request for minutes."""
    silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # the kernel completes the handshake; nobody ever reads or answers
    port = silent.getsockname()[1]
    try:
        with broker_at(f"redis://127.0.0.1:{port}/0"):
            started = time.monotonic()
            message, _ = outbox.queue_mail(to=["a@example.org"], subject="Hangende broker", body="x")
            elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert elapsed < 4, f"enqueueing against a hung broker took {elapsed:.1f}s"
    message.refresh_from_db()
    assert message.sent_at is None
    assert flush_outbox() == 1
