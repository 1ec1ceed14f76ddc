from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Raden en gemeenten")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from members.models import Membership

        from . import cache
        from .models import Council, Municipality, Region

        # The public pages' member lists are drawn once per version (councils.cache).
        for model in (Region, Municipality, Council, Membership):
            uid = f"councils-public-{model.__name__}"
            post_save.connect(cache.bump_public_councils_version, sender=model, dispatch_uid=uid)
            post_delete.connect(cache.bump_public_councils_version, sender=model, dispatch_uid=f"{uid}-delete")
        post_save.connect(cache.bump_on_person_name, sender=get_user_model(), dispatch_uid="councils-public-person")
