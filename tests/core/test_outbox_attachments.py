"""The outbox carries attachments (an invitation's calendar file): stored on the row, attached on
delivery with their parameters, erased with the rest of the content once sent, shown in the admin by
name only."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from infrastructure import mail as outbox
from infrastructure.admin import OutboxMessageAdmin
from infrastructure.models import OutboxMessage

pytestmark = pytest.mark.django_db

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nDESCRIPTION:https://x/uitnodiging/geheim/\r\nEND:VCALENDAR\r\n"
)
ATTACHMENT = {"filename": "uitnodiging.ics", "content": ICS, "mimetype": "text/calendar; method=REQUEST"}


def test_a_queued_attachment_is_delivered_and_then_erased(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message, created = outbox.queue_mail(
            to=["gast@example.org"],
            subject="Uitnodiging",
            body="Zie bijlage",
            dedup_key="t:1",
            attachments=[ATTACHMENT],
        )
    assert created
    sent = mail.outbox[0]
    part = next(p for p in sent.message().walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "uitnodiging.ics"
    assert part.get_payload(decode=True).decode() == ICS
    message.refresh_from_db()
    assert message.sent_at is not None and message.attachments == []
    assert "geheim" not in str(OutboxMessage.objects.values().get())


def test_templated_mail_carries_attachments_too(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message, _ = outbox.queue_templated_mail(
            to="gast@example.org",
            subject="Uitnodiging",
            template="tables/mail/invitation_details.txt",
            context={},
            attachments=[ATTACHMENT],
        )
    message.refresh_from_db()
    assert message.attachments == [ATTACHMENT]
    assert message.attachment_names == ["uitnodiging.ics"]


def test_erasing_expired_content_erases_attachments(settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_KEEP_SENT_BODY_MINUTES = 10
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = outbox.queue_mail(to=["gast@example.org"], subject="x", body="y", attachments=[ATTACHMENT])
    message.refresh_from_db()
    assert message.attachments == [ATTACHMENT]  # kept for debugging a while
    outbox.erase_expired_content(now=timezone.now() + timezone.timedelta(minutes=11))
    message.refresh_from_db()
    assert message.attachments == [] and message.erased_at is not None


@pytest.mark.parametrize(
    "bad",
    [
        {"filename": "", "content": "x", "mimetype": "text/plain"},
        {"filename": "a.ics", "content": b"bytes", "mimetype": "text/plain"},
        {"filename": "../a.ics", "content": "x", "mimetype": "text/plain"},
        {"filename": "a.ics", "content": "x" * 300_000, "mimetype": "text/plain"},
        {"filename": "a.ics", "content": "x"},
    ],
)
def test_bad_attachments_are_refused_before_anything_is_stored(bad):
    with pytest.raises(ValueError):
        outbox.queue_mail(to=["gast@example.org"], subject="x", body="y", attachments=[bad])
    assert not OutboxMessage.objects.exists()


def test_the_backend_keeps_attachments_of_djangos_own_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        email = EmailMessage("Onderwerp", "Tekst", to=["gast@example.org"])
        email.attach("lijst.txt", "regel", "text/plain")
        email.send()
    assert OutboxMessage.objects.get().attachment_names == ["lijst.txt"]


def test_the_admin_shows_file_names_only(rf):
    message = OutboxMessage(subject="x", body="y", to=["gast@example.org"], attachments=[ATTACHMENT])
    shown = OutboxMessageAdmin(OutboxMessage, None).attachment_list(message)
    assert shown == "uitnodiging.ics"
    assert "geheim" not in shown
    assert "attachment_list" in OutboxMessageAdmin(OutboxMessage, None).get_fields(
        type("R", (), {"user": type("U", (), {"is_active": True, "is_superuser": False})()})()
    )
