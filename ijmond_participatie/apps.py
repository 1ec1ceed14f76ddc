from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IjmondParticipatieConfig(AppConfig):
    """Shared infrastructure that imports no domain app: the mail outbox, access base, health."""

    name = "ijmond_participatie"
    verbose_name = _("Portaal")
