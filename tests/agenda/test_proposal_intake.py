"""Residents' proposals at /agenda/voorstel/: one intake with the signals, a required kind, followed by
tracking code; the same limit, honeypot, privacy rules and hostile-input guarantees as the signal form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from infrastructure.models import OutboxMessage
from signals.models import Channel, Kind, Signal, Status

from .. import factories as f

pytestmark = pytest.mark.django_db

URL = reverse("agenda:propose")


def valid_data(world, **overrides) -> dict:
    data = {
        "kind": Kind.AGENDA_TOPIC.value,
        "text": "Zet vervoer naar de dagbesteding op de agenda: de busjes komen vaak te laat.",
        "municipality": world.velsen.pk,
    }
    data.update(overrides)
    return data


def test_the_page_explains_the_three_kinds_and_what_happens_next(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Doe een voorstel" in html
    for kind in (Kind.AGENDA_TOPIC, Kind.POLICY_PROPOSAL, Kind.INITIATIVE):
        assert f'value="{kind.value}"' in html
    assert 'type="radio" name="kind"' in html
    assert 'value="signaal"' not in html  # a signal has its own form
    assert "zelf iets doen" in html
    assert "of legt uit waarom niet" in html
    assert 'name="website"' in html  # the honeypot


@pytest.mark.parametrize("kind", [Kind.AGENDA_TOPIC, Kind.POLICY_PROPOSAL, Kind.INITIATIVE])
def test_a_proposal_is_stored_as_a_signal_with_its_kind(client, world, kind):
    theme = f.ThemeFactory()
    response = client.post(URL, valid_data(world, kind=kind.value, theme=theme.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("signals:received")
    signal = Signal.objects.get()
    assert (signal.kind, signal.channel, signal.status) == (kind, Channel.WEB, Status.NEW)
    assert (signal.municipality, signal.theme) == (world.velsen, theme)
    assert signal.is_proposal
    assert signal in Signal.objects.proposals()
    received = client.get(reverse("signals:received")).content.decode()
    assert signal.tracking_code in received
    assert signal.get_public_url() in received
    # Followed on the signal's own page, by its code.
    assert client.get(signal.get_public_url()).status_code == 200


def test_with_consent_the_proposer_gets_a_receipt_by_mail(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, valid_data(world, contact_consent="on", contact_email="inwoner@example.org", contact_name="Fatima")
        )
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert (signal.contact_consent, signal.contact_email) == (True, "inwoner@example.org")
    assert OutboxMessage.objects.filter(dedup_key=f"signal-receipt:{signal.pk}").exists()


def test_without_contact_details_nothing_is_mailed(client, world):
    assert client.post(URL, valid_data(world)).status_code == 302
    signal = Signal.objects.get()
    assert not signal.contact_consent
    assert not OutboxMessage.objects.filter(dedup_key=f"signal-receipt:{signal.pk}").exists()


def test_contact_details_need_consent_and_the_text_is_kept(client, world):
    response = client.post(URL, valid_data(world, contact_email="a@example.org"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zet een vinkje" in html
    assert "de busjes komen vaak te laat" in html
    assert Signal.objects.count() == 0


def test_under_16_needs_a_parent_email(client, world):
    data = valid_data(world, age_group="onder_16", contact_consent="on", contact_email="kind@example.org")
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "ouder of verzorger" in response.content.decode()
    assert Signal.objects.count() == 0


@pytest.mark.parametrize("kind", ["", "signaal", "onbekend", "<script>alert(1)</script>", "1"])
def test_the_kind_is_required_and_must_be_a_proposal(client, world, kind):
    response = client.post(URL, valid_data(world, kind=kind))
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert "<script>alert" not in response.content.decode()
    assert Signal.objects.count() == 0


def test_proposing_is_rate_limited_with_the_signals_and_keeps_the_text(client, world, settings):
    settings.SIGNAL_SUBMIT_RATE = "2/h"
    # A signal and a proposal count together: public forms of every app share the limit.
    assert (
        client.post(reverse("signals:submit"), {"text": "Een signaal.", "municipality": world.velsen.pk}).status_code
        == 302
    )
    assert client.post(URL, valid_data(world)).status_code == 302
    response = client.post(URL, valid_data(world, text="Mijn derde voorstel dat ik niet kwijt wil."))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Uw voorstel is nog niet verstuurd" in html
    assert "Mijn derde voorstel dat ik niet kwijt wil." in html
    assert Signal.objects.count() == 2


def test_corrections_do_not_count_against_the_limit(client, world, settings):
    settings.SIGNAL_SUBMIT_RATE = "1/h"
    for _ in range(3):
        assert client.post(URL, valid_data(world, kind="")).status_code == 200
    assert client.post(URL, valid_data(world)).status_code == 302


def test_the_honeypot_stores_nothing(client, world):
    response = client.post(URL, valid_data(world, website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("signals:received")
    assert Signal.objects.count() == 0


def test_a_wijk_of_another_municipality_is_refused_on_the_field(client, world):
    elsewhere = f.NeighbourhoodFactory(municipality=world.beverwijk, name="Wijk aan Zee")
    response = client.post(URL, valid_data(world, neighbourhood=elsewhere.pk))
    assert response.status_code == 200
    assert "neighbourhood" in response.context["form"].errors
    assert Signal.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"text": "<script>alert('x')</script><b>vet</b>"},
        {"text": "x" * 5001},
        {"text": "x" * 100_000},
        {"text": "nul\x00byte"},
        {"text": "\x01\x02\x03"},
        {"municipality": "999999"},
        {"municipality": "niet-een-getal"},
        {"municipality": "../../"},
        {"theme": "999999"},
        {"theme": "abc"},
        {"neighbourhood": "123456"},
        {"neighbourhood": "-1"},
        {"kind": "x" * 5001},
        {"speaker": "hacker"},
        {"age_group": "'; DROP TABLE signals_signal; --"},
        {"contact_name": "\x00\x01", "contact_consent": "on"},
        {"contact_email": "<img src=x onerror=alert(1)>", "contact_consent": "on"},
        {"contact_phone": "<svg/onload=alert(1)>", "contact_consent": "on"},
    ],
)
def test_hostile_input_never_gives_a_500_and_is_escaped(client, world, overrides):
    response = client.post(URL, valid_data(world, **overrides))
    assert response.status_code in {200, 302}
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<svg/onload" not in html
    if response.status_code == 200:
        assert Signal.objects.count() == 0  # nothing half-saved
    if len(overrides.get("text", "")) > 5000:
        assert "text" in response.context["form"].errors


def test_missing_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, valid_data(world)).status_code == 403
    assert Signal.objects.count() == 0


def test_the_proposal_form_is_reached_from_the_home_page_and_the_agenda(client, world):
    assert URL in client.get(reverse("home")).content.decode()
    assert URL in client.get(reverse("agenda:list")).content.decode()
    assert reverse("agenda:list") in client.get(reverse("home")).content.decode()
