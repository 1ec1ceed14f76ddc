"""Writes on signals: intake, status, closing with feedback, duplicates, referral, retention.

Each rule that a test checks lives in exactly one function here (DESIGN.md rules 4, 5 and 7).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infrastructure.mail import erase_recipient, queue_templated_mail
from members.models import User

from .extensions import digest_sections
from .models import (
    TRANSITIONS,
    AgeGroup,
    PendingYouthContact,
    Signal,
    SignalCount,
    SignalNote,
    SignalStatusChange,
    Status,
    new_tracking_code,
)
from .selectors import (
    counted_signals,
    counts_window,
    day_start,
    digest_recipients,
    signal_digest,
    signal_periods,
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


def _mail_context(signal: Signal, **extra: object) -> dict[str, object]:
    """What a mail to a signal's resident uses: the signal, its code (the subjects name it) and its follow
    page. Mails go through ``queue_templated_mail``: written in Dutch, whatever the language of the
    request or task that sends them."""
    return {"signal": signal, "code": signal.tracking_code, "follow_url": _absolute(signal.get_public_url()), **extra}


def signal_submit(*, signal: Signal, contact: ContactDetails, recorded_by: User | None = None) -> Signal:
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
    # The code is drawn below (its uniqueness is the INSERT's to check). A new signal is "nieuw", so the
    # check constraints on closed and duplicate signals hold; the database enforces them all the same,
    # and asking it first costs every resident two queries.
    signal.full_clean(exclude=["tracking_code"], validate_constraints=False)
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
    queue_templated_mail(
        to=signal.contact_email,
        subject=gettext_lazy("Uw signaal %(code)s is ontvangen"),
        template="signals/mail/receipt.txt",
        context=_mail_context(signal),
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
    queue_templated_mail(
        to=contact.parent_email,
        subject=gettext_lazy("Toestemming gevraagd voor contact met uw kind"),
        template="signals/mail/parent_consent.txt",
        context=_mail_context(
            signal,
            confirm_url=_absolute(reverse("signals:parent_consent", kwargs={"token": token})),
            days=settings.SIGNAL_YOUTH_CONFIRM_DAYS,
        ),
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


def _record_status(signal: Signal, *, to_status: str, by: User | None, note: str = "") -> None:
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
def signal_set_status(*, signal: Signal, status: str, by: User | None, taken_up_as: str = "") -> Signal:
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
def signal_close(*, signal: Signal, feedback: str, by: User | None) -> Signal:
    """Close a signal with feedback (rule 4): mail it when the resident left contact details and
    consent. Every signal still waiting as its duplicate, however deep in a chain, is closed with the
    same feedback, mailed and audited the same way.

    Runs in a transaction; the signal and its duplicates are locked (select_for_update) before they change.
    Without feedback ``Signal.clean`` refuses (the rule's one place) and the transaction rolls back.
    """
    feedback = (feedback or "").strip()
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


def _close_waiting_duplicates(duplicates: Iterable[Signal], *, original: Signal, by: User | None) -> None:
    note = _("afgerond met het origineel, %(signal)s") % {"signal": original.number_label}
    for duplicate in duplicates:
        if duplicate.status == Status.DUPLICATE:
            _close_one(duplicate, feedback=original.feedback, by=by, note=note)


def _close_one(signal: Signal, *, feedback: str, by: User | None, note: str = "") -> None:
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
        queue_templated_mail(
            to=signal.contact_email,
            subject=gettext_lazy("Antwoord op uw signaal %(code)s"),
            template="signals/mail/feedback.txt",
            context=_mail_context(signal, periods=signal_periods()),
            # One mail per closing: a retry never sends twice; a reopened, re-closed signal mails again.
            dedup_key=f"signal-feedback:{signal.pk}:{signal.times_closed}",
        )


@transaction.atomic
def signal_mark_duplicate(*, signal: Signal, original: Signal, by: User | None) -> Signal:
    """Mark ``signal`` as duplicate of ``original``: the signal then waits for the original's answer.

    Duplicates never form a chain: when ``original`` is itself a duplicate, the signal points at the
    real original at the end of its chain, and the signal's own duplicates move to that original too.
    A mark that would make a loop (the original is, through its chain, a duplicate of this signal) is
    refused: in a loop every signal waits for another and nobody gets an answer. When the real original
    is closed already, the signal and its duplicates are closed with its feedback.

    Runs in a transaction. Both signals are locked first (in pk order, so two crossing marks wait for
    each other instead of deadlocking) and read again, so a concurrent mark is seen before deciding.
    The caller checks that the user may see ``original`` (``DuplicateForm`` takes a scoped queryset).
    A signal marked as its own duplicate is refused by ``Signal.clean``.
    """
    locked = {
        row.pk: row for row in Signal.objects.select_for_update().filter(pk__in=[signal.pk, original.pk]).order_by("pk")
    }
    signal, original = locked[signal.pk], locked[original.pk]
    original = _real_original(original, of=signal)
    _record_status(
        signal, to_status=Status.DUPLICATE, by=by, note=_("dubbel van %(signal)s") % {"signal": original.number_label}
    )
    signal.duplicate_of = original
    signal.full_clean(exclude=["tracking_code"])
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
def signal_refer_to_region(*, signals: Iterable[Signal], by: User | None) -> int:
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


def signal_add_note(*, signal: Signal, text: str, by: User | None) -> SignalNote:
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


def _erase_mail(signal_id: int, addresses: Iterable[str], *, now: datetime) -> None:
    """The outbox part of erasing (rule 5): this signal's unsent mail to these addresses is deleted; what
    was sent to them loses the hash that still tied it to the address (its content went at sending)."""
    for address in {a.strip().lower() for a in addresses if a and a.strip()}:
        erase_recipient(address, unsent=_signal_mails(signal_id), now=now)


def _erase(signal: Signal, *, now: datetime, also: Iterable[str] = ()) -> None:
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


def signal_erase_expired_contacts(*, now: datetime | None = None) -> dict[str, int]:
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


def _digest_period(day: date) -> tuple[datetime, datetime]:
    """The calendar day before ``day`` in the portal's time zone: each signal is in exactly one day's
    digest, however often or late that day's task runs."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(day - timedelta(days=1), time.min, tzinfo=zone),
        datetime.combine(day, time.min, tzinfo=zone),
    )


