"""The triage list page by page ("Oudere signalen" / "Nieuwere signalen") and its numbers: a total counted
up to a cap that is exact where it is shown, on the list and on the work dashboard; the date filters."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from signals import views
from signals.forms import TRIAGE_ORDERINGS
from signals.models import Signal, Status

from .. import factories as f

pytestmark = pytest.mark.django_db

NEWEST = TRIAGE_ORDERINGS["-created_at"]


def codes(response) -> list[str]:
    return [s.tracking_code for s in response.context["page"].object_list]


def link(response, label: str) -> str | None:
    """The address of the pager's link with this text, or None."""
    found = re.search(
        r'<a class="utrecht-link"(?: rel="\w+")? href="([^"]*)">' + re.escape(label) + "</a>", response.content.decode()
    )
    return unescape(found.group(1)) if found else None


def make(world, n, **kwargs):
    """``n`` Velsen signals, one hour apart, the newest first in the returned list."""
    now = timezone.now()
    made = [f.SignalFactory(municipality=world.velsen, **kwargs) for _ in range(n)]
    for age, signal in enumerate(reversed(made)):
        signal.created_at = now - timedelta(hours=age + 1)
        Signal.objects.filter(pk=signal.pk).update(created_at=signal.created_at)
    return list(reversed(made))


def follow(client, url: str):
    return client.get(url if url.startswith("/") else reverse("signals:triage") + url)


def test_the_member_pages_through_the_whole_queue_and_back(client, world):
    newest_first = [s.tracking_code for s in make(world, 60)]
    client.force_login(world.people["lid_velsen"])
    first = client.get(reverse("signals:triage"))
    assert codes(first) == newest_first[:25]
    assert link(first, "Nieuwere signalen") is None and link(first, "Naar het begin van de lijst") is None
    second = follow(client, link(first, "Oudere signalen"))
    assert codes(second) == newest_first[25:50]
    third = follow(client, link(second, "Oudere signalen"))
    assert codes(third) == newest_first[50:]
    assert link(third, "Oudere signalen") is None
    assert codes(follow(client, link(third, "Nieuwere signalen"))) == newest_first[25:50]
    assert codes(follow(client, link(third, "Naar het begin van de lijst"))) == newest_first[:25]


def test_the_links_keep_the_filters_and_the_sort_order(client, world):
    theme = f.ThemeFactory(name="Mantelzorg")
    wanted = make(world, 30, theme=theme, status=Status.IN_PROGRESS)
    make(world, 5)  # another theme
    client.force_login(world.people["lid_velsen"])
    first = client.get(reverse("signals:triage"), {"theme": theme.pk, "status": "in_behandeling", "sort": "created_at"})
    assert codes(first) == [s.tracking_code for s in reversed(wanted)][:25]
    # Oldest first: the next page holds newer signals.
    url = link(first, "Nieuwere signalen")
    assert f"theme={theme.pk}" in url and "sort=created_at" in url and "status=in_behandeling" in url
    assert codes(follow(client, url)) == [s.tracking_code for s in reversed(wanted)][25:]


@pytest.mark.parametrize("sort", ["status", "theme__name"])
def test_other_sort_orders_page_with_previous_and_next(client, world, sort):
    make(world, 30)
    client.force_login(world.people["lid_velsen"])
    first = client.get(reverse("signals:triage"), {"sort": sort})
    second = follow(client, link(first, "Volgende"))
    assert len(codes(second)) == 5 and not set(codes(first)) & set(codes(second))
    assert codes(follow(client, link(second, "Vorige"))) == codes(first)


@pytest.mark.parametrize("parameter", ["na", "voor"])
@pytest.mark.parametrize(
    "value",
    ["²", "٣", "9" * 5000, "9" * 25, "12.\x00", "x.y", "12.٣", "12.-999999999999999999", "12.999999999999999999", ""],
)
def test_a_tampered_cursor_gives_the_top_of_the_list(client, world, parameter, value):
    make(world, 3)
    client.force_login(world.people["lid_velsen"])
    response = client.get(reverse("signals:triage"), {parameter: value})
    assert response.status_code == 200
    assert len(codes(response)) == 3


