"""Early-involvement requests on the work pages: filing (own municipality or regional), reading (never
another municipality's), the council's actions (acknowledge, participation advice with rule 8, on the
agenda, refer, close), hostile input and the pinned query count of the list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenda.models import (
    AgendaItem,
    EarlyInvolvementRequest,
    ItemStatus,
    Origin,
    ParticipationAdvice,
    Phase,
    RequestStatus,
)
from infrastructure.models import OutboxMessage
from members.models import Role

from .. import factories as f

pytestmark = pytest.mark.django_db

LIST = reverse("agenda:request_list")
CREATE = reverse("agenda:request_create")


def filing(to, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "council": to.pk,
        "title": "Nieuw beleidsplan Wmo 2027",
        "phase": Phase.EXPLORATION,
        "college_decision_date": (today + timedelta(days=90)).isoformat(),
        "council_decision_date": (today + timedelta(days=120)).isoformat(),
        "question": "Wie moeten we betrekken bij het nieuwe beleidsplan, en hoe?",
        "known_information": "De evaluatie van het oude plan.",
        "stakeholders": "Welzijnsorganisaties, de cliëntenraad van de zorgaanbieder.",
        "wanted_by": (today + timedelta(days=30)).isoformat(),
        "formal_advice_expected": "on",
    }
    data.update(overrides)
    return data


def make_request(council, municipality=None, **kwargs) -> EarlyInvolvementRequest:
    return f.EarlyInvolvementRequestFactory(
        council=council, municipality=municipality or council.municipality, **kwargs
    )


def advice_data(**overrides) -> dict:
    data = {
        "summary": "Betrek cliënten en mantelzorgers vroeg, met een tijdelijke tafel.",
        "client_perspective": "Cliënten willen dat het loket dichtbij en zonder wachttijd is.",
        "forms_clienten": ["tafel", "focusgroep"],
        "timing_clienten": "voor de zomer",
        "forms_mantelzorgers": ["bijeenkomst"],
        "timing_mantelzorgers": "",
        "experts": "Twee ervaringsdeskundigen uit het expertteam.",
        "council_runs_table": "on",
    }
    data.update(overrides)
    return data


# --- Filing ----------------------------------------------------------------------------------------


def test_advisor_files_for_own_municipality_and_the_board_is_mailed(client, world):
    theme = f.ThemeFactory()
    wijk = f.NeighbourhoodFactory(municipality=world.velsen)
    advisor = world.people["beleid_velsen"]
    client.force_login(advisor)
    form = client.get(CREATE).context["form"]
    assert set(form.fields["council"].queryset) == {world.velsen_council, world.regional_council}
    response = client.post(CREATE, filing(world.velsen_council, themes=[theme.pk], neighbourhoods=[wijk.pk]))
    filed = EarlyInvolvementRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == filed.get_absolute_url()
    assert filed.municipality == world.velsen
    assert filed.filed_by == advisor
    assert filed.status == RequestStatus.SUBMITTED
    assert filed.phase_at_filing == Phase.EXPLORATION
    assert filed.formal_advice_expected
    assert list(filed.themes.all()) == [theme] and list(filed.neighbourhoods.all()) == [wijk]
    mailed = OutboxMessage.objects.filter(dedup_key__startswith=f"request-filed:{filed.pk}:")
    assert [m.to for m in mailed] == [["voorzitter.velsen@example.org"]]


def test_any_advisor_may_file_regionally(client, world):
    client.force_login(world.people["beleid_beverwijk"])
    response = client.post(CREATE, filing(world.regional_council))
    assert response.status_code == 302
    filed = EarlyInvolvementRequest.objects.get()
    assert filed.council == world.regional_council
    assert filed.municipality == world.beverwijk


def test_advisor_cannot_file_for_another_municipality(client, world):
    client.force_login(world.people["beleid_velsen"])
    response = client.post(CREATE, filing(world.heemskerk_council))
    assert response.status_code == 400
    assert "council" in response.context["form"].errors
    response = client.post(CREATE, filing(world.velsen_council, municipality=world.heemskerk.pk))
    assert "municipality" in response.context["form"].errors
    assert not EarlyInvolvementRequest.objects.exists()


def test_only_advisors_file(client, world):
    for persona in ("lid_velsen", "aanjager", "inwoner"):
        client.force_login(world.people[persona])
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, filing(world.velsen_council)).status_code == 403
    assert not EarlyInvolvementRequest.objects.exists()


def test_advisor_of_two_municipalities_chooses_one(client, world):
    advisor = world.people["beleid_velsen"]
    f.RoleAssignmentFactory(person=advisor, role=Role.BELEIDSADVISEUR, municipality=world.heemskerk)
    client.force_login(advisor)
    form = client.get(CREATE).context["form"]
    assert set(form.fields["municipality"].queryset) == {world.velsen, world.heemskerk}
    response = client.post(CREATE, filing(world.heemskerk_council, municipality=world.heemskerk.pk))
    assert response.status_code == 302
    assert EarlyInvolvementRequest.objects.get().municipality == world.heemskerk
    # The council must fit the municipality (the model's rule).
    response = client.post(CREATE, filing(world.velsen_council, municipality=world.heemskerk.pk))
    assert response.status_code == 400
    assert "council" in response.context["form"].errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "x" * 201),
        ("question", "y" * 100_000),
        ("question", "\x00\x01\x1f  "),
        ("wanted_by", "2001-01-01"),
        ("wanted_by", "morgen"),
        ("wanted_by", "9" * 5000),
        ("phase", "nooit"),
        ("council", "²"),
        ("council", "9" * 5000),
        ("council", "٣"),
        ("themes", "9" * 25),
        ("themes", "abc"),
        ("neighbourhoods", "٣"),
    ],
)
def test_hostile_filing_is_refused_and_nothing_saved(client, world, field, value):
    client.force_login(world.people["beleid_velsen"])
    response = client.post(CREATE, filing(world.velsen_council, **{field: value}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not EarlyInvolvementRequest.objects.exists()
    # What was typed stays in the form.
    assert response.context["form"]["question"].value()


def test_filing_with_a_foreign_wijk_or_wrong_date_order_is_refused(client, world):
    foreign = f.NeighbourhoodFactory(municipality=world.heemskerk)
    client.force_login(world.people["beleid_velsen"])
    response = client.post(CREATE, filing(world.velsen_council, neighbourhoods=[foreign.pk]))
    assert "neighbourhoods" in response.context["form"].errors
    today = timezone.localdate()
    response = client.post(
        CREATE,
        filing(
            world.velsen_council,
            college_decision_date=(today + timedelta(days=100)).isoformat(),
            council_decision_date=(today + timedelta(days=50)).isoformat(),
        ),
    )
    assert response.status_code == 400
    assert "council_decision_date" in response.context["form"].errors
    assert not EarlyInvolvementRequest.objects.exists()


def test_control_characters_are_removed(client, world):
    client.force_login(world.people["beleid_velsen"])
    client.post(CREATE, filing(world.velsen_council, title="Jeugd\x00hulp\x07", question="Wie\x1b?"))
    filed = EarlyInvolvementRequest.objects.get()
    assert filed.title == "Jeugdhulp" and filed.question == "Wie?"


# --- Reading ---------------------------------------------------------------------------------------


def test_reading_is_scoped(client, world):
    velsen = make_request(world.velsen_council, title="Velsen verzoek")
    heemskerk = make_request(world.heemskerk_council, title="Heemskerk verzoek")
    regional_from_velsen = make_request(world.regional_council, world.velsen, title="Regionaal uit Velsen")
    client.force_login(world.people["beleid_velsen"])
    assert {r.title for r in client.get(LIST).context["page"].object_list} == {
        "Velsen verzoek",
        "Regionaal uit Velsen",
    }
    assert client.get(reverse("agenda:request_detail", args=[heemskerk.pk])).status_code == 404
    assert client.get(reverse("agenda:request_detail", args=[velsen.pk])).status_code == 200
    client.force_login(world.people["beleid_beverwijk"])
    assert client.get(reverse("agenda:request_detail", args=[regional_from_velsen.pk])).status_code == 404
    client.force_login(world.people["lid_beverwijk"])
    assert client.get(reverse("agenda:request_detail", args=[velsen.pk])).status_code == 404
    client.force_login(world.people["lid_regio"])
    assert {r.title for r in client.get(LIST).context["page"].object_list} == {
        "Heemskerk verzoek",
        "Regionaal uit Velsen",
    }
    client.force_login(world.people["inwoner"])
    assert client.get(LIST).status_code == 403


def test_list_filters_and_overdue_marker(client, world):
    make_request(world.velsen_council, title="Op tijd")
    late = make_request(world.velsen_council, title="Te laat", wanted_by=timezone.localdate() - timedelta(days=2))
    make_request(world.velsen_council, title="Klaar", status=RequestStatus.DONE)
    client.force_login(world.people["lid_velsen"])
    response = client.get(LIST)
    assert "te laat" in response.content.decode()
    assert [r for r in response.context["page"].object_list if r.is_overdue()] == [late]
    assert {r.title for r in client.get(LIST, {"status": "afgerond"}).context["page"].object_list} == {"Klaar"}
    assert len(client.get(LIST, {"council": world.velsen_council.pk}).context["page"].object_list) == 3
    for value in ("²", "9" * 5000, "\x00", "onbekend"):
        assert client.get(LIST, {"status": value, "council": value, "pagina": value}).status_code == 200


def _list_queries(client, world, count: int) -> int:
    for n in range(count):
        make_request(world.velsen_council, title=f"Verzoek {n}", filed_by=world.people["beleid_velsen"])
    client.force_login(world.people["lid_velsen"])
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == min(count, 25)
    return len(queries)


def test_list_queries_do_not_grow_with_rows(client, world):
    few = _list_queries(client, world, 5)
    EarlyInvolvementRequest.objects.all().delete()
    many = _list_queries(client, world, 50)
    # session, user, scope ×2; the councils; count; Django's own permissions ×2 (a member is no advisor:
    # "agenda.file_request" falls through to the model backend); requests; session save ×3
    assert few == many == 12


# --- The council's actions -------------------------------------------------------------------------


def test_member_acknowledges_and_the_advisor_is_mailed(client, world):
    request = make_request(world.velsen_council, filed_by=world.people["beleid_velsen"])
    url = reverse("agenda:request_acknowledge", args=[request.pk])
    client.force_login(world.people["beleid_velsen"])  # reads it, may not act
    assert client.post(url).status_code == 403
    client.force_login(world.people["lid_beverwijk"])
    assert client.post(url).status_code == 404
    client.force_login(world.people["lid_velsen"])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    assert request.acknowledged_by == world.people["lid_velsen"]
    assert OutboxMessage.objects.get(dedup_key=f"request-acknowledged:{request.pk}").to == ["beleid.velsen@example.org"]
    # Twice: refused with a message, nothing breaks.
    response = client.post(url, follow=True)
    assert "al in behandeling" in response.content.decode()


def test_detail_shows_actions_only_to_the_council(client, world):
    request = make_request(world.velsen_council)
    url = reverse("agenda:request_detail", args=[request.pk])
    client.force_login(world.people["lid_velsen"])
    response = client.get(url)
    assert response.context["may_answer"] and response.context["may_refer"]
    assert reverse("agenda:request_acknowledge", args=[request.pk]) in response.content.decode()
    client.force_login(world.people["beleid_velsen"])
    response = client.get(url)
    assert not response.context["may_answer"]
    assert reverse("agenda:request_acknowledge", args=[request.pk]) not in response.content.decode()


def test_participation_advice_is_given(client, world):
    advisor = world.people["beleid_velsen"]
    request = make_request(world.velsen_council, filed_by=advisor)
    local_org = f.NetworkOrganisationFactory(municipality=world.velsen, name="Welzijn Velsen")
    regional_org = f.NetworkOrganisationFactory(municipality=None, name="Mantelzorgplatform IJmond")
    client.force_login(world.people["lid_velsen"])
    url = reverse("agenda:request_advice", args=[request.pk])
    form = client.get(url).context["form"]
    assert set(form.fields["network_organisations"].queryset) == {local_org, regional_org}
    assert form.group_rows()[0][0] == "cliënten/ervaringsdeskundigen"
    response = client.post(url, advice_data(network_organisations=[local_org.pk, regional_org.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ADVISED and request.answered_at
    advice = ParticipationAdvice.objects.get(request=request)
    assert {(g.target_group, tuple(g.forms), g.timing) for g in advice.groups.all()} == {
        ("clienten", ("tafel", "focusgroep"), "voor de zomer"),
        ("mantelzorgers", ("bijeenkomst",), ""),
    }
    assert set(advice.network_organisations.all()) == {local_org, regional_org}
    assert advice.council_runs_table
    assert OutboxMessage.objects.get(dedup_key=f"request-answered:{request.pk}").to == ["beleid.velsen@example.org"]
    # The advisor reads the advice on the request's page.
    client.force_login(advisor)
    body = client.get(reverse("agenda:request_detail", args=[request.pk])).content.decode()
    assert "Cliënten willen dat het loket dichtbij" in body and "Welzijn Velsen" in body
    # Given once: the form is not offered again.
    client.force_login(world.people["lid_velsen"])
    assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"forms_clienten": []}, "forms_clienten"),  # no clients group
        ({"forms_clienten": [], "timing_clienten": "in mei"}, "forms_clienten"),  # timing but no form
        ({"client_perspective": ""}, "client_perspective"),
        ({"client_perspective": " \x00\x07 "}, "client_perspective"),
    ],
)
def test_rule_8_refuses_the_advice_and_keeps_the_text(client, world, overrides, field):
    request = make_request(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    response = client.post(reverse("agenda:request_advice", args=[request.pk]), advice_data(**overrides))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert "Niet alles is goed ingevuld" in response.content.decode()
    assert form["summary"].value() == advice_data()["summary"]
    assert not ParticipationAdvice.objects.exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_rule_8_message_is_clear(client, world):
    request = make_request(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    response = client.post(reverse("agenda:request_advice", args=[request.pk]), advice_data(forms_clienten=[]))
    assert "noemt altijd de groep cliënten/ervaringsdeskundigen" in response.content.decode()
    response = client.post(reverse("agenda:request_advice", args=[request.pk]), advice_data(client_perspective=" "))
    assert "cliënten worden in ieder geval gehoord" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("forms_clienten", "telepathie"),
        ("forms_jongeren", "<script>"),
        ("network_organisations", "²"),
        ("network_organisations", "9" * 5000),
        ("summary", "z" * 100_000),
        ("timing_clienten", "t" * 301),
    ],
)
def test_hostile_advice_is_refused(client, world, field, value):
    request = make_request(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    response = client.post(reverse("agenda:request_advice", args=[request.pk]), advice_data(**{field: value}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ParticipationAdvice.objects.exists()


def test_another_councils_organisation_is_refused(client, world):
    request = make_request(world.velsen_council)
    foreign = f.NetworkOrganisationFactory(municipality=world.beverwijk)
    inactive = f.NetworkOrganisationFactory(municipality=world.velsen, is_active=False)
    client.force_login(world.people["lid_velsen"])
    for organisation in (foreign, inactive):
        response = client.post(
            reverse("agenda:request_advice", args=[request.pk]), advice_data(network_organisations=[organisation.pk])
        )
        assert "network_organisations" in response.context["form"].errors
    assert not ParticipationAdvice.objects.exists()


def test_advice_permissions(client, world):
    request = make_request(world.velsen_council)
    url = reverse("agenda:request_advice", args=[request.pk])
    client.force_login(world.people["beleid_velsen"])
    assert client.get(url).status_code == 403
    assert client.post(url, advice_data()).status_code == 403
    client.force_login(world.people["lid_heemskerk"])
    assert client.post(url, advice_data()).status_code == 404
    assert not ParticipationAdvice.objects.exists()


def test_request_goes_on_the_agenda_in_one_step(client, world):
    theme = f.ThemeFactory()
    wijk = f.NeighbourhoodFactory(municipality=world.velsen)
    request = make_request(world.velsen_council, filed_by=world.people["beleid_velsen"], title="Jeugdhulp dichtbij")
    request.themes.set([theme])
    request.neighbourhoods.set([wijk])
    url = reverse("agenda:request_to_agenda", args=[request.pk])
    client.force_login(world.people["beleid_velsen"])
    assert client.get(url).status_code == 403
    client.force_login(world.people["lid_velsen"])
    form = client.get(url).context["form"]
    assert form.initial["title"] == "Jeugdhulp dichtbij"
    assert form.initial["description"] == request.question
    response = client.post(url, {"title": "Jeugdhulp dichtbij huis", "description": "Wat inwoners nodig hebben."})
    item = AgendaItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    assert (item.origin, item.status, item.request, item.council) == (
        Origin.MUNICIPALITY,
        ItemStatus.SCHEDULED,
        request,
        world.velsen_council,
    )
    assert not item.is_public  # the box was not ticked
    assert item.municipal_contact == world.people["beleid_velsen"]
    assert list(item.themes.all()) == [theme] and list(item.neighbourhoods.all()) == [wijk]
    # Once only.
    response = client.post(url, {"title": "Nog eens", "description": "x", "is_public": "on"})
    assert response.status_code == 302
    assert AgendaItem.objects.count() == 1
    # The request's page links to the item.
    detail = client.get(reverse("agenda:request_detail", args=[request.pk]))
    assert detail.context["items"] == [item]
    assert not detail.context["may_put_on_agenda"]


def test_request_to_agenda_refuses_hostile_text(client, world):
    request = make_request(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    url = reverse("agenda:request_to_agenda", args=[request.pk])
    response = client.post(url, {"title": "x" * 201, "description": "\x00"})
    assert response.status_code == 400
    assert {"title", "description"} <= set(response.context["form"].errors)
    assert not AgendaItem.objects.exists()


def test_local_council_refers_a_request_to_the_region(client, world):
    request = make_request(world.velsen_council, filed_by=world.people["beleid_velsen"])
    url = reverse("agenda:request_refer", args=[request.pk])
    client.force_login(world.people["beleid_velsen"])
    assert client.post(url).status_code == 403
    client.force_login(world.people["lid_velsen"])
    response = client.post(url)
    assert response["Location"] == LIST  # the local members no longer read it
    request.refresh_from_db()
    assert request.council == world.regional_council
    assert request.referred_from == world.velsen_council and request.referred_at
    # The regional council now handles it; the advisor still reads it; Velsen's members no longer do.
    client.force_login(world.people["lid_regio"])
    response = client.get(reverse("agenda:request_detail", args=[request.pk]))
    assert response.context["may_answer"] and not response.context["may_refer"]
    assert client.post(url).status_code == 403  # the regional council refers nothing
    history = response.context["history"]
    assert history[0].who == str(world.people["lid_velsen"])
    assert {c.label for c in history[0].changes} >= {"participatieraad", "doorverwezen door"}
    client.force_login(world.people["beleid_velsen"])
    assert client.get(reverse("agenda:request_detail", args=[request.pk])).status_code == 200
    client.force_login(world.people["lid_velsen"])
    assert client.get(reverse("agenda:request_detail", args=[request.pk])).status_code == 404


def test_close_after_the_advice(client, world):
    request = make_request(world.velsen_council)
    url = reverse("agenda:request_close", args=[request.pk])
    client.force_login(world.people["lid_velsen"])
    client.post(url)
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED  # not before the advice
    client.post(reverse("agenda:request_advice", args=[request.pk]), advice_data())
    client.post(url)
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE and request.closed_at
    history = client.get(reverse("agenda:request_detail", args=[request.pk])).context["history"]
    assert any(c.label == "status" and c.new == "afgerond" for c in history[0].changes)


def test_huge_ids_are_not_found(client, world):
    client.force_login(world.people["lid_velsen"])
    for value in ("9" * 25, "9" * 5000):
        assert client.get(f"/werk/verzoeken/{value}/").status_code == 404
        assert client.post(f"/werk/verzoeken/{value}/in-behandeling/").status_code == 404
