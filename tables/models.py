"""Temporary participation tables: who sits at the table, and all meetings with their invitations.

For each question the council (with the municipality) forms a temporary table of the people it concerns —
always with a client at the table (DESIGN.md rule 1) —, meets and concludes. Meetings are one model: a
table's, a council's own, and the periodic consultation between a council and its municipality.
Invitations and reminders go through the outbox, exactly once per (invitation, kind) (rule 7).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from simple_history.models import HistoricalRecords

from agenda.models import AgendaItem, EarlyInvolvementRequest, ParticipationForm, TargetGroup
from councils.models import Council, Neighbourhood, Theme
from members.access import scope_for
from members.models import ExpertProfile, NetworkOrganisation
from signals.models import Signal

TEXT_MAX_LENGTH = 5000
TITLE_MAX_LENGTH = 200


# --- Tables ----------------------------------------------------------------------------------------


class TableOrigin(models.TextChoices):
    REQUEST = "verzoek", _("verzoek om vroege betrokkenheid")
    AGENDA_ITEM = "agendapunt", _("agendapunt")
    OWN_INITIATIVE = "eigen_initiatief", _("eigen initiatief van de raad")


class TableScope(models.TextChoices):
    LOCAL = "lokaal", _("lokaal")
    REGIONAL = "regionaal", _("regionaal")


class TableStatus(models.TextChoices):
    FORMING = "in_oprichting", _("in oprichting")
    ACTIVE = "actief", _("actief")
    CONCLUDING = "afronding", _("afronding")
    CONCLUDED = "afgerond", _("afgerond")


# in oprichting → actief → afronding → afgerond; a step back where plans change (not out of afgerond).
TABLE_TRANSITIONS: dict[str, set[str]] = {
    TableStatus.FORMING: {TableStatus.ACTIVE},
    TableStatus.ACTIVE: {TableStatus.FORMING, TableStatus.CONCLUDING},
    TableStatus.CONCLUDING: {TableStatus.ACTIVE, TableStatus.CONCLUDED},
    TableStatus.CONCLUDED: set(),
}


# The attribute of the user object that keeps ``organised_council_ids`` for the rest of the request.
_ORGANISED_CACHE = "_ijmond_organised_council_ids"


def organised_council_ids(user) -> list[int]:
    """The councils whose tables and meetings the user organises (``tables.rules.organises_for``), as ids:
    the councils they sit on, and the local council of each municipality they advise for. The ids are
    resolved here (one small query of the councils, only for a policy advisor), so that a list filters on
    a plain ``council_id IN (…)`` and walks its (council, …) index where a join to the councils would make
    the database read every row and sort."""
    scope = scope_for(user)
    if not scope.advisor_municipality_ids:
        return sorted(scope.council_ids)
    # Kept with the scope on the user object (so once per request), for as long as that scope is the one.
    cached = getattr(user, _ORGANISED_CACHE, None)
    if cached is not None and cached[0] is scope:
        return list(cached[1])
    council_ids = set(scope.council_ids)
    council_ids |= set(
        Council.objects.filter(municipality_id__in=scope.advisor_municipality_ids).values_list("pk", flat=True)
    )
    setattr(user, _ORGANISED_CACHE, (scope, sorted(council_ids)))
    return sorted(council_ids)


class TableQuerySet(models.QuerySet["Table"]):
    def public(self) -> TableQuerySet:
        return self.filter(is_public=True)

    def for_user(self, user) -> TableQuerySet:
        """Tables whose non-public side the user may see: the councils they sit on, the tables of their
        municipality's council as policy advisor (they co-organise them), everything for the regional
        roles, and a table where the user holds a seat. No join: one row per table, no DISTINCT."""
        scope = scope_for(user)
        if scope.reads_whole_region:
            return self.all()
        conditions = Q(council_id__in=organised_council_ids(user))
        if getattr(user, "pk", None):
            # The seats' tables as a subquery on the seat's account index (a person's own few seats).
            conditions |= Q(pk__in=Seat.objects.filter(user_id=user.pk).values("table_id"))
        return self.filter(conditions)


class Table(models.Model):
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="tables", verbose_name=_("participatieraad")
    )
    title = models.CharField(_("titel"), max_length=TITLE_MAX_LENGTH)
    question = models.TextField(_("de vraag"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    origin = models.CharField(_("herkomst"), max_length=20, choices=TableOrigin.choices)
    request = models.ForeignKey(
        EarlyInvolvementRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tables",
        verbose_name=_("verzoek"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tables",
        verbose_name=_("agendapunt"),
    )
    scope = models.CharField(_("reikwijdte"), max_length=10, choices=TableScope.choices, default=TableScope.LOCAL)
    themes = models.ManyToManyField(Theme, blank=True, related_name="tables", verbose_name=_("thema's"))
    neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="tables", verbose_name=_("wijken"))
    # Lists of agenda.TargetGroup and agenda.ParticipationForm values.
    target_groups = models.JSONField(_("doelgroepen"), default=list, blank=True)
    participation_forms = models.JSONField(_("vormen"), default=list, blank=True)
    planned_start = models.DateField(_("geplande start"), null=True, blank=True)
    planned_end = models.DateField(_("gepland einde"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TableStatus.choices, default=TableStatus.FORMING)
    is_public = models.BooleanField(_("openbaar"), default=True)
    signals = models.ManyToManyField(Signal, blank=True, related_name="tables", verbose_name=_("signalen"))
    outcome_summary = models.TextField(_("uitkomst"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    client_perspective = models.TextField(
        _("cliëntperspectief"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH)],
        help_text=_("Wat de cliënten aan tafel inbrachten. Zonder cliëntperspectief rondt een tafel niet af."),
    )
    concluded_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TableQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes, neighbourhoods])

    # Shown on a signal's pages (Signal.outcomes) and an agenda item's public page (public_outcomes).
    signal_outcome_label = _("Participatietafel")
    agenda_outcome_label = _("Participatietafel")

    class Meta:
        verbose_name = _("participatietafel")
        verbose_name_plural = _("participatietafels")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["council", "-created_at", "-id"], name="table_council_idx"),
            models.Index(fields=["is_public", "status", "-created_at"], name="table_public_idx"),
            # The public list newest first without a status chosen: the top 25 read from the index.
            models.Index(fields=["-created_at", "-id"], condition=Q(is_public=True), name="table_public_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="afgerond") | ~Q(client_perspective=""),
                name="concluded_table_has_client_perspective",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="table_planned_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tables:work_detail", kwargs={"pk": self.pk})

    def get_public_url(self) -> str:
        return reverse("tables:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.origin == TableOrigin.REQUEST and not self.request_id:
            errors["request"] = _("Kies het verzoek waar deze tafel uit voortkomt.")
        if self.origin == TableOrigin.AGENDA_ITEM and not self.agenda_item_id:
            errors["agenda_item"] = _("Kies het agendapunt waar deze tafel uit voortkomt.")
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("Het einde ligt voor de start.")
        if not isinstance(self.target_groups, list) or any(g not in TargetGroup.values for g in self.target_groups):
            errors["target_groups"] = _("Onbekende doelgroep.")
        if not isinstance(self.participation_forms, list) or any(
            f not in ParticipationForm.values for f in self.participation_forms
        ):
            errors["participation_forms"] = _("Onbekende vorm.")
        if self.status == TableStatus.CONCLUDED and not self.client_perspective.strip():
            errors["client_perspective"] = _("Een tafel rondt pas af met een geschreven cliëntperspectief.")
        if errors:
            raise ValidationError(errors)


class StakeholderType(models.TextChoices):
    CLIENT = "client", _("cliënt/ervaringsdeskundige")
    CARER = "mantelzorger", _("mantelzorger")
    RESIDENT = "inwoner", _("inwoner")
    YOUNG = "jongere", _("jongere")
    PROFESSIONAL = "professional", _("professional")
    ORGANISATION = "netwerkorganisatie", _("netwerkorganisatie")
    COUNCIL_MEMBER = "lid", _("lid participatieraad")
    POLICY_ADVISOR = "beleidsadviseur", _("beleidsadviseur")


class SeatStatus(models.TextChoices):
    INVITED = "gevraagd", _("gevraagd")
    ACCEPTED = "doet_mee", _("doet mee")
    DECLINED = "afgezegd", _("afgezegd")
    LEFT = "vertrokken", _("vertrokken")


class Seat(models.Model):
    """Someone at a table: a person from the expert network, an account, or a guest (name and e-mail),
    with their stakeholder type. Rule 1 counts the client seats held by someone who accepted."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="seats")
    stakeholder_type = models.CharField(_("deelnemer als"), max_length=20, choices=StakeholderType.choices)
    expert = models.ForeignKey(
        ExpertProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
        verbose_name=_("expertteam"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="table_seats",
        verbose_name=_("account"),
    )
    organisation = models.ForeignKey(
        NetworkOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seats",
        verbose_name=_("namens organisatie"),
    )
    guest_name = models.CharField(_("naam (gast)"), max_length=150, blank=True)
    guest_email = models.EmailField(_("e-mailadres (gast)"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SeatStatus.choices, default=SeatStatus.INVITED)
    accepted_at = models.DateTimeField(_("doet mee sinds"), null=True, blank=True)
    left_at = models.DateTimeField(_("vertrokken op"), null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plaats aan tafel")
        verbose_name_plural = _("plaatsen aan tafel")
        ordering = ["stakeholder_type", "pk"]
        constraints = [
            # Exactly one of: an expert, an account, a guest with an address.
            models.CheckConstraint(
                condition=(Q(expert__isnull=False) & Q(user__isnull=True) & Q(guest_email=""))
                | (Q(expert__isnull=True) & Q(user__isnull=False) & Q(guest_email=""))
                | (Q(expert__isnull=True) & Q(user__isnull=True) & ~Q(guest_email="")),
                name="seat_one_person",
            ),
            models.UniqueConstraint(
                fields=["table", "expert"], condition=Q(expert__isnull=False), name="seat_expert_once"
            ),
            models.UniqueConstraint(fields=["table", "user"], condition=Q(user__isnull=False), name="seat_user_once"),
            models.UniqueConstraint(
                fields=["table", "guest_email"], condition=~Q(guest_email=""), name="seat_guest_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.get_stakeholder_type_display()})"

    @property
    def person_name(self) -> str:
        if self.expert_id and self.expert is not None:
            return self.expert.name
        if self.user_id and self.user is not None:
            return str(self.user)
        return self.guest_name or self.guest_email

    @property
    def email(self) -> str:
        if self.expert is not None:
            return self.expert.email or (self.expert.user.email if self.expert.user_id and self.expert.user else "")
        if self.user is not None:
            return self.user.email
        return self.guest_email

    @property
    def is_accepted_client(self) -> bool:
        return self.stakeholder_type == StakeholderType.CLIENT and self.status == SeatStatus.ACCEPTED


class JoinRequestStatus(models.TextChoices):
    PENDING = "nieuw", _("nieuw")
    ACCEPTED = "geaccepteerd", _("geaccepteerd")
    DECLINED = "afgewezen", _("afgewezen")


class JoinRequest(models.Model):
    """A resident offers to join a public table ("ik wil meedoen"); a member accepts (a seat as guest) or
    declines, and the resident is told by mail. Contact details are erased with the decision's retention."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="join_requests")
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    stakeholder_type = models.CharField(_("ik doe mee als"), max_length=20, choices=StakeholderType.choices)
    message = models.TextField(_("waarom wilt u meedoen?"), blank=True, validators=[MaxLengthValidator(2000)])
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    seat = models.OneToOneField(Seat, on_delete=models.SET_NULL, null=True, blank=True, related_name="join_request")

    class Meta:
        verbose_name = _("aanmelding voor een tafel")
        verbose_name_plural = _("aanmeldingen voor tafels")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.table_id}: {self.get_status_display()}"


# --- Meetings ----------------------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    TABLE = "tafel", _("bijeenkomst van een tafel")
    COUNCIL = "raad", _("vergadering van de raad")
    CONSULTATION = "periodiek_overleg", _("periodiek overleg met de gemeente")
    OTHER = "bijeenkomst", _("bijeenkomst")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, *, now=None) -> MeetingQuerySet:
        return self.filter(ends_at__gte=now or timezone.now(), cancelled_at__isnull=True)

    def for_user(self, user) -> MeetingQuerySet:
        """Meetings the user may see: of the councils they sit on and their tables, of their municipality's
        council as policy advisor, everything for the regional roles."""
        if scope_for(user).reads_whole_region:
            return self.all()
        # By the councils' ids (see ``organised_council_ids``): the list walks the (council, start) index.
        return self.filter(council_id__in=organised_council_ids(user))


class Meeting(models.Model):
    """A meeting in Europe/Amsterdam time: a table's, a council's own, or the periodic consultation with
    the municipality (Wmo 2015 art. 2.1.3 lid 3 (d)). ``uid`` and ``sequence`` make its calendar entries
    stable: a change raises the sequence and sends an update; a cancellation sends a cancellation."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("participatieraad")
    )
    table = models.ForeignKey(
        Table, on_delete=models.CASCADE, null=True, blank=True, related_name="meetings", verbose_name=_("tafel")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.TABLE)
    title = models.CharField(_("titel"), max_length=TITLE_MAX_LENGTH)
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    location = models.CharField(_("locatie"), max_length=300, blank=True)
    accessibility_notes = models.CharField(
        _("toegankelijkheid"),
        max_length=500,
        blank=True,
        help_text=_("Bijvoorbeeld: rolstoeltoegankelijk, ringleiding, invalidenparkeerplaats bij de ingang."),
    )
    online_url = models.URLField(_("online meedoen (link)"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    minutes = models.TextField(_("verslag"), blank=True, validators=[MaxLengthValidator(20000)])
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["council", "starts_at"], name="meeting_council_idx"),
            # The work list of meetings (/werk/bijeenkomsten/) counts a council's coming (or past) meetings
            # by start and end: with the end in the index the count reads the index alone, not every
            # meeting's row.
            models.Index(fields=["council", "starts_at"], include=["ends_at"], name="meeting_council_span_idx"),
            models.Index(fields=["table", "starts_at"], name="meeting_table_idx"),
            models.Index(fields=["starts_at"], name="meeting_start_idx", condition=Q(cancelled_at__isnull=True)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(condition=~Q(kind="tafel") | Q(table__isnull=False), name="table_meeting_has_table"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tables:meeting_detail", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Het einde ligt na het begin.")
        if self.starts_at and self.ends_at and self.ends_at - self.starts_at > timedelta(hours=24):
            errors["ends_at"] = _("Een bijeenkomst duurt hoogstens een dag.")
        if self.kind == MeetingKind.TABLE and not self.table_id:
            errors["table"] = _("Kies de tafel van deze bijeenkomst.")
        if self.table_id and self.council_id and self.table is not None and self.table.council_id != self.council_id:
            errors["table"] = _("Deze tafel hoort bij een andere raad.")
        if errors:
            raise ValidationError(errors)


class Response(models.TextChoices):
    NONE = "geen", _("nog geen antwoord")
    YES = "ja", _("komt")
    NO = "nee", _("komt niet")
    MAYBE = "misschien", _("misschien")


class Need(models.TextChoices):
    TRANSPORT = "vervoer", _("vervoer")
    INTERPRETER = "tolk", _("een tolk (ook gebarentolk)")
    EASY_READ = "eenvoudig", _("stukken in eenvoudige taal")
    DIETARY = "dieet", _("dieetwensen")
    OTHER = "anders", _("iets anders")


class Invitation(models.Model):
    """One person invited to one meeting: mailed with a calendar file and a personal link
    (``/uitnodiging/<token>/``, the token stored hashed) to answer without logging in."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="meeting_invitations"
    )
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    token_hash = models.CharField(max_length=64, unique=True)
    response = models.CharField(_("antwoord"), max_length=10, choices=Response.choices, default=Response.NONE)
    responded_at = models.DateTimeField(null=True, blank=True)
    needs = models.JSONField(_("nodig om mee te doen"), default=list, blank=True)
    needs_note = models.CharField(_("toelichting"), max_length=500, blank=True)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)
    # The calendar sequence last mailed to this person: an update goes out when the meeting's is higher.
    sent_sequence = models.IntegerField(default=-1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["meeting", "response"], name="invitation_meeting_idx")]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email"], name="invitation_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.meeting}"

    def clean(self) -> None:
        if not isinstance(self.needs, list) or any(n not in Need.values for n in self.needs):
            raise ValidationError({"needs": _("Onbekende keuze.")})


class CalendarFeed(models.Model):
    """A member's personal calendar feed (an .ics URL with a token, stored hashed), revocable."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agenda-abonnement")
        verbose_name_plural = _("agenda-abonnementen")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_live_feed_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ({'ingetrokken' if self.revoked_at else 'actief'})"
