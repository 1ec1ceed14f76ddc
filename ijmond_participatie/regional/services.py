"""Good practice across the municipalities and the councils' annual reports: the writes, and the reads that
decide what the public sees.

Good practice (issue 12, point 5): a council marks one of its concluded tables or sent advice as worth
copying, with a short lesson; once per table or advice. Annual report (point 7): a draft renders on demand;
adoption by the chair or secretary, once the year has ended, renders the PDF once, keeps it with its
SHA-256 and publishes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from advice.models import SENT_STATUSES, Advice, published_condition
from councils.models import Council
from members.access import AnyUser, scope_for
from members.models import User
from tables.models import Table, TableStatus

from ..models import AnnualReport, AnnualReportStatus, GoodPractice
from .types import Section

# --- Good practice ---------------------------------------------------------------------------------------


def good_practice_problem(*, table: Table | None = None, advice: Advice | None = None) -> str:
    """Why this table or advice cannot be marked ("" when it can)."""
    if table is not None:
        if table.status != TableStatus.CONCLUDED:
            return _("Alleen een afgeronde tafel kan een goed voorbeeld zijn.")
        if GoodPractice.objects.filter(table=table).exists():
            return _("Deze tafel staat al bij de goede voorbeelden.")
        return ""
    if advice is not None:
        if advice.status not in SENT_STATUSES:
            return _("Alleen een verzonden advies kan een goed voorbeeld zijn.")
        if GoodPractice.objects.filter(advice=advice).exists():
            return _("Dit advies staat al bij de goede voorbeelden.")
        return ""
    return _("Kies een tafel of een advies.")


@transaction.atomic
def good_practice_mark(
    *, table: Table | None = None, advice: Advice | None = None, lesson: str, by: User
) -> GoodPractice:
    """Mark a concluded table or a sent (or answered, or closed) advice as good practice of its council.

    The caller has checked ``regional.mark_good_practice`` on the council. Raises ``ValidationError`` when
    the table or advice is not (yet) eligible, or is marked already (also when a second request marks it
    at the same moment: the unique constraint decides).
    """
    if table is not None and advice is None:
        council_id = table.council_id
    elif advice is not None and table is None:
        council_id = advice.council_id
    else:
        raise ValidationError(_("Kies een tafel of een advies."))
    problem = good_practice_problem(table=table, advice=advice)
    if problem:
        raise ValidationError(problem)
    practice = GoodPractice(council_id=council_id, table=table, advice=advice, lesson=lesson.strip(), marked_by=by)
    practice.full_clean()
    try:
        with transaction.atomic():
            practice.save()
    except IntegrityError as error:
        raise ValidationError(_("Dit staat al bij de goede voorbeelden.")) from error
    return practice


@transaction.atomic
def good_practice_remove(*, practice: GoodPractice, by: User) -> None:
    """Take the mark away (the table or advice itself stays). The caller has checked the permission."""
    GoodPractice.objects.filter(pk=practice.pk).delete()


def good_practice_for_user(user: AnyUser) -> QuerySet[GoodPractice]:
    """The marks whose work side the user may see: their councils' and, for the regional readers, all."""
    scope = scope_for(user)
    queryset = GoodPractice.objects.all()
    if scope.reads_whole_region:
        return queryset
    return queryset.filter(council_id__in=scope.council_ids)


def good_practice_public(*, today: date | None = None) -> QuerySet[GoodPractice]:
    """What the public sees: marks of a public table, or of an advice in the public archive (published and
    not, or no longer, confidential). The rest stays on the work side."""
    today = today or timezone.localdate()
    return (
        GoodPractice.objects.filter(
            Q(table__is_public=True, table__status=TableStatus.CONCLUDED)
            | published_condition(today=today, prefix="advice__")
        )
        .select_related("council__municipality", "table", "advice")
        .defer(
            "advice__occasion",
            "advice__method",
            "advice__findings",
            "advice__client_perspective",
            "table__question",
            "table__outcome_summary",
            "table__client_perspective",
        )
        .order_by("-marked_at", "-pk")
    )


# --- Annual report ---------------------------------------------------------------------------------------


class AnnualReportError(ValidationError):
    """The report cannot do this now (adopted already, the year has not ended)."""


def annual_report_years(*, today: date | None = None, first_year: int | None = None) -> list[int]:
    """The years a council may have a report for, newest first: the last three, or from ``first_year``."""
    year = (today or timezone.localdate()).year
    start = min(first_year or year - 2, year - 2)
    return list(range(year, max(start, 2018) - 1, -1))


def annual_report_get(*, council: Council, year: int) -> AnnualReport:
    """The stored report, or an unsaved draft (a report is stored once someone writes in it)."""
    report = AnnualReport.objects.filter(council=council, year=year).first()
    if report is None:
        report = AnnualReport(council=council, year=year)
    report.council = council
    return report


@transaction.atomic
def annual_report_set_foreword(*, council: Council, year: int, foreword: str, by: User) -> AnnualReport:
    """Write the draft's foreword. The caller has checked ``regional.change_annual_report``."""
    report, _created = AnnualReport.objects.select_for_update().get_or_create(council=council, year=year)
    if report.is_adopted:
        raise AnnualReportError(_("Het jaarverslag is vastgesteld: het voorwoord verandert niet meer."))
    report.foreword = foreword.strip()
    report.full_clean()
    report.save(update_fields=["foreword"])
    report.council = council
    return report


def year_has_ended(year: int, *, today: date | None = None) -> bool:
    return (today or timezone.localdate()).year > year


def annual_report_filename(report: AnnualReport) -> str:
    council = report.council
    name = council.municipality.slug if council.municipality is not None else council.region.slug
    return f"jaarverslag-{name}-{report.year}.pdf"


@transaction.atomic
def annual_report_adopt(*, council: Council, year: int, sections: Sequence[Section], by: User) -> AnnualReport:
    """Adopt the report: render the PDF once (with ``sections``, the council's figures of that year), keep
    it with its SHA-256, and freeze it. The caller has checked ``regional.adopt_annual_report``.

    The row is locked while rendering, so a second chair pressing at the same time finds it adopted.
    """
    from .report import render_annual_report  # WeasyPrint is heavy: imported where it is used

    if not year_has_ended(year):
        raise AnnualReportError(_("Een jaarverslag wordt vastgesteld als het jaar voorbij is."))
    report, _created = AnnualReport.objects.select_for_update().get_or_create(council=council, year=year)
    if report.is_adopted:
        raise AnnualReportError(_("Dit jaarverslag is al vastgesteld."))
    report.council = council
    report.status = AnnualReportStatus.ADOPTED
    report.adopted_on = timezone.localdate()
    report.adopted_by = by
    data = render_annual_report(report, sections)
    report.pdf.save(annual_report_filename(report), ContentFile(data), save=False)
    report.pdf_sha256 = hashlib.sha256(data).hexdigest()
    report.full_clean(exclude=["pdf"])
    report.save()
    return report


def annual_report_pdf_bytes(report: AnnualReport) -> bytes:
    """The adopted report's stored PDF, checked against its hash."""
    if not report.is_adopted or not report.pdf_sha256:
        raise AnnualReportError(_("Dit jaarverslag is nog niet vastgesteld."))
    with report.pdf.open("rb") as handle:
        data: bytes = handle.read()
    if hashlib.sha256(data).hexdigest() != report.pdf_sha256:
        raise RuntimeError(f"The stored PDF of annual report {report.pk} does not match its SHA-256")
    return data
