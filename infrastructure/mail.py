"""Queueing and delivering mail through the outbox (see ``models.OutboxMessage``).

``OutboxBackend`` is Django's ``EMAIL_BACKEND``, so mail from allauth, the admin and our own
services all lands in the outbox; ``deliver`` hands a row to the real backend
(``OUTBOX_DELIVERY_BACKEND``) exactly once.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypedDict

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import SafeMIMEText
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise

from .broker import broker_breaker, publish_connection
from .models import OutboxMessage, kind_from_dedup_key, recipient_hash

logger = logging.getLogger(__name__)

# A header a sender may set to name the kind of mail (kept after the content is erased); not sent on.
KIND_HEADER = "X-Outbox-Kind"
# Attachments are small files: a calendar invitation (text), an advice's PDF (base64). Both are erased
# with the rest of the content once the mail is sent.
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_CHARS = 200_000
MAX_BINARY_ATTACHMENT_BYTES = 8 * 1024 * 1024


class Attachment(TypedDict, total=False):
    """A file sent with a mail. ``mimetype`` may carry parameters ("text/calendar; method=REQUEST"). A
    binary file (a PDF) is kept as base64 text with ``encoding`` "base64" (``binary_attachment``)."""

    filename: str
    content: str
    mimetype: str
    encoding: str


def binary_attachment(*, filename: str, data: bytes, mimetype: str) -> Attachment:
    """An attachment for ``queue_mail`` from bytes (kept as base64 in the outbox row)."""
    return {
        "filename": filename,
        "content": base64.b64encode(data).decode("ascii"),
        "mimetype": mimetype,
        "encoding": "base64",
    }


def _clean_attachments(attachments: Sequence[Mapping[str, Any]]) -> list[Attachment]:
    cleaned: list[Attachment] = []
    for item in attachments:
        filename, content, mimetype = (item.get(k) for k in ("filename", "content", "mimetype"))
        if not (isinstance(filename, str) and filename and isinstance(content, str) and isinstance(mimetype, str)):
            raise ValueError("An attachment needs a filename, a text content and a mimetype")
        binary = item.get("encoding") == "base64"
        limit = MAX_BINARY_ATTACHMENT_BYTES * 4 // 3 + 4 if binary else MAX_ATTACHMENT_CHARS
        if len(content) > limit or "/" in filename or "\\" in filename:
            raise ValueError("Attachment too large or with a path in its name")
        attachment: Attachment = {"filename": filename[:100], "content": content, "mimetype": mimetype[:100]}
        if binary:
            attachment["encoding"] = "base64"
        cleaned.append(attachment)
    if len(cleaned) > MAX_ATTACHMENTS:
        raise ValueError("Too many attachments")
    return cleaned


def queue_mail(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    html_body: str = "",
    from_email: str | None = None,
    reply_to: Sequence[str] = (),
    dedup_key: str | None = None,
    kind: str = "",
    attachments: Sequence[Mapping[str, Any]] = (),
) -> tuple[OutboxMessage, bool]:
    """Write a mail to the outbox and deliver it after the surrounding transaction commits.

    With a ``dedup_key`` the same mail is queued once only: a second call returns the first row
    and ``False`` (also after the first was sent and its content erased). ``kind`` defaults to the
    key's first part ("signal-receipt" for "signal-receipt:42"). ``attachments`` are text files
    (``Attachment``), erased with the rest of the content once the mail is sent.
    """
    fields = {
        "to": list(to),
        "subject": subject,
        "body": body,
        "html_body": html_body,
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
        "reply_to": list(reply_to),
        "kind": (kind or kind_from_dedup_key(dedup_key) or "e-mail")[:50],
        "recipient_hash": recipient_hash(to[0] if to else ""),
        "attachments": _clean_attachments(attachments),
    }
    with transaction.atomic():
        if dedup_key:
            message, created = OutboxMessage.objects.get_or_create(dedup_key=dedup_key, defaults=fields)
        else:
            message, created = OutboxMessage.objects.create(**fields), True
        if created:
            schedule_delivery(message.pk)
    return message, created


def queue_templated_mail(
    *,
    to: str,
    subject: str | Promise,
    template: str,
    context: Mapping[str, object],
    dedup_key: str | None = None,
    attachments: Sequence[Mapping[str, Any]] = (),
) -> tuple[OutboxMessage, bool]:
    """Render a plain-text mail from ``template`` with ``context`` and queue it to one address
    (``queue_mail``, with the same ``dedup_key`` semantics).

    Mail is written in the site's language (``LANGUAGE_CODE``), whatever the language of the request or
    task that causes it: pass the subject lazily (``gettext_lazy``), so that it is translated there, like
    the template. The subject's ``%(name)s`` placeholders are filled from ``context``. ``attachments``
    as for ``queue_mail``.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return queue_mail(
            to=[to],
            subject=str(subject) % context,
            body=render_to_string(template, dict(context)),
            dedup_key=dedup_key,
            attachments=attachments,
        )


