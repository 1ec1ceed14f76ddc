"""Writes on the agenda and on early-involvement requests; each rule a test checks lives here once.

Signals are written only through ``signals.services`` (same privacy rules, tracking code, receipt and
feedback mails): the agenda links to a signal, the signals app never learns about the agenda.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from councils.models import Council, Neighbourhood, Theme
from infrastructure.mail import queue_templated_mail
from members.models import CouncilRole, Membership, NetworkOrganisation, User
from signals import services as signal_services
from signals.models import Signal, Status

from .models import (
    ITEM_TRANSITIONS,
    AgendaItem,
    EarlyInvolvementRequest,
    ItemStatus,
    Origin,
    ParticipationAdvice,
    ParticipationForm,
    RecommendedGroup,
    RequestStatus,
    TargetGroup,
)


def _absolute(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def board_recipients(council: Council) -> list[tuple[str, str]]:
    """Whom to mail when a council must act (DESIGN.md rule 9): its chair and secretary today; the
    council's own address when it has neither. As (key, address): the key names the recipient in an
    outbox dedup key without putting an e-mail address there (dedup keys outlive the mail's content)."""
    board = (
        Membership.objects.filter(
            council=council, role__in=(CouncilRole.VOORZITTER, CouncilRole.SECRETARIS), person__is_active=True
        )
        .active()
        .values_list("person_id", "person__email")
        .order_by("person_id")
        .distinct()
    )
    recipients = [(f"person-{person_id}", email) for person_id, email in board]
    if not recipients and council.email:
        recipients = [(f"council-{council.pk}", council.email)]
    return recipients


# --- Agenda items ----------------------------------------------------------------------------------


def _check_item_transition(old_status: str | None, new_status: str) -> None:
    if old_status is None or old_status == new_status:
        return
    if new_status not in ITEM_TRANSITIONS.get(old_status, set()):
        raise ValidationError(
            {
                "status": _("Van '%(from)s' naar '%(to)s' kan niet.")
                % {"from": ItemStatus(old_status).label, "to": ItemStatus(new_status).label}
            }
        )


@transaction.atomic
def agenda_item_save(
    *,
    item: AgendaItem,
    by: User | None,
    themes: Iterable[Theme] | None = None,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
) -> AgendaItem:
    """Create or change an item: the status may only move along ``ITEM_TRANSITIONS``; the model's
    ``clean`` keeps the public reason for "niet opgepakt" and a complete quarter. History records who did
    it (simple-history's request middleware, or ``by`` outside a request)."""
    old_status = None
    if item.pk:
        old_status = AgendaItem.objects.filter(pk=item.pk).values_list("status", flat=True).first()
    else:
        item.created_by = by
    _check_item_transition(old_status, item.status)
    if item.status != ItemStatus.NOT_TAKEN_UP:
        item.not_taken_up_reason = item.not_taken_up_reason.strip()
    neighbourhood_list = list(neighbourhoods) if neighbourhoods is not None else None
    if (
        neighbourhood_list
        and not item.council.is_regional
        and any(n.municipality_id != item.council.municipality_id for n in neighbourhood_list)
    ):
        raise ValidationError({"neighbourhoods": _("Kies wijken van de gemeente van deze raad.")})
    item.full_clean()
    if by is not None:
        item._history_user = by  # type: ignore[attr-defined]
    item.save()
    if themes is not None:
        item.themes.set(list(themes))
    if neighbourhood_list is not None:
        item.neighbourhoods.set(neighbourhood_list)
    return item


@transaction.atomic
def agenda_item_refer_to_region(*, item: AgendaItem, by: User | None) -> AgendaItem:
    """A local council puts an item on the regional agenda too: it concerns the whole IJmond. The item
    stays the local council's; the regional council sees it on its agenda."""
    item = AgendaItem.objects.select_for_update().select_related("council").get(pk=item.pk)
    if item.council.is_regional:
        raise ValidationError(_("Dit punt staat al op de regionale agenda."))
    if item.referred_to_region_at is None:
        item.referred_to_region_at = timezone.now()
        if by is not None:
            item._history_user = by  # type: ignore[attr-defined]
        item.save(update_fields=["referred_to_region_at"])
    return item


# --- Residents' proposals and reactions ------------------------------------------------------------


def _proposal_context(signal: Signal, **extra: object) -> dict[str, object]:
    return {
        "signal": signal,
        "code": signal.tracking_code,
        "follow_url": _absolute(signal.get_public_url()),
        **extra,
    }


@transaction.atomic
def proposal_put_on_agenda(
    *,
    signal: Signal,
    council: Council,
    title: str,
    description: str,
    by: User | None,
    is_public: bool = True,
) -> AgendaItem:
    """Put a resident's proposal (or a signal) on the council's agenda: a new item with origin
    "inwonersvoorstel" linked to it, the signal "opgepakt" (its follow page shows the item through
    ``Signal.outcomes``), and the resident told by mail when they left an address and consent."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if not signal.is_open:
        raise ValidationError(_("Dit signaal is al afgerond; heropen het eerst."))
    origin = Origin.RESIDENT_PROPOSAL if signal.is_proposal else Origin.SIGNALS
    item = AgendaItem(
        council=council,
        title=title.strip(),
        description=description.strip(),
        origin=origin,
        status=ItemStatus.PROPOSED,
        is_public=is_public,
    )
    agenda_item_save(item=item, by=by, themes=[signal.theme] if signal.theme is not None else [])
    item.signals.add(signal)
    signal_services.signal_set_status(
        signal=signal, status=Status.TAKEN_UP, by=by, taken_up_as=_("agendapunt '%(title)s'") % {"title": item.title}
    )
    if signal.may_mail_resident:
        queue_templated_mail(
            to=signal.contact_email,
            subject=gettext_lazy("Uw voorstel %(code)s staat op de agenda"),
            template="agenda/mail/proposal_on_agenda.txt",
            context=_proposal_context(
                signal, item=item, item_url=_absolute(item.get_public_url()) if item.is_public else ""
            ),
            dedup_key=f"proposal-on-agenda:{signal.pk}:{item.pk}",
        )
    return item


def proposal_decline(*, signal: Signal, reasons: str, by: User | None) -> Signal:
    """Decline a proposal with reasons: the signal is closed with them as its feedback, which the signals
    app mails to the resident who left an address and consent (DESIGN.md rule 4)."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"feedback": _("Schrijf op waarom het voorstel niet op de agenda komt.")})
    return signal_services.signal_close(signal=signal, feedback=reasons, by=by)


@transaction.atomic
def reaction_submit(*, item: AgendaItem, signal: Signal, contact: signal_services.ContactDetails) -> Signal:
    """A resident reacts to a public agenda item: stored as a signal (tracking code, privacy rules and
    receipt as any signal) and linked to the item."""
    if not item.is_public:
        raise ValidationError(_("Op dit agendapunt kunt u niet reageren."))
    stored = signal_services.signal_submit(signal=signal, contact=contact)
    item.signals.add(stored)
    return stored


# --- Early-involvement requests --------------------------------------------------------------------


def _request_context(request: EarlyInvolvementRequest, **extra: object) -> dict[str, object]:
    return {
        "request": request,
        "council": request.council,
        "request_url": _absolute(request.get_absolute_url()),
        **extra,
    }


@transaction.atomic
def request_file(
    *,
    request: EarlyInvolvementRequest,
    by: User,
    themes: Iterable[Theme] = (),
    neighbourhoods: Iterable[Neighbourhood] = (),
) -> EarlyInvolvementRequest:
    """A policy advisor files a request; the chair and secretary are mailed at once (someone must
    acknowledge it); the other members read it in their daily digest."""
    request.filed_by = by
    request.status = RequestStatus.SUBMITTED
    request.phase_at_filing = request.phase
    neighbourhood_list = list(neighbourhoods)
    if (
        any(n.municipality_id != request.municipality_id for n in neighbourhood_list)
        and not request.council.is_regional
    ):
        raise ValidationError({"neighbourhoods": _("Kies wijken van uw eigen gemeente.")})
    request.full_clean()
    request._history_user = by  # type: ignore[attr-defined]
    request.save()
    request.themes.set(list(themes))
    request.neighbourhoods.set(neighbourhood_list)
    for key, address in board_recipients(request.council):
        queue_templated_mail(
            to=address,
            subject=gettext_lazy("Nieuw verzoek om vroege betrokkenheid: %(title)s"),
            template="agenda/mail/request_filed.txt",
            context=_request_context(request, title=request.title),
            dedup_key=f"request-filed:{request.pk}:{key}",
        )
    return request


def _lock(request: EarlyInvolvementRequest) -> EarlyInvolvementRequest:
    return (
        EarlyInvolvementRequest.objects.select_for_update(of=("self",))
        .select_related("council", "filed_by")
        .get(pk=request.pk)
    )


def _mail_advisor(request: EarlyInvolvementRequest, *, subject: StrOrPromise, template: str, event: str) -> None:
    if request.filed_by is None or not request.filed_by.is_active:
        return
    queue_templated_mail(
        to=request.filed_by.email,
        subject=subject,
        template=template,
        context=_request_context(request, title=request.title),
        dedup_key=f"request-{event}:{request.pk}",
    )


@transaction.atomic
def request_acknowledge(*, request: EarlyInvolvementRequest, by: User) -> EarlyInvolvementRequest:
    """The council takes the request in hand; the advisor is told."""
    request = _lock(request)
    if request.status != RequestStatus.SUBMITTED:
        raise ValidationError(_("Dit verzoek is al in behandeling genomen."))
    request.status = RequestStatus.IN_PROGRESS
    request.acknowledged_at = timezone.now()
    request.acknowledged_by = by
    request._history_user = by  # type: ignore[attr-defined]
    request.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
    _mail_advisor(
        request,
        subject=gettext_lazy("Uw verzoek '%(title)s' is in behandeling"),
        template="agenda/mail/request_acknowledged.txt",
        event="acknowledged",
    )
    return request


@dataclass(frozen=True)
class GroupAdvice:
    target_group: str
    forms: Sequence[str]
    timing: str = ""


def check_rule_8(*, groups: Sequence[GroupAdvice], client_perspective: str) -> None:
    """DESIGN.md rule 8: a participation advice names the group cliënten/ervaringsdeskundigen and carries
    a written client perspective (clients are heard "in ieder geval")."""
    errors: dict[str, str] = {}
    if not any(group.target_group == TargetGroup.CLIENTS and group.forms for group in groups):
        errors["groups"] = _(
            "Een participatieadvies noemt altijd de groep cliënten/ervaringsdeskundigen, met ten minste één vorm."
        )
    if not (client_perspective or "").strip():
        errors["client_perspective"] = _("Schrijf het cliëntperspectief op: cliënten worden in ieder geval gehoord.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def participation_advice_give(
    *,
    request: EarlyInvolvementRequest,
    summary: str,
    client_perspective: str,
    groups: Sequence[GroupAdvice],
    by: User,
    network_organisations: Iterable[NetworkOrganisation] = (),
    experts: str = "",
    council_runs_table: bool = False,
) -> ParticipationAdvice:
    """The council answers a request with a participation advice (rule 8); the advisor is told."""
    request = _lock(request)
    if request.status not in (RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS):
        raise ValidationError(_("Op dit verzoek is al een participatieadvies gegeven."))
    check_rule_8(groups=groups, client_perspective=client_perspective)
    seen: set[str] = set()
    for group in groups:
        if group.target_group in seen:
            raise ValidationError({"groups": _("Noem elke doelgroep één keer.")})
        seen.add(group.target_group)
        if group.target_group not in TargetGroup.values:
            raise ValidationError({"groups": _("Onbekende doelgroep.")})
        if not group.forms or any(form not in ParticipationForm.values for form in group.forms):
            raise ValidationError({"groups": _("Kies voor elke doelgroep ten minste één vorm.")})
    advice = ParticipationAdvice(
        request=request,
        summary=summary.strip(),
        client_perspective=client_perspective.strip(),
        experts=experts.strip(),
        council_runs_table=council_runs_table,
        given_by=by,
    )
    advice.full_clean(exclude=["request"])
    advice._history_user = by  # type: ignore[attr-defined]
    advice.save()
    advice.network_organisations.set(list(network_organisations))
    RecommendedGroup.objects.bulk_create(
        RecommendedGroup(
            advice=advice, target_group=g.target_group, forms=list(dict.fromkeys(g.forms)), timing=g.timing.strip()
        )
        for g in groups
    )
    now = timezone.now()
    if request.acknowledged_at is None:
        request.acknowledged_at, request.acknowledged_by = now, by
    request.status = RequestStatus.ADVISED
    request.answered_at = now
    request._history_user = by  # type: ignore[attr-defined]
    request.save(update_fields=["status", "answered_at", "acknowledged_at", "acknowledged_by"])
    _mail_advisor(
        request,
        subject=gettext_lazy("Participatieadvies op uw verzoek '%(title)s'"),
        template="agenda/mail/request_answered.txt",
        event="answered",
    )
    return advice


@transaction.atomic
def request_close(*, request: EarlyInvolvementRequest, by: User) -> EarlyInvolvementRequest:
    request = _lock(request)
    if request.status != RequestStatus.ADVISED:
        raise ValidationError(_("Een verzoek wordt afgerond nadat het participatieadvies is gegeven."))
    request.status = RequestStatus.DONE
    request.closed_at = timezone.now()
    request._history_user = by  # type: ignore[attr-defined]
    request.save(update_fields=["status", "closed_at"])
    return request


@transaction.atomic
def request_put_on_agenda(
    *, request: EarlyInvolvementRequest, title: str, description: str, is_public: bool, by: User
) -> AgendaItem:
    """One step: the request becomes an item on the agenda of the council it was sent to (origin
    gemeente, the advisor as municipal contact), with its themes and wijken."""
    request = _lock(request)
    if request.agenda_items.exists():
        raise ValidationError(_("Dit verzoek staat al op de agenda."))
    item = AgendaItem(
        council=request.council,
        title=title.strip(),
        description=description.strip(),
        origin=Origin.MUNICIPALITY,
        status=ItemStatus.SCHEDULED,
        is_public=is_public,
        municipal_contact=request.filed_by,
        request=request,
    )
    return agenda_item_save(item=item, by=by, themes=request.themes.all(), neighbourhoods=request.neighbourhoods.all())


@transaction.atomic
def request_refer_to_region(*, request: EarlyInvolvementRequest, by: User) -> EarlyInvolvementRequest:
    """A local council hands a request to the regional council: it concerns the whole IJmond."""
    request = _lock(request)
    if request.council.is_regional:
        raise ValidationError(_("Dit verzoek ligt al bij de regionale raad."))
    if not request.is_open:
        raise ValidationError(_("Alleen een open verzoek kan worden doorverwezen."))
    regional = Council.objects.regional().filter(region_id=request.council.region_id).first()
    if regional is None:
        raise ValidationError(_("Er is geen regionale raad."))
    request.referred_from = request.council
    request.referred_at = timezone.now()
    request.council = regional
    request._history_user = by  # type: ignore[attr-defined]
    request.save(update_fields=["council", "referred_from", "referred_at"])
    for key, address in board_recipients(regional):
        queue_templated_mail(
            to=address,
            subject=gettext_lazy("Nieuw verzoek om vroege betrokkenheid: %(title)s"),
            template="agenda/mail/request_filed.txt",
            context=_request_context(request, title=request.title),
            dedup_key=f"request-filed:{request.pk}:{key}",
        )
    return request


def request_send_reminders(*, now: datetime | None = None) -> int:
    """Daily (beat): a week before the wanted date, the board of the council that must answer an open
    request is reminded, exactly once per request (``reminder_sent_at`` and the outbox's dedup key)."""
    today = timezone.localdate(now or timezone.now())
    sent = 0
    due = (
        EarlyInvolvementRequest.objects.open()
        .filter(
            reminder_sent_at__isnull=True,
            wanted_by__lte=today + timedelta(days=settings.REQUEST_REMINDER_DAYS_BEFORE),
        )
        .select_related("council")
        .order_by("wanted_by", "pk")
    )
    for request in due:
        with transaction.atomic():
            locked = EarlyInvolvementRequest.objects.select_for_update().get(pk=request.pk)
            if locked.reminder_sent_at is not None:
                continue
            for key, address in board_recipients(request.council):
                queue_templated_mail(
                    to=address,
                    subject=gettext_lazy("Herinnering: reactie op '%(title)s' gewenst vóór %(date)s"),
                    template="agenda/mail/request_reminder.txt",
                    context=_request_context(request, title=request.title, date=request.wanted_by.strftime("%d-%m-%Y")),
                    dedup_key=f"request-reminder:{request.pk}:{key}",
                )
            locked.reminder_sent_at = timezone.now()
            locked.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent
