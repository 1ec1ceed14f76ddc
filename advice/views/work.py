"""The work pages of advice: the list of the advice the user may read, a new draft, drafting the text and
the numbered recommendations together, the steps of the workflow (ter vaststelling, vaststellen, verzenden,
afronden), the draft's preview and the frozen PDF, the college's response with its letter, and a correction.

Every page is behind login; each advice is fetched through ``get_object_for_user`` (404 when the user may
not read it, 403 when they may read it but not do this) and the list through ``Advice.objects.for_user``.
The rules live in ``advice.services``; a refusal (``AdviceError``) shows on the bound form or, for a button,
as a message on the advice's page.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.forms import BaseForm, ChoiceField
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agenda.models import AgendaItem, EarlyInvolvementRequest
from agenda.selectors.work import history_entries
from councils.models import Council, Municipality
from infrastructure.access import get_object_for_user
from infrastructure.ids import parse_id
from members.access import AuthenticatedHttpRequest
from members.models import User
from tables.models import Table

from .. import services
from ..forms import AdviceCreateForm, AdviceFilterForm, AdviceForm, RecommendationFormSet, ResponseForm, SendForm
from ..models import (
    Advice,
    AdviceKind,
    AdviceStatus,
    Recommendation,
    Verdict,
    latest_publication_on,
    response_due_on,
)

PAGE_SIZE = 25
# Not shown in the history: bookkeeping, or shown elsewhere on the page.
HISTORY_HIDDEN = (
    "number_year",
    "number_sequence",
    "adopted_by",
    "signed_by_chair",
    "signed_by_secretary",
    "pdf",
    "pdf_sha256",
    "pdf_rendered_at",
    "sent_by",
    "closed_at",
)
# A save of several recommendations at once reads as one change.
MERGE_WINDOW = timedelta(seconds=10)


def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _apply_validation_error(form: BaseForm, error: ValidationError) -> None:
    """A service's refusal on the field it names, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _show_error(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


def _advice_for(request: HttpRequest, pk: int, perm: str | None = None, related: Sequence[str] = ()) -> Advice:
    return get_object_for_user(
        request.user,
        Advice.objects.select_related(
            "council__municipality",
            "council__region",
            "addressed_municipality",
            "request",
            "corrects",
            "created_by",
            "adopted_by",
            "sent_by",
            *related,
        ),
        perm=perm,
        pk=pk,
    )


def _to_detail(advice: Advice) -> HttpResponse:
    return redirect(advice.get_absolute_url())


def _frozen(request: HttpRequest, advice: Advice) -> HttpResponse:
    messages.error(
        request,
        _("Dit advies is vastgesteld: de tekst verandert niet meer. Maak een correctie als er iets moet veranderen."),
    )
    return _to_detail(advice)


# --- The list --------------------------------------------------------------------------------------


