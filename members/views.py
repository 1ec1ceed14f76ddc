"""The registries' pages: the network organisations and the expert network of the user's councils (work
area), and the public ways into the expert network: the sign-up form and the consent link of a bulk
invitation.

Every work page is behind login; each object is fetched through ``get_object_for_user`` (404 when the user
may not see it, 403 when they may see it but not do this) and each list through a scoped queryset. The
rules live in ``members.services``; a refusal (ValidationError) is shown on the bound form.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

from infrastructure.access import get_object_for_user

from . import services
from .access import AuthenticatedHttpRequest
from .csv_io import CsvError, read_csv, write_csv
from .forms import (
    CsvUploadForm,
    ExpertConsentForm,
    ExpertFieldsForm,
    ExpertFilterForm,
    ExpertInviteForm,
    ExpertSignupForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from .models import ExperienceDomain, ExpertBackground, ExpertProfile, ExpertStatus, NetworkOrganisation
from .rules import network_municipality_ids
from .selectors import (
    VisibleOrganisations,
    experts_for_list,
    invite_councils,
    municipality_model,
    network_municipalities,
    organisations_for_list,
    signup_municipalities,
    theme_model,
)

PAGE_SIZE = 25
# Public forms of every app count together against one limit per internet connection (signals.views):
# stored sign-ups count, corrections of a mistake do not.
SUBMIT_RATE_GROUP = "signal-submit"


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _apply_validation_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


def _ordered(model: type[Model]) -> list:
    return list(model._default_manager.order_by("name"))


# --- Network organisations -------------------------------------------------------------------------


@login_required
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "members.view_network")
    filters = OrganisationFilterForm(request.GET or None, municipalities=_ordered(municipality_model()))
    page = _page(request, filters.apply(organisations_for_list(request.user)))
    context = {
        "filters": filters,
        "page": page,
        "query": _query_without_page(request),
        "may_manage": request.user.has_perm("members.manage_network"),
    }
    return render(request, "members/network/list.html", context)


def _organisation_for(request: HttpRequest, pk: int, perm: str | None = None) -> NetworkOrganisation:
    return get_object_for_user(
        request.user, VisibleOrganisations(NetworkOrganisation.objects.select_related("municipality")), perm=perm, pk=pk
    )


@login_required
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for(request, pk)
    context = {
        "organisation": organisation,
        "themes": list(organisation.themes.order_by("name")),
        "may_change": request.user.has_perm("members.change_network_organisation", organisation),
    }
    return render(request, "members/network/detail.html", context)


def _organisation_form_page(request: HttpRequest, organisation: NetworkOrganisation) -> HttpResponse:
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        instance=organisation,
        municipalities=network_municipalities(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.organisation_save(organisation=form.instance, themes=form.cleaned_data["themes"])
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(request, _("De organisatie is opgeslagen."))
            return redirect("members:organisation_detail", pk=saved.pk)
    context = {"form": form, "organisation": organisation if organisation.pk else None}
    return render(request, "members/network/form.html", context, status=400 if form.is_bound else 200)


@login_required
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "members.manage_network")
    return _organisation_form_page(request, NetworkOrganisation())


@login_required
def organisation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for(request, pk, perm="members.change_network_organisation")
    return _organisation_form_page(request, organisation)


@login_required
def organisation_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every organisation the user may see (within the list's filters, when given), for Excel."""
    _require(request, "members.view_network")
    filters = OrganisationFilterForm(request.GET or None, municipalities=_ordered(municipality_model()))
    organisations = filters.apply(organisations_for_list(request.user))
    text = write_csv(services.ORGANISATION_EXPORT_COLUMNS, services.organisation_export_rows(organisations))
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="netwerkorganisaties-{stamp}.csv"'
    return response