def schedule_delivery(message_id: int) -> None:
    transaction.on_commit(lambda: enqueue_delivery(message_id))


def enqueue_delivery(message_id: int) -> bool:
    """Hand the row to the broker; when the broker is down, the periodic flush sends it later.

    One short attempt (``publish_connection``); after a failure the broker is skipped for
    ``REDIS_BREAKER_SECONDS``, so a hung Redis does not cost every request a timeout.
    """
    from .tasks import send_outbox_message

    if current_app.conf.task_always_eager:
        try:
            send_outbox_message.delay(message_id)
        except Exception:  # noqa: BLE001 - in-process delivery failures are on the row already
            logger.warning("Outbox message %s waits for the periodic flush", message_id)
            return False
        return True
    if not broker_breaker.allow():
        logger.debug("Broker skipped (breaker open); outbox message %s waits for the flush", message_id)
        return False
    try:
        with publish_connection() as connection:
            # celery-types does not list the ``connection`` option that apply_async passes on.
            send_outbox_message.apply_async((message_id,), connection=connection, retry=False)  # type: ignore[call-arg]
    except Exception as error:  # noqa: BLE001 - any broker failure must not break the request
        broker_breaker.record_failure(error)
        logger.info("Outbox message %s waits for the periodic flush (broker unavailable)", message_id)
        return False
    broker_breaker.record_success()
    return True


def _as_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=message.from_email,
        to=message.to,
        cc=message.cc,
        bcc=message.bcc,
        reply_to=message.reply_to,
        headers={**message.headers, "X-Outbox-Id": str(message.pk)},
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for item in message.attachments or []:
        if item.get("encoding") == "base64":
            email.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
        else:
            email.attach(_attachment_part(item))
    return email


