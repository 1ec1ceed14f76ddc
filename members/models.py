"""People and their roles.

Dutch role names (raadslid — shown as "lid" —, voorzitter, secretaris, beleidsadviseur, aanjager, ondersteuner,
selectiecommissie, ervaringsdeskundige, beheerder) stay Dutch in code too: they have no good English
twin and the product speaks of them by these names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    # Types only: members sits below councils in the house and refers to it by model label.
    from councils.models import Council


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account; logs in with an e-mail address."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=150, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    is_staff = models.BooleanField(
        _("toegang tot beheer"),
        default=False,
        help_text=_("Mag inloggen op /beheer/. Alleen voor de rol beheerder."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    # Council-wide news goes into one digest per member, which each member can switch off (DESIGN.md rule 9).
    wants_signal_digest = models.BooleanField(
        _("dagelijks overzicht van signalen"),
        default=True,
        help_text=_(
            "Elke ochtend een e-mail met de signalen die de dag ervoor nieuw binnenkwamen of werden heropend "
            "bij uw raad. Is er niets nieuws, dan krijgt u geen e-mail."
        ),
    )

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]


class CouncilRole(models.TextChoices):
    # The value stays "raadslid" (stored data); the label says "lid": a raadslid is a member of the gemeenteraad.
    RAADSLID = "raadslid", _("lid")
    VOORZITTER = "voorzitter", _("voorzitter")
    SECRETARIS = "secretaris", _("secretaris")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, *, on=None) -> MembershipQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(term_start__lte=on) & (Q(term_end__isnull=True) | Q(term_end__gte=on)))

    def for_council(self, council: Council) -> MembershipQuerySet:
        return self.filter(council=council).select_related("person", "delegated_from")

    def publicly_named(self) -> MembershipQuerySet:
        """Members who agreed to be named on the public pages (and have a name to show)."""
        return self.filter(listed_publicly=True).exclude(person__full_name="")


class Membership(models.Model):
    """A seat on a council: lid (stored as ``raadslid``), voorzitter or secretaris, for a term."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("rol"), max_length=12, choices=CouncilRole.choices, default=CouncilRole.RAADSLID)
    term_start = models.DateField(_("begin zittingstermijn"))
    term_end = models.DateField(_("einde zittingstermijn"), null=True, blank=True)
    appointment_decision_date = models.DateField(
        _("datum benoemingsbesluit"), help_text=_("De datum van het collegebesluit dat het lid benoemt.")
    )
    delegated_from = models.ForeignKey(
        "councils.Council",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        verbose_name=_("afgevaardigd door"),
        help_text=_(
            "Alleen bij de regionale raad: de lokale raad die dit lid afvaardigt. Leeg als het lid niet "
            "namens een lokale raad zitting heeft."
        ),
    )
    listed_publicly = models.BooleanField(
        _("naam op de website"),
        default=False,
        help_text=_("Het lid vindt het goed dat zijn of haar naam op de openbare pagina's staat."),
    )

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["council__name", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="membership_term_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} {self.council}"

    def is_active(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.term_start <= on and (self.term_end is None or self.term_end >= on)

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.term_end and self.term_start and self.term_end < self.term_start:
            errors["term_end"] = _("Het einde van de termijn ligt voor het begin.")
        if self.appointment_decision_date and self.term_start and self.appointment_decision_date > self.term_start:
            errors["appointment_decision_date"] = _("Het benoemingsbesluit moet voor het begin van de termijn liggen.")
        if self.council_id:
            council = self.council
            # The regional council consists "wholly or partly" of delegates of the local councils: a
            # regional member without delegated_from is allowed; a delegation belongs to the regional council.
            if not council.is_regional and self.delegated_from_id:
                errors["delegated_from"] = _("Alleen leden van de regionale raad worden afgevaardigd.")
            if self.delegated_from is not None and self.delegated_from.is_regional:
                errors["delegated_from"] = _("Kies een lokale raad.")
            if self.term_start and not errors:
                self._check_council_size(errors)
            if self.person_id and self.term_start and self._overlapping().exists():
                errors["person"] = _("Deze persoon heeft in deze periode al een zetel in deze raad.")
        if errors:
            raise ValidationError(errors)

    def _overlapping(self) -> MembershipQuerySet:
        overlap = Q(term_end__isnull=True) | Q(term_end__gte=self.term_start)
        if self.term_end:
            overlap &= Q(term_start__lte=self.term_end)
        return Membership.objects.filter(overlap, person_id=self.person_id, council_id=self.council_id).exclude(
            pk=self.pk
        )

    def _check_council_size(self, errors: dict[str, StrOrPromise]) -> None:
        """A council has at most COUNCIL_MAX_MEMBERS seats at any moment of this term."""
        on = max(self.term_start, timezone.localdate())
        if self.term_end and self.term_end < on:
            return
        seated = Membership.objects.filter(council_id=self.council_id).active(on=on).exclude(pk=self.pk).count()
        if seated >= settings.COUNCIL_MAX_MEMBERS:
            errors["council"] = _("Deze raad heeft al %(max)s leden; meer zetels zijn er niet.") % {
                "max": settings.COUNCIL_MAX_MEMBERS
            }


class Role(models.TextChoices):
    """Roles outside council seats, each with the scope it applies to."""

    BELEIDSADVISEUR = "beleidsadviseur", _("beleidsadviseur")
    AANJAGER = "aanjager", _("aanjager")
    ONDERSTEUNER = "ondersteuner", _("ondersteuner")
    SELECTIECOMMISSIE = "selectiecommissie", _("selectiecommissie")
    ERVARINGSDESKUNDIGE = "ervaringsdeskundige", _("ervaringsdeskundige")
    BEHEERDER = "beheerder", _("beheerder")


class Scope(models.TextChoices):
    COUNCIL = "council", _("raad")
    MUNICIPALITY = "municipality", _("gemeente")
    REGION = "region", _("regio")


# Which scope each role is granted for: a policy advisor works for a municipality, an expert belongs
# to a council's network, the others act for the whole region.
ROLE_SCOPE: dict[str, Scope] = {
    Role.BELEIDSADVISEUR: Scope.MUNICIPALITY,
    Role.ERVARINGSDESKUNDIGE: Scope.COUNCIL,
    Role.AANJAGER: Scope.REGION,
    Role.ONDERSTEUNER: Scope.REGION,
    Role.SELECTIECOMMISSIE: Scope.REGION,
    Role.BEHEERDER: Scope.REGION,
}


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self, *, on=None) -> RoleAssignmentQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on)))


