"""Public table pages: the public tables, one table, and the "ik wil meedoen" form.

A table that is not public does not exist here (404). The page shows counts per stakeholder type and
never a resident's or guest's name; members are named only when they agreed (``listed_publicly``).
The join form follows the signal form's flow (signals.views.submit): the per-client limit that the
public forms of every app share, the honeypot, the service's refusals on the form.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from signals.views import count_submission, submit_usage_exhausted

from .. import services
from ..cache import public_tables_version
from ..forms import JoinForm, PublicTableFilterForm
from ..models import Table, TableStatus
from ..selectors import (
    PublicTableFilters,
    PublicTablePage,
    form_labels,
    public_table,
    public_tables,
    target_group_labels,
)

PAGE_SIZE = 25
PAGE_PARAMETER = "pagina"
# Pages beyond this number are drawn each time and not kept in the cache (nobody reads that far; a bot
# asking for every number must not fill the cache).
MAX_CACHED_PAGE = 100
DRAWN_SECONDS = 60 * 60


def table_list(request: HttpRequest) -> HttpResponse:
    """The list, drawn once per version of the public tables (tables.cache), language, valid filters and
    page; the empty filter form (the same for everyone) once per version and language."""
    form = PublicTableFilterForm(request.GET or None)
    filters = form.filters()
    query = _filter_query(filters)
    page_number = request.GET.get(PAGE_PARAMETER, "")
    version = public_tables_version()
    key = _list_key(version, query, page_number)
    results = cache.get(key) if key is not None else None
    if not isinstance(results, str):
        paginator = Paginator(public_tables(filters), PAGE_SIZE)
        # Anything but a page number gives the first page; a number past the end, the last.
        page = paginator.get_page(page_number)
        context = {"page": page, "query": query, "filtered": bool(query)}
        results = render_to_string("tables/public/_results.html", context, request=request)
        if key is not None:
            cache.set(key, results, DRAWN_SECONDS)
    form_html = None
    if not form.is_bound:
        form_key = f"tables:filters:{version}:{get_language()}" if version is not None else None
        form_html = cache.get(form_key) if form_key is not None else None
        if not isinstance(form_html, str):
            form_html = render_to_string("tables/public/_filters.html", {"form": form}, request=request)
            if form_key is not None:
                cache.set(form_key, form_html, DRAWN_SECONDS)
    context = {
        "form": form,
        # Our own templates' output, escaped when it was drawn.
        "form_html": mark_safe(form_html) if form_html is not None else None,  # noqa: S308
        "results": mark_safe(results),  # noqa: S308
    }
    return render(request, "tables/public/list.html", context)


def _filter_query(filters: PublicTableFilters) -> str:
    """The valid filters as a query string (the pagination's links): never what else the address held."""
    values = {"raad": filters.council_id, "thema": filters.theme_id, "status": filters.status}
    return urlencode({name: value for name, value in values.items() if value})


def _list_key(version: str | None, query: str, page_number: str) -> str | None:
    """The cache key of the drawn list: the version, the language, the valid filters and the page asked
    for; None when it is not to be kept (no cache, or an odd page number)."""
    if version is None:
        return None
    if page_number and not (page_number.isascii() and page_number.isdigit() and int(page_number) <= MAX_CACHED_PAGE):
        return None
    digest = hashlib.sha256(f"{query}|{page_number}".encode()).hexdigest()[:32]
    return f"tables:list:{version}:{get_language()}:{digest}"


def table_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A table's page, drawn once per version of the public tables and language. A drawn page also expires
    when the clock would change it: when the first upcoming meeting ends (it moves to the minutes) and at
    midnight (the members named are those whose term runs today)."""
    version = public_tables_version()
    key = f"tables:detail:{version}:{get_language()}:{pk}" if version is not None else None
    drawn = cache.get(key) if key is not None else None
    if not isinstance(drawn, dict):
        detail = public_table(pk)  # a 404 is not kept: the table may become public
        context = {
            "detail": detail,
            "table": detail.table,
            "target_groups": target_group_labels(detail.table.target_groups),
            "participation_forms": form_labels(detail.table.participation_forms),
            "may_join": detail.table.status != TableStatus.CONCLUDED,
        }
        body = render_to_string("tables/public/_detail.html", context, request=request)
        drawn = {"title": detail.table.title, "body": body}
        if key is not None:
            cache.set(key, drawn, _detail_seconds(detail))
    # Our own template's output, escaped when it was drawn.
    body = mark_safe(drawn["body"])  # noqa: S308
    return render(request, "tables/public/detail.html", {"title": drawn["title"], "body": body})


def _detail_seconds(detail: PublicTablePage) -> int:
    """How long a drawn page stays true by the clock: until the first upcoming meeting ends, the next
    midnight (Europe/Amsterdam) or the usual hour, whichever comes first; at least a second."""
    now = timezone.now()
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(now) + timedelta(days=1), time.min))
    moments = [midnight, now + timedelta(seconds=DRAWN_SECONDS)]
    moments += [meeting.ends_at for meeting in detail.upcoming]
    return max(1, math.ceil((min(moments) - now).total_seconds()))


def _joinable_table(pk: int) -> Table:
    table = Table.objects.public().select_related("council").filter(pk=pk).first()
    if table is None:
        raise Http404
    return table


def join(request: HttpRequest, pk: int) -> HttpResponse:
    table = _joinable_table(pk)
    if table.status == TableStatus.CONCLUDED:
        return render(request, "tables/public/join_closed.html", {"table": table})
    form = JoinForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "table": table}
    if request.method == "POST":
        minutes = submit_usage_exhausted(request)
        if minutes is not None:
            return render(request, "tables/public/join.html", {**context, "retry_minutes": minutes}, status=429)
        if form.is_valid():
            if form.is_bot:
                # Answered like anyone else; nothing is stored.
                return render(request, "tables/public/join_thanks.html", {"table": table})
            data = form.cleaned_data
            try:
                services.join_request_submit(
                    table=table,
                    name=data["name"],
                    email=data["email"],
                    stakeholder_type=data["stakeholder_type"],
                    message=data["message"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for name, messages in error.message_dict.items():
                        form.add_error(name if name in form.fields else None, messages)
                else:
                    form.add_error(None, error.messages)
            else:
                count_submission(request)
                return render(request, "tables/public/join_thanks.html", {"table": table})
        return render(request, "tables/public/join.html", context, status=400)
    return render(request, "tables/public/join.html", context)
