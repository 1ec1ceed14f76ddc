"""/beheer/ for signals: residents' contact details only for a real superuser; status, duplicates and
referral only through the audited services, for everyone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import User
from signals.models import PendingYouthContact, SignalStatusChange, Status

from .. import factories as f
from ..admin_forms import admin_form_data
from ..factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def signal(world):
    return f.SignalFactory(
        municipality=world.velsen,
        contact_consent=True,
        contact_name="Petra Geheim",
        contact_email="petra.geheim@example.org",
        contact_phone="0612345678",
    )


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("super@example.org", TEST_PASSWORD)


def test_contact_details_of_residents_only_for_a_real_superuser(client, world, signal, superuser):
    client.force_login(world.people["beheer"])
    page = client.get(reverse("admin:signals_signal_change", args=[signal.pk])).content.decode()
    assert signal.tracking_code in page
    for secret in ("Petra Geheim", "petra.geheim@example.org", "0612345678"):
        assert secret not in page
    listing = client.get(reverse("admin:signals_signal_changelist"), {"q": "petra.geheim@example.org"})
    assert signal.tracking_code not in listing.content.decode()  # contact details are not searched either

    client.force_login(superuser)
    page = client.get(reverse("admin:signals_signal_change", args=[signal.pk])).content.decode()
    assert "petra.geheim@example.org" in page


def test_beheerder_cannot_change_contact_details(client, world, signal):
    client.force_login(world.people["beheer"])
    url = reverse("admin:signals_signal_change", args=[signal.pk])
    data = admin_form_data(client.get(url), "signal")
    data.update(contact_email=["ander@example.org"], contact_name=["Iemand"], contact_consent=["on"])
    assert client.post(url, data).status_code == 302
    signal.refresh_from_db()
    assert (signal.contact_email, signal.contact_name) == ("petra.geheim@example.org", "Petra Geheim")


def test_pending_youth_contact_shows_no_addresses_to_the_beheerder(client, world, signal):
    pending = PendingYouthContact.objects.create(
        signal=signal,
        token_hash="1" * 64,
        parent_email="ouder.geheim@example.org",
        contact_name="Kind Geheim",
        contact_email="kind.geheim@example.org",
    )
    client.force_login(world.people["beheer"])
    page = client.get(reverse("admin:signals_pendingyouthcontact_change", args=[pending.pk])).content.decode()
    for secret in ("ouder.geheim", "Kind Geheim", "kind.geheim"):
        assert secret not in page
    data = admin_form_data(
        client.get(reverse("admin:signals_pendingyouthcontact_change", args=[pending.pk])), "pendingyouthcontact"
    )
    data["parent_email"] = ["kaper@example.org"]
    client.post(reverse("admin:signals_pendingyouthcontact_change", args=[pending.pk]), data)
    pending.refresh_from_db()
    assert pending.parent_email == "ouder.geheim@example.org"


@pytest.mark.parametrize("who", ["beheer", "superuser"])
def test_status_duplicate_and_referral_change_only_through_the_services(client, world, signal, superuser, who):
    original = f.SignalFactory(municipality=world.velsen)
    client.force_login(superuser if who == "superuser" else world.people["beheer"])
    url = reverse("admin:signals_signal_change", args=[signal.pk])
    data = admin_form_data(client.get(url), "signal")
    assert not {"status", "duplicate_of", "is_regional", "referred_to_region_at", "feedback", "closed_at"} & set(data)
    data.update(
        status=[Status.DUPLICATE],
        duplicate_of=[str(original.pk)],
        is_regional=["on"],
        referred_to_region_at_0=["2026-01-01"],
        referred_to_region_at_1=["12:00:00"],
        feedback=["Klaar."],
        text=["Aangepaste tekst."],
    )
    assert client.post(url, data).status_code == 302
    signal.refresh_from_db()
    assert signal.text == "Aangepaste tekst."
    assert signal.status == Status.NEW and signal.duplicate_of is None
    assert not signal.is_regional and signal.referred_to_region_at is None and signal.feedback == ""
    assert not SignalStatusChange.objects.filter(signal=signal).exists()
