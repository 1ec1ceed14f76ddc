"""People and roles in /beheer/.

The beheerder is staff with every model permission but not a superuser (``services.beheerder_grant``).
What would give rights — superuser, staff, groups, permissions, the beheerder role, one's own seats and
roles — only a real superuser changes; the forms and permission hooks below refuse it to anyone else.
"""

# allauth's own admins register on import; importing them first lets us replace them below.
import allauth.account.admin
import allauth.mfa.admin  # noqa: F401
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from infrastructure.access import is_real_superuser

from .access import scope_for
from .forms import UserChangeForm, UserCreationForm
from .models import ExpertInvitation, ExpertProfile, Membership, NetworkOrganisation, Role, RoleAssignment, User

RIGHTS_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


class GrantForm(forms.ModelForm):
    """A seat or role form that refuses, for anyone but a superuser, what would raise someone's rights:
    granting or changing the beheerder role, and changing one's own seats and roles.

    ``acting_user`` is set per request by ``GrantAdminMixin``; unchanged rows pass, so a page that only
    shows them can still be saved.
    """

    acting_user = None

    def clean(self):
        cleaned = super().clean()
        user = self.acting_user
        if user is None or is_real_superuser(user) or not self.has_changed():
            return cleaned
        person = cleaned.get("person")
        person_id = person.pk if person is not None else self.instance.person_id
        if person_id is not None and person_id == user.pk:
            raise ValidationError(_("U kunt uw eigen zetels en rollen niet wijzigen. Vraag dit aan een superuser."))
        if _involves_beheerder(self.instance, cleaned.get("role")):
            raise ValidationError(_("Alleen een superuser geeft of wijzigt de rol beheerder."))
        return cleaned


def _involves_beheerder(instance, role) -> bool:
    if not isinstance(instance, RoleAssignment):
        return False
    if role == Role.BEHEERDER:
        return True
    stored = RoleAssignment.objects.filter(pk=instance.pk).values_list("role", flat=True).first()
    return stored == Role.BEHEERDER


class GrantInlineFormSet(forms.BaseInlineFormSet):
    acting_user = None

    def clean(self) -> None:
        super().clean()
        if self.acting_user is None or is_real_superuser(self.acting_user):
            return
        for form in self.deleted_forms:
            if form.instance.pk and _involves_beheerder(form.instance, None):
                raise ValidationError(_("Alleen een superuser geeft of wijzigt de rol beheerder."))


def _bind(cls, request):
    """A subclass of a form or formset class that knows who is acting."""
    return type(cls.__name__, (cls,), {"acting_user": request.user})


