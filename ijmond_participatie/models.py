"""What the regional dashboard keeps: pre-aggregated figures, the aanjager's evaluation criteria and term,
good practice across the municipalities and each council's annual report.

These live in the project package because they span every app (a rollup reads signals, agenda, tables
and advice; good practice points at a table or an advice); no app below imports them.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advice.models import Advice
from councils.models import Council
from tables.models import Table


def private_storage():
    """The annual report's PDF is served through a view (a draft only to members), never under MEDIA_URL."""
    return storages["private"]


# --- Rollups -------------------------------------------------------------------------------------------


class FigureRollup(models.Model):
    """One pre-aggregated number: for a council and a calendar month, a metric split by a key.

    Example: (Velsen, 2026-03, "signals", theme id "4") = 112 signals received in March about theme 4. A
    histogram (days until closing) is a metric whose key is the number of days. ``regional.rollups``
    rebuilds the rows from the raw data; the dashboard sums them over the chosen months.
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    metric = models.CharField(max_length=40)
    key = models.CharField(max_length=40, blank=True)
    value = models.BigIntegerField()

    class Meta:
        verbose_name = _("kengetal")
        verbose_name_plural = _("kengetallen")
        constraints = [
            models.UniqueConstraint(fields=["metric", "month", "council", "key"], name="one_rollup_per_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.month:%Y-%m} {self.council_id} {self.key}={self.value}"


class RollupRefresh(models.Model):
    """When the rollups were last rebuilt, and how long it took: shown on the dashboard."""

    finished_at = models.DateTimeField(db_index=True)
    duration_ms = models.PositiveIntegerField()
    rows = models.PositiveIntegerField()

    class Meta:
        get_latest_by = "finished_at"

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M}"


# --- Evaluation criteria ("evaluatiecriteria en meetlatten") ---------------------------------------------


class CriterionMetric(models.TextChoices):
    """What a criterion measures: each a share (%) per quarter, computed from the rollups."""

    SIGNALS_ANSWERED_WITHIN = "signalen_beantwoord", _("Signalen afgerond met terugkoppeling binnen de termijn")
    SIGNALS_FIRST_RESPONSE_WITHIN = "signalen_eerste_reactie", _("Signalen met een eerste reactie binnen de termijn")
    TABLES_CLIENT_SEAT = "tafels_clientplaats", _("Tafels met een bezette plaats voor cliënten")
    ADVICE_ANSWERED_IN_TERM = "adviezen_op_tijd", _("Adviezen binnen de reactietermijn beantwoord door het college")
    REQUESTS_ANSWERED_IN_TIME = "verzoeken_op_tijd", _("Verzoeken om vroegtijdige betrokkenheid op tijd beantwoord")
    SUPPORT_MET_IN_TIME = "ondersteuning_op_tijd", _("Ondersteuningsvragen op tijd afgerond")


# The metrics whose share counts within a number of days (the criterion's term).
METRICS_WITH_TERM = (CriterionMetric.SIGNALS_ANSWERED_WITHIN, CriterionMetric.SIGNALS_FIRST_RESPONSE_WITHIN)


class EvaluationCriterion(models.Model):
    """A yardstick the aanjager sets up front, with a target share per council."""

    name = models.CharField(_("naam"), max_length=200)
    metric = models.CharField(_("wat wordt gemeten"), max_length=30, choices=CriterionMetric.choices)
    term_days = models.PositiveSmallIntegerField(
        _("termijn in dagen"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Alleen voor signalen: bijvoorbeeld 28 voor 'binnen 4 weken'."),
    )
    default_target = models.PositiveSmallIntegerField(
        _("doel (%)"), validators=[MaxValueValidator(100)], help_text=_("Voor elke raad, tenzij anders ingesteld.")
    )
    explanation = models.TextField(_("toelichting"), max_length=2_000, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("evaluatiecriterium")
        verbose_name_plural = _("evaluatiecriteria")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(metric__in=["signalen_beantwoord", "signalen_eerste_reactie"])
                | Q(term_days__isnull=False),
                name="criterion_signals_has_term",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def target_for(self, council_id: int) -> int:
        for target in self.targets.all():
            if target.council_id == council_id:
                return target.target
        return self.default_target


class CriterionTarget(models.Model):
    """A council's own target for a criterion, where it differs from the default."""

    criterion = models.ForeignKey(EvaluationCriterion, on_delete=models.CASCADE, related_name="targets")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    target = models.PositiveSmallIntegerField(_("doel (%)"), validators=[MaxValueValidator(100)])

    class Meta:
        verbose_name = _("doel per raad")
        verbose_name_plural = _("doelen per raad")
        constraints = [models.UniqueConstraint(fields=["criterion", "council"], name="one_target_per_council")]

    def __str__(self) -> str:
        return f"{self.criterion} – {self.council}: {self.target}%"


