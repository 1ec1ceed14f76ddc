"""Demo rows of the regional dashboard: the aanjager's term, evaluation criteria with targets, a few good
practices and an adopted annual report; then the rollups are computed from every app's demo data."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from advice.models import SENT_STATUSES, Advice
from councils.models import Council
from members.models import Role, RoleAssignment
from tables.models import Table, TableStatus

from ..models import (
    AnnualReport,
    CoordinatorTerm,
    CriterionMetric,
    CriterionTarget,
    EvaluationCriterion,
    FigureRollup,
    GoodPractice,
)
from .figures import council_sections
from .rollups import rollups_refresh
from .services import annual_report_adopt
from .types import Period

CRITERIA = [
    # name, metric, term in days, default target, {council slug: own target}, explanation
    (
        "90% van de signalen binnen 4 weken beantwoord",
        CriterionMetric.SIGNALS_ANSWERED_WITHIN,
        28,
        90,
        {},
        "Elk signaal krijgt een antwoord (regel 4); binnen vier weken is de afspraak.",
    ),
    (
        "Eerste reactie binnen een week",
        CriterionMetric.SIGNALS_FIRST_RESPONSE_WITHIN,
        7,
        80,
        {},
        "Een inwoner hoort snel dat zijn signaal is opgepakt.",
    ),
    (
        "Elke tafel heeft een cliëntenplaats",
        CriterionMetric.TABLES_CLIENT_SEAT,
        None,
        100,
        {},
        "Cliënten zitten altijd aan tafel (regel 1).",
    ),
    (
        "Advies binnen de termijn beantwoord",
        CriterionMetric.ADVICE_ANSWERED_IN_TERM,
        None,
        90,
        {"regionale-participatieraad-ijmond": 80},
        "Het college reageert binnen de termijn uit de verordening; voor regionale adviezen reageren drie colleges.",
    ),
    (
        "Verzoeken om vroegtijdige betrokkenheid op tijd beantwoord",
        CriterionMetric.REQUESTS_ANSWERED_IN_TIME,
        None,
        85,
        {},
        "",
    ),
    (
        "Ondersteuningsvragen op tijd afgerond",
        CriterionMetric.SUPPORT_MET_IN_TIME,
        None,
        80,
        {},
        "Zo ziet de aanjager of de ondersteuning tekortschiet.",
    ),
]

PRACTICE_LESSONS = [
    "Door ervaringsdeskundigen vanaf de eerste bijeenkomst mee te laten praten, kwamen knelpunten boven die in "
    "de beleidsnotitie ontbraken. Plan de eerste bijeenkomst op een plek die met de regiotaxi goed bereikbaar is.",
    "Een samenvatting in gewone taal naast het advies maakte het gesprek met de wethouder korter en beter. "
    "Stuur die samenvatting ook naar de inwoners die het signaal gaven.",
]


def seed() -> None:
    """Idempotent: what exists is left as it is."""
    today = timezone.localdate()
    aanjager = RoleAssignment.objects.filter(role=Role.AANJAGER).select_related("person").first()
    if aanjager and not CoordinatorTerm.objects.exists():
        start = date(today.year - 1, 4, 1)
        CoordinatorTerm.objects.create(
            person=aanjager.person,
            starts_on=start,
            ends_on=date(start.year + 2, 4, 1),
            notes="Aangesteld door de drie colleges voor twee jaar; daarna volgt de evaluatie.",
        )
    councils = {council.slug: council for council in Council.objects.all()}
    for order, (name, metric, term_days, target, own, explanation) in enumerate(CRITERIA):
        criterion, created = EvaluationCriterion.objects.get_or_create(
            name=name,
            defaults={
                "metric": metric,
                "term_days": term_days,
                "default_target": target,
                "explanation": explanation,
                "order": order,
            },
        )
        if created:
            for slug, value in own.items():
                if slug in councils:
                    CriterionTarget.objects.create(criterion=criterion, council=councils[slug], target=value)
    _seed_good_practice()
    rollups_refresh()
    _seed_annual_report(today)


def _seed_good_practice() -> None:
    if GoodPractice.objects.exists():
        return
    table = Table.objects.filter(status=TableStatus.CONCLUDED, is_public=True).order_by("pk").first()
    if table is not None:
        GoodPractice.objects.create(council_id=table.council_id, table=table, lesson=PRACTICE_LESSONS[0])
    advice = Advice.objects.filter(status__in=SENT_STATUSES, confidential_reason="").order_by("pk").first()
    if advice is not None:
        GoodPractice.objects.create(council_id=advice.council_id, advice=advice, lesson=PRACTICE_LESSONS[1])


def _seed_annual_report(today: date) -> None:
    """Velsen's report over last year, adopted by its chair (rendered once, so the demo shows a public one)."""
    council = Council.objects.filter(municipality__slug="velsen").first()
    if council is None or AnnualReport.objects.filter(council=council, year=today.year - 1).exists():
        return
    chair = council.memberships.active(on=today).filter(role="voorzitter").select_related("person").first()
    if chair is None:
        return
    year = today.year - 1
    period = Period(start=date(year, 1, 1), end=date(year, 12, 1))
    annual_report_adopt(council=council, year=year, sections=council_sections(council, period), by=chair.person)


def counts() -> dict[str, int]:
    return {
        "evaluatiecriteria": EvaluationCriterion.objects.count(),
        "goede voorbeelden": GoodPractice.objects.count(),
        "jaarverslagen": AnnualReport.objects.count(),
        "kengetallen (rollups)": FigureRollup.objects.count(),
    }
