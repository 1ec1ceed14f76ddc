"""Demo data of advice (issue 11, point 8): about thirty formal advice documents over the past two years
from all four councils, solicited (after an early-involvement request of the demo, or a letter of the
college) and unsolicited (after the council's own agenda items and tables), in every status, with the
colleges' responses — on time and late, adopted, partly adopted and not adopted —, a confidential advice
and a correction.

Drafting, submitting and adoption go through ``services`` (so the numbers are gapless per council per
year and the rules of adoption hold), dated in the past. Sending and the response are written here as if
they happened then: the demo mails nobody (not the college, not the residents whose signals led to an
advice) and renders no PDF while seeding — an adopted advice's PDF is rendered by the task its adoption
queued (in-process under ``make run``), or on its first download. Looked up by council and subject, so
seeding twice adds nothing.

``seed_large()`` adds the benchmark's 3,000 advice documents with recommendations and responses
(PostgreSQL, bulk inserts; see below).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from agenda.models import AgendaItem, EarlyInvolvementRequest
from councils.models import Council, Municipality, Theme
from infrastructure.large_seed import require_postgresql
from members.models import CouncilRole, Membership, Role, RoleAssignment, User
from signals.models import Kind as SignalKind
from signals.models import Signal
from tables.models import Table

from . import services
from .cache import bump_public_advice_version
from .models import (
    SENT_STATUSES,
    Advice,
    AdviceKind,
    AdviceNumberCounter,
    AdviceStatus,
    CollegeResponse,
    Recommendation,
    Verdict,
    latest_publication_on,
    response_due_on,
)

VELSEN, BEVERWIJK, HEEMSKERK, REGION = (
    "participatieraad-velsen",
    "participatieraad-beverwijk",
    "participatieraad-heemskerk",
    "regionale-participatieraad-ijmond",
)
# Who drafts each council's advice in the demo (an account on it), and who records the college's response.
DRAFTERS = {
    VELSEN: "lid.velsen@example.org",
    BEVERWIJK: "lid.beverwijk@example.org",
    HEEMSKERK: "lid.heemskerk@example.org",
    REGION: "lid.regio@example.org",
}
ADVISORS = {
    VELSEN: "beleid.velsen@example.org",
    BEVERWIJK: "beleid.beverwijk@example.org",
    REGION: "beleid.velsen@example.org",  # the regional advice's response, recorded for the three colleges
}
# The advice of the browser journey: voorzitter.velsen adopts and sends it, beleid.velsen records the response.
JOURNEY_SUBJECT = "Advies over de toegankelijkheid van het Wmo-loket"
# How long the demo's confidential advice stays confidential, from the day of seeding.
CONFIDENTIAL_DAYS = 75
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

# The college's verdicts in a spec: o (overgenomen), d (deels overgenomen), n (niet overgenomen).
VERDICT_CODES = {"o": Verdict.ADOPTED, "d": Verdict.PARTLY, "n": Verdict.NOT_ADOPTED}


@dataclass(frozen=True)
class Rec:
    """A recommendation, and the college's reasons when it answers (an adopted one may have none)."""

    title: str
    text: str
    answer: str = ""


@dataclass(frozen=True)
class AdviceSpec:
    council: str
    subject: str
    status: str
    # Days ago the advice was adopted; for a draft, the days ago it was started.
    days: int
    occasion: str
    findings: str
    client_perspective: str
    plain_summary: str
    recommendations: tuple[Rec, ...]
    themes: tuple[str, ...]
    # Solicited: the title of the early-involvement request, or the serial of the college's letter.
    request: str = ""
    letter: int = 0
    tables: tuple[str, ...] = ()  # titles of the council's tables
    agenda: tuple[str, ...] = ()  # how titles of the council's agenda items begin
    method: str = ""  # else made from the linked tables (services.method_from_tables)
    sent_after: int = 3  # days after adoption
    answered_after: int = 0  # days after sending; 0: no response (yet)
    verdicts: str = ""  # per recommendation: o (overgenomen), d (deels) or n (niet)
    response: str = ""  # the gist of the college's letter
    closed_after: int = 12  # days after the response
    confidential: str = ""  # the reason; it ends CONFIDENTIAL_DAYS after the seed
    corrects: str = ""  # the subject of the advice it corrects

    @property
    def kind(self) -> str:
        return AdviceKind.SOLICITED if self.request or self.letter else AdviceKind.UNSOLICITED


DRAFT, FOR_ADOPTION, ADOPTED, SENT, ANSWERED, CLOSED = (
    AdviceStatus.DRAFT,
    AdviceStatus.FOR_ADOPTION,
    AdviceStatus.ADOPTED,
    AdviceStatus.SENT,
    AdviceStatus.ANSWERED,
    AdviceStatus.CLOSED,
)

