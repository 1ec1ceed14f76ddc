"""The agenda's demo (issue 9, point 8): a believable agenda per council and requests in every status,
idempotent; and the benchmark's large volume, topped up in bulk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from agenda import demo
from agenda.models import (
    AgendaItem,
    EarlyInvolvementRequest,
    ItemStatus,
    Origin,
    ParticipationAdvice,
    RecommendedGroup,
    RequestStatus,
    TargetGroup,
)
from councils.models import Council
from signals.models import PROPOSAL_KINDS, Kind, Signal, Status
from tests.postgresql import needs_postgresql as needs_postgresql_for

pytestmark = pytest.mark.django_db

needs_postgresql = needs_postgresql_for("the large seed is for the benchmark's PostgreSQL")


def _rows() -> dict[str, int]:
    return {
        "items": AgendaItem.objects.count(),
        "item history": AgendaItem.history.count(),
        "requests": EarlyInvolvementRequest.objects.count(),
        "request history": EarlyInvolvementRequest.history.count(),
        "advice": ParticipationAdvice.objects.count(),
        "groups": RecommendedGroup.objects.count(),
        "signals": Signal.objects.count(),
        "item links": AgendaItem.signals.through.objects.count(),
    }


def test_the_demo_agenda_is_believable_and_seeding_twice_adds_nothing():
    call_command("seed_demo", verbosity=0)
    first = _rows()
    call_command("seed_demo", verbosity=0)
    assert _rows() == first
    assert demo.seed() == 0

    today = timezone.localdate()
    # 15–30 items on each of the four agendas, in every status and from every origin.
    per_council = dict(Council.objects.annotate(n=Count("agenda_items")).values_list("slug", "n"))
    assert len(per_council) == 4 and all(15 <= n <= 30 for n in per_council.values()), per_council
    for council in Council.objects.all():
        statuses = set(AgendaItem.objects.filter(council=council).values_list("status", flat=True))
        assert statuses == set(ItemStatus.values), council
    assert set(AgendaItem.objects.values_list("origin", flat=True)) == set(Origin.values)
    declined = AgendaItem.objects.filter(status=ItemStatus.NOT_TAKEN_UP)
    assert declined.exists() and not declined.filter(not_taken_up_reason="").exists()
    assert AgendaItem.objects.filter(is_public=False).exists()
    assert AgendaItem.objects.filter(is_public=True).count() > 50
    # Wijkgericht items name a wijk of their own municipality.
    wijk_items = AgendaItem.objects.filter(neighbourhoods__isnull=False).select_related("council")
    assert wijk_items.count() >= 10
    assert all(item.neighbourhoods.get().municipality_id == item.council.municipality_id for item in wijk_items)
    assert AgendaItem.objects.filter(planned_year__isnull=False).count() > 40
    assert AgendaItem.objects.filter(themes__isnull=False).distinct().count() == AgendaItem.objects.count()
    # Owners sit on the council; contacts are the municipality's policy advisors.
    assert AgendaItem.objects.filter(owner__email="lid.velsen@example.org", status__in=["geagendeerd"]).exists()
    assert AgendaItem.objects.filter(municipal_contact__email="beleid.velsen@example.org").exists()
    assert AgendaItem.objects.filter(municipal_contact__email="beleid.beverwijk@example.org").exists()
    for item in AgendaItem.objects.exclude(owner=None).select_related("owner", "council")[:30]:
        assert item.owner.memberships.filter(council=item.council).exists(), item
    # Local items referred to the region show on the regional agenda.
    regional = Council.objects.regional().get()
    referred = AgendaItem.objects.filter(referred_to_region_at__isnull=False)
    assert referred.exists() and not referred.filter(council=regional).exists()
    assert set(referred.values_list("pk", flat=True)) <= set(
        AgendaItem.objects.on_agenda_of(regional).values_list("pk", flat=True)
    )
    # Items that came from signals link to demo signals.
    assert AgendaItem.objects.filter(origin=Origin.SIGNALS, signals__kind=Kind.SIGNAL).exists()
    # Residents' proposals of every kind; those put on the agenda became an item that links to them.
    proposals = Signal.objects.proposals()
    assert set(proposals.values_list("kind", flat=True)) == set(PROPOSAL_KINDS)
    assert proposals.open().count() >= 3
    assert not proposals.filter(status=Status.CLOSED, feedback="").exists()
    for signal in proposals.filter(status=Status.TAKEN_UP):
        item = signal.agenda_items.get()
        assert item.origin == Origin.RESIDENT_PROPOSAL and item.council.municipality_id == signal.municipality_id

    # Requests in every status: one late, one due within a week, one regional, one referred by Velsen.
    requests = EarlyInvolvementRequest.objects.all()
    assert set(requests.values_list("status", flat=True)) == set(RequestStatus.values)
    assert requests.overdue().exists()
    assert requests.open().filter(wanted_by__gte=today, wanted_by__lte=today + timedelta(days=7)).exists()
    assert requests.filter(council=regional, referred_from__isnull=True).exists()
    referred_request = requests.get(referred_from__slug="participatieraad-velsen")
    assert referred_request.council == regional
    assert set(requests.values_list("filed_by__email", flat=True)) == {
        "beleid.velsen@example.org",
        "beleid.beverwijk@example.org",
    }
    assert all(r.phase_at_filing == r.phase for r in requests)
    # Every answered request has a participation advice that keeps rule 8.
    answered = requests.filter(status__in=[RequestStatus.ADVISED, RequestStatus.DONE])
    assert answered.count() >= 4
    for request in answered:
        advice = request.participation_advice
        assert advice.client_perspective.strip()
        assert advice.groups.filter(target_group=TargetGroup.CLIENTS).exclude(forms=[]).exists()
        assert request.answered_at is not None and request.acknowledged_at is not None
    assert requests.filter(status=RequestStatus.DONE, closed_at__isnull=False).count() == 3
    assert AgendaItem.objects.filter(request__isnull=False, origin=Origin.MUNICIPALITY).count() == 2
    # History: who made each item and request, and the steps that followed (both sides).
    assert AgendaItem.history.filter(history_type="+").count() == AgendaItem.objects.count()
    moved = AgendaItem.history.filter(history_type="~", history_user__isnull=False)
    assert {"lid.velsen@example.org", "beleid.velsen@example.org"} <= set(
        moved.values_list("history_user__email", flat=True)
    )
    done_request = requests.filter(status=RequestStatus.DONE).first()
    assert done_request is not None
    assert list(done_request.history.order_by("history_date").values_list("status", flat=True))[-1] == "afgerond"
    assert done_request.history.count() >= 4


def test_counts_name_the_agenda_rows():
    call_command("seed_demo", verbosity=0)
    assert demo.counts() == {
        "agendapunten": AgendaItem.objects.count(),
        "verzoeken": EarlyInvolvementRequest.objects.count(),
        "participatieadviezen": ParticipationAdvice.objects.count(),
    }


@needs_postgresql
def test_the_large_seed_tops_up_in_bulk_and_adds_nothing_the_second_time():
    call_command("seed_demo", verbosity=0)
    small = AgendaItem.objects.count(), EarlyInvolvementRequest.objects.count()
    history = AgendaItem.history.count()

    added = demo.seed_large(items=small[0] + 300, requests=small[1] + 120)
    assert added == {"agendapunten": 300, "verzoeken": 120}
    assert AgendaItem.objects.count() == small[0] + 300
    assert EarlyInvolvementRequest.objects.count() == small[1] + 120
    assert demo.seed_large(items=small[0] + 300, requests=small[1] + 120) == {"agendapunten": 0, "verzoeken": 0}
    assert AgendaItem.history.count() == history  # bulk rows have no history (see demo.py)

    bulk = AgendaItem.objects.order_by("-pk")[:300]
    assert all(item.themes.exists() for item in bulk[:20])
    assert AgendaItem.objects.filter(pk__in=bulk.values("pk"), signals__isnull=False).exists()
    assert AgendaItem.objects.filter(pk__in=bulk.values("pk"), neighbourhoods__isnull=False).exists()
    assert set(AgendaItem.objects.filter(pk__in=bulk.values("pk")).values_list("status", flat=True)) == set(
        ItemStatus.values
    )
    assert not AgendaItem.objects.filter(status=ItemStatus.NOT_TAKEN_UP, not_taken_up_reason="").exists()
    new_requests = EarlyInvolvementRequest.objects.order_by("-pk")[:120]
    assert set(
        EarlyInvolvementRequest.objects.filter(pk__in=new_requests.values("pk")).values_list("status", flat=True)
    ) == set(RequestStatus.values)
    answered = EarlyInvolvementRequest.objects.filter(
        pk__in=new_requests.values("pk"), status__in=[RequestStatus.ADVISED, RequestStatus.DONE]
    )
    assert answered.exists()
    assert not answered.filter(participation_advice__isnull=True).exists()
    assert not ParticipationAdvice.objects.exclude(groups__target_group=TargetGroup.CLIENTS).exists()


@needs_postgresql
def test_seed_demo_large_scales_the_agenda_with_the_signals():
    # 10,000 signals of the million: 200 of the 20,000 items and 50 of the 5,000 requests.
    call_command("seed_demo", scale="large", signals=10_000, verbosity=0)
    assert AgendaItem.objects.count() == 200
    assert EarlyInvolvementRequest.objects.count() == 50
    call_command("seed_demo", scale="large", signals=10_000, verbosity=0)
    assert (AgendaItem.objects.count(), EarlyInvolvementRequest.objects.count()) == (200, 50)
