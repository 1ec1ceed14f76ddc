"""The mail outbox: every e-mail the portal sends is a row here first.

A row is written in the same transaction as its cause; a task delivers it after commit, and a
periodic task delivers whatever is still unsent. A broker outage therefore delays mail and loses
none, and because delivery locks the row and stamps ``sent_at`` a retry never sends twice.

Mail carries personal data and secrets (addresses, password-reset and consent links, an invitation's
calendar file with its personal link). Once a row is sent its content is erased (``erase_content``);
what stays is the kind, the times, the status, the dedup key and a keyed hash of the recipient, so that
a resident's rows can still be found and erased.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

RECIPIENT_HASH_SALT = "ijmond_participatie.outbox.recipient"


def recipient_hash(address: str) -> str:
    """HMAC-SHA256 (keyed with SECRET_KEY) of the lower-cased address; '' for no address.

    Keyed, so the table alone does not tell whether a known address got mail. Rotating SECRET_KEY
    orphans the hashes of old rows (they then hold nothing that leads to a person).
    """
    email = parseaddr(address or "")[1].strip().lower()
    if not email:
        return ""
    return salted_hmac(RECIPIENT_HASH_SALT, email, algorithm="sha256").hexdigest()


def kind_from_dedup_key(dedup_key: str | None) -> str:
    """'signal-feedback:42:1' → 'signal-feedback': the kind of mail, without the ids."""
    return (dedup_key or "").split(":", 1)[0][:50]


def erased_content(now: datetime) -> dict[str, Any]:
    """The values a row's content gets when it is erased (one definition for a row and a queryset)."""
    return {
        "subject": "",
        "body": "",
        "html_body": "",
        "to": [],
        "cc": [],
        "bcc": [],
        "reply_to": [],
        "headers": {},
        "attachments": [],
        "last_error": "",
        "erased_at": now,
    }


class OutboxMessageQuerySet(models.QuerySet["OutboxMessage"]):
    def unsent(self) -> OutboxMessageQuerySet:
        return self.filter(sent_at__isnull=True)

    def due(self, *, max_attempts: int) -> OutboxMessageQuerySet:
        return self.unsent().filter(
            attempts__lt=max_attempts, next_attempt_at__lte=timezone.now(), erased_at__isnull=True
        )

    def for_recipient(self, address: str) -> OutboxMessageQuerySet:
        digest = recipient_hash(address)
        return self.filter(recipient_hash=digest) if digest else self.none()

    def content_expired(
        self, *, now: datetime, keep_sent: timedelta, keep_failed: timedelta, max_attempts: int
    ) -> OutboxMessageQuerySet:
        """Rows whose content is still there but no longer needed: sent longer than ``keep_sent`` ago, or
        given up (``max_attempts`` reached) and created longer than ``keep_failed`` ago."""
        sent = Q(sent_at__isnull=False, sent_at__lte=now - keep_sent)
        failed = Q(sent_at__isnull=True, attempts__gte=max_attempts, created_at__lte=now - keep_failed)
        return self.filter(sent | failed, erased_at__isnull=True)

    def erase_content(self, *, now: datetime) -> int:
        return self.update(**erased_content(now))


class OutboxMessage(models.Model):
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now, db_index=True)
    # A key such as "signal-feedback:42:resident" makes a mail unique per (recipient, event, kind):
    # queueing it a second time returns the first row instead of a second mail.
    dedup_key = models.CharField(_("unieke sleutel"), max_length=200, unique=True, null=True, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=255)
    body = models.TextField(_("tekst"))
    html_body = models.TextField(_("HTML-tekst"), blank=True)
    from_email = models.CharField(_("afzender"), max_length=255)
    to = models.JSONField(_("aan"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("antwoord naar"), default=list, blank=True)
    headers = models.JSONField(_("kopregels"), default=dict, blank=True)
    # Files sent with the mail (a calendar invitation): a list of {"filename", "content" (text), "mimetype"}.
    # Erased with the rest of the content once sent: an invitation's file holds a personal link.
    attachments = models.JSONField(_("bijlagen"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    last_error = models.TextField(_("laatste fout"), blank=True)
    sent_at = models.DateTimeField(_("verzonden"), null=True, blank=True, db_index=True)
    # What is kept after the content is erased. The hash is of the first "to" address: every mail of the
    # portal goes to one person.
    kind = models.CharField(_("soort"), max_length=50, blank=True)
    recipient_hash = models.CharField(_("ontvanger (hash)"), max_length=64, blank=True, db_index=True)
    erased_at = models.DateTimeField(_("inhoud gewist"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind or _('bericht')} #{self.pk}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def attachment_names(self) -> list[str]:
        return [str(item.get("filename", "")) for item in self.attachments or [] if isinstance(item, dict)]

    def erase_content(self, *, now: datetime) -> list[str]:
        """Erase subject, bodies, addresses, headers, attachments and error on this instance; returns the
        fields to save."""
        values = erased_content(now)
        for name, value in values.items():
            setattr(self, name, value)
        return list(values)
