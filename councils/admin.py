from django.contrib import admin
from django.db import models

from .models import (
    Council,
    Municipality,
    Neighbourhood,
    Region,
    SelfEvaluation,
    SelfEvaluationAnswer,
    SupportRequest,
    Theme,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class NeighbourhoodInline(admin.TabularInline):
    model = Neighbourhood
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "region", "advice_response_weeks", "woo_publication_weeks"]
    list_filter = ["region"]
    search_fields = ["name", "cbs_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NeighbourhoodInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "cbs_code"]
    list_filter = ["municipality"]
    search_fields = ["name", "cbs_code"]
    list_select_related = ["municipality"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "law"]
    list_filter = ["law"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "municipality", "region", "member_count"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "code"]
    list_select_related = ["municipality", "region"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_member_count()

    @admin.display(description="leden nu", ordering="member_count")
    def member_count(self, obj) -> int:
        return obj.member_count


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "council", "kind", "status", "wanted_by", "requested_at", "closed_at"]
    list_filter = ["status", "kind", "council"]
    search_fields = ["title"]
    date_hierarchy = "requested_at"
    list_select_related = ["council"]
    raw_id_fields = ["requested_by", "handled_by"]


class SelfEvaluationAnswerInline(admin.TabularInline):
    model = SelfEvaluationAnswer
    extra = 0


@admin.register(SelfEvaluation)
class SelfEvaluationAdmin(admin.ModelAdmin):
    list_display = ["council", "year", "status", "updated_at", "submitted_at"]
    list_filter = ["status", "year", "council"]
    list_select_related = ["council"]
    raw_id_fields = ["updated_by", "submitted_by"]
    inlines = [SelfEvaluationAnswerInline]
