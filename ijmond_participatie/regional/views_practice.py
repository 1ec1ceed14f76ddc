"""Good practice across the municipalities (issue 12, point 5): a council marks a concluded table or a sent
advice as worth copying, with a short lesson; the public list shows those whose table or advice is public.

The table or advice is fetched through its own scoped queryset (404 when the user may not see it); marking
needs ``regional.mark_good_practice`` on its council (403 for those who may look but not mark).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advice.models import Advice
from councils.models import Council
from infrastructure.access import get_object_for_user
from infrastructure.ids import parse_id
from members.access import AuthenticatedHttpRequest
from tables.models import Table

from ..models import GoodPractice
from . import services
from .forms import GoodPracticeForm
from .page_sections import KEPT_SECONDS, public_versions

PAGE_SIZE = 20
MARK = "regional.mark_good_practice"


@dataclass(frozen=True)
class Subject:
    """What is being marked: a table or an advice, as the page names it."""

    obj: Table | Advice

    @property
    def table(self) -> Table | None:
        return self.obj if isinstance(self.obj, Table) else None

    @property
    def advice(self) -> Advice | None:
        return self.obj if isinstance(self.obj, Advice) else None

    @property
    def council(self) -> Council:
        return self.obj.council

    @property
    def title(self) -> str:
        return str(self.obj)

    @property
    def kind(self) -> str:
        return _("Participatietafel") if isinstance(self.obj, Table) else _("Advies")

    @property
    def work_url(self) -> str:
        return self.obj.get_absolute_url()

    def existing(self) -> GoodPractice | None:
        if isinstance(self.obj, Table):
            return GoodPractice.objects.filter(table=self.obj).first()
        return GoodPractice.objects.filter(advice=self.obj).first()


def _subject(request: AuthenticatedHttpRequest) -> Subject:
    """The table (``?tafel=``) or advice (``?advies=``) the user may see; 404 otherwise."""
    table_pk, advice_pk = parse_id(request.GET.get("tafel")), parse_id(request.GET.get("advies"))
    if table_pk and not advice_pk:
        table = get_object_for_user(request.user, Table.objects.select_related("council"), pk=table_pk)
        return Subject(table)
    if advice_pk and not table_pk:
        advice = get_object_for_user(request.user, Advice.objects.select_related("council"), pk=advice_pk)
        return Subject(advice)
    raise Http404


@login_required
def good_practice_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    subject = _subject(request)
    if not request.user.has_perm(MARK, subject.council):
        raise PermissionDenied
    existing = subject.existing()
    problem = "" if existing else services.good_practice_problem(table=subject.table, advice=subject.advice)
    form = GoodPracticeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not existing and not problem and form.is_valid():
        try:
            services.good_practice_mark(
                table=subject.table, advice=subject.advice, lesson=form.cleaned_data["lesson"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("‘%(title)s’ staat nu bij de goede voorbeelden. Andere raden kunnen ervan leren.")
                % {"title": subject.title},
            )
            return redirect(subject.work_url)
    context = {"subject": subject, "existing": existing, "problem": problem, "form": form}
    return render(request, "regional/practice/create.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def good_practice_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(services.good_practice_for_user(request.user).select_related("council"), pk=pk)
    if not request.user.has_perm(MARK, practice.council):
        raise PermissionDenied
    services.good_practice_remove(practice=practice, by=request.user)
    messages.success(request, _("Het goede voorbeeld is weggehaald. De tafel of het advies zelf blijft bestaan."))
    return redirect("good_practice_list")


def good_practice_list(request: HttpRequest) -> HttpResponse:
    """Public: the good practice of every council whose table or advice is public, newest first; a filter
    per council. For visitors without a mark to remove (everyone but the councils' members) the page is
    drawn once per version of what it shows and kept in the cache."""
    councils = list(Council.objects.select_related("municipality").order_by("kind", "name"))
    chosen = next((council for council in councils if council.slug == request.GET.get("raad")), None)
    # The councils whose marks this user may take away (no queries: the scope is cached).
    removable = {council.pk for council in councils if request.user.has_perm(MARK, council)}
    page_number = request.GET.get("pagina", "")
    key = None
    versions = public_versions()
    if versions is not None and not removable and (not page_number or page_number.isdigit()):
        parts = [*versions, get_language(), str(timezone.localdate()), chosen.slug if chosen else "", page_number]
        key = "regional:practice-list:" + ":".join(parts)
    results = cache.get(key) if key is not None else None
    if not isinstance(results, str):
        practices = services.good_practice_public()
        if chosen is not None:
            practices = practices.filter(council=chosen)
        page = Paginator(practices, PAGE_SIZE).get_page(page_number)
        query = f"raad={chosen.slug}" if chosen else ""
        context = {"page": page, "chosen": chosen, "query": query, "removable": removable}
        results = render_to_string("regional/practice/_results.html", context, request=request)
        if key is not None:
            cache.set(key, results, KEPT_SECONDS)
    # Our own template's output, escaped when it was drawn.
    drawn = mark_safe(results)  # noqa: S308
    return render(request, "regional/practice/list.html", {"councils": councils, "chosen": chosen, "results": drawn})
