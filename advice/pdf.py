"""The formal advice letter as a PDF (issue 11, acceptance 3): A4, the council's letterhead, a tagged PDF
(WeasyPrint's PDF/UA-1 variant) with title and language, set in the fonts shipped in ``advice/fonts/``
(Source Sans 3, SIL Open Font License) so that no system font ends up in the letter.

``render_advice_pdf`` makes the adopted letter (``services.advice_store_pdf`` stores it once);
``render_preview_pdf`` a draft's preview, marked CONCEPT on every page. Both only read the advice and its
relations. The stylesheet and its fonts are loaded once per thread: parsing the CSS and registering the
fonts with Fontconfig costs more than laying out a two-page letter.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML  # type: ignore[import-untyped]
from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

from .models import Advice, AdviceKind

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
# The CSS names its fonts relative to this folder.
BASE_URL = FONTS_DIR.as_uri() + "/"
# The letter goes to a Dutch college: it is Dutch whatever the language of the request that rendered it.
LETTER_LANGUAGE = "nl"
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


class ShippedFontsOnly(URLFetcher):
    """Fetch the shipped font files and nothing else: the letter needs no other resource, so no text in an
    advice can make the renderer read a local file or reach out over the network."""

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(url2pathname(parts.path)).resolve()
            if path.parent == FONTS_DIR and path.is_file():
                return URLFetcherResponse(url, body=path.read_bytes())
        raise ValueError(f"The advice letter loads only its shipped fonts, not {url}")


class _Stylesheets(threading.local):
    """Per thread: WeasyPrint's font configuration (Fontconfig and Pango objects) is not shared across
    threads; a Celery worker process or a web thread keeps its own after the first render."""

    font_config: FontConfiguration | None = None
    sheets: dict[str, CSS] | None = None


_stylesheets = _Stylesheets()


def shipped_stylesheet(template_name: str) -> tuple[FontConfiguration, CSS]:
    """A PDF's stylesheet (a template that includes ``pdf/_base.css``), parsed once per thread with the
    shipped fonts and nothing else to fetch; the advice letter's and the annual report's."""
    if _stylesheets.font_config is None or _stylesheets.sheets is None:
        _stylesheets.font_config = FontConfiguration()
        _stylesheets.sheets = {}
    sheet = _stylesheets.sheets.get(template_name)
    if sheet is None:
        sheet = CSS(
            string=render_to_string(template_name),
            base_url=BASE_URL,
            url_fetcher=ShippedFontsOnly(),
            font_config=_stylesheets.font_config,
        )
        _stylesheets.sheets[template_name] = sheet
    return _stylesheets.font_config, sheet


def render_advice_pdf(advice: Advice) -> bytes:
    """The adopted letter: its number, the date of adoption and the names of chair and secretary."""
    if not advice.number or advice.adopted_on is None:
        raise ValueError(f"Advice {advice.pk} is not adopted: render a preview instead")
    return _render(advice, draft=False, letter_date=advice.adopted_on)


def render_shipped_pdf(*, template: str, stylesheet: str, context: dict[str, Any]) -> bytes:
    """Render a template to a tagged PDF in the shipped fonts, fetching nothing else. Call it inside the
    document's language (``translation.override``)."""
    font_config, css = shipped_stylesheet(stylesheet)
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=ShippedFontsOnly())
    data: bytes = document.write_pdf(stylesheets=[css], font_config=font_config, **PDF_OPTIONS)
    return data


def render_preview_pdf(advice: Advice) -> bytes:
    """A draft in the letter's layout, dated today, without a number and marked CONCEPT on every page."""
    return _render(advice, draft=True, letter_date=timezone.localdate())


def _render(advice: Advice, *, draft: bool, letter_date: date) -> bytes:
    with translation.override(LETTER_LANGUAGE):
        return render_shipped_pdf(
            template="advice/pdf/letter.html",
            stylesheet="advice/pdf/letter.css",
            context=_context(advice, draft=draft, letter_date=letter_date),
        )


def _context(advice: Advice, *, draft: bool, letter_date: date) -> dict[str, Any]:
    council = advice.council
    municipality = advice.addressed_municipality
    if draft:
        title = _("Concept-advies: %(subject)s") % {"subject": advice.subject}
    else:
        title = _("Advies %(number)s: %(subject)s") % {"number": advice.number, "subject": advice.subject}
    sections = [
        (heading, text, css_class)
        for heading, text, css_class in (
            (_("Samenvatting in gewone taal"), advice.plain_summary, "summary"),
            (_("Aanleiding"), advice.occasion, "occasion"),
            (_("Werkwijze"), advice.method, "method"),
            (_("Bevindingen"), advice.findings, "findings"),
            (_("Cliëntperspectief"), advice.client_perspective, "client-perspective"),
        )
        if text.strip()
    ]
    signers = [
        (name, role)
        for name, role in ((advice.signed_by_chair, _("voorzitter")), (advice.signed_by_secretary, _("secretaris")))
        if name.strip()
    ]
    return {
        "advice": advice,
        "council": council,
        "draft": draft,
        "title": title,
        "letter_date": letter_date,
        "addressee_line": advice.addressee_line(),
        "municipality": municipality,
        "colleges": [] if municipality else list(council.region.municipalities.order_by("name")),
        "solicited": advice.kind == AdviceKind.SOLICITED,
        "corrects_number": advice.corrects.number if advice.corrects_id and advice.corrects else "",
        "sections": sections,
        "recommendations": list(advice.recommendations.order_by("number")),
        "signers": signers,
    }
