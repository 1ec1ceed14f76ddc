from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.models import Council, Municipality, Neighbourhood, Theme
from infrastructure.forms import PlainTextField
from infrastructure.keyset import Ordering
from members.models import NetworkOrganisation, User

from .models import TEXT_MAX_LENGTH, AgeGroup, Channel, Kind, Signal, Speaker, Status, normalise_tracking_code
from .selectors import signal_periods
from .services import ContactDetails


class NeighbourhoodChoiceField(forms.ChoiceField):
    """Neighbourhoods grouped per municipality, so the choice works without JavaScript."""

    def load_choices(self, municipalities=None) -> None:
        """Only the wijken of ``municipalities`` (a queryset) when given. Read when first needed, in one
        query: a form drawn from the cache (``signals/submit.html``) or sent without a wijk reads none."""
        self._municipalities = municipalities
        self._loaded: list | None = None
        self.choices = self._lazy_choices

    def _lazy_choices(self) -> list:
        if self._loaded is None:
            neighbourhoods = Neighbourhood.objects.select_related("municipality").order_by("municipality__name", "name")
            if self._municipalities is not None:
                neighbourhoods = neighbourhoods.filter(municipality__in=self._municipalities)
            groups: dict[str, list[tuple[str, str]]] = {}
            for neighbourhood in neighbourhoods:
                name = neighbourhood.municipality.name
                groups.setdefault(name, []).append((str(neighbourhood.pk), neighbourhood.name))
            self._loaded = [("", _("Weet ik niet of zeg ik liever niet")), *groups.items()]
        return self._loaded

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return Neighbourhood.objects.get(pk=int(value))


