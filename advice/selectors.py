"""Reads of the public advice pages: the archive, an advice's page, the Atom feed and "Wat is ermee gedaan".

Only published advice (``Advice.objects.published()``: sent, its publication date reached, not
confidential today) appears; what an advice links to appears only when it is public itself (a table, an
agenda item, a correction). Signals are counted, never shown. Every read is a fixed number of queries
whatever the number of advice, recommendations or linked objects: related rows come in one query each,
the verdicts per advice as one aggregate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.utils import timezone

from agenda.models import AgendaItem
from councils.models import Council, Theme
from signals.models import Signal
from tables.models import Table

from .models import Advice, AdviceQuerySet, CollegeResponse, Recommendation, Verdict

REGION_CHOICE = "regio"


# --- Shared pieces ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerdictCounts:
    """What the college did with an advice's recommendations."""

    adopted: int = 0
    partly: int = 0
    not_adopted: int = 0
    total: int = 0

    @property
    def answered(self) -> int:
        return self.adopted + self.partly + self.not_adopted


def verdicts_per_advice(advice_ids: Iterable[int]) -> dict[int, VerdictCounts]:
    """The verdict counts of each advice, in one query (advice without recommendations are absent)."""
    ids = list(advice_ids)
    if not ids:
        return {}
    rows = (
        Recommendation.objects.filter(advice_id__in=ids)
        .order_by()
        .values("advice_id")
        .annotate(
            adopted=Count("pk", filter=Q(verdict=Verdict.ADOPTED)),
            partly=Count("pk", filter=Q(verdict=Verdict.PARTLY)),
            not_adopted=Count("pk", filter=Q(verdict=Verdict.NOT_ADOPTED)),
            total=Count("pk"),
        )
    )
    return {
        row["advice_id"]: VerdictCounts(
            adopted=row["adopted"], partly=row["partly"], not_adopted=row["not_adopted"], total=row["total"]
        )
        for row in rows
    }


ResponseState = Literal["on_time", "late", "waiting", "overdue"]


@dataclass(frozen=True)
class ResponseStatus:
    """Where the college's answer stands: in on time, in late, awaited, or awaited past its due date."""

    state: ResponseState
    due_on: date | None
    received_on: date | None = None
    days_late: int = 0

    @property
    def answered(self) -> bool:
        return self.state in ("on_time", "late")


def response_status(advice: Advice, response: CollegeResponse | None, *, today: date) -> ResponseStatus:
    due = advice.response_due_on
    if response is not None:
        late = response.days_late
        return ResponseStatus(
            state="late" if late else "on_time", due_on=due, received_on=response.received_on, days_late=late
        )
    if advice.is_overdue(today=today):
        return ResponseStatus(state="overdue", due_on=due, days_late=advice.days_overdue(today=today))
    return ResponseStatus(state="waiting", due_on=due)


def _response_of(advice: Advice) -> CollegeResponse | None:
    """The response read with ``select_related("response")``: no query."""
    try:
        return advice.response
    except CollegeResponse.DoesNotExist:
        return None


