from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfrastructureConfig(AppConfig):
    """Shared infrastructure that imports no domain app: the mail outbox, access base, health."""

    name = "infrastructure"
    verbose_name = _("Portaal")
