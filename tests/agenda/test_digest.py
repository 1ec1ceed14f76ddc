"""DESIGN.md rule 9 for the agenda: the members who need not act at once read about new early-involvement
requests (and requests that became late) in the one daily digest, beside the new signals and proposals."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agenda.digest import DIGEST_LIST_LENGTH, digest_section
from infrastructure.models import OutboxMessage
from signals import services
from signals.extensions import digest_sections
from signals.models import Kind

from .. import factories as f

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The digest of Thursday 14 May 2026 (07:00) covers Wednesday 13 May, midnight to midnight.
NOW = datetime(2026, 5, 14, 7, 0, tzinfo=AMSTERDAM)
YESTERDAY = datetime(2026, 5, 13, 12, 0, tzinfo=AMSTERDAM)
SINCE = datetime(2026, 5, 13, 0, 0, tzinfo=AMSTERDAM)
UNTIL = datetime(2026, 5, 14, 0, 0, tzinfo=AMSTERDAM)
REQUESTS_URL = f"{settings.PUBLIC_BASE_URL}/werk/verzoeken/"


def request_to(council, *, filed_at=YESTERDAY, wanted_by=date(2026, 6, 30), **fields):
    return f.EarlyInvolvementRequestFactory(council=council, filed_at=filed_at, wanted_by=wanted_by, **fields)


def digests(person) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(dedup_key__startswith=f"signal-digest:{person.pk}:"))


def test_a_member_without_new_signals_still_reads_about_a_new_request(world, velsen_member):
    request_to(world.velsen_council, title="Nieuw beleidsplan eenzaamheid", wanted_by=date(2026, 6, 5))
    assert services.signal_send_digests(now=NOW) == 2  # lid_velsen and voorzitter_velsen
    (message,) = digests(velsen_member)
    assert message.subject == "Nieuws voor Participatieraad Velsen"
    text = message.body
    assert "Verzoeken om vroege betrokkenheid" in text
    assert "Nieuw: Nieuw beleidsplan eenzaamheid (Velsen) – reactie gewenst vóór 5 juni 2026" in text
    assert REQUESTS_URL in text
    assert "nieuw signaal" not in text and "/werk/signalen/" not in text
    assert text.rstrip().endswith("Participatieraad Velsen")


def test_signals_and_requests_share_one_mail_a_day(world, velsen_member):
    signal = f.SignalFactory(municipality=world.velsen, created_at=YESTERDAY)
    request_to(world.velsen_council, title="Herinrichting Wmo-loketten")
    assert services.signal_send_digests(now=NOW) == 2
    assert services.signal_send_digests(now=NOW + timedelta(hours=3)) == 0  # a retry queues nothing
    (message,) = digests(velsen_member)
    assert message.subject == "Nieuwe signalen voor Participatieraad Velsen"
    assert f"/werk/signalen/{signal.pk}/" in message.body
    assert "Nieuw: Herinrichting Wmo-loketten (Velsen)" in message.body
    assert message.dedup_key == f"signal-digest:{velsen_member.pk}:2026-05-14"


def test_nobody_gets_an_empty_mail(world):
    request_to(world.velsen_council, filed_at=YESTERDAY - timedelta(days=1))  # the day before
    request_to(world.velsen_council, filed_at=NOW - timedelta(hours=1))  # today: tomorrow's digest
    # Late for weeks: in the digest the day after it became late, not every day since.
    request_to(world.velsen_council, filed_at=NOW - timedelta(days=60), wanted_by=date(2026, 4, 1))
    assert services.signal_send_digests(now=NOW) == 0
    assert not OutboxMessage.objects.filter(dedup_key__startswith="signal-digest:").exists()


def test_only_the_members_of_the_council_that_must_answer_read_it(world, velsen_member):
    velsen = request_to(world.velsen_council, title="Velsens verzoek")
    regional = request_to(world.regional_council, municipality=world.beverwijk, title="Regionale inkoop jeugdhulp")
    services.signal_send_digests(now=NOW)
    recipients = {
        m.dedup_key.split(":")[1] for m in OutboxMessage.objects.filter(dedup_key__startswith="signal-digest:")
    }
    assert recipients == {str(world.people[n].pk) for n in ("lid_velsen", "voorzitter_velsen", "lid_regio")}
    (velsen_mail,) = digests(velsen_member)
    assert velsen.title in velsen_mail.body and regional.title not in velsen_mail.body
    (regio_mail,) = digests(world.people["lid_regio"])
    assert "Nieuw: Regionale inkoop jeugdhulp (Beverwijk)" in regio_mail.body
    assert velsen.title not in regio_mail.body
    # Policy advisors have no seat: the requests they filed reach them by their own mails, not the digest.
    assert digests(world.people["beleid_velsen"]) == []


def test_a_request_referred_to_the_region_is_news_for_the_regional_council(world):
    request = request_to(
        world.regional_council,
        municipality=world.velsen,
        filed_at=NOW - timedelta(days=10),
        referred_from=world.velsen_council,
        referred_at=YESTERDAY,
        title="Doelgroepenvervoer",
    )
    services.signal_send_digests(now=NOW)
    (message,) = digests(world.people["lid_regio"])
    assert f"Nieuw: {request.title} (Velsen)" in message.body
    assert "doorverwezen door" in message.body and world.velsen_council.name in message.body


def test_a_request_that_became_late_yesterday_is_in_it_once(world, velsen_member):
    # Wanted before 13 May: on the 14th it is late (the digest of the 14th says so, the next ones not).
    late = request_to(world.velsen_council, filed_at=NOW - timedelta(days=30), wanted_by=date(2026, 5, 13))
    request_to(world.velsen_council, filed_at=NOW - timedelta(days=90), wanted_by=date(2026, 3, 1))
    answered = request_to(
        world.velsen_council, filed_at=NOW - timedelta(days=30), wanted_by=date(2026, 5, 13), status="advies_gegeven"
    )
    services.signal_send_digests(now=NOW)
    text = digests(velsen_member)[0].body
    assert f"Te laat: {late.title} (Velsen) – reactie was gewenst vóór 13 mei 2026" in text
    assert answered.title not in text
    assert "In totaal zijn 2 verzoeken te laat." in text
    assert services.signal_send_digests(now=NOW + timedelta(days=1)) == 0


def test_proposals_show_their_kind_in_the_signal_lines(world, velsen_member):
    proposal = f.SignalFactory(municipality=world.velsen, created_at=YESTERDAY, kind=Kind.POLICY_PROPOSAL)
    signal = f.SignalFactory(municipality=world.velsen, created_at=YESTERDAY)
    services.signal_send_digests(now=NOW)
    text = digests(velsen_member)[0].body
    assert f"Signaal #{proposal.pk} (beleidsvoorstel) – nieuw" in text
    assert f"Signaal #{signal.pk} – nieuw" in text


def test_the_section_is_written_in_dutch_whatever_the_task_language(world, velsen_member):
    request_to(world.velsen_council, title="Jeugdhulp dichtbij", wanted_by=date(2026, 6, 5))
    with translation.override("en"):
        services.signal_send_digests(now=NOW)
    text = digests(velsen_member)[0].body
    assert "Nieuw: Jeugdhulp dichtbij (Velsen) – reactie gewenst vóór 5 juni 2026" in text


def test_a_long_day_lists_ten_and_counts_the_rest(world, velsen_member):
    for _ in range(DIGEST_LIST_LENGTH + 4):
        request_to(world.velsen_council)
    section = digest_section(velsen_member, SINCE, UNTIL)
    assert section is not None
    assert len(section.lines) == DIGEST_LIST_LENGTH and section.not_listed == 4
    services.signal_send_digests(now=NOW)
    assert "En nog 4 andere." in digests(velsen_member)[0].body


def test_the_agenda_registers_its_section(world, velsen_member):
    request_to(world.velsen_council, title="Via de haak")
    (section,) = digest_sections(velsen_member, SINCE, UNTIL)
    assert section.heading == "Verzoeken om vroege betrokkenheid"
    assert section.url == REQUESTS_URL
    assert digest_section(world.people["beleid_velsen"], SINCE, UNTIL) is None  # no seat: nothing


def test_the_section_query_count_does_not_grow_with_requests(world, velsen_member):
    def measure(count: int) -> int:
        for _ in range(count):
            request_to(world.velsen_council, referred_from=world.heemskerk_council)
            request_to(world.velsen_council, filed_at=NOW - timedelta(days=40), wanted_by=date(2026, 5, 13))
        member = type(velsen_member).objects.get(pk=velsen_member.pk)  # a fresh scope
        with CaptureQueriesContext(connection) as queries:
            section = digest_section(member, SINCE, UNTIL)
        assert section is not None
        return len(queries)

    few = measure(2)
    many = measure(20)
    # The member's scope (2), the counts (1), the new requests (1), the newly late ones (1).
    assert few == many == 5
