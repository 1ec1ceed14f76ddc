"""The foundation journey in a real browser: home, language switch there and back, log in, work dashboard.

axe-core checks the home page, the login page and the work dashboard.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.e2e

BROKEN_PAGE = '<html><head><title>x</title></head><body><main><img src="data:,"><button></button></main></body></html>'


def switch_language(page, code: str) -> None:
    page.locator(f'form.ijmond-language button[name="language"][value="{code}"]').click()
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", code)


def language_cookie(page) -> str | None:
    return next((c["value"] for c in page.context.cookies() if c["name"] == "django_language"), None)


def test_home_language_switch_login_and_work_dashboard(transactional_db, world, page, axe):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("navigation", name=re.compile("Hoofdmenu|Main menu"))).to_contain_text("Velsen")
    axe(page, "home page")

    switch_language(page, "en")
    assert language_cookie(page) == "en"
    assert urlsplit(page.url).path == "/"
    # The switch offers the way back, in its own language.
    expect(page.locator('form.ijmond-language button[value="nl"]')).to_have_attribute("lang", "nl")

    # A string that Django's own packages translate (allauth's "Password"), so the check does not
    # depend on the project's English catalogue.
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator('label[for="id_password"]')).to_contain_text("Password")

    switch_language(page, "nl")
    assert language_cookie(page) == "nl"
    assert page.url.endswith("/accounts/login/")
    expect(page.locator('label[for="id_password"]')).to_contain_text("Wachtwoord")
    axe(page, "login page")

    form = page.locator("form").filter(has=page.locator('input[name="login"]'))
    form.locator('input[name="login"]').fill("lid.velsen@example.org")
    form.locator('input[name="password"]').fill(TEST_PASSWORD)
    form.locator('[type="submit"]').click()
    page.wait_for_url("**/werk/")

    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_contain_text("Welkom")
    expect(page.locator("main")).to_contain_text(world.velsen_council.name)
    axe(page, "work dashboard")

    assert page.problems == [], "\n".join(page.problems)


def test_axe_check_reports_violations_readably(page, axe):
    # Guards the harness itself: a page with known faults must fail, naming rule, impact and element.
    page.set_content(BROKEN_PAGE)
    with pytest.raises(AssertionError) as failure:
        axe(page, "a broken page")
    report = str(failure.value)
    for expected in ("html-has-lang [serious]", "image-alt [critical]", "button-name [critical]", "* img  <img"):
        assert expected in report, report
    assert "a broken page (about:blank)" in report