class SignalFieldsMixin(forms.Form):
    text = PlainTextField(
        label=_("Wat speelt er?"),
        help_text=_(
            "Vertel in uw eigen woorden wat u ziet of meemaakt. Schrijf geen medische gegevens op. "
            "Maximaal 5.000 tekens."
        ),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Vertel wat er speelt.")},
    )
    theme = forms.ModelChoiceField(
        label=_("Over welk onderwerp gaat het?"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        empty_label=_("Weet ik niet"),
    )
    municipality = forms.ModelChoiceField(
        label=_("In welke gemeente?"),
        queryset=Municipality.objects.order_by("name"),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de gemeente waar het over gaat.")},
    )
    neighbourhood = NeighbourhoodChoiceField(label=_("In welke wijk of kern?"), required=False)
    speaker = forms.ChoiceField(
        label=_("Wie vertelt dit?"),
        choices=[("", _("Zeg ik liever niet")), *Speaker.choices],
        required=False,
    )
    age_group = forms.ChoiceField(
        label=_("Hoe oud bent u?"),
        choices=[("", _("Zeg ik liever niet")), *AgeGroup.choices],
        required=False,
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        """``municipalities``: a queryset that limits the municipality and wijk choices (the record form
        offers only the municipalities the member records for)."""
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities
            only = list(municipalities[:2])
            if len(only) == 1:
                self.fields["municipality"].initial = only[0].pk
        self.fields["neighbourhood"].load_choices(municipalities)

    # Whether the wijk belongs to the municipality is the model's rule (Signal.clean): the service
    # refuses and the view shows the error on the field.
    def build_signal(self, **extra) -> Signal:
        data = self.cleaned_data
        return Signal(
            text=data["text"],
            theme=data.get("theme"),
            municipality=data["municipality"],
            neighbourhood=data.get("neighbourhood"),
            speaker=data.get("speaker", ""),
            age_group=data.get("age_group", ""),
            **extra,
        )


class ContactFieldsMixin(forms.Form):
    contact_consent = forms.BooleanField(
        label=_("Ja, de participatieraad mag contact met mij opnemen over dit signaal."),
        # The period comes from the setting (see __init__).
        help_text=_("Alleen dan bewaren we uw naam, e-mailadres of telefoonnummer. Na %(period)s wissen we ze."),
        required=False,
    )
    contact_name = PlainTextField(label=_("Naam"), max_length=150, required=False)
    contact_email = forms.EmailField(
        label=_("E-mailadres"), required=False, help_text=_("Dan sturen we u het antwoord per e-mail.")
    )
    contact_phone = PlainTextField(label=_("Telefoonnummer"), max_length=30, required=False)
    parent_email = forms.EmailField(
        label=_("E-mailadres van uw ouder of verzorger"),
        required=False,
        help_text=_("Alleen voor jongeren onder 16: een ouder moet eerst toestemming geven."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        consent = self.fields["contact_consent"]
        consent.help_text = consent.help_text % {"period": signal_periods().contact_retention}

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data.get("contact_phone", "")
        if phone and not re.fullmatch(r"[0-9 +()\-]{6,30}", phone):
            raise forms.ValidationError(_("Vul een telefoonnummer in met alleen cijfers, spaties, + of -."))
        return phone

    def clean(self):
        cleaned = super().clean()
        given = any(cleaned.get(f) for f in ("contact_name", "contact_email", "contact_phone"))
        if given and not cleaned.get("contact_consent"):
            self.add_error(
                "contact_consent",
                _("Zet een vinkje als we contact met u mogen opnemen, of laat uw naam en gegevens leeg."),
            )
        if (
            given
            and cleaned.get("contact_consent")
            and cleaned.get("age_group") == AgeGroup.UNDER_16
            and not cleaned.get("parent_email")
        ):
            self.add_error("parent_email", _("U bent jonger dan 16. Vul het e-mailadres van uw ouder of verzorger in."))
        return cleaned

    def contact_details(self) -> ContactDetails:
        data = self.cleaned_data
        return ContactDetails(
            name=data.get("contact_name", ""),
            email=data.get("contact_email", ""),
            phone=data.get("contact_phone", ""),
            consent=bool(data.get("contact_consent")),
            parent_email=data.get("parent_email", ""),
        )


class PublicSignalForm(SignalFieldsMixin, ContactFieldsMixin):
    field_order = [
        "text",
        "theme",
        "municipality",
        "neighbourhood",
        "speaker",
        "age_group",
        "contact_consent",
        "contact_name",
        "contact_email",
        "contact_phone",
        "parent_email",
    ]

    # Honeypot: an input named "website" that the template hides from people and screen readers
    # (outside the form's fields, so it never shows in the error summary). A bot that fills it is
    # answered like anyone else, but nothing is stored.
    HONEYPOT = "website"

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.HONEYPOT))


class RecordSignalForm(SignalFieldsMixin, ContactFieldsMixin):
    """A council member records a signal heard at a meeting, by phone or from a network partner."""

    channel = forms.ChoiceField(
        label=_("Hoe kwam dit signaal binnen?"),
        choices=[(c.value, c.label) for c in Channel if c != Channel.WEB],
    )
    source_organisation = forms.ModelChoiceField(
        label=_("Netwerkpartner"),
        queryset=NetworkOrganisation.objects.filter(is_active=True).select_related("municipality").order_by("name"),
        required=False,
        empty_label=_("Geen netwerkpartner"),
        help_text=_("Verplicht als een netwerkpartner dit signaal doorgaf."),
    )
    is_regional = forms.BooleanField(label=_("Dit speelt in de hele regio"), required=False)

    field_order = [
        "channel",
        "source_organisation",
        "text",
        "theme",
        "municipality",
        "neighbourhood",
        "speaker",
        "age_group",
        "is_regional",
        "contact_consent",
        "contact_name",
        "contact_email",
        "contact_phone",
        "parent_email",
    ]

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, municipalities=municipalities, **kwargs)
        self.fields["text"].label = _("Wat werd er verteld?")
        self.fields["speaker"].label = _("Wie vertelde het?")
        self.fields["age_group"].label = _("Leeftijd van wie het vertelde")

    # A network partner is required for the channel "netwerkpartner": the model's rule (Signal.clean).


class FollowForm(forms.Form):
    code = forms.CharField(
        label=_("Volgcode"),
        max_length=20,
        help_text=_("De code die u kreeg na het versturen, bijvoorbeeld K7QP-3MXA."),
    )

    def clean_code(self) -> str:
        code = normalise_tracking_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Een volgcode heeft 8 letters en cijfers, bijvoorbeeld K7QP-3MXA."))
        return code


class SatisfactionForm(forms.Form):
    helped = forms.TypedChoiceField(
        label=_("Heeft dit antwoord u geholpen?"),
        choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )


class ReopenForm(forms.Form):
    reason = PlainTextField(
        label=_("Waarom helpt het antwoord u niet?"),
        help_text=_("De raad bekijkt uw signaal dan opnieuw."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf kort waarom het antwoord u niet hielp.")},
    )


class EraseContactForm(forms.Form):
    email = forms.EmailField(
        label=_("Het e-mailadres dat u bij dit signaal gaf"),
        help_text=_("Zo weten we zeker dat u het bent."),
    )


# --- Work area -------------------------------------------------------------------------------------


SORT_CHOICES = [
    ("-created_at", _("Nieuwste eerst")),
    ("created_at", _("Oudste eerst")),
    ("status", _("Status")),
    ("theme__name", _("Thema")),
]
# How the triage list walks each sort order, page by page (keyset paging: the key, then the number). Within
# a status or a theme the newest come first; signals without a theme come last.
TRIAGE_ORDERINGS = {
    "-created_at": Ordering("created_at", descending=True, pk_descending=True),
    "created_at": Ordering("created_at", descending=False, pk_descending=False),
    "status": Ordering("status", descending=False, pk_descending=True, kind="text", choices=frozenset(Status.values)),
    "theme__name": Ordering(
        "theme__name",
        descending=False,
        pk_descending=True,
        kind="text",
        nullable=True,
        max_length=Theme._meta.get_field("name").max_length or 100,
    ),
}
DEFAULT_SORT = "-created_at"


# The triage's "soort" filter value for every kind of proposal together.
PROPOSALS = "voorstel"


class TriageFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle open signalen")), *Status.choices, ("alle", _("Alle statussen"))],
        required=False,
    )
    theme = forms.ModelChoiceField(
        label=_("Thema"), queryset=Theme.objects.order_by("name"), required=False, empty_label=_("Alle thema's")
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Wijk"),
        queryset=Neighbourhood.objects.select_related("municipality").order_by("municipality__name", "name"),
        required=False,
        empty_label=_("Alle wijken"),
    )
    channel = forms.ChoiceField(label=_("Kanaal"), choices=[("", _("Alle kanalen")), *Channel.choices], required=False)
    speaker = forms.ChoiceField(label=_("Wie vertelt"), choices=[("", _("Iedereen")), *Speaker.choices], required=False)
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[("", _("Signalen en voorstellen")), (PROPOSALS, _("Alle voorstellen")), *Kind.choices],
        required=False,
    )
    reopened = forms.BooleanField(label=_("Alleen heropend op verzoek"), required=False)
    # The queue of one council (the regional dashboard's figures link here); the list is scoped anyway.
    council = forms.ModelChoiceField(
        label=_("Raad"), queryset=Council.objects.order_by("kind", "name"), required=False, empty_label=_("Alle raden")
    )
    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(label=_("Sorteren"), choices=SORT_CHOICES, required=False)

    def apply(self, queryset):
        """The signals the filters choose, unordered (the list's order is ``ordering``)."""
        if not self.is_valid():
            return queryset.open()
        data = self.cleaned_data
        status = data.get("status")
        if not status:
            queryset = queryset.open()
        elif status != "alle":
            queryset = queryset.filter(status=status)
        for field in ("theme", "neighbourhood", "channel", "speaker"):
            if data.get(field):
                queryset = queryset.filter(**{field: data[field]})
        if data.get("kind") == PROPOSALS:
            queryset = queryset.proposals()
        elif data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("reopened"):
            queryset = queryset.filter(reopen_requested_at__isnull=False)
        if data.get("council"):
            queryset = queryset.handled_by(data["council"])
        # Whole days in Europe/Amsterdam, as a range on created_at itself (its indexes can bound the scan).
        # A date before 1900 or after 9000 bounds nothing (and would not survive the way to UTC).
        if data.get("date_from") and data["date_from"] > date(1900, 1, 1):
            queryset = queryset.filter(created_at__gte=_day_start(data["date_from"]))
        if data.get("date_to") and data["date_to"] < date(9000, 1, 1):
            queryset = queryset.filter(created_at__lt=_day_start(data["date_to"] + timedelta(days=1)))
        return queryset.search(data.get("q", ""))

    @property
    def chosen_sort(self) -> str:
        return (self.cleaned_data.get("sort") if self.is_valid() else "") or DEFAULT_SORT

    @property
    def ordering(self) -> Ordering:
        return TRIAGE_ORDERINGS[self.chosen_sort]

    @property
    def searching(self) -> bool:
        """A text or tracking code to search for was given."""
        return self.is_valid() and bool(self.cleaned_data.get("q", "").strip())


