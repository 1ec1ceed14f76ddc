"""Writes on meetings and their invitations, reminders and the personal calendar feed.

Every mail goes through the outbox with a dedup key per (invitation, event, kind) (DESIGN.md rule 7):
``meeting-invitation:<invitation>:<sequence>`` (an invitation, or an update when the meeting moved: a
new sequence), ``meeting-cancel:<invitation>`` and ``meeting-reminder-<days>:<invitation>``. The calendar
file (``tables.ics``) travels as an attachment of the outbox row.

An invitation's personal link holds a token of which only the SHA-256 is stored. An invitation or update
mail carries a new token (the calendar entry it replaces carries the old link); reminders and
cancellations carry none, so one link is live at a time. The link works until the meeting has ended.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infrastructure.mail import queue_templated_mail
from infrastructure.models import OutboxMessage
from members.access import scope_for
from members.models import Membership, Role, RoleAssignment, User

from . import ics
from .models import (
    CalendarFeed,
    Invitation,
    Meeting,
    MeetingKind,
    Need,
    Response,
    Seat,
    SeatStatus,
    TableStatus,
)
from .services import seat_set_status

AMSTERDAM = ics.AMSTERDAM
# What moves a meeting in a calendar: a change raises the sequence and sends an update.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "location", "online_url")
# Seats that are invited to a table's meetings.
INVITED_SEAT_STATUSES = (SeatStatus.INVITED, SeatStatus.ACCEPTED)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")
# The calendar feed: meetings from this long ago up to this far ahead.
FEED_PAST = timedelta(days=90)
FEED_AHEAD = timedelta(days=400)
FEED_LIMIT = 500


def _absolute(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token and its hash (only the hash is stored)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def is_token_shaped(token: str) -> bool:
    return bool(_TOKEN.fullmatch(token or ""))


def one_line(text: str) -> str:
    """Text for a mail subject or a calendar summary: no line breaks, no runs of spaces."""
    return " ".join((text or "").split())


def amsterdam_datetime(day: date, at: time) -> datetime:
    """The aware moment of ``day`` at ``at`` on the clocks of Amsterdam. A time that does not exist (the
    hour skipped when summer time starts) raises ValueError; a time that exists twice (the hour repeated
    when it ends) is the first."""
    moment = datetime.combine(day, at).replace(tzinfo=AMSTERDAM, fold=0)
    back = moment.astimezone(UTC).astimezone(AMSTERDAM)
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise ValueError("This time does not exist in Europe/Amsterdam")
    return moment


def local(moment: datetime) -> datetime:
    return moment.astimezone(AMSTERDAM)


# --- Meetings ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingSaved:
    meeting: Meeting
    moved: bool
    updates: int


@transaction.atomic
def meeting_save(*, meeting: Meeting, by: User | None) -> MeetingSaved:
    """Create or change a meeting. A table's meeting belongs to the table's council. A change of time or
    place raises the sequence and sends an update (with the calendar file) to everyone invited who did
    not decline. A cancelled meeting is not changed any more."""
    if meeting.table_id and meeting.table is not None:
        if not meeting.pk and meeting.table.status == TableStatus.CONCLUDED:
            raise ValidationError(_("Deze tafel is afgerond: er komen geen bijeenkomsten meer bij."))
        meeting.council = meeting.table.council
        if meeting.kind != MeetingKind.OTHER:
            meeting.kind = MeetingKind.TABLE
    elif meeting.kind == MeetingKind.TABLE:
        raise ValidationError({"kind": _("Een bijeenkomst van een tafel plant u vanaf de pagina van de tafel.")})
    meeting.title = one_line(meeting.title)
    moved = False
    if meeting.pk:
        old = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if old.cancelled_at is not None:
            raise ValidationError(_("Deze bijeenkomst is geannuleerd en kan niet meer veranderen."))
        moved = any(getattr(old, name) != getattr(meeting, name) for name in SCHEDULE_FIELDS)
        meeting.sequence = old.sequence + (1 if moved else 0)
        meeting.cancelled_at = None
    else:
        meeting.created_by = by
        meeting.sequence = 0
    meeting.full_clean(exclude=["created_by"])  # null=True without blank=True on the model
    if by is not None:
        meeting._history_user = by  # type: ignore[attr-defined]
    meeting.save()
    updates = 0
    if moved:
        pending = meeting.invitations.filter(sent_sequence__gte=0, sent_sequence__lt=meeting.sequence).exclude(
            response=Response.NO
        )
        updates = sum(1 for invitation in pending.order_by("pk") if _mail_invitation(invitation, meeting))
    return MeetingSaved(meeting=meeting, moved=moved, updates=updates)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User | None) -> int:
    """Cancel a meeting: the sequence goes up and everyone who got the invitation gets a cancellation
    (with a calendar file that removes the entry). Returns the number of cancellations queued."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("council", "table").get(pk=meeting.pk)
    if meeting.cancelled_at is not None:
        raise ValidationError(_("Deze bijeenkomst is al geannuleerd."))
    if meeting.ends_at < timezone.now():
        raise ValidationError(_("Deze bijeenkomst is al voorbij."))
    meeting.cancelled_at = timezone.now()
    meeting.sequence += 1
    if by is not None:
        meeting._history_user = by  # type: ignore[attr-defined]
    meeting.save(update_fields=["cancelled_at", "sequence"])
    count = 0
    for invitation in meeting.invitations.filter(sent_sequence__gte=0).order_by("pk"):
        invitation.meeting = meeting
        _message, created = queue_templated_mail(
            to=invitation.email,
            subject=gettext_lazy("Geannuleerd: %(title)s"),
            template="tables/mail/cancel.txt",
            context=_mail_context(invitation, meeting),
            dedup_key=f"meeting-cancel:{invitation.pk}",
            attachments=[_ics_attachment(invitation, description=_cancel_description(meeting), cancel=True)],
        )
        if created:
            invitation.sent_sequence = meeting.sequence
            invitation.save(update_fields=["sent_sequence"])
            count += 1
    return count


