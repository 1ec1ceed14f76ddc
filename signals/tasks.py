from celery import shared_task

from . import services


@shared_task
def erase_expired_contacts() -> dict[str, int]:
    """Daily (beat): retention of contact details (DESIGN.md rule 5)."""
    return services.signal_erase_expired_contacts()


@shared_task
def send_signal_digests() -> int:
    """Daily (beat, in the morning): council members' digest of new and reopened signals (DESIGN.md rule 9).
    Safe to run twice: at most one mail per member per day."""
    return services.signal_send_digests()


@shared_task
def refresh_signal_counts() -> int:
    """Nightly (beat): recount the rollup behind /wat-we-horen/ up to yesterday. Safe to run again."""
    return services.signal_counts_refresh()
