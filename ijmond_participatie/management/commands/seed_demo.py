"""Build a believable IJmond for the demo: ``python manage.py seed_demo`` (idempotent).

Each app owns how its demo rows are made (``<app>/demo.py`` with ``seed()`` and ``counts()``); this
command only orchestrates them from the bottom of the house up, handing each the rows it builds on.

``--scale large`` then adds the benchmark's volume (PostgreSQL only): each app with a large volume has a
``seed_large()`` that tops its rows up to the target with COPY, so a second run adds only what is missing.
``--signals N`` sets the number of signals (default one million) and scales the other volumes with it.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from advice import demo as advice_demo
from agenda import demo as agenda_demo
from councils import demo as councils_demo
from members import demo as members_demo
from signals import demo as signals_demo
from signals import services as signal_services
from tables import demo as tables_demo

from ...regional import demo as regional_demo
from ...regional import rollups


class Command(BaseCommand):
    help = "Vult de database met demogegevens van de IJmond (veilig om vaker te draaien)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=["small", "large"],
            default="small",
            help="small: de demo van 'make run'; large: daarbij het volume van de benchmark (alleen PostgreSQL).",
        )
        parser.add_argument(
            "--signals",
            type=int,
            default=None,
            help=f"Met --scale large: aantal signalen (standaard {signals_demo.LARGE_SIGNAL_COUNT:,}).",
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            # Demo accounts share one published password: they must never exist in production.
            raise CommandError(
                "seed_demo draait niet in productie (DJANGO_ENV=production): de demo-accounts hebben een "
                "bekend wachtwoord."
            )
        self.verbosity = options["verbosity"]
        large = options["scale"] == "large"
        signals = options["signals"]
        if signals is not None and (not large or signals < 0):
            raise CommandError("--signals hoort bij --scale large en is 0 of meer.")
        if large and connection.vendor != "postgresql":
            raise CommandError(
                "seed_demo --scale large werkt alleen met PostgreSQL (het laadt met COPY); deze database is "
                f"{connection.vendor}. Zet DATABASE_URL=postgres://… en draai het opnieuw."
            )
        with transaction.atomic():
            base = councils_demo.seed()
            members_demo.seed(councils=base.councils, municipalities=base.municipalities)
            # The councils' support requests and self-evaluations need the members above.
            councils_demo.seed_work()
            signals_demo.seed()
            agenda_demo.seed()
            tables_demo.seed()
            advice_demo.seed()
            # The agenda's demo adds residents' proposals (signals): recount the rollup of /wat-we-horen/
            # after every app, so that a second run finds every cell already there.
            signal_services.signal_counts_refresh()
            # The regional dashboard's criteria, term and good practice; it computes the rollups itself.
            regional_demo.seed()
        if large:
            self._seed_large(signals_demo.LARGE_SIGNAL_COUNT if signals is None else signals)
        counts = {
            **councils_demo.counts(),
            **members_demo.counts(),
            **signals_demo.counts(),
            **agenda_demo.counts(),
            **tables_demo.counts(),
            **advice_demo.counts(),
            **regional_demo.counts(),
        }
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Demo-accounts hebben het wachtwoord {members_demo.DEMO_PASSWORD}"))

    def _seed_large(self, signals: int) -> None:
        """The benchmark's volume, from the bottom of the house up; every volume scales with ``signals``."""
        scale = signals / signals_demo.LARGE_SIGNAL_COUNT
        began = time.monotonic()
        added = members_demo.seed_large(people=round(members_demo.LARGE_PEOPLE_COUNT * scale))
        added |= signals_demo.seed_large(total=signals, progress=self._progress)
        added |= councils_demo.seed_large(
            support_requests=round(councils_demo.LARGE_SUPPORT_COUNT * scale), progress=self._progress
        )
        added |= agenda_demo.seed_large(
            items=round(agenda_demo.LARGE_ITEM_COUNT * scale),
            requests=round(agenda_demo.LARGE_REQUEST_COUNT * scale),
            progress=self._progress,
        )
        table_began = time.monotonic()
        added |= tables_demo.seed_large(
            tables=round(tables_demo.LARGE_TABLE_COUNT * scale),
            meetings=round(tables_demo.LARGE_MEETING_COUNT * scale),
            invitations=round(tables_demo.LARGE_INVITATION_COUNT * scale),
            experts=round(tables_demo.LARGE_EXPERT_COUNT * scale),
            progress=self._progress,
        )
        self._progress(f"tafels, bijeenkomsten en uitnodigingen in {time.monotonic() - table_began:.0f} s")
        advice_began = time.monotonic()
        added |= advice_demo.seed_large(
            advice=round(advice_demo.LARGE_ADVICE_COUNT * scale),
            progress=self._progress,
        )
        self._progress(f"adviezen in {time.monotonic() - advice_began:.0f} s")
        if any(added.values()):
            self._progress("VACUUM (ANALYZE)")
            with connection.cursor() as cursor:
                # Fresh statistics for the planner, and a visibility map so that counts can use index-only
                # scans. VACUUM cannot run inside a transaction (a test's); ANALYZE alone can.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        rollup_began = time.monotonic()
        refresh = rollups.rollups_refresh()
        self._progress(f"regionale kengetallen: {refresh.rows:,} in {time.monotonic() - rollup_began:.0f} s")
        summary = ", ".join(f"{name} +{count:,}" for name, count in added.items())
        self.stdout.write(f"Groot volume: {summary} in {time.monotonic() - began:.0f} s")

    def _progress(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(f"  {message}")
