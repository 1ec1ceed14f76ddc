from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TablesConfig(AppConfig):
    """Temporary participation tables and meetings."""

    name = "tables"
    verbose_name = _("Participatietafels")

    def ready(self) -> None:
        # An agenda item's public page lists its public tables (agenda.selectors.public.public_outcomes)
        # and is cached per version of the public agenda (agenda.cache): a table's change starts a new one.
        from django.db.models.signals import post_delete, post_save

        from agenda.cache import bump_public_agenda_version

        from .models import Table

        post_save.connect(bump_public_agenda_version, sender=Table, dispatch_uid="tables-agenda-version-save")
        post_delete.connect(bump_public_agenda_version, sender=Table, dispatch_uid="tables-agenda-version-delete")
