"""The benchmark: ``make bench`` (``python bench/run.py``), see README, "Benchmark".

Starts gunicorn itself (2 workers, DEBUG off, the Server-Timing middleware on) against the database in
DATABASE_URL (PostgreSQL) and Redis when REDIS_URL or CELERY_BROKER_URL is set, then:

* for every page in PAGES: median and p95 server time over ``--requests`` sequential requests after a
  warm-up, SQL queries per request, and the ratio to the floor page (the accessibility statement) of the
  same user, measured in the same run;
* public signal intake under load: 50 concurrent residents each open /signaal/ and send a valid form,
  beside the floor page under the same concurrency (throughput, errors, p95);
* the time to render a typical adopted advice's PDF (``advice.pdf.render_advice_pdf``) in this process,
  median and slowest of ten renders after a warm-up (target: 1 s);
* the memory (RSS) of the gunicorn workers.

It writes ``bench/results.md`` (or ``--output``) and exits 0 when every target is met, 1 when one is
missed (0 with ``--no-fail-on-target``) and 2 on an error: a page that does not answer 200, a failed
submission, a server that does not start. Plain Python: no dependency beyond the portal's own.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
FLOOR_PATH = "/toegankelijkheid/"
# Targets (the quality requirements, "Performance").
MAX_FLOOR_RATIO = 5.0
MAX_QUERIES = 20
MIN_INTAKE_SHARE = 0.5
MAX_PDF_SECONDS = 1.0
PDF_RENDERS = 10

ANONYMOUS = "anoniem"
LID_VELSEN = "lid.velsen@example.org"
LID_REGIO = "lid.regio@example.org"
AANJAGER = "aanjager@example.org"
BELEID_VELSEN = "beleid.velsen@example.org"
ONDERSTEUNING = "ondersteuning@example.org"


@dataclass(frozen=True)
class Page:
    """One line of the benchmark: a page as one user sees it. ``path`` may name facts of the database
    in braces (see ``facts()``): {code} a tracking code, {velsen_pk}/{velsen_code} a signal of Velsen's
    queue, {theme} a theme's id, {deep_cursor} the triage's cursor 50,000 signals back in Velsen's list,
    {agenda_pk} a public agenda item of Velsen, {request_pk} an early-involvement request of Velsen to
    Velsen's council (with its participation advice when there is one), {table_pk} a public table of
    Velsen's council (at work, with seats), {meeting_pk} a meeting of Velsen's council with invitations,
    {advice_number}/{advice_pk} a published advice of Velsen's council with the college's response (its
    number and id) and {advice_year} the year it was published."""

    name: str
    path: str
    user: str = ANONYMOUS
    # Query strings taken in turn, one per request (the dashboard's period switched every request).
    rotate: tuple[str, ...] = ()


def _dashboard_periods(today: date) -> tuple[str, ...]:
    """Six periods of the regional dashboard: the last 12 months, this year, last year, this and last
    quarter, and five years."""
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_quarter = date(this_quarter.year - (this_quarter.month == 1), (this_quarter.month - 4) % 12 + 1, 1)

    def months(start: date, end: date) -> str:
        return f"van={start:%Y-%m}&tot={end:%Y-%m}"

    return (
        "",
        months(date(today.year, 1, 1), today),
        months(date(today.year - 1, 1, 1), date(today.year - 1, 12, 1)),
        months(this_quarter, today),
        months(last_quarter, date(last_quarter.year, last_quarter.month + 2, 1)),
        months(date(today.year - 4, today.month, 1), today),
    )


PERIODS = _dashboard_periods(datetime.now(tz=ZoneInfo("Europe/Amsterdam")).date())


# The main pages. Later issues add theirs here (advice archive, table detail, regional dashboard); the
# floor page of each user is measured by itself.
PAGES = [
    Page("home", "/"),
    Page("wat we horen", "/wat-we-horen/"),
    Page("signaal volgen", "/signaal/volg/{code}/"),
    Page("signaal geven (formulier)", "/signaal/"),
    Page("werk", "/werk/", LID_VELSEN),
    Page("werk", "/werk/", AANJAGER),
    Page("triage", "/werk/signalen/", LID_VELSEN),
    Page("triage, status afgerond", "/werk/signalen/?status=afgerond", LID_VELSEN),
    Page("triage, thema", "/werk/signalen/?theme={theme}", LID_VELSEN),
    Page("triage, zoeken", "/werk/signalen/?q=wachtlijst&status=alle", LID_VELSEN),
    Page("triage, volgcode", "/werk/signalen/?q={velsen_code}&status=alle", LID_VELSEN),
    Page("triage, 50.000 terug", "/werk/signalen/?status=alle&na={deep_cursor}", LID_VELSEN),
    Page("triage", "/werk/signalen/", LID_REGIO),
    Page("triage", "/werk/signalen/", AANJAGER),
    Page("triage detail", "/werk/signalen/{velsen_pk}/", LID_VELSEN),
    # The participation agenda and early involvement (issue 9).
    Page("agenda", "/agenda/"),
    Page("agenda, regio", "/agenda/?gemeente=regio"),
    Page("agendapunt", "/agenda/{agenda_pk}/"),
    Page("voorstel doen (formulier)", "/agenda/voorstel/"),
    Page("werk", "/werk/", BELEID_VELSEN),
    Page("agenda (werk)", "/werk/agenda/", LID_VELSEN),
    Page("agenda (werk)", "/werk/agenda/", BELEID_VELSEN),
    Page("verzoeken", "/werk/verzoeken/", LID_VELSEN),
    Page("verzoeken", "/werk/verzoeken/", BELEID_VELSEN),
    Page("verzoek", "/werk/verzoeken/{request_pk}/", LID_VELSEN),
    Page("verzoek", "/werk/verzoeken/{request_pk}/", BELEID_VELSEN),
    # Tables, meetings and the registries (issue 10).
    Page("tafels", "/tafels/"),
    Page("tafel", "/tafels/{table_pk}/"),
    Page("expertteam (formulier)", "/expertteam/"),
    Page("tafels (werk)", "/werk/tafels/", LID_VELSEN),
    Page("tafels (werk)", "/werk/tafels/", BELEID_VELSEN),
    Page("tafel (werk)", "/werk/tafels/{table_pk}/", LID_VELSEN),
    Page("tafel (werk)", "/werk/tafels/{table_pk}/", BELEID_VELSEN),
    Page("bijeenkomsten", "/werk/bijeenkomsten/", LID_VELSEN),
    Page("bijeenkomsten", "/werk/bijeenkomsten/", BELEID_VELSEN),
    Page("bijeenkomst", "/werk/bijeenkomsten/{meeting_pk}/", LID_VELSEN),
    Page("bijeenkomst", "/werk/bijeenkomsten/{meeting_pk}/", BELEID_VELSEN),
    Page("netwerk", "/werk/netwerk/", LID_VELSEN),
    # Advice and the colleges' responses (issue 11).
    Page("adviezen", "/adviezen/"),
    Page("adviezen, zoeken", "/adviezen/?q=mantelzorg"),
    Page("adviezen, Velsen en jaar", "/adviezen/?gemeente=velsen&jaar={advice_year}"),
    Page("advies", "/adviezen/{advice_number}/"),
    Page("wat is ermee gedaan", "/wat-is-ermee-gedaan/"),
    Page("adviezen (werk)", "/werk/adviezen/", LID_VELSEN),
    Page("adviezen (werk)", "/werk/adviezen/", BELEID_VELSEN),
    Page("advies (werk)", "/werk/adviezen/{advice_pk}/", LID_VELSEN),
    # Issue 12: the regional dashboard (its period switched every request), the CSV, and the pages around it.
    Page("regionaal dashboard, 6 periodes", "/regio/dashboard/", AANJAGER, rotate=PERIODS),
    Page("regionaal dashboard", "/regio/dashboard/", LID_REGIO),
    Page("dashboard als CSV, 6 periodes", "/regio/dashboard/csv/", AANJAGER, rotate=PERIODS),
    Page("cijfer als CSV", "/regio/dashboard/csv/signalen-per-thema/", AANJAGER, rotate=PERIODS),
    Page("evaluatiecriteria", "/regio/criteria/", AANJAGER),
    Page("zelfevaluaties naast elkaar", "/regio/zelfevaluaties/", AANJAGER),
    Page("ondersteuningsvragen", "/werk/ondersteuning/", LID_VELSEN),
    Page("ondersteuningsvragen", "/werk/ondersteuning/", ONDERSTEUNING),
    Page("jaarverslagen", "/werk/jaarverslagen/", LID_VELSEN),
    Page("goede voorbeelden", "/regio/goede-voorbeelden/"),
    Page("regio", "/regio/"),
]

# How far back the deep triage page starts (page 2,000 of 25 rows, as far as the data goes).
DEEP_ROWS = 50_000

# Text that marks the intake's signals, so that they are removed again after the run.
INTAKE_MARKER = "[benchmark]"


# --- Measuring -------------------------------------------------------------------------------------


@dataclass
class Sample:
    status: int
    round_trip_ms: float
    server_ms: float | None
    queries: int | None
    location: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


_TIMING = re.compile(r'([A-Za-z0-9_-]+)\s*;\s*(?:dur=([0-9.]+)|desc="?([^",;]*)"?)')


def parse_server_timing(header: str | None) -> tuple[float | None, int | None]:
    """The server's time (ms) and SQL query count from our ``Server-Timing`` header (None when absent)."""
    server_ms: float | None = None
    queries: int | None = None
    for name, duration, description in _TIMING.findall(header or ""):
        if name == "app" and duration:
            server_ms = float(duration)
        elif name == "queries" and description.strip().isdigit():
            queries = int(description)
    return server_ms, queries


