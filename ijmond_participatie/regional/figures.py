"""The dashboard's figures, assembled from the rollups (``rollups.py``) for a period.

``dashboard_sections`` gives every council side by side plus the region's total; ``council_sections`` one
council (its annual report). Both read the rollup rows of the period's months in one query and a few small
live queries (seats, terms, the overdue advice); nothing here scans the raw signals.

The minimum-group rule: a figure about people (signals, participants, attendance, satisfaction) shows no
number below ``MIN_GROUP``, and no share or median over fewer; where one council's cell in a row is hidden,
the next smallest is hidden too, so that the total does not give it away.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

import rules
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_stubs_ext import StrOrPromise

from advice.models import Advice, AdviceKind, AdviceStatus, Verdict
from agenda.models import ItemStatus, Origin, Phase
from councils.models import Council, SupportStatus, Theme
from members.models import Membership
from tables.models import MeetingKind, StakeholderType, TableStatus

from ..models import FigureRollup
from .rollups import LATE, MAX_DAYS, NO, ON_TIME, OPEN, YES, Metric
from .types import MIN_GROUP, Cell, Chart, Column, Figure, Period, Row, Section

TOTAL = "regio"
# Terms that end within this many days count as "ending soon" (six months).
TERMS_ENDING_DAYS = 183
OVERDUE_LIST_LENGTH = 20


@dataclass
class Links:
    """Which lists the user may open, so that a figure links only where its list is open to them."""

    signals: bool = False
    agenda: bool = False
    requests: bool = False
    tables: bool = False
    meetings: bool = False
    advice: bool = False
    support: bool = False
    councils: bool = False

    @property
    def key(self) -> str:
        return "".join("1" if getattr(self, name) else "0" for name in self.__dataclass_fields__)


@dataclass
class Rollups:
    """The period's rollup rows, summed over its months: metric → (council, key) → value; and the signals
    per month for the month chart."""

    by_metric: dict[str, dict[tuple[int, str], int]] = field(default_factory=lambda: defaultdict(dict))
    monthly: dict[tuple[str, int, date], int] = field(default_factory=lambda: defaultdict(int))

    def add(self, metric: str, council_id: int, key: str, value: int) -> None:
        cells = self.by_metric[metric]
        cells[(council_id, key)] = cells.get((council_id, key), 0) + value

    def value(self, metric: str, council_ids: Iterable[int], key: str | None = None) -> int:
        ids = set(council_ids)
        return sum(
            value
            for (council, k), value in self.by_metric.get(metric, {}).items()
            if council in ids and (key is None or k == key)
        )

    def histogram(self, metric: str, council_ids: Iterable[int]) -> dict[int, int]:
        ids = set(council_ids)
        counts: dict[int, int] = defaultdict(int)
        for (council, key), value in self.by_metric.get(metric, {}).items():
            if council in ids:
                counts[int(key)] += value
        return counts


def load_rollups(period: Period, council_ids: list[int], *, metrics: Iterable[str] | None = None) -> Rollups:
    rollups = Rollups()
    rows = FigureRollup.objects.filter(month__gte=period.start, month__lte=period.end, council_id__in=council_ids)
    if metrics is not None:
        rows = rows.filter(metric__in=list(metrics))
    for council_id, month, metric, key, value in rows.values_list("council_id", "month", "metric", "key", "value"):
        rollups.add(metric, council_id, key, value)
        if metric == Metric.SIGNALS:
            rollups.monthly[(metric, council_id, month)] += value
    return rollups


def median_days(histogram: dict[int, int]) -> float | None:
    """The median of a histogram of whole days (the mean of the middle two for an even count)."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def nth(n: int) -> int:  # the n-th value, counting from 0
        seen = 0
        for days, count in ordered:
            seen += count
            if n < seen:
                return days
        return ordered[-1][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def share_within(histogram: dict[int, int], days: int) -> tuple[int, int]:
    """(how many within ``days`` days, how many in all)."""
    return sum(count for d, count in histogram.items() if d <= days), sum(histogram.values())


# --- Cells -----------------------------------------------------------------------------------------------


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def count_cell(value: int, *, about_people: bool, url: str = "") -> Cell:
    if about_people and 0 < value < MIN_GROUP:
        return Cell(value=None, display=f"< {MIN_GROUP}", suppressed=True)
    return Cell(value=value, display=_number(value), url=url if value else "")


def share_cell(part: int, whole: int, *, about_people: bool, url: str = "") -> Cell:
    if not whole:
        return Cell(value=None, display="–")
    if about_people and whole < MIN_GROUP:
        return Cell(value=None, display=f"< {MIN_GROUP}", suppressed=True)
    percent = round(100 * part / whole)
    return Cell(value=percent, display=f"{percent}%", url=url)


def days_cell(histogram: dict[int, int], *, about_people: bool, url: str = "") -> Cell:
    total = sum(histogram.values())
    if not total:
        return Cell(value=None, display="–")
    if about_people and total < MIN_GROUP:
        return Cell(value=None, display=f"< {MIN_GROUP}", suppressed=True)
    median = median_days(histogram) or 0.0
    shown = f"{median:g}".replace(".", ",")
    suffix = f"{shown}+" if median >= MAX_DAYS else shown
    text = ngettext("%(days)s dag", "%(days)s dagen", int(median)) % {"days": suffix}
    return Cell(value=median, display=text, url=url)


def protect_row(cells: list[Cell], council_count: int) -> list[Cell]:
    """Secondary suppression: when exactly one council's cell is hidden and the total is shown, hide the
    smallest other council cell too (and the total stays), so nobody subtracts their way to the hidden one."""
    council_cells = cells[:council_count]
    hidden = [cell for cell in council_cells if cell.suppressed]
    if len(hidden) != 1 or council_count < 2:
        return cells
    candidates = [(cell.value, i) for i, cell in enumerate(council_cells) if not cell.suppressed and cell.value]
    if not candidates:
        return cells
    _, index = min(candidates)
    cells = list(cells)
    cells[index] = Cell(value=None, display=f"< {MIN_GROUP}*", suppressed=True)
    return cells


# --- Building figures ------------------------------------------------------------------------------------


class Builder:
    """Builds the figures for a set of columns (councils, and optionally the region's total)."""

    def __init__(self, *, councils: list[Council], with_total: bool, period: Period, links: Links) -> None:
        self.councils = councils
        self.with_total = with_total
        self.period = period
        self.links = links
        self.council_ids = [council.pk for council in councils]
        self.rollups = load_rollups(period, self.council_ids)
        self.columns = [Column(key=council.slug, label=_short_name(council)) for council in councils]
        if with_total:
            self.columns.append(Column(key=TOTAL, label=_("IJmond totaal"), is_total=True))

    # Column scopes: each council alone, then all of them.
    def scopes(self) -> list[tuple[Council | None, list[int]]]:
        scopes: list[tuple[Council | None, list[int]]] = [(council, [council.pk]) for council in self.councils]
        if self.with_total:
            scopes.append((None, self.council_ids))
        return scopes

    def row(
        self,
        key: str,
        label: str,
        make: Callable[[Council | None, list[int]], Cell],
        *,
        about_people: bool = False,
        unit: str = "",
    ) -> Row:
        cells = [make(council, ids) for council, ids in self.scopes()]
        if about_people:
            cells = protect_row(cells, len(self.councils))
        return Row(key=key, label=label, cells=cells, unit=unit)

    def counts(self, metric: str, keys: list[tuple[str, StrOrPromise]], *, about_people: bool, link=None) -> list[Row]:
        def make_for(key: str) -> Callable[[Council | None, list[int]], Cell]:
            return lambda council, ids: count_cell(
                self.rollups.value(metric, ids, key),
                about_people=about_people,
                url=link(council, key) if link else "",
            )

        return [self.row(key, str(label), make_for(key), about_people=about_people) for key, label in keys]

    # --- links to the lists behind the numbers ---

    def _url(self, name: str, allowed: bool, params: dict[str, object]) -> str:
        if not allowed:
            return ""
        query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        return f"{reverse(name)}?{query}" if query else reverse(name)

    def signals_url(self, council: Council | None, **params: object) -> str:
        return self._url(
            "signals:triage",
            self.links.signals,
            {
                "status": "alle",
                "council": council.pk if council else None,
                "date_from": self.period.start.isoformat(),
                "date_to": self.period.last_day.isoformat(),
                **params,
            },
        )

    def agenda_url(self, council: Council | None, **params: object) -> str:
        return self._url("agenda:work_list", self.links.agenda, {"council": council.pk if council else None, **params})

    def requests_url(self, council: Council | None, **params: object) -> str:
        return self._url(
            "agenda:request_list", self.links.requests, {"council": council.pk if council else None, **params}
        )

    def tables_url(self, council: Council | None, **params: object) -> str:
        return self._url("tables:work_list", self.links.tables, {"council": council.pk if council else None, **params})

    def meetings_url(self, council: Council | None, **params: object) -> str:
        return self._url(
            "tables:meeting_list", self.links.meetings, {"council": council.pk if council else None, **params}
        )

    def advice_url(self, council: Council | None, **params: object) -> str:
        return self._url("advice:work_list", self.links.advice, {"council": council.pk if council else None, **params})

    def support_url(self, council: Council | None, **params: object) -> str:
        return self._url(
            "councils:support_list", self.links.support, {"council": council.pk if council else None, **params}
        )


def _short_name(council: Council) -> str:
    if council.municipality_id and council.municipality is not None:
        return council.municipality.name
    return _("Regionale raad")


def _figure(builder: Builder, **kwargs) -> Figure:
    return Figure(columns=builder.columns, **kwargs)


def _month_label(month: date) -> str:
    return date_format(month, "M Y")


def signal_figures(b: Builder, themes: list[Theme]) -> list[Figure]:
    figures = []
    month_rows = []
    for month in b.period.months:

        def make(council, ids, month=month):
            value = sum(b.rollups.monthly.get((Metric.SIGNALS, cid, month), 0) for cid in ids)
            last_day = Period(start=month, end=month).last_day
            url = b.signals_url(council, date_from=month.isoformat(), date_to=last_day.isoformat())
            return count_cell(value, about_people=True, url=url)

        month_rows.append(b.row(month.strftime("%Y-%m"), _month_label(month), make, about_people=True))
    figures.append(
        _figure(
            b,
            slug="signalen-per-maand",
            section="signalen",
            title=_("Signalen per maand"),
            description=_("Signalen en voorstellen die in de maand binnenkwamen, via alle kanalen."),
            unit="aantal",
            rows=month_rows,
            chart=Chart("bars", column=b.columns[-1].key),
            about_people=True,
        )
    )
    theme_keys = [(str(theme.pk), theme.name) for theme in themes]
    if b.rollups.value(Metric.SIGNALS, b.council_ids, ""):
        theme_keys.append(("", _("Zonder thema")))

    def theme_cell(key: str) -> Callable[[Council | None, list[int]], Cell]:
        def make(council: Council | None, ids: list[int]) -> Cell:
            url = b.signals_url(council, theme=key) if key else ""
            return count_cell(b.rollups.value(Metric.SIGNALS, ids, key), about_people=True, url=url)

        return make

    figures.append(
        _figure(
            b,
            slug="signalen-per-thema",
            section="signalen",
            title=_("Signalen per thema"),
            description=_("Signalen en voorstellen die in de periode binnenkwamen, per thema."),
            unit="aantal",
            rows=[b.row(key or "zonder-thema", label, theme_cell(key), about_people=True) for key, label in theme_keys],
            chart=Chart("hbars", column=b.columns[-1].key),
            about_people=True,
        )
    )

    def received(council, ids):
        return count_cell(b.rollups.value(Metric.SIGNALS, ids), about_people=True, url=b.signals_url(council))

    def answered(council, ids):
        return share_cell(
            b.rollups.value(Metric.SIGNALS_CLOSED, ids),
            b.rollups.value(Metric.SIGNALS, ids),
            about_people=True,
            url=b.signals_url(council, status="afgerond"),
        )

    def first_response(council, ids):
        return days_cell(
            b.rollups.histogram(Metric.SIGNALS_FIRST_DAYS, ids), about_people=True, url=b.signals_url(council)
        )

    def to_close(council, ids):
        return days_cell(
            b.rollups.histogram(Metric.SIGNALS_CLOSE_DAYS, ids),
            about_people=True,
            url=b.signals_url(council, status="afgerond"),
        )

    def reopened(council, ids):
        return count_cell(
            b.rollups.value(Metric.SIGNALS_REOPEN, ids), about_people=True, url=b.signals_url(council, reopened="on")
        )

    def helped(council, ids):
        yes, no = b.rollups.value(Metric.SIGNALS_HELPED, ids, YES), b.rollups.value(Metric.SIGNALS_HELPED, ids, NO)
        return share_cell(yes, yes + no, about_people=True, url=b.signals_url(council, status="afgerond"))

    figures.append(
        _figure(
            b,
            slug="signalen-afhandeling",
            section="signalen",
            title=_("Hoe signalen worden beantwoord"),
            description=_(
                "Over de signalen die in de periode binnenkwamen: hoeveel er zijn afgerond met terugkoppeling, "
                "de mediaan van het aantal dagen tot de eerste reactie (de eerste statuswijziging) en tot de "
                "afronding, hoe vaak om heropening is gevraagd en hoeveel inwoners zeiden dat het antwoord hielp."
            ),
            unit="aantal",
            rows=[
                b.row("ontvangen", _("Ontvangen"), received, about_people=True),
                b.row("beantwoord", _("Afgerond met terugkoppeling"), answered, unit="procent"),
                b.row("eerste-reactie", _("Mediaan tot eerste reactie"), first_response, unit="dagen"),
                b.row("afronding", _("Mediaan tot afronding"), to_close, unit="dagen"),
                b.row("heropening", _("Heropening gevraagd"), reopened, about_people=True),
                b.row("tevredenheid", _("Antwoord hielp (van wie antwoordde)"), helped, unit="procent"),
            ],
            about_people=True,
        )
    )
    return figures


def agenda_figures(b: Builder) -> list[Figure]:
    return [
        _figure(
            b,
            slug="agenda-herkomst",
            section="agenda",
            title=_("Agendapunten naar herkomst"),
            description=_("Agendapunten die in de periode op de participatieagenda kwamen, naar herkomst."),
            unit="aantal",
            rows=b.counts(
                Metric.AGENDA_ORIGIN,
                list(Origin.choices),
                about_people=False,
                link=lambda c, key: b.agenda_url(c, origin=key),
            ),
            chart=Chart("hbars", column=b.columns[-1].key),
        ),
        _figure(
            b,
            slug="agenda-status",
            section="agenda",
            title=_("Agendapunten naar status"),
            description=_("De agendapunten uit de periode en hoe ver ze nu zijn."),
            unit="aantal",
            rows=b.counts(
                Metric.AGENDA_STATUS,
                list(ItemStatus.choices),
                about_people=False,
                link=lambda c, key: b.agenda_url(c, status=key),
            ),
            chart=Chart("hbars", column=b.columns[-1].key),
        ),
        _figure(
            b,
            slug="inwonersvoorstellen",
            section="agenda",
            title=_("Voorstellen van inwoners"),
            description=_(
                "Voorstellen (onderwerp voor de agenda, beleidsvoorstel, initiatief) uit de periode: "
                "opgepakt, afgewezen met redenen, of nog in behandeling."
            ),
            unit="aantal",
            rows=b.counts(
                Metric.PROPOSALS,
                [("opgepakt", _("Opgepakt")), ("afgewezen", _("Afgewezen met redenen")), (OPEN, _("In behandeling"))],
                about_people=True,
                link=lambda c, key: b.signals_url(c, kind="voorstel"),
            ),
            chart=Chart("hbars", column=b.columns[-1].key),
            about_people=True,
        ),
    ]


def involvement_figures(b: Builder) -> list[Figure]:
    def on_time(council, ids):
        done = b.rollups.value(Metric.REQUESTS_ANSWER, ids, ON_TIME)
        late = b.rollups.value(Metric.REQUESTS_ANSWER, ids, LATE)
        return share_cell(done, done + late, about_people=False, url=b.requests_url(council))

    rows = b.counts(
        Metric.REQUESTS_ANSWER,
        [(ON_TIME, _("Op tijd beantwoord")), (LATE, _("Te laat of over de datum")), (OPEN, _("Nog binnen de tijd"))],
        about_people=False,
        link=lambda c, key: b.requests_url(c),
    )
    rows.append(
        b.row("aandeel-op-tijd", _("Op tijd (van wat beantwoord of over de datum is)"), on_time, unit="procent")
    )
    return [
        _figure(
            b,
            slug="verzoeken-fase",
            section="betrokkenheid",
            title=_("Verzoeken om vroegtijdige betrokkenheid, naar fase"),
            description=_(
                "In welke fase van het beleidstraject de verzoeken uit de periode binnenkwamen: hoe eerder, "
                "hoe meer invloed."
            ),
            unit="aantal",
            rows=b.counts(
                Metric.REQUESTS_PHASE, list(Phase.choices), about_people=False, link=lambda c, key: b.requests_url(c)
            ),
            chart=Chart("hbars", column=b.columns[-1].key),
        ),
        _figure(
            b,
            slug="verzoeken-op-tijd",
            section="betrokkenheid",
            title=_("Verzoeken op tijd beantwoord"),
            description=_("Of de raad zijn participatieadvies gaf vóór de datum die de gemeente vroeg."),
            unit="aantal",
            rows=rows,
        ),
    ]


def table_figures(b: Builder) -> list[Figure]:
    def client_share(council, ids):
        yes, no = b.rollups.value(Metric.TABLES_CLIENT, ids, YES), b.rollups.value(Metric.TABLES_CLIENT, ids, NO)
        return share_cell(yes, yes + no, about_people=False, url=b.tables_url(council))

    def youth_share(council, ids):
        return share_cell(
            b.rollups.value(Metric.PARTICIPANTS, ids, StakeholderType.YOUNG),
            b.rollups.value(Metric.PARTICIPANTS, ids),
            about_people=True,
        )

    def attendance_share(council, ids):
        present = b.rollups.value(Metric.ATTENDANCE, ids, "aanwezig")
        absent = b.rollups.value(Metric.ATTENDANCE, ids, "afwezig")
        return share_cell(present, present + absent, about_people=True)

    def invited(council, ids):
        return count_cell(b.rollups.value(Metric.ATTENDANCE, ids), about_people=True)

    status_rows = b.counts(
        Metric.TABLES_STATUS,
        list(TableStatus.choices),
        about_people=False,
        link=lambda c, key: b.tables_url(c, status=key),
    )
    status_rows.append(b.row("clientplaats", _("Met een bezette plaats voor cliënten"), client_share, unit="procent"))
    participant_rows = b.counts(
        Metric.PARTICIPANTS, list(StakeholderType.choices), about_people=True, link=lambda c, key: b.tables_url(c)
    )
    participant_rows.append(b.row("jongeren", _("Aandeel jongeren"), youth_share, about_people=False, unit="procent"))
    meeting_rows = b.counts(
        Metric.MEETINGS_HELD,
        list(MeetingKind.choices),
        about_people=False,
        link=lambda c, key: b.meetings_url(c, kind=key, past="on"),
    )
    meeting_rows.append(b.row("uitgenodigd", _("Uitnodigingen voor deze bijeenkomsten"), invited, about_people=True))
    meeting_rows.append(
        b.row("opkomst", _("Opkomst (van wie de aanwezigheid is bijgehouden)"), attendance_share, unit="procent")
    )
    return [
        _figure(
            b,
            slug="tafels",
            section="tafels",
            title=_("Participatietafels"),
            description=_(
                "Tafels die in de periode begonnen, naar hun status nu, en hoeveel van de tafels voorbij de "
                "oprichting een plaats voor cliënten/ervaringsdeskundigen bezet hadden."
            ),
            unit="aantal",
            rows=status_rows,
            chart=None,
        ),
        _figure(
            b,
            slug="deelnemers",
            section="tafels",
            title=_("Deelnemers aan tafels, naar soort"),
            description=_("Plaatsen aan tafels die in de periode werden aangenomen, naar soort deelnemer."),
            unit="aantal",
            rows=participant_rows,
            chart=Chart("hbars", column=b.columns[-1].key),
            about_people=True,
        ),
        _figure(
            b,
            slug="bijeenkomsten",
            section="tafels",
            title=_("Bijeenkomsten en opkomst"),
            description=_("Bijeenkomsten die in de periode zijn gehouden (niet geannuleerd), en de opkomst."),
            unit="aantal",
            rows=meeting_rows,
        ),
    ]


def advice_figures(b: Builder, *, today: date) -> list[Figure]:
    def in_term(council, ids):
        done = b.rollups.value(Metric.ADVICE_TERM, ids, ON_TIME)
        late = b.rollups.value(Metric.ADVICE_TERM, ids, LATE)
        return share_cell(done, done + late, about_people=False, url=b.advice_url(council))

    term_rows = b.counts(
        Metric.ADVICE_TERM,
        [
            (ON_TIME, _("Binnen de termijn beantwoord")),
            (LATE, _("Te laat of over de termijn")),
            (OPEN, _("Termijn loopt nog")),
        ],
        about_people=False,
        link=lambda c, key: b.advice_url(c),
    )
    term_rows.append(
        b.row(
            "aandeel-op-tijd",
            _("Binnen de termijn (van wat beantwoord of over de termijn is)"),
            in_term,
            unit="procent",
        )
    )
    return [
        _figure(
            b,
            slug="adviezen-soort",
            section="adviezen",
            title=_("Vastgestelde adviezen: gevraagd en ongevraagd"),
            description=_("Adviezen die de raad in de periode vaststelde."),
            unit="aantal",
            rows=b.counts(
                Metric.ADVICE_KIND,
                list(AdviceKind.choices),
                about_people=False,
                link=lambda c, key: b.advice_url(c, kind=key),
            ),
            chart=Chart("hbars", column=b.columns[-1].key),
        ),
        _figure(
            b,
            slug="adviezen-reactietermijn",
            section="adviezen",
            title=_("Reactie van het college binnen de termijn"),
            description=_("Verzonden adviezen waarvan de reactietermijn in de periode afliep."),
            unit="aantal",
            rows=term_rows,
        ),
        _figure(
            b,
            slug="aanbevelingen",
            section="adviezen",
            title=_("Aanbevelingen: wat het college ermee deed"),
            description=_("Aanbevelingen uit de reacties van het college die in de periode binnenkwamen."),
            unit="aantal",
            rows=b.counts(
                Metric.RECOMMENDATIONS,
                list(Verdict.choices),
                about_people=False,
                link=lambda c, key: b.advice_url(c, status=AdviceStatus.ANSWERED),
            ),
            chart=Chart("hbars", column=b.columns[-1].key),
        ),
        overdue_figure(b, today=today),
    ]


def overdue_figure(b: Builder, *, today: date) -> Figure:
    """The advice whose response is overdue now (not bound to the period): the list the aanjager acts on."""
    overdue = (
        Advice.objects.filter(status=AdviceStatus.SENT, response_due_on__lt=today, council_id__in=b.council_ids)
        .select_related("council", "addressed_municipality")
        .order_by("response_due_on", "pk")[:OVERDUE_LIST_LENGTH]
    )
    columns = [
        Column(key="raad", label=_("Raad")),
        Column(key="termijn", label=_("Reactie uiterlijk")),
        Column(key="dagen", label=_("Dagen te laat")),
    ]
    rows = []
    for advice in overdue:
        url = reverse("advice:work_detail", kwargs={"pk": advice.pk}) if b.links.advice else ""
        due = advice.response_due_on or today  # set when sent (the filter above)
        late = (today - due).days
        rows.append(
            Row(
                key=advice.number or str(advice.pk),
                label=f"{advice.number} {advice.subject}",
                cells=[
                    Cell(value=None, display=_short_name(advice.council), url=url),
                    Cell(value=None, display=date_format(due, "j F Y")),
                    Cell(value=late, display=_number(late)),
                ],
            )
        )
    return Figure(
        slug="adviezen-over-termijn",
        section="adviezen",
        title=_("Adviezen waarop de reactie van het college te laat is"),
        description=_("Nu, los van de gekozen periode; de langst openstaande eerst (ten hoogste %(n)s).")
        % {"n": OVERDUE_LIST_LENGTH},
        unit="dagen",
        columns=columns,
        rows=rows,
    )


def council_figures(b: Builder, *, today: date) -> list[Figure]:
    memberships = Membership.objects.filter(council_id__in=b.council_ids).active(on=today)
    # People, not memberships: a chair who is also listed as a member holds one seat.
    seats = dict(
        memberships.values("council_id").annotate(n=Count("person", distinct=True)).values_list("council_id", "n")
    )
    ending = dict(
        memberships.filter(term_end__isnull=False, term_end__lte=today + timedelta(days=TERMS_ENDING_DAYS))
        .values("council_id")
        .annotate(n=Count("person", distinct=True))
        .values_list("council_id", "n")
    )
    seat_counts = {council.pk: council.seat_count for council in b.councils}

    def council_link(council):
        return council.get_work_url() if council and b.links.councils else ""

    def filled(council, ids):
        return count_cell(sum(seats.get(i, 0) for i in ids), about_people=False, url=council_link(council))

    def total_seats(council, ids):
        return count_cell(sum(seat_counts[i] for i in ids), about_people=False, url=council_link(council))

    def vacancies(council, ids):
        return count_cell(
            sum(max(seat_counts[i] - seats.get(i, 0), 0) for i in ids), about_people=False, url=council_link(council)
        )

    def ending_soon(council, ids):
        return count_cell(sum(ending.get(i, 0) for i in ids), about_people=False, url=council_link(council))

    def support_asked(council, ids):
        return count_cell(
            b.rollups.value(Metric.SUPPORT_STATUS, ids), about_people=False, url=b.support_url(council, status="")
        )

    def support_open(council, ids):
        value = b.rollups.value(Metric.SUPPORT_STATUS, ids) - b.rollups.value(
            Metric.SUPPORT_STATUS, ids, SupportStatus.CLOSED
        )
        return count_cell(value, about_people=False, url=b.support_url(council, status=SupportStatus.OPEN))

    def support_in_time(council, ids):
        yes, no = b.rollups.value(Metric.SUPPORT_IN_TIME, ids, YES), b.rollups.value(Metric.SUPPORT_IN_TIME, ids, NO)
        return share_cell(yes, yes + no, about_people=False, url=b.support_url(council, status=SupportStatus.CLOSED))

    def support_days(council, ids):
        return days_cell(
            b.rollups.histogram(Metric.SUPPORT_DAYS, ids),
            about_people=False,
            url=b.support_url(council, status=SupportStatus.CLOSED),
        )

    return [
        _figure(
            b,
            slug="raden-zetels",
            section="raden",
            title=_("Zetels en zittingstermijnen"),
            description=_(
                "Nu, los van de gekozen periode: bezette zetels volgens de verordening (een lid telt één keer, "
                "ook met meer rollen) en termijnen die binnen zes maanden aflopen."
            ),
            unit="aantal",
            rows=[
                b.row("zetels", _("Zetels"), total_seats),
                b.row("bezet", _("Bezet"), filled),
                b.row("vacatures", _("Vacatures"), vacancies),
                b.row("termijn-loopt-af", _("Termijn loopt binnen 6 maanden af"), ending_soon),
            ],
        ),
        _figure(
            b,
            slug="ondersteuning",
            section="raden",
            title=_("Ondersteuningsvragen"),
            description=_(
                "Vragen om hulp aan het ondersteuningsteam die in de periode zijn gesteld: hoeveel, hoeveel nog "
                "open, hoeveel op tijd zijn afgerond en hoe lang dat duurde. Zo ziet de aanjager of de "
                "ondersteuning tekortschiet."
            ),
            unit="aantal",
            rows=[
                b.row("gevraagd", _("Gevraagd"), support_asked),
                b.row("open", _("Nog open"), support_open),
                b.row("op-tijd", _("Op tijd afgerond"), support_in_time, unit="procent"),
                b.row("doorlooptijd", _("Mediaan tot afronding"), support_days, unit="dagen"),
            ],
        ),
    ]


SECTION_TITLES = {
    "signalen": _("Signalen"),
    "agenda": _("Participatieagenda"),
    "betrokkenheid": _("Vroegtijdige betrokkenheid"),
    "tafels": _("Participatietafels"),
    "adviezen": _("Adviezen"),
    "raden": _("De raden"),
}


def _sections(b: Builder, *, today: date) -> list[Section]:
    themes = list(Theme.objects.order_by("name"))
    groups = [
        ("signalen", signal_figures(b, themes)),
        ("agenda", agenda_figures(b)),
        ("betrokkenheid", involvement_figures(b)),
        ("tafels", table_figures(b)),
        ("adviezen", advice_figures(b, today=today)),
        ("raden", council_figures(b, today=today)),
    ]
    return [Section(slug=slug, title=str(SECTION_TITLES[slug]), figures=figures) for slug, figures in groups]


def region_councils() -> list[Council]:
    """The local councils by municipality name, then the regional council: the dashboard's columns."""
    councils = list(Council.objects.select_related("municipality").order_by("kind", "municipality__name", "name"))
    return sorted(councils, key=lambda council: (council.is_regional, council.name))


def dashboard_sections(*, period: Period, links: Links, today: date | None = None) -> list[Section]:
    """Every council side by side, and the region's total."""
    builder = Builder(councils=region_councils(), with_total=True, period=period, links=links)
    return _sections(builder, today=today or timezone.localdate())


def council_sections(council: Council, period: Period, *, links: Links | None = None) -> list[Section]:
    """One council's figures (its annual report): a single column, no region total."""
    builder = Builder(councils=[council], with_total=False, period=period, links=links or Links())
    return _sections(builder, today=timezone.localdate())


def links_for(user) -> Links:
    """The lists this user may open, asked of the rules alone (no permission queries)."""
    return Links(
        signals=bool(rules.has_perm("signals.triage_signals", user)),
        agenda=bool(rules.has_perm("agenda.view_agenda_work", user)),
        requests=bool(rules.has_perm("agenda.view_requests", user)),
        tables=bool(rules.has_perm("tables.view_tables_work", user)),
        meetings=bool(rules.has_perm("tables.view_tables_work", user)),
        advice=bool(rules.has_perm("advice.view_advice_work", user)),
        support=bool(rules.has_perm("councils.view_support_requests", user)),
        councils=bool(rules.has_perm("councils.view_council_work", user)),
    )
