"""Proposals are signals with a kind: the triage filters and shows the kind; other apps add actions to a
signal's page through signals.extensions; the follow page shows only public outcomes."""

from __future__ import annotations

from django.urls import reverse

from signals.extensions import triage_actions
from signals.models import Kind, Signal
from tests import factories as f


def test_triage_filters_on_kind(client, world):
    signal = f.SignalFactory(municipality=world.velsen, kind=Kind.SIGNAL, text="Een gewoon signaal")
    topic = f.SignalFactory(municipality=world.velsen, kind=Kind.AGENDA_TOPIC, text="Een onderwerp voor de agenda")
    initiative = f.SignalFactory(municipality=world.velsen, kind=Kind.INITIATIVE, text="Ik wil zelf iets doen")
    client.force_login(world.people["lid_velsen"])

    def listed(query: str) -> set[int]:
        response = client.get(reverse("signals:triage") + query)
        assert response.status_code == 200
        return {s.pk for s in response.context["page"].object_list}

    assert listed("") == {signal.pk, topic.pk, initiative.pk}
    assert listed("?kind=voorstel") == {topic.pk, initiative.pk}
    assert listed("?kind=initiatief") == {initiative.pk}
    assert listed("?kind=signaal") == {signal.pk}
    # An unknown kind is a form error: the list falls back to the open signals, no 500.
    assert listed("?kind=%00onbekend") == {signal.pk, topic.pk, initiative.pk}
    page = client.get(reverse("signals:triage") + "?kind=voorstel").content.decode()
    assert "Onderwerp voor de agenda:" in page


def test_proposal_actions_on_the_triage_page_for_the_handling_council_only(client, world):
    proposal = f.SignalFactory(municipality=world.velsen, kind=Kind.POLICY_PROPOSAL)
    member, aanjager = world.people["lid_velsen"], world.people["aanjager"]
    labels = [a.label for a in triage_actions(member, proposal)]
    assert labels == ["Op de agenda zetten", "Voorstel afwijzen"]
    assert triage_actions(aanjager, proposal) == []  # reads, does not change
    plain = f.SignalFactory(municipality=world.velsen)
    assert [a.label for a in triage_actions(member, plain)] == ["Op de agenda zetten"]

    client.force_login(member)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert reverse("agenda:proposal_to_agenda", kwargs={"pk": proposal.pk}) in page
    assert reverse("agenda:proposal_decline", kwargs={"pk": proposal.pk}) in page
    client.force_login(aanjager)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert reverse("agenda:proposal_decline", kwargs={"pk": proposal.pk}) not in page


def test_no_actions_on_a_closed_signal(world):
    closed = f.SignalFactory(municipality=world.velsen, kind=Kind.AGENDA_TOPIC, status="afgerond", feedback="Gedaan.")
    assert triage_actions(world.people["lid_velsen"], closed) == []


def test_follow_page_shows_only_public_outcomes(client, world):
    signal = f.SignalFactory(municipality=world.velsen, kind=Kind.AGENDA_TOPIC)
    public = f.AgendaItemFactory(council=world.velsen_council, title="Vervoer naar de dagbesteding")
    hidden = f.AgendaItemFactory(council=world.velsen_council, title="Vertrouwelijk punt", is_public=False)
    public.signals.add(signal)
    hidden.signals.add(signal)
    assert [label for label, _objects in signal.outcomes()] == ["Agendapunt"]
    assert len(signal.outcomes()[0][1]) == 2
    page = client.get(signal.get_public_url()).content.decode()
    assert "Vervoer naar de dagbesteding" in page
    assert public.get_public_url() in page
    assert "Vertrouwelijk punt" not in page
    assert "Onderwerp voor de agenda" in page  # the kind is named


def test_kind_defaults_to_signal(world):
    signal = f.SignalFactory(municipality=world.velsen)
    assert Signal.objects.get(pk=signal.pk).kind == Kind.SIGNAL
    assert not signal.is_proposal