def test_a_cursor_of_another_sort_order_never_fails(client, world):
    make(world, 3)
    client.force_login(world.people["lid_velsen"])
    for sort, cursor in [("theme__name", "5.<script>alert(1)</script>"), ("status", "5.1700000000"), ("", "5.nieuw")]:
        response = client.get(reverse("signals:triage"), {"sort": sort, "na": cursor})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_old_page_numbers_are_ignored(client, world):
    make(world, 3)
    client.force_login(world.people["lid_velsen"])
    assert len(codes(client.get(reverse("signals:triage"), {"pagina": "2000"}))) == 3


# --- Numbers -----------------------------------------------------------------------------------------


def count_line(response) -> str:
    found = re.search(r'<p class="utrecht-paragraph" role="status">\s*(.*?)\s*</p>', response.content.decode(), re.S)
    return " ".join(found.group(1).split()) if found else ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [({}, 7), ({"status": "alle"}, 9), ({"status": "afgerond"}, 2), ({"channel": "telefoon"}, 3), ({"q": "qqzzqq"}, 0)],
)
def test_the_total_is_the_exact_number_below_the_cap(client, world, query, expected):
    make(world, 4)
    make(world, 3, channel="telefoon")
    make(world, 2, status=Status.CLOSED, feedback="Klaar.")
    f.SignalFactory(municipality=world.beverwijk)  # not Velsen's
    member = world.people["lid_velsen"]
    assert Signal.objects.for_user(member).count() == 9
    client.force_login(member)
    response = client.get(reverse("signals:triage"), query)
    assert response.context["total"].exact and response.context["total"].value == expected
    assert count_line(response) == f"{expected} signalen gevonden."


def test_one_signal_is_counted_in_the_singular(client, world):
    make(world, 1)
    client.force_login(world.people["lid_velsen"])
    assert count_line(client.get(reverse("signals:triage"))) == "1 signaal gevonden."


def test_beyond_the_cap_the_page_says_more_than(client, world, monkeypatch):
    monkeypatch.setattr(views, "COUNT_CAP", 5)
    make(world, 6)
    client.force_login(world.people["lid_velsen"])
    response = client.get(reverse("signals:triage"))
    assert count_line(response) == "Meer dan 5 signalen gevonden."
    Signal.objects.filter(pk=Signal.objects.order_by("pk").first().pk).delete()
    assert count_line(client.get(reverse("signals:triage"))) == "5 signalen gevonden."


def test_a_search_counts_what_fits_on_its_page(client, world):
    make(world, 3, text="De wachtlijst voor de dagbesteding is lang.")
    client.force_login(world.people["lid_velsen"])
    assert count_line(client.get(reverse("signals:triage"), {"q": "wachtlijst"})) == "3 signalen gevonden."
    make(world, 25, text="Weer die wachtlijst.")
    first = client.get(reverse("signals:triage"), {"q": "wachtlijst"})
    assert count_line(first) == "Meer dan 25 signalen gevonden."
    second = follow(client, link(first, "Oudere signalen"))
    assert len(codes(second)) == 3 and not set(codes(first)) & set(codes(second))


def test_the_dashboard_counts_open_signals_exactly_below_the_cap(client, world, monkeypatch):
    make(world, 3)
    make(world, 2, status=Status.CLOSED, feedback="Klaar.")
    f.SignalFactory(municipality=world.heemskerk, is_regional=True)  # the regional council's
    for person, expected in [("lid_velsen", 3), ("lid_regio", 1), ("aanjager", 4)]:
        user = world.people[person]
        client.force_login(user)
        assert Signal.objects.for_user(user).open().count() == expected
        words = "1 open signaal" if expected == 1 else f"{expected} open signalen"
        assert f"– {words}\n" in client.get(reverse("work_dashboard")).content.decode()
    monkeypatch.setattr("ijmond_participatie.views.OPEN_SIGNAL_COUNT_CAP", 2)
    client.force_login(world.people["lid_velsen"])
    assert "– meer dan 2 open signalen" in client.get(reverse("work_dashboard")).content.decode()


