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
