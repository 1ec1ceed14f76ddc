"""Permission-matrix rows for the regional pages (see tests/test_permission_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone

from . import factories as f
from .conftest import World
from .matrix_base import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, PUBLIC, REDIRECT, Row, _cached, expect, url

# --- Good practice and annual reports ("practice-", "report-") --------------------------------------------
# A Velsen table or advice to mark: Velsen's members mark it; those who may see it (Velsen's policy advisor,
# the regional readers) get 403; everyone else 404.
VELSEN_MARK = expect(
    anonymous=REDIRECT,
    default=NOT_FOUND,
    lid_velsen=OK,
    voorzitter_velsen=OK,
    beleid_velsen=FORBIDDEN,
    aanjager=FORBIDDEN,
    ondersteuning=FORBIDDEN,
    beheer=FORBIDDEN,
)
VELSEN_MARK_POST = {**VELSEN_MARK, "lid_velsen": REDIRECT, "voorzitter_velsen": REDIRECT}
# Removing a mark: Velsen's members; the regional readers see the mark but may not remove it.
VELSEN_UNMARK = {**VELSEN_MARK_POST, "beleid_velsen": NOT_FOUND}
# The annual reports: members of any council and the regional readers.
REPORT_LIST = expect(
    anonymous=REDIRECT,
    default=FORBIDDEN,
    lid_beverwijk=OK,
    lid_heemskerk=OK,
    lid_velsen=OK,
    voorzitter_velsen=OK,
    lid_regio=OK,
    aanjager=OK,
    ondersteuning=OK,
    beheer=OK,
)
# Velsen's report: its members and the regional readers read it; others 404.
VELSEN_REPORT_READ = expect(
    anonymous=REDIRECT,
    default=NOT_FOUND,
    lid_velsen=OK,
    voorzitter_velsen=OK,
    aanjager=OK,
    ondersteuning=OK,
    beheer=OK,
)
# The foreword: Velsen's members write it; the regional readers may not.
VELSEN_REPORT_WRITE = {
    **VELSEN_REPORT_READ,
    "lid_velsen": REDIRECT,
    "voorzitter_velsen": REDIRECT,
    "aanjager": FORBIDDEN,
    "ondersteuning": FORBIDDEN,
    "beheer": FORBIDDEN,
}
# Adoption: the chair (or secretary) alone; other readers 403.
VELSEN_REPORT_ADOPT = {**VELSEN_REPORT_READ, "lid_velsen": FORBIDDEN, "aanjager": FORBIDDEN}
VELSEN_REPORT_ADOPT.update(ondersteuning=FORBIDDEN, beheer=FORBIDDEN)
VELSEN_REPORT_ADOPT_POST = {**VELSEN_REPORT_ADOPT, "voorzitter_velsen": REDIRECT}


def _last_year() -> int:
    return timezone.localdate().year - 1


def _practice_table(world: World):
    return _cached(world, "practice-table", lambda: f.ConcludedTableFactory(council=world.velsen_council))


def _practice_advice(world: World):
    def build():
        from tests.regional.helpers import advice_in_state

        return advice_in_state(world.velsen_council, "verzonden")

    return _cached(world, "practice-advice", build)


def _practice(world: World):
    return _cached(
        world,
        "practice-mark",
        lambda: f.GoodPracticeFactory(table=f.ConcludedTableFactory(council=world.velsen_council)),
    )


def _mark_url(kind: str) -> Callable[[World], str]:
    def build(world: World) -> str:
        if kind == "tafel":
            return f"{reverse('good_practice_create')}?tafel={_practice_table(world).pk}"
        return f"{reverse('good_practice_create')}?advies={_practice_advice(world).pk}"

    return build


def _report_url(name: str, year_back: int = 1) -> Callable[[World], str]:
    return lambda world: reverse(
        name, kwargs={"council": world.velsen_council.slug, "year": timezone.localdate().year - year_back}
    )


def _adopted_report_url(world: World) -> str:
    def build():
        from ijmond_participatie.regional.services import annual_report_adopt

        return annual_report_adopt(
            council=world.velsen_council, year=_last_year() - 1, sections=[], by=world.people["voorzitter_velsen"]
        )

    report = _cached(world, "report-adopted", build)
    return reverse("annual_report_public", kwargs={"council": world.velsen_council.slug, "year": report.year})


def _to_report_detail(world: World) -> str:
    return reverse("annual_report_detail", kwargs={"council": world.velsen_council.slug, "year": _last_year()})


ROWS: dict[str, Row] = {
    # Good practice (issue 12, point 5)
    "practice-list": Row(url("good_practice_list"), PUBLIC),
    "practice-create-table": Row(_mark_url("tafel"), VELSEN_MARK),
    "practice-create-advice": Row(_mark_url("advies"), VELSEN_MARK),
    "practice-create-post": Row(
        _mark_url("tafel"),
        VELSEN_MARK_POST,
        method="post",
        data={"lesson": "Begin met de cliënten."},
        goes_to={"signed_in": lambda w: _practice_table(w).get_absolute_url()},
    ),
    "practice-delete-get": Row(
        lambda w: reverse("good_practice_delete", args=[_practice(w).pk]),
        expect(anonymous=REDIRECT, default=NOT_ALLOWED),
    ),
    "practice-delete": Row(
        lambda w: reverse("good_practice_delete", args=[_practice(w).pk]),
        VELSEN_UNMARK,
        method="post",
        goes_to={"signed_in": lambda w: reverse("good_practice_list")},
    ),
    # Annual reports (issue 12, point 7)
    "report-list": Row(url("annual_report_list"), REPORT_LIST),
    "report-detail": Row(_report_url("annual_report_detail"), VELSEN_REPORT_READ),
    "report-foreword": Row(
        _report_url("annual_report_detail"),
        VELSEN_REPORT_WRITE,
        method="post",
        data={"foreword": "Een goed jaar."},
        goes_to={"signed_in": _to_report_detail},
    ),
    "report-pdf-draft": Row(_report_url("annual_report_pdf"), VELSEN_REPORT_READ),
    "report-adopt-confirm": Row(_report_url("annual_report_adopt"), VELSEN_REPORT_ADOPT),
    "report-adopt": Row(
        _report_url("annual_report_adopt"),
        VELSEN_REPORT_ADOPT_POST,
        method="post",
        goes_to={"signed_in": _to_report_detail},
    ),
    "report-public": Row(_adopted_report_url, PUBLIC),
    "report-public-draft": Row(_report_url("annual_report_public"), expect(anonymous=NOT_FOUND, default=NOT_FOUND)),
}

# --- The dashboard and the evaluation criteria ("dashboard-", "criteria-") ---------------------------------
# The aanjager; read-only for the regional council's members and the other regional readers (support team,
# beheerder). Local members and policy advisors: 403 (their council's figures are in its annual report).
DASHBOARD = expect(anonymous=REDIRECT, default=FORBIDDEN, lid_regio=OK, aanjager=OK, ondersteuning=OK, beheer=OK)
# Setting the yardsticks and refreshing on demand: the aanjager alone.
AANJAGER_ONLY = expect(anonymous=REDIRECT, default=FORBIDDEN, aanjager=OK)
AANJAGER_POST = expect(anonymous=REDIRECT, default=FORBIDDEN, aanjager=REDIRECT)


def _criterion(world: World):
    from ijmond_participatie.models import EvaluationCriterion

    return _cached(
        world,
        "criterion",
        lambda: EvaluationCriterion.objects.create(
            name="Elke tafel heeft een cliëntenplaats", metric="tafels_clientplaats", default_target=100
        ),
    )


def _criterion_url(world: World) -> str:
    return reverse("regional_criterion_edit", args=[_criterion(world).pk])


CRITERION_DATA = {"name": "Adviezen op tijd", "metric": "adviezen_op_tijd", "default_target": "90", "order": "1"}
TO_CRITERIA = {"aanjager": lambda w: reverse("regional_criteria")}

ROWS.update(
    {
        "dashboard": Row(url("regional_dashboard"), DASHBOARD),
        "dashboard-csv": Row(url("regional_dashboard_csv"), DASHBOARD),
        "dashboard-figure-csv": Row(url("regional_figure_csv", figure="signalen-per-thema"), DASHBOARD),
        "dashboard-figure-csv-unknown": Row(
            url("regional_figure_csv", figure="bestaat-niet"),
            {**DASHBOARD, **dict.fromkeys(["lid_regio", "aanjager", "ondersteuning", "beheer"], NOT_FOUND)},
        ),
        "dashboard-refresh-get": Row(url("regional_refresh"), expect(anonymous=REDIRECT, default=NOT_ALLOWED)),
        "dashboard-refresh": Row(
            url("regional_refresh"),
            AANJAGER_POST,
            method="post",
            goes_to={"aanjager": lambda w: reverse("regional_dashboard")},
        ),
        "criteria-list": Row(url("regional_criteria"), DASHBOARD),
        "criteria-create": Row(url("regional_criterion_create"), AANJAGER_ONLY),
        "criteria-create-post": Row(
            url("regional_criterion_create"), AANJAGER_POST, method="post", data=CRITERION_DATA, goes_to=TO_CRITERIA
        ),
        "criteria-edit": Row(_criterion_url, AANJAGER_ONLY),
        "criteria-edit-post": Row(
            _criterion_url, AANJAGER_POST, method="post", data=CRITERION_DATA, goes_to=TO_CRITERIA
        ),
    }
)
