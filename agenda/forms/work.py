"""Forms of the work pages: the agenda of the user's councils, proposals on a signal's triage page, and
early-involvement requests with the council's participation advice.

Every id a form reads goes through ``infrastructure.ids.parse_id`` first: only plain ASCII digits in the
bigint range reach the database, so "٣" is never read as 3 and "9" * 5000 is a form error, not a 500.
Every choice of a person, theme, wijk or organisation is limited to what fits the council: a foreign id
is "not one of the choices".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from councils.models import Council, Municipality, Neighbourhood, Theme
from infrastructure.ids import parse_id
from members.models import NetworkOrganisation
from signals.forms import PlainTextField

from ..models import (
    ITEM_TRANSITIONS,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AgendaItem,
    EarlyInvolvementRequest,
    ItemStatus,
    Origin,
    ParticipationForm,
    Phase,
    RequestStatus,
    TargetGroup,
    parse_quarter,
    quarter_label,
)
from ..services import GroupAdvice

# --- Ids -------------------------------------------------------------------------------------------


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that reads only plain ASCII ids (see ``parse_id``)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_id(str(value)) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that reads only plain ASCII ids (see ``parse_id``)."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(str(pk)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(pk)[:20]}
                )
        return super()._check_values(value)


def _text(label, *, required: bool = True, rows: int = 5, help_text="", max_length: int = TEXT_MAX_LENGTH):
    return PlainTextField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _title(label, *, help_text=""):
    return PlainTextField(label=label, max_length=TITLE_MAX_LENGTH, help_text=help_text)


# --- Quarters --------------------------------------------------------------------------------------


def quarter_choices(
    *, today: date | None = None, current: tuple[int, int] | None = None
) -> list[tuple[str, str | Promise]]:
    """The last 2 and the next 8 quarters (``2027-K1``), and the item's own quarter when it lies outside."""
    today = today or timezone.localdate()
    index = today.year * 4 + (today.month - 1) // 3
    labels = [quarter_label(n // 4, n % 4 + 1) for n in range(index - 2, index + 9)]
    if current and quarter_label(*current) not in labels:
        labels = sorted([*labels, quarter_label(*current)])
    return [("", _("Nog niet gepland")), *((label, label) for label in labels)]


# --- The agenda ------------------------------------------------------------------------------------


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoeken in de titel"), required=False, max_length=200)
    council = IdChoiceField(
        label=_("Raad"), queryset=Council.objects.none(), required=False, empty_label=_("Alle raden")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statussen")), *ItemStatus.choices], required=False
    )
    origin = forms.ChoiceField(
        label=_("Herkomst"), choices=[("", _("Alle herkomsten")), *Origin.choices], required=False
    )
    theme = IdChoiceField(
        label=_("Thema"), queryset=Theme.objects.order_by("name"), required=False, empty_label=_("Alle thema's")
    )
    quarter = forms.CharField(label=_("Kwartaal"), required=False, max_length=7, help_text=_("Bijvoorbeeld 2027-K1."))

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["council"].queryset = councils

    def clean_quarter(self) -> tuple[int, int] | None:
        value = self.cleaned_data.get("quarter", "")
        if not value:
            return None
        parsed = parse_quarter(value)
        if parsed is None:
            raise ValidationError(_("Schrijf het kwartaal als 2027-K1."))
        return parsed

    def apply(self, queryset):
        """The items the valid filters choose; an invalid filter is ignored (and shown as an error)."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = self.cleaned_data
        if data.get("council"):
            queryset = queryset.on_agenda_of(data["council"])
        for field in ("status", "origin"):
            if data.get(field):
                queryset = queryset.filter(**{field: data[field]})
        if data.get("theme"):
            queryset = queryset.filter(themes=data["theme"])
        if data.get("quarter"):
            year, quarter = data["quarter"]
            queryset = queryset.filter(planned_year=year, planned_quarter=quarter)
        if data.get("q"):
            queryset = queryset.filter(title__icontains=data["q"].strip())
        return queryset


class ItemForm(forms.ModelForm):
    """Create or change an item of one council; the status may move only along ``ITEM_TRANSITIONS``
    (the choices offer those steps, the service enforces them)."""

    # Named after the model field, so that the model's error on an incomplete quarter lands here.
    planned_quarter = forms.ChoiceField(label=_("Gepland kwartaal"), required=False)
    field_order = [
        "title",
        "description",
        "origin",
        "status",
        "not_taken_up_reason",
        "planned_quarter",
        "themes",
        "neighbourhoods",
        "owner",
        "municipal_contact",
        "is_public",
    ]

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "description",
            "origin",
            "status",
            "not_taken_up_reason",
            "themes",
            "neighbourhoods",
            "owner",
            "municipal_contact",
            "is_public",
        ]
        field_classes = {
            "title": PlainTextField,
            "description": PlainTextField,
            "not_taken_up_reason": PlainTextField,
            "themes": IdMultipleChoiceField,
            "neighbourhoods": IdMultipleChoiceField,
            "owner": IdChoiceField,
            "municipal_contact": IdChoiceField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "not_taken_up_reason": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
            "neighbourhoods": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "not_taken_up_reason": _("Verplicht bij 'niet opgepakt'. Dit staat op de openbare agenda."),
            "is_public": _("Een openbaar punt staat op /agenda/; inwoners kunnen erop reageren."),
        }

    def __init__(self, *args, council: Council, owners, contacts, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        item = self.instance
        fields: dict[str, Any] = self.fields
        fields["title"].max_length = TITLE_MAX_LENGTH
        fields["themes"].queryset = Theme.objects.order_by("name")
        fields["neighbourhoods"].queryset = neighbourhoods
        fields["owner"].queryset = owners
        fields["owner"].help_text = _("Een lid van %(council)s.") % {"council": council.name}
        fields["municipal_contact"].queryset = contacts
        fields["municipal_contact"].help_text = _("Een beleidsadviseur van de gemeente.")
        fields["owner"].empty_label = _("Nog niemand")
        fields["municipal_contact"].empty_label = _("Nog niemand")
        fields["origin"].choices = [("", _("Kies de herkomst")), *Origin.choices]
        if item.pk:
            allowed = {item.status, *ITEM_TRANSITIONS.get(item.status, set())}
            fields["status"].choices = [(v, label) for v, label in ItemStatus.choices if v in allowed]
        else:
            fields["status"].choices = [(v, label) for v, label in ItemStatus.choices if v != ItemStatus.NOT_TAKEN_UP]
        current = (item.planned_year, item.planned_quarter) if item.planned_year and item.planned_quarter else None
        fields["planned_quarter"].choices = quarter_choices(current=current)
        fields["planned_quarter"].initial = quarter_label(*current) if current else ""

    def clean_planned_quarter(self) -> tuple[int, int] | None:
        value = self.cleaned_data.get("planned_quarter") or ""
        return parse_quarter(value) if value else None

    def _post_clean(self) -> None:
        planned = self.cleaned_data.get("planned_quarter")
        self.instance.council = self.council
        self.instance.planned_year, self.instance.planned_quarter = planned if planned else (None, None)
        super()._post_clean()  # type: ignore[misc]


class ProposalToAgendaForm(forms.Form):
    title = _title(_("Titel van het agendapunt"))
    description = _text(
        _("Omschrijving"),
        rows=8,
        help_text=_(
            "Staat op de openbare agenda als het punt openbaar is. Neem geen namen, adressen of andere "
            "persoonlijke gegevens van de inzender over: schrijf het voorstel in uw eigen woorden."
        ),
    )
    is_public = forms.BooleanField(label=_("Openbaar: op de agenda op de website"), required=False, initial=True)


class ProposalDeclineForm(forms.Form):
    reasons = _text(
        _("Waarom komt dit voorstel niet op de agenda?"),
        rows=6,
        help_text=_(
            "De inzender leest dit op de volgpagina (en per e-mail als die dat wilde). Schrijf eenvoudig en "
            "vriendelijk, zonder namen."
        ),
    )
    # The service's error names the signal's field.
    error_fields = {"feedback": "reasons"}


# --- Early-involvement requests --------------------------------------------------------------------


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statussen")), *RequestStatus.choices], required=False
    )
    council = IdChoiceField(
        label=_("Raad"), queryset=Council.objects.none(), required=False, empty_label=_("Alle raden")
    )

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["council"].queryset = councils

    def apply(self, queryset):
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = self.cleaned_data
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("council"):
            queryset = queryset.filter(council=data["council"])
        return queryset


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class RequestForm(forms.ModelForm):
    """A policy advisor files a request: for the council of their own municipality, or regionally."""

    class Meta:
        model = EarlyInvolvementRequest
        fields = [
            "council",
            "municipality",
            "title",
            "themes",
            "neighbourhoods",
            "phase",
            "college_decision_date",
            "council_decision_date",
            "question",
            "known_information",
            "stakeholders",
            "wanted_by",
            "formal_advice_expected",
        ]
        field_classes = {
            "council": IdChoiceField,
            "municipality": IdChoiceField,
            "title": PlainTextField,
            "question": PlainTextField,
            "known_information": PlainTextField,
            "stakeholders": PlainTextField,
            "themes": IdMultipleChoiceField,
            "neighbourhoods": IdMultipleChoiceField,
        }
        widgets = {
            "council": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "college_decision_date": DateInput,
            "council_decision_date": DateInput,
            "wanted_by": DateInput,
            "question": forms.Textarea(attrs={"rows": 6}),
            "known_information": forms.Textarea(attrs={"rows": 4}),
            "stakeholders": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("Het beleidstraject, bijvoorbeeld 'Nieuw beleidsplan Wmo 2027'."),
            "neighbourhoods": _("Alleen als het traject over een of meer wijken gaat."),
            "phase": _("Hoe eerder u de raad vraagt, hoe meer inwoners nog kunnen meedenken."),
            "question": _("Wat wilt u van de raad weten? Bijvoorbeeld: wie moeten we betrekken en hoe?"),
            "wanted_by": _("Een datum in de toekomst. Een week ervoor krijgt de raad een herinnering."),
        }

    def __init__(self, *args, councils: QuerySet[Council], municipalities: QuerySet[Municipality], **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["council"].queryset = councils
        fields["council"].empty_label = None
        fields["municipality"].queryset = municipalities
        fields["municipality"].empty_label = None
        only = list(municipalities[:2])
        self.only_municipality = only[0] if len(only) == 1 else None
        if self.only_municipality is not None:
            # An advisor of one municipality files for it: no choice to make.
            fields["municipality"].initial = self.only_municipality.pk
            fields["municipality"].required = False
            fields["municipality"].widget = forms.HiddenInput()
        fields["phase"].choices = [("", _("Kies de fase")), *Phase.choices]
        fields["themes"].queryset = Theme.objects.order_by("name")
        fields["neighbourhoods"].queryset = (
            Neighbourhood.objects.filter(municipality__in=municipalities)
            .select_related("municipality")
            .order_by("municipality__name", "name")
        )
        if len(only) > 1:
            fields["neighbourhoods"].label_from_instance = lambda n: f"{n.name} ({n.municipality.name})"

    def clean_municipality(self) -> Municipality | None:
        return self.cleaned_data.get("municipality") or self.only_municipality

    def clean_wanted_by(self) -> date:
        wanted_by = self.cleaned_data["wanted_by"]
        if wanted_by <= timezone.localdate():
            raise ValidationError(_("Kies een datum in de toekomst."))
        return wanted_by


class CheckedByServiceMixin:
    """A field that rule 8 requires, marked so on the form, but checked by the service
    (``services.check_rule_8``): its message then shows on this field, and the rule lives in one place."""

    def validate(self, value: Any) -> None:
        if value not in forms.Field.empty_values:
            super().validate(value)  # type: ignore[misc]


class RuleEightTextField(CheckedByServiceMixin, PlainTextField):
    pass


class RuleEightChoicesField(CheckedByServiceMixin, forms.MultipleChoiceField):
    pass


def _group_field(group: str) -> str:
    return f"forms_{group}"


def _timing_field(group: str) -> str:
    return f"timing_{group}"


# The clients group first: rule 8 asks for it in every advice.
TARGET_GROUPS = [TargetGroup.CLIENTS, *(g for g in TargetGroup if g != TargetGroup.CLIENTS)]


class ParticipationAdviceForm(forms.Form):
    """Per target group the forms (checkboxes) and when; a group counts as chosen when a form is ticked.
    Rule 8 (``services.check_rule_8``) is the service's: its refusal is shown on this form."""

    summary = _text(_("Advies in het kort"), rows=5, help_text=_("Wie betrekt de gemeente, hoe en wanneer?"))
    client_perspective = RuleEightTextField(
        label=_("Cliëntperspectief"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Wat cliënten en ervaringsdeskundigen nodig hebben om mee te doen, en wat voor hen op het spel staat."
        ),
    )
    network_organisations = IdMultipleChoiceField(
        label=_("Netwerkorganisaties om te betrekken"),
        queryset=NetworkOrganisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    experts = _text(_("Ervaringsdeskundigen en anderen om te betrekken"), required=False, rows=3)
    council_runs_table = forms.BooleanField(label=_("De raad organiseert zelf een tijdelijke tafel"), required=False)
    # The service's errors name these; "groups" belongs above the groups.
    error_fields = {"groups": f"forms_{TargetGroup.CLIENTS}"}

    def __init__(self, *args, organisations: QuerySet[NetworkOrganisation], **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["network_organisations"].queryset = organisations
        for group in TARGET_GROUPS:
            clients = group == TargetGroup.CLIENTS
            self.fields[_group_field(group)] = (RuleEightChoicesField if clients else forms.MultipleChoiceField)(
                label=group.label,
                choices=ParticipationForm.choices,
                required=clients,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Kies ten minste één vorm: cliënten worden altijd gehoord.") if clients else "",
            )
            self.fields[_timing_field(group)] = PlainTextField(
                label=_("Wanneer (%(group)s)") % {"group": group.label}, required=False, max_length=300
            )

    def group_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(label, forms field, timing field) per target group, the clients group first."""
        return [(str(group.label), self[_group_field(group)], self[_timing_field(group)]) for group in TARGET_GROUPS]

    def groups(self) -> list[GroupAdvice]:
        data = self.cleaned_data
        return [
            GroupAdvice(
                target_group=str(group), forms=list(data[_group_field(group)]), timing=data[_timing_field(group)]
            )
            for group in TARGET_GROUPS
            if data.get(_group_field(group))
        ]


class RequestToAgendaForm(forms.Form):
    title = _title(_("Titel van het agendapunt"))
    description = _text(
        _("Omschrijving"),
        rows=8,
        help_text=_("Staat op de openbare agenda als het punt openbaar is. Schrijf voor inwoners, zonder namen."),
    )
    is_public = forms.BooleanField(label=_("Openbaar: op de agenda op de website"), required=False, initial=True)


def initial_description(text: str) -> dict[str, Any]:
    """A first title for an item from a text: its first line, cut at a word before the title's limit."""
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    if len(first) > 80:
        first = first[:80].rsplit(" ", 1)[0] + "…"
    return {"title": first, "description": (text or "").strip()}
