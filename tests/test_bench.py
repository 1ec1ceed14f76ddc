"""bench/run.py's arithmetic and verdicts, on made-up numbers (the real run needs gunicorn and a big
database: ``make bench``)."""

from __future__ import annotations

import math

import pytest

from bench.run import (
    ANONYMOUS,
    FLOOR_PATH,
    PAGES,
    LoadResult,
    PageResult,
    PdfResult,
    Report,
    exit_code,
    judge_intake,
    judge_page,
    judge_pdf,
    parse_server_timing,
    percentile,
    render,
)

MACHINE = {"date": "2026-01-01 12:00 UTC", "machine": "2 cores", "data": "1,000,000 signals"}


def page(name: str, user: str, times: list[float], queries: int = 5, *, floor: bool = False) -> PageResult:
    return PageResult(
        name,
        user,
        FLOOR_PATH if floor else f"/{name}/",
        server_ms=list(times),
        round_trip_ms=[t + 1 for t in times],
        queries=[queries] * len(times),
        is_floor=floor,
    )


def load(per_second: float, errors: int = 0, seconds: float = 10) -> LoadResult:
    result = LoadResult("load", 50, durations_ms=[100.0] * int(per_second * seconds), wall_seconds=seconds)
    result.errors = ["HTTP 500"] * errors
    return result


def test_percentile_and_median_by_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.5) == 50
    assert percentile([7.0], 0.95) == 7
    result = page("home", ANONYMOUS, [10, 30, 20])
    assert result.median == 20
    assert result.p95 == 30


def test_server_timing_header_is_read():
    assert parse_server_timing('app;dur=12.50, db;dur=3.10, queries;desc="7"') == (12.5, 7)
    assert parse_server_timing("queries;desc=3, app;dur=1") == (1.0, 3)
    assert parse_server_timing(None) == (None, None)


def test_round_trip_is_used_when_the_server_did_not_report_its_time():
    result = PageResult("home", ANONYMOUS, "/", server_ms=[], round_trip_ms=[4.0, 6.0])
    assert result.times == [4.0, 6.0]


def test_a_page_meets_the_target_within_five_times_its_floor_and_twenty_queries():
    floor = page("floor", ANONYMOUS, [10.0] * 20, floor=True)
    assert judge_page(page("home", ANONYMOUS, [50.0] * 20, queries=20), floor).met
    slow = judge_page(page("home", ANONYMOUS, [51.0] * 20), floor)
    assert not slow.met
    assert slow.ratio == 5.1
    assert slow.reasons == ("p95 5.1× floor",)
    chatty = judge_page(page("home", ANONYMOUS, [20.0] * 20, queries=21), floor)
    assert chatty.reasons == ("21 queries",)
    failing = page("home", ANONYMOUS, [20.0] * 20)
    failing.errors = ["HTTP 500"]
    assert not judge_page(failing, floor).met
    assert not judge_page(page("home", ANONYMOUS, [1.0]), None).met


def test_each_page_is_compared_with_the_floor_of_its_own_user():
    report = Report(
        MACHINE,
        [
            page("floor", ANONYMOUS, [2.0] * 10, floor=True),
            page("floor", "lid", [20.0] * 10, floor=True),
            page("triage", "lid", [90.0] * 10),
        ],
    )
    verdicts = report.verdicts()
    assert verdicts[0][1] is None and verdicts[1][1] is None  # floors are not judged against themselves
    assert verdicts[2][1].met
    assert verdicts[2][1].ratio == 4.5  # 90 / 20, not 90 / 2


def test_intake_needs_half_the_floor_throughput_and_no_errors():
    assert judge_intake(load(50), load(100)).met
    assert not judge_intake(load(49), load(100)).met
    assert judge_intake(load(49), load(100)).reasons == ("49% of floor throughput",)
    assert not judge_intake(load(80, errors=1), load(100)).met
    assert not judge_intake(load(80), load(0)).met
    assert math.isclose(judge_intake(load(30), load(60)).ratio, 0.5)


