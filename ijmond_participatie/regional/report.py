"""A council's annual report as a tagged PDF (issue 12, point 7): WeasyPrint's PDF/UA-1 variant, set in the
fonts the advice letter ships (``advice/fonts/``) and fetching nothing else, like ``advice.pdf``.

It holds the council's figures of the year with their charts (inline SVG), the advice adopted that year
with the college's verdict per recommendation, the tables held that year, the self-evaluation (if it was
submitted) and the foreword. A draft says CONCEPT on every page. The figures are a parameter
(``regional.figures.council_sections``), so that the report can be rendered from figures built by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from advice.models import ADOPTED_STATUSES, Advice, Recommendation
from advice.pdf import render_shipped_pdf
from councils.models import SELF_EVALUATION_QUESTIONS, SelfEvaluation, SelfEvaluationStatus
from tables.models import Table, TableStatus

from ..models import AnnualReport
from .charts import render_chart
from .types import Section

# The report goes to the council's residents and the municipality: Dutch, whatever the request's language.
REPORT_LANGUAGE = "nl"
TABLE_STATUSES_HELD = (TableStatus.ACTIVE, TableStatus.CONCLUDING, TableStatus.CONCLUDED)


@dataclass(frozen=True)
class EvaluationAnswer:
    question: str
    score: int | None
    reflection: str


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def report_advice(report: AnnualReport) -> list[Advice]:
    """The council's advice adopted in the report's year, by number, with recommendations and response."""
    return list(
        Advice.objects.filter(council_id=report.council_id, number_year=report.year, status__in=ADOPTED_STATUSES)
        .select_related("addressed_municipality", "response")
        .prefetch_related(Prefetch("recommendations", queryset=Recommendation.objects.order_by("number")))
        .order_by("number_sequence")
    )


def report_tables(report: AnnualReport) -> list[Table]:
    """The tables the council held in the year: active (or concluding) at some time in it, or concluded."""
    start, end = _year_bounds(report.year)
    return list(
        Table.objects.filter(council_id=report.council_id, status__in=TABLE_STATUSES_HELD, created_at__lt=end)
        .filter(Q(concluded_at__isnull=True) | Q(concluded_at__gte=start))
        .order_by("created_at", "pk")
    )


def report_self_evaluation(report: AnnualReport) -> tuple[SelfEvaluation | None, list[EvaluationAnswer]]:
    """The year's self-evaluation if it was submitted, its answers in the order of the fixed questions."""
    evaluation = (
        SelfEvaluation.objects.filter(
            council_id=report.council_id, year=report.year, status=SelfEvaluationStatus.SUBMITTED
        )
        .prefetch_related("answers")
        .first()
    )
    if evaluation is None:
        return None, []
    by_code = {answer.question: answer for answer in evaluation.answers.all()}
    answers = [
        EvaluationAnswer(question=str(text), score=by_code[code].score, reflection=by_code[code].reflection)
        for code, text in SELF_EVALUATION_QUESTIONS
        if code in by_code
    ]
    return evaluation, answers


def _context(report: AnnualReport, sections: Sequence[Section], *, draft: bool) -> dict[str, Any]:
    council = report.council
    evaluation, answers = report_self_evaluation(report)
    if draft:
        title = _("Concept-jaarverslag %(year)s – %(council)s") % {"year": report.year, "council": council.name}
    else:
        title = _("Jaarverslag %(year)s – %(council)s") % {"year": report.year, "council": council.name}
    return {
        "report": report,
        "council": council,
        "draft": draft,
        "title": title,
        "today": timezone.localdate(),
        "sections": [
            {"section": section, "figures": [(figure, render_chart(figure)) for figure in section.figures]}
            for section in sections
            if section.figures
        ],
        "advice": report_advice(report),
        "tables": report_tables(report),
        "evaluation": evaluation,
        "answers": answers,
    }


def render_annual_report(report: AnnualReport, sections: Sequence[Section], *, draft: bool | None = None) -> bytes:
    """The report as PDF bytes; a draft (by default: a report not adopted) is marked CONCEPT."""
    draft = not report.is_adopted if draft is None else draft
    with translation.override(REPORT_LANGUAGE):
        return render_shipped_pdf(
            template="regional/report/annual_report.html",
            stylesheet="regional/report/annual_report.css",
            context=_context(report, sections, draft=draft),
        )
