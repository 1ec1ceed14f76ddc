"""The one answer to "for which councils and municipalities does this user act, in which role".

Every permission predicate (``*/rules.py``) and every scoped queryset (``for_user``) is built on
``scope_for(user)``. It is computed once per user object (so once per request) with two queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone

from .models import CouncilRole, Membership, Role, RoleAssignment, User

# Whoever a request carries: a person with an account or an anonymous visitor.
AnyUser: TypeAlias = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind ``login_required``, for the type checker: its user is a person."""

    user: User


# Roles that must use MFA in production and get the short idle timeout: everyone who sees residents'
# personal data or acts for a council or municipality. Ordinary council members are included on
# purpose: they read signals' contact details, confirmed under-16 contacts among them.
STAFF_ROLES = frozenset(
    {
        Role.BEHEERDER,
        Role.SELECTIECOMMISSIE,
        CouncilRole.RAADSLID,
        Role.AANJAGER,
        Role.BELEIDSADVISEUR,
        Role.ONDERSTEUNER,
        CouncilRole.VOORZITTER,
        CouncilRole.SECRETARIS,
    }
)
# Roles that read the non-public work of every council in the region.
REGION_READER_ROLES = frozenset({Role.AANJAGER, Role.ONDERSTEUNER, Role.BEHEERDER})


@dataclass(frozen=True)
class UserScope:
    authenticated: bool = False
    # council id -> set of seat roles (raadslid, voorzitter, secretaris) held today
    seats: dict[int, frozenset[str]] = field(default_factory=dict)
    # council id -> its municipality id (None for the regional council), for the seats above
    seat_municipalities: dict[int, int | None] = field(default_factory=dict)
    advisor_municipality_ids: frozenset[int] = frozenset()
    expert_council_ids: frozenset[int] = frozenset()
    region_roles: frozenset[str] = frozenset()

    @property
    def council_ids(self) -> frozenset[int]:
        """Councils the user holds a seat on."""
        return frozenset(self.seats)

    @property
    def board_council_ids(self) -> frozenset[int]:
        """Councils the user chairs or is secretary of."""
        board = {CouncilRole.VOORZITTER, CouncilRole.SECRETARIS}
        return frozenset(cid for cid, roles in self.seats.items() if roles & board)

    @property
    def roles(self) -> frozenset[str]:
        names: set[str] = set(self.region_roles)
        for roles in self.seats.values():
            names |= roles
        if self.advisor_municipality_ids:
            names.add(Role.BELEIDSADVISEUR)
        if self.expert_council_ids:
            names.add(Role.ERVARINGSDESKUNDIGE)
        return frozenset(names)

    @property
    def reads_whole_region(self) -> bool:
        return bool(self.region_roles & REGION_READER_ROLES)

    @property
    def has_staff_role(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def sits_on(self, council_id: int | None) -> bool:
        return council_id in self.seats

    def chairs(self, council_id: int | None) -> bool:
        return council_id in self.board_council_ids

    def advises_for(self, municipality_id: int | None) -> bool:
        return municipality_id in self.advisor_municipality_ids

    @property
    def seated_municipality_ids(self) -> frozenset[int]:
        """Municipalities whose local council the user sits on."""
        return frozenset(m for m in self.seat_municipalities.values() if m is not None)

    @property
    def sits_on_regional_council(self) -> bool:
        return any(m is None for m in self.seat_municipalities.values())


ANONYMOUS_SCOPE = UserScope()
# The attribute of the user object that keeps its scope for the rest of the request.
_SCOPE_CACHE = "_ijmond_scope"


def scope_for(user: AnyUser | None) -> UserScope:
    """The user's roles today, cached on the user object."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS_SCOPE
    cached = getattr(user, _SCOPE_CACHE, None)
    if isinstance(cached, UserScope):
        return cached
    today = timezone.localdate()
    seats: dict[int, set[str]] = {}
    seat_municipalities: dict[int, int | None] = {}
    memberships = Membership.objects.filter(person=user).active(on=today)
    for council_id, role, municipality_id in memberships.values_list("council_id", "role", "council__municipality_id"):
        seats.setdefault(council_id, set()).add(role)
        seat_municipalities[council_id] = municipality_id
    advisor, expert, region = set(), set(), set()
    assignments = RoleAssignment.objects.filter(person=user).active(on=today)
    for role, council_id, municipality_id in assignments.values_list("role", "council_id", "municipality_id"):
        if role == Role.BELEIDSADVISEUR and municipality_id:
            advisor.add(municipality_id)
        elif role == Role.ERVARINGSDESKUNDIGE and council_id:
            expert.add(council_id)
        elif not council_id and not municipality_id:
            region.add(role)
    if user.is_superuser:
        # The technical superuser (createsuperuser) counts as beheerder for reading.
        region.add(Role.BEHEERDER)
    scope = UserScope(
        authenticated=True,
        seats={cid: frozenset(roles) for cid, roles in seats.items()},
        seat_municipalities=seat_municipalities,
        advisor_municipality_ids=frozenset(advisor),
        expert_council_ids=frozenset(expert),
        region_roles=frozenset(region),
    )
    setattr(user, _SCOPE_CACHE, scope)
    return scope
