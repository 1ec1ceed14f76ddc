"""The agenda's work pages: the list of the user's councils, creating and editing an item (members and the
municipality's policy advisors both), the history on the item (who, when, what), referral to the regional
agenda, permissions, hostile input and the pinned query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenda import services
from agenda.forms.work import quarter_choices
from agenda.models import AgendaItem, ItemStatus, Origin
from members.models import Role

from .. import factories as f

pytestmark = pytest.mark.django_db

LIST = reverse("agenda:work_list")


def make_item(council, title: str = "Toegang tot de Wmo-loketten", **kwargs) -> AgendaItem:
    kwargs.setdefault("description", "Inwoners vinden het loket moeilijk.")
    kwargs.setdefault("origin", Origin.COUNCIL)
    kwargs.setdefault("status", ItemStatus.PROPOSED)
    return AgendaItem.objects.create(council=council, title=title, **kwargs)


def form_data(**overrides) -> dict:
    data = {
        "title": "Eenzaamheid onder ouderen",
        "description": "Veel ouderen in Velsen-Noord zien weinig mensen.",
        "origin": Origin.COUNCIL,
        "status": ItemStatus.PROPOSED,
        "not_taken_up_reason": "",
        "planned_quarter": "",
        "is_public": "on",
    }
    data.update(overrides)
    return data


def titles(response) -> set[str]:
    return {item.title for item in response.context["page"].object_list}


# --- The list --------------------------------------------------------------------------------------


def test_list_shows_only_the_users_councils(client, world):
    make_item(world.velsen_council, "Velsen punt")
    make_item(world.beverwijk_council, "Beverwijk punt")
    make_item(world.regional_council, "Regionaal punt")
    client.force_login(world.people["lid_velsen"])
    assert titles(client.get(LIST)) == {"Velsen punt"}
    client.force_login(world.people["beleid_velsen"])
    assert titles(client.get(LIST)) == {"Velsen punt"}
    client.force_login(world.people["lid_regio"])  # Heemskerk and the regional council
    assert titles(client.get(LIST)) == {"Regionaal punt"}
    client.force_login(world.people["aanjager"])
    assert titles(client.get(LIST)) == {"Velsen punt", "Beverwijk punt", "Regionaal punt"}


def test_list_is_forbidden_without_a_role_and_needs_login(client, world):
    assert client.get(LIST).status_code == 302
    client.force_login(world.people["inwoner"])
    assert client.get(LIST).status_code == 403


def test_list_filters(client, world):
    theme = f.ThemeFactory(name="Jeugdhulp")
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    planned = make_item(world.velsen_council, "Jeugdhulp wachtlijst", planned_year=year, planned_quarter=quarter)
    planned.themes.set([theme])
    make_item(world.velsen_council, "Schuldhulpverlening", origin=Origin.MUNICIPALITY, status=ItemStatus.SCHEDULED)
    client.force_login(world.people["lid_velsen"])
    assert titles(client.get(LIST, {"theme": theme.pk})) == {"Jeugdhulp wachtlijst"}
    assert titles(client.get(LIST, {"status": "geagendeerd"})) == {"Schuldhulpverlening"}
    assert titles(client.get(LIST, {"origin": "gemeente"})) == {"Schuldhulpverlening"}
    assert titles(client.get(LIST, {"quarter": f"{year}-K{quarter}"})) == {"Jeugdhulp wachtlijst"}
    assert titles(client.get(LIST, {"q": "schuld"})) == {"Schuldhulpverlening"}
    assert titles(client.get(LIST, {"council": world.velsen_council.pk})) == {
        "Jeugdhulp wachtlijst",
        "Schuldhulpverlening",
    }


def test_list_council_filter_ignores_another_council(client, world):
    make_item(world.velsen_council, "Velsen punt")
    make_item(world.beverwijk_council, "Beverwijk punt")
    client.force_login(world.people["lid_velsen"])
    response = client.get(LIST, {"council": world.beverwijk_council.pk})
    assert response.status_code == 200
    assert titles(response) == {"Velsen punt"}  # not a choice: the filter is ignored, nothing leaks


@pytest.mark.parametrize("field", ["council", "theme", "quarter", "status", "origin", "pagina", "q"])
@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "9" * 25, "\x00", "2027-K9", "<script>"])
def test_list_filters_with_odd_values_never_fail(client, world, field, value):
    make_item(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    assert client.get(LIST, {field: value}).status_code == 200


def test_new_item_button_for_who_may_add(client, world):
    client.force_login(world.people["beleid_velsen"])
    assert client.get(LIST).context["may_add"] is True
    client.force_login(world.people["aanjager"])
    assert client.get(LIST).context["may_add"] is False


def _list_queries(client, world, count: int) -> int:
    theme = f.ThemeFactory()
    owner = world.people["lid_velsen"]
    signal = f.SignalFactory(municipality=world.velsen)
    for n in range(count):
        item = make_item(world.velsen_council, f"Punt {n}", owner=owner)
        item.themes.add(theme)
        item.signals.add(signal)
    client.force_login(owner)
    client.get(LIST)  # fills the navigation cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)
    return len(queries)


def test_list_queries_do_not_grow_with_rows(client, world):
    few = _list_queries(client, world, 5)
    AgendaItem.objects.all().delete()
    many = _list_queries(client, world, 50)
    # session, user, scope ×2; count, items, their themes; the filter's councils and themes; session save ×3
    assert few == many == 12


# --- Creating and editing --------------------------------------------------------------------------


def test_member_creates_an_item(client, world):
    theme = f.ThemeFactory()
    wijk = f.NeighbourhoodFactory(municipality=world.velsen, name="Velsen-Noord")
    member = world.people["lid_velsen"]
    client.force_login(member)
    today = timezone.localdate()
    label = f"{today.year}-K{(today.month - 1) // 3 + 1}"
    response = client.post(
        reverse("agenda:work_create"),
        form_data(
            themes=[theme.pk],
            neighbourhoods=[wijk.pk],
            owner=member.pk,
            municipal_contact=world.people["beleid_velsen"].pk,
            planned_quarter=label,
        ),
    )
    item = AgendaItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    assert item.council == world.velsen_council
    assert item.created_by == member
    assert item.planned == label
    assert list(item.themes.all()) == [theme]
    assert list(item.neighbourhoods.all()) == [wijk]
    assert item.municipal_contact == world.people["beleid_velsen"]


def test_create_with_several_councils_asks_which_first(client, world):
    client.force_login(world.people["lid_regio"])  # Heemskerk and the regional council
    response = client.get(reverse("agenda:work_create"))
    assert response.status_code == 200
    assert {c.slug for c in response.context["councils"]} == {
        world.heemskerk_council.slug,
        world.regional_council.slug,
    }
    response = client.get(reverse("agenda:work_create"), {"raad": world.regional_council.slug})
    assert response.status_code == 200
    assert response.context["council"] == world.regional_council


def test_create_for_another_council_is_refused(client, world):
    client.force_login(world.people["lid_velsen"])
    assert client.get(reverse("agenda:work_create"), {"raad": world.beverwijk_council.slug}).status_code == 404
    assert client.get(reverse("agenda:work_create"), {"raad": "x" * 5000}).status_code == 404
    client.force_login(world.people["aanjager"])  # sees every council, edits none
    assert client.get(reverse("agenda:work_create"), {"raad": world.velsen_council.slug}).status_code == 403
    assert client.get(reverse("agenda:work_create")).status_code == 403


def test_advisor_edits_and_history_shows_both_sides(client, world):
    member, advisor = world.people["lid_velsen"], world.people["beleid_velsen"]
    client.force_login(member)
    client.post(reverse("agenda:work_create"), form_data(title="Doelgroepenvervoer"))
    item = AgendaItem.objects.get()
    client.force_login(advisor)
    response = client.post(
        reverse("agenda:work_edit", args=[item.pk]),
        form_data(title="Doelgroepenvervoer in de regio", status=ItemStatus.SCHEDULED, owner=member.pk),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.SCHEDULED
    client.force_login(member)
    response = client.get(reverse("agenda:work_item", args=[item.pk]))
    history = response.context["history"]
    assert [entry.who for entry in history] == [str(advisor), str(member)]
    assert history[1].created
    changes = {c.label: (c.old, c.new) for c in history[0].changes}
    assert changes["titel"] == ("Doelgroepenvervoer", "Doelgroepenvervoer in de regio")
    assert changes["status"] == ("voorgesteld", "geagendeerd")
    assert changes["trekker (lid van de raad)"] == ("–", str(member))
    body = response.content.decode()
    assert "Doelgroepenvervoer in de regio" in body and str(advisor) in body


def test_history_shows_themes_and_quarter(world):
    member = world.people["lid_velsen"]
    theme = f.ThemeFactory(name="Beschermd wonen")
    item = services.agenda_item_save(
        item=AgendaItem(council=world.velsen_council, title="A", description="B", origin=Origin.COUNCIL), by=member
    )
    item.planned_year, item.planned_quarter = 2030, 2
    services.agenda_item_save(item=item, by=world.people["beleid_velsen"], themes=[theme])
    from agenda.selectors.work import history_entries

    entries = history_entries(item)
    changes = {c.label: (c.old, c.new) for c in entries[0].changes}
    assert changes["gepland kwartaal"] == ("–", "2030-K2")
    assert changes["thema's"] == ("–", "Beschermd wonen")
    assert entries[0].who == str(world.people["beleid_velsen"])


def test_status_transitions_are_enforced(client, world):
    item = make_item(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    url = reverse("agenda:work_edit", args=[item.pk])
    response = client.post(url, form_data(status=ItemStatus.DONE))  # voorgesteld → afgerond: no
    assert response.status_code == 400
    assert "status" in response.context["form"].errors
    item.refresh_from_db()
    assert item.status == ItemStatus.PROPOSED


def test_service_refuses_a_skipped_transition(world):
    from django.core.exceptions import ValidationError

    item = make_item(world.velsen_council)
    item.status = ItemStatus.DONE
    with pytest.raises(ValidationError):
        services.agenda_item_save(item=item, by=None)


def test_not_taken_up_needs_a_public_reason(client, world):
    item = make_item(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    url = reverse("agenda:work_edit", args=[item.pk])
    response = client.post(url, form_data(status=ItemStatus.NOT_TAKEN_UP, not_taken_up_reason="  \x00 "))
    assert response.status_code == 400
    assert "not_taken_up_reason" in response.context["form"].errors
    response = client.post(
        url, form_data(status=ItemStatus.NOT_TAKEN_UP, not_taken_up_reason="De gemeente pakt dit al op.")
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_TAKEN_UP
    assert item.not_taken_up_reason == "De gemeente pakt dit al op."


def test_edit_permissions(client, world):
    item = make_item(world.velsen_council)
    url = reverse("agenda:work_edit", args=[item.pk])
    client.force_login(world.people["lid_beverwijk"])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(title="Gekaapt")).status_code == 404
    client.force_login(world.people["beleid_beverwijk"])
    assert client.get(url).status_code == 404
    client.force_login(world.people["aanjager"])  # reads, does not edit
    assert client.get(reverse("agenda:work_item", args=[item.pk])).status_code == 200
    assert client.get(url).status_code == 403
    client.force_login(world.people["beleid_velsen"])
    assert client.get(url).status_code == 200
    item.refresh_from_db()
    assert item.title == "Toegang tot de Wmo-loketten"


def test_regional_item_is_not_edited_by_advisors(client, world):
    item = make_item(world.regional_council)
    client.force_login(world.people["beleid_velsen"])
    assert client.get(reverse("agenda:work_item", args=[item.pk])).status_code == 404
    client.force_login(world.people["lid_regio"])
    assert client.get(reverse("agenda:work_edit", args=[item.pk])).status_code == 200


def test_foreign_choices_are_refused(client, world):
    item = make_item(world.velsen_council)
    foreign_wijk = f.NeighbourhoodFactory(municipality=world.beverwijk)
    client.force_login(world.people["lid_velsen"])
    url = reverse("agenda:work_edit", args=[item.pk])
    for field, value in [
        ("owner", world.people["lid_beverwijk"].pk),  # a member of another council
        ("owner", world.people["beleid_velsen"].pk),  # an advisor is no member
        ("municipal_contact", world.people["beleid_beverwijk"].pk),  # another municipality's advisor
        ("municipal_contact", world.people["lid_velsen"].pk),  # a member is no advisor
        ("neighbourhoods", foreign_wijk.pk),
        ("themes", "²"),
        ("themes", "9" * 5000),
        ("owner", "٣"),
        ("owner", "9" * 25),
        ("origin", "buitenaards"),
        ("status", "weg"),
        ("planned_quarter", "1999-K1"),
    ]:
        response = client.post(url, form_data(**{field: value}))
        assert response.status_code == 400, (field, value)
        assert field in response.context["form"].errors, (field, value)
    item.refresh_from_db()
    assert item.owner is None and item.municipal_contact is None


def test_hostile_text_is_refused_or_cleaned(client, world):
    item = make_item(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    url = reverse("agenda:work_edit", args=[item.pk])
    response = client.post(url, form_data(title="x" * 201, description="y" * 100_000))
    assert response.status_code == 400
    assert {"title", "description"} <= set(response.context["form"].errors)
    # The typed text stays in the form.
    assert response.context["form"]["title"].value() == "x" * 201
    response = client.post(url, form_data(title="Ouderen\x00\x07 en eenzaamheid", description="Tekst\x1b"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Ouderen en eenzaamheid"
    assert item.description == "Tekst"


def test_huge_ids_in_urls_are_not_found(client, world):
    client.force_login(world.people["lid_velsen"])
    for value in ("9" * 25, "9" * 5000):
        assert client.get(f"/werk/agenda/{value}/").status_code == 404
        assert client.get(f"/werk/agenda/{value}/bewerken/").status_code == 404


def test_quarter_choices_are_last_two_and_next_eight():
    from datetime import date

    labels = [value for value, _label in quarter_choices(today=date(2027, 2, 1))][1:]
    assert labels[0] == "2026-K3" and labels[2] == "2027-K1" and labels[-1] == "2029-K1"
    assert len(labels) == 11
    # An item planned long ago keeps its quarter as a choice.
    assert "2020-K1" in [v for v, _l in quarter_choices(today=date(2027, 2, 1), current=(2020, 1))]


# --- Referral --------------------------------------------------------------------------------------


def test_member_refers_an_item_to_the_regional_agenda(client, world):
    item = make_item(world.heemskerk_council, "Doelgroepenvervoer")
    url = reverse("agenda:work_refer", args=[item.pk])
    client.force_login(world.people["lid_regio"])
    assert titles(client.get(LIST, {"council": world.regional_council.pk})) == set()
    client.force_login(world.people["lid_heemskerk"])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.referred_to_region_at is not None
    client.force_login(world.people["lid_regio"])
    assert titles(client.get(LIST, {"council": world.regional_council.pk})) == {"Doelgroepenvervoer"}
    # The item stays the local council's: the regional member reads it, history says who referred it.
    response = client.get(reverse("agenda:work_item", args=[item.pk]))
    assert response.status_code == 200
    assert response.context["history"][0].who == str(world.people["lid_heemskerk"])


def test_referral_permissions(client, world):
    item = make_item(world.velsen_council)
    url = reverse("agenda:work_refer", args=[item.pk])
    client.force_login(world.people["beleid_velsen"])  # edits, does not refer
    assert client.post(url).status_code == 403
    client.force_login(world.people["lid_beverwijk"])
    assert client.post(url).status_code == 404
    regional = make_item(world.regional_council)
    client.force_login(world.people["lid_regio"])
    assert client.post(reverse("agenda:work_refer", args=[regional.pk])).status_code == 403
    item.refresh_from_db()
    assert item.referred_to_region_at is None


# --- The item page ---------------------------------------------------------------------------------


def test_item_page_shows_non_public_fields_and_signals_as_a_member_sees_them(client, world):
    request = f.EarlyInvolvementRequestFactory(council=world.velsen_council, title="Wmo-beleidsplan")
    item = make_item(
        world.velsen_council,
        is_public=False,
        owner=world.people["lid_velsen"],
        municipal_contact=world.people["beleid_velsen"],
        request=request,
    )
    own = f.SignalFactory(municipality=world.velsen)
    foreign = f.SignalFactory(municipality=world.beverwijk)
    item.signals.set([own, foreign])
    client.force_login(world.people["lid_velsen"])
    response = client.get(reverse("agenda:work_item", args=[item.pk]))
    body = response.content.decode()
    assert own.tracking_code in body
    assert foreign.tracking_code not in body  # another council's signal: by number only
    assert f"signaal #{foreign.pk}" in body
    assert "Wmo-beleidsplan" in body
    assert response.context["may_read_request"]
    assert str(world.people["beleid_velsen"]) in body


def _item_page_queries(client, world, count: int) -> int:
    member, advisor = world.people["lid_velsen"], world.people["beleid_velsen"]
    theme = f.ThemeFactory()
    item = services.agenda_item_save(
        item=AgendaItem(council=world.velsen_council, title="T", description="D", origin=Origin.COUNCIL),
        by=member,
        themes=(theme,),
    )
    item.signals.set([f.SignalFactory(municipality=world.velsen if n % 2 else world.beverwijk) for n in range(count)])
    base = timezone.now() - timedelta(days=count)
    for n in range(count):
        item.title = f"Titel {n}"
        item.owner = member if n % 2 else None
        item.municipal_contact = advisor if n % 3 else None
        services.agenda_item_save(item=item, by=advisor if n % 2 else member)
    # Spread the records in time: each is its own entry.
    for n, record in enumerate(item.history.order_by("history_id")):
        type(record).objects.filter(pk=record.pk).update(history_date=base + timedelta(hours=n))
    client.force_login(member)
    url = reverse("agenda:work_item", args=[item.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["history"]) == count + 2  # created, its themes, the changes
    assert len(response.context["signal_links"]) == count
    return len(queries)


def test_item_page_queries_do_not_grow_with_history_and_signals(client, world):
    few = _item_page_queries(client, world, 5)
    AgendaItem.objects.all().delete()
    many = _item_page_queries(client, world, 50)
    # session, user, scope ×2; item, themes, wijken; signals, which of them the member sees; history
    # records with users, their themes, their wijken, the people named in changes; what it led to (its
    # tables, its advice); session save ×3
    assert few == many == 18


def test_advisor_role_is_needed_for_contacts(world):
    from agenda.selectors.work import municipal_contacts

    f.RoleAssignmentFactory(
        person=f.UserFactory(email="oud.advies@example.org"),
        role=Role.BELEIDSADVISEUR,
        municipality=world.velsen,
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    assert list(municipal_contacts(world.velsen_council)) == [world.people["beleid_velsen"]]


def test_an_owner_whose_term_ended_does_not_block_saving(client, world):
    former = f.UserFactory(email="oud.lid@example.org")
    f.MembershipFactory(person=former, council=world.velsen_council, term_end=timezone.localdate() - timedelta(days=1))
    item = make_item(world.velsen_council, owner=former)
    client.force_login(world.people["lid_velsen"])
    url = reverse("agenda:work_edit", args=[item.pk])
    assert client.post(url, form_data(title="Nieuwe titel", owner=former.pk)).status_code == 302
    # A new choice must be a member today.
    other = f.UserFactory(email="ander.oud.lid@example.org")
    f.MembershipFactory(person=other, council=world.velsen_council, term_end=timezone.localdate() - timedelta(days=1))
    assert client.post(url, form_data(owner=other.pk)).status_code == 400
