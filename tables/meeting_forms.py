"""Forms of meetings: plan or change one (date and times on the clocks of Amsterdam), the list's filters,
the minutes with attendance, and answering an invitation by its personal link.

Ids from the request go through ``infrastructure.ids.parse_id`` (via ``IdChoiceField``); typed text
through ``PlainTextField`` (no control characters, length limits), so hostile input is a form error.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import QuerySet
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from agenda.forms.work import DateInput, IdChoiceField
from councils.models import Council
from signals.forms import PlainTextField

from .meetings import amsterdam_datetime, local
from .models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Invitation, Meeting, MeetingKind, Need, Response

# A council plans its own meetings and the periodic consultation; a table's meetings come from the table.
COUNCIL_KINDS = [(k.value, k.label) for k in (MeetingKind.COUNCIL, MeetingKind.CONSULTATION, MeetingKind.OTHER)]
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class MeetingForm(forms.ModelForm):
    """Title, (for a council's meeting) the kind, the day with start and end time in Europe/Amsterdam,
    place with accessibility notes, an online link and the agenda."""

    title = PlainTextField(label=_("Titel"), max_length=TITLE_MAX_LENGTH)
    day = forms.DateField(label=_("Datum"), widget=DateInput, help_text=_("Bijvoorbeeld 24-10-2026."))
    start_time = forms.TimeField(label=_("Begintijd"), widget=TimeInput, help_text=_("Bijvoorbeeld 19:00."))
    end_time = forms.TimeField(label=_("Eindtijd"), widget=TimeInput)
    location = PlainTextField(
        label=_("Locatie"),
        required=False,
        max_length=300,
        help_text=_("Het adres, of 'online' als u online vergadert."),
    )
    accessibility_notes = PlainTextField(
        label=_("Toegankelijkheid"),
        required=False,
        max_length=500,
        help_text=_("Bijvoorbeeld: rolstoeltoegankelijk, ringleiding, invalidenparkeerplaats bij de ingang."),
    )
    online_url = forms.URLField(
        label=_("Online meedoen (link)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[URLValidator(schemes=["https", "http"])],
        help_text=_("Een link naar een online vergadering, als mensen ook online kunnen meedoen."),
    )
    agenda = PlainTextField(
        label=_("Agenda"), required=False, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6})
    )

    class Meta:
        model = Meeting
        fields = ["title", "kind", "location", "accessibility_notes", "online_url", "agenda"]

    # The service's refusals (the model's clean) on the fields of this form.
    error_fields = {"starts_at": "day", "ends_at": "end_time"}

    def __init__(self, *args, for_table: bool, **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        if for_table:
            del fields["kind"]
        else:
            fields["kind"].choices = COUNCIL_KINDS
        self.order_fields(["title", "kind", "day", "start_time", "end_time"])
        instance = self.instance
        if instance.pk and not self.is_bound:
            starts, ends = local(instance.starts_at), local(instance.ends_at)
            self.initial.update({"day": starts.date(), "start_time": starts.time(), "end_time": ends.time()})

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        if not EARLIEST <= day <= LATEST:
            raise ValidationError(_("Kies een datum tussen 2000 en 2100."))
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if isinstance(day, date) and isinstance(start, time) and isinstance(end, time):
            try:
                starts_at = amsterdam_datetime(day, start)
            except ValueError:
                self.add_error("start_time", _("Die tijd bestaat niet op deze dag: de klok gaat dan een uur vooruit."))
                return data
            try:
                ends_at = amsterdam_datetime(day, end)
            except ValueError:
                self.add_error("end_time", _("Die tijd bestaat niet op deze dag: de klok gaat dan een uur vooruit."))
                return data
            if ends_at <= starts_at:
                self.add_error("end_time", _("De eindtijd ligt na de begintijd."))
                return data
            self.instance.starts_at, self.instance.ends_at = starts_at, ends_at
        return data

    def _post_clean(self) -> None:
        # Only copy the values onto the meeting: its full_clean runs in the service, with council, table
        # and times set (a model error on a field outside this form would not fit the form here).
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class MeetingFilterForm(forms.Form):
    council = IdChoiceField(
        label=_("Raad"), queryset=Council.objects.none(), required=False, empty_label=_("Alle raden")
    )
    kind = forms.ChoiceField(label=_("Soort"), choices=[("", _("Alle soorten")), *MeetingKind.choices], required=False)
    past = forms.BooleanField(label=_("Toon eerdere bijeenkomsten"), required=False)

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["council"].queryset = councils

    def apply(self, queryset, *, now: datetime):
        """Upcoming first (soonest on top); with "eerdere" the past ones, latest on top. An invalid filter
        is ignored (and shown as an error)."""
        data: dict[str, Any] = {}
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
        elif self.is_bound:
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        if data.get("council"):
            queryset = queryset.filter(council=data["council"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("past"):
            return queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        return queryset.filter(ends_at__gte=now).order_by("starts_at", "pk")


ATTENDANCE_CHOICES = [("", _("Niet bekend")), ("ja", _("Aanwezig")), ("nee", _("Afwezig"))]


class MinutesForm(forms.Form):
    """The minutes and, per invitation of this meeting, whether the person was there."""

    minutes = PlainTextField(
        label=_("Verslag"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Is de tafel openbaar? Dan staat het verslag ook op de openbare pagina van de tafel."),
    )

    def __init__(self, *args, invitations: list[Invitation], **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            initial = {True: "ja", False: "nee"}.get(invitation.attended, "")  # type: ignore[arg-type]
            self.fields[self.field_name(invitation)] = forms.ChoiceField(
                label=invitation.name, choices=ATTENDANCE_CHOICES, required=False, initial=initial
            )

    @staticmethod
    def field_name(invitation: Invitation) -> str:
        return f"aanwezig_{invitation.pk}"

    def attendance(self) -> dict[int, bool | None]:
        values = {"ja": True, "nee": False}
        return {i.pk: values.get(self.cleaned_data.get(self.field_name(i), "")) for i in self.invitations}

    def attendance_fields(self):
        return [self[self.field_name(i)] for i in self.invitations]


class InvitationResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Komt u?"),
        choices=[
            (Response.YES, _("Ja, ik kom")),
            (Response.NO, _("Nee, ik kan niet")),
            (Response.MAYBE, _("Misschien")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of u komt."), "invalid_choice": _("Kies of u komt.")},
    )
    needs = forms.MultipleChoiceField(
        label=_("Wat hebt u nodig om mee te doen?"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kies wat voor u geldt. Wij nemen contact met u op als dat nodig is."),
    )
    needs_note = PlainTextField(
        label=_("Toelichting"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld welke tolk, welk dieet of waar u opgehaald wilt worden. Hoogstens 500 tekens."),
    )
