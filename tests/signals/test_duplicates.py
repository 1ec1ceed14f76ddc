"""Duplicates: a flat chain to the real original, no cycles, closing the whole chain, and no tracking
code of another council's signal on a member's page (the code unlocks the resident's public forms)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from infrastructure.models import OutboxMessage
from signals import services
from signals.models import Signal, SignalStatusChange, Status

from .. import factories as f

pytestmark = pytest.mark.django_db


def velsen(world, **fields) -> Signal:
    return f.SignalFactory(municipality=world.velsen, **fields)


def mark(signal: Signal, original: Signal, by) -> Signal:
    return services.signal_mark_duplicate(signal=signal, original=original, by=by)


def fresh(*signals: Signal) -> list[Signal]:
    for signal in signals:
        signal.refresh_from_db()
    return list(signals)


# --- The chain ---------------------------------------------------------------------------------------


def test_marking_an_original_as_duplicate_repoints_its_own_duplicates(world, velsen_member):
    a, b, c = velsen(world), velsen(world), velsen(world)
    mark(a, b, velsen_member)
    mark(b, c, velsen_member)
    a, b = fresh(a, b)
    # No chain A → B → C: both point at the real original.
    assert (a.duplicate_of_id, b.duplicate_of_id) == (c.pk, c.pk)
    assert a.status == b.status == Status.DUPLICATE


def test_a_duplicate_of_a_legacy_chain_points_at_the_real_original(world, velsen_member):
    c = velsen(world)
    b = velsen(world, status=Status.DUPLICATE, duplicate_of=c)
    a = velsen(world, status=Status.DUPLICATE, duplicate_of=b)  # a chain made before the fix
    x = velsen(world)
    mark(x, a, velsen_member)
    (x,) = fresh(x)
    assert x.duplicate_of_id == c.pk


def test_a_cycle_is_refused_with_a_clear_message(world, velsen_member):
    a, b = velsen(world), velsen(world)
    mark(a, b, velsen_member)
    with pytest.raises(ValidationError) as error:
        mark(b, a, velsen_member)
    assert "al een dubbel van dit signaal" in " ".join(error.value.messages)
    a, b = fresh(a, b)
    # B stays in the queue to be answered; A still waits for B.
    assert (b.status, b.duplicate_of_id) == (Status.NEW, None)
    assert (a.status, a.duplicate_of_id) == (Status.DUPLICATE, b.pk)


def test_a_longer_cycle_is_refused_too(world, velsen_member):
    c = velsen(world)
    b = velsen(world, status=Status.DUPLICATE, duplicate_of=c)
    a = velsen(world, status=Status.DUPLICATE, duplicate_of=b)  # legacy chain A → B → C
    with pytest.raises(ValidationError):
        mark(c, a, velsen_member)
    (c,) = fresh(c)
    assert (c.status, c.duplicate_of_id) == (Status.NEW, None)


def test_the_cycle_message_shows_on_the_triage_page(client, world, velsen_member):
    a, b = velsen(world), velsen(world)
    mark(a, b, velsen_member)
    client.force_login(velsen_member)
    response = client.post(reverse("signals:mark_duplicate", kwargs={"pk": b.pk}), {"original": a.tracking_code})
    assert response.status_code == 400
    assert "al een dubbel van dit signaal" in response.content.decode()
    (b,) = fresh(b)
    assert b.status == Status.NEW


def test_a_signal_is_never_its_own_duplicate(client, world, velsen_member):
    signal = velsen(world)
    client.force_login(velsen_member)
    response = client.post(
        reverse("signals:mark_duplicate", kwargs={"pk": signal.pk}), {"original": signal.tracking_code}
    )
    assert response.status_code == 400
    # The model's rule (Signal.clean), shown on the form's field for the original.
    assert "geen dubbel van zichzelf" in " ".join(response.context["duplicate_form"].errors["original"])
    (signal,) = fresh(signal)
    assert (signal.status, signal.duplicate_of_id) == (Status.NEW, None)
    assert not SignalStatusChange.objects.filter(signal=signal, to_status=Status.DUPLICATE).exists()


def test_marking_as_duplicate_of_a_closed_original_closes_the_repointed_duplicates(world, velsen_member):
    original = velsen(world)
    services.signal_close(signal=original, feedback="De gemeente past de route aan.", by=velsen_member)
    a = velsen(world)
    waiting = velsen(world, contact_consent=True, contact_email="wacht@example.org")
    mark(waiting, a, velsen_member)
    mark(a, original, velsen_member)
    a, waiting = fresh(a, waiting)
    for signal in (a, waiting):
        assert (signal.status, signal.feedback, signal.duplicate_of_id) == (
            Status.CLOSED,
            "De gemeente past de route aan.",
            original.pk,
        )
    # The feedback mail for this closing (the dedup key names the signal and the how-many-th closing).
    assert OutboxMessage.objects.filter(dedup_key=f"signal-feedback:{waiting.pk}:1").exists()


# --- Closing the chain -------------------------------------------------------------------------------


def test_closing_an_original_closes_the_whole_chain_mails_and_audits(world, velsen_member):
    c = velsen(world)
    b = velsen(world, status=Status.DUPLICATE, duplicate_of=c, contact_consent=True, contact_email="b@example.org")
    a = velsen(world, status=Status.DUPLICATE, duplicate_of=b, contact_consent=True, contact_email="a@example.org")
    services.signal_close(signal=c, feedback="Het komt op de agenda.", by=velsen_member)
    a, b = fresh(a, b)
    for signal in (a, b):
        assert (signal.status, signal.feedback) == (Status.CLOSED, "Het komt op de agenda.")
        change = SignalStatusChange.objects.filter(signal=signal).last()
        assert (change.from_status, change.to_status, change.changed_by) == (
            Status.DUPLICATE,
            Status.CLOSED,
            velsen_member,
        )
        assert OutboxMessage.objects.filter(dedup_key=f"signal-feedback:{signal.pk}:1").exists()


# --- Other councils' tracking codes --------------------------------------------------------------------


@pytest.fixture
def cross_council(world):
    """A referred Velsen signal that the regional member marked as duplicate of a Heemskerk signal."""
    heemskerk = f.SignalFactory(municipality=world.heemskerk)
    referred = velsen(world, referred_to_region_at=timezone.now())
    mark(referred, heemskerk, world.people["lid_regio"])
    return referred, heemskerk


def test_member_never_sees_the_code_of_an_original_in_another_council(client, world, cross_council):
    referred, heemskerk = cross_council
    client.force_login(world.people["lid_velsen"])  # Velsen keeps seeing what it referred
    html = client.get(referred.get_absolute_url()).content.decode()
    assert heemskerk.tracking_code not in html
    assert heemskerk.get_absolute_url() not in html
    assert f"signaal #{heemskerk.pk}" in html
    assert "Participatieraad Heemskerk" in html


def test_member_never_sees_the_code_of_a_duplicate_in_another_council(client, world, cross_council):
    referred, heemskerk = cross_council
    client.force_login(world.people["lid_heemskerk"])
    html = client.get(heemskerk.get_absolute_url()).content.decode()
    assert referred.tracking_code not in html
    assert f"signaal #{referred.pk}" in html
    assert "Regionale Participatieraad IJmond" in html  # the council that handles it now


def test_member_who_sees_both_gets_the_code_and_the_link(client, world, cross_council):
    referred, heemskerk = cross_council
    client.force_login(world.people["lid_regio"])
    html = client.get(referred.get_absolute_url()).content.decode()
    assert heemskerk.tracking_code in html and heemskerk.get_absolute_url() in html
    html = client.get(heemskerk.get_absolute_url()).content.decode()
    assert referred.tracking_code in html and referred.get_absolute_url() in html


def test_member_may_only_mark_as_duplicate_of_a_signal_they_see(client, world, velsen_member):
    mine = velsen(world)
    theirs = f.SignalFactory(municipality=world.beverwijk)
    client.force_login(velsen_member)
    response = client.post(
        reverse("signals:mark_duplicate", kwargs={"pk": mine.pk}), {"original": theirs.tracking_code}
    )
    assert response.status_code == 400
    assert "Geen signaal met deze volgcode gevonden" in response.content.decode()
    (mine,) = fresh(mine)
    assert (mine.status, mine.duplicate_of_id) == (Status.NEW, None)


def test_public_follow_page_never_shows_the_originals_code(client, world, velsen_member):
    original = velsen(world)
    copy = velsen(world)
    mark(copy, original, velsen_member)
    html = client.get(copy.get_public_url()).content.decode()
    assert original.tracking_code not in html
    services.signal_close(signal=original, feedback="Opgelost.", by=velsen_member)
    html = client.get(copy.get_public_url()).content.decode()
    assert "Opgelost." in html and original.tracking_code not in html


# --- Concurrency (PostgreSQL: row locks) ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_crossing_marks_never_make_a_cycle(world, velsen_member):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    a, b = velsen(world), velsen(world)
    outcome: dict[str, object] = {}

    def mark_b_as_duplicate_of_a() -> None:
        try:
            mark(Signal.objects.get(pk=b.pk), Signal.objects.get(pk=a.pk), velsen_member)
            outcome["second"] = "marked"
        except ValidationError:
            outcome["second"] = "refused"
        finally:
            connection.close()

    with transaction.atomic():
        # Hold both rows while the other request starts, then mark A as duplicate of B.
        list(Signal.objects.select_for_update().filter(pk__in=[a.pk, b.pk]))
        other = threading.Thread(target=mark_b_as_duplicate_of_a)
        other.start()
        other.join(timeout=0.5)
        assert other.is_alive(), "the second request should wait for the row lock"
        mark(a, b, velsen_member)
    other.join(timeout=10)
    assert outcome["second"] == "refused"
    a, b = fresh(a, b)
    assert (a.duplicate_of_id, b.duplicate_of_id, b.status) == (b.pk, None, Status.NEW)
