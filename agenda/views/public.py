"""Public agenda pages: the agenda and its items, a reaction to an item, and residents' proposals.

A reaction and a proposal are signals, stored through the signals services: the same privacy rules,
tracking code, receipt mail and per-client limit as the signal form (signals.views.submit).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from signals import services as signal_services
from signals.models import Channel, Signal
from signals.views import count_submission, pretend_received, redirect_to_receipt, submit_usage_exhausted

from .. import services
from ..cache import public_agenda_version
from ..forms.public import AgendaFilterForm, ProposalForm, ReactionForm
from ..selectors.public import public_agenda, public_item, public_outcomes

PAGE_SIZE = 25
PAGE_PARAMETER = "pagina"


# Pages beyond this number are drawn each time and not kept in the cache (nobody reads that far; a bot
# asking for every number must not fill the cache).
MAX_CACHED_PAGE = 100
RESULTS_SECONDS = 60 * 60


def agenda_list(request: HttpRequest) -> HttpResponse:
    form = AgendaFilterForm(request.GET or None)
    query = form.query()
    page_number = request.GET.get(PAGE_PARAMETER, "")
    results = None
    key = _results_key(query, page_number)
    if key is not None:
        results = cache.get(key)
    if not isinstance(results, str):
        paginator = Paginator(public_agenda(form.filters()), PAGE_SIZE)
        # Anything but a page number gives the first page; a number past the end, the last.
        page = paginator.get_page(page_number)
        context = {"page": page, "total": paginator.count, "query": query, "filtered": bool(query)}
        results = render_to_string("agenda/public/_results.html", context, request=request)
        if key is not None:
            cache.set(key, results, RESULTS_SECONDS)
    # Our own template's output, escaped when it was drawn.
    drawn = mark_safe(results)  # noqa: S308
    return render(request, "agenda/public/list.html", {"form": form, "query": query, "results": drawn})


def _results_key(query: str, page_number: str) -> str | None:
    """The cache key of the drawn results: the agenda's version, the language, the valid filters and the
    page asked for; None when they are not to be kept (no cache, or an odd page number)."""
    if page_number and not (page_number.isascii() and page_number.isdigit() and int(page_number) <= MAX_CACHED_PAGE):
        return None
    version = public_agenda_version()
    if version is None:
        return None
    digest = hashlib.sha256(f"{query}|{page_number}".encode()).hexdigest()[:32]
    return f"agenda:list:{version}:{get_language()}:{digest}"


def agenda_item(request: HttpRequest, pk: int) -> HttpResponse:
    version = public_agenda_version()
    key = f"agenda:item:{version}:{get_language()}:{pk}" if version is not None else None
    drawn = cache.get(key) if key is not None else None
    if not isinstance(drawn, dict):
        item = public_item(pk)  # a 404 is not kept: the item may become public
        body = render_to_string(
            "agenda/public/_item.html", {"item": item, "outcomes": public_outcomes(item)}, request=request
        )
        drawn = {"title": item.title, "body": body}
        if key is not None:
            cache.set(key, drawn, RESULTS_SECONDS)
    # Our own template's output, escaped when it was drawn.
    body = mark_safe(drawn["body"])  # noqa: S308
    return render(request, "agenda/public/item.html", {"title": drawn["title"], "body": body})


def react(request: HttpRequest, pk: int) -> HttpResponse:
    item = public_item(pk)
    form = ReactionForm(request.POST or None, item=item)
    context = {"form": form, "item": item}

    def store() -> Signal:
        return services.reaction_submit(
            item=item, signal=form.build_signal(channel=Channel.WEB), contact=form.contact_details()
        )

    return _intake(request, form, store, "agenda/public/react.html", context)


def propose(request: HttpRequest) -> HttpResponse:
    form = ProposalForm(request.POST or None)

    def store() -> Signal:
        return signal_services.signal_submit(
            signal=form.build_signal(channel=Channel.WEB), contact=form.contact_details()
        )

    return _intake(request, form, store, "agenda/public/propose.html", {"form": form})


def _intake(request: HttpRequest, form, store, template: str, context: dict) -> HttpResponse:
    """The signal form's flow (signals.views.submit) for a form that stores a signal: the per-client limit
    (only stored signals count; the page keeps the text), the honeypot, the service's refusals on the
    form, and the confirmation page with the tracking code."""
    if request.method == "POST":
        minutes = submit_usage_exhausted(request)
        if minutes is not None:
            return render(request, template, {**context, "retry_minutes": minutes}, status=429)
        if form.is_valid():
            if form.is_bot:
                # Answered like anyone else; nothing is stored, and no earlier code is shown.
                return pretend_received()
            try:
                signal = store()
            except ValidationError as error:
                _show_refusal(form, error)
            else:
                count_submission(request)
                return redirect_to_receipt(signal)
    return render(request, template, context)


def _show_refusal(form: Form, error: ValidationError) -> None:
    """A service's (or the model's) refusal on the field it names, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
