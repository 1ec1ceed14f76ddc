"""Writes on the councils' support requests and yearly self-evaluations; each rule a test checks lives here once.

Support requests: a council's member asks, the regional support team takes and answers. Mail goes at once
only to whoever must act (DESIGN.md rule 9): a new request to every active support team member, the answer
to the member who asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infrastructure.mail import queue_templated_mail
from members.access import scope_for
from members.models import Role, RoleAssignment, User

from .models import (
    SELF_EVALUATION_QUESTIONS,
    Council,
    SelfEvaluation,
    SelfEvaluationAnswer,
    SelfEvaluationStatus,
    SupportRequest,
    SupportStatus,
)


def _absolute(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


# --- Support requests ------------------------------------------------------------------------------


def support_team_recipients() -> list[tuple[str, str]]:
    """The support team today: every active person with the regional role ondersteuner, as (key, address).
    The key names the recipient in a dedup key without putting an address there (keys outlive the mail)."""
    rows = (
        RoleAssignment.objects.active()
        .filter(
            role=Role.ONDERSTEUNER,
            council__isnull=True,
            municipality__isnull=True,
            person__is_active=True,
        )
        .values_list("person_id", "person__email")
        .order_by("person_id")
        .distinct()
    )
    return [(f"person-{person_id}", email) for person_id, email in rows]


def _support_context(support: SupportRequest) -> dict[str, object]:
    return {
        "support": support,
        "council": support.council,
        "title": support.title,
        "support_url": _absolute(support.get_absolute_url()),
    }


@transaction.atomic
def support_request_create(
    *,
    council: Council,
    kind: str,
    title: str,
    description: str,
    wanted_by: date,
    by: User,
) -> SupportRequest:
    """A member asks the support team for help for a council they sit on; the team is mailed at once."""
    if not scope_for(by).sits_on(council.pk):
        raise ValidationError({"council": _("U kunt alleen hulp vragen voor een raad waarin u zit.")})
    if wanted_by < timezone.localdate():
        raise ValidationError({"wanted_by": _("Kies vandaag of een datum in de toekomst.")})
    support = SupportRequest(
        council=council,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        wanted_by=wanted_by,
        requested_by=by,
        status=SupportStatus.OPEN,
    )
    support.full_clean()
    support.save()
    for key, address in support_team_recipients():
        queue_templated_mail(
            to=address,
            subject=gettext_lazy("Nieuwe ondersteuningsvraag van %(council_name)s: %(title)s"),
            template="councils/mail/support_requested.txt",
            context={**_support_context(support), "council_name": council.name},
            dedup_key=f"support-requested:{support.pk}:{key}",
        )
    return support


def _lock(support: SupportRequest) -> SupportRequest:
    return (
        SupportRequest.objects.select_for_update(of=("self",))
        .select_related("council", "requested_by")
        .get(pk=support.pk)
    )


@transaction.atomic
def support_request_take(*, support: SupportRequest, by: User) -> SupportRequest:
    """A support team member takes an open request in hand (in behandeling)."""
    support = _lock(support)
    if support.status != SupportStatus.OPEN:
        raise ValidationError(_("Deze vraag is al in behandeling genomen."))
    support.status = SupportStatus.IN_PROGRESS
    support.taken_at = timezone.now()
    support.handled_by = by
    support.full_clean()
    support.save(update_fields=["status", "taken_at", "handled_by"])
    return support


@transaction.atomic
def support_request_close(*, support: SupportRequest, answer: str, by: User) -> SupportRequest:
    """The support team answers and closes a request (the answer is required: it is what the council
    gets); the member who asked is mailed the answer."""
    support = _lock(support)
    if support.status == SupportStatus.CLOSED:
        raise ValidationError(_("Deze vraag is al afgerond."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Schrijf op wat het ondersteuningsteam heeft gedaan of geadviseerd.")})
    now = timezone.now()
    if support.taken_at is None:
        support.taken_at = now
    if support.handled_by_id is None:
        support.handled_by = by
    support.status = SupportStatus.CLOSED
    support.answer = answer
    support.closed_at = now
    support.full_clean()
    support.save(update_fields=["status", "answer", "closed_at", "taken_at", "handled_by"])
    asker = support.requested_by
    if asker is not None and asker.is_active:
        queue_templated_mail(
            to=asker.email,
            subject=gettext_lazy("Antwoord op uw ondersteuningsvraag: %(title)s"),
            template="councils/mail/support_answered.txt",
            context=_support_context(support),
            dedup_key=f"support-answered:{support.pk}",
        )
    return support


# --- Self-evaluation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerInput:
    score: int | None
    reflection: str = ""


QUESTION_CODES = [code for code, _text in SELF_EVALUATION_QUESTIONS]


def _refuse_if_submitted(evaluation: SelfEvaluation) -> None:
    if evaluation.is_submitted:
        raise ValidationError(_("Deze zelfevaluatie is ingediend en kan niet meer worden gewijzigd."))


@transaction.atomic
def self_evaluation_save(
    *,
    council: Council,
    year: int,
    answers: Mapping[str, AnswerInput],
    conclusion: str,
    by: User,
) -> SelfEvaluation:
    """Save a council's evaluation of ``year`` as a concept (created on the first save): a score (1–5, or
    none yet) and a reflection per question. A member of the council only; never after it was submitted."""
    if not scope_for(by).sits_on(council.pk):
        raise ValidationError(_("Alleen leden van de raad vullen de zelfevaluatie in."))
    unknown = set(answers) - set(QUESTION_CODES)
    if unknown:
        raise ValidationError(_("Onbekende vraag: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    evaluation, _created = SelfEvaluation.objects.get_or_create(council=council, year=year)
    # Locked, so that a submit in between is seen (and a second save waits for the first).
    evaluation = SelfEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    _refuse_if_submitted(evaluation)
    evaluation.conclusion = conclusion.strip()
    evaluation.updated_at = timezone.now()
    evaluation.updated_by = by
    evaluation.full_clean()
    evaluation.save(update_fields=["conclusion", "updated_at", "updated_by"])
    existing = {answer.question: answer for answer in evaluation.answers.all()}
    to_create: list[SelfEvaluationAnswer] = []
    to_update: list[SelfEvaluationAnswer] = []
    for code, given in answers.items():
        answer = existing.get(code) or SelfEvaluationAnswer(evaluation=evaluation, question=code)
        answer.score = given.score
        answer.reflection = given.reflection.strip()
        answer.full_clean(exclude=["evaluation"], validate_unique=False)
        (to_update if answer.pk else to_create).append(answer)
    SelfEvaluationAnswer.objects.bulk_create(to_create)
    SelfEvaluationAnswer.objects.bulk_update(to_update, ["score", "reflection"])
    return evaluation


def missing_scores(evaluation: SelfEvaluation) -> list[str]:
    """The questions (their text) that have no score yet, in the questionnaire's order."""
    scored = set(
        SelfEvaluationAnswer.objects.filter(evaluation=evaluation, score__isnull=False).values_list(
            "question", flat=True
        )
    )
    return [str(text) for code, text in SELF_EVALUATION_QUESTIONS if code not in scored]


@transaction.atomic
def self_evaluation_submit(*, evaluation: SelfEvaluation, by: User) -> SelfEvaluation:
    """The chair or secretary submits: every question needs a score. Then it is read-only for good."""
    if not scope_for(by).chairs(evaluation.council_id):
        raise ValidationError(_("Alleen de voorzitter of de secretaris dient de zelfevaluatie in."))
    evaluation = SelfEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    _refuse_if_submitted(evaluation)
    missing = missing_scores(evaluation)
    if missing:
        raise ValidationError(
            _("Geef eerst een score bij elke vraag. Nog geen score bij: %(questions)s")
            % {"questions": "; ".join(missing)}
        )
    evaluation.status = SelfEvaluationStatus.SUBMITTED
    evaluation.submitted_at = timezone.now()
    evaluation.submitted_by = by
    evaluation.full_clean()
    evaluation.save(update_fields=["status", "submitted_at", "submitted_by"])
    return evaluation
