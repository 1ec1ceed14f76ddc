"""Keyset paging and counts that stop at a cap: long lists that cost the same on page 1 and page 4,000.

A page is the rows that follow (or precede) a *cursor* in one fixed order: the sort key, then the
primary key to break ties. The cursor is the last (or first) row's key and pk, written in the query
string; the database seeks to it through an index instead of counting off an OFFSET. A cursor is
request input: ``Ordering.parse`` reads it strictly and answers None for anything it did not write
(the list then starts at the top), so a tampered cursor never reaches the database as a bad value.

A list no longer knows its page number, and its total is counted only up to a cap
(``capped_count``): below the cap the number is exact, above it the page says "more than".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Generic, Literal, TypeVar

from django.db.models import DateTimeField, ExpressionWrapper, F, Model, Q, QuerySet, Value
from django.db.models.expressions import CombinedExpression, OrderBy
from django.utils import timezone
from django.utils.formats import number_format

from .ids import parse_id

M = TypeVar("M", bound=Model)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECONDS = re.compile(r"-?[0-9]{1,18}")
# Text a cursor never carries: control characters (PostgreSQL refuses NUL in a text parameter).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

CursorValue = datetime | str | None


@dataclass(frozen=True)
class Cursor:
    """A position in a list: the sort key's value (None for a row without one) and the pk."""

    value: CursorValue
    pk: int


@dataclass(frozen=True)
class Ordering:
    """An order keyset paging can walk: ``field`` (a model field or a path like ``theme__name``), then
    the primary key. ``kind`` says how a cursor writes the value: "datetime" (microseconds since 1970,
    UTC) or "text". A ``nullable`` key puts rows without a value last. ``choices`` limits the values a
    text cursor may carry; ``max_length`` bounds it."""

    field: str
    descending: bool
    pk_descending: bool
    kind: Literal["datetime", "text"] = "datetime"
    nullable: bool = False
    choices: frozenset[str] | None = None
    max_length: int = 200

    def order_by(self, *, reverse: bool = False, unindexed: bool = False) -> list[OrderBy]:
        """The ORDER BY of the list (``reverse``: walked backwards, from a "before" cursor).

        ``unindexed`` sorts on an expression of the key that no index provides (datetime keys only), so
        that the database cannot walk the key's index and filter along the way; see ``paginate``."""
        descending = self.descending != reverse
        key: F | ExpressionWrapper[CombinedExpression] = F(self.field)
        if unindexed and self.kind == "datetime":
            key = ExpressionWrapper(F(self.field) + Value(timedelta(0)), output_field=DateTimeField())
        if self.nullable:
            # Rows without a value come last in the list's own order, so first when it is walked back.
            nulls = {"nulls_first": True} if reverse else {"nulls_last": True}
            first = key.desc(**nulls) if descending else key.asc(**nulls)
        else:
            first = key.desc() if descending else key.asc()
        pk = F("pk").desc() if self.pk_descending != reverse else F("pk").asc()
        return [first, pk]

    def beyond(self, cursor: Cursor, *, reverse: bool = False) -> Q:
        """The rows that come after ``cursor`` in the list's order (before it, with ``reverse``)."""
        descending = self.descending != reverse
        nulls_at_end = not reverse
        key, pk_lookup = self.field, "pk__lt" if self.pk_descending != reverse else "pk__gt"
        tie = Q(**{pk_lookup: cursor.pk})
        if cursor.value is None:
            # Only a nullable key has rows without a value; they sit together at one end of the list.
            rows_without = Q(**{f"{key}__isnull": True}) & tie
            return rows_without if nulls_at_end else rows_without | Q(**{f"{key}__isnull": False})
        strict, loose = ("lt", "lte") if descending else ("gt", "gte")
        # The loose bound first: it is what lets an index on the key start the scan at the cursor.
        condition = Q(**{f"{key}__{loose}": cursor.value}) & (Q(**{f"{key}__{strict}": cursor.value}) | tie)
        if self.nullable and nulls_at_end:
            condition |= Q(**{f"{key}__isnull": True})
        return condition

    def value_of(self, obj: Model) -> CursorValue:
        value: object = obj
        for part in self.field.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        if isinstance(value, datetime | str):
            return value
        raise TypeError(f"{self.field} is neither a datetime nor text: {type(value).__name__}")

    def cursor_for(self, obj: Model) -> str:
        """The cursor of ``obj``'s position, as the query string carries it: "<pk>.<value>", or "<pk>"
        for a row without a value."""
        value = self.value_of(obj)
        if value is None:
            return str(obj.pk)
        if isinstance(value, datetime):
            delta = value - EPOCH
            micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
            return f"{obj.pk}.{micros}"
        return f"{obj.pk}.{value}"

    def parse(self, token: object) -> Cursor | None:
        """The cursor ``token`` spells for this ordering, or None for anything ``cursor_for`` did not write
        (a cursor of another sort order, an id out of range, a date out of range, control characters)."""
        if not isinstance(token, str) or len(token) > 20 + self.max_length:
            return None
        pk_text, dot, rest = token.partition(".")
        pk = parse_id(pk_text)
        if pk is None:
            return None
        if not dot:
            return Cursor(None, pk) if self.nullable else None
        if self.kind == "datetime":
            if not _MICROSECONDS.fullmatch(rest):
                return None
            try:
                return Cursor(EPOCH + timedelta(microseconds=int(rest)), pk)
            except OverflowError:
                return None
        if len(rest) > self.max_length or _CONTROL.search(rest):
            return None
        if self.choices is not None and rest not in self.choices:
            return None
        return Cursor(rest, pk)


