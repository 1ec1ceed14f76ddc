"""Reference data of the IJmond: the region, its municipalities and neighbourhoods, themes, councils.

Dutch words without a good English twin stay as they are in the interface (wijk, kern, college).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from members.access import scope_for

cbs_municipality_code = RegexValidator(r"^GM\d{4}$", _("Een CBS-gemeentecode ziet eruit als GM0453."))


class Region(models.Model):
    """A cooperation of municipalities (the IJmond) with one regional council."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:region_detail")


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def served_by_user(self, user) -> MunicipalityQuerySet:
        """Municipalities whose councils the user sits on: all of them for a regional member."""
        scope = scope_for(user)
        if scope.sits_on_regional_council:
            return self.all()
        return self.filter(pk__in=scope.seated_municipality_ids)


class Municipality(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)
    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True, validators=[cbs_municipality_code])
    college_name = models.CharField(
        _("college"), max_length=200, help_text=_("Bijvoorbeeld: College van B&W van Velsen.")
    )
    college_address = models.TextField(_("postadres van het college"))
    college_email = models.EmailField(_("e-mail van het college"), blank=True)
    advice_response_weeks = models.PositiveSmallIntegerField(
        _("reactietermijn op advies (weken)"),
        default=settings.ADVICE_RESPONSE_WEEKS_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("Zo veel weken heeft het college om op een advies te reageren (verordening)."),
    )
    woo_publication_weeks = models.PositiveSmallIntegerField(
        _("publicatietermijn Woo (weken)"),
        default=settings.WOO_PUBLICATION_WEEKS_DEFAULT,
        validators=[MinValueValidator(0), MaxValueValidator(52)],
    )
    website = models.URLField(_("website"), blank=True)
    introduction = models.TextField(_("introductie"), blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:municipality_detail", kwargs={"slug": self.slug})


class Neighbourhood(models.Model):
    """A wijk or kern of one municipality (CBS wijkcode where it has one)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="neighbourhoods")
    name = models.CharField(_("naam"), max_length=100)
    cbs_code = models.CharField(
        _("CBS-wijkcode"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^WK\d{6}$", _("Een CBS-wijkcode ziet eruit als WK045301."))],
    )

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["municipality__name", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="unique_neighbourhood_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality.name})"


class Law(models.TextChoices):
    WMO = "wmo", _("Wmo 2015")
    JEUGDWET = "jeugdwet", _("Jeugdwet")
    PARTICIPATIEWET = "participatiewet", _("Participatiewet")
    SCHULDHULP = "wgs", _("Wet gemeentelijke schuldhulpverlening")
    WONINGWET = "woningwet", _("Woningwet")
    OTHER = "overig", _("Overig")


class Theme(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)
    law = models.CharField(_("wet"), max_length=20, choices=Law.choices, default=Law.OTHER)
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CouncilQuerySet(models.QuerySet["Council"]):
    def local(self) -> CouncilQuerySet:
        return self.filter(kind=Council.Kind.LOCAL)

    def regional(self) -> CouncilQuerySet:
        return self.filter(kind=Council.Kind.REGIONAL)

    def with_member_count(self, *, on=None) -> CouncilQuerySet:
        on = on or timezone.localdate()
        active = Q(memberships__term_start__lte=on) & (
            Q(memberships__term_end__isnull=True) | Q(memberships__term_end__gte=on)
        )
        return self.annotate(member_count=Count("memberships", filter=active, distinct=True))

    def for_user(self, user) -> CouncilQuerySet:
        """Councils whose non-public work this user may see (see ``members.access``)."""
        scope = scope_for(user)
        if scope.reads_whole_region:
            return self.all()
        return self.filter(Q(pk__in=scope.council_ids) | Q(municipality_id__in=scope.advisor_municipality_ids))


class Council(models.Model):
    """A participatieraad: one local council per municipality, and one regional council.

    The regional council consists wholly or partly of delegates of the local councils.
    """

    class Kind(models.TextChoices):
        LOCAL = "lokaal", _("lokale participatieraad")
        REGIONAL = "regionaal", _("regionale participatieraad")

    name = models.CharField(_("naam"), max_length=150, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="councils")
    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council",
        help_text=_("Leeg voor de regionale raad."),
    )
    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Drie hoofdletters, bijvoorbeeld VEL."))],
        help_text=_("Voor adviesnummers, bijvoorbeeld VEL-2026-007."),
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(
        _("telefoonnummer"),
        max_length=30,
        blank=True,
        help_text=_("Van het secretariaat: voor inwoners die liever bellen. Staat op de openbare pagina."),
    )
    description = models.TextField(_("beschrijving"), blank=True)
    seat_count = models.PositiveSmallIntegerField(
        _("aantal zetels"),
        default=9,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Volgens de verordening; het regionale dashboard toont hoeveel er bezet zijn."),
    )

    objects = CouncilQuerySet.as_manager()

    class Meta:
        verbose_name = _("participatieraad")
        verbose_name_plural = _("participatieraden")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="lokaal") & Q(municipality__isnull=False))
                | (Q(kind="regionaal") & Q(municipality__isnull=True)),
                name="council_local_has_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.municipality is not None:
            return reverse("councils:municipality_detail", kwargs={"slug": self.municipality.slug})
        return reverse("councils:region_detail")

    @property
    def is_regional(self) -> bool:
        return self.kind == self.Kind.REGIONAL

    def get_work_url(self) -> str:
        return reverse("councils:work_detail", kwargs={"slug": self.slug})

    def municipality_ids(self) -> list[int]:
        """The municipalities this council speaks for: its own, or every one in the region."""
        if self.municipality_id:
            return [self.municipality_id]
        return list(self.region.municipalities.values_list("pk", flat=True))


# --- Support requests --------------------------------------------------------------------------------


class SupportKind(models.TextChoices):
    """What the regional support team ("brigade") offers, in the source document's words."""

    COMMUNICATION = "communicatie", _("Communicatie")
    INFORMATION = "informatie", _("Informatievoorziening")
    ORGANISATION = "organisatie", _("Organisatie")
    KNOWLEDGE = "kennis", _("Kennis en deskundigheid")


class SupportStatus(models.TextChoices):
    OPEN = "open", _("Ingediend")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    CLOSED = "afgerond", _("Afgerond")


class SupportRequestQuerySet(models.QuerySet["SupportRequest"]):
    def for_user(self, user) -> SupportRequestQuerySet:
        """A council's requests: its members; every council's: the regional roles (support team, aanjager)."""
        scope = scope_for(user)
        if scope.reads_whole_region:
            return self.all()
        return self.filter(council_id__in=scope.council_ids)

    def open(self) -> SupportRequestQuerySet:
        return self.exclude(status=SupportStatus.CLOSED)


class SupportRequest(models.Model):
    """A council asks the regional support team for help: what, of which kind, by when."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="support_requests", verbose_name=_("participatieraad")
    )
    kind = models.CharField(_("soort hulp"), max_length=20, choices=SupportKind.choices)
    title = models.CharField(_("waar gaat het om"), max_length=200)
    description = models.TextField(_("wat heeft de raad nodig"), max_length=5_000)
    wanted_by = models.DateField(_("nodig vóór"))
    requested_at = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gevraagd door"),
    )
    status = models.CharField(_("status"), max_length=20, choices=SupportStatus.choices, default=SupportStatus.OPEN)
    taken_at = models.DateTimeField(_("in behandeling genomen op"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behandeld door"),
    )
    answer = models.TextField(_("antwoord van het ondersteuningsteam"), max_length=5_000, blank=True)
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("ondersteuningsvraag")
        verbose_name_plural = _("ondersteuningsvragen")
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["council", "requested_at"], name="support_council_requested")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="afgerond") | (Q(closed_at__isnull=False) & ~Q(answer="")),
                name="support_closed_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("councils:support_detail", kwargs={"pk": self.pk})

    @property
    def met_in_time(self) -> bool | None:
        """Closed on or before the date the council needed it; None while open."""
        if self.closed_at is None:
            return None
        return timezone.localdate(self.closed_at) <= self.wanted_by


# --- Self-evaluation ---------------------------------------------------------------------------------

# The fixed questions of the yearly self-evaluation ("reflecteren op het eigen functioneren"). The codes
# are stored with the answers, so a question's wording may be improved; a new question gets a new code.
SELF_EVALUATION_QUESTIONS: list[tuple[str, StrOrPromise]] = [
    ("bereik", _("Weten inwoners, cliënten en netwerkpartners ons te vinden met hun signalen?")),
    ("vroegtijdig", _("Betrekt de gemeente ons vroeg genoeg bij beleid, zodat we nog invloed hebben?")),
    ("clientperspectief", _("Zitten cliënten en ervaringsdeskundigen altijd aan tafel, en horen we hen echt?")),
    ("netwerk", _("Hoe goed werken we als netwerker en verbinder met organisaties in de gemeente?")),
    ("samenwerking", _("Hoe verloopt de samenwerking met de gemeente en met de regionale raad?")),
    ("ondersteuning", _("Krijgen we de ondersteuning en faciliteiten die we nodig hebben?")),
    ("terugkoppeling", _("Horen inwoners terug wat er met hun inbreng is gedaan?")),
]
SELF_EVALUATION_SCORES = [(score, str(score)) for score in range(1, 6)]


class SelfEvaluationStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SUBMITTED = "ingediend", _("Ingediend")


class SelfEvaluation(models.Model):
    """A council's yearly reflection on its own work: a score (1–5) and a reflection per fixed question.
    Editable by the council's members until the chair or secretary submits it."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="self_evaluations", verbose_name=_("participatieraad")
    )
    year = models.PositiveSmallIntegerField(_("jaar"), validators=[MinValueValidator(2018), MaxValueValidator(2100)])
    status = models.CharField(
        _("status"), max_length=12, choices=SelfEvaluationStatus.choices, default=SelfEvaluationStatus.DRAFT
    )
    conclusion = models.TextField(_("wat nemen we ons voor"), max_length=5_000, blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("zelfevaluatie")
        verbose_name_plural = _("zelfevaluaties")
        ordering = ["-year", "council__name"]
        constraints = [models.UniqueConstraint(fields=["council", "year"], name="one_self_evaluation_per_year")]

    def __str__(self) -> str:
        return f"{self.council} {self.year}"

    @property
    def is_submitted(self) -> bool:
        return self.status == SelfEvaluationStatus.SUBMITTED


class SelfEvaluationAnswer(models.Model):
    evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(_("vraag"), max_length=30)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reflection = models.TextField(_("toelichting"), max_length=3_000, blank=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="self_evaluation_score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return self.question
