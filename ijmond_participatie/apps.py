from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IjmondParticipatieConfig(AppConfig):
    """The project package as an app: the pages composed on top of all apps and ``seed_demo``.

    Its migrations only remember that the mail outbox once lived here (now ``infrastructure``).
    """

    name = "ijmond_participatie"
    verbose_name = _("Portaal (pagina's)")

    def ready(self) -> None:
        # The region page and the councils' pages show good practice and adopted annual reports; councils
        # sits below this package and learns of them through its registry (councils.extensions).
        from .regional import page_sections

        page_sections.register()
