"""Support requests: a council's member asks the regional support team for help; the team takes and answers
it. The services' rules (own council only, a wanted date not in the past, an answer to close, mail to the
support team once and the answer to the asker), the pages' scoping (404 to outsiders, 403 to readers),
filters, pagination and a query count that does not grow with the rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councils import demo as councils_demo
from councils import services
from councils.models import (
    SELF_EVALUATION_QUESTIONS,
    Council,
    SelfEvaluation,
    SelfEvaluationAnswer,
    SelfEvaluationStatus,
    SupportKind,
    SupportRequest,
    SupportStatus,
)
from infrastructure.large_seed import LargeSeedUnsupportedError
from infrastructure.mail import queue_templated_mail
from infrastructure.models import OutboxMessage
from members import demo as members_demo
from members.models import Role

from .. import factories as f

pytestmark = pytest.mark.django_db

LIST = reverse("councils:support_list")
CREATE = reverse("councils:support_create")


def ask(world, **overrides) -> SupportRequest:
    arguments = {
        "council": world.velsen_council,
        "kind": SupportKind.COMMUNICATION,
        "title": "Flyer voor de bijeenkomst over mantelzorg",
        "description": "Kunnen jullie een flyer maken? De tekst is klaar.",
        "wanted_by": timezone.localdate() + timedelta(days=14),
        "by": world.people["lid_velsen"],
    }
    arguments.update(overrides)
    return services.support_request_create(**arguments)


def form_data(**overrides) -> dict:
    data = {
        "kind": SupportKind.ORGANISATION,
        "title": "Zaal voor de tafel over vervoer",
        "description": "We zoeken een rolstoeltoegankelijke zaal met ringleiding.",
        "wanted_by": (timezone.localdate() + timedelta(days=10)).isoformat(),
    }
    data.update(overrides)
    return data


# --- Services ------------------------------------------------------------------------------------


def test_a_member_asks_and_every_active_support_team_member_is_mailed_once(world):
    second = f.UserFactory(email="ondersteuning2@example.org")
    f.RoleAssignmentFactory(person=second, role=Role.ONDERSTEUNER)
    gone = f.UserFactory(email="oud-ondersteuner@example.org", is_active=False)
    f.RoleAssignmentFactory(person=gone, role=Role.ONDERSTEUNER)
    support = ask(world)
    assert support.status == SupportStatus.OPEN
    assert support.requested_by == world.people["lid_velsen"]
    mailed = OutboxMessage.objects.filter(dedup_key__startswith=f"support-requested:{support.pk}:")
    assert sorted(m.to[0] for m in mailed) == ["ondersteuning2@example.org", "ondersteuning@example.org"]
    # Nobody else: not the council, not the aanjager (rule 9).
    assert OutboxMessage.objects.count() == 2
    # Queued again (a retry): still one mail per person.
    for key, address in services.support_team_recipients():
        queue_templated_mail(
            to=address,
            subject="x",
            template="councils/mail/support_requested.txt",
            context={"support": support, "council": support.council, "title": support.title, "support_url": ""},
            dedup_key=f"support-requested:{support.pk}:{key}",
        )
    assert OutboxMessage.objects.count() == 2


def test_only_a_member_of_the_council_asks_for_it(world):
    with pytest.raises(ValidationError) as refused:
        ask(world, by=world.people["lid_beverwijk"])
    assert "council" in refused.value.message_dict
    with pytest.raises(ValidationError):
        ask(world, by=world.people["ondersteuning"])
    assert not SupportRequest.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_the_wanted_date_is_not_in_the_past(world):
    with pytest.raises(ValidationError) as refused:
        ask(world, wanted_by=timezone.localdate() - timedelta(days=1))
    assert "wanted_by" in refused.value.message_dict
    assert ask(world, wanted_by=timezone.localdate()).wanted_by == timezone.localdate()


def test_take_then_close_with_an_answer_mails_the_asker(world):
    support = ask(world)
    team = world.people["ondersteuning"]
    taken = services.support_request_take(support=support, by=team)
    assert taken.status == SupportStatus.IN_PROGRESS and taken.handled_by == team and taken.taken_at
    with pytest.raises(ValidationError, match="al in behandeling"):
        services.support_request_take(support=support, by=team)
    closed = services.support_request_close(support=support, answer="  De flyer staat in de map.  ", by=team)
    assert closed.status == SupportStatus.CLOSED
    assert closed.answer == "De flyer staat in de map."
    assert closed.closed_at is not None and closed.met_in_time is True
    answered = OutboxMessage.objects.get(dedup_key=f"support-answered:{support.pk}")
    assert answered.to == ["lid.velsen@example.org"]
    assert "De flyer staat in de map." in answered.body
    with pytest.raises(ValidationError, match="al afgerond"):
        services.support_request_close(support=support, answer="Nog eens", by=team)
    assert OutboxMessage.objects.filter(dedup_key__startswith="support-answered:").count() == 1


def test_closing_needs_an_answer(world):
    support = ask(world)
    with pytest.raises(ValidationError) as refused:
        services.support_request_close(support=support, answer=" \n ", by=world.people["ondersteuning"])
    assert "answer" in refused.value.message_dict
    support.refresh_from_db()
    assert support.status == SupportStatus.OPEN and support.closed_at is None


def test_the_database_refuses_a_closed_request_without_an_answer(world):
    support = f.SupportRequestFactory(council=world.velsen_council)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportRequest.objects.filter(pk=support.pk).update(status=SupportStatus.CLOSED, closed_at=timezone.now())


def test_closing_an_open_request_records_who_took_it(world):
    support = ask(world)
    closed = services.support_request_close(support=support, answer="Geregeld.", by=world.people["ondersteuning"])
    assert closed.taken_at == closed.closed_at
    assert closed.handled_by == world.people["ondersteuning"]


def test_met_in_time_compares_the_closing_day_with_the_wanted_date(world):
    late = f.SupportRequestFactory(
        council=world.velsen_council,
        wanted_by=timezone.localdate() - timedelta(days=3),
        requested_at=timezone.now() - timedelta(days=20),
    )
    closed = services.support_request_close(
        support=late, answer="Te laat, wel geregeld.", by=world.people["ondersteuning"]
    )
    assert closed.met_in_time is False


# --- Pages ---------------------------------------------------------------------------------------


def test_list_is_scoped_to_the_users_councils(client, world):
    velsen = f.SupportRequestFactory(council=world.velsen_council, title="Velsen vraagt")
    beverwijk = f.SupportRequestFactory(council=world.beverwijk_council, title="Beverwijk vraagt")
    client.force_login(world.people["lid_velsen"])
    shown = list(client.get(LIST).context["page"].object_list)
    assert shown == [velsen]
    for reader in ("aanjager", "ondersteuning", "beheer"):
        client.force_login(world.people[reader])
        assert set(client.get(LIST).context["page"].object_list) == {velsen, beverwijk}
    for outsider in ("beleid_velsen", "inwoner", "ervaring", "commissie"):
        client.force_login(world.people[outsider])
        assert client.get(LIST).status_code == 403


def test_list_filters_marks_overdue_and_shows_how_long_it_took(client, world):
    today = timezone.localdate()
    overdue = f.SupportRequestFactory(
        council=world.velsen_council, title="Te laat open", wanted_by=today - timedelta(days=2), kind="kennis"
    )
    done = f.SupportRequestFactory(
        council=world.velsen_council,
        title="Klaar",
        requested_at=timezone.now() - timedelta(days=5),
        wanted_by=today + timedelta(days=5),
    )
    services.support_request_close(support=done, answer="Gedaan.", by=world.people["ondersteuning"])
    f.SupportRequestFactory(council=world.beverwijk_council, title="Flyer Beverwijk")
    client.force_login(world.people["aanjager"])
    page = client.get(LIST).content.decode()
    assert "te laat" in page
    assert "na 5\xa0dagen" in page and "op tijd" in page
    assert list(client.get(LIST, {"kind": "kennis"}).context["page"].object_list) == [overdue]
    assert list(client.get(LIST, {"status": "afgerond"}).context["page"].object_list) == [done]
    by_council = client.get(LIST, {"council": world.beverwijk_council.pk}).context["page"].object_list
    assert [s.title for s in by_council] == ["Flyer Beverwijk"]
    assert [s.title for s in client.get(LIST, {"q": "klaar"}).context["page"].object_list] == ["Klaar"]
    empty = client.get(LIST, {"q": "bestaat niet"})
    assert "Er zijn geen vragen die aan uw filters voldoen." in empty.content.decode()
    # Hostile filter values: never a 500.
    for value in ("٣", "9" * 40, "<b>", "\x00"):
        assert client.get(LIST, {"council": value, "kind": value, "status": value, "q": value}).status_code == 200


def test_member_cannot_filter_on_another_council(client, world):
    f.SupportRequestFactory(council=world.beverwijk_council)
    client.force_login(world.people["lid_velsen"])
    response = client.get(LIST, {"council": world.beverwijk_council.pk})
    assert "council" in response.context["filters"].errors
    assert list(response.context["page"].object_list) == []


def test_empty_list_invites_a_member_to_ask(client, world):
    client.force_login(world.people["lid_velsen"])
    page = client.get(LIST).content.decode()
    assert "Er zijn nog geen ondersteuningsvragen." in page
    assert CREATE in page
    client.force_login(world.people["aanjager"])
    assert CREATE not in client.get(LIST).content.decode()


def test_list_is_paginated(client, world):
    f.SupportRequestFactory.create_batch(30, council=world.velsen_council)
    client.force_login(world.people["ondersteuning"])
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 25
    assert "pagina=2" in first.content.decode()
    assert len(client.get(LIST, {"pagina": 2}).context["page"].object_list) == 5


def _list_queries(client, world, count: int, persona: str) -> int:
    SupportRequest.objects.all().delete()
    asker = world.people["lid_velsen"]
    f.SupportRequestFactory.create_batch(count, council=world.velsen_council, requested_by=asker)
    client.force_login(world.people[persona])
    client.get(LIST)  # the first request after logging in also writes the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == min(count, 25)
    return len(queries)


@pytest.mark.parametrize("persona", ["lid_velsen", "ondersteuning"])
def test_list_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries, persona):
    few = _list_queries(client, world, 5, persona)
    many = _list_queries(client, world, 50, persona)
    # session, user, scope ×2; the councils; count; requests; session save ×3 (in a savepoint). The
    # "may ask" question goes to the rules alone, so a "no" costs no model-backend permission queries.
    assert few == many == 10
    with django_assert_max_num_queries(10):
        client.get(LIST, {"status": "open", "q": "flyer", "pagina": "2"})


def test_a_member_of_one_council_asks_without_choosing(client, world):
    client.force_login(world.people["lid_velsen"])
    form = client.get(CREATE).context["form"]
    assert form.only_council == world.velsen_council
    response = client.post(CREATE, form_data())
    support = SupportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == support.get_absolute_url()
    assert support.council == world.velsen_council and support.kind == SupportKind.ORGANISATION
    assert OutboxMessage.objects.filter(dedup_key__startswith=f"support-requested:{support.pk}:").count() == 1


def test_a_member_of_two_councils_chooses_one_of_them(client, world):
    client.force_login(world.people["lid_regio"])
    form = client.get(CREATE).context["form"]
    assert set(form.fields["council"].queryset) == {world.heemskerk_council, world.regional_council}
    response = client.post(CREATE, form_data(council=world.velsen_council.pk))
    assert response.status_code == 400 and "council" in response.context["form"].errors
    response = client.post(CREATE, form_data(council=world.regional_council.pk))
    assert response.status_code == 302
    assert SupportRequest.objects.get().council == world.regional_council


def test_bad_input_keeps_what_was_typed(client, world):
    client.force_login(world.people["lid_velsen"])
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(CREATE, form_data(wanted_by=yesterday, title="<script>alert(1)</script>"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kies vandaag of een datum in de toekomst." in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "rolstoeltoegankelijke zaal met ringleiding" in page
    response = client.post(CREATE, form_data(description="x" * 100_000, kind="onbekend"))
    assert response.status_code == 400
    assert {"description", "kind"} <= set(response.context["form"].errors)
    assert not SupportRequest.objects.exists()


def test_only_members_ask(client, world):
    for persona in ("aanjager", "ondersteuning", "beheer", "beleid_velsen", "inwoner"):
        client.force_login(world.people[persona])
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, form_data()).status_code == 403
    assert not SupportRequest.objects.exists()


def test_detail_is_hidden_from_other_councils_and_readers_do_not_act(client, world):
    support = f.SupportRequestFactory(council=world.velsen_council, requested_by=world.people["lid_velsen"])
    detail = support.get_absolute_url()
    take = reverse("councils:support_take", args=[support.pk])
    close = reverse("councils:support_close", args=[support.pk])
    client.force_login(world.people["lid_beverwijk"])
    assert client.get(detail).status_code == 404
    assert client.post(take).status_code == 404
    for reader in ("aanjager", "beheer", "lid_velsen"):
        client.force_login(world.people[reader])
        page = client.get(detail)
        assert page.status_code == 200 and not page.context["may_handle"]
        assert client.post(take).status_code == 403
        assert client.post(close, {"answer": "Gedaan."}).status_code == 403
    support.refresh_from_db()
    assert support.status == SupportStatus.OPEN


def test_the_support_team_takes_and_answers_on_the_page(client, world):
    support = f.SupportRequestFactory(council=world.velsen_council, requested_by=world.people["lid_velsen"])
    client.force_login(world.people["ondersteuning"])
    page = client.get(support.get_absolute_url())
    assert page.context["may_handle"]
    assert client.post(reverse("councils:support_take", args=[support.pk])).status_code == 302
    close = reverse("councils:support_close", args=[support.pk])
    refused = client.post(close, {"answer": "   "})
    assert refused.status_code == 400 and "answer" in refused.context["answer_form"].errors
    response = client.post(close, {"answer": "De zaal is geboekt."}, follow=True)
    assert "De vraag is afgerond." in response.content.decode()
    assert "De zaal is geboekt." in response.content.decode()
    support.refresh_from_db()
    assert support.status == SupportStatus.CLOSED and support.handled_by == world.people["ondersteuning"]
    # Closed: no more actions, and a second close is refused with a message.
    assert not client.get(support.get_absolute_url()).context["may_handle"]
    again = client.post(close, {"answer": "Nog eens."}, follow=True)
    assert "al afgerond" in again.content.decode()


def test_overdue_open_request_is_marked_on_its_page(client, world):
    support = f.SupportRequestFactory(council=world.velsen_council, wanted_by=timezone.localdate() - timedelta(days=1))
    client.force_login(world.people["lid_velsen"])
    assert "Te laat:" in client.get(support.get_absolute_url()).content.decode()


# --- Demo data -----------------------------------------------------------------------------------


def _seed_small() -> None:
    base = councils_demo.seed()
    members_demo.seed(councils=base.councils, municipalities=base.municipalities)
    councils_demo.seed_work()


def test_the_demo_has_requests_in_every_status_and_evaluations_and_seeding_twice_adds_nothing():
    _seed_small()
    first = (SupportRequest.objects.count(), SelfEvaluation.objects.count(), SelfEvaluationAnswer.objects.count())
    _seed_small()
    assert (
        SupportRequest.objects.count(),
        SelfEvaluation.objects.count(),
        SelfEvaluationAnswer.objects.count(),
    ) == first
    today = timezone.localdate()
    for council in Council.objects.all():
        assert set(council.support_requests.values_list("status", flat=True)) == set(SupportStatus.values), council
    closed = list(SupportRequest.objects.filter(status=SupportStatus.CLOSED))
    assert {s.met_in_time for s in closed} == {True, False}
    assert all(s.answer and s.handled_by for s in closed)
    assert SupportRequest.objects.open().filter(wanted_by__lt=today).count() == 1
    last_year = SelfEvaluation.objects.filter(year=today.year - 1)
    assert last_year.count() == 4 and all(e.is_submitted for e in last_year)
    assert all(e.answers.filter(score__isnull=False).count() == len(SELF_EVALUATION_QUESTIONS) for e in last_year)
    this_year = set(SelfEvaluation.objects.filter(year=today.year).values_list("status", flat=True))
    assert this_year == {SelfEvaluationStatus.SUBMITTED, SelfEvaluationStatus.DRAFT}


def test_the_large_seed_tops_up_in_bulk():
    _seed_small()
    if connection.vendor != "postgresql":
        with pytest.raises(LargeSeedUnsupportedError):
            councils_demo.seed_large(support_requests=60)
        return
    small = SupportRequest.objects.count()
    added = councils_demo.seed_large(support_requests=60)
    assert SupportRequest.objects.count() == 60
    assert added["ondersteuningsvragen"] == 60 - small and added["zelfevaluaties"] > 0
    assert councils_demo.seed_large(support_requests=60) == {"ondersteuningsvragen": 0, "zelfevaluaties": 0}
    # Every closed one has its answer (the database's constraint), spread over the years.
    years = {s.requested_at.year for s in SupportRequest.objects.all()}
    assert len(years) >= 3