def request(
    port: int,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    keep_body: bool = False,
    timeout: float = 120,
) -> Sample:
    """One request on a fresh connection (gunicorn's sync workers close each one anyway)."""
    headers = {"Host": f"{HOST}:{port}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        started = time.perf_counter()
        connection.request("POST" if form is not None else "GET", path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        round_trip = (time.perf_counter() - started) * 1000
    finally:
        connection.close()
    server_ms, queries = parse_server_timing(response.getheader("Server-Timing"))
    jar: dict[str, str] = {}
    for raw in response.headers.get_all("Set-Cookie") or []:
        jar.update({name: morsel.value for name, morsel in SimpleCookie(raw).items()})
    return Sample(
        status=response.status,
        round_trip_ms=round_trip,
        server_ms=server_ms,
        queries=queries,
        location=response.getheader("Location", ""),
        cookies=jar,
        body=content if keep_body else b"",
    )


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (p95: share=0.95) of a non-empty sequence."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class PageResult:
    name: str
    user: str
    path: str
    server_ms: list[float] = field(default_factory=list)
    round_trip_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    is_floor: bool = False

    @property
    def times(self) -> list[float]:
        """Server time when the Server-Timing header was there for every request, else round trip."""
        return self.server_ms if len(self.server_ms) == len(self.round_trip_ms) else self.round_trip_ms

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else math.nan

    @property
    def p95(self) -> float:
        return percentile(self.times, 0.95) if self.times else math.nan

    @property
    def max_queries(self) -> int | None:
        return max(self.queries) if self.queries else None


def measure_page(
    port: int, page: Page, path: str, cookies: dict[str, str], *, requests: int, warmup: int
) -> PageResult:
    result = PageResult(page.name, page.user, path, is_floor=page.path == FLOOR_PATH)
    # With a rotation, each period's first drawing falls in the warm-up (at least one request per period).
    warmup = max(warmup, len(page.rotate))
    for index in range(warmup + requests):
        this_path = path
        if page.rotate and page.rotate[index % len(page.rotate)]:
            this_path = f"{path}{'&' if '?' in path else '?'}{page.rotate[index % len(page.rotate)]}"
        try:
            sample = request(port, this_path, cookies=cookies)
        except (OSError, http.client.HTTPException) as error:
            result.errors.append(f"{type(error).__name__}: {error}")
            continue
        if sample.status != 200:
            result.errors.append(f"HTTP {sample.status} {sample.location}".strip())
            continue
        if index < warmup:
            continue
        result.round_trip_ms.append(sample.round_trip_ms)
        if sample.server_ms is not None:
            result.server_ms.append(sample.server_ms)
        if sample.queries is not None:
            result.queries.append(sample.queries)
    return result


@dataclass
class LoadResult:
    """Many clients at once: completed operations, errors, wall time and each operation's duration."""

    name: str
    clients: int
    durations_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0
    # From the Server-Timing header of the response an operation returns (the POST of a submission).
    server_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return len(self.durations_ms) / self.wall_seconds if self.wall_seconds else 0.0

    @property
    def p95(self) -> float:
        return percentile(self.durations_ms, 0.95) if self.durations_ms else math.nan


def run_load(name: str, clients: int, per_client: int, operation: Callable[[int, int], Sample]) -> LoadResult:
    """``clients`` threads each run ``operation(client, n)`` ``per_client`` times, all started together."""
    result = LoadResult(name, clients)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        start.wait()
        for n in range(per_client):
            began = time.perf_counter()
            try:
                sample = operation(number, n)
            except Exception as error:  # every failure is counted and reported
                with lock:
                    result.errors.append(f"{type(error).__name__}: {error}")
            else:
                with lock:
                    result.durations_ms.append((time.perf_counter() - began) * 1000)
                    if sample.server_ms is not None:
                        result.server_ms.append(sample.server_ms)
                    if sample.queries is not None:
                        result.queries.append(sample.queries)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(client, number) for number in range(clients)]
        start.wait()
        began = time.perf_counter()
        for future in futures:
            future.result()
        result.wall_seconds = time.perf_counter() - began
    return result


class IntakeError(Exception):
    pass


_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def submit_signal(port: int, jar: dict[str, str], *, municipality: int, theme: int | None, text: str) -> Sample:
    """A resident opens /signaal/ and sends a valid form (no contact details, so no mail); returns the
    answer to the POST."""
    page = request(port, "/signaal/", cookies=jar, keep_body=True)
    jar.update(page.cookies)
    token = _CSRF_INPUT.search(page.body)
    if page.status != 200 or token is None:
        raise IntakeError(f"GET /signaal/: HTTP {page.status}")
    form = {
        "csrfmiddlewaretoken": token.group(1).decode(),
        "text": text,
        "theme": str(theme or ""),
        "municipality": str(municipality),
        "neighbourhood": "",
        "speaker": "",
        "age_group": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "parent_email": "",
        "website": "",
    }
    answer = request(port, "/signaal/", cookies=jar, form=form)
    jar.update(answer.cookies)
    if answer.status != 302 or not answer.location.endswith("/signaal/ontvangen/"):
        raise IntakeError(f"POST /signaal/: HTTP {answer.status} {answer.location}".strip())
    return answer


# --- Judging and the report -------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    ratio: float
    met: bool
    reasons: tuple[str, ...]


def judge_page(result: PageResult, floor: PageResult | None) -> Verdict:
    """p95 at most 5× the floor page of the same user, at most 20 queries, and no errors."""
    reasons = []
    if result.errors:
        reasons.append(f"{len(result.errors)} errors")
    ratio = result.p95 / floor.p95 if floor and floor.times and floor.p95 > 0 and result.times else math.nan
    if math.isnan(ratio):
        reasons.append("no floor to compare with")
    elif ratio > MAX_FLOOR_RATIO:
        reasons.append(f"p95 {ratio:.1f}× floor")
    queries = result.max_queries
    if queries is None:
        reasons.append("query count unknown")
    elif queries > MAX_QUERIES:
        reasons.append(f"{queries} queries")
    return Verdict(ratio, not reasons, tuple(reasons))


def judge_intake(intake: LoadResult, floor: LoadResult) -> Verdict:
    """Zero errors, and at least half the floor page's throughput under the same load."""
    reasons = []
    if intake.errors or floor.errors:
        reasons.append(f"{len(intake.errors) + len(floor.errors)} errors")
    ratio = intake.per_second / floor.per_second if floor.per_second else math.nan
    if math.isnan(ratio) or ratio < MIN_INTAKE_SHARE:
        reasons.append(f"{ratio:.0%} of floor throughput")
    return Verdict(ratio, not reasons, tuple(reasons))


@dataclass
class PdfResult:
    """Rendering one adopted advice's PDF again and again in this process: seconds per render (after a
    warm-up render, which loads the stylesheet and fonts once per thread), and the PDF's pages."""

    number: str
    seconds: list[float] = field(default_factory=list)
    first_seconds: float = math.nan
    pages: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else math.nan

    @property
    def slowest(self) -> float:
        return max(self.seconds) if self.seconds else math.nan


def judge_pdf(result: PdfResult) -> Verdict:
    """The median render at most MAX_PDF_SECONDS, and no errors."""
    reasons = []
    if result.errors:
        reasons.append(f"{len(result.errors)} errors")
    if math.isnan(result.median):
        reasons.append("not measured")
    elif result.median > MAX_PDF_SECONDS:
        reasons.append(f"median {result.median:.2f} s")
    return Verdict(result.median, not reasons, tuple(reasons))


@dataclass
class Report:
    machine: dict[str, str]
    pages: list[PageResult]
    intake: LoadResult | None = None
    intake_floor: LoadResult | None = None
    memory: list[tuple[int, int, int]] = field(default_factory=list)  # (pid, RSS kB, peak RSS kB)
    pdf: PdfResult | None = None
    # The regional dashboard's rollup refresh (beat, hourly): seconds and rows, timed once after the pages.
    rollup_seconds: float | None = None
    rollup_rows: int | None = None

    def floor_for(self, user: str) -> PageResult | None:
        return next((p for p in self.pages if p.is_floor and p.user == user), None)

    def verdicts(self) -> list[tuple[PageResult, Verdict | None]]:
        return [(p, None if p.is_floor else judge_page(p, self.floor_for(p.user))) for p in self.pages]

    def intake_verdict(self) -> Verdict | None:
        if self.intake is None or self.intake_floor is None:
            return None
        return judge_intake(self.intake, self.intake_floor)

    def pdf_verdict(self) -> Verdict | None:
        return None if self.pdf is None else judge_pdf(self.pdf)

    @property
    def has_errors(self) -> bool:
        loads = [r for r in (self.intake, self.intake_floor) if r is not None]
        pdf_errors = bool(self.pdf and self.pdf.errors)
        return any(p.errors for p in self.pages) or any(r.errors for r in loads) or pdf_errors

    @property
    def all_met(self) -> bool:
        verdicts = [v for _p, v in self.verdicts() if v is not None]
        intake = self.intake_verdict()
        pdf = self.pdf_verdict()
        return all(v.met for v in verdicts) and (intake is None or intake.met) and (pdf is None or pdf.met)


def _ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.1f}"


