"""Demo data of this app: the IJmond region, its three municipalities with real neighbourhoods, the
themes with the law each falls under, and the four councils. Looked up by natural keys, so seeding twice
changes nothing. ``ijmond_participatie``'s ``seed_demo`` calls ``seed()``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from infrastructure.large_seed import require_postgresql
from members.models import CouncilRole, Membership, Role, RoleAssignment, User

from .models import (
    SELF_EVALUATION_QUESTIONS,
    Council,
    Law,
    Municipality,
    Neighbourhood,
    Region,
    SelfEvaluation,
    SelfEvaluationAnswer,
    SelfEvaluationStatus,
    SupportKind,
    SupportRequest,
    SupportStatus,
    Theme,
)

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
        "ondersteuningsvragen": SupportRequest.objects.count(),
        "zelfevaluaties": SelfEvaluation.objects.count(),
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


# --- Support requests and self-evaluations ---------------------------------------------------------
# They need the councils' members (members' demo), so ``seed_demo`` calls ``seed_work()`` after it.

SUPPORT_TEAM_EMAIL = f"ondersteuning@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class _SupportSpec:
    kind: str
    title: str
    description: str
    answer: str


SUPPORT_SPECS = [
    _SupportSpec(
        SupportKind.COMMUNICATION,
        "Flyer voor de bijeenkomst over mantelzorg",
        "We willen mantelzorgers uitnodigen voor een avond over respijtzorg. Kan het team een flyer en een "
        "bericht voor de huis-aan-huiskrant maken? De tekst hebben we in grote lijnen al.",
        "De flyer (A5, ook als pdf op B1-niveau) en het krantenbericht staan in de gedeelde map. De drukker "
        "levert 500 exemplaren bij het secretariaat.",
    ),
    _SupportSpec(
        SupportKind.INFORMATION,
        "Cijfers over het gebruik van de Wmo-voorzieningen",
        "Voor ons ongevraagd advies over huishoudelijke hulp zoeken we de aantallen aanvragen en toekenningen "
        "van de afgelopen drie jaar, per wijk als dat kan.",
        "De beleidsonderzoeker van de gemeente heeft de cijfers per jaar aangeleverd; per wijk zijn de aantallen "
        "te klein om te delen. Het overzicht staat bij de stukken van de volgende vergadering.",
    ),
    _SupportSpec(
        SupportKind.ORGANISATION,
        "Zaal en tolk voor de tafel over toegankelijk vervoer",
        "Voor de tweede bijeenkomst van de tafel over doelgroepenvervoer zoeken we een rolstoeltoegankelijke "
        "zaal met ringleiding, en een gebarentolk.",
        "Het wijkcentrum heeft een zaal met ringleiding vastgelegd; de tolk is geboekt via het tolkenbureau.",
    ),
    _SupportSpec(
        SupportKind.KNOWLEDGE,
        "Uitleg over de nieuwe regels voor beschermd wonen",
        "De leden willen beter begrijpen wat de doordecentralisatie van beschermd wonen voor de IJmond betekent "
        "voordat de gemeente ons om advies vraagt. Is er iemand die het kan toelichten?",
        "De regionale beleidsadviseur geeft op de volgende vergadering een toelichting van een half uur. De "
        "samenvatting van de VNG staat bij de stukken.",
    ),
    _SupportSpec(
        SupportKind.COMMUNICATION,
        "Oproep voor nieuwe leden op sociale media",
        "We hebben twee vacatures en willen vooral jongeren en mensen met een migratieachtergrond bereiken. "
        "Kan het team een oproep voor Instagram en Facebook maken?",
        "De oproep is op 3 kanalen geplaatst en door twee jongerenorganisaties gedeeld. Er kwamen 6 reacties.",
    ),
    _SupportSpec(
        SupportKind.ORGANISATION,
        "Verslaglegging van de jaarvergadering met de gemeente",
        "Onze secretaris is langere tijd afwezig. Kan iemand van het team de notulen van het periodiek overleg "
        "met de wethouder verzorgen?",
        "Een notulist van het team was aanwezig; het verslag is binnen een week rondgestuurd.",
    ),
]

# Per council: (spec index, days ago asked, days until wanted, status, days to close or take).
_SMALL_SUPPORT_PLAN: dict[str, list[tuple[int, int, int, str, int]]] = {
    "participatieraad-velsen": [
        (0, 120, 21, SupportStatus.CLOSED, 12),  # in time
        (1, 90, 14, SupportStatus.CLOSED, 30),  # late
        (2, 20, 10, SupportStatus.OPEN, 0),  # open and overdue
        (3, 6, 30, SupportStatus.IN_PROGRESS, 2),
    ],
    "participatieraad-beverwijk": [
        (4, 200, 30, SupportStatus.CLOSED, 20),
        (5, 60, 7, SupportStatus.CLOSED, 15),
        (1, 12, 30, SupportStatus.IN_PROGRESS, 4),
        (2, 4, 25, SupportStatus.OPEN, 0),
    ],
    "participatieraad-heemskerk": [
        (3, 150, 28, SupportStatus.CLOSED, 9),
        (5, 45, 10, SupportStatus.CLOSED, 25),
        (0, 10, 20, SupportStatus.IN_PROGRESS, 3),
        (1, 2, 40, SupportStatus.OPEN, 0),
    ],
    "regionale-participatieraad-ijmond": [
        (1, 100, 21, SupportStatus.CLOSED, 35),
        (3, 30, 30, SupportStatus.CLOSED, 10),
        (4, 8, 45, SupportStatus.IN_PROGRESS, 1),
        (5, 3, 30, SupportStatus.OPEN, 0),
    ],
}

# Reflections per question: a believable spread of scores and words, per council.
_REFLECTIONS: dict[str, tuple[int, str]] = {
    "bereik": (3, "Via de bibliotheek en het wijkteam komen meer signalen binnen; jongeren bereiken we nog weinig."),
    "vroegtijdig": (2, "Twee keer kregen we een nota pas vlak voor het collegebesluit. Het verzoekformulier helpt."),
    "clientperspectief": (4, "Bij elke tafel zat een ervaringsdeskundige. Vervoer naar de avonden blijft lastig."),
    "netwerk": (3, "Met de sportclubs en scholen lopen nu contacten; met zorgaanbieders nog te weinig."),
    "samenwerking": (4, "Het periodiek overleg met de wethouder is open. De regionale raad weet ons goed te vinden."),
    "ondersteuning": (3, "Het ondersteuningsteam is snel, maar informatievragen duren soms lang."),
    "terugkoppeling": (2, "Inwoners horen nog niet altijd wat er met hun signaal is gedaan; de volgpagina helpt."),
}
_CONCLUSIONS = [
    "We gaan jongeren actiever betrekken via het jongerenpanel en vragen de gemeente eerder om de planning "
    "van beleidstrajecten.",
    "We maken afspraken met de gemeente over vroege betrokkenheid en koppelen elk kwartaal terug aan inwoners.",
    "We zoeken meer contact met zorgaanbieders en organiseren vervoer naar onze bijeenkomsten.",
]


def seed_work() -> None:
    """Support requests in every status for each council (some met in time, some late, one open and
    overdue) and self-evaluations: last year's all submitted, this year's partly concept. Needs the
    councils and their members; looked up by natural keys, so a second run adds nothing."""
    team = User.objects.filter(email=SUPPORT_TEAM_EMAIL).first()
    now = timezone.now()
    for slug, plan in _SMALL_SUPPORT_PLAN.items():
        council = Council.objects.filter(slug=slug).first()
        if council is None:
            continue
        members = list(
            Membership.objects.filter(council=council).order_by("pk").values_list("person_id", flat=True)[:3]
        )
        for number, (index, days_ago, days_wanted, status, days_to_act) in enumerate(plan):
            spec = SUPPORT_SPECS[index]
            asked = now - timedelta(days=days_ago)
            acted = asked + timedelta(days=days_to_act)
            # The large seed reuses these titles: any request of the council with the title counts as there.
            if SupportRequest.objects.filter(council=council, title=spec.title).exists():
                continue
            SupportRequest.objects.create(
                council=council,
                title=spec.title,
                kind=spec.kind,
                description=spec.description,
                wanted_by=timezone.localdate(asked) + timedelta(days=days_wanted),
                requested_at=asked,
                requested_by_id=members[number % len(members)] if members else None,
                status=status,
                taken_at=acted if status != SupportStatus.OPEN else None,
                handled_by=team if status != SupportStatus.OPEN else None,
                answer=spec.answer if status == SupportStatus.CLOSED else "",
                closed_at=acted if status == SupportStatus.CLOSED else None,
            )
    this_year = timezone.localdate().year
    councils = list(Council.objects.order_by("kind", "name"))
    for position, council in enumerate(councils):
        _seed_evaluation(council, this_year - 1, position, submitted=True)
        # This year: the first council has submitted already, two are busy with a concept, one has not begun.
        if position == 0:
            _seed_evaluation(council, this_year, position, submitted=True)
        elif position < 3:
            _seed_evaluation(council, this_year, position, submitted=False)


def _board_member(council: Council) -> int | None:
    board = Membership.objects.filter(
        council=council, role__in=(CouncilRole.VOORZITTER, CouncilRole.SECRETARIS)
    ).order_by("pk")
    return board.values_list("person_id", flat=True).first()


def _seed_evaluation(council: Council, year: int, position: int, *, submitted: bool) -> None:
    if SelfEvaluation.objects.filter(council=council, year=year).exists():
        return
    chair = _board_member(council)
    moment = datetime(year, 11, 20, 20, 0, tzinfo=timezone.get_current_timezone()) if submitted else timezone.now()
    evaluation = SelfEvaluation.objects.create(
        council=council,
        year=year,
        status=SelfEvaluationStatus.SUBMITTED if submitted else SelfEvaluationStatus.DRAFT,
        conclusion=_CONCLUSIONS[position % len(_CONCLUSIONS)] if submitted else "",
        updated_at=min(moment, timezone.now()),
        updated_by_id=chair,
        submitted_at=min(moment, timezone.now()) if submitted else None,
        submitted_by_id=chair if submitted else None,
    )
    answers = []
    for number, (code, _text) in enumerate(SELF_EVALUATION_QUESTIONS):
        score, reflection = _REFLECTIONS[code]
        # A spread across councils and years, within 1–5.
        score = min(5, max(1, score + ((position + number + year) % 3) - 1))
        if not submitted and number >= 4:
            break  # a concept: the last questions are still open
        answers.append(SelfEvaluationAnswer(evaluation=evaluation, question=code, score=score, reflection=reflection))
    SelfEvaluationAnswer.objects.bulk_create(answers)


# --- The benchmark's volume ------------------------------------------------------------------------

LARGE_SUPPORT_COUNT = 2_000
LARGE_YEARS = 5
LARGE_BATCH = 1_000


def seed_large(
    *, support_requests: int = LARGE_SUPPORT_COUNT, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Top the support requests up to ``support_requests`` (the small demo's count too), spread over five
    years and every council, and give every council a submitted self-evaluation for each of those years.
    A second run adds only what is missing. Needs the small demo."""
    require_postgresql()
    councils = list(Council.objects.order_by("pk"))
    if not councils:
        raise RuntimeError("The large seed builds on the small demo: run seed_demo first.")
    members: dict[int, list[int]] = {c.pk: [] for c in councils}
    for council_id, person_id in Membership.objects.order_by("pk").values_list("council_id", "person_id"):
        members[council_id].append(person_id)
    team = list(
        RoleAssignment.objects.filter(role=Role.ONDERSTEUNER, council__isnull=True, municipality__isnull=True)
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )
    added = {"ondersteuningsvragen": 0, "zelfevaluaties": 0}
    rng = random.Random(support_requests * 13 + 5)  # noqa: S311 - demo data, not security
    began = time.monotonic()
    missing = support_requests - SupportRequest.objects.count()
    for offset in range(0, max(missing, 0), LARGE_BATCH):
        count = min(LARGE_BATCH, missing - offset)
        rows = [_large_support(rng, councils, members, team) for _ in range(count)]
        with transaction.atomic():
            added["ondersteuningsvragen"] += len(SupportRequest.objects.bulk_create(rows))
        if progress:
            progress(f"ondersteuningsvragen: {offset + count:,}/{missing:,} ({time.monotonic() - began:.0f} s)")
    this_year = timezone.localdate().year
    for position, council in enumerate(councils):
        for year in range(this_year - LARGE_YEARS, this_year - 1):
            if not SelfEvaluation.objects.filter(council=council, year=year).exists():
                _seed_evaluation(council, year, position + year, submitted=True)
                added["zelfevaluaties"] += 1
    return added


