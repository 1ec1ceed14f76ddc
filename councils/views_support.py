"""The work pages of support requests (ondersteuningsvragen): a council's members ask the regional support
team for help, the team takes the request and answers it.

Each request is fetched through ``get_object_for_user`` (404 to whoever may not see it, 403 to those who
may see it but not act) and the list through ``SupportRequest.objects.for_user``. Rules live in
``councils.services``; a refusal (ValidationError) is shown on the bound form or as a message.
"""

from __future__ import annotations

import hashlib
from typing import cast

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import BaseForm, ChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infrastructure.access import get_object_for_user
from members.access import AuthenticatedHttpRequest, scope_for

from . import services
from .forms import SupportAnswerForm, SupportFilterForm, SupportRequestForm
from .models import Council, SupportRequest, SupportStatus

PAGE_SIZE = 25


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def apply_validation_error(form: BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: on the field it names, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _page(request: HttpRequest, queryset: QuerySet[SupportRequest]) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


def _visible_councils(request: HttpRequest) -> QuerySet[Council]:
    """The councils whose requests the user reads: all for the regional readers, else those they sit on."""
    scope = scope_for(request.user)
    councils = Council.objects.order_by("kind", "name")
    return councils if scope.reads_whole_region else councils.filter(pk__in=scope.council_ids)


@login_required
def support_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "councils.view_support_requests")
    councils = list(_visible_councils(request))
    filters = SupportFilterForm(request.GET or None, councils=Council.objects.filter(pk__in=[c.pk for c in councils]))
    page = _page(
        request,
        filters.apply(
            SupportRequest.objects.for_user(request.user)
            .select_related("council", "requested_by")
            .order_by("-requested_at", "-pk")
        ),
    )
    cast(ChoiceField, filters.fields["council"]).choices = [("", _("Alle raden")), *((c.pk, c.name) for c in councils)]
    context = {
        "filters": filters,
        # The drawn filter form is kept per language, the user's councils and the filters asked for.
        "filters_key": hashlib.sha256(
            repr(([c.pk for c in councils], sorted(request.GET.lists()))).encode()
        ).hexdigest()[:32],
        "page": page,
        "query": _query_without_page(request),
        "today": timezone.localdate(),
        # A member of one council needs no council column.
        "show_council": len(councils) > 1,
        # Asked of the rules alone: a "no" must not cost the model backend's permission queries.
        "may_ask": rules.has_perm("councils.ask_support", request.user),
    }
    return render(request, "councils/support/list.html", context)


@login_required
def support_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "councils.ask_support")
    councils = Council.objects.filter(pk__in=scope_for(request.user).council_ids).order_by("kind", "name")
    form = SupportRequestForm(request.POST if request.method == "POST" else None, councils=councils)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            support = services.support_request_create(
                council=data["council"],
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                wanted_by=data["wanted_by"],
                by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Uw vraag is verstuurd. Het ondersteuningsteam krijgt direct bericht en antwoordt u per e-mail."),
            )
            return redirect(support.get_absolute_url())
    return render(request, "councils/support/create.html", {"form": form}, status=400 if form.is_bound else 200)


def _support_for(request: HttpRequest, pk: int, perm: str | None = None) -> SupportRequest:
    return get_object_for_user(
        request.user,
        SupportRequest.objects.select_related("council", "requested_by", "handled_by"),
        perm=perm,
        pk=pk,
    )


def _detail(
    request: HttpRequest, support: SupportRequest, answer_form: SupportAnswerForm | None = None
) -> HttpResponse:
    may_handle = support.status != SupportStatus.CLOSED and bool(
        rules.has_perm("councils.handle_support_request", request.user, support)
    )
    context = {
        "support": support,
        "may_handle": may_handle,
        "answer_form": answer_form or (SupportAnswerForm() if may_handle else None),
        "is_overdue": support.status != SupportStatus.CLOSED and support.wanted_by < timezone.localdate(),
    }
    return render(request, "councils/support/detail.html", context, status=400 if answer_form is not None else 200)


@login_required
def support_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _support_for(request, pk))


@login_required
@require_POST
def support_take(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    support = _support_for(request, pk, perm="councils.handle_support_request")
    try:
        services.support_request_take(support=support, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("U heeft de vraag in behandeling genomen."))
    return redirect(support.get_absolute_url())


@login_required
@require_POST
def support_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    support = _support_for(request, pk, perm="councils.handle_support_request")
    form = SupportAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.support_request_close(support=support, answer=form.cleaned_data["answer"], by=request.user)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Closed in the meantime: nothing to keep, say so on the page.
                messages.error(request, " ".join(error.messages))
                return redirect(support.get_absolute_url())
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De vraag is afgerond. De vrager krijgt het antwoord per e-mail."))
            return redirect(support.get_absolute_url())
    return _detail(request, support, answer_form=form)
