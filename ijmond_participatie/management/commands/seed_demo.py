"""Build a believable IJmond for the demo: ``python manage.py seed_demo`` (idempotent).

Each app owns how its demo rows are made (``<app>/demo.py`` with ``seed()`` and ``counts()``); this
command only orchestrates them from the bottom of the house up, handing each the rows it builds on.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from councils import demo as councils_demo
from members import demo as members_demo
from signals import demo as signals_demo


class Command(BaseCommand):
    help = "Vult de database met demogegevens van de IJmond (veilig om vaker te draaien)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            # Demo accounts share one published password: they must never exist in production.
            raise CommandError(
                "seed_demo draait niet in productie (DJANGO_ENV=production): de demo-accounts hebben een "
                "bekend wachtwoord."
            )
        with transaction.atomic():
            base = councils_demo.seed()
            members_demo.seed(councils=base.councils, municipalities=base.municipalities)
            signals_demo.seed()
        counts = {**councils_demo.counts(), **members_demo.counts(), **signals_demo.counts()}
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Demo-accounts hebben het wachtwoord {members_demo.DEMO_PASSWORD}"))
