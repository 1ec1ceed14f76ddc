"""/wat-we-horen/: whole days from the rollup (``SignalCount``, recounted nightly), today counted live.

The figures must be exactly what a direct count gives for the window the page states. Time is passed in
(``now``) where the day matters, not mocked; the page itself runs on the clock.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from signals import services, tasks
from signals.models import Signal, SignalCount, Status
from signals.selectors import ROLLUP_MAX_AGE_DAYS, WhatWeHear, counts_window, day_start, what_we_hear

from .. import factories as f

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A Tuesday afternoon; the year before it holds both changes of summer time.
NOW = datetime(2026, 3, 10, 14, 0, tzinfo=AMSTERDAM)


def at(day: date, hour: int = 12, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=AMSTERDAM)


def figures(report: WhatWeHear) -> Counter:
    """{(theme, municipality): count} of the page's table, without the zeros."""
    return Counter(
        {
            (row.theme, name): count
            for row in report.rows
            for name, count in zip(report.municipalities, row.counts, strict=True)
            if count
        }
    )


def direct_count(since: date, now: datetime) -> Counter:
    """What the page promises, counted straight from the signals: from midnight of ``since`` up to ``now``,
    duplicates not counted."""
    signals = Signal.objects.filter(created_at__gte=day_start(since), created_at__lte=now).exclude(
        status=Status.DUPLICATE
    )
    return Counter(
        (signal.theme.name if signal.theme else "Geen thema gekozen", signal.municipality.name)
        for signal in signals.select_related("theme", "municipality")
    )


@pytest.fixture
def year_of_signals(world):
    """Signals on the edges of the window (its first midnight, yesterday's last second, today's first),
    over both summer-time changes, without a theme, and duplicates, which do not count."""
    care, transport = f.ThemeFactory(name="Zorg"), f.ThemeFactory(name="Vervoer")
    since, yesterday = counts_window(NOW.date())
    moments = [
        (day_start(since) - timedelta(seconds=1), world.velsen, care),  # the day before the window
        (day_start(since), world.velsen, care),  # its first moment
        (at(date(2025, 3, 30), 2, 30), world.beverwijk, transport),  # the night summer time begins
        (at(date(2025, 10, 26), 2, 30), world.heemskerk, None),  # the night it ends
        (at(date(2025, 12, 24)), world.velsen, transport),
        (at(yesterday, 23, 59, 59), world.heemskerk, care),  # the rollup's last second
        (day_start(NOW.date()), world.beverwijk, care),  # today's first moment: live
        (NOW - timedelta(minutes=5), world.velsen, None),
    ]
    made = [f.SignalFactory(created_at=when, municipality=place, theme=theme) for when, place, theme in moments]
    original = made[4]
    for when in (at(date(2025, 6, 1)), NOW - timedelta(minutes=1)):
        f.SignalFactory(
            created_at=when, municipality=world.velsen, theme=transport, status=Status.DUPLICATE, duplicate_of=original
        )
    return made


def test_the_figures_equal_a_direct_count_after_the_refresh(year_of_signals):
    services.signal_counts_refresh(now=NOW)
    report = what_we_hear(now=NOW)
    assert (report.since, report.until) == (date(2025, 3, 10), date(2026, 3, 9))
    assert report.through_yesterday
    assert figures(report) == direct_count(report.since, NOW)
    assert report.total == 7  # the signal a second before the window and both duplicates left out
    assert sum(report.municipality_totals) == report.total


def test_the_rollup_holds_whole_days_up_to_yesterday_and_today_is_counted_live(world, year_of_signals):
    services.signal_counts_refresh(now=NOW)
    assert set(SignalCount.objects.values_list("since", "until").distinct()) == {(date(2025, 3, 10), date(2026, 3, 9))}
    assert sum(SignalCount.objects.values_list("count", flat=True)) == 5  # today's two are not in it
    before = what_we_hear(now=NOW).total
    f.SignalFactory(created_at=NOW - timedelta(minutes=1), municipality=world.heemskerk)
    report = what_we_hear(now=NOW)
    assert report.total == before + 1  # no refresh needed for today
    assert figures(report) == direct_count(report.since, NOW)


