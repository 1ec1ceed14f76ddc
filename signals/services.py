"""Writes on signals: intake, status, closing with feedback, duplicates, referral, retention.

Each rule that a test checks lives in exactly one function here (DESIGN.md rules 4, 5 and 7).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from infrastructure.mail import erase_recipient, queue_mail

from .models import (
    TRANSITIONS,
    AgeGroup,
    PendingYouthContact,
    Signal,
    SignalNote,
    SignalStatusChange,
    Status,
    new_tracking_code,
)


@dataclass(frozen=True)
class ContactDetails:
    name: str = ""
    email: str = ""
    phone: str = ""
    consent: bool = False
    parent_email: str = ""

    @property
    def given(self) -> bool:
        return bool(self.name or self.email or self.phone)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _absolute(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def signal_submit(*, signal: Signal, contact: ContactDetails, recorded_by=None) -> Signal:
    """Store a new signal (public form or recorded by a member) with a fresh, unique tracking code.

    Contact details are kept only with consent; for a resident under 16 they wait in
    ``PendingYouthContact`` until a parent confirms. Mails go through the outbox in this transaction.
    """
    signal.recorded_by = recorded_by
    signal.status = Status.NEW
    keep_contact = contact.consent and contact.given
    under_16 = signal.age_group == AgeGroup.UNDER_16
    if keep_contact and not under_16:
        signal.contact_consent = True
        signal.contact_name, signal.contact_email, signal.contact_phone = contact.name, contact.email, contact.phone
    signal.full_clean(exclude=["tracking_code"])
    for _attempt in range(5):
        signal.tracking_code = new_tracking_code()
        try:
            with transaction.atomic():
                signal.save()
                SignalStatusChange.objects.create(
                    signal=signal, changed_by=recorded_by, from_status="", to_status=Status.NEW
                )
                if keep_contact and under_16:
                    _ask_parent_consent(signal=signal, contact=contact)
                if signal.may_mail_resident:
                    _mail_receipt(signal)
            break
        except IntegrityError:
            # A code collision (one in ~10^12): draw again. Any other integrity error is re-raised below.
            if not Signal.objects.filter(tracking_code=signal.tracking_code).exists():
                raise
            signal.pk = None
    else:  # pragma: no cover - five collisions in a row do not happen
        raise RuntimeError("Could not draw a unique tracking code")
    return signal


def _mail_receipt(signal: Signal) -> None:
    context = {"signal": signal, "follow_url": _absolute(signal.get_public_url())}
    # Mails to residents are written in Dutch, whatever language the sending request or task had.
    with translation.override(settings.LANGUAGE_CODE):
        queue_mail(
            to=[signal.contact_email],
            subject=_("Uw signaal %(code)s is ontvangen") % {"code": signal.tracking_code},
            body=render_to_string("signals/mail/receipt.txt", context),
            dedup_key=f"signal-receipt:{signal.pk}",
        )


def _ask_parent_consent(*, signal: Signal, contact: ContactDetails) -> None:
    if not contact.parent_email:
        raise ValidationError({"parent_email": _("Vul het e-mailadres van een ouder of verzorger in.")})
    token = secrets.token_urlsafe(32)
    PendingYouthContact.objects.create(
        signal=signal,
        token_hash=_hash_token(token),
        parent_email=contact.parent_email,
        contact_name=contact.name,
        contact_email=contact.email,
        contact_phone=contact.phone,
    )
    context = {
        "signal": signal,
        "confirm_url": _absolute(reverse("signals:parent_consent", kwargs={"token": token})),
        "days": settings.SIGNAL_YOUTH_CONFIRM_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        queue_mail(
            to=[contact.parent_email],
            subject=_("Toestemming gevraagd voor contact met uw kind"),
            body=render_to_string("signals/mail/parent_consent.txt", context),
            dedup_key=f"signal-parent-consent:{signal.pk}",
        )


def pending_contact_for_token(token: str) -> PendingYouthContact | None:
    pending = PendingYouthContact.objects.select_related("signal").filter(token_hash=_hash_token(token or "")).first()
    if pending is None or pending.is_expired():
        return None
    return pending


@transaction.atomic
def signal_confirm_parent_consent(*, token: str) -> Signal | None:
    """The parent confirmed: copy the child's contact details onto the signal and drop the pending row."""
    pending = pending_contact_for_token(token)
    if pending is None:
        return None
    signal = Signal.objects.select_for_update().get(pk=pending.signal_id)
    signal.contact_consent = True
    signal.contact_name = pending.contact_name
    signal.contact_email = pending.contact_email
    signal.contact_phone = pending.contact_phone
    signal.save(update_fields=["contact_consent", "contact_name", "contact_email", "contact_phone"])
    pending.delete()
    if signal.may_mail_resident:
        _mail_receipt(signal)
    return signal


