"""Reminders (DESIGN.md rule 7): 7 and 1 days before a meeting that is not cancelled, to everyone invited
who did not decline, exactly once per (invitation, kind) however often beat runs the task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from infrastructure.models import OutboxMessage
from tables import meetings as services
from tables.models import Response
from tables.tasks import send_meeting_reminders

from .. import factories as f

pytestmark = pytest.mark.django_db


def meeting_in(world, delta: timedelta, **kwargs):
    now = timezone.now()
    return f.MeetingFactory(
        council=world.velsen_council, starts_at=now + delta, ends_at=now + delta + timedelta(hours=2), **kwargs
    )


def invited(meeting, *, days_before: int = 20, **kwargs):
    """An invitation mailed well before the meeting."""
    return f.InvitationFactory(meeting=meeting, created_at=meeting.starts_at - timedelta(days=days_before), **kwargs)


def test_reminders_go_once_per_invitation_and_kind_even_when_the_task_runs_twice(
    world, settings, django_capture_on_commit_callbacks
):
    settings.MEETING_REMINDER_DAYS = (7, 1)
    week = meeting_in(world, timedelta(days=6, hours=20), title="Over een week")
    tomorrow = meeting_in(world, timedelta(hours=20), title="Morgen")
    yes = invited(week, response=Response.YES, email="ja@example.org")
    maybe = invited(week, response=Response.MAYBE, email="misschien@example.org")
    silent = invited(week, email="stil@example.org")
    invited(week, response=Response.NO, email="nee@example.org")
    invited(week, sent_sequence=-1, email="nooit-verstuurd@example.org")
    soon = invited(tomorrow, email="morgen@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        first = send_meeting_reminders()
        second = send_meeting_reminders()
        third = services.meeting_send_reminders()
    assert (first, second, third) == (4, 0, 0)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ja@example.org",
        "misschien@example.org",
        "morgen@example.org",
        "stil@example.org",
    ]
    keys = set(OutboxMessage.objects.values_list("dedup_key", flat=True))
    assert keys == {
        f"meeting-reminder-7:{yes.pk}",
        f"meeting-reminder-7:{maybe.pk}",
        f"meeting-reminder-7:{silent.pk}",
        f"meeting-reminder-1:{soon.pk}",
    }
    body = next(m.body for m in mail.outbox if m.to == ["morgen@example.org"])
    assert "Morgen is de bijeenkomst" in body
    assert "Over 7 dagen" in next(m.body for m in mail.outbox if m.to == ["ja@example.org"])
    # A day later the 1-day reminder of the first meeting is not due yet; six days later it is, once.
    later = timezone.now() + timedelta(days=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.meeting_send_reminders(now=later) == 3
        assert services.meeting_send_reminders(now=later + timedelta(hours=1)) == 0
    assert OutboxMessage.objects.filter(kind="meeting-reminder-1").count() == 4


def test_no_reminders_for_cancelled_or_past_meetings_or_for_late_invitations(world, django_capture_on_commit_callbacks):
    cancelled = meeting_in(world, timedelta(days=6, hours=20), cancelled_at=timezone.now())
    invited(cancelled)
    past = meeting_in(world, -timedelta(hours=3))
    invited(past)
    # Invited three days before: no "a week before" reminder right after the invitation.
    late = meeting_in(world, timedelta(days=6, hours=20))
    f.InvitationFactory(meeting=late, created_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.meeting_send_reminders() == 0
    assert mail.outbox == []


def test_someone_who_left_the_table_gets_no_reminder(world, django_capture_on_commit_callbacks):
    from tables.models import SeatStatus

    from .test_meetings import make_table, seat_guest

    table = make_table(world.velsen_council)
    seat = seat_guest(table)
    meeting = meeting_in(world, timedelta(hours=20), table=table, kind="tafel")
    invited(meeting, seat=seat, email=seat.guest_email)
    stayed = invited(meeting, email="blijft@example.org")
    seat.status = SeatStatus.LEFT
    seat.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.meeting_send_reminders() == 1
    assert [m.to for m in mail.outbox] == [[stayed.email]]
