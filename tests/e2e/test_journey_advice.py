"""The advice journey (issue 11): Velsen's chair adopts and sends a drafted advice and downloads its PDF;
Velsen's policy advisor records the college's response per recommendation, with the letter as PDF; the
public archive shows the advice and the response side by side. axe-core at 1280 and 390 px on every page,
and no page scrolls sideways on a phone."""

from __future__ import annotations

import io
import re

import pytest
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from advice.models import Advice, AdviceStatus, Verdict
from advice.services import advice_submit
from infrastructure.models import OutboxMessage
from tests import factories as f

from .test_journey_agenda import check_both_widths, log_in

pytestmark = pytest.mark.e2e

SUBJECT = "Advies over de toegankelijkheid van het Wmo-loket"
RECOMMENDATIONS = [
    ("Eén loket, ook telefonisch", "Zorg dat inwoners het Wmo-loket ook na 17.00 uur kunnen bellen."),
    ("Brieven in gewone taal", "Schrijf elke beschikking op B1-niveau en bied een gesprek aan."),
    ("Cliëntondersteuning vanaf het eerste contact", "Wijs iedere aanvrager op gratis cliëntondersteuning."),
]


def letter_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@override_settings(OUTBOX_KEEP_SENT_BODY_MINUTES=60)
def test_chair_adopts_and_sends_advisor_records_the_response_public_sees_both(
    transactional_db, world, browser, live_server, axe
):
    world.velsen.college_email = "college@velsen.example.org"
    world.velsen.save()
    request = f.EarlyInvolvementRequestFactory(
        council=world.velsen_council, filed_by=world.people["beleid_velsen"], title="Herinrichting Wmo-loket"
    )
    resident = f.SignalFactory(
        municipality=world.velsen, contact_consent=True, contact_email="bewoner@example.org", kind="signaal"
    )
    item = f.AgendaItemFactory(council=world.velsen_council, title="Toegang tot de Wmo", is_public=True)
    item.signals.add(resident)
    advice = f.AdviceFactory(council=world.velsen_council, kind="gevraagd", request=request, subject=SUBJECT)
    advice.agenda_items.add(item)
    for number, (title, text) in enumerate(RECOMMENDATIONS, start=1):
        f.RecommendationFactory(advice=advice, number=number, title=title, text=text)
    advice_submit(advice=advice, by=world.people["lid_velsen"])

    # A member looks at the council's advice (list, a new draft's form).
    member = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    log_in(member, "lid.velsen@example.org")
    member.goto("/werk/adviezen/")
    expect(member.locator("main")).to_contain_text(SUBJECT)
    check_both_widths(member, axe, "work list of advice")
    member.goto("/werk/adviezen/nieuw/")
    check_both_widths(member, axe, "new advice form")

    # The chair adopts: the number is given and the text freezes.
    chair_context = browser.new_context(base_url=live_server.url, locale="nl-NL", accept_downloads=True)
    chair = chair_context.new_page()
    log_in(chair, "voorzitter.velsen@example.org")
    chair.goto(advice.get_absolute_url())
    check_both_widths(chair, axe, "advice page (ter vaststelling)")
    chair.get_by_role("link", name="Vaststellen").click()
    check_both_widths(chair, axe, "adopt confirmation")
    chair.get_by_role("button", name="Ja, stel het advies vast").click()
    advice.refresh_from_db()
    number = f"VEL-{timezone.localdate().year}-001"
    assert advice.status == AdviceStatus.ADOPTED and advice.number == number
    expect(chair.locator("main")).to_contain_text(number)

    # … sends it: the municipal contacts get the PDF; the response term starts.
    chair.get_by_role("link", name="Verzenden").click()
    check_both_widths(chair, axe, "send confirmation")
    chair.get_by_role("button", name="Ja, verzend het advies").click()
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.SENT and advice.response_due_on is not None
    sent = OutboxMessage.objects.filter(dedup_key__startswith=f"advice-sent:{advice.pk}:")
    assert sent.count() == 2
    assert OutboxMessage.objects.filter(dedup_key=f"advice-sent-resident:{advice.pk}:{resident.pk}").exists()
    check_both_widths(chair, axe, "advice page (verzonden)")

    # … and downloads the frozen PDF.
    with chair.expect_download() as download_info:
        chair.get_by_role("link", name=f"Download {number}.pdf").click()
    download = download_info.value
    assert download.suggested_filename == f"{number}.pdf"
    text = "".join(page.extract_text() for page in PdfReader(download.path()).pages)
    assert number in text and "burgemeester en wethouders van Velsen" in text
    for title, _text in RECOMMENDATIONS:
        assert title in text

    # Velsen's policy advisor records the college's response per recommendation, with the letter.
    advisor = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    log_in(advisor, "beleid.velsen@example.org")
    advisor.goto(advice.get_absolute_url())
    advisor.get_by_role("link", name="Reactie van het college vastleggen").click()
    check_both_widths(advisor, axe, "response form")
    advisor.get_by_label("Datum van de reactie").fill(timezone.localdate().isoformat())
    advisor.get_by_label("De brief", exact=True).fill("Het college dankt de raad en neemt het advies grotendeels over.")
    advisor.get_by_label("De brief als pdf").set_input_files(
        files=[{"name": "reactie.pdf", "mimeType": "application/pdf", "buffer": letter_pdf()}]
    )
    choices = [
        ("overgenomen", ""),
        ("deels overgenomen", "Avondopenstelling eerst als proef, twee avonden per week."),
        ("niet overgenomen", "Dit doet de landelijke cliëntondersteuning al."),
    ]
    for (title, _text), (label, reasons) in zip(RECOMMENDATIONS, choices, strict=True):
        section = advisor.locator("section").filter(has_text=title)
        section.get_by_label(label, exact=True).check()
        if reasons:
            section.get_by_role("textbox").fill(reasons)
    advisor.get_by_role("button", name="Reactie vastleggen").click()
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.ANSWERED
    assert advice.response.on_time and advice.response.letter_pdf_sha256
    assert list(advice.recommendations.order_by("number").values_list("verdict", flat=True)) == [
        Verdict.ADOPTED,
        Verdict.PARTLY,
        Verdict.NOT_ADOPTED,
    ]
    check_both_widths(advisor, axe, "advice page (beantwoord)")

    # The public archive shows both: the advice, and per recommendation the college's response.
    public = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    public.goto("/adviezen/")
    expect(public.locator("main")).to_contain_text(SUBJECT)
    check_both_widths(public, axe, "public archive")
    public.get_by_role("link", name=re.compile(SUBJECT)).first.click()
    expect(public.locator("h1")).to_contain_text(SUBJECT)
    main = public.locator("main")
    for (title, _text), (label, reasons) in zip(RECOMMENDATIONS, choices, strict=True):
        expect(main).to_contain_text(title)
        expect(main).to_contain_text(re.compile(label, re.IGNORECASE))
        if reasons:
            expect(main).to_contain_text(reasons)
    expect(main).to_contain_text("Toegang tot de Wmo")
    check_both_widths(public, axe, "public advice page")
    public.goto("/wat-is-ermee-gedaan/")
    expect(public.locator("main")).to_contain_text(SUBJECT)
    check_both_widths(public, axe, "what was done")
    # The resident who gave the signal finds the advice on the signal's status page.
    public.goto(resident.get_public_url())
    expect(public.locator("main")).to_contain_text(number)
    check_both_widths(public, axe, "signal status page with its advice")
    assert Advice.objects.published().filter(pk=advice.pk).exists()
