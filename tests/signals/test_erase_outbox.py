"""Erasing a resident's contact details (on request or by retention) also erases their mail in the outbox,
found by the recipient hash: unsent mail of that signal is deleted, sent mail loses the link to them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from infrastructure import mail as outbox
from infrastructure.models import OutboxMessage, recipient_hash
from signals import services
from signals.models import AgeGroup, PendingYouthContact, Signal
from signals.services import ContactDetails

pytestmark = pytest.mark.django_db  # mails stay unsent unless a test delivers them

PIET = "piet@example.org"


def _submit(world, contact: ContactDetails, **fields) -> Signal:
    signal = Signal(text="De bus naar de dagbesteding rijdt niet meer.", municipality=world.velsen, **fields)
    return services.signal_submit(signal=signal, contact=contact)


def _rows(address: str):
    return OutboxMessage.objects.filter(recipient_hash=recipient_hash(address))


def _deliver_all() -> None:
    for pk in OutboxMessage.objects.unsent().values_list("pk", flat=True):
        outbox.deliver(pk)


def test_erase_on_request_erases_the_signals_mail(world):
    signal = _submit(world, ContactDetails(name="Piet", email=PIET, consent=True))
    _deliver_all()  # the receipt went out
    services.signal_close(signal=signal, feedback="Opgelost.", by=world.people["lid_velsen"])  # waits
    later = _submit(world, ContactDetails(email=PIET, consent=True))  # another signal, its receipt waits
    assert _rows(PIET).count() == 3

    assert services.signal_erase_contact_on_request(signal=signal, email="Piet@Example.org")
    remaining = list(_rows(PIET))
    # Only the other signal's waiting receipt still leads to Piet: it must still go out.
    assert [row.dedup_key for row in remaining] == [f"signal-receipt:{later.pk}"]
    assert not OutboxMessage.objects.filter(dedup_key__startswith=f"signal-feedback:{signal.pk}:").exists()
    receipt = OutboxMessage.objects.get(dedup_key=f"signal-receipt:{signal.pk}")
    assert receipt.recipient_hash == "" and receipt.body == "" and receipt.sent_at is not None


def test_erase_on_request_erases_the_parent_consent_mail(world):
    contact = ContactDetails(name="Sam", email="sam@example.org", consent=True, parent_email="ouder@example.org")
    signal = _submit(world, contact, age_group=AgeGroup.UNDER_16)
    assert _rows("ouder@example.org").exists()  # the mail with the consent link, not sent yet
    assert services.signal_erase_contact_on_request(signal=signal, email="sam@example.org")
    assert not _rows("ouder@example.org").exists()
    assert not OutboxMessage.objects.filter(dedup_key=f"signal-parent-consent:{signal.pk}").exists()


def test_retention_erases_the_outbox_rows_of_expired_contacts(world, settings):
    settings.SIGNAL_CONTACT_RETENTION_DAYS = 365
    old = _submit(world, ContactDetails(name="Oud", email="oud@example.org", consent=True))
    _deliver_all()
    services.signal_close(signal=old, feedback="Klaar.", by=world.people["lid_velsen"])
    # The feedback mail gave up (its content is kept for a while for a person to look into it).
    OutboxMessage.objects.filter(dedup_key__startswith=f"signal-feedback:{old.pk}:").update(
        attempts=settings.OUTBOX_MAX_ATTEMPTS
    )
    Signal.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=400))
    recent = _submit(world, ContactDetails(name="Nieuw", email="nieuw@example.org", consent=True))

    result = services.signal_erase_expired_contacts()
    assert result["signals"] == 1
    assert not _rows("oud@example.org").exists()
    assert not OutboxMessage.objects.filter(dedup_key__startswith=f"signal-feedback:{old.pk}:").exists()
    assert OutboxMessage.objects.get(dedup_key=f"signal-receipt:{old.pk}").recipient_hash == ""
    assert _rows("nieuw@example.org").get().dedup_key == f"signal-receipt:{recent.pk}"


def test_retention_erases_the_mail_of_unconfirmed_youth_contacts(world):
    contact = ContactDetails(name="Sam", email="sam@example.org", consent=True, parent_email="ouder@example.org")
    signal = _submit(world, contact, age_group=AgeGroup.UNDER_16)
    _deliver_all()
    PendingYouthContact.objects.filter(signal=signal).update(created_at=timezone.now() - timedelta(days=15))
    result = services.signal_erase_expired_contacts()
    assert result["pending_youth_contacts"] == 1
    assert not _rows("ouder@example.org").exists()
    assert OutboxMessage.objects.get(dedup_key=f"signal-parent-consent:{signal.pk}").body == ""
