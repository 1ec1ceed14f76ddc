"""The public signal pages: intake, confirmation, following by code, and hostile input."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from signals.models import Channel, Signal, Status

from .. import factories as f

pytestmark = pytest.mark.django_db


def valid_data(world, **overrides) -> dict:
    data = {"text": "Mijn moeder wacht al maanden op een traplift.", "municipality": world.velsen.pk}
    data.update(overrides)
    return data


def test_resident_submits_without_account_and_gets_a_code(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("signals:submit"),
            valid_data(world, contact_consent="on", contact_email="inwoner@example.org", speaker="mantelzorger"),
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("signals:received")
    signal = Signal.objects.get()
    assert (signal.channel, signal.status, signal.speaker) == (Channel.WEB, Status.NEW, "mantelzorger")
    page = client.get(reverse("signals:received")).content.decode()
    assert signal.tracking_code in page
    assert signal.get_public_url() in page


def test_follow_page_shows_status_and_feedback_but_never_personal_data(client, world):
    signal = f.SignalFactory(
        municipality=world.velsen,
        contact_consent=True,
        contact_name="Jan Jansen",
        contact_email="jan@example.org",
        contact_phone="0612345678",
        status=Status.CLOSED,
        feedback="We hebben dit besproken met de gemeente.",
    )
    html = client.get(signal.get_public_url()).content.decode()
    assert "besproken met de gemeente" in html
    assert "Velsen" in html
    for private in ("Jan Jansen", "jan@example.org", "0612345678", signal.text[:30]):
        assert private not in html


def test_follow_form_accepts_codes_typed_loosely(client, world):
    signal = f.SignalFactory(municipality=world.velsen)
    loose = signal.tracking_code.replace("-", " ").lower()
    response = client.get(reverse("signals:follow"), {"code": loose})
    assert response.status_code == 302
    assert response["Location"] == signal.get_public_url()


def test_unknown_code_gives_a_friendly_404(client, db):
    response = client.get(reverse("signals:follow_detail", kwargs={"code": "AAAA-BBBB"}))
    assert response.status_code == 404
    assert "geen signaal met deze code" in response.content.decode()


def test_following_is_rate_limited_against_guessing(client, world, settings):
    settings.SIGNAL_FOLLOW_RATE = "3/m"
    for _ in range(3):
        assert client.get(reverse("signals:follow_detail", kwargs={"code": "AAAA-BBBB"})).status_code == 404
    response = client.get(reverse("signals:follow_detail", kwargs={"code": "AAAA-BBBB"}))
    assert response.status_code == 429
    assert "Even geduld" in response.content.decode()


def test_submitting_is_rate_limited_with_a_friendly_page(client, world, settings):
    settings.SIGNAL_SUBMIT_RATE = "2/h"
    for _ in range(2):
        assert client.post(reverse("signals:submit"), valid_data(world)).status_code == 302
    response = client.post(reverse("signals:submit"), valid_data(world))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Uw signaal is nog niet verstuurd" in html
    assert "wacht al maanden op een traplift" in html  # the text stays in the form
    assert Signal.objects.count() == 2


def test_honeypot_stores_nothing(client, world):
    response = client.post(reverse("signals:submit"), valid_data(world, website="http://spam.example"))
    assert response.status_code == 302
    assert Signal.objects.count() == 0


def test_contact_details_without_consent_are_refused_and_the_text_is_kept(client, world):
    response = client.post(reverse("signals:submit"), valid_data(world, contact_email="a@example.org"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zet een vinkje" in html
    assert "wacht al maanden op een traplift" in html  # nothing lost
    assert Signal.objects.count() == 0


def test_under_16_needs_a_parent_email(client, world):
    data = valid_data(world, age_group="onder_16", contact_consent="on", contact_email="kind@example.org")
    response = client.post(reverse("signals:submit"), data)
    assert response.status_code == 200
    assert "ouder of verzorger" in response.content.decode()
    assert Signal.objects.count() == 0


def test_neighbourhood_must_belong_to_the_municipality(client, world):
    elsewhere = f.NeighbourhoodFactory(municipality=world.beverwijk, name="Wijk aan Zee")
    response = client.post(reverse("signals:submit"), valid_data(world, neighbourhood=elsewhere.pk))
    assert response.status_code == 200
    assert "hoort niet bij de gekozen gemeente" in response.content.decode()
    # The rule is the model's (Signal.clean); the form shows it on the field and nothing is stored.
    assert "neighbourhood" in response.context["form"].errors
    assert Signal.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"text": "<script>alert('x')</script><b>vet</b>"},
        {"text": "x" * 100_000},
        {"text": "nul\x00byte"},
        {"text": "\x01\x02\x03"},
        {"municipality": "999999"},
        {"municipality": "niet-een-getal"},
        {"theme": "abc"},
        {"neighbourhood": "123456"},
        {"contact_email": "<img src=x onerror=alert(1)>", "contact_consent": "on"},
        {"contact_phone": "<svg/onload=alert(1)>", "contact_consent": "on"},
        {"age_group": "'; DROP TABLE signals_signal; --"},
    ],
)
def test_hostile_input_never_gives_a_500_and_is_escaped(client, world, overrides):
    response = client.post(reverse("signals:submit"), valid_data(world, **overrides))
    assert response.status_code in {200, 302}
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<svg/onload" not in html
    if response.status_code == 200:
        assert Signal.objects.count() == 0  # nothing half-saved


def test_markup_is_stored_as_text_and_shown_escaped(client, world):
    client.post(reverse("signals:submit"), valid_data(world, text="<b>vet</b> & <script>x()</script>"))
    signal = Signal.objects.get()
    assert signal.text == "<b>vet</b> & <script>x()</script>"
    member = Client()
    member.force_login(world.people["lid_velsen"])
    html = member.get(signal.get_absolute_url()).content.decode()
    assert "&lt;b&gt;vet&lt;/b&gt; &amp; &lt;script&gt;x()&lt;/script&gt;" in html


def test_missing_csrf_token_is_refused_without_a_500(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("signals:submit"), valid_data(world))
    assert response.status_code == 403
    assert Signal.objects.count() == 0


def test_resident_says_the_answer_helped(client, world):
    from signals import services

    signal = f.SignalFactory(municipality=world.velsen)
    services.signal_close(signal=signal, feedback="Klaar.", by=None)
    response = client.post(
        reverse("signals:follow_satisfaction", kwargs={"code": signal.tracking_code}), {"helped": "ja"}
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.helped is True


def test_resident_asks_to_reopen(client, world):
    from signals import services

    signal = f.SignalFactory(municipality=world.velsen)
    services.signal_close(signal=signal, feedback="Klaar.", by=None)
    client.post(
        reverse("signals:follow_reopen", kwargs={"code": signal.tracking_code}),
        {"reason": "De bus rijdt nog steeds niet."},
    )
    signal.refresh_from_db()
    assert signal.status == Status.IN_PROGRESS
    assert signal.reopen_reason == "De bus rijdt nog steeds niet."


def test_a_limited_reopen_request_keeps_the_residents_reason(client, world, settings):
    from signals import services

    settings.SIGNAL_FOLLOW_RATE = "1/m"
    signal = f.SignalFactory(municipality=world.velsen)
    services.signal_close(signal=signal, feedback="Klaar.", by=None)
    client.get(signal.get_public_url())  # uses up the limit
    response = client.post(
        reverse("signals:follow_reopen", kwargs={"code": signal.tracking_code}),
        {"reason": "De bus rijdt <nog> steeds niet."},
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "De bus rijdt &lt;nog&gt; steeds niet." in page
    assert "Uw tekst staat nog" in page
    signal.refresh_from_db()
    assert signal.status == Status.CLOSED


@pytest.mark.parametrize(
    ("name", "data", "kept"),
    [
        ("follow_satisfaction", {"helped": "nee"}, r'value="nee"[^>]*checked'),
        ("follow_erase", {"email": "piet@example.org"}, r'name="email" value="piet@example\.org"'),
    ],
)
def test_the_other_limited_follow_forms_keep_the_residents_input_too(client, world, settings, name, data, kept):
    from signals import services

    settings.SIGNAL_FOLLOW_RATE = "1/m"
    signal = f.SignalFactory(municipality=world.velsen, contact_consent=True, contact_email="piet@example.org")
    services.signal_close(signal=signal, feedback="Klaar.", by=None)
    client.get(signal.get_public_url())  # uses up the limit
    response = client.post(reverse(f"signals:{name}", kwargs={"code": signal.tracking_code}), data)
    assert response.status_code == 429
    page = response.content.decode()
    assert re.search(kept, page)
    assert "Uw tekst staat nog" in page
    signal.refresh_from_db()
    assert (signal.helped, signal.contact_email) == (None, "piet@example.org")


@pytest.mark.parametrize("name", ["follow_satisfaction", "follow_reopen", "follow_erase"])
def test_a_limited_follow_form_does_not_tell_whether_a_code_exists(client, world, settings, name):
    settings.SIGNAL_FOLLOW_RATE = "1/m"
    client.get(reverse("signals:follow_detail", kwargs={"code": "AAAA-BBBB"}))  # uses up the limit
    response = client.post(reverse(f"signals:{name}", kwargs={"code": "AAAA-BBBB"}), {})
    assert response.status_code == 429


def test_resident_erases_contact_details_by_code_and_email(client, world):
    signal = f.SignalFactory(municipality=world.velsen, contact_consent=True, contact_email="piet@example.org")
    client.post(reverse("signals:follow_erase", kwargs={"code": signal.tracking_code}), {"email": "piet@example.org"})
    signal.refresh_from_db()
    assert signal.contact_email == "" and signal.contact_erased_at is not None


def test_parent_confirms_by_link(client, world):
    from signals.services import ContactDetails, signal_submit

    with_contact = ContactDetails(email="kind@example.org", consent=True, parent_email="ouder@example.org")
    signal = signal_submit(
        signal=Signal(text="Er is niks te doen voor jongeren.", municipality=world.velsen, age_group="onder_16"),
        contact=with_contact,
    )
    from infrastructure.models import OutboxMessage

    body = OutboxMessage.objects.get(to=["ouder@example.org"]).body
    path = re.search(r"(/signaal/toestemming/[^/\s]+/)", body).group(1)
    assert client.get(path).status_code == 200  # a GET (mail scanners) changes nothing
    signal.refresh_from_db()
    assert signal.contact_email == ""
    assert client.post(path).status_code == 200
    signal.refresh_from_db()
    assert signal.contact_email == "kind@example.org"
    assert client.get(path).status_code == 404


def test_what_we_hear_shows_counts_per_theme_and_municipality(client, world):
    theme = f.ThemeFactory(name="Vervoer")
    for municipality, count in ((world.velsen, 3), (world.beverwijk, 1)):
        for _ in range(count):
            f.SignalFactory(municipality=municipality, theme=theme, text="Geheime tekst van een inwoner")
    html = client.get(reverse("signals:what_we_hear")).content.decode()
    assert "Vervoer" in html
    assert "Geheime tekst" not in html
    assert '<svg role="img"' in html and "<table" in html
    assert re.search(r"<th[^>]*>Vervoer</th>\s*<td[^>]*>1</td>\s*<td[^>]*>0</td>\s*<td[^>]*>3</td>", html)


HOSTILE_VALUES = ["<script>alert('x')</script>", "x" * 100_000, "nul\x00byte", "\x01\x02", "' OR 1=1 --"]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_input_on_the_follow_forms(client, world, value):
    from signals import services

    signal = f.SignalFactory(municipality=world.velsen, contact_consent=True, contact_email="piet@example.org")
    services.signal_close(signal=signal, feedback="Klaar.", by=None)
    code = signal.tracking_code
    responses = [
        client.get(reverse("signals:follow"), {"code": value}),
        client.get(f"/signaal/volg/{quote(value[:200], safe='')}/"),
        client.post(reverse("signals:follow_satisfaction", kwargs={"code": code}), {"helped": value}),
        client.post(reverse("signals:follow_reopen", kwargs={"code": code}), {"reason": value}),
        client.post(reverse("signals:follow_erase", kwargs={"code": code}), {"email": value}),
        client.post(f"/signaal/toestemming/{quote(value[:200], safe='')}/"),
    ]
    for response in responses:
        assert response.status_code < 500
        assert "<script>alert" not in response.content.decode()
    signal.refresh_from_db()
    assert signal.contact_email == "piet@example.org"  # nothing erased by a bad address
    if len(value.strip(" \x00\x01\x02")) == 0 or len(value) > 2000:
        assert signal.status == Status.CLOSED  # no reopen from empty or oversized reasons


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_input_on_the_login_form(client, db, value):
    response = client.post(reverse("account_login"), {"login": value, "password": value})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_what_we_hear_totals_every_municipality(client, world):
    care, transport = f.ThemeFactory(name="Zorg"), f.ThemeFactory(name="Vervoer")
    for municipality, theme, count in (
        (world.velsen, transport, 3),
        (world.velsen, care, 2),
        (world.beverwijk, transport, 1),
        (world.heemskerk, None, 4),
    ):
        for _ in range(count):
            f.SignalFactory(municipality=municipality, theme=theme)
    html = client.get(reverse("signals:what_we_hear")).content.decode()
    footer = html[html.index("<tfoot>") : html.index("</tfoot>")]
    # Beverwijk, Heemskerk, Velsen (alphabetical, as the columns), then the grand total.
    assert re.findall(r"<td[^>]*>(\d+)</td>", footer) == ["1", "4", "5", "10"]


def test_the_follow_page_asks_whether_the_answer_helped_once(client, world):
    from signals import services

    signal = f.SignalFactory(municipality=world.velsen)
    services.signal_close(signal=signal, feedback="Besproken met de gemeente.", by=None)
    html = client.get(signal.get_public_url()).content.decode()
    assert html.count("Heeft dit antwoord u geholpen?") == 1


def test_the_text_may_be_5000_characters_and_not_one_more(client, world):
    form_html = client.get(reverse("signals:submit")).content.decode()
    assert 'maxlength="5000"' in form_html  # the browser stops there; the counter script shows it
    data = {"municipality": world.velsen.pk}
    refused = client.post(reverse("signals:submit"), {**data, "text": "x" * 5001})
    assert refused.status_code == 200 and "text" in refused.context["form"].errors
    assert Signal.objects.count() == 0
    assert client.post(reverse("signals:submit"), {**data, "text": "x" * 5000}).status_code == 302
    assert Signal.objects.get().text == "x" * 5000


def test_the_under_16_question_speaks_to_the_resident_as_u(client, world):
    response = client.post(
        reverse("signals:submit"),
        {
            "text": "Er is niks te doen.",
            "municipality": world.velsen.pk,
            "age_group": "onder_16",
            "contact_consent": "on",
            "contact_email": "kind@example.org",
        },
    )
    html = response.content.decode()
    assert "U bent jonger dan 16" in html
    assert not re.search(r"\b(je|jij|jouw)\b", html, re.IGNORECASE)
