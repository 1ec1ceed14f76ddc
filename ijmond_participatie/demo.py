"""Demo data for the IJmond. Every step looks rows up by a natural key, so seeding twice is a no-op.

Lives in the top package because it composes all apps; later issues add a function per app.
"""

from __future__ import annotations

from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from councils.models import Council, Law, Municipality, Neighbourhood, Region, Theme
from members.models import CouncilRole, Membership, NetworkOrganisation, Role, RoleAssignment, User
from members.services import beheerder_grant
from signals.models import Signal

from . import demo_signals

# Demo only: never used by production settings, and only set by this command.
DEMO_PASSWORD = "ijmond-demo-2026"

TERM_START = date(2024, 4, 1)
TERM_END = date(2028, 3, 31)
DECISION_DATE = date(2024, 3, 12)

MUNICIPALITIES = [
    {
        "name": "Beverwijk",
        "slug": "beverwijk",
        "cbs_code": "GM0375",
        "college_name": "College van burgemeester en wethouders van Beverwijk",
        "college_address": "Postbus 450\n1940 AL Beverwijk",
        "website": "https://www.beverwijk.nl",
        "introduction": (
            "Beverwijk is een stad met een levendig centrum, de Bazaar en het dorp Wijk aan Zee aan de kust."
        ),
        "neighbourhoods": [
            "Centrum",
            "Wijk aan Zee",
            "Meerestein",
            "Oosterwijk",
            "Warande",
            "Vondelkwartier",
            "Prinsenhof",
            "Zwaansmeer",
            "Broekpolder",
        ],
    },
    {
        "name": "Heemskerk",
        "slug": "heemskerk",
        "cbs_code": "GM0396",
        "college_name": "College van burgemeester en wethouders van Heemskerk",
        "college_address": "Postbus 1\n1960 AA Heemskerk",
        "website": "https://www.heemskerk.nl",
        "introduction": (
            "Heemskerk ligt tussen de duinen en de Broekpolder, met veel gezinnen en een groeiende groep ouderen."
        ),
        "neighbourhoods": [
            "Centrum",
            "Heemskerk-Noord",
            "Heemskerk-Zuid",
            "Oosterzij",
            "Broekpolder",
            "Assumburg",
            "Kerkbuurt",
        ],
    },
    {
        "name": "Velsen",
        "slug": "velsen",
        "cbs_code": "GM0453",
        "college_name": "College van burgemeester en wethouders van Velsen",
        "college_address": "Postbus 465\n1970 AL IJmuiden",
        "website": "https://www.velsen.nl",
        "introduction": "Velsen bestaat uit zeven kernen aan beide kanten van het Noordzeekanaal.",
        "neighbourhoods": [
            "IJmuiden",
            "Velsen-Noord",
            "Velsen-Zuid",
            "Driehuis",
            "Santpoort-Noord",
            "Santpoort-Zuid",
            "Velserbroek",
        ],
    },
]

THEMES = [
    ("Zorg en ondersteuning", "zorg-en-ondersteuning", Law.WMO),
    ("Jeugd", "jeugd", Law.JEUGDWET),
    ("Werk en inkomen", "werk-en-inkomen", Law.PARTICIPATIEWET),
    ("Eenzaamheid", "eenzaamheid", Law.WMO),
    ("Wonen", "wonen", Law.WMO),
    ("Beschermd wonen en maatschappelijke opvang", "beschermd-wonen", Law.WMO),
    ("Vervoer", "vervoer", Law.WMO),
    ("Armoede en schulden", "armoede-en-schulden", Law.PARTICIPATIEWET),
    ("Mantelzorg", "mantelzorg", Law.WMO),
    ("Veiligheid", "veiligheid", Law.OTHER),
    ("Openbare ruimte en voorzieningen", "openbare-ruimte", Law.OTHER),
    ("Onderwijs en jeugdhulp", "onderwijs-en-jeugdhulp", Law.JEUGDWET),
    ("Toegankelijkheid", "toegankelijkheid", Law.WMO),
]

# (email, full name, role spec). Role spec: ("seat", council slug, seat role[, delegated from])
# or ("role", role, scope kind, scope slug).
DEMO_ACCOUNTS = [
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


def seed() -> dict[str, int]:
    region = _seed_region()
    municipalities = _seed_municipalities(region)
    _seed_themes()
    councils = _seed_councils(region, municipalities)
    _seed_people(councils, municipalities)
    demo_signals.seed_network_organisations()
    demo_signals.seed_signals()
    return {
        "gemeenten": Municipality.objects.count(),
        "wijken": Neighbourhood.objects.count(),
        "thema's": Theme.objects.count(),
        "raden": Council.objects.count(),
        "personen": User.objects.count(),
        "lidmaatschappen": Membership.objects.count(),
        "rollen": RoleAssignment.objects.count(),
        "netwerkorganisaties": NetworkOrganisation.objects.count(),
        "signalen": Signal.objects.count(),
    }


def _seed_region() -> Region:
    region, _ = Region.objects.update_or_create(
        slug="ijmond",
        defaults={
            "name": "IJmond",
            "description": (
                "Beverwijk, Heemskerk en Velsen werken samen in het sociaal domein: "
                "jeugdhulp, beschermd wonen, doelgroepenvervoer en werk."
            ),
        },
    )
    return region


def _seed_municipalities(region: Region) -> dict[str, Municipality]:
    result = {}
    for spec in MUNICIPALITIES:
        fields = {k: v for k, v in spec.items() if k not in {"slug", "neighbourhoods"}}
        municipality, _ = Municipality.objects.update_or_create(
            slug=spec["slug"], defaults={**fields, "region": region}
        )
        for name in spec["neighbourhoods"]:
            Neighbourhood.objects.get_or_create(municipality=municipality, name=name)
        result[spec["slug"]] = municipality
    return result


def _seed_themes() -> None:
    for name, slug, law in THEMES:
        Theme.objects.update_or_create(slug=slug, defaults={"name": name, "law": law})


def _seed_councils(region: Region, municipalities: dict[str, Municipality]) -> dict[str, Council]:
    specs = [
        ("participatieraad-beverwijk", "Participatieraad Beverwijk", "BEV", municipalities["beverwijk"]),
        ("participatieraad-heemskerk", "Participatieraad Heemskerk", "HEM", municipalities["heemskerk"]),
        ("participatieraad-velsen", "Participatieraad Velsen", "VEL", municipalities["velsen"]),
        ("regionale-participatieraad-ijmond", "Regionale Participatieraad IJmond", "IJM", None),
    ]
    councils = {}
    for slug, name, code, municipality in specs:
        council, _ = Council.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "code": code,
                "kind": Council.Kind.LOCAL if municipality else Council.Kind.REGIONAL,
                "region": region,
                "municipality": municipality,
                "email": f"{slug}@{DEMO_DOMAIN}",
                "description": (
                    "De raad haalt signalen op, houdt met de gemeente de participatieagenda bij en "
                    "zet tijdelijke participatietafels op."
                    if municipality
                    else "De regionale raad praat mee over vragen die in de hele IJmond spelen."
                ),
            },
        )
        councils[slug] = council
    return councils


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


def _seed_people(councils: dict[str, Council], municipalities: dict[str, Municipality]) -> None:
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
