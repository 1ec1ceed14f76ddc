"""The mail outbox: every e-mail the portal sends is a row here first.

A row is written in the same transaction as its cause; a task delivers it after commit, and a
periodic task delivers whatever is still unsent. A broker outage therefore delays mail and loses
none, and because delivery locks the row and stamps ``sent_at`` a retry never sends twice.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessageQuerySet(models.QuerySet):
    def unsent(self) -> OutboxMessageQuerySet:
        return self.filter(sent_at__isnull=True)

    def due(self, *, max_attempts: int) -> OutboxMessageQuerySet:
        return self.unsent().filter(attempts__lt=max_attempts, next_attempt_at__lte=timezone.now())


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
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    last_error = models.TextField(_("laatste fout"), blank=True)
    sent_at = models.DateTimeField(_("verzonden"), null=True, blank=True, db_index=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None
