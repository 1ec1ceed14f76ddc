"""Forms of people and roles (the admin's user forms) and of the registries: network organisations and
the expert network.

Municipalities and themes are chosen by their slug, never by id, and read through the related models
(members sits below councils and does not import it). A foreign or malformed slug is "not one of the
choices", never a 500.
"""

import re
from typing import Any, cast

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from infrastructure.forms import PlainTextField

from .models import ExperienceDomain, ExpertBackground, ExpertProfile, ExpertStatus, NetworkOrganisation, User
from .selectors import municipality_model, theme_model


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "phone")


# --- The registries: network organisations and the expert network ---------------------------------

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")
REGION = "regio"


class CleanEmailField(forms.EmailField):
    """An e-mail address, lower-cased."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.lower() if isinstance(value, str) else value


class SlugChoiceField(forms.ModelChoiceField):
    """A municipality or theme chosen by its slug."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not SLUG.fullmatch(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SlugMultipleChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)

    def _check_values(self, value):
        for slug in value:
            if not isinstance(slug, str) or not SLUG.fullmatch(slug):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(slug)[:20]}
                )
        return super()._check_values(value)


def _municipalities():
    return municipality_model()._default_manager.order_by("name")


def _themes():
    return theme_model()._default_manager.order_by("name")


def _slug_choices(objects: list, empty_label) -> list[tuple[str, Any]]:
    return [("", empty_label), *((o.slug, o.name) for o in objects)]


