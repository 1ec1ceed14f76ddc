"""Meeting pages: the list and details of the user's meetings, planning, changing and cancelling one,
sending the invitations, the minutes with attendance, the personal calendar feed; and, without login,
answering an invitation by its personal link and the feed's ``.ics`` by its token.

Work pages fetch through ``get_object_for_user`` (404 when the user may not see the meeting, 403 when they
may see but not change it); the rules live in ``tables.meetings`` and a refusal is shown on the form.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Func, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from agenda.selectors.work import history_entries
from councils.models import Council
from infrastructure.access import get_object_for_user
from infrastructure.ids import parse_id
from members.access import AuthenticatedHttpRequest

from .. import ics
from .. import meetings as services
from ..meeting_forms import InvitationResponseForm, MeetingFilterForm, MeetingForm, MinutesForm
from ..models import CalendarFeed, Invitation, Meeting, MeetingKind, Need, Response, Table
from ..selectors_dashboard import MAX_MEETING_LENGTH

PAGE_SIZE = 25
# Answering an invitation: the same limit per address as following a signal (the group is its own).
INVITATION_RATE = settings.SIGNAL_FOLLOW_RATE


def _apply_validation_error(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        renamed = getattr(form, "error_fields", {})
        for name, errors in error.message_dict.items():
            target = renamed.get(name, name)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


def _invitations_counted(response: str | None = None) -> Coalesce:
    """The meeting's invitations (with that answer), counted in a subquery per row on the (meeting,
    response) index: the database counts them only for the page's rows, where a join with GROUP BY
    counts the invitations of every meeting in the list first (and again for the paginator's count)."""
    invitations = Invitation.objects.filter(meeting_id=OuterRef("pk")).order_by()
    if response is not None:
        invitations = invitations.filter(response=response)
    counted = invitations.values(n=Func(F("pk"), function="COUNT"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _meeting_for(request: HttpRequest, pk: int, perm: str | None = None) -> Meeting:
    return get_object_for_user(
        request.user,
        Meeting.objects.select_related("council__municipality", "table", "created_by"),
        perm=perm,
        pk=pk,
    )


# --- The list ------------------------------------------------------------------------------------------


@login_required
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("tables.view_tables_work"):
        raise PermissionDenied
    councils = list(Council.objects.for_user(request.user).select_related("municipality").order_by("kind", "name"))
    filters = MeetingFilterForm(
        request.GET or None, councils=Council.objects.filter(pk__in=[c.pk for c in councils]).order_by("name")
    )
    filters.fields["council"].choices = [("", _("Alle raden")), *((c.pk, c.name) for c in councils)]  # type: ignore[attr-defined]
    now = timezone.now()
    meetings = filters.apply(
        Meeting.objects.for_user(request.user)
        .select_related("council", "table")
        # What the list shows: not the agenda, the minutes or the other long texts.
        .only("title", "kind", "starts_at", "ends_at", "cancelled_at", "council__name", "table__title")
        .annotate(
            invited=_invitations_counted(),
            coming=_invitations_counted(response=Response.YES),
            not_coming=_invitations_counted(response=Response.NO),
            no_answer=_invitations_counted(response=Response.NONE),
        ),
        now=now,
    )
    # A meeting lasts at most a day (Meeting.clean) and ends after it starts (a constraint): the bound on
    # the start follows from the form's bound on the end, and lets the (council, start) index begin at
    # today instead of reading the years of meetings before it.
    if filters.is_bound and filters.cleaned_data.get("past"):
        meetings = meetings.filter(starts_at__lt=now)
    else:
        meetings = meetings.filter(starts_at__gte=now - MAX_MEETING_LENGTH)
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("pagina"))
    add_councils = [c for c in councils if request.user.has_perm("tables.add_meeting", c)]
    context = {"filters": filters, "page": page, "query": _query_without_page(request), "add_councils": add_councils}
    return render(request, "tables/meetings/list.html", context)


# --- Planning and changing ---------------------------------------------------------------------------------


def _new_meeting_target(request: AuthenticatedHttpRequest) -> Meeting | None:
    """The meeting to plan from ``?tafel=<pk>`` or ``?raad=<slug>``; None without either (a chooser)."""
    table_id = request.GET.get("tafel", "")
    slug = request.GET.get("raad", "")
    if table_id:
        pk = parse_id(table_id)
        if pk is None:
            raise Http404
        table = get_object_for_user(
            request.user, Table.objects.select_related("council"), perm="tables.add_meeting", pk=pk
        )
        return Meeting(table=table, council=table.council, kind=MeetingKind.TABLE, title=table.title)
    if slug:
        council = Council.objects.for_user(request.user).filter(slug=slug[:50]).first()
        if council is None:
            raise Http404
        if not request.user.has_perm("tables.add_meeting", council):
            raise PermissionDenied
        return Meeting(council=council, kind=MeetingKind.COUNCIL)
    return None


def _save(request: HttpRequest, form: MeetingForm) -> services.MeetingSaved | None:
    if not form.is_valid():
        return None
    try:
        return services.meeting_save(meeting=form.instance, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        _apply_validation_error(form, error)
        return None


@login_required
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    meeting = _new_meeting_target(request)
    if meeting is None:
        councils = [
            c
            for c in Council.objects.for_user(request.user).order_by("kind", "name")
            if request.user.has_perm("tables.add_meeting", c)
        ]
        if not councils:
            raise PermissionDenied
        return render(request, "tables/meetings/choose.html", {"councils": councils})
    form = MeetingForm(
        (request.POST if request.method == "POST" else None), instance=meeting, for_table=meeting.table is not None
    )
    if request.method == "POST":
        saved = _save(request, form)
        if saved is not None:
            messages.success(request, _("De bijeenkomst is gepland. Verstuur nu de uitnodigingen."))
            return redirect(saved.meeting.get_absolute_url())
    context = {"form": form, "meeting": None, "target": meeting}
    return render(request, "tables/meetings/form.html", context, status=400 if form.is_bound else 200)


@login_required
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk, "tables.change_meeting")
    if meeting.is_cancelled:
        messages.error(request, _("Deze bijeenkomst is geannuleerd en kan niet meer veranderen."))
        return redirect(meeting.get_absolute_url())
    form = MeetingForm(
        (request.POST if request.method == "POST" else None), instance=meeting, for_table=meeting.table_id is not None
    )
    if request.method == "POST":
        saved = _save(request, form)
        if saved is not None:
            if saved.updates:
                messages.success(
                    request,
                    _("De bijeenkomst is bijgewerkt. %(count)s genodigde(n) krijgen de nieuwe gegevens.")
                    % {"count": saved.updates},
                )
            else:
                messages.success(request, _("De bijeenkomst is bijgewerkt."))
            return redirect(saved.meeting.get_absolute_url())
    context = {"form": form, "meeting": meeting, "target": meeting}
    return render(request, "tables/meetings/form.html", context, status=400 if form.is_bound else 200)


# --- The details ------------------------------------------------------------------------------------------


def _need_labels(invitation: Invitation) -> list[str]:
    labels = dict(Need.choices)
    return [str(labels[need]) for need in invitation.needs if need in labels]


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    invitations = list(meeting.invitations.select_related("seat").order_by("name", "pk"))
    rows: list[dict[str, Any]] = [{"invitation": i, "needs": _need_labels(i)} for i in invitations]
    counts = {value: sum(1 for i in invitations if i.response == value) for value in Response.values}
    now = timezone.now()
    may_change = request.user.has_perm("tables.change_meeting", meeting)
    context = {
        "meeting": meeting,
        "rows": rows,
        "counts": counts,
        "needing": [row for row in rows if row["needs"] or row["invitation"].needs_note],
        "may_change": may_change and not meeting.is_cancelled,
        "may_invite": may_change and not meeting.is_cancelled and meeting.ends_at >= now,
        "may_record": may_change and not meeting.is_cancelled and meeting.starts_at <= now,
        "not_sent": sum(1 for i in invitations if i.sent_sequence < meeting.sequence and i.response != Response.NO),
        "history": history_entries(meeting, hide=["minutes", "sequence"]),
    }
    return render(request, "tables/meetings/detail.html", context)


@login_required
@require_POST
def meeting_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk, "tables.change_meeting")
    try:
        result = services.meeting_invite(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if result.mailed:
            messages.success(
                request,
                _("%(count)s uitnodiging(en) verstuurd, met de afspraak voor de agenda.") % {"count": result.mailed},
            )
        else:
            messages.info(request, _("Iedereen heeft de uitnodiging al. Er is niets nieuw verstuurd."))
    return redirect(meeting.get_absolute_url())


@login_required
def meeting_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk, "tables.change_meeting")
    if request.method != "POST":
        return render(request, "tables/meetings/cancel.html", {"meeting": meeting})
    try:
        count = services.meeting_cancel(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("De bijeenkomst is geannuleerd. %(count)s genodigde(n) krijgen bericht.") % {"count": count}
        )
    return redirect(meeting.get_absolute_url())


@login_required
def meeting_minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk, "tables.change_meeting")
    if meeting.is_cancelled or meeting.starts_at > timezone.now():
        messages.error(request, _("Het verslag en de aanwezigheid vult u in als de bijeenkomst is begonnen."))
        return redirect(meeting.get_absolute_url())
    invitations = list(meeting.invitations.order_by("name", "pk"))
    form = MinutesForm(
        (request.POST if request.method == "POST" else None),
        initial={"minutes": meeting.minutes},
        invitations=invitations,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record_minutes(
                meeting=meeting, minutes=form.cleaned_data["minutes"], attendance=form.attendance(), by=request.user
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(request, _("Het verslag en de aanwezigheid zijn opgeslagen."))
            return redirect(meeting.get_absolute_url())
    context = {"meeting": meeting, "form": form}
    return render(request, "tables/meetings/minutes.html", context, status=400 if form.is_bound else 200)


# --- Answering an invitation (no login) -----------------------------------------------------------------


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "tables/meetings/invitation_not_found.html", status=404)


@never_cache
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link: see the meeting, say whether one comes and what one needs. Valid until the
    meeting has ended; an unknown, changed or expired link gets the same friendly 404."""
    if is_ratelimited(request, group="meeting-invitation", key="ip", rate=INVITATION_RATE, increment=True):
        return render(request, "signals/rate_limited.html", status=429)
    found = services.invitation_for_token(token)
    if found is None:
        return _not_found(request)
    meeting = found.meeting
    initial = {"response": found.response if found.response != Response.NONE else None, "needs": found.needs}
    initial["needs_note"] = found.needs_note
    form: InvitationResponseForm | None = InvitationResponseForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    status = 200
    if request.method == "POST":
        status = 400
        if meeting.is_cancelled:
            form = None
        elif form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                services.invitation_respond(
                    invitation=found, response=data["response"], needs=data["needs"], needs_note=data["needs_note"]
                )
            except ValidationError as error:
                _apply_validation_error(form, error)
            else:
                messages.success(request, _("Dank u wel. Uw antwoord is opgeslagen."))
                return redirect(request.path)
    context = {
        "invitation": found,
        "meeting": meeting,
        "form": None if meeting.is_cancelled else form,
        "starts": services.local(meeting.starts_at),
        "ends": services.local(meeting.ends_at),
        "needs": _need_labels(found),
    }
    response = render(request, "tables/meetings/invitation.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


# --- The personal calendar feed -----------------------------------------------------------------------


@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = services.calendar_feed_for_token(token)
    if feed is None:
        raise Http404
    meetings = services.feed_meetings(feed.user)
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    descriptions = {m.pk: f"{base}{m.get_absolute_url()}" for m in meetings}
    body = ics.feed_ics(meetings, name=_("IJmond Participatie: mijn bijeenkomsten"), descriptions=descriptions)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bijeenkomsten.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@login_required
def calendar_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make a feed URL (shown once, on this response only), or revoke it."""
    if not request.user.has_perm("tables.subscribe_calendar"):
        raise PermissionDenied
    feed_url = ""
    if request.method == "POST":
        action = request.POST.get("actie", "")
        if action == "maken":
            token = services.calendar_feed_create(user=request.user)
            feed_url = f"{settings.PUBLIC_BASE_URL.rstrip('/')}/kalender/{token}.ics"
        elif action == "intrekken":
            if services.calendar_feed_revoke(user=request.user):
                messages.success(request, _("De agenda-link is ingetrokken. Hij werkt niet meer."))
            return redirect("tables:calendar_settings")
        else:
            return render(request, "400.html", status=400)
    live = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    return render(request, "tables/meetings/calendar.html", {"feed": live, "feed_url": feed_url})
