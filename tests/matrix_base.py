"""The permission matrix's building blocks, shared by ``test_permission_matrix`` and the row files of
later features (``tests/matrix_rows_*.py``), so that each feature adds its rows in its own file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from .conftest import PERSONAS, World

ROLES = [*PERSONAS, "anonymous"]
OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405


def expect(*, anonymous: int, default: int, **overrides: int) -> dict[str, int]:
    statuses = dict.fromkeys(PERSONAS, default)
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown roles in matrix: {unknown}"
    statuses.update(overrides)
    statuses["anonymous"] = anonymous
    return statuses


PUBLIC = expect(anonymous=OK, default=OK)
LOGGED_IN_ONLY = expect(anonymous=REDIRECT, default=OK)
ANONYMOUS_ONLY = expect(anonymous=OK, default=REDIRECT)
LOGGED_IN_REDIRECT = expect(anonymous=REDIRECT, default=REDIRECT)
LOGGED_IN_NOT_FOUND = expect(anonymous=REDIRECT, default=NOT_FOUND)
# The admin: only the beheerder (staff) gets in; everyone else is sent to the admin login.
ADMIN_ONLY = expect(anonymous=REDIRECT, default=REDIRECT, beheer=OK)
# A council's non-public page: its members, the municipality's advisors and the regional roles.
VELSEN_COUNCIL_WORK = expect(
    anonymous=REDIRECT,
    default=NOT_FOUND,
    lid_velsen=OK,
    voorzitter_velsen=OK,
    beleid_velsen=OK,
    aanjager=OK,
    ondersteuning=OK,
    beheer=OK,
)
REGIONAL_COUNCIL_WORK = expect(
    anonymous=REDIRECT, default=NOT_FOUND, lid_regio=OK, aanjager=OK, ondersteuning=OK, beheer=OK
)


@dataclass
class Row:
    """One URL: how to build it from the test world, and the expected status per role.

    ``goes_to`` names where a REDIRECT leads, per role, or for every signed-in role ("signed_in").
    """

    url: Callable[[World], str]
    statuses: dict[str, int]
    method: str = "get"
    data: dict = field(default_factory=dict)
    goes_to: dict[str, Callable[[World], str]] = field(default_factory=dict)


def url(name: str, **kwargs) -> Callable[[World], str]:
    return lambda world: reverse(name, kwargs=kwargs or None)


def with_next(name: str, next_name: str) -> Callable[[World], str]:
    return lambda world: f"{reverse(name)}?next={reverse(next_name)}"


def _cached(world: World, key: str, build: Callable[[], object]):
    cache = world.__dict__.setdefault("_agenda", {})
    if key not in cache:
        cache[key] = build()
    return cache[key]
