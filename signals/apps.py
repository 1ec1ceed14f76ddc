from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    """Signals from residents and network partners, and flash polls (built in a later issue)."""

    name = "signals"
    verbose_name = _("Signalen")
