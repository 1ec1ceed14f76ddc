from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    """The participation agenda and early-involvement requests."""

    name = "agenda"
    verbose_name = _("Participatieagenda")

    def ready(self) -> None:
        # The agenda's actions on a signal's triage page and its block in the members' digest: signals
        # offers the hooks (signals.extensions) and never imports the agenda.
        from signals.extensions import register_digest_section, register_triage_actions

        from .digest import digest_section
        from .triage import triage_actions

        register_triage_actions(triage_actions)
        register_digest_section(digest_section)

        # The public agenda's drawn pages are cached per version (agenda.cache): every change to what
        # they show starts a new version.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from councils.models import Council, Neighbourhood, Theme
        from signals.extensions import register_outcome_version_key

        from .cache import VERSION_KEY, bump_public_agenda_version
        from .models import AgendaItem

        # A signal's follow page lists its public agenda items, cached under this version.
        register_outcome_version_key(VERSION_KEY)

        for model in (AgendaItem, Council, Theme, Neighbourhood):
            post_save.connect(
                bump_public_agenda_version, sender=model, dispatch_uid=f"agenda-version-save-{model.__name__}"
            )
            post_delete.connect(
                bump_public_agenda_version, sender=model, dispatch_uid=f"agenda-version-delete-{model.__name__}"
            )
        for relation in (AgendaItem.themes, AgendaItem.neighbourhoods, AgendaItem.signals):
            m2m_changed.connect(
                bump_public_agenda_version,
                sender=relation.through,
                dispatch_uid=f"agenda-version-{relation.field.name}",
            )
