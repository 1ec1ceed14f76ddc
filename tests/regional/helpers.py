"""Objects the regional tests share: advice in a given state, set directly (the advice app's own tests
cover how it gets there)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from django.utils import timezone

from advice.models import Advice, CollegeResponse, Recommendation
from councils.models import Council
from tests import factories as f


def advice_in_state(
    council: Council,
    state: str,
    *,
    adopted_on: date | None = None,
    sequence: int | None = None,
    published_on: date | None = None,
    confidential_until: date | None = None,
    **kwargs,
) -> Advice:
    """An advice of ``council`` in ``state`` ("concept", "vastgesteld", "verzonden" or "beantwoord")."""
    advice = cast(Advice, f.AdviceFactory(council=council, **kwargs))
    if state == "concept":
        return advice
    on = adopted_on or timezone.localdate()
    number = sequence or advice.pk
    Advice.objects.filter(pk=advice.pk).update(
        status="vastgesteld",
        number=f"{council.code}-{on.year}-{number:03d}",
        number_year=on.year,
        number_sequence=number,
        adopted_on=on,
    )
    if state in ("verzonden", "beantwoord"):
        Advice.objects.filter(pk=advice.pk).update(
            status="verzonden",
            sent_at=timezone.now(),
            response_due_on=on + timedelta(weeks=6),
            published_on=published_on or on,
            confidential_reason="Nog in bespreking" if confidential_until else "",
            confidential_until=confidential_until,
        )
    if state == "beantwoord":
        CollegeResponse.objects.create(advice_id=advice.pk, received_on=on + timedelta(weeks=5), letter_text="Akkoord.")
        Advice.objects.filter(pk=advice.pk).update(status="beantwoord")
    return Advice.objects.select_related("council").get(pk=advice.pk)


def set_verdict(recommendation: Recommendation, verdict: str, reasons: str = "") -> None:
    recommendation.verdict, recommendation.verdict_reasons = verdict, reasons
    recommendation.save(update_fields=["verdict", "verdict_reasons"])
