"""The work pages of tables: the list of the user's tables, forming a table (from an agenda item, a
request or on the council's own initiative), its page with seats, rule 1, join requests, meetings and
history, the status and the conclusion, and the candidate search for seats.

Every page is behind login; each object is fetched through ``get_object_for_user`` (404 when the user may
not see it, 403 when they may see it but not do this): council members and the policy advisors of the
council's municipality run a table, the regional roles read. The rules live in ``tables.services``; a
refusal (ValidationError) is shown on the bound form or, for a button, as a message on the table's page.
"""

from __future__ import annotations

import re
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.forms import BaseForm, ChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agenda.models import AgendaItem, EarlyInvolvementRequest
from agenda.selectors.work import advice_organisations, council_neighbourhoods, history_entries
from councils.models import Council, Law
from infrastructure.access import get_object_for_user
from infrastructure.ids import parse_id
from members.access import AuthenticatedHttpRequest
from members.models import ExperienceDomain

from .. import services
from ..forms import (
    CandidateFilterForm,
    ConcludeForm,
    GuestSeatForm,
    JoinDecisionForm,
    SeatAddForm,
    SeatStatusForm,
    TableForm,
    TableStatusForm,
    WorkTableFilterForm,
)
from ..models import JoinRequest, Seat, StakeholderType, Table, TableOrigin, TableScope, TableStatus
from ..selectors import (
    CandidateFilters,
    candidate_experts,
    candidate_users,
    expert_default_type,
    form_labels,
    has_accepted_client,
    pending_join_requests,
    request_advice_prefill,
    seat_candidates,
    seat_groups,
    table_meetings,
    target_group_labels,
    work_table_queryset,
    work_tables,
)

