"""Signal pages: the public intake and follow pages, and the council's triage."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage, is_ratelimited

from councils.models import Municipality
from infrastructure.access import get_object_for_user
from infrastructure.ids import parse_ids
from infrastructure.keyset import CappedCount, capped_count, paginate
from members.access import AuthenticatedHttpRequest

from . import services
from .extensions import triage_actions
from .forms import (
    BulkActionForm,
    CloseForm,
    DigestSettingsForm,
    DuplicateForm,
    EraseContactForm,
    FollowForm,
    NoteForm,
    PublicSignalForm,
    RecordSignalForm,
    ReopenForm,
    SatisfactionForm,
    StatusForm,
    TriageFilterForm,
)
from .models import Channel, Signal, Status, normalise_tracking_code
from .selectors import (
    FollowedSignal,
    duplicate_links,
    public_outcome_rows,
    public_signal,
    signal_periods,
    what_we_hear,
)

# The code of the signal just sent travels to the confirmation page in a signed cookie that only that
# page receives (its path) and that is valid for minutes, not in a session row in the database: no
# write and no session for every resident who sends a signal.
LAST_CODE_COOKIE = "signaal_ontvangen"
LAST_CODE_SALT = "signals.received"
LAST_CODE_MAX_AGE = 10 * 60
PAGE_SIZE = 25
# The triage counts its list up to this many; beyond it says "meer dan 1.000" (README, "Signals").
COUNT_CAP = 1000
# A text search walks at most this stretch of the newest-first order before it turns to the text's index.
SEARCH_INDEX_WINDOW = timedelta(days=14)
# Query parameters of the list's position; the links keep the filters and replace these.
CURSOR_PARAMETERS = ("na", "voor", "pagina")


def _limited(request: HttpRequest, group: str, rate: str) -> bool:
    return is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)


def _rate_limited_page(request: HttpRequest) -> HttpResponse:
    return render(request, "signals/rate_limited.html", status=429)


def _apply_validation_error(form, error: ValidationError) -> None:
    """Show a service's (or model's) refusal on the form: on the field it names (a form may map a model
    field to its own field in ``error_fields``), otherwise above the form."""
    if hasattr(error, "error_dict"):
        renamed = getattr(form, "error_fields", {})
        for field, errors in error.message_dict.items():
            name = renamed.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- Public ----------------------------------------------------------------------------------------


def _submit_usage(request: HttpRequest, *, count: bool) -> dict | None:
    """Stored signals from this client in the current window (None: limits are off or fail open)."""
    return get_usage(request, group="signal-submit", key="ip", rate=settings.SIGNAL_SUBMIT_RATE, increment=count)


def _chosen_municipality(request: HttpRequest) -> dict[str, int]:
    """``?gemeente=velsen`` (the button on a municipality's page) preselects that municipality."""
    slug = request.GET.get("gemeente", "")
    if not slug.isascii() or not slug.replace("-", "").isalnum() or len(slug) > 50:
        return {}
    pk = Municipality.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return {"municipality": pk} if pk else {}


def submit(request: HttpRequest) -> HttpResponse:
    form = PublicSignalForm(request.POST or None, initial=_chosen_municipality(request))
    if request.method == "POST":
        # Only stored signals count: a resident who corrects three mistakes is not a flood. So look
        # first without counting, and count once the signal is stored.
        minutes = submit_usage_exhausted(request)
        if minutes is not None:
            # The same page with the bound form: the resident's text stays in the text box.
            return render(request, "signals/submit.html", {"form": form, "retry_minutes": minutes}, status=429)
        if form.is_valid():
            if form.is_bot:
                # Say nothing to the bot; nothing is stored.
                return pretend_received()
            try:
                signal = services.signal_submit(
                    signal=form.build_signal(channel=Channel.WEB), contact=form.contact_details()
                )
            except ValidationError as error:
                _apply_validation_error(form, error)
            else:
                count_submission(request)
                return redirect_to_receipt(signal)
    return render(request, "signals/submit.html", {"form": form})


def redirect_to_receipt(signal: Signal) -> HttpResponse:
    """To the confirmation page with the tracking code of the signal just stored. Also for other apps'
    public forms that store a signal (a reaction to an agenda item, a proposal)."""
    response = redirect("signals:received")
    response.set_signed_cookie(
        LAST_CODE_COOKIE,
        signal.tracking_code,
        salt=LAST_CODE_SALT,
        max_age=LAST_CODE_MAX_AGE,
        path=reverse("signals:received"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def submit_usage_exhausted(request: HttpRequest) -> int | None:
    """Minutes to wait when this client stored its share of signals this hour (public forms of every app
    count together); None when it may send."""
    usage = _submit_usage(request, count=False)
    if usage is not None and usage["count"] >= usage["limit"]:
        return max(1, math.ceil(usage["time_left"] / 60))
    return None


def count_submission(request: HttpRequest) -> None:
    """Count a stored signal against the client's limit (after storing it)."""
    _submit_usage(request, count=True)


def _forget_code(response: HttpResponse) -> HttpResponse:
    response.delete_cookie(LAST_CODE_COOKIE, path=reverse("signals:received"), samesite="Lax")
    return response


def pretend_received() -> HttpResponse:
    """What a bot caught by a public form's honeypot gets: the confirmation page as anyone would, with
    nothing stored and no earlier code shown."""
    return _forget_code(redirect("signals:received"))


@never_cache
def received(request: HttpRequest) -> HttpResponse:
    # Shown once, then forgotten: on a shared PC a reload or the back button must not show the next
    # person the code (it opens the resident's follow page and its forms). The cookie is deleted with
    # this answer, and its signature expires after LAST_CODE_MAX_AGE even if a browser kept it;
    # never_cache sends no-store.
    cookie = request.get_signed_cookie(LAST_CODE_COOKIE, default="", salt=LAST_CODE_SALT, max_age=LAST_CODE_MAX_AGE)
    code = normalise_tracking_code(cookie or "")
    signal = public_signal(code) if code else None
    pending_parent = bool(signal and signal.has_pending_youth_contact)
    response = render(request, "signals/received.html", {"signal": signal, "pending_parent": pending_parent})
    return _forget_code(response) if LAST_CODE_COOKIE in request.COOKIES else response


def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("signals:follow_detail", code=form.cleaned_data["code"])
    return render(request, "signals/follow.html", {"form": form})


def _public_signal(code: str) -> FollowedSignal:
    # Normalising first keeps anything that is not a code (NUL bytes, markup) away from the database.
    code = normalise_tracking_code(code)
    signal = public_signal(code) if code else None
    if signal is None:
        raise Http404
    return signal


def follow_detail(request: HttpRequest, code: str) -> HttpResponse:
    if _limited(request, "signal-follow", settings.SIGNAL_FOLLOW_RATE):
        return _rate_limited_page(request)
    try:
        signal = _public_signal(code)
    except Http404:
        return render(request, "signals/follow_not_found.html", {"form": FollowForm()}, status=404)
    return _render_follow_detail(request, signal)


def _render_follow_detail(
    request: HttpRequest,
    signal: FollowedSignal,
    *,
    status: int = 200,
    forms: dict[str, django_forms.Form] | None = None,
) -> HttpResponse:
    """The follow page; ``forms`` are bound forms to show instead of empty ones (by context name)."""
    forms = forms or {}
    window_open = signal.feedback_window_open()
    context = {
        "signal": signal,
        "window_open": window_open,
        "satisfaction_form": forms.get("satisfaction_form") or SatisfactionForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "erase_form": forms.get("erase_form") or EraseContactForm(),
        "can_erase": signal.has_contact_details or signal.has_pending_youth_contact,
        # What it became, as far as it is public (an agenda item on the public agenda; later a table).
        "outcomes": public_outcome_rows(signal),
    }
    return render(request, "signals/follow_detail.html", context, status=status)


def _follow_action(
    request: HttpRequest,
    code: str,
    *,
    form_class: type[django_forms.Form],
    form_key: str,
    apply: Callable[[Signal, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """One form on the follow page: limit, fetch by code, bind; an invalid form re-renders the page with
    it (400), and so does the limit (429, with the resident's input kept and a message); then the service
    (``apply`` raises ValidationError when it refuses), a message, and back to the follow page."""
    limited = _limited(request, "signal-follow", settings.SIGNAL_FOLLOW_RATE)
    try:
        signal = _public_signal(code)
    except Http404:
        if limited:  # once limited, guessing does not even learn whether a code exists
            return _rate_limited_page(request)
        raise
    form = form_class(request.POST)
    if limited:
        # The resident's input stays in the form instead of being lost on a separate page.
        form.is_valid()
        form.add_error(
            None,
            _(
                "Er kwamen net veel berichten van uw internetverbinding. Uw tekst staat nog "
                "hieronder. Verstuur het over een paar minuten opnieuw."
            ),
        )
        return _render_follow_detail(request, signal, status=429, forms={form_key: form})
    if not form.is_valid():
        return _render_follow_detail(request, signal, status=400, forms={form_key: form})
    try:
        apply(signal, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(signal.get_public_url())


@require_POST
def follow_satisfaction(request: HttpRequest, code: str) -> HttpResponse:
    return _follow_action(
        request,
        code,
        form_class=SatisfactionForm,
        form_key="satisfaction_form",
        apply=lambda signal, data: services.signal_record_satisfaction(signal=signal, helped=data["helped"]),
        success=_("Dank u wel voor uw reactie."),
    )


@require_POST
def follow_reopen(request: HttpRequest, code: str) -> HttpResponse:
    return _follow_action(
        request,
        code,
        form_class=ReopenForm,
        form_key="reopen_form",
        apply=lambda signal, data: services.signal_request_reopen(signal=signal, reason=data["reason"]),
        success=_("Uw signaal staat weer open. De raad bekijkt het opnieuw."),
    )


def _erase_contact(signal: Signal, data: dict[str, Any]) -> None:
    if not services.signal_erase_contact_on_request(signal=signal, email=data["email"]):
        # Same answer shape for a wrong address: the page does not reveal which address was used.
        raise ValidationError(_("Dit e-mailadres hoort niet bij dit signaal. Er is niets gewist."))


@require_POST
def follow_erase(request: HttpRequest, code: str) -> HttpResponse:
    return _follow_action(
        request,
        code,
        form_class=EraseContactForm,
        form_key="erase_form",
        apply=_erase_contact,
        success=_("Uw contactgegevens zijn gewist. Uw signaal blijft bestaan, zonder naam."),
    )


def parent_consent(request: HttpRequest, token: str) -> HttpResponse:
    periods = signal_periods()
    pending = services.pending_contact_for_token(token)
    if pending is None:
        return render(request, "signals/parent_consent_invalid.html", {"periods": periods}, status=404)
    if request.method == "POST":
        services.signal_confirm_parent_consent(token=token)
        return render(request, "signals/parent_consent_done.html")
    return render(request, "signals/parent_consent.html", {"pending": pending, "periods": periods})


def what_we_hear_page(request: HttpRequest) -> HttpResponse:
    return render(request, "signals/what_we_hear.html", {"report": what_we_hear()})


# --- Work area -------------------------------------------------------------------------------------


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
def triage_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "signals.triage_signals")
    visible = Signal.objects.for_user(request.user)
    if request.method == "POST":
        _require(request, "signals.bulk_change_signals")
        return _bulk_action(request, visible)
    filters = TriageFilterForm(request.GET or None)
    signals = filters.apply(visible.for_triage())
    page = paginate(
        signals,
        filters.ordering,
        after=request.GET.get("na"),
        before=request.GET.get("voor"),
        size=PAGE_SIZE,
        index_window=SEARCH_INDEX_WINDOW if filters.searching else None,
    )
    total: CappedCount | None
    if filters.searching:
        # Not counted beyond its first page: counting a common word's matches reads them all.
        total = None if page.moved else CappedCount(len(page.object_list) + page.has_next, cap=PAGE_SIZE)
    else:
        total = capped_count(signals, cap=COUNT_CAP)
    query = request.GET.copy()
    for parameter in CURSOR_PARAMETERS:
        query.pop(parameter, None)
    previous_label, next_label = _paging_labels(filters.chosen_sort)
    # Read-only roles (aanjager, beheerder) get no checkboxes and no bulk actions; a member gets a
    # checkbox only on the rows they may change (the scope is cached: no queries).
    may_bulk = request.user.has_perm("signals.bulk_change_signals")
    changeable = (
        {s.pk for s in page.object_list if request.user.has_perm("signals.change_signal", s)} if may_bulk else set()
    )
    context = {
        "filters": filters,
        # What the filter form's drawing depends on besides the language (its cache key): its own fields.
        "filters_key": urlencode(sorted((name, request.GET.getlist(name)) for name in filters.fields), doseq=True)
        + f"&bound={filters.is_bound}",
        "page": page,
        "total": total,
        "previous_label": previous_label,
        "next_label": next_label,
        "query": query.urlencode(),
        "may_bulk": may_bulk and bool(changeable),
        "changeable": changeable,
        "bulk_form": BulkActionForm(),
        "may_record": request.user.has_perm("signals.record_signal"),
        "statuses": Status,
    }
    return render(request, "signals/triage_list.html", context)


def _paging_labels(sort: str) -> tuple[str, str]:
    """The words of the links to the page before and the page after, in this sort order."""
    if sort == "-created_at":
        return _("Nieuwere signalen"), _("Oudere signalen")
    if sort == "created_at":
        return _("Oudere signalen"), _("Nieuwere signalen")
    return _("Vorige"), _("Volgende")


def _bulk_action(request: AuthenticatedHttpRequest, visible) -> HttpResponse:
    ids = parse_ids(request.POST.getlist("signals"))
    changeable = [s for s in visible.filter(pk__in=ids) if request.user.has_perm("signals.change_signal", s)]
    # Ids the member may not change (another council's, or guessed) are dropped, not an error.
    data = request.POST.copy()
    data.setlist("signals", [str(s.pk) for s in changeable])
    form = BulkActionForm(data, signal_ids=[s.pk for s in changeable])
    if not form.is_valid():
        messages.error(request, _("Kies een handeling en een of meer signalen die u mag wijzigen."))
        return redirect(reverse("signals:triage") + "?" + request.POST.get("query", ""))
    action, count = form.cleaned_data["action"], 0
    chosen = [s for s in changeable if s.pk in form.cleaned_data["signals"]]
    if action == "regio":
        count = services.signal_refer_to_region(
            signals=[s for s in chosen if request.user.has_perm("signals.refer_signal", s)], by=request.user
        )
    else:
        for signal in chosen:
            try:
                services.signal_set_status(signal=signal, status=action, by=request.user)
                count += 1
            except ValidationError:
                continue
    messages.success(request, _("%(count)s signaal/signalen bijgewerkt.") % {"count": count})
    return redirect(reverse("signals:triage") + "?" + request.POST.get("query", ""))


@login_required
def record(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, "signals.record_signal")
    municipalities = Municipality.objects.served_by_user(request.user).order_by("name")
    form = RecordSignalForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidate = form.build_signal(
            channel=data["channel"],
            source_organisation=data.get("source_organisation"),
            is_regional=data.get("is_regional", False),
        )
        try:
            signal = services.signal_submit(signal=candidate, contact=form.contact_details(), recorded_by=request.user)
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(request, _("Signaal %(code)s is vastgelegd.") % {"code": signal.tracking_code})
            if request.user.has_perm("signals.change_signal", signal):
                return redirect(signal.get_absolute_url())
            return redirect("signals:triage")
    return render(request, "signals/record.html", {"form": form})


def _signal_for(request: HttpRequest, pk: int, *, change: bool) -> Signal:
    return get_object_for_user(
        request.user,
        Signal.objects.for_triage().select_related("duplicate_of__municipality__council", "recorded_by"),
        perm="signals.change_signal" if change else None,
        pk=pk,
    )


@login_required
def triage_detail(request: HttpRequest, pk: int, **forms) -> HttpResponse:
    signal = _signal_for(request, pk, change=False)
    may_change = request.user.has_perm("signals.change_signal", signal)
    original, duplicates = duplicate_links(request.user, signal)
    context = {
        "signal": signal,
        "may_change": may_change,
        "may_refer": may_change and request.user.has_perm("signals.refer_signal", signal),
        "show_contact": request.user.has_perm("signals.view_contact_details", signal),
        "status_changes": signal.status_changes.select_related("changed_by"),
        "notes": signal.notes.select_related("author"),
        "original": original,
        "duplicates": duplicates,
        "outcomes": signal.outcomes(),
        # Forms of higher apps (the agenda's "op de agenda zetten", "voorstel afwijzen"), through signals.extensions.
        "extra_actions": triage_actions(request.user, signal) if may_change and request.user.is_authenticated else [],
        "status_form": forms.get("status_form") or StatusForm(initial={"status": signal.status}),
        "close_form": forms.get("close_form") or CloseForm(),
        "duplicate_form": forms.get("duplicate_form") or DuplicateForm(),
        "note_form": forms.get("note_form") or NoteForm(),
    }
    return render(request, "signals/triage_detail.html", context, status=400 if forms else 200)


def _action(request: HttpRequest, pk: int, form_class, form_key: str, apply, success: str, **form_kwargs):
    signal = _signal_for(request, pk, change=True)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            apply(signal, form.cleaned_data)
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(request, success)
            return redirect(signal.get_absolute_url())
    return triage_detail(request, pk, **{form_key: form})


@login_required
@require_POST
def set_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        StatusForm,
        "status_form",
        lambda s, d: services.signal_set_status(
            signal=s, status=d["status"], taken_up_as=d["taken_up_as"], by=request.user
        ),
        _("De status is gewijzigd."),
    )


@login_required
@require_POST
def close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        CloseForm,
        "close_form",
        lambda s, d: services.signal_close(signal=s, feedback=d["feedback"], by=request.user),
        _("Het signaal is afgerond. De terugkoppeling staat op de volgpagina."),
    )


@login_required
@require_POST
def mark_duplicate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        DuplicateForm,
        "duplicate_form",
        lambda s, d: services.signal_mark_duplicate(signal=s, original=d["original"], by=request.user),
        _("Het signaal is gemarkeerd als dubbel."),
        queryset=Signal.objects.for_user(request.user),
    )


@login_required
@require_POST
def add_note(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        NoteForm,
        "note_form",
        lambda s, d: services.signal_add_note(signal=s, text=d["text"], by=request.user),
        _("De notitie is opgeslagen."),
    )


@login_required
@require_POST
def refer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    signal = _signal_for(request, pk, change=True)
    if not request.user.has_perm("signals.refer_signal", signal):
        raise PermissionDenied
    services.signal_refer_to_region(signals=[signal], by=request.user)
    messages.success(request, _("Het signaal is doorverwezen naar de regionale raad."))
    return redirect("signals:triage")


@login_required
def digest_settings(request: HttpRequest) -> HttpResponse:
    """A council member switches the daily digest of new and reopened signals on or off."""
    _require(request, "signals.receive_digest")
    form = DigestSettingsForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.save(update_fields=["wants_signal_digest"])
        if form.instance.wants_signal_digest:
            messages.success(request, _("U krijgt voortaan elke ochtend een overzicht van de nieuwe signalen."))
        else:
            messages.success(request, _("U krijgt het overzicht van de nieuwe signalen niet meer."))
        return redirect("signals:digest_settings")
    return render(request, "signals/digest_settings.html", {"form": form})
