"""Forms of the support requests and the yearly self-evaluation.

Ids are read through ``infrastructure.ids.parse_id`` (only plain ASCII digits reach the database); typed
text goes through ``PlainTextField`` (no control characters).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infrastructure.forms import PlainTextField
from infrastructure.ids import parse_id

from .models import (
    SELF_EVALUATION_QUESTIONS,
    SELF_EVALUATION_SCORES,
    Council,
    SelfEvaluation,
    SupportKind,
    SupportRequest,
    SupportStatus,
)
from .services import AnswerInput


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that reads only plain ASCII ids (see ``parse_id``)."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if parse_id(str(value)) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


# --- Support requests ------------------------------------------------------------------------------


class SupportRequestForm(forms.ModelForm):
    """A member asks for help: for the council they sit on (a choice only when they sit on several)."""

    class Meta:
        model = SupportRequest
        fields = ["council", "kind", "title", "description", "wanted_by"]
        field_classes = {"council": IdChoiceField, "title": PlainTextField, "description": PlainTextField}
        widgets = {
            "council": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "wanted_by": DateInput,
        }
        help_texts = {
            "title": _("In een paar woorden, bijvoorbeeld 'Flyer voor de bijeenkomst over mantelzorg'."),
            "description": _("Wat moet het ondersteuningsteam doen of uitzoeken? Noem wat al klaar is."),
            "wanted_by": _("Vandaag of later. Het team ziet welke vragen het eerst nodig zijn."),
        }

    def __init__(self, *args: Any, councils: QuerySet[Council], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["council"].queryset = councils
        fields["council"].empty_label = None
        fields["kind"].choices = list(SupportKind.choices)
        only = list(councils[:2])
        self.only_council = only[0] if len(only) == 1 else None
        if self.only_council is not None:
            # A member of one council asks for it: no choice to make.
            fields["council"].initial = self.only_council.pk
            fields["council"].required = False
            fields["council"].widget = forms.HiddenInput()

    def clean_council(self) -> Council | None:
        return self.cleaned_data.get("council") or self.only_council

    def clean_wanted_by(self) -> date:
        wanted_by: date = self.cleaned_data["wanted_by"]
        if wanted_by < timezone.localdate():
            raise ValidationError(_("Kies vandaag of een datum in de toekomst."))
        return wanted_by


class SupportAnswerForm(forms.Form):
    answer = PlainTextField(
        label=_("Antwoord aan de raad"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Wat heeft het team gedaan of geadviseerd? De vrager krijgt dit antwoord per e-mail."),
        error_messages={"required": _("Schrijf op wat het ondersteuningsteam heeft gedaan of geadviseerd.")},
    )


class SupportFilterForm(forms.Form):
    council = IdChoiceField(
        label=_("Raad"), queryset=Council.objects.none(), required=False, empty_label=_("Alle raden")
    )
    kind = forms.ChoiceField(
        label=_("Soort hulp"), choices=[("", _("Alle soorten")), *SupportKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statussen")), *SupportStatus.choices], required=False
    )
    q = PlainTextField(label=_("Zoek in de titel"), max_length=100, required=False)

    def __init__(self, *args: Any, councils: QuerySet[Council], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["council"].queryset = councils

    def apply(self, queryset: QuerySet[SupportRequest]) -> QuerySet[SupportRequest]:
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = self.cleaned_data
        if data.get("council"):
            queryset = queryset.filter(council=data["council"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("q"):
            queryset = queryset.filter(Q(title__icontains=data["q"]))
        return queryset


# --- Self-evaluation -------------------------------------------------------------------------------


# The model's scores (1–5), with words at both ends so that a screen reader says what a number means.
SCORE_LABELS = {1: _("1 – gaat nog niet goed"), 3: _("3 – redelijk"), 5: _("5 – gaat heel goed")}
SCORE_CHOICES = [(score, SCORE_LABELS.get(score, label)) for score, label in SELF_EVALUATION_SCORES]


class ScoreField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=SCORE_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            **kwargs,
        )


def score_field_name(code: str) -> str:
    return f"score_{code}"


def reflection_field_name(code: str) -> str:
    return f"reflection_{code}"


class SelfEvaluationForm(forms.Form):
    """A score 1–5 (1: dat gaat nog niet goed, 5: dat gaat heel goed) and a reflection per fixed question,
    then what the council resolves. Scores may stay empty in a concept; submitting needs them all."""

    def __init__(self, *args: Any, evaluation: SelfEvaluation | None = None, **kwargs: Any) -> None:
        if evaluation is not None and evaluation.pk and "initial" not in kwargs:
            initial: dict[str, Any] = {"conclusion": evaluation.conclusion}
            for answer in evaluation.answers.all():
                initial[score_field_name(answer.question)] = answer.score
                initial[reflection_field_name(answer.question)] = answer.reflection
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for number, (code, text) in enumerate(SELF_EVALUATION_QUESTIONS, start=1):
            self.fields[score_field_name(code)] = ScoreField(
                label=_("Vraag %(number)s: %(question)s") % {"number": number, "question": text},
            )
            self.fields[reflection_field_name(code)] = PlainTextField(
                label=_("Toelichting bij vraag %(number)s") % {"number": number},
                max_length=3_000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["conclusion"] = PlainTextField(
            label=_("Wat nemen we ons voor?"),
            max_length=5_000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("Wat gaat de raad komend jaar anders of beter doen?"),
        )

    def questions(self) -> list[tuple[str, str, forms.BoundField, forms.BoundField]]:
        """Per question: its code, text and the two fields, for the template's fieldsets."""
        return [
            (code, str(text), self[score_field_name(code)], self[reflection_field_name(code)])
            for code, text in SELF_EVALUATION_QUESTIONS
        ]

    def answers(self) -> dict[str, AnswerInput]:
        data = self.cleaned_data
        return {
            code: AnswerInput(
                score=data.get(score_field_name(code)), reflection=data.get(reflection_field_name(code)) or ""
            )
            for code, _text in SELF_EVALUATION_QUESTIONS
        }
