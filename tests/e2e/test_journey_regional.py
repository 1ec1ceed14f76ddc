"""The regional journey (issue 12): the aanjager opens the dashboard, changes the period, follows a figure to
the list behind it, downloads a figure's CSV and a council's annual report; the criteria, the
self-evaluations side by side and the support requests on the way. axe-core at 1280 and 390 px on every
page, and no page scrolls sideways on a phone."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from ijmond_participatie.models import EvaluationCriterion
from ijmond_participatie.regional.rollups import rollups_refresh
from signals.models import Signal
from tests import factories as f

from .test_journey_agenda import check_both_widths, log_in

pytestmark = pytest.mark.e2e


def test_aanjager_reads_the_region_follows_a_figure_and_downloads_csv_and_annual_report(
    transactional_db, world, browser, live_server, axe
):
    last_year = timezone.localdate().year - 1
    theme = f.ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    for day in range(1, 8):
        signal = f.SignalFactory(municipality=world.velsen, theme=theme)
        Signal.objects.filter(pk=signal.pk).update(
            created_at=datetime(last_year, 3, day, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
        )
    EvaluationCriterion.objects.create(
        name="Elke tafel heeft een cliëntenplaats", metric="tafels_clientplaats", default_target=100
    )
    f.SupportRequestFactory(council=world.velsen_council, title="Hulp bij de nieuwsbrief")
    rollups_refresh()

    context = browser.new_context(base_url=live_server.url, locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    log_in(page, "aanjager@example.org")
    page.get_by_role("link", name="Regionaal dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regionaal dashboard")
    check_both_widths(page, axe, "regional dashboard")

    # The period: last year, chosen with the month fields.
    page.get_by_label("Van (maand)").fill(f"{last_year}-01")
    page.get_by_label("Tot en met (maand)").fill(f"{last_year}-12")
    page.get_by_role("button", name="Toon periode").click()
    expect(page.locator("main")).to_contain_text(f"Van januari {last_year} tot en met december {last_year}")
    check_both_widths(page, axe, "regional dashboard, last year")

    # A figure leads to its list: Velsen's seven signals of last year in the triage.
    answered = page.locator("section[aria-labelledby='figuur-signalen-afhandeling']")
    answered.get_by_role("link", name="7").first.click()
    expect(page).to_have_url(
        f"{live_server.url}/werk/signalen/?status=alle&council={world.velsen_council.pk}"
        f"&date_from={last_year}-01-01&date_to={last_year}-12-31"
    )
    expect(page.locator("main")).to_contain_text("7 signalen")
    page.go_back()

    # A figure's numbers as CSV, for Excel.
    themes = page.locator("section[aria-labelledby='figuur-signalen-per-thema']")
    with page.expect_download() as download_info:
        themes.get_by_role("link", name="Download de cijfers als CSV").click()
    csv_text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert csv_text.startswith("\ufeffsectie;cijfer;rij;kolom;waarde")
    assert "Signalen per thema;Mantelzorg;Velsen;7;aantal" in csv_text

    # The yardsticks, the self-evaluations side by side, the support requests.
    page.get_by_role("link", name="Criteria beheren").click()
    expect(page.locator("main")).to_contain_text("Elke tafel heeft een cliëntenplaats")
    check_both_widths(page, axe, "evaluation criteria")
    page.goto("/regio/zelfevaluaties/")
    check_both_widths(page, axe, "self-evaluations side by side")
    page.goto("/werk/ondersteuning/")
    expect(page.locator("main")).to_contain_text("Hulp bij de nieuwsbrief")
    check_both_widths(page, axe, "support requests (aanjager)")

    # Velsen's annual report of last year, as a draft PDF.
    page.goto("/werk/jaarverslagen/")
    check_both_widths(page, axe, "annual reports")
    velsen_reports = page.get_by_role("region", name=world.velsen_council.name)
    velsen_reports.get_by_role("link", name=f"Jaarverslag {last_year}").click()
    check_both_widths(page, axe, "annual report (draft)")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download het concept (pdf)").click()
    text = "".join(p.extract_text() for p in PdfReader(download_info.value.path()).pages)
    assert world.velsen_council.name in text
    assert str(last_year) in text
    assert "CONCEPT" in text
    context.close()
