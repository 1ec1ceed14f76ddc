"""Reads of the table pages: the public list and page, the work list and page, and the candidate search.

Every read is a fixed number of queries whatever the number of tables, seats or candidates: related rows
come in one query each (``select_related`` / ``Prefetch``), counts as one aggregate. The public reads
never carry a resident's or a guest's name: only counts per stakeholder type, and the names of council
members who agreed to be named (``Membership.listed_publicly``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from agenda.models import EarlyInvolvementRequest, ParticipationForm, TargetGroup
from councils.models import Council, Neighbourhood, Theme
from members.models import (
    DOMAIN_LAW,
    ExpertBackground,
    ExpertProfile,
    Membership,
    Role,
    RoleAssignment,
    User,
)

from .models import (
    JoinRequest,
    JoinRequestStatus,
    Meeting,
    Seat,
    SeatStatus,
    StakeholderType,
    Table,
    TableQuerySet,
)

TARGET_GROUP_LABELS = dict(TargetGroup.choices)
FORM_LABELS = dict(ParticipationForm.choices)


def target_group_labels(values: list[str]) -> list[str]:
    return [str(TARGET_GROUP_LABELS.get(v, v)) for v in values if isinstance(v, str)]


def form_labels(values: list[str]) -> list[str]:
    return [str(FORM_LABELS.get(v, v)) for v in values if isinstance(v, str)]


def _themes_prefetch() -> Prefetch[Any, Any, Any]:
    return Prefetch("themes", queryset=Theme.objects.only("pk", "name", "law").order_by("name"), to_attr="theme_list")


def _accepted_count() -> Subquery:
    seats = (
        Seat.objects.filter(table=OuterRef("pk"), status=SeatStatus.ACCEPTED)
        .order_by()
        .values("table")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(seats)


# --- Public ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicTableFilters:
    """The filters of /tafels/: a council (a municipality's or the regional one), a theme, a status."""

    council_id: int | None = None
    theme_id: int | None = None
    status: str = ""


def public_tables(filters: PublicTableFilters) -> TableQuerySet:
    """The public tables the filters choose, newest first, with the council and ``theme_list``."""
    tables = Table.objects.public()
    if filters.council_id:
        tables = tables.filter(council_id=filters.council_id)
    if filters.theme_id:
        tables = tables.filter(themes__pk=filters.theme_id)
    if filters.status:
        tables = tables.filter(status=filters.status)
    return (
        tables.select_related("council")
        .prefetch_related(_themes_prefetch())
        .annotate(participant_count=Coalesce(_accepted_count(), 0))
        .order_by("-created_at", "-pk")
    )


@dataclass
class PublicTablePage:
    table: Table
    themes: list[Theme]
    neighbourhoods: list[Neighbourhood]
    # (stakeholder type label, number who take part), in the order of StakeholderType
    participants: list[tuple[str, int]]
    named_members: list[str]
    upcoming: list[Meeting]
    past: list[Meeting]
    agenda_item_public: bool


def public_table(pk: int) -> PublicTablePage:
    """One public table with what its page shows, in six queries (the table with its council and agenda
    item; themes; wijken; counts per stakeholder type; members who may be named; meetings). Raises
    Http404 when the table does not exist or is not public."""
    table = (
        Table.objects.public()
        .select_related("council__municipality", "agenda_item")
        .prefetch_related(
            _themes_prefetch(),
            Prefetch(
                "neighbourhoods",
                queryset=Neighbourhood.objects.only("pk", "name").order_by("name"),
                to_attr="neighbourhood_list",
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if table is None:
        raise Http404
    counts = dict(
        Seat.objects.filter(table=table, status=SeatStatus.ACCEPTED)
        .order_by()
        .values_list("stakeholder_type")
        .annotate(n=Count("pk"))
        .values_list("stakeholder_type", "n")
    )
    participants = [(str(label), counts[value]) for value, label in StakeholderType.choices if counts.get(value)]
    today = timezone.localdate()
    named = (
        Membership.objects.filter(
            council_id=table.council_id,
            person__table_seats__table=table,
            person__table_seats__status=SeatStatus.ACCEPTED,
        )
        .active(on=today)
        .publicly_named()
        .order_by("person__full_name")
        .values_list("person__full_name", flat=True)
        .distinct()
    )
    now = timezone.now()
    meetings = list(
        Meeting.objects.filter(table=table, cancelled_at__isnull=True)
        .only("pk", "table_id", "title", "starts_at", "ends_at", "location", "accessibility_notes", "minutes")
        .order_by("starts_at", "pk")
    )
    return PublicTablePage(
        table=table,
        themes=table.theme_list,  # type: ignore[attr-defined]
        neighbourhoods=table.neighbourhood_list,  # type: ignore[attr-defined]
        participants=participants,
        named_members=list(named),
        upcoming=[m for m in meetings if m.ends_at >= now],
        past=[m for m in meetings if m.ends_at < now and m.minutes.strip()],
        agenda_item_public=bool(table.agenda_item is not None and table.agenda_item.is_public),
    )


# --- Work ------------------------------------------------------------------------------------------


def work_tables(visible: TableQuerySet) -> TableQuerySet:
    """The tables of ``visible`` (``Table.objects.for_user``: no join, no DISTINCT), newest first, ready
    for the list (council, themes, the number of participants who said yes: counted per row shown)."""
    return (
        visible.select_related("council")
        # What the list shows: not the long texts (the question, the outcome) nor the lists in JSON.
        .only("title", "status", "is_public", "planned_start", "planned_end", "created_at", "council__name")
        .prefetch_related(_themes_prefetch())
        .annotate(participant_count=Coalesce(_accepted_count(), 0))
        .order_by("-created_at", "-pk")
    )


def work_table_queryset() -> TableQuerySet:
    """What the work page reads with the table itself (for ``get_object_for_user``)."""
    # The themes in the prefetch cache itself: the page and ``missing_law_experience`` read them once.
    return Table.objects.select_related(
        "council__municipality", "agenda_item", "request", "created_by"
    ).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name")),
        Prefetch("neighbourhoods", queryset=Neighbourhood.objects.order_by("name")),
    )


@dataclass
class SeatGroup:
    label: str
    value: str
    seats: list[Seat] = field(default_factory=list)


def seat_groups(table: Table) -> list[SeatGroup]:
    """The table's seats grouped by stakeholder type (in the order of StakeholderType), with the person
    and organisation: one query."""
    seats = (
        Seat.objects.filter(table=table)
        .select_related("expert__user", "user", "organisation")
        .order_by("stakeholder_type", "status", "pk")
    )
    groups = {value: SeatGroup(label=str(label), value=value) for value, label in StakeholderType.choices}
    for seat in seats:
        seat.table = table  # the page's table: no query per seat when a template reads it
        groups[seat.stakeholder_type].seats.append(seat)
    return [group for group in groups.values() if group.seats]


def pending_join_requests(table: Table) -> list[JoinRequest]:
    return list(JoinRequest.objects.filter(table=table, status=JoinRequestStatus.PENDING).order_by("created_at", "pk"))


def table_meetings(table: Table) -> list[Meeting]:
    return list(Meeting.objects.filter(table=table).order_by("starts_at", "pk"))


def has_accepted_client(groups: list[SeatGroup]) -> bool:
    return any(seat.is_accepted_client for group in groups for seat in group.seats)


def request_advice_prefill(involvement: EarlyInvolvementRequest) -> tuple[list[str], list[str]]:
    """The target groups and forms of the request's participation advice, when given (two queries)."""
    advice = getattr(involvement, "participation_advice", None) if _has_advice(involvement) else None
    if advice is None:
        return [], []
    groups: list[str] = []
    forms: list[str] = []
    for group in advice.groups.all():
        groups.append(group.target_group)
        forms.extend(f for f in group.forms if f not in forms)
    return groups, forms


def _has_advice(involvement: EarlyInvolvementRequest) -> bool:
    try:
        involvement.participation_advice  # noqa: B018
    except EarlyInvolvementRequest.participation_advice.RelatedObjectDoesNotExist:
        return False
    return True


# --- Candidates for a seat -------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateFilters:
    """The candidate search: a theme, an experience domain, a law, a municipality, a stakeholder type and
    a part of the name. Filters on theme, experience or municipality concern the expert network only."""

    theme_id: int | None = None
    domain: str = ""
    law: str = ""
    municipality_id: int | None = None
    stakeholder_type: str = ""
    text: str = ""

    @property
    def experts_only(self) -> bool:
        return bool(self.theme_id or self.domain or self.law or self.municipality_id)


# Which stakeholder types the registries hold: experts (clients and carers), members, advisors.
EXPERT_TYPES = {StakeholderType.CLIENT, StakeholderType.CARER}


@dataclass
class AccountCandidate:
    user: User
    stakeholder_type: str
    role_label: str
    seated: bool = False

    @property
    def select_id(self) -> str:
        return f"soort-account-{self.user.pk}"


@dataclass
class Candidates:
    experts: Sequence[ExpertProfile]
    expert_total: int
    accounts: list[AccountCandidate]
    seated_expert_ids: set[int]
    seated_user_ids: set[int]


CANDIDATE_LIMIT = 50


def _council_municipalities(council: Council) -> Q:
    if council.is_regional:
        return Q(municipality__region_id=council.region_id)
    return Q(municipality_id=council.municipality_id)


def candidate_experts(table: Table, filters: CandidateFilters) -> QuerySet[ExpertProfile]:
    """Active people of the table's council's expert network (every council's for a regional table)."""
    experts = ExpertProfile.objects.active()
    if not table.council.is_regional:
        experts = experts.filter(council_id=table.council_id)
    if filters.stakeholder_type and filters.stakeholder_type not in EXPERT_TYPES:
        return experts.none()
    if filters.stakeholder_type == StakeholderType.CARER:
        experts = experts.filter(backgrounds__icontains=f'"{ExpertBackground.CARER.value}"')
    if filters.theme_id:
        experts = experts.filter(themes__pk=filters.theme_id)
    if filters.domain:
        # The JSON list as text: the quotes keep "wmo" from matching inside another value.
        experts = experts.filter(domains__icontains=f'"{filters.domain}"')
    if filters.law:
        domains = [domain for domain, law in DOMAIN_LAW.items() if law == filters.law]
        condition = Q()
        for domain in domains:
            condition |= Q(domains__icontains=f'"{domain}"')
        experts = experts.filter(condition) if domains else experts.none()
    if filters.municipality_id:
        experts = experts.filter(municipality_id=filters.municipality_id)
    if filters.text:
        experts = experts.filter(name__icontains=filters.text)
    return experts


def seat_candidates(table: Table, filters: CandidateFilters) -> Candidates:
    """The candidates for a seat, each marked when already seated. Queries: the seated ids; the experts
    (with their municipality) and their count; their themes; the council's members; the advisors."""
    seated = list(Seat.objects.filter(table=table).values_list("expert_id", "user_id"))
    seated_expert_ids = {e for e, _u in seated if e}
    seated_user_ids = {u for _e, u in seated if u}
    experts_qs = candidate_experts(table, filters)
    experts = list(
        experts_qs.select_related("municipality", "council")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name"), to_attr="theme_list"))
        .order_by("name", "pk")[:CANDIDATE_LIMIT]
    )
    total = len(experts) if len(experts) < CANDIDATE_LIMIT else experts_qs.count()
    accounts: list[AccountCandidate] = []
    wanted = filters.stakeholder_type
    if not filters.experts_only:
        today = timezone.localdate()
        if wanted in ("", StakeholderType.COUNCIL_MEMBER):
            members = Membership.objects.filter(council_id=table.council_id, person__is_active=True).active(on=today)
            if filters.text:
                members = members.filter(person__full_name__icontains=filters.text)
            seen: set[int] = set()
            for membership in members.select_related("person").order_by("person__full_name", "person_id")[
                :CANDIDATE_LIMIT
            ]:
                if membership.person_id in seen:
                    continue
                seen.add(membership.person_id)
                accounts.append(
                    AccountCandidate(
                        user=membership.person,
                        stakeholder_type=StakeholderType.COUNCIL_MEMBER,
                        role_label=membership.get_role_display(),
                    )
                )
        if wanted in ("", StakeholderType.POLICY_ADVISOR):
            advisors = RoleAssignment.objects.filter(
                _council_municipalities(table.council), role=Role.BELEIDSADVISEUR, person__is_active=True
            ).active(on=today)
            if filters.text:
                advisors = advisors.filter(person__full_name__icontains=filters.text)
            seen = {a.user.pk for a in accounts}
            for assignment in advisors.select_related("person", "municipality").order_by(
                "person__full_name", "person_id"
            )[:CANDIDATE_LIMIT]:
                if assignment.person_id in seen:
                    continue
                seen.add(assignment.person_id)
                accounts.append(
                    AccountCandidate(
                        user=assignment.person,
                        stakeholder_type=StakeholderType.POLICY_ADVISOR,
                        role_label=f"{assignment.get_role_display()} {assignment.municipality}",
                    )
                )
    for account in accounts:
        account.seated = account.user.pk in seated_user_ids
    return Candidates(
        experts=experts,
        expert_total=total,
        accounts=accounts,
        seated_expert_ids=seated_expert_ids,
        seated_user_ids=seated_user_ids,
    )


def expert_default_type(expert: ExpertProfile) -> str:
    """A carer who is not also a client sits as carer; everyone else in the network as client."""
    backgrounds = expert.backgrounds if isinstance(expert.backgrounds, list) else []
    if ExpertBackground.CARER in backgrounds and ExpertBackground.CLIENT not in backgrounds:
        return StakeholderType.CARER
    return StakeholderType.CLIENT


def candidate_users(table: Table) -> QuerySet[User]:
    """The accounts that may get a seat from the search: the council's members and the advisors of its
    municipality (the region's for the regional council), active today."""
    today = timezone.localdate()
    members = Membership.objects.filter(council_id=table.council_id).active(on=today).values("person_id")
    advisors = (
        RoleAssignment.objects.filter(_council_municipalities(table.council), role=Role.BELEIDSADVISEUR)
        .active(on=today)
        .values("person_id")
    )
    return User.objects.filter(Q(pk__in=members) | Q(pk__in=advisors), is_active=True)
