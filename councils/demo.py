"""Demo data of this app: the IJmond region, its three municipalities with real neighbourhoods, the
themes with the law each falls under, and the four councils. Looked up by natural keys, so seeding twice
changes nothing. ``ijmond_participatie``'s ``seed_demo`` calls ``seed()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Council, Law, Municipality, Neighbourhood, Region, Theme

# Only domains reserved for examples (RFC 2606).
DEMO_DOMAIN = "example.org"

MUNICIPALITIES = [
    {
        "name": "Beverwijk",
        "slug": "beverwijk",
        "cbs_code": "GM0375",
        "college_name": "College van burgemeester en wethouders van Beverwijk",
        "college_email": "college.beverwijk@example.org",
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
        "college_email": "college.heemskerk@example.org",
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
        "college_email": "college.velsen@example.org",
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
    # Housing (volkshuisvesting) is the Woningwet, not the Wmo; sheltered housing is Wmo.
    ("Wonen", "wonen", Law.WONINGWET),
    ("Beschermd wonen en maatschappelijke opvang", "beschermd-wonen", Law.WMO),
    ("Vervoer", "vervoer", Law.WMO),
    # Poverty (minima, bijzondere bijstand) is the Participatiewet; debt help has its own law. The slug stays
    # from when both were one theme, so that seeded signals keep theirs.
    ("Armoede", "armoede-en-schulden", Law.PARTICIPATIEWET),
    ("Schulden", "schulden", Law.SCHULDHULP),
    ("Mantelzorg", "mantelzorg", Law.WMO),
    ("Veiligheid", "veiligheid", Law.OTHER),
    ("Openbare ruimte en voorzieningen", "openbare-ruimte", Law.OTHER),
    ("Onderwijs en jeugdhulp", "onderwijs-en-jeugdhulp", Law.JEUGDWET),
    ("Toegankelijkheid", "toegankelijkheid", Law.WMO),
]


@dataclass(frozen=True)
class CouncilsDemo:
    region: Region
    municipalities: dict[str, Municipality]
    councils: dict[str, Council]


def seed() -> CouncilsDemo:
    region = _seed_region()
    municipalities = _seed_municipalities(region)
    _seed_themes()
    return CouncilsDemo(region, municipalities, _seed_councils(region, municipalities))


def counts() -> dict[str, int]:
    return {
        "gemeenten": Municipality.objects.count(),
        "wijken": Neighbourhood.objects.count(),
        "thema's": Theme.objects.count(),
        "raden": Council.objects.count(),
    }


def _seed_region() -> Region:
    region, _ = Region.objects.update_or_create(
        slug="ijmond",
        defaults={
            "name": "IJmond",
            "description": (
                "Beverwijk, Heemskerk en Velsen werken samen in het sociaal domein. Wat ze samen regelen, "
                "bespreken ze vroeg met de regionale participatieraad."
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
        result[municipality.slug] = municipality
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
    for number, (slug, name, code, municipality) in enumerate(specs, start=1):
        # Area code of the municipality (0251 Beverwijk/Heemskerk, 0255 Velsen), then a subscriber number
        # starting with 0, which the Dutch numbering plan never assigns: a demo number reaches nobody.
        phone = f"{'0255' if code in {'VEL', 'IJM'} else '0251'} 000 00{number}"
        council, _ = Council.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "code": code,
                "kind": Council.Kind.LOCAL if municipality else Council.Kind.REGIONAL,
                "region": region,
                "municipality": municipality,
                "email": f"{slug}@{DEMO_DOMAIN}",
                "phone": phone,
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
