"""Demo data of the agenda: a believable participation agenda per council and early-involvement requests
in every status, in plain Dutch from the social domain.

Deterministic (a seeded random generator, natural keys: an item by its council and title, a request by
its municipality and title, a resident's proposal by its tracking code), so seeding twice adds nothing.
Rows are made with the ORM, so each item and request has its history ("+" when it was made, "~" for the
steps that followed), dated as if the steps happened over the past months.

``seed_large()`` adds the benchmark's 20,000 items and 5,000 requests (PostgreSQL, bulk inserts in
batches; see below).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from councils.models import Council, Municipality, Neighbourhood, Theme
from infrastructure.large_seed import require_postgresql
from members.models import Membership, NetworkOrganisation, User
from signals.models import CODE_ALPHABET, Channel, Kind, Signal, SignalStatusChange, Status

from .cache import bump_public_agenda_version
from .models import (
    OPEN_ITEM_STATUSES,
    AgendaItem,
    EarlyInvolvementRequest,
    ItemStatus,
    Origin,
    ParticipationAdvice,
    ParticipationForm,
    Phase,
    RecommendedGroup,
    RequestStatus,
    TargetGroup,
)
from .services import GroupAdvice, check_rule_8

ADVISORS = {"velsen": "beleid.velsen@example.org", "beverwijk": "beleid.beverwijk@example.org"}
OWNER_ACCOUNTS = {"participatieraad-velsen": "lid.velsen@example.org"}
REGIONAL_SLUG = "regionale-participatieraad-ijmond"

# --- What the agendas are about ---------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """An agenda topic: ``{wijk}`` in the title or description makes it wijkgericht."""

    title: str
    description: str
    themes: tuple[str, ...]
    regional: bool = False  # a local council may refer it to the regional agenda


LOCAL_TOPICS = [
    Topic(
        "Eenzaamheid onder ouderen in {wijk}",
        "Steeds meer ouderen in {wijk} wonen alleen en zien weinig mensen. De raad wil met de gemeente, "
        "het welzijnswerk en de kerken kijken hoe buren elkaar vaker ontmoeten.",
        ("eenzaamheid",),
    ),
    Topic(
        "Toegang tot het Wmo-loket",
        "Inwoners zeggen dat het Wmo-loket moeilijk te bereiken is: lange wachttijden aan de telefoon en "
        "formulieren die niet te begrijpen zijn. Hoe wordt de eerste stap makkelijker?",
        ("zorg-en-ondersteuning", "toegankelijkheid"),
    ),
    Topic(
        "Keukentafelgesprek: wat vinden cliënten ervan?",
        "Cliënten vertellen dat het keukentafelgesprek vaak over regels gaat en te weinig over wat zij nodig "
        "hebben. De raad haalt ervaringen op en bespreekt die met de gemeente.",
        ("zorg-en-ondersteuning",),
    ),
    Topic(
        "Wachtlijsten jeugdhulp",
        "Ouders wachten maanden op jeugdhulp en regelen dan zelf iets. De raad wil weten wat de gemeente doet "
        "aan de wachttijden en hoe gezinnen in de tussentijd worden geholpen.",
        ("jeugd", "onderwijs-en-jeugdhulp"),
        regional=True,
    ),
    Topic(
        "Een plek voor jongeren in {wijk}",
        "Jongeren in {wijk} hebben na school geen plek om samen te zijn. Met het jongerenwerk en de jongeren "
        "zelf zoekt de raad naar een ruimte die zij zelf mee inrichten.",
        ("jeugd",),
    ),
    Topic(
        "Schuldhulpverlening: eerder in beeld",
        "Mensen met schulden vragen pas laat om hulp, vaak uit schaamte. Hoe kan de gemeente eerder contact "
        "maken, bijvoorbeeld bij een betalingsachterstand van de huur of de zorgverzekering?",
        ("schulden",),
    ),
    Topic(
        "Armoede en meedoen: het kindpakket",
        "Veel ouders kennen het kindpakket niet. Kinderen gaan daardoor niet mee op schoolreis of naar de "
        "sportclub. De raad kijkt met scholen en sportclubs hoe het pakket bekender wordt.",
        ("armoede-en-schulden",),
    ),
    Topic(
        "Werkende armen in {wijk}",
        "Ook mensen met werk komen in {wijk} niet rond. Zij vallen vaak buiten de regelingen. De raad wil hun "
        "verhaal horen en de gemeente vragen wat er kan.",
        ("armoede-en-schulden", "werk-en-inkomen"),
    ),
    Topic(
        "Mantelzorgondersteuning en respijtzorg",
        "Mantelzorgers zijn op. Respijtzorg is er te weinig en is moeilijk te vinden. De raad vraagt "
        "mantelzorgers wat hen echt zou helpen.",
        ("mantelzorg",),
        regional=True,
    ),
    Topic(
        "Jonge mantelzorgers op school",
        "Jonge mantelzorgers worden op school vaak niet gezien. De raad wil met scholen afspraken maken over "
        "herkennen en steunen.",
        ("mantelzorg", "onderwijs-en-jeugdhulp"),
    ),
    Topic(
        "Doelgroepenvervoer: de regiotaxi komt te laat",
        "Reizigers met de regiotaxi komen te laat bij de dagbesteding of de dokter. De raad verzamelt "
        "ervaringen voor het gesprek met de vervoerder.",
        ("vervoer",),
        regional=True,
    ),
    Topic(
        "Bushalte en bereikbaarheid in {wijk}",
        "Sinds de bushalte in {wijk} weg is, komen ouderen en mensen met een rollator niet meer bij de "
        "huisarts en de winkels. Welke oplossing is er?",
        ("vervoer", "openbare-ruimte"),
    ),
    Topic(
        "Beschermd wonen: wonen in de wijk",
        "Bewoners van beschermd wonen willen gewoon in de wijk wonen en meedoen. De raad bespreekt met de "
        "gemeente en de buurt hoe dat goed gaat.",
        ("beschermd-wonen",),
        regional=True,
    ),
    Topic(
        "Ouderen willen kleiner wonen in {wijk}",
        "Ouderen in {wijk} willen kleiner en gelijkvloers wonen, dichtbij voorzieningen. Die woningen zijn er "
        "bijna niet. De raad vraagt de gemeente en de woningcorporatie om een plan.",
        ("wonen",),
    ),
    Topic(
        "Stoepen en toegankelijkheid in {wijk}",
        "De stoepen in {wijk} zijn smal en scheef. Met een rolstoel of scootmobiel kom je er niet langs. De "
        "raad loopt met bewoners een route en maakt een lijst.",
        ("openbare-ruimte", "toegankelijkheid"),
    ),
    Topic(
        "Brieven van de gemeente in begrijpelijke taal",
        "Brieven over bijstand en zorg zijn moeilijk te lezen. De raad test brieven met inwoners en doet de "
        "gemeente voorstellen in eenvoudige taal (B1).",
        ("toegankelijkheid", "werk-en-inkomen"),
    ),
    Topic(
        "Re-integratie die past bij mensen met een beperking",
        "Het tempo van re-integratietrajecten is voor veel mensen met een beperking te hoog. De raad haalt "
        "ervaringen op bij cliënten en werkgevers.",
        ("werk-en-inkomen",),
    ),
    Topic(
        "Ontmoeten in het buurthuis van {wijk}",
        "Sinds het buurthuis in {wijk} minder open is, hebben ouderen en nieuwkomers minder plekken om elkaar "
        "te zien. Kan het buurthuis weer vaker open, met vrijwilligers?",
        ("eenzaamheid", "openbare-ruimte"),
    ),
    Topic(
        "Digitale vaardigheden van ouderen",
        "Aanmelden voor activiteiten en zorg gaat steeds vaker via internet. Veel ouderen lukt dat niet. De raad "
        "kijkt met de bibliotheek naar hulp dichtbij.",
        ("eenzaamheid", "toegankelijkheid"),
    ),
    Topic(
        "Veilig naar school in {wijk}",
        "Kinderen en ouders voelen zich 's avonds niet veilig op de fietsroute in {wijk}. De raad vraagt "
        "jongeren waar het beter kan.",
        ("veiligheid", "jeugd"),
    ),
    Topic(
        "Statushouders en taal: meedoen vanaf het begin",
        "Statushouders willen werken, maar de taalles past niet bij hun werktijden. De raad brengt de "
        "ervaringen van nieuwkomers in bij de gemeente.",
        ("werk-en-inkomen",),
    ),
    Topic(
        "Onafhankelijke cliëntondersteuning bekender maken",
        "Weinig inwoners weten dat ze gratis een onafhankelijke cliëntondersteuner mogen meenemen naar het "
        "gesprek met de gemeente. Hoe wordt dat beter bekend?",
        ("zorg-en-ondersteuning",),
    ),
]

# A few topics of each municipality alone.
OWN_TOPICS = {
    "velsen": [
        Topic(
            "De pont en de bereikbaarheid van Velsen-Noord",
            "Ouderen en mensen met een beperking in Velsen-Noord zijn voor de zorg vaak aangewezen op de pont. "
            "De raad bespreekt met de gemeente hoe de zorg aan beide kanten van het kanaal dichtbij blijft.",
            ("vervoer", "zorg-en-ondersteuning"),
        ),
        Topic(
            "Het strand van IJmuiden toegankelijk voor iedereen",
            "Met een rolstoel kom je nu niet bij het water. Inwoners stelden voor om een looppad en een "
            "toegankelijk toilet te maken.",
            ("toegankelijkheid", "openbare-ruimte"),
        ),
    ],
    "beverwijk": [
        Topic(
            "Wijk aan Zee: gezondheid en zorgen over de industrie",
            "Inwoners van Wijk aan Zee maken zich zorgen over hun gezondheid. De raad wil dat hun vragen een "
            "plek krijgen in het gesprek met de gemeente en de GGD.",
            ("zorg-en-ondersteuning",),
        ),
        Topic(
            "De Bazaar als plek om elkaar te ontmoeten",
            "Op de Bazaar komen veel culturen samen. De raad onderzoekt of het een plek kan zijn waar "
            "nieuwkomers informatie over zorg en werk krijgen.",
            ("eenzaamheid", "werk-en-inkomen"),
        ),
    ],
    "heemskerk": [
        Topic(
            "Jongerenwerk in de Broekpolder",
            "Jongeren in de Broekpolder missen een vaste jongerenwerker. De Jongerenraad Heemskerk vroeg de raad "
            "dit op de agenda te zetten.",
            ("jeugd",),
        ),
        Topic(
            "Dementievriendelijk Heemskerk",
            "Meer winkels, clubs en de bibliotheek willen leren omgaan met mensen met dementie. De raad zoekt "
            "mantelzorgers die hun ervaring willen delen.",
            ("mantelzorg", "zorg-en-ondersteuning"),
        ),
    ],
}

REGIONAL_TOPICS = [
    Topic(
        "Regionale inkoop van jeugdhulp",
        "De drie gemeenten kopen jeugdhulp samen in. De regionale raad wil dat ouders en jongeren meepraten "
        "over wat goede hulp is, voordat de eisen vastliggen.",
        ("jeugd", "onderwijs-en-jeugdhulp"),
    ),
    Topic(
        "Beschermd wonen: van de instelling naar een eigen woning",
        "Mensen uit beschermd wonen moeten lang wachten op een eigen woning. De regionale raad bespreekt met "
        "de gemeenten en de corporaties hoe de doorstroom beter kan.",
        ("beschermd-wonen", "wonen"),
    ),
    Topic(
        "Doelgroepenvervoer in de IJmond",
        "Het contract voor de regiotaxi loopt af. De regionale raad wil dat reizigers meedenken over de "
        "eisen: op tijd, vaste chauffeurs en ook op zondag.",
        ("vervoer",),
    ),
    Topic(
        "Arbeidsmarktregio: werk voor mensen met een beperking",
        "In de arbeidsmarktregio maken gemeenten en werkgevers afspraken over banen. De regionale raad vraagt "
        "om plekken die passen bij mensen met een beperking.",
        ("werk-en-inkomen",),
    ),
    Topic(
        "Maatschappelijke opvang en dakloosheid",
        "Het aantal dak- en thuislozen in de regio groeit. De regionale raad wil horen van mensen die zelf in "
        "de opvang woonden wat beter moet.",
        ("beschermd-wonen",),
    ),
    Topic(
        "Schuldhulpverlening: één aanpak in de regio",
        "Elke gemeente werkt nu anders bij schulden. De regionale raad onderzoekt wat inwoners nodig hebben van "
        "één regionale aanpak.",
        ("schulden",),
    ),
    Topic(
        "Dagbesteding: kiezen wat bij je past",
        "Cliënten willen zelf kunnen kiezen waar zij dagbesteding krijgen. De regionale raad praat mee over de "
        "nieuwe inkoop.",
        ("zorg-en-ondersteuning",),
    ),
    Topic(
        "Veilig Thuis en huiselijk geweld",
        "Huiselijk geweld wordt vaak laat gemeld. De regionale raad vraagt ervaringsdeskundigen hoe melden "
        "makkelijker en veiliger wordt.",
        ("veiligheid",),
    ),
    Topic(
        "Mantelzorg in de hele IJmond",
        "Mantelzorgers wonen vaak in een andere gemeente dan degene voor wie zij zorgen. De regionale raad "
        "wil één loket voor mantelzorgondersteuning.",
        ("mantelzorg",),
    ),
    Topic(
        "Wachttijden ggz voor jongeren",
        "Jongeren met psychische klachten wachten lang op hulp. De regionale raad wil met jongeren en de "
        "huisartsen kijken wat in de tussentijd helpt.",
        ("jeugd", "zorg-en-ondersteuning"),
    ),
    Topic(
        "Laaggeletterdheid en de toegang tot zorg",
        "Veel inwoners lezen niet goed. Zij missen daardoor hulp en toeslagen. De regionale raad wil dat "
        "informatie in de hele regio in eenvoudige taal komt.",
        ("toegankelijkheid",),
    ),
    Topic(
        "Wonen met zorg voor ouderen",
        "Ouderen blijven langer thuis wonen. De regionale raad bespreekt met de gemeenten hoe wonen en zorg "
        "beter samengaan.",
        ("wonen", "zorg-en-ondersteuning"),
    ),
    Topic(
        "Evaluatie van de participatieraden na twee jaar",
        "Na twee jaar wordt de nieuwe manier van meedoen geëvalueerd. De regionale raad wil dat inwoners en "
        "netwerkorganisaties daarin aan het woord komen.",
        ("zorg-en-ondersteuning",),
    ),
    Topic(
        "Armoede en meedoen: één kindregeling",
        "Ouders die verhuizen binnen de IJmond krijgen te maken met andere regels voor het kindpakket. De "
        "regionale raad pleit voor één regeling.",
        ("armoede-en-schulden",),
    ),
    Topic(
        "Inburgering en meedoen van statushouders",
        "De gemeenten begeleiden statushouders samen bij inburgering. De regionale raad wil dat nieuwkomers "
        "zelf meepraten over wat werkt.",
        ("werk-en-inkomen",),
    ),
    Topic(
        "Hulpmiddelen: sneller een rolstoel of scootmobiel",
        "Inwoners wachten lang op hulpmiddelen. De gemeenten kopen die samen in. De regionale raad verzamelt "
        "ervaringen voor het nieuwe contract.",
        ("zorg-en-ondersteuning", "toegankelijkheid"),
    ),
]

NOT_TAKEN_UP_REASONS = [
    "De gemeente werkt hier al aan in het nieuwe beleidsplan. De raad volgt dat en zet het onderwerp nu niet "
    "apart op de agenda.",
    "Dit onderwerp hoort bij de regionale raad. Daar staat het al op de agenda.",
    "Er is dit jaar geen ruimte. De raad kijkt in het nieuwe jaar opnieuw of het onderwerp op de agenda komt.",
    "Dit is geen onderwerp voor de gemeente: het hoort bij de zorgverzekeraar. De raad heeft de indiener "
    "uitgelegd waar het wel terechtkan.",
]

# (kind, status, text): residents' proposals of each municipality (a signal with a kind).
PROPOSALS: dict[str, list[tuple[str, str, str, str]]] = {
    "velsen": [
        (
            Kind.AGENDA_TOPIC,
            Status.NEW,
            "toegankelijkheid",
            "Zet de toegankelijkheid van het strand bij IJmuiden op de agenda. Met een rolstoel kom je nu niet "
            "bij het water.",
        ),
        (
            Kind.INITIATIVE,
            Status.TAKEN_UP,
            "eenzaamheid",
            "Wij willen in Velserbroek een wekelijkse wandelgroep voor ouderen beginnen. Kan de raad helpen met "
            "een plek om te starten en met bekendheid?",
        ),
        (
            Kind.POLICY_PROPOSAL,
            Status.NEW,
            "mantelzorg",
            "Geef mantelzorgers in Velsen één vast aanspreekpunt bij de gemeente, in plaats van steeds een "
            "ander loket.",
        ),
        (
            Kind.POLICY_PROPOSAL,
            Status.CLOSED,
            "mantelzorg",
            "Maak het parkeren bij het ziekenhuis gratis voor mantelzorgers.",
        ),
    ],
    "beverwijk": [
        (
            Kind.AGENDA_TOPIC,
            Status.NEW,
            "jeugd",
            "Bespreek hoe jongeren in Beverwijk zelf mee kunnen beslissen over het geld voor jongerenwerk.",
        ),
        (
            Kind.INITIATIVE,
            Status.TAKEN_UP,
            "toegankelijkheid",
            "Wij willen in de Bazaar een spreekuur met vrijwilligers over formulieren en post van de gemeente.",
        ),
        (
            Kind.POLICY_PROPOSAL,
            Status.CLOSED,
            "eenzaamheid",
            "Laat de bibliotheek ook op zondag open, zodat ouderen een plek hebben om elkaar te zien.",
        ),
    ],
    "heemskerk": [
        (
            Kind.AGENDA_TOPIC,
            Status.TAKEN_UP,
            "jeugd",
            "Zet het jongerenwerk in de Broekpolder op de agenda. Jongeren hebben daar niemand meer.",
        ),
        (
            Kind.INITIATIVE,
            Status.NEW,
            "toegankelijkheid",
            "Wij willen met de sportclub een gratis beweeguur voor mensen met een beperking organiseren.",
        ),
        (
            Kind.POLICY_PROPOSAL,
            Status.IN_PROGRESS,
            "toegankelijkheid",
            "Stuur alle brieven over de Wmo ook in eenvoudige taal, met een telefoonnummer waar je iemand spreekt.",
        ),
    ],
}
# The agenda items that proposals put on the agenda became, by the proposal's opening words.
PROPOSAL_ITEM_TITLES = {
    "Wij willen in Velserbroek": "Wandelgroep voor ouderen in Velserbroek (initiatief van inwoners)",
    "Wij willen in de Bazaar": "Spreekuur over post van de gemeente in de Bazaar (initiatief van inwoners)",
    "Zet het jongerenwerk": "Jongerenwerk in de Broekpolder (voorstel van inwoners)",
}
DECLINE_FEEDBACK = (
    "Dank u voor uw voorstel. De raad heeft het besproken. Parkeren en openingstijden zijn geen onderwerp "
    "voor de participatieagenda; de raad heeft uw voorstel doorgegeven aan de gemeente."
)

# --- The demo: one seed ---------------------------------------------------------------------------------


@dataclass
class _World:
    now: datetime
    today: date
    councils: dict[str, Council]
    municipalities: dict[str, Municipality]
    themes: dict[str, Theme]
    wijken: dict[int, list[Neighbourhood]]  # municipality id -> its wijken
    members: dict[int, list[User]]  # council id -> its active members
    people: dict[str, User]  # demo accounts by e-mail
    signals: dict[tuple[int, str], list[int]]  # (municipality id, theme slug) -> ids of demo signals
    proposal_codes: list[str] = field(default_factory=list)  # the tracking codes of the demo's proposals


def seed() -> int:
    """Create the demo agenda items, proposals and requests that do not exist yet; returns how many rows
    were created (items, requests and proposals)."""
    world = _world()
    if len(world.councils) < 4:
        raise RuntimeError("The agenda demo builds on the councils: run councils' demo first.")
    created = _seed_proposals(world)
    created += _seed_items(world)
    created += _seed_requests(world)
    return created


def counts() -> dict[str, int]:
    return {
        "agendapunten": AgendaItem.objects.count(),
        "verzoeken": EarlyInvolvementRequest.objects.count(),
        "participatieadviezen": ParticipationAdvice.objects.count(),
    }


def _world() -> _World:
    now = timezone.now()
    councils = {c.slug: c for c in Council.objects.select_related("municipality")}
    wijken: dict[int, list[Neighbourhood]] = defaultdict(list)
    for neighbourhood in Neighbourhood.objects.order_by("name"):
        wijken[neighbourhood.municipality_id].append(neighbourhood)
    members: dict[int, list[User]] = defaultdict(list)
    seats = Membership.objects.active().select_related("person").order_by("council_id", "person__email")
    for seat in seats:
        members[seat.council_id].append(seat.person)
    emails = [*ADVISORS.values(), *OWNER_ACCOUNTS.values()]
    signals: dict[tuple[int, str], list[int]] = defaultdict(list)
    rows = Signal.objects.filter(kind=Kind.SIGNAL, theme__isnull=False).order_by("pk")
    for pk, municipality_id, slug in rows.values_list("pk", "municipality_id", "theme__slug")[:2000]:
        signals[(municipality_id, slug)].append(pk)
    return _World(
        now=now,
        today=timezone.localdate(now),
        councils=councils,
        municipalities={m.slug: m for m in Municipality.objects.all()},
        themes={t.slug: t for t in Theme.objects.all()},
        wijken=wijken,
        members=members,
        people={u.email: u for u in User.objects.filter(email__in=emails)},
        signals=signals,
    )


def _code(rng: random.Random) -> str:
    raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def _save(instance: Any, *, by: User | None, at: datetime, **kwargs: Any) -> None:
    """Save through the ORM, so that simple-history records the step with who and when."""
    instance._history_user = by
    instance._history_date = at
    instance.save(**kwargs)


# --- Residents' proposals ---------------------------------------------------------------------------------


def _seed_proposals(world: _World) -> int:
    """Proposals are signals with a kind: open ones wait in the triage; one of each municipality was put on
    the agenda (the item is made in ``_seed_items``), one was declined with reasons."""
    rng = random.Random(9009)  # noqa: S311 - demo data, not security
    plans = []
    for slug, proposals in PROPOSALS.items():
        municipality = world.municipalities.get(slug)
        for kind, status, theme_slug, text in proposals:
            code = _code(rng)
            age = rng.randint(2, 70)
            if municipality is not None:
                plans.append((code, municipality, kind, status, world.themes.get(theme_slug), text, age))
    world.proposal_codes = [p[0] for p in plans]
    existing = set(
        Signal.objects.filter(tracking_code__in=world.proposal_codes).values_list("tracking_code", flat=True)
    )
    created = 0
    for code, municipality, kind, status, theme, text, age in plans:
        if code in existing:
            continue
        created_at = world.now - timedelta(days=age, hours=3)
        handled_at = created_at + timedelta(days=min(age - 1, 6))
        closed = status == Status.CLOSED
        signal = Signal.objects.create(
            tracking_code=code,
            kind=kind,
            created_at=created_at,
            text=text,
            theme=theme,
            municipality=municipality,
            channel=Channel.WEB,
            status=status,
            status_changed_at=handled_at if status != Status.NEW else created_at,
            feedback=DECLINE_FEEDBACK if closed else "",
            taken_up_as="agendapunt op de participatieagenda" if status == Status.TAKEN_UP else "",
            closed_at=handled_at if closed else None,
            times_closed=1 if closed else 0,
        )
        SignalStatusChange.objects.create(signal=signal, changed_at=created_at, from_status="", to_status=Status.NEW)
        if status != Status.NEW:
            SignalStatusChange.objects.create(
                signal=signal, changed_at=handled_at, from_status=Status.NEW, to_status=status
            )
        created += 1
    return created


def _seed_proposal_items(world: _World) -> int:
    """Each proposal that was put on the agenda ("opgepakt") and has no item yet gets one, as
    ``services.proposal_put_on_agenda`` makes it: origin inwonersvoorstel, linked to the proposal."""
    created = 0
    waiting = Signal.objects.proposals().filter(
        tracking_code__in=world.proposal_codes, status=Status.TAKEN_UP, agenda_items__isnull=True
    )
    for signal in waiting.select_related("municipality").order_by("pk"):
        council = next((c for c in world.councils.values() if c.municipality_id == signal.municipality_id), None)
        if council is None:
            continue
        title = next((t for start, t in PROPOSAL_ITEM_TITLES.items() if signal.text.startswith(start)), "")
        members = world.members.get(council.pk, [])
        by = members[0] if members else None
        at = signal.status_changed_at
        item = AgendaItem(
            council=council,
            title=title or signal.text[:80],
            description=signal.text,
            origin=Origin.RESIDENT_PROPOSAL,
            status=ItemStatus.PROPOSED,
            owner=by,
            municipal_contact=_contact_for(world, council, 0),
            created_at=at,
            created_by=by,
        )
        _save(item, by=by, at=at)
        if signal.theme_id:
            item.themes.set([signal.theme_id])
        item.signals.add(signal)
        created += 1
    return created


# --- The agenda ---------------------------------------------------------------------------------------


def _quarter(day: date, shift: int) -> tuple[int, int]:
    index = day.year * 4 + (day.month - 1) // 3 + shift
    return index // 4, index % 4 + 1


def _item_plans(world: _World) -> list[dict[str, Any]]:
    """Every demo item as a plan (council, title, …), the same on every run."""
    rng = random.Random(2027)  # noqa: S311 - demo data, not security
    plans: list[dict[str, Any]] = []
    # Each local council: most shared topics and its own; the regional council: the regional topics.
    for council in sorted(world.councils.values(), key=lambda c: c.slug):
        topics = list(REGIONAL_TOPICS)
        wijken: list[Neighbourhood] = []
        if council.municipality is not None:
            topics = rng.sample(LOCAL_TOPICS, 17) + OWN_TOPICS.get(council.municipality.slug, [])
            wijken = world.wijken.get(council.municipality.pk, [])
        # Every status on every agenda: the first five get one each, the rest are drawn.
        statuses = [ItemStatus.PROPOSED, ItemStatus.SCHEDULED, ItemStatus.IN_PROGRESS, ItemStatus.DONE]
        statuses.append(ItemStatus.NOT_TAKEN_UP)
        statuses += rng.choices(list(ItemStatus), [25, 30, 25, 12, 8], k=len(topics) - len(statuses))
        referred = 0
        for index, (topic, status) in enumerate(zip(topics, statuses, strict=True)):
            wijk = rng.choice(wijken) if wijken and "{wijk}" in topic.title + topic.description else None
            place = wijk.name if wijk else (council.municipality.name if council.municipality else "de IJmond")
            origin = rng.choices(list(Origin), [30, 25, 20, 10, 15])[0]
            age = rng.randint(20, 540) if status in (ItemStatus.DONE, ItemStatus.NOT_TAKEN_UP) else rng.randint(3, 300)
            planned: tuple[int, int] | None = None
            if status == ItemStatus.DONE:
                planned = _quarter(world.today, -rng.randint(1, 4))
            elif status == ItemStatus.IN_PROGRESS:
                planned = _quarter(world.today, rng.choice((-1, 0, 0)))
            elif status == ItemStatus.SCHEDULED:
                planned = _quarter(world.today, rng.randint(0, 3))
            elif status == ItemStatus.PROPOSED and rng.random() < 0.4:
                planned = _quarter(world.today, rng.randint(1, 4))
            refer = (
                not council.is_regional
                and topic.regional
                and referred < 2
                and status not in (ItemStatus.NOT_TAKEN_UP, ItemStatus.DONE)
            )
            referred += refer
            plans.append(
                {
                    "council": council,
                    "title": topic.title.format(wijk=place),
                    "description": topic.description.format(wijk=place),
                    "themes": [world.themes[s] for s in topic.themes if s in world.themes],
                    "wijk": wijk,
                    "origin": origin,
                    "status": status,
                    "reason": NOT_TAKEN_UP_REASONS[index % len(NOT_TAKEN_UP_REASONS)]
                    if status == ItemStatus.NOT_TAKEN_UP
                    else "",
                    "planned": planned,
                    "is_public": rng.random() < 0.88,
                    "created_at": world.now - timedelta(days=age, hours=rng.randint(0, 8)),
                    "step_after": timedelta(days=rng.randint(1, max(1, min(age - 1, 40)))),
                    "refer": refer,
                    "owner_pick": rng.random(),
                    "signal_count": rng.randint(1, 4),
                }
            )
    return plans


def _seed_items(world: _World) -> int:
    plans = _item_plans(world)
    existing = set(AgendaItem.objects.values_list("council_id", "title"))
    owned_by_account = 0
    created = 0
    for plan in plans:
        council: Council = plan["council"]
        members = world.members.get(council.pk, [])
        owner = members[int(plan["owner_pick"] * len(members))] if members else None
        # The demo account of Velsen owns a few open items, so that its /werk/ shows them.
        account = world.people.get(OWNER_ACCOUNTS.get(council.slug, ""))
        is_open = plan["status"] in (ItemStatus.SCHEDULED, ItemStatus.IN_PROGRESS)
        if account is not None and is_open and owned_by_account < 3:
            owner = account
            owned_by_account += 1
        if (council.pk, plan["title"]) in existing:
            continue
        created += 1
        _create_item(world, plan, owner=owner)
    return created + _seed_proposal_items(world)


def _contact_for(world: _World, council: Council, pick: float) -> User | None:
    if council.municipality is not None:
        return world.people.get(ADVISORS.get(council.municipality.slug, ""))
    advisors = [world.people[e] for e in sorted(ADVISORS.values()) if e in world.people]
    return advisors[int(pick * len(advisors))] if advisors else None


def _create_item(world: _World, plan: dict[str, Any], *, owner: User | None) -> None:
    council: Council = plan["council"]
    status = plan["status"]
    contact = _contact_for(world, council, plan["owner_pick"])
    origin = plan["origin"]
    linked: list[int] = []
    if origin == Origin.SIGNALS:
        pool: list[int] = []
        municipality_ids = [council.municipality_id] if council.municipality_id else list(world.wijken)
        for theme in plan["themes"]:
            for municipality_id in municipality_ids:
                pool += world.signals.get((municipality_id, theme.slug), [])
        linked = sorted(set(pool))[: plan["signal_count"]]
    created_at: datetime = plan["created_at"]
    # The municipality puts its own topics on the agenda; the council the rest.
    by = contact if origin == Origin.MUNICIPALITY and contact else owner
    planned = plan["planned"]
    item = AgendaItem(
        council=council,
        title=plan["title"][:200],
        description=plan["description"],
        origin=origin,
        status=ItemStatus.PROPOSED,
        planned_year=planned[0] if planned else None,
        planned_quarter=planned[1] if planned else None,
        owner=owner,
        municipal_contact=contact,
        is_public=plan["is_public"],
        created_at=created_at,
        created_by=by,
    )
    _save(item, by=by, at=created_at)
    item.themes.set(plan["themes"])
    if plan["wijk"] is not None:
        item.neighbourhoods.set([plan["wijk"]])
    if linked:
        item.signals.add(*linked)
    # The steps that followed, each a line of the item's history: who moved it on, and when.
    at = created_at
    path = {
        ItemStatus.PROPOSED: [],
        ItemStatus.SCHEDULED: [ItemStatus.SCHEDULED],
        ItemStatus.IN_PROGRESS: [ItemStatus.SCHEDULED, ItemStatus.IN_PROGRESS],
        ItemStatus.DONE: [ItemStatus.SCHEDULED, ItemStatus.IN_PROGRESS, ItemStatus.DONE],
        ItemStatus.NOT_TAKEN_UP: [ItemStatus.NOT_TAKEN_UP],
    }[status]
    for step, next_status in enumerate(path):
        at = min(at + plan["step_after"], world.now)
        item.status = next_status
        if next_status == ItemStatus.NOT_TAKEN_UP:
            item.not_taken_up_reason = plan["reason"]
        # The council and the municipality take turns: each side sees what the other did.
        mover = (contact if step % 2 else owner) or owner or contact
        _save(item, by=mover, at=at, update_fields=["status", "not_taken_up_reason"])
    if plan["refer"]:
        item.referred_to_region_at = min(at + timedelta(days=3), world.now)
        _save(item, by=owner, at=item.referred_to_region_at, update_fields=["referred_to_region_at"])


# --- Early-involvement requests ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestSpec:
    title: str
    municipality: str  # slug of the municipality that asks
    council: str  # slug of the council it goes to (after a referral: the regional council)
    phase: str
    status: str
    wanted_in_days: int  # from today; negative: the wanted date has passed
    filed_days_ago: int
    question: str
    themes: tuple[str, ...]
    wijken: tuple[str, ...] = ()
    referred_from: str = ""  # slug of the local council that referred it to the region
    formal_advice_expected: bool = False
    on_agenda: bool = False


LOCAL_VELSEN, LOCAL_BEVERWIJK = "participatieraad-velsen", "participatieraad-beverwijk"

REQUESTS = [
    RequestSpec(
        "Nieuw beleidsplan eenzaamheid 2027–2030",
        "velsen",
        LOCAL_VELSEN,
        Phase.EXPLORATION,
        RequestStatus.SUBMITTED,
        wanted_in_days=5,
        filed_days_ago=16,
        question="Wij beginnen aan een nieuw plan tegen eenzaamheid. Welke inwoners moeten wij als eerste spreken, "
        "en hoe bereiken wij ouderen die de deur niet meer uit komen?",
        themes=("eenzaamheid",),
        wijken=("IJmuiden", "Velsen-Noord"),
        formal_advice_expected=True,
    ),
    RequestSpec(
        "Herinrichting van de Wmo-loketten",
        "velsen",
        LOCAL_VELSEN,
        Phase.POLICY_MAKING,
        RequestStatus.SUBMITTED,
        wanted_in_days=-6,
        filed_days_ago=34,
        question="De Wmo-loketten in IJmuiden en Velserbroek gaan samen in één gebouw. Hoe betrekken wij cliënten "
        "bij de inrichting en de openingstijden?",
        themes=("zorg-en-ondersteuning", "toegankelijkheid"),
        wijken=("IJmuiden", "Velserbroek"),
    ),
    RequestSpec(
        "Mantelzorgondersteuning: een nieuwe respijtregeling",
        "velsen",
        LOCAL_VELSEN,
        Phase.EXPLORATION,
        RequestStatus.IN_PROGRESS,
        wanted_in_days=21,
        filed_days_ago=12,
        question="Wij willen respijtzorg makkelijker maken. Hoe horen wij mantelzorgers die daar geen tijd voor "
        "hebben, zoals werkende en jonge mantelzorgers?",
        themes=("mantelzorg",),
    ),
    RequestSpec(
        "Schuldhulpverlening: vroegsignalering bij betalingsachterstanden",
        "velsen",
        LOCAL_VELSEN,
        Phase.POLICY_MAKING,
        RequestStatus.ADVISED,
        wanted_in_days=-10,
        filed_days_ago=60,
        question="Wij willen inwoners eerder bellen bij een achterstand in huur of energie. Hoe voorkomen wij dat "
        "dat als controle voelt?",
        themes=("schulden",),
        formal_advice_expected=True,
    ),
    RequestSpec(
        "Armoede en meedoen: herziening van het kindpakket",
        "velsen",
        LOCAL_VELSEN,
        Phase.DECISION_MAKING,
        RequestStatus.DONE,
        wanted_in_days=-70,
        filed_days_ago=120,
        question="Het kindpakket wordt vernieuwd. Wie moeten wij betrekken om te weten wat ouders en kinderen "
        "echt nodig hebben?",
        themes=("armoede-en-schulden",),
        on_agenda=True,
    ),
    RequestSpec(
        "Jeugdhulp dichtbij: wijkteams jeugd",
        "beverwijk",
        LOCAL_BEVERWIJK,
        Phase.EXPLORATION,
        RequestStatus.SUBMITTED,
        wanted_in_days=30,
        filed_days_ago=3,
        question="Wij willen wijkteams jeugd in Oosterwijk en Warande. Hoe praten jongeren en ouders mee over "
        "hoe zo'n team werkt?",
        themes=("jeugd",),
        wijken=("Oosterwijk", "Warande"),
    ),
    RequestSpec(
        "Toegankelijkheid van het centrum en de Bazaar",
        "beverwijk",
        LOCAL_BEVERWIJK,
        Phase.IMPLEMENTATION,
        RequestStatus.IN_PROGRESS,
        wanted_in_days=10,
        filed_days_ago=20,
        question="De herinrichting van het centrum begint. Hoe testen wij de plannen met mensen met een beperking?",
        themes=("toegankelijkheid", "openbare-ruimte"),
        wijken=("Centrum",),
    ),
    RequestSpec(
        "Eenzaamheid onder ouderen in Wijk aan Zee",
        "beverwijk",
        LOCAL_BEVERWIJK,
        Phase.EXPLORATION,
        RequestStatus.ADVISED,
        wanted_in_days=-5,
        filed_days_ago=45,
        question="Welke vormen werken om ouderen in Wijk aan Zee te spreken over wat zij missen?",
        themes=("eenzaamheid",),
        wijken=("Wijk aan Zee",),
    ),
    RequestSpec(
        "Evaluatie van de schuldhulpverlening",
        "beverwijk",
        LOCAL_BEVERWIJK,
        Phase.EVALUATION,
        RequestStatus.DONE,
        wanted_in_days=-90,
        filed_days_ago=150,
        question="Wij evalueren de schuldhulpverlening. Hoe laten wij mensen die hulp kregen aan het woord?",
        themes=("schulden",),
    ),
    RequestSpec(
        "Regionale inkoop jeugdhulp 2028",
        "beverwijk",
        REGIONAL_SLUG,
        Phase.EXPLORATION,
        RequestStatus.SUBMITTED,
        wanted_in_days=40,
        filed_days_ago=2,
        question="De drie gemeenten kopen jeugdhulp opnieuw in. Hoe betrekken wij jongeren en ouders bij de eisen, "
        "voordat die vastliggen?",
        themes=("jeugd", "onderwijs-en-jeugdhulp"),
        formal_advice_expected=True,
    ),
    RequestSpec(
        "Doelgroepenvervoer: nieuwe aanbesteding regiotaxi",
        "velsen",
        REGIONAL_SLUG,
        Phase.POLICY_MAKING,
        RequestStatus.IN_PROGRESS,
        wanted_in_days=25,
        filed_days_ago=18,
        question="Het contract voor de regiotaxi loopt af. Hoe horen wij reizigers over wat zij van de nieuwe "
        "vervoerder verwachten?",
        themes=("vervoer",),
        referred_from=LOCAL_VELSEN,
    ),
    RequestSpec(
        "Beschermd wonen: uitstroom naar een gewone woning",
        "velsen",
        REGIONAL_SLUG,
        Phase.POLICY_MAKING,
        RequestStatus.ADVISED,
        wanted_in_days=-14,
        filed_days_ago=75,
        question="Wij maken afspraken met corporaties over woningen voor mensen uit beschermd wonen. Wie moeten "
        "wij daarbij betrekken?",
        themes=("beschermd-wonen", "wonen"),
    ),
    RequestSpec(
        "Arbeidsmarktregio: werkfit-trajecten voor mensen met een beperking",
        "beverwijk",
        REGIONAL_SLUG,
        Phase.IMPLEMENTATION,
        RequestStatus.DONE,
        wanted_in_days=-120,
        filed_days_ago=200,
        question="Hoe toetsen wij de nieuwe werkfit-trajecten met de mensen die ze volgen?",
        themes=("werk-en-inkomen",),
        on_agenda=True,
    ),
]

ADVICE_GROUPS = [
    GroupAdvice(
        TargetGroup.CLIENTS,
        [ParticipationForm.TABLE, ParticipationForm.FOCUS_GROUP],
        "In de eerste maand, vóór er een concept ligt",
    ),
    GroupAdvice(TargetGroup.CARERS, [ParticipationForm.SURVEY, ParticipationForm.NETWORK], "Tegelijk met de tafel"),
    GroupAdvice(TargetGroup.YOUTH, [ParticipationForm.YOUTH_PANEL, ParticipationForm.POLL], "Na de zomer"),
    GroupAdvice(TargetGroup.ELDERLY, [ParticipationForm.STREET, ParticipationForm.MEETING], "In de wijk, op de markt"),
    GroupAdvice(TargetGroup.PROFESSIONALS, [ParticipationForm.MEETING], "Bij de tweede bijeenkomst"),
]
ADVICE_SUMMARY = (
    "Begin met een tijdelijke tafel met cliënten en ervaringsdeskundigen, vóór er een concept ligt. Vraag "
    "mantelzorgers en ouderen daarnaast in hun eigen omgeving, en toets de keuzes aan het eind met een "
    "flitspeiling."
)
CLIENT_PERSPECTIVE = (
    "Cliënten willen niet alleen gehoord worden, maar ook terugzien wat er met hun inbreng gebeurt. Zorg voor "
    "een vergoeding, vervoer naar de tafel en stukken in eenvoudige taal. Cliënten met schulden of een "
    "beperking haken af bij lange bijeenkomsten: houd ze kort en dichtbij."
)


def _seed_requests(world: _World) -> int:
    existing = set(EarlyInvolvementRequest.objects.values_list("municipality__slug", "title"))
    organisations = list(NetworkOrganisation.objects.order_by("name")[:3])
    created = 0
    for spec in REQUESTS:
        if (spec.municipality, spec.title) in existing:
            continue
        municipality = world.municipalities.get(spec.municipality)
        council = world.councils.get(spec.council)
        if municipality is None or council is None:
            continue
        _create_request(world, spec, municipality=municipality, council=council, organisations=organisations)
        created += 1
    return created


def _create_request(
    world: _World,
    spec: RequestSpec,
    *,
    municipality: Municipality,
    council: Council,
    organisations: Sequence[NetworkOrganisation],
) -> None:
    advisor = world.people.get(ADVISORS.get(spec.municipality, ""))
    filed_at = world.now - timedelta(days=spec.filed_days_ago, hours=2)
    wanted_by = world.today + timedelta(days=spec.wanted_in_days)
    first_council = world.councils[spec.referred_from] if spec.referred_from else council
    request = EarlyInvolvementRequest(
        council=first_council,
        municipality=municipality,
        filed_by=advisor,
        filed_at=filed_at,
        title=spec.title,
        phase=spec.phase,
        phase_at_filing=spec.phase,
        college_decision_date=wanted_by + timedelta(days=60),
        council_decision_date=wanted_by + timedelta(days=90),
        question=spec.question,
        known_information="Er ligt een eerste verkenning van de gemeente met cijfers over de doelgroep.",
        stakeholders="Het wijkteam, het welzijnswerk, de cliëntenraad van de zorgaanbieder en de betrokken wethouder.",
        wanted_by=wanted_by,
        formal_advice_expected=spec.formal_advice_expected,
        status=RequestStatus.SUBMITTED,
    )
    _save(request, by=advisor, at=filed_at)
    request.themes.set([world.themes[s] for s in spec.themes if s in world.themes])
    request.neighbourhoods.set([n for n in world.wijken.get(municipality.pk, []) if n.name in spec.wijken])
    members = world.members.get(council.pk, [])
    board = members[0] if members else None
    step = timedelta(days=max(1, spec.filed_days_ago // 4))
    at = filed_at
    if spec.referred_from:
        at = at + timedelta(days=1)
        request.council, request.referred_from, request.referred_at = council, first_council, at
        local_members = world.members.get(first_council.pk, [])
        _save(request, by=local_members[0] if local_members else None, at=at)
    if spec.status == RequestStatus.SUBMITTED:
        return
    at = at + step
    request.status = RequestStatus.IN_PROGRESS
    request.acknowledged_at, request.acknowledged_by = at, board
    _save(request, by=board, at=at)
    if spec.status == RequestStatus.IN_PROGRESS:
        return
    at = at + step
    groups = ADVICE_GROUPS[:4] if len(spec.title) % 2 else ADVICE_GROUPS[:3] + ADVICE_GROUPS[4:]
    check_rule_8(groups=groups, client_perspective=CLIENT_PERSPECTIVE)  # the demo keeps rule 8 too
    advice = ParticipationAdvice(
        request=request,
        summary=ADVICE_SUMMARY,
        client_perspective=CLIENT_PERSPECTIVE,
        experts="Twee ervaringsdeskundigen uit het expertteam en een jonge mantelzorger.",
        council_runs_table=len(spec.title) % 3 == 0,
        given_at=at,
        given_by=board,
    )
    _save(advice, by=board, at=at)
    advice.network_organisations.set(list(organisations))
    RecommendedGroup.objects.bulk_create(
        RecommendedGroup(advice=advice, target_group=g.target_group, forms=list(g.forms), timing=g.timing)
        for g in groups
    )
    request.status = RequestStatus.ADVISED
    request.answered_at = at
    _save(request, by=board, at=at)
    if spec.on_agenda:
        item = AgendaItem(
            council=council,
            title=spec.title,
            description=spec.question,
            origin=Origin.MUNICIPALITY,
            status=ItemStatus.SCHEDULED,
            planned_year=_quarter(world.today, 1)[0],
            planned_quarter=_quarter(world.today, 1)[1],
            owner=board,
            municipal_contact=advisor,
            request=request,
            created_at=at,
            created_by=board,
        )
        _save(item, by=board, at=at)
        item.themes.set(list(request.themes.all()))
    if spec.status == RequestStatus.DONE:
        at = at + step
        request.status = RequestStatus.DONE
        request.closed_at = at
        _save(request, by=board, at=at)


# --- The large volume of the benchmark (``seed_demo --scale large``) ------------------------------------
# PostgreSQL only, like the signals': rows are inserted with bulk_create in batches of LARGE_BATCH, one
# transaction per batch. These rows have no history: simple-history writes its records on save(), which a
# bulk insert skips; an item or request of the large seed shows an empty history on its page, which is
# fine for measuring pages (the history table's size is not what the benchmark is about).

LARGE_ITEM_COUNT = 20_000
LARGE_REQUEST_COUNT = 5_000
LARGE_BATCH = 2_000
LARGE_YEARS = 5
_DAY = 86_400.0


@dataclass(frozen=True)
class _LargeCouncil:
    council_id: int
    municipality_id: int | None
    weight: int
    wijken: list[int]
    members: list[int]
    signals: list[int]


def seed_large(
    *,
    items: int = LARGE_ITEM_COUNT,
    requests: int = LARGE_REQUEST_COUNT,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Top the agenda items up to ``items`` and the requests up to ``requests`` (the demo's own count
    too), with their themes, wijken, linked signals and participation advice; returns how many rows were
    added. A second run adds only what is missing. Needs the small demo."""
    require_postgresql()
    councils = _large_councils()
    themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    advisors = dict(User.objects.filter(email__in=ADVISORS.values()).values_list("email", "pk"))
    advisor_by_municipality = {m.pk: advisors.get(ADVISORS.get(m.slug, "")) for m in Municipality.objects.all()}
    if not councils or not themes:
        raise RuntimeError("The large seed builds on the small demo: run seed_demo first.")
    rng = random.Random(items * 7 + requests)  # noqa: S311 - demo data, not security
    added = {"agendapunten": 0, "verzoeken": 0}
    began = time.monotonic()
    missing = requests - EarlyInvolvementRequest.objects.count()
    for offset in range(0, max(missing, 0), LARGE_BATCH):
        count = min(LARGE_BATCH, missing - offset)
        added["verzoeken"] += _add_requests(count, councils, themes, advisor_by_municipality, rng)
        if progress:
            progress(f"verzoeken: {offset + count:,}/{missing:,} ({time.monotonic() - began:.0f} s)")
    request_ids = list(EarlyInvolvementRequest.objects.order_by("-pk").values_list("pk", flat=True)[:2_000])
    missing = items - AgendaItem.objects.count()
    for offset in range(0, max(missing, 0), LARGE_BATCH):
        count = min(LARGE_BATCH, missing - offset)
        added["agendapunten"] += _add_items(count, councils, themes, advisor_by_municipality, request_ids, rng)
        if progress:
            progress(f"agendapunten: {offset + count:,}/{missing:,} ({time.monotonic() - began:.0f} s)")
    if added["agendapunten"]:
        # Bulk rows send no model signals: the public agenda's drawn pages must be drawn anew.
        bump_public_agenda_version()
    return added


