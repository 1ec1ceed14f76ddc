from celery import shared_task

from . import services


@shared_task
def send_request_reminders() -> int:
    """Daily (beat): remind a council a week before its answer to a request is due. Safe to run twice."""
    return services.request_send_reminders()
