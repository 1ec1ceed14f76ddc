"""The councils' annual reports (issue 12, point 7): the list of the user's councils and years, a report's
page (foreword, download, adoption), its PDF, and the public download once adopted.

A report's work side is its council's members and the regional roles (``regional.view_annual_report``;
404 for anyone else); the members write the foreword (``change_annual_report``), the chair or secretary
adopts (``adopt_annual_report``); others who may read get 403.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from councils.models import Council, SelfEvaluation
from members.access import AuthenticatedHttpRequest, scope_for

from ..models import AnnualReport, AnnualReportStatus
from . import services
from .figures import council_sections
from .forms import ForewordForm
from .types import Period, Section

VIEW, CHANGE, ADOPT = "regional.view_annual_report", "regional.change_annual_report", "regional.adopt_annual_report"
FIRST_YEAR = 2018


def _sections_for(council: Council, year: int) -> list[Section]:
    """The council's figures of the year (up to this month while the year runs)."""
    today = timezone.localdate()
    last_month = date(year, 12, 1) if year < today.year else date(today.year, today.month, 1)
    return council_sections(council, Period(start=date(year, 1, 1), end=last_month))


def _council_and_year(request: HttpRequest, slug: str, year: int) -> Council:
    """The council whose report the user may read, for a year that has begun; 404 otherwise."""
    council = get_object_or_404(Council.objects.select_related("municipality", "region"), slug=slug)
    if not request.user.has_perm(VIEW, council):
        raise Http404
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return council


def _pdf_response(data: bytes, *, filename: str, private: bool) -> FileResponse:
    response = FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type="application/pdf")
    if private:
        patch_cache_control(response, private=True, no_store=True)
    return response


@dataclass(frozen=True)
class ReportRow:
    council: Council
    year: int
    report: AnnualReport | None


@login_required
def annual_report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    councils = [
        council
        for council in Council.objects.select_related("municipality").order_by("kind", "name")
        if request.user.has_perm(VIEW, council)
    ]
    if not councils:
        raise PermissionDenied
    years = services.annual_report_years()
    reports = {
        (report.council_id, report.year): report
        for report in AnnualReport.objects.filter(council__in=councils).only(
            "council_id", "year", "status", "adopted_on"
        )
    }
    # Older reports that were written stay in the list.
    years = sorted({*years, *(year for _council, year in reports)}, reverse=True)
    groups = [
        (council, [ReportRow(council, year, reports.get((council.pk, year))) for year in years]) for council in councils
    ]
    context = {"groups": groups, "reads_whole_region": scope.reads_whole_region}
    return render(request, "regional/report/list.html", context)


@login_required
def annual_report_detail(request: AuthenticatedHttpRequest, council: str, year: int) -> HttpResponse:
    found = _council_and_year(request, council, year)
    report = services.annual_report_get(council=found, year=year)
    may_change = not report.is_adopted and request.user.has_perm(CHANGE, found)
    form = None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = ForewordForm(request.POST)
        if form.is_valid():
            try:
                services.annual_report_set_foreword(
                    council=found, year=year, foreword=form.cleaned_data["foreword"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Het voorwoord is bewaard."))
                return redirect("annual_report_detail", council=found.slug, year=year)
    elif may_change:
        form = ForewordForm(initial={"foreword": report.foreword})
    evaluation = SelfEvaluation.objects.filter(council=found, year=year).only("status").first()
    context = {
        "council": found,
        "year": year,
        "report": report,
        "form": form,
        "may_change": may_change,
        "may_adopt": not report.is_adopted and request.user.has_perm(ADOPT, found),
        "year_ended": services.year_has_ended(year),
        "evaluation": evaluation,
    }
    return render(request, "regional/report/detail.html", context, status=400 if form and form.errors else 200)


@login_required
def annual_report_pdf(request: AuthenticatedHttpRequest, council: str, year: int) -> HttpResponseBase:
    found = _council_and_year(request, council, year)
    report = services.annual_report_get(council=found, year=year)
    if report.is_adopted:
        data = services.annual_report_pdf_bytes(report)
        return _pdf_response(data, filename=services.annual_report_filename(report), private=True)
    from .report import render_annual_report  # WeasyPrint is heavy: imported where it is used

    data = render_annual_report(report, _sections_for(found, year), draft=True)
    return _pdf_response(data, filename=f"concept-{services.annual_report_filename(report)}", private=True)


@login_required
def annual_report_adopt(request: AuthenticatedHttpRequest, council: str, year: int) -> HttpResponse:
    found = _council_and_year(request, council, year)
    if not request.user.has_perm(ADOPT, found):
        raise PermissionDenied
    report = services.annual_report_get(council=found, year=year)
    if report.is_adopted or not services.year_has_ended(year):
        messages.error(
            request,
            _("Dit jaarverslag is al vastgesteld.")
            if report.is_adopted
            else _("Een jaarverslag wordt vastgesteld als het jaar voorbij is."),
        )
        return redirect("annual_report_detail", council=found.slug, year=year)
    if request.method == "POST":
        try:
            services.annual_report_adopt(council=found, year=year, sections=_sections_for(found, year), by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Het jaarverslag is vastgesteld. Het staat nu op de openbare pagina van de raad.")
            )
        return redirect("annual_report_detail", council=found.slug, year=year)
    return render(request, "regional/report/adopt.html", {"council": found, "year": year, "report": report})


def annual_report_public(request: HttpRequest, council: str, year: int) -> HttpResponseBase:
    """Public: an adopted report's frozen PDF; 404 before adoption."""
    report = get_object_or_404(
        AnnualReport.objects.select_related("council__municipality", "council__region").filter(
            status=AnnualReportStatus.ADOPTED
        ),
        council__slug=council,
        year=year,
    )
    return _pdf_response(
        services.annual_report_pdf_bytes(report), filename=services.annual_report_filename(report), private=False
    )
