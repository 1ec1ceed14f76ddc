"""Signals in /beheer/.

Residents' contact details are shown, searched and edited only by a real superuser; the beheerder (staff
with every model permission) sees the anonymous rest. What has a service — status and its paired fields,
duplicates, referral to the region, consent — is read-only for everyone, so that every such change goes
through the audited triage screens.
"""

from django.contrib import admin

from infrastructure.access import is_real_superuser

from .models import PendingYouthContact, Signal, SignalNote, SignalStatusChange

CONTACT_FIELDS = ["contact_name", "contact_email", "contact_phone"]


class StatusChangeInline(admin.TabularInline):
    model = SignalStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["changed_at", "changed_by", "from_status", "to_status", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class NoteInline(admin.TabularInline):
    model = SignalNote
    extra = 0
    readonly_fields = ["author", "created_at"]


@admin.register(Signal)
class SignalAdmin(admin.ModelAdmin):
    list_display = ["tracking_code", "created_at", "municipality", "theme", "channel", "status", "is_regional"]
    list_filter = ["status", "channel", "municipality", "theme", "is_regional", "speaker", "age_group"]
    search_fields = ["tracking_code", "text"]
    list_select_related = ["municipality", "theme"]
    date_hierarchy = "created_at"
    raw_id_fields = ["recorded_by", "neighbourhood", "source_organisation"]
    readonly_fields = [
        "tracking_code",
        "status",
        "status_changed_at",
        "duplicate_of",
        "taken_up_as",
        "feedback",
        "closed_at",
        "times_closed",
        "reopen_requested_at",
        "reopen_reason",
        "helped",
        "helped_answered_at",
        "is_regional",
        "referred_to_region_at",
        "contact_consent",
        "contact_erased_at",
    ]
    inlines = [StatusChangeInline, NoteInline]

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not is_real_superuser(request.user):
            exclude += CONTACT_FIELDS
        return exclude

    def get_search_fields(self, request):
        fields = list(super().get_search_fields(request))
        if is_real_superuser(request.user):
            fields += ["contact_email", "contact_name"]
        return fields


@admin.register(SignalStatusChange)
class SignalStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["signal", "changed_at", "changed_by", "from_status", "to_status", "note"]
    list_filter = ["to_status", "from_status"]
    search_fields = ["signal__tracking_code", "note"]
    list_select_related = ["signal", "changed_by"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PendingYouthContact)
class PendingYouthContactAdmin(admin.ModelAdmin):
    list_display = ["signal", "created_at"]
    list_select_related = ["signal"]
    search_fields = ["signal__tracking_code"]
    raw_id_fields = ["signal"]

    def get_exclude(self, request, obj=None):
        if is_real_superuser(request.user):
            return ["token_hash"]
        return ["token_hash", "parent_email", *CONTACT_FIELDS]


@admin.register(SignalNote)
class SignalNoteAdmin(admin.ModelAdmin):
    list_display = ["signal", "author", "created_at"]
    search_fields = ["signal__tracking_code", "text"]
    list_select_related = ["signal", "author"]
    date_hierarchy = "created_at"
    raw_id_fields = ["signal", "author"]
