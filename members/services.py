"""Writes on people and roles, and on the registries: network organisations and the expert network."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infrastructure.mail import queue_templated_mail

from .csv_io import CONTROL_CHARACTERS, CsvRow
from .models import (
    ExpertInvitation,
    ExpertProfile,
    ExpertStatus,
    NetworkOrganisation,
    Role,
    RoleAssignment,
    User,
)
from .selectors import municipality_model, theme_model

if TYPE_CHECKING:
    # Types only: members sits below councils in the house.
    from councils.models import Council, Municipality, Theme

BEHEERDERS_GROUP = "Beheerders"


@transaction.atomic
def beheerder_grant(*, user: User) -> User:
    """Make a person functional administrator: staff access to /beheer/ with every model permission.

    Deliberately not a superuser: a superuser passes every permission check, also the scoped ones of
    the work area (triage, advice), which a functional administrator must not do.
    """
    group, _ = Group.objects.get_or_create(name=BEHEERDERS_GROUP)
    group.permissions.set(Permission.objects.all())
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)
    RoleAssignment.objects.get_or_create(person=user, role=Role.BEHEERDER, council=None, municipality=None)
    return user


# --- Network organisations -------------------------------------------------------------------------

ORGANISATION_COLUMNS = ("naam", "soort", "gemeente", "themas", "contactpersoon", "e-mailadres", "telefoonnummer")
ORGANISATION_EXPORT_COLUMNS = (*ORGANISATION_COLUMNS, "actief")
IMPORT_MAX_BYTES = 1024 * 1024
IMPORT_MAX_ROWS = 2000
# What a CSV file calls an organisation that works in the whole region.
T = TypeVar("T")
REGION_WORDS = frozenset({"", "regio", "hele regio", "ijmond"})


def _organisation_duplicate(name: str, municipality_id: int | None, *, exclude_pk: int | None = None) -> bool:
    # The database's unique constraint does not catch two region-wide organisations (NULL is distinct),
    # nor the same name in other capitals: this check does.
    lookup: dict[str, Any] = {"name__iexact": name, "municipality_id": municipality_id}
    same = NetworkOrganisation.objects.filter(**lookup)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    return same.exists()


@transaction.atomic
def organisation_save(*, organisation: NetworkOrganisation, themes: Iterable[Theme]) -> NetworkOrganisation:
    """Create or update an organisation; the same name twice in one municipality (or the region) is refused."""
    if _organisation_duplicate(organisation.name, organisation.municipality_id, exclude_pk=organisation.pk):
        raise ValidationError({"name": _("Er staat al een organisatie met deze naam in deze gemeente.")})
    organisation.full_clean(validate_constraints=False)
    organisation.save()
    organisation.themes.set(list(themes))
    return organisation


@dataclass
class ImportRow:
    number: int
    name: str
    reasons: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.reasons


@dataclass
class ImportReport:
    rows: list[ImportRow]
    imported: int = 0

    @property
    def refused(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.accepted]


def _lookup(values: Iterable[tuple[Iterable[str], T]]) -> dict[str, T]:
    table: dict[str, T] = {}
    for keys, value in values:
        for key in keys:
            table[str(key).strip().lower()] = value
    return table


def organisations_import(*, rows: Sequence[CsvRow], municipality_ids: frozenset[int] | None) -> ImportReport:
    """Check every row; store them all, or — when any row is refused — none (the report says why).

    ``municipality_ids``: the municipalities the importing person may give an organisation (None: all).
    Queries: the municipalities, the themes, the existing names, then two inserts — not one per row.
    """
    kinds = _lookup(((kind.value, str(kind.label)), kind.value) for kind in NetworkOrganisation.Kind)
    municipalities: dict[str, Municipality] = _lookup(
        ((m.name, m.slug), m) for m in municipality_model()._default_manager.all()
    )
    themes: dict[str, Theme] = _lookup(((t.name, t.slug), t) for t in theme_model()._default_manager.all())
    existing = {
        (name.lower(), municipality_id)
        for name, municipality_id in NetworkOrganisation.objects.values_list("name", "municipality_id")
    }
    report = ImportReport(rows=[])
    planned: list[tuple[NetworkOrganisation, list[Theme]]] = []
    seen: set[tuple[str, int | None]] = set()
    for row in rows:
        cells = row.cells
        result = ImportRow(number=row.number, name=cells.get("naam", "")[:200])
        report.rows.append(result)
        kind = kinds.get(cells.get("soort", "").lower())
        if kind is None:
            result.reasons.append(_("Onbekende soort: %(value)s.") % {"value": cells.get("soort", "")[:60] or "–"})
        place = cells.get("gemeente", "").lower()
        municipality: Municipality | None = None
        if place not in REGION_WORDS:
            municipality = municipalities.get(place)
            if municipality is None:
                result.reasons.append(_("Onbekende gemeente: %(value)s.") % {"value": cells.get("gemeente", "")[:60]})
            elif municipality_ids is not None and municipality.pk not in municipality_ids:
                result.reasons.append(
                    _("U kunt geen organisaties van %(municipality)s toevoegen.") % {"municipality": municipality}
                )
        chosen_themes: list[Theme] = []
        for word in re.split(r"[,|]", cells.get("themas", "")):
            if not word.strip():
                continue
            theme = themes.get(word.strip().lower())
            if theme is None:
                result.reasons.append(_("Onbekend thema: %(value)s.") % {"value": word.strip()[:60]})
            elif theme not in chosen_themes:
                chosen_themes.append(theme)
        organisation = NetworkOrganisation(
            name=cells.get("naam", ""),
            kind=kind or "",
            municipality=municipality,
            contact_name=cells.get("contactpersoon", ""),
            email=cells.get("e-mailadres", "").lower(),
            phone=cells.get("telefoonnummer", ""),
        )
        try:
            organisation.full_clean(exclude=["kind", "municipality"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                label = (
                    getattr(NetworkOrganisation._meta.get_field(name), "verbose_name", "") if name != "__all__" else ""
                )
                result.reasons.extend(
                    f"{str(label).capitalize()}: {message}" if label else message for message in messages
                )
        key = (organisation.name.lower(), getattr(municipality, "pk", None))
        if organisation.name and key in existing:
            result.reasons.append(_("Deze organisatie staat er al (zelfde naam en gemeente)."))
        elif organisation.name and key in seen:
            result.reasons.append(_("Deze organisatie staat twee keer in het bestand."))
        seen.add(key)
        planned.append((organisation, chosen_themes))
    if report.refused:
        return report
    with transaction.atomic():
        created = NetworkOrganisation.objects.bulk_create([organisation for organisation, _themes in planned])
        through = NetworkOrganisation.themes.through
        through.objects.bulk_create(
            [
                through(networkorganisation_id=organisation.pk, theme_id=theme.pk)
                for organisation, (_o, chosen) in zip(created, planned, strict=True)
                for theme in chosen
            ]
        )
    report.imported = len(created)
    return report


def organisation_export_rows(organisations: Iterable[NetworkOrganisation]) -> Iterable[list[str]]:
    """One list of cells per organisation, in ``ORGANISATION_EXPORT_COLUMNS`` order (themes prefetched)."""
    for organisation in organisations:
        yield [
            organisation.name,
            str(organisation.get_kind_display()),
            organisation.municipality.name if organisation.municipality else "regio",
            ", ".join(theme.name for theme in organisation.themes.all()),
            organisation.contact_name,
            organisation.email,
            organisation.phone,
            _("ja") if organisation.is_active else _("nee"),
        ]


# --- The expert network ----------------------------------------------------------------------------

INVITE_COLUMN = "e-mailadres"
# A token as secrets.token_urlsafe(32) spells it; anything else is not looked up.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _absolute(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def _ensure_expert_role(profile: ExpertProfile) -> None:
    """One person, one record: an account linked to an active profile holds the ervaringsdeskundige role
    for the profile's council."""
    if profile.user_id is None:
        return
    roles = RoleAssignment.objects.filter(
        person_id=profile.user_id, role=Role.ERVARINGSDESKUNDIGE, council_id=profile.council_id
    )
    if not roles.active().exists():
        RoleAssignment.objects.create(
            person_id=profile.user_id, role=Role.ERVARINGSDESKUNDIGE, council_id=profile.council_id
        )


