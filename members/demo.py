"""Demo data of this app: the demo accounts with their seats and roles, the other council members, and
the network organisations. Members sits below councils in the house, so the councils and municipalities
are handed in by ``seed_demo`` rather than imported. Looked up by natural keys: seeding twice is a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from .models import (
    CouncilRole,
    ExperienceDomain,
    ExpertBackground,
    ExpertProfile,
    ExpertStatus,
    Membership,
    NetworkOrganisation,
    Role,
    RoleAssignment,
    User,
)
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
    # Added with the expert network (issue 10): the kinds of organisations the IJmond has, invented names.
    ("Belangenvereniging Samen Toegankelijk IJmond", "belangenbehartiging", None),
    ("Stichting Ouders van Jeugdhulp Kennemerland", "belangenbehartiging", None),
    ("Belangengroep Minima Velsen", "belangenbehartiging", "velsen"),
    ("Platform Meedoen Beverwijk", "platform", "beverwijk"),
    ("Platform Chronisch Zieken Heemskerk", "platform", "heemskerk"),
    ("Seniorenplatform Velsen", "platform", "velsen"),
    ("Sociaal Wijkteam IJmuiden-Noord", "wijkteam", "velsen"),
    ("Sociaal Wijkteam Velserbroek", "wijkteam", "velsen"),
    ("Wijkteam Beverwijk-Oost", "wijkteam", "beverwijk"),
    ("Wijkteam Heemskerk-Zuid", "wijkteam", "heemskerk"),
    ("Cliëntenraad Zorgcentrum De Duinrand", "clientenraad", "heemskerk"),
    ("Cliëntenraad Beschermd Wonen De Kustlijn", "clientenraad", None),
    ("Cliëntenraad Werkbedrijf IJmond", "clientenraad", None),
    ("Vrijwilligerspunt Velsen", "vrijwilligers", "velsen"),
    ("Buurthulp Santpoort", "vrijwilligers", "velsen"),
    ("Welzijnshuis De Zeemeeuw", "welzijn", "beverwijk"),
    ("Mantelzorgcafé Heemskerk", "mantelzorg", "heemskerk"),
    ("Steunpunt Jonge Mantelzorgers IJmond", "mantelzorg", None),
    ("Praktijkschool De Golfbreker", "school", "beverwijk"),
    ("Basisschool De Vuurtoren", "school", "velsen"),
    ("Zwemvereniging De Dolfijn", "sportclub", "heemskerk"),
    ("Aangepast Sporten IJmond", "sportclub", None),
]

# The themes (councils' slugs) each organisation works on, where it is plain.
NETWORK_ORGANISATION_THEMES = {
    "Belangenvereniging Samen Toegankelijk IJmond": ["toegankelijkheid", "vervoer"],
    "Stichting Ouders van Jeugdhulp Kennemerland": ["jeugd", "onderwijs-en-jeugdhulp"],
    "Belangengroep Minima Velsen": ["armoede-en-schulden", "werk-en-inkomen"],
    "Platform Meedoen Beverwijk": ["zorg-en-ondersteuning", "toegankelijkheid"],
    "Platform Chronisch Zieken Heemskerk": ["zorg-en-ondersteuning"],
    "Seniorenplatform Velsen": ["eenzaamheid", "wonen"],
    "Sociaal Wijkteam IJmuiden-Noord": ["zorg-en-ondersteuning", "schulden"],
    "Sociaal Wijkteam Velserbroek": ["zorg-en-ondersteuning", "jeugd"],
    "Wijkteam Beverwijk-Oost": ["zorg-en-ondersteuning", "eenzaamheid"],
    "Wijkteam Heemskerk-Zuid": ["zorg-en-ondersteuning"],
    "Cliëntenraad Zorgcentrum De Duinrand": ["zorg-en-ondersteuning"],
    "Cliëntenraad Beschermd Wonen De Kustlijn": ["beschermd-wonen"],
    "Cliëntenraad Werkbedrijf IJmond": ["werk-en-inkomen"],
    "Mantelzorgcafé Heemskerk": ["mantelzorg"],
    "Steunpunt Jonge Mantelzorgers IJmond": ["mantelzorg", "jeugd"],
    "Aangepast Sporten IJmond": ["toegankelijkheid"],
}

# The expert network (ervaringsdeskundigen): about forty people across the four councils. Each entry:
# (council slug, name, municipality slug, domains, backgrounds, theme slugs, availability, accessibility
# needs, status). Names are invented; addresses use example.org. The demo account ervaring@example.org is
# one of them (the first of Velsen): one person, one record.
V, B, H, R = (
    "participatieraad-velsen",
    "participatieraad-beverwijk",
    "participatieraad-heemskerk",
    "regionale-participatieraad-ijmond",
)
WMO, JEUGD, PW, BIJSTAND = (
    ExperienceDomain.WMO,
    ExperienceDomain.YOUTH_ACT,
    ExperienceDomain.PARTICIPATION_ACT,
    ExperienceDomain.SOCIAL_ASSISTANCE,
)
CLIENT, CARER, OLD_WMO, OLD_CC = (
    ExpertBackground.CLIENT,
    ExpertBackground.CARER,
    ExpertBackground.FORMER_WMO_COUNCIL,
    ExpertBackground.FORMER_CLIENT_COUNCIL,
)
ACTIVE, SIGNED_UP = ExpertStatus.ACTIVE, ExpertStatus.SIGNED_UP
WEEKDAYS, EVENINGS, ANY_TIME = "doordeweeks overdag", "'s avonds", "in overleg, vaak ook overdag"
EXPERT_ACCOUNT = "ervaring@example.org"

EXPERTS: list[tuple[str, str, str, list[str], list[str], list[str], str, str, str]] = [
    # (Ria Koster, the demo account ervaring@example.org, is added first; see _seed_experts.)
    (
        V,
        "Henk Molenaar",
        "velsen",
        [WMO],
        [CLIENT, OLD_WMO],
        ["zorg-en-ondersteuning", "vervoer"],
        WEEKDAYS,
        "Rolstoeltoegankelijke plek en vervoer",
        ACTIVE,
    ),
    (V, "Ans Timmer", "velsen", [WMO], [CARER], ["mantelzorg", "eenzaamheid"], EVENINGS, "", ACTIVE),
    (
        V,
        "Mustafa Aydin",
        "velsen",
        [PW, BIJSTAND],
        [CLIENT],
        ["werk-en-inkomen", "armoede-en-schulden"],
        ANY_TIME,
        "",
        ACTIVE,
    ),
    (V, "Kim Roos", "velsen", [JEUGD], [CARER], ["jeugd", "onderwijs-en-jeugdhulp"], EVENINGS, "", ACTIVE),
    (
        V,
        "Gerrit Hoekstra",
        "velsen",
        [WMO],
        [OLD_WMO],
        ["toegankelijkheid", "vervoer"],
        WEEKDAYS,
        "Ringleiding: ik ben slechthorend",
        ACTIVE,
    ),
    (
        V,
        "Latifa Amrani",
        "velsen",
        [BIJSTAND],
        [CLIENT],
        ["armoede-en-schulden"],
        ANY_TIME,
        "Stukken graag in eenvoudige taal",
        ACTIVE,
    ),
    (
        V,
        "Bert Zwaan",
        "velsen",
        [WMO],
        [CLIENT, OLD_CC],
        ["beschermd-wonen", "zorg-en-ondersteuning"],
        WEEKDAYS,
        "",
        ACTIVE,
    ),
    (V, "Monique Vink", "velsen", [JEUGD, WMO], [CARER], ["jeugd", "mantelzorg"], EVENINGS, "", ACTIVE),
    (V, "Dennis Koning", "velsen", [PW], [CLIENT], ["werk-en-inkomen"], EVENINGS, "", SIGNED_UP),
    (
        V,
        "Truus Jonker",
        "velsen",
        [WMO],
        [CLIENT],
        ["eenzaamheid"],
        WEEKDAYS,
        "Vervoer naar de bijeenkomst (ik loop met een rollator)",
        ACTIVE,
    ),
    (
        B,
        "Karin Veldman",
        "beverwijk",
        [WMO],
        [CLIENT, OLD_WMO],
        ["zorg-en-ondersteuning", "toegankelijkheid"],
        WEEKDAYS,
        "",
        ACTIVE,
    ),
    (
        B,
        "Hamid Bouzid",
        "beverwijk",
        [PW, BIJSTAND],
        [CLIENT],
        ["werk-en-inkomen", "armoede-en-schulden"],
        ANY_TIME,
        "Een tolk Arabisch bij lange stukken",
        ACTIVE,
    ),
    (B, "Petra Wijnands", "beverwijk", [JEUGD], [CARER], ["jeugd"], EVENINGS, "", ACTIVE),
    (B, "Johan Kuiper", "beverwijk", [WMO], [OLD_CC], ["beschermd-wonen"], WEEKDAYS, "", ACTIVE),
    (B, "Sanne de Ruiter", "beverwijk", [WMO, JEUGD], [CARER], ["mantelzorg", "jeugd"], EVENINGS, "", ACTIVE),
    (
        B,
        "Co Bijl",
        "beverwijk",
        [WMO],
        [CLIENT],
        ["vervoer", "toegankelijkheid"],
        WEEKDAYS,
        "Rolstoeltoegankelijke plek en een invalidenparkeerplaats",
        ACTIVE,
    ),
    (B, "Nadia Haddou", "beverwijk", [BIJSTAND], [CLIENT], ["armoede-en-schulden", "schulden"], ANY_TIME, "", ACTIVE),
    (B, "Frits Lammers", "beverwijk", [PW], [OLD_WMO], ["werk-en-inkomen"], WEEKDAYS, "", ACTIVE),
    (B, "Wilma Roozendaal", "beverwijk", [WMO], [CARER], ["mantelzorg", "eenzaamheid"], EVENINGS, "", SIGNED_UP),
    (
        B,
        "Stefan Nieuwland",
        "beverwijk",
        [JEUGD],
        [CLIENT],
        ["onderwijs-en-jeugdhulp"],
        EVENINGS,
        "Stukken vooraf op papier",
        ACTIVE,
    ),
    (H, "Greet Bleeker", "heemskerk", [WMO], [CLIENT, OLD_WMO], ["zorg-en-ondersteuning"], WEEKDAYS, "", ACTIVE),
    (H, "Orhan Demir", "heemskerk", [PW, BIJSTAND], [CLIENT], ["werk-en-inkomen"], ANY_TIME, "", ACTIVE),
    (H, "Lies van Wijk", "heemskerk", [WMO], [CARER], ["mantelzorg"], EVENINGS, "", ACTIVE),
    (H, "Ruud Meijer", "heemskerk", [JEUGD], [CARER], ["jeugd", "onderwijs-en-jeugdhulp"], EVENINGS, "", ACTIVE),
    (
        H,
        "Marja Smeets",
        "heemskerk",
        [WMO],
        [OLD_CC],
        ["beschermd-wonen", "zorg-en-ondersteuning"],
        WEEKDAYS,
        "Een gebarentolk",
        ACTIVE,
    ),
    (
        H,
        "Peter Duijn",
        "heemskerk",
        [WMO],
        [CLIENT],
        ["vervoer", "toegankelijkheid"],
        WEEKDAYS,
        "Vervoer en een rolstoeltoegankelijke plek",
        ACTIVE,
    ),
    (H, "Esther Laan", "heemskerk", [BIJSTAND], [CLIENT], ["armoede-en-schulden"], EVENINGS, "", ACTIVE),
    (H, "Kees Beentjes", "heemskerk", [WMO], [CLIENT], ["eenzaamheid"], WEEKDAYS, "", SIGNED_UP),
    (
        H,
        "Fenna Zandvoort",
        "heemskerk",
        [JEUGD],
        [CLIENT],
        ["jeugd"],
        EVENINGS,
        "Ik ben 19: liever niet onder schooltijd",
        ACTIVE,
    ),
    (H, "Bas Tromp", "heemskerk", [PW], [CLIENT], ["werk-en-inkomen"], ANY_TIME, "", ACTIVE),
    (R, "Annemarie Brink", "velsen", [WMO], [OLD_WMO, CARER], ["beschermd-wonen", "vervoer"], WEEKDAYS, "", ACTIVE),
    (R, "Yusuf Kaya", "beverwijk", [JEUGD], [CARER], ["jeugd", "onderwijs-en-jeugdhulp"], EVENINGS, "", ACTIVE),
    (
        R,
        "Elly Verburg",
        "heemskerk",
        [WMO],
        [CLIENT, OLD_CC],
        ["beschermd-wonen"],
        WEEKDAYS,
        "Een rustige plek; ik kan niet lang achter elkaar vergaderen",
        ACTIVE,
    ),
    (R, "Maarten Sluis", "velsen", [PW, BIJSTAND], [CLIENT], ["werk-en-inkomen"], ANY_TIME, "", ACTIVE),
    (R, "Sylvia Hoogland", "beverwijk", [WMO], [CARER], ["mantelzorg", "vervoer"], EVENINGS, "", ACTIVE),
    (
        R,
        "Jan-Willem Borst",
        "heemskerk",
        [WMO],
        [CLIENT],
        ["vervoer", "toegankelijkheid"],
        WEEKDAYS,
        "Vervoer: ik rijd zelf niet meer",
        ACTIVE,
    ),
    (R, "Ilse Wagemaker", "velsen", [JEUGD, WMO], [CLIENT], ["jeugd", "beschermd-wonen"], EVENINGS, "", SIGNED_UP),
    (R, "Hennie Plas", "beverwijk", [WMO], [OLD_WMO], ["zorg-en-ondersteuning"], WEEKDAYS, "", ACTIVE),
]


def seed(*, councils: Mapping[str, Council], municipalities: Mapping[str, Municipality]) -> None:
    _seed_people(councils, municipalities)
    _seed_network_organisations(municipalities)
    _seed_experts(councils, municipalities)


def counts() -> dict[str, int]:
    return {
        "personen": User.objects.count(),
        "lidmaatschappen": Membership.objects.count(),
        "rollen": RoleAssignment.objects.count(),
        "netwerkorganisaties": NetworkOrganisation.objects.count(),
        "ervaringsdeskundigen": ExpertProfile.objects.count(),
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


def _themes_by_slug() -> dict[str, Any]:
    # Members sits below councils: the Theme model is reached through the relation, not imported.
    theme_model = NetworkOrganisation._meta.get_field("themes").related_model
    return {theme.slug: theme for theme in theme_model._default_manager.all()}  # type: ignore[union-attr]


def _seed_network_organisations(municipalities: Mapping[str, Municipality]) -> None:
    themes = _themes_by_slug()
    for name, kind, slug in NETWORK_ORGANISATIONS:
        organisation, created = NetworkOrganisation.objects.get_or_create(
            name=name,
            municipality=municipalities.get(slug) if slug else None,
            defaults={"kind": kind, "email": f"info@{_mail_name(name)}.example.org"},
        )
        if created and name in NETWORK_ORGANISATION_THEMES:
            organisation.themes.set([themes[t] for t in NETWORK_ORGANISATION_THEMES[name] if t in themes])


def _mail_name(name: str) -> str:
    """A host name part for an organisation's invented address: letters and digits only."""
    plain = name.lower().replace("ë", "e").replace("é", "e")
    return "".join(c for c in plain if c.isascii() and c.isalnum())[:20]


