"""DESIGN.md rule 4 (every signal gets an answer) and rule 5 (personal data kept only as needed)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from infrastructure.models import OutboxMessage, recipient_hash
from signals import services
from signals.models import CODE_ALPHABET, AgeGroup, PendingYouthContact, Signal, Status
from signals.services import ContactDetails

from .. import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


NO_CONTACT = ContactDetails()


def submit(world, *, contact=NO_CONTACT, **fields) -> Signal:
    signal = Signal(text="De bus naar de dagbesteding rijdt niet meer.", municipality=world.velsen, **fields)
    return services.signal_submit(signal=signal, contact=contact)


def test_tracking_code_is_short_unambiguous_and_unique(world):
    codes = {submit(world).tracking_code for _ in range(30)}
    assert len(codes) == 30
    for code in codes:
        assert len(code) == 9 and code[4] == "-"
        assert set(code.replace("-", "")) <= set(CODE_ALPHABET)
        assert not set(code) & set("01OIL")


def test_contact_details_are_kept_only_with_consent(world):
    without = submit(world, contact=ContactDetails(name="Piet", email="piet@example.org", consent=False))
    assert (without.contact_name, without.contact_email) == ("", "")
    with_consent = submit(world, contact=ContactDetails(name="Piet", email="piet@example.org", consent=True))
    assert with_consent.contact_email == "piet@example.org"
    assert OutboxMessage.objects.filter(
        recipient_hash=recipient_hash("piet@example.org"), dedup_key=f"signal-receipt:{with_consent.pk}"
    ).exists()


def test_a_signal_cannot_close_without_feedback(world):
    signal = submit(world)
    with pytest.raises(ValidationError):
        services.signal_close(signal=signal, feedback="   ", by=world.people["lid_velsen"])
    signal.refresh_from_db()
    assert signal.status == Status.NEW
    # The database refuses it too, whatever code path tries.
    with pytest.raises(IntegrityError), transaction.atomic():
        Signal.objects.filter(pk=signal.pk).update(status=Status.CLOSED, feedback="")


def test_closing_mails_the_feedback_once_to_a_resident_who_consented(world):
    signal = submit(world, contact=ContactDetails(email="inwoner@example.org", consent=True))
    mail.outbox.clear()
    services.signal_close(
        signal=signal, feedback="We nemen dit mee in de tafel vervoer.", by=world.people["lid_velsen"]
    )
    feedback_mails = [m for m in mail.outbox if "Antwoord op uw signaal" in m.subject]
    assert len(feedback_mails) == 1
    assert "tafel vervoer" in feedback_mails[0].body
    assert signal.tracking_code in feedback_mails[0].body
    signal.refresh_from_db()
    assert signal.status == Status.CLOSED and signal.closed_at is not None


def test_closing_an_anonymous_signal_mails_nobody(world):
    signal = submit(world)
    services.signal_close(signal=signal, feedback="Dank u.", by=world.people["lid_velsen"])
    assert mail.outbox == []


def test_closing_the_original_closes_its_duplicates_with_the_same_feedback(world):
    member = world.people["lid_velsen"]
    original = submit(world)
    copies = [submit(world, contact=ContactDetails(email=f"d{i}@example.org", consent=True)) for i in range(3)]
    for copy in copies:
        services.signal_mark_duplicate(signal=copy, original=original, by=member)
    mail.outbox.clear()
    services.signal_close(signal=original, feedback="De gemeente past de route aan.", by=member)
    for copy in copies:
        copy.refresh_from_db()
        assert copy.status == Status.CLOSED
        assert copy.feedback == "De gemeente past de route aan."
    assert sorted(m.to[0] for m in mail.outbox) == ["d0@example.org", "d1@example.org", "d2@example.org"]


def test_a_duplicate_of_a_closed_original_is_closed_with_its_feedback(world):
    member = world.people["lid_velsen"]
    original = submit(world)
    services.signal_close(signal=original, feedback="Al opgepakt.", by=member)
    late = submit(world)
    services.signal_mark_duplicate(signal=late, original=original, by=member)
    late.refresh_from_db()
    assert (late.status, late.feedback, late.duplicate_of_id) == (Status.CLOSED, "Al opgepakt.", original.pk)


def test_every_status_change_is_audited(world):
    member = world.people["lid_velsen"]
    signal = submit(world)
    services.signal_set_status(signal=signal, status=Status.IN_PROGRESS, by=member)
    services.signal_close(signal=signal, feedback="Klaar.", by=member)
    changes = list(signal.status_changes.values_list("from_status", "to_status", "changed_by"))
    assert changes == [
        ("", Status.NEW, None),
        (Status.NEW, Status.IN_PROGRESS, member.pk),
        (Status.IN_PROGRESS, Status.CLOSED, member.pk),
    ]


def test_taken_up_needs_to_say_what_it_became(world):
    signal = submit(world)
    with pytest.raises(ValidationError):
        services.signal_set_status(signal=signal, status=Status.TAKEN_UP, by=None)
    services.signal_set_status(signal=signal, status=Status.TAKEN_UP, taken_up_as="Tafel vervoer", by=None)
    signal.refresh_from_db()
    assert signal.taken_up_as == "Tafel vervoer"


def test_reopen_request_puts_the_signal_back_in_the_queue(world):
    signal = submit(world)
    services.signal_close(signal=signal, feedback="Klaar.", by=None)
    services.signal_request_reopen(signal=signal, reason="De bus rijdt nog steeds niet.")
    signal.refresh_from_db()
    assert signal.status == Status.IN_PROGRESS
    assert signal.reopen_requested_at is not None and signal.helped is False
    assert Signal.objects.open().filter(pk=signal.pk, reopen_requested_at__isnull=False).exists()


def test_reacting_is_possible_for_14_days_after_closing(world):
    signal = submit(world)
    services.signal_close(signal=signal, feedback="Klaar.", by=None)
    Signal.objects.filter(pk=signal.pk).update(closed_at=timezone.now() - timedelta(days=15))
    signal.refresh_from_db()
    with pytest.raises(ValidationError):
        services.signal_record_satisfaction(signal=signal, helped=True)
    with pytest.raises(ValidationError):
        services.signal_request_reopen(signal=signal, reason="Te laat.")


def test_under_16_contact_waits_for_a_parent(world):
    contact = ContactDetails(name="Sam", email="sam@example.org", consent=True, parent_email="ouder@example.org")
    signal = submit(world, contact=contact, age_group=AgeGroup.UNDER_16)
    assert (signal.contact_name, signal.contact_email) == ("", "")
    pending = PendingYouthContact.objects.get(signal=signal)
    # The outbox row lost its body when it was sent; the link is only in the delivered mail.
    assert OutboxMessage.objects.get(recipient_hash=recipient_hash("ouder@example.org")).body == ""
    parent_mail = next(m for m in mail.outbox if m.to == ["ouder@example.org"])
    token = parent_mail.body.split("/signaal/toestemming/")[1].split("/")[0]
    assert pending.token_hash != token  # only a hash is stored
    services.signal_confirm_parent_consent(token=token)
    signal.refresh_from_db()
    assert (signal.contact_name, signal.contact_email) == ("Sam", "sam@example.org")
    assert not PendingYouthContact.objects.filter(signal=signal).exists()
    assert services.signal_confirm_parent_consent(token=token) is None


def test_retention_erases_old_contacts_and_unconfirmed_youth(world, settings):
    settings.SIGNAL_CONTACT_RETENTION_DAYS = 365
    member = world.people["lid_velsen"]
    old = submit(world, contact=ContactDetails(name="Oud", email="oud@example.org", consent=True))
    recent = submit(world, contact=ContactDetails(name="Nieuw", email="nieuw@example.org", consent=True))
    still_open = submit(world, contact=ContactDetails(name="Open", email="open@example.org", consent=True))
    for signal in (old, recent):
        services.signal_close(signal=signal, feedback="Klaar.", by=member)
    Signal.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=366))
    Signal.objects.filter(pk=still_open.pk).update(created_at=timezone.now() - timedelta(days=800))
    youth = submit(
        world,
        age_group=AgeGroup.UNDER_16,
        contact=ContactDetails(email="kind@example.org", consent=True, parent_email="ouder@example.org"),
    )
    PendingYouthContact.objects.filter(signal=youth).update(created_at=timezone.now() - timedelta(days=15))
    old.refresh_from_db()
    remainder = (old.text, old.theme_id, old.municipality_id, old.status, old.feedback)

    result = services.signal_erase_expired_contacts()

    assert result == {"signals": 1, "pending_youth_contacts": 1}
    old.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_consent) == ("", "", False)
    assert old.contact_erased_at is not None
    # The anonymous remainder stays: what was said, about what and where, and how it ended.
    assert old.text
    assert (old.text, old.theme_id, old.municipality_id, old.status, old.feedback) == remainder
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.contact_email == "nieuw@example.org"
    assert still_open.contact_email == "open@example.org"
    assert services.signal_erase_expired_contacts() == {"signals": 0, "pending_youth_contacts": 0}
    assert Signal.objects.count() == 4  # statistics keep every signal


def test_resident_can_erase_contact_by_code_and_email(world):
    signal = submit(world, contact=ContactDetails(name="Piet", email="Piet@Example.org", consent=True))
    assert services.signal_erase_contact_on_request(signal=signal, email="iemand@example.org") is False
    signal.refresh_from_db()
    assert signal.contact_email
    assert services.signal_erase_contact_on_request(signal=signal, email="piet@example.org") is True
    signal.refresh_from_db()
    assert (signal.contact_name, signal.contact_email) == ("", "")


def test_referral_moves_the_signal_to_the_regional_queue(world):
    signal = submit(world)
    assert services.signal_refer_to_region(signals=[signal], by=world.people["lid_velsen"]) == 1
    assert Signal.objects.handled_by(world.regional_council).filter(pk=signal.pk).exists()
    assert not Signal.objects.handled_by(world.velsen_council).filter(pk=signal.pk).exists()
    assert services.signal_refer_to_region(signals=[signal], by=None) == 0


def test_what_it_became_reads_reverse_relations_without_imports(world):
    """A higher app's model that points at signals (as agenda items and tables will) shows up in
    ``Signal.outcomes()``, with no import from signals to that app."""
    from django.apps import apps
    from django.db import connection, models

    class Outcome(models.Model):
        title = models.CharField(max_length=50)
        signals = models.ManyToManyField(Signal, related_name="test_outcomes")
        signal_outcome_label = "Agendapunt"

        class Meta:
            app_label = "signals"

        def __str__(self):
            return self.title

    try:
        with connection.schema_editor() as editor:
            editor.create_model(Outcome)
        Signal._meta._expire_cache()
        signal = f.SignalFactory(municipality=world.velsen)
        assert signal.outcomes() == []
        item = Outcome.objects.create(title="Vervoer naar dagbesteding")
        item.signals.add(signal)
        assert signal.outcomes() == [("Agendapunt", [item])]
        # With such a link, "opgepakt" needs no free text.
        services.signal_set_status(signal=signal, status=Status.TAKEN_UP, by=None)
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Outcome)
        del apps.all_models["signals"]["outcome"]
        apps.clear_cache()
        Signal._meta._expire_cache()


def _signature(message) -> str:
    return message.body.rstrip().rsplit("Met vriendelijke groet,", 1)[1].strip()


def test_mails_to_the_resident_are_signed_by_the_council_that_handles_the_signal(world):
    member = world.people["lid_velsen"]
    contact = ContactDetails(email="inwoner@example.org", consent=True)
    mail.outbox.clear()
    local = submit(world, contact=contact)
    assert _signature(mail.outbox[-1]) == "Participatieraad Velsen"  # the receipt
    services.signal_close(signal=local, feedback="Besproken.", by=member)
    assert _signature(mail.outbox[-1]) == "Participatieraad Velsen"  # the answer

    regional = submit(world, contact=ContactDetails(email="ander@example.org", consent=True))
    services.signal_refer_to_region(signals=[regional], by=member)
    services.signal_close(signal=regional, feedback="De regio pakt het op.", by=world.people["lid_regio"])
    assert _signature(mail.outbox[-1]) == "Regionale Participatieraad IJmond"