class OrganisationFilterForm(forms.Form):
    q = PlainTextField(label=_("Zoeken op naam of contactpersoon"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Soort"), choices=[("", _("Alle soorten")), *NetworkOrganisation.Kind.choices], required=False
    )
    municipality = forms.ChoiceField(label=_("Gemeente"), required=False)
    active = forms.ChoiceField(
        label=_("Actief"),
        choices=[("", _("Actief en niet actief")), ("ja", _("Alleen actief")), ("nee", _("Alleen niet actief"))],
        required=False,
    )

    def __init__(self, *args, municipalities: list, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _slug_choices(municipalities, _("Alle gemeenten"))
        cast(forms.ChoiceField, self.fields["municipality"]).choices = [
            choices[0],
            (REGION, _("Hele regio")),
            *choices[1:],
        ]

    def apply(self, queryset):
        """The organisations the valid filters choose; an invalid filter is ignored (and shown as an error)."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            q = data["q"]
            queryset = queryset.filter(Q(name__icontains=q) | Q(contact_name__icontains=q) | Q(email__icontains=q))
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("municipality") == REGION:
            queryset = queryset.filter(municipality__isnull=True)
        elif data.get("municipality"):
            queryset = queryset.filter(municipality__slug=data["municipality"])
        if data.get("active"):
            queryset = queryset.filter(is_active=data["active"] == "ja")
        return queryset


class OrganisationForm(forms.ModelForm):
    name = PlainTextField(label=_("Naam"), max_length=200)
    municipality = SlugChoiceField(
        label=_("Gemeente"),
        queryset=municipality_model()._default_manager.none(),
        required=False,
        empty_label=_("Hele regio"),
        help_text=_("Kies 'Hele regio' als de organisatie in de hele IJmond werkt."),
    )
    themes = SlugMultipleChoiceField(
        label=_("Thema's"),
        queryset=theme_model()._default_manager.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = PlainTextField(label=_("Contactpersoon"), max_length=150, required=False)
    email = CleanEmailField(label=_("E-mailadres"), required=False, max_length=254)
    phone = PlainTextField(label=_("Telefoonnummer"), max_length=30, required=False)

    class Meta:
        model = NetworkOrganisation
        fields = ["name", "kind", "municipality", "themes", "contact_name", "email", "phone", "is_active"]

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["municipality"].queryset = municipalities
        fields["kind"].choices = [("", _("Kies de soort")), *NetworkOrganisation.Kind.choices]
        fields["themes"].queryset = _themes()
        if self.instance.pk:
            self.initial["themes"] = [t.slug for t in self.instance.themes.all()]
            if self.instance.municipality_id:
                self.initial["municipality"] = self.instance.municipality.slug


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_("Opgeslagen als CSV UTF-8, met ; tussen de kolommen. Hoogstens 1 MB en 2.000 regels."),
    )


class ExpertInviteForm(CsvUploadForm):
    council = forms.ChoiceField(label=_("Voor welke raad?"))

    field_order = ["council", "file"]

    def __init__(self, *args, councils: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.councils = {str(c.pk): c for c in councils}
        field = cast(forms.ChoiceField, self.fields["council"])
        field.choices = [(str(c.pk), c.name) for c in councils]
        if len(councils) == 1:
            field.initial = str(councils[0].pk)

    def clean_council(self):
        return self.councils[self.cleaned_data["council"]]


def _consent_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("Ik geef toestemming dat de participatieraad mijn gegevens bewaart en mij vraagt om mee te praten."),
        error_messages={"required": _("Zonder uw toestemming kunnen we uw gegevens niet bewaren.")},
        help_text=_("U kunt altijd stoppen. Dan halen we uw gegevens weg."),
    )


class ExpertFieldsForm(forms.ModelForm):
    """What a person tells about themselves: the same fields on the sign-up, the consent page and the
    council's edit page. The instance carries what the form does not ask (council, account, address)."""

    name = PlainTextField(label=_("Naam"), max_length=150)
    email = CleanEmailField(label=_("E-mailadres"), required=False, max_length=254)
    phone = PlainTextField(label=_("Telefoonnummer"), max_length=30, required=False)
    municipality = SlugChoiceField(
        label=_("In welke gemeente woont u?"),
        queryset=municipality_model()._default_manager.none(),
        empty_label=_("Kies uw gemeente"),
    )
    domains = forms.MultipleChoiceField(
        label=_("Onder welke wet valt uw ervaring?"),
        choices=ExperienceDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies er één of meer. Bijvoorbeeld: u krijgt huishoudelijke hulp (Wmo) of bijstand."),
        error_messages={"required": _("Kies ten minste één wet waar uw ervaring onder valt.")},
    )
    backgrounds = forms.MultipleChoiceField(
        label=_("Wat past bij u?"),
        choices=ExpertBackground.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = SlugMultipleChoiceField(
        label=_("Over welke onderwerpen praat u graag mee?"),
        queryset=theme_model()._default_manager.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = PlainTextField(
        label=_("Wanneer kunt u meedoen?"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: doordeweeks overdag."),
    )
    accessibility_needs = PlainTextField(
        label=_("Wat heeft u nodig om mee te doen?"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld vervoer, een tolk, stukken in eenvoudige taal of een rolstoeltoegankelijke plek."),
    )

    class Meta:
        model = ExpertProfile
        fields = [
            "name",
            "email",
            "phone",
            "municipality",
            "domains",
            "backgrounds",
            "themes",
            "availability",
            "accessibility_needs",
        ]

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["themes"].queryset = _themes()
        fields["municipality"].queryset = municipalities if municipalities is not None else _municipalities()
        if self.instance.pk:
            self.initial["themes"] = [t.slug for t in self.instance.themes.all()]
            if self.instance.municipality_id:
                self.initial["municipality"] = self.instance.municipality.slug


class ExpertSignupForm(ExpertFieldsForm):
    consent = _consent_field()

    # Honeypot: an input named "website" that the template hides from people and screen readers
    # (outside the form's fields). A bot that fills it is answered like anyone else; nothing is stored.
    HONEYPOT = "website"

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.HONEYPOT))


class ExpertConsentForm(ExpertFieldsForm):
    """The invited person's consent and profile; the address stays the invited one (set on the instance)."""

    consent = _consent_field()

    class Meta(ExpertFieldsForm.Meta):
        fields = [name for name in ExpertFieldsForm.Meta.fields if name != "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("email")


class ExpertFilterForm(forms.Form):
    q = PlainTextField(label=_("Zoeken op naam of e-mailadres"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statussen")), *ExpertStatus.choices], required=False
    )
    domain = forms.ChoiceField(
        label=_("Ervaring (wet)"), choices=[("", _("Alle wetten")), *ExperienceDomain.choices], required=False
    )
    theme = forms.ChoiceField(label=_("Thema"), required=False)
    municipality = forms.ChoiceField(label=_("Gemeente"), required=False)

    def __init__(self, *args, themes: list, municipalities: list, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["theme"]).choices = _slug_choices(themes, _("Alle thema's"))
        cast(forms.ChoiceField, self.fields["municipality"]).choices = _slug_choices(
            municipalities, _("Alle gemeenten")
        )

    def apply(self, queryset):
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            q = data["q"]
            queryset = queryset.filter(Q(name__icontains=q) | Q(email__icontains=q))
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("domain"):
            # The domains are a JSON list; the quoted value matches one element exactly on every database.
            queryset = queryset.filter(domains__icontains=f'"{data["domain"]}"')
        if data.get("theme"):
            queryset = queryset.filter(themes__slug=data["theme"])
        if data.get("municipality"):
            queryset = queryset.filter(municipality__slug=data["municipality"])
        return queryset