class GrantInlineMixin:
    form = GrantForm
    formset = GrantInlineFormSet

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _bind(formset.form, request)
        return _bind(formset, request)

    def _own_page(self, request, obj) -> bool:
        return obj is not None and obj.pk == request.user.pk and not is_real_superuser(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return not self._own_page(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._own_page(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._own_page(request, obj) and super().has_delete_permission(request, obj)


class GrantAdminMixin:
    form = GrantForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _bind(super().get_form(request, obj, change=change, **kwargs), request)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves a posted revert for anyone who may view; reverting is changing.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class MembershipInline(GrantInlineMixin, admin.TabularInline):
    model = Membership
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["council"]


class RoleAssignmentInline(GrantInlineMixin, admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "memberships__council", "role_assignments__role"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    inlines = [MembershipInline, RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon"), {"fields": ("full_name", "phone")}),
        (_("Voorkeuren"), {"fields": ("wants_signal_digest",)}),
        (_("Rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Data"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_real_superuser(request.user):
            fields += [name for name in RIGHTS_FIELDS if name not in fields]
            if self._guarded_account(request, obj):
                fields.append("email")
        return fields

    def _guarded_account(self, request, obj) -> bool:
        """Another staff account: changing its e-mail or password would let the beheerder take it over
        (a password reset to an address of its choosing), so only a superuser does that."""
        return (
            obj is not None
            and obj.pk != request.user.pk
            and not is_real_superuser(request.user)
            and (obj.is_staff or scope_for(obj).has_staff_role)
        )

    def user_change_password(self, request, id, form_url=""):
        if self._guarded_account(request, self.get_object(request, unquote(id))):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def _protected(self, request, obj) -> bool:
        """A superuser's account (and password) is changed by superusers only."""
        return obj is not None and obj.is_superuser and not is_real_superuser(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._protected(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._protected(request, obj) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        # The bulk "delete selected" action checks model permissions only, not the object above.
        if not is_real_superuser(request.user) and queryset.filter(is_superuser=True).exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)


@admin.register(Membership)
class MembershipAdmin(GrantAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "person",
        "council",
        "role",
        "term_start",
        "term_end",
        "appointment_decision_date",
        "delegated_from",
        "listed_publicly",
    ]
    list_filter = ["council", "role", "delegated_from", "listed_publicly"]
    search_fields = ["person__full_name", "person__email", "council__name"]
    list_select_related = ["person", "council", "delegated_from"]
    autocomplete_fields = ["person"]
    date_hierarchy = "term_start"


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(GrantAdminMixin, SimpleHistoryAdmin):
    list_display = ["person", "role", "council", "municipality", "valid_from", "valid_until"]
    list_filter = ["role", "council", "municipality"]
    search_fields = ["person__full_name", "person__email"]
    list_select_related = ["person", "council", "municipality"]
    autocomplete_fields = ["person"]

    def _protected(self, request, obj) -> bool:
        return obj is not None and obj.role == Role.BEHEERDER and not is_real_superuser(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._protected(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._protected(request, obj) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        if not is_real_superuser(request.user) and queryset.filter(role=Role.BEHEERDER).exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """A group's permissions are rights: only a superuser changes them (the beheerder is in a group)."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_real_superuser(request.user):
            fields.append("permissions")
        return fields


@admin.register(NetworkOrganisation)
class NetworkOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "contact_name", "email", "is_active"]
    list_filter = ["kind", "municipality", "is_active", "themes"]
    search_fields = ["name", "contact_name", "email"]
    list_select_related = ["municipality"]
    filter_horizontal = ["themes"]


# Residents' contact details (and what they need to take part) in the expert network are shown, searched
# and edited only by a real superuser, as on signals; the beheerder sees the rest, the name included (it is
# how a record is told apart). Status and confirmation change through the work pages.
EXPERT_CONTACT_FIELDS = ["email", "phone", "accessibility_needs", "user"]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(SimpleHistoryAdmin):
    list_display = ["name", "council", "status", "municipality", "created_at", "confirmed_at"]
    list_filter = ["council", "status", "municipality", "themes"]
    list_select_related = ["council", "municipality"]
    readonly_fields = ["status", "consent_at", "confirmed_at", "confirmed_by", "created_at"]
    filter_horizontal = ["themes"]
    date_hierarchy = "created_at"

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not is_real_superuser(request.user):
            exclude += EXPERT_CONTACT_FIELDS
        return exclude

    def get_search_fields(self, request):
        return ["name", "email"] if is_real_superuser(request.user) else ["name"]

    def has_add_permission(self, request) -> bool:
        # A person enters the network with consent only: through the sign-up or an invitation's link.
        return False


@admin.register(ExpertInvitation)
class ExpertInvitationAdmin(admin.ModelAdmin):
    """Open bulk invitations: who invited for which council, and when. Made and ended by the services only."""

    list_display = ["pk", "council", "invited_at", "invited_by"]
    list_filter = ["council"]
    list_select_related = ["council", "invited_by"]
    date_hierarchy = "invited_at"

    def get_exclude(self, request, obj=None):
        return ["token_hash"] if is_real_superuser(request.user) else ["token_hash", "email"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class SuperuserWritesMixin:
    """Read-only for everyone but a real superuser: sign-in addresses and authenticators decide who can
    log in as whom, so the beheerder may look (a helpdesk question) but not add, change or delete."""

    def has_add_permission(self, request, *args) -> bool:
        return is_real_superuser(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_real_superuser(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_real_superuser(request.user) and super().has_delete_permission(request, obj)


admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(EmailAddress)
class EmailAddressAdmin(SuperuserWritesMixin, allauth.account.admin.EmailAddressAdmin):
    pass


@admin.register(Authenticator)
class AuthenticatorAdmin(SuperuserWritesMixin, allauth.mfa.admin.AuthenticatorAdmin):
    # The TOTP secret and recovery-code seed are in ``data``: never on a page, not even a superuser's.
    exclude = ("data",)
    readonly_fields = ("user", "type", "created_at", "last_used_at")
