"""The advice part of the work dashboard (/werk/): overdue advice (rule 3: on the council's dashboard and
flagged for the aanjager), advice waiting for the chair's adoption, and for a policy advisor the advice
their college must still answer. Each part is one query (a short list); a part the user has no business
with costs none."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import rules
from django.db.models import Q
from django.utils import timezone

from members.access import AnyUser, scope_for

from .models import Advice, AdviceStatus

# A short list on the dashboard; the advice list holds the rest.
LIST_LENGTH = 5


@dataclass(frozen=True)
class AdviceRow:
    advice: Advice
    days_overdue: int = 0


@dataclass
class AdviceDashboard:
    may_view: bool = False
    overdue: list[AdviceRow] = field(default_factory=list)
    more_overdue: bool = False
    to_adopt: list[Advice] = field(default_factory=list)
    awaiting_response: list[AdviceRow] = field(default_factory=list)
    # Whether the overdue list is the whole region's (the aanjager and the other regional readers).
    region_wide: bool = False


def _rows(advice: list[Advice], today: date) -> list[AdviceRow]:
    return [AdviceRow(item, item.days_overdue(today=today)) for item in advice]


def advice_dashboard(user: AnyUser, *, today: date | None = None) -> AdviceDashboard:
    today = today or timezone.localdate()
    board = AdviceDashboard(may_view=rules.has_perm("advice.view_advice_work", user))
    if not board.may_view:
        return board
    scope = scope_for(user)
    board.region_wide = scope.reads_whole_region
    # A line per advice: number, subject, council, due date; not the letter's long sections.
    listed_fields = ("pk", "number", "subject", "status", "response_due_on", "council__name", "council__kind")
    related = ("council",)
    if scope.council_ids or scope.reads_whole_region:
        overdue = (
            Advice.objects.overdue(today=today)
            .select_related(*related)
            .only(*listed_fields)
            .order_by("response_due_on", "pk")
        )
        if not scope.reads_whole_region:
            overdue = overdue.filter(council_id__in=scope.council_ids)
        listed = list(overdue[: LIST_LENGTH + 1])
        board.more_overdue = len(listed) > LIST_LENGTH
        board.overdue = _rows(listed[:LIST_LENGTH], today)
    if scope.board_council_ids:
        board.to_adopt = list(
            Advice.objects.filter(council_id__in=scope.board_council_ids, status=AdviceStatus.FOR_ADOPTION)
            .select_related(*related)
            .only(*listed_fields)
            .order_by("created_at", "pk")[:LIST_LENGTH]
        )
    if scope.advisor_municipality_ids:
        addressed = Q(addressed_municipality_id__in=scope.advisor_municipality_ids) | Q(
            addressed_municipality__isnull=True
        )
        waiting = (
            Advice.objects.filter(addressed, status=AdviceStatus.SENT)
            .select_related(*related)
            .only(*listed_fields)
            .order_by("response_due_on", "pk")[:LIST_LENGTH]
        )
        board.awaiting_response = _rows(list(waiting), today)
    return board