ADVICE = [
    # --- Velsen ---------------------------------------------------------------------------------------
    AdviceSpec(
        VELSEN,
        "Advies over de verstrekking van Wmo-hulpmiddelen",
        CLOSED,
        days=560,
        letter=388,
        themes=("zorg-en-ondersteuning", "toegankelijkheid"),
        occasion="Het college vroeg de raad om advies over de nieuwe werkwijze voor Wmo-hulpmiddelen: "
        "rolstoelen, scootmobielen en aanpassingen in huis komen voortaan van één leverancier, die ook het "
        "onderhoud doet.",
        method="Twee leden van de raad spraken met twaalf gebruikers van een rolstoel of scootmobiel, met "
        "de cliëntenraad van de leverancier en met twee ergotherapeuten. Daarnaast kwamen 41 reacties binnen "
        "via een korte vragenlijst in de bibliotheek en bij het Wmo-loket.",
        findings="Gebruikers zijn tevreden over de hulpmiddelen zelf, maar wachten lang op een reparatie. "
        "Wie een kapotte scootmobiel heeft, zit soms twee weken thuis. Ook weten mensen niet bij wie ze "
        "terecht kunnen als de leverancier niet terugbelt.",
        client_perspective="Voor wie afhankelijk is van een rolstoel of scootmobiel, is een hulpmiddel geen "
        "luxe maar de voorwaarde om mee te doen. Cliënten vroegen om een vervangend hulpmiddel binnen twee "
        "dagen en om één telefoonnummer waar iemand opneemt.",
        plain_summary="Zorg dat mensen niet lang thuis zitten als hun rolstoel of scootmobiel kapot is. Spreek "
        "met de leverancier af dat reparaties snel gaan, en geef inwoners één nummer om te bellen.",
        recommendations=(
            Rec(
                "Vervangend hulpmiddel binnen twee werkdagen",
                "Spreek met de leverancier af dat een inwoner binnen twee werkdagen een vervangend hulpmiddel "
                "krijgt als reparatie langer duurt.",
                "Het college neemt dit op in het contract met de leverancier.",
            ),
            Rec(
                "Eén aanspreekpunt voor vragen en klachten",
                "Geef inwoners één telefoonnummer bij de gemeente voor vragen over hun hulpmiddel, ook als de "
                "leverancier niet reageert.",
                "Het Wmo-loket wordt het aanspreekpunt; een apart nummer komt er niet, omdat het loket dit al doet.",
            ),
            Rec(
                "Gebruikers betrekken bij de evaluatie van het contract",
                "Vraag gebruikers elk jaar naar hun ervaringen en bespreek de uitkomst met de raad.",
                "Het college doet dit jaarlijks samen met de raad.",
            ),
        ),
        sent_after=4,
        answered_after=36,
        verdicts="odo",
        response="Het college neemt de aanbevelingen grotendeels over en past het contract met de leverancier aan.",
    ),
    AdviceSpec(
        VELSEN,
        "Ongevraagd advies over de huishoudelijke hulp",
        CLOSED,
        days=430,
        agenda=("Keukentafelgesprek",),
        themes=("zorg-en-ondersteuning",),
        occasion="De raad kreeg in een half jaar ruim dertig signalen over de huishoudelijke hulp: wisselende "
        "hulpen, uren die worden ingekort en lange wachttijden na een herindicatie.",
        method="De raad zette de signalen op een rij en sprak met vijftien inwoners die huishoudelijke hulp "
        "krijgen, met twee mantelzorgers en met de wijkverpleging.",
        findings="Vooral ouderen die alleen wonen hebben last van steeds andere hulpen. Zij moeten telkens "
        "opnieuw uitleggen wat er moet gebeuren. Bij een herindicatie horen mensen vaak pas na maanden iets.",
        client_perspective="Cliënten zeggen: een vaste hulp is ook een vertrouwd gezicht. Voor wie weinig mensen "
        "ziet, is de hulp soms het enige bezoek van de week. Snoeien in uren voelt als niet gezien worden.",
        plain_summary="Mensen met huishoudelijke hulp willen een vaste hulp en snel duidelijkheid. De raad vraagt "
        "de gemeente om daar afspraken over te maken met de zorgaanbieders.",
        recommendations=(
            Rec(
                "Een vaste hulp als uitgangspunt",
                "Maak met de aanbieders de afspraak dat iedere cliënt zoveel mogelijk dezelfde hulp krijgt.",
                "Het college vraagt de aanbieders hierom, maar kan het bij personeelstekort niet garanderen.",
            ),
            Rec(
                "Herindicatie binnen zes weken",
                "Beslis binnen zes weken over een herindicatie en houd de huidige uren aan tot er een besluit is.",
                "De wettelijke termijn blijft acht weken; het college ziet geen ruimte om die te verkorten.",
            ),
            Rec(
                "Uitleg bij minder uren",
                "Leg in gewone taal uit waarom uren veranderen, en bel de cliënt voordat de brief komt.",
                "Consulenten bellen voortaan voordat de beschikking wordt verstuurd.",
            ),
            Rec(
                "Signalen van hulpen gebruiken",
                "Vraag hulpen om zorgen over eenzaamheid of achteruitgang door te geven aan het wijkteam.",
            ),
        ),
        sent_after=5,
        answered_after=61,
        verdicts="dnoo",
        response="Het college reageert later dan de verordening vraagt, en neemt twee van de vier aanbevelingen over.",
    ),
    AdviceSpec(
        VELSEN,
        "Advies over de mantelzorgwaardering 2026",
        CLOSED,
        days=335,
        letter=712,
        agenda=("Mantelzorgondersteuning",),
        themes=("mantelzorg",),
        occasion="Het college vroeg advies over de vorm van de jaarlijkse mantelzorgwaardering: een cadeaubon, "
        "een bedrag of een activiteit.",
        method="De raad hield een flitspeiling onder 214 mantelzorgers en sprak met het Mantelzorgplatform "
        "IJmond en met jonge mantelzorgers op twee scholen.",
        findings="Mantelzorgers waarderen de erkenning, maar veel van hen weten niet dat de waardering bestaat. "
        "Jonge mantelzorgers en werkende mantelzorgers doen het minst vaak een aanvraag.",
        client_perspective="Mantelzorgers vragen vooral om tijd voor zichzelf. Een bedrag dat ze vrij kunnen "
        "besteden, helpt meer dan een bon voor één winkel.",
        plain_summary="Geef mantelzorgers een bedrag dat ze zelf kunnen besteden, en zorg dat ook jonge en "
        "werkende mantelzorgers de regeling kennen.",
        recommendations=(
            Rec(
                "Een vrij te besteden bedrag",
                "Geef de waardering als bedrag van € 150 in plaats van een cadeaubon.",
                "Het college kiest voor een bedrag van € 125.",
            ),
            Rec(
                "Jonge mantelzorgers apart bereiken",
                "Maak de regeling bekend via scholen, het jongerenwerk en sociale media.",
                "Het college gaat dit samen met de scholen doen.",
            ),
            Rec(
                "Aanvragen zonder bewijsstukken",
                "Vraag geen bewijs van de zorg; een korte verklaring van de mantelzorger is genoeg.",
                "Een verklaring van de mantelzorger volstaat niet; het college vraagt een verklaring van de "
                "zorgvrager.",
            ),
        ),
        sent_after=3,
        answered_after=30,
        verdicts="don",
        response="Het college kiest voor een vrij te besteden bedrag en gaat jonge mantelzorgers via de scholen "
        "bereiken.",
    ),
    AdviceSpec(
        VELSEN,
        "Correctie: advies over de mantelzorgwaardering 2026",
        CLOSED,
        days=328,
        letter=712,
        themes=("mantelzorg",),
        occasion="",
        findings="",
        client_perspective="",
        plain_summary="Dit advies vervangt advies {corrects} over de mantelzorgwaardering 2026. In aanbeveling 1 "
        "stond een verkeerd bedrag: de raad adviseert € 175, zoals de mantelzorgers in de peiling vroegen.",
        recommendations=(
            Rec(
                "Een vrij te besteden bedrag",
                "Geef de waardering als bedrag van € 175 in plaats van een cadeaubon.",
                "Het college houdt vast aan € 125 vanwege de begroting.",
            ),
        ),
        corrects="Advies over de mantelzorgwaardering 2026",
        sent_after=2,
        answered_after=28,
        verdicts="don",
        response="Het college dankt de raad voor de correctie; het bedrag blijft € 125.",
    ),
    AdviceSpec(
        VELSEN,
        "Advies over het nieuwe kindpakket",
        ANSWERED,
        days=95,
        request="Armoede en meedoen: herziening van het kindpakket",
        tables=("Tafel kindpakket: meedoen voor elk kind",),
        agenda=("Armoede en meedoen: herziening",),
        themes=("armoede-en-schulden", "jeugd"),
        occasion="De gemeente vernieuwt het kindpakket voor gezinnen met een laag inkomen en vroeg de raad eerst "
        "wie zij daarbij moest betrekken, en daarna om een formeel advies over het plan.",
        findings="Ouders kennen het kindpakket vaak niet of vinden de aanvraag te ingewikkeld. Kinderen missen "
        "daardoor de sportclub, zwemles of het schoolreisje. Scholen en sportclubs willen helpen, maar weten "
        "niet wie recht heeft op het pakket.",
        client_perspective="Ouders willen niet steeds opnieuw laten zien dat ze weinig geld hebben. Eén keer "
        "aanvragen voor een heel jaar, en een contactpersoon op school die ze al kennen, maakt het verschil.",
        plain_summary="Maak het kindpakket makkelijk: één aanvraag per jaar, hulp via school en sportclub, en "
        "geen schaamte. Dan doen meer kinderen mee.",
        recommendations=(
            Rec(
                "Eén aanvraag per jaar",
                "Laat ouders het kindpakket één keer per jaar aanvragen, met een formulier van één kantje.",
                "Het nieuwe formulier is één kantje en geldt voor een jaar.",
            ),
            Rec(
                "Aanvragen via school en sportclub",
                "Laat intern begeleiders en sportclubs ouders helpen bij de aanvraag.",
                "Het college begint hiermee op vier scholen en twee sportclubs.",
            ),
            Rec(
                "Automatisch toekennen waar het kan",
                "Ken het pakket automatisch toe aan gezinnen die al een minimaregeling krijgen.",
                "Automatisch toekennen kan voorlopig alleen bij de bijzondere bijstand; voor de andere "
                "regelingen ontbreekt de koppeling van gegevens.",
            ),
            Rec(
                "Kinderen zelf laten kiezen",
                "Laat kinderen vanaf tien jaar zelf meekiezen waaraan het geld wordt besteed.",
                "Het college vindt dit een goed idee en neemt het op in de werkwijze.",
            ),
        ),
        sent_after=3,
        answered_after=40,
        verdicts="oodo",
        response="Het college neemt drie aanbevelingen over en de derde deels, omdat de koppeling van "
        "gegevens nog niet klaar is.",
    ),
    AdviceSpec(
        VELSEN,
        "Advies over vroegsignalering van schulden",
        SENT,
        days=30,
        request="Schuldhulpverlening: vroegsignalering bij betalingsachterstanden",
        tables=("Tafel vroegsignalering schulden",),
        agenda=("Schuldhulpverlening",),
        themes=("schulden",),
        occasion="De gemeente wil inwoners eerder benaderen bij een achterstand in huur, energie of de "
        "zorgverzekering, en vroeg de raad hoe dat niet als controle voelt.",
        findings="Mensen met schulden schamen zich en openen hun post niet meer. Een brief van de gemeente "
        "voelt als de zoveelste aanmaning. Een bezoek aan huis van iemand uit de buurt werkt beter, mits het "
        "vrijblijvend is.",
        client_perspective="Ervaringsdeskundigen zeggen: de eerste vraag moet zijn hoe het met je gaat, niet "
        "hoeveel je schuldig bent. Wie zelf schulden had, weet hoe groot de drempel is.",
        plain_summary="Bel of bezoek mensen met een betalingsachterstand vriendelijk en vrijblijvend, liefst met "
        "iemand die zelf schulden heeft gehad. Stuur geen dreigende brieven.",
        recommendations=(
            Rec(
                "Eerst contact, dan een brief",
                "Zoek bij een melding van een achterstand eerst persoonlijk contact, en stuur pas daarna een brief.",
            ),
            Rec(
                "Ervaringsdeskundigen in het team",
                "Zet ervaringsdeskundigen in bij huisbezoeken, met een vergoeding.",
            ),
            Rec(
                "Brieven in gewone taal",
                "Schrijf de brieven over vroegsignalering op B1-niveau en zet er een telefoonnummer in waar "
                "iemand opneemt.",
            ),
        ),
        sent_after=2,
    ),
    AdviceSpec(
        VELSEN,
        "Ongevraagd advies over een toegankelijk strand in IJmuiden",
        SENT,
        days=60,
        tables=("Tafel toegankelijk strand IJmuiden",),
        agenda=("Het strand van IJmuiden",),
        themes=("toegankelijkheid", "openbare-ruimte"),
        occasion="Inwoners met een rolstoel of rollator kunnen in IJmuiden niet bij het water komen. De raad "
        "zette daar een tijdelijke tafel voor op.",
        findings="Er is geen verhard pad tot aan de vloedlijn en het enige invalidentoilet is in de winter "
        "dicht. Een strandrolstoel is er niet. Ook de bushalte bij de boulevard is niet toegankelijk.",
        client_perspective="Mensen met een beperking willen gewoon met hun kleinkinderen naar het strand. Nu "
        "blijven ze op de boulevard staan kijken.",
        plain_summary="Iedereen moet bij het water kunnen komen. Leg een pad aan tot het water, zorg voor een "
        "toilet dat het hele jaar open is en voor strandrolstoelen die je kunt lenen.",
        recommendations=(
            Rec("Een looppad tot de vloedlijn", "Leg elk voorjaar een rolstoelvast looppad aan tot de vloedlijn."),
            Rec(
                "Een toegankelijk toilet, het hele jaar",
                "Houd het invalidentoilet bij de boulevard het hele jaar open.",
            ),
            Rec("Strandrolstoelen om te lenen", "Zorg voor ten minste twee strandrolstoelen die gratis te lenen zijn."),
            Rec(
                "Een toegankelijke bushalte",
                "Pas de bushalte bij de boulevard aan, zodat mensen met een rolstoel kunnen in- en uitstappen.",
            ),
        ),
        sent_after=2,
    ),
    AdviceSpec(
        VELSEN,
        JOURNEY_SUBJECT,
        FOR_ADOPTION,
        days=15,
        request="Herinrichting van de Wmo-loketten",
        agenda=("Keukentafelgesprek",),
        themes=("zorg-en-ondersteuning", "toegankelijkheid"),
        occasion="De Wmo-loketten in IJmuiden en Velserbroek gaan samen in één gebouw. De gemeente vroeg de raad "
        "hoe cliënten betrokken worden bij de inrichting en de openingstijden.",
        method="Leden van de raad liepen met zes inwoners met een beperking door het nieuwe gebouw, en spraken "
        "met de cliëntondersteuners en met mensen in de wachtruimte van het huidige loket.",
        findings="De ingang is goed, maar de balie is te hoog voor iemand in een rolstoel en er is geen "
        "ringleiding. Mensen bellen liever dan dat ze langskomen; aan de telefoon wachten ze nu vaak lang.",
        client_perspective="Cliënten willen niet aan een balie hun verhaal doen waar iedereen meeluistert. Ze "
        "vragen om een rustige spreekkamer en om iemand die de tijd neemt.",
        plain_summary="Maak het nieuwe Wmo-loket goed bereikbaar voor iedereen: een lage balie, een ringleiding, "
        "spreekkamers met rust en een telefoon die snel wordt opgenomen.",
        recommendations=(
            Rec(
                "Een lage balie en een ringleiding", "Zorg voor een deel van de balie op zithoogte en een ringleiding."
            ),
            Rec(
                "Spreekkamers in plaats van een open balie",
                "Voer gesprekken over zorg in een spreekkamer, niet aan de balie.",
            ),
            Rec(
                "Avondopenstelling",
                "Open het loket één avond per week, voor werkende mantelzorgers en cliënten.",
            ),
            Rec(
                "Toets de inrichting met cliënten",
                "Loop vóór de opening nog één keer met cliënten door het gebouw en pas aan wat nodig is.",
            ),
        ),
    ),
    AdviceSpec(
        VELSEN,
        "Ongevraagd advies over eenzaamheid onder ouderen",
        DRAFT,
        days=6,
        agenda=("Eenzaamheid onder ouderen",),
        themes=("eenzaamheid",),
        occasion="De raad ziet in de signalen van dit jaar dat steeds meer ouderen alleen thuis zitten.",
        findings="Ouderen die slecht ter been zijn, komen niet meer bij de ontmoetingsplekken in de wijk.",
        client_perspective="",
        plain_summary="",
        recommendations=(
            Rec("Vervoer naar ontmoetingsplekken", "Zorg voor vervoer naar de ontmoetingsplekken in de wijk."),
            Rec("Huisbezoeken vanaf 75 jaar", "Bied alle inwoners van 75 jaar en ouder een huisbezoek aan."),
        ),
    ),
    # --- Beverwijk ------------------------------------------------------------------------------------
    AdviceSpec(
        BEVERWIJK,
        "Advies over de beleidsregels huishoudelijke hulp",
        CLOSED,
        days=650,
        letter=41,
        themes=("zorg-en-ondersteuning",),
        occasion="Het college legde de raad de nieuwe beleidsregels voor de huishoudelijke hulp voor, met een "
        "nieuwe normering van de uren.",
        method="De raad besprak de beleidsregels in twee bijeenkomsten met cliënten en mantelzorgers en met de "
        "cliëntenraad van de grootste zorgaanbieder.",
        findings="De normering houdt weinig rekening met mensen met een psychische aandoening, die juist hulp "
        "nodig hebben bij het overzicht in huis. Ook de was en de boodschappen vallen soms buiten de uren.",
        client_perspective="Cliënten zeggen dat een schoon huis voor hen gaat over zelfstandig blijven wonen, "
        "niet over luxe.",
        plain_summary="De nieuwe regels voor huishoudelijke hulp moeten ook passen bij mensen met een psychische "
        "aandoening. Kijk naar wat iemand nodig heeft, niet alleen naar het aantal uren.",
        recommendations=(
            Rec(
                "Maatwerk voor mensen met een psychische aandoening",
                "Neem in de beleidsregels op dat extra uren mogelijk zijn voor regie en overzicht.",
                "Extra uren zijn mogelijk na overleg met de consulent; een vaste regel komt er niet.",
            ),
            Rec(
                "De was en boodschappen in het pakket",
                "Neem de was en boodschappen op in de basisuren.",
                "Het college neemt dit over.",
            ),
        ),
        sent_after=6,
        answered_after=38,
        verdicts="do",
        response="Het college past de beleidsregels op twee punten aan.",
    ),
    AdviceSpec(
        BEVERWIJK,
        "Ongevraagd advies over de inclusieagenda van Beverwijk",
        CLOSED,
        days=300,
        agenda=("Stoepen en toegankelijkheid", "Brieven van de gemeente"),
        themes=("toegankelijkheid", "openbare-ruimte"),
        occasion="Beverwijk heeft nog geen lokale inclusieagenda, zoals het VN-verdrag Handicap vraagt. De raad "
        "geeft uit zichzelf advies over wat erin moet.",
        method="De raad verzamelde signalen over toegankelijkheid uit een jaar en hield een schouw in het "
        "centrum met Platform Meedoen Beverwijk.",
        findings="De meeste knelpunten gaan over stoepen, oversteekplaatsen en brieven van de gemeente die "
        "moeilijk te lezen zijn. Mensen met een verstandelijke beperking worden zelden gevraagd mee te denken.",
        client_perspective="Mensen met een beperking willen meedoen als iedereen, niet als uitzondering. 'Niets "
        "over ons zonder ons' moet ook voor de gemeente gelden.",
        plain_summary="Maak een inclusieagenda samen met mensen met een beperking. Begin met de stoepen, de "
        "oversteekplaatsen en brieven die iedereen kan lezen.",
        recommendations=(
            Rec(
                "Een inclusieagenda met ervaringsdeskundigen",
                "Stel de inclusieagenda op samen met ervaringsdeskundigen en de raad.",
                "Het college start dit jaar met een werkgroep.",
            ),
            Rec(
                "Schouw van de openbare ruimte",
                "Houd elk jaar een schouw in iedere wijk met mensen met een beperking.",
                "Het college neemt dit op in het beheerplan openbare ruimte.",
            ),
            Rec(
                "Brieven op B1-niveau",
                "Schrijf alle brieven van het sociaal domein op B1-niveau.",
                "Het college laat alle standaardbrieven herschrijven.",
            ),
        ),
        sent_after=4,
        answered_after=33,
        verdicts="ooo",
        response="Het college neemt alle drie de aanbevelingen over en nodigt de raad uit voor de werkgroep.",
    ),
    AdviceSpec(
        BEVERWIJK,
        "Advies over de evaluatie van de schuldhulpverlening",
        ANSWERED,
        days=100,
        request="Evaluatie van de schuldhulpverlening",
        tables=("Tafel schuldhulp: wat vinden cliënten?",),
        agenda=("Schuldhulpverlening",),
        themes=("schulden",),
        occasion="De gemeente evalueert de schuldhulpverlening en vroeg de raad om de ervaringen van cliënten "
        "op te halen en daarover te adviseren.",
        findings="Cliënten voelden zich vaak een dossier. Het eerste gesprek liet weken op zich wachten, en de "
        "brieven waren moeilijk. Wat hielp: een hulpverlener die terugbelde, en iemand die meeging naar de eerste "
        "afspraak.",
        client_perspective="Cliënten voelden zich vaak een dossier. Wat hielp: een hulpverlener die terugbelde, "
        "en iemand die meeging naar de eerste afspraak.",
        plain_summary="Schuldhulp werkt beter met één vaste contactpersoon, snel een eerste gesprek en brieven in "
        "gewone taal. De raad geeft vijf punten mee voor de evaluatie.",
        recommendations=(
            Rec(
                "Eén vaste contactpersoon",
                "Geef iedere cliënt één vaste contactpersoon voor het hele traject.",
                "Het college streeft hiernaar, maar kan het bij wisselingen in het team niet beloven.",
            ),
            Rec(
                "Binnen drie werkdagen een eerste gesprek",
                "Voer het eerste gesprek binnen drie werkdagen na de aanmelding.",
                "De wet noemt drie werkdagen bij dreigende huisuitzetting; voor de rest blijft het twee weken.",
            ),
            Rec(
                "Hulp bij de papieren thuis",
                "Zet vrijwilligers in die thuis helpen met de post en de administratie.",
                "Het college subsidieert hiervoor de thuisadministratie van de vrijwilligerscentrale.",
            ),
            Rec(
                "Een nazorggesprek na een jaar",
                "Bel iedere cliënt een jaar na het traject om te horen hoe het gaat.",
                "Het college kiest ervoor dit niet te doen: cliënten kunnen zelf contact opnemen.",
            ),
        ),
        sent_after=3,
        answered_after=51,
        verdicts="ddon",
        response="Het college reageert na de termijn. Het neemt één aanbeveling over, twee deels en één niet.",
    ),
    AdviceSpec(
        BEVERWIJK,
        "Ongevraagd advies over de wachtlijsten in de jeugdhulp",
        SENT,
        days=40,
        tables=("Tafel jeugdhulp dichtbij",),
        agenda=("Wachtlijsten jeugdhulp",),
        themes=("jeugd", "onderwijs-en-jeugdhulp"),
        occasion="Ouders in Beverwijk wachten maanden op jeugdhulp. De raad bracht dit op de participatieagenda "
        "en zette een tafel op met ouders, jongeren en professionals.",
        findings="Gezinnen horen niet hoe lang ze moeten wachten en krijgen in de tussentijd geen hulp. Scholen "
        "vangen veel op, maar weten niet wie ze kunnen bellen.",
        client_perspective="Ouders zeggen: wachten is erger als je niet weet hoe lang. Jongeren willen iemand "
        "die ze in de tussentijd kunnen appen.",
        plain_summary="Laat gezinnen niet wachten zonder hulp. Vertel hoe lang het duurt, en zorg dat er in de "
        "tussentijd iemand is om mee te praten.",
        recommendations=(
            Rec("Vertel hoe lang het wachten duurt", "Geef ieder gezin op de wachtlijst een verwachte startdatum."),
            Rec("Overbruggingshulp", "Bied tijdens het wachten lichte hulp van het wijkteam aan."),
            Rec("Een contactpersoon voor scholen", "Geef elke school één contactpersoon bij het jeugdteam."),
        ),
        sent_after=5,
    ),
    AdviceSpec(
        BEVERWIJK,
        "Advies over eenzaamheid onder ouderen in Wijk aan Zee",
        ADOPTED,
        days=4,
        request="Eenzaamheid onder ouderen in Wijk aan Zee",
        tables=("Tafel eenzaamheid in Wijk aan Zee",),
        themes=("eenzaamheid",),
        occasion="De gemeente vroeg de raad hoe zij ouderen in Wijk aan Zee kan spreken over wat zij missen, en "
        "wat daaruit volgt.",
        findings="In Wijk aan Zee zijn weinig ontmoetingsplekken en de bus rijdt 's avonds niet. Ouderen kennen "
        "elkaar wel, maar komen elkaar minder tegen sinds de winkel dicht is.",
        client_perspective="Ouderen willen geen activiteit 'voor eenzamen'. Ze willen een plek waar ze gewoon "
        "koffie kunnen drinken en iets kunnen doen.",
        plain_summary="Maak in Wijk aan Zee een vaste plek waar ouderen elkaar kunnen ontmoeten, en zorg dat ze "
        "er ook 's avonds kunnen komen.",
        recommendations=(
            Rec("Een vaste ontmoetingsplek", "Open het dorpshuis drie ochtenden per week als huiskamer."),
            Rec("Vervoer op afroep", "Zet de buurtbus ook 's avonds in, op afroep."),
            Rec("Buren als maatje", "Ondersteun buren die een oudere in de straat willen bezoeken."),
        ),
    ),
    AdviceSpec(
        BEVERWIJK,
        "Ongevraagd advies over de minimaregelingen en de inkomensgrens",
        FOR_ADOPTION,
        days=9,
        agenda=("Armoede en meedoen",),
        themes=("armoede-en-schulden", "werk-en-inkomen"),
        occasion="Werkende inwoners met een laag inkomen vallen net buiten de minimaregelingen.",
        method="De raad sprak met acht werkende ouders en met de Voedselbank Beverwijk.",
        findings="Bij een inkomen net boven 120 procent van het sociaal minimum vervalt alles tegelijk.",
        client_perspective="Werkende ouders zeggen dat werken hun niets oplevert als alle regelingen wegvallen.",
        plain_summary="Laat de minimaregelingen geleidelijk aflopen, zodat werken altijd loont.",
        recommendations=(
            Rec("Een glijdende schaal", "Laat de regelingen geleidelijk aflopen tot 130 procent van het minimum."),
            Rec("Eén aanvraag voor alles", "Maak één aanvraagformulier voor alle minimaregelingen."),
        ),
    ),
    AdviceSpec(
        BEVERWIJK,
        "Advies over de toegankelijkheid van het centrum en de Bazaar",
        DRAFT,
        days=3,
        request="Toegankelijkheid van het centrum en de Bazaar",
        tables=("Tafel toegankelijk centrum en Bazaar",),
        themes=("toegankelijkheid", "openbare-ruimte"),
        occasion="De herinrichting van het centrum begint; de gemeente vroeg hoe zij de plannen test met mensen "
        "met een beperking.",
        findings="",
        client_perspective="",
        plain_summary="",
        recommendations=(),
    ),
    # --- Heemskerk ------------------------------------------------------------------------------------
    AdviceSpec(
        HEEMSKERK,
        "Advies over de minimaregelingen",
        CLOSED,
        days=590,
        letter=219,
        themes=("armoede-en-schulden",),
        occasion="Het college vroeg de raad om advies over de herziening van de minimaregelingen en het "
        "armoedebeleid voor de komende vier jaar.",
        method="De raad hield drie gesprekken met inwoners met een laag inkomen, samen met de Voedselbank en "
        "de Stichting Leergeld, en las de signalen van het afgelopen jaar na.",
        findings="De regelingen zijn er wel, maar ze worden weinig gebruikt. Mensen weten niet dat ze er recht "
        "op hebben, of vinden de aanvraag te moeilijk. Ouderen met een klein pensioen worden het slechtst bereikt.",
        client_perspective="Inwoners met weinig geld zeggen: elk formulier voelt als een examen. Ze vragen om "
        "één loket en om iemand die hen op weg helpt.",
        plain_summary="Veel inwoners met weinig geld gebruiken de regelingen niet. Maak de aanvraag eenvoudiger "
        "en zoek de mensen actief op, vooral ouderen.",
        recommendations=(
            Rec(
                "Eén formulier voor alle regelingen",
                "Maak één aanvraag voor de minimaregelingen.",
                "Het college voert dit in vanaf 1 januari.",
            ),
            Rec(
                "Ouderen actief benaderen",
                "Benader ouderen met een klein pensioen met een brief en een huisbezoek.",
                "Een huisbezoek is te duur; het college stuurt wel een brief.",
            ),
            Rec(
                "De inkomensgrens naar 130 procent",
                "Verhoog de inkomensgrens van de regelingen naar 130 procent van het sociaal minimum.",
                "Het college houdt de grens op 120 procent vanwege de kosten.",
            ),
        ),
        sent_after=4,
        answered_after=58,
        verdicts="odn",
        response="Het college reageert later dan de verordening vraagt en neemt één aanbeveling helemaal over.",
    ),
    AdviceSpec(
        HEEMSKERK,
        "Advies over de toegankelijkheid van de openbare ruimte",
        CLOSED,
        days=340,
        letter=1102,
        agenda=("Stoepen en toegankelijkheid",),
        themes=("toegankelijkheid", "openbare-ruimte"),
        occasion="Het college vroeg advies over het nieuwe beleidsplan openbare ruimte, met de vraag wat nodig "
        "is om de openbare ruimte toegankelijk te maken.",
        method="Een schouw in Heemskerk-Noord en het centrum met tien inwoners met een rolstoel, rollator of "
        "visuele beperking.",
        findings="Scheve stoepen, geparkeerde fietsen en te hoge stoepranden zijn de grootste problemen. "
        "Geleidelijnen voor blinden lopen soms dood op een paal.",
        client_perspective="Wie slecht ter been is, blijft thuis als de stoep niet te vertrouwen is.",
        plain_summary="Maak de stoepen in Heemskerk veilig voor iedereen en los eerst de plekken op die inwoners "
        "bij de schouw aanwezen.",
        recommendations=(
            Rec(
                "Herstel de knelpunten van de schouw",
                "Los de twintig knelpunten uit de schouw binnen een jaar op.",
                "Het college pakt ze op in het onderhoudsprogramma.",
            ),
            Rec(
                "Een meldpunt voor stoepen",
                "Maak een meldpunt waar inwoners een gevaarlijke stoep kunnen melden.",
                "Dit kan al via de app van de gemeente.",
            ),
        ),
        sent_after=3,
        answered_after=35,
        verdicts="od",
        response="Het college neemt de knelpunten van de schouw op in het onderhoudsprogramma.",
    ),
    AdviceSpec(
        HEEMSKERK,
        "Ongevraagd advies over werk naar vermogen in de Participatiewet",
        ANSWERED,
        days=230,
        tables=("Tafel werk naar vermogen",),
        agenda=("Re-integratie",),
        themes=("werk-en-inkomen",),
        occasion="De raad zette uit zichzelf een tafel op over wat mensen met een bijstandsuitkering helpt om "
        "stap voor stap aan het werk te gaan.",
        findings="Verplichte sollicitaties in het eerste jaar werken averechts voor wie lang thuis zat. "
        "Vrijwilligerswerk met behoud van uitkering helpt wel, maar wordt vaak niet toegestaan.",
        client_perspective="Wie lang thuis zat, wil eerst weer ritme en zelfvertrouwen. Drang werkt averechts; "
        "een coach die meedenkt werkt wel.",
        plain_summary="Help mensen in de bijstand stap voor stap: eerst ritme en vrijwilligerswerk, met een vaste "
        "werkcoach, en pas daarna solliciteren.",
        recommendations=(
            Rec(
                "Minder verplichte sollicitaties in het eerste jaar",
                "Laat de sollicitatieplicht in het eerste jaar afhangen van wat iemand aankan.",
                "De Participatiewet laat hier ruimte voor; het college past het maatwerk toe.",
            ),
            Rec(
                "Vrijwilligerswerk met behoud van uitkering",
                "Sta vrijwilligerswerk met behoud van uitkering toe als opstap.",
                "Het college staat het toe voor een jaar, daarna volgt een gesprek.",
            ),
            Rec(
                "Een vaste werkcoach",
                "Geef iedereen één vaste werkcoach.",
                "Met de huidige bezetting van het Werkbedrijf kan dit niet.",
            ),
        ),
        sent_after=4,
        answered_after=41,
        verdicts="odn",
        response="Het college neemt de aanbevelingen deels over binnen de ruimte van de Participatiewet.",
    ),
    AdviceSpec(
        HEEMSKERK,
        "Advies over de aanbesteding van de huishoudelijke hulp",
        SENT,
        days=14,
        letter=874,
        themes=("zorg-en-ondersteuning",),
        occasion="Het college vroeg advies over de eisen in de nieuwe aanbesteding van de huishoudelijke hulp.",
        method="De raad besprak de eisen met twaalf cliënten en met de cliëntenraden van twee zorgaanbieders.",
        findings="Cliënten hechten het meest aan een vaste hulp en aan een aanbieder die belt als de hulp niet "
        "komt. De prijs mag niet het belangrijkste zijn.",
        client_perspective="Cliënten willen kunnen kiezen tussen ten minste twee aanbieders.",
        plain_summary="Kies in de aanbesteding niet alleen op prijs: een vaste hulp en keuze voor cliënten wegen "
        "zwaarder.",
        recommendations=(
            Rec("Kwaliteit boven prijs", "Laat kwaliteit voor ten minste zestig procent meewegen."),
            Rec("Keuze tussen aanbieders", "Contracteer ten minste twee aanbieders."),
            Rec("Cliënten in de beoordelingscommissie", "Laat twee cliënten meebeoordelen."),
        ),
        sent_after=2,
        confidential="De aanbesteding loopt nog: het advies wordt openbaar na de gunning.",
    ),
    AdviceSpec(
        HEEMSKERK,
        "Ongevraagd advies over een dementievriendelijk Heemskerk",
        FOR_ADOPTION,
        days=11,
        tables=("Tafel dementievriendelijk Heemskerk",),
        agenda=("Dementievriendelijk Heemskerk",),
        themes=("mantelzorg", "zorg-en-ondersteuning"),
        occasion="Steeds meer inwoners van Heemskerk leven met dementie. De raad zette een tafel op met "
        "mantelzorgers, winkeliers en het Mantelzorgcafé.",
        findings="Winkeliers en baliemedewerkers weten niet hoe ze iemand met dementie kunnen helpen. "
        "Mantelzorgers zijn op en vinden de dagopvang te duur.",
        client_perspective="Mensen met dementie willen zo lang mogelijk hun eigen boodschappen doen. "
        "Mantelzorgers vragen om begrip, niet om medelijden.",
        plain_summary="Help winkels, clubs en de gemeente om mensen met dementie te begrijpen, en maak het "
        "makkelijker voor mantelzorgers om even vrij te hebben.",
        recommendations=(
            Rec("Training voor winkels en balies", "Bied winkeliers en baliemedewerkers een korte training aan."),
            Rec("Betaalbare dagopvang", "Verlaag de eigen bijdrage voor de dagopvang bij dementie."),
            Rec("Een vast aanspreekpunt dementie", "Geef mantelzorgers één aanspreekpunt bij de gemeente."),
        ),
    ),
    AdviceSpec(
        HEEMSKERK,
        "Ongevraagd advies over het jongerenwerk in de Broekpolder",
        DRAFT,
        days=2,
        tables=("Tafel jongerenwerk Broekpolder",),
        agenda=("Jongerenwerk in de Broekpolder",),
        themes=("jeugd",),
        occasion="Jongeren in de Broekpolder hebben sinds vorig jaar geen jongerenwerker meer.",
        findings="Jongeren hangen rond bij het winkelcentrum omdat er geen andere plek is.",
        client_perspective="",
        plain_summary="",
        recommendations=(Rec("Een jongerenwerker terug", "Zet weer een jongerenwerker in voor de Broekpolder."),),
    ),
    # --- The region -----------------------------------------------------------------------------------
    AdviceSpec(
        REGION,
        "Advies over het doelgroepenvervoer en de regiotaxi",
        CLOSED,
        days=600,
        letter=15,
        agenda=("Doelgroepenvervoer",),
        themes=("vervoer",),
        occasion="De colleges van de drie gemeenten vroegen advies over de kwaliteitseisen voor het "
        "doelgroepenvervoer, voordat het contract wordt verlengd.",
        method="De regionale raad verzamelde 96 klachten en signalen over de regiotaxi en sprak met reizigers "
        "in Beverwijk, Heemskerk en Velsen.",
        findings="De regiotaxi komt vaak te laat of rijdt lang om. Reizigers met een rolstoel worden soms "
        "vergeten. Klachten krijgen geen antwoord.",
        client_perspective="Reizigers zeggen: wie te laat bij de dokter of het werk komt, verliest zijn "
        "afspraak. Vervoer is meedoen.",
        plain_summary="De regiotaxi moet op tijd komen en niet lang omrijden. Reizigers willen dat hun klachten "
        "serieus worden genomen.",
        recommendations=(
            Rec(
                "Maximaal vijftien minuten te laat",
                "Leg in het contract vast dat de taxi hooguit vijftien minuten na de afgesproken tijd komt.",
                "Het college neemt dit op, met een boete voor de vervoerder.",
            ),
            Rec(
                "Een klachtenloket bij de gemeenten",
                "Laat klachten ook bij de gemeenten binnenkomen, zodat zij zien wat er misgaat.",
                "De vervoerder blijft het klachtenloket; de gemeenten krijgen elk kwartaal een overzicht.",
            ),
            Rec(
                "Reizigers in het overleg met de vervoerder",
                "Nodig reizigers uit voor het kwartaaloverleg met de vervoerder.",
                "De colleges kiezen voor een apart reizigerspanel.",
            ),
        ),
        sent_after=5,
        answered_after=48,
        verdicts="odd",
        response="De colleges reageren na de termijn: de eisen voor stiptheid komen in het contract.",
    ),
    AdviceSpec(
        REGION,
        "Ongevraagd advies over eenzaamheid onder ouderen in de IJmond",
        CLOSED,
        days=480,
        agenda=("Wonen met zorg voor ouderen",),
        themes=("eenzaamheid",),
        occasion="In alle drie de gemeenten komen signalen binnen over ouderen die alleen zijn. De regionale "
        "raad geeft uit zichzelf advies over een gezamenlijke aanpak.",
        method="De raad bundelde de signalen van de drie lokale raden en sprak met de welzijnsorganisaties.",
        findings="Elke gemeente heeft eigen projecten, maar ze weten weinig van elkaar. Ouderen aan de grens "
        "van twee gemeenten vallen tussen wal en schip.",
        client_perspective="Ouderen zeggen: het maakt mij niet uit in welke gemeente de ontmoeting is, als ik er "
        "maar kan komen.",
        plain_summary="Werk als drie gemeenten samen tegen eenzaamheid, zodat ouderen ook naar een activiteit in "
        "de buurgemeente kunnen.",
        recommendations=(
            Rec(
                "Eén overzicht van activiteiten",
                "Maak één overzicht van ontmoetingsactiviteiten in de hele IJmond.",
                "De colleges laten de welzijnsorganisaties dit maken.",
            ),
            Rec(
                "Vervoer over de gemeentegrens",
                "Laat de buurtbus ook naar activiteiten in de buurgemeente rijden.",
                "De colleges onderzoeken dit bij de nieuwe aanbesteding.",
            ),
        ),
        sent_after=3,
        answered_after=39,
        verdicts="od",
        response="De colleges nemen de aanbevelingen over en laten het vervoer onderzoeken.",
    ),
    AdviceSpec(
        REGION,
        "Advies over het regionale beleidskader jeugdhulp",
        ANSWERED,
        days=380,
        letter=190,
        agenda=("Wachttijden ggz voor jongeren",),
        themes=("jeugd", "onderwijs-en-jeugdhulp"),
        occasion="De colleges vroegen advies over het regionale beleidskader jeugdhulp 2026–2029.",
        method="De raad sprak met twintig jongeren en ouders via het jongerenpanel en met de cliëntenraad van "
        "twee jeugdhulpaanbieders.",
        findings="Het kader gaat vooral over geld en inkoop, en weinig over wachttijden en wat gezinnen merken.",
        client_perspective="Jongeren willen niet van hulpverlener naar hulpverlener. Ze vragen om één vertrouwd "
        "gezicht.",
        plain_summary="Het beleidskader moet meer gaan over wat jongeren en ouders merken: korter wachten en één "
        "vaste hulpverlener.",
        recommendations=(
            Rec(
                "Een norm voor wachttijden",
                "Neem een norm op: binnen acht weken start de hulp.",
                "Een harde norm kunnen de colleges niet waarmaken; ze rapporteren wel elk half jaar.",
            ),
            Rec(
                "Eén hulpverlener per gezin",
                "Stel één regievoerder per gezin aan.",
                "De colleges nemen dit over.",
            ),
            Rec(
                "Jongeren bij de inkoop",
                "Laat jongeren meebeslissen over de eisen bij de inkoop.",
                "Jongeren mogen meedenken, maar niet meebeslissen: de inkoop is een besluit van de colleges.",
            ),
        ),
        sent_after=4,
        answered_after=55,
        verdicts="don",
        response="De colleges reageren na de termijn; één aanbeveling wordt helemaal overgenomen.",
    ),
    AdviceSpec(
        REGION,
        "Advies over werkfit-trajecten voor mensen met een beperking",
        ANSWERED,
        days=150,
        request="Arbeidsmarktregio: werkfit-trajecten voor mensen met een beperking",
        tables=("Tafel werkfit-trajecten",),
        agenda=("Arbeidsmarktregio: werkfit",),
        themes=("werk-en-inkomen",),
        occasion="De arbeidsmarktregio maakt nieuwe werkfit-trajecten. De gemeenten vroegen de regionale raad "
        "hoe zij die toetsen met de mensen die ze volgen.",
        findings="Standaardtrajecten passen slecht bij mensen met een beperking. Een jobcoach die na de start "
        "verdwijnt, leidt vaak tot uitval.",
        client_perspective="Mensen met een beperking willen niet in een standaard traject. Ze vroegen om tijd, "
        "een vaste coach en een werkgever die weet wat de beperking inhoudt.",
        plain_summary="Begin elk werkfit-traject met een gesprek over wat iemand kan en wil, en laat de jobcoach "
        "een half jaar na de start betrokken.",
        recommendations=(
            Rec(
                "Een startgesprek over wat iemand wil",
                "Begin met een gesprek over wensen en mogelijkheden.",
                "Dit wordt de vaste start van elk traject.",
            ),
            Rec(
                "De jobcoach blijft een half jaar",
                "Laat de jobcoach na de start nog zes maanden betrokken.",
                "De colleges nemen dit over.",
            ),
            Rec(
                "Voorlichting aan werkgevers",
                "Bied werkgevers voorlichting over werken met een beperking.",
                "Het Werkgeversservicepunt gaat dit doen.",
            ),
        ),
        sent_after=3,
        answered_after=27,
        verdicts="ooo",
        response="De colleges nemen alle aanbevelingen over.",
    ),
    AdviceSpec(
        REGION,
        "Advies over de regionale visie op beschermd wonen en maatschappelijke opvang",
        SENT,
        days=120,
        letter=102,
        agenda=("Beschermd wonen",),
        themes=("beschermd-wonen",),
        occasion="De colleges vroegen advies over de regionale visie op beschermd wonen en maatschappelijke "
        "opvang, nu de taken van de centrumgemeente naar de drie gemeenten gaan.",
        method="De raad sprak met bewoners van twee locaties voor beschermd wonen en met de cliëntenraad van "
        "de maatschappelijke opvang.",
        findings="Bewoners zijn bang dat de zorg verdwijnt als ze zelfstandig gaan wonen. Er zijn te weinig "
        "woningen om door te stromen.",
        client_perspective="Bewoners willen een eigen voordeur, maar ook iemand die langskomt als het even niet gaat.",
        plain_summary="Zorg voor genoeg woningen en blijf mensen begeleiden als ze uit beschermd wonen vertrekken.",
        recommendations=(
            Rec("Woningen reserveren", "Spreek met de corporaties een vast aantal woningen per jaar af."),
            Rec("Begeleiding na de verhuizing", "Blijf een jaar begeleiden na de verhuizing naar een eigen woning."),
            Rec("Ervaringsdeskundigen in de teams", "Zet ervaringsdeskundigen in bij de begeleiding."),
        ),
        sent_after=5,
    ),
    AdviceSpec(
        REGION,
        "Advies over de uitstroom uit beschermd wonen",
        SENT,
        days=30,
        request="Beschermd wonen: uitstroom naar een gewone woning",
        tables=("Tafel uitstroom beschermd wonen",),
        themes=("beschermd-wonen", "wonen"),
        occasion="De gemeenten maken afspraken met de corporaties over woningen voor mensen uit beschermd wonen "
        "en vroegen de raad wie zij daarbij moeten betrekken.",
        findings="Wie uitstroomt, verliest vaak in één keer alle begeleiding. Buren weten niet wat ze kunnen "
        "verwachten.",
        client_perspective="Bewoners van beschermd wonen willen meepraten over waar ze gaan wonen, en niet als "
        "probleem worden gezien.",
        plain_summary="Help mensen die uit beschermd wonen vertrekken met een warme overdracht, en betrek de "
        "buurt op een goede manier.",
        recommendations=(
            Rec("Een warme overdracht", "Laat de oude en de nieuwe begeleider samen het eerste gesprek voeren."),
            Rec("Kennismaking met de buren", "Organiseer een kennismaking met de buren als de bewoner dat wil."),
        ),
        sent_after=2,
    ),
    AdviceSpec(
        REGION,
        "Ongevraagd advies over de klachtenafhandeling van de regiotaxi",
        DRAFT,
        days=8,
        tables=("Tafel regiotaxi",),
        agenda=("Doelgroepenvervoer",),
        themes=("vervoer",),
        occasion="Reizigers aan de tafel regiotaxi vertellen dat klachten geen antwoord krijgen.",
        findings="",
        client_perspective="Reizigers willen weten wat er met hun klacht gebeurt.",
        plain_summary="",
        recommendations=(
            Rec("Antwoord binnen twee weken", "Geef op iedere klacht binnen twee weken een antwoord."),
            Rec("Een kwartaaloverzicht", "Publiceer elk kwartaal hoeveel klachten er waren en wat ermee gebeurde."),
        ),
    ),
]


