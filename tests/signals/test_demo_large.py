"""seed_demo --scale large: the benchmark's volume through COPY (PostgreSQL only), on a small count."""

from __future__ import annotations

import math
import re
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F

from councils.models import Municipality, Theme
from infrastructure.large_seed import LargeSeedUnsupportedError
from members.models import User
from signals import demo
from signals.models import (
    CODE_ALPHABET,
    OPEN_STATUSES,
    Channel,
    Signal,
    SignalNote,
    SignalStatusChange,
    Status,
    normalise_tracking_code,
)
from signals.selectors import day_start, what_we_hear
from tests.postgresql import needs_postgresql as needs_postgresql_for

pytestmark = pytest.mark.django_db

needs_postgresql = needs_postgresql_for("the large seed loads with PostgreSQL's COPY")


def test_large_tracking_codes_are_distinct_and_well_formed():
    assert math.gcd(demo.CODE_MULTIPLIER, len(CODE_ALPHABET)) == 1  # so the map is a bijection
    codes = [demo.large_tracking_code(number) for number in range(1, 20_001)]
    assert len(set(codes)) == len(codes)
    pattern = re.compile(f"[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}")
    assert all(pattern.fullmatch(code) and normalise_tracking_code(code) == code for code in codes)
    assert demo.large_tracking_code(7) == demo.large_tracking_code(7)


def test_large_seed_refuses_other_databases_than_postgresql():
    with mock.patch.object(connection, "vendor", "sqlite"), pytest.raises(CommandError, match="PostgreSQL"):
        call_command("seed_demo", scale="large", signals=100, verbosity=0)
    assert not Signal.objects.exists()  # refused before the small seed too
    with mock.patch.object(connection, "vendor", "sqlite"), pytest.raises(LargeSeedUnsupportedError):
        demo.seed_large(total=100)


def test_signals_only_go_with_the_large_scale():
    with pytest.raises(CommandError, match="--scale large"):
        call_command("seed_demo", signals=100, verbosity=0)


@needs_postgresql
def test_large_seed_fills_every_corner_and_keeps_every_rule():
    call_command("seed_demo", scale="large", signals=2000, verbosity=0)

    signals = Signal.objects.all()
    assert signals.count() == 2000
    changes, notes = SignalStatusChange.objects.count(), SignalNote.objects.count()
    assert 1.5 * 2000 <= changes <= 2.5 * 2000  # the opening "nieuw" of each, and what followed
    assert 0.1 * 2000 <= notes <= 0.3 * 2000
    # Five years, every municipality, neighbourhood, theme, channel and status.
    years = signals.dates("created_at", "year")
    assert len(years) >= 5
    assert set(signals.values_list("municipality", flat=True)) == set(Municipality.objects.values_list("pk", flat=True))
    assert set(signals.values_list("theme", flat=True)) - {None} == set(Theme.objects.values_list("pk", flat=True))
    assert signals.values("neighbourhood").distinct().count() > 20
    assert set(signals.values_list("channel", flat=True)) == set(Channel.values)
    assert set(signals.values_list("status", flat=True)) == set(Status.values)
    assert User.objects.filter(email__startswith="bewoner.").count() == 10  # 5,000 per million signals

    # The database's rules and the services' rules.
    codes = list(signals.values_list("tracking_code", flat=True))
    assert len(set(codes)) == len(codes)
    assert all(normalise_tracking_code(code) == code for code in codes)
    assert not signals.filter(status=Status.CLOSED, feedback="").exists()
    assert not signals.filter(status=Status.DUPLICATE, duplicate_of__isnull=True).exists()
    assert not signals.filter(duplicate_of__duplicate_of__isnull=False).exists()  # no chains
    assert not signals.filter(duplicate_of__status=Status.DUPLICATE).exists()
    assert not signals.filter(status=Status.DUPLICATE).exclude(duplicate_of__status__in=OPEN_STATUSES).exists()
    wrong_place = signals.filter(neighbourhood__isnull=False).exclude(neighbourhood__municipality=F("municipality"))
    assert not wrong_place.exists()
    assert not signals.filter(channel=Channel.NETWORK, source_organisation__isnull=True).exists()
    assert not signals.filter(status=Status.CLOSED, closed_at__isnull=True).exists()
    assert not signals.filter(contact_consent=False).exclude(contact_email="").exists()
    assert not signals.exclude(contact_email="").exclude(contact_email__endswith="@example.org").exists()
    # Each signal's audit trail opens with "nieuw" and ends in its status.
    opened = SignalStatusChange.objects.filter(from_status="", to_status=Status.NEW)
    assert opened.values("signal").distinct().count() == 2000
    without_trail = signals.annotate(n=Count("status_changes")).filter(n=0)
    assert not without_trail.exists()
    for signal in signals.exclude(status=Status.NEW).order_by("-pk")[:100]:
        last_move = signal.status_changes.exclude(from_status=F("to_status")).order_by("changed_at", "pk").last()
        assert last_move.to_status == signal.status, signal.pk
        assert last_move.changed_at == signal.status_changed_at, signal.pk
    # Every signal can be looked up and shown by the model (the full-text index took every row).
    assert Signal.objects.search("wachtlijst").exists()
    assert Signal.objects.search(codes[-1]).get().tracking_code == codes[-1]
    # /wat-we-horen/ is right at once: the seed recounted its rollup up to yesterday.
    report = what_we_hear()
    assert report.through_yesterday
    since = day_start(report.since)
    assert report.total == signals.filter(created_at__gte=since).exclude(status=Status.DUPLICATE).count()


@needs_postgresql
def test_large_seed_adds_only_what_is_missing():
    call_command("seed_demo", scale="large", signals=1000, verbosity=0)
    first = (Signal.objects.count(), SignalStatusChange.objects.count(), User.objects.count())
    call_command("seed_demo", scale="large", signals=1000, verbosity=0)
    assert (Signal.objects.count(), SignalStatusChange.objects.count(), User.objects.count()) == first

    call_command("seed_demo", scale="large", signals=1500, verbosity=0)
    assert Signal.objects.count() == 1500
    codes = Signal.objects.values_list("tracking_code", flat=True)
    assert len(set(codes)) == 1500
