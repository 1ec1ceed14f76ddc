"""Reads on signals: public statistics (counts only, never text or personal data), and how a member's
page shows other signals (duplicates and their original)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, TypedDict, cast

from django.conf import settings
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_stubs_ext import WithAnnotations

from councils.models import Council, Municipality
from members.access import AnyUser
from members.models import Membership, User

from .models import PendingYouthContact, Signal, SignalCount, Status

# --- What we hear: public counts ------------------------------------------------------------------

# "De afgelopen 12 maanden": the whole days from a year ago up to and including today.
WHAT_WE_HEAR_DAYS = 365
# A rollup whose last day is older than this is not used: the page then counts the whole window live
# (exact, but slow), so the window never starts more than this many days too early.
ROLLUP_MAX_AGE_DAYS = 7
# One colour per municipality (in the order of the columns), as the legend's CSS classes.
BAR_COLOURS = ("#0b4f6c", "#b8541a", "#4d7c0f")


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    counts: list[int]
    total: int


@dataclass(frozen=True)
class Bar:
    """One bar of the chart with everything the template draws, so that it only prints values."""

    index: int  # the municipality's column, for the CSS class
    count: int
    width: int
    y: int
    text_x: int
    text_y: int
    colour: str


@dataclass(frozen=True)
class WhatWeHear:
    since: date  # the first day counted
    until: date | None  # the last day taken from the rollup; what came in after it is counted live
    today: date
    municipalities: list[str]
    rows: list[ThemeRow]
    maximum: int
    total: int
    municipality_totals: list[int]  # the totals row: one per municipality, in the order of ``municipalities``

    # Layout of the bar chart (SVG): one group of bars per theme, one bar per municipality.
    BAR_HEIGHT = 14
    GROUP_GAP = 20
    LABEL_WIDTH = 270
    BAR_AREA = 400

    @property
    def fingerprint(self) -> str:
        """Names the figures, to cache the drawn chart and table by: other figures, another fingerprint."""
        figures = repr((self.municipalities, [(row.theme, row.counts) for row in self.rows]))
        return hashlib.sha256(figures.encode()).hexdigest()

    @property
    def through_yesterday(self) -> bool:
        """The rollup holds every day up to yesterday (the nightly refresh ran)."""
        return self.until is not None and self.until == self.today - timedelta(days=1)

    @property
    def group_height(self) -> int:
        return self.BAR_HEIGHT * len(self.municipalities) + self.GROUP_GAP

    @property
    def chart_height(self) -> int:
        return self.group_height * len(self.rows) + 10

    @property
    def chart_width(self) -> int:
        return self.LABEL_WIDTH + self.BAR_AREA + 60

    @property
    def bar_thickness(self) -> int:
        return self.BAR_HEIGHT - 2

    def bars(self) -> Iterator[tuple[ThemeRow, int, list[Bar]]]:
        """(theme row, y of its label, its bars) for the template."""
        for number, row in enumerate(self.rows):
            top = number * self.group_height
            bars = []
            for index, count in enumerate(row.counts):
                width = round(count / self.maximum * self.BAR_AREA) if self.maximum else 0
                y = top + index * self.BAR_HEIGHT
                colour = BAR_COLOURS[index % len(BAR_COLOURS)]
                bars.append(Bar(index, count, width, y, self.LABEL_WIDTH + width + 4, y + 11, colour))
            yield row, top + self.BAR_HEIGHT + 6, bars


def counted_signals() -> QuerySet[Signal]:
    """The signals /wat-we-horen/ counts: all but duplicates (their original counts already)."""
    return Signal.objects.exclude(status=Status.DUPLICATE)


def day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in the portal's time zone (Europe/Amsterdam)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def counts_window(today: date) -> tuple[date, date]:
    """The whole days a rollup made on ``today`` holds: from WHAT_WE_HEAR_DAYS ago up to yesterday."""
    return today - timedelta(days=WHAT_WE_HEAR_DAYS), today - timedelta(days=1)


def what_we_hear(*, now: datetime | None = None) -> WhatWeHear:
    """Signals per theme and municipality from a year ago until now, duplicates not counted: the whole
    days of the rollup (``SignalCount``, recounted nightly by ``services.signal_counts_refresh``) plus
    what came in after its last day, counted live.

    Three queries, whatever the number of signals: the municipalities, the rollup (a row per theme and
    municipality) and the live part (today's signals, through the index on ``created_at``). Without a
    usable rollup (never refreshed, or its last day older than ROLLUP_MAX_AGE_DAYS) the live part is the
    whole window: still exact, but it reads a year of signals.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    municipalities = list(Municipality.objects.order_by("name").values_list("pk", "name"))
    rollup = list(SignalCount.objects.values_list("since", "until", "theme__name", "municipality_id", "count"))
    since, until = today - timedelta(days=WHAT_WE_HEAR_DAYS), None
    if rollup and today - timedelta(days=ROLLUP_MAX_AGE_DAYS) <= rollup[0][1] < today:
        since, until = rollup[0][0], rollup[0][1]
    cells = [(theme, municipality, n) for _since, _until, theme, municipality, n in rollup] if until else []
    live_from = until + timedelta(days=1) if until else since
    cells += (
        counted_signals()
        .filter(created_at__gte=day_start(live_from))
        .values_list("theme__name", "municipality_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table: dict[str, dict[int, int]] = {}
    for theme, municipality, n in cells:
        per = table.setdefault(theme or _("Geen thema gekozen"), {})
        per[municipality] = per.get(municipality, 0) + n
    rows = []
    for theme, per in table.items():
        counts = [per.get(pk, 0) for pk, _name in municipalities]
        rows.append(ThemeRow(theme=theme, counts=counts, total=sum(counts)))
    rows.sort(key=lambda r: (-r.total, r.theme))
    return WhatWeHear(
        since=since,
        until=until,
        today=today,
        municipalities=[name for _pk, name in municipalities],
        rows=rows,
        maximum=max((c for r in rows for c in r.counts), default=0),
        total=sum(r.total for r in rows),
        municipality_totals=[sum(r.counts[index] for r in rows) for index in range(len(municipalities))],
    )


# --- The public follow page ---------------------------------------------------------------------------

# What the follow page shows or decides on: never the resident's text. The contact fields only say whether
# there is something to erase (``Signal.has_contact_details``); the page never prints them.
FOLLOW_PAGE_FIELDS = (
    "tracking_code",
    "kind",
    "status",
    "created_at",
    "closed_at",
    "feedback",
    "helped",
    "contact_name",
    "contact_email",
    "contact_phone",
    "theme__name",
    "municipality__name",
)


class _FollowPageAnnotations(TypedDict):
    has_pending_youth_contact: bool


if TYPE_CHECKING:
    FollowedSignal = WithAnnotations[Signal, _FollowPageAnnotations]
else:  # at run time WithAnnotations takes one argument; the annotation is only for mypy
    FollowedSignal = Signal


def public_signal(code: str) -> FollowedSignal | None:
    """The signal with tracking code ``code`` (normalised already) as the follow and confirmation pages
    need it, in one query: only ``FOLLOW_PAGE_FIELDS``, with its theme and municipality, and
    ``has_pending_youth_contact`` (a child's contact details that wait for a parent, which the resident may
    erase too)."""
    waiting = PendingYouthContact.objects.filter(signal=OuterRef("pk"))
    signal = (
        Signal.objects.filter(tracking_code=code)
        .select_related("theme", "municipality")
        .only(*FOLLOW_PAGE_FIELDS)
        .annotate(has_pending_youth_contact=Exists(waiting))
        .order_by()
        .first()
    )
    # django-stubs does not carry the annotation through the custom queryset's chain.
    return cast("FollowedSignal | None", signal)


@dataclass(frozen=True)
class SignalLink:
    """Another signal as a member's page shows it: its tracking code and a link only when the member may
    see that signal; otherwise its number ("signaal #123") and the council that handles it."""

    signal: Signal
    visible: bool
    council: str = ""  # only for a signal the member may not see

    @property
    def label(self) -> str:
        return self.signal.tracking_code if self.visible else self.signal.number_label

    @property
    def url(self) -> str:
        return self.signal.get_absolute_url() if self.visible else ""


def signal_links(user: AnyUser, signals: Iterable[Signal]) -> list[SignalLink]:
    """Links to ``signals`` on ``user``'s page, in the same order; at most two queries.

    Pass the signals with ``municipality__council`` selected, as ``Signal.objects.with_council()`` does.
    """
    signals = list(signals)
    if not signals:
        return []
    visible = set(Signal.objects.for_user(user).filter(pk__in=[s.pk for s in signals]).values_list("pk", flat=True))
    hidden = [s for s in signals if s.pk not in visible]
    regional: dict[int, str] = {}
    if any(s.handled_regionally for s in hidden):
        regional = dict(Council.objects.regional().values_list("region_id", "name"))

    def council(signal: Signal) -> str:
        if signal.handled_regionally:
            return regional.get(signal.municipality.region_id, "")
        local = getattr(signal.municipality, "council", None)  # None when the municipality has no council
        return local.name if local else signal.municipality.name

    return [
        SignalLink(signal=s, visible=True)
        if s.pk in visible
        else SignalLink(signal=s, visible=False, council=council(s))
        for s in signals
    ]


def duplicate_links(user: AnyUser, signal: Signal) -> tuple[SignalLink | None, list[SignalLink]]:
    """The original ``signal`` waits for, and the signals that wait for it, as ``user``'s page shows them."""
    original = [signal.duplicate_of] if signal.duplicate_of is not None else []
    links = signal_links(user, [*original, *signal.duplicates.with_council()])
    return (links[0], links[1:]) if original else (None, links)


# --- Periods that texts state ------------------------------------------------------------------------

# The mean length of a month: 365 days read as "12 maanden".
DAYS_PER_MONTH = 365.25 / 12


def _days(days: int) -> str:
    return ngettext("%(count)s dag", "%(count)s dagen", days) % {"count": days}


def _months_or_days(days: int) -> str:
    """A period as people say it: in whole months when it is (within two days) that, otherwise in days."""
    months = round(days / DAYS_PER_MONTH)
    if months >= 1 and abs(months * DAYS_PER_MONTH - days) <= 2:
        return ngettext("%(count)s maand", "%(count)s maanden", months) % {"count": months}
    return _days(days)


@dataclass(frozen=True)
class SignalPeriods:
    """The periods that pages and mails state ("na 12 maanden", "binnen 14 dagen"), read from the settings,
    so that a text never promises what the software does not do. The texts are translated when read, in
    the language of the page or mail that reads them."""

    contact_retention_days: int
    youth_confirm_days: int
    feedback_window_days: int

    @property
    def contact_retention(self) -> str:
        return _months_or_days(self.contact_retention_days)

    @property
    def youth_confirm(self) -> str:
        return _days(self.youth_confirm_days)

    @property
    def feedback_window(self) -> str:
        return _days(self.feedback_window_days)


def signal_periods() -> SignalPeriods:
    return SignalPeriods(
        contact_retention_days=settings.SIGNAL_CONTACT_RETENTION_DAYS,
        youth_confirm_days=settings.SIGNAL_YOUTH_CONFIRM_DAYS,
        feedback_window_days=settings.SIGNAL_FEEDBACK_WINDOW_DAYS,
    )


# --- The council members' daily digest (DESIGN.md rule 9) ---------------------------------------------

# How many signals a digest names; the rest it counts.
DIGEST_LIST_LENGTH = 10


@dataclass(frozen=True)
class DigestRecipient:
    member: User
    councils: list[str]  # the names of the councils the member sits on


def digest_recipients(*, on: date) -> list[DigestRecipient]:
    """Council members who want the digest: an active account, a seat on ``on`` and the digest on (one
    query), in a stable order."""
    seats = (
        Membership.objects.active(on=on)
        .filter(person__is_active=True, person__wants_signal_digest=True)
        .select_related("person", "council")
        .order_by("person_id", "council__name")
    )
    members: dict[int, User] = {}
    councils: dict[int, list[str]] = {}
    for seat in seats:
        members.setdefault(seat.person_id, seat.person)
        names = councils.setdefault(seat.person_id, [])
        if seat.council.name not in names:
            names.append(seat.council.name)
    return [DigestRecipient(member=members[pk], councils=councils[pk]) for pk in members]


@dataclass(frozen=True)
class DigestItem:
    signal: Signal
    reopened: bool  # reopened at the resident's request in the digest's period (else: new)


@dataclass(frozen=True)
class SignalDigest:
    since: datetime
    until: datetime
    new_count: int
    reopened_count: int
    total: int  # signals new or reopened (one that is both counts once)
    items: list[DigestItem]  # at most DIGEST_LIST_LENGTH: the reopened first, then the newest

    @property
    def is_empty(self) -> bool:
        return self.total == 0

    @property
    def not_listed(self) -> int:
        return self.total - len(self.items)


def signal_digest(member: User, *, since: datetime, until: datetime) -> SignalDigest:
    """What came in for ``member`` in [since, until): signals created then, and signals whose resident
    asked to reopen them then, of the queues the member may see (``Signal.objects.for_user``).

    Two queries after the member's scope; one when there is nothing.
    """
    new = Q(created_at__gte=since, created_at__lt=until)
    reopened = Q(reopen_requested_at__gte=since, reopen_requested_at__lt=until)
    news = Signal.objects.for_user(member).filter(new | reopened)
    counts = news.aggregate(new=Count("pk", filter=new), reopened=Count("pk", filter=reopened), total=Count("pk"))
    rows: list[Signal] = []
    if counts["total"]:
        rows = list(
            news.select_related("theme", "municipality")
            .annotate(digest_reopened=ExpressionWrapper(reopened, output_field=BooleanField()))
            .order_by("-digest_reopened", "-created_at", "-pk")[:DIGEST_LIST_LENGTH]
        )
    return SignalDigest(
        since=since,
        until=until,
        new_count=counts["new"],
        reopened_count=counts["reopened"],
        total=counts["total"],
        items=[DigestItem(signal=row, reopened=bool(getattr(row, "digest_reopened", False))) for row in rows],
    )


# --- What a signal became, on its public follow page ------------------------------------------------

# How long a drawn list of outcomes is kept; a change to what it shows makes a new key at once.
OUTCOME_CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class OutcomeRow:
    title: str
    url: str
    summary: str = ""


def _outcome_rows(signal: Signal) -> list[tuple[str, list[OutcomeRow]]]:
    rows = []
    for label, objects in signal.outcomes(public=True):
        rows.append(
            (
                label,
                [
                    OutcomeRow(
                        title=str(obj),
                        url=str(getattr(obj, "get_public_url", lambda: "")() or ""),
                        summary=str(getattr(obj, "outcome_summary", "") or ""),
                    )
                    for obj in objects
                ],
            )
        )
    return rows


def public_outcome_rows(signal: Signal) -> list[tuple[str, list[OutcomeRow]]]:
    """``Signal.outcomes(public=True)`` as plain rows, kept in the cache under the versions of the apps
    whose objects they are (``extensions.register_outcome_version_key``): two cache reads instead of a
    query per linking model. Without a version (or a cache) the rows are read from the database."""
    from django.core.cache import cache

    from infrastructure.cache_versions import start_missing_versions

    from .extensions import outcome_version_keys

    keys = outcome_version_keys()
    versions = cache.get_many(keys) if keys else {}
    missing = [key for key in keys if not isinstance(versions.get(key), str)]
    if missing:
        # A version that expired (or never started) starts now, as the owning app's own pages would do.
        start_missing_versions(missing)
        versions = cache.get_many(keys)
        if not all(isinstance(versions.get(key), str) for key in keys):  # no working cache
            return _outcome_rows(signal)
    digest = hashlib.sha256("|".join(versions[key] for key in keys).encode()).hexdigest()[:16]
    cache_key = f"signal-outcomes:{signal.pk}:{digest}"
    rows = cache.get(cache_key)
    if rows is None:
        rows = _outcome_rows(signal)
        cache.set(cache_key, rows, OUTCOME_CACHE_SECONDS)
    return cast(list[tuple[str, list[OutcomeRow]]], rows)
