"""Demo data of the tables (issue 10, point 8): fifteen temporary participation tables across the four
councils and every status, with seats of every stakeholder type (people from the expert network, accounts
and guests), past meetings with minutes and attendance, coming meetings with invitations in every state,
join requests, and a periodic consultation between each council and its municipality.

Deterministic and looked up by natural keys (a table by its council and title, a seat by its table and
person, a meeting by its table and title, a council's consultations by their council, an invitation by
its meeting and address, a join request by its table and address), so seeding twice adds nothing. Rows
are made with the ORM, so each table has its history. Rule 1 holds: an active table has a client who
accepted; a concluded one has a written client perspective.

The invitations' tokens are drawn and only their hash is kept: nobody knows the link of a demo invitation
(a member sends a new one from the meeting's page).

``seed_large()`` adds the benchmark's 2,000 tables, 20,000 meetings, 100,000 invitations and 5,000 people
in the expert network (PostgreSQL, bulk inserts in batches; see below).
"""

from __future__ import annotations

import hashlib
import random
import secrets
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from agenda.cache import bump_public_agenda_version
from agenda.models import AgendaItem, EarlyInvolvementRequest, ItemStatus, ParticipationForm, TargetGroup
from councils.models import Council, Neighbourhood, Theme
from infrastructure.large_seed import require_postgresql
from members.models import (
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

from .cache import bump_public_tables_version
from .models import (
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Meeting,
    MeetingKind,
    Need,
    Response,
    Seat,
    SeatStatus,
    StakeholderType,
    Table,
    TableOrigin,
    TableScope,
    TableStatus,
)

VELSEN, BEVERWIJK, HEEMSKERK, REGION = (
    "participatieraad-velsen",
    "participatieraad-beverwijk",
    "participatieraad-heemskerk",
    "regionale-participatieraad-ijmond",
)
# Who forms each council's tables in the demo (an account that sits on it), and the policy advisors.
ORGANISERS = {
    VELSEN: "lid.velsen@example.org",
    BEVERWIJK: "lid.beverwijk@example.org",
    HEEMSKERK: "lid.heemskerk@example.org",
    REGION: "lid.regio@example.org",
}
ADVISORS = {VELSEN: "beleid.velsen@example.org", BEVERWIJK: "beleid.beverwijk@example.org"}

LOCATIONS = {
    VELSEN: ("Stadhuis Velsen, Dudokplein 1, IJmuiden", "Rolstoeltoegankelijk, ringleiding in de raadszaal."),
    BEVERWIJK: (
        "Stadhuis Beverwijk, Stationsplein 48",
        "Rolstoeltoegankelijk via de zij-ingang; invalidenparkeerplaats voor de deur.",
    ),
    HEEMSKERK: ("Raadhuis Heemskerk, Maerten van Heemskerckplein 1", "Rolstoeltoegankelijk, ringleiding."),
    REGION: (
        "Wijkcentrum De Hofstede, IJmuiden (demo)",
        "Alles gelijkvloers, een invalidentoilet; op verzoek een gebarentolk.",
    ),
}

# --- The tables ------------------------------------------------------------------------------------

# A seat: (stakeholder type, who, seat status[, organisation name]). Who: ("expert", name), ("user",
# e-mail) or ("guest", name, e-mail).
SeatSpec = tuple[Any, ...]

C, MZ, INW, JONG, PROF, ORG, LID, BA = (
    StakeholderType.CLIENT,
    StakeholderType.CARER,
    StakeholderType.RESIDENT,
    StakeholderType.YOUNG,
    StakeholderType.PROFESSIONAL,
    StakeholderType.ORGANISATION,
    StakeholderType.COUNCIL_MEMBER,
    StakeholderType.POLICY_ADVISOR,
)
IN, YES, NO, LEFT = SeatStatus.INVITED, SeatStatus.ACCEPTED, SeatStatus.DECLINED, SeatStatus.LEFT


@dataclass(frozen=True)
class TableSpec:
    council: str
    title: str
    question: str
    origin: str
    status: str
    themes: tuple[str, ...]
    seats: tuple[SeatSpec, ...]
    # The request's title, or theme slugs that find the agenda item (the first of the council with one).
    source: str = ""
    scope: str = TableScope.LOCAL
    target_groups: tuple[str, ...] = (TargetGroup.CLIENTS,)
    forms: tuple[str, ...] = (ParticipationForm.TABLE,)
    is_public: bool = True
    wijken: tuple[str, ...] = ()
    started_days_ago: int = 60
    outcome: str = ""
    client_perspective: str = ""
    join_requests: tuple[tuple[str, str, str, str], ...] = ()  # (name, e-mail, stakeholder type, status)


def _guest(name: str) -> tuple[str, str, str]:
    return ("guest", name, f"{name.lower().replace(' ', '.')}@example.org")


TABLES = [
    TableSpec(
        VELSEN,
        "Tafel vroegsignalering schulden",
        "Hoe bereikt de gemeente mensen met een betalingsachterstand vroeg, zonder dat zij zich schamen of "
        "bang worden? Wat werkt wel en wat niet, volgens de mensen die het zelf meemaakten?",
        TableOrigin.REQUEST,
        TableStatus.ACTIVE,
        ("schulden", "armoede-en-schulden"),
        (
            (C, ("expert", "Ria Koster"), YES),
            (C, ("expert", "Latifa Amrani"), YES),
            (C, ("expert", "Mustafa Aydin"), IN),
            (PROF, _guest("Wendy Schaap"), YES, "Sociaal Wijkteam IJmuiden-Noord"),
            (ORG, _guest("Karel Post"), YES, "Belangengroep Minima Velsen"),
            (LID, ("user", "lid.velsen@example.org"), YES),
            (BA, ("user", "beleid.velsen@example.org"), YES),
        ),
        source="Schuldhulpverlening: vroegsignalering bij betalingsachterstanden",
        target_groups=(TargetGroup.CLIENTS, TargetGroup.PROFESSIONALS),
        forms=(ParticipationForm.TABLE, ParticipationForm.STREET),
        started_days_ago=45,
        join_requests=(
            ("Sandra Bakker", "sandra.bakker@example.org", INW, JoinRequestStatus.PENDING),
            ("Erik Jansen", "erik.jansen@example.org", C, JoinRequestStatus.DECLINED),
        ),
    ),
    TableSpec(
        VELSEN,
        "Tafel kindpakket: meedoen voor elk kind",
        "Het kindpakket wordt herzien. Wat hebben kinderen en ouders met weinig geld echt nodig om mee te "
        "doen met school, sport en cultuur?",
        TableOrigin.REQUEST,
        TableStatus.CONCLUDED,
        ("armoede-en-schulden", "jeugd"),
        (
            (C, ("expert", "Latifa Amrani"), YES),
            (MZ, ("expert", "Kim Roos"), YES),
            (JONG, _guest("Noor Visser"), YES),
            (PROF, _guest("Joost Mulder"), YES, "Basisschool De Vuurtoren"),
            (ORG, _guest("Hanneke Duin"), LEFT, "Vrijwilligerspunt Velsen"),
            (LID, ("user", "voorzitter.velsen@example.org"), YES),
            (BA, ("user", "beleid.velsen@example.org"), YES),
        ),
        source="Armoede en meedoen: herziening van het kindpakket",
        target_groups=(TargetGroup.CLIENTS, TargetGroup.YOUTH, TargetGroup.ORGANISATIONS),
        started_days_ago=160,
        outcome="Het kindpakket komt voortaan via school en sportclub bij de ouders, met een aanvraag van één "
        "kantje. De gemeente neemt de zes adviezen van de tafel over in het nieuwe plan.",
        client_perspective="Ouders willen niet steeds opnieuw laten zien dat ze weinig geld hebben. Eén keer "
        "aanvragen voor een heel jaar, en een contactpersoon op school die ze al kennen, maakt het verschil.",
    ),
    TableSpec(
        VELSEN,
        "Tafel respijtzorg voor mantelzorgers",
        "Er komt een nieuwe regeling voor respijtzorg. Wat hebben mantelzorgers nodig om even op adem te "
        "komen, en hoe vinden zij de weg naar die hulp?",
        TableOrigin.REQUEST,
        TableStatus.FORMING,
        ("mantelzorg", "zorg-en-ondersteuning"),
        (
            (C, ("expert", "Truus Jonker"), IN),
            (MZ, ("expert", "Ans Timmer"), YES),
            (MZ, ("expert", "Monique Vink"), NO),
            (ORG, _guest("Greetje Kok"), IN, "Mantelzorgplatform IJmond"),
            (LID, ("user", "lid.velsen@example.org"), YES),
        ),
        source="Mantelzorgondersteuning: een nieuwe respijtregeling",
        target_groups=(TargetGroup.CARERS, TargetGroup.CLIENTS),
        started_days_ago=12,
        join_requests=(
            ("Marga de Boer", "marga.de.boer@example.org", MZ, JoinRequestStatus.PENDING),
            ("Piet Hoogeveen", "piet.hoogeveen@example.org", MZ, JoinRequestStatus.PENDING),
        ),
    ),
    TableSpec(
        VELSEN,
        "Tafel toegankelijk strand IJmuiden",
        "Hoe kan iedereen, ook met een rolstoel of rollator, bij het water komen? Wat moet er komen: een "
        "looppad, een toilet, een strandrolstoel?",
        TableOrigin.AGENDA_ITEM,
        TableStatus.CONCLUDING,
        ("toegankelijkheid", "openbare-ruimte"),
        (
            (C, ("expert", "Henk Molenaar"), YES),
            (C, ("expert", "Gerrit Hoekstra"), YES),
            (JONG, _guest("Daan Smit"), YES),
            (INW, _guest("Ellen de Waal"), YES),
            (ORG, _guest("Ruben Kramer"), YES, "Sportclub Stormvogels"),
            (LID, ("user", "lid.velsen@example.org"), YES),
        ),
        source="toegankelijkheid",
        target_groups=(TargetGroup.DISABLED, TargetGroup.RESIDENTS),
        forms=(ParticipationForm.TABLE, ParticipationForm.STREET),
        wijken=("IJmuiden",),
        started_days_ago=120,
        join_requests=(("Ellen de Waal", "ellen.de.waal@example.org", INW, JoinRequestStatus.ACCEPTED),),
    ),
    TableSpec(
        VELSEN,
        "Jongeren en de pont in Velsen-Noord",
        "Jongeren uit Velsen-Noord moeten voor school, werk en sport met de pont. Wat betekent dat voor hen, "
        "en wat zou helpen?",
        TableOrigin.OWN_INITIATIVE,
        TableStatus.FORMING,
        ("vervoer", "jeugd"),
        (
            (JONG, _guest("Sem Bouali"), IN),
            (JONG, _guest("Lisa Verhagen"), YES),
            (PROF, _guest("Arno Dekker"), IN, "Sociaal Wijkteam Velserbroek"),
            (LID, ("user", "voorzitter.velsen@example.org"), YES),
        ),
        target_groups=(TargetGroup.YOUTH,),
        forms=(ParticipationForm.YOUTH_PANEL, ParticipationForm.TABLE),
        is_public=False,
        wijken=("Velsen-Noord",),
        started_days_ago=6,
    ),
    TableSpec(
        BEVERWIJK,
        "Tafel eenzaamheid in Wijk aan Zee",
        "Hoe vinden ouderen in Wijk aan Zee die alleen zijn elkaar, en wie kan daarbij helpen?",
        TableOrigin.REQUEST,
        TableStatus.ACTIVE,
        ("eenzaamheid",),
        (
            (C, ("expert", "Karin Veldman"), YES),
            (MZ, ("expert", "Wilma Roozendaal"), IN),
            (INW, _guest("Tinus Zeeman"), YES),
            (ORG, _guest("Marloes Bos"), YES, "Welzijnshuis De Zeemeeuw"),
            (LID, ("user", "lid.beverwijk@example.org"), YES),
            (BA, ("user", "beleid.beverwijk@example.org"), YES),
        ),
        source="Eenzaamheid onder ouderen in Wijk aan Zee",
        target_groups=(TargetGroup.ELDERLY, TargetGroup.CLIENTS),
        wijken=("Wijk aan Zee",),
        started_days_ago=70,
    ),
    TableSpec(
        BEVERWIJK,
        "Tafel schuldhulp: wat vinden cliënten?",
        "De schuldhulpverlening wordt geëvalueerd. Hoe ervoeren de mensen die hulp kregen het traject?",
        TableOrigin.REQUEST,
        TableStatus.CONCLUDED,
        ("schulden",),
        (
            (C, ("expert", "Nadia Haddou"), YES),
            (C, ("expert", "Hamid Bouzid"), YES),
            (PROF, _guest("Ingrid Vos"), YES, "Wijkteam Beverwijk-Oost"),
            (LID, ("user", "lid.beverwijk@example.org"), YES),
            (BA, ("user", "beleid.beverwijk@example.org"), YES),
        ),
        source="Evaluatie van de schuldhulpverlening",
        started_days_ago=210,
        outcome="Vijf verbeterpunten voor de evaluatie: één vaste contactpersoon, brieven in gewone taal, "
        "sneller een eerste gesprek, hulp bij de papieren thuis en een nazorggesprek na een jaar.",
        client_perspective="Cliënten voelden zich vaak een dossier. Wat hielp: een hulpverlener die terugbelde, "
        "en iemand die meeging naar de eerste afspraak.",
    ),
    TableSpec(
        BEVERWIJK,
        "Tafel toegankelijk centrum en Bazaar",
        "Waar lopen mensen met een beperking tegenaan in het centrum en op de Bazaar, en wat moet eerst?",
        TableOrigin.REQUEST,
        TableStatus.FORMING,
        ("toegankelijkheid",),
        (
            (C, ("expert", "Co Bijl"), YES),
            (INW, _guest("Fatma Yildiz"), IN),
            (ORG, _guest("Rik Hartman"), YES, "Platform Meedoen Beverwijk"),
            (LID, ("user", "lid.beverwijk@example.org"), YES),
        ),
        source="Toegankelijkheid van het centrum en de Bazaar",
        target_groups=(TargetGroup.DISABLED, TargetGroup.CLIENTS),
        wijken=("Centrum",),
        started_days_ago=9,
    ),
    TableSpec(
        BEVERWIJK,
        "Tafel jeugdhulp dichtbij",
        "Wat hebben gezinnen nodig terwijl ze wachten op jeugdhulp, en wie in de wijk kan dan helpen?",
        TableOrigin.AGENDA_ITEM,
        TableStatus.ACTIVE,
        ("jeugd", "onderwijs-en-jeugdhulp"),
        (
            (C, ("expert", "Stefan Nieuwland"), YES),
            (MZ, ("expert", "Petra Wijnands"), YES),
            (JONG, _guest("Milan de Groot"), YES),
            (PROF, _guest("Astrid Brouwer"), NO, "Praktijkschool De Golfbreker"),
            (LID, ("user", "lid.beverwijk@example.org"), YES),
        ),
        source="jeugd",
        target_groups=(TargetGroup.YOUTH, TargetGroup.CARERS, TargetGroup.CLIENTS),
        started_days_ago=50,
    ),
    TableSpec(
        HEEMSKERK,
        "Tafel dementievriendelijk Heemskerk",
        "Hoe worden winkels, clubs en de bibliotheek plekken waar mensen met dementie en hun mantelzorgers "
        "zich welkom voelen?",
        TableOrigin.AGENDA_ITEM,
        TableStatus.ACTIVE,
        ("mantelzorg", "zorg-en-ondersteuning"),
        (
            (C, ("expert", "Greet Bleeker"), YES),
            (MZ, ("expert", "Lies van Wijk"), YES),
            (ORG, _guest("Anja Veenstra"), YES, "Mantelzorgcafé Heemskerk"),
            (INW, _guest("Bert Pronk"), YES),
            (LID, ("user", "lid.heemskerk@example.org"), YES),
        ),
        source="mantelzorg",
        target_groups=(TargetGroup.CARERS, TargetGroup.ELDERLY, TargetGroup.CLIENTS),
        started_days_ago=80,
    ),
    TableSpec(
        HEEMSKERK,
        "Tafel jongerenwerk Broekpolder",
        "Wat willen jongeren in de Broekpolder van een jongerenwerker, en waar kunnen ze samenkomen?",
        TableOrigin.AGENDA_ITEM,
        TableStatus.FORMING,
        ("jeugd",),
        (
            (C, ("expert", "Fenna Zandvoort"), IN),
            (JONG, _guest("Jesse Tol"), YES),
            (ORG, _guest("Yara Bakker"), YES, "Jongerenraad Heemskerk"),
            (LID, ("user", "lid.regio@example.org"), YES),
        ),
        source="jeugd",
        target_groups=(TargetGroup.YOUTH,),
        forms=(ParticipationForm.YOUTH_PANEL, ParticipationForm.TABLE),
        wijken=("Broekpolder",),
        started_days_ago=15,
        join_requests=(("Tygo Schermer", "tygo.schermer@example.org", JONG, JoinRequestStatus.PENDING),),
    ),
    TableSpec(
        HEEMSKERK,
        "Tafel werk naar vermogen",
        "Wat helpt mensen met een bijstandsuitkering om stap voor stap aan het werk te gaan?",
        TableOrigin.OWN_INITIATIVE,
        TableStatus.CONCLUDED,
        ("werk-en-inkomen",),
        (
            (C, ("expert", "Orhan Demir"), YES),
            (C, ("expert", "Bas Tromp"), YES),
            (PROF, _guest("Sabine Kuijpers"), YES, "Cliëntenraad Werkbedrijf IJmond"),
            (LID, ("user", "lid.heemskerk@example.org"), YES),
        ),
        started_days_ago=260,
        outcome="De raad stuurt de gemeente een ongevraagd advies: minder verplichte sollicitaties in het "
        "eerste jaar, meer vrijwilligerswerk met behoud van uitkering en een vaste werkcoach.",
        client_perspective="Wie lang thuis zat, wil eerst weer ritme en zelfvertrouwen. Drang werkt averechts; "
        "een coach die meedenkt werkt wel.",
    ),
    TableSpec(
        REGION,
        "Tafel regiotaxi",
        "De regiotaxi wordt opnieuw aanbesteed. Wat moet beter volgens de mensen die er elke week mee rijden?",
        TableOrigin.REQUEST,
        TableStatus.ACTIVE,
        ("vervoer",),
        (
            (C, ("expert", "Jan-Willem Borst"), YES),
            (C, ("expert", "Peter Duijn"), YES),
            (MZ, ("expert", "Sylvia Hoogland"), YES),
            (C, ("expert", "Elly Verburg"), LEFT),
            (ORG, _guest("Theo Brand"), YES, "Belangenvereniging Samen Toegankelijk IJmond"),
            (LID, ("user", "lid.regio@example.org"), YES),
            (BA, ("user", "beleid.velsen@example.org"), YES),
        ),
        source="Doelgroepenvervoer: nieuwe aanbesteding regiotaxi",
        scope=TableScope.REGIONAL,
        target_groups=(TargetGroup.DISABLED, TargetGroup.ELDERLY, TargetGroup.CLIENTS),
        started_days_ago=90,
    ),
    TableSpec(
        REGION,
        "Tafel uitstroom beschermd wonen",
        "Wat hebben mensen nodig die vanuit beschermd wonen naar een gewone woning gaan?",
        TableOrigin.REQUEST,
        TableStatus.CONCLUDING,
        ("beschermd-wonen",),
        (
            (C, ("expert", "Elly Verburg"), YES),
            (C, ("expert", "Annemarie Brink"), YES),
            (PROF, _guest("Gijs Vermeer"), YES, "Cliëntenraad Beschermd Wonen De Kustlijn"),
            (LID, ("user", "lid.regio@example.org"), YES),
        ),
        source="Beschermd wonen: uitstroom naar een gewone woning",
        scope=TableScope.REGIONAL,
        started_days_ago=140,
    ),
    TableSpec(
        REGION,
        "Tafel werkfit-trajecten",
        "Hoe maken de drie gemeenten werkfit-trajecten die passen bij mensen met een beperking?",
        TableOrigin.REQUEST,
        TableStatus.CONCLUDED,
        ("werk-en-inkomen",),
        (
            (C, ("expert", "Maarten Sluis"), YES),
            (C, ("expert", "Hamid Bouzid"), YES),
            (PROF, _guest("Lieke Dam"), YES, "Aangepast Sporten IJmond"),
            (LID, ("user", "lid.regio@example.org"), YES),
        ),
        source="Arbeidsmarktregio: werkfit-trajecten voor mensen met een beperking",
        scope=TableScope.REGIONAL,
        started_days_ago=300,
        outcome="Een werkfit-traject begint voortaan met een gesprek over wat iemand kan en wil, en de "
        "jobcoach blijft een half jaar na de start betrokken.",
        client_perspective="Mensen met een beperking willen niet in een standaard traject. Ze vroegen om tijd, "
        "een vaste coach en een werkgever die weet wat de beperking inhoudt.",
    ),
]

MINUTES = (
    "Aanwezig: zie de presentielijst.\n\n"
    "1. Kennismaking. Iedereen vertelde waarom deze vraag voor hem of haar belangrijk is.\n"
    "2. De vraag van de gemeente. De beleidsadviseur lichtte toe wat er al ligt.\n"
    "3. Ervaringen. De cliënten aan tafel vertelden wat zij meemaakten; de belangrijkste punten staan "
    "op het flap-over en zijn bijgevoegd.\n"
    "4. Afspraken. De raad zet de punten op een rij; de volgende keer bespreken we wat eerst moet."
)
AGENDA = "1. Welkom en kennismaking\n2. De vraag van de gemeente\n3. Ervaringen aan tafel\n4. Afspraken"

# Answers of a coming meeting's invitations, in turn: every state, some with needs.
FUTURE_ANSWERS: list[tuple[str, list[str], str]] = [
    (Response.YES, [Need.TRANSPORT], "Ik gebruik een rolstoel; graag vervoer met een lift."),
    (Response.NONE, [], ""),
    (Response.MAYBE, [Need.EASY_READ], ""),
    (Response.NO, [], ""),
    (Response.YES, [Need.INTERPRETER, Need.DIETARY], "Een gebarentolk, en ik eet glutenvrij."),
    (Response.YES, [], ""),
    (Response.NONE, [], ""),
    (Response.MAYBE, [Need.OTHER], "Ik kan pas na half acht."),
]


@dataclass
class _World:
    now: datetime
    today: date
    councils: dict[str, Council]
    themes: dict[str, Theme]
    wijken: dict[tuple[int, str], Neighbourhood]
    people: dict[str, User]
    experts: dict[str, ExpertProfile]
    organisations: dict[str, NetworkOrganisation]
    members: dict[int, list[User]] = field(default_factory=dict)


def seed() -> int:
    """Create the demo tables, seats, meetings, invitations and join requests that do not exist yet;
    returns how many tables and meetings were created."""
    world = _world()
    if len(world.councils) < 4 or not world.experts:
        raise RuntimeError("The tables' demo builds on the councils, members and agenda: run their demo first.")
    created = 0
    for spec in TABLES:
        created += _seed_table(world, spec)
    created += _seed_consultations(world)
    return created


def counts() -> dict[str, int]:
    return {
        "tafels": Table.objects.count(),
        "plaatsen aan tafel": Seat.objects.count(),
        "bijeenkomsten": Meeting.objects.count(),
        "uitnodigingen": Invitation.objects.count(),
    }


def _world() -> _World:
    now = timezone.now()
    emails = {*ORGANISERS.values(), *ADVISORS.values(), "voorzitter.velsen@example.org"}
    members: dict[int, list[User]] = defaultdict(list)
    for seat in Membership.objects.active().select_related("person").order_by("council_id", "person__email"):
        members[seat.council_id].append(seat.person)
    return _World(
        now=now,
        today=timezone.localdate(now),
        councils={c.slug: c for c in Council.objects.select_related("municipality")},
        themes={t.slug: t for t in Theme.objects.all()},
        wijken={(n.municipality_id, n.name): n for n in Neighbourhood.objects.all()},
        people={u.email: u for u in User.objects.filter(email__in=emails)},
        # The demo's people in the network by name (the large seed's have numbered addresses).
        experts={e.name: e for e in ExpertProfile.objects.exclude(email__startswith=LARGE_EXPERT_PREFIX)},
        organisations={o.name: o for o in NetworkOrganisation.objects.all()},
        members=members,
    )


def token_hash() -> str:
    """The hash of a fresh token that nobody keeps: a demo invitation's link is unknown."""
    return hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest()


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(hour, minute)))


