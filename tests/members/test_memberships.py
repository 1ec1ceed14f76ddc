"""Memberships and role assignments: the rules on one row, the scope they give, and their audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from councils.models import Council
from members.access import scope_for
from members.models import CouncilRole, Membership, Role, RoleAssignment

from .. import factories as f

pytestmark = pytest.mark.django_db


def _membership(**kwargs) -> Membership:
    defaults = {
        "person": f.UserFactory(),
        "term_start": date(2024, 4, 1),
        "term_end": date(2099, 1, 1),
        "appointment_decision_date": date(2024, 3, 1),
    }
    return Membership(**{**defaults, **kwargs})


def test_a_council_has_at_most_twelve_seats(world):
    for _ in range(12):
        f.MembershipFactory(council=world.beverwijk_council)
    # the world already seated lid_beverwijk: 13 seats would be one too many
    with pytest.raises(ValidationError) as excinfo:
        _membership(council=world.beverwijk_council).full_clean()
    assert "council" in excinfo.value.message_dict


def test_a_seat_that_ended_does_not_count(world):
    ended = [f.MembershipFactory(council=world.beverwijk_council, term_end=date(2024, 12, 31)) for _ in range(11)]
    seat = _membership(council=world.beverwijk_council)
    seat.full_clean()  # twelve seats on record, but only one is held today
    seat.save()
    assert Membership.objects.filter(council=world.beverwijk_council).active().count() == 2
    # The same eleven seats, still held, fill the council: it is their end that made the room.
    Membership.objects.filter(pk__in=[m.pk for m in ended]).update(term_end=None)
    with pytest.raises(ValidationError) as excinfo:
        _membership(council=world.beverwijk_council).full_clean()
    assert "council" in excinfo.value.message_dict


def test_regional_members_may_be_delegates_of_a_local_council_or_not(world):
    # The regional council consists "wholly or partly" of delegates of the local councils.
    delegate = _membership(council=world.regional_council, delegated_from=world.velsen_council)
    non_delegate = _membership(council=world.regional_council)
    for membership in (delegate, non_delegate):
        membership.full_clean()  # raises if the rule still demanded a delegation
        membership.save()
    seats = Membership.objects.filter(council=world.regional_council, pk__in=[delegate.pk, non_delegate.pk])
    assert sorted(seats.values_list("delegated_from", flat=True), key=str) == sorted(
        [world.velsen_council.pk, None], key=str
    )


def test_a_delegate_comes_from_a_local_council(world):
    with pytest.raises(ValidationError) as excinfo:
        _membership(council=world.regional_council, delegated_from=world.regional_council).full_clean()
    assert "delegated_from" in excinfo.value.message_dict


def test_local_members_are_not_delegated(world):
    with pytest.raises(ValidationError) as excinfo:
        _membership(council=world.velsen_council, delegated_from=world.beverwijk_council).full_clean()
    assert "delegated_from" in excinfo.value.message_dict


def test_one_person_holds_one_seat_per_council_at_a_time(world):
    person = world.people["lid_velsen"]
    with pytest.raises(ValidationError) as excinfo:
        _membership(person=person, council=world.velsen_council, term_start=date(2025, 1, 1)).full_clean()
    assert "person" in excinfo.value.message_dict


def test_the_term_ends_after_it_starts_and_the_decision_precedes_it(world):
    with pytest.raises(ValidationError) as excinfo:
        _membership(
            council=world.velsen_council, term_end=date(2023, 1, 1), appointment_decision_date=date(2024, 5, 1)
        ).full_clean()
    assert {"term_end", "appointment_decision_date"} <= set(excinfo.value.message_dict)


def test_role_assignment_must_have_the_scope_of_its_role(world):
    advisor = RoleAssignment(person=f.UserFactory(), role=Role.BELEIDSADVISEUR, council=world.velsen_council)
    with pytest.raises(ValidationError):
        advisor.full_clean()
    RoleAssignment(person=f.UserFactory(), role=Role.BELEIDSADVISEUR, municipality=world.velsen).full_clean()
    with pytest.raises(ValidationError):
        RoleAssignment(person=f.UserFactory(), role=Role.AANJAGER, municipality=world.velsen).full_clean()


def test_membership_changes_are_audited(world):
    membership = Membership.objects.get(person=world.people["lid_velsen"])
    membership.role = CouncilRole.SECRETARIS
    membership.save()
    history = list(membership.history.order_by("history_date"))
    assert [h.role for h in history] == [CouncilRole.RAADSLID, CouncilRole.SECRETARIS]
    assert [h.history_type for h in history] == ["+", "~"]


def test_scope_of_each_persona(world):
    velsen = world.velsen_council.pk
    assert scope_for(world.people["lid_velsen"]).council_ids == {velsen}
    assert scope_for(world.people["voorzitter_velsen"]).board_council_ids == {velsen}
    assert scope_for(world.people["lid_regio"]).council_ids == {world.heemskerk_council.pk, world.regional_council.pk}
    assert scope_for(world.people["beleid_velsen"]).advisor_municipality_ids == {world.velsen.pk}
    assert scope_for(world.people["ervaring"]).expert_council_ids == {velsen}
    assert scope_for(world.people["aanjager"]).reads_whole_region
    assert scope_for(world.people["beheer"]).reads_whole_region
    assert not scope_for(world.people["inwoner"]).roles
    assert scope_for(None).roles == frozenset()


def test_staff_roles(world):
    staff = {name for name, user in world.people.items() if scope_for(user).has_staff_role}
    # Council members see residents' contact details, so they are under the staff session rules too.
    assert staff == {
        "aanjager",
        "voorzitter_velsen",
        "lid_velsen",
        "lid_beverwijk",
        "lid_heemskerk",
        "lid_regio",
        "beleid_velsen",
        "beleid_beverwijk",
        "ondersteuning",
        "commissie",
        "beheer",
    }


def test_expired_membership_gives_no_access(world):
    person = f.UserFactory()
    f.MembershipFactory(person=person, council=world.velsen_council, term_end=date(2024, 12, 31))
    assert scope_for(person).council_ids == frozenset()
    assert not Council.objects.for_user(person).exists()


def test_councils_for_user_are_scoped(world):
    def visible(name):
        return set(Council.objects.for_user(world.people[name]).values_list("slug", flat=True))

    assert visible("lid_velsen") == {"participatieraad-velsen"}
    assert visible("beleid_beverwijk") == {"participatieraad-beverwijk"}
    assert visible("lid_regio") == {"participatieraad-heemskerk", "regionale-ijmond"}
    assert len(visible("aanjager")) == 4
    assert visible("inwoner") == set()


def test_chair_may_manage_members_of_own_council_only(world):
    chair = world.people["voorzitter_velsen"]
    assert chair.has_perm("councils.manage_council_members", world.velsen_council)
    assert not chair.has_perm("councils.manage_council_members", world.beverwijk_council)
    assert not world.people["lid_velsen"].has_perm("councils.manage_council_members", world.velsen_council)


def test_policy_advisor_reads_own_municipality_council_not_the_region(world):
    advisor = world.people["beleid_velsen"]
    assert advisor.has_perm("councils.view_council_work", world.velsen_council)
    assert not advisor.has_perm("councils.view_council_work", world.beverwijk_council)
    assert not advisor.has_perm("councils.view_council_work", world.regional_council)
