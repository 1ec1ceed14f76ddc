"""The access helper every non-public view fetches its object through.

Outsiders get 404 (the object's existence is not revealed); those who may see the object but lack
the permission asked for get 403.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=Model)
M_co = TypeVar("M_co", bound=Model, covariant=True)


class PermissionHolder(Protocol):
    """Whoever a request carries: a person with an account or an anonymous visitor."""

    def has_perm(self, perm: str, obj: Model | None = ...) -> bool: ...


class ScopedQuerySet(Protocol[M_co]):
    """A queryset that narrows itself to what one user may see (``Council.objects.for_user`` …).

    ``user`` is Any here: this layer does not know the domain's user model, and each app's ``for_user``
    types it as ``members.access.AnyUser``.
    """

    def for_user(self, user: Any) -> QuerySet[M_co]: ...


def get_object_for_user(
    user: PermissionHolder, queryset: ScopedQuerySet[M], *, perm: str | None = None, **lookup: Any
) -> M:
    """Fetch through ``queryset.for_user(user)``; 404 when not visible, 403 without ``perm``."""
    obj = get_object_or_404(queryset.for_user(user), **lookup)
    if perm is not None and not user.has_perm(perm, obj):
        raise PermissionDenied
    return obj


def is_real_superuser(user: object) -> bool:
    """A superuser account that is active. Staff with every model permission (the beheerder) is not one:
    only a real superuser may grant rights or see residents' contact details in /beheer/."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))
