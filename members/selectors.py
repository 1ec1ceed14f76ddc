"""Reads about people and their roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from .models import Membership, RoleAssignment, User

if TYPE_CHECKING:
    # Types only: members sits below councils in the house.
    from councils.models import Council


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
