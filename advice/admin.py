"""Advice in /beheer/: for the functional administrator to look things up and fix links. The workflow
itself (adoption, sending, the response) runs through the work pages and ``advice.services``; an adopted
advice's text cannot be changed here either (``Advice.save`` refuses)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Advice, AdviceNumberCounter, CollegeResponse, Recommendation


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ("number", "title", "text", "verdict", "verdict_reasons")


@admin.register(Advice)
class AdviceAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "council", "kind", "status", "adopted_on", "response_due_on", "published_on")
    list_filter = ("council", "kind", "status")
    search_fields = ("number", "subject")
    autocomplete_fields = ("themes",)
    # Signals carry residents' texts and contact details: linked by id, never listed in a widget.
    raw_id_fields = ("request", "agenda_items", "tables", "signals", "corrects", "created_by")
    readonly_fields = (
        "status",
        "number",
        "adopted_on",
        "adopted_by",
        "signed_by_chair",
        "signed_by_secretary",
        "pdf_sha256",
        "pdf_rendered_at",
        "sent_at",
        "sent_by",
        "response_due_on",
        "closed_at",
    )
    inlines = [RecommendationInline]
    list_select_related = ("council",)


@admin.register(CollegeResponse)
class CollegeResponseAdmin(SimpleHistoryAdmin):
    list_display = ("advice", "received_on", "recorded_at")
    raw_id_fields = ("advice", "recorded_by")
    readonly_fields = ("letter_pdf_sha256",)
    list_select_related = ("advice",)


@admin.register(AdviceNumberCounter)
class AdviceNumberCounterAdmin(admin.ModelAdmin):
    list_display = ("council", "year", "last_sequence")
    list_filter = ("council", "year")
    # The counter is the numbering's lock: read-only here, changed only by adoption.
    readonly_fields = ("council", "year", "last_sequence")

    def has_add_permission(self, request) -> bool:
        return False