def _large_councils() -> list[_LargeCouncil]:
    wijken: dict[int, list[int]] = defaultdict(list)
    for pk, municipality_id in Neighbourhood.objects.order_by("pk").values_list("pk", "municipality_id"):
        wijken[municipality_id].append(pk)
    members: dict[int, list[int]] = defaultdict(list)
    for council_id, person_id in Membership.objects.order_by("person_id").values_list("council_id", "person_id"):
        members[council_id].append(person_id)
    result = []
    for council in Council.objects.order_by("pk"):
        # A sample of the newest signals of the council's municipality (or marked regional) to link to:
        # read along the primary key, so it stays cheap on a million rows.
        signals = Signal.objects.order_by("-pk")
        if council.municipality_id:
            signals = signals.filter(municipality_id=council.municipality_id, is_regional=False)
        else:
            signals = signals.filter(is_regional=True)
        weight = 80 if council.municipality_id else 50  # the regional agenda is a little shorter
        result.append(
            _LargeCouncil(
                council_id=council.pk,
                municipality_id=council.municipality_id,
                weight=weight,
                wijken=wijken.get(council.municipality_id, []) if council.municipality_id else [],
                members=members.get(council.pk, []),
                signals=list(signals.values_list("pk", flat=True)[:500]),
            )
        )
    return result


