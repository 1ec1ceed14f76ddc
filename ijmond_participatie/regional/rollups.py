"""The dashboard's pre-aggregated figures: per council, per calendar month, per metric and key.

``rollups_refresh`` rebuilds every row from the raw data in one transaction (a beat task runs it every
hour, and the aanjager may ask for it). The dashboard then sums a few thousand small rows for the chosen
months instead of scanning a million signals per request; the page says when the figures were refreshed.

Months are calendar months in Europe/Amsterdam. Durations are whole days (rounded down), stored as a
histogram (the key is the number of days, capped at ``MAX_DAYS``), so that medians and "within N days"
shares over any run of months are exact to the day.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Case, Count, F, Func, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from advice.models import ADOPTED_STATUSES, SENT_STATUSES, Advice, Recommendation
from agenda.models import AgendaItem, EarlyInvolvementRequest
from councils.models import Council, SupportRequest, SupportStatus
from signals.models import PROPOSAL_KINDS, REGIONAL_QUEUE, Signal, SignalStatusChange, Status
from tables.models import Invitation, Meeting, Seat, StakeholderType, Table, TableStatus

from ..models import FigureRollup, RollupRefresh

logger = logging.getLogger(__name__)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Durations of this many days or more share one bucket (a signal open for over a year).
MAX_DAYS = 366


class Metric:
    """The names of the stored metrics (``FigureRollup.metric``)."""

    SIGNALS = "signals"  # key: theme id ("" without a theme); month received
    SIGNALS_CLOSED = "signals_closed"
    SIGNALS_CLOSE_DAYS = "signals_close_days"  # key: whole days from receipt to closing
    SIGNALS_FIRST_DAYS = "signals_first_days"  # key: whole days from receipt to the first status change
    SIGNALS_REOPEN = "signals_reopen"
    SIGNALS_HELPED = "signals_helped"  # key: ja / nee
    PROPOSALS = "proposals"  # key: opgepakt / afgewezen / open
    AGENDA_ORIGIN = "agenda_origin"  # key: origin; month created
    AGENDA_STATUS = "agenda_status"  # key: status
    REQUESTS_PHASE = "requests_phase"  # key: phase at filing; month filed
    REQUESTS_ANSWER = "requests_answer"  # key: op_tijd / te_laat / open
    TABLES_STATUS = "tables_status"  # key: status; month created
    TABLES_CLIENT = "tables_client"  # key: ja / nee (tables past forming: was a client seat filled)
    PARTICIPANTS = "participants"  # key: stakeholder type; month the seat was accepted
    MEETINGS_HELD = "meetings_held"  # key: meeting kind; month held
    ATTENDANCE = "attendance"  # key: aanwezig / afwezig / onbekend; month of the meeting
    ADVICE_KIND = "advice_kind"  # key: gevraagd / ongevraagd; month adopted
    ADVICE_TERM = "advice_term"  # key: op_tijd / te_laat / open; month the response was due
    RECOMMENDATIONS = "recommendations"  # key: verdict; month the response was received
    SUPPORT_STATUS = "support_status"  # key: status; month requested
    SUPPORT_IN_TIME = "support_in_time"  # key: ja / nee / open
    SUPPORT_DAYS = "support_days"  # key: whole days from request to closing


ON_TIME, LATE, OPEN = "op_tijd", "te_laat", "open"
YES, NO = "ja", "nee"


class WholeDaysBetween(Func):
    """Whole days (rounded down) from ``start`` to ``end``, on PostgreSQL and on SQLite."""

    output_field = IntegerField()
    arity = 2

    def _compiled(self, compiler) -> tuple[str, str, tuple[Any, ...]]:
        start, end = self.get_source_expressions()
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        return start_sql, end_sql, (*end_params, *start_params)

    def as_postgresql(self, compiler, connection, **extra_context):
        start, end, params = self._compiled(compiler)
        return f"FLOOR(EXTRACT(EPOCH FROM ({end} - {start})) / 86400)::integer", params

    def as_sqlite(self, compiler, connection, **extra_context):
        # CAST truncates toward zero, which is rounding down for the non-negative durations stored here.
        start, end, params = self._compiled(compiler)
        return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)", params


def _month(field: str) -> TruncMonth:
    return TruncMonth(field, tzinfo=AMSTERDAM)


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value


def _capped(days: int | None) -> str:
    return str(min(max(days or 0, 0), MAX_DAYS))


class _Rows:
    """Collects (council, month, metric, key) → value, then writes them in one go."""

    def __init__(self) -> None:
        self.values: Counter[tuple[int, date, str, str]] = Counter()

    def add(self, council_id: int | None, month: date | datetime | None, metric: str, key: Any, value: int) -> None:
        if council_id is None or month is None or not value:
            return
        self.values[(council_id, _as_date(month).replace(day=1), metric, "" if key is None else str(key))] += value

    def add_grouped(self, queryset: QuerySet, metric: str, key_field: str | None) -> None:
        """Counts of ``queryset`` (annotated with council_ref and month) by council, month and key field."""
        fields = ["council_ref", "month", *([key_field] if key_field else [])]
        for row in queryset.values(*fields).annotate(n=Count("pk")).order_by():
            self.add(row["council_ref"], row["month"], metric, row[key_field] if key_field else "", row["n"])

    def objects(self) -> Iterable[FigureRollup]:
        for (council_id, month, metric, key), value in self.values.items():
            yield FigureRollup(council_id=council_id, month=month, metric=metric, key=key, value=value)


def _signal_council(regional_council_id: int | None) -> Case:
    """The council that handles a signal: the regional one for the regional queue, else the local one."""
    return Case(
        When(REGIONAL_QUEUE, then=Value(regional_council_id)),
        default=F("municipality__council__id"),
        output_field=IntegerField(),
    )


def _collect_signals(rows: _Rows, regional_council_id: int | None) -> None:
    signals = Signal.objects.annotate(council_ref=_signal_council(regional_council_id), month=_month("created_at"))
    rows.add_grouped(
        signals,
        Metric.SIGNALS,
        "theme_id",
    )
    closed = signals.filter(closed_at__isnull=False).annotate(days=WholeDaysBetween("created_at", "closed_at"))
    for row in closed.values("council_ref", "month", "days").annotate(n=Count("pk")).order_by():
        rows.add(row["council_ref"], row["month"], Metric.SIGNALS_CLOSED, "", row["n"])
        rows.add(row["council_ref"], row["month"], Metric.SIGNALS_CLOSE_DAYS, _capped(row["days"]), row["n"])
    # The first response: the first status change away from "nieuw" (triage, taking up, closing).
    first_change = (
        SignalStatusChange.objects.filter(signal=OuterRef("pk"))
        .exclude(to_status=Status.NEW)
        .order_by("changed_at")
        .values("changed_at")[:1]
    )
    responded = signals.annotate(first_at=Subquery(first_change)).filter(first_at__isnull=False)
    responded = responded.annotate(days=WholeDaysBetween("created_at", "first_at"))
    for row in responded.values("council_ref", "month", "days").annotate(n=Count("pk")).order_by():
        rows.add(row["council_ref"], row["month"], Metric.SIGNALS_FIRST_DAYS, _capped(row["days"]), row["n"])
    rows.add_grouped(
        signals.filter(reopen_requested_at__isnull=False),
        Metric.SIGNALS_REOPEN,
        None,
    )
    for row in (
        signals.filter(helped__isnull=False).values("council_ref", "month", "helped").annotate(n=Count("pk")).order_by()
    ):
        rows.add(row["council_ref"], row["month"], Metric.SIGNALS_HELPED, YES if row["helped"] else NO, row["n"])
    # A resident's proposal is taken up (on the agenda) or declined (closed with reasons, never taken up).
    outcome = Case(
        When(Q(status=Status.TAKEN_UP) | ~Q(taken_up_as=""), then=Value("opgepakt")),
        When(status=Status.CLOSED, then=Value("afgewezen")),
        default=Value(OPEN),
    )
    proposals = signals.filter(kind__in=PROPOSAL_KINDS).annotate(outcome=outcome)
    rows.add_grouped(
        proposals,
        Metric.PROPOSALS,
        "outcome",
    )


def _collect_agenda(rows: _Rows, today: date) -> None:
    items = AgendaItem.objects.annotate(council_ref=F("council_id"), month=_month("created_at"))
    rows.add_grouped(
        items,
        Metric.AGENDA_ORIGIN,
        "origin",
    )
    rows.add_grouped(
        items,
        Metric.AGENDA_STATUS,
        "status",
    )
    requests = EarlyInvolvementRequest.objects.annotate(council_ref=F("council_id"), month=_month("filed_at"))
    rows.add_grouped(
        requests,
        Metric.REQUESTS_PHASE,
        "phase_at_filing",
    )
    for request in requests.values("council_ref", "month", "answered_at", "wanted_by"):
        rows.add(
            request["council_ref"],
            request["month"],
            Metric.REQUESTS_ANSWER,
            _in_time(request["answered_at"], request["wanted_by"], today),
            1,
        )


def _in_time(done_at: datetime | date | None, due: date | None, today: date) -> str:
    """op_tijd when done by the due date, te_laat when done later or overdue now, open otherwise."""
    if due is None:
        return OPEN if done_at is None else ON_TIME
    if done_at is None:
        return LATE if due < today else OPEN
    done = timezone.localdate(done_at) if isinstance(done_at, datetime) else done_at
    return ON_TIME if done <= due else LATE


def _collect_tables(rows: _Rows, now: datetime) -> None:
    tables = Table.objects.annotate(council_ref=F("council_id"), month=_month("created_at"))
    for row in tables.values("council_ref", "month", "status").annotate(n=Count("pk")).order_by():
        rows.add(row["council_ref"], row["month"], Metric.TABLES_STATUS, row["status"], row["n"])
    client_seats = Seat.objects.filter(
        table=OuterRef("pk"), stakeholder_type=StakeholderType.CLIENT, accepted_at__isnull=False
    )
    past_forming = tables.exclude(status=TableStatus.FORMING).annotate(
        client=Case(
            When(Q(pk__in=Subquery(client_seats.values("table_id"))), then=Value(YES)),
            default=Value(NO),
        )
    )
    for row in past_forming.values("council_ref", "month", "client").annotate(n=Count("pk")).order_by():
        rows.add(row["council_ref"], row["month"], Metric.TABLES_CLIENT, row["client"], row["n"])
    seats = Seat.objects.filter(accepted_at__isnull=False).annotate(
        council_ref=F("table__council_id"), month=_month("accepted_at")
    )
    rows.add_grouped(
        seats,
        Metric.PARTICIPANTS,
        "stakeholder_type",
    )
    held = Meeting.objects.filter(cancelled_at__isnull=True, starts_at__lt=now).annotate(
        council_ref=F("council_id"), month=_month("starts_at")
    )
    for row in held.values("council_ref", "month", "kind").annotate(n=Count("pk")).order_by():
        rows.add(row["council_ref"], row["month"], Metric.MEETINGS_HELD, row["kind"], row["n"])
    invitations = Invitation.objects.filter(meeting__cancelled_at__isnull=True, meeting__starts_at__lt=now).annotate(
        council_ref=F("meeting__council_id"),
        month=_month("meeting__starts_at"),
        presence=Case(
            When(attended=True, then=Value("aanwezig")),
            When(attended=False, then=Value("afwezig")),
            default=Value("onbekend"),
        ),
    )
    rows.add_grouped(
        invitations,
        Metric.ATTENDANCE,
        "presence",
    )


def _collect_advice(rows: _Rows, today: date) -> None:
    adopted = Advice.objects.filter(status__in=ADOPTED_STATUSES, adopted_on__isnull=False)
    for row in adopted.values("council_id", "adopted_on", "kind").annotate(n=Count("pk")).order_by():
        rows.add(row["council_id"], row["adopted_on"], Metric.ADVICE_KIND, row["kind"], row["n"])
    sent = Advice.objects.filter(status__in=SENT_STATUSES, response_due_on__isnull=False)
    for advice in sent.values("council_id", "response_due_on", "response__received_on"):
        state = _in_time(advice["response__received_on"], advice["response_due_on"], today)
        rows.add(advice["council_id"], advice["response_due_on"], Metric.ADVICE_TERM, state, 1)
    verdicts = Recommendation.objects.exclude(verdict="").filter(advice__response__isnull=False)
    for row in (
        verdicts.values("advice__council_id", "advice__response__received_on", "verdict")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rows.add(
            row["advice__council_id"],
            row["advice__response__received_on"],
            Metric.RECOMMENDATIONS,
            row["verdict"],
            row["n"],
        )


def _collect_support(rows: _Rows, today: date) -> None:
    requests = SupportRequest.objects.annotate(council_ref=F("council_id"), month=_month("requested_at"))
    for row in requests.values("council_ref", "month", "status").annotate(n=Count("pk")).order_by():
        rows.add(row["council_ref"], row["month"], Metric.SUPPORT_STATUS, row["status"], row["n"])
    for request in requests.values("council_ref", "month", "closed_at", "wanted_by", "status"):
        closed_at = request["closed_at"] if request["status"] == SupportStatus.CLOSED else None
        state = _in_time(closed_at, request["wanted_by"], today)
        rows.add(
            request["council_ref"],
            request["month"],
            Metric.SUPPORT_IN_TIME,
            {ON_TIME: YES, LATE: NO}.get(state, OPEN),
            1,
        )
    closed = requests.filter(status=SupportStatus.CLOSED, closed_at__isnull=False).annotate(
        days=WholeDaysBetween("requested_at", "closed_at")
    )
    for row in closed.values("council_ref", "month", "days").annotate(n=Count("pk")).order_by():
        rows.add(row["council_ref"], row["month"], Metric.SUPPORT_DAYS, _capped(row["days"]), row["n"])


def collect(*, now: datetime | None = None) -> _Rows:
    """Every rollup row, computed from the raw data as it is now."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    regional = Council.objects.regional().values_list("pk", flat=True).first()
    rows = _Rows()
    _collect_signals(rows, regional)
    _collect_agenda(rows, today)
    _collect_tables(rows, now)
    _collect_advice(rows, today)
    _collect_support(rows, today)
    return rows


def rollups_refresh(*, now: datetime | None = None) -> RollupRefresh:
    """Rebuild every rollup row in one transaction: readers see the old figures or the new, never half."""
    started = time.monotonic()
    rows = collect(now=now)
    with transaction.atomic():
        FigureRollup.objects.all().delete()
        FigureRollup.objects.bulk_create(rows.objects(), batch_size=5_000)
        refresh = RollupRefresh.objects.create(
            finished_at=timezone.now(),
            duration_ms=round((time.monotonic() - started) * 1000),
            rows=len(rows.values),
        )
        # Only the last few refreshes are worth keeping (the dashboard shows the latest).
        old = RollupRefresh.objects.order_by("-finished_at").values_list("pk", flat=True)[10:]
        RollupRefresh.objects.filter(pk__in=list(old)).delete()
    logger.info("rollups refreshed: %s rows in %s ms", refresh.rows, refresh.duration_ms)
    return refresh


def latest_refresh() -> RollupRefresh | None:
    return RollupRefresh.objects.order_by("-finished_at").first()


def first_data_month() -> date | None:
    """The first month with any rollup: where the dashboard's period choices begin."""
    return FigureRollup.objects.aggregate(first=Min("month"))["first"]
