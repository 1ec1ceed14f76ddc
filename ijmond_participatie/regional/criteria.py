"""Evaluation criteria ("evaluatiecriteria en meetlatten"): each criterion's actual share per council per
quarter since the start of the aanjager's term, against the council's target; and the term itself.

The shares come from the same rollups as the dashboard (one query for all quarters), so they agree with
the dashboard's figures for the same months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from councils.models import Council
from infrastructure.mail import queue_templated_mail
from members.models import CouncilRole, Membership, Role, RoleAssignment

from ..models import METRICS_WITH_TERM, CoordinatorTerm, CriterionMetric, EvaluationCriterion, FigureRollup
from .figures import Rollups, region_councils, share_within
from .rollups import LATE, NO, ON_TIME, YES, Metric
from .types import MIN_GROUP, Period

# Everyone involved hears of the evaluation this many days before it is due (three months).
EVALUATION_REMINDER_DAYS = 91
# Without a recorded term, quarters are shown from this many quarters back.
DEFAULT_QUARTERS = 8


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}-K{self.number}"

    @property
    def period(self) -> Period:
        start = date(self.year, 3 * self.number - 2, 1)
        return Period(start=start, end=date(self.year, 3 * self.number, 1))

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)


@dataclass(frozen=True)
class Measurement:
    part: int
    whole: int
    target: int
    # The minimum-group rule: a share of fewer than MIN_GROUP residents' signals is not shown.
    suppressed: bool = False

    @property
    def percent(self) -> int | None:
        if self.suppressed or not self.whole:
            return None
        return round(100 * self.part / self.whole)

    @property
    def met(self) -> bool | None:
        """None when there was nothing (or too little) to measure in the quarter."""
        percent = self.percent
        return None if percent is None else percent >= self.target


@dataclass
class CriterionResult:
    criterion: EvaluationCriterion
    quarters: list[Quarter]
    # per council: one measurement per quarter
    rows: list[tuple[Council, list[Measurement]]]

    def for_council(self, council_id: int) -> list[Measurement]:
        return next(measurements for council, measurements in self.rows if council.pk == council_id)


def current_term(today: date | None = None) -> CoordinatorTerm | None:
    """The aanjager's term that started last (running today, or ended: then the evaluation is due)."""
    today = today or timezone.localdate()
    return CoordinatorTerm.objects.select_related("person").filter(starts_on__lte=today).order_by("-starts_on").first()


def quarters_since(start: date, today: date) -> list[Quarter]:
    quarters, quarter, last = [], Quarter.of(start), Quarter.of(today)
    while (quarter.year, quarter.number) <= (last.year, last.number):
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


METRIC_SOURCES: dict[str, list[str]] = {
    CriterionMetric.SIGNALS_ANSWERED_WITHIN: [Metric.SIGNALS, Metric.SIGNALS_CLOSE_DAYS],
    CriterionMetric.SIGNALS_FIRST_RESPONSE_WITHIN: [Metric.SIGNALS, Metric.SIGNALS_FIRST_DAYS],
    CriterionMetric.TABLES_CLIENT_SEAT: [Metric.TABLES_CLIENT],
    CriterionMetric.ADVICE_ANSWERED_IN_TERM: [Metric.ADVICE_TERM],
    CriterionMetric.REQUESTS_ANSWERED_IN_TIME: [Metric.REQUESTS_ANSWER],
    CriterionMetric.SUPPORT_MET_IN_TIME: [Metric.SUPPORT_IN_TIME],
}


def measure(criterion: EvaluationCriterion, rollups: Rollups, council_id: int) -> tuple[int, int]:
    """(part, whole) of the criterion's share for one council over the rollups' months."""
    ids = [council_id]
    metric = criterion.metric
    if metric in (CriterionMetric.SIGNALS_ANSWERED_WITHIN, CriterionMetric.SIGNALS_FIRST_RESPONSE_WITHIN):
        source = (
            Metric.SIGNALS_CLOSE_DAYS
            if metric == CriterionMetric.SIGNALS_ANSWERED_WITHIN
            else Metric.SIGNALS_FIRST_DAYS
        )
        within, _measured = share_within(rollups.histogram(source, ids), criterion.term_days or 0)
        # Of all signals received in the quarter: one still open after the term counts as not in time.
        return within, rollups.value(Metric.SIGNALS, ids)
    if metric == CriterionMetric.TABLES_CLIENT_SEAT:
        yes = rollups.value(Metric.TABLES_CLIENT, ids, YES)
        return yes, yes + rollups.value(Metric.TABLES_CLIENT, ids, NO)
    if metric in (CriterionMetric.ADVICE_ANSWERED_IN_TERM, CriterionMetric.REQUESTS_ANSWERED_IN_TIME):
        source = Metric.ADVICE_TERM if metric == CriterionMetric.ADVICE_ANSWERED_IN_TERM else Metric.REQUESTS_ANSWER
        on_time = rollups.value(source, ids, ON_TIME)
        return on_time, on_time + rollups.value(source, ids, LATE)
    if metric == CriterionMetric.SUPPORT_MET_IN_TIME:
        yes = rollups.value(Metric.SUPPORT_IN_TIME, ids, YES)
        return yes, yes + rollups.value(Metric.SUPPORT_IN_TIME, ids, NO)
    return 0, 0


