"""The beheerder works in /beheer/ with every model permission, yet cannot make itself (or anyone) more.

Each test posts the admin's own change form back, as a browser would, with the escalation added.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from members.models import Membership, Role, RoleAssignment, User
from members.services import BEHEERDERS_GROUP

from ..admin_forms import admin_form_data
from ..factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer(client, world) -> User:
    user = world.people["beheer"]
    client.force_login(user)
    return user


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("super@example.org", TEST_PASSWORD, full_name="Echte Beheerder")


def _user_change(client, user: User, **changes):
    url = reverse("admin:members_user_change", args=[user.pk])
    data = admin_form_data(client.get(url), "user")
    data.update(changes)
    return client.post(url, data)


def test_beheerder_cannot_make_itself_superuser_or_grant_itself_permissions(client, beheer):
    extra = Group.objects.create(name="Alles")
    extra.permissions.set(Permission.objects.all())
    permission = Permission.objects.get(codename="change_user")
    response = _user_change(
        client,
        beheer,
        is_superuser=["on"],
        is_staff=["on"],
        groups=[str(extra.pk)],
        user_permissions=[str(permission.pk)],
        full_name=["Bram de Beheerder"],
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    beheer.refresh_from_db()
    assert beheer.full_name == "Bram de Beheerder"  # the form itself was saved …
    assert not beheer.is_superuser  # … but nothing that gives rights
    assert list(beheer.groups.values_list("name", flat=True)) == [BEHEERDERS_GROUP]
    assert not beheer.user_permissions.exists()


def test_beheerder_cannot_make_someone_else_staff_or_superuser(client, beheer, world):
    inwoner = world.people["inwoner"]
    response = _user_change(client, inwoner, is_superuser=["on"], is_staff=["on"], full_name=["Youssef"])
    assert response.status_code == 302
    inwoner.refresh_from_db()
    assert inwoner.full_name == "Youssef"
    assert not inwoner.is_staff and not inwoner.is_superuser


def test_rights_fields_are_read_only_for_the_beheerder_and_editable_for_a_superuser(client, beheer, superuser, world):
    url = reverse("admin:members_user_change", args=[world.people["inwoner"].pk])
    fields = admin_form_data(client.get(url), "user")
    assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(fields)
    client.force_login(superuser)
    fields = admin_form_data(client.get(url), "user")
    assert {"groups", "user_permissions"} <= set(fields)
    response = client.post(url, {**fields, "is_staff": ["on"]})
    assert response.status_code == 302
    assert User.objects.get(pk=world.people["inwoner"].pk).is_staff


def test_beheerder_cannot_edit_a_superuser_or_set_its_password(client, beheer, superuser):
    change_url = reverse("admin:members_user_change", args=[superuser.pk])
    assert client.get(change_url).status_code == 200  # may look …
    response = client.post(change_url, {"email": "super@example.org", "full_name": "Overgenomen", "is_active": ""})
    assert response.status_code == 403  # … not change
    password_url = reverse("admin:auth_user_password_change", args=[superuser.pk])
    assert client.get(password_url).status_code == 403
    response = client.post(password_url, {"password1": "een-ander-wachtwoord-9", "password2": "een-ander-wachtwoord-9"})
    assert response.status_code == 403
    assert client.post(reverse("admin:members_user_delete", args=[superuser.pk]), {"post": "yes"}).status_code == 403
    superuser.refresh_from_db()
    assert superuser.full_name == "Echte Beheerder" and superuser.is_active
    assert superuser.check_password(TEST_PASSWORD)


def _role_add(client, **fields):
    url = reverse("admin:members_roleassignment_add")
    data = admin_form_data(client.get(url), "roleassignment")
    data.update({k: [str(v)] for k, v in fields.items()})
    return client.post(url, data)


def test_beheerder_cannot_grant_the_beheerder_role(client, beheer, world):
    inwoner = world.people["inwoner"]
    response = _role_add(client, person=inwoner.pk, role=Role.BEHEERDER, valid_from="2026-01-01")
    assert response.status_code == 200  # the form comes back with an error
    assert not RoleAssignment.objects.filter(person=inwoner).exists()
    # Granting an ordinary role to someone else is the beheerder's work.
    response = _role_add(client, person=inwoner.pk, role=Role.ONDERSTEUNER, valid_from="2026-01-01")
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(person=inwoner, role=Role.ONDERSTEUNER).exists()


def test_beheerder_cannot_give_itself_a_role_or_a_seat(client, beheer, world):
    response = _role_add(client, person=beheer.pk, role=Role.AANJAGER, valid_from="2026-01-01")
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(person=beheer, role=Role.AANJAGER).exists()

    url = reverse("admin:members_membership_add")
    data = admin_form_data(client.get(url), "membership")
    data.update(
        person=[str(beheer.pk)],
        council=[str(world.velsen_council.pk)],
        role=["voorzitter"],
        term_start=["2026-01-01"],
        appointment_decision_date=["2025-12-01"],
    )
    assert client.post(url, data).status_code == 200
    assert not Membership.objects.filter(person=beheer).exists()


def test_beheerder_cannot_add_itself_roles_through_its_own_user_page(client, beheer, world):
    url = reverse("admin:members_user_change", args=[beheer.pk])
    data = admin_form_data(client.get(url), "user")
    data.update(
        {
            "role_assignments-TOTAL_FORMS": [str(int(data.get("role_assignments-TOTAL_FORMS", ["0"])[0]) + 1)],
            "memberships-TOTAL_FORMS": [str(int(data.get("memberships-TOTAL_FORMS", ["0"])[0]) + 1)],
        }
    )
    new_role = int(data["role_assignments-TOTAL_FORMS"][0]) - 1
    new_seat = int(data["memberships-TOTAL_FORMS"][0]) - 1
    data.update(
        {
            f"role_assignments-{new_role}-role": [Role.AANJAGER],
            f"role_assignments-{new_role}-valid_from": ["2026-01-01"],
            f"memberships-{new_seat}-council": [str(world.velsen_council.pk)],
            f"memberships-{new_seat}-role": ["voorzitter"],
            f"memberships-{new_seat}-term_start": ["2026-01-01"],
            f"memberships-{new_seat}-appointment_decision_date": ["2025-12-01"],
        }
    )
    for key in ("role_assignments-INITIAL_FORMS", "memberships-INITIAL_FORMS"):
        data.setdefault(key, ["0"])
    client.post(url, data)
    assert set(RoleAssignment.objects.filter(person=beheer).values_list("role", flat=True)) == {Role.BEHEERDER}
    assert not Membership.objects.filter(person=beheer).exists()


def test_beheerder_cannot_grant_the_beheerder_role_inline_on_someone_elses_page(client, beheer, world):
    inwoner = world.people["inwoner"]
    url = reverse("admin:members_user_change", args=[inwoner.pk])
    data = admin_form_data(client.get(url), "user")
    total = int(data["role_assignments-TOTAL_FORMS"][0])
    data.update(
        {
            "role_assignments-TOTAL_FORMS": [str(total + 1)],
            f"role_assignments-{total}-role": [Role.BEHEERDER],
            f"role_assignments-{total}-valid_from": ["2026-01-01"],
        }
    )
    client.post(url, data)
    assert not RoleAssignment.objects.filter(person=inwoner).exists()


def test_beheerder_cannot_revert_a_role_to_beheerder_through_its_history(client, beheer, world, superuser):
    colleague = world.people["ondersteuning"]
    assignment = RoleAssignment.objects.create(person=colleague, role=Role.BEHEERDER, valid_from=date(2025, 1, 1))
    old_version = assignment.history.first().history_id
    assignment.role = Role.ONDERSTEUNER
    assignment.save()
    url = reverse("admin:members_roleassignment_simple_history", args=[assignment.pk, old_version])
    data = {
        "person": str(colleague.pk),
        "role": Role.BEHEERDER,
        "valid_from": "2025-01-01",
    }
    response = client.post(url, data)
    assert response.status_code in {200, 403}
    assignment.refresh_from_db()
    assert assignment.role == Role.ONDERSTEUNER


def test_beheerder_cannot_change_a_beheerder_role_assignment(client, beheer, world):
    own = RoleAssignment.objects.get(person=beheer, role=Role.BEHEERDER)
    url = reverse("admin:members_roleassignment_change", args=[own.pk])
    response = client.post(
        url, {"person": str(world.people["inwoner"].pk), "role": Role.BEHEERDER, "valid_from": "2026-01-01"}
    )
    assert response.status_code == 403
    assert RoleAssignment.objects.get(pk=own.pk).person == beheer


def test_beheerder_cannot_add_permissions_to_its_own_group(client, beheer):
    group = Group.objects.get(name=BEHEERDERS_GROUP)
    # A permission that came later (a new model) is not in the group yet.
    later = Permission.objects.get(codename="delete_user")
    group.permissions.remove(later)
    url = reverse("admin:auth_group_change", args=[group.pk])
    data = admin_form_data(client.get(url), "group")
    data["permissions"] = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]
    data["name"] = [BEHEERDERS_GROUP]
    client.post(url, data)
    assert not group.permissions.filter(pk=later.pk).exists()


def test_beheerder_cannot_bulk_delete_a_superuser_or_a_beheerder_role(client, beheer, superuser, world):
    response = client.post(
        reverse("admin:members_user_changelist"),
        {"action": "delete_selected", "_selected_action": [str(superuser.pk)], "post": "yes"},
    )
    assert response.status_code == 403
    assert User.objects.filter(pk=superuser.pk).exists()
    colleague = RoleAssignment.objects.create(person=world.people["ondersteuning"], role=Role.BEHEERDER)
    response = client.post(
        reverse("admin:members_roleassignment_changelist"),
        {"action": "delete_selected", "_selected_action": [str(colleague.pk)], "post": "yes"},
    )
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=colleague.pk).exists()


def test_beheerder_cannot_remove_a_beheerder_role_inline(client, beheer, world):
    colleague = world.people["ondersteuning"]
    role = RoleAssignment.objects.create(person=colleague, role=Role.BEHEERDER)
    url = reverse("admin:members_user_change", args=[colleague.pk])
    data = admin_form_data(client.get(url), "user")
    index = next(i for i in range(10) if data.get(f"role_assignments-{i}-id") == [str(role.pk)])
    data[f"role_assignments-{index}-DELETE"] = ["on"]
    client.post(url, data)
    assert RoleAssignment.objects.filter(pk=role.pk).exists()


def test_beheerder_cannot_take_over_another_staff_account_by_its_email_or_password(client, beheer, world):
    chair = world.people["voorzitter_velsen"]
    response = _user_change(client, chair, email=["overname@example.org"], full_name=["Voorzitter"])
    assert response.status_code == 302
    chair.refresh_from_db()
    assert chair.email == "voorzitter.velsen@example.org"
    assert chair.full_name == "Voorzitter"
    password_url = reverse("admin:auth_user_password_change", args=[chair.pk])
    assert (
        client.post(password_url, {"password1": "Nieuw-wachtwoord-99", "password2": "Nieuw-wachtwoord-99"}).status_code
        == 403
    )
    chair.refresh_from_db()
    assert chair.check_password(TEST_PASSWORD)


def test_beheerder_still_corrects_a_residents_email(client, beheer, world):
    inwoner = world.people["inwoner"]
    assert _user_change(client, inwoner, email=["nieuw.adres@example.org"]).status_code == 302
    inwoner.refresh_from_db()
    assert inwoner.email == "nieuw.adres@example.org"


def test_sign_in_addresses_and_authenticators_are_read_only_for_the_beheerder(client, beheer, world):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    chair = world.people["voorzitter_velsen"]
    TOTP.activate(chair, "JBSWY3DPEHPK3PXP")
    authenticator = Authenticator.objects.get(user=chair)
    add = client.post(
        reverse("admin:account_emailaddress_add"),
        {"user": str(chair.pk), "email": "overname@example.org", "verified": "on", "primary": "on"},
    )
    assert add.status_code == 403
    assert not EmailAddress.objects.filter(email="overname@example.org").exists()
    delete = client.post(reverse("admin:mfa_authenticator_delete", args=[authenticator.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert Authenticator.objects.filter(pk=authenticator.pk).exists()
    page = client.get(reverse("admin:mfa_authenticator_change", args=[authenticator.pk]))
    assert page.status_code == 200
    assert "JBSWY3DPEHPK3PXP" not in page.content.decode()