def test_exit_code_and_table():
    floor = page("floor", ANONYMOUS, [10.0] * 20, floor=True)
    good = Report(MACHINE, [floor, page("home", ANONYMOUS, [30.0] * 20)], load(60), load(100), [(1, 90_000, 95_000)])
    assert good.all_met and not good.has_errors
    assert exit_code(good, fail_on_target=True) == 0
    text = render(good)
    assert "| home `/home/` | anoniem | 30.0 | 30.0 | 31.0 | 3.0 | 5 | yes |" in text
    assert "| floor `/toegankelijkheid/` | anoniem | 10.0 | 10.0 | 11.0 | 1.0 (floor) | 5 | floor |" in text
    assert "1,000,000 signals" in text
    assert "Intake throughput: 60% of the floor page's. Target met: yes." in text
    assert "| 1 | 88 | 93 |" in text  # worker memory in MB
    assert "**Result: every target met.**" in text

    missed = Report(MACHINE, [floor, page("home", ANONYMOUS, [80.0] * 20)], load(60), load(100))
    assert exit_code(missed, fail_on_target=True) == 1
    assert exit_code(missed, fail_on_target=False) == 0  # the CI smoke test
    assert "| no: p95 8.0× floor |" in render(missed)

    broken = Report(MACHINE, [floor, page("home", ANONYMOUS, [30.0] * 20)], load(60, errors=2), load(100))
    assert exit_code(broken, fail_on_target=False) == 2  # an error always fails
    assert "**Result: errors (see above).**" in render(broken)


def test_the_page_list_names_only_facts_the_bench_reads():
    known = {
        "code": "ABCD-EFGH",
        "velsen_pk": 1,
        "velsen_code": "ABCD-EFGH",
        "theme": 2,
        "deep_cursor": "7.1700000000",
        "agenda_pk": 3,
        "request_pk": 4,
        "table_pk": 5,
        "meeting_pk": 6,
        "advice_number": "VEL-2026-007",
        "advice_pk": 7,
        "advice_year": 2026,
    }
    for entry in PAGES:
        assert entry.path.format(**known).startswith("/")


def test_the_agenda_pages_are_measured_for_a_member_and_a_policy_advisor():
    from bench.run import BELEID_VELSEN, LID_VELSEN

    measured = {(entry.path, entry.user) for entry in PAGES}
    assert {
        ("/agenda/", ANONYMOUS),
        ("/agenda/?gemeente=regio", ANONYMOUS),
        ("/agenda/{agenda_pk}/", ANONYMOUS),
        ("/agenda/voorstel/", ANONYMOUS),
        ("/werk/agenda/", LID_VELSEN),
        ("/werk/agenda/", BELEID_VELSEN),
        ("/werk/verzoeken/", LID_VELSEN),
        ("/werk/verzoeken/", BELEID_VELSEN),
        ("/werk/verzoeken/{request_pk}/", LID_VELSEN),
    } <= measured


@pytest.mark.django_db
def test_the_facts_name_an_agenda_item_and_a_request_both_users_may_open():
    from django.core.management import call_command

    from agenda.models import AgendaItem, EarlyInvolvementRequest
    from bench.run import BELEID_VELSEN, LID_VELSEN, facts
    from members.models import User

    call_command("seed_demo", verbosity=0)
    known = facts()
    item = AgendaItem.objects.get(pk=known["agenda_pk"])
    assert item.is_public and item.council.municipality.slug == "velsen"
    involvement = EarlyInvolvementRequest.objects.get(pk=known["request_pk"])
    assert hasattr(involvement, "participation_advice")  # the fuller page
    for email in (LID_VELSEN, BELEID_VELSEN):
        assert (
            EarlyInvolvementRequest.objects.for_user(User.objects.get(email=email)).filter(pk=involvement.pk).exists()
        )


def test_the_table_pages_are_measured_for_a_member_and_a_policy_advisor():
    from bench.run import BELEID_VELSEN, LID_VELSEN

    measured = {(entry.path, entry.user) for entry in PAGES}
    assert {
        ("/tafels/", ANONYMOUS),
        ("/tafels/{table_pk}/", ANONYMOUS),
        ("/expertteam/", ANONYMOUS),
        ("/werk/netwerk/", LID_VELSEN),
    } <= measured
    for path in (
        "/werk/tafels/",
        "/werk/tafels/{table_pk}/",
        "/werk/bijeenkomsten/",
        "/werk/bijeenkomsten/{meeting_pk}/",
    ):
        assert {(path, LID_VELSEN), (path, BELEID_VELSEN)} <= measured, path


