"""Public member lists name a member only with the member's consent, and never show an e-mail address."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from members.models import Membership

from .. import factories as f

pytestmark = pytest.mark.django_db


def _municipality_page(client) -> str:
    return client.get(reverse("councils:municipality_detail", kwargs={"slug": "velsen"})).content.decode()


def test_a_member_without_a_name_is_never_shown_by_e_mail_address(client, world):
    nameless = f.UserFactory(email="zonder.naam@example.org", full_name="")
    f.MembershipFactory(person=nameless, council=world.velsen_council, listed_publicly=True)
    html = _municipality_page(client)
    assert "zonder.naam@example.org" not in html
    assert "zonder.naam" not in html


def test_only_members_who_consented_are_named(client, world):
    listed = f.UserFactory(full_name="Gerda Openbaar")
    f.MembershipFactory(person=listed, council=world.velsen_council, listed_publicly=True)
    unlisted = f.UserFactory(full_name="Henk Verborgen")
    f.MembershipFactory(person=unlisted, council=world.velsen_council)
    html = _municipality_page(client)
    assert "Gerda Openbaar" in html
    assert "Henk Verborgen" not in html
    # lid.velsen, voorzitter.velsen and Henk have not consented: they are counted, not named.
    assert "En 3 andere leden." in html
    for person in ("lid_velsen", "voorzitter_velsen"):
        assert world.people[person].full_name not in html


def test_regional_page_names_only_consenting_delegates(client, world):
    regio = world.people["lid_regio"]
    html = client.get(reverse("councils:region_detail")).content.decode()
    assert escape(regio.full_name) not in html and regio.email not in html
    assert "Deze raad heeft 1 lid." in html
    # Consent is recorded by saving the membership (in /beheer/), which starts a new version of the drawn
    # member list.
    membership = Membership.objects.get(person=regio, council=world.regional_council)
    membership.listed_publicly = True
    membership.save()
    html = client.get(reverse("councils:region_detail")).content.decode()
    assert escape(regio.full_name) in html  # a name may hold an apostrophe ('s Gravensande)


def test_new_memberships_are_not_listed_by_default():
    assert Membership._meta.get_field("listed_publicly").default is False


def test_public_listing_is_a_queryset_method(world):
    f.MembershipFactory(council=world.velsen_council, listed_publicly=True)
    f.MembershipFactory(council=world.velsen_council, person=f.UserFactory(full_name=""), listed_publicly=True)
    named = Membership.objects.for_council(world.velsen_council).publicly_named()
    assert named.count() == 1


def test_a_renamed_member_shows_at_once_on_the_drawn_page(client, world):
    velsen = world.people["lid_velsen"]
    Membership.objects.filter(person=velsen).update(listed_publicly=True)
    velsen.full_name = "Voor Naam"
    velsen.save()
    assert "Voor Naam" in client.get(reverse("councils:municipality_detail", args=["velsen"])).content.decode()
    velsen.full_name = "Na Naam"
    velsen.save(update_fields=["full_name"])
    page = client.get(reverse("councils:municipality_detail", args=["velsen"])).content.decode()
    assert "Na Naam" in page and "Voor Naam" not in page
