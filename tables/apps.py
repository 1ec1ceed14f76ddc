from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TablesConfig(AppConfig):
    """Temporary participation tables and meetings (built in a later issue)."""

    name = "tables"
    verbose_name = _("Participatietafels")