@login_required
def organisation_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "members.manage_network")
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                rows = read_csv(
                    form.cleaned_data["file"],
                    max_bytes=services.IMPORT_MAX_BYTES,
                    max_rows=services.IMPORT_MAX_ROWS,
                    required=services.ORGANISATION_COLUMNS,
                )
            except CsvError as error:
                form.add_error("file", str(error))
            else:
                report = services.organisations_import(
                    rows=rows, municipality_ids=network_municipality_ids(request.user)
                )
                status = 400 if report.refused else 200
    context = {"form": form, "report": report, "columns": ";".join(services.ORGANISATION_COLUMNS)}
    return render(request, "members/network/import.html", context, status=status)


# --- The expert network: public --------------------------------------------------------------------


def _submit_usage(request: HttpRequest, *, count: bool) -> dict | None:
    return get_usage(request, group=SUBMIT_RATE_GROUP, key="ip", rate=settings.SIGNAL_SUBMIT_RATE, increment=count)


def _retry_minutes(request: HttpRequest) -> int | None:
    usage = _submit_usage(request, count=False)
    if usage is not None and usage["count"] >= usage["limit"]:
        return max(1, math.ceil(usage["time_left"] / 60))
    return None


def _signup_initial(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"name": user.full_name, "email": user.email, "phone": user.phone}


def _signup_choices_digest(form: ExpertSignupForm, *, prefilled: bool) -> str | None:
    """For the empty form that is the same for everyone (unbound, nothing prefilled): a digest of the
    municipalities and themes it offers, exactly as its options show them (two small queries). The template
    keeps the drawn form under it per language, so a renamed or added municipality or theme shows at once.
    None for any other form (drawn each time)."""
    if form.is_bound or prefilled:
        return None
    options = []
    for name in ("municipality", "themes"):
        field: Any = form.fields[name]
        # What ModelChoiceIterator draws for each option, read in one plain query (not a server-side cursor).
        options.append([(str(field.prepare_value(o)), str(field.label_from_instance(o))) for o in field.queryset])
    return hashlib.sha256(repr(options).encode()).hexdigest()[:32]


def expert_signup(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    initial = _signup_initial(request)
    form = ExpertSignupForm(
        request.POST or None,
        instance=ExpertProfile(user=user),
        initial=initial,
        municipalities=signup_municipalities(),
    )
    digest = _signup_choices_digest(form, prefilled=bool(initial))
    context: dict[str, object] = {"form": form, "choices_digest": digest}
    if request.method == "POST":
        minutes = _retry_minutes(request)
        if minutes is not None:
            context["retry_minutes"] = minutes
            return render(request, "members/experts/signup.html", context, status=429)
        if form.is_valid():
            if form.is_bot:
                return redirect("members:expert_signup_done")
            profile = form.instance
            profile.council = form.cleaned_data["municipality"].council
            try:
                services.expert_sign_up(profile=profile, themes=form.cleaned_data["themes"], user=user)
            except ValidationError as error:
                _apply_validation_error(form, error)
            else:
                _submit_usage(request, count=True)
                return redirect("members:expert_signup_done")
        return render(request, "members/experts/signup.html", context, status=400)
    return render(request, "members/experts/signup.html", context)


def expert_signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "members/experts/signup_done.html")


