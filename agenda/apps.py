from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    """The participation agenda and early-involvement requests (built in a later issue)."""

    name = "agenda"
    verbose_name = _("Participatieagenda")
