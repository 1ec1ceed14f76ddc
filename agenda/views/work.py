"""The work pages of the agenda: the agenda of the user's councils with its history, the two actions on a
resident's proposal (from the signal's triage page), and early-involvement requests with the council's
participation advice.

Every page is behind login; each object is fetched through ``get_object_for_user`` (404 when the user may
not see it, 403 when they may see it but not do this) and each list through the querysets' ``for_user``.
The rules live in ``agenda.services``; a refusal (ValidationError) is shown on the bound form.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.forms import BaseForm, ChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils.models import Council, Municipality
from infrastructure.access import get_object_for_user
from members.access import AuthenticatedHttpRequest, scope_for
from signals.models import Signal
from signals.selectors import signal_links

from .. import services
from ..forms.work import (
    ItemFilterForm,
    ItemForm,
    ParticipationAdviceForm,
    ProposalDeclineForm,
    ProposalToAgendaForm,
    RequestFilterForm,
    RequestForm,
    RequestToAgendaForm,
    initial_description,
)
from ..models import AgendaItem, EarlyInvolvementRequest, ParticipationAdvice, RecommendedGroup
from ..selectors.public import item_outcomes
from ..selectors.work import (
    advice_organisations,
    council_members,
    council_neighbourhoods,
    editable_councils,
    handling_council,
    history_entries,
    municipal_contacts,
)

PAGE_SIZE = 25


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _apply_validation_error(form: BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: on the field it names (``form.error_fields`` maps a model's
    field to the form's), otherwise above the form."""
    if hasattr(error, "error_dict"):
        renamed = getattr(form, "error_fields", {})
        for name, errors in error.message_dict.items():
            target = renamed.get(name, name)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


# --- The agenda ------------------------------------------------------------------------------------


@login_required
def item_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "agenda.view_agenda_work")
    councils = Council.objects.for_user(request.user).select_related("municipality").order_by("kind", "name")
    filters = ItemFilterForm(request.GET or None, councils=councils)
    items = filters.apply(
        AgendaItem.objects.for_user(request.user)
        .select_related("council", "owner")
        .prefetch_related("themes")
        .with_signal_count()
        .order_by("-created_at", "-pk")
    )
    page = _page(request, items)
    # The choices of the council filter are the same councils: read them once for both.
    council_list = list(councils)
    cast(ChoiceField, filters.fields["council"]).choices = [
        ("", _("Alle raden")),
        *((c.pk, c.name) for c in council_list),
    ]
    may_add = any(request.user.has_perm("agenda.add_agenda_item", c) for c in council_list)
    context = {"filters": filters, "page": page, "query": _query_without_page(request), "may_add": may_add}
    return render(request, "agenda/work/item_list.html", context)


def _item_form(request: HttpRequest, council: Council, instance: AgendaItem) -> ItemForm:
    return ItemForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        council=council,
        owners=council_members(council, keep=instance.owner_id),
        contacts=municipal_contacts(council, keep=instance.municipal_contact_id),
        neighbourhoods=council_neighbourhoods(council),
    )


def _save_item(request: HttpRequest, form: ItemForm) -> AgendaItem | None:
    """The service saves the item (transitions, the public reason, wijken of the council); None when it
    refused, with the refusal on the form."""
    if not form.is_valid():
        return None
    try:
        return services.agenda_item_save(
            item=form.instance,
            by=request.user,  # type: ignore[arg-type]
            themes=form.cleaned_data["themes"],
            neighbourhoods=form.cleaned_data["neighbourhoods"],
        )
    except ValidationError as error:
        _apply_validation_error(form, error)
        return None


@login_required
def item_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "agenda.view_agenda_work")
    slug = request.GET.get("raad", "")
    councils = editable_councils(request.user)
    if slug:
        council = next((c for c in councils if c.slug == slug), None)
        if council is None:
            # Another council's agenda: not found when the user cannot see it, forbidden when they can.
            visible = Council.objects.for_user(request.user).filter(slug=slug[:50]).exists()
            raise PermissionDenied if visible else Http404
    elif len(councils) == 1:
        council = councils[0]
    else:
        if not councils:
            raise PermissionDenied
        return render(request, "agenda/work/item_choose_council.html", {"councils": councils})
    form = _item_form(request, council, AgendaItem(council=council))
    if request.method == "POST":
        item = _save_item(request, form)
        if item is not None:
            messages.success(request, _("Het agendapunt is opgeslagen."))
            return redirect(item.get_absolute_url())
    return render(
        request,
        "agenda/work/item_form.html",
        {"form": form, "council": council, "item": None},
        status=400 if form.is_bound else 200,
    )


def _item_for(request: HttpRequest, pk: int, perm: str | None = None) -> AgendaItem:
    return get_object_for_user(
        request.user,
        AgendaItem.objects.select_related(
            "council__municipality", "owner", "municipal_contact", "request__municipality", "created_by"
        ),
        perm=perm,
        pk=pk,
    )