def _end_expert_role(profile: ExpertProfile) -> None:
    if profile.user_id is None:
        return
    today = timezone.localdate()
    roles = RoleAssignment.objects.filter(
        person_id=profile.user_id, role=Role.ERVARINGSDESKUNDIGE, council_id=profile.council_id
    ).active(on=today)
    roles.filter(valid_from__gte=today).delete()
    roles.filter(valid_from__lt=today).update(valid_until=today - timedelta(days=1))


@transaction.atomic
def expert_sign_up(
    *, profile: ExpertProfile, themes: Iterable[Theme], user: User | None = None
) -> ExpertProfile | None:
    """A resident joins the network of ``profile.council`` (the public form): stored with their consent,
    waiting for the council's confirmation.

    A signed-in person's account is linked (one person, one record): to the record already kept under the
    account's address when there is one; someone whose account already has a profile is refused. Another
    address already in that council's network stores nothing and returns None: the page looks the same,
    so the form does not tell strangers who is in the network.
    """
    if user is not None:
        if ExpertProfile.objects.filter(user=user).exists():
            raise ValidationError(
                _("U staat al in het expertteam. Wilt u iets veranderen? Neem contact op met uw participatieraad.")
            )
        same_person = ExpertProfile.objects.filter(
            council_id=profile.council_id, email__iexact=user.email, user__isnull=True
        ).first()
        if same_person is not None:
            # Invited or signed up before without an account: the account joins that record.
            same_person.user = user
            same_person.save(update_fields=["user"])
            if same_person.status == ExpertStatus.ACTIVE:
                _ensure_expert_role(same_person)
            return same_person
        profile.user = user
    profile.email = profile.email.lower()
    if (
        profile.email
        and ExpertProfile.objects.filter(council_id=profile.council_id, email__iexact=profile.email).exists()
    ):
        return None
    profile.status = ExpertStatus.SIGNED_UP
    profile.consent_at = timezone.now()
    profile.full_clean()
    profile.save()
    profile.themes.set(list(themes))
    return profile


