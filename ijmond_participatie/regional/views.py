"""The regional dashboard, its CSV export, the refresh on demand and the evaluation criteria.

The dashboard's figures are drawn from the rollups and kept drawn in the cache per (rollup refresh,
period, the lists the user may open, language, criteria version): switching the period costs one drawing,
after which the page is a cache read (issue 12's benchmark).
"""

from __future__ import annotations

import logging

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infrastructure.cache_versions import current_version, start_new_version

from .. import tasks
from ..models import EvaluationCriterion
from . import criteria as criteria_module
from .csv_export import figure_csv_response, sections_csv_response
from .figures import Links, dashboard_sections, links_for, region_councils
from .forms_criteria import CriterionForm, CriterionTargetsForm
from .periods import period_from_query, presets
from .rollups import first_data_month, latest_refresh
from .types import Period, Section

logger = logging.getLogger(__name__)

# The drawn dashboard is kept this long at most (a new refresh or criteria change draws it anew anyway).
DRAWN_SECONDS = 2 * 60 * 60
CRITERIA_VERSION_KEY = "regional-criteria-version"


def _require(request: HttpRequest, permission: str) -> None:
    # Asked of the rules alone: a "no" must not cost the model backend's permission queries.
    if not rules.has_perm(permission, request.user):
        raise PermissionDenied


def _sections(period: Period, links: Links, refresh_id: int | None = None) -> list[Section]:
    """The figures of the period, kept in the cache per refresh (the CSV and the page both read them)."""
    version = current_version(CRITERIA_VERSION_KEY)
    key = f"regional-sections:{version}:{refresh_id}:{period.query}:{links.key}:{get_language()}"
    if version is not None:
        kept = cache.get(key)
        if isinstance(kept, list):
            return kept
    sections = dashboard_sections(period=period, links=links, today=timezone.localdate())
    if version is not None:
        cache.set(key, sections, DRAWN_SECONDS)
    return sections


def _latest_refresh_id() -> int | None:
    refresh = latest_refresh()
    return refresh.pk if refresh else None


def _drawn_body(period: Period, links: Links, refresh_id: int | None, may_manage: bool) -> str:
    """The figures and the criteria table, drawn once per refresh, period, link profile and language."""
    version = current_version(CRITERIA_VERSION_KEY)
    key = f"regional-dashboard:{version}:{refresh_id}:{period.query}:{links.key}:{int(may_manage)}:{get_language()}"
    if version is not None:
        drawn = cache.get(key)
        if isinstance(drawn, str):
            return drawn
    quarters, results = criteria_module.evaluate()
    drawn = render_to_string(
        "regional/_dashboard_body.html",
        {
            "sections": _sections(period, links, refresh_id),
            "period": period,
            "councils": region_councils(),
            "quarters": quarters,
            "results": results,
            "may_manage": may_manage,
        },
    )
    if version is not None:
        cache.set(key, drawn, DRAWN_SECONDS)
    return drawn


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require(request, "regional.view_dashboard")
    today = timezone.localdate()
    period, period_error = period_from_query(request.GET, today)
    refresh = latest_refresh()
    may_manage = bool(rules.has_perm("regional.manage_criteria", request.user))
    first = first_data_month() if refresh else None
    term = criteria_module.current_term(today)
    context = {
        "period": period,
        "period_error": period_error,
        "presets": presets(today, first_year=first.year if first else None),
        "refresh": refresh,
        "term": term,
        "days_to_evaluation": (term.evaluation_due_on - today).days if term else None,
        "may_manage": may_manage,
        "may_refresh": rules.has_perm("regional.refresh_figures", request.user),
        "body": _drawn_body(period, links_for(request.user), refresh.pk if refresh else None, may_manage),
    }
    return render(request, "regional/dashboard.html", context)


@login_required
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    _require(request, "regional.view_dashboard")
    period, _error = period_from_query(request.GET, timezone.localdate())
    return sections_csv_response(_sections(period, Links(), _latest_refresh_id()), period)


@login_required
def figure_csv(request: HttpRequest, figure: str) -> HttpResponse:
    _require(request, "regional.view_dashboard")
    period, _error = period_from_query(request.GET, timezone.localdate())
    for section in _sections(period, Links(), _latest_refresh_id()):
        for candidate in section.figures:
            if candidate.slug == figure:
                return figure_csv_response(candidate, period, section.title)
    raise Http404


@login_required
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    """The aanjager asks for fresh figures now rather than at the next hourly refresh."""
    _require(request, "regional.refresh_figures")

    def queue() -> None:
        try:
            tasks.refresh_rollups.delay()
        except Exception:  # noqa: BLE001 - broker down: the hourly beat refresh runs anyway
            logger.warning("rollup refresh not queued; the hourly refresh runs anyway")

    transaction.on_commit(queue)
    messages.success(request, _("De cijfers worden bijgewerkt. Dat duurt even; laad de pagina straks opnieuw."))
    return redirect("regional_dashboard")


# --- Evaluation criteria -----------------------------------------------------------------------------------


@login_required
def criteria_list(request: HttpRequest) -> HttpResponse:
    _require(request, "regional.view_dashboard")
    criteria = EvaluationCriterion.objects.prefetch_related("targets__council").order_by("order", "pk")
    return render(
        request,
        "regional/criteria_list.html",
        {
            "criteria": criteria,
            "councils": region_councils(),
            "term": criteria_module.current_term(),
            "may_manage": rules.has_perm("regional.manage_criteria", request.user),
        },
    )


def _save_criterion(request: HttpRequest, criterion: EvaluationCriterion | None) -> HttpResponse:
    councils = region_councils()
    form = CriterionForm(request.POST or None, instance=criterion)
    targets = CriterionTargetsForm(request.POST or None, councils=councils, criterion=criterion)
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            if saved.pk is None:
                saved.created_by = request.user
            saved.save()
            targets.save(saved)
        start_new_version(CRITERIA_VERSION_KEY)
        messages.success(request, _("Het criterium “%(name)s” is opgeslagen.") % {"name": saved.name})
        return redirect("regional_criteria")
    return render(request, "regional/criterion_form.html", {"form": form, "targets": targets, "criterion": criterion})


@login_required
def criterion_create(request: HttpRequest) -> HttpResponse:
    _require(request, "regional.manage_criteria")
    return _save_criterion(request, None)


@login_required
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "regional.view_dashboard")
    criterion = get_object_or_404(EvaluationCriterion, pk=pk)
    _require(request, "regional.manage_criteria")
    return _save_criterion(request, criterion)