class RoleAssignment(models.Model):
    """A role other than a council seat, scoped to a council, a municipality or the region."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    municipality = models.ForeignKey(
        "councils.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    valid_from = models.DateField(_("geldig vanaf"), default=timezone.localdate)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        ordering = ["role", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(council__isnull=False) & Q(municipality__isnull=False)),
                name="role_assignment_single_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} ({self.scope_label})"

    @property
    def scope(self) -> str:
        if self.council_id:
            return Scope.COUNCIL
        if self.municipality_id:
            return Scope.MUNICIPALITY
        return Scope.REGION

    @property
    def scope_label(self) -> str:
        if self.council_id:
            return str(self.council)
        if self.municipality_id:
            return str(self.municipality)
        return str(_("IJmond (regio)"))

    def clean(self) -> None:
        expected = ROLE_SCOPE.get(self.role)
        if expected and self.scope != expected:
            messages = {
                Scope.COUNCIL: _("Deze rol hoort bij een raad: kies een raad en geen gemeente."),
                Scope.MUNICIPALITY: _("Deze rol hoort bij een gemeente: kies een gemeente en geen raad."),
                Scope.REGION: _("Deze rol geldt voor de hele regio: laat raad en gemeente leeg."),
            }
            raise ValidationError(messages[expected])
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("Deze datum ligt voor de begindatum.")})


class NetworkOrganisation(models.Model):
    """A partner in the council's network: a school, sports club, client council, carers' platform …

    Network partners pass on what they hear; a council member records that as a signal with this
    organisation as its source.
    """

    class Kind(models.TextChoices):
        ADVOCACY = "belangenbehartiging", _("belangenbehartiging")
        PLATFORM = "platform", _("platform")
        NEIGHBOURHOOD_TEAM = "wijkteam", _("wijkteam")
        CLIENT_COUNCIL = "clientenraad", _("cliëntenraad van een zorginstelling")
        VOLUNTEERS = "vrijwilligers", _("vrijwilligersorganisatie")
        CARERS = "mantelzorg", _("mantelzorgplatform")
        WELFARE = "welzijn", _("welzijnsorganisatie")
        SCHOOL = "school", _("school")
        SPORTS_CLUB = "sportclub", _("sportclub")
        OTHER = "overig", _("overig")

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        "councils.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_organisations",
        verbose_name=_("gemeente"),
        help_text=_("Leeg als de organisatie in de hele regio werkt."),
    )
    themes = models.ManyToManyField("councils.Theme", blank=True, related_name="network_organisations")
    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("netwerkorganisatie")
        verbose_name_plural = _("netwerkorganisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "municipality"], name="unique_network_organisation"),
        ]

    def __str__(self) -> str:
        return self.name


# --- The expert network ----------------------------------------------------------------------------


class ExperienceDomain(models.TextChoices):
    """Where an expert's experience lies, by the law it falls under (the council advises on all three)."""

    WMO = "wmo", _("Wmo (zorg en ondersteuning)")
    YOUTH_ACT = "jeugdwet", _("Jeugdwet (jeugdhulp)")
    PARTICIPATION_ACT = "participatiewet", _("Participatiewet (werk en inkomen)")
    SOCIAL_ASSISTANCE = "bijstand", _("Participatiewet: recht op bijstand (art. 47)")


# The law (councils.Law value) each domain falls under: a table whose themes fall under a law looks for
# clients with experience under it.
DOMAIN_LAW: dict[str, str] = {
    ExperienceDomain.WMO: "wmo",
    ExperienceDomain.YOUTH_ACT: "jeugdwet",
    ExperienceDomain.PARTICIPATION_ACT: "participatiewet",
    ExperienceDomain.SOCIAL_ASSISTANCE: "participatiewet",
}


