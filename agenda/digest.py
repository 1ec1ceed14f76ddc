"""The agenda's block in a council member's daily digest (registered in ``AgendaConfig.ready``).

DESIGN.md rule 9: the chair and secretary are mailed at once about a new early-involvement request (they
must acknowledge it); the other members read about it here, the next morning. New residents' proposals
are signals with a kind, so they are in the digest's signal part already. Here: the requests that reached
the member's councils in the period (filed there, or referred there by a local council), and the open
requests whose wanted date passed in it (newly late), with how many are late in all.

At most three queries, whatever the number of requests: the counts, the new ones, the newly late ones
(the member's scope is cached on the member by the signal part).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.access import scope_for
from members.models import User
from signals.extensions import DigestSection

from .models import OPEN_REQUEST_STATUSES, EarlyInvolvementRequest

# How many requests of each kind (new, newly late) the block names; the rest it counts.
DIGEST_LIST_LENGTH = 10


@dataclass(frozen=True)
class _Period:
    since: datetime
    until: datetime

    @property
    def arrived(self) -> Q:
        """Filed in the period, or referred to the member's (regional) council in it."""
        return Q(filed_at__gte=self.since, filed_at__lt=self.until) | Q(
            referred_at__gte=self.since, referred_at__lt=self.until
        )

    @property
    def newly_late(self) -> Q:
        """Open and wanted before a day that ended in the period: late since then (``is_overdue``)."""
        return Q(wanted_by__gte=timezone.localdate(self.since), wanted_by__lt=timezone.localdate(self.until))


def _line(request: EarlyInvolvementRequest, *, late: bool) -> str:
    wanted = date_format(request.wanted_by, "j F Y")
    if late:
        return _("Te laat: %(title)s (%(municipality)s) – reactie was gewenst vóór %(date)s") % {
            "title": request.title,
            "municipality": request.municipality.name,
            "date": wanted,
        }
    text = _("Nieuw: %(title)s (%(municipality)s) – reactie gewenst vóór %(date)s") % {
        "title": request.title,
        "municipality": request.municipality.name,
        "date": wanted,
    }
    if request.referred_from is not None:
        text += " – " + _("doorverwezen door %(council)s") % {"council": request.referred_from.name}
    return text


def _rows(queryset: QuerySet[EarlyInvolvementRequest]) -> list[EarlyInvolvementRequest]:
    return list(
        queryset.select_related("municipality", "referred_from").order_by("wanted_by", "pk")[:DIGEST_LIST_LENGTH]
    )


def digest_section(member: User, since: datetime, until: datetime) -> DigestSection | None:
    """New and newly late early-involvement requests of the councils ``member`` sits on, in [since,
    until); None when there is neither (a late request alone does not mail anyone every day)."""
    council_ids = scope_for(member).council_ids
    if not council_ids:
        return None
    period = _Period(since, until)
    requests = EarlyInvolvementRequest.objects.filter(council_id__in=council_ids)
    today = timezone.localdate(until)
    counts = requests.aggregate(
        new=Count("pk", filter=period.arrived),
        newly_late=Count("pk", filter=period.newly_late & Q(status__in=OPEN_REQUEST_STATUSES)),
        late=Count("pk", filter=Q(status__in=OPEN_REQUEST_STATUSES, wanted_by__lt=today)),
    )
    if not counts["new"] and not counts["newly_late"]:
        return None
    lines: list[str] = []
    new_rows = _rows(requests.filter(period.arrived)) if counts["new"] else []
    late_rows = _rows(requests.open().filter(period.newly_late)) if counts["newly_late"] else []
    lines += [_line(row, late=False) for row in new_rows]
    lines += [_line(row, late=True) for row in late_rows]
    if counts["late"] > counts["newly_late"]:
        lines.append(
            ngettext(
                "In totaal is %(count)s verzoek te laat.", "In totaal zijn %(count)s verzoeken te laat.", counts["late"]
            )
            % {"count": counts["late"]}
        )
    return DigestSection(
        heading=_("Verzoeken om vroege betrokkenheid"),
        lines=lines,
        url=f"{settings.PUBLIC_BASE_URL.rstrip('/')}{reverse('agenda:request_list')}",
        not_listed=counts["new"] - len(new_rows) + counts["newly_late"] - len(late_rows),
    )
