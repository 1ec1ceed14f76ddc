"""Demo signals: a few hundred over two years, every channel, theme and status, in plain Dutch.

Deterministic (a seeded random generator and fixed tracking codes), so seeding twice adds nothing.
``seed_large()`` adds the benchmark's million over five years (PostgreSQL, COPY; see below).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Model
from django.utils import timezone

from councils.models import Municipality, Theme
from infrastructure.large_seed import require_postgresql
from members.models import Membership, NetworkOrganisation

from . import services
from .models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    OPEN_STATUSES,
    Channel,
    Signal,
    SignalNote,
    SignalStatusChange,
    Speaker,
    Status,
)

DEMO_SIGNAL_COUNT = 320

# (theme slug, texts). A text may mention {wijk}.
TEXTS = {
    "zorg-en-ondersteuning": [
        "Mijn vader wacht al vier maanden op een beslissing over huishoudelijke hulp. Niemand belt terug.",
        "Het keukentafelgesprek ging vooral over formulieren. Wat ik echt nodig heb, kwam niet aan bod.",
        "In {wijk} is het wijkteam moeilijk te bereiken. Je krijgt steeds een bandje.",
        "De thuiszorg wisselt elke week van medewerker. Voor mijn moeder met dementie is dat heel verwarrend.",
        "Ik heb een rolstoel aangevraagd, maar de levering duurt al tien weken.",
    ],
    "jeugd": [
        "Er is in {wijk} geen plek waar jongeren na school samen kunnen zijn. Ze hangen nu bij de supermarkt.",
        "De wachtlijst voor jeugdhulp is zo lang dat ouders zelf maar iets regelen.",
        "Jongeren willen meepraten, maar de avonden van de gemeente zijn saai en op tijden dat wij sporten.",
        "Op het schoolplein wordt veel gepest via de telefoon. Leraren weten niet goed wat ze moeten doen.",
    ],
    "werk-en-inkomen": [
        "Als ik meer uren ga werken, verlies ik toeslagen. Dan houd ik netto minder over.",
        "Het re-integratietraject past niet bij mensen met een beperking. Het tempo is veel te hoog.",
        "Statushouders in {wijk} willen graag werken, maar de taalles sluit niet aan op hun werktijden.",
        "De brieven van de sociale dienst zijn moeilijk te begrijpen. Veel mensen snappen niet wat ze moeten doen.",
    ],
    "eenzaamheid": [
        "Sinds het buurthuis in {wijk} dicht is, zie ik veel ouderen bijna niemand meer.",
        "Mijn buurvrouw komt de deur niet meer uit. Ze weet niet waar ze hulp kan vragen.",
        "Er zijn leuke activiteiten, maar je moet je via internet aanmelden. Dat lukt veel ouderen niet.",
    ],
    "wonen": [
        "Ouderen in {wijk} willen kleiner wonen, maar er zijn geen geschikte woningen in de buurt.",
        "De aanpassing van onze badkamer duurt al maanden. Mijn man kan nu niet zelf douchen.",
        "Jongeren vinden geen betaalbare kamer en blijven daardoor lang thuis wonen.",
    ],
    "beschermd-wonen": [
        "Na de opvang is er geen woning. Mensen vallen dan terug en beginnen weer opnieuw.",
        "Bewoners van beschermd wonen voelen zich niet welkom in {wijk}. Er is weinig contact met de buurt.",
    ],
    "vervoer": [
        "De regiotaxi komt vaak te laat. Mijn zoon mist daardoor het begin van de dagbesteding.",
        "De bushalte in {wijk} is weggehaald. Met mijn rollator kom ik nu niet meer bij de huisarts.",
        "Het doelgroepenvervoer rijdt niet op zondag. Dan kan ik niet naar de kerk of naar familie.",
    ],
    "armoede-en-schulden": [
        "Gezinnen in {wijk} durven niet om hulp te vragen als ze schulden hebben. Ze schamen zich.",
        "De voedselbank is alleen open als mensen werken. Dat is lastig voor werkende armen.",
        "Kinderen kunnen niet mee op schoolreis omdat het te duur is. Het kindpakket kennen ouders niet.",
    ],
    "mantelzorg": [
        "Als mantelzorger ben ik op. Respijtzorg is er bijna niet in {wijk}.",
        "Jonge mantelzorgers worden niet gezien. Op school weet niemand dat ik voor mijn moeder zorg.",
        "De mantelzorgwaardering is leuk, maar ik heb meer aan een avond per week vrij.",
    ],
    "veiligheid": [
        "Op de fietsroute naar school in {wijk} is het 's avonds te donker. Kinderen voelen zich niet veilig.",
        "Ouderen worden gebeld door oplichters. Ze weten niet waar ze dit kunnen melden.",
    ],
    "openbare-ruimte": [
        "De stoepen in {wijk} zijn te smal en scheef. Met een scootmobiel kom je er niet langs.",
        "Er zijn te weinig bankjes op de route naar het winkelcentrum. Ik kan niet zo ver lopen.",
        "Het openbare toilet bij het strand is niet toegankelijk voor rolstoelgebruikers.",
    ],
    "onderwijs-en-jeugdhulp": [
        "Mijn kind zit al maanden thuis omdat er geen passende school is.",
        "Tussen school en jeugdhulp wordt veel overlegd, maar niemand neemt de regie.",
    ],
    "toegankelijkheid": [
        "De website van de gemeente werkt niet goed met mijn voorleesprogramma.",
        "Bij het gemeentehuis is de invalidenparkeerplaats vaak bezet door busjes.",
    ],
}

FEEDBACK = [
    "Dank u voor uw signaal. De raad heeft dit besproken met de gemeente. De gemeente pakt dit op in het "
    "beleid voor volgend jaar.",
    "We hebben uw signaal meegenomen in een participatietafel. Daar denken inwoners en de gemeente samen "
    "na over een oplossing.",
    "Uw signaal is doorgegeven aan het wijkteam. Zij nemen contact op met de betrokken organisaties.",
    "Meer mensen gaven dit door. De raad heeft de gemeente gevraagd om dit te onderzoeken. U leest de "
    "uitkomst op deze pagina.",
    "De raad heeft dit signaal gebruikt in een ongevraagd advies aan het college.",
]

NAMES = ["Petra de Wit", "Hüseyin Demir", "Karin Smit", "Johan Meijer", "Nora Amrani", "Gert Mol", "Lisa de Boer"]


def _code(rng: random.Random) -> str:
    raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def seed(*, count: int = DEMO_SIGNAL_COUNT) -> int:
    """Create the demo signals that do not exist yet; returns how many were created."""
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    now = timezone.now()
    municipalities = list(Municipality.objects.prefetch_related("neighbourhoods").order_by("name"))
    themes = {t.slug: t for t in Theme.objects.all()}
    organisations = list(NetworkOrganisation.objects.all())
    recorders = {
        m.council.municipality_id: m.person
        for m in Membership.objects.select_related("council").filter(council__municipality__isnull=False)
    }
    plans = [_plan(rng, now, municipalities, themes, organisations) for _ in range(count)]
    existing = set(
        Signal.objects.filter(tracking_code__in=[p["tracking_code"] for p in plans]).values_list(
            "tracking_code", flat=True
        )
    )
    created = 0
    originals: dict[str, Signal] = {}
    for plan in plans:
        if plan["tracking_code"] in existing:
            continue
        created += 1
        _create(plan, recorders, originals, now)
    # /wat-we-horen/ reads whole days from the rollup: recount it, so the page is right after seeding.
    services.signal_counts_refresh()
    return created


def _plan(rng, now, municipalities, themes, organisations) -> dict:
    municipality = rng.choice(municipalities)
    neighbourhoods = list(municipality.neighbourhoods.all())
    neighbourhood = rng.choice(neighbourhoods) if neighbourhoods and rng.random() < 0.7 else None
    theme_slug = rng.choice(list(TEXTS))
    text = rng.choice(TEXTS[theme_slug]).format(wijk=neighbourhood.name if neighbourhood else municipality.name)
    channel = rng.choices([Channel.WEB, Channel.MEETING, Channel.PHONE, Channel.NETWORK], [55, 20, 10, 15])[0]
    age_days = rng.randint(0, 730)
    created_at = now - timedelta(days=age_days, hours=rng.randint(0, 23), minutes=rng.randint(0, 59))
    # Older signals are mostly handled; recent ones are often still open.
    if age_days > 120:
        status = rng.choices([Status.CLOSED, Status.DUPLICATE, Status.TAKEN_UP, Status.IN_PROGRESS], [75, 8, 12, 5])[0]
    else:
        status = rng.choices(list(Status), [30, 25, 15, 25, 5])[0]
    with_contact = channel == Channel.WEB and rng.random() < 0.45
    return {
        "tracking_code": _code(rng),
        "created_at": created_at,
        "municipality": municipality,
        "neighbourhood": neighbourhood,
        "theme": themes.get(theme_slug) if rng.random() < 0.85 else None,
        "text": text,
        "channel": channel,
        "source_organisation": rng.choice(organisations) if channel == Channel.NETWORK and organisations else None,
        "speaker": rng.choice([s.value for s in Speaker] + [""]),
        "age_group": rng.choice(["", "16_26", "27_66", "67_plus"]),
        "status": status,
        "is_regional": theme_slug in {"beschermd-wonen", "vervoer"} and rng.random() < 0.3,
        "feedback": rng.choice(FEEDBACK),
        "contact_name": rng.choice(NAMES) if with_contact else "",
        "handled_after": timedelta(days=rng.randint(3, 60)),
        "helped": rng.choice([True, True, False, None]),
    }


def _create(plan: dict, recorders: dict, originals: dict, now) -> None:
    status = plan["status"]
    theme_key = plan["theme"].slug if plan["theme"] else ""
    original = originals.get(theme_key) if status == Status.DUPLICATE else None
    if status == Status.DUPLICATE and original is None:
        status = Status.IN_PROGRESS
    handled_at = min(plan["created_at"] + plan["handled_after"], now)
    closed = status == Status.CLOSED or (
        status == Status.DUPLICATE and original is not None and original.status == Status.CLOSED
    )
    if status == Status.DUPLICATE and closed:
        status = Status.CLOSED
    feedback = (original.feedback if original else plan["feedback"]) if closed else ""
    contact_erased = closed and now - handled_at > timedelta(days=365)
    name = plan["contact_name"] if not contact_erased else ""
    recorder = recorders.get(plan["municipality"].pk) if plan["channel"] != Channel.WEB else None
    signal = Signal.objects.create(
        tracking_code=plan["tracking_code"],
        created_at=plan["created_at"],
        text=plan["text"],
        theme=plan["theme"],
        municipality=plan["municipality"],
        neighbourhood=plan["neighbourhood"],
        speaker=plan["speaker"],
        age_group=plan["age_group"],
        channel=plan["channel"],
        source_organisation=plan["source_organisation"],
        recorded_by=recorder,
        is_regional=plan["is_regional"],
        status=status,
        status_changed_at=handled_at if status != Status.NEW else plan["created_at"],
        duplicate_of=original,
        taken_up_as="Participatietafel over dit thema" if status == Status.TAKEN_UP else "",
        feedback=feedback,
        closed_at=handled_at if closed else None,
        times_closed=1 if closed else 0,
        helped=plan["helped"] if closed else None,
        contact_consent=bool(name),
        contact_name=name,
        contact_email=f"{name.split()[0].lower()}@example.org" if name else "",
        contact_erased_at=handled_at + timedelta(days=365) if contact_erased and plan["contact_name"] else None,
    )
    SignalStatusChange.objects.create(
        signal=signal, changed_at=plan["created_at"], changed_by=recorder, from_status="", to_status=Status.NEW
    )
    if status != Status.NEW:
        SignalStatusChange.objects.create(
            signal=signal, changed_at=handled_at, from_status=Status.NEW, to_status=status
        )
    if status == Status.IN_PROGRESS and recorder:
        SignalNote.objects.create(
            signal=signal, author=recorder, created_at=handled_at, text="Navragen bij het wijkteam of dit vaker speelt."
        )
    if status in (Status.CLOSED, Status.IN_PROGRESS, Status.TAKEN_UP) and theme_key and theme_key not in originals:
        originals[theme_key] = signal


def counts() -> dict[str, int]:
    return {"signalen": Signal.objects.count()}


# --- The large volume of the benchmark (``seed_demo --scale large``) ---------------------------------
# PostgreSQL only: rows are streamed with COPY in batches, one transaction per batch. The small demo
# above stays the data of ``make run``; this is for ``make bench`` (README, "Benchmark").

LARGE_SIGNAL_COUNT = 1_000_000
LARGE_YEARS = 5
LARGE_BATCH = 50_000
# A large-seed code comes from the signal's id through an affine map of the 31^8 codes: unique without
# a lookup per row and the same on every run. The multiplier has no factor 31, so the map is a bijection.
# Demo data only: a resident's real code is drawn at random (models.new_tracking_code).
CODE_SPACE = len(CODE_ALPHABET) ** CODE_LENGTH
CODE_MULTIPLIER = 506_432_107_717
CODE_OFFSET = 91_738_264_513

# Residents per municipality, roughly: Velsen is the largest.
POPULATION_WEIGHT = {"velsen": 68, "beverwijk": 42, "heemskerk": 39}
# More to say, so that the full-text index sees more than the few texts above.
EXTRA_SENTENCES = [
    "Dit speelt al langer.",
    "Ik hoor dit ook van buren en vrienden.",
    "Mijn huisarts herkent het probleem.",
    "Graag hoor ik wat de raad hiermee doet.",
    "Het gaat vooral om ouderen die alleen wonen.",
    "Vooral gezinnen met jonge kinderen hebben hier last van.",
    "Op de website van de gemeente staat er niets over.",
    "Ik heb het al eerder gemeld bij het loket, maar er gebeurde niets.",
    "Misschien kan de gemeente samenwerken met de woningcorporatie.",
    "In de buurgemeente is dit beter geregeld.",
    "Het kost mensen veel geld en energie.",
    "Vrijwilligers doen hun best, maar het is te veel werk.",
    "De wachttijden worden elk jaar langer.",
    "Mensen met een beperking vallen hierdoor buiten de boot.",
    "Statushouders en nieuwkomers weten niet waar ze moeten zijn.",
    "Het wijkcentrum zou hier een rol in kunnen spelen.",
]
TAKEN_UP_AS = [
    "Participatietafel over dit thema",
    "Agendapunt voor de vergadering met de wethouder",
    "Ongevraagd advies aan het college",
    "Gesprek met de beleidsadviseur",
]
NOTE_TEXTS = [
    "Navragen bij het wijkteam of dit vaker speelt.",
    "Besproken in de vergadering; de secretaris neemt contact op met de gemeente.",
    "Lijkt op eerdere signalen over dit thema.",
    "Gebeld met de inwoner; meer uitleg gekregen.",
    "Doorgegeven aan de werkgroep.",
    "Wacht op antwoord van de beleidsadviseur.",
]
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_DAY = 86_400.0
_CHANNELS = [Channel.WEB, Channel.MEETING, Channel.PHONE, Channel.NETWORK]
_AGE_GROUPS = ["", "16_26", "27_66", "67_plus", "onder_16"]
_SPEAKERS = [s.value for s in Speaker] + [""]
SIGNAL_COLUMNS = (
    "id",
    "created_at",
    "tracking_code",
    "text",
    "theme_id",
    "municipality_id",
    "neighbourhood_id",
    "speaker",
    "age_group",
    "channel",
    "source_organisation_id",
    "recorded_by_id",
    "is_regional",
    "referred_to_region_at",
    "status",
    "status_changed_at",
    "duplicate_of_id",
    "taken_up_as",
    "feedback",
    "closed_at",
    "times_closed",
    "reopen_requested_at",
    "reopen_reason",
    "helped",
    "helped_answered_at",
    "contact_consent",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_erased_at",
)
CHANGE_COLUMNS = ("signal_id", "changed_at", "changed_by_id", "from_status", "to_status", "note")
NOTE_COLUMNS = ("signal_id", "author_id", "created_at", "text")


def large_tracking_code(number: int) -> str:
    """The tracking code of large-seed signal ``number`` (its id): distinct numbers, distinct codes."""
    value = (number * CODE_MULTIPLIER + CODE_OFFSET) % CODE_SPACE
    base = len(CODE_ALPHABET)
    chars = []
    for _ in range(CODE_LENGTH):
        value, digit = divmod(value, base)
        chars.append(CODE_ALPHABET[digit])
    return f"{''.join(chars[:4])}-{''.join(chars[4:])}"


# (municipality id, theme id): duplicates point to an earlier signal of the same place and theme.
_Key = tuple[int, int | None]
# (at, by, from status, to status, note): one row of the audit trail.
_Change = tuple[float, int | None, str, str, str]


@dataclass(frozen=True)
class _Place:
    municipality_id: int
    name: str
    weight: int
    neighbourhoods: list[tuple[int, str]]
    members: list[int]
    organisations: list[int]


@dataclass(frozen=True)
class _LargeWorld:
    places: list[_Place]
    themes: list[tuple[int, str]]
    regional_members: list[int]


@dataclass
class _Originals:
    """Per (municipality, theme): the last open signal and the last closed one (id, closed at, feedback),
    which later duplicates point to. Duplicates never point to a duplicate, so no chains."""

    open: dict[_Key, int] = field(default_factory=dict)
    closed: dict[_Key, tuple[int, float, str]] = field(default_factory=dict)


def seed_large(*, total: int = LARGE_SIGNAL_COUNT, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Top the signals up to ``total`` (the demo's own signals count too), with their status changes and
    notes; returns how many rows were added. Run again, it adds only what is missing.

    PostgreSQL only (COPY). Needs the small demo (municipalities, themes, councils and their members).
    Each batch is its own transaction; ids are reserved from the table's sequence first, so the portal
    may keep taking signals meanwhile. The caller runs ANALYZE afterwards.
    """
    require_postgresql()
    world = _large_world()
    added = {"signalen": 0, "statuswijzigingen": 0, "notities": 0}
    rng = random.Random(total)
    while (missing := total - Signal.objects.count()) > 0:
        result = _add_signals(missing, world=world, rng=rng, progress=progress)
        if result["signalen"] == 0:  # pragma: no cover - every code of a batch taken: not in 31^8 codes
            raise RuntimeError("The large seed added no signals; giving up.")
        for key, value in result.items():
            added[key] += value
    services.signal_counts_refresh()  # the rollup of /wat-we-horen/, also when nothing was missing
    return added