def signal_send_digests(*, now: datetime | None = None) -> int:
    """Daily (beat; DESIGN.md rule 9): every council member who wants it gets one mail with the signals
    that were new or reopened yesterday in the queues they see, and the other apps' news of that day for
    them (``extensions.digest_sections``: e.g. the agenda's new early-involvement requests); nobody gets
    a mail about nothing.

    At most one mail per member per day: the outbox's dedup key ``signal-digest:<member>:<date>`` makes
    a second run (a retry, a second worker, beat firing twice) queue nothing. Each mail is queued in its
    own transaction. Returns the number of mails this run queued.
    """
    day = timezone.localdate(now or timezone.now())
    since, until = _digest_period(day)
    queued = 0
    for recipient in digest_recipients(on=day):
        digest = signal_digest(recipient.member, since=since, until=until)
        # The other apps' lines are written in the mail's language, like the template.
        with translation.override(settings.LANGUAGE_CODE):
            sections = digest_sections(recipient.member, since, until)
        if digest.is_empty and not sections:
            continue
        subject = (
            gettext_lazy("Nieuwe signalen voor %(council_names)s")
            if not digest.is_empty
            else gettext_lazy("Nieuws voor %(council_names)s")
        )
        _message, created = queue_templated_mail(
            to=recipient.member.email,
            subject=subject,
            template="signals/mail/digest.txt",
            context={
                "digest": digest,
                "sections": sections,
                "councils": recipient.councils,
                "council_names": ", ".join(recipient.councils),
                "base_url": settings.PUBLIC_BASE_URL.rstrip("/"),
                "triage_url": _absolute(reverse("signals:triage")),
                "settings_url": _absolute(reverse("signals:digest_settings")),
            },
            dedup_key=f"signal-digest:{recipient.member.pk}:{day.isoformat()}",
        )
        queued += created
    return queued


def signal_counts_refresh(*, now: datetime | None = None) -> int:
    """Recount the rollup behind /wat-we-horen/ (``SignalCount``): every cell of the window of whole days
    that ends yesterday (``selectors.counts_window``), from the signals as they are now, so that themes
    chosen and duplicates marked since the last refresh count too. Returns the number of cells.

    Beat runs it nightly; ``seed_demo`` runs it after seeding. Idempotent: the old rows are replaced in one
    transaction (readers see them until it commits). On PostgreSQL a second refresh at the same time waits
    for the first (table lock; readers are not blocked).
    """
    today = timezone.localdate(now or timezone.now())
    since, until = counts_window(today)
    refreshed_at = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            table = connection.ops.quote_name(SignalCount._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cells = (
            counted_signals()
            .filter(created_at__gte=day_start(since), created_at__lt=day_start(until + timedelta(days=1)))
            .values_list("municipality_id", "theme_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        rows = [
            SignalCount(
                since=since,
                until=until,
                refreshed_at=refreshed_at,
                municipality_id=municipality,
                theme_id=theme,
                count=n,
            )
            for municipality, theme, n in cells
        ]
        SignalCount.objects.all().delete()
        SignalCount.objects.bulk_create(rows)
    return len(rows)
