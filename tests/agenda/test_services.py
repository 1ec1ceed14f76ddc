"""The agenda's services on their own: rule 8, item status transitions and the public reason, the history
they leave (who and what), referral of items and requests, and the reminder a week before a request's
wanted date (exactly once)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agenda import services
from agenda.models import (
    AgendaItem,
    EarlyInvolvementRequest,
    ItemStatus,
    Origin,
    ParticipationAdvice,
    RecommendedGroup,
    RequestStatus,
)
from agenda.selectors.work import history_entries
from agenda.services import GroupAdvice
from infrastructure.models import OutboxMessage

from .. import factories as f

pytestmark = pytest.mark.django_db

CLIENTS = GroupAdvice(target_group="clienten", forms=["tafel"], timing="in het voorjaar")
CARERS = GroupAdvice(target_group="mantelzorgers", forms=["bijeenkomst"])


def new_item(world, **kwargs) -> AgendaItem:
    kwargs.setdefault("title", "Eenzaamheid onder ouderen")
    kwargs.setdefault("description", "Ouderen zien weinig mensen.")
    kwargs.setdefault("origin", Origin.COUNCIL)
    return services.agenda_item_save(
        item=AgendaItem(council=world.velsen_council, **kwargs), by=world.people["lid_velsen"]
    )


def give(request, world, **kwargs):
    kwargs.setdefault("summary", "Betrek cliënten vroeg.")
    kwargs.setdefault("client_perspective", "Cliënten willen meedenken voordat er iets vastligt.")
    kwargs.setdefault("groups", [CLIENTS, CARERS])
    return services.participation_advice_give(request=request, by=world.people["lid_velsen"], **kwargs)


# --- Rule 8 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("groups", "perspective", "field"),
    [
        ([CARERS], "Cliënten willen meedenken.", "groups"),  # no clients group
        ([GroupAdvice(target_group="clienten", forms=[]), CARERS], "Cliënten willen meedenken.", "groups"),
        ([CLIENTS], "", "client_perspective"),
        ([CLIENTS], "   \n ", "client_perspective"),
    ],
)
def test_rule_8_refuses_and_saves_nothing(world, groups, perspective, field):
    request = f.EarlyInvolvementRequestFactory(council=world.velsen_council)
    with pytest.raises(ValidationError) as refused:
        give(request, world, groups=groups, client_perspective=perspective)
    assert field in refused.value.message_dict
    assert not ParticipationAdvice.objects.exists()
    assert not RecommendedGroup.objects.exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED and request.answered_at is None


def test_rule_8_names_both_missing_parts_at_once():
    with pytest.raises(ValidationError) as refused:
        services.check_rule_8(groups=[CARERS], client_perspective="")
    assert set(refused.value.message_dict) == {"groups", "client_perspective"}


def test_advice_with_the_clients_group_is_given(world):
    request = f.EarlyInvolvementRequestFactory(council=world.velsen_council, filed_by=world.people["beleid_velsen"])
    advice = give(request, world)
    request.refresh_from_db()
    assert request.status == RequestStatus.ADVISED
    assert request.acknowledged_by == world.people["lid_velsen"]  # answering also acknowledges
    assert [g.target_group for g in advice.groups.all()] == ["clienten", "mantelzorgers"]
    assert OutboxMessage.objects.filter(dedup_key=f"request-answered:{request.pk}").count() == 1
    with pytest.raises(ValidationError):
        give(request, world)  # once


@pytest.mark.parametrize(
    "groups",
    [
        [CLIENTS, CLIENTS],
        [CLIENTS, GroupAdvice(target_group="marsbewoners", forms=["tafel"])],
        [CLIENTS, GroupAdvice(target_group="jongeren", forms=["telepathie"])],
    ],
)
def test_advice_refuses_odd_groups(world, groups):
    request = f.EarlyInvolvementRequestFactory(council=world.velsen_council)
    with pytest.raises(ValidationError):
        give(request, world, groups=groups)
    assert not ParticipationAdvice.objects.exists()


# --- Item status and history -----------------------------------------------------------------------


def test_item_moves_along_the_transitions_only(world):
    item = new_item(world)
    for status in (ItemStatus.SCHEDULED, ItemStatus.IN_PROGRESS, ItemStatus.DONE):
        item.status = status
        services.agenda_item_save(item=item, by=None)
    item.status = ItemStatus.PROPOSED  # afgerond → voorgesteld skips a step back
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_save(item=item, by=None)
    assert "status" in refused.value.message_dict
    assert AgendaItem.objects.get().status == ItemStatus.DONE


def test_not_taken_up_needs_a_reason_and_shows_it(world):
    item = new_item(world)
    item.status = ItemStatus.NOT_TAKEN_UP
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_save(item=item, by=None)
    assert "not_taken_up_reason" in refused.value.message_dict
    item.not_taken_up_reason = "De gemeente pakt dit al op in het Wmo-beleidsplan."
    services.agenda_item_save(item=item, by=None)
    assert AgendaItem.objects.public().get().not_taken_up_reason.startswith("De gemeente")


def test_wijken_must_be_of_the_councils_municipality(world):
    foreign = f.NeighbourhoodFactory(municipality=world.beverwijk)
    item = new_item(world)
    with pytest.raises(ValidationError):
        services.agenda_item_save(item=item, by=None, neighbourhoods=[foreign])
    assert not item.neighbourhoods.exists()


def test_history_records_who_changed_what(world):
    member, advisor = world.people["lid_velsen"], world.people["beleid_velsen"]
    item = new_item(world)
    item.status = ItemStatus.SCHEDULED
    item.municipal_contact = advisor
    services.agenda_item_save(item=item, by=advisor)
    entries = history_entries(item)
    assert [(e.who, e.created) for e in entries] == [(str(advisor), False), (str(member), True)]
    changes = {c.label: (c.old, c.new) for c in entries[0].changes}
    assert changes == {"status": ("voorgesteld", "geagendeerd"), "contactpersoon gemeente": ("–", str(advisor))}


def test_history_without_a_person_says_the_system(world):
    item = services.agenda_item_save(
        item=AgendaItem(council=world.velsen_council, title="T", description="D", origin=Origin.MUNICIPALITY), by=None
    )
    item.title = "T2"
    services.agenda_item_save(item=item, by=None)
    assert history_entries(item)[0].who == "het systeem"


# --- Referral --------------------------------------------------------------------------------------


def test_item_referral_keeps_the_item_local_and_is_idempotent(world):
    item = new_item(world)
    services.agenda_item_refer_to_region(item=item, by=world.people["lid_velsen"])
    item.refresh_from_db()
    first = item.referred_to_region_at
    assert first is not None and item.council == world.velsen_council
    services.agenda_item_refer_to_region(item=item, by=world.people["lid_velsen"])
    item.refresh_from_db()
    assert item.referred_to_region_at == first
    assert item in AgendaItem.objects.on_agenda_of(world.regional_council)
    assert item in AgendaItem.objects.for_user(world.people["lid_regio"])
    regional = AgendaItem.objects.create(
        council=world.regional_council, title="R", description="D", origin=Origin.COUNCIL
    )
    with pytest.raises(ValidationError):
        services.agenda_item_refer_to_region(item=regional, by=None)


def test_request_referral_moves_it_to_the_regional_council(world):
    f.MembershipFactory(
        person=f.UserFactory(email="voorzitter.regio@example.org"), council=world.regional_council, role="voorzitter"
    )
    request = f.EarlyInvolvementRequestFactory(council=world.velsen_council)
    services.request_refer_to_region(request=request, by=world.people["lid_velsen"])
    request.refresh_from_db()
    assert request.council == world.regional_council
    assert request.referred_from == world.velsen_council
    assert request.municipality == world.velsen
    assert OutboxMessage.objects.get(dedup_key__startswith=f"request-filed:{request.pk}:").to == [
        "voorzitter.regio@example.org"
    ]
    with pytest.raises(ValidationError):
        services.request_refer_to_region(request=request, by=None)  # already regional


def test_a_closed_request_is_not_referred(world):
    request = f.EarlyInvolvementRequestFactory(council=world.velsen_council, status=RequestStatus.DONE)
    with pytest.raises(ValidationError):
        services.request_refer_to_region(request=request, by=None)


# --- Reminders -------------------------------------------------------------------------------------


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(7, 0)))


def test_reminder_goes_once_a_week_before_and_not_earlier(world, settings):
    settings.REQUEST_REMINDER_DAYS_BEFORE = 7
    today = timezone.localdate()
    request = f.EarlyInvolvementRequestFactory(council=world.velsen_council, wanted_by=today + timedelta(days=20))
    key = f"request-reminder:{request.pk}:"
    assert services.request_send_reminders(now=_at(today)) == 0
    assert services.request_send_reminders(now=_at(today + timedelta(days=12))) == 0  # 8 days before
    assert not OutboxMessage.objects.filter(dedup_key__startswith=key).exists()
    assert services.request_send_reminders(now=_at(today + timedelta(days=13))) == 1  # 7 days before
    assert [m.to for m in OutboxMessage.objects.filter(dedup_key__startswith=key)] == [
        ["voorzitter.velsen@example.org"]
    ]
    for later in (13, 14, 19, 25):
        assert services.request_send_reminders(now=_at(today + timedelta(days=later))) == 0
    assert OutboxMessage.objects.filter(dedup_key__startswith=key).count() == 1
    request.refresh_from_db()
    assert request.reminder_sent_at is not None


def test_no_reminder_for_an_answered_request(world):
    today = timezone.localdate()
    request = f.EarlyInvolvementRequestFactory(council=world.velsen_council, wanted_by=today + timedelta(days=3))
    give(request, world)
    assert services.request_send_reminders(now=_at(today)) == 0
    assert not OutboxMessage.objects.filter(dedup_key__startswith=f"request-reminder:{request.pk}:").exists()


def test_reminder_falls_back_to_the_councils_address(world):
    world.beverwijk_council.email = "raad@beverwijk.example.org"
    world.beverwijk_council.save()
    today = timezone.localdate()
    request = f.EarlyInvolvementRequestFactory(council=world.beverwijk_council, wanted_by=today + timedelta(days=7))
    assert services.request_send_reminders(now=_at(today)) == 1
    assert OutboxMessage.objects.get(dedup_key__startswith=f"request-reminder:{request.pk}:").to == [
        "raad@beverwijk.example.org"
    ]


# --- Filing and the request's own history ----------------------------------------------------------


def test_filing_keeps_the_phase_and_history(world):
    advisor = world.people["beleid_velsen"]
    request = services.request_file(
        request=EarlyInvolvementRequest(
            council=world.velsen_council,
            municipality=world.velsen,
            title="Beschermd wonen",
            phase="beleidsvorming",
            question="Wie betrekken we?",
            wanted_by=timezone.localdate() + timedelta(days=40),
        ),
        by=advisor,
    )
    services.request_acknowledge(request=request, by=world.people["lid_velsen"])
    request.refresh_from_db()
    request.phase = "besluitvorming"
    request.save()
    request.refresh_from_db()
    assert request.phase_at_filing == "beleidsvorming"
    entries = history_entries(request)
    assert entries[-1].who == str(advisor) and entries[-1].created
    acknowledged = next(e for e in entries if any(c.label == "status" for c in e.changes))
    assert acknowledged.who == str(world.people["lid_velsen"])
    assert {c.label: c.new for c in acknowledged.changes}["status"] == "in behandeling"


def test_mail_dedup_keys_name_people_by_number_not_by_address(world):
    """Dedup keys stay after a mail's content is erased: they must not hold an e-mail address."""
    world.velsen_council.email = "raad@velsen.example.org"
    world.velsen_council.save()
    request = services.request_file(
        request=EarlyInvolvementRequest(
            council=world.velsen_council,
            municipality=world.velsen,
            title="Wmo-loketten",
            phase="verkenning",
            question="Wie betrekken we?",
            wanted_by=timezone.localdate() + timedelta(days=3),
        ),
        by=world.people["beleid_velsen"],
    )
    services.request_send_reminders()
    keys = list(OutboxMessage.objects.filter(dedup_key__startswith="request-").values_list("dedup_key", flat=True))
    chair = world.people["voorzitter_velsen"]
    assert sorted(keys) == [
        f"request-filed:{request.pk}:person-{chair.pk}",
        f"request-reminder:{request.pk}:person-{chair.pk}",
    ]
    assert not any("@" in key for key in keys)
