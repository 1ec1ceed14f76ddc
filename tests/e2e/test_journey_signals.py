"""The signals journey: a resident submits and follows a signal; a Velsen member finds it in triage,
answers and closes it; the resident sees the answer. axe-core on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.e2e

TEXT = "Sinds de bushalte in Driehuis weg is, kan mijn moeder met haar rollator niet meer naar de huisarts."
ANSWER = "De raad heeft dit besproken met de gemeente. De bushalte komt in maart terug."


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    form = page.locator("form").filter(has=page.locator('input[name="login"]'))
    form.locator('input[name="login"]').fill(email)
    form.locator('input[name="password"]').fill(TEST_PASSWORD)
    form.locator('[type="submit"]').click()
    page.wait_for_url("**/werk/")


def test_resident_submits_member_answers_resident_sees_answer(transactional_db, world, browser, live_server, axe):
    from tests import factories as f

    f.NeighbourhoodFactory(municipality=world.velsen, name="Driehuis")
    f.ThemeFactory(name="Vervoer")
    resident = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = resident.new_page()

    # The resident tells the council, without an account.
    page.goto("/signaal/")
    axe(page, "signal form")
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.locator("main")).to_contain_text("Vertel")  # the error summary names the missing text
    axe(page, "signal form with errors")
    page.get_by_label("Wat speelt er?").fill(TEXT)
    page.get_by_label("Velsen").check()
    page.get_by_label("In welke wijk of kern?").select_option(label="Driehuis")
    page.get_by_label("Over welk onderwerp gaat het?").select_option(label="Vervoer")
    page.get_by_role("button", name="Signaal versturen").click()
    page.wait_for_url("**/signaal/ontvangen/")
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", page.locator("main").inner_text()).group(0)
    axe(page, "confirmation page")
    page.reload()  # shown once: the browser no longer has the code's cookie
    expect(page.locator("main")).not_to_contain_text(code)

    # ... and follows it by code.
    page.goto("/signaal/volg/")
    axe(page, "follow form")
    page.get_by_label("Volgcode").fill(code.lower().replace("-", ""))
    page.get_by_role("button", name="Bekijk status").click()
    expect(page.locator("main")).to_contain_text("Nieuw")
    axe(page, "status page (new)")

    # A Velsen member finds it in triage, answers and closes it.
    member = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    log_in(member, "lid.velsen@example.org")
    member.goto("/werk/signalen/")
    axe(member, "triage queue")
    member.get_by_role("link", name=code).click()
    expect(member.locator("main")).to_contain_text("rollator")
    axe(member, "signal in triage")
    member.get_by_label("Terugkoppeling aan de inwoner").fill(ANSWER)
    member.get_by_role("button", name="Afronden en antwoord versturen").click()
    expect(member.locator("main")).to_contain_text("Het signaal is afgerond")
    axe(member, "closed signal in triage")

    # The resident sees the answer.
    page.reload()
    expect(page.locator("main")).to_contain_text("Afgerond")
    expect(page.locator("main")).to_contain_text("De bushalte komt in maart terug.")
    axe(page, "status page with the answer")
    resident.close()
    member.context.close()