@transaction.atomic
def expert_save(*, profile: ExpertProfile, themes: Iterable[Theme]) -> ExpertProfile:
    """A council member corrects a profile."""
    profile.email = profile.email.lower()
    profile.full_clean()
    profile.save()
    profile.themes.set(list(themes))
    return profile


@transaction.atomic
def expert_confirm(*, profile: ExpertProfile, by: User) -> ExpertProfile:
    """The council takes a signed-up (or stopped) person into its network; their account, if any, gets the
    ervaringsdeskundige role for this council."""
    if profile.status == ExpertStatus.ACTIVE:
        raise ValidationError(_("Deze ervaringsdeskundige is al actief."))
    profile.status = ExpertStatus.ACTIVE
    profile.confirmed_at = timezone.now()
    profile.confirmed_by = by
    profile.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    _ensure_expert_role(profile)
    return profile


@transaction.atomic
def expert_stop(*, profile: ExpertProfile) -> ExpertProfile:
    """The person stops; the ervaringsdeskundige role of their account for this council ends yesterday."""
    if profile.status == ExpertStatus.STOPPED:
        raise ValidationError(_("Deze ervaringsdeskundige is al gestopt."))
    profile.status = ExpertStatus.STOPPED
    profile.save(update_fields=["status"])
    _end_expert_role(profile)
    return profile


class InviteOutcome:
    INVITE = "uitnodigen"
    SKIP = "overslaan"
    REFUSE = "weigeren"


@dataclass
class InviteRow:
    number: int
    email: str
    outcome: str
    reason: str = ""


@dataclass
class InviteReport:
    rows: list[InviteRow]
    invited: int = 0

    @property
    def refused(self) -> list[InviteRow]:
        return [row for row in self.rows if row.outcome == InviteOutcome.REFUSE]


