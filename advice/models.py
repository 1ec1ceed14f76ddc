"""Formal solicited and unsolicited advice and the college's response (DESIGN.md rules 2 and 3).

An advice is drafted together by the members of a council, adopted by its chair or secretary — which
gives it a number, gapless per council per year, and freezes its text and PDF —, sent to the college
(which starts the addressed municipality's response term) and answered per recommendation. Sent advice
is public in the archive, unless it is confidential for a while.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from simple_history.models import HistoricalRecords

from agenda.models import AgendaItem, EarlyInvolvementRequest
from councils.models import Council, Municipality, Theme
from members.access import scope_for
from signals.models import Signal
from tables.models import Table

TEXT_MAX_LENGTH = 20_000
SUMMARY_MAX_LENGTH = 3_000
TITLE_MAX_LENGTH = 200
# The number's form: the council's code, the year of adoption and a sequence of at least three digits.
NUMBER_PATTERN = r"[A-Z]{3}-\d{4}-\d{3,6}"


def private_storage():
    """Files that are served only through a view (the advice PDF, the college's letter): never under
    MEDIA_URL."""
    return storages["private"]


class AdviceFrozen(ValidationError):
    """An adopted advice's text does not change (rule 2): a correction is a new advice."""


# The fields that make up the adopted letter; frozen from adoption on.
FROZEN_FIELDS = (
    "council_id",
    "kind",
    "request_id",
    "formal_request_reference",
    "addressed_municipality_id",
    "subject",
    "occasion",
    "method",
    "findings",
    "client_perspective",
    "plain_summary",
    "number",
    "adopted_on",
    "signed_by_chair",
    "signed_by_secretary",
)


# The long texts of the letter.
LETTER_SECTIONS = ("occasion", "method", "findings", "client_perspective", "plain_summary")


class AdviceKind(models.TextChoices):
    SOLICITED = "gevraagd", _("gevraagd advies")
    UNSOLICITED = "ongevraagd", _("ongevraagd advies")


class AdviceStatus(models.TextChoices):
    DRAFT = "concept", _("concept")
    FOR_ADOPTION = "ter_vaststelling", _("ter vaststelling")
    ADOPTED = "vastgesteld", _("vastgesteld")
    SENT = "verzonden", _("verzonden")
    ANSWERED = "beantwoord", _("beantwoord")
    CLOSED = "afgerond", _("afgerond")


# Text can change only before adoption; from then on it is frozen (rule 2).
EDITABLE_STATUSES = (AdviceStatus.DRAFT, AdviceStatus.FOR_ADOPTION)
ADOPTED_STATUSES = (AdviceStatus.ADOPTED, AdviceStatus.SENT, AdviceStatus.ANSWERED, AdviceStatus.CLOSED)
SENT_STATUSES = (AdviceStatus.SENT, AdviceStatus.ANSWERED, AdviceStatus.CLOSED)


class Verdict(models.TextChoices):
    ADOPTED = "overgenomen", _("overgenomen")
    PARTLY = "deels", _("deels overgenomen")
    NOT_ADOPTED = "niet", _("niet overgenomen")


def published_condition(*, today: date | None = None, prefix: str = "") -> Q:
    """The public archive's rule as a condition, also across a relation (``prefix="advice__"``), so that a
    page listing other things that point to advice filters on the join rather than on a subquery."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}status__in": SENT_STATUSES, f"{prefix}published_on__lte": today}) & (
        Q(**{f"{prefix}confidential_until__isnull": True}) | Q(**{f"{prefix}confidential_until__lte": today})
    )


class AdviceQuerySet(models.QuerySet["Advice"]):
    def published(self, *, today: date | None = None) -> AdviceQuerySet:
        """The public archive: sent advice whose publication date has come, and whose confidentiality (if
        any) has ended — it ends by itself on its end date."""
        return self.filter(published_condition(today=today))

    def public(self) -> AdviceQuerySet:
        """What a public page lists as an outcome (``Signal.outcomes(public=True)``, an agenda item's page):
        published advice, without the letter's long sections (a list shows the number and subject)."""
        return self.published().defer(*LETTER_SECTIONS)

    def overdue(self, *, today: date | None = None) -> AdviceQuerySet:
        today = today or timezone.localdate()
        return self.filter(status=AdviceStatus.SENT, response_due_on__lt=today)

    def for_user(self, user) -> AdviceQuerySet:
        """Advice whose work side the user may read. A draft (concept, ter vaststelling) is its council's
        alone; from adoption on also the policy advisors of the addressed municipality (of any of the three
        for regional advice) and the regional readers (aanjager, ondersteuner, beheerder)."""
        scope = scope_for(user)
        own = Q(council_id__in=scope.council_ids)
        adopted = Q(status__in=ADOPTED_STATUSES)
        if scope.reads_whole_region:
            return self.filter(own | adopted)
        if scope.advisor_municipality_ids:
            addressed = Q(addressed_municipality_id__in=scope.advisor_municipality_ids) | Q(
                addressed_municipality__isnull=True
            )
            return self.filter(own | (adopted & addressed))
        return self.filter(own)


class Advice(models.Model):
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="advice", verbose_name=_("participatieraad")
    )
    kind = models.CharField(_("soort"), max_length=12, choices=AdviceKind.choices)
    request = models.ForeignKey(
        EarlyInvolvementRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advice",
        verbose_name=_("verzoek om vroege betrokkenheid"),
    )
    formal_request_reference = models.CharField(
        _("adviesaanvraag van de gemeente"),
        max_length=200,
        blank=True,
        help_text=_("Kenmerk en datum van de brief waarmee het college om advies vroeg."),
    )
    # None for regional advice: it goes to the three colleges.
    addressed_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advice",
        verbose_name=_("gericht aan het college van"),
    )
    subject = models.CharField(_("onderwerp"), max_length=TITLE_MAX_LENGTH)
    themes = models.ManyToManyField(Theme, blank=True, related_name="advice", verbose_name=_("thema's"))
    agenda_items = models.ManyToManyField(AgendaItem, blank=True, related_name="advice", verbose_name=_("agendapunten"))
    tables = models.ManyToManyField(Table, blank=True, related_name="advice", verbose_name=_("tafels"))
    # The signals behind the linked agenda items and tables, gathered when the advice is sent: their
    # residents hear back, and each signal's status page shows the advice (Signal.outcomes).
    signals = models.ManyToManyField(Signal, blank=True, related_name="advice", verbose_name=_("signalen"))
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("correctie op"),
        help_text=_("Een vastgesteld advies verandert niet meer: een correctie is een nieuw advies."),
    )

    # The sections of the letter.
    occasion = models.TextField(_("aanleiding"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    method = models.TextField(
        _("werkwijze"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH)],
        help_text=_("Hoe inwoners betrokken waren: wie aan tafel zaten, hoe vaak u bijeenkwam."),
    )
    findings = models.TextField(_("bevindingen"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    client_perspective = models.TextField(
        _("cliëntperspectief"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH)],
        help_text=_("Wat cliënten en ervaringsdeskundigen inbrachten. Zonder cliëntperspectief geen vaststelling."),
    )
    plain_summary = models.TextField(
        _("samenvatting in gewone taal"),
        blank=True,
        validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)],
        help_text=_("Kort en in gewone woorden: wat adviseert de raad, en waarom?"),
    )

    status = models.CharField(_("status"), max_length=20, choices=AdviceStatus.choices, default=AdviceStatus.DRAFT)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Adoption: the number, gapless per council per year (services.advice_adopt).
    number = models.CharField(_("nummer"), max_length=20, null=True, blank=True, unique=True, editable=False)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    number_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True, editable=False)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # The names under the letter, as they were on the day of adoption.
    signed_by_chair = models.CharField(_("voorzitter"), max_length=150, blank=True, editable=False)
    signed_by_secretary = models.CharField(_("secretaris"), max_length=150, blank=True, editable=False)

    # The frozen PDF, rendered once after adoption (tasks.render_advice_pdf).
    pdf = models.FileField(_("pdf"), storage=private_storage, upload_to="adviezen/", blank=True, editable=False)
    pdf_sha256 = models.CharField(_("SHA-256 van de pdf"), max_length=64, blank=True, editable=False)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Sending and the response term (rule 3).
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    response_due_on = models.DateField(_("reactie uiterlijk op"), null=True, blank=True, editable=False)
    # Publication (Woo): on the day chosen when sending, at the latest the municipality's term after it.
    published_on = models.DateField(_("gepubliceerd op"), null=True, blank=True)
    confidential_reason = models.CharField(_("reden van vertrouwelijkheid"), max_length=300, blank=True)
    confidential_until = models.DateField(_("vertrouwelijk tot"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True, editable=False)

    objects = AdviceQuerySet.as_manager()
    # The links that make up where the advice came from are kept in its history; its themes (a filter
    # for the archive) are not.
    history = HistoricalRecords(m2m_fields=[agenda_items, tables])

    # Shown on a signal's status page (Signal.outcomes) and an agenda item's public page.
    signal_outcome_label = _("Advies aan het college")
    agenda_outcome_label = _("Advies aan het college")

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "number_year", "number_sequence"], name="advice_number_unique_per_council_year"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EDITABLE_STATUSES) | Q(number__isnull=False),
                name="adopted_advice_has_number",
            ),
            models.CheckConstraint(
                condition=Q(status__in=EDITABLE_STATUSES) | ~Q(client_perspective="") & ~Q(plain_summary=""),
                name="adopted_advice_has_client_perspective",
            ),
        ]
        indexes = [
            models.Index(fields=["council", "status", "-created_at"], name="advice_council_idx"),
            # The archive, newest first, read from the index.
            models.Index(
                fields=["-published_on", "-id"],
                condition=Q(status__in=SENT_STATUSES),
                name="advice_archive_idx",
            ),
            models.Index(fields=["response_due_on"], condition=Q(status="verzonden"), name="advice_awaiting_idx"),
        ]
        permissions = [("adopt_advice", "Mag advies vaststellen en verzenden")]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}" if self.number else self.subject

    def save(self, *args, **kwargs) -> None:
        """Refuse to change the text of an adopted advice, whoever tries (a form, the admin, a script)."""
        if self.pk and self.status not in EDITABLE_STATUSES:
            stored = Advice.objects.filter(pk=self.pk).values(*FROZEN_FIELDS, "status").first()
            if stored and stored["status"] not in EDITABLE_STATUSES:
                changed = [name for name in FROZEN_FIELDS if stored[name] != getattr(self, name)]
                if changed:
                    raise AdviceFrozen(
                        _("Een vastgesteld advies verandert niet meer (%(fields)s). Maak een correctie.")
                        % {"fields": ", ".join(changed)}
                    )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("advice:work_detail", kwargs={"pk": self.pk})

    def get_public_url(self) -> str:
        return reverse("advice:detail", kwargs={"number": self.number}) if self.number else ""

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_adopted(self) -> bool:
        return self.status in ADOPTED_STATUSES

    @property
    def is_sent(self) -> bool:
        return self.status in SENT_STATUSES

    @property
    def is_regional(self) -> bool:
        return self.addressed_municipality_id is None

    def is_overdue(self, *, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == AdviceStatus.SENT and self.response_due_on is not None and self.response_due_on < today

    def days_overdue(self, *, today: date | None = None) -> int:
        today = today or timezone.localdate()
        return (today - self.response_due_on).days if self.is_overdue(today=today) and self.response_due_on else 0

    def is_confidential(self, *, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.confidential_until is not None and self.confidential_until > today

    @property
    def public_since(self) -> date | None:
        """When it appeared (or will appear) in the archive: the publication date, or the end of its
        confidentiality when that came later."""
        if self.published_on is None:
            return None
        if self.confidential_until and self.confidential_until > self.published_on:
            return self.confidential_until
        return self.published_on

    def addressee_line(self) -> str:
        """The letter's addressee: one college, or the three colleges of the region."""
        if self.addressed_municipality_id:
            return str(
                _("Aan het college van burgemeester en wethouders van %(name)s")
                % {"name": self.addressed_municipality.name}  # type: ignore[union-attr]
            )
        names = [m.name for m in self.council.region.municipalities.order_by("name")]
        joined = ", ".join(names[:-1]) + (f" {_('en')} {names[-1]}" if len(names) > 1 else "".join(names))
        return str(_("Aan de colleges van burgemeester en wethouders van %(names)s") % {"names": joined})

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.kind == AdviceKind.SOLICITED and not self.request_id and not self.formal_request_reference.strip():
            errors["request"] = _(
                "Gevraagd advies hoort bij een verzoek of bij een adviesaanvraag van de gemeente: kies het verzoek "
                "of vul het kenmerk van de aanvraag in."
            )
        if (
            self.council_id
            and self.council.municipality_id
            and self.addressed_municipality_id
            and self.addressed_municipality_id != self.council.municipality_id
        ):
            errors["addressed_municipality"] = _("Een lokale raad adviseert het college van de eigen gemeente.")
        if self.confidential_until and not self.confidential_reason.strip():
            errors["confidential_reason"] = _("Zeg waarom het advies (nog) vertrouwelijk is.")
        if errors:
            raise ValidationError(errors)


VERDICT_FIELDS = frozenset({"verdict", "verdict_reasons"})


class Recommendation(models.Model):
    """A numbered recommendation, and the college's verdict on it."""

    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=TITLE_MAX_LENGTH)
    text = models.TextField(_("tekst"), validators=[MaxLengthValidator(5_000)])
    verdict = models.CharField(_("reactie van het college"), max_length=12, choices=Verdict.choices, blank=True)
    verdict_reasons = models.TextField(
        _("toelichting van het college"), blank=True, validators=[MaxLengthValidator(5_000)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aanbeveling")
        verbose_name_plural = _("aanbevelingen")
        ordering = ["advice", "number"]
        constraints = [
            models.UniqueConstraint(fields=["advice", "number"], name="recommendation_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs) -> None:
        # Only the college's verdict may be written once the advice is adopted.
        update_fields = kwargs.get("update_fields")
        if not (update_fields and set(update_fields) <= VERDICT_FIELDS):
            self._ensure_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._ensure_draft()
        return super().delete(*args, **kwargs)

    def _ensure_draft(self) -> None:
        if not Advice.objects.filter(pk=self.advice_id, status__in=EDITABLE_STATUSES).exists():
            raise AdviceFrozen(_("De aanbevelingen van een vastgesteld advies veranderen niet meer."))


class CollegeResponse(models.Model):
    """The college's answer to an advice, recorded by a policy advisor of the addressed municipality."""

    advice = models.OneToOneField(Advice, on_delete=models.CASCADE, related_name="response")
    received_on = models.DateField(_("datum van de reactie"))
    letter_text = models.TextField(_("de brief"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    # An optional PDF of the letter: checked by content, kept outside the public media path.
    letter_pdf = models.FileField(
        _("brief als pdf"), storage=private_storage, upload_to="reacties/", blank=True, max_length=200
    )
    letter_pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reactie van het college")
        verbose_name_plural = _("reacties van het college")

    def __str__(self) -> str:
        return f"{self.advice} ({self.received_on:%d-%m-%Y})"

    @property
    def on_time(self) -> bool:
        due = self.advice.response_due_on
        return due is None or self.received_on <= due

    @property
    def days_late(self) -> int:
        due = self.advice.response_due_on
        return max((self.received_on - due).days, 0) if due else 0


class AdviceNumberCounter(models.Model):
    """The last number given per council per year. Adoption locks this row (SELECT … FOR UPDATE) and
    raises it in the same transaction as the advice's status: two chairs adopting at once wait for each
    other, and a rolled-back adoption gives its number back — no gaps, no doubles."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "year"], name="advice_counter_unique")]

    def __str__(self) -> str:
        return f"{self.council.code}-{self.year}: {self.last_sequence}"


def response_due_on(sent_on: date, municipalities: list[Municipality]) -> date:
    """The end of the response term: the addressed municipality's (regional advice: the longest of the
    three, so no college is asked to answer sooner than its own ordinance says)."""
    weeks = max((m.advice_response_weeks for m in municipalities), default=settings.ADVICE_RESPONSE_WEEKS_DEFAULT)
    return sent_on + timedelta(weeks=weeks)


def latest_publication_on(sent_on: date, municipalities: list[Municipality]) -> date:
    """The Woo's latest publication date after sending (the shortest term among those addressed)."""
    weeks = min((m.woo_publication_weeks for m in municipalities), default=settings.WOO_PUBLICATION_WEEKS_DEFAULT)
    return sent_on + timedelta(weeks=weeks)