def _large_world() -> _LargeWorld:
    members: dict[int | None, list[int]] = defaultdict(list)
    for person_id, municipality_id in Membership.objects.values_list("person_id", "council__municipality_id"):
        members[municipality_id].append(person_id)
    organisations: dict[int | None, list[int]] = defaultdict(list)
    for organisation_id, municipality_id in NetworkOrganisation.objects.values_list("id", "municipality_id"):
        organisations[municipality_id].append(organisation_id)
    places = [
        _Place(
            municipality_id=municipality.pk,
            name=municipality.name,
            weight=POPULATION_WEIGHT.get(municipality.slug, 40),
            neighbourhoods=[(n.pk, n.name) for n in municipality.neighbourhoods.all()],
            members=sorted(members[municipality.pk]),
            organisations=sorted(organisations[municipality.pk] + organisations[None]),
        )
        for municipality in Municipality.objects.prefetch_related("neighbourhoods").order_by("pk")
    ]
    themes = list(Theme.objects.order_by("pk").values_list("pk", "slug"))
    if not places or not themes:
        raise RuntimeError("The large seed builds on the small demo: run seed_demo first.")
    return _LargeWorld(places=places, themes=themes, regional_members=sorted(members[None]))


def _reserve_ids(count: int) -> int:
    """Take ``count`` ids from the signal table's sequence at once; returns the first."""
    table = connection.ops.quote_name(Signal._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        # Inserts wait for the moment it takes; readers do not.
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Signal._meta.db_table])
        sequence = cursor.fetchone()[0]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - a model's own table
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = max(highest, cursor.fetchone()[0]) + 1
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def _add_signals(
    count: int, *, world: _LargeWorld, rng: random.Random, progress: Callable[[str], None] | None
) -> dict[str, int]:
    first_id = _reserve_ids(count)
    now = timezone.now().timestamp()
    start = now - LARGE_YEARS * 365.25 * _DAY
    # Oldest first, so that ids grow with time as they do in the portal.
    created = sorted(rng.uniform(start, now) for _ in range(count))
    originals = _Originals()
    added = {"signalen": 0, "statuswijzigingen": 0, "notities": 0}
    began = time.monotonic()
    for offset in range(0, count, LARGE_BATCH):
        ids = range(first_id + offset, first_id + min(offset + LARGE_BATCH, count))
        codes = {number: large_tracking_code(number) for number in ids}
        taken = set(
            Signal.objects.filter(tracking_code__in=list(codes.values())).values_list("tracking_code", flat=True)
        )
        batch = _Batch(world=world, rng=rng, now=now, originals=originals)
        for number in ids:
            if codes[number] not in taken:  # a random code of a real submission got there first
                batch.add(number, codes[number], created[number - first_id])
        with transaction.atomic(), connection.cursor() as cursor:
            # Losing the last batches in a crash is fine for demo data; waiting for each flush is not.
            cursor.execute("SET LOCAL synchronous_commit = off")
            _copy(cursor, Signal, SIGNAL_COLUMNS, batch.signals)
            _copy(cursor, SignalStatusChange, CHANGE_COLUMNS, batch.changes)
            _copy(cursor, SignalNote, NOTE_COLUMNS, batch.notes)
        added["signalen"] += len(batch.signals)
        added["statuswijzigingen"] += len(batch.changes)
        added["notities"] += len(batch.notes)
        if progress:
            done = offset + len(ids)
            progress(f"signalen: {done:,}/{count:,} ({time.monotonic() - began:.0f} s)")
    return added