# --- The demo: one seed ---------------------------------------------------------------------------------


@dataclass
class _World:
    now: datetime
    today: date
    councils: dict[str, Council]
    people: dict[str, User]
    chairs: dict[int, User]  # council id -> its chair (voorzitter)


def seed() -> int:
    """Create the demo advice that does not exist yet; returns how many were created. The oldest adoption
    comes first, so that within a council and a year the numbers follow the dates."""
    world = _world()
    if len(world.councils) < 4 or not world.people:
        raise RuntimeError("The advice demo builds on the councils, members, agenda and tables: run their demo first.")
    existing = set(Advice.objects.values_list("council__slug", "subject"))
    created = 0
    for spec in sorted(ADVICE, key=lambda s: -s.days):
        if (spec.council, spec.subject) in existing:
            continue
        _seed_advice(world, spec)
        created += 1
    return created


def counts() -> dict[str, int]:
    return {
        "adviezen": Advice.objects.count(),
        "aanbevelingen": Recommendation.objects.count(),
        "reacties van het college": CollegeResponse.objects.count(),
    }


def _world() -> _World:
    now = timezone.now()
    chairs: dict[int, User] = {}
    board = Membership.objects.active().filter(role=CouncilRole.VOORZITTER).select_related("person")
    for membership in board.order_by("term_start", "pk"):
        chairs.setdefault(membership.council_id, membership.person)
    emails = {*DRAFTERS.values(), *ADVISORS.values()}
    return _World(
        now=now,
        today=timezone.localdate(now),
        councils={c.slug: c for c in Council.objects.select_related("municipality", "region")},
        people={u.email: u for u in User.objects.filter(email__in=emails)},
        chairs=chairs,
    )


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(hour, 0)))


