"""Background jobs of tables and meetings. Tasks take ids (or nothing), load and call a service."""

from celery import shared_task

from . import meetings


@shared_task
def send_meeting_reminders() -> int:
    """Hourly (beat): the reminders 7 and 1 days before a meeting (``MEETING_REMINDER_DAYS``). Safe to run
    twice or on two workers: each (invitation, kind) is queued once (its dedup key)."""
    return meetings.meeting_send_reminders()