def _plan_invitations(council: Council, rows: Sequence[CsvRow]) -> InviteReport:
    report = InviteReport(rows=[])
    addresses = [row.cells.get(INVITE_COLUMN, "").strip().lower() for row in rows]
    invited = set(
        ExpertInvitation.objects.filter(council=council)
        .annotate(address=Lower("email"))
        .filter(address__in=addresses)
        .values_list("address", flat=True)
    )
    members = set(
        ExpertProfile.objects.filter(council=council)
        .annotate(address=Lower("email"))
        .filter(address__in=addresses)
        .values_list("address", flat=True)
    )
    seen: set[str] = set()
    for row, address in zip(rows, addresses, strict=True):
        shown = CONTROL_CHARACTERS.sub("", address)[:254]
        try:
            if len(address) > 254:
                raise ValidationError("too long")
            validate_email(address)
        except ValidationError:
            reason = _("Vul een e-mailadres in.") if not address else _("Dit is geen geldig e-mailadres.")
            report.rows.append(InviteRow(row.number, shown[:80], InviteOutcome.REFUSE, reason))
            continue
        if address in seen:
            report.rows.append(InviteRow(row.number, shown, InviteOutcome.SKIP, _("Staat al eerder in het bestand.")))
        elif address in members:
            report.rows.append(InviteRow(row.number, shown, InviteOutcome.SKIP, _("Staat al in het expertteam.")))
        elif address in invited:
            report.rows.append(InviteRow(row.number, shown, InviteOutcome.SKIP, _("Is al uitgenodigd.")))
        else:
            report.rows.append(InviteRow(row.number, shown, InviteOutcome.INVITE))
        seen.add(address)
    return report


INVITATION_SUBJECT = gettext_lazy("Doet u mee met het expertteam van %(council)s?")


def experts_invite(*, council: Council, rows: Sequence[CsvRow], by: User) -> InviteReport:
    """Invite former members of a Wmo-raad or cliëntenraad by e-mail: only the address and a hashed token
    are stored, and each address gets a consent link. All or nothing: when any row is refused, nothing is
    stored or sent. Addresses already invited or in the network are skipped."""
    report = _plan_invitations(council, rows)
    if report.refused:
        return report
    with transaction.atomic():
        for row in report.rows:
            if row.outcome != InviteOutcome.INVITE:
                continue
            token = secrets.token_urlsafe(32)
            invitation = ExpertInvitation.objects.create(
                council=council, email=row.email, token_hash=_hash_token(token), invited_by=by
            )
            queue_templated_mail(
                to=row.email,
                subject=INVITATION_SUBJECT,
                template="members/mail/expert_invitation.txt",
                context={
                    "council": str(council),
                    "url": _absolute(reverse("members:expert_consent", kwargs={"token": token})),
                    "days": settings.EXPERT_INVITATION_DAYS,
                },
                dedup_key=f"expert-invitation:{invitation.pk}",
            )
            report.invited += 1
    return report


def _invitation_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.EXPERT_INVITATION_DAYS)


def expert_invitation_for_token(token: str) -> ExpertInvitation | None:
    """The open invitation the token belongs to; None when unknown, tampered with or expired."""
    if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
        return None
    return (
        ExpertInvitation.objects.select_related("council")
        .filter(token_hash=_hash_token(token), invited_at__gte=_invitation_cutoff())
        .first()
    )


@transaction.atomic
def expert_accept_invitation(
    *, invitation: ExpertInvitation, profile: ExpertProfile, themes: Iterable[Theme]
) -> ExpertProfile | None:
    """The invited person consents and fills in their profile: it is active at once (the council invited
    them; the inviter counts as the one who confirmed) and the invitation is deleted. None when the
    invitation was used meanwhile (a second click)."""
    locked = ExpertInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if locked is None:
        return None
    now = timezone.now()
    existing = ExpertProfile.objects.filter(council_id=locked.council_id, email__iexact=locked.email).first()
    if existing is not None:
        locked.delete()
        return existing
    profile.council_id = locked.council_id
    profile.email = locked.email.lower()
    profile.status = ExpertStatus.ACTIVE
    profile.consent_at = now
    profile.confirmed_at = now
    profile.confirmed_by_id = locked.invited_by_id
    profile.full_clean()
    profile.save()
    profile.themes.set(list(themes))
    locked.delete()
    return profile


def expert_invitations_erase_expired(*, now: datetime | None = None) -> int:
    """Erase the invitations nobody answered within ``EXPERT_INVITATION_DAYS`` (beat, daily). Their mail
    went long ago, and the outbox keeps no content of sent mail."""
    deleted, _rows = ExpertInvitation.objects.filter(invited_at__lt=_invitation_cutoff(now)).delete()
    return deleted
