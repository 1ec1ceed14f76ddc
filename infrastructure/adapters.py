"""The allauth account adapter: allauth counts its rate limits against our client address, and its
mails tell the outbox what kind they are (kept after the content is erased)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from .client_ip import client_ip
from .mail import KIND_HEADER


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        # Not ALLAUTH_TRUSTED_PROXY_COUNT: allauth 65 answers a forwarding header with fewer entries
        # than proxies with ImproperlyConfigured (a 500) and a garbage one with a 403; and one function
        # keeps allauth and django-ratelimit counting the same person.
        return client_ip(request)

    def render_mail(self, template_prefix: str, email, context: dict, headers: dict | None = None):
        # "account/email/password_reset_key" → kind "password_reset_key" on the outbox row.
        kind = template_prefix.rsplit("/", 1)[-1]
        return super().render_mail(template_prefix, email, context, headers={**(headers or {}), KIND_HEADER: kind})