def _large_when(rng: random.Random, now: datetime) -> datetime:
    return now - timedelta(seconds=rng.uniform(0, LARGE_YEARS * 365.25 * _DAY))


def _add_items(
    count: int,
    councils: list[_LargeCouncil],
    themes: list[int],
    advisors: dict[int, int | None],
    request_ids: list[int],
    rng: random.Random,
) -> int:
    now = timezone.now()
    today = timezone.localdate(now)
    topics = LOCAL_TOPICS + REGIONAL_TOPICS
    weights = [c.weight for c in councils]
    rows, extras = [], []
    for _ in range(count):
        place = rng.choices(councils, weights)[0]
        topic = rng.choice(topics)
        wijk = rng.choice(place.wijken) if place.wijken and rng.random() < 0.4 else None
        created_at = _large_when(rng, now)
        age = now - created_at
        # Older items are mostly done (or were not taken up); recent ones are mostly still open.
        if age > timedelta(days=365):
            chances = [0, 0, 3, 80, 17]
        elif age > timedelta(days=120):
            chances = [5, 15, 30, 40, 10]
        else:
            chances = [35, 30, 20, 8, 7]
        status = rng.choices(list(ItemStatus), chances)[0]
        planned = (
            None
            if status == ItemStatus.NOT_TAKEN_UP or rng.random() < 0.2
            else _quarter(timezone.localdate(created_at), rng.randint(0, 4))
        )
        if planned and status in OPEN_ITEM_STATUSES:
            # An open item is planned for now or later (in progress: at most a quarter ago).
            earliest = _quarter(today, -1 if status == ItemStatus.IN_PROGRESS else 0)
            planned = max(planned, earliest)
        contact = advisors.get(place.municipality_id) if place.municipality_id else None
        rows.append(
            AgendaItem(
                council_id=place.council_id,
                title=topic.title.format(wijk="de wijk")[:200],
                description=topic.description.format(wijk="de wijk"),
                origin=rng.choices(list(Origin), [30, 25, 20, 10, 15])[0],
                status=status,
                not_taken_up_reason=rng.choice(NOT_TAKEN_UP_REASONS) if status == ItemStatus.NOT_TAKEN_UP else "",
                planned_year=planned[0] if planned else None,
                planned_quarter=planned[1] if planned else None,
                owner_id=rng.choice(place.members) if place.members and rng.random() < 0.8 else None,
                municipal_contact_id=contact,
                is_public=rng.random() < 0.9,
                request_id=rng.choice(request_ids) if request_ids and rng.random() < 0.03 else None,
                referred_to_region_at=created_at + timedelta(days=7)
                if place.municipality_id and rng.random() < 0.05
                else None,
                created_at=created_at,
            )
        )
        extras.append(
            (
                rng.sample(themes, rng.choice((1, 1, 2))),
                [wijk] if wijk else [],
                rng.sample(place.signals, min(len(place.signals), rng.choice((0, 0, 1, 2, 3)))),
            )
        )
    with transaction.atomic():
        created = AgendaItem.objects.bulk_create(rows)
        through = AgendaItem.themes.through
        wijk_through = AgendaItem.neighbourhoods.through
        signal_through = AgendaItem.signals.through
        through.objects.bulk_create(
            through(agendaitem_id=item.pk, theme_id=theme)
            for item, extra in zip(created, extras, strict=True)
            for theme in extra[0]
        )
        wijk_through.objects.bulk_create(
            wijk_through(agendaitem_id=item.pk, neighbourhood_id=wijk)
            for item, extra in zip(created, extras, strict=True)
            for wijk in extra[1]
        )
        signal_through.objects.bulk_create(
            signal_through(agendaitem_id=item.pk, signal_id=signal)
            for item, extra in zip(created, extras, strict=True)
            for signal in extra[2]
        )
    return len(created)