def _seed_experts(councils: Mapping[str, Council], municipalities: Mapping[str, Municipality]) -> None:
    """The expert network: found by address within its council (the demo account by its link), so that a
    second run adds nobody. The demo account's person is the one record linked to that account."""
    themes = _themes_by_slug()
    now = timezone.now()
    account = User.objects.filter(email=EXPERT_ACCOUNT).first()
    if account is not None and not ExpertProfile.objects.filter(user=account).exists():
        profile = ExpertProfile(
            council=councils[V],
            user=account,
            name=account.full_name or "Ria Koster",
            municipality=municipalities.get("velsen"),
            domains=[WMO, BIJSTAND],
            backgrounds=[CLIENT, OLD_WMO],
            availability=WEEKDAYS,
            accessibility_needs="Vervoer naar de bijeenkomst",
            status=ACTIVE,
            consent_at=now - timedelta(days=400),
            confirmed_at=now - timedelta(days=395),
        )
        profile.full_clean()
        profile.save()
        profile.themes.set([themes[t] for t in ("zorg-en-ondersteuning", "armoede-en-schulden") if t in themes])
    for number, spec in enumerate(EXPERTS):
        council_slug, name, town, domains, backgrounds, theme_slugs, availability, needs, status = spec
        council = councils[council_slug]
        email = f"{_local_part(name)}@{DEMO_DOMAIN}"
        if ExpertProfile.objects.filter(council=council, email=email).exists():
            continue
        consent = now - timedelta(days=30 + 11 * number)
        profile = ExpertProfile(
            council=council,
            name=name,
            email=email,
            phone=f"06-{10_000_000 + 7_919 * number:08d}" if number % 3 == 0 else "",
            municipality=municipalities.get(town),
            domains=list(domains),
            backgrounds=list(backgrounds),
            availability=availability,
            accessibility_needs=needs,
            status=status,
            consent_at=consent,
            confirmed_at=consent + timedelta(days=6) if status == ACTIVE else None,
        )
        profile.full_clean()
        profile.save()
        profile.themes.set([themes[t] for t in theme_slugs if t in themes])


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