def _save(instance: Any, *, by: User | None, at: datetime) -> None:
    """Save through the ORM, so that simple-history records the step with who and when."""
    instance._history_user = by
    instance._history_date = at
    instance.save()


def _source(world: _World, spec: TableSpec, council: Council) -> dict[str, Any]:
    if spec.origin == TableOrigin.REQUEST:
        request = EarlyInvolvementRequest.objects.filter(council=council, title=spec.source).order_by("pk").first()
        if request is None:
            raise RuntimeError(f"The agenda's demo has no request {spec.source!r}: run its demo first.")
        return {"request": request}
    if spec.origin == TableOrigin.AGENDA_ITEM:
        items = AgendaItem.objects.filter(council=council).order_by("pk")
        item = (
            items.filter(themes__slug=spec.source, status__in=[ItemStatus.SCHEDULED, ItemStatus.IN_PROGRESS]).first()
            or items.filter(status__in=[ItemStatus.SCHEDULED, ItemStatus.IN_PROGRESS]).first()
            or items.first()
        )
        if item is None:
            raise RuntimeError(f"The agenda's demo has no items for {council}: run its demo first.")
        return {"agenda_item": item}
    return {}


def _seed_table(world: _World, spec: TableSpec) -> int:
    council = world.councils[spec.council]
    # The first by number: the large seed's tables may share a demo table's title.
    table = Table.objects.filter(council=council, title=spec.title).order_by("pk").first()
    created = 0
    organiser = world.people.get(ORGANISERS[spec.council])
    started = world.now - timedelta(days=spec.started_days_ago, hours=3)
    if table is None:
        source = _source(world, spec, council)
        table = Table(
            council=council,
            title=spec.title,
            question=spec.question,
            origin=spec.origin,
            scope=spec.scope,
            target_groups=list(spec.target_groups),
            participation_forms=list(spec.forms),
            planned_start=timezone.localdate(started) + timedelta(days=14),
            planned_end=timezone.localdate(started) + timedelta(days=spec.started_days_ago + 120),
            is_public=spec.is_public,
            created_at=started,
            created_by=organiser,
            **source,
        )
        table.full_clean()
        _save(table, by=organiser, at=started)
        table.themes.set([world.themes[s] for s in spec.themes if s in world.themes])
        if council.municipality_id:
            table.neighbourhoods.set(
                [
                    world.wijken[(council.municipality_id, w)]
                    for w in spec.wijken
                    if (council.municipality_id, w) in world.wijken
                ]
            )
        item = source.get("agenda_item")
        if item is not None:
            table.signals.set(list(item.signals.order_by("pk")[:3]))
        created += 1
    seats = [_seat(world, table, seat, added_at=started + timedelta(days=2), by=organiser) for seat in spec.seats]
    if created:
        _walk_status(world, table, spec, started, by=organiser)
    created += _seed_meetings(world, table, spec, seats, started, by=organiser)
    _seed_join_requests(world, table, spec, started, by=organiser)
    return created