def _add_requests(
    count: int,
    councils: list[_LargeCouncil],
    themes: list[int],
    advisors: dict[int, int | None],
    rng: random.Random,
) -> int:
    now = timezone.now()
    today = timezone.localdate(now)
    local = [c for c in councils if c.municipality_id]
    regional = [c for c in councils if not c.municipality_id]
    municipality_ids = [c.municipality_id for c in local if c.municipality_id]
    if not local:
        return 0
    rows, extras = [], []
    for _ in range(count):
        if regional and rng.random() < 0.25:
            place = regional[0]
            municipality_id = rng.choice(municipality_ids)
        else:
            place = rng.choice(local)
            municipality_id = place.municipality_id or municipality_ids[0]
        spec = rng.choice(REQUESTS)
        filed_at = _large_when(rng, now)
        wanted_by = timezone.localdate(filed_at) + timedelta(days=rng.randint(14, 60))
        age_days = (today - timezone.localdate(filed_at)).days
        if wanted_by < today - timedelta(days=30):
            # Long past the wanted date: answered, nearly always (a few are still late).
            status = rng.choices(list(RequestStatus), [1, 1, 20, 78])[0]
        else:
            status = rng.choices(list(RequestStatus), [35, 35, 20, 10])[0]
        acknowledged = filed_at + timedelta(days=rng.randint(1, 7)) if status != RequestStatus.SUBMITTED else None
        answered = None
        if status in (RequestStatus.ADVISED, RequestStatus.DONE):
            answered = filed_at + timedelta(days=rng.randint(7, max(8, min(age_days, 70))))
            answered = min(answered, now)
        board = place.members[0] if place.members else None
        phase = spec.phase if rng.random() < 0.5 else rng.choice(list(Phase))
        rows.append(
            EarlyInvolvementRequest(
                council_id=place.council_id,
                municipality_id=municipality_id,
                filed_by_id=advisors.get(municipality_id),
                filed_at=filed_at,
                title=spec.title,
                phase=phase,
                phase_at_filing=phase,
                question=spec.question,
                known_information="Er ligt een eerste verkenning van de gemeente.",
                stakeholders="Het wijkteam en het welzijnswerk.",
                wanted_by=wanted_by,
                formal_advice_expected=rng.random() < 0.3,
                status=status,
                acknowledged_at=acknowledged,
                acknowledged_by_id=board if acknowledged else None,
                answered_at=answered,
                closed_at=min(answered + timedelta(days=14), now)
                if answered and status == RequestStatus.DONE
                else None,
                reminder_sent_at=filed_at if wanted_by < today else None,
            )
        )
        extras.append((rng.sample(themes, rng.choice((1, 2))), board, answered))
    with transaction.atomic():
        created = EarlyInvolvementRequest.objects.bulk_create(rows)
        through = EarlyInvolvementRequest.themes.through
        through.objects.bulk_create(
            through(earlyinvolvementrequest_id=r.pk, theme_id=theme)
            for r, extra in zip(created, extras, strict=True)
            for theme in extra[0]
        )
        advices = ParticipationAdvice.objects.bulk_create(
            ParticipationAdvice(
                request_id=r.pk,
                summary=ADVICE_SUMMARY,
                client_perspective=CLIENT_PERSPECTIVE,
                experts="Twee ervaringsdeskundigen uit het expertteam.",
                given_at=extra[2],
                given_by_id=extra[1],
            )
            for r, extra in zip(created, extras, strict=True)
            if extra[2] is not None
        )
        RecommendedGroup.objects.bulk_create(
            RecommendedGroup(advice_id=advice.pk, target_group=g.target_group, forms=list(g.forms), timing=g.timing)
            for advice in advices
            for g in ADVICE_GROUPS[:3]
        )
    return len(created)
