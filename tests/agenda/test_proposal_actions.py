"""The two agenda actions on a signal's triage page: put a proposal on the agenda (an item with origin
inwonersvoorstel, the signal "opgepakt", shown through Signal.outcomes, the proposer mailed with consent)
and decline it with reasons (the signal closed with them as feedback, mailed with consent)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agenda.models import AgendaItem, ItemStatus, Origin
from infrastructure.models import OutboxMessage
from signals.models import Kind, Status

from .. import factories as f

pytestmark = pytest.mark.django_db


def proposal(municipality, **kwargs):
    kwargs.setdefault("kind", Kind.POLICY_PROPOSAL)
    kwargs.setdefault("text", "Maak een wandelclub voor ouderen in Velsen-Noord.\nDan zien ze elkaar vaker.")
    return f.SignalFactory(municipality=municipality, **kwargs)


def with_consent(**kwargs):
    return {"contact_email": "inwoner.voorstel@example.org", "contact_consent": True, **kwargs}


def test_triage_page_links_to_both_actions(client, world):
    signal = proposal(world.velsen)
    client.force_login(world.people["lid_velsen"])
    body = client.get(signal.get_absolute_url()).content.decode()
    assert reverse("agenda:proposal_to_agenda", args=[signal.pk]) in body
    assert reverse("agenda:proposal_decline", args=[signal.pk]) in body


def test_form_is_prefilled_with_a_warning_about_personal_details(client, world):
    signal = proposal(world.velsen)
    client.force_login(world.people["lid_velsen"])
    response = client.get(reverse("agenda:proposal_to_agenda", args=[signal.pk]))
    form = response.context["form"]
    assert form.initial["title"] == "Maak een wandelclub voor ouderen in Velsen-Noord."
    assert form.initial["description"] == signal.text
    assert form.initial["is_public"] is True
    assert "persoonlijke gegevens" in response.content.decode()
    assert response.context["council"] == world.velsen_council


def test_put_on_the_agenda(client, world):
    theme = f.ThemeFactory()
    signal = proposal(world.velsen, theme=theme, **with_consent())
    client.force_login(world.people["lid_velsen"])
    response = client.post(
        reverse("agenda:proposal_to_agenda", args=[signal.pk]),
        {"title": "Wandelclub voor ouderen", "description": "Ouderen willen samen wandelen.", "is_public": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == signal.get_absolute_url()
    item = AgendaItem.objects.get()
    assert (item.council, item.origin, item.status, item.is_public) == (
        world.velsen_council,
        Origin.RESIDENT_PROPOSAL,
        ItemStatus.PROPOSED,
        True,
    )
    assert list(item.signals.all()) == [signal]
    assert list(item.themes.all()) == [theme]
    signal.refresh_from_db()
    assert signal.status == Status.TAKEN_UP
    assert signal.outcomes(public=True) == [("Agendapunt", [item])]
    mail = OutboxMessage.objects.get(dedup_key=f"proposal-on-agenda:{signal.pk}:{item.pk}")
    assert mail.to == ["inwoner.voorstel@example.org"]
    # The member's message on the triage page.
    followed = client.get(response["Location"])
    assert "staat op de agenda" in followed.content.decode()
    # The resident's follow page shows the item.
    assert "Wandelclub voor ouderen" in client.get(signal.get_public_url()).content.decode()


def test_no_mail_without_consent_and_a_private_item_is_not_public(client, world):
    signal = proposal(world.velsen, contact_email="geen.toestemming@example.org", contact_consent=False)
    client.force_login(world.people["lid_velsen"])
    client.post(
        reverse("agenda:proposal_to_agenda", args=[signal.pk]),
        {"title": "Intern punt", "description": "Eerst uitzoeken."},
    )
    item = AgendaItem.objects.get()
    assert not item.is_public
    assert not OutboxMessage.objects.filter(dedup_key__startswith="proposal-on-agenda:").exists()
    signal.refresh_from_db()
    assert signal.outcomes(public=True) == []
    assert signal.outcomes() == [("Agendapunt", [item])]


def test_regional_signal_goes_on_the_regional_agenda(client, world):
    signal = proposal(world.heemskerk, is_regional=True)
    client.force_login(world.people["lid_heemskerk"])  # the local council does not handle it
    assert client.get(reverse("agenda:proposal_to_agenda", args=[signal.pk])).status_code == 403
    client.force_login(world.people["lid_regio"])
    client.post(
        reverse("agenda:proposal_to_agenda", args=[signal.pk]),
        {"title": "Doelgroepenvervoer", "description": "Ritten over de gemeentegrens.", "is_public": "on"},
    )
    assert AgendaItem.objects.get().council == world.regional_council


def test_decline_with_reasons(client, world):
    signal = proposal(world.velsen, **with_consent())
    client.force_login(world.people["lid_velsen"])
    url = reverse("agenda:proposal_decline", args=[signal.pk])
    response = client.post(url, {"reasons": "  \x00 "})
    assert response.status_code == 400
    assert "reasons" in response.context["form"].errors
    signal.refresh_from_db()
    assert signal.status == Status.NEW
    response = client.post(url, {"reasons": "De gemeente start dit voorjaar al een wandelclub."})
    assert response["Location"] == signal.get_absolute_url()
    signal.refresh_from_db()
    assert signal.status == Status.CLOSED
    assert signal.feedback == "De gemeente start dit voorjaar al een wandelclub."
    assert OutboxMessage.objects.get(dedup_key__startswith=f"signal-feedback:{signal.pk}:").to == [
        "inwoner.voorstel@example.org"
    ]
    assert not AgendaItem.objects.exists()


def test_decline_without_consent_sends_no_mail(client, world):
    signal = proposal(world.velsen, contact_email="geen.toestemming@example.org", contact_consent=False)
    client.force_login(world.people["lid_velsen"])
    client.post(reverse("agenda:proposal_decline", args=[signal.pk]), {"reasons": "Past niet bij de raad."})
    signal.refresh_from_db()
    assert signal.status == Status.CLOSED
    assert not OutboxMessage.objects.filter(dedup_key__startswith=f"signal-feedback:{signal.pk}:").exists()


def test_decline_is_only_for_open_proposals(client, world):
    plain = f.SignalFactory(municipality=world.velsen, kind=Kind.SIGNAL)
    client.force_login(world.people["lid_velsen"])
    assert client.get(reverse("agenda:proposal_decline", args=[plain.pk])).status_code == 404
    closed = proposal(world.velsen, status=Status.CLOSED, feedback="Al beantwoord.")
    for name in ("agenda:proposal_decline", "agenda:proposal_to_agenda"):
        response = client.post(reverse(name, args=[closed.pk]), {"reasons": "x", "title": "x", "description": "x"})
        assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.feedback == "Al beantwoord."
    assert not AgendaItem.objects.exists()


def test_permissions(client, world):
    signal = proposal(world.velsen)
    for name in ("agenda:proposal_to_agenda", "agenda:proposal_decline"):
        url = reverse(name, args=[signal.pk])
        assert client.get(url).status_code == 302  # to the login page
        client.force_login(world.people["lid_beverwijk"])
        assert client.get(url).status_code == 404
        client.force_login(world.people["beleid_velsen"])
        assert client.get(url).status_code == 404
        client.force_login(world.people["aanjager"])  # reads the signal, does not handle it
        assert client.post(url, {"reasons": "x", "title": "x", "description": "x"}).status_code == 403
        client.logout()
    signal.refresh_from_db()
    assert signal.status == Status.NEW
    assert not AgendaItem.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"title": "x" * 201, "description": "Tekst"},
        {"title": "Titel", "description": "y" * 100_000},
        {"title": "\x00\x01", "description": "Tekst"},
        {"title": "Titel", "description": ""},
    ],
)
def test_hostile_input_on_the_agenda_form(client, world, data):
    signal = proposal(world.velsen)
    client.force_login(world.people["lid_velsen"])
    response = client.post(reverse("agenda:proposal_to_agenda", args=[signal.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not AgendaItem.objects.exists()
    signal.refresh_from_db()
    assert signal.status == Status.NEW


def test_hostile_input_on_the_decline_form(client, world):
    signal = proposal(world.velsen)
    client.force_login(world.people["lid_velsen"])
    response = client.post(reverse("agenda:proposal_decline", args=[signal.pk]), {"reasons": "r" * 100_000})
    assert response.status_code == 400
    response = client.post(reverse("agenda:proposal_decline", args=[signal.pk]), {"reasons": "Nee\x07, dank u."})
    signal.refresh_from_db()
    assert signal.feedback == "Nee, dank u."
    for value in ("9" * 25, "9" * 5000):
        assert client.get(f"/werk/signalen/{value}/agenderen/").status_code == 404
