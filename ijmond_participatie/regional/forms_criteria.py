"""The aanjager's forms for evaluation criteria: the yardstick and a target per council."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from councils.models import Council

from ..models import METRICS_WITH_TERM, CriterionTarget, EvaluationCriterion


class CriterionForm(forms.ModelForm):
    class Meta:
        model = EvaluationCriterion
        fields = ["name", "metric", "term_days", "default_target", "explanation", "order", "is_active"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("metric") in METRICS_WITH_TERM and not data.get("term_days"):
            self.add_error("term_days", _("Geef de termijn in dagen, bijvoorbeeld 28 voor 'binnen 4 weken'."))
        elif data.get("metric") not in METRICS_WITH_TERM:
            data["term_days"] = None
        return data


class CriterionTargetsForm(forms.Form):
    """One optional target per council; empty means the criterion's default target."""

    def __init__(self, *args: Any, councils: list[Council], criterion: EvaluationCriterion | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.councils = councils
        existing = {target.council_id: target.target for target in criterion.targets.all()} if criterion else {}
        for council in councils:
            self.fields[self.field_name(council)] = forms.IntegerField(
                label=_("Doel voor %(council)s (%%)") % {"council": council.name},
                min_value=0,
                max_value=100,
                required=False,
                initial=existing.get(council.pk),
                help_text=_("Leeg: het algemene doel."),
            )

    @staticmethod
    def field_name(council: Council) -> str:
        return f"doel_{council.slug}"

    def save(self, criterion: EvaluationCriterion) -> None:
        for council in self.councils:
            value = self.cleaned_data.get(self.field_name(council))
            if value is None:
                CriterionTarget.objects.filter(criterion=criterion, council=council).delete()
            else:
                CriterionTarget.objects.update_or_create(
                    criterion=criterion, council=council, defaults={"target": value}
                )