def dutch_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _reference(council: Council, serial: int, day: date) -> str:
    """The college's request for advice, as its letter names it."""
    sender = "Brief college" if council.municipality_id else "Brief colleges IJmond"
    return f"{sender} {dutch_date(day)}, kenmerk {day.year}-{serial:04d}"


def _save(instance: Any, *, by: User | None, at: datetime, **kwargs: Any) -> None:
    """Save through the ORM, so that simple-history records the step with who and when."""
    instance._history_user = by
    instance._history_date = at
    instance.save(**kwargs)


def _backdate(advice: Advice, since: datetime, *, at: datetime, by: User | None) -> None:
    """Date the history that a service just wrote (it records the moment of seeding) as the step's own."""
    Advice.history.filter(id=advice.pk, history_date__gte=since).update(history_date=at, history_user=by)
    Recommendation.history.filter(advice_id=advice.pk, history_date__gte=since).update(history_date=at, history_user=by)


def _first_public(items: Any) -> Any:
    return items.order_by("-is_public", "pk").first()


def _seed_advice(world: _World, spec: AdviceSpec) -> Advice:
    council = world.councils[spec.council]
    drafter = world.people.get(DRAFTERS[spec.council])
    chair = world.chairs.get(council.pk)
    adopted = spec.status not in (DRAFT, FOR_ADOPTION)
    adopted_on = world.today - timedelta(days=spec.days)
    created_at = _at(adopted_on - timedelta(days=25), 11) if adopted else world.now - timedelta(days=spec.days)
    request = None
    if spec.request:
        request = EarlyInvolvementRequest.objects.filter(council=council, title=spec.request).order_by("pk").first()
        if request is None:
            raise RuntimeError(f"The agenda's demo has no request {spec.request!r}: run its demo first.")
        created_at = max(created_at, request.filed_at + timedelta(days=1))
    tables = []
    for title in spec.tables:
        table = Table.objects.filter(council=council, title=title).order_by("pk").first()
        if table is None:
            raise RuntimeError(f"The tables' demo has no table {title!r}: run its demo first.")
        tables.append(table)
    # Only the agenda items that were there when the advice was begun.
    items = [
        item
        for prefix in spec.agenda
        if (
            item := _first_public(
                AgendaItem.objects.filter(council=council, title__startswith=prefix, created_at__lte=created_at)
            )
        )
    ]
    corrects = Advice.objects.get(council=council, subject=spec.corrects) if spec.corrects else None

    def section(name: str) -> str:
        """The spec's text, or (a correction) the corrected advice's."""
        text: str = getattr(spec, name) or (getattr(corrects, name) if corrects else "")
        return text.replace("{corrects}", corrects.number or "") if corrects else text

    reference = (
        _reference(council, spec.letter, timezone.localdate(created_at) - timedelta(days=9)) if spec.letter else ""
    )
    since = timezone.now()
    advice = services.advice_create(
        council=council,
        kind=spec.kind,
        subject=spec.subject,
        by=drafter,
        request=request,
        formal_request_reference="" if corrects else reference,
        tables=tables,
        agenda_items=items,
        themes=list(Theme.objects.filter(slug__in=spec.themes).order_by("pk")),
        corrects=corrects,
        occasion=section("occasion"),
        method=section("method"),
        findings=section("findings"),
        client_perspective=section("client_perspective"),
        plain_summary=section("plain_summary"),
    )
    Advice.objects.filter(pk=advice.pk).update(created_at=created_at)
    # A correction starts with the recommendations it corrects: the spec's replace those of the same number.
    copied = {r.number: r for r in advice.recommendations.all()} if corrects else {}
    for number, rec in enumerate(spec.recommendations, start=1):
        recommendation = copied.get(number) or Recommendation(advice=advice, number=number)
        recommendation.title, recommendation.text = rec.title, rec.text
        recommendation.save()
    _backdate(advice, since, at=created_at, by=drafter)
    if spec.status == DRAFT:
        return advice

    submitted_at = (
        _at(adopted_on - timedelta(days=7), 16) if adopted else min(created_at + timedelta(days=3), world.now)
    )
    since = timezone.now()
    advice = services.advice_submit(advice=advice, by=drafter)
    _backdate(advice, since, at=submitted_at, by=drafter)
    if spec.status == FOR_ADOPTION:
        return advice

    since = timezone.now()
    advice = services.advice_adopt(advice=advice, by=chair, on=adopted_on, render_pdf=False)
    _backdate(advice, since, at=_at(adopted_on, 20), by=chair)
    if spec.status == ADOPTED:
        return advice

    sent_on = adopted_on + timedelta(days=spec.sent_after)
    _send(world, advice, spec, sent_on=sent_on, by=chair)
    if spec.status == SENT:
        return advice

    received_on = sent_on + timedelta(days=spec.answered_after)
    _respond(world, advice, spec, received_on=received_on)
    if spec.status == ANSWERED:
        return advice

    closed_at = _at(received_on + timedelta(days=spec.closed_after), 21)
    since = timezone.now()
    advice = services.advice_close(advice=advice, by=drafter)
    Advice.objects.filter(pk=advice.pk).update(closed_at=closed_at)
    Advice.history.filter(id=advice.pk, history_date__gte=since).update(closed_at=closed_at)
    _backdate(advice, since, at=closed_at, by=drafter)
    return advice


