"""Signals: what residents and network partners tell the councils, and what came of it.

A signal belongs to one municipality; the local council of that municipality handles it, unless it is
regional or was referred to the regional council. Contact details are optional, kept only with explicit
consent and erased after a retention period (``services.signal_erase_expired_contacts``).
"""

from __future__ import annotations

import operator
import secrets
from datetime import timedelta
from functools import reduce

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.models import Council, Municipality, Neighbourhood, Theme
from members.access import scope_for
from members.models import NetworkOrganisation, Role

# No 0/O, 1/I/L: a code read aloud on the phone or copied from paper must not be ambiguous.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
TEXT_MAX_LENGTH = 5000


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_tracking_code(value: str) -> str:
    """Accept codes typed with spaces, lower case or without the dash."""
    cleaned = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if len(cleaned) != CODE_LENGTH:
        return ""
    return f"{cleaned[:4]}-{cleaned[4:]}"


class Status(models.TextChoices):
    NEW = "nieuw", _("nieuw")
    IN_PROGRESS = "in_behandeling", _("in behandeling")
    TAKEN_UP = "opgepakt", _("opgepakt")
    CLOSED = "afgerond", _("afgerond")
    DUPLICATE = "dubbel", _("dubbel")


# Which status may follow which. Closing and marking as duplicate have their own services, because
# they need a feedback text or an original.
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.IN_PROGRESS, Status.TAKEN_UP, Status.CLOSED, Status.DUPLICATE},
    Status.IN_PROGRESS: {Status.NEW, Status.TAKEN_UP, Status.CLOSED, Status.DUPLICATE},
    Status.TAKEN_UP: {Status.IN_PROGRESS, Status.CLOSED},
    Status.CLOSED: {Status.IN_PROGRESS},
    # A duplicate is closed together with its original.
    Status.DUPLICATE: {Status.IN_PROGRESS, Status.CLOSED},
}
OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.TAKEN_UP)
# The regional council handles what is marked regional or was referred to it (see Signal.handled_regionally).
REGIONAL_QUEUE = Q(is_regional=True) | Q(referred_to_region_at__isnull=False)


class Channel(models.TextChoices):
    WEB = "web", _("webformulier")
    MEETING = "bijeenkomst", _("bijeenkomst")
    PHONE = "telefoon", _("telefoon")
    NETWORK = "netwerkpartner", _("netwerkpartner")


class Kind(models.TextChoices):
    """What a resident sends in: something that goes on (a signal) or a proposal. A proposal goes through
    the same intake, queue and follow page; the agenda app puts it on the agenda or declines it."""

    SIGNAL = "signaal", _("signaal")
    AGENDA_TOPIC = "onderwerp", _("onderwerp voor de agenda")
    POLICY_PROPOSAL = "beleidsvoorstel", _("beleidsvoorstel")
    INITIATIVE = "initiatief", _("initiatief")


PROPOSAL_KINDS = (Kind.AGENDA_TOPIC, Kind.POLICY_PROPOSAL, Kind.INITIATIVE)


class Speaker(models.TextChoices):
    CLIENT = "client", _("cliënt")
    CARER = "mantelzorger", _("mantelzorger")
    YOUNG = "jongere", _("jongere")
    PROFESSIONAL = "professional", _("professional")
    RESIDENT = "inwoner", _("inwoner")
    ORGANISATION = "organisatie", _("namens een organisatie")


class AgeGroup(models.TextChoices):
    UNDER_16 = "onder_16", _("jonger dan 16")
    FROM_16 = "16_26", _("16 tot en met 26")
    FROM_27 = "27_66", _("27 tot en met 66")
    FROM_67 = "67_plus", _("67 of ouder")


