"""Writes on people and roles."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Role, RoleAssignment, User

BEHEERDERS_GROUP = "Beheerders"


@transaction.atomic
def beheerder_grant(*, user: User) -> User:
    """Make a person functional administrator: staff access to /beheer/ with every model permission.

    Deliberately not a superuser: a superuser passes every permission check, also the scoped ones of
    the work area (triage, advice), which a functional administrator must not do.
    """
    group, _ = Group.objects.get_or_create(name=BEHEERDERS_GROUP)
    group.permissions.set(Permission.objects.all())
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)
    RoleAssignment.objects.get_or_create(person=user, role=Role.BEHEERDER, council=None, municipality=None)
    return user
