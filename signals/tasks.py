from celery import shared_task

from . import services


@shared_task
def erase_expired_contacts() -> dict[str, int]:
    """Daily (beat): retention of contact details (DESIGN.md rule 5)."""
    return services.signal_erase_expired_contacts()