def _seat(world: _World, table: Table, spec: SeatSpec, *, added_at: datetime, by: User | None) -> Seat:
    stakeholder_type, who, status = spec[0], spec[1], spec[2]
    organisation = world.organisations.get(spec[3]) if len(spec) > 3 else None
    lookup: dict[str, Any]
    if who[0] == "expert":
        expert = world.experts.get(who[1])
        if expert is None:
            raise RuntimeError(f"The members' demo has no expert {who[1]!r}: run its demo first.")
        lookup = {"expert": expert}
    elif who[0] == "user":
        user = world.people.get(who[1])
        if user is None:
            raise RuntimeError(f"The members' demo has no account {who[1]!r}: run its demo first.")
        lookup = {"user": user}
    else:
        lookup = {"guest_email": who[2]}
    seat = Seat.objects.filter(table=table, **lookup).first()
    if seat is not None:
        return seat
    seat = Seat(
        table=table,
        stakeholder_type=stakeholder_type,
        organisation=organisation,
        guest_name=who[1] if who[0] == "guest" else "",
        status=status,
        accepted_at=added_at + timedelta(days=3) if status in (YES, LEFT) else None,
        left_at=added_at + timedelta(days=40) if status == LEFT else None,
        added_at=added_at,
        added_by=by,
        **lookup,
    )
    _save(seat, by=by, at=added_at)
    return seat


