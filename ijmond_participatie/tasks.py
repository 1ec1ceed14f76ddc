"""Background jobs of the pages that span the apps (the regional dashboard). Tasks call a service."""

from celery import shared_task

from .regional import criteria, rollups


@shared_task
def refresh_rollups() -> int:
    """Hourly (beat) and on the aanjager's request: rebuild the dashboard's rollups; returns the rows."""
    return rollups.rollups_refresh().rows


@shared_task
def send_evaluation_reminders() -> int:
    """Daily (beat): three months before the aanjager's term ends, everyone involved hears the evaluation is
    due, once per term."""
    return criteria.send_evaluation_reminders()
