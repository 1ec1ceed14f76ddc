"""Advice's block in a council member's daily digest (registered in ``AdviceConfig.ready``).

DESIGN.md rule 9: council-wide news goes into the digest. Here: the colleges' responses recorded in the
period on the member's councils' advice, and advice whose response term ended in the period without a
response (newly overdue). At most three queries.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.access import scope_for
from members.models import User
from signals.extensions import DigestSection

from .models import Advice, AdviceStatus

DIGEST_LIST_LENGTH = 10


def digest_section(member: User, since: datetime, until: datetime) -> DigestSection | None:
    council_ids = scope_for(member).council_ids
    if not council_ids:
        return None
    advice = Advice.objects.filter(council_id__in=council_ids)
    answered = Q(response__recorded_at__gte=since, response__recorded_at__lt=until)
    # Overdue since a day that ended in the period (``Advice.is_overdue``) and still without a response.
    newly_overdue = Q(
        status=AdviceStatus.SENT,
        response_due_on__gte=timezone.localdate(since),
        response_due_on__lt=timezone.localdate(until),
    )
    counts = advice.aggregate(answered=Count("pk", filter=answered), overdue=Count("pk", filter=newly_overdue))
    if not counts["answered"] and not counts["overdue"]:
        return None
    lines: list[str] = []
    if counts["answered"]:
        lines += [
            _("Reactie van het college: %(number)s %(subject)s") % {"number": row.number, "subject": row.subject}
            for row in advice.filter(answered).order_by("number")[:DIGEST_LIST_LENGTH]
        ]
    if counts["overdue"]:
        lines += [
            _("Te laat: het college had uiterlijk %(date)s moeten reageren op %(number)s %(subject)s")
            % {
                "date": date_format(row.response_due_on, "j F Y") if row.response_due_on else "",
                "number": row.number,
                "subject": row.subject,
            }
            for row in advice.filter(newly_overdue).order_by("response_due_on", "pk")[:DIGEST_LIST_LENGTH]
        ]
    listed = min(counts["answered"], DIGEST_LIST_LENGTH) + min(counts["overdue"], DIGEST_LIST_LENGTH)
    return DigestSection(
        heading=_("Adviezen"),
        lines=lines,
        url=f"{settings.PUBLIC_BASE_URL.rstrip('/')}{reverse('advice:work_list')}",
        not_listed=counts["answered"] + counts["overdue"] - listed,
    )
