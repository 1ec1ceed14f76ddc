"""The outbox in /beheer/: metadata for everyone; the content of an unsent mail only for a superuser.

Sent mail has no content left (``models.OutboxMessage.erase_content``). An unsent mail may hold a link
with a token (password reset, e-mail verification, a parent's consent): the admin never shows such a
link whole.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import mail
from .access import is_real_superuser
from .models import OutboxMessage

# A link's site and its first path part stay readable; the rest (where tokens live) is hidden.
_LINK = re.compile(r"(https?://[^/\s?#]+)(\S*)")
_LINK_HEAD = re.compile(r"/[a-z-]{1,30}/")

METADATA_FIELDS = [
    "kind",
    "status",
    "dedup_key",
    "created_at",
    "attempts",
    "next_attempt_at",
    "has_error",
    "sent_at",
    "erased_at",
    "attachment_list",
]
CONTENT_FIELDS = ["from_email", "recipients", "subject", "masked_body", "last_error"]


def mask_links(text: str) -> str:
    """'https://host/signaal/toestemming/<token>/' → 'https://host/signaal/…'."""

    def _mask(match: re.Match[str]) -> str:
        site, path = match.group(1), match.group(2)
        head = _LINK_HEAD.match(path)
        kept = head.group(0) if head else ("/" if path.startswith("/") else "")
        return site + kept + ("…" if len(path) > len(kept) else "")

    return _LINK.sub(_mask, text or "")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    list_filter = [("sent_at", admin.EmptyFieldListFilter), ("erased_at", admin.EmptyFieldListFilter), "kind"]
    date_hierarchy = "created_at"
    actions = ["deliver_now"]

    def _shows_content(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return is_real_superuser(request.user) and (obj is None or not (obj.is_sent or obj.is_erased))

    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        if is_real_superuser(request.user):
            return ("kind", "unsent_subject", "unsent_recipients", "created_at", "sent_at", "attempts", "has_error")
        return ("kind", "created_at", "sent_at", "attempts", "has_error", "erased_at")

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        # Searching by address or subject would tell whether an address got mail: superusers only.
        return ["kind", "dedup_key", "subject", "to"] if is_real_superuser(request.user) else ["kind", "dedup_key"]

    def get_fields(self, request: HttpRequest, obj: OutboxMessage | None = None) -> tuple[str, ...]:
        return (*METADATA_FIELDS, *(CONTENT_FIELDS if self._shows_content(request, obj) else []))

    def get_readonly_fields(self, request: HttpRequest, obj: OutboxMessage | None = None) -> tuple[str, ...]:
        return self.get_fields(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("status"))
    def status(self, obj: OutboxMessage) -> str:
        if obj.is_sent:
            return str(_("verzonden"))
        if obj.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            return str(_("mislukt"))
        return str(_("wacht op verzending"))

    @admin.display(description=_("fout"), boolean=True)
    def has_error(self, obj: OutboxMessage) -> bool:
        return bool(obj.last_error)

    @admin.display(description=_("bijlagen"))
    def attachment_list(self, obj: OutboxMessage) -> str:
        # The names only: an invitation's calendar file holds a personal link.
        return ", ".join(obj.attachment_names) or "–"

    @admin.display(description=_("aan"))
    def recipients(self, obj: OutboxMessage) -> str:
        return ", ".join([*obj.to, *obj.cc, *obj.bcc])

    @admin.display(description=_("aan"))
    def unsent_recipients(self, obj: OutboxMessage) -> str:
        return "" if obj.is_sent or obj.is_erased else ", ".join(obj.to)

    @admin.display(description=_("onderwerp"))
    def unsent_subject(self, obj: OutboxMessage) -> str:
        return "" if obj.is_sent or obj.is_erased else obj.subject

    @admin.display(description=_("tekst (links ingekort)"))
    def masked_body(self, obj: OutboxMessage) -> str:
        return mask_links(obj.body)

    @admin.action(description=_("Nu versturen (alleen wat nog niet verzonden is)"))
    def deliver_now(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        sent = sum(1 for pk in queryset.filter(sent_at__isnull=True).values_list("pk", flat=True) if mail.deliver(pk))
        self.message_user(request, _("%(count)s bericht(en) verzonden.") % {"count": sent}, messages.SUCCESS)
