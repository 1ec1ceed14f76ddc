"""Public table pages: the public tables, one table, and the "ik wil meedoen" form.

A table that is not public does not exist here (404). The page shows counts per stakeholder type and
never a resident's or guest's name; members are named only when they agreed (``listed_publicly``).
The join form follows the signal form's flow (signals.views.submit): the per-client limit that the
public forms of every app share, the honeypot, the service's refusals on the form.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from signals.views import count_submission, submit_usage_exhausted

from .. import services
from ..forms import JoinForm, PublicTableFilterForm
from ..models import Table, TableStatus
from ..selectors import form_labels, public_table, public_tables, target_group_labels

PAGE_SIZE = 25


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


def table_list(request: HttpRequest) -> HttpResponse:
    form = PublicTableFilterForm(request.GET or None)
    paginator = Paginator(public_tables(form.filters()), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    context = {"form": form, "page": page, "query": _query_without_page(request), "filtered": form.is_bound}
    return render(request, "tables/public/list.html", context)


def table_detail(request: HttpRequest, pk: int) -> HttpResponse:
    detail = public_table(pk)
    context = {
        "detail": detail,
        "table": detail.table,
        "target_groups": target_group_labels(detail.table.target_groups),
        "participation_forms": form_labels(detail.table.participation_forms),
        "may_join": detail.table.status != TableStatus.CONCLUDED,
    }
    return render(request, "tables/public/detail.html", context)


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
