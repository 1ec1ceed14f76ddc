"""DESIGN.md rule 9: council members get one daily digest of new and reopened signals, which each
member can switch off. Time is passed into the service (``now``), not mocked."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from infrastructure.models import OutboxMessage
from signals import services
from signals.models import Signal
from signals.selectors import DIGEST_LIST_LENGTH, signal_digest
from signals.tasks import send_signal_digests

from .. import factories as f

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The digest of Thursday 14 May 2026 (07:00) covers Wednesday 13 May, midnight to midnight.
NOW = datetime(2026, 5, 14, 7, 0, tzinfo=AMSTERDAM)
YESTERDAY = datetime(2026, 5, 13, 12, 0, tzinfo=AMSTERDAM)


def new_signal(municipality, *, at=YESTERDAY, **fields) -> Signal:
    return f.SignalFactory(municipality=municipality, created_at=at, **fields)


def digests(person) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(dedup_key__startswith=f"signal-digest:{person.pk}:"))


def body(person) -> str:
    (message,) = digests(person)
    return message.body


def test_a_member_gets_one_digest_a_day_even_when_it_runs_twice(
    world, velsen_member, django_capture_on_commit_callbacks
):
    new_signal(world.velsen)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.signal_send_digests(now=NOW)
        second = services.signal_send_digests(now=NOW + timedelta(hours=2))  # a retry later that morning
    assert (first, second) == (2, 0)  # lid_velsen and voorzitter_velsen, then nobody
    assert [m.dedup_key for m in digests(velsen_member)] == [f"signal-digest:{velsen_member.pk}:2026-05-14"]
    assert len([m for m in mail.outbox if m.to == [velsen_member.email]]) == 1


def test_nothing_new_sends_nothing(world):
    new_signal(world.velsen, at=YESTERDAY - timedelta(days=1))  # the day before: yesterday's digest
    new_signal(world.velsen, at=NOW - timedelta(hours=1))  # today: tomorrow's digest
    assert services.signal_send_digests(now=NOW) == 0
    assert not OutboxMessage.objects.filter(kind="signal-digest").exists()


def test_a_member_who_switched_it_off_gets_none(world, velsen_member):
    velsen_member.wants_signal_digest = False
    velsen_member.save(update_fields=["wants_signal_digest"])
    new_signal(world.velsen)
    services.signal_send_digests(now=NOW)
    assert digests(velsen_member) == []
    assert len(digests(world.people["voorzitter_velsen"])) == 1  # the rest of the council still gets it


def test_only_people_with_a_seat_get_it(world):
    new_signal(world.velsen)
    new_signal(world.beverwijk, is_regional=True)
    services.signal_send_digests(now=NOW)
    recipients = {m.dedup_key.split(":")[1] for m in OutboxMessage.objects.filter(kind="signal-digest")}
    seated = {"lid_velsen", "voorzitter_velsen", "lid_beverwijk", "lid_regio"}  # Heemskerk: nothing new
    assert recipients == {str(world.people[name].pk) for name in seated}


def test_a_member_sees_only_the_signals_of_their_own_councils(world, velsen_member):
    velsen = new_signal(world.velsen)
    beverwijk = new_signal(world.beverwijk)
    regional = new_signal(world.beverwijk, is_regional=True)
    heemskerk = new_signal(world.heemskerk)
    services.signal_send_digests(now=NOW)

    text = body(velsen_member)
    assert f"/werk/signalen/{velsen.pk}/" in text
    for other in (beverwijk, regional, heemskerk):
        assert f"/werk/signalen/{other.pk}/" not in text
    assert "Participatieraad Velsen" in text

    regio = body(world.people["lid_regio"])  # sits on Heemskerk and the regional council
    assert f"/werk/signalen/{regional.pk}/" in regio and f"/werk/signalen/{heemskerk.pk}/" in regio
    assert f"/werk/signalen/{velsen.pk}/" not in regio and f"/werk/signalen/{beverwijk.pk}/" not in regio
    assert "Participatieraad Heemskerk" in regio and "Regionale Participatieraad IJmond" in regio


def test_reopened_signals_are_in_it(world, velsen_member):
    signal = new_signal(world.velsen, at=NOW - timedelta(days=60))
    services.signal_close(signal=signal, feedback="Klaar.", by=None)
    services.signal_request_reopen(signal=signal, reason="De bus rijdt nog steeds niet.")
    Signal.objects.filter(pk=signal.pk).update(reopen_requested_at=YESTERDAY)
    services.signal_send_digests(now=NOW)
    text = body(velsen_member)
    assert "1 signaal dat een inwoner liet heropenen" in text
    assert f"Signaal #{signal.pk} – heropend" in text
    assert "nieuw signaal" not in text


def test_the_mail_is_dutch_links_to_triage_and_settings_and_holds_no_contact_details(world, velsen_member):
    signal = new_signal(
        world.velsen,
        contact_consent=True,
        contact_name="Jan Geheim",
        contact_email="jan@example.org",
        contact_phone="0612345678",
    )
    with translation.override("en"):  # whatever language the task runs in
        services.signal_send_digests(now=NOW)
    (message,) = digests(velsen_member)
    assert message.to == [velsen_member.email]
    assert message.subject == "Nieuwe signalen voor Participatieraad Velsen"
    text = message.body
    assert "1 nieuw signaal" in text and "woensdag 13 mei 2026" in text
    assert f"{settings.PUBLIC_BASE_URL}/werk/signalen/{signal.pk}/" in text
    assert f"{settings.PUBLIC_BASE_URL}{reverse('signals:digest_settings')}" in text
    assert text.rstrip().endswith("Participatieraad Velsen")
    for private in ("Jan Geheim", "jan@example.org", "0612345678", signal.tracking_code, signal.text[:30]):
        assert private not in text


def test_a_long_day_lists_ten_and_counts_the_rest(world, velsen_member):
    for _ in range(DIGEST_LIST_LENGTH + 3):
        new_signal(world.velsen)
    services.signal_send_digests(now=NOW)
    text = body(velsen_member)
    assert f"{DIGEST_LIST_LENGTH + 3} nieuwe signalen" in text
    assert text.count("/werk/signalen/") - 1 == DIGEST_LIST_LENGTH  # and one link to the whole queue
    assert "En nog 3 signalen" in text


def test_the_digest_query_count_does_not_grow_with_signals(world, velsen_member):
    since, until = YESTERDAY - timedelta(hours=12), YESTERDAY + timedelta(hours=12)
    new_signal(world.velsen)
    velsen_member = type(velsen_member).objects.get(pk=velsen_member.pk)  # a fresh scope
    with CaptureQueriesContext(connection) as few:
        signal_digest(velsen_member, since=since, until=until)
    for _ in range(30):
        new_signal(world.velsen, theme=f.ThemeFactory())
    velsen_member = type(velsen_member).objects.get(pk=velsen_member.pk)
    with CaptureQueriesContext(connection) as many:
        digest = signal_digest(velsen_member, since=since, until=until)
    assert digest.total == 31
    # The member's scope (2), the counts (1), the listed signals with theme and municipality (1).
    assert len(few) == len(many) == 4, [q["sql"] for q in many.captured_queries]


def test_the_task_is_idempotent(world, velsen_member):
    yesterday_noon = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=1), datetime.min.time()) + timedelta(hours=12)
    )
    new_signal(world.velsen, at=yesterday_noon)
    send_signal_digests.apply()
    send_signal_digests.apply()
    assert len(digests(velsen_member)) == 1


def test_beat_sends_the_digest_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["send-signal-digests"]
    assert entry["task"] == "signals.tasks.send_signal_digests"
    assert entry["schedule"] == crontab(hour=7, minute=0)


# --- The settings page -------------------------------------------------------------------------------


def test_a_member_switches_the_digest_off_and_on(client, world, velsen_member):
    client.force_login(velsen_member)
    url = reverse("signals:digest_settings")
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="wants_signal_digest"' in page.content.decode() and "checked" in page.content.decode()

    response = client.post(url, {}, follow=True)  # an unticked box sends nothing
    assert response.redirect_chain == [(url, 302)]
    assert "niet meer" in response.content.decode()
    velsen_member.refresh_from_db()
    assert velsen_member.wants_signal_digest is False

    response = client.post(url, {"wants_signal_digest": "on"}, follow=True)
    assert "elke ochtend" in response.content.decode()
    velsen_member.refresh_from_db()
    assert velsen_member.wants_signal_digest is True


@pytest.mark.parametrize("persona", ["aanjager", "beleid_velsen", "inwoner", "beheer"])
def test_people_without_a_seat_may_not_use_it(client, world, persona):
    person = world.people[persona]
    client.force_login(person)
    assert client.get(reverse("signals:digest_settings")).status_code == 403
    assert client.post(reverse("signals:digest_settings"), {}).status_code == 403
    person.refresh_from_db()
    assert person.wants_signal_digest is True
    assert reverse("signals:digest_settings") not in client.get(reverse("work_dashboard")).content.decode()


def test_the_work_dashboard_links_to_it(client, world, velsen_member):
    client.force_login(velsen_member)
    assert reverse("signals:digest_settings") in client.get(reverse("work_dashboard")).content.decode()


def test_switching_needs_the_csrf_token(world, velsen_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(velsen_member)
    assert client.post(reverse("signals:digest_settings"), {}).status_code == 403
    velsen_member.refresh_from_db()
    assert velsen_member.wants_signal_digest is True
