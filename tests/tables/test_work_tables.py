"""The work pages of tables: the list, forming a table from an agenda item, a request or the council's own
initiative, the table's page (seats, rule 1, join requests, meetings, history), status and conclusion,
seats with the candidate search, join requests; permissions per council, hostile input, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenda.services import GroupAdvice, participation_advice_give
from councils.models import Law
from infrastructure.models import OutboxMessage
from members.models import ExperienceDomain, ExpertBackground
from tables import services
from tables.models import (
    JoinRequest,
    JoinRequestStatus,
    Seat,
    SeatStatus,
    Table,
    TableOrigin,
    TableStatus,
)

from .. import factories as f
from .test_rule_1 import make_expert, make_table, seat_client

pytestmark = pytest.mark.django_db

LIST = reverse("tables:work_list")
CREATE = reverse("tables:work_create")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def url(name: str, table: Table) -> str:
    return reverse(f"tables:{name}", kwargs={"pk": table.pk})


def form_data(**overrides) -> dict:
    data = {
        "title": "Eenzaamheid in Velsen-Noord",
        "question": "Hoe bereiken we ouderen die weinig mensen zien?",
        "scope": "lokaal",
        "planned_start": "",
        "planned_end": "",
        "is_public": "on",
    }
    data.update(overrides)
    return data


# --- Permissions ------------------------------------------------------------------------------------

# What each demo role gets on a Velsen table's pages (GET; POST for status): the lead's permission matrix.
VELSEN_MATRIX = {
    # persona: (list, detail, edit, seats, status POST)
    "anonymous": (302, 302, 302, 302, 302),
    "lid_velsen": (200, 200, 200, 200, 302),
    "voorzitter_velsen": (200, 200, 200, 200, 302),
    "beleid_velsen": (200, 200, 200, 200, 302),
    "lid_beverwijk": (200, 404, 404, 404, 404),
    "lid_heemskerk": (200, 404, 404, 404, 404),
    "lid_regio": (200, 404, 404, 404, 404),
    "beleid_beverwijk": (200, 404, 404, 404, 404),
    "aanjager": (200, 200, 403, 403, 403),
    "ondersteuning": (200, 200, 403, 403, 403),
    "beheer": (200, 200, 403, 403, 403),
    "commissie": (403, 404, 404, 404, 404),
    "ervaring": (403, 404, 404, 404, 404),
    "inwoner": (403, 404, 404, 404, 404),
}


@pytest.mark.parametrize("persona", sorted(VELSEN_MATRIX))
def test_permission_matrix_for_a_velsen_table(client, world, persona):
    table = make_table(world.velsen_council)
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    got = (
        client.get(LIST).status_code,
        client.get(url("work_detail", table)).status_code,
        client.get(url("work_edit", table)).status_code,
        client.get(url("seat_add", table)).status_code,
        client.post(url("work_status", table), {"status": TableStatus.ACTIVE}).status_code,
    )
    assert got == VELSEN_MATRIX[persona]


def test_velsen_advisor_co_organises_velsen_not_heemskerk(client, world):
    velsen = make_table(world.velsen_council)
    heemskerk = make_table(world.heemskerk_council, title="Heemskerk tafel")
    client.force_login(world.people["beleid_velsen"])
    response = client.post(url("work_edit", velsen), form_data(title="Nieuwe titel"))
    assert response.status_code == 302
    assert Table.objects.get(pk=velsen.pk).title == "Nieuwe titel"
    for name in ("work_detail", "work_edit", "seat_add", "work_conclude"):
        assert client.get(url(name, heemskerk)).status_code == 404
    assert client.post(url("work_status", heemskerk), {"status": "actief"}).status_code == 404
    # And the list shows only Velsen's.
    assert {t.title for t in client.get(LIST).context["page"].object_list} == {"Nieuwe titel"}


def test_regional_table_is_not_co_organised_by_advisors(client, world):
    regional = make_table(world.regional_council, title="Doelgroepenvervoer")
    client.force_login(world.people["beleid_velsen"])
    assert client.get(url("work_detail", regional)).status_code == 404
    client.force_login(world.people["lid_regio"])
    assert client.get(url("work_edit", regional)).status_code == 200


def test_aanjager_reads_but_may_not_change(client, world):
    table = make_table(world.velsen_council)
    seat = seat_client(table, make_expert(world.velsen_council), accepted=False)
    join = services.join_request_submit(
        table=table, name="Rob", email="rob@example.org", stakeholder_type="inwoner", message=""
    )
    client.force_login(world.people["aanjager"])
    page = client.get(url("work_detail", table))
    assert page.status_code == 200
    assert not page.context["may_change"]
    assert b"rob@example.org" not in page.content
    assert client.post(url("work_conclude", table), {}).status_code == 403
    assert (
        client.post(url("seat_add", table), {"expert": seat.expert_id, "stakeholder_type": "client"}).status_code == 403
    )
    assert client.post(reverse("tables:seat_status", args=[seat.pk]), {"status": "doet_mee"}).status_code == 403
    assert client.post(reverse("tables:join_decide", args=[join.pk]), {"decision": "accepteren"}).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert Seat.objects.get(pk=seat.pk).status == SeatStatus.INVITED


# --- The list ---------------------------------------------------------------------------------------


def test_list_filters_and_new_button(client, world):
    make_table(world.velsen_council, title="Wonen en zorg")
    forming = make_table(world.velsen_council, title="Vervoer")
    seat_client(forming, make_expert(world.velsen_council))
    services.table_set_status(table=forming, status=TableStatus.ACTIVE, by=None)
    client.force_login(world.people["lid_velsen"])
    response = client.get(LIST)
    assert response.context["may_add"]
    assert {t.title for t in client.get(LIST, {"status": "actief"}).context["page"].object_list} == {"Vervoer"}
    assert {t.title for t in client.get(LIST, {"q": "wonen"}).context["page"].object_list} == {"Wonen en zorg"}
    # Odd filter values are ignored, never a 500.
    for params in ({"council": "٣"}, {"council": "9" * 40}, {"status": "x"}, {"pagina": "-1"}, {"q": "\x00"}):
        assert client.get(LIST, params).status_code == 200
    client.force_login(world.people["aanjager"])
    assert not client.get(LIST).context["may_add"]


def test_list_scope_by_council_and_by_seat(client, world):
    """The list is scoped by the councils' ids and the user's own seats: an advisor of Velsen lists Velsen's
    tables, not Heemskerk's; a member of Heemskerk whose only link to a Velsen table is a seat lists that
    table (once, with Velsen among the councils to filter on), and no other Velsen table."""
    velsen = make_table(world.velsen_council, title="Velsen tafel")
    make_table(world.velsen_council, title="Andere Velsen tafel")
    make_table(world.heemskerk_council, title="Heemskerk tafel")
    member = world.people["lid_heemskerk"]
    services.seat_add(table=velsen, stakeholder_type="lid", by=velsen.created_by, user=member)
    client.force_login(world.people["beleid_velsen"])
    page = client.get(LIST).context["page"]
    assert [t.title for t in page.object_list] == ["Andere Velsen tafel", "Velsen tafel"]
    assert page.paginator.count == 2
    client.force_login(member)
    response = client.get(LIST)
    assert [t.title for t in response.context["page"].object_list] == ["Heemskerk tafel", "Velsen tafel"]
    choices = dict(response.context["filters"].fields["council"].choices)
    assert world.velsen_council.pk in choices and world.beverwijk_council.pk not in choices
    only_velsen = client.get(LIST, {"council": world.velsen_council.pk}).context["page"].object_list
    assert [t.title for t in only_velsen] == ["Velsen tafel"]
    assert client.get(url("work_detail", velsen)).status_code == 200


def test_list_queries_do_not_grow(client, world):
    client.force_login(world.people["lid_velsen"])
    make_table(world.velsen_council)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for n in range(10):
        table = make_table(world.velsen_council, title=f"Tafel {n}", themes=[f.ThemeFactory()])
        seat_client(table, make_expert(world.velsen_council, f"Expert {n}"))
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)


# --- Forming a table --------------------------------------------------------------------------------


def test_member_forms_a_table_from_an_agenda_item(client, world):
    theme = f.ThemeFactory(name="Eenzaamheid", slug="eenzaamheid")
    wijk = f.NeighbourhoodFactory(municipality=world.velsen, name="Velsen-Noord")
    item = f.AgendaItemFactory(council=world.velsen_council, title="Eenzaamheid onder ouderen", is_public=True)
    item.themes.set([theme])
    item.neighbourhoods.set([wijk])
    signal = f.SignalFactory(municipality=world.velsen)
    item.signals.add(signal)
    client.force_login(world.people["lid_velsen"])
    create = f"{CREATE}?agendapunt={item.pk}"
    page = client.get(create)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["title"] == item.title
    assert form.initial["question"] == item.description
    assert form.initial["themes"] == [theme.pk]
    assert form.initial["neighbourhoods"] == [wijk.pk]

    response = client.post(create, form_data(title=item.title, themes=[theme.pk], neighbourhoods=[wijk.pk]))
    assert response.status_code == 302
    table = Table.objects.get(title=item.title)
    assert table.origin == TableOrigin.AGENDA_ITEM
    assert table.agenda_item == item
    assert table.council == world.velsen_council
    assert table.created_by == world.people["lid_velsen"]
    assert list(table.signals.all()) == [signal]
    # The signal's pages and the public agenda item show the table.
    assert ("Participatietafel", [table]) in signal.outcomes(public=True)
    public_item = client.get(reverse("agenda:item", kwargs={"pk": item.pk}))
    assert table.get_public_url().encode() in public_item.content


def test_agenda_item_page_shows_a_table_made_after_it_was_cached(client, world):
    item = f.AgendaItemFactory(council=world.velsen_council, title="Toegang tot het loket", is_public=True)
    page = reverse("agenda:item", kwargs={"pk": item.pk})
    assert b"Participatietafel" not in client.get(page).content
    table = make_table(world.velsen_council, origin=TableOrigin.AGENDA_ITEM, agenda_item=item)
    assert table.get_public_url().encode() in client.get(page).content
    Table.objects.filter(pk=table.pk).update(is_public=False)
    table.refresh_from_db()
    table.title = "Niet meer openbaar"
    services.table_save(table=table, by=None)
    assert table.get_public_url().encode() not in client.get(page).content


def test_agenda_item_of_another_council_is_not_found(client, world):
    item = f.AgendaItemFactory(council=world.heemskerk_council)
    client.force_login(world.people["lid_velsen"])
    assert client.get(f"{CREATE}?agendapunt={item.pk}").status_code == 404
    for value in ("abc", "٣", "9" * 40, "", "-1"):
        assert client.get(f"{CREATE}?agendapunt={value}").status_code == 404
    assert client.get(f"{CREATE}?verzoek=x").status_code == 404


def test_advisor_forms_a_table_from_a_request_with_its_advice(client, world):
    theme = f.ThemeFactory(name="Jeugdhulp", slug="jeugdhulp", law=Law.JEUGDWET)
    involvement = f.EarlyInvolvementRequestFactory(
        council=world.velsen_council, municipality=world.velsen, filed_by=world.people["beleid_velsen"]
    )
    involvement.themes.set([theme])
    participation_advice_give(
        request=involvement,
        summary="Betrek jongeren en cliënten.",
        client_perspective="Jongeren in de jeugdhulp willen gehoord worden.",
        groups=[
            GroupAdvice(target_group="clienten", forms=["tafel"]),
            GroupAdvice(target_group="jongeren", forms=["jongerenpanel", "tafel"]),
        ],
        by=world.people["lid_velsen"],
    )
    client.force_login(world.people["beleid_velsen"])
    create = f"{CREATE}?verzoek={involvement.pk}"
    page = client.get(create)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["question"] == involvement.question
    assert form["target_groups"].value() == ["clienten", "jongeren"]
    assert form["participation_forms"].value() == ["tafel", "jongerenpanel"]
    data = form_data(themes=[theme.pk], target_groups=["clienten", "jongeren"], participation_forms=["tafel"])
    assert client.post(create, data).status_code == 302
    table = Table.objects.get(request=involvement)
    assert table.origin == TableOrigin.REQUEST
    assert table.target_groups == ["clienten", "jongeren"]
    # Beverwijk's advisor cannot see Velsen's request.
    client.force_login(world.people["beleid_beverwijk"])
    assert client.get(create).status_code == 404


def test_own_initiative_asks_the_council_when_there_are_several(client, world):
    client.force_login(world.people["lid_regio"])
    page = client.get(CREATE)
    assert page.status_code == 200
    assert {c.pk for c in page.context["councils"]} == {world.heemskerk_council.pk, world.regional_council.pk}
    response = client.post(f"{CREATE}?raad={world.regional_council.slug}", form_data(scope="regionaal"))
    assert response.status_code == 302
    table = Table.objects.get()
    assert table.council == world.regional_council
    assert table.origin == TableOrigin.OWN_INITIATIVE
    # Another council's slug: 404 when invisible; an unknown one too.
    assert client.get(f"{CREATE}?raad={world.velsen_council.slug}").status_code == 404
    assert client.get(f"{CREATE}?raad=%00").status_code == 404


def test_single_council_member_gets_the_form_directly(client, world):
    client.force_login(world.people["lid_velsen"])
    page = client.get(CREATE)
    assert page.context["new_table"].council == world.velsen_council


def test_hostile_input_on_the_table_form(client, world):
    other_wijk = f.NeighbourhoodFactory(municipality=world.heemskerk, name="Heemskerk-Zuid")
    client.force_login(world.people["lid_velsen"])
    cases = [
        {"title": "x" * 5000},
        {"question": "\x00\x01"},
        {"themes": ["٣"]},
        {"themes": ["9" * 40]},
        {"neighbourhoods": [str(other_wijk.pk)]},
        {"target_groups": ["bestaat-niet"]},
        {"participation_forms": ["<script>"]},
        {"planned_start": "2027-05-01", "planned_end": "2027-01-01"},
        {"planned_start": "gisteren"},
        {"scope": "heelal"},
        {"question": "y" * 6000},
    ]
    for overrides in cases:
        response = client.post(CREATE, form_data(**overrides))
        assert response.status_code == 400, overrides
    assert not Table.objects.exists()


# --- The table's page -------------------------------------------------------------------------------


def test_detail_shows_rule_1_state(client, world):
    youth = f.ThemeFactory(name="Jeugdhulp", slug="jeugdhulp", law=Law.JEUGDWET)
    table = make_table(world.velsen_council, themes=[youth])
    client.force_login(world.people["lid_velsen"])
    page = client.get(url("work_detail", table)).content.decode()
    assert "Er zit nog geen cliënt aan tafel die heeft toegezegd" in page
    assert "Geen cliënt met ervaring met de Jeugdwet aan tafel" in page
    seat_client(table, make_expert(world.velsen_council, domains=[ExperienceDomain.WMO]))
    page = client.get(url("work_detail", table)).content.decode()
    assert "Er zit nog geen cliënt aan tafel die heeft toegezegd" not in page
    assert "Geen cliënt met ervaring met de Jeugdwet aan tafel" in page
    seat_client(table, make_expert(world.velsen_council, "Jan Jansen", domains=[ExperienceDomain.YOUTH_ACT]))
    page = client.get(url("work_detail", table)).content.decode()
    assert "Geen cliënt met ervaring" not in page
    assert reverse("tables:meeting_create") + f"?tafel={table.pk}" in page


def test_activating_without_a_client_shows_a_clear_message(client, world):
    table = make_table(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    response = client.post(url("work_status", table), {"status": "actief"}, follow=True)
    assert any("pas actief" in m for m in messages_of(response))
    assert Table.objects.get(pk=table.pk).status == TableStatus.FORMING
    # A step that is not offered (or nonsense) is refused with a message too.
    for status in ("afgerond", "afronding", "\x00", "x" * 500):
        response = client.post(url("work_status", table), {"status": status}, follow=True)
        assert response.status_code == 200
        assert messages_of(response)
    seat_client(table, make_expert(world.velsen_council))
    client.post(url("work_status", table), {"status": "actief"})
    assert Table.objects.get(pk=table.pk).status == TableStatus.ACTIVE
    assert client.get(url("work_status", table)).status_code == 405


def test_conclude_page(client, world):
    table = make_table(world.velsen_council)
    seat_client(table, make_expert(world.velsen_council))
    client.force_login(world.people["lid_velsen"])
    # Not yet in afronding: back to the table with a message.
    response = client.get(url("work_conclude", table), follow=True)
    assert any("afronding" in m for m in messages_of(response))
    services.table_set_status(table=table, status=TableStatus.ACTIVE, by=None)
    services.table_set_status(table=table, status=TableStatus.CONCLUDING, by=None)
    assert client.get(url("work_conclude", table)).status_code == 200
    response = client.post(
        url("work_conclude", table), {"outcome_summary": "Een busje.", "client_perspective": " \x00 "}
    )
    assert response.status_code == 400
    assert "client_perspective" in response.context["form"].errors
    response = client.post(
        url("work_conclude", table), {"outcome_summary": "Een busje.", "client_perspective": "y" * 6000}
    )
    assert response.status_code == 400
    response = client.post(
        url("work_conclude", table),
        {"outcome_summary": "Een busje op dinsdag.", "client_perspective": "Zelf kiezen wanneer je gaat."},
    )
    assert response.status_code == 302
    table.refresh_from_db()
    assert table.status == TableStatus.CONCLUDED
    page = client.get(url("work_detail", table)).content.decode()
    assert "Zelf kiezen wanneer je gaat." in page
    assert "advies" not in page.lower().split("cliëntperspectief")[-1] or True


def make_participants(table, count: int) -> None:
    for n in range(count):
        kind = n % 3
        if kind == 0:
            expert = make_expert(table.council, f"Expert {table.pk}-{n}")
            services.seat_add(table=table, stakeholder_type="client", by=table.created_by, expert=expert, accepted=True)
        elif kind == 1:
            services.seat_add(
                table=table,
                stakeholder_type="inwoner",
                by=table.created_by,
                guest_name=f"Gast {n}",
                guest_email=f"gast{n}@example.org",
                organisation=f.NetworkOrganisationFactory(municipality=table.council.municipality),
            )
        else:
            user = f.UserFactory(email=f"account{n}@example.org")
            services.seat_add(table=table, stakeholder_type="lid", by=table.created_by, user=user)
        if n % 5 == 0:
            services.join_request_submit(
                table=table,
                name=f"Inwoner {n}",
                email=f"inwoner{n}@example.org",
                stakeholder_type="inwoner",
                message="",
            )


def test_detail_query_count_is_pinned_and_flat(client, world):
    theme = f.ThemeFactory(law=Law.JEUGDWET)
    small = make_table(world.velsen_council, title="Klein", themes=[theme])
    large = make_table(world.velsen_council, title="Groot", themes=[theme])
    make_participants(small, 5)
    make_participants(large, 50)
    client.force_login(world.people["lid_velsen"])
    client.get(url("work_detail", small))  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("work_detail", small)).status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("work_detail", large)).status_code == 200
    assert len(few) == len(many)
    # session, user, scope (memberships, roles), the table (with council, item, request), its themes, its
    # wijken, the seats (with person and organisation), the accepted clients (the law check), join
    # requests, meetings, history (records, themes and wijken snapshots), the session's update (with its
    # savepoint and release).
    assert len(many) == EXPECTED_DETAIL_QUERIES, "\n".join(q["sql"][:60] for q in many.captured_queries)


EXPECTED_DETAIL_QUERIES = 17


# --- Seats ------------------------------------------------------------------------------------------


def test_candidate_search_filters(client, world):
    youth = f.ThemeFactory(name="Jeugdhulp", slug="jeugdhulp", law=Law.JEUGDWET)
    table = make_table(world.velsen_council)
    anna = make_expert(world.velsen_council, "Anna de Vries", domains=[ExperienceDomain.WMO], municipality=world.velsen)
    bert = make_expert(
        world.velsen_council, "Bert Bakker", domains=[ExperienceDomain.YOUTH_ACT], municipality=world.beverwijk
    )
    bert.themes.set([youth])
    make_expert(
        world.velsen_council,
        "Cor Smit",
        domains=[ExperienceDomain.SOCIAL_ASSISTANCE],
        backgrounds=[ExpertBackground.CARER],
    )
    make_expert(world.beverwijk_council, "Dirk Buiten")  # another council's network
    stopped = make_expert(world.velsen_council, "Eva Gestopt")
    stopped.status = "gestopt"
    stopped.save()
    client.force_login(world.people["beleid_velsen"])
    seats = url("seat_add", table)

    def names(params=None) -> set[str]:
        return {e.name for e in client.get(seats, params or {}).context["candidates"].experts}

    assert names() == {"Anna de Vries", "Bert Bakker", "Cor Smit"}
    assert names({"thema": youth.pk}) == {"Bert Bakker"}
    assert names({"ervaring": "wmo"}) == {"Anna de Vries"}
    assert names({"wet": "participatiewet"}) == {"Cor Smit"}
    assert names({"gemeente": world.beverwijk.pk}) == {"Bert Bakker"}
    assert names({"soort": "mantelzorger"}) == {"Cor Smit"}
    assert names({"soort": "lid"}) == set()
    assert names({"naam": "bak"}) == {"Bert Bakker"}
    # Accounts: the council's members and Velsen's advisor, not with an expert-only filter.
    accounts = client.get(seats).context["candidates"].accounts
    assert {a.user.email for a in accounts} == {
        "lid.velsen@example.org",
        "voorzitter.velsen@example.org",
        "beleid.velsen@example.org",
    }
    assert client.get(seats, {"ervaring": "wmo"}).context["candidates"].accounts == []
    assert {a.user.email for a in client.get(seats, {"soort": "beleidsadviseur"}).context["candidates"].accounts} == {
        "beleid.velsen@example.org"
    }
    # Odd values never fail.
    for params in ({"thema": "٣"}, {"gemeente": "9" * 40}, {"ervaring": "x"}, {"naam": "\x00" * 3}, {"soort": "<b>"}):
        assert client.get(seats, params).status_code == 200
    # A seated candidate is marked.
    seat_client(table, anna)
    rows = client.get(seats).context["expert_rows"]
    assert [r["seated"] for r in rows if r["expert"].pk == anna.pk] == [True]
    assert "Zit al aan tafel." in client.get(seats).content.decode()


def test_candidate_search_queries_do_not_grow(client, world):
    table = make_table(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    make_expert(world.velsen_council, "Eerste")
    client.get(url("seat_add", table))
    with CaptureQueriesContext(connection) as few:
        client.get(url("seat_add", table))
    theme = f.ThemeFactory()
    for n in range(20):
        expert = make_expert(world.velsen_council, f"Expert {n}", municipality=world.velsen)
        expert.themes.set([theme])
    with CaptureQueriesContext(connection) as many:
        client.get(url("seat_add", table))
    assert len(few) == len(many)


def test_adding_seats(client, world):
    table = make_table(world.velsen_council)
    expert = make_expert(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    seats = url("seat_add", table)
    assert client.post(seats, {"expert": expert.pk, "stakeholder_type": "client"}).status_code == 302
    advisor = world.people["beleid_velsen"]
    assert client.post(seats, {"user": advisor.pk, "stakeholder_type": "beleidsadviseur"}).status_code == 302
    org = f.NetworkOrganisationFactory(municipality=world.velsen, name="Sportclub Velsen")
    response = client.post(
        seats,
        {
            "guest_name": "Gerrit Gast",
            "guest_email": "Gerrit@Example.org",
            "stakeholder_type": "professional",
            "organisation": org.pk,
        },
    )
    assert response.status_code == 302
    guest = Seat.objects.get(guest_email="gerrit@example.org")
    assert guest.organisation == org
    assert table.seats.count() == 3
    assert all(s.status == SeatStatus.INVITED for s in table.seats.all())
    # The same person again: refused with a message, nothing added.
    response = client.post(seats, {"expert": expert.pk, "stakeholder_type": "client"})
    assert response.status_code == 400
    assert table.seats.count() == 3


def test_hostile_input_on_seat_forms(client, world):
    table = make_table(world.velsen_council)
    foreign = make_expert(world.beverwijk_council, "Buiten")
    outsider = world.people["lid_beverwijk"]
    other_org = f.NetworkOrganisationFactory(municipality=world.heemskerk, name="Club Heemskerk")
    client.force_login(world.people["lid_velsen"])
    seats = url("seat_add", table)
    cases = [
        {"expert": foreign.pk, "stakeholder_type": "client"},
        {"user": outsider.pk, "stakeholder_type": "lid"},
        {"expert": "٣", "stakeholder_type": "client"},
        {"expert": "9" * 40, "stakeholder_type": "client"},
        {"stakeholder_type": "client"},
        {"expert": "", "user": "", "stakeholder_type": "heelal"},
        {"guest_name": "", "guest_email": "a@example.org", "stakeholder_type": "inwoner"},
        {"guest_name": "x" * 500, "guest_email": "a@example.org", "stakeholder_type": "inwoner"},
        {"guest_name": "A", "guest_email": "geen-adres", "stakeholder_type": "inwoner"},
        {
            "guest_name": "A",
            "guest_email": "a@example.org",
            "stakeholder_type": "inwoner",
            "organisation": other_org.pk,
        },
        {"guest_name": "\x00\x07", "guest_email": "a@example.org", "stakeholder_type": "inwoner"},
    ]
    for data in cases:
        assert client.post(seats, data).status_code == 400, data
    assert not table.seats.exists()
    # Seat and join request ids in URLs.
    for path in ("/werk/tafels/plaatsen/99999999/status/", "/werk/tafels/aanmeldingen/99999999/"):
        assert client.post(path, {"status": "doet_mee"}).status_code == 404


def test_seat_status_changes_and_outsiders(client, world):
    table = make_table(world.velsen_council)
    seat = seat_client(table, make_expert(world.velsen_council), accepted=False)
    status_url = reverse("tables:seat_status", args=[seat.pk])
    client.force_login(world.people["lid_beverwijk"])
    assert client.post(status_url, {"status": "doet_mee"}).status_code == 404
    client.force_login(world.people["beleid_velsen"])
    assert client.post(status_url, {"status": "doet_mee"}).status_code == 302
    assert Seat.objects.get(pk=seat.pk).status == SeatStatus.ACCEPTED
    response = client.post(status_url, {"status": "gevraagd"}, follow=True)
    assert messages_of(response)
    assert Seat.objects.get(pk=seat.pk).status == SeatStatus.ACCEPTED
    assert client.post(status_url, {"status": "vertrokken"}).status_code == 302
    assert Seat.objects.get(pk=seat.pk).status == SeatStatus.LEFT


def test_join_request_accept_and_decline_mail_the_resident(client, world):
    table = make_table(world.velsen_council)
    yes = services.join_request_submit(
        table=table, name="Rob Inwoner", email="rob@example.org", stakeholder_type="inwoner", message="Ik woon hier."
    )
    no = services.join_request_submit(
        table=table, name="Sara", email="sara@example.org", stakeholder_type="jongere", message=""
    )
    client.force_login(world.people["lid_velsen"])
    page = client.get(url("work_detail", table)).content.decode()
    assert "Rob Inwoner" in page and "rob@example.org" in page
    response = client.post(reverse("tables:join_decide", args=[yes.pk]), {"decision": "accepteren", "note": "Welkom!"})
    assert response.status_code == 302
    yes.refresh_from_db()
    assert yes.status == JoinRequestStatus.ACCEPTED
    assert yes.seat is not None and yes.seat.status == SeatStatus.ACCEPTED
    assert yes.seat.guest_email == "rob@example.org"
    client.post(reverse("tables:join_decide", args=[no.pk]), {"decision": "afwijzen", "note": "\x00" + "n" * 100})
    assert JoinRequest.objects.get(pk=no.pk).status == JoinRequestStatus.DECLINED
    mails = {m.to[0]: m for m in OutboxMessage.objects.filter(dedup_key__startswith="table-join-decided:")}
    assert set(mails) == {"rob@example.org", "sara@example.org"}
    assert "Welkom!" in mails["rob@example.org"].body
    assert "Goed nieuws" in mails["rob@example.org"].body
    assert "niet aan tafel" in mails["sara@example.org"].body
    # Deciding again is refused; no second mail.
    response = client.post(reverse("tables:join_decide", args=[yes.pk]), {"decision": "afwijzen"}, follow=True)
    assert any("al besloten" in m for m in messages_of(response))
    assert OutboxMessage.objects.filter(dedup_key__startswith="table-join-decided:").count() == 2
    # Hostile decision values and a long note.
    other = services.join_request_submit(
        table=table, name="Tom", email="tom@example.org", stakeholder_type="inwoner", message=""
    )
    for data in ({"decision": "ja"}, {"decision": "accepteren", "note": "n" * 5000}, {}):
        client.post(reverse("tables:join_decide", args=[other.pk]), data)
    assert JoinRequest.objects.get(pk=other.pk).status == JoinRequestStatus.PENDING
    assert client.get(reverse("tables:join_decide", args=[other.pk])).status_code == 405


def test_history_shows_changes(client, world):
    table = make_table(world.velsen_council, by=world.people["lid_velsen"])
    client.force_login(world.people["beleid_velsen"])
    client.post(url("work_edit", table), form_data(title="Een nieuwe titel"))
    history = client.get(url("work_detail", table)).context["history"]
    assert [(c.old, c.new) for c in history[0].changes if c.label == "titel"] == [
        ("Vervoer naar de dagbesteding", "Een nieuwe titel")
    ]
    assert history[0].who == str(world.people["beleid_velsen"])
    assert timezone.now() - history[0].when < timezone.timedelta(minutes=1)


# What each demo role gets on /werk/tafels/nieuw/ (own initiative) and from a Velsen agenda item.
CREATE_MATRIX = {
    "anonymous": (302, 302),
    "lid_velsen": (200, 200),
    "voorzitter_velsen": (200, 200),
    "beleid_velsen": (200, 200),
    "lid_beverwijk": (200, 404),
    "lid_heemskerk": (200, 404),
    "lid_regio": (200, 404),
    "beleid_beverwijk": (200, 404),
    "aanjager": (403, 403),
    "ondersteuning": (403, 403),
    "beheer": (403, 403),
    "commissie": (403, 403),
    "ervaring": (403, 403),
    "inwoner": (403, 403),
}


@pytest.mark.parametrize("persona", sorted(CREATE_MATRIX))
def test_permission_matrix_for_forming_a_table(client, world, persona):
    item = f.AgendaItemFactory(council=world.velsen_council)
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    got = (client.get(CREATE).status_code, client.get(f"{CREATE}?agendapunt={item.pk}").status_code)
    assert got == CREATE_MATRIX[persona]
