"""Reads about people and their roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .access import AnyUser, scope_for
from .models import ExpertProfile, Membership, NetworkOrganisation, RoleAssignment, User
from .rules import network_municipality_ids

if TYPE_CHECKING:
    # Types only: members sits below councils in the house.
    from councils.models import Council, Municipality, Theme


@dataclass(frozen=True)
class PublicMembers:
    """A council's seated members as the public pages show them: names only with consent."""

    named: list[Membership]
    others: int  # seated, but not named (no consent or no name)


def public_members(council: Council | None) -> PublicMembers:
    """Two queries: the named members (with person and delegating council) and the count of all."""
    if council is None:
        return PublicMembers(named=[], others=0)
    seated = Membership.objects.for_council(council).active()
    named = list(seated.publicly_named().order_by("role", "person__full_name"))
    return PublicMembers(named=named, others=seated.count() - len(named))


@dataclass(frozen=True)
class RoleRow:
    role: str
    scope: str
    since: object
    until: object
    work_url: str | None


def roles_overview(user: User) -> list[RoleRow]:
    """Every role the user holds today, with the council or municipality it applies to."""
    today = timezone.localdate()
    rows: list[RoleRow] = []
    memberships = (
        Membership.objects.filter(person=user)
        .active(on=today)
        .select_related("council", "delegated_from")
        .order_by("council__name")
    )
    for membership in memberships:
        scope = str(membership.council)
        if membership.delegated_from_id:
            scope = f"{scope} ({membership.delegated_from})"
        rows.append(
            RoleRow(
                role=membership.get_role_display(),
                scope=scope,
                since=membership.term_start,
                until=membership.term_end,
                work_url=membership.council.get_work_url(),
            )
        )
    assignments = (
        RoleAssignment.objects.filter(person=user)
        .active(on=today)
        .select_related("council", "municipality")
        .order_by("role")
    )
    rows.extend(
        RoleRow(
            role=assignment.get_role_display(),
            scope=assignment.scope_label,
            since=assignment.valid_from,
            until=assignment.valid_until,
            work_url=None,
        )
        for assignment in assignments
    )
    return rows


# --- The registries --------------------------------------------------------------------------------


class VisibleOrganisations:
    """The network organisations a user may read, as ``get_object_for_user`` asks for them: the whole
    region's network for whoever may see it (``members.view_network``), none for anyone else."""

    def __init__(self, queryset: QuerySet[NetworkOrganisation] | None = None) -> None:
        self.queryset = queryset if queryset is not None else NetworkOrganisation.objects.all()

    def for_user(self, user: AnyUser) -> QuerySet[NetworkOrganisation]:
        if not user.has_perm("members.view_network"):
            return self.queryset.none()
        return self.queryset


def organisations_for_list(user: AnyUser) -> QuerySet[NetworkOrganisation]:
    """Two queries whatever the page size: the rows with their municipality, then their themes."""
    return (
        VisibleOrganisations()
        .for_user(user)
        .select_related("municipality")
        .prefetch_related(Prefetch("themes", queryset=theme_model().objects.order_by("name")))
        .order_by("name", "pk")
    )


def experts_for_list(user: AnyUser) -> QuerySet[ExpertProfile]:
    """Two queries whatever the page size: the rows with council and municipality, then their themes."""
    return (
        ExpertProfile.objects.for_user(user)
        .select_related("council", "municipality")
        .prefetch_related(Prefetch("themes", queryset=theme_model().objects.order_by("name")))
        .order_by("name", "pk")
    )


def municipality_model() -> type[Municipality]:
    """councils.Municipality, reached without importing councils (members sits below it)."""
    return cast("type[Municipality]", NetworkOrganisation._meta.get_field("municipality").related_model)


def theme_model() -> type[Theme]:
    return cast("type[Theme]", NetworkOrganisation._meta.get_field("themes").related_model)


def council_model() -> type[Council]:
    return cast("type[Council]", ExpertProfile._meta.get_field("council").related_model)


def network_municipalities(user: AnyUser) -> QuerySet[Municipality]:
    """The municipalities the user may give an organisation (``rules.network_municipality_ids``)."""
    municipalities = municipality_model()._default_manager.order_by("name")
    reach = network_municipality_ids(user)
    return municipalities if reach is None else municipalities.filter(pk__in=reach)


def signup_municipalities() -> QuerySet[Municipality]:
    """The municipalities a resident can choose when joining the expert network: those with a council."""
    return municipality_model()._default_manager.filter(council__isnull=False).order_by("name")


def invite_councils(user: AnyUser) -> list[Council]:
    """The councils the user may invite former members for: the ones they sit on."""
    councils = council_model()._default_manager.filter(pk__in=scope_for(user).council_ids).order_by("kind", "name")
    return list(councils)
