"""Demo signals: a few hundred over two years, every channel, theme and status, in plain Dutch.

Deterministic (a seeded random generator and fixed tracking codes), so seeding twice adds nothing.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from councils.models import Municipality, Theme
from members.models import Membership, NetworkOrganisation

from .models import CODE_ALPHABET, Channel, Signal, SignalNote, SignalStatusChange, Speaker, Status

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
    closed = status == Status.CLOSED or (status == Status.DUPLICATE and original.status == Status.CLOSED)
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