@pytest.mark.django_db
def test_the_facts_name_a_public_table_and_a_meeting_both_users_may_open():
    from django.core.management import call_command

    from bench.run import BELEID_VELSEN, LID_VELSEN, facts
    from members.models import User
    from tables.models import Meeting, Table, TableStatus

    call_command("seed_demo", verbosity=0)
    known = facts()
    table = Table.objects.get(pk=known["table_pk"])
    assert table.is_public and table.status == TableStatus.ACTIVE and table.council.municipality.slug == "velsen"
    assert table.seats.count() >= 5 and table.meetings.exists()
    meeting = Meeting.objects.get(pk=known["meeting_pk"])
    assert meeting.invitations.exists()
    for email in (LID_VELSEN, BELEID_VELSEN):
        user = User.objects.get(email=email)
        assert Table.objects.for_user(user).filter(pk=table.pk).exists()
        assert Meeting.objects.for_user(user).filter(pk=meeting.pk).exists()


def test_the_advice_pages_are_measured_for_residents_a_member_and_a_policy_advisor():
    from bench.run import BELEID_VELSEN, LID_VELSEN

    measured = {(entry.path, entry.user) for entry in PAGES}
    assert {
        ("/adviezen/", ANONYMOUS),
        ("/adviezen/?q=mantelzorg", ANONYMOUS),
        ("/adviezen/?gemeente=velsen&jaar={advice_year}", ANONYMOUS),
        ("/adviezen/{advice_number}/", ANONYMOUS),
        ("/wat-is-ermee-gedaan/", ANONYMOUS),
        ("/werk/adviezen/", LID_VELSEN),
        ("/werk/adviezen/", BELEID_VELSEN),
        ("/werk/adviezen/{advice_pk}/", LID_VELSEN),
    } <= measured


def test_the_advice_pdf_meets_its_target_at_one_second_and_is_its_own_line():
    floor = page("floor", ANONYMOUS, [10.0] * 20, floor=True)
    fast = PdfResult("VEL-2026-007", seconds=[0.3] * 9 + [1.4], first_seconds=1.8, pages=3)
    assert judge_pdf(fast).met  # the median counts; the slowest is shown beside it
    report = Report(MACHINE, [floor, page("home", ANONYMOUS, [30.0] * 20)], load(60), load(100), pdf=fast)
    assert report.all_met and exit_code(report, fail_on_target=True) == 0
    text = render(report)
    assert "| advice PDF render (3 pages) | 10 | 0.30 | 1.40 | yes |" in text
    assert "VEL-2026-007" in text

    slow = PdfResult("VEL-2026-007", seconds=[1.2] * 10, first_seconds=2.0, pages=3)
    assert judge_pdf(slow).reasons == ("median 1.20 s",)
    missed = Report(MACHINE, [floor, page("home", ANONYMOUS, [30.0] * 20)], load(60), load(100), pdf=slow)
    assert exit_code(missed, fail_on_target=True) == 1
    assert "| no: median 1.20 s |" in render(missed)

    broken = PdfResult("VEL-2026-007", errors=["OSError: cannot load library 'pango'"])
    assert not judge_pdf(broken).met
    failed = Report(MACHINE, [floor, page("home", ANONYMOUS, [30.0] * 20)], load(60), load(100), pdf=broken)
    assert exit_code(failed, fail_on_target=False) == 2  # an error always fails


@pytest.mark.django_db
def test_the_facts_name_a_published_advice_of_velsen_with_a_response_both_users_may_open():
    from django.core.management import call_command

    from advice.models import Advice, AdviceStatus
    from bench.run import BELEID_VELSEN, LID_VELSEN, facts
    from members.models import User

    call_command("seed_demo", verbosity=0)
    known = facts()
    advice = Advice.objects.get(pk=known["advice_pk"])
    assert advice.number == known["advice_number"]
    assert advice.published_on and advice.published_on.year == known["advice_year"]
    assert advice.council.municipality.slug == "velsen"
    assert advice.status in (AdviceStatus.ANSWERED, AdviceStatus.CLOSED) and hasattr(advice, "response")
    assert Advice.objects.published().filter(pk=advice.pk).exists()
    for email in (LID_VELSEN, BELEID_VELSEN):
        assert Advice.objects.for_user(User.objects.get(email=email)).filter(pk=advice.pk).exists()


@pytest.mark.django_db
def test_the_advice_pdf_is_measured_without_storing_anything():
    from django.core.management import call_command

    from advice.models import Advice
    from bench.run import facts, measure_pdf

    call_command("seed_demo", verbosity=0)
    known = facts()
    result = measure_pdf(known["advice_pk"], renders=2)
    assert not result.errors
    assert len(result.seconds) == 2 and result.first_seconds > 0
    assert result.pages and result.pages >= 1
    assert not Advice.objects.get(pk=known["advice_pk"]).pdf_sha256  # rendered, not stored
