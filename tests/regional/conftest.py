"""The hand-computed dataset of the regional dashboard's tests (January–March 2026; "today" is 20 March 2026).

Velsen's council gets most of it; Beverwijk has three signals, so that the minimum-group rule shows.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

import pytest

from advice.models import Advice, CollegeResponse, Recommendation
from councils.models import SupportRequest
from ijmond_participatie.regional.rollups import rollups_refresh
from ijmond_participatie.regional.types import Period
from signals.models import Signal, SignalStatusChange
from tables.models import Seat, Table

from .. import factories as f

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=AMS)
TODAY = NOW.date()
QUARTER = Period(start=date(2026, 1, 1), end=date(2026, 3, 1))


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=AMS)


def signal_at(municipality, theme, created: datetime, **fields) -> Signal:
    signal = cast(Signal, f.SignalFactory(municipality=municipality, theme=theme, **fields))
    Signal.objects.filter(pk=signal.pk).update(created_at=created)
    signal.created_at = created
    return signal


@pytest.fixture
def dataset(world):
    theme = f.ThemeFactory(name="Vervoer", slug="vervoer")
    velsen, beverwijk = world.velsen, world.beverwijk
    received = at(date(2026, 1, 10))
    # Velsen: six signals about transport; five closed after 2, 4, 4, 6 and 10 days, first answered after
    # 1, 1, 2, 3 and 5 days; the sixth still new.
    for close_days, first_days, helped in [(2, 1, True), (4, 1, True), (4, 2, True), (6, 3, True), (10, 5, False)]:
        signal = signal_at(velsen, theme, received, status="afgerond", feedback="Opgepakt.")
        Signal.objects.filter(pk=signal.pk).update(closed_at=received + timedelta(days=close_days), helped=helped)
        SignalStatusChange.objects.create(
            signal=signal,
            changed_at=received + timedelta(days=first_days),
            from_status="nieuw",
            to_status="in_behandeling",
        )
        SignalStatusChange.objects.create(
            signal=signal,
            changed_at=received + timedelta(days=close_days),
            from_status="in_behandeling",
            to_status="afgerond",
        )
    reopened = signal_at(velsen, theme, received)
    Signal.objects.filter(pk=reopened.pk).update(reopen_requested_at=received + timedelta(days=20))
    # A regional signal from Velsen counts for the regional council, not Velsen's.
    signal_at(velsen, theme, received, is_regional=True)
    # Beverwijk: three signals (fewer than five).
    for _ in range(3):
        signal_at(beverwijk, theme, at(date(2026, 2, 3)))
    # A signal outside the period.
    signal_at(velsen, theme, at(date(2025, 12, 31)))

    council = world.velsen_council
    for origin, status in [("gemeente", "geagendeerd"), ("gemeente", "geagendeerd"), ("inwonersvoorstel", "afgerond")]:
        item = f.AgendaItemFactory(council=council, origin=origin, status=status)
        type(item).objects.filter(pk=item.pk).update(created_at=at(date(2026, 2, 1)))

    # Early involvement: filed in January; one answered in time, one late, one overdue without an answer.
    for phase, answered, wanted in [
        ("verkenning", date(2026, 1, 20), date(2026, 1, 25)),
        ("verkenning", date(2026, 2, 20), date(2026, 2, 1)),
        ("besluitvorming", None, date(2026, 3, 1)),
    ]:
        request = f.EarlyInvolvementRequestFactory(council=council, phase=phase, wanted_by=wanted)
        type(request).objects.filter(pk=request.pk).update(
            filed_at=at(date(2026, 1, 5)), answered_at=at(answered) if answered else None
        )

    # Tables: an active table with an accepted client and five young people, one still forming.
    active = Table.objects.create(
        council=council, title="Vervoer", question="Hoe?", origin="eigen_initiatief", status="actief"
    )
    Table.objects.create(council=council, title="Wonen", question="Hoe?", origin="eigen_initiatief")
    Table.objects.filter(council=council).update(created_at=at(date(2026, 1, 15)))
    Seat.objects.create(
        table=active,
        stakeholder_type="client",
        guest_name="Cliënt",
        guest_email="client@example.org",
        status="doet_mee",
        accepted_at=at(date(2026, 1, 16)),
    )
    for number in range(5):
        Seat.objects.create(
            table=active,
            stakeholder_type="jongere",
            guest_name="Jongere",
            guest_email=f"jongere{number}@example.org",
            status="doet_mee",
            accepted_at=at(date(2026, 1, 17)),
        )
    # Two meetings held in February (and one cancelled); six invitations: 4 came, 1 did not, 1 unknown.
    held = f.MeetingFactory(council=council, table=active, kind="tafel", starts_at=at(date(2026, 2, 10), 19))
    f.MeetingFactory(council=council, table=active, kind="tafel", starts_at=at(date(2026, 2, 24), 19))
    f.MeetingFactory(council=council, kind="raad", starts_at=at(date(2026, 2, 12), 19), cancelled_at=NOW)
    for attended in [True, True, True, True, False, None]:
        f.InvitationFactory(meeting=held, attended=attended)

    # Advice: one solicited, answered on time with 2 adopted and 1 partly; one unsolicited, overdue.
    solicited = f.AdviceFactory(council=council, kind="gevraagd", formal_request_reference="Z-2026-1")
    unsolicited = f.AdviceFactory(council=council, kind="ongevraagd")
    for number, verdict in [(1, "overgenomen"), (2, "overgenomen"), (3, "deels")]:
        Recommendation.objects.create(
            advice_id=solicited.pk, number=number, title=f"A{number}", text="Doe het.", verdict=verdict
        )
    Advice.objects.filter(pk=solicited.pk).update(
        status="beantwoord", number="VEL-2026-001", adopted_on=date(2026, 1, 5), response_due_on=date(2026, 2, 15)
    )
    Advice.objects.filter(pk=unsolicited.pk).update(
        status="verzonden", number="VEL-2026-002", adopted_on=date(2026, 1, 20), response_due_on=date(2026, 3, 1)
    )
    CollegeResponse.objects.create(advice_id=solicited.pk, received_on=date(2026, 2, 10), letter_text="Akkoord.")

    # Support: asked in January, one closed in time after 3 days, one closed late after 20, one open.
    for wanted, closed_days in [(date(2026, 1, 20), 3), (date(2026, 1, 15), 20), (date(2026, 4, 1), None)]:
        support = f.SupportRequestFactory(council=council, wanted_by=wanted)
        fields = {"requested_at": at(date(2026, 1, 6))}
        if closed_days is not None:
            fields |= {
                "status": "afgerond",
                "answer": "Gedaan.",
                "closed_at": at(date(2026, 1, 6)) + timedelta(days=closed_days),
            }
        SupportRequest.objects.filter(pk=support.pk).update(**fields)
    rollups_refresh(now=NOW)
    return world
