"""The expert network: the public sign-up, the council's list and confirmation, the bulk invitation by CSV
and its consent link."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import cast

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infrastructure.models import OutboxMessage
from members import services
from members.models import ExpertInvitation, ExpertProfile, ExpertStatus, Role, RoleAssignment
from members.tasks import erase_expired_expert_invitations
from tests import factories as f

SIGNUP = reverse("members:expert_signup")
DONE = reverse("members:expert_signup_done")
LIST = reverse("members:expert_list")
INVITE = reverse("members:expert_invite")


def detail(profile) -> str:
    return reverse("members:expert_detail", args=[profile.pk])


def confirm(profile) -> str:
    return reverse("members:expert_confirm", args=[profile.pk])


def signup_data(**values):
    data = {
        "name": "Fatima Yilmaz",
        "email": "Fatima@Example.org",
        "phone": "",
        "municipality": "velsen",
        "domains": ["wmo", "bijstand"],
        "backgrounds": ["client"],
        "availability": "doordeweeks overdag",
        "accessibility_needs": "stukken in eenvoudige taal",
        "consent": "on",
    }
    data.update(values)
    return data


# --- Public sign-up --------------------------------------------------------------------------------


def test_sign_up_page_is_public(client, world):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="website"' in page
    assert reverse("privacy") in page


def test_sign_up_form_is_drawn_once_and_shows_every_change_at_once(client, world):
    client.get(SIGNUP)  # draws the empty form (and reads the header's municipalities)
    with CaptureQueriesContext(connection) as cached:
        page = client.get(SIGNUP).content.decode()
    # The municipalities and themes the form offers (the key of the drawn form); nothing else.
    assert len(cached) == 2, "\n".join(q["sql"][:60] for q in cached.captured_queries)
    assert 'name="csrfmiddlewaretoken"' in page  # outside the cached part
    theme = f.ThemeFactory(name="Vervoer naar de dagbesteding", slug="vervoer-dagbesteding")
    assert "Vervoer naar de dagbesteding" in client.get(SIGNUP).content.decode()
    theme.name = "Leerlingenvervoer"
    theme.save()
    page = client.get(SIGNUP).content.decode()
    assert "Leerlingenvervoer" in page and "Vervoer naar de dagbesteding" not in page
    world.velsen.name = "Velsen (gemeente)"
    world.velsen.save()
    assert "Velsen (gemeente)" in client.get(SIGNUP).content.decode()


def test_a_signed_in_person_never_gets_the_form_drawn_for_someone_else(client, world):
    client.get(SIGNUP)  # the empty form, drawn and kept
    person = world.people["inwoner"]
    client.force_login(person)
    page = client.get(SIGNUP).content.decode()
    assert person.email in page


def test_sign_up_stores_a_profile_waiting_for_the_council(client, world):
    theme = f.ThemeFactory(slug="zorg", name="Zorg")
    response = client.post(SIGNUP, signup_data(themes=["zorg"]))
    assert response.status_code == 302
    assert response["Location"] == DONE
    profile = ExpertProfile.objects.get()
    assert profile.council == world.velsen_council
    assert profile.status == ExpertStatus.SIGNED_UP
    assert profile.consent_at is not None
    assert profile.email == "fatima@example.org"
    assert profile.domains == ["wmo", "bijstand"]
    assert profile.laws == {"wmo", "participatiewet"}
    assert list(profile.themes.all()) == [theme]
    assert profile.user is None
    assert client.get(DONE).status_code == 200


def test_sign_up_without_consent_stores_nothing(client, world):
    data = signup_data()
    del data["consent"]
    response = client.post(SIGNUP, data)
    assert response.status_code == 400
    assert "consent" in response.context["form"].errors
    assert response.context["form"]["name"].value() == "Fatima Yilmaz"  # the bound form is shown again
    assert not ExpertProfile.objects.exists()


def test_sign_up_needs_a_way_to_reach_the_person_and_a_law(client, world):
    response = client.post(SIGNUP, signup_data(email="", phone="", domains=[]))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "email" in errors and "domains" in errors
    assert not ExpertProfile.objects.exists()


def test_phone_alone_is_enough(client, world):
    assert client.post(SIGNUP, signup_data(email="", phone="06 12345678")).status_code == 302
    assert ExpertProfile.objects.get().phone == "06 12345678"


def test_honeypot_stores_nothing_and_looks_the_same(client, world):
    response = client.post(SIGNUP, signup_data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == DONE
    assert not ExpertProfile.objects.exists()


def test_an_address_already_in_the_network_is_not_revealed(client, world):
    f.ExpertProfileFactory(council=world.velsen_council, email="fatima@example.org", name="Eerder")
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    assert response["Location"] == DONE
    assert ExpertProfile.objects.get().name == "Eerder"


def test_sign_ups_are_rate_limited_per_connection(client, world, settings):
    settings.SIGNAL_SUBMIT_RATE = "2/h"
    for n in range(2):
        assert client.post(SIGNUP, signup_data(email=f"persoon{n}@example.org")).status_code == 302
    # Mistakes do not count, but a full limit stops even a correct form, which is shown again.
    response = client.post(SIGNUP, signup_data(email="derde@example.org"))
    assert response.status_code == 429
    assert response.context["retry_minutes"] >= 1
    assert response.context["form"]["email"].value() == "derde@example.org"
    assert ExpertProfile.objects.count() == 2


@pytest.mark.parametrize(
    "values",
    [
        {"name": "x" * 5000},
        {"name": "\x00\x01\x02"},
        {"municipality": "٣"},
        {"municipality": "9" * 5000},
        {"municipality": "<script>"},
        {"municipality": "nergens"},
        {"domains": ["kernenergie"]},
        {"backgrounds": ["geheim"]},
        {"themes": ["'; DROP TABLE x; --"]},
        {"email": "geen-adres"},
        {"email": "a@b.c" + "x" * 300},
        {"accessibility_needs": "x" * 5000},
        {"availability": "x" * 5000},
    ],
)
def test_hostile_input_is_a_form_error(client, world, values):
    response = client.post(SIGNUP, signup_data(**values))
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not ExpertProfile.objects.exists()


def test_control_characters_are_removed(client, world):
    assert client.post(SIGNUP, signup_data(name="Fa\x00ti\x07ma")).status_code == 302
    assert ExpertProfile.objects.get().name == "Fatima"


def test_signed_in_person_is_prefilled_and_linked(client, world):
    person = world.people["inwoner"]
    person.full_name = "Ina Inwoner"
    person.save()
    client.force_login(person)
    form = client.get(SIGNUP).context["form"]
    assert form["email"].value() == "inwoner@example.org"
    assert form["name"].value() == "Ina Inwoner"
    assert client.post(SIGNUP, signup_data(email="inwoner@example.org")).status_code == 302
    assert ExpertProfile.objects.get().user == person
    # One person, one record: a second sign-up is refused with a message.
    response = client.post(SIGNUP, signup_data(email="ander@example.org"))
    assert response.status_code == 400
    assert "al in het expertteam" in response.content.decode()
    assert ExpertProfile.objects.count() == 1


def test_an_expert_with_a_role_signs_up_as_the_same_person(client, world):
    expert = world.people["ervaring"]
    client.force_login(expert)
    assert client.post(SIGNUP, signup_data(email="ervaring@example.org")).status_code == 302
    profile = ExpertProfile.objects.get()
    assert profile.user == expert
    client.force_login(world.people["lid_velsen"])
    client.post(confirm(profile))
    roles = RoleAssignment.objects.filter(person=expert, role=Role.ERVARINGSDESKUNDIGE)
    assert roles.count() == 1  # the existing role, not a second one


def test_signing_in_links_the_account_to_the_record_kept_under_its_address(client, world):
    expert = world.people["ervaring"]
    kept = f.ExpertProfileFactory(council=world.velsen_council, email="ervaring@example.org", name="Al bekend")
    client.force_login(expert)
    assert client.post(SIGNUP, signup_data(email="ervaring@example.org")).status_code == 302
    kept.refresh_from_db()
    assert ExpertProfile.objects.count() == 1
    assert kept.user == expert
    assert kept.name == "Al bekend"
    assert RoleAssignment.objects.filter(person=expert, role=Role.ERVARINGSDESKUNDIGE).count() == 1


# --- The council's pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "list_status", "detail_status"),
    [
        ("lid_velsen", 200, 200),
        ("voorzitter_velsen", 200, 200),
        ("lid_heemskerk", 200, 404),
        ("lid_beverwijk", 200, 404),
        ("lid_regio", 200, 404),
        ("aanjager", 200, 200),
        ("ondersteuning", 200, 200),
        ("beheer", 200, 200),
        ("beleid_velsen", 403, 404),
        ("commissie", 403, 404),
        ("ervaring", 403, 404),
        ("inwoner", 403, 404),
    ],
)
def test_who_sees_the_experts(client, world, persona, list_status, detail_status):
    profile = f.ExpertProfileFactory(council=world.velsen_council)
    client.force_login(world.people[persona])
    assert client.get(LIST).status_code == list_status
    assert client.get(detail(profile)).status_code == detail_status


def test_a_heemskerk_member_does_not_see_velsens_experts(client, world):
    velsen = f.ExpertProfileFactory(council=world.velsen_council, name="Velsenaar")
    f.ExpertProfileFactory(council=world.heemskerk_council, name="Heemskerker")
    client.force_login(world.people["lid_heemskerk"])
    response = client.get(LIST)
    assert [p.name for p in response.context["page"].object_list] == ["Heemskerker"]
    assert "Velsenaar" not in response.content.decode()
    assert client.get(detail(velsen)).status_code == 404
    assert client.post(confirm(velsen)).status_code == 404


def test_an_expert_does_not_open_the_work_page_of_their_own_profile(client, world):
    profile = f.ExpertProfileFactory(council=world.velsen_council, user=world.people["ervaring"])
    client.force_login(world.people["ervaring"])
    assert client.get(detail(profile)).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    profile = f.ExpertProfileFactory(council=world.velsen_council)
    for url in (LIST, INVITE, detail(profile)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert client.post(confirm(profile)).status_code == 302
    profile.refresh_from_db()
    assert profile.status == ExpertStatus.ACTIVE


def test_detail_shows_everything_to_the_council(client, world):
    profile = f.ExpertProfileFactory(
        council=world.velsen_council,
        email="expert@example.org",
        phone="0255 999",
        accessibility_needs="een rolstoelplek",
        domains=["jeugdwet"],
    )
    client.force_login(world.people["lid_velsen"])
    page = client.get(detail(profile)).content.decode()
    for text in ("expert@example.org", "0255 999", "een rolstoelplek", "Jeugdwet"):
        assert text in page


def test_list_filters(client, world):
    theme = f.ThemeFactory(slug="jeugd", name="Jeugd")
    young = f.ExpertProfileFactory(council=world.velsen_council, name="Jongere", domains=["jeugdwet"])
    young.themes.add(theme)
    f.ExpertProfileFactory(council=world.velsen_council, name="Bijstand", domains=["bijstand"], status="aangemeld")
    f.ExpertProfileFactory(council=world.velsen_council, name="Gestopt", status="gestopt", email="stop@example.org")
    client.force_login(world.people["lid_velsen"])

    def names(**query):
        return {p.name for p in client.get(LIST, query).context["page"].object_list}

    assert names() == {"Jongere", "Bijstand", "Gestopt"}
    assert names(domain="jeugdwet") == {"Jongere"}
    assert names(domain="participatiewet") == set()  # "bijstand" is its own domain value
    assert names(status="aangemeld") == {"Bijstand"}
    assert names(theme="jeugd") == {"Jongere"}
    assert names(q="stop@") == {"Gestopt"}
    assert names(municipality="velsen") == {"Jongere", "Bijstand", "Gestopt"}
    assert names(municipality="beverwijk") == set()


@pytest.mark.parametrize("field", ["q", "status", "domain", "theme", "municipality", "pagina"])
@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "\x00", "<script>", '"wmo"'])
def test_list_filters_with_odd_values_never_fail(client, world, field, value):
    f.ExpertProfileFactory(council=world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    assert client.get(LIST, {field: value}).status_code == 200


def _list_queries(client, world, count: int) -> int:
    theme = f.ThemeFactory()
    for _n in range(count):
        profile = cast(ExpertProfile, f.ExpertProfileFactory(council=world.velsen_council))
        profile.themes.add(theme)
    client.force_login(world.people["lid_velsen"])
    client.get(LIST)  # fills the navigation cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)
    return len(queries)


def test_list_queries_do_not_grow_with_rows(client, world):
    few = _list_queries(client, world, 5)
    ExpertProfile.objects.all().delete()
    many = _list_queries(client, world, 50)
    # session, user, scope ×2; the filter's themes and municipalities; count, rows, their themes; session save ×3
    assert few == many == 12


def test_confirmation_activates_and_links_the_role(client, world):
    person = world.people["inwoner"]
    profile = f.ExpertProfileFactory(council=world.velsen_council, user=person, status=ExpertStatus.SIGNED_UP)
    member = world.people["lid_velsen"]
    client.force_login(member)
    response = client.post(confirm(profile))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == ExpertStatus.ACTIVE
    assert profile.confirmed_by == member
    assert profile.confirmed_at is not None
    role = RoleAssignment.objects.active().get(person=person, role=Role.ERVARINGSDESKUNDIGE)
    assert role.council == world.velsen_council
    # Confirming again changes nothing and adds no second role.
    client.post(confirm(profile))
    assert RoleAssignment.objects.filter(person=person, role=Role.ERVARINGSDESKUNDIGE).count() == 1


def test_confirmation_is_for_the_council_only(client, world):
    profile = f.ExpertProfileFactory(council=world.velsen_council, status=ExpertStatus.SIGNED_UP)
    client.force_login(world.people["aanjager"])
    assert client.post(confirm(profile)).status_code == 403
    client.force_login(world.people["lid_velsen"])
    assert client.get(confirm(profile)).status_code == 405
    profile.refresh_from_db()
    assert profile.status == ExpertStatus.SIGNED_UP


def test_member_edits_and_stops_a_profile(client, world):
    person = world.people["inwoner"]
    profile = f.ExpertProfileFactory(council=world.velsen_council, user=person, status=ExpertStatus.SIGNED_UP)
    client.force_login(world.people["lid_velsen"])
    client.post(confirm(profile))
    data = signup_data(name="Nieuwe naam", email="nieuw@example.org")
    del data["consent"]
    assert client.post(detail(profile), data).status_code == 302
    profile.refresh_from_db()
    assert profile.name == "Nieuwe naam"
    assert client.post(detail(profile), {"actie": "stoppen"}).status_code == 302
    profile.refresh_from_db()
    assert profile.status == ExpertStatus.STOPPED
    assert not RoleAssignment.objects.active().filter(person=person, role=Role.ERVARINGSDESKUNDIGE).exists()
    page = client.get(detail(profile)).content.decode()
    assert "Weer actief maken" in page


def test_readers_cannot_change_a_profile(client, world):
    profile = f.ExpertProfileFactory(council=world.velsen_council)
    client.force_login(world.people["ondersteuning"])
    assert client.post(detail(profile), {"actie": "stoppen"}).status_code == 403
    profile.refresh_from_db()
    assert profile.status == ExpertStatus.ACTIVE


# --- Bulk invitation -------------------------------------------------------------------------------


def csv_upload(text: str | bytes) -> SimpleUploadedFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile("oud-leden.csv", data, content_type="text/csv")


@pytest.fixture
def invite(client, world, django_capture_on_commit_callbacks):
    """Upload a file of addresses as a member; the mails are delivered (to ``mail.outbox``) after commit."""

    def upload(text, persona="lid_velsen", council=None):
        client.force_login(world.people[persona])
        council = council or world.velsen_council
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(INVITE, {"council": str(council.pk), "file": csv_upload(text)})

    return upload


def _link(message) -> str:
    match = re.search(r"/expertteam/toestemming/([A-Za-z0-9_-]+)/", message.body)
    assert match
    return match.group(0)


def test_invite_page_is_for_council_members(client, world):
    for persona, status in [("lid_velsen", 200), ("lid_regio", 200), ("aanjager", 403), ("beleid_velsen", 403)]:
        client.force_login(world.people[persona])
        assert client.get(INVITE).status_code == status


def test_bulk_invite_stores_only_address_and_hash_and_mails_a_link(client, world, invite):
    response = invite("naam;e-mailadres\nJan Jansen;Jan@Example.org\nPiet;piet@example.org\n")
    assert response.status_code == 200
    assert response.context["report"].invited == 2
    invitations = list(ExpertInvitation.objects.order_by("email"))
    assert [i.email for i in invitations] == ["jan@example.org", "piet@example.org"]
    assert all(re.fullmatch(r"[0-9a-f]{64}", i.token_hash) for i in invitations)
    assert all(i.invited_by == world.people["lid_velsen"] for i in invitations)
    assert not ExpertProfile.objects.exists()
    # The name column is ignored: it is nowhere in the database.
    assert not ExpertInvitation.objects.filter(email__icontains="jansen").exists()
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == ["jan@example.org"])
    link = _link(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in {i.token_hash for i in invitations}
    assert "Jan Jansen" not in message.body
    keys = set(OutboxMessage.objects.values_list("dedup_key", flat=True))
    assert keys == {f"expert-invitation:{i.pk}" for i in invitations}


def test_invite_skips_known_addresses(client, world, invite):
    f.ExpertProfileFactory(council=world.velsen_council, email="lid@example.org")
    invite("e-mailadres\nnieuw@example.org\n")
    response = invite("e-mailadres\nlid@example.org\nnieuw@example.org\nander@example.org\nANDER@example.org\n")
    report = response.context["report"]
    assert report.invited == 1
    assert [row.outcome for row in report.rows] == ["overslaan", "overslaan", "uitnodigen", "overslaan"]
    assert ExpertInvitation.objects.count() == 2


def test_one_bad_address_invites_nobody(client, world, invite):
    response = invite("e-mailadres\ngoed@example.org\ngeen adres\n\nx@\nook.goed@example.org\n")
    assert response.status_code == 400
    report = response.context["report"]
    assert report.invited == 0
    assert [row.number for row in report.refused] == [3, 5]
    assert not ExpertInvitation.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert "Er is niemand uitgenodigd" in response.content.decode()


@pytest.mark.parametrize(
    "content",
    [
        b"naam\nJan\n",
        "e-mailadres\njan@example.org\n".encode("utf-16"),
        "e-mailadres\nmaría@example.org\n".encode("latin-1"),
        b"e-mailadres\n" + b"a@example.org\n" * 70_000,
    ],
)
def test_a_bad_invite_file_is_a_form_error(client, world, invite, content):
    response = invite(content)
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not ExpertInvitation.objects.exists()


def test_a_member_cannot_invite_for_another_council(client, world, invite):
    response = invite("e-mailadres\na@example.org\n", council=world.beverwijk_council)
    assert response.status_code == 400
    assert "council" in response.context["form"].errors
    response = invite("e-mailadres\na@example.org\n", council=world.velsen_council)
    assert response.status_code == 200
    client.force_login(world.people["lid_velsen"])
    assert client.post(INVITE, {"council": "٣", "file": csv_upload("e-mailadres\nb@example.org\n")}).status_code == 400


# --- The consent link ------------------------------------------------------------------------------


@pytest.fixture
def invited(client, invite):
    """The consent link mailed to one invited address, visited without logging in."""
    invite("e-mailadres\noudlid@example.org\n")
    client.logout()
    return _link(mail.outbox[-1])


def consent_data(**values):
    data = signup_data(**values)
    data.pop("email")
    return data


def test_consent_link_creates_an_active_profile_and_removes_the_invitation(client, world, invited):
    link = invited
    response = client.get(link)
    assert response.status_code == 200
    assert "oudlid@example.org" in response.content.decode()
    response = client.post(link, consent_data(name="Oud Lid", backgrounds=["oud_wmoraad"]))
    assert response.status_code == 200
    profile = ExpertProfile.objects.get()
    assert profile.email == "oudlid@example.org"
    assert profile.council == world.velsen_council
    assert profile.status == ExpertStatus.ACTIVE
    assert profile.confirmed_by == world.people["lid_velsen"]
    assert profile.backgrounds == ["oud_wmoraad"]
    assert not ExpertInvitation.objects.exists()
    # The link is used: it does not work a second time.
    assert client.get(link).status_code == 404


def test_consent_is_required_on_the_link(client, world, invited):
    link = invited
    data = consent_data()
    del data["consent"]
    response = client.post(link, data)
    assert response.status_code == 400
    assert not ExpertProfile.objects.exists()
    assert ExpertInvitation.objects.count() == 1


def test_the_address_cannot_be_changed_on_the_link(client, world, invited):
    link = invited
    client.post(link, consent_data(email="ander@example.org"))
    assert ExpertProfile.objects.get().email == "oudlid@example.org"


@pytest.mark.parametrize(
    "token",
    ["x" * 43, "kort", "a" * 200, "%00" * 30, "<script>alert(1)<script>", "٣" * 40, "..%5C..%5Cetc%20%F0%9F%98%80"],
)
def test_unknown_or_tampered_token_gives_a_friendly_404(client, world, invited, token):
    assert invited
    response = client.get(f"/expertteam/toestemming/{token}/")
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.content.decode()
    assert client.post(f"/expertteam/toestemming/{token}/", consent_data()).status_code == 404
    assert not ExpertProfile.objects.exists()


def test_a_changed_character_is_tampering(client, world, invited):
    link = invited
    token = link.rstrip("/").rsplit("/", 1)[1]
    tampered = ("B" if token[0] == "A" else "A") + token[1:]
    assert client.get(f"/expertteam/toestemming/{tampered}/").status_code == 404


def test_expired_token_gives_a_friendly_404(client, world, invited, settings):
    link = invited
    ExpertInvitation.objects.update(
        invited_at=timezone.now() - timedelta(days=settings.EXPERT_INVITATION_DAYS, hours=1)
    )
    response = client.get(link)
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.content.decode()
    assert f"{settings.EXPERT_INVITATION_DAYS} dagen" in response.content.decode()


def test_expired_invitations_are_erased(world, settings):
    old = ExpertInvitation.objects.create(
        council=world.velsen_council,
        email="oud@example.org",
        token_hash="a" * 64,
        invited_at=timezone.now() - timedelta(days=settings.EXPERT_INVITATION_DAYS + 1),
    )
    fresh = ExpertInvitation.objects.create(council=world.velsen_council, email="vers@example.org", token_hash="b" * 64)
    assert erase_expired_expert_invitations.delay().get() == 1
    assert list(ExpertInvitation.objects.all()) == [fresh]
    assert not ExpertInvitation.objects.filter(pk=old.pk).exists()
    assert services.expert_invitations_erase_expired() == 0


# --- /beheer/ --------------------------------------------------------------------------------------


def test_admin_shows_contact_details_to_superusers_only(client, world):
    profile = f.ExpertProfileFactory(council=world.velsen_council, email="geheim@example.org", phone="0255 4321")
    ExpertInvitation.objects.create(council=world.velsen_council, email="uitgenodigd@example.org", token_hash="c" * 64)
    invitation = ExpertInvitation.objects.get()
    pages = [
        reverse("admin:members_expertprofile_changelist"),
        reverse("admin:members_expertprofile_change", args=[profile.pk]),
        reverse("admin:members_expertinvitation_changelist"),
        reverse("admin:members_expertinvitation_change", args=[invitation.pk]),
    ]
    client.force_login(world.people["beheer"])
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "geheim@example.org" not in page and "0255 4321" not in page and "uitgenodigd@" not in page
        assert "c" * 64 not in page
    superuser = f.UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert "0255 4321" in client.get(pages[1]).content.decode()
    assert "uitgenodigd@example.org" in client.get(pages[3]).content.decode()
    assert "c" * 64 not in client.get(pages[3]).content.decode()
