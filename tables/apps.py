from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TablesConfig(AppConfig):
    """Temporary participation tables and meetings."""

    name = "tables"
    verbose_name = _("Participatietafels")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from agenda.cache import bump_public_agenda_version
        from agenda.models import AgendaItem
        from councils.models import Council, Municipality, Neighbourhood, Theme
        from members.models import Membership
        from signals.extensions import register_outcome_version_key

        from .cache import VERSION_KEY, bump_on_person_name, bump_public_tables_version
        from .models import Meeting, Seat, Table

        # A signal's follow page lists its public tables, cached under this version (also when a table's
        # signals change, below).
        register_outcome_version_key(VERSION_KEY)

        # An agenda item's public page lists its public tables (agenda.selectors.public.public_outcomes)
        # and is cached per version of the public agenda (agenda.cache): a table's change starts a new one.
        post_save.connect(bump_public_agenda_version, sender=Table, dispatch_uid="tables-agenda-version-save")
        post_delete.connect(bump_public_agenda_version, sender=Table, dispatch_uid="tables-agenda-version-delete")

        # The public table pages are cached per version (tables.cache): every change to what they show
        # starts a new one.
        shown = (Table, Seat, Meeting, Membership, AgendaItem, Council, Municipality, Theme, Neighbourhood)
        for model in shown:
            post_save.connect(
                bump_public_tables_version, sender=model, dispatch_uid=f"tables-version-save-{model.__name__}"
            )
            post_delete.connect(
                bump_public_tables_version, sender=model, dispatch_uid=f"tables-version-delete-{model.__name__}"
            )
        for relation in (Table.themes, Table.neighbourhoods, Table.signals):
            m2m_changed.connect(
                bump_public_tables_version,
                sender=relation.through,
                dispatch_uid=f"tables-version-{relation.field.name}",
            )
        user = get_user_model()
        post_save.connect(bump_on_person_name, sender=user, dispatch_uid="tables-version-save-person")
        post_delete.connect(bump_public_tables_version, sender=user, dispatch_uid="tables-version-delete-person")