def _send(world: _World, advice: Advice, spec: AdviceSpec, *, sent_on: date, by: User | None) -> None:
    """Sent as ``services.advice_send`` does — the response term of the addressed municipality, the
    publication date, the signals behind the advice — but on a past day and without its mail."""
    municipalities = services.addressed_municipalities(advice)
    advice.status = AdviceStatus.SENT
    advice.sent_at, advice.sent_by = _at(sent_on, 9), by
    advice.response_due_on = response_due_on(sent_on, municipalities)
    # Published on the day of sending, now and then a few days later (the Woo allows up to its term).
    advice.published_on = min(
        sent_on + timedelta(days=len(spec.subject) % 3), latest_publication_on(sent_on, municipalities)
    )
    if spec.confidential:
        advice.confidential_reason = spec.confidential
        advice.confidential_until = world.today + timedelta(days=CONFIDENTIAL_DAYS)
    advice.full_clean()
    advice._change_reason = "verzonden"  # type: ignore[attr-defined]
    fields = ["status", "sent_at", "sent_by", "response_due_on", "published_on", "confidential_reason"]
    _save(advice, by=by, at=advice.sent_at, update_fields=[*fields, "confidential_until"])
    advice.signals.set(services.signals_behind(advice) + _earlier_signals(advice, before=advice.created_at))