PAGE_SIZE = 25
SLUG = re.compile(r"[a-z0-9-]{1,50}")
LAW_LABELS = dict(Law.choices)
DOMAIN_LABELS = dict(ExperienceDomain.choices)


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _apply_validation_error(form: BaseForm, error: ValidationError) -> None:
    """A service's refusal on the field it names, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


def _table_for(request: HttpRequest, pk: int, perm: str | None = None) -> Table:
    return get_object_for_user(request.user, work_table_queryset(), perm=perm, pk=pk)


# --- The list --------------------------------------------------------------------------------------


@login_required
def table_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "tables.view_tables_work")
    visible = Table.objects.for_user(request.user)
    councils = Council.objects.order_by("kind", "name")
    # Each council with whether the user sees a table of it: a probe of the (council, …) index per council,
    # in the councils' own query.
    council_list = list(councils.annotate(has_visible_table=Exists(visible.filter(council_id=OuterRef("pk")))))
    may_add = [c for c in council_list if request.user.has_perm("tables.add_table", c)]
    shown = [c for c in council_list if c.has_visible_table or c in may_add]  # type: ignore[attr-defined]
    filters = WorkTableFilterForm(request.GET or None, councils=councils.filter(pk__in=[c.pk for c in shown]))
    cast(ChoiceField, filters.fields["council"]).choices = [("", _("Alle raden")), *((c.pk, c.name) for c in shown)]
    page = Paginator(filters.apply(work_tables(visible)), PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {"filters": filters, "page": page, "query": _query_without_page(request), "may_add": bool(may_add)}
    return render(request, "tables/work/list.html", context)


# --- Forming a table -------------------------------------------------------------------------------


def _own_id(request: HttpRequest, name: str) -> int:
    pk = parse_id(request.GET.get(name, ""))
    if pk is None:
        raise Http404
    return pk


def _new_table(request: AuthenticatedHttpRequest) -> tuple[Table, dict[str, Any]] | HttpResponse:
    """The table to form and the form's first values, from ``?agendapunt=``, ``?verzoek=`` or ``?raad=``;
    or the page that asks which council. 404 for what the user cannot see, 403 for a council they may
    not form tables for."""
    user = request.user
    if "agendapunt" in request.GET:
        item = (
            AgendaItem.objects.for_user(user)
            .select_related("council__municipality")
            .filter(pk=_own_id(request, "agendapunt"))
            .first()
        )
        if item is None:
            raise Http404
        _require(request, "tables.add_table", item.council)
        table = Table(council=item.council, origin=TableOrigin.AGENDA_ITEM, agenda_item=item)
        initial = {
            "title": item.title,
            "question": item.description,
            "themes": list(item.themes.values_list("pk", flat=True)),
            "neighbourhoods": list(
                council_neighbourhoods(item.council).filter(agenda_items=item).values_list("pk", flat=True)
            ),
        }
    elif "verzoek" in request.GET:
        involvement = (
            EarlyInvolvementRequest.objects.for_user(user)
            .select_related("council__municipality")
            .filter(pk=_own_id(request, "verzoek"))
            .first()
        )
        if involvement is None:
            raise Http404
        _require(request, "tables.add_table", involvement.council)
        table = Table(council=involvement.council, origin=TableOrigin.REQUEST, request=involvement)
        groups, forms = request_advice_prefill(involvement)
        table.target_groups, table.participation_forms = groups, forms
        initial = {
            "title": involvement.title,
            "question": involvement.question,
            "themes": list(involvement.themes.values_list("pk", flat=True)),
            "neighbourhoods": list(
                council_neighbourhoods(involvement.council)
                .filter(involvement_requests=involvement)
                .values_list("pk", flat=True)
            ),
        }
    else:
        councils = [
            c
            for c in Council.objects.select_related("municipality").order_by("kind", "name")
            if user.has_perm("tables.add_table", c)
        ]
        slug = request.GET.get("raad", "")
        if slug:
            council = next((c for c in councils if c.slug == slug), None)
            if council is None:
                if not SLUG.fullmatch(slug):
                    raise Http404
                visible = Council.objects.for_user(user).filter(slug=slug).exists()
                raise PermissionDenied if visible else Http404
        elif len(councils) == 1:
            council = councils[0]
        elif not councils:
            raise PermissionDenied
        else:
            return render(request, "tables/work/choose_council.html", {"councils": councils})
        table = Table(council=council, origin=TableOrigin.OWN_INITIATIVE)
        initial = {}
    table.scope = TableScope.REGIONAL if table.council.is_regional else TableScope.LOCAL
    return table, initial


def _table_form(request: HttpRequest, table: Table, initial: dict[str, Any] | None = None) -> TableForm:
    return TableForm(
        request.POST if request.method == "POST" else None,
        instance=table,
        initial=initial or {},
        council=table.council,
        neighbourhoods=council_neighbourhoods(table.council),
    )


def _save_table(request: HttpRequest, form: TableForm) -> Table | None:
    if not form.is_valid():
        return None
    try:
        return services.table_save(
            table=form.instance,
            by=request.user,  # type: ignore[arg-type]
            themes=form.cleaned_data["themes"],
            neighbourhoods=form.cleaned_data["neighbourhoods"],
        )
    except ValidationError as error:
        _apply_validation_error(form, error)
        return None


@login_required
def table_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "tables.view_tables_work")
    made = _new_table(request)
    if isinstance(made, HttpResponse):
        return made
    table, initial = made
    form = _table_form(request, table, initial)
    if request.method == "POST":
        saved = _save_table(request, form)
        if saved is not None:
            messages.success(
                request, _("De tafel is aangemaakt. Zoek nu mensen voor aan tafel, met ten minste een cliënt.")
            )
            return redirect(saved.get_absolute_url())
    context = {"form": form, "table": None, "new_table": table, "action": request.get_full_path()}
    return render(request, "tables/work/form.html", context, status=400 if form.is_bound else 200)


@login_required
def table_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    table = _table_for(request, pk, perm="tables.change_table")
    form = _table_form(request, table)
    if request.method == "POST":
        saved = _save_table(request, form)
        if saved is not None:
            messages.success(request, _("De tafel is bijgewerkt."))
            return redirect(saved.get_absolute_url())
    context = {"form": form, "table": table, "new_table": table, "action": request.get_full_path()}
    return render(request, "tables/work/form.html", context, status=400 if form.is_bound else 200)


# --- The table's page ------------------------------------------------------------------------------


def law_warnings(table: Table) -> list[str]:
    """Rule 1's second half, in words: per law of the table's themes without an experienced client."""
    return [
        _("Geen cliënt met ervaring met de %(law)s aan tafel.") % {"law": LAW_LABELS.get(law, law)}
        for law in services.missing_law_experience(table)
    ]


@login_required
def table_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    table = _table_for(request, pk)
    groups = seat_groups(table)
    may_change = request.user.has_perm("tables.change_table", table)
    context = {
        "table": table,
        "themes": list(table.themes.all()),
        "neighbourhoods": list(table.neighbourhoods.all()),
        "target_groups": target_group_labels(table.target_groups),
        "participation_forms": form_labels(table.participation_forms),
        "groups": groups,
        "has_client": has_accepted_client(groups),
        "law_warnings": law_warnings(table),
        "join_requests": pending_join_requests(table),
        "meetings": table_meetings(table),
        "history": history_entries(table, hide=("target_groups", "participation_forms", "concluded_at")),
        "may_change": may_change,
        "may_manage_seats": request.user.has_perm("tables.manage_seats", table),
        "may_add_meeting": request.user.has_perm("tables.add_meeting", table),
        "status_form": TableStatusForm(table=table) if may_change else None,
        "is_concluded": table.status == TableStatus.CONCLUDED,
        "agenda_item_visible": bool(
            table.agenda_item_id and AgendaItem.objects.for_user(request.user).filter(pk=table.agenda_item_id).exists()
        ),
        "request_visible": bool(
            table.request_id
            and EarlyInvolvementRequest.objects.for_user(request.user).filter(pk=table.request_id).exists()
        ),
    }
    return render(request, "tables/work/detail.html", context)


@login_required
@require_POST
def table_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    table = _table_for(request, pk, perm="tables.change_table")
    form = TableStatusForm(request.POST, table=table)
    if not form.is_valid():
        if request.POST.get("status") == TableStatus.CONCLUDED and table.status == TableStatus.CONCLUDING:
            messages.error(
                request, _("Rond de tafel af via 'Tafel afronden': schrijf de uitkomst en het cliëntperspectief op.")
            )
        else:
            messages.error(request, _("Deze stap kan niet vanuit de huidige status van de tafel."))
        return redirect(table.get_absolute_url())
    new_status = form.cleaned_data["status"]
    try:
        services.table_set_status(table=table, status=new_status, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De tafel staat nu op '%(status)s'.") % {"status": TableStatus(new_status).label})
    return redirect(table.get_absolute_url())


@login_required
def table_conclude(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    table = _table_for(request, pk, perm="tables.change_table")
    if table.status != TableStatus.CONCLUDING:
        if table.status == TableStatus.CONCLUDED:
            messages.error(request, _("Deze tafel is al afgerond."))
        else:
            messages.error(request, _("Zet de tafel eerst op 'afronding'. Daarna rondt u haar hier af."))
        return redirect(table.get_absolute_url())
    if request.method == "POST":
        form = ConcludeForm(request.POST)
    else:
        form = ConcludeForm(
            initial={"outcome_summary": table.outcome_summary, "client_perspective": table.client_perspective}
        )
    if form.is_valid():
        try:
            services.table_conclude(
                table=table,
                outcome_summary=form.cleaned_data["outcome_summary"],
                client_perspective=form.cleaned_data["client_perspective"],
                by=request.user,
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(request, _("De tafel is afgerond."))
            return redirect(table.get_absolute_url())
    return render(
        request, "tables/work/conclude.html", {"table": table, "form": form}, status=400 if form.is_bound else 200
    )


# --- Seats -----------------------------------------------------------------------------------------


@login_required
def seat_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    table = _table_for(request, pk, perm="tables.manage_seats")
    filter_form = CandidateFilterForm(request.GET or None)
    filters = filter_form.filters()
    seat_form: SeatAddForm | None = None
    guest_form = GuestSeatForm(
        request.POST if request.method == "POST" and "guest_email" in request.POST else None,
        organisations=advice_organisations(table.council),
    )
    if request.method == "POST":
        try:
            if guest_form.is_bound:
                added = _add_guest(request, table, guest_form)
            else:
                seat_form = SeatAddForm(
                    request.POST,
                    experts=candidate_experts(table, CandidateFilters()),
                    users=candidate_users(table),
                )
                added = _add_candidate(request, table, seat_form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            added = None
        if added is not None:
            messages.success(
                request,
                _("%(name)s staat nu aan tafel als %(type)s (gevraagd).")
                % {"name": added.person_name, "type": added.get_stakeholder_type_display()},
            )
            return redirect(request.get_full_path())
        if seat_form is not None and seat_form.errors:
            for errors in seat_form.errors.values():
                messages.error(request, " ".join(str(e) for e in errors))
    candidates = seat_candidates(table, filters)
    context = {
        "table": table,
        "filter_form": filter_form,
        "guest_form": guest_form,
        "candidates": candidates,
        "expert_rows": [
            {
                "expert": expert,
                "default": expert_default_type(expert),
                "seated": expert.pk in candidates.seated_expert_ids,
                "domains": [str(DOMAIN_LABELS.get(d, d)) for d in expert.domains if isinstance(d, str)],
                "select_id": f"soort-expert-{expert.pk}",
            }
            for expert in candidates.experts
        ],
        "stakeholder_types": StakeholderType.choices,
        "chosen_type": filters.stakeholder_type,
        "action": request.get_full_path(),
        "is_concluded": table.status == TableStatus.CONCLUDED,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "tables/work/seats.html", context, status=status)


def _add_candidate(request: AuthenticatedHttpRequest, table: Table, form: SeatAddForm) -> Seat | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    return services.seat_add(
        table=table,
        stakeholder_type=data["stakeholder_type"],
        by=request.user,
        expert=data.get("expert"),
        user=data.get("user"),
    )


def _add_guest(request: AuthenticatedHttpRequest, table: Table, form: GuestSeatForm) -> Seat | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.seat_add(
            table=table,
            stakeholder_type=data["stakeholder_type"],
            by=request.user,
            guest_name=data["guest_name"],
            guest_email=data["guest_email"],
            organisation=data.get("organisation"),
        )
    except ValidationError as error:
        _apply_validation_error(form, error)
        return None


def _in_visible_table(request: HttpRequest) -> Q:
    return Q(table_id__in=Table.objects.for_user(request.user).values("pk"))


@login_required
@require_POST
def seat_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    seat = get_object_or_404(
        Seat.objects.filter(_in_visible_table(request)).select_related("table__council", "expert", "user"), pk=pk
    )
    _require(request, "tables.manage_seats", seat)
    form = SeatStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies doet mee, afgezegd of vertrokken."))
    else:
        try:
            services.seat_set_status(seat=seat, status=form.cleaned_data["status"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De plaats van %(name)s is bijgewerkt.") % {"name": seat.person_name})
    return redirect(seat.table.get_absolute_url())


@login_required
@require_POST
def join_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    join_request = get_object_or_404(
        JoinRequest.objects.filter(_in_visible_table(request)).select_related("table__council"), pk=pk
    )
    _require(request, "tables.manage_seats", join_request)
    form = JoinDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(join_request.table.get_absolute_url())
    try:
        services.join_request_decide(
            join_request=join_request, accept=form.accept, by=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if form.accept:
            messages.success(
                request, _("De aanmelding is geaccepteerd. %(name)s krijgt bericht.") % {"name": join_request.name}
            )
        else:
            messages.success(
                request, _("De aanmelding is afgewezen. %(name)s krijgt bericht.") % {"name": join_request.name}
            )
    return redirect(join_request.table.get_absolute_url())
