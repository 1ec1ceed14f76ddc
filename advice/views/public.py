"""Public advice pages: the archive, an advice's page, its PDF and the college's letter, the Atom feed, and
"Wat is ermee gedaan".

Only published advice exists here (``Advice.objects.published()``); anything else is a 404, also for
the PDF, the letter and the feed. Pages are drawn once per version of what they show — the advice
(advice.cache), and the tables and agenda items they link to (tables.cache, agenda.cache: also the names
of councils, municipalities and themes) — and language, and kept at most until midnight, when a
publication date or the end of a confidentiality may change them.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, time, timedelta
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agenda import cache as agenda_cache
from tables import cache as tables_cache

from .. import cache as advice_cache
from ..models import AdviceKind, AdviceStatus
from ..selectors import (
    ArchiveChoices,
    ArchiveFilters,
    FeedEntry,
    advice_for_public_detail,
    archive_choices,
    archive_queryset,
    archive_rows,
    feed_items,
    published_advice,
    published_response,
    recent_chains,
)
from ..services import advice_pdf_bytes

PAGE_SIZE = 25
PAGE_PARAMETER = "pagina"
# Pages beyond this number are drawn each time and not kept in the cache (nobody reads that far; a bot
# asking for every number must not fill the cache).
MAX_CACHED_PAGE = 100
DRAWN_SECONDS = 60 * 60
FEED_SIZE = 30
SEARCH_MAX_LENGTH = 100


# The versions of what the public advice pages show, and how to start each one that is missing.
VERSIONS = (
    (advice_cache.VERSION_KEY, advice_cache.public_advice_version),
    (tables_cache.VERSION_KEY, tables_cache.public_tables_version),
    (agenda_cache.VERSION_KEY, agenda_cache.public_agenda_version),
)


def _version() -> str | None:
    """One value for the versions of everything the public advice pages show (the advice, and the tables
    and agenda items they link to, with the names of councils and themes); None without a cache. Read
    in one round trip when all exist."""
    found = cache.get_many([key for key, _start in VERSIONS])
    versions = [found.get(key) or start() for key, start in VERSIONS]
    if not all(isinstance(v, str) for v in versions):
        return None
    return hashlib.sha256("|".join(cast(list[str], versions)).encode()).hexdigest()[:24]


def _drawn_seconds() -> int:
    """How long a drawn page stays true by the clock: until the next midnight (Europe/Amsterdam: a
    publication date comes, a confidentiality ends, a response term passes) or the usual hour."""
    now = timezone.now()
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(now) + timedelta(days=1), time.min))
    return max(1, min(DRAWN_SECONDS, math.ceil((midnight - now).total_seconds())))


def _key(kind: str, version: str | None, *parts: str) -> str | None:
    if version is None:
        return None
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"advice:{kind}:{version}:{get_language()}:{digest}"


# --- The archive ------------------------------------------------------------------------------------


class ArchiveFilterForm(forms.Form):
    """The archive's filters (GET). A value that is not valid filters nothing and is named in the form's
    errors; the others still apply. The choices come from ``archive_choices`` (kept per version)."""

    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Een woord uit het onderwerp of de samenvatting, of het nummer van het advies."),
    )
    gemeente = forms.ChoiceField(label=_("Raad"), required=False)
    soort = forms.ChoiceField(
        label=_("Soort advies"), choices=[("", _("Gevraagd en ongevraagd")), *AdviceKind.choices], required=False
    )
    jaar = forms.ChoiceField(label=_("Jaar van publicatie"), required=False)
    thema = forms.ChoiceField(label=_("Thema"), required=False)
    status = forms.ChoiceField(
        label=_("Reactie van het college"),
        choices=[
            ("", _("Alle")),
            (AdviceStatus.SENT.value, _("Wacht op reactie")),
            (AdviceStatus.ANSWERED.value, _("Beantwoord")),
            (AdviceStatus.CLOSED.value, _("Afgerond")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, choices: ArchiveChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        fields = cast(dict[str, forms.ChoiceField], self.fields)
        fields["gemeente"].choices = [
            ("", _("Alle raden")),
            *[
                (p.slug, _("Regio %(name)s (regionale raad)") % {"name": p.name} if p.regional else p.name)
                for p in choices.places
            ],
        ]
        fields["jaar"].choices = [("", _("Alle jaren")), *[(str(y), str(y)) for y in choices.years]]
        fields["thema"].choices = [("", _("Alle thema's")), *[(slug, name) for _pk, slug, name in choices.themes]]

    def filters(self) -> ArchiveFilters:
        """The valid filters (an unbound form: none)."""
        if not self.is_bound:
            return ArchiveFilters()
        self.is_valid()
        data = self.cleaned_data
        place = data.get("gemeente") or ""
        year = data.get("jaar") or ""
        return ArchiveFilters(
            text=(data.get("q") or "").strip(),
            council_id=next((p.council_id for p in self.choices.places if p.slug == place), None),
            kind=data.get("soort") or "",
            year=int(year) if year else None,
            theme_id=next((pk for pk, slug, _n in self.choices.themes if slug == data.get("thema")), None),
            status=data.get("status") or "",
        )

    def query(self) -> str:
        """The valid filters as a query string, for the page links and the cache key (empty: none)."""
        if not self.is_bound:
            return ""
        self.is_valid()
        values = {name: str(self.cleaned_data.get(name) or "").strip() for name in self.fields}
        return urlencode({name: value for name, value in values.items() if value})


def archive(request: HttpRequest) -> HttpResponse:
    """The archive: count, rows and paging drawn once per version, language, valid filters and page; the
    filter form once per version, language and values."""
    version = _version()
    form = ArchiveFilterForm(request.GET or None, choices=archive_choices(version))
    query = form.query()
    page_number = request.GET.get(PAGE_PARAMETER, "")
    cacheable = not page_number or (
        page_number.isascii() and page_number.isdigit() and int(page_number) <= MAX_CACHED_PAGE
    )
    key = _key("archive", version, query, page_number) if cacheable else None
    results = cache.get(key) if key is not None else None
    if not isinstance(results, str):
        today = timezone.localdate()
        paginator = Paginator(archive_queryset(form.filters(), today=today), PAGE_SIZE)
        # Anything but a page number gives the first page; a number past the end, the last.
        page = paginator.get_page(page_number)
        context = {
            "page": page,
            "rows": archive_rows(list(page.object_list), today=today),
            "query": query,
            "filtered": bool(query),
        }
        results = render_to_string("advice/public/_archive_results.html", context, request=request)
        if key is not None:
            cache.set(key, results, _drawn_seconds())
    form_html = None
    # The form as chosen, drawn once per version, language and values when they are all valid (a form
    # with errors is drawn each time: it shows what was typed).
    if not form.is_bound or not form.errors:
        form_key = _key("archive-filters", version, urlencode([(n, form.data.get(n, "")) for n in form.fields]))
        form_html = cache.get(form_key) if form_key is not None else None
        if not isinstance(form_html, str):
            form_html = render_to_string("advice/public/_archive_filters.html", {"form": form}, request=request)
            if form_key is not None:
                cache.set(form_key, form_html, _drawn_seconds())
    context = {
        "form": form,
        # Our own templates' output, escaped when it was drawn.
        "form_html": mark_safe(form_html) if form_html is not None else None,  # noqa: S308
        "results": mark_safe(results),  # noqa: S308
    }
    return render(request, "advice/public/archive.html", context)


# --- One advice, its PDF and the college's letter ----------------------------------------------------


def detail(request: HttpRequest, number: str) -> HttpResponse:
    version = _version()
    key = _key("detail", version, number)
    drawn = cache.get(key) if key is not None else None
    if not isinstance(drawn, dict):
        page = advice_for_public_detail(number)  # a 404 is not kept: the advice may become public
        body = render_to_string("advice/public/_detail.html", {"detail": page, "advice": page.advice}, request=request)
        drawn = {"title": f"{page.advice.number}: {page.advice.subject}", "body": body}
        if key is not None:
            cache.set(key, drawn, _drawn_seconds())
    # Our own template's output, escaped when it was drawn.
    body = mark_safe(drawn["body"])  # noqa: S308
    return render(request, "advice/public/detail.html", {"title": drawn["title"], "body": body})


def pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The frozen PDF of a published advice (rendered now when the adoption's task has not run yet)."""
    advice = published_advice(number)
    response = HttpResponse(advice_pdf_bytes(advice), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{advice.number}.pdf") or "attachment"
    return response


def response_letter(request: HttpRequest, number: str) -> FileResponse:
    """The college's letter as uploaded, for a published advice whose response came with one."""
    college_response = published_response(number)
    return FileResponse(
        college_response.letter_pdf.open("rb"),
        as_attachment=True,
        filename=f"reactie-{college_response.advice.number}.pdf",
        content_type="application/pdf",
    )


# --- Wat is ermee gedaan ----------------------------------------------------------------------------


def what_was_done(request: HttpRequest) -> HttpResponse:
    """Per municipality and for the region, the recent chains from signals to the college's answer;
    ``?gemeente=<slug>`` or ``?gemeente=regio`` shows one."""
    version = _version()
    choices = archive_choices(version)
    slugs = {p.slug for p in choices.places}
    place = request.GET.get("gemeente", "")
    if place not in slugs:
        place = ""
    key = _key("what-was-done", version, place)
    body = cache.get(key) if key is not None else None
    if not isinstance(body, str):
        context = {
            "groups": recent_chains(place, places=choices.places),
            "places": choices.places,
            "place": place,
        }
        body = render_to_string("advice/public/_what_was_done.html", context, request=request)
        if key is not None:
            cache.set(key, body, _drawn_seconds())
    # Our own template's output, escaped when it was drawn.
    return render(request, "advice/public/what_was_done.html", {"body": mark_safe(body)})  # noqa: S308


# --- The feed ---------------------------------------------------------------------------------------


class AdviceFeed(Feed):
    """An Atom feed of newly published advice and the colleges' responses to them."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Drawn once per version, language and address of the site (the links are absolute)."""
        key = _key("feed", _version(), request.get_host(), request.scheme or "")
        drawn = cache.get(key) if key is not None else None
        if isinstance(drawn, tuple) and len(drawn) == 2:
            content, content_type = drawn
            return HttpResponse(content, content_type=content_type)
        response = super().__call__(request, *args, **kwargs)
        if key is not None and response.status_code == 200:
            cache.set(key, (response.content, response["Content-Type"]), _drawn_seconds())
        return response

    def title(self) -> str:
        return gettext("Adviezen van de participatieraden in de IJmond")

    def subtitle(self) -> str:
        return gettext("Nieuwe adviezen aan de colleges van Beverwijk, Heemskerk en Velsen, en hun reacties.")

    def link(self) -> str:
        return reverse("advice:archive")

    def items(self) -> list[FeedEntry]:
        return feed_items(FEED_SIZE)

    def item_title(self, item: FeedEntry) -> str:
        if item.kind == "response":
            return gettext("Reactie van het college op advies %(number)s") % {"number": item.advice.number}
        return gettext("Advies %(number)s: %(subject)s") % {
            "number": item.advice.number,
            "subject": item.advice.subject,
        }

    def item_description(self, item: FeedEntry) -> str:
        if item.kind == "advice":
            return item.advice.plain_summary
        counts = item.verdicts
        return ngettext(
            "Het college nam %(adopted)s van de %(total)s aanbeveling over.",
            "Het college nam %(adopted)s van de %(total)s aanbevelingen over (%(partly)s deels, %(not_adopted)s niet).",
            counts.total,
        ) % {
            "adopted": counts.adopted,
            "total": counts.total,
            "partly": counts.partly,
            "not_adopted": counts.not_adopted,
        }

    def item_link(self, item: FeedEntry) -> str:
        return item.path

    def item_pubdate(self, item: FeedEntry) -> datetime:
        return item.published

    def item_updateddate(self, item: FeedEntry) -> datetime:
        return item.updated
