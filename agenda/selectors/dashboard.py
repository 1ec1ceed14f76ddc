"""The agenda's part of the work dashboard (/werk/): what waits for the user.

For a council member: the residents' proposals to answer (open signals with a proposal kind in their
queues), the early-involvement requests to answer (open requests of their councils, late ones first) and
the open agenda items they own. For a policy advisor: their municipality's requests and where each stands.
The aanjager (and whoever reads the whole region) sees the region's proposals and open requests.

Every part costs one or two queries, whatever the number of rows: a count (capped or aggregated) and one
short list. A part the user has no business with costs none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import rules
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from infrastructure.keyset import CappedCount, capped_count
from members.access import AnyUser, scope_for
from signals.models import Signal

from ..models import OPEN_ITEM_STATUSES, OPEN_REQUEST_STATUSES, AgendaItem, EarlyInvolvementRequest

# Counted up to this many, like the dashboard's open signals ("meer dan 1.000").
COUNT_CAP = 1000
PROPOSAL_LIST_LENGTH = 5
REQUEST_LIST_LENGTH = 10
ITEM_LIST_LENGTH = 10


@dataclass(frozen=True)
class ProposalsToAnswer:
    count: CappedCount
    newest: list[Signal]  # at most PROPOSAL_LIST_LENGTH, newest first


@dataclass(frozen=True)
class RequestRow:
    request: EarlyInvolvementRequest
    late: bool  # open and its wanted date has passed ("te laat")


@dataclass(frozen=True)
class RequestOverview:
    """Open requests (to answer, or the advisor's own): how many, how many late, and the first rows."""

    open_count: int
    late_count: int
    rows: list[RequestRow]
    whole_region: bool = False

    @property
    def not_listed(self) -> int:
        return max(0, self.open_count - sum(1 for row in self.rows if row.request.is_open))


@dataclass(frozen=True)
class OwnedItems:
    rows: list[AgendaItem]  # at most ITEM_LIST_LENGTH, the soonest planned first
    more: bool  # the user owns more open items than listed


@dataclass(frozen=True)
class AgendaDashboard:
    proposals: ProposalsToAnswer | None = None
    requests_to_answer: RequestOverview | None = None
    owned_items: OwnedItems | None = None
    advisor_requests: RequestOverview | None = None


def agenda_dashboard(user: AnyUser, *, today: date | None = None) -> AgendaDashboard:
    """What the agenda asks of ``user`` today; the parts they have nothing to do with are None."""
    today = today or timezone.localdate()
    scope = scope_for(user)
    if not scope.authenticated:
        return AgendaDashboard()
    proposals = None
    # Asked of the rules alone: a "no" must not cost the model backend's permission queries.
    if rules.has_perm("signals.triage_signals", user):  # type: ignore[no-untyped-call]
        proposals = proposals_to_answer(user)
    requests_to_answer = None
    if scope.council_ids or scope.reads_whole_region:
        open_requests = EarlyInvolvementRequest.objects.open()
        if not scope.reads_whole_region:
            open_requests = open_requests.filter(council_id__in=scope.council_ids)
        requests_to_answer = _open_overview(open_requests, today=today, whole_region=scope.reads_whole_region)
    owned = _owned_items(user) if scope.council_ids else None
    advisor = None
    if scope.advisor_municipality_ids:
        advisor = _advisor_overview(
            EarlyInvolvementRequest.objects.filter(municipality_id__in=scope.advisor_municipality_ids), today=today
        )
    return AgendaDashboard(
        proposals=proposals, requests_to_answer=requests_to_answer, owned_items=owned, advisor_requests=advisor
    )


def proposals_to_answer(user: AnyUser) -> ProposalsToAnswer:
    """Open residents' proposals in the user's queues: counted up to COUNT_CAP, the newest listed."""
    queryset = Signal.objects.for_user(user).open().proposals()
    count = capped_count(queryset, cap=COUNT_CAP)
    newest: list[Signal] = []
    if count.counted:
        newest = list(
            queryset.select_related("municipality", "theme").order_by("-created_at", "-pk")[:PROPOSAL_LIST_LENGTH]
        )
    return ProposalsToAnswer(count=count, newest=newest)


def _counts(queryset: QuerySet[EarlyInvolvementRequest], *, today: date) -> dict[str, int]:
    is_open = Q(status__in=OPEN_REQUEST_STATUSES)
    result: dict[str, int] = queryset.aggregate(
        open=Count("pk", filter=is_open), late=Count("pk", filter=is_open & Q(wanted_by__lt=today))
    )
    return result


def _open_overview(queryset: QuerySet[EarlyInvolvementRequest], *, today: date, whole_region: bool) -> RequestOverview:
    """Open requests, the late ones first (the earliest wanted date first, and a late one's has passed)."""
    counts = _counts(queryset, today=today)
    rows: list[EarlyInvolvementRequest] = []
    if counts["open"]:
        rows = list(
            queryset.select_related("council", "municipality").order_by("wanted_by", "pk")[:REQUEST_LIST_LENGTH]
        )
    return RequestOverview(
        open_count=counts["open"],
        late_count=counts["late"],
        rows=[RequestRow(request=row, late=row.is_overdue(today=today)) for row in rows],
        whole_region=whole_region,
    )


def _advisor_overview(queryset: QuerySet[EarlyInvolvementRequest], *, today: date) -> RequestOverview:
    """A policy advisor's requests and where each stands: the open ones first (late ones on top, by wanted
    date), then the answered and closed ones, newest first."""
    counts = _counts(queryset, today=today)
    open_first = Case(
        When(status__in=OPEN_REQUEST_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    rows = list(
        queryset.select_related("council", "municipality")
        .annotate(dashboard_done=open_first)
        .order_by(
            "dashboard_done",
            Case(When(status__in=OPEN_REQUEST_STATUSES, then=F("wanted_by"))).asc(nulls_last=True),
            "-filed_at",
            "-pk",
        )[:REQUEST_LIST_LENGTH]
    )
    return RequestOverview(
        open_count=counts["open"],
        late_count=counts["late"],
        rows=[RequestRow(request=row, late=row.is_overdue(today=today)) for row in rows],
    )


def _owned_items(user: AnyUser) -> OwnedItems:
    rows = list(
        AgendaItem.objects.filter(owner_id=user.pk, status__in=OPEN_ITEM_STATUSES)
        .select_related("council")
        .order_by(F("planned_year").asc(nulls_last=True), F("planned_quarter").asc(nulls_last=True), "-created_at")[
            : ITEM_LIST_LENGTH + 1
        ]
    )
    return OwnedItems(rows=rows[:ITEM_LIST_LENGTH], more=len(rows) > ITEM_LIST_LENGTH)