def _signal_count() -> Coalesce:
    counts = (
        Signal.objects.filter(advice=OuterRef("pk")).order_by().values("advice").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def public_since_expression(prefix: str = "") -> Case:
    """``Advice.public_since`` in SQL: the end of its confidentiality when that came after publication."""
    return Case(
        When(
            **{f"{prefix}confidential_until__gt": F(f"{prefix}published_on")},
            then=F(f"{prefix}confidential_until"),
        ),
        default=F(f"{prefix}published_on"),
        output_field=DateField(),
    )


def _public_tables() -> Prefetch[Any, Any, Any]:
    return Prefetch(
        "tables", queryset=Table.objects.public().only("pk", "title").order_by("title", "pk"), to_attr="public_tables"
    )


def _public_agenda_items() -> Prefetch[Any, Any, Any]:
    return Prefetch(
        "agenda_items",
        queryset=AgendaItem.objects.public().only("pk", "title").order_by("title", "pk"),
        to_attr="public_agenda_items",
    )


# --- The archive ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A council as the public pages name it: by its municipality (slug and name), or as the region
    (``regio`` and the region's name)."""

    slug: str
    name: str
    council_id: int
    regional: bool = False


@dataclass(frozen=True)
class ArchiveChoices:
    """What the archive can be filtered on."""

    places: list[Place] = field(default_factory=list)
    themes: list[tuple[int, str, str]] = field(default_factory=list)  # pk, slug, name
    years: list[int] = field(default_factory=list)


CHOICES_SECONDS = 300


def archive_choices(version: str | None) -> ArchiveChoices:
    """The filters' choices, kept per version of the public pages (``version``) or read in three queries
    (councils, themes, the years with published advice)."""
    key = f"advice:archive-choices:{version}" if version is not None else None
    choices = cache.get(key) if key is not None else None
    if isinstance(choices, ArchiveChoices):
        return choices
    choices = ArchiveChoices(
        places=council_places(),
        themes=list(Theme.objects.order_by("name").values_list("pk", "slug", "name")),
        years=sorted({d.year for d in Advice.objects.published().dates("published_on", "year")}, reverse=True),
    )
    if key is not None:
        cache.set(key, choices, CHOICES_SECONDS)
    return choices


def council_places() -> list[Place]:
    """Each council as a place: the local councils by their municipality's name, then the regional
    council as ``regio``. One query."""
    councils = list(Council.objects.select_related("municipality", "region").order_by("kind", "name"))
    local = sorted(
        (Place(c.municipality.slug, c.municipality.name, c.pk) for c in councils if c.municipality is not None),
        key=lambda place: place.name,
    )
    regional = [Place(REGION_CHOICE, c.region.name, c.pk, regional=True) for c in councils if c.is_regional]
    return local + regional[:1]


@dataclass(frozen=True)
class ArchiveFilters:
    """The archive's filters; empty or None: not filtered on."""

    text: str = ""
    council_id: int | None = None
    kind: str = ""
    year: int | None = None
    theme_id: int | None = None
    status: str = ""


# What an archive row reads of an advice: not its long texts.
ARCHIVE_FIELDS = (
    "number",
    "subject",
    "kind",
    "status",
    "council_id",
    "council__name",
    "addressed_municipality_id",
    "published_on",
    "confidential_until",
    "response_due_on",
    "response__id",
    "response__advice_id",
    "response__received_on",
)


def archive_queryset(filters: ArchiveFilters, *, today: date | None = None) -> AdviceQuerySet:
    """Published advice that the filters choose, newest publication first (along ``advice_archive_idx``),
    with the council and the response (its date only)."""
    advice = Advice.objects.published(today=today)
    if filters.text:
        advice = advice.filter(
            Q(subject__icontains=filters.text)
            | Q(number__icontains=filters.text)
            | Q(plain_summary__icontains=filters.text)
        )
    if filters.council_id:
        advice = advice.filter(council_id=filters.council_id)
    if filters.kind:
        advice = advice.filter(kind=filters.kind)
    if filters.year:
        advice = advice.filter(
            published_on__gte=date(filters.year, 1, 1), published_on__lt=date(filters.year + 1, 1, 1)
        )
    if filters.theme_id:
        advice = advice.filter(themes__pk=filters.theme_id)
    if filters.status:
        advice = advice.filter(status=filters.status)
    return advice.select_related("council", "response").only(*ARCHIVE_FIELDS).order_by("-published_on", "-id")


@dataclass(frozen=True)
class ArchiveRow:
    advice: Advice
    status: ResponseStatus
    verdicts: VerdictCounts


def archive_rows(advice: Sequence[Advice], *, today: date | None = None) -> list[ArchiveRow]:
    """The rows of one page: each advice with its response status and verdict counts (one query)."""
    today = today or timezone.localdate()
    counts = verdicts_per_advice(a.pk for a in advice)
    return [
        ArchiveRow(
            advice=a,
            status=response_status(a, _response_of(a), today=today),
            verdicts=counts.get(a.pk, VerdictCounts()),
        )
        for a in advice
    ]


# --- One advice -------------------------------------------------------------------------------------


@dataclass
class AdviceDetail:
    advice: Advice
    recommendations: list[Recommendation]
    themes: list[Theme]
    tables: list[Table]
    agenda_items: list[AgendaItem]
    signal_count: int
    response: CollegeResponse | None
    status: ResponseStatus
    verdicts: VerdictCounts
    corrects: Advice | None
    corrections: list[Advice]
    addressee: str


def advice_for_public_detail(number: str, *, today: date | None = None) -> AdviceDetail:
    """One published advice with what its page shows, in six queries (the advice with its council, college,
    request, response and signal count; recommendations; themes; public tables; public agenda items; the
    published advice it corrects or that correct it) — one more for regional advice (the colleges named
    in the addressee). Raises Http404 unless the advice is published."""
    today = today or timezone.localdate()
    advice = (
        Advice.objects.published(today=today)
        .filter(number=number)
        .select_related("council__region", "council__municipality", "addressed_municipality", "request", "response")
        .annotate(signal_count=_signal_count())
        .prefetch_related(
            Prefetch(
                "recommendations", queryset=Recommendation.objects.order_by("number"), to_attr="recommendation_list"
            ),
            Prefetch("themes", queryset=Theme.objects.only("pk", "name").order_by("name"), to_attr="theme_list"),
            _public_tables(),
            _public_agenda_items(),
        )
        .first()
    )
    if advice is None:
        raise Http404
    related = list(
        Advice.objects.published(today=today)
        .filter(Q(pk=advice.corrects_id) | Q(corrects_id=advice.pk))
        .only("pk", "number", "subject", "corrects_id", "published_on", "confidential_until")
        .order_by("published_on", "pk")
    )
    recommendations: list[Recommendation] = advice.recommendation_list  # type: ignore[attr-defined]
    response = _response_of(advice)
    counts = Counter(r.verdict for r in recommendations)
    return AdviceDetail(
        advice=advice,
        recommendations=recommendations,
        themes=advice.theme_list,  # type: ignore[attr-defined]
        tables=advice.public_tables,  # type: ignore[attr-defined]
        agenda_items=advice.public_agenda_items,  # type: ignore[attr-defined]
        signal_count=advice.signal_count,  # type: ignore[attr-defined]
        response=response,
        status=response_status(advice, response, today=today),
        verdicts=VerdictCounts(
            adopted=counts[Verdict.ADOPTED],
            partly=counts[Verdict.PARTLY],
            not_adopted=counts[Verdict.NOT_ADOPTED],
            total=len(recommendations),
        ),
        corrects=next((a for a in related if a.pk == advice.corrects_id), None),
        corrections=[a for a in related if a.corrects_id == advice.pk],
        addressee=advice.addressee_line(),
    )


def published_advice(number: str) -> Advice:
    """A published advice by its number (for its PDF and the college's letter); Http404 otherwise."""
    advice = Advice.objects.published().select_related("council").filter(number=number).first()
    if advice is None:
        raise Http404
    return advice


def published_response(number: str) -> CollegeResponse:
    """The college's response to a published advice, when it came with a letter as PDF; Http404 otherwise."""
    response = (
        CollegeResponse.objects.filter(advice__in=Advice.objects.published().filter(number=number))
        .exclude(letter_pdf="")
        .select_related("advice")
        .first()
    )
    if response is None:
        raise Http404
    return response


# --- The feed ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    kind: Literal["advice", "response"]
    advice: Advice
    published: datetime
    updated: datetime
    verdicts: VerdictCounts = VerdictCounts()

    @property
    def path(self) -> str:
        url = self.advice.get_public_url()
        return f"{url}#reactie" if self.kind == "response" else url


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


FEED_FIELDS = ("pk", "number", "subject", "plain_summary", "published_on", "confidential_until", "response_due_on")


def feed_items(limit: int = 30, *, today: date | None = None) -> list[FeedEntry]:
    """The newest published advice and responses to published advice, newest first, ``limit`` in all, in
    three queries. An advice counts from the day it became public; a response from the day it was received
    (or, when its advice became public later, from that day)."""
    published = Advice.objects.published(today=today)
    advice = list(
        published.annotate(public_from=public_since_expression())
        .only(*FEED_FIELDS)
        .order_by("-public_from", "-pk")[:limit]
    )
    advice_since = public_since_expression("advice__")
    responses = list(
        CollegeResponse.objects.filter(advice__in=published)
        .annotate(
            shown_on=Case(
                When(received_on__lt=advice_since, then=advice_since),
                default=F("received_on"),
                output_field=DateField(),
            )
        )
        .select_related("advice")
        .only(
            "pk",
            "received_on",
            "recorded_at",
            "advice_id",
            *(f"advice__{name}" for name in FEED_FIELDS if name != "pk"),
        )
        .order_by("-shown_on", "-recorded_at", "-pk")[:limit]
    )
    counts = verdicts_per_advice(r.advice_id for r in responses)
    entries = [
        FeedEntry(kind="advice", advice=a, published=_start_of(_since(a)), updated=_start_of(_since(a))) for a in advice
    ]
    for response in responses:
        shown = _start_of(max(response.received_on, _since(response.advice)))
        entries.append(
            FeedEntry(
                kind="response",
                advice=response.advice,
                published=shown,
                updated=max(shown, response.recorded_at),
                verdicts=counts.get(response.advice_id, VerdictCounts()),
            )
        )
    entries.sort(key=lambda e: (e.published, e.updated, e.kind == "response", e.advice.pk), reverse=True)
    return entries[:limit]


def _since(advice: Advice) -> date:
    since = advice.public_since
    if since is None:  # published advice always has a publication date
        raise ValueError(f"Advice {advice.pk} has no publication date")
    return since


# --- Wat is ermee gedaan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Chain:
    """From residents' signals to the college's answer: one published advice and what led to it."""

    advice: Advice
    signal_count: int
    agenda_items: list[AgendaItem]
    tables: list[Table]
    status: ResponseStatus
    verdicts: VerdictCounts


@dataclass(frozen=True)
class ChainGroup:
    """The recent chains of one council: a municipality's, or the region's."""

    place: Place
    chains: list[Chain]


CHAINS_PER_COUNCIL = 5


def recent_chains(
    place: str = "",
    *,
    places: Sequence[Place] | None = None,
    per_council: int = CHAINS_PER_COUNCIL,
    today: date | None = None,
) -> list[ChainGroup]:
    """Per council (the municipalities by name, then the region), its ``per_council`` most recently
    published advice with the signals, public agenda items and public tables behind it and the college's
    answer. ``place`` (a municipality's slug or ``regio``) chooses one; an unknown place chooses none.
    Four queries (the advice with their response and signal count, their public agenda items, their
    public tables, their verdicts), and one for the councils unless ``places`` (``council_places()``) is
    given."""
    today = today or timezone.localdate()
    chosen = list(places) if places is not None else council_places()
    if place:
        chosen = [p for p in chosen if p.slug == place]
    council_ids = [p.council_id for p in chosen]
    ranked = (
        Advice.objects.published(today=today)
        .filter(council_id__in=council_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("council_id")],
                order_by=[F("published_on").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=per_council)
    )
    advice = (
        list(
            ranked.select_related("response")
            .only(*ARCHIVE_FIELDS)
            .annotate(signal_count=_signal_count())
            .prefetch_related(_public_agenda_items(), _public_tables())
            .order_by("-published_on", "-id")
        )
        if council_ids
        else []
    )
    counts = verdicts_per_advice(a.pk for a in advice)
    per_council_chains: dict[int, list[Chain]] = {council_id: [] for council_id in council_ids}
    for a in advice:
        per_council_chains[a.council_id].append(
            Chain(
                advice=a,
                signal_count=a.signal_count,  # type: ignore[attr-defined]
                agenda_items=a.public_agenda_items,  # type: ignore[attr-defined]
                tables=a.public_tables,  # type: ignore[attr-defined]
                status=response_status(a, _response_of(a), today=today),
                verdicts=counts.get(a.pk, VerdictCounts()),
            )
        )
    return [ChainGroup(place=p, chains=per_council_chains[p.council_id]) for p in chosen]