def _walk_status(world: _World, table: Table, spec: TableSpec, started: datetime, *, by: User | None) -> None:
    """Move a new table along in oprichting → actief → afronding → afgerond, a step at a time (rule 1
    holds at each: the spec seats an accepted client on every table beyond in oprichting)."""
    steps = [TableStatus.ACTIVE, TableStatus.CONCLUDING, TableStatus.CONCLUDED]
    wanted = {TableStatus.FORMING: 0, TableStatus.ACTIVE: 1, TableStatus.CONCLUDING: 2, TableStatus.CONCLUDED: 3}
    span = spec.started_days_ago
    for number, status in enumerate(steps[: wanted[TableStatus(spec.status)]], start=1):
        at = started + timedelta(days=min(span * number // 4, span - 1), hours=1)
        if status == TableStatus.ACTIVE and not table.seats.filter(stakeholder_type=C, status=YES).exists():
            raise RuntimeError(f"Rule 1: demo table {table.title!r} has no client who accepted.")
        table.status = status
        if status == TableStatus.CONCLUDED:
            table.outcome_summary = spec.outcome
            table.client_perspective = spec.client_perspective
            table.concluded_at = at
        table.full_clean()
        _save(table, by=by, at=at)


def _meeting_plan(spec: TableSpec, started: datetime, today: date) -> list[tuple[str, date, bool]]:
    """(title, day, is past) of a table's meetings by its status: past ones with minutes for the tables
    that met, a coming one for the tables still at work."""
    start_day = timezone.localdate(started)
    past_titles = ["Eerste bijeenkomst", "Tweede bijeenkomst", "Derde bijeenkomst"]
    met = {TableStatus.FORMING: 0, TableStatus.ACTIVE: 2, TableStatus.CONCLUDING: 3, TableStatus.CONCLUDED: 3}
    count = met[TableStatus(spec.status)]
    plan = []
    for index in range(count):
        day = start_day + timedelta(days=(spec.started_days_ago - 5) * (index + 1) // (count + 1))
        plan.append((past_titles[index], min(day, today - timedelta(days=2)), True))
    if spec.status == TableStatus.FORMING:
        plan.append(("Startbijeenkomst", today + timedelta(days=12 + len(spec.title) % 7), False))
    elif spec.status == TableStatus.ACTIVE:
        plan.append(("Volgende bijeenkomst", today + timedelta(days=5 + len(spec.title) % 9), False))
    elif spec.status == TableStatus.CONCLUDING:
        plan.append(("Slotbijeenkomst", today + timedelta(days=18), False))
    return plan


def _seed_meetings(
    world: _World, table: Table, spec: TableSpec, seats: list[Seat], started: datetime, *, by: User | None
) -> int:
    existing = set(table.meetings.values_list("title", flat=True))
    location, notes = LOCATIONS[spec.council]
    created = 0
    for number, (title, day, past) in enumerate(_meeting_plan(spec, started, world.today)):
        if title in existing:
            continue
        hour = 19 if number % 2 == 0 else 14
        meeting = Meeting(
            council=table.council,
            table=table,
            kind=MeetingKind.TABLE,
            title=title,
            starts_at=_at(day, hour, 30 if hour == 19 else 0),
            ends_at=_at(day, hour + 2),
            location=location,
            accessibility_notes=notes,
            online_url="https://meet.example.org/ijmond-tafel" if number % 3 == 1 else "",
            agenda=AGENDA,
            minutes=MINUTES if past else "",
            created_at=min(started + timedelta(days=3 + number), world.now),
            created_by=by,
        )
        meeting.full_clean()
        _save(meeting, by=by, at=meeting.created_at)
        created += 1
        invited = [s for s in seats if s.status in (YES, IN) or (past and s.status == LEFT)]
        _invite(meeting, [(s, None, s.person_name, s.email) for s in invited], past=past)
    return created


def _invite(meeting: Meeting, people: list[tuple[Seat | None, User | None, str, str]], *, past: bool) -> None:
    """One invitation per person: past meetings with answers and attendance, coming ones in every state."""
    rows = []
    sent = meeting.created_at + timedelta(hours=1)
    unique = {p[3]: p for p in reversed(people) if p[3]}  # one per address (the first one named)
    for index, (seat, user, name, email) in enumerate(p for p in people if p[3] and unique[p[3]] is p):
        response: str
        needs: list[str]
        if past:
            response = Response.NO if index % 5 == 4 else Response.YES
            needs, note = ([Need.TRANSPORT], "") if index % 4 == 0 else ([], "")
            attended: bool | None = response == Response.YES and index % 6 != 5
        else:
            response, needs, note = FUTURE_ANSWERS[index % len(FUTURE_ANSWERS)]
            attended = None
        rows.append(
            Invitation(
                meeting=meeting,
                seat=seat,
                user=user,
                name=name[:150],
                email=email,
                token_hash=token_hash(),
                response=response,
                responded_at=None if response == Response.NONE else sent + timedelta(days=1 + index % 3),
                needs=list(needs),
                needs_note=note,
                attended=attended,
                sent_sequence=meeting.sequence,
                created_at=sent,
            )
        )
    Invitation.objects.bulk_create(rows)


def _seed_join_requests(world: _World, table: Table, spec: TableSpec, started: datetime, *, by: User | None) -> None:
    for index, (name, email, stakeholder_type, status) in enumerate(spec.join_requests):
        if JoinRequest.objects.filter(table=table, email=email).exists():
            continue
        created_at = min(started + timedelta(days=4 + index * 3), world.now - timedelta(hours=5))
        decided = status != JoinRequestStatus.PENDING
        seat = table.seats.filter(guest_email=email).first() if status == JoinRequestStatus.ACCEPTED else None
        JoinRequest.objects.create(
            seat=seat,
            table=table,
            name=name,
            email=email,
            stakeholder_type=stakeholder_type,
            message="Ik heb hier zelf ervaring mee en denk graag mee.",
            created_at=created_at,
            status=status,
            decided_at=created_at + timedelta(days=2) if decided else None,
            decided_by=by if decided else None,
        )


def _seed_consultations(world: _World) -> int:
    """The periodic consultation between each council and its municipality (Wmo 2015 art. 2.1.3 lid 3
    (d)): the last one, with minutes, and the next one, with its invitations."""
    created = 0
    for slug, council in sorted(world.councils.items()):
        if Meeting.objects.filter(council=council, kind=MeetingKind.CONSULTATION).exists():
            continue
        place = council.municipality.name if council.municipality else "de IJmond-gemeenten"
        title = (
            f"Periodiek overleg met de gemeente {place}"
            if council.municipality
            else ("Periodiek overleg met de IJmond-gemeenten")
        )
        location, notes = LOCATIONS[slug]
        organiser = world.people.get(ORGANISERS[slug])
        invited: list[tuple[Seat | None, User | None, str, str]] = [
            (None, person, person.full_name or person.email, person.email)
            for person in world.members.get(council.pk, [])
        ]
        advisor = world.people.get(ADVISORS.get(slug, ""))
        if advisor is not None:
            invited.append((None, advisor, advisor.full_name, advisor.email))
        for days, past in ((-45, True), (20 + len(slug) % 5, False)):
            day = world.today + timedelta(days=days)
            meeting = Meeting(
                council=council,
                kind=MeetingKind.CONSULTATION,
                title=title,
                starts_at=_at(day, 15),
                ends_at=_at(day, 17),
                location=location,
                accessibility_notes=notes,
                agenda="1. Stand van de participatieagenda\n2. Lopende tafels en verzoeken\n3. Signalen uit de "
                "wijken\n4. Wat de gemeente de komende maanden voorbereidt",
                minutes="De gemeente lichtte de planning toe; de raad bracht de signalen van het kwartaal in. "
                "Afspraak: de gemeente meldt twee nieuwe trajecten vroeg aan."
                if past
                else "",
                created_at=world.now - timedelta(days=60),
                created_by=organiser,
            )
            meeting.full_clean()
            _save(meeting, by=organiser, at=meeting.created_at)
            _invite(meeting, invited, past=past)
            created += 1
    return created


# --- The benchmark's volume ---------------------------------------------------------------------------
# ``seed_large()`` tops up the expert network to 5,000 people, the tables to 2,000 (each with six or seven
# seats), the meetings to 20,000 (on those tables, and a tenth the councils' own and their consultations)
# and the invitations to 100,000 (one per seat of the meeting's table, or per member of the council), in
# bulk inserts of LARGE_BATCH rows, a transaction per batch. Like the agenda's, these rows have no history
# (simple-history writes on save(), which a bulk insert skips). Every count is a total that includes the
# small demo's rows: a second run adds only what is missing.

LARGE_TABLE_COUNT = 2_000
LARGE_MEETING_COUNT = 20_000
LARGE_INVITATION_COUNT = 100_000
LARGE_EXPERT_COUNT = 5_000
LARGE_BATCH = 2_000
LARGE_YEARS = 3
LARGE_EXPERT_PREFIX = "register."

FIRST_NAMES = ["Anja", "Bert", "Carla", "Dirk", "Eva", "Femke", "Gijs", "Hatice", "Jelle", "Khadija", "Rob", "Tess"]
LAST_NAMES = ["Kramer", "de Boer", "Mulder", "Aydin", "Peters", "Hendriks", "Bakker", "Dekker", "Ouali", "Smit"]


def seed_large(
    *,
    tables: int = LARGE_TABLE_COUNT,
    meetings: int = LARGE_MEETING_COUNT,
    invitations: int = LARGE_INVITATION_COUNT,
    experts: int = LARGE_EXPERT_COUNT,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Top the expert network, tables, meetings and invitations up to these totals; returns how many rows
    of each were added (seats come with their tables). Needs the small demo."""
    require_postgresql()
    councils = list(Council.objects.order_by("pk"))
    themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    if not councils or not themes:
        raise RuntimeError("The large seed builds on the small demo: run seed_demo first.")
    rng = random.Random(tables * 13 + meetings * 7 + invitations + experts)  # noqa: S311 - demo data
    began = time.monotonic()
    added = {"ervaringsdeskundigen": 0, "tafels": 0, "bijeenkomsten": 0, "uitnodigingen": 0}

    def step(name: str, done: int, total: int) -> None:
        if progress:
            progress(f"{name}: {done:,}/{total:,} ({time.monotonic() - began:.0f} s)")

    missing = experts - ExpertProfile.objects.count()
    numbered = ExpertProfile.objects.filter(email__startswith=LARGE_EXPERT_PREFIX).count()
    for offset in range(0, max(missing, 0), LARGE_BATCH):
        count = min(LARGE_BATCH, missing - offset)
        added["ervaringsdeskundigen"] += _add_experts(count, numbered + offset, councils, themes, rng)
        step("ervaringsdeskundigen", offset + count, missing)

    missing = tables - Table.objects.count()
    if missing > 0:
        pools = _LargePools.load(councils)
        for offset in range(0, missing, LARGE_BATCH // 4):
            count = min(LARGE_BATCH // 4, missing - offset)
            added["tafels"] += _add_tables(count, pools, themes, rng)
            step("tafels", offset + count, missing)

    missing = meetings - Meeting.objects.count()
    if missing > 0:
        table_rows = list(
            Table.objects.order_by("pk").values_list("pk", "council_id", "status", "created_at", "concluded_at")
        )
        for offset in range(0, missing, LARGE_BATCH):
            count = min(LARGE_BATCH, missing - offset)
            added["bijeenkomsten"] += _add_meetings(count, table_rows, councils, rng)
            step("bijeenkomsten", offset + count, missing)

    missing = invitations - Invitation.objects.count()
    if missing > 0:
        added["uitnodigingen"] = _add_invitations(missing, rng, lambda done: step("uitnodigingen", done, missing))
    if any(added.values()):
        # Bulk rows send no model signals: the public table pages (and an agenda item's tables) are drawn anew.
        bump_public_tables_version()
        bump_public_agenda_version()
    return added


@dataclass
class _LargePools:
    """What the bulk tables draw from, per council: its network's people, members, advisors, requests,
    agenda items, wijken and network organisations."""

    councils: list[Council]
    experts: dict[int, list[tuple[int, str]]]  # council id -> (expert id, first domain)
    members: dict[int, list[int]]
    advisors: dict[int, list[int]]  # municipality id -> advisor ids
    requests: dict[int, list[int]]
    items: dict[int, list[int]]
    wijken: dict[int, list[int]]
    organisations: list[int]

    @classmethod
    def load(cls, councils: list[Council]) -> _LargePools:
        experts: dict[int, list[tuple[int, str]]] = defaultdict(list)
        active = ExpertProfile.objects.filter(status=ExpertStatus.ACTIVE).order_by("pk")
        for pk, council_id, domains in active.values_list("pk", "council_id", "domains"):
            experts[council_id].append((pk, domains[0] if domains else ""))
        members: dict[int, list[int]] = defaultdict(list)
        for council_id, person_id in (
            Membership.objects.active().order_by("person_id").values_list("council_id", "person_id")
        ):
            members[council_id].append(person_id)
        advisors: dict[int, list[int]] = defaultdict(list)
        for municipality_id, person_id in RoleAssignment.objects.filter(
            role=Role.BELEIDSADVISEUR, municipality__isnull=False
        ).values_list("municipality_id", "person_id"):
            advisors[municipality_id].append(person_id)
        requests: dict[int, list[int]] = defaultdict(list)
        for council_id, pk in EarlyInvolvementRequest.objects.order_by("-pk").values_list("council_id", "pk")[:5_000]:
            requests[council_id].append(pk)
        items: dict[int, list[int]] = defaultdict(list)
        for council_id, pk in AgendaItem.objects.order_by("-pk").values_list("council_id", "pk")[:10_000]:
            items[council_id].append(pk)
        wijken: dict[int, list[int]] = defaultdict(list)
        for pk, municipality_id in Neighbourhood.objects.order_by("pk").values_list("pk", "municipality_id"):
            wijken[municipality_id].append(pk)
        return cls(
            councils=councils,
            experts=experts,
            members=members,
            advisors=advisors,
            requests=requests,
            items=items,
            wijken=wijken,
            organisations=list(NetworkOrganisation.objects.order_by("pk").values_list("pk", flat=True)),
        )


def _large_when(rng: random.Random, now: datetime) -> datetime:
    return now - timedelta(seconds=rng.uniform(0, LARGE_YEARS * 365.25 * 86_400))


def _add_experts(count: int, first: int, councils: list[Council], themes: list[int], rng: random.Random) -> int:
    now = timezone.now()
    domains = list(ExperienceDomain)
    backgrounds = list(ExpertBackground)
    rows, extras = [], []
    for n in range(first + 1, first + count + 1):
        council = rng.choice(councils)
        consent = _large_when(rng, now)
        status = rng.choices([ExpertStatus.ACTIVE, ExpertStatus.SIGNED_UP, ExpertStatus.STOPPED], [85, 10, 5])[0]
        rows.append(
            ExpertProfile(
                council_id=council.pk,
                name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n // len(FIRST_NAMES) % len(LAST_NAMES)]}",
                email=f"{LARGE_EXPERT_PREFIX}{n:05d}@example.org",
                municipality_id=council.municipality_id,
                domains=rng.sample(domains, rng.choice((1, 1, 2))),
                backgrounds=rng.sample(backgrounds, rng.choice((1, 1, 2))),
                availability=rng.choice(["doordeweeks overdag", "'s avonds", "in overleg"]),
                accessibility_needs="Vervoer naar de bijeenkomst" if rng.random() < 0.15 else "",
                status=status,
                consent_at=consent,
                confirmed_at=consent + timedelta(days=7) if status != ExpertStatus.SIGNED_UP else None,
                created_at=consent,
            )
        )
        extras.append(rng.sample(themes, rng.choice((1, 2, 3))))
    with transaction.atomic():
        created = ExpertProfile.objects.bulk_create(rows)
        through = ExpertProfile.themes.through
        through.objects.bulk_create(
            through(expertprofile_id=expert.pk, theme_id=theme)
            for expert, chosen in zip(created, extras, strict=True)
            for theme in chosen
        )
    return len(created)


OUTCOME = "De tafel gaf de gemeente vijf aanbevelingen; de raad volgt wat ermee gebeurt."
CLIENT_PERSPECTIVE = "De cliënten aan tafel vroegen om eenvoudige taal, één vast aanspreekpunt en tijd."


def _add_tables(count: int, pools: _LargePools, themes: list[int], rng: random.Random) -> int:
    now = timezone.now()
    weights = [3 if c.municipality_id else 2 for c in pools.councils]
    rows, extras = [], []
    for _ in range(count):
        council = rng.choices(pools.councils, weights)[0]
        created_at = _large_when(rng, now)
        age = (now - created_at).days
        if age > 365:
            chances = [2, 5, 5, 88]
        elif age > 120:
            chances = [10, 40, 20, 30]
        else:
            chances = [45, 45, 8, 2]
        status = rng.choices(list(TableStatus), chances)[0]
        origin = rng.choices(list(TableOrigin), [40, 40, 20])[0]
        request_id = item_id = None
        if origin == TableOrigin.REQUEST and pools.requests.get(council.pk):
            request_id = rng.choice(pools.requests[council.pk])
        elif origin == TableOrigin.AGENDA_ITEM and pools.items.get(council.pk):
            item_id = rng.choice(pools.items[council.pk])
        else:
            origin = TableOrigin.OWN_INITIATIVE
        spec = rng.choice(TABLES)
        start = timezone.localdate(created_at) + timedelta(days=14)
        concluded = status == TableStatus.CONCLUDED
        rows.append(
            Table(
                council_id=council.pk,
                title=spec.title,
                question=spec.question,
                origin=origin,
                request_id=request_id,
                agenda_item_id=item_id,
                scope=TableScope.LOCAL if council.municipality_id else TableScope.REGIONAL,
                target_groups=list(spec.target_groups),
                participation_forms=list(spec.forms),
                planned_start=start,
                planned_end=start + timedelta(days=rng.randint(60, 240)),
                status=status,
                is_public=rng.random() < 0.8,
                outcome_summary=OUTCOME if concluded else "",
                client_perspective=CLIENT_PERSPECTIVE if concluded else "",
                concluded_at=min(created_at + timedelta(days=rng.randint(60, 300)), now) if concluded else None,
                created_at=created_at,
            )
        )
        wijken = pools.wijken.get(council.municipality_id or 0, [])
        extras.append(
            (
                council,
                status,
                created_at,
                rng.sample(themes, rng.choice((1, 2))),
                [rng.choice(wijken)] if wijken and rng.random() < 0.3 else [],
            )
        )
    with transaction.atomic():
        created = Table.objects.bulk_create(rows)
        themes_through = Table.themes.through
        themes_through.objects.bulk_create(
            themes_through(table_id=table.pk, theme_id=theme)
            for table, extra in zip(created, extras, strict=True)
            for theme in extra[3]
        )
        wijk_through = Table.neighbourhoods.through
        wijk_through.objects.bulk_create(
            wijk_through(table_id=table.pk, neighbourhood_id=wijk)
            for table, extra in zip(created, extras, strict=True)
            for wijk in extra[4]
        )
        seats = []
        for table, (council, status, created_at, _themes, _wijken) in zip(created, extras, strict=True):
            seats += _large_seats(table.pk, council, status, created_at, pools, rng)
        Seat.objects.bulk_create(seats)
    return len(created)


def _large_seats(
    table_id: int, council: Council, status: str, created_at: datetime, pools: _LargePools, rng: random.Random
) -> list[Seat]:
    """Six or seven seats: two or three clients from the council's network (one accepted once the table is
    beyond in oprichting: rule 1), a carer, a member of the council, the municipality's policy advisor when
    there is one, and guests (a resident or a young person, a professional for a network organisation)."""
    added = created_at + timedelta(days=1)
    seats: list[Seat] = []
    members = pools.members.get(council.pk, [])
    member = rng.choice(members) if members else None  # seated, and the one who added every seat
    network = pools.experts.get(council.pk) or [e for people in pools.experts.values() for e in people]
    chosen = rng.sample(network, min(len(network), rng.choice((3, 4))))
    for index, (expert_id, _domain) in enumerate(chosen):
        kind = StakeholderType.CARER if index == len(chosen) - 1 and index else StakeholderType.CLIENT
        if index == 0 and status != TableStatus.FORMING:
            seat_status = SeatStatus.ACCEPTED
        else:
            seat_status = rng.choices(list(SeatStatus), [30, 55, 10, 5])[0]
        seats.append(
            Seat(
                table_id=table_id,
                stakeholder_type=kind,
                expert_id=expert_id,
                status=seat_status,
                accepted_at=added if seat_status in (SeatStatus.ACCEPTED, SeatStatus.LEFT) else None,
                added_at=added,
                added_by_id=member,
            )
        )
    if member is not None:
        seats.append(
            Seat(
                table_id=table_id,
                stakeholder_type=StakeholderType.COUNCIL_MEMBER,
                user_id=member,
                status=SeatStatus.ACCEPTED,
                accepted_at=added,
                added_at=added,
                added_by_id=member,
            )
        )
    advisors = pools.advisors.get(council.municipality_id or 0, [])
    if advisors:
        seats.append(
            Seat(
                table_id=table_id,
                stakeholder_type=StakeholderType.POLICY_ADVISOR,
                user_id=advisors[0],
                status=SeatStatus.ACCEPTED,
                accepted_at=added,
                added_at=added,
                added_by_id=member,
            )
        )
    for kind in (rng.choice((StakeholderType.RESIDENT, StakeholderType.YOUNG)), StakeholderType.PROFESSIONAL):
        number = rng.randint(1, 99_999)
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        seats.append(
            Seat(
                table_id=table_id,
                stakeholder_type=kind,
                guest_name=name,
                guest_email=f"gast.{table_id}.{kind}.{number}@example.org",
                organisation_id=rng.choice(pools.organisations)
                if kind == StakeholderType.PROFESSIONAL and pools.organisations
                else None,
                status=SeatStatus.ACCEPTED,
                accepted_at=added,
                added_at=added,
                added_by_id=member,
            )
        )
    return seats


def _add_meetings(
    count: int,
    table_rows: list[tuple[int, int, str, datetime, datetime | None]],
    councils: list[Council],
    rng: random.Random,
) -> int:
    """A batch of meetings: nine in ten on a table (past ones with minutes, a coming one for a table at
    work), the rest the councils' own meetings and consultations."""
    now = timezone.now()
    rows = []
    for _ in range(count):
        if table_rows and rng.random() < 0.9:
            table_id, council_id, status, created_at, concluded_at = rng.choice(table_rows)
            end = concluded_at or now + timedelta(days=60)
            if status in (TableStatus.FORMING, TableStatus.ACTIVE) and rng.random() < 0.35:
                starts = now + timedelta(days=rng.uniform(1, 60))
            else:
                starts = created_at + (end - created_at) * rng.random()
            kind, title = MeetingKind.TABLE, rng.choice(["Bijeenkomst", "Werksessie", "Tafelgesprek"])
        else:
            council = rng.choice(councils)
            table_id, council_id = None, council.pk
            starts = _large_when(rng, now) if rng.random() < 0.8 else now + timedelta(days=rng.uniform(1, 90))
            kind = rng.choice([MeetingKind.COUNCIL, MeetingKind.CONSULTATION])
            title = "Vergadering van de raad" if kind == MeetingKind.COUNCIL else "Periodiek overleg met de gemeente"
        local = timezone.localtime(starts)
        starts = local.replace(hour=rng.choice((10, 14, 19)), minute=rng.choice((0, 30)), second=0, microsecond=0)
        past = starts < now
        rows.append(
            Meeting(
                council_id=council_id,
                table_id=table_id,
                kind=kind,
                title=title,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                location="Stadhuis, raadszaal",
                accessibility_notes="Rolstoeltoegankelijk, ringleiding.",
                agenda=AGENDA,
                minutes=MINUTES if past and rng.random() < 0.8 else "",
                cancelled_at=starts - timedelta(days=3) if rng.random() < 0.02 else None,
                created_at=min(starts - timedelta(days=21), now),
            )
        )
    with transaction.atomic():
        created = Meeting.objects.bulk_create(rows)
    return len(created)


def _add_invitations(missing: int, rng: random.Random, step: Callable[[int], None]) -> int:
    """Invite, meeting after meeting (those without invitations first), every seat of its table that was
    not declined (or every member of the council), until ``missing`` invitations were added."""
    now = timezone.now()
    seats: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    rows = Seat.objects.exclude(status=SeatStatus.DECLINED).order_by("pk")
    for table_id, pk, expert_name, expert_email, user_name, user_email, guest_name, guest_email in rows.values_list(
        "table_id", "pk", "expert__name", "expert__email", "user__full_name", "user__email", "guest_name", "guest_email"
    ):
        email = expert_email or user_email or guest_email
        if email:
            seats[table_id].append((pk, expert_name or user_name or guest_name or email, email))
    members: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for council_id, pk, name, email in Membership.objects.active().values_list(
        "council_id", "person_id", "person__full_name", "person__email"
    ):
        members[council_id].append((pk, name or email, email))
    meetings = (
        Meeting.objects.annotate(invited=Count("invitations"))
        .filter(invited=0)
        .order_by("pk")
        .values_list("pk", "table_id", "council_id", "starts_at")
    )
    added = 0
    batch: list[Invitation] = []
    for meeting_id, table_id, council_id, starts_at in meetings.iterator(chunk_size=5_000):
        past = starts_at < now
        people = seats.get(table_id, []) if table_id else members.get(council_id, [])
        for index, (pk, name, email) in enumerate(people):
            if added + len(batch) >= missing:
                break
            if past:
                response = Response.YES if rng.random() < 0.8 else Response.NO
                attended: bool | None = response == Response.YES and rng.random() < 0.9
            else:
                response = rng.choices(list(Response), [40, 35, 10, 15])[0]
                attended = None
            needs = [rng.choice(list(Need))] if response != Response.NO and rng.random() < 0.15 else []
            batch.append(
                Invitation(
                    meeting_id=meeting_id,
                    seat_id=pk if table_id else None,
                    user_id=None if table_id else pk,
                    name=name[:150],
                    email=email,
                    token_hash=token_hash(),
                    response=response,
                    responded_at=None
                    if response == Response.NONE
                    else min(starts_at - timedelta(days=index % 5 + 1), now),
                    needs=needs,
                    attended=attended,
                    sent_sequence=0,
                    created_at=min(starts_at - timedelta(days=14), now),
                )
            )
        if len(batch) >= LARGE_BATCH:
            with transaction.atomic():
                added += len(Invitation.objects.bulk_create(batch))
            batch = []
            step(added)
        if added + len(batch) >= missing:
            break
    if batch:
        with transaction.atomic():
            added += len(Invitation.objects.bulk_create(batch))
        step(added)
    return added
