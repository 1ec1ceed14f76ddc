"""The advice demo (issue 11, point 8): about thirty advice documents from all four councils over two
years, both kinds, every status, responses on time and late, partly and not adopted, a confidential
advice and a correction; numbered without gaps; idempotent; no mail. And the benchmark's large volume,
topped up in bulk with the number counters kept right."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from advice import demo, services
from advice.models import (
    SENT_STATUSES,
    Advice,
    AdviceKind,
    AdviceNumberCounter,
    AdviceStatus,
    CollegeResponse,
    Recommendation,
    Verdict,
)
from councils.models import Council
from infrastructure.large_seed import LargeSeedUnsupportedError
from infrastructure.models import OutboxMessage
from members.models import User
from tests.postgresql import needs_postgresql as needs_postgresql_for

pytestmark = pytest.mark.django_db

needs_postgresql = needs_postgresql_for("the large seed is for the benchmark's PostgreSQL")


def _rows() -> dict[str, int]:
    return {
        "advice": Advice.objects.count(),
        "advice history": Advice.history.count(),
        "recommendations": Recommendation.objects.count(),
        "responses": CollegeResponse.objects.count(),
        "counters": AdviceNumberCounter.objects.count(),
        "signal links": Advice.signals.through.objects.count(),
        "mail": OutboxMessage.objects.count(),
    }


def _assert_gapless_and_counted() -> None:
    """Per council and year the numbers run 1…n without gaps, and the counter stands at n."""
    sequences: dict[tuple[int, int], list[int]] = defaultdict(list)
    for council_id, year, sequence, number in Advice.objects.filter(number__isnull=False).values_list(
        "council_id", "number_year", "number_sequence", "number"
    ):
        assert year is not None and sequence is not None and number is not None
        sequences[(council_id, year)].append(sequence)
        assert number.endswith(f"-{year}-{sequence:03d}")
    assert sequences
    counters = {(c.council_id, c.year): c.last_sequence for c in AdviceNumberCounter.objects.all()}
    for key, numbers in sequences.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), key
        assert counters[key] == len(numbers), key


def test_the_demo_advice_is_believable_and_seeding_twice_adds_nothing():
    mail_before = OutboxMessage.objects.filter(dedup_key__startswith="advice").count()
    call_command("seed_demo", verbosity=0)
    first = _rows()
    call_command("seed_demo", verbosity=0)
    assert _rows() == first
    assert demo.seed() == 0
    assert demo.counts() == {
        "adviezen": Advice.objects.count(),
        "aanbevelingen": Recommendation.objects.count(),
        "reacties van het college": CollegeResponse.objects.count(),
    }
    # Nobody was mailed: not the colleges, not the residents whose signals led to an advice.
    assert OutboxMessage.objects.filter(dedup_key__startswith="advice").count() == mail_before

    today = timezone.localdate()
    advice = Advice.objects.select_related("council", "addressed_municipality")
    assert 20 <= advice.count() <= 40
    assert set(advice.values_list("council__code", flat=True)) == set(Council.objects.values_list("code", flat=True))
    assert set(advice.values_list("status", flat=True)) == set(AdviceStatus.values)
    assert set(advice.values_list("kind", flat=True)) == set(AdviceKind.values)
    # Over the past two years, and nothing in the future.
    adopted = advice.filter(adopted_on__isnull=False)
    assert min(adopted.values_list("adopted_on", flat=True)) < today - timedelta(days=365)
    assert not adopted.filter(adopted_on__gt=today).exists()
    assert not advice.filter(sent_at__gt=timezone.now()).exists()
    assert not CollegeResponse.objects.filter(received_on__gt=today).exists()

    # Solicited: after a request of the demo, or a letter of the college; unsolicited: after the council's
    # own agenda items and tables.
    solicited = advice.filter(kind=AdviceKind.SOLICITED)
    assert solicited.filter(request__isnull=False).exists()
    assert solicited.filter(request__isnull=True).exclude(formal_request_reference="").exists()
    assert not solicited.filter(request__isnull=True, formal_request_reference="").exists()
    for item in solicited.filter(request__isnull=False).select_related("request"):
        assert item.request.council_id == item.council_id and item.request.filed_at < item.created_at
    unsolicited = advice.filter(kind=AdviceKind.UNSOLICITED)
    assert unsolicited.filter(tables__isnull=False).exists() and unsolicited.filter(agenda_items__isnull=False).exists()
    for item in advice.prefetch_related("tables", "agenda_items"):
        assert all(t.council_id == item.council_id for t in item.tables.all())
        assert all(i.council_id == item.council_id for i in item.agenda_items.all())
        item.full_clean()
    # Local advice goes to its own college; the regional advice to the three.
    for item in advice:
        assert item.addressed_municipality_id == item.council.municipality_id

    # Adoption (rule 2): numbered without gaps per council and year, in the order of the dates, with the
    # client perspective, the summary, at least one recommendation and the names under the letter.
    _assert_gapless_and_counted()
    by_key: dict[tuple[int, int], list[tuple[int, object]]] = defaultdict(list)
    for item in adopted:
        by_key[(item.council_id, item.number_year)].append((item.number_sequence, item.adopted_on))
        assert item.client_perspective and item.plain_summary and item.signed_by_chair
        assert 2 <= item.recommendations.count() <= 6 or item.corrects_id
    for rows in by_key.values():
        assert [day for _n, day in sorted(rows)] == sorted(day for _n, day in rows)
    for item in advice:
        assert item.recommendations.count() <= 6

    # Sent: the response term, the publication date; some waiting, some overdue.
    sent = advice.filter(status__in=SENT_STATUSES)
    assert (
        not sent.filter(response_due_on__isnull=True).exists() and not sent.filter(published_on__isnull=True).exists()
    )
    for item in sent:
        assert item.response_due_on == timezone.localdate(item.sent_at) + timedelta(weeks=6)
    assert Advice.objects.overdue().exists()
    assert advice.filter(status=AdviceStatus.SENT, response_due_on__gte=today).exists()

    # The colleges' responses (rule 3): on time and late; adopted, partly and not adopted, with reasons.
    responses = list(CollegeResponse.objects.select_related("advice"))
    assert any(r.on_time for r in responses) and any(not r.on_time for r in responses)
    for response in responses:
        response.full_clean()
        assert response.advice.status in (AdviceStatus.ANSWERED, AdviceStatus.CLOSED)
        assert response.received_on >= timezone.localdate(response.advice.sent_at)
        assert not response.advice.recommendations.filter(verdict="").exists()
    answered = Recommendation.objects.filter(advice__status__in=[AdviceStatus.ANSWERED, AdviceStatus.CLOSED])
    assert set(answered.values_list("verdict", flat=True)) == set(Verdict.values)
    assert not answered.exclude(verdict=Verdict.ADOPTED).filter(verdict_reasons="").exists()
    assert (
        not Recommendation.objects.exclude(advice__status__in=[AdviceStatus.ANSWERED, AdviceStatus.CLOSED])
        .exclude(verdict="")
        .exists()
    )
    # Some answered advice came from residents' signals: the chain "wat is ermee gedaan" shows.
    assert advice.filter(status__in=[AdviceStatus.ANSWERED, AdviceStatus.CLOSED], signals__isnull=False).exists()

    # A confidential advice, with its reason and end date, is not in the public archive.
    confidential = advice.get(confidential_until__isnull=False)
    assert confidential.confidential_reason and confidential.confidential_until > today
    assert confidential.is_sent and confidential.is_confidential()
    published = Advice.objects.published()
    assert not published.filter(pk=confidential.pk).exists()
    assert published.count() == sent.count() - 1

    # A correction is a new advice that refers to an adopted one.
    correction = advice.get(corrects__isnull=False)
    assert correction.corrects.is_adopted and correction.corrects.number in correction.plain_summary
    assert correction.adopted_on > correction.corrects.adopted_on

    # The history tells the steps, dated as they happened.
    closed = advice.filter(status=AdviceStatus.CLOSED, kind=AdviceKind.SOLICITED).first()
    steps = list(closed.history.order_by("history_date", "history_id").values_list("status", flat=True))
    assert list(dict.fromkeys(steps)) == [
        "concept",
        "ter_vaststelling",
        "vastgesteld",
        "verzonden",
        "beantwoord",
        "afgerond",
    ]
    assert closed.history.earliest("history_date").history_date < timezone.now() - timedelta(days=30)


def test_the_browser_journey_finds_an_advice_to_adopt_and_send_in_velsen():
    call_command("seed_demo", verbosity=0)
    journey = Advice.objects.get(subject=demo.JOURNEY_SUBJECT)
    assert journey.council.slug == "participatieraad-velsen"
    assert journey.status == AdviceStatus.FOR_ADOPTION
    assert not services.adoption_problems(journey)
    # Sending needs an address: the advisor who asked, and the college of Velsen.
    assert journey.addressed_municipality.college_email
    addresses = {address for _key, address in services.municipal_contacts(journey)}
    assert {"beleid.velsen@example.org", journey.addressed_municipality.college_email} <= addresses
    chair = User.objects.get(email="voorzitter.velsen@example.org")
    assert chair.has_perm("advice.adopt_advice", journey)


def test_the_large_seed_is_refused_without_postgresql(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(LargeSeedUnsupportedError):
        demo.seed_large(advice=10)


def test_the_large_subjects_are_never_the_demos_own():
    assert not {spec.subject for spec in demo.ADVICE} & set(demo.LARGE_SUBJECTS)


@needs_postgresql
def test_the_large_seed_tops_up_in_bulk_and_the_next_adoption_takes_the_next_number():
    call_command("seed_demo", verbosity=0)
    small = Advice.objects.count()
    target = small + 120
    assert demo.seed_large(advice=target) == {"adviezen": 120}
    assert demo.seed_large(advice=target) == {"adviezen": 0}
    assert Advice.objects.count() == target

    _assert_gapless_and_counted()
    new = Advice.objects.order_by("-pk")[:120]
    bulk = Advice.objects.filter(pk__in=new.values("pk")).select_related("council")
    assert bulk.values("council").distinct().count() == 4
    recommendations = Recommendation.objects.filter(advice__in=bulk)
    assert 2 * 120 <= recommendations.count() <= 6 * 120
    for item in bulk[:40]:
        item.full_clean()
        assert item.addressed_municipality_id == item.council.municipality_id
        for linked in (*item.tables.all(), *item.agenda_items.all()):
            assert linked.council_id == item.council_id
        if item.is_adopted:
            assert item.number and item.client_perspective and item.plain_summary
        if item.is_sent:
            assert item.response_due_on and item.published_on and item.sent_at
    answered = bulk.filter(status__in=[AdviceStatus.ANSWERED, AdviceStatus.CLOSED])
    assert answered.exists() and answered.count() == CollegeResponse.objects.filter(advice__in=bulk).count()
    assert not recommendations.filter(advice__in=answered, verdict="").exists()
    assert Advice.objects.published().filter(pk__in=bulk.values("pk")).exists()

    # The counters stand at the highest number: the next adoption takes the one after it.
    waiting = Advice.objects.filter(status=AdviceStatus.FOR_ADOPTION).select_related("council").first()
    year = timezone.localdate().year
    counter = AdviceNumberCounter.objects.filter(council=waiting.council, year=year).first()
    before = counter.last_sequence if counter else 0
    highest = Advice.objects.filter(council=waiting.council, number_year=year).order_by("-number_sequence").first()
    assert before == (highest.number_sequence if highest else 0)
    adopted = services.advice_adopt(advice=waiting, by=None, render_pdf=False)
    assert adopted.number_sequence == before + 1
    _assert_gapless_and_counted()


@needs_postgresql
def test_seed_demo_large_scales_the_advice_with_the_signals():
    # 10,000 signals of the million: 30 of the 3,000 advice documents (the demo has about thirty).
    call_command("seed_demo", scale="large", signals=10_000, verbosity=0)
    assert Advice.objects.count() == max(30, len(demo.ADVICE))
    counts = _rows()
    call_command("seed_demo", scale="large", signals=10_000, verbosity=0)
    assert _rows() == counts
