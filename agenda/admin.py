from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, EarlyInvolvementRequest, ParticipationAdvice, RecommendedGroup


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ("title", "council", "origin", "status", "planned_year", "planned_quarter", "is_public")
    list_filter = ("council", "origin", "status", "is_public")
    search_fields = ("title",)
    autocomplete_fields = ("themes", "neighbourhoods")
    # Signals carry residents' texts and contact details: linked by id, never listed in a widget.
    raw_id_fields = ("signals", "owner", "municipal_contact", "request", "created_by")
    list_select_related = ("council",)


class RecommendedGroupInline(admin.TabularInline):
    model = RecommendedGroup
    extra = 0


@admin.register(ParticipationAdvice)
class ParticipationAdviceAdmin(SimpleHistoryAdmin):
    list_display = ("request", "given_at", "council_runs_table")
    raw_id_fields = ("request", "given_by")
    filter_horizontal = ("network_organisations",)
    inlines = [RecommendedGroupInline]
    list_select_related = ("request",)


@admin.register(EarlyInvolvementRequest)
class EarlyInvolvementRequestAdmin(SimpleHistoryAdmin):
    list_display = ("title", "council", "municipality", "phase_at_filing", "status", "wanted_by")
    list_filter = ("council", "municipality", "status", "phase_at_filing")
    search_fields = ("title",)
    autocomplete_fields = ("themes", "neighbourhoods")
    raw_id_fields = ("filed_by", "acknowledged_by")
    readonly_fields = ("phase_at_filing",)
    list_select_related = ("council", "municipality")
