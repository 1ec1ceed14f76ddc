"""Build a believable IJmond for the demo: ``python manage.py seed_demo`` (idempotent).

Later issues add their demo data here (signals, agenda, tables, advice …), each in a function of
``ijmond_participatie/demo.py`` that uses natural keys so that a second run changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ijmond_participatie import demo


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
            counts = demo.seed()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Demo-accounts hebben het wachtwoord {demo.DEMO_PASSWORD}"))