def _large_support(
    rng: random.Random, councils: list[Council], members: dict[int, list[int]], team: list[int]
) -> SupportRequest:
    now = timezone.now()
    council = rng.choice(councils)
    spec = rng.choice(SUPPORT_SPECS)
    asked = now - timedelta(seconds=rng.uniform(0, LARGE_YEARS * 365.25 * 86_400))
    wanted_by = timezone.localdate(asked) + timedelta(days=rng.randint(5, 45))
    age = (now - asked).days
    # Older requests are closed; of the recent ones many are still open or in progress.
    if age > 60:
        status = rng.choices(list(SupportStatus), [1, 2, 97])[0]
    else:
        status = rng.choices(list(SupportStatus), [35, 35, 30])[0]
    taken = asked + timedelta(days=rng.randint(0, 5)) if status != SupportStatus.OPEN else None
    closed = None
    if status == SupportStatus.CLOSED:
        # Most are met within the wanted time; a quarter takes longer (the aanjager's signal of a shortfall).
        allowed = (wanted_by - timezone.localdate(asked)).days
        days = rng.randint(1, allowed) if rng.random() < 0.75 else rng.randint(30, 70)
        closed = min(asked + timedelta(days=days), now)
        taken = min(taken or closed, closed)
    people: list[int | None] = [*members.get(council.pk, [])] or [None]
    return SupportRequest(
        council=council,
        kind=spec.kind,
        title=spec.title,
        description=spec.description,
        wanted_by=wanted_by,
        requested_at=asked,
        requested_by_id=rng.choice(people),
        status=status,
        taken_at=taken,
        handled_by_id=rng.choice(team) if team and taken else None,
        answer=spec.answer if closed else "",
        closed_at=closed,
    )
