"""Accounts through django-allauth: e-mail login, verification, strong passwords, sessions, MFA."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.sessions.models import Session
from django.urls import reverse

from infrastructure.models import OutboxMessage, recipient_hash
from members.models import User

from ..factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_member_logs_in_with_email_and_lands_on_work(client, velsen_member):
    response = client.post(reverse("account_login"), {"login": "lid.velsen@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("work_dashboard")
    assert client.get(reverse("work_dashboard")).status_code == 200


@pytest.mark.parametrize(
    ("password", "code"),
    [("Kort-2026!", "password_too_short"), ("password1234", "password_too_common")],
)
def test_signup_refuses_short_and_common_passwords(client, password, code):
    response = client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.org", "password1": password, "password2": password},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200
    assert code in [error.code for error in response.context["form"].errors.as_data()["password1"]]
    assert not User.objects.filter(email="nieuw@example.org").exists()


def test_signup_requires_email_verification_through_the_outbox(client, django_capture_on_commit_callbacks):
    password = "een-heel-lang-wachtwoord"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"), {"email": "nieuw@example.org", "password1": password, "password2": password}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    mail = OutboxMessage.objects.get(recipient_hash=recipient_hash("nieuw@example.org"))
    assert mail.sent_at is not None
    # Not verified yet: logging in is refused until the link is followed.
    client.logout()
    response = client.post(reverse("account_login"), {"login": "nieuw@example.org", "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("work_dashboard")).status_code == 302


def test_password_reset_mail_goes_through_the_outbox(client, velsen_member):
    client.post(reverse("account_reset_password"), {"email": "lid.velsen@example.org"})
    mail = OutboxMessage.objects.get(to=["lid.velsen@example.org"])
    assert "/accounts/password/reset/key/" in mail.body


def test_failed_logins_are_rate_limited(client, velsen_member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "lid.velsen@example.org", "password": "fout-wachtwoord-1"})
    response = client.post(reverse("account_login"), {"login": "lid.velsen@example.org", "password": TEST_PASSWORD})
    # Even the right password is refused while the limit holds (allauth's "5 per 5 minutes per address"):
    # the login form again, with the error that says why; the per-address limit is not the 429 page.
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["__all__"]] == ["too_many_login_attempts"]


def test_staff_sessions_expire_after_30_minutes_idle(client, world, settings):
    client.force_login(world.people["voorzitter_velsen"])
    client.get(reverse("work_dashboard"))
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS == 30 * 60


def test_council_member_sessions_expire_when_idle_too(client, velsen_member, settings):
    # Members read residents' contact details (under-16 contacts among them): staff session rules.
    client.force_login(velsen_member)
    client.get(reverse("work_dashboard"))
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS


def test_residents_and_experts_keep_the_normal_session_lifetime(client, world, settings):
    for name in ("inwoner", "ervaring"):
        client.force_login(world.people[name])
        client.get(reverse("work_dashboard"))
        assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE, name


def test_logout_ends_the_session_on_the_server(client, velsen_member):
    client.force_login(velsen_member)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


def test_staff_must_set_up_mfa_when_required(client, world, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    chair = world.people["voorzitter_velsen"]
    client.force_login(chair)
    response = client.get(reverse("work_dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    TOTP.activate(chair, "JBSWY3DPEHPK3PXP")
    assert Authenticator.objects.filter(user=chair).exists()
    assert client.get(reverse("work_dashboard")).status_code == 200


def test_admin_requires_mfa_for_the_beheerder_when_required(client, world, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(world.people["beheer"])
    response = client.get("/beheer/")
    assert response["Location"] == reverse("mfa_activate_totp")


def test_council_members_must_set_up_mfa_when_required(client, velsen_member, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(velsen_member)
    response = client.get(reverse("signals:triage"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_non_staff_roles_work_without_mfa_even_when_required(client, world, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    for name in ("inwoner", "ervaring"):
        client.force_login(world.people[name])
        assert client.get(reverse("work_dashboard")).status_code == 200, name


@pytest.mark.parametrize("path", ["/werk/", "/werk/signalen/", "/beheer/"])
def test_a_script_prefix_does_not_skip_the_mfa_gate(client, world, settings, path):
    # Mounted under /x (or a SCRIPT_NAME header from a trusted proxy), request.path starts with /x/ but
    # the gate must still see the portal's own path.
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(world.people["beheer"])
    response = client.get(path, SCRIPT_NAME="/x")
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("path", ["/werk/", "/werk/signalen/", "/beheer/", "/accounts/email/"])
def test_private_pages_are_never_stored_by_a_browser(client, velsen_member, path):
    client.force_login(velsen_member)
    response = client.get(path, SCRIPT_NAME="/x")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_may_be_cached(client):
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")


def test_admin_login_goes_through_allauth(client):
    response = client.get("/beheer/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
