"""Permission-matrix rows for the support requests and the self-evaluation (see tests/test_permission_matrix.py).

Every row's name starts with "support-": ``pytest tests/test_permission_matrix.py -k support-``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone

from councils.models import SELF_EVALUATION_QUESTIONS, Council, SelfEvaluation, SupportRequest

from . import factories as f
from .conftest import World
from .matrix_base import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Row, _cached, expect, url

# Members of any council, and the regional readers.
SEATED_OR_REGION = expect(
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
# Asking for help: members of a council only; the support team does not ask itself.
SEATED = {**SEATED_OR_REGION, "aanjager": FORBIDDEN, "ondersteuning": FORBIDDEN, "beheer": FORBIDDEN}
# A Velsen request or evaluation: read by Velsen's members and the regional readers; hidden from the rest.
VELSEN_READ = expect(
    anonymous=REDIRECT,
    default=NOT_FOUND,
    lid_velsen=OK,
    voorzitter_velsen=OK,
    aanjager=OK,
    ondersteuning=OK,
    beheer=OK,
)
REGIONAL_READ = expect(anonymous=REDIRECT, default=NOT_FOUND, lid_regio=OK, aanjager=OK, ondersteuning=OK, beheer=OK)
# The support team acts; those who read along (the council, the aanjager, the beheerder) get 403.
VELSEN_HANDLE = {
    **VELSEN_READ,
    "lid_velsen": FORBIDDEN,
    "voorzitter_velsen": FORBIDDEN,
    "aanjager": FORBIDDEN,
    "beheer": FORBIDDEN,
    "ondersteuning": REDIRECT,
}
# Filling in: any member of the council; the regional readers read only.
VELSEN_FILL_IN = {
    **VELSEN_READ,
    "lid_velsen": REDIRECT,
    "voorzitter_velsen": REDIRECT,
    "aanjager": FORBIDDEN,
    "ondersteuning": FORBIDDEN,
    "beheer": FORBIDDEN,
}
# Submitting: the chair or secretary.
VELSEN_SUBMIT = {**VELSEN_FILL_IN, "lid_velsen": FORBIDDEN}
# The councils side by side: the regional readers and the members of the regional council.
COMPARE = expect(anonymous=REDIRECT, default=FORBIDDEN, aanjager=OK, ondersteuning=OK, beheer=OK, lid_regio=OK)


def _support(world: World, key: str, council: Callable[[World], Council]) -> SupportRequest:
    return _cached(world, f"support-{key}", lambda: f.SupportRequestFactory(council=council(world)))


def _velsen_support(world: World) -> SupportRequest:
    return _support(world, "velsen", lambda w: w.velsen_council)


def _regional_support(world: World) -> SupportRequest:
    return _support(world, "regional", lambda w: w.regional_council)


def _support_url(name: str, which: Callable[[World], SupportRequest]) -> Callable[[World], str]:
    return lambda world: reverse(name, kwargs={"pk": which(world).pk})


def _velsen_evaluation(world: World) -> SelfEvaluation:
    """A concept with a score for every question: the chair can submit it."""

    def build() -> SelfEvaluation:
        evaluation = f.SelfEvaluationFactory(council=world.velsen_council)
        for code, _text in SELF_EVALUATION_QUESTIONS:
            f.SelfEvaluationAnswerFactory(evaluation=evaluation, question=code, score=4)
        return evaluation

    return _cached(world, "support-evaluation-velsen", build)


def _evaluation_url(name: str) -> Callable[[World], str]:
    def build(world: World) -> str:
        evaluation = _velsen_evaluation(world)
        return reverse(name, kwargs={"slug": world.velsen_council.slug, "year": evaluation.year})

    return build


def _edit_url(world: World) -> str:
    return reverse(
        "councils:self_evaluation_edit", kwargs={"slug": world.velsen_council.slug, "year": timezone.localdate().year}
    )


EVALUATION_FORM = {
    **{f"score_{code}": "3" for code, _text in SELF_EVALUATION_QUESTIONS},
    **{f"reflection_{code}": "Gaat redelijk." for code, _text in SELF_EVALUATION_QUESTIONS},
    "conclusion": "We gaan jongeren beter betrekken.",
}

ROWS: dict[str, Row] = {
    "support-list": Row(url("councils:support_list"), SEATED_OR_REGION),
    "support-create": Row(url("councils:support_create"), SEATED),
    "support-detail-velsen": Row(_support_url("councils:support_detail", _velsen_support), VELSEN_READ),
    "support-detail-regional": Row(_support_url("councils:support_detail", _regional_support), REGIONAL_READ),
    "support-take": Row(
        _support_url("councils:support_take", _velsen_support),
        VELSEN_HANDLE,
        method="post",
        goes_to={"ondersteuning": _support_url("councils:support_detail", _velsen_support)},
    ),
    "support-take-get": Row(
        _support_url("councils:support_take", _velsen_support), expect(anonymous=REDIRECT, default=NOT_ALLOWED)
    ),
    "support-close": Row(
        _support_url("councils:support_close", _velsen_support),
        VELSEN_HANDLE,
        method="post",
        data={"answer": "De flyer staat in de gedeelde map."},
        goes_to={"ondersteuning": _support_url("councils:support_detail", _velsen_support)},
    ),
    "support-self-evaluation-list": Row(url("councils:self_evaluation_list"), SEATED_OR_REGION),
    "support-self-evaluation-edit": Row(_evaluation_url("councils:self_evaluation_edit"), VELSEN_READ),
    "support-self-evaluation-save": Row(
        _evaluation_url("councils:self_evaluation_edit"),
        VELSEN_FILL_IN,
        method="post",
        data=EVALUATION_FORM,
        goes_to={"signed_in": _edit_url},
    ),
    "support-self-evaluation-submit": Row(
        _evaluation_url("councils:self_evaluation_submit"),
        VELSEN_SUBMIT,
        method="post",
        goes_to={"signed_in": _edit_url},
    ),
    "support-self-evaluation-overview": Row(url("councils:self_evaluation_overview"), COMPARE),
}
