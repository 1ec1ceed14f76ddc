"""Shared fixtures: the IJmond world built with factories, and one persona per demo role."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import translation

from councils.models import Council, Municipality
from infrastructure import breaker
from members.models import CouncilRole, Role, User
from members.services import beheerder_grant

from . import factories as f

# The personas mirror DESIGN.md's demo accounts (same e-mail addresses, test password).
PERSONAS = [
    "aanjager",
    "lid_beverwijk",
    "lid_heemskerk",
    "lid_velsen",
    "voorzitter_velsen",
    "lid_regio",
    "beleid_velsen",
    "beleid_beverwijk",
    "ondersteuning",
    "commissie",
    "ervaring",
    "inwoner",
    "beheer",
]


@dataclass
class World:
    velsen: Municipality
    beverwijk: Municipality
    heemskerk: Municipality
    velsen_council: Council
    beverwijk_council: Council
    heemskerk_council: Council
    regional_council: Council
    people: dict[str, User]

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else self.people[name]


@pytest.fixture(autouse=True)
def _dutch_by_default():
    # LocaleMiddleware leaves the last request's language active in the thread; start each test in Dutch.
    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _close_redis_breakers():
    # The Redis breakers are per process; an outage test must not leave the next test skipping Redis.
    yield
    breaker.reset_all()


@pytest.fixture(autouse=True)
def _outbox_backend(settings):
    # pytest-django swaps EMAIL_BACKEND for locmem; put the outbox back in front so that tests see
    # the same path as production (outbox row → delivery backend = locmem).
    settings.EMAIL_BACKEND = "infrastructure.mail.OutboxBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def build_world() -> World:
    region = f.RegionFactory()
    municipalities = {
        slug: f.MunicipalityFactory(region=region, name=name, slug=slug, cbs_code=code)
        for slug, name, code in [
            ("beverwijk", "Beverwijk", "GM0375"),
            ("heemskerk", "Heemskerk", "GM0396"),
            ("velsen", "Velsen", "GM0453"),
        ]
    }
    councils = {
        slug: f.CouncilFactory(municipality=municipalities[slug], code=code)
        for slug, code in [("beverwijk", "BEV"), ("heemskerk", "HEM"), ("velsen", "VEL")]
    }
    regional = f.CouncilFactory(
        municipality=None, region=region, name="Regionale Participatieraad IJmond", slug="regionale-ijmond", code="IJM"
    )

    def person(email: str, **kwargs) -> User:
        return f.UserFactory(email=email, **kwargs)

    people = {
        "aanjager": person("aanjager@example.org"),
        "lid_beverwijk": person("lid.beverwijk@example.org"),
        "lid_heemskerk": person("lid.heemskerk@example.org"),
        "lid_velsen": person("lid.velsen@example.org"),
        "voorzitter_velsen": person("voorzitter.velsen@example.org"),
        "lid_regio": person("lid.regio@example.org"),
        "beleid_velsen": person("beleid.velsen@example.org"),
        "beleid_beverwijk": person("beleid.beverwijk@example.org"),
        "ondersteuning": person("ondersteuning@example.org"),
        "commissie": person("commissie@example.org"),
        "ervaring": person("ervaring@example.org"),
        "inwoner": person("inwoner@example.org"),
        "beheer": person("beheer@example.org"),
    }
    f.RoleAssignmentFactory(person=people["aanjager"], role=Role.AANJAGER)
    f.MembershipFactory(person=people["lid_beverwijk"], council=councils["beverwijk"])
    f.MembershipFactory(person=people["lid_heemskerk"], council=councils["heemskerk"])
    f.MembershipFactory(person=people["lid_velsen"], council=councils["velsen"])
    f.MembershipFactory(person=people["voorzitter_velsen"], council=councils["velsen"], role=CouncilRole.VOORZITTER)
    f.MembershipFactory(person=people["lid_regio"], council=councils["heemskerk"])
    f.MembershipFactory(person=people["lid_regio"], council=regional, delegated_from=councils["heemskerk"])
    f.RoleAssignmentFactory(
        person=people["beleid_velsen"], role=Role.BELEIDSADVISEUR, municipality=municipalities["velsen"]
    )
    f.RoleAssignmentFactory(
        person=people["beleid_beverwijk"], role=Role.BELEIDSADVISEUR, municipality=municipalities["beverwijk"]
    )
    f.RoleAssignmentFactory(person=people["ondersteuning"], role=Role.ONDERSTEUNER)
    f.RoleAssignmentFactory(person=people["commissie"], role=Role.SELECTIECOMMISSIE)
    f.RoleAssignmentFactory(person=people["ervaring"], role=Role.ERVARINGSDESKUNDIGE, council=councils["velsen"])
    beheerder_grant(user=people["beheer"])
    return World(
        velsen=municipalities["velsen"],
        beverwijk=municipalities["beverwijk"],
        heemskerk=municipalities["heemskerk"],
        velsen_council=councils["velsen"],
        beverwijk_council=councils["beverwijk"],
        heemskerk_council=councils["heemskerk"],
        regional_council=regional,
        people=people,
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def velsen_member(world) -> User:
    return world.people["lid_velsen"]


@pytest.fixture
def beverwijk_member(world) -> User:
    return world.people["lid_beverwijk"]


@pytest.fixture
def velsen_advisor(world) -> User:
    return world.people["beleid_velsen"]


@pytest.fixture
def aanjager(world) -> User:
    return world.people["aanjager"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None