class SignalQuerySet(models.QuerySet["Signal"]):
    def open(self) -> SignalQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def proposals(self) -> SignalQuerySet:
        return self.filter(kind__in=PROPOSAL_KINDS)

    def handled_by(self, council: Council) -> SignalQuerySet:
        """The queue of one council: a local council its municipality's signals that stay local; the
        regional council what was referred to it or marked regional."""
        if council.is_regional or council.municipality_id is None:  # a local council has one (constraint)
            return self.filter(REGIONAL_QUEUE)
        return self.filter(municipality_id=council.municipality_id).exclude(REGIONAL_QUEUE)

    def for_user(self, user) -> SignalQuerySet:
        """Signals the user may see: the queues of the councils they sit on (a local council also keeps
        seeing what it referred); the aanjager and beheerder see the region."""
        scope = scope_for(user)
        # Not the ondersteuner: signals carry personal data it does not need.
        if scope.has_role(Role.AANJAGER) or scope.has_role(Role.BEHEERDER):
            return self.all()
        if not scope.council_ids:
            return self.none()
        conditions = [Q(municipality_id__in=scope.seated_municipality_ids)]
        if scope.sits_on_regional_council:
            conditions.append(REGIONAL_QUEUE)
        return self.filter(reduce(operator.or_, conditions))

    def for_triage(self) -> SignalQuerySet:
        return self.select_related("theme", "municipality", "neighbourhood", "source_organisation")

    def with_council(self) -> SignalQuerySet:
        """With the municipality and its local council, to name the council of a signal (selectors)."""
        return self.select_related("municipality__council")

    def search(self, text: str) -> SignalQuerySet:
        """Dutch full-text search on PostgreSQL; a plain substring match elsewhere (SQLite).

        On PostgreSQL the text is matched against ``search_vector``, a stored generated column with a GIN
        index (migration 0004; the model does not declare it, SQLite has no such column): checking a
        stored vector is cheap enough to test rows along the newest-first index, where computing
        ``to_tsvector`` per row was not. Text that reads as a tracking code (typed loosely: lower case,
        spaces, no dash) also matches that code exactly, through its unique index, on either database.
        """
        from django.db import connection

        text = (text or "").strip()
        if not text:
            return self
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchVectorField
            from django.db.models.expressions import RawSQL

            # An alias, not an annotation: filtered on, never selected. Fixed SQL: no input reaches it.
            column = RawSQL(f'"{Signal._meta.db_table}"."search_vector"', [], output_field=SearchVectorField())  # noqa: S611
            queryset = self.alias(search_vector=column)
            matches = Q(search_vector=SearchQuery(text, config="dutch", search_type="websearch"))
        else:
            queryset, matches = self, Q(text__icontains=text)
        code = normalise_tracking_code(text)
        if code:
            matches |= Q(tracking_code=code)
        return queryset.filter(matches)

    def contact_expired(self, *, now=None) -> SignalQuerySet:
        now = now or timezone.now()
        cutoff = now - timedelta(days=settings.SIGNAL_CONTACT_RETENTION_DAYS)
        has_contact = ~Q(contact_name="") | ~Q(contact_email="") | ~Q(contact_phone="")
        return self.filter(has_contact, status__in=(Status.CLOSED, Status.DUPLICATE), closed_at__lt=cutoff)

    def recent_answers(self, *, limit: int = 3) -> SignalQuerySet:
        """The council's latest answers, for a public page (``municipality.signals.recent_answers()``):
        closed signals, newest first, with their theme; one query. Only the answer, its theme and date
        are loaded, never the resident's text or contact details."""
        return (
            self.filter(status=Status.CLOSED)
            .select_related("theme")
            .only("closed_at", "feedback", "municipality_id", "theme__name")
            .order_by("-closed_at", "-pk")[:limit]
        )


