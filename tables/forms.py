"""Forms of the table pages: the public filters and the "ik wil meedoen" form; on the work side the
table itself, its status and conclusion, the candidate search, seats and join requests.

Every id goes through ``infrastructure.ids.parse_id`` (``IdChoiceField``): a foreign or odd id is "not
one of the choices", never a 500. Free text goes through ``PlainTextField`` (control characters removed).
The rules (rule 1, transitions, wijken of the council) are the services'; their refusals show here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from agenda.forms.work import DateInput, IdChoiceField, IdMultipleChoiceField
from agenda.models import ParticipationForm, TargetGroup
from councils.models import Council, Law, Municipality, Neighbourhood, Theme
from members.models import ExperienceDomain, ExpertProfile, NetworkOrganisation, User
from signals.forms import PlainTextField

from .models import (
    TABLE_TRANSITIONS,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    SeatStatus,
    StakeholderType,
    Table,
    TableStatus,
)
from .selectors import CandidateFilters, PublicTableFilters

# --- Public ----------------------------------------------------------------------------------------


class PublicTableFilterForm(forms.Form):
    raad = IdChoiceField(
        label=_("Gemeente of regio"), queryset=Council.objects.none(), required=False, empty_label=_("Alle raden")
    )
    thema = IdChoiceField(
        label=_("Thema"), queryset=Theme.objects.order_by("name"), required=False, empty_label=_("Alle thema's")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statussen")), *TableStatus.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["raad"].queryset = Council.objects.order_by("kind", "name")

    def filters(self) -> PublicTableFilters:
        """The valid filters; an invalid one is ignored (and shown as an error)."""
        if not self.is_bound or not self.is_valid():
            data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        else:
            data = self.cleaned_data
        council = data.get("raad")
        theme = data.get("thema")
        return PublicTableFilters(
            council_id=council.pk if council else None,
            theme_id=theme.pk if theme else None,
            status=data.get("status") or "",
        )


# What a resident may offer to join as: not as a council member or a policy advisor.
JOIN_TYPES = [
    (value, label)
    for value, label in StakeholderType.choices
    if value not in (StakeholderType.COUNCIL_MEMBER, StakeholderType.POLICY_ADVISOR)
]


class JoinForm(forms.Form):
    """A resident offers to join a public table. The honeypot "website" lives in the template."""

    name = PlainTextField(label=_("Uw naam"), max_length=150)
    email = forms.EmailField(label=_("Uw e-mailadres"), max_length=254, help_text=_("Hierop krijgt u antwoord."))
    stakeholder_type = forms.ChoiceField(
        label=_("Ik doe mee als"), choices=[("", _("Kies wat bij u past")), *JOIN_TYPES]
    )
    message = PlainTextField(
        label=_("Waarom wilt u meedoen?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Bijvoorbeeld wat u weet of meemaakt over dit onderwerp. Schrijf geen medische gegevens op."),
    )
    consent = forms.BooleanField(
        label=_("Ja, de raad mag mijn naam en e-mailadres bewaren om mij over deze tafel te benaderen."),
        help_text=_("Alleen hiervoor. Als de raad heeft besloten, wissen we uw gegevens weer als u niet meedoet."),
        error_messages={"required": _("Zet een vinkje: zonder uw toestemming kunnen we uw aanmelding niet bewaren.")},
    )

    HONEYPOT = "website"

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.HONEYPOT))


# --- Work: the list --------------------------------------------------------------------------------


class WorkTableFilterForm(forms.Form):
    q = PlainTextField(label=_("Zoeken in de titel"), required=False, max_length=200)
    council = IdChoiceField(
        label=_("Raad"), queryset=Council.objects.none(), required=False, empty_label=_("Alle raden")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statussen")), *TableStatus.choices], required=False
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
        if data.get("council"):
            queryset = queryset.filter(council=data["council"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("q"):
            queryset = queryset.filter(title__icontains=data["q"])
        return queryset


# --- Work: the table -------------------------------------------------------------------------------


class TableForm(forms.ModelForm):
    """A table of one council. Origin, status and the conclusion are set elsewhere (the view, the status
    form, the conclusion page); wijken are those of the council's municipality."""

    target_groups = forms.MultipleChoiceField(
        label=_("Doelgroepen"), choices=TargetGroup.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    participation_forms = forms.MultipleChoiceField(
        label=_("Vormen van meedoen"),
        choices=ParticipationForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = [
        "title",
        "question",
        "scope",
        "themes",
        "neighbourhoods",
        "target_groups",
        "participation_forms",
        "planned_start",
        "planned_end",
        "is_public",
    ]

    class Meta:
        model = Table
        fields = ["title", "question", "scope", "themes", "neighbourhoods", "planned_start", "planned_end", "is_public"]
        field_classes = {
            "title": PlainTextField,
            "question": PlainTextField,
            "themes": IdMultipleChoiceField,
            "neighbourhoods": IdMultipleChoiceField,
        }
        widgets = {
            "question": forms.Textarea(attrs={"rows": 6}),
            "scope": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "planned_start": DateInput,
            "planned_end": DateInput,
        }
        help_texts = {
            "question": _("Waar gaat het gesprek aan tafel over? Schrijf het als een vraag, voor inwoners."),
            "neighbourhoods": _("Alleen als de tafel over een of meer wijken gaat."),
            "is_public": _("Een openbare tafel staat op /tafels/; inwoners kunnen zich aanmelden."),
        }

    def __init__(self, *args, council: Council, neighbourhoods: QuerySet[Neighbourhood], **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        fields: dict[str, Any] = self.fields
        fields["title"].max_length = TITLE_MAX_LENGTH
        fields["question"].max_length = TEXT_MAX_LENGTH
        fields["themes"].queryset = Theme.objects.order_by("name")
        fields["neighbourhoods"].queryset = neighbourhoods
        if council.is_regional:
            fields["neighbourhoods"].label_from_instance = lambda n: f"{n.name} ({n.municipality.name})"
        else:
            fields["neighbourhoods"].label_from_instance = lambda n: n.name
        if not self.is_bound:
            fields["target_groups"].initial = list(self.instance.target_groups or [])
            fields["participation_forms"].initial = list(self.instance.participation_forms or [])

    def _post_clean(self) -> None:
        self.instance.council = self.council
        data = self.cleaned_data
        self.instance.target_groups = list(data.get("target_groups") or [])
        self.instance.participation_forms = list(data.get("participation_forms") or [])
        super()._post_clean()  # type: ignore[misc]


class TableStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=TableStatus.choices)

    def __init__(self, *args, table: Table, **kwargs):
        super().__init__(*args, **kwargs)
        # Concluding has its own page (the outcome and the client perspective).
        allowed = TABLE_TRANSITIONS.get(table.status, set()) - {TableStatus.CONCLUDED}
        fields: dict[str, Any] = self.fields
        fields["status"].choices = [(v, label) for v, label in TableStatus.choices if v in allowed]


class ConcludeForm(forms.Form):
    outcome_summary = PlainTextField(
        label=_("Wat heeft de tafel opgeleverd?"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Dit staat op de openbare pagina van de tafel als die openbaar is."),
    )
    client_perspective = PlainTextField(
        label=_("Cliëntperspectief"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Wat de cliënten aan tafel inbrachten. Zonder cliëntperspectief rondt een tafel niet af."),
    )


# --- Work: seats -----------------------------------------------------------------------------------


class CandidateFilterForm(forms.Form):
    thema = IdChoiceField(
        label=_("Thema"), queryset=Theme.objects.order_by("name"), required=False, empty_label=_("Alle thema's")
    )
    ervaring = forms.ChoiceField(
        label=_("Ervaring"), choices=[("", _("Alle ervaring")), *ExperienceDomain.choices], required=False
    )
    wet = forms.ChoiceField(
        label=_("Wet"),
        choices=[("", _("Alle wetten")), *((v, label) for v, label in Law.choices if v != Law.OTHER)],
        required=False,
    )
    gemeente = IdChoiceField(
        label=_("Woonplaats"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Alle gemeenten"),
    )
    soort = forms.ChoiceField(
        label=_("Deelnemer als"), choices=[("", _("Alle soorten")), *StakeholderType.choices], required=False
    )
    naam = PlainTextField(label=_("Naam bevat"), required=False, max_length=100)

    def filters(self) -> CandidateFilters:
        if not self.is_bound:
            return CandidateFilters()
        self.is_valid()
        data = self.cleaned_data
        return CandidateFilters(
            theme_id=data["thema"].pk if data.get("thema") else None,
            domain=data.get("ervaring") or "",
            law=data.get("wet") or "",
            municipality_id=data["gemeente"].pk if data.get("gemeente") else None,
            stakeholder_type=data.get("soort") or "",
            text=data.get("naam") or "",
        )


class SeatAddForm(forms.Form):
    """A candidate from the search: a person of the expert network or an account, with a stakeholder type."""

    expert = IdChoiceField(queryset=ExpertProfile.objects.none(), required=False)
    user = IdChoiceField(queryset=User.objects.none(), required=False)
    stakeholder_type = forms.ChoiceField(label=_("Deelnemer als"), choices=StakeholderType.choices)

    def __init__(self, *args, experts: QuerySet[ExpertProfile], users: QuerySet[User], **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["expert"].queryset = experts
        fields["user"].queryset = users

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("expert")) == bool(cleaned.get("user")) and not self.errors:
            raise ValidationError(_("Kies één persoon uit de lijst."))
        return cleaned


class GuestSeatForm(forms.Form):
    guest_name = PlainTextField(label=_("Naam"), max_length=150)
    guest_email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    stakeholder_type = forms.ChoiceField(
        label=_("Deelnemer als"), choices=[("", _("Kies een soort")), *StakeholderType.choices]
    )
    organisation = IdChoiceField(
        label=_("Namens organisatie"),
        queryset=NetworkOrganisation.objects.none(),
        required=False,
        empty_label=_("Geen organisatie"),
        help_text=_("Alleen als deze persoon namens een netwerkorganisatie meedoet."),
    )

    def __init__(self, *args, organisations: QuerySet[NetworkOrganisation], **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["organisation"].queryset = organisations


class SeatStatusForm(forms.Form):
    status = forms.ChoiceField(choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["status"].choices = [(v, label) for v, label in SeatStatus.choices if v != SeatStatus.INVITED]


class JoinDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"), choices=[("accepteren", _("Accepteren")), ("afwijzen", _("Afwijzen"))]
    )
    note = PlainTextField(
        label=_("Bericht aan de inwoner (niet verplicht)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @property
    def accept(self) -> bool:
        return self.cleaned_data.get("decision") == "accepteren"
