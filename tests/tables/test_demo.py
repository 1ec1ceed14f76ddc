"""The tables' demo (issue 10, point 8): tables across councils and statuses with seats of every kind,
meetings with minutes and invitations in every state, a consultation per council, the expert network and
the network organisations; idempotent. And the benchmark's large volume, topped up in bulk."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from councils.models import Council
from members.models import ExperienceDomain, ExpertProfile, ExpertStatus, NetworkOrganisation, User
from tables import demo
from tables.models import (
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Meeting,
    MeetingKind,
    Need,
    Response,
    Seat,
    SeatStatus,
    StakeholderType,
    Table,
    TableOrigin,
    TableStatus,
)
from tests.postgresql import needs_postgresql as needs_postgresql_for

pytestmark = pytest.mark.django_db

needs_postgresql = needs_postgresql_for("the large seed is for the benchmark's PostgreSQL")


def _rows() -> dict[str, int]:
    return {
        "tables": Table.objects.count(),
        "table history": Table.history.count(),
        "seats": Seat.objects.count(),
        "meetings": Meeting.objects.count(),
        "invitations": Invitation.objects.count(),
        "join requests": JoinRequest.objects.count(),
        "experts": ExpertProfile.objects.count(),
        "organisations": NetworkOrganisation.objects.count(),
    }


def test_the_demo_tables_are_believable_and_seeding_twice_adds_nothing():
    call_command("seed_demo", verbosity=0)
    first = _rows()
    call_command("seed_demo", verbosity=0)
    assert _rows() == first
    assert demo.seed() == 0

    now = timezone.now()
    tables = Table.objects.all()
    assert 10 <= tables.count() <= 20
    assert set(tables.values_list("council__slug", flat=True)) == set(Council.objects.values_list("slug", flat=True))
    assert set(tables.values_list("status", flat=True)) == set(TableStatus.values)
    assert set(tables.values_list("origin", flat=True)) == set(TableOrigin.values)
    assert tables.filter(origin=TableOrigin.REQUEST, request__isnull=False).exists()
    assert tables.filter(origin=TableOrigin.AGENDA_ITEM, agenda_item__isnull=False).exists()
    assert tables.filter(is_public=False).exists()
    # Rule 1: every table beyond in oprichting had a client who accepted; a concluded one has the client
    # perspective and an outcome.
    for table in tables.exclude(status=TableStatus.FORMING):
        assert table.seats.filter(stakeholder_type=StakeholderType.CLIENT, status=SeatStatus.ACCEPTED).exists()
    for table in tables.filter(status=TableStatus.CONCLUDED):
        assert table.client_perspective.strip() and table.outcome_summary.strip() and table.concluded_at
    # A forming table still waits for its client (the dashboard's hint).
    assert (
        tables.filter(status=TableStatus.FORMING)
        .exclude(seats__stakeholder_type=StakeholderType.CLIENT, seats__status=SeatStatus.ACCEPTED)
        .exists()
    )
    # Seats of every stakeholder type, status and kind of person.
    seats = Seat.objects.all()
    assert set(seats.values_list("stakeholder_type", flat=True)) == set(StakeholderType.values)
    assert set(seats.values_list("status", flat=True)) == set(SeatStatus.values)
    assert seats.filter(expert__isnull=False).exists()
    assert seats.filter(user__isnull=False).exists()
    assert seats.exclude(guest_email="").exists()
    assert seats.filter(organisation__isnull=False).exists()
    # The history shows the table's steps.
    concluded = tables.filter(status=TableStatus.CONCLUDED).first()
    steps = list(concluded.history.order_by("history_date", "history_id").values_list("status", flat=True))
    # (the themes and wijken, set after the table was made, add a record of their own)
    assert list(dict.fromkeys(steps)) == ["in_oprichting", "actief", "afronding", "afgerond"]

    # Past meetings with minutes and attendance; coming ones with invitations in every state.
    past = Meeting.objects.filter(ends_at__lt=now, kind=MeetingKind.TABLE)
    assert past.exists() and not past.filter(minutes="").exists()
    assert Invitation.objects.filter(meeting__in=past, attended=True).exists()
    assert Invitation.objects.filter(meeting__in=past, attended=False).exists()
    coming = Invitation.objects.filter(meeting__starts_at__gt=now)
    assert set(coming.values_list("response", flat=True)) == set(Response.values)
    needs = {need for row in coming.values_list("needs", flat=True) for need in row}
    assert needs == set(Need.values)
    assert coming.exclude(needs_note="").exists()
    assert not Invitation.objects.exclude(token_hash__regex=r"^[0-9a-f]{64}$").exists()
    for invitation in Invitation.objects.select_related("meeting")[:50]:
        invitation.full_clean()
        invitation.meeting.full_clean()
    # A periodic consultation per council, in the future.
    for council in Council.objects.all():
        assert Meeting.objects.filter(council=council, kind=MeetingKind.CONSULTATION, starts_at__gt=now).exists()
    # Residents who offered to join: waiting, accepted (with their seat), declined.
    assert set(JoinRequest.objects.values_list("status", flat=True)) == set(JoinRequestStatus.values)
    assert not JoinRequest.objects.filter(status=JoinRequestStatus.ACCEPTED, seat__isnull=True).exists()


def test_the_expert_network_and_the_network_organisations():
    call_command("seed_demo", verbosity=0)
    experts = ExpertProfile.objects.all()
    assert 35 <= experts.count() <= 45
    assert experts.values("council").distinct().count() == 4
    assert experts.filter(status=ExpertStatus.SIGNED_UP).count() >= 3
    assert experts.filter(status=ExpertStatus.ACTIVE).count() >= 30
    assert {d for row in experts.values_list("domains", flat=True) for d in row} == set(ExperienceDomain.values)
    assert experts.exclude(accessibility_needs="").count() >= 5
    assert experts.filter(themes__isnull=False).distinct().count() == experts.count()
    for expert in experts:
        expert.full_clean()
    # The demo account is one person with one record: its expert role and its profile are for Velsen.
    account = User.objects.get(email="ervaring@example.org")
    profile = ExpertProfile.objects.get(user=account)
    assert profile.council.slug == "participatieraad-velsen"
    assert account.role_assignments.get(role="ervaringsdeskundige").council == profile.council
    assert not ExpertProfile.objects.filter(email=account.email).exclude(pk=profile.pk).exists()
    assert Seat.objects.filter(expert=profile, status=SeatStatus.ACCEPTED).exists()

    organisations = NetworkOrganisation.objects.all()
    assert 25 <= organisations.count() <= 40
    assert {
        "belangenbehartiging",
        "platform",
        "wijkteam",
        "clientenraad",
        "vrijwilligers",
        "welzijn",
        "mantelzorg",
        "school",
        "sportclub",
    } <= set(organisations.values_list("kind", flat=True))
    assert organisations.filter(name="Sportclub Stormvogels").exists()  # the first demo's are kept
    for organisation in organisations:
        organisation.full_clean()


def test_counts_name_the_table_rows():
    call_command("seed_demo", verbosity=0)
    assert demo.counts() == {
        "tafels": Table.objects.count(),
        "plaatsen aan tafel": Seat.objects.count(),
        "bijeenkomsten": Meeting.objects.count(),
        "uitnodigingen": Invitation.objects.count(),
    }


@needs_postgresql
def test_the_large_seed_tops_up_in_bulk_and_adds_nothing_the_second_time():
    call_command("seed_demo", verbosity=0)
    small = _rows()
    targets = {
        "tables": small["tables"] + 40,
        "meetings": small["meetings"] + 300,
        "invitations": small["invitations"] + 1_200,
        "experts": small["experts"] + 150,
    }
    added = demo.seed_large(**targets)
    assert added == {"ervaringsdeskundigen": 150, "tafels": 40, "bijeenkomsten": 300, "uitnodigingen": 1_200}
    assert demo.seed_large(**targets) == {
        "ervaringsdeskundigen": 0,
        "tafels": 0,
        "bijeenkomsten": 0,
        "uitnodigingen": 0,
    }
    assert Table.objects.count() == targets["tables"]
    assert Meeting.objects.count() == targets["meetings"]
    assert Invitation.objects.count() == targets["invitations"]
    assert ExpertProfile.objects.count() == targets["experts"]

    bulk = Table.objects.order_by("-pk")[:40]
    new = Table.objects.filter(pk__in=bulk.values("pk"))
    # Rule 1 holds in bulk too.
    for table in new.exclude(status=TableStatus.FORMING):
        assert table.seats.filter(stakeholder_type=StakeholderType.CLIENT, status=SeatStatus.ACCEPTED).exists()
    assert not new.filter(status=TableStatus.CONCLUDED, client_perspective="").exists()
    assert all(table.seats.count() >= 5 for table in new)
    assert new.filter(themes__isnull=False).distinct().count() == 40
    for table in new[:5]:
        table.full_clean()
        for seat in table.seats.all():
            seat.full_clean()
    meetings = Meeting.objects.order_by("-pk")[:300]
    for meeting in Meeting.objects.filter(pk__in=meetings.values("pk"))[:20]:
        meeting.full_clean(exclude=["created_by"])  # bulk meetings have no creator
    assert Meeting.objects.filter(pk__in=meetings.values("pk"), table__isnull=True).exists()
    assert Meeting.objects.filter(pk__in=meetings.values("pk"), starts_at__gt=timezone.now()).exists()
    # Invitations go to the people of the meeting's table (or the council's members).
    for invitation in Invitation.objects.order_by("-pk").select_related("seat", "meeting")[:50]:
        invitation.full_clean()
        if invitation.seat is not None:
            assert invitation.seat.table_id == invitation.meeting.table_id
    experts = ExpertProfile.objects.filter(email__startswith=demo.LARGE_EXPERT_PREFIX)
    assert experts.count() == 150
    for expert in experts[:10]:
        expert.full_clean()


@needs_postgresql
def test_seed_demo_large_scales_the_tables_with_the_signals():
    # 10,000 signals of the million: 20 of the 2,000 tables (the demo's count), 200 meetings, 1,000
    # invitations and 50 people in the expert network (the demo has about forty).
    call_command("seed_demo", scale="large", signals=10_000, verbosity=0)
    counts = (Table.objects.count(), Meeting.objects.count(), Invitation.objects.count(), ExpertProfile.objects.count())
    assert counts == (20, 200, 1_000, 50)
    call_command("seed_demo", scale="large", signals=10_000, verbosity=0)
    assert (
        Table.objects.count(),
        Meeting.objects.count(),
        Invitation.objects.count(),
        ExpertProfile.objects.count(),
    ) == counts