def _record_status(signal: Signal, *, to_status: str, by, note: str = "") -> None:
    from_status = signal.status
    if to_status not in TRANSITIONS.get(from_status, set()):
        raise ValidationError(
            _("Van '%(from)s' naar '%(to)s' kan niet.")
            % {"from": Status(from_status).label, "to": Status(to_status).label}
        )
    signal.status = to_status
    signal.status_changed_at = timezone.now()
    SignalStatusChange.objects.create(
        signal=signal, changed_by=by, from_status=from_status, to_status=to_status, note=note[:300]
    )


@transaction.atomic
def signal_set_status(*, signal: Signal, status: str, by, taken_up_as: str = "") -> Signal:
    """Move a signal to nieuw, in behandeling or opgepakt (closing and duplicates have their own)."""
    if status in (Status.CLOSED, Status.DUPLICATE):
        raise ValidationError(_("Gebruik 'afronden' of 'dubbel' voor deze status."))
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.status == status:
        return signal
    fields = ["status", "status_changed_at"]
    if status == Status.TAKEN_UP:
        if not taken_up_as.strip() and not signal.outcomes():
            raise ValidationError({"taken_up_as": _("Schrijf op waarin dit signaal is opgepakt.")})
        signal.taken_up_as = taken_up_as.strip()[:300]
        fields.append("taken_up_as")
    if status == Status.IN_PROGRESS and signal.status in (Status.CLOSED, Status.DUPLICATE):
        signal.closed_at = None
        signal.duplicate_of = None
        fields += ["closed_at", "duplicate_of"]
    _record_status(signal, to_status=status, by=by)
    signal.save(update_fields=fields)
    return signal


@transaction.atomic
def signal_close(*, signal: Signal, feedback: str, by) -> Signal:
    """Close a signal with feedback (rule 4): mail it when the resident left contact details and
    consent. Every signal still waiting as its duplicate, however deep in a chain, is closed with the
    same feedback, mailed and audited the same way.

    Runs in a transaction; the signal and its duplicates are locked (select_for_update) before they change.
    """
    feedback = (feedback or "").strip()
    if not feedback:
        raise ValidationError({"feedback": _("Een signaal wordt alleen afgerond met een terugkoppeling.")})
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _close_one(signal, feedback=feedback, by=by)
    _close_waiting_duplicates(_lock_duplicates_of(signal), original=signal, by=by)
    return signal


def _lock_duplicates_of(signal: Signal) -> list[Signal]:
    """Lock and return every signal that points at ``signal``, directly or through a chain.

    The code no longer makes chains, but rows from before may hold them (even a loop); each row is taken
    once. Rows are locked in pk order per level, so two requests never lock the same rows crosswise.
    """
    found: dict[int, Signal] = {}
    level = [signal.pk]
    while level:
        rows = Signal.objects.select_for_update().filter(duplicate_of_id__in=level).order_by("pk")
        level = []
        for row in rows:
            if row.pk != signal.pk and row.pk not in found:
                found[row.pk] = row
                level.append(row.pk)
    return list(found.values())


def _close_waiting_duplicates(duplicates: Iterable[Signal], *, original: Signal, by) -> None:
    note = _("afgerond met het origineel, %(signal)s") % {"signal": original.number_label}
    for duplicate in duplicates:
        if duplicate.status == Status.DUPLICATE:
            _close_one(duplicate, feedback=original.feedback, by=by, note=note)


