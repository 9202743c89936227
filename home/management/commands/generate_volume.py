import time

from django.core.management.base import BaseCommand
from django.db import connection
from tqdm import tqdm

from home.volume import BASE, generate


class Command(BaseCommand):
    help = (
        "Maakt volume voor de benchmarks: bij --scale 1 "
        + ", ".join(f"{n:,} {k}".replace(",", ".") for k, n in BASE.items())
        + "; --scale 10 voor de groeimeting. Voor een benchmarkdatabase, niet voor productie."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-progress", action="store_true", help="Geen voortgangsbalk tonen.")

    def handle(self, scale, seed, no_progress=False, **options):
        def progress(name, total):
            return tqdm(total=total, desc=name, unit="rij", disable=no_progress or None)

        started = time.monotonic()
        counts = generate(scale=scale, seed=seed, progress=progress)
        made = ", ".join(f"{k} {v}" for k, v in counts.items())
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Gemaakt in {elapsed:.0f} s: {made}"))
        if connection.vendor == "postgresql":
            # What autovacuum does to a database in use after such inserts: fresh statistics for
            # the planner, and a visibility map, so that a count can read an index alone.
            # VACUUM cannot run inside a transaction (a test's); ANALYZE can.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute(command)
            self.stdout.write(f"{command} in {time.monotonic() - started:.0f} s")
