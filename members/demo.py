"""Demo data of this app: the demo accounts with their seats and roles, the other council members, and
the network organisations. Members sits below councils in the house, so the councils and municipalities
are handed in by ``seed_demo`` rather than imported. Looked up by natural keys: seeding twice is a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from .models import CouncilRole, Membership, NetworkOrganisation, Role, RoleAssignment, User
from .services import beheerder_grant

if TYPE_CHECKING:
    from councils.models import Council, Municipality

# Demo only: never used by production settings, and only set by this command.
DEMO_PASSWORD = "ijmond-demo-2026"

TERM_START = date(2024, 4, 1)
TERM_END = date(2028, 3, 31)
DECISION_DATE = date(2024, 3, 12)

# (email, full name, role spec). Role spec: ("seat", council slug, seat role[, delegated from])
# or ("role", role, scope kind, scope slug).
DEMO_ACCOUNTS: list[tuple[str, str, list[tuple[Any, ...]]]] = [
    ("aanjager@example.org", "Marieke de Aanjager", [("role", Role.AANJAGER, None, None)]),
    ("lid.beverwijk@example.org", "Kees Bakker", [("seat", "participatieraad-beverwijk", CouncilRole.RAADSLID)]),
    ("lid.heemskerk@example.org", "Fatima El Amrani", [("seat", "participatieraad-heemskerk", CouncilRole.RAADSLID)]),
    ("lid.velsen@example.org", "Jeroen Visser", [("seat", "participatieraad-velsen", CouncilRole.RAADSLID)]),
    ("voorzitter.velsen@example.org", "Anneke Smit", [("seat", "participatieraad-velsen", CouncilRole.VOORZITTER)]),
    (
        "lid.regio@example.org",
        "Sandra Mulder",
        [
            ("seat", "participatieraad-heemskerk", CouncilRole.RAADSLID),
            ("seat", "regionale-participatieraad-ijmond", CouncilRole.RAADSLID, "participatieraad-heemskerk"),
        ],
    ),
    ("beleid.velsen@example.org", "Thomas de Vries", [("role", Role.BELEIDSADVISEUR, "municipality", "velsen")]),
    ("beleid.beverwijk@example.org", "Priya Ramdin", [("role", Role.BELEIDSADVISEUR, "municipality", "beverwijk")]),
    ("ondersteuning@example.org", "Lotte Jansen", [("role", Role.ONDERSTEUNER, None, None)]),
    ("commissie@example.org", "Henk Vermeulen", [("role", Role.SELECTIECOMMISSIE, None, None)]),
    ("ervaring@example.org", "Ria Koster", [("role", Role.ERVARINGSDESKUNDIGE, "council", "participatieraad-velsen")]),
    ("inwoner@example.org", "Youssef Boukhari", []),
    ("beheer@example.org", "Bram de Beheerder", [("role", Role.BEHEERDER, None, None)]),
]

# Further members, so that every local council has nine seats.
OTHER_MEMBERS = {
    "participatieraad-beverwijk": [
        "Ineke Vos",
        "Mohamed Ouali",
        "Gerda Kramer",
        "Pieter de Graaf",
        "Esra Yilmaz",
        "Wim Schouten",
        "Naomi Hendriks",
        "Rob Verhoeven",
    ],
    "participatieraad-heemskerk": [
        "Joke van der Meer",
        "Arjen Bos",
        "Linda Groen",
        "Hans Brouwer",
        "Sevda Kaya",
        "Margreet Dekker",
        "Tim Post",
    ],
    "participatieraad-velsen": [
        "Corrie Dijkstra",
        "Ahmed Benali",
        "Yvonne Peters",
        "Martin Kok",
        "Eva Schipper",
        "Dirk Zwart",
        "Saskia Blom",
    ],
}

# The regional council: three delegates of each local council.
REGIONAL_DELEGATES = {
    "participatieraad-beverwijk": ["Ineke Vos", "Mohamed Ouali", "Gerda Kramer"],
    "participatieraad-heemskerk": ["Joke van der Meer", "Arjen Bos"],  # plus lid.regio@example.org
    "participatieraad-velsen": ["Corrie Dijkstra", "Ahmed Benali", "Yvonne Peters"],
}
REGIONAL_CHAIR = "Ineke Vos"


# Demo data uses only domains reserved for examples (RFC 2606). Older seeds used this domain; a new run
# renames those people and councils in place (the name part is the stable key), so nobody is doubled.
LEGACY_DEMO_DOMAIN = "demo.ijmondparticipatie.nl"
DEMO_DOMAIN = "example.org"


def _local_part(full_name: str) -> str:
    return full_name.lower().replace(" ", ".").replace("'", "")


def _email_for(full_name: str) -> str:
    return f"{_local_part(full_name)}@{DEMO_DOMAIN}"


NETWORK_ORGANISATIONS = [
    ("Sportclub Stormvogels", "sportclub", "velsen"),
    ("Cliëntenraad Zorgbalans", "clientenraad", None),
    ("Mantelzorgplatform IJmond", "mantelzorg", None),
    ("Ichthus Lyceum Driehuis", "school", "velsen"),
    ("Stichting Welzijn Velsen", "welzijn", "velsen"),
    ("Vrijwilligerscentrale Beverwijk", "vrijwilligers", "beverwijk"),
    ("Kennemer College", "school", "beverwijk"),
    ("Welzijn Heemskerk", "welzijn", "heemskerk"),
    ("RKVV DEM", "sportclub", "beverwijk"),
    ("Jongerenraad Heemskerk", "vrijwilligers", "heemskerk"),
]


def seed(*, councils: Mapping[str, Council], municipalities: Mapping[str, Municipality]) -> None:
    _seed_people(councils, municipalities)
    _seed_network_organisations(municipalities)


def counts() -> dict[str, int]:
    return {
        "personen": User.objects.count(),
        "lidmaatschappen": Membership.objects.count(),
        "rollen": RoleAssignment.objects.count(),
        "netwerkorganisaties": NetworkOrganisation.objects.count(),
    }


def _user(email: str, full_name: str, *, legacy_email: str = "") -> User:
    user = User.objects.filter(email=email).first()
    if user is None and legacy_email:
        user = User.objects.filter(email=legacy_email).first()
        if user is not None:
            user.email = email
            user.save(update_fields=["email"])
            EmailAddress.objects.filter(user=user, email=legacy_email).update(email=email)
    if user is None:
        user = User(email=email, full_name=full_name, password=make_password(DEMO_PASSWORD))
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _seat(person: User, council: Council, role: str, delegated_from: Council | None = None) -> None:
    membership, _ = Membership.objects.get_or_create(
        person=person,
        council=council,
        term_start=TERM_START,
        defaults={
            "role": role,
            "term_end": TERM_END,
            "appointment_decision_date": DECISION_DATE,
            "delegated_from": delegated_from,
            "listed_publicly": True,
        },
    )
    # The demo members agreed to be named on the public pages (a seat from an older seed did not ask).
    if not membership.listed_publicly:
        membership.listed_publicly = True
        membership.save(update_fields=["listed_publicly"])


def _seed_people(councils: Mapping[str, Council], municipalities: Mapping[str, Municipality]) -> None:
    for email, full_name, specs in DEMO_ACCOUNTS:
        user = _user(email, full_name)
        for spec in specs:
            if spec[0] == "seat":
                delegated = councils[spec[3]] if len(spec) > 3 else None
                _seat(user, councils[spec[1]], spec[2], delegated)
            elif spec[1] == Role.BEHEERDER:
                beheerder_grant(user=user)
            else:
                _, role, scope, slug = spec
                RoleAssignment.objects.get_or_create(
                    person=user,
                    role=role,
                    council=councils[slug] if scope == "council" else None,
                    municipality=municipalities[slug] if scope == "municipality" else None,
                    defaults={"valid_from": TERM_START},
                )
    people = {}
    for council_slug, names in OTHER_MEMBERS.items():
        for index, name in enumerate(names):
            person = _user(_email_for(name), name, legacy_email=f"{_local_part(name)}@{LEGACY_DEMO_DOMAIN}")
            people[name] = person
            # Beverwijk and Heemskerk have no demo chair account; their first member chairs.
            role = (
                CouncilRole.VOORZITTER
                if index == 0 and council_slug != "participatieraad-velsen"
                else (CouncilRole.SECRETARIS if index == 1 else CouncilRole.RAADSLID)
            )
            _seat(person, councils[council_slug], role)
    regional = councils["regionale-participatieraad-ijmond"]
    for council_slug, names in REGIONAL_DELEGATES.items():
        for name in names:
            role = CouncilRole.VOORZITTER if name == REGIONAL_CHAIR else CouncilRole.RAADSLID
            _seat(people[name], regional, role, councils[council_slug])


def _seed_network_organisations(municipalities: Mapping[str, Municipality]) -> None:
    for name, kind, slug in NETWORK_ORGANISATIONS:
        NetworkOrganisation.objects.get_or_create(
            name=name,
            municipality=municipalities.get(slug) if slug else None,
            defaults={"kind": kind, "email": f"info@{name.lower().replace(' ', '')[:20]}.example.org"},
        )


# The benchmark's volume (``seed_demo --scale large``): residents with an account.
LARGE_PEOPLE_COUNT = 5_000
FIRST_NAMES = ["Anna", "Bram", "Daan", "Emma", "Fleur", "Ilse", "Jan", "Lotte", "Mehmet", "Noor", "Sem", "Yara"]
LAST_NAMES = ["de Jong", "Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Smit", "Yilmaz", "El Idrissi", "Meijer"]


def seed_large(*, people: int = LARGE_PEOPLE_COUNT) -> dict[str, int]:
    """Residents ``bewoner.00001@example.org`` … up to ``people``, with a verified address and the demo
    password; returns how many were added. In bulk (one password hash for all); a second run adds none."""
    emails = {f"bewoner.{n:05d}@{DEMO_DOMAIN}": n for n in range(1, people + 1)}
    existing = set(User.objects.filter(email__in=list(emails)).values_list("email", flat=True))
    password = make_password(DEMO_PASSWORD)
    new = [
        User(
            email=email,
            full_name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n // len(FIRST_NAMES) % len(LAST_NAMES)]}",
            password=password,
        )
        for email, n in emails.items()
        if email not in existing
    ]
    created = User.objects.bulk_create(new, batch_size=1_000)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in created], batch_size=1_000
    )
    return {"personen": len(created)}
