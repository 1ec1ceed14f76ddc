"""The participation agenda of each council and the early-involvement requests of policy advisors.

The council and the municipality keep one agenda together: items come from the municipality, the council,
signals, residents' proposals (a signal with a kind) and youth. A policy advisor asks the council at the
start of a policy trajectory whom to involve and how (an early-involvement request); the council answers
with a participation advice (DESIGN.md rule 8: always the group cliënten/ervaringsdeskundigen, with a
written client perspective). Every change to an item or a request is kept as history (who, when, what).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from councils.models import Council, Municipality, Neighbourhood, Theme
from members.access import scope_for
from members.models import NetworkOrganisation
from signals.models import Signal

TEXT_MAX_LENGTH = 5000
TITLE_MAX_LENGTH = 200


# --- The agenda ------------------------------------------------------------------------------------


class Origin(models.TextChoices):
    MUNICIPALITY = "gemeente", _("gemeente")
    COUNCIL = "participatieraad", _("participatieraad")
    SIGNALS = "signalen", _("signalen")
    RESIDENT_PROPOSAL = "inwonersvoorstel", _("inwonersvoorstel")
    YOUTH = "jongeren", _("jongeren")


class ItemStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("voorgesteld")
    SCHEDULED = "geagendeerd", _("geagendeerd")
    IN_PROGRESS = "in_uitvoering", _("in uitvoering")
    DONE = "afgerond", _("afgerond")
    NOT_TAKEN_UP = "niet_opgepakt", _("niet opgepakt")


# voorgesteld → geagendeerd → in uitvoering → afgerond, or niet opgepakt (with a public reason); a step
# back is allowed where people change their minds, so a mistake can be undone without the admin.
ITEM_TRANSITIONS: dict[str, set[str]] = {
    ItemStatus.PROPOSED: {ItemStatus.SCHEDULED, ItemStatus.NOT_TAKEN_UP},
    ItemStatus.SCHEDULED: {ItemStatus.PROPOSED, ItemStatus.IN_PROGRESS, ItemStatus.NOT_TAKEN_UP},
    ItemStatus.IN_PROGRESS: {ItemStatus.SCHEDULED, ItemStatus.DONE, ItemStatus.NOT_TAKEN_UP},
    ItemStatus.DONE: {ItemStatus.IN_PROGRESS},
    ItemStatus.NOT_TAKEN_UP: {ItemStatus.PROPOSED},
}
OPEN_ITEM_STATUSES = (ItemStatus.PROPOSED, ItemStatus.SCHEDULED, ItemStatus.IN_PROGRESS)


def quarter_label(year: int | None, quarter: int | None) -> str:
    """``2027-K1``: how a planned quarter is written in filters and on pages (K for kwartaal)."""
    if not year or not quarter:
        return ""
    return f"{year}-K{quarter}"


def parse_quarter(value: str) -> tuple[int, int] | None:
    """``2027-K1`` (or ``2027-k1``) → (2027, 1); anything else → None."""
    value = (value or "").strip().upper()
    if len(value) != 7 or value[4:6] != "-K" or not value[:4].isdigit() or value[6] not in "1234":
        return None
    year = int(value[:4])
    if not 2000 <= year <= 2100:
        return None
    return year, int(value[6])


class AgendaItemQuerySet(models.QuerySet["AgendaItem"]):
    def public(self) -> AgendaItemQuerySet:
        return self.filter(is_public=True)

    def on_agenda_of(self, council: Council) -> AgendaItemQuerySet:
        """A council's agenda: its own items; for the regional council also the local councils' items
        referred to the region (they concern the whole IJmond). By the council's id: no join."""
        if council.is_regional:
            return self.filter(Q(council_id=council.pk) | Q(referred_to_region_at__isnull=False))
        return self.filter(council_id=council.pk)

    def for_user(self, user) -> AgendaItemQuerySet:
        """Items whose non-public side the user may see: the agendas of the councils they sit on (the
        regional council also sees what was referred to it), of their municipality as policy advisor, and
        the whole region for the aanjager, ondersteuner and beheerder."""
        scope = scope_for(user)
        if scope.reads_whole_region:
            return self.all()
        council_ids = set(scope.council_ids)
        if scope.advisor_municipality_ids:
            # The councils of the advisor's municipalities, as ids: a plain ``council_id IN (…)`` lets a
            # list walk the (council, created_at) index where a join to the councils makes it sort.
            council_ids |= set(
                Council.objects.filter(municipality_id__in=scope.advisor_municipality_ids).values_list("pk", flat=True)
            )
        conditions = Q(council_id__in=sorted(council_ids))
        if scope.sits_on_regional_council:
            conditions |= Q(referred_to_region_at__isnull=False)
        return self.filter(conditions)

    def with_signal_count(self) -> AgendaItemQuerySet:
        """``signal_count``: the linked signals, counted in a subquery per row, so that the database counts
        them only for the rows a page returns (a GROUP BY would count the whole agenda first)."""
        links = AgendaItem.signals.through.objects.filter(agendaitem_id=OuterRef("pk")).order_by()
        counted = links.values(number=Func(F("pk"), function="COUNT"))
        return self.annotate(signal_count=Coalesce(Subquery(counted, output_field=models.IntegerField()), Value(0)))