def _close_one(signal: Signal, *, feedback: str, by, note: str = "") -> None:
    _record_status(signal, to_status=Status.CLOSED, by=by, note=note)
    signal.feedback = feedback
    signal.closed_at = timezone.now()
    signal.times_closed += 1
    signal.reopen_requested_at = None
    signal.helped = None
    signal.helped_answered_at = None
    signal.full_clean(exclude=["tracking_code"])
    signal.save(
        update_fields=[
            "status",
            "status_changed_at",
            "feedback",
            "closed_at",
            "times_closed",
            "reopen_requested_at",
            "helped",
            "helped_answered_at",
        ]
    )
    if signal.may_mail_resident:
        context = {"signal": signal, "follow_url": _absolute(signal.get_public_url())}
        with translation.override(settings.LANGUAGE_CODE):
            queue_mail(
                to=[signal.contact_email],
                subject=_("Antwoord op uw signaal %(code)s") % {"code": signal.tracking_code},
                body=render_to_string("signals/mail/feedback.txt", context),
                # One mail per closing: a retry never sends twice; a reopened, re-closed signal mails again.
                dedup_key=f"signal-feedback:{signal.pk}:{signal.times_closed}",
            )


@transaction.atomic
def signal_mark_duplicate(*, signal: Signal, original: Signal, by) -> Signal:
    """Mark ``signal`` as duplicate of ``original``: the signal then waits for the original's answer.

    Duplicates never form a chain: when ``original`` is itself a duplicate, the signal points at the
    real original at the end of its chain, and the signal's own duplicates move to that original too.
    A mark that would make a loop (the original is, through its chain, a duplicate of this signal) is
    refused: in a loop every signal waits for another and nobody gets an answer. When the real original
    is closed already, the signal and its duplicates are closed with its feedback.

    Runs in a transaction. Both signals are locked first (in pk order, so two crossing marks wait for
    each other instead of deadlocking) and read again, so a concurrent mark is seen before deciding.
    The caller checks that the user may see ``original`` (``DuplicateForm`` takes a scoped queryset).
    """
    if original.pk == signal.pk:
        raise ValidationError({"duplicate_of": _("Een signaal kan geen dubbel van zichzelf zijn.")})
    locked = {
        row.pk: row for row in Signal.objects.select_for_update().filter(pk__in=[signal.pk, original.pk]).order_by("pk")
    }
    signal, original = locked[signal.pk], locked[original.pk]
    original = _real_original(original, of=signal)
    _record_status(
        signal, to_status=Status.DUPLICATE, by=by, note=_("dubbel van %(signal)s") % {"signal": original.number_label}
    )
    signal.duplicate_of = original
    signal.save(update_fields=["status", "status_changed_at", "duplicate_of"])
    moved = _lock_duplicates_of(signal)
    for duplicate in moved:
        duplicate.duplicate_of = original
        duplicate.save(update_fields=["duplicate_of"])
        SignalStatusChange.objects.create(
            signal=duplicate,
            changed_by=by,
            from_status=duplicate.status,
            to_status=duplicate.status,
            note=_("nu dubbel van %(signal)s") % {"signal": original.number_label},
        )
    if original.status == Status.CLOSED:
        _close_waiting_duplicates([signal, *moved], original=original, by=by)
    return signal


def _real_original(original: Signal, *, of: Signal) -> Signal:
    """Follow ``original``'s chain of duplicates to its end (locking each row on the way)."""
    seen = {original.pk}
    while original.duplicate_of_id is not None:
        if original.duplicate_of_id == of.pk:
            raise ValidationError(
                {
                    "duplicate_of": _(
                        "Het gekozen signaal is al een dubbel van dit signaal. Dan wacht het ene signaal op "
                        "het andere en krijgt niemand antwoord. Rond dit signaal af of kies een ander origineel."
                    )
                }
            )
        if original.duplicate_of_id in seen:  # a loop left by older code, without this signal in it
            raise ValidationError(
                {
                    "duplicate_of": _(
                        "Het gekozen signaal hoort bij een kring van dubbele signalen. Zet een van die "
                        "signalen eerst op 'in behandeling'."
                    )
                }
            )
        original = Signal.objects.select_for_update().get(pk=original.duplicate_of_id)
        seen.add(original.pk)
    return original


@transaction.atomic
def signal_refer_to_region(*, signals: Iterable[Signal], by) -> int:
    """Hand signals to the regional council (they leave the local queue)."""
    now = timezone.now()
    count = 0
    for signal in signals:
        if signal.handled_regionally:
            continue
        signal.referred_to_region_at = now
        signal.save(update_fields=["referred_to_region_at"])
        SignalStatusChange.objects.create(
            signal=signal,
            changed_by=by,
            from_status=signal.status,
            to_status=signal.status,
            note=_("doorverwezen naar de regionale raad"),
        )
        count += 1
    return count


