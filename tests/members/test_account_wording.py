"""The account pages speak to adults with "u" and say "inloggen", like the rest of the portal.

allauth's own Dutch says "je" and "aanmelden"; templates/account/ and templates/mfa/ override its
pages, messages and mails, and the account adapter its error messages.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from ..factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
SIGN_IN_WORDS = re.compile(r"\b(aanmelden|afmelden|aanmeldcode|meld je)\b", re.IGNORECASE)


def main_text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"<[^>]+>", " ", main)


def assert_formal(response) -> str:
    text = main_text(response)
    assert not INFORMAL.search(text), INFORMAL.search(text)
    assert not SIGN_IN_WORDS.search(text), SIGN_IN_WORDS.search(text)
    return text


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_email_verification_sent",
    ],
)
def test_entrance_pages_say_u(client, db, name):
    assert_formal(client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="nl"))


def test_login_page_and_its_error(client, velsen_member):
    text = assert_formal(client.get(reverse("account_login")))
    assert "Inloggen" in text and "Heeft u nog geen account?" in text
    wrong = client.post(reverse("account_login"), {"login": "lid.velsen@example.org", "password": "fout-wachtwoord-9"})
    assert "Het e-mailadres of het wachtwoord klopt niet." in assert_formal(wrong)


def test_broken_links_say_u(client, db):
    assert_formal(client.get(reverse("account_confirm_email", kwargs={"key": "kapot"})))
    broken = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "kapot"}))
    assert "Vraag een nieuwe link aan." in assert_formal(broken)


@pytest.mark.parametrize(
    "name",
    [
        "account_logout",
        "account_email",
        "account_change_password",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "mfa_index",
    ],
)
def test_account_pages_of_a_member_say_u(client, velsen_member, name):
    client.force_login(velsen_member)
    text = assert_formal(client.get(reverse(name)))
    assert "Recipient" not in text


def test_messages_after_logging_in_and_out_say_u(client, velsen_member):
    response = client.post(
        reverse("account_login"), {"login": "lid.velsen@example.org", "password": TEST_PASSWORD}, follow=True
    )
    assert "U bent ingelogd als" in response.content.decode()
    response = client.post(reverse("account_logout"), follow=True)
    assert "U bent uitgelogd." in response.content.decode()


def test_the_password_reset_mail_says_u(client, velsen_member, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "lid.velsen@example.org"})
    (message,) = mail.outbox
    assert "Nieuw wachtwoord instellen" in message.subject
    assert "/accounts/password/reset/key/" in message.body
    assert not INFORMAL.search(message.body) and not INFORMAL.search(message.subject)