class CoordinatorTerm(models.Model):
    """The aanjager's appointment: for two years, then the way of working is evaluated."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("aanjager")
    )
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"), help_text=_("Twee jaar na de start; dan volgt de evaluatie."))
    notes = models.TextField(_("toelichting"), max_length=2_000, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("termijn van de aanjager")
        verbose_name_plural = _("termijnen van de aanjager")
        ordering = ["-starts_on"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="term_ends_after")]

    def __str__(self) -> str:
        return f"{self.person} {self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"

    @property
    def evaluation_due_on(self) -> date:
        return self.ends_on


# --- Good practice ---------------------------------------------------------------------------------------


class GoodPractice(models.Model):
    """A concluded table or a sent advice that a council marks as worth copying, with a short lesson."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    table = models.ForeignKey(Table, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    lesson = models.TextField(_("wat kunnen anderen hiervan leren"), max_length=2_000)
    marked_at = models.DateTimeField(default=timezone.now)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("goed voorbeeld")
        verbose_name_plural = _("goede voorbeelden")
        ordering = ["-marked_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(table__isnull=False) & Q(advice__isnull=True))
                | (Q(table__isnull=True) & Q(advice__isnull=False)),
                name="good_practice_table_or_advice",
            ),
            models.UniqueConstraint(fields=["table"], condition=Q(table__isnull=False), name="one_practice_per_table"),
            models.UniqueConstraint(
                fields=["advice"], condition=Q(advice__isnull=False), name="one_practice_per_advice"
            ),
        ]

    def __str__(self) -> str:
        subject = self.table or self.advice
        return str(subject)


# --- Annual report ---------------------------------------------------------------------------------------


class AnnualReportStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    ADOPTED = "vastgesteld", _("Vastgesteld")


class AnnualReport(models.Model):
    """A council's annual report. Drafts render on demand for its members; adoption by the chair or
    secretary freezes the PDF (stored with its hash) and publishes it on the council's page."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"), validators=[MinValueValidator(2018), MaxValueValidator(2100)])
    status = models.CharField(
        _("status"), max_length=12, choices=AnnualReportStatus.choices, default=AnnualReportStatus.DRAFT
    )
    foreword = models.TextField(_("voorwoord"), max_length=5_000, blank=True)
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True, editable=False)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    pdf = models.FileField(storage=private_storage, upload_to="jaarverslagen/", blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("jaarverslag")
        verbose_name_plural = _("jaarverslagen")
        ordering = ["-year", "council__name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="one_annual_report_per_year"),
            models.CheckConstraint(
                condition=~Q(status="vastgesteld") | Q(adopted_on__isnull=False), name="adopted_report_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.year}"

    @property
    def is_adopted(self) -> bool:
        return self.status == AnnualReportStatus.ADOPTED

    def get_public_url(self) -> str:
        return reverse("annual_report_public", kwargs={"council": self.council.slug, "year": self.year})
