"""Permission predicates on roles (django-rules); each app's rules.py combines them into permissions."""

import rules

from .access import scope_for
from .models import Role


@rules.predicate
def reads_whole_region(user) -> bool:
    return scope_for(user).reads_whole_region


@rules.predicate
def is_aanjager(user) -> bool:
    return scope_for(user).has_role(Role.AANJAGER)


@rules.predicate
def is_beheerder(user) -> bool:
    return scope_for(user).has_role(Role.BEHEERDER)


def _council_id(obj) -> int | None:
    """The council an object belongs to: the council itself, or its ``council_id``."""
    if obj is None:
        return None
    if obj.__class__.__name__ == "Council":
        return obj.pk
    return getattr(obj, "council_id", None)


def _municipality_ids(obj) -> list[int]:
    if obj is None:
        return []
    if obj.__class__.__name__ == "Council":
        return obj.municipality_ids()
    municipality_id = getattr(obj, "municipality_id", None)
    if municipality_id:
        return [municipality_id]
    council = getattr(obj, "council", None)
    return council.municipality_ids() if council is not None else []


@rules.predicate
def sits_on_council(user, obj) -> bool:
    return scope_for(user).sits_on(_council_id(obj))


@rules.predicate
def chairs_council(user, obj) -> bool:
    return scope_for(user).chairs(_council_id(obj))


@rules.predicate
def advises_for_municipality(user, obj) -> bool:
    scope = scope_for(user)
    ids = _municipality_ids(obj)
    # A policy advisor of one municipality does not act for the regional council (it spans three).
    return len(ids) == 1 and scope.advises_for(ids[0])


# --- The registries: network organisations and the expert network ---------------------------------


@rules.predicate
def sits_on_any_council(user) -> bool:
    return bool(scope_for(user).council_ids)


@rules.predicate
def is_ondersteuner(user) -> bool:
    return scope_for(user).has_role(Role.ONDERSTEUNER)


def network_municipality_ids(user) -> frozenset[int] | None:
    """The municipalities whose network organisations the user keeps: those of the councils they sit on;
    None (every one) for a member of the regional council and for the support team."""
    scope = scope_for(user)
    if scope.sits_on_regional_council or scope.has_role(Role.ONDERSTEUNER):
        return None
    return scope.seated_municipality_ids


@rules.predicate
def keeps_organisation(user, organisation) -> bool:
    """A region-wide organisation is everyone's who keeps the network; a local one is for the councils of
    its municipality (and the region's)."""
    if organisation is None:
        return False
    reach = network_municipality_ids(user)
    return reach is None or organisation.municipality_id is None or organisation.municipality_id in reach


# The network organisations of the whole region are read by council members, the support team and the
# regional readers; council members and the support team keep them up to date.
rules.add_perm("members.view_network", sits_on_any_council | is_ondersteuner | reads_whole_region)
rules.add_perm("members.manage_network", sits_on_any_council | is_ondersteuner)
rules.add_perm("members.change_network_organisation", (sits_on_any_council | is_ondersteuner) & keeps_organisation)

# The expert network holds residents' contact details: the members of the council whose network it is
# (ExpertProfile.objects.for_user), and the regional readers, who only read. A policy advisor does not see it.
rules.add_perm("members.view_experts", sits_on_any_council | reads_whole_region)
rules.add_perm("members.view_expert", sits_on_council | reads_whole_region)
rules.add_perm("members.change_expert", sits_on_council)
rules.add_perm("members.invite_experts", sits_on_any_council)
rules.add_perm("members.invite_experts_for", sits_on_council)