def test_the_refresh_is_idempotent(year_of_signals):
    def rows() -> list[tuple]:
        cells = SignalCount.objects.values_list("since", "until", "municipality_id", "theme_id", "count")
        return sorted(cells, key=lambda cell: (cell[2], cell[3] or 0))

    cells = services.signal_counts_refresh(now=NOW)
    first = rows()
    assert services.signal_counts_refresh(now=NOW) == cells == len(first)
    assert rows() == first
    assert figures(what_we_hear(now=NOW)) == direct_count(date(2025, 3, 10), NOW)


def test_a_theme_chosen_during_triage_counts_from_the_next_refresh(world, year_of_signals):
    services.signal_counts_refresh(now=NOW)
    no_theme = year_of_signals[3]  # an older signal without a theme
    no_theme.theme = f.ThemeFactory(name="Wonen")
    no_theme.save(update_fields=["theme"])
    assert ("Wonen", "Heemskerk") not in figures(what_we_hear(now=NOW))  # as the page says: the next day
    services.signal_counts_refresh(now=NOW)
    report = what_we_hear(now=NOW)
    assert figures(report)[("Wonen", "Heemskerk")] == 1
    assert figures(report) == direct_count(report.since, NOW)


def test_after_a_missed_night_the_page_states_its_window_and_is_exact_for_it(year_of_signals):
    services.signal_counts_refresh(now=NOW - timedelta(days=1))
    report = what_we_hear(now=NOW)
    assert (report.since, report.until) == (date(2025, 3, 9), date(2026, 3, 8))
    assert not report.through_yesterday
    assert figures(report) == direct_count(report.since, NOW)  # yesterday counted live


def test_a_rollup_older_than_a_week_is_not_used(year_of_signals):
    services.signal_counts_refresh(now=NOW - timedelta(days=ROLLUP_MAX_AGE_DAYS + 2))
    report = what_we_hear(now=NOW)
    assert report.until is None  # everything counted live: exact for the last twelve months
    assert report.since == date(2025, 3, 10)
    assert figures(report) == direct_count(report.since, NOW)


def test_without_a_rollup_everything_is_counted_live(year_of_signals):
    report = what_we_hear(now=NOW)
    assert report.until is None
    assert figures(report) == direct_count(date(2025, 3, 10), NOW)


def test_the_page_says_how_fresh_the_figures_are_and_matches_a_direct_count(client, world):
    theme = f.ThemeFactory(name="Vervoer")
    now = timezone.now()
    for days in (0, 1, 40, 200, 400):
        f.SignalFactory(created_at=now - timedelta(days=days), municipality=world.velsen, theme=theme)
    services.signal_counts_refresh()
    response = client.get(reverse("signals:what_we_hear"))
    html = response.content.decode()
    assert "Bijgewerkt tot en met gisteren; vandaag telt mee tot nu." in html
    report = response.context["report"]
    assert figures(report) == direct_count(report.since, timezone.now())
    assert report.total == 4  # 400 days ago is outside the window


def test_a_stale_rollup_is_named_on_the_page(client, world):
    f.SignalFactory(created_at=timezone.now() - timedelta(days=3), municipality=world.velsen)
    services.signal_counts_refresh(now=timezone.now() - timedelta(days=2))
    html = client.get(reverse("signals:what_we_hear")).content.decode()
    assert "Bijgewerkt tot en met gisteren" not in html
    assert "wat daarna binnenkwam, telt mee tot nu" in html


def test_the_drawn_chart_is_never_stale(client, world):
    theme = f.ThemeFactory(name="Vervoer")
    f.SignalFactory(municipality=world.velsen, theme=theme)
    client.get(reverse("signals:what_we_hear"))  # draws and caches the chart and table
    f.SignalFactory(municipality=world.velsen, theme=theme)
    html = client.get(reverse("signals:what_we_hear")).content.decode()
    footer = html[html.index("<tfoot>") : html.index("</tfoot>")]
    assert ">2</td>" in footer


def test_beat_refreshes_the_rollup_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-signal-counts"]
    assert entry["task"] == "signals.tasks.refresh_signal_counts"
    assert entry["schedule"] == crontab(hour=0, minute=10)


def test_the_task_refreshes(world):
    f.SignalFactory(created_at=timezone.now() - timedelta(days=2), municipality=world.velsen)
    assert tasks.refresh_signal_counts() == 1
    assert SignalCount.objects.get().count == 1