@login_required
def advice_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "advice.view_advice_work")
    visible = Advice.objects.for_user(request.user)
    # Each council with whether the user reads an advice of it, in the councils' own query.
    council_list = list(
        Council.objects.order_by("kind", "name").annotate(
            has_visible_advice=Exists(visible.filter(council_id=OuterRef("pk")))
        )
    )
    may_add = [c for c in council_list if request.user.has_perm("advice.add_advice_for", c)]
    shown = [c for c in council_list if c.has_visible_advice or c in may_add]  # type: ignore[attr-defined]
    filters = AdviceFilterForm(request.GET or None, councils=Council.objects.filter(pk__in=[c.pk for c in shown]))
    cast(ChoiceField, filters.fields["council"]).choices = [("", _("Alle raden")), *((c.pk, c.name) for c in shown)]
    advice = filters.apply(
        visible.select_related("council", "addressed_municipality", "response").order_by("-created_at", "-pk")
    )
    page = Paginator(advice, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {"filters": filters, "page": page, "query": _query_without_page(request), "may_add": bool(may_add)}
    return render(request, "advice/work/list.html", context)


# --- A new draft -----------------------------------------------------------------------------------


def _council_requests(user: User, councils: Sequence[Council]) -> QuerySet[EarlyInvolvementRequest]:
    return (
        EarlyInvolvementRequest.objects.for_user(user)
        .filter(council__in=councils)
        .select_related("council")
        .order_by("-filed_at", "-pk")
    )


def _council_tables(user: User, councils: Sequence[Council]) -> QuerySet[Table]:
    return (
        Table.objects.for_user(user)
        .filter(council__in=councils)
        .select_related("council")
        .order_by("-created_at", "-pk")
    )


def _council_items(user: User, councils: Sequence[Council]) -> QuerySet[AgendaItem]:
    """The agenda items on the agendas of ``councils`` (the regional one holds the referred items too)."""
    on_agenda = Q(council__in=councils)
    if any(c.is_regional for c in councils):
        on_agenda |= Q(referred_to_region_at__isnull=False)
    return AgendaItem.objects.for_user(user).filter(on_agenda).select_related("council").order_by("-created_at", "-pk")


def _preselected(request: AuthenticatedHttpRequest, councils: Sequence[Council]) -> dict[str, Any]:
    """The form's first values from ``?verzoek=``, ``?tafel=`` or ``?agendapunt=``: only what the user may
    read and what belongs to one of their councils; anything else is left out."""
    user = request.user
    initial: dict[str, Any] = {}
    council_ids = {c.pk for c in councils}
    request_id = parse_id(request.GET.get("verzoek", ""))
    if request_id:
        found = _council_requests(user, councils).filter(pk=request_id).first()
        if found is not None:
            initial.update(council=found.council_id, request=found.pk, kind=AdviceKind.SOLICITED, subject=found.title)
    table_id = parse_id(request.GET.get("tafel", ""))
    if table_id:
        table = _council_tables(user, councils).filter(pk=table_id).first()
        if table is not None and initial.get("council", table.council_id) == table.council_id:
            initial.update(council=table.council_id, tables=[table.pk])
            initial.setdefault("subject", table.title)
            if table.request_id and "request" not in initial:
                initial.update(request=table.request_id, kind=AdviceKind.SOLICITED)
    item_id = parse_id(request.GET.get("agendapunt", ""))
    if item_id:
        item = _council_items(user, councils).filter(pk=item_id).first()
        if item is not None:
            council_id = item.council_id if item.council_id in council_ids else initial.get("council")
            if council_id is None:  # a referred item: it is on the regional council's agenda
                council_id = next(c.pk for c in councils if c.is_regional)
            if initial.get("council", council_id) == council_id:
                initial.update(council=council_id, agenda_items=[item.pk])
                initial.setdefault("subject", item.title)
    return initial


@login_required
def advice_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    councils = [
        c
        for c in Council.objects.select_related("municipality").order_by("kind", "name")
        if request.user.has_perm("advice.add_advice_for", c)
    ]
    if not councils:
        raise PermissionDenied
    initial: dict[str, Any] = {"kind": AdviceKind.UNSOLICITED, "council": councils[0].pk}
    initial.update(_preselected(request, councils))
    form = AdviceCreateForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        councils=Council.objects.filter(pk__in=[c.pk for c in councils]).order_by("kind", "name"),
        requests=_council_requests(request.user, councils),
        tables=_council_tables(request.user, councils),
        agenda_items=_council_items(request.user, councils),
        show_council=len(councils) > 1,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            advice = services.advice_create(
                council=data["council"],
                kind=data["kind"],
                subject=data["subject"],
                by=request.user,
                request=data["request"],
                formal_request_reference=data["formal_request_reference"],
                tables=list(data["tables"]),
                agenda_items=list(data["agenda_items"]),
                themes=list(data["themes"]),
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(request, _("Het concept is aangemaakt. Schrijf nu de tekst, samen met de andere leden."))
            return redirect("advice:work_edit", pk=advice.pk)
    context = {"form": form, "councils": councils}
    return render(request, "advice/work/create.html", context, status=400 if form.is_bound else 200)


# --- The advice's page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "current" or "todo"


def workflow_steps(advice: Advice) -> list[Step]:
    order = list(AdviceStatus)
    current = order.index(AdviceStatus(advice.status))
    return [
        Step(str(status.label), "done" if n < current else "current" if n == current else "todo")
        for n, status in enumerate(order)
    ]


@dataclass(frozen=True)
class RecommendationChange:
    """One line in the recommendations' history: what happened to which one."""

    subject: str
    action: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class RecommendationHistoryEntry:
    when: datetime
    who: str
    user_id: int | None
    lines: list[RecommendationChange] = field(default_factory=list)


def _verdict_label(value: str) -> str:
    return str(Verdict(value).label) if value in Verdict.values else value or "–"


def recommendation_history(advice: Advice) -> list[RecommendationHistoryEntry]:
    """Who added, changed, renumbered or removed which recommendation, and when, newest first: one query
    for all records of the advice's recommendations (also the removed ones)."""
    records = list(
        Recommendation.history.filter(advice_id=advice.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    labels = {
        "number": _("nummer"),
        "title": _("titel"),
        "text": _("tekst"),
        "verdict": _("reactie van het college"),
        "verdict_reasons": _("toelichting van het college"),
    }
    previous: dict[int, Any] = {}
    entries: list[RecommendationHistoryEntry] = []
    for record in records:
        subject = _("Aanbeveling %(number)s (%(title)s)") % {"number": record.number, "title": record.title}
        before = previous.get(record.id)
        if record.history_type == "+":
            line = RecommendationChange(subject, _("toegevoegd"))
        elif record.history_type == "-":
            line = RecommendationChange(subject, _("verwijderd"))
        elif before is not None:
            delta = record.diff_against(before, included_fields=list(labels))
            changes = []
            for change in delta.changes:
                old, new = change.old, change.new
                if change.field == "verdict":
                    old, new = _verdict_label(old), _verdict_label(new)
                changes.append((str(labels[change.field]), str(old or "–"), str(new or "–")))
            if not changes:
                previous[record.id] = record
                continue
            line = RecommendationChange(subject, "", changes)
        else:
            line = RecommendationChange(subject, _("gewijzigd"))
        previous[record.id] = record
        last = entries[-1] if entries else None
        if (
            last is not None
            and last.user_id == record.history_user_id
            and record.history_date - last.when <= MERGE_WINDOW
        ):
            last.lines.append(line)
        else:
            who = str(record.history_user) if record.history_user else _("het systeem")
            entries.append(RecommendationHistoryEntry(record.history_date, who, record.history_user_id, [line]))
    entries.reverse()
    return entries


def _visible_ids(queryset: QuerySet[Any], ids: Sequence[int]) -> set[int]:
    if not ids:
        return set()
    return set(queryset.filter(pk__in=list(ids)).values_list("pk", flat=True))


@login_required
def advice_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice_for(request, pk, related=("response__recorded_by",))
    user = request.user
    # Each linked list in one query, with whether the user may open each row (a link, or the title only).
    tables = list(
        advice.tables.select_related("council")
        .annotate(visible=Exists(Table.objects.for_user(user).filter(pk=OuterRef("pk"))))
        .order_by("title")
    )
    items = list(
        advice.agenda_items.select_related("council")
        .annotate(visible=Exists(AgendaItem.objects.for_user(user).filter(pk=OuterRef("pk"))))
        .order_by("title")
    )
    recommendations = list(advice.recommendations.order_by("number"))
    response = getattr(advice, "response", None) if advice.is_sent else None
    # Sending keeps the signals behind the advice; before that they are looked up.
    signal_count = advice.signals.count() if advice.is_sent else len(services.signals_behind(advice))
    visible = Advice.objects.for_user(user)
    context = {
        "advice": advice,
        "steps": workflow_steps(advice),
        "themes": list(advice.themes.order_by("name")),
        "tables": tables,
        "items": items,
        "visible_tables": {table.pk for table in tables if table.visible},  # type: ignore[attr-defined]
        "visible_items": {item.pk for item in items if item.visible},  # type: ignore[attr-defined]
        "request_visible": bool(
            advice.request_id and _visible_ids(EarlyInvolvementRequest.objects.for_user(user), [advice.request_id])
        ),
        "signal_count": signal_count,
        "recommendations": recommendations,
        "response": response,
        "corrects_visible": bool(advice.corrects_id and _visible_ids(visible, [advice.corrects_id])),
        # Only an adopted advice has corrections.
        "corrections": list(visible.filter(corrects=advice).order_by("created_at", "pk")) if advice.is_adopted else [],
        "problems": (
            services.adoption_problems(advice, recommendation_count=len(recommendations)) if advice.is_editable else []
        ),
        "addressee": advice.addressee_line(),
        "history": history_entries(advice, hide=HISTORY_HIDDEN),
        "recommendation_history": recommendation_history(advice),
        "may_edit": advice.is_editable and user.has_perm("advice.change_advice", advice),
        "may_submit": advice.status == AdviceStatus.DRAFT and user.has_perm("advice.change_advice", advice),
        "may_back_to_draft": advice.status == AdviceStatus.FOR_ADOPTION
        and user.has_perm("advice.change_advice", advice),
        "may_adopt": advice.status == AdviceStatus.FOR_ADOPTION and user.has_perm("advice.adopt_advice", advice),
        "may_send": advice.status == AdviceStatus.ADOPTED and user.has_perm("advice.send_advice", advice),
        "may_respond": advice.status == AdviceStatus.SENT and user.has_perm("advice.record_response", advice),
        "may_close": advice.status == AdviceStatus.ANSWERED and user.has_perm("advice.close_advice", advice),
        "may_correct": advice.is_adopted and user.has_perm("advice.add_advice_for", advice.council),
    }
    return render(request, "advice/work/detail.html", context)


# --- Drafting --------------------------------------------------------------------------------------


def _advice_form(request: AuthenticatedHttpRequest, advice: Advice) -> AdviceForm:
    councils = [advice.council]
    return AdviceForm(
        request.POST if request.method == "POST" else None,
        # A copy: the page keeps showing the stored subject while the form holds what was typed.
        instance=copy.copy(advice),
        requests=_council_requests(request.user, councils),
        tables=_council_tables(request.user, councils),
        agenda_items=_council_items(request.user, councils),
    )


def _save_draft(form: AdviceForm, advice: Advice, by: User) -> Advice:
    data = form.cleaned_data
    return services.advice_update_draft(
        advice=advice,
        by=by,
        fields={name: data[name] for name in services.DRAFT_FIELDS},
        themes=data["themes"],
        tables=data["tables"],
        agenda_items=data["agenda_items"],
    )


@login_required
def advice_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice_for(request, pk, perm="advice.change_advice")
    if not advice.is_editable:
        return _frozen(request, advice)
    form = _advice_form(request, advice)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_draft(form, advice, request.user)
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(request, _("Het concept is opgeslagen."))
            return _to_detail(saved)
    context = {"advice": advice, "form": form}
    return render(request, "advice/work/edit.html", context, status=400 if form.is_bound else 200)


@login_required
def recommendations_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice_for(request, pk, perm="advice.change_advice")
    if not advice.is_editable:
        return _frozen(request, advice)
    formset = RecommendationFormSet(request.POST if request.method == "POST" else None, advice=advice)
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic():
                services.ensure_editable(Advice.objects.select_for_update().get(pk=advice.pk))
                saved = formset.save_numbered()
        except ValidationError as error:
            _show_error(request, error)
            return _to_detail(advice)
        count = advice.recommendations.count()
        messages.success(
            request,
            _("De aanbevelingen zijn opgeslagen (%(count)s).") % {"count": count}
            if saved or count
            else _("Er zijn geen aanbevelingen."),
        )
        return _to_detail(advice)
    context = {"advice": advice, "formset": formset}
    return render(request, "advice/work/recommendations.html", context, status=400 if formset.is_bound else 200)


@login_required
@require_POST
def advice_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice_for(request, pk, perm="advice.change_advice")
    action = request.POST.get("actie", "")
    try:
        if action == "ter_vaststelling":
            services.advice_submit(advice=advice, by=request.user)
            messages.success(request, _("Het advies ligt nu ter vaststelling bij de voorzitter en de secretaris."))
        elif action == "concept":
            services.advice_back_to_draft(advice=advice, by=request.user)
            messages.success(request, _("Het advies is weer een concept."))
        else:
            messages.error(request, _("Kies ter vaststelling aanbieden of terug naar concept."))
    except ValidationError as error:
        _show_error(request, error)
    return _to_detail(advice)


# --- Adoption and sending --------------------------------------------------------------------------


@login_required
def advice_adopt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice_for(request, pk, perm="advice.adopt_advice")
    if advice.status != AdviceStatus.FOR_ADOPTION:
        messages.error(request, _("Alleen een advies dat ter vaststelling ligt, kan worden vastgesteld."))
        return _to_detail(advice)
    if request.method == "POST":
        try:
            adopted = services.advice_adopt(advice=advice, by=request.user)
        except ValidationError as error:
            _show_error(request, error)
        else:
            messages.success(
                request,
                _("Het advies is vastgesteld als %(number)s. De tekst verandert niet meer.")
                % {"number": adopted.number},
            )
        return _to_detail(advice)
    context = {
        "advice": advice,
        "recommendations": list(advice.recommendations.order_by("number")),
        "problems": services.adoption_problems(advice),
        "year": timezone.localdate().year,
    }
    return render(request, "advice/work/adopt.html", context)


@dataclass(frozen=True)
class Recipient:
    name: str
    address: str


def recipients(advice: Advice) -> list[Recipient]:
    """Whom sending mails (``services.municipal_contacts``), with a name for each address."""
    contacts = services.municipal_contacts(advice)
    people = {
        f"person-{person.pk}": person.get_full_name() or person.email
        for person in User.objects.filter(
            pk__in=[int(key.split("-", 1)[1]) for key, _address in contacts if key.startswith("person-")]
        )
    }
    colleges = {
        f"college-{m.pk}": str(m.college_name or _("Het college van %(name)s") % {"name": m.name})
        for m in Municipality.objects.filter(
            pk__in=[int(key.split("-", 1)[1]) for key, _address in contacts if key.startswith("college-")]
        )
    }
    return [Recipient(people.get(key) or colleges.get(key) or address, address) for key, address in contacts]


@login_required
def advice_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice_for(request, pk, perm="advice.send_advice")
    if advice.status != AdviceStatus.ADOPTED:
        messages.error(request, _("Alleen een vastgesteld advies dat nog niet verzonden is, kan worden verzonden."))
        return _to_detail(advice)
    today = timezone.localdate()
    form = SendForm(request.POST if request.method == "POST" else None, initial={"published_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.advice_send(
                advice=advice,
                by=request.user,
                published_on=data["published_on"],
                confidential_reason=data["confidential_reason"],
                confidential_until=data["confidential_until"],
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Het advies is verzonden. Het college reageert uiterlijk op %(date)s.")
                % {"date": f"{sent.response_due_on:%d-%m-%Y}"},
            )
            return _to_detail(sent)
    municipalities = services.addressed_municipalities(advice)
    context = {
        "advice": advice,
        "form": form,
        "recipients": recipients(advice),
        "due_on": response_due_on(today, municipalities),
        "latest_publication": latest_publication_on(today, municipalities),
        "addressee": advice.addressee_line(),
    }
    return render(request, "advice/work/send.html", context, status=400 if form.is_bound else 200)


# --- The PDFs --------------------------------------------------------------------------------------


def _pdf_response(data: bytes, *, filename: str, attachment: bool) -> FileResponse:
    response = FileResponse(
        io.BytesIO(data), as_attachment=attachment, filename=filename, content_type="application/pdf"
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def advice_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    advice = _advice_for(request, pk)
    if advice.is_adopted:
        return redirect("advice:work_pdf", pk=advice.pk)
    from advice.pdf import render_preview_pdf  # WeasyPrint is heavy: imported where it is used

    return _pdf_response(render_preview_pdf(advice), filename=f"concept-{advice.pk}.pdf", attachment=False)


@login_required
def advice_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    advice = _advice_for(request, pk)
    if not advice.is_adopted:
        raise Http404
    return _pdf_response(services.advice_pdf_bytes(advice), filename=f"{advice.number}.pdf", attachment=True)


# --- The college's response ------------------------------------------------------------------------


@login_required
def response_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice_for(request, pk, perm="advice.record_response")
    if advice.status != AdviceStatus.SENT:
        messages.error(
            request, _("Alleen op een verzonden advies dat nog niet beantwoord is, wordt een reactie vastgelegd.")
        )
        return _to_detail(advice)
    form = ResponseForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        recommendations=advice.recommendations.order_by("number"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            response = services.advice_record_response(
                advice=advice,
                by=request.user,
                received_on=data["received_on"],
                letter_text=data["letter_text"],
                verdicts=form.verdicts(),
                letter_pdf=data["letter_pdf"],
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            if response.on_time:
                messages.success(request, _("De reactie van het college is vastgelegd. Het college reageerde op tijd."))
            else:
                messages.success(
                    request,
                    _("De reactie van het college is vastgelegd. Het college reageerde %(days)s dagen te laat.")
                    % {"days": response.days_late},
                )
            return _to_detail(advice)
    context = {"advice": advice, "form": form, "rows": form.rows()}
    return render(request, "advice/work/response.html", context, status=400 if form.is_bound else 200)


@login_required
def response_letter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    advice = _advice_for(request, pk)
    response = getattr(advice, "response", None)
    if response is None or not response.letter_pdf:
        raise Http404
    with response.letter_pdf.open("rb") as handle:
        data = handle.read()
    return _pdf_response(data, filename=f"reactie-{advice.number}.pdf", attachment=True)


@login_required
@require_POST
def advice_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice_for(request, pk, perm="advice.close_advice")
    try:
        services.advice_close(advice=advice, by=request.user)
    except ValidationError as error:
        _show_error(request, error)
    else:
        messages.success(request, _("Het advies is afgerond."))
    return _to_detail(advice)


# --- A correction ----------------------------------------------------------------------------------


@login_required
def advice_correct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice_for(request, pk, perm="advice.add_advice_for")
    if not advice.is_adopted:
        messages.error(request, _("Alleen een vastgesteld advies krijgt een correctie; pas een concept gewoon aan."))
        return _to_detail(advice)
    if request.method == "POST":
        subject = _("Correctie: %(subject)s") % {"subject": advice.subject}
        try:
            correction = services.advice_create(
                council=advice.council,
                kind=advice.kind,
                subject=subject[: Advice._meta.get_field("subject").max_length],
                corrects=advice,
                by=request.user,
            )
        except ValidationError as error:
            _show_error(request, error)
            return _to_detail(advice)
        messages.success(
            request,
            _("Er is een nieuw concept gemaakt dat %(number)s corrigeert. Pas de tekst aan en stel het opnieuw vast.")
            % {"number": advice.number},
        )
        return redirect("advice:work_edit", pk=correction.pk)
    return render(request, "advice/work/correct.html", {"advice": advice})