@transaction.atomic
def meeting_record_minutes(
    *, meeting: Meeting, minutes: str, attendance: Mapping[int, bool | None], by: User | None
) -> Meeting:
    """The minutes and who was there, once the meeting has begun. ``attendance`` maps this meeting's
    invitation ids to True (present), False (absent) or None (not known); other ids are ignored."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.cancelled_at is not None:
        raise ValidationError(_("Deze bijeenkomst is geannuleerd."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Het verslag en de aanwezigheid vult u in als de bijeenkomst is begonnen."))
    meeting.minutes = minutes.strip()
    meeting.full_clean(exclude=["created_by"])  # null=True without blank=True on the model
    if by is not None:
        meeting._history_user = by  # type: ignore[attr-defined]
    meeting.save(update_fields=["minutes"])
    changed = []
    for invitation in meeting.invitations.filter(pk__in=list(attendance)):
        value = attendance[invitation.pk]
        if invitation.attended != value:
            invitation.attended = value
            changed.append(invitation)
    Invitation.objects.bulk_update(changed, ["attended"])
    return meeting


# --- Invitations ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitee:
    name: str
    email: str
    seat: Seat | None = None
    user: User | None = None


def meeting_invitees(meeting: Meeting) -> list[Invitee]:
    """Who is invited: for a table's meeting every seat that is asked or takes part (experts, accounts,
    guests) with an address; for a council's meeting its active members; for the periodic consultation
    also the policy advisors of the council's municipality (of the region's, for the regional council)."""
    found: dict[str, Invitee] = {}

    def add(invitee: Invitee) -> None:
        email = invitee.email.strip().lower()
        if email and email not in found:
            found[email] = Invitee(name=invitee.name[:150] or email, email=email, seat=invitee.seat, user=invitee.user)

    if meeting.table_id:
        seats = (
            Seat.objects.filter(table_id=meeting.table_id, status__in=INVITED_SEAT_STATUSES)
            .select_related("expert__user", "user")
            .order_by("pk")
        )
        for seat in seats:
            user = seat.user or (seat.expert.user if seat.expert is not None else None)
            add(Invitee(name=seat.person_name, email=seat.email, seat=seat, user=user))
        return list(found.values())
    members = (
        Membership.objects.filter(council_id=meeting.council_id, person__is_active=True)
        .active()
        .select_related("person")
        .order_by("person__full_name", "person_id")
    )
    for membership in members:
        add(Invitee(name=membership.person.get_full_name(), email=membership.person.email, user=membership.person))
    if meeting.kind == MeetingKind.CONSULTATION:
        council = meeting.council
        municipalities = (
            Q(municipality_id=council.municipality_id)
            if council.municipality_id
            else Q(municipality__region_id=council.region_id)
        )
        advisors = (
            RoleAssignment.objects.filter(municipalities, role=Role.BELEIDSADVISEUR, person__is_active=True)
            .active()
            .select_related("person")
            .order_by("person__full_name", "person_id")
        )
        for assignment in advisors:
            add(Invitee(name=assignment.person.get_full_name(), email=assignment.person.email, user=assignment.person))
    return list(found.values())


@dataclass(frozen=True)
class InviteResult:
    created: int
    mailed: int


@transaction.atomic
def meeting_invite(*, meeting: Meeting, by: User | None) -> InviteResult:
    """Invite everyone who belongs at the meeting (``meeting_invitees``) who is not invited yet, and mail
    every invitation that has not had the meeting's current sequence (new ones; nobody twice). The
    meeting row is locked, so two clicks at once create each invitation once."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("council", "table").get(pk=meeting.pk)
    if meeting.cancelled_at is not None:
        raise ValidationError(_("Deze bijeenkomst is geannuleerd."))
    if meeting.ends_at < timezone.now():
        raise ValidationError(_("Deze bijeenkomst is al voorbij."))
    known = {email.lower() for email in meeting.invitations.values_list("email", flat=True)}
    new = [
        Invitation(
            meeting=meeting,
            seat=invitee.seat,
            user=invitee.user,
            name=invitee.name,
            email=invitee.email,
            # A hash of a token nobody has: the link is made when the mail is (``_mail_invitation``).
            token_hash=new_token()[1],
        )
        for invitee in meeting_invitees(meeting)
        if invitee.email not in known
    ]
    Invitation.objects.bulk_create(new)
    due = meeting.invitations.filter(sent_sequence__lt=meeting.sequence).exclude(response=Response.NO).order_by("pk")
    mailed = sum(1 for invitation in due if _mail_invitation(invitation, meeting))
    return InviteResult(created=len(new), mailed=mailed)


