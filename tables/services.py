"""Writes on tables, seats and join requests; DESIGN.md rule 1 lives here (``check_can_activate``,
``check_can_conclude``) and in the table's model constraint. Meetings and invitations: ``tables.meetings``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from councils.models import Neighbourhood, Theme
from infrastructure.mail import queue_templated_mail
from members.models import ExpertProfile, NetworkOrganisation, User

from .models import (
    TABLE_TRANSITIONS,
    JoinRequest,
    JoinRequestStatus,
    Seat,
    SeatStatus,
    StakeholderType,
    Table,
    TableStatus,
)


def _absolute(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


# --- Rule 1 ----------------------------------------------------------------------------------------


def accepted_clients(table: Table) -> list[Seat]:
    return list(
        table.seats.filter(stakeholder_type=StakeholderType.CLIENT, status=SeatStatus.ACCEPTED).select_related(
            "expert", "user"
        )
    )


def check_can_activate(table: Table) -> None:
    """Rule 1: a table becomes active only when a client seat is held by someone who accepted."""
    if not table.seats.filter(stakeholder_type=StakeholderType.CLIENT, status=SeatStatus.ACCEPTED).exists():
        raise ValidationError(
            {
                "status": _(
                    "Een tafel wordt pas actief als er een cliënt of ervaringsdeskundige aan tafel zit die "
                    "heeft toegezegd."
                )
            }
        )


def check_can_conclude(table: Table) -> None:
    """Rule 1: a table concludes only with a written client perspective (and an outcome)."""
    errors: dict[str, str] = {}
    if not table.client_perspective.strip():
        errors["client_perspective"] = _("Schrijf het cliëntperspectief op: zonder kan de tafel niet afronden.")
    if not table.outcome_summary.strip():
        errors["outcome_summary"] = _("Schrijf op wat de tafel heeft opgeleverd.")
    if errors:
        raise ValidationError(errors)


def missing_law_experience(table: Table) -> list[str]:
    """The laws the table's themes fall under for which no accepted client seat brings experience (an
    expert's domains; a client without a profile counts for none). The page names them."""
    laws = {theme.law for theme in table.themes.all() if theme.law in {"wmo", "jeugdwet", "participatiewet"}}
    if not laws:
        return []
    covered: set[str] = set()
    for seat in accepted_clients(table):
        if seat.expert is not None:
            covered |= seat.expert.laws
    return sorted(laws - covered)


# --- Tables ----------------------------------------------------------------------------------------


@transaction.atomic
def table_save(
    *,
    table: Table,
    by: User | None,
    themes: Iterable[Theme] | None = None,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
) -> Table:
    """Create or change a table. Status moves along ``TABLE_TRANSITIONS``; rule 1 is checked when it
    becomes active or concluded. The wijken belong to the council's municipality."""
    old_status = None
    if table.pk:
        old_status = Table.objects.select_for_update().filter(pk=table.pk).values_list("status", flat=True).first()
    else:
        table.created_by = by
    moving = old_status is not None and old_status != table.status
    if moving and table.status not in TABLE_TRANSITIONS.get(str(old_status), set()):
        raise ValidationError(
            {
                "status": _("Van '%(from)s' naar '%(to)s' kan niet.")
                % {"from": TableStatus(str(old_status)).label, "to": TableStatus(table.status).label}
            }
        )
    if table.pk and table.status == TableStatus.ACTIVE and old_status != TableStatus.ACTIVE:
        check_can_activate(table)
    if table.status == TableStatus.CONCLUDED and old_status != TableStatus.CONCLUDED:
        check_can_conclude(table)
        table.concluded_at = timezone.now()
    neighbourhood_list = list(neighbourhoods) if neighbourhoods is not None else None
    if (
        neighbourhood_list
        and not table.council.is_regional
        and any(n.municipality_id != table.council.municipality_id for n in neighbourhood_list)
    ):
        raise ValidationError({"neighbourhoods": _("Kies wijken van de gemeente van deze raad.")})
    if table.status == TableStatus.ACTIVE and not table.pk:
        raise ValidationError({"status": _("Een nieuwe tafel begint 'in oprichting'.")})
    table.full_clean()
    if by is not None:
        table._history_user = by  # type: ignore[attr-defined]
    created = table.pk is None
    table.save()
    if themes is not None:
        table.themes.set(list(themes))
    if neighbourhood_list is not None:
        table.neighbourhoods.set(neighbourhood_list)
    item = table.agenda_item
    if created and item is not None:
        # The signals the agenda item came from show this table on their pages (Signal.outcomes).
        table.signals.add(*item.signals.all())
    return table


def table_set_status(*, table: Table, status: str, by: User | None) -> Table:
    table.status = status
    return table_save(table=table, by=by)


def table_conclude(*, table: Table, outcome_summary: str, client_perspective: str, by: User | None) -> Table:
    """Conclude a table (from afronding) with its outcome and the client perspective (rule 1)."""
    table = Table.objects.get(pk=table.pk)
    table.outcome_summary = outcome_summary.strip()
    table.client_perspective = client_perspective.strip()
    table.status = TableStatus.CONCLUDED
    return table_save(table=table, by=by)


# --- Seats -----------------------------------------------------------------------------------------