class ExpertBackground(models.TextChoices):
    CLIENT = "client", _("cliënt")
    CARER = "mantelzorger", _("mantelzorger")
    FORMER_WMO_COUNCIL = "oud_wmoraad", _("oud-lid van een Wmo-raad")
    FORMER_CLIENT_COUNCIL = "oud_clientenraad", _("oud-lid van een cliëntenraad")


class ExpertStatus(models.TextChoices):
    SIGNED_UP = "aangemeld", _("aangemeld, wacht op de raad")
    ACTIVE = "actief", _("actief")
    STOPPED = "gestopt", _("gestopt")


class ExpertProfileQuerySet(models.QuerySet["ExpertProfile"]):
    def active(self) -> ExpertProfileQuerySet:
        return self.filter(status=ExpertStatus.ACTIVE)

    def for_user(self, user) -> ExpertProfileQuerySet:
        """Profiles whose details the user may see: the network of the councils they sit on (a policy
        advisor does not see residents' details); the whole region for the aanjager, ondersteuner and
        beheerder. An expert sees their own."""
        from .access import scope_for

        scope = scope_for(user)
        if scope.reads_whole_region:
            return self.all()
        return self.filter(Q(council_id__in=scope.council_ids) | Q(user_id=getattr(user, "pk", None)))


class ExpertProfile(models.Model):
    """A person in a council's expert network (ervaringsdeskundige): one person, one record.

    A person may have no account. When they have one, ``user`` links it, and their ervaringsdeskundige role
    (RoleAssignment) for the same council points to the same person. Stored only with consent
    (``consent_at``); a public sign-up waits for the council's confirmation.
    """

    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="experts", verbose_name=_("participatieraad")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert_profile",
        verbose_name=_("account"),
    )
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    municipality = models.ForeignKey(
        "councils.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="experts",
        verbose_name=_("woonplaats (gemeente)"),
    )
    # Lists of ExperienceDomain and ExpertBackground values: JSON works on PostgreSQL and SQLite alike.
    domains = models.JSONField(_("ervaring (wet)"), default=list)
    backgrounds = models.JSONField(_("achtergrond"), default=list, blank=True)
    themes = models.ManyToManyField("councils.Theme", blank=True, related_name="experts", verbose_name=_("thema's"))
    availability = models.CharField(
        _("beschikbaarheid"), max_length=300, blank=True, help_text=_("Bijvoorbeeld: doordeweeks overdag.")
    )
    accessibility_needs = models.TextField(
        _("wat heeft u nodig om mee te doen"),
        blank=True,
        max_length=1000,
        help_text=_("Bijvoorbeeld vervoer, een tolk, stukken in eenvoudige taal of een rolstoeltoegankelijke plek."),
    )
    status = models.CharField(_("status"), max_length=20, choices=ExpertStatus.choices, default=ExpertStatus.SIGNED_UP)
    consent_at = models.DateTimeField(_("toestemming gegeven op"))
    confirmed_at = models.DateTimeField(_("bevestigd door de raad op"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)

    objects = ExpertProfileQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["phone", "accessibility_needs"])

    class Meta:
        verbose_name = _("ervaringsdeskundige")
        verbose_name_plural = _("expertteam (ervaringsdeskundigen)")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["council", "status"], name="expert_council_idx")]
        constraints = [
            # One person, one record per council network: the same address signs up once.
            models.UniqueConstraint(
                fields=["council", "email"], condition=~Q(email=""), name="expert_unique_email_per_council"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def laws(self) -> set[str]:
        return {DOMAIN_LAW[d] for d in self.domains if d in DOMAIN_LAW}

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if not isinstance(self.domains, list) or not self.domains:
            errors["domains"] = _("Kies ten minste één wet waar uw ervaring onder valt.")
        elif any(d not in ExperienceDomain.values for d in self.domains):
            errors["domains"] = _("Onbekende keuze.")
        if not isinstance(self.backgrounds, list) or any(b not in ExpertBackground.values for b in self.backgrounds):
            errors["backgrounds"] = _("Onbekende keuze.")
        if not self.email and not self.phone and self.user_id is None:
            errors["email"] = _("Vul een e-mailadres of telefoonnummer in, zodat de raad u kan bereiken.")
        if errors:
            raise ValidationError(errors)


class ExpertInvitation(models.Model):
    """A former member of a Wmo-raad or cliëntenraad invited in bulk (CSV): only the address and a hashed
    token are stored until the person gives consent through the mailed link; then they fill in their
    profile and this row is deleted. Unanswered invitations are erased after ``EXPERT_INVITATION_DAYS``."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-mailadres"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_at = models.DateTimeField(default=timezone.now)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("uitnodiging expertteam")
        verbose_name_plural = _("uitnodigingen expertteam")
        constraints = [models.UniqueConstraint(fields=["council", "email"], name="expert_invitation_once")]

    def __str__(self) -> str:
        return f"{self.council_id}: {self.invited_at:%Y-%m-%d}"