def _earlier_signals(advice: Advice, *, before: datetime) -> list[int]:
    """A few signals on the advice's themes from its municipality (regional advice: from the region) in the
    year before it was begun: the older advice came from signals the council heard before this portal
    linked them through agenda items and tables."""
    signals = Signal.objects.filter(
        kind=SignalKind.SIGNAL,
        theme__in=advice.themes.all(),
        created_at__lt=before,
        created_at__gte=before - timedelta(days=365),
    )
    if advice.addressed_municipality_id:
        signals = signals.filter(municipality_id=advice.addressed_municipality_id, is_regional=False)
    else:
        signals = signals.filter(is_regional=True)
    return list(signals.order_by("-created_at", "pk").values_list("pk", flat=True)[:3])


def _answers(spec: AdviceSpec) -> list[str]:
    """The college's reasons per recommendation; a correction keeps those of the advice it corrects for the
    recommendations it did not change."""
    answers = [rec.answer for rec in spec.recommendations]
    if spec.corrects:
        original = next(s for s in ADVICE if s.subject == spec.corrects and s.council == spec.council)
        answers += [rec.answer for rec in original.recommendations[len(answers) :]]
    return answers


def _respond(world: _World, advice: Advice, spec: AdviceSpec, *, received_on: date) -> None:
    """The college's response, as ``services.advice_record_response`` records it (a verdict per
    recommendation, reasons where it is not adopted), without telling the residents."""
    if received_on > world.today:
        raise RuntimeError(f"Demo advice {spec.subject!r} would be answered in the future.")
    advisor = world.people.get(ADVISORS.get(spec.council, ""))
    recorded_at = _at(received_on + timedelta(days=1), 14)
    recommendations = list(advice.recommendations.order_by("number"))
    if len(spec.verdicts) != len(recommendations):
        raise RuntimeError(f"Demo advice {spec.subject!r} needs a verdict for each recommendation.")
    for recommendation, code, reasons in zip(recommendations, spec.verdicts, _answers(spec), strict=True):
        verdict = VERDICT_CODES[code]
        if verdict != Verdict.ADOPTED and not reasons:
            raise RuntimeError(f"Demo advice {spec.subject!r}: the college gives its reasons (rule 3).")
        recommendation.verdict, recommendation.verdict_reasons = verdict, reasons
        _save(recommendation, by=advisor, at=recorded_at, update_fields=["verdict", "verdict_reasons"])
    response = CollegeResponse(
        advice=advice,
        received_on=received_on,
        letter_text=_letter(advice, spec, received_on=received_on),
        recorded_at=recorded_at,
        recorded_by=advisor,
    )
    response.full_clean()
    _save(response, by=advisor, at=recorded_at)
    advice.status = AdviceStatus.ANSWERED
    advice._change_reason = "beantwoord"  # type: ignore[attr-defined]
    _save(advice, by=advisor, at=recorded_at, update_fields=["status"])