def evaluate(
    *, today: date | None = None, councils: list[Council] | None = None
) -> tuple[list[Quarter], list[CriterionResult]]:
    """Every active criterion, per council, per quarter since the start of the aanjager's term."""
    today = today or timezone.localdate()
    councils = councils if councils is not None else region_councils()
    term = current_term(today)
    if term is not None:
        start = term.starts_on
    else:
        back = Quarter.of(today)
        for _step in range(DEFAULT_QUARTERS - 1):
            back = Quarter(back.year - 1, 4) if back.number == 1 else Quarter(back.year, back.number - 1)
        start = back.period.start
    quarters = quarters_since(start, today)
    criteria = list(EvaluationCriterion.objects.filter(is_active=True).prefetch_related("targets"))
    if not criteria or not quarters:
        return quarters, []
    metrics = {source for criterion in criteria for source in METRIC_SOURCES.get(criterion.metric, [])}
    council_ids = [council.pk for council in councils]
    # One query for every quarter: the rows are split by quarter here.
    per_quarter = {quarter: Rollups() for quarter in quarters}
    stored = FigureRollup.objects.filter(
        month__gte=quarters[0].period.start,
        month__lte=quarters[-1].period.end,
        council_id__in=council_ids,
        metric__in=metrics,
    )
    for council_id, month, metric, key, value in stored.values_list("council_id", "month", "metric", "key", "value"):
        per_quarter[Quarter.of(month)].add(metric, council_id, key, value)
    results = []
    for criterion in criteria:
        about_people = criterion.metric in METRICS_WITH_TERM  # residents' signals
        rows = []
        for council in councils:
            target = criterion.target_for(council.pk)
            measurements = []
            for quarter in quarters:
                part, whole = measure(criterion, per_quarter[quarter], council.pk)
                hidden = about_people and 0 < whole < MIN_GROUP
                measurements.append(Measurement(part, whole, target=target, suppressed=hidden))
            rows.append((council, measurements))
        results.append(CriterionResult(criterion=criterion, quarters=quarters, rows=rows))
    return quarters, results


# --- The aanjager's term and the evaluation ----------------------------------------------------------------


def evaluation_recipients() -> list[str]:
    """Everyone involved in the evaluation: the aanjager(s), the chairs and secretaries of every council,
    the support team and the municipalities' policy advisors."""
    today = timezone.localdate()
    board = Membership.objects.active(on=today).filter(role__in=[CouncilRole.VOORZITTER, CouncilRole.SECRETARIS])
    roles = RoleAssignment.objects.active(on=today).filter(
        role__in=[Role.AANJAGER, Role.ONDERSTEUNER, Role.BELEIDSADVISEUR]
    )
    emails = set(board.values_list("person__email", flat=True)) | set(roles.values_list("person__email", flat=True))
    return sorted(email for email in emails if email)


def send_evaluation_reminders(*, today: date | None = None) -> int:
    """Three months before a term ends, remind everyone involved that the evaluation is due; once per term
    (the term row is locked and marked, and every mail has a dedup key)."""
    today = today or timezone.localdate()
    due = CoordinatorTerm.objects.filter(
        reminder_sent_at__isnull=True, ends_on__gte=today, ends_on__lte=today + timedelta(days=EVALUATION_REMINDER_DAYS)
    )
    sent = 0
    for term_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            term = CoordinatorTerm.objects.select_for_update().select_related("person").get(pk=term_id)
            if term.reminder_sent_at is not None:
                continue
            for email in evaluation_recipients():
                # One mail per person; the dedup key keeps it at one across retries and workers.
                queue_templated_mail(
                    to=email,
                    subject=gettext_lazy("Over drie maanden: de evaluatie van de nieuwe werkwijze"),
                    template="regional/mail/evaluation_due.txt",
                    context={
                        "term": term,
                        "due_on": term.evaluation_due_on,
                        "dashboard_url": f"{settings.PUBLIC_BASE_URL.rstrip('/')}{reverse('regional_dashboard')}",
                    },
                    dedup_key=f"evaluation-due:{term.pk}:{email}",
                )
                sent += 1
            term.reminder_sent_at = timezone.now()
            term.save(update_fields=["reminder_sent_at"])
    return sent