def _mail_context(invitation: Invitation, meeting: Meeting, link: str = "") -> dict[str, object]:
    return {
        "invitation": invitation,
        "meeting": meeting,
        "title": one_line(meeting.title),
        "council": meeting.council,
        "table": meeting.table,
        "starts": local(meeting.starts_at),
        "ends": local(meeting.ends_at),
        "link": link,
    }


def _description(meeting: Meeting, link: str) -> str:
    lines = []
    if link:
        lines += [_("Geef hier uw antwoord en zeg wat u nodig hebt om mee te doen:"), link, ""]
    if meeting.accessibility_notes:
        lines += [_("Toegankelijkheid: %(notes)s") % {"notes": meeting.accessibility_notes}, ""]
    if meeting.online_url:
        lines += [_("Online meedoen: %(url)s") % {"url": meeting.online_url}, ""]
    if meeting.agenda:
        lines += [_("Agenda:"), meeting.agenda]
    return "\n".join(lines).strip()


def _cancel_description(meeting: Meeting) -> str:
    return _("Deze bijeenkomst gaat niet door.")


def _ics_attachment(invitation: Invitation, *, description: str, cancel: bool = False) -> dict[str, str]:
    method = ics.METHOD_CANCEL if cancel else ics.METHOD_REQUEST
    return {
        "filename": "afzegging.ics" if cancel else "uitnodiging.ics",
        "content": ics.invitation_ics(invitation, description=description, cancel=cancel),
        "mimetype": f"{ics.ICS_MIMETYPE}; method={method}",
    }


def _mail_invitation(invitation: Invitation, meeting: Meeting) -> bool:
    """Queue the invitation (or, when an earlier sequence was sent, the update) with a new personal link
    and the calendar file. Once per (invitation, sequence); the new token is kept only when queued."""
    invitation.meeting = meeting
    is_update = invitation.sent_sequence >= 0
    token, token_hash = new_token()
    link = _absolute(f"/uitnodiging/{token}/")
    context = {**_mail_context(invitation, meeting, link), "is_update": is_update}
    with translation.override(settings.LANGUAGE_CODE):
        description = _description(meeting, link)
    _message, created = queue_templated_mail(
        to=invitation.email,
        subject=gettext_lazy("Gewijzigd: %(title)s") if is_update else gettext_lazy("Uitnodiging: %(title)s"),
        template="tables/mail/invitation.txt",
        context=context,
        dedup_key=f"meeting-invitation:{invitation.pk}:{meeting.sequence}",
        attachments=[_ics_attachment(invitation, description=description)],
    )
    if created:
        invitation.token_hash = token_hash
    invitation.sent_sequence = max(invitation.sent_sequence, meeting.sequence)
    invitation.save(update_fields=["token_hash", "sent_sequence"])
    return created