def _letter(advice: Advice, spec: AdviceSpec, *, received_on: date) -> str:
    if advice.addressed_municipality_id:
        signed = f"het college van burgemeester en wethouders van {advice.addressed_municipality.name}"  # type: ignore[union-attr]
    else:
        signed = "de colleges van burgemeester en wethouders van Beverwijk, Heemskerk en Velsen"
    sent = timezone.localdate(advice.sent_at) if advice.sent_at else received_on
    late = (
        " Het spijt ons dat onze reactie later komt dan de termijn die de verordening noemt."
        if advice.response_due_on and received_on > advice.response_due_on
        else ""
    )
    return (
        f"Geachte leden van de {advice.council.name},\n\n"
        f"Op {dutch_date(sent)} ontvingen wij uw advies {advice.number}, '{advice.subject}'. Hartelijk dank voor "
        f"uw advies en voor de inzet van de inwoners die eraan meewerkten.{late}\n\n"
        f"{spec.response}\n\nHieronder leest u per aanbeveling wat wij ermee doen.\n\n"
        f"Met vriendelijke groet,\n{signed}"
    )


# --- The benchmark's volume (``seed_demo --scale large``) ----------------------------------------------
# ``seed_large()`` tops the advice up to 3,000 documents over five years from the four councils, each with
# two to six recommendations (about four), the sent ones published and most of them answered (a quarter of
# the responses late), a few confidential, linked to tables, agenda items and signals of the same council.
# Bulk inserts in one transaction that also locks the number counters: the numbers go on, gapless, after
# the highest of each council and year, and the counters end at the highest number given, so the next
# adoption takes the one after. Like the other apps' large rows, these have no history.

LARGE_ADVICE_COUNT = 3_000
LARGE_BATCH = 1_000
LARGE_YEARS = 5
LARGE_CONFIDENTIAL_REASON = "Het advies gaat over een aanbesteding die nog loopt."

# Subjects of the large seed: never one of the demo's own (its advice are found by council and subject).
LARGE_SUBJECTS = [
    "Advies over de Wmo-hulpmiddelen en het onderhoud",
    "Advies over de huishoudelijke hulp en de indicatie",
    "Advies over de wachtlijsten in de jeugdhulp",
    "Advies over het doelgroepenvervoer",
    "Advies over beschermd wonen in de wijk",
    "Advies over de minimaregeling en de bijzondere bijstand",
    "Advies over de mantelzorgwaardering",
    "Advies over stoepen, oversteekplaatsen en de openbare ruimte",
    "Advies over de schuldhulpverlening en vroegsignalering",
    "Advies over werk en inkomen in de Participatiewet",
    "Advies over eenzaamheid onder ouderen",
    "Advies over de lokale inclusieagenda",
    "Advies over de cliëntondersteuning",
    "Advies over dagbesteding en ontmoeting",
    "Advies over de jeugdhulp in het onderwijs",
]
LARGE_RESPONSE = (
    "Het college dankt de raad voor het advies en de inzet van de inwoners die eraan meewerkten. Hieronder "
    "leest u per aanbeveling wat het college ermee doet."
)
LARGE_REASONS = {
    Verdict.ADOPTED: "Het college neemt deze aanbeveling over.",
    Verdict.PARTLY: "Het college neemt dit deels over: het past binnen de begroting van volgend jaar, niet nu.",
    Verdict.NOT_ADOPTED: "Het college neemt dit niet over: de wet laat er geen ruimte voor.",
}


@dataclass
class _LargePools:
    """What the bulk advice draw from, per council: its members and chair, the policy advisors of its
    municipality, its requests, tables, agenda items and a sample of its signals."""

    councils: list[Council]
    municipalities: dict[int | None, list[Municipality]]  # the addressed municipalities (None: regional, the three)
    members: dict[int, list[int]]
    chairs: dict[int, tuple[int | None, str, str]]  # council id -> (chair id, chair's name, secretary's name)
    advisors: dict[int, list[int]]  # municipality id -> advisor ids
    requests: dict[int, list[int]]
    tables: dict[int, list[int]]
    items: dict[int, list[int]]
    signals: dict[int, list[int]]
    themes: list[int]

    @classmethod
    def load(cls) -> _LargePools:
        councils = list(Council.objects.select_related("municipality", "region").order_by("pk"))
        members: dict[int, list[int]] = defaultdict(list)
        chairs: dict[int, tuple[int | None, str, str]] = {}
        for council in councils:
            chair, secretary = services.board_names(council, on=timezone.localdate())
            chair_id = (
                Membership.objects.active()
                .filter(council=council, role=CouncilRole.VOORZITTER)
                .values_list("person_id", flat=True)
                .first()
            )
            chairs[council.pk] = (chair_id, chair, secretary)
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
        tables: dict[int, list[int]] = defaultdict(list)
        for council_id, pk in Table.objects.order_by("-pk").values_list("council_id", "pk")[:5_000]:
            tables[council_id].append(pk)
        items: dict[int, list[int]] = defaultdict(list)
        for council_id, pk in AgendaItem.objects.order_by("-pk").values_list("council_id", "pk")[:10_000]:
            items[council_id].append(pk)
        signals: dict[int, list[int]] = {}
        municipalities: dict[int | None, list[Municipality]] = {}
        for council in councils:
            # The newest signals of the council's municipality (or marked regional), read along the primary
            # key so that it stays cheap on a million rows.
            rows = Signal.objects.order_by("-pk")
            if council.municipality is not None:
                rows = rows.filter(municipality=council.municipality, is_regional=False)
                municipalities[council.municipality.pk] = [council.municipality]
            else:
                rows = rows.filter(is_regional=True)
                municipalities[None] = list(council.region.municipalities.order_by("name"))
            signals[council.pk] = list(rows.values_list("pk", flat=True)[:500])
        return cls(
            councils=councils,
            municipalities=municipalities,
            members=members,
            chairs=chairs,
            advisors=advisors,
            requests=requests,
            tables=tables,
            items=items,
            signals=signals,
            themes=list(Theme.objects.order_by("pk").values_list("pk", flat=True)),
        )


