"""Background jobs of the shared infrastructure. Tasks take ids and call a service."""

from celery import shared_task
from django.db import OperationalError

from . import mail


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def send_outbox_message(message_id: int) -> bool:
    return mail.deliver(message_id)


@shared_task
def flush_outbox() -> int:
    """Periodic: send whatever is still unsent (broker outage, failed SMTP, crashed worker)."""
    return mail.flush_due()


@shared_task
def erase_outbox_content() -> int:
    """Periodic: erase the content of sent mail kept for debugging and of mail that gave up long ago."""
    return mail.erase_expired_content()
