"""DESIGN.md rule 1 in tables.services: a table becomes active only with a client who accepted, concludes
only with a written client perspective, its members are warned (once) when the last accepted client
leaves an active table, and the laws of its themes without an experienced client are named."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from councils.models import Law
from infrastructure.models import OutboxMessage
from members.models import ExperienceDomain, ExpertProfile, ExpertStatus
from tables import services
from tables.models import SeatStatus, StakeholderType, Table, TableOrigin, TableStatus

from .. import factories as f

pytestmark = pytest.mark.django_db


def make_table(council, *, by=None, themes=(), **kwargs) -> Table:
    kwargs.setdefault("title", "Vervoer naar de dagbesteding")
    kwargs.setdefault("question", "Hoe komen inwoners goed bij de dagbesteding?")
    kwargs.setdefault("origin", TableOrigin.OWN_INITIATIVE)
    # Seats name who added them: the table's maker (a member of the council by default).
    by = by or f.UserFactory(email=f"maker.{council.pk}@example.org")
    return services.table_save(table=Table(council=council, **kwargs), by=by, themes=list(themes))


def make_expert(council, name: str = "Anna de Vries", domains=(ExperienceDomain.WMO,), **kwargs) -> ExpertProfile:
    kwargs.setdefault("email", f"{slugify(name)}.{council.pk}@example.org")
    return ExpertProfile.objects.create(
        council=council,
        name=name,
        domains=list(domains),
        status=ExpertStatus.ACTIVE,
        consent_at=timezone.now(),
        **kwargs,
    )


def seat_client(table, expert, *, accepted: bool = True):
    return services.seat_add(
        table=table, stakeholder_type=StakeholderType.CLIENT, by=table.created_by, expert=expert, accepted=accepted
    )


def test_activate_is_refused_without_an_accepted_client(world):
    table = make_table(world.velsen_council)
    with pytest.raises(ValidationError) as refused:
        services.table_set_status(table=table, status=TableStatus.ACTIVE, by=None)
    assert "cliënt" in " ".join(refused.value.messages)
    # A client who was only asked does not count; nor does a carer who said yes.
    seat_client(table, make_expert(world.velsen_council), accepted=False)
    services.seat_add(
        table=table,
        stakeholder_type=StakeholderType.CARER,
        by=table.created_by,
        guest_name="Bo",
        guest_email="bo@example.org",
        accepted=True,
    )
    with pytest.raises(ValidationError):
        services.table_set_status(table=Table.objects.get(pk=table.pk), status=TableStatus.ACTIVE, by=None)
    assert Table.objects.get(pk=table.pk).status == TableStatus.FORMING


def test_activate_is_allowed_after_a_client_accepted(world):
    table = make_table(world.velsen_council)
    seat = seat_client(table, make_expert(world.velsen_council), accepted=False)
    services.seat_set_status(seat=seat, status=SeatStatus.ACCEPTED, by=None)
    services.table_set_status(table=table, status=TableStatus.ACTIVE, by=None)
    assert Table.objects.get(pk=table.pk).status == TableStatus.ACTIVE


def test_a_new_table_cannot_start_active(world):
    with pytest.raises(ValidationError):
        make_table(world.velsen_council, status=TableStatus.ACTIVE)


def _concluding(world) -> Table:
    table = make_table(world.velsen_council)
    seat_client(table, make_expert(world.velsen_council))
    services.table_set_status(table=table, status=TableStatus.ACTIVE, by=None)
    services.table_set_status(table=table, status=TableStatus.CONCLUDING, by=None)
    return table


def test_conclude_is_refused_without_a_client_perspective(world):
    table = _concluding(world)
    with pytest.raises(ValidationError) as refused:
        services.table_conclude(table=table, outcome_summary="Een busje op dinsdag.", client_perspective="  ", by=None)
    assert "client_perspective" in refused.value.message_dict
    assert Table.objects.get(pk=table.pk).status == TableStatus.CONCLUDING
    services.table_conclude(
        table=table,
        outcome_summary="Een busje op dinsdag.",
        client_perspective="Zelf kunnen kiezen wanneer je gaat.",
        by=None,
    )
    concluded = Table.objects.get(pk=table.pk)
    assert concluded.status == TableStatus.CONCLUDED
    assert concluded.concluded_at is not None


def test_conclude_skips_no_step(world):
    table = make_table(world.velsen_council)
    seat_client(table, make_expert(world.velsen_council))
    services.table_set_status(table=table, status=TableStatus.ACTIVE, by=None)
    with pytest.raises(ValidationError):
        services.table_conclude(table=table, outcome_summary="Uitkomst", client_perspective="Perspectief", by=None)


def no_client_mails(table) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(dedup_key__startswith=f"table-no-client:{table.pk}:"))


def test_last_accepted_client_leaving_an_active_table_warns_members_once(world):
    table = make_table(world.velsen_council)
    first = seat_client(table, make_expert(world.velsen_council, "Anna de Vries"))
    second = seat_client(table, make_expert(world.velsen_council, "Bert Bakker"))
    services.table_set_status(table=table, status=TableStatus.ACTIVE, by=None)

    services.seat_set_status(seat=first, status=SeatStatus.LEFT, by=None)
    assert no_client_mails(table) == []  # another client still takes part

    services.seat_set_status(seat=second, status=SeatStatus.LEFT, by=None)
    mails = no_client_mails(table)
    # lid.velsen and voorzitter.velsen: one mail each, to the right people, no address in the key.
    assert sorted(m.to[0] for m in mails) == ["lid.velsen@example.org", "voorzitter.velsen@example.org"]
    assert all("@" not in m.dedup_key for m in mails)
    assert all(table.title in m.subject for m in mails)

    # Leaving again (a double click, a retry) sends nothing more.
    services.seat_set_status(seat=second, status=SeatStatus.LEFT, by=None)
    assert len(no_client_mails(table)) == 2


def test_leaving_a_forming_table_warns_nobody(world):
    table = make_table(world.velsen_council)
    seat = seat_client(table, make_expert(world.velsen_council))
    services.seat_set_status(seat=seat, status=SeatStatus.DECLINED, by=None)
    assert no_client_mails(table) == []


def test_law_warning_names_the_laws_without_an_experienced_client(world):
    youth = f.ThemeFactory(name="Jeugdhulp", slug="jeugdhulp", law=Law.JEUGDWET)
    care = f.ThemeFactory(name="Zorg thuis", slug="zorg-thuis", law=Law.WMO)
    other = f.ThemeFactory(name="Sport", slug="sport", law=Law.OTHER)
    table = make_table(world.velsen_council, themes=[youth, care, other])
    assert services.missing_law_experience(table) == ["jeugdwet", "wmo"]

    seat_client(table, make_expert(world.velsen_council, "Anna de Vries", domains=[ExperienceDomain.WMO]))
    assert services.missing_law_experience(table) == ["jeugdwet"]

    # A client who was only asked brings no experience yet.
    seat_client(
        table, make_expert(world.velsen_council, "Bert Bakker", domains=[ExperienceDomain.YOUTH_ACT]), accepted=False
    )
    assert services.missing_law_experience(table) == ["jeugdwet"]


def test_bijstand_counts_for_the_participatiewet(world):
    work = f.ThemeFactory(name="Werk en inkomen", slug="werk", law=Law.PARTICIPATIEWET)
    table = make_table(world.velsen_council, themes=[work])
    seat_client(table, make_expert(world.velsen_council, domains=[ExperienceDomain.SOCIAL_ASSISTANCE]))
    assert services.missing_law_experience(table) == []


def test_expert_of_another_council_is_refused_for_a_local_table(world):
    table = make_table(world.velsen_council)
    with pytest.raises(ValidationError):
        seat_client(table, make_expert(world.beverwijk_council))
    regional = make_table(world.regional_council)
    seat_client(regional, make_expert(world.beverwijk_council, "Cor Smit"))
    assert regional.seats.count() == 1


def test_seat_person_once(world):
    table = make_table(world.velsen_council)
    expert = make_expert(world.velsen_council)
    seat_client(table, expert)
    with pytest.raises(ValidationError):
        seat_client(table, expert)
