"""Background jobs of advice. Tasks take ids (or nothing), load and call a service."""

from celery import shared_task

from . import services
from .models import Advice, AdviceStatus


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def render_advice_pdf(self, advice_id: int) -> str:
    """Render an adopted advice's PDF once (``services.advice_store_pdf``: safe when retried or run twice)."""
    try:
        return services.advice_store_pdf(advice_id).pdf_sha256
    except Advice.DoesNotExist:
        return ""
    except OSError as error:  # storage briefly unavailable: try again later
        raise self.retry(exc=error) from error


@shared_task
def render_missing_pdfs() -> int:
    """Every 10 minutes (beat): adopted advice whose PDF the adoption's task did not render (the broker was
    down when it was adopted)."""
    missing = Advice.objects.filter(pdf_sha256="").exclude(status__in=(AdviceStatus.DRAFT, AdviceStatus.FOR_ADOPTION))
    rendered = 0
    for advice_id in missing.values_list("pk", flat=True)[:50]:
        services.advice_store_pdf(advice_id)
        rendered += 1
    return rendered


@shared_task
def send_advice_reminders() -> int:
    """Daily (beat): reminders to the municipal contact 7 days before the response is due and on the due
    date, each exactly once (``services.send_advice_reminders``)."""
    return services.send_advice_reminders()


@shared_task
def refresh_public_pages() -> None:
    """Just after midnight (beat): advice whose publication date or end of confidentiality is today
    appears on the public pages drawn from a cache."""
    from datetime import timedelta

    from django.utils import timezone

    from .cache import bump_public_advice_version

    bump_public_advice_version()
    # Residents of a confidential advice hear of it once it is public (once per signal: the dedup key).
    today = timezone.localdate()
    for advice in Advice.objects.published(today=today).filter(confidential_until__gte=today - timedelta(days=7)):
        services.notify_residents(advice, event="sent")
