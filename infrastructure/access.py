"""The access helper every non-public view fetches its object through.

Outsiders get 404 (the object's existence is not revealed); those who may see the object but lack
the permission asked for get 403.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=Model)


def get_object_for_user(user, queryset: QuerySet[M], *, perm: str | None = None, **lookup: Any) -> M:
    """Fetch through ``queryset.for_user(user)``; 404 when not visible, 403 without ``perm``."""
    obj = get_object_or_404(queryset.for_user(user), **lookup)
    if perm is not None and not user.has_perm(perm, obj):
        raise PermissionDenied
    return obj


def is_real_superuser(user) -> bool:
    """A superuser account that is active. Staff with every model permission (the beheerder) is not one:
    only a real superuser may grant rights or see residents' contact details in /beheer/."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))