class AgendaItem(models.Model):
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("participatieraad")
    )
    title = models.CharField(_("titel"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(
        _("omschrijving"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)], help_text=_("Wat speelt er en waarom?")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="agenda_items", verbose_name=_("thema's"))
    neighbourhoods = models.ManyToManyField(
        Neighbourhood,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("wijken"),
        help_text=_("Alleen als het onderwerp over een of meer wijken gaat (wijkgericht)."),
    )
    origin = models.CharField(_("herkomst"), max_length=20, choices=Origin.choices)
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PROPOSED)
    not_taken_up_reason = models.TextField(
        _("reden niet opgepakt"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH)],
        help_text=_("Staat op de openbare agenda."),
    )
    planned_year = models.PositiveSmallIntegerField(
        _("gepland jaar"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    planned_quarter = models.PositiveSmallIntegerField(
        _("gepland kwartaal"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_agenda_items",
        verbose_name=_("trekker (lid van de raad)"),
    )
    municipal_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items_as_contact",
        verbose_name=_("contactpersoon gemeente"),
    )
    is_public = models.BooleanField(_("openbaar"), default=True)
    signals = models.ManyToManyField(
        Signal, blank=True, related_name="agenda_items", verbose_name=_("gekoppelde signalen")
    )
    request = models.ForeignKey(
        "agenda.EarlyInvolvementRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("verzoek om vroege betrokkenheid"),
    )
    referred_to_region_at = models.DateTimeField(_("doorverwezen naar de regio"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AgendaItemQuerySet.as_manager()
    # Who changed what, shown on the item; themes and wijken included. The links to signals are not: they
    # only grow, and the item lists them.
    history = HistoricalRecords(m2m_fields=[themes, neighbourhoods])

    # Shown on a signal's pages as what it became (Signal.outcomes reads this without importing us).
    signal_outcome_label = _("Agendapunt")

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # A council's agenda newest first (the work list), with or without a status filter.
            models.Index(fields=["council", "-created_at", "-id"], name="agenda_item_council_idx"),
            models.Index(fields=["is_public", "-created_at"], name="agenda_item_public_idx"),
            models.Index(fields=["planned_year", "planned_quarter"], name="agenda_item_quarter_idx"),
            # A member's own open items in the order /werk/ lists them (the earliest planned first).
            models.Index(
                fields=["owner", "planned_year", "planned_quarter", "-created_at"],
                condition=Q(status__in=OPEN_ITEM_STATUSES),
                name="agenda_item_owner_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="niet_opgepakt") | ~Q(not_taken_up_reason=""),
                name="agenda_item_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=(Q(planned_year__isnull=True) & Q(planned_quarter__isnull=True))
                | (Q(planned_year__isnull=False) & Q(planned_quarter__isnull=False)),
                name="agenda_item_quarter_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agenda:work_item", kwargs={"pk": self.pk})

    def get_public_url(self) -> str:
        return reverse("agenda:item", kwargs={"pk": self.pk})

    @property
    def planned(self) -> str:
        return quarter_label(self.planned_year, self.planned_quarter)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ITEM_STATUSES

    @property
    def concerns_region(self) -> bool:
        return self.council.is_regional or self.referred_to_region_at is not None

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.status == ItemStatus.NOT_TAKEN_UP and not self.not_taken_up_reason.strip():
            errors["not_taken_up_reason"] = _("Schrijf op waarom dit punt niet wordt opgepakt; dat staat op de agenda.")
        if bool(self.planned_year) != bool(self.planned_quarter):
            errors["planned_quarter"] = _("Kies een jaar én een kwartaal, of laat beide leeg.")
        if errors:
            raise ValidationError(errors)


# --- Early involvement -----------------------------------------------------------------------------


class Phase(models.TextChoices):
    """Where the policy trajectory stands; the earlier a request arrives, the better."""

    EXPLORATION = "verkenning", _("verkenning")
    POLICY_MAKING = "beleidsvorming", _("beleidsvorming")
    DECISION_MAKING = "besluitvorming", _("besluitvorming")
    IMPLEMENTATION = "uitvoering", _("uitvoering")
    EVALUATION = "evaluatie", _("evaluatie")


class RequestStatus(models.TextChoices):
    SUBMITTED = "ingediend", _("ingediend")
    IN_PROGRESS = "in_behandeling", _("in behandeling")
    ADVISED = "advies_gegeven", _("participatieadvies gegeven")
    DONE = "afgerond", _("afgerond")


OPEN_REQUEST_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS)


class RequestQuerySet(models.QuerySet["EarlyInvolvementRequest"]):
    def open(self) -> RequestQuerySet:
        return self.filter(status__in=OPEN_REQUEST_STATUSES)

    def overdue(self, *, today: date | None = None) -> RequestQuerySet:
        today = today or timezone.localdate()
        return self.open().filter(wanted_by__lt=today)

    def for_user(self, user) -> RequestQuerySet:
        """Requests the user may read: those to the councils they sit on; as policy advisor, those their
        own municipality filed (also its regional ones, never another municipality's); everything for the
        aanjager, ondersteuner and beheerder."""
        scope = scope_for(user)
        if scope.reads_whole_region:
            return self.all()
        return self.filter(Q(council_id__in=scope.council_ids) | Q(municipality_id__in=scope.advisor_municipality_ids))


class EarlyInvolvementRequest(models.Model):
    """A policy advisor asks the council, at the start of a policy trajectory, whom to involve and how."""

    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        related_name="involvement_requests",
        verbose_name=_("participatieraad"),
        help_text=_("De raad van uw gemeente, of de regionale raad voor een vraag die de hele IJmond raakt."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="involvement_requests",
        verbose_name=_("gemeente"),
        help_text=_("De gemeente die het verzoek doet."),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="involvement_requests",
        verbose_name=_("ingediend door"),
    )
    filed_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    title = models.CharField(_("beleidstraject"), max_length=TITLE_MAX_LENGTH)
    themes = models.ManyToManyField(Theme, blank=True, related_name="involvement_requests", verbose_name=_("thema's"))
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="involvement_requests", verbose_name=_("wijken")
    )
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices)
    # The phase in which the request arrived, never changed afterwards: how early residents are involved.
    phase_at_filing = models.CharField(_("fase bij indienen"), max_length=20, choices=Phase.choices, editable=False)
    college_decision_date = models.DateField(_("besluit college (verwacht)"), null=True, blank=True)
    council_decision_date = models.DateField(_("besluit gemeenteraad (verwacht)"), null=True, blank=True)
    question = models.TextField(_("vraag aan de raad"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    known_information = models.TextField(
        _("wat is al bekend"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    stakeholders = models.TextField(
        _("belanghebbenden in beeld"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    wanted_by = models.DateField(_("reactie van de raad gewenst vóór"))
    formal_advice_expected = models.BooleanField(_("er volgt een formele adviesaanvraag"), default=False)

    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    acknowledged_at = models.DateTimeField(_("in behandeling genomen op"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    referred_from = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("doorverwezen door"),
    )
    referred_at = models.DateTimeField(_("doorverwezen op"), null=True, blank=True)

    objects = RequestQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes, neighbourhoods])

    class Meta:
        verbose_name = _("verzoek om vroege betrokkenheid")
        verbose_name_plural = _("verzoeken om vroege betrokkenheid")
        ordering = ["-filed_at", "-pk"]
        indexes = [
            models.Index(fields=["council", "status", "wanted_by"], name="request_council_idx"),
            models.Index(fields=["municipality", "-filed_at"], name="request_municipality_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Kept from the first save on (whoever files it: the form, the admin or the demo).
        if not self.phase_at_filing:
            self.phase_at_filing = self.phase
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("agenda:request_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES

    def is_overdue(self, *, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.wanted_by < today

    @property
    def answered_on_time(self) -> bool | None:
        if self.answered_at is None:
            return None
        return timezone.localdate(self.answered_at) <= self.wanted_by

    @property
    def reminder_due_on(self) -> date:
        return self.wanted_by - timedelta(days=settings.REQUEST_REMINDER_DAYS_BEFORE)

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.council_id and self.municipality_id:
            council = self.council
            if not council.is_regional and council.municipality_id != self.municipality_id:
                errors["council"] = _("Kies de raad van uw eigen gemeente of de regionale raad.")
        if (
            self.college_decision_date
            and self.council_decision_date
            and self.council_decision_date < self.college_decision_date
        ):
            errors["council_decision_date"] = _("De gemeenteraad besluit na het college.")
        if errors:
            raise ValidationError(errors)


class TargetGroup(models.TextChoices):
    CLIENTS = "clienten", _("cliënten/ervaringsdeskundigen")
    CARERS = "mantelzorgers", _("mantelzorgers")
    YOUTH = "jongeren", _("jongeren")
    ELDERLY = "ouderen", _("ouderen")
    DISABLED = "beperking", _("mensen met een beperking")
    PROFESSIONALS = "professionals", _("professionals")
    RESIDENTS = "inwoners", _("inwoners van de wijk")
    ORGANISATIONS = "organisaties", _("netwerkorganisaties")


class ParticipationForm(models.TextChoices):
    TABLE = "tafel", _("tijdelijke tafel")
    MEETING = "bijeenkomst", _("bijeenkomst")
    STREET = "straatgesprek", _("straatgesprek")
    POLL = "flitspeiling", _("flitspeiling")
    YOUTH_PANEL = "jongerenpanel", _("jongerenpanel")
    FOCUS_GROUP = "focusgroep", _("focusgroep")
    SURVEY = "enquete", _("online enquête")
    NETWORK = "netwerkorganisatie", _("via netwerkorganisatie")


class ParticipationAdvice(models.Model):
    """The council's answer to a request: per target group the forms and timing, whom to involve."""

    request = models.OneToOneField(
        EarlyInvolvementRequest, on_delete=models.CASCADE, related_name="participation_advice"
    )
    summary = models.TextField(_("advies in het kort"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    client_perspective = models.TextField(
        _("cliëntperspectief"),
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH)],
        help_text=_(
            "Wat cliënten en ervaringsdeskundigen nodig hebben om mee te doen, en wat voor hen op het spel staat."
        ),
    )
    network_organisations = models.ManyToManyField(
        NetworkOrganisation, blank=True, related_name="+", verbose_name=_("netwerkorganisaties om te betrekken")
    )
    experts = models.TextField(
        _("ervaringsdeskundigen en anderen om te betrekken"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH)],
    )
    council_runs_table = models.BooleanField(_("de raad organiseert zelf een tafel"), default=False)
    given_at = models.DateTimeField(_("gegeven op"), default=timezone.now)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participatieadvies")
        verbose_name_plural = _("participatieadviezen")

    def __str__(self) -> str:
        return str(self.request)


class RecommendedGroup(models.Model):
    """One target group in a participation advice: the recommended forms and when."""

    advice = models.ForeignKey(ParticipationAdvice, on_delete=models.CASCADE, related_name="groups")
    target_group = models.CharField(_("doelgroep"), max_length=20, choices=TargetGroup.choices)
    # A list of ParticipationForm values: JSON works on PostgreSQL and SQLite alike.
    forms = models.JSONField(_("vormen"), default=list)
    timing = models.CharField(_("wanneer"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("doelgroep in het advies")
        verbose_name_plural = _("doelgroepen in het advies")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["advice", "target_group"], name="recommended_group_once"),
        ]

    def __str__(self) -> str:
        return self.get_target_group_display()

    @property
    def form_labels(self) -> list[str]:
        labels = dict(ParticipationForm.choices)
        return [str(labels.get(value, value)) for value in self.forms]

    def clean(self) -> None:
        if not isinstance(self.forms, list) or not self.forms:
            raise ValidationError({"forms": _("Kies ten minste één vorm.")})
        unknown = [value for value in self.forms if value not in ParticipationForm.values]
        if unknown:
            raise ValidationError({"forms": _("Onbekende vorm gekozen.")})
