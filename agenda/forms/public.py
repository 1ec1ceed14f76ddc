"""Public forms of the agenda: the filters of the public agenda, a reaction to an item, a proposal.

A reaction and a proposal are signals: both forms are the public signal form (its privacy rules, contact
consent, age group and honeypot) with their own wording; the signals services store them.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.models import Municipality
from signals.forms import PublicSignalForm
from signals.models import Kind, Signal

from ..models import AgendaItem, ItemStatus, parse_quarter, quarter_label
from ..selectors.public import AgendaFilters, council_stub, filter_choices

REGION_CHOICE = "regio"


class AliasChoiceField(forms.ChoiceField):
    """A choice that also accepts another spelling of a value (a theme's number for its slug)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aliases: dict[str, str] = {}

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return self.aliases.get(value, value)


class QuarterField(forms.ChoiceField):
    """``2027-K1``: the quarters around today to choose from; any other real quarter typed in the address
    is accepted too (``agenda.models.parse_quarter``)."""

    def to_python(self, value: Any) -> str:
        return super().to_python(value).strip().upper()

    def valid_value(self, value: Any) -> bool:
        return parse_quarter(str(value)) is not None


def _quarter_choices() -> list[tuple[str, str]]:
    year = timezone.localdate().year
    return [
        (quarter_label(y, q), _("%(year)s, kwartaal %(quarter)s") % {"year": y, "quarter": q})
        for y in range(year - 1, year + 3)
        for q in range(1, 5)
    ]


class AgendaFilterForm(forms.Form):
    """The filters of the public agenda (GET). A value that is not valid filters nothing and is named in
    the form's errors; the others still apply. The choices come from ``filter_choices`` (cached)."""

    gemeente = forms.ChoiceField(label=_("Gemeente of regio"), required=False)
    thema = AliasChoiceField(label=_("Thema"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statussen")), *ItemStatus.choices], required=False
    )
    kwartaal = QuarterField(
        label=_("Gepland in"),
        required=False,
        error_messages={"invalid_choice": _("Kies een kwartaal zoals 2027-K1.")},
    )
    wijk = forms.TypedChoiceField(label=_("Wijk of kern"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices = filter_choices()
        cast(forms.ChoiceField, self.fields["gemeente"]).choices = [
            ("", _("Overal")),
            *[(slug, name) for slug, name, _council in choices.municipalities],
            (REGION_CHOICE, _("Regionale agenda (de hele IJmond)")),
        ]
        thema = cast(AliasChoiceField, self.fields["thema"])
        thema.choices = [("", _("Alle thema's")), *[(slug, name) for _pk, slug, name in choices.themes]]
        thema.aliases = {str(pk): slug for pk, slug, _name in choices.themes}
        cast(forms.ChoiceField, self.fields["kwartaal"]).choices = [("", _("Elk kwartaal")), *_quarter_choices()]
        cast(forms.ChoiceField, self.fields["wijk"]).choices = [
            ("", _("Alle wijken")),
            *[(group, [(str(pk), name) for pk, name in options]) for group, options in choices.neighbourhoods],
        ]
        if self.is_bound:
            # Shown as chosen: a theme asked by its number is shown by its slug, a quarter in capitals.
            data = cast(QueryDict, self.data).copy()
            data["thema"] = thema.aliases.get(data.get("thema", ""), data.get("thema", ""))
            data["kwartaal"] = (data.get("kwartaal") or "").strip().upper()
            self.data = data

    def filters(self) -> AgendaFilters:
        """The valid filters (an unbound form: none)."""
        if not self.is_bound:
            return AgendaFilters()
        self.is_valid()
        data = self.cleaned_data
        place = data.get("gemeente") or ""
        if place == REGION_CHOICE:
            council = council_stub(self.choices.regional_council)
        else:
            council = council_stub(next((c for slug, _n, c in self.choices.municipalities if slug == place), None))
        return AgendaFilters(
            place=place,
            council=council,
            theme_id=next((pk for pk, slug, _n in self.choices.themes if slug == data.get("thema")), None),
            status=data.get("status") or "",
            quarter=parse_quarter(data.get("kwartaal") or ""),
            neighbourhood_id=data.get("wijk"),
        )

    def query(self) -> str:
        """The valid filters as a query string, for the page links and the cached form (empty: none)."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return urlencode({name: self.data.get(name, "") for name in self.fields if self.cleaned_data.get(name)})


class ReactionForm(PublicSignalForm):
    """A resident reacts to a public agenda item: a signal about the item's municipality (for the regional
    agenda the resident says which one), on the item's first theme unless they choose another."""

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        council = item.council
        self.fixed_municipality: Municipality | None = council.municipality
        if self.fixed_municipality is not None:
            del self.fields["municipality"]
            own = Municipality.objects.filter(pk=self.fixed_municipality.pk)
        else:
            own = Municipality.objects.filter(region_id=council.region_id).order_by("name")
            cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = own
            self.fields["municipality"].label = _("In welke gemeente woont u?")
        self.fields["neighbourhood"].load_choices(own)  # type: ignore[attr-defined]
        themes = getattr(item, "theme_list", None)
        if themes is None:
            themes = list(item.themes.all())
        if themes and not self.is_bound:
            self.fields["theme"].initial = themes[0].pk
        text = self.fields["text"]
        text.label = _("Uw reactie")
        text.help_text = _(
            "Wat weet u over dit onderwerp, wat vindt u ervan of wat wilt u de raad meegeven? Schrijf geen "
            "medische gegevens op. Maximaal 5.000 tekens."
        )
        text.error_messages["required"] = _("Schrijf uw reactie.")
        self.fields["contact_consent"].label = _(
            "Ja, de participatieraad mag contact met mij opnemen over mijn reactie."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.fixed_municipality is not None:
            cleaned["municipality"] = self.fixed_municipality
        return cleaned

    def build_signal(self, **extra: Any) -> Signal:
        # A reaction to the regional council's item goes to the regional council's queue.
        return super().build_signal(is_regional=self.item.council.is_regional, **extra)


PROPOSAL_CHOICES = [
    (
        Kind.AGENDA_TOPIC.value,
        _("Een onderwerp voor de agenda: de participatieraad moet hier samen met de gemeente over praten."),
    ),
    (
        Kind.POLICY_PROPOSAL.value,
        _("Een beleidsvoorstel: u heeft een idee hoe de gemeente iets anders of beter kan regelen."),
    ),
    (
        Kind.INITIATIVE.value,
        _("Een initiatief: u wilt zelf iets doen of opzetten, en zoekt steun van de raad of de gemeente."),
    ),
]


class ProposalForm(PublicSignalForm):
    """A resident's proposal: the public signal form with a required kind."""

    kind = forms.ChoiceField(
        label=_("Wat voor voorstel doet u?"),
        choices=PROPOSAL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies wat voor voorstel u doet."),
            "invalid_choice": _("Kies een van de drie soorten voorstel."),
        },
    )

    field_order = ["kind", *PublicSignalForm.field_order]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        text = self.fields["text"]
        text.label = _("Wat is uw voorstel?")
        text.help_text = _(
            "Vertel in uw eigen woorden wat u voorstelt en waarom. Schrijf geen medische gegevens op. "
            "Maximaal 5.000 tekens."
        )
        text.error_messages["required"] = _("Schrijf uw voorstel op.")
        self.fields["municipality"].label = _("Voor welke gemeente is uw voorstel?")
        self.fields["contact_consent"].label = _(
            "Ja, de participatieraad mag contact met mij opnemen over mijn voorstel."
        )

    def build_signal(self, **extra: Any) -> Signal:
        return super().build_signal(kind=self.cleaned_data["kind"], **extra)
