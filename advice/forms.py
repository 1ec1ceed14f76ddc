"""Forms of the advice work pages: the list's filters, a new draft, the text and its links, the numbered
recommendations, sending, and the college's response.

Every id goes through ``infrastructure.ids.parse_id`` (``IdChoiceField``): a foreign or odd id is "not one
of the choices", never a 500. Free text goes through ``PlainTextField``. The rules (what adoption needs,
the Woo term, the verdicts' reasons, the letter's content) are the services'; their refusals show here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import F, Model, Q, QuerySet
from django.forms import BoundField
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agenda.forms.work import DateInput, IdChoiceField, IdMultipleChoiceField
from agenda.models import AgendaItem, EarlyInvolvementRequest
from councils.models import Council, Theme
from infrastructure.forms import PlainTextField
from infrastructure.ids import parse_ids
from tables.models import Table

from . import services
from .models import (
    SUMMARY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Advice,
    AdviceKind,
    AdviceStatus,
    Recommendation,
    Verdict,
)

# How far back the list's year filter reaches.
YEARS_BACK = 6


# --- The list --------------------------------------------------------------------------------------


def year_choices(*, today: date | None = None) -> list[tuple[str, str]]:
    this_year = (today or timezone.localdate()).year
    return [(str(year), str(year)) for year in range(this_year, this_year - YEARS_BACK, -1)]


class AdviceFilterForm(forms.Form):
    q = PlainTextField(label=_("Zoeken in onderwerp of nummer"), required=False, max_length=200)
    council = IdChoiceField(
        label=_("Raad"), queryset=Council.objects.none(), required=False, empty_label=_("Alle raden")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statussen")), *AdviceStatus.choices], required=False
    )
    kind = forms.ChoiceField(label=_("Soort"), choices=[("", _("Alle soorten")), *AdviceKind.choices], required=False)
    year = forms.ChoiceField(
        label=_("Jaar"),
        required=False,
        help_text=_("Het jaar van vaststelling; voor een concept het jaar waarin het begon."),
    )

    def __init__(self, *args: Any, councils: QuerySet[Council], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["council"].queryset = councils
        fields["year"].choices = [("", _("Alle jaren")), *year_choices()]

    def apply(self, queryset: QuerySet[Advice]) -> QuerySet[Advice]:
        """The advice the valid filters choose; an invalid filter is ignored (and shown as an error)."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = self.cleaned_data
        if data.get("council"):
            queryset = queryset.filter(council=data["council"])
        for name in ("status", "kind"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("year"):
            year = int(data["year"])
            queryset = queryset.filter(Q(number_year=year) | Q(number_year__isnull=True, created_at__year=year))
        if data.get("q"):
            text = data["q"]
            queryset = queryset.filter(Q(subject__icontains=text) | Q(number__icontains=text))
        return queryset


# --- Where an advice comes from --------------------------------------------------------------------

# A council has thousands of agenda items in a few years: a form offers the newest, and what is chosen.
CHOICE_LIMIT = 40


def _chosen_ids(form: forms.BaseForm, name: str) -> list[int]:
    """The ids a field holds: what was sent, or else its first value (the instance's or preselected)."""
    if form.is_bound:
        values: list[Any] = form.data.getlist(form.add_prefix(name)) if hasattr(form.data, "getlist") else []
    else:
        initial = form.initial.get(name, form.fields[name].initial)
        values = list(initial) if isinstance(initial, list | tuple | QuerySet) else [initial]
    return parse_ids(str(getattr(value, "pk", value)) for value in values if value not in (None, ""))


def offer_choices(
    form: forms.BaseForm,
    name: str,
    queryset: QuerySet[Any],
    *,
    show_council: bool = False,
    empty_label: str | Promise | None = None,
) -> None:
    """Accept any of ``queryset``, but offer only its first ``CHOICE_LIMIT`` (newest first) and what the
    field holds."""
    field: Any = form.fields[name]
    field.queryset = queryset
    shown = list(queryset[:CHOICE_LIMIT])
    shown_ids = {obj.pk for obj in shown}
    missing = [pk for pk in _chosen_ids(form, name) if pk not in shown_ids]
    if missing:
        shown += list(queryset.filter(pk__in=missing))
    choices: list[tuple[Any, str]] = [
        (obj.pk, f"{obj} ({obj.council.name})" if show_council else str(obj)) for obj in shown
    ]
    if empty_label is not None:
        choices.insert(0, ("", str(empty_label)))
    field.choices = choices


def belongs_to(council: Council, obj: Model) -> bool:
    """A request, table or agenda item of ``council`` (for the regional council also the local councils'
    agenda items referred to the region: they are on its agenda)."""
    if getattr(obj, "council_id", None) == council.pk:
        return True
    return isinstance(obj, AgendaItem) and council.is_regional and obj.referred_to_region_at is not None


class AdviceCreateForm(forms.Form):
    """A new draft of one of the user's councils, with where it comes from. The choices are those of all
    the user's councils; ``clean`` checks that they belong to the council chosen."""

    council = IdChoiceField(label=_("Raad"), queryset=Council.objects.none(), empty_label=None)
    kind = forms.ChoiceField(
        label=_("Soort advies"),
        choices=AdviceKind.choices,
        widget=forms.RadioSelect,
        help_text=_("Gevraagd: de gemeente vroeg om advies. Ongevraagd: de raad geeft uit zichzelf advies."),
    )
    request = IdChoiceField(
        label=_("Verzoek om vroege betrokkenheid"),
        queryset=EarlyInvolvementRequest.objects.none(),
        required=False,
        empty_label=_("Geen verzoek"),
        help_text=_("Bij gevraagd advies: het verzoek, of vul hieronder het kenmerk van de adviesaanvraag in."),
    )
    formal_request_reference = PlainTextField(
        label=_("Kenmerk van de adviesaanvraag"),
        required=False,
        max_length=200,
        help_text=_("Kenmerk en datum van de brief waarmee het college om advies vroeg."),
    )
    subject = PlainTextField(label=_("Onderwerp"), max_length=TITLE_MAX_LENGTH)
    themes = IdMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leeg laten: de thema's van het verzoek, de tafels en de agendapunten."),
    )
    tables = IdMultipleChoiceField(
        label=_("Tafels"),
        queryset=Table.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De werkwijze wordt ingevuld vanuit de tafels: wie aan tafel zaten en hoe vaak u bijeenkwam."),
    )
    agenda_items = IdMultipleChoiceField(
        label=_("Agendapunten"),
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        councils: QuerySet[Council],
        requests: QuerySet[EarlyInvolvementRequest],
        tables: QuerySet[Table],
        agenda_items: QuerySet[AgendaItem],
        show_council: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["council"].queryset = councils
        offer_choices(self, "request", requests, show_council=show_council, empty_label=_("Geen verzoek"))
        offer_choices(self, "tables", tables, show_council=show_council)
        offer_choices(self, "agenda_items", agenda_items, show_council=show_council)
        if not show_council:
            # One council: no choice to make.
            fields["council"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        council = data.get("council")
        if council is None:
            return data
        foreign = _("Dit hoort niet bij %(council)s.") % {"council": council.name}
        request = data.get("request")
        if request is not None and not belongs_to(council, request):
            self.add_error("request", foreign)
        for name in ("tables", "agenda_items"):
            if any(not belongs_to(council, obj) for obj in data.get(name) or ()):
                self.add_error(name, foreign)
        return data


# --- The text and its links ------------------------------------------------------------------------


def _text_widget(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class AdviceForm(forms.ModelForm):
    """The draft's subject, links and sections. Only the subject is required while drafting; what adoption
    needs besides is listed on the advice's page (``services.adoption_problems``)."""

    class Meta:
        model = Advice
        fields = [
            "subject",
            "kind",
            "request",
            "formal_request_reference",
            "themes",
            "tables",
            "agenda_items",
            "occasion",
            "method",
            "findings",
            "client_perspective",
            "plain_summary",
        ]
        field_classes = {
            "subject": PlainTextField,
            "formal_request_reference": PlainTextField,
            "occasion": PlainTextField,
            "method": PlainTextField,
            "findings": PlainTextField,
            "client_perspective": PlainTextField,
            "plain_summary": PlainTextField,
            "request": IdChoiceField,
            "themes": IdMultipleChoiceField,
            "tables": IdMultipleChoiceField,
            "agenda_items": IdMultipleChoiceField,
        }
        widgets = {
            "kind": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "tables": forms.CheckboxSelectMultiple,
            "agenda_items": forms.CheckboxSelectMultiple,
            "occasion": _text_widget(5),
            "method": _text_widget(6),
            "findings": _text_widget(8),
            "client_perspective": _text_widget(6),
            "plain_summary": _text_widget(4),
        }
        help_texts = {
            "occasion": _("Waarom geeft de raad dit advies?"),
            "method": _(
                "Hoe inwoners betrokken waren: wie aan tafel zaten, hoe vaak u bijeenkwam. Leeg laten met "
                "tafels gekozen: dan vult de website dit in vanuit de tafels."
            ),
            "findings": _("Wat hoorde de raad? Wat viel op?"),
            "client_perspective": _("Wat cliënten en ervaringsdeskundigen inbrachten. Nodig voor vaststelling."),
            "plain_summary": _("Kort en in gewone woorden: wat adviseert de raad, en waarom? Nodig voor vaststelling."),
        }

    def __init__(
        self,
        *args: Any,
        requests: QuerySet[EarlyInvolvementRequest],
        tables: QuerySet[Table],
        agenda_items: QuerySet[AgendaItem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["subject"].max_length = TITLE_MAX_LENGTH
        for name in ("occasion", "method", "findings", "client_perspective"):
            fields[name].max_length = TEXT_MAX_LENGTH
        fields["plain_summary"].max_length = SUMMARY_MAX_LENGTH
        fields["themes"].queryset = Theme.objects.order_by("name")
        fields["kind"].choices = AdviceKind.choices
        # The regional council's agenda holds the local councils' referred items: name their council.
        show_council = self.instance.council.is_regional
        offer_choices(self, "request", requests, empty_label=_("Geen verzoek"))
        offer_choices(self, "tables", tables)
        offer_choices(self, "agenda_items", agenda_items, show_council=show_council)


# --- The recommendations ---------------------------------------------------------------------------


class RecommendationForm(forms.ModelForm):
    number = forms.IntegerField(
        label=_("Volgorde"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("Na opslaan nummert de website de aanbevelingen opnieuw: 1, 2, 3 …"),
    )

    class Meta:
        model = Recommendation
        fields = ["number", "title", "text"]
        field_classes = {"title": PlainTextField, "text": PlainTextField}
        widgets = {"text": _text_widget(4)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["title"].max_length = TITLE_MAX_LENGTH
        fields["text"].max_length = 5_000

    def validate_unique(self) -> None:
        """The number is given on save (1..n): the unique (advice, number) check would trip over a swap."""


class BaseRecommendationFormSet(forms.BaseModelFormSet):
    def __init__(self, *args: Any, advice: Advice, **kwargs: Any) -> None:
        self.advice = advice
        kwargs.setdefault("queryset", advice.recommendations.order_by("number", "pk"))
        kwargs.setdefault("prefix", "aanbeveling")
        super().__init__(*args, **kwargs)

    def validate_unique(self) -> None:
        return None

    def save_numbered(self) -> list[Recommendation]:
        """Delete what was marked, then number what is kept 1..n in the order of the "Volgorde" fields (a
        new one without a number goes last). The caller holds a lock on the advice and checked that it is
        still a draft. Only a row that changed is saved, each on its own, so that the history shows who
        changed what and a plain save adds nothing to it.
        """
        kept: list[tuple[int, int, RecommendationForm]] = []
        deleted = {id(form) for form in self.deleted_forms} if self.can_delete else set()
        for position, form in enumerate(self.forms):
            if form.instance.pk is None and not form.has_changed():
                continue
            if id(form) in deleted:
                if form.instance.pk is not None:
                    form.instance.delete()
                continue
            wanted = form.cleaned_data.get("number")
            kept.append((wanted if wanted is not None else 10_000, position, form))
        kept.sort(key=lambda row: (row[0], row[1]))
        # The numbers as stored (the forms' instances already hold what was typed).
        stored = {form.instance.pk: form.initial.get("number") for form in self.initial_forms}
        changes: list[tuple[int, RecommendationForm]] = [
            (number, form)
            for number, (_wanted, _position, form) in enumerate(kept, start=1)
            if form.instance.pk is None or stored.get(form.instance.pk) != number or form.has_changed()
        ]
        # Rows that move go out of the way first: the unique (advice, number) constraint is checked per
        # statement. The history does not see this step, only the move from the old number to the new.
        moving = [
            form.instance.pk for number, form in changes if form.instance.pk and stored[form.instance.pk] != number
        ]
        Recommendation.objects.filter(pk__in=moving).update(number=F("number") + RENUMBER_OFFSET)
        saved: list[Recommendation] = []
        for number, form in changes:
            recommendation: Recommendation = form.save(commit=False)
            recommendation.advice = self.advice
            recommendation.number = number
            recommendation.save()
            saved.append(recommendation)
        return saved


# Far above any real number (an advice has at most MAX_RECOMMENDATIONS), within a small integer.
RENUMBER_OFFSET = 1000
MAX_RECOMMENDATIONS = 50

RecommendationFormSet = cast(
    type[BaseRecommendationFormSet],
    forms.modelformset_factory(
        Recommendation,
        form=RecommendationForm,
        formset=BaseRecommendationFormSet,
        extra=2,
        can_delete=True,
        max_num=MAX_RECOMMENDATIONS,
        validate_max=True,
    ),
)


# --- Sending ---------------------------------------------------------------------------------------


class SendForm(forms.Form):
    published_on = forms.DateField(
        label=_("Publiceren op"),
        widget=DateInput,
        help_text=_("Vandaag of later, uiterlijk op de datum die de Woo vraagt (zie hierboven)."),
    )
    confidential_reason = PlainTextField(
        label=_("Reden van vertrouwelijkheid"),
        required=False,
        max_length=300,
        help_text=_("Alleen als het advies (nog) niet openbaar mag. Dit staat straks in het archief."),
    )
    confidential_until = forms.DateField(
        label=_("Vertrouwelijk tot"),
        required=False,
        widget=DateInput,
        help_text=_("Op deze dag komt het advies vanzelf in het openbare archief."),
    )


# --- The college's response ------------------------------------------------------------------------


def verdict_field(pk: int) -> str:
    return f"verdict_{pk}"


def reasons_field(pk: int) -> str:
    return f"reasons_{pk}"


@dataclass
class RecommendationRow:
    recommendation: Recommendation
    verdict: BoundField
    reasons: BoundField


class ResponseForm(forms.Form):
    """The college's letter and per recommendation its verdict with the reasons. The reasons are needed
    for deels and niet overgenomen: the service checks that, and its message lands on the field."""

    received_on = forms.DateField(label=_("Datum van de reactie"), widget=DateInput)
    letter_text = PlainTextField(
        label=_("De brief"),
        max_length=TEXT_MAX_LENGTH,
        widget=_text_widget(8),
        help_text=_("Neem de tekst van de brief over, of een samenvatting ervan. Dit wordt openbaar."),
    )
    letter_pdf = forms.FileField(
        label=_("De brief als pdf"),
        required=False,
        help_text=_("Alleen een pdf-bestand, hoogstens 5 MB. Klopt er iets anders niet? Kies het bestand dan opnieuw."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args: Any, recommendations: Iterable[Recommendation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recommendations = list(recommendations)
        for recommendation in self.recommendations:
            self.fields[verdict_field(recommendation.pk)] = forms.ChoiceField(
                label=_("Wat doet het college met aanbeveling %(number)s?") % {"number": recommendation.number},
                choices=Verdict.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Kies wat het college met aanbeveling %(number)s doet.")
                    % {"number": recommendation.number}
                },
            )
            self.fields[reasons_field(recommendation.pk)] = PlainTextField(
                label=_("Toelichting van het college bij aanbeveling %(number)s") % {"number": recommendation.number},
                required=False,
                max_length=5_000,
                widget=_text_widget(3),
                help_text=_("Nodig bij deels of niet overgenomen."),
            )

    def clean_letter_pdf(self) -> bytes | None:
        upload = self.cleaned_data.get("letter_pdf")
        if not upload:
            return None
        return services.validate_letter_pdf(upload)

    def rows(self) -> list[RecommendationRow]:
        return [
            RecommendationRow(
                recommendation=recommendation,
                verdict=self[verdict_field(recommendation.pk)],
                reasons=self[reasons_field(recommendation.pk)],
            )
            for recommendation in self.recommendations
        ]

    def verdicts(self) -> dict[int, services.VerdictInput]:
        data = self.cleaned_data
        return {
            recommendation.pk: services.VerdictInput(
                verdict=data.get(verdict_field(recommendation.pk)) or "",
                reasons=data.get(reasons_field(recommendation.pk)) or "",
            )
            for recommendation in self.recommendations
        }
