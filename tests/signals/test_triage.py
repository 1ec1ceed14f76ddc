"""The council's triage queue: scope, filters, search, bulk actions, closing, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from signals.models import Signal, Status

from .. import factories as f

pytestmark = pytest.mark.django_db


def codes(response) -> set[str]:
    return {s.tracking_code for s in response.context["page"].object_list}


def test_local_member_sees_only_own_municipality(client, world):
    mine = f.SignalFactory(municipality=world.velsen)
    theirs = f.SignalFactory(municipality=world.beverwijk)
    client.force_login(world.people["lid_velsen"])
    response = client.get(reverse("signals:triage"))
    assert codes(response) == {mine.tracking_code}
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_regional_member_sees_referred_and_regional_signals(client, world):
    referred = f.SignalFactory(municipality=world.velsen, referred_to_region_at=timezone.now())
    regional = f.SignalFactory(municipality=world.beverwijk, is_regional=True)
    f.SignalFactory(municipality=world.velsen)
    heemskerk = f.SignalFactory(municipality=world.heemskerk)
    client.force_login(world.people["lid_regio"])  # sits on Heemskerk and the regional council
    assert codes(client.get(reverse("signals:triage"))) == {
        referred.tracking_code,
        regional.tracking_code,
        heemskerk.tracking_code,
    }


def test_aanjager_reads_but_cannot_change_and_sees_no_contact_details(client, world):
    signal = f.SignalFactory(municipality=world.velsen, contact_consent=True, contact_email="geheim@example.org")
    client.force_login(world.people["aanjager"])
    html = client.get(signal.get_absolute_url()).content.decode()
    assert "geheim@example.org" not in html
    response = client.post(reverse("signals:close", kwargs={"pk": signal.pk}), {"feedback": "x"})
    assert response.status_code == 403


def test_member_sees_contact_details_of_own_signals(client, world):
    signal = f.SignalFactory(municipality=world.velsen, contact_consent=True, contact_email="inwoner@example.org")
    client.force_login(world.people["lid_velsen"])
    assert "inwoner@example.org" in client.get(signal.get_absolute_url()).content.decode()


def test_filters_and_search(client, world):
    theme = f.ThemeFactory(name="Mantelzorg")
    wijk = f.NeighbourhoodFactory(municipality=world.velsen, name="Driehuis")
    match = f.SignalFactory(
        municipality=world.velsen,
        theme=theme,
        neighbourhood=wijk,
        channel="telefoon",
        speaker="mantelzorger",
        text="Mantelzorgers in Driehuis kunnen nergens terecht voor respijtzorg.",
    )
    f.SignalFactory(municipality=world.velsen, text="Losse stoeptegels bij de school.")
    old = f.SignalFactory(municipality=world.velsen, theme=theme, text="Respijtzorg is te duur.")
    Signal.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    client.force_login(world.people["lid_velsen"])
    url = reverse("signals:triage")
    assert codes(client.get(url, {"theme": theme.pk})) == {match.tracking_code, old.tracking_code}
    assert codes(client.get(url, {"neighbourhood": wijk.pk})) == {match.tracking_code}
    assert codes(client.get(url, {"channel": "telefoon"})) == {match.tracking_code}
    assert codes(client.get(url, {"speaker": "mantelzorger"})) == {match.tracking_code}
    since = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert old.tracking_code not in codes(client.get(url, {"date_from": since}))
    assert codes(client.get(url, {"q": "respijtzorg"})) == {match.tracking_code, old.tracking_code}


def test_closed_signals_leave_the_default_queue(client, world):
    closed = f.SignalFactory(municipality=world.velsen, status=Status.CLOSED, feedback="Klaar.")
    client.force_login(world.people["lid_velsen"])
    assert closed.tracking_code not in codes(client.get(reverse("signals:triage")))
    assert closed.tracking_code in codes(client.get(reverse("signals:triage"), {"status": "afgerond"}))


def test_triage_query_count_does_not_grow_with_signals(client, world):
    theme = f.ThemeFactory()
    org = f.NetworkOrganisationFactory(municipality=world.velsen)
    wijk = f.NeighbourhoodFactory(municipality=world.velsen)

    def make(n):
        for _ in range(n):
            f.SignalFactory(
                municipality=world.velsen,
                theme=theme,
                neighbourhood=wijk,
                channel="netwerkpartner",
                source_organisation=org,
            )

    client.force_login(world.people["lid_velsen"])
    url = reverse("signals:triage")
    make(5)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make(45)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 25
    assert len(few) == len(many) <= 20, [q["sql"] for q in many.captured_queries]


def test_bulk_action_sets_status_and_refers_only_what_the_member_may_change(client, world):
    mine = [f.SignalFactory(municipality=world.velsen) for _ in range(3)]
    theirs = f.SignalFactory(municipality=world.beverwijk)
    client.force_login(world.people["lid_velsen"])
    ids = [s.pk for s in mine] + [theirs.pk]
    response = client.post(reverse("signals:triage"), {"action": "in_behandeling", "signals": ids})
    assert response.status_code == 302
    assert set(Signal.objects.filter(pk__in=ids).values_list("status", flat=True)) == {Status.IN_PROGRESS, Status.NEW}
    theirs.refresh_from_db()
    assert theirs.status == Status.NEW
    client.post(reverse("signals:triage"), {"action": "regio", "signals": [mine[0].pk]})
    mine[0].refresh_from_db()
    assert mine[0].referred_to_region_at is not None


def test_member_closes_with_an_answer_from_the_detail_page(client, world):
    signal = f.SignalFactory(municipality=world.velsen)
    client.force_login(world.people["lid_velsen"])
    empty = client.post(reverse("signals:close", kwargs={"pk": signal.pk}), {"feedback": "  "})
    assert empty.status_code == 400
    assert "terugkoppeling" in empty.content.decode().lower()
    assert "feedback" in empty.context["close_form"].errors  # the model's rule, on its field
    signal.refresh_from_db()
    assert signal.status == Status.NEW and not signal.status_changes.filter(to_status=Status.CLOSED).exists()
    response = client.post(reverse("signals:close", kwargs={"pk": signal.pk}), {"feedback": "Besproken."})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == Status.CLOSED


def test_member_records_a_signal_from_a_network_partner(client, world):
    org = f.NetworkOrganisationFactory(municipality=world.velsen, name="Cliëntenraad Zorgbalans")
    client.force_login(world.people["lid_velsen"])
    data = {
        "channel": "netwerkpartner",
        "text": "Bewoners missen vervoer naar de dagbesteding.",
        "municipality": world.velsen.pk,
    }
    response = client.post(reverse("signals:record"), data)
    assert response.status_code == 200
    assert "Kies de netwerkpartner" in response.content.decode()
    assert "source_organisation" in response.context["form"].errors  # the model's rule, on its field
    assert Signal.objects.count() == 0
    response = client.post(reverse("signals:record"), {**data, "source_organisation": org.pk})
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert (signal.channel, signal.source_organisation, signal.recorded_by) == (
        "netwerkpartner",
        org,
        world.people["lid_velsen"],
    )


def test_member_cannot_record_for_another_municipality(client, world):
    client.force_login(world.people["lid_velsen"])
    response = client.post(
        reverse("signals:record"),
        {"channel": "telefoon", "text": "Iets in Beverwijk.", "municipality": world.beverwijk.pk},
    )
    assert response.status_code == 200
    assert Signal.objects.count() == 0


def test_reopened_signal_is_marked_in_the_queue(client, world):
    from signals import services

    signal = f.SignalFactory(municipality=world.velsen)
    services.signal_close(signal=signal, feedback="Klaar.", by=None)
    services.signal_request_reopen(signal=signal, reason="Niet opgelost.")
    client.force_login(world.people["lid_velsen"])
    response = client.get(reverse("signals:triage"), {"reopened": "on"})
    assert codes(response) == {signal.tracking_code}
    assert "heropend" in response.content.decode()


@pytest.mark.parametrize("reader", ["aanjager", "beheer"])
def test_read_only_roles_get_no_checkboxes_or_bulk_actions(client, world, reader):
    signal = f.SignalFactory(municipality=world.velsen)
    client.force_login(world.people[reader])
    response = client.get(reverse("signals:triage"))
    html = response.content.decode()
    assert signal.tracking_code in html  # they read the queue
    assert 'name="signals"' not in html and 'name="action"' not in html
    assert 'method="post" action="/werk/signalen/"' not in html
    # Posting anyway is refused, and nothing changes.
    refused = client.post(reverse("signals:triage"), {"action": "in_behandeling", "signals": [signal.pk]})
    assert refused.status_code == 403
    signal.refresh_from_db()
    assert signal.status == Status.NEW


def test_members_get_a_checkbox_only_on_signals_they_may_change(client, world):
    own = f.SignalFactory(municipality=world.velsen)
    referred = f.SignalFactory(municipality=world.velsen, referred_to_region_at=timezone.now())
    client.force_login(world.people["lid_velsen"])  # still sees what Velsen referred, but may not change it
    html = client.get(reverse("signals:triage"), {"status": "alle"}).content.decode()
    assert f'name="signals" value="{own.pk}"' in html
    assert f'name="signals" value="{referred.pk}"' not in html
    assert 'name="action"' in html


def test_filter_errors_are_summarised_above_the_filters(client, world):
    client.force_login(world.people["lid_velsen"])
    html = client.get(reverse("signals:triage"), {"date_from": "gisteren"}).content.decode()
    assert html.index("ijmond-error-summary") < html.index('name="q"')


def test_record_form_offers_only_the_wijken_of_the_members_municipalities(client, world):
    f.NeighbourhoodFactory(municipality=world.velsen, name="Driehuis")
    f.NeighbourhoodFactory(municipality=world.beverwijk, name="Wijk aan Zee")
    client.force_login(world.people["lid_velsen"])
    form = client.get(reverse("signals:record")).context["form"]
    groups = dict(form.fields["neighbourhood"].choices[1:])
    assert list(groups) == ["Velsen"] and [name for _pk, name in groups["Velsen"]] == ["Driehuis"]
    # One municipality to record for: it is chosen already.
    assert form["municipality"].value() == world.velsen.pk
    # A wijk of another municipality is no choice at all.
    beverwijk_wijk = world.beverwijk.neighbourhoods.get()
    response = client.post(
        reverse("signals:record"),
        {"channel": "telefoon", "text": "Iets.", "municipality": world.velsen.pk, "neighbourhood": beverwijk_wijk.pk},
    )
    assert "neighbourhood" in response.context["form"].errors
    assert Signal.objects.count() == 0


def test_a_regional_member_records_for_every_municipality_with_nothing_chosen(client, world):
    f.NeighbourhoodFactory(municipality=world.velsen, name="Driehuis")
    f.NeighbourhoodFactory(municipality=world.beverwijk, name="Wijk aan Zee")
    client.force_login(world.people["lid_regio"])
    form = client.get(reverse("signals:record")).context["form"]
    assert [name for name, _choices in form.fields["neighbourhood"].choices[1:]] == ["Beverwijk", "Velsen"]
    assert form["municipality"].value() is None


def test_taken_up_as_says_when_it_is_required(client, world):
    signal = f.SignalFactory(municipality=world.velsen)
    client.force_login(world.people["lid_velsen"])
    html = client.get(signal.get_absolute_url()).content.decode()
    assert "Verplicht bij status 'opgepakt'" in html
    # Closing comes last, after changing the status.
    assert html.index('id="kop-status"') < html.index('id="kop-afronden"')
