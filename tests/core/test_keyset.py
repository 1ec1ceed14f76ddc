"""Keyset paging (``infrastructure.keyset``): cursors read strictly, pages that cover a list exactly once in
every sort order (ties, rows without a value), both ways, with and without an index window; capped counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone, translation

from infrastructure.keyset import EPOCH, CappedCount, Cursor, capped_count, paginate
from signals.forms import TRIAGE_ORDERINGS
from signals.models import Signal, Status

from .. import factories as f

NEWEST = TRIAGE_ORDERINGS["-created_at"]
OLDEST = TRIAGE_ORDERINGS["created_at"]
BY_STATUS = TRIAGE_ORDERINGS["status"]
BY_THEME = TRIAGE_ORDERINGS["theme__name"]


# --- Cursors -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 29, 16, 4, 24, 123456, tzinfo=UTC),
        datetime(1969, 12, 31, 23, 59, 59, 1, tzinfo=UTC),  # before 1970: a negative number
        EPOCH,
    ],
)
def test_a_datetime_cursor_reads_back_to_the_microsecond(moment):
    signal = Signal(pk=42, created_at=moment)
    token = NEWEST.cursor_for(signal)
    assert token.startswith("42.")
    assert NEWEST.parse(token) == Cursor(moment, 42)


def test_text_cursors_and_a_row_without_a_value():
    assert BY_STATUS.parse(BY_STATUS.cursor_for(Signal(pk=7, status=Status.CLOSED))) == Cursor("afgerond", 7)
    themed = Signal(pk=8, theme=f.ThemeFactory.build(name="Wonen. En zo & verder"))
    assert BY_THEME.parse(BY_THEME.cursor_for(themed)) == Cursor("Wonen. En zo & verder", 8)
    assert BY_THEME.cursor_for(Signal(pk=9, theme=None)) == "9"
    assert BY_THEME.parse("9") == Cursor(None, 9)


@pytest.mark.parametrize(
    "token",
    [
        None,
        "",
        ".",
        "abc",
        "12",  # a datetime key always has a value
        "0.1700000000",  # no pk 0
        "-3.1700000000",
        "²1.5",
        "٣.5",  # Arabic-Indic digit
        "9" * 25 + ".5",  # beyond a bigint
        "12.",
        "12.1.5",
        "12.1e5",
        "12. 5",
        "12.+5",
        "12.٣",
        "12." + "9" * 19,
        "12.999999999999999999",  # 18 digits of microseconds: past the year 9999
        "12.-999999999999999999",  # before the year 1
        "12\x00.5",
        "12.5\x00",
        "x" * 5000,
        ["12.5"],
    ],
)
def test_a_datetime_cursor_refuses_what_it_did_not_write(token):
    assert NEWEST.parse(token) is None


@pytest.mark.parametrize(
    ("ordering", "token"),
    [
        (BY_STATUS, "12.onbekend"),  # not a status
        (BY_STATUS, "12"),  # every signal has a status
        (BY_THEME, "12.Wonen\x00"),  # PostgreSQL refuses NUL in text
        (BY_THEME, "12.Wonen\n"),
        (BY_THEME, "12." + "x" * 101),  # longer than a theme's name
    ],
)
def test_a_text_cursor_refuses_what_it_did_not_write(ordering, token):
    assert ordering.parse(token) is None


def test_the_cap_is_written_the_way_the_language_groups_numbers():
    count = CappedCount(counted=1001, cap=1000)
    assert not count.exact and count.value == 1000
    with translation.override("nl"):
        assert count.cap_text == "1.000"
    with translation.override("en"):
        assert count.cap_text == "1,000"
    assert CappedCount(counted=999, cap=1000).exact


# --- Pages -------------------------------------------------------------------------------------------


@pytest.fixture
def signals(world):
    """17 signals: three share one moment (ties), themes with two names and none, every status."""
    wonen, zorg = f.ThemeFactory(name="Wonen"), f.ThemeFactory(name="Zorg")
    now = timezone.now()
    statuses = [Status.NEW, Status.IN_PROGRESS, Status.TAKEN_UP, Status.CLOSED]
    made = []
    for n in range(17):
        status = statuses[n % 4]
        made.append(
            f.SignalFactory(
                municipality=world.velsen,
                theme=[wonen, zorg, None][n % 3],
                status=status,
                feedback="Klaar." if status == Status.CLOSED else "",
            )
        )
        # Spread over five weeks, newest last; three of them at the very same moment.
        moment = now - timedelta(days=35 - 2 * n) if n not in (5, 6, 7) else now - timedelta(days=20)
        Signal.objects.filter(pk=made[-1].pk).update(created_at=moment)
    return Signal.objects.select_related("theme")


def walk(queryset, ordering, *, size, window=None, backwards=False):
    """Every page of the list, following the links: from the top forwards, or from the end backwards."""
    pages, seen = [], set()
    page = paginate(queryset, ordering, size=size, index_window=window)
    while True:
        pages.append([s.pk for s in page.object_list])
        if not page.has_next:
            break
        assert page.next_cursor not in seen
        seen.add(page.next_cursor)
        page = paginate(queryset, ordering, after=page.next_cursor, size=size, index_window=window)
    if not backwards:
        return pages
    back = [pages[-1]]
    while page.has_previous:
        page = paginate(queryset, ordering, before=page.previous_cursor, size=size, index_window=window)
        back.append([s.pk for s in page.object_list])
    return back


# The list's order, written out in Python: the key, then the number; no theme comes last.
SORT_KEYS = {
    "-created_at": lambda s: (-s.created_at.timestamp(), -s.pk),
    "created_at": lambda s: (s.created_at.timestamp(), s.pk),
    "status": lambda s: (s.status, -s.pk),
    "theme__name": lambda s: (s.theme is None, s.theme.name if s.theme else "", -s.pk),
}


@pytest.mark.parametrize("sort", list(TRIAGE_ORDERINGS))
@pytest.mark.parametrize("window", [None, timedelta(days=3)])
def test_the_pages_cover_the_list_once_in_its_order_both_ways(signals, sort, window):
    ordering = TRIAGE_ORDERINGS[sort]
    expected = [s.pk for s in sorted(signals, key=SORT_KEYS[sort])]
    assert len(expected) == 17
    forwards = walk(signals, ordering, size=5, window=window)
    assert [pk for page in forwards for pk in page] == expected
    assert [len(page) for page in forwards] == [5, 5, 5, 2]
    # From the last page back to the top: the same pages.
    backwards = walk(signals, ordering, size=5, window=window, backwards=True)
    assert backwards == list(reversed(forwards))


def test_a_page_knows_its_neighbours(signals):
    first = paginate(signals, NEWEST, size=5)
    assert first.has_next and not first.has_previous and not first.moved
    second = paginate(signals, NEWEST, after=first.next_cursor, size=5)
    assert second.moved and second.has_previous and second.has_next
    assert [s.pk for s in paginate(signals, NEWEST, before=second.previous_cursor, size=5).object_list] == [
        s.pk for s in first.object_list
    ]


def test_an_unreadable_cursor_gives_the_top_and_one_past_the_end_an_empty_page(signals):
    top = [s.pk for s in paginate(signals, NEWEST, size=5).object_list]
    assert [s.pk for s in paginate(signals, NEWEST, after="x.y", before="1.z", size=5).object_list] == top
    # A cursor before the oldest signal: nothing after it, and a way back.
    past = paginate(signals, NEWEST, after="1.-62135596800000000", size=5)
    assert past.object_list == [] and past.moved and not past.has_next
    # At the ends of the calendar an index window cannot reach further: it takes everything instead.
    assert paginate(signals, NEWEST, after="1.-62135596800000000", size=5, index_window=timedelta(days=3)).moved
    end = NEWEST.cursor_for(Signal(pk=1, created_at=datetime(9999, 12, 31, 23, 0, tzinfo=UTC)))
    assert len(paginate(signals, NEWEST, before=end, size=5, index_window=timedelta(days=3)).object_list) == 5


def test_walking_back_from_the_future_gives_the_top(signals):
    future = OLDEST.cursor_for(Signal(pk=1, created_at=timezone.now() + timedelta(days=400)))
    page = paginate(signals, NEWEST, before=future, size=5)
    assert [s.pk for s in page.object_list] == [s.pk for s in paginate(signals, NEWEST, size=5).object_list]
    assert not page.moved and not page.has_previous


def test_capped_count_is_exact_up_to_the_cap(signals):
    assert capped_count(signals, cap=17) == CappedCount(counted=17, cap=17)
    assert capped_count(signals, cap=17).exact
    over = capped_count(signals, cap=16)
    assert not over.exact and over.value == 16
    assert capped_count(signals.filter(status=Status.NEW), cap=1000).value == signals.filter(status=Status.NEW).count()