def signal_add_note(*, signal: Signal, text: str, by) -> SignalNote:
    note = SignalNote(signal=signal, text=(text or "").strip(), author=by)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def signal_record_satisfaction(*, signal: Signal, helped: bool) -> Signal:
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if not signal.feedback_window_open():
        raise ValidationError(_("U kunt hierop niet meer reageren."))
    signal.helped = helped
    signal.helped_answered_at = timezone.now()
    signal.save(update_fields=["helped", "helped_answered_at"])
    return signal


@transaction.atomic
def signal_request_reopen(*, signal: Signal, reason: str) -> Signal:
    """The resident asks to reopen: the signal goes back to the council's queue, marked as such."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf kort waarom het antwoord u niet hielp.")})
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if not signal.feedback_window_open():
        raise ValidationError(_("U kunt hierop niet meer reageren."))
    _record_status(signal, to_status=Status.IN_PROGRESS, by=None, note=_("heropend op verzoek van de inwoner"))
    signal.helped = False
    signal.helped_answered_at = timezone.now()
    signal.reopen_requested_at = timezone.now()
    signal.reopen_reason = reason[:2000]
    signal.closed_at = None
    signal.save(
        update_fields=[
            "status",
            "status_changed_at",
            "helped",
            "helped_answered_at",
            "reopen_requested_at",
            "reopen_reason",
            "closed_at",
        ]
    )
    return signal


def _signal_mails(signal_id: int) -> Q:
    """The outbox rows of one signal, by the dedup keys its mails are queued with: the receipt, the
    parent's consent link and the feedback of each closing."""
    return Q(dedup_key__in=[f"signal-receipt:{signal_id}", f"signal-parent-consent:{signal_id}"]) | Q(
        dedup_key__startswith=f"signal-feedback:{signal_id}:"
    )


def _erase_mail(signal_id: int, addresses: Iterable[str], *, now) -> None:
    """The outbox part of erasing (rule 5): this signal's unsent mail to these addresses is deleted; what
    was sent to them loses the hash that still tied it to the address (its content went at sending)."""
    for address in {a.strip().lower() for a in addresses if a and a.strip()}:
        erase_recipient(address, unsent=_signal_mails(signal_id), now=now)


def _erase(signal: Signal, *, now, also: Iterable[str] = ()) -> None:
    _erase_mail(signal.pk, [signal.contact_email, *also], now=now)
    signal.contact_name = signal.contact_email = signal.contact_phone = ""
    signal.contact_consent = False
    signal.contact_erased_at = now
    signal.save(
        update_fields=["contact_name", "contact_email", "contact_phone", "contact_consent", "contact_erased_at"]
    )


@transaction.atomic
def signal_erase_contact_on_request(*, signal: Signal, email: str) -> bool:
    """A resident asks, with the code and the e-mail address used, to erase contact details at once."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    email = (email or "").strip().lower()
    pending = PendingYouthContact.objects.filter(signal=signal).first()
    matches = bool(email) and (
        signal.contact_email.lower() == email
        or (pending is not None and email in {pending.contact_email.lower(), pending.parent_email.lower()})
    )
    if not matches:
        return False
    youth_addresses = []
    if pending is not None:
        youth_addresses = [pending.contact_email, pending.parent_email]
        pending.delete()
    _erase(signal, now=timezone.now(), also=youth_addresses)
    return True


def signal_erase_expired_contacts(*, now=None) -> dict[str, int]:
    """Daily retention (rule 5): contact details of signals closed longer than the retention period,
    and unconfirmed under-16 contacts after 14 days. The anonymous rest stays for statistics."""
    now = now or timezone.now()
    erased = 0
    for signal in Signal.objects.contact_expired(now=now).only("pk", "contact_email").iterator():
        with transaction.atomic():
            _erase(signal, now=now)
        erased += 1
    cutoff = now - timedelta(days=settings.SIGNAL_YOUTH_CONFIRM_DAYS)
    with transaction.atomic():
        expired = PendingYouthContact.objects.filter(created_at__lt=cutoff)
        for pending in expired.only("signal_id", "contact_email", "parent_email"):
            _erase_mail(pending.signal_id, [pending.contact_email, pending.parent_email], now=now)
        youth, _ = expired.delete()
    return {"signals": erased, "pending_youth_contacts": youth}