# --- Dates -------------------------------------------------------------------------------------------


def test_the_date_filters_take_whole_days_in_amsterdam(client, world):
    day = date(2026, 3, 28)  # the night before summer time starts

    amsterdam = timezone.get_current_timezone()

    def at(moment):
        signal = f.SignalFactory(municipality=world.velsen)
        Signal.objects.filter(pk=signal.pk).update(created_at=moment)
        return signal.tracking_code

    late = at(datetime(2026, 3, 28, 23, 30, tzinfo=amsterdam))
    early = at(datetime(2026, 3, 29, 0, 10, tzinfo=amsterdam))
    client.force_login(world.people["lid_velsen"])
    url = reverse("signals:triage")
    assert set(codes(client.get(url, {"date_to": day.isoformat()}))) == {late}
    assert set(codes(client.get(url, {"date_from": (day + timedelta(days=1)).isoformat()}))) == {early}
    assert set(codes(client.get(url, {"date_from": day.isoformat(), "date_to": day.isoformat()}))) == {late}
    for far in ({"date_from": "0001-01-01"}, {"date_to": "9999-12-31"}):
        assert set(codes(client.get(url, far))) == {late, early}


# --- Queries -----------------------------------------------------------------------------------------


def test_a_page_further_back_costs_the_same_with_5_and_with_50_signals(client, world):
    client.force_login(world.people["lid_velsen"])

    def queries_after_the_second(n: int) -> int:
        Signal.objects.all().delete()
        second = make(world, n)[1]
        cursor = NEWEST.cursor_for(second)
        client.get(reverse("signals:triage"), {"status": "alle", "na": cursor})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("signals:triage"), {"status": "alle", "na": cursor})
        assert len(codes(response)) == min(n - 2, 25)
        return len(queries)

    assert queries_after_the_second(5) == queries_after_the_second(50) <= 20


def test_a_search_needs_one_page_query_more_only_when_two_weeks_do_not_fill_the_page(client, world):
    client.force_login(world.people["lid_velsen"])
    make(world, 50, text="Weer die wachtlijst.")

    def page_queries(params) -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("signals:triage"), params)
        return sum(q["sql"].startswith('SELECT "signals_signal"."id"') for q in queries.captured_queries)

    assert page_queries({"q": "wachtlijst"}) == 1  # fifty in the last two weeks: the page is full
    Signal.objects.update(created_at=timezone.now() - timedelta(days=30))
    assert page_queries({"q": "wachtlijst"}) == 2  # none: the rest through the text's own index


def test_the_filter_form_is_drawn_once_per_language_and_filters(client, world):
    theme = f.ThemeFactory(name="Mantelzorg")
    make(world, 2, theme=theme)
    client.force_login(world.people["lid_velsen"])
    url = reverse("signals:triage")
    client.get(url)
    with CaptureQueriesContext(connection) as again:
        assert 'value="" selected' in client.get(url).content.decode()  # "Alle open signalen", from the cache
    assert not any(q["sql"].startswith('SELECT "councils_theme"') for q in again.captured_queries)
    # Other filters: drawn afresh, with their own values chosen and their own errors.
    chosen = client.get(url, {"theme": theme.pk}).content.decode()
    assert f'<option value="{theme.pk}" selected>Mantelzorg</option>' in chosen
    assert "ijmond-error-summary" in client.get(url, {"date_from": "gisteren"}).content.decode()
    assert "ijmond-error-summary" not in client.get(url).content.decode()
    # A page further on keeps the form of its filters.
    second = client.get(url, {"theme": theme.pk, "na": NEWEST.cursor_for(Signal.objects.order_by("-created_at")[0])})
    assert f'<option value="{theme.pk}" selected>Mantelzorg</option>' in second.content.decode()