def invitation_for_token(token: str, *, now: datetime | None = None) -> Invitation | None:
    """The invitation of a personal link while it is valid (until the meeting has ended); None for an
    unknown, malformed or expired token. A cancelled meeting's invitation is returned (the page says so)."""
    if not is_token_shaped(token):
        return None
    invitation = (
        Invitation.objects.select_related("meeting__council", "meeting__table", "seat")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or invitation.meeting.ends_at < (now or timezone.now()):
        return None
    return invitation


@transaction.atomic
def invitation_respond(
    *, invitation: Invitation, response: str, needs: Iterable[str], needs_note: str = ""
) -> Invitation:
    """Someone answers by their personal link: comes, does not come or maybe, and what they need to take
    part. A yes to a table's meeting from a seat that was still asked makes the seat "doet mee" (so the
    table may become active once a client said yes, rule 1)."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("meeting", "seat").get(pk=invitation.pk)
    )
    meeting = invitation.meeting
    if meeting.cancelled_at is not None:
        raise ValidationError(_("Deze bijeenkomst is geannuleerd."))
    if meeting.ends_at < timezone.now():
        raise ValidationError(_("Deze bijeenkomst is al voorbij."))
    if response not in (Response.YES, Response.NO, Response.MAYBE):
        raise ValidationError({"response": _("Kies of u komt.")})
    invitation.response = response
    invitation.needs = [need for need in Need.values if need in set(needs)]
    invitation.needs_note = needs_note.strip()
    invitation.responded_at = timezone.now()
    invitation.full_clean(exclude=["meeting", "seat", "user", "token_hash"])
    invitation.save(update_fields=["response", "needs", "needs_note", "responded_at"])
    seat = invitation.seat
    if response == Response.YES and seat is not None and meeting.table_id and seat.status == SeatStatus.INVITED:
        seat_set_status(seat=seat, status=SeatStatus.ACCEPTED, by=invitation.user)
    return invitation


# --- Reminders ------------------------------------------------------------------------------------------


def reminders_due(days: int, *, now: datetime) -> QuerySet[Invitation]:
    """Invitations whose ``days``-days reminder is due: the meeting (not cancelled) starts between
    ``days - 1`` and ``days`` days from now, the person was invited before that reminder's moment, got the
    invitation and did not decline (nor leave the table)."""
    return (
        Invitation.objects.filter(
            meeting__cancelled_at__isnull=True,
            meeting__starts_at__gt=now + timedelta(days=max(days - 1, 0)),
            meeting__starts_at__lte=now + timedelta(days=days),
            sent_sequence__gte=0,
            created_at__lte=F("meeting__starts_at") - timedelta(days=days),
        )
        .exclude(response=Response.NO)
        .exclude(seat__status__in=(SeatStatus.DECLINED, SeatStatus.LEFT))
        .select_related("meeting__council", "meeting__table")
        .order_by("pk")
    )


def meeting_send_reminders(*, now: datetime | None = None, batch: int = 500) -> int:
    """Periodic (hourly): queue each due reminder (``MEETING_REMINDER_DAYS``). Exactly once per (invitation,
    days) by its dedup key, however often this runs; rows already queued are skipped without rendering."""
    now = now or timezone.now()
    queued = 0
    for days in sorted(set(settings.MEETING_REMINDER_DAYS), reverse=True):
        due = list(reminders_due(days, now=now)[: batch * 20])
        for start in range(0, len(due), batch):
            chunk = due[start : start + batch]
            keys = {invitation.pk: f"meeting-reminder-{days}:{invitation.pk}" for invitation in chunk}
            done = set(OutboxMessage.objects.filter(dedup_key__in=keys.values()).values_list("dedup_key", flat=True))
            for invitation in chunk:
                if keys[invitation.pk] in done:
                    continue
                _message, created = queue_templated_mail(
                    to=invitation.email,
                    subject=gettext_lazy("Herinnering: %(title)s"),
                    template="tables/mail/reminder.txt",
                    context={**_mail_context(invitation, invitation.meeting), "days": days},
                    dedup_key=keys[invitation.pk],
                )
                queued += int(created)
    return queued


# --- The personal calendar feed ---------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_create(*, user: User) -> str:
    """A new feed URL's token for ``user`` (shown once); an earlier feed of theirs stops working."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token, token_hash = new_token()
    CalendarFeed.objects.create(user=user, token_hash=token_hash)
    return token


def calendar_feed_revoke(*, user: User) -> bool:
    return bool(CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now()))


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    if not is_token_shaped(token):
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def feed_meetings(user: User, *, now: datetime | None = None) -> list[Meeting]:
    """The meetings of a person's feed: of the councils they sit on (their tables' included), of the tables
    where they hold a seat, and those they are invited to; from three months ago to a year ahead."""
    now = now or timezone.now()
    mine = (
        Q(council_id__in=scope_for(user).council_ids)
        | Q(pk__in=Invitation.objects.filter(user=user).values("meeting_id"))
        | Q(table_id__in=Seat.objects.filter(user=user, status__in=INVITED_SEAT_STATUSES).values("table_id"))
    )
    return list(
        Meeting.objects.filter(mine, starts_at__gte=now - FEED_PAST, starts_at__lte=now + FEED_AHEAD)
        .select_related("council", "table")
        .order_by("starts_at", "pk")[:FEED_LIMIT]
    )
