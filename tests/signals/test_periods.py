"""Texts that state a period (retention, the parent's confirmation, the feedback window) read it from
the settings the jobs use, so a page or mail never promises what the software does not do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from infrastructure.models import OutboxMessage
from signals import services
from signals.models import AgeGroup, Signal
from signals.selectors import signal_periods
from signals.services import ContactDetails

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(settings):
    settings.SIGNAL_CONTACT_RETENTION_DAYS = 730
    settings.SIGNAL_YOUTH_CONFIRM_DAYS = 10
    settings.SIGNAL_FEEDBACK_WINDOW_DAYS = 21


@pytest.mark.parametrize(
    ("days", "text"), [(365, "12 maanden"), (730, "24 maanden"), (30, "1 maand"), (45, "45 dagen"), (1, "1 dag")]
)
def test_retention_reads_as_months_when_it_is_whole_months(settings, days, text):
    settings.SIGNAL_CONTACT_RETENTION_DAYS = days
    assert signal_periods().contact_retention == text


def test_the_feedback_mail_states_the_feedback_window(world, periods):
    signal = f.SignalFactory(municipality=world.velsen, contact_consent=True, contact_email="piet@example.org")
    services.signal_close(signal=signal, feedback="Klaar.", by=None)
    body = OutboxMessage.objects.get(dedup_key=f"signal-feedback:{signal.pk}:1").body
    assert "binnen 21 dagen" in body and "14 dagen" not in body


def test_the_parent_pages_state_retention_and_the_confirmation_period(client, world, periods):
    contact = ContactDetails(email="kind@example.org", consent=True, parent_email="ouder@example.org")
    signal = Signal(text="Er is niks te doen.", municipality=world.velsen, age_group=AgeGroup.UNDER_16)
    services.signal_submit(signal=signal, contact=contact)
    mail = OutboxMessage.objects.get(dedup_key=f"signal-parent-consent:{signal.pk}").body
    assert "na 10 dagen" in mail
    path = mail.split("http://127.0.0.1:8000")[1].split()[0]
    page = client.get(path).content.decode()
    assert "Na 24 maanden wissen we ze" in page and "na 10 dagen wissen we ze" in page
    invalid = client.get(reverse("signals:parent_consent", kwargs={"token": "onbekend"})).content.decode()
    assert "ouder dan 10 dagen" in invalid


def test_the_privacy_statement_and_the_form_state_the_settings(client, world, periods):
    privacy = client.get(reverse("privacy")).content.decode()
    assert "Wordt 24 maanden na het afronden" in privacy and "na 10 dagen gewist" in privacy
    assert "12 maanden" not in privacy and "14 dagen" not in privacy
    form = client.get(reverse("signals:submit")).content.decode()
    assert "Na 24 maanden wissen we ze" in form