def _day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


class BulkActionForm(forms.Form):
    ACTIONS = [
        ("in_behandeling", _("Zet op 'in behandeling'")),
        ("nieuw", _("Zet terug op 'nieuw'")),
        ("regio", _("Verwijs door naar de regionale raad")),
    ]
    action = forms.ChoiceField(label=_("Met de gekozen signalen"), choices=ACTIONS)
    signals = forms.TypedMultipleChoiceField(
        coerce=int, required=True, error_messages={"required": _("Kies eerst een of meer signalen.")}
    )

    def __init__(self, *args, signal_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signals"].choices = [(pk, pk) for pk in signal_ids]


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Nieuwe status"),
        choices=[(s.value, s.label) for s in (Status.NEW, Status.IN_PROGRESS, Status.TAKEN_UP)],
    )
    taken_up_as = forms.CharField(
        label=_("Opgepakt als"),
        max_length=300,
        required=False,
        help_text=_(
            "Verplicht bij status 'opgepakt': het agendapunt of de tafel waarin het signaal verder gaat. "
            "Bij een andere status laat u dit leeg."
        ),
    )


class CloseForm(forms.Form):
    feedback = PlainTextField(
        label=_("Terugkoppeling aan de inwoner"),
        help_text=_(
            "Verplicht om af te ronden: wat heeft de raad met dit signaal gedaan? Dit antwoord is openbaar, "
            "zonder namen: op de volgpagina en bij de recente antwoorden op de pagina van de gemeente."
        ),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        # Not required here: closing without feedback is refused by the model's rule (Signal.clean).
        required=False,
    )


class DuplicateForm(forms.Form):
    original = forms.CharField(label=_("Volgcode van het originele signaal"), max_length=20)
    # The service's errors name the model field; they belong on this form's field.
    error_fields = {"duplicate_of": "original"}

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.queryset = queryset

    def clean_original(self) -> Signal:
        code = normalise_tracking_code(self.cleaned_data["original"])
        original = self.queryset.filter(tracking_code=code).first() if code and self.queryset is not None else None
        if original is None:
            raise forms.ValidationError(_("Geen signaal met deze volgcode gevonden in uw signalen."))
        return original


class NoteForm(forms.Form):
    text = PlainTextField(
        label=_("Interne notitie"),
        help_text=_("Alleen zichtbaar voor de raad."),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf een notitie.")},
    )


class DigestSettingsForm(forms.ModelForm):
    """A council member switches the daily digest of signals on or off (label and hint from the model)."""

    class Meta:
        model = User
        fields = ["wants_signal_digest"]