class Signal(models.Model):
    created_at = models.DateTimeField(_("ontvangen"), default=timezone.now, db_index=True)
    tracking_code = models.CharField(_("volgcode"), max_length=9, unique=True, default=new_tracking_code)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.SIGNAL)
    text = models.TextField(_("wat speelt er"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="signals", verbose_name=_("thema")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="signals", verbose_name=_("gemeente")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("wijk"),
    )
    speaker = models.CharField(_("wie vertelt dit"), max_length=20, choices=Speaker.choices, blank=True)
    age_group = models.CharField(_("leeftijd"), max_length=10, choices=AgeGroup.choices, blank=True)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    source_organisation = models.ForeignKey(
        NetworkOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("bron (organisatie)"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_signals",
        verbose_name=_("vastgelegd door"),
    )
    is_regional = models.BooleanField(_("regionaal"), default=False)
    referred_to_region_at = models.DateTimeField(_("doorverwezen naar de regio"), null=True, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    status_changed_at = models.DateTimeField(_("status gewijzigd"), default=timezone.now)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("dubbel van"),
    )
    taken_up_as = models.CharField(
        _("opgepakt als"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: agendapunt 'Vervoer naar dagbesteding' of participatietafel Mantelzorg."),
    )
    feedback = models.TextField(_("terugkoppeling"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    times_closed = models.PositiveSmallIntegerField(default=0, editable=False)
    reopen_requested_at = models.DateTimeField(_("heropening gevraagd"), null=True, blank=True)
    reopen_reason = models.TextField(_("reden heropenen"), blank=True)
    helped = models.BooleanField(_("antwoord hielp"), null=True, blank=True)
    helped_answered_at = models.DateTimeField(null=True, blank=True)

    # Contact details: only with explicit consent; erased after the retention period.
    contact_consent = models.BooleanField(_("toestemming contact"), default=False)
    contact_name = models.CharField(_("naam"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mailadres"), blank=True)
    contact_phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    contact_erased_at = models.DateTimeField(_("contactgegevens gewist"), null=True, blank=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["municipality", "status", "-created_at"], name="signal_queue_idx"),
            models.Index(fields=["status", "closed_at"], name="signal_closed_idx"),
            models.Index(fields=["theme", "created_at"], name="signal_theme_idx"),
            # The open signals in the triage's order (newest first), with the columns of every queue
            # (municipality; regional or referred) and of the triage filters: the default list walks it
            # from the top or from a cursor, and its capped count reads only the index.
            models.Index(
                fields=[
                    "-created_at",
                    "-id",
                    "municipality",
                    "is_regional",
                    "referred_to_region_at",
                    "theme",
                    "neighbourhood",
                    "channel",
                    "speaker",
                    "reopen_requested_at",
                    "kind",
                ],
                condition=Q(status__in=OPEN_STATUSES),
                name="signal_open_idx",
            ),
            # The open proposals, newest first: a few among a million signals. /werk/ counts and lists
            # them and the triage's "voorstellen" filter walks them, without reading every open signal.
            models.Index(
                fields=["-created_at", "-id", "municipality", "is_regional", "referred_to_region_at", "kind"],
                condition=Q(status__in=OPEN_STATUSES, kind__in=PROPOSAL_KINDS),
                name="signal_open_proposal_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="afgerond") | ~Q(feedback=""), name="closed_signal_has_feedback"
            ),
            models.CheckConstraint(
                condition=~Q(status="dubbel") | Q(duplicate_of__isnull=False), name="duplicate_has_original"
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def get_absolute_url(self) -> str:
        return reverse("signals:triage_detail", kwargs={"pk": self.pk})

    def get_public_url(self) -> str:
        return reverse("signals:follow_detail", kwargs={"code": self.tracking_code})

    def clean(self) -> None:
        errors = {}
        if (
            self.neighbourhood_id
            and self.municipality_id
            and self.neighbourhood is not None
            and self.neighbourhood.municipality_id != self.municipality_id
        ):
            errors["neighbourhood"] = _("Deze wijk hoort niet bij de gekozen gemeente.")
        if self.channel == Channel.NETWORK and not self.source_organisation_id:
            errors["source_organisation"] = _("Kies de netwerkpartner die dit signaal doorgaf.")
        if self.status == Status.CLOSED and not self.feedback.strip():
            errors["feedback"] = _("Een signaal wordt alleen afgerond met een terugkoppeling.")
        if self.duplicate_of_id and self.duplicate_of_id == self.pk:
            errors["duplicate_of"] = _("Een signaal kan geen dubbel van zichzelf zijn.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def may_mail_resident(self) -> bool:
        return bool(self.contact_consent and self.contact_email)

    @property
    def has_contact_details(self) -> bool:
        return bool(self.contact_name or self.contact_email or self.contact_phone)

    @property
    def number_label(self) -> str:
        """How a member's page or history names another signal: by number, never by tracking code. The
        code opens the resident's public forms, and the member may not see the other signal."""
        return _("signaal #%(number)s") % {"number": self.pk}

    @property
    def handled_regionally(self) -> bool:
        """The row-level twin of REGIONAL_QUEUE: the regional council handles this signal now."""
        return self.is_regional or self.referred_to_region_at is not None

    def feedback_window_open(self, *, now=None) -> bool:
        """For 14 days after closing the resident may say whether the answer helped or ask to reopen."""
        if self.status != Status.CLOSED or not self.closed_at:
            return False
        now = now or timezone.now()
        return now - self.closed_at <= timedelta(days=settings.SIGNAL_FEEDBACK_WINDOW_DAYS)

    @property
    def is_proposal(self) -> bool:
        return self.kind in PROPOSAL_KINDS

    def outcomes(self, *, public: bool = False) -> list[tuple[str, list]]:
        """What the signal became: objects of higher apps that point here (agenda items, tables).

        Higher apps link to signals with a ManyToMany or ForeignKey; this reads those reverse relations
        without importing the apps. A related model opts in with ``signal_outcome_label``. With
        ``public``, only what the related model's queryset calls ``public()`` (a model without one shows
        nothing on a public page).
        """
        results = []
        for relation in self._meta.related_objects:
            label = getattr(relation.related_model, "signal_outcome_label", None)
            if not label:
                continue
            accessor = relation.get_accessor_name()
            if accessor is None:  # a relation without a reverse accessor (related_name="+")
                continue
            related = getattr(self, accessor).all()
            if public:
                if not hasattr(related, "public"):
                    continue
                related = related.public()
            objects = list(related)
            if objects:
                results.append((str(label), objects))
        return results


class SignalStatusChange(models.Model):
    """The audit trail of a signal's status: who, when, from, to."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="status_changes")
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.signal}: {self.from_status or '–'} → {self.to_status}"


class SignalNote(models.Model):
    """An internal note of the council on a signal; never shown to the resident."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(_("notitie"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])

    class Meta:
        verbose_name = _("interne notitie")
        verbose_name_plural = _("interne notities")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.signal}: {self.text[:40]}"


class PendingYouthContact(models.Model):
    """Contact details of a resident under 16, held until a parent confirms by the mailed link.

    Only then are they copied onto the signal; unconfirmed rows are erased after 14 days. The token is
    stored as a hash, so the database alone does not give the link.
    """

    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="pending_youth_contact")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    parent_email = models.EmailField(_("e-mailadres ouder"))
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = _("contact jongere (wacht op ouder)")
        verbose_name_plural = _("contacten jongeren (wachten op ouder)")

    def __str__(self) -> str:
        return f"{self.signal} ({self.created_at:%Y-%m-%d})"

    def is_expired(self, *, now=None) -> bool:
        now = now or timezone.now()
        return now - self.created_at > timedelta(days=settings.SIGNAL_YOUTH_CONFIRM_DAYS)


class SignalCount(models.Model):
    """One cell of the rollup behind /wat-we-horen/ (``selectors.what_we_hear``): how many signals of one
    municipality and theme came in on the whole days ``since`` up to and including ``until`` (Europe/
    Amsterdam), duplicates not counted.

    Every row of the table belongs to the same window: ``services.signal_counts_refresh`` (beat, nightly)
    recounts the whole window ending yesterday and replaces all rows in one transaction, so a theme chosen
    or a duplicate marked during triage counts from the next refresh. The intake never writes here: a
    counter row updated by every submission would make concurrent residents wait for each other. What
    came in after ``until`` the page counts live.
    """

    since = models.DateField()
    until = models.DateField()
    refreshed_at = models.DateTimeField()
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("telling signalen")
        verbose_name_plural = _("tellingen signalen")
        constraints = [
            # One row per cell; "no theme" is a cell of its own (NULLs are distinct in a plain unique).
            models.UniqueConstraint(
                fields=["municipality", "theme"], condition=Q(theme__isnull=False), name="signal_count_cell"
            ),
            models.UniqueConstraint(
                fields=["municipality"], condition=Q(theme__isnull=True), name="signal_count_cell_no_theme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.since}–{self.until}: {self.count}"
