"""The yearly self-evaluation of a council: its members fill it in (a score and a reflection per fixed
question) until the chair or secretary submits it; the regional readers and the regional council compare
the councils side by side.

A council is found among the councils the user may read evaluations of (404 otherwise: members of other
councils, policy advisors, residents); changing it then needs the permission (403 for readers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infrastructure.ids import parse_id
from members.access import AuthenticatedHttpRequest, scope_for

from . import services
from .forms import SelfEvaluationForm
from .models import SELF_EVALUATION_QUESTIONS, Council, SelfEvaluation, SelfEvaluationAnswer, SelfEvaluationStatus
from .views_support import apply_validation_error

FIRST_YEAR = 2018


def _readable_councils(request: HttpRequest) -> QuerySet[Council]:
    scope = scope_for(request.user)
    councils = Council.objects.order_by("kind", "name")
    return councils if scope.reads_whole_region else councils.filter(pk__in=scope.council_ids)


def _edit_url(council: Council, year: int) -> str:
    return reverse("councils:self_evaluation_edit", kwargs={"slug": council.slug, "year": year})


def _with_answers(queryset: QuerySet[SelfEvaluation]) -> QuerySet[SelfEvaluation]:
    return queryset.select_related("council", "submitted_by", "updated_by").prefetch_related(
        Prefetch("answers", queryset=SelfEvaluationAnswer.objects.order_by("pk"))
    )


@login_required
def self_evaluation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("councils.view_self_evaluations"):
        raise PermissionDenied
    year = timezone.localdate().year
    councils = list(_readable_councils(request))
    evaluations: dict[int, list[SelfEvaluation]] = {c.pk: [] for c in councils}
    for evaluation in SelfEvaluation.objects.filter(council__in=councils).order_by("-year"):
        evaluations[evaluation.council_id].append(evaluation)
    scope = scope_for(request.user)
    rows = [
        {
            "council": council,
            "evaluations": evaluations[council.pk],
            "may_fill_in": scope.sits_on(council.pk),
            "has_this_year": any(e.year == year for e in evaluations[council.pk]),
            "start_url": _edit_url(council, year),
        }
        for council in councils
    ]
    context = {
        "rows": rows,
        "year": year,
        "may_compare": rules.has_perm("councils.compare_self_evaluations", request.user),
    }
    return render(request, "councils/self_evaluation/list.html", context)


def _council_and_year(request: HttpRequest, slug: str, year: int) -> tuple[Council, int]:
    council = get_object_or_404(_readable_councils(request), slug=slug)
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return council, year


def _evaluation(council: Council, year: int) -> SelfEvaluation | None:
    return _with_answers(SelfEvaluation.objects.filter(council=council, year=year)).first()


def _answer_rows(evaluation: SelfEvaluation | None) -> list[dict[str, Any]]:
    answers = {a.question: a for a in evaluation.answers.all()} if evaluation is not None else {}
    return [
        {"number": number, "text": text, "answer": answers.get(code)}
        for number, (code, text) in enumerate(SELF_EVALUATION_QUESTIONS, start=1)
    ]


def _render_edit(
    request: HttpRequest,
    council: Council,
    year: int,
    evaluation: SelfEvaluation | None,
    form: SelfEvaluationForm | None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "council": council,
        "year": year,
        "evaluation": evaluation,
        "form": form,
        "answers": _answer_rows(evaluation),
        "may_submit": form is not None
        and bool(rules.has_perm("councils.submit_self_evaluation", request.user, council)),
    }
    return render(request, "councils/self_evaluation/edit.html", context, status=status)


@login_required
def self_evaluation_edit(request: AuthenticatedHttpRequest, slug: str, year: int) -> HttpResponse:
    council, year = _council_and_year(request, slug, year)
    evaluation = _evaluation(council, year)
    may_fill_in = bool(rules.has_perm("councils.fill_in_self_evaluation", request.user, council))
    if request.method == "POST" and not may_fill_in:
        raise PermissionDenied
    if not may_fill_in or (evaluation is not None and evaluation.is_submitted):
        if request.method == "POST":
            messages.error(request, _("Deze zelfevaluatie is ingediend en kan niet meer worden gewijzigd."))
            return redirect(_edit_url(council, year))
        return _render_edit(request, council, year, evaluation, None)
    if request.method != "POST":
        return _render_edit(request, council, year, evaluation, SelfEvaluationForm(evaluation=evaluation))
    form = SelfEvaluationForm(request.POST, evaluation=evaluation)
    if form.is_valid():
        try:
            services.self_evaluation_save(
                council=council,
                year=year,
                answers=form.answers(),
                conclusion=form.cleaned_data["conclusion"],
                by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De zelfevaluatie is opgeslagen als concept."))
            return redirect(_edit_url(council, year))
    return _render_edit(request, council, year, evaluation, form, status=400)


@login_required
@require_POST
def self_evaluation_submit(request: AuthenticatedHttpRequest, slug: str, year: int) -> HttpResponse:
    """Submit; when the edit form's fields come along (its "Opslaan en indienen" button), they are saved
    first, so that nothing typed is lost."""
    council, year = _council_and_year(request, slug, year)
    if not request.user.has_perm("councils.submit_self_evaluation", council):
        raise PermissionDenied
    evaluation = _evaluation(council, year)
    if evaluation is not None and evaluation.is_submitted:
        messages.error(request, _("Deze zelfevaluatie is al ingediend."))
        return redirect(_edit_url(council, year))
    if "conclusion" in request.POST:
        form = SelfEvaluationForm(request.POST, evaluation=evaluation)
        if not form.is_valid():
            return _render_edit(request, council, year, evaluation, form, status=400)
        try:
            evaluation = services.self_evaluation_save(
                council=council,
                year=year,
                answers=form.answers(),
                conclusion=form.cleaned_data["conclusion"],
                by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return _render_edit(request, council, year, evaluation, form, status=400)
    if evaluation is None:
        messages.error(request, _("Vul de zelfevaluatie eerst in."))
        return redirect(_edit_url(council, year))
    try:
        services.self_evaluation_submit(evaluation=evaluation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De zelfevaluatie is ingediend. De aanjager kan haar nu lezen."))
    return redirect(_edit_url(council, year))


# --- Side by side ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    council: Council
    state: str  # "ingediend", "concept" or "" (not started)
    score: int | None


def _chosen_year(request: HttpRequest, years: list[int], default: int) -> int:
    asked = parse_id(request.GET.get("jaar", ""))
    return asked if asked is not None and asked in years else default


@login_required
def self_evaluation_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("councils.compare_self_evaluations"):
        raise PermissionDenied
    this_year = timezone.localdate().year
    years = sorted({this_year, *SelfEvaluation.objects.values_list("year", flat=True).distinct()}, reverse=True)
    submitted = dict(
        SelfEvaluation.objects.filter(status=SelfEvaluationStatus.SUBMITTED)
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    councils = list(Council.objects.select_related("municipality").order_by("kind", "name"))
    # Without a choice: the latest year every council submitted, else the latest with any submitted (this
    # year's are often still concepts).
    default = next(
        (y for y in years if submitted.get(y, 0) >= len(councils)),
        next((y for y in years if y in submitted), this_year),
    )
    year = _chosen_year(request, years, default)
    evaluations = {e.council_id: e for e in _with_answers(SelfEvaluation.objects.filter(year=year))}
    answers: dict[tuple[int, str], SelfEvaluationAnswer] = {}
    for evaluation in evaluations.values():
        if evaluation.is_submitted:
            for given in evaluation.answers.all():
                answers[evaluation.council_id, given.question] = given
    questions = []
    for number, (code, text) in enumerate(SELF_EVALUATION_QUESTIONS, start=1):
        cells = []
        reflections = []
        for council in councils:
            found = evaluations.get(council.pk)
            answer = answers.get((council.pk, code))
            state = found.status if found is not None else ""
            cells.append(Cell(council=council, state=state, score=answer.score if answer else None))
            if answer is not None and answer.reflection:
                reflections.append((council, answer.score, answer.reflection))
        questions.append({"number": number, "code": code, "text": text, "cells": cells, "reflections": reflections})
    context = {
        "year": year,
        "years": years,
        "councils": councils,
        "questions": questions,
        "evaluations": [(council, evaluations.get(council.pk)) for council in councils],
        "submitted_count": sum(1 for e in evaluations.values() if e.is_submitted),
    }
    return render(request, "councils/self_evaluation/overview.html", context)
