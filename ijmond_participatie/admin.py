from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import mail
from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipients", "created_at", "sent_at", "attempts", "has_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["subject", "to", "dedup_key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["deliver_now"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("aan"))
    def recipients(self, obj) -> str:
        return ", ".join(obj.to)

    @admin.display(description=_("fout"), boolean=True)
    def has_error(self, obj) -> bool:
        return bool(obj.last_error)

    @admin.action(description=_("Nu versturen (alleen wat nog niet verzonden is)"))
    def deliver_now(self, request, queryset):
        sent = sum(1 for pk in queryset.filter(sent_at__isnull=True).values_list("pk", flat=True) if mail.deliver(pk))
        self.message_user(request, _("%(count)s bericht(en) verzonden.") % {"count": sent}, messages.SUCCESS)