@login_required
def item_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    signals = item.signals.with_council().order_by("-created_at", "-pk")
    context = {
        "item": item,
        "themes": list(item.themes.all()),
        "neighbourhoods": list(item.neighbourhoods.select_related("municipality")),
        "signal_links": signal_links(request.user, signals),
        "history": history_entries(item),
        "may_change": request.user.has_perm("agenda.change_agenda_item", item),
        "may_refer": request.user.has_perm("agenda.refer_agenda_item", item) and not item.referred_to_region_at,
        "may_read_request": bool(
            item.request_id
            and EarlyInvolvementRequest.objects.for_user(request.user).filter(pk=item.request_id).exists()
        ),
        # What the item led to (tables; later advice), and whether the user may form a table from it: the
        # tables app's permission, asked by name (the agenda does not import the tables app).
        "outcomes": item_outcomes(item, public=False),
        "may_form_table": request.user.has_perm("tables.add_table", item.council),
    }
    return render(request, "agenda/work/item_detail.html", context)


@login_required
def item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk, perm="agenda.change_agenda_item")
    form = _item_form(request, item.council, item)
    if request.method == "POST":
        saved = _save_item(request, form)
        if saved is not None:
            messages.success(request, _("Het agendapunt is bijgewerkt."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "agenda/work/item_form.html",
        {"form": form, "council": item.council, "item": item},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def item_refer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk, perm="agenda.refer_agenda_item")
    try:
        services.agenda_item_refer_to_region(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Het agendapunt staat nu ook op de regionale agenda."))
    return redirect(item.get_absolute_url())


# --- Proposals (from a signal's triage page) -------------------------------------------------------


def _signal_for(request: HttpRequest, pk: int) -> Signal:
    return get_object_for_user(
        request.user,
        Signal.objects.select_related("municipality__council", "municipality__region", "theme"),
        perm="signals.change_signal",
        pk=pk,
    )


def _closed_signal(request: HttpRequest, signal: Signal) -> HttpResponse:
    messages.error(request, _("Dit signaal is al afgerond; heropen het eerst."))
    return redirect(signal.get_absolute_url())


@login_required
def proposal_to_agenda(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    signal = _signal_for(request, pk)
    if not signal.is_open:
        return _closed_signal(request, signal)
    council = handling_council(signal)
    if council is None:
        raise Http404
    if request.method == "POST":
        form = ProposalToAgendaForm(request.POST)
    else:
        form = ProposalToAgendaForm(initial={**initial_description(signal.text), "is_public": True})
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.proposal_put_on_agenda(
                signal=signal,
                council=council,
                title=data["title"],
                description=data["description"],
                is_public=data["is_public"],
                by=request.user,
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Het voorstel staat op de agenda van %(council)s als '%(title)s'.")
                % {"council": council.name, "title": item.title},
            )
            return redirect(signal.get_absolute_url())
    context = {"signal": signal, "council": council, "form": form}
    return render(request, "agenda/work/proposal_to_agenda.html", context, status=400 if form.is_bound else 200)


@login_required
def proposal_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    signal = _signal_for(request, pk)
    if not signal.is_proposal:
        raise Http404
    if not signal.is_open:
        return _closed_signal(request, signal)
    form = ProposalDeclineForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.proposal_decline(signal=signal, reasons=form.cleaned_data["reasons"], by=request.user)
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(request, _("Het voorstel is afgewezen. De redenen staan op de volgpagina."))
            return redirect(signal.get_absolute_url())
    context = {"signal": signal, "form": form}
    return render(request, "agenda/work/proposal_decline.html", context, status=400 if form.is_bound else 200)


# --- Early-involvement requests --------------------------------------------------------------------


@login_required
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "agenda.view_requests")
    councils = list(Council.objects.order_by("kind", "name"))
    scope = scope_for(request.user)
    if not scope.reads_whole_region:
        # The councils the user sits on, and those their municipality files to (its own and the regional).
        councils = [
            c
            for c in councils
            if scope.sits_on(c.pk)
            or (scope.advisor_municipality_ids and (c.is_regional or scope.advises_for(c.municipality_id)))
        ]
    filters = RequestFilterForm(request.GET or None, councils=Council.objects.filter(pk__in=[c.pk for c in councils]))
    requests = filters.apply(
        EarlyInvolvementRequest.objects.for_user(request.user)
        .select_related("council", "municipality", "filed_by")
        .order_by("-filed_at", "-pk")
    )
    page = _page(request, requests)
    cast(ChoiceField, filters.fields["council"]).choices = [("", _("Alle raden")), *((c.pk, c.name) for c in councils)]
    context = {
        "filters": filters,
        "page": page,
        "query": _query_without_page(request),
        "may_file": request.user.has_perm("agenda.file_request"),
    }
    return render(request, "agenda/work/request_list.html", context)


@login_required
def request_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "agenda.file_request")
    scope = scope_for(request.user)
    municipalities = Municipality.objects.filter(pk__in=scope.advisor_municipality_ids).order_by("name")
    candidates = Council.objects.filter(
        Q(municipality__in=municipalities)
        | Q(kind=Council.Kind.REGIONAL, region_id__in=municipalities.values("region_id"))
    )
    allowed = [c.pk for c in candidates if request.user.has_perm("agenda.file_request_to", c)]
    councils = Council.objects.filter(pk__in=allowed).order_by("kind", "name")
    form = RequestForm(
        request.POST if request.method == "POST" else None, councils=councils, municipalities=municipalities
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = services.request_file(
                request=form.instance,
                by=request.user,
                themes=data["themes"],
                neighbourhoods=data["neighbourhoods"],
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Uw verzoek is ingediend bij %(council)s. De voorzitter en secretaris krijgen direct bericht.")
                % {"council": filed.council.name},
            )
            return redirect(filed.get_absolute_url())
    return render(request, "agenda/work/request_form.html", {"form": form}, status=400 if form.is_bound else 200)


def _request_for(request: HttpRequest, pk: int, perm: str | None = None) -> EarlyInvolvementRequest:
    return get_object_for_user(
        request.user,
        EarlyInvolvementRequest.objects.select_related(
            "council", "municipality", "filed_by", "acknowledged_by", "referred_from"
        ),
        perm=perm,
        pk=pk,
    )


def _advice_of(involvement: EarlyInvolvementRequest) -> ParticipationAdvice | None:
    return (
        ParticipationAdvice.objects.filter(request=involvement)
        .select_related("given_by")
        .prefetch_related("network_organisations", Prefetch("groups", queryset=RecommendedGroup.objects.order_by("pk")))
        .first()
    )


@login_required
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    involvement = _request_for(request, pk)
    may_answer = request.user.has_perm("agenda.answer_request", involvement)
    context = {
        "involvement": involvement,
        "themes": list(involvement.themes.all()),
        "neighbourhoods": list(involvement.neighbourhoods.select_related("municipality")),
        "advice": _advice_of(involvement),
        "items": list(AgendaItem.objects.for_user(request.user).filter(request=involvement).select_related("council")),
        "history": history_entries(involvement),
        "may_answer": may_answer,
        "may_refer": may_answer and involvement.is_open and request.user.has_perm("agenda.refer_request", involvement),
    }
    context["may_put_on_agenda"] = may_answer and not involvement.agenda_items.exists()
    return render(request, "agenda/work/request_detail.html", context)


def _request_action(request: HttpRequest, pk: int, perm: str, apply, success: str) -> HttpResponse:
    involvement = _request_for(request, pk, perm=perm)
    try:
        apply(involvement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(involvement.get_absolute_url())


@login_required
@require_POST
def request_acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _request_action(
        request,
        pk,
        "agenda.answer_request",
        lambda r: services.request_acknowledge(request=r, by=request.user),
        _("U heeft het verzoek in behandeling genomen. De beleidsadviseur krijgt bericht."),
    )


@login_required
@require_POST
def request_refer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    involvement = _request_for(request, pk, perm="agenda.refer_request")
    try:
        services.request_refer_to_region(request=involvement, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(involvement.get_absolute_url())
    # The regional council handles it now: the local members may no longer read it, so to the list.
    messages.success(request, _("Het verzoek is doorverwezen naar de regionale raad."))
    return redirect("agenda:request_list")


@login_required
@require_POST
def request_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _request_action(
        request,
        pk,
        "agenda.answer_request",
        lambda r: services.request_close(request=r, by=request.user),
        _("Het verzoek is afgerond."),
    )


@login_required
def request_advice(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    involvement = _request_for(request, pk, perm="agenda.answer_request")
    if not involvement.is_open:
        messages.error(request, _("Op dit verzoek is al een participatieadvies gegeven."))
        return redirect(involvement.get_absolute_url())
    form = ParticipationAdviceForm(
        request.POST if request.method == "POST" else None, organisations=advice_organisations(involvement.council)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participation_advice_give(
                request=involvement,
                summary=data["summary"],
                client_perspective=data["client_perspective"],
                groups=form.groups(),
                by=request.user,
                network_organisations=data["network_organisations"],
                experts=data["experts"],
                council_runs_table=data["council_runs_table"],
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(request, _("Het participatieadvies is gegeven. De beleidsadviseur krijgt bericht."))
            return redirect(involvement.get_absolute_url())
    context = {"involvement": involvement, "form": form}
    return render(request, "agenda/work/request_advice.html", context, status=400 if form.is_bound else 200)


@login_required
def request_to_agenda(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    involvement = _request_for(request, pk, perm="agenda.answer_request")
    existing = involvement.agenda_items.order_by("pk").first()
    if existing is not None:
        messages.error(request, _("Dit verzoek staat al op de agenda."))
        return redirect(existing.get_absolute_url())
    if request.method == "POST":
        form = RequestToAgendaForm(request.POST)
    else:
        form = RequestToAgendaForm(
            initial={"title": involvement.title, "description": involvement.question, "is_public": True}
        )
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.request_put_on_agenda(
                request=involvement,
                title=data["title"],
                description=data["description"],
                is_public=data["is_public"],
                by=request.user,
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(request, _("Het verzoek staat op de agenda."))
            return redirect(item.get_absolute_url())
    context = {"involvement": involvement, "form": form}
    return render(request, "agenda/work/request_to_agenda.html", context, status=400 if form.is_bound else 200)
