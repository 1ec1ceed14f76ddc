"""Formal solicited and unsolicited advice.

At the top of the domain flow, so an advice can point to the early-involvement request, the agenda items
and the tables it came from.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdviceConfig(AppConfig):
    name = "advice"
    verbose_name = _("Adviezen")

    def ready(self) -> None:
        # Advice's block in the members' digest: signals offers the hook and never imports advice.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from signals.extensions import register_digest_section, register_outcome_version_key

        from .cache import VERSION_KEY
        from .digest import digest_section

        register_digest_section(digest_section)
        # A signal's follow page lists its published advice, cached under this version.
        register_outcome_version_key(VERSION_KEY)

        from .cache import bump_public_advice_version
        from .models import Advice, CollegeResponse, Recommendation

        for model in (Advice, Recommendation, CollegeResponse):
            post_save.connect(
                bump_public_advice_version, sender=model, dispatch_uid=f"advice-version-save-{model.__name__}"
            )
            post_delete.connect(
                bump_public_advice_version, sender=model, dispatch_uid=f"advice-version-delete-{model.__name__}"
            )
        for relation in (Advice.themes, Advice.agenda_items, Advice.tables, Advice.signals):
            m2m_changed.connect(
                bump_public_advice_version,
                sender=relation.through,
                dispatch_uid=f"advice-version-{relation.field.name}",
            )
