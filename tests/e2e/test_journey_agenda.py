"""The agenda journey (issue 9): Velsen's policy advisor files an early-involvement request; a Velsen
member takes it in hand, answers it with a participation advice (rule 8 refused first) and puts it on the
agenda; the item is on the public agenda and a resident reacts to it. axe-core at 1280 and 390 px on
every new page, and no page scrolls sideways on a phone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from infrastructure.models import OutboxMessage
from signals.models import Signal
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.e2e

TITLE = "Nieuw beleidsplan eenzaamheid 2027"
QUESTION = "Wie moeten we betrekken bij het nieuwe beleidsplan tegen eenzaamheid, en hoe?"
PERSPECTIVE = "Cliënten van de dagbesteding willen meepraten op een plek die ze kennen, overdag."
REACTION = "In Velserbroek zijn te weinig plekken waar ouderen elkaar zonder afspraak zien."


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    form = page.locator("form").filter(has=page.locator('input[name="login"]'))
    form.locator('input[name="login"]').fill(email)
    form.locator('input[name="password"]').fill(TEST_PASSWORD)
    form.locator('[type="submit"]').click()
    page.wait_for_url("**/werk/")


def check_both_widths(page, axe, label: str) -> None:
    """axe-core at desktop and phone width, and nothing wider than the phone's screen."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        axe(page, f"{label} at {width} px")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{label} scrolls sideways at {width} px ({scroll_width} px wide)"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_advisor_asks_member_advises_item_on_agenda_resident_reacts(transactional_db, world, browser, live_server, axe):
    wanted_by = (timezone.localdate() + timedelta(days=40)).isoformat()

    # Velsen's policy advisor files a request at the start of the trajectory.
    advisor = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    log_in(advisor, "beleid.velsen@example.org")
    advisor.goto("/werk/verzoeken/")
    check_both_widths(advisor, axe, "request list (advisor)")
    advisor.goto("/werk/verzoeken/nieuw/")
    check_both_widths(advisor, axe, "request form")
    advisor.get_by_label("Participatieraad Velsen").check()
    advisor.get_by_label("Beleidstraject").fill(TITLE)
    advisor.get_by_label("Fase", exact=True).select_option("verkenning")
    advisor.get_by_label("Vraag aan de raad").fill(QUESTION)
    advisor.get_by_label("Reactie van de raad gewenst vóór").fill(wanted_by)
    advisor.get_by_role("button", name="Verzoek indienen").click()
    expect(advisor.locator("h1")).to_contain_text(TITLE)
    check_both_widths(advisor, axe, "request page (advisor)")
    # The chair must acknowledge: mailed at once (rule 9).
    assert OutboxMessage.objects.filter(dedup_key__startswith="request-filed:").count() == 1

    # A Velsen member takes it in hand and answers with a participation advice.
    member = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    log_in(member, "lid.velsen@example.org")
    member.goto("/werk/verzoeken/")
    member.get_by_role("link", name=TITLE).click()
    member.get_by_role("button", name="In behandeling nemen").click()
    expect(member.locator("main")).to_contain_text("In behandeling")
    check_both_widths(member, axe, "request page (member)")
    member.get_by_role("link", name="Participatieadvies geven").click()
    check_both_widths(member, axe, "participation advice form")
    # Rule 8: without the clients group and a client perspective the advice is refused, the text kept.
    member.get_by_label("Advies in het kort").fill("Begin met een tafel in de buurt, vóór er een concept ligt.")
    member.locator("#id_forms_jongeren_0").check()
    member.get_by_role("button", name="Advies geven").click()
    expect(member.locator("main")).to_contain_text("cliënten/ervaringsdeskundigen")
    expect(member.get_by_label("Advies in het kort")).to_have_value(
        "Begin met een tafel in de buurt, vóór er een concept ligt."
    )
    check_both_widths(member, axe, "participation advice form with rule 8's errors")
    member.locator("#id_forms_clienten_0").check()
    member.get_by_label("Cliëntperspectief").fill(PERSPECTIVE)
    member.get_by_role("button", name="Advies geven").click()
    expect(member.locator("main")).to_contain_text(PERSPECTIVE)
    expect(member.locator("main")).to_contain_text("Participatieadvies gegeven")

    # ... and puts it on the agenda in one step.
    member.get_by_role("link", name="Op de agenda zetten").click()
    check_both_widths(member, axe, "request to agenda form")
    member.get_by_role("button", name="Zet op de agenda").click()
    expect(member.locator("h1")).to_contain_text(TITLE)
    check_both_widths(member, axe, "agenda item (work side, with history)")
    expect(member.locator("main")).to_contain_text("Geschiedenis")
    member.goto("/werk/agenda/")
    check_both_widths(member, axe, "work agenda list")
    member.goto("/werk/")
    check_both_widths(member, axe, "work dashboard (member)")

    # The advisor was told both times.
    assert OutboxMessage.objects.filter(dedup_key__startswith="request-acknowledged:").count() == 1
    assert OutboxMessage.objects.filter(dedup_key__startswith="request-answered:").count() == 1

    # The item is on the public agenda, and a resident reacts to it without an account.
    resident = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    resident.goto("/agenda/?gemeente=velsen")
    check_both_widths(resident, axe, "public agenda")
    resident.get_by_role("link", name=TITLE).click()
    check_both_widths(resident, axe, "public agenda item")
    resident.get_by_role("link", name="Reageer").click()
    check_both_widths(resident, axe, "reaction form")
    resident.get_by_label("Uw reactie").fill(REACTION)
    resident.get_by_role("button", name="Reactie versturen").click()
    resident.wait_for_url("**/signaal/ontvangen/")
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", resident.locator("main").inner_text()).group(0)
    reaction = Signal.objects.get(tracking_code=code)
    assert reaction.text == REACTION
    assert [item.title for item in reaction.agenda_items.all()] == [TITLE]
    resident.goto("/agenda/voorstel/")
    check_both_widths(resident, axe, "proposal form")
    for page in (advisor, member, resident):
        page.context.close()
