"""seed_demo builds the IJmond of DESIGN.md and is idempotent (the one test that runs it)."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from agenda.models import AgendaItem, EarlyInvolvementRequest, ParticipationAdvice, RequestStatus
from councils.models import Council, Municipality, Neighbourhood, Theme
from members.access import scope_for
from members.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from members.models import Membership, NetworkOrganisation, RoleAssignment, User
from signals.models import Channel, Signal, SignalCount, Status
from signals.selectors import day_start, what_we_hear

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Municipality,
            Neighbourhood,
            Theme,
            Council,
            User,
            Membership,
            RoleAssignment,
            NetworkOrganisation,
            Signal,
            AgendaItem,
            EarlyInvolvementRequest,
            ParticipationAdvice,
            SignalCount,
        )
    } | {"AgendaItem history": AgendaItem.history.count(), "request history": EarlyInvolvementRequest.history.count()}


def test_seed_demo_twice_gives_the_same_ijmond():
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first

    assert set(Municipality.objects.values_list("cbs_code", flat=True)) == {"GM0375", "GM0396", "GM0453"}
    velsen_kernen = set(Neighbourhood.objects.filter(municipality__slug="velsen").values_list("name", flat=True))
    assert {"IJmuiden", "Velsen-Noord", "Velsen-Zuid", "Driehuis", "Santpoort-Noord", "Velserbroek"} <= velsen_kernen
    assert Council.objects.local().count() == 3
    assert Council.objects.regional().count() == 1
    for council in Council.objects.with_member_count():
        assert 7 <= council.member_count <= 12, council
    assert Signal.objects.count() >= 200
    assert set(Signal.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert set(Signal.objects.values_list("status", flat=True)) == set(Status.values)
    assert not Signal.objects.filter(status=Status.CLOSED, feedback="").exists()
    regional = Council.objects.regional().get()
    assert not Membership.objects.filter(council=regional, delegated_from__isnull=True).exists()
    # /wat-we-horen/ is right at once: the seed recounted its rollup up to yesterday.
    report = what_we_hear()
    assert report.through_yesterday
    counted = Signal.objects.filter(created_at__gte=day_start(report.since)).exclude(status=Status.DUPLICATE)
    assert report.total == counted.count() > 0
    # The participation agenda: 15–30 items on each council's agenda, requests in every status.
    for council in Council.objects.all():
        assert 15 <= AgendaItem.objects.filter(council=council).count() <= 30, council
    assert set(EarlyInvolvementRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    assert first["AgendaItem"] >= 60 and first["ParticipationAdvice"] >= 4


def test_demo_accounts_log_in_with_their_roles():
    call_command("seed_demo", verbosity=0)
    for email, _name, _specs in DEMO_ACCOUNTS:
        user = authenticate(email=email, password=DEMO_PASSWORD)
        assert user is not None, email
        assert user.emailaddress_set.filter(verified=True, primary=True).exists()
    roles = {email: scope_for(User.objects.get(email=email)).roles for email, _, _ in DEMO_ACCOUNTS}
    assert roles["aanjager@example.org"] == {"aanjager"}
    assert roles["voorzitter.velsen@example.org"] == {"voorzitter"}
    assert roles["lid.regio@example.org"] == {"raadslid"}
    assert roles["beleid.beverwijk@example.org"] == {"beleidsadviseur"}
    assert roles["ervaring@example.org"] == {"ervaringsdeskundige"}
    assert roles["inwoner@example.org"] == frozenset()
    assert User.objects.get(email="beheer@example.org").is_staff
    lid_regio = User.objects.get(email="lid.regio@example.org")
    assert Membership.objects.get(person=lid_regio, council__kind="regionaal").delegated_from.slug == (
        "participatieraad-heemskerk"
    )


RESERVED_DOMAINS = ("example.org", "example.com", "example.net")


def _reserved(address: str) -> bool:
    domain = address.rsplit("@", 1)[-1].lower()
    return any(domain == reserved or domain.endswith(f".{reserved}") for reserved in RESERVED_DOMAINS)


def test_seed_demo_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="productie"):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()
    assert not Council.objects.exists()


def test_demo_data_uses_only_reserved_example_domains():
    from allauth.account.models import EmailAddress

    call_command("seed_demo", verbosity=0)
    addresses = [
        *User.objects.values_list("email", flat=True),
        *EmailAddress.objects.values_list("email", flat=True),
        *Council.objects.exclude(email="").values_list("email", flat=True),
        *NetworkOrganisation.objects.exclude(email="").values_list("email", flat=True),
        *Signal.objects.exclude(contact_email="").values_list("contact_email", flat=True),
    ]
    assert addresses
    assert [a for a in addresses if not _reserved(a)] == []


def test_seed_demo_renames_old_demo_addresses_instead_of_adding_people():
    """A database seeded before the switch to example.org still has the old addresses: a new run
    updates those people and councils in place."""
    from allauth.account.models import EmailAddress

    call_command("seed_demo", verbosity=0)
    first = _counts()
    # Put the database back in the state an older seed_demo left it in.
    for user in User.objects.exclude(email__in=[email for email, _, _ in DEMO_ACCOUNTS]):
        old = user.email.replace("@example.org", "@demo.ijmondparticipatie.nl")
        EmailAddress.objects.filter(user=user).update(email=old)
        User.objects.filter(pk=user.pk).update(email=old)
    for council in Council.objects.all():
        Council.objects.filter(pk=council.pk).update(email=f"{council.slug}@demo.ijmondparticipatie.nl")
    Membership.objects.update(listed_publicly=False)

    call_command("seed_demo", verbosity=0)
    assert _counts() == first
    assert not User.objects.filter(email__endswith="ijmondparticipatie.nl").exists()
    assert not EmailAddress.objects.filter(email__endswith="ijmondparticipatie.nl").exists()
    assert not Council.objects.filter(email__endswith="ijmondparticipatie.nl").exists()
    # The demo members agreed to be named on the public pages.
    assert not Membership.objects.filter(listed_publicly=False).exists()
