"""The allauth account adapter: allauth counts its rate limits against our client address, and its
mails tell the outbox what kind they are (kept after the content is erased)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .client_ip import client_ip
from .mail import KIND_HEADER


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no type information
    # allauth's Dutch says "je"; the portal speaks to adults with "u" (the pages: templates/account/).
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "cannot_remove_primary_email": _("U kunt uw hoofdadres niet verwijderen."),
        "email_password_mismatch": _("Het e-mailadres of het wachtwoord klopt niet."),
        "enter_current_password": _("Vul uw huidige wachtwoord in."),
        "max_email_addresses": _("U kunt niet meer dan %d e-mailadressen toevoegen."),
        "rate_limited": _("U stuurt te veel verzoeken kort na elkaar. Wacht even en probeer het opnieuw."),
        "unverified_primary_email": _("Uw hoofdadres moet eerst bevestigd zijn."),
    }

    def get_client_ip(self, request: HttpRequest) -> str:
        # Not ALLAUTH_TRUSTED_PROXY_COUNT: allauth 65 answers a forwarding header with fewer entries
        # than proxies with ImproperlyConfigured (a 500) and a garbage one with a 403; and one function
        # keeps allauth and django-ratelimit counting the same person.
        return client_ip(request)

    def render_mail(
        self, template_prefix: str, email: str, context: dict[str, Any], headers: dict[str, str] | None = None
    ) -> EmailMessage:
        # "account/email/password_reset_key" → kind "password_reset_key" on the outbox row.
        kind = template_prefix.rsplit("/", 1)[-1]
        message: EmailMessage = super().render_mail(
            template_prefix, email, context, headers={**(headers or {}), KIND_HEADER: kind}
        )
        return message
