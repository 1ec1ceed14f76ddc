"""The tables journey (issue 10): a Velsen member forms a table from an agenda item, seats an expert by
experience as client, plans a meeting and invites; the expert accepts through the mailed link without
logging in, and the table becomes active (rule 1). axe-core at 1280 and 390 px on every new page, and no
page scrolls sideways on a phone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from infrastructure.models import OutboxMessage
from tables.models import Invitation, Seat, SeatStatus, Table, TableStatus
from tests import factories as f

from .test_journey_agenda import check_both_widths, log_in

pytestmark = pytest.mark.e2e

ITEM = "Respijtzorg voor mantelzorgers"


@override_settings(OUTBOX_KEEP_SENT_BODY_MINUTES=60)
def test_member_forms_a_table_seats_a_client_who_accepts_by_mail(transactional_db, world, browser, live_server, axe):
    theme = f.ThemeFactory(name="Mantelzorg", law="wmo")
    item = f.AgendaItemFactory(council=world.velsen_council, title=ITEM, status="geagendeerd")
    item.themes.add(theme)
    # ervaring@example.org in Velsen's expert network: one person, one record with their account.
    f.ExpertProfileFactory(
        council=world.velsen_council,
        user=world.people["ervaring"],
        name="Eva Ervaring",
        email="ervaring@example.org",
        domains=["wmo"],
    )

    member = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    log_in(member, "lid.velsen@example.org")

    # From the agenda item, a table.
    member.goto(item.get_absolute_url())
    member.get_by_role("link", name="Een tafel vormen voor dit punt").click()
    check_both_widths(member, axe, "table form (from an agenda item)")
    member.get_by_role("button", name="Tafel opslaan").click()
    expect(member.locator("h1")).to_contain_text(ITEM)
    check_both_widths(member, axe, "table page (being set up)")
    table = Table.objects.get(agenda_item=item)

    # Rule 1: no client at the table yet, so it cannot become active.
    member.get_by_label("Nieuwe status").select_option("actief")
    member.get_by_role("button", name="Status wijzigen").click()
    expect(member.locator("main")).to_contain_text("cliënt")
    table.refresh_from_db()
    assert table.status == TableStatus.FORMING

    # Seat the expert as client.
    member.get_by_role("link", name="Deelnemers zoeken en toevoegen").click()
    check_both_widths(member, axe, "seat search")
    card = member.locator("li.ijmond-card").filter(has_text="Eva Ervaring")
    card.locator("select").select_option("client")
    card.get_by_role("button", name=re.compile("Toevoegen")).click()
    seat = Seat.objects.get(table=table, expert__name="Eva Ervaring")
    assert seat.status == SeatStatus.INVITED

    # Plan a meeting and invite.
    member.goto(table.get_absolute_url())
    member.get_by_role("link", name="Bijeenkomst plannen").click()
    check_both_widths(member, axe, "meeting form")
    day = timezone.localdate() + timedelta(days=14)
    member.get_by_label("Titel").fill("Eerste bijeenkomst respijtzorg")
    member.get_by_label("Datum").fill(day.isoformat())
    member.get_by_label("Begintijd").fill("19:00")
    member.get_by_label("Eindtijd").fill("21:00")
    member.get_by_label("Locatie").fill("Buurthuis De Brulboei, IJmuiden")
    member.get_by_role("button", name="Bijeenkomst opslaan").click()
    expect(member.locator("h1")).to_contain_text("Eerste bijeenkomst respijtzorg")
    member.get_by_role("button", name="Uitnodigingen versturen").click()
    check_both_widths(member, axe, "meeting page with invitations")
    invitation = Invitation.objects.get(meeting__table=table, seat=seat)
    mail = OutboxMessage.objects.get(dedup_key__startswith=f"meeting-invitation:{invitation.pk}:")
    assert any(a["mimetype"].startswith("text/calendar") for a in mail.attachments), "no calendar file attached"
    token = re.search(r"/uitnodiging/([A-Za-z0-9_-]+)/", mail.body).group(1)

    # The expert accepts through the mailed link, without logging in.
    expert = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    expert.goto(f"/uitnodiging/{token}/")
    check_both_widths(expert, axe, "invitation page")
    expert.get_by_label("Ja, ik kom").check()
    expert.get_by_label("vervoer").check()
    expert.get_by_role("button", name="Antwoord versturen").click()
    expect(expert.locator("main")).to_contain_text("Dank")
    seat.refresh_from_db()
    assert seat.status == SeatStatus.ACCEPTED

    # Now the table can become active.
    member.goto(table.get_absolute_url())
    member.get_by_label("Nieuwe status").select_option("actief")
    member.get_by_role("button", name="Status wijzigen").click()
    table.refresh_from_db()
    assert table.status == TableStatus.ACTIVE
    check_both_widths(member, axe, "active table page")
    member.goto(f"/werk/bijeenkomsten/{invitation.meeting_id}/")
    expect(member.locator("main")).to_contain_text("vervoer")  # the member sees what the guest needs
    member.goto("/werk/tafels/")
    check_both_widths(member, axe, "work tables list")
    member.goto("/werk/bijeenkomsten/")
    check_both_widths(member, axe, "meeting list")

    # The public side.
    resident = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    resident.goto("/tafels/")
    check_both_widths(resident, axe, "public tables")
    resident.get_by_role("link", name=ITEM).click()
    check_both_widths(resident, axe, "public table page")
    expect(resident.locator("main")).not_to_contain_text("Eva Ervaring")  # no names of participants
    resident.goto("/expertteam/")
    check_both_widths(resident, axe, "expert network sign-up")
    for page in (member, expert, resident):
        page.context.close()
