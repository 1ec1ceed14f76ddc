from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import Meeting, Table

# Seats, join requests, invitations and calendar feeds hold residents' and guests' names and addresses:
# they are managed on the work pages (scoped per council), not listed in the admin.


@admin.register(Table)
class TableAdmin(SimpleHistoryAdmin):
    list_display = ("title", "council", "origin", "status", "is_public", "planned_start")
    list_filter = ("council", "status", "origin", "is_public")
    search_fields = ("title",)
    autocomplete_fields = ("themes", "neighbourhoods")
    raw_id_fields = ("request", "agenda_item", "signals", "created_by")
    list_select_related = ("council",)


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "council", "kind", "starts_at", "cancelled_at")
    list_filter = ("council", "kind")
    search_fields = ("title",)
    raw_id_fields = ("table", "created_by")
    readonly_fields = ("uid", "sequence")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # noqa: RUF012 - Django's own API
    list_select_related = ("council",)
