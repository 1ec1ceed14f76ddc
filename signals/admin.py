from django.contrib import admin

from .models import PendingYouthContact, Signal, SignalNote, SignalStatusChange


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
    raw_id_fields = ["duplicate_of", "recorded_by", "neighbourhood", "source_organisation"]
    # Status changes go through the triage screens (services) so that they are audited.
    readonly_fields = ["tracking_code", "status", "status_changed_at", "closed_at", "times_closed", "feedback"]
    inlines = [StatusChangeInline, NoteInline]


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
    exclude = ["token_hash"]


@admin.register(SignalNote)
class SignalNoteAdmin(admin.ModelAdmin):
    list_display = ["signal", "author", "created_at"]
    search_fields = ["signal__tracking_code", "text"]
    list_select_related = ["signal", "author"]
    date_hierarchy = "created_at"
    raw_id_fields = ["signal", "author"]