@transaction.atomic
def seat_add(
    *,
    table: Table,
    stakeholder_type: str,
    by: User | None,
    expert: ExpertProfile | None = None,
    user: User | None = None,
    guest_name: str = "",
    guest_email: str = "",
    organisation: NetworkOrganisation | None = None,
    accepted: bool = False,
) -> Seat:
    """Give someone a seat: an expert of the council's network, an account, or a guest."""
    if table.status == TableStatus.CONCLUDED:
        raise ValidationError(_("Deze tafel is afgerond."))
    if expert is not None and expert.council_id != table.council_id and not table.council.is_regional:
        raise ValidationError({"expert": _("Kies iemand uit het expertteam van deze raad.")})
    seat = Seat(
        table=table,
        stakeholder_type=stakeholder_type,
        expert=expert,
        user=user,
        organisation=organisation,
        guest_name=guest_name.strip() if not (expert or user) else "",
        guest_email=guest_email.strip().lower() if not (expert or user) else "",
        added_by=by,
    )
    if accepted:
        seat.status = SeatStatus.ACCEPTED
        seat.accepted_at = timezone.now()
    try:
        # Not excluding the table: the "once per table" constraints name it.
        seat.full_clean(exclude=["added_by"])
    except ValidationError as error:
        if "__all__" in getattr(error, "message_dict", {}):
            raise ValidationError(_("Deze persoon zit al aan deze tafel, of er is niemand gekozen.")) from error
        raise
    seat.save()
    return seat


@transaction.atomic
def seat_set_status(*, seat: Seat, status: str, by: User | None) -> Seat:
    """Accept, decline or leave. When the last accepted client leaves an active table, its council's
    members are warned (rule 1: the table may not go on without a client)."""
    seat = Seat.objects.select_for_update().select_related("table__council").get(pk=seat.pk)
    was_accepted_client = seat.is_accepted_client
    seat.status = status
    now = timezone.now()
    if status == SeatStatus.ACCEPTED:
        seat.accepted_at = seat.accepted_at or now
        seat.left_at = None
    elif status == SeatStatus.LEFT:
        seat.left_at = now
    if by is not None:
        seat._history_user = by  # type: ignore[attr-defined]
    seat.save(update_fields=["status", "accepted_at", "left_at"])
    table = seat.table
    lost_a_client = was_accepted_client and not seat.is_accepted_client and table.status == TableStatus.ACTIVE
    if lost_a_client and not accepted_clients(table):
        _warn_no_client(table, seat)
    return seat


def _warn_no_client(table: Table, seat: Seat) -> None:
    from members.models import Membership

    members = (
        Membership.objects.filter(council_id=table.council_id, person__is_active=True)
        .active()
        .values_list("person_id", "person__email")
        .order_by("person_id")
        .distinct()
    )
    departed = seat.left_at or timezone.now()
    for person_id, email in members:
        queue_templated_mail(
            to=email,
            subject=gettext_lazy("Tafel '%(title)s' heeft geen cliënt meer"),
            template="tables/mail/no_client.txt",
            context={
                "table": table,
                "title": table.title,
                "council": table.council,
                "table_url": _absolute(table.get_absolute_url()),
            },
            # Per departure: a table that finds a client and loses it again warns again.
            dedup_key=f"table-no-client:{table.pk}:{seat.pk}:{departed:%Y%m%d%H%M%S}:person-{person_id}",
        )


# --- Join requests ---------------------------------------------------------------------------------


@transaction.atomic
def join_request_submit(*, table: Table, name: str, email: str, stakeholder_type: str, message: str) -> JoinRequest:
    if not table.is_public or table.status == TableStatus.CONCLUDED:
        raise ValidationError(_("Bij deze tafel kunt u zich niet aanmelden."))
    request = JoinRequest(
        table=table, name=name.strip(), email=email.strip().lower(), stakeholder_type=stakeholder_type, message=message
    )
    # decided_by may be empty in the database (null) but is not a form field: not checked here.
    request.full_clean(exclude=["table", "decided_by"])
    request.save()
    return request


@transaction.atomic
def join_request_decide(*, join_request: JoinRequest, accept: bool, by: User, note: str = "") -> JoinRequest:
    """A member accepts (the resident gets a guest seat, as having said yes) or declines; the resident is
    told by mail either way."""
    join_request = JoinRequest.objects.select_for_update().select_related("table__council").get(pk=join_request.pk)
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("Over deze aanmelding is al besloten."))
    join_request.status = JoinRequestStatus.ACCEPTED if accept else JoinRequestStatus.DECLINED
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    if accept:
        join_request.seat = seat_add(
            table=join_request.table,
            stakeholder_type=join_request.stakeholder_type,
            by=by,
            guest_name=join_request.name,
            guest_email=join_request.email,
            accepted=True,
        )
    join_request.save(update_fields=["status", "decided_at", "decided_by", "seat"])
    queue_templated_mail(
        to=join_request.email,
        subject=gettext_lazy("Uw aanmelding voor de tafel '%(title)s'"),
        template="tables/mail/join_decided.txt",
        context={
            "join_request": join_request,
            "table": join_request.table,
            "title": join_request.table.title,
            "council": join_request.table.council,
            "accepted": accept,
            "note": note.strip(),
            "table_url": _absolute(join_request.table.get_public_url()),
        },
        dedup_key=f"table-join-decided:{join_request.pk}",
    )
    return join_request
