"""Overdue advice on /werk/ (rule 3): for the council's members, for the policy advisors who must answer,
and region-wide for the aanjager; advice waiting for adoption for the chair."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from django.urls import reverse
from django.utils import timezone

from advice.models import Advice
from advice.selectors_dashboard import advice_dashboard
from tests import factories as f


def sent(world, council, *, due_in_days: int, subject: str) -> Advice:
    advice = cast(Advice, f.AdviceFactory(council=council, subject=subject, with_recommendations=1))
    today = timezone.localdate()
    sequence = 500 + advice.pk
    Advice.objects.filter(pk=advice.pk).update(
        status="verzonden",
        number=f"{council.code}-{today.year}-{sequence}",
        number_year=today.year,
        number_sequence=sequence,
        adopted_on=today - timedelta(weeks=8),
        sent_at=timezone.now() - timedelta(weeks=7),
        published_on=today - timedelta(weeks=7),
        response_due_on=today + timedelta(days=due_in_days),
    )
    return Advice.objects.get(pk=advice.pk)


def test_overdue_advice_on_the_work_dashboard(client, world):
    late = sent(world, world.velsen_council, due_in_days=-4, subject="Te laat in Velsen")
    sent(world, world.velsen_council, due_in_days=10, subject="Nog op tijd in Velsen")
    other = sent(world, world.beverwijk_council, due_in_days=-2, subject="Te laat in Beverwijk")

    member = advice_dashboard(world.people["lid_velsen"])
    assert [row.advice for row in member.overdue] == [late]
    assert member.overdue[0].days_overdue == 4 and not member.region_wide

    aanjager = advice_dashboard(world.people["aanjager"])
    assert {row.advice for row in aanjager.overdue} == {late, other} and aanjager.region_wide

    advisor = advice_dashboard(world.people["beleid_velsen"])
    assert [row.advice.subject for row in advisor.awaiting_response] == ["Te laat in Velsen", "Nog op tijd in Velsen"]
    assert advisor.overdue == []

    assert not advice_dashboard(world.people["inwoner"]).may_view

    client.force_login(world.people["aanjager"])
    page = client.get(reverse("work_dashboard")).content.decode()
    assert "Te laat in Velsen" in page and "Te laat in Beverwijk" in page and "4 dagen te laat" in page
    client.force_login(world.people["lid_beverwijk"])
    page = client.get(reverse("work_dashboard")).content.decode()
    assert "Te laat in Beverwijk" in page and "Te laat in Velsen" not in page


def test_the_chair_sees_advice_waiting_for_adoption(client, world):
    advice: Advice = f.AdviceFactory(
        council=world.velsen_council, subject="Klaar om vast te stellen", with_recommendations=1
    )
    Advice.objects.filter(pk=advice.pk).update(status="ter_vaststelling")
    assert [a.pk for a in advice_dashboard(world.people["voorzitter_velsen"]).to_adopt] == [advice.pk]
    assert advice_dashboard(world.people["lid_velsen"]).to_adopt == []
    client.force_login(world.people["voorzitter_velsen"])
    assert "Klaar om vast te stellen" in client.get(reverse("work_dashboard")).content.decode()