@never_cache
def expert_consent(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.expert_invitation_for_token(token)
    if invitation is None:
        expired = {"days": settings.EXPERT_INVITATION_DAYS}
        return render(request, "members/experts/consent_invalid.html", expired, status=404)
    form = ExpertConsentForm(
        request.POST or None,
        instance=ExpertProfile(council=invitation.council, email=invitation.email),
        municipalities=signup_municipalities(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.expert_accept_invitation(
                invitation=invitation, profile=form.instance, themes=form.cleaned_data["themes"]
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            if profile is None:
                expired = {"days": settings.EXPERT_INVITATION_DAYS}
                return render(request, "members/experts/consent_invalid.html", expired, status=404)
            return render(request, "members/experts/consent_done.html", {"council": invitation.council})
    context = {"form": form, "invitation": invitation, "token": token}
    return render(request, "members/experts/consent.html", context, status=400 if form.is_bound else 200)


# --- The expert network: work ----------------------------------------------------------------------


@login_required
def expert_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "members.view_experts")
    themes = _ordered(theme_model())
    municipalities = _ordered(municipality_model())
    filters = ExpertFilterForm(request.GET or None, themes=themes, municipalities=municipalities)
    page = _page(request, filters.apply(experts_for_list(request.user)))
    context = {
        "filters": filters,
        "page": page,
        "query": _query_without_page(request),
        "may_invite": request.user.has_perm("members.invite_experts"),
        "waiting": ExpertStatus.SIGNED_UP,
    }
    return render(request, "members/experts/list.html", context)


def _expert_for(request: HttpRequest, pk: int, perm: str) -> ExpertProfile:
    return get_object_for_user(
        request.user,
        ExpertProfile.objects.select_related("council", "municipality", "user", "confirmed_by"),
        perm=perm,
        pk=pk,
    )


def _status_history(profile: ExpertProfile) -> list:
    """When the status changed, and who changed it: one query."""
    records = list(profile.history.select_related("history_user").order_by("history_date", "history_id"))
    entries, previous = [], None
    for record in records:
        if record.status != previous:
            entries.append(
                {"when": record.history_date, "who": record.history_user, "status": record.get_status_display()}
            )
        previous = record.status
    return entries


@login_required
def expert_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    profile = _expert_for(request, pk, "members.view_expert")
    may_change = request.user.has_perm("members.change_expert", profile)
    form = None
    if may_change:
        form = ExpertFieldsForm(
            request.POST if request.method == "POST" else None, instance=profile, municipalities=None
        )
        if request.method == "POST" and request.POST.get("actie") == "stoppen":
            try:
                services.expert_stop(profile=profile)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("De ervaringsdeskundige staat nu op gestopt."))
            return redirect("members:expert_detail", pk=profile.pk)
        if request.method == "POST" and form.is_valid():
            try:
                services.expert_save(profile=form.instance, themes=form.cleaned_data["themes"])
            except ValidationError as error:
                _apply_validation_error(form, error)
            else:
                messages.success(request, _("De gegevens zijn opgeslagen."))
                return redirect("members:expert_detail", pk=profile.pk)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "profile": profile,
        "themes": list(profile.themes.order_by("name")),
        "domains": [label for value, label in ExperienceDomain.choices if value in profile.domains],
        "backgrounds": [label for value, label in ExpertBackground.choices if value in profile.backgrounds],
        "may_change": may_change,
        "form": form,
        "history": _status_history(profile),
        "statuses": ExpertStatus,
    }
    return render(
        request, "members/experts/detail.html", context, status=400 if form is not None and form.is_bound else 200
    )


@login_required
@require_POST
def expert_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    profile = _expert_for(request, pk, "members.change_expert")
    try:
        services.expert_confirm(profile=profile, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De ervaringsdeskundige is bevestigd en staat nu op actief."))
    return redirect("members:expert_detail", pk=profile.pk)


@login_required
def expert_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "members.invite_experts")
    councils = invite_councils(request.user)
    form = ExpertInviteForm(request.POST or None, request.FILES or None, councils=councils)
    report = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            council = form.cleaned_data["council"]
            _require(request, "members.invite_experts_for", council)
            try:
                rows = read_csv(
                    form.cleaned_data["file"],
                    max_bytes=services.IMPORT_MAX_BYTES,
                    max_rows=services.IMPORT_MAX_ROWS,
                    required=(services.INVITE_COLUMN,),
                )
            except CsvError as error:
                form.add_error("file", str(error))
            else:
                report = services.experts_invite(council=council, rows=rows, by=request.user)
                status = 400 if report.refused else 200
    context = {
        "form": form,
        "report": report,
        "days": settings.EXPERT_INVITATION_DAYS,
        "column": services.INVITE_COLUMN,
    }
    return render(request, "members/experts/invite.html", context, status=status)
