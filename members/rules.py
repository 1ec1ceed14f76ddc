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
