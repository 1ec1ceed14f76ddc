"""Rule 7 for meetings against the real Redis broker and a real Celery worker: an invitation delivered
again (the task retried, a second worker, the periodic flush, the organiser clicking twice) and the
reminder task run twice each reach the person once.

The worker is the one of ``tests/core/test_outbox_worker.py``: a separate process on a private queue,
reading the test database and delivering mail as files, so that "one mail" is counted on disk. It needs
CELERY_BROKER_URL (Redis) and PostgreSQL; CI sets both (and fails, not skips, without them there).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from infrastructure.models import OutboxMessage
from infrastructure.tasks import flush_outbox, send_outbox_message
from tables import meetings as services
from tables.models import Invitation, MeetingKind
from tables.tasks import send_meeting_reminders

from .. import factories as f
from ..core.test_outbox_worker import _mails, _wait_for, pytestmark, worker  # noqa: F401 - the worker fixture
from .test_meetings import make_table, seat_guest


def _sent(**lookup) -> bool:
    return OutboxMessage.objects.filter(sent_at__isnull=False, **lookup).exists()


def _marker() -> None:
    """A last mail through the same queue: once it is delivered, everything queued before it was handled."""
    from infrastructure import mail as outbox

    marker, _ = outbox.queue_mail(to=["marker@example.org"], subject="Markering", body="x")
    assert _wait_for(lambda: _sent(pk=marker.pk))


def test_a_retried_invitation_is_delivered_once(worker, world):  # noqa: F811 - the imported fixture
    table = make_table(world.velsen_council, title="Tafel over vervoer")
    seat_guest(table, name="Gerrit Gast", email="gerrit@example.org")
    meeting = f.MeetingFactory(council=world.velsen_council, table=table, kind=MeetingKind.TABLE, title="Worker-test")
    services.meeting_invite(meeting=meeting, by=None)  # commits; the delivery goes through Redis to the worker
    invitation = Invitation.objects.get()
    key = f"meeting-invitation:{invitation.pk}:0"
    assert _wait_for(lambda: _sent(dedup_key=key))
    row = OutboxMessage.objects.get(dedup_key=key)
    # The same delivery again (a retry, a second worker), the periodic flush, and the organiser clicking
    # "Uitnodigingen versturen" again: nothing more goes out.
    send_outbox_message.delay(row.pk)
    send_outbox_message.delay(row.pk)
    flush_outbox.delay()
    assert services.meeting_invite(meeting=meeting, by=None).mailed == 0
    _marker()
    mails = _mails(worker)
    assert sum("Subject: Uitnodiging: Worker-test" in m for m in mails) == 1
    assert sum("uitnodiging.ics" in m for m in mails) == 1  # with its calendar file
    row.refresh_from_db()
    assert row.attachments == [] and row.body == ""  # erased once sent


def test_the_reminder_task_run_twice_on_the_worker_sends_once(worker, world):  # noqa: F811 - the imported fixture
    now = timezone.now()
    meeting = f.MeetingFactory(
        council=world.velsen_council,
        title="Morgen-test",
        starts_at=now + timedelta(hours=20),
        ends_at=now + timedelta(hours=22),
    )
    invitation = f.InvitationFactory(meeting=meeting, email="gast@example.org", created_at=now - timedelta(days=10))
    send_meeting_reminders.delay()
    send_meeting_reminders.delay()
    key = f"meeting-reminder-1:{invitation.pk}"
    assert _wait_for(lambda: _sent(dedup_key=key))
    flush_outbox.delay()
    _marker()
    assert sum("Subject: Herinnering: Morgen-test" in m for m in _mails(worker)) == 1
    assert OutboxMessage.objects.filter(kind="meeting-reminder-1").count() == 1