def _copy(cursor: CursorWrapper, model: type[Model], columns: Sequence[str], lines: list[str]) -> None:
    """Stream ``lines`` (COPY text format, one row each, in ``columns`` order) into the model's table.
    Columns the generator does not write (a field added later) get the field's default."""
    if not lines:
        return
    extra_columns, suffix = _defaults_for_other_columns(model, columns)
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in (*columns, *extra_columns))
    if suffix:
        lines = [line[:-1] + suffix + "\n" for line in lines]
    with cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy:
        for start in range(0, len(lines), 2_000):
            copy.write("".join(lines[start : start + 2_000]))


def _defaults_for_other_columns(model: type[Model], columns: Sequence[str]) -> tuple[list[str], str]:
    extra_columns, values = [], []
    for model_field in model._meta.concrete_fields:
        if model_field.column in columns or model_field.primary_key:
            continue
        extra_columns.append(model_field.column)
        values.append(_copy_value(model_field.get_db_prep_save(model_field.get_default(), connection)))
    return extra_columns, "".join(f"\t{value}" for value in values)


def _copy_value(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _row(*values: object) -> str:
    return "\t".join(map(_copy_value, values)) + "\n"


def _when(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


class _Batch:
    """Plans one batch of signals: believable statuses for their age, the audit trail the services
    would have written, and every database rule (closed with feedback, a duplicate points to an
    original that is no duplicate itself, a network signal names its organisation)."""

    def __init__(self, *, world: _LargeWorld, rng: random.Random, now: float, originals: _Originals) -> None:
        self.world, self.rng, self.now, self.originals = world, rng, now, originals
        self.weights = [place.weight for place in world.places]
        self.signals: list[str] = []
        self.changes: list[str] = []
        self.notes: list[str] = []

    def add(self, number: int, code: str, created: float) -> None:
        rng = self.rng
        place = rng.choices(self.world.places, self.weights)[0]
        neighbourhood = rng.choice(place.neighbourhoods) if place.neighbourhoods and rng.random() < 0.7 else None
        theme_id, slug = rng.choice(self.world.themes)
        text = rng.choice(TEXTS.get(slug) or TEXTS[rng.choice(list(TEXTS))])
        text = text.format(wijk=neighbourhood[1] if neighbourhood else place.name)
        text = " ".join([text, *rng.sample(EXTRA_SENTENCES, rng.choice((0, 1, 1, 2)))])
        theme = theme_id if rng.random() < 0.85 else None
        channel = rng.choices(_CHANNELS, [55, 20, 10, 15])[0]
        organisation = rng.choice(place.organisations) if channel == Channel.NETWORK and place.organisations else None
        if channel == Channel.NETWORK and organisation is None:
            channel = Channel.MEETING
        recorder = rng.choice(place.members) if channel != Channel.WEB and place.members else None
        age_group = rng.choices(_AGE_GROUPS, [35, 15, 30, 17, 3])[0]
        is_regional = rng.random() < (0.3 if slug in {"beschermd-wonen", "vervoer"} else 0.01)
        fate = self._fate(number, created, place=place, key=(place.municipality_id, theme), regional=is_regional)
        fate.changes.insert(0, (created, recorder, "", Status.NEW, ""))
        name = email = phone = ""
        erased_at = None
        if channel == Channel.WEB and age_group != "onder_16" and rng.random() < 0.45:
            if fate.closed_at is not None and self.now - fate.closed_at > 365 * _DAY:
                erased_at = fate.closed_at + 365 * _DAY  # the daily retention task has been
            else:
                name = rng.choice(NAMES)
                email = f"{name.split()[0].lower()}.{number}@example.org"
                phone = f"06 {rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.3 else ""
        self.signals.append(
            _row(
                number,
                _when(created),
                code,
                text,
                theme,
                place.municipality_id,
                neighbourhood[0] if neighbourhood else None,
                rng.choice(_SPEAKERS),
                age_group,
                channel,
                organisation,
                recorder,
                is_regional,
                _when(fate.referred_at) if fate.referred_at else None,
                fate.status,
                _when(fate.status_changed_at or created),
                fate.duplicate_of,
                rng.choice(TAKEN_UP_AS) if fate.status == Status.TAKEN_UP else "",
                fate.feedback,
                _when(fate.closed_at) if fate.closed_at else None,
                1 if fate.feedback else 0,
                _when(fate.reopen_at) if fate.reopen_at else None,
                "Het antwoord hielp mij niet; er is niets veranderd." if fate.reopen_at else "",
                fate.helped,
                _when(fate.helped_at) if fate.helped_at else None,
                bool(name),
                name,
                email,
                phone,
                _when(erased_at) if erased_at else None,
            )
        )
        for at, by, from_status, to_status, note in fate.changes:
            self.changes.append(_row(number, _when(at), by, from_status, to_status, note))
        if fate.status != Status.NEW and fate.handler is not None and rng.random() < 0.2:
            for extra in range(1 if rng.random() < 0.9 else 2):
                at = min(fate.handled_at + (extra + rng.random()) * _DAY, self.now)
                self.notes.append(_row(number, fate.handler, _when(at), rng.choice(NOTE_TEXTS)))

    def _fate(self, number: int, created: float, *, place: _Place, key: _Key, regional: bool) -> _Fate:
        """What became of the signal since ``created``, as the services would have done it."""
        rng, now = self.rng, self.now
        if now - created > 120 * _DAY:  # older signals are mostly handled
            status = rng.choices(
                [Status.CLOSED, Status.DUPLICATE, Status.TAKEN_UP, Status.IN_PROGRESS], [75, 8, 12, 5]
            )[0]
        else:
            status = rng.choices(list(Status), [30, 25, 15, 25, 5])[0]
        fate = _Fate(status=status, handled_at=min(created + rng.uniform(3, 60) * _DAY, now))
        handlers = self.world.regional_members if regional else place.members
        fate.handler = rng.choice(handlers) if handlers else None
        if status == Status.DUPLICATE:
            self._duplicate(fate, key)
        if fate.status == Status.CLOSED and fate.duplicate_of is None:
            fate.feedback = rng.choice(FEEDBACK)
            fate.closed_at = fate.handled_at
            fate.change(fate.handled_at, Status.NEW, Status.CLOSED)
            if rng.random() < 0.01:
                # The resident asked to reopen within the 14 days: back in the queue, marked as such.
                fate.reopen_at = fate.helped_at = min(fate.handled_at + rng.uniform(1, 13) * _DAY, now)
                fate.status, fate.closed_at, fate.helped = Status.IN_PROGRESS, None, False
                fate.change(
                    fate.reopen_at,
                    Status.CLOSED,
                    Status.IN_PROGRESS,
                    "heropend op verzoek van de inwoner",
                    by_resident=True,
                )
            else:
                self.originals.closed[key] = (number, fate.handled_at, fate.feedback)
        elif fate.status in (Status.IN_PROGRESS, Status.TAKEN_UP) and not fate.changes:
            fate.change(fate.handled_at, Status.NEW, fate.status)
        if fate.status in OPEN_STATUSES and fate.duplicate_of is None and fate.reopen_at is None:
            self.originals.open[key] = number
            if fate.status != Status.NEW and not regional and rng.random() < 0.01:
                fate.referred_at = fate.handled_at
                fate.change(fate.handled_at, fate.status, fate.status, "doorverwezen naar de regionale raad")
        if fate.status == Status.CLOSED and fate.closed_at is not None:
            fate.helped = rng.choice((True, True, False, None))
            if fate.helped is not None:
                fate.helped_at = min(fate.closed_at + rng.uniform(0, 13) * _DAY, now)
        return fate

    def _duplicate(self, fate: _Fate, key: _Key) -> None:
        waiting_for = self.originals.open.get(key)
        closed_original = self.originals.closed.get(key)
        # Most originals are answered by now: most duplicates were closed together with theirs.
        if closed_original is not None and (waiting_for is None or self.rng.random() < 0.8):
            # Marked after the original was closed: closed at once with the original's feedback.
            fate.duplicate_of, original_closed_at, fate.feedback = closed_original
            fate.handled_at = fate.closed_at = min(max(fate.handled_at, original_closed_at), self.now)
            fate.status = Status.CLOSED
            note = f"signaal #{fate.duplicate_of}"
            fate.change(fate.handled_at, Status.NEW, Status.DUPLICATE, f"dubbel van {note}")
            fate.change(fate.handled_at, Status.DUPLICATE, Status.CLOSED, f"afgerond met het origineel, {note}")
        elif waiting_for is not None:
            fate.duplicate_of = waiting_for
            fate.change(fate.handled_at, Status.NEW, Status.DUPLICATE, f"dubbel van signaal #{waiting_for}")
        else:
            fate.status = Status.IN_PROGRESS


@dataclass
class _Fate:
    status: str
    handled_at: float
    handler: int | None = None
    changes: list[_Change] = field(default_factory=list)
    duplicate_of: int | None = None
    feedback: str = ""
    closed_at: float | None = None
    reopen_at: float | None = None
    referred_at: float | None = None
    helped: bool | None = None
    helped_at: float | None = None

    @property
    def status_changed_at(self) -> float | None:
        moves = [at for at, _by, from_status, to_status, _note in self.changes if from_status != to_status]
        return moves[-1] if moves else None

    def change(self, at: float, from_status: str, to_status: str, note: str = "", *, by_resident: bool = False) -> None:
        self.changes.append((at, None if by_resident else self.handler, from_status, to_status, note))
