"""Reads for the public agenda: public items only, with what a list row and an item page show.

Counts of linked signals only, never a signal's text or a resident's details. Every read is a fixed number
of queries whatever the number of items (the themes and wijken of a page come in one query each).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404

from councils.models import Council, Neighbourhood, Theme

from ..models import AgendaItem, AgendaItemQuerySet


def _for_display(queryset: AgendaItemQuerySet) -> AgendaItemQuerySet:
    """What a row or an item page shows: the council, ``signal_count``, and the themes and wijken as
    ``theme_list`` and ``neighbourhood_list`` (by name only, without their municipality)."""
    return (
        queryset.select_related("council")
        .with_signal_count()
        .prefetch_related(
            # As plain lists: a page reads them without building a related manager per row.
            Prefetch(
                "themes", queryset=Theme.objects.only("pk", "name", "slug").order_by("name"), to_attr="theme_list"
            ),
            Prefetch(
                "neighbourhoods",
                queryset=Neighbourhood.objects.only("pk", "name").order_by("name"),
                to_attr="neighbourhood_list",
            ),
        )
    )


# The choices of the filters change rarely (a new theme or wijk): read once, then kept five minutes.
FILTER_CHOICES_KEY = "agenda:filter-choices:v1"
FILTER_CHOICES_SECONDS = 300


@dataclass(frozen=True)
class FilterChoices:
    """What the public agenda can be filtered on. Councils as (pk, kind), so a chosen one needs no query."""

    municipalities: list[tuple[str, str, tuple[int, str] | None]] = field(default_factory=list)  # slug, name
    regional_council: tuple[int, str] | None = None
    themes: list[tuple[int, str, str]] = field(default_factory=list)  # pk, slug, name
    neighbourhoods: list[tuple[str, list[tuple[int, str]]]] = field(default_factory=list)  # per municipality


def filter_choices() -> FilterChoices:
    """The filters' choices, from the cache or in three queries (municipalities with their council and the
    regional council, themes, wijken)."""
    choices = cache.get(FILTER_CHOICES_KEY)
    if isinstance(choices, FilterChoices):
        return choices
    councils = list(Council.objects.select_related("municipality").order_by("municipality__name"))
    groups: dict[str, list[tuple[int, str]]] = {}
    for neighbourhood in Neighbourhood.objects.select_related("municipality").order_by("municipality__name", "name"):
        groups.setdefault(neighbourhood.municipality.name, []).append((neighbourhood.pk, neighbourhood.name))
    choices = FilterChoices(
        municipalities=[
            (c.municipality.slug, c.municipality.name, (c.pk, c.kind)) for c in councils if c.municipality is not None
        ],
        regional_council=next(((c.pk, c.kind) for c in councils if c.is_regional), None),
        themes=list(Theme.objects.order_by("name").values_list("pk", "slug", "name")),
        neighbourhoods=list(groups.items()),
    )
    cache.set(FILTER_CHOICES_KEY, choices, FILTER_CHOICES_SECONDS)
    return choices


def council_stub(pk_and_kind: tuple[int, str] | None) -> Council | None:
    """A council known by its number and kind, enough to choose its agenda (``on_agenda_of``)."""
    if pk_and_kind is None:
        return None
    return Council(pk=pk_and_kind[0], kind=pk_and_kind[1])


@dataclass(frozen=True)
class AgendaFilters:
    """The filters chosen on the public agenda; None or empty: not filtered on. ``place`` is the chosen
    municipality or the region, ``council`` its council (None when it has none: then nothing is chosen)."""

    place: str = ""
    council: Council | None = None
    theme_id: int | None = None
    status: str = ""
    quarter: tuple[int, int] | None = None
    neighbourhood_id: int | None = None


def public_agenda(filters: AgendaFilters) -> AgendaItemQuerySet:
    """The public items the filters choose, newest first (along ``agenda_item_public_idx``), ready to show."""
    items = AgendaItem.objects.public()
    if filters.council is not None:
        items = items.on_agenda_of(filters.council)
    elif filters.place:  # a municipality or region without a council (yet) has an empty agenda
        items = items.none()
    if filters.theme_id:
        items = items.filter(themes__pk=filters.theme_id)
    if filters.status:
        items = items.filter(status=filters.status)
    if filters.quarter:
        items = items.filter(planned_year=filters.quarter[0], planned_quarter=filters.quarter[1])
    if filters.neighbourhood_id:
        items = items.filter(neighbourhoods__pk=filters.neighbourhood_id)
    return _for_display(items).order_by("-created_at", "-pk")


def public_item(pk: int) -> AgendaItem:
    """One public item with what its page shows (one query, plus one each for its themes and wijken).
    Raises Http404 for an item that does not exist or is not public."""
    item = _for_display(AgendaItem.objects.public().select_related("council__municipality")).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def public_outcomes(item: AgendaItem) -> list[tuple[str, list[Model]]]:
    """What the item led to, as far as public: ``item_outcomes(item, public=True)``."""
    return item_outcomes(item, public=True)


def item_outcomes(item: AgendaItem, *, public: bool) -> list[tuple[str, list[Model]]]:
    """What the item led to: objects of higher apps (tables, advice) that point to it.

    Like ``Signal.outcomes``: a related model opts in with ``agenda_outcome_label`` and is read through
    its reverse relation, without this app importing it; with ``public``, only what its queryset calls
    ``public()``. One query per such model.
    """
    results: list[tuple[str, list[Model]]] = []
    for relation in AgendaItem._meta.related_objects:
        label = getattr(relation.related_model, "agenda_outcome_label", None)
        accessor = relation.get_accessor_name()
        if not label or accessor is None:
            continue
        related: QuerySet[Model] = getattr(item, accessor).all()
        if public:
            if not hasattr(related, "public"):
                continue
            related = related.public()
        objects = list(related)
        if objects:
            results.append((str(label), objects))
    return results
