from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .forms import UserChangeForm, UserCreationForm
from .models import Membership, NetworkOrganisation, RoleAssignment, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["council"]


class RoleAssignmentInline(admin.TabularInline):
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
        (_("Rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Data"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = [
        "person",
        "council",
        "role",
        "term_start",
        "term_end",
        "appointment_decision_date",
        "delegated_from",
    ]
    list_filter = ["council", "role", "delegated_from"]
    search_fields = ["person__full_name", "person__email", "council__name"]
    list_select_related = ["person", "council", "delegated_from"]
    autocomplete_fields = ["person"]
    date_hierarchy = "term_start"


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "council", "municipality", "valid_from", "valid_until"]
    list_filter = ["role", "council", "municipality"]
    search_fields = ["person__full_name", "person__email"]
    list_select_related = ["person", "council", "municipality"]
    autocomplete_fields = ["person"]


@admin.register(NetworkOrganisation)
class NetworkOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "contact_name", "email", "is_active"]
    list_filter = ["kind", "municipality", "is_active", "themes"]
    search_fields = ["name", "contact_name", "email"]
    list_select_related = ["municipality"]
    filter_horizontal = ["themes"]