def _attachment_part(item: Mapping[str, str]) -> SafeMIMEText:
    """A text part with its parameters kept: a calendar client reads "text/calendar; method=REQUEST"."""
    mimetype, *parameters = [part.strip() for part in item["mimetype"].split(";")]
    maintype, _slash, subtype = mimetype.partition("/")
    part = SafeMIMEText(item["content"], subtype if maintype == "text" and subtype else "plain", "utf-8")
    for parameter in parameters:
        name, _equals, value = parameter.partition("=")
        if name and value:
            part.set_param(name.strip(), value.strip().strip('"'))
    part.add_header("Content-Disposition", "attachment", filename=item["filename"])
    return part


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 1, 2, 4 … minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def deliver(message_id: int) -> bool:
    """Send one outbox row if it is still unsent. Returns True when this call sent it.

    The row is locked (``SELECT … FOR UPDATE SKIP LOCKED``) for the duration of the send, so a
    second worker handling the same id skips it, and ``sent_at`` is stamped in that same transaction.
    In that transaction the content is erased too, unless ``OUTBOX_KEEP_SENT_BODY_MINUTES`` keeps it
    a while for debugging (then ``erase_expired_content`` erases it later).
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True, erased_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        try:
            connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
            connection.send_messages([_as_email(message)])
        except Exception as exc:  # noqa: BLE001 - recorded on the row and retried later
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
            message.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            logger.warning("Outbox message %s failed: %s", message_id, message.last_error)
            return False
        message.attempts += 1
        message.sent_at = timezone.now()
        message.last_error = ""
        fields = ["attempts", "sent_at", "last_error"]
        if settings.OUTBOX_KEEP_SENT_BODY_MINUTES <= 0:
            fields += message.erase_content(now=message.sent_at)
        message.save(update_fields=list(dict.fromkeys(fields)))
        return True


def flush_due(*, limit: int = 200) -> int:
    """Deliver every due, unsent row (oldest first). Returns how many were sent."""
    ids = list(
        OutboxMessage.objects.due(max_attempts=settings.OUTBOX_MAX_ATTEMPTS)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for message_id in ids if deliver(message_id))


def erase_expired_content(*, now: datetime | None = None) -> int:
    """Periodic: erase the content of rows sent longer than ``OUTBOX_KEEP_SENT_BODY_MINUTES`` ago (when
    that keeps it at all) and of rows that gave up longer than ``OUTBOX_KEEP_FAILED_BODY_DAYS`` ago."""
    now = now or timezone.now()
    return OutboxMessage.objects.content_expired(
        now=now,
        keep_sent=timedelta(minutes=max(settings.OUTBOX_KEEP_SENT_BODY_MINUTES, 0)),
        keep_failed=timedelta(days=settings.OUTBOX_KEEP_FAILED_BODY_DAYS),
        max_attempts=settings.OUTBOX_MAX_ATTEMPTS,
    ).erase_content(now=now)


def erase_recipient(address: str, *, unsent: Q | None = None, now: datetime | None = None) -> int:
    """Erase what the outbox holds for one address (a resident's erase request, retention).

    Rows are found by the recipient hash. Unsent rows are deleted, so they never go out: all of them, or
    only those matching ``unsent`` (e.g. the mails of one signal, so that a later cause's mail to the same
    address still goes). Every other row loses its content and the hash that tied it to the address.
    Returns the number of rows deleted or erased.
    """
    now = now or timezone.now()
    rows = OutboxMessage.objects.for_recipient(address)
    pending = rows.unsent() if unsent is None else rows.unsent().filter(unsent)
    deleted, _ = pending.delete()
    handled = rows.exclude(sent_at__isnull=True)
    handled.filter(erased_at__isnull=True).erase_content(now=now)
    return deleted + handled.update(recipient_hash="")


class OutboxBackend(BaseEmailBackend):
    """Django e-mail backend that writes each message to the outbox instead of sending it."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        count = 0
        for email in email_messages:
            html_body = ""
            for content, mimetype in getattr(email, "alternatives", []) or []:
                if mimetype == "text/html":
                    html_body = content
            headers = {str(k): str(v) for k, v in (email.extra_headers or {}).items()}
            kind = headers.pop(KIND_HEADER, "") or "e-mail"
            attachments = [
                {"filename": a[0], "content": a[1], "mimetype": a[2] or "text/plain"}
                for a in email.attachments
                if isinstance(a, tuple) and len(a) == 3 and a[0] and isinstance(a[1], str)
            ]
            with transaction.atomic():
                message = OutboxMessage.objects.create(
                    subject=str(email.subject),
                    body=str(email.body),
                    html_body=str(html_body),
                    from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
                    to=list(email.to),
                    cc=list(email.cc),
                    bcc=list(email.bcc),
                    reply_to=list(email.reply_to),
                    headers=headers,
                    kind=kind[:50],
                    recipient_hash=recipient_hash(email.to[0] if email.to else ""),
                    attachments=_clean_attachments(attachments),
                )
                schedule_delivery(message.pk)
            count += 1
        return count
