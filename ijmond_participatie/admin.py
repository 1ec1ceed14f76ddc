"""The regional dashboard's rows in /beheer/. The aanjager's term is recorded here (by the functional
administrator); criteria have their own pages for the aanjager (``/regio/criteria/``) and are here too for
corrections. Rollups and adopted reports are made by the software: read-only here."""

from django.contrib import admin

from .models import AnnualReport, CoordinatorTerm, CriterionTarget, EvaluationCriterion, GoodPractice, RollupRefresh


@admin.register(CoordinatorTerm)
class CoordinatorTermAdmin(admin.ModelAdmin):
    list_display = ("person", "starts_on", "ends_on", "reminder_sent_at")
    raw_id_fields = ("person",)
    readonly_fields = ("reminder_sent_at",)


class CriterionTargetInline(admin.TabularInline):
    model = CriterionTarget
    extra = 0


@admin.register(EvaluationCriterion)
class EvaluationCriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "metric", "term_days", "default_target", "is_active", "order")
    list_filter = ("metric", "is_active")
    raw_id_fields = ("created_by",)
    inlines = [CriterionTargetInline]


@admin.register(GoodPractice)
class GoodPracticeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "council", "marked_at")
    list_filter = ("council",)
    raw_id_fields = ("table", "advice", "marked_by")
    list_select_related = ("council", "table", "advice")


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ("council", "year", "status", "adopted_on")
    list_filter = ("council", "status")
    # Adoption (and its frozen PDF) runs through the work pages; here the row is for looking things up.
    readonly_fields = ("status", "adopted_on", "adopted_by", "pdf", "pdf_sha256")
    list_select_related = ("council",)


@admin.register(RollupRefresh)
class RollupRefreshAdmin(admin.ModelAdmin):
    """When the dashboard's figures were rebuilt and how long it took (the rows themselves are not listed)."""

    list_display = ("finished_at", "duration_ms", "rows")
    readonly_fields = ("finished_at", "duration_ms", "rows")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
