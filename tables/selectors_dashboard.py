"""The tables' part of the work dashboard (/werk/): the user's coming meetings, the tables they organise
that are still forming or at work (with rule 1's hint when no client accepted yet), the residents who
offered to join and wait for an answer, and the links to the work pages the user may open.

Every part costs one query whatever the number of rows (a short list, or one count); a part the user has
no business with costs none. The links are asked of the rules alone (no query: the scope is cached).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import rules
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from members.access import AnyUser, UserScope, scope_for
from members.models import ExpertProfile

from .models import (
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Meeting,
    MeetingQuerySet,
    Seat,
    SeatStatus,
    StakeholderType,
    Table,
    TableStatus,
    organised_council_ids,
)

MEETING_LIST_LENGTH = 5
TABLE_LIST_LENGTH = 10
OPEN_TABLE_STATUSES = (TableStatus.FORMING, TableStatus.ACTIVE)
MAX_MEETING_LENGTH = timedelta(hours=24)  # as Meeting.clean allows


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    # The work page of the meeting, for whoever may open it; an invited person answers through the mailed
    # link instead.
    url: str = ""
    response: str = ""  # the invited person's own answer (a Response label), when listed as invited


@dataclass(frozen=True)
class TableRow:
    table: Table
    needs_client: bool  # rule 1: no client or ervaringsdeskundige at the table who accepted


@dataclass(frozen=True)
class WorkLink:
    url: str
    label: StrOrPromise


@dataclass(frozen=True)
class TablesDashboard:
    meetings: list[MeetingRow] = field(default_factory=list)  # the next MEETING_LIST_LENGTH
    meetings_url: str = ""  # /werk/bijeenkomsten/, for whoever may open it
    organises: bool = False  # the tables part is shown (the user organises for a council)
    tables: list[TableRow] = field(default_factory=list)  # at most TABLE_LIST_LENGTH, newest first
    more_tables: bool = False
    pending_join_requests: int = 0
    links: list[WorkLink] = field(default_factory=list)

    @property
    def tables_waiting_for_client(self) -> int:
        return sum(1 for row in self.tables if row.needs_client)


def _has_perm(name: str, user: AnyUser) -> bool:
    # Asked of the rules alone: a "no" must not cost the model backend's permission queries. An unknown
    # permission is a "no".
    return bool(rules.has_perm(name, user))


def work_links(user: AnyUser) -> list[WorkLink]:
    """The work pages of tables, meetings, the network and the calendar that the user may open."""
    links = []
    if _has_perm("tables.view_tables_work", user):
        links += [
            WorkLink(reverse("tables:work_list"), _("Participatietafels")),
            WorkLink(reverse("tables:meeting_list"), _("Bijeenkomsten")),
        ]
    if _has_perm("members.view_network", user):
        links += [
            WorkLink(reverse("members:organisation_list"), _("Netwerkorganisaties")),
            WorkLink(reverse("members:expert_list"), _("Expertteam (ervaringsdeskundigen)")),
        ]
    if _has_perm("tables.subscribe_calendar", user):
        links.append(WorkLink(reverse("tables:calendar_settings"), _("Uw bijeenkomsten in uw eigen agenda")))
    return links


def tables_dashboard(user: AnyUser, *, now: datetime | None = None) -> TablesDashboard:
    """What the tables ask of ``user`` now; empty for a visitor."""
    scope = scope_for(user)
    user_id = user.pk
    if not scope.authenticated or user_id is None:
        return TablesDashboard()
    now = now or timezone.now()
    links = work_links(user)
    if _has_perm("tables.view_tables_work", user):
        meetings = [
            MeetingRow(meeting=m, url=m.get_absolute_url()) for m in _upcoming(Meeting.objects.for_user(user), now)
        ]
        meetings_url = reverse("tables:meeting_list")
    else:
        meetings = _invited_meetings(user_id, now)
        meetings_url = ""
    organised = _organised_tables(user, scope)
    if organised is None:
        return TablesDashboard(meetings=meetings, meetings_url=meetings_url, links=links)
    # Whether a client accepted, as "the first such seat" (a scalar subquery with LIMIT 1, looked up per row
    # shown on the seat's table index): an EXISTS here lets the database hash every accepted client seat of
    # every table first.
    first_client = (
        Seat.objects.filter(
            table_id=OuterRef("pk"), stakeholder_type=StakeholderType.CLIENT, status=SeatStatus.ACCEPTED
        )
        .order_by()
        .values("pk")[:1]
    )
    rows = list(
        organised.filter(status__in=OPEN_TABLE_STATUSES)
        .annotate(first_client=Subquery(first_client))
        .select_related("council")
        .only("title", "status", "created_at", "council__name")
        .order_by("-created_at", "-pk")[: TABLE_LIST_LENGTH + 1]
    )
    pending = JoinRequest.objects.filter(status=JoinRequestStatus.PENDING, table__in=organised).count()
    return TablesDashboard(
        meetings=meetings,
        meetings_url=meetings_url,
        organises=True,
        tables=[TableRow(table=t, needs_client=t.first_client is None) for t in rows[:TABLE_LIST_LENGTH]],
        more_tables=len(rows) > TABLE_LIST_LENGTH,
        pending_join_requests=pending,
        links=links,
    )


def _upcoming(meetings: MeetingQuerySet, now: datetime) -> list[Meeting]:
    # A meeting lasts at most a day (Meeting.clean): one still to end began at most a day ago. The bound
    # lets the index on the start skip the years of past meetings.
    return list(
        meetings.upcoming(now=now)
        .filter(starts_at__gte=now - MAX_MEETING_LENGTH)
        .select_related("council", "table")
        # What the dashboard shows: not the agenda, the minutes or the table's long texts.
        .only("title", "starts_at", "ends_at", "location", "cancelled_at", "council__name", "table__title")
        .order_by("starts_at", "pk")[:MEETING_LIST_LENGTH]
    )


def _invited_meetings(user_id: int, now: datetime) -> list[MeetingRow]:
    """The coming meetings someone without a council's work is invited to (an ervaringsdeskundige, a
    resident at a table), with their own answer: as an account, or through their seat (an account's, or
    their record in the expert network). Two short queries: the person's seats, then their invitations
    through the indexes on the invitation's account and seat (one OR across joins would read every
    invitation)."""
    seat_ids = list(
        Seat.objects.filter(
            Q(user_id=user_id) | Q(expert_id__in=ExpertProfile.objects.filter(user_id=user_id).values("pk"))
        ).values_list("pk", flat=True)
    )
    mine = Q(user_id=user_id) | Q(seat_id__in=seat_ids) if seat_ids else Q(user_id=user_id)
    invitations = list(
        Invitation.objects.filter(
            mine,
            meeting__ends_at__gte=now,
            meeting__starts_at__gte=now - MAX_MEETING_LENGTH,
            meeting__cancelled_at__isnull=True,
        )
        .select_related("meeting__council", "meeting__table")
        .order_by("meeting__starts_at", "meeting_id")[:MEETING_LIST_LENGTH]
    )
    return [MeetingRow(meeting=i.meeting, response=i.get_response_display()) for i in invitations]


def _organised_tables(user: AnyUser, scope: UserScope) -> QuerySet[Table] | None:
    """The tables the user organises (``tables.rules.organises_for``): of the councils they sit on, and of
    their municipality's local council as policy advisor. None for whoever organises none. By the
    councils' ids (``organised_council_ids``), so that the list walks the (council, created) index."""
    if not scope.council_ids and not scope.advisor_municipality_ids:
        return None
    return Table.objects.filter(council_id__in=organised_council_ids(user))