def _seconds(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.2f}"


def render(report: Report) -> str:
    m = report.machine
    lines = [
        "# Benchmark results",
        "",
        'Written by `make bench` (`bench/run.py`); see README, "Benchmark". Targets: p95 ≤ '
        f"{MAX_FLOOR_RATIO:g}× the floor page ({FLOOR_PATH}) of the same user and ≤ {MAX_QUERIES} SQL queries; "
        f"signal intake ≥ {MIN_INTAKE_SHARE:.0%} of the floor page's throughput under the same load, zero errors; "
        f"an advice PDF rendered in ≤ {MAX_PDF_SECONDS:g} s (median).",
        "",
        "| | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in m.items()),
        "",
        "## Pages",
        "",
        "Server time from the `Server-Timing` header (the whole Django stack, every middleware included), in ms; "
        "round trip on loopback beside it.",
        "",
        "| page | user | median | p95 | p95 round trip | × floor | queries | target met |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for page, verdict in report.verdicts():
        ratio = "1.0 (floor)" if verdict is None else ("–" if math.isnan(verdict.ratio) else f"{verdict.ratio:.1f}")
        if verdict is None:
            met = "floor" + (f" ({len(page.errors)} errors)" if page.errors else "")
        else:
            met = "yes" if verdict.met else "no: " + ", ".join(verdict.reasons)
        queries = "–" if page.max_queries is None else str(page.max_queries)
        round_trip = percentile(page.round_trip_ms, 0.95) if page.round_trip_ms else math.nan
        label = f"{page.name} `{page.path}`"
        lines.append(
            f"| {label} | {page.user} | {_ms(page.median)} | {_ms(page.p95)} | {_ms(round_trip)} | {ratio} | "
            f"{queries} | {met} |"
        )
    verdict = report.intake_verdict()
    if report.intake and report.intake_floor and verdict:
        lines += [
            "",
            f"## Signal intake under load ({report.intake.clients} concurrent clients)",
            "",
            "A submission is GET /signaal/ (for the CSRF token) and POST of a valid form, answered by the redirect "
            "to /signaal/ontvangen/; p95 is the whole submission, server time and queries are the POST's. The "
            "floor page is requested by as many clients at the same time.",
            "",
            "| load | done | per second | p95 ms | server p95 ms | queries | errors |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for load in (report.intake, report.intake_floor):
            server = percentile(load.server_ms, 0.95) if load.server_ms else math.nan
            queries = str(max(load.queries)) if load.queries else "–"
            lines.append(
                f"| {load.name} | {len(load.durations_ms)} | {load.per_second:.1f} | {_ms(load.p95)} | "
                f"{_ms(server)} | {queries} | {len(load.errors)} |"
            )
        share = "–" if math.isnan(verdict.ratio) else f"{verdict.ratio:.0%}"
        met = "yes" if verdict.met else "no: " + ", ".join(verdict.reasons)
        lines += ["", f"Intake throughput: {share} of the floor page's. Target met: {met}."]
        samples = (report.intake.errors + report.intake_floor.errors)[:5]
        lines += [f"- error: {error}" for error in samples]
    pdf_verdict = report.pdf_verdict()
    if report.pdf is not None and pdf_verdict is not None:
        pdf = report.pdf
        met = "yes" if pdf_verdict.met else "no: " + ", ".join(pdf_verdict.reasons)
        pages = "?" if pdf.pages is None else str(pdf.pages)
        lines += [
            "",
            "## Advice PDF",
            "",
            f"`advice.pdf.render_advice_pdf` on {pdf.number} ({pages} pages), {len(pdf.seconds)} renders after a "
            f"warm-up render ({_seconds(pdf.first_seconds)} s, which loads the stylesheet and fonts once per "
            "thread), in the benchmark's own process.",
            "",
            "| PDF | renders | median s | slowest s | target met |",
            "|---|---:|---:|---:|---|",
            f"| advice PDF render ({pages} pages) | {len(pdf.seconds)} | {_seconds(pdf.median)} | "
            f"{_seconds(pdf.slowest)} | {met} |",
        ]
        lines += [f"- error: {error}" for error in pdf.errors[:3]]
    if report.rollup_seconds is not None:
        lines += [
            "",
            "## Regional rollups",
            "",
            f"`ijmond_participatie.regional.rollups.rollups_refresh()` (beat, every hour; the dashboard reads its "
            f"rows): {report.rollup_seconds:.1f} s for {report.rollup_rows:,} rows, timed once after the pages.",
        ]
    if report.memory:
        lines += ["", "## Memory of the web workers", "", "| worker pid | RSS MB | peak RSS MB |", "|---:|---:|---:|"]
        lines += [f"| {pid} | {rss / 1024:.0f} | {peak / 1024:.0f} |" for pid, rss, peak in report.memory]
    errors = [(p, e) for p in report.pages for e in p.errors[:3]]
    if errors:
        lines += ["", "## Errors", ""] + [f"- {p.name} ({p.user}) `{p.path}`: {e}" for p, e in errors]
    overall = "every target met" if report.all_met else "targets missed"
    if report.has_errors:
        overall = "errors (see above)"
    lines += ["", f"**Result: {overall}.**", ""]
    return "\n".join(lines)


# --- The machine, the server and the database -------------------------------------------------------


def machine_facts() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    memory = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
                break
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "machine": f"{os.cpu_count()} cores, {memory} RAM, {cpu}",
        "python": platform.python_version(),
    }


def _commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603, S607
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "?"
    return commit + (" (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else "")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def server_environment(base: dict[str, str]) -> dict[str, str]:
    """Production-like where it matters (DEBUG off, 2 workers) and development where HTTPS would be
    needed; the rate limits high, so that the benchmark measures the pages and not the limiter."""
    env = dict(base)
    env.update(
        DJANGO_ENV="development",
        DEBUG="0",
        ALLOWED_HOSTS=HOST,
        MFA_REQUIRED_FOR_STAFF="0",
        BENCH_INSTRUMENT="1",
        SIGNAL_SUBMIT_RATE="100000/h",
        SIGNAL_FOLLOW_RATE="100000/h",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


class Server:
    """gunicorn with 2 sync workers, as in the Dockerfile; its log goes to a temporary file."""

    def __init__(self, port: int, env: dict[str, str], workers: int = 2) -> None:
        self.port = port
        self.log = tempfile.NamedTemporaryFile(prefix="ijmond-bench-", suffix=".log", delete=False)  # noqa: SIM115
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "ijmond_participatie.wsgi:application",
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            "--timeout=120",
            "--graceful-timeout=10",
        ]
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped (exit {self.process.returncode}):\n{self.log_tail()}")
            try:
                if request(self.port, "/health/", timeout=5).status in (200, 503):
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within {seconds:.0f} s:\n{self.log_tail()}")

    def worker_memory(self) -> list[tuple[int, int, int]]:
        """(pid, RSS kB, peak RSS kB) of each worker: the master's children, read from /proc."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                if parent != self.process.pid:
                    continue
                status = (stat.parent / "status").read_text()
            except (OSError, ValueError, IndexError):
                continue
            values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
            found.append((int(stat.parent.name), int(values.get("VmRSS", 0)), int(values.get("VmHWM", 0))))
        return sorted(found)

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ijmond_participatie.settings")
    import django

    django.setup()


def data_size() -> str:
    from advice.models import Advice, Recommendation
    from agenda.models import AgendaItem, EarlyInvolvementRequest
    from members.models import ExpertProfile, User
    from signals.models import Signal, SignalNote, SignalStatusChange
    from tables.models import Invitation, Meeting, Table

    return (
        f"{Signal.objects.count():,} signals, {SignalStatusChange.objects.count():,} status changes, "
        f"{SignalNote.objects.count():,} notes, {User.objects.count():,} people, "
        f"{AgendaItem.objects.count():,} agenda items, {EarlyInvolvementRequest.objects.count():,} requests, "
        f"{Table.objects.count():,} tables, {Meeting.objects.count():,} meetings, "
        f"{Invitation.objects.count():,} invitations, {ExpertProfile.objects.count():,} experts, "
        f"{Advice.objects.count():,} advice, {Recommendation.objects.count():,} recommendations"
    )


def facts() -> dict[str, Any]:
    """What the page paths name in braces, read from the database (never assumes the large seed)."""
    from agenda.models import AgendaItem, EarlyInvolvementRequest
    from councils.models import Municipality, Theme
    from signals.forms import TRIAGE_ORDERINGS
    from signals.models import Signal, Status

    velsen = Municipality.objects.get(slug="velsen")
    queue = Signal.objects.filter(municipality=velsen, is_regional=False, referred_to_region_at__isnull=True)
    detail = queue.filter(notes__isnull=False).order_by("-pk").first() or queue.order_by("-pk").first()
    closed = Signal.objects.filter(status=Status.CLOSED).order_by("-pk").first()
    theme = Theme.objects.filter(slug="mantelzorg").first() or Theme.objects.order_by("pk").first()
    # A cursor deep in Velsen's list of every status, newest first: where page 2,000 of 25 used to begin.
    everything = Signal.objects.filter(municipality=velsen).order_by("-created_at", "-pk")
    deep = everything[DEEP_ROWS:].first() or everything.last()
    if detail is None or closed is None or theme is None or deep is None:
        raise RuntimeError("The database has no demo signals: run `manage.py seed_demo` first.")
    item = AgendaItem.objects.public().filter(council__municipality=velsen).order_by("-pk").first()
    requests = EarlyInvolvementRequest.objects.filter(municipality=velsen, council__municipality=velsen)
    involvement = (
        requests.filter(participation_advice__isnull=False).order_by("-pk").first() or requests.order_by("-pk").first()
    )
    if item is None or involvement is None:
        raise RuntimeError("The database has no demo agenda: run `manage.py seed_demo` first.")
    table, meeting = _table_facts(velsen)
    advice = _advice_facts(velsen)
    return {
        "code": closed.tracking_code,
        "velsen_pk": detail.pk,
        "velsen_code": detail.tracking_code,
        "theme": theme.pk,
        "deep_cursor": TRIAGE_ORDERINGS["-created_at"].cursor_for(deep),
        "agenda_pk": item.pk,
        "request_pk": involvement.pk,
        "table_pk": table,
        "meeting_pk": meeting,
        "advice_number": advice.number,
        "advice_pk": advice.pk,
        "advice_year": advice.published_on.year if advice.published_on else "",
        "municipalities": list(Municipality.objects.values_list("pk", flat=True)),
        "themes": list(Theme.objects.values_list("pk", flat=True)),
    }


def _table_facts(velsen: Any) -> tuple[int, int]:
    """A public table of Velsen's council that is at work (the fullest page: seats and meetings), and a
    meeting of Velsen's council with invitations: the newest of each, read along the primary key."""
    from django.db.models import Exists, OuterRef

    from tables.models import Invitation, Meeting, Table, TableStatus

    tables = Table.objects.public().filter(council__municipality=velsen).order_by("-pk")
    table = tables.filter(status=TableStatus.ACTIVE).first() or tables.first()
    invited = Exists(Invitation.objects.filter(meeting_id=OuterRef("pk")))
    meetings = Meeting.objects.filter(council__municipality=velsen).order_by("-pk")
    meeting = meetings.filter(invited).first() or meetings.first()
    if table is None or meeting is None:
        raise RuntimeError("The database has no demo tables: run `manage.py seed_demo` first.")
    return table.pk, meeting.pk


def _advice_facts(velsen: Any) -> Any:
    """The newest published advice of Velsen's council with the college's response (the fullest page:
    recommendations and verdicts side by side), read along the archive's index; a member of Velsen's
    council opens it on the work side too."""
    from advice.models import Advice, AdviceStatus

    published = Advice.objects.published().filter(council__municipality=velsen).order_by("-published_on", "-id")
    advice = published.filter(status__in=[AdviceStatus.ANSWERED, AdviceStatus.CLOSED]).first() or published.first()
    if advice is None or not advice.number:
        raise RuntimeError("The database has no published demo advice: run `manage.py seed_demo` first.")
    return advice


def measure_pdf(advice_pk: int, renders: int = PDF_RENDERS) -> PdfResult:
    """Render the advice's PDF once to warm up and ``renders`` times more, timing each (nothing is stored)."""
    from advice.models import Advice
    from advice.pdf import render_advice_pdf

    advice = Advice.objects.select_related("council", "addressed_municipality").get(pk=advice_pk)
    result = PdfResult(advice.number or str(advice.pk))
    try:
        for index in range(renders + 1):
            began = time.perf_counter()
            data = render_advice_pdf(advice)
            elapsed = time.perf_counter() - began
            if index == 0:
                result.first_seconds = elapsed
                result.pages = pdf_pages(data)
            else:
                result.seconds.append(elapsed)
    except Exception as error:  # a broken renderer is reported, not raised: the pages were measured
        result.errors.append(f"{type(error).__name__}: {error}")
    return result


def measure_rollups() -> tuple[float, int]:
    """Rebuild the regional dashboard's rollups once, as the hourly beat task does, and time it."""
    from ijmond_participatie.regional.rollups import rollups_refresh

    began = time.monotonic()
    refresh = rollups_refresh()
    return time.monotonic() - began, refresh.rows


def pdf_pages(data: bytes) -> int | None:
    import io

    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except Exception:  # the count is informative only
        return None


def login_cookie(email: str) -> dict[str, str]:
    """A logged-in session made directly in the session store, as Django's login() would."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from members.models import User

    if email == ANONYMOUS:
        return {}
    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {settings.SESSION_COOKIE_NAME: session.session_key or ""}


def forget(session_keys: Iterable[str], since: datetime) -> None:
    """Remove what the run left behind: its sessions and the signals the intake sent."""
    from django.contrib.sessions.models import Session

    from signals.models import Signal

    Session.objects.filter(session_key__in=[k for k in session_keys if k]).delete()
    Signal.objects.filter(created_at__gte=since, text__startswith=INTAKE_MARKER).delete()


# --- The run ---------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=None, help="measured requests per page (default 200)")
    parser.add_argument("--quick", action="store_true", help="fewer requests and a smaller load (CI smoke test)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent residents in the intake test")
    parser.add_argument("--no-fail-on-target", action="store_true", help="exit 0 when a target is missed")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args(argv)
    args.warmup = 3 if args.quick else 10
    args.requests = args.requests or (20 if args.quick else 200)
    args.submissions = 2 if args.quick else 10  # per client
    args.floor_requests = 4 if args.quick else 20  # per client
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # A CI timeout sends SIGTERM: leave through the finally below, which stops gunicorn and cleans up.
    signal.signal(signal.SIGTERM, lambda _number, _frame: sys.exit(143))
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("bench: set DATABASE_URL=postgres://… (the benchmark measures PostgreSQL)", file=sys.stderr)
        return 2
    env = server_environment(dict(os.environ))
    os.environ.update(env)  # this process reads the database with the server's settings
    setup_django()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("bench: the database is not migrated: run `manage.py migrate` first", file=sys.stderr)
        return 2

    began = datetime.now(UTC)
    machine = machine_facts()
    machine["data"] = data_size()
    machine["server"] = "gunicorn, 2 sync workers, DEBUG off, " + (
        "Redis cache" if env.get("REDIS_URL") or env.get("CELERY_BROKER_URL", "").startswith("redis") else "file cache"
    )
    machine["database"] = f"PostgreSQL {getattr(connection, 'pg_version', 0) // 10000}"
    per_page = f"{args.requests} after {args.warmup} warm-up" + (" (--quick)" if args.quick else "")
    machine["requests per page"] = per_page
    known = facts()
    print(f"bench: {machine['data']}; {machine['machine']}", flush=True)

    server = Server(free_port(), env)
    sessions: list[str] = []
    report = Report(machine=machine, pages=[])
    try:
        server.wait_until_up()
        users = [ANONYMOUS] + sorted({p.user for p in PAGES if p.user != ANONYMOUS})
        for page in [Page("floor", FLOOR_PATH, user) for user in users] + PAGES:
            cookies = login_cookie(page.user)
            sessions += cookies.values()
            path = page.path.format(**known)
            result = measure_page(server.port, page, path, cookies, requests=args.requests, warmup=args.warmup)
            report.pages.append(result)
            print(
                f"  {page.name:28} {page.user:24} median {_ms(result.median):>8} p95 {_ms(result.p95):>8} ms  "
                f"queries {result.max_queries}  errors {len(result.errors)}",
                flush=True,
            )
        report.intake, report.intake_floor, intake_sessions = intake(server.port, args, known)
        sessions += intake_sessions
        report.memory = server.worker_memory()
        print(f"  advice PDF: {PDF_RENDERS} renders of {known['advice_number']}", flush=True)
        report.pdf = measure_pdf(known["advice_pk"])
        print(
            f"  advice PDF median {_seconds(report.pdf.median)} s, slowest {_seconds(report.pdf.slowest)} s "
            f"({report.pdf.pages} pages, errors {len(report.pdf.errors)})",
            flush=True,
        )
        report.rollup_seconds, report.rollup_rows = measure_rollups()
        print(f"  regional rollups: {report.rollup_seconds:.1f} s, {report.rollup_rows:,} rows", flush=True)
    except RuntimeError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    finally:
        server.stop()
        forget(sessions, began)
    if report.has_errors:
        print(f"bench: the server's log ({server.log.name}) ends with:\n{server.log_tail()}", file=sys.stderr)
    else:
        Path(server.log.name).unlink(missing_ok=True)

    text = render(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(text)
    print(f"bench: written to {args.output}")
    return exit_code(report, fail_on_target=not args.no_fail_on_target)


def exit_code(report: Report, *, fail_on_target: bool) -> int:
    """2 for an error (always), 1 for a missed target (unless told not to), else 0."""
    if report.has_errors:
        return 2
    if not report.all_met and fail_on_target:
        return 1
    return 0


def intake(port: int, args: argparse.Namespace, known: dict[str, Any]) -> tuple[LoadResult, LoadResult, list[str]]:
    jars: list[dict[str, str]] = [{} for _ in range(args.clients)]
    municipalities, themes = known["municipalities"], known["themes"]

    def submit(client: int, n: int) -> Sample:
        return submit_signal(
            port,
            jars[client],
            municipality=municipalities[(client + n) % len(municipalities)],
            theme=themes[(client * 7 + n) % len(themes)] if n % 4 else None,
            text=f"{INTAKE_MARKER} De bushalte bij ons in de straat is weg; bewoner {client}, signaal {n}.",
        )

    def floor(_client: int, _n: int) -> Sample:
        sample = request(port, FLOOR_PATH)
        if sample.status != 200:
            raise IntakeError(f"GET {FLOOR_PATH}: HTTP {sample.status}")
        return sample

    print(f"  intake: {args.clients} clients × {args.submissions} submissions", flush=True)
    submissions = run_load("signal intake (GET + POST /signaal/)", args.clients, args.submissions, submit)
    floor_load = run_load(f"floor page {FLOOR_PATH}", args.clients, args.floor_requests, floor)
    print(
        f"  intake {submissions.per_second:.1f}/s (errors {len(submissions.errors)}), "
        f"floor {floor_load.per_second:.1f}/s (errors {len(floor_load.errors)})",
        flush=True,
    )
    from django.conf import settings

    keys = [jar.get(settings.SESSION_COOKIE_NAME, "") for jar in jars]
    return submissions, floor_load, keys


if __name__ == "__main__":
    sys.exit(main())