@dataclass(frozen=True)
class KeysetPage(Generic[M]):
    """One page of a list. ``next_cursor`` (rows after the page) and ``previous_cursor`` (rows before it)
    are None where there is nothing to go to. ``moved`` says the page was opened by a cursor: it is not
    the top of the list."""

    object_list: list[M]
    next_cursor: str | None
    previous_cursor: str | None
    moved: bool

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous or self.moved


def paginate(
    queryset: QuerySet[M],
    ordering: Ordering,
    *,
    after: object = None,
    before: object = None,
    size: int,
    index_window: timedelta | None = None,
) -> KeysetPage[M]:
    """The page of ``size`` rows after the cursor ``after``, else before the cursor ``before``, else the
    top of the list; a cursor that does not parse counts as absent. One query (two with a window).

    ``index_window`` (datetime orderings only) is for a filter that an index on the key cannot check on
    the way, such as a full-text match: left to itself, the database may walk the key's index and test
    every row, which is quick for a common word and a walk through the whole table for a word nobody
    used. With a window it walks at most this stretch of the key from the cursor (or from now), and
    fetches what is missing from further away with the key's index ruled out, so that it starts from
    the filter's own index (the text's GIN index) instead.

    Walking back to the top gives the top page, full, without a "previous" cursor.
    """
    cursor, reverse = ordering.parse(after), False
    if cursor is None:
        cursor, reverse = ordering.parse(before), True
        if cursor is None:
            reverse = False
    rows = _fetch(queryset, ordering, cursor, reverse=reverse, limit=size + 1, window=index_window)
    more = len(rows) > size
    if reverse and not more:
        # Back at the top (or past it, with a cursor from the future): show the top, a full page.
        return paginate(queryset, ordering, size=size, index_window=index_window)
    rows = rows[:size]
    if reverse:
        rows.reverse()
    # Walked back from a cursor, the cursor's row itself follows the page.
    has_previous = more if reverse else cursor is not None
    has_next = True if reverse else more
    return KeysetPage(
        object_list=rows,
        next_cursor=ordering.cursor_for(rows[-1]) if has_next and rows else None,
        previous_cursor=ordering.cursor_for(rows[0]) if has_previous and rows else None,
        moved=cursor is not None,
    )


def _fetch(
    queryset: QuerySet[M],
    ordering: Ordering,
    cursor: Cursor | None,
    *,
    reverse: bool,
    limit: int,
    window: timedelta | None,
) -> list[M]:
    if cursor is not None:
        queryset = queryset.filter(ordering.beyond(cursor, reverse=reverse))
    descending = ordering.descending != reverse
    anchor = cursor.value if cursor is not None else (timezone.now() if descending else None)
    if window is None or ordering.kind != "datetime" or not isinstance(anchor, datetime):
        return list(queryset.order_by(*ordering.order_by(reverse=reverse))[:limit])
    key = ordering.field
    try:
        edge = anchor - window if descending else anchor + window
    except OverflowError:  # a cursor at the end of the calendar: the window is everything
        return list(queryset.order_by(*ordering.order_by(reverse=reverse))[:limit])
    near = Q(**{f"{key}__gte" if descending else f"{key}__lte": edge})
    rows = list(queryset.filter(near).order_by(*ordering.order_by(reverse=reverse))[:limit])
    if len(rows) < limit:
        far = Q(**{f"{key}__lt" if descending else f"{key}__gt": edge})
        rest = queryset.filter(far).order_by(*ordering.order_by(reverse=reverse, unindexed=True))
        rows += list(rest[: limit - len(rows)])
    return rows


@dataclass(frozen=True)
class CappedCount:
    """How many rows a list has, counted up to ``cap``: ``exact`` when ``counted`` is the whole number,
    otherwise there are more than ``cap``."""

    counted: int
    cap: int

    @property
    def exact(self) -> bool:
        return self.counted <= self.cap

    @property
    def value(self) -> int:
        """The exact number, or the cap when there are more."""
        return min(self.counted, self.cap)

    @property
    def cap_text(self) -> str:
        """The cap as the page writes it, grouped in the active language ("1.000", "1,000")."""
        return number_format(self.cap, force_grouping=True)


def capped_count(queryset: QuerySet[M], *, cap: int) -> CappedCount:
    """Count ``queryset`` up to ``cap`` (and one more, to know whether there are more): one query,
    ``SELECT count(*) FROM (SELECT id … LIMIT cap + 1)``, that stops reading at the cap."""
    counted = queryset.order_by().values("pk")[: cap + 1].count()
    return CappedCount(counted=counted, cap=cap)