@dataclass
class _Planned:
    """One bulk advice before it is numbered, with the rows that hang on it."""

    advice: Advice
    recommendations: list[Recommendation]
    response: CollegeResponse | None
    themes: list[int]
    tables: list[int]
    items: list[int]
    signals: list[int]


def seed_large(*, advice: int = LARGE_ADVICE_COUNT, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Top the advice up to ``advice`` documents (the demo's own included), with their recommendations,
    responses and links; returns how many were added. A second run adds nothing. Needs the small demo."""
    require_postgresql()
    added = {"adviezen": 0}
    missing = advice - Advice.objects.count()
    if missing <= 0:
        return added
    pools = _LargePools.load()
    if len(pools.councils) < 4 or not pools.themes:
        raise RuntimeError("The large seed builds on the small demo: run seed_demo first.")
    rng = random.Random(advice * 17 + missing)  # noqa: S311 - demo data, not security
    began = time.monotonic()
    now = timezone.now()
    plans = [_plan(pools, rng, now) for _ in range(missing)]
    # Numbered in the order of adoption within each council and year (drafts have no number).
    plans.sort(key=lambda p: (p.advice.adopted_on or date.max, p.advice.created_at))
    with transaction.atomic():
        last = _number(plans, pools)
        for offset in range(0, missing, LARGE_BATCH):
            _insert(plans[offset : offset + LARGE_BATCH])
            added["adviezen"] += len(plans[offset : offset + LARGE_BATCH])
            if progress:
                progress(f"adviezen: {added['adviezen']:,}/{missing:,} ({time.monotonic() - began:.0f} s)")
        AdviceNumberCounter.objects.bulk_create(
            [AdviceNumberCounter(council_id=c, year=y, last_sequence=n) for (c, y), n in sorted(last.items())],
            update_conflicts=True,
            unique_fields=["council", "year"],
            update_fields=["last_sequence"],
        )
    # Bulk rows send no model signals: the public pages drawn from the cache are drawn anew.
    bump_public_advice_version()
    return added


def _number(plans: list[_Planned], pools: _LargePools) -> dict[tuple[int, int], int]:
    """Give each adopted plan the next number of its council and year, after the highest one there is
    (the counters are locked until the commit); returns the last number per council and year."""
    last: dict[tuple[int, int], int] = {}
    for council_id, year, sequence in AdviceNumberCounter.objects.select_for_update().values_list(
        "council_id", "year", "last_sequence"
    ):
        last[(council_id, year)] = sequence
    highest = Advice.objects.filter(number_year__isnull=False).values_list("council_id", "number_year")
    for council_id, number_year, top in highest.annotate(top=Max("number_sequence")).values_list(
        "council_id", "number_year", "top"
    ):
        if number_year is not None:
            last[(council_id, number_year)] = max(last.get((council_id, number_year), 0), top or 0)
    councils = {c.pk: c for c in pools.councils}
    for plan in plans:
        row = plan.advice
        if row.adopted_on is None:
            continue
        key = (row.council_id, row.adopted_on.year)
        last[key] = last.get(key, 0) + 1
        row.number_year, row.number_sequence = row.adopted_on.year, last[key]
        row.number = services.format_number(councils[row.council_id], row.adopted_on.year, last[key])
    return last


def _insert(plans: list[_Planned]) -> None:
    created = Advice.objects.bulk_create([p.advice for p in plans])
    recommendations, responses = [], []
    themes, tables, items, signals = (
        Advice.themes.through,
        Advice.tables.through,
        Advice.agenda_items.through,
        Advice.signals.through,
    )
    links: dict[Any, list[Any]] = defaultdict(list)
    for row, plan in zip(created, plans, strict=True):
        for recommendation in plan.recommendations:
            recommendation.advice_id = row.pk
            recommendations.append(recommendation)
        if plan.response is not None:
            plan.response.advice_id = row.pk
            responses.append(plan.response)
        links[themes] += [themes(advice_id=row.pk, theme_id=pk) for pk in plan.themes]
        links[tables] += [tables(advice_id=row.pk, table_id=pk) for pk in plan.tables]
        links[items] += [items(advice_id=row.pk, agendaitem_id=pk) for pk in plan.items]
        links[signals] += [signals(advice_id=row.pk, signal_id=pk) for pk in plan.signals]
    Recommendation.objects.bulk_create(recommendations, batch_size=LARGE_BATCH)
    CollegeResponse.objects.bulk_create(responses, batch_size=LARGE_BATCH)
    for through, rows in links.items():
        through.objects.bulk_create(rows, batch_size=LARGE_BATCH)


def _status_by_age(rng: random.Random, age: int) -> str:
    """Old advice is nearly always answered and closed; a few were never answered. Recent advice is in
    every state."""
    if age > 90:
        return rng.choices([CLOSED, ANSWERED, SENT], [74, 23, 3])[0]
    if age > 42:
        return rng.choices([CLOSED, ANSWERED, SENT], [15, 55, 30])[0]
    return rng.choices([SENT, ANSWERED, ADOPTED, FOR_ADOPTION, DRAFT], [55, 10, 10, 12, 13])[0]


def _plan(pools: _LargePools, rng: random.Random, now: datetime) -> _Planned:
    today = timezone.localdate(now)
    weights = [3 if c.municipality_id else 2 for c in pools.councils]
    council = rng.choices(pools.councils, weights)[0]
    age = rng.randint(0, LARGE_YEARS * 365)
    status = _status_by_age(rng, age)
    spec = rng.choice([s for s in ADVICE if s.client_perspective and s.plain_summary and s.findings])
    adopted = status not in (DRAFT, FOR_ADOPTION)
    adopted_on = today - timedelta(days=age) if adopted else None
    created_at = _at(adopted_on, 11) - timedelta(days=rng.randint(14, 60)) if adopted_on else now - timedelta(days=age)
    members = pools.members.get(council.pk, [])
    chair_id, chair_name, secretary_name = pools.chairs[council.pk]
    kind = rng.choice([AdviceKind.SOLICITED, AdviceKind.UNSOLICITED])
    requests = pools.requests.get(council.pk, [])
    request_id = rng.choice(requests) if kind == AdviceKind.SOLICITED and requests and rng.random() < 0.4 else None
    letter_day = timezone.localdate(created_at) - timedelta(days=rng.randint(3, 20))
    reference = (
        _reference(council, rng.randint(1, 1500), letter_day) if kind == AdviceKind.SOLICITED and not request_id else ""
    )
    row = Advice(
        council_id=council.pk,
        kind=kind,
        request_id=request_id,
        formal_request_reference=reference,
        addressed_municipality_id=council.municipality_id,
        subject=rng.choice(LARGE_SUBJECTS),
        occasion=spec.occasion,
        method=spec.method or "De raad sprak met cliënten, mantelzorgers en professionals aan een tijdelijke tafel.",
        findings=spec.findings,
        client_perspective=spec.client_perspective,
        plain_summary=spec.plain_summary,
        status=status,
        created_at=created_at,
        created_by_id=rng.choice(members) if members else None,
    )
    if adopted_on:
        row.adopted_on, row.adopted_by_id = adopted_on, chair_id
        row.signed_by_chair, row.signed_by_secretary = chair_name, secretary_name
    pool = [rec for s in ADVICE for rec in s.recommendations]
    chosen = rng.sample(pool, rng.choice((2, 3, 3, 4, 4, 4, 5, 5, 6)))
    recommendations = [
        Recommendation(number=number, title=rec.title, text=rec.text) for number, rec in enumerate(chosen, start=1)
    ]
    response = None
    if status in SENT_STATUSES and adopted_on:
        municipalities = pools.municipalities[council.municipality_id]
        sent_on = min(adopted_on + timedelta(days=rng.randint(1, 7)), today)
        row.sent_at, row.sent_by_id = _at(sent_on, 9), chair_id
        row.response_due_on = response_due_on(sent_on, municipalities)
        row.published_on = min(
            sent_on + timedelta(days=rng.choice((0, 0, 0, 1, 3, 7))), latest_publication_on(sent_on, municipalities)
        )
        if rng.random() < 0.03:
            row.confidential_reason = LARGE_CONFIDENTIAL_REASON
            row.confidential_until = sent_on + timedelta(days=rng.randint(30, 400))
        if status in (ANSWERED, CLOSED):
            late = rng.random() < 0.25
            received_on = sent_on + timedelta(days=rng.randint(43, 90) if late else rng.randint(10, 42))
            received_on = min(received_on, today)
            advisors = pools.advisors.get(council.municipality_id or 0) or [
                pk for people in pools.advisors.values() for pk in people
            ]
            response = CollegeResponse(
                received_on=received_on,
                letter_text=LARGE_RESPONSE,
                recorded_at=min(_at(received_on, 15), now),
                recorded_by_id=rng.choice(advisors) if advisors else None,
            )
            for recommendation in recommendations:
                verdict = rng.choices([Verdict.ADOPTED, Verdict.PARTLY, Verdict.NOT_ADOPTED], [55, 30, 15])[0]
                recommendation.verdict, recommendation.verdict_reasons = verdict, LARGE_REASONS[verdict]
            if status == CLOSED:
                row.closed_at = min(_at(received_on + timedelta(days=rng.randint(7, 30)), 16), now)
    sent = status in SENT_STATUSES
    tables = pools.tables.get(council.pk, [])
    items = pools.items.get(council.pk, [])
    signals = pools.signals.get(council.pk, [])
    return _Planned(
        advice=row,
        recommendations=recommendations,
        response=response,
        themes=rng.sample(pools.themes, rng.choice((1, 1, 2))),
        tables=rng.sample(tables, min(len(tables), rng.choice((0, 1, 1, 2)))),
        items=rng.sample(items, min(len(items), rng.choice((0, 1, 2)))),
        signals=rng.sample(signals, min(len(signals), rng.choice((0, 2, 3, 5)))) if sent else [],
    )
