from celery import shared_task

from . import services


@shared_task
def erase_expired_expert_invitations() -> int:
    """Daily (beat): erase the addresses of bulk invitations nobody answered in time. Safe to run twice."""
    return services.expert_invitations_erase_expired()
