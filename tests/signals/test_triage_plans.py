"""The triage's queries go through indexes, not through the whole table (PostgreSQL; CI runs it).

A few thousand signals, analysed, stand in for the million of the benchmark: enough for the planner to
prefer a walk through an index over reading the table, if an index fits. The page's query is explained
(EXPLAIN, not run twice) and may not read signals_signal sequentially.

Not its capped count: inside the test's transaction no row is all-visible yet, so the planner rightly
reads the first thousand rows of the table instead of the index. At a million signals (after VACUUM)
that count reads only signal_open_idx or signal_queue_idx; README, "Signals", has the plans.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from signals.forms import TRIAGE_ORDERINGS
from signals.models import Signal, Status

from .. import factories as f

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans are PostgreSQL's (CI runs the suite on it); SQLite has no such plans or search column",
    ),
]

ROWS = 6000
# Mostly closed, as in a council's real history; a fifth open.
STATUSES = [Status.CLOSED] * 14 + [Status.NEW, Status.IN_PROGRESS, Status.TAKEN_UP, Status.TAKEN_UP]
WORDS = ["wachtlijst", "vervoer", "eenzaamheid", "mantelzorg", "schulden", "stoep", "bushalte", "jeugdzorg"]


@pytest.fixture
def many(world):
    themes = [f.ThemeFactory(name=name) for name in ("Wonen", "Zorg", "Vervoer", "Jeugd")]
    municipalities = [world.velsen, world.velsen, world.beverwijk, world.heemskerk]
    now = timezone.now()
    rows = []
    for n in range(ROWS):
        status = STATUSES[n % len(STATUSES)]
        rows.append(
            Signal(
                text=f"Signaal {n} over de {WORDS[n % len(WORDS)]} en de {WORDS[(n * 3) % len(WORDS)]} in de wijk.",
                municipality=municipalities[n % len(municipalities)],
                theme=themes[n % len(themes)] if n % 7 else None,
                status=status,
                feedback="Besproken in de raad." if status == Status.CLOSED else "",
                is_regional=n % 25 == 0,
                created_at=now - timedelta(minutes=13 * n),
            )
        )
    Signal.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        # What autovacuum does by itself: the text index's pending list merged, the statistics taken.
        cursor.execute("SELECT gin_clean_pending_list('signal_search_idx'::regclass)")
        cursor.execute("ANALYZE signals_signal")
    return world


def page_queries(client, params: dict[str, str]) -> list[str]:
    """The queries that fetch the list's rows (not its count): one, or two for a search."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("signals:triage"), params).status_code == 200
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "signals_signal"."id"')]


def plan_nodes(sql: str) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()
    nodes, todo = [], [plan[0]["Plan"]]
    while todo:
        node = todo.pop()
        nodes.append(node)
        todo.extend(node.get("Plans", []))
    return nodes


def assert_indexed(sql: str) -> None:
    """No sequential read of the signals."""
    nodes = [n for n in plan_nodes(sql) if n.get("Relation Name") == "signals_signal"]
    kinds = {n["Node Type"] for n in nodes}
    assert "Seq Scan" not in kinds, sql
    assert kinds & {"Index Scan", "Index Only Scan", "Bitmap Heap Scan"}, (kinds, sql)


def assert_walks_an_index(sql: str) -> None:
    """The rows come in the list's order from an index, from the top or from the cursor, and the scan stops
    at the page: no sort of everything that matches (an incremental sort of equal dates is fine)."""
    nodes = plan_nodes(sql)
    kinds = {n["Node Type"] for n in nodes if n.get("Relation Name") == "signals_signal"}
    assert kinds <= {"Index Scan", "Index Only Scan"} and kinds, (kinds, sql)
    assert "Sort" not in {n["Node Type"] for n in nodes}, sql


def deep_cursor(world) -> str:
    everything = Signal.objects.filter(municipality=world.velsen).order_by("-created_at", "-pk")
    return TRIAGE_ORDERINGS["-created_at"].cursor_for(everything[2000])


@pytest.mark.parametrize(
    ("person", "params"),
    [
        ("lid_velsen", {}),
        ("lid_velsen", {"status": "afgerond"}),
        ("lid_velsen", {"theme": "mine"}),
        ("lid_regio", {}),  # Heemskerk's queue or the regional one: an OR that the open index serves
        ("aanjager", {}),
    ],
)
def test_the_default_list_and_its_filters_walk_an_index(client, many, person, params):
    if params.get("theme") == "mine":
        params = {"theme": str(Signal.objects.exclude(theme=None).values_list("theme", flat=True).first())}
    client.force_login(many.people[person])
    (page,) = page_queries(client, params)
    assert_walks_an_index(page)


def test_a_deep_page_seeks_to_its_cursor_both_ways(client, many):
    client.force_login(many.people["lid_velsen"])
    for direction in ("na", "voor"):  # "Oudere signalen" and "Nieuwere signalen"
        (page,) = page_queries(client, {"status": "alle", direction: deep_cursor(many)})
        assert "OFFSET" not in page
        assert_walks_an_index(page)


@pytest.mark.parametrize("word", ["wachtlijst", "onbekendwoord"])
def test_a_search_never_reads_the_whole_table(client, many, word):
    client.force_login(many.people["lid_velsen"])
    queries = page_queries(client, {"q": word, "status": "alle"})
    assert 1 <= len(queries) <= 2  # two weeks along the index, then the rest through the GIN index
    for sql in queries:
        assert_indexed(sql)
