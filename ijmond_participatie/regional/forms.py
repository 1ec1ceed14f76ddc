"""Forms of good practice and the annual report (the evaluation criteria's forms are in forms_criteria.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from infrastructure.forms import PlainTextField

LESSON_MAX_LENGTH = 2_000
FOREWORD_MAX_LENGTH = 5_000


class GoodPracticeForm(forms.Form):
    lesson = PlainTextField(
        label=_("Wat kunnen andere raden hiervan leren?"),
        max_length=LESSON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Kort en in gewone woorden: wat werkte goed, en wat zou u een andere raad aanraden?"),
    )


class ForewordForm(forms.Form):
    foreword = PlainTextField(
        label=_("Voorwoord"),
        required=False,
        max_length=FOREWORD_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Staat vooraan in het jaarverslag. U kunt het aanpassen tot het jaarverslag is vastgesteld."),
    )
